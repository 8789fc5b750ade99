//! The stand-in's clock: real time plus what a test added. A test control, not a claim about
//! Cisco: every expiry (access tokens, authorization codes, refresh tokens), the rotation grace
//! of a refresh token, the rate limit's rolling hour and the `Retry-After` it computes, and the
//! JWT claims `iat`/`exp` read it, so no test has to sleep for the stand-in's time to pass.
//! (Casebook timestamps are real time: nothing in them expires.)
//!
//! Moved with `POST /__standin/clock/advance` `{seconds, client_id?}` and read with
//! `GET /__standin/clock[?client_id=X]` (see `crate::control`). Without `client_id` the whole
//! stand-in moves; with it, that client's time only (parallel tests each have a client of their
//! own, so one test's advance cannot expire another's tokens). A client's time is real time plus
//! both offsets. Time only moves forward. `POST /__standin/reset` sets every offset back to zero;
//! `POST /__standin/clients` sets that client's back to zero.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The most one advance may add (ten years): enough for any expiry, far from `Instant` overflow.
pub(crate) const MAX_ADVANCE_SECS: f64 = 10.0 * 365.0 * 86_400.0;

/// Offsets added to real time: the whole stand-in's, and each client's own (behind the server's lock).
#[derive(Default, Debug)]
pub(crate) struct Clock {
    all: Duration,
    clients: HashMap<String, Duration>,
}

impl Clock {
    /// How far ahead of real time this client's clock is.
    pub(crate) fn offset(&self, client_id: &str) -> Duration {
        self.all + self.clients.get(client_id).copied().unwrap_or_default()
    }

    /// Now, for timing this client's tokens, codes and requests.
    pub(crate) fn now(&self, client_id: &str) -> Instant {
        Instant::now() + self.offset(client_id)
    }

    /// Now as Unix time, for the claims of the tokens it issues.
    pub(crate) fn unix(&self, client_id: &str) -> Duration {
        (SystemTime::now() + self.offset(client_id)).duration_since(UNIX_EPOCH).unwrap_or_default()
    }

    /// Moves one client's time (or, with `None`, everyone's) forward. `Err` says what to send instead.
    pub(crate) fn advance(&mut self, client_id: Option<&str>, seconds: f64) -> Result<(), String> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err("seconds must be a number of seconds, 0 or more: the stand-in's clock only moves forward".into());
        }
        if seconds > MAX_ADVANCE_SECS {
            return Err(format!("seconds must be at most {MAX_ADVANCE_SECS} (ten years)"));
        }
        let by = Duration::from_secs_f64(seconds);
        match client_id {
            Some(id) => *self.clients.entry(id.to_string()).or_default() += by,
            None => self.all += by,
        }
        Ok(())
    }

    /// A client created again starts at the stand-in's shared time.
    pub(crate) fn forget(&mut self, client_id: &str) {
        self.clients.remove(client_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_add_up_per_client_and_for_everyone() {
        let mut c = Clock::default();
        assert_eq!(c.offset("a"), Duration::ZERO);
        c.advance(Some("a"), 5.5).unwrap();
        c.advance(Some("a"), 0.5).unwrap();
        c.advance(None, 10.0).unwrap();
        assert_eq!((c.offset("a"), c.offset("b")), (Duration::from_secs(16), Duration::from_secs(10)));
        let before = Instant::now();
        assert!(c.now("a") >= before + Duration::from_secs(16) && c.now("a") < before + Duration::from_secs(17));
        let real = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        assert!(c.unix("b") >= real + Duration::from_secs(10) && c.unix("b") < real + Duration::from_secs(11));
        c.forget("a");
        assert_eq!(c.offset("a"), Duration::from_secs(10));
    }

    #[test]
    fn refuses_to_go_back_or_too_far() {
        let mut c = Clock::default();
        for bad in [-1.0, f64::NAN, f64::INFINITY, MAX_ADVANCE_SECS + 1.0] {
            let e = c.advance(None, bad).unwrap_err();
            assert!(e.contains("seconds"), "{bad}: {e}");
        }
        assert_eq!(c.offset("x"), Duration::ZERO);
    }
}
