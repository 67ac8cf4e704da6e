//! A pod as `kubectl get pods` shows it (the API server's own printing
//! rules: READY, STATUS, RESTARTS with the time of the last restart), plus
//! what plat calls out: the last termination and what a container waits on.

use serde::Serialize;
use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    pub namespace: String,
    pub name: String,
    /// `status.phase`: Pending, Running, Succeeded, Failed, Unknown.
    pub phase: String,
    /// kubectl's STATUS: the phase, or the reason a container waits or
    /// terminated (CrashLoopBackOff, ImagePullBackOff, OOMKilled, ...).
    pub status: String,
    pub ready_containers: usize,
    pub containers: usize,
    pub restarts: i64,
    /// When a container last terminated (RFC 3339).
    pub last_restart: Option<String>,
    /// The most recent termination of any container.
    pub last_termination: Option<Termination>,
    pub node: Option<String>,
    pub ip: Option<String>,
    /// RFC 3339.
    pub created: Option<String>,
    /// The workload that owns it: `Deployment/web` (through its
    /// ReplicaSet), `StatefulSet/db`, `DaemonSet/agent`, `Job/x`.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Termination {
    pub container: String,
    /// OOMKilled, Error, Completed, ...
    pub reason: Option<String>,
    pub exit_code: Option<i64>,
    pub finished_at: Option<String>,
}

impl Pod {
    /// Running, with every container ready.
    pub fn is_ready(&self) -> bool {
        self.phase == "Running" && self.ready_containers == self.containers
    }
}

fn text(value: &Json) -> Option<String> {
    value.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

fn list(value: &Json) -> &[Json] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn timestamp(value: &Json) -> Option<jiff::Timestamp> {
    value.as_str()?.parse().ok()
}

/// A reason from a terminated state as kubectl words it.
fn terminated_reason(terminated: &Json) -> String {
    match text(&terminated["reason"]) {
        Some(reason) => reason,
        None => match terminated["signal"].as_i64().filter(|s| *s != 0) {
            Some(signal) => format!("Signal:{signal}"),
            None => format!("ExitCode:{}", terminated["exitCode"].as_i64().unwrap_or(0)),
        },
    }
}

/// Sidecars: init containers that keep running (`restartPolicy: Always`).
fn restartable(pod: &Json, name: &str) -> bool {
    list(&pod["spec"]["initContainers"])
        .iter()
        .any(|c| c["name"] == name && c["restartPolicy"] == "Always")
}

fn condition_true(pod: &Json, kind: &str) -> bool {
    list(&pod["status"]["conditions"])
        .iter()
        .any(|c| c["type"] == kind && c["status"] == "True")
}

/// The latest `lastState.terminated` among `statuses`, with its container.
fn latest_termination<'a>(statuses: impl Iterator<Item = &'a Json>) -> Option<Termination> {
    statuses
        .filter(|s| s["lastState"]["terminated"].is_object())
        .max_by_key(|s| timestamp(&s["lastState"]["terminated"]["finishedAt"]))
        .map(|s| {
            let terminated = &s["lastState"]["terminated"];
            Termination {
                container: text(&s["name"]).unwrap_or_default(),
                reason: text(&terminated["reason"]),
                exit_code: terminated["exitCode"].as_i64(),
                finished_at: text(&terminated["finishedAt"]),
            }
        })
}

pub fn summarize(pod: &Json, owner: Option<String>) -> Pod {
    let status = &pod["status"];
    let phase = text(&status["phase"]).unwrap_or_default();
    let mut reason = text(&status["reason"]).unwrap_or_else(|| phase.clone());
    if list(&status["conditions"])
        .iter()
        .any(|c| c["type"] == "PodScheduled" && c["reason"] == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let init_specs = list(&pod["spec"]["initContainers"]);
    let total = list(&pod["spec"]["containers"]).len()
        + init_specs
            .iter()
            .filter(|c| c["restartPolicy"] == "Always")
            .count();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<jiff::Timestamp> = None;
    let mut sidecar_restarts = 0;
    let mut sidecar_last_restart: Option<jiff::Timestamp> = None;
    let later = |a: Option<jiff::Timestamp>, b: Option<jiff::Timestamp>| a.max(b);

    let init_statuses = list(&status["initContainerStatuses"]);
    let mut initializing = false;
    for (i, container) in init_statuses.iter().enumerate() {
        let count = container["restartCount"].as_i64().unwrap_or(0);
        let finished = timestamp(&container["lastState"]["terminated"]["finishedAt"]);
        restarts += count;
        last_restart = later(last_restart, finished);
        let name = container["name"].as_str().unwrap_or_default();
        let sidecar = restartable(pod, name);
        if sidecar {
            sidecar_restarts += count;
            sidecar_last_restart = later(sidecar_last_restart, finished);
        }
        let state = &container["state"];
        if state["terminated"].is_object() && state["terminated"]["exitCode"].as_i64() == Some(0) {
            continue;
        }
        if sidecar && container["started"] == true {
            if container["ready"] == true {
                ready += 1;
            }
            continue;
        }
        if state["terminated"].is_object() {
            reason = format!("Init:{}", terminated_reason(&state["terminated"]));
        } else if let Some(waiting) =
            text(&state["waiting"]["reason"]).filter(|r| r != "PodInitializing")
        {
            reason = format!("Init:{waiting}");
        } else {
            reason = format!("Init:{i}/{}", init_specs.len());
        }
        initializing = true;
        break;
    }

    let statuses = list(&status["containerStatuses"]);
    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = sidecar_last_restart;
        let mut running = false;
        // kubectl walks them backwards, so the first container's state wins.
        for container in statuses.iter().rev() {
            restarts += container["restartCount"].as_i64().unwrap_or(0);
            last_restart = later(
                last_restart,
                timestamp(&container["lastState"]["terminated"]["finishedAt"]),
            );
            let state = &container["state"];
            if let Some(waiting) = text(&state["waiting"]["reason"]) {
                reason = waiting;
            } else if state["terminated"].is_object() {
                reason = terminated_reason(&state["terminated"]);
            } else if container["ready"] == true && state["running"].is_object() {
                running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && running {
            reason = if condition_true(pod, "Ready") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    let terminal = phase == "Succeeded" || phase == "Failed";
    if pod["metadata"]["deletionTimestamp"].is_string() {
        if status["reason"] == "NodeLost" {
            reason = "Unknown".into();
        } else if !terminal {
            reason = "Terminating".into();
        }
    }
    Pod {
        namespace: text(&pod["metadata"]["namespace"]).unwrap_or_default(),
        name: text(&pod["metadata"]["name"]).unwrap_or_default(),
        phase,
        status: reason,
        ready_containers: ready,
        containers: total,
        restarts,
        last_restart: last_restart.map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
        last_termination: latest_termination(init_statuses.iter().chain(statuses)),
        node: text(&pod["spec"]["nodeName"]),
        ip: list(&status["podIPs"])
            .first()
            .and_then(|ip| text(&ip["ip"]))
            .or_else(|| text(&status["podIP"])),
        created: text(&pod["metadata"]["creationTimestamp"]),
        owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(statuses: Json) -> Json {
        json!({
            "metadata": {"name": "web-1", "namespace": "shop", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"nodeName": "node-a", "containers": [{"name": "web"}, {"name": "proxy"}]},
            "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}], "containerStatuses": statuses},
        })
    }

    fn running(name: &str) -> Json {
        json!({"name": name, "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-01-01T00:00:05Z"}}})
    }

    #[test]
    fn a_healthy_pod() {
        let p = summarize(&pod(json!([running("web"), running("proxy")])), None);
        assert_eq!(
            (p.status.as_str(), p.ready_containers, p.containers),
            ("Running", 2, 2)
        );
        assert!(p.is_ready());
        assert_eq!(p.ip.as_deref(), Some("10.0.0.7"));
        assert_eq!(p.last_termination, None);
    }

    #[test]
    fn the_first_containers_waiting_reason_and_every_restart_count() {
        let crashing = json!({"name": "web", "ready": false, "restartCount": 5,
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=web"}},
            "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137, "finishedAt": "2026-01-02T10:00:00Z"}}});
        let mut proxy = running("proxy");
        proxy["restartCount"] = json!(1);
        proxy["lastState"] = json!({"terminated": {"reason": "Error", "exitCode": 1, "finishedAt": "2026-01-01T10:00:00Z"}});
        let p = summarize(
            &pod(json!([crashing, proxy])),
            Some("Deployment/web".into()),
        );
        assert_eq!(p.status, "CrashLoopBackOff");
        assert_eq!((p.ready_containers, p.containers, p.restarts), (1, 2, 6));
        assert_eq!(p.last_restart.as_deref(), Some("2026-01-02T10:00:00Z"));
        assert!(!p.is_ready());
        let last = p.last_termination.unwrap();
        assert_eq!(
            (
                last.container.as_str(),
                last.reason.as_deref(),
                last.exit_code
            ),
            ("web", Some("OOMKilled"), Some(137))
        );
    }

    #[test]
    fn terminated_without_a_reason_and_terminating_pods() {
        let mut p = pod(
            json!([{"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 2}}}]),
        );
        assert_eq!(summarize(&p, None).status, "ExitCode:2");
        p["metadata"]["deletionTimestamp"] = json!("2026-01-03T00:00:00Z");
        assert_eq!(summarize(&p, None).status, "Terminating");
    }

    #[test]
    fn init_containers_come_first() {
        let mut p = pod(json!([]));
        p["spec"]["initContainers"] = json!([{"name": "migrate"}, {"name": "warm"}]);
        p["status"]["phase"] = json!("Pending");
        p["status"]["initContainerStatuses"] = json!([
            {"name": "migrate", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
            {"name": "warm", "ready": false, "restartCount": 2, "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
        ]);
        let summary = summarize(&p, None);
        assert_eq!(summary.status, "Init:CrashLoopBackOff");
        assert_eq!(summary.restarts, 2);
        p["status"]["initContainerStatuses"][1]["state"] = json!({"running": {}});
        assert_eq!(summarize(&p, None).status, "Init:1/2");
    }

    #[test]
    fn a_pending_pod_shows_its_phase() {
        let p = json!({"metadata": {"name": "x"}, "spec": {"containers": [{"name": "a"}]}, "status": {"phase": "Pending"}});
        let summary = summarize(&p, None);
        assert_eq!(
            (
                summary.status.as_str(),
                summary.ready_containers,
                summary.containers
            ),
            ("Pending", 0, 1)
        );
    }
}
