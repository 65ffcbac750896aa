//! ConnectCampaigns end to end against moto_server, the family service moto implements: the
//! generated SDK signs (as `connect-campaigns`) and sends over HTTP through the same path as a
//! call to AWS, and the tests assert what moto answered. See `moto.rs` for the server.

use connect_mock::Moto;
use connectcampaigns_sdk::describe_campaign::DescribeCampaignError;
use connectcampaigns_sdk::types::{
    CampaignState, DialerConfig, OutboundCallConfig, PredictiveDialerConfig,
};
use connectcampaigns_sdk::{Client, Config, Credentials, SdkError};
use std::collections::HashMap;

const REGION: &str = "us-west-2";

fn client(moto: &Moto) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new("testing", "testing", None))
            .endpoint_url(moto.endpoint())
            .build(),
    )
}

#[tokio::test]
async fn campaign_lifecycle_with_states_and_tags() {
    let moto = Moto::get();
    let client = client(&moto);
    let name = Moto::unique("campaign");
    let instance = Moto::unique("instance");

    let created = client
        .create_campaign()
        .name(&name)
        .connect_instance_id(&instance)
        .dialer_config(DialerConfig::PredictiveDialerConfig(
            PredictiveDialerConfig::builder()
                .bandwidth_allocation(0.5)
                .build(),
        ))
        .outbound_call_config(
            OutboundCallConfig::builder()
                .connect_contact_flow_id("flow-1")
                .connect_queue_id("queue-1")
                .build(),
        )
        .tags("team", "dialer")
        .send()
        .await
        .expect("CreateCampaign");
    let id = created.id.expect("moto answers the campaign's id");
    let arn = created.arn.expect("and its ARN");
    assert!(arn.contains(&id), "{arn}");

    let described = client
        .describe_campaign()
        .id(&id)
        .send()
        .await
        .expect("DescribeCampaign")
        .campaign
        .expect("a campaign");
    assert_eq!(described.name.as_deref(), Some(name.as_str()));
    assert_eq!(
        described.connect_instance_id.as_deref(),
        Some(instance.as_str())
    );
    let Some(DialerConfig::PredictiveDialerConfig(dialer)) = described.dialer_config else {
        panic!("the dialer config read back: {:?}", described.dialer_config)
    };
    assert_eq!(dialer.bandwidth_allocation, Some(0.5));
    let call = described
        .outbound_call_config
        .expect("an outbound call config");
    assert_eq!(call.connect_queue_id.as_deref(), Some("queue-1"));

    let state = |client: Client, id: String| async move {
        client
            .get_campaign_state()
            .id(id)
            .send()
            .await
            .expect("GetCampaignState")
            .state
    };
    assert_eq!(
        state(client.clone(), id.clone()).await,
        Some(CampaignState::Initialized)
    );
    client
        .start_campaign()
        .id(&id)
        .send()
        .await
        .expect("StartCampaign");
    assert_eq!(
        state(client.clone(), id.clone()).await,
        Some(CampaignState::Running)
    );
    client
        .pause_campaign()
        .id(&id)
        .send()
        .await
        .expect("PauseCampaign");
    assert_eq!(
        state(client.clone(), id.clone()).await,
        Some(CampaignState::Paused)
    );
    client
        .resume_campaign()
        .id(&id)
        .send()
        .await
        .expect("ResumeCampaign");
    client
        .stop_campaign()
        .id(&id)
        .send()
        .await
        .expect("StopCampaign");
    assert_eq!(
        state(client.clone(), id.clone()).await,
        Some(CampaignState::Stopped)
    );

    let listed = client
        .list_campaigns()
        .send()
        .await
        .expect("ListCampaigns")
        .campaign_summary_list
        .unwrap_or_default();
    assert!(
        listed
            .iter()
            .any(|summary| summary.id.as_deref() == Some(id.as_str())),
        "{listed:?}"
    );

    // Tags given at creation come back with the campaign. moto keeps them apart from the tags
    // of TagResource, which alone its ListTagsForResource lists (AWS lists both), so those are
    // asserted on their own.
    let created_tags = described.tags.unwrap_or_default();
    assert_eq!(created_tags.get("team").map(String::as_str), Some("dialer"));
    client
        .tag_resource()
        .arn(&arn)
        .tags("cost-center", "42")
        .tags("owner", "ops")
        .send()
        .await
        .expect("TagResource");
    let tags = |client: Client, arn: String| async move {
        client
            .list_tags_for_resource()
            .arn(arn)
            .send()
            .await
            .expect("ListTagsForResource")
            .tags
            .unwrap_or_default()
    };
    let expected = HashMap::from([
        ("cost-center".to_owned(), "42".to_owned()),
        ("owner".to_owned(), "ops".to_owned()),
    ]);
    assert_eq!(tags(client.clone(), arn.clone()).await, expected);
    client
        .untag_resource()
        .arn(&arn)
        .tag_keys("owner")
        .send()
        .await
        .expect("UntagResource");
    let left = tags(client.clone(), arn.clone()).await;
    assert_eq!(left.keys().collect::<Vec<_>>(), ["cost-center"]);

    client
        .delete_campaign()
        .id(&id)
        .send()
        .await
        .expect("DeleteCampaign");
    let error = client.describe_campaign().id(&id).send().await.unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("{error:?}")
    };
    assert!(
        matches!(
            error.err(),
            DescribeCampaignError::ResourceNotFoundException(_)
        ),
        "{:?}",
        error.err()
    );
    assert_eq!(error.meta().status(), 404);
}
