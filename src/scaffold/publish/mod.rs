//! The actions with side effects outside the workspace: pushing to git
//! remotes, creating GitHub repositories, registering in a catalog,
//! creating PagerDuty services. Each can say what it would send (dry runs)
//! and check beforehand that it can succeed (preflight).

mod catalog;
mod environment;
mod git;
mod github;
mod pagerduty;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::http::Client;
use crate::http::api::{Call, Reply};
use crate::integrations::Integrations;
use crate::scaffold::run::Publisher;

/// What a remote step would do, for dry runs.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The requests and pushes, one line each.
    pub sends: Vec<String>,
    /// The outputs it would give, so later steps' plans are complete.
    pub output: Json,
}

/// Who commits what plat pushes.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub email: String,
}

/// Everything the publishing actions need.
pub struct Publishers<'a> {
    pub integrations: &'a Integrations,
    pub client: &'a Client,
    /// The plat.yaml `catalog:register` adds locations to when no Backstage
    /// server is configured (created if there is none).
    pub config_file: PathBuf,
    pub author: Author,
    /// Repositories that steps planned so far create (`github:repo:create`).
    pub created: RefCell<Vec<String>>,
    /// For `plat:environment:create`: plat.yaml's `environments:` and the cluster.
    pub environments: crate::config::EnvironmentsConfig,
    pub cluster_options: crate::preview::ClusterOptions,
    /// Connected on first use.
    pub cluster: std::sync::OnceLock<Result<crate::preview::Cluster, String>>,
}

impl Publisher for Publishers<'_> {
    fn run(
        &self,
        action: &str,
        input: &Json,
        workspace: &Path,
        log: &mut Vec<String>,
    ) -> Result<Json, String> {
        match action {
            "publish:git" => git::publish(self, input, workspace),
            "github:repo:create" => github::create(self, input).map(|repo| repo.output(None, None)),
            "github:repo:push" => github::push(self, input, workspace, log),
            "publish:github" => github::publish(self, input, workspace, log),
            "catalog:register" => catalog::register(self, input, workspace),
            "pagerduty:service:create" => pagerduty::create(self, input),
            "plat:environment:create" => environment::create(self, input, workspace),
            other => Err(format!("plat has no action `{other}`")),
        }
    }

    fn plan(&self, action: &str, input: &Json, workspace: &Path) -> (Vec<String>, Json) {
        let plan = match action {
            "publish:git" => git::plan(self, input),
            "github:repo:create" | "github:repo:push" | "publish:github" => {
                if action == "github:repo:create"
                    && let Some(url) = string(input, "repoUrl")
                {
                    self.created.borrow_mut().push(url.to_string());
                }
                github::plan(self, action, input)
            }
            "catalog:register" => catalog::plan(self, input, workspace),
            "pagerduty:service:create" => pagerduty::plan(self, input),
            "plat:environment:create" => environment::plan(self, input, workspace),
            _ => Plan::default(),
        };
        (plan.sends, plan.output)
    }

    fn preflight(&self, action: &str, input: &Json, workspace: &Path) -> Vec<String> {
        match action {
            "publish:git" => git::preflight(self, input),
            // A repository an earlier step creates is pushed to later: nothing to check yet.
            "github:repo:push"
                if string(input, "repoUrl")
                    .is_some_and(|url| self.created.borrow().iter().any(|c| c == url)) =>
            {
                Vec::new()
            }
            "github:repo:create" | "github:repo:push" | "publish:github" => {
                github::preflight(self, action, input)
            }
            "catalog:register" => catalog::preflight(self, input),
            "pagerduty:service:create" => pagerduty::preflight(self, input),
            "plat:environment:create" => environment::preflight(self, input, workspace),
            _ => Vec::new(),
        }
    }
}

impl Publishers<'_> {
    fn call(&self, call: Call) -> Result<Reply, String> {
        let url = call.url.clone();
        self.client
            .call(call)
            .map_err(|e| format!("request to {url} failed: {e}"))
    }
}

/// A string input, if given and not empty.
fn string<'a>(input: &'a Json, field: &str) -> Option<&'a str> {
    input
        .get(field)
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
}

fn required<'a>(input: &'a Json, field: &str) -> Result<&'a str, String> {
    string(input, field).ok_or_else(|| format!("input `{field}` is required"))
}

/// `base` + `path`, keeping any path `base` has (GitHub Enterprise's /api/v3).
use crate::http::api::join;

/// The directory inside the workspace that `sourcePath` names.
fn source_dir(workspace: &Path, input: &Json) -> Result<PathBuf, String> {
    match string(input, "sourcePath") {
        Some(path) => super::workspace::resolve(workspace, path)
            .map_err(|e| format!("input `sourcePath`: {e}")),
        None => Ok(workspace.to_path_buf()),
    }
}
