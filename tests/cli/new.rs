//! `plat new` and `plat templates`: templates found, parameters typed and
//! checked, every workspace action, `if`/`each`, local and dry runs, and
//! templates that try to write outside their workspace.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value as Json;

use crate::common::{Tree, assert_fails, fixtures, plat, stderr, stdout};

/// A project whose plat.yaml lists the test templates and the acme catalog.
struct Project {
    tree: Tree,
    cache: Tree,
}

impl Project {
    fn new() -> Project {
        Project::with_templates(&[fixtures().join("templates")])
    }

    fn with_templates(dirs: &[PathBuf]) -> Project {
        let tree = Tree::new();
        let templates: String = dirs
            .iter()
            .map(|d| format!("  - {}\n", d.display()))
            .collect();
        tree.write(
            "plat.yaml",
            format!(
                "templates:\n{templates}catalog:\n  locations: [{}]\n",
                fixtures().join("acme/catalog-info.yaml").display()
            ),
        );
        Project {
            tree,
            cache: Tree::new(),
        }
    }

    fn path(&self) -> &Path {
        self.tree.path()
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
}

/// The values that make kitchen-sink valid.
const VALID: &[&str] = &[
    "--set",
    "name=pay-svc",
    "--set",
    "owner=group:default/payments",
    "--set",
    "repoUrl=github.com?owner=acme&repo=pay-svc",
];

fn kitchen_sink(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["new".to_string(), "kitchen-sink".to_string()];
    args.extend(VALID.iter().map(|s| s.to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn json(output: &Output) -> Json {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

fn step<'a>(plan: &'a Json, id: &str) -> &'a Json {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

// ---- finding templates -------------------------------------------------

#[test]
fn list_shows_configured_catalog_and_built_in_templates_with_their_source() {
    let project = Project::new();
    let output = project.run(&["new", "--list", "-o", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed = json(&output);
    let by_name = |name: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .cloned()
    };
    let sink = by_name("kitchen-sink").expect("configured template listed");
    assert_eq!(sink["source"]["kind"], "directory");
    assert_eq!(sink["type"], "service");
    assert_eq!(sink["tags"], serde_json::json!(["test"]));
    let docs = by_name("docs-site").expect("catalog Template entity listed");
    assert_eq!(
        docs["source"],
        serde_json::json!({"kind": "catalog", "entity": "template:default/docs-site"})
    );
    let go = by_name("golang-microservice").expect("built-in template listed");
    assert_eq!(go["source"]["kind"], "built-in");

    // `plat templates ls` is the same list, as a table when asked for text.
    let table = project.run(&["templates", "ls"]);
    assert_eq!(table.status.code(), Some(0));
    let text = stdout(&table);
    assert!(
        text.lines()
            .any(|l| l.starts_with("kitchen-sink\tKitchen sink\tservice\ttest\t")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("golang-microservice\t") && l.ends_with("\tbuilt-in")),
        "{text}"
    );
}

#[test]
fn a_configured_template_wins_over_a_built_in_one_of_the_same_name() {
    let tree = Tree::new();
    tree.write(
        "golang-microservice/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: golang-microservice\n  title: Our own\nspec:\n  type: service\n  steps: []\n",
    );
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    let listed = json(&project.run(&["templates", "ls", "-o", "json"]));
    let matching: Vec<&Json> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["name"] == "golang-microservice")
        .collect();
    assert_eq!(matching.len(), 1);
    assert_eq!(matching[0]["title"], "Our own");
    assert_eq!(matching[0]["source"]["kind"], "directory");
}

#[test]
fn an_unknown_template_lists_the_ones_there_are() {
    let output = Project::new().run(&["new", "no-such-template", "--no-input"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("error: no template named `no-such-template`"),
        "{err}"
    );
    assert!(
        err.contains("kitchen-sink") && err.contains("golang-microservice"),
        "{err}"
    );
}

#[test]
fn without_a_name_and_without_a_terminal_plat_asks_for_one() {
    let output = Project::new().run(&["new"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("which template?"), "{err}");
    assert!(err.contains("kitchen-sink"), "{err}");
}

#[test]
fn a_git_repository_of_templates_is_cloned_and_refreshed_on_request() {
    let origin = Tree::new();
    let work = origin.path().join("work");
    copy_dir(
        &fixtures().join("templates/kitchen-sink"),
        &work.join("kitchen-sink"),
    );
    git(&work, &["init", "-q", "-b", "main"]);
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "first"]);
    let url = format!("file://{}", work.display());
    let tree = Tree::new();
    tree.write(
        "plat.yaml",
        format!("templates:\n  - {url}\ncatalog:\n  locations: []\n"),
    );
    let cache = Tree::new();
    let list = |refresh: bool| {
        let mut cmd = plat();
        cmd.current_dir(tree.path())
            .env("XDG_CACHE_HOME", cache.path())
            .args(["templates", "ls", "-o", "json"]);
        if refresh {
            cmd.arg("--refresh");
        }
        let output = cmd.output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        json(&output)
    };
    let first = list(false);
    let sink = first
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "kitchen-sink")
        .expect("cloned template listed");
    assert_eq!(
        sink["source"],
        serde_json::json!({"kind": "git", "url": url})
    );
    assert_eq!(sink["title"], "Kitchen sink");

    // A new commit upstream shows only after --refresh.
    let file = work.join("kitchen-sink/template.yaml");
    std::fs::write(
        &file,
        read(&file).replace("title: Kitchen sink", "title: Kitchen sink v2"),
    )
    .unwrap();
    git(&work, &["commit", "-q", "-am", "second"]);
    let title = |listed: &Json| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "kitchen-sink")
            .unwrap()["title"]
            .clone()
    };
    assert_eq!(title(&list(false)), "Kitchen sink");
    assert_eq!(title(&list(true)), "Kitchen sink v2");
}

#[test]
fn a_git_source_that_cannot_be_cloned_is_a_warning_naming_it() {
    let tree = Tree::new();
    tree.write(
        "plat.yaml",
        "templates:\n  - file:///nonexistent/templates.git\ncatalog:\n  locations: []\n",
    );
    let cache = Tree::new();
    let output = plat()
        .current_dir(tree.path())
        .env("XDG_CACHE_HOME", cache.path())
        .args(["new", "--list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("warning: template file:///nonexistent/templates.git"),
        "{err}"
    );
    assert!(err.contains("cannot clone"), "{err}");
}

// ---- templates named by their place -------------------------------------

/// A project that configures no templates: only built-in ones have names.
fn unconfigured() -> Project {
    let project = Project::with_templates(&[]);
    project.tree.write(
        "plat.yaml",
        format!(
            "catalog:\n  locations: [{}]\n",
            fixtures().join("acme/catalog-info.yaml").display()
        ),
    );
    project
}

/// Every file under `dir` but .git, with its contents.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// `plat new TEMPLATE` with kitchen-sink's values, written to `out`.
fn run_at(project: &Project, template: &str, out: &str) -> Output {
    let mut args = vec!["new", template, "--no-input", "--output", out];
    args.extend(VALID);
    project.run(&args)
}

#[test]
fn a_template_is_run_by_its_file_or_directory_relative_or_absolute() {
    let project = unconfigured();
    copy_dir(
        &fixtures().join("templates/kitchen-sink"),
        &project.path().join("my-template"),
    );
    let absolute = fixtures().join("templates/kitchen-sink/template.yaml");
    let runs = [
        ("./my-template/template.yaml", "by-file"),
        ("my-template/template.yaml", "by-bare-relative-file"),
        ("./my-template", "by-directory"),
        ("my-template/", "by-directory-slash"),
        (absolute.to_str().unwrap(), "by-absolute-file"),
        (
            absolute.parent().unwrap().to_str().unwrap(),
            "by-absolute-directory",
        ),
    ];
    for (template, out) in runs {
        let output = run_at(&project, template, out);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{template}: {}",
            stderr(&output)
        );
        assert!(
            stdout(&output).starts_with(&format!("Created {}", project.path().join(out).display())),
            "{template}: {}",
            stdout(&output)
        );
    }
    // The same project whichever way the template was named; only the
    // record of where it was found differs.
    let made = |out: &str| {
        let mut found = files(&project.path().join(out));
        let at = found
            .iter()
            .position(|(name, _)| name == ".plat/template.yaml")
            .expect("the record");
        let (_, record) = found.remove(at);
        let record: Json = serde_norway::from_slice(&record).unwrap();
        (found, record)
    };
    let (first, _) = made("by-file");
    assert!(first.iter().any(|(name, contents)| name == "README.md"
        && String::from_utf8_lossy(contents).starts_with("# pay-svc\n")));
    for (template, out) in &runs[1..] {
        let (found, record) = made(out);
        assert_eq!(found, first, "{out}");
        assert_eq!(record["template"], "template:default/kitchen-sink");
        let file = if template.ends_with("template.yaml") {
            PathBuf::from(template)
        } else {
            Path::new(template).join("template.yaml")
        };
        assert_eq!(
            record["source"],
            serde_json::json!({"kind": "path", "path": project.path().join(file).canonicalize().unwrap()}),
            "{out}"
        );
    }

    // -C moves where relative paths start.
    let output = project
        .plat()
        .current_dir(std::env::temp_dir())
        .arg("-C")
        .arg(project.path())
        .args(["new", "./my-template", "--no-input", "--dry-run"])
        .args(VALID)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("Dry run of kitchen-sink"),
        "{}",
        stdout(&output)
    );

    // A name is still a name, and a directory of that name is pointed out.
    let output = project.run(&["new", "my-template", "--no-input"]);
    assert_fails(
        &output,
        2,
        "error: no template named `my-template`\n  hint: ./my-template holds a template.yaml: to run it, write `plat new ./my-template`",
    );
    // --list shows the named templates only (built in, and the acme
    // catalog's Template entity), as before.
    let listed = json(&project.run(&["new", "--list", "-o", "json"]));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["docs-site", "golang-microservice"]);
}

#[test]
fn a_bad_template_argument_is_named_with_what_to_do() {
    let project = unconfigured();
    project.tree.write("empty/README.md", "nothing here\n");
    project.tree.write(
        "several/one/template.yaml",
        read(fixtures().join("templates/kitchen-sink/template.yaml")),
    );
    project.tree.write(
        "several/two/template.yaml",
        read(fixtures().join("templates/nunjucks/template.yaml")),
    );
    project.tree.write("notes.yaml", "title: not a template\n");
    project.tree.write(
        "broken/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: broken\nspec:\n  steps: []\n",
    );
    let catalog_file = fixtures().join("acme/services/payments-service/catalog-info.yaml");
    let cases: Vec<(String, String)> = vec![
        (
            "./no-such-dir".into(),
            format!(
                "error: template `./no-such-dir`: {} does not exist\n  hint: check the path; TEMPLATE is a template.yaml, the directory that holds it, a git URL (URL#ref), a GitHub tree URL, or the name of a template `plat new --list` shows",
                project.path().join("no-such-dir").display()
            ),
        ),
        (
            "./empty".into(),
            "error: template `./empty`: ./empty holds no template.yaml\n  hint: pass the directory that holds template.yaml, or the template file itself".into(),
        ),
        (
            "./several".into(),
            "error: template `./several`: ./several holds no template.yaml\n  hint: it holds templates in ./several/one, ./several/two: pass one of those".into(),
        ),
        (
            "notes.yaml".into(),
            "error: template `notes.yaml`: notes.yaml is not a software template: it has no `kind`\n  hint: a software template has `kind: Template`".into(),
        ),
        (
            catalog_file.display().to_string(),
            format!(
                "error: template `{0}`: {0} is not a software template: it holds a Component entity",
                catalog_file.display()
            ),
        ),
        (
            "./broken".into(),
            "error: invalid template: ./broken/template.yaml:5:1: spec.type is required\n  hint: fix the template.yaml at those positions".into(),
        ),
        (
            "file:///nonexistent/templates.git".into(),
            "error: template `file:///nonexistent/templates.git`: cannot clone file:///nonexistent/templates.git: ".into(),
        ),
    ];
    for (template, says) in &cases {
        let output = project.run(&["new", template, "--no-input", "--output", "out"]);
        assert_fails(&output, 2, says);
        assert!(!project.path().join("out").exists(), "{template}");
    }
    let unreachable = project.run(&["new", "http://127.0.0.1:9/templates.git", "--no-input"]);
    assert_fails(
        &unreachable,
        2,
        "error: template `http://127.0.0.1:9/templates.git`: cannot clone http://127.0.0.1:9/templates.git: ",
    );
    assert!(
        stderr(&unreachable).contains(
            "hint: check the URL and that the repository is reachable; a private repository needs integrations.github.token"
        ),
        "{}",
        stderr(&unreachable)
    );
}

/// A repository with kitchen-sink in `service/`: tag `v1`, then a second
/// commit on `main` that changes the skeleton's README. Returns its work
/// tree and a bare clone.
fn template_repository(root: &Path) -> (PathBuf, PathBuf) {
    let work = root.join("work");
    copy_dir(
        &fixtures().join("templates/kitchen-sink"),
        &work.join("service"),
    );
    git(&work, &["init", "-q", "-b", "main"]);
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "first"]);
    git(&work, &["tag", "-a", "v1", "-m", "v1"]);
    let readme = work.join("service/skeleton/README.md");
    std::fs::write(&readme, format!("v2\n{}", read(&readme))).unwrap();
    git(&work, &["commit", "-q", "-am", "second"]);
    let bare = root.join("templates.git");
    git(
        root,
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    (work, bare)
}

#[test]
fn a_template_in_a_git_repository_is_cloned_and_a_ref_picks_the_version() {
    let project = unconfigured();
    let remotes = Tree::new();
    let (work, bare) = template_repository(remotes.path());
    let url = format!("file://{}", bare.display());
    let readme = |out: &str| read(project.path().join(out).join("README.md"));

    let output = run_at(&project, &url, "main");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        readme("main").starts_with("v2\n# pay-svc"),
        "{}",
        readme("main")
    );
    let output = run_at(&project, &format!("{url}#v1"), "tag");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(readme("tag").starts_with("# pay-svc"), "{}", readme("tag"));
    let first = String::from_utf8(
        std::process::Command::new("git")
            .current_dir(&work)
            .args(["rev-parse", "v1^{commit}"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let output = run_at(&project, &format!("{url}#{}", first.trim()), "commit");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(readme("commit"), readme("tag"));

    // The clone is cached: a new commit upstream is read after --refresh.
    let file = work.join("service/skeleton/README.md");
    std::fs::write(&file, format!("v3\n{}", read(&file))).unwrap();
    git(&work, &["commit", "-q", "-am", "third"]);
    git(&work, &["push", "-q", bare.to_str().unwrap(), "main"]);
    run_at(&project, &url, "cached");
    assert!(readme("cached").starts_with("v2\n"), "{}", readme("cached"));
    let output = project.run(
        &[
            &[
                "new",
                &url,
                "--refresh",
                "--no-input",
                "--output",
                "refreshed",
            ][..],
            VALID,
        ]
        .concat(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        readme("refreshed").starts_with("v3\nv2\n"),
        "{}",
        readme("refreshed")
    );

    // A ref the repository does not have is named, and leaves no clone
    // that a later run would take for it.
    for _ in 0..2 {
        assert_fails(
            &run_at(&project, &format!("{url}#v9"), "missing"),
            2,
            &format!(
                "error: template `{url}#v9`: no branch, tag or commit `v9` in {url}\n  hint: check the branch, tag or commit after `#`"
            ),
        );
    }

    // The same clone rules serve configured git templates: `URL#tag` there too.
    project.tree.write(
        "plat.yaml",
        format!("templates:\n  - {url}#v1\ncatalog:\n  locations: []\n"),
    );
    let output = run_at(&project, "kitchen-sink", "configured");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(readme("configured"), readme("tag"));

    // A repository with several templates at its root says how to pick one.
    let several = Tree::new();
    copy_dir(&fixtures().join("templates"), &several.path().join("work"));
    git(&several.path().join("work"), &["init", "-q", "-b", "main"]);
    git(&several.path().join("work"), &["add", "."]);
    git(
        &several.path().join("work"),
        &["commit", "-q", "-m", "both"],
    );
    let url = format!("file://{}", several.path().join("work").display());
    // Every fixture directory holding a template.yaml, in name order.
    let mut held: Vec<String> = std::fs::read_dir(fixtures().join("templates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("template.yaml").is_file())
        .map(|dir| dir.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    held.sort();
    let held: Vec<String> = held.into_iter().map(|name| name + "/").collect();
    assert!(held.len() > 1, "{held:?}");
    assert_fails(
        &run_at(&project, &url, "several"),
        2,
        &format!(
            "error: template `{url}`: {url} holds several templates: {}\n  hint: name one: a GitHub tree URL",
            held.join(", ")
        ),
    );
}

// ---- template.yaml checks ----------------------------------------------

#[test]
fn an_invalid_template_is_reported_at_its_file_and_line_before_anything_runs() {
    let tree = Tree::new();
    tree.write(
        "broken/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: broken\nspec:\n  type: service\n  steps:\n    - id: one\n      input: {}\n",
    );
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    let output = project.run(&["new", "broken", "--no-input", "--output", "out"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let file = tree.path().join("broken/template.yaml");
    assert!(err.contains(&format!("{}:8:", file.display())), "{err}");
    assert!(!project.path().join("out").exists());
}

#[test]
fn unknown_actions_are_listed_with_the_available_ones_before_any_step_runs() {
    let tree = Tree::new();
    tree.write(
        "odd/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: odd\nspec:\n  type: service\n  steps:\n    - id: log\n      action: debug:log\n      input: {message: hi}\n    - id: dispatch\n      name: Dispatch\n      action: github:actions:dispatch\n      input: {}\n",
    );
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    let output = project.run(&["new", "odd", "--no-input", "--output", "out"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("actions plat does not have"), "{err}");
    assert!(
        err.contains(&format!(
            "{}:13:7: step `Dispatch` uses `github:actions:dispatch`",
            tree.path().join("odd/template.yaml").display()
        )),
        "{err}"
    );
    assert!(
        err.contains("fetch:template") && err.contains("fs:rename"),
        "{err}"
    );
    assert!(!err.contains("debug:log: hi"), "no step ran: {err}");
    assert!(!project.path().join("out").exists());
}

// ---- parameters --------------------------------------------------------

#[test]
fn every_bad_value_is_listed_at_once_with_exit_code_2() {
    let project = Project::new();
    let output = project.run(&[
        "new",
        "kitchen-sink",
        "--no-input",
        "--dry-run",
        "--set",
        "name=Pay_Svc",
        "--set",
        "owner=group:default/payments",
        "--set",
        "contact=not-an-email",
        "--set",
        "replicas=11",
        "--set",
        "ratio=1.5",
        "--set",
        "language=cobol",
        "--set",
        "features=metrics,logging",
        "--set",
        "settings.port=70000",
        "--set",
        "repoUrl=github.com?owner=acme&repo=pay-svc",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    for expected in [
        "name: must match the pattern ^[a-z][a-z0-9-]*[a-z0-9]$",
        "contact: ",
        "replicas: must be at most 10",
        "ratio: must be at most 1",
        "language: must be one of",
        "features.1: must be one of",
        "settings.port: must be at most 65535",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(stdout(&output).is_empty());
}

#[test]
fn string_lengths_are_checked() {
    let project = Project::new();
    for (name, message) in [
        ("ab", "name: must be at least 3 characters"),
        (
            "a-very-long-service-name",
            "name: must be at most 20 characters",
        ),
    ] {
        let set_name = format!("name={name}");
        let output = project.run(&[
            "new",
            "kitchen-sink",
            "--dry-run",
            "--set",
            &set_name,
            "--set",
            "owner=group:default/x",
            "--set",
            "repoUrl=github.com?owner=a&repo=b",
        ]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}

#[test]
fn missing_required_values_say_which_flags_to_pass() {
    let output = Project::new().run(&["new", "kitchen-sink", "--dry-run"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("name: is required"), "{err}");
    assert!(err.contains("owner: is required"), "{err}");
    assert!(err.contains("repoUrl: is required"), "{err}");
    assert!(
        err.contains("hint: pass --set name=... --set owner=... --set repoUrl=..."),
        "{err}"
    );
}

#[test]
fn set_values_are_typed_by_the_schema_and_a_wrong_type_names_the_flag() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&["--set", "replicas=three", "--dry-run"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("invalid value `replicas=three` for --set: `three` is not an integer"),
        "{err}"
    );

    let bad_bool = project.run(
        &kitchen_sink(&["--set", "public=maybe", "--dry-run"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(bad_bool.status.code(), Some(2));
    assert!(stderr(&bad_bool).contains("`maybe` is not true or false"));

    let no_equals = project.run(&["new", "kitchen-sink", "--set", "name", "--dry-run"]);
    assert_eq!(no_equals.status.code(), Some(2));
    assert!(
        stderr(&no_equals).contains("expected key=value"),
        "{}",
        stderr(&no_equals)
    );

    let output = project.run(
        &kitchen_sink(&[
            "--set",
            "replicas=3",
            "--set",
            "ratio=0.25",
            "--set",
            "public=true",
            "--set",
            "features=docs,tracing",
            "--set",
            "settings.port=8080",
            "--dry-run",
            "-o",
            "json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let values = step(&json(&output), "fetch")["input"]["values"].clone();
    assert_eq!(values["replicas"], 3);
    assert_eq!(values["public"], true);
    assert_eq!(values["features"], serde_json::json!(["docs", "tracing"]));
}

#[test]
fn values_files_in_yaml_and_json_and_set_overrides_them() {
    let project = Project::new();
    project.tree.write(
        "values.yaml",
        "name: from-file\nowner: group:default/payments\nrepoUrl: github.com?owner=acme&repo=from-file\nreplicas: 4\nsettings:\n  port: 9090\n",
    );
    project.tree.write(
        "values.json",
        r#"{"name": "json-svc", "owner": "group:default/payments", "repoUrl": "github.com?owner=acme&repo=json-svc", "features": ["docs"]}"#,
    );
    let output = project.run(&[
        "new",
        "kitchen-sink",
        "--values",
        "values.yaml",
        "--set",
        "replicas=5",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let values = step(&json(&output), "fetch")["input"]["values"].clone();
    assert_eq!(values["name"], "from-file");
    assert_eq!(values["replicas"], 5);

    let output = project.run(&[
        "new",
        "kitchen-sink",
        "--values",
        "values.json",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan = json(&output);
    assert_eq!(step(&plan, "fetch")["input"]["values"]["name"], "json-svc");
    assert_eq!(step(&plan, "docs")["status"], "done");
}

#[test]
fn a_broken_values_file_is_reported_at_its_line_and_column() {
    let project = Project::new();
    project
        .tree
        .write("values.yaml", "name: ok\nowner: [unclosed\n");
    let output = project.run(&[
        "new",
        "kitchen-sink",
        "--values",
        "values.yaml",
        "--dry-run",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("values.yaml:"), "{err}");
    let missing = project.run(&["new", "kitchen-sink", "--values", "nope.yaml", "--dry-run"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read nope.yaml"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn dependencies_one_of_adds_fields_for_the_chosen_value() {
    let project = Project::new();
    let missing = project.run(
        &kitchen_sink(&["--set", "storage=database", "--dry-run"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("engine: is required"),
        "{}",
        stderr(&missing)
    );

    let output = project.run(
        &kitchen_sink(&[
            "--set",
            "storage=database",
            "--set",
            "engine=mysql",
            "--dry-run",
            "-o",
            "json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan = json(&output);
    assert_eq!(step(&plan, "fetch")["input"]["values"]["engine"], "mysql");
    assert!(
        plan["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "database.yaml")
    );

    let bad_engine = project.run(
        &kitchen_sink(&[
            "--set",
            "storage=database",
            "--set",
            "engine=oracle",
            "--dry-run",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(bad_engine.status.code(), Some(2));
    assert!(
        stderr(&bad_engine).contains("engine: must be one of"),
        "{}",
        stderr(&bad_engine)
    );
}

#[test]
fn repo_urls_are_checked_as_backstage_checks_them() {
    let project = Project::new();
    let output = project.run(&[
        "new",
        "kitchen-sink",
        "--set",
        "name=pay-svc",
        "--set",
        "owner=group:default/payments",
        "--set",
        "repoUrl=github.com?owner=acme",
        "--dry-run",
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a step input that fails is a failed run: {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("Invalid repo URL passed to publisher"),
        "{}",
        stderr(&output)
    );
}

// ---- secrets -----------------------------------------------------------

#[test]
fn secrets_and_password_fields_are_masked_everywhere_they_are_shown() {
    let project = Project::new();
    let output = project
        .plat()
        .env("PLAT_SECRET_GITHUB_TOKEN", "ghp_fromenv")
        .args(kitchen_sink(&["--set", "token=hunter22", "--dry-run"]))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        !all.contains("hunter22") && !all.contains("ghp_fromenv"),
        "{all}"
    );
    assert!(
        stderr(&output).contains("made pay-svc with token ***"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("token: '***'") || stdout(&output).contains("token: ***"),
        "{}",
        stdout(&output)
    );

    let output = project.run(
        &kitchen_sink(&[
            "--secret",
            "GITHUB_TOKEN=ghp_fromflag",
            "--dry-run",
            "-o",
            "json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("ghp_fromflag"));
    assert_eq!(step(&json(&output), "publish")["input"]["token"], "***");

    let bad = project.run(
        &kitchen_sink(&["--secret", "NOVALUE", "--dry-run"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--secret"), "{}", stderr(&bad));
}

// ---- dry runs ----------------------------------------------------------

#[test]
fn a_dry_run_shows_each_step_its_input_and_the_files_and_writes_nothing() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&[
            "--set",
            "features=metrics,docs",
            "--output",
            "out",
            "--dry-run",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Dry run of kitchen-sink: nothing is written or sent."),
        "{text}"
    );
    assert!(
        text.contains("1. Render the skeleton [fetch:template] runs"),
        "{text}"
    );
    assert!(
        text.contains("9. Publish [publish:github] would publish"),
        "{text}"
    );
    assert!(text.contains("       upper: PAY-SVC"), "{text}");
    assert!(text.contains("  pay-svc/main.go\n"), "{text}");
    assert!(
        text.contains("  Repository: https://github.com/acme/pay-svc"),
        "{text}"
    );
    assert!(
        !project.path().join("out").exists(),
        "a dry run writes nothing"
    );
}

#[test]
fn if_skips_steps_and_each_runs_one_per_item() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&[
            "--set",
            "features=metrics,tracing",
            "--dry-run",
            "-o",
            "json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan = json(&output);
    assert_eq!(step(&plan, "docs")["status"], "skipped");
    let each = &step(&plan, "per-feature")["input"];
    assert_eq!(each[0]["targetPath"], "features/metrics.md");
    assert_eq!(each[1]["targetPath"], "features/tracing.md");
    let files: Vec<&str> = plan["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"features/tracing.md") && !files.contains(&"docs/index.md"),
        "{files:?}"
    );
    assert_eq!(step(&plan, "publish")["status"], "not-run");
    // Without `public`, the link guarded by `if` is left out.
    let links: Vec<&str> = plan["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    assert_eq!(links, ["Repository"]);
}

// ---- local runs --------------------------------------------------------

#[test]
fn output_writes_the_rendered_project_with_a_first_commit() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&[
            "--set",
            "features=metrics,docs",
            "--set",
            "public=true",
            "--set",
            "storage=database",
            "--set",
            "engine=postgresql",
            "--output",
            "out",
            "--author",
            "Ada Lovelace <ada@example.com>",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = project.path().join("out");
    let sink = fixtures().join("templates/kitchen-sink");
    assert!(
        stdout(&output).starts_with(&format!("Created {} (first commit ", out.display())),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output)
            .contains("Skipped, because --output does not publish:\n  Publish (publish:github)\n"),
        "{}",
        stdout(&output)
    );

    // fetch:template: contents, names, conditional files, raw globs, binaries, modes.
    let readme = read(out.join("README.md"));
    assert!(
        readme.contains("Owned by group:default/payments; 2 replicas; upper PAY-SVC."),
        "{readme}"
    );
    assert!(
        readme.contains("Project slug: acme/pay-svc on github.com."),
        "{readme}"
    );
    assert!(
        readme.contains("This service is public.\n- feature: metrics\n- feature: docs"),
        "{readme}"
    );
    assert_eq!(read(out.join("pay-svc/main.go")), "package paysvc\n");
    assert_eq!(read(out.join("database.yaml")), "engine: postgresql\n");
    assert_eq!(
        read(out.join("raw/literal.txt")),
        "kept as is: ${{ values.name }}\n"
    );
    assert_eq!(
        std::fs::read(out.join("logo.png")).unwrap(),
        std::fs::read(sink.join("skeleton/logo.png")).unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(out.join("run.sh"))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o755
        );
    }
    // fetch:plain, fetch:plain:file, fs:rename, fs:delete, each, catalog:write.
    assert_eq!(
        read(out.join("docs/index.md")),
        read(sink.join("extra/index.md"))
    );
    assert_eq!(read(out.join("LICENSE")), "MIT License\n");
    assert_eq!(read(out.join(".env.example")), "ENGINE=postgresql\n");
    assert!(!out.join("example.env").exists());
    assert!(!out.join("scratch.tmp").exists());
    assert!(out.join("features/metrics.md").exists() && out.join("features/docs.md").exists());
    let entity: Json = serde_norway::from_str(&read(out.join("catalog-info.yaml"))).unwrap();
    assert_eq!(
        entity["metadata"]["annotations"]["github.com/project-slug"],
        "acme/pay-svc"
    );
    assert_eq!(
        entity["spec"]["replicas"], 2,
        "a single expression keeps its type"
    );

    // The first commit holds every file, by the given author.
    let repo = git2::Repository::open(&out).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.author().name().ok(), Some("Ada Lovelace"));
    assert_eq!(head.author().email().ok(), Some("ada@example.com"));
    assert_eq!(
        head.message().ok(),
        Some("Initial commit from the kitchen-sink template")
    );
    let tree = head.tree().unwrap();
    for path in [
        "README.md",
        "pay-svc/main.go",
        "logo.png",
        ".env.example",
        "features/docs.md",
    ] {
        assert!(
            tree.get_path(Path::new(path)).is_ok(),
            "{path} is committed"
        );
    }
    assert!(
        repo.statuses(None).unwrap().is_empty(),
        "nothing left uncommitted"
    );
}

#[test]
fn a_conditional_file_is_left_out_when_its_name_renders_empty() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&["--output", "out"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = project.path().join("out");
    assert!(out.join("README.md").exists());
    assert!(!out.join("database.yaml").exists());
    assert!(!out.join("docs").exists(), "the `if` step did not run");
    assert!(read(out.join("README.md")).contains("This service is internal."));
}

#[test]
fn output_must_be_new_or_empty_unless_force() {
    let project = Project::new();
    project.tree.write("out/keep.txt", "mine");
    let args = kitchen_sink(&["--output", "out"]);
    let output = project.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("out is not empty"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(project.path().join("out/keep.txt")), "mine");
    assert!(!project.path().join("out/README.md").exists());

    let forced = project.run(
        &kitchen_sink(&["--output", "out", "--force"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        read(project.path().join("out/keep.txt")),
        "mine",
        "files plat did not make are kept"
    );
    assert!(project.path().join("out/README.md").exists());
}

#[test]
fn a_bad_author_names_the_flag() {
    let project = Project::new();
    let output = project.run(
        &kitchen_sink(&["--output", "out", "--author", "ada@example.com"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("for --author"),
        "{}",
        stderr(&output)
    );
    assert!(!project.path().join("out").exists());
}

#[test]
fn publishing_without_credentials_stops_at_the_preflight() {
    let output = Project::new().run(
        &kitchen_sink(&[])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("preflight found problems; nothing was changed"),
        "{err}"
    );
    assert!(err.contains("step `Publish` (publish:github): no GitHub token for github.com: set integrations.github.token: env:GITHUB_TOKEN"), "{err}");
}

#[test]
fn user_entity_is_the_catalog_user_with_the_git_email() {
    let home = Tree::new();
    home.write(
        ".gitconfig",
        "[user]\n  name = Maria\n  email = maria@acme.example\n",
    );
    let tree = Tree::new();
    tree.write(
        "who/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: who\nspec:\n  type: service\n  steps:\n    - id: log\n      action: debug:log\n      input:\n        message: by ${{ user.entity.metadata.name }} (${{ user.ref }})\n",
    );
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    let output = project
        .plat()
        .env("HOME", home.path())
        .args(["new", "who", "--dry-run"])
        .output()
        .unwrap();
    assert_fails(&output, 0, "debug:log: by maria (user:default/maria)");
}

#[test]
fn local_runs_say_what_was_skipped_and_claim_no_publishing() {
    let project = Project::new();
    let args = |out: &str, format: &str| {
        let mut args: Vec<String> = [
            "new",
            "golang-microservice",
            "--no-input",
            "--set",
            "name=orders-svc",
            "--set",
            "description=Takes orders",
            "--set",
            "owner=group:default/payments",
            "--set",
            "repoUrl=github.com?owner=acme&repo=orders-svc",
            "-o",
            format,
            "--output",
        ]
        .map(String::from)
        .to_vec();
        args.push(out.to_string());
        args
    };
    let run = |args: Vec<String>| project.run(&args.iter().map(String::as_str).collect::<Vec<_>>());

    let output = run(args("out", "human"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(
            "Skipped, because --output does not publish:\n  Publish to GitHub (publish:github)\n  Register in the catalog (catalog:register)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("run the same command without --output"),
        "{out}"
    );
    // Neither the links to what was not made nor the template's "created
    // and registered in the catalog".
    assert!(
        !out.contains("Repository:") && !out.contains("Open in catalog"),
        "{out}"
    );
    assert!(!out.contains("registered in the catalog"), "{out}");

    let output = run(args("out-json", "json"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&output);
    assert_eq!(result["links"], serde_json::json!([]), "{result}");
    assert_eq!(step(&result, "publish")["status"], "not-run");
    assert_eq!(step(&result, "register")["status"], "not-run");
}

#[test]
fn links_that_render_empty_are_left_out_in_every_mode() {
    let (_tree, project) = custom(
        "    - id: log\n      action: debug:log\n      input:\n        message: hi\n  output:\n    links:\n      - title: Site\n        url: ${{ parameters.site }}\n      - title: Entity\n        entityRef: ${{ steps.log.output.entityRef }}\n      - title: Docs\n        url: https://docs.example.com/${{ parameters.name }}\n    text:\n      - title: Summary\n        content: made ${{ parameters.name }}\n",
        &[],
    );
    // No publishing step: a local run shows the template's links and text.
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("Links:\n  Docs: https://docs.example.com/demo\n\nSummary\nmade demo\n"),
        "{out}"
    );
    assert!(!out.contains("Skipped"), "{out}");

    let output = project.run(&["new", "custom", "--dry-run"]);
    let out = stdout(&output);
    assert!(
        out.contains("Links:\n  Docs: https://docs.example.com/demo\n"),
        "{out}"
    );
    for title in ["Site", "Entity"] {
        assert!(!out.contains(&format!("{title}:")), "{out}");
    }
    for args in [
        &["new", "custom", "--dry-run", "-o", "json"][..],
        &["new", "custom", "--output", "out-json", "-o", "json"],
    ] {
        let output = project.run(args);
        assert_eq!(
            json(&output)["links"],
            serde_json::json!([{"title": "Docs", "url": "https://docs.example.com/demo"}]),
            "{args:?}"
        );
    }
}

// ---- expressions and fetch:template inputs ------------------------------

/// A template written by the test: `steps` YAML and skeleton files.
fn custom(steps: &str, files: &[(&str, &str)]) -> (Tree, Project) {
    let tree = Tree::new();
    tree.write(
        "custom/template.yaml",
        format!(
            "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: custom\nspec:\n  type: service\n  parameters:\n    properties:\n      name:\n        type: string\n        default: demo\n      tags:\n        type: array\n        default: [a, b]\n  steps:\n{steps}"
        ),
    );
    for (path, content) in files {
        tree.write(&format!("custom/{path}"), content);
    }
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    (tree, project)
}

#[test]
fn expressions_have_backstage_filters_javascript_methods_and_step_outputs() {
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: ${{ parameters.name }}\n    - id: log\n      action: debug:log\n      input:\n        message: \"${{ steps['fetch'].output.files }} ${{ steps.fetch.output.files + 1 }} ${{ parameters.name.split('e')[0] }} ${{ parameters.name.replace('demo', 'x') | upper }} ${{ ('group:team-a' | parseEntityRef).kind }} ${{ 'https://h?owner=o&repo=r' | parseRepoUrl | pick('repo') }} ${{ parameters.tags | join('+') }}\"\n",
        &[
            ("skeleton/a.txt", "${{ values.name }}"),
            ("skeleton/b.txt", "b"),
        ],
    );
    let output = project.run(&["new", "custom", "--dry-run"]);
    assert_fails(&output, 0, "debug:log: 2 3 d X group r a+b");
}

#[test]
fn objects_loop_as_key_value_pairs_and_strings_have_a_length() {
    // The two cases of issue 18, as Backstage renders them.
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: ${{ parameters.name }}\n          tags: ${{ parameters.tags }}\n          meta:\n            team: payments\n            tier: 1\n",
        &[(
            "skeleton/meta.txt",
            "{% for key, val in values.meta %}meta ${{ key }}=${{ val }}\n{% endfor %}${{ values.name.length }} ${{ values.tags.length }}\n",
        )],
    );
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        read(project.path().join("out/meta.txt")),
        "meta team=payments\nmeta tier=1\n4 2\n"
    );
}

#[test]
fn a_failing_expression_names_its_file_line_and_column() {
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: ${{ parameters.name }}\n",
        &[(
            "skeleton/README.md",
            "# Title\nName: ${{ values.name.capitalize() }}\n",
        )],
    );
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_fails(
        &output,
        1,
        "README.md:2:11: Unable to call `values.name.capitalize`, which is undefined or falsey",
    );
    assert!(!project.path().join("out").exists());
}

#[test]
fn filter_errors_carry_backstage_messages() {
    let (_tree, project) = custom(
        "    - id: log\n      action: debug:log\n      input:\n        message: ${{ 'x:y:z/w/v' | parseEntityRef }}\n",
        &[],
    );
    let output = project.run(&["new", "custom", "--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("step `log` (debug:log) failed"), "{err}");
}

#[test]
fn cookiecutter_compat_renders_cookiecutter_syntax() {
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        cookiecutterCompat: true\n        values:\n          name: ${{ parameters.name }}\n          tags: ${{ parameters.tags }}\n",
        &[(
            "skeleton/{{ cookiecutter.name }}.txt",
            "{{ cookiecutter.name }} {{ cookiecutter.tags | jsonify }}",
        )],
    );
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        read(project.path().join("out/demo.txt")),
        r#"demo ["a","b"]"#
    );
}

#[test]
fn template_file_extension_renders_only_those_files_and_drops_the_extension() {
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        templateFileExtension: true\n        values:\n          name: ${{ parameters.name }}\n",
        &[
            ("skeleton/config.yaml.njk", "name: ${{ values.name }}"),
            ("skeleton/ci.yaml", "run: ${{ github.sha }}"),
        ],
    );
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(project.path().join("out/config.yaml")), "name: demo");
    assert_eq!(
        read(project.path().join("out/ci.yaml")),
        "run: ${{ github.sha }}"
    );
}

#[test]
fn replace_decides_whether_a_second_fetch_overwrites() {
    let steps = |replace: bool| {
        format!(
            "    - id: one\n      action: fetch:template\n      input:\n        url: ./first\n    - id: two\n      action: fetch:template\n      input:\n        url: ./second\n        replace: {replace}\n"
        )
    };
    for (replace, expected) in [(false, "first"), (true, "second")] {
        let (_tree, project) = custom(
            &steps(replace),
            &[("first/f.txt", "first"), ("second/f.txt", "second")],
        );
        let output = project.run(&["new", "custom", "--output", "out"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            read(project.path().join("out/f.txt")),
            expected,
            "replace: {replace}"
        );
    }
}

#[test]
fn copy_without_render_keeps_names_and_contents() {
    let (_tree, project) = custom(
        "    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        copyWithoutRender: ['raw/**']\n        values:\n          name: ${{ parameters.name }}\n",
        &[
            ("skeleton/raw/${{ values.name }}.txt", "${{ values.name }}"),
            ("skeleton/${{ values.name }}.txt", "${{ values.name }}"),
        ],
    );
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        read(project.path().join("out/raw/${{ values.name }}.txt")),
        "${{ values.name }}"
    );
    assert_eq!(read(project.path().join("out/demo.txt")), "demo");
}

#[test]
fn action_input_errors_name_the_step_and_the_field() {
    let (_tree, project) = custom(
        "    - id: move\n      action: fs:rename\n      input:\n        files: nope\n",
        &[],
    );
    let output = project.run(&["new", "custom", "--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("step `move` (fs:rename) failed"), "{err}");
    assert!(err.contains("files"), "{err}");
}

// ---- untrusted templates -----------------------------------------------

fn escape_attempt(steps: &str, files: &[(&str, &str)]) -> (Output, Project, Tree) {
    let (tree, project) = custom(steps, files);
    let output = project.run(&["new", "custom", "--output", "out"]);
    (output, project, tree)
}

#[test]
fn no_template_path_may_leave_the_workspace() {
    // (steps, template files, the reason given)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            "    - id: f\n      action: fetch:template\n      input:\n        url: ./skeleton\n        targetPath: ../../escaped\n",
            &[("skeleton/a.txt", "a")],
            "leaves the workspace",
        ),
        (
            "    - id: f\n      action: fetch:template\n      input:\n        url: ./skeleton\n        targetPath: /tmp/escaped\n",
            &[("skeleton/a.txt", "a")],
            "is an absolute path",
        ),
        (
            "    - id: f\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          up: '../../../escaped'\n",
            &[("skeleton/${{ values.up }}.txt", "a")],
            "leaves the workspace",
        ),
        (
            "    - id: f\n      action: fetch:plain\n      input:\n        url: ../../../../etc\n",
            &[],
            "leaves the workspace",
        ),
        (
            "    - id: f\n      action: fetch:plain:file\n      input:\n        url: ./a.txt\n        targetPath: ../escaped.txt\n",
            &[("a.txt", "a")],
            "leaves the workspace",
        ),
        (
            "    - id: f\n      action: fetch:plain:file\n      input:\n        url: ./a.txt\n        targetPath: a.txt\n    - id: r\n      action: fs:rename\n      input:\n        files:\n          - from: a.txt\n            to: ../../escaped.txt\n",
            &[("a.txt", "a")],
            "leaves the workspace",
        ),
        (
            "    - id: w\n      action: catalog:write\n      input:\n        filePath: ../escaped.yaml\n        entity: {kind: Component}\n",
            &[],
            "leaves the workspace",
        ),
        (
            "    - id: f\n      action: fetch:plain:file\n      input:\n        url: ./a.txt\n        targetPath: a.txt\n    - id: r\n      action: fs:rename\n      input:\n        files:\n          - from: a.txt\n            to: /tmp/escaped.txt\n",
            &[("a.txt", "a")],
            "is an absolute path",
        ),
        (
            "    - id: w\n      action: catalog:write\n      input:\n        filePath: /tmp/escaped.yaml\n        entity: {kind: Component}\n",
            &[],
            "is an absolute path",
        ),
    ];
    for (steps, files, reason) in cases {
        let (output, project, _tree) = escape_attempt(steps, files);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{steps}\n{}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(reason),
            "{steps}\n{}",
            stderr(&output)
        );
        assert!(
            !project.path().join("out").exists(),
            "nothing written for a failed run"
        );
        assert!(
            !project.path().join("escaped").exists()
                && !project.path().join("escaped.txt").exists()
        );
    }
}

/// Backstage skips an entry whose rendered path is empty, starts with `/`
/// or holds `//`: that is how a name that renders empty leaves a file out.
/// A value that gives the path that shape is refused instead, naming the
/// skeleton entry: the project is never made with files silently missing.
#[test]
fn a_value_that_makes_a_rendered_path_absolute_is_refused_and_an_empty_one_leaves_the_entry_out() {
    let tree = Tree::new();
    tree.write(
        "paths/template.yaml",
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: paths\nspec:\n  type: service\n  parameters:\n    properties:\n      x:\n        type: string\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          x: ${{ parameters.x }}\n",
    );
    tree.write("paths/skeleton/kept.txt", "kept");
    tree.write("paths/skeleton/${{ values.x }}.txt", "file");
    tree.write("paths/skeleton/${{ values.x }}dir/inner.txt", "inner");
    tree.write(
        "paths/skeleton/${{ values.x }}/only-with-x.txt",
        "conditional",
    );
    let project = Project::with_templates(&[tree.path().to_path_buf()]);
    let outside = Tree::new();
    let absolute = outside.path().join("abs").display().to_string();
    for (value, shape) in [
        (absolute.as_str(), "an absolute path"),
        ("a//b", "a path with an empty segment (`//`)"),
    ] {
        let set = format!("x={value}");
        let output = project.run(&["new", "paths", "--set", &set, "--output", "out"]);
        assert_fails(&output, 1, "skeleton entry `${{ values.x }}");
        let err = stderr(&output);
        assert!(err.contains(&format!("renders to `{value}")), "{err}");
        assert!(err.contains(shape), "{err}");
        assert!(!stdout(&output).contains("Created"), "{}", stdout(&output));
        assert!(!project.path().join("out").exists(), "nothing half-made");
        assert!(!outside.path().join("abs").exists(), "nothing outside");
    }

    // An empty value leaves out what it names, as in Backstage.
    let output = project.run(&["new", "paths", "--set", "x=", "--output", "empty"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = project.path().join("empty");
    assert_eq!(read(out.join("kept.txt")), "kept");
    assert_eq!(read(out.join(".txt")), "file");
    assert_eq!(read(out.join("dir/inner.txt")), "inner");
    assert!(!out.join("only-with-x.txt").exists());

    let output = project.run(&["new", "paths", "--set", "x=sub", "--output", "sub"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = project.path().join("sub");
    assert_eq!(read(out.join("sub.txt")), "file");
    assert_eq!(read(out.join("subdir/inner.txt")), "inner");
    assert_eq!(read(out.join("sub/only-with-x.txt")), "conditional");

    // A value may still name nested directories.
    let output = project.run(&["new", "paths", "--set", "x=a/b", "--output", "nested"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(project.path().join("nested/a/b.txt")), "file");
    assert_eq!(
        read(project.path().join("nested/a/b/only-with-x.txt")),
        "conditional"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_lead_out_of_the_workspace_are_refused() {
    let (tree, project) = custom(
        "    - id: f\n      action: fetch:template\n      input:\n        url: ./skeleton\n",
        &[("skeleton/ok.txt", "ok")],
    );
    std::os::unix::fs::symlink("/etc/passwd", tree.path().join("custom/skeleton/passwd")).unwrap();
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_fails(
        &output,
        1,
        "`passwd` is a symlink that points out of the workspace",
    );

    // A symlink inside the skeleton that stays inside is kept as a symlink.
    let (tree, project) = custom(
        "    - id: f\n      action: fetch:template\n      input:\n        url: ./skeleton\n",
        &[("skeleton/ok.txt", "ok")],
    );
    std::os::unix::fs::symlink("ok.txt", tree.path().join("custom/skeleton/alias.txt")).unwrap();
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_link(project.path().join("out/alias.txt")).unwrap(),
        Path::new("ok.txt")
    );

    // fetch:plain does not follow a symlink out of the template either.
    let (tree, project) = custom(
        "    - id: f\n      action: fetch:plain\n      input:\n        url: ./files\n",
        &[("files/ok.txt", "ok")],
    );
    std::os::unix::fs::symlink("/etc", tree.path().join("custom/files/etc")).unwrap();
    let output = project.run(&["new", "custom", "--output", "out"]);
    assert_fails(&output, 1, "symlink");
}

#[test]
fn templates_cannot_run_programs() {
    // Nunjucks/Jinja features that could reach the system are not there.
    let (_tree, project) = custom(
        "    - id: log\n      action: debug:log\n      input:\n        message: \"${{ range.constructor('return process')() }}\"\n",
        &[],
    );
    let output = project.run(&["new", "custom", "--dry-run"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

// ---- plat templates render ----------------------------------------------

#[test]
fn templates_render_renders_a_skeleton_with_a_values_file() {
    let tree = Tree::new();
    tree.write(
        "skeleton/${{ values.name }}/README.md",
        "# ${{ values.name | title }}\n",
    );
    tree.write("skeleton/raw.txt", "${{ values.name }}");
    tree.write("values.json", r#"{"name": "billing"}"#);
    let output = plat()
        .current_dir(tree.path())
        .args([
            "templates",
            "render",
            "skeleton",
            "--values",
            "values.json",
            "--output",
            "out",
            "--copy-without-templating",
            "raw.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "billing/README.md\nraw.txt\n");
    assert_eq!(
        read(tree.path().join("out/billing/README.md")),
        "# Billing\n"
    );
    assert_eq!(read(tree.path().join("out/raw.txt")), "${{ values.name }}");

    let again = plat()
        .current_dir(tree.path())
        .args([
            "templates",
            "render",
            "skeleton",
            "--values",
            "values.json",
            "--output",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"));
}

// ---- helpers -----------------------------------------------------------

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

// ---- prompts on a terminal ---------------------------------------------

mod interactive {
    use std::time::Duration;

    use expectrl::session::OsSession as Session;
    use expectrl::{Eof, Expect, Regex};

    use super::Project;
    use crate::common::Tree;

    const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: asked
spec:
  type: service
  parameters:
    - title: About the service
      required: [name, token]
      properties:
        name:
          title: Name
          type: string
          pattern: '^[a-z]+$'
        token:
          title: Token
          type: string
          ui:widget: password
    - title: Runtime
      properties:
        language:
          title: Language
          type: string
          enum: [go, rust]
          enumNames: [Go, Rust]
        public:
          title: Public
          type: boolean
        replicas:
          title: Replicas
          type: integer
          default: 2
  steps:
    - id: log
      action: debug:log
      input:
        message: 'answers ${{ parameters.name }} ${{ parameters.language }} ${{ parameters.public }} ${{ parameters.replicas }} ${{ parameters.token }}'
";

    /// plat on a pseudo-terminal, answering prompts as a person would.
    fn session(project: &Project, args: &[&str]) -> Session {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("plat"));
        command
            .current_dir(project.path())
            .args(args)
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .env("TERM", "xterm")
            .env("XDG_CONFIG_HOME", "/nonexistent/plat-tests")
            .env("HOME", "/nonexistent/plat-tests")
            .env("XDG_CACHE_HOME", project.cache.path());
        let mut session = Session::spawn(command).expect("plat runs on a pseudo-terminal");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        session
    }

    fn rest(session: &mut Session) -> String {
        let found = session.expect(Eof).expect("plat exits");
        // Eof matches everything left.
        found
            .matches()
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .collect()
    }

    #[test]
    fn prompts_page_by_page_reask_a_wrong_answer_and_hide_passwords() {
        let tree = Tree::new();
        tree.write("asked/template.yaml", TEMPLATE);
        let project = Project::with_templates(&[tree.path().to_path_buf()]);
        let mut plat = session(&project, &["new", "asked", "--dry-run"]);
        plat.expect("About the service").unwrap();
        plat.expect("Name").unwrap();
        plat.send_line("Not Valid").unwrap();
        plat.expect("must match the pattern ^[a-z]+$; try again")
            .unwrap();
        plat.expect("Name").unwrap();
        plat.send_line("web").unwrap();
        plat.expect("Token").unwrap();
        plat.send_line("hunter22").unwrap();
        let typed = plat.expect("Runtime").unwrap();
        let shown = String::from_utf8_lossy(typed.before()).into_owned();
        assert!(
            !shown.contains("hunter22") && shown.contains("Token"),
            "the password is not echoed: {shown}"
        );
        plat.expect("Language").unwrap();
        plat.send("\x1b[B").unwrap(); // down to Rust
        plat.send("\r").unwrap();
        plat.expect("Public").unwrap();
        plat.send("y").unwrap();
        plat.expect(Regex("Replicas.*2")).unwrap();
        plat.send_line("").unwrap(); // keep the default
        let output = rest(&mut plat);
        assert!(
            output.contains("debug:log: answers web rust true 2 ***"),
            "{output}"
        );
        assert!(
            !output.contains("hunter22"),
            "the password is never logged: {output}"
        );
    }

    #[test]
    fn a_fuzzy_pick_list_chooses_the_template_when_none_is_named() {
        let tree = Tree::new();
        tree.write("asked/template.yaml", TEMPLATE);
        let project = Project::with_templates(&[tree.path().to_path_buf()]);
        let mut plat = session(
            &project,
            &[
                "new",
                "--dry-run",
                "--set",
                "name=api",
                "--set",
                "token=t",
                "--set",
                "language=go",
                "--set",
                "public=false",
                "--set",
                "replicas=1",
            ],
        );
        plat.expect("Template").unwrap();
        plat.send("asked").unwrap();
        plat.send("\r").unwrap();
        let output = rest(&mut plat);
        assert!(output.contains("Dry run of asked"), "{output}");
        assert!(
            output.contains("debug:log: answers api go false 1 ***"),
            "{output}"
        );
    }

    #[test]
    fn owner_picker_offers_the_catalog_and_repo_url_picker_builds_the_url() {
        let tree = Tree::new();
        tree.write(
            "picked/template.yaml",
            "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: picked\nspec:\n  type: service\n  parameters:\n    - title: Where\n      required: [owner, repoUrl]\n      properties:\n        owner:\n          title: Owner\n          type: string\n          ui:field: OwnerPicker\n          ui:options:\n            allowedKinds: [Group]\n        repoUrl:\n          title: Repository\n          type: string\n          ui:field: RepoUrlPicker\n          ui:options:\n            allowedHosts: [github.com]\n            allowedOwners: [acme, acme-labs]\n  steps:\n    - id: log\n      action: debug:log\n      input:\n        message: 'picked ${{ parameters.owner }} ${{ parameters.repoUrl }}'\n",
        );
        let project = Project::with_templates(&[tree.path().to_path_buf()]);
        let mut plat = session(&project, &["new", "picked", "--dry-run"]);
        plat.expect("Owner").unwrap();
        // A fuzzy list of the catalog's Groups: typing narrows it.
        plat.send("payments").unwrap();
        plat.expect("group:default/payments").unwrap();
        plat.send("\r").unwrap();
        // One allowed host: not asked. Owners: a pick list.
        plat.expect("Owner").unwrap();
        plat.send("\x1b[B").unwrap();
        plat.send("\r").unwrap();
        plat.expect("Repository").unwrap();
        plat.send_line("ledger").unwrap();
        let output = rest(&mut plat);
        assert!(
            output.contains(
                "debug:log: picked group:default/payments github.com?owner=acme-labs&repo=ledger"
            ),
            "{output}"
        );
    }

    #[test]
    fn no_input_never_prompts_even_on_a_terminal() {
        let tree = Tree::new();
        tree.write("asked/template.yaml", TEMPLATE);
        let project = Project::with_templates(&[tree.path().to_path_buf()]);
        let mut plat = session(&project, &["new", "asked", "--dry-run", "--no-input"]);
        let output = rest(&mut plat);
        assert!(output.contains("name: is required"), "{output}");
        assert!(output.contains("--set name=..."), "{output}");
    }
}
