//! Tests of the generated SDK live in `tests/`: `wire.rs` (the request each input becomes and how
//! answers are read, without a network) and `local_server.rs` (real calls to a local server that
//! checks SigV4 on its own).

use connect_runtime::{Protocol, ServiceInfo};

/// Amazon Connect without endpoint rules: requests go to the configured endpoint URL as it is
/// (what hand-written operations in the tests are sent to).
pub static CONNECT_WITHOUT_RULES: ServiceInfo = ServiceInfo {
    name: "connect",
    sdk_id: "Connect",
    version: "2017-08-08",
    signing_name: "connect",
    protocol: Protocol::RestJson1,
    endpoint_rules: None,
    credential_services: None,
    default_http: connect_http::for_config,
};
