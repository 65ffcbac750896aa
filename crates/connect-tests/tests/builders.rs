//! What the service sends can be built outside the SDK's crates, as users' tests need: outputs
//! (required members too), the structures they hold, error structures, the operation's typed
//! error and the `SdkError` a call returns. Each built value is compared with what the SDK reads
//! from the same answer on the wire.

use connect_runtime::protocol::error_metadata;
use connect_runtime::{HttpResponse, Operation, OperationError, Protocol};
use connect_sdk::activate_evaluation_form::{
    ActivateEvaluationFormInput, ActivateEvaluationFormOutput,
};
use connect_sdk::describe_instance::types::Instance;
use connect_sdk::disassociate_workspace::DisassociateWorkspaceError;
use connect_sdk::list_default_vocabularies::types::DefaultVocabulary;
use connect_sdk::list_default_vocabularies::{
    ListDefaultVocabulariesInput, ListDefaultVocabulariesOutput,
};
use connect_sdk::types::{
    FailedBatchAssociationSummary, ResourceNotFoundException, VocabularyLanguageCode,
};
use connect_sdk::{ErrorMetadata, SdkError, ServiceError, Unhandled};

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        body: body.as_bytes().to_vec().into(),
    }
}

#[test]
fn an_output_with_required_members_is_built_as_the_sdk_reads_it() {
    // All three members are `@required` in the model; what the service sends stays optional.
    let built = ActivateEvaluationFormOutput::builder()
        .evaluation_form_id("form-1")
        .evaluation_form_arn(
            "arn:aws:connect:us-east-1:123456789012:instance/i/evaluation-form/form-1",
        )
        .evaluation_form_version(3)
        .build();
    assert_eq!(built.evaluation_form_id.as_deref(), Some("form-1"));
    assert_eq!(built.evaluation_form_version, Some(3));

    let read = ActivateEvaluationFormInput::parse_output(answer(
        200,
        &[],
        r#"{"EvaluationFormId": "form-1",
            "EvaluationFormArn": "arn:aws:connect:us-east-1:123456789012:instance/i/evaluation-form/form-1",
            "EvaluationFormVersion": 3}"#,
    ))
    .unwrap();
    assert_eq!(built, read);

    // Left unset, a required member is simply absent, as when a server leaves it out.
    let partial = ActivateEvaluationFormOutput::builder()
        .evaluation_form_id("form-1")
        .build();
    assert_eq!(partial.evaluation_form_arn, None);
    assert_ne!(partial, read);
}

#[test]
fn nested_output_structures_and_lists_are_built_item_by_item() {
    let vocabulary = |id: &str, language: &str| {
        DefaultVocabulary::builder()
            .instance_id("i")
            .language_code(VocabularyLanguageCode::from(language))
            .vocabulary_id(id)
            .vocabulary_name(format!("{id} name"))
            .build()
    };
    let built = ListDefaultVocabulariesOutput::builder()
        .default_vocabulary_list(vocabulary("v1", "en-US"))
        .default_vocabulary_list(vocabulary("v2", "de-DE"))
        .next_token("page-2")
        .build();
    let read = ListDefaultVocabulariesInput::parse_output(answer(
        200,
        &[],
        r#"{"DefaultVocabularyList": [
              {"InstanceId": "i", "LanguageCode": "en-US", "VocabularyId": "v1",
               "VocabularyName": "v1 name"},
              {"InstanceId": "i", "LanguageCode": "de-DE", "VocabularyId": "v2",
               "VocabularyName": "v2 name"}],
            "NextToken": "page-2"}"#,
    ))
    .unwrap();
    assert_eq!(built, read);
    let list = built.default_vocabulary_list.unwrap();
    assert_eq!(list[1].language_code, Some(VocabularyLanguageCode::DeDe));

    // `set_` replaces the list the item setters appended to.
    let cleared = ListDefaultVocabulariesOutput::builder()
        .default_vocabulary_list(vocabulary("v1", "en-US"))
        .set_default_vocabulary_list(None)
        .build();
    assert_eq!(cleared.default_vocabulary_list, None);
}

#[test]
fn a_built_output_keeps_sensitive_members_out_of_debug() {
    let builder = Instance::builder().id("i-1").instance_alias("secret-alias");
    let shown = format!("{builder:?}");
    assert!(shown.contains("i-1"), "{shown}");
    assert!(!shown.contains("secret-alias"), "{shown}");
    let instance = builder.build();
    assert_eq!(instance.instance_alias.as_deref(), Some("secret-alias"));
    assert!(!format!("{instance:?}").contains("secret-alias"));
}

#[test]
fn an_error_structure_and_the_operation_error_are_built_as_the_sdk_reads_them() {
    let built = ResourceNotFoundException::builder()
        .message("no such workspace")
        .build();
    assert_eq!(
        built.to_string(),
        "ResourceNotFoundException: no such workspace"
    );

    let wire = answer(
        404,
        &[("x-amzn-errortype", "ResourceNotFoundException")],
        r#"{"Message": "no such workspace"}"#,
    );
    let (meta, body) = error_metadata(Protocol::RestJson1, &wire);
    let read = DisassociateWorkspaceError::from_answer(&meta, &body, &wire)
        .expect("a modeled error")
        .unwrap();
    let DisassociateWorkspaceError::ResourceNotFoundException(read) = read else {
        panic!("read as {read:?}");
    };
    assert_eq!(read, built);

    let error = DisassociateWorkspaceError::ResourceNotFoundException(built.clone());
    assert_eq!(
        error.to_string(),
        "ResourceNotFoundException: no such workspace"
    );
    assert!(!error.is_unhandled());

    // The whole error of a call, as code under test receives it.
    let meta = ErrorMetadata::new(
        Some(ResourceNotFoundException::CODE.to_owned()),
        Some("no such workspace".to_owned()),
        404,
        Some("request-1".to_owned()),
    );
    let sdk_error = SdkError::Service(ServiceError::new(error, meta));
    match sdk_error.as_service_error() {
        Some(DisassociateWorkspaceError::ResourceNotFoundException(inner)) => {
            assert_eq!(inner, &built)
        }
        other => panic!("{other:?}"),
    }
    let SdkError::Service(service) = sdk_error else {
        unreachable!()
    };
    assert_eq!(service.meta().request_id(), Some("request-1"));
    assert_eq!(service.meta().status(), 404);
}

#[test]
fn an_unhandled_error_is_built_from_its_metadata() {
    let meta = ErrorMetadata::new(
        Some("SomethingNew".to_owned()),
        Some("the service added an error".to_owned()),
        400,
        None,
    );
    let error = DisassociateWorkspaceError::Unhandled(Unhandled::new(meta));
    assert!(error.is_unhandled());
    let DisassociateWorkspaceError::Unhandled(unhandled) = &error else {
        unreachable!()
    };
    assert_eq!(unhandled.code(), Some("SomethingNew"));
    assert_eq!(unhandled.message(), Some("the service added an error"));
    assert_eq!(unhandled.status(), 400);
}

#[test]
fn a_shared_structure_that_is_only_received_has_a_builder_too() {
    let summary = FailedBatchAssociationSummary::builder()
        .resource_arn("arn:aws:connect:us-east-1:123456789012:instance/i/agent/a")
        .error_code("AccessDenied")
        .build();
    assert_eq!(summary.error_code.as_deref(), Some("AccessDenied"));
    assert_eq!(summary.error_message, None);
}
