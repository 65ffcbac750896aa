//! The retry modes of the AWS SDKs: which failures are retried, how long to wait, and the retry
//! quota that stops retries while the service is failing. The adaptive mode adds a client-side
//! rate limiter (`adaptive.rs`); answers may say how long to wait (`retry_after.rs`).
//!
//! - At most [`RetryConfig::max_attempts`] attempts (3 by default).
//! - Throttling errors, transient errors (HTTP 500, 502, 503, 504, the transient codes, a
//!   connection that fails or drops before an answer) and attempt or connect timeouts are
//!   retried; other errors are not.
//! - Before retry `n` (1 for the first), the client waits a random duration between zero and
//!   `initial_backoff × 2ⁿ⁻¹`, capped at `max_backoff` (1 s and 20 s by default): exponential
//!   backoff with full jitter.
//! - A retry quota of 500 tokens is shared by every call of a client: a retry takes 5 tokens
//!   (10 after a timeout), and when not enough are left the error is returned at once. A call
//!   that succeeds gives back what its last retry took, or 1 token when it needed no retry.
//! - An error answer with `x-amz-retry-after` or `Retry-After` stretches the wait up to what it
//!   asks, by at most 5 s and never beyond `max_backoff` (`retry_after.rs`).

pub(crate) mod adaptive;
pub(crate) mod retry_after;

use crate::error::ErrorMetadata;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Error codes that mean the caller is sending too fast.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of failures that may not happen again.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses of failures that may not happen again.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The quota's size, and what a retry takes from it.
const QUOTA_CAPACITY: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;

/// The retry modes of the AWS SDKs (`AWS_RETRY_MODE`, `retry_mode`) this SDK implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries with backoff under a retry quota.
    Standard,
    /// The standard mode, and a client-side rate limiter that slows every call of the
    /// configuration's clients of one service down once that service throttles, then lets the
    /// rate grow back (see [`RetryConfig::adaptive`]).
    Adaptive,
}

impl RetryMode {
    /// The name used in the settings: `standard` or `adaptive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Adaptive => "adaptive",
        }
    }
}

/// How failed attempts are retried (the AWS SDKs' standard or adaptive retry mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// The standard mode: 3 attempts, backoff from 1 s, never more than 20 s.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// The adaptive mode: the standard mode, and a rate limiter shared by the clients of one
    /// service built from one [`Config`](crate::Config). Until the service first throttles, it
    /// does nothing; then every request waits for a token of a bucket whose fill rate drops to
    /// 70 % of the measured send rate at each throttling answer and grows back along a CUBIC
    /// curve (never under half a request a second, never over twice the measured rate).
    pub fn adaptive() -> Self {
        Self::standard().with_mode(RetryMode::Adaptive)
    }

    /// The same settings in retry mode `mode`.
    pub fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Makes at most `max_attempts` attempts, the first included (0 is taken as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The longest wait before the first retry; it doubles with every retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest wait before any retry.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The most attempts a call makes, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest wait before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait before any retry.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The wait before retry number `retry` (1 for the first) for a `jitter` in `[0, 1)`:
    /// `jitter × initial_backoff × 2^(retry-1)`, capped at `max_backoff`. Computed in floating
    /// point with a bounded exponent, so no number of retries overflows.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(64);
        let growth = 2f64.powi(exponent as i32);
        let ceiling = self.max_backoff.as_secs_f64();
        let seconds =
            (jitter.clamp(0.0, 1.0) * self.initial_backoff.as_secs_f64() * growth).min(ceiling);
        Duration::try_from_secs_f64(seconds).unwrap_or(self.max_backoff)
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Why a failed attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// The service said to slow down.
    Throttling,
    /// A failure that may not happen again: a 5xx, a dropped connection.
    Transient,
    /// A connect or attempt timeout.
    Timeout,
}

impl RetryKind {
    /// The tokens a retry of this kind takes from the quota.
    pub(crate) fn cost(self) -> u32 {
        match self {
            Self::Timeout => TIMEOUT_RETRY_COST,
            Self::Throttling | Self::Transient => RETRY_COST,
        }
    }

    /// The name used in traces.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Throttling => "throttling",
            Self::Transient => "transient",
            Self::Timeout => "timeout",
        }
    }
}

/// Whether an error answer is worth retrying, from its code and status, and the operation's
/// `@retryable` errors (`retryable`: code, and whether it is throttling). Models do not mark
/// every throttling error `@retryable` (Amazon Connect's `ThrottlingException` is not), so the
/// code lists and the status decide too.
pub(crate) fn classify(meta: &ErrorMetadata, retryable: &[(&str, bool)]) -> Option<RetryKind> {
    let code = meta.code().unwrap_or_default();
    let modeled = retryable.iter().find(|(name, _)| *name == code);
    if let Some((_, throttling)) = modeled {
        return Some(if *throttling {
            RetryKind::Throttling
        } else {
            RetryKind::Transient
        });
    }
    if THROTTLING_CODES.contains(&code) || meta.status() == 429 {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&meta.status()) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// The retry quota: a token bucket shared by every call of one client.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: AtomicU32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self {
            available: AtomicU32::new(QUOTA_CAPACITY),
        }
    }
}

impl RetryQuota {
    /// Takes `cost` tokens if that many are left.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |available| {
                available.checked_sub(cost)
            })
            .is_ok()
    }

    /// Gives back what a successful call's last retry took (`None`: it needed no retry, and
    /// adds one token), never beyond the capacity.
    pub(crate) fn on_success(&self, last_retry_cost: Option<u32>) {
        let amount = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        // The closure always returns `Some`, so the update cannot fail.
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |available| {
                Some(available.saturating_add(amount).min(QUOTA_CAPACITY))
            });
    }

    /// The tokens left.
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(code: Option<&str>, status: u16) -> ErrorMetadata {
        ErrorMetadata::new(code.map(str::to_owned), None, status, None)
    }

    fn classify_unmodeled(meta: &ErrorMetadata) -> Option<RetryKind> {
        classify(meta, &[])
    }

    #[test]
    fn modeled_retryable_errors_are_retried() {
        let table = [("ConflictException", false), ("SlowDownPlease", true)];
        let conflict = meta(Some("ConflictException"), 409);
        assert_eq!(classify(&conflict, &table), Some(RetryKind::Transient));
        assert_eq!(classify(&conflict, &[]), None);
        let slow = meta(Some("SlowDownPlease"), 400);
        assert_eq!(classify(&slow, &table), Some(RetryKind::Throttling));
    }

    #[test]
    fn errors_are_classified_by_code_then_status() {
        for code in THROTTLING_CODES {
            assert_eq!(
                classify_unmodeled(&meta(Some(code), 400)),
                Some(RetryKind::Throttling),
                "{code}"
            );
        }
        assert_eq!(
            classify_unmodeled(&meta(Some("ThrottlingException"), 429)),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            classify_unmodeled(&meta(None, 429)),
            Some(RetryKind::Throttling)
        );
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify_unmodeled(&meta(Some("InternalServiceException"), status)),
                Some(RetryKind::Transient)
            );
        }
        for code in ["RequestTimeout", "RequestTimeoutException", "InternalError"] {
            assert_eq!(
                classify_unmodeled(&meta(Some(code), 400)),
                Some(RetryKind::Transient)
            );
        }
        for (code, status) in [
            (Some("InvalidParameterException"), 400),
            (Some("AccessDeniedException"), 403),
            (Some("ResourceNotFoundException"), 404),
            (None, 400),
            (None, 501),
            (None, 505),
            (Some("throttlingexception"), 400),
        ] {
            assert_eq!(
                classify_unmodeled(&meta(code, status)),
                None,
                "{code:?} {status}"
            );
        }
    }

    #[test]
    fn backoff_doubles_from_the_initial_backoff_and_is_capped() {
        let config = RetryConfig::standard();
        assert_eq!(config.backoff(1, 0.0), Duration::ZERO);
        assert_eq!(config.backoff(1, 0.5), Duration::from_millis(500));
        assert_eq!(config.backoff(2, 0.5), Duration::from_secs(1));
        assert_eq!(config.backoff(3, 0.5), Duration::from_secs(2));
        assert_eq!(config.backoff(5, 0.75), Duration::from_secs(12));
        assert_eq!(config.backoff(6, 0.75), Duration::from_secs(20));
        let tiny = config.with_initial_backoff(Duration::from_millis(10));
        assert_eq!(tiny.backoff(3, 0.5), Duration::from_millis(20));
    }

    #[test]
    fn backoff_never_overflows() {
        let config = RetryConfig::standard();
        for retry in [64, 65, 100, 1_000, u32::MAX] {
            assert_eq!(config.backoff(retry, 0.999), Duration::from_secs(20));
            assert_eq!(config.backoff(retry, 0.0), Duration::ZERO);
        }
        let extreme = RetryConfig::standard()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert!(extreme.backoff(u32::MAX, 0.999) > Duration::from_secs(1 << 60));
        assert_eq!(
            RetryConfig::standard()
                .with_max_backoff(Duration::ZERO)
                .backoff(3, 0.9),
            Duration::ZERO
        );
        assert_eq!(config.backoff(0, 0.5), Duration::from_millis(500));
        assert_eq!(config.backoff(2, f64::NAN), Duration::from_secs(20));
    }

    #[test]
    fn max_attempts_is_at_least_one() {
        assert_eq!(RetryConfig::standard().max_attempts(), 3);
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn the_quota_runs_out_and_refills_on_success() {
        let quota = RetryQuota::default();
        let mut retries = 0;
        while quota.try_acquire(RetryKind::Transient.cost()) {
            retries += 1;
        }
        assert_eq!(retries, 100);
        assert!(!quota.try_acquire(RetryKind::Transient.cost()));
        quota.on_success(Some(RetryKind::Timeout.cost()));
        assert_eq!(quota.available(), 10);
        assert!(quota.try_acquire(RetryKind::Timeout.cost()));
        assert!(!quota.try_acquire(1));
        quota.on_success(None);
        assert_eq!(quota.available(), 1);
        for _ in 0..1_000 {
            quota.on_success(Some(5));
        }
        assert_eq!(quota.available(), QUOTA_CAPACITY);
    }
}
