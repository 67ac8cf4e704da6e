//! `catalog:write`: the entity as a catalog-info.yaml in the workspace.

use serde_json::{Value as Json, json};

use super::{Action, ActionContext, ActionError, string};
use crate::scaffold::render;

pub struct Write;

impl Action for Write {
    fn id(&self) -> &'static str {
        "catalog:write"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let path = string(input, "filePath")?.unwrap_or("catalog-info.yaml");
        let entity = input
            .get("entity")
            .filter(|e| e.is_object())
            .ok_or_else(|| ActionError::input("entity", "must be an entity (a mapping)"))?;
        let yaml =
            serde_norway::to_string(entity).map_err(|e| ActionError::Failed(e.to_string()))?;
        render::write_inside(ctx.workspace, path, yaml.as_bytes())?;
        Ok(json!({}))
    }
}
