//! What a project was made from: `.plat/template.yaml`, written by
//! `plat new` into every project it writes and read by `plat update`. It
//! names the template (its entity ref and where plat found it), the
//! version that was run (the commit of the template's git repository when
//! it is in one, and always a digest of the template's files), and the
//! parameter values without the password ones.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use super::location::TemplateLocation;
use super::sources::Origin;
use super::template::Template;

/// The record's place in a project.
pub const RECORD_FILE: &str = ".plat/template.yaml";
/// The annotation Backstage's `catalog:write` adds: the template's entity ref.
pub const SOURCE_TEMPLATE_ANNOTATION: &str = "backstage.io/source-template";

const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Record {
    /// The record format's version.
    pub version: u32,
    /// The template's entity ref, `template:default/NAME`.
    pub template: String,
    /// Where plat found it.
    pub source: Source,
    /// The git repository the template is in, at the commit that was run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Repository>,
    /// `sha256:` of the template's files: the version, whatever the source.
    pub digest: String,
    /// The plat that wrote the record (a built-in template is this plat's).
    pub plat: String,
    /// The parameter values, without password fields.
    #[serde(default)]
    pub values: Map<String, Json>,
}

/// Where plat found the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Source {
    /// Embedded in plat (`templates/` of its source).
    #[serde(rename = "built-in")]
    BuiltIn,
    /// A Template entity of the catalog, read from `path`.
    Catalog { entity: String, path: PathBuf },
    /// A directory listed under `templates:` in plat.yaml, the template at `path`.
    Directory { entry: String, path: PathBuf },
    /// A git repository listed under `templates:` in plat.yaml.
    Git { entry: String },
    /// A path given to `plat new`: the template file.
    Path { path: PathBuf },
    /// A git or GitHub URL given to `plat new`.
    Url { url: String },
}

/// A git repository and the template's place in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repository {
    /// A remote's URL (cloned into the cache), or a local repository's
    /// directory (read in place).
    pub url: String,
    /// The commit that was run.
    pub commit: String,
    /// The branch or tag asked for; none: the default branch.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The template's directory in the repository ('/'-separated; empty: the root).
    #[serde(default)]
    pub dir: String,
    /// A directory on this machine rather than a remote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{} does not exist: plat has no record of the template this project was made from", path.display())]
    Missing { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{} was written by a newer plat (record version {version})", path.display())]
    Version { path: PathBuf, version: u32 },
}

/// The template's entity ref, as Backstage names it in the annotation.
pub fn entity_ref(template: &Template) -> String {
    format!("template:default/{}", template.name)
}

impl Record {
    /// The record of a run of `template`; `origin` and `asked` say where
    /// it was found (`asked`: the place `plat new` was pointed at, `pinned`:
    /// that place at the commit read).
    pub fn new(
        template: &Template,
        origin: &Origin,
        asked: Option<&TemplateLocation>,
        pinned: Option<&TemplateLocation>,
        cache: Option<&Path>,
        values: Map<String, Json>,
    ) -> Record {
        let source = source(template, origin, asked, pinned);
        // A built-in's files are extracted to a temporary directory, which
        // may happen to lie in some repository: it has none of its own.
        let mut repository = match source {
            Source::BuiltIn => None,
            _ => repository_of(&template.dir, cache),
        };
        if let Some(repository) = &mut repository {
            // A commit asked for (or pinned by a resumed run) has no newer
            // version: the newest is then the default branch's.
            repository.reference = asked_ref(&source, asked, pinned)
                .filter(|reference| *reference != repository.commit);
        }
        Record {
            version: VERSION,
            template: entity_ref(template),
            source,
            repository,
            digest: digest_dir(&template.dir),
            plat: env!("CARGO_PKG_VERSION").to_string(),
            values,
        }
    }

    /// The file's text (what `plat new` writes and `plat update` rewrites).
    pub fn to_yaml(&self) -> String {
        let body = serde_norway::to_string(self).unwrap_or_default();
        format!(
            "# Written by plat: the template this project was made from, for `plat update`.\n{body}"
        )
    }

    /// Reads `project/.plat/template.yaml`.
    pub fn load(project: &Path) -> Result<Record, RecordError> {
        let path = project.join(RECORD_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                RecordError::Missing { path: path.clone() }
            } else {
                RecordError::Read {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        let record: Record = serde_norway::from_str(&text).map_err(|e| {
            let (line, column, message) = crate::config::yaml_error(&e);
            RecordError::Syntax {
                path: path.clone(),
                line,
                column,
                message,
            }
        })?;
        if record.version > VERSION {
            return Err(RecordError::Version {
                path,
                version: record.version,
            });
        }
        Ok(record)
    }

    /// The template's name (the ref's last part).
    pub fn name(&self) -> &str {
        self.template
            .rsplit_once('/')
            .map_or(self.template.as_str(), |(_, name)| name)
    }

    /// The template file's name (`template.yaml` unless a path named another).
    pub fn file_name(&self) -> String {
        match &self.source {
            Source::Path { path } => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| crate::catalog::skeleton::TEMPLATE_FILE.into()),
            _ => crate::catalog::skeleton::TEMPLATE_FILE.into(),
        }
    }

    /// The version in a few characters: the commit, else the digest.
    pub fn short_version(&self) -> String {
        match &self.repository {
            Some(repository) => repository.commit.chars().take(12).collect(),
            None => self
                .digest
                .trim_start_matches("sha256:")
                .chars()
                .take(12)
                .collect(),
        }
    }
}

fn source(
    template: &Template,
    origin: &Origin,
    located: Option<&TemplateLocation>,
    pinned: Option<&TemplateLocation>,
) -> Source {
    match (located, origin) {
        (Some(TemplateLocation::Path { .. }), _) => Source::Path {
            path: match pinned {
                Some(TemplateLocation::Path { path }) => path.clone(),
                _ => template.dir.join(crate::catalog::skeleton::TEMPLATE_FILE),
            },
        },
        (Some(TemplateLocation::Git { url, .. } | TemplateLocation::GitHub { url, .. }), _) => {
            Source::Url { url: url.clone() }
        }
        (None, Origin::BuiltIn) => Source::BuiltIn,
        (None, Origin::Catalog { entity }) => Source::Catalog {
            entity: entity.clone(),
            path: template.dir.clone(),
        },
        (None, Origin::Directory { path }) => Source::Directory {
            entry: path.clone(),
            path: template.dir.clone(),
        },
        (None, Origin::Git { url }) => Source::Git { entry: url.clone() },
    }
}

/// The branch or tag the template was asked at: after `#` in a git URL,
/// or, in a GitHub tree URL, the segments before the template's directory.
fn asked_ref(
    source: &Source,
    asked: Option<&TemplateLocation>,
    pinned: Option<&TemplateLocation>,
) -> Option<String> {
    let reference = match (asked, pinned) {
        (
            Some(TemplateLocation::GitHub { path, file, .. }),
            Some(TemplateLocation::Git { dir, .. }),
        ) => {
            let inside = dir.as_deref().map_or(0, |d| d.split('/').count()) + usize::from(*file);
            path[..path.len().saturating_sub(inside).max(1)].join("/")
        }
        _ => match source {
            Source::Url { url } | Source::Git { entry: url } => {
                url.split_once('#').map(|(_, r)| r.to_string())?
            }
            _ => return None,
        },
    };
    (!reference.is_empty()).then_some(reference)
}

/// The git repository holding `dir`, at its HEAD commit. A clone in plat's
/// cache is named by its remote; another repository by its directory.
pub fn repository_of(dir: &Path, cache: Option<&Path>) -> Option<Repository> {
    let repository = git2::Repository::discover(dir).ok()?;
    let root = repository.workdir()?.to_path_buf();
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let within = canonical.strip_prefix(&root).ok()?;
    let commit = repository
        .head()
        .ok()?
        .peel_to_commit()
        .ok()?
        .id()
        .to_string();
    let cached = cache
        .and_then(|c| std::fs::canonicalize(c.join("templates")).ok())
        .is_some_and(|templates| root.starts_with(templates));
    let remote = repository
        .find_remote("origin")
        .ok()
        .and_then(|r| r.url().ok().map(str::to_string));
    let (url, local) = match remote {
        Some(remote) if cached => (remote, false),
        _ => (root.display().to_string(), true),
    };
    Some(Repository {
        url,
        commit,
        reference: None,
        dir: within
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        local,
    })
}

/// `sha256:` of every file under `dir` (paths and contents, in path order;
/// `.git` left out): the same files give the same digest wherever they are.
pub fn digest_dir(dir: &Path) -> String {
    let mut files = Vec::new();
    collect(dir, "", &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for relative in &files {
        let contents = std::fs::read(dir.join(relative)).unwrap_or_default();
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".git" {
            continue;
        }
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&entry.path(), &relative, files),
            Ok(_) => files.push(relative),
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_depends_on_paths_and_contents_only() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for dir in [a.path(), b.path()] {
            std::fs::create_dir_all(dir.join("skeleton")).unwrap();
            std::fs::write(dir.join("template.yaml"), "kind: Template\n").unwrap();
            std::fs::write(dir.join("skeleton/x"), "x").unwrap();
        }
        assert_eq!(digest_dir(a.path()), digest_dir(b.path()));
        std::fs::write(b.path().join("skeleton/x"), "y").unwrap();
        assert_ne!(digest_dir(a.path()), digest_dir(b.path()));
        std::fs::rename(b.path().join("skeleton/x"), b.path().join("skeleton/z")).unwrap();
        std::fs::write(b.path().join("skeleton/z"), "x").unwrap();
        assert_ne!(digest_dir(a.path()), digest_dir(b.path()));
    }

    #[test]
    fn record_round_trips_through_its_yaml() {
        let record = Record {
            version: VERSION,
            template: "template:default/svc".into(),
            source: Source::Url {
                url: "file:///t.git#main".into(),
            },
            repository: Some(Repository {
                url: "file:///t.git".into(),
                commit: "a".repeat(40),
                reference: Some("main".into()),
                dir: "svc".into(),
                local: false,
            }),
            digest: "sha256:00".into(),
            plat: "1.0.0".into(),
            values: serde_json::json!({"name": "x"})
                .as_object()
                .cloned()
                .unwrap(),
        };
        let text = record.to_yaml();
        assert!(text.starts_with("# Written by plat"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".plat")).unwrap();
        std::fs::write(dir.path().join(RECORD_FILE), &text).unwrap();
        assert_eq!(Record::load(dir.path()).unwrap(), record);
        assert_eq!(record.name(), "svc");
    }
}
