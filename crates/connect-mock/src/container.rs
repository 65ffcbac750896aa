//! A local container credentials endpoint (what ECS and EKS Pod Identity run beside a task)
//! on `127.0.0.1`: it checks the `Authorization` header and can be scripted.

use crate::{MockResponse, MockServer, RecordedRequest, TemporaryCredentials};
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The path the fake serves credentials at.
pub const FAKE_CONTAINER_PATH: &str = "/v2/credentials/fake-task";

struct State {
    credentials: TemporaryCredentials,
    /// The `Authorization` value every request must carry; `None` accepts any.
    authorization: Option<String>,
    /// Answers given, in order, to requests that pass the checks, before the credentials.
    script: VecDeque<MockResponse>,
}

/// A running fake container credentials endpoint; dropping it stops the server.
///
/// Requests must be `GET` [`FAKE_CONTAINER_PATH`] (else 405 or 404) and carry the required
/// `Authorization` value, if one is set (else 401). Those that do get the next scripted answer,
/// or else the credentials.
pub struct FakeContainerCredentials {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeContainerCredentials {
    /// Binds `127.0.0.1:0` (within a tokio runtime), serving `credentials`.
    ///
    /// # Errors
    ///
    /// Fails only if the listening socket cannot be bound.
    pub async fn start(credentials: TemporaryCredentials) -> std::io::Result<Self> {
        let state = Arc::new(Mutex::new(State {
            credentials,
            authorization: None,
            script: VecDeque::new(),
        }));
        let shared = Arc::clone(&state);
        let server =
            MockServer::start_unsigned(move |request| answer(&mut lock(&shared), request)).await?;
        Ok(Self { server, state })
    }

    /// The URL to set `AWS_CONTAINER_CREDENTIALS_FULL_URI` to.
    #[must_use]
    pub fn url(&self) -> String {
        format!("{}{FAKE_CONTAINER_PATH}", self.server.endpoint())
    }

    /// Every request received so far, in order.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    /// Requires `Authorization: <value>` from now on (`None`: no check).
    pub fn require_authorization(&self, value: Option<&str>) {
        lock(&self.state).authorization = value.map(str::to_owned);
    }

    /// Serves `credentials` from now on.
    pub fn set_credentials(&self, credentials: TemporaryCredentials) {
        lock(&self.state).credentials = credentials;
    }

    /// Answers the next authorized requests with `responses`, in order, then the credentials
    /// again.
    pub fn script(&self, responses: impl IntoIterator<Item = MockResponse>) {
        lock(&self.state).script.extend(responses);
    }
}

impl fmt::Debug for FakeContainerCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("FakeContainerCredentials")
            .field("url", &self.url())
            .field("credentials", &state.credentials)
            .field("checks_authorization", &state.authorization.is_some())
            .field("scripted", &state.script.len())
            .finish()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn error(status: u16, code: &str, message: &str) -> MockResponse {
    MockResponse::json(
        status,
        format!(r#"{{"code":"{code}","message":"{message}"}}"#),
    )
}

fn answer(state: &mut State, request: &RecordedRequest) -> MockResponse {
    if request.method != "GET" {
        return error(405, "MethodNotAllowed", "only GET is served");
    }
    if request.path() != FAKE_CONTAINER_PATH {
        return error(404, "NotFound", "no credentials at this path");
    }
    if let Some(expected) = &state.authorization {
        if request.header("authorization") != Some(expected.as_str()) {
            return error(
                401,
                "AccessDeniedException",
                "the Authorization header is missing or wrong",
            );
        }
    }
    state
        .script
        .pop_front()
        .unwrap_or_else(|| MockResponse::json(200, state.credentials.container_json()))
}
