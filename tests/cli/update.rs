//! `plat update`: projects made by `plat new` from a template in a real git
//! repository (fixtures/update/v1, then v2 committed on top: an added
//! file, a removed one, a renamed one, a file the user changed too, a
//! binary both changed, a new parameter), and the built-in
//! golang-microservice at two versions. Merges are compared with what
//! `git merge-file` makes of the same three inputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value as Json;

use crate::common::{Tree, assert_fails, fixtures, plat, stderr, stdout, tool};

/// A template repository, a cache and a place for projects, with a
/// plat.yaml that loads no catalog (the projects are not scanned).
struct Setup {
    tree: Tree,
    cache: Tree,
    /// The template repository's work tree (the template is in `update-svc/`).
    repo: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        Setup::with_template(&fixtures().join("update/v1"), "update-svc")
    }

    fn with_template(files: &Path, dir: &str) -> Setup {
        let tree = Tree::new();
        tree.write("plat.yaml", "catalog:\n  locations: []\n");
        let repo = tree.path().join("templates");
        copy_dir(files, &repo.join(dir));
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "v1"]);
        git(&repo, &["tag", "v1"]);
        Setup {
            tree,
            cache: Tree::new(),
            repo,
        }
    }

    fn path(&self) -> &Path {
        self.tree.path()
    }

    fn url(&self) -> String {
        format!("file://{}", self.repo.display())
    }

    /// The template's next version, committed on main and tagged.
    fn commit_version(&self, files: &Path, dir: &str, tag: &str) {
        std::fs::remove_dir_all(self.repo.join(dir)).unwrap();
        copy_dir(files, &self.repo.join(dir));
        git(&self.repo, &["add", "-A"]);
        git(&self.repo, &["commit", "-q", "-m", tag]);
        git(&self.repo, &["tag", tag]);
    }

    fn to_v2(&self) {
        self.commit_version(&fixtures().join("update/v2"), "update-svc", "v2");
    }

    fn plat(&self) -> assert_cmd::Command {
        let mut cmd = plat();
        cmd.current_dir(self.path())
            .env("XDG_CACHE_HOME", self.cache.path())
            .env_remove("CI");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.plat().args(args).output().unwrap()
    }

    /// `plat new URL#reference --set name=pay --output DIR` (and `extra`).
    fn new_project(&self, reference: &str, dir: &str, extra: &[&str]) -> PathBuf {
        let template = format!("{}#{reference}", self.url());
        let mut args = vec![
            "new",
            &template,
            "--no-input",
            "--set",
            "name=pay",
            "--output",
            dir,
            "--author",
            "Test <test@example.com>",
        ];
        args.extend_from_slice(extra);
        let output = self.run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        self.path().join(dir)
    }

    /// A project made from v1, with the user's edits committed, and v2
    /// committed to the template's main branch.
    fn edited_project(&self) -> PathBuf {
        let project = self.new_project("main", "project", &[]);
        edit_as_the_user(&project);
        self.to_v2();
        project
    }
}

/// The user's changes to a v1 project: a note at the end of the README
/// (the template changes its top), the log level both sides change, a
/// removed file the user edited, a file only the user changes, the binary
/// both sides change; committed.
fn edit_as_the_user(project: &Path) {
    append(
        project,
        "README.md",
        "\nOur on-call rota is in PagerDuty.\n",
    );
    replace(
        project,
        "config.yaml",
        "log_level: info",
        "log_level: debug",
    );
    append(project, "edited-then-removed.txt", "A user's line.\n");
    append(project, "user-only.txt", "The user's line.\n");
    std::fs::write(
        project.join("logo.bin"),
        [0x89, b'P', b'N', b'G', 0, 7, 7, 7],
    )
    .unwrap();
    git(project, &["commit", "-q", "-am", "our changes"]);
}

const V2_VALUES: &[&str] = &["--set", "tier=gold"];

fn update(setup: &Setup, project: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "update".to_string(),
        project.display().to_string(),
        "--no-input".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    setup.plat().args(&args).output().unwrap()
}

#[test]
fn new_records_the_template_and_annotates_the_catalog_file() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    let v1 = rev_parse(&setup.repo, "v1");
    assert_eq!(record["template"], "template:default/update-svc");
    assert_eq!(
        record["source"],
        serde_json::json!({"kind": "url", "url": format!("{}#main", setup.url())})
    );
    assert_eq!(
        record["repository"],
        serde_json::json!({"url": setup.url(), "commit": v1, "ref": "main", "dir": "update-svc"})
    );
    assert!(
        record["digest"].as_str().unwrap().starts_with("sha256:"),
        "{record}"
    );
    assert_eq!(
        record["values"],
        serde_json::json!({"name": "pay", "owner": "group:default/team-a"})
    );
    // Backstage's annotation, as its catalog:write adds it.
    let entity: Json = serde_norway::from_str(&read(&project.join("catalog-info.yaml"))).unwrap();
    assert_eq!(
        entity["metadata"]["annotations"]["backstage.io/source-template"],
        "template:default/update-svc"
    );
    // The record is part of the first commit: the project starts clean.
    let repository = git2::Repository::open(&project).unwrap();
    let head = repository.head().unwrap().peel_to_tree().unwrap();
    assert!(head.get_path(Path::new(".plat/template.yaml")).is_ok());
    assert!(repository.statuses(None).unwrap().is_empty());
}

/// A required password field, used in a rendered file.
fn with_token(template: &str) -> String {
    template
        .replace("required: [name", "required: [token, name")
        .replace(
            "        owner:\n",
            "        token:\n          type: string\n          ui:widget: password\n        owner:\n",
        )
        .replace(
            "          name: ${{ parameters.name }}\n",
            "          name: ${{ parameters.name }}\n          token: ${{ parameters.token }}\n",
        )
}

#[test]
fn secrets_are_not_recorded_and_are_asked_for_again() {
    let setup = Setup::new();
    let file = setup.repo.join("update-svc/template.yaml");
    std::fs::write(&file, with_token(&read(&file))).unwrap();
    append(
        &setup.repo.join("update-svc"),
        "skeleton/config.yaml",
        "token: ${{ values.token }}\n",
    );
    git(&setup.repo, &["commit", "-q", "-am", "a password field"]);
    let project = setup.new_project("main", "project", &["--set", "token=hunter2"]);
    let record = read(&project.join(".plat/template.yaml"));
    assert!(!record.contains("hunter2"), "{record}");
    assert!(!record.contains("token"), "{record}");
    assert!(read(&project.join("config.yaml")).contains("token: hunter2"));

    let v2 = Tree::new();
    copy_dir(&fixtures().join("update/v2"), v2.path());
    let file = v2.path().join("template.yaml");
    std::fs::write(&file, with_token(&read(&file))).unwrap();
    append(
        v2.path(),
        "skeleton/config.yaml",
        "token: ${{ values.token }}\n",
    );
    setup.commit_version(v2.path(), "update-svc", "v2");
    let output = update(&setup, &project, V2_VALUES);
    assert_fails(&output, 2, "token");
    let dry_run = update(
        &setup,
        &project,
        &["--dry-run", "--set", "tier=gold", "--set", "token=hunter2"],
    );
    let shown = stdout(&dry_run);
    assert!(shown.contains(" token: ***"), "masked in the diff: {shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    let output = update(
        &setup,
        &project,
        &["--set", "tier=gold", "--set", "token=hunter2"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("hunter2") && !stderr(&output).contains("hunter2"));
    let config = read(&project.join("config.yaml"));
    assert!(
        config.contains("log_level: warn") && config.contains("token: hunter2"),
        "{config}"
    );
    let record = read(&project.join(".plat/template.yaml"));
    assert!(
        !record.contains("hunter2") && !record.contains("token"),
        "{record}"
    );
}

#[test]
fn update_merges_the_template_change_into_the_users_edits() {
    let Some(git_program) = tool("git", "git") else {
        return;
    };
    let setup = Setup::new();
    let project = setup.edited_project();
    let head_before = rev_parse(&project, "HEAD");
    let user_files = files(&project);

    let output = update(&setup, &project, V2_VALUES);
    assert_eq!(
        output.status.code(),
        Some(1),
        "conflicts exit 1: {}",
        stderr(&output)
    );
    let out = stdout(&output);

    // Renders of both versions with the same values, made by plat new.
    let base = setup.new_project("v1", "base", &[]);
    let theirs = setup.new_project("v2", "theirs", V2_VALUES);

    // Both changed: the merge is what git merge-file makes of the three.
    for file in ["README.md", "config.yaml"] {
        let expected = merge_file(
            &git_program,
            &user_files[file],
            &read_bytes(&base.join(file)),
            &read_bytes(&theirs.join(file)),
        );
        assert_eq!(
            read(&project.join(file)),
            String::from_utf8(expected).unwrap(),
            "{file}"
        );
    }
    let readme = read(&project.join("README.md"));
    assert!(
        readme.contains("tier gold") && readme.contains("on-call rota"),
        "{readme}"
    );
    assert!(read(&project.join("config.yaml")).contains("<<<<<<<"));
    // Only the template changed it / only the user changed it.
    assert_eq!(
        read(&project.join("Dockerfile")),
        read(&theirs.join("Dockerfile"))
    );
    assert!(
        read(&project.join("Dockerfile")).contains("EXPOSE 8080"),
        "a new parameter's default"
    );
    assert_eq!(
        read_bytes(&project.join("user-only.txt")),
        user_files["user-only.txt"]
    );
    assert_eq!(
        read_bytes(&project.join("stable.txt")),
        user_files["stable.txt"]
    );
    // Removed by the template: gone unless the user changed it.
    assert!(!project.join("old.txt").exists());
    assert_eq!(
        read_bytes(&project.join("edited-then-removed.txt")),
        user_files["edited-then-removed.txt"]
    );
    assert!(
        out.contains("kept            edited-then-removed.txt (removed by the template; kept: you changed it)"),
        "{out}"
    );
    // Renamed by the template.
    assert!(!project.join("docs/guide.md").exists());
    assert_eq!(
        read_bytes(&project.join("docs/handbook.md")),
        user_files["docs/guide.md"]
    );
    // A binary both changed: the user's, reported as a conflict.
    assert_eq!(
        read_bytes(&project.join("logo.bin")),
        user_files["logo.bin"]
    );
    assert!(out.contains("logo.bin"), "{out}");
    // The record is at v2, with the new values.
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    assert_eq!(record["repository"]["commit"], rev_parse(&setup.repo, "v2"));
    assert_eq!(record["values"]["tier"], "gold");
    assert_eq!(record["values"]["port"], 8080);
    // Left uncommitted, for review.
    assert_eq!(rev_parse(&project, "HEAD"), head_before);
    let changed = git_status(&project);
    assert!(
        changed.iter().any(|l| l.ends_with("config.yaml")),
        "{changed:?}"
    );
    assert!(
        changed.iter().any(|l| l.ends_with("Dockerfile")),
        "{changed:?}"
    );
}

#[test]
fn an_update_without_conflicts_exits_0_and_a_second_finds_nothing_to_do() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    append(&project, "README.md", "\nOur notes.\n");
    git(&project, &["commit", "-q", "-am", "notes"]);
    setup.to_v2();
    let output = update(&setup, &project, V2_VALUES);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!read(&project.join("config.yaml")).contains("<<<<<<<"));
    assert!(read(&project.join("README.md")).contains("Our notes."));
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "update"]);
    let check = update(&setup, &project, &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let again = update(&setup, &project, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("nothing to update"),
        "{}",
        stderr(&again)
    );
    assert!(git_status(&project).is_empty(), "nothing written");
}

#[test]
fn a_configured_template_in_a_local_checkout_updates_from_its_files_on_disk() {
    let setup = Setup::new();
    setup.tree.write(
        "plat.yaml",
        "templates: [./templates]\ncatalog:\n  locations: []\n",
    );
    let output = setup.run(&[
        "new",
        "update-svc",
        "--no-input",
        "--set",
        "name=pay",
        "--output",
        "project",
        "--author",
        "Test <test@example.com>",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = setup.path().join("project");
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    assert_eq!(record["source"]["kind"], "directory");
    assert_eq!(record["source"]["entry"], "./templates");
    assert_eq!(record["repository"]["local"], true);
    assert_eq!(record["repository"]["dir"], "update-svc");
    assert_eq!(record["repository"]["commit"], rev_parse(&setup.repo, "v1"));
    edit_as_the_user(&project);
    setup.to_v2();
    let output = update(&setup, &project, V2_VALUES);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(project.join("Dockerfile").exists());
    assert!(read(&project.join("README.md")).contains("tier gold"));
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    assert_eq!(record["repository"]["commit"], rev_parse(&setup.repo, "v2"));
}

#[test]
fn dry_run_prints_the_plan_and_diffs_and_writes_nothing() {
    let setup = Setup::new();
    let project = setup.edited_project();
    let before = files(&project);
    let output = update(&setup, &project, &["--dry-run", "--set", "tier=gold"]);
    let out = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "conflicts would be written: {}",
        stderr(&output)
    );
    assert_eq!(files(&project), before, "nothing written");
    assert!(out.contains("dry run"), "{out}");
    assert!(out.contains("Dockerfile"), "{out}");
    assert!(
        out.contains("-log_level: info") || out.contains("+log_level: warn"),
        "{out}"
    );
    assert!(
        out.contains("+EXPOSE 8080"),
        "a unified diff of the added file: {out}"
    );

    let json = update(
        &setup,
        &project,
        &["--dry-run", "--set", "tier=gold", "-o", "json"],
    );
    let plan: Json = serde_json::from_slice(&json.stdout).expect("JSON plan");
    assert_eq!(plan["template"], "template:default/update-svc");
    assert_eq!(plan["dryRun"], true);
    assert_eq!(files(&project), before, "nothing written");
}

#[test]
fn conflict_rej_keeps_the_users_file_and_writes_the_rest_beside_it() {
    let setup = Setup::new();
    let project = setup.edited_project();
    let output = update(
        &setup,
        &project,
        &["--conflict", "rej", "--set", "tier=gold"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let config = read(&project.join("config.yaml"));
    assert!(!config.contains("<<<<<<<"), "{config}");
    assert!(config.contains("log_level: debug"), "{config}");
    let rej = read(&project.join("config.yaml.rej"));
    assert!(rej.contains("+log_level: warn"), "{rej}");
}

#[test]
fn a_dirty_tree_is_refused_unless_allow_dirty() {
    let setup = Setup::new();
    let project = setup.edited_project();
    append(&project, "README.md", "uncommitted\n");
    std::fs::write(project.join("untracked.txt"), "new\n").unwrap();
    let before = files(&project);
    let output = update(&setup, &project, V2_VALUES);
    assert_fails(&output, 2, "uncommitted changes");
    assert!(
        stderr(&output).contains("untracked.txt"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("--allow-dirty"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&project), before, "nothing written");

    let output = update(&setup, &project, &["--allow-dirty", "--set", "tier=gold"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(project.join("Dockerfile").exists());
    assert_eq!(read(&project.join("untracked.txt")), "new\n");
}

#[test]
fn check_exits_1_when_a_newer_version_exists_and_0_when_current() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    let current = update(&setup, &project, &["--check"]);
    assert_eq!(current.status.code(), Some(0), "{}", stderr(&current));
    assert!(
        stderr(&current).contains("up to date"),
        "{}",
        stderr(&current)
    );
    setup.to_v2();
    let behind = update(&setup, &project, &["--check"]);
    assert_eq!(behind.status.code(), Some(1), "{}", stderr(&behind));
    let v2 = rev_parse(&setup.repo, "v2");
    assert!(stdout(&behind).contains(&v2[..12]), "{}", stdout(&behind));
    let json = update(&setup, &project, &["--check", "-o", "json"]);
    let check: Json = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(check["behind"], true);
    // --to pins a version: at v1 the project is current.
    let pinned = update(&setup, &project, &["--check", "--to", "v1"]);
    assert_eq!(pinned.status.code(), Some(0), "{}", stderr(&pinned));
}

#[test]
fn to_picks_the_version_and_the_record_follows() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    setup.to_v2();
    let v3 = Tree::new();
    copy_dir(&fixtures().join("update/v2"), v3.path());
    append(v3.path(), "skeleton/stable.txt", "v3 line\n");
    setup.commit_version(v3.path(), "update-svc", "v3");
    let output = update(&setup, &project, &["--to", "v2", "--set", "tier=gold"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!read(&project.join("stable.txt")).contains("v3 line"));
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    assert_eq!(record["repository"]["commit"], rev_parse(&setup.repo, "v2"));
}

#[test]
fn all_lists_the_entities_behind_their_template_for_an_owner() {
    let setup = Setup::new();
    let behind = setup.new_project("main", "services/pay", &[]);
    let _current = setup.new_project(
        "main",
        "services/ledger",
        &[
            "--set",
            "name=ledger",
            "--set",
            "owner=group:default/team-b",
        ],
    );
    setup.to_v2();
    // The ledger project is brought to v2 (and committed).
    let ledger = setup.path().join("services/ledger");
    let output = update(&setup, &ledger, V2_VALUES);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let list = |owner: &str| {
        setup
            .plat()
            .args([
                "update",
                "--all",
                "--dry-run",
                "--owner",
                owner,
                "-o",
                "json",
                "--location",
            ])
            .arg(setup.path().join("services"))
            .output()
            .unwrap()
    };
    let team_a = list("team-a");
    assert_eq!(
        team_a.status.code(),
        Some(1),
        "{}{}",
        stdout(&team_a),
        stderr(&team_a)
    );
    let listed: Json = serde_json::from_slice(&team_a.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["entity"], "component:default/pay");
    assert_eq!(listed[0]["status"], "behind");
    let team_b = list("team-b");
    assert_eq!(team_b.status.code(), Some(0), "{}", stderr(&team_b));
    let listed: Json = serde_json::from_slice(&team_b.stdout).unwrap();
    assert_eq!(listed[0]["entity"], "component:default/ledger");
    assert_eq!(listed[0]["status"], "current");
    // A table for people.
    let table = setup
        .plat()
        .args(["update", "--all", "--dry-run", "--location"])
        .arg(setup.path().join("services"))
        .output()
        .unwrap();
    assert_eq!(table.status.code(), Some(1));
    let text = stdout(&table);
    assert!(
        text.contains("component:default/pay") && text.contains("behind"),
        "{text}"
    );
    let _ = behind;
    // Without --dry-run it says what it does.
    let output = setup.run(&["update", "--all"]);
    assert_fails(&output, 2, "needs --dry-run");
}

#[test]
fn adopt_records_a_base_and_changes_no_other_file() {
    let setup = Setup::new();
    // A project plat did not make: v1's files, by hand.
    let project = setup.new_project("main", "project", &[]);
    std::fs::remove_dir_all(project.join(".plat")).unwrap();
    git(&project, &["commit", "-q", "-am", "no record"]);
    let before = files(&project);
    let no_record = update(&setup, &project, &[]);
    assert_fails(&no_record, 2, ".plat/template.yaml does not exist");
    assert!(
        stderr(&no_record).contains("plat update --adopt TEMPLATE"),
        "{}",
        stderr(&no_record)
    );

    let template = format!("{}#main", setup.url());
    let output = update(
        &setup,
        &project,
        &["--adopt", &template, "--set", "name=pay"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut after = files(&project);
    let record = after.remove(".plat/template.yaml").expect("the record");
    assert_eq!(after, before, "no other file changed");
    let record: Json = serde_norway::from_str(std::str::from_utf8(&record).unwrap()).unwrap();
    assert_eq!(record["values"]["name"], "pay");
    assert_eq!(record["repository"]["commit"], rev_parse(&setup.repo, "v1"));
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "adopted"]);
    setup.to_v2();
    let output = update(&setup, &project, V2_VALUES);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(project.join("Dockerfile").exists());
}

#[test]
fn an_unreachable_template_is_an_error_and_nothing_is_written() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    std::fs::remove_dir_all(&setup.repo).unwrap();
    let before = files(&project);
    let output = update(&setup, &project, V2_VALUES);
    assert_fails(&output, 2, "template template:default/update-svc");
    assert!(
        stderr(&output).contains("nothing was changed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&project), before);
}

#[test]
fn a_new_required_parameter_without_a_value_is_named() {
    let setup = Setup::new();
    let project = setup.edited_project();
    let before = files(&project);
    let output = update(&setup, &project, &[]);
    assert_fails(&output, 2, "tier");
    assert!(
        stderr(&output).contains("--set tier="),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&project), before);
}

#[test]
fn the_golang_microservice_template_updates_a_project_the_user_edited() {
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/golang-microservice");
    let setup = Setup::with_template(&built_in, "golang-microservice");
    let template = format!("{}#main", setup.url());
    let values = [
        "--set",
        "name=orders",
        "--set",
        "description=Takes orders",
        "--set",
        "owner=group:default/team-a",
        "--set",
        "repoUrl=github.com?owner=acme&repo=orders",
    ];
    let mut args = vec![
        "new",
        &template,
        "--no-input",
        "--output",
        "orders",
        "--author",
        "Test <test@example.com>",
    ];
    args.extend_from_slice(&values);
    let output = setup.run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = setup.path().join("orders");
    // The user adds a handler; v2 of the template adds a Makefile target
    // and a file, and changes the Dockerfile the user did not touch.
    replace(
        &project,
        "cmd/server/main.go",
        "package main\n",
        "package main\n\n// Orders are taken here.\n",
    );
    git(&project, &["commit", "-q", "-am", "our comment"]);
    let v2 = Tree::new();
    copy_dir(&built_in, v2.path());
    append(
        v2.path(),
        "skeleton/Makefile",
        "\n.PHONY: vuln\nvuln:\n\tgovulncheck ./...\n",
    );
    std::fs::write(
        v2.path().join("skeleton/SECURITY.md"),
        "# Security of ${{ values.name }}\n",
    )
    .unwrap();
    let dockerfile = read(&built_in.join("skeleton/Dockerfile"));
    std::fs::write(
        v2.path().join("skeleton/Dockerfile"),
        format!("# syntax=docker/dockerfile:1\n{dockerfile}"),
    )
    .unwrap();
    setup.commit_version(v2.path(), "golang-microservice", "v2");

    let output = update(&setup, &project, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(&project.join("Makefile")).contains("govulncheck"));
    assert_eq!(read(&project.join("SECURITY.md")), "# Security of orders\n");
    assert!(read(&project.join("Dockerfile")).starts_with("# syntax=docker/dockerfile:1\n"));
    assert!(read(&project.join("cmd/server/main.go")).contains("// Orders are taken here."));
}

#[test]
fn a_built_in_template_is_current_until_plat_changes_it_then_says_why_it_cannot_merge() {
    let setup = Setup::new();
    let output = setup.run(&[
        "new",
        "golang-microservice",
        "--no-input",
        "--output",
        "orders",
        "--author",
        "Test <test@example.com>",
        "--set",
        "name=orders",
        "--set",
        "description=Takes orders",
        "--set",
        "owner=group:default/team-a",
        "--set",
        "repoUrl=github.com?owner=acme&repo=orders",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = setup.path().join("orders");
    let record: Json = serde_norway::from_str(&read(&project.join(".plat/template.yaml"))).unwrap();
    assert_eq!(record["source"], serde_json::json!({"kind": "built-in"}));
    assert!(record.get("repository").is_none());
    let check = update(&setup, &project, &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // As if another plat had made it: the recorded digest is not this plat's.
    replace(
        &project,
        ".plat/template.yaml",
        "digest: sha256:",
        "digest: sha256:0",
    );
    git(&project, &["commit", "-q", "-am", "older plat"]);
    let check = update(&setup, &project, &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let before = files(&project);
    let output = update(&setup, &project, &[]);
    assert_fails(&output, 2, "cannot be read");
    assert!(stderr(&output).contains("--adopt"), "{}", stderr(&output));
    assert_eq!(files(&project), before);
}

#[test]
fn ctrl_c_during_an_update_leaves_the_tree_as_it_was() {
    let setup = Setup::new();
    let project = setup.edited_project();
    // v3 waits after rendering, so the update is caught in the middle.
    let v3 = Tree::new();
    copy_dir(&fixtures().join("update/v2"), v3.path());
    let file = v3.path().join("template.yaml");
    std::fs::write(
        &file,
        format!(
            "{}    - id: wait\n      action: debug:wait\n      input: {{seconds: 60}}\n",
            read(&file)
        ),
    )
    .unwrap();
    // The wait step goes last among the steps (after catalog:write).
    setup.commit_version(v3.path(), "update-svc", "v3");
    let before = files(&project);
    let tmp = setup.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"))
        .current_dir(setup.path())
        .env("TMPDIR", &tmp)
        .env("XDG_CACHE_HOME", setup.cache.path())
        .env("HOME", "/nonexistent/plat-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
        .env_remove("CI")
        .args(["update", "project", "--no-input", "--set", "tier=gold"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupted in debug:wait, once the new version is rendered (its
    // Dockerfile is new in v2, the catalog file is written last; a moment
    // later nothing is being written).
    let rendered = std::cell::Cell::new(None::<std::time::Instant>);
    let output = crate::common::interrupt_when(child, || {
        if rendered.get().is_none()
            && std::fs::read_dir(&tmp)
                .map(|d| {
                    d.flatten().any(|e| {
                        e.path().join("Dockerfile").exists()
                            && e.path().join("catalog-info.yaml").exists()
                    })
                })
                .unwrap_or(false)
        {
            rendered.set(Some(std::time::Instant::now()));
        }
        rendered
            .get()
            .is_some_and(|at| at.elapsed() > std::time::Duration::from_millis(300))
    });
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert_eq!(files(&project), before, "every file as it was");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "no scratch directory left: {left:?}");
}

// ---- helpers -----------------------------------------------------------

/// Every file under `dir` (`.git` left out) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// `git merge-file -p` of the user's file, the base and the template's new version.
fn merge_file(git_program: &Path, ours: &[u8], base: &[u8], theirs: &[u8]) -> Vec<u8> {
    let dir = Tree::new();
    dir.write("ours", ours)
        .write("base", base)
        .write("theirs", theirs);
    let output = std::process::Command::new(git_program)
        .current_dir(dir.path())
        .args([
            "merge-file",
            "-p",
            "-L",
            MARKER_OURS,
            "-L",
            MARKER_BASE,
            "-L",
            MARKER_THEIRS,
            "ours",
            "base",
            "theirs",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c >= 0),
        "git merge-file ran"
    );
    output.stdout
}

/// The labels plat writes on conflict markers.
const MARKER_OURS: &str = "project";
const MARKER_BASE: &str = "template (old)";
const MARKER_THEIRS: &str = "template (new)";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn append(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    let mut contents = read(&path);
    contents.push_str(text);
    std::fs::write(path, contents).unwrap();
}

fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let contents = read(&path);
    assert!(contents.contains(from), "{file} holds {from:?}");
    std::fs::write(path, contents.replacen(from, to, 1)).unwrap();
}

fn rev_parse(repo: &Path, reference: &str) -> String {
    let output = std::process::Command::new("git")
        .current_dir(repo)
        .args(["rev-parse", &format!("{reference}^{{commit}}")])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn git_status(repo: &Path) -> Vec<String> {
    let output = std::process::Command::new("git")
        .current_dir(repo)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// On a terminal, the new version's new parameters are asked (and only those).
#[test]
fn new_parameters_are_asked_on_a_terminal() {
    use expectrl::{Eof, Expect, Regex};

    let setup = Setup::new();
    let project = setup.edited_project();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"));
    command
        .current_dir(setup.path())
        .args(["update", "project", "--dry-run"])
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
        .env("HOME", "/nonexistent/plat-tests")
        .env("XDG_CACHE_HOME", setup.cache.path());
    let mut plat = expectrl::session::OsSession::spawn(command).expect("a pseudo-terminal");
    plat.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let asked = plat.expect("tier").unwrap();
    let before = String::from_utf8_lossy(asked.before()).into_owned();
    assert!(
        !before.contains("name"),
        "recorded values are not asked: {before}"
    );
    plat.send("\x1b[B\x1b[B").unwrap(); // down to gold
    plat.send("\r").unwrap();
    plat.expect(Regex("port.*8080")).unwrap();
    plat.send_line("").unwrap(); // the default
    let found = plat.expect(Eof).expect("plat exits");
    let output: String = found
        .matches()
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .collect();
    assert!(
        output.contains("+A service made from the update-svc template, tier gold."),
        "{output}"
    );
    assert!(output.contains("+EXPOSE 8080"), "{output}");
    assert!(!project.join("Dockerfile").exists(), "a dry run");
}

#[test]
fn a_record_plat_cannot_read_is_named_at_its_line_and_column() {
    let setup = Setup::new();
    let project = setup.new_project("main", "project", &[]);
    std::fs::write(
        project.join(".plat/template.yaml"),
        "version: 1\ntemplate: [unclosed\n",
    )
    .unwrap();
    let output = update(&setup, &project, &["--allow-dirty"]);
    assert_fails(&output, 2, ".plat/template.yaml:");
    let err = stderr(&output);
    assert!(
        err.contains(
            ".plat/template.yaml:2:11: template: invalid type: sequence, expected a string"
        ),
        "{err}"
    );
    assert!(err.contains("--adopt"), "{err}");
    std::fs::write(
        project.join(".plat/template.yaml"),
        "version: 1\ntemplate: template:default/x\nsurprise: 1\n",
    )
    .unwrap();
    let output = update(&setup, &project, &["--allow-dirty"]);
    assert_fails(&output, 2, "unknown field `surprise`");
}
