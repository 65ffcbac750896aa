//! The JSON reader and writer against hand-written documents and against serde_json on random ones.

use super::*;
use crate::test_random::Random;

#[test]
fn big_numbers_are_written_as_json_numbers() {
    let integer = |text: &str| to_vec(&text.parse::<BigInteger>().unwrap(), Form::Wire);
    let decimal = |text: &str| to_vec(&text.parse::<BigDecimal>().unwrap(), Form::Wire);
    assert_eq!(
        integer("123456789012345678901234567890"),
        b"123456789012345678901234567890"
    );
    assert_eq!(integer("-00042"), b"-42");
    assert_eq!(integer("000"), b"0");
    assert_eq!(decimal("+5"), b"5");
    assert_eq!(decimal(".5"), b"0.5");
    assert_eq!(decimal("5."), b"5");
    assert_eq!(decimal("-007.250E-10"), b"-7.250E-10");
    assert_eq!(
        decimal("3.14159265358979323846264338327950288"),
        b"3.14159265358979323846264338327950288"
    );
}

#[test]
fn big_numbers_are_read_digit_for_digit() {
    let value = parse_value(
        b"[123456789012345678901234567890, 0.1000000000000000000001, 1e400, \"1\", -0]",
    )
    .unwrap();
    let read = |index: usize| BigDecimal::read_json(&value[index], Form::Wire);
    let integer = BigInteger::read_json(&value[0], Form::Wire).unwrap();
    assert_eq!(integer.as_ref(), "123456789012345678901234567890");
    assert_eq!(read(1).unwrap().as_ref(), "0.1000000000000000000001");
    assert_eq!(read(2).unwrap().as_ref(), "1e400");
    assert!(read(3).is_err(), "a string is not a number");
    assert!(BigInteger::read_json(&value[1], Form::Wire).is_err());
    assert_eq!(
        BigInteger::read_json(&value[4], Form::Wire)
            .unwrap()
            .as_ref(),
        "0"
    );
}

#[test]
fn strings_are_escaped() {
    let text = "quote \" backslash \\ newline \n bell \u{7} emoji 😹";
    let bytes = to_vec(text, Form::Wire);
    let back = parse_value(&bytes).unwrap();
    assert_eq!(back, json!(text));
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"quote \\\" backslash \\\\ newline \\n bell \\u0007 emoji 😹\""
    );
    assert_eq!(
        to_vec("\t\r\u{1f}\u{7f}", Form::Wire),
        b"\"\\t\\r\\u001f\x7f\""
    );
}

#[test]
fn floats_spell_non_finite_values() {
    assert_eq!(to_vec(&f64::NAN, Form::Wire), b"\"NaN\"");
    assert_eq!(to_vec(&f32::NEG_INFINITY, Form::Wire), b"\"-Infinity\"");
    assert_eq!(to_vec(&1.5f64, Form::Wire), b"1.5");
    assert!(f64::from_json(&json!("NaN")).unwrap().is_nan());
    assert_eq!(f64::from_json(&json!("Infinity")).unwrap(), f64::INFINITY);
    assert!(f64::from_json(&json!("nan")).is_err());
}

#[test]
fn integers_refuse_out_of_range_and_fractions() {
    assert_eq!(i32::from_json(&json!(7)).unwrap(), 7);
    assert!(i32::from_json(&json!(1u64 << 40)).is_err());
    assert!(i64::from_json(&json!(1.5)).is_err());
}

#[test]
fn errors_carry_the_path() {
    let document = json!({"Items": {"a": ["x", 3]}});
    let items = object(&document).unwrap();
    let error = member::<HashMap<String, Vec<String>>>(items, "Items", Form::Wire).unwrap_err();
    assert_eq!(
        error.to_string(),
        "expected string, found a number at $.Items.a[1]"
    );
    assert_eq!(error.path(), "$.Items.a[1]");
}

#[test]
fn lists_and_maps_drop_nulls() {
    let list: Vec<String> = FromJson::from_json(&json!(["a", null, "b"])).unwrap();
    assert_eq!(list, ["a", "b"]);
    let map: HashMap<String, i32> = FromJson::from_json(&json!({"a": 1, "b": null})).unwrap();
    assert_eq!(map.len(), 1);
    assert_eq!(
        to_vec(
            &HashMap::from([("z".to_string(), 1), ("a".to_string(), 2)]),
            Form::Wire
        ),
        b"{\"a\":2,\"z\":1}"
    );
}

#[test]
fn empty_body_is_an_empty_object_and_garbage_is_an_error() {
    let map: HashMap<String, String> = from_slice(b"  ").unwrap();
    assert!(map.is_empty());
    let error = from_slice::<HashMap<String, String>>(b"{\"a\":").unwrap_err();
    assert!(error.to_string().starts_with("not valid JSON"), "{error}");
}

#[test]
fn deep_nesting_is_an_error() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let error = from_slice::<Value>(text.as_bytes()).unwrap_err();
        assert!(error.to_string().contains("recursion limit"), "{error}");
    }
}

#[test]
fn sparse_collections_keep_nulls() {
    let list: Vec<Option<String>> = FromJson::from_json(&json!(["a", null])).unwrap();
    assert_eq!(list, [Some("a".to_owned()), None]);
    assert_eq!(to_vec(&list, Form::Wire), b"[\"a\",null]");
    let map: HashMap<String, Option<i32>> =
        FromJson::from_json(&json!({"a": 1, "b": null})).unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map["b"], None);
}

#[test]
fn blobs_are_base64() {
    let blob = Blob::new(b"binary\x00data".to_vec());
    assert_eq!(to_vec(&blob, Form::Wire), b"\"YmluYXJ5AGRhdGE=\"");
    assert_eq!(Blob::from_json(&json!("YmluYXJ5AGRhdGE=")).unwrap(), blob);
    let error = Blob::from_json(&json!("not base64!")).unwrap_err();
    assert!(error.to_string().starts_with("not valid base64"), "{error}");
    assert!(Blob::from_json(&json!(3)).is_err());
}

#[test]
fn documents_are_any_json() {
    let text = json!({"a": [1, -2, 1.5, "x", true, null, {"b": {}}]});
    let document = Document::from_json(&text).unwrap();
    let back = parse_value(&to_vec(&document, Form::Wire)).unwrap();
    assert_eq!(back, text);
}

#[test]
fn timestamp_collections_take_their_format() {
    let value = DateTime::from_secs(1_515_531_081);
    let list = [value];
    assert_eq!(
        to_vec(
            &Timestamps(&list[..], TimestampFormat::DateTime),
            Form::Wire
        ),
        b"[\"2018-01-09T20:51:21Z\"]"
    );
    let document = json!({"T": ["2018-01-09T20:51:21Z", null], "M": {"k": "2018-01-09T20:51:21Z"}});
    let object = object(&document).unwrap();
    let read = timestamp_list_member(object, "T", TimestampFormat::DateTime).unwrap();
    assert_eq!(read, Some(vec![value]));
    let map: Option<HashMap<String, DateTime>> =
        timestamp_map_member(object, "M", TimestampFormat::DateTime).unwrap();
    assert_eq!(map.unwrap()["k"], value);
    let error = timestamp_list_member(object, "M", TimestampFormat::DateTime).unwrap_err();
    assert_eq!(error.to_string(), "expected array, found an object at $.M");
}

#[test]
fn unions_need_exactly_one_member() {
    assert_eq!(union_member(&json!({"A": 1, "B": null})).unwrap().0, "A");
    assert!(union_member(&json!({})).is_err());
    assert!(union_member(&json!({"A": 1, "B": 2})).is_err());
    let typed = json!({"__type": "aws.protocoltests.json10#MyUnion", "A": 1});
    assert_eq!(union_member(&typed).unwrap().0, "A");
    assert!(union_member(&json!({"__type": "MyUnion"})).is_err());
}

#[test]
fn timestamps_in_each_format() {
    let value = DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000);
    assert_eq!(to_vec(&value, Form::Wire), b"1515531081.123");
    assert_eq!(
        to_vec(&Timestamp(&value, TimestampFormat::DateTime), Form::Wire),
        b"\"2018-01-09T20:51:21.123Z\""
    );
    assert_eq!(DateTime::from_json(&json!(1515531081.123)).unwrap(), value);
    assert_eq!(
        DateTime::from_json(&json!("1515531081.123")).unwrap(),
        value
    );
    let text = json!("2018-01-09T20:51:21.123Z");
    assert_eq!(timestamp(&text, TimestampFormat::DateTime).unwrap(), value);
    let offset = json!("2018-01-09T19:51:21.123-01:00");
    assert_eq!(
        timestamp(&offset, TimestampFormat::DateTime).unwrap(),
        value
    );
    // An epoch-seconds member written as a date-time, with an offset and microseconds, as
    // moto_server writes them.
    assert_eq!(DateTime::from_json(&text).unwrap(), value);
    let moto = json!("2018-01-09T21:51:21.123000+01:00");
    assert_eq!(DateTime::from_json(&moto).unwrap(), value);
    let error = timestamp(&json!(12), TimestampFormat::DateTime).unwrap_err();
    assert_eq!(
        error.to_string(),
        "expected a timestamp string, found a number at $"
    );
    let error = DateTime::from_json(&json!("soon")).unwrap_err();
    assert!(
        error.to_string().starts_with("\"soon\" is not a timestamp"),
        "{error}"
    );
    assert!(DateTime::from_json(&json!(true)).is_err());
}

/// Random JSON texts, valid and then damaged a byte at a time, read by this reader and by
/// serde_json: both accept the same texts and read the same values.
#[test]
fn reads_what_serde_json_reads() {
    let mut random = Random(0x5eed);
    for round in 0..20_000 {
        let mut text = Vec::new();
        document(&mut random, &mut text, 0);
        if round % 2 == 1 {
            damage(&mut random, &mut text);
        }
        let theirs = serde_json::from_slice::<serde_json::Value>(&text);
        let ours = parse_value(&text);
        let shown = String::from_utf8_lossy(&text);
        match (&theirs, &ours) {
            (Ok(theirs), Ok(ours)) => assert_same(theirs, ours, &shown),
            (Err(_), Err(_)) => {}
            // Beyond an f64's range serde_json refuses a number; Python (botocore) reads it as
            // an infinity, and so does this reader, keeping its digits.
            (Err(error), Ok(_)) if error.to_string().starts_with("number out of range") => {}
            _ => panic!("{shown:?}: serde_json {theirs:?}, this reader {ours:?}"),
        }
        if let Ok(ours) = ours {
            assert_eq!(parse_value(&to_vec(&ours, Form::Wire)).unwrap(), ours);
        }
    }
}

#[test]
fn syntax_errors_say_where() {
    let error = parse_value(b"{\n  \"a\": [1, 2,]\n}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "not valid JSON: expected a value at line 2 column 14"
    );
    assert_eq!(error.position(), Some((2, 14)));
    for (text, problem) in [
        (&b""[..], "unexpected end of text"),
        (b"\"\\ud800\"", "lone leading surrogate"),
        (b"\"\\udc00\"", "lone trailing surrogate"),
        (b"\"a\x01\"", "control character"),
        (b"[1] 2", "trailing characters"),
        (b"01", "trailing characters"),
        (b"\"\xff\"", "invalid UTF-8"),
        (b"1.", "unexpected end of text"),
        (b"tru", "expected a value"),
    ] {
        let error = parse_value(text).unwrap_err().to_string();
        assert!(error.contains(problem), "{text:?}: {error}");
    }
    assert!(parse_value(b"\"\\ud83d\\ude39\"").unwrap() == "😹");
}

#[test]
fn numbers_keep_what_they_need() {
    let value = parse_value(b"[7, -7, 18446744073709551615, 1.5, 1e2, 100.0, -0]").unwrap();
    assert_eq!(value[0].as_i64(), Some(7));
    assert_eq!(value[1].as_u64(), None);
    assert_eq!(value[2].as_u64(), Some(u64::MAX));
    assert_eq!(value[2].as_i64(), None);
    assert_eq!((value[3].as_i64(), value[3].as_f64()), (None, Some(1.5)));
    assert_eq!(value[4], value[5], "the same number however it is spelled");
    assert_ne!(value[0], parse_value(b"7.0").unwrap());
    assert_eq!(value[6].as_i64(), Some(0), "as Python reads it");
    assert_eq!(
        value.to_string(),
        "[7,-7,18446744073709551615,1.5,1e2,100.0,0]"
    );
    assert_eq!(Number::from_f64(1.0).unwrap().to_string(), "1.0");
    assert!(Number::from_f64(f64::NAN).is_none());
}

#[test]
fn repeated_names_keep_the_last_value() {
    let value = parse_value(br#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
    assert_eq!(value.to_string(), r#"{"a":2,"b":3}"#);
}

fn document(random: &mut Random, out: &mut Vec<u8>, depth: usize) {
    let space = |random: &mut Random, out: &mut Vec<u8>| {
        out.extend_from_slice(random.pick(&["", "", " ", "\n", "\t ", "\r\n"]).as_bytes())
    };
    space(random, out);
    match random.below(if depth > 6 { 4 } else { 6 }) {
        0 => out.extend_from_slice(random.pick(&["true", "false", "null"]).as_bytes()),
        1 => {
            let numbers = [
                "0",
                "-0",
                "7",
                "-12",
                "1.5",
                "-0.25",
                "1e3",
                "2E-3",
                "6.02e+23",
                "1.0",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "18446744073709551616",
                "123456789012345678901234567890",
                "0.1000000000000000000001",
            ];
            out.extend_from_slice(random.pick(&numbers).as_bytes());
        }
        2 | 3 => string(random, out),
        4 => {
            out.push(b'[');
            for index in 0..random.below(4) {
                if index > 0 {
                    out.push(b',');
                }
                document(random, out, depth + 1);
            }
            space(random, out);
            out.push(b']');
        }
        _ => {
            out.push(b'{');
            for index in 0..random.below(4) {
                if index > 0 {
                    out.push(b',');
                }
                space(random, out);
                string(random, out);
                space(random, out);
                out.push(b':');
                document(random, out, depth + 1);
            }
            space(random, out);
            out.push(b'}');
        }
    }
    space(random, out);
}

fn string(random: &mut Random, out: &mut Vec<u8>) {
    let pieces = [
        "a",
        "b",
        "Name",
        "é",
        "😹",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\u0041",
        "\\u00e9",
        "\\ud83d\\ude39",
        "\\u0000",
        " ",
    ];
    out.push(b'"');
    for _ in 0..random.below(4) {
        out.extend_from_slice(random.pick(&pieces).as_bytes());
    }
    out.push(b'"');
}

/// One byte inserted, removed or replaced, from those that matter to the grammar.
fn damage(random: &mut Random, text: &mut Vec<u8>) {
    const BYTES: &[u8] = b"\"\\,:[]{}0-.e+ \x01\xff\xc3u";
    let at = random.below(text.len() + 1);
    let byte = BYTES[random.below(BYTES.len())];
    match random.below(3) {
        0 => text.insert(at, byte),
        1 if at < text.len() => {
            text.remove(at);
        }
        _ if at < text.len() => text[at] = byte,
        _ => text.push(byte),
    }
}

fn assert_same(theirs: &serde_json::Value, ours: &Value, shown: &str) {
    use serde_json::Value as Theirs;
    match (theirs, ours) {
        (Theirs::Null, Value::Null) => {}
        (Theirs::Bool(a), Value::Bool(b)) => assert_eq!(a, b, "{shown}"),
        (Theirs::String(a), Value::String(b)) => assert_eq!(a, b, "{shown}"),
        (Theirs::Number(a), Value::Number(b)) => {
            // serde_json reads `-0` as a float; Python, and this reader, as the integer 0.
            if !a.is_f64() {
                assert_eq!(
                    (a.as_i64(), a.as_u64()),
                    (b.as_i64(), b.as_u64()),
                    "{shown}"
                );
            }
            // serde_json's fast float reading may miss by one unit in the last place; this
            // reader rounds correctly (`str::parse`), as Python does.
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(a == b || (a - b).abs() <= a.abs() * f64::EPSILON, "{shown}");
        }
        (Theirs::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{shown}");
            a.iter().zip(b).for_each(|(a, b)| assert_same(a, b, shown));
        }
        // By name: serde_json's map is ordered by name or, with its `preserve_order` feature
        // (which the workspace's `connect` tool turns on), by first appearance.
        (Theirs::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len(), "{shown}");
            for (name, a) in a {
                let b = b
                    .get(name)
                    .unwrap_or_else(|| panic!("{shown}: no {name:?}"));
                assert_same(a, b, shown);
            }
        }
        _ => panic!("{shown}: serde_json {theirs}, this reader {ours}"),
    }
}
