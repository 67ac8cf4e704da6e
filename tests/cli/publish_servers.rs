//! The services `plat new` publishes to, on 127.0.0.1:
//!
//! - a GitHub fake that follows GitHub's REST API documentation for what
//!   plat uses (paths, `Authorization`, 201/401/404/422 with GitHub's error
//!   bodies), whose repository creation makes a real bare repository that
//!   the same server serves through the real `git http-backend` (basic
//!   auth: the token is the password), under `/git/` and at GitHub's own
//!   clone URLs (`/OWNER/REPO.git`, for fetching), and whose contents API reads the
//!   pushed files, so create, push and a later catalog read are end to end;
//! - a PagerDuty fake following its REST API v2 documentation
//!   (`Authorization: Token token=...`, `{"service": ...}` bodies, its
//!   `{"error": {message, code, errors}}` answers).
//!
//! Both record every request and can be told to fail one path.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use serde_json::{Value, json};

use crate::servers::Server;

/// One request a fake received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body: Value,
}

/// What a fake saw, and the failures it was told to give.
#[derive(Default)]
pub struct Log {
    pub requests: Mutex<Vec<Seen>>,
    /// `"METHOD /path"` -> (status, body) answered instead.
    failures: Mutex<HashMap<String, (u16, Value)>>,
}

impl Log {
    pub fn fail(&self, method: &str, path: &str, status: u16, body: Value) {
        self.failures
            .lock()
            .unwrap()
            .insert(format!("{method} {path}"), (status, body));
    }

    pub fn heal(&self) {
        self.failures.lock().unwrap().clear();
    }

    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    pub fn bodies(&self, method: &str, path: &str) -> Vec<Value> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .map(|r| r.body.clone())
            .collect()
    }

    fn record(&self, method: &Method, path: &str, body: &[u8]) -> Option<Response> {
        self.requests.lock().unwrap().push(Seen {
            method: method.to_string(),
            path: path.to_string(),
            body: serde_json::from_slice(body).unwrap_or(Value::Null),
        });
        let failures = self.failures.lock().unwrap();
        failures
            .get(&format!("{method} {path}"))
            .map(|(status, body)| {
                (
                    StatusCode::from_u16(*status).unwrap(),
                    axum::Json(body.clone()),
                )
                    .into_response()
            })
    }
}

// ---- GitHub -----------------------------------------------------------

pub struct GitHub {
    pub server: Server,
    pub log: Arc<Log>,
    /// Bare repositories, `OWNER/REPO.git`.
    pub root: PathBuf,
    _dir: tempfile::TempDir,
}

impl GitHub {
    /// `host:port`, what repoUrl and the integration name.
    pub fn host(&self) -> &str {
        self.server.host()
    }

    pub fn api(&self) -> String {
        format!("{}/api/v3", self.server.base)
    }

    pub fn bare(&self, owner: &str, repo: &str) -> PathBuf {
        self.root.join(owner).join(format!("{repo}.git"))
    }
}

struct GitHubState {
    base: String,
    root: PathBuf,
    token: String,
    user: String,
    orgs: Vec<String>,
    log: Arc<Log>,
}

type Shared = Arc<GitHubState>;

fn github_error(status: StatusCode, message: &str, extra: Value) -> Response {
    let mut body = json!({"message": message, "documentation_url": "https://docs.github.com/rest", "status": status.as_u16().to_string()});
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    (status, axum::Json(body)).into_response()
}

impl GitHubState {
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        value == format!("Bearer {}", self.token) || value == format!("token {}", self.token)
    }

    fn repo_json(&self, owner: &str, repo: &str, visibility: &str) -> Value {
        let bare = self.root.join(owner).join(format!("{repo}.git"));
        let empty = git2::Repository::open_bare(&bare)
            .map(|r| r.is_empty().unwrap_or(true))
            .unwrap_or(true);
        json!({
            "id": 1, "name": repo, "full_name": format!("{owner}/{repo}"),
            "owner": {"login": owner},
            "private": visibility != "public", "visibility": visibility,
            "html_url": format!("{}/{owner}/{repo}", self.base),
            "clone_url": format!("{}/git/{owner}/{repo}.git", self.base),
            "default_branch": "main",
            "size": if empty { 0 } else { 1 },
        })
    }
}

/// A GitHub whose user is `ada`, with the organisation `acme`, accepting `token`.
pub fn github(token: &str) -> GitHub {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repos");
    std::fs::create_dir_all(&root).unwrap();
    let log = Arc::new(Log::default());
    let state_root = root.clone();
    let state_log = log.clone();
    let token = token.to_string();
    let server = Server::start_with(move |base| {
        let state = Arc::new(GitHubState {
            base: base.to_string(),
            root: state_root,
            token,
            user: "ada".into(),
            orgs: vec!["acme".into()],
            log: state_log,
        });
        Router::new()
            .route("/api/v3/user", get(user))
            .route("/api/v3/user/repos", post(create_user_repo))
            .route("/api/v3/orgs/{org}/repos", post(create_org_repo))
            .route("/api/v3/repos/{owner}/{repo}", get(get_repo))
            .route("/api/v3/repos/{owner}/{repo}/topics", put(topics))
            .route(
                "/api/v3/repos/{owner}/{repo}/branches/{branch}/protection",
                put(protection),
            )
            .route(
                "/api/v3/repos/{owner}/{repo}/contents/{*path}",
                get(contents),
            )
            .route("/git/{*rest}", any(git_http_backend))
            // GitHub's own clone URLs: https://HOST/OWNER/REPO.git
            .route("/{owner}/{repo}/info/refs", get(git_http_backend))
            .route("/{owner}/{repo}/git-upload-pack", post(git_http_backend))
            .route("/{owner}/{repo}/blob/{reference}/{*path}", get(blob))
            .with_state(state)
    });
    GitHub {
        server,
        log,
        root,
        _dir: dir,
    }
}

async fn user(State(s): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(failure) = s.log.record(&Method::GET, "/user", b"") {
        return failure;
    }
    if !s.authorized(&headers) {
        return github_error(StatusCode::UNAUTHORIZED, "Bad credentials", json!({}));
    }
    axum::Json(json!({"login": s.user, "id": 1, "type": "User"})).into_response()
}

async fn get_repo(
    State(s): State<Shared>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(failure) = s
        .log
        .record(&Method::GET, &format!("/repos/{owner}/{repo}"), b"")
    {
        return failure;
    }
    if !s.authorized(&headers) {
        return github_error(StatusCode::UNAUTHORIZED, "Bad credentials", json!({}));
    }
    if !s.root.join(&owner).join(format!("{repo}.git")).exists() {
        return github_error(StatusCode::NOT_FOUND, "Not Found", json!({}));
    }
    axum::Json(s.repo_json(&owner, &repo, "private")).into_response()
}

fn create(s: &GitHubState, owner: &str, path: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    if let Some(failure) = s.log.record(&Method::POST, path, body) {
        return failure;
    }
    if !s.authorized(headers) {
        return github_error(StatusCode::UNAUTHORIZED, "Bad credentials", json!({}));
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return github_error(StatusCode::BAD_REQUEST, "Problems parsing JSON", json!({}));
    };
    let Some(name) = request["name"].as_str().filter(|n| !n.is_empty()) else {
        return github_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Repository creation failed.",
            json!({"errors": [{"resource": "Repository", "code": "missing_field", "field": "name"}]}),
        );
    };
    let bare = s.root.join(owner).join(format!("{name}.git"));
    if bare.exists() {
        return github_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Repository creation failed.",
            json!({"errors": [{"resource": "Repository", "code": "custom", "field": "name", "message": "name already exists on this account"}]}),
        );
    }
    git2::Repository::init_bare(&bare).unwrap();
    let visibility = request["visibility"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            if request["private"] == false {
                "public".into()
            } else {
                "private".into()
            }
        });
    (
        StatusCode::CREATED,
        axum::Json(s.repo_json(owner, name, &visibility)),
    )
        .into_response()
}

async fn create_user_repo(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let user = s.user.clone();
    create(&s, &user, "/user/repos", &headers, &body)
}

async fn create_org_repo(
    State(s): State<Shared>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !s.orgs.contains(&org) {
        s.log
            .record(&Method::POST, &format!("/orgs/{org}/repos"), &body);
        return github_error(StatusCode::NOT_FOUND, "Not Found", json!({}));
    }
    create(&s, &org, &format!("/orgs/{org}/repos"), &headers, &body)
}

async fn topics(
    State(s): State<Shared>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(failure) = s.log.record(
        &Method::PUT,
        &format!("/repos/{owner}/{repo}/topics"),
        &body,
    ) {
        return failure;
    }
    if !s.authorized(&headers) {
        return github_error(StatusCode::UNAUTHORIZED, "Bad credentials", json!({}));
    }
    let names = serde_json::from_slice::<Value>(&body)
        .map(|b| b["names"].clone())
        .unwrap_or(Value::Null);
    axum::Json(json!({"names": names})).into_response()
}

async fn protection(
    State(s): State<Shared>,
    Path((owner, repo, branch)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(failure) = s.log.record(
        &Method::PUT,
        &format!("/repos/{owner}/{repo}/branches/{branch}/protection"),
        &body,
    ) {
        return failure;
    }
    if !s.authorized(&headers) {
        return github_error(StatusCode::UNAUTHORIZED, "Bad credentials", json!({}));
    }
    let bare = s.root.join(&owner).join(format!("{repo}.git"));
    let exists = git2::Repository::open_bare(&bare)
        .is_ok_and(|r| r.find_branch(&branch, git2::BranchType::Local).is_ok());
    if !exists {
        return github_error(StatusCode::NOT_FOUND, "Branch not found", json!({}));
    }
    axum::Json(
        json!({"url": format!("{}/repos/{owner}/{repo}/branches/{branch}/protection", s.base)}),
    )
    .into_response()
}

/// The contents API (raw), read from the bare repository's commits.
async fn contents(
    State(s): State<Shared>,
    Path((owner, repo, path)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    s.log.record(
        &Method::GET,
        &format!("/repos/{owner}/{repo}/contents/{path}"),
        b"",
    );
    if !s.authorized(&headers) {
        return github_error(StatusCode::NOT_FOUND, "Not Found", json!({}));
    }
    let reference = query.get("ref").cloned().unwrap_or_else(|| "main".into());
    let bare = s.root.join(&owner).join(format!("{repo}.git"));
    let blob = git2::Repository::open_bare(&bare).ok().and_then(|r| {
        let tree = r.revparse_single(&reference).ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(std::path::Path::new(&path)).ok()?;
        let object = entry.to_object(&r).ok()?;
        object.as_blob().map(|b| b.content().to_vec())
    });
    match blob {
        Some(bytes) => (StatusCode::OK, bytes).into_response(),
        None => github_error(StatusCode::NOT_FOUND, "Not Found", json!({})),
    }
}

/// A file of a pushed commit at its web address, as raw text (GitHub shows
/// an HTML page there; a real Backstage without a GitHub integration reads
/// the address as it is, so the fake serves the file itself).
async fn blob(
    State(s): State<Shared>,
    Path((owner, repo, reference, path)): Path<(String, String, String, String)>,
) -> Response {
    s.log.record(
        &Method::GET,
        &format!("/{owner}/{repo}/blob/{reference}/{path}"),
        b"",
    );
    let bare = s.root.join(&owner).join(format!("{repo}.git"));
    let blob = git2::Repository::open_bare(&bare).ok().and_then(|r| {
        let tree = r.revparse_single(&reference).ok()?.peel_to_tree().ok()?;
        let object = tree
            .get_path(std::path::Path::new(&path))
            .ok()?
            .to_object(&r)
            .ok()?;
        object.as_blob().map(|b| b.content().to_vec())
    });
    match blob {
        Some(bytes) => (StatusCode::OK, bytes).into_response(),
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}

/// The real `git http-backend` (CGI), behind basic auth: any user name,
/// the token as password, as GitHub takes tokens over HTTPS.
async fn git_http_backend(
    State(s): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(base64_decode)
        .is_some_and(|pair| {
            pair.split_once(':')
                .is_some_and(|(_, password)| password == s.token)
        });
    s.log.record(&method, uri.path(), b"");
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"GitHub\"")],
            "Invalid username or token.",
        )
            .into_response();
    }
    let path_info = match uri.path().strip_prefix("/git/") {
        Some(rest) => format!("/{rest}"),
        None => uri.path().to_string(),
    };
    let query = uri.query().unwrap_or("").to_string();
    let root = s.root.clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let protocol = headers
        .get("git-protocol")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let output = tokio::task::spawn_blocking(move || {
        let mut command = Command::new("git");
        command
            .arg("http-backend")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("GIT_PROJECT_ROOT", &root)
            .env("GIT_HTTP_EXPORT_ALL", "1")
            .env("PATH_INFO", &path_info)
            .env("REQUEST_METHOD", method.as_str())
            .env("QUERY_STRING", &query)
            .env("CONTENT_TYPE", &content_type)
            .env("CONTENT_LENGTH", body.len().to_string())
            .env("REMOTE_USER", "ada")
            .env("REMOTE_ADDR", "127.0.0.1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(encoding) = encoding {
            command.env("HTTP_CONTENT_ENCODING", encoding);
        }
        if let Some(protocol) = protocol {
            command.env("GIT_PROTOCOL", protocol);
        }
        let mut child = command.spawn().expect("git http-backend runs");
        child.stdin.take().unwrap().write_all(&body).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    cgi_response(&output.stdout)
}

fn cgi_response(out: &[u8]) -> Response {
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let Some((end, skip)) = split else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "git http-backend wrote no headers",
        )
            .into_response();
    };
    let mut builder = Response::builder().status(StatusCode::OK);
    for line in String::from_utf8_lossy(&out[..end]).lines() {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("status") {
                let code = value
                    .split_whitespace()
                    .next()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(500);
                builder = builder.status(code);
            } else {
                builder = builder.header(name.trim(), value);
            }
        }
    }
    builder
        .body(axum::body::Body::from(out[end + skip..].to_vec()))
        .unwrap()
}

fn base64_decode(text: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.trim().bytes().filter(|&b| b != b'=') {
        let value = ALPHABET.iter().position(|&c| c == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).ok()
}

// ---- PagerDuty ----------------------------------------------------------

pub struct PagerDuty {
    pub server: Server,
    pub log: Arc<Log>,
}

struct PagerDutyState {
    token: String,
    policies: Vec<String>,
    services: Mutex<Vec<String>>,
    log: Arc<Log>,
}

fn pagerduty_error(status: StatusCode, message: &str, code: u32, errors: &[&str]) -> Response {
    let mut error = json!({"message": message, "code": code});
    if !errors.is_empty() {
        error["errors"] = json!(errors);
    }
    (status, axum::Json(json!({"error": error}))).into_response()
}

impl PagerDutyState {
    fn authorized(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            == Some(&format!("Token token={}", self.token))
    }
}

/// PagerDuty with the escalation policy `PESC1`, accepting `token`.
pub fn pagerduty(token: &str) -> PagerDuty {
    let log = Arc::new(Log::default());
    let state = Arc::new(PagerDutyState {
        token: token.to_string(),
        policies: vec!["PESC1".into()],
        services: Mutex::new(Vec::new()),
        log: log.clone(),
    });
    async fn policy(
        State(s): State<Arc<PagerDutyState>>,
        Path(id): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        if let Some(failure) =
            s.log
                .record(&Method::GET, &format!("/escalation_policies/{id}"), b"")
        {
            return failure;
        }
        if !s.authorized(&headers) {
            return pagerduty_error(StatusCode::UNAUTHORIZED, "Unauthorized", 2006, &[]);
        }
        if !s.policies.contains(&id) {
            return pagerduty_error(StatusCode::NOT_FOUND, "Not Found", 2100, &[]);
        }
        axum::Json(json!({"escalation_policy": {"id": id, "type": "escalation_policy", "summary": "Payments on call"}})).into_response()
    }
    async fn create(
        State(s): State<Arc<PagerDutyState>>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        if let Some(failure) = s.log.record(&Method::POST, "/services", &body) {
            return failure;
        }
        if !s.authorized(&headers) {
            return pagerduty_error(StatusCode::UNAUTHORIZED, "Unauthorized", 2006, &[]);
        }
        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let service = &request["service"];
        let Some(name) = service["name"].as_str().filter(|n| !n.is_empty()) else {
            return pagerduty_error(
                StatusCode::BAD_REQUEST,
                "Invalid Input Provided",
                2001,
                &["Name cannot be empty."],
            );
        };
        if !service["escalation_policy"]["id"]
            .as_str()
            .is_some_and(|id| s.policies.iter().any(|p| p == id))
        {
            return pagerduty_error(
                StatusCode::BAD_REQUEST,
                "Invalid Input Provided",
                2001,
                &["Escalation policy not found"],
            );
        }
        let mut services = s.services.lock().unwrap();
        if services.iter().any(|n| n == name) {
            return pagerduty_error(
                StatusCode::BAD_REQUEST,
                "Invalid Input Provided",
                2001,
                &["Name has already been taken"],
            );
        }
        services.push(name.to_string());
        let id = format!("PSVC{:03}", services.len());
        (
            StatusCode::CREATED,
            axum::Json(json!({"service": {
                "id": id, "type": "service", "name": name, "description": service["description"],
                "html_url": format!("https://acme.pagerduty.com/service-directory/{id}"),
                "escalation_policy": service["escalation_policy"],
            }})),
        )
            .into_response()
    }
    let router = Router::new()
        .route("/escalation_policies/{id}", get(policy))
        .route("/services", post(create))
        .with_state(state);
    PagerDuty {
        server: Server::start(router),
        log,
    }
}
