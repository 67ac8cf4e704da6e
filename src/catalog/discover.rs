//! Finding catalog files: directories are searched for `catalog-info.yaml`
//! (honouring .gitignore), globs are matched, files are taken as given.
//! Nothing outside the catalog's [`Roots`] is read: a search does not
//! follow a symlink that leads out of them.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{GlobBuilder, GlobMatcher};
use ignore::{WalkBuilder, WalkState};

use super::finding::{Finding, Rule};
use super::yaml::Pos;

/// The file names a directory search picks up.
pub const CATALOG_FILE_NAMES: [&str; 2] = ["catalog-info.yaml", "catalog-info.yml"];

/// Directories a search never enters: build output and dependencies.
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", ".git"];

/// One directory a catalog may read in, as written and with symlinks
/// resolved.
#[derive(Debug, Clone)]
pub struct Root {
    pub written: PathBuf,
    pub canonical: PathBuf,
}

impl Root {
    pub fn new(dir: &Path) -> Root {
        let written = normalize(dir);
        let canonical = written.canonicalize().unwrap_or_else(|_| written.clone());
        Root { written, canonical }
    }

    /// `path` (absolute, normalized) is under this root as written, judged
    /// without touching the file system.
    pub fn holds_written(&self, path: &Path) -> bool {
        path.starts_with(&self.written) || path.starts_with(&self.canonical)
    }
}

/// Where a catalog may be read: the catalog root, then the directories of
/// the local locations the user named (naming one trusts it). Directory
/// searches, Location targets and placeholders keep to them: Backstage's
/// rule, nothing outside the root.
#[derive(Debug, Clone)]
pub struct Roots(Vec<Root>);

impl Roots {
    pub fn new(root: &Path) -> Roots {
        Roots(vec![Root::new(root)])
    }

    /// Adds `dir`, unless a root already holds it.
    pub fn add(&mut self, dir: &Path) {
        let root = Root::new(dir);
        if !self.contains(&root.canonical) {
            self.0.push(root);
        }
    }

    /// The catalog root.
    pub fn first(&self) -> &Root {
        &self.0[0]
    }

    /// The root a canonical path is under, if any.
    pub fn containing(&self, canonical: &Path) -> Option<&Root> {
        self.0
            .iter()
            .find(|root| canonical.starts_with(&root.canonical))
    }

    /// A canonical path is under one of the roots.
    pub fn contains(&self, canonical: &Path) -> bool {
        self.containing(canonical).is_some()
    }

    /// An absolute, normalized path is under one of the roots as written:
    /// decided before anything at the path is looked at.
    pub fn holds_written(&self, path: &Path) -> bool {
        self.0.iter().any(|root| root.holds_written(path))
    }

    /// Whether `path` (which may not exist) is inside the roots: as
    /// written, then with symlinks resolved as far as it exists.
    pub fn admits(&self, path: &Path) -> bool {
        if !self.holds_written(path) {
            return false;
        }
        let mut existing = path;
        loop {
            if let Ok(canonical) = existing.canonicalize() {
                return self.contains(&canonical);
            }
            match existing.parent() {
                Some(parent) => existing = parent,
                None => return false,
            }
        }
    }
}

/// What a location string names on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTarget {
    /// A file or directory path (which one is decided when it is read).
    Path(PathBuf),
    /// A glob: the directory to search and the pattern relative to it.
    Glob { base: PathBuf, pattern: String },
}

impl LocalTarget {
    /// Interprets `spec` relative to `base_dir`.
    pub fn parse(spec: &str, base_dir: &Path) -> LocalTarget {
        let spec = spec.strip_prefix("file:").unwrap_or(spec);
        if !spec.contains(['*', '?', '[', '{']) {
            return LocalTarget::Path(normalize(&base_dir.join(spec)));
        }
        // The literal directories before the first component with a glob
        // character are where the search starts.
        let full = base_dir.join(spec);
        let mut base = PathBuf::new();
        let mut rest = Vec::new();
        let mut globbing = false;
        for component in full.components() {
            let text = component.as_os_str().to_string_lossy();
            if !globbing && !text.contains(['*', '?', '[', '{']) {
                base.push(component);
            } else {
                globbing = true;
                rest.push(text.into_owned());
            }
        }
        LocalTarget::Glob {
            base: normalize(&base),
            pattern: rest.join("/"),
        }
    }

    pub fn display(&self) -> String {
        match self {
            LocalTarget::Path(p) => p.display().to_string(),
            LocalTarget::Glob { base, pattern } => base.join(pattern).display().to_string(),
        }
    }
}

/// Files a location expands to, sorted; and findings for what could not be
/// searched (unreadable directories, symlink loops).
pub struct Expansion {
    pub files: Vec<PathBuf>,
    pub findings: Vec<Finding>,
    /// True when a plain path does not exist at all.
    pub missing: bool,
}

/// What searching a location found besides files.
#[derive(Default)]
pub struct Visited {
    pub findings: Vec<Finding>,
    /// True when a plain path does not exist at all.
    pub missing: bool,
    /// The directory searched, when the location is one.
    pub searched: Option<PathBuf>,
    /// The template.yaml files a directory search met (their skeletons
    /// are not catalog sources).
    pub templates: Vec<PathBuf>,
}

/// The files `target` names, sorted.
pub fn expand(
    target: &LocalTarget,
    roots: &Arc<Roots>,
    display: impl Fn(&Path) -> String + Sync,
) -> Expansion {
    let found = Mutex::new(Vec::new());
    let visited = visit(target, roots, display, &|path| {
        found
            .lock()
            .expect("no panics while holding the lock")
            .push(path);
    });
    let mut files = found
        .into_inner()
        .expect("no panics while holding the lock");
    files.sort();
    files.dedup();
    Expansion {
        files,
        findings: visited.findings,
        missing: visited.missing,
    }
}

/// Calls `on_file` with every file `target` names, from the walker's
/// threads and in no particular order, so that files can be read while the
/// search goes on.
pub fn visit(
    target: &LocalTarget,
    roots: &Arc<Roots>,
    display: impl Fn(&Path) -> String + Sync,
    on_file: &(dyn Fn(PathBuf) + Sync),
) -> Visited {
    let mut out = Visited::default();
    match target {
        LocalTarget::Path(path) => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                out.searched = Some(path.clone());
                walk(path, None, true, roots, &display, on_file, &mut out);
            }
            Ok(_) => on_file(path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink is also "not found": say which.
                if std::fs::symlink_metadata(path).is_ok() {
                    out.findings
                        .push(super::source::read_error(&display(path), &e));
                } else {
                    out.missing = true;
                }
            }
            Err(e) => out
                .findings
                .push(super::source::read_error(&display(path), &e)),
        },
        LocalTarget::Glob { base, pattern } => {
            match GlobBuilder::new(pattern).literal_separator(true).build() {
                Ok(glob) => {
                    let matcher = glob.compile_matcher();
                    if base.is_dir() {
                        walk(
                            base,
                            Some(&matcher),
                            false,
                            roots,
                            &display,
                            on_file,
                            &mut out,
                        );
                    }
                }
                Err(e) => out.findings.push(
                    Finding::new(
                        Rule::Location,
                        target.display(),
                        Pos { line: 1, column: 1 },
                        format!("is not a valid glob: {e}"),
                    )
                    .with_hint("globs use *, ** and ?, e.g. services/*/catalog-info.yaml"),
                ),
            }
        }
    }
    out
}

/// Walks `dir` on every core, following symlinks that stay inside the
/// roots; one that leads out is not followed (a warning names it, never
/// what is behind it), and a symlink loop is reported once. With a glob,
/// every file matching it counts; without one, catalog-info files do, and
/// .gitignore'd paths and build directories are skipped.
fn walk(
    dir: &Path,
    glob: Option<&GlobMatcher>,
    filtered: bool,
    roots: &Arc<Roots>,
    display: &(impl Fn(&Path) -> String + Sync),
    on_file: &(dyn Fn(PathBuf) + Sync),
    out: &mut Visited,
) {
    let mut builder = WalkBuilder::new(dir);
    builder
        .follow_links(true)
        .standard_filters(false)
        .git_ignore(filtered)
        .git_exclude(filtered)
        .ignore(filtered)
        .parents(filtered)
        .require_git(false);
    // Decided before the walker reads a directory behind a symlink.
    let leading_out = Arc::new(Mutex::new(BTreeMap::new()));
    {
        let roots = roots.clone();
        let leading_out = leading_out.clone();
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if filtered
                && is_dir
                && entry.depth() > 0
                && SKIPPED_DIRS.contains(&entry.file_name().to_string_lossy().as_ref())
            {
                return false;
            }
            if entry.path_is_symlink()
                && !entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| roots.contains(&real))
            {
                // Met through several paths (a symlinked directory inside
                // the root), it is one symlink: named once, by its first path.
                let path = entry.path().to_path_buf();
                let real_place = path
                    .parent()
                    .and_then(|parent| parent.canonicalize().ok())
                    .map(|parent| parent.join(entry.file_name()))
                    .unwrap_or_else(|| path.clone());
                leading_out
                    .lock()
                    .expect("no panics while holding the lock")
                    .entry(real_place)
                    .and_modify(|first: &mut PathBuf| {
                        if path < *first {
                            first.clone_from(&path);
                        }
                    })
                    .or_insert(path);
                return false;
            }
            true
        });
    }
    let errors = Mutex::new(Vec::new());
    let templates = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        let path = entry.path();
                        let name = entry.file_name().to_str();
                        let wanted = match glob {
                            Some(m) => path.strip_prefix(dir).is_ok_and(|rel| m.is_match(rel)),
                            None => name.is_some_and(|n| CATALOG_FILE_NAMES.contains(&n)),
                        };
                        if glob.is_none() && name == Some(super::skeleton::TEMPLATE_FILE) {
                            templates
                                .lock()
                                .expect("no panics while holding the lock")
                                .push(path.to_path_buf());
                        }
                        if wanted {
                            on_file(entry.into_path());
                        }
                    }
                }
                Err(error) => {
                    errors
                        .lock()
                        .expect("no panics while holding the lock")
                        .push(error);
                }
            }
            WalkState::Continue
        })
    });
    let errors = errors
        .into_inner()
        .expect("no panics while holding the lock");
    let mut found: Vec<(Option<Vec<PathBuf>>, Finding)> = errors
        .iter()
        .map(|error| walk_finding(error, dir, display))
        .collect();
    let leading_out = std::mem::take(
        &mut *leading_out
            .lock()
            .expect("no panics while holding the lock"),
    );
    for link in leading_out.into_values() {
        let mut finding = Finding::new(
            Rule::Read,
            display(&link),
            Pos { line: 1, column: 1 },
            "is a symlink that leads outside the catalog root; not followed",
        )
        .with_hint("plat reads nothing outside the catalog root (the plat.yaml directory, or where plat runs); to read that directory, list it under catalog.locations in plat.yaml");
        finding.severity = super::finding::Severity::Warning;
        found.push((None, finding));
    }
    found.sort_by(|a, b| a.1.file.cmp(&b.1.file));
    // The same loop is met from each of its symlinks: reported once.
    let mut loops = std::collections::HashSet::new();
    out.templates = templates
        .into_inner()
        .expect("no panics while holding the lock");
    out.templates.sort();
    out.findings.extend(
        found
            .into_iter()
            .filter(|(cycle, _)| cycle.as_ref().is_none_or(|c| loops.insert(c.clone())))
            .map(|(_, finding)| finding),
    );
}

/// A finding for a walker error, and for a symlink loop the directories or
/// links that make it up (the same loop is met from each of them).
fn walk_finding(
    error: &ignore::Error,
    dir: &Path,
    display: &(impl Fn(&Path) -> String + Sync),
) -> (Option<Vec<PathBuf>>, Finding) {
    let start = Pos { line: 1, column: 1 };
    let hint = "remove the symlink or point it elsewhere";
    match innermost(error) {
        ignore::Error::Loop { ancestor, child } => {
            // The directories from the ancestor down to the link back to it.
            let mut cycle: Vec<PathBuf> = child
                .ancestors()
                .skip(1)
                .take_while(|p| p.starts_with(ancestor))
                .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
                .collect();
            cycle.sort();
            let finding = Finding::new(
                Rule::Read,
                display(child),
                start,
                format!(
                    "is a symlink loop back to {}; not followed",
                    display(ancestor)
                ),
            )
            .with_hint(hint);
            (Some(cycle), finding)
        }
        ignore::Error::Io(io) => {
            let path = path_of(error).unwrap_or(dir);
            match link_cycle(path) {
                Some(cycle) => {
                    let names: Vec<String> = cycle.iter().map(|p| display(p)).collect();
                    let finding = Finding::new(
                        Rule::Read,
                        display(path),
                        start,
                        format!(
                            "is a symlink in a loop of symlinks ({} -> {}); not followed",
                            names.join(" -> "),
                            names[0]
                        ),
                    )
                    .with_hint(hint);
                    let mut key = cycle;
                    key.sort();
                    (Some(key), finding)
                }
                None => (None, super::source::read_error(&display(path), io)),
            }
        }
        other => (
            None,
            Finding::new(
                Rule::Read,
                display(path_of(error).unwrap_or(dir)),
                start,
                other.to_string(),
            ),
        ),
    }
}

/// The symlinks that point at each other in a loop, when following `path`
/// runs into one; in the order they point, from the first of them met.
fn link_cycle(path: &Path) -> Option<Vec<PathBuf>> {
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut current = normalize(path);
    for _ in 0..64 {
        if let Some(start) = chain.iter().position(|p| *p == current) {
            return Some(chain.split_off(start));
        }
        let target = std::fs::read_link(&current).ok()?;
        let next = match current.parent() {
            Some(parent) => normalize(&parent.join(target)),
            None => normalize(&target),
        };
        chain.push(current);
        current = next;
    }
    None
}

fn innermost(error: &ignore::Error) -> &ignore::Error {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        other => other,
    }
}

fn path_of(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            path_of(err)
        }
        _ => None,
    }
}

/// Removes `.` and resolves `..` lexically, without touching the file system
/// (Backstage's `path.resolve`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x: 1\n").unwrap();
    }

    fn relative(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    /// `target` searched with the directory it names (or its glob's base)
    /// as the root.
    fn search(target: &LocalTarget) -> Expansion {
        let root = match target {
            LocalTarget::Path(p) => p.clone(),
            LocalTarget::Glob { base, .. } => base.clone(),
        };
        expand(target, &Arc::new(Roots::new(&root)), |p| {
            p.strip_prefix(&root)
                .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
        })
    }

    #[test]
    fn parses_paths_and_globs() {
        let base = Path::new("/repo");
        assert_eq!(
            LocalTarget::parse("./a/../b/catalog-info.yaml", base),
            LocalTarget::Path(PathBuf::from("/repo/b/catalog-info.yaml"))
        );
        assert_eq!(
            LocalTarget::parse("services/*/catalog-info.yaml", base),
            LocalTarget::Glob {
                base: PathBuf::from("/repo/services"),
                pattern: "*/catalog-info.yaml".into()
            }
        );
        assert_eq!(
            LocalTarget::parse("file:x.yaml", base),
            LocalTarget::Path(PathBuf::from("/repo/x.yaml"))
        );
    }

    #[test]
    fn directory_search_honours_gitignore_and_skips_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/catalog-info.yaml"));
        touch(&root.join("b/catalog-info.yml"));
        touch(&root.join(".backstage/catalog-info.yaml"));
        touch(&root.join("ignored/catalog-info.yaml"));
        touch(&root.join("node_modules/x/catalog-info.yaml"));
        touch(&root.join("target/catalog-info.yaml"));
        touch(&root.join("a/other.yaml"));
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let found = search(&LocalTarget::Path(root.to_path_buf()));
        let names = relative(&found.files, root);
        assert_eq!(
            names,
            [
                ".backstage/catalog-info.yaml",
                "a/catalog-info.yaml",
                "b/catalog-info.yml"
            ]
        );
    }

    #[test]
    fn globs_match_any_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("teams/a.yaml"));
        touch(&root.join("teams/nested/b.yaml"));
        let one = search(&LocalTarget::parse("teams/*.yaml", root));
        assert_eq!(one.files.len(), 1);
        let all = search(&LocalTarget::parse("teams/**/*.yaml", root));
        assert_eq!(all.files.len(), 2);
    }

    #[test]
    fn a_missing_path_is_reported_as_missing() {
        let found = search(&LocalTarget::Path(PathBuf::from("/no/such/dir")));
        assert!(found.missing);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_findings_not_hangs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/catalog-info.yaml"));
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
        let found = search(&LocalTarget::Path(root.to_path_buf()));
        assert_eq!(found.files.len(), 1);
        assert!(
            found
                .findings
                .iter()
                .any(|f| f.message.contains("symlink loop")),
            "{:?}",
            found.findings
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_root_is_not_followed_and_named_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/catalog-info.yaml"));
        touch(&outside.path().join("x/catalog-info.yaml"));
        touch(&outside.path().join("y/catalog-info.yaml"));
        symlink(outside.path(), root.join("a/out")).unwrap();
        symlink(
            outside.path().join("x/catalog-info.yaml"),
            root.join("catalog-info.yml"),
        )
        .unwrap();
        // Inside the root, a symlink is followed.
        symlink(root.join("a"), root.join("alias")).unwrap();
        let found = search(&LocalTarget::Path(root.to_path_buf()));
        let names = relative(&found.files, root);
        assert_eq!(names, ["a/catalog-info.yaml", "alias/catalog-info.yaml"]);
        let said: Vec<_> = found
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.file, f.message))
            .collect();
        assert_eq!(
            said,
            [
                "a/out: is a symlink that leads outside the catalog root; not followed",
                "catalog-info.yml: is a symlink that leads outside the catalog root; not followed",
            ]
        );
        assert!(
            found
                .findings
                .iter()
                .all(|f| f.severity == super::super::finding::Severity::Warning)
        );
        let outside_name = outside.path().display().to_string();
        assert!(!format!("{said:?}").contains(&outside_name), "{said:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_through_several_symlinks_is_reported_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["a", "b", "c"] {
            touch(&root.join(name).join("catalog-info.yaml"));
        }
        // Directories: a -> b -> c -> a.
        symlink("../b", root.join("a/to-b")).unwrap();
        symlink("../c", root.join("b/to-c")).unwrap();
        symlink("../a", root.join("c/to-a")).unwrap();
        // Links: x1 -> x2 -> x3 -> x1.
        symlink("x2", root.join("x1")).unwrap();
        symlink("x3", root.join("x2")).unwrap();
        symlink("x1", root.join("x3")).unwrap();
        let found = search(&LocalTarget::Path(root.to_path_buf()));
        let loops: Vec<_> = found
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.file, f.message))
            .collect();
        assert_eq!(loops.len(), 2, "{loops:#?}");
        assert!(loops[0].contains("symlink loop back to"), "{loops:#?}");
        assert_eq!(
            loops[1],
            "x1: is a symlink in a loop of symlinks (x1 -> x2 -> x3 -> x1); not followed"
        );
    }
}
