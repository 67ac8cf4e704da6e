//! A docs site opened from disk: the directory a `dir:` techdocs-ref names,
//! its mkdocs.yml (or the default TechDocs would make), its `docs_dir` and
//! files. Problems that leave nothing to read stop the opening; the others
//! come back as findings beside the site.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::containment::{resolve, stays_inside};
use super::markdown;
use super::mkdocs::{self, MkdocsConfig, NavItem, NavTarget};
use super::pages::{self, DocsFiles};
use super::reference::{ANNOTATION_TECHDOCS_REF, Located, Place};
use crate::catalog::loader::display_path;
use crate::catalog::yaml::{self, PathSegment, Pos};
use crate::catalog::{Catalog, Finding, Rule, Severity};

/// An opened site.
#[derive(Debug, Clone)]
pub struct Site {
    pub located: Located,
    /// The directory the techdocs-ref names (MkDocs runs there).
    pub dir: PathBuf,
    /// Its real path, which nothing may leave.
    pub boundary: PathBuf,
    pub config: MkdocsConfig,
    pub docs_dir: PathBuf,
    pub files: DocsFiles,
    /// The entity's name, for TechDocs' default `site_name`.
    pub entity_name: String,
}

/// Where a finding about the annotation goes: the docs entity's catalog
/// file, at the annotation when it can be found.
pub fn annotation_position(
    catalog: &Catalog,
    entity_key: &str,
    display_base: &Path,
) -> (String, Pos) {
    let Some(entity) = catalog.get(entity_key) else {
        return (entity_key.to_string(), Pos::default());
    };
    let fallback = (
        entity.source.file.to_string(),
        Pos {
            line: entity.source.line,
            column: entity.source.column,
        },
    );
    let Some(file) = entity.local_file() else {
        return fallback;
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        return fallback;
    };
    let documents = yaml::split_documents(&text);
    let Some(Ok(Some(document))) = documents
        .iter()
        .find(|d| d.index == entity.source.document)
        .map(yaml::parse_document)
    else {
        return fallback;
    };
    let has = |name: &str| document.value["metadata"]["annotations"][name].is_string();
    let name = if has(ANNOTATION_TECHDOCS_REF) {
        ANNOTATION_TECHDOCS_REF
    } else {
        super::reference::ANNOTATION_TECHDOCS_ENTITY
    };
    let pos = document.locate(&[
        PathSegment::Key("metadata"),
        PathSegment::Key("annotations"),
        PathSegment::Key(name),
    ]);
    (display_path(&file, display_base), pos)
}

/// A finding with a severity of its own (docs findings are not about
/// Backstage's validators, so [`Finding::new`]'s rule does not apply).
pub fn finding(
    severity: Severity,
    rule: Rule,
    file: impl Into<String>,
    pos: Pos,
    message: impl Into<String>,
    hint: Option<String>,
) -> Finding {
    Finding {
        severity,
        ..Finding::new(rule, file, pos, message).with_hint_opt(hint)
    }
}

/// Opens the site `located` names: `Err` holds the finding that leaves
/// nothing to read; `Ok` the site and the other findings.
#[allow(clippy::result_large_err)]
pub fn open(
    located: &Located,
    entity_name: &str,
    annotation_at: &(String, Pos),
    display_base: &Path,
) -> Result<(Site, Vec<Finding>), Finding> {
    let show = |path: &Path| display_path(path, display_base);
    let Place::Dir(dir) = &located.place else {
        unreachable!("only local docs are opened");
    };
    let boundary = located
        .boundary
        .clone()
        .unwrap_or_else(|| super::containment::real_path(dir));
    let at_annotation = |what: &str, hint: String| {
        finding(
            Severity::Error,
            Rule::TechdocsRef,
            annotation_at.0.clone(),
            annotation_at.1,
            format!("`{}` names {}, {what}", located.annotation, show(dir)),
            Some(hint),
        )
    };
    if !dir.is_dir() {
        return Err(at_annotation(
            "which is not a directory",
            "create it with an mkdocs.yml and docs/index.md, or fix the annotation".into(),
        ));
    }
    let mut findings = Vec::new();
    let escaping = pages::escaping_symlinks(dir, &boundary);
    for (link, target) in &escaping {
        findings.push(finding(
            Severity::Error,
            Rule::DocsEscape,
            show(link),
            Pos::default(),
            format!(
                "symlink leads out of the docs' directory {} to {}; refused, as TechDocs refuses it",
                show(dir),
                target.display()
            ),
            Some("copy the file into the docs' directory instead of linking to it".into()),
        ));
    }
    let config = match mkdocs::find_config(dir) {
        Some(path) => mkdocs::read(&path, &show(&path))?,
        None if !dir.join("docs").is_dir() => {
            return Err(at_annotation(
                "which has neither an mkdocs.yml nor a docs/ directory",
                format!(
                    "add {} (site_name and plugins: [techdocs-core]) and {}",
                    show(&dir.join("mkdocs.yml")),
                    show(&dir.join("docs/index.md"))
                ),
            ));
        }
        None => {
            findings.push(finding(
                Severity::Warning,
                Rule::MkdocsConfig,
                show(dir),
                Pos::default(),
                format!(
                    "no mkdocs.yml: TechDocs makes one (site_name: {entity_name}, docs_dir: docs, plugins: [techdocs-core]), plain `mkdocs` needs it"
                ),
                Some(format!(
                    "add {}/mkdocs.yml with `site_name: ...` and `plugins: [techdocs-core]`",
                    show(dir)
                )),
            ));
            MkdocsConfig::techdocs_default(entity_name)
        }
    };
    let config_file = config
        .path
        .as_deref()
        .map(&show)
        .unwrap_or_else(|| show(dir));
    for problem in &config.problems {
        findings.push(finding(
            Severity::Error,
            Rule::MkdocsConfig,
            config_file.clone(),
            problem.pos,
            problem.message.clone(),
            problem.hint.clone(),
        ));
    }
    let docs_dir = resolve(dir, &config.docs_dir);
    let at_docs_dir = |message: String, rule: Rule, hint: &str| {
        finding(
            Severity::Error,
            rule,
            config_file.clone(),
            config.docs_dir_pos,
            message,
            Some(hint.into()),
        )
    };
    if !stays_inside(&boundary, &docs_dir) {
        if escaping.iter().any(|(link, _)| *link == docs_dir) {
            // Already reported as the symlink it is.
            return Err(findings.swap_remove(
                findings
                    .iter()
                    .position(|f| f.file == show(&docs_dir))
                    .expect("the symlink's finding"),
            ));
        }
        return Err(at_docs_dir(
            format!(
                "docs_dir `{}` leads out of {}; refused, as TechDocs refuses it",
                config.docs_dir,
                show(dir)
            ),
            Rule::DocsEscape,
            "use a relative path below mkdocs.yml, e.g. `docs_dir: docs`",
        ));
    }
    if docs_dir == *dir {
        return Err(at_docs_dir(
            format!(
                "docs_dir `{}` is the directory of mkdocs.yml itself, which MkDocs refuses",
                config.docs_dir
            ),
            Rule::MkdocsConfig,
            "put the pages in a subdirectory, e.g. `docs_dir: docs`",
        ));
    }
    if !docs_dir.is_dir() {
        return Err(at_docs_dir(
            format!("docs_dir {} does not exist", show(&docs_dir)),
            Rule::MkdocsConfig,
            "create it with an index.md, or set `docs_dir:` to where the pages are",
        ));
    }
    let files = pages::collect(&docs_dir, &boundary, config.exclude_docs.as_deref());
    for (path, message) in &files.unreadable {
        findings.push(finding(
            Severity::Error,
            Rule::Read,
            show(path),
            Pos::default(),
            message.clone(),
            Some("check the permissions".into()),
        ));
    }
    Ok((
        Site {
            located: located.clone(),
            dir: dir.clone(),
            boundary,
            config,
            docs_dir,
            files,
            entity_name: entity_name.to_string(),
        },
        findings,
    ))
}

/// One entry of the site's navigation, as `plat docs <ref>` shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NavEntry {
    pub title: String,
    /// The page, relative to `docs_dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// An external link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The page is not in `docs_dir`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NavEntry>,
}

impl Site {
    /// The navigation: `nav` as written, or the one MkDocs makes from the
    /// files (the home page first in each directory, then by name, with
    /// directories as sections).
    pub fn navigation(&self) -> Vec<NavEntry> {
        match &self.config.nav {
            Some(items) => items.iter().map(|item| self.entry(item)).collect(),
            None => self.navigation_from_files(),
        }
    }

    fn entry(&self, item: &NavItem) -> NavEntry {
        match &item.target {
            NavTarget::Section(children) => NavEntry {
                title: item.title.clone().unwrap_or_default(),
                page: None,
                url: None,
                missing: false,
                children: children.iter().map(|c| self.entry(c)).collect(),
            },
            NavTarget::Page(target) if is_external(target) => NavEntry {
                title: item.title.clone().unwrap_or_else(|| target.clone()),
                page: None,
                url: Some(target.clone()),
                missing: false,
                children: Vec::new(),
            },
            NavTarget::Page(target) => {
                let page = normalize_page(target);
                NavEntry {
                    title: item.title.clone().unwrap_or_else(|| self.page_title(&page)),
                    missing: !self.files.files.contains(&page),
                    page: Some(page),
                    url: None,
                    children: Vec::new(),
                }
            }
        }
    }

    fn navigation_from_files(&self) -> Vec<NavEntry> {
        let mut pages: Vec<&str> = self.files.pages().collect();
        pages.sort_by_key(|p| sort_key(p));
        let mut root: Vec<NavEntry> = Vec::new();
        for page in pages {
            let mut level = &mut root;
            let parts: Vec<&str> = page.split('/').collect();
            for dir in &parts[..parts.len() - 1] {
                let title = title_case(dir);
                let index = match level
                    .iter()
                    .position(|e| e.page.is_none() && e.title == title)
                {
                    Some(i) => i,
                    None => {
                        level.push(NavEntry {
                            title,
                            page: None,
                            url: None,
                            missing: false,
                            children: Vec::new(),
                        });
                        level.len() - 1
                    }
                };
                level = &mut level[index].children;
            }
            level.push(NavEntry {
                title: self.page_title(page),
                page: Some(page.to_string()),
                url: None,
                missing: false,
                children: Vec::new(),
            });
        }
        root
    }

    /// A page's title as MkDocs finds it: its first level-1 heading, else
    /// its file name.
    pub fn page_title(&self, page: &str) -> String {
        std::fs::read_to_string(self.docs_dir.join(page))
            .ok()
            .and_then(|text| markdown::first_title(&text))
            .unwrap_or_else(|| {
                let stem = page
                    .rsplit('/')
                    .next()
                    .unwrap_or(page)
                    .rsplit_once('.')
                    .map_or(page, |(stem, _)| stem);
                if matches!(stem, "index" | "README" | "readme") {
                    "Home".into()
                } else {
                    title_case(stem)
                }
            })
    }
}

/// A nav or link target that is not a file in the docs: a URL (it has a
/// scheme or a host, as Python's `urlsplit` finds them) or an absolute path.
pub fn is_external(target: &str) -> bool {
    if target.starts_with('/') {
        return true;
    }
    match target.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A nav path as MkDocs looks it up: `os.path.normpath`, `/`-separated.
pub fn normalize_page(target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// MkDocs' file order: by path, part by part, with each directory's home
/// page before everything else in it.
fn sort_key(page: &str) -> Vec<String> {
    let parts: Vec<&str> = page.split('/').collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let stem = part.rsplit_once('.').map_or(*part, |(s, _)| s);
            if i == last && matches!(stem, "index" | "README" | "readme") {
                "\0".to_string()
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// MkDocs' title for a name without a heading: `-` and `_` as spaces, the
/// first letter capitalised.
fn title_case(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_targets_and_normalized_pages() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:team@example.com"));
        assert!(is_external("/absolute/page/"));
        assert!(!is_external("guide/setup.md"));
        assert!(!is_external("../README.md"));
        assert_eq!(normalize_page("./guide/../setup.md"), "setup.md");
        assert_eq!(normalize_page("../../x.md"), "../../x.md");
        assert_eq!(normalize_page("a//b/./c.md"), "a/b/c.md");
    }

    #[test]
    fn mkdocs_orders_the_home_page_first() {
        let mut pages = vec!["b.md", "a/z.md", "index.md", "a/index.md", "a.md"];
        pages.sort_by_key(|p| sort_key(p));
        assert_eq!(pages, ["index.md", "a/index.md", "a/z.md", "a.md", "b.md"]);
    }
}
