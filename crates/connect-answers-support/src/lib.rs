//! What every generated answers crate (`connect-answers`, `voice-id-answers`, ...) shares: the
//! types of its table of answer readers, so that the property tests
//! (`crates/connect-tests/tests/answers.rs`) and the cargo-fuzz targets (`fuzz/`) run over
//! the operations of every service as one list.

#![warn(missing_docs)]

use connect_runtime::{HttpResponse, Operation, OperationError, Protocol, SdkError};

/// What reading an answer gave.
#[derive(Debug)]
pub enum Read {
    /// A 2xx answer, read into the operation's output.
    Output,
    /// An error answer, read into one of the errors the operation models.
    Modeled,
    /// An error answer with a code the operation does not model (or none).
    Unhandled,
    /// An answer that does not have the shape it should.
    Malformed(connect_runtime::ResponseError),
}

/// One operation's answer readers.
#[derive(Clone, Copy, Debug)]
pub struct Answers {
    /// The service's name as botocore and the AWS CLI spell it (`connect`, `voice-id`).
    pub service: &'static str,
    /// The operation's name in the model.
    pub operation: &'static str,
    /// Reads an answer of the operation.
    pub read: fn(HttpResponse) -> Read,
    /// Sample bodies of a successful answer, one per sample set (`full`, `alternate`,
    /// `empty`, `required`), as the samples crate has them.
    pub samples: &'static [&'static str],
    /// The errors the operation models.
    pub errors: &'static [ModeledError],
}

/// An error an operation models.
#[derive(Clone, Copy, Debug)]
pub struct ModeledError {
    /// Its code (the shape's name), as `X-Amzn-ErrorType` or the body's `__type` says.
    pub code: &'static str,
    /// Its HTTP status.
    pub status: u16,
    /// A body with every member set.
    pub sample: &'static str,
}

/// Reads `response` as an answer of `O` from a service speaking `protocol`, as the client
/// reads it (`connect_runtime::read_answer`): a 2xx answer is `O`'s output; any other one of
/// `O`'s modeled errors, by the code the protocol puts in it, else unhandled.
pub fn read<O: Operation>(protocol: Protocol, response: HttpResponse) -> Read {
    match connect_runtime::read_answer::<O>(protocol, response) {
        Ok(_) => Read::Output,
        Err(SdkError::Service(error)) if error.err().is_unhandled() => Read::Unhandled,
        Err(SdkError::Service(_)) => Read::Modeled,
        Err(SdkError::Response(error)) => Read::Malformed(error),
        Err(other) => unreachable!("reading an answer sends nothing: {other}"),
    }
}
