use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The plat binary with an environment that does not leak the developer's
/// own configuration into the test.
pub fn plat() -> Command {
    let mut cmd = Command::cargo_bin("plat").expect("plat binary is built");
    cmd.env_remove("PLAT_CONFIG")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
        .env("HOME", "/nonexistent/plat-tests");
    cmd
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn acme() -> PathBuf {
    fixtures().join("acme")
}

/// The demo with its delivery history (`fixtures/acme/.dora-demo/`, not
/// committed), written once per test run by `fixtures/acme/dora-demo.py`
/// as the README's quick start does, for tests that run `dora` or
/// `deployments` on it. None when python3 is missing (a skip, outside CI).
pub fn acme_with_history() -> Option<PathBuf> {
    static WRITTEN: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let python = tool("python3", "python3 (it writes the demo's DORA history)")?;
    let written = WRITTEN.get_or_init(|| {
        let output = std::process::Command::new(python)
            .arg(acme().join("dora-demo.py"))
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    });
    if let Err(problem) = written {
        panic!("fixtures/acme/dora-demo.py failed: {problem}");
    }
    Some(acme())
}

/// A temporary directory with files written into it.
pub struct Tree {
    pub dir: tempfile::TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Tree {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The run exited with `code` and its stderr says `says`; a failure shows
/// the whole stderr.
#[track_caller]
pub fn assert_fails(output: &std::process::Output, code: i32, says: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    assert!(err.contains(says), "expected {says:?} in:\n{err}");
}

/// plat's HTTP client as an at-a-glance read uses it: half a second to
/// connect and to answer, no retries.
pub fn short_client() -> plat::http::Client {
    plat::http::Client::new(plat::http::Options {
        timeout: std::time::Duration::from_millis(500),
        connect_timeout: std::time::Duration::from_millis(500),
        retries: 0,
        ..plat::http::Options::default()
    })
    .expect("an HTTP client")
}

/// A minimal valid Component.
pub fn component(name: &str, owner: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n"
    )
}

pub fn group(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\nspec:\n  type: team\n  children: []\n"
    )
}

/// The program's path, if it is on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// A tool a test needs: `None` (the test skips, saying so) when it is
/// missing on a user's machine; under CI a missing tool fails the test.
pub fn tool(program: &str, what: &str) -> Option<PathBuf> {
    let found = which(program);
    if found.is_none() {
        assert!(std::env::var("CI").is_err(), "{what} is needed under CI");
        eprintln!("skipped: {what} is not installed");
    }
    found
}

/// `script` (util-linux), which gives plat a pseudo-terminal.
pub fn script() -> Option<PathBuf> {
    tool("script", "`script` (util-linux)")
}

/// Waits until `ready` holds (at most 20 s), then sends the child SIGINT
/// with the shell's `kill` (procps may not be installed).
pub fn interrupt_when(
    mut child: std::process::Child,
    ready: impl Fn() -> bool,
) -> std::process::Output {
    let started = std::time::Instant::now();
    while !ready() {
        if child.try_wait().unwrap().is_some() {
            let output = child.wait_with_output().unwrap();
            panic!("the run ended by itself: {}", stderr(&output));
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the run never got there"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait_with_output().unwrap()
}

/// What the screen shows after `plat ARGS` ran on a pseudo-terminal
/// (`TERM=xterm`, `CI` unset, `envs` set), one string of rows; `None` (the
/// test skips) where `script` is missing.
pub fn on_terminal(args: &str, envs: &[(&str, &str)]) -> Option<String> {
    let script = script()?;
    let command = format!("{} {args}", assert_cmd::cargo::cargo_bin("plat").display());
    let output = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .env_remove("CI")
        .envs(envs.iter().copied())
        .output()
        .expect("script runs");
    Some(screen(&output.stdout).join("\n"))
}

/// What a terminal shows after `bytes` were written to it: escape
/// sequences applied (a cleared line is gone), one string per row.
pub fn screen(bytes: &[u8]) -> Vec<String> {
    let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
    let mut terminal = vt100::Parser::new(size(500), size(400), 0);
    terminal.process(bytes);
    terminal
        .screen()
        .contents()
        .lines()
        .map(str::to_string)
        .collect()
}
