//! Global flags and exit codes.

use predicates::prelude::*;

use crate::common::{
    Tree, acme_with_history, component, group, plat, screen, script, stderr, stdout,
};

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

/// Commands that read the configuration in several places read it once:
/// `-v` says "using config" once.
#[test]
fn verbose_names_the_config_once() {
    let Some(acme) = acme_with_history() else {
        return;
    };
    let cache = Tree::new();
    for args in [
        &["catalog", "ls"][..],
        &["new", "--list"],
        &["dora", "payments-service"],
    ] {
        let output = plat()
            .arg("-C")
            .arg(&acme)
            .env("XDG_CACHE_HOME", cache.path())
            .arg("-v")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output).matches("using config").count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// A spinner or bar shows on stderr only when it is a terminal, messages
/// printed while it shows are not written over it, and it is cleared when
/// the work ends, with an error too: nothing of it is left on the screen or
/// in captured output. Run under `script`, which gives plat a terminal.
#[test]
fn progress_is_cleared_and_never_mixed_into_messages_or_captured_output() {
    let Some(script) = script() else {
        return;
    };
    let Some(acme) = acme_with_history() else {
        return;
    };
    let plat_bin = assert_cmd::cargo::cargo_bin("plat");
    let on_a_terminal = |dir: &std::path::Path, command: &str| {
        let output = std::process::Command::new(&script)
            .args(["-qec", command, "/dev/null"])
            .current_dir(dir)
            .env("TERM", "xterm")
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        screen(&output.stdout)
    };
    // indicatif's spinner frames are braille patterns.
    let spinner_left = |rows: &[String]| {
        rows.iter()
            .any(|r| r.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)))
    };

    // `-v` lines while the spinner turns: each on its own line.
    let rows = on_a_terminal(
        &acme,
        &format!("{} -v dora payments-service", plat_bin.display()),
    );
    assert!(!spinner_left(&rows), "{rows:#?}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("payments-service: deployments: ")),
        "{rows:#?}"
    );
    assert!(rows.iter().any(|r| r.starts_with("METRIC ")), "{rows:#?}");

    // stdout captured to a file while stderr is the terminal: the file has
    // the table and nothing of the spinner.
    let captured = Tree::new();
    let file = captured.path().join("out.txt");
    on_a_terminal(
        &acme,
        &format!(
            "{} dora payments-service > {}",
            plat_bin.display(),
            file.display()
        ),
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Deployment frequency"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !spinner_left(std::slice::from_ref(&text)),
        "{text:?}"
    );

    // An error while the spinner turns: the error line starts clean.
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("payments", "team-a"))
        .write("plat.yaml", "dora:\n  deployments: d.csv\n")
        .write("d.csv", "service,time\npayments,yesterday\n");
    let rows = on_a_terminal(
        tree.path(),
        &format!("{} dora payments", plat_bin.display()),
    );
    assert!(!spinner_left(&rows), "{rows:#?}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("error: ") && r.contains("d.csv:2:10")),
        "{rows:#?}"
    );

    // Without a terminal: no spinner, no escape sequences.
    let output = plat()
        .arg("-C")
        .arg(tree.path())
        .args(["dora", "payments"])
        .output()
        .unwrap();
    assert!(!stderr(&output).contains('\u{1b}'), "{}", stderr(&output));
}
