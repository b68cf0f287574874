//! All-or-nothing output folders. A command writes every file into a fresh hidden folder beside
//! the target (`.<name>.tmp-<pid>-<random>`, same parent so a rename can move it), then swaps it
//! in: on Linux with one `renameat2(RENAME_EXCHANGE)`, so at every instant the target is entirely
//! the old folder or entirely the new one, even if the process is killed.
//!
//! Folder semantics: a command replaces the whole folder with exactly its files (plus the hidden
//! list `.callprofit-files` naming them). It refuses a folder holding anything that list does not
//! name, so a mistyped `--out` never deletes a user's own files. `chart DIR` is the exception:
//! it keeps everything already in the folder and adds or replaces only its charts.
//!
//! Two runs into one folder: an exclusive lock on `.<name>.lock` in the parent, held from
//! `prepare` to the end of the command; a second run is refused at once. Under the lock, any
//! `.<name>.tmp-*` or `.<name>.old-*` sibling is a killed run's leftover and is removed.

use super::lock::Lock;
use crate::error::InputError;
use std::cell::RefCell;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The hidden list of the files callprofit wrote into a folder: what a later run may replace.
const MANIFEST: &str = ".callprofit-files";

/// An output folder locked for this run, with the temporary folder its files go to; dropped
/// without `write_all`, it removes the temporary folder and leaves the target as it was.
pub struct OutputDir {
    /// The folder as the user named it (messages and the paths printed).
    pub path: PathBuf,
    /// The same folder resolved: canonical parent joined with its name.
    target: PathBuf,
    temp: PathBuf,
    /// `chart DIR`: the folder's other files are carried into the new one.
    keep: bool,
    /// Files `stream` already wrote into `temp`, listed and swapped in with `write_all`'s.
    streamed: RefCell<Vec<String>>,
    /// Released only after `drop` has removed `temp`, so the lock covers the clean-up.
    _lock: Lock,
}

impl OutputDir {
    /// Locks `path` for a command that replaces the whole folder. Nothing is created but the
    /// parent folders, the lock file and the hidden temporary folder (the writability probe).
    pub fn prepare(path: &Path) -> Result<OutputDir, InputError> {
        OutputDir::open(path, false)
    }

    /// Locks an existing folder for `chart DIR`, which keeps the folder's other files.
    pub fn prepare_keeping(path: &Path) -> Result<OutputDir, InputError> {
        OutputDir::open(path, true)
    }

    fn open(path: &Path, keep: bool) -> Result<OutputDir, InputError> {
        let shown = path.display().to_string();
        let unwritable = |e: io::Error| {
            InputError::file(
                &shown,
                format!("output folder is not writable ({e})"),
                "choose another folder with --out (its parent folder must be writable too)",
            )
        };
        let (parent, name) = resolve(path, keep).map_err(unwritable)?;
        let target = parent.join(&name);
        refuse_current_folder(&target, &shown)?;
        let lock = Lock::take(&parent, &name, &shown)?;
        clean_leftovers(&parent, &name, &target);
        if !keep {
            check_replaceable(&target, &shown)?;
        }
        let temp = parent.join(sibling(&name, "tmp"));
        fs::create_dir(&temp).map_err(unwritable)?;
        Ok(OutputDir {
            path: path.to_path_buf(),
            target,
            temp,
            keep,
            streamed: RefCell::new(Vec::new()),
            _lock: lock,
        })
    }

    /// Writes one file into the temporary folder now, through `fill`, so a large file is
    /// streamed rather than held in memory. Like every file, it appears in the target only when
    /// `write_all` swaps the folder in; `write_all` lists it (before its own files, in the order
    /// streamed) in the folder's list and among the paths it returns. The writer is `Send`
    /// because the workbook's zip writer asks for one.
    pub fn stream(
        &self,
        name: &str,
        fill: impl FnOnce(&mut (dyn io::Write + Send)) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let failed = |e: &dyn std::fmt::Display| {
            let fix = "free disk space or choose another folder with --out";
            let shown = self.path.join(name).display().to_string();
            InputError::file(shown, format!("cannot be written ({e})"), fix)
        };
        let file = fs::File::create(self.temp.join(name)).map_err(|e| failed(&e))?;
        let mut w = io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w).map_err(|e| failed(&e))?;
        io::Write::flush(&mut w).map_err(|e| failed(&e))?;
        self.streamed.borrow_mut().push(name.to_string());
        Ok(())
    }

    /// Writes every file into the temporary folder, then swaps it in for the target: the target
    /// ends entirely new, or (on any error) stays entirely as it was.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<PathBuf>> {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let streamed = self.streamed.borrow();
        let mut listed: Vec<String> = Vec::new();
        if self.keep && self.target.is_dir() {
            let mut skip = names.clone();
            skip.extend(streamed.iter().map(String::as_str));
            skip.push(MANIFEST);
            carry(&self.target, &self.temp, &skip).map_err(|e| self.cannot("be copied", e))?;
            listed = read_manifest(&self.target);
        }
        for (name, bytes) in files {
            fs::write(self.temp.join(name), bytes).map_err(|e| {
                let fix = "free disk space or choose another folder with --out";
                InputError::file(
                    self.path.join(name).display().to_string(),
                    format!("cannot be written ({e})"),
                    fix,
                )
            })?;
        }
        listed.extend(streamed.iter().cloned());
        listed.extend(names.iter().map(|n| n.to_string()));
        let manifest = manifest_bytes(&listed);
        fs::write(self.temp.join(MANIFEST), manifest).map_err(|e| self.cannot("be written", e))?;
        // No fsync: the promise is against a killed or failed run, not a power cut.
        let old = swap(&self.temp, &self.target).map_err(|e| self.cannot("be replaced", e))?;
        if let Some(old) = old {
            drop(fs::remove_dir_all(old));
        }
        let all = streamed.iter().map(String::as_str).chain(names);
        Ok(all.map(|n| self.path.join(n)).collect())
    }

    fn cannot(&self, what: &str, e: io::Error) -> InputError {
        InputError::file(
            self.path.display().to_string(),
            format!("cannot {what} ({e})"),
            "check the folder's permissions and free space, or choose another folder with --out",
        )
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // Before the swap this is the unfinished new folder; after it, already gone.
        drop(fs::remove_dir_all(&self.temp));
    }
}

/// The canonical parent and the name of `path`. Parent folders are created for a new folder
/// (not for `chart`, whose folder must exist); an existing target is resolved through links.
fn resolve(path: &Path, keep: bool) -> io::Result<(PathBuf, OsString)> {
    let abs = if keep || fs::symlink_metadata(path).is_ok() {
        fs::canonicalize(path)?
    } else {
        let name = path.file_name().ok_or_else(no_name)?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(parent)?;
        fs::canonicalize(parent)?.join(name)
    };
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name.to_os_string())),
        _ => Err(no_name()),
    }
}

fn no_name() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "it names no folder")
}

/// Swapping the current folder would leave the user's shell in a deleted folder.
fn refuse_current_folder(target: &Path, shown: &str) -> Result<(), InputError> {
    let cwd = std::env::current_dir().and_then(fs::canonicalize);
    if cwd.is_ok_and(|cwd| cwd.starts_with(target)) {
        let fix = "run from outside it and name it by its path, e.g. from its parent folder";
        let problem = "is the current folder (or holds it), which callprofit cannot replace";
        return Err(InputError::file(shown, problem, fix));
    }
    Ok(())
}

/// A hidden sibling name unique to this process and moment: `.<name>.<kind>-<pid>-<random>`.
fn sibling(name: &OsString, kind: &str) -> OsString {
    use std::hash::{BuildHasher, RandomState};
    let random = RandomState::new().hash_one(std::time::SystemTime::now());
    let pid = std::process::id();
    let name = name.to_string_lossy();
    OsString::from(format!(".{name}.{kind}-{pid}-{random:016x}"))
}

/// Whether `entry` is a temporary or old folder `sibling` made for `name` (and not, say, the
/// temporary folder of a target named `name.tmp-1`).
fn is_leftover(entry: &str, name: &str) -> bool {
    ["tmp", "old"].iter().any(|kind| {
        let rest = entry.strip_prefix(&format!(".{name}.{kind}-"));
        rest.and_then(|r| r.split_once('-'))
            .is_some_and(|(pid, random)| {
                !pid.is_empty()
                    && pid.bytes().all(|b| b.is_ascii_digit())
                    && random.len() == 16
                    && random.bytes().all(|b| b.is_ascii_hexdigit())
            })
    })
}

/// Removes what killed runs left beside the target. Only the lock holder makes these folders,
/// so under the lock every one is stale. A target missing beside an `.old-` folder was killed
/// between the two renames of `two_step`: the old folder goes back first.
fn clean_leftovers(parent: &Path, name: &OsString, target: &Path) {
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| is_leftover(n, &name))
        .collect();
    stale.sort();
    if fs::symlink_metadata(target).is_err()
        && let Some((_, old)) = stale.iter().find(|(n, _)| n.contains(".old-"))
    {
        drop(fs::rename(old, target));
    }
    for (_, path) in stale.iter().filter(|(_, p)| p.exists()) {
        drop(fs::remove_dir_all(path));
    }
}

/// A folder may be replaced when it is missing, empty, or holds only what its list names.
fn check_replaceable(target: &Path, shown: &str) -> Result<(), InputError> {
    let entries = match fs::read_dir(target) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            let problem = format!("is not a folder callprofit can replace ({e})");
            return Err(InputError::file(
                shown,
                problem,
                "choose another folder with --out",
            ));
        }
    };
    let owned = read_manifest(target);
    let foreign = entries.flatten().map(|e| e.file_name()).find(|n| {
        let n = n.to_string_lossy();
        n != MANIFEST && !owned.iter().any(|o| *o == n)
    });
    match foreign {
        None => Ok(()),
        Some(n) => Err(InputError::file(
            shown,
            format!(
                "holds {}, which callprofit did not write; a run replaces the whole folder",
                n.to_string_lossy()
            ),
            "move it out, delete the folder, or choose another folder with --out",
        )),
    }
}

fn read_manifest(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn manifest_bytes(names: &[String]) -> Vec<u8> {
    let mut out = b"# Written by callprofit; a later run into this folder replaces it.\n".to_vec();
    let mut seen: Vec<&str> = Vec::new();
    for n in names.iter().filter(|n| *n != MANIFEST) {
        if !seen.contains(&n.as_str()) {
            seen.push(n);
            out.extend_from_slice(n.as_bytes());
            out.push(b'\n');
        }
    }
    out
}

/// Copies the folder `from` into `to` but for the names in `skip`: hard links where the file
/// system allows (the old folder is deleted next, so nothing is shared for long), else copies.
fn carry(from: &Path, to: &Path, skip: &[&str]) -> io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            fs::create_dir(&dst)?;
            carry(&src, &dst, &[])?;
        } else if kind.is_symlink() {
            copy_link(&src, &dst)?;
        } else if fs::hard_link(&src, &dst).is_err() {
            fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(src)?, dst)
}

#[cfg(not(unix))]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    fs::copy(src, dst).map(drop)
}

/// Puts `temp` in place of `target`; returns where the old folder now is, to be removed.
fn swap(temp: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(target).is_err() {
        fs::rename(temp, target)?;
        return Ok(None);
    }
    match exchange(temp, target) {
        Ok(()) => Ok(Some(temp.to_path_buf())),
        // EINVAL: this file system has no exchange; ENOSYS (Unsupported): nor has the kernel.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            two_step(temp, target).map(Some)
        }
        Err(e) => Err(e),
    }
}

/// One atomic exchange of the two folders' names: no instant without a complete target.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Where the file system cannot exchange: old aside, new in. Killed between the two renames,
/// the target is briefly missing; the next run puts the old folder back (`clean_leftovers`).
fn two_step(temp: &Path, target: &Path) -> io::Result<PathBuf> {
    let parent = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().map(OsString::from).unwrap_or_default();
    let old = parent.join(sibling(&name, "old"));
    fs::rename(target, &old)?;
    if let Err(e) = fs::rename(temp, target) {
        drop(fs::rename(&old, target));
        return Err(e);
    }
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_exactly() {
        assert!(is_leftover(".out.tmp-123-0123456789abcdef", "out"));
        assert!(is_leftover(".out.old-9-ffffffffffffffff", "out"));
        assert!(!is_leftover(".out.tmp-123-0123", "out"));
        assert!(!is_leftover(".out.lock", "out"));
        // The temporary folder of a target named `out.tmp-1` is not `out`'s.
        assert!(!is_leftover(".out.tmp-1.tmp-5-0123456789abcdef", "out"));
        assert!(is_leftover(
            ".out.tmp-1.tmp-5-0123456789abcdef",
            "out.tmp-1"
        ));
    }

    #[test]
    fn the_list_names_each_file_once() {
        let names = ["a.csv", "b.json", "a.csv", MANIFEST].map(String::from);
        let text = String::from_utf8(manifest_bytes(&names)).unwrap();
        assert_eq!(
            text.lines().skip(1).collect::<Vec<_>>(),
            ["a.csv", "b.json"]
        );
    }

    #[test]
    fn a_folder_dropped_unwritten_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("new").join("out");
        let out = OutputDir::prepare(&target).unwrap();
        assert!(OutputDir::prepare(&target).is_err(), "locked");
        drop(out);
        let left: Vec<_> = fs::read_dir(tmp.path().join("new")).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        let out = OutputDir::prepare(&target).unwrap();
        let files = [("a.csv".to_string(), b"1".to_vec())];
        assert_eq!(out.write_all(&files).unwrap(), [target.join("a.csv")]);
        drop(out);
        assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"1");
        assert_eq!(read_manifest(&target), ["a.csv"]);
    }

    /// A streamed file appears only with the swap, listed (and returned) before the others.
    #[test]
    fn streamed_files_are_swapped_in_with_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let out = OutputDir::prepare(&target).unwrap();
        out.stream("big.csv", |w| Ok(w.write_all(b"x,y\n")?))
            .unwrap();
        assert!(!target.exists(), "nothing visible before the swap");
        let files = [("a.csv".to_string(), b"1".to_vec())];
        let written = out.write_all(&files).unwrap();
        assert_eq!(written, [target.join("big.csv"), target.join("a.csv")]);
        drop(out);
        assert_eq!(fs::read(target.join("big.csv")).unwrap(), b"x,y\n");
        assert_eq!(read_manifest(&target), ["big.csv", "a.csv"]);
    }
}
