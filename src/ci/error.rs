//! What can stop `plat runs`, each with what to do.

use crate::github::GitHubError;

#[derive(Debug, thiserror::Error)]
pub enum CiError {
    #[error("{entity} has no {annotation} annotation, so plat does not know its repository")]
    MissingAnnotation {
        entity: String,
        annotation: &'static str,
    },
    #[error("{entity}: the {annotation} annotation `{slug}` is not `owner/name`")]
    BadSlug {
        entity: String,
        annotation: &'static str,
        slug: String,
    },
    #[error("cannot read the {what} of {slug} from GitHub at {}: {source}", source.host())]
    GitHub {
        what: String,
        slug: String,
        source: Box<GitHubError>,
    },
    #[error("GitHub at {host} answered the {what} of {slug} with {message}")]
    Response {
        host: String,
        what: String,
        slug: String,
        message: String,
    },
}

impl CiError {
    /// Configuration (exit 2) rather than the server (exit 1).
    pub fn is_usage(&self) -> bool {
        match self {
            CiError::MissingAnnotation { .. } | CiError::BadSlug { .. } => true,
            CiError::GitHub { source, .. } => source.is_usage(),
            CiError::Response { .. } => false,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            CiError::MissingAnnotation { annotation, .. } => Some(format!(
                "add `{annotation}: OWNER/REPO` under metadata.annotations in its catalog-info.yaml"
            )),
            CiError::BadSlug { annotation, .. } => Some(format!(
                "write {annotation} as OWNER/REPO, e.g. acme/payments-service"
            )),
            CiError::GitHub { source, .. } => source.hint(),
            CiError::Response { .. } => Some("this is a problem of the server's response".into()),
        }
    }
}
