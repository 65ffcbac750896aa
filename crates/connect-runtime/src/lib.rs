//! Model-independent runtime of the generated Amazon Connect SDK.
//!
//! Generated operation crates describe *what* to send (an [`Operation`]: a request serializer and
//! the answer parsers); this crate does the rest: configuration (from the environment and the
//! shared AWS files), credentials, SigV4 signing, the HTTP exchange, retries and timeouts,
//! tracing, and the error plumbing. Nothing here knows about a particular operation.
//!
//! Every call is traced: a `connect.operation` span (fields `operation`, `attempts`, `status`,
//! `request_id`) holds one `connect.attempt` span per attempt (`attempt`, `status`,
//! `request_id`), with debug events for retries. No header, body or credential is ever logged.

pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod label;
pub mod loader;
pub mod paginate;
mod profile;
pub mod query;
pub mod rest_json;
pub mod retry;
mod sign;
pub mod sleep;
pub mod timestamp;
pub mod validate;

pub use client::Client;
pub use config::{Config, ConfigBuilder};
pub use credentials::{Credentials, CredentialsError, ProvideCredentials};
pub use error::{
    BuildError, ErrorMetadata, ResponseError, ResponseErrorKind, SdkError, ServiceError,
    TimeoutError, TimeoutKind, Unhandled,
};
pub use http::{HttpRequest, HttpResponse, Operation, OperationError};
pub use loader::{ConfigLoader, Env, Fs, LoadError};
pub use paginate::PaginationStream;
pub use retry::RetryConfig;
pub use sleep::AsyncSleep;
pub use timestamp::{DateTime, TimestampFormat};
pub use validate::ValidationError;

/// A fresh idempotency token (a random UUID v4), for members with `@idempotencyToken` that the
/// caller leaves unset. The input keeps it, so every retry of a call sends the same token.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}
