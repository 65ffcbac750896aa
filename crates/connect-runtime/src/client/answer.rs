//! Receiving an answer: its body read up to the size limit (or handed on as a stream), then
//! read as the operation's output or typed error.

use super::transport::TransportErrorKind;
use super::{Answered, Client, Failure};
use crate::error::{ResponseError, SdkError, ServiceError, TimeoutError, TimeoutKind, Unhandled};
use crate::operation::{Body, HttpResponse, Operation, OperationError};
use crate::retry::RetryKind;
use crate::service::Protocol;

impl Client {
    /// Sends the request and reads the answer: the whole body, up to the size limit, unless
    /// the answer is a success whose body the operation streams to the caller.
    pub(super) async fn send(
        &self,
        request: super::transport::PreparedRequest,
        streaming_output: bool,
    ) -> Result<HttpResponse, Failure> {
        let http = self
            .inner
            .http
            .as_ref()
            .map_err(|error| (SdkError::Dispatch(error.clone().into()), None))?;
        let raw = http
            .send(request)
            .await
            .map_err(|error| self.transport_failure(error))?;
        let mut answer = HttpResponse {
            status: raw.status,
            headers: raw.headers,
            body: Body::empty(),
        };
        if streaming_output && (200..300).contains(&answer.status) {
            answer.body = Body::Stream(raw.body);
            return Ok(answer);
        }
        let limit = self.inner.config.max_response_size();
        let too_large = |answer: &HttpResponse| {
            let request_id = answer.request_id().map(str::to_owned);
            let error = ResponseError::too_large(answer.status, request_id, limit);
            (SdkError::Response(error), None)
        };
        // A declared length over the limit fails before a byte of the body is read.
        let declared = answer
            .header("content-length")
            .and_then(|length| length.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit) {
            return Err(too_large(&answer));
        }
        let mut body = Vec::new();
        let mut chunks = raw.body;
        while let Some(chunk) = chunks.next().await {
            match chunk {
                Ok(chunk) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Err(too_large(&answer));
                    }
                    body.extend_from_slice(&chunk);
                }
                Err(error) => {
                    let request_id = answer.request_id().map(str::to_owned);
                    let error = ResponseError::body(answer.status, request_id, error);
                    return Err((SdkError::Response(error), Some(RetryKind::Transient)));
                }
            }
        }
        answer.body = Body::Bytes(body);
        Ok(answer)
    }

    /// A request that got no answer: a connect timeout, or a failure that may not happen again
    /// (refused, reset or dropped connections), unless the request itself was unusable.
    fn transport_failure(&self, error: super::transport::TransportError) -> Failure {
        match error.kind() {
            TransportErrorKind::ConnectTimeout => {
                let limit = self.inner.config.connect_timeout().unwrap_or_default();
                let timeout =
                    TimeoutError::new(TimeoutKind::Connect, limit, Some(error.into_source()));
                (SdkError::Timeout(timeout), Some(RetryKind::Timeout))
            }
            TransportErrorKind::Unusable => (SdkError::Dispatch(error.into_source()), None),
            TransportErrorKind::Io => (
                SdkError::Dispatch(error.into_source()),
                Some(RetryKind::Transient),
            ),
        }
    }
}

/// Reads `response`, an answer to `O` from a service speaking `protocol`, as the client reads
/// the last answer of a call: a 2xx answer as `O`'s output, any other as one of `O`'s modeled
/// errors (by the code the protocol puts in it), else as unhandled. For tests and fuzzing of
/// the answer readers.
pub fn read_answer<O: Operation>(
    protocol: Protocol,
    response: HttpResponse,
) -> Result<O::Output, SdkError<O::Error>> {
    if (200..300).contains(&response.status) {
        return read::<O>(Answered::Success(response));
    }
    let (meta, body) = crate::protocol::error_metadata(protocol, &response);
    read::<O>(Answered::Error(meta, body, response))
}

/// Reads the last answer of a call as `O`'s output or typed error.
pub(super) fn read<O: Operation>(answer: Answered) -> Result<O::Output, SdkError<O::Error>> {
    match answer {
        Answered::Success(response) => {
            let (status, request_id) = (response.status, response.request_id().map(str::to_owned));
            O::parse_output(response).map_err(|error| {
                SdkError::Response(ResponseError::decode(status, request_id, error))
            })
        }
        Answered::Error(meta, body, response) => {
            Err(match O::Error::from_answer(&meta, &body, &response) {
                Some(Ok(error)) => SdkError::Service(ServiceError::new(error, meta)),
                Some(Err(error)) => {
                    let request_id = meta.request_id().map(str::to_owned);
                    SdkError::Response(ResponseError::decode(meta.status(), request_id, error))
                }
                None => {
                    let error = O::Error::unhandled(Unhandled::new(meta.clone()));
                    SdkError::Service(ServiceError::new(error, meta))
                }
            })
        }
        #[cfg(feature = "test-util")]
        Answered::Stubbed(result) => match result.downcast::<Result<O::Output, O::Error>>() {
            Ok(result) => (*result).map_err(|error| {
                let (code, status) = error.code_and_status();
                let meta = crate::ErrorMetadata::new(code.map(str::to_owned), None, status, None);
                SdkError::Service(ServiceError::new(error, meta))
            }),
            Err(_) => Err(SdkError::Dispatch(
                format!("a stub answered {} with a result of another type", O::NAME).into(),
            )),
        },
    }
}
