//! What `plat env` does: plan (no cluster), up (apply, prune, wait), list,
//! down, extend and gc. Every change to a namespace first checks that plat
//! made it; deletions carry the namespace's uid as a precondition.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use super::cluster::{Cluster, Resource};
use super::environment::{Environment, is_managed};
use super::manifests::{Manifest, find_manifest_dir, render_manifests};
use super::naming::{label_value, namespace_name};
use super::rollout::{Rollout, rollout_status};
use super::{
    ANNOTATION_APPLIED, ANNOTATION_EXPIRES, ANNOTATION_JANITOR, ANNOTATION_URL,
    ENVIRONMENT_PREVIEW, LABEL_ENVIRONMENT, LABEL_PR, LABEL_SERVICE, MANAGED_BY, MANAGER,
    PreviewError, selector,
};

/// What `plat env up` is asked for.
#[derive(Debug, Clone)]
pub struct Up {
    pub service: String,
    /// Where the service's catalog-info.yaml is: manifests are found from here.
    pub service_dir: PathBuf,
    pub pr: u64,
    pub ttl: Duration,
    /// Default `pr-N`.
    pub image_tag: Option<String>,
    /// `environments.namespace`, e.g. `pr-{{ pr }}-{{ service }}`.
    pub namespace_pattern: String,
    /// `environments.manifests`, relative to the service's directory.
    pub manifests: Option<String>,
    /// `environments.domain`: hosts are `<namespace>.<domain>`.
    pub domain: Option<String>,
    pub force_conflicts: bool,
    /// Wait for rollouts this long.
    pub wait: Option<Duration>,
}

/// The namespace and objects `up` would apply.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub namespace: Json,
    pub objects: Vec<Json>,
    pub url: Option<String>,
    #[serde(skip)]
    pub manifests: Vec<Manifest>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpReport {
    pub namespace: String,
    pub url: Option<String>,
    pub expires: String,
    /// `Kind/name` of every object applied.
    pub applied: Vec<String>,
    /// `Kind/name` of objects plat applied before and the manifests no longer hold.
    pub pruned: Vec<String>,
    /// Whether the namespace was new.
    pub created: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Down {
    pub namespace: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gc {
    /// Expired environments (deleted, unless a dry run).
    pub expired: Vec<Environment>,
    pub kept: usize,
    pub dry_run: bool,
}

/// Kinds that are not namespaced (for plans made without a cluster).
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "CSIDriver",
    "RuntimeClass",
];

fn rfc3339(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn expiry(now: Timestamp, ttl: Duration) -> Result<Timestamp, PreviewError> {
    jiff::SignedDuration::try_from(ttl)
        .ok()
        .and_then(|d| now.checked_add(d).ok())
        .ok_or_else(|| PreviewError::Config {
            key: "--ttl".into(),
            message: "is too long".into(),
        })
}

/// Labels plat puts on the namespace and on every object.
fn labels(up_service: &str, pr: u64) -> Map<String, Json> {
    let mut labels = Map::new();
    labels.insert(MANAGED_BY.into(), json!(MANAGER));
    labels.insert(LABEL_PR.into(), json!(pr.to_string()));
    labels.insert(LABEL_SERVICE.into(), json!(label_value(up_service)));
    labels.insert(LABEL_ENVIRONMENT.into(), json!(ENVIRONMENT_PREVIEW));
    labels
}

fn namespace_object(name: &str, labels: Map<String, Json>, annotations: Map<String, Json>) -> Json {
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels, "annotations": annotations}})
}

fn object_key(object: &Json) -> Json {
    json!({"apiVersion": object["apiVersion"], "kind": object["kind"], "name": object["metadata"]["name"]})
}

fn describe(object: &Json) -> String {
    format!(
        "{}/{}",
        object["kind"].as_str().unwrap_or_default(),
        object["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// The preview URL: the first Ingress host, else `<namespace>.<domain>`.
fn preview_url(objects: &[Json], namespace: &str, domain: Option<&str>) -> Option<String> {
    for object in objects.iter().filter(|o| o["kind"] == "Ingress") {
        if let Some(host) = object["spec"]["rules"][0]["host"].as_str() {
            let tls = object["spec"]["tls"]
                .as_array()
                .is_some_and(|t| !t.is_empty());
            return Some(format!("{}://{host}", if tls { "https" } else { "http" }));
        }
    }
    domain.map(|domain| format!("https://{namespace}.{domain}"))
}

/// The namespace and rendered objects, without a cluster. `namespaced`
/// says whether a kind is namespaced (discovery, or the known list).
fn build(
    up: &Up,
    now: Timestamp,
    namespaced: &dyn Fn(&Manifest) -> Result<bool, PreviewError>,
) -> Result<Plan, PreviewError> {
    let namespace = namespace_name(&up.namespace_pattern, up.pr, &up.service)?;
    let dir = find_manifest_dir(&up.service_dir, up.manifests.as_deref())?;
    let host = up.domain.as_ref().map(|d| format!("{namespace}.{d}"));
    let values = json!({
        "namespace": namespace,
        "pr": up.pr,
        "service": up.service,
        "image_tag": up.image_tag.clone().unwrap_or_else(|| format!("pr-{}", up.pr)),
        "host": host,
        "domain": up.domain,
        "replicas": 1,
    });
    let manifests = render_manifests(&dir, &values)?;
    let labels = labels(&up.service, up.pr);
    let mut objects = Vec::new();
    for manifest in &manifests {
        if !namespaced(manifest)? {
            return Err(PreviewError::Manifest {
                file: manifest.file.clone(),
                line: manifest.line,
                column: 1,
                message: format!(
                    "{} is cluster-scoped: a preview environment holds only namespaced objects",
                    manifest.kind()
                ),
            });
        }
        let mut object = manifest.object.clone();
        object["metadata"]["namespace"] = json!(namespace);
        let merged = object["metadata"]["labels"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut all = merged;
        all.extend(labels.clone());
        object["metadata"]["labels"] = Json::Object(all);
        objects.push(object);
    }
    let url = preview_url(&objects, &namespace, up.domain.as_deref());
    let expires = rfc3339(expiry(now, up.ttl)?);
    let mut annotations = Map::new();
    annotations.insert(ANNOTATION_EXPIRES.into(), json!(expires));
    annotations.insert(ANNOTATION_JANITOR.into(), json!(expires));
    annotations.insert(
        ANNOTATION_APPLIED.into(),
        json!(Json::Array(objects.iter().map(object_key).collect()).to_string()),
    );
    if let Some(url) = &url {
        annotations.insert(ANNOTATION_URL.into(), json!(url));
    }
    Ok(Plan {
        namespace: namespace_object(&namespace, labels, annotations),
        objects,
        url,
        manifests,
    })
}

/// What `up` would apply, with no cluster contact.
pub fn plan(up: &Up, now: Timestamp) -> Result<Plan, PreviewError> {
    build(up, now, &|manifest| {
        Ok(!CLUSTER_SCOPED.contains(&manifest.kind()))
    })
}

/// A namespace plat may change: absent, or labelled as plat's.
fn owned_namespace(cluster: &Cluster, name: &str) -> Result<Option<Json>, PreviewError> {
    match cluster.get(&Cluster::namespaces(), None, name)? {
        Some(namespace) if !is_managed(&namespace) => Err(PreviewError::NotManaged {
            namespace: name.into(),
        }),
        other => Ok(other),
    }
}

fn resolve(cluster: &Cluster, manifest: &Manifest) -> Result<Resource, PreviewError> {
    cluster
        .resource(manifest.api_version(), manifest.kind())?
        .ok_or_else(|| PreviewError::UnknownKind {
            file: manifest.file.clone(),
            api_version: manifest.api_version().into(),
            kind: manifest.kind().into(),
        })
}

/// Creates or updates the environment; `progress` hears what happens.
pub fn up(
    cluster: &Cluster,
    up: &Up,
    now: Timestamp,
    progress: &dyn Fn(&str),
) -> Result<UpReport, PreviewError> {
    let plan = build(up, now, &|manifest| {
        resolve(cluster, manifest).map(|r| r.namespaced)
    })?;
    let name = plan.namespace["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let existing = owned_namespace(cluster, &name)?;
    if existing
        .as_ref()
        .is_some_and(|ns| ns["status"]["phase"] == "Terminating")
    {
        return Err(PreviewError::Api {
            what: format!("namespace {name}"),
            message: "is being deleted; run `plat env up` again once it is gone".into(),
        });
    }
    let before: Vec<Json> = existing
        .as_ref()
        .and_then(|ns| ns["metadata"]["annotations"][ANNOTATION_APPLIED].as_str())
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    progress(&format!("namespace {name}"));
    cluster.apply(
        &Cluster::namespaces(),
        None,
        &plan.namespace,
        up.force_conflicts,
    )?;
    let mut applied = Vec::new();
    for (manifest, object) in plan.manifests.iter().zip(&plan.objects) {
        let resource = resolve(cluster, manifest)?;
        progress(&format!("apply {}", describe(object)));
        cluster.apply(&resource, Some(&name), object, up.force_conflicts)?;
        applied.push(describe(object));
    }
    // Prune what plat applied before and the manifests no longer hold.
    let now_applied: Vec<Json> = plan.objects.iter().map(object_key).collect();
    let mut pruned = Vec::new();
    for gone in before.iter().filter(|key| !now_applied.contains(key)) {
        let (Some(api_version), Some(kind), Some(object)) = (
            gone["apiVersion"].as_str(),
            gone["kind"].as_str(),
            gone["name"].as_str(),
        ) else {
            continue;
        };
        if let Some(resource) = cluster.resource(api_version, kind)? {
            progress(&format!("prune {kind}/{object}"));
            cluster.delete(&resource, Some(&name), object, None)?;
            pruned.push(format!("{kind}/{object}"));
        }
    }
    if let Some(timeout) = up.wait {
        wait(cluster, &plan, &name, timeout, progress)?;
    }
    Ok(UpReport {
        namespace: name,
        url: plan.url.clone(),
        expires: plan.namespace["metadata"]["annotations"][ANNOTATION_EXPIRES]
            .as_str()
            .unwrap_or_default()
            .into(),
        applied,
        pruned,
        created: existing.is_none(),
    })
}

/// Polls the Deployments and StatefulSets until all have rolled out.
fn wait(
    cluster: &Cluster,
    plan: &Plan,
    namespace: &str,
    timeout: Duration,
    progress: &dyn Fn(&str),
) -> Result<(), PreviewError> {
    let workloads: Vec<(&Manifest, &Json)> = plan
        .manifests
        .iter()
        .zip(&plan.objects)
        .filter(|(_, o)| o["kind"] == "Deployment" || o["kind"] == "StatefulSet")
        .collect();
    let start = Instant::now();
    let mut pause = Duration::from_millis(200);
    loop {
        let mut waiting = Vec::new();
        for (manifest, object) in &workloads {
            let resource = resolve(cluster, manifest)?;
            let name = object["metadata"]["name"].as_str().unwrap_or_default();
            let current = cluster
                .get(&resource, Some(namespace), name)?
                .unwrap_or(Json::Null);
            match rollout_status(&current) {
                Rollout::Done => {}
                Rollout::Waiting(why) => waiting.push(why),
                Rollout::Failed(why) => {
                    return Err(PreviewError::Rollout {
                        object: describe(object),
                        message: why,
                    });
                }
            }
        }
        if waiting.is_empty() {
            progress("rolled out");
            return Ok(());
        }
        if start.elapsed() >= timeout {
            return Err(PreviewError::Timeout {
                timeout: format!("{}s", timeout.as_secs()),
                waiting,
            });
        }
        progress(&waiting.join("; "));
        std::thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}

/// Every environment plat made (of `service`, or all), with readiness.
pub fn list(cluster: &Cluster, service: Option<&str>) -> Result<Vec<Environment>, PreviewError> {
    let namespaces = cluster.list(&Cluster::namespaces(), None, &selector(service))?;
    let workload_kinds = [("apps/v1", "Deployment"), ("apps/v1", "StatefulSet")];
    let resources: Vec<Resource> = workload_kinds
        .iter()
        .filter_map(|(v, k)| cluster.resource(v, k).transpose())
        .collect::<Result<_, _>>()?;
    let mut environments = Vec::new();
    for namespace in &namespaces {
        let Some(mut environment) = Environment::from_namespace(namespace) else {
            continue;
        };
        let mut total = 0;
        let mut ready = 0;
        for resource in &resources {
            for workload in cluster.list(resource, Some(&environment.namespace), "")? {
                total += 1;
                if rollout_status(&workload) == Rollout::Done {
                    ready += 1;
                }
            }
        }
        environment.ready = Some((ready, total));
        environments.push(environment);
    }
    environments.sort_by(|a, b| {
        a.service
            .cmp(&b.service)
            .then(a.pr.cmp(&b.pr))
            .then(a.namespace.cmp(&b.namespace))
    });
    Ok(environments)
}

/// Deletes the environment in `namespace` (only plat's, only that one).
pub fn down(cluster: &Cluster, namespace: &str) -> Result<Down, PreviewError> {
    let found = owned_namespace(cluster, namespace)?.ok_or_else(|| PreviewError::NotFound {
        namespace: namespace.into(),
    })?;
    let uid = found["metadata"]["uid"].as_str();
    cluster.delete(&Cluster::namespaces(), None, namespace, uid)?;
    Ok(Down {
        namespace: namespace.into(),
    })
}

/// Moves the expiry to `now + ttl`.
pub fn extend(
    cluster: &Cluster,
    namespace: &str,
    ttl: Duration,
    now: Timestamp,
) -> Result<Environment, PreviewError> {
    let found = owned_namespace(cluster, namespace)?.ok_or_else(|| PreviewError::NotFound {
        namespace: namespace.into(),
    })?;
    let expires = rfc3339(expiry(now, ttl)?);
    // Apply sends everything plat manages on the namespace, or it is removed.
    let mut labels = Map::new();
    for key in [MANAGED_BY, LABEL_PR, LABEL_SERVICE, LABEL_ENVIRONMENT] {
        if let Some(value) = found["metadata"]["labels"].get(key) {
            labels.insert(key.into(), value.clone());
        }
    }
    let mut annotations = Map::new();
    for key in [ANNOTATION_APPLIED, ANNOTATION_URL] {
        if let Some(value) = found["metadata"]["annotations"].get(key) {
            annotations.insert(key.into(), value.clone());
        }
    }
    annotations.insert(ANNOTATION_EXPIRES.into(), json!(expires));
    annotations.insert(ANNOTATION_JANITOR.into(), json!(expires));
    let applied = cluster.apply(
        &Cluster::namespaces(),
        None,
        &namespace_object(namespace, labels, annotations),
        false,
    )?;
    Environment::from_namespace(&applied).ok_or_else(|| PreviewError::NotManaged {
        namespace: namespace.into(),
    })
}

/// Deletes every expired environment (or only lists them).
pub fn gc(
    cluster: &Cluster,
    now: Timestamp,
    dry_run: bool,
    progress: &dyn Fn(&str),
) -> Result<Gc, PreviewError> {
    let namespaces = cluster.list(&Cluster::namespaces(), None, &selector(None))?;
    let environments: Vec<Environment> = namespaces
        .iter()
        .filter_map(Environment::from_namespace)
        .collect();
    let kept = environments.iter().filter(|e| !e.expired(now)).count();
    let expired: Vec<Environment> = environments
        .into_iter()
        .filter(|e| e.expired(now) && e.phase != "Terminating")
        .collect();
    if !dry_run {
        for environment in &expired {
            progress(&format!("delete {}", environment.namespace));
            cluster.delete(
                &Cluster::namespaces(),
                None,
                &environment.namespace,
                environment.uid.as_deref(),
            )?;
        }
    }
    Ok(Gc {
        expired,
        kept,
        dry_run,
    })
}
