//! The at-a-glance block of `plat catalog get`: the entity's last
//! deployment, pods ready, last CI run and docs, each read by the domain
//! operation its own command uses (`deployments`, `status`, `runs`,
//! `docs`), at once and with a short timeout. A source that is not set up
//! or does not answer is one line saying why, never an error: the entity
//! is the data, the block is a convenience.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

use super::super::source::{self, SourceArgs};
use super::super::{Context, dora as dora_cli};
use crate::catalog::{Catalog, Entity};
use crate::ci::{self, Actions};
use crate::config;
use crate::docs::{self, Place, Scm};
use crate::dora::{self, Status};
use crate::github::Api;
use crate::http;
use crate::integrations::Integrations;
use crate::output::short_duration;
use crate::status::{self, Places};

/// Each source's bound: long enough for a cluster or GitHub that answers,
/// short enough that `catalog get` never seems to hang.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// One line of the block: what was found, or why nothing is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: &'static str,
    pub value: Result<String, String>,
}

/// The four lines, in the portal page's order.
pub fn gather(entity: &Entity, catalog: &Catalog, ctx: &Context, source: &SourceArgs) -> Vec<Line> {
    let now = Timestamp::now();
    let (deployment, pods, run) = std::thread::scope(|scope| {
        let deployment = scope.spawn(|| last_deployment(entity, ctx, source, now));
        let pods = scope.spawn(|| pods(entity, ctx));
        let run = scope.spawn(|| last_run(entity, ctx, source, now));
        let joined = |handle: std::thread::ScopedJoinHandle<'_, Result<String, String>>| {
            handle
                .join()
                .unwrap_or_else(|_| Err("could not be read".into()))
        };
        (joined(deployment), joined(pods), joined(run))
    });
    vec![
        Line {
            label: "last deployment",
            value: deployment,
        },
        Line {
            label: "pods ready",
            value: pods,
        },
        Line {
            label: "last CI run",
            value: run,
        },
        Line {
            label: "docs",
            value: docs_line(entity, catalog, ctx),
        },
    ]
}

/// As YAML comments, so the output stays the entity's YAML.
pub fn render(lines: &[Line]) -> String {
    let width = lines.iter().map(|l| l.label.len()).max().unwrap_or(0);
    let mut out = String::from("# at a glance:\n");
    for line in lines {
        let text = match &line.value {
            Ok(text) => text.clone(),
            Err(why) => format!("- ({why})"),
        };
        out.push_str(&format!("#   {:width$}  {text}\n", line.label));
    }
    out
}

/// A short client: one attempt, bounded by [`TIMEOUT`].
fn short_client(loaded: &config::Loaded, source: &SourceArgs) -> Result<http::Client, String> {
    let mut options = source::http_options(loaded, source).map_err(|e| e.to_string())?;
    options.timeout = TIMEOUT;
    options.connect_timeout = options.connect_timeout.min(TIMEOUT);
    options.retries = 0;
    http::Client::new(options).map_err(|e| e.to_string())
}

/// An error on one line (the block has one line per source): a list
/// after a colon is joined with commas.
fn first_line(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} {}", rest.join(", "))
    }
}

fn ago(time: Timestamp, now: Timestamp) -> String {
    format!("{} ago", short_duration(now.as_second() - time.as_second()))
}

fn last_deployment(
    entity: &Entity,
    ctx: &Context,
    source: &SourceArgs,
    now: Timestamp,
) -> Result<String, String> {
    if !entity.reference.kind.eq_ignore_ascii_case("component") {
        return Err("components have deployments".into());
    }
    let loaded = ctx.config().map_err(first_line)?;
    let client = short_client(loaded, source)?;
    let readers = dora_cli::Readers::with_client(loaded, ctx, None, client).map_err(first_line)?;
    let window = dora::Window { from: now, to: now };
    let collect = readers.collect(loaded, ctx, window, None);
    let service = dora_cli::service(entity);
    let settings = loaded.config.dora.service(&service.name);
    let found = collect
        .last_deployment(&service, &settings)
        .map_err(first_line)?;
    let Some(deployment) = found else {
        return Err(format!("none to {} yet", readers.environment));
    };
    let what = deployment
        .version
        .clone()
        .or_else(|| {
            deployment
                .sha
                .as_deref()
                .map(|s| s[..s.len().min(8)].to_string())
        })
        .unwrap_or_else(|| deployment.origin.clone());
    let status = match deployment.status {
        Status::Success => "succeeded",
        Status::Failure => "failed",
    };
    let by = deployment
        .by
        .as_deref()
        .map(|by| format!(", by {by}"))
        .unwrap_or_default();
    Ok(format!(
        "{what} to {}, {}: {status}{by}",
        readers.environment,
        ago(deployment.time, now)
    ))
}

fn pods(entity: &Entity, ctx: &Context) -> Result<String, String> {
    // Without the annotations no cluster is asked.
    status::Target::of(entity).map_err(|_| {
        format!(
            "add the {} annotation to see its pods",
            status::ANNOTATION_ID
        )
    })?;
    let loaded = ctx.config().map_err(first_line)?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let places = Places {
        config_dir: &loaded.dir,
        home: home.as_deref(),
    };
    let report =
        status::glance(entity, &loaded.config.kubernetes, &places, TIMEOUT).map_err(first_line)?;
    let summary = report.summary();
    if summary.unreadable > 0 && summary.pods == 0 {
        let why = report
            .clusters
            .iter()
            .flat_map(|c| &c.errors)
            .map(|e| first_line(&e.message))
            .next()
            .unwrap_or_default();
        return Err(why);
    }
    let unreadable = match summary.unreadable {
        0 => String::new(),
        n => format!(", {n} cluster(s) not read"),
    };
    Ok(format!(
        "{}/{} ({}{unreadable})",
        summary.pods_ready,
        summary.desired,
        summary.health.word()
    ))
}

fn last_run(
    entity: &Entity,
    ctx: &Context,
    source: &SourceArgs,
    now: Timestamp,
) -> Result<String, String> {
    let annotation = entity.json["metadata"]["annotations"][ci::ANNOTATION].as_str();
    if annotation.is_none() {
        return Err(format!(
            "add the {} annotation to see its CI runs",
            ci::ANNOTATION
        ));
    }
    let loaded = ctx.config().map_err(first_line)?;
    let integrations = Integrations::from_config(loaded).map_err(first_line)?;
    let Some(integration) = integrations.github.as_ref() else {
        return Err("no GitHub integration".into());
    };
    let client = short_client(loaded, source)?;
    let api = Api {
        client: &client,
        integration,
    };
    let actions =
        Actions::for_entity(api, &entity.reference.name, annotation).map_err(first_line)?;
    let Some(run) = actions.last_run(None).map_err(first_line)? else {
        return Err(format!("no runs in {}", actions.slug));
    };
    let number = run.run_number.map(|n| format!(" #{n}")).unwrap_or_default();
    let branch = run
        .branch
        .as_deref()
        .map(|b| format!(" on {b}"))
        .unwrap_or_default();
    let outcome = run.conclusion.as_deref().unwrap_or(&run.status);
    Ok(format!(
        "{}{number}{branch}: {outcome}, {}",
        run.workflow,
        ago(run.created_at, now)
    ))
}

fn docs_line(entity: &Entity, catalog: &Catalog, ctx: &Context) -> Result<String, String> {
    let loaded = ctx.config().map_err(first_line)?;
    let integrations = Integrations::from_config(loaded).map_err(first_line)?;
    let scm = Scm::from_integrations(&integrations);
    let Some(summary) = docs::summary(entity, catalog, &scm) else {
        return Err(format!(
            "add the {} annotation to publish its docs",
            docs::ANNOTATION_TECHDOCS_REF
        ));
    };
    if let Some(problem) = summary.problem {
        return Err(first_line(problem));
    }
    match summary.place {
        Some(Place::Dir(dir)) => {
            let config = if summary.config_exists {
                "mkdocs.yml"
            } else {
                "no mkdocs.yml"
            };
            Ok(format!(
                "{} ({config}); plat docs check {}",
                shown(&dir, &ctx.start_dir).display(),
                entity.reference.name
            ))
        }
        Some(Place::Url(url)) => Ok(url),
        None => Ok(summary.annotation),
    }
}

/// `dir` relative to where plat runs, when it is under it.
fn shown(dir: &Path, start: &Path) -> PathBuf {
    match dir.strip_prefix(start) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => dir.to_path_buf(),
    }
}
