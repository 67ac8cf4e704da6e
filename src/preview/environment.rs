//! A preview environment as plat reads it back from its namespace.

use serde::Serialize;
use serde_json::Value as Json;

use super::{ANNOTATION_EXPIRES, ANNOTATION_URL, LABEL_PR, LABEL_SERVICE, MANAGED_BY, MANAGER};

#[derive(Debug, Clone, Serialize)]
pub struct Environment {
    pub namespace: String,
    pub service: String,
    pub pr: Option<u64>,
    /// RFC 3339.
    pub created: Option<String>,
    /// RFC 3339.
    pub expires: Option<String>,
    pub url: Option<String>,
    /// `Active` or `Terminating`.
    pub phase: String,
    /// Workloads rolled out, of all (Deployments and StatefulSets).
    pub ready: Option<(usize, usize)>,
    #[serde(skip)]
    pub uid: Option<String>,
}

impl Environment {
    /// The environment a namespace holds, if plat made it.
    pub fn from_namespace(namespace: &Json) -> Option<Environment> {
        let metadata = &namespace["metadata"];
        if !is_managed(namespace) {
            return None;
        }
        let text = |value: &Json| value.as_str().map(str::to_string);
        Some(Environment {
            namespace: text(&metadata["name"])?,
            service: text(&metadata["labels"][LABEL_SERVICE]).unwrap_or_default(),
            pr: metadata["labels"][LABEL_PR]
                .as_str()
                .and_then(|p| p.parse().ok()),
            created: text(&metadata["creationTimestamp"]),
            expires: text(&metadata["annotations"][ANNOTATION_EXPIRES]),
            url: text(&metadata["annotations"][ANNOTATION_URL]),
            phase: text(&namespace["status"]["phase"]).unwrap_or_else(|| "Active".into()),
            ready: None,
            uid: text(&metadata["uid"]),
        })
    }

    /// Expired at `now` (an environment without an expiry, or with one that
    /// is not a time plat reads, never is).
    pub fn expired(&self, now: jiff::Timestamp) -> bool {
        self.expires
            .as_deref()
            .and_then(|e| crate::time::parse_time(e).ok())
            .is_some_and(|expires| expires <= now)
    }
}

/// Whether plat made this namespace (its managed-by label).
pub fn is_managed(namespace: &Json) -> bool {
    namespace["metadata"]["labels"][MANAGED_BY] == MANAGER
}
