//! `plat status`: the real binary against the fake API server
//! (`kube_fake.rs`), holding objects as a running cluster holds them
//! (`kube_objects.rs`); what plat shows is compared with what the real
//! kubectl shows for the same pods where both show it.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Tree, assert_fails, component, plat, script, stderr, stdout};
use crate::env::kubectl_present;
use crate::kube_fake::{KubeFake, kube_fake};
use crate::kube_objects::{ID_LABEL, PodState, Service};

/// A repository with the `web` Component, and the clusters plat reads.
struct Repo {
    tree: Tree,
    /// `KUBECONFIG`: one file, or several joined with `:`.
    kubeconfig: String,
}

impl Repo {
    /// `annotations`: YAML lines under metadata.annotations.
    fn new(annotations: &str, kubeconfigs: &[PathBuf]) -> Repo {
        let tree = Tree::new();
        let mut entity = component("web", "group:default/shop");
        if !annotations.is_empty() {
            entity = entity.replace(
                "  name: web\n",
                &format!("  name: web\n  annotations:\n{annotations}"),
            );
        }
        tree.write("catalog-info.yaml", entity);
        let kubeconfig = kubeconfigs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(":");
        Repo { tree, kubeconfig }
    }

    /// The usual case: `web` annotated with its id, one cluster.
    fn annotated(fake: &KubeFake) -> Repo {
        let mut repo = Repo::new("    backstage.io/kubernetes-id: web\n", &[]);
        repo.kubeconfig = fake.kubeconfig(repo.path()).display().to_string();
        repo
    }

    fn path(&self) -> &Path {
        self.tree.path()
    }

    fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = plat();
        command
            .current_dir(self.path())
            .env("KUBECONFIG", &self.kubeconfig)
            .env_remove("CI")
            .args(args);
        command
    }

    fn plat(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn json(&self, args: &[&str]) -> (Option<i32>, Value) {
        let output = self.plat(&[args, &["-o", "json"]].concat());
        let report = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(&output), stderr(&output)));
        (output.status.code(), report)
    }
}

/// Table rows of plat's (or kubectl's) output as cells: columns are at
/// least three spaces apart.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|row| !row.is_empty())
        .collect()
}

#[track_caller]
fn has_row(text: &str, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|c| c.to_string()).collect();
    assert!(
        rows(text).contains(&expected),
        "no row {expected:?} in:\n{text}"
    );
}

fn names(pods: &[Value]) -> Vec<String> {
    pods.iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_healthy_service_shows_workloads_pods_autoscaler_and_urls() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let web = Service::new("shop", "web");
    let pods = names(&web.run(&fake, &[PodState::Running; 3]));
    fake.put(web.autoscaler(2, 10, 3, 45));
    fake.put(web.ingress("shop.example.com", "203.0.113.10"));
    // Not the service's: another id, and no id at all.
    Service::new("shop", "api").run(&fake, &[PodState::Running]);
    let repo = Repo::annotated(&fake);

    let output = repo.plat(&["status", "web"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "component:default/web: healthy · backstage.io/kubernetes-id=web · pods 3/3 ready\n"
        ),
        "{text}"
    );
    has_row(
        &text,
        &[
            "WORKLOAD",
            "NAMESPACE",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "ROLLOUT",
            "AGE",
        ],
    );
    has_row(
        &text,
        &["deployment/web", "shop", "3/3", "3", "3", "complete", "20m"],
    );
    has_row(
        &text,
        &[
            "POD",
            "NAMESPACE",
            "READY",
            "STATUS",
            "RESTARTS",
            "LAST TERMINATION",
            "AGE",
            "NODE",
        ],
    );
    has_row(
        &text,
        &[
            &pods[0], "shop", "1/1", "Running", "0", "-", "20m", "node-1",
        ],
    );
    has_row(
        &text,
        &[
            "web",
            "shop",
            "Deployment/web",
            "cpu: 45%/80%",
            "2",
            "10",
            "3",
        ],
    );
    has_row(
        &text,
        &["web", "shop", "https://shop.example.com/", "203.0.113.10"],
    );
    assert!(!text.contains("api-"), "another service's pods: {text}");
    assert!(!text.contains("Problems"), "{text}");

    // Each type is listed once, by the label Backstage selects by, across namespaces.
    let selector = "labelSelector=backstage.io%2Fkubernetes-id%3Dweb";
    let requests = fake.requests();
    for path in [
        "/api/v1/pods",
        "/apis/apps/v1/replicasets",
        "/apis/apps/v1/deployments",
        "/apis/apps/v1/statefulsets",
        "/apis/apps/v1/daemonsets",
        "/apis/autoscaling/v2/horizontalpodautoscalers",
        "/apis/networking.k8s.io/v1/ingresses",
    ] {
        let asked = requests
            .iter()
            .filter(|(m, p)| m == "GET" && p.contains(&format!("{path}?{selector}")))
            .count();
        assert_eq!(asked, 1, "{path}: {requests:?}");
    }

    let (code, report) = repo.json(&["status", "web"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["schemaVersion"], 1);
    assert_eq!(report["health"], "healthy");
    assert_eq!(
        report["target"],
        json!({"id": "web", "selector": "backstage.io/kubernetes-id=web", "namespace": null})
    );
    let cluster = &report["clusters"][0];
    assert_eq!(cluster["name"], "fake-ctx");
    assert_eq!(cluster["pods"].as_array().unwrap().len(), 3);
    assert_eq!(cluster["pods"][0]["owner"], "Deployment/web");
    assert_eq!(cluster["autoscalers"][0]["targets"], "cpu: 45%/80%");
    assert_eq!(
        cluster["ingresses"][0]["urls"],
        json!(["https://shop.example.com/"])
    );
    assert_eq!(cluster["findings"], json!([]));
    let yaml = repo.plat(&["status", "web", "-o", "yaml"]);
    let back: Value = serde_norway::from_slice(&yaml.stdout).unwrap();
    assert_eq!(back["clusters"][0]["workloads"][0]["kind"], "Deployment");
}

#[test]
fn crash_loops_oom_kills_and_image_pulls_are_called_out_with_hints() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let web = Service::new("shop", "web");
    let stored = web.run(
        &fake,
        &[
            PodState::Running,
            PodState::CrashLoopOomKilled { restarts: 5 },
            PodState::ImagePullBackOff,
            PodState::CrashLoopError { restarts: 2 },
            PodState::Unready,
        ],
    );
    let pods = names(&stored);
    let db = Service::new("shop", "db")
        .with_labels(json!({ID_LABEL: "web", "app.kubernetes.io/name": "db"}));
    fake.put(db.stateful_set(3, 2));
    let agent = Service::new("shop", "log-agent")
        .with_labels(json!({ID_LABEL: "web", "app.kubernetes.io/name": "log-agent"}));
    fake.put(agent.daemon_set(3, 3));
    fake.put(web.autoscaler(2, 4, 4, 95));
    let repo = Repo::annotated(&fake);

    let output = repo.plat(&["status", "web"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "degraded: {}",
        stderr(&output)
    );
    let text = stdout(&output);
    assert!(
        text.starts_with("component:default/web: degraded"),
        "{text}"
    );
    has_row(
        &text,
        &[
            &pods[1],
            "shop",
            "0/1",
            "CrashLoopBackOff",
            "5 (16m ago)",
            "OOMKilled (exit 137)",
            "20m",
            "node-2",
        ],
    );
    has_row(
        &text,
        &[
            &pods[2],
            "shop",
            "0/1",
            "ImagePullBackOff",
            "0",
            "-",
            "20m",
            "node-3",
        ],
    );
    has_row(
        &text,
        &[
            &pods[3],
            "shop",
            "0/1",
            "CrashLoopBackOff",
            "2 (16m ago)",
            "Error (exit 1)",
            "20m",
            "node-1",
        ],
    );
    has_row(
        &text,
        &[
            &pods[4], "shop", "0/1", "Running", "0", "-", "20m", "node-2",
        ],
    );
    has_row(
        &text,
        &[
            "deployment/web",
            "shop",
            "1/5",
            "5",
            "1",
            "progressing",
            "20m",
        ],
    );
    has_row(
        &text,
        &[
            "statefulset/db",
            "shop",
            "2/3",
            "3",
            "2",
            "progressing",
            "20m",
        ],
    );
    has_row(
        &text,
        &[
            "daemonset/log-agent",
            "shop",
            "3/3",
            "3",
            "3",
            "complete",
            "20m",
        ],
    );

    // plat's STATUS and READY are what kubectl shows for the same pods.
    let kubectl = std::process::Command::new("kubectl")
        .args(["get", "pods", "-n", "shop"])
        .env("KUBECONFIG", &repo.kubeconfig)
        .output()
        .unwrap();
    assert!(
        kubectl.status.success(),
        "{}",
        String::from_utf8_lossy(&kubectl.stderr)
    );
    for kubectl_row in rows(&String::from_utf8_lossy(&kubectl.stdout))
        .iter()
        .skip(1)
    {
        let plat_row = rows(&text)
            .into_iter()
            .find(|r| r[0] == kubectl_row[0])
            .unwrap_or_else(|| panic!("plat lists {}", kubectl_row[0]));
        assert_eq!(
            (&plat_row[2], &plat_row[3], &plat_row[4]),
            (&kubectl_row[1], &kubectl_row[2], &kubectl_row[3]),
            "READY, STATUS, RESTARTS of {}",
            kubectl_row[0]
        );
    }

    let problems = &text[text.find("Problems:").expect("a Problems section")..];
    for expected in [
        "hpa shop/web: runs 4 replicas, its maxReplicas".to_string(),
        format!("pod shop/{}: container web is waiting (CrashLoopBackOff): back-off 5m0s restarting failed container=web", pods[1]),
        format!("hint: container web keeps crashing and Kubernetes waits longer before each restart; the last crash's logs: kubectl --context fake-ctx -n shop logs {} -c web --previous", pods[1]),
        format!("pod shop/{}: container web restarted 5 times, last terminated: OOMKilled (exit code 137)", pods[1]),
        "raise resources.limits.memory".to_string(),
        format!("pod shop/{}: container web is waiting (ImagePullBackOff): Back-off pulling image \"ghcr.io/acme/web:1.4.2\"", pods[2]),
        format!("hint: the image cannot be pulled: check its name and tag, and that the cluster may pull from the registry (imagePullSecrets); kubectl --context fake-ctx -n shop describe pod {}", pods[2]),
        format!("container web exited with code 1; its stack trace is in kubectl --context fake-ctx -n shop logs {} -c web --previous", pods[3]),
        "statefulset shop/db: statefulset db: 2 of 3 pods are ready".to_string(),
        "hint: follow it with kubectl --context fake-ctx -n shop rollout status statefulset/db".to_string(),
        format!("pod shop/{}: container web runs but has not passed its readiness probe", pods[4]),
        // Backstage's Deployment rule; it explains the rollout, which is then not repeated.
        "deployment shop/web: Available is False (MinimumReplicasUnavailable): Deployment does not have minimum availability.".to_string(),
    ] {
        assert!(problems.contains(&expected), "{expected:?} in:\n{problems}");
    }

    let (code, report) = repo.json(&["status", "web"]);
    assert_eq!(code, Some(1));
    let findings = report["clusters"][0]["findings"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "condition-message-present",
            "container-waiting",
            "containers-restarting",
            "hpa-max-current-replicas",
            "readiness-probe-taking-too-long",
            "rollout-in-progress"
        ]
    );
    // Worst first: Backstage's severities.
    assert_eq!(findings[0]["type"], "hpa-max-current-replicas");
    assert_eq!(findings[0]["severity"], 8);
    assert!(
        !findings
            .iter()
            .any(|f| f["type"] == "rollout-in-progress" && f["name"] == "web"),
        "the Deployment's condition already says why"
    );
    let oom = findings
        .iter()
        .find(|f| f["type"] == "containers-restarting" && f["name"] == pods[1].as_str())
        .unwrap();
    assert_eq!(oom["reason"], "OOMKilled");
    assert_eq!(oom["occurrences"], 5);
    assert_eq!(
        report["clusters"][0]["pods"][1]["lastTermination"],
        json!({"container": "web", "reason": "OOMKilled", "exitCode": 137, "finishedAt": stored[1]["status"]["containerStatuses"][0]["lastState"]["terminated"]["finishedAt"]})
    );
}

/// A kubeconfig file for a cluster nobody serves (connection refused).
fn unreachable(fake: &KubeFake, dir: &Path, name: &str) -> PathBuf {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    fake.kubeconfig_elsewhere(dir, name, &format!("https://127.0.0.1:{port}"))
}

#[test]
fn several_contexts_are_read_at_once_and_an_unreachable_one_does_not_hide_the_others() {
    if !kubectl_present() {
        return;
    }
    let (eu, us) = (kube_fake(), kube_fake());
    Service::new("shop", "web").run(&eu, &[PodState::Running; 2]);
    Service::new("payments", "web").run(&us, &[PodState::Running; 3]);
    let dir = tempfile::tempdir().unwrap();
    let files = [
        eu.kubeconfig_named(dir.path(), "eu"),
        us.kubeconfig_named(dir.path(), "us"),
        unreachable(&eu, dir.path(), "gone"),
    ];
    let repo = Repo::new("    backstage.io/kubernetes-id: web\n", &files);
    repo.tree.write(
        "plat.yaml",
        "kubernetes:\n  clusters:\n    - eu\n    - name: us-east\n      context: us\n    - context: gone\n",
    );

    let output = repo.plat(&["status", "web"]);
    assert_fails(
        &output,
        2,
        "error: cannot reach the cluster of context `gone` (https://127.0.0.1:",
    );
    assert_fails(
        &output,
        2,
        "hint: check that the cluster is up and that `kubectl --context gone get namespaces` works",
    );
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "component:default/web: error · backstage.io/kubernetes-id=web · pods 5/5 ready"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!("Context eu ({}): healthy", eu.server.base)),
        "{text}"
    );
    assert!(
        text.contains(&format!("Context us-east ({}): healthy", us.server.base)),
        "{text}"
    );
    assert!(text.contains("Context gone ("), "{text}");
    has_row(
        &text,
        &["deployment/web", "shop", "2/2", "2", "2", "complete", "20m"],
    );
    has_row(
        &text,
        &[
            "deployment/web",
            "payments",
            "3/3",
            "3",
            "3",
            "complete",
            "20m",
        ],
    );

    let (code, report) = repo.json(&["status", "web"]);
    assert_eq!(code, Some(2));
    let clusters = report["clusters"].as_array().unwrap();
    let names: Vec<&str> = clusters
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["eu", "us-east", "gone"]);
    assert_eq!(clusters[2]["health"], "error");
    assert_eq!(clusters[2]["errors"][0]["kind"], "unreachable");

    // --context picks one configured cluster (by its name or its context).
    let (code, report) = repo.json(&["status", "web", "--context", "us-east"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["clusters"].as_array().unwrap().len(), 1);
    assert_eq!(report["clusters"][0]["pods"].as_array().unwrap().len(), 3);
    // Any other is a context of the kubeconfig, which must have it.
    assert_fails(
        &repo.plat(&["status", "web", "--context", "nope"]),
        2,
        "error: context `nope`: there is no context `nope` in the kubeconfig",
    );
}

#[test]
fn forbidden_lists_say_which_verb_on_which_resource_and_the_rest_still_shows() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let web = Service::new("shop", "web");
    web.run(&fake, &[PodState::Running]);
    fake.put(web.autoscaler(1, 3, 1, 20));
    fake.deny("list", "horizontalpodautoscalers");
    let repo = Repo::annotated(&fake);
    let output = repo.plat(&["status", "web"]);
    assert_fails(
        &output,
        2,
        "error: context `fake-ctx`: not allowed to list horizontalpodautoscalers.autoscaling: horizontalpodautoscalers.autoscaling is forbidden: User \"tester\" cannot list resource \"horizontalpodautoscalers\" in API group \"autoscaling\" at the cluster scope",
    );
    assert_fails(
        &output,
        2,
        "hint: ask for RBAC permission to list horizontalpodautoscalers.autoscaling, or use a context that has it",
    );
    has_row(
        &stdout(&output),
        &["deployment/web", "shop", "1/1", "1", "1", "complete", "20m"],
    );
}

#[test]
fn a_missing_annotation_says_which_annotation_to_add() {
    let fake = kube_fake();
    let dir = tempfile::tempdir().unwrap();
    let repo = Repo::new(
        "    backstage.io/kubernetes-namespace: shop\n",
        &[fake.kubeconfig(dir.path())],
    );
    let output = repo.plat(&["status", "web"]);
    assert_fails(
        &output,
        2,
        "error: component:default/web has neither `backstage.io/kubernetes-id` nor `backstage.io/kubernetes-label-selector`, so nothing on Kubernetes belongs to it",
    );
    assert_fails(
        &output,
        2,
        "hint: add `backstage.io/kubernetes-id: web` under metadata.annotations in catalog-info.yaml:1:1 and label the workloads and their pod templates `backstage.io/kubernetes-id=web`",
    );
    assert!(fake.requests().is_empty(), "no cluster was asked");
    // And a plat.yaml cluster entry that names nothing to connect to.
    repo.tree
        .write("plat.yaml", "kubernetes:\n  clusters:\n    - name: prod\n");
    assert_fails(&repo.plat(&["status", "web"]), 2, "plat.yaml:3:");
}

#[test]
fn the_label_selector_and_namespace_annotations_narrow_what_is_read() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let labels =
        |name: &str| json!({"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "shop"});
    Service::new("shop", "web")
        .with_labels(labels("web"))
        .run(&fake, &[PodState::Running]);
    Service::new("shop", "worker")
        .with_labels(labels("worker"))
        .run(&fake, &[PodState::Running; 2]);
    Service::new("shop", "cron")
        .with_labels(labels("cron"))
        .run(&fake, &[PodState::Running]);
    Service::new("staging", "web")
        .with_labels(labels("web"))
        .run(&fake, &[PodState::Running; 3]);
    let dir = tempfile::tempdir().unwrap();
    let repo = Repo::new(
        "    backstage.io/kubernetes-label-selector: app.kubernetes.io/name in (web,worker)\n    backstage.io/kubernetes-namespace: shop\n",
        &[fake.kubeconfig(dir.path())],
    );
    let (code, report) = repo.json(&["status", "web"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        report["target"],
        json!({"id": "web", "selector": "app.kubernetes.io/name in (web,worker)", "namespace": "shop"})
    );
    let workloads: Vec<String> = report["clusters"][0]["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}/{}",
                w["namespace"].as_str().unwrap(),
                w["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(workloads, ["shop/web", "shop/worker"]);
    let requests = fake.requests();
    assert!(
        requests.iter().any(|(_, p)| p.ends_with(
            "/api/v1/namespaces/shop/pods?labelSelector=app.kubernetes.io%2Fname+in+%28web%2Cworker%29"
        )),
        "{requests:?}"
    );
    // --namespace wins over the annotation.
    let (_, report) = repo.json(&["status", "web", "-n", "staging"]);
    assert_eq!(report["clusters"][0]["namespace"], "staging");
    assert_eq!(report["clusters"][0]["pods"].as_array().unwrap().len(), 3);
}

#[test]
fn nothing_running_is_degraded_with_a_hint() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let repo = Repo::annotated(&fake);
    let output = repo.plat(&["status", "web"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("Nothing matches backstage.io/kubernetes-id=web in fake-ctx.\n  hint: label the workloads and their pod templates with it"),
        "{text}"
    );
}

#[test]
fn the_services_preview_environments_show_with_it() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    Service::new("shop", "web").run(&fake, &[PodState::Running]);
    let repo = Repo::annotated(&fake);
    repo.tree.write(
        "deploy/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: '{{ service }}'\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: '{{ service }}'}\n  template:\n    metadata:\n      labels: {app: '{{ service }}'}\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:{{ image_tag }}\n",
    );
    let up = repo.plat(&["env", "up", "--pr", "7"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr(&up));
    let output = repo.plat(&["status", "web"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Preview environments:"), "{text}");
    assert!(
        rows(&text)
            .iter()
            .any(|r| r[0] == "pr-7-web" && r[1] == "web" && r[2] == "7"),
        "{text}"
    );
    let (_, report) = repo.json(&["status", "web"]);
    assert_eq!(
        report["clusters"][0]["previews"][0]["namespace"],
        "pr-7-web"
    );
}

#[test]
fn watch_prints_a_new_snapshot_per_change_into_a_pipe() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    let web = Service::new("shop", "web");
    let stored = web.run(&fake, &[PodState::Running]);
    let repo = Repo::annotated(&fake);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .args([
            "status",
            "web",
            "--watch",
            "--interval",
            "100ms",
            "-o",
            "json",
        ])
        .current_dir(repo.path())
        .env("KUBECONFIG", &repo.kubeconfig)
        .env("HOME", "/nonexistent/plat-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
        .env_remove("CI")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines() {
            if lines.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let next = || -> Value {
        let line = received
            .recv_timeout(Duration::from_secs(20))
            .expect("a snapshot");
        serde_json::from_str(&line).unwrap()
    };
    let first = next();
    assert_eq!(first["health"], "healthy");
    // Unchanged reads print nothing; the kubelet reports a crash: a new line.
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        received.try_recv().is_err(),
        "nothing changed, nothing printed"
    );
    let replica_set = fake
        .object("apps/v1", "ReplicaSet", Some("shop"), "web-5d9c8b7f4")
        .unwrap();
    let mut crashed = web.pod(&replica_set, 0, PodState::CrashLoopError { restarts: 1 });
    crashed["metadata"]["name"] = stored[0]["metadata"]["name"].clone();
    fake.put(crashed);
    let second = next();
    assert_eq!(second["health"], "degraded");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn watch_redraws_in_place_on_a_terminal() {
    if !kubectl_present() {
        return;
    }
    let Some(script) = script() else {
        return;
    };
    let fake = kube_fake();
    Service::new("shop", "web").run(&fake, &[PodState::Running]);
    let repo = Repo::annotated(&fake);
    // Interrupted after a few reads, as a person would with Ctrl-C.
    let command = format!(
        "timeout -s INT 2 {} -C {} status web --watch --interval 300ms --color never",
        assert_cmd::cargo::cargo_bin("plat").display(),
        repo.path().display()
    );
    let output = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("KUBECONFIG", &repo.kubeconfig)
        .env("TERM", "xterm")
        .env("HOME", "/nonexistent/plat-tests")
        .env_remove("CI")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let redraws = text.matches("\u{1b}[H\u{1b}[2J").count();
    assert!(redraws >= 2, "redrawn in place ({redraws} times): {text}");
    assert!(
        text.contains("Every 300ms: plat status component:default/web"),
        "{text}"
    );
    assert!(text.contains("component:default/web: healthy"), "{text}");
}

#[test]
fn a_type_an_older_cluster_does_not_serve_is_a_warning() {
    if !kubectl_present() {
        return;
    }
    let fake = kube_fake();
    Service::new("shop", "web").run(&fake, &[PodState::Running]);
    fake.withhold("horizontalpodautoscalers");
    let repo = Repo::annotated(&fake);
    let output = repo.plat(&["status", "web"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "warning: fake-ctx: the cluster does not serve horizontalpodautoscalers.autoscaling (autoscaling/v2)"
        ),
        "{}",
        stderr(&output)
    );
    has_row(
        &stdout(&output),
        &["deployment/web", "shop", "1/1", "1", "1", "complete", "20m"],
    );
}

/// The short form other views show (`catalog get`'s at-a-glance block):
/// a cluster that accepts connections and never answers costs no more
/// than the timeout, and counts as unreadable.
#[test]
fn glance_is_bounded_by_its_timeout() {
    use plat::catalog::location::Location;
    use plat::catalog::{Detail, LoadRequest, load};
    use plat::config::{KubernetesCluster, KubernetesConfig};
    use plat::status::{Health, Places, glance};

    let fake = kube_fake();
    let repo = Repo::new("    backstage.io/kubernetes-id: web\n", &[]);
    // Accepts, then says nothing: no TLS handshake, no answer.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", silent.local_addr().unwrap());
    fake.kubeconfig_elsewhere(repo.path(), "silent", &url);
    let catalog = load(
        &LoadRequest {
            root: repo.path().to_path_buf(),
            display_base: repo.path().to_path_buf(),
            locations: vec![Location::parse(".").unwrap()],
            base_dir: repo.path().to_path_buf(),
            detail: Detail::Documents,
            integrations: Default::default(),
            http: Default::default(),
            server_filters: Vec::new(),
            templates: Vec::new(),
        },
        &|_| {},
    );
    let entity = catalog.lookup("web").unwrap();
    let config = KubernetesConfig {
        clusters: vec![KubernetesCluster {
            kubeconfig: Some("kubeconfig-silent".into()),
            ..KubernetesCluster::default()
        }],
    };
    let places = Places {
        config_dir: repo.path(),
        home: None,
    };
    let started = std::time::Instant::now();
    let summary = glance(entity, &config, &places, Duration::from_millis(500)).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        (summary.health, summary.unreadable, summary.pods),
        (Health::Error, 1, 0)
    );
    drop(silent);

    // And a readable one: pods ready of desired.
    Service::new("shop", "web").run(&fake, &[PodState::Running, PodState::ImagePullBackOff]);
    fake.kubeconfig_named(repo.path(), "fake");
    let config = KubernetesConfig {
        clusters: vec![KubernetesCluster {
            kubeconfig: Some("kubeconfig-fake".into()),
            ..KubernetesCluster::default()
        }],
    };
    let summary = glance(entity, &config, &places, Duration::from_secs(5)).unwrap();
    assert_eq!(
        (
            summary.health,
            summary.pods_ready,
            summary.desired,
            summary.pods
        ),
        (Health::Degraded, 1, 2, 2)
    );
}
