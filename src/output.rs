//! Writing results: data to stdout, messages to stderr, colour only on a
//! terminal (and never with NO_COLOR), tables in kubectl's plain style.

use std::io::{self, IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// How output looks on each stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    pub stdout_color: bool,
    pub stderr_color: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    pub quiet: bool,
    pub verbose: u8,
}

impl Terminal {
    pub fn detect(color: ColorWhen, quiet: bool, verbose: u8) -> Terminal {
        let stdout_is_terminal = io::stdout().is_terminal();
        let stderr_is_terminal = io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_terminal: bool| {
            !no_color
                && match color {
                    ColorWhen::Always => true,
                    ColorWhen::Never => false,
                    ColorWhen::Auto => {
                        is_terminal && std::env::var("TERM").map_or(true, |t| t != "dumb")
                    }
                }
        };
        Terminal {
            stdout_color: decide(stdout_is_terminal),
            stderr_color: decide(stderr_is_terminal),
            stdout_is_terminal,
            stderr_is_terminal,
            quiet,
            verbose,
        }
    }

    /// Plain output for tests and pipes.
    pub fn plain() -> Terminal {
        Terminal {
            stdout_color: false,
            stderr_color: false,
            stdout_is_terminal: false,
            stderr_is_terminal: false,
            quiet: false,
            verbose: 0,
        }
    }

    /// A message on stderr, unless `--quiet`.
    pub fn note(&self, label: Label, message: &str) {
        if self.quiet {
            return;
        }
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "{}: {message}",
            paint(self.stderr_color, label.style(), label.text())
        );
    }

    /// Detail shown with `-v`.
    pub fn verbose(&self, message: &str) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }
}

/// The word in front of a message on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Error,
    Warning,
    Hint,
    Note,
}

impl Label {
    fn text(self) -> &'static str {
        match self {
            Label::Error => "error",
            Label::Warning => "warning",
            Label::Hint => "hint",
            Label::Note => "note",
        }
    }

    pub fn style(self) -> Style {
        match self {
            Label::Error => AnsiColor::Red.on_default().bold(),
            Label::Warning => AnsiColor::Yellow.on_default().bold(),
            Label::Hint => AnsiColor::Cyan.on_default().bold(),
            Label::Note => AnsiColor::Green.on_default().bold(),
        }
    }
}

/// A progress bar on stderr for work that takes more than a moment: shown
/// only on a terminal, never with `--quiet`, and only once the work has
/// gone on for a quarter of a second.
pub struct ProgressBar {
    enabled: bool,
    started: std::time::Instant,
    label: &'static str,
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl ProgressBar {
    pub fn new(terminal: &Terminal, label: &'static str) -> ProgressBar {
        ProgressBar {
            enabled: terminal.stderr_is_terminal && !terminal.quiet,
            started: std::time::Instant::now(),
            label,
            bar: std::sync::Mutex::new(None),
        }
    }

    pub fn update(&self, done: usize, total: usize, failures: usize) {
        if !self.enabled {
            return;
        }
        let mut bar = self.bar.lock().expect("no panics while holding the lock");
        if bar.is_none() {
            if self.started.elapsed() < std::time::Duration::from_millis(250) {
                return;
            }
            let new = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} files {msg}",
            ) {
                new.set_style(style.progress_chars("=> "));
            }
            new.set_prefix(self.label);
            *bar = Some(new);
        }
        if let Some(bar) = bar.as_ref() {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            if failures > 0 {
                bar.set_message(format!("({failures} failed)"));
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self
            .bar
            .lock()
            .expect("no panics while holding the lock")
            .take()
        {
            bar.finish_and_clear();
        }
    }
}

/// A spinner with a message on stderr, for waits: only on a terminal and
/// never with `--quiet`; elsewhere the messages go to `-v`.
pub struct Spinner {
    bar: Option<indicatif::ProgressBar>,
    terminal: Terminal,
}

impl Spinner {
    pub fn new(terminal: &Terminal) -> Spinner {
        let bar = (terminal.stderr_is_terminal && !terminal.quiet).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            // Without a style, indicatif draws an empty bar ("0/0").
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Spinner {
            bar,
            terminal: *terminal,
        }
    }

    pub fn message(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(text.to_string()),
            None => self.terminal.verbose(text),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The age of an object created at `created` (RFC 3339), kubectl's way;
/// `-` when unknown.
pub fn age(created: Option<&str>, now: jiff::Timestamp) -> String {
    let Some(created) = created.and_then(|c| c.parse::<jiff::Timestamp>().ok()) else {
        return "-".into();
    };
    short_duration(now.as_second() - created.as_second())
}

/// kubectl's short ages: 45s, 12m, 5h, 3d.
pub fn short_duration(seconds: i64) -> String {
    let s = seconds.abs();
    let text = match s {
        0..=119 => format!("{s}s"),
        120..=7199 => format!("{}m", s / 60),
        7200..=172_799 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    };
    if seconds < 0 {
        format!("-{text}")
    } else {
        text
    }
}

/// `text` in `style` when colour is on.
pub fn paint(color: bool, style: Style, text: &str) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// Writes all of `text` to stdout. A closed pipe (`plat ... | head`) is not
/// an error worth a message: the reader has what it wanted.
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Error::Output),
    }
}

/// Writes `value` to stdout as pretty JSON, streamed rather than built as
/// one string (validation reports of large catalogs are megabytes).
pub fn write_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Error::Output),
    }
}

pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("output values serialize to JSON");
    text.push('\n');
    text
}

pub fn to_yaml<T: Serialize + ?Sized>(value: &T) -> String {
    let text = serde_norway::to_string(value).expect("output values serialize to YAML");
    quote_timestamps(&text)
}

/// Plain scalars that YAML 1.1 readers (PyYAML, go-yaml v2) take for
/// timestamps are quoted, so that they stay strings everywhere.
fn quote_timestamps(text: &str) -> String {
    static TIMESTAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^(\s*(?:- )*(?:[^\s:'\x22#][^:]*: |- ))(\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$")
            .expect("static regex")
    });
    TIMESTAMP.replace_all(text, "$1'$2'").into_owned()
}

/// A table in kubectl's style: upper-case headers, no borders, columns
/// separated by spaces. Without a terminal (`plain`), rows are
/// tab-separated with no header, as gh prints them for scripts.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>, plain: bool) -> String {
    if plain {
        let mut out = String::new();
        for row in rows {
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        return out;
    }
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().map(|h| h.to_uppercase()));
    for row in rows {
        table.add_row(row);
    }
    for column in table.column_iter_mut() {
        column.set_cell_alignment(CellAlignment::Left);
        column.set_padding((0, 3));
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_aligned_without_borders() {
        let t = table(
            &["name", "kind"],
            vec![
                vec!["a".into(), "Component".into()],
                vec!["long-name".into(), "API".into()],
            ],
            false,
        );
        assert_eq!(
            t,
            "NAME        KIND\na           Component\nlong-name   API\n"
        );
    }

    #[test]
    fn plain_tables_are_tab_separated() {
        let t = table(&["name"], vec![vec!["a".into(), "b".into()]], true);
        assert_eq!(t, "a\tb\n");
    }

    #[test]
    fn paint_only_with_colour() {
        assert_eq!(paint(false, Label::Error.style(), "x"), "x");
        assert!(paint(true, Label::Error.style(), "x").contains("\u{1b}["));
    }

    #[test]
    fn timestamps_are_quoted_in_yaml() {
        let value = serde_json::json!({"expires": "2026-11-30T09:30:12Z", "day": "2026-11-30", "list": ["2026-01-02T03:04:05Z"], "text": "at 2026-11-30"});
        let yaml = to_yaml(&value);
        assert!(yaml.contains("expires: '2026-11-30T09:30:12Z'"), "{yaml}");
        assert!(yaml.contains("day: '2026-11-30'"), "{yaml}");
        assert!(yaml.contains("- '2026-01-02T03:04:05Z'"), "{yaml}");
        assert!(yaml.contains("text: at 2026-11-30"), "{yaml}");
        let back: serde_json::Value = serde_norway::from_str(&yaml).unwrap();
        assert_eq!(back, value);
    }
}
