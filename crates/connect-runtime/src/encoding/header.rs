//! Header values (`@httpHeader`, `@httpPrefixHeaders`): lists joined and split as Smithy's HTTP
//! bindings say, a list item quoted when it holds a comma or a double quote; values of an
//! answer's headers read into the member's type.

use super::timestamp::{from_text, DateTime, TimestampFormat};
use crate::json::JsonError;
use aws_smithy_types::{BigDecimal, BigInteger, Blob};

/// A value that can be read from a header's text.
pub trait FromHeader: Sized {
    /// The value `text` holds, or why it holds none.
    fn from_header(text: &str) -> Result<Self, String>;
}

impl FromHeader for String {
    fn from_header(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl FromHeader for bool {
    fn from_header(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("{text:?} is not a boolean")),
        }
    }
}

macro_rules! integer_header {
    ($($ty:ty),*) => {$(
        impl FromHeader for $ty {
            fn from_header(text: &str) -> Result<Self, String> {
                crate::encoding::integer(text)
                    .ok_or_else(|| format!("{text:?} is not a {}", stringify!($ty)))
            }
        }
    )*};
}
integer_header!(i8, i16, i32, i64);

macro_rules! parsed_header {
    ($($ty:ty),*) => {$(
        impl FromHeader for $ty {
            fn from_header(text: &str) -> Result<Self, String> {
                text.parse()
                    .map_err(|_| format!("{text:?} is not a {}", stringify!($ty)))
            }
        }
    )*};
}
parsed_header!(BigInteger, BigDecimal);

macro_rules! float_header {
    ($($ty:ty),*) => {$(
        impl FromHeader for $ty {
            fn from_header(text: &str) -> Result<Self, String> {
                match text {
                    "NaN" => Ok(<$ty>::NAN),
                    "Infinity" => Ok(<$ty>::INFINITY),
                    "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                    _ => text
                        .parse()
                        .map_err(|_| format!("{text:?} is not a {}", stringify!($ty))),
                }
            }
        }
    )*};
}
float_header!(f32, f64);

/// Blobs travel in headers as base64.
impl FromHeader for Blob {
    fn from_header(text: &str) -> Result<Self, String> {
        aws_smithy_types::base64::decode(text)
            .map(Blob::new)
            .map_err(|error| format!("not valid base64: {error}"))
    }
}

/// Header `name` (its `value`, if the answer has it) read as a `T`.
pub fn value<T: FromHeader>(name: &str, value: Option<&str>) -> Result<Option<T>, JsonError> {
    value
        .map(|text| T::from_header(text.trim()).map_err(|problem| at(name, problem)))
        .transpose()
}

/// Header `name` read as a list of `T`.
pub fn list<T: FromHeader>(name: &str, value: Option<&str>) -> Result<Option<Vec<T>>, JsonError> {
    let Some(text) = value else {
        return Ok(None);
    };
    split(text)
        .map_err(|problem| at(name, problem))?
        .iter()
        .map(|item| T::from_header(item).map_err(|problem| at(name, problem)))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Header `name` read as a timestamp in `format`.
pub fn timestamp(
    name: &str,
    value: Option<&str>,
    format: TimestampFormat,
) -> Result<Option<DateTime>, JsonError> {
    value
        .map(|text| {
            from_text(text.trim(), format)
                .map_err(|error| at(name, format!("{text:?} is not a timestamp: {error}")))
        })
        .transpose()
}

/// Header `name` read as a list of timestamps in `format`.
pub fn timestamp_list(
    name: &str,
    value: Option<&str>,
    format: TimestampFormat,
) -> Result<Option<Vec<DateTime>>, JsonError> {
    let Some(text) = value else {
        return Ok(None);
    };
    let items = match format {
        TimestampFormat::HttpDate => split_http_dates(text),
        _ => split(text),
    }
    .map_err(|problem| at(name, problem))?;
    items
        .iter()
        .map(|item| {
            from_text(item, format)
                .map_err(|error| at(name, format!("{item:?} is not a timestamp: {error}")))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Header `name` as a `@mediaType` string, which travels in base64.
pub fn media_type_string(name: &str, value: Option<&str>) -> Result<Option<String>, JsonError> {
    let Some(bytes) = self::value::<Blob>(name, value)? else {
        return Ok(None);
    };
    String::from_utf8(bytes.into_inner())
        .map(Some)
        .map_err(|_| at(name, "the decoded value is not UTF-8".into()))
}

/// A problem with header `name`'s value.
pub(crate) fn at(name: &str, problem: String) -> JsonError {
    JsonError::new(format!("header `{name}`: {problem}"))
}

/// The header value of a list of items, `a, b, c`; an item holding `,` or `"` is quoted, with
/// `"` and `\` escaped inside. `quote` is false for HTTP dates, whose comma is part of them.
pub fn join<'a>(items: impl IntoIterator<Item = &'a str>, quote: bool) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        if quote && item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if matches!(c, '"' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// The items of a list header value: split at commas outside double quotes, each trimmed and
/// unquoted. An unterminated quote is an error.
pub fn split(value: &str) -> Result<Vec<String>, String> {
    let mut items = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('\\') => item.extend(chars.next()),
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err(format!("unterminated quote in header value {value:?}")),
                }
            }
            while chars.next_if(|c| *c != ',').is_some() {}
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                item.push(c);
            }
            item.truncate(item.trim_end().len());
        }
        items.push(item);
        if chars.next().is_none() {
            return Ok(items);
        }
    }
}

/// The HTTP dates of a list header value: `Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...` holds one
/// comma inside each date, so items are pairs of comma-separated parts.
pub fn split_http_dates(value: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if parts.len() % 2 != 0 {
        return Err(format!("{value:?} is not a list of HTTP dates"));
    }
    Ok(parts
        .chunks(2)
        .map(|pair| format!("{}, {}", pair[0], pair[1]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_into_their_types() {
        assert_eq!(value::<i32>("x", Some(" 7 ")).unwrap(), Some(7));
        assert_eq!(value::<bool>("x", None).unwrap(), None);
        assert!(value::<f64>("x", Some("NaN")).unwrap().unwrap().is_nan());
        let error = value::<i32>("x-count", Some("seven")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "header `x-count`: \"seven\" is not a i32 at $"
        );
        assert_eq!(
            list::<String>("x", Some(r#"a, "b,c""#)).unwrap(),
            Some(vec!["a".to_owned(), "b,c".to_owned()])
        );
        let dates = timestamp_list(
            "x",
            Some("Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"),
            TimestampFormat::HttpDate,
        )
        .unwrap()
        .unwrap();
        assert_eq!(dates.len(), 2);
        let offset = timestamp(
            "x",
            Some("2019-12-16T22:48:18-01:00"),
            TimestampFormat::DateTime,
        );
        assert_eq!(offset.unwrap(), Some(dates[0]));
        assert_eq!(
            media_type_string("x", Some("dHJ1ZQ==")).unwrap(),
            Some("true".to_owned())
        );
    }

    #[test]
    fn items_with_commas_or_quotes_are_quoted() {
        assert_eq!(join(["a", "b", "c"], true), "a, b, c");
        assert_eq!(
            join(["b,c", "\"quoted\"", "back\\slash"], true),
            r#""b,c", "\"quoted\"", back\slash"#
        );
        assert_eq!(
            join(["Mon, 16 Dec 2019 23:48:18 GMT"], false),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
    }

    #[test]
    fn lists_split_back_into_their_items() {
        assert_eq!(split("a, b,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            split(r#""b,c", "\"quoted\"", plain "#).unwrap(),
            ["b,c", "\"quoted\"", "plain"]
        );
        assert_eq!(split("").unwrap(), [""]);
        assert!(split(r#""open"#).is_err());
        assert_eq!(
            split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT")
                .unwrap(),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 23:48:18 GMT"
            ]
        );
        assert!(split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Tue").is_err());
    }
}
