//! Real HTTP servers on 127.0.0.1 for the tests: a file server that counts
//! and can misbehave, a server that answers as GitHub's contents API does,
//! and one that answers as Backstage's catalog API does. They run on their
//! own tokio runtime in a background thread and stop when dropped.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

/// A running server; stops when dropped.
pub struct Server {
    pub base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(router: Router) -> Server {
        Server::start_with(|_| router)
    }

    /// Starts the router `make` builds for the server's own base URL (for
    /// servers whose answers link to themselves).
    pub fn start_with(make: impl FnOnce(&str) -> Router) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = make(&base);
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(4)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = stop.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Server {
            base,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Starts `router` over HTTPS with a fresh self-signed certificate for
    /// 127.0.0.1; returns the server and the certificate (PEM) clients trust.
    pub fn start_tls(router: Router) -> (Server, Vec<u8>) {
        let (cert, key) = self_signed_certificate();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).unwrap();
        let base = format!("https://{}", listener.local_addr().unwrap());
        let config = axum_server::tls_openssl::OpenSSLConfig::from_pem(&cert, &key).unwrap();
        let handle = axum_server::Handle::new();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let stopper = handle.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(4)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                tokio::spawn(async move {
                    let _ = stop.await;
                    stopper.shutdown();
                });
                axum_server::from_tcp(listener)
                    .unwrap()
                    .acceptor(axum_server::tls_openssl::OpenSSLAcceptor::new(config))
                    .handle(handle)
                    .serve(router.into_make_service())
                    .await
                    .unwrap();
            });
        });
        let server = Server {
            base,
            shutdown: Some(shutdown),
            thread: Some(thread),
        };
        (server, cert)
    }

    /// `host:port`, as GitHub integrations name hosts.
    pub fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }
}

/// A self-signed certificate (usable as its own CA) for IP 127.0.0.1 and
/// `localhost`, and its key, both PEM.
fn self_signed_certificate() -> (Vec<u8>, Vec<u8>) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::{BigNum, MsbOption};
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::extension::{
        BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    };
    use openssl::x509::{X509Builder, X509NameBuilder};

    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "plat test server").unwrap();
    let name = name.build();
    let mut builder = X509Builder::new().unwrap();
    builder.set_version(2).unwrap();
    let mut serial = BigNum::new().unwrap();
    serial.rand(64, MsbOption::MAYBE_ZERO, false).unwrap();
    builder
        .set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    builder.set_subject_name(&name).unwrap();
    builder.set_issuer_name(&name).unwrap();
    builder.set_pubkey(&key).unwrap();
    builder
        .set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    builder
        .set_not_after(&Asn1Time::days_from_now(2).unwrap())
        .unwrap();
    builder
        .append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    builder
        .append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .key_encipherment()
                .key_cert_sign()
                .build()
                .unwrap(),
        )
        .unwrap();
    builder
        .append_extension(ExtendedKeyUsage::new().server_auth().build().unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .dns("localhost")
        .build(&builder.x509v3_context(None, None))
        .unwrap();
    builder.append_extension(san).unwrap();
    builder.sign(&key, MessageDigest::sha256()).unwrap();
    let cert = builder.build();
    (
        cert.to_pem().unwrap(),
        key.private_key_to_pem_pkcs8().unwrap(),
    )
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the file server saw.
#[derive(Default)]
pub struct Counters {
    /// Requests per path.
    pub hits: Mutex<HashMap<String, usize>>,
    /// Answers 304 Not Modified.
    pub not_modified: AtomicUsize,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// Authorization headers seen, per path.
    pub authorization: Mutex<Vec<(String, String)>>,
    /// Requests with If-None-Match, per path.
    pub conditional: Mutex<HashMap<String, usize>>,
}

impl Counters {
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Requests to paths under `prefix`, and how many were conditional.
    pub fn under(&self, prefix: &str) -> (usize, usize) {
        let sum = |map: &Mutex<HashMap<String, usize>>| {
            map.lock()
                .unwrap()
                .iter()
                .filter(|(path, _)| path.starts_with(prefix))
                .map(|(_, n)| n)
                .sum()
        };
        (sum(&self.hits), sum(&self.conditional))
    }

    pub fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

struct Files {
    dir: PathBuf,
    delay: Duration,
    counters: Arc<Counters>,
    /// Failures still to give, per path (`/flaky/N/...`).
    flaky: Mutex<HashMap<String, usize>>,
}

/// Serves `dir` under `/files/`, with ETag and Last-Modified, and under
/// `/cache/POLICY/` with caching headers too (`max-age-N`: Cache-Control
/// max-age=N; `expires-N`: Date now and Expires N seconds later;
/// `no-cache`; `no-store`), on 304s as well. Misbehaves on request:
/// `/status/CODE`, `/flaky/N/PATH` (N 503s first),
/// `/limited/PATH` (a 429 with Retry-After first), `/slow`, `/oversize`,
/// `/redirect-loop`, `/gzip/PATH`, `/garbage`. `delay` holds every file
/// response, to make concurrency visible.
pub fn file_server(dir: PathBuf, delay: Duration) -> (Server, Arc<Counters>) {
    let counters = Arc::new(Counters::default());
    let state = Arc::new(Files {
        dir,
        delay,
        counters: counters.clone(),
        flaky: Mutex::new(HashMap::new()),
    });
    let router = Router::new()
        .route("/files/{*path}", get(serve_file))
        .route("/cache/{policy}/{*path}", get(serve_cached))
        .route("/gzip/{*path}", get(serve_gzip))
        .route("/flaky/{n}/{*path}", get(serve_flaky))
        .route("/limited/{*path}", get(serve_limited))
        .route(
            "/status/{code}",
            get(|Path(code): Path<u16>| async move { StatusCode::from_u16(code).unwrap() }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                "too late"
            }),
        )
        .route("/oversize", get(|| async { vec![b'#'; 11 * 1024 * 1024] }))
        .route(
            "/redirect-loop",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/redirect-loop")]) }),
        )
        .route(
            "/garbage",
            get(|| async { (StatusCode::OK, vec![0xffu8, 0xfe, 0x00, 0x01]) }),
        )
        .with_state(state);
    (Server::start(router), counters)
}

fn etag_of(body: &[u8]) -> String {
    let sum: u64 = body
        .iter()
        .enumerate()
        .map(|(i, b)| (i as u64 + 1) * u64::from(*b))
        .sum();
    format!("\"{}-{sum:x}\"", body.len())
}

async fn read_counted(
    state: &Files,
    path: &str,
    headers: &HeaderMap,
) -> Result<Vec<u8>, StatusCode> {
    read_counted_as(state, format!("/files/{path}"), path, headers).await
}

async fn read_counted_as(
    state: &Files,
    key: String,
    path: &str,
    headers: &HeaderMap,
) -> Result<Vec<u8>, StatusCode> {
    if headers.contains_key(header::IF_NONE_MATCH) {
        *state
            .counters
            .conditional
            .lock()
            .unwrap()
            .entry(key.clone())
            .or_default() += 1;
    }
    *state
        .counters
        .hits
        .lock()
        .unwrap()
        .entry(key.clone())
        .or_default() += 1;
    if let Some(auth) = headers.get(header::AUTHORIZATION) {
        state
            .counters
            .authorization
            .lock()
            .unwrap()
            .push((key, auth.to_str().unwrap_or_default().to_string()));
    }
    let now = state.counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state
        .counters
        .max_in_flight
        .fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(state.delay).await;
    state.counters.in_flight.fetch_sub(1, Ordering::SeqCst);
    if path.contains("..") {
        return Err(StatusCode::BAD_REQUEST);
    }
    std::fs::read(state.dir.join(path)).map_err(|_| StatusCode::NOT_FOUND)
}

async fn serve_file(
    State(state): State<Arc<Files>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    match read_counted(&state, &path, &headers).await {
        Ok(body) => answer_file(&state, body, &headers),
        Err(status) => status.into_response(),
    }
}

async fn serve_cached(
    State(state): State<Arc<Files>>,
    Path((policy, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let key = format!("/cache/{policy}/{path}");
    let mut response = match read_counted_as(&state, key, &path, &headers).await {
        Ok(body) => answer_file(&state, body, &headers),
        Err(status) => return status.into_response(),
    };
    let now = std::time::SystemTime::now();
    let seconds = |prefix: &str| {
        policy
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<u64>().ok())
    };
    let caching: Vec<(header::HeaderName, String)> = if let Some(n) = seconds("max-age-") {
        vec![(header::CACHE_CONTROL, format!("max-age={n}"))]
    } else if let Some(n) = seconds("expires-") {
        vec![
            (header::DATE, httpdate::fmt_http_date(now)),
            (
                header::EXPIRES,
                httpdate::fmt_http_date(now + Duration::from_secs(n)),
            ),
        ]
    } else if policy == "no-cache" || policy == "no-store" {
        vec![(header::CACHE_CONTROL, policy.clone())]
    } else {
        return StatusCode::NOT_FOUND.into_response();
    };
    for (name, value) in caching {
        response
            .headers_mut()
            .insert(name, value.parse().expect("a header value"));
    }
    response
}

/// A file's answer: 304 when If-None-Match names its ETag.
fn answer_file(state: &Files, body: Vec<u8>, headers: &HeaderMap) -> Response {
    let etag = etag_of(&body);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        state.counters.not_modified.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::ETAG, etag),
            (
                header::LAST_MODIFIED,
                "Wed, 21 Oct 2026 07:28:00 GMT".to_string(),
            ),
            (header::CONTENT_TYPE, "application/yaml".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn serve_gzip(
    State(state): State<Arc<Files>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    let body = match read_counted(&state, &path, &headers).await {
        Ok(body) => body,
        Err(status) => return status.into_response(),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&body).unwrap();
    (
        StatusCode::OK,
        [(header::CONTENT_ENCODING, "gzip")],
        encoder.finish().unwrap(),
    )
        .into_response()
}

async fn serve_flaky(
    State(state): State<Arc<Files>>,
    Path((n, path)): Path<(usize, String)>,
    headers: HeaderMap,
) -> Response {
    let fail = {
        let mut flaky = state.flaky.lock().unwrap();
        let left = flaky.entry(path.clone()).or_insert(n);
        if *left > 0 {
            *left -= 1;
            true
        } else {
            false
        }
    };
    *state
        .counters
        .hits
        .lock()
        .unwrap()
        .entry(format!("/flaky/{path}"))
        .or_default() += 1;
    if fail {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    serve_file(State(state), Path(path), headers).await
}

async fn serve_limited(
    State(state): State<Arc<Files>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    let first = {
        let mut flaky = state.flaky.lock().unwrap();
        let left = flaky.entry(format!("limited/{path}")).or_insert(1);
        let first = *left > 0;
        *left = 0;
        first
    };
    *state
        .counters
        .hits
        .lock()
        .unwrap()
        .entry(format!("/limited/{path}"))
        .or_default() += 1;
    if first {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
    }
    serve_file(State(state), Path(path), headers).await
}

/// GitHub's contents API over `dir`: `GET /api/v3/repos/{owner}/{repo}/contents/{path}?ref=REF`
/// with `Accept: application/vnd.github.raw` answers the file; the files
/// of repository R at ref F are `dir/R/F/...`. Repositories named
/// `private-*` need `Authorization: Bearer <token>` (404 without, as GitHub
/// answers for private repositories; 401 with a wrong token). A file that
/// says `REDIRECT <url>` is answered with a 302 to that URL.
pub fn github_server(dir: PathBuf, token: &'static str) -> (Server, Arc<Counters>) {
    let counters = Arc::new(Counters::default());
    let state = Arc::new((dir, token, counters.clone()));
    type GitHubState = Arc<(PathBuf, &'static str, Arc<Counters>)>;
    async fn contents(
        State(state): State<GitHubState>,
        Path((owner, repo, path)): Path<(String, String, String)>,
        Query(query): Query<HashMap<String, String>>,
        headers: HeaderMap,
    ) -> Response {
        let (dir, token, counters) = &*state;
        *counters
            .hits
            .lock()
            .unwrap()
            .entry(format!("{owner}/{repo}/{path}"))
            .or_default() += 1;
        let auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let not_found = || {
            (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/contents#get-repository-content", "status": "404"})),
            )
                .into_response()
        };
        match auth {
            Some(value) if value != format!("Bearer {token}") => {
                return (
                    StatusCode::UNAUTHORIZED,
                    axum::Json(json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})),
                )
                    .into_response();
            }
            None if repo.starts_with("private-") => return not_found(),
            _ => {}
        }
        if headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
            != Some("application/vnd.github.raw")
        {
            return (
                StatusCode::NOT_ACCEPTABLE,
                "this fake only answers raw contents",
            )
                .into_response();
        }
        let reference = query.get("ref").cloned().unwrap_or_else(|| "main".into());
        match std::fs::read(dir.join(&repo).join(&reference).join(&path)) {
            // A file saying `REDIRECT <url>` is served elsewhere, as GitHub
            // sends raw downloads to another host.
            Ok(body) if body.starts_with(b"REDIRECT ") => {
                let to = String::from_utf8_lossy(&body[9..]).trim().to_string();
                (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
            }
            Ok(body) => (StatusCode::OK, body).into_response(),
            Err(_) => not_found(),
        }
    }
    let router = Router::new()
        .route(
            "/api/v3/repos/{owner}/{repo}/contents/{*path}",
            get(contents),
        )
        .with_state(state);
    (Server::start(router), counters)
}

/// What the Backstage fake saw.
#[derive(Default)]
pub struct BackstageLog {
    /// The query string of every by-query request.
    pub queries: Mutex<Vec<String>>,
}

/// Backstage's catalog API as its OpenAPI describes it:
/// `GET /api/catalog/entities/by-query` with `limit`, repeated `filter`
/// (`key=value` pairs, comma = AND, repeated = OR; only `kind` and
/// `metadata.name` keys are understood here) and an opaque `cursor`;
/// answers `{items, totalItems, pageInfo: {nextCursor}}`. With a token,
/// requests need `Authorization: Bearer <token>` and get Backstage's error
/// body with 401 otherwise.
pub fn backstage_server(
    entities: Vec<Value>,
    token: Option<&'static str>,
) -> (Server, Arc<BackstageLog>) {
    let log = Arc::new(BackstageLog::default());
    type BackstageState = Arc<(Vec<Value>, Option<&'static str>, Arc<BackstageLog>)>;
    async fn by_query(
        State(state): State<BackstageState>,
        headers: HeaderMap,
        uri: axum::http::Uri,
    ) -> Response {
        let (entities, token, log) = &*state;
        let query = uri.query().unwrap_or_default().to_string();
        log.queries.lock().unwrap().push(query.clone());
        if let Some(token) = token
            && headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                != Some(&format!("Bearer {token}"))
        {
            return (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({
                    "error": {"name": "AuthenticationError", "message": "Missing credentials"},
                    "request": {"method": "GET", "url": "/api/catalog/entities/by-query"},
                    "response": {"statusCode": 401}
                })),
            )
                .into_response();
        }
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .filter(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let limit: usize = get("limit")
            .first()
            .and_then(|l| l.parse().ok())
            .unwrap_or(20);
        // The cursor carries the filters and the offset, as Backstage's does.
        let (filters, offset) = match get("cursor").first() {
            Some(cursor) => {
                let decoded: Value = serde_json::from_str(cursor).unwrap_or(json!({}));
                let filters = decoded["filters"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|f| f.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                (filters, decoded["offset"].as_u64().unwrap_or(0) as usize)
            }
            None => (get("filter"), 0),
        };
        let matches = |entity: &Value| {
            filters.is_empty()
                || filters.iter().any(|filter| {
                    filter.split(',').all(|statement| {
                        let (key, value) = statement.split_once('=').unwrap_or((statement, ""));
                        let actual = match key {
                            "kind" => entity["kind"].as_str(),
                            "metadata.name" => entity["metadata"]["name"].as_str(),
                            "metadata.namespace" => entity["metadata"]["namespace"].as_str(),
                            _ => None,
                        };
                        actual.is_some_and(|a| a.eq_ignore_ascii_case(value))
                    })
                })
        };
        let selected: Vec<&Value> = entities.iter().filter(|e| matches(e)).collect();
        let page: Vec<Value> = selected
            .iter()
            .skip(offset)
            .take(limit)
            .map(|e| (*e).clone())
            .collect();
        let next = offset + page.len();
        let mut page_info = json!({});
        if next < selected.len() {
            page_info["nextCursor"] =
                json!(json!({"filters": filters, "offset": next}).to_string());
        }
        axum::Json(json!({"items": page, "totalItems": selected.len(), "pageInfo": page_info}))
            .into_response()
    }
    let state = Arc::new((entities, token, log.clone()));
    let router = Router::new()
        .route("/api/catalog/entities/by-query", get(by_query))
        .with_state(state);
    (Server::start(router), log)
}
