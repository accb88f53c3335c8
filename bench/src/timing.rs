//! Repeated measurements → their median and minimum. Every benchmark discards warm-up runs
//! (caches, allocator, connection pool) and then times each of N runs on its own; one slow run
//! on a shared machine moves the median little and the minimum not at all.

use std::time::Duration;

/// The durations of repeated runs of one thing.
#[derive(Clone, Debug, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, sample: Duration) {
        self.0.push(sample);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The middle sample (the mean of the two middle ones for an even count); zero when empty.
    pub fn median(&self) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }

    pub fn min(&self) -> Duration {
        self.0.iter().copied().min().unwrap_or_default()
    }
}

/// The median of plain numbers (ratios of paired runs); `NaN` when empty.
pub fn median_f64(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A duration for the table: `µs` below a millisecond, `ms` below ten seconds, else `s`.
pub fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1_000.0 {
        format!("{micros:.0} µs")
    } else if micros < 10_000_000.0 {
        let millis = micros / 1_000.0;
        if millis < 10.0 {
            format!("{millis:.2} ms")
        } else {
            format!("{millis:.1} ms")
        }
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_min() {
        let mut samples = Samples::default();
        for ms in [5, 1, 3, 9] {
            samples.push(Duration::from_millis(ms));
        }
        assert_eq!(samples.median(), Duration::from_millis(4));
        assert_eq!(samples.min(), Duration::from_millis(1));
        assert_eq!(median_f64(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(show(Duration::from_micros(250)), "250 µs");
        assert_eq!(show(Duration::from_micros(2_500)), "2.50 ms");
        assert_eq!(show(Duration::from_millis(250)), "250.0 ms");
    }
}
