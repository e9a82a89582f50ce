//! When to retry a request, and how long to wait first. Pure policy: the transport supplies the clock, the
//! randomness and HTTP-date parsing.

/// Responses worth another attempt: timeouts, conflicts, rate limits and server errors.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// Server-suggested delays beyond this are ignored in favour of backoff.
const MAX_SUGGESTED_MS: f64 = 60_000.0;
const INITIAL_BACKOFF_MS: f64 = 500.0;
const MAX_BACKOFF_MS: f64 = 8_000.0;

/// The wait a server suggests before another attempt, in ms: `retry-after-ms` wins, then `retry-after` (seconds,
/// or an HTTP date turned into milliseconds since the epoch by `parse_date`). `None` when neither is there or
/// readable, or the wait is negative.
pub fn suggested_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<f64> {
    retry_after_ms
        .and_then(|v| decimal(v.trim()))
        .or_else(|| {
            let value = retry_after?.trim();
            match decimal(value) {
                Some(seconds) => Some(seconds * 1000.0),
                None => parse_date(value).map(|at| at - now_ms),
            }
        })
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
}

/// The wait before retry number `retry` (0 for the first retry): the server's suggestion when at most 60 s.
/// Otherwise 0.5 s × 2ⁿ capped at 8 s, less up to 25 % jitter (`random` is uniform in 0..1).
pub fn delay_ms(retry: u32, suggested: Option<f64>, random: f64) -> f64 {
    if let Some(ms) = suggested.filter(|ms| *ms <= MAX_SUGGESTED_MS) {
        return ms;
    }
    let backoff = (INITIAL_BACKOFF_MS * 2f64.powi(retry.min(16) as i32)).min(MAX_BACKOFF_MS);
    backoff * (1.0 - random.clamp(0.0, 1.0) * 0.25)
}

/// A header's decimal number (`120`, `1.5`, `-1`): what servers send in these headers. Precise enough for a
/// delay, and without the float parser's tables in the wasm.
fn decimal(text: &str) -> Option<f64> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let whole = int.bytes().fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0'));
    let (fraction, _) = frac.bytes().fold((0.0, 0.1), |(n, unit), d| (n + unit * f64::from(d - b'0'), unit / 10.0));
    Some(sign * (whole + fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_date(_: &str) -> Option<f64> {
        None
    }

    /// The wait before retry `retry` for these headers.
    fn wait(
        retry: u32,
        ms: Option<&str>,
        after: Option<&str>,
        now: f64,
        date: impl Fn(&str) -> Option<f64>,
        random: f64,
    ) -> f64 {
        delay_ms(retry, suggested_ms(ms, after, now, date), random)
    }

    #[test]
    fn retries_timeouts_conflicts_rate_limits_and_server_errors_only() {
        for status in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 400, 401, 402, 403, 404, 413, 422] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight_with_up_to_a_quarter_off() {
        let waits: Vec<f64> = (0..6).map(|n| wait(n, None, None, 0.0, no_date, 0.0)).collect();
        assert_eq!(waits, [500.0, 1000.0, 2000.0, 4000.0, 8000.0, 8000.0]);
        assert_eq!(wait(1, None, None, 0.0, no_date, 1.0), 750.0);
        assert_eq!(wait(100, None, None, 0.0, no_date, 0.5), 7000.0);
    }

    #[test]
    fn server_suggestions_win_when_between_0_and_60_seconds() {
        assert_eq!(wait(3, Some("120"), Some("9"), 0.0, no_date, 0.0), 120.0);
        assert_eq!(wait(3, None, Some("2"), 0.0, no_date, 0.0), 2000.0);
        assert_eq!(wait(0, None, Some("0"), 0.0, no_date, 0.0), 0.0);
        let date = |s: &str| (s == "Wed, 25 Nov 2026 12:00:05 GMT").then_some(1_000_005_000.0);
        assert_eq!(wait(0, None, Some("Wed, 25 Nov 2026 12:00:05 GMT"), 1_000_000_000.0, date, 0.0), 5000.0);
        // Out of range or unreadable: back to backoff.
        assert_eq!(wait(0, Some("61000"), None, 0.0, no_date, 0.0), 500.0);
        assert_eq!(wait(0, None, Some("-1"), 0.0, no_date, 0.0), 500.0);
        assert_eq!(wait(0, Some("soon"), Some("later"), 0.0, no_date, 0.0), 500.0);
        assert_eq!(wait(0, Some(" 1500.5 "), None, 0.0, no_date, 0.0), 1500.5);
        assert_eq!(wait(0, None, Some("1.5"), 0.0, no_date, 0.0), 1500.0);
        assert_eq!(wait(0, Some("."), Some("1e3"), 0.0, no_date, 0.0), 500.0);
        assert_eq!(wait(0, None, Some("Wed, 25 Nov 2026 12:00:05 GMT"), 1_000_010_000.0, date, 0.0), 500.0);
    }

    #[test]
    fn a_suggestion_beyond_a_minute_is_still_what_the_server_said() {
        assert_eq!(suggested_ms(Some("61000"), None, 0.0, no_date), Some(61_000.0));
        assert_eq!(suggested_ms(None, Some("120"), 0.0, no_date), Some(120_000.0));
        assert_eq!(suggested_ms(None, Some("-1"), 0.0, no_date), None);
        assert_eq!(suggested_ms(None, None, 0.0, no_date), None);
    }
}
