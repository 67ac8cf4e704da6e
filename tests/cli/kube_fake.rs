//! A fake Kubernetes API server on 127.0.0.1, for `plat env` (no real API
//! server can run on these machines). It follows the real one where plat
//! and kubectl depend on it:
//!
//! - bearer-token authentication (401 `Status` otherwise), RBAC denials on
//!   request (403 with the real message format);
//! - discovery: `/version`, `/api`, `/api/v1`, `/apis`, `/apis/{group}/{version}`
//!   (legacy JSON, which kubectl falls back to when it asks for aggregated
//!   discovery);
//! - any listed resource, cluster-scoped or namespaced: get, list (with
//!   equality- and set-based `labelSelector`, `fieldSelector=metadata.name`,
//!   across namespaces or in one, in chunks with `limit` and `continue`),
//!   create (POST), update (PUT), merge patches, and server-side apply
//!   (`application/apply-patch+yaml`, `fieldManager`, `force`), with
//!   `managedFields` ownership per manager: conflicts (409 with the real
//!   message and causes), forced takeover, and removal of fields a manager
//!   stops applying; `generation` bumps when the spec changes;
//! - delete with `preconditions.uid` (409 on mismatch); namespaces go
//!   `Terminating` for two more reads, then 404, taking their objects with
//!   them; objects in a missing namespace are 404 `namespaces "x" not found`;
//! - Deployment and StatefulSet status that progresses over reads (and a
//!   Deployment that can be made to fail with ProgressDeadlineExceeded);
//! - the `status` subresource (what controllers and the kubelet write):
//!   GET, PUT and patches of `.../{name}/status`; writes to the object
//!   itself leave its status alone, and a new Pod starts `Pending`;
//!   [`KubeFake::put`] stores objects as controllers and the kubelet
//!   leave them (ReplicaSets owned by Deployments, pods with container
//!   statuses, HPA status), for tests that need a running service;
//! - server-side printing: `kubectl get` asks for a `Table`
//!   (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`) and the fake
//!   answers with the API server's columns and cells for namespaces, pods,
//!   ReplicaSets, Deployments, StatefulSets, DaemonSets, HPAs
//!   (autoscaling/v2) and Ingresses (`kube_table.rs`).
//!
//! Its fidelity is checked with the real kubectl (`kube_fidelity.rs`):
//! kubectl's get, create, apply --server-side (conflicts and
//! --force-conflicts) and delete work against it and see what a real
//! server shows; `env.rs` then checks plat's effects through kubectl too.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::kube_table;
use crate::servers::Server;

const TOKEN: &str = "fake-token";

/// A resource type the fake serves.
struct Kind {
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
    namespaced: bool,
    short: &'static [&'static str],
}

const KINDS: &[Kind] = &[
    Kind {
        group: "",
        version: "v1",
        plural: "namespaces",
        singular: "namespace",
        kind: "Namespace",
        namespaced: false,
        short: &["ns"],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "services",
        singular: "service",
        kind: "Service",
        namespaced: true,
        short: &["svc"],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "configmaps",
        singular: "configmap",
        kind: "ConfigMap",
        namespaced: true,
        short: &["cm"],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "secrets",
        singular: "secret",
        kind: "Secret",
        namespaced: true,
        short: &[],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "serviceaccounts",
        singular: "serviceaccount",
        kind: "ServiceAccount",
        namespaced: true,
        short: &["sa"],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "pods",
        singular: "pod",
        kind: "Pod",
        namespaced: true,
        short: &["po"],
    },
    Kind {
        group: "",
        version: "v1",
        plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim",
        kind: "PersistentVolumeClaim",
        namespaced: true,
        short: &["pvc"],
    },
    Kind {
        group: "apps",
        version: "v1",
        plural: "deployments",
        singular: "deployment",
        kind: "Deployment",
        namespaced: true,
        short: &["deploy"],
    },
    Kind {
        group: "apps",
        version: "v1",
        plural: "statefulsets",
        singular: "statefulset",
        kind: "StatefulSet",
        namespaced: true,
        short: &["sts"],
    },
    Kind {
        group: "apps",
        version: "v1",
        plural: "daemonsets",
        singular: "daemonset",
        kind: "DaemonSet",
        namespaced: true,
        short: &["ds"],
    },
    Kind {
        group: "apps",
        version: "v1",
        plural: "replicasets",
        singular: "replicaset",
        kind: "ReplicaSet",
        namespaced: true,
        short: &["rs"],
    },
    Kind {
        group: "networking.k8s.io",
        version: "v1",
        plural: "ingresses",
        singular: "ingress",
        kind: "Ingress",
        namespaced: true,
        short: &["ing"],
    },
    Kind {
        group: "autoscaling",
        version: "v2",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        kind: "HorizontalPodAutoscaler",
        namespaced: true,
        short: &["hpa"],
    },
    Kind {
        group: "policy",
        version: "v1",
        plural: "poddisruptionbudgets",
        singular: "poddisruptionbudget",
        kind: "PodDisruptionBudget",
        namespaced: true,
        short: &["pdb"],
    },
    Kind {
        group: "batch",
        version: "v1",
        plural: "jobs",
        singular: "job",
        kind: "Job",
        namespaced: true,
        short: &[],
    },
    Kind {
        group: "batch",
        version: "v1",
        plural: "cronjobs",
        singular: "cronjob",
        kind: "CronJob",
        namespaced: true,
        short: &["cj"],
    },
    Kind {
        group: "rbac.authorization.k8s.io",
        version: "v1",
        plural: "clusterroles",
        singular: "clusterrole",
        kind: "ClusterRole",
        namespaced: false,
        short: &[],
    },
];

impl Kind {
    fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `deployments.apps`, as messages name resources.
    fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
}

/// One path to a leaf field, in managedFields terms.
type FieldPath = Vec<String>;

struct Manager {
    name: String,
    operation: &'static str,
    api_version: String,
    time: String,
    fields: BTreeSet<FieldPath>,
}

impl Manager {
    fn new(
        name: &str,
        operation: &'static str,
        kind: &Kind,
        fields: BTreeSet<FieldPath>,
    ) -> Manager {
        Manager {
            name: name.into(),
            operation,
            api_version: kind.api_version(),
            time: Fake::now(),
            fields,
        }
    }
}

struct Stored {
    object: Value,
    managers: Vec<Manager>,
    /// Reads since the current generation was applied (status progresses with them).
    reads: u32,
    /// A namespace being deleted: reads left before it is gone.
    terminating: Option<u32>,
    /// Its status was written by a controller or the kubelet (the status
    /// subresource, or `put`): no simulated rollout overwrites it.
    controlled: bool,
}

impl Stored {
    /// The object after a write; a changed spec is a new generation, whose
    /// rollout starts over.
    fn replace(&mut self, mut object: Value, before_spec: &Value) {
        if object["spec"] != *before_spec {
            object["metadata"]["generation"] =
                json!(object["metadata"]["generation"].as_i64().unwrap_or(1) + 1);
            self.reads = 0;
        }
        self.object = object;
    }
}

#[derive(Default)]
struct Store {
    /// (plural, namespace or "", name) -> object
    objects: BTreeMap<(String, String, String), Stored>,
    denied: Vec<(String, String)>,
    /// Resources this server does not serve (an older Kubernetes).
    withheld: Vec<String>,
    failing: Vec<(String, String)>,
    /// Namespaces someone else deletes and makes again just before plat's delete arrives.
    recreated: Vec<String>,
    requests: Vec<(String, String)>,
}

struct Fake {
    store: Mutex<Store>,
    version: AtomicU64,
    uid: AtomicU64,
}

pub struct KubeFake {
    pub server: Server,
    fake: Arc<Fake>,
    /// The server's certificate, which kubeconfigs name as the cluster's CA.
    certificate: Vec<u8>,
}

pub fn kube_fake() -> KubeFake {
    let fake = Arc::new(Fake {
        store: Mutex::new(Store::default()),
        version: AtomicU64::new(100),
        uid: AtomicU64::new(1),
    });
    let state = fake.clone();
    let router = Router::new().fallback(handle).with_state(state);
    // Namespaces every cluster has.
    for name in ["default", "kube-system"] {
        let object = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}});
        let mut store = fake.store.lock().unwrap();
        fake.create(&mut store, &KINDS[0], "", object, "kube-apiserver");
    }
    // HTTPS as a real API server: kubectl sends bearer tokens only over TLS.
    let (server, certificate) = Server::start_tls(router);
    KubeFake {
        server,
        fake,
        certificate,
    }
}

impl KubeFake {
    /// Writes `dir/kubeconfig` for this server (context `fake-ctx`).
    pub fn kubeconfig(&self, dir: &Path) -> PathBuf {
        let path = dir.join("kubeconfig");
        std::fs::write(&path, self.kubeconfig_text("fake", "fake-ctx", "tester")).unwrap();
        path
    }

    /// Writes `dir/kubeconfig-NAME` whose context, cluster and user are all
    /// named NAME, so that several files merge (`KUBECONFIG=a:b`) as
    /// several clusters do.
    pub fn kubeconfig_named(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(format!("kubeconfig-{name}"));
        std::fs::write(&path, self.kubeconfig_text(name, name, name)).unwrap();
        path
    }

    /// A kubeconfig for a server at `url` that is not this one (nothing
    /// listening there, say), trusting this server's certificate.
    pub fn kubeconfig_elsewhere(&self, dir: &Path, name: &str, url: &str) -> PathBuf {
        let path = dir.join(format!("kubeconfig-{name}"));
        let text = self
            .kubeconfig_text(name, name, name)
            .replace(&self.server.base, url);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn kubeconfig_text(&self, cluster: &str, context: &str, user: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: {cluster}\n  cluster:\n    server: {}\n    certificate-authority-data: {}\ncontexts:\n- name: {context}\n  context:\n    cluster: {cluster}\n    user: {user}\n    namespace: default\ncurrent-context: {context}\nusers:\n- name: {user}\n  user:\n    token: {TOKEN}\n",
            self.server.base,
            openssl::base64::encode_block(&self.certificate)
        )
    }

    /// Requests with this verb on this resource get 403 Forbidden.
    pub fn deny(&self, verb: &str, resource: &str) {
        self.fake
            .store
            .lock()
            .unwrap()
            .denied
            .push((verb.into(), resource.into()));
    }

    /// This server does not serve `plural` (as an older Kubernetes lacks
    /// autoscaling/v2): its paths are 404.
    pub fn withhold(&self, plural: &str) {
        self.fake.store.lock().unwrap().withheld.push(plural.into());
    }

    /// This Deployment never becomes available: ProgressDeadlineExceeded.
    /// Just before the next delete of this namespace arrives, someone else
    /// deletes it and makes it again (a new uid).
    pub fn recreate_before_delete(&self, namespace: &str) {
        self.fake
            .store
            .lock()
            .unwrap()
            .recreated
            .push(namespace.into());
    }

    pub fn fail_rollout(&self, namespace: &str, deployment: &str) {
        self.fake
            .store
            .lock()
            .unwrap()
            .failing
            .push((namespace.into(), deployment.into()));
    }

    pub fn object(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        let found = KINDS
            .iter()
            .find(|k| k.kind == kind && k.api_version() == api_version)?;
        let store = self.fake.store.lock().unwrap();
        store
            .objects
            .get(&(
                found.plural.to_string(),
                namespace.unwrap_or("").to_string(),
                name.to_string(),
            ))
            .map(|s| s.object.clone())
    }

    /// Stores `object` as the controllers and the kubelet would have left
    /// it: its status is kept (and no simulated rollout replaces it), the
    /// server's metadata is filled in where missing (uid, creationTimestamp,
    /// generation), and its namespace is made if missing. An object already
    /// there is replaced, keeping its uid and creation time.
    pub fn put(&self, object: Value) -> Value {
        let kind = KINDS
            .iter()
            .find(|k| object["kind"] == k.kind && object["apiVersion"] == k.api_version().as_str())
            .unwrap_or_else(|| panic!("the fake does not serve {}", object["kind"]));
        let namespace = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let name = object["metadata"]["name"].as_str().unwrap().to_string();
        let mut store = self.fake.store.lock().unwrap();
        if kind.namespaced
            && !store.objects.contains_key(&(
                "namespaces".to_string(),
                String::new(),
                namespace.clone(),
            ))
        {
            let ns =
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}});
            self.fake
                .create(&mut store, &KINDS[0], "", ns, "kube-apiserver");
        }
        let key = Fake::key(kind, Some(&namespace), &name);
        let mut object = object;
        let metadata = &mut object["metadata"];
        if let Some(before) = store.objects.get(&key) {
            for field in ["uid", "creationTimestamp"] {
                if metadata[field].is_null() {
                    metadata[field] = before.object["metadata"][field].clone();
                }
            }
        }
        if metadata["uid"].is_null() {
            metadata["uid"] = json!(format!(
                "00000000-0000-4000-8000-{:012}",
                self.fake.uid.fetch_add(1, Ordering::SeqCst)
            ));
        }
        if metadata["creationTimestamp"].is_null() {
            metadata["creationTimestamp"] = json!(Fake::now());
        }
        if metadata["generation"].is_null() {
            metadata["generation"] = json!(1);
        }
        let fields = fields_of(&object);
        store.objects.insert(
            key,
            Stored {
                object,
                managers: vec![Manager::new(
                    "kube-controller-manager",
                    "Update",
                    kind,
                    fields,
                )],
                reads: 0,
                terminating: None,
                controlled: true,
            },
        );
        self.fake.finish(&mut store, kind, Some(&namespace), &name)
    }

    /// Every request: (method, path and query).
    pub fn requests(&self) -> Vec<(String, String)> {
        self.fake.store.lock().unwrap().requests.clone()
    }
}

// ---- errors --------------------------------------------------------------

fn status(code: StatusCode, reason: &str, message: String, details: Value) -> Response {
    let mut body = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "code": code.as_u16()});
    if !details.is_null() {
        body["details"] = details;
    }
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn not_found(kind: &Kind, name: &str) -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("{} \"{name}\" not found", kind.qualified()),
        json!({"name": name, "group": kind.group, "kind": kind.plural}),
    )
}

fn ok(code: StatusCode, body: Value) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

// ---- requests ------------------------------------------------------------

/// What a path names.
enum Target<'a> {
    Discovery(Value),
    Collection {
        kind: &'a Kind,
        namespace: Option<String>,
    },
    Object {
        kind: &'a Kind,
        namespace: Option<String>,
        name: String,
        /// `status`, for `.../{name}/status`.
        subresource: Option<String>,
    },
}

fn discovery_group(group: &str, version: &str) -> Option<Value> {
    let resources: Vec<Value> = KINDS
        .iter()
        .filter(|k| k.group == group && k.version == version)
        .map(|k| {
            json!({
                "name": k.plural, "singularName": k.singular, "namespaced": k.namespaced, "kind": k.kind,
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "shortNames": k.short,
            })
        })
        .collect();
    if resources.is_empty() {
        return None;
    }
    let group_version = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}),
    )
}

fn route(path: &str) -> Option<Target<'static>> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let find = |group: &str, version: &str, plural: &str| {
        KINDS
            .iter()
            .find(|k| k.group == group && k.version == version && k.plural == plural)
    };
    match parts.as_slice() {
        ["version"] => Some(Target::Discovery(
            json!({"major": "1", "minor": "32", "gitVersion": "v1.32.0-fake", "platform": "linux/amd64"}),
        )),
        ["api"] => Some(Target::Discovery(
            json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}),
        )),
        ["apis"] => {
            let mut groups: Vec<(&str, &str)> = KINDS
                .iter()
                .filter(|k| !k.group.is_empty())
                .map(|k| (k.group, k.version))
                .collect();
            groups.dedup();
            let groups: Vec<Value> = groups
                .iter()
                .map(|(g, v)| {
                    let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
                    json!({"name": g, "versions": [gv], "preferredVersion": gv})
                })
                .collect();
            Some(Target::Discovery(
                json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}),
            ))
        }
        ["api", version] => discovery_group("", version).map(Target::Discovery),
        ["apis", group, version] => discovery_group(group, version).map(Target::Discovery),
        ["api", "v1", plural] => find("", "v1", plural).map(|kind| Target::Collection {
            kind,
            namespace: None,
        }),
        ["api", "v1", plural, name] => find("", "v1", plural).map(|kind| Target::Object {
            kind,
            namespace: None,
            name: name.to_string(),
            subresource: None,
        }),
        ["api", "v1", "namespaces", ns, plural] => {
            find("", "v1", plural).map(|kind| Target::Collection {
                kind,
                namespace: Some(ns.to_string()),
            })
        }
        ["api", "v1", "namespaces", ns, plural, name] => {
            find("", "v1", plural).map(|kind| Target::Object {
                kind,
                namespace: Some(ns.to_string()),
                name: name.to_string(),
                subresource: None,
            })
        }
        ["apis", group, version, plural] => {
            find(group, version, plural).map(|kind| Target::Collection {
                kind,
                namespace: None,
            })
        }
        ["apis", group, version, plural, name] => {
            find(group, version, plural).map(|kind| Target::Object {
                kind,
                namespace: None,
                name: name.to_string(),
                subresource: None,
            })
        }
        ["apis", group, version, "namespaces", ns, plural] => {
            find(group, version, plural).map(|kind| Target::Collection {
                kind,
                namespace: Some(ns.to_string()),
            })
        }
        ["apis", group, version, "namespaces", ns, plural, name] => find(group, version, plural)
            .map(|kind| Target::Object {
                kind,
                namespace: Some(ns.to_string()),
                name: name.to_string(),
                subresource: None,
            }),
        ["api", "v1", "namespaces", ns, plural, name, sub] => {
            find("", "v1", plural).map(|kind| Target::Object {
                kind,
                namespace: Some(ns.to_string()),
                name: name.to_string(),
                subresource: Some(sub.to_string()),
            })
        }
        ["apis", group, version, "namespaces", ns, plural, name, sub] => {
            find(group, version, plural).map(|kind| Target::Object {
                kind,
                namespace: Some(ns.to_string()),
                name: name.to_string(),
                subresource: Some(sub.to_string()),
            })
        }
        _ => None,
    }
}

fn query(uri: &Uri) -> HashMap<String, String> {
    uri.query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

async fn handle(
    State(fake): State<Arc<Fake>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    fake.store
        .lock()
        .unwrap()
        .requests
        .push((method.to_string(), uri.to_string()));
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {TOKEN}") {
        return status(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Unauthorized".into(),
            Value::Null,
        );
    }
    let withheld = |kind: &Kind| {
        fake.store
            .lock()
            .unwrap()
            .withheld
            .iter()
            .any(|w| w == kind.plural)
    };
    let target = route(uri.path()).filter(|target| match target {
        Target::Collection { kind, .. } | Target::Object { kind, .. } => !withheld(kind),
        Target::Discovery(_) => true,
    });
    let Some(target) = target else {
        return status(
            StatusCode::NOT_FOUND,
            "NotFound",
            "the server could not find the requested resource".into(),
            Value::Null,
        );
    };
    let query = query(&uri);
    // kubectl's get asks for the server's printing of the objects.
    let table = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("as=Table"));
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    match target {
        Target::Discovery(value) if method == Method::GET => ok(StatusCode::OK, value),
        Target::Discovery(_) => status(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource".into(),
            Value::Null,
        ),
        Target::Collection { kind, namespace } => {
            let verb = match method {
                Method::GET => "list",
                Method::POST => "create",
                _ => {
                    return status(
                        StatusCode::METHOD_NOT_ALLOWED,
                        "MethodNotAllowed",
                        "the server does not allow this method on the requested resource".into(),
                        Value::Null,
                    );
                }
            };
            if let Some(denied) = fake.denied(verb, kind, namespace.as_deref(), None) {
                return denied;
            }
            if method == Method::GET {
                fake.list(kind, namespace.as_deref(), &query, table)
            } else {
                let manager = query
                    .get("fieldManager")
                    .cloned()
                    .unwrap_or_else(|| "unknown".into());
                match parse_body(&body, &content_type) {
                    Ok(object) => fake.post(kind, namespace.as_deref(), object, &manager),
                    Err(response) => response,
                }
            }
        }
        Target::Object {
            kind,
            namespace,
            name,
            subresource: Some(subresource),
        } => {
            if subresource != "status" {
                return status(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    "the server could not find the requested resource".into(),
                    Value::Null,
                );
            }
            match method {
                Method::GET => fake.get(kind, namespace.as_deref(), &name, false),
                Method::PUT | Method::PATCH => match parse_body(&body, &content_type) {
                    Ok(object) => fake.write_status(
                        kind,
                        namespace.as_deref(),
                        &name,
                        &object,
                        method == Method::PATCH,
                    ),
                    Err(response) => response,
                },
                _ => status(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "the server does not allow this method on the requested resource".into(),
                    Value::Null,
                ),
            }
        }
        Target::Object {
            kind,
            namespace,
            name,
            subresource: None,
        } => {
            let verb = match method {
                Method::GET => "get",
                Method::PUT => "update",
                Method::PATCH => "patch",
                Method::DELETE => "delete",
                _ => {
                    return status(
                        StatusCode::METHOD_NOT_ALLOWED,
                        "MethodNotAllowed",
                        "the server does not allow this method on the requested resource".into(),
                        Value::Null,
                    );
                }
            };
            if let Some(denied) = fake.denied(verb, kind, namespace.as_deref(), Some(&name)) {
                return denied;
            }
            match method {
                Method::GET => fake.get(kind, namespace.as_deref(), &name, table),
                Method::DELETE => fake.delete(kind, namespace.as_deref(), &name, &body),
                _ => {
                    let object = match parse_body(&body, &content_type) {
                        Ok(object) => object,
                        Err(response) => return response,
                    };
                    let manager = query.get("fieldManager").cloned();
                    if content_type.starts_with("application/apply-patch") {
                        let Some(manager) = manager else {
                            return status(StatusCode::BAD_REQUEST, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch".into(), Value::Null);
                        };
                        let force = query.get("force").is_some_and(|f| f == "true");
                        let dry_run = query.get("dryRun").is_some_and(|d| d == "All");
                        fake.apply(
                            kind,
                            namespace.as_deref(),
                            &name,
                            object,
                            &manager,
                            force,
                            dry_run,
                        )
                    } else {
                        fake.update(
                            kind,
                            namespace.as_deref(),
                            &name,
                            object,
                            &manager.unwrap_or_else(|| "unknown".into()),
                            method == Method::PUT,
                        )
                    }
                }
            }
        }
    }
}

#[allow(clippy::result_large_err)] // the error is the response itself
fn parse_body(body: &[u8], content_type: &str) -> Result<Value, Response> {
    // The fake speaks JSON and YAML only; a real server also takes protobuf.
    if content_type.contains("protobuf") || content_type.contains("cbor") {
        let message = "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/merge-patch+json";
        return Err(status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            message.into(),
            Value::Null,
        ));
    }
    let parsed: Result<Value, String> = if content_type.contains("yaml") {
        serde_norway::from_slice(body).map_err(|e| e.to_string())
    } else {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(Value::Object(map)) => Ok(Value::Object(map)),
        Ok(_) => Err(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the body of the request must be an object".into(),
            Value::Null,
        )),
        Err(e) => Err(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("the body of the request was in an unknown format: {e}"),
            Value::Null,
        )),
    }
}

// ---- label selectors -----------------------------------------------------

/// Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
/// `a notin (x)`, `a`, `!a`, joined by commas (outside parentheses). A
/// selector that does not parse is the server's 400 message.
fn matches(selector: &str, labels: &Value) -> Result<bool, String> {
    let mut terms = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    terms.push(&selector[start..]);
    let mut all = true;
    for term in terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        all &= requirement(term, labels)?;
    }
    Ok(all)
}

fn requirement(term: &str, labels: &Value) -> Result<bool, String> {
    let value = |key: &str| labels.get(key).and_then(Value::as_str).map(str::to_string);
    let key_of = |key: &str| {
        let key = key.trim();
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if valid {
            Ok(key.to_string())
        } else {
            Err(format!(
                "unable to parse requirement: invalid label key \"{key}\""
            ))
        }
    };
    if let Some(key) = term.strip_prefix('!') {
        return Ok(value(&key_of(key)?).is_none());
    }
    for (operator, negated) in [(" notin ", true), (" in ", false)] {
        if let Some((key, rest)) = term.split_once(operator) {
            let rest = rest.trim();
            let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
                let found = rest.split([' ', ',']).next().unwrap_or_default();
                return Err(format!(
                    "unable to parse requirement: found '{found}', expected: '('"
                ));
            };
            let set: Vec<&str> = inner.split(',').map(str::trim).collect();
            let present = value(&key_of(key)?);
            return Ok(if negated {
                present.is_none_or(|v| !set.contains(&v.as_str()))
            } else {
                present.is_some_and(|v| set.contains(&v.as_str()))
            });
        }
    }
    if let Some((key, expected)) = term.split_once("!=") {
        return Ok(value(&key_of(key)?).as_deref() != Some(expected.trim()));
    }
    if let Some((key, expected)) = term.split_once("==").or_else(|| term.split_once('=')) {
        return Ok(value(&key_of(key)?).as_deref() == Some(expected.trim()));
    }
    Ok(value(&key_of(term)?).is_some())
}

// ---- field ownership (server-side apply) --------------------------------

/// Leaf fields of an object as a manager sets them. Lists of objects with
/// a `name` are keyed by it (as containers, ports and env are); other lists
/// are one field.
fn leaves(value: &Value, prefix: &mut FieldPath, out: &mut BTreeSet<FieldPath>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                prefix.push(format!("f:{key}"));
                leaves(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(|i| i["name"].is_string()) => {
            for item in items {
                prefix.push(format!("k:{{\"name\":{}}}", item["name"]));
                leaves(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {
            out.insert(prefix.clone());
        }
    }
}

fn fields_of(object: &Value) -> BTreeSet<FieldPath> {
    let mut out = BTreeSet::new();
    let mut copy = object.clone();
    if let Some(map) = copy.as_object_mut() {
        map.remove("apiVersion");
        map.remove("kind");
        map.remove("status");
        if let Some(metadata) = map.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in [
                "name",
                "namespace",
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "managedFields",
                "deletionTimestamp",
            ] {
                metadata.remove(key);
            }
        }
    }
    leaves(&copy, &mut Vec::new(), &mut out);
    out
}

fn lookup<'a>(value: &'a Value, path: &[String]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    let next = if let Some(key) = first.strip_prefix("f:") {
        value.get(key)?
    } else {
        let name: Value = serde_json::from_str(first.strip_prefix("k:")?).ok()?;
        value
            .as_array()?
            .iter()
            .find(|i| i["name"] == name["name"])?
    };
    lookup(next, rest)
}

fn remove(value: &mut Value, path: &[String]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if let Some(key) = first.strip_prefix("f:") {
        let Some(map) = value.as_object_mut() else {
            return;
        };
        if rest.is_empty() {
            map.remove(key);
        } else if let Some(child) = map.get_mut(key) {
            remove(child, rest);
            if child.as_object().is_some_and(Map::is_empty)
                || child.as_array().is_some_and(Vec::is_empty)
            {
                map.remove(key);
            }
        }
    } else if let Some(name) = first
        .strip_prefix("k:")
        .and_then(|k| serde_json::from_str::<Value>(k).ok())
    {
        let Some(items) = value.as_array_mut() else {
            return;
        };
        if let Some(index) = items.iter().position(|i| i["name"] == name["name"]) {
            if rest.is_empty() {
                items.remove(index);
            } else {
                remove(&mut items[index], rest);
                if items[index]
                    .as_object()
                    .is_some_and(|m| m.keys().all(|k| k == "name"))
                {
                    items.remove(index);
                }
            }
        }
    }
}

/// Merges `patch` into `target`: maps by key, keyed lists by name, the rest replaced.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(key);
                } else {
                    merge(target.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        (Value::Array(target), Value::Array(patch))
            if !patch.is_empty()
                && patch.iter().all(|i| i["name"].is_string())
                && target.iter().all(|i| i["name"].is_string()) =>
        {
            for item in patch {
                match target.iter_mut().find(|t| t["name"] == item["name"]) {
                    Some(existing) => merge(existing, item),
                    None => target.push(item.clone()),
                }
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// managedFields' FieldsV1 form of a set of paths.
fn fields_v1(fields: &BTreeSet<FieldPath>) -> Value {
    let mut root = Map::new();
    for path in fields {
        let mut node = &mut root;
        for segment in path {
            node = node
                .entry(segment.clone())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("nodes are maps");
        }
    }
    Value::Object(root)
}

// ---- the store -----------------------------------------------------------

impl Fake {
    fn now() -> String {
        jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }

    fn next_version(&self) -> String {
        self.version.fetch_add(1, Ordering::SeqCst).to_string()
    }

    fn denied(
        &self,
        verb: &str,
        kind: &Kind,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Option<Response> {
        let store = self.store.lock().unwrap();
        if !store
            .denied
            .iter()
            .any(|(v, r)| v == verb && r == kind.plural)
        {
            return None;
        }
        let object = name
            .map(|n| format!("{} \"{n}\"", kind.qualified()))
            .unwrap_or_else(|| kind.qualified());
        // A namespace itself is scoped to its own name, as RBAC sees it.
        let scope = match (namespace, kind.plural == "namespaces", name) {
            (Some(ns), _, _) => format!(" in the namespace \"{ns}\""),
            (None, true, Some(name)) => format!(" in the namespace \"{name}\""),
            _ => " at the cluster scope".into(),
        };
        let message = format!(
            "{object} is forbidden: User \"tester\" cannot {verb} resource \"{}\" in API group \"{}\"{scope}",
            kind.plural, kind.group
        );
        Some(status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            message,
            json!({"name": name.unwrap_or_default(), "group": kind.group, "kind": kind.plural}),
        ))
    }

    fn key(kind: &Kind, namespace: Option<&str>, name: &str) -> (String, String, String) {
        (
            kind.plural.to_string(),
            if kind.namespaced {
                namespace.unwrap_or("").to_string()
            } else {
                String::new()
            },
            name.to_string(),
        )
    }

    /// Namespaced objects need their namespace (and it must not be going away).
    fn namespace_missing(
        &self,
        store: &Store,
        kind: &Kind,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Response> {
        if !kind.namespaced {
            return None;
        }
        let ns = namespace.unwrap_or("");
        match store
            .objects
            .get(&("namespaces".to_string(), String::new(), ns.to_string()))
        {
            Some(stored) if stored.object["status"]["phase"] == "Terminating" => {
                let message = format!(
                    "{} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                    kind.qualified()
                );
                Some(status(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    message,
                    json!({"kind": kind.plural}),
                ))
            }
            Some(_) => None,
            None => Some(status(
                StatusCode::NOT_FOUND,
                "NotFound",
                format!("namespaces \"{ns}\" not found"),
                json!({"name": ns, "kind": "namespaces"}),
            )),
        }
    }

    fn create(
        &self,
        store: &mut Store,
        kind: &Kind,
        namespace: &str,
        mut object: Value,
        manager: &str,
    ) -> Value {
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        object["apiVersion"] = json!(kind.api_version());
        object["kind"] = json!(kind.kind);
        let metadata = &mut object["metadata"];
        if kind.namespaced {
            metadata["namespace"] = json!(namespace);
        }
        metadata["uid"] = json!(format!(
            "00000000-0000-4000-8000-{:012}",
            self.uid.fetch_add(1, Ordering::SeqCst)
        ));
        metadata["creationTimestamp"] = json!(Fake::now());
        metadata["generation"] = json!(1);
        // A status sent with a new object is dropped: controllers and the
        // kubelet write it, through the status subresource.
        if let Some(map) = object.as_object_mut() {
            map.remove("status");
        }
        match kind.plural {
            "namespaces" => {
                object["spec"] = json!({"finalizers": ["kubernetes"]});
                object["status"] = json!({"phase": "Active"});
            }
            "pods" => object["status"] = json!({"phase": "Pending", "qosClass": "BestEffort"}),
            _ => {}
        }
        let fields = fields_of(&object);
        let stored = Stored {
            object,
            managers: vec![Manager::new(manager, "Update", kind, fields)],
            reads: 0,
            terminating: None,
            controlled: false,
        };
        store
            .objects
            .insert(Fake::key(kind, Some(namespace), &name), stored);
        self.finish(store, kind, Some(namespace), &name)
    }

    /// Sets resourceVersion and managedFields; the object as the server shows it.
    fn finish(&self, store: &mut Store, kind: &Kind, namespace: Option<&str>, name: &str) -> Value {
        let version = self.next_version();
        let stored = store
            .objects
            .get_mut(&Fake::key(kind, namespace, name))
            .expect("just stored");
        stored.object["metadata"]["resourceVersion"] = json!(version);
        let managed: Vec<Value> = stored
            .managers
            .iter()
            .filter(|m| !m.fields.is_empty())
            .map(|m| json!({"manager": m.name, "operation": m.operation, "apiVersion": m.api_version, "time": m.time, "fieldsType": "FieldsV1", "fieldsV1": fields_v1(&m.fields)}))
            .collect();
        stored.object["metadata"]["managedFields"] = json!(managed);
        stored.object.clone()
    }

    /// Deployments and StatefulSets roll out over reads: the generation is
    /// observed first, then replicas update, then they are available.
    fn progress(store: &mut Store, kind: &Kind, key: &(String, String, String)) {
        let failing = store
            .failing
            .iter()
            .any(|(ns, name)| *ns == key.1 && *name == key.2);
        let Some(stored) = store.objects.get_mut(key) else {
            return;
        };
        if stored.controlled {
            return;
        }
        stored.reads += 1;
        let object = &mut stored.object;
        let generation = object["metadata"]["generation"].as_i64().unwrap_or(1);
        let replicas = object["spec"]["replicas"].as_i64().unwrap_or(1);
        let step = stored.reads;
        match kind.kind {
            "Deployment" => {
                let mut status = json!({"observedGeneration": generation, "replicas": replicas});
                if failing {
                    status["updatedReplicas"] = json!(replicas);
                    status["unavailableReplicas"] = json!(replicas);
                    let progressing = if step >= 2 {
                        json!({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": format!("ReplicaSet \"{}\" has timed out progressing.", object["metadata"]["name"].as_str().unwrap_or_default())})
                    } else {
                        json!({"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"})
                    };
                    status["conditions"] = json!([{"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable"}, progressing]);
                } else if step == 1 {
                    status["observedGeneration"] = json!(generation - 1);
                } else if step == 2 {
                    status["updatedReplicas"] = json!(replicas);
                    status["unavailableReplicas"] = json!(replicas);
                } else {
                    status["updatedReplicas"] = json!(replicas);
                    status["readyReplicas"] = json!(replicas);
                    status["availableReplicas"] = json!(replicas);
                    status["conditions"] = json!([
                        {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}
                    ]);
                }
                object["status"] = status;
            }
            "StatefulSet" => {
                let revision = format!(
                    "{}-{generation}",
                    object["metadata"]["name"].as_str().unwrap_or_default()
                );
                object["status"] = if step < 3 {
                    json!({"observedGeneration": generation, "replicas": replicas, "readyReplicas": 0, "currentRevision": "old", "updateRevision": revision})
                } else {
                    json!({"observedGeneration": generation, "replicas": replicas, "readyReplicas": replicas, "currentReplicas": replicas, "updatedReplicas": replicas, "currentRevision": revision, "updateRevision": revision})
                };
            }
            _ => {}
        }
    }

    /// A read of a namespace being deleted counts down to its removal.
    fn terminate(store: &mut Store, key: &(String, String, String)) -> bool {
        let Some(stored) = store.objects.get_mut(key) else {
            return false;
        };
        match stored.terminating {
            Some(0) => {
                store.objects.remove(key);
                true
            }
            Some(n) => {
                stored.terminating = Some(n - 1);
                false
            }
            None => false,
        }
    }

    fn get(&self, kind: &Kind, namespace: Option<&str>, name: &str, table: bool) -> Response {
        let mut store = self.store.lock().unwrap();
        let key = Fake::key(kind, namespace, name);
        if Fake::terminate(&mut store, &key) {
            return not_found(kind, name);
        }
        Fake::progress(&mut store, kind, &key);
        let Some(stored) = store.objects.get(&key) else {
            return not_found(kind, name);
        };
        let version = self.version.load(Ordering::SeqCst).to_string();
        match table
            .then(|| kube_table::table(kind.kind, &[&stored.object], None, &version))
            .flatten()
        {
            Some(table) => ok(StatusCode::OK, table),
            None => ok(StatusCode::OK, stored.object.clone()),
        }
    }

    /// The status subresource: what controllers and the kubelet write. A
    /// PUT replaces the status, a patch merges into it; the rest of the
    /// object is left as it is.
    fn write_status(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        name: &str,
        body: &Value,
        patch: bool,
    ) -> Response {
        let mut store = self.store.lock().unwrap();
        let Some(stored) = store.objects.get_mut(&Fake::key(kind, namespace, name)) else {
            return not_found(kind, name);
        };
        if patch {
            merge(&mut stored.object["status"], &body["status"]);
        } else {
            stored.object["status"] = body["status"].clone();
        }
        stored.controlled = true;
        let written = self.finish(&mut store, kind, namespace, name);
        ok(StatusCode::OK, written)
    }

    fn list(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        query: &HashMap<String, String>,
        table: bool,
    ) -> Response {
        if let Some(Err(message)) = query
            .get("labelSelector")
            .map(|selector| matches(selector, &Value::Null))
        {
            return status(StatusCode::BAD_REQUEST, "BadRequest", message, Value::Null);
        }
        let mut store = self.store.lock().unwrap();
        let keys: Vec<(String, String, String)> = store
            .objects
            .range((kind.plural.to_string(), String::new(), String::new())..)
            .map(|(key, _)| key)
            .take_while(|(plural, _, _)| plural == kind.plural)
            .filter(|(_, ns, _)| namespace.is_none_or(|n| n == ns))
            .cloned()
            .collect();
        let mut selected = Vec::new();
        for key in keys {
            if Fake::terminate(&mut store, &key) {
                continue;
            }
            Fake::progress(&mut store, kind, &key);
            let object = &store.objects[&key].object;
            if let Some(selector) = query.get("labelSelector")
                && matches(selector, &object["metadata"]["labels"]) != Ok(true)
            {
                continue;
            }
            if let Some(field) = query
                .get("fieldSelector")
                .and_then(|f| f.strip_prefix("metadata.name="))
                && object["metadata"]["name"] != field
            {
                continue;
            }
            selected.push(key);
        }
        let version = self.version.load(Ordering::SeqCst).to_string();
        // Chunked lists (`limit`, then `continue`), as kubectl reads them.
        let start: usize = query
            .get("continue")
            .and_then(|c| c.strip_prefix("fake-offset-"))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut items: Vec<&Value> = selected
            .iter()
            .skip(start)
            .map(|key| &store.objects[key].object)
            .collect();
        let mut metadata = json!({"resourceVersion": version});
        if let Some(limit) = query
            .get("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| *l > 0 && *l < items.len())
        {
            metadata["continue"] = json!(format!("fake-offset-{}", start + limit));
            metadata["remainingItemCount"] = json!(items.len() - limit);
            items.truncate(limit);
        }
        if table {
            let include = query.get("includeObject").map(String::as_str);
            if let Some(mut table) = kube_table::table(kind.kind, &items, include, &version) {
                table["metadata"] = metadata;
                return ok(StatusCode::OK, table);
            }
        }
        // Written item by item from the store, as a server streams a list
        // from its cache (copying hundreds of objects first would make the
        // fake, not its clients, what a benchmark measures).
        let mut body = serde_json::to_vec(&json!({
            "kind": format!("{}List", kind.kind),
            "apiVersion": kind.api_version(),
            "metadata": metadata,
        }))
        .expect("JSON values serialize");
        body.pop();
        body.extend_from_slice(b",\"items\":[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            serde_json::to_writer(&mut body, item).expect("JSON values serialize");
        }
        body.extend_from_slice(b"]}");
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }

    fn invalid_name(kind: &Kind, object: &Value) -> Option<Response> {
        let name = object["metadata"]["name"].as_str().unwrap_or_default();
        let valid = !name.is_empty()
            && name.len() <= 253
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.ends_with(|c: char| c.is_ascii_alphanumeric());
        if valid {
            return None;
        }
        let message = if name.is_empty() {
            format!(
                "{} \"\" is invalid: metadata.name: Required value: name or generateName is required",
                kind.kind
            )
        } else {
            format!(
                "{} \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                kind.kind
            )
        };
        Some(status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            message,
            json!({"name": name, "kind": kind.kind}),
        ))
    }

    fn post(&self, kind: &Kind, namespace: Option<&str>, object: Value, manager: &str) -> Response {
        if let Some(invalid) = Fake::invalid_name(kind, &object) {
            return invalid;
        }
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let mut store = self.store.lock().unwrap();
        if let Some(missing) = self.namespace_missing(&store, kind, namespace, &name) {
            return missing;
        }
        if store
            .objects
            .contains_key(&Fake::key(kind, namespace, &name))
        {
            return status(
                StatusCode::CONFLICT,
                "AlreadyExists",
                format!("{} \"{name}\" already exists", kind.qualified()),
                json!({"name": name, "group": kind.group, "kind": kind.plural}),
            );
        }
        let created = self.create(&mut store, kind, namespace.unwrap_or(""), object, manager);
        ok(StatusCode::CREATED, created)
    }

    /// PUT (the whole object) or a merge patch, owned by `manager` (operation Update).
    fn update(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        name: &str,
        patch: Value,
        manager: &str,
        replace: bool,
    ) -> Response {
        let mut store = self.store.lock().unwrap();
        let key = Fake::key(kind, namespace, name);
        let Some(stored) = store.objects.get_mut(&key) else {
            return not_found(kind, name);
        };
        let before_spec = stored.object["spec"].clone();
        let mut object = stored.object.clone();
        // Writes to the object leave its status to the status subresource.
        let mut patch = patch;
        if let Some(map) = patch.as_object_mut() {
            map.remove("status");
        }
        if replace {
            let keep = object["metadata"].clone();
            object = patch.clone();
            for field in [
                "uid",
                "creationTimestamp",
                "generation",
                "namespace",
                "name",
            ] {
                object["metadata"][field] = keep[field].clone();
            }
            object["status"] = stored.object["status"].clone();
        } else {
            merge(&mut object, &patch);
        }
        let fields = fields_of(&patch);
        for other in stored.managers.iter_mut() {
            other.fields.retain(|f| !fields.contains(f));
        }
        match stored
            .managers
            .iter_mut()
            .find(|m| m.name == manager && m.operation == "Update")
        {
            Some(existing) => existing.fields.extend(fields),
            None => stored
                .managers
                .push(Manager::new(manager, "Update", kind, fields)),
        }
        stored.replace(object, &before_spec);
        let updated = self.finish(&mut store, kind, namespace, name);
        ok(StatusCode::OK, updated)
    }

    #[allow(clippy::too_many_arguments)]
    fn apply(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        name: &str,
        applied: Value,
        manager: &str,
        force: bool,
        dry_run: bool,
    ) -> Response {
        if applied["metadata"]["name"].as_str() != Some(name) {
            return status(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "the name of the object does not match the name on the URL".into(),
                Value::Null,
            );
        }
        if let Some(invalid) = Fake::invalid_name(kind, &applied) {
            return invalid;
        }
        let mut store = self.store.lock().unwrap();
        if let Some(missing) = self.namespace_missing(&store, kind, namespace, name) {
            return missing;
        }
        let key = Fake::key(kind, namespace, name);
        let mut applied = applied;
        if let Some(map) = applied.as_object_mut() {
            map.remove("status");
        }
        let fields = fields_of(&applied);
        let Some(stored) = store.objects.get_mut(&key) else {
            if dry_run {
                return ok(StatusCode::CREATED, applied);
            }
            self.create(&mut store, kind, namespace.unwrap_or(""), applied, manager);
            store.objects.get_mut(&key).expect("just created").managers[0].operation = "Apply";
            let created = self.finish(&mut store, kind, namespace, name);
            return ok(StatusCode::CREATED, created);
        };
        // Conflicts: fields another manager owns that this apply sets to another value.
        let mut conflicts: Vec<(String, String)> = Vec::new();
        for other in stored.managers.iter().filter(|m| m.name != manager) {
            for field in other.fields.intersection(&fields) {
                if lookup(&stored.object, field) != lookup(&applied, field) {
                    let dotted: String = field
                        .iter()
                        .map(|s| {
                            s.strip_prefix("f:")
                                .map(|k| format!(".{k}"))
                                .unwrap_or_else(|| {
                                    format!(
                                        "[name={}]",
                                        s.trim_start_matches("k:{\"name\":").trim_end_matches('}')
                                    )
                                })
                        })
                        .collect();
                    conflicts.push((other.name.clone(), dotted));
                }
            }
        }
        if !conflicts.is_empty() && !force {
            let listed: Vec<String> = conflicts
                .iter()
                .map(|(m, f)| format!("conflict with \"{m}\" using {}: {f}", kind.api_version()))
                .collect();
            let message = if listed.len() == 1 {
                format!("Apply failed with 1 conflict: {}", listed[0])
            } else {
                format!(
                    "Apply failed with {} conflicts: {}",
                    listed.len(),
                    listed.join("\n")
                )
            };
            let causes: Vec<Value> = conflicts.iter().map(|(m, f)| json!({"reason": "FieldManagerConflict", "message": format!("conflict with \"{m}\" using {}", kind.api_version()), "field": f})).collect();
            return status(
                StatusCode::CONFLICT,
                "Conflict",
                message,
                json!({"causes": causes}),
            );
        }
        let mut object = stored.object.clone();
        let before_spec = object["spec"].clone();
        // Fields this manager applied before and omits now, owned by no one else, go.
        let previous: BTreeSet<FieldPath> = stored
            .managers
            .iter()
            .filter(|m| m.name == manager && m.operation == "Apply")
            .flat_map(|m| m.fields.clone())
            .collect();
        for field in previous.difference(&fields) {
            let shared = stored.managers.iter().any(|m| {
                !(m.name == manager && m.operation == "Apply") && m.fields.contains(field)
            });
            if !shared {
                remove(&mut object, field);
            }
        }
        merge(&mut object, &applied);
        if dry_run {
            return ok(StatusCode::OK, object);
        }
        for other in stored.managers.iter_mut().filter(|m| m.name != manager) {
            other.fields.retain(|f| !fields.contains(f));
        }
        match stored
            .managers
            .iter_mut()
            .find(|m| m.name == manager && m.operation == "Apply")
        {
            Some(mine) => {
                mine.fields = fields;
                mine.time = Fake::now();
            }
            None => stored
                .managers
                .push(Manager::new(manager, "Apply", kind, fields)),
        }
        stored.replace(object, &before_spec);
        let result = self.finish(&mut store, kind, namespace, name);
        ok(StatusCode::OK, result)
    }

    fn delete(&self, kind: &Kind, namespace: Option<&str>, name: &str, body: &[u8]) -> Response {
        let options: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let mut store = self.store.lock().unwrap();
        let key = Fake::key(kind, namespace, name);
        if kind.plural == "namespaces" && store.recreated.iter().any(|n| n == name) {
            store.recreated.retain(|n| n != name);
            let uid = format!("recreated-{}", self.uid.fetch_add(1, Ordering::SeqCst));
            if let Some(stored) = store.objects.get_mut(&key) {
                stored.object["metadata"]["uid"] = json!(uid);
            }
        }
        let Some(stored) = store.objects.get_mut(&key) else {
            return not_found(kind, name);
        };
        if let Some(uid) = options["preconditions"]["uid"].as_str() {
            let actual = stored.object["metadata"]["uid"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if uid != actual {
                return status(
                    StatusCode::CONFLICT,
                    "Conflict",
                    format!(
                        "Operation cannot be fulfilled on {} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}",
                        kind.qualified()
                    ),
                    json!({"name": name, "group": kind.group, "kind": kind.plural}),
                );
            }
        }
        if kind.plural == "namespaces" {
            if stored.terminating.is_none() {
                stored.terminating = Some(2);
                stored.object["metadata"]["deletionTimestamp"] = json!(Fake::now());
                stored.object["status"]["phase"] = json!("Terminating");
            }
            let object = stored.object.clone();
            store.objects.retain(|(_, ns, _), _| ns != name);
            return ok(StatusCode::OK, object);
        }
        let removed = store
            .objects
            .remove(&key)
            .map(|s| s.object)
            .unwrap_or(Value::Null);
        ok(StatusCode::OK, removed)
    }
}
