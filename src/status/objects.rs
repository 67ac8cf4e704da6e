//! Workloads (Deployments, StatefulSets, DaemonSets), autoscalers and
//! ingresses as plat shows them, read from the API's JSON; and which
//! workload owns a pod (through its ReplicaSet for Deployments).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value as Json;

use crate::preview::{Rollout, rollout_status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    /// Deployment, StatefulSet or DaemonSet.
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// Replicas asked for (a DaemonSet: nodes it should run on).
    pub desired: i64,
    pub ready: i64,
    pub up_to_date: i64,
    pub available: i64,
    pub rollout: RolloutState,
    pub created: Option<String>,
    pub images: Vec<String>,
}

/// kubectl's rollout rule, as a state and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RolloutState {
    /// `complete`, `progressing` or `failed`.
    pub state: &'static str,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Autoscaler {
    pub namespace: String,
    pub name: String,
    /// `Deployment/web`.
    pub reference: String,
    /// The metrics, current/target, as kubectl's TARGETS column.
    pub targets: String,
    pub min_replicas: Option<i64>,
    pub max_replicas: i64,
    pub current_replicas: i64,
    pub desired_replicas: i64,
    pub created: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingress {
    pub namespace: String,
    pub name: String,
    pub class: Option<String>,
    /// `https://host/path` for every rule's path (https when a TLS entry
    /// covers the host).
    pub urls: Vec<String>,
    /// The load balancer's IPs and host names.
    pub addresses: Vec<String>,
    pub created: Option<String>,
}

fn text(value: &Json) -> Option<String> {
    value.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

fn list(value: &Json) -> &[Json] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn number(value: &Json) -> i64 {
    value.as_i64().unwrap_or(0)
}

fn meta(object: &Json, field: &str) -> String {
    text(&object["metadata"][field]).unwrap_or_default()
}

pub fn workload(object: &Json) -> Workload {
    let kind = text(&object["kind"]).unwrap_or_default();
    let status = &object["status"];
    let replicas = object["spec"]["replicas"].as_i64().unwrap_or(1);
    let (desired, ready, up_to_date, available) = match kind.as_str() {
        "DaemonSet" => (
            number(&status["desiredNumberScheduled"]),
            number(&status["numberReady"]),
            number(&status["updatedNumberScheduled"]),
            number(&status["numberAvailable"]),
        ),
        _ => (
            replicas,
            number(&status["readyReplicas"]),
            number(&status["updatedReplicas"]),
            number(&status["availableReplicas"]),
        ),
    };
    let rollout = match rollout_status(object) {
        Rollout::Done => RolloutState {
            state: "complete",
            message: None,
        },
        Rollout::Waiting(message) => RolloutState {
            state: "progressing",
            message: Some(message),
        },
        Rollout::Failed(message) => RolloutState {
            state: "failed",
            message: Some(message),
        },
    };
    Workload {
        namespace: meta(object, "namespace"),
        name: meta(object, "name"),
        kind,
        desired,
        ready,
        up_to_date,
        available,
        rollout,
        created: text(&object["metadata"]["creationTimestamp"]),
        images: list(&object["spec"]["template"]["spec"]["containers"])
            .iter()
            .filter_map(|c| text(&c["image"]))
            .collect(),
    }
}

/// A quantity as the API serialises it (a string, or a bare number).
fn quantity(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => "<unknown>".into(),
    }
}

/// kubectl's TARGETS column of an autoscaling/v2 HPA: each metric as
/// current/target (`cpu: 45%/80%`), at most two, then `+ N more...`.
fn hpa_targets(specs: &[Json], statuses: &[Json]) -> String {
    if specs.is_empty() {
        return "<none>".into();
    }
    let unknown = || "<unknown>".to_string();
    let current_of = |i: usize, key: &str, field: &str| {
        statuses
            .get(i)
            .filter(|s| s[key].is_object())
            .map(|s| &s[key]["current"][field])
            .filter(|v| !v.is_null())
            .map(quantity)
            .unwrap_or_else(unknown)
    };
    let mut shown = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let kind = spec["type"].as_str().unwrap_or_default();
        let text = match kind {
            "External" | "Object" => {
                let key = if kind == "External" {
                    "external"
                } else {
                    "object"
                };
                let target = &spec[key]["target"];
                if target["averageValue"].is_null() {
                    format!(
                        "{}/{}",
                        current_of(i, key, "value"),
                        quantity(&target["value"])
                    )
                } else {
                    format!(
                        "{}/{} (avg)",
                        current_of(i, key, "averageValue"),
                        quantity(&target["averageValue"])
                    )
                }
            }
            "Pods" => format!(
                "{}/{}",
                current_of(i, "pods", "averageValue"),
                quantity(&spec["pods"]["target"]["averageValue"])
            ),
            "Resource" | "ContainerResource" => {
                let key = if kind == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let source = &spec[key];
                let name = source["name"].as_str().unwrap_or_default();
                if source["target"]["averageValue"].is_null() {
                    let current = statuses
                        .get(i)
                        .and_then(|s| s[key]["current"]["averageUtilization"].as_i64())
                        .map_or_else(unknown, |u| format!("{u}%"));
                    let target = source["target"]["averageUtilization"]
                        .as_i64()
                        .map_or_else(|| "<auto>".to_string(), |u| format!("{u}%"));
                    format!("{name}: {current}/{target}")
                } else {
                    format!(
                        "{name}: {}/{}",
                        current_of(i, key, "averageValue"),
                        quantity(&source["target"]["averageValue"])
                    )
                }
            }
            _ => "<unknown type>".into(),
        };
        shown.push(text);
    }
    let more = shown.len().saturating_sub(2);
    shown.truncate(2);
    let joined = shown.join(", ");
    if more > 0 {
        format!("{joined} + {more} more...")
    } else {
        joined
    }
}

pub fn autoscaler(object: &Json) -> Autoscaler {
    let spec = &object["spec"];
    let status = &object["status"];
    Autoscaler {
        namespace: meta(object, "namespace"),
        name: meta(object, "name"),
        reference: format!(
            "{}/{}",
            spec["scaleTargetRef"]["kind"].as_str().unwrap_or_default(),
            spec["scaleTargetRef"]["name"].as_str().unwrap_or_default()
        ),
        targets: hpa_targets(list(&spec["metrics"]), list(&status["currentMetrics"])),
        min_replicas: spec["minReplicas"].as_i64(),
        max_replicas: number(&spec["maxReplicas"]),
        current_replicas: number(&status["currentReplicas"]),
        desired_replicas: number(&status["desiredReplicas"]),
        created: text(&object["metadata"]["creationTimestamp"]),
    }
}

pub fn ingress(object: &Json) -> Ingress {
    let spec = &object["spec"];
    let tls = list(&spec["tls"]);
    let addresses: Vec<String> = list(&object["status"]["loadBalancer"]["ingress"])
        .iter()
        .filter_map(|i| text(&i["ip"]).or_else(|| text(&i["hostname"])))
        .collect();
    let mut urls = Vec::new();
    for rule in list(&spec["rules"]) {
        // A rule without a host answers on the load balancer's address.
        let Some(host) = text(&rule["host"]).or_else(|| addresses.first().cloned()) else {
            continue;
        };
        let secure = tls.iter().any(|t| {
            let hosts = list(&t["hosts"]);
            hosts.is_empty() || hosts.iter().any(|h| h == host.as_str())
        });
        let scheme = if secure { "https" } else { "http" };
        let paths: Vec<String> = list(&rule["http"]["paths"])
            .iter()
            .map(|p| text(&p["path"]).unwrap_or_else(|| "/".into()))
            .collect();
        for path in if paths.is_empty() {
            vec!["/".to_string()]
        } else {
            paths
        } {
            let url = format!("{scheme}://{host}{path}");
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    Ingress {
        namespace: meta(object, "namespace"),
        name: meta(object, "name"),
        class: text(&spec["ingressClassName"]),
        urls,
        addresses,
        created: text(&object["metadata"]["creationTimestamp"]),
    }
}

/// The controller named in an object's ownerReferences, as `Kind/name`.
fn controller(object: &Json) -> Option<(String, String)> {
    list(&object["metadata"]["ownerReferences"])
        .iter()
        .find(|r| r["controller"] == true)
        .and_then(|r| Some((text(&r["kind"])?, text(&r["name"])?)))
}

/// Who owns each pod: ReplicaSets are looked through to their Deployment.
pub struct Owners {
    replica_sets: HashMap<(String, String), String>,
}

impl Owners {
    pub fn new(replica_sets: &[Json]) -> Owners {
        let replica_sets = replica_sets
            .iter()
            .filter_map(|rs| {
                let (kind, name) = controller(rs)?;
                Some((
                    (meta(rs, "namespace"), meta(rs, "name")),
                    format!("{kind}/{name}"),
                ))
            })
            .collect();
        Owners { replica_sets }
    }

    pub fn of(&self, pod: &Json) -> Option<String> {
        let (kind, name) = controller(pod)?;
        if kind == "ReplicaSet"
            && let Some(owner) = self
                .replica_sets
                .get(&(meta(pod, "namespace"), name.clone()))
        {
            return Some(owner.clone());
        }
        Some(format!("{kind}/{name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workloads_count_replicas_by_kind() {
        let d = workload(
            &json!({"kind": "Deployment", "metadata": {"name": "web", "namespace": "shop", "generation": 1},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "web", "image": "web:1"}]}}},
            "status": {"observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}}),
        );
        assert_eq!(
            (d.desired, d.ready, d.up_to_date, d.available),
            (3, 2, 3, 2)
        );
        assert_eq!(d.rollout.state, "progressing");
        assert_eq!(d.images, ["web:1"]);
        let ds = workload(
            &json!({"kind": "DaemonSet", "metadata": {"name": "agent", "generation": 1},
            "status": {"observedGeneration": 1, "desiredNumberScheduled": 4, "numberReady": 4, "updatedNumberScheduled": 4, "numberAvailable": 4}}),
        );
        assert_eq!((ds.desired, ds.ready), (4, 4));
        assert_eq!(ds.rollout.state, "complete");
    }

    #[test]
    fn hpa_targets_read_as_kubectl_prints_them() {
        let specs = json!([
            {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}},
            {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}},
            {"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "10"}}},
        ]);
        let statuses = json!([
            {"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 45, "averageValue": "90m"}}},
        ]);
        assert_eq!(
            hpa_targets(specs.as_array().unwrap(), statuses.as_array().unwrap()),
            "cpu: 45%/80%, memory: <unknown>/500Mi + 1 more..."
        );
        assert_eq!(hpa_targets(&[], &[]), "<none>");
        let a = autoscaler(
            &json!({"metadata": {"name": "web"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5}, "status": {"currentReplicas": 5}}),
        );
        assert_eq!(
            (
                a.reference.as_str(),
                a.min_replicas,
                a.max_replicas,
                a.current_replicas
            ),
            ("Deployment/web", None, 5, 5)
        );
    }

    #[test]
    fn ingress_urls_use_https_where_tls_covers_the_host() {
        let i = ingress(&json!({"metadata": {"name": "web"}, "spec": {
            "rules": [
                {"host": "shop.example.com", "http": {"paths": [{"path": "/"}, {"path": "/api"}]}},
                {"host": "admin.example.com", "http": {"paths": [{"path": "/"}]}},
                {"http": {"paths": [{"path": "/health"}]}},
            ],
            "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}]}}}));
        assert_eq!(
            i.urls,
            [
                "https://shop.example.com/",
                "https://shop.example.com/api",
                "http://admin.example.com/",
                "http://203.0.113.9/health"
            ]
        );
        assert_eq!(i.addresses, ["203.0.113.9"]);
    }

    #[test]
    fn pods_belong_to_the_deployment_behind_their_replica_set() {
        let owners = Owners::new(
            &[json!({"metadata": {"name": "web-5d9c", "namespace": "shop",
            "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]}})],
        );
        let pod = |kind: &str, name: &str| json!({"metadata": {"namespace": "shop", "ownerReferences": [{"kind": kind, "name": name, "controller": true}]}});
        assert_eq!(
            owners.of(&pod("ReplicaSet", "web-5d9c")).as_deref(),
            Some("Deployment/web")
        );
        assert_eq!(
            owners.of(&pod("StatefulSet", "db")).as_deref(),
            Some("StatefulSet/db")
        );
        assert_eq!(owners.of(&json!({"metadata": {}})), None);
    }
}
