//! What the fuzz targets share: the answer readers of every operation of every service, and
//! reading an input under a bound on the memory it may hold.
//!
//! libFuzzer's `-malloc_limit_mb` needs a sanitizer's allocation hooks, which a stable build
//! (`-s none`) does not have; this allocator counts instead, so that an input which makes a
//! reader hold more than a fixed allowance plus a multiple of its size is a crash.

use connect_answers_support::Answers;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::LazyLock;

/// Every operation of Amazon Connect and of the 11 other services of its family, in one list.
pub static OPERATIONS: LazyLock<Vec<&'static Answers>> = LazyLock::new(|| {
    [
        connect_answers::OPERATIONS,
        appintegrations_answers::OPERATIONS,
        connect_contact_lens_answers::OPERATIONS,
        connectcampaigns_answers::OPERATIONS,
        connectcampaignsv2_answers::OPERATIONS,
        connectcases_answers::OPERATIONS,
        connecthealth_answers::OPERATIONS,
        connectparticipant_answers::OPERATIONS,
        customer_profiles_answers::OPERATIONS,
        qconnect_answers::OPERATIONS,
        voice_id_answers::OPERATIONS,
        wisdom_answers::OPERATIONS,
    ]
    .into_iter()
    .flatten()
    .collect()
});

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

fn grow(size: usize) {
    let now = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting touches atomics
// only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        grow(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes reading an input of `size` bytes may hold at once, as in the property tests
/// (`connect-tests/tests/answers.rs`).
pub fn allocation_bound(size: usize) -> usize {
    256 * 1024 + 64 * size
}

/// Runs `read` on an input of `size` bytes, and panics (a crash, for libFuzzer) if it held
/// more than [`allocation_bound`] at once.
pub fn within_bounds<T>(size: usize, read: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let value = read();
    let held = PEAK.load(Relaxed).saturating_sub(before);
    let bound = allocation_bound(size);
    assert!(
        held <= bound,
        "held {held} bytes for a {size}-byte input (bound {bound})"
    );
    value
}

/// `base` with part of it replaced by fuzzer bytes, so that inputs keep most of a valid
/// document's structure: `edit`'s first two bytes choose where (modulo the length), the third
/// how many bytes of `base` are removed there, the rest is inserted.
pub fn splice(base: &[u8], edit: &[u8]) -> Vec<u8> {
    let (at, removed, inserted) = match edit {
        [low, high, removed, inserted @ ..] => (
            usize::from(u16::from_le_bytes([*low, *high])) % (base.len() + 1),
            usize::from(*removed),
            inserted,
        ),
        _ => (base.len(), 0, edit),
    };
    let end = (at + removed).min(base.len());
    let mut out = Vec::with_capacity(base.len() + inserted.len());
    out.extend_from_slice(&base[..at]);
    out.extend_from_slice(inserted);
    out.extend_from_slice(&base[end..]);
    out
}
