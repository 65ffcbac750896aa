//! Testing code that uses the SDK, without AWS (the `test-util` feature).
//!
//! - [`Stubs`] and [`Rule`]: answer a client's calls by operation (and input), with typed
//!   outputs, typed errors or HTTP answers, in sequence; count the calls. Nothing is sent.
//! - [`ReplayClient`]: an HTTP client that answers with recorded exchanges and checks the
//!   requests against them; [`CaptureClient`]: one that records what is sent.
//!
//! The SDK crates re-export this module as `test_util` under their own `test-util` feature; the
//! README shows a test written with it, and `crates/connect-examples/tests/stubbed.rs` is one.

mod http;
mod stub;

pub use http::{
    CaptureClient, RecordedRequest, RecordedResponse, ReplayClient, ReplayError, ReplayEvent,
};
pub use stub::{Rule, StubError, Stubs};
pub(crate) use stub::{StubAnswer, StubCall};
