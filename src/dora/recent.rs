//! A service's recent deployments, newest first, with the changes each one
//! shipped and their lead times: what `plat deployments` lists. Read by
//! the same sources and rules as the metrics ([`Collect`]), so a
//! deployment's changes and lead time here are the ones its metrics count.

use jiff::Timestamp;

use super::collect::{Collect, Service};
use super::error::DoraError;
use super::model::Deployment;
use super::stats::median;
use super::window::Window;
use crate::config::DoraServiceConfig;

/// A commit a deployment shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippedCommit {
    pub sha: String,
    /// The message's first line and the author's name, when the clone has
    /// the commit.
    pub subject: Option<String>,
    pub author: Option<String>,
    /// The author time.
    pub authored: Timestamp,
    /// Where its lead time starts: the author time, or the first commit of
    /// the pull request it squashes.
    pub started: Timestamp,
    pub lead_time_seconds: i64,
}

/// A deployment and what it shipped.
#[derive(Debug, Clone)]
pub struct Shipped {
    pub deployment: Deployment,
    /// The median lead time of its changes.
    pub lead_time_median_seconds: Option<i64>,
    /// Its changes, newest first.
    pub commits: Vec<ShippedCommit>,
}

/// The deployments of one service to one environment in a window.
#[derive(Debug, Clone)]
pub struct Recent {
    pub service: String,
    pub environment: String,
    pub window: Window,
    /// Newest first, at most the limit asked for.
    pub deployments: Vec<Shipped>,
    /// How many the window holds (more than listed when limited).
    pub total: usize,
    /// What was read and from where.
    pub sources: Vec<String>,
    /// Things worth knowing that did not stop the listing.
    pub notes: Vec<String>,
}

impl Collect<'_> {
    /// The deployments of `service` in the window, newest first, at most
    /// `limit`, each with the commits it shipped.
    pub fn recent(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
        limit: Option<usize>,
    ) -> Result<Recent, DoraError> {
        let (data, history) = self.deployments(service, settings)?;
        let in_window: Vec<Deployment> = data
            .deployments
            .into_iter()
            .filter(|d| self.window.contains(d.time))
            .rev()
            .collect();
        let total = in_window.len();
        let deployments = in_window
            .into_iter()
            .take(limit.unwrap_or(usize::MAX))
            .map(|deployment| {
                let lead_times = deployment.lead_times();
                let mut sorted = lead_times.clone();
                sorted.sort_unstable();
                let mut commits: Vec<ShippedCommit> = deployment
                    .changes
                    .iter()
                    .zip(lead_times)
                    .map(|(change, lead_time)| {
                        let summary = history.as_ref().and_then(|h| h.commit_summary(&change.sha));
                        let (subject, author) = summary.unzip();
                        ShippedCommit {
                            sha: change.sha.clone(),
                            subject,
                            author,
                            authored: change.committed,
                            started: change.start(),
                            lead_time_seconds: lead_time,
                        }
                    })
                    .collect();
                commits.sort_by(|a, b| b.authored.cmp(&a.authored).then(a.sha.cmp(&b.sha)));
                Shipped {
                    lead_time_median_seconds: median(&sorted),
                    deployment,
                    commits,
                }
            })
            .collect();
        Ok(Recent {
            service: service.name.clone(),
            environment: self.environment.to_string(),
            window: self.window,
            deployments,
            total,
            sources: data.sources,
            notes: data.notes,
        })
    }
}
