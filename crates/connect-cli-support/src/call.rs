//! Sending an input in its document form, page after page, and what can go wrong.

use crate::exit;
use connect_runtime::json;
use connect_runtime::paginate::next_token;
use connect_runtime::schema::{read_input, OperationSchema};
use connect_runtime::{BuildError, Client, SdkError};
use serde_json::Value;
use std::fmt;

/// Where a paginated operation keeps its continuation tokens and items (member names).
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    /// The input member the token is sent in.
    pub input_token: &'static str,
    /// The output member the next token comes in.
    pub output_token: &'static str,
    /// The output's list of items, when the model names one.
    pub items: Option<&'static str>,
}

/// Sends one request: `input` in its document form, read as the operation's input shape,
/// and the output in its document form.
pub async fn call(
    client: &Client,
    operation: &'static OperationSchema,
    input: &Value,
) -> Result<Value, Failure> {
    let name = operation.name;
    let usage = |error: &dyn fmt::Display| Failure::Usage(format!("{name}: the input: {error}"));
    // The runtime reads documents of its own; the tool's JSON crosses over as text.
    let document = json::parse_value(input.to_string().as_bytes()).map_err(|e| usage(&e))?;
    let input = read_input(operation, &document).map_err(|e| usage(&e))?;
    // Debug redacts sensitive members.
    tracing::debug!(operation = name, ?input, "sending");
    let output = client
        .invoke_document(&input)
        .await
        .map_err(|error| Failure::from_sdk(name, error))?;
    // Parsed here so that the members keep the order the runtime wrote them in, the model's.
    serde_json::from_str(&output)
        .map_err(|error| Failure::Other(format!("{name}: the output is not JSON: {error}")))
}

/// Sends `input`, and with `paging` every next page until the service gives no token (or an
/// empty one, or the one just sent). Pages are merged as the AWS CLI merges them: the items
/// (or, when the model names none, every list at the top of the output) are concatenated,
/// other members are the first page's, and the output token is left out.
pub async fn pages(
    operation: &'static OperationSchema,
    client: &Client,
    mut input: Value,
    paging: Option<Paging>,
) -> Result<Value, Failure> {
    let first = call(client, operation, &input).await?;
    let Some(paging) = paging else {
        return Ok(first);
    };
    let mut merged = first;
    let mut page = merged.clone();
    loop {
        let sent = input.get(paging.input_token).and_then(Value::as_str);
        let answered = page.get(paging.output_token).and_then(Value::as_str);
        // The SDK paginators' rule, so that the tool stops where they do.
        let Some(next) = next_token(sent, answered).map(str::to_owned) else {
            break;
        };
        tracing::debug!(page_token = %next, "next page");
        if let Value::Object(members) = &mut input {
            members.insert(paging.input_token.to_owned(), Value::String(next));
        }
        page = call(client, operation, &input).await?;
        merge(&mut merged, &page, paging.items);
    }
    if let Value::Object(members) = &mut merged {
        members.shift_remove(paging.output_token);
    }
    Ok(merged)
}

fn merge(merged: &mut Value, page: &Value, items: Option<&str>) {
    let (Value::Object(merged), Value::Object(page)) = (merged, page) else {
        return;
    };
    for (name, value) in page {
        let Value::Array(more) = value else { continue };
        if items.is_some_and(|items| items != name) {
            continue;
        }
        match merged.get_mut(name) {
            Some(Value::Array(list)) => list.extend(more.iter().cloned()),
            _ => {
                merged.insert(name.clone(), value.clone());
            }
        }
    }
}

/// Why the tool stopped, and so its exit status.
#[derive(Debug)]
pub enum Failure {
    /// The command line or the input is wrong; nothing was sent.
    Usage(String),
    /// The configuration (region, credentials, files, endpoint) is wrong; nothing was sent.
    Config(String),
    /// The service answered with an error.
    Service {
        /// The operation called.
        operation: &'static str,
        /// The error code, e.g. `ResourceNotFoundException`.
        code: String,
        /// The service's message.
        message: String,
        /// The HTTP status.
        status: u16,
        /// The request id to quote to AWS support.
        request_id: Option<String>,
    },
    /// The connection failed or timed out, the answer could not be read, or the output not
    /// written.
    Other(String),
}

impl Failure {
    /// The exit status: see [`exit`].
    pub fn status(&self) -> u8 {
        match self {
            Self::Usage(_) => exit::USAGE,
            Self::Config(_) => exit::CONFIG,
            Self::Service { .. } => exit::SERVICE,
            Self::Other(_) => exit::OTHER,
        }
    }

    /// Sorts an SDK error by whose fault it is.
    pub fn from_sdk<E>(operation: &'static str, error: SdkError<E>) -> Self {
        match error {
            SdkError::Construction(build) => match build {
                // These two name the operation themselves.
                BuildError::MissingMember { .. } | BuildError::Invalid(_) => {
                    Self::Usage(build.to_string())
                }
                BuildError::InvalidLabel { .. } | BuildError::InvalidMember { .. } => {
                    Self::Usage(format!("{operation}: {build}"))
                }
                BuildError::MissingRegion
                | BuildError::MissingCredentials
                | BuildError::Credentials(_)
                | BuildError::InvalidEndpoint { .. }
                | BuildError::Endpoint(_) => Self::Config(build.to_string()),
                other => Self::Other(format!("{operation}: {other}")),
            },
            SdkError::Service(service) => {
                let meta = service.meta();
                Self::Service {
                    operation,
                    code: meta.code().unwrap_or("Unknown").to_owned(),
                    message: meta.message().unwrap_or_default().to_owned(),
                    status: meta.status(),
                    request_id: meta.request_id().map(str::to_owned),
                }
            }
            other => Self::Other(format!("{operation}: {other}")),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // clap's own errors already start with `error:`.
            Self::Usage(text) if text.starts_with("error:") => f.write_str(text),
            Self::Usage(text) => write!(f, "error: {text}"),
            Self::Config(text) => write!(f, "error: configuration: {text}"),
            Self::Service {
                operation,
                code,
                message,
                status,
                request_id,
            } => {
                write!(
                    f,
                    "An error occurred ({code}) when calling the {operation} operation: {message}"
                )?;
                write!(f, "\nHTTP status: {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id: {id}")?;
                }
                Ok(())
            }
            Self::Other(text) => write!(f, "error: {text}"),
        }
    }
}
