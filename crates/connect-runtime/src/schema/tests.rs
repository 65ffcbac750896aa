//! The interpreter on small hand-written schemas, one construct at a time.

use super::*;
use crate::json::{self, Value};
use crate::operation::{Body as HttpBody, HttpResponse};
use crate::validate::Constraint;
use std::sync::Arc;

const STRING: ShapeId = 0;
const INT: ShapeId = 1;
const BOOL: ShapeId = 2;
const DOUBLE: ShapeId = 3;
const FLOAT32: ShapeId = 4;
const BLOB: ShapeId = 5;
const TIME: ShapeId = 6;
const DOC: ShapeId = 7;
const STRINGS: ShapeId = 8;
const TIMES: ShapeId = 9;
const STRING_MAP: ShapeId = 10;
const NESTED: ShapeId = 11;
const CHOICE: ShapeId = 12;
const MEDIA: ShapeId = 13;
const INPUT: ShapeId = 14;
const OUTPUT: ShapeId = 15;
const PAYLOAD_INPUT: ShapeId = 16;
const PAYLOAD_OUTPUT: ShapeId = 17;
const TEXT_INPUT: ShapeId = 18;
const JSON_INPUT: ShapeId = 19;
const HOST_INPUT: ShapeId = 20;
const EMPTY: ShapeId = 21;
const SPARSE: ShapeId = 22;

const fn member(name: &'static str, target: ShapeId) -> Member {
    constrained(name, target, limits(None, None, false))
}

/// A member with constraints (built whole: a `Member` with a pattern cannot be updated in a
/// constant).
const fn constrained(name: &'static str, target: ShapeId, constraints: Constraints) -> Member {
    Member {
        name,
        json_name: name,
        target,
        required: false,
        client_optional: false,
        sensitive: false,
        idempotency_token: false,
        timestamp_format: None,
        default: None,
        constraints,
    }
}

const fn limits(
    length: Option<(Option<u64>, Option<u64>)>,
    range: Option<Range>,
    unique_items: bool,
) -> Constraints {
    Constraints {
        length,
        range,
        #[cfg(feature = "patterns")]
        pattern: None,
        unique_items,
    }
}

impl Member {
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    const fn token(mut self) -> Self {
        self.idempotency_token = true;
        self
    }

    const fn json(mut self, name: &'static str) -> Self {
        self.json_name = name;
        self
    }

    const fn format(mut self, format: TimestampFormat) -> Self {
        self.timestamp_format = Some(format);
        self
    }

    const fn default(mut self, json: &'static str) -> Self {
        self.default = Some(json);
        self
    }
}

const fn required(name: &'static str, target: ShapeId) -> Member {
    member(name, target).required()
}

const fn item(target: ShapeId) -> Member {
    member("", target)
}

static NESTED_MEMBERS: [Member; 5] = [
    constrained(
        "Name",
        STRING,
        limits(Some((Some(1), Some(3))), None, false),
    )
    .required(),
    member("When", TIME).format(TimestampFormat::DateTime),
    constrained("Tags", STRINGS, limits(None, None, true)),
    member("Secret", STRING).sensitive(),
    constrained(
        "Size",
        INT,
        limits(None, Some(Range::Integer(Some(1), Some(10))), false),
    ),
];

static CHOICE_MEMBERS: [Member; 2] = [member("Text", STRING), member("Number", INT)];

static INPUT_MEMBERS: [Member; 21] = [
    required("Id", STRING),
    required("Path", STRING),
    member("Limit", INT),
    member("Flags", STRINGS),
    member("Since", TIME),
    member("On", BOOL),
    member("Params", STRING_MAP),
    member("Token", STRING).sensitive(),
    member("Dates", TIMES),
    member("Stamp", TIME),
    member("Meta", STRING_MAP),
    member("Media", MEDIA),
    member("ClientToken", STRING).token(),
    member("Name", STRING).json("name"),
    member("Nested", NESTED),
    member("Choice", CHOICE),
    member("Data", BLOB),
    member("Ratio", DOUBLE),
    member("Small", FLOAT32),
    member("Created", TIME),
    member("Any", DOC),
];

static OUTPUT_MEMBERS: [Member; 10] = [
    member("Count", INT).default("0"),
    member("Enabled", BOOL).default("false"),
    member("Created", TIME).format(TimestampFormat::DateTime),
    member("Items", STRINGS),
    member("RequestId", STRING),
    member("Status", INT),
    member("Meta", STRING_MAP),
    member("Dates", TIMES),
    member("Small", FLOAT32),
    member("Data", BLOB),
];

static PAYLOAD_INPUT_MEMBERS: [Member; 2] = [required("Id", STRING), member("Body", NESTED)];

static PAYLOAD_OUTPUT_MEMBERS: [Member; 1] = [member("Body", NESTED)];

static TEXT_MEMBERS: [Member; 2] = [member("ContentType", STRING), member("Body", STRING)];

static JSON_MEMBERS: [Member; 2] = [
    member("Name", STRING),
    member("Stamp", TIME).format(TimestampFormat::DateTime),
];

static HOST_MEMBERS: [Member; 1] = [required("Account", STRING)];

static NO_MEMBERS: [Member; 0] = [];

static SHAPES: [Shape; 23] = [
    Shape::String,
    Shape::Integer(Width::Integer),
    Shape::Boolean,
    Shape::Float,
    Shape::Float32,
    Shape::Blob,
    Shape::Timestamp,
    Shape::Document,
    Shape::List {
        item: item(STRING),
        sparse: false,
    },
    Shape::List {
        item: item(TIME),
        sparse: false,
    },
    Shape::Map {
        key: item(STRING),
        value: item(STRING),
        sparse: false,
    },
    Shape::Structure(&NESTED_MEMBERS),
    Shape::Union(&CHOICE_MEMBERS),
    Shape::MediaTypeString,
    // INPUT: every place a restJson1 input member can go.
    Shape::Structure(&INPUT_MEMBERS),
    // OUTPUT
    Shape::Structure(&OUTPUT_MEMBERS),
    Shape::Structure(&PAYLOAD_INPUT_MEMBERS),
    Shape::Structure(&PAYLOAD_OUTPUT_MEMBERS),
    Shape::Structure(&TEXT_MEMBERS),
    Shape::Structure(&JSON_MEMBERS),
    Shape::Structure(&HOST_MEMBERS),
    Shape::Structure(&NO_MEMBERS),
    Shape::List {
        item: item(STRING),
        sparse: true,
    },
];

static REST: OperationSchema = REST_SCHEMA;

const REST_SCHEMA: OperationSchema = OperationSchema {
    name: "PutThing",
    shapes: &SHAPES,
    input: INPUT,
    output: OUTPUT,
    auth: Auth::SigV4,
    retryable: &[],
    request: Request {
        method: "PUT",
        path: &[
            PathPart::Literal("/things/"),
            PathPart::Label {
                member: 0,
                greedy: false,
            },
            PathPart::Literal("/files/"),
            PathPart::Label {
                member: 1,
                greedy: true,
            },
        ],
        literal_query: "mode=x",
        host_prefix: None,
        fixed_headers: &[],
        members: &[
            Binding::Label,
            Binding::Label,
            Binding::Query("limit"),
            Binding::Query("flag"),
            Binding::Query("since"),
            Binding::Query("on"),
            Binding::QueryParams,
            Binding::Header("x-token"),
            Binding::Header("x-dates"),
            Binding::Header("x-stamp"),
            Binding::PrefixHeaders("x-meta-"),
            Binding::Header("x-media"),
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
        ],
        body: Body::Json("application/json"),
    },
    response: Response {
        members: &[
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Body,
            Binding::Header("x-amzn-requestid"),
            Binding::StatusCode,
            Binding::PrefixHeaders("x-meta-"),
            Binding::Header("x-dates"),
            Binding::Body,
            Binding::Body,
        ],
        body: Body::Json("application/json"),
    },
};

static PAYLOAD: OperationSchema = OperationSchema {
    name: "PutPayload",
    input: PAYLOAD_INPUT,
    output: PAYLOAD_OUTPUT,
    request: Request {
        method: "POST",
        path: &[
            PathPart::Literal("/p/"),
            PathPart::Label {
                member: 0,
                greedy: false,
            },
        ],
        literal_query: "",
        host_prefix: None,
        fixed_headers: &[],
        members: &[Binding::Label, Binding::Payload],
        body: Body::Payload {
            member: 1,
            kind: PayloadKind::Json,
            content_type: "application/json",
            empty_object_when_unset: true,
        },
    },
    response: Response {
        members: &[Binding::Payload],
        body: Body::Payload {
            member: 0,
            kind: PayloadKind::Json,
            content_type: "application/json",
            empty_object_when_unset: false,
        },
    },
    ..REST_SCHEMA
};

static TEXT: OperationSchema = OperationSchema {
    name: "PutText",
    input: TEXT_INPUT,
    output: EMPTY,
    request: Request {
        method: "POST",
        path: &[PathPart::Literal("/text")],
        literal_query: "",
        host_prefix: None,
        fixed_headers: &[],
        members: &[Binding::Header("content-type"), Binding::Payload],
        body: Body::Payload {
            member: 1,
            kind: PayloadKind::Text,
            content_type: "text/plain",
            empty_object_when_unset: false,
        },
    },
    response: Response {
        members: &[],
        body: Body::Empty,
    },
    ..REST_SCHEMA
};

static AWS_JSON: OperationSchema = AWS_JSON_SCHEMA;

const AWS_JSON_SCHEMA: OperationSchema = OperationSchema {
    name: "Send",
    input: JSON_INPUT,
    output: EMPTY,
    request: Request {
        method: "POST",
        path: &[PathPart::Literal("/")],
        literal_query: "",
        host_prefix: None,
        fixed_headers: &[("x-amz-target", "Service.Send")],
        members: &[Binding::Body, Binding::Body],
        body: Body::Json("application/x-amz-json-1.0"),
    },
    response: Response {
        members: &[],
        body: Body::Json("application/x-amz-json-1.0"),
    },
    ..REST_SCHEMA
};

static HOST: OperationSchema = OperationSchema {
    name: "Hosted",
    input: HOST_INPUT,
    output: EMPTY,
    request: Request {
        method: "POST",
        path: &[PathPart::Literal("/")],
        literal_query: "",
        host_prefix: Some(&[
            HostPart::Literal("data-"),
            HostPart::Label(0),
            HostPart::Literal("."),
        ]),
        fixed_headers: &[],
        members: &[Binding::Body],
        body: Body::Json("application/json"),
    },
    ..AWS_JSON_SCHEMA
};

fn input(operation: &'static OperationSchema, doc: Value) -> DocumentInput {
    read_input(operation, &doc).unwrap()
}

/// The output `read_output` writes, read back.
fn output_of(operation: &'static OperationSchema, response: &HttpResponse) -> Value {
    doc(&read_output(operation, response).unwrap())
}

fn doc(text: &str) -> Value {
    json::parse_value(text.as_bytes()).unwrap()
}

fn body_json(request: &crate::HttpRequest) -> Value {
    json::parse_value(request.body.bytes()).unwrap()
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        body: HttpBody::Bytes(body.as_bytes().to_vec()),
    }
}

#[test]
fn type_errors_name_their_path() {
    let error = |doc| read_input(&REST, &doc).unwrap_err().to_string();
    assert_eq!(
        error(json!({"Id": "a", "Path": "b", "Limit": "ten"})),
        "expected i32, found a string at $.Limit"
    );
    assert_eq!(
        error(json!({"Id": "a", "Path": "b", "Limit": 1u64 << 40})),
        "expected i32, found a number at $.Limit"
    );
    assert_eq!(
        error(json!({"Id": "a", "Path": "b", "Nested": {"Tags": ["x", 3]}})),
        "expected string, found a number at $.Nested.Tags[1]"
    );
    assert_eq!(
        error(json!({"Id": "a", "Path": "b", "Choice": {"Text": "x", "Number": 1}})),
        "a union with more than one member set at $.Choice"
    );
    assert_eq!(
        error(json!({"Id": "a", "Path": "b", "Data": "not base64!"}))
            .split(':')
            .next(),
        Some("not valid base64")
    );
    assert_eq!(error(json!([])), "expected object, found an array at $");
    // A type error is found before a missing member, as the typed reader reads every
    // member before its builder checks them.
    assert_eq!(
        error(json!({"Path": "b", "On": 1})),
        "expected boolean, found a number at $.On"
    );
}

#[test]
fn a_missing_required_member_names_operation_and_member() {
    let error = read_input(&REST, &json!({"Path": "b"})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "PutThing: required member `Id` is not set at $"
    );
}

#[test]
fn idempotency_tokens_are_filled_and_kept() {
    let made = input(&REST, json!({"Id": "a", "Path": "b"}));
    let token = made.to_document()["ClientToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(uuid::Uuid::parse_str(&token).unwrap().get_version_num(), 4);
    let first = body_json(&made.to_request().unwrap());
    let second = body_json(&made.to_request().unwrap());
    assert_eq!(first["ClientToken"], json!(token));
    assert_eq!(first, second);
    let given = input(
        &REST,
        json!({"Id": "a", "Path": "b", "ClientToken": "mine"}),
    );
    assert_eq!(given.to_document()["ClientToken"], json!("mine"));
}

#[test]
fn unknown_members_are_ignored_and_nulls_are_unset() {
    let made = input(
        &REST,
        json!({"Id": "a", "Path": "b", "Other": 1, "Limit": null, "Flags": ["x", null]}),
    );
    let document = made.to_document();
    assert!(document.get("Other").is_none() && document.get("Limit").is_none());
    assert_eq!(document["Flags"], json!(["x"]));
}

#[test]
fn debug_redacts_sensitive_members() {
    let made = input(
        &REST,
        json!({"Id": "a", "Path": "b", "Token": "hunter2", "Nested": {"Name": "n", "Secret": "s3cret"}}),
    );
    let shown = format!("{made:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("s3cret"),
        "{shown}"
    );
    assert!(shown.contains(crate::interceptor::REDACTED), "{shown}");
    assert!(
        shown.contains("PutThing") && shown.contains("\"Id\""),
        "{shown}"
    );
}

#[test]
fn rest_json_request_binds_every_location() {
    let made = input(
        &REST,
        json!({
            "Id": "a b", "Path": "dir/file.txt", "Limit": 5, "Flags": ["x", "y,z"],
            "Since": 1515531081, "On": true, "Params": {"limit": "ignored", "extra": "e"},
            "Token": "t", "Dates": [1515531081, 0], "Stamp": 1515531081.5,
            "Meta": {"Key": "v"}, "Media": "{\"a\":1}", "ClientToken": "c", "Name": "n",
            "Nested": {"Name": "nm", "When": "2018-01-09T20:51:21Z"}, "Choice": {"Number": 3},
            "Data": "YmluYXJ5", "Ratio": "NaN", "Small": 0.1, "Created": 1515531081.123,
            "Any": {"k": [1, null]}
        }),
    );
    let request = made.to_request().unwrap();
    assert_eq!(request.method, "PUT");
    assert_eq!(
        request.path_and_query,
        "/things/a%20b/files/dir/file.txt?mode=x&limit=5&flag=x&flag=y%2Cz\
         &since=2018-01-09T20%3A51%3A21Z&on=true&extra=e"
    );
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("content-type", "application/json"),
            ("x-token", "t"),
            (
                "x-dates",
                "Tue, 09 Jan 2018 20:51:21 GMT, Thu, 01 Jan 1970 00:00:00 GMT"
            ),
            ("x-stamp", "Tue, 09 Jan 2018 20:51:21 GMT"),
            // Prefix headers come after every single header, as the typed inputs add them.
            ("x-media", "eyJhIjoxfQ=="),
            ("x-meta-key", "v"),
        ]
    );
    assert_eq!(request.host_prefix, None);
    let body = String::from_utf8(request.body.bytes().to_vec()).unwrap();
    assert_eq!(
        body,
        "{\"ClientToken\":\"c\",\"name\":\"n\",\"Nested\":{\"Name\":\"nm\",\
         \"When\":\"2018-01-09T20:51:21Z\"},\"Choice\":{\"Number\":3},\"Data\":\"YmluYXJ5\",\
         \"Ratio\":\"NaN\",\"Small\":0.1,\"Created\":1515531081.123,\"Any\":{\"k\":[1,null]}}"
    );
}

#[test]
fn the_document_form_keeps_model_names_and_every_member() {
    let made = input(
        &REST,
        json!({"Id": "a", "Path": "b", "Name": "n", "Small": 0.123456789, "Stamp": 0}),
    );
    let document = made.to_document();
    assert_eq!(document["Name"], json!("n"));
    assert_eq!(document["Id"], json!("a"));
    // A `float` holds 32 bits, as the typed `f32` does.
    assert_eq!(document["Small"], json!(0.12345679));
    assert_eq!(document["Stamp"], json!(0));
}

#[test]
fn labels_refuse_what_a_path_cannot_hold() {
    let made = input(&REST, json!({"Id": "..", "Path": "b"}));
    let error = made.to_request().unwrap_err();
    assert!(
        matches!(error, crate::BuildError::InvalidLabel { member: "Id", .. }),
        "{error}"
    );
    let greedy = input(&REST, json!({"Id": "a", "Path": "a//b"}));
    assert!(greedy.to_request().is_err());
}

#[test]
fn json_payloads_and_their_empty_object() {
    let set = input(&PAYLOAD, json!({"Id": "a", "Body": {"Name": "n"}}));
    let request = set.to_request().unwrap();
    assert_eq!(request.body.bytes(), b"{\"Name\":\"n\"}");
    assert_eq!(request.headers[0].1, "application/json");
    let unset = input(&PAYLOAD, json!({"Id": "a"}));
    let request = unset.to_request().unwrap();
    assert_eq!(request.body.bytes(), b"{}");
    assert_eq!(request.headers.len(), 1);
}

#[test]
fn text_payloads_take_the_content_type_member() {
    let request = input(&TEXT, json!({"Body": "hello"})).to_request().unwrap();
    assert_eq!(request.body.bytes(), b"hello");
    assert_eq!(
        request.headers,
        [("content-type".into(), "text/plain".into())]
    );
    let typed = input(&TEXT, json!({"Body": "hello", "ContentType": "text/csv"}));
    let request = typed.to_request().unwrap();
    assert_eq!(
        request.headers,
        [("content-type".into(), "text/csv".into())]
    );
    let empty = input(&TEXT, json!({})).to_request().unwrap();
    assert!(empty.headers.is_empty() && empty.body.bytes().is_empty());
}

#[test]
fn aws_json_sends_its_target_and_every_member_in_the_body() {
    let made = input(
        &AWS_JSON,
        json!({"Name": "n", "Stamp": "2018-01-09T19:51:21-01:00"}),
    );
    let request = made.to_request().unwrap();
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("x-amz-target", "Service.Send"),
            ("content-type", "application/x-amz-json-1.0")
        ]
    );
    assert_eq!(
        request.body.bytes(),
        b"{\"Name\":\"n\",\"Stamp\":\"2018-01-09T20:51:21Z\"}"
    );
    let empty = input(&AWS_JSON, json!({})).to_request().unwrap();
    assert_eq!(empty.body.bytes(), b"{}");
}

#[test]
fn host_labels_are_checked() {
    let request = input(&HOST, json!({"Account": "abc"}))
        .to_request()
        .unwrap();
    assert_eq!(request.host_prefix.as_deref(), Some("data-abc."));
    let error = input(&HOST, json!({"Account": "a_b"}))
        .to_request()
        .unwrap_err();
    assert!(
        matches!(error, crate::BuildError::InvalidHostLabel { .. }),
        "{error}"
    );
}

#[test]
fn answers_fill_defaults_and_bound_members() {
    let response = answer(
        201,
        &[
            ("x-amzn-requestid", "req-1"),
            ("x-meta-a", "1"),
            ("X-Meta-B", "2"),
            (
                "x-dates",
                "Tue, 09 Jan 2018 20:51:21 GMT, Thu, 01 Jan 1970 00:00:00 GMT",
            ),
        ],
        "{\"Created\": \"2018-01-09T20:51:21Z\", \"Items\": [\"a\", null], \"Small\": 0.1, \
         \"Data\": \"YQ==\", \"RequestId\": \"ignored\", \"Unknown\": 1}",
    );
    let output = output_of(&REST, &response);
    assert_eq!(
        output,
        json!({
            "Count": 0, "Enabled": false, "Created": "2018-01-09T20:51:21Z", "Items": ["a"],
            "RequestId": "req-1", "Status": 201, "Meta": {"a": "1", "B": "2"},
            "Dates": [1515531081, 0], "Small": 0.1, "Data": "YQ=="
        })
    );
    let empty = output_of(&REST, &answer(200, &[], ""));
    assert_eq!(empty, json!({"Count": 0, "Enabled": false, "Status": 200}));
}

#[test]
fn answers_that_do_not_read_are_decode_errors() {
    let error = read_output(&REST, &answer(200, &[], "{\"Count\": \"x\"}")).unwrap_err();
    assert_eq!(error.to_string(), "expected i32, found a string at $.Count");
    let error = read_output(&REST, &answer(200, &[("x-dates", "soon")], "{}")).unwrap_err();
    assert!(error.to_string().starts_with("header `x-dates`"), "{error}");
    let error = read_output(&REST, &answer(200, &[], "{")).unwrap_err();
    assert!(error.to_string().starts_with("not valid JSON"), "{error}");
}

#[test]
fn payload_answers_read_the_whole_body() {
    let output = output_of(&PAYLOAD, &answer(200, &[], "{\"Name\": \"n\"}"));
    assert_eq!(output, json!({"Body": {"Name": "n"}}));
    let empty = output_of(&PAYLOAD, &answer(200, &[], ""));
    assert_eq!(empty, json!({}));
}

fn violations(doc: Value, constraints: bool) -> Vec<(String, Constraint)> {
    match input(&REST, doc).validate(constraints) {
        Ok(()) => Vec::new(),
        Err(error) => {
            assert_eq!(error.operation(), "PutThing");
            error
                .violations()
                .iter()
                .map(|v| (v.path().to_owned(), v.constraint().clone()))
                .collect()
        }
    }
}

#[test]
fn validation_reports_every_violation_in_order() {
    let doc = json!({
        "Id": "a", "Path": "b",
        "Nested": {"Name": "long", "Tags": ["x", "y", "x"], "Size": 11},
        "Choice": {"Other": 1}
    });
    let found = violations(doc.clone(), true);
    assert_eq!(
        found,
        [
            (
                "Nested.Name".to_owned(),
                Constraint::Length {
                    min: Some(1),
                    max: Some(3),
                    actual: 4
                }
            ),
            (
                "Nested.Tags".to_owned(),
                Constraint::UniqueItems { repeated: 2 }
            ),
            (
                "Nested.Size".to_owned(),
                Constraint::Range {
                    min: Some(crate::validate::Number::Integer(1)),
                    max: Some(crate::validate::Number::Integer(10)),
                    actual: crate::validate::Number::Integer(11)
                }
            ),
            (
                "Choice".to_owned(),
                Constraint::UnknownMember {
                    name: "Other".into()
                }
            ),
        ]
    );
    // Without constraints, only presence and unknown union members are checked.
    let found = violations(doc, false);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "Choice");
    let missing = violations(json!({"Id": "a", "Path": "b", "Nested": {}}), true);
    assert_eq!(missing, [("Nested.Name".to_owned(), Constraint::Required)]);
    assert!(violations(
        json!({"Id": "a", "Path": "b", "Nested": {"Name": "ok"}}),
        true
    )
    .is_empty());
}

#[test]
fn sparse_lists_keep_nulls() {
    let reader = datum::Reader {
        shapes: &SHAPES,
        form: crate::json::Form::Document,
    };
    static LIST: Member = item(SPARSE);
    let read = reader.value(&LIST, &json!(["a", null])).unwrap();
    assert_eq!(
        read,
        datum::Datum::List(vec![datum::Datum::Text("a".into()), datum::Datum::Null])
    );
}

#[cfg(feature = "patterns")]
#[test]
fn patterns_are_checked_after_the_length() {
    static LOWER_CASE: crate::validate::Pattern = crate::validate::Pattern::new("^[a-z]+$");
    static CODE: [Member; 1] = [constrained(
        "Code",
        0,
        Constraints {
            length: Some((None, Some(5))),
            range: None,
            pattern: Some(&LOWER_CASE),
            unique_items: false,
        },
    )];
    static PATTERNED: [Shape; 2] = [Shape::String, Shape::Structure(&CODE)];
    static OPERATION: OperationSchema = OperationSchema {
        name: "Coded",
        shapes: &PATTERNED,
        input: 1,
        output: 1,
        request: Request {
            method: "POST",
            path: &[PathPart::Literal("/")],
            literal_query: "",
            host_prefix: None,
            fixed_headers: &[],
            members: &[Binding::Body],
            body: Body::Json("application/json"),
        },
        response: Response {
            members: &[Binding::Body],
            body: Body::Json("application/json"),
        },
        ..REST_SCHEMA
    };
    let check = |code: &str| {
        read_input(&OPERATION, &json!({ "Code": code }))
            .unwrap()
            .validate(true)
            .map_err(|error| error.violations()[0].constraint().clone())
    };
    assert!(check("abc").is_ok());
    assert!(matches!(check("ABC"), Err(Constraint::Pattern { .. })));
    assert!(matches!(check("abcdefg"), Err(Constraint::Length { .. })));
}

/// An answer to send back: status, headers and body.
type CannedAnswer = (u16, Vec<(String, String)>, &'static str);

/// Answers every request with the next of its answers, keeping what was sent.
#[derive(Debug, Default)]
struct Canned {
    answers: std::sync::Mutex<Vec<CannedAnswer>>,
    sent: std::sync::Mutex<Vec<crate::PreparedRequest>>,
}

impl crate::HttpClient for std::sync::Arc<Canned> {
    fn send(&self, request: crate::PreparedRequest) -> crate::SendFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let (status, headers, body) = self.answers.lock().unwrap().remove(0);
        Box::pin(async move {
            Ok(crate::RawResponse {
                status,
                headers,
                body: crate::ByteStream::from(body.as_bytes().to_vec()),
            })
        })
    }
}

/// What interceptors see of the headers before signing.
#[derive(Debug, Default)]
struct Seen(std::sync::Mutex<Vec<(String, String)>>);

impl crate::interceptor::Interceptor for std::sync::Arc<Seen> {
    fn before_signing(
        &self,
        request: &mut crate::interceptor::BeforeSigning<'_>,
    ) -> Result<(), crate::interceptor::BoxError> {
        let headers = request.headers();
        let mut seen = self.0.lock().unwrap();
        seen.extend(headers.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        Ok(())
    }
}

static SERVICE: crate::ServiceInfo = crate::ServiceInfo {
    name: "test",
    sdk_id: "Test",
    version: "2024-01-01",
    signing_name: "test",
    protocol: crate::Protocol::RestJson1,
    endpoint_rules: None,
    credential_services: None,
    default_http: |_| Err("the tests send through a stub".into()),
};

fn client(answers: Vec<CannedAnswer>) -> (crate::Client, Arc<Canned>, Arc<Seen>) {
    let canned = Arc::new(Canned {
        answers: std::sync::Mutex::new(answers),
        sent: std::sync::Mutex::default(),
    });
    let seen = Arc::new(Seen::default());
    let config = crate::Config::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:1")
        .credentials(crate::Credentials::new("AKID", "secret", None))
        .http_client(canned.clone())
        .interceptor(seen.clone())
        .sleep_impl(crate::sleep::TokioSleep)
        .build();
    (crate::Client::new(&SERVICE, config), canned, seen)
}

#[tokio::test(start_paused = true)]
async fn invoke_document_sends_the_request_and_reads_the_output() {
    let headers = vec![("x-amzn-requestid".to_owned(), "req-9".to_owned())];
    let (client, canned, seen) = client(vec![
        (503, Vec::new(), "{}"),
        (200, headers, "{\"Count\": 2}"),
    ]);
    let made = input(&REST, json!({"Id": "a", "Path": "b", "Token": "hunter2"}));
    let output = doc(&client.invoke_document(&made).await.unwrap());
    assert_eq!(
        output,
        json!({"Count": 2, "Enabled": false, "RequestId": "req-9", "Status": 200})
    );
    let sent = canned.sent.lock().unwrap();
    assert_eq!(sent.len(), 2, "the 503 is retried");
    assert_eq!(sent[0].url, "http://127.0.0.1:1/things/a/files/b?mode=x");
    assert_eq!(sent[0].body.bytes(), sent[1].body.bytes(), "the same token");
    let token = sent[0].headers.iter().find(|(name, _)| name == "x-token");
    assert_eq!(token.map(|(_, value)| value.as_str()), Some("hunter2"));
    let seen = seen.0.lock().unwrap();
    let shown = seen.iter().find(|(name, _)| name == "x-token").unwrap();
    assert_eq!(shown.1, crate::interceptor::REDACTED);
}

#[tokio::test]
async fn invoke_document_reports_errors_as_the_service_names_them() {
    let headers = vec![
        (
            "x-amzn-errortype".to_owned(),
            "ResourceNotFoundException".to_owned(),
        ),
        ("x-amzn-requestid".to_owned(), "req-1".to_owned()),
    ];
    let (client, _, _) = client(vec![(404, headers, "{\"message\": \"gone\"}")]);
    let made = input(&REST, json!({"Id": "a", "Path": "b"}));
    let error = client.invoke_document(&made).await.unwrap_err();
    let crate::SdkError::Service(service) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(service.err().code(), Some("ResourceNotFoundException"));
    assert_eq!(service.err().message(), Some("gone"));
    assert_eq!(service.err().status(), 404);
    assert_eq!(service.err().request_id(), Some("req-1"));
}

#[tokio::test]
async fn invoke_document_validates_before_sending_and_reports_malformed_answers() {
    let (client, canned, _) = client(vec![(200, Vec::new(), "{\"Count\": true}")]);
    let invalid = input(&REST, json!({"Id": "a", "Path": "b", "Nested": {}}));
    let error = client.invoke_document(&invalid).await.unwrap_err();
    assert!(
        matches!(
            &error,
            crate::SdkError::Construction(crate::BuildError::Invalid(_))
        ),
        "{error:?}"
    );
    assert!(canned.sent.lock().unwrap().is_empty());
    let made = input(&REST, json!({"Id": "a", "Path": "b"}));
    let error = client.invoke_document(&made).await.unwrap_err();
    let crate::SdkError::Response(response) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(response.kind(), crate::ResponseErrorKind::Malformed);
    assert_eq!(response.status(), 200);
}

#[test]
fn client_optional_members_are_left_to_validation() {
    static MEMBERS: [Member; 1] = [Member {
        client_optional: true,
        ..required("Id", STRING)
    }];
    static OPTIONAL: [Shape; 2] = [Shape::String, Shape::Structure(&MEMBERS)];
    static OPERATION: OperationSchema = OperationSchema {
        name: "Lenient",
        shapes: &OPTIONAL,
        input: 1,
        output: 1,
        request: Request {
            method: "POST",
            path: &[PathPart::Literal("/")],
            literal_query: "",
            host_prefix: None,
            fixed_headers: &[],
            members: &[Binding::Body],
            body: Body::Json("application/json"),
        },
        response: Response {
            members: &[Binding::Body],
            body: Body::Json("application/json"),
        },
        ..REST_SCHEMA
    };
    let input = read_input(&OPERATION, &json!({})).expect("the builder builds without it");
    let error = input.validate(false).unwrap_err();
    assert_eq!(error.to_string(), "Lenient: invalid input: Id: required");
}

#[test]
fn answer_headers_read_as_their_types() {
    static MEMBERS: [Member; 6] = [
        member("Size", INT),
        member("On", BOOL),
        member("Ratio", FLOAT32),
        member("Media", MEDIA),
        member("When", TIME).format(TimestampFormat::DateTime),
        member("Blob", BLOB),
    ];
    static HEADERS: [Shape; 15] = {
        let mut shapes = [const { Shape::Boolean }; 15];
        shapes[INT as usize] = Shape::Integer(Width::Integer);
        shapes[FLOAT32 as usize] = Shape::Float32;
        shapes[MEDIA as usize] = Shape::MediaTypeString;
        shapes[TIME as usize] = Shape::Timestamp;
        shapes[BLOB as usize] = Shape::Blob;
        shapes[14] = Shape::Structure(&MEMBERS);
        shapes
    };
    static OPERATION: OperationSchema = OperationSchema {
        name: "Heads",
        shapes: &HEADERS,
        input: 14,
        output: 14,
        response: Response {
            members: &[
                Binding::Header("x-size"),
                Binding::Header("x-on"),
                Binding::Header("x-ratio"),
                Binding::Header("x-media"),
                Binding::Header("x-when"),
                Binding::Header("x-blob"),
            ],
            body: Body::Empty,
        },
        ..AWS_JSON_SCHEMA
    };
    let headers = [
        ("x-size", " 7 "),
        ("x-on", "false"),
        ("x-ratio", "0.123456789"),
        ("x-media", "eyJhIjoxfQ=="),
        ("x-when", "2018-01-09T20:51:21Z"),
        ("x-blob", "YQ=="),
    ];
    let output = output_of(&OPERATION, &answer(200, &headers, "ignored"));
    assert_eq!(
        output,
        json!({
            "Size": 7, "On": false, "Ratio": 0.12345679, "Media": "{\"a\":1}",
            "When": "2018-01-09T20:51:21Z", "Blob": "YQ=="
        })
    );
    let error = read_output(&OPERATION, &answer(200, &[("x-on", "yes")], "")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "header `x-on`: \"yes\" is not a boolean at $"
    );
}
