//! Support code for the integration tests in `tests/tests/`: a scriptable HTTP server on
//! 127.0.0.1 for exercising the generated client, and helpers to run the generator on fixtures.

pub mod server;
pub mod snapshot;
