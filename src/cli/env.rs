//! `plat env`: preview environments per pull request. `up` applies the
//! service's manifests into its own namespace (with `--dry-run`, shows
//! them without a cluster), `ls` lists, `down` deletes, `extend` moves the
//! expiry, `gc` deletes what has expired.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value as Json, json};

use super::source::{self, SourceArgs};
use super::{Context, duration_flag};
use crate::config;
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, Spinner, write_stdout};
use crate::preview::{self, Cluster, ClusterOptions, Environment, PreviewError, Up};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// For people: a summary, or a table
    Human,
    Json,
    Yaml,
}

#[derive(Debug, Subcommand)]
pub enum EnvCommand {
    /// Create or update the preview environment of a pull request
    Up(UpArgs),
    /// List preview environments
    #[command(visible_alias = "list")]
    Ls(LsArgs),
    /// Delete a preview environment
    Down(TargetArgs),
    /// Move a preview environment's expiry to now + --ttl
    Extend(ExtendArgs),
    /// Delete every expired preview environment (for a cron job)
    Gc(GcArgs),
}

/// Which cluster, as kubectl takes it.
#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// The kubeconfig file [default: $KUBECONFIG, else ~/.kube/config, else in-cluster]
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// The kubeconfig context [default: its current context]
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
}

#[derive(Debug, Args)]
pub struct UpArgs {
    /// The pull request number
    #[arg(long, value_name = "N")]
    pub pr: u64,
    /// The service (a Component) [default: the one in this repository's catalog-info.yaml]
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// How long the environment lives [default: environments.ttl, else 48h]
    #[arg(long, value_name = "DURATION")]
    pub ttl: Option<String>,
    /// The image tag the manifests get as `image_tag` [default: pr-N]
    #[arg(long, value_name = "TAG")]
    pub image_tag: Option<String>,
    /// Wait until every Deployment and StatefulSet has rolled out
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub timeout: String,
    /// Take over fields another field manager owns (server-side apply --force)
    #[arg(long)]
    pub force_conflicts: bool,
    /// Show the namespace and the rendered manifests; no cluster contact
    #[arg(long)]
    pub dry_run: bool,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = EnvFormat::Human)]
    pub format: EnvFormat,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Every service's environments, not only this repository's service
    #[arg(long)]
    pub all_services: bool,
    /// The service [default: the one in this repository's catalog-info.yaml]
    #[arg(long, value_name = "NAME", conflicts_with = "all_services")]
    pub service: Option<String>,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = EnvFormat::Human)]
    pub format: EnvFormat,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// An environment, by pull request (and service) or by namespace.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The pull request number
    #[arg(long, value_name = "N", required_unless_present = "namespace")]
    pub pr: Option<u64>,
    /// The service [default: the one in this repository's catalog-info.yaml]
    #[arg(long, value_name = "NAME", conflicts_with = "namespace")]
    pub service: Option<String>,
    /// The namespace itself
    #[arg(long, value_name = "NS", conflicts_with = "pr")]
    pub namespace: Option<String>,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = EnvFormat::Human)]
    pub format: EnvFormat,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct ExtendArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The new time to live, from now
    #[arg(long, value_name = "DURATION")]
    pub ttl: String,
}

#[derive(Debug, Args)]
pub struct GcArgs {
    /// List what has expired; delete nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = EnvFormat::Human)]
    pub format: EnvFormat,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

pub fn run(command: EnvCommand, ctx: &Context) -> Result<Exit> {
    match command {
        EnvCommand::Up(args) => up(args, ctx),
        EnvCommand::Ls(args) => ls(args, ctx),
        EnvCommand::Down(args) => down(args, ctx),
        EnvCommand::Extend(args) => extend(args, ctx),
        EnvCommand::Gc(args) => gc(args, ctx),
    }
}

fn connect(args: &ClusterArgs, ctx: &Context) -> Result<Cluster> {
    let cluster = Cluster::connect(&ClusterOptions {
        kubeconfig: args.kubeconfig.as_ref().map(|p| ctx.start_dir.join(p)),
        context: args.context.clone(),
        timeout: None,
    })?;
    ctx.terminal
        .verbose(&format!("context {} ({})", cluster.context, cluster.server));
    Ok(cluster)
}

/// The service and its directory: `--service` through the catalog, else
/// the single Component in this repository's catalog-info.yaml.
fn service(
    name: Option<&str>,
    source_args: &SourceArgs,
    ctx: &Context,
) -> Result<(String, PathBuf)> {
    if let Some(name) = name {
        let catalog = source::load_documents(ctx, source_args)?;
        let entity = catalog
            .entities()
            .iter()
            .find(|e| e.reference.kind == "Component" && e.reference.name == name)
            .ok_or_else(|| PreviewError::NoService {
                message: format!("there is no Component `{name}` in the catalog"),
            })?;
        let dir = entity
            .local_file()
            .and_then(|file| file.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| ctx.start_dir.clone());
        return Ok((name.to_string(), dir));
    }
    let root = git2::Repository::discover(&ctx.start_dir)
        .ok()
        .and_then(|repo| repo.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| ctx.start_dir.clone());
    let file = ["catalog-info.yaml", "catalog-info.yml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| PreviewError::NoService {
            message: format!("{} has no catalog-info.yaml", root.display()),
        })?;
    let text = std::fs::read_to_string(&file).map_err(|source| Error::ReadFile {
        path: file.clone(),
        source,
    })?;
    let components: Vec<String> = crate::catalog::yaml::split_documents(&text)
        .iter()
        .filter_map(|d| serde_norway::from_str::<Json>(d.text).ok())
        .filter(|d| d["kind"] == "Component")
        .filter_map(|d| d["metadata"]["name"].as_str().map(str::to_string))
        .collect();
    match components.as_slice() {
        [one] => Ok((one.clone(), root)),
        [] => Err(PreviewError::NoService {
            message: format!("{} holds no Component", file.display()),
        }
        .into()),
        many => Err(PreviewError::NoService {
            message: format!(
                "{} holds several Components: {}",
                file.display(),
                many.join(", ")
            ),
        }
        .into()),
    }
}

fn settings(ctx: &Context) -> Result<config::EnvironmentsConfig> {
    Ok(ctx.config()?.config.environments.clone())
}

fn namespace_for(target: &TargetArgs, ctx: &Context) -> Result<String> {
    if let Some(namespace) = &target.namespace {
        return Ok(namespace.clone());
    }
    let pr = target.pr.unwrap_or_default();
    let (service, _) = service(target.service.as_deref(), &target.source, ctx)?;
    let pattern = settings(ctx)?.namespace_pattern();
    Ok(preview::namespace_name(&pattern, pr, &service)?)
}

fn up(args: UpArgs, ctx: &Context) -> Result<Exit> {
    let settings = settings(ctx)?;
    let ttl = match &args.ttl {
        Some(text) => duration_flag("--ttl", text)?,
        None => settings
            .ttl
            .map_or(Duration::from_secs(48 * 3600), |ttl| ttl.0),
    };
    let timeout = duration_flag("--timeout", &args.timeout)?;
    let (service, service_dir) = service(args.service.as_deref(), &args.source, ctx)?;
    let request = Up {
        service,
        service_dir,
        pr: args.pr,
        ttl,
        image_tag: args.image_tag.clone(),
        namespace_pattern: settings.namespace_pattern(),
        manifests: settings.manifests.clone(),
        domain: settings.domain.clone(),
        force_conflicts: args.force_conflicts,
        wait: args.wait.then_some(timeout),
    };
    let now = jiff::Timestamp::now();
    if args.dry_run {
        let plan = preview::plan(&request, now)?;
        return match args.format {
            EnvFormat::Json => {
                output::write_json(
                    &json!({"namespace": plan.namespace, "objects": plan.objects, "url": plan.url}),
                )?;
                Ok(Exit::Success)
            }
            // kubectl's --dry-run -o yaml: every object, as documents.
            EnvFormat::Yaml | EnvFormat::Human => {
                let mut out = String::new();
                for object in std::iter::once(&plan.namespace).chain(&plan.objects) {
                    out.push_str("---\n");
                    out.push_str(&output::to_yaml(object));
                }
                write_stdout(&out)?;
                Ok(Exit::Success)
            }
        };
    }
    let cluster = connect(&args.cluster, ctx)?;
    let spinner = Spinner::new(&ctx.terminal);
    let result = preview::up(&cluster, &request, now, &|message| spinner.message(message));
    spinner.finish();
    let report = result?;
    match args.format {
        EnvFormat::Json => output::write_json(&report)?,
        EnvFormat::Yaml => write_stdout(&output::to_yaml(&report))?,
        EnvFormat::Human => {
            let mut out = format!(
                "{} {} ({} objects applied{})\n",
                if report.created { "Created" } else { "Updated" },
                report.namespace,
                report.applied.len(),
                if report.pruned.is_empty() {
                    String::new()
                } else {
                    format!(", {} pruned", report.pruned.len())
                }
            );
            if let Some(url) = &report.url {
                out.push_str(&format!("URL:     {url}\n"));
            }
            out.push_str(&format!("Expires: {}\n", report.expires));
            write_stdout(&out)?;
        }
    }
    Ok(Exit::Success)
}

/// An annotation that is not a time plat reads never expires (gc keeps
/// it): the table says so rather than showing nothing.
fn expires_in(expires: Option<&str>, now: jiff::Timestamp) -> String {
    match expires.map(crate::time::parse_time) {
        Some(Ok(at)) if at <= now => "expired".into(),
        Some(Ok(at)) => format!(
            "in {}",
            output::short_duration(at.as_second() - now.as_second())
        ),
        Some(Err(crate::time::TimeError::TimeOutOfRange)) => "never (out of range)".into(),
        Some(Err(_)) => "never (not a time)".into(),
        None => "-".into(),
    }
}

/// NAMESPACE SERVICE PR AGE EXPIRES READY (also `plat status`'s previews).
/// `plain`: tab-separated rows without a header, for scripts.
pub(super) fn environments_table(environments: &[Environment], plain: bool) -> String {
    let now = jiff::Timestamp::now();
    let rows = environments
        .iter()
        .map(|e| {
            vec![
                e.namespace.clone(),
                e.service.clone(),
                e.pr.map_or("-".into(), |p| p.to_string()),
                output::age(e.created.as_deref(), now),
                if e.phase == "Terminating" {
                    "terminating".into()
                } else {
                    expires_in(e.expires.as_deref(), now)
                },
                e.ready
                    .map_or("-".into(), |(ready, total)| format!("{ready}/{total}")),
            ]
        })
        .collect();
    output::table(
        &["NAMESPACE", "SERVICE", "PR", "AGE", "EXPIRES", "READY"],
        rows,
        plain,
    )
}

fn ls(args: LsArgs, ctx: &Context) -> Result<Exit> {
    let service = if args.all_services {
        None
    } else {
        Some(service(args.service.as_deref(), &args.source, ctx)?.0)
    };
    let cluster = connect(&args.cluster, ctx)?;
    let environments = preview::list(&cluster, service.as_deref())?;
    match args.format {
        EnvFormat::Json => output::write_json(&environments)?,
        EnvFormat::Yaml => write_stdout(&output::to_yaml(&environments))?,
        EnvFormat::Human if environments.is_empty() => {
            ctx.terminal.note(Label::Note, "no preview environments")
        }
        EnvFormat::Human => write_stdout(&environments_table(
            &environments,
            !ctx.terminal.stdout_is_terminal,
        ))?,
    }
    Ok(Exit::Success)
}

fn down(args: TargetArgs, ctx: &Context) -> Result<Exit> {
    let namespace = namespace_for(&args, ctx)?;
    let cluster = connect(&args.cluster, ctx)?;
    let done = preview::down(&cluster, &namespace)?;
    match args.format {
        EnvFormat::Json => output::write_json(&done)?,
        EnvFormat::Yaml => write_stdout(&output::to_yaml(&done))?,
        EnvFormat::Human => write_stdout(&format!("Deleted {}\n", done.namespace))?,
    }
    Ok(Exit::Success)
}

fn extend(args: ExtendArgs, ctx: &Context) -> Result<Exit> {
    let ttl = duration_flag("--ttl", &args.ttl)?;
    let namespace = namespace_for(&args.target, ctx)?;
    let cluster = connect(&args.target.cluster, ctx)?;
    let environment = preview::extend(&cluster, &namespace, ttl, jiff::Timestamp::now())?;
    match args.target.format {
        EnvFormat::Json => output::write_json(&environment)?,
        EnvFormat::Yaml => write_stdout(&output::to_yaml(&environment))?,
        EnvFormat::Human => write_stdout(&format!(
            "{} now expires {}\n",
            environment.namespace,
            environment.expires.as_deref().unwrap_or("-")
        ))?,
    }
    Ok(Exit::Success)
}

fn gc(args: GcArgs, ctx: &Context) -> Result<Exit> {
    let cluster = connect(&args.cluster, ctx)?;
    let terminal = ctx.terminal;
    let report = preview::gc(&cluster, jiff::Timestamp::now(), args.dry_run, &|message| {
        terminal.verbose(message)
    })?;
    match args.format {
        EnvFormat::Json => output::write_json(&report)?,
        EnvFormat::Yaml => write_stdout(&output::to_yaml(&report))?,
        EnvFormat::Human => {
            let verb = if report.dry_run {
                "Would delete"
            } else {
                "Deleted"
            };
            let mut out = String::new();
            for environment in &report.expired {
                out.push_str(&format!(
                    "{verb} {} (expired {})\n",
                    environment.namespace,
                    environment.expires.as_deref().unwrap_or("-")
                ));
            }
            write_stdout(&out)?;
            ctx.terminal.note(
                Label::Note,
                &format!("{} expired, {} kept", report.expired.len(), report.kept),
            );
        }
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expiry_plat_cannot_read_is_shown_as_never() {
        let now: jiff::Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        assert_eq!(expires_in(Some("2026-11-01T02:00:00Z"), now), "in 2h");
        assert_eq!(expires_in(Some("2026-10-01T00:00:00Z"), now), "expired");
        assert_eq!(
            expires_in(Some("9999-12-31T23:59:59Z"), now),
            "never (out of range)"
        );
        assert_eq!(expires_in(Some("soon"), now), "never (not a time)");
        assert_eq!(expires_in(None, now), "-");
        let environment = |expires: &str| Environment {
            namespace: "pr-1-web".into(),
            service: "web".into(),
            pr: Some(1),
            created: None,
            expires: Some(expires.into()),
            url: None,
            phase: "Active".into(),
            ready: None,
            uid: None,
        };
        assert!(
            !environment("9999-12-31T23:59:59Z").expired(now),
            "gc keeps it"
        );
        assert!(environment("2026-10-01T00:00:00Z").expired(now));
    }
}
