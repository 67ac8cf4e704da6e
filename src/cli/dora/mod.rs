//! `plat dora`: DORA metrics for a service, an owner's services, or all of
//! them, over a window, compared with the window before.

mod render;

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jiff::Timestamp;

use super::source::{self, SourceArgs};
use super::{Context, duration_flag, time_flag};
use crate::catalog::Catalog;
use crate::catalog::entity::Entity;
use crate::catalog::entity_ref::EntityRef;
use crate::config::{self, DoraLevelsConfig, ThresholdsConfig};
use crate::dora::{
    self, ANNOTATION_GITHUB, ANNOTATION_PAGERDUTY, Collect, Levels, Link, Measured, RecordFiles,
    Service, ServiceData, Thresholds, Window,
};
use crate::error::{Error, Exit, Result};
use crate::http;
use crate::integrations::Integrations;
use crate::output::{self, Label};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoraFormat {
    /// A table of metrics (one row per service with --owner/--all); tab-separated rows in a pipe
    Human,
    /// The table a terminal shows, with its title, in a pipe too
    Table,
    /// Every metric, level and previous value (schema in the README)
    Json,
    /// One row per service, and the rollup
    Csv,
    /// OpenMetrics text, for a Prometheus pushgateway or textfile collector
    Openmetrics,
}

#[derive(Debug, Args)]
pub struct DoraArgs {
    /// The service ([kind:][namespace/]name)
    #[arg(value_name = "REF", required_unless_present_any = ["owner", "all"], conflicts_with_all = ["owner", "all"])]
    pub service: Option<String>,
    /// Every Component this owner owns (a group by default, e.g. payments or group:payments)
    #[arg(long, value_name = "OWNER", conflicts_with = "all")]
    pub owner: Option<String>,
    /// Every Component in the catalog
    #[arg(long)]
    pub all: bool,
    /// The window: this long, up to now (or --to) [default: 30d, or dora.since]
    #[arg(long, value_name = "DURATION", conflicts_with = "from")]
    pub since: Option<String>,
    /// The window's start (a date, or an RFC 3339 time)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The window's end; a date includes that day [default: now]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The environment deployments go to [default: production, or dora.environment]
    #[arg(long = "env", value_name = "NAME")]
    pub environment: Option<String>,
    /// The clone to read tags and commits from (one service only)
    #[arg(long, value_name = "PATH", conflicts_with_all = ["owner", "all"])]
    pub repo: Option<PathBuf>,
    /// Also draw deployments and lead time per week as bar charts
    #[arg(long)]
    pub chart: bool,
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = DoraFormat::Human)]
    pub output: DoraFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// A service measured, for rendering.
pub struct Row {
    pub name: String,
    pub key: String,
    pub data: ServiceData,
    pub links: Vec<Link>,
    pub measured: Measured,
}

/// What the renderers need.
pub struct Report {
    pub environment: String,
    pub window: Window,
    pub levels: Levels,
    pub rows: Vec<Row>,
    /// With more than one service.
    pub rollup: Option<Measured>,
}

/// What [`Collect`] borrows, owned by the command that reads deployments
/// (`dora`, `deployments`, `catalog get`'s at-a-glance block).
pub(super) struct Readers {
    /// `--env`, else plat.yaml's `dora.environment`, else `production`.
    pub environment: String,
    integrations: Integrations,
    client: http::Client,
    files: RecordFiles,
}

impl Readers {
    pub fn new(
        loaded: &config::Loaded,
        ctx: &Context,
        source: &SourceArgs,
        environment: Option<&str>,
    ) -> Result<Readers> {
        Readers::with_client(
            loaded,
            ctx,
            environment,
            source::api_client(loaded, source)?,
        )
    }

    pub fn with_client(
        loaded: &config::Loaded,
        ctx: &Context,
        environment: Option<&str>,
        client: http::Client,
    ) -> Result<Readers> {
        Ok(Readers {
            environment: environment
                .map(str::to_string)
                .or_else(|| loaded.config.dora.environment.clone())
                .unwrap_or_else(|| "production".into()),
            integrations: source::integrations(loaded, ctx)?,
            client,
            files: RecordFiles::default(),
        })
    }

    pub fn collect<'a>(
        &'a self,
        loaded: &'a config::Loaded,
        ctx: &'a Context,
        window: Window,
        repo: Option<&'a Path>,
    ) -> Collect<'a> {
        Collect {
            environment: &self.environment,
            window,
            config_dir: &loaded.dir,
            start_dir: &ctx.start_dir,
            repo,
            integrations: &self.integrations,
            client: &self.client,
            files: &self.files,
        }
    }
}

pub fn run(args: DoraArgs, ctx: &Context) -> Result<Exit> {
    let loaded = ctx.config()?;
    let settings = &loaded.config.dora;
    let window = window(
        args.since.as_deref(),
        args.from.as_deref(),
        args.to.as_deref(),
        settings.since.map(|since| since.0),
    )?;
    let levels = levels(&settings.levels, loaded)?;
    let readers = Readers::new(loaded, ctx, &args.source, args.environment.as_deref())?;

    let catalog = source::load_documents(ctx, &args.source)?;
    let _ = source::fetch_failures(catalog, ctx);
    let services = select(catalog, &args)?;

    let collect = readers.collect(loaded, ctx, window, args.repo.as_deref());
    let spinner = output::Spinner::new(&ctx.terminal);
    let mut rows = Vec::new();
    for (done, service) in services.iter().enumerate() {
        spinner.message(&format!(
            "{} ({}/{})",
            service.name,
            done + 1,
            services.len()
        ));
        let data = collect.service(service, &settings.service(&service.name))?;
        let links = dora::link_incidents(&data.deployments, &data.incidents);
        explain(ctx, &data, &links);
        let measured = dora::measure(&data, &links, &window);
        rows.push(Row {
            name: service.name.clone(),
            key: service.key.clone(),
            data,
            links,
            measured,
        });
    }
    spinner.finish();
    let rollup = (rows.len() > 1).then(|| {
        let pooled: Vec<(&ServiceData, &[Link])> =
            rows.iter().map(|r| (&r.data, r.links.as_slice())).collect();
        dora::rollup(&pooled, &window)
    });
    let report = Report {
        environment: readers.environment.clone(),
        window,
        levels,
        rows,
        rollup,
    };
    let text = match args.output {
        DoraFormat::Human => render::human(&report, args.chart, &ctx.terminal, false),
        DoraFormat::Table => render::human(&report, args.chart, &ctx.terminal, true),
        DoraFormat::Json => output::to_json(&render::json(&report)),
        DoraFormat::Csv => render::csv(&report),
        DoraFormat::Openmetrics => render::openmetrics(&report),
    };
    output::write_stdout(&text)?;
    Ok(Exit::Success)
}

/// With `-v`: where the data came from, and which deployment each incident
/// is put down to, by which rule.
fn explain(ctx: &Context, data: &ServiceData, links: &[Link]) {
    for source in &data.sources {
        ctx.terminal.verbose(&format!("{}: {source}", data.name));
    }
    for note in &data.notes {
        ctx.terminal
            .note(Label::Warning, &format!("{}: {note}", data.name));
    }
    for link in links {
        let incident = &data.incidents[link.incident];
        let deployment = link
            .deployment
            .map(|d| data.deployments[d].origin.as_str())
            .unwrap_or("no deployment");
        ctx.terminal.verbose(&format!(
            "{}: incident {} -> {deployment} ({})",
            data.name,
            incident.id,
            link.rule.describe()
        ));
    }
}

/// The window (`--since`, or `--from` and `--to`), by the one rule for
/// times and durations ([`crate::time`]): its ends lie between the years 1
/// and 9999 and `--since` is at most 100 years, so the window before it can
/// always be computed. `configured` is `dora.since`.
pub(super) fn window(
    since: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    configured: Option<std::time::Duration>,
) -> Result<Window> {
    let to = match to {
        Some(text) => time_flag("--to", text, true)?,
        None => Timestamp::now(),
    };
    let from = match from {
        Some(text) => time_flag("--from", text, false)?,
        None => {
            let (flag, length) = match (since, configured) {
                (Some(since), _) => ("--since", duration_flag("--since", since)?),
                (None, Some(configured)) => ("dora.since", configured),
                (None, None) => ("--since", std::time::Duration::from_secs(30 * 86_400)),
            };
            jiff::SignedDuration::try_from(length)
                .ok()
                .and_then(|length| to.checked_sub(length).ok())
                .filter(|from| *from >= crate::time::min_time())
                .ok_or_else(|| Error::InvalidFlag {
                    flag,
                    value: since.map(str::to_string).unwrap_or_else(|| {
                        jiff::SignedDuration::try_from(length)
                            .unwrap_or_default()
                            .to_string()
                    }),
                    reason: format!(
                        "starts the window before 0001-01-01T00:00:00Z (it ends at {to})"
                    ),
                    hint: Some("write a shorter --since, or give --from and --to".into()),
                })?
        }
    };
    if from >= to {
        return Err(Error::InvalidFlag {
            flag: "--from",
            value: from.to_string(),
            reason: format!("is not before the window's end, {to}"),
            hint: Some("give a --from before --to".into()),
        });
    }
    Ok(Window::new(from, to))
}

/// The DORA 2023 table with plat.yaml's overrides.
fn levels(overrides: &DoraLevelsConfig, loaded: &config::Loaded) -> Result<Levels> {
    let mut levels = Levels::dora_2023();
    let invalid = |key: &str, text: &str, reason: String, example: &str| Error::ConfigValue {
        path: loaded.path.clone().unwrap_or_default(),
        key: format!("dora.levels.{key}"),
        message: format!("`{text}` {reason}; write e.g. {example}"),
    };
    let parse = |key: &str,
                 config: &ThresholdsConfig,
                 one: &dyn Fn(&str) -> Result<f64, String>,
                 example: &str| {
        let value = |text: &str| one(text).map_err(|reason| invalid(key, text, reason, example));
        Ok::<_, Error>(Thresholds {
            elite: value(&config.elite)?,
            high: value(&config.high)?,
            medium: value(&config.medium)?,
        })
    };
    let seconds = |text: &str| {
        crate::time::parse_duration(text)
            .map(|d| d.as_secs_f64())
            .map_err(|e| e.to_string())
    };
    let not_a_threshold = || "is not a threshold".to_string();
    let rate = |text: &str| {
        match text.trim().strip_suffix('%') {
            Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
            None => text.trim().parse::<f64>().ok(),
        }
        .ok_or_else(not_a_threshold)
    };
    let frequency = |text: &str| {
        let (count, per) = text.trim().split_once('/').unwrap_or((text.trim(), "day"));
        let days = match per.trim() {
            "day" => 1.0,
            "week" => 7.0,
            "month" => 30.0,
            _ => return Err(not_a_threshold()),
        };
        count
            .trim()
            .parse::<f64>()
            .map(|c| c / days)
            .map_err(|_| not_a_threshold())
    };
    let mut overridden = false;
    if let Some(c) = &overrides.deployment_frequency {
        levels.deployment_frequency = parse(
            "deploymentFrequency",
            c,
            &frequency,
            "1/day, 1/week, 1/month",
        )?;
        overridden = true;
    }
    if let Some(c) = &overrides.lead_time {
        levels.lead_time = parse("leadTime", c, &seconds, "1d, 1w, 30d")?;
        overridden = true;
    }
    if let Some(c) = &overrides.change_failure_rate {
        levels.change_failure_rate = parse("changeFailureRate", c, &rate, "5%, 10%, 15%")?;
        overridden = true;
    }
    if let Some(c) = &overrides.recovery_time {
        levels.recovery_time = parse("recoveryTime", c, &seconds, "1h, 1d, 1w")?;
        overridden = true;
    }
    if let Some(c) = &overrides.rework_rate {
        levels.rework_rate = Some(parse("reworkRate", c, &rate, "2%, 5%, 10%")?);
        overridden = true;
    }
    if overridden {
        levels.name = "dora-2023 with plat.yaml overrides".into();
    }
    Ok(levels)
}

/// The Components measured: the one named, an owner's, or all.
fn select(catalog: &Catalog, args: &DoraArgs) -> Result<Vec<Service>> {
    let components = catalog
        .entities()
        .iter()
        .filter(|e| e.reference.kind.eq_ignore_ascii_case("component"));
    let chosen: Vec<&Entity> = if let Some(reference) = &args.service {
        vec![catalog.lookup(reference)?]
    } else if let Some(owner) = &args.owner {
        let key = EntityRef::parse(owner, Some("group"), "default")
            .map_err(|e| Error::InvalidFlag {
                flag: "--owner",
                value: owner.clone(),
                reason: e.to_string(),
                hint: Some("e.g. --owner payments or --owner group:payments".into()),
            })?
            .key();
        let owned: Vec<&Entity> = components
            .filter(|e| e.owner() == Some(key.as_str()))
            .collect();
        if owned.is_empty() {
            return Err(Error::Usage {
                message: format!("{key} owns no Components in the catalog"),
                hint: Some("check the owner with `plat catalog ls --kind group`".into()),
            });
        }
        owned
    } else {
        components.collect()
    };
    Ok(chosen.into_iter().map(service).collect())
}

pub(super) fn service(entity: &Entity) -> Service {
    let annotation = |name: &str| {
        entity.json["metadata"]["annotations"][name]
            .as_str()
            .map(str::to_string)
    };
    let dir = entity
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf));
    Service {
        name: entity.reference.name.clone(),
        key: entity.key.to_string(),
        github_slug: annotation(ANNOTATION_GITHUB),
        pagerduty_id: annotation(ANNOTATION_PAGERDUTY),
        dir,
    }
}
