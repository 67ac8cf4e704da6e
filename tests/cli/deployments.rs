//! `plat deployments` end to end: repositories built with dora's helpers
//! (real git, tags at chosen times), records files, and the GitHub fake;
//! the same deployments, changes and lead times `plat dora` measures.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::common::{
    Tree, assert_fails, component, on_terminal, plat, short_client, stderr, stdout,
};
use crate::dora::{Service, annotated};
use crate::dora_servers::github_dora;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// `days` before `now`, whole seconds (as git stores times), RFC 3339.
fn ago(now: Timestamp, days: f64) -> String {
    let at = now - SignedDuration::from_secs((days * DAY as f64) as i64);
    Timestamp::from_second(at.as_second()).unwrap().to_string()
}

fn listed(output: &std::process::Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

fn rows(output: &std::process::Output) -> Vec<Vec<String>> {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    stdout(output)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The deployed time as the table shows it.
fn shown(at: &str) -> String {
    at.parse::<Timestamp>()
        .unwrap()
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string()
}

#[test]
fn tags_are_listed_newest_first_with_tagger_changes_and_lead_time() {
    let now = Timestamp::now();
    let s = Service::new("payments");
    let c0 = s.commit(&[], "Set up the service", &ago(now, 40.0));
    s.tag("v0.9", c0, Some(&ago(now, 39.0)));
    let c1 = s.commit(&[c0], "Add wallets", &ago(now, 10.0));
    let c2 = s.commit(
        &[c1],
        "Fix refund rounding\n\nThe long story.",
        &ago(now, 9.0),
    );
    let v10 = ago(now, 8.0);
    s.tag("v1.0", c2, Some(&v10));
    let c3 = s.commit(&[c2], "Retry webhooks", &ago(now, 5.0));
    s.tag("v1.1", c3, None); // lightweight: its commit's time, no tagger
    let c4 = s.commit(&[c3], "Log refunds", &ago(now, 3.0));
    let v12 = ago(now, 2.0);
    s.tag("v1.2", c4, Some(&v12));

    let table = rows(&s.plat(&["deployments", "payments"]));
    assert_eq!(
        table,
        [
            [
                "v1.2",
                "production",
                "success",
                &shown(&v12),
                "Release",
                "1",
                "1d"
            ],
            [
                "v1.1",
                "production",
                "success",
                &shown(&ago(now, 5.0)),
                "-",
                "1",
                "0s"
            ],
            [
                "v1.0",
                "production",
                "success",
                &shown(&v10),
                "Release",
                "2",
                "1d 12h"
            ],
        ],
        "v0.9 is before the 30 days"
    );

    let report = listed(&s.plat(&["deployments", "payments", "-o", "json"]));
    assert_eq!(report["schemaVersion"], 1);
    assert_eq!(report["ref"], "component:default/payments");
    assert_eq!(report["environment"], "production");
    assert_eq!(report["window"]["days"], 30.0);
    assert_eq!(report["total"], 3);
    let v1_0 = &report["deployments"][2];
    assert_eq!(v1_0["version"], "v1.0");
    assert_eq!(v1_0["sha"], c2.to_string());
    assert_eq!(v1_0["time"], v10);
    assert_eq!(v1_0["status"], "success");
    assert_eq!(v1_0["by"], "Release");
    assert_eq!(v1_0["origin"], "tag v1.0");
    assert_eq!(v1_0["changes"], 2);
    assert_eq!(v1_0["leadTimeMedianSeconds"], DAY + 12 * HOUR);
    assert_eq!(
        v1_0["commits"],
        serde_json::json!([
            {"sha": c2.to_string(), "subject": "Fix refund rounding", "author": "Dev",
             "authoredAt": ago(now, 9.0), "startedAt": ago(now, 9.0), "leadTimeSeconds": DAY},
            {"sha": c1.to_string(), "subject": "Add wallets", "author": "Dev",
             "authoredAt": ago(now, 10.0), "startedAt": ago(now, 10.0), "leadTimeSeconds": 2 * DAY},
        ])
    );
    assert_eq!(report["deployments"][1]["by"], Value::Null);
    let yaml: Value =
        serde_norway::from_str(&stdout(&s.plat(&["deployments", "payments", "-o", "yaml"])))
            .unwrap();
    assert_eq!(
        yaml["deployments"], report["deployments"],
        "YAML is the same document"
    );

    // -v: each deployment's commits under the table.
    let verbose = stdout(&s.plat(&["deployments", "payments", "-v"]));
    let short = &c2.to_string()[..8];
    assert!(
        verbose.contains(&format!(
            "\nv1.0 · {} · 2 changes\n  {short}  Fix refund rounding  Dev  lead time 1d\n",
            shown(&v10)
        )),
        "{verbose}"
    );
    assert!(verbose.contains("v1.2 · "), "{verbose}");

    // --limit and --since.
    let limited = s.plat(&["deployments", "payments", "--limit", "1"]);
    assert_eq!(rows(&limited).len(), 1);
    assert!(
        stderr(&limited).contains("the newest 1 of 3 deployments; --limit shows more"),
        "{}",
        stderr(&limited)
    );
    let recent = rows(&s.plat(&["deployments", "payments", "--since", "4d"]));
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0][0], "v1.2");

    // The same deployments, changes and lead times as `plat dora` measures.
    let dora = listed(&s.plat(&["dora", "payments", "--since", "30d", "-o", "json"]));
    let metrics = &dora["services"][0]["metrics"];
    assert_eq!(metrics["deployments"], report["total"]);
    let mut lead_times: Vec<i64> = report["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["commits"].as_array().unwrap().iter())
        .map(|c| c["leadTimeSeconds"].as_i64().unwrap())
        .collect();
    lead_times.sort_unstable();
    assert_eq!(metrics["changes"], lead_times.len());
    assert_eq!(
        metrics["leadTimeMedianSeconds"],
        (lead_times[1] + lead_times[2]) / 2
    );
}

#[test]
fn records_name_who_deployed_and_each_environment_has_its_own_changes() {
    let now = Timestamp::now();
    let s = Service::new("payments");
    let c1 = s.commit(&[], "Add wallets", &ago(now, 6.0));
    let c2 = s.commit(&[c1], "Fix refund rounding", &ago(now, 4.5));
    let record = |env: &str, days: f64, sha: &git2::Oid, extra: &str| {
        let env = if env.is_empty() {
            String::new()
        } else {
            format!(r#""environment": "{env}", "#)
        };
        format!(
            r#"{{"service": "payments", {env}"time": "{}", "sha": "{sha}"{extra}}}"#,
            ago(now, days)
        )
    };
    let lines = [
        record("production", 5.0, &c1, r#", "by": "ada""#),
        record(
            "production",
            3.0,
            &c2,
            r#", "status": "failure", "actor": "ci-bot""#,
        ),
        record(
            "production",
            2.0,
            &c2,
            r#", "by": "bob", "unplanned": true"#,
        ),
        record("staging", 4.0, &c2, r#", "by": "carol""#),
        record("", 1.0, &c2, r#", "by": "dave""#),
    ];
    s.write("deploys.jsonl", &(lines.join("\n") + "\n"));
    s.write("plat.yaml", "dora:\n  deployments: deploys.jsonl\n");

    let production = listed(&s.plat(&["deployments", "payments", "-o", "json"]));
    let summary: Vec<(String, String, i64)> = production["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["by"].as_str().unwrap().to_string(),
                d["status"].as_str().unwrap().to_string(),
                d["changes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("dave".to_string(), "success".to_string(), 0),
            ("bob".into(), "success".into(), 1),
            ("ci-bot".into(), "failure".into(), 0),
            ("ada".into(), "success".into(), 1),
        ]
    );
    assert_eq!(production["deployments"][1]["unplanned"], true);
    assert!(
        production["deployments"][3]["origin"]
            .as_str()
            .unwrap()
            .ends_with("deploys.jsonl:1")
    );
    let table = rows(&s.plat(&["deployments", "payments"]));
    assert_eq!(
        table[2][2..],
        ["failure", &shown(&ago(now, 3.0)), "ci-bot", "-", "-"]
    );
    assert_eq!(table[0][0], &c2.to_string()[..8], "no version: the commit");

    // Staging's first deployment brings both commits there.
    let staging = listed(&s.plat(&["deployments", "payments", "--env", "staging", "-o", "json"]));
    assert_eq!(staging["environment"], "staging");
    let deployments = staging["deployments"].as_array().unwrap();
    assert_eq!(deployments.len(), 2);
    assert_eq!(deployments[0]["by"], "dave");
    assert_eq!(deployments[1]["by"], "carol");
    assert_eq!(deployments[1]["environment"], "staging");
    assert_eq!(deployments[1]["changes"], 2);

    // dora.environment is the default, as for `plat dora`.
    s.write(
        "plat.yaml",
        "dora:\n  deployments: deploys.jsonl\n  environment: staging\n",
    );
    assert_eq!(rows(&s.plat(&["deployments", "payments"])).len(), 2);
}

#[test]
fn github_deployments_name_their_creator() {
    let now = Timestamp::now();
    let github = github_dora("ghp_deployments_secret");
    let s = Service::new("payments");
    let c1 = s.commit(&[], "Add wallets", &ago(now, 3.0));
    let repo = "acme/payments";
    github.add_deployment(
        repo,
        1,
        &c1.to_string(),
        "production",
        &ago(now, 2.0),
        &[("success", &ago(now, 2.0 - 0.01))],
    );
    github.add_deployment(
        repo,
        2,
        &c1.to_string(),
        "staging",
        &ago(now, 2.5),
        &[("success", &ago(now, 2.5))],
    );
    annotated(
        &s,
        "    github.com/project-slug: acme/payments\n",
        &format!(
            "  github:\n    apiBaseUrl: {}\n    token: env:DORA_GITHUB_TOKEN\n",
            github.api()
        ),
        "  deployments: github\n",
    );
    let output = plat()
        .current_dir(s.tree.path())
        .env("DORA_GITHUB_TOKEN", "ghp_deployments_secret")
        .args(["deployments", "payments", "-o", "json"])
        .output()
        .unwrap();
    let report = listed(&output);
    assert!(!stdout(&output).contains("ghp_deployments_secret"));
    let deployments = report["deployments"].as_array().unwrap();
    assert_eq!(deployments.len(), 1, "production only");
    assert_eq!(deployments[0]["by"], "ada");
    assert_eq!(deployments[0]["version"], "main");
    assert_eq!(deployments[0]["origin"], "GitHub deployment 1");
    assert_eq!(deployments[0]["changes"], 1);
    assert_eq!(deployments[0]["commits"][0]["subject"], "Add wallets");
    assert!(
        github
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /repos/acme/payments/deployments?environment=production")),
        "{:?}",
        github.requests()
    );
}

#[test]
fn missing_sources_and_bad_flags_say_what_to_add() {
    // No repository for tag deployments.
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("payments", "team-a"));
    let run = |tree: &Tree, args: &[&str]| {
        plat()
            .current_dir(tree.path())
            .env_remove("CI")
            .args(args)
            .output()
            .unwrap()
    };
    let no_repo = run(&tree, &["deployments", "payments"]);
    assert_fails(&no_repo, 2, "not a git repository");
    assert!(
        stderr(&no_repo).contains("--repo PATH"),
        "{}",
        stderr(&no_repo)
    );

    // GitHub deployments need the annotation.
    tree.write("plat.yaml", "dora:\n  deployments: github\n");
    let no_slug = run(&tree, &["deployments", "payments"]);
    assert_fails(
        &no_slug,
        2,
        "`github` needs the github.com/project-slug annotation on payments",
    );

    let s = Service::new("payments");
    let c1 = s.commit(&[], "Old", "2020-01-01T00:00:00Z");
    s.tag("v1", c1, None);
    let none = s.plat(&["deployments", "payments"]);
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    assert_eq!(stdout(&none), "");
    assert!(
        stderr(&none).contains("no deployments of payments to production since"),
        "{}",
        stderr(&none)
    );
    assert_fails(
        &s.plat(&["deployments", "payments", "--since", "2x"]),
        2,
        "invalid value `2x` for --since",
    );
    assert_fails(
        &s.plat(&["deployments", "payments", "--limit", "0"]),
        2,
        "--limit",
    );
    assert_fails(&s.plat(&["deployments", "nothing"]), 1, "nothing");
}

#[test]
fn the_last_deployment_for_a_glance_reads_as_little_as_its_source_allows() {
    use plat::dora::{Collect, RecordFiles, Service as DoraService, Window};
    let now = Timestamp::now();
    let s = Service::new("payments");
    let c1 = s.commit(&[], "Add wallets", &ago(now, 300.0));
    s.tag("v1", c1, Some(&ago(now, 200.0)));
    let c2 = s.commit(&[c1], "Fix", &ago(now, 100.0));
    s.tag("v2", c2, Some(&ago(now, 90.0)));

    let github = github_dora("ghp_glance");
    for id in 1..=250u64 {
        let at = ago(now, 251.0 - id as f64);
        let state = if id == 250 { "failure" } else { "success" };
        github.add_deployment(
            "acme/payments",
            id,
            &c2.to_string(),
            "production",
            &at,
            &[(state, &at)],
        );
    }
    let client = short_client();
    let glance = |api: String, deployments: &str| {
        let integrations = plat::integrations::Integrations {
            github: Some(plat::integrations::GitHub {
                api_base: api.parse().unwrap(),
                ..github.integration()
            }),
            ..Default::default()
        };
        let files = RecordFiles::default();
        let collect = Collect {
            environment: "production",
            window: Window::new(now - SignedDuration::from_hours(24), now),
            config_dir: s.tree.path(),
            start_dir: s.tree.path(),
            repo: None,
            integrations: &integrations,
            client: &client,
            files: &files,
        };
        let service = DoraService {
            name: "payments".into(),
            key: "component:default/payments".into(),
            github_slug: Some("acme/payments".into()),
            pagerduty_id: None,
            dir: Some(s.tree.path().to_path_buf()),
        };
        let settings = plat::config::DoraServiceConfig {
            deployments: Some(deployments.into()),
            ..Default::default()
        };
        collect.last_deployment(&service, &settings)
    };

    // Tags: the newest tag, months before the window.
    let last = glance(github.api(), "tags").unwrap().unwrap();
    assert_eq!(last.version.as_deref(), Some("v2"));
    assert_eq!(last.by.as_deref(), Some("Release"));
    assert!(last.changes.is_empty(), "no changes are read for a glance");
    assert!(github.requests().is_empty());

    // GitHub: the newest (a failure), reading the first page and the
    // statuses down to the first success only.
    let last = glance(github.api(), "github").unwrap().unwrap();
    assert_eq!(last.origin, "GitHub deployment 250");
    assert_eq!(last.status, plat::dora::Status::Failure);
    assert_eq!(last.by.as_deref(), Some("ada"));
    assert_eq!(
        github.requests(),
        [
            "GET /repos/acme/payments/deployments?environment=production&per_page=100",
            "GET /repos/acme/payments/deployments/250/statuses?per_page=100",
            "GET /repos/acme/payments/deployments/249/statuses?per_page=100",
        ]
    );

    // A GitHub that never answers: an error within the client's timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let started = std::time::Instant::now();
    let error = glance(
        format!("http://{}/api/v3", silent.local_addr().unwrap()),
        "github",
    )
    .unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let at = format!(
        "GitHub deployments of acme/payments at {}: timed out",
        silent.local_addr().unwrap()
    );
    assert!(error.to_string().contains(&at), "{error}");
}

#[test]
fn on_a_terminal_a_titled_table() {
    let now = Timestamp::now();
    let s = Service::new("payments");
    let c1 = s.commit(&[], "Add wallets", &ago(now, 3.0));
    let deployed = ago(now, 2.0);
    s.tag("v1.0", c1, Some(&deployed));
    let args = format!(
        "-C {} deployments payments --color never",
        s.tree.path().display()
    );
    let Some(screen) = on_terminal(&args, &[]) else {
        return;
    };
    assert!(screen.contains("payments · production · "), "{screen}");
    assert!(
        screen.contains(
            "VERSION   ENVIRONMENT   STATUS    DEPLOYED               BY        CHANGES   LEAD TIME"
        ),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "v1.0      production    success   {}   Release   1         1d",
            shown(&deployed)
        )),
        "{screen}"
    );
}
