//! Objects as a running cluster holds them, for the fake API server: a
//! Deployment with the ReplicaSet its controller made and the pods that
//! ReplicaSet made (names with the pod-template hash, owner references,
//! the template's labels), the status the kubelet writes for each pod
//! (running, crash-looping after an OOM kill, failing to pull its image,
//! pending), StatefulSets, DaemonSets, autoscaling/v2 HPAs with current
//! metrics, and Ingresses with a load balancer address. Shapes follow the
//! Kubernetes API reference; `kube_fidelity.rs` checks them with kubectl
//! and against the Kubernetes types.

use serde_json::{Value, json};

use crate::kube_fake::KubeFake;

/// The label Backstage's Kubernetes plugin selects by.
pub const ID_LABEL: &str = "backstage.io/kubernetes-id";

/// An RFC 3339 time this many seconds ago.
pub fn ago(seconds: i64) -> String {
    jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_secs(seconds))
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// What the kubelet reports for a pod's one container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodState {
    Running,
    /// Crashing again and again; the last crash was an OOM kill.
    CrashLoopOomKilled {
        restarts: i64,
    },
    /// Crashing again and again with exit code 1.
    CrashLoopError {
        restarts: i64,
    },
    ImagePullBackOff,
    /// Not scheduled: no node has room.
    Pending,
    /// Running, but never passing its readiness probe.
    Unready,
}

/// A service's objects in one namespace.
pub struct Service {
    pub namespace: String,
    pub name: String,
    /// Labels on every object and pod template (the id label among them).
    pub labels: Value,
    /// The pod-template hash of the current ReplicaSet.
    pub hash: String,
}

impl Service {
    pub fn new(namespace: &str, name: &str) -> Service {
        Service {
            namespace: namespace.into(),
            name: name.into(),
            labels: json!({ID_LABEL: name, "app.kubernetes.io/name": name}),
            hash: "5d9c8b7f4".into(),
        }
    }

    pub fn with_labels(mut self, labels: Value) -> Service {
        self.labels = labels;
        self
    }

    fn template(&self, image: &str) -> Value {
        json!({
            "metadata": {"labels": self.labels},
            "spec": {"containers": [{
                "name": self.name,
                "image": image,
                "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                "readinessProbe": {"httpGet": {"path": "/readyz", "port": "http", "scheme": "HTTP"}, "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
                "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent",
            }],
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "schedulerName": "default-scheduler",
            "terminationGracePeriodSeconds": 30},
        })
    }

    fn image(&self) -> String {
        format!("ghcr.io/acme/{}:1.4.2", self.name)
    }

    /// The Deployment, its status as the controller reports `ready` of
    /// `replicas` pods ready.
    pub fn deployment(&self, replicas: i64, ready: i64) -> Value {
        let available = json!({"type": "Available", "status": if ready >= replicas { "True" } else { "False" },
            "lastUpdateTime": ago(1200), "lastTransitionTime": ago(1200),
            "reason": if ready >= replicas { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" },
            "message": if ready >= replicas { "Deployment has minimum availability." } else { "Deployment does not have minimum availability." }});
        let progressing = json!({"type": "Progressing", "status": "True", "lastUpdateTime": ago(1100), "lastTransitionTime": ago(1200),
            "reason": "NewReplicaSetAvailable", "message": format!("ReplicaSet \"{}-{}\" has successfully progressed.", self.name, self.hash)});
        let mut status = json!({"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": ready, "availableReplicas": ready, "conditions": [available, progressing]});
        if ready < replicas {
            status["unavailableReplicas"] = json!(replicas - ready);
        }
        if ready == 0 {
            status.as_object_mut().unwrap().remove("readyReplicas");
            status.as_object_mut().unwrap().remove("availableReplicas");
        }
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels,
                "creationTimestamp": ago(1200), "generation": 1,
                "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {"replicas": replicas,
                "selector": {"matchLabels": {"app.kubernetes.io/name": self.name}},
                "template": self.template(&self.image()),
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
            "status": status,
        })
    }

    /// The ReplicaSet the Deployment controller made.
    pub fn replica_set(&self, deployment: &Value, ready: i64) -> Value {
        let replicas = deployment["spec"]["replicas"].clone();
        let mut labels = self.labels.clone();
        labels["pod-template-hash"] = json!(self.hash);
        let mut template = self.template(&self.image());
        template["metadata"]["labels"]["pod-template-hash"] = json!(self.hash);
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": format!("{}-{}", self.name, self.hash), "namespace": self.namespace,
                "labels": labels, "creationTimestamp": ago(1200), "generation": 1,
                "annotations": {"deployment.kubernetes.io/desired-replicas": replicas.to_string(), "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": self.name,
                    "uid": deployment["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true}]},
            "spec": {"replicas": replicas,
                "selector": {"matchLabels": {"app.kubernetes.io/name": self.name, "pod-template-hash": self.hash}},
                "template": template},
            "status": {"replicas": replicas, "fullyLabeledReplicas": replicas, "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": 1},
        })
    }

    /// Pod number `index` of the ReplicaSet, in `state`.
    pub fn pod(&self, replica_set: &Value, index: usize, state: PodState) -> Value {
        let suffix: String = format!("{:05}", index * 7919 % 100_000)
            .chars()
            .map(|c| (b'b' + (c as u8 - b'0')) as char)
            .collect();
        let name = format!("{}-{}-{suffix}", self.name, self.hash);
        let ip = format!("10.244.{}.{}", 1 + index / 250, 2 + index % 250);
        let node = format!("node-{}", 1 + index % 3);
        let mut labels = self.labels.clone();
        labels["pod-template-hash"] = json!(self.hash);
        let mut spec = self.template(&self.image())["spec"].clone();
        spec["nodeName"] = json!(node);
        let image = self.image();
        let started = ago(1150);
        let container = |ready: bool, restarts: i64, state: Value, last: Value| {
            let mut status = json!({"name": self.name, "ready": ready, "restartCount": restarts, "image": image,
                "imageID": format!("ghcr.io/acme/{}@sha256:{}", self.name, "4f".repeat(32)),
                "containerID": format!("containerd://{}", "a1".repeat(32)),
                "started": state["running"].is_object(), "state": state, "lastState": last});
            if !status["state"]["waiting"].is_null()
                && status["state"]["waiting"]["reason"] == "ImagePullBackOff"
            {
                status["imageID"] = json!("");
                status.as_object_mut().unwrap().remove("containerID");
            }
            status
        };
        let condition = |kind: &str, ok: bool| {
            let mut c = json!({"type": kind, "status": if ok { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": ago(1180)});
            if !ok && (kind == "Ready" || kind == "ContainersReady") {
                c["reason"] = json!("ContainersNotReady");
                c["message"] = json!(format!("containers with unready status: [{}]", self.name));
            }
            c
        };
        let (phase, ready, statuses) = match state {
            PodState::Running => (
                "Running",
                true,
                container(
                    true,
                    0,
                    json!({"running": {"startedAt": started}}),
                    json!({}),
                ),
            ),
            PodState::Unready => (
                "Running",
                false,
                container(
                    false,
                    0,
                    json!({"running": {"startedAt": started}}),
                    json!({}),
                ),
            ),
            PodState::CrashLoopOomKilled { restarts } | PodState::CrashLoopError { restarts } => {
                let (reason, code) = if matches!(state, PodState::CrashLoopOomKilled { .. }) {
                    ("OOMKilled", 137)
                } else {
                    ("Error", 1)
                };
                (
                    "Running",
                    false,
                    container(
                        false,
                        restarts,
                        json!({"waiting": {"reason": "CrashLoopBackOff",
                            "message": format!("back-off 5m0s restarting failed container={} pod={name}_{}({})", self.name, self.namespace, "00000000-0000-4000-8000-000000000000")}}),
                        json!({"terminated": {"exitCode": code, "reason": reason, "startedAt": ago(1010), "finishedAt": ago(1000),
                            "containerID": format!("containerd://{}", "b2".repeat(32))}}),
                    ),
                )
            }
            PodState::ImagePullBackOff => (
                "Pending",
                false,
                container(
                    false,
                    0,
                    json!({"waiting": {"reason": "ImagePullBackOff",
                        "message": format!("Back-off pulling image \"{image}\"")}}),
                    json!({}),
                ),
            ),
            PodState::Pending => {
                let pod = json!({
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "namespace": self.namespace, "labels": labels, "creationTimestamp": ago(1200),
                        "generateName": format!("{}-{}-", self.name, self.hash),
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": replica_set["metadata"]["name"],
                            "uid": replica_set["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true}]},
                    "spec": {"containers": spec["containers"], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 30},
                    "status": {"phase": "Pending", "qosClass": "Burstable", "conditions": [{"type": "PodScheduled", "status": "False", "lastProbeTime": null, "lastTransitionTime": ago(1180),
                        "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."}]},
                });
                return pod;
            }
        };
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": self.namespace, "labels": labels, "creationTimestamp": ago(1200),
                "generateName": format!("{}-{}-", self.name, self.hash),
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": replica_set["metadata"]["name"],
                    "uid": replica_set["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true}]},
            "spec": spec,
            "status": {"phase": phase, "qosClass": "Burstable",
                "conditions": [condition("PodReadyToStartContainers", true), condition("Initialized", true),
                    condition("Ready", ready), condition("ContainersReady", ready), condition("PodScheduled", true)],
                "hostIP": "192.168.49.2", "hostIPs": [{"ip": "192.168.49.2"}],
                "podIP": ip, "podIPs": [{"ip": ip}], "startTime": ago(1190),
                "containerStatuses": [statuses]},
        })
    }

    /// An autoscaling/v2 HPA on the Deployment, CPU at `cpu`% of 80%.
    pub fn autoscaler(&self, min: i64, max: i64, current: i64, cpu: i64) -> Value {
        json!({
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels, "creationTimestamp": ago(1200)},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": self.name},
                "minReplicas": min, "maxReplicas": max,
                "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]},
            "status": {"currentReplicas": current, "desiredReplicas": current, "lastScaleTime": ago(900),
                "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": format!("{}m", cpu / 2), "averageUtilization": cpu}}}],
                "conditions": [
                    {"type": "AbleToScale", "status": "True", "lastTransitionTime": ago(1200), "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
                    {"type": "ScalingActive", "status": "True", "lastTransitionTime": ago(1200), "reason": "ValidMetricFound", "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                    {"type": "ScalingLimited", "status": if current == max { "True" } else { "False" }, "lastTransitionTime": ago(1200),
                        "reason": if current == max { "TooManyReplicas" } else { "DesiredWithinRange" },
                        "message": if current == max { "the desired replica count is more than the maximum replica count" } else { "the desired count is within the acceptable range" }}]},
        })
    }

    /// An Ingress for `host` (with TLS), behind a load balancer at `ip`.
    pub fn ingress(&self, host: &str, ip: &str) -> Value {
        json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels, "creationTimestamp": ago(1200), "generation": 1},
            "spec": {"ingressClassName": "nginx",
                "tls": [{"hosts": [host], "secretName": format!("{}-tls", self.name)}],
                "rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": self.name, "port": {"name": "http"}}}}]}}]},
            "status": {"loadBalancer": {"ingress": [{"ip": ip}]}},
        })
    }

    /// A StatefulSet with `ready` of `replicas` pods ready (its pods are not made).
    pub fn stateful_set(&self, replicas: i64, ready: i64) -> Value {
        let revision = format!("{}-6c8d9f7b5d", self.name);
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels, "creationTimestamp": ago(1200), "generation": 1},
            "spec": {"replicas": replicas, "serviceName": self.name,
                "selector": {"matchLabels": {"app.kubernetes.io/name": self.name}},
                "template": self.template(&self.image()),
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                "podManagementPolicy": "OrderedReady"},
            "status": {"observedGeneration": 1, "replicas": replicas, "readyReplicas": ready, "currentReplicas": replicas,
                "updatedReplicas": replicas, "availableReplicas": ready, "currentRevision": revision, "updateRevision": revision, "collisionCount": 0},
        })
    }

    /// A DaemonSet on `nodes` nodes, `ready` of them ready (its pods are not made).
    pub fn daemon_set(&self, nodes: i64, ready: i64) -> Value {
        let mut template = self.template(&self.image());
        template["spec"]["nodeSelector"] = json!({"kubernetes.io/os": "linux"});
        json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels, "creationTimestamp": ago(1200), "generation": 1},
            "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": self.name}}, "template": template,
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}, "revisionHistoryLimit": 10},
            "status": {"currentNumberScheduled": nodes, "numberMisscheduled": 0, "desiredNumberScheduled": nodes, "numberReady": ready,
                "observedGeneration": 1, "updatedNumberScheduled": nodes, "numberAvailable": ready},
        })
    }

    /// Stores the Deployment, its ReplicaSet and one pod per state; returns
    /// the pods as stored.
    pub fn run(&self, fake: &KubeFake, states: &[PodState]) -> Vec<Value> {
        let replicas = states.len() as i64;
        let ready = states.iter().filter(|s| **s == PodState::Running).count() as i64;
        let deployment = fake.put(self.deployment(replicas, ready));
        let replica_set = fake.put(self.replica_set(&deployment, ready));
        states
            .iter()
            .enumerate()
            .map(|(i, state)| fake.put(self.pod(&replica_set, i, *state)))
            .collect()
    }
}
