//! Bad input: each case is a finding naming file, line and column, and the
//! rest of the catalog still loads.

use std::time::Duration;

use serde_json::Value;

use crate::common::{Tree, component, plat, stdout};

/// Runs `plat catalog validate --format json` in `tree`; returns the exit
/// code, the findings and the entity count.
pub fn validate(tree: &Tree, extra: &[&str]) -> (i32, Vec<Value>, u64) {
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate", "--format", "json"])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout(&output)).expect("validate prints JSON");
    (
        output.status.code().unwrap(),
        report["findings"].as_array().unwrap().clone(),
        report["summary"]["entities"].as_u64().unwrap(),
    )
}

/// The one finding with `rule`, asserting there is exactly one.
pub fn only(findings: &[Value], rule: &str) -> Value {
    let matching: Vec<&Value> = findings.iter().filter(|f| f["rule"] == rule).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {rule} finding in {findings:#?}"
    );
    matching[0].clone()
}

fn at(finding: &Value) -> (String, u64, u64) {
    (
        finding["file"].as_str().unwrap().to_string(),
        finding["line"].as_u64().unwrap(),
        finding["column"].as_u64().unwrap(),
    )
}

/// A tree with one good file beside the bad one.
fn beside(name: &str, contents: impl AsRef<[u8]>) -> Tree {
    let tree = Tree::new();
    tree.write("good/catalog-info.yaml", component("good", "team-a"));
    tree.write(name, contents);
    tree
}

#[test]
fn malformed_yaml_keeps_the_other_documents() {
    let text = format!(
        "{}---\nkind: Component\nmetadata:\n  name: x\n   bad: indent\n",
        component("first", "team-a")
    );
    let tree = beside("bad/catalog-info.yaml", text);
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "yaml");
    assert_eq!(at(&f), ("bad/catalog-info.yaml".into(), 13, 7));
    assert_eq!(f["document"], 1);
    assert_eq!(
        entities, 2,
        "the good file and the first document still load"
    );
}

#[test]
fn a_document_that_is_not_a_mapping() {
    let tree = beside(
        "bad/catalog-info.yaml",
        format!("- a\n- b\n---\n{}", component("second", "team-a")),
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "not-a-mapping");
    assert_eq!(at(&f), ("bad/catalog-info.yaml".into(), 1, 1));
    assert!(f["message"].as_str().unwrap().contains("found a list"));
    assert_eq!(entities, 2);
}

#[test]
fn empty_files_are_warnings() {
    let tree = beside("bad/catalog-info.yaml", "");
    tree.write("comments/catalog-info.yaml", "# nothing yet\n");
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 0, "warnings do not fail without --strict");
    let empties: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "empty-file")
        .collect();
    assert_eq!(empties.len(), 2);
    assert_eq!(empties[0]["severity"], "warning");
    assert_eq!(entities, 1);
    let (strict, _, _) = validate(&tree, &["--strict"]);
    assert_eq!(strict, 1);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let mut bytes = component("x", "team-a").into_bytes();
    bytes.extend_from_slice(b"  description: caf\xe9\n");
    let tree = beside("bad/catalog-info.yaml", bytes);
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "encoding");
    assert_eq!(at(&f), ("bad/catalog-info.yaml".into(), 9, 19));
    assert_eq!(entities, 1);
}

#[test]
fn a_byte_order_mark_is_a_warning_and_the_file_loads() {
    let tree = beside(
        "bom/catalog-info.yaml",
        format!("\u{feff}{}", component("with-bom", "team-a")),
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        at(&only(&findings, "byte-order-mark")),
        ("bom/catalog-info.yaml".into(), 1, 1)
    );
    assert_eq!(entities, 2);
}

#[test]
fn duplicate_keys() {
    let tree = beside(
        "bad/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n  name: y\nspec: {}\n",
    );
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "yaml");
    assert_eq!(at(&f), ("bad/catalog-info.yaml".into(), 5, 3));
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("duplicate key `name`")
    );
    assert_eq!(entities, 1);
}

#[test]
fn files_over_ten_megabytes_are_refused() {
    let tree = beside("big/catalog-info.yaml", "");
    let file = std::fs::File::create(tree.path().join("big/catalog-info.yaml")).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "file-too-large");
    assert!(
        f["message"].as_str().unwrap().contains("10 MB limit"),
        "{f}"
    );
    assert_eq!(entities, 1);
}

#[test]
fn alias_bombs_are_refused_in_bounded_time() {
    let mut text = String::from(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bomb\nspec:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for w in names.windows(2) {
        text.push_str(&format!(
            "  {}: &{} [{}]\n",
            w[1],
            w[1],
            vec![format!("*{}", w[0]); 10].join(",")
        ));
    }
    let tree = beside("bomb/catalog-info.yaml", text);
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let f = only(&findings, "yaml");
    assert!(
        f["message"].as_str().unwrap().contains("too many aliases"),
        "{f}"
    );
    assert_eq!(entities, 1);
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: deep\nspec:\n  x: {}{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let tree = beside("deep/catalog-info.yaml", text);
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    assert!(
        only(&findings, "yaml")["message"]
            .as_str()
            .unwrap()
            .contains("nested more than")
    );
    assert_eq!(entities, 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_dangling_symlinks() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let tree = beside("locked/catalog-info.yaml", component("locked", "team-a"));
    let locked = tree.path().join("locked/catalog-info.yaml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    symlink(
        tree.path().join("gone.yaml"),
        tree.path().join("dangling-catalog-info.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(tree.path().join("dangling")).unwrap();
    symlink(
        tree.path().join("gone.yaml"),
        tree.path().join("dangling/catalog-info.yaml"),
    )
    .unwrap();
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    let reads: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "read").collect();
    assert!(
        reads
            .iter()
            .any(|f| f["file"].as_str().unwrap().contains("dangling")),
        "{findings:#?}"
    );
    // Root reads files whatever their mode; everyone else gets a finding.
    if std::fs::read(&locked).is_err() {
        assert!(
            reads
                .iter()
                .any(|f| f["file"] == "locked/catalog-info.yaml"),
            "{findings:#?}"
        );
        assert_eq!(entities, 1);
    } else {
        assert_eq!(entities, 2);
    }
}

#[cfg(unix)]
#[test]
fn unreadable_directories_are_findings() {
    use std::os::unix::fs::PermissionsExt;
    let tree = beside(
        "closed/inner/catalog-info.yaml",
        component("inner", "team-a"),
    );
    let closed = tree.path().join("closed");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read_dir(&closed).is_ok();
    let (_, findings, entities) = validate(&tree, &[]);
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        // Root lists any directory, whatever its mode: both load.
        assert_eq!(entities, 2);
    } else {
        assert!(
            findings
                .iter()
                .any(|f| f["rule"] == "read" && f["file"].as_str().unwrap().starts_with("closed")),
            "{findings:#?}"
        );
        assert_eq!(entities, 1);
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let tree = beside("loop/catalog-info.yaml", component("in-loop", "team-a"));
    std::os::unix::fs::symlink(tree.path().join("loop"), tree.path().join("loop/again")).unwrap();
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    assert!(
        only(&findings, "read")["message"]
            .as_str()
            .unwrap()
            .contains("symlink loop")
    );
    assert_eq!(entities, 2);
}

/// A loop met from each of its symlinks (three directories linking round,
/// three links pointing at each other) is one finding each, not three.
#[cfg(unix)]
#[test]
fn a_loop_through_several_symlinks_is_reported_once() {
    use std::os::unix::fs::symlink;
    let tree = beside("a/catalog-info.yaml", component("a", "team-a"));
    tree.write("b/catalog-info.yaml", component("b", "team-a"));
    tree.write("c/catalog-info.yaml", component("c", "team-a"));
    symlink("../b", tree.path().join("a/to-b")).unwrap();
    symlink("../c", tree.path().join("b/to-c")).unwrap();
    symlink("../a", tree.path().join("c/to-a")).unwrap();
    symlink("x2", tree.path().join("x1")).unwrap();
    symlink("x3", tree.path().join("x2")).unwrap();
    symlink("x1", tree.path().join("x3")).unwrap();
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    assert_eq!(entities, 4);
    let reads: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "read")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(reads.len(), 2, "{reads:#?}");
    assert!(
        reads[0].starts_with("is a symlink loop back to"),
        "{reads:#?}"
    );
    assert_eq!(
        reads[1],
        "is a symlink in a loop of symlinks (x1 -> x2 -> x3 -> x1); not followed"
    );
}

/// One rule for the directory search and Location targets: nothing outside
/// the catalog root is read, whether a symlink or a target leads there.
#[cfg(unix)]
#[test]
fn the_directory_search_keeps_to_the_root_as_location_targets_do() {
    let outside = Tree::new();
    outside.write("shared/catalog-info.yaml", component("outsider", "team-a"));
    let tree = beside(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: to-shared\nspec:\n  targets: [./linked/catalog-info.yaml]\n",
    );
    std::os::unix::fs::symlink(outside.path().join("shared"), tree.path().join("linked")).unwrap();
    let (code, findings, entities) = validate(&tree, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        entities, 2,
        "good and the Location; not the outsider: {findings:#?}"
    );
    let link = only(&findings, "read");
    assert_eq!(link["file"], "linked");
    assert_eq!(
        link["message"],
        "is a symlink that leads outside the catalog root; not followed"
    );
    assert_eq!(link["severity"], "warning");
    assert!(
        only(&findings, "location")["message"]
            .as_str()
            .unwrap()
            .contains("Location target `./linked/catalog-info.yaml` is outside the catalog root"),
        "{findings:#?}"
    );
    let listed = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert!(!stdout(&listed).contains("outsider"), "{}", stdout(&listed));
    // Named by the user, it is read: naming a location trusts it.
    let named = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .arg(format!(
            "--location={}",
            outside.path().join("shared").display()
        ))
        .output()
        .unwrap();
    assert_eq!(stdout(&named), "component:default/outsider\n");
}

#[test]
fn bad_input_fixtures_each_give_a_positioned_finding() {
    let dir = crate::common::fixtures().join("invalid");
    for (file, rule) in [
        ("malformed.yaml", "yaml"),
        ("not-a-mapping.yaml", "not-a-mapping"),
        ("duplicate-keys.yaml", "yaml"),
        ("alias-bomb.yaml", "yaml"),
        ("deep-nesting.yaml", "yaml"),
        ("invalid-utf8.yaml", "encoding"),
        ("bom.yaml", "byte-order-mark"),
        ("empty.yaml", "empty-file"),
    ] {
        let output = plat()
            .arg("-C")
            .arg(&dir)
            .args(["catalog", "validate", "--format", "json", file])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let f = findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("{file}: no {rule} in {findings:#?}"));
        assert_eq!(f["file"], file);
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
    }
}
