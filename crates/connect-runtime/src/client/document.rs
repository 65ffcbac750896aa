//! Calls described as data (feature `schema`): an input document sent and its answer read
//! from the operation's [`OperationSchema`], through the same attempt loop as typed calls.

use super::{failed, operation_span, Answered, Call, Client};
use crate::error::{ResponseError, SdkError, ServiceError, Unhandled};
use crate::interceptor::Secrets;
use crate::schema::{read_output, DocumentInput, OperationSchema};

impl Client {
    /// Sends `input` as its operation's schema says, and reads a successful answer into the
    /// output's document form: what [`Client::invoke`] does with the typed input and output
    /// of the same operation, and then the output's `ToJson` in the document form, as JSON
    /// text (members in the model's order).
    ///
    /// The input is validated first (constraints as the configuration says). Every error
    /// answer is reported as an [`Unhandled`] error with the service's code, message, status
    /// and request id; an answer that does not read as the model says is a
    /// [`ResponseError`], as for typed calls. A `@streaming` output's body is read in full
    /// (up to the size limit) and left out of the document, which has no place for it.
    pub async fn invoke_document(
        &self,
        input: &DocumentInput,
    ) -> Result<String, SdkError<Box<Unhandled>>> {
        let operation = input.operation();
        input
            .validate(self.config().validate_constraints())
            .map_err(|error| SdkError::Construction(error.into()))?;
        #[cfg(feature = "test-util")]
        self.refuse_stubs(input)?;
        let span = operation_span(self.inner.service.name, operation.name);
        let call = Call {
            operation: operation.name,
            input,
            auth: operation.auth,
            streaming_output: false,
            retryable: operation.retryable,
            secrets: Secrets {
                sensitive: &[],
                schema: Some(operation),
            },
            #[cfg(feature = "test-util")]
            stub: None,
        };
        let result = self
            .exchange(&call, &|| input.to_request(), &span)
            .await
            .map_err(SdkError::widen)
            .and_then(|answer| read_document(operation, answer));
        if let Err(error) = &result {
            failed(&span, error);
        }
        result
    }

    /// Stubs answer typed calls, by their input's type: a client that answers from stubs has
    /// none for a document's call.
    #[cfg(feature = "test-util")]
    fn refuse_stubs(&self, input: &DocumentInput) -> Result<(), SdkError<Box<Unhandled>>> {
        match &self.inner.config.stubs {
            None => Ok(()),
            Some(_) => Err(SdkError::Construction(crate::BuildError::Unstubbed {
                operation: input.operation().name,
                input: format!("{input:?}"),
            })),
        }
    }
}

/// Reads the last answer of a document's call: a success into the output's document form,
/// an error as the service names it.
fn read_document(
    operation: &'static OperationSchema,
    answer: Answered,
) -> Result<String, SdkError<Box<Unhandled>>> {
    match answer {
        Answered::Success(response) => {
            let (status, request_id) = (response.status, response.request_id().map(str::to_owned));
            read_output(operation, &response).map_err(|error| {
                SdkError::Response(ResponseError::decode(status, request_id, error))
            })
        }
        Answered::Error(meta, _, _) => {
            let error = Box::new(Unhandled::new(meta.clone()));
            Err(SdkError::Service(ServiceError::new(error, meta)))
        }
        #[cfg(feature = "test-util")]
        Answered::Stubbed(_) => Err(SdkError::Dispatch(
            format!(
                "a stub answered {}, which was sent from its schema",
                operation.name
            )
            .into(),
        )),
    }
}
