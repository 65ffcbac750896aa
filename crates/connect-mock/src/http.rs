//! Just enough HTTP/1.1 (RFC 9112) for a test server: request heads,
//! `Content-Length` bodies, keep-alive, and responses framed with
//! `Content-Length`. Anything else is refused with a status code, never a panic.

use crate::MockResponse;

/// Longest request head (request line plus headers) accepted.
pub(crate) const MAX_HEAD: usize = 64 * 1024;
/// Largest body accepted; a mock has no use for more.
pub(crate) const MAX_BODY: u64 = 16 * 1024 * 1024;

/// A request that cannot be served; answered with `status` and then the
/// connection is closed, since its framing can no longer be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpError {
    pub(crate) status: u16,
    pub(crate) message: String,
}

impl HttpError {
    pub(crate) fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

fn bad_request(message: impl Into<String>) -> HttpError {
    HttpError::new(400, message)
}

/// A parsed request head and what it says about framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    /// Lower-cased names, trimmed values, in received order.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) content_length: u64,
    /// The connection must be closed after answering this request.
    pub(crate) close: bool,
    /// The client waits for `100 Continue` before sending the body.
    pub(crate) expect_continue: bool,
}

/// Position of the blank line ending the head, if it has arrived yet.
pub(crate) fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|window| window == b"\r\n\r\n")
}

/// RFC 9110 `tchar`: what a method or header name may consist of.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses a request head: `head` is everything before the terminating
/// `\r\n\r\n`.
pub(crate) fn parse_head(head: &[u8]) -> Result<Head, HttpError> {
    let text =
        std::str::from_utf8(head).map_err(|_| bad_request("request head is not valid UTF-8"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_request(format!(
            "malformed request line {request_line:?}"
        )));
    };
    if !is_token(method) {
        return Err(bad_request(format!("malformed method {method:?}")));
    }
    if !target.starts_with('/') || target.chars().any(|c| c.is_control() || c == ' ') {
        return Err(bad_request(format!(
            "request-target {target:?} is not an origin-form path"
        )));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => {
            return Err(HttpError::new(505, format!("unsupported version {v:?}")))
        }
        v => return Err(bad_request(format!("malformed HTTP version {v:?}"))),
    };

    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad_request(format!("header line without colon: {line:?}")))?;
        // No whitespace before the colon (RFC 9112 section 5.1) and no
        // obsolete line folding: both are classic request-smuggling vectors.
        if !is_token(name) {
            return Err(bad_request(format!("malformed header name {name:?}")));
        }
        let value = value.trim_matches([' ', '\t']);
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(bad_request(format!("control character in header {name:?}")));
        }
        headers.push((name.to_ascii_lowercase(), value.to_owned()));
    }

    let values = |wanted: &str| {
        headers
            .iter()
            .filter(|(name, _)| name == wanted)
            .map(|(_, value)| value.as_str())
            .collect::<Vec<_>>()
    };
    if !values("transfer-encoding").is_empty() {
        return Err(HttpError::new(
            501,
            "Transfer-Encoding is not supported; send a Content-Length",
        ));
    }
    let hosts = values("host").len();
    if hosts > 1 || (hosts == 0 && !http10) {
        return Err(bad_request(
            "an HTTP/1.1 request needs exactly one Host header",
        ));
    }
    let content_length = content_length(&values("content-length"))?;
    let connection_has = |token: &str| {
        values("connection")
            .iter()
            .flat_map(|value| value.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    let close = connection_has("close") || (http10 && !connection_has("keep-alive"));
    let expect_continue = values("expect")
        .iter()
        .any(|value| value.eq_ignore_ascii_case("100-continue"));

    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        content_length,
        close,
        expect_continue,
    })
}

/// All `Content-Length` values (also comma-separated ones) must agree.
fn content_length(values: &[&str]) -> Result<u64, HttpError> {
    let mut length = None;
    for item in values.iter().flat_map(|value| value.split(',')) {
        let item = item.trim();
        if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_request(format!("malformed Content-Length {item:?}")));
        }
        let parsed: u64 = item
            .parse()
            .map_err(|_| HttpError::new(413, "Content-Length too large"))?;
        if length.is_some_and(|previous| previous != parsed) {
            return Err(bad_request("conflicting Content-Length values"));
        }
        length = Some(parsed);
    }
    let length = length.unwrap_or(0);
    if length > MAX_BODY {
        return Err(HttpError::new(
            413,
            format!("body of {length} bytes exceeds the mock's limit of {MAX_BODY}"),
        ));
    }
    Ok(length)
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

/// Serializes a response. The server owns the framing headers, so the
/// responder's own `content-length`, `transfer-encoding` and `connection`
/// are dropped, as are headers that could not be written safely.
pub(crate) fn encode_response(response: &MockResponse, close: bool, head_only: bool) -> Vec<u8> {
    let status = response.status;
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status)).into_bytes();
    for (name, value) in &response.headers {
        let framing = ["content-length", "transfer-encoding", "connection"]
            .iter()
            .any(|f| name.eq_ignore_ascii_case(f));
        let unsafe_value = value.chars().any(|c| c.is_control() && c != '\t');
        if framing || unsafe_value || !is_token(name) {
            continue;
        }
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    // 204 and 304 responses carry no body and must not declare one.
    let bodiless = matches!(status, 204 | 304);
    if !bodiless {
        out.extend_from_slice(format!("content-length: {}\r\n", response.body.len()).as_bytes());
    }
    if close {
        out.extend_from_slice(b"connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !bodiless && !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Head, HttpError> {
        parse_head(text.as_bytes())
    }

    fn status(text: &str) -> u16 {
        match parse(text) {
            Ok(head) => panic!("{text:?} parsed: {head:?}"),
            Err(error) => error.status,
        }
    }

    #[test]
    fn parses_a_typical_request_head() {
        let head = parse(
            "POST /users/a%2Fb?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 13\r\n\
             X-Amz-Date:20150830T123600Z\r\nMy-Header:  a   b \t",
        )
        .unwrap();
        assert_eq!(head.method, "POST");
        assert_eq!(head.target, "/users/a%2Fb?x=1");
        assert_eq!(
            head.headers,
            vec![
                ("host".to_owned(), "localhost".to_owned()),
                ("content-length".to_owned(), "13".to_owned()),
                ("x-amz-date".to_owned(), "20150830T123600Z".to_owned()),
                ("my-header".to_owned(), "a   b".to_owned()),
            ]
        );
        assert_eq!(head.content_length, 13);
        assert!(!head.close);
        assert!(!head.expect_continue);
    }

    #[test]
    fn connection_semantics_follow_the_version() {
        assert!(
            parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close")
                .unwrap()
                .close
        );
        assert!(parse("GET / HTTP/1.0").unwrap().close);
        assert!(
            !parse("GET / HTTP/1.0\r\nConnection: keep-alive")
                .unwrap()
                .close
        );
        assert!(
            parse("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue")
                .unwrap()
                .expect_continue
        );
    }

    #[test]
    fn rejects_malformed_heads_with_the_right_status() {
        assert_eq!(status(""), 400);
        assert_eq!(status("HELLO"), 400);
        assert_eq!(status("GET  / HTTP/1.1\r\nHost: h"), 400);
        assert_eq!(status("GET / HTTP/1.1 extra\r\nHost: h"), 400);
        assert_eq!(status("G(T / HTTP/1.1\r\nHost: h"), 400);
        assert_eq!(status("GET http://x/ HTTP/1.1\r\nHost: h"), 400);
        assert_eq!(status("GET / HTTP/2.0\r\nHost: h"), 505);
        assert_eq!(status("GET / FTP/1.0\r\nHost: h"), 400);
        assert_eq!(status("GET / HTTP/1.1"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: a\r\nHost: b"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\nNoColon"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\nBad Name: x"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\nName : x"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\n folded"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: h\r\nA: b\nc"), 400);
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1"),
            400
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x"),
            400
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2"),
            400
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999"),
            413
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999"),
            413
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked"),
            501
        );
        assert_eq!(
            parse_head(b"GET /\xff HTTP/1.1\r\nHost: h")
                .unwrap_err()
                .status,
            400
        );
    }

    #[test]
    fn agreeing_content_lengths_are_accepted() {
        let head = parse("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3, 3")
            .unwrap();
        assert_eq!(head.content_length, 3);
    }

    #[test]
    fn finds_the_end_of_the_head() {
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n\r\nbody"), Some(14));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n"), None);
    }

    #[test]
    fn encodes_responses_with_server_owned_framing() {
        let response = MockResponse::json(200, "{}")
            .with_header("Content-Length", "999")
            .with_header("x-bad", "a\r\nInjected: yes")
            .with_header("x-good", "ok");
        let text = String::from_utf8(encode_response(&response, true, false)).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-good: ok\r\n\
             content-length: 2\r\nconnection: close\r\n\r\n{}"
        );
        let no_content = MockResponse::json(204, "ignored");
        let text = String::from_utf8(encode_response(&no_content, false, false)).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 204 No Content\r\ncontent-type: application/json\r\n\r\n"
        );
        let head = String::from_utf8(encode_response(&response, false, true)).unwrap();
        assert!(head.ends_with("content-length: 2\r\n\r\n"));
    }
}
