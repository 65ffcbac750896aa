//! The fake credential endpoints over real TCP: the IMDSv2 token exchange and its checks, the
//! metadata paths, each misbehaviour, and the container endpoint's authorization and script.

use connect_mock::{
    FakeContainerCredentials, FakeImds, ImdsBehaviour, MockResponse, SignatureCheck,
    TemporaryCredentials, FAKE_CONTAINER_PATH,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(10);
const TTL: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN: &str = "x-aws-ec2-metadata-token";

#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(": ")?;
            key.eq_ignore_ascii_case(name).then_some(value)
        })
    }
}

/// One request on a connection of its own, read until the server closes it.
async fn send(endpoint: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let address = endpoint.strip_prefix("http://").expect("an http endpoint");
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Content-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut bytes = Vec::new();
    timeout(LIMIT, stream.read_to_end(&mut bytes))
        .await
        .expect("answered in time")
        .expect("read");
    let text = String::from_utf8(bytes).expect("UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    Answer {
        status: head[9..12].parse().expect("a status"),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn credentials(id: &str) -> TemporaryCredentials {
    let expiry = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    TemporaryCredentials::new(id, "fake-secret", "fake-session-token", expiry)
}

async fn token(imds: &FakeImds, ttl: &str) -> Answer {
    send(&imds.endpoint(), "PUT", "/latest/api/token", &[(TTL, ttl)]).await
}

#[tokio::test]
async fn imds_hands_out_tokens_and_serves_metadata_only_with_one() {
    let imds = FakeImds::start().await.unwrap();
    imds.set_role("web", credentials("ASIAWEB").imds_json());
    imds.set_region("eu-west-3");
    let endpoint = imds.endpoint();

    let granted = token(&imds, "21600").await;
    assert_eq!(granted.status, 200);
    assert_eq!(granted.header(TTL), Some("21600"));
    let session = granted.body.clone();
    assert!(!session.is_empty());
    for bad in ["0", "21601", "soon"] {
        assert_eq!(token(&imds, bad).await.status, 400, "{bad}");
    }
    let missing_ttl = send(&endpoint, "PUT", "/latest/api/token", &[]).await;
    assert_eq!(missing_ttl.status, 400);
    assert_eq!(imds.tokens_issued(), 1);

    let get = |path: &'static str, token: Option<&str>| {
        let headers: Vec<(&str, String)> = token
            .map(|token| (TOKEN, token.to_owned()))
            .into_iter()
            .collect();
        let endpoint = endpoint.clone();
        async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            send(&endpoint, "GET", path, &headers).await
        }
    };
    let roles = "/latest/meta-data/iam/security-credentials/";
    assert_eq!(get(roles, None).await.status, 401, "IMDSv1 is refused");
    assert_eq!(get(roles, Some("made-up")).await.status, 401);
    let listing = get(roles, Some(&session)).await;
    assert_eq!((listing.status, listing.body.as_str()), (200, "web"));
    let role = get(
        "/latest/meta-data/iam/security-credentials/web",
        Some(&session),
    )
    .await;
    assert_eq!(role.status, 200);
    assert!(
        role.body.contains("\"AccessKeyId\" : \"ASIAWEB\""),
        "{}",
        role.body
    );
    let other = get(
        "/latest/meta-data/iam/security-credentials/db",
        Some(&session),
    )
    .await;
    assert_eq!(other.status, 404);
    let region = get("/latest/meta-data/placement/region", Some(&session)).await;
    assert_eq!((region.status, region.body.as_str()), (200, "eu-west-3"));
    assert_eq!(get("/latest/user-data", Some(&session)).await.status, 404);

    imds.remove_role();
    assert_eq!(get(roles, Some(&session)).await.status, 404);
    let requests = imds.requests();
    assert!(requests
        .iter()
        .all(|request| request.signature == SignatureCheck::NotChecked));
    assert_eq!(requests[0].header(TTL), Some("21600"));
}

#[tokio::test]
async fn imds_tokens_expire_with_their_ttl_and_can_be_revoked() {
    let imds = FakeImds::start().await.unwrap();
    imds.set_region("us-east-2");
    let region = |token: String| {
        let endpoint = imds.endpoint();
        async move {
            let headers = [(TOKEN, token.as_str())];
            send(
                &endpoint,
                "GET",
                "/latest/meta-data/placement/region",
                &headers,
            )
            .await
            .status
        }
    };
    imds.cap_token_ttl(Duration::from_secs(1));
    let short = token(&imds, "21600").await;
    assert_eq!(short.header(TTL), Some("1"));
    assert_eq!(region(short.body.clone()).await, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(region(short.body).await, 401, "expired");

    let fresh = token(&imds, "60").await;
    assert_eq!(fresh.header(TTL), Some("1"));
    assert_eq!(region(fresh.body.clone()).await, 200);
    imds.revoke_tokens();
    assert_eq!(region(fresh.body).await, 401, "revoked");
    let after = token(&imds, "60").await;
    assert_eq!(region(after.body).await, 200);
    assert_eq!(imds.tokens_issued(), 3);
}

#[tokio::test]
async fn imds_misbehaves_on_request() {
    let imds = FakeImds::start().await.unwrap();
    imds.set_region("ap-south-1");
    imds.set_behaviour(ImdsBehaviour::InternalError);
    assert_eq!(token(&imds, "21600").await.status, 500);

    imds.set_behaviour(ImdsBehaviour::V1Only);
    assert_eq!(token(&imds, "21600").await.status, 405);
    let region = send(
        &imds.endpoint(),
        "GET",
        "/latest/meta-data/placement/region",
        &[],
    )
    .await;
    assert_eq!((region.status, region.body.as_str()), (200, "ap-south-1"));

    imds.set_behaviour(ImdsBehaviour::Hang);
    let waited = timeout(Duration::from_millis(300), token(&imds, "21600")).await;
    assert!(waited.is_err(), "answered: {waited:?}");
    assert_eq!(imds.requests().len(), 4, "the hanging request is recorded");
    assert_eq!(imds.tokens_issued(), 0);
}

#[tokio::test]
async fn the_container_endpoint_checks_authorization_and_plays_its_script() {
    let fake = FakeContainerCredentials::start(credentials("ASIATASK"))
        .await
        .unwrap();
    let url = fake.url();
    let endpoint = url.strip_suffix(FAKE_CONTAINER_PATH).unwrap();
    let get = |authorization: Option<&'static str>| async move {
        let headers: Vec<(&str, &str)> = authorization
            .map(|value| ("Authorization", value))
            .into_iter()
            .collect();
        send(endpoint, "GET", FAKE_CONTAINER_PATH, &headers).await
    };
    let open = get(None).await;
    assert_eq!(open.status, 200);
    assert!(
        open.body.contains("\"AccessKeyId\" : \"ASIATASK\""),
        "{}",
        open.body
    );

    fake.require_authorization(Some("pod-token-1"));
    assert_eq!(get(None).await.status, 401);
    assert_eq!(get(Some("pod-token-2")).await.status, 401);
    assert_eq!(get(Some("pod-token-1")).await.status, 200);

    fake.script([
        MockResponse::json(503, "{}"),
        MockResponse::json(200, "{not json"),
    ]);
    assert_eq!(
        get(None).await.status,
        401,
        "the check comes before the script"
    );
    assert_eq!(get(Some("pod-token-1")).await.status, 503);
    assert_eq!(get(Some("pod-token-1")).await.body, "{not json");
    fake.set_credentials(credentials("ASIANEXT"));
    assert!(get(Some("pod-token-1")).await.body.contains("ASIANEXT"));

    assert_eq!(send(endpoint, "GET", "/other", &[]).await.status, 404);
    assert_eq!(
        send(endpoint, "POST", FAKE_CONTAINER_PATH, &[])
            .await
            .status,
        405
    );
    let recorded = fake.requests();
    assert_eq!(recorded.len(), 10);
    assert_eq!(recorded[2].header("authorization"), Some("pod-token-2"));
    let shown = format!("{fake:?}");
    assert!(!shown.contains("fake-secret") && !shown.contains("fake-session-token"));
    assert!(SystemTime::now() < credentials("x").expiration);
}
