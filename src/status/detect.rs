//! Problems, found by the rules of Backstage's Kubernetes error detection
//! (`@backstage/plugin-kubernetes-common`): pods whose containers wait
//! with a message (CrashLoopBackOff, ImagePullBackOff, ...), restart, or
//! run without passing their readiness probe; Deployments with a False
//! condition that carries a message; HPAs at their maximum. plat adds
//! workloads that have not rolled out by kubectl's rule. Each problem says
//! what to do, with the kubectl command that shows more.

use serde::Serialize;
use serde_json::Value as Json;

use super::objects::Workload;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Backstage's error type (`container-waiting`, `containers-restarting`,
    /// `readiness-probe-taking-too-long`, `condition-message-present`,
    /// `hpa-max-current-replicas`), or plat's (`rollout-failed`,
    /// `rollout-in-progress`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Backstage's severity: higher is worse.
    pub severity: u8,
    /// The object's kind: Pod, Deployment, HorizontalPodAutoscaler, ...
    pub object: String,
    pub namespace: String,
    pub name: String,
    pub message: String,
    /// The reason that explains it: CrashLoopBackOff, ImagePullBackOff,
    /// OOMKilled, Error, ...
    pub reason: Option<String>,
    pub hint: Option<String>,
    pub occurrences: i64,
}

fn list(value: &Json) -> &[Json] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn text(value: &Json) -> Option<&str> {
    value.as_str().filter(|s| !s.is_empty())
}

/// How to look closer, for one object in one context.
struct Kubectl<'a> {
    context: &'a str,
    namespace: &'a str,
}

impl Kubectl<'_> {
    fn command(&self, rest: &str) -> String {
        format!(
            "kubectl --context {} -n {} {rest}",
            self.context, self.namespace
        )
    }
}

/// What a waiting reason means and what to do about it.
fn waiting_hint(reason: &str, pod: &str, container: &str, kubectl: &Kubectl) -> Option<String> {
    let describe = kubectl.command(&format!("describe pod {pod}"));
    Some(match reason {
        "CrashLoopBackOff" => format!(
            "container {container} keeps crashing and Kubernetes waits longer before each restart; the last crash's logs: {}",
            kubectl.command(&format!("logs {pod} -c {container} --previous"))
        ),
        "ImagePullBackOff" | "ErrImagePull" => format!(
            "the image cannot be pulled: check its name and tag, and that the cluster may pull from the registry (imagePullSecrets); {describe}"
        ),
        "InvalidImageName" => format!(
            "the image reference of container {container} is not a valid image name; fix it in the pod template"
        ),
        "CreateContainerConfigError" => format!(
            "a ConfigMap or Secret that container {container} uses (or a key in it) is missing; {describe}"
        ),
        _ => return None,
    })
}

/// What the last termination says, for restarting containers.
fn termination_hint(
    terminated: &Json,
    pod: &str,
    container: &str,
    kubectl: &Kubectl,
) -> Option<String> {
    let logs = kubectl.command(&format!("logs {pod} -c {container} --previous"));
    let exit = terminated["exitCode"].as_i64().unwrap_or(0);
    Some(match text(&terminated["reason"])? {
        "OOMKilled" => format!(
            "container {container} was killed for using more memory than its limit: raise resources.limits.memory or make it use less; {logs}"
        ),
        "Error" | "Unknown" => {
            format!("container {container} exited with code {exit}; its stack trace is in {logs}")
        }
        _ => return None,
    })
}

/// Backstage's readiness rule: running, not ready, with a readiness probe,
/// and started longer ago than the probe's delay plus period × threshold.
fn readiness_overdue(spec: &Json, status: &Json, now: jiff::Timestamp) -> bool {
    let probe = &spec["readinessProbe"];
    if status["ready"] == true || !probe.is_object() {
        return false;
    }
    let Some(started) = status["state"]["running"]["startedAt"]
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    else {
        return false;
    };
    let seconds = probe["initialDelaySeconds"].as_i64().unwrap_or(0)
        + probe["periodSeconds"].as_i64().unwrap_or(0)
            * probe["failureThreshold"].as_i64().unwrap_or(0);
    started
        .checked_add(jiff::SignedDuration::from_secs(seconds))
        .is_ok_and(|due| due < now)
}

pub fn pod_findings(pod: &Json, context: &str, now: jiff::Timestamp) -> Vec<Finding> {
    let name = pod["metadata"]["name"].as_str().unwrap_or_default();
    let namespace = pod["metadata"]["namespace"].as_str().unwrap_or_default();
    let kubectl = Kubectl { context, namespace };
    let finding = |kind, message: String, reason: Option<&str>, hint, occurrences| Finding {
        kind,
        severity: 4,
        object: "Pod".into(),
        namespace: namespace.into(),
        name: name.into(),
        message,
        reason: reason.map(str::to_string),
        hint,
        occurrences,
    };
    let statuses = list(&pod["status"]["containerStatuses"]);
    let mut found = Vec::new();
    for status in statuses {
        let container = status["name"].as_str().unwrap_or_default();
        let spec = list(&pod["spec"]["containers"])
            .iter()
            .find(|c| c["name"] == container);
        if spec.is_some_and(|spec| readiness_overdue(spec, status, now)) {
            found.push(finding(
                "readiness-probe-taking-too-long",
                format!("container {container} runs but has not passed its readiness probe"),
                Some("ReadinessProbeFailed"),
                Some(format!(
                    "it starts without crashing but never becomes ready: check the probe's path and port, and what it logs while starting: {}",
                    kubectl.command(&format!("logs {name} -c {container}"))
                )),
                1,
            ));
        }
    }
    for status in statuses {
        let container = status["name"].as_str().unwrap_or_default();
        let waiting = &status["state"]["waiting"];
        if let Some(message) = waiting["message"].as_str() {
            let reason = text(&waiting["reason"]);
            found.push(finding(
                "container-waiting",
                format!(
                    "container {container} is waiting{}: {message}",
                    reason.map(|r| format!(" ({r})")).unwrap_or_default()
                ),
                reason,
                reason.and_then(|r| waiting_hint(r, name, container, &kubectl)),
                1,
            ));
        }
    }
    for status in statuses {
        let container = status["name"].as_str().unwrap_or_default();
        let restarts = status["restartCount"].as_i64().unwrap_or(0);
        if restarts > 0 {
            let terminated = &status["lastState"]["terminated"];
            let reason = text(&terminated["reason"]);
            found.push(finding(
                "containers-restarting",
                format!(
                    "container {container} restarted {restarts} time{}{}",
                    if restarts == 1 { "" } else { "s" },
                    reason
                        .map(|r| format!(
                            ", last terminated: {r} (exit code {})",
                            terminated["exitCode"].as_i64().unwrap_or(0)
                        ))
                        .unwrap_or_default()
                ),
                reason,
                termination_hint(terminated, name, container, &kubectl),
                restarts,
            ));
        }
    }
    found
}

pub fn deployment_findings(deployment: &Json, context: &str) -> Vec<Finding> {
    let name = deployment["metadata"]["name"].as_str().unwrap_or_default();
    let namespace = deployment["metadata"]["namespace"]
        .as_str()
        .unwrap_or_default();
    let kubectl = Kubectl { context, namespace };
    list(&deployment["status"]["conditions"])
        .iter()
        .filter(|c| c["status"] == "False")
        .filter_map(|c| {
            let message = c["message"].as_str()?;
            Some(Finding {
                kind: "condition-message-present",
                severity: 6,
                object: "Deployment".into(),
                namespace: namespace.into(),
                name: name.into(),
                message: format!(
                    "{} is False{}: {message}",
                    c["type"].as_str().unwrap_or("a condition"),
                    text(&c["reason"])
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                ),
                reason: text(&c["reason"]).map(str::to_string),
                hint: Some(format!(
                    "see its events and pods: {}",
                    kubectl.command(&format!("describe deployment {name}"))
                )),
                occurrences: 1,
            })
        })
        .collect()
}

pub fn autoscaler_findings(hpa: &Json) -> Vec<Finding> {
    let max = hpa["spec"]["maxReplicas"].as_i64().unwrap_or(-1);
    let current = &hpa["status"]["currentReplicas"];
    if current.as_i64() != Some(max) {
        return Vec::new();
    }
    vec![Finding {
        kind: "hpa-max-current-replicas",
        severity: 8,
        object: "HorizontalPodAutoscaler".into(),
        namespace: hpa["metadata"]["namespace"].as_str().unwrap_or_default().into(),
        name: hpa["metadata"]["name"].as_str().unwrap_or_default().into(),
        message: format!("runs {max} replicas, its maxReplicas: it cannot scale out further"),
        reason: None,
        hint: Some(
            "raise spec.maxReplicas if the load is expected, or find out why each replica takes more load than the target".into(),
        ),
        occurrences: 1,
    }]
}

/// plat's rule: a workload that has not rolled out, unless a Deployment
/// condition already says why.
pub fn rollout_findings(workload: &Workload, already: &[Finding], context: &str) -> Vec<Finding> {
    let kind = match workload.rollout.state {
        "failed" => "rollout-failed",
        "progressing" => "rollout-in-progress",
        _ => return Vec::new(),
    };
    let explained = already.iter().any(|f| {
        f.object == workload.kind && f.namespace == workload.namespace && f.name == workload.name
    });
    if explained {
        return Vec::new();
    }
    let kubectl = Kubectl {
        context,
        namespace: &workload.namespace,
    };
    vec![Finding {
        kind,
        severity: if kind == "rollout-failed" { 8 } else { 4 },
        object: workload.kind.clone(),
        namespace: workload.namespace.clone(),
        name: workload.name.clone(),
        message: workload.rollout.message.clone().unwrap_or_default(),
        reason: None,
        hint: Some(format!(
            "follow it with {}",
            kubectl.command(&format!(
                "rollout status {}/{}",
                workload.kind.to_lowercase(),
                workload.name
            ))
        )),
        occurrences: 1,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> jiff::Timestamp {
        "2026-01-02T12:00:00Z".parse().unwrap()
    }

    fn pod(spec: Json, statuses: Json) -> Json {
        json!({"metadata": {"name": "web-1", "namespace": "shop"}, "spec": {"containers": spec}, "status": {"phase": "Running", "containerStatuses": statuses}})
    }

    #[test]
    fn crash_loops_are_waiting_and_restarting_with_hints() {
        let p = pod(
            json!([{"name": "web"}]),
            json!([{"name": "web", "ready": false, "restartCount": 7,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=web pod=web-1"}},
                "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}]),
        );
        let found = pod_findings(&p, "prod", now());
        let kinds: Vec<&str> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, ["container-waiting", "containers-restarting"]);
        assert_eq!(found[0].reason.as_deref(), Some("CrashLoopBackOff"));
        assert!(
            found[0]
                .hint
                .as_ref()
                .unwrap()
                .contains("kubectl --context prod -n shop logs web-1 -c web --previous")
        );
        assert_eq!(found[1].occurrences, 7);
        assert_eq!(found[1].reason.as_deref(), Some("OOMKilled"));
        assert!(
            found[1]
                .hint
                .as_ref()
                .unwrap()
                .contains("resources.limits.memory")
        );
    }

    #[test]
    fn waiting_without_a_message_is_not_a_problem() {
        let p = pod(
            json!([{"name": "web"}]),
            json!([{"name": "web", "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]),
        );
        assert!(pod_findings(&p, "prod", now()).is_empty());
    }

    #[test]
    fn readiness_is_overdue_after_delay_plus_period_times_threshold() {
        let spec = json!([{"name": "web", "readinessProbe": {"initialDelaySeconds": 10, "periodSeconds": 10, "failureThreshold": 3}}]);
        let status = |started: &str| json!([{"name": "web", "ready": false, "restartCount": 0, "state": {"running": {"startedAt": started}}}]);
        assert!(
            pod_findings(
                &pod(spec.clone(), status("2026-01-02T11:59:30Z")),
                "prod",
                now()
            )
            .is_empty()
        );
        let late = pod_findings(&pod(spec, status("2026-01-02T11:58:00Z")), "prod", now());
        assert_eq!(late[0].kind, "readiness-probe-taking-too-long");
    }

    #[test]
    fn deployment_conditions_and_full_autoscalers() {
        let d = json!({"metadata": {"name": "web", "namespace": "shop"}, "status": {"conditions": [
            {"type": "Available", "status": "True", "message": "fine"},
            {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-5d9c\" has timed out progressing."}]}});
        let found = deployment_findings(&d, "prod");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, 6);
        assert!(
            found[0]
                .message
                .starts_with("Progressing is False (ProgressDeadlineExceeded)")
        );
        let hpa = |current: i64| json!({"metadata": {"name": "web"}, "spec": {"maxReplicas": 5}, "status": {"currentReplicas": current}});
        assert_eq!(autoscaler_findings(&hpa(5))[0].severity, 8);
        assert!(autoscaler_findings(&hpa(4)).is_empty());
    }
}
