//! Reading catalog files from URLs: plain URLs as they are, GitHub URLs as
//! users paste them (`/blob/REF/path`, `/tree/REF/dir`) through GitHub's
//! contents API, with the integration's token; and what to tell the user
//! when a read fails.

use reqwest::Url;
use reqwest::header::ACCEPT;

use crate::http::{FetchError, Request};

pub use crate::integrations::{Backstage, GitHub, Integrations};

/// A file in a GitHub repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHubFile {
    pub owner: String,
    pub repo: String,
    pub reference: String,
    pub path: String,
}

impl GitHubFile {
    /// `https://HOST/OWNER/REPO/blob/REF/PATH`, or `/tree/REF/DIR` meaning
    /// the catalog-info.yaml in DIR.
    pub fn parse(url: &Url, host: &str) -> Option<GitHubFile> {
        if crate::integrations::url_host(url).as_deref() != Some(host) {
            return None;
        }
        let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
        let [owner, repo, mode, reference, rest @ ..] = segments.as_slice() else {
            return None;
        };
        let mut path = rest.join("/");
        match *mode {
            "blob" if !path.is_empty() => {}
            "tree" => {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str("catalog-info.yaml");
            }
            _ => return None,
        }
        Some(GitHubFile {
            owner: owner.to_string(),
            repo: repo.to_string(),
            reference: reference.to_string(),
            path,
        })
    }

    /// The contents API request that returns the raw file.
    pub fn request(&self, github: &GitHub) -> Request {
        let mut url = github.api_base.clone();
        {
            let mut segments = url
                .path_segments_mut()
                .expect("API base URLs are hierarchical");
            segments.pop_if_empty();
            segments.extend(["repos", &self.owner, &self.repo, "contents"]);
            segments.extend(self.path.split('/'));
        }
        url.query_pairs_mut().append_pair("ref", &self.reference);
        let request = Request::get(url).header(ACCEPT, "application/vnd.github.raw");
        match &github.token {
            Some(token) => request.authorization("Bearer", token),
            None => request,
        }
    }

    /// The URL users know it by.
    pub fn blob_url(&self, host_url: &Url) -> Url {
        let mut url = host_url.clone();
        url.set_query(None);
        url.set_path(&format!(
            "/{}/{}/blob/{}/{}",
            self.owner, self.repo, self.reference, self.path
        ));
        url
    }
}

/// What a URL location becomes: the URL shown (and resolved against), and
/// the request that reads it.
#[derive(Debug, Clone)]
pub struct Remote {
    pub url: Url,
    pub request: Request,
    pub github: bool,
}

impl Remote {
    pub fn new(url: Url, integrations: &Integrations) -> Remote {
        if let Some(github) = &integrations.github
            && let Some(file) = GitHubFile::parse(&url, &github.host)
        {
            return Remote {
                url: file.blob_url(&url),
                request: file.request(github),
                github: true,
            };
        }
        Remote {
            request: Request::get(url.clone()),
            url,
            github: false,
        }
    }
}

/// Says what to do about a failed read.
pub fn hint(error: &FetchError, remote: &Remote, integrations: &Integrations) -> Option<String> {
    let has_token = integrations
        .github
        .as_ref()
        .is_some_and(|g| g.token.is_some());
    Some(match (error, remote.github) {
        (FetchError::Status { status: 401 | 403 | 404, .. }, true) if !has_token => {
            "if the repository is private, set integrations.github.token (e.g. `token: env:GITHUB_TOKEN`) and export GITHUB_TOKEN".into()
        }
        (FetchError::Status { status: 401, .. }, true) => "GitHub refused the token: check GITHUB_TOKEN".into(),
        (FetchError::Status { status: 403, .. }, true) => {
            "the token may lack access to this repository, or the API rate limit is reached".into()
        }
        (FetchError::Status { status: 404, .. }, _) => "check the URL (and the branch or tag in it)".into(),
        (FetchError::Status { status: 401 | 403, .. }, false) => {
            "the server wants credentials; plat sends tokens only to configured GitHub and Backstage integrations".into()
        }
        (FetchError::Status { status: 429, .. }, _) => "the server is rate limiting; try again later".into(),
        (FetchError::Status { status, .. }, _) if *status >= 500 => "the server failed; try again later".into(),
        (FetchError::Timeout | FetchError::Connect(_), _) => {
            "check the URL and the network; --offline reads what the cache holds".into()
        }
        (FetchError::Tls(_), _) => "the server's certificate is not trusted".into(),
        (FetchError::Redirects, _) => "the URL redirects in a loop or too often; use the final URL".into(),
        (FetchError::PrivateRedirect(_), _) => {
            "if that internal address is meant to be read, name it in plat.yaml instead of the redirecting URL".into()
        }
        (FetchError::TooLarge { .. }, _) => "catalog files must be under 10 MB".into(),
        (FetchError::Offline, _) => "run once without --offline to fill the cache".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github() -> GitHub {
        GitHub {
            host: "github.com".into(),
            api_base: Url::parse("https://api.github.com").unwrap(),
            token: None,
            token_variable: None,
        }
    }

    #[test]
    fn parses_blob_and_tree_urls() {
        let url =
            Url::parse("https://github.com/acme/payments/blob/main/services/a/catalog-info.yaml")
                .unwrap();
        let file = GitHubFile::parse(&url, "github.com").unwrap();
        assert_eq!(
            file,
            GitHubFile {
                owner: "acme".into(),
                repo: "payments".into(),
                reference: "main".into(),
                path: "services/a/catalog-info.yaml".into()
            }
        );
        let tree = Url::parse("https://github.com/acme/payments/tree/v1.2/services").unwrap();
        assert_eq!(
            GitHubFile::parse(&tree, "github.com").unwrap().path,
            "services/catalog-info.yaml"
        );
        let root = Url::parse("https://github.com/acme/payments/tree/main").unwrap();
        assert_eq!(
            GitHubFile::parse(&root, "github.com").unwrap().path,
            "catalog-info.yaml"
        );
        assert_eq!(
            GitHubFile::parse(
                &Url::parse("https://github.com/acme/payments").unwrap(),
                "github.com"
            ),
            None
        );
        assert_eq!(GitHubFile::parse(&url, "github.example.com"), None);
    }

    #[test]
    fn requests_the_contents_api_with_the_token() {
        let url =
            Url::parse("https://github.com/acme/payments/blob/main/catalog-info.yaml").unwrap();
        let mut integration = github();
        integration.token = Some("s3cret".into());
        let request = GitHubFile::parse(&url, "github.com")
            .unwrap()
            .request(&integration);
        assert_eq!(
            request.url.as_str(),
            "https://api.github.com/repos/acme/payments/contents/catalog-info.yaml?ref=main"
        );
        assert_eq!(request.headers[ACCEPT], "application/vnd.github.raw");
        assert!(request.headers[reqwest::header::AUTHORIZATION].is_sensitive());
        assert!(!format!("{request:?}").contains("s3cret"));
    }

    #[test]
    fn enterprise_api_base_keeps_its_path() {
        let url = Url::parse("https://ghe.example.com/o/r/blob/main/c.yaml").unwrap();
        let integration = GitHub {
            host: "ghe.example.com".into(),
            api_base: Url::parse("https://ghe.example.com/api/v3").unwrap(),
            token: None,
            token_variable: None,
        };
        let request = GitHubFile::parse(&url, "ghe.example.com")
            .unwrap()
            .request(&integration);
        assert_eq!(
            request.url.as_str(),
            "https://ghe.example.com/api/v3/repos/o/r/contents/c.yaml?ref=main"
        );
    }

    #[test]
    fn relative_targets_resolve_within_the_repository() {
        let url = Url::parse("https://github.com/acme/p/blob/main/a/catalog-info.yaml").unwrap();
        let joined = url.join("../b/catalog-info.yaml").unwrap();
        assert_eq!(
            GitHubFile::parse(&joined, "github.com").unwrap().path,
            "b/catalog-info.yaml"
        );
    }

    #[test]
    fn hints_mention_the_token_for_github() {
        let integrations = Integrations {
            github: Some(github()),
            backstage: None,
            pagerduty: None,
        };
        let remote = Remote::new(
            Url::parse("https://github.com/o/r/blob/main/c.yaml").unwrap(),
            &integrations,
        );
        let hint = hint(
            &FetchError::Status {
                status: 404,
                retry_after: None,
            },
            &remote,
            &integrations,
        )
        .unwrap();
        assert!(hint.contains("GITHUB_TOKEN"), "{hint}");
    }
}
