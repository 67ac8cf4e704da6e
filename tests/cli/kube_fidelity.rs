//! The fake API server (`kubefake.rs`) checked with the real kubectl: each
//! test drives it with kubectl and expects what kubectl prints against a
//! real API server (messages as apiserver and kubectl word them). kubectl
//! runs with `--validate=false` (the fake serves no OpenAPI documents) and
//! creates from files (`kubectl create namespace` sends protobuf, which
//! the fake refuses with 415 as it speaks JSON and YAML only).

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

use crate::env::kubectl_present;
use crate::kube_fake::{KubeFake, kube_fake};

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
