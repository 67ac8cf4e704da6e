//! `plat update`'s merge engine: each file's three-way merge compared with
//! `git merge-file` on seeded random cases, and the whole-tree plan and its
//! application on real directories.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use plat::scaffold::merge::{Labels, Merged, is_binary, merge_rejecting, merge_text, similarity};
use plat::scaffold::update_plan::{
    Action, ConflictStyle, File, Files, Note, PlanOptions, UpdateError, apply, plan, read_tree,
};

use crate::common;

/// A small deterministic generator (xorshift), so that every run tries the
/// same cases and a failure names its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Few distinct lines, so that lines repeat and the diffs have choices to
/// make (where merge tools differ); blank and brace-only lines exercise
/// git's rule for joining conflicts separated by lines without letters.
const WORDS: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "}",
    "",
    "fn x() {",
    "  return 1;",
    "e",
    "f",
    "g",
    "h",
];

fn line(rng: &mut Rng) -> String {
    let word = WORDS[rng.below(WORDS.len())];
    if rng.below(3) == 0 {
        format!("{word}{}", rng.below(5))
    } else {
        word.to_string()
    }
}

/// Inserts, deletes and changes runs of lines anywhere, the first and last
/// lines included.
fn edit(rng: &mut Rng, base: &[String], edits: usize) -> Vec<String> {
    let mut lines = base.to_vec();
    for _ in 0..rng.below(edits + 1) {
        let at = rng.below(lines.len() + 1);
        match rng.below(3) {
            0 => {
                for _ in 0..1 + rng.below(3) {
                    let new = line(rng);
                    lines.insert(at, new);
                }
            }
            1 if at < lines.len() => {
                let n = (1 + rng.below(3)).min(lines.len() - at);
                lines.drain(at..at + n);
            }
            _ if at < lines.len() => lines[at] = line(rng),
            _ => lines.push(line(rng)),
        }
    }
    lines
}

fn render(lines: &[String], crlf: bool, final_newline: bool) -> Vec<u8> {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text: String = lines.iter().map(|l| format!("{l}{eol}")).collect();
    if !final_newline && !text.is_empty() {
        text.truncate(text.len() - eol.len());
    }
    text.into_bytes()
}

fn labels() -> Labels {
    Labels {
        ours: "ours".into(),
        theirs: "theirs".into(),
    }
}

/// What `git merge-file -p` prints for the three files, and its exit code
/// (the number of conflicts).
fn git_merge_file(dir: &Path, base: &[u8], ours: &[u8], theirs: &[u8]) -> (Vec<u8>, i32) {
    std::fs::write(dir.join("base"), base).unwrap();
    std::fs::write(dir.join("ours"), ours).unwrap();
    std::fs::write(dir.join("theirs"), theirs).unwrap();
    let output = Command::new("git")
        .current_dir(dir)
        .args(["merge-file", "-p", "--marker-size", "7"])
        .args([
            "-L", "ours", "-L", "base", "-L", "theirs", "ours", "base", "theirs",
        ])
        .output()
        .unwrap();
    let code = output.status.code().expect("git merge-file exited");
    assert!(
        code >= 0,
        "git merge-file failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.stdout, code)
}

#[test]
fn merge_text_prints_what_git_merge_file_prints() {
    if common::tool("git", "git").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut clean, mut conflicted) = (0, 0);
    // 300 short files (few lines, few edits: overlapping changes) and 100
    // longer ones with more edits.
    for seed in 1..=400u64 {
        let mut rng = Rng::new(seed);
        let (length, edits) = if seed <= 300 { (14, 3) } else { (80, 9) };
        let base_lines: Vec<String> = (0..rng.below(length)).map(|_| line(&mut rng)).collect();
        let ours_lines = edit(&mut rng, &base_lines, edits);
        let theirs_lines = edit(&mut rng, &base_lines, edits);
        // Every fifth case has CRLF lines (one side sometimes LF: a
        // conflict's markers follow the lines around it); any file may
        // lack its final newline.
        let crlf = rng.below(5) == 0;
        let base = render(&base_lines, crlf, rng.below(4) != 0);
        let ours = render(&ours_lines, crlf && rng.below(3) != 0, rng.below(4) != 0);
        let theirs = render(&theirs_lines, crlf, rng.below(4) != 0);

        let (expected, code) = git_merge_file(dir.path(), &base, &ours, &theirs);
        let merged = merge_text(&base, &ours, &theirs, &labels());
        let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert_eq!(
            show(merged.content()),
            show(&expected),
            "seed {seed}\n--- base\n{}--- ours\n{}--- theirs\n{}",
            show(&base),
            show(&ours),
            show(&theirs)
        );
        assert_eq!(
            merged.conflicts() as i32,
            code,
            "seed {seed}: conflict count"
        );
        match merged {
            Merged::Clean(_) => clean += 1,
            Merged::Conflicted { .. } => conflicted += 1,
        }
    }
    // The cases are worth something only if both verdicts occur often.
    assert!(
        clean > 100 && conflicted > 100,
        "{clean} clean, {conflicted} conflicted"
    );
}

#[test]
fn rejected_hunks_apply_to_the_old_render() {
    if common::tool("git", "git").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let base = b"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
    let ours = b"one\nTWO (user)\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
    let theirs =
        b"one\nTWO (template)\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten (template)\n";
    let result = merge_rejecting(base, ours, theirs, "notes.txt");
    assert_eq!(result.hunks, 1);
    // The user's line stays; the template's other change applied.
    assert_eq!(
        result.content,
        b"one\nTWO (user)\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten (template)\n"
    );
    let rejects = String::from_utf8(result.rejects.clone()).unwrap();
    assert!(
        rejects.starts_with("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,5 +1,5 @@\n"),
        "{rejects}"
    );
    assert!(rejects.contains("-two\n+TWO (template)\n"), "{rejects}");
    // The .rej is a real patch: git applies it to the old render.
    std::fs::write(dir.path().join("notes.txt"), base).unwrap();
    std::fs::write(dir.path().join("notes.txt.rej"), &result.rejects).unwrap();
    let status = Command::new("git")
        .current_dir(dir.path())
        .args(["apply", "notes.txt.rej"])
        .status()
        .unwrap();
    assert!(status.success());
    let patched = std::fs::read_to_string(dir.path().join("notes.txt")).unwrap();
    assert!(
        patched.starts_with("one\nTWO (template)\nthree\n"),
        "{patched}"
    );
}

#[test]
fn binary_is_a_nul_in_the_first_8000_bytes() {
    assert!(is_binary(b"PNG\0data"));
    assert!(!is_binary(b"plain text\n"));
    let mut late = vec![b'a'; 8000];
    late.push(0);
    assert!(!is_binary(&late), "git looks at the first 8000 bytes only");
}

#[test]
fn similarity_counts_the_lines_kept() {
    assert_eq!(similarity(b"a\nb\n", b"a\nb\n"), 1.0);
    assert_eq!(similarity(b"a\nb\nc\nd\n", b"a\nb\nx\ny\n"), 0.5);
    assert_eq!(similarity(b"a\n", b"b\n"), 0.0);
}

fn files(entries: &[(&str, &str)]) -> Files {
    entries
        .iter()
        .map(|(path, text)| (path.to_string(), File::new(text.as_bytes())))
        .collect()
}

/// Every file under `dir` with its bytes and mode bits: the whole state a
/// failed update must leave as it found it.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let metadata = std::fs::symlink_metadata(&path).unwrap();
            if metadata.is_dir() {
                all.insert(
                    format!("{relative}/"),
                    (Vec::new(), metadata.permissions().mode()),
                );
                stack.push(path);
            } else {
                all.insert(
                    relative,
                    (std::fs::read(&path).unwrap(), metadata.permissions().mode()),
                );
            }
        }
    }
    all
}

/// A template at two versions and a project made from the first, then
/// changed by its user, covering every action.
fn every_action() -> (Files, Files, common::Tree) {
    let base = files(&[
        ("README.md", "# svc\n\nMade from the template.\n"),
        ("ci.yaml", "steps:\n  - build\n  - test\n"),
        (
            "main.go",
            "package main\n\nfunc main() {\n\tserve(8080)\n}\n\nfunc serve(port int) {}\n",
        ),
        ("config.yaml", "port: 8080\nlog: info\n"),
        ("old-script.sh", "echo old\n"),
        ("legacy.txt", "legacy\n"),
        (
            "docs/guide.md",
            "# Guide\n\nStep one.\nStep two.\nStep three.\nStep four.\n",
        ),
        ("deleted.txt", "the user deletes this\n"),
        ("logo.bin", "PNG\0old"),
        ("notes.md", "notes\n"),
    ]);
    let new = files(&[
        ("README.md", "# svc\n\nMade from the template.\n"),
        ("ci.yaml", "steps:\n  - build\n  - test\n  - scan\n"),
        (
            "main.go",
            "package main\n\nfunc main() {\n\tserve(9090)\n}\n\nfunc serve(port int) {}\n",
        ),
        ("config.yaml", "port: 9090\nlog: info\n"),
        ("legacy.txt", "legacy\n"),
        (
            "documentation/guide.md",
            "# Guide\n\nStep one.\nStep two.\nStep three.\nStep four.\nStep five.\n",
        ),
        ("deleted.txt", "the user deletes this, changed\n"),
        ("logo.bin", "PNG\0new"),
        ("metrics.go", "package main\n"),
        ("notes.md", "notes\n"),
    ]);
    let project = common::Tree::new();
    project
        // ci.yaml: untouched by the user (update).
        .write("ci.yaml", "steps:\n  - build\n  - test\n")
        // main.go: the user changed another line (clean merge).
        .write("main.go", "package main\n\nfunc main() {\n\tserve(8080)\n}\n\nfunc serve(port int) { /* user */ }\n")
        // config.yaml: the user changed the same line (conflict).
        .write("config.yaml", "port: 7070\nlog: info\n")
        // old-script.sh: untouched, gone from the template (remove).
        .write("old-script.sh", "echo old\n")
        // legacy.txt: the user changed it; the template did not (keep).
        .write("legacy.txt", "legacy, kept by the user\n")
        // docs/guide.md moved to documentation/; the user edited it.
        .write("docs/guide.md", "# Guide\n\nStep one (user).\nStep two.\nStep three.\nStep four.\n")
        // logo.bin: both changed a binary file.
        .write("logo.bin", "PNG\0user")
        // README.md untouched, unchanged: nothing.
        .write("README.md", "# svc\n\nMade from the template.\n")
        .write("notes.md", "my notes\n");
    (base, new, project)
}

fn action_of<'a>(
    plan: &'a plat::scaffold::update_plan::UpdatePlan,
    path: &str,
) -> Option<&'a plat::scaffold::update_plan::Entry> {
    plan.entries.iter().find(|e| e.path == path)
}

#[test]
fn plan_decides_each_file_and_apply_writes_it() {
    let (base, new, project) = every_action();
    let root = project.path();
    let planned = plan(&base, &new, root, &PlanOptions::default()).unwrap();
    let act = |path: &str| action_of(&planned, path).map(|e| e.action);

    assert_eq!(act("ci.yaml"), Some(Action::Update));
    assert_eq!(act("main.go"), Some(Action::Merge));
    assert_eq!(act("config.yaml"), Some(Action::Conflict));
    assert_eq!(act("old-script.sh"), Some(Action::Remove));
    assert_eq!(act("legacy.txt"), Some(Action::Keep));
    assert_eq!(act("documentation/guide.md"), Some(Action::Rename));
    assert_eq!(act("deleted.txt"), Some(Action::DeletedByUser));
    assert_eq!(act("logo.bin"), Some(Action::BinaryConflict));
    assert_eq!(act("metrics.go"), Some(Action::Add));
    assert_eq!(act("notes.md"), Some(Action::Keep));
    assert_eq!(
        act("README.md"),
        None,
        "unchanged on both sides: not listed"
    );
    assert_eq!(
        act("docs/guide.md"),
        None,
        "a rename is listed at its new path"
    );
    let rename = action_of(&planned, "documentation/guide.md").unwrap();
    assert_eq!(rename.from.as_deref(), Some("docs/guide.md"));
    assert_eq!(action_of(&planned, "config.yaml").unwrap().conflicts, 1);
    assert_eq!(planned.conflicts(), 2, "config.yaml and logo.bin");

    // What --dry-run shows, and what -o json prints.
    let diff = &action_of(&planned, "ci.yaml").unwrap().diff;
    assert!(
        diff.contains("--- a/ci.yaml\n+++ b/ci.yaml\n") && diff.contains("+  - scan\n"),
        "{diff}"
    );
    let diff = &rename.diff;
    assert!(
        diff.starts_with("rename from docs/guide.md\nrename to documentation/guide.md\n"),
        "{diff}"
    );
    let json = serde_json::to_value(&planned).unwrap();
    let entries = json["entries"].as_array().unwrap();
    let entry = |path: &str| entries.iter().find(|e| e["path"] == path).unwrap().clone();
    assert_eq!(entry("documentation/guide.md")["action"], "rename");
    assert_eq!(entry("documentation/guide.md")["from"], "docs/guide.md");
    assert_eq!(entry("logo.bin")["action"], "binary-conflict");
    assert_eq!(entry("deleted.txt")["action"], "deleted-by-user");
    assert_eq!(entry("config.yaml")["conflicts"], 1);
    let before = snapshot(root);
    assert_eq!(snapshot(root), before, "planning writes nothing");

    apply(&planned, root).unwrap();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    assert_eq!(read("ci.yaml"), "steps:\n  - build\n  - test\n  - scan\n");
    assert_eq!(
        read("main.go"),
        "package main\n\nfunc main() {\n\tserve(9090)\n}\n\nfunc serve(port int) { /* user */ }\n"
    );
    assert_eq!(
        read("config.yaml"),
        "<<<<<<< project\nport: 7070\n=======\nport: 9090\n>>>>>>> template (new)\nlog: info\n"
    );
    assert!(!root.join("old-script.sh").exists());
    assert_eq!(read("legacy.txt"), "legacy, kept by the user\n");
    assert!(
        !root.join("docs/guide.md").exists(),
        "the user's file moved"
    );
    assert_eq!(
        read("documentation/guide.md"),
        "# Guide\n\nStep one (user).\nStep two.\nStep three.\nStep four.\nStep five.\n",
        "moved with the template's change merged in"
    );
    assert!(!root.join("deleted.txt").exists(), "not recreated");
    assert_eq!(std::fs::read(root.join("logo.bin")).unwrap(), b"PNG\0user");
    assert_eq!(read("metrics.go"), "package main\n");
    let left: Vec<String> = snapshot(root)
        .into_keys()
        .filter(|p| p.contains(".plat-update-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn removed_by_the_template_but_changed_by_the_user_is_kept() {
    let base = files(&[("old.txt", "template\n")]);
    let new = files(&[]);
    let project = common::Tree::new();
    project.write("old.txt", "template, and the user's line\n");
    let planned = plan(&base, &new, project.path(), &PlanOptions::default()).unwrap();
    let entry = action_of(&planned, "old.txt").unwrap();
    assert_eq!(entry.action, Action::Keep);
    assert_eq!(entry.note, Some(Note::RemovedByTemplate));
    assert_eq!(
        serde_json::to_value(entry).unwrap()["note"],
        "removed-by-template"
    );
    apply(&planned, project.path()).unwrap();
    assert!(project.path().join("old.txt").exists());
}

#[test]
fn a_file_the_template_adds_where_the_user_has_one_is_merged_from_nothing() {
    let base = files(&[]);
    let new = files(&[("Makefile", "build:\n\tgo build\n")]);
    let project = common::Tree::new();
    project.write("Makefile", "build:\n\tmake -C src\n");
    let planned = plan(&base, &new, project.path(), &PlanOptions::default()).unwrap();
    let entry = action_of(&planned, "Makefile").unwrap();
    assert_eq!(entry.action, Action::Conflict);
    apply(&planned, project.path()).unwrap();
    assert_eq!(
        std::fs::read_to_string(project.path().join("Makefile")).unwrap(),
        "build:\n<<<<<<< project\n\tmake -C src\n=======\n\tgo build\n>>>>>>> template (new)\n"
    );
    // The same file already there: nothing to do.
    let project = common::Tree::new();
    project.write("Makefile", "build:\n\tgo build\n");
    let planned = plan(&base, &new, project.path(), &PlanOptions::default()).unwrap();
    assert!(planned.entries.is_empty());
}

#[test]
fn rej_style_keeps_the_users_lines_and_writes_the_rest_to_a_rej_file() {
    let base = files(&[("app.conf", "name = svc\nport = 8080\nlog = info\n")]);
    let new = files(&[("app.conf", "name = svc\nport = 9090\nlog = info\n")]);
    let project = common::Tree::new();
    project.write("app.conf", "name = svc\nport = 7070\nlog = info\n");
    let options = PlanOptions {
        conflict_style: ConflictStyle::Rej,
        ..PlanOptions::default()
    };
    let planned = plan(&base, &new, project.path(), &options).unwrap();
    let entry = action_of(&planned, "app.conf").unwrap();
    assert_eq!(entry.action, Action::Conflict);
    assert_eq!(entry.rejects.as_deref(), Some("app.conf.rej"));
    apply(&planned, project.path()).unwrap();
    assert_eq!(
        std::fs::read_to_string(project.path().join("app.conf")).unwrap(),
        "name = svc\nport = 7070\nlog = info\n"
    );
    let rej = std::fs::read_to_string(project.path().join("app.conf.rej")).unwrap();
    assert!(rej.contains("-port = 8080\n+port = 9090\n"), "{rej}");

    // A .rej file already there is the user's: plat refuses to replace it.
    let error = plan(&base, &new, project.path(), &options).unwrap_err();
    assert!(matches!(error, UpdateError::RejectExists { ref path } if path == "app.conf.rej"));
    assert!(error.hint().is_some());
}

#[test]
fn the_execute_bit_follows_the_template() {
    use std::os::unix::fs::PermissionsExt;
    let mut base = files(&[("run.sh", "echo run\n")]);
    let mut new = files(&[("run.sh", "echo run fast\n")]);
    base.get_mut("run.sh").unwrap().executable = false;
    new.get_mut("run.sh").unwrap().executable = true;
    let project = common::Tree::new();
    project.write("run.sh", "echo run\n");
    std::fs::set_permissions(
        project.path().join("run.sh"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let planned = plan(&base, &new, project.path(), &PlanOptions::default()).unwrap();
    assert!(
        action_of(&planned, "run.sh")
            .unwrap()
            .diff
            .starts_with("old mode 100644\nnew mode 100755\n")
    );
    apply(&planned, project.path()).unwrap();
    let mode = std::fs::metadata(project.path().join("run.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755);
}

#[test]
fn read_tree_reads_a_render_without_git() {
    let tree = common::Tree::new();
    tree.write("a.txt", "a\n")
        .write("sub/b.txt", "b\n")
        .write(".git/HEAD", "ref\n");
    let read = read_tree(tree.path()).unwrap();
    assert_eq!(read.keys().collect::<Vec<_>>(), ["a.txt", "sub/b.txt"]);
}

#[test]
fn a_failed_apply_leaves_the_tree_as_it_was() {
    let (base, new, project) = every_action();
    let root = project.path();
    let planned = plan(&base, &new, root, &PlanOptions::default()).unwrap();
    // Between planning and applying, a file appears where the new
    // directory should be: every other file was already staged when
    // making the directory fails.
    project.write("documentation", "in the way\n");
    let before = snapshot(root);
    let error = apply(&planned, root).unwrap_err();
    assert!(matches!(error, UpdateError::Write { .. }), "{error}");
    assert!(error.to_string().contains("nothing was changed"), "{error}");
    assert_eq!(snapshot(root), before, "the tree is exactly as it was");

    // A file plat would replace turned into a directory: the same.
    let (base, new, project) = every_action();
    let root = project.path();
    let planned = plan(&base, &new, root, &PlanOptions::default()).unwrap();
    std::fs::remove_file(root.join("main.go")).unwrap();
    project.write("main.go/inside", "x\n");
    let before = snapshot(root);
    assert!(apply(&planned, root).is_err());
    assert_eq!(snapshot(root), before, "the tree is exactly as it was");
}

#[test]
fn a_template_path_leaving_the_project_is_refused() {
    let base = files(&[]);
    let new = files(&[("../outside.txt", "x\n")]);
    let project = common::Tree::new();
    let error = plan(&base, &new, project.path(), &PlanOptions::default()).unwrap_err();
    assert!(matches!(error, UpdateError::Path(_)), "{error}");
}
