//! Calls to REST APIs (GitHub, PagerDuty, Backstage): any method, a JSON
//! body, and every status returned to the caller, who knows what a 404 or
//! a 409 means for its API. Nothing is cached; only requests that cannot
//! have changed anything are retried.

use reqwest::Method;
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde_json::Value as Json;

use super::{Client, FetchError, retry};

/// One API request.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Json>,
}

impl Call {
    pub fn new(method: Method, url: Url) -> Call {
        Call {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: header::HeaderName, value: &str) -> Call {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(name, value);
        }
        self
    }

    /// `Authorization: <scheme> <token>`, marked sensitive.
    pub fn authorization(mut self, value: &str) -> Call {
        if let Ok(mut value) = HeaderValue::from_str(value) {
            value.set_sensitive(true);
            self.headers.insert(header::AUTHORIZATION, value);
        }
        self
    }

    pub fn json(mut self, body: Json) -> Call {
        self.body = Some(body);
        self
    }
}

/// `path` under `base` (which may itself have a path, as GitHub
/// Enterprise's `/api/v3` does).
pub fn join(base: &Url, path: &str) -> Url {
    let text = format!(
        "{}/{}",
        base.as_str().trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    Url::parse(&text).unwrap_or_else(|_| base.clone())
}

/// Any answer: the status, headers and the body (JSON when it parses, else
/// the text as a string).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Json,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `rel="next"` target of a `Link` header (RFC 8288), as GitHub pages.
    pub fn next_link(&self) -> Option<Url> {
        let link = self.header("link")?;
        link.split(',').find_map(|part| {
            let (target, params) = part.split_once(';')?;
            let is_next = params
                .split(';')
                .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| Url::parse(target).ok()).flatten()
        })
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The API's own explanation: GitHub's and Backstage's `message` (and
    /// GitHub's `errors[].message`), PagerDuty's `error.message` and `error.errors`.
    pub fn message(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for candidate in [&self.body["message"], &self.body["error"]["message"]] {
            if let Some(text) = candidate.as_str() {
                parts.push(text.to_string());
            }
        }
        for list in [&self.body["errors"], &self.body["error"]["errors"]] {
            for item in list.as_array().into_iter().flatten() {
                match item {
                    Json::String(text) => parts.push(text.clone()),
                    other => {
                        if let Some(text) = other["message"].as_str() {
                            parts.push(text.to_string());
                        }
                    }
                }
            }
        }
        if parts.is_empty()
            && let Json::String(text) = &self.body
        {
            parts.push(text.chars().take(200).collect());
        }
        parts.join("; ")
    }
}

impl Client {
    /// Sends one API call and returns whatever status comes back.
    pub fn call(&self, call: Call) -> Result<Reply, FetchError> {
        let network = self.network()?;
        network.runtime.block_on(async {
            let mut attempt = 0;
            loop {
                let mut builder = network
                    .http
                    .request(call.method.clone(), call.url.clone())
                    .headers(call.headers.clone());
                if let Some(body) = &call.body {
                    builder = builder.json(body);
                }
                let outcome = match builder.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let headers = response.headers().clone();
                        let retry_after = response
                            .headers()
                            .get(header::RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(retry::parse_retry_after);
                        let bytes = response
                            .bytes()
                            .await
                            .map_err(|e| FetchError::from_reqwest(&e))?;
                        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                            Json::String(String::from_utf8_lossy(&bytes).into_owned())
                        });
                        if (status == 429 || status >= 500) && self.safe_to_repeat(&call) {
                            Err((
                                FetchError::Status {
                                    status,
                                    retry_after,
                                },
                                Some(Reply {
                                    status,
                                    headers,
                                    body,
                                }),
                            ))
                        } else {
                            Ok(Reply {
                                status,
                                headers,
                                body,
                            })
                        }
                    }
                    Err(error) => Err((FetchError::from_reqwest(&error), None)),
                };
                match outcome {
                    Ok(reply) => return Ok(reply),
                    Err((error, reply)) => {
                        // A connection that never opened sent nothing: any method may try again.
                        let repeatable =
                            matches!(error, FetchError::Connect(_)) || self.safe_to_repeat(&call);
                        if attempt < self.options.retries && repeatable && error.is_retryable() {
                            tokio::time::sleep(retry::delay(
                                &error,
                                attempt,
                                self.options.backoff,
                                self.options.max_retry_after,
                            ))
                            .await;
                            attempt += 1;
                            continue;
                        }
                        return match reply {
                            Some(reply) => Ok(reply),
                            None => Err(error),
                        };
                    }
                }
            }
        })
    }

    fn safe_to_repeat(&self, call: &Call) -> bool {
        matches!(
            call.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE
        )
    }
}
