//! The functions rules call: Smithy's standard library and the AWS functions.

use super::{partition, EndpointError, Partition, Value};
use crate::encoding::label::UNRESERVED;
use crate::sorted_map::SortedMap;
use percent_encoding::utf8_percent_encode;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Calls `function` with the values of its arguments (`None` for an unset one), the partition
/// table at hand for `aws.partition`. `None` is an unset result: a function that gives nothing
/// (`parseURL` of something that is not a URL), or any function but `isSet` and `coalesce`
/// given an unset argument.
pub(super) fn call(
    function: &'static str,
    values: Vec<Option<Value>>,
    partitions: &'static [Partition],
) -> Result<Option<Value>, EndpointError> {
    let result = match function {
        "isSet" => {
            let [value] = arity(function, values)?;
            Value::Boolean(value.is_some())
        }
        "coalesce" => {
            if values.len() < 2 {
                return Err(invalid(function, "takes two or more arguments".into()));
            }
            return Ok(values.into_iter().flatten().next());
        }
        "not" => {
            let Some([value]) = strict(function, values)? else {
                return Ok(None);
            };
            Value::Boolean(!boolean(function, &value)?)
        }
        "booleanEquals" => {
            let Some([a, b]) = strict(function, values)? else {
                return Ok(None);
            };
            Value::Boolean(boolean(function, &a)? == boolean(function, &b)?)
        }
        "stringEquals" => {
            let Some([a, b]) = strict(function, values)? else {
                return Ok(None);
            };
            Value::Boolean(string(function, &a)? == string(function, &b)?)
        }
        "getAttr" => {
            let Some([value, path]) = strict(function, values)? else {
                return Ok(None);
            };
            let path = string(function, &path)?;
            return get_attr(&value, path)
                .map(|found| found.cloned())
                .map_err(|reason| invalid(function, format!("path {path:?}: {reason}")));
        }
        "substring" => {
            let Some([input, start, stop, reverse]) = strict(function, values)? else {
                return Ok(None);
            };
            let input = string(function, &input)?;
            let (start, stop) = (integer(function, &start)?, integer(function, &stop)?);
            return Ok(substring(input, start, stop, boolean(function, &reverse)?)
                .map(|part| Value::String(part.to_owned())));
        }
        "uriEncode" => {
            let Some([value]) = strict(function, values)? else {
                return Ok(None);
            };
            Value::String(uri_encode(string(function, &value)?))
        }
        "parseURL" => {
            let Some([value]) = strict(function, values)? else {
                return Ok(None);
            };
            return Ok(parse_url(string(function, &value)?));
        }
        "isValidHostLabel" => {
            let Some([value, subdomains]) = strict(function, values)? else {
                return Ok(None);
            };
            let subdomains = boolean(function, &subdomains)?;
            Value::Boolean(is_valid_host_label(string(function, &value)?, subdomains))
        }
        "aws.partition" => {
            let Some([region]) = strict(function, values)? else {
                return Ok(None);
            };
            return Ok(partition::partition(partitions, string(function, &region)?));
        }
        "aws.parseArn" => {
            let Some([value]) = strict(function, values)? else {
                return Ok(None);
            };
            return Ok(parse_arn(string(function, &value)?));
        }
        "aws.isVirtualHostableS3Bucket" => {
            let Some([value, subdomains]) = strict(function, values)? else {
                return Ok(None);
            };
            let subdomains = boolean(function, &subdomains)?;
            Value::Boolean(is_virtual_hostable_s3_bucket(
                string(function, &value)?,
                subdomains,
            ))
        }
        _ => return Err(EndpointError::UnknownFunction(function)),
    };
    Ok(Some(result))
}

fn invalid(function: &'static str, reason: String) -> EndpointError {
    EndpointError::InvalidArgument { function, reason }
}

/// The `N` arguments, set or not.
fn arity<const N: usize>(
    function: &'static str,
    values: Vec<Option<Value>>,
) -> Result<[Option<Value>; N], EndpointError> {
    let count = values.len();
    values
        .try_into()
        .map_err(|_| arity_error::<N>(function, count))
}

/// The `N` arguments, or `None` if any is unset.
fn strict<const N: usize>(
    function: &'static str,
    values: Vec<Option<Value>>,
) -> Result<Option<[Value; N]>, EndpointError> {
    let count = values.len();
    if count != N {
        return Err(arity_error::<N>(function, count));
    }
    let Some(values) = values.into_iter().collect::<Option<Vec<Value>>>() else {
        return Ok(None);
    };
    values
        .try_into()
        .map(Some)
        .map_err(|_| arity_error::<N>(function, count))
}

fn arity_error<const N: usize>(function: &'static str, count: usize) -> EndpointError {
    invalid(function, format!("takes {N} argument(s), got {count}"))
}

fn boolean(function: &'static str, value: &Value) -> Result<bool, EndpointError> {
    value.as_bool().ok_or_else(|| {
        invalid(
            function,
            format!("expected a boolean, got {}", value.kind()),
        )
    })
}

fn string<'v>(function: &'static str, value: &'v Value) -> Result<&'v str, EndpointError> {
    value
        .as_str()
        .ok_or_else(|| invalid(function, format!("expected a string, got {}", value.kind())))
}

fn integer(function: &'static str, value: &Value) -> Result<i64, EndpointError> {
    match value {
        Value::Integer(number) => Ok(*number),
        other => Err(invalid(
            function,
            format!("expected an integer, got {}", other.kind()),
        )),
    }
}

/// Characters `start..stop` of ASCII `input`, counted from the end when `reverse`; `None`
/// when the input is not ASCII or too short, or the range is empty or negative.
pub(super) fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    if !input.is_ascii() {
        return None;
    }
    let start = usize::try_from(start).ok()?;
    let stop = usize::try_from(stop).ok()?;
    if start >= stop || stop > input.len() {
        return None;
    }
    if reverse {
        input.get(input.len() - stop..input.len() - start)
    } else {
        input.get(start..stop)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, in upper-case hex.
pub(super) fn uri_encode(input: &str) -> String {
    utf8_percent_encode(input, UNRESERVED).to_string()
}

/// The parts of an `http` or `https` URL, as a record: `scheme`, `authority` (host and port
/// as written), `path` (as written, possibly empty), `normalizedPath` (the path between `/`s)
/// and `isIp`. `None` for anything else, and for URLs with a query or fragment, or user
/// information.
pub(super) fn parse_url(input: &str) -> Option<Value> {
    let (scheme, rest) = input.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']')?;
            address.parse::<Ipv6Addr>().ok()?;
            (authority.get(..address.len() + 2)?, after.strip_prefix(':'))
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return None;
    }
    if let Some(port) = port {
        port.parse::<u16>().ok()?;
    }
    // What the HTTP client will accept: hosts with spaces and the like end here.
    url::Url::parse(input).ok()?;
    let is_ip = host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok();
    let mut normalized = String::from("/");
    let trimmed = path.trim_matches('/');
    if !trimmed.is_empty() {
        normalized.push_str(trimmed);
        normalized.push('/');
    }
    Some(Value::Record(SortedMap::from([
        ("scheme".to_owned(), Value::from(scheme)),
        ("authority".to_owned(), Value::from(authority)),
        ("path".to_owned(), Value::from(path)),
        ("normalizedPath".to_owned(), Value::String(normalized)),
        ("isIp".to_owned(), Value::Boolean(is_ip)),
    ])))
}

/// Whether `input` is an RFC 1123 host label (1 to 63 ASCII letters, digits and hyphens, not
/// starting or ending with a hyphen), or, with `subdomains`, labels joined by dots.
pub(super) fn is_valid_host_label(input: &str, subdomains: bool) -> bool {
    if subdomains {
        return input
            .split('.')
            .all(|label| is_valid_host_label(label, false));
    }
    (1..=63).contains(&input.len())
        && !input.starts_with('-')
        && !input.ends_with('-')
        && input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Whether `input` can be an S3 bucket in a host name: a valid host label (dotted labels with
/// `subdomains`), each label 3 to 63 lower-case letters, digits and hyphens, and not an IPv4
/// address.
pub(super) fn is_virtual_hostable_s3_bucket(input: &str, subdomains: bool) -> bool {
    if !is_valid_host_label(input, subdomains) || input.parse::<Ipv4Addr>().is_ok() {
        return false;
    }
    input.split('.').all(|label| {
        (3..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

/// The parts of an ARN (`arn:partition:service:region:account-id:resource`), as a record:
/// `partition`, `service`, `region`, `accountId` and `resourceId` (the resource split on `:`
/// and `/`). `None` when it is not an ARN: partition, service and resource must not be empty.
pub(super) fn parse_arn(input: &str) -> Option<Value> {
    let mut parts = input.splitn(6, ':');
    let (arn, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    let (region, account, resource) = (parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(Value::from).collect();
    Some(Value::Record(SortedMap::from([
        ("partition".to_owned(), Value::from(partition)),
        ("service".to_owned(), Value::from(service)),
        ("region".to_owned(), Value::from(region)),
        ("accountId".to_owned(), Value::from(account)),
        ("resourceId".to_owned(), Value::Array(resource_id)),
    ])))
}

/// The value at `path` inside `value`: keys separated by `.`, each optionally followed by an
/// index (`resourceId[2]`). `None` when a key is missing, an index is out of range, or a step
/// does not apply to the value it meets; an error only for a path that cannot be read.
pub(super) fn get_attr<'v>(
    value: &'v Value,
    path: &str,
) -> Result<Option<&'v Value>, &'static str> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            Some((key, index)) => {
                let digits = index
                    .strip_suffix(']')
                    .ok_or("an index must end with `]` at the end of a path step")?;
                let index: usize = digits
                    .parse()
                    .map_err(|_| "an index must be a non-negative integer")?;
                if !key.is_empty() {
                    steps.push(Step::Key(key));
                }
                steps.push(Step::Index(index));
            }
            None if part.is_empty() => return Err("a path step is empty"),
            None => steps.push(Step::Key(part)),
        }
    }
    let mut current = value;
    for step in steps {
        let next = match (step, current) {
            (Step::Key(key), Value::Record(members)) => members.get(key),
            (Step::Index(index), Value::Array(items)) => items.get(index),
            _ => None,
        };
        match next {
            Some(next) => current = next,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// A step of a `getAttr` path.
#[derive(Clone, Copy)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_parts(input: &str) -> Option<(String, String, String, String, bool)> {
        let Value::Record(parts) = parse_url(input)? else {
            return None;
        };
        let text = |key: &str| parts[key].as_str().unwrap().to_owned();
        Some((
            text("scheme"),
            text("authority"),
            text("path"),
            text("normalizedPath"),
            parts["isIp"].as_bool().unwrap(),
        ))
    }

    #[test]
    fn parse_url_follows_the_smithy_examples() {
        let parts = |s: &str, a: &str, p: &str, n: &str, ip| {
            Some((s.to_owned(), a.to_owned(), p.to_owned(), n.to_owned(), ip))
        };
        assert_eq!(
            url_parts("https://example.com"),
            parts("https", "example.com", "", "/", false)
        );
        assert_eq!(
            url_parts("https://authority.com/"),
            parts("https", "authority.com", "/", "/", false)
        );
        assert_eq!(
            url_parts("http://example.com:80/foo/bar"),
            parts("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            url_parts("https://127.0.0.1"),
            parts("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            url_parts("http://192.168.1.1:1234/foo/"),
            parts("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
        );
        assert_eq!(
            url_parts("https://[fe80::1]"),
            parts("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            url_parts("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            parts(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
        assert_eq!(
            url_parts("https://999.999.abc.blah"),
            parts("https", "999.999.abc.blah", "", "/", false)
        );
        assert_eq!(
            url_parts("http://99_ab-.com"),
            parts("http", "99_ab-.com", "", "/", false)
        );
        for invalid in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com/#fragment",
            "acbd://example.com",
            "http://abc.com:a/foo",
            "http://user@example.com",
            "https://",
            "https://[not-ipv6]",
            "example.com",
            "https://exa mple.com",
        ] {
            assert_eq!(parse_url(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn host_labels_follow_rfc_1123() {
        for valid in ["a", "connect", "us-east-1", "0abc", &"a".repeat(63)] {
            assert!(is_valid_host_label(valid, false), "{valid}");
        }
        for invalid in ["", "-a", "a-", "a.b", "a_b", "ü", &"a".repeat(64)] {
            assert!(!is_valid_host_label(invalid, false), "{invalid}");
        }
        assert!(is_valid_host_label("a.b-c.d", true));
        for invalid in ["a..b", ".a", "a.", "a.-b"] {
            assert!(!is_valid_host_label(invalid, true), "{invalid}");
        }
    }

    #[test]
    fn s3_buckets_in_host_names() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket-1", false));
        assert!(is_virtual_hostable_s3_bucket("abc.dotted.bucket", true));
        // Each label is held to the bucket rules, length included.
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", true));
        for invalid in ["ab", "My-Bucket", "bucket-", "a.bucket", "my_bucket"] {
            assert!(!is_virtual_hostable_s3_bucket(invalid, false), "{invalid}");
        }
        assert!(!is_virtual_hostable_s3_bucket("abc.dotted.bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.100.100", true));
    }

    #[test]
    fn substring_counts_from_either_end_and_refuses_what_does_not_fit() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 7, true), Some("abcdef"));
        assert_eq!(substring("abc", 0, 3, false), Some("abc"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", -1, 2, false), None);
        assert_eq!(substring("a🦀cd", 0, 1, false), None);
    }

    #[test]
    fn uri_encode_keeps_only_unreserved_characters() {
        assert_eq!(
            uri_encode("a-_.~ /:,?#[]{}|@! $&'()*+;=%<>\"^`\\é"),
            "a-_.~%20%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C%C3%A9"
        );
    }

    #[test]
    fn arns_split_into_their_parts() {
        let arn =
            parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").unwrap();
        assert_eq!(
            get_attr(&arn, "resourceId[1]").unwrap(),
            Some(&Value::from("vpc-0e9801d129EXAMPLE"))
        );
        assert_eq!(
            get_attr(&arn, "service").unwrap(),
            Some(&Value::from("ec2"))
        );
        let iam = parse_arn("arn:aws:iam::012345678910:user/johndoe").unwrap();
        assert_eq!(get_attr(&iam, "region").unwrap(), Some(&Value::from("")));
        let s3 = parse_arn("arn:aws:s3:::bucket_name").unwrap();
        assert_eq!(
            get_attr(&s3, "resourceId").unwrap(),
            Some(&Value::Array(vec![Value::from("bucket_name")]))
        );
        let sns = parse_arn("arn:aws:sns:us-west-2:012345678910:topic:extra").unwrap();
        assert_eq!(
            get_attr(&sns, "resourceId").unwrap(),
            Some(&Value::Array(vec![
                Value::from("topic"),
                Value::from("extra")
            ]))
        );
        for invalid in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3:::",
            "arn::s3:::bucket",
            "arn:aws::::bucket",
            "arn:aws:s3",
            "urn:aws:s3:::bucket",
        ] {
            assert_eq!(parse_arn(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn get_attr_reads_keys_and_indexes_and_gives_nothing_for_missing_paths() {
        let value = Value::Record(SortedMap::from([
            ("name".to_owned(), Value::from("aws")),
            (
                "resourceId".to_owned(),
                Value::Array(vec![Value::from("vpc"), Value::from("vpc-1")]),
            ),
            (
                "nested".to_owned(),
                Value::Record(SortedMap::from([(
                    "list".to_owned(),
                    Value::Array(vec![Value::from(true)]),
                )])),
            ),
        ]));
        assert_eq!(get_attr(&value, "name"), Ok(Some(&Value::from("aws"))));
        assert_eq!(
            get_attr(&value, "resourceId[1]"),
            Ok(Some(&Value::from("vpc-1")))
        );
        assert_eq!(
            get_attr(&value, "nested.list[0]"),
            Ok(Some(&Value::from(true)))
        );
        for missing in [
            "absent",
            "resourceId[2]",
            "name.deeper",
            "name[0]",
            "absent.x[3]",
        ] {
            assert_eq!(get_attr(&value, missing), Ok(None), "{missing}");
        }
        let list = Value::Array(vec![Value::from("first")]);
        assert_eq!(get_attr(&list, "[0]"), Ok(Some(&Value::from("first"))));
        for malformed in ["", "a..b", "list[x]", "list[1", "list[-1]"] {
            assert!(get_attr(&value, malformed).is_err(), "{malformed}");
        }
    }
}
