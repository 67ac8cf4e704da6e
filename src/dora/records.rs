//! Deployment and incident records in files: YAML (a list of mappings),
//! JSON lines, or CSV with a header row, chosen by the file's extension.
//! Every problem names the file, line and column.

use std::path::Path;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::error::DoraError;
use super::model::{Deployment, Incident, Status};

/// A deployment record and whose it is.
#[derive(Debug, Clone)]
pub struct DeploymentRecord {
    pub service: String,
    /// None: the record counts for every environment.
    pub environment: Option<String>,
    pub deployment: Deployment,
}

#[derive(Debug, Clone)]
pub struct IncidentRecord {
    pub service: String,
    pub incident: Incident,
}

/// One record: its fields and where each was written.
struct Record {
    fields: Map<String, Value>,
    /// (line, column) of the record, and of each field by name.
    at: (u64, u64),
    field_at: Vec<(String, (u64, u64))>,
}

impl Record {
    fn pos(&self, field: &str) -> (u64, u64) {
        self.field_at
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, pos)| *pos)
            .unwrap_or(self.at)
    }
}

struct Reader<'a> {
    file: &'a Path,
}

impl Reader<'_> {
    fn error(&self, (line, column): (u64, u64), message: String) -> DoraError {
        DoraError::Record {
            file: self.file.to_path_buf(),
            line,
            column,
            message,
        }
    }

    /// The first of `names` the record has, as text (empty values are absent).
    fn text(&self, record: &Record, names: &[&str]) -> Result<Option<(String, String)>, DoraError> {
        for name in names {
            match record.fields.get(*name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.trim().is_empty() => {}
                Some(Value::String(s)) => {
                    return Ok(Some((name.to_string(), s.trim().to_string())));
                }
                Some(Value::Number(n)) => return Ok(Some((name.to_string(), n.to_string()))),
                Some(other) => {
                    return Err(self.error(
                        record.pos(name),
                        format!("`{name}` must be text, not {other}"),
                    ));
                }
            }
        }
        Ok(None)
    }

    fn required(&self, record: &Record, name: &str) -> Result<String, DoraError> {
        self.text(record, &[name])?
            .map(|(_, v)| v)
            .ok_or_else(|| self.error(record.at, format!("the record has no `{name}`")))
    }

    fn time(
        &self,
        record: &Record,
        names: &[&str],
        required: bool,
    ) -> Result<Option<Timestamp>, DoraError> {
        match self.text(record, names)? {
            Some((name, text)) => crate::time::parse_time(&text).map(Some).map_err(|e| {
                self.error(
                    record.pos(&name),
                    format!("`{name}`: `{text}` {e} ({})", e.hint()),
                )
            }),
            None if required => {
                Err(self.error(record.at, format!("the record has no `{}`", names[0])))
            }
            None => Ok(None),
        }
    }

    fn flag(&self, record: &Record, name: &str) -> Result<bool, DoraError> {
        match record.fields.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "" | "false" | "no" | "0" => Ok(false),
                "true" | "yes" | "1" => Ok(true),
                _ => Err(self.error(
                    record.pos(name),
                    format!("`{name}`: `{s}` is not true or false"),
                )),
            },
            Some(other) => Err(self.error(
                record.pos(name),
                format!("`{name}`: {other} is not true or false"),
            )),
        }
    }
}

/// Reads deployment records: `service`, `environment` (optional), `time`,
/// `version` and/or `sha`, `status` (success | failure, default success),
/// `unplanned` (optional), `by` (who deployed, optional; `actor` too).
pub fn read_deployments(file: &Path) -> Result<Vec<DeploymentRecord>, DoraError> {
    parse_deployments(file, &read(file)?)
}

/// Deployment records from `text`, in the format `file`'s extension names.
pub fn parse_deployments(file: &Path, text: &str) -> Result<Vec<DeploymentRecord>, DoraError> {
    let reader = Reader { file };
    let mut out = Vec::new();
    for record in records(file, text)? {
        let status = match reader.text(&record, &["status"])? {
            None => Status::Success,
            Some((_, s)) => match s.to_ascii_lowercase().as_str() {
                "success" | "succeeded" | "ok" => Status::Success,
                "failure" | "failed" | "error" => Status::Failure,
                _ => {
                    return Err(reader.error(
                        record.pos("status"),
                        format!("`status`: `{s}` is not success or failure"),
                    ));
                }
            },
        };
        let deployment = Deployment {
            time: reader.time(&record, &["time"], true)?.expect("required"),
            version: reader.text(&record, &["version"])?.map(|(_, v)| v),
            sha: reader.text(&record, &["sha"])?.map(|(_, v)| v),
            status,
            unplanned: reader.flag(&record, "unplanned")?,
            by: reader.text(&record, &["by", "actor"])?.map(|(_, v)| v),
            origin: format!("{}:{}", file.display(), record.at.0),
            changes: Vec::new(),
        };
        out.push(DeploymentRecord {
            service: reader.required(&record, "service")?,
            environment: reader.text(&record, &["environment"])?.map(|(_, v)| v),
            deployment,
        });
    }
    Ok(out)
}

/// Reads incident records: `service`, `opened`, `resolved` (optional),
/// `causedBy` (a version or sha, optional), `id` (optional).
pub fn read_incidents(file: &Path) -> Result<Vec<IncidentRecord>, DoraError> {
    parse_incidents(file, &read(file)?)
}

/// Incident records from `text`, in the format `file`'s extension names.
pub fn parse_incidents(file: &Path, text: &str) -> Result<Vec<IncidentRecord>, DoraError> {
    let reader = Reader { file };
    let mut out = Vec::new();
    for record in records(file, text)? {
        let opened = reader.time(&record, &["opened"], true)?.expect("required");
        let resolved = reader.time(&record, &["resolved"], false)?;
        if let Some(resolved) = resolved
            && resolved < opened
        {
            return Err(reader.error(
                record.pos("resolved"),
                "`resolved` is before `opened`".into(),
            ));
        }
        let origin = format!("{}:{}", file.display(), record.at.0);
        let incident = Incident {
            id: reader
                .text(&record, &["id"])?
                .map(|(_, v)| v)
                .unwrap_or_else(|| origin.clone()),
            opened,
            resolved,
            caused_by: reader
                .text(&record, &["causedBy", "caused_by", "caused-by"])?
                .map(|(_, v)| v),
            origin,
        };
        out.push(IncidentRecord {
            service: reader.required(&record, "service")?,
            incident,
        });
    }
    Ok(out)
}

fn read(file: &Path) -> Result<String, DoraError> {
    std::fs::read_to_string(file).map_err(|source| DoraError::Read {
        file: file.to_path_buf(),
        source,
    })
}

/// The records of a file, whatever its format.
fn records(file: &Path, text: &str) -> Result<Vec<Record>, DoraError> {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" => csv_records(file, text),
        "jsonl" | "ndjson" => json_lines(file, text),
        "yaml" | "yml" => yaml_records(file, text),
        _ => Err(DoraError::Config {
            key: file.display().to_string(),
            message: "records files end in .yaml, .yml, .jsonl, .ndjson or .csv".into(),
        }),
    }
}

fn csv_records(file: &Path, text: &str) -> Result<Vec<Record>, DoraError> {
    let error = |line: u64, column: u64, message: String| DoraError::Record {
        file: file.to_path_buf(),
        line,
        column,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| error(1, 1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            error(line, 1, e.to_string())
        })?;
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let raw_line = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        let mut fields = Map::new();
        let mut field_at = Vec::new();
        for (name, value) in headers.iter().zip(row.iter()) {
            // The column where the value starts on its line (1-based).
            let column = raw_line.find(value).map(|i| i as u64 + 1).unwrap_or(1);
            field_at.push((name.clone(), (line, column)));
            fields.insert(name.clone(), Value::String(value.to_string()));
        }
        out.push(Record {
            fields,
            at: (line, 1),
            field_at,
        });
    }
    Ok(out)
}

fn json_lines(file: &Path, text: &str) -> Result<Vec<Record>, DoraError> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index as u64 + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(raw).map_err(|e| DoraError::Record {
            file: file.to_path_buf(),
            line,
            column: e.column() as u64,
            // serde's own "at line 1 column N" would count within the line.
            message: format!(
                "not JSON: {}",
                e.to_string().split(" at line ").next().unwrap_or_default()
            ),
        })?;
        let Value::Object(fields) = value else {
            return Err(DoraError::Record {
                file: file.to_path_buf(),
                line,
                column: 1,
                message: "each line must be a JSON object".into(),
            });
        };
        let field_at = fields
            .keys()
            .map(|k| {
                let column = raw
                    .find(&format!("\"{k}\""))
                    .map(|i| i as u64 + 1)
                    .unwrap_or(1);
                (k.clone(), (line, column))
            })
            .collect();
        out.push(Record {
            fields,
            at: (line, 1),
            field_at,
        });
    }
    Ok(out)
}

fn yaml_records(file: &Path, text: &str) -> Result<Vec<Record>, DoraError> {
    use crate::catalog::yaml::{PathSegment, parse_document, split_documents};
    let mut out = Vec::new();
    for raw in split_documents(text) {
        let document = parse_document(&raw).map_err(|e| DoraError::Record {
            file: file.to_path_buf(),
            line: e.pos.line.into(),
            column: e.pos.column.into(),
            message: e.to_string(),
        })?;
        let Some(document) = document else { continue };
        let pos = |p: crate::catalog::yaml::Pos| (u64::from(p.line), u64::from(p.column));
        let items = match &document.value {
            Value::Array(items) => items.clone(),
            Value::Null => continue,
            _ => {
                return Err(DoraError::Record {
                    file: file.to_path_buf(),
                    line: pos(document.pos()).0,
                    column: pos(document.pos()).1,
                    message: "the file must be a list of records (`- service: ...`)".into(),
                });
            }
        };
        for (index, item) in items.into_iter().enumerate() {
            let at = pos(document.locate(&[PathSegment::Index(index)]));
            let Value::Object(fields) = item else {
                return Err(DoraError::Record {
                    file: file.to_path_buf(),
                    line: at.0,
                    column: at.1,
                    message: "each record must be a mapping".into(),
                });
            };
            let field_at = fields
                .keys()
                .map(|k| {
                    (
                        k.clone(),
                        pos(document.locate(&[PathSegment::Index(index), PathSegment::Key(k)])),
                    )
                })
                .collect();
            out.push(Record {
                fields,
                at,
                field_at,
            });
        }
    }
    Ok(out)
}
