//! Writing a run's results: one file per format behind the small `Export` trait, and an
//! all-or-nothing writer so a failed run never leaves half-written files behind.

mod compare;
mod csv;
mod erlang;
mod json;
mod redraw;
mod sensitivity;
mod staffing;
mod sweep;

pub use self::csv::{IterationsCsv, SummaryCsv};
pub use self::erlang::erlang_files;
pub use self::json::SummaryJson;
pub use self::staffing::{StaffingRow, staffing_files};
pub use compare::{
    csv as compare_csv, iterations_csv as compare_iterations_csv, json as compare_json,
};
pub use redraw::redraw;
pub use sensitivity::sensitivity_files;
pub use sweep::sweep_files;

use crate::engine::IterationRecord;
use crate::error::InputError;
use crate::scenario::Scenario;
use crate::summary::Summary;
use anyhow::Context;
use std::fs;
use std::path::{Path, PathBuf};

/// What an export reads: the run's summary and its per-iteration records.
pub struct RunOutput<'a> {
    pub scenario: &'a Scenario,
    pub summary: &'a Summary,
    pub records: &'a [IterationRecord],
}

/// One output file.
pub trait Export {
    fn file_name(&self) -> &'static str;
    fn render(&self, run: &RunOutput) -> anyhow::Result<Vec<u8>>;
}

/// The exports every `run` writes.
pub fn standard() -> Vec<Box<dyn Export>> {
    vec![
        Box::new(SummaryJson),
        Box::new(SummaryCsv),
        Box::new(IterationsCsv),
    ]
}

/// An output folder known to be writable (checked before any simulation starts).
pub struct OutputDir {
    pub path: PathBuf,
}

impl OutputDir {
    pub fn prepare(path: &Path) -> Result<OutputDir, InputError> {
        let unwritable = |e: std::io::Error| {
            InputError::file(
                path.display().to_string(),
                format!("output folder is not writable ({e})"),
                "choose another folder with --out",
            )
        };
        fs::create_dir_all(path).map_err(unwritable)?;
        let probe = path.join(".callprofit-write-test");
        fs::write(&probe, b"").map_err(unwritable)?;
        fs::remove_file(&probe).map_err(unwritable)?;
        Ok(OutputDir {
            path: path.to_path_buf(),
        })
    }

    /// Writes every file, or none: each goes to a hidden partial file first and all are renamed
    /// into place only once all were written.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<PathBuf>> {
        let partial = |name: &str| self.path.join(format!(".{name}.partial"));
        let written = files.iter().try_for_each(|(name, bytes)| {
            fs::write(partial(name), bytes).map_err(|e| {
                let fix = "free disk space or choose another folder with --out";
                InputError::file(
                    self.path.join(name).display().to_string(),
                    format!("cannot be written ({e})"),
                    fix,
                )
            })
        });
        if let Err(e) = written {
            files
                .iter()
                .for_each(|(name, _)| drop(fs::remove_file(partial(name))));
            return Err(e.into());
        }
        let mut done = Vec::new();
        for (name, _) in files {
            let target = self.path.join(name);
            fs::rename(partial(name), &target)
                .with_context(|| format!("moving {} into place", target.display()))?;
            done.push(target);
        }
        Ok(done)
    }
}
