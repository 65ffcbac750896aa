//! Paginators against a local server on 127.0.0.1 that checks SigV4 and answers page by page,
//! by the continuation token each request carries: ListUsers sends it in the query (as most
//! paginated operations do), ListDefaultVocabularies in the JSON body.

use connect_mock::{MockResponse, MockServer, RecordedRequest, SignatureCheck};
use connect_sdk::list_default_vocabularies::ListDefaultVocabulariesOutput;
use connect_sdk::list_users::{ListUsersError, ListUsersOutput};
use connect_sdk::{
    BuildError, Client, Config, Credentials, PaginationStream, RetryConfig, SdkError,
};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";

async fn server(
    respond: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "connect", respond)
        .await
        .expect("bind 127.0.0.1")
}

/// One attempt per request: an error page must reach the stream as the server sent it
/// (retries are tested in `resilience.rs`).
fn client(server: &MockServer) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .endpoint_url(server.endpoint())
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

async fn all<T>(mut stream: PaginationStream<T>) -> Vec<T> {
    let mut all = Vec::new();
    while let Some(element) = stream.next().await {
        all.push(element);
    }
    all
}

// ListUsers: `GET /users-summary/{InstanceId}?nextToken=..&maxResults=..`.

/// The `nextToken` query parameter of a request, as sent (percent-encoded).
fn query_token(request: &RecordedRequest) -> Option<&str> {
    request
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("nextToken="))
}

/// A page of users by id, with `token` (JSON text) as its `NextToken`.
fn users(token: Option<&str>, ids: &[&str]) -> MockResponse {
    let list: Vec<Value> = ids
        .iter()
        .map(|id| serde_json::json!({ "Id": id, "Username": format!("user-{id}") }))
        .collect();
    let mut answer = serde_json::json!({ "UserSummaryList": list });
    if let Some(token) = token {
        answer["NextToken"] = token.into();
    }
    MockResponse::json(200, answer.to_string())
}

/// Three pages; the second token holds the characters real (base64) tokens have.
fn three_user_pages(request: &RecordedRequest) -> MockResponse {
    match query_token(request) {
        None => users(Some("page+2/="), &["u1"]),
        Some("page%2B2%2F%3D") => users(Some("page3"), &["u2", "u3"]),
        Some("page3") => users(None, &["u4"]),
        Some(other) => MockResponse::json(
            400,
            format!(r#"{{"__type":"InvalidRequestException","Message":"unknown token {other}"}}"#),
        ),
    }
}

fn user_ids(page: &ListUsersOutput) -> Vec<&str> {
    page.user_summary_list
        .iter()
        .flatten()
        .filter_map(|user| user.id.as_deref())
        .collect()
}

#[tokio::test]
async fn pages_follow_the_tokens_in_the_query() {
    let server = server(three_user_pages).await;
    let pages = client(&server)
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .expect("every page arrives");

    let tokens: Vec<Option<&str>> = pages.iter().map(|p| p.next_token.as_deref()).collect();
    assert_eq!(tokens, [Some("page+2/="), Some("page3"), None]);
    let ids: Vec<Vec<&str>> = pages.iter().map(user_ids).collect();
    assert_eq!(ids, [vec!["u1"], vec!["u2", "u3"], vec!["u4"]]);

    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/users-summary/inst-1?maxResults=2",
            "/users-summary/inst-1?nextToken=page%2B2%2F%3D&maxResults=2",
            "/users-summary/inst-1?nextToken=page3&maxResults=2",
        ]
    );
    for request in &requests {
        assert_eq!(request.signature, SignatureCheck::Valid);
        assert_eq!(request.method, "GET");
        assert!(request.body.is_empty());
    }
}

#[tokio::test]
async fn items_are_the_users_of_every_page_in_order() {
    let server = server(three_user_pages).await;
    let users = client(&server)
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("every page arrives");
    let ids: Vec<&str> = users.iter().filter_map(|user| user.id.as_deref()).collect();
    assert_eq!(ids, ["u1", "u2", "u3", "u4"]);
    assert_eq!(users[3].username.as_deref(), Some("user-u4"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_first_request_sends_the_callers_token() {
    let server = server(three_user_pages).await;
    let pages = all(client(&server)
        .list_users()
        .instance_id("inst-1")
        .next_token("page+2/=")
        .into_paginator()
        .send())
    .await;
    assert_eq!(pages.len(), 2);
    let requests = server.requests();
    let sent: Vec<Option<&str>> = requests.iter().map(query_token).collect();
    assert_eq!(sent, [Some("page%2B2%2F%3D"), Some("page3")]);
}

#[tokio::test]
async fn a_server_repeating_its_token_is_not_called_again() {
    // A client that ignored the repeated token would page on; the fifth request gets an error
    // so that such a bug shows as a failure, not as a test that never ends.
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = server(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) < 4 {
            users(Some("same"), &["u"])
        } else {
            MockResponse::json(500, r#"{"__type":"InternalServiceException"}"#)
        }
    })
    .await;
    let pages = all(client(&server)
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .send())
    .await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok), "{pages:?}");
    let requests = server.requests();
    let sent: Vec<Option<&str>> = requests.iter().map(query_token).collect();
    assert_eq!(sent, [None, Some("same")]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// Answers the first page, then a throttling error for the second.
fn error_on_page_two(request: &RecordedRequest) -> MockResponse {
    match query_token(request) {
        None => users(Some("t1"), &["u1", "u2"]),
        Some(_) => MockResponse::json(
            429,
            r#"{"__type":"ThrottlingException","Message":"slow down"}"#,
        )
        .with_header("x-amzn-RequestId", "req-page-2"),
    }
}

fn assert_throttled(error: &SdkError<ListUsersError>) {
    match error {
        SdkError::Service(service) => {
            assert!(
                matches!(
                    service.err(),
                    ListUsersError::ThrottlingException(e)
                        if e.message.as_deref() == Some("slow down")
                ),
                "{error:?}"
            );
            assert_eq!(service.meta().request_id(), Some("req-page-2"));
        }
        other => panic!("expected the throttling error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_after_page_one_and_ends_the_stream() {
    let server = server(error_on_page_two).await;
    let mut pages = client(&server)
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .send();
    let first = pages.next().await.expect("a first page").expect("page one");
    assert_eq!(user_ids(&first), ["u1", "u2"]);
    let error = pages.next().await.expect("a second element").unwrap_err();
    assert_throttled(&error);
    assert!(pages.next().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn items_yield_the_first_pages_items_then_the_error() {
    let server = server(error_on_page_two).await;
    let items = all(client(&server)
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .items())
    .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("u1"));
    assert_eq!(items[1].as_ref().unwrap().id.as_deref(), Some("u2"));
    assert_throttled(items[2].as_ref().unwrap_err());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_missing_required_member_is_the_only_element_and_nothing_is_sent() {
    let server = server(three_user_pages).await;
    let pages = all(client(&server).list_users().into_paginator().send()).await;
    assert_eq!(pages.len(), 1);
    assert!(
        matches!(
            &pages[0],
            Err(SdkError::Construction(BuildError::MissingMember {
                operation: "ListUsers",
                member: "InstanceId",
            }))
        ),
        "{pages:?}"
    );
    assert!(server.requests().is_empty());
}

// ListDefaultVocabularies: `POST /default-vocabulary-summary/{InstanceId}`, token in the body.

/// The `NextToken` of a request's JSON body, if any.
fn body_token(request: &RecordedRequest) -> Option<String> {
    let body: Value = serde_json::from_slice(&request.body).expect("the request body is JSON");
    body.get("NextToken")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A page of vocabularies by id.
fn vocabularies(token: Option<&str>, ids: &[&str]) -> MockResponse {
    let list: Vec<Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "InstanceId": "inst-1", "LanguageCode": "en-US",
                "VocabularyId": id, "VocabularyName": format!("name-{id}")
            })
        })
        .collect();
    let mut answer = serde_json::json!({ "DefaultVocabularyList": list });
    if let Some(token) = token {
        answer["NextToken"] = token.into();
    }
    MockResponse::json(200, answer.to_string())
}

fn vocabulary_ids(page: &ListDefaultVocabulariesOutput) -> Vec<&str> {
    page.default_vocabulary_list
        .iter()
        .flatten()
        .filter_map(|vocabulary| vocabulary.vocabulary_id.as_deref())
        .collect()
}

#[tokio::test]
async fn tokens_in_the_body_are_followed_and_the_other_members_kept() {
    let server = server(|request| match body_token(request).as_deref() {
        None => vocabularies(Some("t1"), &["v1"]),
        Some("t1") => vocabularies(Some("t2"), &["v2", "v3"]),
        _ => vocabularies(None, &["v4"]),
    })
    .await;
    let pages = client(&server)
        .list_default_vocabularies()
        .instance_id("inst-1")
        .language_code("en-US")
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .expect("every page arrives");
    let ids: Vec<Vec<&str>> = pages.iter().map(vocabulary_ids).collect();
    assert_eq!(ids, [vec!["v1"], vec!["v2", "v3"], vec!["v4"]]);

    let requests = server.requests();
    let sent: Vec<Option<String>> = requests.iter().map(body_token).collect();
    assert_eq!(sent, [None, Some("t1".into()), Some("t2".into())]);
    for request in &requests {
        assert_eq!(request.signature, SignatureCheck::Valid);
        assert_eq!(request.target, "/default-vocabulary-summary/inst-1");
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["MaxResults"], 2, "{body}");
        assert_eq!(body["LanguageCode"], "en-US", "{body}");
    }
}
