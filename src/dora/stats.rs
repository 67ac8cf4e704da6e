//! Median and percentiles of durations, as the metrics use them.

/// The median: the middle value, or the mean of the two middle ones.
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The nearest-rank percentile: the smallest value with at least `p`
/// percent of the values at or below it.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1) as usize;
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3]), Some(2));
        assert_eq!(median(&[1, 2, 10]), Some(2));
    }

    #[test]
    fn nearest_rank() {
        let values: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&values, 90), Some(9));
        assert_eq!(percentile(&values, 100), Some(10));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&(1..=20).collect::<Vec<_>>(), 90), Some(18));
    }
}
