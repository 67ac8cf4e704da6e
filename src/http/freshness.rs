//! How long a response may be used without asking its server again, from
//! its headers, as browsers and `gh` decide it (RFC 9111, 4.2): the
//! lifetime is `Cache-Control: max-age` (else `s-maxage`), else `Expires`
//! minus `Date`; `no-cache` means "ask every time" and `no-store` "do not
//! keep it". The response's age at arrival (`Age`, or how old `Date` says
//! it is) is taken off. Without any of these, a response is not fresh at
//! all: plat guesses no lifetime (browsers' heuristic from Last-Modified is
//! left out on purpose) and revalidates it on every run.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{self, HeaderMap};

/// What a response's headers allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// Unix milliseconds until which it may be used without a request;
    /// `None` when it must be revalidated every time.
    pub fresh_until: Option<u64>,
    /// `Cache-Control: no-store`: it may not be kept at all.
    pub no_store: bool,
}

/// `now` as Unix milliseconds.
pub fn unix_millis(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Freshness {
    /// Revalidate every time (what a response without freshness headers gets).
    pub const NONE: Freshness = Freshness {
        fresh_until: None,
        no_store: false,
    };
}

/// The freshness of a response received at `received`; `None` when it has
/// neither `Cache-Control` nor `Expires` (a 304 without them leaves the
/// cached response's lifetime as it was).
pub fn of_response(headers: &HeaderMap, received: SystemTime) -> Option<Freshness> {
    if !headers.contains_key(header::CACHE_CONTROL) && !headers.contains_key(header::EXPIRES) {
        return None;
    }
    let directives = CacheControl::parse(headers);
    if directives.no_store {
        return Some(Freshness {
            fresh_until: None,
            no_store: true,
        });
    }
    if directives.no_cache {
        return Some(Freshness::NONE);
    }
    let date = http_date(headers, header::DATE);
    let lifetime = match directives.max_age.or(directives.s_maxage) {
        Some(lifetime) => lifetime,
        // An invalid Expires (`0`, `-1`) means already expired.
        None => headers.get(header::EXPIRES).map(|_| {
            http_date(headers, header::EXPIRES).map_or(Duration::ZERO, |expires| {
                expires
                    .duration_since(date.unwrap_or(received))
                    .unwrap_or(Duration::ZERO)
            })
        }),
    };
    let Some(lifetime) = lifetime else {
        return Some(Freshness::NONE);
    };
    let apparent_age = date
        .and_then(|date| received.duration_since(date).ok())
        .unwrap_or(Duration::ZERO);
    let age = headers
        .get(header::AGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_secs);
    let left = lifetime.saturating_sub(apparent_age.max(age));
    Some(Freshness {
        fresh_until: (!left.is_zero()).then(|| unix_millis(received + left)),
        no_store: false,
    })
}

/// The directives of every `Cache-Control` header that decide freshness.
#[derive(Debug, Default)]
struct CacheControl {
    /// `Some(None)` is a max-age that could not be read: stale.
    max_age: Option<Option<Duration>>,
    s_maxage: Option<Option<Duration>>,
    no_cache: bool,
    no_store: bool,
}

impl CacheControl {
    fn parse(headers: &HeaderMap) -> CacheControl {
        let mut out = CacheControl::default();
        let values = headers
            .get_all(header::CACHE_CONTROL)
            .iter()
            .filter_map(|v| v.to_str().ok());
        for directive in values.flat_map(|v| v.split(',')) {
            let (name, argument) = match directive.split_once('=') {
                Some((name, argument)) => (name.trim(), Some(argument.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            let seconds = || {
                argument
                    .and_then(|a| a.parse::<u64>().ok())
                    .map(Duration::from_secs)
            };
            // A directive given twice is doubtful: the shorter lifetime wins.
            let keep = |slot: &mut Option<Option<Duration>>, new: Option<Duration>| {
                *slot = Some(match *slot {
                    Some(old) => old.zip(new).map(|(a, b)| a.min(b)),
                    None => new,
                });
            };
            match name.to_ascii_lowercase().as_str() {
                "max-age" => keep(&mut out.max_age, seconds()),
                "s-maxage" => keep(&mut out.s_maxage, seconds()),
                // `no-cache="field"` asks to revalidate before using those
                // fields; plat keeps whole responses, so it revalidates.
                "no-cache" => out.no_cache = true,
                "no-store" => out.no_store = true,
                _ => {}
            }
        }
        out
    }
}

fn http_date(headers: &HeaderMap, name: header::HeaderName) -> Option<SystemTime> {
    let value = headers.get(name)?.to_str().ok()?;
    httpdate::parse_http_date(value.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000 + seconds)
    }

    fn date(seconds: u64) -> String {
        httpdate::fmt_http_date(at(seconds))
    }

    fn fresh_for(pairs: &[(&'static str, &str)]) -> Option<u64> {
        of_response(&headers(pairs), at(0))
            .and_then(|f| f.fresh_until)
            .map(|until| (until - unix_millis(at(0))) / 1000)
    }

    #[test]
    fn max_age_then_s_maxage_then_expires() {
        assert_eq!(fresh_for(&[("cache-control", "max-age=300")]), Some(300));
        assert_eq!(
            fresh_for(&[("cache-control", "public, S-MaxAge=60")]),
            Some(60)
        );
        assert_eq!(
            fresh_for(&[("cache-control", "private, max-age=60, s-maxage=600")]),
            Some(60),
            "max-age is this cache's own"
        );
        let date_now = date(0);
        let expires = date(120);
        assert_eq!(
            fresh_for(&[("date", &date_now), ("expires", &expires)]),
            Some(120)
        );
        assert_eq!(
            fresh_for(&[
                ("cache-control", "max-age=10"),
                ("date", &date_now),
                ("expires", &expires)
            ]),
            Some(10),
            "max-age wins over Expires"
        );
        assert_eq!(
            of_response(&headers(&[("etag", "\"x\"")]), at(0)),
            None,
            "no lifetime, and no heuristics"
        );
    }

    #[test]
    fn expires_is_relative_to_the_servers_date() {
        // The server's clock is an hour ahead: Expires two minutes after its
        // Date is two minutes of freshness, not an hour and two.
        let server_now = date(3600);
        let expires = date(3720);
        assert_eq!(
            fresh_for(&[("date", &server_now), ("expires", &expires)]),
            Some(120)
        );
        // Without Date, Expires counts from arrival.
        let expires = date(60);
        assert_eq!(fresh_for(&[("expires", &expires)]), Some(60));
        assert_eq!(fresh_for(&[("expires", "0")]), None, "invalid: expired");
    }

    #[test]
    fn age_is_taken_off() {
        assert_eq!(
            fresh_for(&[("cache-control", "max-age=300"), ("age", "280")]),
            Some(20)
        );
        assert_eq!(
            fresh_for(&[("cache-control", "max-age=300"), ("age", "400")]),
            None
        );
        let earlier = httpdate::fmt_http_date(at(0) - Duration::from_secs(100));
        assert_eq!(
            fresh_for(&[("cache-control", "max-age=300"), ("date", &earlier)]),
            Some(200)
        );
    }

    #[test]
    fn no_cache_and_no_store_win() {
        assert_eq!(
            fresh_for(&[("cache-control", "max-age=300, no-cache")]),
            None
        );
        assert_eq!(
            fresh_for(&[("cache-control", "no-cache=\"set-cookie\", max-age=300")]),
            None
        );
        let freshness = of_response(
            &headers(&[
                ("cache-control", "max-age=300"),
                ("cache-control", "no-store"),
            ]),
            at(0),
        );
        assert_eq!(
            freshness,
            Some(Freshness {
                fresh_until: None,
                no_store: true
            })
        );
        assert_eq!(fresh_for(&[("cache-control", "max-age=0")]), None);
        assert_eq!(fresh_for(&[("cache-control", "max-age=soon")]), None);
        assert_eq!(
            fresh_for(&[("cache-control", "max-age=300, max-age=30")]),
            Some(30)
        );
    }
}
