//! The JSON schemas: the envelope every entity shares and each kind's own.
//! The schema files say in JSON Schema what Backstage's schemas require;
//! the jsonschema crate checks them.

use std::sync::LazyLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::kinds::KnownKind;
use super::{FieldPath, Issue, Written};
use crate::catalog::finding::Rule;

fn compile(source: &str) -> Validator {
    let schema: Value = serde_json::from_str(source).expect("built-in schema is JSON");
    jsonschema::validator_for(&schema).expect("built-in schema compiles")
}

static ENVELOPE: LazyLock<Validator> =
    LazyLock::new(|| compile(include_str!("schemas/envelope.json")));

pub(super) fn check_envelope(entity: &Value, written: Written<'_>, issues: &mut Vec<Issue>) {
    run(&ENVELOPE, entity, written, issues);
}

pub(super) fn check_kind(
    kind: &KnownKind,
    entity: &Value,
    written: Written<'_>,
    issues: &mut Vec<Issue>,
) {
    run(kind.validator(), entity, written, issues);
}

pub(super) fn compile_kind(source: &str) -> Validator {
    compile(source)
}

fn run(validator: &Validator, entity: &Value, written: Written<'_>, issues: &mut Vec<Issue>) {
    if validator.is_valid(entity) {
        return;
    }
    for error in validator.iter_errors(entity) {
        let at = FieldPath::from_pointer(error.instance_path().as_str(), entity);
        let found = at.lookup(entity).unwrap_or(&Value::Null);
        let issue = match error.kind() {
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let path = at.clone().key(property);
                Issue::new(Rule::Schema, path.clone(), format!("{path} is required"))
                    .with_hint(format!("add `{property}:` under {}", parent_name(&at)))
            }
            ValidationErrorKind::Type { kind } => Issue::new(
                Rule::Schema,
                at.clone(),
                format!(
                    "{at} must be {}, found {}",
                    type_name(kind),
                    written.describe(&at, found)
                ),
            ),
            ValidationErrorKind::MinLength { .. } => {
                Issue::new(Rule::Schema, at.clone(), format!("{at} must not be empty"))
            }
            ValidationErrorKind::Enum { options } => Issue::new(
                Rule::Schema,
                at.clone(),
                format!(
                    "{at} must be one of {}, found {}",
                    list(options),
                    written.describe(&at, found)
                ),
            ),
            _ => Issue::new(Rule::Schema, at.clone(), format!("{at}: {error}")),
        };
        issues.push(issue);
    }
}

fn parent_name(path: &FieldPath) -> String {
    if path.is_root() {
        "the document root".into()
    } else {
        format!("`{path}`")
    }
}

fn type_name(kind: &TypeKind) -> String {
    let one = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "string" => "a string".to_string(),
        "object" => "a mapping".to_string(),
        "array" => "a list".to_string(),
        "boolean" => "true or false".to_string(),
        other => format!("a {other}"),
    };
    match kind {
        TypeKind::Single(t) => one(t),
        TypeKind::Multiple(ts) => ts.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" or "),
    }
}

fn list(options: &Value) -> String {
    match options.as_array() {
        Some(items) => items
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        None => options.to_string(),
    }
}
