//! Whether a path stays inside a directory once `..` and symlinks are
//! followed: the rule TechDocs applies to `dir:` targets, `docs_dir` and
//! every symlink under the docs (Backstage's `resolveSafeChildPath` and
//! `isChildPath`, which resolve real paths as far as they exist).

use std::path::{Path, PathBuf};

use crate::catalog::discover::normalize;

/// How many symlinks one path may pass through (Linux's own limit).
const MAX_LINKS: usize = 40;

/// The real path of `path`: `..` and `.` removed as written (as Node's
/// `path.resolve` does), then symlinks resolved as far as the path exists;
/// a dangling symlink is followed to where it points.
pub fn real_path(path: &Path) -> PathBuf {
    let mut path = normalize(path);
    for _ in 0..MAX_LINKS {
        // The longest ancestor that exists, resolved by the system.
        let mut existing = path.as_path();
        let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
        let resolved = loop {
            match existing.canonicalize() {
                Ok(real) => break Some(real),
                Err(_) => {
                    if existing
                        .symlink_metadata()
                        .is_ok_and(|m| m.file_type().is_symlink())
                    {
                        break None;
                    }
                    match (existing.parent(), existing.file_name()) {
                        (Some(parent), Some(name)) => {
                            rest.push(name);
                            existing = parent;
                        }
                        _ => return path,
                    }
                }
            }
        };
        let Some(real) = resolved else {
            // A dangling (or looping) symlink: follow it one step.
            let Ok(target) = std::fs::read_link(existing) else {
                return path;
            };
            let base = existing.parent().unwrap_or(Path::new("/"));
            let mut next = real_path_of_parent(base).join(target);
            for name in rest.iter().rev() {
                next.push(name);
            }
            path = normalize(&next);
            continue;
        };
        let mut out = real;
        for name in rest.iter().rev() {
            out.push(name);
        }
        return out;
    }
    path
}

fn real_path_of_parent(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// `relative` joined to `base` as Node's `path.resolve` joins it (an
/// absolute `relative` replaces `base`), `..` removed as written.
pub fn resolve(base: &Path, relative: impl AsRef<Path>) -> PathBuf {
    normalize(&base.join(relative))
}

/// `path` stays inside `boundary` (a real path) once `..` and symlinks are
/// followed.
pub fn stays_inside(boundary: &Path, path: &Path) -> bool {
    real_path(path).starts_with(boundary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_and_absolute_paths_leave_the_base() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap().join("svc");
        std::fs::create_dir_all(&base).unwrap();
        let inside = |relative: &str| stays_inside(&base, &resolve(&base, relative));
        assert_eq!(resolve(&base, "./docs/../site"), base.join("site"));
        assert!(inside("."));
        assert!(inside("docs/not-yet/../x"));
        assert!(!inside("../other"));
        assert!(!inside("docs/../../other"));
        assert!(!inside("/etc"));
        assert!(inside(base.join("docs").to_str().unwrap()));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_even_when_dangling() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("repo/docs")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        let repo = root.join("repo");
        std::os::unix::fs::symlink(root.join("outside"), repo.join("docs/out")).unwrap();
        std::os::unix::fs::symlink("../../outside/missing.md", repo.join("docs/dangling.md"))
            .unwrap();
        std::os::unix::fs::symlink("index.md", repo.join("docs/inside.md")).unwrap();
        assert!(!stays_inside(&repo, &repo.join("docs/out/x.md")));
        assert_eq!(
            real_path(&repo.join("docs/dangling.md")),
            root.join("outside/missing.md")
        );
        assert!(stays_inside(&repo, &repo.join("docs/inside.md")));
        assert!(stays_inside(&repo, &repo.join("docs/new/page.md")));
    }
}
