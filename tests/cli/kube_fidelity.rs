//! The fake API server (`kubefake.rs`) checked with the real kubectl: each
//! test drives it with kubectl and expects what kubectl prints against a
//! real API server (messages as apiserver and kubectl word them, tables as
//! the server prints them for `kubectl get`). The objects tests store as a
//! running cluster holds them (`kube_objects.rs`) also go through the
//! Kubernetes API types (k8s-openapi) and must come back unchanged. kubectl
//! runs with `--validate=false` (the fake serves no OpenAPI documents) and
//! creates from files (`kubectl create namespace` sends protobuf, which
//! the fake refuses with 415 as it speaks JSON and YAML only).

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

use crate::env::kubectl_present;
use crate::kube_fake::{KubeFake, kube_fake};
use crate::kube_objects::{PodState, Service};

struct Kubectl {
    fake: KubeFake,
    dir: tempfile::TempDir,
    kubeconfig: PathBuf,
}

impl Kubectl {
    /// None (test skipped) when kubectl is missing on a user's machine.
    fn start() -> Option<Kubectl> {
        if !kubectl_present() {
            return None;
        }
        let fake = kube_fake();
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = fake.kubeconfig(dir.path());
        Some(Kubectl {
            fake,
            dir,
            kubeconfig,
        })
    }

    fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .args(args)
            .env("HOME", self.dir.path())
            .output()
            .expect("kubectl runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "kubectl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "kubectl {args:?} should fail: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn create_namespace(&self, name: &str, labels: &[(&str, &str)]) {
        let labels: String = labels
            .iter()
            .map(|(k, v)| format!("    {k}: \"{v}\"\n"))
            .collect();
        let file = self.file(
            &format!("ns-{name}.yaml"),
            &format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:\n{labels}"
            ),
        );
        assert_eq!(
            self.ok(&["create", "--validate=false", "-f", &file]),
            format!("namespace/{name} created\n")
        );
    }
}

fn deployment(namespace: &str, replicas: u32, labels: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {namespace}\n  labels:\n{labels}spec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
    )
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn discovery_get_and_not_found_read_as_from_a_real_server() {
    let Some(k) = Kubectl::start() else { return };
    let resources = k.ok(&["api-resources", "--no-headers", "-o", "name"]);
    for resource in [
        "namespaces",
        "deployments.apps",
        "ingresses.networking.k8s.io",
        "services",
        "configmaps",
    ] {
        assert!(resources.lines().any(|l| l == resource), "{resources}");
    }
    assert_eq!(
        names(&k.json(&["get", "namespaces", "-o", "json"])),
        ["default", "kube-system"]
    );
    let missing = k.fails(&["get", "namespace", "missing"]);
    assert_eq!(
        missing.trim(),
        r#"Error from server (NotFound): namespaces "missing" not found"#
    );
    let missing = k.fails(&["get", "deployment", "web", "-n", "default"]);
    assert_eq!(
        missing.trim(),
        r#"Error from server (NotFound): deployments.apps "web" not found"#
    );
    // Bad credentials: 401 as kubectl reports it.
    let text = std::fs::read_to_string(&k.kubeconfig)
        .unwrap()
        .replace("token: fake-token", "token: wrong");
    std::fs::write(&k.kubeconfig, text).unwrap();
    let denied = k.fails(&["get", "namespaces"]);
    assert!(
        denied.contains("error: You must be logged in to the server (Unauthorized)"),
        "{denied}"
    );
}

#[test]
fn label_selectors_equality_and_set_based() {
    let Some(k) = Kubectl::start() else { return };
    k.create_namespace("a", &[("team", "pay"), ("tier", "1")]);
    k.create_namespace("b", &[("team", "pay")]);
    k.create_namespace("c", &[("team", "id"), ("tier", "2")]);
    let select =
        |selector: &str| names(&k.json(&["get", "namespaces", "-l", selector, "-o", "json"]));
    assert_eq!(select("team=pay"), ["a", "b"]);
    assert_eq!(select("team==pay,tier"), ["a"]);
    assert_eq!(select("team!=pay"), ["c", "default", "kube-system"]);
    assert_eq!(select("tier in (1,2)"), ["a", "c"]);
    assert_eq!(select("team notin (pay),tier"), ["c"]);
    assert_eq!(select("!tier,team"), ["b"]);
    let invalid = k.fails(&["get", "namespaces", "-l", "team in pay"]);
    assert!(invalid.contains("unable to parse requirement"), "{invalid}");
}

#[test]
fn server_side_apply_owns_fields_conflicts_and_forces() {
    let Some(k) = Kubectl::start() else { return };
    // Into a missing namespace: the namespace is what is not found.
    let file = k.file(
        "d.yaml",
        &deployment("shop", 2, "    app: web\n    stage: a\n"),
    );
    let missing = k.fails(&["apply", "--validate=false", "--server-side", "-f", &file]);
    assert!(
        missing.contains(r#"namespaces "shop" not found"#),
        "{missing}"
    );

    k.create_namespace("shop", &[]);
    assert_eq!(
        k.ok(&["apply", "--validate=false", "--server-side", "-f", &file]),
        "deployment.apps/web serverside-applied\n"
    );
    let web = || {
        k.json(&[
            "get",
            "deployment",
            "web",
            "-n",
            "shop",
            "-o",
            "json",
            "--show-managed-fields",
        ])
    };
    let applied = web();
    assert_eq!(applied["metadata"]["generation"], 1);
    let managers: Vec<&str> = applied["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["manager"].as_str().unwrap())
        .collect();
    assert_eq!(managers, ["kubectl"]);
    assert_eq!(
        applied["metadata"]["managedFields"][0]["operation"],
        "Apply"
    );

    // Another manager setting a field kubectl owns to another value: 409.
    let other = k.file("other.yaml", &deployment("shop", 5, "    app: web\n"));
    let conflict = k.fails(&[
        "apply",
        "--validate=false",
        "--server-side",
        "--field-manager",
        "ci",
        "-f",
        &other,
    ]);
    assert!(
        conflict.contains(
            r#"Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas"#
        ),
        "{conflict}"
    );
    assert!(
        conflict.contains("--force-conflicts"),
        "kubectl's advice: {conflict}"
    );
    assert_eq!(
        k.json(&["get", "deployment", "web", "-n", "shop", "-o", "json"])["spec"]["replicas"],
        2
    );

    // Forced: ci takes .spec.replicas; the generation moves with the spec.
    k.ok(&[
        "apply",
        "--validate=false",
        "--server-side",
        "--field-manager",
        "ci",
        "--force-conflicts",
        "-f",
        &other,
    ]);
    let forced = web();
    assert_eq!(forced["spec"]["replicas"], 5);
    assert_eq!(forced["metadata"]["generation"], 2);
    let owner_of_replicas: Vec<&str> = forced["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["fieldsV1"]["f:spec"]["f:replicas"].is_object())
        .map(|m| m["manager"].as_str().unwrap())
        .collect();
    assert_eq!(owner_of_replicas, ["ci"]);

    // kubectl applies again without the `stage` label and without replicas:
    // the label it alone owned is removed; replicas (now ci's) stay.
    let fewer = k.file(
        "fewer.yaml",
        &deployment("shop", 0, "    app: web\n").replace("  replicas: 0\n", ""),
    );
    k.ok(&["apply", "--validate=false", "--server-side", "-f", &fewer]);
    let after = k.json(&["get", "deployment", "web", "-n", "shop", "-o", "json"]);
    assert_eq!(
        after["metadata"]["labels"],
        serde_json::json!({"app": "web"})
    );
    assert_eq!(after["spec"]["replicas"], 5);
}

#[test]
fn namespaces_terminate_then_vanish_with_their_objects() {
    let Some(k) = Kubectl::start() else { return };
    k.create_namespace("gone", &[]);
    let file = k.file("d.yaml", &deployment("gone", 1, "    app: web\n"));
    k.ok(&["apply", "--validate=false", "--server-side", "-f", &file]);
    assert_eq!(
        k.ok(&["delete", "namespace", "gone", "--wait=false"]),
        "namespace \"gone\" deleted\n"
    );
    assert_eq!(
        k.ok(&["get", "namespace", "gone", "-o", "jsonpath={.status.phase}"]),
        "Terminating"
    );
    let refused = k.fails(&["apply", "--validate=false", "--server-side", "-f", &file]);
    assert!(
        refused.contains(
            "unable to create new content in namespace gone because it is being terminated"
        ),
        "{refused}"
    );
    // Reads until it is gone; a real namespace controller takes a moment too.
    let mut reads = 0;
    while k.run(&["get", "namespace", "gone"]).status.success() {
        reads += 1;
        assert!(reads < 10, "the namespace never went away");
    }
    // kubectl follows a 404 with a read of the namespace and reports that.
    let missing = k.fails(&["get", "deployment", "web", "-n", "gone"]);
    assert_eq!(
        missing.trim(),
        r#"Error from server (NotFound): namespaces "gone" not found"#
    );
    let requests = k.fake.requests();
    assert!(
        requests.iter().any(
            |(m, p)| m == "GET" && p.ends_with("/apis/apps/v1/namespaces/gone/deployments/web")
        ),
        "{requests:?}"
    );
}

#[test]
fn rollout_status_reads_the_deployment_status_as_kubectl_does() {
    let Some(k) = Kubectl::start() else { return };
    k.create_namespace("roll", &[]);
    let file = k.file("d.yaml", &deployment("roll", 1, "    app: web\n"));
    k.ok(&["apply", "--validate=false", "--server-side", "-f", &file]);
    // kubectl's own rule over the status the fake progresses through.
    let mut reads = 0;
    loop {
        let status =
            k.json(&["get", "deployment", "web", "-n", "roll", "-o", "json"])["status"].clone();
        if status["availableReplicas"] == 1
            && status["updatedReplicas"] == 1
            && status["observedGeneration"] == 1
        {
            break;
        }
        reads += 1;
        assert!(reads < 10, "never rolled out: {status}");
    }
    assert!(
        reads >= 1,
        "status starts out not yet available, as a real rollout does"
    );
    assert_eq!(
        k.ok(&[
            "get",
            "deployment",
            "web",
            "-n",
            "roll",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"
        ]),
        "True"
    );
}

#[test]
fn denied_verbs_are_forbidden_with_the_rbac_message() {
    let Some(k) = Kubectl::start() else { return };
    let file = k.file("d.yaml", &deployment("default", 1, "    app: web\n"));
    k.fake.deny("patch", "deployments");
    let denied = k.fails(&["apply", "--validate=false", "--server-side", "-f", &file]);
    assert!(
        denied.contains(r#"deployments.apps "web" is forbidden: User "tester" cannot patch resource "deployments" in API group "apps" in the namespace "default""#),
        "{denied}"
    );
    k.fake.deny("list", "namespaces");
    let denied = k.fails(&["get", "namespaces"]);
    assert!(
        denied.contains(r#"namespaces is forbidden: User "tester" cannot list resource "namespaces" in API group "" at the cluster scope"#),
        "{denied}"
    );
}

/// kubectl's table output as cells: columns are at least three spaces
/// apart, and no cell holds two spaces in a row.
fn cells(output: &str) -> Vec<Vec<String>> {
    output
        .lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn row(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// A service whose pods are in every state plat calls out.
fn troubled(k: &Kubectl) -> Vec<String> {
    let web = Service::new("shop", "web");
    let pods = web.run(
        &k.fake,
        &[
            PodState::Running,
            PodState::CrashLoopOomKilled { restarts: 5 },
            PodState::ImagePullBackOff,
            PodState::Pending,
        ],
    );
    pods.iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pods_print_as_kubectl_get_pods_shows_them_from_a_real_server() {
    let Some(k) = Kubectl::start() else { return };
    let names = troubled(&k);
    // The kubelet's statuses, printed by the server's rules: READY counts
    // ready running containers, STATUS is the waiting reason, RESTARTS
    // says when the last one was.
    assert_eq!(
        cells(&k.ok(&["get", "pods", "-n", "shop", "-o", "wide"])),
        [
            row(&[
                "NAME",
                "READY",
                "STATUS",
                "RESTARTS",
                "AGE",
                "IP",
                "NODE",
                "NOMINATED NODE",
                "READINESS GATES"
            ]),
            row(&[
                &names[0],
                "1/1",
                "Running",
                "0",
                "20m",
                "10.244.1.2",
                "node-1",
                "<none>",
                "<none>"
            ]),
            row(&[
                &names[1],
                "0/1",
                "CrashLoopBackOff",
                "5 (16m ago)",
                "20m",
                "10.244.1.3",
                "node-2",
                "<none>",
                "<none>"
            ]),
            row(&[
                &names[2],
                "0/1",
                "ImagePullBackOff",
                "0",
                "20m",
                "10.244.1.4",
                "node-3",
                "<none>",
                "<none>"
            ]),
            row(&[
                &names[3], "0/1", "Pending", "0", "20m", "<none>", "<none>", "<none>", "<none>"
            ]),
        ]
    );
    // Without -o wide, the priority-0 columns only.
    assert_eq!(
        cells(&k.ok(&["get", "pod", &names[1], "-n", "shop"])),
        [
            row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            row(&[&names[1], "0/1", "CrashLoopBackOff", "5 (16m ago)", "20m"]),
        ]
    );
    // The container statuses as the kubelet reports them.
    let crashing = k.json(&["get", "pod", &names[1], "-n", "shop", "-o", "json"]);
    let container = &crashing["status"]["containerStatuses"][0];
    assert_eq!(container["state"]["waiting"]["reason"], "CrashLoopBackOff");
    assert_eq!(container["lastState"]["terminated"]["reason"], "OOMKilled");
    assert_eq!(container["lastState"]["terminated"]["exitCode"], 137);
    assert_eq!(container["restartCount"], 5);
    assert_eq!(
        k.ok(&[
            "get",
            "pod",
            &names[0],
            "-n",
            "shop",
            "-o",
            "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"
        ]),
        "ReplicaSet/web-5d9c8b7f4"
    );
}

#[test]
fn label_selectors_list_across_namespaces_and_page_as_kubectl_asks() {
    let Some(k) = Kubectl::start() else { return };
    let pods = troubled(&k);
    let other = Service::new("other", "api");
    other.run(&k.fake, &[PodState::Running]);
    // Across namespaces by the label Backstage selects by: the NAMESPACE
    // column comes from each row's object metadata.
    let listed = cells(&k.ok(&["get", "pods", "-A", "-l", "backstage.io/kubernetes-id=web"]));
    assert_eq!(
        listed[0],
        row(&["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
    );
    assert_eq!(
        listed[1..]
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect::<Vec<_>>(),
        pods.iter()
            .map(|n| ("shop", n.as_str()))
            .collect::<Vec<_>>()
    );
    let requests = k.fake.requests();
    assert!(
        requests.iter().any(|(m, p)| m == "GET"
            && p.ends_with(
                "/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dweb&limit=500"
            )),
        "{requests:?}"
    );
    // kubectl reads in chunks (--chunk-size): the fake pages with
    // `continue` as a server does, and kubectl follows it.
    let all = k.json(&["get", "pods", "-A", "--chunk-size", "2", "-o", "json"]);
    assert_eq!(names(&all).len(), 5);
    assert!(
        k.fake
            .requests()
            .iter()
            .any(|(_, p)| p.contains("continue=")),
        "kubectl followed a continue token"
    );
}

#[test]
fn workloads_hpas_and_ingresses_print_as_from_a_real_server() {
    let Some(k) = Kubectl::start() else { return };
    troubled(&k);
    let web = Service::new("shop", "web");
    k.fake.put(web.autoscaler(2, 10, 4, 45));
    k.fake.put(web.ingress("shop.example.com", "203.0.113.10"));
    k.fake.put(Service::new("shop", "db").stateful_set(3, 2));
    k.fake.put(Service::new("shop", "agent").daemon_set(3, 3));
    let table = |kind: &str| cells(&k.ok(&["get", kind, "-n", "shop", "-o", "wide"]));
    assert_eq!(
        table("deployments"),
        [
            row(&[
                "NAME",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "AGE",
                "CONTAINERS",
                "IMAGES",
                "SELECTOR"
            ]),
            row(&[
                "web",
                "1/4",
                "4",
                "1",
                "20m",
                "web",
                "ghcr.io/acme/web:1.4.2",
                "app.kubernetes.io/name=web"
            ]),
        ]
    );
    assert_eq!(
        table("replicasets"),
        [
            row(&[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "AGE",
                "CONTAINERS",
                "IMAGES",
                "SELECTOR"
            ]),
            row(&[
                "web-5d9c8b7f4",
                "4",
                "4",
                "1",
                "20m",
                "web",
                "ghcr.io/acme/web:1.4.2",
                "app.kubernetes.io/name=web,pod-template-hash=5d9c8b7f4"
            ]),
        ]
    );
    assert_eq!(
        table("statefulsets"),
        [
            row(&["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]),
            row(&["db", "2/3", "20m", "db", "ghcr.io/acme/db:1.4.2"]),
        ]
    );
    assert_eq!(
        table("daemonsets"),
        [
            row(&[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
                "CONTAINERS",
                "IMAGES",
                "SELECTOR"
            ]),
            row(&[
                "agent",
                "3",
                "3",
                "3",
                "3",
                "3",
                "kubernetes.io/os=linux",
                "20m",
                "agent",
                "ghcr.io/acme/agent:1.4.2",
                "app.kubernetes.io/name=agent"
            ]),
        ]
    );
    // autoscaling/v2, whose TARGETS name each resource metric (Kubernetes 1.30+).
    assert_eq!(
        cells(&k.ok(&["get", "hpa", "-n", "shop"])),
        [
            row(&[
                "NAME",
                "REFERENCE",
                "TARGETS",
                "MINPODS",
                "MAXPODS",
                "REPLICAS",
                "AGE"
            ]),
            row(&[
                "web",
                "Deployment/web",
                "cpu: 45%/80%",
                "2",
                "10",
                "4",
                "20m"
            ]),
        ]
    );
    assert_eq!(
        cells(&k.ok(&["get", "ingress", "-n", "shop"])),
        [
            row(&["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"]),
            row(&[
                "web",
                "nginx",
                "shop.example.com",
                "203.0.113.10",
                "80, 443",
                "20m"
            ]),
        ]
    );
    assert_eq!(
        k.ok(&[
            "get",
            "hpa",
            "web",
            "-n",
            "shop",
            "-o",
            "jsonpath={.apiVersion} {.status.currentMetrics[0].resource.current.averageUtilization}"
        ]),
        "autoscaling/v2 45"
    );
}

#[test]
fn the_status_is_the_kubelets_to_write_through_the_status_subresource() {
    let Some(k) = Kubectl::start() else { return };
    k.create_namespace("shop", &[]);
    let pod = k.file(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\nstatus:\n  phase: Running\n",
    );
    k.ok(&["create", "--validate=false", "-f", &pod]);
    // A status sent with the object is dropped; a new pod is Pending.
    assert_eq!(
        cells(&k.ok(&["get", "pod", "solo", "-n", "shop"]))[1][..3],
        row(&["solo", "0/1", "Pending"])
    );
    let running = r#"{"status":{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"image":"nginx:1.27","imageID":"","started":true,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]}}"#;
    k.ok(&[
        "patch",
        "pod",
        "solo",
        "-n",
        "shop",
        "--subresource=status",
        "--type=merge",
        "-p",
        running,
    ]);
    assert_eq!(
        cells(&k.ok(&["get", "pod", "solo", "-n", "shop"]))[1][..3],
        row(&["solo", "1/1", "Running"])
    );
    // Writing the object itself leaves the status alone.
    k.ok(&["label", "pod", "solo", "-n", "shop", "tier=web"]);
    assert_eq!(
        k.ok(&[
            "get",
            "pod",
            "solo",
            "-n",
            "shop",
            "-o",
            "jsonpath={.status.phase} {.metadata.labels.tier}"
        ]),
        "Running web"
    );
}

/// `value` without its nulls (the API writes `lastProbeTime: null`; typed
/// clients leave such fields out).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Through the Kubernetes type and back: a field the API does not have
/// (or one of the wrong type) would be lost or refused.
fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(object: &Value) {
    let typed: T = serde_json::from_value(object.clone())
        .unwrap_or_else(|e| panic!("{} {}: {e}", object["kind"], object["metadata"]["name"]));
    assert_eq!(
        without_nulls(&serde_json::to_value(&typed).unwrap()),
        without_nulls(object),
        "{} {} changed through the Kubernetes types",
        object["kind"],
        object["metadata"]["name"]
    );
}

#[test]
fn every_object_shape_is_the_kubernetes_apis() {
    use k8s_openapi::api::{apps, autoscaling, core, networking};
    let Some(k) = Kubectl::start() else { return };
    troubled(&k);
    let web = Service::new("shop", "web");
    k.fake.put(web.autoscaler(2, 10, 4, 45));
    k.fake.put(web.ingress("shop.example.com", "203.0.113.10"));
    k.fake.put(Service::new("shop", "db").stateful_set(3, 2));
    k.fake.put(Service::new("shop", "agent").daemon_set(3, 3));
    let list = |kind: &str| {
        k.json(&[
            "get",
            kind,
            "-n",
            "shop",
            "-o",
            "json",
            "--show-managed-fields",
        ])["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    let pods = list("pods");
    assert_eq!(pods.len(), 4);
    pods.iter().for_each(round_trips::<core::v1::Pod>);
    // The check has teeth: a misspelt field does not survive the types.
    let mut misspelt = pods[1].clone();
    misspelt["status"]["containerStatuses"][0]["restartcount"] = serde_json::json!(5);
    assert!(std::panic::catch_unwind(|| round_trips::<core::v1::Pod>(&misspelt)).is_err());
    list("replicasets")
        .iter()
        .for_each(round_trips::<apps::v1::ReplicaSet>);
    list("deployments")
        .iter()
        .for_each(round_trips::<apps::v1::Deployment>);
    list("statefulsets")
        .iter()
        .for_each(round_trips::<apps::v1::StatefulSet>);
    list("daemonsets")
        .iter()
        .for_each(round_trips::<apps::v1::DaemonSet>);
    list("horizontalpodautoscalers.v2.autoscaling")
        .iter()
        .for_each(round_trips::<autoscaling::v2::HorizontalPodAutoscaler>);
    list("ingresses")
        .iter()
        .for_each(round_trips::<networking::v1::Ingress>);
}
