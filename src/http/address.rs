//! Which addresses count as private (loopback, private ranges,
//! link-local, `localhost`, names resolving to them): a remote catalog file
//! may not lead plat there, and a redirect may not go there from a public
//! address.

use reqwest::Url;

/// What a host name resolves to (the system's resolver; tests use tables).
pub type Resolver = fn(&str, u16) -> Vec<std::net::IpAddr>;

/// Why a redirect is refused: it goes from a public address to a private
/// one (a cloud metadata service, an internal admin port).
#[derive(Debug, thiserror::Error)]
#[error("a redirect from {from} to a private address ({to}) was refused")]
pub struct PrivateRedirect {
    pub from: String,
    pub to: String,
}

/// `Some` when following a redirect from `first` (where the request
/// started) to `to` would go from a public address to a private one.
pub fn redirect_refusal(
    first: &Url,
    to: &Url,
    resolve: &dyn Fn(&str, u16) -> Vec<std::net::IpAddr>,
) -> Option<PrivateRedirect> {
    (is_private(to, resolve) && !is_private(first, resolve)).then(|| PrivateRedirect {
        from: first.origin().ascii_serialization(),
        to: to.origin().ascii_serialization(),
    })
}

/// The addresses a host name resolves to (none when it does not resolve:
/// then there is nothing to reach either).
pub fn system_resolver(host: &str, port: u16) -> Vec<std::net::IpAddr> {
    use std::net::ToSocketAddrs;
    (host, port)
        .to_socket_addrs()
        .map(|addrs| addrs.map(|a| a.ip()).collect())
        .unwrap_or_default()
}

/// Loopback, private, link-local, shared and unspecified addresses,
/// `localhost`, and names that resolve to any of them. (A name that
/// resolves differently when plat connects is not caught.)
pub fn is_private(url: &Url, resolve: &dyn Fn(&str, u16) -> Vec<std::net::IpAddr>) -> bool {
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

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::{is_private, redirect_refusal};

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

    #[test]
    fn redirects_may_not_go_from_public_to_private_addresses() {
        let url = |s: &str| s.parse::<reqwest::Url>().unwrap();
        let refused = redirect_refusal(
            &url("https://github.com/acme/catalog"),
            &url("http://169.254.169.254/latest/meta-data/"),
            &resolver,
        )
        .unwrap();
        assert_eq!(
            refused.to_string(),
            "a redirect from https://github.com to a private address (http://169.254.169.254) was refused"
        );
        assert!(
            redirect_refusal(
                &url("https://example.com/a"),
                &url("https://metadata.internal.example/"),
                &resolver
            )
            .is_some()
        );
        // Public to public, and private to private (an internal server's own redirects), are followed.
        assert!(
            redirect_refusal(
                &url("https://example.com/a"),
                &url("https://github.com/b"),
                &resolver
            )
            .is_none()
        );
        assert!(
            redirect_refusal(
                &url("http://10.0.0.1/a"),
                &url("http://127.0.0.1:8080/b"),
                &resolver
            )
            .is_none()
        );
    }
}
