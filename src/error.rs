//! Errors that stop a command, each with the exit code it maps to and a hint
//! that says what to do. Findings (problems in catalog files) are not errors:
//! they are the result of a command.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::LookupError;

/// plat's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// Validation errors, failed checks, nothing found.
    Findings = 1,
    /// Wrong usage or configuration.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}:{line}:{column}: {message}")]
    ConfigSyntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {key}: {message}")]
    ConfigValue {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("cannot read config file {path}: {source}")]
    ConfigRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot use `{path}` as the working directory (-C): {source}")]
    WorkingDirectory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid value `{value}` for {flag}: {reason}")]
    InvalidFlag {
        flag: &'static str,
        value: String,
        reason: String,
        hint: Option<String>,
    },
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Lookup(LookupError::NotFound { .. }) => Exit::Findings,
            Error::Output(_) => Exit::Findings,
            _ => Exit::Usage,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::ConfigSyntax { message, .. } if message.contains("unknown field") => {
                Some("remove or rename the key; the README's Configuration section lists every key".into())
            }
            Error::ConfigSyntax { .. } => Some("fix the YAML at that position".into()),
            Error::ConfigValue { .. } => Some("the README's Configuration section shows every key with an example".into()),
            Error::ConfigRead { .. } => Some("check the path given to --config or $PLAT_CONFIG".into()),
            Error::WorkingDirectory { .. } => Some("pass an existing directory to -C".into()),
            Error::InvalidFlag { hint, .. } => hint.clone(),
            Error::Lookup(LookupError::InvalidRef(_)) => {
                Some("write the reference as [kind:][namespace/]name, e.g. component:default/payments-service".into())
            }
            Error::Lookup(LookupError::NotFound { similar, .. }) if !similar.is_empty() => {
                Some(format!("similar entities: {}", similar.join(", ")))
            }
            Error::Lookup(LookupError::NotFound { .. }) => {
                Some("list what is there with `plat catalog ls`, and check `plat catalog validate` for entities that failed to load".into())
            }
            Error::Lookup(LookupError::Ambiguous { candidates, .. }) => {
                Some(format!("add the kind, one of: {}", candidates.join(", ")))
            }
            Error::Output(_) => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
