//! Waiting: the backoff between attempts and the attempt and operation timeouts.
//!
//! The client waits through one [`AsyncSleep`], tokio's timer by default. Tests inject their own
//! to record the backoff delays without waiting for them.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

/// A future that completes once a duration has passed.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits for a duration. The client uses it for the backoff between attempts and for the
/// attempt and operation timeouts (the connect timeout is the HTTP client's own).
pub trait AsyncSleep: fmt::Debug + Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// [`AsyncSleep`] on tokio's timer (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// An [`AsyncSleep`] shared by the clones of a configuration.
#[derive(Clone, Debug)]
pub(crate) struct SharedAsyncSleep(pub(crate) Arc<dyn AsyncSleep>);

impl Default for SharedAsyncSleep {
    fn default() -> Self {
        Self(Arc::new(TokioSleep))
    }
}

/// `future`'s output, or `None` when `deadline` completes first. Dropping the returned future
/// drops both, which cancels whatever `future` was doing.
pub(crate) async fn first_of<F: Future>(future: F, deadline: Sleep) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut deadline = deadline;
    poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        deadline.as_mut().poll(cx).map(|()| None)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_deadline_wins_only_when_it_comes_first() {
        let sleep = TokioSleep;
        let slow = sleep.sleep(Duration::from_secs(30));
        assert_eq!(
            first_of(slow, sleep.sleep(Duration::from_millis(200))).await,
            None
        );
        let quick = async { 7 };
        assert_eq!(first_of(quick, sleep.sleep(Duration::ZERO)).await, Some(7));
        let fast = sleep.sleep(Duration::from_millis(10));
        let answer = async move {
            fast.await;
            "done"
        };
        assert_eq!(
            first_of(answer, sleep.sleep(Duration::from_secs(1))).await,
            Some("done")
        );
    }
}
