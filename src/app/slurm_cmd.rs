//! `slurm submit`: the shipped job scripts (deploy/slurm, compiled in so the binary and the
//! scripts cannot drift apart), submitted as a shard array and a merge that depends on it.
use super::*;
use crate::cli::SubmitArgs;
use std::process::Command;

const SHARD_SCRIPT: &str = include_str!("../../deploy/slurm/shard.sbatch");
const MERGE_SCRIPT: &str = include_str!("../../deploy/slurm/merge.sbatch");

pub(super) fn submit(args: &SubmitArgs) -> anyhow::Result<()> {
    let (scenario, dir) = check(args)?;
    let bin = std::env::current_exe().context("finding the callprofit binary")?;
    prepare_dir(&dir)?;
    let shards = dir.join("shards");
    let mut shard_cmd: Vec<String> = vec![
        args.shards.to_string(),
        bin.display().to_string(),
        "run".into(),
        scenario.display().to_string(),
        // The work limit guards one machine; a submitted array is a deliberate long run.
        "--long".into(),
        "--out".into(),
        shards.display().to_string(),
    ];
    let flags = [("--iterations", args.iterations), ("--seed", args.seed)];
    for (flag, value) in flags {
        if let Some(v) = value {
            shard_cmd.extend([flag.to_string(), v.to_string()]);
        }
    }
    let logs = dir.join("logs");
    let array_opts = vec![
        format!("--array=0-{}", args.shards - 1),
        format!("--output={}", logs.join("shard-%a.out").display()),
    ];
    let array = sbatch(args, &dir, array_opts, "shard.sbatch", &shard_cmd)?;
    let merged = dir.join("merged");
    let merge_cmd = [bin.display().to_string(), "merge".into()]
        .into_iter()
        .chain([shards.display().to_string(), "--out".into()])
        .chain([merged.display().to_string()])
        .collect::<Vec<_>>();
    let merge_opts = vec![
        format!("--dependency=afterok:{array}"),
        // A failed shard makes afterok impossible: cancel the merge instead of leaving it
        // pending forever (the cluster-wide DependencyParameters=kill_invalid_depend, per job).
        "--kill-on-invalid-dep=yes".into(),
        format!("--output={}", logs.join("merge.out").display()),
    ];
    let merge = sbatch(args, &dir, merge_opts, "merge.sbatch", &merge_cmd)?;
    println!("shards: job {array} (array 0-{})", args.shards - 1);
    println!("merge: job {merge}, writes {}", merged.display());
    if args.wait {
        wait_for(&merge, &merged, &logs)?;
        println!("merged into {}", merged.display());
    }
    Ok(())
}

/// The scenario (validated now, not on the cluster) and the folder, both absolute: the jobs
/// may start in another working folder on another node.
fn check(args: &SubmitArgs) -> anyhow::Result<(PathBuf, PathBuf)> {
    if args.shards == 0 {
        let fix = "use 1 or more (one array task each)";
        return Err(InputError::file("--shards", "0 shards", fix).into());
    }
    let s = scenario::load(&args.scenario)?;
    let opts = RunOptions {
        iterations: args.iterations,
        seed: args.seed,
        threads: None,
        out: None,
        quiet: true,
        long: true,
    };
    RunConfig::new(&opts, &s, PathBuf::new())?;
    let absolute = |p: &Path| std::path::absolute(p).context("resolving a path");
    Ok((absolute(&args.scenario)?, absolute(&args.out)?))
}

/// Writes the scripts into DIR/jobs and clears shard files a previous submission left in
/// DIR/shards (of another N they would be foreign to this run's merge).
fn prepare_dir(dir: &Path) -> anyhow::Result<()> {
    let unwritable = |e: std::io::Error| {
        InputError::file(
            dir.display().to_string(),
            format!("cannot write the job folder ({e})"),
            "choose a writable --out on a file system the nodes share",
        )
    };
    for sub in ["jobs", "logs", "shards"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(unwritable)?;
    }
    std::fs::write(dir.join("jobs/shard.sbatch"), SHARD_SCRIPT).map_err(unwritable)?;
    std::fs::write(dir.join("jobs/merge.sbatch"), MERGE_SCRIPT).map_err(unwritable)?;
    for entry in std::fs::read_dir(dir.join("shards")).map_err(unwritable)? {
        let path = entry.map_err(unwritable)?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("shard-") && n.ends_with(".cpshard")) {
            std::fs::remove_file(&path).map_err(unwritable)?;
        }
    }
    Ok(())
}

/// `sbatch --parsable` with the common options; the job id it prints.
fn sbatch(
    args: &SubmitArgs,
    dir: &Path,
    mut opts: Vec<String>,
    script: &str,
    script_args: &[String],
) -> anyhow::Result<String> {
    opts.push("--parsable".into());
    opts.push(format!("--chdir={}", dir.display()));
    if let Some(p) = &args.partition {
        opts.push(format!("--partition={p}"));
    }
    if let Some(t) = &args.time {
        opts.push(format!("--time={t}"));
    }
    let out = Command::new("sbatch")
        .args(&opts)
        .arg(dir.join("jobs").join(script))
        .args(script_args)
        .output()
        .map_err(|e| {
            let fix = "run this on a Slurm login node (sbatch on the PATH)";
            InputError::file("sbatch", format!("cannot be started ({e})"), fix)
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        anyhow::bail!("sbatch refused {script}: {}", err.trim());
    }
    // --parsable prints "id" or "id;cluster".
    let text = String::from_utf8_lossy(&out.stdout);
    let id = text.trim().split(';').next().unwrap_or("").to_string();
    anyhow::ensure!(!id.is_empty(), "sbatch printed no job id for {script}");
    Ok(id)
}

/// Polls the merge job until it leaves the queue: Ok when it completed.
fn wait_for(merge: &str, merged: &Path, logs: &Path) -> anyhow::Result<()> {
    loop {
        let out = Command::new("scontrol")
            .args(["show", "job", "-o", merge])
            .output()
            .context("starting scontrol")?;
        let text = String::from_utf8_lossy(&out.stdout);
        let state = text
            .split_whitespace()
            .find_map(|w| w.strip_prefix("JobState="))
            .map(str::to_string);
        match state.as_deref() {
            Some("PENDING" | "RUNNING" | "COMPLETING" | "CONFIGURING" | "SUSPENDED") => {}
            Some("COMPLETED") => return Ok(()),
            // Forgotten by the controller (past MinJobAge): the merged folder tells.
            None if merged.join("summary.json").exists() => return Ok(()),
            other => anyhow::bail!(
                "merge job {merge} ended {} (a shard failed or the merge refused them); see {}",
                other.unwrap_or("unknown"),
                logs.display()
            ),
        }
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
}
