//! Answers of every operation of every service (`connect_fuzz::OPERATIONS`): bytes 0-1 choose
//! the operation, byte 2 the status (mostly 2xx, so that output readers get most inputs) and
//! whether the rest is the body as it is or an edit of the operation's sample answer
//! (`connect_fuzz::splice`).
#![no_main]

use connect_fuzz::OPERATIONS;
use connect_runtime::{Body, HttpResponse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [low, high, choice, rest @ ..] = data else {
        return;
    };
    let answers = OPERATIONS[usize::from(u16::from_le_bytes([*low, *high])) % OPERATIONS.len()];
    let status = match choice >> 1 {
        0..=95 => 200,
        96..=111 => 204,
        other => 300 + u16::from(other),
    };
    let body = if choice & 1 == 0 {
        rest.to_vec()
    } else {
        let sample = answers.samples.first().copied().unwrap_or("{}");
        connect_fuzz::splice(sample.as_bytes(), rest)
    };
    let response = HttpResponse {
        status,
        headers: vec![("x-amzn-requestid".into(), "fuzz".into())],
        body: Body::Bytes(body),
    };
    connect_fuzz::within_bounds(response.body.bytes().len(), || (answers.read)(response));
});
