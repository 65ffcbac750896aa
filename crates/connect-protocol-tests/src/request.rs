//! A request case: what the SDK sent, against the case's `serialized`.
//!
//! Compared as Smithy's `httpRequestTests` define it (botocore's `serialized` merges a test's
//! `uri` and `queryParams` into `uri`, and its `resolvedHost` into `host`): the method; the
//! path, percent-encoding included, up to RFC 3986's equivalences (unreserved characters
//! escaped or not, hex digits in either case); the query parameters in the same normal form,
//! in any order but for the values of one name, whose order is a list's; each expected header
//! present with that value (names case-insensitive), `forbidHeaders` absent, `requireHeaders`
//! present; the host, when given (an endpoint with a path, `example.com/custom`, also
//! prefixes the path); the body, when given (no body in a case asserts nothing about it, as
//! in Smithy): JSON bodies as JSON values, others byte for byte, an empty one as empty.

use crate::suite::Case;
use crate::transport::Sent;
use crate::values::compare_values;
use crate::Verdict;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Where an idempotency token the SDK fills in travels.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Query(String),
    Header(String),
    Body(String),
}

/// The differences between `sent` and the case's `serialized`, and the notes on what was
/// compared other than as written (idempotency tokens).
pub fn compare(case: &Case, sent: &Sent) -> Result<Verdict, String> {
    let expected = case
        .get("serialized")
        .and_then(Value::as_object)
        .ok_or("the case has no `serialized`")?;
    let tokens = filled_tokens(case)?;
    let mut differences = Vec::new();
    let mut notes = Vec::new();
    let text = |key: &str| expected.get(key).and_then(Value::as_str);
    if let Some(method) = text("method") {
        if method != sent.method {
            differences.push(format!("method: expected {method}, sent {}", sent.method));
        }
    }
    let (authority, path, query) = split_url(&sent.url);
    if let Some(host) = text("host") {
        compare_host(host, authority, path, &mut differences);
    }
    let uri = text("uri").ok_or("`serialized` has no `uri`")?;
    let (expected_path, expected_query) = uri.split_once('?').unwrap_or((uri, ""));
    if normalize(expected_path) != normalize(path) {
        differences.push(format!("path: expected {expected_path:?}, sent {path:?}"));
    }
    let sent_query = with_tokens(
        query.unwrap_or_default(),
        expected_query,
        &tokens,
        &mut notes,
    );
    compare_query(expected_query, &sent_query, &mut differences);
    compare_headers(expected, sent, &tokens, &mut differences, &mut notes);
    if let Some(body) = text("body") {
        compare_body(expected, body, sent, &tokens, &mut differences, &mut notes);
    }
    Ok(Verdict { differences, notes })
}

/// Authority, path and query of a URL as the runtime writes it (`https://host/path?query`).
pub fn split_url(url: &str) -> (&str, &str, Option<&str>) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (authority, target) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    match target.split_once('?') {
        Some((path, query)) => (authority, path, Some(query)),
        None => (authority, target, None),
    }
}

/// The host (`foo.example.com`), or an endpoint with a path (`example.com/custom`), which
/// comes before the operation's path.
fn compare_host(host: &str, authority: &str, path: &str, differences: &mut Vec<String>) {
    let (expected, prefix) = host.split_once('/').unwrap_or((host, ""));
    if expected != authority {
        differences.push(format!("host: expected {expected:?}, sent {authority:?}"));
    }
    if !prefix.is_empty() && !path.starts_with(&format!("/{prefix}/")) {
        differences.push(format!("path: expected below /{prefix}, sent {path:?}"));
    }
}

/// The input members that are idempotency tokens the case leaves unset, which the SDK fills
/// in.
fn filled_tokens(case: &Case) -> Result<Vec<Token>, String> {
    let Some(input) = case.io_shape("input") else {
        return Ok(Vec::new());
    };
    let params = case.get("params").and_then(Value::as_object);
    let is_set = |member: &str| params.is_some_and(|params| params.contains_key(member));
    let mut tokens = Vec::new();
    for (member, reference) in case.shapes.members(input)? {
        if reference.get("idempotencyToken").and_then(Value::as_bool) != Some(true)
            || is_set(member)
        {
            continue;
        }
        let wire = reference
            .get("locationName")
            .and_then(Value::as_str)
            .unwrap_or(member)
            .to_owned();
        tokens.push(match reference.get("location").and_then(Value::as_str) {
            Some("querystring") => Token::Query(wire),
            Some("header") => Token::Header(wire),
            _ => Token::Body(wire),
        });
    }
    Ok(tokens)
}

/// A UUID of version 4 and the RFC 4122 variant, as the SDK generates idempotency tokens.
fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let hex = groups
        .iter()
        .all(|group| group.bytes().all(|b| b.is_ascii_hexdigit()));
    let shape = groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12]);
    shape
        && hex
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b', 'A', 'B'])
}

/// The token botocore's tests fill in: they patch its UUID generator to give this.
const BOTOCORE_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Whether the token the SDK filled in stands for the case's: the case expects botocore's
/// patched token, and the SDK's is a UUID v4 (a random one, as it must be); the note says so.
fn token_note(name: &str, sent: &str, expected: &str) -> Option<String> {
    (expected == BOTOCORE_TOKEN && is_uuid_v4(sent)).then(|| {
        format!(
            "idempotency token `{name}` filled in with UUID v4 {sent}, compared as the suite's \
             {expected}"
        )
    })
}

/// `query` with the value of each filled-in token replaced by the case's, when it stands for
/// it ([`token_note`]).
fn with_tokens(query: &str, expected: &str, tokens: &[Token], notes: &mut Vec<String>) -> String {
    let expected_value = |name: &str| {
        expected
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    let pairs = query.split('&').map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = decode(name);
        let replacement = tokens
            .iter()
            .any(|token| *token == Token::Query(decoded.clone()))
            .then(|| expected_value(name))
            .flatten()
            .and_then(|wanted| {
                let note = token_note(&decoded, &decode(value), &decode(wanted))?;
                notes.push(note);
                Some(format!("{name}={wanted}"))
            });
        replacement.unwrap_or_else(|| pair.to_owned())
    });
    pairs.collect::<Vec<_>>().join("&")
}

/// `text` percent-decoded (`+` stays `+`: it is not a space in an AWS query).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A path or query in a normal form of RFC 3986's equivalence: unreserved characters decoded,
/// other escapes with upper-case hex digits.
fn normalize(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = bytes
            .get(at + 1..at + 3)
            .filter(|_| bytes[at] == b'%')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) => {
                out.push(byte);
                at += 3;
            }
            Some(byte) => {
                out.extend_from_slice(format!("%{byte:02X}").as_bytes());
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A query's parameters in normal form, by name, each name's values in order.
fn parameters(query: &str) -> BTreeMap<String, Vec<String>> {
    let mut parameters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let pair = normalize(pair);
        let name = pair.split('=').next().unwrap_or_default().to_owned();
        parameters.entry(name).or_default().push(pair);
    }
    parameters
}

fn compare_query(expected: &str, sent: &str, differences: &mut Vec<String>) {
    let (expected, sent) = (parameters(expected), parameters(sent));
    for name in expected
        .keys()
        .chain(sent.keys().filter(|name| !expected.contains_key(*name)))
    {
        let (wanted, got) = (expected.get(name), sent.get(name));
        if wanted != got {
            differences.push(format!(
                "query `{name}`: expected {:?}, sent {:?}",
                wanted.cloned().unwrap_or_default(),
                got.cloned().unwrap_or_default()
            ));
        }
    }
}

fn compare_headers(
    expected: &Map<String, Value>,
    sent: &Sent,
    tokens: &[Token],
    differences: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let headers = expected.get("headers").and_then(Value::as_object);
    for (name, value) in headers.into_iter().flatten() {
        let wanted = value.as_str().unwrap_or_default();
        let mut got = sent.header(name);
        let is_token = tokens.iter().any(
            |token| matches!(token, Token::Header(header) if header.eq_ignore_ascii_case(name)),
        );
        if let Some(note) = got
            .as_deref()
            .filter(|_| is_token)
            .and_then(|got| token_note(name, got, wanted))
        {
            notes.push(note);
            got = Some(wanted.to_owned());
        }
        if got.as_deref() != Some(wanted) {
            differences.push(format!("header {name}: expected {wanted:?}, sent {got:?}"));
        }
    }
    let list = |key: &str| {
        expected
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    };
    for name in list("forbidHeaders") {
        if let Some(value) = sent.header(name) {
            differences.push(format!("header {name} is forbidden, sent {value:?}"));
        }
    }
    for name in list("requireHeaders") {
        if sent.header(name).is_none() {
            differences.push(format!("header {name} is required, not sent"));
        }
    }
}

/// Whether a body of media type `content_type` is JSON.
fn is_json(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    media == "application/json" || media.starts_with("application/x-amz-json")
}

fn compare_body(
    expected: &Map<String, Value>,
    body: &str,
    sent: &Sent,
    tokens: &[Token],
    differences: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let shown = || String::from_utf8_lossy(&sent.body).into_owned();
    if body.is_empty() || sent.body.is_empty() {
        if body.as_bytes() != sent.body {
            differences.push(format!("body: expected {body:?}, sent {:?}", shown()));
        }
        return;
    }
    let content_type = sent.header("content-type").or_else(|| {
        let headers = expected.get("headers").and_then(Value::as_object)?;
        let (_, value) = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))?;
        value.as_str().map(str::to_owned)
    });
    if !content_type.as_deref().is_some_and(is_json) {
        if body.as_bytes() != sent.body {
            differences.push(format!("body: expected {body:?}, sent {:?}", shown()));
        }
        return;
    }
    let parsed = (
        serde_json::from_str::<Value>(body),
        serde_json::from_slice::<Value>(&sent.body),
    );
    match parsed {
        (Ok(wanted), Ok(mut got)) => {
            replace_body_tokens(&wanted, &mut got, tokens, notes);
            compare_values("body", &wanted, &got, differences);
        }
        (Err(error), _) => differences.push(format!("the expected body is not JSON: {error}")),
        (_, Err(error)) => differences.push(format!("body is not JSON ({error}): {:?}", shown())),
    }
}

/// Replaces in `got` each filled-in token that stands for the case's ([`token_note`]) by it.
fn replace_body_tokens(wanted: &Value, got: &mut Value, tokens: &[Token], notes: &mut Vec<String>) {
    for token in tokens {
        let Token::Body(name) = token else { continue };
        let (Some(wanted), Some(value)) = (wanted.get(name), got.get_mut(name)) else {
            continue;
        };
        let (Some(expected), Some(filled)) = (wanted.as_str(), value.as_str()) else {
            continue;
        };
        if let Some(note) = token_note(name, filled, expected) {
            notes.push(note);
            *value = wanted.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_authority_path_and_query() {
        assert_eq!(
            split_url("https://foo.example.com/custom/Op?a=1&b"),
            ("foo.example.com", "/custom/Op", Some("a=1&b"))
        );
        assert_eq!(
            split_url("https://example.com/"),
            ("example.com", "/", None)
        );
    }

    #[test]
    fn encodings_rfc_3986_makes_equal_are_equal() {
        assert_eq!(normalize("/a%2db/%2f%7E"), normalize("/a-b/%2F~"));
        assert_ne!(normalize("a=%2B"), normalize("a=+"));
        assert_ne!(normalize("/%28a%29"), normalize("/(a)"));
    }

    #[test]
    fn query_values_of_one_name_keep_their_order() {
        let mut differences = Vec::new();
        compare_query("a=1&a=2&b=%3A", "b=%3a&a=1&a=2", &mut differences);
        assert!(differences.is_empty(), "{differences:?}");
        compare_query("a=1&a=2", "a=2&a=1", &mut differences);
        assert_eq!(differences.len(), 1);
        compare_query("hello", "hello=", &mut differences);
        assert_eq!(differences.len(), 2);
    }

    #[test]
    fn only_uuid_v4_tokens_stand_for_the_suites_token() {
        let fixed = BOTOCORE_TOKEN;
        let tokens = [Token::Query("token".into())];
        let mut notes = Vec::new();
        let sent = "token=9f1c3b52-5e0d-4a7b-9c1e-2d3f4a5b6c7d";
        let replaced = with_tokens(sent, &format!("token={fixed}"), &tokens, &mut notes);
        assert_eq!(replaced, format!("token={fixed}"));
        assert_eq!(notes.len(), 1);
        // Only botocore's patched token is stood for.
        let other = "token=11111111-0000-4000-8000-000000000000";
        assert_eq!(with_tokens(sent, other, &tokens, &mut notes), sent);
        let v1 = "token=9f1c3b52-5e0d-1a7b-9c1e-2d3f4a5b6c7d";
        assert_eq!(
            with_tokens(v1, &format!("token={fixed}"), &tokens, &mut notes),
            v1
        );
        assert!(!is_uuid_v4("not-a-uuid"));
    }
}
