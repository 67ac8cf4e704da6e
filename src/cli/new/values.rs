//! The values a template runs with: `--values FILE`, `--set`, prompts on
//! a terminal, defaults; checked against the schema before any step runs.
//! Also `${{ secrets }}` and `${{ user }}`.

use std::path::Path;

use serde_json::{Map, Value as Json, json};

use crate::catalog::Catalog;
use crate::cli::Context;
use crate::error::{Error, Result};
use crate::scaffold::params::Parameters;
use crate::scaffold::template::Template;

/// Values from the file, then `--set`, then prompts (for what is still
/// missing), then defaults; every problem listed at once.
pub fn collect(
    template: &Template,
    start: Map<String, Json>,
    file: Option<&Path>,
    set: &[String],
    catalog: &Catalog,
    ctx: &Context,
) -> Result<Map<String, Json>> {
    let parameters = Parameters {
        pages: &template.pages,
    };
    let mut values = start;
    if let Some(file) = file {
        values.extend(read_values(file)?);
    }
    for assignment in set {
        parameters
            .set(assignment, &mut values)
            .map_err(|e| Error::InvalidFlag {
                flag: "--set",
                value: assignment.clone(),
                reason: e.message.clone(),
                hint: Some(format!(
                    "the parameters of `{}` are in {}",
                    template.name, template.file
                )),
            })?;
    }
    if ctx.interactive {
        let entities = |kinds: &[String]| entity_choices(catalog, kinds);
        for page in &template.pages {
            crate::cli::prompt::ask_page(page, &mut values, &entities).map_err(Error::Output)?;
        }
    }
    parameters.apply_defaults(&mut values);
    let problems = parameters.validate(&Json::Object(values.clone()));
    if !problems.is_empty() {
        return Err(Error::Parameters {
            template: template.name.clone(),
            problems: problems.iter().map(ToString::to_string).collect(),
            missing: problems
                .iter()
                .filter(|p| p.message == "is required")
                .map(|p| p.key.clone())
                .collect(),
        });
    }
    Ok(values)
}

/// The values of password fields, to mask.
pub fn secret_values(template: &Template, values: &Map<String, Json>) -> Vec<String> {
    Parameters {
        pages: &template.pages,
    }
    .secret_keys(values)
    .iter()
    .filter_map(|key| values.get(key).and_then(Json::as_str).map(str::to_string))
    .collect()
}

/// The keys of password fields.
pub fn secret_keys(template: &Template, values: &Map<String, Json>) -> Vec<String> {
    Parameters {
        pages: &template.pages,
    }
    .secret_keys(values)
    .into_iter()
    .collect()
}

/// The values without password fields (what a state file may keep).
pub fn without_secrets(template: &Template, values: &Map<String, Json>) -> Map<String, Json> {
    let secret = Parameters {
        pages: &template.pages,
    }
    .secret_keys(values);
    values
        .iter()
        .filter(|(k, _)| !secret.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

pub fn read_values(file: &Path) -> Result<Map<String, Json>> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::ReadFile {
        path: file.to_path_buf(),
        source,
    })?;
    let value: Json = serde_norway::from_str(&text).map_err(|e| {
        let (line, column, message) = crate::config::yaml_error(&e);
        Error::ConfigSyntax {
            path: file.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    match value {
        Json::Object(map) => Ok(map),
        Json::Null => Ok(Map::new()),
        _ => Err(Error::InvalidFlag {
            flag: "--values",
            value: file.display().to_string(),
            reason: "must hold a mapping of parameter names to values".into(),
            hint: None,
        }),
    }
}

/// `--secret k=v` and `PLAT_SECRET_<KEY>`.
pub fn secrets(flags: &[String]) -> Result<Map<String, Json>> {
    let mut secrets = Map::new();
    for (key, value) in std::env::vars() {
        if let Some(name) = key.strip_prefix("PLAT_SECRET_") {
            secrets.insert(name.to_string(), Json::String(value));
        }
    }
    for flag in flags {
        let (key, value) = flag.split_once('=').ok_or_else(|| Error::InvalidFlag {
            flag: "--secret",
            value: flag.split('=').next().unwrap_or_default().to_string(),
            reason: "expected KEY=VALUE".into(),
            hint: None,
        })?;
        secrets.insert(key.to_string(), Json::String(value.to_string()));
    }
    Ok(secrets)
}

/// `user.entity`: the catalog User whose profile email is `git config user.email`.
pub fn user(catalog: &Catalog) -> Json {
    let email = git2::Config::open_default()
        .ok()
        .and_then(|c| c.get_string("user.email").ok());
    let Some(email) = email else { return json!({}) };
    catalog
        .entities()
        .iter()
        .find(|e| {
            e.reference.kind == "User"
                && e.json["spec"]["profile"]["email"]
                    .as_str()
                    .is_some_and(|m| m.eq_ignore_ascii_case(&email))
        })
        .map(|e| json!({"entity": e.json, "ref": e.key()}))
        .unwrap_or_else(|| json!({}))
}

fn entity_choices(catalog: &Catalog, kinds: &[String]) -> Vec<(String, String)> {
    catalog
        .entities()
        .iter()
        .filter(|e| {
            kinds.is_empty()
                || kinds
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&e.reference.kind))
        })
        .map(|e| {
            let title = e.json["metadata"]["title"]
                .as_str()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            (e.key().to_string(), format!("{}{title}", e.key()))
        })
        .collect()
}
