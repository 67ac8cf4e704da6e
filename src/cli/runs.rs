//! `plat runs <ref>`: the CI runs of the entity's repository (its
//! `github.com/project-slug`) on GitHub Actions, newest first, or with
//! `--run ID` one run's jobs and their steps.

use clap::Args;
use serde_json::json;

use super::Context;
use super::source::{self, SourceArgs};
use crate::ci::{self, Actions, Job, Run, RunQuery};
use crate::error::{Exit, Result};
use crate::github::Api;
use crate::output::{self, Format, Label, duration, paint, table};

#[derive(Debug, Args)]
pub struct RunsArgs {
    /// The entity ([kind:][namespace/]name); its github.com/project-slug annotation names the repository
    #[arg(value_name = "REF")]
    pub entity: String,
    /// Only runs of this branch
    #[arg(long, value_name = "BRANCH", conflicts_with = "run")]
    pub branch: Option<String>,
    /// At most this many, newest first (GitHub finds at most 1000 for a filtered list)
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1000), conflicts_with = "run")]
    pub limit: u64,
    /// Only runs that failed (GitHub's status=failure)
    #[arg(long, conflicts_with = "run")]
    pub failed: bool,
    /// One run: its jobs and their steps
    #[arg(long = "run", value_name = "ID")]
    pub run: Option<u64>,
    /// Exit 1 when the newest run listed (or the --run) failed, as `gh run view --exit-status`
    #[arg(long)]
    pub exit_status: bool,
    /// human: a table; json and yaml: every field
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = Format::Human)]
    pub output: Format,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: RunsArgs, ctx: &Context) -> Result<Exit> {
    let loaded = ctx.config()?;
    let catalog = source::load_documents(ctx, &args.source)?;
    let _ = source::fetch_failures(catalog, ctx);
    let entity = catalog.lookup(&args.entity)?;
    let annotation = entity.json["metadata"]["annotations"][ci::ANNOTATION].as_str();

    let integrations = source::integrations(loaded, ctx)?;
    let integration = integrations
        .github
        .as_ref()
        .expect("GitHub is always configured");
    let client = source::api_client(loaded, &args.source)?;
    let api = Api {
        client: &client,
        integration,
    };
    let actions = Actions::for_entity(api, &entity.reference.name, annotation)?;
    ctx.terminal.verbose(&format!(
        "runs: GitHub Actions of {} at {}",
        actions.slug,
        actions.api.host()
    ));
    let spinner = output::Spinner::new(&ctx.terminal);
    spinner.message(&format!("{}: workflow runs", actions.slug));
    let (text, newest) = match args.run {
        Some(id) => {
            let run = actions.run(id)?;
            let jobs = actions.jobs(id)?;
            spinner.finish();
            let document = || run_document(entity.key.as_ref(), &actions, &run, &jobs);
            let text = match args.output {
                Format::Human => one_run(&run, &jobs, ctx),
                Format::Json => output::to_json(&document()),
                Format::Yaml => output::to_yaml(&document()),
            };
            (text, Some(run))
        }
        None => {
            let query = RunQuery {
                branch: args.branch.clone(),
                failed: args.failed,
                limit: usize::try_from(args.limit).unwrap_or(usize::MAX),
            };
            let listed = actions.runs(&query)?;
            spinner.finish();
            if listed.runs.is_empty() {
                let on = query
                    .branch
                    .as_deref()
                    .map(|b| format!(" on {b}"))
                    .unwrap_or_default();
                let failed = if query.failed { "failed " } else { "" };
                ctx.terminal.note(
                    Label::Note,
                    &format!("no {failed}workflow runs of {}{on}", actions.slug),
                );
            }
            let document = || {
                json!({
                    "schemaVersion": 1,
                    "entity": entity.key.to_string(),
                    "repository": actions.slug,
                    "totalCount": listed.total_count,
                    "runs": listed.runs,
                })
            };
            let text = match args.output {
                Format::Human => runs_table(&listed.runs, ctx),
                Format::Json => output::to_json(&document()),
                Format::Yaml => output::to_yaml(&document()),
            };
            (text, listed.runs.into_iter().next())
        }
    };
    output::write_stdout(&text)?;
    match newest {
        Some(run) if args.exit_status && run.failed() => {
            ctx.terminal.note(
                Label::Error,
                &format!(
                    "{} (run {}) concluded {}",
                    name(&run),
                    run.id,
                    run.conclusion.as_deref().unwrap_or_default()
                ),
            );
            Ok(Exit::Findings)
        }
        _ => Ok(Exit::Success),
    }
}

/// `CI #562`.
fn name(run: &Run) -> String {
    match run.run_number {
        Some(n) => format!("{} #{n}", run.workflow),
        None => run.workflow.clone(),
    }
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}

/// A column's text cut to `width` characters on a terminal.
fn cut(text: &str, width: usize, plain: bool) -> String {
    if plain || text.chars().count() <= width {
        text.to_string()
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

/// A conclusion coloured by what it means (outside tables).
fn conclusion(value: Option<&str>, color: bool) -> String {
    let Some(value) = value else {
        return "-".into();
    };
    let style = match value {
        "success" => Label::Note.style(),
        "failure" | "timed_out" | "startup_failure" => Label::Error.style(),
        "cancelled" | "action_required" => Label::Warning.style(),
        _ => return value.to_string(),
    };
    paint(color, style, value)
}

fn seconds(value: Option<i64>) -> String {
    value.map(duration).unwrap_or_else(|| "-".into())
}

/// The runs, a row each. Cells are not coloured: the table would count the
/// colour codes as text and misalign its columns.
fn runs_table(runs: &[Run], ctx: &Context) -> String {
    let plain = !ctx.terminal.stdout_is_terminal;
    let rows = runs
        .iter()
        .map(|run| {
            let commit = match &run.commit_message {
                Some(message) => format!("{} {message}", short(&run.sha)),
                None => short(&run.sha).to_string(),
            };
            vec![
                run.status.clone(),
                run.conclusion.clone().unwrap_or_else(|| "-".into()),
                cut(&run.workflow, 24, plain),
                cut(run.branch.as_deref().unwrap_or("-"), 24, plain),
                cut(&commit, 48, plain),
                run.event.clone(),
                seconds(run.duration_seconds),
                run.id.to_string(),
                run.url.clone(),
            ]
        })
        .collect();
    table(
        &[
            "status",
            "conclusion",
            "workflow",
            "branch",
            "commit",
            "event",
            "duration",
            "id",
            "link",
        ],
        rows,
        plain,
    )
}

/// One run: a summary (on a terminal), then its jobs, each followed by its
/// steps.
fn one_run(run: &Run, jobs: &[Job], ctx: &Context) -> String {
    let plain = !ctx.terminal.stdout_is_terminal;
    let color = ctx.terminal.stdout_color;
    let mut out = String::new();
    if !plain {
        out.push_str(&format!(
            "{} · {} · {}\n",
            name(run),
            run.status,
            conclusion(run.conclusion.as_deref(), color)
        ));
        let by = run
            .actor
            .as_deref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} · {} {} · {}{by} · {}\n{}\n\n",
            run.branch.as_deref().unwrap_or("-"),
            short(&run.sha),
            run.commit_message.as_deref().unwrap_or_default(),
            run.event,
            seconds(run.duration_seconds),
            run.url
        ));
    }
    let mut rows = Vec::new();
    for job in jobs {
        rows.push(vec![
            job.name.clone(),
            job.status.clone(),
            job.conclusion.clone().unwrap_or_else(|| "-".into()),
            seconds(job.duration_seconds),
            job.url.clone(),
        ]);
        for step in &job.steps {
            rows.push(vec![
                format!("  {}. {}", step.number, step.name),
                step.status.clone(),
                step.conclusion.clone().unwrap_or_else(|| "-".into()),
                seconds(step.duration_seconds),
                String::new(),
            ]);
        }
    }
    out.push_str(&table(
        &["job / step", "status", "conclusion", "duration", "link"],
        rows,
        plain,
    ));
    out
}

fn run_document(entity: &str, actions: &Actions<'_>, run: &Run, jobs: &[Job]) -> serde_json::Value {
    json!({
        "schemaVersion": 1,
        "entity": entity,
        "repository": actions.slug,
        "run": run,
        "jobs": jobs,
    })
}
