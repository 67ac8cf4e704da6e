//! `plat dora`'s output: a table (and charts), JSON, CSV, OpenMetrics.

use serde_json::{Value, json};

use super::Report;
use crate::dora::{Level, Levels, Measured, Metrics, Week};
use crate::output::{Label, Terminal, duration, paint, table};

const NO_DATA: &str = "no data";

fn percent(rate: f64) -> String {
    let value = rate * 100.0;
    if value.fract() == 0.0 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

/// The levels of a window's metrics, by metric.
struct Graded {
    deployment_frequency: Option<Level>,
    lead_time: Option<Level>,
    change_failure_rate: Option<Level>,
    recovery_time: Option<Level>,
    rework_rate: Option<Level>,
}

fn grade(metrics: &Metrics, levels: &Levels) -> Graded {
    Graded {
        deployment_frequency: metrics
            .deployments_per_day
            .map(|v| levels.deployment_frequency(v)),
        lead_time: metrics
            .lead_time_median_seconds
            .map(|v| levels.lead_time(v)),
        change_failure_rate: metrics
            .change_failure_rate
            .map(|v| levels.change_failure_rate(v)),
        recovery_time: metrics
            .recovery_time_median_seconds
            .map(|v| levels.recovery_time(v)),
        rework_rate: metrics.rework_rate.and_then(|v| levels.rework_rate(v)),
    }
}

/// One metric's cells: value, level, previous value, change.
struct Line {
    name: &'static str,
    value: String,
    level: Option<Level>,
    previous: String,
    change: String,
}

fn ratio_change(current: Option<f64>, previous: Option<f64>) -> String {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => format!("{:+.0}%", (c - p) / p * 100.0),
        _ => String::new(),
    }
}

fn points_change(current: Option<f64>, previous: Option<f64>) -> String {
    match (current, previous) {
        (Some(c), Some(p)) => format!("{:+.1} pts", (c - p) * 100.0),
        _ => String::new(),
    }
}

fn lines(measured: &Measured, levels: &Levels) -> Vec<Line> {
    let (c, p) = (&measured.current, &measured.previous);
    let graded = grade(c, levels);
    let per_day = |m: &Metrics| {
        m.deployments_per_day
            .map(|v| format!("{v:.2}/day"))
            .unwrap_or_else(|| NO_DATA.into())
    };
    let days = |m: &Metrics| {
        m.deploy_days_per_week
            .map(|v| format!("{v:.1}"))
            .unwrap_or_else(|| NO_DATA.into())
    };
    let time = |v: Option<i64>| v.map(duration).unwrap_or_else(|| NO_DATA.into());
    let rate = |r: Option<f64>, part: usize, whole: usize| {
        r.map(|r| format!("{} ({part} of {whole})", percent(r)))
            .unwrap_or_else(|| NO_DATA.into())
    };
    let as_f64 = |v: Option<i64>| v.map(|v| v as f64);
    vec![
        Line {
            name: "Deployment frequency",
            value: per_day(c),
            level: graded.deployment_frequency,
            previous: per_day(p),
            change: ratio_change(c.deployments_per_day, p.deployments_per_day),
        },
        Line {
            name: "Deploy days per week",
            value: days(c),
            level: None,
            previous: days(p),
            change: ratio_change(c.deploy_days_per_week, p.deploy_days_per_week),
        },
        Line {
            name: "Change lead time (median)",
            value: time(c.lead_time_median_seconds),
            level: graded.lead_time,
            previous: time(p.lead_time_median_seconds),
            change: ratio_change(
                as_f64(c.lead_time_median_seconds),
                as_f64(p.lead_time_median_seconds),
            ),
        },
        Line {
            name: "Change lead time (p90)",
            value: time(c.lead_time_p90_seconds),
            level: None,
            previous: time(p.lead_time_p90_seconds),
            change: ratio_change(
                as_f64(c.lead_time_p90_seconds),
                as_f64(p.lead_time_p90_seconds),
            ),
        },
        Line {
            name: "Change failure rate",
            value: rate(c.change_failure_rate, c.failed_deployments, c.deployments),
            level: graded.change_failure_rate,
            previous: rate(p.change_failure_rate, p.failed_deployments, p.deployments),
            change: points_change(c.change_failure_rate, p.change_failure_rate),
        },
        Line {
            name: "Failed deployment recovery time",
            value: time(c.recovery_time_median_seconds),
            level: graded.recovery_time,
            previous: time(p.recovery_time_median_seconds),
            change: ratio_change(
                as_f64(c.recovery_time_median_seconds),
                as_f64(p.recovery_time_median_seconds),
            ),
        },
        Line {
            name: "Deployment rework rate",
            value: rate(c.rework_rate, c.unplanned_deployments, c.deployments),
            level: graded.rework_rate,
            previous: rate(p.rework_rate, p.unplanned_deployments, p.deployments),
            change: points_change(c.rework_rate, p.rework_rate),
        },
    ]
}

fn level_cell(level: Option<Level>, color: bool) -> String {
    match level {
        None => String::new(),
        Some(level) => {
            let style = match level {
                Level::Elite | Level::High => Label::Note.style(),
                Level::Medium => Label::Warning.style(),
                Level::Low => Label::Error.style(),
            };
            paint(color, style, level.name())
        }
    }
}

/// A table on a terminal (or when `aligned` asks for one); tab-separated rows
/// without a header otherwise.
pub fn human(report: &Report, chart: bool, terminal: &Terminal, aligned: bool) -> String {
    let plain = !aligned && !terminal.stdout_is_terminal;
    let color = terminal.stdout_color;
    let mut out = String::new();
    let days = report.window.days();
    if !plain {
        out.push_str(&format!(
            "{} · {} → {} ({} days), compared with the {} days before\n\n",
            report.environment,
            report.window.from.strftime("%Y-%m-%d %H:%M UTC"),
            report.window.to.strftime("%Y-%m-%d %H:%M UTC"),
            round(days),
            round(days)
        ));
    }
    if let [row] = report.rows.as_slice() {
        let rows = lines(&row.measured, &report.levels)
            .into_iter()
            .map(|l| {
                vec![
                    l.name.to_string(),
                    l.value,
                    level_cell(l.level, color),
                    l.previous,
                    l.change,
                ]
            })
            .collect();
        if !plain {
            out.push_str(&format!("{}\n", row.name));
        }
        out.push_str(&table(
            &["metric", "value", "level", "previous", "change"],
            rows,
            plain,
        ));
        if chart {
            out.push_str(&charts(&row.measured.weeks));
        }
        return out;
    }
    let mut rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|r| service_row(&r.name, &r.measured, &report.levels, color))
        .collect();
    if let Some(rollup) = &report.rollup {
        rows.push(service_row("(all)", rollup, &report.levels, color));
    }
    out.push_str(&table(
        &[
            "service",
            "deploys/day",
            "deploy days/wk",
            "lead time",
            "lead time p90",
            "change failure",
            "recovery",
            "rework",
        ],
        rows,
        plain,
    ));
    if chart && let Some(rollup) = &report.rollup {
        out.push_str(&charts(&rollup.weeks));
    }
    out
}

fn round(days: f64) -> String {
    if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        format!("{days:.1}")
    }
}

fn service_row(name: &str, measured: &Measured, levels: &Levels, color: bool) -> Vec<String> {
    let mut row = vec![name.to_string()];
    for line in lines(measured, levels) {
        // Counts stay in the single-service table; here, value and level.
        let value = line
            .value
            .split(" (")
            .next()
            .unwrap_or_default()
            .to_string();
        row.push(match line.level {
            Some(level) => format!("{value} {}", level_cell(Some(level), color)),
            None => value,
        });
    }
    row
}

/// Deployments and median lead time per week, as bars.
fn charts(weeks: &[Week]) -> String {
    const WIDTH: f64 = 40.0;
    let bar = |value: f64, max: f64| {
        let cells = if max > 0.0 {
            (value / max * WIDTH).round() as usize
        } else {
            0
        };
        "█".repeat(cells.max(usize::from(value > 0.0)))
    };
    let mut out = String::from("\nDeployments per week\n");
    let max = weeks.iter().map(|w| w.deployments).max().unwrap_or(0) as f64;
    for week in weeks {
        out.push_str(&format!(
            "{}  {} {}\n",
            week.start.strftime("%Y-%m-%d"),
            bar(week.deployments as f64, max),
            week.deployments
        ));
    }
    out.push_str("\nChange lead time per week (median)\n");
    let max = weeks
        .iter()
        .filter_map(|w| w.lead_time_median_seconds)
        .max()
        .unwrap_or(0) as f64;
    for week in weeks {
        let (drawn, label) = match week.lead_time_median_seconds {
            Some(s) => (bar(s as f64, max), duration(s)),
            None => (String::new(), NO_DATA.into()),
        };
        out.push_str(&format!(
            "{}  {drawn} {label}\n",
            week.start.strftime("%Y-%m-%d")
        ));
    }
    out
}

fn levels_json(metrics: &Metrics, levels: &Levels) -> Value {
    let graded = grade(metrics, levels);
    json!({
        "deploymentFrequency": graded.deployment_frequency,
        "leadTime": graded.lead_time,
        "changeFailureRate": graded.change_failure_rate,
        "recoveryTime": graded.recovery_time,
        "reworkRate": graded.rework_rate,
    })
}

fn measured_json(measured: &Measured, levels: &Levels) -> Value {
    json!({
        "metrics": measured.current,
        "levels": levels_json(&measured.current, levels),
        "previous": measured.previous,
        "previousLevels": levels_json(&measured.previous, levels),
        "weeks": measured.weeks,
    })
}

/// The stable JSON document (schema in the README).
pub fn json(report: &Report) -> Value {
    let previous = report.window.previous();
    let services: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            let mut value = json!({
                "service": row.name,
                "ref": row.key,
                "sources": row.data.sources,
                "notes": row.data.notes,
            });
            if let (Value::Object(map), Value::Object(more)) =
                (&mut value, measured_json(&row.measured, &report.levels))
            {
                map.extend(more);
            }
            value
        })
        .collect();
    json!({
        "schemaVersion": 1,
        "environment": report.environment,
        "window": {"from": report.window.from, "to": report.window.to, "days": report.window.days()},
        "previousWindow": {"from": previous.from, "to": previous.to, "days": previous.days()},
        "levels": report.levels.name,
        "services": services,
        "rollup": report.rollup.as_ref().map(|r| measured_json(r, &report.levels)),
    })
}

fn cell<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row per service and `(all)` for the rollup; empty cells for no data.
pub fn csv(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "service",
        "environment",
        "from",
        "to",
        "deployments",
        "deployments_per_day",
        "deploy_days_per_week",
        "changes",
        "lead_time_median_seconds",
        "lead_time_p90_seconds",
        "change_failure_rate",
        "recovery_time_median_seconds",
        "rework_rate",
        "deployment_frequency_level",
        "lead_time_level",
        "change_failure_rate_level",
        "recovery_time_level",
        "rework_rate_level",
    ];
    writer.write_record(header).expect("writing to memory");
    let mut write = |name: &str, m: &Metrics| {
        let g = grade(m, &report.levels);
        let level = |l: Option<Level>| l.map(|l| l.name().to_string()).unwrap_or_default();
        writer
            .write_record([
                name.to_string(),
                report.environment.clone(),
                report.window.from.to_string(),
                report.window.to.to_string(),
                m.deployments.to_string(),
                cell(m.deployments_per_day),
                cell(m.deploy_days_per_week),
                m.changes.to_string(),
                cell(m.lead_time_median_seconds),
                cell(m.lead_time_p90_seconds),
                cell(m.change_failure_rate),
                cell(m.recovery_time_median_seconds),
                cell(m.rework_rate),
                level(g.deployment_frequency),
                level(g.lead_time),
                level(g.change_failure_rate),
                level(g.recovery_time),
                level(g.rework_rate),
            ])
            .expect("writing to memory");
    };
    for row in &report.rows {
        write(&row.name, &row.measured.current);
    }
    if let Some(rollup) = &report.rollup {
        write("(all)", &rollup.current);
    }
    String::from_utf8(writer.into_inner().expect("writing to memory"))
        .expect("CSV of UTF-8 strings")
}

/// OpenMetrics text: one gauge family per metric, a sample per service
/// (and `scope="rollup"`); metrics without data are left out.
pub fn openmetrics(report: &Report) -> String {
    type Get = fn(&Metrics) -> Option<f64>;
    let families: [(&str, &str, Get); 8] = [
        (
            "plat_dora_deployments",
            "Deployments (successful and failed) in the window.",
            |m| Some(m.deployments as f64),
        ),
        (
            "plat_dora_deployments_per_day",
            "Successful deployments per day.",
            |m| m.deployments_per_day,
        ),
        (
            "plat_dora_deploy_days_per_week",
            "Days with a successful deployment per week.",
            |m| m.deploy_days_per_week,
        ),
        (
            "plat_dora_lead_time_median_seconds",
            "Median change lead time.",
            |m| m.lead_time_median_seconds.map(|v| v as f64),
        ),
        (
            "plat_dora_lead_time_p90_seconds",
            "90th percentile change lead time.",
            |m| m.lead_time_p90_seconds.map(|v| v as f64),
        ),
        (
            "plat_dora_change_failure_ratio",
            "Deployments that failed or caused an incident, over all deployments.",
            |m| m.change_failure_rate,
        ),
        (
            "plat_dora_recovery_time_median_seconds",
            "Median failed deployment recovery time.",
            |m| m.recovery_time_median_seconds.map(|v| v as f64),
        ),
        (
            "plat_dora_rework_ratio",
            "Deployments made because of an incident, over all deployments.",
            |m| m.rework_rate,
        ),
    ];
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let environment = escape(&report.environment);
    let mut out = String::new();
    for (name, help, get) in families {
        let unit = if name.ends_with("_seconds") {
            "\n# UNIT {name} seconds"
        } else {
            ""
        };
        out.push_str(&format!(
            "# TYPE {name} gauge{}\n# HELP {name} {help}\n",
            unit.replace("{name}", name)
        ));
        for row in &report.rows {
            if let Some(value) = get(&row.measured.current) {
                out.push_str(&format!(
                    "{name}{{service=\"{}\",environment=\"{environment}\"}} {value}\n",
                    escape(&row.name)
                ));
            }
        }
        if let Some(rollup) = &report.rollup
            && let Some(value) = get(&rollup.current)
        {
            out.push_str(&format!(
                "{name}{{scope=\"rollup\",environment=\"{environment}\"}} {value}\n"
            ));
        }
    }
    out.push_str("# EOF\n");
    out
}
