//! How times are shown: RFC 3339 in UTC, the local wall clock, and spans such as `3h 12m`.

use std::cmp::Ordering;

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A Unix time as RFC 3339 UTC (`2026-11-23T05:39:13Z`).
pub fn rfc3339(unix: i64) -> String {
    match Timestamp::from_second(unix) {
        Ok(t) => t.to_string(),
        Err(_) => format!("@{unix} (out of range)"),
    }
}

/// A Unix time on the local clock (`2026-11-23 06:39:13 CET`), from the system's time zone.
pub fn local(unix: i64) -> String {
    match Timestamp::from_second(unix) {
        Ok(t) => t
            .to_zoned(TimeZone::system())
            .strftime("%Y-%m-%d %H:%M:%S %Z")
            .to_string(),
        Err(_) => format!("@{unix} (out of range)"),
    }
}

/// A span of seconds, coarsely: `45s`, `12m 5s`, `3h 12m`, `2d 4h`.
pub fn span(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m {}s", secs / 60, secs % 60),
        3600..=86_399 => format!("{}h {}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {}h", secs / 86_400, secs % 86_400 / 3600),
    }
}

/// `at` seen from `now`: `in 3h 12m`, `now` or `12m 5s ago`. Any two times, however far apart
/// (a token's claims are whatever its issuer wrote), without overflow.
pub fn relative(at: i64, now: i64) -> String {
    let apart = span(at.abs_diff(now));
    match at.cmp(&now) {
        Ordering::Equal => "now".into(),
        Ordering::Greater => format!("in {apart}"),
        Ordering::Less => format!("{apart} ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_spans_and_relative_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(span(45), "45s");
        assert_eq!(span(725), "12m 5s");
        assert_eq!(span(11_520), "3h 12m");
        assert_eq!(span(187_200), "2d 4h");
        assert_eq!(relative(1060, 1000), "in 1m 0s");
        assert_eq!(relative(1000, 1725), "12m 5s ago");
        assert_eq!(relative(1000, 1000), "now");
        assert!(rfc3339(i64::MAX).contains("out of range"));
    }

    /// Found by the jwt fuzz target (`otok inspect`): a JWT claiming `"iat": -9223372036854775808`.
    #[test]
    fn relative_times_of_extreme_claims_do_not_overflow() {
        assert_eq!(
            relative(i64::MIN, 1_780_000_000),
            "106751991187902d 11h ago"
        );
        assert_eq!(relative(i64::MAX, -1), "in 106751991167300d 15h");
        assert_eq!(relative(i64::MIN, i64::MAX), "213503982334601d 7h ago");
    }
}
