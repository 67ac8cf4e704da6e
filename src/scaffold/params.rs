//! Template parameters: the JSON Schema pages of a template, what to ask
//! for each field, `--set` values typed by the schema, defaults, and
//! validation with the jsonschema crate (draft 7, as Backstage's forms use).

use serde_json::{Map, Value as Json};

use super::template::Page;

/// One field to ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub title: String,
    pub description: Option<String>,
    pub required: bool,
    pub default: Option<Json>,
    pub kind: FieldKind,
    pub schema: Json,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// Free text; `secret` for `ui:widget: password` (never echoed).
    Text {
        secret: bool,
    },
    Integer,
    Number,
    Boolean,
    /// One of `options` (`enum`), shown as `labels` (`enumNames`).
    Choice {
        options: Vec<Json>,
        labels: Vec<String>,
    },
    /// Any of `options` (an array of an enum).
    MultiChoice {
        options: Vec<Json>,
        labels: Vec<String>,
    },
    /// `ui:field: OwnerPicker` / `EntityPicker`: a catalog entity of `kinds`.
    Entity {
        kinds: Vec<String>,
    },
    /// `ui:field: RepoUrlPicker`: host, owner and repository.
    RepoUrl {
        hosts: Vec<String>,
        owners: Vec<String>,
    },
    /// Anything else (objects, free lists): a JSON or YAML value.
    Structured,
}

/// A parameter problem: which value, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// Dotted path of the value (`name`, `service.port`); empty for the whole.
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.key, self.message)
        }
    }
}

fn string_list(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl Page {
    /// The fields of this page, in order, including those a `dependencies`
    /// `oneOf` branch adds for the values chosen so far.
    pub fn fields(&self, values: &Map<String, Json>) -> Vec<Field> {
        let required = string_list(&self.schema["required"]);
        let mut fields: Vec<Field> = properties(&self.schema)
            .map(|(key, schema)| field(key, schema, required.contains(key)))
            .collect();
        for (key, extra, extra_required) in dependent_properties(&self.schema, values) {
            if !fields.iter().any(|f| f.key == key) {
                fields.push(field(&key, &extra, extra_required));
            }
        }
        fields
    }

    /// Problems with `values` for this page (schema validation). A
    /// `dependencies` `oneOf` that fails says only "no branch matched":
    /// the branch the chosen value selects says what is missing.
    pub fn validate(&self, values: &Json) -> Vec<ParamError> {
        let mut errors = validate_against(&self.schema, values);
        if let (Some(dependencies), Some(given)) =
            (self.schema["dependencies"].as_object(), values.as_object())
        {
            for (key, dependency) in dependencies {
                let Some(value) = given.get(key) else {
                    continue;
                };
                for branch in dependency["oneOf"].as_array().into_iter().flatten() {
                    let condition = &branch["properties"][key];
                    let matches = match (condition.get("enum"), condition.get("const")) {
                        (Some(Json::Array(options)), _) => options.contains(value),
                        (_, Some(constant)) => constant == value,
                        _ => false,
                    };
                    if matches {
                        for error in validate_against(branch, values) {
                            if !errors.contains(&error) {
                                errors.push(error);
                            }
                        }
                        break;
                    }
                }
            }
        }
        errors
    }
}

fn properties(schema: &Json) -> impl Iterator<Item = (&String, &Json)> {
    schema["properties"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.iter())
}

/// Fields `dependencies: {key: {oneOf: [...]}}` add: the branch whose
/// condition on `key` matches the value chosen.
fn dependent_properties(schema: &Json, values: &Map<String, Json>) -> Vec<(String, Json, bool)> {
    let mut out = Vec::new();
    let Some(dependencies) = schema["dependencies"].as_object() else {
        return out;
    };
    for (key, dependency) in dependencies {
        let Some(value) = values.get(key) else {
            continue;
        };
        let branches = dependency["oneOf"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![dependency.clone()]);
        for branch in branches {
            let condition = &branch["properties"][key];
            let matches = match (condition.get("enum"), condition.get("const")) {
                (Some(Json::Array(options)), _) => options.contains(value),
                (_, Some(constant)) => constant == value,
                _ => true,
            };
            if !matches {
                continue;
            }
            let required = string_list(&branch["required"]);
            for (name, extra) in properties(&branch) {
                if name != key {
                    out.push((name.clone(), extra.clone(), required.contains(name)));
                }
            }
            break;
        }
    }
    out
}

fn field(key: &str, schema: &Json, required: bool) -> Field {
    let options = &schema["ui:options"];
    let kind = match (schema["ui:field"].as_str(), schema["type"].as_str()) {
        (Some("OwnerPicker"), _) => {
            let mut kinds = string_list(&options["allowedKinds"]);
            if let Some(kind) = options["catalogFilter"]["kind"].as_str() {
                kinds.push(kind.to_string());
            }
            kinds.extend(string_list(&options["catalogFilter"]["kind"]));
            if kinds.is_empty() {
                kinds = vec!["Group".into(), "User".into()];
            }
            FieldKind::Entity { kinds }
        }
        (Some("EntityPicker" | "MyGroupsPicker" | "OwnedEntityPicker"), _) => {
            let mut kinds = string_list(&options["allowedKinds"]);
            if let Some(kind) = options["catalogFilter"]["kind"].as_str() {
                kinds.push(kind.to_string());
            }
            FieldKind::Entity { kinds }
        }
        (Some("RepoUrlPicker"), _) => FieldKind::RepoUrl {
            hosts: string_list(&options["allowedHosts"]),
            owners: string_list(&options["allowedOwners"]),
        },
        _ => match (schema.get("enum"), schema["type"].as_str()) {
            (Some(Json::Array(options)), _) => FieldKind::Choice {
                labels: labels(options, &schema["enumNames"]),
                options: options.clone(),
            },
            (_, Some("array")) => match schema["items"].get("enum") {
                Some(Json::Array(options)) => FieldKind::MultiChoice {
                    labels: labels(options, &schema["items"]["enumNames"]),
                    options: options.clone(),
                },
                _ => FieldKind::Structured,
            },
            (_, Some("integer")) => FieldKind::Integer,
            (_, Some("number")) => FieldKind::Number,
            (_, Some("boolean")) => FieldKind::Boolean,
            (_, Some("string") | None) => FieldKind::Text {
                secret: schema["ui:widget"] == "password",
            },
            _ => FieldKind::Structured,
        },
    };
    Field {
        key: key.to_string(),
        title: schema["title"].as_str().unwrap_or(key).to_string(),
        description: schema["description"].as_str().map(str::to_string),
        required,
        default: schema.get("default").cloned(),
        kind,
        schema: schema.clone(),
    }
}

fn labels(options: &[Json], names: &Json) -> Vec<String> {
    let names = string_list(names);
    options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            names.get(i).cloned().unwrap_or_else(|| match option {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
        })
        .collect()
}

/// Every page's schema, for finding a value's type.
pub struct Parameters<'a> {
    pub pages: &'a [Page],
}

impl Parameters<'_> {
    /// The schema of the value at `path` (`name`, `service.port`), from any
    /// page or conditional branch.
    fn schema_at(&self, path: &[&str], values: &Map<String, Json>) -> Option<Json> {
        let (first, rest) = path.split_first()?;
        let mut schema = self.pages.iter().find_map(|page| {
            page.schema["properties"].get(*first).cloned().or_else(|| {
                dependent_properties(&page.schema, values)
                    .into_iter()
                    .find(|(k, _, _)| k == first)
                    .map(|(_, s, _)| s)
            })
        })?;
        for part in rest {
            schema = schema["properties"].get(*part)?.clone();
        }
        Some(schema)
    }

    /// `--set key=value`: the value typed by the key's schema (integer,
    /// number, boolean, list), set into `values`.
    pub fn set(&self, assignment: &str, values: &mut Map<String, Json>) -> Result<(), ParamError> {
        let Some((key, text)) = assignment.split_once('=') else {
            return Err(ParamError {
                key: assignment.to_string(),
                message: "expected key=value".into(),
            });
        };
        let path: Vec<&str> = key.split('.').collect();
        if path.iter().any(|p| p.is_empty()) {
            return Err(ParamError {
                key: key.to_string(),
                message: "keys are names separated by dots".into(),
            });
        }
        let schema = self.schema_at(&path, values).unwrap_or(Json::Null);
        let value = typed(text, &schema).map_err(|message| ParamError {
            key: key.to_string(),
            message,
        })?;
        let mut target = values;
        for part in &path[..path.len() - 1] {
            let entry = target
                .entry(part.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            if !entry.is_object() {
                *entry = Json::Object(Map::new());
            }
            target = entry.as_object_mut().expect("made an object above");
        }
        target.insert(path[path.len() - 1].to_string(), value);
        Ok(())
    }

    /// Fills in each page's defaults where no value was given.
    pub fn apply_defaults(&self, values: &mut Map<String, Json>) {
        for page in self.pages {
            let snapshot = values.clone();
            for field in page.fields(&snapshot) {
                if let (false, Some(default)) = (values.contains_key(&field.key), &field.default) {
                    values.insert(field.key.clone(), default.clone());
                }
            }
        }
    }

    /// Every problem with `values`, page by page.
    pub fn validate(&self, values: &Json) -> Vec<ParamError> {
        self.pages
            .iter()
            .flat_map(|page| page.validate(values))
            .collect()
    }

    /// Keys of `ui:widget: password` fields: their values are secrets.
    pub fn secret_keys(&self, values: &Map<String, Json>) -> Vec<String> {
        self.pages
            .iter()
            .flat_map(|page| page.fields(values))
            .filter(|f| matches!(f.kind, FieldKind::Text { secret: true }))
            .map(|f| f.key)
            .collect()
    }
}

/// A command-line value read as `schema` says.
pub fn typed(text: &str, schema: &Json) -> Result<Json, String> {
    match schema["type"].as_str() {
        Some("integer") => text
            .trim()
            .parse::<i64>()
            .map(Json::from)
            .map_err(|_| format!("`{text}` is not an integer")),
        Some("number") => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        Some("boolean") => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Ok(Json::Bool(true)),
            "false" | "no" | "n" | "0" | "off" => Ok(Json::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        Some("array") => {
            if text.trim_start().starts_with('[') {
                return serde_json::from_str(text).map_err(|e| format!("not a JSON list: {e}"));
            }
            let items = if text.is_empty() {
                Vec::new()
            } else {
                text.split(',').map(str::trim).collect()
            };
            items
                .into_iter()
                .map(|item| typed(item, &schema["items"]))
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array)
        }
        Some("object") => serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}")),
        _ => Ok(Json::String(text.to_string())),
    }
}

fn validate_against(schema: &Json, values: &Json) -> Vec<ParamError> {
    let validator = match jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(schema)
    {
        Ok(validator) => validator,
        Err(e) => {
            return vec![ParamError {
                key: String::new(),
                message: format!("the template's parameter schema is invalid: {e}"),
            }];
        }
    };
    let mut errors: Vec<ParamError> = validator
        .iter_errors(values)
        .filter(|e| {
            !matches!(
                e.kind(),
                jsonschema::error::ValidationErrorKind::OneOfNotValid { .. }
            )
        })
        .map(|e| {
            use jsonschema::error::ValidationErrorKind as K;
            let pointer = e
                .instance_path()
                .as_str()
                .trim_start_matches('/')
                .replace('/', ".");
            let (key, message) = match e.kind() {
                K::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    let key = if pointer.is_empty() {
                        name.to_string()
                    } else {
                        format!("{pointer}.{name}")
                    };
                    (key, "is required".to_string())
                }
                K::Pattern { pattern } => (pointer, format!("must match the pattern {pattern}")),
                K::MinLength { limit } => (pointer, format!("must be at least {limit} characters")),
                K::MaxLength { limit } => (pointer, format!("must be at most {limit} characters")),
                K::Minimum { limit } => (pointer, format!("must be at least {limit}")),
                K::Maximum { limit } => (pointer, format!("must be at most {limit}")),
                K::Enum { options } => (
                    pointer,
                    format!(
                        "must be one of {}",
                        options
                            .as_array()
                            .map(|o| o
                                .iter()
                                .map(|v| v.to_string())
                                .collect::<Vec<_>>()
                                .join(", "))
                            .unwrap_or_default()
                    ),
                ),
                K::Format { format } => (pointer, format!("must be a valid {format}")),
                _ => (pointer, e.to_string()),
            };
            ParamError { key, message }
        })
        .collect();
    errors.dedup();
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(schema: Json) -> Page {
        Page {
            title: None,
            description: None,
            schema,
        }
    }

    fn pages() -> Vec<Page> {
        vec![
            page(json!({
                "required": ["name", "owner"],
                "properties": {
                    "name": {"type": "string", "title": "Name", "pattern": "^[a-z][a-z0-9-]*$", "maxLength": 10},
                    "owner": {"type": "string", "ui:field": "OwnerPicker", "ui:options": {"allowedKinds": ["Group"]}},
                    "password": {"type": "string", "ui:widget": "password"},
                    "email": {"type": "string", "format": "email"}
                }
            })),
            page(json!({
                "properties": {
                    "replicas": {"type": "integer", "minimum": 1, "maximum": 10, "default": 2},
                    "ratio": {"type": "number"},
                    "public": {"type": "boolean", "default": false},
                    "database": {"type": "string", "enum": ["none", "postgres"], "enumNames": ["None", "PostgreSQL"], "default": "none"},
                    "features": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                    "repoUrl": {"type": "string", "ui:field": "RepoUrlPicker", "ui:options": {"allowedHosts": ["github.com"]}},
                    "nested": {"type": "object", "properties": {"port": {"type": "integer"}}}
                },
                "dependencies": {
                    "database": {"oneOf": [
                        {"properties": {"database": {"enum": ["none"]}}},
                        {"properties": {"database": {"enum": ["postgres"]}, "version": {"type": "integer", "enum": [15, 16]}}, "required": ["version"]}
                    ]}
                }
            })),
        ]
    }

    #[test]
    fn fields_know_their_kinds() {
        let pages = pages();
        let fields = pages[0].fields(&Map::new());
        assert_eq!(fields[0].kind, FieldKind::Text { secret: false });
        assert!(fields[0].required);
        assert_eq!(
            fields[1].kind,
            FieldKind::Entity {
                kinds: vec!["Group".into()]
            }
        );
        assert_eq!(fields[2].kind, FieldKind::Text { secret: true });
        let second = pages[1].fields(&Map::new());
        assert!(
            matches!(&second[3].kind, FieldKind::Choice { labels, .. } if labels == &["None", "PostgreSQL"])
        );
        assert!(matches!(&second[4].kind, FieldKind::MultiChoice { .. }));
        assert_eq!(
            second[5].kind,
            FieldKind::RepoUrl {
                hosts: vec!["github.com".into()],
                owners: vec![]
            }
        );
    }

    #[test]
    fn conditional_fields_follow_the_choice() {
        let pages = pages();
        let mut values = Map::new();
        values.insert("database".into(), json!("none"));
        assert!(!pages[1].fields(&values).iter().any(|f| f.key == "version"));
        values.insert("database".into(), json!("postgres"));
        let version = pages[1]
            .fields(&values)
            .into_iter()
            .find(|f| f.key == "version")
            .unwrap();
        assert!(version.required);
        let errors = pages[1].validate(&Json::Object(values));
        assert_eq!(
            errors,
            [ParamError {
                key: "version".into(),
                message: "is required".into()
            }]
        );
    }

    #[test]
    fn set_types_values_by_schema() {
        let pages = pages();
        let params = Parameters { pages: &pages };
        let mut values = Map::new();
        for assignment in [
            "name=svc",
            "replicas=3",
            "ratio=0.5",
            "public=yes",
            "features=a,b",
            "nested.port=8080",
            "free=text",
        ] {
            params.set(assignment, &mut values).unwrap();
        }
        assert_eq!(
            Json::Object(values.clone()),
            json!({"name": "svc", "replicas": 3, "ratio": 0.5, "public": true, "features": ["a", "b"], "nested": {"port": 8080}, "free": "text"})
        );
        assert_eq!(
            params
                .set("replicas=many", &mut values)
                .unwrap_err()
                .message,
            "`many` is not an integer"
        );
        assert!(params.set("novalue", &mut values).is_err());
        values.insert("database".into(), json!("postgres"));
        params.set("version=16", &mut values).unwrap();
        assert_eq!(values["version"], 16, "a conditional field is typed too");
    }

    #[test]
    fn defaults_and_validation() {
        let pages = pages();
        let params = Parameters { pages: &pages };
        let mut values = Map::new();
        values.insert("name".into(), json!("Bad Name That Is Long"));
        values.insert("email".into(), json!("not-an-email"));
        params.apply_defaults(&mut values);
        assert_eq!(values["replicas"], 2);
        assert_eq!(values["database"], "none");
        let errors: Vec<String> = params
            .validate(&Json::Object(values))
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.contains(&"owner: is required".to_string()),
            "{errors:?}"
        );
        assert!(
            errors.contains(&"name: must match the pattern ^[a-z][a-z0-9-]*$".to_string()),
            "{errors:?}"
        );
        assert!(
            errors.contains(&"name: must be at most 10 characters".to_string()),
            "{errors:?}"
        );
        assert!(
            errors.contains(&"email: must be a valid email".to_string()),
            "{errors:?}"
        );
        assert_eq!(params.secret_keys(&Map::new()), ["password"]);
    }
}
