//! The time the client reads: when it signs a request, and when the adaptive retry mode's rate
//! limiter measures how fast it sends.
//!
//! The system clock by default; tests inject their own (a clock that is wrong, a clock that
//! moves only when the client waits), as they inject an [`AsyncSleep`](crate::AsyncSleep).

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Tells the time.
pub trait TimeSource: fmt::Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// [`TimeSource`] on the system clock (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A [`TimeSource`] shared by the clones of a configuration.
#[derive(Clone, Debug)]
pub(crate) struct SharedTimeSource(pub(crate) Arc<dyn TimeSource>);

impl Default for SharedTimeSource {
    fn default() -> Self {
        Self(Arc::new(SystemClock))
    }
}

impl SharedTimeSource {
    pub(crate) fn now(&self) -> SystemTime {
        self.0.now()
    }
}
