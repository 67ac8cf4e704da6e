//! What the metrics are made of: deployments (with the changes each one
//! brought to production) and incidents.

use jiff::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Success,
    /// Failed and needed intervention.
    Failure,
}

/// One deployment to the environment measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub time: Timestamp,
    pub version: Option<String>,
    pub sha: Option<String>,
    pub status: Status,
    /// Made because of an incident (a record's `unplanned: true`).
    pub unplanned: bool,
    /// Who deployed it, when the source says: the annotated tag's tagger,
    /// the GitHub deployment's creator, a record's `by`.
    pub by: Option<String>,
    /// Where it was read, for messages: `tag v1.2.0`, `deploys.csv:12`.
    pub origin: String,
    /// The commits this deployment first brought to production.
    pub changes: Vec<Change>,
}

impl Deployment {
    /// The lead times of its changes, in seconds, in the changes' order.
    pub fn lead_times(&self) -> Vec<i64> {
        self.changes
            .iter()
            .map(|c| c.lead_time(self.time))
            .collect()
    }
}

/// A commit, with when work on it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub sha: String,
    /// The commit's author time.
    pub committed: Timestamp,
    /// The first commit of the pull request it squashes, when known.
    pub first_commit: Option<Timestamp>,
}

impl Change {
    /// Where its lead time starts.
    pub fn start(&self) -> Timestamp {
        self.first_commit.unwrap_or(self.committed)
    }

    /// Its lead time to a deployment at `deployed`, in seconds (never
    /// negative: a commit dated after its deployment counts as 0).
    pub fn lead_time(&self, deployed: Timestamp) -> i64 {
        deployed.duration_since(self.start()).as_secs().max(0)
    }
}

/// An incident in production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: String,
    pub opened: Timestamp,
    pub resolved: Option<Timestamp>,
    /// The version or commit that caused it, when the record says.
    pub caused_by: Option<String>,
    pub origin: String,
}

/// Everything known about one service.
#[derive(Debug, Clone, Default)]
pub struct ServiceData {
    /// The entity's name.
    pub name: String,
    /// Sorted by time.
    pub deployments: Vec<Deployment>,
    /// Sorted by opening time.
    pub incidents: Vec<Incident>,
    /// What was read and from where, for `-v` and JSON.
    pub sources: Vec<String>,
    /// Things worth knowing that did not stop the measurement.
    pub notes: Vec<String>,
}

impl ServiceData {
    pub fn sort(&mut self) {
        self.deployments
            .sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.origin.cmp(&b.origin)));
        self.incidents
            .sort_by(|a, b| a.opened.cmp(&b.opened).then_with(|| a.id.cmp(&b.id)));
    }
}
