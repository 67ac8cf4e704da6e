//! What stops `plat status` before any cluster is read, each with what to
//! do. Problems with a cluster (unreachable, forbidden) are not errors:
//! they are part of the report, so the other clusters still show.

use super::target::{ANNOTATION_ID, ANNOTATION_LABEL_SELECTOR};

#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    #[error(
        "{entity} has neither `{ANNOTATION_ID}` nor `{ANNOTATION_LABEL_SELECTOR}`, so nothing on Kubernetes belongs to it"
    )]
    MissingAnnotation {
        entity: String,
        name: String,
        /// Where the entity was read (file:line:column), when known.
        file: String,
    },
    #[error("{key}: {message}")]
    Config { key: String, message: String },
}

impl StatusError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            StatusError::MissingAnnotation { name, file, .. } => format!(
                "add `{ANNOTATION_ID}: {name}` under metadata.annotations{} and label the workloads and their pod templates `{ANNOTATION_ID}={name}` (Backstage's Kubernetes plugin reads the same annotation)",
                if file.is_empty() {
                    String::new()
                } else {
                    format!(" in {file}")
                }
            ),
            StatusError::Config { .. } => {
                "fix it in plat.yaml's `kubernetes:` (the README's `plat status` section shows every key)".into()
            }
        })
    }
}
