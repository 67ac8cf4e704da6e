//! The files of a docs directory as MkDocs sees them: every file under
//! `docs_dir` but those `exclude_docs` names (MkDocs always adds `.*` and
//! `/templates/`), Markdown pages among them, and the symlinks that TechDocs
//! refuses because they lead out of the docs' directory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::containment::stays_inside;

/// The extensions MkDocs reads as Markdown pages.
const PAGE_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkdn", "mkd"];

/// MkDocs' own exclusions, before the user's `exclude_docs`.
const DEFAULT_EXCLUDE: [&str; 2] = [".*", "/templates/"];

/// A Markdown page, by its name.
pub fn is_page(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// gitignore-style patterns, as MkDocs' `exclude_docs` and `not_in_nav`
/// are written, matched against paths relative to `docs_dir`.
pub struct Patterns(Gitignore);

impl Patterns {
    pub fn new(root: &Path, defaults: &[&str], written: Option<&str>) -> Patterns {
        let mut builder = GitignoreBuilder::new(root);
        for line in defaults
            .iter()
            .copied()
            .chain(written.into_iter().flat_map(str::lines))
        {
            // A pattern gitignore cannot read matches nothing, as in MkDocs.
            let _ = builder.add_line(None, line);
        }
        Patterns(builder.build().unwrap_or_else(|_| Gitignore::empty()))
    }

    pub fn matches(&self, relative: &str, is_dir: bool) -> bool {
        self.0
            .matched_path_or_any_parents(relative, is_dir)
            .is_ignore()
    }
}

/// The files of the site.
#[derive(Debug, Clone, Default)]
pub struct DocsFiles {
    /// Every file, as a `/`-separated path relative to `docs_dir`.
    pub files: BTreeSet<String>,
    /// Every directory, likewise.
    pub dirs: BTreeSet<String>,
    /// Files and directories that could not be read.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl DocsFiles {
    /// The Markdown pages, sorted.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str).filter(|f| is_page(f))
    }

    /// The home page MkDocs makes: `index.md`, else `README.md`.
    pub fn index_page(&self) -> Option<&str> {
        ["index.md", "README.md", "readme.md"]
            .into_iter()
            .find(|name| self.files.contains(*name))
    }
}

/// Lists `docs_dir`. Symlinks are followed only when they stay inside
/// `boundary` (the others are refused by [`escaping_symlinks`]).
pub fn collect(docs_dir: &Path, boundary: &Path, exclude_docs: Option<&str>) -> DocsFiles {
    let exclude = Patterns::new(docs_dir, &DEFAULT_EXCLUDE, exclude_docs);
    let mut out = DocsFiles::default();
    let root = docs_dir.to_path_buf();
    let boundary = boundary.to_path_buf();
    let walk = WalkBuilder::new(docs_dir)
        .standard_filters(false)
        .follow_links(true)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            if entry.path_is_symlink() && !stays_inside(&boundary, entry.path()) {
                return false;
            }
            let Some(relative) = relative_path(&root, entry.path()) else {
                return false;
            };
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !exclude.matches(&relative, is_dir)
        })
        .build();
    for entry in walk {
        match entry {
            Ok(entry) if entry.depth() > 0 => {
                let Some(relative) = relative_path(docs_dir, entry.path()) else {
                    continue;
                };
                match entry.file_type() {
                    Some(t) if t.is_dir() => {
                        out.dirs.insert(relative);
                    }
                    Some(_) => {
                        out.files.insert(relative);
                    }
                    None => {}
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error_path(&error).unwrap_or_else(|| docs_dir.to_path_buf());
                out.unreadable.push((path, error.to_string()));
            }
        }
    }
    out
}

/// Symlinks under `dir` whose real path leaves `boundary`, with where they
/// lead. As TechDocs, the whole directory is checked (MkDocs extensions can
/// read any file in it), ignored files and dependencies included; only
/// `.git` is skipped.
pub fn escaping_symlinks(dir: &Path, boundary: &Path) -> Vec<(PathBuf, PathBuf)> {
    let walk = WalkBuilder::new(dir)
        .standard_filters(false)
        .follow_links(false)
        .filter_entry(|entry| !(entry.depth() > 0 && entry.file_name() == ".git"))
        .build();
    let mut out = Vec::new();
    for entry in walk.flatten() {
        if entry.path_is_symlink() && !stays_inside(boundary, entry.path()) {
            out.push((
                entry.path().to_path_buf(),
                super::containment::real_path(entry.path()),
            ));
        }
    }
    out.sort();
    out
}

/// `path` under `root`, `/`-separated.
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_default_exclusions_and_exclude_docs() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        for file in [
            "index.md",
            "guide/setup.md",
            "img/arch.png",
            ".hidden.md",
            ".git-like/x.md",
            "templates/page.html",
            "drafts/wip.md",
            "guide/templates/kept.md",
        ] {
            let path = docs.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let files = collect(
            &docs,
            &dir.path().canonicalize().unwrap(),
            Some("drafts/\n"),
        );
        let listed: Vec<&str> = files.files.iter().map(String::as_str).collect();
        assert_eq!(
            listed,
            [
                "guide/setup.md",
                "guide/templates/kept.md",
                "img/arch.png",
                "index.md"
            ]
        );
        let pages: Vec<&str> = files.pages().collect();
        assert_eq!(
            pages,
            ["guide/setup.md", "guide/templates/kept.md", "index.md"]
        );
        assert_eq!(files.index_page(), Some("index.md"));
    }
}
