//! What `plat new` prints: the plan of a dry run, the result of a local
//! or published run, links, text and log lines.

use std::path::Path;

use serde_json::json;

use super::NewFormat;
use crate::cli::Context;
use crate::error::{Exit, Result};
use crate::output::{self, Label, write_stdout};
use crate::scaffold::run::{Run, RunReport, Status};
use crate::scaffold::workspace;

pub fn show_plan(
    run: &Run<'_>,
    report: &RunReport,
    workspace: &Path,
    format: NewFormat,
    ctx: &Context,
) -> Result<Exit> {
    let files = workspace::tree(workspace);
    if format == NewFormat::Json {
        output::write_json(
            &json!({"dryRun": true, "steps": report.steps, "files": files, "links": report.links, "text": report.text, "log": report.log}),
        )?;
        return Ok(Exit::Success);
    }
    let mut out = format!(
        "Dry run of {}: nothing is written or sent.\n\n",
        run.template.name
    );
    for (i, step) in report.steps.iter().enumerate() {
        let status = match step.status {
            Status::Done => "runs",
            Status::Skipped => "skipped (if is false)",
            Status::NotRun => "would publish",
        };
        out.push_str(&format!(
            "{}. {} [{}] {status}\n",
            i + 1,
            step.name,
            step.action
        ));
        if !step.input.is_null() {
            for line in output::to_yaml(&step.input).lines() {
                out.push_str(&format!("     {line}\n"));
            }
        }
        for line in &step.sends {
            out.push_str(&format!("     -> {line}\n"));
        }
    }
    out.push_str(&format!(
        "\nFiles ({}):\n",
        files.iter().filter(|f| !f.ends_with('/')).count()
    ));
    for file in &files {
        out.push_str(&format!("  {file}\n"));
    }
    if !report.links.is_empty() || !report.text.is_empty() {
        out.push_str("\nWhen it runs, the template shows:\n");
        out.push_str(&links_and_text(report));
    }
    show_log(report, ctx);
    write_stdout(&run.mask(&out))?;
    Ok(Exit::Success)
}

fn links_and_text(report: &RunReport) -> String {
    let mut out = String::new();
    if !report.links.is_empty() {
        out.push_str("\nLinks:\n");
        for link in &report.links {
            let title = link["title"].as_str().unwrap_or("link");
            // Links that lead nowhere are already left out of the report.
            let target = link["url"]
                .as_str()
                .filter(|url| !url.is_empty())
                .or(link["entityRef"].as_str())
                .unwrap_or_default();
            out.push_str(&format!("  {title}: {target}\n"));
        }
    }
    for text in &report.text {
        out.push_str(&format!("\n{}\n", text["title"].as_str().unwrap_or("")));
        if let Some(content) = text["content"].as_str() {
            out.push_str(content.trim_end());
            out.push('\n');
        }
    }
    out
}

/// What `debug:log` steps said: messages, so on stderr.
fn show_log(report: &RunReport, ctx: &Context) {
    for line in &report.log {
        ctx.terminal
            .note(Label::Note, &format!("debug:log: {line}"));
    }
}

pub fn show_result(
    report: &RunReport,
    dir: &Path,
    commit: Option<&str>,
    format: NewFormat,
    ctx: &Context,
) -> Result<Exit> {
    if format == NewFormat::Json {
        output::write_json(
            &json!({"output": dir, "commit": commit, "steps": report.steps, "links": report.links, "text": report.text, "log": report.log}),
        )?;
        return Ok(Exit::Success);
    }
    let mut out = format!("Created {}", dir.display());
    if let Some(commit) = commit {
        out.push_str(&format!(
            " (first commit {})",
            &commit[..commit.len().min(12)]
        ));
    }
    out.push('\n');
    let skipped: Vec<_> = report
        .steps
        .iter()
        .filter(|s| s.status == Status::NotRun)
        .collect();
    if skipped.is_empty() {
        out.push_str(&links_and_text(report));
    } else {
        // The template's links and text are written for a published run
        // ("created and registered in the catalog"): shown here they would
        // claim what did not happen.
        out.push_str("\nSkipped, because --output does not publish:\n");
        for step in skipped {
            out.push_str(&format!("  {} ({})\n", step.name, step.action));
        }
        if !report.links.is_empty() || !report.text.is_empty() {
            out.push_str(
                "\nThe template's links and text describe the published service: \
                 --dry-run shows them.\n",
            );
        }
        out.push_str("To publish, run the same command without --output.\n");
    }
    show_log(report, ctx);
    write_stdout(&out)?;
    Ok(Exit::Success)
}

/// After publishing: the links and texts the template gives.
pub fn show_published(report: &RunReport, format: NewFormat, ctx: &Context) -> Result<Exit> {
    if format == NewFormat::Json {
        output::write_json(
            &json!({"steps": report.steps, "links": report.links, "text": report.text, "log": report.log}),
        )?;
        return Ok(Exit::Success);
    }
    show_log(report, ctx);
    let done = report
        .steps
        .iter()
        .filter(|s| s.status == Status::Done)
        .count();
    let mut out = format!("Done: {done} of {} steps ran.\n", report.steps.len());
    out.push_str(&links_and_text(report));
    write_stdout(&out)?;
    Ok(Exit::Success)
}
