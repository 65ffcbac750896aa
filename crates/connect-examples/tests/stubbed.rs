//! Testing an application's code without AWS, as a user of the SDK would: the code under test
//! takes a `Client`, and the test gives it one whose calls stub rules answer (`test-util`).

use connect_sdk::disassociate_workspace::{
    DisassociateWorkspaceError, DisassociateWorkspaceInput, DisassociateWorkspaceOutput,
};
use connect_sdk::list_users::types::UserSummary;
use connect_sdk::list_users::{ListUsersInput, ListUsersOutput};
use connect_sdk::test_util::{Rule, StubError, Stubs};
use connect_sdk::types::{FailedBatchAssociationSummary, ResourceNotFoundException};
use connect_sdk::{BuildError, Client, RetryConfig, SdkError};
use std::time::Duration;

/// The application's code.
mod app {
    use connect_sdk::disassociate_workspace::DisassociateWorkspaceError;
    use connect_sdk::{Client, SdkError};

    /// The names of an instance's users, across every page.
    pub async fn user_names(client: &Client, instance: &str) -> Result<Vec<String>, String> {
        let users = client
            .list_users()
            .instance_id(instance)
            .into_paginator()
            .items()
            .try_collect()
            .await
            .map_err(|error| error.to_string())?;
        Ok(users.into_iter().filter_map(|user| user.username).collect())
    }

    /// Detaches `arns` from a workspace; how many failed. A workspace that is gone has nothing
    /// attached: none failed.
    pub async fn detach(
        client: &Client,
        workspace: &str,
        arns: &[&str],
    ) -> Result<usize, SdkError<DisassociateWorkspaceError>> {
        let mut call = client
            .disassociate_workspace()
            .instance_id("instance-1")
            .workspace_id(workspace);
        for arn in arns {
            call = call.resource_arns(*arn);
        }
        match call.send().await {
            Ok(output) => Ok(output.failed_list.unwrap_or_default().len()),
            Err(SdkError::Service(error))
                if matches!(
                    error.err(),
                    DisassociateWorkspaceError::ResourceNotFoundException(_)
                ) =>
            {
                Ok(0)
            }
            Err(other) => Err(other),
        }
    }
}

/// A client answering from `rules`, retrying without waiting long.
fn stubbed(stubs: Stubs) -> Client {
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    Client::from_conf(stubs.config().retry_config(retry).build())
}

fn failed(arn: &str) -> FailedBatchAssociationSummary {
    FailedBatchAssociationSummary::builder()
        .resource_arn(arn)
        .error_message("busy")
        .build()
}

#[tokio::test]
async fn a_typed_output_answers_the_calls_its_rule_matches() {
    let one_failure = Rule::<DisassociateWorkspaceInput>::new()
        .matching(|input| input.workspace_id == "workspace-1")
        .then_output(|| {
            DisassociateWorkspaceOutput::builder()
                .failed_list(failed("arn:b"))
                .build()
        });
    let gone = Rule::<DisassociateWorkspaceInput>::new()
        .then_error(|| {
            let error = ResourceNotFoundException::builder()
                .message("no such workspace")
                .build();
            DisassociateWorkspaceError::ResourceNotFoundException(error)
        })
        .forever();
    let stubs = Stubs::new()
        .rule(&one_failure)
        .unwrap()
        .rule(&gone)
        .unwrap();
    let client = stubbed(stubs);

    assert_eq!(
        app::detach(&client, "workspace-1", &["arn:a", "arn:b"])
            .await
            .unwrap(),
        1
    );
    // The first rule's answer is used up: the second takes the same call now.
    assert_eq!(
        app::detach(&client, "workspace-1", &["arn:a"])
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        app::detach(&client, "workspace-2", &["arn:a"])
            .await
            .unwrap(),
        0
    );
    assert_eq!((one_failure.calls(), gone.calls()), (1, 2));

    // The typed error carries the code and status the service would send.
    let error = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("arn:a")
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.meta().code(), Some("ResourceNotFoundException"));
    assert_eq!(error.meta().status(), 404);
}

#[tokio::test]
async fn http_answers_go_through_the_retry_loop_and_the_answer_reader() {
    let flaky = Rule::<DisassociateWorkspaceInput>::new()
        .then_http(503, &[("x-amzn-requestid", "r-1")], "")
        .times(2)
        .then_http(
            200,
            &[("content-type", "application/json")],
            r#"{"FailedList": [{"ResourceArn": "arn:x", "ErrorMessage": "busy"}]}"#,
        );
    let client = stubbed(Stubs::new().rule(&flaky).unwrap());
    assert_eq!(app::detach(&client, "w", &["arn:x"]).await.unwrap(), 1);
    assert_eq!(flaky.calls(), 1, "one call, three attempts");

    // With one attempt allowed for this call, the 503 ends it.
    let flaky = Rule::<DisassociateWorkspaceInput>::new()
        .then_http(503, &[], "")
        .forever();
    let client = stubbed(Stubs::new().rule(&flaky).unwrap());
    let error = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("arn:a")
        .customize(|call| call.retry_config(RetryConfig::disabled()))
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.meta().status(), 503);
    assert_eq!(flaky.calls(), 1);

    // An answer that is not what the model says is a malformed answer, as from the service.
    let garbled =
        Rule::<DisassociateWorkspaceInput>::new().then_http(200, &[], "{\"FailedList\": 7}");
    let client = stubbed(Stubs::new().rule(&garbled).unwrap());
    let error = app::detach(&client, "w", &["arn:a"]).await.unwrap_err();
    assert!(matches!(error, SdkError::Response(_)), "{error:?}");
}

#[tokio::test]
async fn a_rule_can_run_out_of_answers_mid_call() {
    let short = Rule::<DisassociateWorkspaceInput>::new().then_http(500, &[], "");
    let client = stubbed(Stubs::new().rule(&short).unwrap());
    let error = app::detach(&client, "w", &["arn:a"]).await.unwrap_err();
    assert!(
        error.to_string().contains("no answer left for attempt 2"),
        "{error}"
    );
}

#[tokio::test]
async fn pages_come_from_the_rules_in_order() {
    let page = |names: &[&str], next: Option<&str>| {
        let mut output = ListUsersOutput::default();
        output.user_summary_list = Some(
            names
                .iter()
                .map(|name| {
                    let mut user = UserSummary::default();
                    user.username = Some((*name).to_owned());
                    user
                })
                .collect(),
        );
        output.next_token = next.map(str::to_owned);
        output
    };
    let first = page(&["ana", "ben"], Some("t2"));
    let second = page(&["cy"], None);
    let first_page = Rule::<ListUsersInput>::new()
        .matching(|input| input.next_token.is_none())
        .then_output(move || first.clone());
    let second_page = Rule::<ListUsersInput>::new()
        .matching(|input| input.next_token.as_deref() == Some("t2"))
        .then_output(move || second.clone());
    let stubs = Stubs::new()
        .rule(&first_page)
        .unwrap()
        .rule(&second_page)
        .unwrap();
    let names = app::user_names(&stubbed(stubs), "instance-1")
        .await
        .unwrap();
    assert_eq!(names, ["ana", "ben", "cy"]);
}

#[tokio::test]
async fn a_call_no_rule_takes_fails_naming_the_operation_and_showing_the_input() {
    let other = Rule::<DisassociateWorkspaceInput>::new()
        .matching(|input| input.workspace_id == "w-1")
        .then_output(DisassociateWorkspaceOutput::default);
    let client = stubbed(Stubs::new().rule(&other).unwrap());
    let error = app::detach(&client, "w-2", &["arn:a"]).await.unwrap_err();
    let SdkError::Construction(BuildError::Unstubbed { operation, input }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*operation, "DisassociateWorkspace");
    assert!(input.contains("w-2"), "{input}");
    assert!(
        error.to_string().contains("DisassociateWorkspace"),
        "{error}"
    );
    assert_eq!(other.calls(), 0);
    // A rule of another operation does not take it either.
    let users = Rule::<ListUsersInput>::new().then_output(ListUsersOutput::default);
    let client = stubbed(Stubs::new().rule(&users).unwrap());
    assert!(app::detach(&client, "w", &["arn:a"]).await.is_err());
}

#[test]
fn rules_that_can_never_answer_are_refused_where_they_are_added() {
    let empty = Rule::<DisassociateWorkspaceInput>::new();
    assert_eq!(
        Stubs::new().rule(&empty).unwrap_err(),
        StubError::NoAnswer {
            operation: "DisassociateWorkspace"
        }
    );
    let everything = Rule::<DisassociateWorkspaceInput>::new()
        .then_output(DisassociateWorkspaceOutput::default)
        .forever();
    let later = Rule::<DisassociateWorkspaceInput>::new()
        .matching(|_| true)
        .then_output(DisassociateWorkspaceOutput::default);
    let error = Stubs::new()
        .rule(&everything)
        .unwrap()
        .rule(&later)
        .unwrap_err();
    assert_eq!(
        error,
        StubError::Shadowed {
            operation: "DisassociateWorkspace",
            by: 0
        }
    );
    assert!(error.to_string().contains("can never match"), "{error}");
}
