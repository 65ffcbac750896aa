//! Bytes as lower-case hexadecimal text: UUIDs, and the SHA-1 names of the SSO token cache.

use std::fmt::Write;

/// Two lower-case hexadecimal digits per byte.
pub(crate) fn lower_hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a `String` cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}
