//! Examples of the SDKs, in `examples/`:
//!
//! - `local_demo`: calls Amazon Connect's DisassociateWorkspace against a local server on
//!   127.0.0.1 that checks the SigV4 signature and answers as the documentation shows;
//! - `disassociate_workspace`: the same call against real Amazon Connect, with credentials and
//!   region from the environment;
//! - one per service of the Connect family (`cargo run -p connect-examples --example
//!   connectcases`, ...), each a call of [`family`] against a local server of its own.

pub mod family;
pub mod local;
