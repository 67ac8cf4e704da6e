//! Why a fetch failed, in terms a user can act on.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {status}{}", reason(*status))]
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("timed out")]
    Timeout,
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("TLS failed: {0}")]
    Tls(String),
    #[error("more than 5 redirects")]
    Redirects,
    #[error("{0}")]
    PrivateRedirect(String),
    #[error("the response is over the {} MB limit", limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    #[error("not in the cache (offline)")]
    Offline,
    #[error("{0}")]
    Body(String),
    #[error("cannot set up HTTP: {0}")]
    Client(String),
}

fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

impl FetchError {
    pub fn from_reqwest(error: &reqwest::Error) -> FetchError {
        if error.is_timeout() {
            return FetchError::Timeout;
        }
        if error.is_redirect() {
            let refused = std::error::Error::source(error)
                .and_then(|cause| cause.downcast_ref::<super::address::PrivateRedirect>());
            return match refused {
                Some(refused) => FetchError::PrivateRedirect(refused.to_string()),
                None => FetchError::Redirects,
            };
        }
        // The innermost cause says the most ("connection refused",
        // "invalid peer certificate").
        let mut cause: &dyn std::error::Error = error;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let detail = cause.to_string();
        let lower = detail.to_lowercase();
        if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
            return FetchError::Tls(detail);
        }
        if error.is_connect() {
            return FetchError::Connect(detail);
        }
        FetchError::Body(detail)
    }

    /// Worth another try: the server or the network may recover.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            FetchError::Timeout | FetchError::Connect(_) | FetchError::Body(_) => true,
            _ => false,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
