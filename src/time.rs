//! Durations and times as plat reads them, with one range rule each, so
//! that no arithmetic on them can overflow: every flag (`--since`, `--ttl`,
//! `--timeout`), plat.yaml key (`environments.ttl`, `http.timeout`,
//! `dora.since`, ...), record file and API response goes through here.

use std::fmt;

use jiff::civil::Date;
use jiff::{SignedDuration, Span, SpanRelativeTo, Timestamp};

/// The longest duration plat accepts: 100 years of 24-hour days. A window
/// this long, and the one before it, still fit in the times plat reads.
pub const MAX_DURATION: SignedDuration = SignedDuration::from_hours(24 * 36_500);

/// Why a text is not a duration plat accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    NotADuration,
    /// Years and months have no fixed length.
    CalendarUnit,
    OutOfRange,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::NotADuration => f.write_str("is not a duration"),
            DurationError::CalendarUnit => {
                f.write_str("is not a fixed length of time (years and months vary)")
            }
            DurationError::OutOfRange => f.write_str(
                "is out of range: a duration must be more than 0 and at most 36500d (100 years)",
            ),
        }
    }
}

impl DurationError {
    pub fn hint(&self) -> &'static str {
        match self {
            DurationError::NotADuration | DurationError::CalendarUnit => {
                "write a number and a unit: 500ms, 30s, 90m, 48h, 30d, 4w, or `1h 30m`"
            }
            DurationError::OutOfRange => "write a duration from 1ms to 36500d",
        }
    }
}

/// `500ms`, `30s`, `90m`, `48h`, `30d`, `4w`, `1h 30m`, `2 days`, `PT5M`:
/// a day is 24 hours and a week 7 days. More than 0 and at most
/// [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Result<std::time::Duration, DurationError> {
    let range_or = |error: jiff::Error, otherwise| {
        if error.is_range() {
            DurationError::OutOfRange
        } else {
            otherwise
        }
    };
    let span: Span = text.trim().parse().map_err(|e| {
        if numbers_shrunk(text.trim()).parse::<Span>().is_ok() {
            // Well-formed, with a number too large to hold.
            DurationError::OutOfRange
        } else {
            range_or(e, DurationError::NotADuration)
        }
    })?;
    let duration = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|e| range_or(e, DurationError::CalendarUnit))?;
    if duration <= SignedDuration::ZERO || duration > MAX_DURATION {
        return Err(DurationError::OutOfRange);
    }
    std::time::Duration::try_from(duration).map_err(|_| DurationError::OutOfRange)
}

/// `text` with every run of digits made `1`.
fn numbers_shrunk(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_number = false;
    for c in text.chars() {
        match (c.is_ascii_digit(), in_number) {
            (true, false) => out.push('1'),
            (true, true) => {}
            (false, _) => out.push(c),
        }
        in_number = c.is_ascii_digit();
    }
    out
}

/// A duration given as a number of hours (a template's `ttlHours`), by
/// the same rule.
pub fn hours(hours: f64) -> Result<std::time::Duration, DurationError> {
    std::time::Duration::try_from_secs_f64(hours * 3600.0)
        .ok()
        .filter(|d| !d.is_zero() && *d <= MAX_DURATION.unsigned_abs())
        .ok_or(DurationError::OutOfRange)
}

/// The first time plat reads.
pub fn min_time() -> Timestamp {
    Timestamp::from_second(-62_135_596_800).expect("0001-01-01T00:00:00Z is a valid time")
}

/// The last time plat reads: the last midnight every UTC offset can be
/// applied to.
pub fn max_time() -> Timestamp {
    Timestamp::from_second(253_402_128_000).expect("9999-12-30T00:00:00Z is a valid time")
}

/// Why a text is not a time plat accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    NotATime,
    NotADateOrTime,
    /// A well-formed time outside [`min_time`]..=[`max_time`].
    TimeOutOfRange,
    /// A well-formed date whose day does not fit in that range.
    DateOutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::NotATime => f.write_str("is not an RFC 3339 time"),
            TimeError::NotADateOrTime => f.write_str("is not a date or an RFC 3339 time"),
            TimeError::TimeOutOfRange => f.write_str(
                "is out of range: times must lie between 0001-01-01T00:00:00Z and 9999-12-30T00:00:00Z",
            ),
            TimeError::DateOutOfRange => f.write_str(
                "is out of range: dates must lie between 0001-01-01 and 9999-12-29",
            ),
        }
    }
}

impl TimeError {
    pub fn hint(&self) -> &'static str {
        match self {
            TimeError::NotATime => "write e.g. 2026-11-02T14:30:00Z or 2026-11-02T15:30:00+01:00",
            TimeError::NotADateOrTime => {
                "write a date (2026-11-01) or an RFC 3339 time (2026-11-01T09:00:00Z)"
            }
            TimeError::TimeOutOfRange | TimeError::DateOutOfRange => {
                "write a time between the years 0001 and 9999"
            }
        }
    }
}

fn in_range(time: Timestamp) -> bool {
    min_time() <= time && time <= max_time()
}

/// An RFC 3339 time (`2026-11-02T14:30:00Z`, `2026-11-02T15:30:00+01:00`)
/// between [`min_time`] and [`max_time`].
pub fn parse_time(text: &str) -> Result<Timestamp, TimeError> {
    let text = text.trim();
    match text.parse::<Timestamp>() {
        Ok(time) if in_range(time) => Ok(time),
        Ok(_) => Err(TimeError::TimeOutOfRange),
        // Well-formed, but beyond what a timestamp can hold.
        Err(_) if well_formed(text) => Err(TimeError::TimeOutOfRange),
        Err(_) => Err(TimeError::NotATime),
    }
}

/// Seconds since the Unix epoch (git's times), by the same range rule.
pub fn from_second(seconds: i64) -> Result<Timestamp, TimeError> {
    Timestamp::from_second(seconds)
        .ok()
        .filter(|time| in_range(*time))
        .ok_or(TimeError::TimeOutOfRange)
}

/// A time field of an API response: absent or null is `None`; anything
/// else must be an RFC 3339 time in range.
pub fn json_time(value: &serde_json::Value) -> Result<Option<Timestamp>, TimeError> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(text) => parse_time(text).map(Some),
        _ => Err(TimeError::NotATime),
    }
}

/// A date and time with an offset that parses, whatever its range.
fn well_formed(text: &str) -> bool {
    jiff::fmt::temporal::Pieces::parse(text)
        .is_ok_and(|pieces| pieces.time().is_some() && pieces.offset().is_some())
}

/// A date (`2026-11-01`: midnight UTC; with `end_of_day`, the midnight
/// after it, so that an end date includes its day) or an RFC 3339 time.
pub fn parse_date_or_time(text: &str, end_of_day: bool) -> Result<Timestamp, TimeError> {
    let text = text.trim();
    match parse_time(text) {
        Ok(time) => return Ok(time),
        Err(TimeError::TimeOutOfRange) => return Err(TimeError::TimeOutOfRange),
        Err(_) => {}
    }
    let date: Date = text.parse().map_err(|_| TimeError::NotADateOrTime)?;
    if date < Date::constant(1, 1, 1) || date > Date::constant(9999, 12, 29) {
        return Err(TimeError::DateOutOfRange);
    }
    let day = if end_of_day {
        date.tomorrow()
    } else {
        Ok(date)
    };
    day.and_then(|day| day.to_zoned_datetime(jiff::tz::TimeZone::UTC))
        .map(|zoned| zoned.timestamp())
        .map_err(|_| TimeError::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn durations_in_every_unit() {
        let hours = |h: u64| Ok(Duration::from_secs(h * 3600));
        assert_eq!(parse_duration("30d"), hours(720));
        assert_eq!(parse_duration("2w"), hours(336));
        assert_eq!(parse_duration("48h"), hours(48));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90min"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration(" 500ms "), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("P2D"), hours(48));
        assert_eq!(parse_duration("36500d"), hours(24 * 36_500));
    }

    #[test]
    fn durations_outside_the_range_say_so() {
        for text in [
            "36501d",
            "99999999d",
            "9999999w",
            "99999999999999999999h",
            "1h 99999999999999999999m",
            "0s",
            "5m ago",
            "-5m",
        ] {
            assert_eq!(
                parse_duration(text),
                Err(DurationError::OutOfRange),
                "{text}"
            );
        }
        assert_eq!(parse_duration("soon"), Err(DurationError::NotADuration));
        assert_eq!(parse_duration("30"), Err(DurationError::NotADuration));
        assert_eq!(
            parse_duration("99999999999999999999"),
            Err(DurationError::NotADuration)
        );
        assert_eq!(parse_duration(""), Err(DurationError::NotADuration));
        assert_eq!(parse_duration("1y"), Err(DurationError::CalendarUnit));
        assert_eq!(parse_duration("2mo"), Err(DurationError::CalendarUnit));
        assert_eq!(hours(2.5), Ok(Duration::from_secs(9000)));
        for h in [0.0, -1.0, f64::NAN, f64::INFINITY, 24.0 * 36_501.0] {
            assert_eq!(hours(h), Err(DurationError::OutOfRange), "{h}");
        }
    }

    #[test]
    fn the_longest_duration_before_the_earliest_time_still_has_a_window_before_it() {
        let length = SignedDuration::try_from(Duration::from_secs(24 * 3600 * 36_500)).unwrap();
        let from = min_time().checked_sub(length).unwrap();
        assert!(from.checked_sub(length).is_ok());
        assert!(Timestamp::now().checked_add(length).is_ok(), "an expiry");
    }

    #[test]
    fn times_out_of_range_are_told_apart_from_malformed_ones() {
        assert_eq!(
            parse_time("2026-11-01T10:00:00+02:00"),
            Ok("2026-11-01T08:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_time("9999-12-30T00:00:00Z"), Ok(max_time()));
        assert_eq!(parse_time("0001-01-01T00:00:00Z"), Ok(min_time()));
        for text in [
            "9999-12-31T23:59:59Z",
            "9999-12-30T00:00:01Z",
            "0000-12-31T23:59:59Z",
            "-000001-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_time(text), Err(TimeError::TimeOutOfRange), "{text}");
        }
        for text in [
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-01",
            "2026-11-01T10:00",
        ] {
            assert_eq!(parse_time(text), Err(TimeError::NotATime), "{text}");
        }
    }

    #[test]
    fn dates_are_midnight_utc_and_an_end_date_includes_its_day() {
        assert_eq!(
            parse_date_or_time("2026-11-01", false),
            Ok("2026-11-01T00:00:00Z".parse().unwrap())
        );
        assert_eq!(
            parse_date_or_time("2026-11-01", true),
            Ok("2026-11-02T00:00:00Z".parse().unwrap())
        );
        assert_eq!(
            parse_date_or_time("2026-11-01T10:00:00+02:00", true),
            Ok("2026-11-01T08:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_date_or_time("9999-12-29", true), Ok(max_time()));
        assert_eq!(
            parse_date_or_time("9999-12-30", true),
            Err(TimeError::DateOutOfRange)
        );
        assert_eq!(
            parse_date_or_time("9999-12-31", false),
            Err(TimeError::DateOutOfRange)
        );
        assert_eq!(
            parse_date_or_time("0000-06-01", false),
            Err(TimeError::DateOutOfRange)
        );
        assert_eq!(
            parse_date_or_time("9999-12-31T23:59:59Z", false),
            Err(TimeError::TimeOutOfRange)
        );
        assert_eq!(
            parse_date_or_time("yesterday", false),
            Err(TimeError::NotADateOrTime)
        );
        assert_eq!(
            parse_date_or_time("0000-12-31", true),
            Err(TimeError::DateOutOfRange)
        );
    }

    #[test]
    fn response_fields_are_absent_or_times() {
        use serde_json::json;
        assert_eq!(json_time(&json!(null)), Ok(None));
        assert_eq!(
            json_time(&json!("2026-11-02T14:30:00Z")),
            Ok(Some("2026-11-02T14:30:00Z".parse().unwrap()))
        );
        assert_eq!(
            json_time(&json!("9999-12-31T23:59:59Z")),
            Err(TimeError::TimeOutOfRange)
        );
        assert_eq!(json_time(&json!(1_700_000_000)), Err(TimeError::NotATime));
        assert_eq!(
            from_second(1_700_000_000),
            Ok(Timestamp::from_second(1_700_000_000).unwrap())
        );
        assert_eq!(from_second(i64::MAX), Err(TimeError::TimeOutOfRange));
    }
}
