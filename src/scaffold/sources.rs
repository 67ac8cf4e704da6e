//! Where templates come from: the built-in ones (`templates/`, embedded in
//! the binary), Template entities of the loaded catalog, and directories and
//! git repositories listed under `templates:` in plat.yaml (cloned into the
//! cache, refreshed on request). A configured template wins over a built-in
//! one of the same name.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::git::{self, Credentials};
use super::template::{self, Template, TemplateError};
use crate::catalog::skeleton::template_dirs;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    #[serde(rename = "built-in")]
    BuiltIn,
    Catalog {
        entity: String,
    },
    Directory {
        path: String,
    },
    Git {
        url: String,
    },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::Catalog { entity } => write!(f, "catalog {entity}"),
            Origin::Directory { path } => write!(f, "{path}"),
            Origin::Git { url } => write!(f, "{url}"),
        }
    }
}

/// A template plat can run.
#[derive(Clone)]
pub struct Available {
    pub template: Template,
    pub origin: Origin,
    /// Keeps a built-in template's extracted files alive.
    _files: Option<Arc<crate::interrupt::TempDir>>,
}

impl Available {
    /// A template read from a file plat was pointed at (`plat new PATH`).
    pub fn new(template: Template, origin: Origin) -> Available {
        Available {
            template,
            origin,
            _files: None,
        }
    }
}

/// A configured template source that could not be read.
#[derive(Debug, Clone)]
pub struct SourceProblem {
    pub source: String,
    pub errors: Vec<TemplateError>,
}

/// What to look through.
pub struct Discover<'a> {
    /// `templates:` entries, relative to `base`.
    pub configured: &'a [String],
    pub base: &'a Path,
    /// Template files found in the catalog: (entity ref, template.yaml path).
    pub catalog: Vec<(String, PathBuf)>,
    /// Where git templates are cloned.
    pub cache: Option<PathBuf>,
    /// Fetch cloned repositories again.
    pub refresh: bool,
}

/// Every template, configured ones first; names are unique.
pub fn discover(options: &Discover<'_>) -> (Vec<Available>, Vec<SourceProblem>) {
    let mut found: Vec<Available> = Vec::new();
    let mut problems: Vec<SourceProblem> = Vec::new();
    let mut results: Vec<Result<Available, SourceProblem>> = Vec::new();
    let mut add = |result| results.push(result);
    for entry in options.configured {
        if is_git_url(entry) {
            match clone(
                entry,
                options.cache.as_deref(),
                options.refresh,
                &Credentials::default(),
            ) {
                Ok(dir) => {
                    for template_dir in template_dirs(&dir) {
                        add(load(&template_dir, Origin::Git { url: entry.clone() }));
                    }
                }
                Err(message) => add(Err(SourceProblem {
                    source: entry.clone(),
                    errors: vec![TemplateError {
                        file: entry.clone(),
                        pos: crate::catalog::yaml::Pos { line: 1, column: 1 },
                        message,
                        hint: Some("check the URL; `plat new --refresh` fetches it again".into()),
                    }],
                })),
            }
        } else {
            let dir = options.base.join(entry);
            let dirs = template_dirs(&dir);
            if dirs.is_empty() {
                add(Err(SourceProblem {
                    source: entry.clone(),
                    errors: vec![TemplateError {
                        file: dir.display().to_string(),
                        pos: crate::catalog::yaml::Pos { line: 1, column: 1 },
                        message: "holds no template.yaml (in it, or one directory down)".into(),
                        hint: Some(
                            "list template directories under templates: in plat.yaml".into(),
                        ),
                    }],
                }));
            }
            for template_dir in dirs {
                add(load(
                    &template_dir,
                    Origin::Directory {
                        path: entry.clone(),
                    },
                ));
            }
        }
    }
    for (entity, file) in &options.catalog {
        let dir = file.parent().unwrap_or(Path::new("/"));
        let text = std::fs::read_to_string(file);
        add(match text {
            Ok(text) => template::parse(&text, &file.display().to_string(), dir)
                .map(|template| Available {
                    template,
                    origin: Origin::Catalog {
                        entity: entity.clone(),
                    },
                    _files: None,
                })
                .map_err(|errors| SourceProblem {
                    source: entity.clone(),
                    errors,
                }),
            Err(e) => Err(SourceProblem {
                source: entity.clone(),
                errors: vec![TemplateError {
                    file: file.display().to_string(),
                    pos: crate::catalog::yaml::Pos { line: 1, column: 1 },
                    message: e.to_string(),
                    hint: None,
                }],
            }),
        });
    }
    for dir in BUILT_IN.dirs() {
        if dir.get_file(dir.path().join("template.yaml")).is_some() {
            add(built_in(dir));
        }
    }
    for result in results {
        match result {
            Ok(available) => {
                if !found
                    .iter()
                    .any(|a| a.template.name == available.template.name)
                {
                    found.push(available);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    (found, problems)
}

/// The built-in template named `name` (the running plat's version).
pub fn built_in_named(name: &str) -> Option<Available> {
    BUILT_IN
        .dirs()
        .filter(|dir| dir.get_file(dir.path().join("template.yaml")).is_some())
        .filter_map(|dir| built_in(dir).ok())
        .find(|available| available.template.name == name)
}

fn load(dir: &Path, origin: Origin) -> Result<Available, SourceProblem> {
    let display = dir.join("template.yaml").display().to_string();
    template::load(dir, &display)
        .map(|template| Available {
            template,
            origin,
            _files: None,
        })
        .map_err(|errors| SourceProblem {
            source: display,
            errors,
        })
}

/// A built-in template, its files extracted to a temporary directory so
/// that actions read them like any other.
fn built_in(dir: &'static Dir<'static>) -> Result<Available, SourceProblem> {
    let problem = |message: String| SourceProblem {
        source: format!("built-in {}", dir.path().display()),
        errors: vec![TemplateError {
            file: dir.path().display().to_string(),
            pos: crate::catalog::yaml::Pos { line: 1, column: 1 },
            message,
            hint: None,
        }],
    };
    let files =
        crate::interrupt::TempDir::new("plat-template-").map_err(|e| problem(e.to_string()))?;
    extract(dir, dir.path(), files.path()).map_err(|e| problem(e.to_string()))?;
    let root = files.path().to_path_buf();
    let display = format!("built-in {}/template.yaml", dir.path().display());
    let template = template::load(&root, &display).map_err(|errors| SourceProblem {
        source: display.clone(),
        errors,
    })?;
    Ok(Available {
        template,
        origin: Origin::BuiltIn,
        _files: Some(Arc::new(files)),
    })
}

fn extract(dir: &Dir<'_>, base: &Path, to: &Path) -> std::io::Result<()> {
    for file in dir.files() {
        let rel = file.path().strip_prefix(base).unwrap_or(file.path());
        let dest = to.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&dest, file.contents())?;
        // Embedded files lose their modes; scripts in skeletons stay runnable.
        #[cfg(unix)]
        if rel.extension().is_some_and(|e| e == "sh") || file.contents().starts_with(b"#!") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    for sub in dir.dirs() {
        std::fs::create_dir_all(to.join(sub.path().strip_prefix(base).unwrap_or(sub.path())))?;
        extract(sub, base, to)?;
    }
    Ok(())
}

/// A git repository rather than a directory.
pub fn is_git_url(entry: &str) -> bool {
    entry.starts_with("git@")
        || entry.starts_with("ssh://")
        || entry.starts_with("git://")
        || entry.starts_with("file://")
        || ((entry.starts_with("https://") || entry.starts_with("http://"))
            && (entry.contains(".git") || entry.contains('#')))
}

/// Clones `url` (`URL#ref` picks a branch, tag or commit) into the cache,
/// or reuses the clone (fetching it again when `refresh`).
pub fn clone(
    url: &str,
    cache: Option<&Path>,
    refresh: bool,
    credentials: &Credentials,
) -> Result<PathBuf, String> {
    let (remote, reference) = match url.split_once('#') {
        Some((remote, reference)) => (remote, Some(reference)),
        None => (url, None),
    };
    let (repository, fetch) = cached_clone(remote, url, cache, refresh, credentials)?;
    match (fetch, reference) {
        (Fetch::Reused, _) | (Fetch::Cloned, None) => {}
        (_, reference) => check_out(&repository, remote, reference.unwrap_or("HEAD"), fetch)?,
    }
    Ok(work_tree(&repository))
}

/// A repository named by a GitHub `tree/REF/DIR` (or `blob/REF/FILE`)
/// URL, cloned as `clone` does and cached under `key`: the longest
/// leading part of `path` that names a branch, tag or commit is the ref,
/// as GitHub reads these URLs (a branch may hold `/`). Returns the work
/// tree and how many segments of `path` the ref took.
pub fn clone_tree(
    remote: &str,
    key: &str,
    path: &[String],
    cache: Option<&Path>,
    refresh: bool,
    credentials: &Credentials,
) -> Result<(PathBuf, usize), String> {
    let (repository, fetch) = cached_clone(remote, key, cache, refresh, credentials)?;
    let taken = (1..=path.len())
        .rev()
        .find(|&n| resolve(&repository, &path[..n].join("/")).is_ok())
        .unwrap_or(1);
    if fetch != Fetch::Reused {
        check_out(&repository, remote, &path[..taken].join("/"), fetch)?;
    }
    Ok((work_tree(&repository), taken))
}

/// The commit a clone's work tree holds.
pub fn head_commit(dir: &Path) -> Option<String> {
    let repository = git2::Repository::open(dir).ok()?;
    let commit = repository.head().ok()?.peel_to_commit().ok()?;
    Some(commit.id().to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    Cloned,
    Fetched,
    Reused,
}

/// The cache's clone of `remote` for `key` (its directory is named by a
/// digest of the key): made now, fetched again (`refresh`), or reused.
fn cached_clone(
    remote: &str,
    key: &str,
    cache: Option<&Path>,
    refresh: bool,
    credentials: &Credentials,
) -> Result<(git2::Repository, Fetch), String> {
    let cache = cache.ok_or("no cache directory to clone into (set XDG_CACHE_HOME or HOME)")?;
    let digest: String = Sha256::digest(key.as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = cache.join("templates").join(digest);
    let shown = git::display_url(remote);
    if dir.join(".git").exists() {
        let repository = git2::Repository::open(&dir).map_err(|e| e.message().to_string())?;
        if !refresh {
            return Ok((repository, Fetch::Reused));
        }
        {
            let mut origin = repository
                .find_remote("origin")
                .map_err(|e| e.message().to_string())?;
            origin
                .fetch(
                    &[
                        "+refs/heads/*:refs/remotes/origin/*",
                        "+refs/tags/*:refs/tags/*",
                    ],
                    Some(&mut git::fetch_options(credentials)),
                    None,
                )
                .map_err(|e| format!("cannot fetch {shown}: {}", git::describe(&e)))?;
        }
        return Ok((repository, Fetch::Fetched));
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut builder = git2::build::RepoBuilder::new();
    builder.fetch_options(git::fetch_options(credentials));
    let repository = builder.clone(remote, &dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&dir);
        format!("cannot clone {shown}: {}", git::describe(&e))
    })?;
    Ok((repository, Fetch::Cloned))
}

/// A branch of the remote (the local one is the old clone's), a tag, or a
/// commit id.
fn resolve<'r>(
    repository: &'r git2::Repository,
    reference: &str,
) -> Result<git2::Object<'r>, git2::Error> {
    repository
        .revparse_single(&format!("refs/remotes/origin/{reference}"))
        .or_else(|_| repository.revparse_single(&format!("refs/tags/{reference}")))
        .or_else(|e| {
            if reference.len() >= 4 && reference.bytes().all(|b| b.is_ascii_hexdigit()) {
                repository.revparse_single(reference)
            } else {
                Err(e)
            }
        })
}

/// Points the work tree at `reference` (`HEAD`: the remote's default
/// branch). A clone just made for a reference it lacks is removed, so that
/// the next run does not take it for a clone of that reference.
fn check_out(
    repository: &git2::Repository,
    remote: &str,
    reference: &str,
    fetch: Fetch,
) -> Result<(), String> {
    let object = resolve(repository, reference).map_err(|_| {
        if fetch == Fetch::Cloned {
            let _ = std::fs::remove_dir_all(work_tree(repository));
        }
        format!(
            "no branch, tag or commit `{reference}` in {}",
            git::display_url(remote)
        )
    })?;
    repository
        .reset(&object, git2::ResetType::Hard, None)
        .map_err(|e| e.message().to_string())
}

fn work_tree(repository: &git2::Repository) -> PathBuf {
    repository
        .workdir()
        .unwrap_or_else(|| repository.path())
        .to_path_buf()
}
