//! The adaptive retry mode's client-side rate limiter, as the AWS SDKs describe it: a token
//! bucket that only starts to hold requests back once the service has throttled, and whose fill
//! rate follows CUBIC (the TCP congestion control): cut to [`BETA`] of the rate measured at
//! each throttling answer, then grown back along a cubic curve that flattens around the rate
//! that was last throttled and rises past it after a while.
//!
//! Time is given by the caller in seconds (the configuration's [`TimeSource`]), so the
//! arithmetic is tested without a clock. Waiting is the caller's: [`RateLimiter::acquire`]
//! takes the token at once and says how long to wait for it to have been earned, so that
//! concurrent calls queue one behind the other at the fill rate instead of all waking up and
//! competing for the same token.
//!
//! [`TimeSource`]: crate::time::TimeSource

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// The share of the measured rate kept after a throttling answer.
const BETA: f64 = 0.7;
/// How fast the rate grows back (CUBIC's `C`).
const SCALE: f64 = 0.4;
/// The weight of the latest measurement of the send rate against the previous ones.
const SMOOTHING: f64 = 0.8;
/// The send rate is measured over slots of this many seconds.
const SLOT: f64 = 0.5;
/// The bucket never fills slower than this many tokens a second, so that a call always gets
/// through eventually.
const MIN_FILL_RATE: f64 = 0.5;
/// The rate never grows past this multiple of the measured send rate in one step.
const MAX_GROWTH: f64 = 2.0;

/// The rate limiter of the clients of one service built from one configuration.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Off until the first throttling answer: until then no request waits.
    enabled: bool,
    bucket: Bucket,
    measured: Measured,
    cubic: Cubic,
}

/// The token bucket. Tokens may go negative: a request takes its token at once and waits until
/// the bucket has earned it back.
#[derive(Debug)]
struct Bucket {
    fill_rate: f64,
    capacity: f64,
    tokens: f64,
    last_refill: Option<f64>,
}

/// The send rate, measured per [`SLOT`] and smoothed.
#[derive(Debug)]
struct Measured {
    rate: f64,
    requests: u64,
    last_slot: f64,
}

/// The CUBIC curve's parameters: the rate at the last throttling answer, when it came, and the
/// time the curve takes to climb back to that rate.
#[derive(Debug)]
struct Cubic {
    last_max_rate: f64,
    last_throttle: f64,
    time_to_max: f64,
}

impl RateLimiter {
    /// A limiter created at `now`: off, with a bucket of one token a second.
    pub(crate) fn new(now: f64) -> Self {
        let mut bucket = Bucket {
            fill_rate: 0.0,
            capacity: 0.0,
            tokens: 0.0,
            last_refill: None,
        };
        bucket.set_rate(1.0, now);
        Self {
            state: Mutex::new(State {
                enabled: false,
                bucket,
                measured: Measured {
                    rate: 0.0,
                    requests: 0,
                    last_slot: now.floor(),
                },
                cubic: Cubic {
                    last_max_rate: 0.0,
                    last_throttle: now,
                    time_to_max: 0.0,
                },
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is numbers updated in place: after a panic elsewhere they are still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a token for a request about to be sent at `now`, and says how long to wait before
    /// sending it (zero while the limiter is off, or when a token is available).
    pub(crate) fn acquire(&self, now: f64) -> Duration {
        let mut state = self.state();
        if !state.enabled {
            return Duration::ZERO;
        }
        let bucket = &mut state.bucket;
        bucket.refill(now);
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            return Duration::ZERO;
        }
        // Not a number only if the clock is broken: then better not to wait than to wait forever.
        Duration::try_from_secs_f64(-bucket.tokens / bucket.fill_rate).unwrap_or(Duration::ZERO)
    }

    /// Records the answer (or failure) of a request at `now`; `throttled` when the service
    /// said to slow down. Adjusts the fill rate.
    pub(crate) fn record(&self, now: f64, throttled: bool) {
        let mut state = self.state();
        let measured = state.measured.record(now);
        let rate = if throttled {
            let rate = if state.enabled {
                measured.min(state.bucket.fill_rate)
            } else {
                measured
            };
            state.enabled = true;
            state.cubic.throttled(rate, now)
        } else {
            state.cubic.rate_at(now)
        };
        state.bucket.set_rate(rate.min(MAX_GROWTH * measured), now);
        tracing::trace!(
            throttled,
            measured,
            rate = state.bucket.fill_rate,
            "send rate"
        );
    }

    /// The tokens the bucket adds a second.
    #[cfg(test)]
    fn fill_rate(&self) -> f64 {
        self.state().bucket.fill_rate
    }

    /// Whether requests wait for tokens.
    #[cfg(test)]
    fn enabled(&self) -> bool {
        self.state().enabled
    }
}

impl Bucket {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            // A clock that goes back earns nothing, rather than taking tokens away.
            let elapsed = (now - last).max(0.0);
            self.tokens = (self.tokens + elapsed * self.fill_rate).min(self.capacity);
        }
        self.last_refill = Some(now);
    }

    /// A new fill rate from `now` on; what was earned at the old rate is added first.
    fn set_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        // NaN (from a clock gone wrong) is taken as the minimum rate.
        self.fill_rate = if rate >= MIN_FILL_RATE {
            rate
        } else {
            MIN_FILL_RATE
        };
        self.capacity = if rate >= 1.0 { rate } else { 1.0 };
        self.tokens = self.tokens.min(self.capacity);
    }
}

impl Measured {
    /// Counts one request at `now`; the smoothed rate.
    fn record(&mut self, now: f64) -> f64 {
        let slot = (now / SLOT).floor() * SLOT;
        self.requests += 1;
        if slot > self.last_slot {
            let current = self.requests as f64 / (slot - self.last_slot);
            self.rate = current * SMOOTHING + self.rate * (1.0 - SMOOTHING);
            self.requests = 0;
            self.last_slot = slot;
        }
        self.rate
    }
}

impl Cubic {
    /// A throttling answer at `now` while sending at `rate`: the curve restarts from there,
    /// and the rate drops to [`BETA`] of it.
    fn throttled(&mut self, rate: f64, now: f64) -> f64 {
        self.last_max_rate = rate;
        self.last_throttle = now;
        self.time_to_max = (rate * (1.0 - BETA) / SCALE).cbrt();
        rate * BETA
    }

    /// The rate the curve allows at `now`.
    fn rate_at(&self, now: f64) -> f64 {
        let t = now - self.last_throttle - self.time_to_max;
        SCALE * t.powi(3) + self.last_max_rate
    }
}

/// The rate limiters of a configuration, one per service (by sdkId): throttling by one service
/// must not slow down calls to another.
#[derive(Debug, Default)]
pub(crate) struct RateLimiters(Mutex<HashMap<&'static str, Arc<RateLimiter>>>);

impl RateLimiters {
    /// The limiter of the service `sdk_id`, created at `now` if it is the first.
    pub(crate) fn for_service(&self, sdk_id: &'static str, now: f64) -> Arc<RateLimiter> {
        let mut limiters = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            limiters
                .entry(sdk_id)
                .or_insert_with(|| Arc::new(RateLimiter::new(now))),
        )
    }
}

/// `time` in seconds since the Unix epoch (0 before it).
pub(crate) fn seconds(time: SystemTime) -> f64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: f64 = 1_000.0;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn nothing_waits_until_the_first_throttle() {
        let limiter = RateLimiter::new(START);
        for step in 0..100 {
            let now = START + f64::from(step) * 0.01;
            assert_eq!(limiter.acquire(now), Duration::ZERO);
            limiter.record(now, false);
        }
        assert!(!limiter.enabled());
    }

    #[test]
    fn a_throttle_with_no_measured_rate_leaves_the_minimum_rate() {
        let limiter = RateLimiter::new(START);
        limiter.record(START, true);
        assert!(limiter.enabled());
        assert!(close(limiter.fill_rate(), MIN_FILL_RATE));
        // No token yet: the first request waits for one at half a token a second.
        assert_eq!(limiter.acquire(START), Duration::from_secs(2));
        // The next one queues behind it.
        assert_eq!(limiter.acquire(START), Duration::from_secs(4));
        // Two seconds later, the first token is earned: the next one waits 4 s more.
        assert_eq!(limiter.acquire(START + 2.0), Duration::from_secs(4));
    }

    #[test]
    fn the_measured_rate_is_smoothed_per_half_second() {
        let mut measured = Measured {
            rate: 0.0,
            requests: 0,
            last_slot: START,
        };
        // Ten requests in the first slot: nothing measured until the slot is over.
        for step in 0..10 {
            assert_eq!(measured.record(START + f64::from(step) * 0.04), 0.0);
        }
        // The eleventh opens the next slot: 11 requests in 0.5 s, weighed at 0.8.
        assert!(close(measured.record(START + 0.5), 22.0 * 0.8));
        // Then 2 requests in one slot: 4 a second, smoothed with the previous 17.6.
        measured.record(START + 0.7);
        assert!(close(measured.record(START + 1.0), 4.0 * 0.8 + 17.6 * 0.2));
    }

    #[test]
    fn cubic_drops_to_seventy_percent_then_climbs_back_past_the_old_rate() {
        let mut cubic = Cubic {
            last_max_rate: 0.0,
            last_throttle: START,
            time_to_max: 0.0,
        };
        assert!(close(cubic.throttled(10.0, START), 7.0));
        // The curve takes (10 × 0.3 / 0.4)^(1/3) s to climb back to 10.
        let k = 7.5f64.cbrt();
        assert!(close(cubic.time_to_max, k));
        assert!(close(cubic.rate_at(START), 7.0));
        assert!(close(cubic.rate_at(START + k), 10.0));
        // Flat around the old maximum, then above it.
        assert!(cubic.rate_at(START + k - 0.5) < 10.0);
        assert!(cubic.rate_at(START + k + 0.5) > 10.0);
        assert!(close(cubic.rate_at(START + k + 2.0), 10.0 + 0.4 * 8.0));
    }

    #[test]
    fn the_rate_follows_throttles_and_successes() {
        let limiter = RateLimiter::new(START);
        // 20 requests a second for two seconds, all successful.
        let mut now = START;
        for _ in 0..40 {
            limiter.record(now, false);
            now += 0.05;
        }
        limiter.record(now, true);
        let after_throttle = limiter.fill_rate();
        // 70 % of about 20 a second.
        assert!((12.0..16.0).contains(&after_throttle), "{after_throttle}");
        // Successes grow it back, never past twice the measured rate.
        for _ in 0..200 {
            now += 1.0 / after_throttle;
            assert!(limiter.acquire(now) < Duration::from_secs(1));
            limiter.record(now, false);
        }
        assert!(
            limiter.fill_rate() > after_throttle,
            "{}",
            limiter.fill_rate()
        );
        // Another throttle cuts it again.
        let before = limiter.fill_rate();
        limiter.record(now, true);
        assert!(limiter.fill_rate() < before);
    }

    #[test]
    fn a_clock_that_goes_back_earns_nothing_and_never_panics() {
        let limiter = RateLimiter::new(START);
        limiter.record(START, true);
        let wait = limiter.acquire(START - 3_600.0);
        assert!(wait >= Duration::from_secs(2), "{wait:?}");
        limiter.record(f64::NAN, true);
        limiter.record(f64::INFINITY, false);
        let _ = limiter.acquire(f64::NAN);
        assert!(limiter.fill_rate() >= MIN_FILL_RATE);
    }

    #[test]
    fn each_service_has_its_own_limiter() {
        let limiters = RateLimiters::default();
        let connect = limiters.for_service("Connect", START);
        assert!(Arc::ptr_eq(
            &connect,
            &limiters.for_service("Connect", START)
        ));
        let sts = limiters.for_service("STS", START);
        assert!(!Arc::ptr_eq(&connect, &sts));
        connect.record(START, true);
        assert!(connect.enabled() && !sts.enabled());
    }
}
