//! `plat catalog get <ref>`: one entity, with its relations and where it was
//! written.

use clap::{Args, ValueEnum};

use super::super::Context;
use super::super::source;
use super::glance;
use crate::catalog::Detail;
use crate::catalog::entity_ref::{DEFAULT_NAMESPACE, PartialRef};
use crate::error::{Error, Exit, Result};
use crate::output::{self, write_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GetFormat {
    /// YAML, with the source file and line as a comment
    Yaml,
    /// JSON, as Backstage's catalog API returns the entity
    Json,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// The entity: [kind:][namespace/]name (kind may be left out when the name is unique)
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Output format
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = GetFormat::Yaml)]
    pub output: GetFormat,
    /// Show the at-a-glance block (last deployment, pods ready, last CI run, docs) also when stdout is not a terminal [default: on a terminal]
    #[arg(long, conflicts_with = "no_glance")]
    pub glance: bool,
    /// Leave the at-a-glance block out (no cluster or GitHub is asked)
    #[arg(long)]
    pub no_glance: bool,
    #[command(flatten)]
    pub source: source::SourceArgs,
}

pub fn run(args: GetArgs, ctx: &Context) -> Result<Exit> {
    // A Backstage server is asked for this name only.
    let server_filters = match PartialRef::parse(&args.reference) {
        Ok(partial) if !partial.name.contains(',') => {
            let mut filter = format!(
                "metadata.name={},metadata.namespace={}",
                partial.name,
                partial.namespace.unwrap_or(DEFAULT_NAMESPACE)
            );
            if let Some(kind) = partial.kind {
                filter.push_str(&format!(",kind={kind}"));
            }
            vec![filter]
        }
        _ => Vec::new(),
    };
    let catalog = source::load(
        ctx,
        source::LoadOptions {
            source: &args.source,
            paths: &[],
            detail: Detail::Documents,
            server_filters,
        },
    )?;
    let _ = source::fetch_failures(catalog, ctx);
    let entity = catalog.lookup(&args.reference)?;
    if args.glance && args.output == GetFormat::Json {
        return Err(Error::InvalidFlag {
            flag: "--glance",
            value: "-o json".into(),
            reason: "the JSON is the entity as Backstage's API returns it".into(),
            hint: Some(
                "for scripts, `plat deployments`, `plat status` and `plat runs` take -o json"
                    .into(),
            ),
        });
    }
    let text = match args.output {
        GetFormat::Yaml => {
            let shown = args.glance || (!args.no_glance && ctx.terminal.stdout_is_terminal);
            let block = if shown {
                let spinner = output::Spinner::new(&ctx.terminal);
                spinner.message("at a glance: deployments, pods, CI runs");
                let lines = glance::gather(entity, catalog, ctx, &args.source);
                spinner.finish();
                glance::render(&lines)
            } else {
                String::new()
            };
            format!(
                "# source: {}\n{block}{}",
                entity.source,
                output::to_yaml(&entity.to_api_json())
            )
        }
        GetFormat::Json => output::to_json(&entity.to_api_json()),
    };
    write_stdout(&text)?;
    Ok(Exit::Success)
}
