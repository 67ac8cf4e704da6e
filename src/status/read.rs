//! Reading one cluster: every type Backstage's Kubernetes plugin reads for
//! a service page that plat shows (pods, ReplicaSets, Deployments,
//! StatefulSets, DaemonSets, autoscaling/v2 HPAs, Ingresses), listed by the
//! entity's label selector, all requests in flight at once; then the
//! service's preview environments.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value as Json;

use crate::preview::{
    self, Cluster, ClusterOptions, Environment, ListRequest, PreviewError, Resource,
};

use super::clusters::ClusterChoice;
use super::detect::{self, Finding};
use super::health::{self, Health};
use super::objects::{self, Autoscaler, Ingress, Owners, Workload};
use super::pods::{self, Pod};
use super::target::Target;

/// A cluster that could not be read, or not all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterError {
    /// `unreachable`, `unauthorized`, `forbidden`, `kubeconfig` or `api`.
    pub kind: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&PreviewError> for ClusterError {
    fn from(error: &PreviewError) -> ClusterError {
        ClusterError {
            kind: match error {
                PreviewError::Unreachable { .. } => "unreachable",
                PreviewError::Unauthorized { .. } => "unauthorized",
                PreviewError::Forbidden { .. } => "forbidden",
                PreviewError::KubeconfigUnreadable { .. }
                | PreviewError::KubeconfigSyntax { .. }
                | PreviewError::KubeconfigInvalid { .. }
                | PreviewError::NoContext { .. }
                | PreviewError::UnknownContext { .. }
                | PreviewError::ContextWithoutCluster { .. } => "kubeconfig",
                _ => "api",
            },
            message: error.to_string(),
            hint: error.hint(),
        }
    }
}

/// What runs in one cluster.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    /// The configured name, else the context.
    pub name: String,
    pub context: Option<String>,
    pub server: Option<String>,
    /// The namespace read; `None`: all.
    pub namespace: Option<String>,
    pub health: Health,
    pub errors: Vec<ClusterError>,
    /// What could not be read but does not change the verdict (a type the
    /// cluster does not serve, preview environments).
    pub warnings: Vec<String>,
    pub workloads: Vec<Workload>,
    pub pods: Vec<Pod>,
    pub autoscalers: Vec<Autoscaler>,
    pub ingresses: Vec<Ingress>,
    pub previews: Vec<Environment>,
    pub findings: Vec<Finding>,
}

impl ClusterStatus {
    /// Anything of the service's found here.
    pub fn found_anything(&self) -> bool {
        !(self.workloads.is_empty()
            && self.pods.is_empty()
            && self.autoscalers.is_empty()
            && self.ingresses.is_empty())
    }
}

/// The types read, in the order their lists are asked for.
fn types() -> [Resource; 7] {
    [
        Resource::namespaced("", "v1", "Pod", "pods"),
        Resource::namespaced("apps", "v1", "ReplicaSet", "replicasets"),
        Resource::namespaced("apps", "v1", "Deployment", "deployments"),
        Resource::namespaced("apps", "v1", "StatefulSet", "statefulsets"),
        Resource::namespaced("apps", "v1", "DaemonSet", "daemonsets"),
        Resource::namespaced(
            "autoscaling",
            "v2",
            "HorizontalPodAutoscaler",
            "horizontalpodautoscalers",
        ),
        Resource::namespaced("networking.k8s.io", "v1", "Ingress", "ingresses"),
    ]
}

/// What one cluster is asked.
pub struct Ask<'a> {
    pub choice: &'a ClusterChoice,
    pub target: &'a Target,
    /// Wins over the target's and the cluster's namespace.
    pub namespace: Option<&'a str>,
    /// Preview environments of this service are listed too.
    pub previews: Option<&'a str>,
    pub timeout: Option<Duration>,
    pub now: jiff::Timestamp,
}

pub fn read_cluster(ask: &Ask<'_>) -> ClusterStatus {
    let namespace = ask
        .namespace
        .map(str::to_string)
        .or_else(|| ask.target.namespace.clone())
        .or_else(|| ask.choice.namespace.clone());
    let mut status = ClusterStatus {
        name: ask
            .choice
            .name
            .clone()
            .or_else(|| ask.choice.context.clone())
            .unwrap_or_else(|| "current context".into()),
        context: ask.choice.context.clone(),
        server: None,
        namespace: namespace.clone(),
        health: Health::Error,
        errors: Vec::new(),
        warnings: Vec::new(),
        workloads: Vec::new(),
        pods: Vec::new(),
        autoscalers: Vec::new(),
        ingresses: Vec::new(),
        previews: Vec::new(),
        findings: Vec::new(),
    };
    let cluster = match Cluster::connect(&ClusterOptions {
        kubeconfig: ask.choice.kubeconfig.clone(),
        context: ask.choice.context.clone(),
        timeout: ask.timeout,
    }) {
        Ok(cluster) => cluster,
        Err(error) => {
            let mut error = ClusterError::from(&error);
            if let (true, Some(context)) = (error.kind == "kubeconfig", &ask.choice.context) {
                error.message = format!("context `{context}`: {}", error.message);
            }
            status.errors.push(error);
            return status;
        }
    };
    if ask.choice.name.is_none() {
        status.name = cluster.context.clone();
    }
    status.context = Some(cluster.context.clone());
    status.server = Some(cluster.server.clone());

    let types = types();
    let requests: Vec<ListRequest> = types
        .iter()
        .map(|resource| ListRequest {
            resource: resource.clone(),
            namespace: namespace.clone(),
            selector: ask.target.selector.clone(),
        })
        .collect();
    let mut lists: Vec<Vec<Json>> = Vec::new();
    let mut read = 0;
    for (result, resource) in cluster.list_many(&requests).into_iter().zip(&types) {
        match result {
            Ok(Some(items)) => {
                read += 1;
                lists.push(items);
            }
            Ok(None) => {
                status.warnings.push(format!(
                    "the cluster does not serve {} ({})",
                    resource.qualified(),
                    resource.api.api_version
                ));
                lists.push(Vec::new());
            }
            Err(error) => {
                let error = ClusterError::from(&error);
                if !status.errors.contains(&error) {
                    status.errors.push(error);
                }
                lists.push(Vec::new());
            }
        }
    }
    let [
        pods,
        replica_sets,
        deployments,
        stateful_sets,
        daemon_sets,
        hpas,
        ingresses,
    ] = <[Vec<Json>; 7]>::try_from(lists).expect("one list per type");
    let context = cluster.context.as_str();

    let owners = Owners::new(&replica_sets);
    let mut findings = Vec::new();
    for pod in &pods {
        status.pods.push(pods::summarize(pod, owners.of(pod)));
        findings.extend(detect::pod_findings(pod, context, ask.now));
    }
    for deployment in &deployments {
        findings.extend(detect::deployment_findings(deployment, context));
    }
    for workload in deployments.iter().chain(&stateful_sets).chain(&daemon_sets) {
        let workload = objects::workload(workload);
        let more = detect::rollout_findings(&workload, &findings, context);
        findings.extend(more);
        status.workloads.push(workload);
    }
    for hpa in &hpas {
        status.autoscalers.push(objects::autoscaler(hpa));
        findings.extend(detect::autoscaler_findings(hpa));
    }
    status.ingresses = ingresses.iter().map(objects::ingress).collect();
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| {
            (&a.namespace, &a.object, &a.name).cmp(&(&b.namespace, &b.object, &b.name))
        })
    });
    status.findings = findings;

    if let (Some(service), true) = (ask.previews, read > 0) {
        match preview::list(&cluster, Some(service)) {
            Ok(previews) => status.previews = previews,
            Err(error) => status
                .warnings
                .push(format!("preview environments not listed: {error}")),
        }
    }
    status.health = health::of_cluster(status.errors.len(), &status.findings);
    status
}
