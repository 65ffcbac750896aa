//! What the instance metadata and container credential sources trace, at every level and from
//! every crate (reqwest and hyper too): what they did, and never a secret key, a session token,
//! an IMDS token or an authorization token. Its own test binary with a single test, so that no
//! other test shares the process-wide subscriber.

use connect_http::ReqwestClient;
use connect_mock::{
    FakeContainerCredentials, FakeImds, ImdsBehaviour, MockResponse, TemporaryCredentials,
    IMDS_TOKEN_HEADER,
};
use connect_runtime::credentials::{
    ContainerCredentials, ContainerSettings, ImdsCredentials, ImdsSettings,
};
use connect_runtime::sleep::TokioSleep;
use connect_runtime::{ProvideCredentials, ProviderContext};
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET: &str = "traced-secret-key-MDENGbPxRfiCY";
const SESSION: &str = "traced-session-token-IQoJb3JpZ2luX2Vj";
const AUTHORIZATION: &str = "traced-authorization-token-eyJhbGciOi";
const WRONG_AUTHORIZATION: &str = "traced-wrong-authorization-token-x1";

/// Every span, field and event message, as text.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn append(&self, head: String, record: impl FnOnce(&mut Fields<'_>)) {
        let mut line = head;
        record(&mut Fields(&mut line));
        let mut text = self.text.lock().unwrap();
        text.push_str(&line);
        text.push('\n');
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let head = format!("span {}", attributes.metadata().name());
        self.append(head, |fields| attributes.record(fields));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        self.append("record".into(), |fields| values.record(fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let head = format!("event {} {}", metadata.level(), metadata.target());
        self.append(head, |fields| event.record(fields));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn context() -> ProviderContext {
    ProviderContext {
        http: Arc::new(ReqwestClient::new(None).unwrap()),
        sleep: Arc::new(TokioSleep),
        services: None,
    }
}

fn temporary(id: &str, expiry: SystemTime) -> TemporaryCredentials {
    TemporaryCredentials::new(id, SECRET, SESSION, expiry)
}

/// Success, a revoked token, expired credentials and a failing service, through IMDS; the
/// tokens it handed out.
async fn imds_calls(seen: &mut Vec<String>) -> Vec<String> {
    let imds = FakeImds::start().await.unwrap();
    let hour = SystemTime::now() + Duration::from_secs(3600);
    imds.set_role("traced-role", temporary("ASIATRACED", hour).imds_json());
    let settings = ImdsSettings::default()
        .with_endpoint(&imds.endpoint())
        .unwrap();
    let provider = ImdsCredentials::new(settings);
    provider.bind(&context());
    let credentials = provider.provide_credentials().await.unwrap();
    imds.revoke_tokens();
    provider.provide_credentials().await.unwrap();
    let expired = SystemTime::now() - Duration::from_secs(60);
    imds.set_role("traced-role", temporary("ASIATRACED", expired).imds_json());
    provider.provide_credentials().await.unwrap();
    imds.set_behaviour(ImdsBehaviour::InternalError);
    provider.provide_credentials().await.unwrap();
    seen.push(format!("{credentials:?} {provider:?}"));
    imds.requests()
        .iter()
        .filter_map(|request| request.header(IMDS_TOKEN_HEADER).map(str::to_owned))
        .collect()
}

/// Success with a token file, a refused token, and retried 500s.
async fn container_calls(seen: &mut Vec<String>) {
    let hour = SystemTime::now() + Duration::from_secs(3600);
    let fake = FakeContainerCredentials::start(temporary("ASIATASK", hour))
        .await
        .unwrap();
    fake.require_authorization(Some(AUTHORIZATION));
    let file = std::env::temp_dir().join(format!("traced-token-{}", std::process::id()));
    std::fs::write(&file, AUTHORIZATION).unwrap();
    let settings = ContainerSettings::full_uri(&fake.url()).unwrap();
    let from_file =
        ContainerCredentials::new(settings.clone().with_authorization_token_file(&file));
    from_file.bind(&context());
    let credentials = from_file.provide_credentials().await.unwrap();
    let wrong = ContainerCredentials::new(
        settings
            .clone()
            .with_authorization_token(WRONG_AUTHORIZATION)
            .unwrap(),
    );
    wrong.bind(&context());
    let refused = wrong.provide_credentials().await.unwrap_err();
    fake.script(vec![MockResponse::json(500, "{}"); 3]);
    let failing =
        ContainerCredentials::new(settings.with_authorization_token(AUTHORIZATION).unwrap());
    failing.bind(&context());
    let failed = failing.provide_credentials().await.unwrap_err();
    seen.push(format!(
        "{credentials:?} {from_file:?} {wrong:?} {refused:?} {refused} {failing:?} {failed:?}"
    ));
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn the_sources_trace_what_they_do_and_no_secret() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).expect("the only subscriber");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut seen = Vec::new();
    let tokens = runtime.block_on(async {
        let tokens = imds_calls(&mut seen).await;
        container_calls(&mut seen).await;
        tokens
    });
    let text = capture.text.lock().unwrap().clone();
    for expected in [
        "credentials from the instance metadata service",
        "refused its token",
        "gave credentials that have expired",
        "the instance metadata service failed: giving the credentials it gave last",
        "credentials from the container credentials endpoint",
        "the container credentials endpoint failed: retrying",
    ] {
        assert!(text.contains(expected), "`{expected}` not traced:\n{text}");
    }
    let mut distinct = tokens.clone();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        2,
        "one token, then its replacement: {tokens:?}"
    );
    let debug = seen.join("\n");
    let secrets = [SECRET, SESSION, AUTHORIZATION, WRONG_AUTHORIZATION];
    for secret in secrets
        .iter()
        .copied()
        .chain(tokens.iter().map(String::as_str))
    {
        assert!(!text.contains(secret), "{secret} traced:\n{text}");
        assert!(
            !debug.contains(secret),
            "{secret} in Debug output:\n{debug}"
        );
    }
}
