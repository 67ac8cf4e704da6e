//! `plat update --all`: which projects of the catalog are behind their
//! template. A project is the directory of a local entity's catalog file;
//! its record says the template and version, and the newest version is
//! read once per template source, however many projects use it.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::record::{RECORD_FILE, Record, RecordError};
use super::versions::{self, Fetching, Version, Which};

/// An entity that may have been made from a template.
pub struct Candidate {
    /// Its ref.
    pub entity: String,
    /// The directory of its catalog file (none for a remote entity).
    pub dir: Option<PathBuf>,
    /// Its `backstage.io/source-template` annotation.
    pub annotated: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Current,
    Behind,
    /// No record, or the newest version could not be read.
    Unknown,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Current => "current",
            Status::Behind => "behind",
            Status::Unknown => "unknown",
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub entity: String,
    pub template: Option<String>,
    pub recorded: Option<String>,
    pub newest: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The newest version in a few characters: its commit, else its digest.
pub fn version_label(version: &Version) -> String {
    match &version.repository {
        Some(repository) => repository.commit.chars().take(12).collect(),
        None => version
            .digest
            .trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect(),
    }
}

/// Each candidate with a record (or the annotation) and whether it is
/// behind; the others are left out, and a project listed twice once.
pub fn list(candidates: Vec<Candidate>, fetching: &Fetching<'_>) -> Vec<Listed> {
    let mut newest: HashMap<String, Result<(String, String), String>> = HashMap::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut listed = Vec::new();
    for candidate in candidates {
        let unknown = |template: Option<String>, problem: String| Listed {
            entity: candidate.entity.clone(),
            template,
            recorded: None,
            newest: None,
            status: Status::Unknown,
            problem: Some(problem),
        };
        let record = match candidate.dir.as_deref().map(Record::load) {
            Some(Ok(record)) => record,
            Some(Err(RecordError::Missing { .. })) | None => {
                // Made from a template, but nothing says which version.
                if let Some(template) = candidate.annotated.clone() {
                    listed.push(unknown(
                        Some(template),
                        format!("no {RECORD_FILE}; record a base with `plat update --adopt`"),
                    ));
                }
                continue;
            }
            Some(Err(error)) => {
                listed.push(unknown(candidate.annotated.clone(), error.to_string()));
                continue;
            }
        };
        let dir = candidate.dir.clone().unwrap_or_default();
        if seen.contains(&dir) {
            continue;
        }
        seen.push(dir);
        let key = format!(
            "{}#{:?}",
            record.template,
            record
                .repository
                .as_ref()
                .map(|r| (&r.url, &r.reference, &r.dir))
        );
        let found = newest
            .entry(key)
            .or_insert_with(|| {
                versions::fetch(&record, Which::Newest(None), fetching)
                    .map(|v| (v.digest.clone(), version_label(&v)))
                    .map_err(|e| e.to_string())
            })
            .clone();
        listed.push(match found {
            Ok((digest, label)) => Listed {
                entity: candidate.entity.clone(),
                template: Some(record.template.clone()),
                recorded: Some(record.short_version()),
                newest: Some(label),
                status: if digest == record.digest {
                    Status::Current
                } else {
                    Status::Behind
                },
                problem: None,
            },
            Err(problem) => Listed {
                recorded: Some(record.short_version()),
                ..unknown(Some(record.template.clone()), problem)
            },
        });
    }
    listed
}
