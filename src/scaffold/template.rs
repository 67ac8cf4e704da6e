//! A software template (`template.yaml`): read, validated as Backstage
//! validates Template entities (before anything runs, with positions), and
//! turned into parameters pages, steps and outputs.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::catalog::validate;
use crate::catalog::yaml::{self, Document, PathSegment, Pos};

pub const API_VERSION: &str = "scaffolder.backstage.io/v1beta3";
/// Accepted too: an older spelling some templates use.
pub const LEGACY_API_VERSION: &str = "backstage.io/v1beta3";

/// A problem in a template file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.pos.line, self.pos.column, self.message
        )
    }
}

/// One page of parameters: a JSON Schema object with a title.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub description: Option<String>,
    pub schema: Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: Option<String>,
    pub name: Option<String>,
    pub action: String,
    pub input: Json,
    pub condition: Option<Json>,
    pub each: Option<Json>,
    pub pos: Pos,
    /// Where `action:` is written, for errors about it.
    pub action_pos: Pos,
}

impl Step {
    /// How the step is shown: its name, else its id, else its action.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or(&self.action)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub kind: String,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub pages: Vec<Page>,
    pub steps: Vec<Step>,
    pub output: Json,
    /// The directory its files (`./skeleton`) are relative to.
    pub dir: PathBuf,
    /// The template file as shown in messages.
    pub file: String,
}

/// Reads and validates `template.yaml` text. `file` names it in errors.
pub fn parse(text: &str, file: &str, dir: &Path) -> Result<Template, Vec<TemplateError>> {
    let error = |pos: Pos, message: String, hint: Option<&str>| TemplateError {
        file: file.to_string(),
        pos,
        message,
        hint: hint.map(str::to_string),
    };
    let documents = yaml::split_documents(text);
    let first = Pos { line: 1, column: 1 };
    let Some(raw) = documents.first() else {
        return Err(vec![error(
            first,
            "the template file is empty".into(),
            Some("a template is a Template entity: apiVersion, kind, metadata, spec"),
        )]);
    };
    if documents.len() > 1 {
        return Err(vec![error(
            first,
            format!(
                "holds {} YAML documents; a template file holds one",
                documents.len()
            ),
            None,
        )]);
    }
    let document: Document = match yaml::parse_document(raw) {
        Ok(Some(document)) => document,
        Ok(None) => {
            return Err(vec![error(
                first,
                "the template file is empty".into(),
                None,
            )]);
        }
        Err(e) => return Err(vec![error(e.pos, e.to_string(), e.hint())]),
    };
    let mut json = document.value.clone();
    // The older apiVersion means the same; Backstage's validator knows only one.
    if json["apiVersion"] == LEGACY_API_VERSION {
        json["apiVersion"] = Json::String(API_VERSION.into());
    }
    let outcome = validate::validate(
        &mut json,
        validate::Written {
            non_finite: &document.non_finite,
        },
    );
    let mut errors: Vec<TemplateError> = outcome
        .issues
        .iter()
        .map(|issue| {
            error(
                document.locate(&issue.path.segments()),
                issue.message.clone(),
                issue.hint.as_deref(),
            )
        })
        .collect();
    if errors.is_empty() && outcome.kind.is_none_or(|k| k.kind != "Template") {
        errors.push(error(
            document.locate(&[PathSegment::Key("kind")]),
            format!("this is a {} entity, not a Template", json["kind"].as_str().unwrap_or("?")),
            Some("a software template has `kind: Template` and `apiVersion: scaffolder.backstage.io/v1beta3`"),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let spec = &json["spec"];
    let pages = match &spec["parameters"] {
        Json::Null => Vec::new(),
        Json::Array(pages) => pages.iter().map(page).collect(),
        single => vec![page(single)],
    };
    let steps = spec["steps"]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let at = |key: &str| {
                        document.locate(&[
                            PathSegment::Key("spec"),
                            PathSegment::Key("steps"),
                            PathSegment::Index(i),
                            PathSegment::Key(key),
                        ])
                    };
                    Step {
                        id: step["id"].as_str().map(str::to_string),
                        name: step["name"].as_str().map(str::to_string),
                        action: step["action"].as_str().unwrap_or_default().to_string(),
                        input: step
                            .get("input")
                            .cloned()
                            .unwrap_or(Json::Object(Default::default())),
                        condition: step.get("if").cloned(),
                        each: step.get("each").cloned(),
                        pos: document.locate(&[
                            PathSegment::Key("spec"),
                            PathSegment::Key("steps"),
                            PathSegment::Index(i),
                        ]),
                        action_pos: at("action"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let metadata = &json["metadata"];
    let text = |v: &Json| v.as_str().map(str::to_string);
    Ok(Template {
        name: metadata["name"].as_str().unwrap_or_default().to_string(),
        title: text(&metadata["title"]),
        description: text(&metadata["description"]),
        kind: spec["type"].as_str().unwrap_or_default().to_string(),
        tags: metadata["tags"]
            .as_array()
            .map(|t| {
                t.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        owner: text(&spec["owner"]),
        pages,
        steps,
        output: spec
            .get("output")
            .cloned()
            .unwrap_or(Json::Object(Default::default())),
        dir: dir.to_path_buf(),
        file: file.to_string(),
    })
}

fn page(schema: &Json) -> Page {
    Page {
        title: schema["title"].as_str().map(str::to_string),
        description: schema["description"].as_str().map(str::to_string),
        schema: schema.clone(),
    }
}

/// Reads `template.yaml` from a directory.
pub fn load(dir: &Path, display: &str) -> Result<Template, Vec<TemplateError>> {
    let path = dir.join("template.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![TemplateError {
            file: display.to_string(),
            pos: Pos { line: 1, column: 1 },
            message: format!("cannot be read: {e}"),
            hint: None,
        }]
    })?;
    parse(&text, display, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\n  title: T\n  tags: [go]\nspec:\n  type: service\n  owner: platform\n  parameters:\n    - title: One\n      properties:\n        name: {type: string}\n    - title: Two\n      properties:\n        n: {type: integer}\n  steps:\n    - id: fetch\n      action: fetch:template\n      input: {url: ./skeleton}\n    - action: debug:log\n      if: ${{ parameters.n }}\n";

    #[test]
    fn reads_pages_and_steps() {
        let t = parse(TEMPLATE, "template.yaml", Path::new("/t")).unwrap();
        assert_eq!(t.name, "t");
        assert_eq!(t.pages.len(), 2);
        assert_eq!(t.pages[1].title.as_deref(), Some("Two"));
        assert_eq!(t.steps[0].id.as_deref(), Some("fetch"));
        assert_eq!(
            t.steps[1].condition,
            Some(Json::String("${{ parameters.n }}".into()))
        );
        assert_eq!(
            t.steps[1].action_pos,
            Pos {
                line: 21,
                column: 7
            }
        );
    }

    #[test]
    fn a_single_object_of_parameters_is_one_page() {
        let text = TEMPLATE.replace(
            "  parameters:\n    - title: One\n      properties:\n        name: {type: string}\n    - title: Two\n      properties:\n        n: {type: integer}\n",
            "  parameters:\n    properties:\n      name: {type: string}\n",
        );
        assert_eq!(parse(&text, "t", Path::new("/")).unwrap().pages.len(), 1);
    }

    #[test]
    fn the_legacy_api_version_is_accepted() {
        let text = TEMPLATE.replace(API_VERSION, LEGACY_API_VERSION);
        assert!(parse(&text, "t", Path::new("/")).is_ok());
    }

    #[test]
    fn invalid_templates_are_refused_with_positions() {
        let errors = parse(
            &TEMPLATE.replace("  type: service\n", ""),
            "template.yaml",
            Path::new("/"),
        )
        .unwrap_err();
        assert_eq!(errors[0].message, "spec.type is required");
        assert_eq!(errors[0].pos.line, 7);
        let errors = parse(
            "kind: Template\n  bad: [\n",
            "template.yaml",
            Path::new("/"),
        )
        .unwrap_err();
        assert!(errors[0].message.starts_with("invalid YAML"));
        let errors = parse(
            &TEMPLATE.replace("kind: Template", "kind: Component"),
            "t",
            Path::new("/"),
        )
        .unwrap_err();
        assert!(
            errors[0].message.contains("no Backstage validator"),
            "{}",
            errors[0].message
        );
    }
}
