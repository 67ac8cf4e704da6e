//! The services plat talks to, as plat.yaml's `integrations:` configures
//! them, with tokens read from the environment: GitHub (catalog reads,
//! repositories), Backstage (catalog API, registration) and PagerDuty
//! (services).

use reqwest::header::ACCEPT;
use reqwest::{Method, Url};

use crate::http::api::{Call, join};

use crate::config::{self, Secret};
use crate::error::{Error, Result};

/// A GitHub (or GitHub Enterprise) integration.
#[derive(Debug, Clone)]
pub struct GitHub {
    /// The web host users' URLs name (`github.com`, `github.example.com`).
    pub host: String,
    /// `https://api.github.com`, or `https://HOST/api/v3` for Enterprise.
    pub api_base: Url,
    pub token: Option<String>,
    /// The environment variable the token comes from, for hints.
    pub token_variable: Option<String>,
}

impl GitHub {
    /// A REST call to `path` under the API base, with GitHub's media type
    /// and API version, authorized with `token` when there is one.
    pub fn call(&self, method: Method, path: &str, token: Option<&str>) -> Call {
        self.request(method, join(&self.api_base, path), token)
    }

    /// The same for a whole URL (a next page named by a `Link` header).
    pub fn request(&self, method: Method, url: Url, token: Option<&str>) -> Call {
        let call = Call::new(method, url)
            .header(ACCEPT, "application/vnd.github+json")
            .header(
                reqwest::header::HeaderName::from_static("x-github-api-version"),
                "2022-11-28",
            );
        match token {
            Some(token) => call.authorization(&format!("Bearer {token}")),
            None => call,
        }
    }
}

/// A Backstage server.
#[derive(Debug, Clone)]
pub struct Backstage {
    pub base_url: Url,
    pub token: Option<String>,
}

/// PagerDuty's REST API.
#[derive(Debug, Clone)]
pub struct PagerDuty {
    /// `https://api.pagerduty.com` (or `https://api.eu.pagerduty.com`).
    pub api_base: Url,
    pub token: Option<String>,
    pub token_variable: Option<String>,
}

impl PagerDuty {
    /// A REST API v2 call to `path`, with its media type and `Token` authorization.
    pub fn call(&self, method: Method, path: &str, token: &str) -> Call {
        Call::new(method, join(&self.api_base, path))
            .header(ACCEPT, "application/vnd.pagerduty+json;version=2")
            .authorization(&format!("Token token={token}"))
    }
}

/// The host a URL names, with its port when it has one (`github.com`,
/// `127.0.0.1:8080`): how integrations' `host` is written.
pub fn url_host(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// Every integration; GitHub is always there (public github.com needs no token).
#[derive(Debug, Clone, Default)]
pub struct Integrations {
    pub github: Option<GitHub>,
    pub backstage: Option<Backstage>,
    pub pagerduty: Option<PagerDuty>,
}

impl Integrations {
    /// The integrations plat.yaml configures.
    pub fn from_config(loaded: &config::Loaded) -> Result<Integrations> {
        let url = |key: &str, text: &str| {
            Url::parse(text).map_err(|e| Error::ConfigValue {
                path: loaded.path.clone().unwrap_or_default(),
                key: key.into(),
                message: format!("`{text}` is not a URL: {e}"),
            })
        };
        let integrations = &loaded.config.integrations;
        let github = integrations.github.clone().unwrap_or_default();
        let host = github.host.clone().unwrap_or_else(|| "github.com".into());
        let api_base = match &github.api_base_url {
            Some(base) => base.clone(),
            None if host == "github.com" => "https://api.github.com".into(),
            None => format!("https://{host}/api/v3"),
        };
        let backstage = match integrations
            .backstage
            .as_ref()
            .and_then(|b| b.base_url.as_ref().map(|u| (b, u)))
        {
            Some((b, base)) => Some(Backstage {
                base_url: url("integrations.backstage.baseUrl", base)?,
                token: b.token.as_ref().and_then(Secret::resolve),
            }),
            None => None,
        };
        let pagerduty = match &integrations.pagerduty {
            Some(p) => Some(PagerDuty {
                api_base: url(
                    "integrations.pagerduty.apiBaseUrl",
                    p.api_base_url
                        .as_deref()
                        .unwrap_or("https://api.pagerduty.com"),
                )?,
                token: p.token.as_ref().and_then(Secret::resolve),
                token_variable: p
                    .token
                    .as_ref()
                    .and_then(|t| t.variable().map(str::to_string)),
            }),
            None => None,
        };
        Ok(Integrations {
            github: Some(GitHub {
                host,
                api_base: url("integrations.github.apiBaseUrl", &api_base)?,
                token: github.token.as_ref().and_then(Secret::resolve),
                token_variable: github
                    .token
                    .as_ref()
                    .and_then(|t| t.variable().map(str::to_string)),
            }),
            backstage,
            pagerduty,
        })
    }

    /// The hosts whose URLs are GitHub's: github.com, and the host the
    /// GitHub integration names (GitHub Enterprise).
    pub fn github_hosts(&self) -> Vec<String> {
        let mut hosts = vec!["github.com".to_string()];
        if let Some(github) = &self.github
            && !hosts.contains(&github.host)
        {
            hosts.push(github.host.clone());
        }
        hosts
    }

    /// Every token, to mask wherever output could show one.
    pub fn secrets(&self) -> Vec<String> {
        let github = self.github.as_ref().and_then(|g| g.token.clone());
        let backstage = self.backstage.as_ref().and_then(|b| b.token.clone());
        let pagerduty = self.pagerduty.as_ref().and_then(|p| p.token.clone());
        [github, backstage, pagerduty]
            .into_iter()
            .flatten()
            .collect()
    }
}
