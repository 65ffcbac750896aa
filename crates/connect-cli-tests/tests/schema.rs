//! The schema path against the typed path, for every operation: every sample input and
//! answer of `connect-samples`, and variants of each (a member left out, or given a value of
//! another type), must go the same way on both paths: the input read from its document form
//! (or refused with the same error), checked with the same violations, written as the same
//! request, and the answer read into the same output document (or refused alike). The
//! idempotency tokens each path makes for an input that leaves them out are set aside.

use connect_runtime::json::{
    from_slice, parse_value, to_vec, Form, FromJson, Number, ToJson, Value,
};
use connect_runtime::schema::{read_input, read_output, OperationSchema, Shape};
use connect_runtime::{HttpRequest, HttpResponse, Operation};

/// Compares both paths on one input document and one answer body; returns what differs.
type Compare = fn(&'static OperationSchema, &Value, &str) -> Vec<String>;

/// What differs between the paths, one line each.
#[derive(Default)]
struct Differences(Vec<String>);

impl Differences {
    fn check(&mut self, what: &str, typed: String, schema: String) {
        if typed != schema {
            self.0
                .push(format!("{what}:\n  typed:  {typed}\n  schema: {schema}"));
        }
    }
}

/// The typed path of input `I` and the schema path on `input` and `answer`.
fn compare<I>(schema: &'static OperationSchema, input: &Value, answer: &str) -> Vec<String>
where
    I: Operation + FromJson + ToJson,
    I::Output: ToJson,
{
    let mut out = Differences::default();
    compare_input::<I>(schema, input, &mut out);
    compare_output::<I>(schema, answer, &mut out);
    out.0
}

/// The input `raw` on both paths: read (or refused), its document form, its validation with
/// and without constraints, its request.
fn compare_input<I>(schema: &'static OperationSchema, raw: &Value, out: &mut Differences)
where
    I: Operation + FromJson + ToJson,
{
    let typed = match I::from_json(raw) {
        Ok(typed) => typed,
        Err(error) => {
            let read = read_input(schema, raw).map(drop).map_err(|e| e.to_string());
            out.check(
                "reading the input",
                format!("{:?}", Err::<(), _>(error.to_string())),
                format!("{read:?}"),
            );
            return;
        }
    };
    let typed_document: Value = from_slice(&to_vec(&typed, Form::Document)).expect("JSON");
    // Read from the document itself: the same input, but for the tokens each path makes.
    match read_input(schema, raw) {
        Ok(input) => out.check(
            "the input's document form (tokens aside)",
            without_tokens(schema, raw, typed_document.clone()).to_string(),
            without_tokens(schema, raw, input.to_document()).to_string(),
        ),
        Err(error) => out.check("reading the input", "Ok".into(), error.to_string()),
    }
    // Read from the typed input's document: the same tokens, so the same request.
    let input = match read_input(schema, &typed_document) {
        Ok(input) => input,
        Err(error) => {
            out.check(
                "reading the typed input's document",
                "Ok".into(),
                error.to_string(),
            );
            return;
        }
    };
    out.check(
        "the input's document form",
        typed_document.to_string(),
        input.to_document().to_string(),
    );
    for constraints in [true, false] {
        out.check(
            &format!("validation (constraints {constraints})"),
            format!("{:?}", typed.validate(constraints)),
            format!("{:?}", input.validate(constraints)),
        );
    }
    match (typed.to_request(), input.to_request()) {
        (Ok(typed), Ok(schema)) => compare_requests(&typed, &schema, out),
        (typed, schema) => out.check(
            "the request",
            format!("{:?}", typed.err()),
            format!("{:?}", schema.err()),
        ),
    }
}

/// The successful answer `answer` (a JSON body) on both paths: the output's document form,
/// or the same decode error.
fn compare_output<I>(schema: &'static OperationSchema, answer: &str, out: &mut Differences)
where
    I: Operation,
    I::Output: ToJson,
{
    let response = || HttpResponse {
        status: 200,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: answer.as_bytes().to_vec().into(),
    };
    let typed = I::parse_output(response())
        .map(|output| from_slice::<Value>(&to_vec(&output, Form::Document)).expect("JSON"))
        .map_err(|error| error.to_string());
    let read = read_output(schema, &response())
        .map(|text| parse_value(text.as_bytes()).expect("JSON"))
        .map_err(|error| error.to_string());
    out.check("the output", format!("{typed:?}"), format!("{read:?}"));
}

/// Method, path and query, headers, host prefix and body (as JSON when it is JSON).
fn compare_requests(typed: &HttpRequest, schema: &HttpRequest, out: &mut Differences) {
    out.check("the method", typed.method.into(), schema.method.into());
    out.check(
        "the path and query",
        typed.path_and_query.clone(),
        schema.path_and_query.clone(),
    );
    out.check(
        "the headers",
        format!("{:?}", typed.headers),
        format!("{:?}", schema.headers),
    );
    out.check(
        "the host prefix",
        format!("{:?}", typed.host_prefix),
        format!("{:?}", schema.host_prefix),
    );
    let body = |request: &HttpRequest| {
        let bytes = request.body.bytes();
        match parse_value(bytes) {
            Ok(json) => json.to_string(),
            Err(_) => format!("{:?}", String::from_utf8_lossy(bytes)),
        }
    };
    out.check("the body", body(typed), body(schema));
}

/// `document` without the idempotency tokens that `raw` leaves for the SDK to make.
fn without_tokens(schema: &OperationSchema, raw: &Value, mut document: Value) -> Value {
    let Shape::Structure(members) = &schema.shapes[schema.input as usize] else {
        return document;
    };
    for member in members.iter().filter(|member| member.idempotency_token) {
        if raw.get(member.name).is_none_or(Value::is_null) {
            if let Some(object) = document.as_object_mut() {
                object.remove(member.name);
            }
        }
    }
    document
}

/// Values of every JSON type, which a member is given in turn in the variants.
fn other_values() -> [Value; 6] {
    [
        Value::Null,
        Value::Object(Default::default()),
        Value::Array(Vec::new()),
        Value::from("x"),
        Value::Number(Number::from_f64(1.5).expect("finite")),
        Value::Bool(true),
    ]
}

/// `document` with each of its members left out, then given each of `other_values`.
fn variants(document: &str) -> Vec<String> {
    let Ok(Value::Object(members)) = parse_value(document.as_bytes()) else {
        return Vec::new();
    };
    let mut variants = Vec::new();
    for name in members.keys() {
        let mut without = members.clone();
        without.remove(name);
        variants.push(Value::Object(without).to_string());
        for value in other_values() {
            let mut changed = members.clone();
            changed.insert(name, value);
            variants.push(Value::Object(changed).to_string());
        }
    }
    variants
}

/// The typed path of `operation`.
fn typed(operation: &str) -> Compare {
    TYPED
        .iter()
        .find(|(name, _)| *name == operation)
        .map(|(_, compare)| *compare)
        .unwrap_or_else(|| panic!("{operation}: no typed operation"))
}

#[test]
fn every_operation_has_both_paths() {
    let mut typed: Vec<&str> = TYPED.iter().map(|(name, _)| *name).collect();
    let mut schemas: Vec<&str> = schemas().map(|schema| schema.name).collect();
    typed.sort_unstable();
    schemas.sort_unstable();
    assert_eq!(typed, schemas);
}

#[test]
fn every_sample_goes_the_same_way_on_both_paths() {
    let mut differences = Vec::new();
    for sample in connect_samples::SAMPLES {
        let input = parse_value(sample.input.as_bytes()).expect("a sample is JSON");
        let found = typed(sample.operation)(schema(sample.operation), &input, sample.answer);
        for difference in found {
            differences.push(format!(
                "{} ({}): {difference}",
                sample.operation, sample.set
            ));
        }
    }
    assert_eq!(
        connect_samples::SAMPLES.len(),
        4 * TYPED.len(),
        "four samples an operation"
    );
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn every_variant_of_the_samples_goes_the_same_way_on_both_paths() {
    let mut differences = Vec::new();
    let mut compared = 0;
    for sample in connect_samples::SAMPLES
        .iter()
        .filter(|sample| sample.set == "full")
    {
        let compare = typed(sample.operation);
        let schema = schema(sample.operation);
        let inputs = variants(sample.input);
        let answers = variants(sample.answer);
        for (index, input) in inputs.iter().enumerate() {
            let input = parse_value(input.as_bytes()).expect("JSON");
            let answer = answers.get(index).map_or(sample.answer, String::as_str);
            for difference in compare(schema, &input, answer) {
                differences.push(format!(
                    "{}: {input} / {answer}: {difference}",
                    sample.operation
                ));
            }
            compared += 1;
        }
        for answer in answers.iter().skip(inputs.len()).chain([&"{}".to_owned()]) {
            let input = parse_value(sample.input.as_bytes()).expect("JSON");
            for difference in compare(schema, &input, answer) {
                differences.push(format!("{}: {answer}: {difference}", sample.operation));
            }
            compared += 1;
        }
    }
    assert!(compared > 10 * TYPED.len(), "{compared} variants");
    differences.truncate(50);
    assert!(
        differences.is_empty(),
        "differences (the first 50):\n{}",
        differences.join("\n")
    );
}

/// Every operation's typed path, by name: one line per operation module of the SDK
/// (`every_operation_has_both_paths` fails when an operation is added or removed).
const TYPED: &[(&str, Compare)] = &[
    ("ActivateEvaluationForm", compare::<connect_sdk::activate_evaluation_form::ActivateEvaluationFormInput>),
    ("AssociateAnalyticsDataSet", compare::<connect_sdk::associate_analytics_data_set::AssociateAnalyticsDataSetInput>),
    ("AssociateApprovedOrigin", compare::<connect_sdk::associate_approved_origin::AssociateApprovedOriginInput>),
    ("AssociateBot", compare::<connect_sdk::associate_bot::AssociateBotInput>),
    ("AssociateContactWithUser", compare::<connect_sdk::associate_contact_with_user::AssociateContactWithUserInput>),
    ("AssociateDefaultVocabulary", compare::<connect_sdk::associate_default_vocabulary::AssociateDefaultVocabularyInput>),
    ("AssociateEmailAddressAlias", compare::<connect_sdk::associate_email_address_alias::AssociateEmailAddressAliasInput>),
    ("AssociateFlow", compare::<connect_sdk::associate_flow::AssociateFlowInput>),
    ("AssociateHoursOfOperations", compare::<connect_sdk::associate_hours_of_operations::AssociateHoursOfOperationsInput>),
    ("AssociateInstanceStorageConfig", compare::<connect_sdk::associate_instance_storage_config::AssociateInstanceStorageConfigInput>),
    ("AssociateLambdaFunction", compare::<connect_sdk::associate_lambda_function::AssociateLambdaFunctionInput>),
    ("AssociateLexBot", compare::<connect_sdk::associate_lex_bot::AssociateLexBotInput>),
    ("AssociatePhoneNumberContactFlow", compare::<connect_sdk::associate_phone_number_contact_flow::AssociatePhoneNumberContactFlowInput>),
    ("AssociateQueueEmailAddresses", compare::<connect_sdk::associate_queue_email_addresses::AssociateQueueEmailAddressesInput>),
    ("AssociateQueueQuickConnects", compare::<connect_sdk::associate_queue_quick_connects::AssociateQueueQuickConnectsInput>),
    ("AssociateRoutingProfileQueues", compare::<connect_sdk::associate_routing_profile_queues::AssociateRoutingProfileQueuesInput>),
    ("AssociateSecurityKey", compare::<connect_sdk::associate_security_key::AssociateSecurityKeyInput>),
    ("AssociateSecurityProfiles", compare::<connect_sdk::associate_security_profiles::AssociateSecurityProfilesInput>),
    ("AssociateTrafficDistributionGroupUser", compare::<connect_sdk::associate_traffic_distribution_group_user::AssociateTrafficDistributionGroupUserInput>),
    ("AssociateUserProficiencies", compare::<connect_sdk::associate_user_proficiencies::AssociateUserProficienciesInput>),
    ("AssociateWorkspace", compare::<connect_sdk::associate_workspace::AssociateWorkspaceInput>),
    ("BatchAssociateAnalyticsDataSet", compare::<connect_sdk::batch_associate_analytics_data_set::BatchAssociateAnalyticsDataSetInput>),
    ("BatchCreateDataTableValue", compare::<connect_sdk::batch_create_data_table_value::BatchCreateDataTableValueInput>),
    ("BatchDeleteDataTableValue", compare::<connect_sdk::batch_delete_data_table_value::BatchDeleteDataTableValueInput>),
    ("BatchDescribeDataTableValue", compare::<connect_sdk::batch_describe_data_table_value::BatchDescribeDataTableValueInput>),
    ("BatchDisassociateAnalyticsDataSet", compare::<connect_sdk::batch_disassociate_analytics_data_set::BatchDisassociateAnalyticsDataSetInput>),
    ("BatchGetAttachedFileMetadata", compare::<connect_sdk::batch_get_attached_file_metadata::BatchGetAttachedFileMetadataInput>),
    ("BatchGetFlowAssociation", compare::<connect_sdk::batch_get_flow_association::BatchGetFlowAssociationInput>),
    ("BatchPutContact", compare::<connect_sdk::batch_put_contact::BatchPutContactInput>),
    ("BatchUpdateDataTableValue", compare::<connect_sdk::batch_update_data_table_value::BatchUpdateDataTableValueInput>),
    ("ClaimPhoneNumber", compare::<connect_sdk::claim_phone_number::ClaimPhoneNumberInput>),
    ("CompleteAttachedFileUpload", compare::<connect_sdk::complete_attached_file_upload::CompleteAttachedFileUploadInput>),
    ("CreateAgentStatus", compare::<connect_sdk::create_agent_status::CreateAgentStatusInput>),
    ("CreateContact", compare::<connect_sdk::create_contact::CreateContactInput>),
    ("CreateContactFlow", compare::<connect_sdk::create_contact_flow::CreateContactFlowInput>),
    ("CreateContactFlowModule", compare::<connect_sdk::create_contact_flow_module::CreateContactFlowModuleInput>),
    ("CreateContactFlowModuleAlias", compare::<connect_sdk::create_contact_flow_module_alias::CreateContactFlowModuleAliasInput>),
    ("CreateContactFlowModuleVersion", compare::<connect_sdk::create_contact_flow_module_version::CreateContactFlowModuleVersionInput>),
    ("CreateContactFlowVersion", compare::<connect_sdk::create_contact_flow_version::CreateContactFlowVersionInput>),
    ("CreateDataTable", compare::<connect_sdk::create_data_table::CreateDataTableInput>),
    ("CreateDataTableAttribute", compare::<connect_sdk::create_data_table_attribute::CreateDataTableAttributeInput>),
    ("CreateEmailAddress", compare::<connect_sdk::create_email_address::CreateEmailAddressInput>),
    ("CreateEvaluationForm", compare::<connect_sdk::create_evaluation_form::CreateEvaluationFormInput>),
    ("CreateHoursOfOperation", compare::<connect_sdk::create_hours_of_operation::CreateHoursOfOperationInput>),
    ("CreateHoursOfOperationOverride", compare::<connect_sdk::create_hours_of_operation_override::CreateHoursOfOperationOverrideInput>),
    ("CreateInstance", compare::<connect_sdk::create_instance::CreateInstanceInput>),
    ("CreateIntegrationAssociation", compare::<connect_sdk::create_integration_association::CreateIntegrationAssociationInput>),
    ("CreateNotification", compare::<connect_sdk::create_notification::CreateNotificationInput>),
    ("CreateParticipant", compare::<connect_sdk::create_participant::CreateParticipantInput>),
    ("CreatePersistentContactAssociation", compare::<connect_sdk::create_persistent_contact_association::CreatePersistentContactAssociationInput>),
    ("CreatePredefinedAttribute", compare::<connect_sdk::create_predefined_attribute::CreatePredefinedAttributeInput>),
    ("CreatePrompt", compare::<connect_sdk::create_prompt::CreatePromptInput>),
    ("CreatePushNotificationRegistration", compare::<connect_sdk::create_push_notification_registration::CreatePushNotificationRegistrationInput>),
    ("CreateQueue", compare::<connect_sdk::create_queue::CreateQueueInput>),
    ("CreateQuickConnect", compare::<connect_sdk::create_quick_connect::CreateQuickConnectInput>),
    ("CreateRoutingProfile", compare::<connect_sdk::create_routing_profile::CreateRoutingProfileInput>),
    ("CreateRule", compare::<connect_sdk::create_rule::CreateRuleInput>),
    ("CreateSecurityProfile", compare::<connect_sdk::create_security_profile::CreateSecurityProfileInput>),
    ("CreateTaskTemplate", compare::<connect_sdk::create_task_template::CreateTaskTemplateInput>),
    ("CreateTestCase", compare::<connect_sdk::create_test_case::CreateTestCaseInput>),
    ("CreateTrafficDistributionGroup", compare::<connect_sdk::create_traffic_distribution_group::CreateTrafficDistributionGroupInput>),
    ("CreateUseCase", compare::<connect_sdk::create_use_case::CreateUseCaseInput>),
    ("CreateUser", compare::<connect_sdk::create_user::CreateUserInput>),
    ("CreateUserHierarchyGroup", compare::<connect_sdk::create_user_hierarchy_group::CreateUserHierarchyGroupInput>),
    ("CreateView", compare::<connect_sdk::create_view::CreateViewInput>),
    ("CreateViewVersion", compare::<connect_sdk::create_view_version::CreateViewVersionInput>),
    ("CreateVocabulary", compare::<connect_sdk::create_vocabulary::CreateVocabularyInput>),
    ("CreateWorkspace", compare::<connect_sdk::create_workspace::CreateWorkspaceInput>),
    ("CreateWorkspacePage", compare::<connect_sdk::create_workspace_page::CreateWorkspacePageInput>),
    ("DeactivateEvaluationForm", compare::<connect_sdk::deactivate_evaluation_form::DeactivateEvaluationFormInput>),
    ("DeleteAttachedFile", compare::<connect_sdk::delete_attached_file::DeleteAttachedFileInput>),
    ("DeleteContactEvaluation", compare::<connect_sdk::delete_contact_evaluation::DeleteContactEvaluationInput>),
    ("DeleteContactFlow", compare::<connect_sdk::delete_contact_flow::DeleteContactFlowInput>),
    ("DeleteContactFlowModule", compare::<connect_sdk::delete_contact_flow_module::DeleteContactFlowModuleInput>),
    ("DeleteContactFlowModuleAlias", compare::<connect_sdk::delete_contact_flow_module_alias::DeleteContactFlowModuleAliasInput>),
    ("DeleteContactFlowModuleVersion", compare::<connect_sdk::delete_contact_flow_module_version::DeleteContactFlowModuleVersionInput>),
    ("DeleteContactFlowVersion", compare::<connect_sdk::delete_contact_flow_version::DeleteContactFlowVersionInput>),
    ("DeleteDataTable", compare::<connect_sdk::delete_data_table::DeleteDataTableInput>),
    ("DeleteDataTableAttribute", compare::<connect_sdk::delete_data_table_attribute::DeleteDataTableAttributeInput>),
    ("DeleteEmailAddress", compare::<connect_sdk::delete_email_address::DeleteEmailAddressInput>),
    ("DeleteEvaluationForm", compare::<connect_sdk::delete_evaluation_form::DeleteEvaluationFormInput>),
    ("DeleteHoursOfOperation", compare::<connect_sdk::delete_hours_of_operation::DeleteHoursOfOperationInput>),
    ("DeleteHoursOfOperationOverride", compare::<connect_sdk::delete_hours_of_operation_override::DeleteHoursOfOperationOverrideInput>),
    ("DeleteInstance", compare::<connect_sdk::delete_instance::DeleteInstanceInput>),
    ("DeleteIntegrationAssociation", compare::<connect_sdk::delete_integration_association::DeleteIntegrationAssociationInput>),
    ("DeleteNotification", compare::<connect_sdk::delete_notification::DeleteNotificationInput>),
    ("DeletePredefinedAttribute", compare::<connect_sdk::delete_predefined_attribute::DeletePredefinedAttributeInput>),
    ("DeletePrompt", compare::<connect_sdk::delete_prompt::DeletePromptInput>),
    ("DeletePushNotificationRegistration", compare::<connect_sdk::delete_push_notification_registration::DeletePushNotificationRegistrationInput>),
    ("DeleteQueue", compare::<connect_sdk::delete_queue::DeleteQueueInput>),
    ("DeleteQuickConnect", compare::<connect_sdk::delete_quick_connect::DeleteQuickConnectInput>),
    ("DeleteRoutingProfile", compare::<connect_sdk::delete_routing_profile::DeleteRoutingProfileInput>),
    ("DeleteRule", compare::<connect_sdk::delete_rule::DeleteRuleInput>),
    ("DeleteSecurityProfile", compare::<connect_sdk::delete_security_profile::DeleteSecurityProfileInput>),
    ("DeleteTaskTemplate", compare::<connect_sdk::delete_task_template::DeleteTaskTemplateInput>),
    ("DeleteTestCase", compare::<connect_sdk::delete_test_case::DeleteTestCaseInput>),
    ("DeleteTrafficDistributionGroup", compare::<connect_sdk::delete_traffic_distribution_group::DeleteTrafficDistributionGroupInput>),
    ("DeleteUseCase", compare::<connect_sdk::delete_use_case::DeleteUseCaseInput>),
    ("DeleteUser", compare::<connect_sdk::delete_user::DeleteUserInput>),
    ("DeleteUserHierarchyGroup", compare::<connect_sdk::delete_user_hierarchy_group::DeleteUserHierarchyGroupInput>),
    ("DeleteView", compare::<connect_sdk::delete_view::DeleteViewInput>),
    ("DeleteViewVersion", compare::<connect_sdk::delete_view_version::DeleteViewVersionInput>),
    ("DeleteVocabulary", compare::<connect_sdk::delete_vocabulary::DeleteVocabularyInput>),
    ("DeleteWorkspace", compare::<connect_sdk::delete_workspace::DeleteWorkspaceInput>),
    ("DeleteWorkspaceMedia", compare::<connect_sdk::delete_workspace_media::DeleteWorkspaceMediaInput>),
    ("DeleteWorkspacePage", compare::<connect_sdk::delete_workspace_page::DeleteWorkspacePageInput>),
    ("DescribeAgentStatus", compare::<connect_sdk::describe_agent_status::DescribeAgentStatusInput>),
    ("DescribeAttachedFilesConfiguration", compare::<connect_sdk::describe_attached_files_configuration::DescribeAttachedFilesConfigurationInput>),
    ("DescribeAuthenticationProfile", compare::<connect_sdk::describe_authentication_profile::DescribeAuthenticationProfileInput>),
    ("DescribeContact", compare::<connect_sdk::describe_contact::DescribeContactInput>),
    ("DescribeContactEvaluation", compare::<connect_sdk::describe_contact_evaluation::DescribeContactEvaluationInput>),
    ("DescribeContactFlow", compare::<connect_sdk::describe_contact_flow::DescribeContactFlowInput>),
    ("DescribeContactFlowModule", compare::<connect_sdk::describe_contact_flow_module::DescribeContactFlowModuleInput>),
    ("DescribeContactFlowModuleAlias", compare::<connect_sdk::describe_contact_flow_module_alias::DescribeContactFlowModuleAliasInput>),
    ("DescribeDataTable", compare::<connect_sdk::describe_data_table::DescribeDataTableInput>),
    ("DescribeDataTableAttribute", compare::<connect_sdk::describe_data_table_attribute::DescribeDataTableAttributeInput>),
    ("DescribeEmailAddress", compare::<connect_sdk::describe_email_address::DescribeEmailAddressInput>),
    ("DescribeEvaluationForm", compare::<connect_sdk::describe_evaluation_form::DescribeEvaluationFormInput>),
    ("DescribeHoursOfOperation", compare::<connect_sdk::describe_hours_of_operation::DescribeHoursOfOperationInput>),
    ("DescribeHoursOfOperationOverride", compare::<connect_sdk::describe_hours_of_operation_override::DescribeHoursOfOperationOverrideInput>),
    ("DescribeInstance", compare::<connect_sdk::describe_instance::DescribeInstanceInput>),
    ("DescribeInstanceAttribute", compare::<connect_sdk::describe_instance_attribute::DescribeInstanceAttributeInput>),
    ("DescribeInstanceStorageConfig", compare::<connect_sdk::describe_instance_storage_config::DescribeInstanceStorageConfigInput>),
    ("DescribeNotification", compare::<connect_sdk::describe_notification::DescribeNotificationInput>),
    ("DescribePhoneNumber", compare::<connect_sdk::describe_phone_number::DescribePhoneNumberInput>),
    ("DescribePredefinedAttribute", compare::<connect_sdk::describe_predefined_attribute::DescribePredefinedAttributeInput>),
    ("DescribePrompt", compare::<connect_sdk::describe_prompt::DescribePromptInput>),
    ("DescribeQueue", compare::<connect_sdk::describe_queue::DescribeQueueInput>),
    ("DescribeQuickConnect", compare::<connect_sdk::describe_quick_connect::DescribeQuickConnectInput>),
    ("DescribeRoutingProfile", compare::<connect_sdk::describe_routing_profile::DescribeRoutingProfileInput>),
    ("DescribeRule", compare::<connect_sdk::describe_rule::DescribeRuleInput>),
    ("DescribeSecurityProfile", compare::<connect_sdk::describe_security_profile::DescribeSecurityProfileInput>),
    ("DescribeTestCase", compare::<connect_sdk::describe_test_case::DescribeTestCaseInput>),
    ("DescribeTrafficDistributionGroup", compare::<connect_sdk::describe_traffic_distribution_group::DescribeTrafficDistributionGroupInput>),
    ("DescribeUser", compare::<connect_sdk::describe_user::DescribeUserInput>),
    ("DescribeUserHierarchyGroup", compare::<connect_sdk::describe_user_hierarchy_group::DescribeUserHierarchyGroupInput>),
    ("DescribeUserHierarchyStructure", compare::<connect_sdk::describe_user_hierarchy_structure::DescribeUserHierarchyStructureInput>),
    ("DescribeView", compare::<connect_sdk::describe_view::DescribeViewInput>),
    ("DescribeVocabulary", compare::<connect_sdk::describe_vocabulary::DescribeVocabularyInput>),
    ("DescribeWorkspace", compare::<connect_sdk::describe_workspace::DescribeWorkspaceInput>),
    ("DisassociateAnalyticsDataSet", compare::<connect_sdk::disassociate_analytics_data_set::DisassociateAnalyticsDataSetInput>),
    ("DisassociateApprovedOrigin", compare::<connect_sdk::disassociate_approved_origin::DisassociateApprovedOriginInput>),
    ("DisassociateBot", compare::<connect_sdk::disassociate_bot::DisassociateBotInput>),
    ("DisassociateEmailAddressAlias", compare::<connect_sdk::disassociate_email_address_alias::DisassociateEmailAddressAliasInput>),
    ("DisassociateFlow", compare::<connect_sdk::disassociate_flow::DisassociateFlowInput>),
    ("DisassociateHoursOfOperations", compare::<connect_sdk::disassociate_hours_of_operations::DisassociateHoursOfOperationsInput>),
    ("DisassociateInstanceStorageConfig", compare::<connect_sdk::disassociate_instance_storage_config::DisassociateInstanceStorageConfigInput>),
    ("DisassociateLambdaFunction", compare::<connect_sdk::disassociate_lambda_function::DisassociateLambdaFunctionInput>),
    ("DisassociateLexBot", compare::<connect_sdk::disassociate_lex_bot::DisassociateLexBotInput>),
    ("DisassociatePhoneNumberContactFlow", compare::<connect_sdk::disassociate_phone_number_contact_flow::DisassociatePhoneNumberContactFlowInput>),
    ("DisassociateQueueEmailAddresses", compare::<connect_sdk::disassociate_queue_email_addresses::DisassociateQueueEmailAddressesInput>),
    ("DisassociateQueueQuickConnects", compare::<connect_sdk::disassociate_queue_quick_connects::DisassociateQueueQuickConnectsInput>),
    ("DisassociateRoutingProfileQueues", compare::<connect_sdk::disassociate_routing_profile_queues::DisassociateRoutingProfileQueuesInput>),
    ("DisassociateSecurityKey", compare::<connect_sdk::disassociate_security_key::DisassociateSecurityKeyInput>),
    ("DisassociateSecurityProfiles", compare::<connect_sdk::disassociate_security_profiles::DisassociateSecurityProfilesInput>),
    ("DisassociateTrafficDistributionGroupUser", compare::<connect_sdk::disassociate_traffic_distribution_group_user::DisassociateTrafficDistributionGroupUserInput>),
    ("DisassociateUserProficiencies", compare::<connect_sdk::disassociate_user_proficiencies::DisassociateUserProficienciesInput>),
    ("DisassociateWorkspace", compare::<connect_sdk::disassociate_workspace::DisassociateWorkspaceInput>),
    ("DismissUserContact", compare::<connect_sdk::dismiss_user_contact::DismissUserContactInput>),
    ("EvaluateDataTableValues", compare::<connect_sdk::evaluate_data_table_values::EvaluateDataTableValuesInput>),
    ("GetAttachedFile", compare::<connect_sdk::get_attached_file::GetAttachedFileInput>),
    ("GetContactAttributes", compare::<connect_sdk::get_contact_attributes::GetContactAttributesInput>),
    ("GetContactMetrics", compare::<connect_sdk::get_contact_metrics::GetContactMetricsInput>),
    ("GetCurrentMetricData", compare::<connect_sdk::get_current_metric_data::GetCurrentMetricDataInput>),
    ("GetCurrentUserData", compare::<connect_sdk::get_current_user_data::GetCurrentUserDataInput>),
    ("GetEffectiveHoursOfOperations", compare::<connect_sdk::get_effective_hours_of_operations::GetEffectiveHoursOfOperationsInput>),
    ("GetFederationToken", compare::<connect_sdk::get_federation_token::GetFederationTokenInput>),
    ("GetFlowAssociation", compare::<connect_sdk::get_flow_association::GetFlowAssociationInput>),
    ("GetMetricData", compare::<connect_sdk::get_metric_data::GetMetricDataInput>),
    ("GetMetricDataV2", compare::<connect_sdk::get_metric_data_v2::GetMetricDataV2Input>),
    ("GetPromptFile", compare::<connect_sdk::get_prompt_file::GetPromptFileInput>),
    ("GetTaskTemplate", compare::<connect_sdk::get_task_template::GetTaskTemplateInput>),
    ("GetTestCaseExecutionSummary", compare::<connect_sdk::get_test_case_execution_summary::GetTestCaseExecutionSummaryInput>),
    ("GetTrafficDistribution", compare::<connect_sdk::get_traffic_distribution::GetTrafficDistributionInput>),
    ("ImportPhoneNumber", compare::<connect_sdk::import_phone_number::ImportPhoneNumberInput>),
    ("ImportWorkspaceMedia", compare::<connect_sdk::import_workspace_media::ImportWorkspaceMediaInput>),
    ("ListAgentStatuses", compare::<connect_sdk::list_agent_statuses::ListAgentStatusesInput>),
    ("ListAnalyticsDataAssociations", compare::<connect_sdk::list_analytics_data_associations::ListAnalyticsDataAssociationsInput>),
    ("ListAnalyticsDataLakeDataSets", compare::<connect_sdk::list_analytics_data_lake_data_sets::ListAnalyticsDataLakeDataSetsInput>),
    ("ListApprovedOrigins", compare::<connect_sdk::list_approved_origins::ListApprovedOriginsInput>),
    ("ListAssociatedContacts", compare::<connect_sdk::list_associated_contacts::ListAssociatedContactsInput>),
    ("ListAttachedFilesConfigurations", compare::<connect_sdk::list_attached_files_configurations::ListAttachedFilesConfigurationsInput>),
    ("ListAuthenticationProfiles", compare::<connect_sdk::list_authentication_profiles::ListAuthenticationProfilesInput>),
    ("ListBots", compare::<connect_sdk::list_bots::ListBotsInput>),
    ("ListChildHoursOfOperations", compare::<connect_sdk::list_child_hours_of_operations::ListChildHoursOfOperationsInput>),
    ("ListContactEvaluations", compare::<connect_sdk::list_contact_evaluations::ListContactEvaluationsInput>),
    ("ListContactFlowModuleAliases", compare::<connect_sdk::list_contact_flow_module_aliases::ListContactFlowModuleAliasesInput>),
    ("ListContactFlowModuleVersions", compare::<connect_sdk::list_contact_flow_module_versions::ListContactFlowModuleVersionsInput>),
    ("ListContactFlowModules", compare::<connect_sdk::list_contact_flow_modules::ListContactFlowModulesInput>),
    ("ListContactFlowVersions", compare::<connect_sdk::list_contact_flow_versions::ListContactFlowVersionsInput>),
    ("ListContactFlows", compare::<connect_sdk::list_contact_flows::ListContactFlowsInput>),
    ("ListContactReferences", compare::<connect_sdk::list_contact_references::ListContactReferencesInput>),
    ("ListDataTableAttributes", compare::<connect_sdk::list_data_table_attributes::ListDataTableAttributesInput>),
    ("ListDataTablePrimaryValues", compare::<connect_sdk::list_data_table_primary_values::ListDataTablePrimaryValuesInput>),
    ("ListDataTableValues", compare::<connect_sdk::list_data_table_values::ListDataTableValuesInput>),
    ("ListDataTables", compare::<connect_sdk::list_data_tables::ListDataTablesInput>),
    ("ListDefaultVocabularies", compare::<connect_sdk::list_default_vocabularies::ListDefaultVocabulariesInput>),
    ("ListEntitySecurityProfiles", compare::<connect_sdk::list_entity_security_profiles::ListEntitySecurityProfilesInput>),
    ("ListEvaluationFormVersions", compare::<connect_sdk::list_evaluation_form_versions::ListEvaluationFormVersionsInput>),
    ("ListEvaluationForms", compare::<connect_sdk::list_evaluation_forms::ListEvaluationFormsInput>),
    ("ListFlowAssociations", compare::<connect_sdk::list_flow_associations::ListFlowAssociationsInput>),
    ("ListHoursOfOperationOverrides", compare::<connect_sdk::list_hours_of_operation_overrides::ListHoursOfOperationOverridesInput>),
    ("ListHoursOfOperations", compare::<connect_sdk::list_hours_of_operations::ListHoursOfOperationsInput>),
    ("ListInstanceAttributes", compare::<connect_sdk::list_instance_attributes::ListInstanceAttributesInput>),
    ("ListInstanceStorageConfigs", compare::<connect_sdk::list_instance_storage_configs::ListInstanceStorageConfigsInput>),
    ("ListInstances", compare::<connect_sdk::list_instances::ListInstancesInput>),
    ("ListIntegrationAssociations", compare::<connect_sdk::list_integration_associations::ListIntegrationAssociationsInput>),
    ("ListLambdaFunctions", compare::<connect_sdk::list_lambda_functions::ListLambdaFunctionsInput>),
    ("ListLexBots", compare::<connect_sdk::list_lex_bots::ListLexBotsInput>),
    ("ListNotifications", compare::<connect_sdk::list_notifications::ListNotificationsInput>),
    ("ListPhoneNumbers", compare::<connect_sdk::list_phone_numbers::ListPhoneNumbersInput>),
    ("ListPhoneNumbersV2", compare::<connect_sdk::list_phone_numbers_v2::ListPhoneNumbersV2Input>),
    ("ListPredefinedAttributes", compare::<connect_sdk::list_predefined_attributes::ListPredefinedAttributesInput>),
    ("ListPrompts", compare::<connect_sdk::list_prompts::ListPromptsInput>),
    ("ListQueueEmailAddresses", compare::<connect_sdk::list_queue_email_addresses::ListQueueEmailAddressesInput>),
    ("ListQueueQuickConnects", compare::<connect_sdk::list_queue_quick_connects::ListQueueQuickConnectsInput>),
    ("ListQueues", compare::<connect_sdk::list_queues::ListQueuesInput>),
    ("ListQuickConnects", compare::<connect_sdk::list_quick_connects::ListQuickConnectsInput>),
    ("ListRealtimeContactAnalysisSegmentsV2", compare::<connect_sdk::list_realtime_contact_analysis_segments_v2::ListRealtimeContactAnalysisSegmentsV2Input>),
    ("ListRoutingProfileManualAssignmentQueues", compare::<connect_sdk::list_routing_profile_manual_assignment_queues::ListRoutingProfileManualAssignmentQueuesInput>),
    ("ListRoutingProfileQueues", compare::<connect_sdk::list_routing_profile_queues::ListRoutingProfileQueuesInput>),
    ("ListRoutingProfiles", compare::<connect_sdk::list_routing_profiles::ListRoutingProfilesInput>),
    ("ListRules", compare::<connect_sdk::list_rules::ListRulesInput>),
    ("ListSecurityKeys", compare::<connect_sdk::list_security_keys::ListSecurityKeysInput>),
    ("ListSecurityProfileApplications", compare::<connect_sdk::list_security_profile_applications::ListSecurityProfileApplicationsInput>),
    ("ListSecurityProfileFlowModules", compare::<connect_sdk::list_security_profile_flow_modules::ListSecurityProfileFlowModulesInput>),
    ("ListSecurityProfilePermissions", compare::<connect_sdk::list_security_profile_permissions::ListSecurityProfilePermissionsInput>),
    ("ListSecurityProfiles", compare::<connect_sdk::list_security_profiles::ListSecurityProfilesInput>),
    ("ListTagsForResource", compare::<connect_sdk::list_tags_for_resource::ListTagsForResourceInput>),
    ("ListTaskTemplates", compare::<connect_sdk::list_task_templates::ListTaskTemplatesInput>),
    ("ListTestCaseExecutionRecords", compare::<connect_sdk::list_test_case_execution_records::ListTestCaseExecutionRecordsInput>),
    ("ListTestCaseExecutions", compare::<connect_sdk::list_test_case_executions::ListTestCaseExecutionsInput>),
    ("ListTestCases", compare::<connect_sdk::list_test_cases::ListTestCasesInput>),
    ("ListTrafficDistributionGroupUsers", compare::<connect_sdk::list_traffic_distribution_group_users::ListTrafficDistributionGroupUsersInput>),
    ("ListTrafficDistributionGroups", compare::<connect_sdk::list_traffic_distribution_groups::ListTrafficDistributionGroupsInput>),
    ("ListUseCases", compare::<connect_sdk::list_use_cases::ListUseCasesInput>),
    ("ListUserHierarchyGroups", compare::<connect_sdk::list_user_hierarchy_groups::ListUserHierarchyGroupsInput>),
    ("ListUserNotifications", compare::<connect_sdk::list_user_notifications::ListUserNotificationsInput>),
    ("ListUserProficiencies", compare::<connect_sdk::list_user_proficiencies::ListUserProficienciesInput>),
    ("ListUsers", compare::<connect_sdk::list_users::ListUsersInput>),
    ("ListViewVersions", compare::<connect_sdk::list_view_versions::ListViewVersionsInput>),
    ("ListViews", compare::<connect_sdk::list_views::ListViewsInput>),
    ("ListWorkspaceMedia", compare::<connect_sdk::list_workspace_media::ListWorkspaceMediaInput>),
    ("ListWorkspacePages", compare::<connect_sdk::list_workspace_pages::ListWorkspacePagesInput>),
    ("ListWorkspaces", compare::<connect_sdk::list_workspaces::ListWorkspacesInput>),
    ("MonitorContact", compare::<connect_sdk::monitor_contact::MonitorContactInput>),
    ("PauseContact", compare::<connect_sdk::pause_contact::PauseContactInput>),
    ("PutUserStatus", compare::<connect_sdk::put_user_status::PutUserStatusInput>),
    ("ReleasePhoneNumber", compare::<connect_sdk::release_phone_number::ReleasePhoneNumberInput>),
    ("ReplicateInstance", compare::<connect_sdk::replicate_instance::ReplicateInstanceInput>),
    ("ResumeContact", compare::<connect_sdk::resume_contact::ResumeContactInput>),
    ("ResumeContactRecording", compare::<connect_sdk::resume_contact_recording::ResumeContactRecordingInput>),
    ("SearchAgentStatuses", compare::<connect_sdk::search_agent_statuses::SearchAgentStatusesInput>),
    ("SearchAvailablePhoneNumbers", compare::<connect_sdk::search_available_phone_numbers::SearchAvailablePhoneNumbersInput>),
    ("SearchContactEvaluations", compare::<connect_sdk::search_contact_evaluations::SearchContactEvaluationsInput>),
    ("SearchContactFlowModules", compare::<connect_sdk::search_contact_flow_modules::SearchContactFlowModulesInput>),
    ("SearchContactFlows", compare::<connect_sdk::search_contact_flows::SearchContactFlowsInput>),
    ("SearchContacts", compare::<connect_sdk::search_contacts::SearchContactsInput>),
    ("SearchDataTables", compare::<connect_sdk::search_data_tables::SearchDataTablesInput>),
    ("SearchEmailAddresses", compare::<connect_sdk::search_email_addresses::SearchEmailAddressesInput>),
    ("SearchEvaluationForms", compare::<connect_sdk::search_evaluation_forms::SearchEvaluationFormsInput>),
    ("SearchHoursOfOperationOverrides", compare::<connect_sdk::search_hours_of_operation_overrides::SearchHoursOfOperationOverridesInput>),
    ("SearchHoursOfOperations", compare::<connect_sdk::search_hours_of_operations::SearchHoursOfOperationsInput>),
    ("SearchNotifications", compare::<connect_sdk::search_notifications::SearchNotificationsInput>),
    ("SearchPredefinedAttributes", compare::<connect_sdk::search_predefined_attributes::SearchPredefinedAttributesInput>),
    ("SearchPrompts", compare::<connect_sdk::search_prompts::SearchPromptsInput>),
    ("SearchQueues", compare::<connect_sdk::search_queues::SearchQueuesInput>),
    ("SearchQuickConnects", compare::<connect_sdk::search_quick_connects::SearchQuickConnectsInput>),
    ("SearchResourceTags", compare::<connect_sdk::search_resource_tags::SearchResourceTagsInput>),
    ("SearchRoutingProfiles", compare::<connect_sdk::search_routing_profiles::SearchRoutingProfilesInput>),
    ("SearchSecurityProfiles", compare::<connect_sdk::search_security_profiles::SearchSecurityProfilesInput>),
    ("SearchTestCases", compare::<connect_sdk::search_test_cases::SearchTestCasesInput>),
    ("SearchUserHierarchyGroups", compare::<connect_sdk::search_user_hierarchy_groups::SearchUserHierarchyGroupsInput>),
    ("SearchUsers", compare::<connect_sdk::search_users::SearchUsersInput>),
    ("SearchViews", compare::<connect_sdk::search_views::SearchViewsInput>),
    ("SearchVocabularies", compare::<connect_sdk::search_vocabularies::SearchVocabulariesInput>),
    ("SearchWorkspaceAssociations", compare::<connect_sdk::search_workspace_associations::SearchWorkspaceAssociationsInput>),
    ("SearchWorkspaces", compare::<connect_sdk::search_workspaces::SearchWorkspacesInput>),
    ("SendChatIntegrationEvent", compare::<connect_sdk::send_chat_integration_event::SendChatIntegrationEventInput>),
    ("SendOutboundEmail", compare::<connect_sdk::send_outbound_email::SendOutboundEmailInput>),
    ("StartAttachedFileUpload", compare::<connect_sdk::start_attached_file_upload::StartAttachedFileUploadInput>),
    ("StartChatContact", compare::<connect_sdk::start_chat_contact::StartChatContactInput>),
    ("StartContactEvaluation", compare::<connect_sdk::start_contact_evaluation::StartContactEvaluationInput>),
    ("StartContactMediaProcessing", compare::<connect_sdk::start_contact_media_processing::StartContactMediaProcessingInput>),
    ("StartContactRecording", compare::<connect_sdk::start_contact_recording::StartContactRecordingInput>),
    ("StartContactStreaming", compare::<connect_sdk::start_contact_streaming::StartContactStreamingInput>),
    ("StartEmailContact", compare::<connect_sdk::start_email_contact::StartEmailContactInput>),
    ("StartOutboundChatContact", compare::<connect_sdk::start_outbound_chat_contact::StartOutboundChatContactInput>),
    ("StartOutboundEmailContact", compare::<connect_sdk::start_outbound_email_contact::StartOutboundEmailContactInput>),
    ("StartOutboundVoiceContact", compare::<connect_sdk::start_outbound_voice_contact::StartOutboundVoiceContactInput>),
    ("StartScreenSharing", compare::<connect_sdk::start_screen_sharing::StartScreenSharingInput>),
    ("StartTaskContact", compare::<connect_sdk::start_task_contact::StartTaskContactInput>),
    ("StartTestCaseExecution", compare::<connect_sdk::start_test_case_execution::StartTestCaseExecutionInput>),
    ("StartWebRTCContact", compare::<connect_sdk::start_web_rtc_contact::StartWebRTCContactInput>),
    ("StopContact", compare::<connect_sdk::stop_contact::StopContactInput>),
    ("StopContactMediaProcessing", compare::<connect_sdk::stop_contact_media_processing::StopContactMediaProcessingInput>),
    ("StopContactRecording", compare::<connect_sdk::stop_contact_recording::StopContactRecordingInput>),
    ("StopContactStreaming", compare::<connect_sdk::stop_contact_streaming::StopContactStreamingInput>),
    ("StopTestCaseExecution", compare::<connect_sdk::stop_test_case_execution::StopTestCaseExecutionInput>),
    ("SubmitContactEvaluation", compare::<connect_sdk::submit_contact_evaluation::SubmitContactEvaluationInput>),
    ("SuspendContactRecording", compare::<connect_sdk::suspend_contact_recording::SuspendContactRecordingInput>),
    ("TagContact", compare::<connect_sdk::tag_contact::TagContactInput>),
    ("TagResource", compare::<connect_sdk::tag_resource::TagResourceInput>),
    ("TransferContact", compare::<connect_sdk::transfer_contact::TransferContactInput>),
    ("UntagContact", compare::<connect_sdk::untag_contact::UntagContactInput>),
    ("UntagResource", compare::<connect_sdk::untag_resource::UntagResourceInput>),
    ("UpdateAgentStatus", compare::<connect_sdk::update_agent_status::UpdateAgentStatusInput>),
    ("UpdateAttachedFilesConfiguration", compare::<connect_sdk::update_attached_files_configuration::UpdateAttachedFilesConfigurationInput>),
    ("UpdateAuthenticationProfile", compare::<connect_sdk::update_authentication_profile::UpdateAuthenticationProfileInput>),
    ("UpdateContact", compare::<connect_sdk::update_contact::UpdateContactInput>),
    ("UpdateContactAttributes", compare::<connect_sdk::update_contact_attributes::UpdateContactAttributesInput>),
    ("UpdateContactEvaluation", compare::<connect_sdk::update_contact_evaluation::UpdateContactEvaluationInput>),
    ("UpdateContactFlowContent", compare::<connect_sdk::update_contact_flow_content::UpdateContactFlowContentInput>),
    ("UpdateContactFlowMetadata", compare::<connect_sdk::update_contact_flow_metadata::UpdateContactFlowMetadataInput>),
    ("UpdateContactFlowModuleAlias", compare::<connect_sdk::update_contact_flow_module_alias::UpdateContactFlowModuleAliasInput>),
    ("UpdateContactFlowModuleContent", compare::<connect_sdk::update_contact_flow_module_content::UpdateContactFlowModuleContentInput>),
    ("UpdateContactFlowModuleMetadata", compare::<connect_sdk::update_contact_flow_module_metadata::UpdateContactFlowModuleMetadataInput>),
    ("UpdateContactFlowName", compare::<connect_sdk::update_contact_flow_name::UpdateContactFlowNameInput>),
    ("UpdateContactRoutingData", compare::<connect_sdk::update_contact_routing_data::UpdateContactRoutingDataInput>),
    ("UpdateContactSchedule", compare::<connect_sdk::update_contact_schedule::UpdateContactScheduleInput>),
    ("UpdateDataTableAttribute", compare::<connect_sdk::update_data_table_attribute::UpdateDataTableAttributeInput>),
    ("UpdateDataTableMetadata", compare::<connect_sdk::update_data_table_metadata::UpdateDataTableMetadataInput>),
    ("UpdateDataTablePrimaryValues", compare::<connect_sdk::update_data_table_primary_values::UpdateDataTablePrimaryValuesInput>),
    ("UpdateEmailAddressMetadata", compare::<connect_sdk::update_email_address_metadata::UpdateEmailAddressMetadataInput>),
    ("UpdateEvaluationForm", compare::<connect_sdk::update_evaluation_form::UpdateEvaluationFormInput>),
    ("UpdateHoursOfOperation", compare::<connect_sdk::update_hours_of_operation::UpdateHoursOfOperationInput>),
    ("UpdateHoursOfOperationOverride", compare::<connect_sdk::update_hours_of_operation_override::UpdateHoursOfOperationOverrideInput>),
    ("UpdateInstanceAttribute", compare::<connect_sdk::update_instance_attribute::UpdateInstanceAttributeInput>),
    ("UpdateInstanceStorageConfig", compare::<connect_sdk::update_instance_storage_config::UpdateInstanceStorageConfigInput>),
    ("UpdateNotificationContent", compare::<connect_sdk::update_notification_content::UpdateNotificationContentInput>),
    ("UpdateParticipantAuthentication", compare::<connect_sdk::update_participant_authentication::UpdateParticipantAuthenticationInput>),
    ("UpdateParticipantRoleConfig", compare::<connect_sdk::update_participant_role_config::UpdateParticipantRoleConfigInput>),
    ("UpdatePhoneNumber", compare::<connect_sdk::update_phone_number::UpdatePhoneNumberInput>),
    ("UpdatePhoneNumberMetadata", compare::<connect_sdk::update_phone_number_metadata::UpdatePhoneNumberMetadataInput>),
    ("UpdatePredefinedAttribute", compare::<connect_sdk::update_predefined_attribute::UpdatePredefinedAttributeInput>),
    ("UpdatePrompt", compare::<connect_sdk::update_prompt::UpdatePromptInput>),
    ("UpdateQueueHoursOfOperation", compare::<connect_sdk::update_queue_hours_of_operation::UpdateQueueHoursOfOperationInput>),
    ("UpdateQueueMaxContacts", compare::<connect_sdk::update_queue_max_contacts::UpdateQueueMaxContactsInput>),
    ("UpdateQueueName", compare::<connect_sdk::update_queue_name::UpdateQueueNameInput>),
    ("UpdateQueueOutboundCallerConfig", compare::<connect_sdk::update_queue_outbound_caller_config::UpdateQueueOutboundCallerConfigInput>),
    ("UpdateQueueOutboundEmailConfig", compare::<connect_sdk::update_queue_outbound_email_config::UpdateQueueOutboundEmailConfigInput>),
    ("UpdateQueueStatus", compare::<connect_sdk::update_queue_status::UpdateQueueStatusInput>),
    ("UpdateQuickConnectConfig", compare::<connect_sdk::update_quick_connect_config::UpdateQuickConnectConfigInput>),
    ("UpdateQuickConnectName", compare::<connect_sdk::update_quick_connect_name::UpdateQuickConnectNameInput>),
    ("UpdateRoutingProfileAgentAvailabilityTimer", compare::<connect_sdk::update_routing_profile_agent_availability_timer::UpdateRoutingProfileAgentAvailabilityTimerInput>),
    ("UpdateRoutingProfileConcurrency", compare::<connect_sdk::update_routing_profile_concurrency::UpdateRoutingProfileConcurrencyInput>),
    ("UpdateRoutingProfileDefaultOutboundQueue", compare::<connect_sdk::update_routing_profile_default_outbound_queue::UpdateRoutingProfileDefaultOutboundQueueInput>),
    ("UpdateRoutingProfileName", compare::<connect_sdk::update_routing_profile_name::UpdateRoutingProfileNameInput>),
    ("UpdateRoutingProfileQueues", compare::<connect_sdk::update_routing_profile_queues::UpdateRoutingProfileQueuesInput>),
    ("UpdateRule", compare::<connect_sdk::update_rule::UpdateRuleInput>),
    ("UpdateSecurityProfile", compare::<connect_sdk::update_security_profile::UpdateSecurityProfileInput>),
    ("UpdateTaskTemplate", compare::<connect_sdk::update_task_template::UpdateTaskTemplateInput>),
    ("UpdateTestCase", compare::<connect_sdk::update_test_case::UpdateTestCaseInput>),
    ("UpdateTrafficDistribution", compare::<connect_sdk::update_traffic_distribution::UpdateTrafficDistributionInput>),
    ("UpdateUserConfig", compare::<connect_sdk::update_user_config::UpdateUserConfigInput>),
    ("UpdateUserHierarchy", compare::<connect_sdk::update_user_hierarchy::UpdateUserHierarchyInput>),
    ("UpdateUserHierarchyGroupName", compare::<connect_sdk::update_user_hierarchy_group_name::UpdateUserHierarchyGroupNameInput>),
    ("UpdateUserHierarchyStructure", compare::<connect_sdk::update_user_hierarchy_structure::UpdateUserHierarchyStructureInput>),
    ("UpdateUserIdentityInfo", compare::<connect_sdk::update_user_identity_info::UpdateUserIdentityInfoInput>),
    ("UpdateUserNotificationStatus", compare::<connect_sdk::update_user_notification_status::UpdateUserNotificationStatusInput>),
    ("UpdateUserPhoneConfig", compare::<connect_sdk::update_user_phone_config::UpdateUserPhoneConfigInput>),
    ("UpdateUserProficiencies", compare::<connect_sdk::update_user_proficiencies::UpdateUserProficienciesInput>),
    ("UpdateUserRoutingProfile", compare::<connect_sdk::update_user_routing_profile::UpdateUserRoutingProfileInput>),
    ("UpdateUserSecurityProfiles", compare::<connect_sdk::update_user_security_profiles::UpdateUserSecurityProfilesInput>),
    ("UpdateViewContent", compare::<connect_sdk::update_view_content::UpdateViewContentInput>),
    ("UpdateViewMetadata", compare::<connect_sdk::update_view_metadata::UpdateViewMetadataInput>),
    ("UpdateWorkspaceMetadata", compare::<connect_sdk::update_workspace_metadata::UpdateWorkspaceMetadataInput>),
    ("UpdateWorkspacePage", compare::<connect_sdk::update_workspace_page::UpdateWorkspacePageInput>),
    ("UpdateWorkspaceTheme", compare::<connect_sdk::update_workspace_theme::UpdateWorkspaceThemeInput>),
    ("UpdateWorkspaceVisibility", compare::<connect_sdk::update_workspace_visibility::UpdateWorkspaceVisibilityInput>),
];

/// Every operation's schema, as the `connect` tool sends it.
fn schemas() -> impl Iterator<Item = &'static OperationSchema> {
    connect_cli::connect::APP
        .operations
        .iter()
        .map(|operation| &operation.schema)
}

/// The schema of `operation`.
fn schema(operation: &str) -> &'static OperationSchema {
    schemas()
        .find(|schema| schema.name == operation)
        .unwrap_or_else(|| panic!("{operation}: no schema"))
}
