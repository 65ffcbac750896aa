//! Request bodies of the awsQuery protocol: `Action=<Operation>&Version=<API version>`, then
//! every member that is set as `key=value`, form-encoded.
//!
//! Keys are paths: a structure's members under its key (`Parent.Member`), list items under
//! `List.member.N` (`List.N` when `@xmlFlattened`; `member` is the list member's `@xmlName`
//! if it has one), map entries under `Map.entry.N.key` and `Map.entry.N.value`, N counting
//! from 1. An empty list is sent as `List=`. Generated code builds the keys with [`key`] and
//! writes values through [`ToQuery`]; the values' text is written here once: booleans
//! `true`/`false`, floats with `NaN`/`Infinity`/`-Infinity`, blobs base64, timestamps ISO 8601
//! date-times unless `@timestampFormat` says otherwise.

use crate::encoding::label::UNRESERVED;
use crate::encoding::timestamp::{to_text, DateTime, TimestampFormat};
use crate::encoding::FloatText;
use crate::error::BuildError;
use aws_smithy_types::{BigDecimal, BigInteger, Blob};
use percent_encoding::utf8_percent_encode;

/// The `Content-Type` of awsQuery requests.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// An awsQuery request body being written.
#[derive(Debug)]
pub struct FormWriter {
    body: String,
}

impl FormWriter {
    /// A body for operation `action` of the API version `version`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = Self {
            body: String::with_capacity(128),
        };
        writer.push("Action", action);
        writer.push("Version", version);
        writer
    }

    /// Appends `key=value`, both form-encoded: everything but RFC 3986's unreserved
    /// characters is percent-encoded (a space as `%20`, which form decoders read as `+`).
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.extend(utf8_percent_encode(key, UNRESERVED));
        self.body.push('=');
        self.body.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Appends a timestamp in `format` (a member's `@timestampFormat`; date-time otherwise);
    /// `member` names the input member it belongs to when it cannot be written.
    pub fn timestamp(
        &mut self,
        member: &'static str,
        key: &str,
        value: &DateTime,
        format: TimestampFormat,
    ) -> Result<(), BuildError> {
        let text = to_text(member, value, format)?;
        self.push(key, &text);
        Ok(())
    }

    /// The body's bytes.
    pub fn into_body(self) -> Vec<u8> {
        self.body.into_bytes()
    }
}

/// The key of member `name` of a structure written under `prefix` (empty for an operation's
/// input itself).
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Writes a value into an awsQuery body under a key.
pub trait ToQuery {
    /// Appends `self` under `key`: a scalar as one `key=value`, a structure as its members
    /// under `key.Member`. Fails only for a value that has no text (a timestamp out of the
    /// format's range), naming the input member `member` it belongs to.
    fn write_query(
        &self,
        out: &mut FormWriter,
        member: &'static str,
        key: &str,
    ) -> Result<(), BuildError>;
}

impl ToQuery for String {
    fn write_query(
        &self,
        out: &mut FormWriter,
        _: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.push(key, self);
        Ok(())
    }
}

impl ToQuery for bool {
    fn write_query(
        &self,
        out: &mut FormWriter,
        _: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.push(key, if *self { "true" } else { "false" });
        Ok(())
    }
}

macro_rules! display_to_query {
    ($($ty:ty),*) => {$(
        impl ToQuery for $ty {
            fn write_query(&self, out: &mut FormWriter, _: &'static str, key: &str) -> Result<(), BuildError> {
                out.push(key, &self.to_string());
                Ok(())
            }
        }
    )*};
}
display_to_query!(i8, i16, i32, i64);

macro_rules! float_to_query {
    ($($ty:ty),*) => {$(
        impl ToQuery for $ty {
            fn write_query(&self, out: &mut FormWriter, _: &'static str, key: &str) -> Result<(), BuildError> {
                out.push(key, &self.float_text());
                Ok(())
            }
        }
    )*};
}
float_to_query!(f32, f64);

impl ToQuery for Blob {
    fn write_query(
        &self,
        out: &mut FormWriter,
        _: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.push(key, &aws_smithy_types::base64::encode(self.as_ref()));
        Ok(())
    }
}

impl ToQuery for DateTime {
    fn write_query(
        &self,
        out: &mut FormWriter,
        member: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.timestamp(member, key, self, TimestampFormat::DateTime)
    }
}

impl ToQuery for BigInteger {
    fn write_query(
        &self,
        out: &mut FormWriter,
        _: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.push(key, self.as_ref());
        Ok(())
    }
}

impl ToQuery for BigDecimal {
    fn write_query(
        &self,
        out: &mut FormWriter,
        _: &'static str,
        key: &str,
    ) -> Result<(), BuildError> {
        out.push(key, self.as_ref());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn body(write: impl FnOnce(&mut FormWriter) -> Result<(), BuildError>) -> String {
        let mut out = FormWriter::new("Op", "2011-06-15");
        write(&mut out).unwrap();
        String::from_utf8(out.into_body()).unwrap()
    }

    #[test]
    fn action_and_version_come_first_and_values_are_encoded() {
        assert_eq!(body(|_| Ok(())), "Action=Op&Version=2011-06-15");
        let text = body(|out| {
            "a b&c=d/é+~"
                .to_owned()
                .write_query(out, "S", &key("", "S"))?;
            true.write_query(out, "B", "Nested.B")
        });
        assert_eq!(
            text,
            "Action=Op&Version=2011-06-15&S=a%20b%26c%3Dd%2F%C3%A9%2B~&Nested.B=true"
        );
        assert_eq!(key("", "A"), "A");
        assert_eq!(key("A.member.1", "B"), "A.member.1.B");
    }

    #[test]
    fn scalars_have_the_protocols_text() {
        let text = body(|out| {
            (-3i32).write_query(out, "I", "I")?;
            f64::NAN.write_query(out, "F", "F")?;
            f32::NEG_INFINITY.write_query(out, "G", "G")?;
            1.5f64.write_query(out, "H", "H")?;
            Blob::new(b"hi".to_vec()).write_query(out, "Blob", "Blob")?;
            DateTime::from_secs(1_576_540_098).write_query(out, "T", "T")?;
            out.timestamp(
                "E",
                "E",
                &DateTime::from_secs(1_576_540_098),
                TimestampFormat::EpochSeconds,
            )?;
            BigInteger::from_str("123456789012345678901234567890")
                .unwrap()
                .write_query(out, "N", "N")
        });
        assert_eq!(
            text,
            "Action=Op&Version=2011-06-15&I=-3&F=NaN&G=-Infinity&H=1.5&Blob=aGk%3D\
             &T=2019-12-16T23%3A48%3A18Z&E=1576540098&N=123456789012345678901234567890"
        );
    }

    #[test]
    fn a_timestamp_without_text_names_its_member() {
        let mut out = FormWriter::new("Op", "v");
        let error = DateTime::from_secs(i64::MAX)
            .write_query(&mut out, "Start", "Start")
            .unwrap_err();
        assert!(
            matches!(
                &error,
                BuildError::InvalidMember {
                    member: "Start",
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
