//! What plat guarantees whatever it is fed: an interrupted run leaves
//! nothing half-made, and secrets appear in no output and no written file.

use std::path::Path;

use crate::common::{Tree, assert_fails, component, interrupt_when, plat, stderr, stdout};

/// A template that renders a file, then waits (`debug:wait` with `wait`,
/// e.g. `{seconds: 60}`: long enough to be interrupted).
fn waiting_template(tree: &Tree, wait: &str) {
    tree.write(
        "templates/slow/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: slow\nspec:\n  owner: group:default/platform\n  type: service\n  parameters:\n    properties:\n      name: {type: string, default: slow-service}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values: {name: '${{ parameters.name }}'}\n    - id: wait\n      action: debug:wait\n      input: WAIT\n"
            .replace("WAIT", wait),
    );
    tree.write(
        "templates/slow/skeleton/README.md",
        "# ${{ values.name }}\n",
    );
    tree.write("plat.yaml", "templates: [./templates]\n");
}

fn workspaces(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ctrl_c_during_plat_new_leaves_no_half_made_output() {
    let tree = Tree::new();
    waiting_template(&tree, "{seconds: 60}");
    let tmp = tree.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("plat");
    let child = std::process::Command::new(binary)
        .current_dir(tree.path())
        .env("TMPDIR", &tmp)
        .env("XDG_CACHE_HOME", tree.path().join("cache"))
        .env_remove("CI")
        .args(["new", "slow", "--no-input", "--output", "out"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupted once the workspace holds the rendered file.
    let output = interrupt_when(child, || {
        workspaces(&tmp)
            .iter()
            .any(|w| tmp.join(w).join("README.md").exists())
    });
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    assert!(!tree.path().join("out").exists(), "no output directory");
    assert_eq!(
        workspaces(&tmp),
        Vec::<String>::new(),
        "the workspace is gone too"
    );
}

#[test]
fn output_is_renamed_into_place_with_nothing_left_beside_it() {
    let tree = Tree::new();
    waiting_template(&tree, "{milliseconds: 1}");
    std::fs::create_dir(tree.path().join("empty")).unwrap();
    for dir in ["fresh", "empty"] {
        let output = plat()
            .current_dir(tree.path())
            .env("XDG_CACHE_HOME", tree.path().join("cache"))
            .env_remove("CI")
            .args(["new", "slow", "--no-input", "--output", dir])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            std::fs::read_to_string(tree.path().join(dir).join("README.md")).unwrap(),
            "# slow-service\n"
        );
        assert!(
            tree.path().join(dir).join(".git").is_dir(),
            "the first commit is there"
        );
    }
    let leftovers: Vec<String> = workspaces(tree.path())
        .into_iter()
        .filter(|n| n.contains("plat-partial"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
    // Too long a wait is Backstage's error.
    waiting_template(&tree, "{minutes: 11}");
    let output = plat()
        .current_dir(tree.path())
        .env("XDG_CACHE_HOME", tree.path().join("cache"))
        .env_remove("CI")
        .args(["new", "slow", "--no-input", "--output", "toolong"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("Waiting duration is longer than the maximum threshold of 10 minutes"),
        "{}",
        stderr(&output)
    );
    assert!(!tree.path().join("toolong").exists());
}

/// Every file under `dir`, as text where it is text.
fn files_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        if let Ok(bytes) = std::fs::read(&entry) {
            out.push((
                entry.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn secrets_appear_in_no_output_and_no_written_file() {
    use crate::dora_servers::github_dora;
    const GITHUB: &str = "ghp_SECRET_github_7f3a9";
    const PAGERDUTY: &str = "pd_SECRET_pagerduty_2b8c";
    const BACKSTAGE: &str = "bs_SECRET_backstage_91d0";
    const PASSWORD: &str = "pw_SECRET_password_55e1";
    let secrets = [GITHUB, PAGERDUTY, BACKSTAGE, PASSWORD];

    let github = github_dora(GITHUB);
    github.add_repo("acme/payments");
    let tree = Tree::new();
    tree.write(
        "catalog-info.yaml",
        component("payments", "team-a").replace(
            "metadata:\n  name: payments\n",
            "metadata:\n  name: payments\n  annotations:\n    github.com/project-slug: acme/payments\n    pagerduty.com/service-id: PX1\n",
        ),
    );
    tree.write(
        "plat.yaml",
        format!(
            "integrations:\n  github:\n    apiBaseUrl: {}\n    token: env:T_GITHUB\n  pagerduty:\n    apiBaseUrl: http://127.0.0.1:9/\n    token: env:T_PAGERDUTY\n  backstage:\n    baseUrl: http://127.0.0.1:9/\n    token: env:T_BACKSTAGE\ntemplates: [./templates]\ndora:\n  deployments: github\n  incidents: []\n",
            github.api()
        ),
    );
    tree.write(
        "templates/secret/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: secret\nspec:\n  owner: group:default/platform\n  type: service\n  parameters:\n    properties:\n      name: {type: string, default: svc}\n      password: {type: string, ui:widget: password}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values: {name: '${{ parameters.name }}', password: '${{ parameters.password }}'}\n    - id: log\n      action: debug:log\n      input: {message: 'the password is ${{ parameters.password }}'}\n    - id: register\n      action: catalog:register\n      input: {catalogInfoUrl: 'https://github.com/acme/svc/blob/main/catalog-info.yaml'}\n",
    );
    tree.write(
        "templates/secret/skeleton/README.md",
        "# ${{ values.name }}\n",
    );
    let run = |args: &[&str]| {
        plat()
            .current_dir(tree.path())
            .env("T_GITHUB", GITHUB)
            .env("T_PAGERDUTY", PAGERDUTY)
            .env("T_BACKSTAGE", BACKSTAGE)
            .env("XDG_CACHE_HOME", tree.path().join("cache"))
            .env_remove("CI")
            .args(args)
            .output()
            .unwrap()
    };
    let password = format!("password={PASSWORD}");
    let commands: Vec<Vec<&str>> = vec![
        vec!["catalog", "ls", "-v"],
        vec!["catalog", "get", "payments", "-o", "json"],
        vec!["catalog", "validate", "-v"],
        vec!["dora", "payments", "-v", "-o", "json"],
        vec!["deployments", "payments", "-v", "-o", "yaml"],
        vec!["runs", "payments", "-v", "-o", "json"],
        vec![
            "new",
            "secret",
            "--no-input",
            "--set",
            &password,
            "--dry-run",
            "-v",
        ],
        vec![
            "new",
            "secret",
            "--no-input",
            "--set",
            &password,
            "--dry-run",
            "-o",
            "json",
        ],
        vec![
            "new",
            "secret",
            "--no-input",
            "--set",
            &password,
            "--output",
            "out",
            "-v",
        ],
        vec!["new", "secret", "--no-input", "--set", &password, "-v"],
        vec!["env", "up", "--pr", "1", "--dry-run", "-o", "yaml"],
    ];
    for args in &commands {
        let output = run(args);
        for secret in secrets {
            assert!(
                !stdout(&output).contains(secret),
                "{args:?} printed a secret on stdout: {}",
                stdout(&output)
            );
            assert!(
                !stderr(&output).contains(secret),
                "{args:?} printed a secret on stderr: {}",
                stderr(&output)
            );
        }
    }
    // Nothing plat wrote holds one: the output (the password is a value the
    // template puts in its files only if it says so; this one does not),
    // the cache, kept publish state.
    for (file, text) in files_under(tree.path())
        .into_iter()
        .chain(files_under(&tree.path().join("cache")))
    {
        if file.ends_with("plat.yaml") || file.ends_with("template.yaml") {
            continue; // written by this test
        }
        for secret in secrets {
            assert!(!text.contains(secret), "{file} holds a secret");
        }
    }
}

#[test]
fn a_full_disk_while_writing_leaves_no_output_directory() {
    let tree = Tree::new();
    waiting_template(&tree, "{milliseconds: 1}");
    tree.write("templates/slow/skeleton/big.txt", "x".repeat(64 * 1024));
    let binary = assert_cmd::cargo::cargo_bin("plat");
    // Files may not grow past 32 KiB (ulimit -f counts 512-byte blocks), and
    // SIGXFSZ is ignored, so writes fail as they do on a full disk.
    let script = format!(
        "ulimit -f 64; trap '' XFSZ; exec '{}' new slow --no-input --output out",
        binary.display()
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(tree.path())
        .env("TMPDIR", tree.path())
        .env("XDG_CACHE_HOME", tree.path().join("cache"))
        .env_remove("CI")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("File too large"), "{said}");
    assert!(!tree.path().join("out").exists(), "no output directory");
    let leftovers: Vec<String> = workspaces(tree.path())
        .into_iter()
        .filter(|n| n.starts_with("plat-") || n.contains("plat-partial"))
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no workspace or staging left"
    );
}

#[test]
fn data_to_a_full_device_is_an_error_not_a_panic() {
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("payments", "team-a"));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .current_dir(tree.path())
        .args(["catalog", "ls", "-o", "json"])
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("cannot write output") && said.contains("No space left on device"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
}

#[test]
fn conflicting_flags_are_usage_errors() {
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("payments", "team-a"));
    for args in [
        &["--quiet", "--verbose", "catalog", "ls"][..],
        &["dora", "payments", "--all"],
        &["dora", "--owner", "team-a", "--all"],
        &["dora", "payments", "--since", "7d", "--from", "2026-01-01"],
        &["deps", "payments", "--check", "--reverse"],
        &["env", "down", "--pr", "1", "--namespace", "x"],
    ] {
        let output = plat().current_dir(tree.path()).args(args).output().unwrap();
        assert_fails(&output, 2, "cannot be used with");
    }
}

/// Every duration and date plat reads goes through one rule
/// (`src/time.rs`): too long, zero or out of range is a usage error naming
/// the flag (or the plat.yaml position) and the range, never a panic.
#[test]
fn durations_and_dates_out_of_range_are_usage_errors_naming_the_flag_and_the_range() {
    let tree = Tree::new();
    tree.write("catalog-info.yaml", component("payments", "team-a"));
    let durations =
        "is out of range: a duration must be more than 0 and at most 36500d (100 years)";
    let dates = "is out of range: dates must lie between 0001-01-01 and 9999-12-29";
    let times =
        "is out of range: times must lie between 0001-01-01T00:00:00Z and 9999-12-30T00:00:00Z";
    let cases: &[(&[&str], String)] = &[
        (
            &["dora", "payments", "--since", "99999999d"],
            format!("invalid value `99999999d` for --since: {durations}"),
        ),
        (
            &["dora", "payments", "--since", "9999999w"],
            format!("for --since: {durations}"),
        ),
        (
            &["dora", "payments", "--since", "36501d"],
            format!("for --since: {durations}"),
        ),
        (
            &["dora", "payments", "--since", "0d"],
            format!("for --since: {durations}"),
        ),
        (
            &["dora", "payments", "--since", "1y"],
            "for --since: is not a fixed length of time".into(),
        ),
        (
            &[
                "dora",
                "payments",
                "--since",
                "36500d",
                "--to",
                "0050-01-01",
            ],
            "for --since: starts the window before 0001-01-01T00:00:00Z".into(),
        ),
        (
            &["dora", "payments", "--from", "0000-06-01"],
            format!("for --from: {dates}"),
        ),
        (
            &["dora", "payments", "--from=-009999-01-01"],
            format!("for --from: {dates}"),
        ),
        (
            &[
                "dora",
                "payments",
                "--from",
                "2026-01-01",
                "--to",
                "9999-12-31",
            ],
            format!("for --to: {dates}"),
        ),
        (
            &[
                "dora",
                "payments",
                "--from",
                "2026-01-01",
                "--to",
                "9999-12-31T23:59:59Z",
            ],
            format!("for --to: {times}"),
        ),
        (
            &["env", "up", "--pr", "1", "--ttl", "99999999d", "--dry-run"],
            format!("for --ttl: {durations}"),
        ),
        (
            &[
                "env",
                "up",
                "--pr",
                "1",
                "--timeout",
                "99999999999h",
                "--dry-run",
            ],
            format!("for --timeout: {durations}"),
        ),
        (
            &["env", "extend", "--pr", "1", "--ttl", "99999999d"],
            format!("for --ttl: {durations}"),
        ),
    ];
    for (args, says) in cases {
        let output = plat()
            .current_dir(tree.path())
            .args(*args)
            .output()
            .unwrap();
        assert_fails(&output, 2, says);
        assert!(
            stderr(&output).contains("hint: write"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // plat.yaml's durations are checked when it is read, at their position.
    for (config, says) in [
        (
            "environments:\n  ttl: 99999999d\n",
            format!("`99999999d` {durations}"),
        ),
        ("http:\n  timeout: 0s\n", format!("`0s` {durations}")),
        (
            "http:\n  connectTimeout: 999999999999999s\n",
            format!("`999999999999999s` {durations}"),
        ),
        ("dora:\n  since: 36501d\n", format!("`36501d` {durations}")),
        (
            "dora:\n  levels:\n    leadTime: {elite: 1d, high: 1w, medium: 99999999d}\n",
            format!("dora.levels.leadTime: `99999999d` {durations}"),
        ),
    ] {
        tree.write("plat.yaml", config);
        let output = plat()
            .current_dir(tree.path())
            .args(["dora", "payments"])
            .output()
            .unwrap();
        assert_fails(&output, 2, &says);
        assert!(
            stderr(&output).contains("plat.yaml:"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn names_that_are_not_utf8_are_shown_lossily_not_fatal() {
    use std::os::unix::ffi::OsStrExt;
    let tree = Tree::new();
    let odd = tree
        .path()
        .join(std::ffi::OsStr::from_bytes(b"team-\xff\xfe"));
    std::fs::create_dir(&odd).unwrap();
    std::fs::write(odd.join("catalog-info.yaml"), component("odd", "team-a")).unwrap();
    std::fs::write(
        odd.join("catalog-info.yml"),
        b"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad-\xff\n",
    )
    .unwrap();
    let output = plat()
        .current_dir(tree.path())
        .args(["catalog", "validate"])
        .output()
        .unwrap();
    let said = stdout(&output) + &stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("team-\u{fffd}\u{fffd}/catalog-info.yml:4:"),
        "the path, lossily, and the position: {said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    let listed = plat()
        .current_dir(tree.path())
        .args(["catalog", "ls"])
        .output()
        .unwrap();
    assert!(stdout(&listed).starts_with("odd\t"), "{}", stdout(&listed));
}
