//! `plat status`: what runs on Kubernetes for an entity, found as
//! Backstage's Kubernetes plugin finds it (`target`), in every configured
//! cluster at once (`clusters`, `read`): workloads with their rollout
//! state, pods (`pods`), autoscalers and ingress URLs (`objects`), the
//! service's preview environments, the problems Backstage's error
//! detection reports (`detect`), and a verdict (`health`).
//!
//! Nothing here prints or prompts: [`read`] returns a [`Report`] and
//! reports progress through a callback. [`Report::summary`] is the short
//! form other views show (pods ready, health).

mod clusters;
mod detect;
mod error;
mod health;
mod objects;
mod pods;
mod read;
mod target;

use std::time::Duration;

use serde::Serialize;

pub use clusters::{ClusterChoice, Places, choose};
pub use detect::Finding;
pub use error::StatusError;
pub use health::Health;
pub use objects::{Autoscaler, Ingress, RolloutState, Workload};
pub use pods::{Pod, Termination};
pub use read::{ClusterError, ClusterStatus};
pub use target::{ANNOTATION_ID, ANNOTATION_LABEL_SELECTOR, ANNOTATION_NAMESPACE, Target};

/// What `plat status` is asked.
#[derive(Debug, Clone)]
pub struct Request {
    /// The entity's ref, for the report.
    pub entity: String,
    pub target: Target,
    /// The entity's name, which its preview environments carry; `None`
    /// lists none.
    pub previews: Option<String>,
    pub clusters: Vec<ClusterChoice>,
    /// `--namespace`: wins over the entity's and the cluster's namespace.
    pub namespace: Option<String>,
    /// Connect and read timeout of each request.
    pub timeout: Option<Duration>,
}

/// Everything found, cluster by cluster.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub entity: String,
    pub target: Target,
    pub health: Health,
    /// Anything of the entity's found in any cluster.
    pub found: bool,
    pub clusters: Vec<ClusterStatus>,
}

/// The short form: for `catalog get`'s at-a-glance block and CI summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub health: Health,
    /// Pods running with every container ready.
    pub pods_ready: usize,
    pub pods: usize,
    /// Replicas the workloads ask for (the pods found, without workloads).
    pub desired: i64,
    pub problems: usize,
    /// Clusters that could not be read.
    pub unreadable: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let pods = self.clusters.iter().flat_map(|c| &c.pods);
        let workloads: Vec<&Workload> = self.clusters.iter().flat_map(|c| &c.workloads).collect();
        let pod_count = pods.clone().count();
        Summary {
            health: self.health,
            pods_ready: pods.filter(|p| p.is_ready()).count(),
            pods: pod_count,
            desired: if workloads.is_empty() {
                pod_count as i64
            } else {
                workloads.iter().map(|w| w.desired).sum()
            },
            problems: self.clusters.iter().map(|c| c.findings.len()).sum(),
            unreadable: self
                .clusters
                .iter()
                .filter(|c| !c.errors.is_empty())
                .count(),
        }
    }
}

/// The at-a-glance form for one entity, for views that show it beside
/// other sources (`catalog get`): the clusters plat.yaml names (else the
/// current context), each request bounded by `timeout`, no preview
/// environments. An entity without the annotations is an error the caller
/// may skip with one line.
pub fn glance(
    entity: &crate::catalog::Entity,
    config: &crate::config::KubernetesConfig,
    places: &Places<'_>,
    timeout: Duration,
) -> Result<Summary, StatusError> {
    let request = Request {
        entity: entity.reference.to_string(),
        target: Target::of(entity)?,
        previews: None,
        clusters: choose(config, places, None, None)?,
        namespace: None,
        timeout: Some(timeout),
    };
    Ok(read(&request, jiff::Timestamp::now(), &|_| {}).summary())
}

/// Reads every cluster at once (a thread each); never fails as a whole: a
/// cluster that cannot be read is an error in its part of the report.
pub fn read(request: &Request, now: jiff::Timestamp, progress: &(dyn Fn(&str) + Sync)) -> Report {
    let clusters: Vec<ClusterStatus> = std::thread::scope(|scope| {
        let handles: Vec<_> = request
            .clusters
            .iter()
            .map(|choice| {
                scope.spawn(move || {
                    let ask = read::Ask {
                        choice,
                        target: &request.target,
                        namespace: request.namespace.as_deref(),
                        previews: request.previews.as_deref(),
                        timeout: request.timeout,
                        now,
                    };
                    let status = read::read_cluster(&ask);
                    progress(&format!("read {}", status.name));
                    status
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reading a cluster does not panic"))
            .collect()
    });
    let found = clusters.iter().any(ClusterStatus::found_anything);
    let health = health::overall(
        &clusters.iter().map(|c| c.health).collect::<Vec<_>>(),
        found,
    );
    Report {
        schema_version: 1,
        entity: request.entity.clone(),
        target: request.target.clone(),
        health,
        found,
        clusters,
    }
}
