//! What stops generation: something in the model the generator cannot turn into Rust.

use std::fmt;

/// Something in the model the generator cannot turn into Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// The shape (or operation) concerned.
    pub shape: String,
    /// What is wrong or not supported.
    pub problem: String,
}

impl GenerateError {
    pub(crate) fn new(shape: &str, problem: impl Into<String>) -> Self {
        Self {
            shape: shape.to_owned(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shape `{}`: {}", self.shape, self.problem)
    }
}

impl std::error::Error for GenerateError {}
