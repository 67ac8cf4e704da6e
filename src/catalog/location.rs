//! Where catalog files come from: local paths and globs, URLs (GitHub URLs
//! among them), and Backstage catalog servers.

use reqwest::Url;

/// One configured location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub target: Target,
    /// A missing target is not a problem (`presence: optional`).
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file, directory or glob, relative to the base directory.
    Path(String),
    /// A catalog file on the web.
    Url(Url),
    /// A whole Backstage catalog, read through its REST API.
    Backstage(Url),
}

impl Location {
    /// A location as written: `http(s)://` is a URL, anything else a path.
    pub fn parse(text: &str) -> Result<Location, String> {
        Ok(Location {
            target: Target::parse(text)?,
            optional: false,
        })
    }

    pub fn backstage(base: &str) -> Result<Location, String> {
        let url = parse_url(base)?;
        Ok(Location {
            target: Target::Backstage(url),
            optional: false,
        })
    }
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, String> {
        if is_url(text) {
            parse_url(text).map(Target::Url)
        } else {
            Ok(Target::Path(text.to_string()))
        }
    }
}

pub fn is_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{text}` is not an http or https URL"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(matches!(
            Location::parse("https://x.example/c.yaml").unwrap().target,
            Target::Url(_)
        ));
        assert!(matches!(
            Location::parse("./c.yaml").unwrap().target,
            Target::Path(_)
        ));
        assert!(Location::parse("https://").is_err());
        assert!(Location::backstage("ftp://x").is_err());
    }
}
