//! `plat runs` end to end: the real binary against the GitHub fake's
//! Actions endpoints (`dora_servers.rs`, checked with curl there), served
//! under `/api/v3` as GitHub Enterprise serves them.

use serde_json::Value;

use crate::common::{Tree, assert_fails, on_terminal, plat, short_client, stderr, stdout};
use crate::dora_servers::{ActionsJob, ActionsRun, actions_shop, github_dora};

const TOKEN: &str = "ghp_runs_secret";

/// A catalog with `shop` (annotated with `slug`, when given) and a plat.yaml
/// pointing at `api` with the token in $RUNS_GITHUB_TOKEN.
fn catalog(slug: Option<&str>, api: &str, extra: &str) -> Tree {
    let tree = Tree::new();
    let annotations = slug
        .map(|s| format!("  annotations:\n    github.com/project-slug: {s}\n"))
        .unwrap_or_default();
    tree.write(
        "catalog-info.yaml",
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: shop\n{annotations}spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
        ),
    );
    tree.write(
        "plat.yaml",
        format!(
            "integrations:\n  github:\n    apiBaseUrl: {api}\n    token: env:RUNS_GITHUB_TOKEN\n{extra}"
        ),
    );
    tree
}

fn runs(tree: &Tree, token: &str, args: &[&str]) -> std::process::Output {
    let output = plat()
        .current_dir(tree.path())
        .env("RUNS_GITHUB_TOKEN", token)
        .arg("runs")
        .args(args)
        .output()
        .unwrap();
    assert!(
        !stdout(&output).contains(token) && !stderr(&output).contains(token),
        "the token is never printed"
    );
    output
}

fn json(output: &std::process::Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

#[test]
fn runs_are_listed_newest_first_with_every_column() {
    let github = actions_shop(TOKEN);
    let tree = catalog(Some("acme/shop"), &github.api(), "");
    let output = runs(&tree, TOKEN, &["shop"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = &github.server.base;
    let rows: Vec<Vec<String>> = stdout(&output)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 5);
    // Status, conclusion, workflow, branch, commit, event, duration, id, link.
    assert_eq!(
        rows[2],
        [
            "completed",
            "failure",
            "Release",
            "main",
            "0000000 Fix refund rounding",
            "push",
            "4m 10s",
            "3",
            &format!("{base}/acme/shop/actions/runs/3"),
        ]
    );
    assert_eq!(rows[0][..3], ["queued", "-", "CI"]);
    assert_eq!(rows[0][6], "-", "no duration before it completes");
    assert_eq!(
        rows[1][..7],
        [
            "in_progress",
            "-",
            "CI",
            "feature/wallets",
            "0000000 Change 4",
            "pull_request",
            "-"
        ]
    );
    assert_eq!(rows[3][1], "cancelled");
    assert_eq!(
        github.requests(),
        ["GET /repos/acme/shop/actions/runs?per_page=20"]
    );

    let report = json(&runs(&tree, TOKEN, &["shop", "-o", "json"]));
    assert_eq!(report["schemaVersion"], 1);
    assert_eq!(report["entity"], "component:default/shop");
    assert_eq!(report["repository"], "acme/shop");
    assert_eq!(report["totalCount"], 5);
    let run = &report["runs"][2];
    assert_eq!(run["id"], 3);
    assert_eq!(run["workflow"], "Release");
    assert_eq!(run["title"], "Fix refund rounding");
    assert_eq!(run["runNumber"], 3);
    assert_eq!(run["status"], "completed");
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(run["branch"], "main");
    assert_eq!(run["sha"], format!("{:040x}", 3));
    assert_eq!(run["commitMessage"], "Fix refund rounding");
    assert_eq!(run["actor"], "ada");
    assert_eq!(run["startedAt"], "2026-03-03T10:00:10Z");
    assert_eq!(run["durationSeconds"], 250);
    assert_eq!(run["url"], format!("{base}/acme/shop/actions/runs/3"));
    assert_eq!(report["runs"][1]["conclusion"], Value::Null);
    assert_eq!(report["runs"][1]["durationSeconds"], Value::Null);

    let yaml: Value =
        serde_norway::from_str(&stdout(&runs(&tree, TOKEN, &["shop", "-o", "yaml"]))).unwrap();
    assert_eq!(yaml, report, "YAML is the same document");
}

#[test]
fn branch_failed_and_limit_become_the_query_and_pages_are_followed() {
    let github = github_dora(TOKEN);
    for id in 1..=150u64 {
        let day = 1 + id / 24;
        let hour = id % 24;
        let conclusion = if id % 10 == 0 { "failure" } else { "success" };
        github.add_run(
            "acme/shop",
            ActionsRun::new(
                id,
                &format!("2026-04-{day:02}T{hour:02}:00:00Z"),
                "completed",
                Some(conclusion),
            ),
        );
    }
    let tree = catalog(Some("acme/shop"), &github.api(), "");

    let many = json(&runs(
        &tree,
        TOKEN,
        &["shop", "--limit", "120", "-o", "json"],
    ));
    let ids: Vec<u64> = many["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (31..=150).rev().collect::<Vec<_>>(), "the newest 120");
    assert_eq!(many["totalCount"], 150);
    assert_eq!(
        github.requests(),
        [
            "GET /repos/acme/shop/actions/runs?per_page=100",
            "GET /repos/acme/shop/actions/runs?per_page=100&page=2",
        ],
        "the second page through its Link header, and no third"
    );

    let failed = json(&runs(
        &tree,
        TOKEN,
        &[
            "shop", "--failed", "--branch", "main", "--limit", "3", "-o", "json",
        ],
    ));
    let ids: Vec<u64> = failed["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [150, 140, 130]);
    assert_eq!(failed["totalCount"], 15);
    assert_eq!(
        github.requests().last().unwrap(),
        "GET /repos/acme/shop/actions/runs?branch=main&status=failure&per_page=3"
    );

    let none = runs(&tree, TOKEN, &["shop", "--branch", "gone"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(stdout(&none), "");
    assert!(
        stderr(&none).contains("no workflow runs of acme/shop on gone"),
        "{}",
        stderr(&none)
    );

    for bad in [["--limit", "0"], ["--limit", "1001"]] {
        let output = runs(&tree, TOKEN, &["shop", bad[0], bad[1]]);
        assert_fails(&output, 2, "--limit");
    }
    let both = runs(&tree, TOKEN, &["shop", "--run", "3", "--branch", "main"]);
    assert_fails(&both, 2, "cannot be used with");
}

#[test]
fn one_run_shows_its_jobs_and_their_steps() {
    let github = actions_shop(TOKEN);
    let tree = catalog(Some("acme/shop"), &github.api(), "");
    let output = runs(&tree, TOKEN, &["shop", "--run", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = &github.server.base;
    assert_eq!(
        stdout(&output),
        format!(
            "build\tcompleted\tsuccess\t2m\t{base}/acme/shop/actions/runs/3/job/31\n\
             \x20 1. Set up job\tcompleted\tsuccess\t2s\t\n\
             \x20 2. Build\tcompleted\tsuccess\t1m 58s\t\n\
             test\tcompleted\tfailure\t2m 10s\t{base}/acme/shop/actions/runs/3/job/32\n\
             \x20 1. Run tests\tcompleted\tfailure\t2m 7s\t\n\
             \x20 2. Upload report\tcompleted\tskipped\t-\t\n"
        )
    );
    assert_eq!(
        github.requests(),
        [
            "GET /repos/acme/shop/actions/runs/3",
            "GET /repos/acme/shop/actions/runs/3/jobs?per_page=100",
        ]
    );

    let report = json(&runs(&tree, TOKEN, &["shop", "--run", "3", "-o", "json"]));
    assert_eq!(report["run"]["id"], 3);
    assert_eq!(report["run"]["conclusion"], "failure");
    let jobs = report["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[1]["name"], "test");
    assert_eq!(jobs[1]["durationSeconds"], 130);
    assert_eq!(jobs[1]["runner"], "GitHub Actions 7");
    assert_eq!(jobs[1]["steps"][0]["conclusion"], "failure");
    assert_eq!(jobs[1]["steps"][0]["durationSeconds"], 127);
    assert_eq!(jobs[1]["steps"][1]["startedAt"], Value::Null);

    // A run with more jobs than a page holds: every page is read.
    github.add_run(
        "acme/shop",
        ActionsRun::new(9, "2026-03-09T10:00:00Z", "completed", Some("success")),
    );
    for id in 0..105 {
        github.add_job(
            "acme/shop",
            9,
            ActionsJob {
                id: 900 + id,
                name: "matrix",
                status: "completed",
                conclusion: Some("success"),
                started_at: Some("2026-03-09T10:00:10Z"),
                completed_at: Some("2026-03-09T10:01:10Z"),
                steps: Vec::new(),
            },
        );
    }
    let report = json(&runs(&tree, TOKEN, &["shop", "--run", "9", "-o", "json"]));
    assert_eq!(report["jobs"].as_array().unwrap().len(), 105);

    let missing = runs(&tree, TOKEN, &["shop", "--run", "77"]);
    assert_fails(
        &missing,
        2,
        "cannot read the workflow run 77 of acme/shop from GitHub at 127.0.0.1:",
    );
    assert!(
        stderr(&missing).contains("404 Not Found"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn exit_status_fails_when_the_newest_run_failed_as_gh_does() {
    let github = actions_shop(TOKEN);
    let tree = catalog(Some("acme/shop"), &github.api(), "");
    // The newest run is queued: nothing has failed yet.
    assert_eq!(
        runs(&tree, TOKEN, &["shop", "--exit-status"]).status.code(),
        Some(0)
    );
    // The newest failed run, listed with --failed: exit 1, and it is still printed.
    let failed = runs(
        &tree,
        TOKEN,
        &["shop", "--failed", "--limit", "1", "--exit-status"],
    );
    assert_fails(&failed, 1, "Release #3 (run 3) concluded failure");
    assert_eq!(
        stdout(&failed).lines().count(),
        1,
        "the run is still listed"
    );
    let cancelled = runs(&tree, TOKEN, &["shop", "--run", "2", "--exit-status"]);
    assert_fails(&cancelled, 1, "CI #2 (run 2) concluded cancelled");
    assert_eq!(
        runs(&tree, TOKEN, &["shop", "--run", "1", "--exit-status"])
            .status
            .code(),
        Some(0)
    );
    // Without the flag a failed run is data, not a failure of the command.
    assert_eq!(
        runs(&tree, TOKEN, &["shop", "--run", "3"]).status.code(),
        Some(0)
    );
}

#[test]
fn missing_annotation_bad_slug_and_github_errors_say_what_to_do() {
    let github = actions_shop(TOKEN);
    let missing = runs(&catalog(None, &github.api(), ""), TOKEN, &["shop"]);
    assert_fails(
        &missing,
        2,
        "shop has no github.com/project-slug annotation",
    );
    assert!(
        stderr(&missing)
            .contains("add `github.com/project-slug: OWNER/REPO` under metadata.annotations"),
        "{}",
        stderr(&missing)
    );
    let bad = runs(
        &catalog(Some("just-a-name"), &github.api(), ""),
        TOKEN,
        &["shop"],
    );
    assert_fails(
        &bad,
        2,
        "the github.com/project-slug annotation `just-a-name` is not `owner/name`",
    );
    assert!(github.requests().is_empty(), "nothing was asked");

    let tree = catalog(Some("acme/shop"), &github.api(), "");
    let host = github.server.base.trim_start_matches("http://").to_string();
    let wrong = runs(&tree, "ghp_wrong", &["shop"]);
    assert_fails(
        &wrong,
        2,
        &format!("from GitHub at {host}: 401 Unauthorized: Bad credentials"),
    );
    assert!(
        stderr(&wrong).contains("$RUNS_GITHUB_TOKEN"),
        "{}",
        stderr(&wrong)
    );

    let unknown = runs(
        &catalog(Some("acme/elsewhere"), &github.api(), ""),
        TOKEN,
        &["shop"],
    );
    assert_fails(&unknown, 2, "404 Not Found");
    assert!(
        stderr(&unknown).contains("check the github.com/project-slug annotation"),
        "{}",
        stderr(&unknown)
    );

    github.exhaust_rate_limit();
    let limited = runs(&tree, TOKEN, &["shop"]);
    assert_fails(&limited, 1, "GitHub's API rate limit is used up until");
    assert!(
        stderr(&limited).contains("wait for the reset"),
        "{}",
        stderr(&limited)
    );

    // A port nothing listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let gone = catalog(
        Some("acme/shop"),
        &format!("http://127.0.0.1:{closed}/api/v3"),
        "http:\n  retries: 0\n",
    );
    let unreachable = runs(&gone, TOKEN, &["shop"]);
    assert_fails(
        &unreachable,
        1,
        &format!("from GitHub at 127.0.0.1:{closed}: could not connect"),
    );
    assert!(
        stderr(&unreachable).contains("integrations.github in plat.yaml"),
        "{}",
        stderr(&unreachable)
    );
}

#[test]
fn the_last_run_for_a_glance_is_one_request_and_bounded_by_a_short_timeout() {
    use plat::ci::Actions;
    use plat::github::Api;
    let github = actions_shop(TOKEN);
    let integration = github.integration();
    let client = short_client();
    let api = Api {
        client: &client,
        integration: &integration,
    };
    let actions = Actions::for_entity(api, "shop", Some("acme/shop")).unwrap();
    let last = actions.last_run(None).unwrap().unwrap();
    assert_eq!(last.id, 5);
    let on_main = actions.last_run(Some("feature/wallets")).unwrap().unwrap();
    assert_eq!(on_main.id, 4);
    assert_eq!(
        github.requests(),
        [
            "GET /repos/acme/shop/actions/runs?per_page=1",
            "GET /repos/acme/shop/actions/runs?branch=feature%2Fwallets&per_page=1",
        ]
    );

    // A server that accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let integration = plat::integrations::GitHub {
        api_base: format!("http://{}/api/v3", silent.local_addr().unwrap())
            .parse()
            .unwrap(),
        ..integration
    };
    let api = Api {
        client: &client,
        integration: &integration,
    };
    let actions = Actions::for_entity(api, "shop", Some("acme/shop")).unwrap();
    let started = std::time::Instant::now();
    let error = actions.last_run(None).unwrap_err();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "bounded by the timeout"
    );
    assert!(error.to_string().contains("timed out"), "{error}");
    drop(silent);
}

#[test]
fn on_a_terminal_runs_are_a_table_and_one_run_has_a_summary() {
    let github = actions_shop(TOKEN);
    let tree = catalog(Some("acme/shop"), &github.api(), "");
    let screen = |args: &str| {
        let args = format!(
            "-C {} runs shop --color never {args}",
            tree.path().display()
        );
        on_terminal(&args, &[("RUNS_GITHUB_TOKEN", TOKEN)])
    };
    let Some(list) = screen("") else {
        return;
    };
    assert!(
        list.contains("STATUS        CONCLUSION   WORKFLOW   BRANCH            COMMIT"),
        "{list}"
    );
    assert!(
        list.contains("completed     failure      Release    main              0000000 Fix refund rounding   push           4m 10s     3"),
        "{list}"
    );
    let base = &github.server.base;
    let one = screen("--run 3").expect("script is there");
    let summary = format!(
        "Release #3 · completed · failure\nmain · 0000000 Fix refund rounding · push by ada · 4m 10s\n{base}/acme/shop/actions/runs/3\n"
    );
    assert!(one.contains(&summary), "{one}");
    assert!(
        one.contains("JOB / STEP           STATUS      CONCLUSION   DURATION   LINK"),
        "{one}"
    );
    assert!(
        one.contains("  1. Run tests       completed   failure      2m 7s"),
        "{one}"
    );
}
