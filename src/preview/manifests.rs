//! A service's manifests: the YAML files of its deploy directory, rendered
//! with minijinja (`namespace`, `pr`, `service`, `image_tag`, `host`,
//! `replicas`, `domain`), split into documents, each an object to apply.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::PreviewError;
use crate::catalog::yaml;

/// One object from a manifest file.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub file: PathBuf,
    /// 1-based line where its document starts.
    pub line: usize,
    pub object: Json,
}

impl Manifest {
    pub fn api_version(&self) -> &str {
        self.object["apiVersion"].as_str().unwrap_or_default()
    }

    pub fn kind(&self) -> &str {
        self.object["kind"].as_str().unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.object["metadata"]["name"].as_str().unwrap_or_default()
    }
}

/// The deploy directory: `configured` (relative to the service's
/// directory), else `deploy/`, else `k8s/`.
pub fn find_manifest_dir(
    service_dir: &Path,
    configured: Option<&str>,
) -> Result<PathBuf, PreviewError> {
    let candidates: Vec<PathBuf> = match configured {
        Some(dir) => vec![service_dir.join(dir)],
        None => vec![service_dir.join("deploy"), service_dir.join("k8s")],
    };
    candidates
        .iter()
        .find(|dir| dir.is_dir())
        .cloned()
        .ok_or(PreviewError::NoManifests { tried: candidates })
}

/// Every object in the directory's `.yaml`/`.yml` files (sorted by path,
/// subdirectories included), rendered with `values`.
pub fn render_manifests(dir: &Path, values: &Json) -> Result<Vec<Manifest>, PreviewError> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .map(|entry| entry.into_path())
        .filter(|path| {
            path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(PreviewError::NoManifests {
            tried: vec![dir.to_path_buf()],
        });
    }
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);

    let mut manifests = Vec::new();
    for file in files {
        let problem = |line: usize, column: usize, message: String| PreviewError::Manifest {
            file: file.clone(),
            line,
            column,
            message,
        };
        let text = std::fs::read_to_string(&file).map_err(|e| problem(1, 1, e.to_string()))?;
        let rendered = env
            .render_str(
                &text,
                minijinja::Value::from(minijinja::value::Serde(values)),
            )
            .map_err(|e| {
                let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
                problem(e.line().unwrap_or(1), 1, format!("{}{detail}", e.kind()))
            })?;
        for document in yaml::split_documents(&rendered) {
            let value: Json = serde_norway::from_str(document.text).map_err(|e| {
                let (line, column, message) = crate::config::yaml_error(&e);
                problem(document.first_line + line, column, message)
            })?;
            let line = document.first_line + 1;
            match value {
                Json::Null => continue,
                Json::Object(_) if value["kind"] == "List" => {
                    for item in value["items"].as_array().into_iter().flatten() {
                        manifests.push(check(&file, line, item.clone())?);
                    }
                }
                Json::Object(_) => manifests.push(check(&file, line, value)?),
                _ => {
                    return Err(problem(
                        line,
                        1,
                        "a manifest document must be a mapping (an object)".into(),
                    ));
                }
            }
        }
    }
    Ok(manifests)
}

fn check(file: &Path, line: usize, object: Json) -> Result<Manifest, PreviewError> {
    let missing = ["apiVersion", "kind"]
        .into_iter()
        .find(|k| !object[k].is_string())
        .or_else(|| (!object["metadata"]["name"].is_string()).then_some("metadata.name"));
    if let Some(key) = missing {
        return Err(PreviewError::Manifest {
            file: file.to_path_buf(),
            line,
            column: 1,
            message: format!("the object has no {key}"),
        });
    }
    Ok(Manifest {
        file: file.to_path_buf(),
        line,
        object,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ service }}\nspec:\n  replicas: {{ replicas }}\n---\n# nothing\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ service }}\n",
        )
        .unwrap();
        let manifests = render_manifests(
            dir.path(),
            &serde_json::json!({"service": "web", "replicas": 1}),
        )
        .unwrap();
        assert_eq!(manifests.len(), 2);
        assert_eq!(manifests[0].object["spec"]["replicas"], 1);
        assert_eq!(manifests[1].kind(), "Service");
        assert_eq!(manifests[1].line, 9, "the line of its `---`");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.yaml"),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ nope }}\n",
        )
        .unwrap();
        let error = render_manifests(dir.path(), &serde_json::json!({}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("a.yaml:4:"), "{error}");
        std::fs::write(
            dir.path().join("a.yaml"),
            "apiVersion: v1\nkind: Service\n---\nkind: [\n",
        )
        .unwrap();
        let error = render_manifests(dir.path(), &serde_json::json!({}))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a.yaml:1:1: the object has no metadata.name"),
            "{error}"
        );
    }
}
