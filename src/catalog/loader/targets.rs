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
    if from.origin() == to.origin() || !is_private(to, &system_resolver) {
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

/// The addresses a host name resolves to (none when it does not resolve:
/// then there is nothing to reach either).
fn system_resolver(host: &str, port: u16) -> Vec<std::net::IpAddr> {
    use std::net::ToSocketAddrs;
    (host, port)
        .to_socket_addrs()
        .map(|addrs| addrs.map(|a| a.ip()).collect())
        .unwrap_or_default()
}

/// Loopback, private, link-local, shared and unspecified addresses,
/// `localhost`, and names that resolve to any of them. (A name that
/// resolves differently when plat connects is not caught.)
fn is_private(url: &reqwest::Url, resolve: &dyn Fn(&str, u16) -> Vec<std::net::IpAddr>) -> bool {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let v4 = |ip: Ipv4Addr| {
        ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_unspecified()
            || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64)
    };
    let v6 = |ip: Ipv6Addr| {
        let first = ip.segments()[0];
        ip.is_loopback()
            || ip.is_unspecified()
            || (first & 0xfe00) == 0xfc00
            || (first & 0xffc0) == 0xfe80
            || ip.to_ipv4_mapped().is_some_and(v4)
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => v4(ip),
        Some(url::Host::Ipv6(ip)) => v6(ip),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost"
                || name.ends_with(".localhost")
                || resolve(&name, url.port_or_known_default().unwrap_or(80))
                    .into_iter()
                    .any(|ip| match ip {
                        IpAddr::V4(ip) => v4(ip),
                        IpAddr::V6(ip) => v6(ip),
                    })
        }
        None => false,
    }
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
    if let LocalTarget::Path(path) = local {
        if path.is_dir() {
            findings.push(target.finding(
                Rule::Location,
                format!("Location target `{written}` is a directory; Backstage reads files only"),
                "name the file, or use a glob such as `dir/*/catalog-info.yaml`",
            ));
            return;
        }
    }
    let expansion = discover::expand(local, |p| ctx.display(p));
    findings.extend(expansion.findings);
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
        let Ok(canonical) = path.canonicalize() else {
            continue;
        };
        if !ctx.inside_root(&canonical) {
            findings.push(target.finding(
                Rule::Location,
                format!(
                    "Location target `{written}` resolves to {}, outside the catalog root {}; not read",
                    canonical.display(),
                    ctx.request.root.display()
                ),
                "Location targets must stay inside the catalog root (the plat.yaml directory, or where plat runs)",
            ));
            continue;
        }
        if let Some(cycle) = target.cycle(&id, ctx.display(&path)) {
            findings.push(cycle);
            continue;
        }
        if visited.insert(id) {
            next.push(target.task(Address::File(path)));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::is_private;

    /// Names resolve as in this table, never through DNS.
    fn resolver(host: &str, _port: u16) -> Vec<IpAddr> {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        match host {
            "metadata.internal.example" => vec![ip("169.254.169.254")],
            "intranet.example" => vec![ip("203.0.113.7"), ip("10.0.0.7")],
            "github.com" => vec![ip("140.82.121.4")],
            "example.com" => vec![
                ip("93.184.215.14"),
                ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            ],
            _ => Vec::new(),
        }
    }

    #[test]
    fn private_addresses() {
        for url in [
            "http://127.0.0.1:8080/x",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://localhost/",
            "http://api.LOCALHOST./",
            "http://metadata.internal.example/latest/",
            "https://intranet.example/",
        ] {
            assert!(is_private(&url.parse().unwrap(), &resolver), "{url}");
        }
        for url in [
            "https://github.com/x",
            "http://8.8.8.8/",
            "http://172.32.0.1/",
            "http://[2001:db8::1]/",
            "http://example.com/",
            "http://does-not-resolve.example/",
        ] {
            assert!(!is_private(&url.parse().unwrap(), &resolver), "{url}");
        }
    }
}
