//! Finding catalog files: directories are searched for `catalog-info.yaml`
//! (honouring .gitignore), globs are matched, files are taken as given.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use globset::{GlobBuilder, GlobMatcher};
use ignore::{WalkBuilder, WalkState};

use super::finding::{Finding, Rule};
use super::yaml::Pos;

/// The file names a directory search picks up.
pub const CATALOG_FILE_NAMES: [&str; 2] = ["catalog-info.yaml", "catalog-info.yml"];

/// Directories a search never enters: build output and dependencies.
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", ".git"];

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
pub struct Visited {
    pub findings: Vec<Finding>,
    /// True when a plain path does not exist at all.
    pub missing: bool,
}

/// The files `target` names, sorted.
pub fn expand(target: &LocalTarget, display: impl Fn(&Path) -> String + Sync) -> Expansion {
    let found = Mutex::new(Vec::new());
    let visited = visit(target, display, &|path| {
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
    display: impl Fn(&Path) -> String + Sync,
    on_file: &(dyn Fn(PathBuf) + Sync),
) -> Visited {
    let mut out = Visited {
        findings: Vec::new(),
        missing: false,
    };
    match target {
        LocalTarget::Path(path) => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, None, true, &display, on_file, &mut out.findings),
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
                            &display,
                            on_file,
                            &mut out.findings,
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

/// Walks `dir` following symlinks (loops are reported by the walker), on
/// every core. With a glob, every file matching it counts; without one,
/// catalog-info files do, and .gitignore'd paths and build directories are
/// skipped.
fn walk(
    dir: &Path,
    glob: Option<&GlobMatcher>,
    filtered: bool,
    display: &(impl Fn(&Path) -> String + Sync),
    on_file: &(dyn Fn(PathBuf) + Sync),
    findings: &mut Vec<Finding>,
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
    if filtered {
        builder.filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry.depth() > 0
                && SKIPPED_DIRS.contains(&entry.file_name().to_string_lossy().as_ref()))
        });
    }
    let errors = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        let path = entry.path();
                        let wanted = match glob {
                            Some(m) => path.strip_prefix(dir).is_ok_and(|rel| m.is_match(rel)),
                            None => entry
                                .file_name()
                                .to_str()
                                .is_some_and(|n| CATALOG_FILE_NAMES.contains(&n)),
                        };
                        if wanted {
                            on_file(entry.into_path());
                        }
                    }
                }
                Err(error) => {
                    let finding = walk_finding(&error, dir, display);
                    errors
                        .lock()
                        .expect("no panics while holding the lock")
                        .push(finding);
                }
            }
            WalkState::Continue
        })
    });
    let mut errors = errors
        .into_inner()
        .expect("no panics while holding the lock");
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    findings.extend(errors);
}

fn walk_finding(
    error: &ignore::Error,
    dir: &Path,
    display: &(impl Fn(&Path) -> String + Sync),
) -> Finding {
    let start = Pos { line: 1, column: 1 };
    match innermost(error) {
        ignore::Error::Loop { ancestor, child } => Finding::new(
            Rule::Read,
            display(child),
            start,
            format!(
                "is a symlink loop back to {}; not followed",
                display(ancestor)
            ),
        )
        .with_hint("remove the symlink or point it elsewhere"),
        ignore::Error::Io(io) => {
            let path = path_of(error).unwrap_or(dir);
            super::source::read_error(&display(path), io)
        }
        other => Finding::new(
            Rule::Read,
            display(path_of(error).unwrap_or(dir)),
            start,
            other.to_string(),
        ),
    }
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
        let found = expand(&LocalTarget::Path(root.to_path_buf()), |p| {
            p.display().to_string()
        });
        let names: Vec<_> = found
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
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
        let one = expand(&LocalTarget::parse("teams/*.yaml", root), |p| {
            p.display().to_string()
        });
        assert_eq!(one.files.len(), 1);
        let all = expand(&LocalTarget::parse("teams/**/*.yaml", root), |p| {
            p.display().to_string()
        });
        assert_eq!(all.files.len(), 2);
    }

    #[test]
    fn a_missing_path_is_reported_as_missing() {
        let found = expand(&LocalTarget::Path(PathBuf::from("/no/such/dir")), |p| {
            p.display().to_string()
        });
        assert!(found.missing);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_findings_not_hangs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/catalog-info.yaml"));
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
        let found = expand(&LocalTarget::Path(root.to_path_buf()), |p| {
            p.display().to_string()
        });
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
}
