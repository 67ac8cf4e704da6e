//! `plat deployments <ref>`: a service's recent deployments, newest first,
//! with who deployed, the changes each one shipped and their lead time,
//! read from the sources `plat dora` reads and configured the same way.

use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use super::source::{self, SourceArgs};
use super::{Context, dora};
use crate::dora::{Recent, Shipped, Status};
use crate::error::{Exit, Result};
use crate::output::{self, Label, duration, table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table on a terminal; tab-separated rows without a header in a pipe
    Human,
    /// The table a terminal shows, with its title, in a pipe too
    Table,
    /// JSON (schema in the README)
    Json,
    /// The same document as YAML
    Yaml,
}

#[derive(Debug, Args)]
pub struct DeploymentsArgs {
    /// The service ([kind:][namespace/]name)
    #[arg(value_name = "REF")]
    pub service: String,
    /// The environment deployed to [default: dora.environment, else production]
    #[arg(long = "env", value_name = "NAME")]
    pub environment: Option<String>,
    /// How far back: this long, up to now [default: dora.since, else 30d]
    #[arg(long, value_name = "DURATION")]
    pub since: Option<String>,
    /// At most this many, newest first
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// The clone to read tags and commits from
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// human: a table (-v adds each deployment's commits); json and yaml: every field
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = Format::Human)]
    pub output: Format,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: DeploymentsArgs, ctx: &Context) -> Result<Exit> {
    let loaded = ctx.config()?;
    let settings = &loaded.config.dora;
    let window = dora::window(
        args.since.as_deref(),
        None,
        None,
        settings.since.map(|since| since.0),
    )?;

    let catalog = source::load_documents(ctx, &args.source)?;
    let _ = source::fetch_failures(catalog, ctx);
    let entity = catalog.lookup(&args.service)?;
    let service = dora::service(entity);

    let readers = dora::Readers::new(loaded, ctx, &args.source, args.environment.as_deref())?;
    let collect = readers.collect(loaded, ctx, window, args.repo.as_deref());
    let spinner = output::Spinner::new(&ctx.terminal);
    spinner.message(&format!("{}: deployments", service.name));
    let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
    let recent = collect.recent(&service, &settings.service(&service.name), Some(limit))?;
    spinner.finish();

    for source in &recent.sources {
        ctx.terminal
            .verbose(&format!("{}: {source}", recent.service));
    }
    for note in &recent.notes {
        ctx.terminal
            .note(Label::Warning, &format!("{}: {note}", recent.service));
    }
    if recent.deployments.is_empty() {
        ctx.terminal.note(
            Label::Note,
            &format!(
                "no deployments of {} to {} since {}",
                recent.service,
                recent.environment,
                recent.window.from.strftime("%Y-%m-%d %H:%M UTC")
            ),
        );
    } else if recent.total > recent.deployments.len() {
        ctx.terminal.note(
            Label::Note,
            &format!(
                "the newest {} of {} deployments; --limit shows more",
                recent.deployments.len(),
                recent.total
            ),
        );
    }
    let text = match args.output {
        Format::Human => human(&recent, ctx, false),
        Format::Table => human(&recent, ctx, true),
        Format::Json => output::to_json(&document(&recent, &service.key)),
        Format::Yaml => output::to_yaml(&document(&recent, &service.key)),
    };
    output::write_stdout(&text)?;
    Ok(Exit::Success)
}

const TIME: &str = "%Y-%m-%d %H:%M UTC";

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(8)]
}

/// The version deployed, else its commit.
fn version(shipped: &Shipped) -> String {
    let d = &shipped.deployment;
    d.version
        .clone()
        .or_else(|| d.sha.as_deref().map(|s| short(s).to_string()))
        .unwrap_or_else(|| "-".into())
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Success => "success",
        Status::Failure => "failure",
    }
}

/// A table (and with `-v` each deployment's commits); on a terminal with a
/// title line. Cells are not coloured: the table would count the colour
/// codes as text and misalign its columns.
fn human(recent: &Recent, ctx: &Context, aligned: bool) -> String {
    let plain = !aligned && !ctx.terminal.stdout_is_terminal;
    let mut out = String::new();
    if recent.deployments.is_empty() {
        return out;
    }
    if !plain {
        out.push_str(&format!(
            "{} · {} · {} → {}\n\n",
            recent.service,
            recent.environment,
            recent.window.from.strftime(TIME),
            recent.window.to.strftime(TIME),
        ));
    }
    let rows = recent
        .deployments
        .iter()
        .map(|shipped| {
            let d = &shipped.deployment;
            let counted = d.status == Status::Success;
            vec![
                version(shipped),
                recent.environment.clone(),
                status(d.status).to_string(),
                d.time.strftime(TIME).to_string(),
                d.by.clone().unwrap_or_else(|| "-".into()),
                if counted {
                    d.changes.len().to_string()
                } else {
                    "-".into()
                },
                shipped
                    .lead_time_median_seconds
                    .map(duration)
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "version",
            "environment",
            "status",
            "deployed",
            "by",
            "changes",
            "lead time",
        ],
        rows,
        plain,
    ));
    if ctx.terminal.verbose > 0 {
        for shipped in recent.deployments.iter().filter(|s| !s.commits.is_empty()) {
            let count = shipped.commits.len();
            out.push_str(&format!(
                "\n{} · {} · {count} {}\n",
                version(shipped),
                shipped.deployment.time.strftime(TIME),
                if count == 1 { "change" } else { "changes" }
            ));
            for commit in &shipped.commits {
                out.push_str(&format!(
                    "  {}  {}  {}  lead time {}\n",
                    short(&commit.sha),
                    commit.subject.as_deref().unwrap_or("-"),
                    commit.author.as_deref().unwrap_or("-"),
                    duration(commit.lead_time_seconds)
                ));
            }
        }
    }
    out
}

/// The stable document of `-o json` and `-o yaml` (schema in the README).
fn document(recent: &Recent, key: &str) -> Value {
    let deployments: Vec<Value> = recent
        .deployments
        .iter()
        .map(|shipped| {
            let d = &shipped.deployment;
            let commits: Vec<Value> = shipped
                .commits
                .iter()
                .map(|c| {
                    json!({
                        "sha": c.sha,
                        "subject": c.subject,
                        "author": c.author,
                        "authoredAt": c.authored,
                        "startedAt": c.started,
                        "leadTimeSeconds": c.lead_time_seconds,
                    })
                })
                .collect();
            json!({
                "version": d.version,
                "sha": d.sha,
                "environment": recent.environment,
                "time": d.time,
                "status": d.status,
                "by": d.by,
                "unplanned": d.unplanned,
                "origin": d.origin,
                "changes": commits.len(),
                "leadTimeMedianSeconds": shipped.lead_time_median_seconds,
                "commits": commits,
            })
        })
        .collect();
    json!({
        "schemaVersion": 1,
        "service": recent.service,
        "ref": key,
        "environment": recent.environment,
        "window": {"from": recent.window.from, "to": recent.window.to, "days": recent.window.days()},
        "total": recent.total,
        "deployments": deployments,
        "sources": recent.sources,
        "notes": recent.notes,
    })
}
