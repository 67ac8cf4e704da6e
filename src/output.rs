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

/// `-o` of commands that list data: a table for people, or a document for
/// scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table on a terminal; tab-separated rows without a header in a pipe
    #[default]
    Human,
    /// JSON (schema in the README)
    Json,
    /// The same document as YAML
    Yaml,
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
        message_line(&format!(
            "{}: {message}",
            paint(self.stderr_color, label.style(), label.text())
        ));
    }

    /// Detail shown with `-v`.
    pub fn verbose(&self, message: &str) {
        if self.verbose > 0 && !self.quiet {
            message_line(message);
        }
    }
}

/// The spinner or progress bar on stderr, while one is showing.
static SHOWING: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

fn showing() -> Option<indicatif::ProgressBar> {
    SHOWING.lock().ok().and_then(|showing| showing.clone())
}

fn show(bar: Option<&indicatif::ProgressBar>) {
    if let Ok(mut showing) = SHOWING.lock() {
        *showing = bar.cloned();
    }
}

/// A line on stderr. While a spinner or bar is showing there, it is taken
/// away for the line and drawn again below it: written over it, the line
/// would be left with the bar's fragments in front.
fn message_line(line: &str) {
    let write = || {
        let _ = writeln!(io::stderr().lock(), "{line}");
    };
    match showing() {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Clears the spinner or bar showing on stderr, if any (on Ctrl-C, before
/// the last message).
pub fn clear_progress() {
    if let Some(bar) = showing() {
        bar.finish_and_clear();
    }
    show(None);
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
            show(Some(&new));
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
            show(None);
        }
    }
}

/// Also when the work ends with an error: nothing is left on the terminal.
impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A spinner with a message on stderr, for waits: only on a terminal and
/// never with `--quiet`; elsewhere the messages go to `-v`.
pub struct Spinner {
    /// Taken when finished.
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
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
            show(Some(&bar));
            bar
        });
        Spinner {
            bar: std::sync::Mutex::new(bar),
            terminal: *terminal,
        }
    }

    pub fn message(&self, text: &str) {
        match self.bar.lock().ok().and_then(|bar| bar.clone()) {
            Some(bar) => bar.set_message(text.to_string()),
            None => self.terminal.verbose(text),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.lock().ok().and_then(|mut bar| bar.take()) {
            bar.finish_and_clear();
            show(None);
        }
    }
}

/// Also when the wait ends with an error: nothing is left on the terminal.
impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The age of an object created at `created` (RFC 3339), kubectl's way;
/// `-` when unknown.
pub fn age(created: Option<&str>, now: jiff::Timestamp) -> String {
    let Some(created) = created.and_then(|c| crate::time::parse_time(c).ok()) else {
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

/// A duration for people, to its two largest units: `2d 3h`, `6h 12m`,
/// `4m 10s`, `45m`, `30s`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) if s % 60 == 0 => format!("{m}m"),
        (0, 0, m) => format!("{m}m {}s", s % 60),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coloured_cells_keep_the_columns_aligned() {
        let red = paint(true, Label::Error.style(), "low");
        let rows = vec![
            vec!["a".to_string(), red, "x".to_string()],
            vec!["b".to_string(), "high".to_string(), "y".to_string()],
        ];
        let text = table(&["name", "level", "next"], rows, false);
        // Where the last column starts, once the escape codes are taken out.
        let starts: Vec<usize> = text
            .lines()
            .map(|line| {
                let mut plain = String::new();
                let mut chars = line.chars();
                while let Some(c) = chars.next() {
                    if c == '\u{1b}' {
                        // Skip to the end of the escape sequence.
                        for c in chars.by_ref() {
                            if c.is_ascii_alphabetic() {
                                break;
                            }
                        }
                    } else {
                        plain.push(c);
                    }
                }
                plain.trim_end().rfind(' ').map_or(0, |space| space + 1)
            })
            .collect();
        assert_eq!(starts[0], starts[1], "{text}");
        assert_eq!(starts[1], starts[2], "{text}");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(30), "30s");
        assert_eq!(duration(45 * 60), "45m");
        assert_eq!(duration(4 * 60 + 10), "4m 10s");
        assert_eq!(duration(6 * 3600 + 12 * 60), "6h 12m");
        assert_eq!(duration(2 * 86_400 + 3 * 3600 + 59), "2d 3h");
        assert_eq!(duration(86_400), "1d");
        assert_eq!(duration(3600), "1h");
    }

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
