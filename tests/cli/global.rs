//! Global flags and exit codes.

use predicates::prelude::*;

use crate::common::{Tree, component, group, plat, stderr, stdout};

#[test]
fn version_and_help_exit_zero() {
    plat()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("plat "));
    plat()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("catalog"));
    plat()
        .args(["catalog", "ls", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--filter"));
}

#[test]
fn usage_errors_exit_two() {
    plat()
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error:"));
    plat().arg("catalog").assert().code(2);
    plat()
        .args(["catalog", "ls", "-o", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("xml"));
    plat().args(["-q", "-v", "catalog", "ls"]).assert().code(2);
}

#[test]
fn dash_c_runs_elsewhere_and_must_exist() {
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("svc", "team-a"));
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "name"])
        .assert()
        .success()
        .stdout("component:default/svc\n");
    plat()
        .args(["-C", "/no/such/dir", "catalog", "ls"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: cannot use `/no/such/dir` as the working directory",
        ))
        .stderr(predicate::str::contains("hint:"));
}

fn invalid_tree() -> Tree {
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("Bad Name", "team-a"));
    tree
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let tree = invalid_tree();
    let run = |color: &str, no_color: bool| {
        let mut cmd = plat();
        cmd.arg("-C")
            .arg(tree.path())
            .args(["--color", color, "catalog", "validate"]);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        stdout(&cmd.output().unwrap())
    };
    assert!(run("always", false).contains("\u{1b}["));
    assert!(
        !run("auto", false).contains("\u{1b}["),
        "stdout is not a terminal in tests"
    );
    assert!(!run("never", false).contains("\u{1b}["));
    assert!(!run("always", true).contains("\u{1b}["), "NO_COLOR wins");
}

#[test]
fn quiet_drops_messages_but_not_data_and_verbose_adds_detail() {
    let tree = invalid_tree();
    let loud = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "validate"])
        .output()
        .unwrap();
    assert!(stderr(&loud).contains("1 error"));
    let quiet = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["-q", "catalog", "validate"])
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(stderr(&quiet), "");
    assert!(stdout(&quiet).contains("metadata.name"));
    let verbose = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["-v", "catalog", "validate"])
        .output()
        .unwrap();
    assert!(
        stderr(&verbose).contains("read 1 catalog files"),
        "{}",
        stderr(&verbose)
    );
}

#[test]
fn no_input_is_accepted_everywhere() {
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        format!("{}---\n{}", component("svc", "team-a"), group("team-a")),
    );
    plat()
        .arg("-C")
        .arg(tree.path())
        .args(["--no-input", "catalog", "validate"])
        .assert()
        .success();
    plat()
        .arg("-C")
        .arg(tree.path())
        .env("CI", "true")
        .args(["catalog", "ls"])
        .assert()
        .success();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `plat catalog ls | head -c 10`: the reader goes away early.
    use std::io::Read;
    use std::process::{Command, Stdio};
    let tree = Tree::new();
    let many: String = (0..3000)
        .map(|i| format!("---\n{}", component(&format!("svc-{i}"), "team-a")))
        .collect();
    tree.write("catalog-info.yaml", many);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .arg("-C")
        .arg(tree.path())
        .args(["catalog", "ls", "-o", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
