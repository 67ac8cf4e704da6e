//! `plat dora` end to end: repositories built here with git2 (commits and
//! tags at chosen times in several time zones), records files, and every
//! metric checked against values worked out by hand in each test.

use git2::{Oid, Repository, Signature, Time};
use serde_json::Value;

use crate::common::{Tree, assert_fails, component, plat, stderr, stdout};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// An RFC 3339 time as git stores it: seconds and the offset in minutes.
pub(crate) fn git_time(text: &str) -> Time {
    let instant: jiff::Timestamp = text.parse().expect("RFC 3339 time");
    let offset = if text.ends_with('Z') {
        0
    } else {
        let tail = &text[text.len() - 6..];
        let sign = if tail.starts_with('-') { -1 } else { 1 };
        sign * (tail[1..3].parse::<i32>().unwrap() * 60 + tail[4..6].parse::<i32>().unwrap())
    };
    Time::new(instant.as_second(), offset)
}

/// A service's repository, with its catalog-info.yaml beside it (the
/// `plat deployments` tests build theirs with it too).
pub(crate) struct Service {
    pub(crate) tree: Tree,
    pub(crate) repo: Repository,
}

impl Service {
    pub(crate) fn new(name: &str) -> Service {
        let tree = Tree::new();
        tree.write("catalog-info.yaml", component(name, "team-a"));
        let repo = Repository::init(tree.path()).unwrap();
        Service { tree, repo }
    }

    /// A commit (author and committer at `at`) with `parents`.
    pub(crate) fn commit(&self, parents: &[Oid], message: &str, at: &str) -> Oid {
        let signature = Signature::new("Dev", "dev@example.com", &git_time(at)).unwrap();
        let blob = self.repo.blob(message.as_bytes()).unwrap();
        let mut builder = self.repo.treebuilder(None).unwrap();
        builder.insert("change.txt", blob, 0o100644).unwrap();
        let tree = self.repo.find_tree(builder.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let oid = self
            .repo
            .commit(None, &signature, &signature, message, &tree, &parents)
            .unwrap();
        self.repo
            .reference("refs/heads/main", oid, true, "test")
            .unwrap();
        oid
    }

    /// An annotated tag made at `at`, or a lightweight one.
    pub(crate) fn tag(&self, name: &str, target: Oid, at: Option<&str>) {
        let object = self.repo.find_object(target, None).unwrap();
        match at {
            Some(at) => {
                let tagger =
                    Signature::new("Release", "release@example.com", &git_time(at)).unwrap();
                self.repo.tag(name, &object, &tagger, name, false).unwrap();
            }
            None => {
                self.repo.tag_lightweight(name, &object, false).unwrap();
            }
        }
    }

    pub(crate) fn write(&self, path: &str, text: &str) {
        self.tree.write(path, text);
    }

    pub(crate) fn plat(&self, args: &[&str]) -> std::process::Output {
        plat()
            .current_dir(self.tree.path())
            .env_remove("CI")
            .args(args)
            .output()
            .unwrap()
    }

    /// `-o json` over November 2026 (the previous window is the 30 days before).
    fn november(&self, service: &str) -> Value {
        let output = self.plat(&[
            "dora",
            service,
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "-o",
            "json",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str(&stdout(&output)).unwrap()
    }
}

/// A failed run: its exit code, what stderr says, and no secret in it.
fn refused(output: &std::process::Output, code: i32, says: &[&str], secret: &str) {
    let said = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{said}");
    for text in says {
        assert!(said.contains(text), "{text}: {said}");
    }
    assert!(
        !said.contains(secret) && !stdout(output).contains(secret),
        "{said}"
    );
}

fn metrics(report: &Value) -> &Value {
    &report["services"][0]["metrics"]
}

#[test]
fn tags_in_several_time_zones_give_frequency_and_lead_time() {
    let s = Service::new("payments");
    // Before both windows: its commit is deployed, and no change of either.
    let early = s.commit(&[], "early", "2026-08-01T00:00:00Z");
    s.tag("v0.1", early, Some("2026-08-02T00:00:00Z"));
    let c0 = s.commit(&[early], "c0", "2026-10-10T09:00:00+05:30");
    s.tag("v0.9", c0, Some("2026-10-12T12:00:00Z"));
    let c1 = s.commit(&[c0], "c1", "2026-11-02T08:00:00-08:00");
    // The same instant as c1, written in another zone.
    let c2 = s.commit(&[c1], "c2", "2026-11-03T01:00:00+09:00");
    s.tag("v1.0", c2, Some("2026-11-03T16:00:00Z"));
    let c3 = s.commit(&[c2], "c3", "2026-11-10T00:00:00Z");
    s.tag("v1.1", c3, None); // lightweight: the commit's time
    let c4 = s.commit(&[c3], "c4", "2026-11-20T10:00:00+01:00");
    s.tag("v1.2", c4, Some("2026-11-23T09:00:00Z"));
    s.tag("v1.2-final", c4, Some("2026-11-25T09:00:00Z")); // the same commit again: one deployment
    s.tag("release-x", c4, Some("2026-11-26T09:00:00Z")); // not v*

    let report = s.november("payments");
    // The whole document: the README's schema, pinned (the sources name a temporary directory).
    let mut pinned = report.clone();
    pinned["services"][0]["sources"] = Value::from("[sources]");
    insta::assert_json_snapshot!("dora_tags_json", pinned);
    let m = metrics(&report);
    assert_eq!(m["deployments"], 3);
    assert_eq!(m["deploymentsPerDay"], 0.1); // 3 in 30 days
    assert_eq!(m["deployDaysPerWeek"], 0.7); // 3 days / (30/7) weeks
    // c1, c2: 24h each (v1.0); c3: 0 (v1.1 is lightweight); c4: 3 days.
    assert_eq!(m["changes"], 4);
    assert_eq!(m["leadTimeMedianSeconds"], DAY);
    assert_eq!(m["leadTimeP90Seconds"], 3 * DAY);
    assert_eq!(m["changeFailureRate"], 0.0);
    assert_eq!(m["recoveryTimeMedianSeconds"], Value::Null);
    let levels = &report["services"][0]["levels"];
    assert_eq!(levels["deploymentFrequency"], "medium"); // under weekly
    assert_eq!(levels["leadTime"], "high"); // a day is not under a day
    assert_eq!(levels["changeFailureRate"], "elite");
    assert_eq!(levels["recoveryTime"], Value::Null);
    assert_eq!(
        levels["reworkRate"],
        Value::Null,
        "the 2023 table has no rework levels"
    );
    // The previous window: v0.9 with c0, 2d 8h 30m.
    let p = &report["services"][0]["previous"];
    assert_eq!(p["deployments"], 1);
    assert_eq!(p["leadTimeMedianSeconds"], 2 * DAY + 8 * HOUR + 30 * 60);

    // The table, as a script sees it: tab-separated, no header.
    let table = stdout(&s.plat(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "Deployment frequency\t0.10/day\tmedium\t0.03/day\t+200%"
    );
    assert_eq!(lines[2], "Change lead time (median)\t1d\thigh\t2d 8h\t-58%");
    assert_eq!(
        lines[4],
        "Change failure rate\t0% (0 of 3)\telite\t0% (0 of 1)\t+0.0 pts"
    );
    assert_eq!(
        lines[5],
        "Failed deployment recovery time\tno data\t\tno data\t"
    );
}

#[test]
fn merge_commits_are_not_changes_but_their_branches_are() {
    let s = Service::new("payments");
    let root = s.commit(&[], "root", "2026-09-01T00:00:00Z");
    s.tag("v0", root, None);
    let b0 = s.commit(&[root], "b0", "2026-11-01T00:00:00Z");
    s.tag("v1", b0, None);
    let f1 = s.commit(&[b0], "f1", "2026-11-02T00:00:00Z");
    let f2 = s.commit(&[f1], "f2", "2026-11-03T00:00:00Z");
    let m1 = s.commit(&[b0], "m1", "2026-11-03T12:00:00Z");
    let merge = s.commit(&[m1, f2], "merge", "2026-11-04T00:00:00Z");
    s.tag("v2", merge, Some("2026-11-05T00:00:00Z"));
    let m = s.november("payments");
    let m = metrics(&m);
    // b0: 0 (v1); f1: 3d, f2: 2d, m1: 1d 12h (v2); the merge is no change.
    assert_eq!(m["changes"], 4);
    assert_eq!(m["leadTimeMedianSeconds"], (DAY + 12 * HOUR + 2 * DAY) / 2);
    assert_eq!(m["leadTimeP90Seconds"], 3 * DAY);
}

/// git's commit-graph (written by `git gc` and `git commit-graph write`)
/// gives plat the parents without reading the commits; the numbers are the
/// same with it, without it, and with commits written after it.
#[test]
fn the_commit_graph_changes_no_number() {
    let s = Service::new("payments");
    let mut tip = s.commit(&[], "root", "2026-10-01T00:00:00Z");
    s.tag("v0", tip, None);
    let mut grow = |s: &Service, from_day: u32, to_day: u32, month: u32| {
        for day in from_day..=to_day {
            let at = format!("2026-{month:02}-{day:02}T08:00:00Z");
            if day % 5 == 0 {
                // A branch of two commits merged back.
                let b1 = s.commit(&[tip], "b1", &at);
                let b2 = s.commit(&[b1], "b2", &format!("2026-{month:02}-{day:02}T09:00:00Z"));
                let main = s.commit(
                    &[tip],
                    "main",
                    &format!("2026-{month:02}-{day:02}T10:00:00Z"),
                );
                tip = s.commit(
                    &[main, b2],
                    "merge",
                    &format!("2026-{month:02}-{day:02}T11:00:00Z"),
                );
            } else {
                // Authored a day before it was committed (a rebase): lead
                // time starts at the author time, which the graph lacks.
                let author = Signature::new(
                    "Dev",
                    "dev@example.com",
                    &git_time(&format!("2026-{month:02}-{:02}T08:00:00Z", day - 1)),
                )
                .unwrap();
                let committer = Signature::new("Dev", "dev@example.com", &git_time(&at)).unwrap();
                let blob = s.repo.blob(at.as_bytes()).unwrap();
                let mut builder = s.repo.treebuilder(None).unwrap();
                builder.insert("change.txt", blob, 0o100644).unwrap();
                let tree = s.repo.find_tree(builder.write().unwrap()).unwrap();
                let parent = s.repo.find_commit(tip).unwrap();
                tip = s
                    .repo
                    .commit(
                        Some("refs/heads/main"),
                        &author,
                        &committer,
                        "rebased",
                        &tree,
                        &[&parent],
                    )
                    .unwrap();
            }
            if day % 3 == 0 {
                s.tag(
                    &format!("v{month}.{day}"),
                    tip,
                    Some(&format!("2026-{month:02}-{day:02}T12:00:00Z")),
                );
            }
        }
    };
    grow(&s, 2, 28, 10);
    grow(&s, 2, 20, 11);
    let runs = |s: &Service| {
        let whole = s.plat(&[
            "dora",
            "payments",
            "--from",
            "2026-09-01",
            "--to",
            "2026-12-01",
            "-o",
            "json",
        ]);
        assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
        (stdout(&whole), s.november("payments"))
    };
    let graph = s.repo.path().join("objects/info/commit-graph");

    let git = |s: &Service, args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(s.tree.path())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    let without = runs(&s);
    assert!(metrics(&without.1)["changes"].as_u64().unwrap() > 20);
    // Packed, as a clone is: commits are read from the pack directly.
    git(&s, &["repack", "-a", "-d", "-q"]);
    assert!(
        std::fs::read_dir(s.repo.path().join("objects/pack"))
            .unwrap()
            .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "pack"))
    );
    assert_eq!(runs(&s), without, "packed");
    git(&s, &["commit-graph", "write", "--reachable"]);
    assert!(graph.is_file());
    assert_eq!(runs(&s), without, "all of the history in the graph");

    // Commits after the graph was written: the graph has their ancestors.
    grow(&s, 21, 29, 11);
    let mixed = runs(&s);
    std::fs::remove_file(&graph).unwrap();
    assert_eq!(mixed, runs(&s), "part of the history in the graph");
    assert_ne!(mixed, without);
}

#[test]
fn a_retagged_release_is_one_deployment_at_its_new_tag() {
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "2026-11-01T00:00:00Z");
    s.tag("v1", c1, Some("2026-11-02T00:00:00Z"));
    let c2 = s.commit(&[c1], "c2", "2026-11-02T00:00:00Z");
    s.repo.tag_delete("v1").unwrap();
    s.tag("v1", c2, Some("2026-11-04T00:00:00Z"));
    let m = s.november("payments");
    let m = metrics(&m);
    assert_eq!(m["deployments"], 1);
    assert_eq!(m["changes"], 2); // c1 3d, c2 2d
    assert_eq!(m["leadTimeMedianSeconds"], (3 * DAY + 2 * DAY) / 2);
}

const DEPLOYS_CSV: &str = "\
service,environment,time,version,status,unplanned
payments,production,2026-11-06T00:00:00Z,v1,success,true
payments,production,2026-11-03T00:00:00Z,v1,success,
payments,staging,2026-11-03T12:00:00Z,v2,success,
payments,production,2026-11-05T00:00:00Z,v2,failure,
payments,production,2026-11-05T06:00:00+00:00,v2,success,
payments,production,2026-11-07T00:00:00Z,v2,success,
other,production,2026-11-04T00:00:00Z,v9,success,
";

const DEPLOYS_YAML: &str = "\
- {service: payments, environment: production, time: '2026-11-06T00:00:00Z', version: v1, unplanned: true}
- {service: payments, environment: production, time: '2026-11-03T00:00:00Z', version: v1}
- {service: payments, environment: staging, time: '2026-11-03T12:00:00Z', version: v2}
- {service: payments, environment: production, time: '2026-11-05T00:00:00Z', version: v2, status: failure}
- {service: payments, environment: production, time: '2026-11-05T06:00:00Z', version: v2, status: success}
- {service: payments, environment: production, time: '2026-11-07T00:00:00Z', version: v2}
- {service: other, environment: production, time: '2026-11-04T00:00:00Z', version: v9}
";

const DEPLOYS_JSONL: &str = r#"{"service": "payments", "environment": "production", "time": "2026-11-06T00:00:00Z", "version": "v1", "unplanned": true}
{"service": "payments", "environment": "production", "time": "2026-11-03T00:00:00Z", "version": "v1"}
{"service": "payments", "environment": "staging", "time": "2026-11-03T12:00:00Z", "version": "v2"}
{"service": "payments", "environment": "production", "time": "2026-11-05T00:00:00Z", "version": "v2", "status": "failure"}

{"service": "payments", "environment": "production", "time": "2026-11-05T06:00:00Z", "version": "v2"}
{"service": "payments", "environment": "production", "time": "2026-11-07T00:00:00Z", "version": "v2"}
{"service": "other", "environment": "production", "time": "2026-11-04T00:00:00Z", "version": "v9"}
"#;

#[test]
fn deployment_records_rollbacks_failures_and_redeploys_in_every_format() {
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "2026-11-01T00:00:00Z");
    s.tag("v1", c1, None);
    let c2 = s.commit(&[c1], "c2", "2026-11-02T00:00:00Z");
    s.tag("v2", c2, None);
    let mut seen = Vec::new();
    for (file, text) in [
        ("deploys.csv", DEPLOYS_CSV),
        ("deploys.yaml", DEPLOYS_YAML),
        ("deploys.jsonl", DEPLOYS_JSONL),
    ] {
        s.write(file, text);
        s.write("plat.yaml", &format!("dora:\n  deployments: {file}\n"));
        let report = s.november("payments");
        let m = metrics(&report).clone();
        // Production, out of order in the file: v1 (Nov 3), v2 failed (Nov 5),
        // v2 (Nov 5 06:00), v1 again (a rollback, Nov 6), v2 again (Nov 7).
        assert_eq!(m["deployments"], 5, "{file}");
        assert_eq!(m["successfulDeployments"], 4, "{file}");
        assert_eq!(
            m["deployDaysPerWeek"].as_f64().unwrap(),
            4.0 * 7.0 / 30.0,
            "{file}"
        );
        // c1 with v1 (2d); c2 with the first successful v2 (3d 6h); the
        // rollback and the redeploy bring nothing new; the failure brought nothing.
        assert_eq!(m["changes"], 2, "{file}");
        assert_eq!(
            m["leadTimeMedianSeconds"],
            (2 * DAY + 3 * DAY + 6 * HOUR) / 2,
            "{file}"
        );
        assert_eq!(m["leadTimeP90Seconds"], 3 * DAY + 6 * HOUR, "{file}");
        // The failed deployment: 1 of 5, recovered 6h later by the next success.
        assert_eq!(m["failedDeployments"], 1, "{file}");
        assert_eq!(m["changeFailureRate"], 0.2, "{file}");
        assert_eq!(m["recoveryTimeMedianSeconds"], 6 * HOUR, "{file}");
        // The rollback was unplanned.
        assert_eq!(m["reworkRate"], 0.2, "{file}");
        seen.push(m);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "the three formats agree"
    );
    // Another environment.
    s.write("plat.yaml", "dora:\n  deployments: deploys.csv\n");
    let staging = s.plat(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--env",
        "staging",
        "-o",
        "json",
    ]);
    let staging: Value = serde_json::from_str(&stdout(&staging)).unwrap();
    assert_eq!(metrics(&staging)["deployments"], 1);
    assert_eq!(staging["environment"], "staging");
}

const INCIDENTS: &str = "\
- {id: INC-0, service: payments, opened: '2026-10-31T22:00:00Z', resolved: '2026-11-01T02:00:00Z'}
- {id: INC-1, service: payments, opened: '2026-11-06T00:00:00Z', resolved: '2026-11-06T03:00:00Z'}
- {id: INC-2, service: payments, opened: '2026-11-12T00:00:00Z', resolved: '2026-11-13T00:00:00Z', causedBy: v2}
- {id: INC-4, service: payments, opened: '2026-11-21T00:00:00Z', causedBy: v9}
- {id: INC-3, service: payments, opened: '2026-11-29T12:00:00Z', resolved: '2026-12-03T12:00:00Z'}
- {id: INC-9, service: other, opened: '2026-11-06T00:00:00Z'}
";

#[test]
fn incidents_link_to_deployments_for_failure_rate_recovery_and_rework() {
    let s = Service::new("payments");
    let mut parent = Vec::new();
    for (version, at) in [
        ("v1", "2026-11-01T00:00:00Z"),
        ("v2", "2026-11-05T00:00:00Z"),
        ("v3", "2026-11-10T00:00:00Z"),
        ("v4", "2026-11-20T00:00:00Z"),
        ("v5", "2026-11-22T00:00:00Z"),
    ] {
        let commit = s.commit(&parent, version, at);
        s.tag(version, commit, None);
        parent = vec![commit];
    }
    s.write("incidents.yaml", INCIDENTS);
    s.write("plat.yaml", "dora:\n  incidents: [incidents.yaml]\n");
    let report = s.november("payments");
    let m = metrics(&report);
    // INC-1 (no caused-by) goes to v2, the latest before it; INC-2 names v2;
    // INC-4 names an unknown version, so v4, the latest before it; INC-3
    // goes to v5. INC-0 has no deployment before it.
    assert_eq!(m["deployments"], 5);
    assert_eq!(m["failedDeployments"], 3); // v2, v4, v5
    assert_eq!(m["changeFailureRate"], 0.6);
    // INC-1 3h, INC-2 1d, INC-3 4d (resolved after the window: it counts with v5); INC-4 is open.
    assert_eq!(m["recoveries"], 3);
    assert_eq!(m["unresolvedFailures"], 1);
    assert_eq!(m["recoveryTimeMedianSeconds"], DAY);
    assert_eq!(report["services"][0]["levels"]["recoveryTime"], "medium");
    // v1 went out during INC-0, v5 during INC-4: rework.
    assert_eq!(m["unplannedDeployments"], 2);
    assert_eq!(m["reworkRate"], 0.4);

    // -v says which rule linked each incident.
    let verbose = s.plat(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-v",
    ]);
    let said = stderr(&verbose);
    assert!(
        said.contains("incident INC-2 -> tag v2 (caused-by)"),
        "{said}"
    );
    assert!(
        said.contains("incident INC-1 -> tag v2 (latest successful deployment before it opened)"),
        "{said}"
    );
    assert!(said.contains("incident INC-4 -> tag v4 (caused-by names no deployment; latest successful deployment before it opened)"), "{said}");
    assert!(said.contains("incident INC-0 -> no deployment"), "{said}");
    assert!(
        !said.contains("INC-9"),
        "another service's incident: {said}"
    );
}

#[test]
fn a_window_without_data_says_no_data_never_zero() {
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "2026-11-01T00:00:00Z");
    s.tag("v1", c1, None);
    let output = s.plat(&[
        "dora",
        "payments",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-30",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    for line in table.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells[1], "no data", "{line}");
        assert_eq!(cells[3], "no data", "{line}");
    }
    let json = s.plat(&[
        "dora",
        "payments",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-30",
        "-o",
        "json",
    ]);
    let json: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let m = metrics(&json);
    for key in [
        "deploymentsPerDay",
        "deployDaysPerWeek",
        "leadTimeMedianSeconds",
        "changeFailureRate",
        "recoveryTimeMedianSeconds",
        "reworkRate",
    ] {
        assert_eq!(m[key], Value::Null, "{key}");
    }
    assert_eq!(m["deployments"], 0);
}

#[test]
fn an_owner_rollup_pools_every_change() {
    let tree = Tree::new();
    tree.write("group.yaml", crate::common::group("team-a"));
    let mut config = String::from("dora:\n  services:\n");
    // fast: three changes an hour before their deployment; slow: one, ten hours.
    for (name, owner, changes) in [
        ("fast", "team-a", 3),
        ("slow", "team-a", 1),
        ("elsewhere", "team-b", 1),
    ] {
        tree.write(&format!("{name}/catalog-info.yaml"), component(name, owner));
        let repo = Repository::init(tree.path().join(format!("{name}-repo"))).unwrap();
        let service = Service {
            tree: Tree::new(),
            repo,
        };
        let hours = if name == "fast" { 1 } else { 10 };
        let mut parent = Vec::new();
        for i in 0..changes {
            let commit = service.commit(
                &parent,
                &format!("{name} {i}"),
                &format!("2026-11-10T{:02}:00:00Z", 12 - hours),
            );
            parent = vec![commit];
        }
        service.tag("v1", parent[0], Some("2026-11-10T12:00:00Z"));
        config.push_str(&format!("    {name}: {{repo: {name}-repo}}\n"));
    }
    tree.write("plat.yaml", &config);
    let run = |args: &[&str]| {
        plat()
            .current_dir(tree.path())
            .env_remove("CI")
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&[
        "dora",
        "--owner",
        "team-a",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let names: Vec<&str> = report["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["fast", "slow"]);
    let rollup = &report["rollup"]["metrics"];
    // [1h, 1h, 1h, 10h]: the median of all changes is 1h (a median of the
    // two medians would be 5h 30m).
    assert_eq!(rollup["changes"], 4);
    assert_eq!(rollup["leadTimeMedianSeconds"], HOUR);
    assert_eq!(rollup["deployments"], 2);
    assert_eq!(
        rollup["deployDaysPerWeek"].as_f64().unwrap(),
        7.0 / 30.0,
        "one day with deployments"
    );

    let csv = stdout(&run(&[
        "dora",
        "--owner",
        "group:team-a",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        "csv",
    ]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        reader.headers().unwrap().get(8),
        Some("lead_time_median_seconds")
    );
    let column = |row: &csv::StringRecord, i: usize| row.get(i).unwrap().to_string();
    assert_eq!(
        rows.iter().map(|r| column(r, 0)).collect::<Vec<_>>(),
        ["fast", "slow", "(all)"]
    );
    assert_eq!(column(&rows[2], 8), "3600");
    assert_eq!(column(&rows[1], 8), "36000");
    assert_eq!(
        column(&rows[0], 11),
        "",
        "no recoveries: an empty cell, not 0"
    );

    let all = stdout(&run(&[
        "dora",
        "--all",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        "csv",
    ]));
    assert_eq!(
        all.lines().count(),
        5,
        "header, three services and the rollup: {all}"
    );
    let none = run(&["dora", "--owner", "team-z", "--from", "2026-11-01"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("group:default/team-z owns no Components"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn levels_can_be_overridden_in_plat_yaml() {
    let s = Service::new("payments");
    let c0 = s.commit(&[], "c0", "2026-11-01T00:00:00Z");
    s.tag("v1", c0, Some("2026-11-02T00:00:00Z")); // lead time 1 day
    s.write("plat.yaml", "dora:\n  levels:\n    leadTime: {elite: 2d, high: 1w, medium: 30d}\n    reworkRate: {elite: 1%, high: 2%, medium: 3%}\n");
    let report = s.november("payments");
    assert_eq!(report["services"][0]["levels"]["leadTime"], "elite");
    assert_eq!(report["services"][0]["levels"]["reworkRate"], "elite");
    assert_eq!(report["levels"], "dora-2023 with plat.yaml overrides");

    s.write(
        "plat.yaml",
        "dora:\n  levels:\n    leadTime: {elite: soon, high: 1w, medium: 30d}\n",
    );
    let bad = s.plat(&["dora", "payments"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("dora.levels.leadTime: `soon` is not a duration"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn bad_records_name_the_file_line_and_column() {
    let s = Service::new("payments");
    s.commit(&[], "c0", "2026-11-01T00:00:00Z");
    // Found by fuzzing: keys nested in keys, whose text doubles each level.
    let nested_keys = format!("- {}x{}: 1\n", "{".repeat(40), "}".repeat(40));
    let cases = [
        (
            "d.yaml",
            nested_keys.as_str(),
            "d.yaml:1:32: a mapping key that is itself a mapping or sequence is over 4096 bytes as text",
        ),
        (
            "d.csv",
            "service,time\npayments,2026-11-01T00:00:00Z\npayments,yesterday\n",
            "d.csv:3:10: `time`: `yesterday` is not an RFC 3339 time",
        ),
        (
            "d.csv",
            "service,time\npayments,9999-12-31T23:59:59Z\n",
            "d.csv:2:10: `time`: `9999-12-31T23:59:59Z` is out of range: times must lie between 0001-01-01T00:00:00Z and 9999-12-30T00:00:00Z",
        ),
        (
            "d.jsonl",
            "{\"service\": \"payments\", \"time\": \"2026-11-01T00:00:00Z\"}\n{\"service\": \"payments\", \n",
            "d.jsonl:2:24: not JSON: EOF while parsing a value\n",
        ),
        (
            "d.yaml",
            "- service: payments\n  time: '2026-11-01T00:00:00Z'\n  status: maybe\n",
            "d.yaml:3:3: `status`: `maybe` is not success or failure",
        ),
        (
            "d.yaml",
            "- service: payments\n",
            "d.yaml:1:3: the record has no `time`",
        ),
        (
            "d.txt",
            "",
            "records files end in .yaml, .yml, .jsonl, .ndjson or .csv",
        ),
    ];
    for (file, text, expected) in cases {
        s.write(file, text);
        s.write("plat.yaml", &format!("dora:\n  deployments: {file}\n"));
        let output = s.plat(&["dora", "payments"]);
        assert_eq!(output.status.code(), Some(2), "{file}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{file}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("hint:"), "{}", stderr(&output));
    }
    s.write("plat.yaml", "dora:\n  deployments: missing.csv\n");
    let missing = s.plat(&["dora", "payments"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read") && stderr(&missing).contains("missing.csv"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn the_longest_window_is_measured_and_one_day_more_is_refused() {
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "1971-01-01T00:00:00Z");
    s.tag("v1", c1, Some("1971-01-02T00:00:00Z"));
    let longest = s.plat(&["dora", "payments", "--since", "36500d", "-o", "json"]);
    assert_eq!(longest.status.code(), Some(0), "{}", stderr(&longest));
    let report: Value = serde_json::from_str(&stdout(&longest)).unwrap();
    assert_eq!(metrics(&report)["deployments"], 1, "{report:#}");
    let longer = s.plat(&["dora", "payments", "--since", "36501d"]);
    assert_fails(
        &longer,
        2,
        "invalid value `36501d` for --since: is out of range",
    );
}

#[test]
fn usage_errors_exit_2_and_missing_services_exit_1() {
    let s = Service::new("payments");
    s.commit(&[], "c0", "2026-11-01T00:00:00Z");
    for (args, says) in [
        (&["dora"][..], "<REF>"),
        (&["dora", "payments", "--since", "3y"], "--since"),
        (
            &[
                "dora",
                "payments",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-01",
            ],
            "--from",
        ),
        (&["dora", "payments", "--from", "soon"], "--from"),
        (&["dora", "--all", "--repo", "."], "--repo"),
        (&["dora", "payments", "-o", "xml"], "xml"),
    ] {
        let output = s.plat(args);
        assert_fails(&output, 2, says);
    }
    let missing = s.plat(&["dora", "refunds"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    let no_repo = Tree::new();
    no_repo.write("catalog-info.yaml", component("payments", "team-a"));
    let output = plat()
        .current_dir(no_repo.path())
        .args(["dora", "payments"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("there is no repository"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn charts_and_openmetrics() {
    let s = Service::new("payments");
    let mut parent = Vec::new();
    for (i, day) in [2, 3, 9, 10, 11, 12, 24].iter().enumerate() {
        let commit = s.commit(
            &parent,
            &format!("c{i}"),
            &format!("2026-11-{day:02}T08:00:00Z"),
        );
        s.tag(
            &format!("v{i}"),
            commit,
            Some(&format!("2026-11-{day:02}T10:00:00Z")),
        );
        parent = vec![commit];
    }
    let chart = stdout(&s.plat(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-28",
        "--chart",
    ]));
    // Weeks from Nov 1: 2, 4, 0, 1 deployments; every lead time 2h.
    assert!(chart.contains("Deployments per week\n2026-11-01  ████████████████████ 2\n2026-11-08  ████████████████████████████████████████ 4\n2026-11-15   0\n2026-11-22  ██████████ 1\n"), "{chart}");
    assert!(chart.contains("Change lead time per week (median)\n2026-11-01  ████████████████████████████████████████ 2h\n"), "{chart}");
    assert!(chart.contains("2026-11-15   no data\n"), "{chart}");

    let metrics = stdout(&s.plat(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-28",
        "-o",
        "openmetrics",
    ]));
    assert!(metrics.ends_with("# EOF\n"), "{metrics}");
    assert!(
        metrics
            .contains("plat_dora_deployments{service=\"payments\",environment=\"production\"} 7\n"),
        "{metrics}"
    );
    assert!(metrics.contains("plat_dora_lead_time_median_seconds{service=\"payments\",environment=\"production\"} 7200\n"), "{metrics}");
    assert!(
        !metrics.contains("plat_dora_recovery_time_median_seconds{"),
        "no data, no sample: {metrics}"
    );
    openmetrics_parses(&metrics);
}

/// The Prometheus project's own OpenMetrics parser (prometheus-client on PyPI).
fn openmetrics_parses(text: &str) {
    let python = "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families\nfamilies = list(text_string_to_metric_families(sys.stdin.read()))\nprint(len(families))\n";
    let has_parser = std::process::Command::new("python3")
        .args(["-c", "import prometheus_client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_parser {
        assert!(
            std::env::var("CI").is_err(),
            "prometheus-client (pip) is needed under CI"
        );
        eprintln!("skipped: pip install prometheus-client to check the OpenMetrics output");
        return;
    }
    let mut child = std::process::Command::new("python3")
        .args(["-c", python])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "8");
}

/// A service whose catalog entity points at GitHub and PagerDuty fakes.
pub(crate) fn annotated(s: &Service, annotations: &str, integrations: &str, dora: &str) {
    s.write(
        "catalog-info.yaml",
        &format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n  annotations:\n{annotations}spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
        ),
    );
    s.write(
        "plat.yaml",
        &format!("integrations:\n{integrations}dora:\n{dora}"),
    );
}

#[test]
fn github_deployments_pull_requests_and_incident_issues() {
    use crate::dora_servers::github_dora;
    let github = github_dora("ghp_dora_secret");
    let s = Service::new("payments");
    let c0 = s.commit(&[], "c0", "2026-09-10T00:00:00Z");
    // A squash merge: the commit is made at merge time; the pull request's
    // first commit was two days earlier.
    let c1 = s.commit(&[c0], "squash #7", "2026-11-05T12:00:00Z");
    let c2 = s.commit(&[c1], "c2", "2026-11-07T00:00:00Z");
    let repo = "acme/payments";
    github.add_repo(repo);
    github.add_deployment(
        repo,
        1,
        &c0.to_string(),
        "production",
        "2026-09-20T00:00:00Z",
        &[("success", "2026-09-20T00:05:00Z")],
    );
    github.add_deployment(
        repo,
        2,
        &c1.to_string(),
        "production",
        "2026-11-06T00:00:00Z",
        &[
            ("in_progress", "2026-11-06T00:00:00Z"),
            ("success", "2026-11-06T00:10:00Z"),
            ("inactive", "2026-11-08T01:05:00Z"),
        ],
    );
    github.add_deployment(
        repo,
        3,
        &c2.to_string(),
        "production",
        "2026-11-08T00:00:00Z",
        &[("failure", "2026-11-08T00:05:00Z")],
    );
    github.add_deployment(
        repo,
        4,
        &c2.to_string(),
        "production",
        "2026-11-08T01:00:00Z",
        &[("success", "2026-11-08T01:05:00Z")],
    );
    github.add_deployment(
        repo,
        5,
        &c2.to_string(),
        "staging",
        "2026-11-07T12:00:00Z",
        &[("success", "2026-11-07T12:05:00Z")],
    );
    github.add_deployment(
        repo,
        6,
        &c2.to_string(),
        "production",
        "2026-11-09T00:00:00Z",
        &[("queued", "2026-11-09T00:00:00Z")],
    );
    github.add_pull(
        repo,
        7,
        Some("2026-11-05T12:00:00Z"),
        Some(&c1.to_string()),
        "2026-11-05T12:00:00Z",
        &[
            ("aaa", "2026-11-03T12:00:00Z"),
            ("bbb", "2026-11-04T12:00:00Z"),
        ],
    );
    // 150 closed, unmerged pull requests updated later: #7 is on page 2.
    for n in 100..250 {
        github.add_pull(repo, n, None, None, "2026-11-20T00:00:00Z", &[]);
    }
    let short = &c2.to_string()[..8];
    github.add_issue(
        repo,
        50,
        &["incident"],
        "2026-11-08T02:00:00Z",
        Some("2026-11-08T06:00:00Z"),
        &format!("Payments down.\nCaused-by: {short}\n"),
    );
    github.add_issue_pr(
        repo,
        51,
        &["incident"],
        "2026-11-08T03:00:00Z",
        None,
        "a fix",
    );
    github.add_issue(
        repo,
        52,
        &["bug"],
        "2026-11-08T03:00:00Z",
        None,
        "not an incident",
    );
    annotated(
        &s,
        "    github.com/project-slug: acme/payments\n",
        &format!(
            "  github:\n    apiBaseUrl: {}\n    token: env:DORA_GITHUB_TOKEN\n",
            github.api()
        ),
        "  deployments: github\n  incidents: [github]\n",
    );
    github.secondary_limit_once("/repos/acme/payments/deployments");
    let run = |args: &[&str]| {
        plat()
            .current_dir(s.tree.path())
            .env("DORA_GITHUB_TOKEN", "ghp_dora_secret")
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&[
        "dora",
        "payments",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        "json",
        "-v",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stdout(&output).contains("ghp_dora_secret")
            && !stderr(&output).contains("ghp_dora_secret")
    );
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let m = metrics(&report);
    // Production: #2 (live at 00:10), #3 failed, #4; #6 never went live.
    assert_eq!(m["deployments"], 3);
    assert_eq!(m["successfulDeployments"], 2);
    // c1 from the pull request's first commit: 2d 12h 10m; c2: 1d 1h 5m.
    assert_eq!(m["changes"], 2);
    assert_eq!(
        m["leadTimeMedianSeconds"],
        ((2 * DAY + 12 * HOUR + 600) + (DAY + HOUR + 300)) / 2
    );
    // #3 failed (recovered by #4 an hour later); #4 caused issue #50 (4h).
    assert_eq!(m["changeFailureRate"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(m["recoveryTimeMedianSeconds"], (HOUR + 4 * HOUR) / 2);
    assert!(
        stderr(&output).contains("incident acme/payments#50 -> GitHub deployment 4 (caused-by)"),
        "{}",
        stderr(&output)
    );
    let requests = github.requests();
    let first_page = requests
        .iter()
        .filter(|r| r.starts_with("GET /repos/acme/payments/deployments?"))
        .count();
    assert_eq!(first_page, 2, "the 429 was retried: {requests:?}");
    assert!(
        requests
            .iter()
            .any(|r| r.starts_with("GET /repos/acme/payments/pulls?") && r.contains("page=2")),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r == "GET /repos/acme/payments/pulls/7/commits?per_page=100"),
        "{requests:?}"
    );

    // A wrong token: exit 2, and what to do.
    let wrong = plat()
        .current_dir(s.tree.path())
        .env("DORA_GITHUB_TOKEN", "ghp_wrong")
        .args(["dora", "payments"])
        .output()
        .unwrap();
    refused(
        &wrong,
        2,
        &["401 Unauthorized: Bad credentials", "$DORA_GITHUB_TOKEN"],
        "ghp_wrong",
    );
    // The rate limit used up: exit 1, and when it resets.
    github.exhaust_rate_limit();
    let limited = run(&["dora", "payments"]);
    assert_fails(&limited, 1, "GitHub's API rate limit is used up until");
}

#[test]
fn pagerduty_incidents_are_paged_and_filtered_by_service() {
    use crate::dora_servers::pagerduty_incidents;
    let pagerduty = pagerduty_incidents("pd_dora_secret");
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "2026-11-01T00:00:00Z");
    s.tag("v1", c1, Some("2026-11-02T00:00:00Z"));
    let c2 = s.commit(&[c1], "c2", "2026-11-09T00:00:00Z");
    s.tag("v2", c2, Some("2026-11-10T00:00:00Z"));
    // One open since Nov 3 (v1's), then 101 after v2, each resolved in 30 minutes.
    pagerduty.add_incident("POPEN", "PSVC1", "2026-11-03T00:00:00Z", None, "still open");
    for i in 0..101 {
        let opened = jiff::Timestamp::from_second(1_794_355_200 + i * 600).unwrap(); // 2026-11-11T00:00Z onwards
        let resolved = opened + jiff::SignedDuration::from_mins(30);
        pagerduty.add_incident(
            &format!("P{i:03}"),
            "PSVC1",
            &opened.to_string(),
            Some(&resolved.to_string()),
            "flaky",
        );
    }
    pagerduty.add_incident(
        "POTHER",
        "PSVC2",
        "2026-11-11T00:00:00Z",
        Some("2026-11-12T00:00:00Z"),
        "someone else's",
    );
    annotated(
        &s,
        "    pagerduty.com/service-id: PSVC1\n",
        &format!(
            "  pagerduty:\n    apiBaseUrl: {}\n    token: env:DORA_PD_TOKEN\n",
            pagerduty.api()
        ),
        "  tags: v*\n",
    );
    pagerduty.rate_limit_once();
    let run = |token: &str| {
        plat()
            .current_dir(s.tree.path())
            .env("DORA_PD_TOKEN", token)
            .args([
                "dora",
                "payments",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "-o",
                "json",
            ])
            .output()
            .unwrap()
    };
    let output = run("pd_dora_secret");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let m = metrics(&report);
    assert_eq!(m["failedDeployments"], 2, "v1 (the open incident) and v2");
    assert_eq!(m["recoveries"], 101);
    assert_eq!(m["unresolvedFailures"], 1);
    assert_eq!(m["recoveryTimeMedianSeconds"], 30 * 60);
    // v2 went out while the Nov 3 incident was open.
    assert_eq!(m["reworkRate"], 0.5);
    let requests = pagerduty.requests();
    let pages: Vec<&String> = requests
        .iter()
        .filter(|r| r.starts_with("GET /incidents?"))
        .collect();
    assert_eq!(pages.len(), 3, "a 429, then two pages: {pages:?}");
    assert!(pages[2].contains("offset=100"), "{pages:?}");
    assert!(pages[0].contains("service_ids%5B%5D=PSVC1"), "{pages:?}");

    let wrong = run("pd_wrong");
    refused(
        &wrong,
        2,
        &[
            "PagerDuty incidents of service PSVC1: HTTP 401",
            "$DORA_PD_TOKEN",
        ],
        "pd_wrong",
    );
}

#[test]
fn on_a_terminal_a_titled_table_and_a_spinner_not_a_bar() {
    let Some(script) = crate::common::script() else {
        return;
    };
    let s = Service::new("payments");
    let c1 = s.commit(&[], "c1", "2026-11-01T00:00:00Z");
    s.tag("v1", c1, Some("2026-11-02T00:00:00Z"));
    let command = format!(
        "{} -C {} dora payments --from 2026-11-01 --to 2026-11-30 --color never",
        assert_cmd::cargo::cargo_bin("plat").display(),
        s.tree.path().display()
    );
    let output = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .env_remove("CI")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("production · 2026-11-01 00:00 UTC → 2026-12-01 00:00 UTC (30 days), compared with the 30 days before"), "{text}");
    assert!(
        text.contains("METRIC                            VALUE"),
        "{text}"
    );
    assert!(
        text.contains("Change lead time (median)         1d"),
        "{text}"
    );
    assert!(
        !text.contains("0/0"),
        "a spinner, not an empty progress bar: {text}"
    );
}
