//! A real single-node Slurm cluster (Debian's slurmctld, slurmd, slurm-client and munge, which
//! scripts/test.sh installs): the shipped job array and its merge, through `slurm submit
//! --wait`, give files byte-identical to one process; and a failed shard cancels the merge
//! instead of leaving it pending. Missing Slurm is a failure, not a skip.
//!
//! The daemons are started directly (no systemd), configured in a temporary folder on ports of
//! their own, and only the ones this test started are stopped, by pid.

mod common;

use common::{callprofit, scenario};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Daemons this test started: stopped by pid when it ends, however it ends.
struct Daemons {
    pids: Vec<u32>,
}

impl Drop for Daemons {
    fn drop(&mut self) {
        for pid in self.pids.iter().rev() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            // slurmctld takes a few seconds to exit after SIGTERM.
            let gone = wait_until(Duration::from_secs(20), || !alive(*pid));
            if !gone {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
        }
    }
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    ok()
}

fn sh(cmd: &str) -> (bool, String) {
    let out = Command::new("sh")
        .args(["-c", cmd])
        .output()
        .expect("sh runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        out.status.success(),
        text + &String::from_utf8_lossy(&out.stderr),
    )
}

fn require_slurm() {
    for bin in [
        "munged",
        "munge",
        "slurmctld",
        "slurmd",
        "sbatch",
        "scontrol",
        "sinfo",
    ] {
        let (found, _) = sh(&format!("command -v {bin} || test -x /usr/sbin/{bin}"));
        assert!(
            found,
            "Slurm is missing ({bin} not found): run scripts/test.sh, which installs \
             slurmctld slurmd slurm-client munge (apt-get, as root)"
        );
    }
}

/// munged as the munge user, unless one already answers (then it is not ours to stop).
fn start_munge(daemons: &mut Daemons) {
    if sh("munge -n | unmunge").0 {
        return;
    }
    let (ok, log) = sh("mkdir -p /run/munge && chown munge:munge /run/munge && \
         (test -s /etc/munge/munge.key || mungekey --create) && \
         runuser -u munge -- /usr/sbin/munged --force");
    assert!(ok, "munged did not start: {log}");
    let pid = read_pid(Path::new("/run/munge/munged.pid"));
    daemons.pids.push(pid);
    assert!(wait_until(Duration::from_secs(10), || sh(
        "munge -n | unmunge"
    )
    .0));
}

fn read_pid(file: &Path) -> u32 {
    let mut pid = None;
    wait_until(Duration::from_secs(15), || {
        pid = std::fs::read_to_string(file)
            .ok()
            .and_then(|t| t.trim().parse().ok());
        pid.is_some()
    });
    pid.unwrap_or_else(|| panic!("no pid in {}", file.display()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// slurm.conf for one node, everything under `dir` (see /work/shared notes in the README).
fn write_conf(dir: &Path) -> PathBuf {
    let host = sh("hostname -s").1.trim().to_string();
    let node = sh("slurmd -C")
        .1
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        node.starts_with("NodeName="),
        "slurmd -C gave no node line: {node}"
    );
    let d = dir.display();
    std::fs::create_dir_all(dir.join("spool")).unwrap();
    std::fs::create_dir_all(dir.join("state")).unwrap();
    let conf = format!(
        "ClusterName=callprofit-test\nSlurmctldHost={host}\nSlurmUser=root\n\
         AuthType=auth/munge\nSlurmctldPort={}\nSlurmdPort={}\n\
         StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
         SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
         SlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/slurmd.log\n\
         ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n\
         JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n\
         SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\nMpiDefault=none\n\
         ReturnToService=2\nMailProg=/bin/true\nDependencyParameters=kill_invalid_depend\n\
         {node}\nPartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n",
        free_port(),
        free_port()
    );
    let path = dir.join("slurm.conf");
    std::fs::write(&path, conf).unwrap();
    path
}

fn start_slurm(dir: &Path, daemons: &mut Daemons) -> PathBuf {
    let conf = write_conf(dir);
    for (daemon, pidfile) in [("slurmctld", "slurmctld.pid"), ("slurmd", "slurmd.pid")] {
        let (ok, log) = sh(&format!("{daemon} -f {}", conf.display()));
        assert!(ok, "{daemon} did not start: {log}");
        daemons.pids.push(read_pid(&dir.join(pidfile)));
    }
    let idle = wait_until(Duration::from_secs(60), || {
        let (_, state) = sh(&format!("SLURM_CONF={} sinfo -h -o %T", conf.display()));
        state.trim() == "idle"
    });
    let log = std::fs::read_to_string(dir.join("slurmctld.log")).unwrap_or_default();
    assert!(idle, "the node never came up idle; slurmctld.log:\n{log}");
    conf
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A shard array that fails (no such scenario) and a merge after it: the merge is cancelled,
/// not left pending.
fn failed_shard_cancels_the_merge(tmp: &Path, conf: &Path) {
    let bin = env!("CARGO_BIN_EXE_callprofit");
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/slurm");
    let (t, c, d) = (tmp.display(), conf.display(), deploy.display());
    let (ok, array) = sh(&format!(
        "SLURM_CONF={c} sbatch --parsable --array=0-1 --output={t}/bad-%a.out \
         {d}/shard.sbatch 2 {bin} run {t}/no-such.toml --out {t}/bad"
    ));
    assert!(ok, "{array}");
    let (ok, merge) = sh(&format!(
        "SLURM_CONF={c} sbatch --parsable --dependency=afterok:{} --kill-on-invalid-dep=yes \
         --output={t}/bad-merge.out {d}/merge.sbatch {bin} merge {t}/bad --out {t}/bad-merged",
        array.trim()
    ));
    assert!(ok, "{merge}");
    let mut state = String::new();
    let ended = wait_until(Duration::from_secs(90), || {
        let (_, text) = sh(&format!(
            "SLURM_CONF={c} scontrol show job -o {}",
            merge.trim()
        ));
        state = text
            .split_whitespace()
            .find(|w| w.starts_with("JobState="))
            .unwrap_or("")
            .into();
        !state.is_empty() && state != "JobState=PENDING" && state != "JobState=RUNNING"
    });
    assert!(
        ended && state == "JobState=CANCELLED",
        "merge after a failed shard: {state}"
    );
    assert!(!tmp.join("bad-merged").exists());
}

#[test]
fn shipped_job_array_on_a_real_slurm_merges_byte_identical() {
    require_slurm();
    let tmp = tempfile::tempdir().unwrap();
    let mut daemons = Daemons { pids: Vec::new() };
    start_munge(&mut daemons);
    let conf = start_slurm(tmp.path(), &mut daemons);
    // SAFETY: set before any thread of this test binary reads the environment (one test).
    unsafe { std::env::set_var("SLURM_CONF", &conf) };
    let s = scenario("queue_1_5.toml");
    let job = tmp.path().join("job");
    let (j, one) = (job.display().to_string(), tmp.path().join("one"));
    let submit = [
        "slurm",
        "submit",
        &s,
        "--shards",
        "4",
        "--out",
        &j,
        "--iterations",
        "10",
    ];
    let (code, out, err) = callprofit(&[&submit[..], &["--wait"]].concat());
    let logs = job.join("logs");
    let log = |name: &str| std::fs::read_to_string(logs.join(name)).unwrap_or_default();
    assert_eq!(code, 0, "{out}\n{err}\nmerge.out:\n{}", log("merge.out"));
    assert!(
        out.contains("shards: job ") && out.contains("merge: job "),
        "{out}"
    );
    let (code, _, err) = callprofit(&[
        "run",
        &s,
        "--iterations",
        "10",
        "--quiet",
        "--out",
        one.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (a, b) = (files(&one), files(&job.join("merged")));
    assert_eq!(a.len(), b.len());
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert!(
            na == nb && ba == bb,
            "{na} differs from the one-process file"
        );
    }
    failed_shard_cancels_the_merge(tmp.path(), &conf);
}
