//! The software catalog: Backstage entities read from catalog files,
//! validated exactly as Backstage validates them, with their relations.
//!
//! Nothing here prints or prompts: loading returns a [`Catalog`] holding the
//! entities Backstage would ingest and a finding for everything else.

pub mod backstage_api;
pub mod discover;
pub mod entity;
pub mod entity_ref;
pub mod filter;
pub mod finding;
pub mod loader;
pub mod location;
pub mod placeholder;
pub mod references;
pub mod relations;
pub mod remote;
pub mod skeleton;
pub mod source;
pub mod validate;
pub mod yaml;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use entity::{Entity, Provenance};
use entity_ref::{EntityRef, PartialRef, RefError};
pub use filter::EntityFilter;
pub use finding::{Finding, Rule, Severity};
pub use loader::{Detail, LoadRequest, Progress, load};
use relations::Relation;

/// Backstage's verdict on one document, as plat computes it: does the
/// document pass Backstage's validators? (The same question the reference
/// tool answers, so `scripts/parity` can compare them.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVerdict {
    pub file: Arc<str>,
    pub document: usize,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub entity: Option<Arc<str>>,
    pub ok: bool,
}

/// A loaded catalog.
#[derive(Debug)]
pub struct Catalog {
    pub root: PathBuf,
    /// Entities Backstage would ingest, sorted by ref.
    entities: Vec<Entity>,
    index: FxHashMap<Arc<str>, usize>,
    /// Every finding, sorted by file and position.
    pub findings: Vec<Finding>,
    /// Every non-empty document read.
    pub documents: Vec<DocumentVerdict>,
    pub files_read: usize,
    /// Where remote files came from (fresh in the cache, revalidated,
    /// fetched), when any were read.
    pub http: Option<crate::http::Tally>,
}

/// Why `catalog get` found no single entity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    InvalidRef(#[from] RefError),
    #[error("no entity `{reference}` in the catalog")]
    NotFound {
        reference: String,
        similar: Vec<String>,
    },
    #[error("`{reference}` matches {} entities", candidates.len())]
    Ambiguous {
        reference: String,
        candidates: Vec<String>,
    },
}

impl Catalog {
    /// Puts loaded entities together: drops duplicates (the first definition
    /// wins, as in Backstage), computes relations in both directions, and
    /// checks references.
    pub fn assemble(
        root: PathBuf,
        mut loaded: Vec<Entity>,
        mut findings: Vec<Finding>,
        documents: Vec<DocumentVerdict>,
        files_read: usize,
        with_relations: bool,
    ) -> Catalog {
        sort_by_key_keeping_load_order(&mut loaded, |e| &e.key);
        // Equal keys are now adjacent, the first definition of each first.
        loaded.dedup_by(|entity, original| {
            if entity.key != original.key {
                return false;
            }
            findings.push(Finding {
                document: Some(entity.source.document),
                entity: Some(entity.key.to_string()),
                ..Finding::new(
                    Rule::DuplicateEntity,
                    entity.source.file.to_string(),
                    finding_pos(entity),
                    format!(
                        "`{}` is already defined at {}; this definition is ignored",
                        entity.key, original.source
                    ),
                )
                .with_hint(
                    "entity refs compare case-insensitively: rename one of them or remove the copy",
                )
            });
            true
        });
        let mut entities = loaded;
        let index: FxHashMap<Arc<str>, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();

        if with_relations {
            compute_relations(&mut entities, &index);
        }
        findings.extend(references::check(&entities, &index));
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Catalog {
            root,
            entities,
            index,
            findings,
            documents,
            files_read,
            http: None,
        }
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn get(&self, key: &str) -> Option<&Entity> {
        self.index.get(key).map(|&i| &self.entities[i])
    }

    /// Entities matching `filter`, in ref order.
    pub fn list(&self, filter: &EntityFilter) -> Vec<&Entity> {
        self.entities.iter().filter(|e| filter.matches(e)).collect()
    }

    /// Finds one entity by `[kind:][namespace/]name`. Without a kind, the
    /// name must be unique across kinds.
    pub fn lookup(&self, reference: &str) -> Result<&Entity, LookupError> {
        let partial = PartialRef::parse(reference)?;
        let namespace = partial.namespace.unwrap_or(entity_ref::DEFAULT_NAMESPACE);
        if let Some(kind) = partial.kind {
            let key = EntityRef::new(kind, namespace, partial.name).key();
            return self
                .get(&key)
                .ok_or_else(|| self.not_found(reference, partial.name));
        }
        let candidates: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| {
                e.reference.name.eq_ignore_ascii_case(partial.name)
                    && e.reference.namespace.eq_ignore_ascii_case(namespace)
            })
            .collect();
        match candidates.as_slice() {
            [one] => Ok(one),
            [] => Err(self.not_found(reference, partial.name)),
            many => Err(LookupError::Ambiguous {
                reference: reference.to_string(),
                candidates: many.iter().map(|e| e.key().to_string()).collect(),
            }),
        }
    }

    fn not_found(&self, reference: &str, name: &str) -> LookupError {
        let needle = name.to_lowercase();
        let mut similar: Vec<String> = self
            .entities
            .iter()
            .filter(|e| {
                let n = e.reference.name.to_lowercase();
                n.contains(&needle) || needle.contains(&n) || edit_distance(&n, &needle) <= 2
            })
            .map(|e| e.key().to_string())
            .take(5)
            .collect();
        similar.sort();
        LookupError::NotFound {
            reference: reference.to_string(),
            similar,
        }
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    /// Documents that were not ingested (invalid, or with processing errors).
    pub fn rejected_documents(&self) -> usize {
        self.documents
            .len()
            .saturating_sub(self.entities.len() + self.duplicates())
    }

    fn duplicates(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.rule == Rule::DuplicateEntity)
            .count()
    }
}

/// Sorts items (entities) by key, equal keys in load order. The order is
/// worked out on (key, position) pairs and then applied with at most one
/// swap per item: entities are large, and sorting them directly (or into a
/// new vector) copies megabytes on big catalogs.
fn sort_by_key_keeping_load_order<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let mut order: Vec<(&str, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, e)| (key(e), i as u32))
        .collect();
    order.par_sort_unstable();
    let mut order: Vec<usize> = order.into_iter().map(|(_, i)| i as usize).collect();
    // Position `i` takes the item at `order[i]`: follow each cycle of
    // the permutation, marking positions done as they are filled.
    for start in 0..order.len() {
        let mut current = start;
        while order[current] != current {
            let source = order[current];
            order[current] = current;
            if source == start {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

/// Relations in both directions: each entity's own, plus the reverse ones
/// that others' specs give it, sorted as the catalog API returns them.
fn compute_relations(entities: &mut [Entity], index: &FxHashMap<Arc<str>, usize>) {
    let mut reverse: Vec<Vec<Relation>> = vec![Vec::new(); entities.len()];
    for entity in entities.iter() {
        // A Backstage server's entities come with their relations; the
        // reverse ones they give local entities are added here.
        let own: Vec<(&'static str, &Arc<str>)> = match entity.provenance {
            Provenance::File => entity
                .emitted
                .iter()
                .map(|e| (e.field.forward, &e.target_key))
                .collect(),
            Provenance::Backstage => entity
                .relations
                .iter()
                .map(|r| (r.kind, &r.target_ref))
                .collect(),
        };
        for (kind, target_key) in own {
            let Some(&target) = index.get(target_key) else {
                continue;
            };
            if entities[target].provenance == Provenance::Backstage
                && entity.provenance == Provenance::Backstage
            {
                // The server already gave both sides.
                continue;
            }
            if let Some(reverse_kind) = relations::reverse_of(kind) {
                reverse[target].push(Relation {
                    kind: reverse_kind,
                    target_ref: entity.key.clone(),
                });
            }
        }
    }
    for (entity, mut relations) in entities.iter_mut().zip(reverse) {
        relations.extend(entity.emitted.iter().map(|e| Relation {
            kind: e.field.forward,
            target_ref: e.target_key.clone(),
        }));
        relations.append(&mut entity.relations);
        relations.sort_unstable();
        relations.dedup();
        entity.relations = relations;
    }
}

fn finding_pos(entity: &Entity) -> yaml::Pos {
    yaml::Pos {
        line: entity.source.line,
        column: entity.source.column,
    }
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("payments", "payments"), 0);
        assert_eq!(edit_distance("payment", "payments"), 1);
        assert_eq!(edit_distance("paymnets", "payments"), 2);
    }

    #[test]
    fn sorting_by_key_keeps_load_order_among_equal_keys() {
        // Keys with many repeats, in a scrambled order; the number is the
        // load position.
        let keys = ["c", "a", "b", "a", "c", "c", "b", "d", "a", "b", "e", "a"];
        let mut items: Vec<(String, usize)> = (0..keys.len() * 20)
            .map(|i| {
                (
                    keys[(i * 7) % keys.len()].to_string() + &(i % 5).to_string(),
                    i,
                )
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        sort_by_key_keeping_load_order(&mut items, |item| &item.0);
        assert_eq!(items, expected);
    }
}
