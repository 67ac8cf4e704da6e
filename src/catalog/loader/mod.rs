//! Loading a catalog: locations are expanded into files (local ones while
//! the directories are searched, remote ones fetched concurrently), files
//! into documents, documents into entities; Location entities add more
//! files, wave after wave, until nothing new is found. Backstage servers add
//! their entities as they are.

mod file;
mod targets;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::discover::{self, LocalTarget, Roots};
use super::finding::{Finding, Rule};
use super::location::{Location, Target};
use super::remote::{Integrations, Remote};
use super::source::FileId;
use super::yaml::Pos;
use super::{Catalog, backstage_api, skeleton};
use crate::http::{self, Client, FetchError};

pub use file::display_path;

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadRequest {
    /// Placeholders and Location targets may not read outside this
    /// directory, or outside the directory of a local location the user
    /// named (naming it trusts it).
    pub root: PathBuf,
    /// File names in findings are shown relative to this directory.
    pub display_base: PathBuf,
    /// Where to read; paths are relative to `base_dir`.
    pub locations: Vec<Location>,
    pub base_dir: PathBuf,
    /// How much to keep of each entity.
    pub detail: Detail,
    pub integrations: Integrations,
    pub http: http::Options,
    /// Backstage filter strings to send to Backstage servers, so that they
    /// return only what will be shown.
    pub server_filters: Vec<String>,
    /// Template directories configured in plat.yaml (`templates:`): their
    /// skeletons are not searched for catalog files.
    pub templates: Vec<PathBuf>,
}

/// How much of each entity a command needs: validation needs only refs
/// and references, and runs leaner without the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// Refs, sources and the references each entity makes.
    Refs,
    /// And relations in both directions.
    Relations,
    /// And each entity's document, as the catalog API returns it.
    Documents,
}

/// Progress while loading, for a progress bar or a verbose log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub files_done: usize,
    pub files_known: usize,
    pub failures: usize,
    /// Some of the work is remote (worth a progress bar).
    pub remote: bool,
}

/// Which file a task reads, whatever path or URL named it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    File(FileId),
    Url(String),
}

/// Where a file is.
#[derive(Debug, Clone)]
enum Address {
    File(PathBuf),
    Url(Box<Remote>),
}

/// Who asked for a file, for findings when it cannot be read.
#[derive(Debug, Clone)]
struct Requester {
    file: String,
    pos: Pos,
    document: usize,
    entity: String,
    written: String,
}

/// A file to read, and how plat came to it.
struct Task {
    address: Address,
    /// Location (`file:` or `url:`) of the top-level location that led here.
    origin: String,
    /// The files whose Location entities led here, for cycles.
    chain: Arc<Vec<(Identity, String)>>,
    /// Its identity is already in the visited set (Location targets are
    /// registered when queued, so that two Locations naming it queue it once).
    claimed: bool,
    /// A missing file is not a problem.
    optional: bool,
    requester: Option<Requester>,
}

/// What reading one file produced.
#[derive(Default)]
struct FileOutcome {
    id: Option<Identity>,
    claimed: bool,
    entities: Vec<super::Entity>,
    findings: Vec<Finding>,
    verdicts: Vec<super::DocumentVerdict>,
    targets: Vec<targets::TargetRequest>,
    /// Skeleton directories of the Templates in a local file.
    skeletons: Vec<PathBuf>,
    failed: bool,
}

struct Context<'a> {
    request: &'a LoadRequest,
    /// The catalog root, then the directories of configured local
    /// locations outside it.
    roots: Arc<Roots>,
    client: OnceLock<Result<Client, FetchError>>,
    /// What searching directories has reported (a symlink out of the root,
    /// a loop), so that a directory searched twice, by a location and by a
    /// Location's glob, reports it once.
    searched: Mutex<HashSet<(String, String)>>,
}

impl Context<'_> {
    fn display(&self, path: &Path) -> String {
        display_path(path, &self.request.display_base)
    }

    /// `findings` from searching directories, less those already reported.
    fn once(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut searched = self
            .searched
            .lock()
            .expect("no panics while holding the lock");
        findings
            .into_iter()
            .filter(|f| searched.insert((f.file.clone(), f.message.clone())))
            .collect()
    }

    /// The HTTP client, made on first use (local catalogs never need one).
    fn client(&self) -> Result<&Client, FetchError> {
        self.client
            .get_or_init(|| Client::new(self.request.http.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Loads the catalog. Never fails: every problem becomes a finding.
pub fn load(request: &LoadRequest, progress: &(dyn Fn(Progress) + Sync)) -> Catalog {
    let mut roots = Roots::new(&request.root);
    for location in &request.locations {
        if let Target::Path(written) = &location.target {
            let dir = match LocalTarget::parse(written, &request.base_dir) {
                LocalTarget::Path(path) if path.is_dir() => path,
                LocalTarget::Path(path) => path.parent().map(Path::to_path_buf).unwrap_or(path),
                LocalTarget::Glob { base, .. } => base,
            };
            roots.add(&dir);
        }
    }
    let ctx = Context {
        request,
        roots: Arc::new(roots),
        client: OnceLock::new(),
        searched: Mutex::new(HashSet::new()),
    };
    let mut findings = Vec::new();
    let mut entities = Vec::new();
    let mut verdicts = Vec::new();
    let mut visited: HashSet<Identity> = HashSet::new();
    let remote = request
        .locations
        .iter()
        .any(|l| !matches!(l.target, Target::Path(_)));

    // Local locations: files are read while the directories are still being
    // searched, then put in path order so that the outcome does not depend
    // on thread timing. URL locations wait for the first wave's fetch.
    let read = Mutex::new(Vec::new());
    let mut url_tasks = Vec::new();
    let mut servers = Vec::new();
    // The directory each location searched (if it is one), and the
    // skeletons of the templates known so far.
    let mut searched: Vec<Option<PathBuf>> = vec![None; request.locations.len()];
    let mut skeletons = skeleton::of_configured(&request.templates);
    for (index, location) in request.locations.iter().enumerate() {
        match &location.target {
            Target::Path(written) => {
                let target = LocalTarget::parse(written, &request.base_dir);
                let visited_location =
                    discover::visit(&target, &ctx.roots, |p| ctx.display(p), &|path| {
                        let task = Task {
                            origin: format!("file:{}", path.display()),
                            address: Address::File(path),
                            chain: Arc::new(Vec::new()),
                            claimed: false,
                            optional: false,
                            requester: None,
                        };
                        let outcome = file::process(&task, &ctx);
                        let Address::File(path) = task.address else {
                            unreachable!("a file task")
                        };
                        read.lock()
                            .expect("no panics while holding the lock")
                            .push((index, path, outcome));
                    });
                findings.extend(ctx.once(visited_location.findings));
                skeletons.extend(
                    visited_location
                        .templates
                        .iter()
                        .flat_map(|file| skeleton::dirs_of_file(file)),
                );
                searched[index] = visited_location.searched;
                if visited_location.missing && !location.optional {
                    findings.push(
                        Finding::new(
                            Rule::Location,
                            ctx.display(Path::new(&target.display())),
                            Pos { line: 1, column: 1 },
                            format!("catalog location `{written}` does not exist"),
                        )
                        .with_hint(
                            "fix or remove it in catalog.locations, or pass an existing path",
                        ),
                    );
                }
            }
            Target::Url(url) => {
                let remote = Remote::new(url.clone(), &request.integrations);
                url_tasks.push(Task {
                    origin: format!("url:{}", remote.url),
                    address: Address::Url(Box::new(remote)),
                    chain: Arc::new(Vec::new()),
                    claimed: false,
                    optional: location.optional,
                    requester: None,
                });
            }
            Target::Backstage(base) => servers.push((base.clone(), location.optional)),
        }
    }
    let mut first_wave = read.into_inner().expect("no panics while holding the lock");
    first_wave.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    // Template skeletons a directory search met are not catalog sources.
    skeletons.extend(first_wave.iter().flat_map(|(_, _, o)| o.skeletons.clone()));
    let hidden = |skeletons: &[PathBuf], index: usize, path: &Path| {
        searched[index].as_ref().is_some_and(|dir| {
            skeletons
                .iter()
                .any(|skeleton| skeleton::hides(skeleton, path, dir))
        })
    };
    first_wave.retain(|(index, path, _)| !hidden(&skeletons, *index, path));
    let known_skeletons = skeletons.len();
    // Files found by searching are kept in case a Template read later
    // names a skeleton they are in.
    let mut searched_files: Vec<(usize, PathBuf)> = Vec::new();
    let mut outcomes: Vec<FileOutcome> = Vec::with_capacity(first_wave.len());
    for (index, path, outcome) in first_wave {
        if searched[index].is_some() {
            searched_files.push((index, path));
        }
        outcomes.push(outcome);
    }

    let done = AtomicUsize::new(outcomes.len());
    let failures = AtomicUsize::new(0);
    let report = |known: usize| {
        progress(Progress {
            files_done: done.load(Ordering::Relaxed),
            files_known: known,
            failures: failures.load(Ordering::Relaxed),
            remote,
        })
    };
    outcomes.extend(run_tasks(url_tasks, &ctx, &done, &failures, &report));

    loop {
        // First every file of this wave, in order (the first path to a file
        // wins), then the targets its Locations name.
        let mut kept = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            if outcome.claimed
                || outcome
                    .id
                    .as_ref()
                    .is_none_or(|id| visited.insert(id.clone()))
            {
                kept.push(outcome);
            }
        }
        entities.reserve(kept.iter().map(|o| o.entities.len()).sum());
        verdicts.reserve(kept.iter().map(|o| o.verdicts.len()).sum());
        let mut next = Vec::new();
        for outcome in kept {
            skeletons.extend(outcome.skeletons);
            entities.extend(outcome.entities);
            findings.extend(outcome.findings);
            verdicts.extend(outcome.verdicts);
            for target in outcome.targets {
                targets::expand(&target, &ctx, &mut visited, &mut next, &mut findings);
            }
        }
        report(done.load(Ordering::Relaxed) + next.len());
        if next.is_empty() {
            break;
        }
        outcomes = run_tasks(next, &ctx, &done, &failures, &report);
    }

    // Templates read after the search (through Location targets) may name
    // skeletons it went through: what was read there is left out too.
    if skeletons.len() > known_skeletons {
        let late: HashSet<String> = searched_files
            .iter()
            .filter(|(index, path)| hidden(&skeletons[known_skeletons..], *index, path))
            .map(|(_, path)| ctx.display(path))
            .collect();
        if !late.is_empty() {
            entities.retain(|e| !late.contains(&*e.source.file));
            findings.retain(|f| !late.contains(&f.file));
            verdicts.retain(|v| !late.contains(&*v.file));
        }
    }

    // A server applies filters only when it is the whole catalog: with
    // other sources, entities it would leave out may give relations to the
    // ones shown.
    let only_servers = servers.len() == request.locations.len();
    for (base, optional) in servers {
        load_server(
            &base,
            optional,
            only_servers,
            &ctx,
            &mut entities,
            &mut findings,
        );
    }

    let mut catalog = Catalog::assemble(
        request.root.clone(),
        entities,
        findings,
        verdicts,
        done.load(Ordering::Relaxed),
        request.detail >= Detail::Relations,
    );
    catalog.http = ctx
        .client
        .get()
        .and_then(|client| client.as_ref().ok())
        .map(Client::tally);
    catalog
}

/// Reads a wave of tasks: remote ones fetched concurrently first, then
/// every file parsed on all cores.
fn run_tasks(
    tasks: Vec<Task>,
    ctx: &Context<'_>,
    done: &AtomicUsize,
    failures: &AtomicUsize,
    report: &(dyn Fn(usize) + Sync),
) -> Vec<FileOutcome> {
    let known = done.load(Ordering::Relaxed) + tasks.len();
    let remote: Vec<(usize, http::Request)> = tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.address {
            Address::Url(remote) => Some((i, remote.request.clone())),
            Address::File(_) => None,
        })
        .collect();
    let mut fetched: Vec<Option<Result<http::Response, FetchError>>> =
        (0..tasks.len()).map(|_| None).collect();
    if !remote.is_empty() {
        match ctx.client() {
            Ok(client) => {
                let (indexes, requests): (Vec<usize>, Vec<http::Request>) =
                    remote.into_iter().unzip();
                let results = client.fetch_all(requests, &|ok| {
                    done.fetch_add(1, Ordering::Relaxed);
                    if !ok {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    report(known);
                });
                for (i, result) in indexes.into_iter().zip(results) {
                    fetched[i] = Some(result);
                }
            }
            Err(error) => {
                for (i, _) in remote {
                    fetched[i] = Some(Err(error.clone()));
                }
            }
        }
    }
    let outcomes: Vec<FileOutcome> = tasks
        .par_iter()
        .zip(fetched.into_par_iter())
        .map(|(task, fetched)| match fetched {
            Some(result) => file::process_fetched(task, result, ctx),
            None => file::process(task, ctx),
        })
        .collect();
    done.store(known, Ordering::Relaxed);
    outcomes
}

/// Entities of a Backstage server, as it computed them.
fn load_server(
    base: &reqwest::Url,
    optional: bool,
    filtered: bool,
    ctx: &Context<'_>,
    entities: &mut Vec<super::Entity>,
    findings: &mut Vec<Finding>,
) {
    let request = ctx.request;
    let server = match &request.integrations.backstage {
        Some(configured) if configured.base_url == *base => configured.clone(),
        _ => super::remote::Backstage {
            base_url: base.clone(),
            token: None,
        },
    };
    let client = match ctx.client() {
        Ok(client) => client,
        Err(error) => {
            findings.push(Finding::new(
                Rule::Fetch,
                base.to_string(),
                Pos { line: 1, column: 1 },
                error.to_string(),
            ));
            return;
        }
    };
    let filters: &[String] = if filtered {
        &request.server_filters
    } else {
        &[]
    };
    match backstage_api::entities(client, &server, filters, &|_| {}) {
        Ok(items) => {
            for item in items {
                match backstage_api::to_entity(item, &server, request.detail == Detail::Documents) {
                    Some(entity) => entities.push(entity),
                    None => findings.push(
                        Finding::new(
                            Rule::Fetch,
                            base.to_string(),
                            Pos { line: 1, column: 1 },
                            "the server returned an entity without kind, namespace or name; it was skipped",
                        )
                        .with_hint("this is a problem of the Backstage server"),
                    ),
                }
            }
        }
        Err(failure) => {
            let mut finding = Finding::new(
                Rule::Fetch,
                failure.url.to_string(),
                Pos { line: 1, column: 1 },
                format!("Backstage catalog cannot be read: {}", failure.error),
            )
            .with_hint_opt(backstage_api::hint(&failure.error, server.token.is_some()));
            if optional {
                finding.severity = super::finding::Severity::Warning;
            }
            findings.push(finding);
        }
    }
}
