//! Preview environments: a namespace per pull request with the service's
//! manifests applied (server-side apply, field manager `plat`), an expiry,
//! and cleanup that only ever touches namespaces plat made.
//!
//! Nothing here prints or prompts: operations return values and report
//! progress through a callback.

mod cluster;
mod environment;
mod error;
mod kubeconfig;
mod manifests;
mod naming;
mod operations;
mod rollout;

pub use cluster::{Cluster, ClusterOptions, ListRequest, Resource};
pub use environment::Environment;
pub use error::PreviewError;
pub use manifests::{Manifest, find_manifest_dir, render_manifests};
pub use naming::{dns_label, label_value, namespace_name};
pub use operations::{Down, Gc, Plan, Up, UpReport, down, extend, gc, list, plan, up};
pub use rollout::{Rollout, rollout_status};

/// Labels and annotations plat puts on what it makes.
pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
pub const MANAGER: &str = "plat";
pub const LABEL_PR: &str = "plat.dev/pr";
pub const LABEL_SERVICE: &str = "plat.dev/service";
pub const LABEL_ENVIRONMENT: &str = "plat.dev/environment";
pub const ENVIRONMENT_PREVIEW: &str = "preview";
/// When the environment expires (RFC 3339).
pub const ANNOTATION_EXPIRES: &str = "plat.dev/expires";
/// kube-janitor reaps namespaces whose `janitor/expires` has passed.
pub const ANNOTATION_JANITOR: &str = "janitor/expires";
/// The objects plat applied (JSON list of apiVersion/kind/name), for pruning.
pub const ANNOTATION_APPLIED: &str = "plat.dev/applied";
/// The preview URL, for `ls` and `-o json`.
pub const ANNOTATION_URL: &str = "plat.dev/url";

/// The label selector of every preview environment plat made.
pub fn selector(service: Option<&str>) -> String {
    let mut selector = format!("{MANAGED_BY}={MANAGER},{LABEL_ENVIRONMENT}={ENVIRONMENT_PREVIEW}");
    if let Some(service) = service {
        selector.push_str(&format!(",{LABEL_SERVICE}={}", label_value(service)));
    }
    selector
}
