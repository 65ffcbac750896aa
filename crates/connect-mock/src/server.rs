//! The accept loop and per-connection request handling.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::http::{self, Head, HttpError};
use crate::{verify_sigv4, Credentials, MockResponse, RecordedRequest, SignatureCheck};

type Responder = dyn Fn(&RecordedRequest) -> MockResponse + Send + Sync;

/// Whose SigV4 signatures a server checks.
struct SigningScope {
    credentials: Credentials,
    region: String,
    service: String,
}

/// State shared by the accept loop, every connection and the handle.
struct Shared {
    /// `None`: the server checks no signature ([`MockServer::start_unsigned`]).
    signing: Option<SigningScope>,
    responder: Box<Responder>,
    requests: Mutex<Vec<RecordedRequest>>,
    last_request_id: AtomicU64,
}

impl Shared {
    /// The list is only ever appended to, so even after a panic elsewhere
    /// (a poisoned lock) its contents are consistent: take it over rather
    /// than propagate the panic into every later request.
    fn requests(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next_request_id(&self) -> String {
        let n = self.last_request_id.fetch_add(1, Ordering::Relaxed) + 1;
        format!("mock-request-{n}")
    }

    /// Adds `x-amzn-RequestId` unless the responder chose one.
    fn stamp(&self, mut response: MockResponse) -> MockResponse {
        let has_id = response
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-amzn-requestid"));
        if !has_id {
            let id = self.next_request_id();
            response.headers.push(("x-amzn-RequestId".to_owned(), id));
        }
        response
    }

    /// Verifies, records and answers one well-formed request.
    fn handle(&self, head: Head, body: Vec<u8>) -> MockResponse {
        let signature = match &self.signing {
            Some(scope) => verify_sigv4(
                &head.method,
                &head.target,
                &head.headers,
                &body,
                &scope.credentials,
                &scope.region,
                &scope.service,
            ),
            None => SignatureCheck::NotChecked,
        };
        let request = RecordedRequest {
            method: head.method,
            target: head.target,
            headers: head.headers,
            body,
            signature,
        };
        // Recorded before answering, so a client that has its response can
        // rely on `requests()` containing the request.
        self.requests().push(request.clone());
        let response = match &request.signature {
            SignatureCheck::Valid | SignatureCheck::NotChecked => {
                // A failing assertion inside the responder becomes a 500 that
                // the test can see, instead of a connection that just drops.
                match catch_unwind(AssertUnwindSafe(|| (self.responder)(&request))) {
                    Ok(response) if (200..=999).contains(&response.status) => response,
                    Ok(response) => MockResponse::aws_error(
                        500,
                        "InternalServerException",
                        &format!("the mock responder returned status {}", response.status),
                    ),
                    Err(_) => MockResponse::aws_error(
                        500,
                        "InternalServerException",
                        "the mock responder panicked",
                    ),
                }
            }
            SignatureCheck::Missing => MockResponse::aws_error(
                403,
                "InvalidSignatureException",
                "the request is not signed: it has no Authorization header",
            ),
            SignatureCheck::Invalid { reason } => {
                MockResponse::aws_error(403, "InvalidSignatureException", reason)
            }
        };
        self.stamp(response)
    }
}

/// A running mock endpoint on `127.0.0.1` with an ephemeral port.
///
/// Dropping it stops the server: the accept loop is aborted and, with it,
/// every open connection.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl MockServer {
    /// Binds `127.0.0.1:0` and spawns the accept loop on the current tokio
    /// runtime (so it must be called from within one).
    ///
    /// Requests must be SigV4-signed with `credentials` for `region` and
    /// `service`; those that are answer with `responder`'s response, the
    /// others get a `403 InvalidSignatureException`.
    ///
    /// # Errors
    ///
    /// Fails only if the listening socket cannot be bound.
    pub async fn start<F>(
        credentials: Credentials,
        region: &str,
        service: &str,
        responder: F,
    ) -> std::io::Result<MockServer>
    where
        F: Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    {
        let scope = SigningScope {
            credentials,
            region: region.to_owned(),
            service: service.to_owned(),
        };
        Self::bind(Some(scope), Box::new(responder)).await
    }

    /// Like [`MockServer::start`], for endpoints that take no SigV4
    /// signature (the instance metadata service, container credentials):
    /// every request is answered by `responder` and recorded with
    /// [`SignatureCheck::NotChecked`].
    ///
    /// # Errors
    ///
    /// Fails only if the listening socket cannot be bound.
    pub async fn start_unsigned<F>(responder: F) -> std::io::Result<MockServer>
    where
        F: Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    {
        Self::bind(None, Box::new(responder)).await
    }

    async fn bind(
        signing: Option<SigningScope>,
        responder: Box<Responder>,
    ) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            signing,
            responder,
            requests: Mutex::new(Vec::new()),
            last_request_id: AtomicU64::new(0),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(MockServer { addr, shared, task })
    }

    /// Base URL for the client, e.g. `http://127.0.0.1:41234`.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on, `127.0.0.1:<port>`.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in arrival order (a snapshot copy).
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests().clone()
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = self.shared.signing.as_ref();
        f.debug_struct("MockServer")
            .field("endpoint", &self.endpoint())
            .field("region", &scope.map(|scope| &scope.region))
            .field("service", &scope.map(|scope| &scope.service))
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An address on `127.0.0.1` where connecting never completes: a listener
/// that never accepts, with its accept queue already full.
///
/// On Linux a listener with backlog 0 queues one finished handshake; the
/// black hole takes that place with a connection of its own, so the kernel
/// drops every later SYN and a client's connect waits until its own timeout.
/// Unlike a non-routable address, this works offline and never answers with
/// "network unreachable".
#[derive(Debug)]
pub struct BlackHole {
    addr: SocketAddr,
    _listener: TcpListener,
    _filler: TcpStream,
}

impl BlackHole {
    /// Binds `127.0.0.1:0` with backlog 0 and fills the queue (must be
    /// called within a tokio runtime).
    ///
    /// # Errors
    ///
    /// Fails if the socket cannot be bound or the filling connection fails.
    pub async fn start() -> std::io::Result<BlackHole> {
        let socket = TcpSocket::new_v4()?;
        socket.bind((Ipv4Addr::LOCALHOST, 0).into())?;
        let listener = socket.listen(0)?;
        let addr = listener.local_addr()?;
        let filler = TcpStream::connect(addr).await?;
        Ok(BlackHole {
            addr,
            _listener: listener,
            _filler: filler,
        })
    }

    /// Base URL for the client, e.g. `http://127.0.0.1:41234`.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Accepts connections until aborted. Connections live in a `JoinSet` owned
/// by this task, so aborting it also aborts them.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&shared)));
                }
                // E.g. out of file descriptors: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            // Reap finished connections so the set does not grow forever.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Why reading the next request stopped.
enum ReadError {
    /// The peer went away or the socket failed: nothing to answer.
    Gone,
    /// The request is malformed: answer with this error, then close.
    Http(HttpError),
}

/// Serves requests on one connection until it closes, a request asks for
/// `Connection: close`, or a request is malformed.
async fn serve_connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    loop {
        let (head, body) = match read_request(&mut stream, &mut buf).await {
            Ok(Some(request)) => request,
            Ok(None) | Err(ReadError::Gone) => return,
            Err(ReadError::Http(error)) => {
                let response = shared.stamp(MockResponse::aws_error(
                    error.status,
                    "BadRequestException",
                    &error.message,
                ));
                let bytes = http::encode_response(&response, true, false);
                if stream.write_all(&bytes).await.is_ok() {
                    linger_close(&mut stream).await;
                }
                return;
            }
        };
        let close = head.close;
        let head_only = head.method == "HEAD";
        let response = shared.handle(head, body);
        if !response.delay.is_zero() {
            tokio::time::sleep(response.delay).await;
        }
        if response.hang_up {
            // The whole request was read, so closing sends a FIN, not a reset.
            return;
        }
        let bytes = http::encode_response(&response, close, head_only);
        if stream.write_all(&bytes).await.is_err() {
            return;
        }
        if close {
            linger_close(&mut stream).await;
            return;
        }
    }
}

/// Reads one request; `Ok(None)` is a clean close between requests. Bytes
/// past the request stay in `buf` for the next one (pipelining).
async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> Result<Option<(Head, Vec<u8>)>, ReadError> {
    let head_end = loop {
        // RFC 9112 section 2.2: ignore empty lines before a request line.
        let blank = buf.chunks(2).take_while(|pair| *pair == b"\r\n").count();
        buf.drain(..blank * 2);
        if let Some(end) = http::find_head_end(buf) {
            break end;
        }
        if buf.len() > http::MAX_HEAD {
            return Err(ReadError::Http(HttpError::new(
                431,
                "request head exceeds 64 KiB",
            )));
        }
        if read_more(stream, buf).await? == 0 {
            if buf.is_empty() {
                return Ok(None);
            }
            return Err(ReadError::Http(HttpError::new(
                400,
                "connection closed in the middle of a request head",
            )));
        }
    };
    if head_end > http::MAX_HEAD {
        return Err(ReadError::Http(HttpError::new(
            431,
            "request head exceeds 64 KiB",
        )));
    }
    let head = http::parse_head(&buf[..head_end]).map_err(ReadError::Http)?;
    buf.drain(..head_end + 4);

    // `parse_head` capped the length at MAX_BODY, which fits in usize.
    let length = usize::try_from(head.content_length)
        .map_err(|_| ReadError::Http(HttpError::new(413, "body too large")))?;
    if head.expect_continue && buf.len() < length {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .map_err(|_| ReadError::Gone)?;
    }
    while buf.len() < length {
        if read_more(stream, buf).await? == 0 {
            return Err(ReadError::Http(HttpError::new(
                400,
                "connection closed before the body reached its Content-Length",
            )));
        }
    }
    let body: Vec<u8> = buf.drain(..length).collect();
    Ok(Some((head, body)))
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<usize, ReadError> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await.map_err(|_| ReadError::Gone)?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

/// Half-closes, then briefly discards what the client is still sending:
/// closing a socket with unread input makes the kernel send a reset, which
/// can destroy the response before the client reads it.
async fn linger_close(stream: &mut TcpStream) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let drain = async {
        let mut sink = [0u8; 8192];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    };
    let _ = tokio::time::timeout(Duration::from_millis(500), drain).await;
}
