//! What can stop `plat dora`, each with what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DoraError {
    #[error("{}:{line}:{column}: {message}", file.display())]
    Record {
        file: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("cannot read {}: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a git repository: {message}", repo.display())]
    NotARepository { repo: PathBuf, message: String },
    #[error("{}: {message}", repo.display())]
    Git { repo: PathBuf, message: String },
    #[error("{service}: {what}: {message}")]
    Fetch {
        service: String,
        what: String,
        message: String,
        hint: Option<String>,
        /// Credentials or configuration (exit 2) rather than the server.
        usage: bool,
    },
    #[error("{key}: {message}")]
    Config { key: String, message: String },
}

impl DoraError {
    pub fn is_usage(&self) -> bool {
        match self {
            DoraError::Fetch { usage, .. } => *usage,
            _ => true,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            DoraError::Record { .. } => Some(
                "fix the record at that position; the README's `plat dora` section lists the columns".into(),
            ),
            DoraError::Read { .. } => Some("check the path in plat.yaml's `dora:` section".into()),
            DoraError::NotARepository { .. } => Some(
                "pass a clone with --repo PATH, or set `repo:` for the service under `dora.services` in plat.yaml".into(),
            ),
            DoraError::Git { .. } => None,
            DoraError::Fetch { hint, .. } => hint.clone(),
            DoraError::Config { .. } => {
                Some("the README's `plat dora` section shows every `dora:` key".into())
            }
        }
    }
}
