//! The verdict CI gates on: healthy (0), degraded (1), error (2).

use serde::Serialize;

use super::detect::Finding;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// Everything found runs as asked.
    Healthy,
    /// Problems were found, or nothing runs at all.
    Degraded,
    /// A cluster could not be read (unreachable, rejected credentials,
    /// forbidden): what runs there is unknown.
    Error,
}

impl Health {
    pub fn word(self) -> &'static str {
        match self {
            Health::Healthy => "healthy",
            Health::Degraded => "degraded",
            Health::Error => "error",
        }
    }
}

/// One cluster's verdict.
pub fn of_cluster(errors: usize, findings: &[Finding]) -> Health {
    if errors > 0 {
        Health::Error
    } else if findings.is_empty() {
        Health::Healthy
    } else {
        Health::Degraded
    }
}

/// The whole verdict: the worst cluster's; nothing found anywhere (and
/// every cluster read) is degraded, since the service does not run.
pub fn overall(clusters: &[Health], found_anything: bool) -> Health {
    let worst = clusters.iter().copied().max().unwrap_or(Health::Error);
    if worst == Health::Healthy && !found_anything {
        Health::Degraded
    } else {
        worst
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_cluster_decides_and_nothing_found_is_degraded() {
        assert_eq!(of_cluster(1, &[]), Health::Error);
        assert_eq!(of_cluster(0, &[]), Health::Healthy);
        assert_eq!(
            overall(&[Health::Healthy, Health::Degraded], true),
            Health::Degraded
        );
        assert_eq!(
            overall(&[Health::Error, Health::Healthy], true),
            Health::Error
        );
        assert_eq!(overall(&[Health::Healthy], false), Health::Degraded);
        assert_eq!(overall(&[Health::Healthy], true), Health::Healthy);
    }
}
