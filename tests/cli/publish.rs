//! `plat new` publishing: real git pushes (bare repositories by path and
//! file://, and over HTTP through `git http-backend`), GitHub and PagerDuty
//! through fakes that follow their APIs, catalog registration in
//! plat.yaml, the preflight, and `--resume` after a failure.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{Tree, assert_fails, interrupt_when, plat, stderr, stdout};
use crate::publish_servers::{self, GitHub, PagerDuty};

const GITHUB_TOKEN: &str = "ghp_test_token_1234";
const PAGERDUTY_TOKEN: &str = "pd_test_token_5678";

/// A project directory with a plat.yaml wired to the fakes.
struct Project {
    tree: Tree,
    cache: Tree,
    templates: Tree,
}

impl Project {
    fn new(config: &str) -> Project {
        let tree = Tree::new();
        tree.write("plat.yaml", config);
        Project {
            tree,
            cache: Tree::new(),
            templates: Tree::new(),
        }
    }

    fn path(&self) -> &Path {
        self.tree.path()
    }

    fn plat(&self) -> assert_cmd::Command {
        let mut cmd = plat();
        cmd.current_dir(self.path())
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("GITHUB_TOKEN", GITHUB_TOKEN)
            .env("PAGERDUTY_TOKEN", PAGERDUTY_TOKEN)
            .env_remove("CI");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.plat().args(args).output().unwrap()
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.path().join("plat.yaml")).unwrap()
    }

    /// A template `custom` whose steps are `steps`, with a small skeleton.
    fn template(&self, steps: &str) {
        self.templates.write(
            "custom/template.yaml",
            format!(
                "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: custom\nspec:\n  type: service\n  parameters:\n    properties:\n      name:\n        type: string\n        default: demo\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: ${{{{ parameters.name }}}}\n{steps}"
            ),
        );
        self.templates
            .write("custom/skeleton/README.md", "# ${{ values.name }}\n");
        self.templates.write(
            "custom/skeleton/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/payments\n",
        );
    }
}

fn config_for(github: &GitHub, pagerduty: Option<&PagerDuty>, templates: Option<&Path>) -> String {
    let mut config = format!(
        "# The team's plat config\ncatalog:\n  # what the catalog holds\n  locations: []\nintegrations:\n  github:\n    host: {}\n    apiBaseUrl: {}\n    token: env:GITHUB_TOKEN\n",
        github.host(),
        github.api()
    );
    if let Some(pagerduty) = pagerduty {
        config.push_str(&format!(
            "  pagerduty:\n    apiBaseUrl: {}\n    token: env:PAGERDUTY_TOKEN\n",
            pagerduty.server.base
        ));
    }
    if let Some(templates) = templates {
        config.push_str(&format!("templates:\n  - {}\n", templates.display()));
    }
    config
}

/// `git` run in `dir`, its stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn bare_repository(dir: &Path) -> PathBuf {
    let bare = dir.join("remote.git");
    git(dir, &["init", "-q", "--bare", bare.to_str().unwrap()]);
    bare
}

/// What a clone of `remote` holds: its files and its log.
fn cloned(remote: &str, branch: &str) -> (Tree, String) {
    let clone = Tree::new();
    git(clone.path(), &["clone", "-q", "-b", branch, remote, "work"]);
    let log = git(
        &clone.path().join("work"),
        &["log", "--format=%an <%ae> %s", "--name-only"],
    );
    (clone, log)
}

// ---- publish:git ----------------------------------------------------------

#[test]
fn publish_git_pushes_to_bare_repositories_by_path_and_by_file_url() {
    for file_url in [false, true] {
        let remotes = Tree::new();
        let bare = bare_repository(remotes.path());
        let remote = if file_url {
            format!("file://{}", bare.display())
        } else {
            bare.display().to_string()
        };
        let project = Project::new("catalog:\n  locations: []\n");
        project.template(&format!(
            "    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n        defaultBranch: trunk\n        gitCommitMessage: First of ${{{{ parameters.name }}}}\n        gitAuthorName: Ada Lovelace\n        gitAuthorEmail: ada@example.com\n"
        ));
        project.tree.write(
            "plat.yaml",
            format!(
                "templates:\n  - {}\ncatalog:\n  locations: []\n",
                project.templates.path().display()
            ),
        );
        let output = project.run(&["new", "custom", "--no-input", "-o", "json"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let step = &report["steps"][1];
        assert_eq!(step["status"], "done");
        assert_eq!(step["output"]["remoteUrl"], remote);
        assert_eq!(step["output"]["commitHash"].as_str().unwrap().len(), 40);

        let (clone, log) = cloned(&remote, "trunk");
        assert!(
            log.starts_with("Ada Lovelace <ada@example.com> First of demo\n"),
            "{log}"
        );
        assert!(
            log.contains("README.md") && log.contains("catalog-info.yaml"),
            "{log}"
        );
        assert_eq!(
            git(&clone.path().join("work"), &["branch", "--show-current"]).trim(),
            "trunk"
        );
        assert_eq!(
            std::fs::read_to_string(clone.path().join("work/README.md")).unwrap(),
            "# demo\n"
        );

        // The remote is not empty any more: the preflight refuses, nothing is pushed.
        let again = project.run(&["new", "custom", "--no-input"]);
        assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
        let err = stderr(&again);
        assert!(
            err.contains("preflight found problems; nothing was changed"),
            "{err}"
        );
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "1");
    }
}

#[test]
fn publish_git_over_http_uses_the_integration_token_and_says_when_it_is_wrong() {
    let github = publish_servers::github(GITHUB_TOKEN);
    git2::Repository::init_bare(github.bare("acme", "plain")).unwrap();
    let remote = format!("{}/git/acme/plain.git", github.server.base);
    let project = Project::new("");
    project.template(&format!("    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n        defaultBranch: main\n"));
    project.tree.write(
        "plat.yaml",
        config_for(&github, None, Some(project.templates.path())),
    );

    let wrong = project
        .plat()
        .env("GITHUB_TOKEN", "ghp_wrong")
        .args(["new", "custom", "--no-input"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    let err = stderr(&wrong);
    assert!(
        err.contains("authentication failed") || err.contains("rejected the credentials"),
        "{err}"
    );
    assert!(
        !err.contains("ghp_wrong"),
        "the token is never printed: {err}"
    );

    let output = project.run(&["new", "custom", "--no-input"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bare = github.bare("acme", "plain");
    assert_eq!(
        git(&bare, &["log", "--format=%s", "main"]).trim(),
        "initial commit"
    );
    assert_eq!(git(&bare, &["show", "main:README.md"]), "# demo\n");
}

// ---- the golden path, end to end -----------------------------------------

fn golden_args(name: &str, github: &GitHub) -> Vec<String> {
    [
        "new",
        "golang-microservice",
        "--no-input",
        "--set",
        &format!("name={name}"),
        "--set",
        "description=Takes payments",
        "--set",
        "owner=group:default/payments",
        "--set",
        "database=postgresql",
        "--set",
        "cache=redis",
        "--set",
        "escalationPolicyId=PESC1",
        "--set",
        &format!("repoUrl={}?owner=acme&repo={name}", github.host()),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn golang_microservice_is_created_pushed_registered_and_listed() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
    let project = Project::new(&config_for(&github, Some(&pagerduty), None));
    let output = project
        .plat()
        .args(golden_args("payments-api", &github))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // The repository: created in the organisation as internal, pushed, protected.
    let created = github.log.bodies("POST", "/orgs/acme/repos");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["name"], "payments-api");
    assert_eq!(created[0]["visibility"], "internal");
    assert_eq!(created[0]["description"], "Takes payments");
    assert_eq!(
        github
            .log
            .count("PUT", "/repos/acme/payments-api/branches/main/protection"),
        1
    );
    let remote = format!("{}/git/acme/payments-api.git", github.server.base);
    let bare = github.bare("acme", "payments-api");
    let files = git(&bare, &["ls-tree", "-r", "--name-only", "main"]);
    for file in [
        "go.mod",
        "cmd/server/main.go",
        "Dockerfile",
        "k8s/deployment.yaml",
        "catalog-info.yaml",
        ".github/workflows/ci.yaml",
        ".plat/template.yaml",
    ] {
        assert!(files.lines().any(|l| l == file), "{file} pushed: {files}");
    }
    // What it was made from is pushed with it, for `plat update`.
    let record = git(&bare, &["show", "main:.plat/template.yaml"]);
    assert!(
        record.contains(
            "template: template:default/golang-microservice\nsource:\n  kind: built-in\n"
        ),
        "{record}"
    );
    assert!(record.contains("  name: payments-api\n"), "{record}");
    assert!(git(&bare, &["show", "main:k8s/deployment.yaml"]).contains("payments-api-database"));
    let _ = remote;

    // PagerDuty: one service, with the escalation policy.
    let services = pagerduty.log.bodies("POST", "/services");
    assert_eq!(services.len(), 1);
    assert_eq!(services[0]["service"]["name"], "payments-api");
    assert_eq!(
        services[0]["service"]["escalation_policy"],
        json!({"id": "PESC1", "type": "escalation_policy_reference"})
    );

    // Registered in plat.yaml, comments kept.
    let catalog_url = format!(
        "{}/acme/payments-api/blob/main/catalog-info.yaml",
        github.server.base
    );
    let config = project.config();
    assert!(
        config.starts_with("# The team's plat config\ncatalog:\n  # what the catalog holds\n"),
        "{config}"
    );
    assert!(
        config.contains(&format!("  locations: [{catalog_url}]")),
        "{config}"
    );

    // Links, and the new component in the catalog at once.
    let out = stdout(&output);
    assert!(
        out.contains(&format!(
            "Repository: {}/acme/payments-api",
            github.server.base
        )),
        "{out}"
    );
    assert!(
        out.contains("Open in catalog: component:default/payments-api"),
        "{out}"
    );
    let listed = project.run(&["catalog", "ls", "-o", "name"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert_eq!(stdout(&listed).trim(), "component:default/payments-api");

    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!all.contains(GITHUB_TOKEN) && !all.contains(PAGERDUTY_TOKEN));
}

#[test]
fn a_dry_run_shows_what_each_remote_step_would_send_and_touches_nothing() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
    let project = Project::new(&config_for(&github, Some(&pagerduty), None));
    let mut args = golden_args("payments-api", &github);
    args.extend([
        "--dry-run".to_string(),
        "--secret".to_string(),
        format!("TOKEN={GITHUB_TOKEN}"),
    ]);
    let output = project.plat().args(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(&format!("POST {}/orgs/acme/repos", github.api())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "git push {}/acme/payments-api.git main",
            github.server.base
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("POST {}/services", pagerduty.server.base)),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "add {}/acme/payments-api/blob/main/catalog-info.yaml to catalog.locations",
            github.server.base
        )),
        "{out}"
    );
    assert!(!out.contains(GITHUB_TOKEN));
    assert!(
        github.log.requests.lock().unwrap().is_empty(),
        "nothing was sent to GitHub"
    );
    assert!(
        pagerduty.log.requests.lock().unwrap().is_empty(),
        "nothing was sent to PagerDuty"
    );
    assert!(!project.config().contains("payments-api"));
}

#[test]
fn the_preflight_lists_every_problem_and_changes_nothing() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
    let project = Project::new(&config_for(&github, Some(&pagerduty), None));
    let mut args = golden_args("payments-api", &github);
    args.extend(["--set".to_string(), "escalationPolicyId=PNOPE".to_string()]);
    let output = project
        .plat()
        .env("GITHUB_TOKEN", "ghp_wrong")
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("step `Publish to GitHub` (publish:github): checking the GitHub token (GET /user): GitHub rejected the token (401 Bad credentials)"), "{err}");
    assert!(err.contains("step `Create the PagerDuty service` (pagerduty:service:create): PagerDuty has no escalation policy PNOPE"), "{err}");
    assert!(!err.contains("ghp_wrong"));
    assert_eq!(github.log.count("POST", "/orgs/acme/repos"), 0);
    assert_eq!(pagerduty.log.count("POST", "/services"), 0);

    // A repository that already exists is found before anything happens.
    git2::Repository::init_bare(github.bare("acme", "payments-api")).unwrap();
    let output = project
        .plat()
        .args(golden_args("payments-api", &github))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the repository acme/payments-api already exists"),
        "{}",
        stderr(&output)
    );

    // Without PagerDuty configured, the step that needs it says what to add.
    let project = Project::new(&config_for(&github, None, None));
    let output = project
        .plat()
        .args(golden_args("ledger", &github))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("PagerDuty is not configured: add integrations.pagerduty.token"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_failure_after_publishing_keeps_the_state_and_resume_finishes_the_rest() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
    let project = Project::new(&config_for(&github, Some(&pagerduty), None));
    pagerduty.log.fail(
        "POST",
        "/services",
        500,
        json!({"error": {"message": "Internal Server Error", "code": 2000}}),
    );
    let output = project
        .plat()
        .args(golden_args("payments-api", &github))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("step `Create the PagerDuty service` (pagerduty:service:create): creating the PagerDuty service: PagerDuty answered 500: Internal Server Error"), "{err}");
    assert!(
        err.contains(&format!(
            "already done:\n    Publish to GitHub: done ({}/acme/payments-api)",
            github.server.base
        )),
        "{err}"
    );
    let dir = resume_dir(&err);
    let state = std::fs::read_to_string(Path::new(&dir).join("state.json")).unwrap();
    assert!(!state.contains(GITHUB_TOKEN) && !state.contains(PAGERDUTY_TOKEN));
    assert!(Path::new(&dir).join("workspace/go.mod").exists());
    assert!(
        !project.config().contains("payments-api"),
        "registration did not run"
    );

    pagerduty.log.heal();
    let resumed = project.run(&["new", "--resume", &dir, "--no-input"]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert_eq!(
        github.log.count("POST", "/orgs/acme/repos"),
        1,
        "the repository is not created again"
    );
    assert_eq!(
        pagerduty.log.count("POST", "/services"),
        2,
        "the failed call, then the resumed one"
    );
    assert!(
        project
            .config()
            .contains("acme/payments-api/blob/main/catalog-info.yaml")
    );
    assert!(
        stdout(&resumed).contains(&format!(
            "Repository: {}/acme/payments-api",
            github.server.base
        )),
        "{}",
        stdout(&resumed)
    );
    assert!(
        !Path::new(&dir).exists(),
        "the kept run is removed once finished"
    );
}

/// The kept run's directory, as the hint of a partly published run names it.
fn resume_dir(err: &str) -> String {
    err.split("plat new --resume ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("the hint names the directory: {err}"))
        .to_string()
}

#[test]
fn a_failure_before_anything_was_published_keeps_nothing() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
    let project = Project::new(&config_for(&github, Some(&pagerduty), None));
    github.log.fail(
        "POST",
        "/orgs/acme/repos",
        422,
        json!({"message": "Repository creation failed.", "errors": [{"resource": "Repository", "code": "custom", "field": "name", "message": "name already exists on this account"}], "status": "422"}),
    );
    let output = project
        .plat()
        .args(golden_args("payments-api", &github))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("cannot create acme/payments-api: Repository creation failed.; name already exists on this account"), "{err}");
    assert!(!err.contains("--resume"), "{err}");
    let runs = project.cache.path().join("plat/runs");
    assert!(
        std::fs::read_dir(&runs).map(|d| d.count()).unwrap_or(0) == 0,
        "no run kept"
    );
    assert_eq!(pagerduty.log.count("POST", "/services"), 0);
}

/// A template that pushes to `remote`, then waits `wait` seconds (a
/// parameter, so that a resumed run need not wait again).
fn push_then_wait(project: &Project, remote: &str) {
    project.templates.write(
        "custom/template.yaml",
        format!(
            "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: custom\nspec:\n  type: service\n  parameters:\n    properties:\n      name: {{type: string, default: demo}}\n      wait: {{type: number, default: 60}}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values: {{name: '${{{{ parameters.name }}}}'}}\n    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n        defaultBranch: main\n    - id: wait\n      action: debug:wait\n      input:\n        seconds: ${{{{ parameters.wait }}}}\n"
        ),
    );
    project
        .templates
        .write("custom/skeleton/README.md", "# ${{ values.name }}\n");
    project.tree.write(
        "plat.yaml",
        format!(
            "templates:\n  - {}\ncatalog:\n  locations: []\n",
            project.templates.path().display()
        ),
    );
}

/// `plat new custom --no-input [ARGS]`, running in the background.
fn spawn_new_custom(project: &Project, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .current_dir(project.path())
        .env("XDG_CACHE_HOME", project.cache.path())
        .env_remove("CI")
        .args(["new", "custom", "--no-input"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The run directory plat keeps under `runs`, if there is one.
fn kept_run(runs: &Path) -> Option<PathBuf> {
    std::fs::read_dir(runs)
        .ok()?
        .next()?
        .ok()
        .map(|entry| entry.path())
}

#[test]
fn ctrl_c_after_publishing_keeps_a_state_that_resume_finishes() {
    let remotes = Tree::new();
    let bare = bare_repository(remotes.path());
    let project = Project::new("");
    push_then_wait(&project, &bare.display().to_string());
    let runs = project.cache.path().join("plat/runs");
    let child = spawn_new_custom(&project, &[]);
    // The push is done once the state names it.
    let state_file = || kept_run(&runs).map(|dir| dir.join("state.json"));
    let output = interrupt_when(child, || {
        state_file()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .is_some_and(|s| s.contains("publish:git"))
    });
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    let err = stderr(&output);
    let dir = state_file().unwrap().parent().unwrap().to_path_buf();
    assert!(
        err.contains(&format!(
            "note: what was published is kept in {}: `plat new --resume {}` finishes the run",
            dir.display(),
            dir.display()
        )),
        "{err}"
    );
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("state.json")).unwrap()).unwrap();
    let steps: Vec<&str> = state["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["fetch:template", "publish:git"]);
    assert!(state.get("failed").is_none(), "{state}");
    assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "1");

    let resumed = project.run(&[
        "new",
        "--resume",
        dir.to_str().unwrap(),
        "--no-input",
        "--set",
        "wait=0",
    ]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert_eq!(
        git(&bare, &["rev-list", "--all", "--count"]).trim(),
        "1",
        "the push is not done again"
    );
    assert!(!dir.exists(), "the kept run is removed once finished");
}

#[test]
fn ctrl_c_before_anything_is_published_keeps_nothing() {
    let remotes = Tree::new();
    let bare = bare_repository(remotes.path());
    let project = Project::new("");
    // The same steps with the wait first: the run is interrupted before the push.
    push_then_wait(&project, &bare.display().to_string());
    let template = project.templates.path().join("custom/template.yaml");
    let text = std::fs::read_to_string(&template).unwrap();
    let (head, steps) = text.split_once("    - id: push").unwrap();
    let (push, wait) = steps.split_once("    - id: wait").unwrap();
    std::fs::write(
        &template,
        format!("{head}    - id: wait{wait}    - id: push{push}"),
    )
    .unwrap();
    let runs = project.cache.path().join("plat/runs");
    let child = spawn_new_custom(&project, &[]);
    // In the wait once the kept run's workspace holds the rendered file.
    let output = interrupt_when(child, || {
        kept_run(&runs).is_some_and(|dir| dir.join("workspace/README.md").exists())
    });
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(!stderr(&output).contains("--resume"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_dir(&runs).map(|d| d.count()).unwrap(),
        0,
        "no run kept"
    );
    assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "0");
}

#[test]
fn dry_runs_check_debug_wait_but_do_not_wait() {
    let remotes = Tree::new();
    let bare = bare_repository(remotes.path());
    let project = Project::new("");
    push_then_wait(&project, &bare.display().to_string());
    // Ten minutes, the longest wait Backstage allows: a dry run that slept
    // would still be running when the 20 s are up.
    let mut child = spawn_new_custom(&project, &["--dry-run", "--set", "wait=600"]);
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("the dry run waited");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success());
    // The input is still checked.
    let too_long = project.run(&[
        "new",
        "custom",
        "--no-input",
        "--dry-run",
        "--set",
        "wait=700",
    ]);
    assert_fails(
        &too_long,
        1,
        "Waiting duration is longer than the maximum threshold of 10 minutes",
    );
    assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "0");
}

#[test]
fn resume_refuses_a_directory_that_is_not_a_kept_run() {
    let project = Project::new("");
    let output = project.run(&["new", "--resume", ".", "--no-input"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("state.json"),
        "{}",
        stderr(&output)
    );
}

// ---- templates named by their place ----------------------------------------

/// `git` with a committer identity, in `dir`.
fn commit_in(dir: &Path, args: &[&str]) {
    let mut all = vec!["-c", "user.name=Test", "-c", "user.email=test@example.com"];
    all.extend(args);
    git(dir, &all);
}

#[test]
fn a_template_repository_over_http_is_cloned_with_the_integration_token() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let project = Project::new(&config_for(&github, None, None));
    // acme/templates: `custom` in service/, tag v1; branch release/2 changes its README.
    project.template("");
    let work = project.templates.path();
    std::fs::rename(work.join("custom"), work.join("service")).unwrap();
    commit_in(work, &["init", "-q", "-b", "main"]);
    commit_in(work, &["add", "."]);
    commit_in(work, &["commit", "-q", "-m", "first"]);
    commit_in(work, &["tag", "v1"]);
    commit_in(work, &["checkout", "-q", "-b", "release/2"]);
    project.templates.write(
        "service/skeleton/README.md",
        "# ${{ values.name }}, release 2\n",
    );
    commit_in(work, &["commit", "-q", "-am", "release 2"]);
    let bare = github.bare("acme", "templates");
    std::fs::create_dir_all(bare.parent().unwrap()).unwrap();
    git(
        work,
        &["clone", "-q", "--bare", ".", bare.to_str().unwrap()],
    );
    git(&bare, &["symbolic-ref", "HEAD", "refs/heads/main"]);

    let base = &github.server.base;
    let runs = [
        // A git URL whose #ref is a tag.
        (format!("{base}/git/acme/templates.git#v1"), "# demo\n"),
        // GitHub tree and blob URLs: the repository at a branch whose name
        // has a /, a directory (or the template file) in it.
        (
            format!("{base}/acme/templates/tree/release/2/service"),
            "# demo, release 2\n",
        ),
        (
            format!("{base}/acme/templates/blob/v1/service/template.yaml"),
            "# demo\n",
        ),
    ];
    for (n, (url, readme)) in runs.iter().enumerate() {
        let out = format!("out{n}");
        let output = project.run(&["new", url, "--no-input", "--output", &out]);
        assert_eq!(output.status.code(), Some(0), "{url}: {}", stderr(&output));
        assert_eq!(
            std::fs::read_to_string(project.path().join(&out).join("README.md")).unwrap(),
            *readme,
            "{url}"
        );
    }
    assert!(
        github.log.count("GET", "/acme/templates.git/info/refs") >= 1,
        "cloned from GitHub's clone URL"
    );

    // Without the token the server refuses: the argument is named, exit 2.
    let output = project
        .plat()
        .env_remove("GITHUB_TOKEN")
        .env("HOME", Tree::new().path())
        .args([
            "new",
            &format!("{}/git/acme/templates.git#release/2", github.server.base),
            "--no-input",
        ])
        .output()
        .unwrap();
    assert_fails(
        &output,
        2,
        &format!(
            "error: template `{0}/git/acme/templates.git#release/2`: cannot clone {0}/git/acme/templates.git: ",
            github.server.base
        ),
    );
    assert!(
        stderr(&output).contains("integrations.github.token"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains(GITHUB_TOKEN));
}

#[test]
fn a_run_of_a_template_named_by_its_place_resumes_with_the_same_template() {
    for by_url in [false, true] {
        let github = publish_servers::github(GITHUB_TOKEN);
        let pagerduty = publish_servers::pagerduty(PAGERDUTY_TOKEN);
        // No templates configured: only the recorded source finds it again.
        let project = Project::new(&config_for(&github, Some(&pagerduty), None));
        let remotes = Tree::new();
        let bare = bare_repository(remotes.path());
        project.template(&format!(
            "    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {}\n    - id: pagerduty\n      action: pagerduty:service:create\n      input:\n        name: ${{{{ parameters.name }}}}\n        escalationPolicyId: PESC1\n",
            bare.display()
        ));
        let work = project.templates.path();
        let argument = if by_url {
            commit_in(work, &["init", "-q", "-b", "main"]);
            commit_in(work, &["add", "."]);
            commit_in(work, &["commit", "-q", "-m", "first"]);
            format!("file://{}", work.display())
        } else {
            work.join("custom").display().to_string()
        };
        pagerduty.log.fail(
            "POST",
            "/services",
            500,
            json!({"error": {"message": "Internal Server Error", "code": 2000}}),
        );
        let output = project.run(&["new", &argument, "--no-input"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let dir = resume_dir(&stderr(&output));
        let state: Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(&dir).join("state.json")).unwrap(),
        )
        .unwrap();
        if by_url {
            let head = git(work, &["rev-parse", "HEAD"]);
            assert_eq!(
                state["source"],
                json!({"kind": "git", "url": format!("{argument}#{}", head.trim())})
            );
            // Upstream moves on without the template: the run still resumes
            // with the commit it started from.
            commit_in(work, &["rm", "-q", "-r", "custom"]);
            commit_in(work, &["commit", "-q", "-m", "gone"]);
        } else {
            assert_eq!(
                state["source"],
                json!({"kind": "path", "path": work.join("custom/template.yaml")})
            );
        }

        pagerduty.log.heal();
        let resumed = project.run(&["new", "--resume", &dir, "--no-input"]);
        assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
        assert_eq!(pagerduty.log.count("POST", "/services"), 2);
        assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "1");
    }
}

// ---- publish:git over SSH -------------------------------------------------

/// A real sshd on 127.0.0.1 that lets the current user in with a key held
/// by a real ssh-agent; stopped when dropped.
struct Ssh {
    dir: Tree,
    port: u16,
    user: String,
    /// sshd also listens on port 22, so scp-like addresses work.
    scp_like: bool,
    sshd: std::process::Child,
    agent: std::process::Child,
}

impl Drop for Ssh {
    fn drop(&mut self) {
        let _ = self.sshd.kill();
        let _ = self.agent.kill();
        let _ = self.sshd.wait();
        let _ = self.agent.wait();
    }
}

impl Ssh {
    fn start() -> Option<Ssh> {
        let tools = ["sshd", "ssh-keygen", "ssh-agent", "ssh-add"];
        let sshd_path = ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists());
        if sshd_path.is_none() || tools[1..].iter().any(|t| crate::common::which(t).is_none()) {
            assert!(
                std::env::var("CI").is_err(),
                "OpenSSH (openssh-server, openssh-client) is needed under CI"
            );
            eprintln!("skipped: OpenSSH is not installed");
            return None;
        }
        let dir = Tree::new();
        let d = dir.path();
        let run = |program: &str, args: &[&str]| {
            let status = std::process::Command::new(program)
                .args(args)
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "{program} {args:?}");
        };
        run(
            "ssh-keygen",
            &[
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                d.join("host").to_str().unwrap(),
            ],
        );
        run(
            "ssh-keygen",
            &[
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                d.join("user").to_str().unwrap(),
            ],
        );
        std::fs::copy(d.join("user.pub"), d.join("authorized_keys")).unwrap();
        let user = String::from_utf8(
            std::process::Command::new("id")
                .arg("-un")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim()
        .to_string();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // scp-like addresses (user@host:path) have no port: they need sshd on 22,
        // which only root may open.
        let scp_like = std::net::TcpListener::bind("127.0.0.1:22").is_ok();
        let extra_port = if scp_like { "Port 22\n" } else { "" };
        let config = format!(
            "{extra_port}Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\nPidFile {pid}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\nAllowUsers {user}\n",
            host = d.join("host").display(),
            keys = d.join("authorized_keys").display(),
            pid = d.join("sshd.pid").display(),
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        // sshd started as root wants its privilege separation directory.
        let _ = std::fs::create_dir_all("/run/sshd");
        let sshd = std::process::Command::new(sshd_path.unwrap())
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let agent_socket = d.join("agent.sock");
        let agent = std::process::Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&agent_socket)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if agent_socket.exists() && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let added = std::process::Command::new("ssh-add")
            .arg(d.join("user"))
            .env("SSH_AUTH_SOCK", &agent_socket)
            .output()
            .unwrap();
        assert!(
            added.status.success(),
            "ssh-add: {}",
            String::from_utf8_lossy(&added.stderr)
        );
        // The host key is known, as it would be for a real server: libgit2 checks it.
        let host_key = std::fs::read_to_string(d.join("host.pub")).unwrap();
        std::fs::create_dir_all(d.join("home/.ssh")).unwrap();
        let key = host_key
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        std::fs::write(
            d.join("home/.ssh/known_hosts"),
            format!("[127.0.0.1]:{port} {key}\n127.0.0.1 {key}\n"),
        )
        .unwrap();
        Some(Ssh {
            dir,
            port,
            user,
            scp_like,
            sshd,
            agent,
        })
    }

    fn env(&self, cmd: &mut assert_cmd::Command) {
        cmd.env("SSH_AUTH_SOCK", self.dir.path().join("agent.sock"))
            .env("HOME", self.dir.path().join("home"));
    }
}

#[test]
fn publish_git_pushes_over_ssh_with_the_agent_and_checks_the_host_key() {
    let Some(ssh) = Ssh::start() else { return };
    let remotes = Tree::new();
    let bare = bare_repository(remotes.path());
    let remote = format!(
        "ssh://{}@127.0.0.1:{}{}",
        ssh.user,
        ssh.port,
        bare.display()
    );
    let project = Project::new("");
    project.template(&format!("    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n        defaultBranch: main\n"));
    project.tree.write(
        "plat.yaml",
        format!(
            "templates:\n  - {}\ncatalog:\n  locations: []\n",
            project.templates.path().display()
        ),
    );

    let mut cmd = project.plat();
    ssh.env(&mut cmd);
    let output = cmd.args(["new", "custom", "--no-input"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(git(&bare, &["show", "main:README.md"]), "# demo\n");

    // The scp-like form, user@host:path (port 22 only: tested where sshd could open it).
    if ssh.scp_like {
        std::fs::create_dir_all(remotes.path().join("scp")).unwrap();
        let scp = bare_repository(&remotes.path().join("scp"));
        project.template(&format!("    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {}@127.0.0.1:{}\n        defaultBranch: main\n", ssh.user, scp.display()));
        let mut cmd = project.plat();
        ssh.env(&mut cmd);
        let output = cmd.args(["new", "custom", "--no-input"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(git(&scp, &["show", "main:README.md"]), "# demo\n");
    } else {
        eprintln!("note: port 22 is not available here; the scp-like form was not pushed to");
    }

    // An unknown host key is refused before anything is pushed.
    std::fs::create_dir_all(remotes.path().join("other")).unwrap();
    let other = bare_repository(&remotes.path().join("other"));
    let remote = format!(
        "ssh://{}@127.0.0.1:{}{}",
        ssh.user,
        ssh.port,
        other.display()
    );
    project.template(&format!(
        "    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n"
    ));
    std::fs::write(ssh.dir.path().join("home/.ssh/known_hosts"), "").unwrap();
    let mut cmd = project.plat();
    ssh.env(&mut cmd);
    let refused = cmd.args(["new", "custom", "--no-input"]).output().unwrap();
    assert_fails(&refused, 2, "unknown remote ssh hostkey");
    assert_eq!(git(&other, &["rev-list", "--all", "--count"]).trim(), "0");
}

#[test]
fn a_repository_of_the_token_user_is_created_under_user_repos() {
    let github = publish_servers::github(GITHUB_TOKEN);
    let project = Project::new("");
    project.template("    - id: publish\n      action: publish:github\n      input:\n        repoUrl: ${{ parameters.repoUrl }}\n        repoVisibility: private\n        protectDefaultBranch: false\n");
    let config = config_for(&github, None, Some(project.templates.path()));
    project.tree.write("plat.yaml", config);
    let repo_url = format!("repoUrl={}?owner=ada&repo=notes", github.host());
    let output = project.run(&["new", "custom", "--no-input", "--set", &repo_url]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let created = github.log.bodies("POST", "/user/repos");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["private"], true);
    assert!(
        created[0].get("visibility").is_none(),
        "users' repositories take `private`: {}",
        created[0]
    );
    assert_eq!(
        github
            .log
            .count("PUT", "/repos/ada/notes/branches/master/protection"),
        0
    );
    // Backstage's default branch for GitHub publishing.
    assert_eq!(
        git(&github.bare("ada", "notes"), &["show", "master:README.md"]),
        "# demo\n"
    );
}

#[test]
fn git_credential_helpers_authenticate_remotes_without_an_integration() {
    let github = publish_servers::github(GITHUB_TOKEN);
    git2::Repository::init_bare(github.bare("acme", "helped")).unwrap();
    let remote = format!("{}/git/acme/helped.git", github.server.base);
    let project = Project::new("");
    project.template(&format!("    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n        defaultBranch: main\n"));
    // No GitHub integration for this host: git's own credential store answers.
    project.tree.write(
        "plat.yaml",
        format!(
            "templates:\n  - {}\ncatalog:\n  locations: []\n",
            project.templates.path().display()
        ),
    );
    let home = Tree::new();
    home.write(".gitconfig", "[credential]\n\thelper = store\n");
    home.write(
        ".git-credentials",
        format!("http://ada:{GITHUB_TOKEN}@{}\n", github.host()),
    );
    let output = project
        .plat()
        .env("HOME", home.path())
        .args(["new", "custom", "--no-input"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        git(&github.bare("acme", "helped"), &["show", "main:README.md"]),
        "# demo\n"
    );

    // Without any credentials the preflight says what to configure.
    std::fs::create_dir_all(github.bare("acme", "helped2")).unwrap();
    git2::Repository::init_bare(github.bare("acme", "helped2")).unwrap();
    let remote = format!("{}/git/acme/helped2.git", github.server.base);
    project.template(&format!(
        "    - id: push\n      action: publish:git\n      input:\n        remoteUrl: {remote}\n"
    ));
    let empty_home = Tree::new();
    let output = project
        .plat()
        .env("HOME", empty_home.path())
        .args(["new", "custom", "--no-input"])
        .output()
        .unwrap();
    assert_fails(
        &output,
        2,
        "configure a token for it, or a git credential helper",
    );
}
