//! Publishing a run: a preflight that checks every publishing step first
//! (all problems at once, nothing changed), then the real run in a kept
//! directory; a failure after something was published leaves a state file
//! for `plat new --resume`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::{NewFormat, scratch, show};
use crate::cli::Context;
use crate::error::{Error, Exit, Result};
use crate::output::Label;
use crate::scaffold::actions;
use crate::scaffold::location::TemplateLocation;
use crate::scaffold::publish::Publishers;
use crate::scaffold::run::{Mode, Run, RunError, Status, StepReport};
use crate::scaffold::state::{self, Failed, State};

pub fn publish<'a>(
    run: &mut Run<'a>,
    publishers: &'a Publishers<'a>,
    kept_values: Json,
    source: Option<TemplateLocation>,
    resume: Option<PathBuf>,
    format: NewFormat,
    ctx: &Context,
) -> Result<Exit> {
    preflight(run, publishers, resume.as_deref(), ctx)?;

    let fresh = resume.is_none();
    let dir = match resume {
        Some(dir) => dir,
        None => {
            let runs = crate::http::default_cache_dir()
                .unwrap_or_else(|| std::env::temp_dir().join("plat"))
                .join("runs");
            state::new_run_dir(&runs, &run.template.name).map_err(Error::Output)?
        }
    };
    run.mode = Mode::Publish(publishers);
    let terminal = ctx.terminal;
    // Until something is published, an interrupted run has nothing worth
    // keeping; from then on, the state is written after every step, so that
    // Ctrl-C (or a crash) leaves a run `--resume` can finish.
    let discard_on_interrupt =
        RefCell::new(fresh.then(|| crate::interrupt::remove_on_interrupt(&dir)));
    let resume_note = RefCell::new(None);
    let journal = RefCell::new(run.resumed.clone());
    let on_step = |step: &StepReport| {
        if is_published(step) {
            terminal.note(Label::Note, &format!("{}: {}", step.name, summary(step)));
        }
        let mut journal = journal.borrow_mut();
        journal.push(step.clone());
        if !journal.iter().any(is_published) {
            return;
        }
        let state = State::new(
            &run.template.name,
            source.clone(),
            kept_values.clone(),
            journal.clone(),
            None,
        );
        if state.save(&dir).is_ok() && resume_note.borrow().is_none() {
            discard_on_interrupt.borrow_mut().take();
            *resume_note.borrow_mut() = Some(crate::interrupt::note_on_interrupt(format!(
                "what was published is kept in {}: `plat new --resume {}` finishes the run",
                dir.display(),
                dir.display()
            )));
        }
    };
    match run.execute(&state::workspace(&dir), &on_step) {
        Ok(report) => {
            // Everything is published: the kept copy has done its job.
            let _ = std::fs::remove_dir_all(&dir);
            show::show_published(&report, format, ctx)
        }
        Err(RunError::Step {
            step,
            action,
            message,
            done,
        }) => {
            let published: Vec<&StepReport> = done.iter().filter(|s| is_published(s)).collect();
            if published.is_empty() {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(Error::Step {
                    message: format!("step `{step}` ({action}) failed: {message}"),
                });
            }
            let failed = Failed {
                step: step.clone(),
                action: action.clone(),
                message: message.clone(),
            };
            State::new(
                &run.template.name,
                source,
                kept_values,
                done.clone(),
                Some(failed),
            )
            .save(&dir)
            .map_err(Error::Output)?;
            Err(Error::PartlyPublished {
                done: published
                    .iter()
                    .map(|s| format!("{}: {}", s.name, summary(s)))
                    .collect(),
                failed: format!("step `{step}` ({action}): {message}"),
                dir,
            })
        }
        Err(error @ RunError::Output(_)) => Err(Error::Step {
            message: error.to_string(),
        }),
    }
}

/// Checks every publishing step that is still to run, changing nothing.
fn preflight<'a>(
    run: &mut Run<'a>,
    publishers: &'a Publishers<'a>,
    resume: Option<&Path>,
    ctx: &Context,
) -> Result<()> {
    run.mode = Mode::Preflight(publishers);
    let workspace = scratch(resume)?;
    ctx.terminal
        .verbose("preflight: checking every publishing step");
    let report = run
        .execute(workspace.path(), &|_| {})
        .map_err(|error| Error::Step {
            message: error.to_string(),
        })?;
    let problems: Vec<String> = report
        .steps
        .iter()
        .skip(run.resumed.len())
        .flat_map(|step| {
            step.problems
                .iter()
                .map(move |p| format!("step `{}` ({}): {p}", step.name, step.action))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Preflight { problems })
    }
}

/// A publishing step that ran: it changed something outside the workspace.
fn is_published(step: &StepReport) -> bool {
    step.status == Status::Done && actions::workspace_action(&step.action).is_none()
}

/// What a finished publishing step made, in a few words.
fn summary(step: &StepReport) -> String {
    let output = &step.output;
    for key in ["remoteUrl", "serviceUrl", "entityRef", "catalogInfoUrl"] {
        if let Some(value) = output[key].as_str() {
            return format!("done ({value})");
        }
    }
    if output == &json!({}) || output.is_null() {
        "done".into()
    } else {
        format!("done ({output})")
    }
}
