//! `plat update [DIR]`: brings a project made by `plat new` up to its
//! template's newer version (a three-way merge of the template's change into
//! the project); `--check` says whether one exists, `--all` lists the
//! catalog's entities that are behind, `--adopt` records a base for a
//! project plat did not make.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::Context;
use super::new::{find, values};
use super::source::{self, SourceArgs};
use crate::catalog::entity_ref::EntityRef;
use crate::error::{Error, Exit, Result};
use crate::output::{self, Label, write_stdout};
use crate::scaffold::behind::{self, Candidate, Status};
use crate::scaffold::record::{RECORD_FILE, Record, SOURCE_TEMPLATE_ANNOTATION};
use crate::scaffold::update::{self, Inputs};
use crate::scaffold::update_plan::{Action, ConflictStyle, PlanOptions, UpdatePlan};
use crate::scaffold::versions::{self, Fetching, Version, Which};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UpdateFormat {
    /// Messages and diffs for people
    #[default]
    Human,
    /// The plan, the check or the list as JSON
    Json,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConflictFlag {
    /// Conflict markers in the file, as git merge writes them
    #[default]
    Merge,
    /// The user's file kept; the template's change that did not apply in FILE.rej
    Rej,
}

#[derive(Debug, Default, Args)]
pub struct UpdateArgs {
    /// The project (the directory holding .plat/template.yaml)
    #[arg(value_name = "DIR", conflicts_with = "all")]
    pub dir: Option<PathBuf>,
    /// Update to this branch, tag or commit of the template's repository [default: the recorded branch, else the default branch]
    #[arg(long, value_name = "REF")]
    pub to: Option<String>,
    /// A parameter value (new parameters, or a changed one; repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Parameter values from a YAML or JSON file
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,
    /// A secret for ${{ secrets.KEY }} (repeatable; also PLAT_SECRET_<KEY>)
    #[arg(long = "secret", value_name = "KEY=VALUE")]
    pub secrets: Vec<String>,
    /// Show what each file would become, with unified diffs; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// How a file both sides changed is written when the changes overlap
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = ConflictFlag::Merge)]
    pub conflict: ConflictFlag,
    /// Update even though git reports uncommitted changes
    #[arg(long)]
    pub allow_dirty: bool,
    /// Exit 1 when a newer template version exists (changes nothing)
    #[arg(long, conflicts_with_all = ["dry_run", "adopt", "set", "values"])]
    pub check: bool,
    /// List the catalog's entities that are behind their template (with --dry-run)
    #[arg(long, conflicts_with_all = ["adopt", "to", "set", "values"])]
    pub all: bool,
    /// With --all: only this owner's entities (a group by default, e.g. payments or group:payments)
    #[arg(long, value_name = "OWNER", requires = "all")]
    pub owner: Option<String>,
    /// Record TEMPLATE (and the --set values) as the base of a project plat did not make; no other file changes
    #[arg(long, value_name = "TEMPLATE", conflicts_with_all = ["to", "dry_run"])]
    pub adopt: Option<String>,
    /// Output format
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT", default_value_t = UpdateFormat::Human)]
    pub format: UpdateFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: UpdateArgs, ctx: &Context) -> Result<Exit> {
    if args.all {
        return all(&args, ctx);
    }
    // No DIR is the directory plat runs in, shown without a trailing `./`.
    let project = match args.dir.as_deref() {
        Some(dir) => ctx.start_dir.join(dir),
        None => ctx.start_dir.clone(),
    };
    if !project.is_dir() {
        return Err(Error::Usage {
            message: format!("{} is not a directory", project.display()),
            hint: Some("pass the project's directory (the one holding .plat/template.yaml)".into()),
        });
    }
    if let Some(template) = &args.adopt {
        return adopt(&args, template, &project, ctx);
    }
    let record = Record::load(&project).map_err(Error::Record)?;
    let config = ctx.config()?;
    let integrations = source::integrations(config, ctx)?;
    let cache = crate::http::default_cache_dir();
    let fetching = Fetching {
        cache: cache.as_deref(),
        github: integrations.github.as_ref(),
    };
    if args.check {
        let newest = versions::fetch(&record, Which::Newest(args.to.as_deref()), &fetching)?;
        return show_check(&record, &newest, args.format, ctx);
    }
    if !args.allow_dirty && !args.dry_run {
        check_clean(&project)?;
    }
    let base = versions::fetch(&record, Which::Recorded, &fetching)?;
    let new = versions::fetch(&record, Which::Newest(args.to.as_deref()), &fetching)?;
    ctx.terminal.verbose(&format!(
        "{}: base {}, new {}",
        record.template,
        describe(&base),
        describe(&new)
    ));

    let catalog = source::load_documents(ctx, &args.source)?;
    let new_values = values::collect(
        &new.template,
        record.values.clone(),
        args.values.as_deref(),
        &args.set,
        catalog,
        ctx,
    )?;
    // Password fields are not recorded: the base gets the ones given now.
    let mut base_values = record.values.clone();
    for key in values::secret_keys(&new.template, &new_values) {
        if let Some(value) = new_values.get(&key) {
            base_values.insert(key, value.clone());
        }
    }
    let secrets = values::secrets(&args.secrets)?;
    let mut masked: Vec<String> = secrets
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    masked.extend(values::secret_values(&new.template, &new_values));
    let kept = values::without_secrets(&new.template, &new_values);
    let user = values::user(catalog);
    let options = PlanOptions {
        conflict_style: match args.conflict {
            ConflictFlag::Merge => ConflictStyle::Markers,
            ConflictFlag::Rej => ConflictStyle::Rej,
        },
        ..PlanOptions::default()
    };
    let planned = update::plan(
        &project,
        &record,
        &base,
        &new,
        &Inputs {
            base_values: &base_values,
            new_values: &new_values,
            kept_values: &kept,
            secrets: &secrets,
            user: &user,
            masked: &masked,
        },
        &options,
    )?;
    let conflicts = planned.plan.conflicts();
    if args.dry_run {
        show_plan(&record, &new, &planned.plan, true, &masked, args.format)?;
    } else {
        crate::scaffold::update_plan::apply(&planned.plan, &project)
            .map_err(|e| Error::Update(e.into()))?;
        show_plan(&record, &new, &planned.plan, false, &masked, args.format)?;
        if conflicts > 0 {
            ctx.terminal.note(
                Label::Warning,
                &format!(
                    "{conflicts} file(s) with conflicts: resolve them (see `git status`), then commit"
                ),
            );
        } else if planned.plan.entries.iter().any(|e| e.writes()) {
            ctx.terminal
                .note(Label::Note, "updated; review with `git diff`, then commit");
        } else {
            ctx.terminal.note(
                Label::Note,
                &format!(
                    "nothing to update: the project is at {}'s newest version",
                    record.template
                ),
            );
        }
    }
    Ok(if conflicts > 0 {
        Exit::Findings
    } else {
        Exit::Success
    })
}

fn describe(version: &Version) -> String {
    match &version.repository {
        Some(repository) => format!(
            "commit {}",
            repository.commit.chars().take(12).collect::<String>()
        ),
        None => version.digest.chars().take(19).collect(),
    }
}

/// Nothing is written over uncommitted work: git must report a clean tree.
fn check_clean(project: &Path) -> Result<()> {
    match update::uncommitted(project) {
        None => Err(Error::Usage {
            message: format!("{} is not in a git repository", project.display()),
            hint: Some("plat update leaves its changes for review in git; commit the project to git first, or pass --allow-dirty".into()),
        }),
        Some(changed) if !changed.is_empty() => Err(Error::Usage {
            message: format!(
                "the working tree has uncommitted changes: {}",
                shorten(&changed)
            ),
            hint: Some("commit or stash them first (the update is then reviewed with `git diff`), or pass --allow-dirty".into()),
        }),
        Some(_) => Ok(()),
    }
}

fn shorten(paths: &[String]) -> String {
    let mut shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    let more = paths.len().saturating_sub(5);
    let more_text = format!("and {more} more");
    if more > 0 {
        shown.push(&more_text);
    }
    shown.join(", ")
}

#[derive(Serialize)]
struct Check<'a> {
    template: &'a str,
    recorded: String,
    newest: String,
    behind: bool,
}

fn show_check(
    record: &Record,
    newest: &Version,
    format: UpdateFormat,
    ctx: &Context,
) -> Result<Exit> {
    let behind = newest.digest != record.digest;
    let check = Check {
        template: &record.template,
        recorded: record.short_version(),
        newest: behind::version_label(newest),
        behind,
    };
    match format {
        UpdateFormat::Json => output::write_json(&check)?,
        UpdateFormat::Human if behind => write_stdout(&format!(
            "{}: a newer version exists ({} -> {}); run `plat update`\n",
            check.template, check.recorded, check.newest
        ))?,
        UpdateFormat::Human => ctx.terminal.note(
            Label::Note,
            &format!("{}: up to date ({})", check.template, check.recorded),
        ),
    }
    Ok(if behind {
        Exit::Findings
    } else {
        Exit::Success
    })
}

fn show_plan(
    record: &Record,
    new: &Version,
    plan: &UpdatePlan,
    dry_run: bool,
    masked: &[String],
    format: UpdateFormat,
) -> Result<()> {
    // Diffs show file contents, which may hold a password value.
    let mask = |text: &str| {
        masked
            .iter()
            .filter(|secret| !secret.is_empty())
            .fold(text.to_string(), |text, secret| {
                text.replace(secret.as_str(), "***")
            })
    };
    // What changes, and what is worth knowing although it does not: a file
    // the template removed but the user changed, one the user deleted.
    let changing = plan.entries.iter().filter(|e| {
        e.writes() || e.conflicts > 0 || e.note.is_some() || e.action == Action::DeletedByUser
    });
    if format == UpdateFormat::Json {
        let files: Vec<Json> = plan
            .entries
            .iter()
            .map(|entry| {
                let mut value = serde_json::to_value(entry).unwrap_or_default();
                value["diff"] = Json::String(mask(&entry.diff));
                value
            })
            .collect();
        return output::write_json(&serde_json::json!({
            "template": record.template,
            "from": record.short_version(),
            "to": behind::version_label(new),
            "dryRun": dry_run,
            "conflicts": plan.conflicts(),
            "files": files,
        }));
    }
    let mut out = format!(
        "{} {} -> {}{}\n",
        record.template,
        record.short_version(),
        behind::version_label(new),
        if dry_run {
            " (dry run: nothing is written)"
        } else {
            ""
        }
    );
    let mut diffs = String::new();
    for entry in changing {
        let path = match &entry.from {
            Some(from) => format!("{from} -> {}", entry.path),
            None => entry.path.clone(),
        };
        let mut line = format!("  {:<15} {path}", action_label(entry.action));
        if let Some(rejects) = &entry.rejects {
            line.push_str(&format!(" (the template's change in {rejects})"));
        } else if entry.action == Action::Keep && entry.note.is_some() {
            line.push_str(" (removed by the template; kept: you changed it)");
        } else if entry.action == Action::BinaryConflict {
            line.push_str(" (a binary file both changed: yours is kept)");
        }
        out.push_str(&line);
        out.push('\n');
        diffs.push_str(&mask(&entry.diff));
    }
    if dry_run && !diffs.is_empty() {
        out.push('\n');
        out.push_str(&diffs);
    }
    write_stdout(&out)
}

fn action_label(action: Action) -> &'static str {
    match action {
        Action::Add => "added",
        Action::Update => "updated",
        Action::Merge => "merged",
        Action::Conflict => "conflict",
        Action::BinaryConflict => "conflict",
        Action::Remove => "removed",
        Action::Keep => "kept",
        Action::Rename => "renamed",
        Action::DeletedByUser => "deleted by you",
    }
}

/// `--adopt TEMPLATE`: the record of a project plat did not make, so that
/// later template versions can be merged into it.
fn adopt(args: &UpdateArgs, template: &str, project: &Path, ctx: &Context) -> Result<Exit> {
    let catalog = source::load_documents(ctx, &args.source)?;
    let config = ctx.config()?;
    let integrations = source::integrations(config, ctx)?;
    let chosen = find::find(
        ctx,
        catalog,
        find::Wanted::Argument(Some(template)),
        args.source.refresh,
        &integrations,
    )?;
    let template = &chosen.available.template;
    let collected = values::collect(
        template,
        Map::new(),
        args.values.as_deref(),
        &args.set,
        catalog,
        ctx,
    )?;
    let record = Record::new(
        template,
        &chosen.available.origin,
        chosen.asked.as_ref(),
        chosen.source.as_ref(),
        crate::http::default_cache_dir().as_deref(),
        values::without_secrets(template, &collected),
    );
    let path = project.join(RECORD_FILE);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::Output)?;
    }
    crate::files::write_atomically(&path, record.to_yaml().as_bytes()).map_err(Error::Output)?;
    match args.format {
        UpdateFormat::Json => output::write_json(&record)?,
        UpdateFormat::Human => ctx.terminal.note(
            Label::Note,
            &format!(
                "recorded {} ({}) as the base of {} in {}; later versions merge with `plat update`",
                record.template,
                record.short_version(),
                project.display(),
                RECORD_FILE
            ),
        ),
    }
    Ok(Exit::Success)
}

/// `--all --dry-run`: which of the catalog's entities are behind.
fn all(args: &UpdateArgs, ctx: &Context) -> Result<Exit> {
    if !args.dry_run {
        return Err(Error::Usage {
            message: "--all lists the entities that are behind; it needs --dry-run".into(),
            hint: Some("run `plat update --all --dry-run`, then `plat update DIR` in each project (or open a pull request per project from CI with --check)".into()),
        });
    }
    let catalog = source::load_documents(ctx, &args.source)?;
    let owner = match &args.owner {
        Some(owner) => Some(
            EntityRef::parse(owner, Some("group"), "default")
                .map_err(|e| Error::InvalidFlag {
                    flag: "--owner",
                    value: owner.clone(),
                    reason: e.to_string(),
                    hint: Some("e.g. --owner payments or --owner group:payments".into()),
                })?
                .key(),
        ),
        None => None,
    };
    let config = ctx.config()?;
    let integrations = source::integrations(config, ctx)?;
    let cache = crate::http::default_cache_dir();
    let fetching = Fetching {
        cache: cache.as_deref(),
        github: integrations.github.as_ref(),
    };
    let candidates = catalog
        .entities()
        .iter()
        .filter(|entity| {
            owner
                .as_deref()
                .is_none_or(|owner| entity.owner() == Some(owner))
        })
        .map(|entity| Candidate {
            entity: entity.key().to_string(),
            dir: entity
                .local_file()
                .and_then(|file| file.parent().map(Path::to_path_buf)),
            annotated: entity.json["metadata"]["annotations"][SOURCE_TEMPLATE_ANNOTATION]
                .as_str()
                .map(str::to_string),
        })
        .collect();
    let listed = behind::list(candidates, &fetching);
    let behind = listed.iter().filter(|l| l.status == Status::Behind).count();
    match args.format {
        UpdateFormat::Json => output::write_json(&listed)?,
        UpdateFormat::Human => {
            let rows = listed
                .iter()
                .map(|l| {
                    vec![
                        l.entity.clone(),
                        l.template.clone().unwrap_or_else(|| "-".into()),
                        l.recorded.clone().unwrap_or_else(|| "-".into()),
                        l.newest.clone().unwrap_or_else(|| "-".into()),
                        match &l.problem {
                            Some(problem) => format!("{}: {problem}", l.status),
                            None => l.status.to_string(),
                        },
                    ]
                })
                .collect();
            write_stdout(&output::table(
                &["entity", "template", "recorded", "newest", "status"],
                rows,
                !ctx.terminal.stdout_is_terminal,
            ))?;
            if listed.is_empty() {
                ctx.terminal.note(
                    Label::Note,
                    "no entity in the catalog was made from a template (none has .plat/template.yaml beside its catalog-info.yaml)",
                );
            }
        }
    }
    Ok(if behind > 0 {
        Exit::Findings
    } else {
        Exit::Success
    })
}
