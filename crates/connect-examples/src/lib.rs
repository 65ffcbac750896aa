//! Examples of the Amazon Connect SDK live in `examples/`:
//!
//! - `local_demo`: calls DisassociateWorkspace against a local server on 127.0.0.1 that checks
//!   the SigV4 signature and answers as the documentation shows;
//! - `disassociate_workspace`: the same call against real Amazon Connect, with credentials and
//!   region from the environment.
