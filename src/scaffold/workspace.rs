//! The workspace a template runs in, and the one rule for every path a
//! template names: it stays inside. `..`, absolute paths and symlinks that
//! lead out are refused (templates are untrusted input).

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// A path a template may not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{path}` {reason}")]
pub struct PathError {
    pub path: String,
    pub reason: &'static str,
}

/// `relative` inside `base`, or why not. Existing parts of the path are
/// resolved (symlinks included) and must stay inside `base`.
pub fn resolve(base: &Path, relative: &str) -> Result<PathBuf, PathError> {
    Resolver::new(base).resolve(relative)
}

/// Resolves many paths inside one base, remembering the directories it
/// has already found inside (rendering thousands of files checks each
/// directory once, not each file's whole path).
pub struct Resolver {
    base: PathBuf,
    canonical_base: PathBuf,
    /// Directories known to exist inside the base.
    inside: HashSet<PathBuf>,
}

impl Resolver {
    pub fn new(base: &Path) -> Resolver {
        let canonical_base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
        Resolver {
            base: base.to_path_buf(),
            canonical_base,
            inside: HashSet::from([base.to_path_buf()]),
        }
    }

    /// `relative` inside the base, or why not. A file that already exists
    /// may itself be a symlink: writers must not follow it (they create
    /// new files, or remove what is there first).
    pub fn resolve(&mut self, relative: &str) -> Result<PathBuf, PathError> {
        self.resolve_with(relative, false)
    }

    /// As `resolve`, for a writer that never follows what is at the path
    /// itself (it creates the file exclusively, or removes what is there
    /// first): only the directories above it are checked.
    pub fn resolve_for_writing(&mut self, relative: &str) -> Result<PathBuf, PathError> {
        self.resolve_with(relative, true)
    }

    fn resolve_with(&mut self, relative: &str, parent_only: bool) -> Result<PathBuf, PathError> {
        let error = |reason| PathError {
            path: relative.to_string(),
            reason,
        };
        let absolute = "is an absolute path; template paths are relative to the workspace";
        let relative_path = Path::new(relative);
        if relative_path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
            return Err(error(absolute));
        }
        let mut joined = self.base.clone();
        for component in relative_path.components() {
            match component {
                Component::CurDir => {}
                Component::Normal(part) => joined.push(part),
                Component::ParentDir => {
                    if !joined.pop() || !joined.starts_with(&self.base) {
                        return Err(error("leaves the workspace (`..`)"));
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(error(absolute)),
            }
        }
        if !joined.starts_with(&self.base) {
            return Err(error("leaves the workspace (`..`)"));
        }
        // Whatever exists of it must really be inside (a symlink may point out).
        let mut existing = joined.clone();
        if parent_only && joined != self.base {
            existing.pop();
        }
        while !self.inside.contains(&existing) && !existing.exists() && existing.pop() {}
        if self.inside.contains(&existing) {
            return Ok(joined);
        }
        if let Ok(real) = existing.canonicalize() {
            if !real.starts_with(&self.canonical_base) {
                return Err(error("leads out of the workspace through a symlink"));
            }
            if real.is_dir() {
                self.inside.insert(existing);
            }
        }
        Ok(joined)
    }

    /// Creates `dir` (and its parents) after it was resolved; remembers it.
    pub fn create_dir_all(&mut self, dir: &Path) -> std::io::Result<()> {
        if self.inside.contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)?;
        let real = dir.canonicalize()?;
        if !real.starts_with(&self.canonical_base) {
            return Err(std::io::Error::other(
                "leads out of the workspace through a symlink",
            ));
        }
        self.inside.insert(dir.to_path_buf());
        Ok(())
    }
}

/// Every file and directory under `dir`, relative, sorted (for plans).
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(false)
        .build()
        .flatten()
    {
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            if rel.as_os_str().is_empty() || rel.starts_with(".git") {
                continue;
            }
            let mut name = rel.to_string_lossy().into_owned();
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                name.push('/');
            }
            out.push(name);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        assert_eq!(resolve(base, "a/b.txt").unwrap(), base.join("a/b.txt"));
        assert_eq!(resolve(base, "./a/../b").unwrap(), base.join("b"));
        assert!(resolve(base, "../x").is_err());
        assert!(resolve(base, "a/../../x").is_err());
        assert!(resolve(base, "/etc/passwd").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        let e = resolve(dir.path(), "out/file.txt").unwrap_err();
        assert_eq!(e.reason, "leads out of the workspace through a symlink");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn segment() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "a", "b", "..", ".", "", "out", "c.txt", "~", "/", "\\",
            ])
            .prop_map(str::to_string)
        }

        proptest! {
            /// A rendered path resolves inside the workspace, or is refused.
            #[test]
            fn paths_never_leave_the_workspace(parts in prop::collection::vec(segment(), 0..8), absolute in any::<bool>()) {
                let dir = tempfile::tempdir().unwrap();
                std::fs::create_dir(dir.path().join("a")).unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink("/tmp", dir.path().join("out")).unwrap();
                let mut path = parts.join("/");
                if absolute {
                    path.insert(0, '/');
                }
                if let Ok(resolved) = resolve(dir.path(), &path) {
                    prop_assert!(resolved.starts_with(dir.path()), "{:?} -> {:?}", path, resolved);
                    prop_assert!(!resolved.components().any(|c| c == std::path::Component::ParentDir));
                    // `out` is a symlink to /tmp: nothing through it.
                    prop_assert!(!resolved.starts_with(dir.path().join("out")), "{:?} -> {:?}", path, resolved);
                }
            }
        }
    }
}
