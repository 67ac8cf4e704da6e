//! Backstage's validation of one entity document, rule for rule.
//!
//! Backstage runs, in this order: `DefaultNamespaceEntityPolicy`,
//! `NoForeignRootFieldsEntityPolicy`, `FieldFormatEntityPolicy`,
//! `SchemaValidEntityPolicy` (the envelope schema), then each kind's
//! validator until one claims the document. It stops at the first problem;
//! plat reports every problem it finds, but a document is valid for plat
//! exactly when it is valid for Backstage.

mod field_format;
mod kinds;
mod schema;

use std::fmt;

use serde_json::Value;

use super::entity_ref::DEFAULT_NAMESPACE;
use super::finding::Rule;
use super::yaml::{NonFinite, PathSegment};

pub use kinds::{KNOWN_KINDS, KnownKind, known_kind_named};

/// A path into an entity, e.g. `spec.providesApis[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(Vec<FieldSegment>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldSegment {
    Key(String),
    Index(usize),
}

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath(Vec::new())
    }

    pub fn key(mut self, key: &str) -> FieldPath {
        self.0.push(FieldSegment::Key(key.to_string()));
        self
    }

    pub fn index(mut self, index: usize) -> FieldPath {
        self.0.push(FieldSegment::Index(index));
        self
    }

    /// From a JSON pointer such as `/spec/providesApis/0`.
    pub fn from_pointer(pointer: &str, within: &Value) -> FieldPath {
        let mut path = FieldPath::root();
        let mut node = Some(within);
        for segment in super::yaml::pointer_segments(pointer) {
            let is_index = matches!(node, Some(Value::Array(_)));
            match (is_index, segment.parse::<usize>()) {
                (true, Ok(i)) => {
                    node = node.and_then(|n| n.get(i));
                    path = path.index(i);
                }
                _ => {
                    node = node.and_then(|n| n.get(segment.as_ref()));
                    path = path.key(&segment);
                }
            }
        }
        path
    }

    pub fn segments(&self) -> Vec<PathSegment<'_>> {
        self.0
            .iter()
            .map(|s| match s {
                FieldSegment::Key(k) => PathSegment::Key(k),
                FieldSegment::Index(i) => PathSegment::Index(*i),
            })
            .collect()
    }

    pub fn lookup<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(value, |v, s| match s {
            FieldSegment::Key(k) => v.get(k.as_str()),
            FieldSegment::Index(i) => v.get(*i),
        })
    }

    pub fn starts_with(&self, prefix: &FieldPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// As a JSON pointer, e.g. `/spec/providesApis/0`.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.0 {
            out.push('/');
            match segment {
                FieldSegment::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                FieldSegment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("the document");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                FieldSegment::Key(k) if i == 0 => f.write_str(k)?,
                FieldSegment::Key(k) => write!(f, ".{k}")?,
                FieldSegment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One problem in one document, before it is given a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub rule: Rule,
    pub path: FieldPath,
    pub message: String,
    pub hint: Option<String>,
}

impl Issue {
    pub fn new(rule: Rule, path: FieldPath, message: impl Into<String>) -> Issue {
        Issue {
            rule,
            path,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Issue {
        self.hint = Some(hint.into());
        self
    }
}

/// What the document said where its JSON value cannot: `.inf`, `-.inf`
/// and `.nan` are numbers to Backstage (JavaScript), null in the value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written<'a> {
    pub non_finite: &'a [NonFinite],
}

impl Written<'_> {
    /// The non-finite number written at `path`, if that is what is there.
    fn non_finite_at(&self, path: &FieldPath) -> Option<f64> {
        if self.non_finite.is_empty() {
            return None;
        }
        let pointer = path.pointer();
        self.non_finite
            .iter()
            .find(|n| n.pointer == pointer)
            .map(|n| n.value)
    }

    /// [`describe`], knowing what was written.
    fn describe(&self, path: &FieldPath, value: &Value) -> String {
        match (value, self.non_finite_at(path)) {
            (Value::Null, Some(number)) => {
                format!("the number {}", super::yaml::js_non_finite(number))
            }
            _ => describe(value),
        }
    }
}

/// A short description of a value for messages: strings quoted, collections
/// by their shape.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            let ellipsis = if short.len() < s.len() { "…" } else { "" };
            format!("\"{}{ellipsis}\"", short.escape_debug())
        }
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// The outcome of validating one document.
#[derive(Debug)]
pub struct Outcome {
    /// The kind Backstage would validate it as, when one claims it.
    pub kind: Option<&'static KnownKind>,
    /// `metadata.namespace` was missing (or falsy) and is now `default`.
    pub defaulted_namespace: bool,
    /// Every problem found; empty when Backstage would accept the document.
    pub issues: Vec<Issue>,
}

/// Validates an entity as Backstage does. Applies Backstage's one mutation,
/// the default namespace, to `entity` in place. `written` tells numbers
/// JSON cannot hold from nulls.
pub fn validate(entity: &mut Value, written: Written<'_>) -> Outcome {
    let mut issues = Vec::new();
    let Some(root) = entity.as_object_mut() else {
        issues.push(Issue::new(
            Rule::NotAMapping,
            FieldPath::root(),
            format!(
                "a catalog entity must be a mapping, found {}",
                describe(entity)
            ),
        ));
        return Outcome {
            kind: None,
            defaulted_namespace: false,
            issues,
        };
    };

    // DefaultNamespaceEntityPolicy: reads `metadata.namespace`, so a missing
    // metadata fails here. A missing namespace becomes `default`; a falsy
    // one does not, because the policy's lodash `merge` keeps the entity's
    // null, "", 0 or false over the default, and the field format then
    // refuses them.
    let mut defaulted_namespace = false;
    match root.get_mut("metadata") {
        None | Some(Value::Null) => {
            issues.push(
                Issue::new(Rule::Envelope, FieldPath::root(), "metadata is required")
                    .with_hint("add `metadata:` with at least a `name`"),
            );
            return Outcome {
                kind: None,
                defaulted_namespace: false,
                issues,
            };
        }
        Some(Value::Object(metadata)) => {
            if !metadata.contains_key("namespace") {
                metadata.insert("namespace".into(), Value::String(DEFAULT_NAMESPACE.into()));
                defaulted_namespace = true;
            }
        }
        Some(_) => {}
    }

    // NoForeignRootFieldsEntityPolicy.
    for key in root.keys() {
        if !matches!(key.as_str(), "apiVersion" | "kind" | "metadata" | "spec") {
            let hint = if key == "links" || key == "tags" || key == "annotations" || key == "labels"
            {
                format!("move `{key}` under `metadata:`")
            } else {
                "an entity may only have apiVersion, kind, metadata and spec at its root"
                    .to_string()
            };
            issues.push(
                Issue::new(
                    Rule::Envelope,
                    FieldPath::root().key(key),
                    format!("unknown root field `{key}`"),
                )
                .with_hint(hint),
            );
        }
    }

    let entity: &Value = entity;
    field_format::check(entity, written, &mut issues);
    schema::check_envelope(entity, written, &mut issues);

    let kind = kinds::select(entity, &mut issues);
    if let Some(kind) = kind {
        schema::check_kind(kind, entity, written, &mut issues);
    }
    dedupe(&mut issues);
    Outcome {
        kind,
        defaulted_namespace,
        issues,
    }
}

/// Two rules can trip over the same field (a null name fails the field
/// format and the schema): keep the first message per field.
fn dedupe(issues: &mut Vec<Issue>) {
    let mut seen: Vec<FieldPath> = Vec::new();
    issues.retain(|issue| {
        if issue.path.is_root() || !seen.contains(&issue.path) {
            seen.push(issue.path.clone());
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn component() -> Value {
        json!({
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {"name": "payments-service"},
            "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"}
        })
    }

    fn messages(mut entity: Value) -> Vec<String> {
        validate(&mut entity, Written::default())
            .issues
            .into_iter()
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect()
    }

    #[test]
    fn a_valid_component_has_no_issues_and_gets_the_default_namespace() {
        let mut e = component();
        let outcome = validate(&mut e, Written::default());
        assert!(outcome.issues.is_empty(), "{:?}", outcome.issues);
        assert_eq!(outcome.kind.unwrap().kind, "Component");
        assert_eq!(e["metadata"]["namespace"], "default");
    }

    #[test]
    fn only_a_missing_namespace_becomes_default() {
        let mut e = component();
        assert!(validate(&mut e, Written::default()).issues.is_empty());
        assert_eq!(e["metadata"]["namespace"], "default");
        let mut e = component();
        e["metadata"]["namespace"] = json!(null);
        assert_eq!(
            messages(e),
            ["metadata.namespace: metadata.namespace must have a value"]
        );
        for ns in [json!(""), json!(0), json!(false)] {
            let mut e = component();
            e["metadata"]["namespace"] = ns.clone();
            let issues = validate(&mut e, Written::default()).issues;
            assert_eq!(issues.len(), 1, "{ns}: {issues:?}");
            assert_eq!(issues[0].rule, Rule::FieldFormat, "{ns}");
            assert_eq!(e["metadata"]["namespace"], ns, "kept as written");
        }
    }

    #[test]
    fn missing_metadata_is_an_envelope_error() {
        let mut e = component();
        e.as_object_mut().unwrap().remove("metadata");
        assert_eq!(messages(e), ["the document: metadata is required"]);
    }

    #[test]
    fn foreign_root_fields_are_refused() {
        let mut e = component();
        e["links"] = json!([]);
        e["relations"] = json!([]);
        let m = messages(e);
        assert!(
            m.contains(&"links: unknown root field `links`".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"relations: unknown root field `relations`".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn missing_required_spec_fields() {
        let mut e = component();
        e["spec"].as_object_mut().unwrap().remove("owner");
        assert_eq!(messages(e), ["spec.owner: spec.owner is required"]);
    }

    #[test]
    fn spec_types_are_checked() {
        let mut e = component();
        e["spec"]["providesApis"] = json!("payments-api");
        e["spec"]["type"] = json!("");
        let m = messages(e);
        assert!(
            m.contains(
                &"spec.providesApis: spec.providesApis must be a list, found \"payments-api\""
                    .to_string()
            ),
            "{m:?}"
        );
        assert!(
            m.contains(&"spec.type: spec.type must not be empty".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn unknown_kinds_are_invalid_with_a_hint() {
        let mut e = component();
        e["kind"] = json!("Service");
        let outcome = validate(&mut e, Written::default());
        assert_eq!(outcome.kind, None);
        assert_eq!(outcome.issues[0].rule, Rule::UnknownKind);
        assert!(
            outcome.issues[0]
                .hint
                .as_ref()
                .unwrap()
                .contains("Component")
        );
    }

    #[test]
    fn the_kind_is_case_sensitive() {
        let mut e = component();
        e["kind"] = json!("component");
        let outcome = validate(&mut e, Written::default());
        assert!(
            outcome.issues[0]
                .hint
                .as_ref()
                .unwrap()
                .contains("`Component`")
        );
    }

    #[test]
    fn template_needs_the_scaffolder_api_version() {
        let mut t = json!({
            "apiVersion": "backstage.io/v1alpha1", "kind": "Template",
            "metadata": {"name": "t"}, "spec": {"type": "service", "steps": []}
        });
        assert_eq!(
            validate(&mut t, Written::default()).issues[0].rule,
            Rule::UnknownKind
        );
        t["apiVersion"] = json!("scaffolder.backstage.io/v1beta3");
        assert!(validate(&mut t, Written::default()).issues.is_empty());
    }

    #[test]
    fn not_a_mapping() {
        assert_eq!(
            validate(&mut json!("hello"), Written::default()).issues[0].rule,
            Rule::NotAMapping
        );
        assert_eq!(
            validate(&mut json!([1]), Written::default()).issues[0].rule,
            Rule::NotAMapping
        );
    }

    #[test]
    fn field_paths_print_and_parse() {
        let v = json!({"spec": {"deps": ["a", "b"]}, "metadata": {"annotations": {"a/b": "x"}}});
        let p = FieldPath::from_pointer("/spec/deps/1", &v);
        assert_eq!(p.to_string(), "spec.deps[1]");
        assert_eq!(p.lookup(&v), Some(&json!("b")));
        let p = FieldPath::from_pointer("/metadata/annotations/a~1b", &v);
        assert_eq!(p.lookup(&v), Some(&json!("x")));
    }
}
