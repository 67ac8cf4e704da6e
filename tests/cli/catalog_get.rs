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

/// The document's keys in the order its file has them, with what the
/// catalog adds after what was written: a defaulted `namespace` right after
/// `name`, the location annotations at the end of `annotations`, and
/// `relations` at the end of the entity.
fn written_order(entity: &Value) -> (Vec<String>, Vec<String>, Vec<String>) {
    let location = entity["metadata"]["annotations"]["backstage.io/managed-by-location"]
        .as_str()
        .unwrap();
    let file = std::fs::read_to_string(location.strip_prefix("file:").unwrap()).unwrap();
    let written: Value = file
        .split("\n---")
        .filter_map(|d| serde_norway::from_str::<Value>(d).ok())
        .find(|d| {
            d["kind"] == entity["kind"] && d["metadata"]["name"] == entity["metadata"]["name"]
        })
        .unwrap_or_else(|| panic!("{location} has no {}", entity["metadata"]["name"]));
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut root = keys(&written);
    root.push("relations".into());
    let mut metadata = keys(&written["metadata"]);
    if !metadata.contains(&"namespace".to_string()) {
        let after_name = metadata.iter().position(|k| k == "name").unwrap() + 1;
        metadata.insert(after_name, "namespace".into());
    }
    if !metadata.contains(&"annotations".to_string()) {
        metadata.push("annotations".into());
    }
    let mut annotations = keys(&written["metadata"]["annotations"]);
    for added in [
        "backstage.io/managed-by-location",
        "backstage.io/managed-by-origin-location",
    ] {
        if !annotations.iter().any(|k| k == added) {
            annotations.push(added.into());
        }
    }
    (root, metadata, annotations)
}

fn shown_order(entity: &Value) -> (Vec<String>, Vec<String>, Vec<String>) {
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    (
        keys(entity),
        keys(&entity["metadata"]),
        keys(&entity["metadata"]["annotations"]),
    )
}

/// `get` and `ls`, in YAML and JSON, show every entity's keys in the order
/// its file has them (README: "Keys are shown in the order they were written").
#[test]
fn keys_keep_the_order_of_the_file() {
    let yaml = stdout(get(&["payments-service"]).success().get_output());
    let json = stdout(
        get(&["payments-service", "-o", "json"])
            .success()
            .get_output(),
    );
    let from_yaml: Value = serde_norway::from_str(&yaml).unwrap();
    let from_json: Value = serde_json::from_str(&json).unwrap();
    let (_, metadata, _) = shown_order(&from_yaml);
    assert_eq!(metadata[..4], ["name", "namespace", "title", "description"]);
    for entity in [&from_yaml, &from_json] {
        assert_eq!(shown_order(entity), written_order(entity), "{entity}");
    }

    let ls = |format: &str| {
        let output = plat()
            .arg("-C")
            .arg(acme())
            .args(["catalog", "ls", "-o", format])
            .output()
            .unwrap();
        stdout(&output)
    };
    let listed: Vec<Value> = serde_json::from_str(&ls("json")).unwrap();
    let documents: Vec<Value> = ls("yaml")
        .split("\n---")
        .filter_map(|d| serde_norway::from_str::<Value>(d).ok())
        .filter(|d| d.is_object())
        .collect();
    assert!(listed.len() > 50 && documents.len() == listed.len());
    for entity in listed.iter().chain(&documents) {
        assert_eq!(shown_order(entity), written_order(entity), "{entity}");
    }
}
