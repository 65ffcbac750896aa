//! URI label encoding (`@httpLabel`).

use super::{EncodeError, Place};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is encoded, so that no value can add a
/// segment, a query or a fragment to the path (also the `uriEncode` of endpoint rules).
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What a greedy label (`{Key+}`) leaves as it is: its `/` separate segments.
const GREEDY: &AsciiSet = &UNRESERVED.remove(b'/');

/// Appends the label `value` of `member` to `path`, percent-encoded.
///
/// Empty values and the dot segments `.` and `..` are refused: HTTP stacks (and the signer)
/// normalize dot segments away, in plain or encoded form, so such a value would reach another
/// resource than the one named.
pub fn push(path: &mut String, member: &'static str, value: &str) -> Result<(), EncodeError> {
    match value {
        "" => Err(refused(member, "the value is empty")),
        "." | ".." => Err(refused(member, DOT_SEGMENTS)),
        _ => {
            path.extend(utf8_percent_encode(value, UNRESERVED));
            Ok(())
        }
    }
}

/// Appends the greedy label `value` of `member` to `path`: each `/`-separated segment is
/// percent-encoded, the slashes stay. A value with an empty segment (a leading, trailing or
/// doubled `/`) or a dot segment is refused: the signer and servers normalize such paths, so the
/// request would be signed for, or reach, another path.
pub fn push_greedy(
    path: &mut String,
    member: &'static str,
    value: &str,
) -> Result<(), EncodeError> {
    if value.is_empty() {
        return Err(refused(member, "the value is empty"));
    }
    for segment in value.split('/') {
        match segment {
            "" => return Err(refused(member, "a segment between `/` is empty")),
            "." | ".." => return Err(refused(member, DOT_SEGMENTS)),
            _ => {}
        }
    }
    path.extend(utf8_percent_encode(value, GREEDY));
    Ok(())
}

const DOT_SEGMENTS: &str = "`.` and `..` are removed from URI paths by HTTP clients and servers";

fn refused(member: &'static str, reason: &str) -> EncodeError {
    EncodeError {
        member,
        place: Place::Label,
        reason: reason.to_owned(),
    }
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
                .starts_with("`WorkspaceId` cannot be sent in the URI path"));
        }
        let mut path = String::new();
        push(&mut path, "Label", "...").unwrap();
        assert_eq!(path, "...");
    }

    #[test]
    fn greedy_labels_keep_their_slashes() {
        let mut path = String::from("/objects/");
        push_greedy(&mut path, "Key", "a/b c/ü%").unwrap();
        assert_eq!(path, "/objects/a/b%20c/%C3%BC%25");
        for value in ["", "a/../b", "./a", "a/.", "/leading", "trailing/", "a//b"] {
            assert!(
                push_greedy(&mut String::new(), "Key", value).is_err(),
                "{value:?}"
            );
        }
    }
}
