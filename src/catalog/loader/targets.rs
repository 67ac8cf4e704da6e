//! Location targets: resolved against the file that names them (a path,
//! or a URL), checked (inside the catalog root, no cycles, no local files
//! from remote ones), and queued for the next wave.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Address, Context, Identity, Requester, Task};
use crate::catalog::discover::{self, LocalTarget};
use crate::catalog::finding::{Finding, Rule, Severity};
use crate::catalog::location::is_url;
use crate::catalog::remote::Remote;
use crate::catalog::source::FileId;
use crate::catalog::yaml::Pos;
use crate::http::address;

/// A Location entity's target, to expand after the current wave.
pub(super) struct TargetRequest {
    pub written: String,
    pub optional: bool,
    pub from_file: String,
    /// The file that named it: relative targets resolve against it.
    pub base: Address,
    pub pos: Pos,
    pub document: usize,
    pub entity: String,
    pub origin: String,
    pub chain: Arc<Vec<(Identity, String)>>,
}

impl TargetRequest {
    fn finding(&self, rule: Rule, message: String, hint: &str) -> Finding {
        Finding::new(rule, self.from_file.clone(), self.pos, message)
            .in_document(self.document)
            .for_entity(self.entity.clone())
            .with_hint(hint)
    }

    fn task(&self, address: Address) -> Task {
        Task {
            address,
            origin: self.origin.clone(),
            chain: self.chain.clone(),
            claimed: true,
            optional: self.optional,
            requester: Some(Requester {
                file: self.from_file.clone(),
                pos: self.pos,
                document: self.document,
                entity: self.entity.clone(),
                written: self.written.clone(),
            }),
        }
    }

    /// A cycle: this identity already led here.
    fn cycle(&self, id: &Identity, display: String) -> Option<Finding> {
        if !self.chain.iter().any(|(link, _)| link == id) {
            return None;
        }
        let mut cycle: Vec<String> = self.chain.iter().map(|(_, d)| d.clone()).collect();
        cycle.push(display);
        let mut f = self.finding(
            Rule::LocationCycle,
            format!("Location cycle: {}; not followed again", cycle.join(" -> ")),
            "remove one of the Location targets that close the cycle",
        );
        f.severity = Severity::Warning;
        Some(f)
    }
}

pub(super) fn expand(
    target: &TargetRequest,
    ctx: &Context<'_>,
    visited: &mut HashSet<Identity>,
    next: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
) {
    let written = target.written.as_str();
    match &target.base {
        Address::Url(base) => {
            // Backstage's rule: a remote file names only remote files.
            if written.starts_with('/') || written.starts_with("file:") {
                findings.push(target.finding(
                    Rule::Location,
                    format!(
                        "Location target `{written}` is a local path in a remote file; not read"
                    ),
                    "a file read from a URL may only name other URLs (absolute, or relative to it)",
                ));
                return;
            }
            if written.contains(['*', '?']) {
                findings.push(target.finding(
                    Rule::Location,
                    format!(
                        "Location target `{written}` is a glob; globs work only for local files"
                    ),
                    "list the files one by one",
                ));
                return;
            }
            match base.url.join(written) {
                Ok(url) if leads_inward(&base.url, &url, ctx) => findings.push(target.finding(
                    Rule::Location,
                    format!(
                        "Location target `{written}` {}",
                        inward_refusal(&base.url, &url)
                    ),
                    PRIVATE_ADDRESS_HINT,
                )),
                Ok(url) => queue_url(url, target, ctx, visited, next, findings),
                Err(e) => findings.push(target.finding(
                    Rule::Location,
                    format!("Location target `{written}` is not a valid URL: {e}"),
                    "write an absolute URL or a path relative to this file",
                )),
            }
        }
        Address::File(path) if is_url(written) => match reqwest::Url::parse(written) {
            Ok(url) => queue_url(url, target, ctx, visited, next, findings),
            Err(e) => findings.push(target.finding(
                Rule::Location,
                format!("Location target `{written}` is not a valid URL: {e}"),
                "write a full URL such as https://example.com/catalog-info.yaml",
            )),
        },
        Address::File(path) => {
            let dir = path.parent().unwrap_or(std::path::Path::new("/"));
            expand_local(
                target,
                &LocalTarget::parse(written, dir),
                ctx,
                visited,
                next,
                findings,
            );
        }
    }
}

/// Why a remote file may not make plat read `to`.
pub(super) fn inward_refusal(from: &reqwest::Url, to: &reqwest::Url) -> String {
    format!(
        "leads from {} to a private address ({}) that plat.yaml does not name; not read",
        from.origin().ascii_serialization(),
        to.origin().ascii_serialization()
    )
}

pub(super) const PRIVATE_ADDRESS_HINT: &str = "a remote file may reach loopback, private and link-local addresses only on its own host; list the location in plat.yaml to trust it";

/// A remote file naming a private address elsewhere (a cloud metadata
/// service, an internal admin port), as a Location target or a placeholder:
/// refused unless plat.yaml names that origin. Host names are resolved.
pub(super) fn leads_inward(from: &reqwest::Url, to: &reqwest::Url, ctx: &Context<'_>) -> bool {
    if from.origin() == to.origin() || !address::is_private(to, &address::system_resolver) {
        return false;
    }
    let origin = to.origin();
    let request = ctx.request;
    let configured = request.locations.iter().any(|l| match &l.target {
        crate::catalog::location::Target::Url(u)
        | crate::catalog::location::Target::Backstage(u) => u.origin() == origin,
        _ => false,
    });
    let integration = request
        .integrations
        .github
        .as_ref()
        .is_some_and(|g| g.api_base.origin() == origin)
        || request
            .integrations
            .backstage
            .as_ref()
            .is_some_and(|b| b.base_url.origin() == origin);
    !configured && !integration
}

fn queue_url(
    url: reqwest::Url,
    target: &TargetRequest,
    ctx: &Context<'_>,
    visited: &mut HashSet<Identity>,
    next: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
) {
    let remote = Remote::new(url, &ctx.request.integrations);
    let id = Identity::Url(remote.url.to_string());
    if let Some(cycle) = target.cycle(&id, remote.url.to_string()) {
        findings.push(cycle);
        return;
    }
    if visited.insert(id) {
        next.push(target.task(Address::Url(Box::new(remote))));
    }
}

fn expand_local(
    target: &TargetRequest,
    local: &LocalTarget,
    ctx: &Context<'_>,
    visited: &mut HashSet<Identity>,
    next: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
) {
    let written = target.written.as_str();
    // A target outside the roots is refused as a whole, before anything is
    // expanded or looked at: one finding, never one per file out there.
    let literal = match local {
        LocalTarget::Path(path) => path,
        LocalTarget::Glob { base, .. } => base,
    };
    if !ctx.roots.admits(literal) {
        findings.push(target.finding(
            Rule::Location,
            format!(
                "Location target `{written}` is outside the catalog root {}; not read",
                ctx.request.root.display()
            ),
            "Location targets must stay inside the catalog root (the plat.yaml directory, or where plat runs); nothing outside it is read, symlinks included",
        ));
        return;
    }
    if let LocalTarget::Path(path) = local
        && path.is_dir()
    {
        findings.push(target.finding(
            Rule::Location,
            format!("Location target `{written}` is a directory; Backstage reads files only"),
            "name the file, or use a glob such as `dir/*/catalog-info.yaml`",
        ));
        return;
    }
    let expansion = discover::expand(local, &ctx.roots, |p| ctx.display(p));
    findings.extend(ctx.once(expansion.findings));
    if expansion.files.is_empty() {
        if !target.optional {
            let what = if matches!(local, LocalTarget::Glob { .. }) {
                "matches no file"
            } else {
                "does not exist"
            };
            findings.push(target.finding(
                Rule::Location,
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
        let id = Identity::File(FileId::of(&metadata, &path));
        if let Some(cycle) = target.cycle(&id, ctx.display(&path)) {
            findings.push(cycle);
            continue;
        }
        if visited.insert(id) {
            next.push(target.task(Address::File(path)));
        }
    }
}
