//! callprofit: a Monte Carlo simulator of the profit that customer-service agents bring in by
//! saving cancellations and up-selling on inbound calls.
//!
//! The flow: a scenario file is loaded and validated (`scenario`), the engine simulates many
//! years in parallel (`engine`), the per-iteration records are summarized (`summary`, `stats`)
//! and exported (`export`). `expected` is the deterministic spreadsheet projection. See
//! ARCHITECTURE.md for the rooms and what each owns.

pub mod app;
pub mod calculator;
pub mod calibrate;
pub mod charts;
pub mod cli;
pub mod compare;
pub mod config;
pub mod console;
pub mod copula;
pub mod distributions;
pub mod engine;
pub mod erlang;
pub mod error;
pub mod expected;
pub mod export;
pub mod incentives;
pub mod metrics;
pub mod precision;
pub mod progress;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sensitivity;
pub mod shard;
pub mod special;
pub mod staffing;
pub mod stats;
pub mod subscriber;
pub mod summary;
pub mod sweep;

/// The version written into every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
