//! `plat runs`: the CI runs of a service's repository, read from GitHub
//! Actions for the entity's `github.com/project-slug` annotation (the one
//! Backstage's GitHub Actions plugin reads), and the jobs and steps of one
//! run. Nothing here prints or prompts.

mod actions;
mod error;
mod model;

pub use actions::{Actions, RunQuery, Runs};
pub use error::CiError;
pub use model::{Job, Run, Step};

/// The annotation naming the repository (`owner/name`).
pub const ANNOTATION: &str = "github.com/project-slug";
