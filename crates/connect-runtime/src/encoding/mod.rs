//! How values are written into the parts of a request that are not the body: URI labels, query
//! strings, headers and host prefixes. Each encoder reports a value it cannot write as an
//! [`EncodeError`] naming the member.

pub mod header;
pub mod host;
pub mod label;
pub mod query;
pub mod timestamp;

use std::fmt;

/// An integer of any width written as decimal text (an optional sign, then digits), or `None`
/// when the text is not one or the value does not fit. Read as `i64` and narrowed, so that one
/// integer parser is compiled rather than one per width.
pub(crate) fn integer<T: TryFrom<i64>>(text: &str) -> Option<T> {
    text.parse::<i64>()
        .ok()
        .and_then(|value| T::try_from(value).ok())
}

/// A floating-point number as text in a URI, query or header: JSON's spellings of the values
/// that are not numbers (`NaN`, `Infinity`, `-Infinity`), else the shortest form that reads
/// back to the same number of its type.
pub trait FloatText {
    /// The text.
    fn float_text(&self) -> String;
}

macro_rules! float_text {
    ($($ty:ty),*) => {$(
        impl FloatText for $ty {
            fn float_text(&self) -> String {
                if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.into()
                } else {
                    self.to_string()
                }
            }
        }
    )*};
}
float_text!(f32, f64);

/// A blob, or a `@mediaType` string, as text in a header: base64.
pub fn base64_text(value: impl AsRef<[u8]>) -> String {
    aws_smithy_types::base64::encode(value)
}

/// A member's value that cannot be written where the protocol binds it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodeError {
    /// The member's name in the model.
    pub member: &'static str,
    /// Where the value was to go.
    pub place: Place,
    /// Why the value was refused.
    pub reason: String,
}

/// The part of a request a member is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A URI path label.
    Label,
    /// A label of the host prefix.
    Host,
    /// A query parameter or a header.
    Value,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match self.place {
            Place::Label => " in the URI path",
            Place::Host => " in the host name",
            Place::Value => "",
        };
        write!(
            f,
            "`{}` cannot be sent{place}: {}",
            self.member, self.reason
        )
    }
}

impl std::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_spell_what_is_not_a_number() {
        assert_eq!(f64::NAN.float_text(), "NaN");
        assert_eq!(f32::INFINITY.float_text(), "Infinity");
        assert_eq!(f64::NEG_INFINITY.float_text(), "-Infinity");
        assert_eq!(1.1f64.float_text(), "1.1");
        assert_eq!(1.1f32.float_text(), "1.1");
        assert_eq!(base64_text("{}"), "e30=");
    }
}
