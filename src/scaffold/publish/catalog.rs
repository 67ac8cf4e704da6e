//! `catalog:register`: the new catalog-info.yaml registered as a location,
//! in the configured Backstage (`POST /api/catalog/locations`), or else in
//! plat.yaml's `catalog.locations`, so that `plat catalog ls` shows it.

use std::path::Path;

use reqwest::Method;
use serde_json::{Value as Json, json};

use super::{Plan, Publishers, join, string};
use crate::catalog::yaml;
use crate::http::api::Call;

/// `catalogInfoUrl`, or `repoContentsUrl` + `catalogInfoPath`.
fn catalog_info_url(input: &Json) -> Result<String, String> {
    if let Some(url) = string(input, "catalogInfoUrl") {
        return Ok(url.to_string());
    }
    let contents = string(input, "repoContentsUrl")
        .ok_or("input `catalogInfoUrl` or `repoContentsUrl` is required")?;
    let path = string(input, "catalogInfoPath").unwrap_or("/catalog-info.yaml");
    Ok(format!(
        "{contents}{}{}",
        if path.starts_with('/') { "" } else { "/" },
        path
    ))
}

/// The ref of the entity the workspace's catalog file holds (the first one
/// that is not a Location), as Backstage reports it after registering.
fn entity_ref(input: &Json, workspace: &Path) -> Option<String> {
    let path = string(input, "catalogInfoPath").unwrap_or("/catalog-info.yaml");
    let file = crate::scaffold::workspace::resolve(workspace, path.trim_start_matches('/')).ok()?;
    let text = std::fs::read_to_string(file).ok()?;
    yaml::split_documents(&text)
        .into_iter()
        .filter_map(|part| serde_norway::from_str::<Json>(part.text).ok())
        .filter(|doc| doc["kind"].as_str().is_some_and(|k| k != "Location"))
        .find_map(|doc| {
            let kind = doc["kind"].as_str()?.to_lowercase();
            let name = doc["metadata"]["name"].as_str()?;
            let namespace = doc["metadata"]["namespace"].as_str().unwrap_or("default");
            Some(format!("{kind}:{namespace}/{name}"))
        })
}

pub fn register(
    publishers: &Publishers<'_>,
    input: &Json,
    workspace: &Path,
) -> Result<Json, String> {
    let url = catalog_info_url(input)?;
    let result = match &publishers.integrations.backstage {
        Some(backstage) => {
            let mut call = Call::new(
                Method::POST,
                join(&backstage.base_url, "api/catalog/locations"),
            )
            .json(json!({"type": "url", "target": url}));
            if let Some(token) = &backstage.token {
                call = call.authorization(&format!("Bearer {token}"));
            }
            match publishers.call(call) {
                // 409: the location is already registered, which is what was wanted.
                Ok(reply) if reply.is_success() || reply.status == 409 => Ok(()),
                Ok(reply) => Err(format!(
                    "Backstage refused to register {url} ({}): {}",
                    reply.status,
                    reply.message()
                )),
                Err(error) => Err(error),
            }
        }
        None => crate::config::add_catalog_location(&publishers.config_file, &url)
            .map(|_| ())
            .map_err(|e| {
                format!(
                    "cannot add {url} to {}: {e}",
                    publishers.config_file.display()
                )
            }),
    };
    match result {
        Ok(()) => {}
        Err(_) if input["optional"] == true => {}
        Err(error) => return Err(error),
    }
    let mut output = json!({"catalogInfoUrl": url});
    if let Some(reference) = entity_ref(input, workspace) {
        output["entityRef"] = json!(reference);
    }
    Ok(output)
}

pub fn plan(publishers: &Publishers<'_>, input: &Json, workspace: &Path) -> Plan {
    let url = catalog_info_url(input).unwrap_or_else(|e| format!("({e})"));
    let sends = match &publishers.integrations.backstage {
        Some(backstage) => vec![format!(
            "POST {} {}",
            join(&backstage.base_url, "api/catalog/locations"),
            json!({"type": "url", "target": url})
        )],
        None => vec![format!(
            "add {url} to catalog.locations in {}",
            publishers.config_file.display()
        )],
    };
    let mut output = json!({"catalogInfoUrl": url});
    if let Some(reference) = entity_ref(input, workspace) {
        output["entityRef"] = json!(reference);
    }
    Plan { sends, output }
}

pub fn preflight(publishers: &Publishers<'_>, input: &Json) -> Vec<String> {
    let optional = input["optional"] == true;
    let problems = match &publishers.integrations.backstage {
        Some(backstage) => {
            let mut call = Call::new(
                Method::GET,
                join(&backstage.base_url, "api/catalog/entities?limit=1"),
            );
            if let Some(token) = &backstage.token {
                call = call.authorization(&format!("Bearer {token}"));
            }
            match publishers.call(call) {
                Ok(reply) if reply.is_success() => Vec::new(),
                Ok(reply) if reply.status == 401 => vec![format!(
                    "Backstage at {} rejected the token (401 {}): set integrations.backstage.token",
                    backstage.base_url,
                    reply.message()
                )],
                Ok(reply) => vec![format!(
                    "Backstage at {} answered {}: {}",
                    backstage.base_url,
                    reply.status,
                    reply.message()
                )],
                Err(error) => vec![format!("cannot reach Backstage: {error}")],
            }
        }
        None => {
            let file = &publishers.config_file;
            let writable = if file.exists() {
                std::fs::OpenOptions::new().append(true).open(file).is_ok()
            } else {
                file.parent().is_some_and(|dir| dir.is_dir())
            };
            if writable {
                Vec::new()
            } else {
                vec![format!(
                    "cannot write {} to add the new catalog location",
                    file.display()
                )]
            }
        }
    };
    if optional { Vec::new() } else { problems }
}
