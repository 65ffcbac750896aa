//! Tests of the generated SDK live in `tests/`: `wire.rs` (the request each input becomes and how
//! answers are read, without a network) and `local_server.rs` (real calls to a local server that
//! checks SigV4 on its own).
