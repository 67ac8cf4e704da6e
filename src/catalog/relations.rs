//! Relations, computed as Backstage's BuiltinKindsEntityProcessor (and the
//! scaffolder's processor, for Templates) compute them: which spec fields
//! make which relation, the kind a bare name defaults to, and the reverse
//! relation the target gets.

use serde::Serialize;
use serde_json::Value;

use std::sync::Arc;

use super::entity_ref::{EntityRef, PartialRef, RefError};
use super::validate::FieldPath;
use super::yaml::{Document, PathSegment, Pos};

/// A spec field that makes a relation.
#[derive(Debug)]
pub struct RelationField {
    pub kind: &'static str,
    pub field: &'static str,
    /// The kind a reference without one gets; `None`: a kind must be written.
    pub default_kind: Option<&'static str>,
    pub forward: &'static str,
    pub reverse: &'static str,
}

const fn field(
    kind: &'static str,
    field: &'static str,
    default_kind: Option<&'static str>,
    forward: &'static str,
    reverse: &'static str,
) -> RelationField {
    RelationField {
        kind,
        field,
        default_kind,
        forward,
        reverse,
    }
}

pub const OWNED_BY: &str = "ownedBy";
pub const OWNER_OF: &str = "ownerOf";
pub const PART_OF: &str = "partOf";
pub const HAS_PART: &str = "hasPart";
pub const PROVIDES_API: &str = "providesApi";
pub const API_PROVIDED_BY: &str = "apiProvidedBy";
pub const CONSUMES_API: &str = "consumesApi";
pub const API_CONSUMED_BY: &str = "apiConsumedBy";
pub const DEPENDS_ON: &str = "dependsOn";
pub const DEPENDENCY_OF: &str = "dependencyOf";
pub const MEMBER_OF: &str = "memberOf";
pub const HAS_MEMBER: &str = "hasMember";
pub const PARENT_OF: &str = "parentOf";
pub const CHILD_OF: &str = "childOf";

const GROUP: Option<&str> = Some("Group");

/// Every relation-making field, in Backstage's order.
pub static RELATION_FIELDS: &[RelationField] = &[
    field("Component", "owner", GROUP, OWNED_BY, OWNER_OF),
    field(
        "Component",
        "subcomponentOf",
        Some("Component"),
        PART_OF,
        HAS_PART,
    ),
    field(
        "Component",
        "providesApis",
        Some("API"),
        PROVIDES_API,
        API_PROVIDED_BY,
    ),
    field(
        "Component",
        "consumesApis",
        Some("API"),
        CONSUMES_API,
        API_CONSUMED_BY,
    ),
    field("Component", "dependsOn", None, DEPENDS_ON, DEPENDENCY_OF),
    field("Component", "dependencyOf", None, DEPENDENCY_OF, DEPENDS_ON),
    field("Component", "system", Some("System"), PART_OF, HAS_PART),
    field("API", "owner", GROUP, OWNED_BY, OWNER_OF),
    field("API", "system", Some("System"), PART_OF, HAS_PART),
    field("Resource", "owner", GROUP, OWNED_BY, OWNER_OF),
    field("Resource", "dependsOn", None, DEPENDS_ON, DEPENDENCY_OF),
    field("Resource", "dependencyOf", None, DEPENDENCY_OF, DEPENDS_ON),
    field("Resource", "system", Some("System"), PART_OF, HAS_PART),
    field("User", "memberOf", GROUP, MEMBER_OF, HAS_MEMBER),
    field("Group", "parent", GROUP, CHILD_OF, PARENT_OF),
    field("Group", "children", GROUP, PARENT_OF, CHILD_OF),
    field("Group", "members", Some("User"), HAS_MEMBER, MEMBER_OF),
    field("System", "owner", GROUP, OWNED_BY, OWNER_OF),
    field("System", "domain", Some("Domain"), PART_OF, HAS_PART),
    field("Domain", "owner", GROUP, OWNED_BY, OWNER_OF),
    field("Domain", "subdomainOf", Some("Domain"), PART_OF, HAS_PART),
    field("Template", "owner", GROUP, OWNED_BY, OWNER_OF),
];

/// The other direction of a relation type (`ownedBy` for `ownerOf`).
pub fn reverse_of(kind: &str) -> Option<&'static str> {
    RELATION_FIELDS.iter().find_map(|f| {
        if f.forward == kind {
            Some(f.reverse)
        } else if f.reverse == kind {
            Some(f.forward)
        } else {
            None
        }
    })
}

/// A relation an entity's own spec makes, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmittedRelation {
    pub field: &'static RelationField,
    /// The item's index when the field is a list.
    pub index: Option<usize>,
    pub pos: Pos,
    /// The target's key (`kind:namespace/name`, lower-cased).
    pub target_key: Arc<str>,
}

impl EmittedRelation {
    /// The target as a reference (lower-cased, as Backstage stores it).
    pub fn target(&self) -> EntityRef {
        EntityRef::parse(&self.target_key, None, "").expect("keys are complete references")
    }

    /// The field it came from, e.g. `spec.dependsOn[1]`.
    pub fn path(&self) -> FieldPath {
        let path = FieldPath::root().key("spec").key(self.field.field);
        match self.index {
            Some(i) => path.index(i),
            None => path,
        }
    }
}

impl PartialEq for RelationField {
    fn eq(&self, other: &RelationField) -> bool {
        std::ptr::eq(self, other)
    }
}
impl Eq for RelationField {}

/// A reference Backstage cannot turn into a relation; it rejects the entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationError {
    pub path: FieldPath,
    pub pos: Pos,
    pub error: RefError,
}

/// One relation of an entity, as the catalog API returns it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Relation {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(rename = "targetRef")]
    pub target_ref: Arc<str>,
}

/// The relations `entity` makes from its spec, or the references that stop it.
pub fn emit(
    kind: &str,
    entity: &Value,
    namespace: &str,
    document: &Document,
) -> Result<Vec<EmittedRelation>, Vec<RelationError>> {
    let mut emitted = Vec::new();
    let mut errors = Vec::new();
    let spec = &entity["spec"];
    for field in RELATION_FIELDS.iter().filter(|f| f.kind == kind) {
        let targets: Vec<(Option<usize>, &Value)> = match spec.get(field.field) {
            // Backstage skips falsy values (`if (!targets) return`).
            None | Some(Value::Null) | Some(Value::Bool(false)) => continue,
            Some(Value::String(s)) if s.is_empty() => continue,
            Some(Value::Number(n)) if n.as_f64() == Some(0.0) => continue,
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), v))
                .collect(),
            Some(other) => vec![(None, other)],
        };
        for (index, target) in targets {
            let segments = [
                PathSegment::Key("spec"),
                PathSegment::Key(field.field),
                PathSegment::Index(index.unwrap_or_default()),
            ];
            let pos = document.locate(&segments[..if index.is_some() { 3 } else { 2 }]);
            match parse_target(target, field.default_kind, namespace) {
                Ok(target_key) => emitted.push(EmittedRelation {
                    field,
                    index,
                    pos,
                    target_key: target_key.into(),
                }),
                Err(error) => {
                    let path = FieldPath::root().key("spec").key(field.field);
                    let path = match index {
                        Some(i) => path.index(i),
                        None => path,
                    };
                    errors.push(RelationError { path, pos, error });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(emitted)
    } else {
        Err(errors)
    }
}

/// `parseEntityRef` accepts a string or a `{kind, namespace, name}` mapping.
/// The target's key. `parseEntityRef` accepts a string or a `{kind,
/// namespace, name}` mapping.
fn parse_target(
    target: &Value,
    default_kind: Option<&str>,
    namespace: &str,
) -> Result<String, RefError> {
    let partial = match target {
        Value::String(s) => PartialRef::parse(s)?,
        Value::Object(map) => {
            let part = |k: &str| map.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
            let name = part("name").ok_or_else(|| RefError::Malformed(target.to_string()))?;
            PartialRef {
                kind: part("kind"),
                namespace: part("namespace"),
                name,
            }
        }
        other => return Err(RefError::Malformed(other.to_string())),
    };
    let kind = partial
        .kind
        .or(default_kind)
        .ok_or_else(|| RefError::MissingKind(partial.to_string()))?;
    Ok(super::entity_ref::key_of(
        kind,
        partial.namespace.unwrap_or(namespace),
        partial.name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::yaml::{parse_document, split_documents};

    fn emitted(kind: &str, yaml: &str) -> Result<Vec<(String, String)>, Vec<String>> {
        let docs = split_documents(yaml);
        let document = parse_document(&docs[0]).unwrap().unwrap();
        emit(kind, &document.value, "ns", &document)
            .map(|rs| {
                rs.into_iter()
                    .map(|r| (r.field.forward.to_string(), r.target_key.to_string()))
                    .collect()
            })
            .map_err(|es| {
                es.into_iter()
                    .map(|e| format!("{} {}:{}", e.path, e.pos.line, e.pos.column))
                    .collect()
            })
    }

    #[test]
    fn component_relations_with_defaults() {
        let r = emitted(
            "Component",
            "spec:\n  owner: payments\n  system: billing\n  providesApis: [payments-api]\n  consumesApis: [other/ledger-api]\n  dependsOn: [resource:db]\n  subcomponentOf: core\n",
        )
        .unwrap();
        assert_eq!(
            r,
            [
                ("ownedBy".into(), "group:ns/payments".into()),
                ("partOf".into(), "component:ns/core".into()),
                ("providesApi".into(), "api:ns/payments-api".into()),
                ("consumesApi".into(), "api:other/ledger-api".into()),
                ("dependsOn".into(), "resource:ns/db".into()),
                ("partOf".into(), "system:ns/billing".into()),
            ]
        );
    }

    #[test]
    fn depends_on_needs_a_kind_and_the_error_has_a_position() {
        let e = emitted(
            "Component",
            "spec:\n  dependsOn:\n    - resource:db\n    - cache\n",
        )
        .unwrap_err();
        assert_eq!(e, ["spec.dependsOn[1] 4:7"]);
    }

    #[test]
    fn dependency_of_may_be_a_single_string() {
        let r = emitted("Resource", "spec:\n  dependencyOf: component:a\n").unwrap();
        assert_eq!(r, [("dependencyOf".into(), "component:ns/a".into())]);
    }

    #[test]
    fn group_and_user_relations() {
        let r = emitted(
            "Group",
            "spec:\n  parent: org\n  children: [a]\n  members: [jane]\n",
        )
        .unwrap();
        assert_eq!(
            r,
            [
                ("childOf".into(), "group:ns/org".into()),
                ("parentOf".into(), "group:ns/a".into()),
                ("hasMember".into(), "user:ns/jane".into()),
            ]
        );
        let r = emitted("User", "spec:\n  memberOf: [team-a]\n").unwrap();
        assert_eq!(r, [("memberOf".into(), "group:ns/team-a".into())]);
    }

    #[test]
    fn falsy_values_make_no_relation() {
        assert_eq!(
            emitted("Component", "spec:\n  owner: ''\n  dependsOn: []\n").unwrap(),
            []
        );
    }

    #[test]
    fn object_references_are_accepted() {
        let r = emitted(
            "Resource",
            "spec:\n  dependencyOf:\n    - {kind: component, name: a}\n",
        )
        .unwrap();
        assert_eq!(r, [("dependencyOf".into(), "component:ns/a".into())]);
    }
}
