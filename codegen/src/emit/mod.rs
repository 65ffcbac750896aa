//! Rust tokens for the generated crates, from the index, each operation's IR and the
//! protocol's bindings, all computed once into a [`Plan`] that every emitter reads.

pub mod answers;
pub mod boto3;
pub mod cases;
pub mod cli;
pub mod crates;
pub mod endpoints;
mod json;
mod layout;
pub mod operation;
pub mod paginator;
pub mod paths;
mod query;
mod region_regex;
mod request;
mod response;
pub mod samples;
pub mod schema;
pub mod shapes;
pub mod unicode_tables;
pub mod validate;
mod xml;

pub use layout::Layout;

use crate::ir::{Index, OperationIr};
use crate::protocol::{Bindings, Protocol};
use crate::{GenerateError, Publish};

/// Everything the emitters read: the index, the protocol, where the crates go, and every
/// generated operation resolved with its bindings.
pub struct Plan<'m> {
    /// The index over the model.
    pub index: Index<'m>,
    /// The service's protocol.
    pub protocol: Protocol,
    /// Where the service's crates go.
    pub layout: Layout,
    /// The operations generated, sorted by name.
    pub operations: Vec<(OperationIr<'m>, Bindings<'m>)>,
    /// The first lines of every generated file.
    pub header: String,
    /// How the service's crates are published (`None`: `publish = false`).
    pub publish: Option<Publish>,
}

impl<'m> Plan<'m> {
    /// The plan for `operations` (names as in the model) of `index`'s service.
    pub fn new(
        index: Index<'m>,
        layout: Layout,
        operations: &[String],
        header: String,
    ) -> Result<Self, GenerateError> {
        let protocol = Protocol::of(&index)?;
        let mut names: Vec<&String> = operations.iter().collect();
        names.sort();
        names.dedup();
        let mut resolved = Vec::new();
        for name in names {
            let operation = index.operation_ir(name)?;
            let bindings = protocol.bindings(&index, index.identity(), &operation)?;
            resolved.push((operation, bindings));
        }
        Ok(Self {
            index,
            protocol,
            layout,
            operations: resolved,
            header,
            publish: None,
        })
    }

    /// The same plan, its crates published as `publish` says.
    pub fn with_publish(self, publish: Option<Publish>) -> Self {
        Self { publish, ..self }
    }
}
