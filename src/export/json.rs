//! summary.json: the run's summary; its field names are a stable interface.

use super::{Export, RunOutput};

pub struct SummaryJson;

impl Export for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }
    fn render(&self, run: &RunOutput) -> anyhow::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(run.summary)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
