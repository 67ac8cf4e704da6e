//! `plat dora`: the DORA metrics of services, computed from what a team
//! already has (git tags, deployment and incident records, GitHub,
//! PagerDuty). Nothing here prints or prompts: sources return records,
//! `measure` turns them into metrics for a window.

mod ancestry;
mod collect;
mod error;
mod git;
mod github;
mod levels;
mod link;
mod metrics;
mod model;
mod packs;
mod pagerduty;
mod recent;
mod records;
mod stats;
mod window;

pub use collect::{ANNOTATION_GITHUB, ANNOTATION_PAGERDUTY, Collect, RecordFiles, Service};
pub use error::DoraError;
pub use git::GitHistory;
pub use github::GitHubSource;
pub use levels::{Level, Levels, Thresholds};
pub use link::{Link, LinkRule, link_incidents};
pub use metrics::{Measured, Metrics, Week, measure, rollup};
pub use model::{Change, Deployment, Incident, ServiceData, Status};
pub use pagerduty::PagerDutySource;
pub use recent::{Recent, Shipped, ShippedCommit};
pub use records::{
    DeploymentRecord, IncidentRecord, parse_deployments, parse_incidents, read_deployments,
    read_incidents,
};
pub use window::Window;
