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

    /// The window of the same length just before this one. The command
    /// line keeps windows within the times plat reads (`crate::time`), so
    /// it fits; were it not to, it would start at the earliest time.
    pub fn previous(&self) -> Window {
        Window {
            from: self
                .from
                .checked_sub(self.length())
                .unwrap_or(Timestamp::MIN),
            to: self.from,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
