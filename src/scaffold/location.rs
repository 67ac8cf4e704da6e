//! A template named on the command line by where it is rather than by its
//! name, as cookiecutter and copier take one: a template file, the
//! directory that holds `template.yaml`, a git URL (`URL#ref`), or a GitHub
//! `tree/REF/DIR` (or `blob/REF/FILE`) URL as a browser shows it. Git
//! repositories are cloned into the cache as configured git templates are.

use std::path::{Component, Path, PathBuf};

use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::git::Credentials;
use super::sources::{self, Available, Origin};
use super::template::{self, TemplateError};
use crate::catalog::discover::normalize;
use crate::catalog::skeleton::{TEMPLATE_FILE, template_dirs};
use crate::catalog::yaml;

/// Where a template is. Recorded in a run's state, so that `--resume`
/// reads the same template again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TemplateLocation {
    /// A template file, or the directory holding `template.yaml`; absolute.
    Path { path: PathBuf },
    /// A git repository (`#ref` picks a branch, tag or commit), and the
    /// template's directory in it.
    Git {
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<String>,
    },
    /// A GitHub `tree`/`blob` URL: the repository, and the path after
    /// `tree/` or `blob/` (the ref, then a directory or a file).
    #[serde(rename = "github")]
    GitHub {
        url: String,
        remote: String,
        path: Vec<String>,
        file: bool,
    },
}

/// Why a template named by its place cannot be run.
#[derive(Debug, thiserror::Error)]
#[error("template `{argument}`: {problem}")]
pub struct LocateError {
    /// The TEMPLATE argument (or the source a resumed run recorded).
    pub argument: String,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("{} does not exist", path.display())]
    Missing { path: PathBuf },
    #[error("{dir} holds no {TEMPLATE_FILE}")]
    NoTemplate {
        dir: String,
        /// Directories under it that hold one, relative to it.
        inside: Vec<String>,
    },
    #[error("{dir} holds several templates: {}", inside.join(", "))]
    Several { dir: String, inside: Vec<String> },
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file} is not a software template: {found}")]
    NotATemplate { file: String, found: String },
    #[error("invalid template: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
    Invalid(Vec<TemplateError>),
    #[error("{0}")]
    Clone(String),
    #[error("{0}")]
    Reference(String),
    #[error("{0} leads outside the repository")]
    Escapes(String),
    #[error("{0} is a single file; plat runs a template from its directory or git repository")]
    RemoteFile(String),
    #[error("no cache directory to clone into (set XDG_CACHE_HOME or HOME)")]
    NoCache,
}

impl LocateError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        let what = "TEMPLATE is a template.yaml, the directory that holds it, a git URL (URL#ref), a GitHub tree URL, or the name of a template `plat new --list` shows";
        Some(match &self.problem {
            Problem::Missing { .. } => format!("check the path; {what}"),
            Problem::NoTemplate { inside, .. } if !inside.is_empty() && !self.is_url() => format!(
                "it holds templates in {}: pass one of those",
                inside.join(", ")
            ),
            Problem::NoTemplate { .. } => {
                "pass the directory that holds template.yaml, or the template file itself".into()
            }
            Problem::Several { .. } => "name one: a GitHub tree URL (.../tree/REF/DIR) names a directory, or list the repository under `templates:` in plat.yaml and run `plat new NAME`".into(),
            Problem::Unreadable { .. } => "check the file's permissions".into(),
            Problem::NotATemplate { .. } => "a software template has `kind: Template` and `apiVersion: scaffolder.backstage.io/v1beta3`; catalog files are read by `plat catalog`".into(),
            Problem::Invalid(..) => "fix the template.yaml at those positions".into(),
            Problem::Clone(_) => "check the URL and that the repository is reachable; a private repository needs integrations.github.token (for its host) or a git credential helper; `--refresh` fetches a cached clone again".into(),
            Problem::Reference(_) => "check the branch, tag or commit after `#` (or after tree/); `--refresh` fetches a cached clone again".into(),
            Problem::Escapes(_) => "name a directory inside the repository".into(),
            Problem::RemoteFile(_) => "give the repository's git URL (URL#ref) or, on GitHub, the template directory's tree URL".into(),
            Problem::NoCache => return None,
        })
    }

    fn is_url(&self) -> bool {
        self.argument.contains("://") || self.argument.starts_with("git@")
    }
}

/// A template read from its place, and the place pinned for a resumed run
/// (a git repository at the commit that was read).
pub struct Located {
    pub available: Available,
    pub pinned: TemplateLocation,
}

/// How git repositories are read.
pub struct Fetching<'a> {
    /// Where repositories are cloned.
    pub cache: Option<&'a Path>,
    /// Fetch a cached clone again.
    pub refresh: bool,
    /// Its token is sent to its host.
    pub github: Option<&'a crate::integrations::GitHub>,
}

impl Fetching<'_> {
    fn credentials(&self, remote: &str) -> Credentials {
        Credentials::for_url(self.github, remote)
    }
}

impl std::fmt::Display for TemplateLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateLocation::Path { path } => write!(f, "{}", path.display()),
            TemplateLocation::Git {
                url,
                dir: Some(dir),
            } => write!(f, "{url} ({dir})"),
            TemplateLocation::Git { url, dir: None } | TemplateLocation::GitHub { url, .. } => {
                f.write_str(url)
            }
        }
    }
}

impl TemplateLocation {
    /// What TEMPLATE names; `None` when it is a template's name. A path has
    /// a `/` in it, starts with `.`, or ends in `.yaml`/`.yml`; `github_hosts`
    /// are the hosts whose `tree`/`blob` URLs are read as GitHub's.
    pub fn parse(argument: &str, base: &Path, github_hosts: &[String]) -> Option<TemplateLocation> {
        if argument.starts_with("https://") || argument.starts_with("http://") {
            if let Some(github) = github_url(argument, github_hosts) {
                return Some(github);
            }
            return Some(TemplateLocation::Git {
                url: argument.to_string(),
                dir: None,
            });
        }
        if sources::is_git_url(argument) {
            return Some(TemplateLocation::Git {
                url: argument.to_string(),
                dir: None,
            });
        }
        let path_like = argument.contains('/')
            || argument.contains(std::path::MAIN_SEPARATOR)
            || argument.starts_with('.')
            || argument.ends_with(".yaml")
            || argument.ends_with(".yml");
        path_like.then(|| TemplateLocation::Path {
            path: normalize(&base.join(argument)),
        })
    }

    /// Reads the template; `argument` names it in messages.
    pub fn load(&self, argument: &str, fetching: &Fetching<'_>) -> Result<Located, LocateError> {
        let fail = |problem| LocateError {
            argument: argument.to_string(),
            problem,
        };
        match self {
            TemplateLocation::Path { path } => {
                let metadata = std::fs::metadata(path).map_err(|e| {
                    fail(if e.kind() == std::io::ErrorKind::NotFound {
                        Problem::Missing { path: path.clone() }
                    } else {
                        Problem::Unreadable {
                            path: path.clone(),
                            source: e,
                        }
                    })
                })?;
                let (file, shown) = if metadata.is_dir() {
                    let file = path.join(TEMPLATE_FILE);
                    if !file.is_file() {
                        return Err(fail(no_template(path, argument)));
                    }
                    let shown = Path::new(argument).join(TEMPLATE_FILE);
                    (file, shown.display().to_string())
                } else {
                    (path.clone(), argument.to_string())
                };
                let available = read(
                    &file,
                    &shown,
                    Origin::Directory {
                        path: argument.to_string(),
                    },
                )
                .map_err(fail)?;
                Ok(Located {
                    available,
                    pinned: TemplateLocation::Path {
                        path: if metadata.is_dir() {
                            file
                        } else {
                            path.clone()
                        },
                    },
                })
            }
            TemplateLocation::Git { url, dir } => {
                let (remote, _) = url.split_once('#').unwrap_or((url, ""));
                let root = sources::clone(
                    url,
                    fetching.cache,
                    fetching.refresh,
                    &fetching.credentials(remote),
                )
                .map_err(|message| fail(git_problem(message, fetching)))?;
                let within = match dir {
                    Some(dir) => {
                        inside(&root, dir).ok_or_else(|| fail(Problem::Escapes(dir.clone())))?
                    }
                    None => root.clone(),
                };
                let origin = Origin::Git {
                    url: argument.to_string(),
                };
                let available = from_directory(&within, url, origin).map_err(fail)?;
                Ok(Located {
                    available,
                    pinned: pin(remote, &root, dir.clone(), url),
                })
            }
            TemplateLocation::GitHub {
                url,
                remote,
                path,
                file,
            } => {
                let (root, taken) = sources::clone_tree(
                    remote,
                    url,
                    path,
                    fetching.cache,
                    fetching.refresh,
                    &fetching.credentials(remote),
                )
                .map_err(|message| fail(git_problem(message, fetching)))?;
                let rest = path[taken..].join("/");
                let origin = Origin::Git {
                    url: argument.to_string(),
                };
                let target =
                    inside(&root, &rest).ok_or_else(|| fail(Problem::Escapes(rest.clone())))?;
                let (available, dir) = if *file {
                    let shown = target.display().to_string();
                    let available = read(&target, &shown, origin).map_err(fail)?;
                    let dir = Path::new(&rest)
                        .parent()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    (available, dir)
                } else {
                    (from_directory(&target, url, origin).map_err(fail)?, rest)
                };
                let dir = (!dir.is_empty()).then_some(dir);
                Ok(Located {
                    available,
                    pinned: pin(remote, &root, dir, url),
                })
            }
        }
    }
}

/// `https://HOST/OWNER/REPO/tree/REF/DIR` or `/blob/REF/FILE` on a GitHub host.
fn github_url(argument: &str, github_hosts: &[String]) -> Option<TemplateLocation> {
    let url = Url::parse(argument).ok()?;
    let host = crate::integrations::url_host(&url)?;
    if !github_hosts.contains(&host) {
        return None;
    }
    let segments: Vec<String> = url
        .path_segments()?
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let [owner, repo, mode, path @ ..] = segments.as_slice() else {
        return None;
    };
    if (mode != "tree" && mode != "blob") || path.is_empty() {
        return None;
    }
    let repo = repo.strip_suffix(".git").unwrap_or(repo);
    Some(TemplateLocation::GitHub {
        url: argument.to_string(),
        remote: format!("{}://{host}/{owner}/{repo}.git", url.scheme()),
        path: path.to_vec(),
        file: mode == "blob",
    })
}

/// `dir` under `root`, unless it leads out (`..`, an absolute path).
fn inside(root: &Path, dir: &str) -> Option<PathBuf> {
    let relative = Path::new(dir);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        .then(|| root.join(relative))
}

/// The repository at the commit that was read, for `--resume`.
fn pin(remote: &str, root: &Path, dir: Option<String>, url: &str) -> TemplateLocation {
    let url = match sources::head_commit(root) {
        Some(commit) => format!("{remote}#{commit}"),
        None => url.to_string(),
    };
    TemplateLocation::Git { url, dir }
}

fn git_problem(message: String, fetching: &Fetching<'_>) -> Problem {
    if fetching.cache.is_none() {
        Problem::NoCache
    } else if message.starts_with("no branch, tag or commit") {
        Problem::Reference(message)
    } else {
        Problem::Clone(message)
    }
}

/// `dir` holds no template.yaml; `shown` is how the user named it, and
/// the directories below that hold one are named the same way.
fn no_template(dir: &Path, shown: &str) -> Problem {
    Problem::NoTemplate {
        dir: shown.to_string(),
        inside: below(dir, shown),
    }
}

/// The directories under `dir` that hold a template.yaml, named as
/// `shown` names `dir` (a path or a URL).
fn below(dir: &Path, shown: &str) -> Vec<String> {
    template_dirs(dir)
        .iter()
        .filter_map(|d| d.strip_prefix(dir).ok())
        .map(|d| {
            if shown.contains("://") || shown.starts_with("git@") {
                format!("{}/", d.display())
            } else {
                Path::new(shown).join(d).display().to_string()
            }
        })
        .collect()
}

/// The template in `dir` of a repository: its template.yaml, or the only
/// template one directory down.
fn from_directory(dir: &Path, url: &str, origin: Origin) -> Result<Available, Problem> {
    let shown = |d: &Path| d.display().to_string();
    if !dir.is_dir() {
        return Err(Problem::Missing {
            path: dir.to_path_buf(),
        });
    }
    let dirs = template_dirs(dir);
    match dirs.as_slice() {
        [] => Err(no_template(dir, url)),
        [one] => read(
            &one.join(TEMPLATE_FILE),
            &shown(&one.join(TEMPLATE_FILE)),
            origin,
        ),
        [_, _, ..] => Err(Problem::Several {
            dir: url.to_string(),
            inside: below(dir, url),
        }),
    }
}

/// Reads and checks a template file; `shown` names it in messages.
fn read(file: &Path, shown: &str, origin: Origin) -> Result<Available, Problem> {
    let text = std::fs::read_to_string(file).map_err(|source| Problem::Unreadable {
        path: file.to_path_buf(),
        source,
    })?;
    let dir = file.parent().unwrap_or(Path::new("/"));
    match template::parse(&text, shown, dir) {
        Ok(template) => Ok(Available::new(template, origin)),
        Err(errors) => Err(match not_a_template(&text) {
            Some(found) => Problem::NotATemplate {
                file: shown.to_string(),
                found,
            },
            None => Problem::Invalid(errors),
        }),
    }
}

/// What a YAML file that is not a Template holds, in a few words; `None`
/// for a Template (its errors are reported at their positions) or a file
/// that is not YAML.
fn not_a_template(text: &str) -> Option<String> {
    let documents = yaml::split_documents(text);
    let document = yaml::parse_document(documents.first()?).ok()??;
    match document.value["kind"].as_str() {
        Some("Template") => None,
        Some(kind) => Some(format!("it holds a {kind} entity")),
        None if document.value.is_object() => Some("it has no `kind`".into()),
        None => Some("it is not a mapping".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec!["github.com".into(), "ghe.acme.example".into()]
    }

    #[test]
    fn names_stay_names_and_paths_are_paths() {
        let base = Path::new("/work");
        assert_eq!(
            TemplateLocation::parse("golang-microservice", base, &hosts()),
            None
        );
        for (argument, path) in [
            ("./my-template", "/work/./my-template"),
            (
                "my-template/template.yaml",
                "/work/my-template/template.yaml",
            ),
            ("template.yaml", "/work/template.yaml"),
            (".", "/work/."),
            ("/abs/t", "/abs/t"),
        ] {
            assert_eq!(
                TemplateLocation::parse(argument, base, &hosts()),
                Some(TemplateLocation::Path { path: path.into() }),
                "{argument}"
            );
        }
    }

    #[test]
    fn git_and_github_urls() {
        let base = Path::new("/work");
        for url in [
            "file:///srv/templates.git#v1",
            "git@github.com:acme/templates.git",
            "https://git.acme.example/templates.git",
            "https://github.com/acme/templates",
        ] {
            assert_eq!(
                TemplateLocation::parse(url, base, &hosts()),
                Some(TemplateLocation::Git {
                    url: url.into(),
                    dir: None
                }),
                "{url}"
            );
        }
        assert_eq!(
            TemplateLocation::parse(
                "https://ghe.acme.example/acme/templates/tree/feature/x/go%20service",
                base,
                &hosts()
            ),
            Some(TemplateLocation::GitHub {
                url: "https://ghe.acme.example/acme/templates/tree/feature/x/go%20service".into(),
                remote: "https://ghe.acme.example/acme/templates.git".into(),
                path: vec!["feature".into(), "x".into(), "go service".into()],
                file: false,
            })
        );
        let Some(TemplateLocation::GitHub { file, path, .. }) = TemplateLocation::parse(
            "https://github.com/acme/templates/blob/main/service/template.yaml",
            base,
            &hosts(),
        ) else {
            panic!("a blob URL is GitHub's");
        };
        assert!(file);
        assert_eq!(path, ["main", "service", "template.yaml"]);
    }

    #[test]
    fn directories_in_a_repository_stay_in_it() {
        let root = Path::new("/cache/clone");
        assert_eq!(inside(root, "a/b"), Some(root.join("a/b")));
        assert_eq!(inside(root, ""), Some(root.to_path_buf()));
        assert_eq!(inside(root, "a/../../etc"), None);
        assert_eq!(inside(root, "/etc"), None);
    }

    #[test]
    fn what_a_file_that_is_not_a_template_holds() {
        assert_eq!(
            not_a_template("apiVersion: backstage.io/v1alpha1\nkind: Component\n").as_deref(),
            Some("it holds a Component entity")
        );
        assert_eq!(
            not_a_template("a: 1\n").as_deref(),
            Some("it has no `kind`")
        );
        assert_eq!(
            not_a_template("- 1\n").as_deref(),
            Some("it is not a mapping")
        );
        assert_eq!(not_a_template("kind: Template\n"), None);
    }
}
