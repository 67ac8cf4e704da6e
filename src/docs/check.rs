//! `plat docs check`: what MkDocs and TechDocs would stumble on, as
//! findings at file:line:column: the techdocs-ref, mkdocs.yml, every `nav`
//! entry, pages missing from `nav`, the home page, every relative link and
//! image in every page (and, as warnings, anchors into pages), and anything
//! that leads out of the docs' directory.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::containment::{resolve, stays_inside};
use super::error::DocsError;
use super::markdown::{self, PageLinks};
use super::mkdocs::{NavItem, NavTarget};
use super::pages::Patterns;
use super::reference::{self, Place, Scm};
use super::site::{self, Site, finding, is_external, normalize_page};
use crate::catalog::loader::display_path;
use crate::catalog::source::read_file;
use crate::catalog::yaml::Pos;
use crate::catalog::{Catalog, Entity, Finding, Rule, Severity};

/// What was checked for one entity.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteCheck {
    pub entity: String,
    /// The techdocs-ref as written.
    pub annotation: String,
    /// The docs' directory, as shown; `None` when it could not be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
    /// Docs at a URL: not checked (plat reads local docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub pages: usize,
    pub links: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Checks one entity's docs.
pub fn check_entity(
    entity: &Entity,
    catalog: &Catalog,
    scm: &Scm,
    display_base: &Path,
) -> (SiteCheck, Vec<Finding>) {
    let mut summary = SiteCheck {
        entity: entity.key.to_string(),
        annotation: String::new(),
        dir: None,
        url: None,
        pages: 0,
        links: 0,
        errors: 0,
        warnings: 0,
    };
    let findings = match reference::locate(entity, catalog, scm) {
        Err(error) => vec![reference_finding(&error, entity, catalog, display_base)],
        Ok(located) => {
            summary.annotation = located.annotation.clone();
            match &located.place {
                Place::Url(url) => {
                    summary.url = Some(url.clone());
                    Vec::new()
                }
                Place::Dir(dir) => {
                    summary.dir = Some(display_path(dir, display_base));
                    let at = site::annotation_position(catalog, &located.docs_entity, display_base);
                    let name = catalog
                        .get(&located.docs_entity)
                        .map_or(entity.reference.name.as_str(), |e| {
                            e.reference.name.as_str()
                        });
                    match site::open(&located, name, &at, display_base) {
                        Err(fatal) => vec![fatal],
                        Ok((site, mut findings)) => {
                            let (pages, links) = check_site(&site, display_base, &mut findings);
                            summary.pages = pages;
                            summary.links = links;
                            findings
                        }
                    }
                }
            }
        }
    };
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .map(|mut f| {
            f.entity = Some(entity.key.to_string());
            f
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    summary.errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    summary.warnings = findings.len() - summary.errors;
    (summary, findings)
}

/// A problem finding the docs, at the annotation that names them.
fn reference_finding(
    error: &DocsError,
    entity: &Entity,
    catalog: &Catalog,
    display_base: &Path,
) -> Finding {
    let (file, pos) = site::annotation_position(catalog, &entity.key, display_base);
    let rule = match error {
        DocsError::DirEscape { .. } => Rule::DocsEscape,
        _ => Rule::TechdocsRef,
    };
    finding(
        Severity::Error,
        rule,
        file,
        pos,
        error.to_string(),
        error.hint(),
    )
}

/// The checks inside an opened site; the number of pages and links read.
fn check_site(site: &Site, display_base: &Path, findings: &mut Vec<Finding>) -> (usize, usize) {
    let show = |path: &Path| display_path(path, display_base);
    let config_file = site
        .config
        .path
        .as_deref()
        .map(show)
        .unwrap_or_else(|| show(&site.dir));
    let checker = Checker { site, display_base };

    if site.files.index_page().is_none() {
        findings.push(finding(
            Severity::Warning,
            Rule::IndexPage,
            show(&site.docs_dir),
            Pos::default(),
            "no index.md (or README.md): the docs have no home page, and TechDocs shows its root as not found",
            Some(format!("add {}", show(&site.docs_dir.join("index.md")))),
        ));
    }

    // nav: every entry names a file; pages left out are said.
    if let Some(nav) = &site.config.nav {
        let mut listed = HashSet::new();
        checker.nav(nav, &config_file, &mut listed, findings);
        let allowed = Patterns::new(&site.docs_dir, &[], site.config.not_in_nav.as_deref());
        for page in site.files.pages() {
            if !listed.contains(page) && !allowed.matches(page, false) {
                findings.push(finding(
                    Severity::Warning,
                    Rule::NotInNav,
                    show(&site.docs_dir.join(page)),
                    Pos::default(),
                    "this page is not in mkdocs.yml's `nav`: readers can reach it only through links",
                    Some(format!(
                        "add it to `nav` in {config_file}, or to `not_in_nav` if that is meant"
                    )),
                ));
            }
        }
    }

    // Pages: read all first, so that anchors into other pages can be checked.
    let mut scanned: HashMap<&str, PageLinks> = HashMap::new();
    for page in site.files.pages() {
        let path = site.docs_dir.join(page);
        match read_file(&path, &show(&path)) {
            Ok(text) => {
                scanned.insert(page, markdown::scan(&text.text));
            }
            Err(problem) => findings.push(Finding {
                severity: Severity::Error,
                ..problem
            }),
        }
    }
    let mut links = 0;
    for (page, content) in &scanned {
        for link in &content.links {
            links += 1;
            checker.link(page, link, &scanned, findings);
        }
    }
    (scanned.len(), links)
}

struct Checker<'a> {
    site: &'a Site,
    display_base: &'a Path,
}

/// Where a link or nav entry leads.
enum Target {
    File,
    Dir,
    /// Out of the docs' directory (the techdocs-ref's): refused.
    Escapes,
    /// Out of `docs_dir` but inside the docs' directory: not in the site.
    OutsideDocsDir,
    Missing,
}

impl Checker<'_> {
    fn show(&self, path: &Path) -> String {
        display_path(path, self.display_base)
    }

    fn nav(
        &self,
        items: &[NavItem],
        config_file: &str,
        listed: &mut HashSet<String>,
        findings: &mut Vec<Finding>,
    ) {
        for item in items {
            let target = match &item.target {
                NavTarget::Section(children) => {
                    self.nav(children, config_file, listed, findings);
                    continue;
                }
                NavTarget::Page(target) => target,
            };
            if is_external(target) {
                continue;
            }
            let page = normalize_page(target);
            let path = resolve(&self.site.docs_dir, &page);
            let (rule, message, hint) = match self.classify(&page) {
                Target::File => {
                    listed.insert(page);
                    continue;
                }
                Target::Dir => (
                    Rule::Nav,
                    format!("nav entry `{target}` names a directory; MkDocs needs a file"),
                    format!(
                        "name its page, e.g. `{}/index.md`",
                        page.trim_end_matches('/')
                    ),
                ),
                Target::Escapes => (
                    Rule::DocsEscape,
                    format!(
                        "nav entry `{target}` leads out of the docs' directory {}; refused, as TechDocs refuses it",
                        self.show(&self.site.dir)
                    ),
                    "nav entries name files in docs_dir".to_string(),
                ),
                Target::OutsideDocsDir => (
                    Rule::Nav,
                    format!(
                        "nav entry `{target}` is outside docs_dir {}, so it is not part of the site",
                        self.show(&self.site.docs_dir)
                    ),
                    "move the page into docs_dir, or link to it by URL".to_string(),
                ),
                Target::Missing => (
                    Rule::Nav,
                    format!("nav entry `{target}` names no file in docs_dir"),
                    self.did_you_mean(&page).unwrap_or_else(|| {
                        format!(
                            "create {}, or fix the path (relative to docs_dir)",
                            self.show(&path)
                        )
                    }),
                ),
            };
            findings.push(finding(
                Severity::Error,
                rule,
                config_file.to_string(),
                item.pos,
                message,
                Some(hint),
            ));
        }
    }

    fn link(
        &self,
        page: &str,
        link: &markdown::Link,
        scanned: &HashMap<&str, PageLinks>,
        findings: &mut Vec<Finding>,
    ) {
        let destination = link.destination.as_str();
        if is_external(destination) || destination.starts_with("//") {
            return;
        }
        let (path_part, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path_part = path_part.split('?').next().unwrap_or_default();
        let file = self.show(&self.site.docs_dir.join(page));
        let what = if link.image { "image" } else { "link" };
        let mut report = |severity, rule, message: String, hint: Option<String>| {
            findings.push(finding(
                severity,
                rule,
                file.clone(),
                link.pos,
                message,
                hint,
            ));
        };
        let decoded = percent_encoding::percent_decode_str(path_part)
            .decode_utf8_lossy()
            .into_owned();
        let (target_page, anchors) = if decoded.is_empty() {
            (page.to_string(), scanned.get(page))
        } else {
            let base = page.rsplit_once('/').map_or("", |(dir, _)| dir);
            let target = normalize_page(&format!("{base}/{decoded}"));
            let path = resolve(&self.site.docs_dir, &target);
            match self.classify(&target) {
                Target::File => {
                    let anchors = scanned.get(target.as_str());
                    (target, anchors)
                }
                // A directory: MkDocs leaves the link as written.
                Target::Dir => return,
                Target::Escapes => {
                    report(
                        Severity::Error,
                        Rule::DocsEscape,
                        format!(
                            "{what} `{destination}` leads out of the docs' directory {}; refused, as TechDocs refuses it",
                            self.show(&self.site.dir)
                        ),
                        Some("link to files in docs_dir, or to a URL".into()),
                    );
                    return;
                }
                Target::OutsideDocsDir => {
                    report(
                        Severity::Error,
                        Rule::Link,
                        format!(
                            "{what} `{destination}` leads out of docs_dir {}: the target is not part of the site",
                            self.show(&self.site.docs_dir)
                        ),
                        Some("move the file into docs_dir, or link to it by URL".into()),
                    );
                    return;
                }
                Target::Missing => {
                    report(
                        Severity::Error,
                        Rule::Link,
                        format!(
                            "{what} `{destination}`: {} does not exist",
                            self.show(&path)
                        ),
                        Some(self.did_you_mean(&target).unwrap_or_else(|| {
                            "fix the path (relative to this page) or add the file".into()
                        })),
                    );
                    return;
                }
            }
        };
        let (Some(fragment), Some(anchors)) = (fragment, anchors) else {
            return;
        };
        if fragment.is_empty() {
            return;
        }
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if !anchors.anchors.contains(fragment.as_ref()) {
            let mut known: Vec<&str> = anchors.anchors.iter().map(String::as_str).collect();
            known.sort();
            report(
                Severity::Warning,
                Rule::Anchor,
                format!("{what} `{destination}`: {target_page} has no heading `#{fragment}`"),
                Some(if known.is_empty() {
                    "the page has no headings to link to".into()
                } else {
                    format!("its anchors: {}", known.join(", "))
                }),
            );
        }
    }

    /// What a `/`-separated path relative to `docs_dir` names.
    fn classify(&self, target: &str) -> Target {
        let inside_docs_dir = target != ".." && !target.starts_with("../");
        if inside_docs_dir && self.site.files.files.contains(target) {
            return Target::File;
        }
        if inside_docs_dir && (target.is_empty() || self.site.files.dirs.contains(target)) {
            return Target::Dir;
        }
        if !stays_inside(&self.site.boundary, &resolve(&self.site.docs_dir, target)) {
            return Target::Escapes;
        }
        if inside_docs_dir {
            Target::Missing
        } else {
            Target::OutsideDocsDir
        }
    }

    /// A file in the docs with the same name, for a hint.
    fn did_you_mean(&self, target: &str) -> Option<String> {
        let name = target.rsplit('/').next()?;
        let candidates: Vec<&String> = self
            .site
            .files
            .files
            .iter()
            .filter(|f| f.rsplit('/').next() == Some(name) && *f != target)
            .take(3)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        Some(format!(
            "did you mean {}?",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ))
    }
}
