//! All-or-nothing output folders, against the real binary: runs killed (SIGKILL) at random
//! moments, mostly inside the write phase, and two runs started a few milliseconds apart into
//! one folder. The folder must always be exactly one complete run's files, byte for byte.

mod common;

use common::{callprofit, scenario};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A folder's entries (hidden ones included), name to bytes; a subfolder reads as `<dir>`.
type Files = BTreeMap<String, Vec<u8>>;

fn read_folder(dir: &Path) -> Files {
    let mut files = Files::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(e.path()).unwrap_or_else(|_| b"<dir>".to_vec());
        files.insert(name, bytes);
    }
    files
}

fn names(files: &Files) -> Vec<&str> {
    files.keys().map(String::as_str).collect()
}

fn write_folder(dir: &Path, files: &Files) {
    drop(std::fs::remove_dir_all(dir));
    std::fs::create_dir(dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// A run quick to simulate with a large iterations.csv (3.6 MB), so that writing is a good
/// share of the run's time and a random kill often lands in it.
fn run_args(seed: u64, out: &Path) -> Vec<String> {
    let args = [
        "run",
        &scenario("article_15.toml"),
        "--iterations",
        "20000",
        "--no-charts",
        "--quiet",
        "--threads",
        "1",
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.iter().map(|s| s.to_string()).collect()
}

fn spawn(seed: u64, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_callprofit"))
        .args(run_args(seed, out))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts")
}

/// A complete, uninterrupted run's folder.
fn solo(seed: u64, out: &Path) -> Files {
    let args = run_args(seed, out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = callprofit(&args);
    assert_eq!(code, 0, "{stderr}");
    read_folder(out)
}

/// splitmix64: seeded delays without a dependency.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }
}

/// What the files directly inside the parent's subfolders look like (path and length): a new
/// or resized file there means a run has begun writing, wherever it writes (a file removed
/// means nothing: a run's start removes what killed runs left).
fn written_state(parent: &Path) -> Vec<(String, u64, u64)> {
    let dirs = std::fs::read_dir(parent).into_iter().flatten().flatten();
    let mut state: Vec<_> = dirs.flat_map(|d| folder_state(&d.path())).collect();
    state.sort();
    state
}

/// Each file of `dir`: path, length and inode (a file renamed over another is a new inode).
fn folder_state(dir: &Path) -> Vec<(String, u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let files = std::fs::read_dir(dir).into_iter().flatten().flatten();
    files
        .map(|f| {
            let (len, ino) = f.metadata().map_or((0, 0), |m| (m.len(), m.ino()));
            (f.path().display().to_string(), len, ino)
        })
        .collect()
}

/// Spins until the folder `out` changes at all: the moment a run puts its files in place.
fn wait_for_change(child: &mut Child, out: &Path) -> Option<Instant> {
    let before = folder_state(out);
    while folder_state(out) == before {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
    }
    Some(Instant::now())
}

fn spin_until(t: Instant) {
    while Instant::now() < t {
        std::hint::spin_loop();
    }
}

/// Polls until the run starts writing; `None` if it ended first.
fn wait_for_writing(child: &mut Child, parent: &Path) -> Option<Instant> {
    let before = written_state(parent);
    loop {
        if written_state(parent).iter().any(|f| !before.contains(f)) {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// The tests of this file one at a time: each times its runs, and two at once on a small
/// machine would skew each other's timings.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Timings of uninterrupted runs into a folder holding `old` (medians of five): from the start
/// to the first written file, and from there to the exit.
fn calibrate(parent: &Path, out: &Path, old: &Files, seed: u64) -> (Duration, Duration) {
    let mut times: Vec<(Duration, Duration)> = (0..5)
        .map(|_| {
            write_folder(out, old);
            let start = Instant::now();
            let mut child = spawn(seed, out);
            let seen = wait_for_writing(&mut child, parent);
            assert!(child.wait().unwrap().success());
            let (seen, end) = (seen.unwrap_or(start), Instant::now());
            (seen - start, end - seen)
        })
        .collect();
    let to_write = times.iter().map(|t| t.0).min().unwrap();
    times.sort_by_key(|t| t.1);
    (to_write, times[2].1)
}

/// The folders beside `out` with files in them: what runs killed while writing left.
fn written_leftovers(parent: &Path) -> Vec<std::ffi::OsString> {
    let dirs = std::fs::read_dir(parent).into_iter().flatten().flatten();
    dirs.filter(|d| d.file_name() != "out")
        .filter(|d| std::fs::read_dir(d.path()).is_ok_and(|mut e| e.next().is_some()))
        .map(|d| d.file_name())
        .collect()
}

/// One kill test's folders, the two complete runs and the write phase's timings.
struct Trials {
    parent: PathBuf,
    out: PathBuf,
    old: Files,
    new: Files,
    to_write: Duration,
    writing: Duration,
}

#[derive(Default, Debug)]
struct Tally {
    /// Killed, the folder still the old run's.
    old: usize,
    /// Killed after the swap, the folder already the new run's.
    new: usize,
    /// Ended before the kill came.
    finished: usize,
    /// Killed while files were being written (a temporary folder with files was left).
    mid_write: usize,
}

impl Trials {
    /// A run (seed 2) into a folder holding the old run's (seed 1), killed at a moment chosen by
    /// `kind` and `u`: anywhere in the run, anywhere in the write phase, or the moment the folder
    /// first changes (inside a rename-by-rename commit, if there were one).
    fn kill(&self, trial: usize, kind: usize, u: f64, tally: &mut Tally) {
        write_folder(&self.out, &self.old);
        let left_before = written_leftovers(&self.parent);
        let start = Instant::now();
        let mut child = spawn(2, &self.out);
        let kill_at = match kind {
            0 => Some(start + (self.to_write + self.writing).mul_f64(1.2 * u)),
            1 => wait_for_writing(&mut child, &self.parent)
                .map(|seen| seen + self.writing.mul_f64(u)),
            _ => wait_for_writing(&mut child, &self.parent)
                .and_then(|_| wait_for_change(&mut child, &self.out)),
        };
        if let Some(t) = kill_at {
            spin_until(t);
            drop(child.kill());
        }
        let status = child.wait().unwrap();
        let now = read_folder(&self.out);
        let left = written_leftovers(&self.parent);
        tally.mid_write += usize::from(left.iter().any(|d| !left_before.contains(d)));
        let what = if status.success() {
            "finished"
        } else {
            "mixed"
        };
        if now == self.old && !status.success() {
            tally.old += 1;
        } else {
            assert!(now == self.new, "trial {trial}: {what}: {:?}", names(&now));
            *if status.success() {
                &mut tally.finished
            } else {
                &mut tally.new
            } += 1;
        }
    }

    /// Kills runs as they start writing until one leaves something beside the folder; the
    /// next run must clean it.
    fn leftovers_are_cleaned(&self) {
        for _ in 0..20 {
            let mut child = spawn(2, &self.out);
            if wait_for_writing(&mut child, &self.parent).is_some() {
                drop(child.kill());
            }
            child.wait().unwrap();
            if read_folder(&self.parent).len() > 1 {
                break;
            }
        }
        let left = read_folder(&self.parent);
        println!("left beside the folder by a killed run: {:?}", names(&left));
        assert!(left.len() > 1, "nothing left to clean: {:?}", names(&left));
        assert!(solo(2, &self.out) == self.new);
        assert_eq!(
            names(&read_folder(&self.parent)),
            ["out"],
            "leftovers cleaned"
        );
    }
}

#[test]
fn a_killed_run_leaves_the_old_folder_or_the_new_one_never_a_mix() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let old = solo(1, &tmp.path().join("old"));
    let new = solo(2, &tmp.path().join("new"));
    assert_ne!(old, new);
    assert_eq!(names(&old), names(&new));
    let parent = tmp.path().join("trials");
    std::fs::create_dir(&parent).unwrap();
    let out = parent.join("out");
    let (to_write, writing) = calibrate(&parent, &out, &old, 2);
    println!("write phase starts after {to_write:?} and lasts {writing:?}");
    let trials = Trials {
        parent,
        out,
        old,
        new,
        to_write,
        writing,
    };
    let mut rng = Rng(20_260_521);
    let mut tally = Tally::default();
    for trial in 0..72 {
        // A quarter anywhere in the run, a quarter anywhere in the write phase, half the
        // moment the folder changes: a rename-by-rename commit is only microseconds long.
        let kind = [0, 1, 2, 2][trial % 4];
        trials.kill(trial, kind, rng.unit(), &mut tally);
    }
    println!("72 kills: {tally:?}");
    let Tally { old, new, .. } = tally;
    assert!(old > 0 && new > 0 && tally.mid_write > 0, "{tally:?}");
    trials.leftovers_are_cleaned();
}

/// Two runs into `out`, the second started `gap` after the first: each one's seed, exit code
/// and stderr.
fn race(out: &Path, seeds: [u64; 2], gap: Duration) -> [(u64, Option<i32>, String); 2] {
    let one = spawn(seeds[0], out);
    spin_until(Instant::now() + gap);
    let two = spawn(seeds[1], out);
    [(seeds[0], one), (seeds[1], two)].map(|(seed, child)| {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (seed, out.status.code(), stderr)
    })
}

/// A run that could not take the lock says so on one line naming the folder and the fix.
fn assert_refused_cleanly(stderr: &str, shown: &str) {
    let line = stderr.trim_end();
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(
        line.contains(shown)
            && line.contains("another callprofit run is writing this folder")
            && line.contains("fix: wait"),
        "{line}"
    );
}

#[test]
fn two_runs_into_one_folder_never_mix() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let a = solo(11, &tmp.path().join("a"));
    let run_time = started.elapsed();
    let b = solo(12, &tmp.path().join("b"));
    let parent = tmp.path().join("pairs");
    std::fs::create_dir(&parent).unwrap();
    let out = parent.join("out");
    let mut rng = Rng(7);
    let (mut refused, mut both) = (0, 0);
    for pair in 0..40 {
        let seeds = if pair % 2 == 0 { [11, 12] } else { [12, 11] };
        // Most pairs start 0-4 ms apart; one in four up to two runs' time apart, so that some
        // second runs come just as the first one swaps its folder in and unlocks.
        let gap = match pair % 4 {
            3 => run_time.mul_f64(2.0 * rng.unit()),
            _ => Duration::from_secs_f64(0.004 * rng.unit()),
        };
        let results = race(&out, seeds, gap);
        let mut ok = Vec::new();
        for (seed, code, stderr) in &results {
            match code {
                Some(0) => ok.push(*seed),
                Some(2) => assert_refused_cleanly(stderr, &out.display().to_string()),
                _ => panic!("pair {pair}, seed {seed}: exit {code:?}: {stderr}"),
            }
        }
        let now = read_folder(&out);
        let is = |seed: u64| now == if seed == 11 { a.clone() } else { b.clone() };
        match ok.as_slice() {
            [only] => refused += usize::from(is(*only)),
            [_, _] => both += usize::from(is(11) || is(12)),
            _ => panic!("pair {pair}: neither run succeeded: {results:?}"),
        }
        assert!(is(11) || is(12), "pair {pair}: folder {:?}", names(&now));
    }
    println!("40 pairs: {refused} with one run refused, {both} with both run one after the other");
    assert_eq!(refused + both, 40, "the folder is the successful run's");
    assert_eq!(
        names(&read_folder(&parent)),
        ["out"],
        "nothing left beside it"
    );
}

#[test]
fn a_folder_with_other_files_is_refused_and_chart_keeps_them() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let first = solo(3, &out);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let args = run_args(4, &out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = callprofit(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("notes.txt") && stderr.contains("fix") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let mut with_notes = first.clone();
    with_notes.insert("notes.txt".into(), b"mine".to_vec());
    assert!(read_folder(&out) == with_notes, "untouched");
    // chart DIR keeps what it read and the user's file, and adds its charts.
    let (code, _, stderr) = callprofit(&["chart", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let after = read_folder(&out);
    for (name, bytes) in &with_notes {
        if name != ".callprofit-files" {
            assert!(after.get(name) == Some(bytes), "{name} kept");
        }
    }
    assert!(after.contains_key("profit_histogram.svg"));
    let listed = String::from_utf8_lossy(&after[".callprofit-files"]).into_owned();
    assert!(listed.contains("summary.json") && listed.contains("profit_histogram.svg"));
    assert!(
        !listed.contains("notes.txt"),
        "the user's file stays the user's"
    );
    assert_eq!(names(&read_folder(tmp.path())), ["out"]);
}
