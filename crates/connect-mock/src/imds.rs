//! A local EC2 instance metadata service (IMDSv2) on `127.0.0.1`: session tokens with a TTL,
//! the instance's role and its credentials, the region, and the ways a real one misbehaves.

use crate::{MockResponse, MockServer, RecordedRequest};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The header of `PUT /latest/api/token` asking for a token's lifetime, and of its answer.
pub const IMDS_TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
/// The header that carries the session token on every metadata request.
pub const IMDS_TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// The longest token lifetime EC2 grants: six hours.
pub const IMDS_MAX_TOKEN_TTL: u64 = 21_600;

const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials";
const REGION_PATH: &str = "/latest/meta-data/placement/region";

/// How the fake answers, besides the normal IMDSv2 exchange.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImdsBehaviour {
    /// Tokens are required and checked; metadata is served with a valid one.
    #[default]
    Normal,
    /// Every request is recorded and never answered (a host where nothing routes the
    /// metadata address, seen from a client that waits).
    Hang,
    /// Every request gets `500 Internal Server Error`.
    InternalError,
    /// An IMDSv1-only service: `PUT /latest/api/token` is refused with
    /// `405 Method Not Allowed`, and metadata is served without a token.
    V1Only,
}

struct State {
    behaviour: ImdsBehaviour,
    /// The role name and the body of its credentials.
    role: Option<(String, String)>,
    region: Option<String>,
    /// Tokens are granted for at most this long (EC2 grants what is asked, up to six hours).
    ttl_cap: Option<Duration>,
    /// Every token handed out, with the end of its lifetime.
    tokens: Vec<(String, Instant)>,
    /// Tokens given before this many were handed out are refused.
    revoked_before: usize,
}

/// A running fake instance metadata service; dropping it stops the server.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use connect_mock::{FakeImds, TemporaryCredentials};
/// use std::time::{Duration, SystemTime};
///
/// let imds = FakeImds::start().await?;
/// let expiry = SystemTime::now() + Duration::from_secs(3600);
/// let credentials = TemporaryCredentials::new("ASIAFAKE", "secret", "token", expiry);
/// imds.set_role("web-server", credentials.imds_json());
/// imds.set_region("eu-west-3");
/// // Point the client at `imds.endpoint()`, then inspect `imds.requests()`.
/// # Ok(())
/// # }
/// ```
pub struct FakeImds {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeImds {
    /// Binds `127.0.0.1:0` (within a tokio runtime); no role, no region, [`ImdsBehaviour::Normal`].
    ///
    /// # Errors
    ///
    /// Fails only if the listening socket cannot be bound.
    pub async fn start() -> std::io::Result<FakeImds> {
        let state = Arc::new(Mutex::new(State {
            behaviour: ImdsBehaviour::Normal,
            role: None,
            region: None,
            ttl_cap: None,
            tokens: Vec::new(),
            revoked_before: 0,
        }));
        let shared = Arc::clone(&state);
        let server =
            MockServer::start_unsigned(move |request| answer(&mut lock(&shared), request)).await?;
        Ok(FakeImds { server, state })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (what `AWS_EC2_METADATA_SERVICE_ENDPOINT`
    /// would be set to).
    #[must_use]
    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    /// Every request received so far, in order.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    /// Attaches role `name`, whose credentials request is answered with `body` (see
    /// [`TemporaryCredentials::imds_json`]; any text, to test malformed answers).
    pub fn set_role(&self, name: &str, body: impl Into<String>) {
        lock(&self.state).role = Some((name.to_owned(), body.into()));
    }

    /// Detaches the role: the role listing answers 404, as on an instance without a profile.
    pub fn remove_role(&self) {
        lock(&self.state).role = None;
    }

    /// The region `/latest/meta-data/placement/region` answers (404 until set).
    pub fn set_region(&self, region: &str) {
        lock(&self.state).region = Some(region.to_owned());
    }

    /// Changes how the fake answers from the next request on.
    pub fn set_behaviour(&self, behaviour: ImdsBehaviour) {
        lock(&self.state).behaviour = behaviour;
    }

    /// Grants tokens for at most `ttl`, whatever is asked (the answer's TTL header says so).
    pub fn cap_token_ttl(&self, ttl: Duration) {
        lock(&self.state).ttl_cap = Some(ttl);
    }

    /// Refuses every token handed out so far (`401`), as after the service restarted.
    pub fn revoke_tokens(&self) {
        let mut state = lock(&self.state);
        state.revoked_before = state.tokens.len();
    }

    /// How many tokens were handed out.
    #[must_use]
    pub fn tokens_issued(&self) -> usize {
        lock(&self.state).tokens.len()
    }
}

impl fmt::Debug for FakeImds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("FakeImds")
            .field("endpoint", &self.endpoint())
            .field("behaviour", &state.behaviour)
            .field("role", &state.role.as_ref().map(|(name, _)| name))
            .field("tokens_issued", &state.tokens.len())
            .finish_non_exhaustive()
    }
}

/// The state outlives a panicking responder (the server turns the panic into a 500).
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn text(status: u16, body: &str) -> MockResponse {
    MockResponse::json(status, body).with_content_type("text/plain")
}

fn answer(state: &mut State, request: &RecordedRequest) -> MockResponse {
    match state.behaviour {
        // A day is forever for a test; dropping the fake ends the wait.
        ImdsBehaviour::Hang => return text(200, "").delayed(Duration::from_secs(86_400)),
        ImdsBehaviour::InternalError => return text(500, "Internal Server Error"),
        ImdsBehaviour::V1Only if request.path() == TOKEN_PATH => {
            return text(405, "Method Not Allowed")
        }
        ImdsBehaviour::V1Only if request.method == "GET" => return metadata(state, request),
        ImdsBehaviour::Normal | ImdsBehaviour::V1Only => {}
    }
    match (request.method.as_str(), request.path()) {
        ("PUT", TOKEN_PATH) => issue_token(state, request),
        ("GET", _) => match token_refusal(state, request) {
            Some(refusal) => refusal,
            None => metadata(state, request),
        },
        _ => text(405, "Method Not Allowed"),
    }
}

/// A token for the TTL asked for, which must be 1 to 21,600 seconds, as EC2 requires.
fn issue_token(state: &mut State, request: &RecordedRequest) -> MockResponse {
    let asked = request
        .header(IMDS_TOKEN_TTL_HEADER)
        .and_then(|value| value.parse::<u64>().ok())
        .filter(|seconds| (1..=IMDS_MAX_TOKEN_TTL).contains(seconds));
    let Some(asked) = asked else {
        return text(
            400,
            "Bad Request: the token TTL header is missing or out of range",
        );
    };
    let cap = state.ttl_cap.map_or(asked, |cap| cap.as_secs().max(1));
    let granted = asked.min(cap);
    let token = format!("fake-imds-session-token-{}-AQAEAx", state.tokens.len() + 1);
    let valid_until = Instant::now() + Duration::from_secs(granted);
    state.tokens.push((token.clone(), valid_until));
    text(200, &token).with_header(IMDS_TOKEN_TTL_HEADER, granted.to_string())
}

/// `401` for a request without a token (IMDSv1), or with one unknown, revoked or expired.
fn token_refusal(state: &State, request: &RecordedRequest) -> Option<MockResponse> {
    let Some(token) = request.header(IMDS_TOKEN_HEADER) else {
        return Some(text(401, "Unauthorized: IMDSv1 requests are refused"));
    };
    let now = Instant::now();
    let valid = state
        .tokens
        .iter()
        .skip(state.revoked_before)
        .any(|(issued, until)| issued == token && now < *until);
    (!valid).then(|| text(401, "Unauthorized"))
}

fn metadata(state: &State, request: &RecordedRequest) -> MockResponse {
    let path = request.path();
    let not_found = || text(404, "Not Found");
    if path == REGION_PATH {
        return state
            .region
            .as_deref()
            .map_or_else(not_found, |region| text(200, region));
    }
    let Some(rest) = path.strip_prefix(ROLES_PATH) else {
        return not_found();
    };
    match (&state.role, rest) {
        (Some((name, _)), "" | "/") => text(200, name),
        (Some((name, body)), rest) if rest.strip_prefix('/') == Some(name.as_str()) => {
            MockResponse::json(200, body.clone())
        }
        _ => not_found(),
    }
}
