//! otok's own environment variables that are not options: waits, in seconds.

use std::time::Duration;

/// The longest wait taken: a day. Far longer ones overflow the deadlines computed from them.
pub const MAX_SECONDS: u64 = 24 * 3600;

/// A number of seconds from the environment variable `name` (fractions allowed), up to a day;
/// a value that is not one is ignored with a warning, and the caller's default applies.
pub fn seconds(name: &str) -> Option<Duration> {
    let value = std::env::var(name).ok()?;
    match value.trim().parse::<f64>() {
        Ok(secs) if (0.0..=MAX_SECONDS as f64).contains(&secs) => {
            Some(Duration::from_secs_f64(secs))
        }
        _ => {
            eprintln!(
                "otok: warning: {name}={value} is not a number of seconds from 0 to \
                 {MAX_SECONDS}; using the default"
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn seconds_from_the_environment_are_bounded() {
        let cases = [
            ("2.5", Some(Duration::from_millis(2500))),
            ("0", Some(Duration::ZERO)),
            ("-1", None),
            ("NaN", None),
            ("inf", None),
            ("1e300", None),
            ("soon", None),
        ];
        for (value, expected) in cases {
            std::env::set_var("OTOK_TEST_SECONDS", value);
            assert_eq!(super::seconds("OTOK_TEST_SECONDS"), expected, "{value}");
        }
        std::env::remove_var("OTOK_TEST_SECONDS");
        assert_eq!(super::seconds("OTOK_TEST_SECONDS"), None);
    }
}
