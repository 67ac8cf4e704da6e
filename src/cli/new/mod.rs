//! `plat new [TEMPLATE]`: run a software template, named or given by its
//! path or git URL. Values come from
//! prompts (on a terminal), `--set` and `--values`. By default the project
//! is published (repository, catalog, PagerDuty) after a preflight;
//! `--output DIR` writes it locally with a first commit; `--dry-run` shows
//! what would happen; `--resume DIR` continues a run that failed halfway.

pub(crate) mod find;
mod local;
mod publish;
mod show;
pub(crate) mod values;

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{Map, Value as Json};

use super::Context;
use super::source::{self, SourceArgs};
use crate::error::{Error, Exit, Result};
use crate::output::{Label, paint};
use crate::scaffold::git;
use crate::scaffold::publish::{Author, Publishers};
use crate::scaffold::record::Record;
use crate::scaffold::run::{Mode, Run, RunReport, Status, StepReport};
use crate::scaffold::state::State;

pub use local::prepare_output;
pub use values::read_values;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    /// Messages for people
    #[default]
    Human,
    /// The run (steps, links, text) or the template list as JSON
    Json,
}

#[derive(Debug, Default, Args)]
pub struct NewArgs {
    /// The template to run: a name (see --list), a template.yaml or its directory, or a git URL (URL#ref, GitHub tree URLs); without it, a terminal offers a pick list
    #[arg(value_name = "TEMPLATE", conflicts_with = "resume")]
    pub template: Option<String>,
    /// List the templates plat can run
    #[arg(long)]
    pub list: bool,
    /// A parameter value, typed by the template's schema (repeatable; a.b=1 for nested)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Parameter values from a YAML or JSON file
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,
    /// A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)
    #[arg(long = "secret", value_name = "KEY=VALUE")]
    pub secrets: Vec<String>,
    /// Write the project here instead of publishing: workspace steps run, the rest are listed as skipped
    #[arg(long = "output", value_name = "DIR", conflicts_with = "resume")]
    pub output_dir: Option<PathBuf>,
    /// Write into a non-empty --output directory (existing files are replaced)
    #[arg(long)]
    pub force: bool,
    /// Show each step with its input, what it would send, and the files it would make; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Continue a run that failed after publishing steps, from the failed step
    #[arg(long, value_name = "DIR")]
    pub resume: Option<PathBuf>,
    /// Commit author, "Name <email>" [default: git config]
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
    /// Output format
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT", default_value_t = NewFormat::Human)]
    pub format: NewFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: NewArgs, ctx: &Context) -> Result<Exit> {
    let catalog = source::load_documents(ctx, &args.source)?;
    if args.list {
        let (available, _) = find::discover(ctx, catalog, args.source.refresh)?;
        return find::list(&available, args.format, ctx);
    }
    let author = git::signature(args.author.as_deref()).map_err(|reason| Error::InvalidFlag {
        flag: "--author",
        value: args.author.clone().unwrap_or_default(),
        reason,
        hint: Some("write it as --author \"Ada Lovelace <ada@example.com>\"".into()),
    })?;
    let resume = match &args.resume {
        Some(dir) => {
            let dir = ctx.start_dir.join(dir);
            let state = State::load(&dir).map_err(|message| Error::Usage {
                message,
                hint: Some("pass the directory a failed `plat new` printed".into()),
            })?;
            Some((dir, state))
        }
        None => None,
    };
    let config = ctx.config()?;
    let integrations = source::integrations(config, ctx)?;
    let wanted = match &resume {
        Some((_, state)) => find::Wanted::Resumed {
            name: &state.template,
            source: state.source.as_ref(),
        },
        None => find::Wanted::Argument(args.template.as_deref()),
    };
    let chosen = find::find(ctx, catalog, wanted, args.source.refresh, &integrations)?;
    let template = &chosen.available.template;
    find::check_template(template)?;

    let start: Map<String, Json> = resume
        .as_ref()
        .and_then(|(_, state)| state.parameters.as_object().cloned())
        .unwrap_or_default();
    let values = values::collect(
        template,
        start,
        args.values.as_deref(),
        &args.set,
        catalog,
        ctx,
    )?;
    let secrets = values::secrets(&args.secrets)?;
    let mut masked: Vec<String> = secrets
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    masked.extend(values::secret_values(template, &values));
    masked.extend(integrations.secrets());
    let kept = values::without_secrets(template, &values);
    let record = Record::new(
        template,
        &chosen.available.origin,
        chosen.asked.as_ref(),
        chosen.source.as_ref(),
        crate::http::default_cache_dir().as_deref(),
        kept.clone(),
    );

    let client =
        crate::http::Client::new(source::http_options(config, &args.source)?).map_err(|e| {
            Error::Step {
                message: e.to_string(),
            }
        })?;
    let publishers = Publishers {
        integrations: &integrations,
        client: &client,
        config_file: config
            .path
            .clone()
            .unwrap_or_else(|| ctx.start_dir.join("plat.yaml")),
        author: Author {
            name: author.name().unwrap_or("plat").to_string(),
            email: author.email().unwrap_or("plat@localhost").to_string(),
        },
        created: Default::default(),
        environments: config.config.environments.clone(),
        cluster_options: crate::preview::ClusterOptions::default(),
        cluster: Default::default(),
    };
    let mut run = Run {
        template,
        parameters: Json::Object(values.clone()),
        secrets,
        user: values::user(catalog),
        masked,
        mode: Mode::Local,
        resumed: resume
            .as_ref()
            .map(|(_, state)| state.done.clone())
            .unwrap_or_default(),
        record: Some(record.to_yaml()),
    };

    if args.dry_run {
        run.mode = Mode::Plan(&publishers);
        let workspace = scratch(resume.as_ref().map(|(dir, _)| dir.as_path()))?;
        let report = execute(&run, workspace.path(), ctx)?;
        return show::show_plan(&run, &report, workspace.path(), args.format, ctx);
    }
    if let Some(dir) = &args.output_dir {
        let workspace = scratch(None)?;
        let report = execute(&run, workspace.path(), ctx)?;
        let dir = ctx.start_dir.join(dir);
        let commit =
            local::write_output(workspace.path(), &dir, args.force, &author, &template.name)?;
        return show::show_result(&report, &dir, commit.as_deref(), args.format, ctx);
    }
    publish::publish(
        &mut run,
        &publishers,
        Json::Object(kept),
        chosen.source.clone(),
        resume.map(|(dir, _)| dir),
        args.format,
        ctx,
    )
}

/// A temporary workspace (removed on Ctrl-C too); for a resumed run, a
/// copy of the kept one.
fn scratch(resume: Option<&std::path::Path>) -> Result<crate::interrupt::TempDir> {
    let workspace = crate::interrupt::TempDir::new("plat-workspace-").map_err(Error::Output)?;
    if let Some(dir) = resume {
        crate::files::copy_dir(&crate::scaffold::state::workspace(dir), workspace.path())
            .map_err(Error::Output)?;
    }
    Ok(workspace)
}

/// Runs the steps in `workspace`, each one reported as it ends (`-v`).
fn execute(run: &Run<'_>, workspace: &std::path::Path, ctx: &Context) -> Result<RunReport> {
    let terminal = ctx.terminal;
    let on_step = |step: &StepReport| {
        let mark = match step.status {
            Status::Done => paint(terminal.stderr_color, Label::Note.style(), "done"),
            Status::Skipped => "skipped (if)".to_string(),
            Status::NotRun => "not run (publishing)".to_string(),
        };
        terminal.verbose(&format!("step {} ({}): {mark}", step.name, step.action));
    };
    run.execute(workspace, &on_step)
        .map_err(|error| Error::Step {
            message: error.to_string(),
        })
}
