//! The on-disk HTTP cache: one body file and one small JSON file of
//! validators per URL, named by the URL's SHA-256, written atomically.

use std::path::{Path, PathBuf};

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

    fn paths(&self, url: &Url) -> (PathBuf, PathBuf) {
        let digest = Sha256::digest(url.as_str().as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        (
            self.dir.join(format!("{name}.json")),
            self.dir.join(format!("{name}.body")),
        )
    }

    pub fn lookup(&self, url: &Url) -> Option<Entry> {
        let (meta_path, body_path) = self.paths(url);
        let meta: Meta = serde_json::from_slice(&std::fs::read(meta_path).ok()?).ok()?;
        if meta.url != url.as_str() {
            return None;
        }
        Some(Entry {
            etag: meta.etag,
            last_modified: meta.last_modified,
            body: std::fs::read(body_path).ok()?,
        })
    }

    /// Best effort: a cache that cannot be written only costs speed.
    pub fn store(&self, url: &Url, etag: Option<&str>, last_modified: Option<&str>, body: &[u8]) {
        let (meta_path, body_path) = self.paths(url);
        let meta = Meta {
            url: url.to_string(),
            etag: etag.map(str::to_string),
            last_modified: last_modified.map(str::to_string),
        };
        let Ok(meta) = serde_json::to_vec(&meta) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        // Body first: a metadata file always points at a complete body.
        if write_atomically(&body_path, body).is_ok() {
            let _ = write_atomically(&meta_path, &meta);
        }
    }
}

fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, contents)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
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
        cache.store(&url, Some("\"v1\""), None, b"kind: Component\n");
        let entry = cache.lookup(&url).unwrap();
        assert_eq!(entry.etag.as_deref(), Some("\"v1\""));
        assert_eq!(entry.body, b"kind: Component\n");
        let other = Url::parse("https://example.com/other.yaml").unwrap();
        assert_eq!(cache.lookup(&other), None);
    }
}
