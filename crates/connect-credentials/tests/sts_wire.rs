//! The generated STS SDK's awsQuery serializer and XML readers, on requests and answers as
//! STS documents them: the form body of nested lists and structures, the output read from
//! `<AssumeRoleResult>`, errors named by their `@awsQueryError` code, and malformed answers
//! refused with a typed error.

use connect_runtime::{HttpResponse, Operation, Protocol, ResponseErrorKind, SdkError};
use sts_sdk::assume_role::AssumeRoleInput;
use sts_sdk::assume_role_with_web_identity::{
    AssumeRoleWithWebIdentityError, AssumeRoleWithWebIdentityInput,
};
use sts_sdk::types::{PolicyDescriptorType, Tag};
use sts_sdk::DateTime;

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("x-amzn-requestid".into(), "req-1".into())],
        body: body.as_bytes().to_vec().into(),
    }
}

#[test]
fn lists_of_structures_and_strings_are_numbered_members() {
    let input = AssumeRoleInput::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s p@ce")
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/A")
                .build(),
        )
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/B")
                .build(),
        )
        .tags(Tag::builder().key("Project").value("Unicorn").build())
        .tags(Tag::builder().key("Team").value("a+b=c").build())
        .set_transitive_tag_keys(Some(Vec::new()))
        .build()
        .unwrap();
    let request = input.to_request().unwrap();
    assert_eq!(
        (request.method, request.path_and_query.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        std::str::from_utf8(request.body.bytes()).unwrap(),
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
         &RoleSessionName=s%20p%40ce\
         &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FA\
         &PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FB\
         &Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn\
         &Tags.member.2.Key=Team&Tags.member.2.Value=a%2Bb%3Dc\
         &TransitiveTagKeys="
    );
}

/// An AssumeRoleWithWebIdentity answer in the shape of the STS API reference's example.
const WEB_IDENTITY_ANSWER: &str = r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
    <SourceIdentity>SourceIdentityValue</SourceIdentity>
    <Provider>www.amazon.com</Provider>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#;

#[test]
fn the_output_is_read_from_the_result_element() {
    let output =
        AssumeRoleWithWebIdentityInput::parse_output(answer(200, WEB_IDENTITY_ANSWER)).unwrap();
    let credentials = output.credentials.clone().unwrap();
    assert_eq!(
        credentials.access_key_id.as_deref(),
        Some("ASgeIAIOSFODNN7EXAMPLE")
    );
    assert_eq!(
        credentials.expiration,
        Some(DateTime::from_secs(1_414_191_623))
    );
    assert_eq!(output.packed_policy_size, Some(6));
    assert_eq!(output.provider.as_deref(), Some("www.amazon.com"));
    assert_eq!(
        output.assumed_role_user.unwrap().assumed_role_id.as_deref(),
        Some("AROACLKWSDQRAOEXAMPLE:app1")
    );
    // The secret key is @sensitive in the model: its Debug is redacted.
    let shown = format!("{credentials:?}");
    assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
}

#[test]
fn errors_are_named_by_their_aws_query_codes() {
    let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>
        <Message>Couldn't retrieve verification key from your identity provider</Message>
      </Error>
      <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
    </ErrorResponse>"#;
    let error = connect_runtime::read_answer::<AssumeRoleWithWebIdentityInput>(
        Protocol::AwsQuery,
        answer(400, body),
    )
    .unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("{error:?}");
    };
    let AssumeRoleWithWebIdentityError::InvalidIdentityTokenException(invalid) = error.err() else {
        panic!("{:?}", error.err());
    };
    assert_eq!(
        invalid.message.as_deref(),
        Some("Couldn't retrieve verification key from your identity provider")
    );
    assert_eq!(error.meta().code(), Some("InvalidIdentityToken"));
    assert_eq!(error.meta().request_id(), Some("req-1"));
    // The shape's name is not its code under awsQuery: an answer using it is unhandled.
    let renamed = body.replace(
        "<Code>InvalidIdentityToken</Code>",
        "<Code>InvalidIdentityTokenException</Code>",
    );
    let error = connect_runtime::read_answer::<AssumeRoleWithWebIdentityInput>(
        Protocol::AwsQuery,
        answer(400, &renamed),
    )
    .unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("{error:?}");
    };
    assert!(matches!(
        error.err(),
        AssumeRoleWithWebIdentityError::Unhandled(_)
    ));
}

#[test]
fn malformed_answers_are_typed_errors() {
    for body in [
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>",
        "<AssumeRoleWithWebIdentityResponse></Oops>",
        "not xml at all",
        "<OtherResponse/>",
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>\
         <PackedPolicySize>six</PackedPolicySize>\
         </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
         <Expiration>yesterday</Expiration></Credentials>\
         </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    ] {
        let error = connect_runtime::read_answer::<AssumeRoleWithWebIdentityInput>(
            Protocol::AwsQuery,
            answer(200, body),
        )
        .unwrap_err();
        let SdkError::Response(error) = error else {
            panic!("{body}: {error:?}");
        };
        assert_eq!(error.kind(), ResponseErrorKind::Malformed, "{body}");
        assert_eq!(error.request_id(), Some("req-1"));
    }
    let error = AssumeRoleWithWebIdentityInput::parse_output(answer(
        200,
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>\
         <PackedPolicySize>six</PackedPolicySize>\
         </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    ))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "expected an integer, found \"six\" at \
         /AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/PackedPolicySize"
    );
}
