//! Tests of the `connect` command-line tool live in `tests/`; this crate has no code of its own.
