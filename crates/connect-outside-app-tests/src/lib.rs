//! Tests that build an application outside this workspace against the SDK, as its users
//! depend on it: by path, and as a git dependency of a repository holding the working tree's
//! files (`tests/outside_app.rs`; the application is `app/main.rs`). They run cargo, so they
//! are ignored by default; `cargo xtask test` runs them once the workspace's tests are done.
