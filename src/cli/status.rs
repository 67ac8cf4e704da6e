//! `plat status <ref>`: what runs on Kubernetes for an entity, in every
//! configured cluster, with the problems found and a verdict CI can gate
//! on (exit 0 healthy, 1 degraded, 2 error). `--watch` follows it: redrawn
//! in place on a terminal, a new snapshot per change elsewhere (as
//! `kubectl get -w` keeps printing into a pipe).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use jiff::Timestamp;

use super::Context;
use super::source::{self, SourceArgs};
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, Spinner, paint, write_stdout};
use crate::status::{self, ClusterStatus, Health, Places, Report, Request, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Tables per cluster, then the problems with hints
    Human,
    /// The whole report (schema in the README); with --watch, one line per change
    Json,
    /// The whole report; with --watch, one document per change
    Yaml,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The entity ([kind:][namespace/]name), with a backstage.io/kubernetes-id or
    /// backstage.io/kubernetes-label-selector annotation
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Read only this cluster: a name or context from plat.yaml's kubernetes.clusters, or any
    /// context of the kubeconfig [default: every configured cluster, else the current context]
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Read only this namespace [default: the entity's backstage.io/kubernetes-namespace, else the
    /// cluster's namespace, else all]
    #[arg(short = 'n', long, value_name = "NS")]
    pub namespace: Option<String>,
    /// Keep reading until interrupted: redrawn in place on a terminal, a new snapshot per change
    /// elsewhere
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// How often --watch reads
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "2s",
        requires = "watch"
    )]
    pub interval: String,
    /// How long connecting to a cluster and each request may take
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub request_timeout: String,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// A duration flag that must be more than zero.
fn duration(flag: &'static str, text: &str) -> Result<Duration> {
    let duration = super::duration_flag(flag, text)?;
    if duration.is_zero() {
        return Err(Error::InvalidFlag {
            flag,
            value: text.into(),
            reason: "must be more than zero".into(),
            hint: Some("write e.g. 2s, 500ms or 1m".into()),
        });
    }
    Ok(duration)
}

pub fn run(args: StatusArgs, ctx: &Context) -> Result<Exit> {
    let interval = duration("--interval", &args.interval)?;
    let timeout = duration("--request-timeout", &args.request_timeout)?;
    let loaded = ctx.config()?;
    let catalog = source::load_documents(ctx, &args.source)?;
    let _ = source::fetch_failures(catalog, ctx);
    let entity = catalog.lookup(&args.reference)?;
    let target = Target::of(entity)?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let kubeconfig = args.kubeconfig.as_ref().map(|k| ctx.start_dir.join(k));
    let clusters = status::choose(
        &loaded.config.kubernetes,
        &Places {
            config_dir: &loaded.dir,
            home: home.as_deref(),
        },
        args.context.as_deref(),
        kubeconfig.as_deref(),
    )?;
    let request = Request {
        entity: entity.reference.to_string(),
        target,
        previews: Some(entity.reference.name.clone()),
        clusters,
        namespace: args.namespace.clone(),
        timeout: Some(timeout),
    };
    ctx.terminal.verbose(&format!(
        "selector {} in {} cluster(s)",
        request.target.selector,
        request.clusters.len()
    ));
    if args.watch {
        return watch(&request, args.format, interval, ctx);
    }
    let spinner = Spinner::new(&ctx.terminal);
    let now = Timestamp::now();
    let report = status::read(&request, now, &|message| spinner.message(message));
    spinner.finish();
    match args.format {
        StatusFormat::Json => output::write_json(&report)?,
        StatusFormat::Yaml => write_stdout(&output::to_yaml(&report))?,
        StatusFormat::Human => {
            write_stdout(&render(&report, now, ctx, false))?;
        }
    }
    report_errors(&report, ctx);
    Ok(exit(report.health))
}

fn exit(health: Health) -> Exit {
    match health {
        Health::Healthy => Exit::Success,
        Health::Degraded => Exit::Findings,
        Health::Error => Exit::Usage,
    }
}

/// Clusters that could not be read, on stderr with what to do.
fn report_errors(report: &Report, ctx: &Context) {
    for cluster in &report.clusters {
        for warning in &cluster.warnings {
            ctx.terminal
                .note(Label::Warning, &format!("{}: {warning}", cluster.name));
        }
        for error in &cluster.errors {
            // Errors show even with --quiet: they decide the exit code.
            let color = ctx.terminal.stderr_color;
            eprintln!(
                "{}: {}",
                paint(color, Label::Error.style(), "error"),
                error.message
            );
            if let Some(hint) = &error.hint {
                eprintln!("  {}: {hint}", paint(color, Label::Hint.style(), "hint"));
            }
        }
    }
}

fn health_word(health: Health, color: bool) -> String {
    let style = match health {
        Health::Healthy => Label::Note.style(),
        Health::Degraded => Label::Warning.style(),
        Health::Error => Label::Error.style(),
    };
    paint(color, style, health.word())
}

/// The report for people. `inline_errors`: cluster errors are part of the
/// text (a redrawn screen) rather than lines on stderr.
fn render(report: &Report, now: Timestamp, ctx: &Context, inline_errors: bool) -> String {
    let color = ctx.terminal.stdout_color;
    let summary = report.summary();
    let mut out = format!(
        "{}: {} · {} · pods {}/{} ready",
        report.entity,
        health_word(report.health, color),
        report.target.selector,
        summary.pods_ready,
        summary.desired,
    );
    out.push('\n');
    if !report.found && summary.unreadable < report.clusters.len() {
        out.push_str(&format!(
            "Nothing matches {} in {}.\n  hint: label the workloads and their pod templates with it, as Backstage's Kubernetes plugin expects\n",
            report.target.selector,
            report
                .clusters
                .iter()
                .filter(|c| c.errors.is_empty())
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for cluster in &report.clusters {
        out.push('\n');
        out.push_str(&cluster_section(cluster, now, ctx, inline_errors));
    }
    out
}

fn cluster_section(
    cluster: &ClusterStatus,
    now: Timestamp,
    ctx: &Context,
    inline_errors: bool,
) -> String {
    let color = ctx.terminal.stdout_color;
    let mut out = format!("Context {}", cluster.name);
    if let Some(server) = &cluster.server {
        out.push_str(&format!(" ({})", server.trim_end_matches('/')));
    }
    out.push_str(&format!(": {}", health_word(cluster.health, color)));
    if let Some(namespace) = &cluster.namespace {
        out.push_str(&format!(" · namespace {namespace}"));
    }
    out.push('\n');
    if inline_errors {
        for error in &cluster.errors {
            out.push_str(&format!("  error: {}\n", error.message));
            if let Some(hint) = &error.hint {
                out.push_str(&format!("    hint: {hint}\n"));
            }
        }
    }
    if !cluster.found_anything() && cluster.errors.is_empty() {
        out.push_str("  nothing here\n");
    }
    let table = |headers: &[&str], rows: Vec<Vec<String>>| {
        if rows.is_empty() {
            String::new()
        } else {
            format!("\n{}", output::table(headers, rows, false))
        }
    };
    let dash = |value: Option<&str>| value.unwrap_or("-").to_string();
    out.push_str(&table(
        &[
            "workload",
            "namespace",
            "ready",
            "up-to-date",
            "available",
            "rollout",
            "age",
        ],
        cluster
            .workloads
            .iter()
            .map(|w| {
                vec![
                    format!("{}/{}", w.kind.to_lowercase(), w.name),
                    w.namespace.clone(),
                    format!("{}/{}", w.ready, w.desired),
                    w.up_to_date.to_string(),
                    w.available.to_string(),
                    w.rollout.state.to_string(),
                    output::age(w.created.as_deref(), now),
                ]
            })
            .collect(),
    ));
    out.push_str(&table(
        &[
            "pod",
            "namespace",
            "ready",
            "status",
            "restarts",
            "last termination",
            "age",
            "node",
        ],
        cluster
            .pods
            .iter()
            .map(|p| {
                let restarts = match &p.last_restart {
                    Some(at) if p.restarts > 0 => {
                        format!("{} ({} ago)", p.restarts, output::age(Some(at), now))
                    }
                    _ => p.restarts.to_string(),
                };
                let last = p.last_termination.as_ref().map(|t| {
                    format!(
                        "{} (exit {})",
                        t.reason.as_deref().unwrap_or("terminated"),
                        t.exit_code.unwrap_or(0)
                    )
                });
                vec![
                    p.name.clone(),
                    p.namespace.clone(),
                    format!("{}/{}", p.ready_containers, p.containers),
                    p.status.clone(),
                    restarts,
                    dash(last.as_deref()),
                    output::age(p.created.as_deref(), now),
                    dash(p.node.as_deref()),
                ]
            })
            .collect(),
    ));
    out.push_str(&table(
        &[
            "hpa",
            "namespace",
            "reference",
            "targets",
            "minpods",
            "maxpods",
            "replicas",
        ],
        cluster
            .autoscalers
            .iter()
            .map(|a| {
                vec![
                    a.name.clone(),
                    a.namespace.clone(),
                    a.reference.clone(),
                    a.targets.clone(),
                    a.min_replicas.map_or("<unset>".into(), |m| m.to_string()),
                    a.max_replicas.to_string(),
                    a.current_replicas.to_string(),
                ]
            })
            .collect(),
    ));
    out.push_str(&table(
        &["ingress", "namespace", "urls", "address"],
        cluster
            .ingresses
            .iter()
            .map(|i| {
                vec![
                    i.name.clone(),
                    i.namespace.clone(),
                    if i.urls.is_empty() {
                        "-".into()
                    } else {
                        i.urls.join(" ")
                    },
                    if i.addresses.is_empty() {
                        "-".into()
                    } else {
                        i.addresses.join(",")
                    },
                ]
            })
            .collect(),
    ));
    if !cluster.previews.is_empty() {
        out.push_str("\nPreview environments:\n");
        out.push_str(&super::env::environments_table(&cluster.previews, false));
    }
    if !cluster.findings.is_empty() {
        out.push_str("\nProblems:\n");
        for finding in &cluster.findings {
            out.push_str(&format!(
                "  {} {}/{}: {}\n",
                short_kind(&finding.object),
                finding.namespace,
                finding.name,
                finding.message
            ));
            if let Some(hint) = &finding.hint {
                out.push_str(&format!("    hint: {hint}\n"));
            }
        }
    }
    out
}

/// kubectl's short name of a kind (`hpa`, `deployment`).
fn short_kind(kind: &str) -> String {
    match kind {
        "HorizontalPodAutoscaler" => "hpa".into(),
        other => other.to_lowercase(),
    }
}

/// Reads again every `interval` until interrupted (Ctrl-C, exit 130).
fn watch(
    request: &Request,
    format: StatusFormat,
    interval: Duration,
    ctx: &Context,
) -> Result<Exit> {
    let redraw = format == StatusFormat::Human && ctx.terminal.stdout_is_terminal;
    let mut last: Option<String> = None;
    loop {
        let now = Timestamp::now();
        let report = status::read(request, now, &|_| {});
        let heading = format!(
            "Every {interval:?}: plat status {} · {}\n\n",
            request.entity,
            now.strftime("%Y-%m-%d %H:%M:%S UTC")
        );
        if redraw {
            // Home, then clear the screen: the new snapshot replaces the old.
            write_stdout(&format!(
                "\x1b[H\x1b[2J{heading}{}",
                render(&report, now, ctx, true)
            ))?;
        } else {
            let key = serde_json::to_string(&report).map_err(|e| Error::Output(e.into()))?;
            if last.as_ref() != Some(&key) {
                match format {
                    StatusFormat::Json => write_stdout(&format!("{key}\n"))?,
                    StatusFormat::Yaml => {
                        write_stdout(&format!("---\n{}", output::to_yaml(&report)))?
                    }
                    StatusFormat::Human => {
                        let gap = if last.is_some() { "\n" } else { "" };
                        write_stdout(&format!(
                            "{gap}{heading}{}",
                            render(&report, now, ctx, false)
                        ))?;
                        report_errors(&report, ctx);
                    }
                }
                last = Some(key);
            }
        }
        std::thread::sleep(interval);
    }
}
