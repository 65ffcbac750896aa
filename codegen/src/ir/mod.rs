//! The resolved index over a model, service- and protocol-neutral: the service's identity,
//! what each operation reaches, where each type lives, what each shape becomes in Rust, and
//! each operation resolved once ([`OperationIr`]) for every emitter to read.

mod index;
pub mod naming;
mod operation;
pub mod service;
mod types;

pub use index::{BrokenPattern, Home, Index};
pub use operation::{Auth, OperationIr, OperationNames, Pagination, Step};
pub use service::Identity;
pub use types::RustType;
