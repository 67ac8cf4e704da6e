//! Reading GitHub's REST API (github.com or GitHub Enterprise, as
//! `integrations.github` configures it): GETs whose failures mean the same
//! thing to every reader (a rejected token, a repository the token cannot
//! see, a used-up rate limit, a host that does not answer), and listings
//! followed page after page through `Link` headers. `plat dora` and
//! `plat runs` read through it.

use jiff::Timestamp;
use reqwest::{Method, Url};
use serde_json::Value as Json;

use crate::http::Client;
use crate::http::api::{Reply, join};
use crate::integrations::GitHub;

/// Why a read from GitHub failed, with what to do about it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GitHubError {
    /// No answer (the host is named where the error is reported).
    #[error("{message}")]
    Unreachable { host: String, message: String },
    #[error("401 Unauthorized: {message}")]
    Unauthorized {
        host: String,
        message: String,
        variable: String,
    },
    #[error("403 Forbidden: {message}")]
    Forbidden {
        host: String,
        message: String,
        variable: String,
    },
    #[error("404 Not Found")]
    NotFound { host: String, variable: String },
    #[error("GitHub's API rate limit is used up{}", reset.map(|t| format!(" until {t}")).unwrap_or_default())]
    RateLimited {
        host: String,
        reset: Option<Timestamp>,
        variable: String,
    },
    #[error("HTTP {status}: {message}")]
    Status {
        host: String,
        status: u16,
        message: String,
    },
}

impl GitHubError {
    /// The API host (and port) asked.
    pub fn host(&self) -> &str {
        match self {
            GitHubError::Unreachable { host, .. }
            | GitHubError::Unauthorized { host, .. }
            | GitHubError::Forbidden { host, .. }
            | GitHubError::NotFound { host, .. }
            | GitHubError::RateLimited { host, .. }
            | GitHubError::Status { host, .. } => host,
        }
    }

    /// Credentials or configuration (exit 2) rather than the server (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            GitHubError::Unauthorized { .. }
                | GitHubError::Forbidden { .. }
                | GitHubError::NotFound { .. }
        )
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            GitHubError::Unreachable { host, .. } => Some(format!(
                "check the network, and integrations.github in plat.yaml (host, apiBaseUrl) if {host} is not your GitHub"
            )),
            GitHubError::Unauthorized { variable, .. } => Some(format!(
                "check the token in ${variable} (integrations.github.token in plat.yaml)"
            )),
            GitHubError::Forbidden { variable, .. } => Some(format!(
                "the token in ${variable} lacks a permission this needs (e.g. `repo` scope, or Actions read access for a fine-grained token)"
            )),
            GitHubError::NotFound { variable, .. } => Some(format!(
                "check the github.com/project-slug annotation, and that the token in ${variable} can read the repository"
            )),
            GitHubError::RateLimited { variable, .. } => Some(format!(
                "wait for the reset, or set ${variable}: requests with a token get a larger limit"
            )),
            GitHubError::Status { .. } => None,
        }
    }
}

/// GitHub's REST API through plat's HTTP client.
pub struct Api<'a> {
    pub client: &'a Client,
    pub integration: &'a GitHub,
}

impl Api<'_> {
    /// `path` under a repository: `repos/{slug}/{path}`.
    pub fn repo_url(&self, slug: &str, path: &str) -> Url {
        join(&self.integration.api_base, &format!("repos/{slug}/{path}"))
    }

    /// The API host (and port), for messages.
    pub fn host(&self) -> String {
        let base = &self.integration.api_base;
        match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            _ => base.to_string(),
        }
    }

    fn token_variable(&self) -> String {
        self.integration
            .token_variable
            .clone()
            .unwrap_or_else(|| "GITHUB_TOKEN".into())
    }

    /// One GET; any answer but a 2xx is an error that says what it means.
    pub fn get(&self, url: Url) -> Result<Reply, GitHubError> {
        let call = self
            .integration
            .request(Method::GET, url, self.integration.token.as_deref());
        let host = self.host();
        let reply = self
            .client
            .call(call)
            .map_err(|e| GitHubError::Unreachable {
                host: host.clone(),
                message: e.to_string(),
            })?;
        if reply.is_success() {
            return Ok(reply);
        }
        let variable = self.token_variable();
        let exhausted = reply.header("x-ratelimit-remaining") == Some("0");
        Err(match reply.status {
            401 => GitHubError::Unauthorized {
                host,
                message: reply.message(),
                variable,
            },
            403 | 429 if exhausted => GitHubError::RateLimited {
                host,
                reset: reply
                    .header("x-ratelimit-reset")
                    .and_then(|r| r.parse::<i64>().ok())
                    .and_then(|r| crate::time::from_second(r).ok()),
                variable,
            },
            403 => GitHubError::Forbidden {
                host,
                message: reply.message(),
                variable,
            },
            404 => GitHubError::NotFound { host, variable },
            status => GitHubError::Status {
                host,
                status,
                message: reply.message(),
            },
        })
    }

    /// Every item of a listing, page after page, until `enough` says stop
    /// (after the page that satisfies it). `items` finds a page's items in
    /// its body: the body itself for most listings, a key of it for the
    /// ones that answer `{"total_count": ..., "<key>": [...]}`.
    pub fn list(
        &self,
        mut url: Url,
        items: impl Fn(&Json) -> Option<&Vec<Json>>,
        mut enough: impl FnMut(&[Json]) -> bool,
    ) -> Result<Vec<Json>, GitHubError> {
        let mut all = Vec::new();
        loop {
            let reply = self.get(url)?;
            let page = items(&reply.body).cloned().unwrap_or_default();
            let stop = enough(&page);
            all.extend(page);
            match reply.next_link() {
                Some(next) if !stop => url = next,
                _ => return Ok(all),
            }
        }
    }
}

/// The items of a listing whose body is the array itself.
pub fn array(body: &Json) -> Option<&Vec<Json>> {
    body.as_array()
}
