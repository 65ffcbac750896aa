//! From the protocol's request to one ready to send: endpoint and host prefix, the SDK's
//! headers, and the signature.

use super::sign::{self, Payload};
use super::transport::PreparedRequest;
use super::Client;
use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::error::BuildError;
use crate::operation::{Body, HttpRequest};
use std::fmt::Write as _;

impl Client {
    /// Resolves the endpoint and signs: everything that can fail before a byte is sent.
    /// `credentials` is `None` for an unsigned call.
    pub(super) async fn prepare(
        &self,
        request: HttpRequest,
        credentials: Option<&Credentials>,
    ) -> Result<PreparedRequest, BuildError> {
        let region = self.region().await;
        let resolved = self.endpoint(region)?;
        let resolved = resolved.as_ref();
        let endpoint = resolved.url();
        let invalid = |reason: String| BuildError::InvalidEndpoint {
            url: endpoint.to_owned(),
            reason,
        };
        let mut url = url::Url::parse(endpoint.trim_end_matches('/'))
            .map_err(|error| invalid(error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https".into()));
        }
        let Some(host_name) = url.host_str() else {
            return Err(invalid("the URL has no host".into()));
        };
        if let Some(prefix) = &request.host_prefix {
            let prefixed = format!("{prefix}{host_name}");
            url.set_host(Some(&prefixed))
                .map_err(|error| invalid(format!("host prefix `{prefix}`: {error}")))?;
        }
        let mut url_text = url.as_str().trim_end_matches('/').to_owned();
        url_text.push_str(&request.path_and_query);
        let url = url::Url::parse(&url_text).map_err(|error| invalid(error.to_string()))?;
        let mut host = url.host_str().unwrap_or_default().to_owned();
        if let Some(port) = url.port() {
            // Writing to a String cannot fail.
            let _ = write!(host, ":{port}");
        }
        let sdk_headers = [
            ("user-agent", self.inner.user_agent.as_str()),
            ("x-amz-user-agent", self.inner.amz_user_agent.as_str()),
        ];
        let length = content_length(&request.body);
        let mut headers: Vec<(&str, &str)> = vec![("host", &host)];
        headers.extend(
            request
                .headers
                .iter()
                .map(|(name, value)| (name.as_ref(), value.as_str())),
        );
        headers.extend(
            resolved
                .headers()
                .iter()
                .flat_map(|(name, values)| values.iter().map(move |value| (name, value.as_str()))),
        );
        if let Some(length) = &length {
            headers.push(("content-length", length));
        }
        headers.extend(sdk_headers);
        let signature = match credentials {
            None => Vec::new(),
            Some(credentials) => {
                let payload = payload(&request.body).await?;
                let region = signing_region(resolved, region)?;
                let service = self.signing_name(resolved);
                // The configured clock, corrected by what answers taught about the service's.
                let now = self
                    .inner
                    .skew
                    .corrected(self.inner.config.time_source.now());
                sign::signature_headers(
                    credentials,
                    region,
                    service,
                    now,
                    (request.method, url.as_str(), &headers, payload),
                )?
            }
        };
        // `host` goes into the signature; the HTTP client writes it from the URL.
        let headers = headers
            .into_iter()
            .skip(1)
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .chain(
                signature
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value)),
            )
            .collect();
        Ok(PreparedRequest {
            method: request.method,
            url: url.into(),
            headers,
            body: request.body,
        })
    }

    /// The name requests are signed with: the endpoint's `sigv4` auth scheme may name one,
    /// else the service's.
    fn signing_name<'a>(&'a self, endpoint: &'a Endpoint) -> &'a str {
        endpoint
            .auth_scheme("sigv4")
            .and_then(|scheme| scheme.get("signingName")?.as_str())
            .unwrap_or(self.inner.service.signing_name)
    }
}

/// The region requests are signed for: the resolved endpoint's `sigv4` auth scheme may
/// name one, else the configured region.
fn signing_region<'a>(
    endpoint: &'a Endpoint,
    region: Option<&'a str>,
) -> Result<&'a str, BuildError> {
    endpoint
        .auth_scheme("sigv4")
        .and_then(|scheme| scheme.get("signingRegion")?.as_str())
        .or(region)
        .ok_or(BuildError::MissingRegion)
}

/// The `content-length` of a streamed body whose length is known (a body in memory gets its
/// own from the HTTP client).
fn content_length(body: &Body) -> Option<String> {
    match body {
        Body::Stream(stream) if stream.bytes().is_none() => {
            stream.content_length().map(|length| length.to_string())
        }
        _ => None,
    }
}

/// What the signature covers of `body`: the bytes in memory, a file's hash (read once here,
/// once as it is sent), or nothing for a stream that can be read only once.
async fn payload(body: &Body) -> Result<Payload<'_>, BuildError> {
    match body {
        Body::Bytes(bytes) => Ok(Payload::Bytes(bytes)),
        Body::Stream(stream) => match stream.bytes() {
            Some(bytes) => Ok(Payload::Bytes(bytes)),
            None => stream_payload(stream).await,
        },
    }
}

#[cfg(feature = "streaming")]
async fn stream_payload(stream: &crate::stream::ByteStream) -> Result<Payload<'_>, BuildError> {
    use sha2::Digest;
    let Some(path) = stream.file() else {
        return Ok(Payload::Unsigned);
    };
    let mut hash = sha2::Sha256::new();
    let mut chunks = stream
        .try_clone()
        .map(crate::stream::ByteStream::into_chunks)
        .ok_or_else(|| BuildError::Signing("the file body could not be read".into()))?;
    while let Some(chunk) = futures_util::StreamExt::next(&mut chunks).await {
        let chunk = chunk.map_err(|error| {
            BuildError::Signing(format!("reading {} to sign it: {error}", path.display()))
        })?;
        hash.update(&chunk);
    }
    Ok(Payload::Precomputed(hex::encode(hash.finalize())))
}

#[cfg(not(feature = "streaming"))]
async fn stream_payload(_: &crate::stream::ByteStream) -> Result<Payload<'_>, BuildError> {
    Ok(Payload::Unsigned)
}
