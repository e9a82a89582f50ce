//! Helpers shared by the integration tests (and, for `generate`, by the benchmarks).
#![allow(dead_code)]

pub mod chat;
pub mod generate;
pub mod rng;
pub mod sse;
