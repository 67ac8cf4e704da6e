//! An entity as plat holds it: the document in the form Backstage's API
//! returns it, its reference, where it was read, and its relations.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::entity_ref::EntityRef;
use super::relations::{EmittedRelation, Relation};

pub const ANNOTATION_LOCATION: &str = "backstage.io/managed-by-location";
pub const ANNOTATION_ORIGIN_LOCATION: &str = "backstage.io/managed-by-origin-location";

/// Where an entity (or a finding) was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as shown to users: relative to the working directory when
    /// inside it, else absolute (or a URL).
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
    /// Index of the document in the file.
    pub document: usize,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            // No position: an entity from a Backstage server.
            return f.write_str(&self.file);
        }
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How plat came to know an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Read from a catalog file (local or remote) and validated by plat.
    File,
    /// Returned by a Backstage server, which validated it and computed its
    /// relations.
    Backstage,
}

#[derive(Debug, Clone)]
pub struct Entity {
    /// The document with Backstage's defaults and location annotations.
    /// `Null` when the catalog was loaded without documents (validation
    /// needs only refs and relations).
    pub json: Value,
    pub reference: EntityRef,
    /// `reference.key()`, computed once.
    pub key: Arc<str>,
    pub source: Source,
    /// Relations this entity's spec makes, with positions.
    pub emitted: Vec<EmittedRelation>,
    /// All relations with this entity as source (its own and reverse ones),
    /// sorted; filled in when the catalog is assembled (a Backstage server's
    /// entities arrive with theirs).
    pub relations: Vec<Relation>,
    /// `spec.lifecycle`, kept whatever the detail (dependency checks use it).
    pub lifecycle: Option<Box<str>>,
    pub provenance: Provenance,
}

impl Entity {
    /// The lower-cased `kind:namespace/name` Backstage uses as the entity's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn spec_str(&self, field: &str) -> Option<&str> {
        self.json["spec"].get(field).and_then(Value::as_str)
    }

    pub fn metadata(&self) -> &Map<String, Value> {
        self.json["metadata"]
            .as_object()
            .expect("validated entities have metadata")
    }

    pub fn tags(&self) -> Vec<&str> {
        self.json["metadata"]["tags"]
            .as_array()
            .map(|tags| tags.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The owner's key: from the spec, or from the relations a Backstage
    /// server computed.
    pub fn owner(&self) -> Option<&str> {
        match self.relation_from("owner") {
            Some(r) => Some(&r.target_key),
            None => self
                .relations
                .iter()
                .find(|r| r.kind == super::relations::OWNED_BY)
                .map(|r| &*r.target_ref),
        }
    }

    /// The local file the entity was read from (its `file:` location
    /// annotation); None for entities from URLs or a Backstage server.
    pub fn local_file(&self) -> Option<std::path::PathBuf> {
        self.json["metadata"]["annotations"][ANNOTATION_LOCATION]
            .as_str()?
            .strip_prefix("file:")
            .map(std::path::PathBuf::from)
    }

    /// The first relation made by the spec field `field` (e.g. `owner`).
    pub fn relation_from(&self, field: &str) -> Option<&EmittedRelation> {
        self.emitted.iter().find(|r| r.field.field == field)
    }

    /// The entity as the catalog API returns it: the document plus relations.
    pub fn to_api_json(&self) -> Value {
        let mut json = self.json.clone();
        if let Value::Object(map) = &mut json {
            map.insert(
                "relations".into(),
                serde_json::to_value(&self.relations).expect("relations serialize"),
            );
        }
        json
    }
}

/// Adds the location annotations Backstage's AnnotateLocationEntityProcessor
/// adds (the entity's own win when both are set). `metadata` keeps the order
/// it was written in: what the catalog adds goes after it, the location
/// annotations at the end of `annotations` (a new `annotations` at the end
/// of `metadata`), a defaulted namespace right after `name`. Backstage's API
/// returns `namespace` and `annotations` first, an artefact of its merges;
/// plat shows the entity as its author wrote it (README, `catalog get`).
pub fn annotate_location(
    json: &mut Value,
    location: &str,
    origin: &str,
    defaulted_namespace: bool,
) {
    let Some(metadata) = json.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    if defaulted_namespace && let Some(namespace) = metadata.shift_remove("namespace") {
        let after_name = metadata
            .keys()
            .position(|k| k == "name")
            .map_or(0, |i| i + 1);
        metadata.shift_insert(after_name, "namespace".into(), namespace);
    }
    let annotations = metadata
        .entry("annotations")
        .or_insert_with(|| Value::Object(Map::new()));
    if !annotations.is_object() {
        *annotations = Value::Object(Map::new());
    }
    if let Value::Object(annotations) = annotations {
        for (key, value) in [
            (ANNOTATION_LOCATION, location),
            (ANNOTATION_ORIGIN_LOCATION, origin),
        ] {
            annotations
                .entry(key)
                .or_insert_with(|| Value::String(value.into()));
        }
    }
}

/// The spec fields whose lists Backstage's BuiltinKindsEntityProcessor
/// sorts before anything else reads the entity: they make relations, and
/// relations have no order.
const SORTED_FIELDS: [&str; 7] = [
    "providesApis",
    "consumesApis",
    "dependsOn",
    "dependencyOf",
    "memberOf",
    "children",
    "members",
];

/// Sorts those lists as Backstage does (a list of strings only, by UTF-16
/// code units, JavaScript's default sort), whatever the kind, so that an
/// entity shows the values Backstage's API returns.
pub fn sort_relation_fields(json: &mut Value) {
    let Some(spec) = json.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    for field in SORTED_FIELDS {
        if let Some(Value::Array(items)) = spec.get_mut(field)
            && items.iter().all(Value::is_string)
        {
            items.sort_by(|a, b| {
                let (a, b) = (a.as_str().unwrap_or(""), b.as_str().unwrap_or(""));
                a.encode_utf16().cmp(b.encode_utf16())
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn relation_lists_are_sorted_as_backstage_sorts_them() {
        let mut e = json!({"spec": {
            "dependsOn": ["resource:b", "component:a", "Resource:c"],
            "children": ["z", "\u{1F600}", "\u{FF21}"],
            "consumesApis": ["b", {"not": "a string"}, "a"],
            "tags": ["b", "a"],
        }});
        sort_relation_fields(&mut e);
        assert_eq!(
            e["spec"]["dependsOn"],
            json!(["Resource:c", "component:a", "resource:b"])
        );
        // UTF-16 order: a surrogate pair (U+1F600) sorts before U+FF21.
        assert_eq!(e["spec"]["children"], json!(["z", "\u{1F600}", "\u{FF21}"]));
        assert_eq!(
            e["spec"]["consumesApis"],
            json!(["b", {"not": "a string"}, "a"])
        );
        assert_eq!(e["spec"]["tags"], json!(["b", "a"]));
    }

    #[test]
    fn metadata_keeps_the_written_order_with_additions_after_it() {
        let mut e = json!({"metadata": {"name": "x", "title": "X", "annotations": {"a": "1", ANNOTATION_LOCATION: "url:https://own"}, "tags": ["t"], "namespace": "default"}});
        annotate_location(&mut e, "file:/c.yaml", "file:/root.yaml", true);
        let keys: Vec<&String> = e["metadata"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "namespace", "title", "annotations", "tags"]);
        let keys: Vec<&String> = e["metadata"]["annotations"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["a", ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION]);
        assert_eq!(
            e["metadata"]["annotations"][ANNOTATION_LOCATION],
            "url:https://own"
        );
        assert_eq!(
            e["metadata"]["annotations"][ANNOTATION_ORIGIN_LOCATION],
            "file:/root.yaml"
        );

        // Without annotations, they are added at the end.
        let mut e = json!({"metadata": {"name": "x", "namespace": "ns", "title": "X"}});
        annotate_location(&mut e, "file:/c.yaml", "file:/root.yaml", false);
        let keys: Vec<&String> = e["metadata"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "namespace", "title", "annotations"]);
    }
}
