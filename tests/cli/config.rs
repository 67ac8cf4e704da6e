//! Finding and reading plat.yaml.

use predicates::prelude::*;

use crate::common::{Tree, component, group, plat, stdout};

fn names(output: &std::process::Output) -> Vec<String> {
    stdout(output).lines().map(str::to_string).collect()
}

#[test]
fn plat_yaml_is_found_in_a_parent_directory_and_paths_are_relative_to_it() {
    let tree = Tree::new();
    tree.write(
        "plat.yaml",
        "catalog:\n  locations:\n    - ./teams/*.yaml\n    - ./services\n",
    );
    tree.write("teams/a.yaml", group("team-a"));
    tree.write("services/svc/catalog-info.yaml", component("svc", "team-a"));
    tree.write(
        "elsewhere/catalog-info.yaml",
        component("not-listed", "team-a"),
    );
    let output = plat()
        .arg("-C")
        .arg(tree.path().join("services/svc"))
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(
        names(&output),
        ["component:default/svc", "group:default/team-a"]
    );
}

#[test]
fn dot_plat_yaml_works_too() {
    let tree = Tree::new();
    tree.write(
        ".plat.yaml",
        "catalog:\n  locations: [only/catalog-info.yaml]\n",
    );
    tree.write("only/catalog-info.yaml", component("only", "team-a"));
    tree.write("catalog-info.yaml", component("root", "team-a"));
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(names(&output), ["component:default/only"]);
}

#[test]
fn without_config_the_catalog_is_the_current_directory_tree() {
    let tree = Tree::new();
    tree.write("a/catalog-info.yaml", component("a", "team-a"));
    tree.write("b/c/catalog-info.yml", component("c", "team-a"));
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(
        names(&output),
        ["component:default/a", "component:default/c"]
    );
}

#[test]
fn plat_config_and_xdg_config_home_are_used_when_no_file_is_found() {
    let tree = Tree::new();
    tree.write("work/.keep", "");
    tree.write("cfg/env.yaml", "catalog:\n  locations: [../from-env]\n");
    tree.write(
        "from-env/catalog-info.yaml",
        component("from-env", "team-a"),
    );
    tree.write(
        "xdg/plat/config.yaml",
        "catalog:\n  locations: [../../from-xdg]\n",
    );
    tree.write(
        "from-xdg/catalog-info.yaml",
        component("from-xdg", "team-a"),
    );
    let work = tree.path().join("work");
    let env = plat()
        .arg("-C")
        .arg(&work)
        .env("PLAT_CONFIG", tree.path().join("cfg/env.yaml"))
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(names(&env), ["component:default/from-env"]);
    let xdg = plat()
        .arg("-C")
        .arg(&work)
        .env("XDG_CONFIG_HOME", tree.path().join("xdg"))
        .args(["catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(names(&xdg), ["component:default/from-xdg"]);
}

#[test]
fn explicit_config_flag_wins() {
    let tree = Tree::new();
    tree.write("plat.yaml", "catalog:\n  locations: [a]\n");
    tree.write("other.yaml", "catalog:\n  locations: [b]\n");
    tree.write("a/catalog-info.yaml", component("a", "team-a"));
    tree.write("b/catalog-info.yaml", component("b", "team-a"));
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["--config", "other.yaml", "catalog", "ls", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(names(&output), ["component:default/b"]);
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["--config", "missing.yaml", "catalog", "ls"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read config file"));
}

#[test]
fn unknown_keys_are_errors_naming_the_key_and_file() {
    let tree = Tree::new();
    tree.write("plat.yaml", "catalog:\n  locatons: [a]\n");
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "plat.yaml:2:3: catalog: unknown field `locatons`, expected `locations`",
        ))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn invalid_config_yaml_is_a_usage_error() {
    let tree = Tree::new();
    tree.write("plat.yaml", "catalog:\n  locations: [a\n");
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plat.yaml:"));
}

#[test]
fn a_missing_location_is_a_finding() {
    let tree = Tree::new();
    tree.write("plat.yaml", "catalog:\n  locations: [./nope]\n");
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "catalog location `./nope` does not exist",
        ));
}
