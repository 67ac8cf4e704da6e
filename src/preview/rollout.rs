//! Whether a workload has rolled out, by kubectl's rules (`kubectl rollout
//! status`): the controller has seen the latest spec, every replica is
//! updated and available, and a Deployment past its progress deadline has
//! failed. `plat env up --wait` and `plat status` both judge by it.

use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollout {
    Done,
    /// Still going, and why.
    Waiting(String),
    Failed(String),
}

/// The rollout state of a Deployment, StatefulSet or DaemonSet (other
/// kinds are done).
pub fn rollout_status(object: &Json) -> Rollout {
    match object["kind"].as_str() {
        Some("Deployment") => deployment(object),
        Some("StatefulSet") => stateful_set(object),
        Some("DaemonSet") => daemon_set(object),
        _ => Rollout::Done,
    }
}

fn number(value: &Json) -> i64 {
    value.as_i64().unwrap_or(0)
}

fn deployment(object: &Json) -> Rollout {
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let status = &object["status"];
    if number(&object["metadata"]["generation"]) > number(&status["observedGeneration"]) {
        return Rollout::Waiting(format!(
            "deployment {name}: waiting for the spec update to be observed"
        ));
    }
    let progressing = status["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "Progressing");
    if progressing.is_some_and(|c| c["reason"] == "ProgressDeadlineExceeded") {
        return Rollout::Failed(format!("deployment {name} exceeded its progress deadline"));
    }
    let updated = number(&status["updatedReplicas"]);
    if let Some(wanted) = object["spec"]["replicas"].as_i64().or(Some(1))
        && updated < wanted
    {
        return Rollout::Waiting(format!(
            "deployment {name}: {updated} of {wanted} updated replicas are available"
        ));
    }
    let replicas = number(&status["replicas"]);
    if replicas > updated {
        return Rollout::Waiting(format!(
            "deployment {name}: {} old replicas are pending termination",
            replicas - updated
        ));
    }
    let available = number(&status["availableReplicas"]);
    if available < updated {
        return Rollout::Waiting(format!(
            "deployment {name}: {available} of {updated} updated replicas are available"
        ));
    }
    Rollout::Done
}

fn stateful_set(object: &Json) -> Rollout {
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let status = &object["status"];
    let observed = number(&status["observedGeneration"]);
    if observed == 0 || number(&object["metadata"]["generation"]) > observed {
        return Rollout::Waiting(format!(
            "statefulset {name}: waiting for the spec update to be observed"
        ));
    }
    let wanted = object["spec"]["replicas"].as_i64().unwrap_or(1);
    let ready = number(&status["readyReplicas"]);
    if ready < wanted {
        return Rollout::Waiting(format!(
            "statefulset {name}: {ready} of {wanted} pods are ready"
        ));
    }
    let strategy = &object["spec"]["updateStrategy"];
    if strategy["type"] == "RollingUpdate" && strategy["rollingUpdate"]["partition"].is_i64() {
        let partition = number(&strategy["rollingUpdate"]["partition"]);
        let updated = number(&status["updatedReplicas"]);
        if updated < wanted - partition {
            return Rollout::Waiting(format!(
                "statefulset {name}: {updated} of {} pods updated",
                wanted - partition
            ));
        }
        return Rollout::Done;
    }
    if status["updateRevision"] != status["currentRevision"] {
        return Rollout::Waiting(format!(
            "statefulset {name}: waiting for the rolling update to complete"
        ));
    }
    Rollout::Done
}

/// kubectl follows only the RollingUpdate strategy (the default); an
/// OnDelete DaemonSet has nothing to wait for.
fn daemon_set(object: &Json) -> Rollout {
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let status = &object["status"];
    let strategy = object["spec"]["updateStrategy"]["type"]
        .as_str()
        .unwrap_or("RollingUpdate");
    if strategy != "RollingUpdate" {
        return Rollout::Done;
    }
    if number(&object["metadata"]["generation"]) > number(&status["observedGeneration"]) {
        return Rollout::Waiting(format!(
            "daemonset {name}: waiting for the spec update to be observed"
        ));
    }
    let desired = number(&status["desiredNumberScheduled"]);
    let updated = number(&status["updatedNumberScheduled"]);
    if updated < desired {
        return Rollout::Waiting(format!(
            "daemonset {name}: {updated} of {desired} new pods have been updated"
        ));
    }
    let available = number(&status["numberAvailable"]);
    if available < desired {
        return Rollout::Waiting(format!(
            "daemonset {name}: {available} of {desired} updated pods are available"
        ));
    }
    Rollout::Done
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployments() {
        let mut d = json!({"kind": "Deployment", "metadata": {"name": "web", "generation": 2}, "spec": {"replicas": 2}, "status": {"observedGeneration": 1}});
        assert!(matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("observed")));
        d["status"] = json!({"observedGeneration": 2, "replicas": 2, "updatedReplicas": 1, "availableReplicas": 1});
        assert!(matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("1 of 2 updated")));
        d["status"] = json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 2, "availableReplicas": 2});
        assert!(
            matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("pending termination"))
        );
        d["status"] = json!({"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2});
        assert_eq!(rollout_status(&d), Rollout::Done);
        d["status"]["conditions"] = json!([{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]);
        assert!(matches!(rollout_status(&d), Rollout::Failed(_)));
    }

    #[test]
    fn stateful_sets() {
        let mut s = json!({"kind": "StatefulSet", "metadata": {"name": "db", "generation": 1}, "spec": {"replicas": 1}, "status": {"observedGeneration": 1, "readyReplicas": 1, "currentRevision": "a", "updateRevision": "b"}});
        assert!(matches!(rollout_status(&s), Rollout::Waiting(m) if m.contains("rolling update")));
        s["status"]["currentRevision"] = json!("b");
        assert_eq!(rollout_status(&s), Rollout::Done);
        assert_eq!(rollout_status(&json!({"kind": "Service"})), Rollout::Done);
    }

    #[test]
    fn daemon_sets() {
        let mut d = json!({"kind": "DaemonSet", "metadata": {"name": "agent", "generation": 2}, "spec": {}, "status": {"observedGeneration": 1}});
        assert!(matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("observed")));
        d["status"] = json!({"observedGeneration": 2, "desiredNumberScheduled": 3, "updatedNumberScheduled": 2, "numberAvailable": 2});
        assert!(matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("2 of 3 new pods")));
        d["status"]["updatedNumberScheduled"] = json!(3);
        assert!(
            matches!(rollout_status(&d), Rollout::Waiting(m) if m.contains("2 of 3 updated pods are available"))
        );
        d["status"]["numberAvailable"] = json!(3);
        assert_eq!(rollout_status(&d), Rollout::Done);
        d["status"]["numberAvailable"] = json!(0);
        d["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
        assert_eq!(rollout_status(&d), Rollout::Done);
    }
}
