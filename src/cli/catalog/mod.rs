//! `plat catalog`: the software catalog's commands.

mod get;
mod glance;
mod ls;
mod validate;

use clap::Subcommand;

use super::Context;
use crate::error::{Exit, Result};

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List entities, with Backstage's filters
    #[command(visible_alias = "list")]
    Ls(ls::LsArgs),
    /// Show one entity with its relations
    Get(get::GetArgs),
    /// Check catalog files as Backstage would, and more (the CI linter)
    Validate(validate::ValidateArgs),
}

pub fn run(command: CatalogCommand, ctx: &Context) -> Result<Exit> {
    match command {
        CatalogCommand::Ls(args) => ls::run(args, ctx),
        CatalogCommand::Get(args) => get::run(args, ctx),
        CatalogCommand::Validate(args) => validate::run(args, ctx),
    }
}
