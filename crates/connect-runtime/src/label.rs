//! URI label encoding (`@httpLabel`).

use crate::error::BuildError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is encoded, so that no value can add a
/// segment, a query or a fragment to the path (also the `uriEncode` of endpoint rules).
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends the label `value` of `member` to `path`, percent-encoded.
///
/// Empty values and the dot segments `.` and `..` are refused: HTTP stacks (and the signer)
/// normalize dot segments away, in plain or encoded form, so such a value would reach another
/// resource than the one named.
pub fn push(path: &mut String, member: &'static str, value: &str) -> Result<(), BuildError> {
    let reason = match value {
        "" => "the value is empty",
        "." | ".." => "`.` and `..` are removed from URI paths by HTTP clients and servers",
        _ => {
            path.extend(utf8_percent_encode(value, UNRESERVED));
            return Ok(());
        }
    };
    Err(BuildError::InvalidLabel { member, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smithy_test_vector() {
        let mut path = String::from("/");
        push(&mut path, "Label", " %:/?#[]@!$&'()*+,;=😹").unwrap();
        assert_eq!(
            path,
            "/%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
        );
    }

    #[test]
    fn unreserved_characters_stay() {
        let mut path = String::new();
        push(&mut path, "Label", "AZaz09-_.~").unwrap();
        assert_eq!(path, "AZaz09-_.~");
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for value in ["", ".", ".."] {
            let error = push(&mut String::new(), "WorkspaceId", value).unwrap_err();
            assert!(error
                .to_string()
                .starts_with("`WorkspaceId` cannot be sent"));
        }
        let mut path = String::new();
        push(&mut path, "Label", "...").unwrap();
        assert_eq!(path, "...");
    }
}
