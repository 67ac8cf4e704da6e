//! The five metrics for a window, as dora.dev defines them:
//!
//! - deployment frequency: successful deployments per day, and the days
//!   with a deployment per week;
//! - change lead time: from a change's commit (or its pull request's first
//!   commit) to the first successful deployment that brought it; median
//!   and p90;
//! - change failure rate: deployments that failed or caused an incident,
//!   over all deployments;
//! - failed deployment recovery time: from a failed deployment to the next
//!   successful one, and from an incident a deployment caused to its
//!   resolution; median;
//! - deployment rework rate: deployments made because of an incident
//!   (marked unplanned, or made while one was open) over all deployments.
//!
//! Deployments count in the window they happened in; an incident counts
//! with the deployment it is linked to. A metric without data is `None`.

use std::collections::BTreeSet;

use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde::Serialize;

use super::link::Link;
use super::model::{ServiceData, Status};
use super::stats::{median, percentile};
use super::window::Window;

/// The raw facts of a window, which services pool in a rollup.
#[derive(Debug, Clone, Default)]
struct Facts {
    deployments: usize,
    successful: usize,
    lead_times: Vec<i64>,
    failures: usize,
    recoveries: Vec<i64>,
    unresolved: usize,
    unplanned: usize,
    /// UTC dates with a successful deployment (of any service pooled).
    deploy_days: BTreeSet<Date>,
    /// Per week of the window: successful deployments and lead times.
    weeks: Vec<(usize, Vec<i64>)>,
}

impl Facts {
    fn merge(&mut self, other: Facts) {
        self.deployments += other.deployments;
        self.successful += other.successful;
        self.lead_times.extend(other.lead_times);
        self.failures += other.failures;
        self.recoveries.extend(other.recoveries);
        self.unresolved += other.unresolved;
        self.unplanned += other.unplanned;
        self.deploy_days.extend(other.deploy_days);
        if self.weeks.len() < other.weeks.len() {
            self.weeks.resize(other.weeks.len(), (0, Vec::new()));
        }
        for (mine, theirs) in self.weeks.iter_mut().zip(other.weeks) {
            mine.0 += theirs.0;
            mine.1.extend(theirs.1);
        }
    }
}

/// The metrics of one window. Times in seconds; rates as fractions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub deployments: usize,
    pub successful_deployments: usize,
    pub deployments_per_day: Option<f64>,
    pub deploy_days_per_week: Option<f64>,
    pub changes: usize,
    pub lead_time_median_seconds: Option<i64>,
    pub lead_time_p90_seconds: Option<i64>,
    pub failed_deployments: usize,
    pub change_failure_rate: Option<f64>,
    pub recoveries: usize,
    pub unresolved_failures: usize,
    pub recovery_time_median_seconds: Option<i64>,
    pub unplanned_deployments: usize,
    pub rework_rate: Option<f64>,
}

/// One week of the window, for charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    pub start: Timestamp,
    pub deployments: usize,
    pub lead_time_median_seconds: Option<i64>,
}

/// A service (or a rollup) measured over a window and the one before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    pub current: Metrics,
    pub previous: Metrics,
    pub weeks: Vec<Week>,
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Metrics {
    fn from_facts(mut facts: Facts, window: &Window) -> Metrics {
        facts.lead_times.sort_unstable();
        facts.recoveries.sort_unstable();
        let days = window.days();
        let per_day = |n: usize| (n > 0 && days > 0.0).then(|| n as f64 / days);
        Metrics {
            deployments: facts.deployments,
            successful_deployments: facts.successful,
            deployments_per_day: per_day(facts.successful),
            deploy_days_per_week: per_day(facts.successful)
                .map(|_| facts.deploy_days.len() as f64 * 7.0 / days),
            changes: facts.lead_times.len(),
            lead_time_median_seconds: median(&facts.lead_times),
            lead_time_p90_seconds: percentile(&facts.lead_times, 90),
            failed_deployments: facts.failures,
            change_failure_rate: ratio(facts.failures, facts.deployments),
            recoveries: facts.recoveries.len(),
            unresolved_failures: facts.unresolved,
            recovery_time_median_seconds: median(&facts.recoveries),
            unplanned_deployments: facts.unplanned,
            rework_rate: ratio(facts.unplanned, facts.deployments),
        }
    }
}

fn utc_date(time: Timestamp) -> Date {
    time.to_zoned_datetime(TimeZone::UTC).date()
}

/// The facts of one service in `window`.
fn facts(data: &ServiceData, links: &[Link], window: &Window) -> Facts {
    let week_count = (window.days() / 7.0).ceil().max(1.0) as usize;
    let mut facts = Facts {
        weeks: vec![(0, Vec::new()); week_count],
        ..Facts::default()
    };
    for (index, deployment) in data.deployments.iter().enumerate() {
        if !window.contains(deployment.time) {
            continue;
        }
        facts.deployments += 1;
        let week = (deployment.time.duration_since(window.from).as_secs() / (7 * 86_400)) as usize;
        let week = week.min(week_count - 1);
        if deployment.status == Status::Success {
            facts.successful += 1;
            facts.deploy_days.insert(utc_date(deployment.time));
            let lead_times = deployment.lead_times();
            facts.weeks[week].0 += 1;
            facts.weeks[week].1.extend(&lead_times);
            facts.lead_times.extend(lead_times);
        }
        let caused: Vec<&Link> = links
            .iter()
            .filter(|l| l.deployment == Some(index))
            .collect();
        if deployment.status == Status::Failure || !caused.is_empty() {
            facts.failures += 1;
        }
        if deployment.status == Status::Failure {
            let next = data.deployments[index + 1..]
                .iter()
                .find(|d| d.status == Status::Success && d.time >= deployment.time);
            match next {
                Some(next) => facts
                    .recoveries
                    .push(next.time.duration_since(deployment.time).as_secs()),
                None => facts.unresolved += 1,
            }
        }
        for link in caused {
            let incident = &data.incidents[link.incident];
            match incident.resolved {
                Some(resolved) => facts
                    .recoveries
                    .push(resolved.duration_since(incident.opened).as_secs().max(0)),
                None => facts.unresolved += 1,
            }
        }
        let during_incident = data
            .incidents
            .iter()
            .any(|i| i.opened <= deployment.time && i.resolved.is_none_or(|r| deployment.time < r));
        if deployment.unplanned || during_incident {
            facts.unplanned += 1;
        }
    }
    facts
}

fn weeks(facts: &Facts, window: &Window) -> Vec<Week> {
    facts
        .weeks
        .iter()
        .enumerate()
        .map(|(i, (deployments, lead_times))| {
            let mut sorted = lead_times.clone();
            sorted.sort_unstable();
            Week {
                start: window.from + jiff::SignedDuration::from_hours(24 * 7 * i as i64),
                deployments: *deployments,
                lead_time_median_seconds: median(&sorted),
            }
        })
        .collect()
}

/// One service over `window` and the window before it.
pub fn measure(data: &ServiceData, links: &[Link], window: &Window) -> Measured {
    rollup(&[(data, links)], window)
}

/// Services together: every change, deployment and recovery pooled (medians
/// over all changes, not medians of medians).
pub fn rollup(services: &[(&ServiceData, &[Link])], window: &Window) -> Measured {
    let previous_window = window.previous();
    let mut current = Facts::default();
    let mut previous = Facts::default();
    for (data, links) in services {
        current.merge(facts(data, links, window));
        previous.merge(facts(data, links, &previous_window));
    }
    Measured {
        weeks: weeks(&current, window),
        current: Metrics::from_facts(current, window),
        previous: Metrics::from_facts(previous, &previous_window),
    }
}
