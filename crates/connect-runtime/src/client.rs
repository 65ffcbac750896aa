//! The client: one HTTP connection pool and one configuration, shared by every operation.

use crate::config::{Config, SERVICE};
use crate::endpoint::{self, Endpoint, Resolver};
use crate::error::{BuildError, ResponseError, SdkError, ServiceError, Unhandled};
use crate::http::{HttpRequest, HttpResponse, Operation, OperationError};
use crate::{rest_json, sign};
use std::sync::Arc;
use std::time::SystemTime;

/// Sends operations to Amazon Connect. Cloning is cheap: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    // Building the HTTP client can only fail on TLS setup; the error waits for the first call so
    // that creating a client stays infallible, as in the AWS SDKs.
    http: Result<reqwest::Client, String>,
    // The service's endpoint rules; `None` for `Client::new`, which uses the endpoint URL as is.
    endpoints: Option<Resolver>,
}

const USER_AGENT: &str = concat!("connect-sdk-rust/", env!("CARGO_PKG_VERSION"));

impl Client {
    /// A client for `config` without endpoint rules: requests go to the configured endpoint
    /// URL as it is, and fail (before anything is sent) without one, or with FIPS or
    /// dual-stack asked for. `connect_sdk::Client` uses [`Client::with_endpoint_resolver`].
    pub fn new(config: Config) -> Self {
        Self::build(config, None)
    }

    /// A client for `config` whose endpoints are chosen by `resolver`, the service's endpoint
    /// rules (an endpoint URL in `config` takes part in them as `SDK::Endpoint`).
    pub fn with_endpoint_resolver(config: Config, resolver: Resolver) -> Self {
        Self::build(config, Some(resolver))
    }

    fn build(config: Config, endpoints: Option<Resolver>) -> Self {
        // reqwest is built without a default crypto provider (aws-lc is slow to compile);
        // ring is installed unless the application chose one already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder().user_agent(USER_AGENT);
        if let Some(timeout) = config.connect_timeout() {
            builder = builder.connect_timeout(timeout);
        }
        let http = builder.build().map_err(|error| error.to_string());
        Self {
            inner: Arc::new(Inner {
                config,
                http,
                endpoints,
            }),
        }
    }

    /// The endpoint requests go to, resolved from the configuration as for every request.
    pub fn resolve_endpoint(&self) -> Result<Endpoint, BuildError> {
        endpoint::for_config(&self.inner.config, self.inner.endpoints.as_ref())
            .map_err(BuildError::Endpoint)
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `input` and reads the answer as `O`'s output or typed error.
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let request = input.to_request().map_err(SdkError::Construction)?;
        let prepared = self.prepare(request).map_err(SdkError::Construction)?;
        let response = self.send(prepared).await?;
        if (200..300).contains(&response.status) {
            return O::parse_output(&response).map_err(|error| {
                let request_id = response.request_id().map(str::to_owned);
                SdkError::Response(ResponseError::json(response.status, request_id, error))
            });
        }
        let (meta, body) = rest_json::error_metadata(&response);
        let error = match O::Error::from_answer(&meta, &body) {
            Some(Ok(error)) => error,
            Some(Err(error)) => {
                let request_id = meta.request_id().map(str::to_owned);
                return Err(SdkError::Response(ResponseError::json(
                    meta.status(),
                    request_id,
                    error,
                )));
            }
            None => O::Error::unhandled(Unhandled::new(meta.clone())),
        };
        Err(SdkError::Service(ServiceError::new(error, meta)))
    }

    /// Resolves the endpoint and signs: everything that can fail before a byte is sent.
    fn prepare(&self, request: HttpRequest) -> Result<reqwest::Request, BuildError> {
        let config = &self.inner.config;
        let resolved = self.resolve_endpoint()?;
        // The endpoint's sigv4 auth scheme may name another signing region or service.
        let sigv4 = resolved.auth_scheme("sigv4");
        let signing = |key: &str| sigv4.and_then(|scheme| scheme.get(key)?.as_str());
        let region = signing("signingRegion")
            .or(config.region())
            .ok_or(BuildError::MissingRegion)?;
        let service = signing("signingName").unwrap_or(SERVICE);
        let credentials = config.credentials().ok_or(BuildError::MissingCredentials)?;
        let endpoint = resolved.url();
        let invalid = |reason: String| BuildError::InvalidEndpoint {
            url: endpoint.to_owned(),
            reason,
        };
        let url_text = format!(
            "{}{}",
            endpoint.trim_end_matches('/'),
            request.path_and_query
        );
        let url = reqwest::Url::parse(&url_text).map_err(|error| invalid(error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https".into()));
        }
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err(invalid("the URL has no host".into())),
        };
        let endpoint_headers = resolved.headers().iter().flat_map(|(name, values)| {
            values
                .iter()
                .map(move |value| (name.as_str(), value.as_str()))
        });
        let request_headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .chain(endpoint_headers)
            .collect();
        let mut headers: Vec<(&str, &str)> = vec![("host", &host)];
        headers.extend(request_headers.iter().copied());
        let signature = sign::signature_headers(
            credentials,
            region,
            service,
            SystemTime::now(),
            (request.method, url.as_str(), &headers, &request.body),
        )?;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|error| BuildError::Signing(error.to_string()))?;
        let mut prepared = reqwest::Request::new(method, url);
        let header_map = prepared.headers_mut();
        let signed = request_headers
            .iter()
            .copied()
            .chain(signature.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for (name, value) in signed {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|error| BuildError::Signing(error.to_string()))?;
            let value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|error| BuildError::Signing(error.to_string()))?;
            header_map.append(name, value);
        }
        *prepared.timeout_mut() = config.operation_timeout();
        *prepared.body_mut() = Some(request.body.into());
        Ok(prepared)
    }

    async fn send<E>(&self, request: reqwest::Request) -> Result<HttpResponse, SdkError<E>> {
        let http = self
            .inner
            .http
            .as_ref()
            .map_err(|error| SdkError::Dispatch(error.clone().into()))?;
        let transport = |error: reqwest::Error| {
            if error.is_timeout() {
                SdkError::Timeout(error.into())
            } else {
                SdkError::Dispatch(error.into())
            }
        };
        let response = http.execute(request).await.map_err(transport)?;
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let mut answer = HttpResponse {
            status: response.status().as_u16(),
            headers,
            body: Vec::new(),
        };
        let body = response.bytes().await.map_err(|error| {
            if error.is_timeout() {
                return SdkError::Timeout(error.into());
            }
            let request_id = answer.request_id().map(str::to_owned);
            SdkError::Response(ResponseError::body(answer.status, request_id, error))
        })?;
        answer.body = body.to_vec();
        Ok(answer)
    }
}
