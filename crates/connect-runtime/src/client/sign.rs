//! SigV4 signing through `aws-sigv4`, with the settings AWS services other than S3 expect
//! (the path is double-encoded and normalized by the signer, never by us).

use crate::credentials::Credentials;
use crate::error::BuildError;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings,
};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// What the signature covers of the body.
pub(crate) enum Payload<'a> {
    /// The bytes, hashed by the signer.
    Bytes(&'a [u8]),
    /// The hex SHA-256 of a body read beforehand (a file).
    #[cfg(feature = "streaming")]
    Precomputed(String),
    /// Nothing: a stream that can be read only once is sent as `UNSIGNED-PAYLOAD`, announced
    /// in `x-amz-content-sha256`.
    Unsigned,
}

/// The headers that sign `method url` with `headers` and `payload` (`x-amz-date`,
/// `authorization`, for temporary credentials `x-amz-security-token`, and for a body the signer
/// did not hash `x-amz-content-sha256`).
pub(crate) fn signature_headers(
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    request: (&str, &str, &[(&str, &str)], Payload<'_>),
) -> Result<Vec<(&'static str, String)>, BuildError> {
    let (method, url, headers, payload) = request;
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        None,
        "connect-runtime",
    )
    .into();
    let mut settings = SigningSettings::default();
    if !matches!(payload, Payload::Bytes(_)) {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| BuildError::Signing(error.to_string()))?
        .into();
    let body = match &payload {
        Payload::Bytes(bytes) => SignableBody::Bytes(bytes),
        #[cfg(feature = "streaming")]
        Payload::Precomputed(hash) => SignableBody::Precomputed(hash.clone()),
        Payload::Unsigned => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(method, url, headers.iter().copied(), body)
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
