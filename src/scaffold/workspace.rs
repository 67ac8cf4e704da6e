//! The workspace a template runs in, and the one rule for every path a
//! template names: it stays inside. `..`, absolute paths and symlinks that
//! lead out are refused (templates are untrusted input).

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
    let error = |reason| PathError {
        path: relative.to_string(),
        reason,
    };
    let relative_path = Path::new(relative);
    if relative_path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
        return Err(error(
            "is an absolute path; template paths are relative to the workspace",
        ));
    }
    let mut joined = base.to_path_buf();
    for component in relative_path.components() {
        match component {
            Component::CurDir => {}
            Component::Normal(part) => joined.push(part),
            Component::ParentDir => {
                if !joined.pop() || !joined.starts_with(base) {
                    return Err(error("leaves the workspace (`..`)"));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(error(
                    "is an absolute path; template paths are relative to the workspace",
                ));
            }
        }
    }
    if !joined.starts_with(base) {
        return Err(error("leaves the workspace (`..`)"));
    }
    // Whatever exists of it must really be inside (a symlink may point out).
    let canonical_base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let mut existing = joined.clone();
    while !existing.exists() && existing.pop() {}
    if let Ok(real) = existing.canonicalize() {
        if !real.starts_with(&canonical_base) {
            return Err(error("leads out of the workspace through a symlink"));
        }
    }
    Ok(joined)
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
}
