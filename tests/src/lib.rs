//! Support code for the integration tests in `tests/tests/`: a scriptable HTTP server on
//! 127.0.0.1 for exercising the generated client, and helpers to run the generator on fixtures.

pub mod scratch;
pub mod server;
pub mod snapshot;

/// The repository README, whose usage example is compiled as a doc test of this crate so that it
/// cannot drift from the generated API.
#[doc = include_str!("../../README.md")]
pub mod readme {}
