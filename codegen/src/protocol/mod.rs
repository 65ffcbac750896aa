//! Protocols: where each member of an input or output goes on the wire, and how answers and
//! errors are read.

pub mod rest_json1;
