//! GitHub Actions' REST API: a repository's workflow runs (`GET
//! /repos/{owner}/{repo}/actions/runs`, newest first, filtered by branch
//! and status, paged through `Link` headers), one run, and its jobs with
//! their steps (`.../actions/runs/{id}/jobs`).

use jiff::Timestamp;
use reqwest::Url;
use serde_json::Value as Json;

use super::ANNOTATION;
use super::error::CiError;
use super::model::{Job, Run, Step, seconds_between};
use crate::github::{Api, GitHubError};

/// A repository's Actions.
pub struct Actions<'a> {
    pub api: Api<'a>,
    /// `owner/name`.
    pub slug: String,
}

/// Which runs to list.
#[derive(Debug, Clone, Default)]
pub struct RunQuery {
    pub branch: Option<String>,
    /// Only runs that concluded `failure`.
    pub failed: bool,
    /// At most this many (GitHub pages them 100 at a time).
    pub limit: usize,
}

/// The runs listed, and how many match in all.
#[derive(Debug, Clone)]
pub struct Runs {
    pub runs: Vec<Run>,
    /// GitHub's `total_count` for the query.
    pub total_count: u64,
}

/// GitHub's largest page.
const MAX_PAGE: usize = 100;

impl<'a> Actions<'a> {
    /// The repository an entity's annotation names (`owner/name`).
    pub fn for_entity(
        api: Api<'a>,
        entity: &str,
        annotation: Option<&str>,
    ) -> Result<Actions<'a>, CiError> {
        let slug = annotation
            .map(str::trim)
            .ok_or_else(|| CiError::MissingAnnotation {
                entity: entity.into(),
                annotation: ANNOTATION,
            })?;
        let parts: Vec<&str> = slug.split('/').collect();
        let valid = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if parts.len() != 2 || !parts.iter().all(|p| valid(p)) {
            return Err(CiError::BadSlug {
                entity: entity.into(),
                annotation: ANNOTATION,
                slug: slug.into(),
            });
        }
        Ok(Actions {
            api,
            slug: slug.into(),
        })
    }

    fn failed(&self, what: &str, source: GitHubError) -> CiError {
        CiError::GitHub {
            what: what.into(),
            slug: self.slug.clone(),
            source: Box::new(source),
        }
    }

    fn bad_response(&self, what: &str, message: String) -> CiError {
        CiError::Response {
            host: self.api.host(),
            what: what.into(),
            slug: self.slug.clone(),
            message,
        }
    }

    /// The newest runs matching `query`, at most `query.limit`.
    pub fn runs(&self, query: &RunQuery) -> Result<Runs, CiError> {
        const WHAT: &str = "workflow runs";
        let mut url = self.api.repo_url(&self.slug, "actions/runs");
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(branch) = &query.branch {
                pairs.append_pair("branch", branch);
            }
            if query.failed {
                pairs.append_pair("status", "failure");
            }
            pairs.append_pair("per_page", &query.limit.clamp(1, MAX_PAGE).to_string());
        }
        let mut total_count = 0;
        let mut runs = Vec::new();
        let mut next = Some(url);
        while let Some(url) = next.take() {
            if runs.len() >= query.limit {
                break;
            }
            let reply = self.api.get(url).map_err(|e| self.failed(WHAT, e))?;
            total_count = reply.body["total_count"].as_u64().unwrap_or(total_count);
            let page = reply.body["workflow_runs"]
                .as_array()
                .ok_or_else(|| self.bad_response(WHAT, "a body without `workflow_runs`".into()))?;
            for item in page {
                if runs.len() < query.limit {
                    runs.push(self.run_from(WHAT, item)?);
                }
            }
            next = reply.next_link();
        }
        Ok(Runs { runs, total_count })
    }

    /// The newest run (on `branch`, when given): for an at-a-glance line,
    /// with a client whose timeout is short.
    pub fn last_run(&self, branch: Option<&str>) -> Result<Option<Run>, CiError> {
        let query = RunQuery {
            branch: branch.map(str::to_string),
            failed: false,
            limit: 1,
        };
        Ok(self.runs(&query)?.runs.into_iter().next())
    }

    /// One run by its id.
    pub fn run(&self, id: u64) -> Result<Run, CiError> {
        const WHAT: &str = "workflow run";
        let url = self.api.repo_url(&self.slug, &format!("actions/runs/{id}"));
        let reply = self.api.get(url).map_err(|e| {
            let what = format!("{WHAT} {id}");
            self.failed(&what, e)
        })?;
        self.run_from(WHAT, &reply.body)
    }

    /// The jobs of run `id` (of its latest attempt), with their steps.
    pub fn jobs(&self, id: u64) -> Result<Vec<Job>, CiError> {
        let what = format!("jobs of workflow run {id}");
        let mut url: Url = self
            .api
            .repo_url(&self.slug, &format!("actions/runs/{id}/jobs"));
        url.query_pairs_mut()
            .append_pair("per_page", &MAX_PAGE.to_string());
        let items = self
            .api
            .list(url, |body| body["jobs"].as_array(), |_| false)
            .map_err(|e| self.failed(&what, e))?;
        items
            .iter()
            .map(|item| self.job_from(&what, item))
            .collect()
    }

    fn time(&self, what: &str, item: &Json, field: &str) -> Result<Option<Timestamp>, CiError> {
        crate::time::json_time(&item[field])
            .map_err(|e| self.bad_response(what, format!("`{field}` {} {e}", item[field])))
    }

    fn required_time(&self, what: &str, item: &Json, field: &str) -> Result<Timestamp, CiError> {
        self.time(what, item, field)?
            .ok_or_else(|| self.bad_response(what, format!("an item without `{field}`")))
    }

    fn id(&self, what: &str, item: &Json) -> Result<u64, CiError> {
        item["id"]
            .as_u64()
            .ok_or_else(|| self.bad_response(what, "an item without a numeric `id`".into()))
    }

    fn run_from(&self, what: &str, item: &Json) -> Result<Run, CiError> {
        let text = |key: &str| item[key].as_str().map(str::to_string);
        let created_at = self.required_time(what, item, "created_at")?;
        let updated_at = self.required_time(what, item, "updated_at")?;
        let started_at = self.time(what, item, "run_started_at")?;
        let status = text("status").unwrap_or_default();
        let duration_seconds = (status == "completed")
            .then(|| seconds_between(started_at.or(Some(created_at)), Some(updated_at)))
            .flatten();
        Ok(Run {
            id: self.id(what, item)?,
            workflow: text("name").unwrap_or_default(),
            title: text("display_title"),
            run_number: item["run_number"].as_u64(),
            attempt: item["run_attempt"].as_u64(),
            status,
            conclusion: text("conclusion"),
            event: text("event").unwrap_or_default(),
            branch: text("head_branch"),
            sha: text("head_sha").unwrap_or_default(),
            commit_message: item["head_commit"]["message"]
                .as_str()
                .map(|m| m.lines().next().unwrap_or_default().to_string()),
            actor: item["actor"]["login"].as_str().map(str::to_string),
            created_at,
            started_at,
            updated_at,
            duration_seconds,
            url: text("html_url").unwrap_or_default(),
        })
    }

    fn job_from(&self, what: &str, item: &Json) -> Result<Job, CiError> {
        let text = |value: &Json, key: &str| value[key].as_str().map(str::to_string);
        let started_at = self.time(what, item, "started_at")?;
        let completed_at = self.time(what, item, "completed_at")?;
        let mut steps = Vec::new();
        for step in item["steps"].as_array().into_iter().flatten() {
            let started = self.time(what, step, "started_at")?;
            let completed = self.time(what, step, "completed_at")?;
            steps.push(Step {
                number: step["number"].as_u64().unwrap_or_default(),
                name: text(step, "name").unwrap_or_default(),
                status: text(step, "status").unwrap_or_default(),
                conclusion: text(step, "conclusion"),
                started_at: started,
                completed_at: completed,
                duration_seconds: seconds_between(started, completed),
            });
        }
        Ok(Job {
            id: self.id(what, item)?,
            name: text(item, "name").unwrap_or_default(),
            status: text(item, "status").unwrap_or_default(),
            conclusion: text(item, "conclusion"),
            started_at,
            completed_at,
            duration_seconds: seconds_between(started_at, completed_at),
            runner: text(item, "runner_name"),
            url: text(item, "html_url").unwrap_or_default(),
            steps,
        })
    }
}
