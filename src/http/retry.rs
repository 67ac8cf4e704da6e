//! When to try again: connection errors, timeouts, 429 and 5xx, after an
//! exponential backoff, or after what Retry-After asks for (capped).

use std::time::{Duration, SystemTime};

use super::FetchError;

/// How long to wait before retry number `attempt` (0-based).
pub fn delay(
    error: &FetchError,
    attempt: u32,
    backoff: Duration,
    max_retry_after: Duration,
) -> Duration {
    if let FetchError::Status {
        retry_after: Some(after),
        ..
    } = error
    {
        return (*after).min(max_retry_after);
    }
    backoff.saturating_mul(2u32.saturating_pow(attempt))
}

/// `Retry-After`: seconds, or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles_and_retry_after_wins_but_is_capped() {
        let status = FetchError::Status {
            status: 503,
            retry_after: None,
        };
        let base = Duration::from_millis(100);
        assert_eq!(delay(&status, 0, base, Duration::from_secs(30)), base);
        assert_eq!(delay(&status, 2, base, Duration::from_secs(30)), base * 4);
        let asked = FetchError::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(120)),
        };
        assert_eq!(
            delay(&asked, 0, base, Duration::from_secs(30)),
            Duration::from_secs(30)
        );
    }
}
