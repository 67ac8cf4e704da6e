//! `catalog:write`: the entity as a catalog-info.yaml in the workspace,
//! annotated with the template it came from, as Backstage's action does.

use serde_json::{Value as Json, json};

use super::{Action, ActionContext, ActionError, string};
use crate::scaffold::record::SOURCE_TEMPLATE_ANNOTATION;
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
        let mut entity = entity.clone();
        if let Some(metadata) = entity.get_mut("metadata").and_then(Json::as_object_mut) {
            let annotations = metadata.entry("annotations").or_insert_with(|| json!({}));
            if let Some(annotations) = annotations.as_object_mut() {
                annotations.insert(
                    SOURCE_TEMPLATE_ANNOTATION.into(),
                    Json::String(ctx.template_ref.to_string()),
                );
            }
        }
        let yaml =
            serde_norway::to_string(&entity).map_err(|e| ActionError::Failed(e.to_string()))?;
        render::write_inside(ctx.workspace, path, yaml.as_bytes())?;
        Ok(json!({}))
    }
}
