//! `plat catalog`: the software catalog's commands, and how they load it.

mod get;
mod ls;
mod validate;

use std::path::PathBuf;

use clap::Subcommand;

use super::Context;
use crate::catalog::{self, Catalog, LoadRequest};
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

/// Loads the catalog: the given paths (relative to the start directory), or
/// the configured locations, or the start directory tree. `keep_documents`
/// is for commands that print entities.
fn load(ctx: &Context, paths: &[PathBuf], keep_documents: bool) -> Result<Catalog> {
    let config = ctx.config()?;
    let (locations, base_dir) = if !paths.is_empty() {
        let written = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        (written, ctx.start_dir.clone())
    } else if !config.config.catalog.locations.is_empty() {
        (config.config.catalog.locations.clone(), config.dir.clone())
    } else {
        (vec![".".to_string()], config.dir.clone())
    };
    let request = LoadRequest {
        root: config.dir.clone(),
        display_base: ctx.start_dir.clone(),
        locations,
        base_dir,
        keep_documents,
    };
    let terminal = ctx.terminal;
    let catalog = catalog::load(&request, &|progress| {
        if progress.files_done == progress.files_known {
            terminal.verbose(&format!("read {} catalog files", progress.files_done));
        }
    });
    Ok(catalog)
}
