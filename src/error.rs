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
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no template named `{name}`")]
    UnknownTemplate {
        name: String,
        available: Vec<String>,
    },
    #[error("invalid template: {}", problems.join("\n  "))]
    InvalidTemplate { problems: Vec<String> },
    #[error(transparent)]
    Locate(crate::scaffold::location::LocateError),
    #[error("template `{template}` got invalid parameters:\n  {}", problems.join("\n  "))]
    Parameters {
        template: String,
        problems: Vec<String>,
        /// Required parameters that have no value.
        missing: Vec<String>,
    },
    #[error("the template uses actions plat does not have:\n  {}", steps.join("\n  "))]
    UnknownActions {
        steps: Vec<String>,
        available: Vec<String>,
    },
    #[error("{message}")]
    Step { message: String },
    #[error("{path} is not empty")]
    OutputNotEmpty { path: PathBuf },
    #[error(transparent)]
    Preview(#[from] crate::preview::PreviewError),
    #[error(transparent)]
    Dora(#[from] crate::dora::DoraError),
    #[error(transparent)]
    Docs(#[from] crate::docs::DocsError),
    #[error(transparent)]
    Status(#[from] crate::status::StatusError),
    #[error("preflight found problems; nothing was changed:\n  {}", problems.join("\n  "))]
    Preflight { problems: Vec<String> },
    #[error("{failed}\n  already done:\n    {}", done.join("\n    "))]
    PartlyPublished {
        done: Vec<String>,
        failed: String,
        /// The kept workspace and state.
        dir: PathBuf,
    },
    #[error(transparent)]
    Ci(#[from] crate::ci::CiError),
    #[error(transparent)]
    Record(crate::scaffold::record::RecordError),
    #[error(transparent)]
    Version(#[from] crate::scaffold::versions::VersionError),
    #[error(transparent)]
    Update(#[from] crate::scaffold::update::UpdateRunError),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Lookup(LookupError::NotFound { .. }) => Exit::Findings,
            Error::Ci(error) if !error.is_usage() => Exit::Findings,
            Error::Output(_) | Error::Step { .. } | Error::PartlyPublished { .. } => Exit::Findings,
            Error::Preview(error) if !error.is_usage() => Exit::Findings,
            Error::Dora(error) if !error.is_usage() => Exit::Findings,
            Error::Docs(error) if !error.is_usage() => Exit::Findings,
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
            Error::Usage { hint, .. } => hint.clone(),
            Error::ReadFile { .. } => Some("check the path".into()),
            Error::UnknownTemplate { available, .. } if available.is_empty() => {
                Some("no templates found: add directories or git URLs under `templates:` in plat.yaml".into())
            }
            Error::UnknownTemplate { available, .. } => {
                Some(format!("templates: {} (`plat new --list` shows where each comes from)", available.join(", ")))
            }
            Error::InvalidTemplate { .. } => Some("fix the template.yaml at those positions".into()),
            Error::Locate(error) => error.hint(),
            Error::Parameters { missing, .. } if !missing.is_empty() => Some(format!(
                "pass {}, or --values FILE, or run on a terminal to be asked",
                missing.iter().map(|k| format!("--set {k}=...")).collect::<Vec<_>>().join(" ")
            )),
            Error::Parameters { .. } => Some("fix the values given with --set or --values".into()),
            Error::UnknownActions { available, .. } => Some(format!("plat has: {}", available.join(", "))),
            Error::Step { .. } => None,
            Error::Ci(error) => error.hint(),
            Error::Preview(error) => error.hint(),
            Error::Dora(error) => error.hint(),
            Error::Docs(error) => error.hint(),
            Error::Status(error) => error.hint(),
            Error::Preflight { .. } => Some("fix these (plat.yaml integrations, tokens in the environment, names) and run again".into()),
            Error::PartlyPublished { dir, .. } => Some(format!(
                "the workspace and state are kept in {}; fix the problem, then run `plat new --resume {}` to continue from the failed step",
                dir.display(),
                dir.display()
            )),
            Error::Record(crate::scaffold::record::RecordError::Missing { .. }) => Some(
                "if it was made from a template, record which with `plat update --adopt TEMPLATE --set KEY=VALUE ...` and the values it was made with (only .plat/template.yaml is written)".into(),
            ),
            Error::Record(_) => Some("fix .plat/template.yaml, or write it again with `plat update --adopt TEMPLATE --set ...`".into()),
            Error::Version(error) => error.hint(),
            Error::Update(error) => error.hint(),
            Error::OutputNotEmpty { .. } => {
                Some("choose a new or empty directory, or pass --force to write into it (files with the same name are replaced)".into())
            }
        }
    }
}

/// A template file with errors is reported at their positions, as any
/// other template; the rest name the TEMPLATE argument.
impl From<crate::scaffold::location::LocateError> for Error {
    fn from(error: crate::scaffold::location::LocateError) -> Error {
        match error.problem {
            crate::scaffold::location::Problem::Invalid(errors) => Error::InvalidTemplate {
                problems: errors.iter().map(ToString::to_string).collect(),
            },
            _ => Error::Locate(error),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
