//! `plat catalog get <ref>`.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Tree, acme, component, plat, stdout};

fn get(args: &[&str]) -> assert_cmd::assert::Assert {
    plat()
        .arg("-C")
        .arg(acme())
        .args(["catalog", "get"])
        .args(args)
        .assert()
}

#[test]
fn yaml_with_relations_and_source_by_default() {
    let output = get(&["payments-service"]).success().get_output().clone();
    let text = stdout(&output);
    assert!(
        text.starts_with("# source: services/payments-service/catalog-info.yaml:"),
        "{text}"
    );
    let entity: Value = serde_norway::from_str(&text).unwrap();
    assert_eq!(entity["kind"], "Component");
    assert!(
        entity["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "ownedBy")
    );
    insta::assert_snapshot!(text.replace(&acme().display().to_string(), "[ACME]"));
}

#[test]
fn json_and_every_ref_form() {
    let by_name = stdout(
        get(&["payments-service", "-o", "json"])
            .success()
            .get_output(),
    );
    for reference in [
        "component:payments-service",
        "component:default/payments-service",
        "default/payments-service",
        "Component:Default/Payments-Service",
    ] {
        assert_eq!(
            stdout(get(&[reference, "-o", "json"]).success().get_output()),
            by_name,
            "{reference}"
        );
    }
    let entity: Value = serde_json::from_str(&by_name).unwrap();
    assert_eq!(entity["metadata"]["name"], "payments-service");
}

#[test]
fn not_found_exits_one_with_suggestions() {
    get(&["payment-service"])
        .code(1)
        .stderr(predicate::str::contains(
            "error: no entity `payment-service` in the catalog",
        ))
        .stderr(predicate::str::contains(
            "component:default/payments-service",
        ));
}

#[test]
fn ambiguous_names_list_the_candidates() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!(
            "{}---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: svc\nspec:\n  type: openapi\n  lifecycle: production\n  owner: a\n  definition: x\n",
            component("svc", "a")
        ),
    );
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "get", "svc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`svc` matches 2 entities"))
        .stderr(predicate::str::contains(
            "api:default/svc, component:default/svc",
        ));
}

#[test]
fn malformed_refs_are_usage_errors() {
    get(&["component:"])
        .code(2)
        .stderr(predicate::str::contains("[kind:][namespace/]name"));
}
