//! The built-in golang-microservice, rendered by `plat new --output` for
//! several parameter combinations and checked with the real tools: the Go
//! toolchain (vet, build, test, gofmt; no module downloads), promtool,
//! check-jsonschema's GitHub workflow schema, kubernetes-validate, and
//! `plat catalog validate`.
//!
//! A missing tool skips with a message on a developer's machine; under
//! CI=true it fails (CI installs them: see .ci/run).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Tree, plat, stderr, which};

const TOOLS: &[&str] = &[
    "go",
    "gofmt",
    "promtool",
    "check-jsonschema",
    "kubernetes-validate",
];

fn tools_present() -> bool {
    let missing: Vec<&str> = TOOLS
        .iter()
        .copied()
        .filter(|t| which(t).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "these tools are needed under CI: {missing:?} (apt-get install golang-go prometheus; pip install check-jsonschema kubernetes-validate)"
    );
    eprintln!("skipped: missing {missing:?}");
    false
}

/// Renders the template with these values; the project directory.
fn render(
    tree: &Tree,
    name: &str,
    database: &str,
    cache: &str,
    replicas: &str,
    description: &str,
) -> PathBuf {
    let out = tree.path().join(name);
    let output = plat()
        .current_dir(tree.path())
        .env("XDG_CACHE_HOME", tree.path().join("cache"))
        .args(["new", "golang-microservice", "--no-input", "--output"])
        .arg(&out)
        .args([
            "--set",
            &format!("name={name}"),
            "--set",
            &format!("description={description}"),
        ])
        .args([
            "--set",
            "owner=group:default/payments",
            "--set",
            &format!("database={database}"),
        ])
        .args([
            "--set",
            &format!("cache={cache}"),
            "--set",
            &format!("initialReplicas={replicas}"),
        ])
        .args([
            "--set",
            &format!("repoUrl=github.com?owner=acme&repo={name}"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    out
}

/// Runs a checker in `dir`; its output when it fails.
fn check(dir: &Path, program: &str, args: &[&str]) {
    let shared = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("go");
    let output = Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOTOOLCHAIN", "local")
        .env("GOWORK", "off")
        .env("GOCACHE", shared.join("cache"))
        .env("GOPATH", shared.join("path"))
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if program == "gofmt" {
        assert!(
            output.stdout.is_empty(),
            "gofmt would change: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

fn verify(project: &Path, database: &str, cache: &str, replicas: &str) {
    check(project, "go", &["vet", "./..."]);
    check(project, "go", &["build", "./..."]);
    check(project, "go", &["test", "./..."]);
    check(project, "gofmt", &["-l", "."]);
    check(
        project,
        "promtool",
        &["check", "rules", "monitoring/prometheus-rules.yaml"],
    );
    check(
        project,
        "promtool",
        &["test", "rules", "monitoring/prometheus-rules.test.yaml"],
    );
    check(
        project,
        "check-jsonschema",
        &[
            "--builtin-schema",
            "vendor.github-workflows",
            ".github/workflows/ci.yaml",
        ],
    );
    let manifests: Vec<String> = std::fs::read_dir(project.join("k8s"))
        .unwrap()
        .map(|e| format!("k8s/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    let mut args = vec!["--strict"];
    args.extend(manifests.iter().map(String::as_str));
    check(project, "kubernetes-validate", &args);
    let dashboard: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.join("monitoring/grafana-dashboard.json")).unwrap(),
    )
    .expect("the dashboard is JSON");
    assert!(
        dashboard["panels"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );

    // Valid; the only finding is the owner group, which this lone file does not hold.
    let validated = plat()
        .arg("-C")
        .arg(project)
        .args([
            "catalog",
            "validate",
            "--format",
            "json",
            "catalog-info.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(validated.status.code(), Some(0), "{}", stderr(&validated));
    let findings: serde_json::Value = serde_json::from_slice(&validated.stdout).unwrap();
    let rules: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-reference"], "{findings}");

    // Backing services are wired only when chosen.
    let deployment = std::fs::read_to_string(project.join("k8s/deployment.yaml")).unwrap();
    assert_eq!(
        deployment.contains("DATABASE_URL"),
        database != "none",
        "{deployment}"
    );
    assert_eq!(
        deployment.contains("REDIS_URL"),
        cache != "none",
        "{deployment}"
    );
    assert!(
        deployment.contains(&format!("replicas: {replicas}")),
        "{deployment}"
    );
    assert!(deployment.contains("runAsNonRoot: true"));
    let dockerfile = std::fs::read_to_string(project.join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("USER "), "the image runs as non-root");
}

#[test]
fn golang_microservice_without_backing_services() {
    if !tools_present() {
        return;
    }
    let tree = Tree::new();
    let project = render(&tree, "hello-world", "none", "none", "1", "Says hello");
    verify(&project, "none", "none", "1");
}

#[test]
fn golang_microservice_with_postgresql_and_redis() {
    if !tools_present() {
        return;
    }
    let tree = Tree::new();
    let project = render(
        &tree,
        "payments-service",
        "postgresql",
        "redis",
        "3",
        "Takes payments: cards & \"wallets\" # fast",
    );
    verify(&project, "postgresql", "redis", "3");
}

#[test]
fn golang_microservice_with_mysql_and_with_mongodb() {
    if !tools_present() {
        return;
    }
    let tree = Tree::new();
    let project = render(&tree, "orders", "mysql", "none", "2", "Order management");
    verify(&project, "mysql", "none", "2");
    let project = render(
        &tree,
        "search-indexer",
        "mongodb",
        "redis",
        "10",
        "Indexes the catalog",
    );
    verify(&project, "mongodb", "redis", "10");
}
