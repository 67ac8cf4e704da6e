//! The API server's printing of objects as a `Table` (meta.k8s.io/v1),
//! which `kubectl get` asks for and prints: the columns and cells of the
//! server's printers (`pkg/printers/internalversion`) for the kinds the
//! fake serves to `plat status`. Written from the server's rules, apart
//! from plat's code, so that `kube_fidelity.rs` checks the fake's objects
//! through the real kubectl. Wide columns (priority 1) are always sent;
//! kubectl shows them with `-o wide`.

use serde_json::{Value, json};

type Row = Vec<Value>;

/// A column: its name, type and priority (1: only with `-o wide`).
type Column = (&'static str, &'static str, u8);

/// The table of `objects` (all of `kind`), or `None` for kinds the fake
/// prints no table for (kubectl then shows NAME and AGE).
/// `include_object`: the request's `includeObject` (`Object`, `None`, else
/// the default, the object's metadata).
pub fn table(
    kind: &str,
    objects: &[&Value],
    include_object: Option<&str>,
    resource_version: &str,
) -> Option<Value> {
    let (columns, print): (&[Column], fn(&Value) -> Row) = match kind {
        "Namespace" => (
            &[
                ("Name", "string", 0),
                ("Status", "string", 0),
                ("Age", "string", 0),
            ],
            namespace,
        ),
        "Pod" => (
            &[
                ("Name", "string", 0),
                ("Ready", "string", 0),
                ("Status", "string", 0),
                ("Restarts", "string", 0),
                ("Age", "string", 0),
                ("IP", "string", 1),
                ("Node", "string", 1),
                ("Nominated Node", "string", 1),
                ("Readiness Gates", "string", 1),
            ],
            pod,
        ),
        "ReplicaSet" => (
            &[
                ("Name", "string", 0),
                ("Desired", "integer", 0),
                ("Current", "integer", 0),
                ("Ready", "integer", 0),
                ("Age", "string", 0),
                ("Containers", "string", 1),
                ("Images", "string", 1),
                ("Selector", "string", 1),
            ],
            replica_set,
        ),
        "Deployment" => (
            &[
                ("Name", "string", 0),
                ("Ready", "string", 0),
                ("Up-to-date", "string", 0),
                ("Available", "string", 0),
                ("Age", "string", 0),
                ("Containers", "string", 1),
                ("Images", "string", 1),
                ("Selector", "string", 1),
            ],
            deployment,
        ),
        "StatefulSet" => (
            &[
                ("Name", "string", 0),
                ("Ready", "string", 0),
                ("Age", "string", 0),
                ("Containers", "string", 1),
                ("Images", "string", 1),
            ],
            stateful_set,
        ),
        "DaemonSet" => (
            &[
                ("Name", "string", 0),
                ("Desired", "integer", 0),
                ("Current", "integer", 0),
                ("Ready", "integer", 0),
                ("Up-to-date", "integer", 0),
                ("Available", "integer", 0),
                ("Node Selector", "string", 0),
                ("Age", "string", 0),
                ("Containers", "string", 1),
                ("Images", "string", 1),
                ("Selector", "string", 1),
            ],
            daemon_set,
        ),
        "HorizontalPodAutoscaler" => (
            &[
                ("Name", "string", 0),
                ("Reference", "string", 0),
                ("Targets", "string", 0),
                ("MinPods", "string", 0),
                ("MaxPods", "integer", 0),
                ("Replicas", "integer", 0),
                ("Age", "string", 0),
            ],
            autoscaler,
        ),
        "Ingress" => (
            &[
                ("Name", "string", 0),
                ("Class", "string", 0),
                ("Hosts", "string", 0),
                ("Address", "string", 0),
                ("Ports", "string", 0),
                ("Age", "string", 0),
            ],
            ingress,
        ),
        _ => return None,
    };
    let definitions: Vec<Value> = columns
        .iter()
        .map(|(name, kind, priority)| {
            let mut column = json!({"name": name, "type": kind, "format": "", "description": "", "priority": priority});
            if *name == "Name" {
                column["format"] = json!("name");
            }
            column
        })
        .collect();
    let rows: Vec<Value> = objects
        .iter()
        .map(|object| {
            let object: &Value = object;
            let mut row = json!({"cells": print(object)});
            match include_object {
                Some("None") => {}
                Some("Object") => row["object"] = object.clone(),
                _ => {
                    row["object"] = json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"]});
                }
            }
            if kind == "Pod" {
                match object["status"]["phase"].as_str() {
                    Some("Succeeded") => row["conditions"] = json!([{"type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."}]),
                    Some("Failed") => row["conditions"] = json!([{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}]),
                    _ => {}
                }
            }
            row
        })
        .collect();
    Some(json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "columnDefinitions": definitions,
        "rows": rows,
    }))
}

// ---- helpers -----------------------------------------------------------------

fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn string(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn int(value: &Value) -> i64 {
    value.as_i64().unwrap_or(0)
}

fn time(value: &Value) -> Option<jiff::Timestamp> {
    value.as_str()?.parse().ok()
}

/// `duration.HumanDuration` of apimachinery: 45s, 5m30s, 25m, 5h30m, 12h, 3d4h, 20d, 2y30d.
pub fn human_duration(seconds: i64) -> String {
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = (hours / 24) % 365;
        return if days == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{days}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// `translateTimestampSince`.
fn since(value: &Value) -> String {
    match time(value) {
        None => "<unknown>".into(),
        Some(at) => human_duration(jiff::Timestamp::now().as_second() - at.as_second()),
    }
}

fn age(object: &Value) -> Value {
    json!(since(&object["metadata"]["creationTimestamp"]))
}

/// The containers' names and images, comma-separated (`layoutContainerCells`).
fn containers(object: &Value) -> (Value, Value) {
    let list = items(&object["spec"]["template"]["spec"]["containers"]);
    let names: Vec<String> = list.iter().map(|c| string(&c["name"])).collect();
    let images: Vec<String> = list.iter().map(|c| string(&c["image"])).collect();
    (json!(names.join(",")), json!(images.join(",")))
}

/// A label selector as `labels.Selector.String()` writes it: requirements
/// sorted by key.
fn selector(value: &Value) -> String {
    let mut terms: Vec<(String, String)> = Vec::new();
    if let Some(labels) = value["matchLabels"].as_object() {
        for (key, v) in labels {
            terms.push((
                key.clone(),
                format!("{key}={}", v.as_str().unwrap_or_default()),
            ));
        }
    }
    for expression in items(&value["matchExpressions"]) {
        let key = string(&expression["key"]);
        let mut values: Vec<String> = items(&expression["values"]).iter().map(string).collect();
        values.sort();
        let term = match expression["operator"].as_str().unwrap_or_default() {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            _ => format!("!{key}"),
        };
        terms.push((key, term));
    }
    terms.sort();
    terms
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

// ---- printers ------------------------------------------------------------

fn namespace(object: &Value) -> Row {
    vec![
        json!(object["metadata"]["name"]),
        json!(string(&object["status"]["phase"])),
        age(object),
    ]
}

/// `printPod`: READY counts running, ready containers; STATUS is the
/// first container's waiting or terminated reason, else the phase; init
/// containers first; RESTARTS with the time of the last one.
fn pod(object: &Value) -> Row {
    let status = &object["status"];
    let spec = &object["spec"];
    let phase = string(&status["phase"]);
    let mut reason = status["reason"]
        .as_str()
        .filter(|r| !r.is_empty())
        .map_or(phase.clone(), str::to_string);
    if items(&status["conditions"])
        .iter()
        .any(|c| c["type"] == "PodScheduled" && c["reason"] == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let inits = items(&spec["initContainers"]);
    let sidecar = |name: &Value| {
        inits
            .iter()
            .any(|c| c["name"] == *name && c["restartPolicy"] == "Always")
    };
    let total = items(&spec["containers"]).len()
        + inits
            .iter()
            .filter(|c| c["restartPolicy"] == "Always")
            .count();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last: Option<jiff::Timestamp> = None;
    let mut sidecar_restarts = 0;
    let mut sidecar_last: Option<jiff::Timestamp> = None;
    let terminated_reason = |t: &Value| match t["reason"].as_str().filter(|r| !r.is_empty()) {
        Some(r) => r.to_string(),
        None if int(&t["signal"]) != 0 => format!("Signal:{}", int(&t["signal"])),
        None => format!("ExitCode:{}", int(&t["exitCode"])),
    };
    let mut initializing = false;
    for (i, c) in items(&status["initContainerStatuses"]).iter().enumerate() {
        restarts += int(&c["restartCount"]);
        let finished = time(&c["lastState"]["terminated"]["finishedAt"]);
        last = last.max(finished);
        if sidecar(&c["name"]) {
            sidecar_restarts += int(&c["restartCount"]);
            sidecar_last = sidecar_last.max(finished);
        }
        let state = &c["state"];
        if state["terminated"].is_object() && int(&state["terminated"]["exitCode"]) == 0 {
            continue;
        }
        if sidecar(&c["name"]) && c["started"] == true {
            if c["ready"] == true {
                ready += 1;
            }
            continue;
        }
        reason = if state["terminated"].is_object() {
            format!("Init:{}", terminated_reason(&state["terminated"]))
        } else if state["waiting"]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty() && r != "PodInitializing")
        {
            format!("Init:{}", string(&state["waiting"]["reason"]))
        } else {
            format!("Init:{i}/{}", inits.len())
        };
        initializing = true;
        break;
    }
    let initialized = items(&status["conditions"])
        .iter()
        .any(|c| c["type"] == "Initialized" && c["status"] == "True");
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last = sidecar_last;
        let mut running = false;
        for c in items(&status["containerStatuses"]).iter().rev() {
            restarts += int(&c["restartCount"]);
            last = last.max(time(&c["lastState"]["terminated"]["finishedAt"]));
            let state = &c["state"];
            if let Some(waiting) = state["waiting"]["reason"]
                .as_str()
                .filter(|r| !r.is_empty())
            {
                reason = waiting.to_string();
            } else if state["terminated"].is_object() {
                reason = terminated_reason(&state["terminated"]);
            } else if c["ready"] == true && state["running"].is_object() {
                running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && running {
            let pod_ready = items(&status["conditions"])
                .iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True");
            reason = if pod_ready {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if object["metadata"]["deletionTimestamp"].is_string() {
        if status["reason"] == "NodeLost" {
            reason = "Unknown".into();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".into();
        }
    }
    let restarts = match last {
        Some(at) if restarts != 0 => format!(
            "{restarts} ({} ago)",
            human_duration(jiff::Timestamp::now().as_second() - at.as_second())
        ),
        _ => restarts.to_string(),
    };
    let none = |v: String| {
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v
        }
    };
    let gates = items(&spec["readinessGates"]);
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let passed = gates
            .iter()
            .filter(|g| {
                items(&status["conditions"])
                    .iter()
                    .find(|c| c["type"] == g["conditionType"])
                    .is_some_and(|c| c["status"] == "True")
            })
            .count();
        format!("{passed}/{}", gates.len())
    };
    vec![
        json!(object["metadata"]["name"]),
        json!(format!("{ready}/{total}")),
        json!(reason),
        json!(restarts),
        age(object),
        json!(none(string(
            &items(&status["podIPs"])
                .first()
                .cloned()
                .unwrap_or(Value::Null)["ip"]
        ))),
        json!(none(string(&spec["nodeName"]))),
        json!(none(string(&status["nominatedNodeName"]))),
        json!(readiness_gates),
    ]
}

fn replica_set(object: &Value) -> Row {
    let (names, images) = containers(object);
    vec![
        json!(object["metadata"]["name"]),
        json!(int(&object["spec"]["replicas"])),
        json!(int(&object["status"]["replicas"])),
        json!(int(&object["status"]["readyReplicas"])),
        age(object),
        names,
        images,
        json!(selector(&object["spec"]["selector"])),
    ]
}

fn deployment(object: &Value) -> Row {
    let (names, images) = containers(object);
    let status = &object["status"];
    vec![
        json!(object["metadata"]["name"]),
        json!(format!(
            "{}/{}",
            int(&status["readyReplicas"]),
            int(&object["spec"]["replicas"])
        )),
        json!(int(&status["updatedReplicas"])),
        json!(int(&status["availableReplicas"])),
        age(object),
        names,
        images,
        json!(selector(&object["spec"]["selector"])),
    ]
}

fn stateful_set(object: &Value) -> Row {
    let (names, images) = containers(object);
    vec![
        json!(object["metadata"]["name"]),
        json!(format!(
            "{}/{}",
            int(&object["status"]["readyReplicas"]),
            int(&object["spec"]["replicas"])
        )),
        age(object),
        names,
        images,
    ]
}

fn daemon_set(object: &Value) -> Row {
    let (names, images) = containers(object);
    let status = &object["status"];
    let mut node_selector: Vec<String> = object["spec"]["template"]["spec"]["nodeSelector"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    node_selector.sort();
    vec![
        json!(object["metadata"]["name"]),
        json!(int(&status["desiredNumberScheduled"])),
        json!(int(&status["currentNumberScheduled"])),
        json!(int(&status["numberReady"])),
        json!(int(&status["updatedNumberScheduled"])),
        json!(int(&status["numberAvailable"])),
        json!(if node_selector.is_empty() {
            "<none>".to_string()
        } else {
            node_selector.join(",")
        }),
        age(object),
        names,
        images,
        json!(selector(&object["spec"]["selector"])),
    ]
}

fn quantity(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => "<unknown>".into(),
    }
}

/// `formatHPAMetrics`: current/target per metric, resource metrics named.
fn hpa_metrics(specs: &[Value], statuses: &[Value]) -> String {
    if specs.is_empty() {
        return "<none>".into();
    }
    let current = |i: usize, source: &str, field: &str| -> String {
        match statuses.get(i).map(|s| &s[source]) {
            Some(status) if status.is_object() && !status["current"][field].is_null() => {
                quantity(&status["current"][field])
            }
            _ => "<unknown>".into(),
        }
    };
    let mut list = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let entry = match spec["type"].as_str().unwrap_or_default() {
            kind @ ("External" | "Object") => {
                let source = if kind == "External" {
                    "external"
                } else {
                    "object"
                };
                let target = &spec[source]["target"];
                if target["averageValue"].is_null() {
                    format!(
                        "{}/{}",
                        current(i, source, "value"),
                        quantity(&target["value"])
                    )
                } else {
                    format!(
                        "{}/{} (avg)",
                        current(i, source, "averageValue"),
                        quantity(&target["averageValue"])
                    )
                }
            }
            "Pods" => format!(
                "{}/{}",
                current(i, "pods", "averageValue"),
                quantity(&spec["pods"]["target"]["averageValue"])
            ),
            kind @ ("Resource" | "ContainerResource") => {
                let source = if kind == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let metric = &spec[source];
                let name = string(&metric["name"]);
                if metric["target"]["averageValue"].is_null() {
                    let now = statuses
                        .get(i)
                        .and_then(|s| s[source]["current"]["averageUtilization"].as_i64())
                        .map_or("<unknown>".to_string(), |u| format!("{u}%"));
                    let target = metric["target"]["averageUtilization"]
                        .as_i64()
                        .map_or("<auto>".to_string(), |u| format!("{u}%"));
                    format!("{name}: {now}/{target}")
                } else {
                    format!(
                        "{name}: {}/{}",
                        current(i, source, "averageValue"),
                        quantity(&metric["target"]["averageValue"])
                    )
                }
            }
            _ => "<unknown type>".into(),
        };
        list.push(entry);
    }
    let count = list.len();
    if count > 2 {
        list.truncate(2);
        return format!("{} + {} more...", list.join(", "), count - 2);
    }
    list.join(", ")
}

fn autoscaler(object: &Value) -> Row {
    let spec = &object["spec"];
    let status = &object["status"];
    vec![
        json!(object["metadata"]["name"]),
        json!(format!(
            "{}/{}",
            string(&spec["scaleTargetRef"]["kind"]),
            string(&spec["scaleTargetRef"]["name"])
        )),
        json!(hpa_metrics(
            items(&spec["metrics"]),
            items(&status["currentMetrics"])
        )),
        json!(
            spec["minReplicas"]
                .as_i64()
                .map_or("<unset>".to_string(), |m| m.to_string())
        ),
        json!(int(&spec["maxReplicas"])),
        json!(int(&status["currentReplicas"])),
        age(object),
    ]
}

fn ingress(object: &Value) -> Row {
    let spec = &object["spec"];
    let rules = items(&spec["rules"]);
    let mut hosts = Vec::new();
    let mut more = false;
    for rule in rules {
        if hosts.len() == 3 {
            more = true;
        }
        if !more && let Some(host) = rule["host"].as_str().filter(|h| !h.is_empty()) {
            hosts.push(host.to_string());
        }
    }
    let hosts = if hosts.is_empty() {
        "*".to_string()
    } else if more {
        format!("{} + {} more...", hosts.join(","), rules.len() - 3)
    } else {
        hosts.join(",")
    };
    let mut addresses: Vec<String> = items(&object["status"]["loadBalancer"]["ingress"])
        .iter()
        .filter_map(|i| {
            i["ip"]
                .as_str()
                .filter(|s| !s.is_empty())
                .or_else(|| i["hostname"].as_str().filter(|s| !s.is_empty()))
                .map(str::to_string)
        })
        .collect();
    addresses.sort();
    addresses.dedup();
    vec![
        json!(object["metadata"]["name"]),
        json!(spec["ingressClassName"].as_str().unwrap_or("<none>")),
        json!(hosts),
        json!(addresses.join(",")),
        json!(if items(&spec["tls"]).is_empty() {
            "80"
        } else {
            "80, 443"
        }),
        age(object),
    ]
}

#[test]
fn human_durations_as_apimachinery_writes_them() {
    for (seconds, text) in [
        (45, "45s"),
        (119, "119s"),
        (330, "5m30s"),
        (600, "10m"),
        (25 * 60, "25m"),
        (5 * 3600 + 30 * 60, "5h30m"),
        (12 * 3600, "12h"),
        (3 * 86400 + 4 * 3600, "3d4h"),
        (20 * 86400, "20d"),
        (3 * 365 * 86400 + 30 * 86400, "3y30d"),
    ] {
        assert_eq!(human_duration(seconds), text, "{seconds}");
    }
}
