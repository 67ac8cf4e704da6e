//! The console examples of README.md and docs/*.md, run with trycmd: each
//! `$ plat ...` line runs the real binary (from the repository's root, so
//! `-C fixtures/acme` is the demo) and what it prints (stdout and stderr)
//! must match the lines below it, `[..]` and `...` standing for times,
//! dates and paths. Blocks marked ```console,ignore need a server and are
//! covered by the integration tests named next to them in the README.

use std::process::Command;

use super::common::{acme, tool};

#[test]
fn readme_and_docs_examples_print_what_they_show() {
    let Some(python) = tool("python3", "python3 (it writes the demo's DORA history)") else {
        return;
    };
    // The demo's deployments and incidents, dated up to yesterday, as the
    // README's quick start writes them.
    let written = Command::new(python)
        .arg(acme().join("dora-demo.py"))
        .output()
        .expect("python3 runs");
    assert!(
        written.status.success(),
        "fixtures/acme/dora-demo.py failed: {}",
        String::from_utf8_lossy(&written.stderr)
    );
    trycmd::TestCases::new()
        .register_bin("plat", std::path::Path::new(env!("CARGO_BIN_EXE_plat")))
        .env("HOME", "/nonexistent/plat-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
        .env("NO_COLOR", "1")
        // A command that waits (a prompt, --watch) fails instead of hanging.
        .timeout(std::time::Duration::from_secs(60))
        .case("README.md")
        .case("docs/*.md");
}
