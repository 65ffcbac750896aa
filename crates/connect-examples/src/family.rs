//! One call of each service of the Amazon Connect family, against a local stand-in (see
//! [`crate::local`]): what an application writes, with the client built from one
//! configuration. Each returns the typed output, written with `{:#?}`, and what the server
//! received.

use crate::local::{config, received, serve};

/// What a call gave: the output as `{:#?}` shows it, and the requests the server saw.
pub type Outcome = Result<(String, Vec<String>), Box<dyn std::error::Error>>;

/// AppIntegrations `ListApplications` (signing name `app-integrations`).
pub async fn appintegrations() -> Outcome {
    let server = serve(
        "app-integrations",
        r#"{"Applications": [{"Id": "a-1", "Name": "crm", "Namespace": "crm.example"}]}"#,
    )
    .await?;
    let client = appintegrations_sdk::Client::from_conf(config(&server));
    let output = client.list_applications().max_results(10).send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// Contact Lens `ListRealtimeContactAnalysisSegments` (signing name `connect`).
pub async fn connect_contact_lens() -> Outcome {
    let server = serve(
        "connect",
        r#"{"Segments": [{"Transcript": {"Id": "t-1", "ParticipantId": "p-1",
            "ParticipantRole": "CUSTOMER", "Content": "Hello", "BeginOffsetMillis": 0,
            "EndOffsetMillis": 800, "Sentiment": "POSITIVE"}}]}"#,
    )
    .await?;
    let client = connect_contact_lens_sdk::Client::from_conf(config(&server));
    let output = client
        .list_realtime_contact_analysis_segments()
        .instance_id("instance-1")
        .contact_id("contact-1")
        .send()
        .await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// ConnectCampaigns `GetCampaignState` (signing name `connect-campaigns`).
pub async fn connectcampaigns() -> Outcome {
    let server = serve("connect-campaigns", r#"{"state": "Running"}"#).await?;
    let client = connectcampaigns_sdk::Client::from_conf(config(&server));
    let output = client.get_campaign_state().id("campaign-1").send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// ConnectCampaignsV2 `ListCampaigns` (signing name `connect-campaigns`).
pub async fn connectcampaignsv2() -> Outcome {
    let server = serve(
        "connect-campaigns",
        r#"{"campaignSummaryList": [{"id": "c-1", "arn": "arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c-1",
            "name": "renewals", "connectInstanceId": "instance-1", "channelSubtypes": ["TELEPHONY"]}]}"#,
    )
    .await?;
    let client = connectcampaignsv2_sdk::Client::from_conf(config(&server));
    let output = client.list_campaigns().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// ConnectCases `ListDomains` (signing name `cases`).
pub async fn connectcases() -> Outcome {
    let server = serve(
        "cases",
        r#"{"domains": [{"domainId": "d-1", "domainArn": "arn:aws:cases:us-east-1:123456789012:domain/d-1", "name": "support"}]}"#,
    )
    .await?;
    let client = connectcases_sdk::Client::from_conf(config(&server));
    let output = client.list_domains().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// ConnectHealth `ListDomains` (signing name `health-agent`).
pub async fn connecthealth() -> Outcome {
    let server = serve("health-agent", r#"{"domains": []}"#).await?;
    let client = connecthealth_sdk::Client::from_conf(config(&server));
    let output = client.list_domains().max_results(5).send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// ConnectParticipant `SendMessage`: the participant's connection token goes in
/// `X-Amz-Bearer`, and the request is signed as `execute-api`, as the model says.
pub async fn connectparticipant() -> Outcome {
    let server = serve(
        "execute-api",
        r#"{"Id": "m-1", "AbsoluteTime": "2026-12-01T10:00:00.000Z"}"#,
    )
    .await?;
    let client = connectparticipant_sdk::Client::from_conf(config(&server));
    let output = client
        .send_message()
        .connection_token("connection-token-1")
        .content_type("text/plain")
        .content("Hello, I need help with my order")
        .send()
        .await?;
    let mut seen = received(&server)?;
    let bearer = server
        .requests()
        .iter()
        .map(|r| r.header("x-amz-bearer").map(str::to_owned))
        .collect::<Vec<_>>();
    seen.push(format!("x-amz-bearer: {bearer:?}"));
    Ok((format!("{output:#?}"), seen))
}

/// Customer Profiles `ListDomains` (signing name `profile`).
pub async fn customer_profiles() -> Outcome {
    let server = serve(
        "profile",
        r#"{"Items": [{"DomainName": "retail", "CreatedAt": 1764583200, "LastUpdatedAt": 1764583200}]}"#,
    )
    .await?;
    let client = customer_profiles_sdk::Client::from_conf(config(&server));
    let output = client.list_domains().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// QConnect `ListAssistants` (signing name `wisdom`).
pub async fn qconnect() -> Outcome {
    let server = serve("wisdom", r#"{"assistantSummaries": []}"#).await?;
    let client = qconnect_sdk::Client::from_conf(config(&server));
    let output = client.list_assistants().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// Voice ID `ListDomains`, an awsJson1_0 service (signing name `voiceid`).
pub async fn voice_id() -> Outcome {
    let server = serve("voiceid", r#"{"DomainSummaries": []}"#).await?;
    let client = voice_id_sdk::Client::from_conf(config(&server));
    let output = client.list_domains().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}

/// Wisdom `ListAssistants` (signing name `wisdom`).
pub async fn wisdom() -> Outcome {
    let server = serve("wisdom", r#"{"assistantSummaries": []}"#).await?;
    let client = wisdom_sdk::Client::from_conf(config(&server));
    let output = client.list_assistants().send().await?;
    Ok((format!("{output:#?}"), received(&server)?))
}
