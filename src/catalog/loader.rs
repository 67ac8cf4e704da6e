//! Loading a catalog from local files: locations are expanded into files,
//! files into documents, documents into entities; Location entities add more
//! files, wave after wave, until nothing new is found.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;

use super::discover::{self, LocalTarget};
use super::entity::{Entity, Source, annotate_location};
use super::entity_ref::EntityRef;
use super::finding::{Finding, Rule};
use super::placeholder::{self, LocalPlaceholderReader};
use super::source::FileId;
use super::validate;
use super::yaml::{self, Document, PathSegment, Pos};
use super::{Catalog, DocumentVerdict, relations};

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadRequest {
    /// Placeholders and Location targets may not read outside this directory.
    pub root: PathBuf,
    /// File names in findings are shown relative to this directory.
    pub display_base: PathBuf,
    /// Location strings (files, directories, globs), relative to `base_dir`.
    pub locations: Vec<String>,
    pub base_dir: PathBuf,
    /// Keep each entity's document and compute its relations. Listing needs
    /// them; validation needs only refs and references, and runs leaner
    /// without them.
    pub keep_documents: bool,
}

/// Progress while loading, for a progress bar or a verbose log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub files_done: usize,
    pub files_known: usize,
    pub failures: usize,
}

/// A file to read, and how plat came to it.
struct Task {
    path: PathBuf,
    /// `file:` location of the top-level location that led here.
    origin: String,
    /// The files whose Location entities led here.
    chain: Arc<Vec<(FileId, PathBuf)>>,
    /// Its identity is already in the visited set (Location targets are
    /// registered when queued, so that two Locations naming it queue it once).
    claimed: bool,
}

/// A Location entity's target, to expand after the current wave.
struct TargetRequest {
    written: String,
    optional: bool,
    from_file: String,
    from_dir: PathBuf,
    pos: Pos,
    document: usize,
    entity: String,
    origin: String,
    chain: Arc<Vec<(FileId, PathBuf)>>,
}

#[derive(Default)]
struct FileOutcome {
    /// The file's identity, once it was opened.
    id: Option<FileId>,
    claimed: bool,
    entities: Vec<Entity>,
    findings: Vec<Finding>,
    verdicts: Vec<DocumentVerdict>,
    targets: Vec<TargetRequest>,
    failed: bool,
}

struct Context<'a> {
    request: &'a LoadRequest,
    canonical_root: PathBuf,
}

impl Context<'_> {
    fn display(&self, path: &Path) -> String {
        display_path(path, &self.request.display_base)
    }

    fn inside_root(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.canonical_root)
    }
}

/// `path` relative to `base` when inside it, else as is.
pub fn display_path(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// Loads the catalog. Never fails: every problem becomes a finding.
pub fn load(request: &LoadRequest, progress: &(dyn Fn(Progress) + Sync)) -> Catalog {
    let ctx = Context {
        request,
        canonical_root: request
            .root
            .canonicalize()
            .unwrap_or_else(|_| request.root.clone()),
    };
    let mut findings = Vec::new();
    let mut entities = Vec::new();
    let mut verdicts = Vec::new();
    // Files are known by identity (device and inode), so that a file
    // reached twice, through a symlink or two locations, is read once.
    let mut visited: HashSet<FileId> = HashSet::new();

    // The configured locations: files are read while the directories are
    // still being searched, then put in path order so that the outcome does
    // not depend on thread timing.
    let mut first_wave: Vec<(usize, PathBuf, FileOutcome)> = Vec::new();
    let read = Mutex::new(Vec::new());
    for (index, written) in request.locations.iter().enumerate() {
        let target = LocalTarget::parse(written, &request.base_dir);
        let visited_location = discover::visit(&target, |p| ctx.display(p), &|path| {
            let task = Task {
                origin: format!("file:{}", path.display()),
                path,
                chain: Arc::new(Vec::new()),
                claimed: false,
            };
            let outcome = process_file(&task, &ctx);
            read.lock()
                .expect("no panics while holding the lock")
                .push((index, task.path, outcome));
        });
        findings.extend(visited_location.findings);
        if visited_location.missing {
            findings.push(
                Finding::new(
                    Rule::Location,
                    ctx.display(Path::new(&target.display())),
                    Pos { line: 1, column: 1 },
                    format!("catalog location `{written}` does not exist"),
                )
                .with_hint("fix or remove it in catalog.locations, or pass an existing path"),
            );
        }
    }
    first_wave.extend(read.into_inner().expect("no panics while holding the lock"));
    first_wave.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));

    let mut done = 0;
    let mut failures = 0;
    let mut outcomes: Vec<FileOutcome> = first_wave
        .into_iter()
        .map(|(_, _, outcome)| outcome)
        .collect();
    loop {
        // First every file of this wave, in order (the first path to a file
        // wins), then the targets its Locations name.
        let mut kept = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            if outcome.claimed || outcome.id.is_none_or(|id| visited.insert(id)) {
                kept.push(outcome);
            }
        }
        entities.reserve(kept.iter().map(|o| o.entities.len()).sum());
        verdicts.reserve(kept.iter().map(|o| o.verdicts.len()).sum());
        let mut next = Vec::new();
        for outcome in kept {
            done += 1;
            failures += usize::from(outcome.failed);
            entities.extend(outcome.entities);
            findings.extend(outcome.findings);
            verdicts.extend(outcome.verdicts);
            for target in outcome.targets {
                expand_target(&target, &ctx, &mut visited, &mut next, &mut findings);
            }
        }
        progress(Progress {
            files_done: done,
            files_known: done + next.len(),
            failures,
        });
        if next.is_empty() {
            break;
        }
        outcomes = next
            .par_iter()
            .map(|task| process_file(task, &ctx))
            .collect();
    }

    Catalog::assemble(
        request.root.clone(),
        entities,
        findings,
        verdicts,
        done,
        request.keep_documents,
    )
}

fn expand_target(
    target: &TargetRequest,
    ctx: &Context<'_>,
    visited: &mut HashSet<FileId>,
    next: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
) {
    let finding = |message: String, hint: &str| {
        Finding::new(
            Rule::Location,
            target.from_file.clone(),
            target.pos,
            message,
        )
        .in_document(target.document)
        .for_entity(target.entity.clone())
        .with_hint(hint)
    };
    let written = target.written.as_str();
    if written.starts_with("http://") || written.starts_with("https://") {
        findings.push(finding(
            format!("Location target `{written}` is a URL; plat reads local files here"),
            "list remote catalog files under catalog.locations in plat.yaml",
        ));
        return;
    }
    let local = LocalTarget::parse(written, &target.from_dir);
    if let LocalTarget::Path(path) = &local {
        if path.is_dir() {
            findings.push(finding(
                format!("Location target `{written}` is a directory; Backstage reads files only"),
                "name the file, or use a glob such as `dir/*/catalog-info.yaml`",
            ));
            return;
        }
    }
    let expansion = discover::expand(&local, |p| ctx.display(p));
    findings.extend(expansion.findings);
    if expansion.files.is_empty() {
        if !target.optional {
            let what = if matches!(local, LocalTarget::Glob { .. }) {
                "matches no file"
            } else {
                "does not exist"
            };
            findings.push(finding(
                format!("Location target `{written}` {what}"),
                "fix the path (it is relative to this file), or add `presence: optional` to the Location",
            ));
        }
        return;
    }
    for path in expansion.files {
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        let id = FileId::of(&metadata, &path);
        let Ok(canonical) = path.canonicalize() else {
            continue;
        };
        if !ctx.inside_root(&canonical) {
            findings.push(finding(
                format!(
                    "Location target `{written}` resolves to {}, outside the catalog root {}; not read",
                    canonical.display(),
                    ctx.request.root.display()
                ),
                "Location targets must stay inside the catalog root (the plat.yaml directory, or where plat runs)",
            ));
            continue;
        }
        if target.chain.iter().any(|(link, _)| *link == id) {
            let mut cycle: Vec<String> = target.chain.iter().map(|(_, p)| ctx.display(p)).collect();
            cycle.push(ctx.display(&path));
            let mut f = finding(
                format!("Location cycle: {}; not followed again", cycle.join(" -> ")),
                "remove one of the Location targets that close the cycle",
            );
            f.rule = Rule::LocationCycle;
            f.severity = super::finding::Severity::Warning;
            findings.push(f);
            continue;
        }
        if visited.insert(id) {
            next.push(Task {
                path,
                origin: target.origin.clone(),
                chain: target.chain.clone(),
                claimed: true,
            });
        }
    }
}

fn process_file(task: &Task, ctx: &Context<'_>) -> FileOutcome {
    let display: Arc<str> = ctx.display(&task.path).into();
    let mut out = FileOutcome {
        claimed: task.claimed,
        ..FileOutcome::default()
    };
    let source = match super::source::read_file(&task.path, &display) {
        Ok(source) => source,
        Err(finding) => {
            out.findings.push(finding);
            out.failed = true;
            return out;
        }
    };
    out.id = Some(source.id);
    out.findings.extend(source.findings);
    let documents = yaml::split_documents(&source.text);
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
    let location = format!("file:{}", task.path.display());
    let file_dir = task.path.parent().unwrap_or(Path::new("/")).to_path_buf();
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
                    id: source.id,
                    display: &display,
                    index: doc.index,
                    location: &location,
                    file_dir: &file_dir,
                    task,
                    ctx,
                };
                process_document(document, &doc_ctx, &mut out);
            }
        }
    }
    out
}

struct DocumentContext<'a> {
    id: FileId,
    display: &'a Arc<str>,
    index: usize,
    location: &'a str,
    file_dir: &'a Path,
    task: &'a Task,
    ctx: &'a Context<'a>,
}

fn process_document(mut document: Document, doc: &DocumentContext<'_>, out: &mut FileOutcome) {
    let reader = LocalPlaceholderReader {
        file_dir: doc.file_dir,
        root: &doc.ctx.canonical_root,
    };
    let placeholder_errors = placeholder::substitute(&mut document.value, &reader);
    let outcome = validate::validate(&mut document.value);
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
                    super::entity_ref::RefError::MissingKind(name) => Some(format!(
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
    let json = if doc.ctx.request.keep_documents {
        let mut json = document.value;
        annotate_location(
            &mut json,
            doc.location,
            &doc.task.origin,
            outcome.defaulted_namespace,
        );
        json
    } else {
        Value::Null
    };
    out.entities.push(Entity {
        json,
        key: reference.unwrap_or_else(|| entity_ref.key().into()),
        reference: entity_ref,
        kind,
        source: Source {
            file: doc.display.clone(),
            line: pos.line,
            column: pos.column,
            document: doc.index,
        },
        emitted,
        relations: Vec::new(),
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
    chain.push((doc.id, doc.task.path.clone()));
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
            from_dir: doc.file_dir.to_path_buf(),
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
    Some(super::entity_ref::key_of(kind, namespace, name))
}
