//! The period measured: `[from, to)`, and the one before it of the same
//! length, which the change column compares with.

use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Window {
    pub fn new(from: Timestamp, to: Timestamp) -> Window {
        Window { from, to }
    }

    pub fn length(&self) -> SignedDuration {
        self.to.duration_since(self.from)
    }

    /// The length in days (fractional).
    pub fn days(&self) -> f64 {
        self.length().as_secs_f64() / 86_400.0
    }

    pub fn contains(&self, time: Timestamp) -> bool {
        self.from <= time && time < self.to
    }

    /// The window of the same length just before this one.
    pub fn previous(&self) -> Window {
        Window {
            from: self.from - self.length(),
            to: self.from,
        }
    }
}

/// `30d`, `4w`, `12h`, `90m`: a window length. None when it is not one.
pub fn parse_since(text: &str) -> Option<SignedDuration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: i64 = number.parse().ok()?;
    let seconds = match unit {
        "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    if number <= 0 {
        return None;
    }
    Some(SignedDuration::from_secs(number.checked_mul(seconds)?))
}

/// A date (`2026-11-01`, midnight UTC; with `end_of_day`, the midnight
/// after it, so that `--to` includes the day) or an RFC 3339 time.
pub fn parse_time(text: &str, end_of_day: bool) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(time) = text.parse::<Timestamp>() {
        return Some(time);
    }
    let date: jiff::civil::Date = text.parse().ok()?;
    let date = if end_of_day {
        date.tomorrow().ok()?
    } else {
        date
    };
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(parse_since("30d"), Some(SignedDuration::from_hours(720)));
        assert_eq!(parse_since("2w"), Some(SignedDuration::from_hours(336)));
        assert_eq!(parse_since("12h"), Some(SignedDuration::from_hours(12)));
        assert_eq!(parse_since("0d"), None);
        assert_eq!(parse_since("d"), None);
        assert_eq!(parse_since("3y"), None);
        assert_eq!(parse_since("99999999999999999d"), None);
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(
            parse_time("2026-11-01", false),
            Some("2026-11-01T00:00:00Z".parse().unwrap())
        );
        assert_eq!(
            parse_time("2026-11-01", true),
            Some("2026-11-02T00:00:00Z".parse().unwrap())
        );
        assert_eq!(
            parse_time("2026-11-01T10:00:00+02:00", true),
            Some("2026-11-01T08:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_time("yesterday", false), None);
    }

    #[test]
    fn previous_windows_touch() {
        let w = Window::new(
            "2026-11-01T00:00:00Z".parse().unwrap(),
            "2026-11-11T00:00:00Z".parse().unwrap(),
        );
        assert_eq!(
            w.previous(),
            Window::new("2026-10-22T00:00:00Z".parse().unwrap(), w.from)
        );
        assert_eq!(w.days(), 10.0);
        assert!(w.contains(w.from) && !w.contains(w.to));
    }
}
