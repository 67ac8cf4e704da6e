//! `plat catalog validate`: every rule, every format, exit codes, Location
//! following and placeholders.

use predicates::prelude::*;
use serde_json::Value;

use crate::bad_input::{only, validate};
use crate::common::{Tree, component, group, plat, stdout};

fn entity(kind: &str, name: &str, spec: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec}"
    )
}

#[test]
fn a_clean_catalog_exits_zero() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!("{}---\n{}", component("svc", "team-a"), group("team-a")),
    );
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no problems (2 documents in 1 file)")
    );
}

#[test]
fn backstage_rules_are_errors_with_positions() {
    let cases: &[(&str, &str, &str, (u64, u64))] = &[
        (
            "bad name",
            &component("bad name", "team-a"),
            "field-format",
            (4, 3),
        ),
        (
            "namespace",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n  namespace: Acme.Corp\nspec:\n  type: team\n  children: []\n",
            "field-format",
            (5, 3),
        ),
        (
            "unknown kind",
            &entity("Service", "x", "  type: service\n"),
            "unknown-kind",
            (2, 1),
        ),
        (
            "missing owner",
            &entity(
                "Component",
                "x",
                "  type: service\n  lifecycle: production\n",
            ),
            "schema",
            (5, 1),
        ),
        (
            "foreign root field",
            &format!("{}links: []\n", component("x", "team-a")),
            "envelope",
            (9, 1),
        ),
        (
            "bad tag",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n  tags: [ok, Go Lang]\nspec:\n  type: team\n  children: []\n",
            "field-format",
            (5, 14),
        ),
        (
            "bad link",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n  links:\n    - url: not a url\nspec:\n  type: team\n  children: []\n",
            "field-format",
            (6, 7),
        ),
        (
            "annotation not a string",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n  annotations:\n    acme.io/cost-center: 42\nspec:\n  type: team\n  children: []\n",
            "field-format",
            (6, 5),
        ),
        (
            "missing metadata",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nspec: {}\n",
            "envelope",
            (1, 1),
        ),
        (
            "list where a string is needed",
            &entity(
                "API",
                "x",
                "  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: [a]\n",
            ),
            "schema",
            (9, 3),
        ),
    ];
    for (name, text, rule, (line, column)) in cases {
        let tree = Tree::new();
        tree.write("catalog-info.yaml", text);
        let (code, findings, entities) = validate(&tree, &[]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(entities, 0, "{name}: an invalid document is not an entity");
        let f = findings
            .iter()
            .find(|f| f["rule"] == *rule)
            .unwrap_or_else(|| panic!("{name}: {findings:#?}"));
        assert_eq!(f["severity"], "error", "{name}");
        assert_eq!(
            (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()),
            (*line, *column),
            "{name}: {f}"
        );
    }
}

/// JSON types where Backstage's schemas fix them, with YAML scalars of
/// other types (fixtures/parity/ has them all, checked against Backstage's
/// validators by scripts/parity).
#[test]
fn json_types_are_checked_as_backstage_checks_them() {
    let group = |metadata: &str, spec: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n{metadata}spec:\n  type: team\n  children: []\n{spec}"
        )
    };
    let cases: &[(&str, String, &str, (u64, u64))] = &[
        (
            "schema",
            group("  description: 12\n", ""),
            "metadata.description must be a string, found the number 12",
            (5, 3),
        ),
        (
            "schema",
            group("  description: 0x1F\n", ""),
            "metadata.description must be a string, found the number 31",
            (5, 3),
        ),
        (
            "schema",
            group("  title: .inf\n", ""),
            "metadata.title must be a string, found the number Infinity",
            (5, 3),
        ),
        (
            "schema",
            group("  description: ~\n", ""),
            "metadata.description must be a string, found null",
            (5, 3),
        ),
        (
            "field-format",
            group("  namespace: .nan\n", ""),
            "metadata.namespace the number NaN is not valid: expected sequences of [a-z0-9] separated by [-], at most 63 characters",
            (5, 3),
        ),
        (
            "field-format",
            group("  namespace: ''\n", ""),
            "metadata.namespace \"\" is not valid: expected sequences of [a-z0-9] separated by [-], at most 63 characters",
            (5, 3),
        ),
        (
            "field-format",
            group("  namespace:\n", ""),
            "metadata.namespace must have a value",
            (5, 3),
        ),
        (
            "field-format",
            group("  labels:\n    tier: 1e3\n", ""),
            "metadata.labels.tier the number 1000 is not valid: expected sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters",
            (6, 5),
        ),
        (
            "schema",
            group("", "  profile:\n    email: true\n"),
            "spec.profile.email must be a string, found true",
            (9, 5),
        ),
        (
            "schema",
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: l\nspec:\n  presence: 12\n".into(),
            "spec.presence must be a string, found the number 12",
            (6, 3),
        ),
        (
            "schema",
            "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\nspec:\n  type: service\n  steps: []\n  parameters:\n    backstage:permissions:\n      tags: [12]\n".into(),
            "spec.parameters.backstage:permissions.tags[0] must be a string, found the number 12",
            (10, 14),
        ),
    ];
    for (rule, text, message, (line, column)) in cases {
        let tree = Tree::new();
        tree.write("catalog-info.yaml", text);
        let (code, findings, entities) = validate(&tree, &[]);
        assert_eq!((code, entities), (1, 0), "{message}: {findings:#?}");
        let f = only(&findings, rule);
        assert_eq!(f["message"], *message);
        assert_eq!(
            (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()),
            (*line, *column),
            "{message}"
        );
    }
    // Strings that look like other types are strings, as in YAML 1.2.
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        group(
            "  description: yes\n  title: '12'\n",
            "  profile:\n    email: 2024-01-01\n",
        ),
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!((code, entities), (0, 1), "{findings:#?}");
}

#[test]
fn messages_say_what_is_wrong_and_hints_what_to_do() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        component("Payments Service!", "team-a"),
    );
    let (_, findings, _) = validate(&tree, &[]);
    let f = only(&findings, "field-format");
    assert_eq!(
        f["message"],
        "metadata.name \"Payments Service!\" is not valid: expected sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters"
    );
    assert_eq!(f["hint"], "for example \"Payments-Service\"");
    assert_eq!(f["entity"], "component:default/payments service!");
}

#[test]
fn kinds_are_case_sensitive_with_a_hint() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        entity(
            "component",
            "x",
            "  type: service\n  lifecycle: production\n  owner: a\n",
        ),
    );
    let (_, findings, _) = validate(&tree, &[]);
    assert_eq!(
        only(&findings, "unknown-kind")["hint"],
        "kinds are case-sensitive: write `Component`"
    );
}

#[test]
fn plat_checks_are_warnings_unless_strict() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!(
            "{}---\n{}---\n{}",
            entity("Component", "svc", "  type: service\n  lifecycle: production\n  owner: team:payments\n  system: no-such-system\n"),
            component("SVC", "payments"),
            group("payments")
        ),
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 0);
    assert_eq!(entities, 2, "the duplicate is ignored");
    let kind = only(&findings, "reference-kind");
    assert_eq!(
        kind["message"],
        "spec.owner refers to kind `team` (`team:default/payments`), which is not a kind Backstage knows"
    );
    assert_eq!(kind["hint"], "did you mean `group:payments`?");
    assert_eq!(kind["severity"], "warning");
    let missing = only(&findings, "missing-reference");
    assert_eq!(
        missing["message"],
        "spec.system refers to `system:default/no-such-system`, which is not in the catalog"
    );
    assert_eq!(
        (missing["line"].as_u64(), missing["column"].as_u64()),
        (Some(9), Some(3))
    );
    let duplicate = only(&findings, "duplicate-entity");
    assert!(
        duplicate["message"]
            .as_str()
            .unwrap()
            .contains("already defined at catalog-info.yaml:1:1"),
        "{duplicate}"
    );
    let (strict, findings, _) = validate(&tree, &["--strict"]);
    assert_eq!(strict, 1);
    assert!(findings.iter().all(|f| f["severity"] == "error"));
}

#[test]
fn missing_reference_suggests_a_close_match() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!(
            "{}---\n{}",
            entity("Component", "svc", "  type: service\n  lifecycle: production\n  owner: team-a\n  dependsOn: [component:postgres]\n"),
            entity("Resource", "postgres", "  type: database\n  owner: team-a\n"),
        ),
    );
    tree.write("team.yaml", group("team-a"));
    let (_, findings, _) = validate(&tree, &["catalog-info.yaml", "team.yaml"]);
    assert_eq!(
        only(&findings, "missing-reference")["hint"],
        "did you mean `resource:default/postgres`?"
    );
}

#[test]
fn depends_on_without_kind_is_rejected_as_backstage_does() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        entity("Component", "svc", "  type: service\n  lifecycle: production\n  owner: team-a\n  dependsOn:\n    - postgres-db\n"),
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    assert_eq!(entities, 0);
    let f = only(&findings, "relation");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(10), Some(7))
    );
    assert!(f["hint"].as_str().unwrap().contains("resource:postgres-db"));
}

#[test]
fn json_lists_every_document_verdict() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!(
            "{}---\n{}---\n",
            component("ok", "a"),
            component("not ok", "a")
        ),
    );
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        report["documents"],
        serde_json::json!([
            {"file": "catalog-info.yaml", "document": 0, "ref": "component:default/ok", "ok": true},
            {"file": "catalog-info.yaml", "document": 1, "ref": "component:default/not ok", "ok": false},
        ])
    );
    assert_eq!(report["summary"]["documents"], 2);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn github_format_is_workflow_commands() {
    let tree = Tree::new();
    tree.write("svc/catalog-info.yaml", component("bad name", "team-a"));
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "--format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=svc/catalog-info.yaml,line=4,col=3,title=plat catalog validate [field-format]::component:default/bad name: metadata.name",
        ))
        .stdout(predicate::str::contains("%0Ahint: for example \"bad-name\""));
}

#[test]
fn human_format_snapshot() {
    let tree = Tree::new();
    tree.write("a/catalog-info.yaml", component("bad name", "team-a"));
    tree.write(
        "b/catalog-info.yaml",
        format!(
            "{}---\n{}",
            entity(
                "Component",
                "svc",
                "  type: service\n  lifecycle: production\n  owner: team:payments\n"
            ),
            group("payments")
        ),
    );
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate"])
        .output()
        .unwrap();
    insta::assert_snapshot!(stdout(&output));
    insta::assert_snapshot!("human_summary", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn paths_limit_what_is_checked() {
    let tree = Tree::new();
    tree.write(
        "good/catalog-info.yaml",
        format!("{}---\n{}", component("svc", "team-a"), group("team-a")),
    );
    tree.write("bad/catalog-info.yaml", component("bad name", "team-a"));
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "good"])
        .assert()
        .success();
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "bad/catalog-info.yaml"])
        .assert()
        .code(1);
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "*/catalog-info.yaml"])
        .assert()
        .code(1);
}

mod locations {
    use super::*;

    fn location(name: &str, targets: &[&str], extra: &str) -> String {
        let list: String = targets.iter().map(|t| format!("    - {t}\n")).collect();
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: {name}\nspec:\n{extra}  targets:\n{list}"
        )
    }

    #[test]
    fn targets_are_followed_relative_to_their_file_with_globs() {
        let tree = Tree::new();
        tree.write("plat.yaml", "catalog:\n  locations: [root.yaml]\n");
        tree.write(
            "root.yaml",
            location(
                "root",
                &["./org/teams.yaml", "./services/*/catalog-info.yaml"],
                "",
            ),
        );
        tree.write("org/teams.yaml", group("team-a"));
        tree.write("services/a/catalog-info.yaml", component("a", "team-a"));
        tree.write("services/b/catalog-info.yaml", component("b", "team-a"));
        let output = plat()
            .arg("-C")
            .arg(tree.path())
            .args(["catalog", "ls", "-o", "json"])
            .output()
            .unwrap();
        let entities: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        let names: Vec<&str> = entities
            .iter()
            .map(|e| e["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "b", "team-a", "root"]);
        let a = &entities[0]["metadata"]["annotations"];
        assert_eq!(
            a["backstage.io/managed-by-location"],
            format!(
                "file:{}",
                tree.path().join("services/a/catalog-info.yaml").display()
            )
        );
        assert_eq!(
            a["backstage.io/managed-by-origin-location"],
            format!("file:{}", tree.path().join("root.yaml").display())
        );
    }

    #[test]
    fn cycles_are_reported_once_and_not_looped() {
        let tree = Tree::new();
        tree.write(
            "a.yaml",
            format!(
                "{}---\n{}",
                location("a", &["./b.yaml"], ""),
                group("team-a")
            ),
        );
        tree.write("b.yaml", location("b", &["./a.yaml"], ""));
        let (code, findings, entities) = validate(&tree, &["a.yaml"]);
        assert_eq!(code, 0);
        assert_eq!(entities, 3);
        let f = only(&findings, "location-cycle");
        assert_eq!(
            f["message"],
            "Location cycle: a.yaml -> b.yaml -> a.yaml; not followed again"
        );
        assert_eq!(
            (f["file"].as_str(), f["line"].as_u64()),
            (Some("b.yaml"), Some(7))
        );
    }

    #[test]
    fn missing_targets_are_errors_unless_optional() {
        let tree = Tree::new();
        tree.write(
            "required.yaml",
            location("required", &["./nope.yaml", "./none/*.yaml"], ""),
        );
        tree.write(
            "optional.yaml",
            location("optional", &["./nope.yaml"], "  presence: optional\n"),
        );
        let (code, findings, _) = validate(&tree, &["required.yaml", "optional.yaml"]);
        assert_eq!(code, 1);
        let messages: Vec<&str> = findings
            .iter()
            .filter(|f| f["rule"] == "location")
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            messages,
            [
                "Location target `./nope.yaml` does not exist",
                "Location target `./none/*.yaml` matches no file"
            ]
        );
    }

    #[test]
    fn targets_may_not_leave_the_catalog_root() {
        let tree = Tree::new();
        tree.write("outside/catalog-info.yaml", component("outside", "team-a"));
        tree.write("root/plat.yaml", "catalog:\n  locations: [loc.yaml]\n");
        tree.write(
            "root/loc.yaml",
            location("loc", &["../outside/catalog-info.yaml"], ""),
        );
        let output = plat()
            .arg("-C")
            .arg(tree.path().join("root"))
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(report["summary"]["entities"], 1);
        assert!(
            report["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("outside the catalog root")
        );
    }

    /// A catalog file in CI must not be able to list the runner's files: a
    /// target outside the root is refused once, as written, whatever is
    /// (or is not) there; a glob inside the root does not list what it
    /// would match through a symlink out.
    #[cfg(unix)]
    #[test]
    fn targets_outside_the_root_are_refused_once_as_written_without_listing_what_is_there() {
        let outside = Tree::new();
        for name in ["outside-one.yaml", "outside-two.yaml", ".outside-dotfile"] {
            outside.write(&format!("dir/{name}"), component("outsider", "team-a"));
        }
        let out = outside.path().join("dir");
        let tree = Tree::new();
        tree.write("svc/catalog-info.yaml", component("inside", "team-a"));
        std::os::unix::fs::symlink(&out, tree.path().join("svc/ext")).unwrap();
        let targets = [
            format!("{}/*", out.display()),
            format!("{}/.*", out.display()),
            format!("{}/outside-one.yaml", out.display()),
            format!("{}/no-such-file.yaml", out.display()),
            "/etc/*".to_string(),
            "../*".to_string(),
            "../../*/*".to_string(),
            "./svc/ext/*".to_string(),
            "./svc/ext/outside-one.yaml".to_string(),
        ];
        let mut quoted: Vec<String> = targets.iter().map(|t| format!("'{t}'")).collect();
        quoted.push("'./**/*.yaml'".into());
        let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
        tree.write("catalog-info.yaml", location("sneaky", &quoted, ""));
        let (code, findings, entities) = validate(&tree, &[]);
        assert_eq!(code, 1);
        assert_eq!(entities, 2, "inside and sneaky only");
        let messages: Vec<&str> = findings
            .iter()
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        for target in &targets {
            let refusal = format!(
                "Location target `{target}` is outside the catalog root {}; not read",
                tree.path().display()
            );
            assert_eq!(
                messages.iter().filter(|m| **m == refusal).count(),
                1,
                "{target}: {messages:#?}"
            );
        }
        assert_eq!(
            findings.iter().filter(|f| f["rule"] == "location").count(),
            targets.len(),
            "{findings:#?}"
        );
        // The directory search and the glob inside the root: the symlink
        // out is named once, not what is behind it.
        let symlink_out = only(&findings, "read");
        assert_eq!(symlink_out["file"], "svc/ext");
        assert_eq!(
            symlink_out["message"],
            "is a symlink that leads outside the catalog root; not followed"
        );
        assert_eq!(symlink_out["severity"], "warning");
        let said = format!("{findings:?}");
        for leaked in [
            "outside-two",
            "outside-dotfile",
            "passwd",
            "hostname",
            "outsider",
        ] {
            assert!(!said.contains(leaked), "{leaked} in {said}");
        }
    }

    #[test]
    fn directory_targets_are_refused_as_in_backstage() {
        let tree = Tree::new();
        tree.write("loc.yaml", location("loc", &["./dir"], ""));
        tree.write("dir/catalog-info.yaml", component("x", "a"));
        let (_, findings, _) = validate(&tree, &["loc.yaml"]);
        assert!(
            only(&findings, "location")["message"]
                .as_str()
                .unwrap()
                .contains("is a directory")
        );
    }
}

mod placeholders {
    use super::*;

    #[test]
    fn text_json_and_yaml_are_substituted() {
        let tree = Tree::new();
        tree.write(
            "catalog-info.yaml",
            entity(
                "API",
                "api",
                "  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./spec/openapi.yaml\n  extra:\n    $json: ./spec/data.json\n  more:\n    $yaml: ./spec/more.yaml\n",
            ),
        );
        tree.write("spec/openapi.yaml", "openapi: 3.0.0\n");
        tree.write("spec/data.json", "{\"a\": [1]}");
        tree.write("spec/more.yaml", "b: true\n");
        let output = plat()
            .arg("-C")
            .arg(tree.path())
            .args(["catalog", "get", "api:api", "-o", "json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let api: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(api["spec"]["definition"], "openapi: 3.0.0\n");
        assert_eq!(api["spec"]["extra"]["a"][0], 1);
        assert_eq!(api["spec"]["more"]["b"], true);
    }

    /// `plat catalog validate -o json` in `dir`, which must not show
    /// `secret.txt`'s contents: the report, and its one placeholder finding,
    /// which says the read was outside the catalog root.
    fn refused_secret(dir: &std::path::Path) -> (Value, Value) {
        let output = plat()
            .arg("-C")
            .arg(dir)
            .args(["catalog", "validate", "--format", "json"])
            .output()
            .unwrap();
        assert!(!stdout(&output).contains("s3cr3t"));
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let f = only(report["findings"].as_array().unwrap(), "placeholder").clone();
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .contains("outside the catalog root"),
            "{f}"
        );
        (report, f)
    }

    #[test]
    fn placeholders_cannot_read_outside_the_root() {
        let tree = Tree::new();
        tree.write("secret.txt", "s3cr3t");
        tree.write("root/plat.yaml", "");
        tree.write(
            "root/catalog-info.yaml",
            entity("API", "api", "  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ../secret.txt\n"),
        );
        let (report, f) = refused_secret(&tree.path().join("root"));
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(9), Some(3))
        );
        assert_eq!(report["summary"]["entities"], 0);
    }

    #[test]
    fn a_configured_location_outside_the_root_is_a_root_for_its_placeholders() {
        let tree = Tree::new();
        tree.write("secret.txt", "s3cr3t");
        tree.write(
            "repo/plat.yaml",
            "catalog:\n  locations:\n    - ../shared/apis\n",
        );
        tree.write("shared/apis/spec/openapi.yaml", "openapi: 3.0.0\n");
        tree.write(
            "shared/apis/catalog-info.yaml",
            format!(
                "{}---\n{}",
                entity("API", "inside", "  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./spec/openapi.yaml\n"),
                entity("API", "outside", "  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ../../secret.txt\n"),
            ),
        );
        let (report, f) = refused_secret(&tree.path().join("repo"));
        assert_eq!(f["entity"], "api:default/outside", "{f}");
        assert_eq!(report["summary"]["entities"], 1, "the inside one loads");
    }
}
