//! Rust tokens for the generated crates, from the index and the protocol's bindings.

pub mod answers;
pub mod boto3;
pub mod cli;
pub mod crates;
pub mod endpoints;
pub mod operation;
pub mod paginator;
pub mod samples;
pub mod shapes;
pub mod validate;
