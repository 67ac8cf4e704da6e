//! HTTP for every remote thing plat reads: one client with bounded
//! concurrency, timeouts, a redirect limit, retries with backoff (honouring
//! Retry-After), a size limit, gzip, and an on-disk cache: responses are
//! used without a request while their server says they are fresh
//! (`Cache-Control`, `Expires`), then revalidated with ETag and
//! Last-Modified; `--offline` reads the cache alone.
//!
//! The client is blocking from the outside (the catalog loader is not
//! async) and runs requests concurrently inside on its own tokio runtime.

pub mod address;
pub mod api;
mod cache;
mod error;
mod freshness;
mod retry;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use rayon::prelude::*;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

pub use cache::{Cache, Policy};
pub use error::FetchError;

/// Responses larger than this are refused (the same limit as local files).
pub const MAX_BODY_BYTES: u64 = crate::catalog::source::MAX_FILE_BYTES;

/// How the client behaves; `plat.yaml`'s `http:` section.
#[derive(Debug, Clone)]
pub struct Options {
    pub concurrency: usize,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Retries after the first attempt, for connection errors, 429 and 5xx.
    pub retries: u32,
    /// First backoff; it doubles with each retry.
    pub backoff: Duration,
    /// Longest Retry-After plat waits for.
    pub max_retry_after: Duration,
    pub max_bytes: u64,
    /// Read only the cache.
    pub offline: bool,
    /// When a cached response is used without a request.
    pub freshness: Policy,
    /// Where the cache lives; `None` disables it.
    pub cache_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            concurrency: 16,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(30),
            max_bytes: MAX_BODY_BYTES,
            offline: false,
            freshness: Policy::Server,
            cache_dir: default_cache_dir(),
        }
    }
}

/// `$XDG_CACHE_HOME/plat`, or `~/.cache/plat`.
pub fn default_cache_dir() -> Option<PathBuf> {
    let non_empty = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    non_empty("XDG_CACHE_HOME")
        .or_else(|| non_empty("HOME").map(|home| home.join(".cache")))
        .map(|dir| dir.join("plat"))
}

/// One GET.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: Url,
    /// Extra headers (Accept, Authorization). Authorization values are
    /// marked sensitive so that they never appear in debug output.
    pub headers: HeaderMap,
}

impl Request {
    pub fn get(url: Url) -> Request {
        Request {
            url,
            headers: HeaderMap::new(),
        }
    }

    pub fn header(mut self, name: header::HeaderName, value: &str) -> Request {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(name, value);
        }
        self
    }

    /// `Authorization: <scheme> <token>`, never shown anywhere.
    pub fn authorization(mut self, scheme: &str, token: &str) -> Request {
        if let Ok(mut value) = HeaderValue::from_str(&format!("{scheme} {token}")) {
            value.set_sensitive(true);
            self.headers.insert(header::AUTHORIZATION, value);
        }
        self
    }
}

/// A successful response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub url: Url,
    pub body: Vec<u8>,
    pub origin: Origin,
}

/// Where a response came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The cache, fresh: no request was made.
    Fresh,
    /// The cache, after the server answered 304 Not Modified.
    Revalidated,
    /// The server's body.
    Fetched,
    /// The cache, with `--offline`.
    Offline,
}

/// How many responses came from where, over a client's life (for `-v`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub fresh: usize,
    pub revalidated: usize,
    pub fetched: usize,
    pub offline: usize,
}

/// The shared client.
pub struct Client {
    /// Made on the first request: a run whose cached responses are all fresh
    /// needs neither a TLS setup nor threads.
    network: OnceLock<Result<Network, FetchError>>,
    builder: Mutex<Option<reqwest::ClientBuilder>>,
    cache: Option<Cache>,
    options: Arc<Options>,
    tally: [AtomicUsize; 4],
}

struct Network {
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    semaphore: Arc<Semaphore>,
}

/// What one GET brought back, before it is cached.
struct Downloaded {
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
    /// When the answer arrived.
    received: SystemTime,
    /// What its headers say about freshness (`None`: nothing).
    freshness: Option<freshness::Freshness>,
    /// The server answered 304: `body` is the cached one, `cached` its
    /// cache entry.
    cached: Option<cache::Meta>,
}

impl Client {
    pub fn new(options: Options) -> Result<Client, FetchError> {
        Ok(Client::from_builder(
            http_builder(&options, address::system_resolver),
            options,
        ))
    }

    fn from_builder(builder: reqwest::ClientBuilder, options: Options) -> Client {
        Client {
            network: OnceLock::new(),
            builder: Mutex::new(Some(builder)),
            cache: options.cache_dir.clone().map(Cache::new),
            options: Arc::new(options),
            tally: Default::default(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Where the responses so far came from.
    pub fn tally(&self) -> Tally {
        let count = |origin: Origin| self.tally[origin as usize].load(Ordering::Relaxed);
        Tally {
            fresh: count(Origin::Fresh),
            revalidated: count(Origin::Revalidated),
            fetched: count(Origin::Fetched),
            offline: count(Origin::Offline),
        }
    }

    fn network(&self) -> Result<&Network, FetchError> {
        self.network
            .get_or_init(|| {
                let builder = self
                    .builder
                    .lock()
                    .map_err(|e| FetchError::Client(e.to_string()))?
                    .take()
                    .ok_or_else(|| FetchError::Client("the client was set up before".into()))?;
                let http = builder
                    .build()
                    .map_err(|e| FetchError::Client(e.to_string()))?;
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .map_err(|e| FetchError::Client(e.to_string()))?;
                Ok(Network {
                    http,
                    runtime,
                    semaphore: Arc::new(Semaphore::new(self.options.concurrency.max(1))),
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Fetches one URL, blocking.
    pub fn fetch(&self, request: Request) -> Result<Response, FetchError> {
        self.fetch_all(vec![request], &|_| {})
            .pop()
            .expect("one result per request")
    }

    /// Fetches every request concurrently (within the concurrency bound);
    /// results come back in the order of the requests. `done` is called as
    /// each one finishes.
    ///
    /// The cache is read before and written after the network part, on all
    /// cores; fresh entries answer at once, and only the rest are requested
    /// (conditionally, when cached), as tasks on the runtime's threads.
    pub fn fetch_all(
        &self,
        requests: Vec<Request>,
        done: &(dyn Fn(bool) + Sync),
    ) -> Vec<Result<Response, FetchError>> {
        let cached: Vec<Option<cache::Entry>> = match &self.cache {
            Some(cache) => requests.par_iter().map(|r| cache.lookup(&r.url)).collect(),
            None => requests.iter().map(|_| None).collect(),
        };
        let now = freshness::unix_millis(SystemTime::now());
        let mut results: Vec<Option<Result<Response, FetchError>>> =
            (0..requests.len()).map(|_| None).collect();
        let mut pending = Vec::new();
        for (index, (request, entry)) in requests.into_iter().zip(cached).enumerate() {
            let answer = match entry {
                Some(entry) if self.options.offline => Ok((entry, Origin::Offline)),
                Some(entry) if entry.meta.is_fresh(self.options.freshness, now) => {
                    Ok((entry, Origin::Fresh))
                }
                None if self.options.offline => Err(FetchError::Offline),
                entry => {
                    pending.push((index, request, entry));
                    continue;
                }
            };
            let result = answer.map(|(entry, origin)| {
                self.count(origin);
                Response {
                    url: request.url,
                    body: entry.body,
                    origin,
                }
            });
            done(result.is_ok());
            results[index] = Some(result);
        }
        if !pending.is_empty() {
            let network = match self.network() {
                Ok(network) => network,
                Err(error) => {
                    for (index, ..) in pending {
                        done(false);
                        results[index] = Some(Err(error.clone()));
                    }
                    return results.into_iter().flatten().collect();
                }
            };
            let fetched = self.download_all(network, pending, done);
            for (index, result) in fetched {
                results[index] = Some(result);
            }
        }
        results
            .into_iter()
            .map(|r| r.expect("every request is answered"))
            .collect()
    }

    /// The network part: every request as a task, then the cache updated
    /// on all cores.
    fn download_all(
        &self,
        network: &Network,
        pending: Vec<(usize, Request, Option<cache::Entry>)>,
        done: &(dyn Fn(bool) + Sync),
    ) -> Vec<(usize, Result<Response, FetchError>)> {
        let urls: Vec<(usize, Url)> = pending
            .iter()
            .map(|(index, request, _)| (*index, request.url.clone()))
            .collect();
        let downloads = network.runtime.block_on(async {
            let mut running: FuturesUnordered<_> = pending
                .into_iter()
                .enumerate()
                .map(|(slot, (_, request, entry))| {
                    let download = download(
                        network.http.clone(),
                        network.semaphore.clone(),
                        self.options.clone(),
                        request,
                        entry,
                    );
                    let task = network.runtime.spawn(download);
                    async move { (slot, task.await) }
                })
                .collect();
            let mut downloads: Vec<Option<Result<Downloaded, FetchError>>> =
                (0..urls.len()).map(|_| None).collect();
            while let Some((slot, joined)) = running.next().await {
                let result = joined.unwrap_or_else(|e| Err(FetchError::Client(e.to_string())));
                done(result.is_ok());
                downloads[slot] = Some(result);
            }
            downloads
        });
        urls.into_par_iter()
            .zip(downloads)
            .map(|((index, url), download)| {
                let download = download.expect("every task reports");
                let result = download.map(|download| {
                    let origin = self.keep(&url, &download);
                    self.count(origin);
                    Response {
                        url,
                        body: download.body,
                        origin,
                    }
                });
                (index, result)
            })
            .collect()
    }

    /// Puts what a request brought back into the cache, as its headers
    /// allow, and says where the response came from.
    fn keep(&self, url: &Url, download: &Downloaded) -> Origin {
        let origin = match download.cached {
            Some(_) => Origin::Revalidated,
            None => Origin::Fetched,
        };
        let Some(cache) = &self.cache else {
            return origin;
        };
        if download.freshness.is_some_and(|f| f.no_store) {
            cache.remove(url);
            return origin;
        }
        let received = freshness::unix_millis(download.received);
        let fresh_until = match (&download.freshness, &download.cached) {
            (Some(freshness), _) => freshness.fresh_until,
            // A 304 that says nothing about freshness renews the lifetime
            // the cached response had.
            (None, Some(old)) => old
                .fresh_until
                .map(|until| received + until.saturating_sub(old.received)),
            (None, None) => None,
        };
        let meta = cache::Meta {
            url: url.to_string(),
            etag: download.etag.clone(),
            last_modified: download.last_modified.clone(),
            received,
            fresh_until,
        };
        // Everything is kept, for --offline; validators, when the server
        // sends them, let later runs revalidate instead of downloading. A
        // 304 rewrites the entry only when that changes something later
        // runs read: the lifetime, the validators, or (with a configured
        // maxAge) the time of revalidation.
        let unchanged = download.cached.as_ref().is_some_and(|old| {
            old.fresh_until.is_none()
                && fresh_until.is_none()
                && old.etag == meta.etag
                && old.last_modified == meta.last_modified
                && !matches!(self.options.freshness, Policy::MaxAge(_))
        });
        if !unchanged {
            cache.store(&meta, &download.body);
        }
        origin
    }

    fn count(&self, origin: Origin) {
        self.tally[origin as usize].fetch_add(1, Ordering::Relaxed);
    }
}

/// Timeouts, the redirect rules and the user agent; `resolve` says what
/// host names resolve to for the private-address rule.
fn http_builder(options: &Options, resolve: address::Resolver) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        // reqwest drops Authorization and cookies when a redirect leaves
        // the original host, so tokens never follow them.
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            let first = attempt.previous().first().cloned();
            if attempt.previous().len() > 5 {
                attempt.error(FetchError::Redirects)
            } else if let Some(refusal) =
                first.and_then(|first| address::redirect_refusal(&first, attempt.url(), &resolve))
            {
                attempt.error(refusal)
            } else {
                attempt.follow()
            }
        }))
        .user_agent(concat!("plat/", env!("CARGO_PKG_VERSION")))
}

/// One GET with retries, conditional when there is a cached copy.
async fn download(
    http: reqwest::Client,
    semaphore: Arc<Semaphore>,
    options: Arc<Options>,
    request: Request,
    cached: Option<cache::Entry>,
) -> Result<Downloaded, FetchError> {
    let _permit = semaphore
        .acquire()
        .await
        .map_err(|e| FetchError::Client(e.to_string()))?;
    let mut attempt = 0;
    let mut cached = cached;
    loop {
        let mut builder = http
            .get(request.url.clone())
            .headers(request.headers.clone());
        if let Some(entry) = &cached {
            if let Some(etag) = &entry.meta.etag {
                builder = builder.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &entry.meta.last_modified {
                builder = builder.header(header::IF_MODIFIED_SINCE, modified);
            }
        }
        let outcome = match builder.send().await {
            Ok(response) => receive(response, &mut cached, options.max_bytes).await,
            Err(error) => Err(FetchError::from_reqwest(&error)),
        };
        match outcome {
            Err(error) if attempt < options.retries && error.is_retryable() => {
                let wait = retry::delay(&error, attempt, options.backoff, options.max_retry_after);
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn receive(
    response: reqwest::Response,
    cached: &mut Option<cache::Entry>,
    max_bytes: u64,
) -> Result<Downloaded, FetchError> {
    let status = response.status();
    let received = SystemTime::now();
    let freshness = freshness::of_response(response.headers(), received);
    if status == StatusCode::NOT_MODIFIED
        && let Some(entry) = cached.take()
    {
        // A 304 may carry new validators; else the cached ones stay.
        let etag =
            header_string(response.headers(), header::ETAG).or_else(|| entry.meta.etag.clone());
        let last_modified = header_string(response.headers(), header::LAST_MODIFIED)
            .or_else(|| entry.meta.last_modified.clone());
        return Ok(Downloaded {
            body: entry.body,
            etag,
            last_modified,
            received,
            freshness,
            cached: Some(entry.meta),
        });
    }
    if !status.is_success() {
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry::parse_retry_after);
        return Err(FetchError::Status {
            status: status.as_u16(),
            retry_after,
        });
    }
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Err(FetchError::TooLarge { limit: max_bytes });
    }
    let etag = header_string(response.headers(), header::ETAG);
    let last_modified = header_string(response.headers(), header::LAST_MODIFIED);
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| FetchError::from_reqwest(&e))?;
        if (body.len() + chunk.len()) as u64 > max_bytes {
            return Err(FetchError::TooLarge { limit: max_bytes });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Downloaded {
        body,
        etag,
        last_modified,
        received,
        freshness: Some(freshness.unwrap_or(freshness::Freshness::NONE)),
        cached: None,
    })
}

fn header_string(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{IpAddr, TcpListener};
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// An HTTP server on 127.0.0.1: `/start` redirects to `/secret` on the
    /// same address, `/secret` answers "secret" and is counted.
    fn redirecting_server() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let secret_hits = Arc::new(AtomicUsize::new(0));
        let hits = secret_hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request_line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut request_line).unwrap();
                // The rest of the head, up to the blank line.
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 2 {
                    line.clear();
                }
                let answer = if request_line.starts_with("GET /start ") {
                    format!(
                        "HTTP/1.1 302 Found\r\nLocation: http://{addr}/secret\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                } else {
                    hits.fetch_add(1, Ordering::SeqCst);
                    "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret"
                        .to_string()
                };
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (addr, secret_hits)
    }

    /// `public.example` is a public address (it connects to the local
    /// server through reqwest's resolve override).
    fn table(host: &str, _port: u16) -> Vec<IpAddr> {
        match host {
            "public.example" => vec!["203.0.113.10".parse().unwrap()],
            _ => Vec::new(),
        }
    }

    #[test]
    fn a_redirect_from_a_public_address_to_a_private_one_is_refused() {
        let (addr, secret_hits) = redirecting_server();
        let options = Options {
            cache_dir: None,
            retries: 0,
            ..Options::default()
        };
        let builder = http_builder(&options, table).resolve("public.example", addr);
        let client = Client::from_builder(builder, options);

        let start = Url::parse(&format!("http://public.example:{}/start", addr.port())).unwrap();
        let refused = client.fetch(Request::get(start)).unwrap_err();
        assert_eq!(
            refused,
            FetchError::PrivateRedirect(format!(
                "a redirect from http://public.example:{} to a private address (http://{addr}) was refused",
                addr.port()
            ))
        );
        assert_eq!(secret_hits.load(Ordering::SeqCst), 0, "never requested");

        // A private server's own redirects are followed.
        let start = Url::parse(&format!("http://{addr}/start")).unwrap();
        let followed = client.fetch(Request::get(start)).unwrap();
        assert_eq!(followed.body, b"secret");
        assert_eq!(secret_hits.load(Ordering::SeqCst), 1);
    }
}
