//! `plat catalog ls`: entities as a table, JSON, YAML or refs, filtered with
//! Backstage's filter syntax and kubectl-style shortcuts.

use clap::{Args, ValueEnum};

use super::super::Context;
use super::super::source;
use crate::catalog::Detail;
use crate::catalog::entity_ref::EntityRef;
use crate::catalog::filter::{Conjunction, EntityFilter};
use crate::catalog::{Catalog, Entity};
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, write_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LsFormat {
    /// Aligned columns (the default on a terminal)
    Table,
    /// The table plus namespace, tags and source file
    Wide,
    /// Entities with relations, as Backstage's catalog API returns them
    Json,
    /// The same as YAML documents
    Yaml,
    /// One entity ref per line
    Name,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only these kinds (repeat or separate with commas)
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Only entities with this spec.type
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',')]
    pub entity_type: Vec<String>,
    /// Only entities owned by this owner (a group by default, e.g. payments or user:jane)
    #[arg(long, value_name = "REF", value_delimiter = ',')]
    pub owner: Vec<String>,
    /// Only entities in this system
    #[arg(long, value_name = "REF", value_delimiter = ',')]
    pub system: Vec<String>,
    /// Only entities with this spec.lifecycle
    #[arg(long, value_name = "LIFECYCLE", value_delimiter = ',')]
    pub lifecycle: Vec<String>,
    /// Only entities with this tag
    #[arg(long, value_name = "TAG", value_delimiter = ',')]
    pub tag: Vec<String>,
    /// Backstage filter: `key=value,key2` (comma = AND); repeat for OR
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<String>,
    /// Output format [default: table on a terminal, else tab-separated columns]
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<LsFormat>,
    #[command(flatten)]
    pub source: source::SourceArgs,
}

pub fn run(args: LsArgs, ctx: &Context) -> Result<Exit> {
    let filter = build_filter(&args)?;
    let catalog = source::load(
        ctx,
        source::LoadOptions {
            source: &args.source,
            paths: &[],
            detail: Detail::Documents,
            server_filters: filter.to_backstage().unwrap_or_default(),
        },
    )?;
    let entities = catalog.list(&filter);
    let text = match args.output {
        Some(LsFormat::Json) => {
            output::to_json(&entities.iter().map(|e| e.to_api_json()).collect::<Vec<_>>())
        }
        Some(LsFormat::Yaml) => yaml_documents(&entities),
        Some(LsFormat::Name) => entities.iter().map(|e| format!("{}\n", e.key())).collect(),
        Some(LsFormat::Wide) => table(&entities, true, false),
        Some(LsFormat::Table) => table(&entities, false, false),
        None => table(&entities, false, !ctx.terminal.stdout_is_terminal),
    };
    write_stdout(&text)?;
    note_rejected(catalog, ctx);
    Ok(source::fetch_failures(catalog, ctx))
}

/// One line on stderr when documents were left out, as the issue asks: the
/// listing is still a success.
pub(super) fn note_rejected(catalog: &Catalog, ctx: &Context) {
    let rejected = catalog.rejected_documents();
    if rejected > 0 {
        let documents = if rejected == 1 {
            "document"
        } else {
            "documents"
        };
        ctx.terminal.note(
            Label::Warning,
            &format!("{rejected} {documents} left out: they fail validation; run `plat catalog validate` to see why"),
        );
    }
}

fn build_filter(args: &LsArgs) -> Result<EntityFilter> {
    let filter = EntityFilter::parse(&args.filter).map_err(|e| Error::InvalidFlag {
        flag: "--filter",
        value: e.filter.clone(),
        reason: format!("`{}` is not a condition", e.statement),
        hint: Some("write key=value or key, e.g. --filter kind=component,spec.type=service".into()),
    })?;
    let mut extra = Conjunction::default();
    let refs = |flag: &'static str, values: &[String], default_kind: &str| -> Result<Vec<String>> {
        values
            .iter()
            .map(|v| {
                EntityRef::parse(v, Some(default_kind), "default")
                    .map(|r| r.key())
                    .map_err(|e| Error::InvalidFlag {
                        flag,
                        value: v.clone(),
                        reason: e.to_string(),
                        hint: Some("write [kind:][namespace/]name".into()),
                    })
            })
            .collect()
    };
    if !args.kind.is_empty() {
        extra.require("kind", args.kind.iter().cloned());
    }
    if !args.entity_type.is_empty() {
        extra.require("spec.type", args.entity_type.iter().cloned());
    }
    if !args.lifecycle.is_empty() {
        extra.require("spec.lifecycle", args.lifecycle.iter().cloned());
    }
    if !args.tag.is_empty() {
        extra.require("metadata.tags", args.tag.iter().cloned());
    }
    if !args.owner.is_empty() {
        extra.require("relations.ownedby", refs("--owner", &args.owner, "Group")?);
    }
    if !args.system.is_empty() {
        extra.require(
            "relations.partof",
            refs("--system", &args.system, "System")?,
        );
    }
    Ok(filter.and(&extra))
}

fn yaml_documents(entities: &[&Entity]) -> String {
    entities
        .iter()
        .map(|e| {
            format!(
                "---\n# source: {}\n{}",
                e.source,
                output::to_yaml(&e.to_api_json())
            )
        })
        .collect()
}

fn table(entities: &[&Entity], wide: bool, plain: bool) -> String {
    let empty = if plain { "" } else { "-" };
    let or_empty = |s: Option<String>| {
        s.filter(|s| !s.is_empty())
            .unwrap_or_else(|| empty.to_string())
    };
    let rows = entities
        .iter()
        .map(|e| {
            let mut row = vec![
                e.reference.name.clone(),
                e.reference.kind.clone(),
                or_empty(e.spec_str("type").map(str::to_string)),
                or_empty(
                    e.relation_from("owner")
                        .map(|r| r.target().humanize(Some("Group"))),
                ),
                or_empty(e.spec_str("lifecycle").map(str::to_string)),
                or_empty(
                    e.relation_from("system")
                        .map(|r| r.target().humanize(Some("System"))),
                ),
            ];
            if wide {
                row.push(e.reference.namespace.clone());
                row.push(or_empty(Some(e.tags().join(","))));
                row.push(format!("{}:{}", e.source.file, e.source.line));
            }
            row
        })
        .collect();
    let mut headers = vec!["name", "kind", "type", "owner", "lifecycle", "system"];
    if wide {
        headers.extend(["namespace", "tags", "source"]);
    }
    output::table(&headers, rows, plain)
}
