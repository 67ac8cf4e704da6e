//! `plat catalog validate [PATH...]`: the CI linter. Findings in cargo's
//! style, as JSON, or as GitHub Actions workflow commands; exit 1 on any
//! error (or warning, with `--strict`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::super::Context;
use crate::catalog::{Catalog, DocumentVerdict, Finding, Severity};
use crate::error::{Exit, Result};
use crate::output::{self, Label, paint, write_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// Messages for people, grouped by file
    Human,
    /// One JSON object: summary, findings and every document's verdict
    Json,
    /// GitHub Actions workflow commands (::error file=...::)
    Github,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories or globs to check [default: the configured catalog]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat warnings (plat's checks beyond Backstage) as errors
    #[arg(long)]
    pub strict: bool,
    /// Output format
    #[arg(long, short = 'o', visible_alias = "output", value_enum, value_name = "FORMAT", default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    #[command(flatten)]
    pub source: super::SourceArgs,
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
    let mut catalog = super::load(
        ctx,
        super::LoadOptions {
            source: &args.source,
            paths: &args.paths,
            keep_documents: false,
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
        ValidateFormat::Json => output::write_json(&Report {
            findings: &catalog.findings,
            documents: &catalog.documents,
            summary,
        })?,
        ValidateFormat::Github => write_stdout(&github(&catalog))?,
        ValidateFormat::Human => {
            write_stdout(&human(&catalog, ctx.terminal.stdout_color))?;
            report_summary(&summary, ctx);
        }
    }
    Ok(if failed {
        Exit::Findings
    } else {
        Exit::Success
    })
}

fn human(catalog: &Catalog, color: bool) -> String {
    let mut out = String::new();
    for (_, findings) in catalog.findings_by_file() {
        for f in findings {
            let (label, style) = match f.severity {
                Severity::Error => ("error", Label::Error.style()),
                Severity::Warning => ("warning", Label::Warning.style()),
            };
            let head = paint(color, style, &format!("{label}[{}]", f.rule.name()));
            out.push_str(&format!("{head}: {}\n", f.message));
            let arrow = paint(color, Label::Hint.style(), "-->");
            out.push_str(&format!("  {arrow} {}:{}:{}", f.file, f.line, f.column));
            if let Some(entity) = &f.entity {
                out.push_str(&format!(" ({entity})"));
            }
            out.push('\n');
            if let Some(hint) = &f.hint {
                let label = paint(color, Label::Hint.style(), "hint");
                out.push_str(&format!("  = {label}: {hint}\n"));
            }
            out.push('\n');
        }
    }
    out
}

fn report_summary(summary: &Summary, ctx: &Context) {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let scope = format!(
        "{} in {}",
        plural(summary.documents, "document", "documents"),
        plural(summary.files, "file", "files")
    );
    if summary.errors > 0 {
        ctx.terminal.note(
            Label::Error,
            &format!(
                "{} and {} ({scope})",
                plural(summary.errors, "error", "errors"),
                plural(summary.warnings, "warning", "warnings")
            ),
        );
    } else if summary.warnings > 0 {
        ctx.terminal.note(
            Label::Warning,
            &format!(
                "{} ({scope}); no errors (--strict makes warnings fail)",
                plural(summary.warnings, "warning", "warnings")
            ),
        );
    } else {
        ctx.terminal
            .note(Label::Note, &format!("no problems ({scope})"));
    }
}

/// GitHub's workflow command format: data escapes %, CR and LF; property
/// values also escape `:` and `,`.
fn github(catalog: &Catalog) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for f in &catalog.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = f.message.clone();
        if let Some(entity) = &f.entity {
            message = format!("{entity}: {message}");
        }
        if let Some(hint) = &f.hint {
            message.push_str(&format!("\nhint: {hint}"));
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},title={}::{}\n",
            property(&f.file),
            f.line,
            f.column,
            property(&format!("plat catalog validate [{}]", f.rule.name())),
            data(&message)
        ));
    }
    out
}
