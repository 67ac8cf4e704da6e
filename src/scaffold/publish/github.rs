//! `github:repo:create`, `github:repo:push` and `publish:github` (both),
//! with Backstage's inputs and outputs, through GitHub's REST API (or
//! GitHub Enterprise's, at the integration's apiBaseUrl).

use std::path::Path;

use reqwest::Method;
use serde_json::{Value as Json, json};

use super::{Plan, Publishers, join, required, string};
use crate::http::api::{Call, Reply};
use crate::integrations::GitHub;
use crate::scaffold::git::Credentials;
use crate::scaffold::repo_url;

/// The repository a step names, and how to reach its host.
struct Target<'a> {
    owner: String,
    name: String,
    integration: &'a GitHub,
    token: Option<String>,
}

fn target<'a>(publishers: &'a Publishers<'_>, input: &Json) -> Result<Target<'a>, String> {
    let spec = repo_url::parse(required(input, "repoUrl")?)?;
    let integration = publishers
        .integrations
        .github
        .as_ref()
        .filter(|g| g.host == spec.host)
        .ok_or_else(|| {
            format!(
                "No matching integration configuration for host {}, please check your integrations config (integrations.github.host in plat.yaml)",
                spec.host
            )
        })?;
    let owner = spec.owner.ok_or_else(|| {
        format!(
            "Invalid repo URL passed to publisher: {}, missing owner",
            spec.host
        )
    })?;
    // Backstage: the step's `token` input wins over the integration's.
    let token = string(input, "token")
        .map(str::to_string)
        .or_else(|| integration.token.clone());
    Ok(Target {
        owner,
        name: spec.repo,
        integration,
        token,
    })
}

impl Target<'_> {
    fn call(&self, method: Method, path: &str) -> Call {
        self.integration.call(method, path, self.token.as_deref())
    }

    fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    fn no_token(&self) -> String {
        let variable = self
            .integration
            .token_variable
            .as_deref()
            .unwrap_or("GITHUB_TOKEN");
        format!(
            "no GitHub token for {}: set integrations.github.token: env:{variable} in plat.yaml and export {variable}",
            self.integration.host
        )
    }

    /// What GitHub's answer means, in words.
    fn failure(&self, what: &str, reply: &Reply) -> String {
        let detail = reply.message();
        match reply.status {
            401 => format!("{what}: GitHub rejected the token (401 {detail})"),
            403 => format!("{what}: the token may not do this (403 {detail})"),
            404 => format!("{what}: not found (404), or the token cannot see it"),
            status => format!("{what}: GitHub answered {status}: {detail}"),
        }
    }

    /// The authenticated user's login (`GET /user`): the token works.
    fn login(&self, publishers: &Publishers<'_>) -> Result<String, String> {
        if self.token.is_none() {
            return Err(self.no_token());
        }
        let reply = publishers.call(self.call(Method::GET, "user"))?;
        if !reply.is_success() {
            return Err(self.failure("checking the GitHub token (GET /user)", &reply));
        }
        Ok(reply.body["login"].as_str().unwrap_or_default().to_string())
    }

    /// `GET /repos/{owner}/{repo}`: the repository, or `None` if there is none.
    fn existing(&self, publishers: &Publishers<'_>) -> Result<Option<Repository>, String> {
        let reply = publishers.call(self.call(Method::GET, &format!("repos/{}", self.slug())))?;
        match reply.status {
            404 => Ok(None),
            _ if reply.is_success() => Ok(Some(Repository::from(&reply.body))),
            _ => Err(self.failure(&format!("looking up {}", self.slug()), &reply)),
        }
    }
}

/// A repository as GitHub describes it.
pub struct Repository {
    html_url: String,
    clone_url: String,
    empty: bool,
}

impl From<&Json> for Repository {
    fn from(body: &Json) -> Repository {
        Repository {
            html_url: body["html_url"].as_str().unwrap_or_default().to_string(),
            clone_url: body["clone_url"].as_str().unwrap_or_default().to_string(),
            empty: body["size"].as_u64() == Some(0),
        }
    }
}

impl Repository {
    /// Backstage's outputs: `remoteUrl`, `repoContentsUrl`, and `commitHash` after a push.
    pub fn output(&self, branch: Option<&str>, commit: Option<&str>) -> Json {
        let mut output = json!({"remoteUrl": self.html_url});
        if let Some(branch) = branch {
            output["repoContentsUrl"] = json!(format!("{}/blob/{branch}", self.html_url));
        }
        if let Some(commit) = commit {
            output["commitHash"] = json!(commit);
        }
        output
    }
}

/// Backstage's default branch for GitHub publishing.
fn branch(input: &Json) -> &str {
    string(input, "defaultBranch").unwrap_or("master")
}

pub fn create(publishers: &Publishers<'_>, input: &Json) -> Result<Repository, String> {
    let target = target(publishers, input)?;
    let login = target.login(publishers)?;
    let visibility = string(input, "repoVisibility").unwrap_or("private");
    let mut body = json!({
        "name": target.name,
        "private": visibility != "public",
        "description": string(input, "description"),
        "homepage": string(input, "homepage"),
    });
    // Organisations take `visibility` (internal exists only there); users take `private`.
    let path = if login.eq_ignore_ascii_case(&target.owner) {
        "user/repos".to_string()
    } else {
        body["visibility"] = json!(visibility);
        format!("orgs/{}/repos", target.owner)
    };
    let reply = publishers.call(target.call(Method::POST, &path).json(body))?;
    if !reply.is_success() {
        return Err(match reply.status {
            422 => format!("cannot create {}: {}", target.slug(), reply.message()),
            404 => format!(
                "cannot create {}: there is no organisation `{}` the token can create repositories in (404)",
                target.slug(),
                target.owner
            ),
            _ => target.failure(&format!("creating {}", target.slug()), &reply),
        });
    }
    let repository = Repository::from(&reply.body);
    let topics: Vec<&str> = input["topics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .collect();
    if !topics.is_empty() {
        let reply = publishers.call(
            target
                .call(Method::PUT, &format!("repos/{}/topics", target.slug()))
                .json(json!({"names": topics})),
        )?;
        if !reply.is_success() {
            return Err(target.failure(&format!("setting the topics of {}", target.slug()), &reply));
        }
    }
    Ok(repository)
}

pub fn push(
    publishers: &Publishers<'_>,
    input: &Json,
    workspace: &Path,
    log: &mut Vec<String>,
) -> Result<Json, String> {
    let target = target(publishers, input)?;
    let repository = target.existing(publishers)?.ok_or_else(|| {
        format!(
            "there is no repository {} to push to; create it first (github:repo:create)",
            target.slug()
        )
    })?;
    push_to(publishers, &target, &repository, input, workspace, log)
}

fn push_to(
    publishers: &Publishers<'_>,
    target: &Target<'_>,
    repository: &Repository,
    input: &Json,
    workspace: &Path,
    log: &mut Vec<String>,
) -> Result<Json, String> {
    let branch = branch(input);
    let credentials = Credentials {
        token: target.token.clone(),
        username: Some("x-access-token".into()),
    };
    let commit = super::git::commit_and_push(
        publishers,
        input,
        workspace,
        &repository.clone_url,
        branch,
        &credentials,
    )?;
    if input["protectDefaultBranch"] != false {
        protect(publishers, target, branch, input, log);
    }
    Ok(repository.output(Some(branch), Some(&commit)))
}

/// Branch protection, as Backstage sets it; a plan that does not allow it
/// (private repositories on free accounts) is a warning, as in Backstage.
fn protect(
    publishers: &Publishers<'_>,
    target: &Target<'_>,
    branch: &str,
    input: &Json,
    log: &mut Vec<String>,
) {
    let body = json!({
        "required_status_checks": null,
        "enforce_admins": input["protectEnforceAdmins"] != false,
        "required_pull_request_reviews": {
            "required_approving_review_count": input["requiredApprovingReviewCount"].as_u64().unwrap_or(1),
            "require_code_owner_reviews": input["requireCodeOwnerReviews"] == true,
        },
        "restrictions": null,
    });
    let path = format!("repos/{}/branches/{branch}/protection", target.slug());
    match publishers.call(target.call(Method::PUT, &path).json(body)) {
        Ok(reply) if reply.is_success() => {}
        Ok(reply) => log.push(format!(
            "skipped protecting {branch} of {}: {}",
            target.slug(),
            target.failure("branch protection", &reply)
        )),
        Err(error) => log.push(format!(
            "skipped protecting {branch} of {}: {error}",
            target.slug()
        )),
    }
}

pub fn publish(
    publishers: &Publishers<'_>,
    input: &Json,
    workspace: &Path,
    log: &mut Vec<String>,
) -> Result<Json, String> {
    let repository = create(publishers, input)?;
    let target = target(publishers, input)?;
    push_to(publishers, &target, &repository, input, workspace, log)
}

pub fn plan(publishers: &Publishers<'_>, action: &str, input: &Json) -> Plan {
    let Ok(target) = target(publishers, input) else {
        return Plan {
            sends: vec![format!(
                "(repoUrl `{}` names no configured GitHub host)",
                string(input, "repoUrl").unwrap_or("")
            )],
            output: Json::Null,
        };
    };
    let api = |path: &str| join(&target.integration.api_base, path);
    let visibility = string(input, "repoVisibility").unwrap_or("private");
    let branch = branch(input);
    // GitHub serves repositories on the scheme its API uses.
    let html_url = format!(
        "{}://{}/{}",
        target.integration.api_base.scheme(),
        target.integration.host,
        target.slug()
    );
    let mut sends = Vec::new();
    if action != "github:repo:push" {
        let body = json!({"name": target.name, "visibility": visibility, "description": string(input, "description")});
        sends.push(format!(
            "POST {} {body} (or {} when {} is the token's user)",
            api(&format!("orgs/{}/repos", target.owner)),
            api("user/repos"),
            target.owner
        ));
        if let Some(topics) = input["topics"].as_array().filter(|t| !t.is_empty()) {
            sends.push(format!(
                "PUT {} {}",
                api(&format!("repos/{}/topics", target.slug())),
                json!({"names": topics})
            ));
        }
    }
    if action != "github:repo:create" {
        sends.push(format!(
            "git push {html_url}.git {branch} (a first commit holding the workspace)"
        ));
        if input["protectDefaultBranch"] != false {
            sends.push(format!(
                "PUT {}",
                api(&format!(
                    "repos/{}/branches/{branch}/protection",
                    target.slug()
                ))
            ));
        }
    }
    let mut output =
        json!({"remoteUrl": html_url, "repoContentsUrl": format!("{html_url}/blob/{branch}")});
    if action != "github:repo:create" {
        output["commitHash"] = json!("(new commit)");
    }
    Plan { sends, output }
}

pub fn preflight(publishers: &Publishers<'_>, action: &str, input: &Json) -> Vec<String> {
    let target = match target(publishers, input) {
        Ok(target) => target,
        Err(problem) => return vec![problem],
    };
    if let Err(problem) = target.login(publishers) {
        return vec![problem];
    }
    match (action, target.existing(publishers)) {
        (_, Err(problem)) => vec![problem],
        ("github:repo:push", Ok(None)) => vec![format!(
            "there is no repository {} to push to",
            target.slug()
        )],
        ("github:repo:push", Ok(Some(repository))) if !repository.empty => {
            vec![format!(
                "{} is not empty; plat pushes only into new, empty repositories",
                target.slug()
            )]
        }
        ("github:repo:push", Ok(Some(_))) => Vec::new(),
        (_, Ok(Some(repository))) => vec![format!(
            "the repository {} already exists ({})",
            target.slug(),
            repository.html_url
        )],
        (_, Ok(None)) => Vec::new(),
    }
}
