//! `plat deps`: fixture graphs with known answers, every output format
//! (dot checked by Graphviz, mermaid by Mermaid's own parser), impact and
//! the catalog-wide check.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{Tree, acme, fixtures, plat, stderr, stdout, tool, which};

fn graphs() -> PathBuf {
    fixtures().join("graphs")
}

fn deps(dir: &Path, args: &[&str]) -> std::process::Output {
    plat()
        .arg("-C")
        .arg(dir)
        .arg("deps")
        .args(args)
        .output()
        .unwrap()
}

fn tree(args: &[&str]) -> String {
    let output = deps(&graphs(), args);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    serde_json::from_str(&tree(&all)).unwrap()
}

fn edges(graph: &Value) -> Vec<(String, String, String)> {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_diamond_shows_the_shared_node_once_then_marks_it() {
    let text = tree(&["diamond-a"]);
    assert_eq!(
        text,
        "component:diamond-a [team, production]\n\
         ├── dependsOn component:diamond-b [team, production]\n\
         │   └── dependsOn component:diamond-d [team, production]\n\
         └── dependsOn component:diamond-c [team, production]\n    \
         └── dependsOn component:diamond-d [team, production] (*)\n"
    );
    let graph = json(&["diamond-a"]);
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(
        edges(&graph).len(),
        4,
        "both edges into the shared node are there"
    );
}

#[test]
fn cycles_and_self_loops_are_marked() {
    assert!(
        tree(&["cycle-x"])
            .ends_with("└── dependsOn component:cycle-x [team, production] (cycle)\n")
    );
    assert!(
        tree(&["self-loop"])
            .ends_with("└── dependsOn component:self-loop [team, production] (cycle)\n")
    );
    let graph = json(&["cycle-x"]);
    let back = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "component:default/cycle-x")
        .unwrap();
    assert_eq!(back["cycle"], true);
}

#[test]
fn missing_targets_are_shown_as_missing() {
    assert!(tree(&["missing-dep"]).ends_with("└── dependsOn resource:not-there (missing)\n"));
    let graph = json(&["missing-dep"]);
    let missing = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["ref"] == "resource:default/not-there")
        .unwrap();
    assert_eq!(missing["missing"], true);
}

#[test]
fn consumed_apis_lead_to_the_components_that_provide_them() {
    let graph = json(&["consumer"]);
    assert_eq!(
        edges(&graph),
        [
            (
                "component:default/consumer".into(),
                "api:default/provided-api".into(),
                "consumesApi".into()
            ),
            (
                "api:default/provided-api".into(),
                "component:default/provider".into(),
                "apiProvidedBy".into()
            ),
            (
                "component:default/provider".into(),
                "resource:default/provider-db".into(),
                "dependsOn".into()
            ),
        ]
    );
    // And in reverse: who is hit when the provider fails.
    let reverse = json(&["provider", "--reverse"]);
    assert_eq!(reverse["direction"], "dependents");
    assert_eq!(
        edges(&reverse),
        [
            (
                "component:default/provider".into(),
                "api:default/provided-api".into(),
                "providesApi".into()
            ),
            (
                "api:default/provided-api".into(),
                "component:default/consumer".into(),
                "apiConsumedBy".into()
            ),
        ]
    );
}

#[test]
fn cross_namespace_references_keep_their_namespace() {
    assert_eq!(
        tree(&["edge/cross-1"]),
        "component:edge/cross-1 [team, production]\n└── dependsOn component:other/cross-2 [team, production]\n"
    );
}

#[test]
fn depth_limits_the_levels() {
    let text = tree(&["chain-1", "--depth", "2"]);
    assert!(
        text.contains("chain-3") && !text.contains("chain-4"),
        "{text}"
    );
    assert_eq!(
        tree(&["chain-1", "--depth", "0"]),
        "component:chain-1 [team, production]\n"
    );
}

#[test]
fn other_relations_on_request() {
    let text = tree(&["team", "--relations", "ownerOf"]);
    assert!(text.starts_with("group:team [-, -]\n"), "{text}");
    assert!(text.contains("ownerOf component:diamond-a"));
    let bad = deps(&graphs(), &["team", "--relations", "ownedby,likes"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("invalid value `likes` for --relations"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn dot_output_is_accepted_by_graphviz() {
    let Some(dot) = tool("dot", "graphviz (dot)") else {
        return;
    };
    for args in [
        vec!["diamond-a"],
        vec!["cycle-x"],
        vec!["missing-dep"],
        vec!["consumer"],
    ] {
        let mut all = args.clone();
        all.extend(["-o", "dot"]);
        let text = tree(&all);
        let dir = Tree::new();
        dir.write("g.dot", &text);
        let svg = Command::new(&dot)
            .arg("-Tsvg")
            .arg(dir.path().join("g.dot"))
            .output()
            .unwrap();
        assert!(
            svg.status.success(),
            "dot refused:\n{text}\n{}",
            String::from_utf8_lossy(&svg.stderr)
        );
        assert!(String::from_utf8_lossy(&svg.stdout).contains("<svg"));
    }
    let acme_dot = stdout(&deps(&acme(), &["payments-service", "-o", "dot"]));
    let dir = Tree::new();
    dir.write("acme.dot", &acme_dot);
    assert!(
        Command::new(&dot)
            .arg("-Tsvg")
            .arg(dir.path().join("acme.dot"))
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn mermaid_output_is_accepted_by_mermaids_parser() {
    let text = tree(&["consumer", "-o", "mermaid"]);
    insta::assert_snapshot!(text);
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/mermaid-parse/run");
    if which("node").is_none() || which("npm").is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "node and npm are needed under CI"
        );
        eprintln!("skipped: node is not installed");
        return;
    }
    for (name, text) in [
        ("consumer", text),
        ("missing", tree(&["missing-dep", "-o", "mermaid"])),
        ("cycle", tree(&["cycle-x", "-o", "mermaid"])),
        (
            "acme",
            stdout(&deps(
                &acme(),
                &["payments-service", "--reverse", "-o", "mermaid"],
            )),
        ),
    ] {
        let dir = Tree::new();
        dir.write("g.mmd", &text);
        let parsed = Command::new(&tool)
            .arg(dir.path().join("g.mmd"))
            .output()
            .unwrap();
        assert!(
            parsed.status.success(),
            "{name}: Mermaid refused:\n{text}\n{}",
            String::from_utf8_lossy(&parsed.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&parsed.stdout).trim(),
            "flowchart-v2"
        );
    }
}

#[test]
fn impact_summarises_dependents_with_paths() {
    let output = deps(&acme(), &["payments-service", "--impact"]);
    assert!(output.status.success());
    insta::assert_snapshot!(stdout(&output));
    let impact: Value = serde_json::from_str(&stdout(&deps(
        &acme(),
        &["payments-service", "--impact", "-o", "json"],
    )))
    .unwrap();
    assert_eq!(impact["by_lifecycle"]["production"], 3);
    assert_eq!(impact["by_lifecycle"]["experimental"], 1);
    let dependents = impact["dependents"].as_array().unwrap();
    assert_eq!(
        dependents.last().unwrap()["ref"],
        "component:default/payments-sdk",
        "production first"
    );
    let checkout = dependents
        .iter()
        .find(|d| d["ref"] == "component:default/checkout-web")
        .unwrap();
    assert_eq!(
        checkout["path"],
        serde_json::json!([
            "component:default/checkout-web",
            "api:default/payments-api",
            "component:default/payments-service"
        ])
    );
    assert_eq!(
        checkout["relations"],
        serde_json::json!(["consumesApi", "apiProvidedBy"])
    );
}

#[test]
fn the_tree_on_the_demo_catalog() {
    insta::assert_snapshot!(stdout(&deps(&acme(), &["payments-service"])));
}

#[test]
fn check_finds_dangling_references_cycles_and_lifecycle_problems() {
    let output = deps(&graphs(), &["--check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["entity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [
            ("dependency-cycle", "component:default/cycle-x"),
            ("dependency-cycle", "component:default/self-loop"),
            ("missing-reference", "component:default/missing-dep"),
            ("lifecycle", "component:default/prod-svc"),
            ("lifecycle", "component:default/prod-svc"),
        ]
    );
    let cycle = &report["findings"][0];
    assert_eq!(
        cycle["message"],
        "dependency cycle: component:default/cycle-x -> component:default/cycle-y -> component:default/cycle-z -> component:default/cycle-x"
    );
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "error" && f["line"].as_u64().unwrap() > 1)
    );
}

#[test]
fn check_can_be_limited_to_entities_and_printed_for_people_and_github() {
    let clean = deps(&graphs(), &["--check", "diamond-a", "consumer"]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(
        stderr(&clean).contains("no dependency problems (2 of 24 entities)"),
        "{}",
        stderr(&clean)
    );
    let human = deps(&graphs(), &["--check", "cycle-y"]);
    assert_eq!(human.status.code(), Some(1));
    assert!(
        stdout(&human)
            .starts_with("error[dependency-cycle]: dependency cycle: component:default/cycle-x"),
        "{}",
        stdout(&human)
    );
    let github = deps(&graphs(), &["--check", "prod-svc", "--format", "github"]);
    assert!(
        stdout(&github).starts_with("::error file=catalog-info.yaml,line="),
        "{}",
        stdout(&github)
    );
}

#[test]
fn usage_errors() {
    assert_eq!(deps(&graphs(), &[]).status.code(), Some(2));
    assert_eq!(deps(&graphs(), &["a", "b"]).status.code(), Some(2));
    assert_eq!(
        deps(&graphs(), &["diamond-a", "--check", "--reverse"])
            .status
            .code(),
        Some(2)
    );
    let missing = deps(&graphs(), &["no-such-thing"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no entity `no-such-thing`"));
}
