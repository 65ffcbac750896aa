//! SigV4 signing through `aws-sigv4`, with the settings AWS services other than S3 expect
//! (the path is double-encoded and normalized by the signer, never by us).

use crate::credentials::Credentials;
use crate::error::BuildError;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// The headers that sign `method url` with `headers` and `body` (`x-amz-date`, `authorization`
/// and, for temporary credentials, `x-amz-security-token`).
pub(crate) fn signature_headers(
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    request: (&str, &str, &[(&str, &str)], &[u8]),
) -> Result<Vec<(&'static str, String)>, BuildError> {
    let (method, url, headers, body) = request;
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        None,
        "connect-runtime",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|error| BuildError::Signing(error.to_string()))?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .map_err(|error| BuildError::Signing(error.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|error| BuildError::Signing(error.to_string()))?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    Ok(headers
        .iter()
        .map(|header| (header.name(), header.value().to_owned()))
        .collect())
}
