//! `plat catalog get <ref>`: one entity, with its relations and where it was
//! written.

use clap::{Args, ValueEnum};

use super::super::Context;
use crate::error::{Exit, Result};
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
}

pub fn run(args: GetArgs, ctx: &Context) -> Result<Exit> {
    let catalog = super::load(ctx, &[], true)?;
    let entity = catalog.lookup(&args.reference)?;
    let text = match args.output {
        GetFormat::Yaml => format!(
            "# source: {}\n{}",
            entity.source,
            output::to_yaml(&entity.to_api_json())
        ),
        GetFormat::Json => output::to_json(&entity.to_api_json()),
    };
    write_stdout(&text)?;
    Ok(Exit::Success)
}
