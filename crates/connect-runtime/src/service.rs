//! The identity of a service, as data: generated code describes its service once, in a
//! [`ServiceInfo`], and the runtime reads everything service-specific from it.

use crate::client::transport::HttpClient;
use crate::config::Config;
use crate::credentials::services::CredentialServices;
use crate::endpoint::Resolver;
use std::sync::Arc;

/// Makes the HTTP client for a configuration that brings none: its connect timeout, CA
/// bundle and proxies; or why it cannot be made.
pub type DefaultHttp = fn(&Config) -> Result<Arc<dyn HttpClient>, String>;

/// What the runtime needs to know about the service a client talks to.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service's name as the AWS CLI spells it, e.g. `connect` or `customer-profiles` (the
    /// `sdkId` in lower case, spaces as hyphens): the user agent's `api/` entry and the
    /// `service` field of every trace.
    pub name: &'static str,
    /// The service's `sdkId` in the model, e.g. `Connect` or `Customer Profiles`.
    pub sdk_id: &'static str,
    /// The API version, e.g. `2017-08-08`.
    pub version: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4`), unless the resolved endpoint names another.
    pub signing_name: &'static str,
    /// How requests and answers are written.
    pub protocol: Protocol,
    /// The service's endpoint rules; `None` for a service without a rule set, whose requests go
    /// to the configured endpoint URL as it is.
    pub endpoint_rules: Option<&'static Resolver>,
    /// How this service's SDK calls STS, SSO and SSO OIDC for the credential providers that
    /// need them (assumed roles, web identities, IAM Identity Center); `None` for the SDKs of
    /// those services themselves.
    pub credential_services: Option<&'static dyn CredentialServices>,
    /// The HTTP client of a configuration without one (`ConfigBuilder::http_client`): the
    /// generated clients name `connect_http::for_config`, reqwest over rustls.
    pub default_http: DefaultHttp,
}

/// The wire protocols the runtime reads errors of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`: form-encoded requests, XML answers.
    #[cfg(feature = "aws-query")]
    AwsQuery,
}

/// How an operation authenticates its requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// Signed with SigV4; credentials are required.
    SigV4,
    /// Signed with SigV4 when credentials can be had, else sent unsigned (`@optionalAuth`).
    OptionalSigV4,
    /// Never signed (`@auth([])`): no credentials are looked up, no `Authorization` is sent.
    None,
}
