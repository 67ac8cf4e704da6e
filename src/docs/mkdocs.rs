//! mkdocs.yml as MkDocs and TechDocs read it: which file (TechDocs looks
//! for `mkdocs.yaml`, then `mkdocs.yml`, and makes a default when there is
//! none), `site_name`, `docs_dir` (default `docs`), `nav`, `plugins` and the
//! page exclusion patterns. MkDocs reads YAML with PyYAML and its own tags:
//! `!ENV` takes an environment variable (with a default), `!relative` a
//! path, and `!!python/...` tags name Python objects for extensions; they
//! are values here, never errors.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::Finding;
use crate::catalog::source::read_file;
use crate::catalog::yaml::{self, PathSegment, Pos};

/// The names TechDocs tries, in its order.
pub const CONFIG_NAMES: [&str; 2] = ["mkdocs.yaml", "mkdocs.yml"];

/// The plugin TechDocs builds every site with.
pub const TECHDOCS_CORE: &str = "techdocs-core";

/// The config file in `dir`, as TechDocs finds it.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
}

/// What plat needs from mkdocs.yml.
#[derive(Debug, Clone)]
pub struct MkdocsConfig {
    /// `None`: there is no file; these are the values TechDocs' generated
    /// default would have.
    pub path: Option<PathBuf>,
    pub site_name: Option<String>,
    pub docs_dir: String,
    pub docs_dir_pos: Pos,
    pub site_dir: String,
    pub nav: Option<Vec<NavItem>>,
    pub plugins: Vec<String>,
    /// gitignore-style patterns (MkDocs adds `.*` and `/templates/`).
    pub exclude_docs: Option<String>,
    /// gitignore-style patterns of pages that need not be in `nav`.
    pub not_in_nav: Option<String>,
    /// What MkDocs would refuse in the file (wrong types, a bad `nav`).
    pub problems: Vec<Problem>,
}

/// One entry of `nav`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub title: Option<String>,
    pub target: NavTarget,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavTarget {
    /// A file in `docs_dir`, or a URL.
    Page(String),
    Section(Vec<NavItem>),
}

/// Something MkDocs would refuse, at its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

/// Why the file cannot be read at all.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl MkdocsConfig {
    /// The mkdocs.yml TechDocs writes when a directory has none.
    pub fn techdocs_default(site_name: &str) -> MkdocsConfig {
        MkdocsConfig {
            path: None,
            site_name: Some(site_name.to_string()),
            docs_dir: "docs".into(),
            docs_dir_pos: Pos::default(),
            site_dir: "site".into(),
            nav: None,
            plugins: vec![TECHDOCS_CORE.into()],
            exclude_docs: None,
            not_in_nav: None,
            problems: Vec::new(),
        }
    }

    /// That default as YAML, with `docs_dir` absolute so that the file can
    /// live elsewhere (plat never writes into the user's directory).
    pub fn techdocs_default_yaml(site_name: &str, docs_dir: &Path) -> String {
        format!(
            "site_name: {}\ndocs_dir: {}\nplugins:\n  - {TECHDOCS_CORE}\n",
            serde_json::to_string(site_name).expect("strings serialize"),
            serde_json::to_string(&docs_dir.to_string_lossy()).expect("strings serialize"),
        )
    }

    pub fn uses_plugin(&self, name: &str) -> bool {
        self.plugins.iter().any(|p| p == name)
    }
}

/// Reads mkdocs.yml. `display` names it in findings and errors.
#[allow(clippy::result_large_err)]
pub fn read(path: &Path, display: &str) -> Result<MkdocsConfig, Finding> {
    let text = read_file(path, display)?.text;
    parse(&text)
        .map(|mut config| {
            config.path = Some(path.to_path_buf());
            config
        })
        .map_err(|e| {
            Finding::new(
                crate::catalog::Rule::MkdocsConfig,
                display,
                e.pos,
                e.message,
            )
            .with_hint_opt(e.hint)
        })
}

/// Parses mkdocs.yml's text; `!ENV` reads the process environment.
pub fn parse(text: &str) -> Result<MkdocsConfig, ConfigError> {
    parse_with_env(text, &|name| std::env::var(name).ok())
}

fn parse_with_env(
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<MkdocsConfig, ConfigError> {
    let documents = yaml::split_documents(text);
    let start = Pos { line: 1, column: 1 };
    if documents.len() > 1 {
        return Err(ConfigError {
            pos: Pos {
                line: documents[1].first_line as u32 + 1,
                column: 1,
            },
            message: "mkdocs.yml holds more than one YAML document".into(),
            hint: Some("remove the `---` line: MkDocs reads a single document".into()),
        });
    }
    let document = match documents.first() {
        None => None,
        Some(raw) => yaml::parse_document_with_tags(raw, &|tag, value| mkdocs_tag(tag, value, env))
            .map_err(|e| ConfigError {
                pos: e.pos,
                hint: e.hint().map(str::to_string),
                message: e.to_string(),
            })?,
    };
    let Some(document) = document else {
        return Err(ConfigError {
            pos: start,
            message: "mkdocs.yml is empty".into(),
            hint: Some("write at least `site_name: ...`".into()),
        });
    };
    let Value::Object(map) = &document.value else {
        return Err(ConfigError {
            pos: document.pos(),
            message: "mkdocs.yml is not a mapping of settings".into(),
            hint: Some("write `key: value` settings, e.g. `site_name: Payments`".into()),
        });
    };
    let at = |path: &[PathSegment<'_>]| document.locate(path);
    let mut problems = Vec::new();
    let mut string = |key: &str, required: bool| -> Option<String> {
        match map.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) if !required => None,
            None | Some(Value::Null) => {
                problems.push(Problem {
                    pos: if map.contains_key(key) {
                        at(&[PathSegment::Key(key)])
                    } else {
                        start
                    },
                    message: format!("`{key}` is required"),
                    hint: Some(format!("add `{key}: ...`")),
                });
                None
            }
            Some(other) => {
                problems.push(Problem {
                    pos: at(&[PathSegment::Key(key)]),
                    message: format!("`{key}` must be a string, not {}", kind_of(other)),
                    hint: None,
                });
                None
            }
        }
    };
    let site_name = string("site_name", true);
    let docs_dir = string("docs_dir", false).unwrap_or_else(|| "docs".into());
    let site_dir = string("site_dir", false).unwrap_or_else(|| "site".into());
    let exclude_docs = string("exclude_docs", false);
    let not_in_nav = string("not_in_nav", false);
    let nav = match map.get("nav") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    nav_item(
                        item,
                        &mut vec![PathSegment::Key("nav"), PathSegment::Index(i)],
                        &at,
                        &mut problems,
                    )
                })
                .collect(),
        ),
        Some(other) => {
            problems.push(Problem {
                pos: at(&[PathSegment::Key("nav")]),
                message: format!("`nav` must be a list, not {}", kind_of(other)),
                hint: Some("write `nav:` as a list of `- Title: page.md` entries".into()),
            });
            None
        }
    };
    Ok(MkdocsConfig {
        path: None,
        site_name,
        docs_dir,
        docs_dir_pos: if map.contains_key("docs_dir") {
            at(&[PathSegment::Key("docs_dir")])
        } else {
            start
        },
        site_dir,
        nav,
        plugins: plugin_names(map.get("plugins")),
        exclude_docs,
        not_in_nav,
        problems,
    })
}

/// A `nav` entry: `page.md`, `Title: page.md`, `Title: [entries]`; what
/// MkDocs refuses is a problem, and the entry is left out.
fn nav_item<'a>(
    item: &'a Value,
    path: &mut Vec<PathSegment<'a>>,
    at: &dyn Fn(&[PathSegment<'_>]) -> Pos,
    problems: &mut Vec<Problem>,
) -> Option<NavItem> {
    let pos = at(path);
    match item {
        Value::String(target) => Some(NavItem {
            title: None,
            target: NavTarget::Page(target.clone()),
            pos,
        }),
        Value::Object(entry) if entry.len() == 1 => {
            let (title, value) = entry.iter().next().expect("one entry");
            path.push(PathSegment::Key(title));
            let pos = at(path);
            let target = match value {
                Value::String(target) => Some(NavTarget::Page(target.clone())),
                Value::Array(children) => Some(NavTarget::Section(
                    children
                        .iter()
                        .enumerate()
                        .filter_map(|(i, child)| {
                            path.push(PathSegment::Index(i));
                            let item = nav_item(child, path, at, problems);
                            path.pop();
                            item
                        })
                        .collect(),
                )),
                other => {
                    problems.push(Problem {
                        pos,
                        message: format!(
                            "nav entry `{title}` must name a page or a list of entries, not {}",
                            kind_of(other)
                        ),
                        hint: Some("write `- Title: page.md` or `- Section: [...]`".into()),
                    });
                    None
                }
            };
            path.pop();
            target.map(|target| NavItem {
                title: Some(title.clone()),
                target,
                pos,
            })
        }
        Value::Object(entry) => {
            problems.push(Problem {
                pos,
                message: format!(
                    "a nav entry must have exactly one title, this one has {}",
                    entry.len()
                ),
                hint: Some("put each page on its own `- Title: page.md` line".into()),
            });
            None
        }
        other => {
            problems.push(Problem {
                pos,
                message: format!(
                    "a nav entry must be a page or `Title: page`, not {}",
                    kind_of(other)
                ),
                hint: None,
            });
            None
        }
    }
}

/// Plugin names: `plugins` is a list of names or one-key mappings (a
/// plugin with options), or a mapping of names to options.
fn plugin_names(plugins: Option<&Value>) -> Vec<String> {
    match plugins {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(name) => Some(name.clone()),
                Value::Object(map) => map.keys().next().cloned(),
                _ => None,
            })
            .collect(),
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// MkDocs' YAML tags. `!ENV NAME` / `!ENV [NAME, OTHER, default]`: the
/// first variable that is set, else the default (the last item of a list
/// of two or more), else null, as `pyyaml_env_tag` resolves it. Other tags
/// (`!relative`, `!!python/name:...`) are values MkDocs hands to plugins
/// and extensions: kept as their text.
fn mkdocs_tag(tag: &str, value: Value, env: &dyn Fn(&str) -> Option<String>) -> Value {
    if tag != "!ENV" {
        return match value {
            Value::String(text) if text.is_empty() => Value::String(tag.to_string()),
            other => other,
        };
    }
    let (names, default) = match value {
        Value::Array(mut items) => {
            let default = if items.len() > 1 { items.pop() } else { None };
            (items, default)
        }
        scalar => (vec![scalar], None),
    };
    for name in names {
        let name = match name {
            Value::String(s) => s,
            other => other.to_string(),
        };
        if let Some(value) = env(&name) {
            return Value::String(value);
        }
    }
    default.unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_site_name_docs_dir_nav_and_plugins() {
        let config = parse(
            "site_name: Payments\nnav:\n  - index.md\n  - Guide:\n      - Setup: guide/setup.md\n      - https://example.com\n  - API: api.md\nplugins:\n  - techdocs-core\n  - search:\n      lang: en\n",
        )
        .unwrap();
        assert_eq!(config.site_name.as_deref(), Some("Payments"));
        assert_eq!(config.docs_dir, "docs");
        assert!(config.uses_plugin("techdocs-core") && config.uses_plugin("search"));
        let nav = config.nav.unwrap();
        assert_eq!(nav.len(), 3);
        assert_eq!(nav[0].target, NavTarget::Page("index.md".into()));
        assert_eq!(nav[0].pos, Pos { line: 3, column: 5 });
        let NavTarget::Section(children) = &nav[1].target else {
            panic!("a section")
        };
        assert_eq!(children[0].title.as_deref(), Some("Setup"));
        assert_eq!(children[0].pos, Pos { line: 5, column: 9 });
        assert!(config.problems.is_empty());
    }

    #[test]
    fn mkdocs_tags_are_values_not_errors() {
        let env = |name: &str| (name == "SITE_NAME").then(|| "From the environment".to_string());
        let config = parse_with_env(
            "site_name: !ENV [NOT_SET, SITE_NAME, Fallback]\ndocs_dir: !ENV [NOT_SET, src]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n",
            &env,
        )
        .unwrap();
        assert_eq!(config.site_name.as_deref(), Some("From the environment"));
        assert_eq!(config.docs_dir, "src");
        assert!(config.problems.is_empty());
        let unset = parse_with_env("site_name: !ENV NOT_SET\n", &env).unwrap();
        assert_eq!(unset.problems[0].message, "`site_name` is required");
    }

    #[test]
    fn what_mkdocs_refuses_is_a_problem_at_its_position() {
        let config =
            parse("site_name: [a]\nnav:\n  - A: a.md\n    B: b.md\n  - 12\n  - C: {x: 1}\n")
                .unwrap();
        let messages: Vec<(u32, &str)> = config
            .problems
            .iter()
            .map(|p| (p.pos.line, p.message.as_str()))
            .collect();
        assert_eq!(messages[0], (1, "`site_name` must be a string, not a list"));
        assert!(messages[1].1.contains("exactly one title"), "{messages:?}");
        assert_eq!(messages[1].0, 3);
        assert!(messages[2].1.contains("not a number"));
        assert!(messages[3].1.contains("`C`"));
        let error = parse("site_name: x\nnav: [\n").unwrap_err();
        assert_eq!(error.pos.line, 3);
        assert!(parse("- a\n").is_err());
    }
}
