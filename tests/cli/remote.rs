//! Remote catalogs end to end: URLs, GitHub, Backstage's catalog API,
//! caching, offline mode and failures, against real servers on 127.0.0.1.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Tree, component, group, plat, stderr, stdout};
use crate::servers::{backstage_server, file_server, github_server};

/// A catalog to serve: a root Location naming three files, one of which
/// holds an API whose definition is a relative `$text` placeholder.
fn remote_tree() -> Tree {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: remote-root\nspec:\n  targets:\n    - ./org/team.yaml\n    - ./services/a.yaml\n    - services/b.yaml\n",
    );
    tree.write("org/team.yaml", group("team-a"));
    tree.write("services/a.yaml", component("svc-a", "team-a"));
    tree.write(
        "services/b.yaml",
        format!(
            "{}---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: b-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./b-openapi.yaml\n",
            component("svc-b", "team-a")
        ),
    );
    tree.write("services/b-openapi.yaml", "openapi: 3.0.0\n");
    tree
}

/// plat with its cache in `cache`.
fn plat_cached(cache: &Tree) -> assert_cmd::Command {
    let mut cmd = plat();
    cmd.env("XDG_CACHE_HOME", cache.path())
        .timeout(Duration::from_secs(60));
    cmd
}

fn names(output: &std::process::Output) -> Vec<String> {
    stdout(output).lines().map(str::to_string).collect()
}

#[test]
fn a_remote_file_cannot_lead_to_a_private_address_plat_yaml_does_not_name() {
    let inner = Tree::new();
    inner.write("secret.yaml", component("internal-only", "team-a"));
    inner.write("openapi.yaml", "openapi: 3.0.0\n");
    let (internal, seen) = file_server(inner.path().to_path_buf(), Duration::ZERO);
    let outer = Tree::new();
    // A placeholder is held to the same rule as a Location target.
    outer.write(
        "api.yaml",
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: internal-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: {}/files/openapi.yaml\n",
            internal.base
        ),
    );
    outer.write(
        "root.yaml",
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./ok.yaml\n    - ./api.yaml\n    - {}/files/secret.yaml\n    - http://169.254.169.254/latest/meta-data/\n",
            internal.base
        ),
    );
    outer.write("ok.yaml", component("same-origin", "team-a"));
    let (public, _) = file_server(outer.path().to_path_buf(), Duration::ZERO);
    let work = Tree::new();
    work.write(
        "plat.yaml",
        format!(
            "catalog:\n  locations:\n    - {}/files/root.yaml\n",
            public.base
        ),
    );
    let cache = Tree::new();
    let run = || {
        plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap()
    };
    let output = run();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("leads from")
            && text.contains(&format!("to a private address ({})", internal.base)),
        "{text}"
    );
    assert!(text.contains("(http://169.254.169.254)"), "{text}");
    assert!(
        text.contains(&format!(
            "spec.definition: $text could not read {}/files/openapi.yaml: it leads from",
            internal.base
        )),
        "{text}"
    );
    assert_eq!(seen.hits("/files/secret.yaml"), 0, "never fetched");
    assert_eq!(seen.hits("/files/openapi.yaml"), 0, "never fetched");
    let listed = plat_cached(&cache)
        .arg("-C")
        .arg(work.path())
        .args(["catalog", "ls"])
        .output()
        .unwrap();
    assert_eq!(
        names(&listed),
        [
            "same-origin\tComponent\tservice\tteam-a\tproduction\t",
            "root\tLocation\t\t\t\t"
        ]
    );

    // Named in plat.yaml, the internal server is trusted.
    work.write(
        "plat.yaml",
        format!("catalog:\n  locations:\n    - {}/files/root.yaml\n    - target: {}/files/secret.yaml\n", public.base, internal.base),
    );
    let output = run();
    assert!(
        !stdout(&output).contains(&format!("({})", internal.base)),
        "{}",
        stdout(&output)
    );
    assert_eq!(seen.hits("/files/openapi.yaml"), 1, "read once trusted");
}

#[test]
fn a_remote_location_is_followed_relative_to_its_url() {
    let tree = remote_tree();
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let root = format!("{}/files/catalog-info.yaml", server.base);
    let output = plat_cached(&cache)
        .args(["catalog", "ls", "-o", "json", "--location", &root])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let entities: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let names: Vec<&str> = entities
        .iter()
        .map(|e| e["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["b-api", "svc-a", "svc-b", "team-a", "remote-root"]);
    let api = &entities[0];
    assert_eq!(
        api["spec"]["definition"], "openapi: 3.0.0\n",
        "the relative $text was read from the server"
    );
    assert_eq!(
        api["metadata"]["annotations"]["backstage.io/managed-by-location"],
        format!("url:{}/files/services/b.yaml", server.base)
    );
    assert_eq!(
        api["metadata"]["annotations"]["backstage.io/managed-by-origin-location"],
        format!("url:{root}")
    );
    assert_eq!(counters.hits("/files/services/b-openapi.yaml"), 1);
    assert_eq!(counters.total(), 5);
}

#[test]
fn the_cache_is_revalidated_with_etags_and_offline_reads_only_the_cache() {
    let tree = remote_tree();
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let root = format!("{}/files/catalog-info.yaml", server.base);
    let ls = |offline: bool| {
        let mut cmd = plat_cached(&cache);
        cmd.args(["catalog", "ls", "-o", "name", "--location", &root]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().unwrap()
    };
    let cold = ls(false);
    assert_eq!(counters.total(), 5);
    assert_eq!(counters.not_modified.load(Ordering::SeqCst), 0);
    let warm = ls(false);
    assert_eq!(names(&warm), names(&cold));
    assert_eq!(counters.total(), 10, "every file is asked for again");
    assert_eq!(
        counters.not_modified.load(Ordering::SeqCst),
        5,
        "and every answer is 304 Not Modified"
    );
    let offline = ls(true);
    assert_eq!(names(&offline), names(&cold));
    assert_eq!(counters.total(), 10, "offline makes no request");

    let empty = Tree::new();
    let output = plat_cached(&empty)
        .args([
            "catalog",
            "validate",
            "--offline",
            "--format",
            "json",
            "--location",
            &root,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "fetch");
    assert_eq!(f["file"], root);
    assert_eq!(f["message"], "cannot be read: not in the cache (offline)");
    assert_eq!(f["hint"], "run once without --offline to fill the cache");
    assert_eq!(counters.total(), 10);
}

/// Where each run's remote files came from, as `-v` says it.
fn tally(output: &std::process::Output) -> String {
    let err = stderr(output);
    err.lines()
        .find(|l| l.starts_with("HTTP cache: "))
        .unwrap_or_else(|| panic!("no HTTP cache line in:\n{err}"))
        .to_string()
}

#[test]
fn fresh_responses_are_used_without_a_request_until_they_go_stale() {
    let tree = remote_tree();
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    // Four copies of the same five-file catalog, each served with its own
    // caching headers (the root's relative targets and its `$text` stay
    // under the same prefix).
    let policies = ["max-age-4", "expires-4", "no-cache", "no-store"];
    let run = |extra: &[&str]| {
        let mut cmd = plat_cached(&cache);
        cmd.args(["-v", "catalog", "ls", "-o", "name"]);
        for policy in policies {
            cmd.arg("--location")
                .arg(format!("{}/cache/{policy}/catalog-info.yaml", server.base));
        }
        let output = cmd.args(extra).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        output
    };
    let seen = |policy: &str| counters.under(&format!("/cache/{policy}/"));

    let cold = run(&[]);
    let first_done = std::time::Instant::now();
    assert_eq!(
        tally(&cold),
        "HTTP cache: 0 fresh (no request), 0 revalidated (304), 20 fetched"
    );
    for policy in policies {
        assert_eq!(seen(policy), (5, 0), "{policy}");
    }

    // Within max-age and before Expires: no request for those at all.
    let warm = run(&[]);
    assert!(
        first_done.elapsed() < Duration::from_secs(4),
        "the machine is too slow for this test's 4 s lifetime"
    );
    assert_eq!(names(&warm), names(&cold));
    assert_eq!(
        tally(&warm),
        "HTTP cache: 10 fresh (no request), 5 revalidated (304), 5 fetched"
    );
    assert_eq!(seen("max-age-4"), (5, 0));
    assert_eq!(seen("expires-4"), (5, 0));
    assert_eq!(
        seen("no-cache"),
        (10, 5),
        "no-cache: revalidated every time"
    );
    assert_eq!(seen("no-store"), (10, 0), "no-store: never kept");

    // After they go stale: one conditional request each, answered 304,
    // which makes them fresh again.
    std::thread::sleep(
        Duration::from_secs(4).saturating_sub(first_done.elapsed()) + Duration::from_millis(300),
    );
    let stale = run(&[]);
    assert_eq!(names(&stale), names(&cold));
    assert_eq!(
        tally(&stale),
        "HTTP cache: 0 fresh (no request), 15 revalidated (304), 5 fetched"
    );
    assert_eq!(seen("max-age-4"), (10, 5));
    assert_eq!(seen("expires-4"), (10, 5));
    let again = run(&[]);
    assert_eq!(
        tally(&again),
        "HTTP cache: 10 fresh (no request), 5 revalidated (304), 5 fetched"
    );
    assert_eq!(seen("max-age-4"), (10, 5), "fresh again after the 304");

    // --refresh asks for everything, conditionally where it can.
    let refreshed = run(&["--refresh"]);
    assert_eq!(names(&refreshed), names(&cold));
    assert_eq!(
        tally(&refreshed),
        "HTTP cache: 0 fresh (no request), 15 revalidated (304), 5 fetched"
    );
    assert_eq!(seen("max-age-4"), (15, 10));
    assert_eq!(seen("expires-4"), (15, 10));
    assert_eq!(seen("no-cache"), (25, 20), "once a run, every run");
    assert_eq!(seen("no-store"), (25, 0));

    // What no-store forbade keeping is not there offline.
    let offline = plat_cached(&cache)
        .args(["catalog", "validate", "--offline", "--format", "json"])
        .args(policies.iter().flat_map(|policy| {
            [
                "--location".to_string(),
                format!("{}/cache/{policy}/catalog-info.yaml", server.base),
            ]
        }))
        .output()
        .unwrap();
    assert_eq!(offline.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&offline)).unwrap();
    let missing: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "fetch")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [format!("{}/cache/no-store/catalog-info.yaml", server.base)]
    );
}

#[test]
fn catalog_cache_max_age_overrides_what_servers_say() {
    let tree = remote_tree();
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let work = Tree::new();
    let run = |max_age: &str, policy: &str| {
        work.write(
            "plat.yaml",
            format!(
                "catalog:\n  cache:\n    maxAge: {max_age}\n  locations:\n    - {}/cache/{policy}/catalog-info.yaml\n",
                server.base
            ),
        );
        plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .args(["-v", "catalog", "ls", "-o", "name"])
            .output()
            .unwrap()
    };
    let seen = |policy: &str| counters.under(&format!("/cache/{policy}/"));

    // `0`: revalidate every time, whatever max-age the server gives.
    run("0", "max-age-300");
    let second = run("0", "max-age-300");
    assert_eq!(seen("max-age-300"), (10, 5));
    assert_eq!(
        tally(&second),
        "HTTP cache: 0 fresh (no request), 5 revalidated (304), 0 fetched"
    );

    // A duration: fresh that long, even where the server says no-cache.
    run("1h", "no-cache");
    let second = run("1h", "no-cache");
    assert_eq!(seen("no-cache"), (5, 0));
    assert_eq!(
        tally(&second),
        "HTTP cache: 5 fresh (no request), 0 revalidated (304), 0 fetched"
    );
    // Never beyond what no-store allows: nothing was kept.
    run("1h", "no-store");
    run("1h", "no-store");
    assert_eq!(seen("no-store"), (10, 0));

    let bad = run("soon", "no-cache");
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(
        err.contains("plat.yaml:")
            && err.contains("catalog.cache: maxAge `soon` is not a duration"),
        "{err}"
    );
}

#[test]
fn concurrency_is_bounded_by_config() {
    let tree = Tree::new();
    let targets: String = (0..24).map(|i| format!("    - ./c{i}.yaml\n")).collect();
    tree.write(
        "catalog-info.yaml",
        format!("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: many\nspec:\n  targets:\n{targets}"),
    );
    for i in 0..24 {
        tree.write(&format!("c{i}.yaml"), component(&format!("c{i}"), "team-a"));
    }
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::from_millis(100));
    let work = Tree::new();
    work.write(
        "plat.yaml",
        format!(
            "catalog:\n  locations:\n    - {}/files/catalog-info.yaml\nhttp:\n  concurrency: 4\n",
            server.base
        ),
    );
    let cache = Tree::new();
    let output = plat_cached(&cache)
        .arg("-C")
        .arg(work.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(names(&output).len(), 25, "{}", stderr(&output));
    let max = counters.max_in_flight.load(Ordering::SeqCst);
    assert!(max <= 4, "at most 4 requests at once, saw {max}");
    assert!(max >= 2, "requests overlap, saw {max}");
}

#[test]
fn retries_on_5xx_and_429_then_succeeds() {
    let tree = Tree::new();
    tree.write("a.yaml", component("flaky", "team-a"));
    tree.write("b.yaml", component("limited", "team-a"));
    let (server, counters) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let output = plat_cached(&cache)
        .args(["catalog", "ls", "-o", "name"])
        .args(["--location", &format!("{}/flaky/2/a.yaml", server.base)])
        .args(["--location", &format!("{}/limited/b.yaml", server.base)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        names(&output),
        ["component:default/flaky", "component:default/limited"]
    );
    assert_eq!(counters.hits("/flaky/a.yaml"), 3, "two 503s, then the file");
    assert_eq!(
        counters.hits("/limited/b.yaml"),
        2,
        "a 429 with Retry-After, then the file"
    );
}

#[test]
fn failures_are_findings_naming_the_url_and_status_and_the_rest_loads() {
    let tree = Tree::new();
    tree.write("ok.yaml", component("ok", "team-a"));
    let (server, _) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let work = Tree::new();
    let b = &server.base;
    work.write(
        "plat.yaml",
        format!(
            "catalog:\n  locations:\n    - {b}/files/ok.yaml\n    - {b}/status/404\n    - {b}/status/401\n    - {b}/status/500\n    - {b}/slow\n    - {b}/oversize\n    - {b}/redirect-loop\n    - {b}/garbage\n    - target: {b}/status/404?optional\n      presence: optional\n    - http://127.0.0.1:9/closed\nhttp:\n  timeout: 1s\n  retries: 0\n"
        ),
    );
    let cache = Tree::new();
    let output = plat_cached(&cache)
        .arg("-C")
        .arg(work.path())
        .args(["catalog", "validate", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        report["summary"]["entities"], 1,
        "the good file still loads"
    );
    let findings = report["findings"].as_array().unwrap();
    let message = |path: &str| {
        findings
            .iter()
            .find(|f| f["file"] == format!("{b}{path}"))
            .unwrap_or_else(|| panic!("no finding for {path} in {findings:#?}"))
            .clone()
    };
    assert_eq!(
        message("/status/404")["message"],
        "cannot be read: HTTP 404 Not Found"
    );
    assert_eq!(
        message("/status/401")["message"],
        "cannot be read: HTTP 401 Unauthorized"
    );
    assert!(
        message("/status/401")["hint"]
            .as_str()
            .unwrap()
            .contains("credentials")
    );
    assert_eq!(
        message("/status/500")["message"],
        "cannot be read: HTTP 500 Internal Server Error"
    );
    assert_eq!(message("/slow")["message"], "cannot be read: timed out");
    assert_eq!(
        message("/oversize")["message"],
        "cannot be read: the response is over the 10 MB limit"
    );
    assert_eq!(
        message("/redirect-loop")["message"],
        "cannot be read: more than 5 redirects"
    );
    assert_eq!(message("/garbage")["rule"], "encoding");
    assert!(
        findings
            .iter()
            .all(|f| !f["file"].as_str().unwrap().contains("optional")),
        "an optional 404 is no finding"
    );
    let closed = findings
        .iter()
        .find(|f| f["file"] == "http://127.0.0.1:9/closed")
        .unwrap();
    assert!(
        closed["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot be read: could not connect"),
        "{closed}"
    );
    // ls still lists what loaded, and says what did not.
    let ls = plat_cached(&cache)
        .arg("-C")
        .arg(work.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(ls.status.code(), Some(1));
    assert_eq!(names(&ls), ["component:default/ok"]);
    assert!(
        stderr(&ls).contains(&format!(
            "error: {b}/status/404 cannot be read: HTTP 404 Not Found"
        )),
        "{}",
        stderr(&ls)
    );
}

#[test]
fn gzip_responses_are_decoded() {
    let tree = Tree::new();
    tree.write("c.yaml", component("zipped", "team-a"));
    let (server, _) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let output = plat_cached(&cache)
        .args([
            "catalog",
            "ls",
            "-o",
            "name",
            "--location",
            &format!("{}/gzip/c.yaml", server.base),
        ])
        .output()
        .unwrap();
    assert_eq!(
        names(&output),
        ["component:default/zipped"],
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_remote_file_may_not_name_local_files() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: sneaky\nspec:\n  targets:\n    - /etc/passwd\n    - file:./x.yaml\n",
    );
    tree.write(
        "api.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: sneaky-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: a\n  definition:\n    $text: /etc/passwd\n",
    );
    let (server, _) = file_server(tree.path().to_path_buf(), Duration::ZERO);
    let cache = Tree::new();
    let output = plat_cached(&cache)
        .args(["catalog", "validate", "--format", "json"])
        .args([
            "--location",
            &format!("{}/files/catalog-info.yaml", server.base),
        ])
        .args(["--location", &format!("{}/files/api.yaml", server.base)])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(!text.contains("root:x:0"), "nothing local was read");
    let report: Value = serde_json::from_str(&text).unwrap();
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/etc/passwd` is a local path in a remote file")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`file:./x.yaml` is a local path in a remote file")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("may not read local files")),
        "{messages:?}"
    );
}

mod github {
    use super::*;

    const TOKEN: &str = "ghp_test_token_123456";

    fn repos() -> Tree {
        let tree = Tree::new();
        tree.write(
            "public-repo/main/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: gh-root\nspec:\n  targets:\n    - ./services/a/catalog-info.yaml\n",
        );
        tree.write(
            "public-repo/main/services/a/catalog-info.yaml",
            component("gh-a", "team-a"),
        );
        tree.write(
            "private-repo/v2/catalog-info.yaml",
            component("gh-private", "team-a"),
        );
        tree
    }

    fn config(work: &Tree, host: &str, base: &str, locations: &[String], token: bool) {
        let token = if token {
            "    token: env:GITHUB_TOKEN\n"
        } else {
            ""
        };
        let list: String = locations.iter().map(|l| format!("    - {l}\n")).collect();
        work.write(
            "plat.yaml",
            format!("integrations:\n  github:\n    host: {host}\n    apiBaseUrl: {base}/api/v3\n{token}catalog:\n  locations:\n{list}"),
        );
    }

    #[test]
    fn the_token_does_not_follow_a_redirect_to_another_host() {
        let files = Tree::new();
        files.write("moved.yaml", component("moved", "team-a"));
        let (elsewhere, seen) = file_server(files.path().to_path_buf(), Duration::ZERO);
        let repos = Tree::new();
        repos.write(
            "private-repo/main/catalog-info.yaml",
            format!("REDIRECT {}/files/moved.yaml", elsewhere.base),
        );
        let (server, _) = github_server(repos.path().to_path_buf(), TOKEN);
        let work = Tree::new();
        let location = format!(
            "{}/acme/private-repo/blob/main/catalog-info.yaml",
            server.base
        );
        config(&work, server.host(), &server.base, &[location], true);
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args(["catalog", "ls"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            names(&output),
            ["moved\tComponent\tservice\tteam-a\tproduction\t"]
        );
        assert_eq!(
            seen.hits("/files/moved.yaml"),
            1,
            "the redirect was followed"
        );
        let sent = seen.authorization.lock().unwrap().clone();
        assert!(
            sent.is_empty(),
            "credentials went to another host: {sent:?}"
        );
    }

    #[test]
    fn blob_and_tree_urls_are_read_through_the_contents_api_with_the_token() {
        let repos = repos();
        let (server, counters) = github_server(repos.path().to_path_buf(), TOKEN);
        let work = Tree::new();
        let locations = [
            format!("{}/acme/public-repo/tree/main", server.base),
            format!(
                "{}/acme/private-repo/blob/v2/catalog-info.yaml",
                server.base
            ),
        ];
        config(&work, server.host(), &server.base, &locations, true);
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args(["-v", "catalog", "ls", "-o", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            !stdout(&output).contains(TOKEN) && !stderr(&output).contains(TOKEN),
            "the token is never printed"
        );
        let entities: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        let names: Vec<&str> = entities
            .iter()
            .map(|e| e["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["gh-a", "gh-private", "gh-root"]);
        assert_eq!(
            entities[0]["metadata"]["annotations"]["backstage.io/managed-by-location"],
            format!(
                "url:{}/acme/public-repo/blob/main/services/a/catalog-info.yaml",
                server.base
            ),
            "a relative target resolves to another blob URL of the repository"
        );
        assert_eq!(counters.hits("acme/private-repo/catalog-info.yaml"), 1);
    }

    #[test]
    fn private_repositories_without_a_token_say_to_set_github_token() {
        let repos = repos();
        let (server, _) = github_server(repos.path().to_path_buf(), TOKEN);
        let work = Tree::new();
        let url = format!(
            "{}/acme/private-repo/blob/v2/catalog-info.yaml",
            server.base
        );
        config(
            &work,
            server.host(),
            &server.base,
            std::slice::from_ref(&url),
            true,
        );
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env_remove("GITHUB_TOKEN")
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let f = &report["findings"][0];
        assert_eq!(f["file"], url);
        assert_eq!(f["message"], "cannot be read: HTTP 404 Not Found");
        assert!(f["hint"].as_str().unwrap().contains("GITHUB_TOKEN"), "{f}");
        // A wrong token is refused, and the hint says so.
        let wrong = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env("GITHUB_TOKEN", "not-the-token")
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout(&wrong)).unwrap();
        assert_eq!(
            report["findings"][0]["message"],
            "cannot be read: HTTP 401 Unauthorized"
        );
        assert!(!stdout(&wrong).contains("not-the-token"));
    }
}

mod backstage {
    use super::*;

    fn entities(count: usize) -> Vec<Value> {
        let mut all: Vec<Value> = (0..count)
            .map(|i| {
                json!({
                    "apiVersion": "backstage.io/v1alpha1",
                    "kind": "Component",
                    "metadata": {"namespace": "default", "name": format!("svc-{i:04}"), "uid": format!("uid-{i}"),
                                 "annotations": {"backstage.io/managed-by-location": format!("url:https://github.com/acme/svc-{i}/blob/main/catalog-info.yaml")}},
                    "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"},
                    "relations": [{"type": "ownedBy", "targetRef": "group:default/team-a"}]
                })
            })
            .collect();
        all.push(json!({
            "apiVersion": "backstage.io/v1alpha1", "kind": "Group",
            "metadata": {"namespace": "default", "name": "team-a"},
            "spec": {"type": "team", "children": []},
            "relations": [{"type": "ownerOf", "targetRef": "component:default/svc-0000"}]
        }));
        all
    }

    #[test]
    fn the_whole_catalog_is_read_page_by_page_with_its_relations() {
        let (server, log) = backstage_server(entities(1100), Some("bs-token"));
        let work = Tree::new();
        work.write(
            "plat.yaml",
            format!(
                "integrations:\n  backstage:\n    baseUrl: {}\n    token: env:BACKSTAGE_TOKEN\ncatalog:\n  locations:\n    - backstage: {}\n",
                server.base, server.base
            ),
        );
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env("BACKSTAGE_TOKEN", "bs-token")
            .args(["catalog", "ls", "-o", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let listed: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(listed.len(), 1101);
        assert_eq!(
            listed[0]["relations"],
            json!([{"type": "ownedBy", "targetRef": "group:default/team-a"}])
        );
        let queries = log.queries.lock().unwrap().clone();
        assert_eq!(queries.len(), 3, "500 + 500 + 101: {queries:?}");
        assert_eq!(queries[0], "limit=500");
        assert!(queries[1].starts_with("limit=500&cursor="), "{queries:?}");
        // get shows where the entity came from.
        let get = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .env("BACKSTAGE_TOKEN", "bs-token")
            .args(["catalog", "get", "svc-0007"])
            .output()
            .unwrap();
        assert!(
            stdout(&get).starts_with(
                "# source: url:https://github.com/acme/svc-7/blob/main/catalog-info.yaml\n"
            ),
            "{}",
            stdout(&get)
        );
    }

    #[test]
    fn filters_are_sent_to_the_server() {
        let (server, log) = backstage_server(entities(30), None);
        let cache = Tree::new();
        let location = format!("backstage:{}", server.base);
        let output = plat_cached(&cache)
            .args([
                "catalog",
                "ls",
                "-o",
                "name",
                "--kind",
                "group",
                "--location",
                &location,
            ])
            .output()
            .unwrap();
        assert_eq!(names(&output), ["group:default/team-a"]);
        let queries = log.queries.lock().unwrap().clone();
        assert_eq!(queries, ["limit=500&filter=kind%3Dgroup"]);
        let get = plat_cached(&cache)
            .args([
                "catalog",
                "get",
                "component:svc-0003",
                "--location",
                &location,
            ])
            .output()
            .unwrap();
        assert!(get.status.success());
        let last = log.queries.lock().unwrap().last().unwrap().clone();
        assert_eq!(
            last,
            "limit=500&filter=metadata.name%3Dsvc-0003%2Cmetadata.namespace%3Ddefault%2Ckind%3Dcomponent"
        );
    }

    #[test]
    fn a_refused_token_is_a_finding_with_a_hint() {
        let (server, _) = backstage_server(entities(3), Some("right"));
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .args([
                "catalog",
                "validate",
                "--format",
                "json",
                "--location",
                &format!("backstage:{}", server.base),
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let f = &report["findings"][0];
        assert_eq!(
            f["message"],
            "Backstage catalog cannot be read: HTTP 401 Unauthorized"
        );
        assert!(
            f["hint"]
                .as_str()
                .unwrap()
                .contains("integrations.backstage.token")
        );
    }

    #[test]
    fn local_remote_and_backstage_sources_mix() {
        let tree = remote_tree();
        let (files, _) = file_server(tree.path().to_path_buf(), Duration::ZERO);
        let (server, _) = backstage_server(entities(2), None);
        let work = Tree::new();
        work.write("local/catalog-info.yaml", component("local-svc", "team-a"));
        work.write(
            "plat.yaml",
            format!(
                "catalog:\n  locations:\n    - ./local\n    - {}/files/catalog-info.yaml\n    - backstage: {}\n",
                files.base, server.base
            ),
        );
        let cache = Tree::new();
        let output = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        // team-a is in the remote files and on the server: the first wins.
        assert_eq!(report["summary"]["entities"], 1 + 5 + 2, "{report:#}");
        let ls = plat_cached(&cache)
            .arg("-C")
            .arg(work.path())
            .args(["catalog", "get", "group:team-a", "-o", "json"])
            .output()
            .unwrap();
        let team: Value = serde_json::from_str(&stdout(&ls)).unwrap();
        let owned: Vec<&str> = team["relations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["type"] == "ownerOf")
            .map(|r| r["targetRef"].as_str().unwrap())
            .collect();
        assert!(owned.contains(&"component:default/local-svc"), "{owned:?}");
        assert!(owned.contains(&"component:default/svc-a"), "{owned:?}");
        assert!(
            owned.contains(&"component:default/svc-0001"),
            "reverse of the server's ownedBy: {owned:?}"
        );
    }
}

/// On a terminal, slow remote reads show a progress bar on stderr (run
/// under `script`, which gives plat a pseudo-terminal).
#[test]
fn a_progress_bar_shows_on_a_terminal_for_slow_reads() {
    let Some(script) = crate::common::script() else {
        return;
    };
    let tree = Tree::new();
    let targets: String = (0..8).map(|i| format!("    - ./c{i}.yaml\n")).collect();
    tree.write(
        "catalog-info.yaml",
        format!("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: slow\nspec:\n  targets:\n{targets}"),
    );
    for i in 0..8 {
        tree.write(&format!("c{i}.yaml"), component(&format!("c{i}"), "team-a"));
    }
    let (server, _) = file_server(tree.path().to_path_buf(), Duration::from_millis(150));
    let work = Tree::new();
    work.write(
        "plat.yaml",
        format!(
            "catalog:\n  locations:\n    - {}/files/catalog-info.yaml\nhttp:\n  concurrency: 2\n",
            server.base
        ),
    );
    let cache = Tree::new();
    let command = format!(
        "{} -C {} catalog ls -o name",
        assert_cmd::cargo::cargo_bin("plat").display(),
        work.path().display()
    );
    let output = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("XDG_CACHE_HOME", cache.path())
        .env("TERM", "xterm")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("reading catalog"), "{text}");
    assert!(text.contains("files"), "{text}");
    assert!(text.contains("component:default/c7"), "{text}");
    // Without a terminal: no bar.
    let plain = plat_cached(&cache)
        .arg("-C")
        .arg(work.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert!(!stderr(&plain).contains("reading catalog"));
}
