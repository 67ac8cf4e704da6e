//! Walking relations from one entity into a tree, as `cargo tree` prints
//! one: depth first, each entity expanded once (later occurrences are
//! marked), cycles marked, references to entities not in the catalog
//! marked as missing.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::catalog::Catalog;

/// Why a node of the tree is not expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// Expanded here.
    None,
    /// Already expanded elsewhere in the tree (`(*)`).
    Seen,
    /// On the path from the root to here: a cycle.
    Cycle,
    /// Not in the catalog.
    Missing,
}

/// One node of the tree; `children` index into [`Traversal::nodes`].
#[derive(Debug, Clone)]
pub struct TreeNode {
    pub key: Arc<str>,
    /// The relation from the parent to this node.
    pub via: Option<&'static str>,
    pub depth: usize,
    pub mark: Mark,
    pub children: Vec<usize>,
}

/// The tree, with node 0 as the root.
#[derive(Debug, Clone)]
pub struct Traversal {
    pub nodes: Vec<TreeNode>,
}

impl Traversal {
    /// Every entity reached (each once), in the order first reached.
    pub fn reached(&self) -> Vec<&Arc<str>> {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        self.nodes
            .iter()
            .map(|n| &n.key)
            .filter(|k| seen.insert(k))
            .collect()
    }

    /// Every edge walked: (parent node, child node). Each entity is
    /// expanded once, so no edge appears twice.
    pub fn edges(&self) -> impl Iterator<Item = (&TreeNode, &TreeNode)> {
        self.nodes.iter().flat_map(move |node| {
            node.children
                .iter()
                .map(move |&child| (node, &self.nodes[child]))
        })
    }
}

/// Walks `follow` relations from `root` (an entity key), to `max_depth`
/// levels (all when `None`). Iterative, so that long chains cannot exhaust
/// the stack.
pub fn walk(
    catalog: &Catalog,
    root: &Arc<str>,
    follow: &[&str],
    max_depth: Option<usize>,
) -> Traversal {
    let mut nodes = vec![TreeNode {
        key: root.clone(),
        via: None,
        depth: 0,
        mark: Mark::None,
        children: Vec::new(),
    }];
    let mut expanded: FxHashSet<Arc<str>> = FxHashSet::default();
    // (node index, next relation to look at); the stack is the path.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut on_path: FxHashSet<Arc<str>> = FxHashSet::default();
    match catalog.get(root) {
        Some(_) => {
            expanded.insert(root.clone());
            stack.push((0, 0));
            on_path.insert(root.clone());
        }
        None => nodes[0].mark = Mark::Missing,
    }
    while let Some(&(node, next)) = stack.last() {
        let entity = catalog
            .get(&nodes[node].key)
            .expect("only catalog entities are expanded");
        let relations = &entity.relations;
        let Some(index) = (next..relations.len()).find(|&i| follow.contains(&relations[i].kind))
        else {
            stack.pop();
            on_path.remove(&nodes[node].key);
            continue;
        };
        stack.last_mut().expect("not empty").1 = index + 1;
        let depth = nodes[node].depth + 1;
        if max_depth.is_some_and(|max| depth > max) {
            continue;
        }
        let relation = &relations[index];
        let key = relation.target_ref.clone();
        let mark = if catalog.get(&key).is_none() {
            Mark::Missing
        } else if on_path.contains(&key) {
            Mark::Cycle
        } else if expanded.contains(&key) {
            Mark::Seen
        } else {
            Mark::None
        };
        let child = nodes.len();
        nodes.push(TreeNode {
            key: key.clone(),
            via: Some(relation.kind),
            depth,
            mark,
            children: Vec::new(),
        });
        nodes[node].children.push(child);
        if mark == Mark::None {
            expanded.insert(key.clone());
            stack.push((child, 0));
            on_path.insert(key);
        }
    }
    Traversal { nodes }
}
