//! The on-disk HTTP cache: one file per URL, named by the URL's SHA-256,
//! holding a line of JSON (the URL and its validators) and then the body;
//! written atomically, so a reader sees a whole entry or none.

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
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
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
        Some(Entry {
            etag: meta.etag,
            last_modified: meta.last_modified,
            body: bytes,
        })
    }

    /// Best effort: a cache that cannot be written only costs speed.
    pub fn store(&self, url: &Url, etag: Option<&str>, last_modified: Option<&str>, body: &[u8]) {
        let meta = Meta {
            url: url.to_string(),
            etag: etag.map(str::to_string),
            last_modified: last_modified.map(str::to_string),
        };
        // serde_json escapes newlines in strings: the line ends the metadata.
        let Ok(mut contents) = serde_json::to_vec(&meta) else {
            return;
        };
        contents.push(b'\n');
        contents.extend_from_slice(body);
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let _ = crate::files::write_atomically(&self.path(url), &contents);
        }
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
        cache.store(&url, Some("\"v1\"\n"), None, b"kind: Component\n\nx\n");
        let entry = cache.lookup(&url).unwrap();
        assert_eq!(entry.etag.as_deref(), Some("\"v1\"\n"));
        assert_eq!(entry.body, b"kind: Component\n\nx\n");
        let other = Url::parse("https://example.com/other.yaml").unwrap();
        assert_eq!(cache.lookup(&other), None);
    }

    #[test]
    fn a_damaged_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let url = Url::parse("https://example.com/catalog-info.yaml").unwrap();
        cache.store(&url, None, None, b"body");
        std::fs::write(cache.path(&url), b"{not json\nbody").unwrap();
        assert_eq!(cache.lookup(&url), None);
        std::fs::write(cache.path(&url), b"no newline at all").unwrap();
        assert_eq!(cache.lookup(&url), None);
    }
}
