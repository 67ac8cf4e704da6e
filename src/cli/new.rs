//! `plat new [TEMPLATE]`: run a software template. Values come from
//! prompts (on a terminal), `--set` and `--values`; `--output DIR` writes the
//! project locally with a first commit; `--dry-run` shows what would happen.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use super::Context;
use super::source::{self, SourceArgs};
use crate::catalog::{Catalog, Detail, entity::ANNOTATION_LOCATION};
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, paint, write_stdout};
use crate::scaffold::params::Parameters;
use crate::scaffold::run::{Run, RunReport, Status, StepReport, unknown_actions};
use crate::scaffold::sources::{self, Available, Discover, SourceProblem};
use crate::scaffold::{actions, git, workspace};

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
    /// The template to run (see --list); without it, a terminal offers a pick list
    #[arg(value_name = "TEMPLATE")]
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
    /// Write the project here (local mode): workspace steps run, the rest are listed as skipped
    #[arg(long = "output", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Write into a non-empty --output directory (existing files are replaced)
    #[arg(long)]
    pub force: bool,
    /// Show each step with its input and the files it would make; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Commit author for --output, "Name <email>" [default: git config]
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
    /// Fetch git template repositories again
    #[arg(long)]
    pub refresh: bool,
    /// Output format
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT", default_value_t = NewFormat::Human)]
    pub format: NewFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: NewArgs, ctx: &Context) -> Result<Exit> {
    let catalog = source::load(
        ctx,
        source::LoadOptions {
            source: &args.source,
            paths: &[],
            detail: Detail::Documents,
            server_filters: Vec::new(),
        },
    )?;
    let (available, problems) = discover(ctx, &catalog, args.refresh)?;
    if args.list {
        return list(&available, args.format, ctx);
    }
    let author = git::signature(args.author.as_deref()).map_err(|reason| Error::InvalidFlag {
        flag: "--author",
        value: args.author.clone().unwrap_or_default(),
        reason,
        hint: Some("write it as --author \"Ada Lovelace <ada@example.com>\"".into()),
    })?;
    let chosen = choose(&available, &problems, args.template.as_deref(), ctx)?;
    let template = &chosen.template;
    check_template(template)?;

    // Values: file, then --set, then prompts, then defaults.
    let parameters = Parameters {
        pages: &template.pages,
    };
    let mut values = Map::new();
    if let Some(file) = &args.values {
        values = read_values(file)?;
    }
    for assignment in &args.set {
        parameters.set(assignment, &mut values).map_err(|e| Error::InvalidFlag {
            flag: "--set",
            value: assignment.clone(),
            reason: e.message.clone(),
            hint: Some(format!("`plat new {} --list` shows the templates; the parameters are in its template.yaml", template.name)),
        })?;
    }
    if ctx.interactive {
        let entities = |kinds: &[String]| entity_choices(&catalog, kinds);
        for page in &template.pages {
            super::prompt::ask_page(page, &mut values, &entities).map_err(Error::Output)?;
        }
    }
    parameters.apply_defaults(&mut values);
    let problems = parameters.validate(&Json::Object(values.clone()));
    if !problems.is_empty() {
        return Err(Error::Parameters {
            template: template.name.clone(),
            problems: problems.iter().map(ToString::to_string).collect(),
            missing: problems
                .iter()
                .filter(|p| p.message == "is required")
                .map(|p| p.key.clone())
                .collect(),
        });
    }

    let secrets = secrets(&args.secrets)?;
    let mut masked: Vec<String> = secrets
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    for key in parameters.secret_keys(&values) {
        if let Some(Json::String(secret)) = values.get(&key) {
            masked.push(secret.clone());
        }
    }
    let run = Run {
        template,
        parameters: Json::Object(values),
        secrets,
        user: user(&catalog),
        masked,
        publish: None,
    };
    let (workspace, report) = execute(&run, ctx)?;

    if args.dry_run {
        return show_plan(&run, &report, workspace.path(), args.format, ctx);
    }
    let Some(dir) = &args.output_dir else {
        return Err(Error::Usage {
            message: "publishing (git push, GitHub, catalog registration, PagerDuty) needs its integrations configured".into(),
            hint: Some("pass --output DIR to write the project locally, or --dry-run to see the plan".into()),
        });
    };
    let dir = ctx.start_dir.join(dir);
    let commit = write_output(workspace.path(), &dir, args.force, &author, &template.name)?;
    show_result(&report, &dir, commit.as_deref(), args.format, ctx)
}

/// Every template; the problems of those that could not be read are
/// reported on stderr and returned.
fn discover(
    ctx: &Context,
    catalog: &Catalog,
    refresh: bool,
) -> Result<(Vec<Available>, Vec<SourceProblem>)> {
    let config = ctx.config()?;
    let templates_in_catalog: Vec<(String, PathBuf)> = catalog
        .entities()
        .iter()
        .filter(|e| e.reference.kind == "Template")
        .filter_map(|e| {
            let location = e.json["metadata"]["annotations"][ANNOTATION_LOCATION].as_str()?;
            Some((
                e.key().to_string(),
                PathBuf::from(location.strip_prefix("file:")?),
            ))
        })
        .collect();
    let (available, problems) = sources::discover(&Discover {
        configured: &config.config.templates,
        base: &config.dir,
        catalog: templates_in_catalog,
        cache: crate::http::default_cache_dir(),
        refresh,
    });
    for problem in &problems {
        for error in &problem.errors {
            ctx.terminal.note(
                Label::Warning,
                &format!("template {}: {error}", problem.source),
            );
        }
    }
    Ok((available, problems))
}

#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    title: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
    tags: &'a [String],
    source: &'a sources::Origin,
    description: Option<&'a str>,
}

fn list(available: &[Available], format: NewFormat, ctx: &Context) -> Result<Exit> {
    let listed: Vec<Listed<'_>> = available
        .iter()
        .map(|a| Listed {
            name: &a.template.name,
            title: a.template.title.as_deref(),
            kind: &a.template.kind,
            tags: &a.template.tags,
            source: &a.origin,
            description: a.template.description.as_deref(),
        })
        .collect();
    match format {
        NewFormat::Json => output::write_json(&listed)?,
        NewFormat::Human => {
            let rows = listed
                .iter()
                .map(|l| {
                    vec![
                        l.name.to_string(),
                        l.title.unwrap_or("-").to_string(),
                        l.kind.to_string(),
                        if l.tags.is_empty() {
                            "-".into()
                        } else {
                            l.tags.join(",")
                        },
                        l.source.to_string(),
                    ]
                })
                .collect();
            write_stdout(&output::table(
                &["name", "title", "type", "tags", "source"],
                rows,
                !ctx.terminal.stdout_is_terminal,
            ))?;
        }
    }
    Ok(Exit::Success)
}

fn choose<'a>(
    available: &'a [Available],
    problems: &[SourceProblem],
    name: Option<&str>,
    ctx: &Context,
) -> Result<&'a Available> {
    let names: Vec<&str> = available.iter().map(|a| a.template.name.as_str()).collect();
    match name {
        Some(name) => available
            .iter()
            .find(|a| a.template.name == name)
            .ok_or_else(|| {
                // A template that failed to load is named by its directory.
                let broken: Vec<String> = problems
                    .iter()
                    .flat_map(|p| &p.errors)
                    .filter(|e| {
                        Path::new(&e.file)
                            .parent()
                            .and_then(Path::file_name)
                            .is_some_and(|d| d == name)
                    })
                    .map(ToString::to_string)
                    .collect();
                if broken.is_empty() {
                    Error::UnknownTemplate {
                        name: name.to_string(),
                        available: names.iter().map(|s| s.to_string()).collect(),
                    }
                } else {
                    Error::InvalidTemplate { problems: broken }
                }
            }),
        None if ctx.interactive && !available.is_empty() => {
            let labels: Vec<String> = available
                .iter()
                .map(|a| match &a.template.title {
                    Some(title) => format!("{} — {title}", a.template.name),
                    None => a.template.name.clone(),
                })
                .collect();
            let index =
                dialoguer::FuzzySelect::with_theme(&dialoguer::theme::ColorfulTheme::default())
                    .with_prompt("Template")
                    .items(&labels)
                    .default(0)
                    .interact()
                    .map_err(|e| match e {
                        dialoguer::Error::IO(e) => Error::Output(e),
                    })?;
            Ok(&available[index])
        }
        None => Err(Error::Usage {
            message: "which template? name one".into(),
            hint: Some(format!("templates: {} (plat new --list)", names.join(", "))),
        }),
    }
}

/// Before any step runs: every action must be one plat has.
fn check_template(template: &crate::scaffold::template::Template) -> Result<()> {
    let unknown: Vec<String> = unknown_actions(template)
        .into_iter()
        .map(|(step, action)| {
            format!(
                "{}:{}:{}: step `{}` uses `{action}`",
                template.file,
                step.action_pos.line,
                step.action_pos.column,
                step.label()
            )
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Error::UnknownActions {
        steps: unknown,
        available: actions::available().iter().map(|s| s.to_string()).collect(),
    })
}

pub fn read_values(file: &Path) -> Result<Map<String, Json>> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::ReadFile {
        path: file.to_path_buf(),
        source,
    })?;
    let value: Json = serde_norway::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        Error::ConfigSyntax {
            path: file.to_path_buf(),
            line,
            column,
            message: e.to_string(),
        }
    })?;
    match value {
        Json::Object(map) => Ok(map),
        Json::Null => Ok(Map::new()),
        _ => Err(Error::InvalidFlag {
            flag: "--values",
            value: file.display().to_string(),
            reason: "must hold a mapping of parameter names to values".into(),
            hint: None,
        }),
    }
}

/// `--secret k=v` and `PLAT_SECRET_<KEY>`.
fn secrets(flags: &[String]) -> Result<Map<String, Json>> {
    let mut secrets = Map::new();
    for (key, value) in std::env::vars() {
        if let Some(name) = key.strip_prefix("PLAT_SECRET_") {
            secrets.insert(name.to_string(), Json::String(value));
        }
    }
    for flag in flags {
        let (key, value) = flag.split_once('=').ok_or_else(|| Error::InvalidFlag {
            flag: "--secret",
            value: flag.split('=').next().unwrap_or_default().to_string(),
            reason: "expected KEY=VALUE".into(),
            hint: None,
        })?;
        secrets.insert(key.to_string(), Json::String(value.to_string()));
    }
    Ok(secrets)
}

/// `user.entity`: the catalog User whose profile email is `git config user.email`.
fn user(catalog: &Catalog) -> Json {
    let email = git2::Config::open_default()
        .ok()
        .and_then(|c| c.get_string("user.email").ok());
    let Some(email) = email else { return json!({}) };
    catalog
        .entities()
        .iter()
        .find(|e| {
            e.reference.kind == "User"
                && e.json["spec"]["profile"]["email"]
                    .as_str()
                    .is_some_and(|m| m.eq_ignore_ascii_case(&email))
        })
        .map(|e| json!({"entity": e.json, "ref": e.key()}))
        .unwrap_or_else(|| json!({}))
}

fn entity_choices(catalog: &Catalog, kinds: &[String]) -> Vec<(String, String)> {
    catalog
        .entities()
        .iter()
        .filter(|e| {
            kinds.is_empty()
                || kinds
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&e.reference.kind))
        })
        .map(|e| {
            let title = e.json["metadata"]["title"]
                .as_str()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            (e.key().to_string(), format!("{}{title}", e.key()))
        })
        .collect()
}

fn execute(run: &Run<'_>, ctx: &Context) -> Result<(tempfile::TempDir, RunReport)> {
    let workspace = tempfile::Builder::new()
        .prefix("plat-workspace-")
        .tempdir()
        .map_err(Error::Output)?;
    let terminal = ctx.terminal;
    let on_step = |step: &StepReport| {
        let mark = match step.status {
            Status::Done => paint(terminal.stderr_color, Label::Note.style(), "done"),
            Status::Skipped => "skipped (if)".to_string(),
            Status::NotRun => "not run (publishing)".to_string(),
        };
        terminal.verbose(&format!("step {} ({}): {mark}", step.name, step.action));
    };
    match run.execute(workspace.path(), &on_step) {
        Ok(report) => Ok((workspace, report)),
        Err(error) => Err(Error::Step {
            message: error.to_string(),
        }),
    }
}

fn show_plan(
    run: &Run<'_>,
    report: &RunReport,
    workspace: &Path,
    format: NewFormat,
    ctx: &Context,
) -> Result<Exit> {
    let files = workspace::tree(workspace);
    if format == NewFormat::Json {
        output::write_json(
            &json!({"dryRun": true, "steps": report.steps, "files": files, "links": report.links, "text": report.text, "log": report.log}),
        )?;
        return Ok(Exit::Success);
    }
    let mut out = format!("Dry run of {}: nothing is written.\n\n", run.template.name);
    for (i, step) in report.steps.iter().enumerate() {
        let status = match step.status {
            Status::Done => "runs",
            Status::Skipped => "skipped (if is false)",
            Status::NotRun => "would publish",
        };
        out.push_str(&format!(
            "{}. {} [{}] {status}\n",
            i + 1,
            step.name,
            step.action
        ));
        if !step.input.is_null() {
            for line in output::to_yaml(&step.input).lines() {
                out.push_str(&format!("     {line}\n"));
            }
        }
    }
    out.push_str(&format!(
        "\nFiles ({}):\n",
        files.iter().filter(|f| !f.ends_with('/')).count()
    ));
    for file in &files {
        out.push_str(&format!("  {file}\n"));
    }
    out.push_str(&links_and_text(report));
    show_log(report, ctx);
    write_stdout(&run.mask(&out))?;
    Ok(Exit::Success)
}

fn links_and_text(report: &RunReport) -> String {
    let mut out = String::new();
    if !report.links.is_empty() {
        out.push_str("\nLinks:\n");
        for link in &report.links {
            let title = link["title"].as_str().unwrap_or("link");
            let target = link["url"]
                .as_str()
                .or(link["entityRef"].as_str())
                .unwrap_or("");
            out.push_str(&format!("  {title}: {target}\n"));
        }
    }
    for text in &report.text {
        out.push_str(&format!("\n{}\n", text["title"].as_str().unwrap_or("")));
        if let Some(content) = text["content"].as_str() {
            out.push_str(content.trim_end());
            out.push('\n');
        }
    }
    out
}

/// What `debug:log` steps said: messages, so on stderr.
fn show_log(report: &RunReport, ctx: &Context) {
    for line in &report.log {
        ctx.terminal
            .note(Label::Note, &format!("debug:log: {line}"));
    }
}

/// An output directory must be new or empty, unless `--force`; a file is never replaced by a directory.
pub fn prepare_output(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::OutputNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let occupied = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if occupied && !force {
        return Err(Error::OutputNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(Error::Output)
}

/// Copies the workspace to `dir` and makes the first commit there.
fn write_output(
    workspace: &Path,
    dir: &Path,
    force: bool,
    author: &git2::Signature<'_>,
    template: &str,
) -> Result<Option<String>> {
    prepare_output(dir, force)?;
    let existing_repository = dir.join(".git").exists();
    copy_dir(workspace, dir).map_err(Error::Output)?;
    if existing_repository {
        // The user's repository (--force into a clone): plat does not commit into it.
        return Ok(None);
    }
    let commit = git::first_commit(
        dir,
        &git::default_branch(),
        author,
        &format!("Initial commit from the {template} template"),
    )
    .map_err(|message| Error::Step { message })?;
    Ok(Some(commit))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if file_type.is_symlink() {
            let link = std::fs::read_link(entry.path())?;
            let _ = std::fs::remove_file(&target);
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn show_result(
    report: &RunReport,
    dir: &Path,
    commit: Option<&str>,
    format: NewFormat,
    ctx: &Context,
) -> Result<Exit> {
    if format == NewFormat::Json {
        output::write_json(
            &json!({"output": dir, "commit": commit, "steps": report.steps, "links": report.links, "text": report.text, "log": report.log}),
        )?;
        return Ok(Exit::Success);
    }
    for step in report.steps.iter().filter(|s| s.status == Status::NotRun) {
        ctx.terminal.note(
            Label::Note,
            &format!(
                "step `{}` ({}) skipped: local mode does not publish",
                step.name, step.action
            ),
        );
    }
    let mut out = format!("Created {}", dir.display());
    if let Some(commit) = commit {
        out.push_str(&format!(
            " (first commit {})",
            &commit[..commit.len().min(12)]
        ));
    }
    out.push('\n');
    out.push_str(&links_and_text(report));
    show_log(report, ctx);
    write_stdout(&out)?;
    Ok(Exit::Success)
}
