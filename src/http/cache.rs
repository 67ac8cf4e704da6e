//! The on-disk HTTP cache: one file per URL, named by the URL's SHA-256,
//! holding a line of JSON (the URL, its validators and how long it is
//! fresh) and then the body; written atomically, so a reader sees a whole
//! entry or none.

use std::fmt::Write as _;
use std::path::PathBuf;

use reqwest::Url;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where cached responses live (`<cache dir>/http`).
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// A cached response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub meta: Meta,
    pub body: Vec<u8>,
}

/// What is known about a cached response besides its body. Entries written
/// before freshness was kept read as never fresh.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Unix milliseconds when the response arrived or was last revalidated.
    #[serde(default)]
    pub received: u64,
    /// Unix milliseconds until which the server lets it be used without a
    /// request (see `freshness`); `None`: revalidate every time.
    #[serde(default)]
    pub fresh_until: Option<u64>,
}

/// When cached responses may be used without a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Policy {
    /// As long as the server said (`Cache-Control`, `Expires`).
    #[default]
    Server,
    /// For this long after arrival or the last revalidation, whatever the
    /// server said (`catalog.cache.maxAge`; zero: never).
    MaxAge(std::time::Duration),
    /// Never: revalidate everything now (`--refresh`).
    Refresh,
}

impl Meta {
    /// May the response be used at `now` (Unix milliseconds) without asking?
    pub fn is_fresh(&self, policy: Policy, now: u64) -> bool {
        match policy {
            Policy::Server => self.fresh_until.is_some_and(|until| now < until),
            Policy::MaxAge(max_age) => {
                let max_age = u64::try_from(max_age.as_millis()).unwrap_or(u64::MAX);
                self.received > 0 && now < self.received.saturating_add(max_age)
            }
            Policy::Refresh => false,
        }
    }
}

impl Cache {
    pub fn new(base: PathBuf) -> Cache {
        Cache {
            dir: base.join("http"),
        }
    }

    fn path(&self, url: &Url) -> PathBuf {
        let digest = Sha256::digest(url.as_str().as_bytes());
        let mut name = String::with_capacity(70);
        for byte in digest {
            let _ = write!(name, "{byte:02x}");
        }
        name.push_str(".entry");
        self.dir.join(name)
    }

    pub fn lookup(&self, url: &Url) -> Option<Entry> {
        let mut bytes = std::fs::read(self.path(url)).ok()?;
        let end = bytes.iter().position(|&b| b == b'\n')?;
        let meta: Meta = serde_json::from_slice(&bytes[..end]).ok()?;
        // A hash collision, however unlikely, is not a hit.
        if meta.url != url.as_str() {
            return None;
        }
        bytes.drain(..=end);
        Some(Entry { meta, body: bytes })
    }

    /// Best effort: a cache that cannot be written only costs speed.
    /// `meta.url` names the entry.
    pub fn store(&self, meta: &Meta, body: &[u8]) {
        let Ok(url) = Url::parse(&meta.url) else {
            return;
        };
        // serde_json escapes newlines in strings: the line ends the metadata.
        let Ok(mut contents) = serde_json::to_vec(meta) else {
            return;
        };
        contents.push(b'\n');
        contents.extend_from_slice(body);
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let _ = crate::files::write_atomically(&self.path(&url), &contents);
        }
    }

    /// Forgets `url` (a server said `no-store`). Best effort, as `store`.
    pub fn remove(&self, url: &Url) {
        let _ = std::fs::remove_file(self.path(url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds_by_url() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let url = Url::parse("https://example.com/catalog-info.yaml").unwrap();
        assert_eq!(cache.lookup(&url), None);
        let meta = Meta {
            url: url.to_string(),
            etag: Some("\"v1\"\n".into()),
            received: 1_000,
            fresh_until: Some(61_000),
            ..Meta::default()
        };
        cache.store(&meta, b"kind: Component\n\nx\n");
        let entry = cache.lookup(&url).unwrap();
        assert_eq!(entry.meta, meta);
        assert_eq!(entry.body, b"kind: Component\n\nx\n");
        let other = Url::parse("https://example.com/other.yaml").unwrap();
        assert_eq!(cache.lookup(&other), None);
        cache.remove(&url);
        assert_eq!(cache.lookup(&url), None);
    }

    #[test]
    fn freshness_follows_the_server_unless_configured_or_refreshed() {
        let meta = Meta {
            received: 1_000,
            fresh_until: Some(61_000),
            ..Meta::default()
        };
        assert!(meta.is_fresh(Policy::Server, 60_999));
        assert!(!meta.is_fresh(Policy::Server, 61_000));
        assert!(!meta.is_fresh(Policy::Refresh, 1_001));
        let five_minutes = Policy::MaxAge(std::time::Duration::from_secs(300));
        assert!(meta.is_fresh(five_minutes, 300_999));
        assert!(!meta.is_fresh(five_minutes, 301_000));
        assert!(!meta.is_fresh(Policy::MaxAge(std::time::Duration::ZERO), 1_000));
        let never = Meta {
            received: 1_000,
            ..Meta::default()
        };
        assert!(
            !never.is_fresh(Policy::Server, 1_001),
            "no-cache or no lifetime"
        );
        assert!(
            never.is_fresh(five_minutes, 1_001),
            "maxAge overrides the server"
        );
        assert!(
            !Meta::default().is_fresh(five_minutes, 1_001),
            "an entry of the old layout has no arrival time"
        );
    }

    #[test]
    fn a_damaged_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let url = Url::parse("https://example.com/catalog-info.yaml").unwrap();
        cache.store(
            &Meta {
                url: url.to_string(),
                ..Meta::default()
            },
            b"body",
        );
        std::fs::write(cache.path(&url), b"{not json\nbody").unwrap();
        assert_eq!(cache.lookup(&url), None);
        std::fs::write(cache.path(&url), b"no newline at all").unwrap();
        assert_eq!(cache.lookup(&url), None);
    }
}
