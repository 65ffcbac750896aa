//! The resolved index over a model, service- and protocol-neutral: what each operation
//! reaches, where each type lives, and what the model's names become in Rust.

mod index;
pub mod naming;

pub use index::{Home, Index};
