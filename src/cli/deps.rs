//! `plat deps`: what an entity depends on, who depends on it, what breaks
//! if it fails, and `--check` for the whole catalog.

use std::collections::HashSet;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::Context;
use super::findings::{self, FindingsFormat};
use super::source::{self, SourceArgs};
use crate::catalog::entity_ref::EntityRef;
use crate::catalog::{Catalog, Detail};
use crate::deps::{self, Impact, Mark, Traversal};
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, paint, write_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DepsFormat {
    /// An indented tree with owner and lifecycle (the default)
    Tree,
    /// Nodes and edges with relation types
    Json,
    /// A Graphviz digraph
    Dot,
    /// A Mermaid flowchart
    Mermaid,
}

#[derive(Debug, Args)]
pub struct DepsArgs {
    /// The entity ([kind:][namespace/]name); with --check, the entities to check [default: all]
    #[arg(value_name = "REF")]
    pub refs: Vec<String>,
    /// Show dependents (who is hit if this entity fails) instead of dependencies
    #[arg(long, conflicts_with = "check")]
    pub reverse: bool,
    /// Summarise everything that depends on the entity: counts by kind, owner and lifecycle, and each path
    #[arg(long, conflicts_with_all = ["check", "reverse", "relations", "depth"])]
    pub impact: bool,
    /// Follow these relation types instead (comma-separated, e.g. partOf,hasPart)
    #[arg(
        long,
        value_name = "TYPES",
        value_delimiter = ',',
        conflicts_with = "check"
    )]
    pub relations: Vec<String>,
    /// Stop this many levels below the entity
    #[arg(long, value_name = "N", conflicts_with = "check")]
    pub depth: Option<usize>,
    /// Output format for the graph
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = DepsFormat::Tree, conflicts_with = "check")]
    pub output: DepsFormat,
    /// Check the catalog: dangling references, cycles, production depending on deprecated or experimental
    #[arg(long)]
    pub check: bool,
    /// Output format for --check findings
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FindingsFormat::Human, requires = "check")]
    pub format: FindingsFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: DepsArgs, ctx: &Context) -> Result<Exit> {
    if !args.check && args.refs.len() != 1 {
        return Err(Error::InvalidFlag {
            flag: "REF",
            value: args.refs.join(" "),
            reason: "name exactly one entity".into(),
            hint: Some(
                "e.g. `plat deps payments-service`, or `plat deps --check` for the whole catalog"
                    .into(),
            ),
        });
    }
    let relations = relation_types(&args)?;
    let started = std::time::Instant::now();
    let catalog = source::load(
        ctx,
        source::LoadOptions {
            source: &args.source,
            paths: &[],
            detail: Detail::Relations,
            server_filters: Vec::new(),
        },
    )?;
    ctx.terminal.verbose(&format!(
        "loaded {} entities in {:.0?}",
        catalog.entities().len(),
        started.elapsed()
    ));
    let _ = source::fetch_failures(catalog, ctx);
    let started = std::time::Instant::now();
    let exit = if args.check {
        check(catalog, &args, ctx)?
    } else {
        let root: Arc<str> = catalog.lookup(&args.refs[0])?.key.clone();
        if args.impact {
            let impact = deps::impact(catalog, &root);
            match args.output {
                DepsFormat::Json => output::write_json(&impact)?,
                _ => write_stdout(&render_impact(catalog, &impact, ctx.terminal.stdout_color))?,
            }
        } else {
            let traversal = deps::walk(catalog, &root, &relations, args.depth);
            let text = match args.output {
                DepsFormat::Tree => render_tree(catalog, &traversal, ctx.terminal.stdout_color),
                DepsFormat::Json => {
                    output::write_json(&graph_json(catalog, &traversal, &relations, args.reverse))?;
                    String::new()
                }
                DepsFormat::Dot => render_dot(catalog, &traversal),
                DepsFormat::Mermaid => render_mermaid(catalog, &traversal),
            };
            write_stdout(&text)?;
        }
        Exit::Success
    };
    ctx.terminal
        .verbose(&format!("computed in {:.0?}", started.elapsed()));
    Ok(exit)
}

/// The relations to follow: `--relations`, else dependencies or dependents.
fn relation_types(args: &DepsArgs) -> Result<Vec<&'static str>> {
    if args.relations.is_empty() {
        return Ok(if args.reverse {
            deps::DEPENDENTS
        } else {
            deps::DEPENDENCIES
        }
        .to_vec());
    }
    let known: Vec<&'static str> = crate::catalog::relations::RELATION_FIELDS
        .iter()
        .flat_map(|f| [f.forward, f.reverse])
        .collect();
    args.relations
        .iter()
        .map(|name| {
            known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(name))
                .copied()
                .ok_or_else(|| {
                    let mut names = known.clone();
                    names.sort_unstable();
                    names.dedup();
                    Error::InvalidFlag {
                        flag: "--relations",
                        value: name.clone(),
                        reason: "not a relation type".into(),
                        hint: Some(format!("relation types: {}", names.join(", "))),
                    }
                })
        })
        .collect()
}

fn check(catalog: &Catalog, args: &DepsArgs, ctx: &Context) -> Result<Exit> {
    let only: Option<HashSet<Arc<str>>> = if args.refs.is_empty() {
        None
    } else {
        Some(
            args.refs
                .iter()
                .map(|r| catalog.lookup(r).map(|e| e.key.clone()))
                .collect::<Result<_, _>>()?,
        )
    };
    let found = deps::check(catalog, only.as_ref());
    match args.format {
        FindingsFormat::Json => output::write_json(&json!({
            "summary": {"entities": catalog.entities().len(), "errors": found.len()},
            "findings": found,
        }))?,
        FindingsFormat::Github => write_stdout(&findings::github(&found, "plat deps --check"))?,
        FindingsFormat::Human => {
            write_stdout(&findings::human(&found, ctx.terminal.stdout_color))?;
            let checked = match &only {
                Some(set) => format!("{} of {} entities", set.len(), catalog.entities().len()),
                None => format!("{} entities", catalog.entities().len()),
            };
            if found.is_empty() {
                ctx.terminal
                    .note(Label::Note, &format!("no dependency problems ({checked})"));
            } else {
                let problems = if found.len() == 1 {
                    "problem"
                } else {
                    "problems"
                };
                ctx.terminal.note(
                    Label::Error,
                    &format!("{} dependency {problems} ({checked})", found.len()),
                );
            }
        }
    }
    Ok(if found.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    })
}

/// `component:payments-service`: the kind always, the namespace only when
/// it is not `default`.
fn short(key: &str) -> String {
    match EntityRef::parse(key, None, "default") {
        Ok(r) => r.humanize(None),
        Err(_) => key.to_string(),
    }
}

fn owner_and_lifecycle(catalog: &Catalog, key: &str, color: bool) -> String {
    let Some(entity) = catalog.get(key) else {
        return String::new();
    };
    let owner = entity
        .owner()
        .and_then(|o| EntityRef::parse(o, None, "default").ok())
        .map(|r| r.humanize(Some("Group")))
        .unwrap_or_else(|| "-".into());
    let lifecycle = entity.lifecycle.as_deref().unwrap_or("-");
    format!(" [{owner}, {}]", paint_lifecycle(lifecycle, color))
}

fn paint_lifecycle(lifecycle: &str, color: bool) -> String {
    use anstyle::AnsiColor;
    let style = match lifecycle {
        "production" => AnsiColor::Green.on_default(),
        "experimental" => AnsiColor::Yellow.on_default(),
        "deprecated" => AnsiColor::Red.on_default(),
        _ => return lifecycle.to_string(),
    };
    paint(color, style, lifecycle)
}

fn mark_text(mark: Mark) -> &'static str {
    match mark {
        Mark::None => "",
        Mark::Seen => " (*)",
        Mark::Cycle => " (cycle)",
        Mark::Missing => " (missing)",
    }
}

fn render_tree(catalog: &Catalog, traversal: &Traversal, color: bool) -> String {
    let mut out = String::new();
    let root = &traversal.nodes[0];
    out.push_str(&format!(
        "{}{}{}\n",
        short(&root.key),
        owner_and_lifecycle(catalog, &root.key, color),
        mark_text(root.mark)
    ));
    // (node, prefix for its children)
    let mut stack: Vec<(usize, String, bool)> = root
        .children
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &c)| (c, String::new(), i + 1 == root.children.len()))
        .collect();
    while let Some((index, prefix, last)) = stack.pop() {
        let node = &traversal.nodes[index];
        let branch = if last { "└── " } else { "├── " };
        out.push_str(&format!(
            "{prefix}{branch}{} {}{}{}\n",
            node.via.unwrap_or_default(),
            short(&node.key),
            owner_and_lifecycle(catalog, &node.key, color),
            mark_text(node.mark)
        ));
        let child_prefix = format!("{prefix}{}", if last { "    " } else { "│   " });
        for (i, &child) in node.children.iter().enumerate().rev() {
            stack.push((child, child_prefix.clone(), i + 1 == node.children.len()));
        }
    }
    out
}

/// `-o json`: nodes and edges, streamed (a hub's closure can be large).
#[derive(serde::Serialize)]
struct GraphJson<'a> {
    root: &'a str,
    direction: &'static str,
    relations: &'a [&'static str],
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson<'a>>,
}

#[derive(serde::Serialize)]
struct NodeJson<'a> {
    #[serde(rename = "ref")]
    key: &'a str,
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
    owner: Option<&'a str>,
    lifecycle: Option<&'a str>,
    missing: bool,
}

#[derive(serde::Serialize)]
struct EdgeJson<'a> {
    from: &'a str,
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    cycle: bool,
}

fn graph_json<'a>(
    catalog: &'a Catalog,
    traversal: &'a Traversal,
    relations: &'a [&'static str],
    reverse: bool,
) -> GraphJson<'a> {
    let nodes = traversal
        .reached()
        .into_iter()
        .map(|key| {
            // Keys are `kind:namespace/name`, lower-cased.
            let (kind, rest) = key.split_once(':').unwrap_or(("", key));
            let (namespace, name) = rest.split_once('/').unwrap_or(("default", rest));
            let entity = catalog.get(key);
            NodeJson {
                key,
                kind,
                namespace,
                name,
                owner: entity.and_then(|e| e.owner()),
                lifecycle: entity.and_then(|e| e.lifecycle.as_deref()),
                missing: entity.is_none(),
            }
        })
        .collect();
    let edges = traversal
        .edges()
        .map(|(from, to)| EdgeJson {
            from: &from.key,
            to: &to.key,
            kind: to.via.unwrap_or_default(),
            cycle: to.mark == Mark::Cycle,
        })
        .collect();
    GraphJson {
        root: &traversal.nodes[0].key,
        direction: if reverse {
            "dependents"
        } else {
            "dependencies"
        },
        relations,
        nodes,
        edges,
    }
}

fn node_label(catalog: &Catalog, key: &str) -> String {
    let lifecycle = catalog.get(key).and_then(|e| e.lifecycle.as_deref());
    match (catalog.get(key), lifecycle) {
        (None, _) => format!("{}\nmissing", short(key)),
        (Some(_), Some(lifecycle)) => format!("{}\n{lifecycle}", short(key)),
        (Some(_), None) => short(key),
    }
}

/// A Graphviz digraph of everything walked.
fn render_dot(catalog: &Catalog, traversal: &Traversal) -> String {
    fn quote(text: &str) -> String {
        format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    }
    let mut out = String::from(
        "digraph deps {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n",
    );
    for key in traversal.reached() {
        let style = if catalog.get(key).is_none() {
            ", style=\"rounded,dashed\""
        } else if *key == traversal.nodes[0].key {
            ", penwidth=2"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} [label={}{style}];\n",
            quote(key),
            quote(&node_label(catalog, key))
        ));
    }
    for (from, to) in traversal.edges() {
        let kind = to.via.unwrap_or_default();
        out.push_str(&format!(
            "  {} -> {} [label={}];\n",
            quote(&from.key),
            quote(&to.key),
            quote(kind)
        ));
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart of everything walked (ids n0, n1...: refs hold
/// characters Mermaid ids may not).
fn render_mermaid(catalog: &Catalog, traversal: &Traversal) -> String {
    let reached = traversal.reached();
    let ids: std::collections::HashMap<&str, usize> = reached
        .iter()
        .enumerate()
        .map(|(i, k)| (&***k, i))
        .collect();
    let id = |key: &Arc<str>| format!("n{}", ids[&**key]);
    let label = |key: &str| {
        node_label(catalog, key)
            .replace('"', "#quot;")
            .replace('\n', "<br/>")
    };
    let mut out = String::from("flowchart LR\n");
    for key in &reached {
        out.push_str(&format!("  {}[\"{}\"]\n", id(key), label(key)));
    }
    for (from, to) in traversal.edges() {
        out.push_str(&format!(
            "  {} -->|{}| {}\n",
            id(&from.key),
            to.via.unwrap_or_default(),
            id(&to.key)
        ));
    }
    for key in &reached {
        if catalog.get(key).is_none() {
            out.push_str(&format!("  style {} stroke-dasharray: 5 5\n", id(key)));
        }
    }
    out
}

fn render_impact(catalog: &Catalog, impact: &Impact, color: bool) -> String {
    let mut out = format!(
        "{}{}: {} {}\n",
        short(&impact.key),
        owner_and_lifecycle(catalog, &impact.key, color),
        impact.dependents.len(),
        if impact.dependents.len() == 1 {
            "dependent"
        } else {
            "dependents"
        }
    );
    let counts = |map: &std::collections::BTreeMap<String, usize>| {
        let mut pairs: Vec<(&String, &usize)> = map.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        pairs
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if impact.dependents.is_empty() {
        return out;
    }
    let owners: std::collections::BTreeMap<String, usize> = impact
        .by_owner
        .iter()
        .map(|(owner, n)| {
            (
                EntityRef::parse(owner, None, "default")
                    .map_or(owner.clone(), |r| r.humanize(Some("Group"))),
                *n,
            )
        })
        .collect();
    out.push_str(&format!("  by kind:      {}\n", counts(&impact.by_kind)));
    out.push_str(&format!("  by owner:     {}\n", counts(&owners)));
    out.push_str(&format!(
        "  by lifecycle: {}\n\n",
        counts(&impact.by_lifecycle)
    ));
    for dependent in &impact.dependents {
        out.push_str(&format!(
            "{}{}\n",
            short(&dependent.key),
            owner_and_lifecycle(catalog, &dependent.key, color)
        ));
        let mut path = short(&dependent.path[0]);
        for (step, kind) in dependent.path[1..].iter().zip(&dependent.relations) {
            path.push_str(&format!(" -{kind}-> {}", short(step)));
        }
        out.push_str(&format!("    {path}\n"));
    }
    out
}
