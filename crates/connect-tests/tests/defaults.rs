//! Members with a `@default` are sent only when the caller sets them, an explicit `false` or `0`
//! included, as botocore does; answers that leave them out still read as the default.

use connect_runtime::json::from_slice;
use connect_runtime::{HttpResponse, Operation};
use connect_sdk::activate_evaluation_form::ActivateEvaluationFormInput;
use connect_sdk::describe_user::DescribeUserInput;
use connect_sdk::types::{FieldValue, FieldValueUnion, PhoneType, UserPhoneConfig};
use connect_sdk::update_user_phone_config::UpdateUserPhoneConfigInput;

fn body<O: Operation>(input: &O) -> serde_json::Value {
    let request = input.to_request().expect("the input serializes");
    serde_json::from_slice(request.body.bytes()).expect("the body is JSON")
}

fn phone_config_body(config: UserPhoneConfig) -> serde_json::Value {
    let input = UpdateUserPhoneConfigInput::builder()
        .instance_id("i")
        .user_id("u")
        .phone_config(config)
        .build()
        .unwrap();
    body(&input)["PhoneConfig"].clone()
}

#[test]
fn unset_members_with_defaults_are_not_sent() {
    let config = UserPhoneConfig::builder()
        .phone_type(PhoneType::SoftPhone)
        .build();
    // `AutoAccept` is `@default(false)` and `AfterContactWorkTimeLimit` `@default(0)`: left
    // unset, an update must not overwrite what the user has with them.
    assert_eq!(
        phone_config_body(config),
        serde_json::json!({"PhoneType": "SOFT_PHONE"})
    );
}

#[test]
fn explicit_false_and_zero_are_sent() {
    let config = UserPhoneConfig::builder()
        .phone_type(PhoneType::SoftPhone)
        .auto_accept(false)
        .after_contact_work_time_limit(0)
        .build();
    assert_eq!(
        phone_config_body(config),
        serde_json::json!({"PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 0})
    );
}

#[test]
fn a_one_of_structure_read_from_json_sends_only_what_was_given() {
    // FieldValueUnion is a structure the service reads as a one-of; its `BooleanValue` has
    // `@default(false)`. Read from the JSON a caller writes (as the `connect` tool does), it
    // must not gain a second value.
    let field: FieldValue =
        from_slice(br#"{"Id": "status", "Value": {"StringValue": "closed"}}"#).unwrap();
    assert_eq!(field.value.as_ref().unwrap().boolean_value, None);
    let value = FieldValueUnion::builder().string_value("closed").build();
    assert_eq!(field.value, Some(value));
}

#[test]
fn required_members_with_defaults_must_be_set() {
    let error = ActivateEvaluationFormInput::builder()
        .instance_id("i")
        .evaluation_form_id("f")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "ActivateEvaluationForm: required member `EvaluationFormVersion` is not set"
    );
    let input = ActivateEvaluationFormInput::builder()
        .instance_id("i")
        .evaluation_form_id("f")
        .evaluation_form_version(0)
        .build()
        .unwrap();
    assert_eq!(
        body(&input),
        serde_json::json!({"EvaluationFormVersion": 0})
    );
}

#[test]
fn answers_that_leave_defaults_out_read_as_the_default() {
    let answer = HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: br#"{"User": {"Id": "u", "PhoneConfig": {"PhoneType": "DESK_PHONE"}}}"#
            .to_vec()
            .into(),
    };
    let output = DescribeUserInput::parse_output(answer).unwrap();
    let config = output.user.unwrap().phone_config.unwrap();
    assert_eq!(config.auto_accept, Some(false));
    assert_eq!(config.after_contact_work_time_limit, Some(0));
    assert_eq!(
        config.persistent_connection, None,
        "no @default: stays unset"
    );
}
