//! Model-independent runtime of the generated Amazon Connect SDK.
//!
//! Generated operation crates describe *what* to send (an [`Operation`]: a request serializer and
//! the answer parsers); this crate does the rest: configuration, credentials, SigV4 signing, the
//! HTTP exchange and the error plumbing. Nothing here knows about a particular operation.

pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod label;
pub mod paginate;
pub mod query;
pub mod rest_json;
mod sign;
pub mod timestamp;

pub use client::Client;
pub use config::{Config, ConfigBuilder};
pub use credentials::Credentials;
pub use error::{BuildError, ErrorMetadata, ResponseError, SdkError, ServiceError, Unhandled};
pub use http::{HttpRequest, HttpResponse, Operation, OperationError};
pub use paginate::PaginationStream;
pub use timestamp::{DateTime, TimestampFormat};

/// A fresh idempotency token (a random UUID v4), for members with `@idempotencyToken` that the
/// caller leaves unset. The input keeps it, so every retry of a call sends the same token.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}
