//! HTTP proxies for the default HTTP client.
//!
//! [`Config::load`](crate::Config::load) reads them from the loader's environment, as curl
//! and the AWS CLI do (the lower-case name wins where both are set):
//!
//! - `https_proxy` / `HTTPS_PROXY`: the proxy of `https://` endpoints (reached with `CONNECT`,
//!   so the proxy sees host and port, never the request);
//! - `http_proxy` / `HTTP_PROXY`: the proxy of `http://` endpoints (sent the request in
//!   absolute form). Under CGI (`REQUEST_METHOD` set) the upper-case name is ignored: there a
//!   client's `Proxy:` request header becomes `HTTP_PROXY`;
//! - `all_proxy` / `ALL_PROXY`: either, when the specific variable is not set;
//! - `no_proxy` / `NO_PROXY`: hosts reached directly, comma-separated: names (which match
//!   their subdomains too, with or without a leading `.`), IP addresses, CIDR ranges
//!   (`10.0.0.0/8`), or `*` for every host.
//!
//! A proxy URL without a scheme is taken as `http://`; user and password in it are sent to the
//! proxy (basic authentication) and never shown in `Debug` output.
//!
//! The default HTTP client reads no proxy setting of its own, so that what is sent where is
//! decided by the [`Config`](crate::Config) alone: `Config::builder()` and `Config::from_env()`
//! use no proxy unless [`ConfigBuilder::proxy`](super::ConfigBuilder::proxy) sets one.

use super::loader::{Env, LoadError};
use super::settings::Found;
use std::fmt;

/// Where the default HTTP client sends requests through, by endpoint scheme.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<String>,
    https: Option<String>,
    no_proxy: Option<String>,
}

impl ProxyConfig {
    /// No proxy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends requests to `http://` endpoints through `url`.
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.http = Some(url.into());
        self
    }

    /// Tunnels requests to `https://` endpoints through `url`.
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.https = Some(url.into());
        self
    }

    /// Reaches the hosts of `list` directly (the `NO_PROXY` format above).
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    /// The proxy of `http://` endpoints.
    pub fn http_proxy(&self) -> Option<&str> {
        self.http.as_deref()
    }

    /// The proxy of `https://` endpoints.
    pub fn https_proxy(&self) -> Option<&str> {
        self.https.as_deref()
    }

    /// The hosts reached directly.
    pub fn no_proxy_list(&self) -> Option<&str> {
        self.no_proxy.as_deref()
    }

    /// The proxies of `env`; `None` when no proxy variable is set. A proxy URL that cannot
    /// be used is an error naming its variable.
    pub(crate) fn from_env(env: &Env) -> Result<Option<Self>, LoadError> {
        let cgi = env.get("REQUEST_METHOD").is_some();
        let var = |name: &str| {
            env.get(name).map(|value| Found {
                value,
                setting: name.to_owned(),
            })
        };
        let all = var("all_proxy").or_else(|| var("ALL_PROXY"));
        let http = var("http_proxy")
            .or_else(|| var("HTTP_PROXY").filter(|_| !cgi))
            .or_else(|| all.clone());
        let https = var("https_proxy").or_else(|| var("HTTPS_PROXY")).or(all);
        if http.is_none() && https.is_none() {
            return Ok(None);
        }
        let checked = |found: Option<Found>| -> Result<Option<String>, LoadError> {
            found
                .map(|found| {
                    proxy_url(&found.value)
                        .map(|_| with_scheme(&found.value))
                        .map_err(|_| {
                            found.invalid("a proxy URL, e.g. http://proxy.example.com:3128")
                        })
                })
                .transpose()
        };
        Ok(Some(Self {
            http: checked(http)?,
            https: checked(https)?,
            no_proxy: env.get("no_proxy").or_else(|| env.get("NO_PROXY")),
        }))
    }

    /// The proxy that a request to `scheme://host` may go through, for the tests' loopback
    /// switch: `None` only when there is none for the scheme, or `no_proxy` lists `*` or `host`
    /// itself. Broader entries (parent domains, ranges) are not matched here, so that the
    /// switch errs on the side of refusing.
    pub(crate) fn proxy_for(&self, scheme: &str, host: &str) -> Option<url::Url> {
        let bare = |entry: &str| {
            let entry = entry.trim().trim_start_matches('.');
            entry
                .strip_prefix('[')
                .and_then(|inner| inner.strip_suffix(']'))
                .unwrap_or(entry)
                .to_ascii_lowercase()
        };
        let host = bare(host);
        let bypassed = self.no_proxy.as_deref().is_some_and(|list| {
            list.split(',')
                .map(bare)
                .any(|entry| entry == "*" || entry == host)
        });
        let url = match scheme {
            "http" => self.http.as_deref(),
            "https" => self.https.as_deref(),
            _ => None,
        };
        url.filter(|_| !bypassed)
            .and_then(|url| proxy_url(url).ok())
    }
}

/// `url` with `http://` in front when it names no scheme (`proxy:3128`).
fn with_scheme(url: &str) -> String {
    let url = url.trim();
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("http://{url}")
    }
}

/// The proxy URL of `text` (`http://` in front when it names no scheme), which must be `http`
/// or `https` with a host; the error hides any user and password in it.
pub fn proxy_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(&with_scheme(text))
        .map_err(|error| format!("proxy {}: {error}", redacted(text)))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err(format!(
            "proxy {}: the scheme must be http or https, with a host",
            redacted(text)
        ));
    }
    Ok(url)
}

/// `url` without its user and password, for messages.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(&with_scheme(url)) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            format!("{parsed} (with credentials)")
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) if url.contains('@') => "(a URL with credentials)".into(),
        Err(_) => url.to_owned(),
    }
}

// Proxy URLs may carry a password.
impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http.as_deref().map(redacted))
            .field("https", &self.https.as_deref().map(redacted))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<Option<ProxyConfig>, LoadError> {
        ProxyConfig::from_env(&Env::from_vars(vars.iter().copied()))
    }

    #[test]
    fn lower_case_wins_and_all_proxy_fills_in() {
        assert_eq!(read(&[("NO_PROXY", "x")]).unwrap(), None);
        let found = read(&[
            ("HTTP_PROXY", "http://upper:1"),
            ("http_proxy", "http://lower:2"),
            ("HTTPS_PROXY", "upper-tls:3"),
            ("NO_PROXY", "upper.example"),
            ("no_proxy", "127.0.0.1,.lower.example"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(found.http_proxy(), Some("http://lower:2"));
        assert_eq!(found.https_proxy(), Some("http://upper-tls:3"));
        assert_eq!(found.no_proxy_list(), Some("127.0.0.1,.lower.example"));
        let found = read(&[
            ("ALL_PROXY", "http://all:4"),
            ("https_proxy", "http://tls:5"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(found.http_proxy(), Some("http://all:4"));
        assert_eq!(found.https_proxy(), Some("http://tls:5"));
    }

    #[test]
    fn under_cgi_the_upper_case_http_proxy_is_ignored() {
        let cgi = [
            ("REQUEST_METHOD", "GET"),
            ("HTTP_PROXY", "http://attacker:1"),
        ];
        assert_eq!(read(&cgi).unwrap(), None);
        let found = read(&[("REQUEST_METHOD", "GET"), ("http_proxy", "http://mine:1")])
            .unwrap()
            .unwrap();
        assert_eq!(found.http_proxy(), Some("http://mine:1"));
    }

    #[test]
    fn unusable_proxies_name_their_variable_and_hide_passwords() {
        let error = read(&[("HTTPS_PROXY", "ftp://proxy:21")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "HTTPS_PROXY is `ftp://proxy:21`, but must be a proxy URL, e.g. \
             http://proxy.example.com:3128"
        );
        assert!(read(&[("http_proxy", "http://")]).is_err());
        let found = read(&[("HTTPS_PROXY", "http://me:s3cr3t@proxy:3128")])
            .unwrap()
            .unwrap();
        let shown = format!("{found:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("me:"),
            "{shown}"
        );
        assert!(shown.contains("proxy:3128"), "{shown}");
        let error = proxy_url("http://me:s3cr3t@[::1").unwrap_err();
        assert!(!error.contains("s3cr3t"), "{error}");
    }
}
