//! `fs:rename` and `fs:delete`, inside the workspace only.

use serde_json::{Value as Json, json};

use super::{Action, ActionContext, ActionError, strings};
use crate::scaffold::workspace;

pub struct Rename;

impl Action for Rename {
    fn id(&self) -> &'static str {
        "fs:rename"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let files = input["files"]
            .as_array()
            .ok_or_else(|| ActionError::input("files", "must be a list of {from, to}"))?;
        for file in files {
            let (Some(from), Some(to)) = (file["from"].as_str(), file["to"].as_str()) else {
                return Err(ActionError::input(
                    "files",
                    "each entry needs `from` and `to`",
                ));
            };
            let from_path = workspace::resolve(ctx.workspace, from)?;
            let to_path = workspace::resolve(ctx.workspace, to)?;
            if !from_path.exists() {
                return Err(ActionError::Failed(format!(
                    "there is no `{from}` to rename"
                )));
            }
            if to_path.exists() && file["overwrite"] != true {
                return Err(ActionError::Failed(format!(
                    "`{to}` already exists; set overwrite: true to replace it"
                )));
            }
            if let Some(parent) = to_path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| ActionError::Failed(e.to_string()))?;
            }
            std::fs::rename(&from_path, &to_path)
                .map_err(|e| ActionError::Failed(format!("{from} -> {to}: {e}")))?;
        }
        Ok(json!({}))
    }
}

pub struct Delete;

impl Action for Delete {
    fn id(&self) -> &'static str {
        "fs:delete"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let patterns = strings(input, "files")?;
        let matchers = crate::scaffold::render::globs(&patterns)?;
        let mut deleted = 0;
        for rel in workspace::tree(ctx.workspace) {
            let rel = rel.trim_end_matches('/');
            if matchers.iter().any(|m| m.is_match(rel)) {
                let path = workspace::resolve(ctx.workspace, rel)?;
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                if removed.is_ok() {
                    deleted += 1;
                }
            }
        }
        Ok(json!({"deleted": deleted}))
    }
}
