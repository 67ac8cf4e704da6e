//! Impact: everything that depends on an entity, directly or not,
//! summarised by kind, owner and lifecycle, each with its path to it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use super::{DEPENDENTS, forward_of};
use crate::catalog::Catalog;

/// One dependent and how it reaches the entity.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dependent {
    #[serde(rename = "ref")]
    pub key: Arc<str>,
    pub kind: String,
    pub owner: Option<String>,
    pub lifecycle: Option<String>,
    /// From the dependent to the entity: refs, with the relation between
    /// each pair (`path[i] -relations[i]-> path[i + 1]`).
    pub path: Vec<Arc<str>>,
    pub relations: Vec<&'static str>,
}

/// The reverse closure of an entity, summarised.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Impact {
    #[serde(rename = "ref")]
    pub key: Arc<str>,
    pub by_kind: BTreeMap<String, usize>,
    pub by_owner: BTreeMap<String, usize>,
    pub by_lifecycle: BTreeMap<String, usize>,
    /// Production dependents first, then by ref.
    pub dependents: Vec<Dependent>,
}

/// Breadth first, so each dependent's path is a shortest one.
pub fn impact(catalog: &Catalog, root: &Arc<str>) -> Impact {
    let mut parent: HashMap<Arc<str>, (Arc<str>, &'static str)> = HashMap::new();
    let mut order: Vec<Arc<str>> = Vec::new();
    let mut queue = VecDeque::from([root.clone()]);
    while let Some(key) = queue.pop_front() {
        let Some(entity) = catalog.get(&key) else {
            continue;
        };
        for relation in entity
            .relations
            .iter()
            .filter(|r| DEPENDENTS.contains(&r.kind))
        {
            let target = &relation.target_ref;
            if target == root || parent.contains_key(target) {
                continue;
            }
            parent.insert(target.clone(), (key.clone(), relation.kind));
            order.push(target.clone());
            queue.push_back(target.clone());
        }
    }
    let mut dependents: Vec<Dependent> = order
        .iter()
        .map(|key| {
            // Walk back to the root, reading each step the other way.
            let (mut path, mut relations) = (vec![key.clone()], Vec::new());
            let mut at = key.clone();
            while let Some((previous, kind)) = parent.get(&at) {
                relations.push(forward_of(kind));
                path.push(previous.clone());
                at = previous.clone();
            }
            let entity = catalog.get(key);
            Dependent {
                key: key.clone(),
                kind: key.split(':').next().unwrap_or_default().to_string(),
                owner: entity.and_then(|e| e.owner()).map(str::to_string),
                lifecycle: entity
                    .and_then(|e| e.lifecycle.as_deref())
                    .map(str::to_string),
                path,
                relations,
            }
        })
        .collect();
    dependents.sort_by(|a, b| {
        let production = |d: &Dependent| d.lifecycle.as_deref() != Some("production");
        (production(a), &a.key).cmp(&(production(b), &b.key))
    });
    let mut by_kind = BTreeMap::new();
    let mut by_owner = BTreeMap::new();
    let mut by_lifecycle = BTreeMap::new();
    for d in &dependents {
        *by_kind.entry(d.kind.clone()).or_default() += 1;
        *by_owner
            .entry(d.owner.clone().unwrap_or_else(|| "(none)".into()))
            .or_default() += 1;
        *by_lifecycle
            .entry(d.lifecycle.clone().unwrap_or_else(|| "(none)".into()))
            .or_default() += 1;
    }
    Impact {
        key: root.clone(),
        by_kind,
        by_owner,
        by_lifecycle,
        dependents,
    }
}
