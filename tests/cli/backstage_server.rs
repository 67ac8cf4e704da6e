//! Against a real Backstage catalog backend (../shared/tools/backstage-server):
//! plat reads it through the REST API, and the relations plat computes from
//! the files are the ones Backstage computed from the same files.
//!
//! Skipped, with a message, when the tool is not there; under CI=true a
//! missing tool fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{acme, plat, stdout};

struct Backend {
    child: Child,
    base: String,
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn tool() -> Option<PathBuf> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/backstage-server/run");
    path.exists().then_some(path)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Entities the server holds, once it has stopped ingesting.
fn wait_for_entities(base: &str, at_least: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(900);
    let mut last = 0;
    let mut stable = 0;
    while Instant::now() < deadline {
        let output = plat()
            .args([
                "catalog",
                "ls",
                "-o",
                "json",
                "--location",
                &format!("backstage:{base}"),
            ])
            .env(
                "XDG_CACHE_HOME",
                std::env::temp_dir().join("plat-backstage-server-test"),
            )
            .output()
            .unwrap();
        if let Ok(entities) = serde_json::from_str::<Vec<Value>>(&stdout(&output)) {
            if entities.len() >= at_least && entities.len() == last {
                stable += 1;
                if stable >= 3 {
                    return entities;
                }
            } else {
                stable = 0;
            }
            last = entities.len();
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    panic!("the Backstage server did not ingest {at_least} entities in time (last count {last})");
}

fn relations(entity: &Value) -> BTreeSet<(String, String)> {
    entity["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                r["targetRef"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn by_ref(entities: &[Value]) -> BTreeMap<String, Value> {
    entities
        .iter()
        .map(|e| {
            let key = format!(
                "{}:{}/{}",
                e["kind"].as_str().unwrap().to_lowercase(),
                e["metadata"]["namespace"].as_str().unwrap(),
                e["metadata"]["name"].as_str().unwrap()
            );
            (key, e.clone())
        })
        .collect()
}

#[test]
fn plat_reads_a_real_backstage_and_computes_the_same_relations() {
    let Some(tool) = tool() else {
        assert!(
            std::env::var("CI").is_err(),
            "../shared/tools/backstage-server is needed under CI and is missing"
        );
        eprintln!("skipped: ../shared/tools/backstage-server is not here");
        return;
    };
    let port = free_port();
    let child = Command::new(tool)
        .args(["--port", &port.to_string()])
        .arg(acme().join("catalog-info.yaml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the Backstage server");
    let backend = Backend {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };

    // 65 entities in the files, minus payments-api (its relative $text
    // placeholder cannot be read from a file location by Backstage), plus
    // the Location Backstage generates for the registered file.
    let served = wait_for_entities(&backend.base, 64);
    let local_output = plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "ls", "-o", "json"])
        .output()
        .unwrap();
    let local: Vec<Value> = serde_json::from_str(&stdout(&local_output)).unwrap();
    let (served, local) = (by_ref(&served), by_ref(&local));

    let only_local: Vec<&String> = local.keys().filter(|k| !served.contains_key(*k)).collect();
    assert_eq!(only_local, ["api:default/payments-api"]);
    let only_served: Vec<&String> = served.keys().filter(|k| !local.contains_key(*k)).collect();
    assert!(
        only_served
            .iter()
            .all(|k| k.starts_with("location:default/generated-")),
        "{only_served:?}"
    );

    for (key, entity) in &local {
        let Some(theirs) = served.get(key) else {
            continue;
        };
        let mut ours = relations(entity);
        // Backstage keeps relations to the API it could not ingest, but not
        // the reverse ones that API's own spec would have made.
        ours.retain(|(kind, target)| {
            !(target == "api:default/payments-api" && (kind == "ownerOf" || kind == "hasPart"))
        });
        assert_eq!(ours, relations(theirs), "relations of {key}");
    }

    // Filters go to the real server and mean the same there.
    let groups = plat()
        .args([
            "catalog",
            "ls",
            "-o",
            "name",
            "--kind",
            "group",
            "--location",
            &format!("backstage:{}", backend.base),
        ])
        .output()
        .unwrap();
    let names: Vec<&str> = std::str::from_utf8(&groups.stdout)
        .unwrap()
        .lines()
        .collect();
    let expected: Vec<&String> = local.keys().filter(|k| k.starts_with("group:")).collect();
    assert_eq!(names, expected);
}

/// `plat new`'s catalog:register against the real backend: the location is
/// registered with `POST /api/catalog/locations` (token checked), the real
/// catalog reads the pushed catalog-info.yaml from the GitHub fake and lists
/// the new component, and registering it again (409) is not an error.
#[test]
fn plat_new_registers_the_new_component_in_a_real_backstage() {
    let Some(tool) = tool() else {
        assert!(
            std::env::var("CI").is_err(),
            "../shared/tools/backstage-server is needed under CI and is missing"
        );
        eprintln!("skipped: ../shared/tools/backstage-server is not here");
        return;
    };
    let github = crate::publish_servers::github("ghp_registration");
    let port = free_port();
    let child = Command::new(tool)
        .args([
            "--port",
            &port.to_string(),
            "--token",
            "backstage-secret",
            "--allow",
            github.host(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the Backstage server");
    let backend = Backend {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };

    let templates = crate::common::Tree::new();
    templates.write(
        "create-push-register/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: create-push-register\nspec:\n  type: service\n  parameters:\n    properties:\n      name: {type: string}\n      repoUrl: {type: string}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values: {name: '${{ parameters.name }}'}\n    - id: create\n      action: github:repo:create\n      input: {repoUrl: '${{ parameters.repoUrl }}', repoVisibility: public, topics: [go, payments]}\n    - id: push\n      action: github:repo:push\n      input: {repoUrl: '${{ parameters.repoUrl }}', defaultBranch: main}\n    - id: register\n      action: catalog:register\n      input:\n        repoContentsUrl: ${{ steps.push.output.repoContentsUrl }}\n        catalogInfoPath: /catalog-info.yaml\n",
    );
    templates.write(
        "create-push-register/skeleton/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/payments\n",
    );
    templates.write(
        "register-only/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: register-only\nspec:\n  type: service\n  parameters:\n    properties:\n      url: {type: string}\n  steps:\n    - id: register\n      action: catalog:register\n      input: {catalogInfoUrl: '${{ parameters.url }}'}\n",
    );
    let project = crate::common::Tree::new();
    project.write(
        "plat.yaml",
        format!(
            "templates:\n  - {}\nintegrations:\n  github:\n    host: {}\n    apiBaseUrl: {}\n    token: env:GITHUB_TOKEN\n  backstage:\n    baseUrl: {}\n    token: env:BACKSTAGE_TOKEN\n",
            templates.path().display(),
            github.host(),
            github.api(),
            backend.base
        ),
    );
    let cache = crate::common::Tree::new();
    let run = |args: &[&str], backstage_token: &str| {
        plat()
            .current_dir(project.path())
            .env("XDG_CACHE_HOME", cache.path())
            .env("GITHUB_TOKEN", "ghp_registration")
            .env("BACKSTAGE_TOKEN", backstage_token)
            .args(args)
            .output()
            .unwrap()
    };
    let repo_url = format!("repoUrl={}?owner=acme&repo=ledger-api", github.host());
    let args = [
        "new",
        "create-push-register",
        "--no-input",
        "--set",
        "name=ledger-api",
        "--set",
        &repo_url,
    ];

    // Wait until the backend answers, then: a wrong token stops at the preflight.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let probe = run(
            &[
                "catalog",
                "ls",
                "-o",
                "name",
                "--location",
                &format!("backstage:{}", backend.base),
            ],
            "backstage-secret",
        );
        if probe.status.success() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the Backstage server did not start"
        );
        std::thread::sleep(Duration::from_secs(2));
    }
    let refused = run(&args, "wrong-token");
    assert_eq!(
        refused.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("rejected the token (401"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(github.log.count("POST", "/orgs/acme/repos"), 0);

    let output = run(&args, "backstage-secret");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created = github.log.bodies("POST", "/orgs/acme/repos");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["visibility"], "public");
    assert_eq!(
        github.log.bodies("PUT", "/repos/acme/ledger-api/topics")[0],
        serde_json::json!({"names": ["go", "payments"]})
    );

    // The real catalog read the pushed file and holds the component.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let listed = run(
            &[
                "catalog",
                "ls",
                "-o",
                "name",
                "--location",
                &format!("backstage:{}", backend.base),
            ],
            "backstage-secret",
        );
        if stdout(&listed)
            .lines()
            .any(|l| l == "component:default/ledger-api")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Backstage never listed the registered component: {}",
            stdout(&listed)
        );
        std::thread::sleep(Duration::from_secs(2));
    }

    // Registering the same location again: Backstage answers 409, which is fine.
    let url = format!(
        "url={}/acme/ledger-api/blob/main/catalog-info.yaml",
        github.server.base
    );
    let again = run(
        &[
            "new",
            "register-only",
            "--no-input",
            "--set",
            &url,
            "-o",
            "json",
        ],
        "backstage-secret",
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["steps"][0]["status"], "done");
}
