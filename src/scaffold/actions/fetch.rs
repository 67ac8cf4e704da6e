//! `fetch:template`, `fetch:plain` and `fetch:plain:file`: copy from the
//! template's own directory into the workspace (rendered, or as is).

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::{Action, ActionContext, ActionError, required, string, strings};
use crate::scaffold::render::{self, RenderOptions};
use crate::scaffold::workspace;

/// The source directory a `url` names, inside the template's directory.
fn source(ctx: &ActionContext<'_>, url: &str) -> Result<PathBuf, ActionError> {
    if url.contains("://") {
        return Err(ActionError::input(
            "url",
            format!(
                "`{url}` is a remote URL; plat fetches skeletons from the template's own directory (e.g. ./skeleton)"
            ),
        ));
    }
    Ok(workspace::resolve(
        ctx.template_dir,
        url.strip_prefix("file:").unwrap_or(url),
    )?)
}

fn target(ctx: &ActionContext<'_>, input: &Json) -> Result<PathBuf, ActionError> {
    let path = string(input, "targetPath")?.unwrap_or("./");
    Ok(workspace::resolve(ctx.workspace, path)?)
}

pub struct FetchTemplate;

impl Action for FetchTemplate {
    fn id(&self) -> &'static str {
        "fetch:template"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let skeleton = source(ctx, required(input, "url")?)?;
        if !skeleton.is_dir() {
            return Err(ActionError::input(
                "url",
                format!("{} is not a directory of the template", skeleton.display()),
            ));
        }
        let out = target(ctx, input)?;
        std::fs::create_dir_all(&out)
            .map_err(|e| ActionError::Failed(format!("{}: {e}", out.display())))?;
        let extension = match input.get("templateFileExtension") {
            Some(Json::Bool(true)) => Some(".njk".to_string()),
            Some(Json::String(ext)) => Some(if ext.starts_with('.') {
                ext.clone()
            } else {
                format!(".{ext}")
            }),
            _ => None,
        };
        let values = input.get("values").cloned().unwrap_or(json!({}));
        let options = RenderOptions {
            values: &values,
            cookiecutter: input["cookiecutterCompat"] == true,
            copy_without_templating: render::globs(&strings(input, "copyWithoutTemplating")?)?,
            copy_without_render: render::globs(&strings(input, "copyWithoutRender")?)?,
            template_extension: extension,
            replace: input["replace"] == true,
        };
        let written = render::render(&skeleton, &out, &options)?;
        Ok(json!({"files": written.len()}))
    }
}

pub struct FetchPlain;

impl Action for FetchPlain {
    fn id(&self) -> &'static str {
        "fetch:plain"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let from = source(ctx, required(input, "url")?)?;
        let out = target(ctx, input)?;
        let copied = copy_tree(&from, &out)?;
        Ok(json!({"files": copied}))
    }
}

pub struct FetchPlainFile;

impl Action for FetchPlainFile {
    fn id(&self) -> &'static str {
        "fetch:plain:file"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let from = source(ctx, required(input, "url")?)?;
        let to = workspace::resolve(ctx.workspace, required(input, "targetPath")?)?;
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| ActionError::Failed(e.to_string()))?;
        }
        std::fs::copy(&from, &to)
            .map_err(|e| ActionError::Failed(format!("{}: {e}", from.display())))?;
        Ok(json!({}))
    }
}

/// Copies a file or directory as it is (no symlinks followed out).
fn copy_tree(from: &Path, to: &Path) -> Result<usize, ActionError> {
    let failed =
        |path: &Path, e: std::io::Error| ActionError::Failed(format!("{}: {e}", path.display()));
    let metadata = std::fs::symlink_metadata(from).map_err(|e| failed(from, e))?;
    if metadata.is_file() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed(parent, e))?;
        }
        std::fs::copy(from, to).map_err(|e| failed(from, e))?;
        return Ok(1);
    }
    if !metadata.is_dir() {
        return Err(ActionError::Failed(format!(
            "{} is a symlink; plain fetches copy files and directories",
            from.display()
        )));
    }
    std::fs::create_dir_all(to).map_err(|e| failed(to, e))?;
    let mut count = 0;
    for entry in std::fs::read_dir(from).map_err(|e| failed(from, e))? {
        let entry = entry.map_err(|e| failed(from, e))?;
        count += copy_tree(&entry.path(), &to.join(entry.file_name()))?;
    }
    Ok(count)
}
