//! Workflow runs, their jobs and the jobs' steps, as GitHub Actions
//! reports them. Statuses and conclusions stay GitHub's words (`queued`,
//! `in_progress`, `completed`; `success`, `failure`, `cancelled`, ...):
//! GitHub adds values now and then, and plat shows them as they come.

use jiff::Timestamp;
use serde::Serialize;

/// One run of a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub id: u64,
    /// The workflow's name.
    pub workflow: String,
    /// What the run shows as its title (a commit message, a pull request's title).
    pub title: Option<String>,
    pub run_number: Option<u64>,
    pub attempt: Option<u64>,
    pub status: String,
    /// Once completed.
    pub conclusion: Option<String>,
    /// What started it: `push`, `pull_request`, `schedule`, ...
    pub event: String,
    pub branch: Option<String>,
    pub sha: String,
    /// The first line of the head commit's message.
    pub commit_message: Option<String>,
    pub actor: Option<String>,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    /// From its start to its last update, once completed.
    pub duration_seconds: Option<i64>,
    /// The run's page on GitHub.
    pub url: String,
}

/// A job of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: u64,
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub duration_seconds: Option<i64>,
    pub runner: Option<String>,
    /// The job's page on GitHub.
    pub url: String,
    pub steps: Vec<Step>,
}

/// A step of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub number: u64,
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub duration_seconds: Option<i64>,
}

/// The conclusions that mean a run failed, as `gh run view --exit-status`
/// counts them: a success, a neutral or a skipped run has not failed, and
/// neither has one that is still going.
const FAILED: [&str; 5] = [
    "failure",
    "cancelled",
    "timed_out",
    "action_required",
    "startup_failure",
];

impl Run {
    pub fn completed(&self) -> bool {
        self.status == "completed"
    }

    /// It completed with a conclusion that needs someone to look.
    pub fn failed(&self) -> bool {
        self.completed()
            && self
                .conclusion
                .as_deref()
                .is_some_and(|c| FAILED.contains(&c))
    }
}

/// Seconds from `from` to `to`, when both are known (never negative).
pub fn seconds_between(from: Option<Timestamp>, to: Option<Timestamp>) -> Option<i64> {
    Some(to?.duration_since(from?).as_secs().max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(status: &str, conclusion: Option<&str>) -> Run {
        let at: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        Run {
            id: 1,
            workflow: "CI".into(),
            title: None,
            run_number: Some(1),
            attempt: Some(1),
            status: status.into(),
            conclusion: conclusion.map(str::to_string),
            event: "push".into(),
            branch: Some("main".into()),
            sha: "a".repeat(40),
            commit_message: None,
            actor: None,
            created_at: at,
            started_at: Some(at),
            updated_at: at,
            duration_seconds: None,
            url: String::new(),
        }
    }

    #[test]
    fn failed_runs_are_the_ones_gh_counts() {
        for conclusion in FAILED {
            assert!(run("completed", Some(conclusion)).failed(), "{conclusion}");
        }
        for conclusion in ["success", "neutral", "skipped", "stale"] {
            assert!(!run("completed", Some(conclusion)).failed(), "{conclusion}");
        }
        assert!(!run("in_progress", None).failed());
        assert!(!run("queued", None).failed());
    }

    #[test]
    fn durations_need_both_ends() {
        let a: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let b: Timestamp = "2026-11-01T00:02:05Z".parse().unwrap();
        assert_eq!(seconds_between(Some(a), Some(b)), Some(125));
        assert_eq!(seconds_between(Some(b), Some(a)), Some(0));
        assert_eq!(seconds_between(None, Some(b)), None);
        assert_eq!(seconds_between(Some(a), None), None);
    }
}
