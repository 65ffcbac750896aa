//! The HTTP client a [`Client`](crate::Client) sends through: a small trait, so that an
//! application can bring its own. The default, on reqwest (rustls with ring), is the
//! `connect-http` crate's, which the generated clients name in their
//! [`ServiceInfo`](crate::ServiceInfo): this crate does not wait for reqwest to compile.
//!
//! HTTP clients refuse to send anywhere but loopback while [`LOOPBACK_ONLY`] is set: the
//! safety switch under which the workspace's tests run.

use crate::config::ProxyConfig;
use crate::operation::Body;
use crate::stream::{ByteStream, StreamError};
use std::ffi::OsStr;
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

/// A request ready to go: its URL, its headers (signature included) and its body.
#[derive(Debug)]
pub struct PreparedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The whole URL: endpoint, host prefix, path and query.
    pub url: String,
    /// Every header but `host` (which the URL gives), in the order they were added.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

/// An answer as it arrives: status, headers, and the body as a stream not yet read.
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: ByteStream,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.len())
            .finish_non_exhaustive()
    }
}

/// The future of [`HttpClient::send`].
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<RawResponse, TransportError>> + Send + 'a>>;

/// Sends requests. The generated clients' default is reqwest's (`connect-http`); implement
/// this to send through another HTTP stack, a proxy of your own, or a test double.
pub trait HttpClient: fmt::Debug + Send + Sync {
    /// Sends `request` and returns the answer's head, its body still to be read.
    fn send(&self, request: PreparedRequest) -> SendFuture<'_>;
}

/// A request that got no answer.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: StreamError,
}

/// What kind of failure a [`TransportError`] is, which decides whether the request is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection within the connect timeout (retried, as a timeout).
    ConnectTimeout,
    /// The request could not be sent as it is (retrying would fail the same way).
    Unusable,
    /// The connection was refused, reset or dropped (retried, as transient).
    Io,
}

impl TransportError {
    /// A failure of kind `kind`, caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<StreamError>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    pub(crate) fn into_source(self) -> StreamError {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The environment variable that confines the default HTTP client (`connect-http`) to loopback
/// hosts: the tests' safety switch (`cargo xtask test` sets it to `1`).
///
/// While it is set to anything but empty, `0` or `false`, a request to any host other than
/// `127.0.0.0/8`, `::1` or `localhost`, or through a proxy (from the configuration's
/// [`ProxyConfig`]) on another host, panics before anything is sent, naming the URL: a test
/// that would reach a real service (or the instance metadata address, by a default that
/// kicked in, or a proxy of the developer's environment) fails loudly instead of sending.
pub const LOOPBACK_ONLY: &str = "CONNECT_SDK_LOOPBACK_ONLY";

/// Whether `host` (a URL's host, IPv6 in brackets) names this machine's loopback interface.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    }
}

/// Why `url` may not be sent (through `proxy`, if any) while the switch ([`LOOPBACK_ONLY`])
/// has value `switch`; `None` when it may. An HTTP client panics with this message rather than
/// send.
pub fn loopback_refusal(
    url: &str,
    proxy: Option<&ProxyConfig>,
    switch: Option<&OsStr>,
) -> Option<String> {
    let on =
        switch.is_some_and(|value| !["", "0", "false"].contains(&value.to_str().unwrap_or("on")));
    if !on {
        return None;
    }
    let parsed = url::Url::parse(url).ok();
    let host = parsed.as_ref().and_then(url::Url::host_str);
    let Some(host) = host.filter(|host| is_loopback_host(host)) else {
        return Some(format!(
            "{LOOPBACK_ONLY} is set, so requests may only go to loopback hosts (127.0.0.0/8, \
             ::1, localhost), but one was about to be sent to {url}: point the test at a local \
             server, or unset {LOOPBACK_ONLY} to send outside this machine"
        ));
    };
    let scheme = parsed.as_ref().map_or("", url::Url::scheme);
    let through = proxy.and_then(|proxy| proxy.proxy_for(scheme, host))?;
    let proxy_host = through.host_str().unwrap_or_default();
    if is_loopback_host(proxy_host) {
        return None;
    }
    let port = through.port_or_known_default().unwrap_or_default();
    Some(format!(
        "{LOOPBACK_ONLY} is set, so requests may only go to loopback hosts, but one to {url} was \
         about to go through the proxy {proxy_host}:{port}: add the host to NO_PROXY, or \
         unset the proxy variables for the test"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_lets_only_loopback_hosts_through() {
        let on = Some(OsStr::new("1"));
        for url in [
            "http://127.0.0.1:8080/x",
            "http://127.9.8.7/",
            "http://[::1]:9000/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:1234/",
            "https://LOCALHOST/",
        ] {
            assert_eq!(loopback_refusal(url, None, on), None, "{url}");
        }
        for url in [
            "http://169.254.169.254/latest/api/token",
            "http://[fd00:ec2::254]/latest/api/token",
            "http://169.254.170.2/v2/credentials/x",
            "https://connect.us-east-1.amazonaws.com/",
            "http://localhost.example.com/",
            "http://10.0.0.1/",
            "not a url",
        ] {
            let refusal =
                loopback_refusal(url, None, on).unwrap_or_else(|| panic!("{url} let through"));
            assert!(
                refusal.contains(url) && refusal.contains(LOOPBACK_ONLY),
                "{refusal}"
            );
        }
    }

    #[test]
    fn the_switch_refuses_proxies_off_loopback_unless_no_proxy_lists_the_host() {
        let on = Some(OsStr::new("1"));
        let corporate = ProxyConfig::new()
            .http("http://user:secret@proxy.corp.example:3128")
            .https("proxy.corp.example:8080");
        for (url, port) in [
            ("http://127.0.0.1:4566/", 3128),
            ("https://localhost:4566/", 8080),
        ] {
            let refusal = loopback_refusal(url, Some(&corporate), on)
                .unwrap_or_else(|| panic!("{url} let through"));
            assert!(
                refusal.contains(url) && refusal.contains(&format!("proxy.corp.example:{port}")),
                "{refusal}"
            );
            assert!(!refusal.contains("secret"), "{refusal}");
        }
        // Listed hosts, `*`, a proxy on loopback, or no proxy for the scheme: let through.
        for no_proxy in ["127.0.0.1", "localhost, 127.0.0.1", "*"] {
            let bypassed = corporate.clone().no_proxy(no_proxy);
            assert_eq!(
                loopback_refusal("http://127.0.0.1:4566/", Some(&bypassed), on),
                None,
                "{no_proxy}"
            );
        }
        let local = ProxyConfig::new().http("http://127.0.0.1:3128");
        assert_eq!(
            loopback_refusal("http://127.0.0.1:1/", Some(&local), on),
            None
        );
        assert_eq!(
            loopback_refusal("https://127.0.0.1:1/", Some(&local), on),
            None
        );
        // A range is not matched: the switch errs on the side of refusing.
        let ranged = corporate.no_proxy("127.0.0.0/8");
        assert!(loopback_refusal("http://127.0.0.1:4566/", Some(&ranged), on).is_some());
        // Off, the switch refuses nothing.
        assert_eq!(
            loopback_refusal("http://127.0.0.1:4566/", Some(&ranged), None),
            None
        );
    }

    #[test]
    fn the_switch_is_off_unless_set_to_something() {
        let url = "https://connect.us-east-1.amazonaws.com/";
        for off in [None, Some(""), Some("0"), Some("false")] {
            assert_eq!(
                loopback_refusal(url, None, off.map(OsStr::new)),
                None,
                "{off:?}"
            );
        }
        for on in ["1", "true", "yes"] {
            assert!(
                loopback_refusal(url, None, Some(OsStr::new(on))).is_some(),
                "{on}"
            );
        }
    }
}
