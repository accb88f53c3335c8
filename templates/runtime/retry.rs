//! The retry policy: which failures are retried and how long to wait before the next attempt.
//! Connection failures, timeouts, 408, 409, 429 and 5xx are retried unless the server says
//! otherwise with `x-should-retry`; waits honour `retry-after-ms`, then `retry-after`, within
//! (0, 60] s, else back off exponentially with jitter.

use crate::runtime::error::Error;
use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

const INITIAL_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(8);
const MAX_SERVER_WAIT: Duration = Duration::from_secs(60);
/// Whether a failed attempt is worth another.
pub(crate) fn should_retry(error: &Error) -> bool {
    match error {
        Error::Timeout { .. } => true,
        // A request that could not be built will not build next time either, and a redirect
        // that was refused will be refused again.
        Error::Connection { source, .. } => !source.is_builder() && !source.is_redirect(),
        Error::Transport { source, .. } => source.is_retryable(),
        Error::Api(api) => {
            match api.headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
                Some("true") => true,
                Some("false") => false,
                _ => {
                    matches!(api.status.as_u16(), 408 | 409 | 429)
                        || api.status.is_server_error()
                }
            }
        }
        _ => false,
    }
}

/// The wait before retry number `retries + 1`.
pub(crate) fn delay(retries: u32, headers: Option<&HeaderMap>) -> Duration {
    if let Some(wait) = headers.and_then(server_requested_wait) {
        if wait > Duration::ZERO && wait <= MAX_SERVER_WAIT {
            return wait;
        }
    }
    backoff(retries, random_fraction())
}

/// `min(0.5 s · 2^retries, 8 s)`, reduced by up to 25 % (`fraction` in [0, 1)).
pub(crate) fn backoff(retries: u32, fraction: f64) -> Duration {
    let base = INITIAL_DELAY
        .saturating_mul(2u32.saturating_pow(retries.min(16)))
        .min(MAX_DELAY);
    base.mul_f64(1.0 - 0.25 * fraction)
}

/// What the server asked for: `retry-after-ms` (milliseconds), else `retry-after` (seconds or
/// an HTTP date).
pub(crate) fn server_requested_wait(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| {
        headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    let value = header("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0)
        .then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// A fraction in [0, 1) for jitter, from the standard library's randomly keyed hasher (no
/// dependency on a random-number crate for one number per retry).
fn random_fraction() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 random bits (a fresh randomly keyed hash of the current time).
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_up_to_a_quarter_off() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(5, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 0.0), Duration::from_secs(8));
        assert_eq!(
            backoff(0, 0.999_999), Duration::from_millis(500).mul_f64(1.0 - 0.25 *
            0.999_999)
        );
    }

    #[test]
    fn server_waits_are_honoured_only_within_sixty_seconds() {
        assert_eq!(
            delay(0, Some(& headers(& [("retry-after-ms", "20")]))),
            Duration::from_millis(20)
        );
        assert_eq!(
            delay(0, Some(& headers(& [("retry-after", "2")]))), Duration::from_secs(2)
        );
        assert_eq!(
            delay(0, Some(& headers(& [("retry-after-ms", "30"), ("retry-after",
            "9")]))), Duration::from_millis(30)
        );
        for ignored in [
            ("retry-after", "61"),
            ("retry-after", "0"),
            ("retry-after", "soon"),
            ("retry-after-ms", "-5"),
        ] {
            let wait = delay(0, Some(&headers(&[ignored])));
            assert!(
                wait <= Duration::from_millis(500) && wait >= Duration::from_millis(375),
                "{ignored:?}: {wait:?}"
            );
        }
        let future = httpdate::fmt_http_date(
            SystemTime::now() + Duration::from_secs(30),
        );
        let wait = server_requested_wait(&headers(&[("retry-after", &future)])).unwrap();
        assert!(
            wait > Duration::from_secs(28) && wait <= Duration::from_secs(30), "{wait:?}"
        );
    }
}
