//! `plat:environment:create`: a preview environment for the new service
//! (`plat env up` from a template), from the manifests in the workspace.
//! Inputs `serviceName`, `prNumber`, `ttlHours`; outputs `previewUrl`,
//! `namespaceName`.

use std::path::Path;

use serde_json::{Value as Json, json};

use super::{Plan, Publishers, required};
use crate::preview::{self, Cluster, Up};

fn request(publishers: &Publishers<'_>, input: &Json, workspace: &Path) -> Result<Up, String> {
    let service = required(input, "serviceName")?.to_string();
    let pr = match &input["prNumber"] {
        Json::Number(n) => n.as_u64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or("input `prNumber` must be a pull request number")?;
    let hours = match &input["ttlHours"] {
        Json::Null => 48.0,
        Json::Number(n) => n.as_f64().unwrap_or(48.0),
        Json::String(s) => s
            .trim()
            .parse()
            .map_err(|_| "input `ttlHours` must be a number")?,
        _ => return Err("input `ttlHours` must be a number".into()),
    };
    let ttl = crate::time::hours(hours).map_err(
        |_| "input `ttlHours` is out of range: more than 0 and at most 876000 (100 years)",
    )?;
    let settings = &publishers.environments;
    Ok(Up {
        service,
        service_dir: workspace.to_path_buf(),
        pr,
        ttl,
        image_tag: None,
        namespace_pattern: settings.namespace_pattern(),
        manifests: settings.manifests.clone(),
        domain: settings.domain.clone(),
        force_conflicts: false,
        wait: None,
    })
}

fn cluster<'a>(publishers: &'a Publishers<'_>) -> Result<&'a Cluster, String> {
    publishers
        .cluster
        .get_or_init(|| Cluster::connect(&publishers.cluster_options).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

pub fn create(publishers: &Publishers<'_>, input: &Json, workspace: &Path) -> Result<Json, String> {
    let up = request(publishers, input, workspace)?;
    let report = preview::up(cluster(publishers)?, &up, jiff::Timestamp::now(), &|_| {})
        .map_err(|e| e.to_string())?;
    Ok(json!({"previewUrl": report.url, "namespaceName": report.namespace}))
}

pub fn plan(publishers: &Publishers<'_>, input: &Json, workspace: &Path) -> Plan {
    let planned = request(publishers, input, workspace)
        .and_then(|up| preview::plan(&up, jiff::Timestamp::now()).map_err(|e| e.to_string()));
    match planned {
        Ok(plan) => {
            let namespace = plan.namespace["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let mut sends = vec![format!(
                "apply Namespace/{namespace} (server-side, field manager plat)"
            )];
            sends.extend(plan.objects.iter().map(|o| {
                format!(
                    "apply {}/{} in {namespace}",
                    o["kind"].as_str().unwrap_or_default(),
                    o["metadata"]["name"].as_str().unwrap_or_default()
                )
            }));
            Plan {
                sends,
                output: json!({"previewUrl": plan.url, "namespaceName": namespace}),
            }
        }
        Err(problem) => Plan {
            sends: vec![format!("(cannot plan: {problem})")],
            output: Json::Null,
        },
    }
}

pub fn preflight(publishers: &Publishers<'_>, input: &Json, workspace: &Path) -> Vec<String> {
    let up = match request(publishers, input, workspace) {
        Ok(up) => up,
        Err(problem) => return vec![problem],
    };
    let plan = match preview::plan(&up, jiff::Timestamp::now()) {
        Ok(plan) => plan,
        Err(error) => return vec![error.to_string()],
    };
    let cluster = match cluster(publishers) {
        Ok(cluster) => cluster,
        Err(problem) => return vec![problem],
    };
    let name = plan.namespace["metadata"]["name"]
        .as_str()
        .unwrap_or_default();
    match cluster.get(&Cluster::namespaces(), None, name) {
        Ok(Some(namespace))
            if namespace["metadata"]["labels"][preview::MANAGED_BY] != preview::MANAGER =>
        {
            vec![
                preview::PreviewError::NotManaged {
                    namespace: name.into(),
                }
                .to_string(),
            ]
        }
        Ok(_) => Vec::new(),
        Err(error) => vec![error.to_string()],
    }
}
