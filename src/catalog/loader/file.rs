//! One catalog file: read (or fetched), split into documents, each
//! document validated and turned into an entity or into findings.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::targets::{self, TargetRequest};
use super::{Address, Context, FileOutcome, Identity, Task};
use crate::catalog::entity::{Entity, Provenance, Source, annotate_location, sort_relation_fields};
use crate::catalog::entity_ref::{EntityRef, RefError, key_of};
use crate::catalog::finding::{Finding, Rule, Severity};
use crate::catalog::placeholder::{self, PlaceholderReader, SourceReader};
use crate::catalog::yaml::{self, Document, PathSegment, Pos};
use crate::catalog::{DocumentVerdict, relations, remote, skeleton, source, validate};
use crate::http::{self, FetchError};

/// `path` relative to `base` when inside it, else as is.
pub fn display_path(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// Reads a local file and processes it.
pub(super) fn process(task: &Task, ctx: &Context<'_>) -> FileOutcome {
    let Address::File(path) = &task.address else {
        unreachable!("remote files are fetched first");
    };
    let display: Arc<str> = ctx.display(path).into();
    let mut out = FileOutcome {
        claimed: task.claimed,
        ..FileOutcome::default()
    };
    match source::read_file(path, &display) {
        Ok(text) => {
            out.id = Some(Identity::File(text.id));
            out.findings.extend(text.findings);
            process_text(&text.text, display, task, ctx, &mut out);
        }
        Err(finding) => {
            out.findings.push(requested(finding, task));
            out.failed = true;
        }
    }
    out
}

/// Processes a fetched file (or reports why it could not be fetched).
pub(super) fn process_fetched(
    task: &Task,
    fetched: Result<http::Response, FetchError>,
    ctx: &Context<'_>,
) -> FileOutcome {
    let Address::Url(remote) = &task.address else {
        unreachable!("local files are read, not fetched");
    };
    let display: Arc<str> = remote.url.as_str().into();
    let mut out = FileOutcome {
        id: Some(Identity::Url(remote.url.to_string())),
        claimed: task.claimed,
        ..FileOutcome::default()
    };
    let response = match fetched {
        Ok(response) => response,
        Err(error) => {
            out.failed = true;
            if task.optional && error.status() == Some(404) {
                return out;
            }
            let hint = remote::hint(&error, remote, &ctx.request.integrations);
            let mut finding = Finding::new(
                Rule::Fetch,
                &*display,
                Pos { line: 1, column: 1 },
                format!("cannot be read: {error}"),
            )
            .with_hint_opt(hint);
            if task.optional {
                finding.severity = Severity::Warning;
            }
            out.findings.push(requested(finding, task));
            return out;
        }
    };
    match source::decode(response.body, &display) {
        Ok(text) => {
            out.findings.extend(text.findings);
            process_text(&text.text, display, task, ctx, &mut out);
        }
        Err(finding) => {
            out.findings.push(finding);
            out.failed = true;
        }
    }
    out
}

/// A finding about a file a Location asked for is reported at the
/// Location's target, where it can be fixed.
fn requested(mut finding: Finding, task: &Task) -> Finding {
    if let Some(requester) = &task.requester {
        finding.message = format!(
            "Location target `{}` ({}) {}",
            requester.written, finding.file, finding.message
        );
        finding.file = requester.file.clone();
        finding.line = requester.pos.line;
        finding.column = requester.pos.column;
        finding.document = Some(requester.document);
        finding.entity = Some(requester.entity.clone());
    }
    finding
}

fn process_text(
    text: &str,
    display: Arc<str>,
    task: &Task,
    ctx: &Context<'_>,
    out: &mut FileOutcome,
) {
    let documents = yaml::split_documents(text);
    out.entities.reserve_exact(documents.len());
    out.verdicts.reserve_exact(documents.len());
    if documents.is_empty() {
        out.findings.push(
            Finding::new(
                Rule::EmptyFile,
                &*display,
                Pos { line: 1, column: 1 },
                "holds no YAML documents",
            )
            .with_hint("add an entity, or remove the file"),
        );
    }
    let location = match &task.address {
        Address::File(path) => format!("file:{}", path.display()),
        Address::Url(remote) => format!("url:{}", remote.url),
    };
    let reader = SourceReader {
        base: match &task.address {
            Address::File(path) => {
                let dir = path.parent().unwrap_or(Path::new("/"));
                placeholder::Base::File {
                    dir,
                    roots: &ctx.roots,
                }
            }
            Address::Url(remote) => placeholder::Base::Url {
                url: &remote.url,
                refusal: &|to| {
                    targets::leads_inward(&remote.url, to, ctx).then(|| {
                        (
                            targets::inward_refusal(&remote.url, to),
                            targets::PRIVATE_ADDRESS_HINT.to_string(),
                        )
                    })
                },
            },
        },
        fetch: &|url| {
            let client = ctx.client()?;
            let remote = remote::Remote::new(url.clone(), &ctx.request.integrations);
            client.fetch(remote.request).map(|r| r.body)
        },
    };
    for doc in &documents {
        match yaml::parse_document(doc) {
            Err(error) => {
                out.findings.push(
                    Finding::new(Rule::Yaml, &*display, error.pos, error.to_string())
                        .in_document(doc.index)
                        .with_hint_opt(error.hint()),
                );
                out.verdicts.push(DocumentVerdict {
                    file: display.clone(),
                    document: doc.index,
                    entity: None,
                    ok: false,
                });
            }
            Ok(None) => {}
            Ok(Some(document)) => {
                let doc_ctx = DocumentContext {
                    display: &display,
                    index: doc.index,
                    location: &location,
                    reader: &reader,
                    task,
                    ctx,
                };
                process_document(document, &doc_ctx, out);
            }
        }
    }
}

struct DocumentContext<'a> {
    display: &'a Arc<str>,
    index: usize,
    location: &'a str,
    reader: &'a dyn PlaceholderReader,
    task: &'a Task,
    ctx: &'a Context<'a>,
}

fn process_document(mut document: Document, doc: &DocumentContext<'_>, out: &mut FileOutcome) {
    if let Address::File(path) = &doc.task.address
        && document.value["kind"] == "Template"
    {
        let dir = path.parent().unwrap_or(Path::new("/"));
        out.skeletons.extend(skeleton::dirs(&document.value, dir));
    }
    let placeholder_errors = placeholder::substitute(&mut document.value, doc.reader);
    let outcome = validate::validate(
        &mut document.value,
        validate::Written {
            non_finite: &document.non_finite,
        },
    );
    let json = &document.value;
    let reference: Option<Arc<str>> = written_ref(json).map(Arc::from);
    let finding = |rule: Rule, pos: Pos, message: String, hint: Option<String>| {
        let mut f = Finding::new(rule, &**doc.display, pos, message)
            .in_document(doc.index)
            .with_hint_opt(hint);
        if let Some(r) = &reference {
            f = f.for_entity(r.to_string());
        }
        f
    };
    for error in &placeholder_errors {
        let pos = document.locate(&error.path.segments());
        out.findings.push(finding(
            Rule::Placeholder,
            pos,
            format!("{}: {}", error.path, error.message),
            error.hint.clone(),
        ));
    }
    for issue in &outcome.issues {
        // A placeholder that failed is reported once, not again as a type error.
        if placeholder_errors
            .iter()
            .any(|e| issue.path.starts_with(&e.path))
        {
            continue;
        }
        out.findings.push(finding(
            issue.rule,
            document.locate(&issue.path.segments()),
            issue.message.clone(),
            issue.hint.clone(),
        ));
    }
    let ok = outcome.issues.is_empty();
    out.verdicts.push(DocumentVerdict {
        file: doc.display.clone(),
        document: doc.index,
        entity: reference.clone(),
        ok,
    });
    let (true, Some(kind)) = (ok, outcome.kind) else {
        return;
    };

    let metadata = &json["metadata"];
    let namespace = metadata["namespace"].as_str().unwrap_or("default");
    let entity_ref = EntityRef::new(
        kind.kind,
        namespace,
        metadata["name"].as_str().unwrap_or_default(),
    );
    let emitted = match relations::emit(kind.kind, json, namespace, &document) {
        Ok(emitted) => emitted,
        Err(errors) => {
            for e in errors {
                let hint = match &e.error {
                    RefError::MissingKind(name) => Some(format!(
                        "Backstage rejects the entity: write the kind, e.g. `resource:{name}` or `component:{name}`"
                    )),
                    _ => Some("write references as [kind:][namespace/]name".to_string()),
                };
                out.findings.push(finding(
                    Rule::Relation,
                    e.pos,
                    format!("{}: {}", e.path, e.error),
                    hint,
                ));
            }
            return;
        }
    };
    if !placeholder_errors.is_empty() {
        return;
    }
    if kind.kind == "Location" {
        collect_targets(&document, doc, &entity_ref, out);
    }
    let pos = document.pos();
    let lifecycle = json["spec"]["lifecycle"].as_str().map(Box::from);
    let json = if doc.ctx.request.detail == super::Detail::Documents {
        let mut json = document.value;
        annotate_location(
            &mut json,
            doc.location,
            &doc.task.origin,
            outcome.defaulted_namespace,
        );
        sort_relation_fields(&mut json);
        json
    } else {
        Value::Null
    };
    out.entities.push(Entity {
        json,
        key: reference.unwrap_or_else(|| entity_ref.key().into()),
        reference: entity_ref,
        source: Source {
            file: doc.display.clone(),
            line: pos.line,
            column: pos.column,
            document: doc.index,
        },
        emitted,
        relations: Vec::new(),
        lifecycle,
        provenance: Provenance::File,
    });
}

fn collect_targets(
    document: &Document,
    doc: &DocumentContext<'_>,
    entity_ref: &EntityRef,
    out: &mut FileOutcome,
) {
    let spec = &document.value["spec"];
    let optional = spec["presence"].as_str() == Some("optional");
    let mut chain = (*doc.task.chain).clone();
    if let Some(id) = &out.id {
        chain.push((id.clone(), doc.display.to_string()));
    }
    let chain = Arc::new(chain);
    let mut written: Vec<(Pos, &str)> = Vec::new();
    if let Some(t) = spec["target"].as_str() {
        written.push((
            document.locate(&[PathSegment::Key("spec"), PathSegment::Key("target")]),
            t,
        ));
    }
    if let Some(ts) = spec["targets"].as_array() {
        for (i, t) in ts.iter().enumerate() {
            if let Some(t) = t.as_str() {
                let path = [
                    PathSegment::Key("spec"),
                    PathSegment::Key("targets"),
                    PathSegment::Index(i),
                ];
                written.push((document.locate(&path), t));
            }
        }
    }
    for (pos, target) in written {
        out.targets.push(TargetRequest {
            written: target.to_string(),
            optional,
            from_file: doc.display.to_string(),
            base: doc.task.address.clone(),
            pos,
            document: doc.index,
            entity: entity_ref.key(),
            origin: doc.task.origin.clone(),
            chain: chain.clone(),
        });
    }
}

/// The document's ref as far as it can be read, for findings about it.
fn written_ref(json: &Value) -> Option<String> {
    let kind = json.get("kind")?.as_str()?;
    let name = json.get("metadata")?.get("name")?.as_str()?;
    let namespace = json["metadata"]["namespace"].as_str().unwrap_or("default");
    if kind.is_empty() || name.is_empty() {
        return None;
    }
    Some(key_of(kind, namespace, name))
}
