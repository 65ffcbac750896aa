//! Every family example runs against its local stand-in: the call is signed for the
//! service's signing name (the server checks it) and the answer reads into the typed output.

use connect_examples::family::{self, Outcome};
use std::future::Future;

async fn check(name: &str, call: impl Future<Output = Outcome>, expect: &[&str]) {
    let (output, received) = call.await.unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(received.len(), 1, "{name}: {received:?}");
    assert!(
        received[0].ends_with("(signature valid)"),
        "{name}: {received:?}"
    );
    for text in expect {
        assert!(output.contains(text), "{name}: {text} not in {output}");
    }
}

#[tokio::test]
async fn every_family_service_answers_its_example() {
    check(
        "appintegrations",
        family::appintegrations(),
        &["crm.example"],
    )
    .await;
    check(
        "connect-contact-lens",
        family::connect_contact_lens(),
        &["Hello", "Positive"],
    )
    .await;
    check("connectcampaigns", family::connectcampaigns(), &["Running"]).await;
    check(
        "connectcampaignsv2",
        family::connectcampaignsv2(),
        &["renewals", "Telephony"],
    )
    .await;
    check("connectcases", family::connectcases(), &["support"]).await;
    check("connecthealth", family::connecthealth(), &["domains"]).await;
    check(
        "customer-profiles",
        family::customer_profiles(),
        &["retail"],
    )
    .await;
    check("qconnect", family::qconnect(), &["assistant_summaries"]).await;
    check("voice-id", family::voice_id(), &["domain_summaries"]).await;
    check("wisdom", family::wisdom(), &["assistant_summaries"]).await;
}

#[tokio::test]
async fn a_participant_call_carries_its_connection_token_and_a_signature() {
    let (output, received) = family::connectparticipant().await.unwrap();
    assert!(output.contains("m-1"), "{output}");
    assert!(
        received[0].starts_with("POST /participant/message"),
        "{received:?}"
    );
    assert!(received[0].ends_with("(signature valid)"), "{received:?}");
    assert_eq!(received[1], "x-amz-bearer: [Some(\"connection-token-1\")]");
}

/// Counts the times it is asked, and gives the stand-ins' keys.
#[derive(Debug, Default)]
struct Counting(std::sync::atomic::AtomicUsize);

impl connect_runtime::ProvideCredentials for Counting {
    fn provide_credentials(&self) -> connect_runtime::credentials::ProvideFuture<'_> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let keys = connect_runtime::Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        );
        let expiry = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        Box::pin(async move { Ok(keys.with_expiry(expiry)) })
    }
}

#[tokio::test]
async fn one_configuration_serves_every_service_with_one_credentials_cache() {
    let cases = connect_examples::local::serve("cases", r#"{"domains": []}"#)
        .await
        .unwrap();
    let wisdom = connect_examples::local::serve("wisdom", r#"{"assistantSummaries": []}"#)
        .await
        .unwrap();
    let provider = std::sync::Arc::new(Counting::default());
    let config = connect_runtime::Config::builder()
        .region("us-east-1")
        .credentials_provider(SharedProvider(provider.clone()))
        .build();
    // Each client gets the one configuration; only the endpoint differs, per call.
    let cases_client = connectcases_sdk::Client::from_conf(config.clone());
    let wisdom_client = wisdom_sdk::Client::from_conf(config);
    for _ in 0..2 {
        cases_client
            .list_domains()
            .customize(|call| call.endpoint_url(cases.endpoint()))
            .send()
            .await
            .unwrap();
        wisdom_client
            .list_assistants()
            .customize(|call| call.endpoint_url(wisdom.endpoint()))
            .send()
            .await
            .unwrap();
    }
    assert_eq!(provider.0.load(std::sync::atomic::Ordering::SeqCst), 1);
    let valid = |server: &connect_mock::MockServer| {
        connect_examples::local::received(server).map(|r| r.len())
    };
    assert_eq!((valid(&cases), valid(&wisdom)), (Ok(2), Ok(2)));
}

/// The provider, shared with the test that counts.
#[derive(Debug)]
struct SharedProvider(std::sync::Arc<Counting>);

impl connect_runtime::ProvideCredentials for SharedProvider {
    fn provide_credentials(&self) -> connect_runtime::credentials::ProvideFuture<'_> {
        self.0.provide_credentials()
    }
}
