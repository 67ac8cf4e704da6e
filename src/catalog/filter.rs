//! Backstage's entity filters (`?filter=kind=component,spec.type=service`):
//! a filter is a comma-separated list of `key` or `key=value` conditions that
//! must all hold; several filters match when any one does. Keys are dotted
//! paths through the entity (arrays are searched element by element), values
//! compare case-insensitively, and `relations.<type>` matches relation
//! targets, exactly as the catalog's search table does.

use std::collections::BTreeMap;

use serde_json::Value;

use super::entity::Entity;

/// Keys longer than this are not indexed by Backstage, values longer than
/// this are indexed as null.
const MAX_KEY_LENGTH: usize = 200;
const MAX_VALUE_LENGTH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid filter `{filter}`: `{statement}` is not a condition")]
pub struct FilterError {
    pub filter: String,
    pub statement: String,
}

/// Conditions that must all hold: each is a key and the values it may have
/// (any of them; none listed means the key only has to exist).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conjunction(Vec<(String, Vec<String>)>);

/// Any one of several conjunctions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityFilter {
    alternatives: Vec<Conjunction>,
}

impl Conjunction {
    /// Parses `a=b,c,d=e` as Backstage's `parseEntityFilterString` does.
    pub fn parse(text: &str) -> Result<Conjunction, FilterError> {
        let mut out = Conjunction::default();
        for statement in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = match statement.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (statement, None),
            };
            if key.is_empty() {
                return Err(FilterError {
                    filter: text.to_string(),
                    statement: statement.to_string(),
                });
            }
            // The same key twice in one filter widens it: any of the values.
            let key = key.to_lowercase();
            let index = match out.0.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    out.0.push((key, Vec::new()));
                    out.0.len() - 1
                }
            };
            if let Some(value) = value {
                out.0[index].1.push(value.to_lowercase());
            }
        }
        Ok(out)
    }

    /// Adds the condition "`key` is one of `values`".
    pub fn require(&mut self, key: &str, values: impl IntoIterator<Item = String>) {
        let values = values.into_iter().map(|v| v.to_lowercase()).collect();
        self.0.push((key.to_lowercase(), values));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn matches(&self, rows: &SearchRows) -> bool {
        self.0.iter().all(|(key, values)| match rows.0.get(key) {
            None => false,
            Some(found) if values.is_empty() => !found.is_empty(),
            Some(found) => found
                .iter()
                .any(|v| v.as_ref().is_some_and(|v| values.contains(v))),
        })
    }
}

impl EntityFilter {
    /// Parses repeated `--filter` values; no filters match everything.
    pub fn parse<S: AsRef<str>>(filters: &[S]) -> Result<EntityFilter, FilterError> {
        let alternatives = filters
            .iter()
            .map(|f| Conjunction::parse(f.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EntityFilter {
            alternatives: alternatives.into_iter().filter(|c| !c.is_empty()).collect(),
        })
    }

    /// Adds conditions every alternative must also meet (the `--kind` style flags).
    pub fn and(mut self, extra: &Conjunction) -> EntityFilter {
        if extra.is_empty() {
            return self;
        }
        if self.alternatives.is_empty() {
            self.alternatives.push(extra.clone());
        } else {
            for alternative in &mut self.alternatives {
                alternative.0.extend(extra.0.iter().cloned());
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// The filter as Backstage filter strings, for a server to apply; `None`
    /// when Backstage's syntax cannot say it (a key constrained twice in one
    /// alternative, or a value holding a comma).
    pub fn to_backstage(&self) -> Option<Vec<String>> {
        let mut filters = Vec::new();
        for alternative in &self.alternatives {
            let mut statements = Vec::new();
            let mut keys = std::collections::HashSet::new();
            for (key, values) in &alternative.0 {
                if !keys.insert(key) {
                    return None;
                }
                if values.is_empty() {
                    statements.push(key.clone());
                }
                for value in values {
                    if value.contains(',') {
                        return None;
                    }
                    statements.push(format!("{key}={value}"));
                }
            }
            filters.push(statements.join(","));
        }
        Some(filters)
    }

    pub fn matches(&self, entity: &Entity) -> bool {
        if self.alternatives.is_empty() {
            return true;
        }
        let rows = SearchRows::of(entity);
        self.alternatives.iter().any(|c| c.matches(&rows))
    }
}

/// The key/value rows Backstage's search table holds for an entity.
#[derive(Debug, Default)]
pub struct SearchRows(BTreeMap<String, Vec<Option<String>>>);

impl SearchRows {
    pub fn of(entity: &Entity) -> SearchRows {
        let mut rows = SearchRows::default();
        rows.visit("", &entity.json);
        let metadata = &entity.json["metadata"];
        rows.push("metadata.name", Some(&metadata["name"]));
        rows.push("metadata.namespace", Some(&metadata["namespace"]));
        rows.push("metadata.uid", metadata.get("uid"));
        for relation in &entity.relations {
            rows.push(
                &format!("relations.{}", relation.kind),
                Some(&Value::String(relation.target_ref.to_string())),
            );
        }
        rows
    }

    fn visit(&mut self, path: &str, value: &Value) {
        const SPECIAL: [&str; 7] = [
            "attachments",
            "relations",
            "status",
            "metadata.name",
            "metadata.namespace",
            "metadata.uid",
            "metadata.etag",
        ];
        if SPECIAL.contains(&path) {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.visit(path, item);
                    if let Value::String(s) = item {
                        self.push(&format!("{path}.{s}"), Some(&Value::Bool(true)));
                    }
                }
            }
            Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.visit(&child_path, child);
                }
            }
            scalar => self.push(path, Some(scalar)),
        }
    }

    fn push(&mut self, key: &str, value: Option<&Value>) {
        let key = key.to_lowercase();
        if key.len() > MAX_KEY_LENGTH {
            return;
        }
        let value = match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.to_lowercase()),
            Some(other) => Some(other.to_string().to_lowercase()),
        }
        .filter(|v| v.chars().count() <= MAX_VALUE_LENGTH);
        self.0.entry(key).or_default().push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::entity::Source;
    use crate::catalog::entity_ref::EntityRef;
    use crate::catalog::relations::Relation;
    use serde_json::json;

    fn entity() -> Entity {
        Entity {
            json: json!({
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "Component",
                "metadata": {"name": "Payments", "namespace": "default", "tags": ["Go", "payments"],
                             "annotations": {"backstage.io/techdocs-ref": "dir:."}},
                "spec": {"type": "service", "lifecycle": "production", "owner": "payments",
                         "ports": [{"port": 8080}]}
            }),
            reference: EntityRef::new("Component", "default", "Payments"),
            key: "component:default/payments".into(),
            source: Source {
                file: "x".into(),
                line: 1,
                column: 1,
                document: 0,
            },
            emitted: Vec::new(),
            relations: vec![Relation {
                kind: "ownedBy",
                target_ref: "group:default/payments".into(),
            }],
            lifecycle: Some("production".into()),
            provenance: crate::catalog::Provenance::File,
        }
    }

    fn matches(filters: &[&str]) -> bool {
        EntityFilter::parse(filters).unwrap().matches(&entity())
    }

    #[test]
    fn key_value_case_insensitive() {
        assert!(matches(&["kind=component"]));
        assert!(matches(&["KIND=Component"]));
        assert!(!matches(&["kind=api"]));
        assert!(matches(&["metadata.name=payments"]));
    }

    #[test]
    fn comma_is_and_repetition_is_or() {
        assert!(matches(&["kind=component,spec.type=service"]));
        assert!(!matches(&["kind=component,spec.type=website"]));
        assert!(matches(&["kind=api", "spec.type=service"]));
    }

    #[test]
    fn same_key_twice_in_one_filter_is_any_of() {
        assert!(matches(&["kind=api,kind=component"]));
    }

    #[test]
    fn arrays_are_searched_and_strings_in_them_are_keys() {
        assert!(matches(&["metadata.tags=go"]));
        assert!(matches(&["metadata.tags.payments"]));
        assert!(matches(&["spec.ports.port=8080"]));
    }

    #[test]
    fn existence_and_annotation_keys_with_dots() {
        assert!(matches(&["metadata.annotations.backstage.io/techdocs-ref"]));
        assert!(!matches(&["metadata.annotations.github.com/project-slug"]));
    }

    #[test]
    fn relations_are_searchable() {
        assert!(matches(&["relations.ownedby=group:default/payments"]));
        assert!(!matches(&["relations.ownedby=group:default/other"]));
    }

    #[test]
    fn filters_translate_to_backstage_query_strings() {
        let f = EntityFilter::parse(&[
            "kind=component,spec.type=service",
            "kind=api,kind=resource",
            "metadata.annotations.x",
        ])
        .unwrap();
        assert_eq!(
            f.to_backstage().unwrap(),
            [
                "kind=component,spec.type=service",
                "kind=api,kind=resource",
                "metadata.annotations.x"
            ]
        );
        let mut extra = Conjunction::default();
        extra.require("kind", ["api".to_string()]);
        let both = EntityFilter::parse(&["kind=component"])
            .unwrap()
            .and(&extra);
        assert_eq!(
            both.to_backstage(),
            None,
            "two conditions on one key are an AND Backstage cannot say"
        );
    }

    #[test]
    fn empty_keys_are_errors() {
        assert!(EntityFilter::parse(&["=x"]).is_err());
        assert!(EntityFilter::parse(&["kind=a, ,b"]).is_ok());
    }

    #[test]
    fn and_narrows_every_alternative() {
        let mut extra = Conjunction::default();
        extra.require("kind", ["api".to_string()]);
        let f = EntityFilter::parse(&["spec.type=service"])
            .unwrap()
            .and(&extra);
        assert!(!f.matches(&entity()));
        let mut extra = Conjunction::default();
        extra.require("kind", ["component".to_string()]);
        let f = EntityFilter::parse(&["spec.type=service"])
            .unwrap()
            .and(&extra);
        assert!(f.matches(&entity()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn condition() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "kind=component",
                "kind=api",
                "spec.type=service",
                "spec.type=website",
                "metadata.name=payments",
                "metadata.name=other",
                "metadata.tags=go",
                "metadata.tags=rust",
                "spec.lifecycle",
                "spec.system",
                "spec.owner=payments",
                "relations.ownedby=group:default/payments",
                "relations.ownedby=group:default/x",
            ])
            .prop_map(str::to_string)
        }

        proptest! {
            /// Conditions joined by commas are AND; filters given separately are OR.
            #[test]
            fn commas_are_and_and_separate_filters_are_or(a in condition(), b in condition()) {
                let e = entity();
                let one = |f: &str| EntityFilter::parse(&[f]).unwrap().matches(&e);
                let both = EntityFilter::parse(&[format!("{a},{b}")]).unwrap().matches(&e);
                let either = EntityFilter::parse(&[a.clone(), b.clone()]).unwrap().matches(&e);
                // Two values of one key in one filter are any-of (Backstage's rule).
                let same_key = a.split('=').next() == b.split('=').next() && a.contains('=') && b.contains('=');
                if same_key {
                    prop_assert_eq!(both, one(&a) || one(&b));
                } else {
                    prop_assert_eq!(both, one(&a) && one(&b));
                }
                prop_assert_eq!(either, one(&a) || one(&b));
                // Order does not matter.
                prop_assert_eq!(both, EntityFilter::parse(&[format!("{b},{a}")]).unwrap().matches(&e));
            }
        }
    }
}
