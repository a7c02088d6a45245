//! A live line while otok waits for a person (the browser, another device): the time left,
//! rewritten in place each second — on a terminal only. When stderr is a file or a pipe,
//! nothing is drawn: a log gets no carriage returns.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::when;

pub struct Countdown {
    label: String,
    deadline: Instant,
    live: bool,
}

impl Countdown {
    /// `label` is shown before the time left; it is otok's own text (a user code is
    /// sanitized before it gets here).
    pub fn new(label: impl Into<String>, total: Duration) -> Countdown {
        Countdown {
            label: label.into(),
            deadline: Instant::now() + total,
            live: std::io::stderr().is_terminal(),
        }
    }

    /// How long is left.
    pub fn left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Redraws the line.
    pub fn show(&self) {
        if self.live {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2K{}: {} left",
                self.label,
                when::span(self.left().as_secs())
            );
            let _ = err.flush();
        }
    }

    /// Waits `wait`, redrawing the line each second.
    pub fn sleep(&self, wait: Duration) {
        let until = Instant::now() + wait;
        loop {
            self.show();
            let now = Instant::now();
            if now >= until {
                return;
            }
            std::thread::sleep((until - now).min(Duration::from_secs(1)));
        }
    }
}

impl Drop for Countdown {
    /// Clears the line, so that what is printed next starts on a clean one.
    fn drop(&mut self) {
        if self.live {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
