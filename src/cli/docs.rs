//! `plat docs <ref>`: where an entity's TechDocs are and what they hold;
//! `check` finds what would break them (a CI check), `build` and `serve`
//! run MkDocs on them.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::Context;
use super::findings::{self, FindingsFormat, plural};
use super::source::{self, SourceArgs};
use crate::catalog::loader::display_path;
use crate::catalog::{Catalog, Entity, Finding, Rule, Severity};
use crate::docs::{self, DocsError, Located, NavEntry, Place, Scm, Site, SiteCheck};
use crate::error::{Error, Exit, Result};
use crate::integrations::Integrations;
use crate::output::{self, Label, Spinner, write_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsFormat {
    /// For people
    Human,
    Json,
    Yaml,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
pub struct DocsArgs {
    /// The entity: [kind:][namespace/]name
    #[arg(value_name = "REF")]
    pub reference: Option<String>,
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT", default_value_t = DocsFormat::Human)]
    pub format: DocsFormat,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(subcommand)]
    pub command: Option<DocsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Check the docs: mkdocs.yml, nav, links and images (exit 1 on errors)
    Check(CheckArgs),
    /// Build the site with mkdocs into a new directory
    Build(BuildArgs),
    /// Serve the site with `mkdocs serve`, rebuilt on every change
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The entity whose docs to check (or --all)
    #[arg(value_name = "REF", conflicts_with = "all")]
    pub reference: Option<String>,
    /// Check the docs of every entity that has them
    #[arg(long)]
    pub all: bool,
    /// Treat warnings (pages not in nav, anchors, a missing home page) as errors
    #[arg(long)]
    pub strict: bool,
    /// Output format
    #[arg(long, short = 'o', visible_alias = "output", value_enum, value_name = "FORMAT", default_value_t = FindingsFormat::Human)]
    pub format: FindingsFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The entity whose docs to build
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Where the site goes; must be new or empty unless --force [default: mkdocs.yml's site_dir, `site` beside it]
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write into a non-empty output directory (files of the same name are replaced)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The entity whose docs to serve
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The address to serve on [default: mkdocs' 127.0.0.1:8000]
    #[arg(long, short = 'a', value_name = "IP:PORT")]
    pub dev_addr: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: DocsArgs, ctx: &Context) -> Result<Exit> {
    match args.command {
        Some(DocsCommand::Check(args)) => check(args, ctx),
        Some(DocsCommand::Build(args)) => build(args, ctx),
        Some(DocsCommand::Serve(args)) => serve(args, ctx),
        None => match &args.reference {
            Some(reference) => show(reference, args.format, &args.source, ctx),
            None => Err(Error::Usage {
                message: "`plat docs` needs an entity ref".into(),
                hint: Some(
                    "e.g. `plat docs payments-service`; `plat docs --help` lists the subcommands"
                        .into(),
                ),
            }),
        },
    }
}

/// The catalog and which hosts are GitHub.
fn load(source_args: &SourceArgs, ctx: &Context) -> Result<(&'static Catalog, Scm)> {
    let config = ctx.config()?;
    let scm = Scm::from_integrations(&Integrations::from_config(config)?);
    let catalog = source::load_documents(ctx, source_args)?;
    let _ = source::fetch_failures(catalog, ctx);
    Ok((catalog, scm))
}

/// The local site of `reference`, opened; other findings (escapes
/// included) come back beside it.
fn open_local(
    reference: &str,
    catalog: &Catalog,
    scm: &Scm,
    ctx: &Context,
) -> Result<(Site, Vec<Finding>)> {
    let entity = catalog.lookup(reference)?;
    let located = docs::locate(entity, catalog, scm)?;
    if let Place::Url(url) = &located.place {
        return Err(DocsError::Remote {
            entity: entity.key.to_string(),
            url: url.clone(),
        }
        .into());
    }
    open_site(&located, catalog, ctx)
}

fn open_site(located: &Located, catalog: &Catalog, ctx: &Context) -> Result<(Site, Vec<Finding>)> {
    let at = docs::annotation_position(catalog, &located.docs_entity, &ctx.start_dir);
    let name = catalog
        .get(&located.docs_entity)
        .map_or("docs", |e| e.reference.name.as_str());
    docs::open(located, name, &at, &ctx.start_dir)
        .map_err(|finding| DocsError::Invalid(Box::new(finding)).into())
}

/// What `plat docs <ref>` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    entity: String,
    /// Another entity's docs, through `backstage.io/techdocs-entity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    docs_entity: Option<String>,
    annotation: String,
    location: Place,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs_dir: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    plugins: Vec<String>,
    /// `mkdocs.yml` (its `nav`) or `files` (MkDocs' own order).
    #[serde(skip_serializing_if = "Option::is_none")]
    nav_from: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nav: Vec<NavEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pages: Vec<String>,
    /// Errors `plat docs check` would report.
    problems: usize,
}

fn show(
    reference: &str,
    format: DocsFormat,
    source_args: &SourceArgs,
    ctx: &Context,
) -> Result<Exit> {
    let (catalog, scm) = load(source_args, ctx)?;
    let entity = catalog.lookup(reference)?;
    let located = docs::locate(entity, catalog, &scm)?;
    let show_path = |path: &Path| display_path(path, &ctx.start_dir);
    let mut shown = Shown {
        entity: located.entity.clone(),
        docs_entity: (located.docs_entity != located.entity).then(|| located.docs_entity.clone()),
        annotation: located.annotation.clone(),
        location: match &located.place {
            Place::Dir(dir) => Place::Dir(PathBuf::from(show_path(dir))),
            Place::Url(url) => Place::Url(url.clone()),
        },
        config: None,
        site_name: None,
        docs_dir: None,
        plugins: Vec::new(),
        nav_from: None,
        nav: Vec::new(),
        pages: Vec::new(),
        problems: 0,
    };
    if let Place::Dir(_) = &located.place {
        let (site, _) = open_site(&located, catalog, ctx)?;
        shown.config = site.config.path.as_deref().map(show_path);
        shown.site_name = site.config.site_name.clone();
        shown.docs_dir = Some(show_path(&site.docs_dir));
        shown.plugins = site.config.plugins.clone();
        shown.nav_from = Some(if site.config.nav.is_some() {
            "mkdocs.yml"
        } else {
            "files"
        });
        shown.nav = site.navigation();
        shown.pages = site.files.pages().map(str::to_string).collect();
        // The whole check is cheap next to reading the catalog.
        shown.problems = docs::check_entity(entity, catalog, &scm, &ctx.start_dir)
            .0
            .errors;
    }
    match format {
        DocsFormat::Json => output::write_json(&shown)?,
        DocsFormat::Yaml => write_stdout(&output::to_yaml(&shown))?,
        DocsFormat::Human => write_stdout(&human(&shown))?,
    }
    if shown.problems > 0 {
        ctx.terminal.note(
            Label::Warning,
            &format!(
                "{} problem(s) in these docs; `plat docs check {}` shows them",
                shown.problems, shown.entity
            ),
        );
    }
    Ok(Exit::Success)
}

fn human(shown: &Shown) -> String {
    let mut out = format!("{}\n", shown.entity);
    let mut row = |label: &str, value: &str| out.push_str(&format!("  {label:<10} {value}\n"));
    if let Some(via) = &shown.docs_entity {
        row("docs of", &format!("{via} (backstage.io/techdocs-entity)"));
    }
    let location = match &shown.location {
        Place::Dir(dir) => dir.display().to_string(),
        Place::Url(url) => url.clone(),
    };
    row(
        "docs",
        &format!(
            "{location}   (backstage.io/techdocs-ref: {})",
            shown.annotation
        ),
    );
    if shown.docs_dir.is_none() {
        return out;
    }
    row(
        "config",
        shown
            .config
            .as_deref()
            .unwrap_or("none: TechDocs makes a default mkdocs.yml"),
    );
    row("site name", shown.site_name.as_deref().unwrap_or("-"));
    row("docs_dir", shown.docs_dir.as_deref().unwrap_or("-"));
    if !shown.plugins.is_empty() {
        row("plugins", &shown.plugins.join(", "));
    }
    let from = if shown.nav_from == Some("files") {
        " (no nav in mkdocs.yml: MkDocs lists the pages)"
    } else {
        ""
    };
    out.push_str(&format!("  nav{from}\n"));
    let width = nav_width(&shown.nav, 4);
    nav_lines(&shown.nav, 4, width, &mut out);
    out
}

fn nav_width(entries: &[NavEntry], indent: usize) -> usize {
    entries
        .iter()
        .map(|e| (indent + e.title.chars().count()).max(nav_width(&e.children, indent + 2)))
        .max()
        .unwrap_or(0)
}

fn nav_lines(entries: &[NavEntry], indent: usize, width: usize, out: &mut String) {
    for entry in entries {
        let pad = " ".repeat(indent);
        let target = match (&entry.page, &entry.url) {
            (Some(page), _) if entry.missing => format!("{page} (missing)"),
            (Some(page), _) => page.clone(),
            (None, Some(url)) => url.clone(),
            (None, None) => String::new(),
        };
        let line = format!("{pad}{}", entry.title);
        if target.is_empty() {
            out.push_str(&format!("{line}\n"));
        } else {
            out.push_str(&format!("{line:<width$}   {target}\n"));
        }
        nav_lines(&entry.children, indent + 2, width, out);
    }
}

#[derive(Debug, Serialize)]
struct CheckSummary {
    entities: usize,
    pages: usize,
    links: usize,
    errors: usize,
    warnings: usize,
    /// Entities whose docs are at a URL (not checked).
    skipped: usize,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    summary: CheckSummary,
    findings: &'a [Finding],
    sites: &'a [SiteCheck],
}

fn check(args: CheckArgs, ctx: &Context) -> Result<Exit> {
    let (catalog, scm) = load(&args.source, ctx)?;
    let entities: Vec<&Entity> = match &args.reference {
        Some(reference) => {
            let entity = catalog.lookup(reference)?;
            // One entity asked for: missing or remote docs are usage errors.
            let located = docs::locate(entity, catalog, &scm);
            match located {
                Err(DocsError::NoAnnotation { entity, file }) => {
                    return Err(DocsError::NoAnnotation { entity, file }.into());
                }
                Ok(Located {
                    place: Place::Url(url),
                    ..
                }) => {
                    return Err(DocsError::Remote {
                        entity: entity.key.to_string(),
                        url,
                    }
                    .into());
                }
                _ => vec![entity],
            }
        }
        None if args.all => catalog
            .entities()
            .iter()
            .filter(|e| docs::has_docs(e))
            .collect(),
        None => {
            return Err(Error::Usage {
                message: "`plat docs check` needs an entity ref or --all".into(),
                hint: Some(
                    "e.g. `plat docs check payments-service`, or `plat docs check --all` in CI"
                        .into(),
                ),
            });
        }
    };
    let mut sites = Vec::new();
    let mut all = Vec::new();
    for entity in entities {
        let (site, findings) = docs::check_entity(entity, catalog, &scm, &ctx.start_dir);
        sites.push(site);
        all.extend(findings);
    }
    if args.strict {
        for finding in &mut all {
            finding.severity = Severity::Error;
        }
    }
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // Entities sharing docs (techdocs-entity) would report them twice.
    all.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.rule == b.rule);
    let errors = all.iter().filter(|f| f.severity == Severity::Error).count();
    let summary = CheckSummary {
        entities: sites.iter().filter(|s| s.url.is_none()).count(),
        pages: sites.iter().map(|s| s.pages).sum(),
        links: sites.iter().map(|s| s.links).sum(),
        errors,
        warnings: all.len() - errors,
        skipped: sites.iter().filter(|s| s.url.is_some()).count(),
    };
    match args.format {
        FindingsFormat::Json => output::write_json(&CheckReport {
            summary,
            findings: &all,
            sites: &sites,
        })?,
        FindingsFormat::Github => write_stdout(&findings::github(&all, "plat docs check"))?,
        FindingsFormat::Human => {
            write_stdout(&findings::human(&all, ctx.terminal.stdout_color))?;
            report_check(&summary, &sites, ctx);
        }
    }
    Ok(if errors > 0 {
        Exit::Findings
    } else {
        Exit::Success
    })
}

fn report_check(summary: &CheckSummary, sites: &[SiteCheck], ctx: &Context) {
    for site in sites.iter().filter(|s| s.url.is_some()) {
        ctx.terminal.note(
            Label::Note,
            &format!(
                "{}: docs at {} not checked (plat checks local docs)",
                site.entity,
                site.url.as_deref().unwrap_or_default()
            ),
        );
    }
    if summary.entities == 0 && summary.errors == 0 {
        ctx.terminal.note(
            Label::Warning,
            "no entity has local docs (a `backstage.io/techdocs-ref: dir:...` annotation)",
        );
        return;
    }
    let scope = format!(
        "in the docs of {} ({}, {})",
        plural(summary.entities, "entity", "entities"),
        plural(summary.pages, "page", "pages"),
        plural(summary.links, "link", "links"),
    );
    findings::report_summary(&ctx.terminal, summary.errors, summary.warnings, &scope);
}

/// A site MkDocs may run on: nothing leads out of its directory.
fn runnable_site(reference: &str, source_args: &SourceArgs, ctx: &Context) -> Result<Site> {
    let (catalog, scm) = load(source_args, ctx)?;
    let (site, findings) = open_local(reference, catalog, &scm, ctx)?;
    let escapes: Vec<Finding> = findings
        .into_iter()
        .filter(|f| f.rule == Rule::DocsEscape)
        .collect();
    if !escapes.is_empty() {
        eprint!("{}", findings::human(&escapes, ctx.terminal.stderr_color));
        return Err(DocsError::Escapes {
            entity: site.located.docs_entity.clone(),
            count: escapes.len(),
        }
        .into());
    }
    Ok(site)
}

fn build(args: BuildArgs, ctx: &Context) -> Result<Exit> {
    let site = runnable_site(&args.reference, &args.source, ctx)?;
    let mkdocs = docs::find_mkdocs()?;
    let output = match &args.output {
        Some(dir) => ctx.start_dir.join(dir),
        None => site
            .config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&site.dir)
            .join(&site.config.site_dir),
    };
    let new_or_empty = crate::files::check_output_dir(&output, args.force)?;
    let spinner = Spinner::new(&ctx.terminal);
    spinner.message("building the docs with mkdocs");
    let built = docs::build(&mkdocs, &site, &output, !new_or_empty, &|step| {
        spinner.message(step)
    });
    spinner.finish();
    let built = built?;
    ctx.terminal.verbose(&built.log);
    for warning in &built.warnings {
        ctx.terminal
            .note(Label::Warning, &format!("mkdocs: {warning}"));
    }
    let shown = display_path(&built.output, &ctx.start_dir);
    ctx.terminal.note(
        Label::Note,
        &format!(
            "built {} ({} pages) with {}",
            site.config
                .site_name
                .as_deref()
                .unwrap_or(&site.entity_name),
            site.files.pages().count(),
            mkdocs.version
        ),
    );
    write_stdout(&format!("{shown}\n"))?;
    Ok(Exit::Success)
}

fn serve(args: ServeArgs, ctx: &Context) -> Result<Exit> {
    let site = runnable_site(&args.reference, &args.source, ctx)?;
    let mkdocs = docs::find_mkdocs()?;
    let (mut command, _config) = docs::serve_command(&mkdocs, &site, args.dev_addr.as_deref())?;
    ctx.terminal.note(
        Label::Note,
        &format!(
            "serving {} with {} (Ctrl-C stops)",
            display_path(&site.dir, &ctx.start_dir),
            mkdocs.version
        ),
    );
    // MkDocs logs to stderr: passed through as it comes, and read for a
    // missing plugin or theme to say how to install it.
    let mut child = command
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(DocsError::Run)?;
    let _running = crate::interrupt::interrupt_with_plat(child.id());
    let mut log = String::new();
    if let Some(stderr) = child.stderr.take() {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(|l| l.ok())
        {
            eprintln!("{line}");
            log.push_str(&line);
            log.push('\n');
        }
    }
    let status = child.wait().map_err(DocsError::Run)?;
    crate::interrupt::wait_if_interrupted();
    if status.success() {
        return Ok(Exit::Success);
    }
    Err(docs::failure(&log, &status.to_string()).into())
}
