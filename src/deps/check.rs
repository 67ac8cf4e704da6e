//! `plat deps --check`: problems in the dependency graph, as findings.
//!
//! - references to entities that are not in the catalog (and references
//!   whose kind no validator knows);
//! - dependency cycles (through dependsOn, and through the APIs components
//!   consume and provide);
//! - production entities that depend on deprecated or experimental ones.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::DEPENDENCIES;
use crate::catalog::entity::Entity;
use crate::catalog::finding::{Finding, Rule, Severity};
use crate::catalog::relations::{API_PROVIDED_BY, CONSUMES_API, DEPENDS_ON};
use crate::catalog::yaml::Pos;
use crate::catalog::{Catalog, Provenance};

/// Findings over the whole catalog, or only about `only` (entity keys)
/// when given. Every finding is an error: a check fails on any.
pub fn check(catalog: &Catalog, only: Option<&HashSet<Arc<str>>>) -> Vec<Finding> {
    let concerns = |key: &str| only.is_none_or(|set| set.contains(key));
    let mut findings: Vec<Finding> = catalog
        .findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::MissingReference | Rule::ReferenceKind))
        .filter(|f| f.entity.as_deref().is_some_and(concerns))
        .cloned()
        .collect();
    findings.extend(cycles(catalog, &concerns));
    findings.extend(lifecycles(catalog, &concerns));
    for finding in &mut findings {
        finding.severity = Severity::Error;
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Where a relation of `entity` to `target` was written, when plat read it.
fn position(entity: &Entity, kind: &str, target: &str) -> (String, Pos) {
    let written = entity
        .emitted
        .iter()
        .find(|e| e.field.forward == kind && &*e.target_key == target)
        .map(|e| e.pos);
    let pos = written.unwrap_or(Pos {
        line: entity.source.line,
        column: entity.source.column,
    });
    (entity.source.file.to_string(), pos)
}

fn cycles(catalog: &Catalog, concerns: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut graph: DiGraph<Arc<str>, &'static str> = DiGraph::new();
    let mut nodes: HashMap<Arc<str>, NodeIndex> = HashMap::new();
    let mut node = |graph: &mut DiGraph<Arc<str>, &'static str>, key: &Arc<str>| {
        *nodes
            .entry(key.clone())
            .or_insert_with(|| graph.add_node(key.clone()))
    };
    for entity in catalog.entities() {
        let from = node(&mut graph, &entity.key);
        for relation in entity
            .relations
            .iter()
            .filter(|r| DEPENDENCIES.contains(&r.kind))
        {
            if catalog.get(&relation.target_ref).is_some() {
                let to = node(&mut graph, &relation.target_ref);
                graph.add_edge(from, to, relation.kind);
            }
        }
    }
    let mut findings = Vec::new();
    for component in tarjan_scc(&graph) {
        let looped = component.len() > 1 || graph.find_edge(component[0], component[0]).is_some();
        if !looped {
            continue;
        }
        let members: HashSet<NodeIndex> = component.iter().copied().collect();
        if !members.iter().any(|n| concerns(&graph[*n])) {
            continue;
        }
        // A cycle through the component, from its smallest ref.
        let start = *component
            .iter()
            .min_by_key(|n| graph[**n].clone())
            .expect("not empty");
        let cycle = cycle_from(&graph, start, &members);
        let names: Vec<&str> = cycle.iter().map(|(n, _)| &*graph[*n]).collect();
        let first = catalog
            .get(&graph[start])
            .expect("cycle members are entities");
        let (kind, next) = (cycle[0].1, &graph[cycle[1 % cycle.len()].0]);
        let (file, pos) = position(first, kind, next);
        let mut path = names.join(" -> ");
        path.push_str(" -> ");
        path.push_str(names[0]);
        findings.push(Finding {
            entity: Some(first.key.to_string()),
            document: Some(first.source.document),
            ..Finding::new(
                Rule::DependencyCycle,
                file,
                pos,
                format!("dependency cycle: {path}"),
            )
            .with_hint("break the cycle: one of these entities must stop depending on the next")
        });
    }
    findings
}

/// A path from `start` back to itself inside the strongly connected
/// component `members`, with the relation leaving each node.
fn cycle_from(
    graph: &DiGraph<Arc<str>, &'static str>,
    start: NodeIndex,
    members: &HashSet<NodeIndex>,
) -> Vec<(NodeIndex, &'static str)> {
    use petgraph::visit::EdgeRef;
    // Breadth first from start's successors back to start: the shortest cycle.
    let mut previous: HashMap<NodeIndex, (NodeIndex, &'static str)> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        let mut edges: Vec<_> = graph
            .edges(at)
            .filter(|e| members.contains(&e.target()))
            .collect();
        edges.sort_by_key(|e| graph[e.target()].clone());
        for edge in edges {
            let to = edge.target();
            if previous.contains_key(&to) {
                continue;
            }
            previous.insert(to, (at, *edge.weight()));
            if to == start {
                let mut cycle = Vec::new();
                let mut node = start;
                loop {
                    let (from, kind) = previous[&node];
                    cycle.push((from, kind));
                    node = from;
                    if node == start {
                        break;
                    }
                }
                cycle.reverse();
                return cycle;
            }
            queue.push_back(to);
        }
    }
    vec![(start, DEPENDS_ON)]
}

fn lifecycles(catalog: &Catalog, concerns: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entity in catalog.entities() {
        if entity.lifecycle.as_deref() != Some("production") || !concerns(&entity.key) {
            continue;
        }
        for relation in entity
            .relations
            .iter()
            .filter(|r| r.kind == DEPENDS_ON || r.kind == CONSUMES_API)
        {
            let Some(target) = catalog.get(&relation.target_ref) else {
                continue;
            };
            // Through an API to the components that provide it too, when
            // the API itself is not the problem.
            let mut needed = vec![(target, None)];
            let api_fine = !matches!(
                target.lifecycle.as_deref(),
                Some("deprecated" | "experimental")
            );
            if relation.kind == CONSUMES_API && api_fine {
                for provided in target
                    .relations
                    .iter()
                    .filter(|r| r.kind == API_PROVIDED_BY)
                {
                    if let Some(provider) = catalog.get(&provided.target_ref) {
                        needed.push((provider, Some(target)));
                    }
                }
            }
            for (dependency, via) in needed {
                let lifecycle = dependency.lifecycle.as_deref();
                if !matches!(lifecycle, Some("deprecated" | "experimental")) {
                    continue;
                }
                let (file, pos) = position(entity, relation.kind, &relation.target_ref);
                let through = via
                    .map(|api| format!(" (through {})", api.key))
                    .unwrap_or_default();
                let verb = if relation.kind == DEPENDS_ON {
                    "depends on"
                } else {
                    "consumes"
                };
                let message = match via {
                    Some(_) => format!(
                        "production {} consumes an API provided by {} {}{through}",
                        entity.key,
                        lifecycle.unwrap_or_default(),
                        dependency.key
                    ),
                    None => format!(
                        "production {} {verb} {} {}",
                        entity.key,
                        lifecycle.unwrap_or_default(),
                        dependency.key
                    ),
                };
                let hint = if lifecycle == Some("deprecated") {
                    "move off it: deprecated entities are on their way out"
                } else {
                    "production should not rely on experimental entities; promote it or depend on something else"
                };
                let written_here = entity.provenance == Provenance::File;
                findings.push(Finding {
                    entity: Some(entity.key.to_string()),
                    document: written_here.then_some(entity.source.document),
                    ..Finding::new(Rule::Lifecycle, file, pos, message).with_hint(hint)
                });
            }
        }
    }
    findings
}
