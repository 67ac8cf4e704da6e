//! Where an entity's docs are, as TechDocs finds them:
//! `backstage.io/techdocs-entity` (show another entity's docs), then that
//! entity's `backstage.io/techdocs-ref`: `url:<URL>` as written, or
//! `dir:<path>` resolved against the entity's source location
//! (`backstage.io/source-location`, else `backstage.io/managed-by-location`):
//! a local catalog file's directory, which the path may not leave, or a
//! URL, resolved as Backstage's SCM integrations resolve it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use url::Url;

use super::containment::{real_path, resolve, stays_inside};
use super::error::DocsError;
use crate::catalog::entity::ANNOTATION_LOCATION;
use crate::catalog::entity_ref::{DEFAULT_NAMESPACE, EntityRef};
use crate::catalog::{Catalog, Entity, Provenance};
use crate::integrations::Integrations;

pub const ANNOTATION_TECHDOCS_REF: &str = "backstage.io/techdocs-ref";
pub const ANNOTATION_TECHDOCS_ENTITY: &str = "backstage.io/techdocs-entity";
pub const ANNOTATION_SOURCE_LOCATION: &str = "backstage.io/source-location";

/// How many `techdocs-entity` hops plat follows before calling it a loop.
const MAX_HOPS: usize = 8;

/// Which hosts are GitHub, whose URLs Backstage turns into `/tree/` URLs
/// when it resolves a directory.
#[derive(Debug, Clone)]
pub struct Scm {
    github_hosts: Vec<String>,
}

impl Default for Scm {
    fn default() -> Scm {
        Scm {
            github_hosts: vec!["github.com".into()],
        }
    }
}

impl Scm {
    /// github.com and the GitHub host plat.yaml configures.
    pub fn from_integrations(integrations: &Integrations) -> Scm {
        Scm {
            github_hosts: integrations.github_hosts(),
        }
    }

    fn is_github(&self, url: &Url) -> bool {
        crate::integrations::url_host(url).is_some_and(|host| self.github_hosts.contains(&host))
    }
}

/// Where the docs are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "target", rename_all = "lowercase")]
pub enum Place {
    /// A local directory (absolute, as written: symlinks not resolved).
    Dir(PathBuf),
    /// A URL (a repository tree, for TechDocs' URL reader).
    Url(String),
}

/// An entity's docs, found.
#[derive(Debug, Clone)]
pub struct Located {
    /// The entity asked about.
    pub entity: String,
    /// The entity whose `techdocs-ref` was used: another one when
    /// `techdocs-entity` sends there.
    pub docs_entity: String,
    /// The `techdocs-ref` value, e.g. `dir:.`.
    pub annotation: String,
    pub place: Place,
    /// The catalog file of the docs entity (a `dir:` is relative to it).
    pub catalog_file: Option<PathBuf>,
    /// For `dir:`, the directory's real path: TechDocs refuses docs whose
    /// `docs_dir` or symlinks lead out of it.
    pub boundary: Option<PathBuf>,
}

/// An annotation of an entity, when set and not empty.
pub fn annotation<'a>(entity: &'a Entity, name: &str) -> Option<&'a str> {
    entity.json["metadata"]["annotations"][name]
        .as_str()
        .filter(|v| !v.is_empty())
}

/// Finds `entity`'s docs.
pub fn locate(entity: &Entity, catalog: &Catalog, scm: &Scm) -> Result<Located, DocsError> {
    let asked = entity.key.to_string();
    let docs_entity = follow_techdocs_entity(entity, catalog)?;
    let Some(written) = annotation(docs_entity, ANNOTATION_TECHDOCS_REF) else {
        return Err(DocsError::NoAnnotation {
            entity: docs_entity.key.to_string(),
            file: docs_entity
                .local_file()
                .map(|_| docs_entity.source.file.to_string()),
        });
    };
    let reference_error = |message: String, hint: &str| DocsError::Reference {
        entity: docs_entity.key.to_string(),
        message,
        hint: Some(hint.into()),
    };
    let (kind, target) = parse_location_ref(written).map_err(|message| {
        reference_error(
            format!("{ANNOTATION_TECHDOCS_REF}: {message}"),
            "write `dir:<path>` (relative to the catalog file) or `url:<repository URL>`",
        )
    })?;
    let mut located = Located {
        entity: asked,
        docs_entity: docs_entity.key.to_string(),
        annotation: written.to_string(),
        place: Place::Url(String::new()),
        catalog_file: docs_entity.local_file(),
        boundary: None,
    };
    match kind {
        "url" => {
            Url::parse(target).map_err(|e| {
                reference_error(
                    format!("{ANNOTATION_TECHDOCS_REF}: `{target}` is not a URL: {e}"),
                    "write the repository's URL, e.g. url:https://github.com/acme/docs/tree/main",
                )
            })?;
            located.place = Place::Url(target.to_string());
        }
        "dir" => {
            let source = annotation(docs_entity, ANNOTATION_SOURCE_LOCATION)
                .or_else(|| annotation(docs_entity, ANNOTATION_LOCATION))
                .ok_or_else(|| {
                    reference_error(
                        "has no location to resolve `dir:` against".into(),
                        "entities from a Backstage server or without a file cannot use dir:; use url:",
                    )
                })?;
            let (source_kind, source_target) = parse_location_ref(source).map_err(|message| {
                reference_error(message, "fix the entity's location annotation")
            })?;
            match source_kind {
                "url" => {
                    let base = Url::parse(source_target).map_err(|e| {
                        reference_error(
                            format!("its location `{source_target}` is not a URL: {e}"),
                            "fix the entity's location annotation",
                        )
                    })?;
                    located.place = Place::Url(resolve_url(target, &base, scm));
                }
                "file" if docs_entity.provenance == Provenance::Backstage => {
                    return Err(reference_error(
                        format!(
                            "comes from a Backstage server, whose catalog file {source_target} is on that server"
                        ),
                        "run plat on a checkout of the catalog files (plat -C DIR docs ...)",
                    ));
                }
                "file" => {
                    let file = PathBuf::from(source_target);
                    let base = file.parent().unwrap_or(Path::new("/")).to_path_buf();
                    // Backstage's resolveSafeChildPath: only the catalog
                    // file's directory and below.
                    let dir = resolve(&base, target);
                    let boundary = real_path(&base);
                    if !stays_inside(&boundary, &dir) {
                        return Err(DocsError::DirEscape {
                            entity: docs_entity.key.to_string(),
                            written: written.to_string(),
                            root: base,
                        });
                    }
                    located.boundary = Some(real_path(&dir));
                    located.place = Place::Dir(dir);
                    located.catalog_file = Some(file);
                }
                other => {
                    return Err(reference_error(
                        format!(
                            "cannot resolve `dir:` against a `{other}:` location; TechDocs resolves it against file and url locations only"
                        ),
                        "use url: for these docs",
                    ));
                }
            }
        }
        other => {
            return Err(reference_error(
                format!("{ANNOTATION_TECHDOCS_REF}: `{other}:` is not a reference TechDocs reads"),
                "write `dir:<path>` (relative to the catalog file) or `url:<repository URL>`",
            ));
        }
    }
    Ok(located)
}

/// The entity whose docs to show: `techdocs-entity` followed (Backstage's
/// docs page redirects there), else the entity itself.
fn follow_techdocs_entity<'a>(
    entity: &'a Entity,
    catalog: &'a Catalog,
) -> Result<&'a Entity, DocsError> {
    let mut current = entity;
    let mut seen = vec![entity.key.to_string()];
    for _ in 0..MAX_HOPS {
        let Some(written) = annotation(current, ANNOTATION_TECHDOCS_ENTITY) else {
            return Ok(current);
        };
        let error = |message: String, hint: String| DocsError::Reference {
            entity: current.key.to_string(),
            message: format!("{ANNOTATION_TECHDOCS_ENTITY}: {message}"),
            hint: Some(hint),
        };
        // Backstage parses it without a default kind.
        let target = EntityRef::parse(written, None, DEFAULT_NAMESPACE).map_err(|e| {
            error(
                e.to_string(),
                "write the full ref, e.g. component:default/payments-service".into(),
            )
        })?;
        let key = target.key();
        let next = catalog.get(&key).ok_or_else(|| {
            error(
                format!("`{written}` is not in the catalog"),
                "check the ref with `plat catalog ls`".into(),
            )
        })?;
        if seen.contains(&key) {
            return Err(error(
                format!("leads back to {key}: {}", seen.join(" -> ")),
                "point it at the entity that has the backstage.io/techdocs-ref annotation".into(),
            ));
        }
        seen.push(key);
        current = next;
    }
    Err(DocsError::Reference {
        entity: entity.key.to_string(),
        message: format!("{ANNOTATION_TECHDOCS_ENTITY}: more than {MAX_HOPS} hops"),
        hint: Some(
            "point it at the entity that has the backstage.io/techdocs-ref annotation".into(),
        ),
    })
}

/// Backstage's `parseLocationRef`: `type:target`, both non-empty, and a bare
/// http(s) URL is called out.
pub fn parse_location_ref(written: &str) -> Result<(&str, &str), String> {
    let Some((kind, target)) = written.split_once(':') else {
        return Err(format!(
            "`{written}` is not of the form <type>:<target>, e.g. dir:. or url:https://host/path"
        ));
    };
    if kind.is_empty() || target.is_empty() {
        return Err(format!(
            "`{written}` is not of the form <type>:<target>, e.g. dir:. or url:https://host/path"
        ));
    }
    if kind == "http" || kind == "https" {
        return Err(format!(
            "`{written}` needs the `url:` prefix, e.g. url:{written}"
        ));
    }
    Ok((kind, target))
}

/// Backstage's `resolveUrl` for a directory: a full URL stays as it is; an
/// absolute path is taken from the repository's root (GitHub URLs); any
/// other path is resolved as browsers resolve links, keeping the base's
/// query. GitHub URLs then name a tree.
fn resolve_url(target: &str, base: &Url, scm: &Scm) -> String {
    if let Ok(url) = Url::parse(target) {
        return url.to_string();
    }
    let mut resolved = match (target.strip_prefix('/'), github_repo_root(base, scm)) {
        (Some(rest), Some(root)) => {
            let mut url = base.clone();
            url.set_path(&format!("{root}/{rest}"));
            url
        }
        _ => base.join(target).unwrap_or_else(|_| base.clone()),
    };
    resolved.set_query(base.query());
    let mut text = resolved.to_string();
    if scm.is_github(&resolved) {
        text = tree_url(&text);
    }
    text
}

/// `/owner/repo/(blob|tree)/ref` of a GitHub URL.
fn github_repo_root(url: &Url, scm: &Scm) -> Option<String> {
    if !scm.is_github(url) {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.collect();
    match segments.as_slice() {
        [owner, repo, "blob" | "tree", reference, ..] => {
            Some(format!("/{owner}/{repo}/tree/{reference}"))
        }
        _ => None,
    }
}

/// GitHub's `/blob/` (a file) made `/tree/` (a directory), as Backstage's
/// GitHub integration does.
fn tree_url(url: &str) -> String {
    let Some(scheme_end) = url.find("//") else {
        return url.to_string();
    };
    let after = &url[scheme_end + 2..];
    let parts: Vec<&str> = after.splitn(5, '/').collect();
    if let [host, owner, repo, "blob" | "tree" | "edit", rest] = parts.as_slice() {
        return format!("{}//{host}/{owner}/{repo}/tree/{rest}", &url[..scheme_end]);
    }
    url.to_string()
}

/// What a portal page shows about an entity's docs, cheaply (no parsing,
/// a few `stat` calls): for the `catalog get` at-a-glance block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocsSummary {
    /// The `techdocs-ref` as written.
    pub annotation: String,
    pub place: Option<Place>,
    /// An mkdocs.yml (or mkdocs.yaml) is in the directory.
    pub config_exists: bool,
    /// Why the docs cannot be found, when they cannot.
    pub problem: Option<String>,
}

/// The entity declares docs (either annotation), as Backstage's
/// `backstage.io/techdocs-exists` marks it.
pub fn has_docs(entity: &Entity) -> bool {
    annotation(entity, ANNOTATION_TECHDOCS_REF).is_some()
        || annotation(entity, ANNOTATION_TECHDOCS_ENTITY).is_some()
}

/// `None` when the entity declares no docs (neither annotation).
pub fn summary(entity: &Entity, catalog: &Catalog, scm: &Scm) -> Option<DocsSummary> {
    if !has_docs(entity) {
        return None;
    }
    Some(match locate(entity, catalog, scm) {
        Ok(located) => {
            let config_exists = match &located.place {
                Place::Dir(dir) => super::mkdocs::find_config(dir).is_some(),
                Place::Url(_) => false,
            };
            let problem = match &located.place {
                Place::Dir(dir) if !dir.is_dir() => {
                    Some(format!("{} does not exist", dir.display()))
                }
                _ => None,
            };
            DocsSummary {
                annotation: located.annotation,
                place: Some(located.place),
                config_exists,
                problem,
            }
        }
        Err(error) => DocsSummary {
            annotation: annotation(entity, ANNOTATION_TECHDOCS_REF)
                .or_else(|| annotation(entity, ANNOTATION_TECHDOCS_ENTITY))
                .unwrap_or_default()
                .to_string(),
            place: None,
            config_exists: false,
            problem: Some(error.to_string()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn location_refs_parse_as_backstage_parses_them() {
        assert_eq!(parse_location_ref("dir:."), Ok(("dir", ".")));
        assert_eq!(
            parse_location_ref("url:https://github.com/a/b"),
            Ok(("url", "https://github.com/a/b"))
        );
        assert!(parse_location_ref("docs").is_err());
        assert!(parse_location_ref("dir:").is_err());
        assert!(
            parse_location_ref("https://github.com/a/b")
                .unwrap_err()
                .contains("url:")
        );
    }

    #[test]
    fn dir_against_a_url_resolves_as_the_scm_integrations_do() {
        let scm = Scm::default();
        let base = url("https://github.com/acme/pay/blob/main/svc/catalog-info.yaml");
        assert_eq!(
            resolve_url(".", &base, &scm),
            "https://github.com/acme/pay/tree/main/svc/"
        );
        assert_eq!(
            resolve_url("./docs-site", &base, &scm),
            "https://github.com/acme/pay/tree/main/svc/docs-site"
        );
        assert_eq!(
            resolve_url("/handbook", &base, &scm),
            "https://github.com/acme/pay/tree/main/handbook"
        );
        assert_eq!(
            resolve_url("https://gitlab.com/x/y", &base, &scm),
            "https://gitlab.com/x/y"
        );
        // Other hosts: resolved as a browser resolves a link.
        let plain = url("https://git.example.com/repo/raw/svc/catalog-info.yaml?ref=v1");
        assert_eq!(
            resolve_url(".", &plain, &scm),
            "https://git.example.com/repo/raw/svc/?ref=v1"
        );
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use crate::catalog::location::{Location, Target};
    use crate::catalog::{Detail, LoadRequest};

    fn catalog(dir: &Path) -> Catalog {
        crate::catalog::load(
            &LoadRequest {
                root: dir.to_path_buf(),
                display_base: dir.to_path_buf(),
                locations: vec![Location {
                    target: Target::Path(".".into()),
                    optional: false,
                }],
                base_dir: dir.to_path_buf(),
                detail: Detail::Documents,
                integrations: Integrations::default(),
                http: crate::http::Options::default(),
                server_filters: Vec::new(),
                templates: Vec::new(),
            },
            &|_| {},
        )
    }

    #[test]
    fn summary_says_where_docs_are_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let entity = |name: &str, annotations: &str| {
            format!(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  annotations: {{{annotations}}}\nspec: {{type: service, lifecycle: production, owner: a}}\n"
            )
        };
        write(
            "a/catalog-info.yaml",
            &entity("a", "backstage.io/techdocs-ref: 'dir:.'"),
        );
        write("a/mkdocs.yml", "site_name: A\n");
        write(
            "b/catalog-info.yaml",
            &entity("b", "backstage.io/techdocs-ref: 'dir:./handbook'"),
        );
        write("c/catalog-info.yaml", &entity("c", ""));
        write(
            "d/catalog-info.yaml",
            &entity("d", "backstage.io/techdocs-ref: 'dir:..'"),
        );
        let catalog = catalog(dir.path());
        let of = |name: &str| {
            summary(
                catalog.get(&format!("component:default/{name}")).unwrap(),
                &catalog,
                &Scm::default(),
            )
        };
        let a = of("a").unwrap();
        assert!(a.config_exists && a.problem.is_none());
        assert_eq!(a.place, Some(Place::Dir(dir.path().join("a"))));
        let b = of("b").unwrap();
        assert!(!b.config_exists);
        assert!(b.problem.unwrap().ends_with("handbook does not exist"));
        assert_eq!(of("c"), None);
        let d = of("d").unwrap();
        assert_eq!(d.place, None);
        assert!(d.problem.unwrap().contains("refused"));
    }
}
