//! Model-independent runtime of the generated SDKs (Amazon Connect and the services of its
//! family): the same crate serves every service, which generated code describes as data
//! ([`ServiceInfo`]).
//!
//! Generated operation crates describe *what* to send (an [`Operation`]: a request serializer and
//! the answer parsers); this crate does the rest: configuration (from the environment and the
//! shared AWS files), credentials, SigV4 signing, the HTTP exchange, retries and timeouts,
//! tracing, and the error plumbing. Nothing here knows about a particular service or operation.
//!
//! Every call is traced: an `operation` span (fields `service`, `operation`, `attempts`,
//! `status`, `request_id`) holds one `attempt` span per attempt (`attempt`, `status`,
//! `request_id`), with debug events for retries. No header, body or credential is ever logged.
//!
//! Modules, lowest first (each imports only from those before it): `hex`, `random`,
//! [`service`], [`sleep`], [`time`], [`encoding`], [`json`], `xml` and `query` (awsQuery's
//! answers and requests, with the `aws-query` feature), [`stream`], [`validate`],
//! [`endpoint`], [`credentials`], [`error`], [`interceptor`], [`retry`], [`config`],
//! [`operation`], [`protocol`], [`client`], [`paginate`], and `test_util` (with the
//! `test-util` feature).

/// serde_json's `json!`, as a [`json::Value`] (through its text): tests write documents with
/// the reference reader's syntax.
#[cfg(test)]
macro_rules! json {
    ($($document:tt)+) => {
        $crate::json::parse_value(&serde_json::to_vec(&serde_json::json!($($document)+)).unwrap())
            .unwrap()
    };
}

pub mod client;
pub mod config;
pub mod credentials;
pub mod encoding;
pub mod endpoint;
pub mod error;
mod hex;
pub mod interceptor;
pub mod json;
pub mod operation;
pub mod paginate;
pub mod protocol;
#[cfg(feature = "aws-query")]
pub mod query;
mod random;
pub mod retry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod service;
pub mod sleep;
pub mod sorted_map;
pub mod stream;
#[cfg(test)]
mod test_random;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod time;
pub mod validate;
#[cfg(feature = "aws-query")]
pub mod xml;

pub use client::transport::{
    HttpClient, PreparedRequest, RawResponse, SendFuture, TransportError, TransportErrorKind,
};
pub use client::{read_answer, Client, Customize};
pub use config::loader::{ConfigLoader, Env, Fs, LoadError};
pub use config::{CaBundle, Config, ConfigBuilder, ProxyConfig};
pub use credentials::{Credentials, CredentialsError, ProvideCredentials, ProviderContext};
pub use encoding::timestamp::{DateTime, TimestampFormat};
pub use error::{
    BuildError, ErrorMetadata, ResponseError, ResponseErrorKind, SdkError, ServiceError,
    TimeoutError, TimeoutKind, Unhandled,
};
pub use operation::{Body, DecodeError, HttpRequest, HttpResponse, Operation, OperationError};
pub use paginate::PaginationStream;
pub use retry::{RetryConfig, RetryMode};
pub use service::{Auth, DefaultHttp, Protocol, ServiceInfo};
pub use sleep::AsyncSleep;
pub use sorted_map::SortedMap;
pub use stream::ByteStream;
pub use time::TimeSource;
pub use validate::ValidationError;

/// Blobs (`aws-smithy-types`' type: base64 in JSON bodies).
pub use aws_smithy_types::Blob;
/// `bigInteger` and `bigDecimal`: the number's text, which an application parses with the
/// arbitrary-precision library of its choice (`aws-smithy-types`' types).
pub use aws_smithy_types::{BigDecimal, BigInteger};
/// Documents: any JSON value (`aws-smithy-types`' type).
pub use aws_smithy_types::{Document, Number};

/// A fresh idempotency token (a random UUID v4), for members with `@idempotencyToken` that the
/// caller leaves unset. The input keeps it, so every retry of a call sends the same token.
pub fn idempotency_token() -> String {
    random::uuid_v4()
}
