//! Where the catalog comes from, for every command that reads it: the
//! `--location` and `--offline` flags, plat.yaml's locations, integrations
//! and HTTP settings, and a progress bar while it loads.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::catalog::location::{Location, Target};
use crate::catalog::{self, Catalog, Detail, LoadRequest};
use crate::config::{self, LocationEntry};
use crate::error::{Error, Exit, Result};
use crate::http;
use crate::integrations::Integrations;
use crate::output::{Label, ProgressBar};

/// Where the catalog comes from, for every catalog command.
#[derive(Debug, Default, Args)]
pub struct SourceArgs {
    /// Read this location instead of the configured ones: a path, a URL,
    /// or backstage:URL for a Backstage server (repeatable)
    #[arg(long = "location", value_name = "LOCATION")]
    pub locations: Vec<String>,
    /// Use only what the HTTP cache holds; say which locations are missing
    #[arg(long)]
    pub offline: bool,
    /// Revalidate every cached remote file now, even fresh ones (and fetch
    /// git template repositories again)
    #[arg(long, conflicts_with = "offline")]
    pub refresh: bool,
}

/// What a command wants loaded.
pub struct LoadOptions<'a> {
    pub source: &'a SourceArgs,
    /// Paths given as arguments (validate).
    pub paths: &'a [PathBuf],
    /// How much of each entity the command needs.
    pub detail: Detail,
    /// Backstage filters the server may apply for us.
    pub server_filters: Vec<String>,
}

/// The whole catalog with documents, for commands that look entities up.
pub fn load_documents(ctx: &Context, source: &SourceArgs) -> Result<&'static mut Catalog> {
    load(
        ctx,
        LoadOptions {
            source,
            paths: &[],
            detail: Detail::Documents,
            server_filters: Vec::new(),
        },
    )
}

/// Loads the catalog: `--location`s and paths if given, else the configured
/// locations, else the start directory tree.
///
/// A command's catalog lives until the process exits: freeing tens of
/// thousands of entities one by one takes longer than the exit that
/// reclaims them anyway.
pub fn load(ctx: &Context, options: LoadOptions<'_>) -> Result<&'static mut Catalog> {
    let config = ctx.config()?;
    let mut locations = Vec::new();
    let base_dir = if !options.paths.is_empty() || !options.source.locations.is_empty() {
        for path in options.paths {
            locations.push(Location {
                target: Target::Path(path.to_string_lossy().into_owned()),
                optional: false,
            });
        }
        for written in &options.source.locations {
            locations.push(flag_location(written)?);
        }
        ctx.start_dir.clone()
    } else if !config.config.catalog.locations.is_empty() {
        for entry in &config.config.catalog.locations {
            locations.push(config_location(entry, config)?);
        }
        config.dir.clone()
    } else {
        locations.push(Location {
            target: Target::Path(".".into()),
            optional: false,
        });
        config.dir.clone()
    };
    let request = LoadRequest {
        root: config.dir.clone(),
        display_base: ctx.start_dir.clone(),
        locations,
        base_dir,
        detail: options.detail,
        integrations: integrations(config, ctx)?,
        http: http_options(config, options.source)?,
        server_filters: options.server_filters,
        templates: config
            .config
            .templates
            .iter()
            .filter(|entry| !crate::scaffold::sources::is_git_url(entry))
            .map(|entry| config.dir.join(entry))
            .collect(),
    };
    let bar = ProgressBar::new(&ctx.terminal, "reading catalog");
    let terminal = ctx.terminal;
    let catalog = catalog::load(&request, &|progress| {
        if progress.remote {
            bar.update(progress.files_done, progress.files_known, progress.failures);
        }
        if progress.files_done == progress.files_known {
            terminal.verbose(&format!("read {} catalog files", progress.files_done));
        }
    });
    bar.finish();
    if let Some(tally) = &catalog.http {
        ctx.terminal.verbose(&describe_tally(tally));
    }
    Ok(Box::leak(Box::new(catalog)))
}

/// After listing: locations that could not be read make the exit code 1 (the
/// listing is incomplete), with one line on stderr each.
pub fn fetch_failures(catalog: &Catalog, ctx: &Context) -> Exit {
    let mut failed = false;
    for finding in catalog
        .findings
        .iter()
        .filter(|f| f.rule == catalog::Rule::Fetch)
    {
        let label = match finding.severity {
            catalog::Severity::Error => {
                failed = true;
                Label::Error
            }
            catalog::Severity::Warning => Label::Warning,
        };
        ctx.terminal
            .note(label, &format!("{} {}", finding.file, finding.message));
        if let Some(hint) = &finding.hint {
            ctx.terminal.note(Label::Hint, hint);
        }
    }
    if failed {
        Exit::Findings
    } else {
        Exit::Success
    }
}

fn flag_location(written: &str) -> Result<Location> {
    let invalid = |reason: String| Error::InvalidFlag {
        flag: "--location",
        value: written.to_string(),
        reason,
        hint: Some(
            "pass a path, an http(s) URL, or backstage:https://backstage.example.com".into(),
        ),
    };
    match written.strip_prefix("backstage:") {
        Some(url) => Location::backstage(url).map_err(invalid),
        None => Location::parse(written).map_err(invalid),
    }
}

fn config_location(entry: &LocationEntry, config: &config::Loaded) -> Result<Location> {
    let invalid = |message: String| Error::ConfigValue {
        path: config.path.clone().unwrap_or_default(),
        key: "catalog.locations".into(),
        message,
    };
    match entry {
        LocationEntry::Target { target, optional } => Location::parse(target)
            .map(|l| Location {
                optional: *optional,
                ..l
            })
            .map_err(invalid),
        LocationEntry::Backstage(url) => Location::backstage(url).map_err(invalid),
    }
}

/// The integrations from plat.yaml, with tokens read from the environment.
pub fn integrations(config: &config::Loaded, ctx: &Context) -> Result<Integrations> {
    let integrations = Integrations::from_config(config)?;
    if let Some(github) = &integrations.github
        && let (None, Some(name)) = (&github.token, &github.token_variable)
    {
        ctx.terminal.verbose(&format!(
            "{name} is not set: reading GitHub without a token"
        ));
    }
    Ok(integrations)
}

/// The HTTP client for API calls (GitHub, PagerDuty), with plat.yaml's
/// `http:` settings.
pub fn api_client(config: &config::Loaded, source: &SourceArgs) -> Result<http::Client> {
    http::Client::new(http_options(config, source)?).map_err(|e| Error::Usage {
        message: e.to_string(),
        hint: None,
    })
}

/// For `-v`: where the remote files came from.
fn describe_tally(tally: &http::Tally) -> String {
    if tally.offline > 0 {
        return format!("HTTP cache: {} read offline", tally.offline);
    }
    format!(
        "HTTP cache: {} fresh (no request), {} revalidated (304), {} fetched",
        tally.fresh, tally.revalidated, tally.fetched
    )
}

/// The HTTP settings of plat.yaml, with `--offline` and `--refresh`.
pub fn http_options(config: &config::Loaded, source: &SourceArgs) -> Result<http::Options> {
    let settings = &config.config.http;
    let mut options = http::Options {
        offline: source.offline,
        ..http::Options::default()
    };
    if let Some(concurrency) = settings.concurrency {
        options.concurrency = concurrency.max(1);
    }
    if let Some(timeout) = settings.timeout {
        options.timeout = timeout.0;
    }
    if let Some(timeout) = settings.connect_timeout {
        options.connect_timeout = timeout.0;
    }
    if let Some(retries) = settings.retries {
        options.retries = retries;
    }
    if let Some(max_age) = config.config.catalog.cache.max_age {
        options.freshness = http::Policy::MaxAge(max_age.0);
    }
    if source.refresh {
        options.freshness = http::Policy::Refresh;
    }
    Ok(options)
}
