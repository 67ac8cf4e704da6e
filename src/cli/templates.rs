//! `plat templates`: list the templates (`ls`, as `plat new --list`) and
//! render one skeleton directory with given values (`render`), the way a
//! template's fetch:template step does.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::Value as Json;

use super::Context;
use super::new::{self, NewArgs, NewFormat};
use super::source::SourceArgs;
use crate::error::{Error, Exit, Result};
use crate::output::write_stdout;
use crate::scaffold::render::{self, RenderOptions};

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates plat can run (same as `plat new --list`)
    #[command(visible_alias = "list")]
    Ls(LsArgs),
    /// Render a skeleton directory with values, as fetch:template does
    Render(RenderArgs),
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Output format
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT", default_value_t = NewFormat::Human)]
    pub format: NewFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The skeleton directory
    #[arg(value_name = "SKELETON")]
    pub skeleton: PathBuf,
    /// The values, as `${{ values.x }}` (YAML or JSON mapping)
    #[arg(long, value_name = "FILE")]
    pub values: PathBuf,
    /// Where to write; must not exist or be empty unless --force
    #[arg(long = "output", value_name = "DIR")]
    pub output_dir: PathBuf,
    /// Write into a non-empty directory, replacing files with the same name
    #[arg(long)]
    pub force: bool,
    /// `{{ cookiecutter.x }}` syntax instead of `${{ values.x }}`
    #[arg(long)]
    pub cookiecutter: bool,
    /// Copy matching files without rendering their contents (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub copy_without_templating: Vec<String>,
    /// Copy matching files and names without rendering anything (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub copy_without_render: Vec<String>,
    /// Render only files with this extension, which is removed (e.g. .njk)
    #[arg(long, value_name = "EXT")]
    pub template_extension: Option<String>,
}

pub fn run(command: TemplatesCommand, ctx: &Context) -> Result<Exit> {
    match command {
        TemplatesCommand::Ls(args) => new::run(
            NewArgs {
                list: true,
                format: args.format,
                source: args.source,
                ..NewArgs::default()
            },
            ctx,
        ),
        TemplatesCommand::Render(args) => render_skeleton(args, ctx),
    }
}

fn render_skeleton(args: RenderArgs, ctx: &Context) -> Result<Exit> {
    let skeleton = ctx.start_dir.join(&args.skeleton);
    if !skeleton.is_dir() {
        return Err(Error::InvalidFlag {
            flag: "SKELETON",
            value: args.skeleton.display().to_string(),
            reason: "is not a directory".into(),
            hint: Some("pass the template's skeleton directory".into()),
        });
    }
    let values = Json::Object(new::read_values(&ctx.start_dir.join(&args.values))?);
    let out = ctx.start_dir.join(&args.output_dir);
    new::prepare_output(&out, args.force)?;
    let glob_error = |flag: &'static str| {
        move |e: render::RenderError| Error::InvalidFlag {
            flag,
            value: String::new(),
            reason: e.to_string(),
            hint: Some("globs use minimatch syntax, e.g. **/*.png".into()),
        }
    };
    let options = RenderOptions {
        values: &values,
        cookiecutter: args.cookiecutter,
        copy_without_templating: render::globs(&args.copy_without_templating)
            .map_err(glob_error("--copy-without-templating"))?,
        copy_without_render: render::globs(&args.copy_without_render)
            .map_err(glob_error("--copy-without-render"))?,
        template_extension: args.template_extension,
        replace: args.force,
    };
    let written = render::render(&skeleton, &out, &options).map_err(|e| Error::Step {
        message: format!("cannot render {}: {e}", skeleton.display()),
    })?;
    let mut listing = String::new();
    for file in &written {
        listing.push_str(file);
        listing.push('\n');
    }
    write_stdout(&listing)?;
    ctx.terminal.note(
        crate::output::Label::Note,
        &format!("rendered {} files into {}", written.len(), out.display()),
    );
    Ok(Exit::Success)
}
