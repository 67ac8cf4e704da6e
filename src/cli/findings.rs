//! Findings as `plat catalog validate` and `plat deps --check` print them:
//! cargo-style messages grouped by file, JSON, or GitHub Actions workflow
//! commands.

use clap::ValueEnum;

use crate::catalog::{Finding, Severity};
use crate::output::{Label, Terminal, paint};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingsFormat {
    /// Messages for people, grouped by file
    Human,
    /// One JSON object: a summary and the findings (and more, per command)
    Json,
    /// GitHub Actions workflow commands (::error file=...::)
    Github,
}

/// Findings for people, in cargo's style; `findings` sorted by file.
pub fn human(findings: &[Finding], color: bool) -> String {
    let mut out = String::new();
    for f in findings {
        let (label, style) = match f.severity {
            Severity::Error => ("error", Label::Error.style()),
            Severity::Warning => ("warning", Label::Warning.style()),
        };
        let head = paint(color, style, &format!("{label}[{}]", f.rule.name()));
        out.push_str(&format!("{head}: {}\n", f.message));
        let arrow = paint(color, Label::Hint.style(), "-->");
        if f.line == 0 {
            out.push_str(&format!("  {arrow} {}", f.file));
        } else {
            out.push_str(&format!("  {arrow} {}:{}:{}", f.file, f.line, f.column));
        }
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
    out
}

/// GitHub's workflow command format: data escapes %, CR and LF; property
/// values also escape `:` and `,`.
pub fn github(findings: &[Finding], tool: &str) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for f in findings {
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
            f.line.max(1),
            f.column.max(1),
            property(&format!("{tool} [{}]", f.rule.name())),
            data(&message)
        ));
    }
    out
}

/// `n` things, in the singular or plural.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line on stderr: how many errors and warnings, in `scope`
/// (e.g. "(3 documents in 2 files)").
pub fn report_summary(terminal: &Terminal, errors: usize, warnings: usize, scope: &str) {
    if errors > 0 {
        terminal.note(
            Label::Error,
            &format!(
                "{} and {} {scope}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            ),
        );
    } else if warnings > 0 {
        terminal.note(
            Label::Warning,
            &format!(
                "{} {scope}; no errors (--strict makes warnings fail)",
                plural(warnings, "warning", "warnings")
            ),
        );
    } else {
        terminal.note(Label::Note, &format!("no problems {scope}"));
    }
}
