//! The console examples of README.md and docs/*.md, run with trycmd: each
//! `$ plat ...` line runs the real binary (from the repository's root, so
//! `-C fixtures/acme` is the demo) and what it prints (stdout and stderr)
//! must match the lines below it, `[..]` and `...` standing for times,
//! dates and paths. Blocks marked ```console,ignore need a server and are
//! covered by the integration tests named next to them in the README.

use super::common::acme_with_history;

#[test]
fn readme_and_docs_examples_print_what_they_show() {
    // The demo's deployments and incidents, dated up to yesterday, as the
    // README's quick start writes them.
    if acme_with_history().is_none() {
        return;
    }
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
