//! plat's checks beyond Backstage: references to entities that are not in
//! the loaded catalog, and references whose kind no validator knows.
//! Backstage accepts both and shows a broken link later.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::entity::Entity;
use super::finding::{Finding, Rule};
use super::relations::EmittedRelation;
use super::validate::known_kind_named;

/// Kinds people write that mean a Backstage kind.
fn synonym_kind(kind: &str) -> Option<&'static str> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "team" | "squad" | "org" | "organization" | "organisation" | "department" | "tribe"
        | "guild" => "group",
        "person" | "people" | "member" | "employee" => "user",
        "service" | "app" | "application" | "website" | "library" | "lib" | "microservice" => {
            "component"
        }
        "database" | "db" | "queue" | "topic" | "bucket" | "infra" | "infrastructure"
        | "cluster" => "resource",
        "product" | "platform" => "system",
        _ => return None,
    })
}

/// Findings for every reference that points nowhere. `index` maps entity
/// keys to entities.
pub fn check(entities: &[Entity], index: &FxHashMap<Arc<str>, usize>) -> Vec<Finding> {
    let missing: Vec<(&Entity, &EmittedRelation)> = entities
        .par_iter()
        .flat_map_iter(|entity| {
            entity
                .emitted
                .iter()
                .filter(|relation| !index.contains_key(&relation.target_key))
                .map(move |relation| (entity, relation))
        })
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let by_name = Names::of(entities, &missing);
    missing
        .par_iter()
        .map(|(entity, relation)| finding(entity, relation, &by_name))
        .collect()
}

/// The name part of a key (`kind:namespace/name`, lower-cased): neither
/// kind nor namespace holds a `/`.
fn name_of_key(key: &str) -> &str {
    key.split_once('/').map_or(key, |(_, name)| name)
}

/// For "did you mean" hints: the keys of the entities named like a
/// missing target, by lower-cased name.
struct Names<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Names<'a> {
    fn of(entities: &'a [Entity], missing: &[(&Entity, &EmittedRelation)]) -> Self {
        let wanted: FxHashSet<&str> = missing
            .iter()
            .map(|(_, relation)| name_of_key(&relation.target_key))
            .collect();
        let mut names: Vec<(&str, &str)> = entities
            .par_iter()
            .map(|entity| (name_of_key(entity.key()), entity.key()))
            .filter(|(name, _)| wanted.contains(name))
            .collect();
        names.par_sort_unstable();
        Names(names)
    }

    /// Keys of the entities named `name` (lower-cased), in key order.
    fn keys<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        let start = self.0.partition_point(|(n, _)| *n < name);
        self.0[start..]
            .iter()
            .take_while(move |(n, _)| *n == name)
            .map(|(_, key)| *key)
    }
}

fn finding(entity: &Entity, relation: &EmittedRelation, by_name: &Names<'_>) -> Finding {
    let target = relation.target();
    let field = relation.path().to_string();
    let base = |rule: Rule, message: String| Finding {
        document: Some(entity.source.document),
        entity: Some(entity.key().to_string()),
        ..Finding::new(rule, entity.source.file.to_string(), relation.pos, message)
    };
    if known_kind_named(&target.kind).is_none() {
        let suggestion = relation
            .field
            .default_kind
            .map(|k| k.to_ascii_lowercase())
            .or_else(|| synonym_kind(&target.kind).map(str::to_string));
        let mut finding = base(
            Rule::ReferenceKind,
            format!(
                "{field} refers to kind `{}` (`{}`), which is not a kind Backstage knows",
                target.kind, relation.target_key
            ),
        );
        if let Some(kind) = suggestion {
            let mut suggested = format!("{kind}:");
            if !target
                .namespace
                .eq_ignore_ascii_case(&entity.reference.namespace)
            {
                suggested.push_str(&target.namespace);
                suggested.push('/');
            }
            suggested.push_str(&target.name);
            finding = finding.with_hint(format!("did you mean `{suggested}`?"));
        }
        return finding;
    }
    // Suggest an entity of the same name only where it could be meant: the
    // same kind elsewhere, or any kind where the field takes any kind.
    let kind_prefix = format!("{}:", target.kind.to_lowercase());
    let candidate = by_name
        .keys(name_of_key(&relation.target_key))
        .find(|k| relation.field.default_kind.is_none() || k.starts_with(&kind_prefix));
    let hint = match candidate {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None => {
            let mut name = target.name.clone();
            if !target
                .namespace
                .eq_ignore_ascii_case(super::entity_ref::DEFAULT_NAMESPACE)
            {
                name = format!("{}/{name}", target.namespace);
            }
            format!(
                "add {} `{name}` to the catalog, or fix the reference",
                article(&target.kind)
            )
        }
    };
    base(
        Rule::MissingReference,
        format!(
            "{field} refers to `{}`, which is not in the catalog",
            relation.target_key
        ),
    )
    .with_hint(hint)
}

fn article(kind: &str) -> String {
    let canonical = known_kind_named(kind).map_or(kind, |k| k.kind);
    // "an API", but "a User".
    let an = canonical.starts_with(['A', 'E', 'I', 'O']);
    format!("{} {canonical}", if an { "an" } else { "a" })
}
