//! Files generated and committed: completions/ and man/ from the clap
//! definition, the README's expression table and the expression fixtures
//! from the checked cases. These tests fail when they are stale; run them
//! with `PLAT_UPDATE_GENERATED=1` to rewrite them.

use std::path::Path;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("PLAT_UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    let files = plat::cli::generated_files();
    for (relative, contents) in &files {
        let path = root.join(relative);
        if std::fs::read(&path).ok().as_deref() != Some(contents.as_slice()) {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, contents).unwrap();
            } else {
                stale.push(relative.display().to_string());
            }
        }
    }
    // Files for commands that no longer exist are stale too.
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let relative = Path::new(dir).join(entry.file_name());
            if !files.iter().any(|(p, _)| *p == relative) {
                if update {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    stale.push(format!("{} (no longer generated)", relative.display()));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale: {}\nrun `PLAT_UPDATE_GENERATED=1 cargo test --test cli generated` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn there_is_a_man_page_per_subcommand() {
    let files = plat::cli::generated_files();
    for page in [
        "plat.1",
        "plat-catalog.1",
        "plat-catalog-ls.1",
        "plat-catalog-get.1",
        "plat-catalog-validate.1",
        "plat-completions.1",
    ] {
        assert!(
            files.iter().any(|(p, _)| p.ends_with(page)),
            "missing {page}"
        );
    }
}

#[test]
fn completions_command_prints_the_committed_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "plat.bash"),
        ("zsh", "_plat"),
        ("fish", "plat.fish"),
        ("powershell", "_plat.ps1"),
        ("elvish", "plat.elv"),
    ] {
        let output = crate::common::plat()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success());
        let expected = plat::cli::generated_files()
            .into_iter()
            .find(|(p, _)| p == &Path::new("completions").join(file))
            .unwrap()
            .1;
        assert_eq!(output.stdout, expected, "{shell}");
        assert!(
            root.join("completions").join(file).exists()
                || std::env::var_os("PLAT_UPDATE_GENERATED").is_some()
        );
    }
}

/// The README's table of expression semantics and the render-parity fixtures
/// fixtures/templates/javascript{,-errors} are made from the checked cases
/// (fixtures/expressions/cases.json) by scripts/expression-cases; the unit
/// tests in src/scaffold/expr.rs read the cases themselves. This fails when
/// the table or a fixture no longer says what the cases say.
#[test]
fn expression_table_and_fixtures_agree_with_the_checked_cases() {
    if crate::common::which("python3").is_none() {
        assert!(std::env::var("CI").is_err(), "python3 is needed under CI");
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("PLAT_UPDATE_GENERATED").is_some();
    let output = std::process::Command::new("python3")
        .arg(root.join("scripts/expression-cases"))
        .arg(if update { "--write" } else { "--check" })
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}run `PLAT_UPDATE_GENERATED=1 cargo test --test cli generated` and commit the result",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every option that takes a value shows its value name in the SYNOPSIS of
/// every man page (`[-C <DIR>]`, not `[-C ]`).
#[test]
fn every_synopsis_names_the_values_of_its_options() {
    let files = plat::cli::generated_files();
    let mut cmd = plat::cli::command();
    cmd.build();
    let mut pages = vec![("plat".to_string(), cmd)];
    let mut checked = 0;
    while let Some((name, cmd)) = pages.pop() {
        let page = files
            .iter()
            .find(|(p, _)| p == &Path::new("man").join(format!("{name}.1")))
            .unwrap_or_else(|| panic!("no man page {name}.1"));
        let page = String::from_utf8(page.1.clone()).unwrap();
        let synopsis = page
            .split(".SH SYNOPSIS\n")
            .nth(1)
            .and_then(|rest| rest.split("\n.SH ").next())
            .unwrap_or_else(|| panic!("{name}.1 has no SYNOPSIS"));
        // The text a reader sees: roff's font switches and escapes removed.
        let text = ["\\fB", "\\fI", "\\fR", "\\fP"]
            .iter()
            .fold(synopsis.replace("\\-", "-"), |text, font| {
                text.replace(font, "")
            });
        for arg in cmd.get_arguments().filter(|a| {
            !a.is_hide_set() && !a.is_positional() && a.get_num_args().unwrap().takes_values()
        }) {
            let flag = match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => format!("-{}", arg.get_short().unwrap()),
            };
            let value = arg.get_value_names().unwrap().join("> <");
            assert!(
                text.contains(&format!("{flag} <{value}>")),
                "{name}.1: the SYNOPSIS shows {flag} without <{value}>:\n{text}"
            );
            checked += 1;
        }
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            pages.push((format!("{name}-{}", sub.get_name()), sub.clone()));
        }
    }
    assert!(checked > 50, "only {checked} options checked");
}
