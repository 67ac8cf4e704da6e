//! `plat catalog validate [PATH...]`: the CI linter. Findings in cargo's
//! style, as JSON, or as GitHub Actions workflow commands; exit 1 on any
//! error (or warning, with `--strict`).

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::super::Context;
use super::super::findings::{self, FindingsFormat, plural};
use super::super::source;
use crate::catalog::Detail;
use crate::catalog::{DocumentVerdict, Finding, Severity};
use crate::error::{Exit, Result};
use crate::output::{self, write_stdout};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories or globs to check [default: the configured catalog]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat warnings (plat's checks beyond Backstage) as errors
    #[arg(long)]
    pub strict: bool,
    /// Output format
    #[arg(long, short = 'o', visible_alias = "output", value_enum, value_name = "FORMAT", default_value_t = FindingsFormat::Human)]
    pub format: FindingsFormat,
    #[command(flatten)]
    pub source: source::SourceArgs,
}

#[derive(Debug, Serialize)]
struct Summary {
    files: usize,
    documents: usize,
    entities: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    summary: Summary,
    findings: &'a [Finding],
    documents: &'a [DocumentVerdict],
}

pub fn run(args: ValidateArgs, ctx: &Context) -> Result<Exit> {
    let catalog = source::load(
        ctx,
        source::LoadOptions {
            source: &args.source,
            paths: &args.paths,
            detail: Detail::Refs,
            server_filters: Vec::new(),
        },
    )?;
    if args.strict {
        for finding in &mut catalog.findings {
            finding.severity = Severity::Error;
        }
    }
    let summary = Summary {
        files: catalog.files_read,
        documents: catalog.documents.len(),
        entities: catalog.entities().len(),
        errors: catalog.errors(),
        warnings: catalog.warnings(),
    };
    let failed = summary.errors > 0;
    match args.format {
        FindingsFormat::Json => output::write_json(&Report {
            findings: &catalog.findings,
            documents: &catalog.documents,
            summary,
        })?,
        FindingsFormat::Github => write_stdout(&findings::github(
            &catalog.findings,
            "plat catalog validate",
        ))?,
        FindingsFormat::Human => {
            write_stdout(&findings::human(
                &catalog.findings,
                ctx.terminal.stdout_color,
            ))?;
            report_summary(&summary, ctx);
        }
    }
    Ok(if failed {
        Exit::Findings
    } else {
        Exit::Success
    })
}

fn report_summary(summary: &Summary, ctx: &Context) {
    let scope = format!(
        "({} in {})",
        plural(summary.documents, "document", "documents"),
        plural(summary.files, "file", "files")
    );
    findings::report_summary(&ctx.terminal, summary.errors, summary.warnings, &scope);
}
