//! GitHub as a source (a service with the `github.com/project-slug`
//! annotation): deployments from the Deployments API and their statuses,
//! incidents from issues with a label, and the first commits of squash-
//! merged pull requests. Pages are followed through `Link` headers.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use reqwest::Url;
use serde_json::Value as Json;

use super::error::DoraError;
use super::model::{Deployment, Incident, Status};
use crate::github::{self, Api, GitHubError};
use crate::http::Client;
use crate::http::api::Reply;
use crate::integrations::GitHub;

pub struct GitHubSource<'a> {
    pub client: &'a Client,
    pub integration: &'a GitHub,
    /// `owner/repo`.
    pub slug: String,
    /// The service, for messages.
    pub service: String,
}

/// A time in an item, for filters that only decide when to stop paging
/// (the items themselves are read with [`GitHubSource::time`]).
fn paging_time(value: &Json) -> Option<Timestamp> {
    crate::time::json_time(value).ok().flatten()
}

impl GitHubSource<'_> {
    fn api(&self) -> Api<'_> {
        Api {
            client: self.client,
            integration: self.integration,
        }
    }

    fn url(&self, path: &str) -> Url {
        self.api().repo_url(&self.slug, path)
    }

    fn error(&self, what: &str, message: String, hint: Option<String>, usage: bool) -> DoraError {
        DoraError::Fetch {
            service: self.service.clone(),
            what: format!("GitHub {what} of {} at {}", self.slug, self.api().host()),
            message,
            hint,
            usage,
        }
    }

    /// A time field of a response item: a malformed or out-of-range one is
    /// an error naming it, not a silently dropped item.
    fn time(&self, what: &str, item: &Json, field: &str) -> Result<Option<Timestamp>, DoraError> {
        let value = field.split('.').fold(item, |value, key| &value[key]);
        crate::time::json_time(value).map_err(|e| {
            self.error(
                what,
                format!("`{field}` {value} {e}"),
                Some("this is a problem of the server's response".into()),
                false,
            )
        })
    }

    fn failed(&self, what: &str, error: GitHubError) -> DoraError {
        self.error(what, error.to_string(), error.hint(), error.is_usage())
    }

    fn get(&self, what: &str, url: Url) -> Result<Reply, DoraError> {
        self.api().get(url).map_err(|e| self.failed(what, e))
    }

    /// Every item of a listing, page after page, until `enough` says stop
    /// (after the page that satisfies it).
    fn list(
        &self,
        what: &str,
        url: Url,
        enough: impl FnMut(&[Json]) -> bool,
    ) -> Result<Vec<Json>, DoraError> {
        self.api()
            .list(url, github::array, enough)
            .map_err(|e| self.failed(what, e))
    }

    /// Deployments to `environment`, newest back to the first successful
    /// one before `since` (so that its commits are known to be deployed).
    pub fn deployments(
        &self,
        environment: &str,
        since: Timestamp,
    ) -> Result<Vec<Deployment>, DoraError> {
        let mut url = self.url("deployments");
        url.query_pairs_mut()
            .append_pair("environment", environment)
            .append_pair("per_page", "100");
        let mut before_since = 0;
        let listed = self.list("deployments", url, |page| {
            before_since += page
                .iter()
                .filter(|d| paging_time(&d["created_at"]).is_some_and(|t| t < since))
                .count();
            before_since > 0
        })?;
        let mut deployments = Vec::new();
        let mut older_success = false;
        for item in listed {
            let Some(id) = item["id"].as_u64() else {
                continue;
            };
            let created = self.time("deployments", &item, "created_at")?;
            if older_success && created.is_some_and(|t| t < since) {
                break;
            }
            let mut url = self.url(&format!("deployments/{id}/statuses"));
            url.query_pairs_mut().append_pair("per_page", "100");
            let statuses = self.list("deployment statuses", url, |_| false)?;
            // Statuses come newest first. A success (later made inactive by
            // the next deployment) means it went live then.
            let success = statuses.iter().rev().find(|s| s["state"] == "success");
            let (status, at) = match (success, statuses.first()) {
                (Some(s), _) => (
                    Status::Success,
                    self.time("deployment statuses", s, "created_at")?,
                ),
                (None, Some(s)) if s["state"] == "failure" || s["state"] == "error" => (
                    Status::Failure,
                    self.time("deployment statuses", s, "created_at")?,
                ),
                _ => continue,
            };
            let Some(at) = at.or(created) else { continue };
            if status == Status::Success && at < since {
                older_success = true;
            }
            deployments.push(Deployment {
                time: at,
                version: item["ref"].as_str().map(str::to_string),
                sha: item["sha"].as_str().map(str::to_string),
                status,
                unplanned: false,
                by: item["creator"]["login"].as_str().map(str::to_string),
                origin: format!("GitHub deployment {id}"),
                changes: Vec::new(),
            });
        }
        Ok(deployments)
    }

    /// Issues with `label`, open or closed, updated since `since`; a line
    /// `Caused-by: VERSION` in the body names the deployment.
    pub fn incidents(&self, label: &str, since: Timestamp) -> Result<Vec<Incident>, DoraError> {
        let mut url = self.url("issues");
        url.query_pairs_mut()
            .append_pair("labels", label)
            .append_pair("state", "all")
            .append_pair("since", &since.to_string())
            .append_pair("per_page", "100");
        let issues = self.list("issues", url, |_| false)?;
        let mut incidents = Vec::new();
        for issue in issues
            .iter()
            .filter(|issue| issue.get("pull_request").is_none())
        {
            let Some(number) = issue["number"].as_u64() else {
                continue;
            };
            let Some(opened) = self.time("issues", issue, "created_at")? else {
                continue;
            };
            incidents.push(Incident {
                id: format!("{}#{number}", self.slug),
                opened,
                resolved: self.time("issues", issue, "closed_at")?,
                caused_by: issue["body"].as_str().and_then(caused_by),
                origin: format!("GitHub issue {}#{number}", self.slug),
            });
        }
        Ok(incidents)
    }

    /// For merged pull requests whose merge commit is one of `wanted`: the
    /// author time of the pull request's first commit.
    pub fn first_commits(
        &self,
        since: Timestamp,
        wanted: &HashSet<String>,
    ) -> Result<HashMap<String, Timestamp>, DoraError> {
        let mut url = self.url("pulls");
        url.query_pairs_mut()
            .append_pair("state", "closed")
            .append_pair("sort", "updated")
            .append_pair("direction", "desc")
            .append_pair("per_page", "100");
        let pulls = self.list("pull requests", url, |page| {
            page.last()
                .and_then(|p| paging_time(&p["updated_at"]))
                .is_some_and(|t| t < since)
        })?;
        let mut found = HashMap::new();
        for pull in pulls {
            let (Some(number), Some(sha)) =
                (pull["number"].as_u64(), pull["merge_commit_sha"].as_str())
            else {
                continue;
            };
            if pull["merged_at"].is_null() || !wanted.contains(sha) {
                continue;
            }
            let mut url = self.url(&format!("pulls/{number}/commits"));
            url.query_pairs_mut().append_pair("per_page", "100");
            let reply = self.get("pull request commits", url)?;
            if let Some(first) = reply.body.as_array().and_then(|c| c.first())
                && let Some(at) = self.time("pull request commits", first, "commit.author.date")?
            {
                found.insert(sha.to_string(), at);
            }
        }
        Ok(found)
    }
}

/// `Caused-by: v1.2.3` (any case, `caused by` too) on a line of its own.
fn caused_by(body: &str) -> Option<String> {
    body.lines().find_map(|line| {
        let line = line.trim();
        let lower = line.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("caused-by:")
            .or_else(|| lower.strip_prefix("caused by:"))?;
        let value = line[line.len() - rest.len()..].trim();
        (!value.is_empty()).then(|| value.split_whitespace().next().unwrap_or(value).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::caused_by;

    #[test]
    fn caused_by_lines() {
        assert_eq!(
            caused_by("Checkout broke.\nCaused-by: v1.4.0\n"),
            Some("v1.4.0".into())
        );
        assert_eq!(
            caused_by("caused by: 1a2b3c4d please"),
            Some("1a2b3c4d".into())
        );
        assert_eq!(caused_by("nothing here"), None);
        assert_eq!(caused_by("Caused-by:"), None);
    }
}
