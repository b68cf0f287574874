//! Command-line arguments (clap derive types only; no logic).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "callprofit",
    version,
    about = "How much profit does each customer-service agent bring in a year, and how sure can we be?"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate many years and summarize profit per agent with its uncertainty.
    Run(RunArgs),
    /// The deterministic expected-value projection (what a spreadsheet does), figure by figure.
    Expected {
        scenario: PathBuf,
        /// Print the projection as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate a scenario and print its resolved assumptions.
    Check { scenario: PathBuf },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Simulated years (default: the scenario's simulation.iterations).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Random seed (default: the scenario's simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results are identical for any count.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: output/<scenario file stem>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the summary as JSON on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}
