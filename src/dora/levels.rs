//! Performance levels (elite, high, medium, low) from the DORA report's
//! thresholds: the 2023 report's by default, each overridable in plat.yaml.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Elite,
    High,
    Medium,
    Low,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Elite => "elite",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }
}

/// The bounds of elite, high and medium; past the last one is low.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub elite: f64,
    pub high: f64,
    pub medium: f64,
}

impl Thresholds {
    /// For metrics where more is better (deployments per day): at least.
    fn at_least(&self, value: f64) -> Level {
        if value >= self.elite {
            Level::Elite
        } else if value >= self.high {
            Level::High
        } else if value >= self.medium {
            Level::Medium
        } else {
            Level::Low
        }
    }

    /// For times: less than.
    fn less_than(&self, value: f64) -> Level {
        if value < self.elite {
            Level::Elite
        } else if value < self.high {
            Level::High
        } else if value < self.medium {
            Level::Medium
        } else {
            Level::Low
        }
    }

    /// For rates: at most.
    fn at_most(&self, value: f64) -> Level {
        if value <= self.elite {
            Level::Elite
        } else if value <= self.high {
            Level::High
        } else if value <= self.medium {
            Level::Medium
        } else {
            Level::Low
        }
    }
}

const DAY: f64 = 86_400.0;

/// Thresholds for each metric. Times are in seconds, frequencies in
/// deployments per day, rates as fractions.
#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    /// Which table: `dora-2023`, or `plat.yaml` when overridden.
    pub name: String,
    pub deployment_frequency: Thresholds,
    pub lead_time: Thresholds,
    pub change_failure_rate: Thresholds,
    pub recovery_time: Thresholds,
    /// The 2023 report has no rework rate (it came in 2024 without levels).
    pub rework_rate: Option<Thresholds>,
}

impl Levels {
    /// Accelerate State of DevOps Report 2023, as Apache DevLake reads its
    /// clusters into thresholds (README: `plat dora`, Performance levels).
    pub fn dora_2023() -> Levels {
        Levels {
            name: "dora-2023".into(),
            // On demand (daily or more), weekly, monthly.
            deployment_frequency: Thresholds {
                elite: 1.0,
                high: 1.0 / 7.0,
                medium: 1.0 / 30.0,
            },
            // Under a day, a week, a month.
            lead_time: Thresholds {
                elite: DAY,
                high: 7.0 * DAY,
                medium: 30.0 * DAY,
            },
            change_failure_rate: Thresholds {
                elite: 0.05,
                high: 0.10,
                medium: 0.15,
            },
            // Under an hour, a day, a week.
            recovery_time: Thresholds {
                elite: 3_600.0,
                high: DAY,
                medium: 7.0 * DAY,
            },
            rework_rate: None,
        }
    }

    pub fn deployment_frequency(&self, per_day: f64) -> Level {
        self.deployment_frequency.at_least(per_day)
    }

    pub fn lead_time(&self, seconds: i64) -> Level {
        self.lead_time.less_than(seconds as f64)
    }

    pub fn change_failure_rate(&self, rate: f64) -> Level {
        self.change_failure_rate.at_most(rate)
    }

    pub fn recovery_time(&self, seconds: i64) -> Level {
        self.recovery_time.less_than(seconds as f64)
    }

    pub fn rework_rate(&self, rate: f64) -> Option<Level> {
        self.rework_rate.map(|t| t.at_most(rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_of_the_2023_table() {
        let l = Levels::dora_2023();
        assert_eq!(l.deployment_frequency(1.0), Level::Elite);
        assert_eq!(l.deployment_frequency(0.99), Level::High);
        assert_eq!(l.deployment_frequency(1.0 / 7.0), Level::High);
        assert_eq!(l.deployment_frequency(1.0 / 30.0), Level::Medium);
        assert_eq!(l.deployment_frequency(0.03), Level::Low);
        assert_eq!(l.lead_time(86_399), Level::Elite);
        assert_eq!(l.lead_time(86_400), Level::High);
        assert_eq!(l.lead_time(7 * 86_400), Level::Medium);
        assert_eq!(l.lead_time(30 * 86_400), Level::Low);
        assert_eq!(l.change_failure_rate(0.05), Level::Elite);
        assert_eq!(l.change_failure_rate(0.0501), Level::High);
        assert_eq!(l.change_failure_rate(0.15), Level::Medium);
        assert_eq!(l.change_failure_rate(0.16), Level::Low);
        assert_eq!(l.recovery_time(3_599), Level::Elite);
        assert_eq!(l.recovery_time(3_600), Level::High);
        assert_eq!(l.recovery_time(7 * 86_400), Level::Low);
        assert_eq!(l.rework_rate(0.5), None);
    }
}
