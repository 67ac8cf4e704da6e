//! `plat env`: preview environments against the fake API server
//! (`kube_fake.rs`), with plat's effects checked through the real kubectl
//! where it matters; the dry-run plan checked against the Kubernetes
//! schemas; and, when `PLAT_E2E_KUBECONFIG` is set, against a real cluster.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{Tree, acme, assert_fails, plat, stderr, stdout, which};
use crate::kube_fake::{KubeFake, kube_fake};

/// A service repository: catalog-info.yaml, deploy/ manifests, plat.yaml.
struct Repo {
    tree: Tree,
    kubeconfig: PathBuf,
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ service }}\nspec:\n  replicas: {{ replicas }}\n  selector:\n    matchLabels: {app: '{{ service }}'}\n  template:\n    metadata:\n      labels: {app: '{{ service }}'}\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/{{ service }}:{{ image_tag }}\n";
const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ service }}\nspec:\n  selector: {app: '{{ service }}'}\n  ports: [{port: 80, targetPort: 8080}]\n";
const INGRESS: &str = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ service }}\nspec:\n  rules:\n    - host: {{ host }}\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: '{{ service }}', port: {number: 80}}\n";

impl Repo {
    fn new(fake: &KubeFake) -> Repo {
        let tree = Tree::new();
        tree.write(
            "catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-a\n",
        );
        tree.write("deploy/deployment.yaml", DEPLOYMENT);
        tree.write("deploy/service.yaml", SERVICE);
        tree.write("deploy/ingress.yaml", INGRESS);
        tree.write(
            "plat.yaml",
            "environments:\n  domain: preview.example.com\n",
        );
        let kubeconfig = fake.kubeconfig(tree.path());
        Repo { tree, kubeconfig }
    }

    fn path(&self) -> &Path {
        self.tree.path()
    }

    fn plat(&self, args: &[&str]) -> Output {
        plat()
            .current_dir(self.path())
            .env("KUBECONFIG", &self.kubeconfig)
            .env_remove("CI")
            .args(args)
            .output()
            .unwrap()
    }

    fn kubectl(&self, args: &[&str]) -> Output {
        std::process::Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .args(args)
            .output()
            .expect("kubectl runs")
    }

    /// kubectl's stdout; the test fails when kubectl does.
    fn kubectl_ok(&self, args: &[&str]) -> String {
        let output = self.kubectl(args);
        assert!(
            output.status.success(),
            "kubectl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn kubectl_json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.kubectl_ok(args)).unwrap()
    }
}

pub fn kubectl_present() -> bool {
    if which("kubectl").is_some() {
        return true;
    }
    assert!(std::env::var("CI").is_err(), "kubectl is needed under CI");
    eprintln!("skipped: kubectl is not installed");
    false
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(output), stderr(output)))
}

// ---- dry runs: no cluster ------------------------------------------------

#[test]
fn the_acme_dry_run_is_a_whole_plan_without_a_cluster_and_valid_kubernetes() {
    let output = plat()
        .arg("-C")
        .arg(acme())
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .args([
            "env",
            "up",
            "--pr",
            "42",
            "--service",
            "payments-service",
            "--dry-run",
            "-o",
            "yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let documents: Vec<Value> = text
        .split("---\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| serde_norway::from_str(d).unwrap())
        .collect();
    let kinds: Vec<&str> = documents
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Namespace", "Deployment", "Ingress", "Service"]);
    let namespace = &documents[0];
    assert_eq!(namespace["metadata"]["name"], "pr-42-payments-service");
    let labels = &namespace["metadata"]["labels"];
    assert_eq!(labels["app.kubernetes.io/managed-by"], "plat");
    assert_eq!(labels["plat.dev/pr"], "42");
    assert_eq!(labels["plat.dev/service"], "payments-service");
    assert_eq!(labels["plat.dev/environment"], "preview");
    let annotations = &namespace["metadata"]["annotations"];
    let expires: jiff::Timestamp = annotations["plat.dev/expires"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let hours = (expires.as_second() - jiff::Timestamp::now().as_second()) as f64 / 3600.0;
    assert!(
        (47.9..=48.1).contains(&hours),
        "the acme plat.yaml says 48h: {hours}"
    );
    assert_eq!(
        annotations["janitor/expires"],
        annotations["plat.dev/expires"]
    );
    for object in &documents[1..] {
        assert_eq!(object["metadata"]["namespace"], "pr-42-payments-service");
    }
    assert_eq!(
        documents[1]["spec"]["template"]["spec"]["containers"][0]["image"],
        "ghcr.io/acme/payments-service:pr-42"
    );
    assert_eq!(
        documents[2]["spec"]["rules"][0]["host"],
        "pr-42-payments-service.preview.acme.example"
    );

    // The Kubernetes schemas accept every document.
    if which("kubernetes-validate").is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "kubernetes-validate is needed under CI"
        );
        eprintln!("skipped the schema check: kubernetes-validate is not installed");
        return;
    }
    let tree = Tree::new();
    tree.write("plan.yaml", &text);
    let validated = std::process::Command::new("kubernetes-validate")
        .arg("--strict")
        .arg(tree.path().join("plan.yaml"))
        .output()
        .unwrap();
    assert!(
        validated.status.success(),
        "{}{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );
}

#[test]
fn namespace_names_are_dns_labels_even_for_long_services() {
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let long = "payments-service-with-a-name-far-longer-than-kubernetes-allows-for-a-namespace";
    repo.tree.write(
        "catalog-info.yaml",
        format!("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {long}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: team-a\n"),
    );
    let output = repo.plat(&["env", "up", "--pr", "7", "--dry-run", "-o", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let name = json(&output)["namespace"]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        name.len() <= 63 && name.starts_with("pr-7-payments-service-with"),
        "{name}"
    );
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    );
    assert!(fake.requests().is_empty(), "a dry run makes no request");
}

#[test]
fn bad_manifests_and_missing_services_are_clear_errors() {
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    repo.tree.write(
        "deploy/broken.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ no_such_value }}\n",
    );
    let output = repo.plat(&["env", "up", "--pr", "1", "--dry-run"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("deploy/broken.yaml:4:"),
        "{}",
        stderr(&output)
    );

    std::fs::remove_file(repo.path().join("deploy/broken.yaml")).unwrap();
    repo.tree.write("deploy/cluster.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: too-wide\n");
    let output = repo.plat(&["env", "up", "--pr", "1", "--dry-run"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("ClusterRole is cluster-scoped"),
        "{}",
        stderr(&output)
    );

    std::fs::remove_file(repo.path().join("catalog-info.yaml")).unwrap();
    let output = repo.plat(&["env", "up", "--pr", "1", "--dry-run"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no catalog-info.yaml"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--service"), "{}", stderr(&output));
}

// ---- against the fake API server ------------------------------------------

#[test]
fn up_creates_the_namespace_applies_waits_and_prints_the_url() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let output = repo.plat(&["env", "up", "--pr", "42", "--wait", "--timeout", "30s"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("Created pr-42-web (3 objects applied)"),
        "{out}"
    );
    assert!(
        out.contains("URL:     http://pr-42-web.preview.example.com"),
        "{out}"
    );

    // What kubectl sees.
    let namespaces = repo.kubectl_json(&[
        "get",
        "namespaces",
        "-l",
        "plat.dev/pr=42,app.kubernetes.io/managed-by=plat",
        "-o",
        "json",
    ]);
    assert_eq!(namespaces["items"].as_array().unwrap().len(), 1);
    let deployment = repo.kubectl_json(&[
        "get",
        "deployment",
        "web",
        "-n",
        "pr-42-web",
        "-o",
        "json",
        "--show-managed-fields",
    ]);
    assert_eq!(
        deployment["spec"]["template"]["spec"]["containers"][0]["image"],
        "ghcr.io/acme/web:pr-42"
    );
    assert_eq!(
        deployment["status"]["availableReplicas"], 1,
        "--wait waited for the rollout"
    );
    let managers: Vec<&str> = deployment["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["manager"].as_str().unwrap())
        .collect();
    assert!(managers.contains(&"plat"), "{managers:?}");
    assert_eq!(deployment["metadata"]["labels"]["plat.dev/pr"], "42");

    // ls, as a table and as JSON.
    let listed = repo.plat(&["env", "ls"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let table = stdout(&listed);
    // Piped, as gh does: tab-separated NAMESPACE SERVICE PR AGE EXPIRES READY, no header.
    assert!(!table.contains("NAMESPACE"), "{table}");
    assert!(table.contains("pr-42-web\tweb\t42\t"), "{table}");
    assert!(table.trim_end().ends_with("1/1"), "{table}");
    let listed = json(&repo.plat(&["env", "ls", "-o", "json"]));
    assert_eq!(listed[0]["namespace"], "pr-42-web");
    assert_eq!(listed[0]["url"], "http://pr-42-web.preview.example.com");
}

#[test]
fn up_again_updates_moves_the_expiry_and_prunes_what_the_manifests_dropped() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let first = repo.plat(&["env", "up", "--pr", "5", "--ttl", "1h", "-o", "json"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(json(&first)["created"], true);
    let before = fake.object("v1", "Namespace", None, "pr-5-web").unwrap()["metadata"]["annotations"]["plat.dev/expires"].clone();

    std::fs::remove_file(repo.path().join("deploy/ingress.yaml")).unwrap();
    let second = repo.plat(&[
        "env",
        "up",
        "--pr",
        "5",
        "--ttl",
        "3h",
        "--image-tag",
        "sha-abc",
        "-o",
        "json",
    ]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let report = json(&second);
    assert_eq!(report["created"], false);
    assert_eq!(report["pruned"], serde_json::json!(["Ingress/web"]));
    let gone = repo.kubectl(&["get", "ingress", "web", "-n", "pr-5-web", "-o", "json"]);
    assert!(
        !gone.status.success() && String::from_utf8_lossy(&gone.stderr).contains("NotFound"),
        "{}",
        String::from_utf8_lossy(&gone.stderr)
    );
    let deployment =
        repo.kubectl_json(&["get", "deployment", "web", "-n", "pr-5-web", "-o", "json"]);
    assert_eq!(
        deployment["spec"]["template"]["spec"]["containers"][0]["image"],
        "ghcr.io/acme/web:sha-abc"
    );
    let after = fake.object("v1", "Namespace", None, "pr-5-web").unwrap()["metadata"]["annotations"]["plat.dev/expires"].clone();
    assert!(
        after.as_str().unwrap() > before.as_str().unwrap(),
        "{before} -> {after}"
    );
}

#[test]
fn down_extend_and_gc() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    for pr in ["1", "2"] {
        let output = repo.plat(&["env", "up", "--pr", pr, "--ttl", "1s"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    // extend: PR 2 lives on.
    let extended = repo.plat(&["env", "extend", "--pr", "2", "--ttl", "24h", "-o", "json"]);
    assert_eq!(extended.status.code(), Some(0), "{}", stderr(&extended));
    let expires: jiff::Timestamp = json(&extended)["expires"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(expires.as_second() - jiff::Timestamp::now().as_second() > 23 * 3600);
    let namespace = fake.object("v1", "Namespace", None, "pr-2-web").unwrap();
    assert_eq!(
        namespace["metadata"]["labels"]["plat.dev/service"], "web",
        "extend keeps plat's labels"
    );
    assert!(
        namespace["metadata"]["annotations"]["plat.dev/applied"].is_string(),
        "and its annotations"
    );

    std::thread::sleep(std::time::Duration::from_secs(2));
    let dry = repo.plat(&["env", "gc", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let lines: Vec<String> = stdout(&dry).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("Would delete pr-1-web (expired "),
        "{lines:?}"
    );
    assert!(fake.object("v1", "Namespace", None, "pr-1-web").is_some());
    let gc = repo.plat(&["env", "gc", "-o", "json"]);
    assert_eq!(gc.status.code(), Some(0), "{}", stderr(&gc));
    assert_eq!(json(&gc)["expired"][0]["namespace"], "pr-1-web");
    let namespace = repo.kubectl_json(&["get", "namespace", "pr-1-web", "-o", "json"]);
    assert_eq!(namespace["status"]["phase"], "Terminating");

    // down by PR, and by namespace.
    let down = repo.plat(&["env", "down", "--pr", "2"]);
    assert_eq!(down.status.code(), Some(0), "{}", stderr(&down));
    assert_eq!(stdout(&down), "Deleted pr-2-web\n");
    let again = repo.plat(&["env", "down", "--namespace", "pr-404-web"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("there is no preview environment pr-404-web"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn namespaces_plat_did_not_make_are_never_touched() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    // From a file: `kubectl create namespace` sends protobuf, which the fake does not speak.
    std::fs::write(
        repo.path().join("ns.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pr-9-web\n",
    )
    .unwrap();
    repo.kubectl_ok(&[
        "create",
        "--validate=false",
        "-f",
        repo.path().join("ns.yaml").to_str().unwrap(),
    ]);
    for args in [
        &["env", "up", "--pr", "9"][..],
        &["env", "down", "--pr", "9"],
        &["env", "extend", "--pr", "9", "--ttl", "1h"],
    ] {
        let output = repo.plat(args);
        assert_fails(&output, 2, "namespace pr-9-web is not managed by plat");
    }
    let namespace = repo.kubectl_json(&["get", "namespace", "pr-9-web", "-o", "json"]);
    assert_eq!(namespace["status"]["phase"], "Active");
    assert!(
        namespace["metadata"]["labels"].get("plat.dev/pr").is_none(),
        "unchanged"
    );
    let gc = repo.plat(&["env", "gc"]);
    assert_eq!(gc.status.code(), Some(0));
    assert!(fake.object("v1", "Namespace", None, "pr-9-web").is_some());
}

#[test]
fn failed_and_slow_rollouts_exit_1() {
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    fake.fail_rollout("pr-3-web", "web");
    let output = repo.plat(&["env", "up", "--pr", "3", "--wait", "--timeout", "60s"]);
    assert_fails(
        &output,
        1,
        "Deployment/web: deployment web exceeded its progress deadline",
    );

    let output = repo.plat(&["env", "up", "--pr", "4", "--wait", "--timeout", "1ms"]);
    assert_fails(&output, 1, "timed out after 0s waiting for: deployment web");
}

#[test]
fn cluster_problems_name_the_context_and_the_verb() {
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let up = repo.plat(&["env", "up", "--pr", "8"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr(&up));

    fake.deny("delete", "namespaces");
    let denied = repo.plat(&["env", "down", "--pr", "8"]);
    assert_fails(
        &denied,
        2,
        "context `fake-ctx`: not allowed to delete namespaces",
    );

    let wrong = Tree::new();
    let text = std::fs::read_to_string(&repo.kubeconfig)
        .unwrap()
        .replace("fake-token", "wrong-token");
    wrong.write("kubeconfig", text);
    let output = plat()
        .current_dir(repo.path())
        .env("KUBECONFIG", wrong.path().join("kubeconfig"))
        .args(["env", "ls"])
        .output()
        .unwrap();
    assert_fails(
        &output,
        2,
        "the cluster of context `fake-ctx` rejected the credentials",
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&repo.kubeconfig)
        .unwrap()
        .replace(fake.server.host(), &format!("127.0.0.1:{closed}"));
    wrong.write("kubeconfig", text);
    let output = plat()
        .current_dir(repo.path())
        .env("KUBECONFIG", wrong.path().join("kubeconfig"))
        .args(["env", "ls"])
        .output()
        .unwrap();
    assert_fails(&output, 2, "cannot reach the cluster of context `fake-ctx`");
}

/// Every way the kubeconfig can fail is said in plat's words: the file (and
/// line and column), what is wrong, and what to do; never kube's text.
#[test]
fn kubeconfig_problems_name_the_file_and_say_what_to_do() {
    let home = Tree::new();
    let files = Tree::new();
    let env_ls = |args: &[&str], kubeconfig_variable: Option<&str>| {
        let mut cmd = plat();
        cmd.current_dir(files.path())
            .env("HOME", home.path())
            .env_remove("KUBECONFIG")
            .env_remove("KUBERNETES_SERVICE_HOST")
            .env_remove("KUBERNETES_SERVICE_PORT")
            .args(["env", "ls", "--all-services"])
            .args(args);
        if let Some(value) = kubeconfig_variable {
            cmd.env("KUBECONFIG", value);
        }
        let output = cmd.output().unwrap();
        assert!(
            !stderr(&output).contains("'\"") && !stderr(&output).contains("failed to"),
            "kube's own text: {}",
            stderr(&output)
        );
        output
    };
    let config = |path: &Path| path.display().to_string();
    let default = home.path().join(".kube/config");

    // Nothing at all: what was looked at, and how to point plat at a cluster.
    let output = env_ls(&[], None);
    assert_fails(
        &output,
        2,
        &format!(
            "error: no Kubernetes cluster is configured; plat looked at:\n  KUBECONFIG: not set\n  ~/.kube/config: {} does not exist\n  in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (plat is not running in a pod)\n  hint: point plat at a cluster: pass --kubeconfig FILE, set KUBECONFIG=FILE, or write ~/.kube/config",
            config(&default)
        ),
    );
    let listed = format!(
        "{}:{}",
        files.path().join("a").display(),
        files.path().join("b").display()
    );
    let output = env_ls(&[], Some(&listed));
    assert_fails(
        &output,
        2,
        &format!(
            "KUBECONFIG={listed}: none of these files exists\n  ~/.kube/config: not read, because KUBECONFIG is set"
        ),
    );
    let output = env_ls(&["--kubeconfig", "missing.yaml"], None);
    assert_fails(
        &output,
        2,
        &format!(
            "error: cannot read the kubeconfig {}: No such file or directory",
            config(&files.path().join("missing.yaml"))
        ),
    );
    assert_fails(&output, 2, "hint: check the path given to --kubeconfig");
    std::fs::create_dir(files.path().join("dir")).unwrap();
    let output = env_ls(&["--kubeconfig", "dir"], None);
    assert_fails(
        &output,
        2,
        &format!(
            "cannot read the kubeconfig {}: Is a directory",
            config(&files.path().join("dir"))
        ),
    );

    // Broken YAML and a wrong shape, at their line and column, in ~/.kube/config too.
    home.write(
        ".kube/config",
        "apiVersion: v1\nkind: Config\ncurrent-context: a: b\n",
    );
    let output = env_ls(&[], None);
    assert_fails(
        &output,
        2,
        &format!(
            "error: {}:3:19: not a valid kubeconfig: mapping values are not allowed in this context\n  hint: fix the kubeconfig at that position",
            config(&default)
        ),
    );
    files.write(
        "shape.yaml",
        "apiVersion: v1\nkind: Config\ncontexts:\n- name: a\n  context:\n    user: u\n",
    );
    let output = env_ls(&[], Some(&config(&files.path().join("shape.yaml"))));
    assert_fails(
        &output,
        2,
        &format!(
            "{}:6:5: not a valid kubeconfig: contexts[0].context: missing field `cluster`",
            config(&files.path().join("shape.yaml"))
        ),
    );

    // Contexts: none current, an unknown one, one without its cluster.
    let kubeconfig = files.path().join("kubeconfig");
    files.write(
        "kubeconfig",
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: a\n  context: {cluster: c}\n- name: lost\n  context: {cluster: gone}\n- name: certless\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {client-certificate: /nonexistent/cert.pem, client-key: /nonexistent/key.pem}\n",
    );
    let output = env_ls(&["--kubeconfig", "kubeconfig"], None);
    assert_fails(
        &output,
        2,
        &format!(
            "error: the kubeconfig {} sets no current-context\n  hint: pass --context NAME (it has: a, lost, certless)",
            config(&kubeconfig)
        ),
    );
    let output = env_ls(&["--context", "prod"], Some(&config(&kubeconfig)));
    assert_fails(
        &output,
        2,
        &format!(
            "error: there is no context `prod` in the kubeconfig {}\n  hint: its contexts are: a, lost, certless; pass one with --context",
            config(&kubeconfig)
        ),
    );
    let output = env_ls(&["--kubeconfig", "kubeconfig", "--context", "lost"], None);
    assert_fails(
        &output,
        2,
        &format!(
            "error: context `lost` in the kubeconfig {} names cluster `gone`, which is not defined there",
            config(&kubeconfig)
        ),
    );
    let output = env_ls(
        &["--kubeconfig", "kubeconfig", "--context", "certless"],
        None,
    );
    assert_fails(
        &output,
        2,
        &format!(
            "error: the kubeconfig {}, context `certless`: cannot read client-certificate /nonexistent/cert.pem: No such file or directory",
            config(&kubeconfig)
        ),
    );
}

#[test]
fn field_manager_conflicts_are_reported_and_can_be_forced() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    assert_eq!(
        repo.plat(&["env", "up", "--pr", "6"]).status.code(),
        Some(0)
    );
    // Someone scales the preview by hand, with their own field manager.
    repo.tree.write(
        "scale.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: pr-6-web\nspec:\n  replicas: 3\n",
    );
    repo.kubectl_ok(&[
        "apply",
        "--validate=false",
        "--server-side",
        "--field-manager",
        "someone",
        "--force-conflicts",
        "-f",
        repo.path().join("scale.yaml").to_str().unwrap(),
    ]);
    let conflict = repo.plat(&["env", "up", "--pr", "6"]);
    assert_eq!(conflict.status.code(), Some(1), "{}", stderr(&conflict));
    assert!(
        stderr(&conflict).contains("Deployment/web") && stderr(&conflict).contains("conflict"),
        "{}",
        stderr(&conflict)
    );
    assert!(
        stderr(&conflict).contains("--force-conflicts"),
        "{}",
        stderr(&conflict)
    );
    let forced = repo.plat(&["env", "up", "--pr", "6", "--force-conflicts"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        repo.kubectl_json(&["get", "deployment", "web", "-n", "pr-6-web", "-o", "json"])["spec"]["replicas"],
        1
    );
}

#[test]
fn templates_create_environments_with_the_plat_action() {
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let templates = Tree::new();
    templates.write(
        "with-preview/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: with-preview\nspec:\n  type: service\n  parameters:\n    properties:\n      name: {type: string, default: api}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values: {name: '${{ parameters.name }}'}\n    - id: preview\n      action: plat:environment:create\n      input:\n        serviceName: ${{ parameters.name }}\n        prNumber: 12\n        ttlHours: 2\n  output:\n    links:\n      - title: Preview\n        url: ${{ steps.preview.output.previewUrl }}\n    text:\n      - title: Namespace\n        content: ${{ steps.preview.output.namespaceName }}\n",
    );
    // The skeleton's own manifests (written raw: only names are templated here).
    templates.write("with-preview/skeleton/deploy/deployment.yaml", DEPLOYMENT);
    templates.write("with-preview/skeleton/deploy/service.yaml", SERVICE);
    templates.write("with-preview/skeleton/deploy/ingress.yaml", INGRESS);
    repo.tree.write(
        "plat.yaml",
        format!(
            "templates:\n  - {}\nenvironments:\n  domain: preview.example.com\n",
            templates.path().display()
        ),
    );
    let output = repo.plat(&["new", "with-preview", "--no-input"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Preview: http://pr-12-api.preview.example.com"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("\nNamespace\npr-12-api\n"),
        "{}",
        stdout(&output)
    );
    let namespace = fake
        .object("v1", "Namespace", None, "pr-12-api")
        .expect("the environment exists");
    assert_eq!(namespace["metadata"]["labels"]["plat.dev/pr"], "12");
    assert!(
        fake.object("apps/v1", "Deployment", Some("pr-12-api"), "api")
            .is_some()
    );
}

// ---- a real cluster (optional) --------------------------------------------

/// With `PLAT_E2E_KUBECONFIG` pointing at a disposable cluster (kind, k3d):
/// up, ls, extend and down for real.
#[test]
fn against_a_real_cluster_when_one_is_given() {
    let Ok(kubeconfig) = std::env::var("PLAT_E2E_KUBECONFIG") else {
        eprintln!(
            "skipped: set PLAT_E2E_KUBECONFIG to run against a real cluster (README: Development)"
        );
        return;
    };
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: plat-e2e\nspec:\n  type: service\n  lifecycle: experimental\n  owner: team-a\n",
    );
    tree.write(
        "deploy/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/pause:3.9\n",
    );
    let run = |args: &[&str]| {
        plat()
            .current_dir(tree.path())
            .env("KUBECONFIG", &kubeconfig)
            .args(args)
            .output()
            .unwrap()
    };
    let pr = (std::process::id() % 100_000).to_string();
    let up = run(&[
        "env",
        "up",
        "--pr",
        &pr,
        "--wait",
        "--timeout",
        "3m",
        "-o",
        "json",
    ]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr(&up));
    let listed = json(&run(&["env", "ls", "-o", "json"]));
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pr"].as_u64().map(|p| p.to_string()) == Some(pr.clone()))
    );
    assert_eq!(
        run(&["env", "extend", "--pr", &pr, "--ttl", "1h"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&["env", "down", "--pr", &pr]).status.code(), Some(0));
}

#[test]
fn a_namespace_made_again_by_someone_else_is_not_deleted() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::new(&fake);
    let output = repo.plat(&["env", "up", "--pr", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Between plat's read and its delete, the namespace is deleted and made again.
    fake.recreate_before_delete("pr-3-web");
    let down = repo.plat(&["env", "down", "--pr", "3"]);
    assert_fails(&down, 1, "Precondition failed");
    let namespace = repo.kubectl_json(&["get", "namespace", "pr-3-web", "-o", "json"]);
    assert_eq!(
        namespace["status"]["phase"], "Active",
        "the new namespace is left alone"
    );
}
