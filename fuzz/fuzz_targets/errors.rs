//! Error answers of every operation of every service (`connect_fuzz::OPERATIONS`): bytes 0-1
//! choose the operation, byte 2 which of its modeled errors is sent, how its code travels
//! (`X-Amzn-ErrorType`, decorated or not, or only in the body) and whether the rest is the body
//! as it is or an edit of the error's sample body.
#![no_main]

use connect_fuzz::OPERATIONS;
use connect_runtime::{Body, HttpResponse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [low, high, choice, rest @ ..] = data else {
        return;
    };
    let answers = OPERATIONS[usize::from(u16::from_le_bytes([*low, *high])) % OPERATIONS.len()];
    let mut headers = vec![("x-amzn-requestid".to_owned(), "fuzz".to_owned())];
    let mut status = 400;
    let mut body = rest.to_vec();
    if let Some(error) = answers
        .errors
        .get(usize::from(choice / 8) % answers.errors.len().max(1))
    {
        status = error.status;
        match choice % 4 {
            0 => headers.push(("x-amzn-errortype".into(), error.code.into())),
            1 => headers.push((
                "x-amzn-errortype".into(),
                format!("aws.{}#{}:http://internal/", answers.service, error.code),
            )),
            2 => status = 500,
            _ => {}
        }
        if choice % 8 >= 4 {
            // The code in the body, where a header does not give it.
            let sample =
                error
                    .sample
                    .replacen('{', &format!("{{\"__type\":\"{}\",", error.code), 1);
            body = connect_fuzz::splice(sample.as_bytes(), rest);
        }
    }
    let response = HttpResponse {
        status,
        headers,
        body: Body::Bytes(body),
    };
    connect_fuzz::within_bounds(response.body.bytes().len(), || (answers.read)(response));
});
