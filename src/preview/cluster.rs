//! The cluster (found by `kubeconfig::load`, as kubectl finds it), and the few calls plat
//! makes: discovery, get, list by label (one type, or several at once),
//! server-side apply, delete with a uid precondition. Objects are JSON;
//! errors say which context and which verb.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use kube::Client;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, Preconditions};
use kube::discovery::{ApiResource, Scope};
use serde_json::Value as Json;

use super::{PreviewError, kubeconfig};

#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    /// Connect and read timeout of each request (kube's defaults otherwise).
    pub timeout: Option<Duration>,
}

/// A resource type the cluster serves.
#[derive(Debug, Clone)]
pub struct Resource {
    pub api: ApiResource,
    pub namespaced: bool,
}

impl Resource {
    /// A namespaced type known without discovery (as Backstage names the
    /// types it reads: group, version, plural).
    pub fn namespaced(group: &str, version: &str, kind: &str, plural: &str) -> Resource {
        Resource::known(group, version, kind, plural, true)
    }

    fn known(group: &str, version: &str, kind: &str, plural: &str, namespaced: bool) -> Resource {
        Resource {
            api: ApiResource {
                group: group.into(),
                version: version.into(),
                api_version: if group.is_empty() {
                    version.into()
                } else {
                    format!("{group}/{version}")
                },
                kind: kind.into(),
                plural: plural.into(),
            },
            namespaced,
        }
    }

    /// `deployments.apps`, as kubectl and RBAC messages name a type.
    pub fn qualified(&self) -> String {
        if self.api.group.is_empty() {
            self.api.plural.clone()
        } else {
            format!("{}.{}", self.api.plural, self.api.group)
        }
    }

    /// The collection's path: every namespace, or one.
    fn collection_path(&self, namespace: Option<&str>) -> String {
        let mut path = if self.api.group.is_empty() {
            format!("/api/{}", self.api.version)
        } else {
            format!("/apis/{}/{}", self.api.group, self.api.version)
        };
        if let (true, Some(namespace)) = (self.namespaced, namespace) {
            path.push_str(&format!("/namespaces/{namespace}"));
        }
        path.push('/');
        path.push_str(&self.api.plural);
        path
    }
}

/// One list request of [`Cluster::list_many`].
#[derive(Debug, Clone)]
pub struct ListRequest {
    pub resource: Resource,
    /// `None`: every namespace.
    pub namespace: Option<String>,
    pub selector: String,
}

pub struct Cluster {
    client: Client,
    runtime: tokio::runtime::Runtime,
    /// The context's name, for messages.
    pub context: String,
    /// The API server's URL.
    pub server: String,
    resources: Mutex<HashMap<(String, String), Option<Resource>>>,
}

impl Cluster {
    pub fn connect(options: &ClusterOptions) -> Result<Cluster, PreviewError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| PreviewError::Api {
                what: "starting the Kubernetes client".into(),
                message: e.to_string(),
            })?;
        let kubeconfig::Loaded {
            mut config,
            context,
            files,
        } = runtime.block_on(kubeconfig::load(options))?;
        if let Some(timeout) = options.timeout {
            config.connect_timeout = Some(timeout);
            config.read_timeout = Some(timeout);
            config.write_timeout = Some(timeout);
        }
        let server = config.cluster_url.to_string();
        let client = {
            let _guard = runtime.enter();
            Client::try_from(config).map_err(|e| kubeconfig::client_error(&files, &context, e))?
        };
        Ok(Cluster {
            client,
            runtime,
            context,
            server,
            resources: Mutex::new(HashMap::new()),
        })
    }

    /// Namespaces, which every cluster serves.
    pub fn namespaces() -> Resource {
        Resource::known("", "v1", "Namespace", "namespaces", false)
    }

    /// The resource for `apiVersion`/`kind`, through discovery; `None` when the cluster does not serve it.
    pub fn resource(
        &self,
        api_version: &str,
        kind: &str,
    ) -> Result<Option<Resource>, PreviewError> {
        let key = (api_version.to_string(), kind.to_string());
        if let Some(found) = self
            .resources
            .lock()
            .map_err(|_| self.internal())?
            .get(&key)
        {
            return Ok(found.clone());
        }
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let gvk = kube::api::GroupVersionKind::gvk(group, version, kind);
        let found = match self
            .runtime
            .block_on(kube::discovery::pinned_kind(&self.client, &gvk))
        {
            Ok((api, capabilities)) => Some(Resource {
                api,
                namespaced: capabilities.scope == Scope::Namespaced,
            }),
            Err(kube::Error::Api(status)) if status.code == 404 => None,
            Err(kube::Error::Discovery(_)) => None,
            Err(e) => {
                return Err(self.error(e, "discover", &format!("{kind}.{api_version}"), None));
            }
        };
        self.resources
            .lock()
            .map_err(|_| self.internal())?
            .insert(key, found.clone());
        Ok(found)
    }

    fn api(&self, resource: &Resource, namespace: Option<&str>) -> Api<DynamicObject> {
        match (resource.namespaced, namespace) {
            (true, Some(namespace)) => {
                Api::namespaced_with(self.client.clone(), namespace, &resource.api)
            }
            _ => Api::all_with(self.client.clone(), &resource.api),
        }
    }

    pub fn get(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<Option<Json>, PreviewError> {
        let api = self.api(resource, namespace);
        let found = self
            .runtime
            .block_on(api.get_opt(name))
            .map_err(|e| self.error(e, "get", &resource.api.plural, namespace))?;
        Ok(found.map(|object| to_json(&object, resource)))
    }

    pub fn list(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        selector: &str,
    ) -> Result<Vec<Json>, PreviewError> {
        let api = self.api(resource, namespace);
        let params = ListParams::default().labels(selector);
        let list = self
            .runtime
            .block_on(api.list(&params))
            .map_err(|e| self.error(e, "list", &resource.api.plural, namespace))?;
        Ok(list
            .items
            .iter()
            .map(|object| to_json(object, resource))
            .collect())
    }

    /// Lists several types at once (requests in flight together), each
    /// result in the order asked. `Ok(None)`: the cluster does not serve
    /// that type (404).
    pub fn list_many(
        &self,
        requests: &[ListRequest],
    ) -> Vec<Result<Option<Vec<Json>>, PreviewError>> {
        let calls = requests.iter().map(|request| async move {
            // `?labelSelector=...`, as Backstage and kubectl ask.
            let mut url = request
                .resource
                .collection_path(request.namespace.as_deref());
            if !request.selector.is_empty() {
                url.push('?');
                url.push_str(
                    &url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("labelSelector", &request.selector)
                        .finish(),
                );
            }
            let http = http::Request::get(url).body(Vec::new()).map_err(|e| {
                kube::Error::BuildRequest(kube::core::request::Error::BuildRequest(e))
            })?;
            self.client.request::<Json>(http).await
        });
        let results = self.runtime.block_on(futures_util::future::join_all(calls));
        results
            .into_iter()
            .zip(requests)
            .map(|(result, request)| match result {
                Ok(mut list) => {
                    let mut items = match list["items"].take() {
                        Json::Array(items) => items,
                        _ => Vec::new(),
                    };
                    // Lists leave apiVersion and kind out of their items.
                    for item in &mut items {
                        if item["apiVersion"].is_null() {
                            item["apiVersion"] =
                                Json::String(request.resource.api.api_version.clone());
                        }
                        if item["kind"].is_null() {
                            item["kind"] = Json::String(request.resource.api.kind.clone());
                        }
                    }
                    Ok(Some(items))
                }
                Err(kube::Error::Api(status)) if status.code == 404 => Ok(None),
                Err(e) => Err(self.error(
                    e,
                    "list",
                    &request.resource.qualified(),
                    request.namespace.as_deref(),
                )),
            })
            .collect()
    }

    /// Server-side apply with field manager `plat`.
    pub fn apply(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        object: &Json,
        force: bool,
    ) -> Result<Json, PreviewError> {
        let name = object["metadata"]["name"].as_str().unwrap_or_default();
        let api = self.api(resource, namespace);
        let mut params = PatchParams::apply(super::MANAGER);
        if force {
            params = params.force();
        }
        let applied = self
            .runtime
            .block_on(api.patch(name, &params, &Patch::Apply(object)));
        match applied {
            Ok(object) => Ok(to_json(&object, resource)),
            Err(kube::Error::Api(status)) if status.code == 409 => Err(PreviewError::Conflict {
                object: format!("{}/{name}", resource.api.kind),
                message: status.message.clone(),
            }),
            Err(e) => Err(self.error(e, "patch", &resource.api.plural, namespace)),
        }
    }

    /// Deletes, only if the object is still the one with `uid`.
    pub fn delete(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        name: &str,
        uid: Option<&str>,
    ) -> Result<(), PreviewError> {
        let api = self.api(resource, namespace);
        let params = DeleteParams {
            preconditions: uid.map(|uid| Preconditions {
                uid: Some(uid.to_string()),
                resource_version: None,
            }),
            ..DeleteParams::background()
        };
        match self.runtime.block_on(api.delete(name, &params)) {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
            Err(kube::Error::Api(status)) if status.code == 409 => Err(PreviewError::Conflict {
                object: format!("{}/{name}", resource.api.kind),
                message: status.message.clone(),
            }),
            Err(e) => Err(self.error(e, "delete", &resource.api.plural, namespace)),
        }
    }

    fn internal(&self) -> PreviewError {
        PreviewError::Api {
            what: "discovery".into(),
            message: "internal lock poisoned".into(),
        }
    }

    /// A kube error in terms of the context and the verb.
    fn error(
        &self,
        error: kube::Error,
        verb: &str,
        resource: &str,
        namespace: Option<&str>,
    ) -> PreviewError {
        match error {
            kube::Error::Api(status) => match status.code {
                401 => PreviewError::Unauthorized {
                    context: self.context.clone(),
                },
                403 => PreviewError::Forbidden {
                    context: self.context.clone(),
                    verb: verb.into(),
                    resource: resource.into(),
                    namespace: namespace.map(str::to_string),
                    message: status.message.clone(),
                },
                _ => PreviewError::Api {
                    what: format!(
                        "{verb} {resource}{}",
                        namespace.map(|n| format!(" in {n}")).unwrap_or_default()
                    ),
                    message: format!("{} ({})", status.message, status.code),
                },
            },
            other => {
                // The innermost cause says the most ("Connection refused").
                let mut cause: &dyn std::error::Error = &other;
                while let Some(next) = cause.source() {
                    cause = next;
                }
                PreviewError::Unreachable {
                    context: self.context.clone(),
                    server: self.server.clone(),
                    message: cause.to_string(),
                }
            }
        }
    }
}

fn to_json(object: &DynamicObject, resource: &Resource) -> Json {
    let mut json = serde_json::to_value(object).unwrap_or(Json::Null);
    // Lists leave apiVersion and kind out of their items.
    if json["apiVersion"].is_null() {
        json["apiVersion"] = Json::String(resource.api.api_version.clone());
    }
    if json["kind"].is_null() {
        json["kind"] = Json::String(resource.api.kind.clone());
    }
    json
}
