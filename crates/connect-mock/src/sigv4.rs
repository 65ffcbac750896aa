//! AWS Signature Version 4 verification, written from the specification.
//!
//! The rules followed are those of AWS services other than S3: the canonical
//! URI is the received path with dot segments and empty segments removed, then
//! percent-encoded *again* (double encoding); the canonical query is decoded,
//! re-encoded and sorted.

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::{Credentials, SignatureCheck};

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const TERMINATOR: &str = "aws4_request";

/// Everything except the RFC 3986 unreserved characters `A-Za-z0-9-_.~` is
/// percent-encoded (upper-case hex), as SigV4's `UriEncode` demands.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

type HmacSha256 = Hmac<Sha256>;

/// Checks the header-based SigV4 signature of one request.
///
/// `target` is the request-target as received (path plus optional `?query`,
/// still percent-encoded); header names may be in any case. Returns
/// [`SignatureCheck::Missing`] when there is no `Authorization` header, and
/// [`SignatureCheck::Invalid`] with a reason naming the first mismatch found:
/// access key, scope, date, signed-header list, payload hash or, last, the
/// signature itself (then with the canonical request computed here).
#[must_use]
pub fn verify_sigv4(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    credentials: &Credentials,
    region: &str,
    service: &str,
) -> SignatureCheck {
    match check(method, target, headers, body, credentials, region, service) {
        Ok(()) => SignatureCheck::Valid,
        Err(outcome) => outcome,
    }
}

fn invalid(reason: impl Into<String>) -> SignatureCheck {
    SignatureCheck::Invalid {
        reason: reason.into(),
    }
}

/// All values of header `name`, in received order.
fn header_values<'a>(
    headers: &'a [(String, String)],
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The value of a header that must appear at most once.
fn single_header<'a>(
    headers: &'a [(String, String)],
    name: &'a str,
) -> Result<Option<&'a str>, SignatureCheck> {
    let mut values = header_values(headers, name);
    let first = values.next();
    if values.next().is_some() {
        return Err(invalid(format!("the {name} header appears more than once")));
    }
    Ok(first.map(str::trim))
}

/// The three components of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, SignatureCheck> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .ok_or_else(|| {
            invalid(format!(
                "the Authorization header does not start with \"{ALGORITHM} \": {value:?}"
            ))
        })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for component in rest.split(',').map(str::trim) {
        let (key, val) = component.split_once('=').ok_or_else(|| {
            invalid(format!(
                "malformed Authorization component {component:?} (expected key=value)"
            ))
        })?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(invalid(format!("unknown Authorization component {key:?}"))),
        };
        if slot.replace(val).is_some() {
            return Err(invalid(format!(
                "Authorization component {key} appears more than once"
            )));
        }
    }
    match (credential, signed_headers, signature) {
        (Some(credential), Some(signed_headers), Some(signature)) => Ok(Authorization {
            credential,
            signed_headers,
            signature,
        }),
        _ => Err(invalid(
            "the Authorization header lacks Credential, SignedHeaders or Signature",
        )),
    }
}

/// True for an ISO 8601 basic timestamp such as `20150830T123600Z`.
fn is_amz_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 16
        && bytes[8] == b'T'
        && bytes[15] == b'Z'
        && bytes[..8].iter().all(u8::is_ascii_digit)
        && bytes[9..15].iter().all(u8::is_ascii_digit)
}

fn check(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    credentials: &Credentials,
    region: &str,
    service: &str,
) -> Result<(), SignatureCheck> {
    let authorization = single_header(headers, "authorization")?.ok_or(SignatureCheck::Missing)?;
    let auth = parse_authorization(authorization)?;

    // Scope: AKID/date/region/service/aws4_request.
    let scope_parts: Vec<&str> = auth.credential.split('/').collect();
    let [access_key_id, scope_date, scope_region, scope_service, terminator] = scope_parts[..]
    else {
        return Err(invalid(format!(
            "Credential {:?} is not AKID/date/region/service/aws4_request",
            auth.credential
        )));
    };
    if access_key_id != credentials.access_key_id {
        return Err(invalid(format!(
            "unknown access key id {access_key_id:?} (expected {:?})",
            credentials.access_key_id
        )));
    }
    if scope_region != region {
        return Err(invalid(format!(
            "credential scope region {scope_region:?} does not match {region:?}"
        )));
    }
    if scope_service != service {
        return Err(invalid(format!(
            "credential scope service {scope_service:?} does not match {service:?}"
        )));
    }
    if terminator != TERMINATOR {
        return Err(invalid(format!(
            "credential scope ends with {terminator:?} instead of {TERMINATOR:?}"
        )));
    }

    let amz_date = single_header(headers, "x-amz-date")?
        .ok_or_else(|| invalid("the x-amz-date header is missing"))?;
    if !is_amz_date(amz_date) {
        return Err(invalid(format!(
            "x-amz-date {amz_date:?} is not of the form YYYYMMDDTHHMMSSZ"
        )));
    }
    if scope_date != &amz_date[..8] {
        return Err(invalid(format!(
            "credential scope date {scope_date:?} differs from the date of x-amz-date {amz_date:?}"
        )));
    }

    let signed: Vec<&str> = auth.signed_headers.split(';').collect();
    if let Some(bad) = signed
        .iter()
        .find(|name| name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(invalid(format!(
            "SignedHeaders {:?} has an empty or upper-case name {bad:?}",
            auth.signed_headers
        )));
    }
    if signed.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(invalid(format!(
            "SignedHeaders {:?} is not sorted or has duplicates",
            auth.signed_headers
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !signed.contains(&required) {
            return Err(invalid(format!(
                "{required} is not among the SignedHeaders {:?}",
                auth.signed_headers
            )));
        }
    }

    let signature = decode_hex32(auth.signature).ok_or_else(|| {
        invalid(format!(
            "Signature {:?} is not 64 hexadecimal digits",
            auth.signature
        ))
    })?;

    let body_hash = hex(&Sha256::digest(body));
    let payload_hash = match single_header(headers, "x-amz-content-sha256")? {
        None => body_hash,
        Some(declared) => {
            // A declared hash that is a real digest must describe the body
            // that actually arrived, or a tampered body would go unnoticed.
            if declared.len() == 64
                && declared.bytes().all(|b| b.is_ascii_hexdigit())
                && !declared.eq_ignore_ascii_case(&body_hash)
            {
                return Err(invalid(format!(
                    "x-amz-content-sha256 {declared} does not match the body's SHA-256 {body_hash}"
                )));
            }
            declared.to_owned()
        }
    };

    let canonical = canonical_request(method, target, headers, &signed, &payload_hash)?;
    let scope = format!("{scope_date}/{region}/{service}/{TERMINATOR}");
    let string_to_sign = string_to_sign(amz_date, &scope, &canonical);
    let key = signing_key(&credentials.secret_access_key, scope_date, region, service);
    let mut mac = hmac(&key);
    mac.update(string_to_sign.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&signature).map_err(|_| {
        invalid(format!(
            "signature mismatch: the request's signature does not match the one computed \
             here (wrong secret, or a canonicalisation difference).\n\
             canonical request:\n{canonical}\n\
             string to sign:\n{string_to_sign}"
        ))
    })
}

/// Builds the SigV4 canonical request; fails if a signed header is absent.
fn canonical_request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    signed: &[&str],
    payload_hash: &str,
) -> Result<String, SignatureCheck> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut out = format!(
        "{method}\n{}\n{}\n",
        canonical_uri(path),
        canonical_query(query)
    );
    for name in signed {
        let values: Vec<String> = header_values(headers, name)
            .map(canonical_header_value)
            .collect();
        if values.is_empty() {
            return Err(invalid(format!(
                "signed header {name:?} is not present in the request"
            )));
        }
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed.join(";"));
    out.push('\n');
    out.push_str(payload_hash);
    Ok(out)
}

fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

/// Normalizes the received path (RFC 3986 dot-segment removal, plus removal
/// of empty segments as AWS does), then percent-encodes every segment again.
fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut last = "";
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
        last = segment;
    }
    // A path ending in `/`, `/.` or `/..` names a "directory": keep a
    // trailing slash, as RFC 3986 section 5.2.4 does.
    let trailing_slash = matches!(last, "" | "." | "..");
    let mut out = String::from("/");
    let encoded: Vec<String> = segments
        .iter()
        .map(|segment| percent_encode(segment.as_bytes(), UNRESERVED).to_string())
        .collect();
    out.push_str(&encoded.join("/"));
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// Decodes each `name=value` pair (`+` meaning space, as in forms),
/// re-encodes it with SigV4's `UriEncode`, and sorts the *encoded* pairs by
/// name, then value, as the specification says (sorting before encoding
/// differs for e.g. `a:b` versus `a1`).
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_encode(&form_decode(name), UNRESERVED).to_string(),
                percent_encode(&form_decode(value), UNRESERVED).to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_decode(text: &str) -> Vec<u8> {
    let spaced = text.replace('+', " ");
    percent_decode(spaced.as_bytes()).collect()
}

/// Trims the value and collapses runs of spaces into one.
fn canonical_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.trim_matches([' ', '\t']).split(' ') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn hmac(key: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn hmac_bytes(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = hmac(key);
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac_bytes(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac_bytes(&k_date, region);
    let k_service = hmac_bytes(&k_region, service);
    hmac_bytes(&k_service, TERMINATOR)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn decode_hex32(text: &str) -> Option<[u8; 32]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from the public aws-sig-v4-test-suite (2015 edition). Each
    // gives the request as it would be received and the Authorization header
    // the reference signer produced for it.
    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const REGION: &str = "us-east-1";
    const SERVICE: &str = "service";
    const DATE: &str = "20150830T123600Z";
    const HOST: &str = "example.amazonaws.com";
    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    const UNRESERVED_CHARS: &str =
        "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    struct Vector {
        name: &'static str,
        method: &'static str,
        target: String,
        /// Headers besides Host and X-Amz-Date (which every vector has).
        extra_headers: Vec<(&'static str, &'static str)>,
        body: &'static str,
        signed_headers: &'static str,
        signature: &'static str,
    }

    fn credentials() -> Credentials {
        Credentials::new(AKID, SECRET)
    }

    fn authorization(signed_headers: &str, signature: &str) -> String {
        format!(
            "{ALGORITHM} Credential={AKID}/20150830/{REGION}/{SERVICE}/aws4_request, \
             SignedHeaders={signed_headers}, Signature={signature}"
        )
    }

    impl Vector {
        fn headers(&self) -> Vec<(String, String)> {
            let mut headers = vec![("host".to_owned(), HOST.to_owned())];
            headers.extend(
                self.extra_headers
                    .iter()
                    .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned())),
            );
            headers.push(("x-amz-date".to_owned(), DATE.to_owned()));
            headers.push((
                "authorization".to_owned(),
                authorization(self.signed_headers, self.signature),
            ));
            headers
        }

        fn verify(&self) -> SignatureCheck {
            verify_sigv4(
                self.method,
                &self.target,
                &self.headers(),
                self.body.as_bytes(),
                &credentials(),
                REGION,
                SERVICE,
            )
        }

        fn canonical_request(&self) -> String {
            let signed: Vec<&str> = self.signed_headers.split(';').collect();
            let hash = hex(&Sha256::digest(self.body.as_bytes()));
            match canonical_request(self.method, &self.target, &self.headers(), &signed, &hash) {
                Ok(canonical) => canonical,
                Err(outcome) => panic!("{}: {outcome:?}", self.name),
            }
        }
    }

    fn vector(
        name: &'static str,
        method: &'static str,
        target: impl Into<String>,
        signature: &'static str,
    ) -> Vector {
        Vector {
            name,
            method,
            target: target.into(),
            extra_headers: Vec::new(),
            body: "",
            signed_headers: "host;x-amz-date",
            signature,
        }
    }

    fn suite() -> Vec<Vector> {
        let with_my_header1 = |name, method, values: &[&'static str], signature| Vector {
            extra_headers: values.iter().map(|v| ("My-Header1", *v)).collect(),
            signed_headers: "host;my-header1;x-amz-date",
            ..vector(name, method, "/", signature)
        };
        vec![
            vector(
                "get-vanilla",
                "GET",
                "/",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            vector(
                "post-vanilla",
                "POST",
                "/",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
            vector(
                "get-vanilla-empty-query-key",
                "GET",
                "/?Param1=value1",
                "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
            ),
            vector(
                "get-vanilla-query-order-key",
                "GET",
                "/?Param1=value2&Param1=Value1",
                "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
            ),
            vector(
                "get-vanilla-query-order-key-case",
                "GET",
                "/?Param2=value2&Param1=value1",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            ),
            vector(
                "get-vanilla-query-order-value",
                "GET",
                "/?Param1=value2&Param1=value1",
                "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
            ),
            vector(
                "get-vanilla-query-unreserved",
                "GET",
                format!("/?{UNRESERVED_CHARS}={UNRESERVED_CHARS}"),
                "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
            ),
            vector(
                "get-vanilla-utf8-query",
                "GET",
                "/?\u{1234}=bar",
                "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
            ),
            vector(
                "post-vanilla-empty-query-value",
                "POST",
                "/?Param1=value1",
                "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            ),
            vector(
                "post-header-key-case",
                "POST",
                "/",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
            vector(
                "post-vanilla-query",
                "POST",
                "/?Param1=value1",
                "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            ),
            vector(
                "get-unreserved",
                "GET",
                format!("/{UNRESERVED_CHARS}"),
                "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
            ),
            vector(
                "get-utf8",
                "GET",
                "/\u{1234}",
                "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            ),
            vector(
                "get-space",
                "GET",
                "/example space/",
                "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            ),
            vector(
                "get-relative",
                "GET",
                "/example/..",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            vector(
                "get-relative-relative",
                "GET",
                "/example1/example2/../..",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            vector(
                "get-slash",
                "GET",
                "//",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            vector(
                "get-slash-dot-slash",
                "GET",
                "/./",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            vector(
                "get-slash-pointless-dot",
                "GET",
                "/./example",
                "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
            ),
            vector(
                "get-slashes",
                "GET",
                "//example//",
                "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
            ),
            with_my_header1(
                "get-header-key-duplicate",
                "GET",
                &["value2", "value2", "value1"],
                "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            ),
            with_my_header1(
                "get-header-value-order",
                "GET",
                &["value4", "value1", "value3", "value2"],
                "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
            ),
            with_my_header1(
                "post-header-key-sort",
                "POST",
                &["value1"],
                "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
            ),
            with_my_header1(
                "post-header-value-case",
                "POST",
                &["VALUE1"],
                "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
            ),
            Vector {
                extra_headers: vec![("My-Header1", "value1"), ("My-Header2", "\"a   b   c\"")],
                signed_headers: "host;my-header1;my-header2;x-amz-date",
                ..vector(
                    "get-header-value-trim",
                    "GET",
                    "/",
                    "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
                )
            },
            Vector {
                extra_headers: vec![
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Content-Length", "13"),
                ],
                body: "Param1=value1",
                signed_headers: "content-type;host;x-amz-date",
                ..vector(
                    "post-x-www-form-urlencoded",
                    "POST",
                    "/",
                    "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
                )
            },
            // The published JSON repackaging of this vector says "utf-8"; the
            // signature was made over the original suite's "utf8".
            Vector {
                extra_headers: vec![
                    (
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=utf8",
                    ),
                    ("Content-Length", "13"),
                ],
                body: "Param1=value1",
                signed_headers: "content-type;host;x-amz-date",
                ..vector(
                    "post-x-www-form-urlencoded-parameters",
                    "POST",
                    "/",
                    "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe",
                )
            },
            // Signed after the token was added: the token is a signed header.
            Vector {
                extra_headers: vec![("X-Amz-Security-Token", STS_TOKEN)],
                signed_headers: "host;x-amz-date;x-amz-security-token",
                ..vector(
                    "post-sts-header-before",
                    "POST",
                    "/",
                    "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
                )
            },
            // Token added after signing: unsigned headers do not matter.
            Vector {
                extra_headers: vec![("X-Amz-Security-Token", STS_TOKEN)],
                ..vector(
                    "post-sts-header-after",
                    "POST",
                    "/",
                    "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
                )
            },
        ]
    }

    #[test]
    fn every_suite_vector_verifies() {
        let failures: Vec<String> = suite()
            .iter()
            .filter_map(|v| match v.verify() {
                SignatureCheck::Valid => None,
                other => Some(format!("{}: {other:?}", v.name)),
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn suite_canonical_requests_match_the_published_ones() {
        let expected = [
            ("get-vanilla-query-order-key", "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"),
            ("get-vanilla-utf8-query", "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"),
            ("get-utf8", "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"),
            ("get-space", "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"),
            ("get-slashes", "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"),
            ("get-header-key-duplicate", "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"),
            ("get-header-value-trim", "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n"),
        ];
        let vectors = suite();
        for (name, prefix) in expected {
            let v = vectors.iter().find(|v| v.name == name).unwrap();
            assert_eq!(
                v.canonical_request(),
                format!("{prefix}{EMPTY_SHA256}"),
                "{name}"
            );
        }
        let form = vectors
            .iter()
            .find(|v| v.name == "post-x-www-form-urlencoded")
            .unwrap();
        assert!(form
            .canonical_request()
            .ends_with("\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
    }

    #[test]
    fn suite_string_to_sign_matches_the_published_one() {
        let v = vector("get-vanilla", "GET", "/", "");
        assert_eq!(
            string_to_sign(
                DATE,
                "20150830/us-east-1/service/aws4_request",
                &v.canonical_request()
            ),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
    }

    fn form_vector() -> Vector {
        suite()
            .into_iter()
            .find(|v| v.name == "post-x-www-form-urlencoded")
            .unwrap()
    }

    fn reason(outcome: SignatureCheck) -> String {
        match outcome {
            SignatureCheck::Invalid { reason } => reason,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn tampered_body_is_invalid() {
        let v = Vector {
            body: "Param1=value2",
            ..form_vector()
        };
        let reason = reason(v.verify());
        assert!(reason.starts_with("signature mismatch"), "{reason}");
        assert!(reason.contains("canonical request:\nPOST\n/\n"), "{reason}");
    }

    #[test]
    fn tampered_path_is_invalid() {
        let v = Vector {
            target: "/other".into(),
            ..form_vector()
        };
        assert!(reason(v.verify()).contains("\n/other\n"));
        let v = Vector {
            target: "/?Param1=value1".into(),
            ..form_vector()
        };
        assert!(!v.verify().is_valid());
    }

    #[test]
    fn tampered_signed_header_is_invalid_but_unsigned_headers_are_free() {
        let v = Vector {
            extra_headers: vec![
                ("Content-Type", "application/json"),
                ("Content-Length", "13"),
            ],
            ..form_vector()
        };
        assert!(reason(v.verify()).contains("content-type:application/json"));
        let v = Vector {
            extra_headers: vec![
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Content-Length", "13"),
                ("User-Agent", "anything"),
            ],
            ..form_vector()
        };
        assert_eq!(v.verify(), SignatureCheck::Valid);
    }

    #[test]
    fn tampered_method_or_signature_is_invalid() {
        let v = Vector {
            method: "PUT",
            ..form_vector()
        };
        assert!(!v.verify().is_valid());
        let v = Vector {
            signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473b",
            ..form_vector()
        };
        assert!(!v.verify().is_valid());
    }

    #[test]
    fn wrong_secret_is_invalid() {
        let v = form_vector();
        let outcome = verify_sigv4(
            v.method,
            &v.target,
            &v.headers(),
            v.body.as_bytes(),
            &Credentials::new(AKID, "another secret"),
            REGION,
            SERVICE,
        );
        assert!(reason(outcome).starts_with("signature mismatch"));
    }

    #[test]
    fn missing_authorization_is_missing() {
        let headers = vec![
            ("host".to_owned(), HOST.to_owned()),
            ("x-amz-date".to_owned(), DATE.to_owned()),
        ];
        assert_eq!(
            verify_sigv4("GET", "/", &headers, b"", &credentials(), REGION, SERVICE),
            SignatureCheck::Missing
        );
    }

    fn verify_with(headers: &[(&str, &str)], region: &str, service: &str) -> SignatureCheck {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        verify_sigv4("GET", "/", &headers, b"", &credentials(), region, service)
    }

    const VANILLA_AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    #[test]
    fn header_names_in_any_case_are_accepted() {
        let outcome = verify_with(
            &[
                ("Host", HOST),
                ("X-Amz-Date", DATE),
                ("Authorization", VANILLA_AUTH),
            ],
            REGION,
            SERVICE,
        );
        assert_eq!(outcome, SignatureCheck::Valid);
    }

    #[test]
    fn scope_mismatches_are_named() {
        let ok = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", VANILLA_AUTH),
        ];
        assert!(reason(verify_with(&ok, "eu-west-1", SERVICE)).contains("region"));
        assert!(reason(verify_with(&ok, REGION, "connect")).contains("service"));

        let wrong_key = VANILLA_AUTH.replace("AKIDEXAMPLE", "AKIDOTHER");
        let headers = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", wrong_key.as_str()),
        ];
        assert!(reason(verify_with(&headers, REGION, SERVICE)).contains("access key"));

        let other_day = [
            ("host", HOST),
            ("x-amz-date", "20150831T000000Z"),
            ("authorization", VANILLA_AUTH),
        ];
        assert!(reason(verify_with(&other_day, REGION, SERVICE)).contains("date"));

        let no_date = [("host", HOST), ("authorization", VANILLA_AUTH)];
        assert!(reason(verify_with(&no_date, REGION, SERVICE)).contains("x-amz-date"));

        let terminator = VANILLA_AUTH.replace("aws4_request", "aws5_request");
        let headers = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", terminator.as_str()),
        ];
        assert!(reason(verify_with(&headers, REGION, SERVICE)).contains("aws4_request"));
    }

    #[test]
    fn host_must_be_signed() {
        let auth =
            VANILLA_AUTH.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date");
        let headers = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", auth.as_str()),
        ];
        assert!(reason(verify_with(&headers, REGION, SERVICE)).contains("host is not among"));
    }

    #[test]
    fn signed_but_absent_header_is_invalid() {
        let auth = VANILLA_AUTH.replace("host;x-amz-date", "host;my-header;x-amz-date");
        let headers = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", auth.as_str()),
        ];
        assert!(
            reason(verify_with(&headers, REGION, SERVICE)).contains("\"my-header\" is not present")
        );
    }

    #[test]
    fn malformed_authorization_headers_are_invalid_not_panics() {
        for auth in [
            "",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 ",
            "AWS4-HMAC-SHA256Credential=x",
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date;host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=Host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, Credential=x, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, Bogus, Signature=\u{e9}\u{e9}",
        ] {
            let headers = [("host", HOST), ("x-amz-date", DATE), ("authorization", auth)];
            let outcome = verify_with(&headers, REGION, SERVICE);
            assert!(matches!(outcome, SignatureCheck::Invalid { .. }), "{auth:?}: {outcome:?}");
        }
        let twice = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("authorization", VANILLA_AUTH),
            ("authorization", VANILLA_AUTH),
        ];
        assert!(reason(verify_with(&twice, REGION, SERVICE)).contains("more than once"));
        let bad_date = [
            ("host", HOST),
            ("x-amz-date", "2015-08-30T12:36:00Z"),
            ("authorization", VANILLA_AUTH),
        ];
        assert!(reason(verify_with(&bad_date, REGION, SERVICE)).contains("YYYYMMDD"));
    }

    #[test]
    fn declared_payload_hash_is_used_and_checked_against_the_body() {
        // A declared hash enters the canonical request in place of the computed one.
        let canonical = canonical_request(
            "PUT",
            "/",
            &[("host".into(), HOST.into())],
            &["host"],
            "UNSIGNED-PAYLOAD",
        )
        .unwrap();
        assert!(canonical.ends_with("\nhost\nUNSIGNED-PAYLOAD"));

        let wrong = hex(&Sha256::digest(b"something else"));
        let headers = [
            ("host", HOST),
            ("x-amz-date", DATE),
            ("x-amz-content-sha256", wrong.as_str()),
            ("authorization", VANILLA_AUTH),
        ];
        assert!(reason(verify_with(&headers, REGION, SERVICE)).contains("does not match the body"));
    }

    #[test]
    fn canonical_uri_double_encodes_and_normalizes() {
        assert_eq!(
            canonical_uri("/workspaces/a%2Fb/ws/disassociate"),
            "/workspaces/a%252Fb/ws/disassociate"
        );
        assert_eq!(canonical_uri("/instance/id%20x/"), "/instance/id%2520x/");
        assert_eq!(canonical_uri("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(canonical_uri("/a/b/.."), "/a/");
        assert_eq!(canonical_uri("/../.."), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("no-leading-slash"), "/no-leading-slash");
        assert_eq!(canonical_uri("/a:b@c+d"), "/a%3Ab%40c%2Bd");
    }

    #[test]
    fn canonical_query_decodes_reencodes_and_sorts() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&&a"), "a=&a=1&b=2");
        assert_eq!(canonical_query("k=a%2Fb&j=x+y"), "j=x%20y&k=a%2Fb");
        assert_eq!(canonical_query("k=%2B%7e"), "k=%2B~");
        assert_eq!(canonical_query("bad=%zz%"), "bad=%25zz%25");
        assert_eq!(canonical_query("x=1=2"), "x=1%3D2");
        // Sorted after encoding: "%3A" sorts before "1".
        assert_eq!(canonical_query("t=a1&t=a%3Ab&t=A"), "t=A&t=a%3Ab&t=a1");
    }

    #[test]
    fn header_values_are_trimmed_and_spaces_collapsed() {
        assert_eq!(canonical_header_value("  a   b  c \t"), "a b c");
        assert_eq!(canonical_header_value(""), "");
    }
}
