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
