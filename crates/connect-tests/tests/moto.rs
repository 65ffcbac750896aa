//! End to end against moto_server (the `moto` Python package's mock of AWS), an implementation
//! of Amazon Connect nobody here wrote: the SDK signs and sends over HTTP through the same path
//! as a call to AWS (`Client` with an endpoint URL, credentials and a region), and the tests
//! assert what moto answered.
//!
//! Which server: [`connect_mock::Moto`] (`CONNECT_MOTO_ENDPOINT`, else one started here).
//!
//! moto routes a request to its Connect backend by the service name in the SigV4 credential
//! scope (`connect`) and keeps one backend per account and region: resources created here live
//! in account 123456789012 (moto's default), region `REGION`. Tests create their own resources
//! and never assume they are alone on the server.

use connect_mock::Moto;
use connect_sdk::delete_instance::DeleteInstanceError;
use connect_sdk::describe_instance::DescribeInstanceError;
use connect_sdk::disassociate_analytics_data_set::DisassociateAnalyticsDataSetError;
use connect_sdk::types::{DirectoryType, InstanceStatus};
use connect_sdk::{Client, Config, Credentials, SdkError};
use std::time::SystemTime;

const REGION: &str = "us-west-2";
/// moto's default account.
const ACCOUNT: &str = "123456789012";
/// A Connect client of `moto`, as moto's tests sign.
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
async fn instance_lifecycle_with_tags() {
    let moto = Moto::get();
    let client = client(&moto);
    let alias = Moto::unique("sdk");

    // CreateInstance: moto answers the new instance's id and ARN.
    let created = client
        .create_instance()
        .identity_management_type(DirectoryType::ConnectManaged)
        .instance_alias(&alias)
        .inbound_calls_enabled(true)
        .outbound_calls_enabled(false)
        .tags("team", "sdk")
        .send()
        .await
        .expect("CreateInstance");
    let id = created.id.expect("CreateInstance answers an Id");
    let arn = created.arn.expect("CreateInstance answers an Arn");
    assert_eq!(
        arn,
        format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{id}")
    );

    // DescribeInstance: what was created, as moto stores it.
    let described = client
        .describe_instance()
        .instance_id(&id)
        .send()
        .await
        .expect("DescribeInstance")
        .instance
        .expect("DescribeInstance answers an Instance");
    assert_eq!(described.id.as_deref(), Some(id.as_str()));
    assert_eq!(described.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(described.instance_alias.as_deref(), Some(alias.as_str()));
    assert_eq!(
        described.identity_management_type,
        Some(DirectoryType::ConnectManaged)
    );
    assert_eq!(described.instance_status, Some(InstanceStatus::Active));
    assert_eq!(described.inbound_calls_enabled, Some(true));
    assert_eq!(described.outbound_calls_enabled, Some(false));
    assert_eq!(
        described.instance_access_url.as_deref(),
        Some(format!("https://{alias}.my.connect.aws").as_str())
    );
    let tags = described.tags.expect("DescribeInstance answers the Tags");
    assert_eq!(tags.get("team").map(String::as_str), Some("sdk"));
    // moto writes CreatedTime as an ISO 8601 string where the model says epoch seconds
    // (docs/CONFORMANCE.md); it is read all the same, and it is recent.
    let created_time = described.created_time.expect("CreatedTime");
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    assert!(
        (now - created_time.secs()).abs() < 3600,
        "CreatedTime {created_time} is not within an hour of now ({now})"
    );

    // ListInstances through the paginator, one instance a page, so that moto's NextToken is
    // followed: the new instance is listed once, with the same summary.
    let summaries = client
        .list_instances()
        .into_paginator()
        .page_size(1)
        .items()
        .try_collect()
        .await
        .expect("ListInstances");
    let ours: Vec<_> = summaries
        .iter()
        .filter(|summary| summary.id.as_deref() == Some(id.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "instance {id} listed once: {summaries:?}");
    assert_eq!(ours[0].arn.as_deref(), Some(arn.as_str()));
    assert_eq!(ours[0].instance_alias.as_deref(), Some(alias.as_str()));
    assert_eq!(ours[0].instance_status, Some(InstanceStatus::Active));
    // Page by page: at most one instance a page (other tests may add or remove theirs
    // meanwhile), ours on exactly one of them.
    let pages = client
        .list_instances()
        .into_paginator()
        .page_size(1)
        .send()
        .try_collect()
        .await
        .expect("ListInstances pages");
    let lists: Vec<_> = pages
        .iter()
        .map(|page| page.instance_summary_list.as_deref().unwrap_or_default())
        .collect();
    assert!(lists.iter().all(|list| list.len() <= 1), "{pages:?}");
    let with_ours = lists
        .iter()
        .filter(|list| list.iter().any(|s| s.id.as_deref() == Some(id.as_str())))
        .count();
    assert_eq!(with_ours, 1, "{pages:?}");

    // TagResource and ListTagsForResource: the ARN travels as a URI label (its `:` and `/`
    // percent-encoded) and comes back whole.
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("env", "test")
        .tags("owner", "connect-sdk")
        .send()
        .await
        .expect("TagResource");
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ListTagsForResource")
        .tags
        .expect("ListTagsForResource answers tags");
    assert_eq!(tags.get("team").map(String::as_str), Some("sdk"));
    assert_eq!(tags.get("env").map(String::as_str), Some("test"));
    assert_eq!(tags.get("owner").map(String::as_str), Some("connect-sdk"));

    // UntagResource: tag keys go in the query string, repeated.
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("env")
        .tag_keys("team")
        .send()
        .await
        .expect("UntagResource");
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ListTagsForResource")
        .tags
        .unwrap_or_default();
    assert_eq!(tags.len(), 1, "only `owner` is left: {tags:?}");
    assert_eq!(tags.get("owner").map(String::as_str), Some("connect-sdk"));

    // DeleteInstance: the instance is gone, and both describing and deleting it again are
    // ResourceNotFoundException, read from moto's error answer into the typed error.
    client
        .delete_instance()
        .instance_id(&id)
        .send()
        .await
        .expect("DeleteInstance");
    match client.describe_instance().instance_id(&id).send().await {
        Err(SdkError::Service(error)) => {
            assert!(
                matches!(
                    error.err(),
                    DescribeInstanceError::ResourceNotFoundException(_)
                ),
                "{error:?}"
            );
            assert_eq!(error.meta().status(), 404);
            assert_eq!(error.meta().code(), Some("ResourceNotFoundException"));
            let message = error.meta().message().unwrap_or_default();
            assert!(message.contains(&id), "{message}");
        }
        other => panic!("DescribeInstance of a deleted instance: {other:?}"),
    }
    match client.delete_instance().instance_id(&id).send().await {
        Err(SdkError::Service(error)) => assert!(
            matches!(
                error.err(),
                DeleteInstanceError::ResourceNotFoundException(_)
            ),
            "{error:?}"
        ),
        other => panic!("DeleteInstance of a deleted instance: {other:?}"),
    }
    let listed = client
        .list_instances()
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("ListInstances");
    assert!(
        listed
            .iter()
            .all(|summary| summary.id.as_deref() != Some(id.as_str())),
        "deleted instance {id} still listed"
    );
}

#[tokio::test]
async fn analytics_data_set_association() {
    let moto = Moto::get();
    let client = client(&moto);
    let id = client
        .create_instance()
        .identity_management_type(DirectoryType::Saml)
        .inbound_calls_enabled(false)
        .outbound_calls_enabled(true)
        .send()
        .await
        .expect("CreateInstance")
        .id
        .expect("CreateInstance answers an Id");
    let target_account = "210987654321";

    let associated = client
        .associate_analytics_data_set()
        .instance_id(&id)
        .data_set_id("contact-records")
        .target_account_id(target_account)
        .send()
        .await
        .expect("AssociateAnalyticsDataSet");
    assert_eq!(associated.data_set_id.as_deref(), Some("contact-records"));
    assert_eq!(
        associated.target_account_id.as_deref(),
        Some(target_account)
    );
    let share_id = associated.resource_share_id.expect("ResourceShareId");
    assert_eq!(
        associated.resource_share_arn.as_deref(),
        Some(format!("arn:aws:ram:{REGION}:{ACCOUNT}:resource-share/{share_id}").as_str())
    );
    // A second data set, without a target account: moto shares it with the caller's own.
    client
        .associate_analytics_data_set()
        .instance_id(&id)
        .data_set_id("agent-events")
        .send()
        .await
        .expect("AssociateAnalyticsDataSet");

    let listed = client
        .list_analytics_data_associations()
        .instance_id(&id)
        .send()
        .await
        .expect("ListAnalyticsDataAssociations");
    let results = listed.results.expect("Results");
    let data_sets: Vec<_> = results
        .iter()
        .map(|result| {
            (
                result.data_set_id.as_deref().unwrap_or_default(),
                result.target_account_id.as_deref().unwrap_or_default(),
                result.resource_share_status.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        data_sets,
        [
            ("agent-events", ACCOUNT, "ACTIVE"),
            ("contact-records", target_account, "ACTIVE"),
        ]
    );
    assert_eq!(
        results[1].resource_share_id.as_deref(),
        Some(share_id.as_str())
    );
    assert_eq!(listed.next_token, None);
    // The DataSetId query parameter filters.
    let filtered = client
        .list_analytics_data_associations()
        .instance_id(&id)
        .data_set_id("agent-events")
        .send()
        .await
        .expect("ListAnalyticsDataAssociations")
        .results
        .unwrap_or_default();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].data_set_id.as_deref(), Some("agent-events"));

    client
        .disassociate_analytics_data_set()
        .instance_id(&id)
        .data_set_id("contact-records")
        .send()
        .await
        .expect("DisassociateAnalyticsDataSet");
    let left = client
        .list_analytics_data_associations()
        .instance_id(&id)
        .send()
        .await
        .expect("ListAnalyticsDataAssociations")
        .results
        .unwrap_or_default();
    let left: Vec<_> = left
        .iter()
        .map(|result| result.data_set_id.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(left, ["agent-events"]);
    // Disassociating it again: moto's ResourceNotFoundException, typed.
    match client
        .disassociate_analytics_data_set()
        .instance_id(&id)
        .data_set_id("contact-records")
        .send()
        .await
    {
        Err(SdkError::Service(error)) => assert!(
            matches!(
                error.err(),
                DisassociateAnalyticsDataSetError::ResourceNotFoundException(_)
            ),
            "{error:?}"
        ),
        other => panic!("second DisassociateAnalyticsDataSet: {other:?}"),
    }

    client
        .delete_instance()
        .instance_id(&id)
        .send()
        .await
        .expect("DeleteInstance");
}
