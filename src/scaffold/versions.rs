//! A recorded template at two versions, for `plat update`: the one the
//! project was made from (the recorded commit) and the newest (`--to REF`,
//! else the recorded branch or tag, else the repository's default branch;
//! a template in a local directory: its files as they are now). A template
//! outside git (built-in, a plain directory) has one version, the current
//! one; the recorded digest tells whether it is still the one the project
//! was made from.

use std::path::{Path, PathBuf};

use super::git::Credentials;
use super::record::{Record, Repository, Source, digest_dir};
use super::sources;
use super::template::{self, Template};

/// A template at one version, its files kept while it lives.
pub struct Version {
    pub template: Template,
    /// `sha256:` of its files.
    pub digest: String,
    /// Its repository at the commit read (none outside git).
    pub repository: Option<Repository>,
    /// Keeps a built-in's or a commit's extracted files.
    _files: Option<Kept>,
}

enum Kept {
    Dir(#[allow(dead_code)] crate::interrupt::TempDir),
    BuiltIn(#[allow(dead_code)] Box<sources::Available>),
}

/// Which version.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// The one recorded.
    Recorded,
    /// The newest; `Some`: the branch, tag or commit `--to` names.
    Newest(Option<&'a str>),
}

/// How remote repositories are read.
pub struct Fetching<'a> {
    pub cache: Option<&'a Path>,
    pub github: Option<&'a crate::integrations::GitHub>,
}

#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error("template {template}: {message}")]
    Unreachable { template: String, message: String },
    #[error(
        "template {template}: the version this project was made from ({recorded}) cannot be read: {why}"
    )]
    BaseUnavailable {
        template: String,
        recorded: String,
        why: String,
    },
    #[error("template {template}: {problems}")]
    Invalid { template: String, problems: String },
    #[error("--to {reference}: template {template} is not in a git repository")]
    NoGit { template: String, reference: String },
}

impl VersionError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            VersionError::Unreachable { .. } => "check that the template's repository or directory is still there (the record is .plat/template.yaml); nothing was changed".into(),
            VersionError::BaseUnavailable { .. } => "keep templates in a git repository so every version can be read again; to take the current version as this project's base without merging, run `plat update --adopt TEMPLATE --set ...` (it rewrites only .plat/template.yaml)".into(),
            VersionError::Invalid { .. } => "fix the template.yaml of that version, or pick another with --to".into(),
            VersionError::NoGit { .. } => "--to names a branch, tag or commit of the template's git repository; without one, the newest version is the template's files as they are now".into(),
        })
    }
}

/// Reads the recorded template at `which` version.
pub fn fetch(
    record: &Record,
    which: Which<'_>,
    fetching: &Fetching<'_>,
) -> Result<Version, VersionError> {
    let unreachable = |message: String| VersionError::Unreachable {
        template: record.template.clone(),
        message,
    };
    match (&record.repository, which) {
        (Some(repository), _) if !repository.local => {
            let reference = match which {
                Which::Recorded => Some(repository.commit.as_str()),
                Which::Newest(to) => to.or(repository.reference.as_deref()),
            };
            let key = match reference {
                Some(reference) => format!("{}#{reference}", repository.url),
                None => repository.url.clone(),
            };
            // A commit never changes; a branch is fetched again.
            let refresh = matches!(which, Which::Newest(_));
            let credentials = Credentials::for_url(fetching.github, &repository.url);
            let root =
                sources::clone(&key, fetching.cache, refresh, &credentials).map_err(unreachable)?;
            let commit = sources::head_commit(&root).unwrap_or_default();
            let dir = inside(&root, &repository.dir);
            read(record, &dir, None, Some(with_commit(repository, commit)))
        }
        (Some(repository), Which::Newest(None)) => {
            let root = PathBuf::from(&repository.url);
            if !root.is_dir() {
                return Err(unreachable(format!("{} does not exist", root.display())));
            }
            let commit = sources::head_commit(&root).unwrap_or_default();
            let dir = inside(&root, &repository.dir);
            read(record, &dir, None, Some(with_commit(repository, commit)))
        }
        (Some(repository), which) => {
            let reference = match which {
                Which::Newest(Some(to)) => to,
                _ => repository.commit.as_str(),
            };
            let files = crate::interrupt::TempDir::scratch("plat-template-")
                .map_err(|e| unreachable(e.to_string()))?;
            let commit = extract(
                Path::new(&repository.url),
                reference,
                &repository.dir,
                files.path(),
            )
            .map_err(|message| match which {
                Which::Recorded => VersionError::BaseUnavailable {
                    template: record.template.clone(),
                    recorded: repository.commit.clone(),
                    why: message,
                },
                Which::Newest(_) => unreachable(message),
            })?;
            let dir = files.path().to_path_buf();
            read(
                record,
                &dir,
                Some(Kept::Dir(files)),
                Some(with_commit(repository, commit)),
            )
        }
        (None, Which::Newest(Some(reference))) => Err(VersionError::NoGit {
            template: record.template.clone(),
            reference: reference.to_string(),
        }),
        (None, which) => {
            let current = current(record).map_err(unreachable)?;
            if matches!(which, Which::Recorded) && current.digest != record.digest {
                let why = match record.source {
                    Source::BuiltIn => format!(
                        "it is built into plat {} and this plat ({}) has another version of it",
                        record.plat,
                        env!("CARGO_PKG_VERSION")
                    ),
                    _ => "the template is not in a git repository and its files have changed since"
                        .into(),
                };
                return Err(VersionError::BaseUnavailable {
                    template: record.template.clone(),
                    recorded: record.short_version(),
                    why,
                });
            }
            Ok(current)
        }
    }
}

fn with_commit(repository: &Repository, commit: String) -> Repository {
    Repository {
        commit,
        ..repository.clone()
    }
}

fn inside(root: &Path, dir: &str) -> PathBuf {
    if dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(dir)
    }
}

/// A template outside git, as it is now.
fn current(record: &Record) -> Result<Version, String> {
    match &record.source {
        Source::BuiltIn => {
            let available = sources::built_in_named(record.name()).ok_or_else(|| {
                format!(
                    "this plat ({}) has no built-in template named {}",
                    env!("CARGO_PKG_VERSION"),
                    record.name()
                )
            })?;
            let template = available.template.clone();
            Ok(Version {
                digest: digest_dir(&template.dir),
                template,
                repository: None,
                _files: Some(Kept::BuiltIn(Box::new(available))),
            })
        }
        Source::Path { path } => {
            let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            read(record, &dir, None, None).map_err(|e| e.to_string())
        }
        Source::Catalog { path, .. } | Source::Directory { path, .. } => {
            read(record, path, None, None).map_err(|e| e.to_string())
        }
        Source::Git { entry: url } | Source::Url { url } => Err(format!(
            "the record names {url} but no repository commit; record it again with `plat update --adopt`"
        )),
    }
}

fn read(
    record: &Record,
    dir: &Path,
    kept: Option<Kept>,
    repository: Option<Repository>,
) -> Result<Version, VersionError> {
    let file = dir.join(record.file_name());
    let text = std::fs::read_to_string(&file).map_err(|e| VersionError::Unreachable {
        template: record.template.clone(),
        message: format!("cannot read {}: {e}", file.display()),
    })?;
    let template = template::parse(&text, &file.display().to_string(), dir).map_err(|errors| {
        VersionError::Invalid {
            template: record.template.clone(),
            problems: errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  "),
        }
    })?;
    Ok(Version {
        digest: digest_dir(dir),
        template,
        repository,
        _files: kept,
    })
}

/// Writes the files of `dir` at `reference` (a commit, branch or tag) of
/// the repository in `root` into `to`; returns the commit.
fn extract(root: &Path, reference: &str, dir: &str, to: &Path) -> Result<String, String> {
    let repository = git2::Repository::open(root).map_err(|e| {
        format!(
            "cannot open the git repository {}: {}",
            root.display(),
            e.message()
        )
    })?;
    let commit = repository
        .revparse_single(reference)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| {
            format!(
                "no branch, tag or commit `{reference}` in {}",
                root.display()
            )
        })?;
    let tree = commit.tree().map_err(|e| e.message().to_string())?;
    let tree = if dir.is_empty() {
        tree
    } else {
        tree.get_path(Path::new(dir))
            .and_then(|entry| entry.to_object(&repository))
            .and_then(|object| object.peel_to_tree())
            .map_err(|_| format!("{dir} is not in commit {}", commit.id()))?
    };
    write_tree(&repository, &tree, to).map_err(|e| e.to_string())?;
    Ok(commit.id().to_string())
}

fn write_tree(
    repository: &git2::Repository,
    tree: &git2::Tree<'_>,
    to: &Path,
) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in tree.iter() {
        let name = entry.name().unwrap_or_default();
        let path = to.join(name);
        let object = entry
            .to_object(repository)
            .map_err(|e| std::io::Error::other(e.message().to_string()))?;
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                if let Some(subtree) = object.as_tree() {
                    write_tree(repository, subtree, &path)?;
                }
            }
            Some(git2::ObjectType::Blob) => {
                if let Some(blob) = object.as_blob() {
                    std::fs::write(&path, blob.content())?;
                    #[cfg(unix)]
                    if entry.filemode() == 0o100755 {
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
