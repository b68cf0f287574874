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
    #[command(
        after_help = "Examples:\n  callprofit run scenarios/field_test.toml --iterations 10000 --out output/field_test\n  callprofit run scenarios/center_20.toml --target-se 200"
    )]
    Run(RunArgs),
    /// The deterministic expected-value projection (what a spreadsheet does), figure by figure.
    #[command(after_help = "Example:\n  callprofit expected scenarios/article_15.toml")]
    Expected {
        scenario: PathBuf,
        /// Print the projection as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate a scenario and print its resolved assumptions.
    #[command(after_help = "Example:\n  callprofit check scenarios/center_20.toml")]
    Check { scenario: PathBuf },
    /// Run scenarios with common random numbers and compare them side by side, each against the
    /// first (paired differences in profit per agent-year, P(better)).
    #[command(
        after_help = "Example:\n  callprofit compare scenarios/queue_1_5.toml scenarios/queue_15.toml scenarios/queue_15_staffed.toml"
    )]
    Compare(CompareArgs),
    /// Run a scenario over a grid of one or two of its fields (same seed at every point) and find
    /// the break-even.
    #[command(
        after_help = "Examples:\n  callprofit sweep scenarios/center_20.toml --set demand.calls_per_agent_hour=0..15:6\n  callprofit sweep scenarios/queue_15.toml --set team.agents=14..26:4 --iterations 40"
    )]
    Sweep(SweepArgs),
    /// Beta distributions for outcome rates from observed results per agent (CSV: agent, calls,
    /// then one column of successes per outcome): pooled, per agent and partially pooled.
    #[command(after_help = "Example:\n  callprofit calibrate scenarios/data/field_test.csv")]
    Calibrate {
        /// The observed results (CSV).
        data: PathBuf,
        /// Output folder (default: output/calibrate-<file stem>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The beta prior (default: flat, Beta(1, 1)).
        #[arg(long, default_value_t = 1.0)]
        prior_alpha: f64,
        #[arg(long, default_value_t = 1.0)]
        prior_beta: f64,
    },
    /// What drives profit per agent-year: a tornado of one-at-a-time P10/P90 swings, and a
    /// ranking of the inputs by rank correlation over the simulated years.
    #[command(after_help = "Example:\n  callprofit sensitivity scenarios/center_20.toml")]
    Sensitivity {
        scenario: PathBuf,
        /// Skip results.xlsx (the Excel workbook: summary, years, inputs and native charts).
        #[arg(long)]
        no_xlsx: bool,
        #[command(flatten)]
        opts: RunOptions,
        #[command(flatten)]
        show: ShowOptions,
        #[command(flatten)]
        chart: ChartOptions,
    },
    /// The fewest agents that meet a service-level target (queue scenarios).
    #[command(
        after_help = "Example:\n  callprofit staffing scenarios/queue_15.toml --service-level 0.80 --within 20"
    )]
    Staffing(StaffingArgs),
    /// An instant Erlang C / Erlang A calculator; with a queue scenario, the agents needed in
    /// each open hour of its week.
    #[command(
        after_help = "Examples:\n  callprofit erlang --calls-per-hour 200 --handle-seconds 180 --agents 11..15 --target-service-level 0.8\n  callprofit erlang scenarios/queue_15.toml"
    )]
    Erlang(ErlangArgs),
    /// One printed page (A4 or Letter) for a CFO: a plain-language reading, the headline
    /// figures, the scenarios side by side and every assumption (the first is the baseline).
    #[command(
        after_help = "Examples:\n  callprofit report scenarios/queue_15.toml scenarios/queue_15_staffed.toml --out output/report\n  callprofit report scenarios/center_20.toml --appendix"
    )]
    Report(ReportArgs),
    /// Redraw the charts of a saved `run`, `compare`, `sweep` or `sensitivity` output folder,
    /// without simulating.
    #[command(
        after_help = "Example:\n  callprofit chart output/field_test --chart-size 1920x1080 --font-scale 1.2"
    )]
    Chart {
        /// The output folder (holding summary.json and iterations.csv, compare.json and
        /// compare_iterations.csv, sweep.json or sensitivity.json).
        dir: PathBuf,
        #[command(flatten)]
        chart: ChartOptions,
    },
    /// Merge the shard files of a `--shard I/N` run into exactly the files one process writes.
    #[command(
        after_help = "Example:\n  for i in 0 1 2 3; do callprofit run scenarios/center_20.toml --shard $i/4 --out shards; done\n  callprofit merge shards --out output/center_20"
    )]
    Merge(MergeArgs),
    /// Run a scenario as a Slurm job array of shards and a merge job that waits for them.
    #[command(subcommand)]
    Slurm(SlurmCommand),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Folders holding the shard files (the shards' --out folders); every shard once.
    #[arg(required = true, num_args = 1..)]
    pub dirs: Vec<PathBuf>,
    /// Output folder for the merged files.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum SlurmCommand {
    /// Write the job scripts, submit the shard array and the merge job, print their ids.
    #[command(
        after_help = "Example:\n  callprofit slurm submit scenarios/center_20.toml --shards 16 --out /shared/cp-job --wait"
    )]
    Submit(SubmitArgs),
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Scenario file (TOML), on a file system the cluster's nodes share.
    pub scenario: PathBuf,
    /// Shards: array tasks 0..N-1.
    #[arg(long)]
    pub shards: u32,
    /// Folder for the scripts, shard files, logs and the merged outputs (DIR/merged).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long)]
    pub iterations: Option<u64>,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Slurm partition (default: the cluster's default).
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit per job, in Slurm's format (e.g. 30:00).
    #[arg(long)]
    pub time: Option<String>,
    /// Return when the merge has finished: 0 when it succeeded, 1 otherwise.
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Simulate only slice I (from 0) of N and write a shard file into --out; `merge` joins them.
    #[arg(long, value_name = "I/N", conflicts_with_all = ["json", "chart_size", "font_scale"])]
    pub shard: Option<crate::shard::ShardSpec>,
    /// Simulate in batches of 1,000 years (50 in queue mode) until the standard error of the
    /// mean profit per agent-year is at most DOLLARS; --iterations (or the scenario's) is the
    /// cap. Not with --shard.
    #[arg(long, value_name = "DOLLARS", allow_negative_numbers = true)]
    pub target_se: Option<f64>,
    /// Skip results.xlsx (the Excel workbook: summary, years, inputs and native charts).
    #[arg(long, conflicts_with = "shard")]
    pub no_xlsx: bool,
    #[command(flatten)]
    pub opts: RunOptions,
    #[command(flatten)]
    pub chart: ChartOptions,
    #[command(flatten)]
    pub show: ShowOptions,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the baseline.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Simulate only slice I (from 0) of N and write a shard file into --out; `merge` joins them.
    #[arg(long, value_name = "I/N", conflicts_with_all = ["json", "chart_size", "font_scale"])]
    pub shard: Option<crate::shard::ShardSpec>,
    /// Simulate in batches of 1,000 years (50 in queue mode) until the standard error of the
    /// mean paired difference from the first scenario (every one's) is at most DOLLARS;
    /// --iterations (or the first scenario's) is the cap. Not with --shard.
    #[arg(long, value_name = "DOLLARS", allow_negative_numbers = true)]
    pub target_se: Option<f64>,
    /// Skip results.xlsx (the Excel workbook: summary, years, inputs and native charts).
    #[arg(long, conflicts_with = "shard")]
    pub no_xlsx: bool,
    #[command(flatten)]
    pub opts: RunOptions,
    #[command(flatten)]
    pub chart: ChartOptions,
    #[command(flatten)]
    pub show: ShowOptions,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// PATH=FROM..TO:STEPS, e.g. demand.calls_per_agent_hour=1.5..15:10 (once or twice).
    #[arg(long = "set", required = true, num_args = 1)]
    pub set: Vec<String>,
    /// Simulate only slice I (from 0) of N and write a shard file into --out; `merge` joins them.
    #[arg(long, value_name = "I/N", conflicts_with_all = ["json", "chart_size", "font_scale"])]
    pub shard: Option<crate::shard::ShardSpec>,
    /// Skip results.xlsx (the Excel workbook: summary, years, inputs and native charts).
    #[arg(long, conflicts_with = "shard")]
    pub no_xlsx: bool,
    #[command(flatten)]
    pub opts: RunOptions,
    #[command(flatten)]
    pub chart: ChartOptions,
    #[command(flatten)]
    pub show: ShowOptions,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario files (TOML); the first is the baseline and the headline.
    #[arg(required = true, num_args = 1..)]
    pub scenarios: Vec<PathBuf>,
    /// Add a second page: every metric and every input of each scenario, and the other charts.
    #[arg(long)]
    pub appendix: bool,
    /// Simulate in batches of 1,000 years (50 in queue mode) until the standard error of the
    /// mean profit per agent-year (with more scenarios: of every paired difference from the
    /// first) is at most DOLLARS; --iterations (or the first scenario's) is the cap.
    #[arg(long, value_name = "DOLLARS", allow_negative_numbers = true)]
    pub target_se: Option<f64>,
    #[command(flatten)]
    pub opts: RunOptions,
    #[command(flatten)]
    pub chart: ChartOptions,
}

#[derive(Debug, Args)]
pub struct StaffingArgs {
    /// A queue scenario (TOML); its team size is what the search varies.
    pub scenario: PathBuf,
    /// Target share of offered calls answered within --within seconds.
    #[arg(long, default_value_t = 0.80)]
    pub service_level: f64,
    /// The answer-time threshold in seconds.
    #[arg(long, default_value_t = 20.0)]
    pub within: f64,
    /// Share of simulated years that must meet the target as well (besides the mean).
    #[arg(long, default_value_t = 0.90)]
    pub years_share: f64,
    /// Print staffing.json instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub opts: RunOptions,
}

#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// A queue scenario (TOML): the agents needed in each open hour of its week, from its
    /// demand, profiles, handle times and patience (instead of the four flags below it).
    pub scenario: Option<PathBuf>,
    /// Calls offered per hour.
    #[arg(long, allow_negative_numbers = true)]
    pub calls_per_hour: Option<f64>,
    /// Work per handled call in seconds (talk and wrap-up).
    #[arg(long, allow_negative_numbers = true)]
    pub handle_seconds: Option<f64>,
    /// Agents on the phones: one number or a range such as 50..60.
    #[arg(long, allow_hyphen_values = true)]
    pub agents: Option<String>,
    /// Callers' mean patience in seconds: Erlang A (exponential patience); without it Erlang C.
    #[arg(long, allow_negative_numbers = true)]
    pub patience_seconds: Option<f64>,
    /// The service level counts calls answered within this many seconds [default: 20, or the
    /// scenario's].
    #[arg(long, allow_negative_numbers = true)]
    pub service_level_seconds: Option<f64>,
    /// Target service level, e.g. 0.8: also give the fewest agents meeting it [with a
    /// scenario: default 0.8].
    #[arg(long, allow_negative_numbers = true)]
    pub target_service_level: Option<f64>,
    /// Percent of paid time off the phones: scheduled agents = on the phones / (1 - shrinkage)
    /// [with a scenario: default its own].
    #[arg(long, allow_negative_numbers = true)]
    pub shrinkage_pct: Option<f64>,
    /// With a scenario: the clock hour the center opens, for the labels.
    #[arg(
        long,
        default_value_t = 8.0,
        allow_negative_numbers = true,
        requires = "scenario"
    )]
    pub opens_at: f64,
    /// With a scenario: output folder (default: output/erlang-<scenario file stem>).
    #[arg(long, requires = "scenario")]
    pub out: Option<PathBuf>,
    /// With a scenario: skip the chart.
    #[arg(long, requires = "scenario")]
    pub no_charts: bool,
    #[command(flatten)]
    pub chart: ChartOptions,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options shared by the commands that simulate.
#[derive(Debug, Args)]
pub struct RunOptions {
    /// Simulated years (default: the scenario's simulation.iterations).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Random seed (default: the scenario's simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results are identical for any count.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: output/<scenario file stem>, output/compare-<stems>, ...).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Run even when the work estimate passes 30 minutes on one core.
    #[arg(long)]
    pub long: bool,
}

/// How charts are drawn, for every command that draws them.
#[derive(Debug, Args, Clone, Default)]
pub struct ChartOptions {
    /// Chart size in pixels, WIDTHxHEIGHT (default 1600x900, 16:9; e.g. 1920x1080). Text and
    /// layout scale with it.
    #[arg(long, value_name = "WxH")]
    pub chart_size: Option<String>,
    /// Multiply every chart font by F (0.5 to 3; default 1).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub font_scale: Option<f64>,
}

/// What the commands that print a table and draw charts (run, compare, sweep, sensitivity)
/// show; `report` and `staffing` take only what they honour.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct ShowOptions {
    /// Print the JSON result (summary.json, compare.json, ...) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Skip the charts (SVG, PNG and their CSV).
    #[arg(long)]
    pub no_charts: bool,
}
