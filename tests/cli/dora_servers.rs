//! The services `plat dora` reads, on 127.0.0.1:
//!
//! - a GitHub fake ([`github_dora`]) that follows GitHub's REST API
//!   documentation for the endpoints DORA metrics need: deployments and
//!   their statuses, closed pull requests and their commits, and issues
//!   filtered by label (pull requests included, with their `pull_request`
//!   key). It serves under `/api/v3` (as GitHub Enterprise Server does, so a
//!   client that joins paths onto a base with a path is checked too), pages
//!   as GitHub does (`per_page` default 30, max 100, 1-based `page`, a
//!   `Link` header with absolute `prev`/`next`/`last`/`first` URLs keeping
//!   the other query parameters, none when one page holds everything),
//!   sends the `x-ratelimit-*` headers on every answer with `remaining`
//!   counting down, and answers with GitHub's error bodies: 401 "Bad
//!   credentials" for a wrong token, 404 "Not Found" for an unknown
//!   repository, deployment or pull request (and for a request without a
//!   token: the repositories here are private), 403 "API rate limit
//!   exceeded" once the limit is exhausted, 429 with `retry-after` for a
//!   secondary limit, 422 "Validation Failed" for a bad enumerated value;
//!   and GitHub Actions (what `plat runs` reads): a repository's workflow
//!   runs (`GET /repos/{o}/{r}/actions/runs`, newest first, filtered by
//!   `branch`, `event`, `actor`, `head_sha` and `status` (a status or a
//!   conclusion), answered as `{"total_count", "workflow_runs"}` and paged
//!   as above), one run (`.../actions/runs/{id}`), and a run's jobs with
//!   their steps (`.../actions/runs/{id}/jobs`, `filter=latest|all`,
//!   `{"total_count", "jobs"}`), with the documented statuses (`queued`,
//!   `in_progress`, `completed`, ...) and conclusions (`success`, `failure`,
//!   `cancelled`, `skipped`, `timed_out`, `action_required`, `neutral`, ...);
//! - a PagerDuty fake ([`pagerduty_incidents`]) following the REST API v2
//!   documentation (and its OpenAPI description) of `GET /incidents`:
//!   `Authorization: Token token=...`, the `service_ids[]`, `statuses[]`,
//!   `since` (inclusive) / `until` (exclusive) and `date_range=all` filters
//!   with the documented one-month default and six-month maximum range,
//!   offset paging (`limit` default 25, max 100; `offset`; `more`; `total`
//!   null unless `total=true`), ascending `created_at` order, the
//!   `ratelimit-*` headers, and the `{"error": {"message", "code"}}` bodies
//!   (401, 400, 429).
//!
//! Both record every request (`"GET /path?raw-query"`, in order). Their
//! fidelity to the documentation is checked by the tests at the bottom of
//! this file, which talk to them over real HTTP with `curl` and assert the
//! documented status codes, headers, paging and bodies.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::servers::Server;

/// The path GitHub Enterprise Server serves its REST API under.
const GITHUB_PREFIX: &str = "/api/v3";
/// Requests per hour of an authenticated user.
const GITHUB_LIMIT: u64 = 5000;
/// PagerDuty's REST API limit per minute.
const PAGERDUTY_LIMIT: u64 = 960;

/// Parses a test's RFC 3339 time; a bad one is a mistake in the test.
fn time(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not an RFC 3339 time: {e}"))
}

/// A query string, decoded (repeated keys kept, in order).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: &str) -> Params {
        Params(
            url::form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn set_header(response: &mut Response, name: &'static str, value: impl Into<HeaderValue>) {
    response
        .headers_mut()
        .insert(HeaderName::from_static(name), value.into());
}

fn logged(method: &Method, path: &str, query: &str) -> String {
    if query.is_empty() {
        format!("{method} {path}")
    } else {
        format!("{method} {path}?{query}")
    }
}

// ---- GitHub -----------------------------------------------------------

struct DeploymentStatus {
    id: u64,
    state: String,
    created_at: String,
}

struct Deployment {
    id: u64,
    sha: String,
    environment: String,
    created_at: String,
    statuses: Vec<DeploymentStatus>,
}

struct Pull {
    number: u64,
    open: bool,
    created_at: String,
    updated_at: String,
    closed_at: Option<String>,
    merged_at: Option<String>,
    merge_commit_sha: Option<String>,
    /// (sha, author date), oldest first.
    commits: Vec<(String, String)>,
}

struct Issue {
    number: u64,
    labels: Vec<String>,
    created_at: String,
    closed_at: Option<String>,
    body: String,
    pull_request: bool,
}

impl Issue {
    fn updated_at(&self) -> &str {
        self.closed_at.as_deref().unwrap_or(&self.created_at)
    }
}

/// A step of an Actions job, as a test describes it.
pub struct ActionsStep {
    pub name: &'static str,
    pub status: &'static str,
    pub conclusion: Option<&'static str>,
    pub started_at: Option<&'static str>,
    pub completed_at: Option<&'static str>,
}

/// A job of a workflow run.
pub struct ActionsJob {
    pub id: u64,
    pub name: &'static str,
    pub status: &'static str,
    pub conclusion: Option<&'static str>,
    pub started_at: Option<&'static str>,
    pub completed_at: Option<&'static str>,
    pub steps: Vec<ActionsStep>,
}

/// A workflow run: its workflow, what started it, where it stands.
#[derive(Clone)]
pub struct ActionsRun {
    pub id: u64,
    pub run_number: u64,
    pub workflow: &'static str,
    pub event: &'static str,
    pub branch: &'static str,
    pub sha: String,
    pub message: String,
    pub actor: &'static str,
    pub status: &'static str,
    pub conclusion: Option<&'static str>,
    pub created_at: String,
    pub run_started_at: String,
    pub updated_at: String,
}

impl ActionsRun {
    /// Run `id` (also its run number) of workflow `CI`, pushed to `main` by
    /// ada, created at `created_at`, started 10 s later and last updated
    /// 4 min 10 s after it started; its head commit's message is
    /// "Change {id}" with a body.
    pub fn new(
        id: u64,
        created_at: &str,
        status: &'static str,
        conclusion: Option<&'static str>,
    ) -> ActionsRun {
        let created = time(created_at);
        let started = created + jiff::SignedDuration::from_secs(10);
        let updated = started + jiff::SignedDuration::from_secs(250);
        ActionsRun {
            id,
            run_number: id,
            workflow: "CI",
            event: "push",
            branch: "main",
            sha: format!("{id:040x}"),
            message: format!("Change {id}\n\nWhy it was made."),
            actor: "ada",
            status,
            conclusion,
            created_at: created.to_string(),
            run_started_at: started.to_string(),
            updated_at: updated.to_string(),
        }
    }
}

/// The run statuses GitHub documents (only Actions sets the last three).
const RUN_STATUSES: [&str; 6] = [
    "queued",
    "in_progress",
    "completed",
    "waiting",
    "requested",
    "pending",
];
/// The conclusions GitHub documents for check runs and workflow runs.
const CONCLUSIONS: [&str; 9] = [
    "success",
    "failure",
    "neutral",
    "cancelled",
    "skipped",
    "timed_out",
    "action_required",
    "stale",
    "startup_failure",
];

struct Repo {
    full_name: String,
    deployments: Vec<Deployment>,
    pulls: Vec<Pull>,
    issues: Vec<Issue>,
    runs: Vec<(ActionsRun, Vec<ActionsJob>)>,
}

struct GitHubState {
    base: String,
    token: String,
    /// By lower-cased `owner/name` (GitHub's names are case-insensitive).
    repos: BTreeMap<String, Repo>,
    requests: Vec<String>,
    remaining: u64,
    reset: i64,
    /// Paths (below the API base) whose next request gets a 429.
    secondary: HashSet<String>,
    next_id: u64,
}

/// A GitHub serving the REST endpoints DORA metrics read; see the module
/// documentation. Repositories exist once something is added to them.
pub struct GitHubDora {
    pub server: Server,
    state: Arc<Mutex<GitHubState>>,
}

/// A GitHub accepting `token` (as `Bearer` or `token`), with no repositories.
pub fn github_dora(token: &str) -> GitHubDora {
    let state = Arc::new(Mutex::new(GitHubState {
        base: String::new(),
        token: token.to_string(),
        repos: BTreeMap::new(),
        requests: Vec::new(),
        remaining: GITHUB_LIMIT,
        reset: Timestamp::now().as_second() + 3600,
        secondary: HashSet::new(),
        next_id: 1000,
    }));
    let shared = state.clone();
    let server = Server::start_with(move |base| {
        shared.lock().unwrap().base = base.to_string();
        Router::new().fallback(github_handle).with_state(shared)
    });
    GitHubDora { server, state }
}

async fn github_handle(
    State(state): State<Arc<Mutex<GitHubState>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    state.lock().unwrap().answer(&method, &uri, &headers)
}

impl GitHubDora {
    /// The REST API base URL (`integrations.github.apiBaseUrl`), without a
    /// trailing slash.
    pub fn api(&self) -> String {
        format!("{}{GITHUB_PREFIX}", self.server.base)
    }

    /// Every request, `"GET /repos/o/r/deployments?raw-query"`, paths below
    /// the API base, in order. A request outside the API base shows as
    /// `"GET (outside /api/v3) /path"`.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Makes `repo` ("owner/name") exist, empty.
    pub fn add_repo(&self, repo: &str) {
        self.with_repo(repo, |_, _| {});
    }

    fn with_repo(&self, repo: &str, f: impl FnOnce(&mut Repo, &mut u64)) {
        assert!(
            repo.split('/').count() == 2,
            "{repo:?} is not \"owner/name\""
        );
        let mut state = self.state.lock().unwrap();
        let state = &mut *state;
        let entry = state
            .repos
            .entry(repo.to_lowercase())
            .or_insert_with(|| Repo {
                full_name: repo.to_string(),
                deployments: Vec::new(),
                pulls: Vec::new(),
                issues: Vec::new(),
                runs: Vec::new(),
            });
        f(entry, &mut state.next_id);
    }

    /// A deployment of `sha` to `environment` (ref `main`, task `deploy`)
    /// and its statuses, given as (state, created_at) in any order.
    pub fn add_deployment(
        &self,
        repo: &str,
        id: u64,
        sha: &str,
        environment: &str,
        created_at: &str,
        statuses: &[(&str, &str)],
    ) {
        time(created_at);
        const STATES: [&str; 7] = [
            "error",
            "failure",
            "inactive",
            "in_progress",
            "queued",
            "pending",
            "success",
        ];
        self.with_repo(repo, |repo, next_id| {
            let statuses = statuses
                .iter()
                .map(|(state, at)| {
                    assert!(STATES.contains(state), "unknown deployment state {state:?}");
                    time(at);
                    *next_id += 1;
                    DeploymentStatus {
                        id: *next_id,
                        state: state.to_string(),
                        created_at: at.to_string(),
                    }
                })
                .collect();
            repo.deployments.retain(|d| d.id != id);
            repo.deployments.push(Deployment {
                id,
                sha: sha.to_string(),
                environment: environment.to_string(),
                created_at: created_at.to_string(),
                statuses,
            });
        });
    }

    /// A closed pull request, merged when `merged_at` is set (then
    /// `closed_at` = `merged_at`, else `closed_at` = `updated_at`), with its
    /// commits (sha, author date) oldest first; it was opened at its first
    /// commit's date (or `updated_at` without commits).
    pub fn add_pull(
        &self,
        repo: &str,
        number: u64,
        merged_at: Option<&str>,
        merge_commit_sha: Option<&str>,
        updated_at: &str,
        commits: &[(&str, &str)],
    ) {
        time(updated_at);
        merged_at.map(time);
        commits.iter().for_each(|(_, at)| {
            time(at);
        });
        let created_at = commits
            .first()
            .map(|(_, at)| at.to_string())
            .unwrap_or_else(|| updated_at.to_string());
        self.with_repo(repo, |repo, _| {
            repo.pulls.retain(|p| p.number != number);
            repo.pulls.push(Pull {
                number,
                open: false,
                created_at,
                updated_at: updated_at.to_string(),
                closed_at: Some(merged_at.unwrap_or(updated_at).to_string()),
                merged_at: merged_at.map(str::to_string),
                merge_commit_sha: merge_commit_sha.map(str::to_string),
                commits: commits
                    .iter()
                    .map(|(sha, at)| (sha.to_string(), at.to_string()))
                    .collect(),
            });
        });
    }

    /// An open pull request (for `state=open`/`all`), without commits.
    pub fn add_open_pull(&self, repo: &str, number: u64, created_at: &str, updated_at: &str) {
        time(created_at);
        time(updated_at);
        self.with_repo(repo, |repo, _| {
            repo.pulls.retain(|p| p.number != number);
            repo.pulls.push(Pull {
                number,
                open: true,
                created_at: created_at.to_string(),
                updated_at: updated_at.to_string(),
                closed_at: None,
                merged_at: None,
                merge_commit_sha: None,
                commits: Vec::new(),
            });
        });
    }

    /// An issue; closed when `closed_at` is set. Its `updated_at` is
    /// `closed_at`, else `created_at`; an empty `body` is served as `null`,
    /// as GitHub does.
    pub fn add_issue(
        &self,
        repo: &str,
        number: u64,
        labels: &[&str],
        created_at: &str,
        closed_at: Option<&str>,
        body: &str,
    ) {
        self.push_issue(repo, number, labels, created_at, closed_at, body, false);
    }

    /// A pull request as the issues API lists it (with a `pull_request` key).
    pub fn add_issue_pr(
        &self,
        repo: &str,
        number: u64,
        labels: &[&str],
        created_at: &str,
        closed_at: Option<&str>,
        body: &str,
    ) {
        self.push_issue(repo, number, labels, created_at, closed_at, body, true);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_issue(
        &self,
        repo: &str,
        number: u64,
        labels: &[&str],
        created_at: &str,
        closed_at: Option<&str>,
        body: &str,
        pull_request: bool,
    ) {
        time(created_at);
        closed_at.map(time);
        self.with_repo(repo, |repo, _| {
            repo.issues.retain(|i| i.number != number);
            repo.issues.push(Issue {
                number,
                labels: labels.iter().map(|l| l.to_string()).collect(),
                created_at: created_at.to_string(),
                closed_at: closed_at.map(str::to_string),
                body: body.to_string(),
                pull_request,
            });
        });
    }

    /// A workflow run (replacing one with its id); its status and
    /// conclusion must be GitHub's, and a run has a conclusion exactly when
    /// it is completed.
    pub fn add_run(&self, repo: &str, run: ActionsRun) {
        for at in [&run.created_at, &run.run_started_at, &run.updated_at] {
            time(at);
        }
        assert!(
            RUN_STATUSES.contains(&run.status),
            "unknown run status {:?}",
            run.status
        );
        assert_eq!(
            run.status == "completed",
            run.conclusion.is_some(),
            "a run has a conclusion once completed"
        );
        if let Some(conclusion) = run.conclusion {
            assert!(
                CONCLUSIONS.contains(&conclusion),
                "unknown conclusion {conclusion:?}"
            );
        }
        self.with_repo(repo, |repo, _| {
            repo.runs.retain(|(r, _)| r.id != run.id);
            repo.runs.push((run, Vec::new()));
        });
    }

    /// A job of run `run_id` (added before), in the order jobs ran.
    pub fn add_job(&self, repo: &str, run_id: u64, job: ActionsJob) {
        for at in [job.started_at, job.completed_at].into_iter().flatten() {
            time(at);
        }
        for step in &job.steps {
            for at in [step.started_at, step.completed_at].into_iter().flatten() {
                time(at);
            }
        }
        self.with_repo(repo, |repo, _| {
            let (_, jobs) = repo
                .runs
                .iter_mut()
                .find(|(r, _)| r.id == run_id)
                .expect("add the run before its jobs");
            jobs.push(job);
        });
    }

    /// Every later request gets the primary rate limit's 403.
    pub fn exhaust_rate_limit(&self) {
        self.state.lock().unwrap().remaining = 0;
    }

    /// The next request to `path` (below the API base, e.g.
    /// `/repos/o/r/deployments`; a query or the `/api/v3` prefix is
    /// ignored) gets a secondary rate limit's 429 with `retry-after: 1`.
    pub fn secondary_limit_once(&self, path: &str) {
        let path = path.split('?').next().unwrap_or(path);
        let path = path.strip_prefix(GITHUB_PREFIX).unwrap_or(path);
        self.state
            .lock()
            .unwrap()
            .secondary
            .insert(path.to_string());
    }

    /// plat's GitHub integration for this server (GitHub Enterprise at
    /// `api()`, with its token), for tests that call plat's library.
    pub fn integration(&self) -> plat::integrations::GitHub {
        plat::integrations::GitHub {
            host: "github.example.com".into(),
            api_base: self.api().parse().expect("the API base is a URL"),
            token: Some(self.state.lock().unwrap().token.clone()),
            token_variable: None,
        }
    }

    /// What `x-ratelimit-remaining` says now.
    pub fn rate_limit_remaining(&self) -> u64 {
        self.state.lock().unwrap().remaining
    }
}

fn github_error(status: StatusCode, message: &str, documentation: &str, extra: Value) -> Response {
    let mut body = json!({
        "message": message,
        "documentation_url": documentation,
        "status": status.as_u16().to_string(),
    });
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    json_response(status, &body)
}

fn not_found() -> Response {
    github_error(
        StatusCode::NOT_FOUND,
        "Not Found",
        "https://docs.github.com/rest",
        json!({}),
    )
}

fn validation_failed(resource: &str, field: &str) -> Response {
    github_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Validation Failed",
        "https://docs.github.com/rest",
        json!({"errors": [{"resource": resource, "field": field, "code": "invalid"}]}),
    )
}

fn user() -> Value {
    json!({"login": "ada", "id": 1, "node_id": "MDQ6VXNlcjE=", "type": "User", "site_admin": false})
}

/// `raw` with its `page` parameter set to `page` (added when absent), the
/// other parameters kept as the client wrote them.
fn with_page(raw: &str, page: usize) -> String {
    let mut parts: Vec<String> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let mut found = false;
    for part in &mut parts {
        if part.split('=').next() == Some("page") {
            *part = format!("page={page}");
            found = true;
        }
    }
    if !found {
        parts.push(format!("page={page}"));
    }
    parts.join("&")
}

/// A list to page, or the error answer instead.
type Listed = Result<Vec<Value>, Box<Response>>;

/// Sorts by a time, newest first when `descending`; ties by `tie`, the same way.
fn sort_by_time<T>(
    items: &mut [&T],
    at: impl Fn(&T) -> Timestamp,
    tie: impl Fn(&T) -> u64,
    descending: bool,
) {
    items.sort_by(|a, b| {
        let order = at(a).cmp(&at(b)).then(tie(a).cmp(&tie(b)));
        if descending { order.reverse() } else { order }
    });
}

impl GitHubState {
    fn api(&self) -> String {
        format!("{}{GITHUB_PREFIX}", self.base)
    }

    fn answer(&mut self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
        let query = uri.query().unwrap_or("").to_string();
        let inside = uri
            .path()
            .strip_prefix(GITHUB_PREFIX)
            .filter(|p| p.starts_with('/'));
        let path = inside.unwrap_or(uri.path()).to_string();
        let shown = match inside {
            Some(_) => path.clone(),
            None => format!("(outside {GITHUB_PREFIX}) {path}"),
        };
        self.requests.push(logged(method, &shown, &query));
        let mut response = self.respond(method, &path, inside.is_some(), &query, headers);
        set_header(&mut response, "x-ratelimit-limit", GITHUB_LIMIT);
        set_header(&mut response, "x-ratelimit-remaining", self.remaining);
        set_header(
            &mut response,
            "x-ratelimit-used",
            GITHUB_LIMIT - self.remaining,
        );
        set_header(&mut response, "x-ratelimit-reset", self.reset);
        set_header(
            &mut response,
            "x-ratelimit-resource",
            HeaderValue::from_static("core"),
        );
        response
    }

    fn respond(
        &mut self,
        method: &Method,
        path: &str,
        inside: bool,
        query: &str,
        headers: &HeaderMap,
    ) -> Response {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        match authorization {
            // The repositories are private: GitHub hides them from anonymous requests.
            None => return not_found(),
            Some(value)
                if value != format!("Bearer {}", self.token)
                    && value != format!("token {}", self.token) =>
            {
                return github_error(
                    StatusCode::UNAUTHORIZED,
                    "Bad credentials",
                    "https://docs.github.com/rest",
                    json!({}),
                );
            }
            Some(_) => {}
        }
        if self.remaining == 0 {
            return github_error(
                StatusCode::FORBIDDEN,
                "API rate limit exceeded for user ID 1.",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                json!({}),
            );
        }
        if self.secondary.remove(path) {
            let mut response = github_error(
                StatusCode::TOO_MANY_REQUESTS,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                json!({}),
            );
            set_header(&mut response, "retry-after", 1u64);
            return response;
        }
        self.remaining -= 1;
        if !inside || method != Method::GET {
            return not_found();
        }
        self.route(path, query)
    }

    fn route(&self, path: &str, query: &str) -> Response {
        let params = Params::parse(query);
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let ["repos", owner, name, rest @ ..] = segments.as_slice() else {
            return not_found();
        };
        let Some(repo) = self.repos.get(&format!("{owner}/{name}").to_lowercase()) else {
            return not_found();
        };
        // The Actions listings wrap their page: {"total_count", "<key>": [...]}.
        match rest {
            ["actions", "runs"] => {
                return match self.workflow_runs(repo, &params) {
                    Ok(items) => self.paged(path, query, &params, items, Some("workflow_runs")),
                    Err(response) => *response,
                };
            }
            ["actions", "runs", id] => {
                return match self.find_run(repo, id) {
                    Some((run, _)) => json_response(StatusCode::OK, &self.run_json(repo, run)),
                    None => not_found(),
                };
            }
            ["actions", "runs", id, "jobs"] => {
                return match self.jobs(repo, id, &params) {
                    Ok(items) => self.paged(path, query, &params, items, Some("jobs")),
                    Err(response) => *response,
                };
            }
            _ => {}
        }
        let items = match rest {
            ["deployments"] => Ok(self.deployments(repo, &params)),
            ["deployments", id, "statuses"] => self.deployment_statuses(repo, id),
            ["pulls"] => self.pulls(repo, &params),
            ["pulls", number, "commits"] => self.pull_commits(repo, number),
            ["issues"] => self.issues(repo, &params),
            _ => Err(Box::new(not_found())),
        };
        match items {
            Ok(items) => self.paged(path, query, &params, items, None),
            Err(response) => *response,
        }
    }

    /// One page of `items` as GitHub pages lists: the array itself, or
    /// `{"total_count": all, <key>: page}` for the listings that wrap it.
    fn paged(
        &self,
        path: &str,
        query: &str,
        params: &Params,
        items: Vec<Value>,
        wrapped: Option<&str>,
    ) -> Response {
        let total_count = items.len();
        let per_page = params
            .get("per_page")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(30)
            .min(100);
        let page = params
            .get("page")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(1);
        let last = items.len().div_ceil(per_page).max(1);
        let chunk: Vec<Value> = items
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        let link = |n: usize, rel: &str| {
            format!(
                "<{}{path}?{}>; rel=\"{rel}\"",
                self.api(),
                with_page(query, n)
            )
        };
        let mut links = Vec::new();
        if page > 1 {
            links.push(link(page - 1, "prev"));
        }
        if page < last {
            links.push(link(page + 1, "next"));
            links.push(link(last, "last"));
        }
        if page > 1 {
            links.push(link(1, "first"));
        }
        let body = match wrapped {
            Some(key) => json!({"total_count": total_count, key: chunk}),
            None => Value::Array(chunk),
        };
        let mut response = json_response(StatusCode::OK, &body);
        if !links.is_empty() {
            response.headers_mut().insert(
                header::LINK,
                HeaderValue::from_str(&links.join(", ")).unwrap(),
            );
        }
        response
    }

    fn find_run<'r>(&self, repo: &'r Repo, id: &str) -> Option<&'r (ActionsRun, Vec<ActionsJob>)> {
        let id = id.parse::<u64>().ok()?;
        repo.runs.iter().find(|(r, _)| r.id == id)
    }

    fn workflow_runs(&self, repo: &Repo, params: &Params) -> Listed {
        let status = params.get("status");
        if let Some(status) = status
            && !RUN_STATUSES.contains(&status)
            && !CONCLUSIONS.contains(&status)
        {
            return Err(Box::new(validation_failed("WorkflowRun", "status")));
        }
        let mut selected: Vec<&ActionsRun> = repo
            .runs
            .iter()
            .map(|(r, _)| r)
            .filter(|r| params.get("branch").is_none_or(|b| r.branch == b))
            .filter(|r| params.get("event").is_none_or(|e| r.event == e))
            .filter(|r| params.get("actor").is_none_or(|a| r.actor == a))
            .filter(|r| params.get("head_sha").is_none_or(|h| r.sha == h))
            .filter(|r| status.is_none_or(|s| r.status == s || r.conclusion == Some(s)))
            .collect();
        sort_by_time(&mut selected, |r| time(&r.created_at), |r| r.id, true);
        Ok(selected
            .into_iter()
            .map(|r| self.run_json(repo, r))
            .collect())
    }

    fn jobs(&self, repo: &Repo, id: &str, params: &Params) -> Listed {
        let (run, jobs) = self
            .find_run(repo, id)
            .ok_or_else(|| Box::new(not_found()))?;
        if !["latest", "all"].contains(&params.get("filter").unwrap_or("latest")) {
            return Err(Box::new(validation_failed("WorkflowJob", "filter")));
        }
        let repo_url = self.repo_url(repo);
        let html = format!("{}/{}", self.base, repo.full_name);
        Ok(jobs
            .iter()
            .map(|job| {
                let steps: Vec<Value> = job
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| {
                        json!({
                            "name": step.name,
                            "status": step.status,
                            "conclusion": step.conclusion,
                            "number": i + 1,
                            "started_at": step.started_at,
                            "completed_at": step.completed_at,
                        })
                    })
                    .collect();
                json!({
                    "id": job.id,
                    "run_id": run.id,
                    "workflow_name": run.workflow,
                    "head_branch": run.branch,
                    "run_url": format!("{repo_url}/actions/runs/{}", run.id),
                    "run_attempt": 1,
                    "node_id": format!("CR_kwDO{}", job.id),
                    "head_sha": run.sha,
                    "url": format!("{repo_url}/actions/jobs/{}", job.id),
                    "html_url": format!("{html}/actions/runs/{}/job/{}", run.id, job.id),
                    "status": job.status,
                    "conclusion": job.conclusion,
                    "created_at": run.created_at,
                    "started_at": job.started_at,
                    "completed_at": job.completed_at,
                    "name": job.name,
                    "steps": steps,
                    "check_run_url": format!("{repo_url}/check-runs/{}", job.id),
                    "labels": ["ubuntu-latest"],
                    "runner_id": job.started_at.map(|_| 7),
                    "runner_name": job.started_at.map(|_| "GitHub Actions 7"),
                    "runner_group_id": job.started_at.map(|_| 2),
                    "runner_group_name": job.started_at.map(|_| "GitHub Actions"),
                })
            })
            .collect())
    }

    /// A workflow run as GitHub's `workflow-run` schema has it.
    fn run_json(&self, repo: &Repo, run: &ActionsRun) -> Value {
        let repo_url = self.repo_url(repo);
        let html = format!("{}/{}", self.base, repo.full_name);
        let run_url = format!("{repo_url}/actions/runs/{}", run.id);
        let workflow_id = 160_000 + run.workflow.len() as u64;
        let signature = json!({"name": "Ada Lovelace", "email": "ada@example.com"});
        let actor = json!({"login": run.actor, "id": 1, "node_id": "MDQ6VXNlcjE=", "type": "User", "site_admin": false});
        let minimal = json!({
            "id": 42,
            "node_id": "R_kgDO42",
            "name": repo.full_name.split('/').nth(1),
            "full_name": repo.full_name,
            "private": true,
            "html_url": html,
            "url": repo_url,
        });
        json!({
            "id": run.id,
            "name": run.workflow,
            "node_id": format!("WFR_kwLO{}", run.id),
            "check_suite_id": 900_000 + run.id,
            "check_suite_node_id": format!("CS_kwDO{}", run.id),
            "head_branch": run.branch,
            "head_sha": run.sha,
            "path": format!(".github/workflows/{}.yml", run.workflow.to_lowercase()),
            "display_title": run.message.lines().next().unwrap_or_default(),
            "run_number": run.run_number,
            "event": run.event,
            "status": run.status,
            "conclusion": run.conclusion,
            "workflow_id": workflow_id,
            "url": run_url,
            "html_url": format!("{html}/actions/runs/{}", run.id),
            "pull_requests": [],
            "created_at": run.created_at,
            "updated_at": run.updated_at,
            "actor": actor,
            "run_attempt": 1,
            "referenced_workflows": [],
            "run_started_at": run.run_started_at,
            "triggering_actor": actor,
            "jobs_url": format!("{run_url}/jobs"),
            "logs_url": format!("{run_url}/logs"),
            "check_suite_url": format!("{repo_url}/check-suites/{}", 900_000 + run.id),
            "artifacts_url": format!("{run_url}/artifacts"),
            "cancel_url": format!("{run_url}/cancel"),
            "rerun_url": format!("{run_url}/rerun"),
            "previous_attempt_url": null,
            "workflow_url": format!("{repo_url}/actions/workflows/{workflow_id}"),
            "head_commit": {
                "id": run.sha,
                "tree_id": "f".repeat(40),
                "message": run.message,
                "timestamp": run.created_at,
                "author": signature,
                "committer": signature,
            },
            "repository": minimal,
            "head_repository": minimal,
        })
    }

    fn repo_url(&self, repo: &Repo) -> String {
        format!("{}/repos/{}", self.api(), repo.full_name)
    }

    fn deployments(&self, repo: &Repo, params: &Params) -> Vec<Value> {
        let mut selected: Vec<&Deployment> = repo
            .deployments
            .iter()
            .filter(|d| params.get("environment").is_none_or(|e| d.environment == e))
            .filter(|d| params.get("sha").is_none_or(|s| d.sha == s))
            .filter(|d| params.get("ref").is_none_or(|r| r == "main" || d.sha == r))
            .filter(|_| params.get("task").is_none_or(|t| t == "deploy"))
            .collect();
        sort_by_time(&mut selected, |d| time(&d.created_at), |d| d.id, true);
        let repo_url = self.repo_url(repo);
        selected
            .into_iter()
            .map(|d| {
                let url = format!("{repo_url}/deployments/{}", d.id);
                let updated_at = d
                    .statuses
                    .iter()
                    .map(|s| s.created_at.as_str())
                    .max_by_key(|at| time(at))
                    .filter(|at| time(at) > time(&d.created_at))
                    .unwrap_or(&d.created_at);
                json!({
                    "url": url,
                    "id": d.id,
                    "node_id": format!("DE_kwDO{}", d.id),
                    "sha": d.sha,
                    "ref": "main",
                    "task": "deploy",
                    "payload": {},
                    "original_environment": d.environment,
                    "environment": d.environment,
                    "description": null,
                    "creator": user(),
                    "created_at": d.created_at,
                    "updated_at": updated_at,
                    "statuses_url": format!("{url}/statuses"),
                    "repository_url": repo_url,
                    "transient_environment": false,
                    "production_environment": d.environment == "production",
                })
            })
            .collect()
    }

    fn deployment_statuses(&self, repo: &Repo, id: &str) -> Listed {
        let deployment = id
            .parse::<u64>()
            .ok()
            .and_then(|id| repo.deployments.iter().find(|d| d.id == id))
            .ok_or_else(|| Box::new(not_found()))?;
        let mut statuses: Vec<&DeploymentStatus> = deployment.statuses.iter().collect();
        sort_by_time(&mut statuses, |s| time(&s.created_at), |s| s.id, true);
        let repo_url = self.repo_url(repo);
        let deployment_url = format!("{repo_url}/deployments/{}", deployment.id);
        Ok(statuses
            .into_iter()
            .map(|s| {
                json!({
                    "url": format!("{deployment_url}/statuses/{}", s.id),
                    "id": s.id,
                    "node_id": format!("DES_kwDO{}", s.id),
                    "state": s.state,
                    "creator": user(),
                    "description": "",
                    "environment": deployment.environment,
                    "target_url": "",
                    "log_url": "",
                    "environment_url": "",
                    "created_at": s.created_at,
                    "updated_at": s.created_at,
                    "deployment_url": deployment_url,
                    "repository_url": repo_url,
                })
            })
            .collect())
    }

    fn pulls(&self, repo: &Repo, params: &Params) -> Listed {
        let state = params.get("state").unwrap_or("open");
        if !["open", "closed", "all"].contains(&state) {
            return Err(Box::new(validation_failed("PullRequest", "state")));
        }
        let sort = params.get("sort").unwrap_or("created");
        if !["created", "updated", "popularity", "long-running"].contains(&sort) {
            return Err(Box::new(validation_failed("PullRequest", "sort")));
        }
        // GitHub: desc when sorting by creation (the default), else asc.
        let descending = match params.get("direction") {
            Some("desc") => true,
            Some("asc") => false,
            Some(_) => return Err(Box::new(validation_failed("PullRequest", "direction"))),
            None => sort == "created",
        };
        let mut selected: Vec<&Pull> = repo
            .pulls
            .iter()
            .filter(|p| state == "all" || (state == "open") == p.open)
            .collect();
        let by_updated = sort == "updated";
        sort_by_time(
            &mut selected,
            |p| {
                time(if by_updated {
                    &p.updated_at
                } else {
                    &p.created_at
                })
            },
            |p| p.number,
            descending,
        );
        let repo_url = self.repo_url(repo);
        let html = format!("{}/{}", self.base, repo.full_name);
        Ok(selected
            .into_iter()
            .map(|p| {
                let n = p.number;
                let head_sha = p
                    .commits
                    .last()
                    .map(|(sha, _)| sha.clone())
                    .unwrap_or_else(|| format!("{n:040x}"));
                json!({
                    "url": format!("{repo_url}/pulls/{n}"),
                    "id": 100_000 + n,
                    "node_id": format!("PR_kwDO{n}"),
                    "html_url": format!("{html}/pull/{n}"),
                    "diff_url": format!("{html}/pull/{n}.diff"),
                    "patch_url": format!("{html}/pull/{n}.patch"),
                    "issue_url": format!("{repo_url}/issues/{n}"),
                    "commits_url": format!("{repo_url}/pulls/{n}/commits"),
                    "statuses_url": format!("{repo_url}/statuses/{head_sha}"),
                    "number": n,
                    "state": if p.open { "open" } else { "closed" },
                    "locked": false,
                    "title": format!("Pull request #{n}"),
                    "user": user(),
                    "body": null,
                    "labels": [],
                    "milestone": null,
                    "active_lock_reason": null,
                    "created_at": p.created_at,
                    "updated_at": p.updated_at,
                    "closed_at": p.closed_at,
                    "merged_at": p.merged_at,
                    "merge_commit_sha": p.merge_commit_sha,
                    "assignee": null,
                    "assignees": [],
                    "requested_reviewers": [],
                    "requested_teams": [],
                    "draft": false,
                    "head": {
                        "label": format!("ada:feature-{n}"),
                        "ref": format!("feature-{n}"),
                        "sha": head_sha,
                        "user": user(),
                    },
                    "base": {
                        "label": "ada:main",
                        "ref": "main",
                        "sha": "0".repeat(40),
                        "user": user(),
                    },
                    "author_association": "MEMBER",
                    "auto_merge": null,
                })
            })
            .collect())
    }

    fn pull_commits(&self, repo: &Repo, number: &str) -> Listed {
        let pull = number
            .parse::<u64>()
            .ok()
            .and_then(|n| repo.pulls.iter().find(|p| p.number == n))
            .ok_or_else(|| Box::new(not_found()))?;
        let repo_url = self.repo_url(repo);
        let html = format!("{}/{}", self.base, repo.full_name);
        let mut parent = "0".repeat(40);
        Ok(pull
            .commits
            .iter()
            .enumerate()
            .map(|(i, (sha, at))| {
                let signature = json!({"name": "Ada Lovelace", "email": "ada@example.com", "date": at});
                let commit = json!({
                    "sha": sha,
                    "node_id": format!("C_kwDO{sha}"),
                    "url": format!("{repo_url}/commits/{sha}"),
                    "html_url": format!("{html}/commit/{sha}"),
                    "comments_url": format!("{repo_url}/commits/{sha}/comments"),
                    "commit": {
                        "url": format!("{repo_url}/git/commits/{sha}"),
                        "author": signature,
                        "committer": signature,
                        "message": format!("Change {} of #{}", i + 1, pull.number),
                        "tree": {"sha": "f".repeat(40), "url": format!("{repo_url}/git/trees/{}", "f".repeat(40))},
                        "comment_count": 0,
                        "verification": {"verified": false, "reason": "unsigned", "signature": null, "payload": null},
                    },
                    "author": user(),
                    "committer": user(),
                    "parents": [{
                        "sha": parent,
                        "url": format!("{repo_url}/commits/{parent}"),
                        "html_url": format!("{html}/commit/{parent}"),
                    }],
                });
                parent = sha.clone();
                commit
            })
            .collect())
    }

    fn issues(&self, repo: &Repo, params: &Params) -> Listed {
        let state = params.get("state").unwrap_or("open");
        if !["open", "closed", "all"].contains(&state) {
            return Err(Box::new(validation_failed("Issue", "state")));
        }
        let sort = params.get("sort").unwrap_or("created");
        if !["created", "updated", "comments"].contains(&sort) {
            return Err(Box::new(validation_failed("Issue", "sort")));
        }
        let descending = match params.get("direction") {
            None | Some("desc") => true,
            Some("asc") => false,
            Some(_) => return Err(Box::new(validation_failed("Issue", "direction"))),
        };
        let since = match params.get("since") {
            None => None,
            Some(text) => match text.parse::<Timestamp>() {
                Ok(t) => Some(t),
                Err(_) => return Err(Box::new(validation_failed("Issue", "since"))),
            },
        };
        let wanted: Vec<String> = params
            .get("labels")
            .map(|l| {
                l.split(',')
                    .map(|l| l.trim().to_lowercase())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut selected: Vec<&Issue> = repo
            .issues
            .iter()
            .filter(|i| state == "all" || (state == "closed") == i.closed_at.is_some())
            .filter(|i| {
                wanted
                    .iter()
                    .all(|w| i.labels.iter().any(|l| l.to_lowercase() == *w))
            })
            .filter(|i| since.is_none_or(|s| time(i.updated_at()) >= s))
            .collect();
        let by_updated = sort == "updated";
        sort_by_time(
            &mut selected,
            |i| {
                time(if by_updated {
                    i.updated_at()
                } else {
                    &i.created_at
                })
            },
            |i| i.number,
            descending,
        );
        let repo_url = self.repo_url(repo);
        let html = format!("{}/{}", self.base, repo.full_name);
        Ok(selected
            .into_iter()
            .map(|i| {
                let n = i.number;
                let labels: Vec<Value> = i
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, name)| {
                        json!({
                            "id": 500 + k,
                            "node_id": format!("LA_kwDO{k}"),
                            "url": format!("{repo_url}/labels/{name}"),
                            "name": name,
                            "color": "d73a4a",
                            "default": false,
                            "description": null,
                        })
                    })
                    .collect();
                let kind = if i.pull_request { "pull" } else { "issues" };
                let mut issue = json!({
                    "url": format!("{repo_url}/issues/{n}"),
                    "repository_url": repo_url,
                    "labels_url": format!("{repo_url}/issues/{n}/labels{{/name}}"),
                    "comments_url": format!("{repo_url}/issues/{n}/comments"),
                    "events_url": format!("{repo_url}/issues/{n}/events"),
                    "html_url": format!("{html}/{kind}/{n}"),
                    "id": 200_000 + n,
                    "node_id": format!("I_kwDO{n}"),
                    "number": n,
                    "title": if i.pull_request { format!("Pull request #{n}") } else { format!("Issue #{n}") },
                    "user": user(),
                    "labels": labels,
                    "state": if i.closed_at.is_some() { "closed" } else { "open" },
                    "locked": false,
                    "assignee": null,
                    "assignees": [],
                    "milestone": null,
                    "comments": 0,
                    "created_at": i.created_at,
                    "updated_at": i.updated_at(),
                    "closed_at": i.closed_at,
                    "author_association": "MEMBER",
                    "active_lock_reason": null,
                    "body": if i.body.is_empty() { Value::Null } else { json!(i.body) },
                    "state_reason": if i.closed_at.is_some() { json!("completed") } else { Value::Null },
                });
                if i.pull_request {
                    issue["draft"] = json!(false);
                    issue["pull_request"] = json!({
                        "url": format!("{repo_url}/pulls/{n}"),
                        "html_url": format!("{html}/pull/{n}"),
                        "diff_url": format!("{html}/pull/{n}.diff"),
                        "patch_url": format!("{html}/pull/{n}.patch"),
                        "merged_at": i.closed_at,
                    });
                }
                issue
            })
            .collect())
    }
}

/// A GitHub accepting `token` whose `acme/shop` has five workflow runs:
/// 1-3 completed on main (1 succeeded, 2 was cancelled, 3 is a `Release`
/// run that failed), 4 in progress on a branch (a pull request), 5 queued;
/// run 3 has a build job and a failed test job, with their steps.
pub fn actions_shop(token: &str) -> GitHubDora {
    let github = github_dora(token);
    let repo = "acme/shop";
    github.add_run(
        repo,
        ActionsRun::new(1, "2026-03-01T10:00:00Z", "completed", Some("success")),
    );
    github.add_run(
        repo,
        ActionsRun::new(2, "2026-03-02T10:00:00Z", "completed", Some("cancelled")),
    );
    github.add_run(
        repo,
        ActionsRun {
            workflow: "Release",
            message: "Fix refund rounding\n\nThe long story.".into(),
            ..ActionsRun::new(3, "2026-03-03T10:00:00Z", "completed", Some("failure"))
        },
    );
    github.add_run(
        repo,
        ActionsRun {
            branch: "feature/wallets",
            event: "pull_request",
            ..ActionsRun::new(4, "2026-03-04T10:00:00Z", "in_progress", None)
        },
    );
    github.add_run(
        repo,
        ActionsRun::new(5, "2026-03-05T10:00:00Z", "queued", None),
    );
    let step = |name, conclusion, from, to| ActionsStep {
        name,
        status: "completed",
        conclusion: Some(conclusion),
        started_at: Some(from),
        completed_at: Some(to),
    };
    github.add_job(
        repo,
        3,
        ActionsJob {
            id: 31,
            name: "build",
            status: "completed",
            conclusion: Some("success"),
            started_at: Some("2026-03-03T10:00:10Z"),
            completed_at: Some("2026-03-03T10:02:10Z"),
            steps: vec![
                step(
                    "Set up job",
                    "success",
                    "2026-03-03T10:00:10Z",
                    "2026-03-03T10:00:12Z",
                ),
                step(
                    "Build",
                    "success",
                    "2026-03-03T10:00:12Z",
                    "2026-03-03T10:02:10Z",
                ),
            ],
        },
    );
    github.add_job(
        repo,
        3,
        ActionsJob {
            id: 32,
            name: "test",
            status: "completed",
            conclusion: Some("failure"),
            started_at: Some("2026-03-03T10:02:10Z"),
            completed_at: Some("2026-03-03T10:04:20Z"),
            steps: vec![
                step(
                    "Run tests",
                    "failure",
                    "2026-03-03T10:02:12Z",
                    "2026-03-03T10:04:19Z",
                ),
                ActionsStep {
                    name: "Upload report",
                    status: "completed",
                    conclusion: Some("skipped"),
                    started_at: None,
                    completed_at: None,
                },
            ],
        },
    );
    github
}

// ---- PagerDuty ----------------------------------------------------------

struct Incident {
    id: String,
    number: u64,
    service_id: String,
    created_at: String,
    resolved_at: Option<String>,
    title: String,
}

impl Incident {
    fn status(&self) -> &'static str {
        if self.resolved_at.is_some() {
            "resolved"
        } else {
            "triggered"
        }
    }
}

struct PagerDutyState {
    token: String,
    incidents: Vec<Incident>,
    requests: Vec<String>,
    rate_limited_once: bool,
    remaining: u64,
}

/// PagerDuty's `GET /incidents`; see the module documentation.
pub struct PagerDutyIncidents {
    pub server: Server,
    state: Arc<Mutex<PagerDutyState>>,
}

/// A PagerDuty accepting `Authorization: Token token=<token>`, with no incidents.
pub fn pagerduty_incidents(token: &str) -> PagerDutyIncidents {
    let state = Arc::new(Mutex::new(PagerDutyState {
        token: token.to_string(),
        incidents: Vec::new(),
        requests: Vec::new(),
        rate_limited_once: false,
        remaining: PAGERDUTY_LIMIT,
    }));
    async fn handle(
        State(state): State<Arc<Mutex<PagerDutyState>>>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
    ) -> Response {
        state.lock().unwrap().answer(&method, &uri, &headers)
    }
    let router = Router::new().fallback(handle).with_state(state.clone());
    PagerDutyIncidents {
        server: Server::start(router),
        state,
    }
}

impl PagerDutyIncidents {
    /// The REST API base URL (as `https://api.pagerduty.com`), without a
    /// trailing slash.
    pub fn api(&self) -> String {
        self.server.base.clone()
    }

    /// Every request, `"GET /incidents?raw-query"`, in order.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// An incident on `service_id`, numbered in the order added; resolved
    /// when `resolved_at` is set, else triggered.
    pub fn add_incident(
        &self,
        id: &str,
        service_id: &str,
        created_at: &str,
        resolved_at: Option<&str>,
        title: &str,
    ) {
        time(created_at);
        resolved_at.map(time);
        let mut state = self.state.lock().unwrap();
        state.incidents.retain(|i| i.id != id);
        let number = state.incidents.iter().map(|i| i.number).max().unwrap_or(0) + 1;
        state.incidents.push(Incident {
            id: id.to_string(),
            number,
            service_id: service_id.to_string(),
            created_at: created_at.to_string(),
            resolved_at: resolved_at.map(str::to_string),
            title: title.to_string(),
        });
    }

    /// The next (authorized) request gets PagerDuty's 429.
    pub fn rate_limit_once(&self) {
        self.state.lock().unwrap().rate_limited_once = true;
    }
}

fn pagerduty_error(status: StatusCode, message: &str, code: u32, errors: &[&str]) -> Response {
    let mut error = json!({"message": message, "code": code});
    if !errors.is_empty() {
        error["errors"] = json!(errors);
    }
    json_response(status, &json!({"error": error}))
}

fn invalid_input(error: &str) -> Response {
    pagerduty_error(
        StatusCode::BAD_REQUEST,
        "Invalid Input Provided",
        2001,
        &[error],
    )
}

/// A `since`/`until` value: an ISO 8601 time with an offset, or a date
/// or a date and time without one (read in UTC, the `time_zone` this fake
/// assumes).
fn pagerduty_time(text: &str) -> Option<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    if let Ok(t) = text.parse::<jiff::civil::DateTime>() {
        return t
            .to_zoned_datetime(TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(TimeZone::UTC).ok())
        .map(|z| z.timestamp())
}

impl PagerDutyState {
    fn answer(&mut self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
        let query = uri.query().unwrap_or("");
        self.requests.push(logged(method, uri.path(), query));
        let authorized = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            == Some(&format!("Token token={}", self.token));
        if !authorized {
            return pagerduty_error(StatusCode::UNAUTHORIZED, "Unauthorized", 2006, &[]);
        }
        if self.rate_limited_once {
            self.rate_limited_once = false;
            let mut response = pagerduty_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate Limit Exceeded",
                2020,
                &[],
            );
            set_header(&mut response, "ratelimit-limit", PAGERDUTY_LIMIT);
            set_header(&mut response, "ratelimit-remaining", 0u64);
            set_header(&mut response, "ratelimit-reset", 1u64);
            return response;
        }
        self.remaining = self.remaining.saturating_sub(1).max(1);
        let mut response = self.respond(method, uri.path(), query, headers);
        set_header(&mut response, "ratelimit-limit", PAGERDUTY_LIMIT);
        set_header(&mut response, "ratelimit-remaining", self.remaining);
        set_header(&mut response, "ratelimit-reset", 60u64);
        response
    }

    fn respond(&self, method: &Method, path: &str, query: &str, headers: &HeaderMap) -> Response {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.replace(' ', ""));
        if let Some(accept) = accept {
            let acceptable = accept.contains("application/vnd.pagerduty+json;version=2")
                || accept.contains("application/json")
                || accept.contains("*/*");
            if !acceptable {
                return pagerduty_error(StatusCode::NOT_ACCEPTABLE, "Not Acceptable", 2001, &[]);
            }
        }
        if method != Method::GET || path.trim_end_matches('/') != "/incidents" {
            return pagerduty_error(StatusCode::NOT_FOUND, "Not Found", 2100, &[]);
        }
        self.incidents(&Params::parse(query))
    }

    fn incidents(&self, params: &Params) -> Response {
        let services = params.all("service_ids[]");
        let statuses = params.all("statuses[]");
        if let Some(bad) = statuses
            .iter()
            .find(|s| !["triggered", "acknowledged", "resolved"].contains(s))
        {
            return invalid_input(&format!("Statuses {bad} is not a valid status"));
        }
        let range = if params.get("date_range") == Some("all") {
            None
        } else {
            let until = match params.get("until") {
                None => Timestamp::now(),
                Some(text) => match pagerduty_time(text) {
                    Some(t) => t,
                    None => return invalid_input("Until is not a valid time"),
                },
            };
            let since = match params.get("since") {
                None => until
                    .to_zoned_datetime(TimeZone::UTC)
                    .checked_sub(jiff::Span::new().months(1))
                    .unwrap()
                    .timestamp(),
                Some(text) => match pagerduty_time(text) {
                    Some(t) => t,
                    None => return invalid_input("Since is not a valid time"),
                },
            };
            if since > until {
                return invalid_input("Since must be before until");
            }
            let longest = since
                .to_zoned_datetime(TimeZone::UTC)
                .checked_add(jiff::Span::new().months(6))
                .unwrap()
                .timestamp();
            if until > longest {
                return invalid_input("Date range must not be longer than 6 months");
            }
            Some((since, until))
        };
        let limit = params
            .get("limit")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(25)
            .min(100);
        let offset = match params.get("offset").map(str::parse::<usize>) {
            None => 0,
            Some(Ok(n)) => n,
            Some(Err(_)) => return invalid_input("Offset must be a number"),
        };
        let total = params.get("total") == Some("true");
        let mut selected: Vec<&Incident> = self
            .incidents
            .iter()
            .filter(|i| services.is_empty() || services.contains(&i.service_id.as_str()))
            .filter(|i| statuses.is_empty() || statuses.contains(&i.status()))
            .filter(|i| {
                range.is_none_or(|(since, until)| {
                    let at = time(&i.created_at);
                    since <= at && at < until
                })
            })
            .collect();
        let (field, direction) = params
            .get("sort_by")
            .and_then(|s| s.split(',').next())
            .map(|s| s.split_once(':').unwrap_or((s, "asc")))
            .unwrap_or(("created_at", "asc"));
        selected.sort_by(|a, b| {
            let order = match field {
                "incident_number" => a.number.cmp(&b.number),
                "resolved_at" => a
                    .resolved_at
                    .as_deref()
                    .map(time)
                    .cmp(&b.resolved_at.as_deref().map(time)),
                _ => time(&a.created_at).cmp(&time(&b.created_at)),
            }
            .then(a.number.cmp(&b.number));
            if direction == "desc" {
                order.reverse()
            } else {
                order
            }
        });
        let count = selected.len();
        let page: Vec<Value> = selected
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(incident_json)
            .collect();
        let more = offset + page.len() < count;
        json_response(
            StatusCode::OK,
            &json!({
                "incidents": page,
                "limit": limit,
                "offset": offset,
                "more": more,
                "total": if total { json!(count) } else { Value::Null },
            }),
        )
    }
}

fn incident_json(i: &Incident) -> Value {
    let last_change = i.resolved_at.as_deref().unwrap_or(&i.created_at);
    json!({
        "id": i.id,
        "type": "incident",
        "summary": format!("[#{}] {}", i.number, i.title),
        "self": format!("https://api.pagerduty.com/incidents/{}", i.id),
        "html_url": format!("https://acme.pagerduty.com/incidents/{}", i.id),
        "incident_number": i.number,
        "title": i.title,
        "created_at": i.created_at,
        "updated_at": last_change,
        "status": i.status(),
        "incident_key": format!("key-{}", i.id),
        "service": {
            "id": i.service_id,
            "type": "service_reference",
            "summary": format!("Service {}", i.service_id),
            "self": format!("https://api.pagerduty.com/services/{}", i.service_id),
            "html_url": format!("https://acme.pagerduty.com/service-directory/{}", i.service_id),
        },
        "assignments": [],
        "assigned_via": "escalation_policy",
        "last_status_change_at": last_change,
        "resolved_at": i.resolved_at,
        "first_trigger_log_entry": null,
        "alert_counts": {
            "all": 1,
            "triggered": if i.resolved_at.is_some() { 0 } else { 1 },
            "resolved": if i.resolved_at.is_some() { 1 } else { 0 },
        },
        "is_mergeable": true,
        "escalation_policy": {
            "id": "PESC1",
            "type": "escalation_policy_reference",
            "summary": "On call",
        },
        "teams": [],
        "pending_actions": [],
        "acknowledgements": [],
        "priority": null,
        "resolve_reason": null,
        "urgency": "high",
    })
}

// ---- Fidelity checks ----------------------------------------------------

/// A response as curl saw it.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Link` header as rel -> URL.
    fn links(&self) -> BTreeMap<String, String> {
        let Some(link) = self.header("link") else {
            return BTreeMap::new();
        };
        link.split(", ")
            .map(|part| {
                let (url, rel) = part.split_once(">; rel=\"").expect("a Link entry");
                (
                    rel.trim_end_matches('"').to_string(),
                    url.trim_start_matches('<').to_string(),
                )
            })
            .collect()
    }
}

/// GET `url` with curl (no globbing, so `[]` goes as written).
fn curl(url: &str, headers: &[&str]) -> Answer {
    let mut command = std::process::Command::new("curl");
    command.args(["-sS", "-i", "-g"]);
    for h in headers {
        command.args(["-H", h]);
    }
    let output = command.arg(url).output().expect("curl runs");
    assert!(
        output.status.success(),
        "curl {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers and body");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

fn numbers(body: &Value, key: &str) -> Vec<u64> {
    body.as_array()
        .expect("an array")
        .iter()
        .map(|v| v[key].as_u64().unwrap())
        .collect()
}

const GH_AUTH: &str = "Authorization: Bearer gh-token";

#[test]
fn github_pages_with_link_headers_as_documented() {
    let github = github_dora("gh-token");
    for id in 1..=5 {
        github.add_deployment(
            "acme/shop",
            id,
            &format!("{id:040}"),
            "production",
            &format!("2026-01-0{id}T10:00:00Z"),
            &[("success", &format!("2026-01-0{id}T10:05:00Z"))],
        );
    }
    github.add_deployment("acme/shop", 9, "9", "staging", "2026-01-09T10:00:00Z", &[]);
    let first_url = format!(
        "{}/repos/acme/shop/deployments?environment=production&per_page=2",
        github.api()
    );

    let page1 = curl(&first_url, &[GH_AUTH]);
    assert_eq!(page1.status, 200);
    assert_eq!(numbers(&page1.body, "id"), [5, 4], "newest first");
    let links = page1.links();
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["last", "next"],
        "no prev/first on the first page"
    );
    assert_eq!(
        links["next"],
        format!(
            "{}/repos/acme/shop/deployments?environment=production&per_page=2&page=2",
            github.api()
        )
    );
    assert!(links["last"].ends_with("&page=3"));

    let page2 = curl(&links["next"], &[GH_AUTH]);
    assert_eq!(numbers(&page2.body, "id"), [3, 2]);
    let links = page2.links();
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["first", "last", "next", "prev"]
    );
    assert!(links["prev"].ends_with("environment=production&per_page=2&page=1"));
    assert!(links["first"].ends_with("&page=1"));
    assert!(links["next"].ends_with("&page=3"));

    let page3 = curl(&links["last"], &[GH_AUTH]);
    assert_eq!(numbers(&page3.body, "id"), [1]);
    let links = page3.links();
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["first", "prev"],
        "no next/last on the last page"
    );
    assert!(links["prev"].ends_with("&page=2"));

    // Everything on one page (default per_page 30): no Link header.
    let all = curl(
        &format!("{}/repos/acme/shop/deployments", github.api()),
        &[GH_AUTH],
    );
    assert_eq!(numbers(&all.body, "id"), [9, 5, 4, 3, 2, 1]);
    assert_eq!(all.header("link"), None);
    let deployment = &all.body[1];
    for key in [
        "id",
        "node_id",
        "sha",
        "ref",
        "task",
        "environment",
        "created_at",
        "updated_at",
        "url",
        "statuses_url",
        "creator",
        "payload",
        "description",
    ] {
        assert!(deployment.get(key).is_some(), "deployment has {key}");
    }
    assert_eq!(deployment["updated_at"], "2026-01-05T10:05:00Z");

    // per_page is capped at 100.
    let capped = curl(&format!("{first_url}0000"), &[GH_AUTH]);
    assert_eq!(capped.body.as_array().unwrap().len(), 5);

    assert_eq!(
        github.requests()[0],
        "GET /repos/acme/shop/deployments?environment=production&per_page=2"
    );
}

#[test]
fn github_errors_are_githubs() {
    let github = github_dora("gh-token");
    github.add_repo("acme/shop");
    let url = format!("{}/repos/acme/shop/deployments", github.api());

    let wrong = curl(&url, &["Authorization: Bearer nope"]);
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.body,
        json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})
    );
    assert_eq!(
        curl(&url, &["Authorization: token gh-token"]).status,
        200,
        "the `token` scheme works too"
    );
    let anonymous = curl(&url, &[]);
    assert_eq!(anonymous.status, 404, "private repositories are hidden");

    let missing = curl(
        &format!("{}/repos/acme/nothing/deployments", github.api()),
        &[GH_AUTH],
    );
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["message"], "Not Found");
    assert_eq!(missing.body["status"], "404");
    let no_deployment = curl(
        &format!("{}/repos/acme/shop/deployments/77/statuses", github.api()),
        &[GH_AUTH],
    );
    assert_eq!(no_deployment.status, 404);
    let bad_state = curl(
        &format!("{}/repos/acme/shop/pulls?state=merged", github.api()),
        &[GH_AUTH],
    );
    assert_eq!(bad_state.status, 422);
    assert_eq!(bad_state.body["message"], "Validation Failed");
}

#[test]
fn github_rate_limit_headers_count_down_then_403_and_secondary_429() {
    let github = github_dora("gh-token");
    github.add_repo("acme/shop");
    let url = format!("{}/repos/acme/shop/deployments", github.api());

    let first = curl(&url, &[GH_AUTH]);
    let second = curl(&url, &[GH_AUTH]);
    let remaining =
        |a: &Answer| -> u64 { a.header("x-ratelimit-remaining").unwrap().parse().unwrap() };
    let used = |a: &Answer| -> u64 { a.header("x-ratelimit-used").unwrap().parse().unwrap() };
    assert_eq!(first.header("x-ratelimit-limit"), Some("5000"));
    assert_eq!(remaining(&first), 4999);
    assert_eq!(remaining(&second), 4998);
    assert_eq!(used(&second), 2);
    assert_eq!(github.rate_limit_remaining(), 4998);
    assert_eq!(first.header("x-ratelimit-resource"), Some("core"));
    let reset: i64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    assert!(
        reset > Timestamp::now().as_second(),
        "reset is a future epoch second"
    );

    github.secondary_limit_once("/repos/acme/shop/deployments");
    let limited = curl(&url, &[GH_AUTH]);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert!(
        limited.body["message"]
            .as_str()
            .unwrap()
            .contains("secondary rate limit")
    );
    assert_eq!(curl(&url, &[GH_AUTH]).status, 200, "only once");

    github.exhaust_rate_limit();
    let exhausted = curl(&url, &[GH_AUTH]);
    assert_eq!(exhausted.status, 403);
    assert_eq!(remaining(&exhausted), 0);
    assert_eq!(used(&exhausted), 5000);
    assert!(
        exhausted.body["message"]
            .as_str()
            .unwrap()
            .starts_with("API rate limit exceeded")
    );
    assert_eq!(curl(&url, &[GH_AUTH]).status, 403, "and stays so");
}

#[test]
fn github_statuses_pulls_commits_and_issues_have_documented_shapes() {
    let github = github_dora("gh-token");
    github.add_deployment(
        "acme/shop",
        7,
        "abc",
        "production",
        "2026-02-01T10:00:00Z",
        &[
            ("in_progress", "2026-02-01T10:01:00Z"),
            ("failure", "2026-02-01T10:09:00Z"),
            ("queued", "2026-02-01T10:00:30Z"),
        ],
    );
    let statuses = curl(
        &format!("{}/repos/acme/shop/deployments/7/statuses", github.api()),
        &[GH_AUTH],
    );
    let states: Vec<&str> = statuses
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["failure", "in_progress", "queued"], "newest first");
    assert_eq!(statuses.body[0]["environment"], "production");
    assert!(
        statuses.body[0]["deployment_url"]
            .as_str()
            .unwrap()
            .ends_with("/repos/acme/shop/deployments/7")
    );

    github.add_pull(
        "acme/shop",
        1,
        Some("2026-02-02T12:00:00Z"),
        Some("m1"),
        "2026-02-02T12:00:05Z",
        &[
            ("c1", "2026-02-01T09:00:00Z"),
            ("c2", "2026-02-01T11:00:00Z"),
        ],
    );
    github.add_pull(
        "acme/shop",
        2,
        None,
        None,
        "2026-02-03T12:00:00Z",
        &[("c3", "2026-02-03T09:00:00Z")],
    );
    github.add_open_pull(
        "acme/shop",
        3,
        "2026-02-04T09:00:00Z",
        "2026-02-04T09:00:00Z",
    );
    let closed = curl(
        &format!(
            "{}/repos/acme/shop/pulls?state=closed&sort=updated&direction=desc&per_page=100",
            github.api()
        ),
        &[GH_AUTH],
    );
    assert_eq!(numbers(&closed.body, "number"), [2, 1]);
    assert_eq!(closed.body[0]["merged_at"], Value::Null);
    assert_eq!(closed.body[1]["merged_at"], "2026-02-02T12:00:00Z");
    assert_eq!(closed.body[1]["merge_commit_sha"], "m1");
    assert_eq!(closed.body[1]["state"], "closed");
    assert_eq!(closed.body[1]["base"]["ref"], "main");
    assert_eq!(closed.body[1]["head"]["sha"], "c2");
    let ascending = curl(
        &format!(
            "{}/repos/acme/shop/pulls?state=all&sort=updated",
            github.api()
        ),
        &[GH_AUTH],
    );
    assert_eq!(
        numbers(&ascending.body, "number"),
        [1, 2, 3],
        "sort=updated defaults to ascending"
    );
    let open = curl(
        &format!("{}/repos/acme/shop/pulls", github.api()),
        &[GH_AUTH],
    );
    assert_eq!(numbers(&open.body, "number"), [3], "state defaults to open");

    let commits = curl(
        &format!("{}/repos/acme/shop/pulls/1/commits", github.api()),
        &[GH_AUTH],
    );
    let shas: Vec<&str> = commits
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sha"].as_str().unwrap())
        .collect();
    assert_eq!(shas, ["c1", "c2"], "oldest first");
    assert_eq!(
        commits.body[0]["commit"]["author"]["date"],
        "2026-02-01T09:00:00Z"
    );
    assert_eq!(commits.body[1]["parents"][0]["sha"], "c1");
    assert_eq!(
        curl(
            &format!("{}/repos/acme/shop/pulls/99/commits", github.api()),
            &[GH_AUTH]
        )
        .status,
        404
    );

    github.add_issue(
        "acme/shop",
        10,
        &["incident", "sev1"],
        "2026-02-05T10:00:00Z",
        Some("2026-02-05T12:00:00Z"),
        "Checkout down",
    );
    github.add_issue(
        "acme/shop",
        11,
        &["incident"],
        "2026-02-06T10:00:00Z",
        None,
        "",
    );
    github.add_issue(
        "acme/shop",
        12,
        &["bug"],
        "2026-02-07T10:00:00Z",
        None,
        "not an incident",
    );
    github.add_issue_pr(
        "acme/shop",
        13,
        &["incident"],
        "2026-01-01T10:00:00Z",
        Some("2026-01-02T10:00:00Z"),
        "a fix",
    );
    let issues = |query: &str| {
        curl(
            &format!("{}/repos/acme/shop/issues?{query}", github.api()),
            &[GH_AUTH],
        )
        .body
    };
    let all = issues("labels=incident&state=all");
    assert_eq!(
        numbers(&all, "number"),
        [11, 10, 13],
        "newest created first"
    );
    assert!(all[2]["pull_request"]["url"].is_string());
    assert!(all[0].get("pull_request").is_none());
    assert_eq!(all[0]["body"], Value::Null);
    assert_eq!(all[1]["labels"][1]["name"], "sev1");
    assert_eq!(all[1]["closed_at"], "2026-02-05T12:00:00Z");
    assert_eq!(
        numbers(&issues("labels=incident,sev1&state=all"), "number"),
        [10],
        "all the labels"
    );
    assert_eq!(
        numbers(&issues("labels=incident"), "number"),
        [11],
        "state defaults to open"
    );
    assert_eq!(
        numbers(
            &issues("labels=incident&state=all&since=2026-02-05T12:00:00Z"),
            "number"
        ),
        [11, 10],
        "since: updated at or after"
    );
}

const PD_AUTH: &str = "Authorization: Token token=pd-token";
const PD_ACCEPT: &str = "Accept: application/vnd.pagerduty+json;version=2";

#[test]
fn actions_runs_are_wrapped_paged_newest_first_and_filtered_as_documented() {
    let github = actions_shop("gh-token");
    let runs = format!("{}/repos/acme/shop/actions/runs", github.api());

    let all = curl(&runs, &[GH_AUTH]);
    assert_eq!(all.status, 200);
    assert_eq!(all.body["total_count"], 5);
    assert_eq!(numbers(&all.body["workflow_runs"], "id"), [5, 4, 3, 2, 1]);
    assert_eq!(all.header("link"), None, "one page holds them all");
    let run = &all.body["workflow_runs"][2];
    for key in [
        "id",
        "name",
        "node_id",
        "head_branch",
        "head_sha",
        "path",
        "display_title",
        "run_number",
        "event",
        "status",
        "conclusion",
        "workflow_id",
        "url",
        "html_url",
        "created_at",
        "updated_at",
        "actor",
        "run_attempt",
        "run_started_at",
        "jobs_url",
        "logs_url",
        "head_commit",
        "repository",
    ] {
        assert!(run.get(key).is_some(), "a workflow run has {key}");
    }
    assert_eq!(run["status"], "completed");
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(
        run["head_commit"]["message"],
        "Fix refund rounding\n\nThe long story."
    );
    assert_eq!(run["display_title"], "Fix refund rounding");
    assert_eq!(run["name"], "Release");
    assert_eq!(
        run["jobs_url"],
        format!("{}/repos/acme/shop/actions/runs/3/jobs", github.api())
    );
    let queued = &all.body["workflow_runs"][0];
    assert_eq!(queued["status"], "queued");
    assert_eq!(
        queued["conclusion"],
        Value::Null,
        "no conclusion before completion"
    );

    // Pages keep the total and the filters.
    let page1 = curl(&format!("{runs}?branch=main&per_page=2"), &[GH_AUTH]);
    assert_eq!(
        page1.body["total_count"], 4,
        "the total of the query, not of the page"
    );
    assert_eq!(numbers(&page1.body["workflow_runs"], "id"), [5, 3]);
    let links = page1.links();
    assert_eq!(links.keys().collect::<Vec<_>>(), ["last", "next"]);
    assert!(links["next"].ends_with("/actions/runs?branch=main&per_page=2&page=2"));
    let page2 = curl(&links["next"], &[GH_AUTH]);
    assert_eq!(numbers(&page2.body["workflow_runs"], "id"), [2, 1]);
    assert_eq!(page2.links().keys().collect::<Vec<_>>(), ["first", "prev"]);

    // status takes a status or a conclusion.
    let failed = curl(&format!("{runs}?status=failure"), &[GH_AUTH]);
    assert_eq!(numbers(&failed.body["workflow_runs"], "id"), [3]);
    let completed = curl(&format!("{runs}?status=completed"), &[GH_AUTH]);
    assert_eq!(numbers(&completed.body["workflow_runs"], "id"), [3, 2, 1]);
    let running = curl(
        &format!("{runs}?status=in_progress&event=pull_request"),
        &[GH_AUTH],
    );
    assert_eq!(numbers(&running.body["workflow_runs"], "id"), [4]);
    let bad = curl(&format!("{runs}?status=broken"), &[GH_AUTH]);
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["message"], "Validation Failed");

    // An empty listing is still wrapped.
    let none = curl(&format!("{runs}?branch=nothing"), &[GH_AUTH]);
    assert_eq!(none.body, json!({"total_count": 0, "workflow_runs": []}));
}

#[test]
fn actions_runs_and_their_jobs_with_steps_have_documented_shapes() {
    let github = actions_shop("gh-token");
    let base = format!("{}/repos/acme/shop/actions/runs", github.api());

    let one = curl(&format!("{base}/3"), &[GH_AUTH]);
    assert_eq!(one.status, 200);
    assert_eq!(one.body["id"], 3);
    assert_eq!(one.body["run_started_at"], "2026-03-03T10:00:10Z");
    assert_eq!(one.body["updated_at"], "2026-03-03T10:04:20Z");
    assert_eq!(curl(&format!("{base}/99"), &[GH_AUTH]).status, 404);
    assert_eq!(curl(&format!("{base}/99/jobs"), &[GH_AUTH]).status, 404);

    let jobs = curl(&format!("{base}/3/jobs"), &[GH_AUTH]);
    assert_eq!(jobs.status, 200);
    assert_eq!(jobs.body["total_count"], 2);
    assert_eq!(numbers(&jobs.body["jobs"], "id"), [31, 32]);
    let job = &jobs.body["jobs"][1];
    for key in [
        "id",
        "run_id",
        "run_url",
        "node_id",
        "head_sha",
        "url",
        "html_url",
        "status",
        "conclusion",
        "created_at",
        "started_at",
        "completed_at",
        "name",
        "steps",
        "check_run_url",
        "labels",
        "runner_name",
        "workflow_name",
        "head_branch",
        "run_attempt",
    ] {
        assert!(job.get(key).is_some(), "a job has {key}");
    }
    assert_eq!(job["conclusion"], "failure");
    assert_eq!(
        job["steps"],
        json!([
            {"name": "Run tests", "status": "completed", "conclusion": "failure", "number": 1,
             "started_at": "2026-03-03T10:02:12Z", "completed_at": "2026-03-03T10:04:19Z"},
            {"name": "Upload report", "status": "completed", "conclusion": "skipped", "number": 2,
             "started_at": null, "completed_at": null},
        ])
    );

    // Jobs page like every listing; filter is latest or all.
    let page1 = curl(&format!("{base}/3/jobs?per_page=1"), &[GH_AUTH]);
    assert_eq!(page1.body["total_count"], 2);
    assert_eq!(numbers(&page1.body["jobs"], "id"), [31]);
    let next = &page1.links()["next"];
    assert!(next.ends_with("/jobs?per_page=1&page=2"), "{next}");
    assert_eq!(numbers(&curl(next, &[GH_AUTH]).body["jobs"], "id"), [32]);
    assert_eq!(
        curl(&format!("{base}/3/jobs?filter=all"), &[GH_AUTH]).status,
        200
    );
    assert_eq!(
        curl(&format!("{base}/3/jobs?filter=some"), &[GH_AUTH]).status,
        422
    );
    let queued = curl(&format!("{base}/5/jobs"), &[GH_AUTH]);
    assert_eq!(queued.body, json!({"total_count": 0, "jobs": []}));

    // The same errors as every endpoint.
    assert_eq!(curl(&base, &["Authorization: Bearer nope"]).status, 401);
    assert_eq!(
        curl(
            &format!("{}/repos/acme/none/actions/runs", github.api()),
            &[GH_AUTH]
        )
        .status,
        404
    );
}

#[test]
fn pagerduty_pages_by_offset_and_filters_as_documented() {
    let pagerduty = pagerduty_incidents("pd-token");
    for n in 1..=5 {
        pagerduty.add_incident(
            &format!("P{n}"),
            "PSVC1",
            &format!("2026-03-0{n}T10:00:00Z"),
            (n % 2 == 1).then_some(&*format!("2026-03-0{n}T11:00:00Z")),
            &format!("Outage {n}"),
        );
    }
    pagerduty.add_incident("Q1", "PSVC2", "2026-03-02T12:00:00Z", None, "Other");
    let url = |query: &str| format!("{}/incidents?{query}", pagerduty.api());
    let ids = |body: &Value| -> Vec<String> {
        body["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let window = "since=2026-03-01T00:00:00Z&until=2026-03-31T00:00:00Z&time_zone=UTC";

    let mut seen = Vec::new();
    for (offset, more) in [(0, true), (2, true), (4, false)] {
        let page = curl(
            &url(&format!(
                "service_ids%5B%5D=PSVC1&{window}&limit=2&offset={offset}"
            )),
            &[PD_AUTH, PD_ACCEPT],
        );
        assert_eq!(page.status, 200);
        assert_eq!(page.body["limit"], 2);
        assert_eq!(page.body["offset"], offset);
        assert_eq!(page.body["more"], more, "offset {offset}");
        assert_eq!(page.body["total"], Value::Null, "total is null by default");
        assert!(page.header("ratelimit-remaining").is_some());
        seen.extend(ids(&page.body));
    }
    assert_eq!(seen, ["P1", "P2", "P3", "P4", "P5"], "created_at ascending");

    let counted = curl(&url(&format!("{window}&total=true")), &[PD_AUTH]);
    assert_eq!(counted.body["total"], 6);
    assert_eq!(counted.body["limit"], 25, "limit defaults to 25");
    assert_eq!(counted.body["more"], false);
    let incident = &counted.body["incidents"][0];
    assert_eq!(incident["type"], "incident");
    assert_eq!(incident["status"], "resolved");
    assert_eq!(incident["resolved_at"], "2026-03-01T11:00:00Z");
    assert_eq!(incident["service"]["type"], "service_reference");
    assert_eq!(incident["summary"], "[#1] Outage 1");
    assert_eq!(counted.body["incidents"][1]["resolved_at"], Value::Null);
    assert_eq!(counted.body["incidents"][1]["status"], "triggered");

    // Repeated service_ids[], written raw or encoded.
    let both = curl(
        &url(&format!(
            "service_ids[]=PSVC2&service_ids%5B%5D=PSVC1&{window}"
        )),
        &[PD_AUTH],
    );
    assert_eq!(ids(&both.body).len(), 6);
    let other = curl(&url(&format!("service_ids[]=PSVC2&{window}")), &[PD_AUTH]);
    assert_eq!(ids(&other.body), ["Q1"]);

    // since inclusive, until exclusive.
    let range = curl(
        &url("since=2026-03-02T10:00:00Z&until=2026-03-04T10:00:00Z"),
        &[PD_AUTH],
    );
    assert_eq!(ids(&range.body), ["P2", "Q1", "P3"]);
    let resolved = curl(
        &url(&format!("statuses%5B%5D=resolved&{window}")),
        &[PD_AUTH],
    );
    assert_eq!(ids(&resolved.body), ["P1", "P3", "P5"]);
    let too_long = curl(
        &url("since=2025-01-01T00:00:00Z&until=2026-03-01T00:00:00Z"),
        &[PD_AUTH],
    );
    assert_eq!(too_long.status, 400);
    assert_eq!(too_long.body["error"]["code"], 2001);
    assert_eq!(
        pagerduty.requests()[0],
        format!("GET /incidents?service_ids%5B%5D=PSVC1&{window}&limit=2&offset=0")
    );
}

#[test]
fn pagerduty_errors_are_pagerdutys() {
    let pagerduty = pagerduty_incidents("pd-token");
    let url = format!("{}/incidents?date_range=all", pagerduty.api());

    let wrong = curl(&url, &["Authorization: Token token=nope", PD_ACCEPT]);
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.body,
        json!({"error": {"message": "Unauthorized", "code": 2006}})
    );
    let bearer = curl(&url, &["Authorization: Bearer pd-token"]);
    assert_eq!(bearer.status, 401, "the scheme is `Token token=`");

    pagerduty.rate_limit_once();
    let limited = curl(&url, &[PD_AUTH, PD_ACCEPT]);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("ratelimit-remaining"), Some("0"));
    assert_eq!(limited.header("ratelimit-reset"), Some("1"));
    assert!(limited.header("ratelimit-limit").is_some());
    assert_eq!(limited.body["error"]["code"], 2020);
    let again = curl(&url, &[PD_AUTH, PD_ACCEPT]);
    assert_eq!(again.status, 200, "only once");
    assert_eq!(
        again.body,
        json!({"incidents": [], "limit": 25, "offset": 0, "more": false, "total": null})
    );
}
