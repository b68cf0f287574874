//! Writing a run's results: one file per format behind the small `Export` trait, and an
//! all-or-nothing output folder (`outdir.rs`): a failed or killed run never leaves a folder
//! half old and half new, nor half-written files.

mod compare;
mod csv;
mod erlang;
mod json;
mod lock;
mod outdir;
mod redraw;
mod sensitivity;
mod staffing;
mod sweep;
pub mod xlsx;

pub use self::csv::{IterationsCsv, SummaryCsv};
pub use self::erlang::erlang_files;
pub use self::json::SummaryJson;
pub use self::outdir::OutputDir;
pub use self::staffing::{StaffingRow, staffing_files};
pub use compare::{
    csv as compare_csv, iterations_csv as compare_iterations_csv, json as compare_json,
};
pub use redraw::redraw;
pub use sensitivity::sensitivity_files;
pub use sweep::sweep_files;

use crate::engine::IterationRecord;
use crate::scenario::Scenario;
use crate::summary::Summary;

/// What an export reads: the run's summary and its per-iteration records.
pub struct RunOutput<'a> {
    pub scenario: &'a Scenario,
    pub summary: &'a Summary,
    pub records: &'a [IterationRecord],
}

/// One output file.
pub trait Export {
    fn file_name(&self) -> &'static str;
    /// The whole file in memory (small files, and what `--json` prints).
    fn render(&self, run: &RunOutput) -> anyhow::Result<Vec<u8>>;
    /// Writes the file to `w`. Files that grow with the iterations override this to stream
    /// row by row, so a long run never holds a whole file in memory; the bytes are `render`'s.
    fn write(&self, run: &RunOutput, w: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Ok(w.write_all(&self.render(run)?)?)
    }
}

/// The exports every `run` writes.
pub fn standard() -> Vec<Box<dyn Export>> {
    vec![
        Box::new(SummaryJson),
        Box::new(SummaryCsv),
        Box::new(IterationsCsv),
    ]
}
