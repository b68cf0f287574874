//! `slurm submit`: the shipped job scripts, submitted as a shard array and a dependent merge.
use crate::cli::SubmitArgs;

pub(super) fn submit(_args: &SubmitArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
