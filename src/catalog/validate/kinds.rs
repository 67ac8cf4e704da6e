//! The kinds Backstage validates, and how a document is matched to one: by
//! exact `kind` and one of the kind's `apiVersion`s, as each validator's
//! enum does. No match means no validator, which Backstage rejects.

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

use super::{FieldPath, Issue};
use crate::catalog::finding::Rule;

const BACKSTAGE_VERSIONS: &[&str] = &["backstage.io/v1alpha1", "backstage.io/v1beta1"];

/// A kind Backstage knows, with its schema and relation defaults.
pub struct KnownKind {
    pub kind: &'static str,
    pub api_versions: &'static [&'static str],
    schema_source: &'static str,
    validator: OnceLock<Validator>,
}

impl KnownKind {
    const fn new(
        kind: &'static str,
        api_versions: &'static [&'static str],
        schema_source: &'static str,
    ) -> KnownKind {
        KnownKind {
            kind,
            api_versions,
            schema_source,
            validator: OnceLock::new(),
        }
    }

    pub(super) fn validator(&self) -> &Validator {
        self.validator
            .get_or_init(|| super::schema::compile_kind(self.schema_source))
    }
}

impl std::fmt::Debug for KnownKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind)
    }
}

impl PartialEq for KnownKind {
    fn eq(&self, other: &KnownKind) -> bool {
        self.kind == other.kind
    }
}

pub static KNOWN_KINDS: [KnownKind; 9] = [
    KnownKind::new("API", BACKSTAGE_VERSIONS, include_str!("schemas/api.json")),
    KnownKind::new(
        "Component",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/component.json"),
    ),
    KnownKind::new(
        "Domain",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/domain.json"),
    ),
    KnownKind::new(
        "Group",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/group.json"),
    ),
    KnownKind::new(
        "Location",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/location.json"),
    ),
    KnownKind::new(
        "Resource",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/resource.json"),
    ),
    KnownKind::new(
        "System",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/system.json"),
    ),
    KnownKind::new(
        "User",
        BACKSTAGE_VERSIONS,
        include_str!("schemas/user.json"),
    ),
    KnownKind::new(
        "Template",
        &["scaffolder.backstage.io/v1beta3"],
        include_str!("schemas/template.json"),
    ),
];

/// The known kind with this name, compared case-insensitively (for
/// references, where Backstage lower-cases kinds).
pub fn known_kind_named(name: &str) -> Option<&'static KnownKind> {
    KNOWN_KINDS
        .iter()
        .find(|k| k.kind.eq_ignore_ascii_case(name))
}

/// Finds the validator that claims the document, or records why none does.
pub(super) fn select(entity: &Value, issues: &mut Vec<Issue>) -> Option<&'static KnownKind> {
    let (Some(api_version), Some(kind)) = (entity["apiVersion"].as_str(), entity["kind"].as_str())
    else {
        // Field formats already reported these.
        return None;
    };
    if let Some(known) = KNOWN_KINDS
        .iter()
        .find(|k| k.kind == kind && k.api_versions.contains(&api_version))
    {
        return Some(known);
    }
    let hint = match known_kind_named(kind) {
        Some(known) if known.kind != kind => {
            format!("kinds are case-sensitive: write `{}`", known.kind)
        }
        Some(known) => format!(
            "{} needs apiVersion {}",
            known.kind,
            known.api_versions.join(" or ")
        ),
        None if matches!(
            kind.to_ascii_lowercase().as_str(),
            "service" | "website" | "library" | "app" | "application"
        ) =>
        {
            format!(
                "use `kind: Component` with `spec.type: {}`",
                kind.to_ascii_lowercase()
            )
        }
        None => format!(
            "Backstage knows the kinds {}",
            KNOWN_KINDS
                .iter()
                .map(|k| k.kind)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    issues.push(
        Issue::new(
            Rule::UnknownKind,
            FieldPath::root().key("kind"),
            format!("no Backstage validator accepts kind `{kind}` with apiVersion `{api_version}`"),
        )
        .with_hint(hint),
    );
    None
}
