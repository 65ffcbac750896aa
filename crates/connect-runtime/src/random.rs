//! Random values from the operating system's generator: retry jitter and UUIDs (idempotency
//! tokens, temporary file names).
//!
//! A UUID v4 is 122 random bits with the version and variant bits set (RFC 9562, section 5.4);
//! writing one takes a few lines over `getrandom`, which the TLS stack already builds, where
//! the `uuid` crate and its own `getrandom` release cost the one-operation build a second.

use crate::hex::lower_hex;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A random number in `[0, 1)`.
pub(crate) fn jitter() -> f64 {
    // The top 53 bits make an evenly spread double in [0, 1).
    (u64::from_le_bytes(bytes()) >> 11) as f64 / (1u64 << 53) as f64
}

/// A random UUID v4 in its hyphenated form, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
pub(crate) fn uuid_v4() -> String {
    let mut uuid: [u8; 16] = bytes();
    uuid[6] = (uuid[6] & 0x0f) | 0x40;
    uuid[8] = (uuid[8] & 0x3f) | 0x80;
    let hex = lower_hex(&uuid);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `N` bytes from the operating system's generator. Should it fail (no `getrandom` system
/// call, an exhausted sandbox), the bytes come from std's hasher keys, which are random per
/// process, mixed with the time and a counter: still distinct from call to call, which is
/// what tokens and file names need, where the `uuid` crate would panic.
fn bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if getrandom::getrandom(&mut bytes).is_err() {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        for chunk in bytes.chunks_mut(8) {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_u128(nanos);
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            chunk.copy_from_slice(&hasher.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        let samples: Vec<f64> = (0..1_000).map(|_| jitter()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        // 1,000 draws from the OS generator are not all in one half.
        assert!(samples.iter().any(|x| *x < 0.5) && samples.iter().any(|x| *x >= 0.5));
    }

    #[test]
    fn uuids_are_version_4_as_the_uuid_crate_reads_them() {
        let mut seen = HashSet::new();
        for _ in 0..1_000 {
            let text = uuid_v4();
            let parsed = uuid::Uuid::parse_str(&text).unwrap();
            assert_eq!(parsed.get_version(), Some(uuid::Version::Random));
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
            // The hyphenated lower-case form, as `Uuid::to_string` writes it.
            assert_eq!(parsed.to_string(), text);
            assert!(seen.insert(text));
        }
    }
}
