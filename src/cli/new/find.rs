//! Finding templates: every source listed (`--list`), one named by its
//! place (a path or URL) or chosen by name or from a pick list, and checked
//! before anything runs.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::NewFormat;
use crate::catalog::Catalog;
use crate::cli::Context;
use crate::error::{Error, Exit, Result};
use crate::integrations::Integrations;
use crate::output::{self, Label, write_stdout};
use crate::scaffold::actions;
use crate::scaffold::location::{Fetching, TemplateLocation};
use crate::scaffold::run::unknown_actions;
use crate::scaffold::sources::{self, Available, Discover, SourceProblem};
use crate::scaffold::template::Template;

/// Every template; the problems of those that could not be read are
/// reported on stderr and returned.
pub fn discover(
    ctx: &Context,
    catalog: &Catalog,
    refresh: bool,
) -> Result<(Vec<Available>, Vec<SourceProblem>)> {
    let config = ctx.config()?;
    let templates_in_catalog: Vec<(String, PathBuf)> = catalog
        .entities()
        .iter()
        .filter(|e| e.reference.kind == "Template")
        .filter_map(|e| Some((e.key().to_string(), e.local_file()?)))
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

pub fn list(available: &[Available], format: NewFormat, ctx: &Context) -> Result<Exit> {
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

/// The template a run uses, and where it was read when it was named by
/// its place (recorded for `--resume`).
pub struct Chosen {
    pub available: Available,
    pub source: Option<TemplateLocation>,
    /// The place as it was named (a URL's `#ref` included), for the record.
    pub asked: Option<TemplateLocation>,
}

/// What names the template: the TEMPLATE argument, or a resumed run's state.
pub enum Wanted<'a> {
    Argument(Option<&'a str>),
    Resumed {
        name: &'a str,
        source: Option<&'a TemplateLocation>,
    },
}

/// The template to run. A path or URL is read from there (and nothing
/// else is looked through); a name is looked up among every source.
pub fn find(
    ctx: &Context,
    catalog: &Catalog,
    wanted: Wanted<'_>,
    refresh: bool,
    integrations: &Integrations,
) -> Result<Chosen> {
    let located = match &wanted {
        Wanted::Argument(Some(argument)) => {
            TemplateLocation::parse(argument, &ctx.start_dir, &integrations.github_hosts())
                .map(|location| (location, argument.to_string()))
        }
        Wanted::Resumed {
            source: Some(source),
            ..
        } => Some(((*source).clone(), source.to_string())),
        _ => None,
    };
    if let Some((location, argument)) = located {
        let cache = crate::http::default_cache_dir();
        let located = location.load(
            &argument,
            &Fetching {
                cache: cache.as_deref(),
                refresh,
                github: integrations.github.as_ref(),
            },
        )?;
        ctx.terminal.verbose(&format!(
            "template {} from {}",
            located.available.template.name, located.pinned
        ));
        return Ok(Chosen {
            available: located.available,
            source: Some(located.pinned),
            asked: Some(location),
        });
    }
    let name = match wanted {
        Wanted::Argument(name) => name,
        Wanted::Resumed { name, .. } => Some(name),
    };
    let (available, problems) = discover(ctx, catalog, refresh)?;
    let chosen = choose(&available, &problems, name, ctx)?.clone();
    Ok(Chosen {
        available: chosen,
        source: None,
        asked: None,
    })
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
                let here = Path::new(".").join(name);
                if broken.is_empty() && ctx.start_dir.join(&here).join("template.yaml").is_file() {
                    Error::Usage {
                        message: format!("no template named `{name}`"),
                        hint: Some(format!(
                            "{} holds a template.yaml: to run it, write `plat new {}` (a path has a / in it)",
                            here.display(),
                            here.display()
                        )),
                    }
                } else if broken.is_empty() {
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
pub fn check_template(template: &Template) -> Result<()> {
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
