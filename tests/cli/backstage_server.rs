//! Against a real Backstage catalog backend (../shared/tools/backstage-server):
//! plat reads it through the REST API, and the entities and relations plat
//! reads from the acme demo's files are the ones Backstage made of the same
//! files; `plat new` registers in it.
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

/// Entities the server holds, once it has stopped ingesting: `expected`
/// of them, or as many as it has held unchanged for two minutes (so that a
/// missing entity is reported by the comparison, not by a timeout).
fn wait_for_entities(base: &str, expected: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(900);
    let mut last = 0;
    let mut stable = 0;
    let mut changed = Instant::now();
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
            if entities.len() != last {
                changed = Instant::now();
            }
            if entities.len() >= expected && entities.len() == last {
                stable += 1;
                if stable >= 3 {
                    return entities;
                }
            } else {
                stable = 0;
            }
            if last > 0 && changed.elapsed() > Duration::from_secs(120) {
                return entities;
            }
            last = entities.len();
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    panic!("the Backstage server did not ingest {expected} entities in time (last count {last})");
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

/// A request to the server's REST API with curl: the status and the JSON body.
fn request(base: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut command = Command::new("curl");
    command
        .args(["-sS", "-g", "-X", method, "-w", "\n%{http_code}"])
        .args(["-H", "content-type: application/json"]);
    if let Some(body) = body {
        command.args(["--data-binary", &body.to_string()]);
    }
    let output = command
        .arg(format!("{base}{path}"))
        .output()
        .expect("curl runs");
    let text = String::from_utf8(output.stdout).unwrap();
    let (body, status) = text.rsplit_once('\n').expect("a status after the body");
    let json = serde_json::from_str(body).unwrap_or(Value::Null);
    (status.trim().parse().unwrap_or(0), json)
}

/// The reverse of a relation an entity's own spec makes about itself.
fn reverse(relation: &str) -> Option<&'static str> {
    match relation {
        "ownedBy" => Some("ownerOf"),
        "partOf" => Some("hasPart"),
        _ => None,
    }
}

/// An entity as both sides should show it: without what only the server
/// makes (uid, etag) and with relations compared apart.
fn comparable(entity: &Value) -> Value {
    let mut entity = entity.clone();
    if let Some(map) = entity.as_object_mut() {
        map.remove("relations");
    }
    if let Some(metadata) = entity["metadata"].as_object_mut() {
        metadata.remove("uid");
        metadata.remove("etag");
    }
    entity
}

/// The acme demo loaded into the real Backstage backend holds what `plat
/// catalog ls -o json` lists: every entity, value for value, and every
/// relation. The differences the README names are asserted one by one
/// (a new difference fails the test):
/// - `api:default/payments-api`: its `definition: $text: ./openapi.yaml`
///   cannot be read from a `file:` location by Backstage, which logs a
///   processing error (InputError) for it and leaves it out, and with it the
///   relations its own spec makes (`ownerOf` on its owner, `hasPart` on its
///   system). The same file at a URL location (a dry run against the
///   server) is read, and its definition is the one plat read.
/// - Backstage's own Location for the registered file (`generated-...`).
///
/// plat also reads the server through its API (`backstage:`) and sees what
/// the API returns, and filters mean the same there.
#[test]
fn the_acme_demo_in_a_real_backstage_has_the_same_entities_and_relations() {
    let Some(tool) = tool() else {
        assert!(
            std::env::var("CI").is_err(),
            "../shared/tools/backstage-server is needed under CI and is missing"
        );
        eprintln!("skipped: ../shared/tools/backstage-server is not here");
        return;
    };
    let local_output = plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "ls", "-o", "json"])
        .output()
        .unwrap();
    let local_list: Vec<Value> = serde_json::from_str(&stdout(&local_output)).unwrap();
    let local = by_ref(&local_list);
    let api = "api:default/payments-api";
    assert!(local.contains_key(api), "the demo holds {api}");

    let (files, _) = crate::servers::file_server(acme(), Duration::ZERO);
    let logs = crate::common::Tree::new();
    let log_file = logs.path().join("backstage.log");
    let log = std::fs::File::create(&log_file).unwrap();
    let port = free_port();
    let child = Command::new(tool)
        .args(["--port", &port.to_string(), "--allow", files.host()])
        .arg(acme().join("catalog-info.yaml"))
        // Processing errors are only logged (as events) at debug level.
        .env("LOG_LEVEL", "debug")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start the Backstage server");
    let backend = Backend {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };

    // All of plat's entities but payments-api, and Backstage's own Location.
    let via_plat = wait_for_entities(&backend.base, local.len());
    let (status, page) = request(
        &backend.base,
        "GET",
        "/api/catalog/entities/by-query?limit=10000",
        None,
    );
    assert_eq!(status, 200, "{page}");
    assert!(
        page["pageInfo"]["nextCursor"].is_null(),
        "one page holds them all"
    );
    let served = by_ref(page["items"].as_array().unwrap());
    assert_eq!(
        by_ref(&via_plat),
        served,
        "plat shows the entities the API returns"
    );

    let only_local: Vec<&String> = local.keys().filter(|k| !served.contains_key(*k)).collect();
    assert_eq!(
        only_local,
        [api],
        "entities plat lists and Backstage does not"
    );
    let only_served: Vec<&Value> = served
        .iter()
        .filter(|(k, _)| !local.contains_key(*k))
        .map(|(_, e)| e)
        .collect();
    assert_eq!(
        only_served.len(),
        1,
        "entities only Backstage holds: {only_served:?}"
    );
    let generated = only_served[0];
    assert_eq!(generated["kind"], "Location");
    assert!(
        generated["metadata"]["name"]
            .as_str()
            .unwrap()
            .starts_with("generated-")
    );
    assert_eq!(
        generated["spec"],
        serde_json::json!({"type": "file", "target": acme().join("catalog-info.yaml")})
    );

    // Every shared entity is the same, value for value.
    for (key, entity) in &local {
        if let Some(theirs) = served.get(key) {
            assert_eq!(
                comparable(entity),
                comparable(theirs),
                "{key}: plat's\n{}\nBackstage's\n{}",
                serde_json::to_string_pretty(&comparable(entity)).unwrap(),
                serde_json::to_string_pretty(&comparable(theirs)).unwrap()
            );
        }
    }

    // Relation by relation: what plat has and Backstage lacks is exactly the
    // reverse of what payments-api's own spec says (owner, system).
    let missing: BTreeSet<(String, String, String)> = relations(&local[api])
        .into_iter()
        .filter_map(|(kind, target)| Some((target, reverse(&kind)?.to_string(), api.to_string())))
        .collect();
    assert_eq!(missing.len(), 2, "payments-api has an owner and a system");
    let mut only_plat = BTreeSet::new();
    for (key, entity) in &local {
        let Some(theirs) = served.get(key) else {
            continue;
        };
        let (ours, theirs) = (relations(entity), relations(theirs));
        let extra: Vec<&(String, String)> = theirs.difference(&ours).collect();
        assert!(
            extra.is_empty(),
            "{key}: relations only Backstage has: {extra:?}"
        );
        for (kind, target) in ours.difference(&theirs) {
            only_plat.insert((key.clone(), kind.clone(), target.clone()));
        }
    }
    assert_eq!(only_plat, missing, "relations only plat has");

    // Backstage's reason: a processing error for payments-api at its file,
    // and for no other entity.
    let text = std::fs::read_to_string(&log_file).unwrap();
    let errors: BTreeSet<String> = text
        .lines()
        .filter(|l| l.contains("topic=experimental.catalog.errors"))
        .filter_map(|l| {
            let payload = &l[l.find("payload=")? + "payload=".len()..l.rfind('}')? + 1];
            let event: Value = serde_json::from_str(payload).ok()?;
            Some(format!(
                "{} at {}: {}",
                event["entity"].as_str()?,
                event["location"].as_str()?,
                event["errors"][0]["name"].as_str()?
            ))
        })
        .collect();
    let at = acme().join("services/payments-service/catalog-info.yaml");
    assert_eq!(
        errors,
        BTreeSet::from([format!("{api} at file:{}: InputError", at.display())]),
        "processing errors in Backstage's log"
    );

    // At a URL location Backstage reads the same placeholder, and gets what
    // plat read from the file.
    let (status, dry_run) = request(
        &backend.base,
        "POST",
        "/api/catalog/locations?dryRun=true",
        Some(&serde_json::json!({
            "type": "url",
            "target": format!("{}/files/services/payments-service/catalog-info.yaml", files.base),
        })),
    );
    assert_eq!(status, 201, "{dry_run}");
    let read_at_url = dry_run["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "API" && e["metadata"]["name"] == "payments-api")
        .unwrap_or_else(|| panic!("the dry run reads payments-api: {dry_run}"));
    assert_eq!(read_at_url["spec"], local[api]["spec"]);
    assert_eq!(
        read_at_url["spec"]["definition"].as_str(),
        Some(
            std::fs::read_to_string(acme().join("services/payments-service/openapi.yaml"))
                .unwrap()
                .as_str()
        )
    );

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
