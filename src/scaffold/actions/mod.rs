//! The actions steps run. Workspace actions (fetching, renaming,
//! deleting, logging, writing the catalog file) only touch the workspace;
//! the others publish (repositories, catalog registration, PagerDuty).

mod catalog;
mod debug;
mod fetch;
mod fs;

use std::path::Path;

use serde_json::Value as Json;

use super::render::RenderError;
use super::workspace::PathError;

/// What an action may use.
pub struct ActionContext<'a> {
    pub workspace: &'a Path,
    /// The template's directory: `./skeleton` is relative to it.
    pub template_dir: &'a Path,
    /// The template's entity ref (`template:default/NAME`).
    pub template_ref: &'a str,
    /// Lines `debug:log` writes.
    pub log: &'a mut Vec<String>,
    /// A dry run or a preflight: the workspace is a scratch copy, and an
    /// action that only passes time (`debug:wait`) checks its input and
    /// returns at once.
    pub rehearsal: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("input `{field}`: {message}")]
    Input {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Path(#[from] PathError),
    #[error("{0}")]
    Failed(String),
}

impl ActionError {
    pub fn input(field: &'static str, message: impl Into<String>) -> ActionError {
        ActionError::Input {
            field,
            message: message.into(),
        }
    }
}

/// An action, by its Backstage id.
pub trait Action: Sync {
    fn id(&self) -> &'static str;
    /// Only touches the workspace (runs in `--output` and `--dry-run` runs).
    fn workspace_only(&self) -> bool {
        true
    }
    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError>;
}

static WORKSPACE_ACTIONS: &[&dyn Action] = &[
    &fetch::FetchTemplate,
    &fetch::FetchPlain,
    &fetch::FetchPlainFile,
    &fs::Rename,
    &fs::Delete,
    &debug::Log,
    &debug::Wait,
    &catalog::Write,
];

/// Actions that publish: plat knows them, runs them only when publishing.
pub const PUBLISHING_ACTIONS: &[&str] = &[
    "publish:git",
    "publish:github",
    "github:repo:create",
    "github:repo:push",
    "catalog:register",
    "pagerduty:service:create",
    "plat:environment:create",
];

/// The workspace action with this id.
pub fn workspace_action(id: &str) -> Option<&'static dyn Action> {
    WORKSPACE_ACTIONS.iter().copied().find(|a| a.id() == id)
}

/// Whether plat knows the action at all.
pub fn is_known(id: &str) -> bool {
    workspace_action(id).is_some() || PUBLISHING_ACTIONS.contains(&id)
}

/// Every action id plat knows, sorted.
pub fn available() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = WORKSPACE_ACTIONS
        .iter()
        .map(|a| a.id())
        .chain(PUBLISHING_ACTIONS.iter().copied())
        .collect();
    ids.sort_unstable();
    ids
}

/// A string input, or an error naming it.
fn string<'a>(input: &'a Json, field: &'static str) -> Result<Option<&'a str>, ActionError> {
    match input.get(field) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(ActionError::input(
            field,
            format!("must be a string, found {other}"),
        )),
    }
}

fn required<'a>(input: &'a Json, field: &'static str) -> Result<&'a str, ActionError> {
    string(input, field)?.ok_or_else(|| ActionError::input(field, "is required"))
}

fn strings(input: &Json, field: &'static str) -> Result<Vec<String>, ActionError> {
    match input.get(field) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| ActionError::input(field, "must be a list of strings"))
            })
            .collect(),
        Some(Json::String(one)) => Ok(vec![one.clone()]),
        Some(_) => Err(ActionError::input(field, "must be a list of strings")),
    }
}
