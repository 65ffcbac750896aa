//! One exchange of a credential source with its endpoint (the instance metadata service, a
//! container credentials endpoint): sent through the bound client's [`HttpClient`], raced
//! against its timer, the answer read whole up to a small limit; and the JSON credentials both
//! endpoints answer with.
//!
//! [`HttpClient`]: crate::client::transport::HttpClient

use super::{Credentials, ProviderContext};
use crate::client::transport::{PreparedRequest, TransportErrorKind};
use crate::encoding::timestamp::{self, TimestampFormat};
use crate::json::{self, Map, Value};
use crate::operation::Body;
use crate::sleep::first_of;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest answer read: credentials, a role name or a region are a few hundred bytes.
const MAX_ANSWER: usize = 64 * 1024;

/// A whole answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// The first value of header `name` (names are lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Why one attempt got no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Nothing within the attempt's time.
    TimedOut(Duration),
    /// The connection failed: refused, reset, dropped (another attempt may do better).
    Connection(String),
    /// The request cannot be sent as it is, or the answer cannot be read as one.
    Unusable(String),
}

impl Failure {
    /// Whether another attempt may succeed.
    pub(crate) fn is_transient(&self) -> bool {
        !matches!(self, Self::Unusable(_))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimedOut(limit) => write!(f, "gave no answer within {limit:?}"),
            Self::Connection(reason) => write!(f, "could not be reached: {reason}"),
            Self::Unusable(reason) => f.write_str(reason),
        }
    }
}

/// `error` and its causes, one after the other (reqwest's message alone does not say that the
/// connection was refused).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let next = error.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = error.source();
    }
    text
}

/// Sends a bodiless `method` request to `url` with `headers` and reads the answer, all within
/// `limit`.
pub(crate) async fn exchange(
    context: &ProviderContext,
    method: &'static str,
    url: &str,
    headers: Vec<(String, String)>,
    limit: Duration,
) -> Result<Answer, Failure> {
    let request = PreparedRequest {
        method,
        url: url.to_owned(),
        headers,
        body: Body::empty(),
    };
    let attempt = async {
        let response = context.http.send(request).await.map_err(|error| {
            let reason = chain(&error);
            match error.kind() {
                TransportErrorKind::Unusable => Failure::Unusable(reason),
                _ => Failure::Connection(reason),
            }
        })?;
        let mut body = Vec::new();
        let mut stream = response.body;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| Failure::Connection(chain(error.as_ref())))?;
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(Failure::Unusable(format!(
                    "answered more than {MAX_ANSWER} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status: response.status,
            headers: response.headers,
            body,
        })
    };
    first_of(attempt, context.sleep.sleep(limit))
        .await
        .unwrap_or(Err(Failure::TimedOut(limit)))
}

/// `url` parsed, if it is a URL without a user name or password (which would not be sent, and
/// whose password an error must not quote).
pub(crate) fn parse_url(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|error| format!("`{url}` is not a URL: {error}"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the URL carries a user name or password, which is not sent".into());
    }
    Ok(parsed)
}

/// The credentials in a JSON answer: `AccessKeyId`, `SecretAccessKey`, `Token` and
/// `Expiration` (RFC 3339), refused when a `Code` other than `Success` says why there are
/// none. The error never quotes a secret.
pub(crate) fn json_credentials(body: &[u8]) -> Result<Credentials, String> {
    let value = json::parse_value(body).map_err(|error| format!("the answer is {error}"))?;
    let Value::Object(object) = value else {
        return Err("the answer is not a JSON object".into());
    };
    if let Some(code) = object.get("Code") {
        let code = code.as_str().unwrap_or("(not a string)");
        if code != "Success" {
            let message = text_member(&object, "Message").unwrap_or("no message");
            return Err(format!("the answer's Code is `{code}`: {message}"));
        }
    }
    let member = |name: &str| {
        text_member(&object, name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("the answer has no `{name}` string"))
    };
    let expiration = member("Expiration")?;
    let expiry = timestamp::from_text(expiration, TimestampFormat::DateTime)
        .ok()
        .and_then(|instant| SystemTime::try_from(instant).ok())
        .ok_or_else(|| {
            format!("the answer's Expiration `{expiration}` is not an RFC 3339 date-time")
        })?;
    let credentials = Credentials::new(
        member("AccessKeyId")?,
        member("SecretAccessKey")?,
        Some(member("Token")?.to_owned()),
    );
    Ok(credentials.with_expiry(expiry))
}

fn text_member<'a>(object: &'a Map, name: &str) -> Option<&'a str> {
    object.get(name).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn credentials_are_read_from_either_endpoints_json() {
        let imds = br#"{
          "Code" : "Success",
          "LastUpdated" : "2021-09-17T20:57:08Z",
          "Type" : "AWS-HMAC",
          "AccessKeyId" : "ASIARTEST",
          "SecretAccessKey" : "xjtest",
          "Token" : "IQote///test",
          "Expiration" : "2021-09-18T03:31:56Z"
        }"#;
        let expected = Credentials::new("ASIARTEST", "xjtest", Some("IQote///test".into()))
            .with_expiry(UNIX_EPOCH + Duration::from_secs(1_631_935_916));
        assert_eq!(json_credentials(imds).unwrap(), expected);
        let container = br#"{"RoleArn":"arn:aws:iam::1:role/r","AccessKeyId":"ASIARTEST",
            "SecretAccessKey":"xjtest","Token":"IQote///test",
            "Expiration":"2021-09-18T04:31:56+01:00"}"#;
        assert_eq!(json_credentials(container).unwrap(), expected);
    }

    #[test]
    fn malformed_answers_say_what_is_wrong_without_quoting_secrets() {
        let error = |body: &str| json_credentials(body.as_bytes()).unwrap_err();
        assert!(
            error("").starts_with("the answer is not valid JSON: unexpected end of text"),
            "{}",
            error("")
        );
        assert!(error(r#"{"AccessKeyId": "A", "SecretAccessKey": "sec"#)
            .starts_with("the answer is not valid JSON"));
        assert_eq!(error("[1]"), "the answer is not a JSON object");
        assert_eq!(
            error(r#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "no trust"}"#),
            "the answer's Code is `AssumeRoleUnauthorizedAccess`: no trust"
        );
        let base = r#""AccessKeyId":"A","SecretAccessKey":"hush","Token":"tok""#;
        assert_eq!(
            error(&format!("{{{base}}}")),
            "the answer has no `Expiration` string"
        );
        assert_eq!(
            error(&format!(r#"{{{base},"Expiration":"tomorrow"}}"#)),
            "the answer's Expiration `tomorrow` is not an RFC 3339 date-time"
        );
        let no_token = r#"{"AccessKeyId":"A","SecretAccessKey":"hush","Token":"",
            "Expiration":"2021-09-18T03:31:56Z"}"#;
        assert_eq!(error(no_token), "the answer has no `Token` string");
        let secret_as_number = r#"{"AccessKeyId":"A","SecretAccessKey":12345,"Token":"t",
            "Expiration":"2021-09-18T03:31:56Z"}"#;
        let text = error(secret_as_number);
        assert_eq!(text, "the answer has no `SecretAccessKey` string");
        assert!(!text.contains("12345"));
    }
}
