//! The command line: global flags, the command tree, and the context every
//! command runs in. One file per command, as cargo lays them out.

mod catalog;
mod completions;
mod deployments;
mod deps;
mod docs;
mod dora;
mod env;
mod findings;
mod man;
mod new;
mod prompt;
mod runs;
mod source;
mod status;
mod templates;
mod update;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand};

use crate::config;
use crate::error::{Error, Exit, Result};
use crate::output::{ColorWhen, Terminal};

#[derive(Debug, Parser)]
#[command(
    name = "plat",
    version,
    about = "The internal developer platform in one binary: Backstage catalogs, templates, previews and DORA metrics",
    long_about = None,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if plat was started in DIR
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,
    /// Use this config file instead of searching for plat.yaml
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Never prompt (also when stdin is not a terminal, or CI is set)
    #[arg(long, global = true)]
    pub no_input: bool,
    /// When to use colour (NO_COLOR always turns it off)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// Print only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what plat does
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, search and validate the software catalog
    #[command(subcommand)]
    Catalog(Box<catalog::CatalogCommand>),
    /// A service's recent deployments: who, the changes each shipped, lead time
    Deployments(Box<deployments::DeploymentsArgs>),
    /// Dependencies, dependents and impact of an entity; --check for the catalog
    Deps(Box<deps::DepsArgs>),
    /// Where an entity's TechDocs are; check, build or serve them
    Docs(Box<docs::DocsArgs>),
    /// DORA metrics of a service, an owner's services, or all, from git, records, GitHub and PagerDuty
    Dora(Box<dora::DoraArgs>),
    /// Preview environments on Kubernetes, one namespace per pull request
    #[command(subcommand)]
    Env(Box<env::EnvCommand>),
    /// Create a project from a software template (Backstage template.yaml)
    New(Box<new::NewArgs>),
    /// The CI runs (GitHub Actions) of an entity's repository; --run ID for one run's jobs
    Runs(Box<runs::RunsArgs>),
    /// What runs on Kubernetes for an entity, in every configured cluster (exit 0 healthy, 1 degraded, 2 error)
    Status(Box<status::StatusArgs>),
    /// List templates, or render a skeleton directory with values
    #[command(subcommand)]
    Templates(Box<templates::TemplatesCommand>),
    /// Bring a project made by `plat new` up to its template's newer version (three-way merge)
    Update(Box<update::UpdateArgs>),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
}

/// What every command gets: where it runs, the terminal, and the config.
pub struct Context {
    pub start_dir: PathBuf,
    pub terminal: Terminal,
    /// Prompts are allowed.
    pub interactive: bool,
    config_search: config::Search,
    /// Read on first use, then shared by every part of the command.
    config: std::sync::OnceLock<config::Loaded>,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        let cwd = std::env::current_dir().map_err(|source| Error::WorkingDirectory {
            path: PathBuf::from("."),
            source,
        })?;
        let start_dir = match &global.directory {
            None => cwd,
            Some(dir) => {
                let dir = cwd.join(dir);
                match std::fs::metadata(&dir) {
                    Ok(m) if m.is_dir() => crate::catalog::discover::normalize(&dir),
                    Ok(_) => {
                        return Err(Error::WorkingDirectory {
                            path: dir,
                            source: std::io::Error::other("not a directory"),
                        });
                    }
                    Err(source) => return Err(Error::WorkingDirectory { path: dir, source }),
                }
            }
        };
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        Ok(Context {
            terminal: Terminal::detect(global.color, global.quiet, global.verbose),
            interactive: !global.no_input && !ci && std::io::stdin().is_terminal(),
            config_search: config::Search::from_env(start_dir.clone(), global.config.clone()),
            config: std::sync::OnceLock::new(),
            start_dir,
        })
    }

    /// The configuration, read once per command, on first use (only
    /// commands that need it read it).
    pub fn config(&self) -> Result<&config::Loaded> {
        if let Some(loaded) = self.config.get() {
            return Ok(loaded);
        }
        let loaded = config::load(&self.config_search)?;
        if let Some(path) = &loaded.path {
            self.terminal
                .verbose(&format!("using config {}", path.display()));
        }
        Ok(self.config.get_or_init(|| loaded))
    }
}

/// A duration flag (`--since`, `--ttl`, `--timeout`), by the one rule in
/// [`crate::time`].
fn duration_flag(flag: &'static str, text: &str) -> Result<std::time::Duration> {
    crate::time::parse_duration(text).map_err(|e| Error::InvalidFlag {
        flag,
        value: text.into(),
        reason: e.to_string(),
        hint: Some(e.hint().into()),
    })
}

/// A date or time flag (`--from`, `--to`); `end_of_day` makes a date
/// include its day.
fn time_flag(flag: &'static str, text: &str, end_of_day: bool) -> Result<jiff::Timestamp> {
    crate::time::parse_date_or_time(text, end_of_day).map_err(|e| Error::InvalidFlag {
        flag,
        value: text.into(),
        reason: e.to_string(),
        hint: Some(e.hint().into()),
    })
}

/// Parses arguments, runs the command, and returns the exit status.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Context::new(&cli.global)?;
    match cli.command {
        Command::Catalog(command) => catalog::run(*command, &ctx),
        Command::Deployments(args) => deployments::run(*args, &ctx),
        Command::Deps(args) => deps::run(*args, &ctx),
        Command::Docs(args) => docs::run(*args, &ctx),
        Command::Dora(args) => dora::run(*args, &ctx),
        Command::Env(command) => env::run(*command, &ctx),
        Command::New(args) => new::run(*args, &ctx),
        Command::Runs(args) => runs::run(*args, &ctx),
        Command::Status(args) => status::run(*args, &ctx),
        Command::Templates(command) => templates::run(*command, &ctx),
        Command::Update(args) => update::run(*args, &ctx),
        Command::Completions(args) => completions::run(&args),
    }
}

/// The clap command, for completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Every generated file under completions/ and man/, with its contents.
pub fn generated_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = completions::all();
    let mut cmd = command();
    cmd.build();
    man::pages(&cmd, "plat", &mut files);
    files
}
