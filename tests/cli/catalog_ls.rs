//! `plat catalog ls` on the demo catalog: formats, filters, order.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Tree, acme, component, plat, stderr, stdout};

fn ls(args: &[&str]) -> std::process::Output {
    let output = plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "ls"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

fn names(args: &[&str]) -> Vec<String> {
    let mut all = vec!["-o", "name"];
    all.extend_from_slice(args);
    stdout(&ls(&all)).lines().map(str::to_string).collect()
}

/// Absolute paths differ per machine: replace the fixture root.
fn redact(text: &str) -> String {
    text.replace(&acme().display().to_string(), "[ACME]")
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!(stdout(&ls(&["-o", "table"])));
}

#[test]
fn wide_adds_namespace_tags_and_source() {
    let text = stdout(&ls(&[
        "-o",
        "wide",
        "--kind",
        "component",
        "--system",
        "billing-platform",
    ]));
    insta::assert_snapshot!(text);
    assert!(text.lines().next().unwrap().contains("NAMESPACE"));
}

#[test]
fn without_a_terminal_the_default_is_tab_separated_without_header() {
    let text = stdout(&ls(&["--kind", "system"]));
    let first = text.lines().next().unwrap();
    assert!(!first.contains("NAME"));
    assert_eq!(first.split('\t').count(), 6, "{first}");
}

#[test]
fn name_output_is_one_ref_per_line_in_order() {
    let all = names(&[]);
    assert!(
        all.len() >= 45,
        "the demo catalog has at least 45 entities, got {}",
        all.len()
    );
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted);
    assert!(all.contains(&"component:default/payments-service".to_string()));
    assert_eq!(names(&[]), all, "deterministic");
}

#[test]
fn json_is_entities_with_relations_as_the_catalog_api_returns_them() {
    let entities: Vec<Value> = serde_json::from_str(&stdout(&ls(&["-o", "json"]))).unwrap();
    let payments = entities
        .iter()
        .find(|e| e["metadata"]["name"] == "payments-service")
        .unwrap();
    assert_eq!(payments["metadata"]["namespace"], "default");
    let relations: Vec<(String, String)> = payments["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                r["targetRef"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        ("ownedBy", "group:default/payments"),
        ("partOf", "system:default/billing-platform"),
        ("providesApi", "api:default/payments-api"),
        ("dependsOn", "resource:default/postgres-payments"),
        ("dependsOn", "component:default/stripe-integration"),
        ("dependsOn", "resource:default/payments-kafka-topic"),
    ] {
        assert!(
            relations.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {relations:?}"
        );
    }
    let team = entities
        .iter()
        .find(|e| e["kind"] == "Group" && e["metadata"]["name"] == "payments")
        .unwrap();
    assert!(
        team["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "ownerOf"
                && r["targetRef"] == "component:default/payments-service")
    );
    let api = entities
        .iter()
        .find(|e| e["metadata"]["name"] == "payments-api")
        .unwrap();
    assert!(
        api["spec"]["definition"]
            .as_str()
            .unwrap()
            .contains("openapi"),
        "$text was substituted"
    );
    assert!(
        api["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "apiProvidedBy")
    );
}

#[test]
fn yaml_is_a_stream_of_documents_with_their_source() {
    let text = stdout(&ls(&["-o", "yaml", "--kind", "domain"]));
    assert!(text.starts_with("---\n# source: "));
    let docs: Vec<Value> = serde_norway::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    assert!(!docs.is_empty());
    assert!(docs.iter().all(|d| d["kind"] == "Domain"));
    insta::assert_snapshot!(redact(&text));
}

#[test]
fn shortcut_filters() {
    assert!(
        names(&["--kind", "api"])
            .iter()
            .all(|n| n.starts_with("api:"))
    );
    let two = names(&["--kind", "api,resource"]);
    assert!(
        two.iter().any(|n| n.starts_with("api:")) && two.iter().any(|n| n.starts_with("resource:"))
    );
    assert!(
        names(&["--kind", "API", "--kind", "Resource"]) == two,
        "repeated = comma, any case"
    );
    let owned = names(&["--owner", "payments"]);
    assert!(owned.contains(&"component:default/payments-service".to_string()));
    assert!(owned.contains(&"resource:default/postgres-payments".to_string()));
    assert_eq!(names(&["--owner", "group:default/payments"]), owned);
    let billing = names(&["--system", "billing-platform", "--kind", "component"]);
    assert!(billing.contains(&"component:default/stripe-integration".to_string()));
    assert!(billing.iter().all(|n| n.starts_with("component:")));
    assert!(
        names(&["--type", "service"]).contains(&"component:default/payments-service".to_string())
    );
    assert!(!names(&["--lifecycle", "experimental"]).is_empty());
    assert!(
        names(&["--lifecycle", "experimental"])
            .iter()
            .all(|n| !n.contains("payments-service"))
    );
    assert!(names(&["--tag", "go"]).contains(&"component:default/payments-service".to_string()));
}

#[test]
fn backstage_filter_expressions() {
    let services = names(&["--filter", "kind=component,spec.type=service"]);
    assert!(services.iter().all(|n| n.starts_with("component:")));
    let with_apis = names(&[
        "--filter",
        "kind=component,spec.type=service",
        "--filter",
        "kind=api",
    ]);
    assert!(with_apis.len() > services.len());
    assert!(with_apis.iter().any(|n| n.starts_with("api:")));
    let documented = names(&["--filter", "metadata.annotations.backstage.io/techdocs-ref"]);
    assert!(documented.contains(&"component:default/payments-service".to_string()));
    let owned = names(&["--filter", "relations.ownedby=group:default/payments"]);
    assert_eq!(owned, names(&["--owner", "payments"]));
    assert_eq!(
        names(&["--filter", "metadata.tags=go", "--kind", "component"]),
        names(&["--tag", "go", "--kind", "component"])
    );
}

#[test]
fn bad_filters_are_usage_errors() {
    plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "ls", "--filter", "=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--filter"));
    plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "ls", "--owner", "group:"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--owner"));
}

#[test]
fn invalid_documents_are_left_out_with_one_line_on_stderr() {
    let tree = Tree::new();
    tree.write("a/catalog-info.yaml", component("ok", "team-a"));
    tree.write(
        "b/catalog-info.yaml",
        format!(
            "{}---\n{}",
            component("bad name", "team-a"),
            component("Also Bad", "x")
        ),
    );
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "component:default/ok\n");
    assert_eq!(
        stderr(&output),
        "warning: 2 documents left out: they fail validation; run `plat catalog validate` to see why\n"
    );
}

const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: NAME\nspec:\n  type: service\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n";

const SKELETON_ENTITY: &str = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: ${{ values.owner }}\n";

/// Skeleton directories of templates plat knows are not catalog sources:
/// a template.yaml the search meets, or a Template entity in the catalog
/// (read later, through a Location); a path given to a skeleton is read.
#[test]
fn template_skeletons_are_not_catalog_sources_unless_named() {
    let tree = Tree::new();
    tree.write("services/a/catalog-info.yaml", component("a", "team-a"));
    tree.write(
        "templates/svc/template.yaml",
        TEMPLATE.replace("NAME", "svc"),
    );
    tree.write("templates/svc/skeleton/catalog-info.yaml", SKELETON_ENTITY);
    // A Template entity the root file names, in a file the search does not pick up.
    tree.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets: [./other/web-template.yaml]\n",
    );
    tree.write("other/web-template.yaml", TEMPLATE.replace("NAME", "web"));
    tree.write("other/skeleton/catalog-info.yaml", SKELETON_ENTITY);
    let listed = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(listed.status.code(), Some(0));
    assert_eq!(stderr(&listed), "", "no documents left out");
    assert_eq!(
        stdout(&listed),
        "component:default/a\nlocation:default/templates\ntemplate:default/web\n"
    );
    let (code, findings, entities) = crate::bad_input::validate(&tree, &[]);
    assert_eq!((code, entities), (0, 3), "{findings:#?}");
    assert!(
        !format!("{findings:?}").contains("skeleton"),
        "{findings:#?}"
    );

    // Named, a skeleton is read as asked: its file, or the skeleton itself.
    for named in [
        "templates/svc/skeleton/catalog-info.yaml",
        "templates/svc/skeleton",
        "other/skeleton/catalog-info.yaml",
    ] {
        let output = plat()
            .arg("-C")
            .arg(tree.path())
            .args(["catalog", "validate", named])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{named}");
        assert!(
            stdout(&output).contains("metadata.name \"${{ values.name }}\" is not valid"),
            "{named}: {}",
            stdout(&output)
        );
    }
}

/// The README's `--filter` examples, run from the repository root as they
/// are written: no skeleton, fixture or warning gets in the way.
#[test]
fn the_readme_filter_examples_run_cleanly_from_the_repository_root() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("plat catalog ls --filter"))
        .collect();
    assert_eq!(examples.len(), 4, "{examples:#?}");
    for example in examples {
        let args: Vec<&str> = example.split_whitespace().skip(1).collect();
        let output = plat().current_dir(root).args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{example}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{example}");
        assert!(!stdout(&output).is_empty(), "{example} lists something");
    }
}
