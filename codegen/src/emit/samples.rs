//! Deterministic sample values for every shape: the JSON of an operation's input (its document
//! form, every member by model name) and of its answer, for the generated wire tests.
//!
//! Every sample input is valid by the model's constraints: required members, enum values,
//! `length`, `range`, list and map sizes and `pattern`s (but the service's broken patterns,
//! which the client does not check either). Each operation has four sets ([`Variant`]): they differ in every
//! value that has more than one interesting form (booleans, numbers at either end of their
//! range or zero, timestamps with and without a fraction, the first or last enum value and
//! union member, plain, hostile or empty strings, lists and maps with items or empty,
//! optional members set or not, idempotency tokens given or left to the SDK to fill).
//!
//! Strings are picked from a list of candidates, hostile first, plain last: the first candidate
//! that, brought within the member's `length`, matches its `pattern` is the sample. Strings
//! bound to the URI, the query or a header thus carry the characters that must be
//! percent-encoded (the restJson1 protocol tests' `" %:/?#[]@!$&'()*+,;=😹"`, other Unicode,
//! `+`, `/`, spaces) wherever the member's constraints allow them.

use super::crates::Files;
use crate::emit::validate::read_pattern;
use crate::ir::naming::{self, RUNTIME_PACKAGE};
use crate::ir::Index;
use crate::model::{Bounds, Member, Shape, ShapeKind, Simple};
use crate::render::rust_file;
use crate::GenerateError;
use quote::quote;
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// Structures nested deeper than this are left out (optional members only).
const MAX_DEPTH: usize = 8;

/// Epoch seconds of every sample timestamp: 2023-11-14T22:13:20Z.
const TIMESTAMP: i64 = 1_700_000_000;

/// The characters the restJson1 protocol tests put in URI labels and query values.
pub const HOSTILE: &str = " %:/?#[]@!$&'()*+,;=😹";

/// Which of an operation's two sample sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Every member set: `true`, numbers at the low end of their range, whole-second timestamps,
    /// first enum values and union members; strings bound to the request line or headers as
    /// hostile as their constraints allow, body strings plain.
    Full,
    /// Every member set but idempotency tokens (left for the SDK to fill): `false`, numbers at
    /// the high end (of the type where the range has none), timestamps with milliseconds, last enum values and union members; bound
    /// strings with other Unicode, `+`, `/` and spaces; body strings with quotes, backslashes,
    /// control characters and Unicode that JSON must escape.
    Alternate,
    /// Every member set but idempotency tokens, as empty as its constraints allow: empty
    /// strings (but labels, which cannot be empty), lists and maps; zero (or the range's low
    /// end), `false`, the epoch.
    Empty,
    /// Only the required members, with the values of [`Variant::Full`]: what is sent when
    /// nothing optional is (an empty body among others). Answers also hold the members with a
    /// default, as a service sends them ("all effective default values SHOULD be serialized").
    Required,
}

impl Variant {
    /// Every set, in order.
    pub const ALL: [Variant; 4] = [
        Variant::Full,
        Variant::Alternate,
        Variant::Empty,
        Variant::Required,
    ];

    /// The set's name in the samples (`full`, `alternate`, `empty`, `required`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Full => "full",
            Variant::Alternate => "alternate",
            Variant::Empty => "empty",
            Variant::Required => "required",
        }
    }
}

/// The samples of the plan's operations.
pub struct SampleSets<'m> {
    /// `(operation, set, input, answer)`, by operation, each operation's sets in the order of
    /// [`Variant::ALL`].
    pub entries: Vec<(&'m str, &'static str, Value, Value)>,
    /// The operations without samples, and why: test data never stops the SDK from being
    /// generated, but an operation without samples is reported.
    pub missing: Vec<GenerateError>,
}

impl SampleSets<'_> {
    /// Whether operation `name` has samples.
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|(operation, ..)| *operation == name)
    }
}

/// Every sample of the plan's operations.
pub fn sample_sets<'m>(plan: &super::Plan<'m>) -> SampleSets<'m> {
    let index = &plan.index;
    let sets = Variant::ALL.map(|variant| {
        let samples = Samples::new(index, variant, plan.protocol.json_names());
        (variant.name(), samples)
    });
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    for (operation, _) in &plan.operations {
        let mut own = Vec::new();
        let built = sets.iter().try_for_each(|(set, builder)| {
            let input = builder.structure(operation.input, false)?;
            let answer = builder.structure(operation.output, true)?;
            own.push((operation.name, *set, input, answer));
            Ok::<(), GenerateError>(())
        });
        match built {
            Ok(()) => entries.extend(own),
            Err(error) => missing.push(GenerateError::new(
                operation.name,
                format!("no samples: {error}"),
            )),
        }
    }
    SampleSets { entries, missing }
}

/// Builds sample values over one model.
pub struct Samples<'i, 'm> {
    index: &'i Index<'m>,
    variant: Variant,
    /// Whether answers name members by their `@jsonName` (restJson1).
    json_names: bool,
    /// Compiled patterns, by source.
    patterns: RefCell<BTreeMap<String, connect_pattern::Regex>>,
    /// Whether the structure being built is an answer (an operation's output).
    answer: Cell<bool>,
}

/// Where a string goes: a URI label, the query, a header, or a JSON body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Label,
    Query,
    Header,
    Body,
}

impl<'i, 'm> Samples<'i, 'm> {
    /// Samples of set `variant` for the shapes of `index`'s model; `json_names` when answers
    /// name members by their `@jsonName`.
    pub fn new(index: &'i Index<'m>, variant: Variant, json_names: bool) -> Self {
        Self {
            index,
            variant,
            json_names,
            patterns: RefCell::new(BTreeMap::new()),
            answer: Cell::new(false),
        }
    }

    /// The sample of structure `shape`, an operation's input or (`answer`) output, with the
    /// members and values of the set; an error when some string member has no candidate that
    /// its constraints accept.
    pub fn structure(&self, shape: &Shape, answer: bool) -> Result<Value, GenerateError> {
        self.answer.set(answer);
        Ok(self
            .value(&shape.id, None, 0, Place::Body, &mut Vec::new())?
            .unwrap_or_else(|| json!({})))
    }

    /// A sample of shape `id` reached through `member`, the `at`-th item of its list or map,
    /// sent in `place`; `None` when the value would recurse into a shape already on `stack` or
    /// too deep.
    fn value(
        &self,
        id: &str,
        member: Option<&Member>,
        at: usize,
        place: Place,
        stack: &mut Vec<String>,
    ) -> Result<Option<Value>, GenerateError> {
        let model = self.index.model();
        let shape = model.shape(id);
        let traits = |pick: fn(&crate::model::Traits) -> Option<Bounds>| {
            member
                .and_then(|member| pick(&member.traits))
                .or_else(|| pick(&shape.traits))
                .unwrap_or_default()
        };
        let length = traits(|t| t.length);
        // Lists of simple values (query lists among them) have two items where their length
        // allows it, so that repeated query parameters show; others one. Never below `min`.
        let min = length.min.map_or(0, |min| min as usize);
        let max = length.max.map_or(usize::MAX, |max| max as usize);
        let simple_items = match &shape.kind {
            ShapeKind::List(item) => matches!(
                model.shape(&item.target).kind,
                ShapeKind::Simple(_) | ShapeKind::Enum(_)
            ),
            _ => false,
        };
        let count = match self.variant {
            Variant::Empty => min,
            Variant::Full | Variant::Alternate | Variant::Required => {
                min.max(if simple_items { 2 } else { 1 }).min(max).max(min)
            }
        };
        Ok(match &shape.kind {
            ShapeKind::Simple(Simple::String) => {
                let pattern = member
                    .and_then(|member| member.traits.pattern.as_deref())
                    .or(shape.traits.pattern.as_deref())
                    .filter(|pattern| !self.index.is_broken_pattern(pattern));
                Some(Value::String(
                    self.string(id, member, at, place, length, pattern)?,
                ))
            }
            ShapeKind::Simple(Simple::Blob) if shape.traits.streaming => None,
            ShapeKind::Simple(Simple::Blob) => Some(json!(match self.variant {
                Variant::Empty => "",
                // "sample blob", then bytes that are not UTF-8.
                Variant::Alternate => "AP8QgA==",
                Variant::Full | Variant::Required => "c2FtcGxlIGJsb2I=",
            })),
            ShapeKind::Simple(Simple::Document) => Some(match self.variant {
                Variant::Empty => json!({}),
                Variant::Alternate => json!(["text", -1.5, false, null, {"nested": [1]}]),
                Variant::Full | Variant::Required => {
                    json!({"name": "value", "count": 2, "on": true})
                }
            }),
            ShapeKind::Simple(simple) => Some(self.simple(*simple, member, traits(|t| t.range))),
            ShapeKind::IntEnum(members) => {
                let values: Vec<&Value> = members
                    .iter()
                    .filter_map(|member| member.traits.enum_value.as_ref())
                    .collect();
                let pick = match self.variant {
                    Variant::Alternate => values.iter().rev().nth(at % values.len().max(1)),
                    _ => values.get(at % values.len().max(1)),
                };
                pick.map(|value| (*value).clone())
            }
            ShapeKind::Enum(members) => {
                let pick = match self.variant {
                    Variant::Full | Variant::Empty | Variant::Required => {
                        members.get(at % members.len().max(1))
                    }
                    Variant::Alternate => members.iter().rev().nth(at % members.len().max(1)),
                };
                pick.map(|value| match &value.traits.enum_value {
                    Some(value) => value.clone(),
                    None => Value::String(value.name.clone()),
                })
            }
            ShapeKind::List(item) => {
                if stack.len() > MAX_DEPTH || stack.contains(&item.target) {
                    return Ok((length.min.unwrap_or(0.0) == 0.0).then(|| json!([])));
                }
                let unique = shape.traits.unique_items
                    || member.is_some_and(|member| member.traits.unique_items);
                let mut items = Vec::new();
                for at in 0..count {
                    match self.value(&item.target, Some(item), at, place, stack)? {
                        // `@uniqueItems`: an item equal to an earlier one (an enum with fewer
                        // values than items) is left out, down to the list's minimum.
                        Some(value) if unique && items.contains(&value) && items.len() >= min => {}
                        Some(value) => items.push(value),
                        None => return Ok(None),
                    }
                }
                Some(Value::Array(items))
            }
            ShapeKind::Map(key, value) => {
                let mut map = Map::new();
                // Keys must differ: enum keys take successive values, strings their index.
                for at in 0..count {
                    let Some(Value::String(key)) =
                        self.value(&key.target, Some(key), at, Place::Body, stack)?
                    else {
                        return Ok(None);
                    };
                    let Some(value) =
                        self.value(&value.target, Some(value), at, Place::Body, stack)?
                    else {
                        return Ok(None);
                    };
                    map.insert(key, value);
                }
                Some(Value::Object(map))
            }
            ShapeKind::Structure(members) => {
                if stack.len() > MAX_DEPTH || stack.iter().any(|seen| seen == id) {
                    return Ok(None);
                }
                stack.push(id.to_owned());
                let mut object = Map::new();
                for member in members {
                    let answer = self.answer.get();
                    // Answers are bodies: members bound to headers or the status code, and
                    // payloads, are not in them.
                    let traits = &member.traits;
                    let bound = traits.http_header.is_some()
                        || traits.http_prefix_headers.is_some()
                        || traits.http_response_code
                        || traits.http_payload;
                    if answer && bound {
                        continue;
                    }
                    let has_default = member
                        .traits
                        .default
                        .as_ref()
                        .is_some_and(|value| !value.is_null());
                    let sent = member.traits.required || answer && has_default;
                    if self.variant != Variant::Full && member.traits.idempotency_token
                        || self.variant == Variant::Required && !sent
                    {
                        continue;
                    }
                    let place = if member.traits.http_header.is_some() {
                        Place::Header
                    } else if member.traits.http_label {
                        Place::Label
                    } else if member.traits.http_query.is_some() {
                        Place::Query
                    } else {
                        Place::Body
                    };
                    let key = match &member.traits.json_name {
                        Some(wire) if answer && self.json_names => wire.clone(),
                        _ => member.name.clone(),
                    };
                    match self.value(&member.target, Some(member), 0, place, stack)? {
                        Some(value) => {
                            object.insert(key, value);
                        }
                        None if member.traits.required => {
                            stack.pop();
                            return Ok(None);
                        }
                        None => {}
                    }
                }
                stack.pop();
                Some(Value::Object(object))
            }
            ShapeKind::Union(members) => {
                if stack.len() > MAX_DEPTH || stack.iter().any(|seen| seen == id) {
                    return Ok(None);
                }
                stack.push(id.to_owned());
                let mut set = None;
                let order: Vec<&Member> = match self.variant {
                    Variant::Full | Variant::Empty | Variant::Required => members.iter().collect(),
                    Variant::Alternate => members.iter().rev().collect(),
                };
                for member in order {
                    let value = if member.target == crate::model::UNIT {
                        Some(json!({}))
                    } else {
                        self.value(&member.target, Some(member), 0, Place::Body, stack)?
                    };
                    if let Some(value) = value {
                        set = Some(json!({ member.name.clone(): value }));
                        break;
                    }
                }
                stack.pop();
                set
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => None,
        })
    }

    fn simple(&self, simple: Simple, member: Option<&Member>, range: Bounds) -> Value {
        let full = matches!(self.variant, Variant::Full | Variant::Required);
        let empty = self.variant == Variant::Empty;
        match simple {
            Simple::Boolean => Value::Bool(full),
            Simple::Byte | Simple::Short | Simple::Integer | Simple::Long => {
                // Without a maximum, the alternate set takes the type's: a `long` above 2^53,
                // which a JSON number read as `f64` would not keep.
                let largest = match simple {
                    Simple::Byte => i64::from(i8::MAX),
                    Simple::Short => i64::from(i16::MAX),
                    Simple::Long => i64::MAX,
                    _ => i64::from(i32::MAX),
                };
                let low = range.min.map_or(1, |min| min.ceil() as i64);
                let high = range.max.map_or(largest, |max| max.floor() as i64);
                let zero = range
                    .min
                    .map_or(0, |min| min.ceil() as i64)
                    .max(0)
                    .min(high);
                json!(match self.variant {
                    Variant::Full | Variant::Required => low.min(high),
                    Variant::Alternate => high,
                    Variant::Empty => zero,
                })
            }
            Simple::Float | Simple::Double => {
                let (low, high) = match (range.min, range.max) {
                    (Some(min), Some(max)) => (min, max),
                    (Some(min), None) => (min, min + 1000.0),
                    (None, Some(max)) => (max - 1000.0, max),
                    (None, None) => (0.0, 1000.0),
                };
                // Both within the range, neither whole: 1.5 or a quarter of the way from the top.
                let value = match self.variant {
                    Variant::Full | Variant::Required => (low + 0.5).min(high),
                    // A `double` gets a fraction binary floating point cannot hold exactly, to
                    // check that both sides print what they hold; a `float` (32 bits) one that
                    // its 32 bits hold, eighths, else it would not be a `float` value.
                    Variant::Alternate if simple == Simple::Double => high - (high - low) / 3.0,
                    Variant::Alternate => ((high - (high - low) / 3.0) * 8.0).floor() / 8.0,
                    Variant::Empty => range.min.map_or(0.0, |min| min.max(0.0)).min(high),
                };
                // Whole values as integers, as JSON writers (this SDK's among them) write them.
                if value.fract() == 0.0 && value.abs() < 1e15 {
                    json!(value as i64)
                } else {
                    json!(value)
                }
            }
            Simple::Timestamp => {
                let format = member.and_then(|member| self.index.timestamp_format(member));
                match (format, full) {
                    (Some("date-time"), _) if empty => json!("1970-01-01T00:00:00Z"),
                    (Some("http-date"), _) if empty => json!("Thu, 01 Jan 1970 00:00:00 GMT"),
                    _ if empty => json!(0),
                    (Some("date-time"), true) => json!("2023-11-14T22:13:20Z"),
                    (Some("date-time"), false) => json!("2023-11-14T22:13:20.125Z"),
                    (Some("http-date"), _) => json!("Tue, 14 Nov 2023 22:13:20 GMT"),
                    (_, true) => json!(TIMESTAMP),
                    (_, false) => json!(TIMESTAMP as f64 + 0.125),
                }
            }
            // Strings, blobs and documents have samples of their own (`value`); big numbers
            // are refused by the generator.
            Simple::String
            | Simple::Blob
            | Simple::Document
            | Simple::BigInteger
            | Simple::BigDecimal => Value::Null,
        }
    }

    /// The string of shape `id` reached through `member` (the `at`-th item of a list or map),
    /// sent in `place`: the first candidate that, brought within `length`, matches `pattern`.
    fn string(
        &self,
        id: &str,
        member: Option<&Member>,
        at: usize,
        place: Place,
        length: Bounds,
        pattern: Option<&str>,
    ) -> Result<String, GenerateError> {
        let name = member.map_or("Value", |member| member.name.as_str());
        let name = if at == 0 {
            name.to_owned()
        } else {
            format!("{name}{at}")
        };
        let min = length.min.map_or(0, |min| min as usize);
        let max = length.max.map_or(usize::MAX, |max| max as usize);
        let regex = pattern.map(|pattern| self.regex(id, pattern)).transpose()?;
        for candidate in candidates(&name, at, place, self.variant) {
            let mut text = candidate;
            while text.chars().count() < min {
                text.push('x');
            }
            if text.chars().count() > max {
                text = text.chars().take(max).collect();
            }
            if regex.as_ref().is_none_or(|regex| regex.is_match(&text)) {
                return Ok(text);
            }
        }
        Err(GenerateError::new(
            id,
            format!(
                "no sample string within length {min}..={max} matches the pattern {:?}: add a \
                 candidate to `samples::candidates`",
                pattern.unwrap_or_default()
            ),
        ))
    }

    /// `pattern` compiled as the runtime compiles it.
    fn regex(&self, id: &str, pattern: &str) -> Result<connect_pattern::Regex, GenerateError> {
        if let Some(regex) = self.patterns.borrow().get(pattern) {
            return Ok(regex.clone());
        }
        let regex = read_pattern(pattern).map_err(|problem| GenerateError::new(id, problem))?;
        self.patterns
            .borrow_mut()
            .insert(pattern.to_owned(), regex.clone());
        Ok(regex)
    }
}

/// The candidate strings for member `name`, the `at`-th item of its list or map: hostile first,
/// then plainer, then the forms the model's patterns ask for (identifiers, ARNs, digests,
/// dates, addresses), each varied by `at` so that map keys differ.
fn candidates(name: &str, at: usize, place: Place, variant: Variant) -> Vec<String> {
    let mut list = match (place, variant) {
        (Place::Label | Place::Query, Variant::Full | Variant::Required) => vec![
            format!("{name}{HOSTILE}"),
            format!("{name} é+/ü"),
            format!("{name} 1/a+b"),
            format!("{name}+a/b"),
        ],
        (Place::Label, Variant::Alternate | Variant::Empty)
        | (Place::Query, Variant::Alternate) => vec![
            format!("{name}/ñ ü+日本~%2F"),
            format!("{name} é+/ü"),
            format!("{name}+a/b"),
        ],
        (Place::Header, Variant::Full | Variant::Required) => {
            vec![format!("{name} %:/?#[]@!$&'()*+,;=")]
        }
        (Place::Header, Variant::Alternate) => vec![format!("{name}  a, \"b\"; c=d")],
        // Items past the first get a name, so that map keys differ.
        (Place::Body | Place::Header | Place::Query, Variant::Empty) if at == 0 => {
            vec![String::new()]
        }
        (Place::Body | Place::Header | Place::Query, Variant::Empty) => Vec::new(),
        (Place::Body, Variant::Full | Variant::Required) => Vec::new(),
        (Place::Body, Variant::Alternate) => vec![
            format!("{name} \"q\" \\ /\t\u{1}é😹"),
            format!("{name} é😹"),
        ],
    };
    let digit = at % 10;
    let hex = "0123456789abcdef";
    list.extend([
        format!("{name}-1"),
        format!("{name}_1"),
        format!("{name}1"),
        format!("12345678-90ab-cdef-1234-56789abcdef{digit}"),
        format!("arn:aws:connect:us-east-1:123456789012:instance/12345678-90ab-cdef-1234-56789abcdef{digit}"),
        format!(
            "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/12345678-90ab-cdef-1234-56789abcdef{digit}"
        ),
        format!("{}{digit}", hex.repeat(4).chars().take(63).collect::<String>()),
        format!("us-east-{}", digit + 1),
        format!("d-012345678{digit}"),
        format!("40{digit}"),
        format!("+1206555010{digit}"),
        format!("2023-11-1{digit}"),
        format!("2023-11-1{digit}T22:13:20Z"),
        format!("user{digit}@example.com"),
        format!("s3://bucket/key{digit}"),
        format!("a{digit}"),
        // The forms the family's patterns ask for (after Connect's, whose samples they leave
        // as they were).
        format!("arn:aws:wisdom:us-east-1:123456789012:knowledge-base/12345678-90ab-cdef-1234-56789abcdef{digit}"),
        format!("{}{digit}", hex.repeat(2).chars().take(31).collect::<String>()),
        format!("hai-abc{digit}"),
        format!("id#abcdefghijABCDEFGHIJK{digit}"),
        format!("arn:aws:voiceid:us-east-1:123456789012:domain/abcdefghijABCDEFGHIJK{digit}"),
        format!("PT{}H", digit + 1),
        format!("arn:aws:iam::123456789012:role/role{digit}"),
        "application/x.quickresponse;format=plain".to_owned(),
        format!("arn:aws:lambda:us-east-1:123456789012:function:function{digit}"),
        "arn:aws:profile".to_owned(),
        format!("arn:aws:profile:us-east-1:123456789012:domains/domain{digit}"),
        format!("source{digit}::event"),
        "aws.cases".to_owned(),
        format!("1{digit}:30"),
        format!("T1{digit}:30"),
        format!("waba-abc{digit}"),
        format!("arn:aws:kms:us-east-1:123456789012:key/12345678-90ab-cdef-1234-56789abcdef{digit}"),
        "text/plain".to_owned(),
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            .to_owned(),
        format!("sample-{}", char::from(b'a' + digit as u8)),
        format!("arn:aws:cases:us-east-1:123456789012:domain/domain{digit}/case/case{digit}"),
        format!("arn:aws:bedrock:us-east-1:123456789012:knowledge-base/kb{digit}"),
        format!("arn:aws:health-agent:us-east-1:123456789012:domain/hai-abc{digit}"),
        format!(
            "arn:aws:health-agent:us-east-1:123456789012:domain/hai-abc{digit}/patient-insights-job/job{digit}"
        ),
        format!("https://example.com/path{digit}"),
        format!("sub-abcdefghijABCDEFGHIJ{digit}"),
        format!(
            "arn:aws:health-agent:us-east-1:123456789012:domain/hai-abc{digit}/subscription/sub-abcdefghijABCDEFGHIJ{digit}"
        ),
    ]);
    list
}

/// Writes the samples crate: four sample inputs (document form) and answers of every operation
/// as JSON (see [`Variant`]), the tests that send every input through its operation's
/// serializer (the full set pinned by insta snapshots) and read every answer back, and the test
/// that compares every request and answer with botocore's.
pub fn samples_crate(
    plan: &super::Plan,
    samples: &SampleSets,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let index = &plan.index;
    let header = &plan.header;
    let packages = index.packages();
    let (sdk, samples_crate) = (
        naming::crate_ident(&packages.sdk()),
        naming::crate_ident(&packages.samples()),
    );
    let entries = samples
        .entries
        .iter()
        .map(|(operation, set, input, answer)| {
            let (input, answer) = (input.to_string(), answer.to_string());
            quote! {
                Sample { operation: #operation, set: #set, input: #input, answer: #answer },
            }
        });
    let mut tests = Vec::new();
    let mut runners = Vec::new();
    for (operation, _) in plan
        .operations
        .iter()
        .filter(|(op, _)| samples.has(op.name))
    {
        let name = operation.name;
        let (module, input_type) = (&operation.names.method, &operation.names.input);
        tests.push(quote! {
            #[test]
            fn #module() {
                check::<#sdk::#module::#input_type>();
            }
        });
        runners.push(quote! {
            (#name, connect_conformance::run::<#sdk::#module::#input_type>),
        });
    }
    let title = &index.identity().title;
    let lib_docs = crate::render::inner_docs(&format!(
        "Four sample inputs and answers of every {title} operation, as JSON built from the \
         model: inputs in their document form (every member by model name, as in the AWS \
         documentation's request syntax), answers as the service sends their bodies.\n\n\
         Inputs are valid by the model's constraints (required members, enums, lengths, ranges, \
         sizes and patterns). Strings bound to the URI, the query or headers carry characters \
         that must be percent-encoded wherever their constraints allow them. The `full` set \
         sets every member; the `alternate` set takes the other end of each value (`false`, \
         range maxima, timestamps with milliseconds, last enum values and union members, \
         strings JSON must escape); the `empty` set the emptiest value allowed (empty strings, \
         lists and maps, zero, the epoch); the `required` set only the required members. All \
         but `full` leave idempotency tokens to the SDK."
    ));
    let lib = quote! {
        #lib_docs
        #![warn(missing_docs)]

        /// One sample set of one operation.
        #[derive(Clone, Copy, Debug)]
        pub struct Sample {
            /// The operation's name in the model.
            pub operation: &'static str,
            /// The set: `full`, `alternate`, `empty` or `required`.
            pub set: &'static str,
            /// The input.
            pub input: &'static str,
            /// A successful answer's body, every member set.
            pub answer: &'static str,
        }

        /// Every operation's samples, by operation name: the `full` set, then `alternate`,
        /// `empty` and `required`.
        pub const SAMPLES: &[Sample] = &[ #( #entries )* ];

        /// The `full` samples of `operation`.
        pub fn sample(operation: &str) -> Option<&'static Sample> {
            SAMPLES.iter().find(|sample| sample.operation == operation)
        }

        /// Every sample set of `operation`.
        pub fn samples(operation: &str) -> impl Iterator<Item = &'static Sample> + '_ {
            SAMPLES.iter().filter(move |sample| sample.operation == operation)
        }
    };
    let test = quote! {
        //! Every operation: every sample input passes the model's constraints and serializes, the
        //! `full` one into the request pinned in `snapshots/operations__<Operation>.snap`, and
        //! every sample answer reads into the typed output and writes back to the same JSON.

        use connect_runtime::json::{answer_from_slice, from_slice, to_vec, Form, FromJson, ToJson, Value};
        use connect_runtime::Operation;

        fn check<I>()
        where
            I: Operation + FromJson,
            I::Output: ToJson + FromJson,
        {
            for sample in #samples_crate::samples(I::NAME) {
                let (name, set) = (I::NAME, sample.set);
                let input: I = from_slice(sample.input.as_bytes())
                    .unwrap_or_else(|error| panic!("{name} ({set}): sample input: {error}"));
                input
                    .validate(true)
                    .unwrap_or_else(|error| panic!("{name} ({set}): validation: {error}"));
                let request = input
                    .to_request()
                    .unwrap_or_else(|error| panic!("{name} ({set}): request: {error}"));
                // The other sets leave idempotency tokens to the SDK: random, not pinned.
                if set == "full" {
                    insta::assert_snapshot!(name, request.to_string());
                }
                let output: I::Output = answer_from_slice(sample.answer.as_bytes())
                    .unwrap_or_else(|error| panic!("{name} ({set}): sample answer: {error}"));
                let written: Value =
                    from_slice(&to_vec(&output, Form::Wire)).expect("written JSON reads back");
                let expected: Value =
                    from_slice(sample.answer.as_bytes()).expect("the sample is JSON");
                assert_eq!(written, expected, "{name} ({set}): the answer read and written back");
            }
        }

        #( #tests )*
    };
    let report = format!("botocore-wire-equality-{}.md", index.identity().name);
    let botocore = quote! {
        //! Wire equality with botocore, the reference implementation of the same service: every
        //! sample input is sent by the SDK to a local server, and the request (method, path,
        //! query, modeled headers, content type, JSON body) must equal the one botocore builds
        //! for the same input, recorded in `conformance/botocore.jsonl` by
        //! `conformance/botocore_requests.py`; every sample answer must read the same in both.
        //! Differences that stay are explained in `docs/CONFORMANCE.md`.

        const OPERATIONS: &[(&str, connect_conformance::Runner)] = &[ #( #runners )* ];

        #[test]
        fn requests_and_answers_equal_botocore() {
            let samples = #samples_crate::SAMPLES
                .iter()
                .map(|sample| (sample.operation, sample.set, sample.input, sample.answer));
            // The table, for CI's log and for people: target/tmp/#report.
            let report = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(#report);
            connect_conformance::check(OPERATIONS, samples, &#sdk::SERVICE, &report);
        }
    };
    let dir = plan.layout.samples();
    for (path, tokens) in [
        ("src/lib.rs", lib),
        ("tests/operations.rs", test),
        ("tests/botocore.rs", botocore),
    ] {
        let full = format!("{dir}/{path}");
        files.insert(full.clone(), rust_file(header, &full, tokens)?);
    }
    let description =
        format!("Sample inputs and answers of every {title} operation, and the tests that send and read them.");
    let runtime = super::crates::path_dependency(RUNTIME_PACKAGE, &dir, plan.layout.runtime(), &[]);
    let sdk_dependency = super::crates::path_dependency(
        &packages.sdk(),
        &dir,
        &plan.layout.sdk(),
        &super::crates::test_features(),
    );
    let conformance = super::crates::path_dependency(
        "connect-conformance",
        &dir,
        "crates/connect-conformance",
        &[],
    );
    let manifest = super::crates::Manifest {
        name: &packages.samples(),
        description: &description,
        published: None,
        no_tests: false,
        sections: vec![format!(
            "[dev-dependencies]\n{runtime}\n{sdk_dependency}\n{conformance}\ninsta.workspace = true"
        )],
    };
    files.insert(format!("{dir}/Cargo.toml"), manifest.render(header));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use std::path::Path;

    #[test]
    fn every_operation_has_samples_in_every_set_and_hostile_labels_where_allowed() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/models/connect.json"
        );
        let model = Model::load(Path::new(path)).unwrap();
        let broken = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/connect/broken-patterns.json"
        );
        let broken = crate::broken_patterns(&std::fs::read(broken).unwrap()).unwrap();
        let index = Index::new(&model).with_broken_patterns(broken);
        let samples = Samples::new(&index, Variant::Full, false);
        let (mut labels, mut hostile) = (0, 0);
        for shape in model.shapes.values() {
            let ShapeKind::Operation(operation) = &shape.kind else {
                continue;
            };
            for variant in Variant::ALL {
                let input = model.shape(&operation.input);
                Samples::new(&index, variant, false)
                    .structure(input, false)
                    .unwrap();
                Samples::new(&index, variant, false)
                    .structure(model.shape(&operation.output), true)
                    .unwrap();
            }
            let input = model.shape(&operation.input);
            let ShapeKind::Structure(members) = &input.kind else {
                continue;
            };
            let value = samples.structure(input, false).unwrap();
            for member in members.iter().filter(|member| member.traits.http_label) {
                labels += 1;
                let text = value[&member.name].as_str().unwrap_or_default();
                hostile += usize::from(text.ends_with(HOSTILE));
            }
        }
        // Labels whose pattern refuses the vector (identifiers, ARNs) get what it accepts.
        assert!(labels > 500, "{labels}");
        assert!(
            hostile * 2 > labels,
            "{hostile} of {labels} labels carry the vector"
        );
    }

    /// The sample string of a member with `pattern` and `length`, built as [`Samples::string`]
    /// builds it, without a model.
    fn pick(pattern: &str, length: Bounds, place: Place) -> Option<String> {
        let regex = read_pattern(pattern).unwrap();
        candidates("Name", 0, place, Variant::Full)
            .into_iter()
            .map(|mut text| {
                while text.chars().count() < length.min.map_or(0, |min| min as usize) {
                    text.push('x');
                }
                text
            })
            .find(|text| regex.is_match(text))
    }

    #[test]
    fn labels_carry_the_restjson1_vector_when_the_pattern_allows_it() {
        let any = Bounds::default();
        assert_eq!(
            pick("^.*[\\S]$", any, Place::Label).unwrap(),
            format!("Name{HOSTILE}")
        );
        // `+`, `/`, spaces and other Unicode where the pattern refuses the full vector.
        assert_eq!(
            pick(
                "^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$",
                any,
                Place::Query
            )
            .unwrap(),
            "Name é+/ü"
        );
        // The forms patterns ask for, when nothing else fits.
        assert_eq!(
            pick(
                "^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$",
                any,
                Place::Label
            )
            .unwrap(),
            "12345678-90ab-cdef-1234-56789abcdef0"
        );
    }
}
