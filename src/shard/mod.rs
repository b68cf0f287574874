//! Shards: one process simulates a contiguous slice of a run's years (`--shard I/N`) and saves
//! the per-year rows, and `merge` puts the slices back in iteration order. Each year is a pure
//! function of (seed, iteration), so the merged rows are exactly one process's rows and the
//! very same summary and export code gives byte-identical files.
//!
//! A shard file is `shard-I-of-N.cpshard`: a header naming what was run (command, version, each
//! scenario file's text and so its hash, the command's other arguments, seed, iterations, I/N)
//! then sections, one per arm (a scenario of `compare`, a grid point of `sweep`) it touched.

mod bytes;
mod record;

use crate::engine::Detailed;
use crate::error::InputError;
use bytes::{Reader, Writer};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Bumped whenever the bytes below change meaning; a merge refuses any other.
const FORMAT: u32 = 3;
const MAGIC: &[u8; 8] = b"CPSHARD\n";
/// The least bytes one record takes: how `count` bounds a length read before the records.
const RECORD_BYTES: usize = 8;

/// `--shard I/N`: this process is slice I (from 0) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for ShardSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<ShardSpec, String> {
        let bad = || format!("'{s}' is not I/N with 0 <= I < N (e.g. --shard 0/4 .. 3/4)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(ShardSpec { index, count })
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Slice `spec` of `0..total`: contiguous, as even as whole numbers allow, covering every item
/// exactly once over I = 0..N (N may exceed `total`: some slices are then empty).
pub fn slice(total: u64, spec: ShardSpec) -> Range<u64> {
    let at = |i: u32| (u128::from(total) * u128::from(i) / u128::from(spec.count)) as u64;
    at(spec.index)..at(spec.index + 1)
}

/// One scenario file as the shard ran it: its name and its text (the hash is of these bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub file: String,
    pub text: String,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, InputError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::file(
                &file,
                format!("cannot read the scenario ({e})"),
                "check the path",
            )
        })?;
        Ok(Source { file, text })
    }

    /// FNV-1a, 64 bits: enough to tell two texts apart in a message; the merge compares the
    /// texts themselves as well.
    pub fn hash(&self) -> String {
        let h = self.text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("{h:016x}")
    }
}

/// What a shard belongs to, and which slice it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub command: String,
    pub version: String,
    pub sources: Vec<Source>,
    /// The command's other arguments that shape its outputs (a sweep's `--set`s).
    pub args: Vec<String>,
    pub charts: bool,
    pub seed: u64,
    pub iterations: u64,
    /// Arms in the whole run: 1 for `run`, the scenarios of `compare`, the points of `sweep`.
    pub arms: u32,
    pub shard: ShardSpec,
    /// Seconds this shard simulated (the merge reports their sum).
    pub seconds: f64,
}

/// A shard file's contents: per arm it touched, the rows of its slice of years.
pub struct Shard {
    pub header: Header,
    pub sections: Vec<(u32, Detailed)>,
}

pub fn file_name(spec: ShardSpec) -> String {
    format!("shard-{}-of-{}.cpshard", spec.index, spec.count)
}

/// Writes `shard` into `dir` under its own name, through a temporary file renamed over it, so a
/// resubmitted shard replaces its file whole and a merge never reads half a file.
pub fn write(dir: &Path, shard: &Shard) -> Result<PathBuf, InputError> {
    let shown = dir.display().to_string();
    let fail = |e: std::io::Error| {
        InputError::file(
            &shown,
            format!("cannot write the shard file ({e})"),
            "choose a writable folder with --out",
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = file_name(shard.header.shard);
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let done = (|| {
        std::fs::write(&temp, encode(shard))?;
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, dir.join(&name))
    })();
    if let Err(e) = done {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(dir.join(name))
}

fn encode(shard: &Shard) -> Vec<u8> {
    let mut w = Writer::default();
    let h = &shard.header;
    w.u64(u64::from_le_bytes(*MAGIC));
    w.u32(FORMAT);
    for s in [&h.command, &h.version] {
        w.str(s);
    }
    w.u64(h.sources.len() as u64);
    for s in &h.sources {
        w.str(&s.file);
        w.str(&s.text);
    }
    w.u64(h.args.len() as u64);
    h.args.iter().for_each(|a| w.str(a));
    w.u8(u8::from(h.charts));
    w.u64(h.seed);
    w.u64(h.iterations);
    w.u32(h.arms);
    w.u32(h.shard.index);
    w.u32(h.shard.count);
    w.f64(h.seconds);
    w.u64(shard.sections.len() as u64);
    for (arm, d) in &shard.sections {
        w.u32(*arm);
        encode_section(&mut w, d);
    }
    w.into_bytes()
}

fn encode_section(w: &mut Writer, d: &Detailed) {
    let years = d.records.len();
    w.u64(years as u64);
    w.u64(d.agents.len().checked_div(years).unwrap_or(0) as u64);
    w.u8(u8::from(!d.month_revenue_usd.is_empty()));
    d.records.iter().for_each(|r| record::write_record(w, r));
    d.agents.iter().for_each(|a| record::write_agent(w, a));
    d.month_revenue_usd.iter().flatten().for_each(|m| w.f64(*m));
    w.u64(d.hours.len() as u64);
    d.hours.iter().flatten().for_each(|h| w.u64(*h));
}

/// Reads one shard file; any fault names the file.
pub fn read(path: &Path) -> Result<Shard, InputError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::file(
            &shown,
            format!("cannot read the shard ({e})"),
            "check the path",
        )
    })?;
    decode(&bytes).map_err(|problem| {
        InputError::file(
            &shown,
            format!("not a readable shard file: {problem}"),
            "run that shard again (`--shard I/N` with the same arguments)",
        )
    })
}

fn decode(bytes: &[u8]) -> Result<Shard, String> {
    let mut r = Reader::new(bytes);
    if r.u64()? != u64::from_le_bytes(*MAGIC) {
        return Err("it does not start like one".into());
    }
    let format = r.u32()?;
    if format != FORMAT {
        return Err(format!(
            "format {format}, this callprofit reads format {FORMAT}"
        ));
    }
    let (command, version) = (r.str()?, r.str()?);
    let sources = (0..r.count(16)?)
        .map(|_| {
            Ok(Source {
                file: r.str()?,
                text: r.str()?,
            })
        })
        .collect::<Result<_, String>>()?;
    let args = (0..r.count(8)?)
        .map(|_| r.str())
        .collect::<Result<_, _>>()?;
    let header = Header {
        command,
        version,
        sources,
        args,
        charts: r.u8()? != 0,
        seed: r.u64()?,
        iterations: r.u64()?,
        arms: r.u32()?,
        shard: ShardSpec {
            index: r.u32()?,
            count: r.u32()?,
        },
        seconds: r.f64()?,
    };
    let sections = (0..r.count(8)?)
        .map(|_| Ok((r.u32()?, decode_section(&mut r)?)))
        .collect::<Result<_, String>>()?;
    if !r.is_empty() {
        return Err("bytes past its end".into());
    }
    Ok(Shard { header, sections })
}

fn decode_section(r: &mut Reader) -> Result<Detailed, String> {
    let years = r.count(RECORD_BYTES)?;
    let per_year = r.count(0)?;
    let months = r.u8()? != 0;
    let records = (0..years)
        .map(|_| record::read_record(r))
        .collect::<Result<_, _>>()?;
    let agents = (0..years.saturating_mul(per_year))
        .map(|_| record::read_agent(r))
        .collect::<Result<_, _>>()?;
    let month_revenue_usd = (0..if months { years } else { 0 })
        .map(|_| {
            let mut m = [0.0; 12];
            for v in &mut m {
                *v = r.f64()?;
            }
            Ok(m)
        })
        .collect::<Result<_, String>>()?;
    let hours = (0..r.count(24)?)
        .map(|_| Ok([r.u64()?, r.u64()?, r.u64()?]))
        .collect::<Result<_, String>>()?;
    Ok(Detailed {
        records,
        agents,
        hours,
        month_revenue_usd,
    })
}

mod merge;
pub use merge::{Merged, merge};
