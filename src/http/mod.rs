//! HTTP for every remote thing plat reads: one client with bounded
//! concurrency, timeouts, a redirect limit, retries with backoff (honouring
//! Retry-After), a size limit, gzip, and an on-disk cache revalidated with
//! ETag and Last-Modified, which `--offline` reads alone.
//!
//! The client is blocking from the outside (the catalog loader is not
//! async) and runs requests concurrently inside on its own tokio runtime.

pub mod address;
pub mod api;
mod cache;
mod error;
mod retry;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use rayon::prelude::*;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

pub use cache::Cache;
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
    /// Served from the cache (offline, or revalidated with a 304).
    pub from_cache: bool,
}

/// The shared client.
pub struct Client {
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    semaphore: Arc<Semaphore>,
    cache: Option<Cache>,
    options: Arc<Options>,
}

/// What one GET brought back, before it is cached.
struct Downloaded {
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
    /// The server answered 304: `body` is the cached one.
    not_modified: bool,
}

impl Client {
    pub fn new(options: Options) -> Result<Client, FetchError> {
        Client::from_builder(http_builder(&options, address::system_resolver), options)
    }

    fn from_builder(
        builder: reqwest::ClientBuilder,
        options: Options,
    ) -> Result<Client, FetchError> {
        let http = builder
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Client {
            http,
            runtime,
            semaphore: Arc::new(Semaphore::new(options.concurrency.max(1))),
            cache: options.cache_dir.clone().map(Cache::new),
            options: Arc::new(options),
        })
    }

    pub fn options(&self) -> &Options {
        &self.options
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
    /// cores; the requests themselves run as tasks on the runtime's threads.
    pub fn fetch_all(
        &self,
        requests: Vec<Request>,
        done: &(dyn Fn(bool) + Sync),
    ) -> Vec<Result<Response, FetchError>> {
        let cached: Vec<Option<cache::Entry>> = match &self.cache {
            Some(cache) => requests.par_iter().map(|r| cache.lookup(&r.url)).collect(),
            None => requests.iter().map(|_| None).collect(),
        };
        if self.options.offline {
            return requests
                .into_iter()
                .zip(cached)
                .map(|(request, entry)| {
                    let result = match entry {
                        Some(entry) => Ok(Response {
                            url: request.url,
                            body: entry.body,
                            from_cache: true,
                        }),
                        None => Err(FetchError::Offline),
                    };
                    done(result.is_ok());
                    result
                })
                .collect();
        }
        let urls: Vec<Url> = requests.iter().map(|r| r.url.clone()).collect();
        let downloads = self.runtime.block_on(async {
            let mut running: FuturesUnordered<_> = requests
                .into_iter()
                .zip(cached)
                .enumerate()
                .map(|(index, (request, entry))| {
                    let download = download(
                        self.http.clone(),
                        self.semaphore.clone(),
                        self.options.clone(),
                        request,
                        entry,
                    );
                    let task = self.runtime.spawn(download);
                    async move { (index, task.await) }
                })
                .collect();
            let mut downloads: Vec<Option<Result<Downloaded, FetchError>>> =
                (0..urls.len()).map(|_| None).collect();
            while let Some((index, joined)) = running.next().await {
                let result = joined.unwrap_or_else(|e| Err(FetchError::Client(e.to_string())));
                done(result.is_ok());
                downloads[index] = Some(result);
            }
            downloads
        });
        urls.into_par_iter()
            .zip(downloads)
            .map(|(url, download)| {
                let download = download.expect("every task reports");
                let download = download?;
                if let (Some(cache), false) = (&self.cache, download.not_modified) {
                    // Everything is kept, for --offline; validators, when the
                    // server sends them, let later runs revalidate instead of
                    // downloading.
                    cache.store(
                        &url,
                        download.etag.as_deref(),
                        download.last_modified.as_deref(),
                        &download.body,
                    );
                }
                Ok(Response {
                    url,
                    body: download.body,
                    from_cache: download.not_modified,
                })
            })
            .collect()
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
            if let Some(etag) = &entry.etag {
                builder = builder.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &entry.last_modified {
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
    if status == StatusCode::NOT_MODIFIED {
        if let Some(entry) = cached.take() {
            return Ok(Downloaded {
                body: entry.body,
                etag: entry.etag,
                last_modified: entry.last_modified,
                not_modified: true,
            });
        }
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
        not_modified: false,
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
        let client = Client::from_builder(builder, options).unwrap();

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
