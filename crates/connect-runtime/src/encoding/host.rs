//! Host prefixes (`@endpoint` with `@hostLabel` members): the labels a member's value puts in
//! front of the endpoint's host must be valid host labels, or the request would go elsewhere.

use super::{EncodeError, Place};

/// Appends `value`, member `member` bound by `@hostLabel`, to the host prefix being built in
/// `prefix`, if it is made of valid host labels (RFC 1123: letters, digits and `-`, 1 to 63
/// characters, not starting or ending with `-`; several labels separated by `.`).
pub fn push_label(
    prefix: &mut String,
    member: &'static str,
    value: &str,
) -> Result<(), EncodeError> {
    let valid = !value.is_empty() && value.split('.').all(is_host_label);
    if !valid {
        return Err(EncodeError {
            member,
            place: Place::Host,
            reason: format!("{value:?} is not a valid host label"),
        });
    }
    prefix.push_str(value);
    Ok(())
}

fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_labels_are_appended() {
        let mut prefix = String::from("foo.");
        push_label(&mut prefix, "Label", "bar-1").unwrap();
        assert_eq!(prefix, "foo.bar-1");
        push_label(&mut prefix, "Label", "a.b").unwrap();
    }

    #[test]
    fn values_that_would_change_the_host_are_refused() {
        for value in [
            "",
            "a/b",
            "evil.com:80",
            "-a",
            "a-",
            "a..b",
            "ü",
            &"x".repeat(64),
        ] {
            let error = push_label(&mut String::new(), "Label", value).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("`Label` cannot be sent in the host name"),
                "{value:?}: {error}"
            );
        }
    }
}
