//! Writing the output: into a temporary folder beside it, swapped into place only when every
//! file is written, so a failed or interrupted build leaves the previous output whole.
//!
//! nianbao marks its outputs with a file ([`MARKER`]) and never replaces or deletes a folder
//! without that mark, nor one that holds the content, the themes or the project.
//!
//! A file whose bytes are those of the same file in the previous output is not written again:
//! the new output links to it (a hard link), so it keeps its modification time, and tools that
//! upload what changed by size and time (`rsync`, `aws s3 sync`) upload only what the build
//! changed. The previous output's files are never written to, so it stays whole until the swap.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

/// The file that marks a folder as nianbao's output, safe to replace.
pub const MARKER: &str = ".nianbao-output";

/// Refuses output folders that would destroy something: the project or the folders it is
/// read from (`read_from`: content and themes), a folder holding them, a folder inside those,
/// and non-empty folders nianbao did not create. Paths are compared resolved, links and all,
/// so that a link to the content folder is the content folder.
pub fn check_output_dir(output: &Path, project: &Path, read_from: &[&Path]) -> Result<PathBuf> {
    let out = absolute(output)?;
    for (i, p) in std::iter::once(project).chain(read_from.iter().copied()).enumerate() {
        let p = absolute(p)?;
        if out == p || p.starts_with(&out) {
            return Err(Error::refused(format!(
                "refusing to write the site into {}: it is or contains {}, which the build would replace",
                output.display(),
                p.display()
            ))
            .help("choose an output folder of its own, such as `public`"));
        }
        if out.starts_with(&p) && i > 0 {
            return Err(Error::refused(format!("refusing to write the site inside {}: the output would be read back as content", p.display()))
                .help("choose an output folder outside content/ and themes/, such as `public`"));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::refused(format!("{} exists and is not a folder", output.display())).help("remove it or choose another output folder"));
        }
        let empty = fs::read_dir(&out).map_err(|e| Error::io(&out, e))?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(Error::refused(format!("refusing to replace {}: it is not empty and was not written by nianbao (no {MARKER} file)", output.display()))
                .help("choose an empty or new output folder, or move the files away"));
        }
    }
    Ok(out)
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = lexical_normalize(&std::path::absolute(p).map_err(|e| Error::io(p, e))?);
    // Resolve the longest part that exists (links and all), so that two spellings of one
    // folder compare equal, and a folder not yet made under a link resolves through it.
    for existing in abs.ancestors() {
        if let Ok(real) = fs::canonicalize(existing) {
            return Ok(real.join(abs.strip_prefix(existing).unwrap_or(Path::new(""))));
        }
    }
    Ok(abs)
}

fn lexical_normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Names of the temporary folders beside `out`, so a later run can clear what a killed one left.
fn sibling(out: &Path, kind: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.nianbao-{kind}-{}", std::process::id()))
}

/// Removes temporary folders a killed build left beside `out` (nianbao-marked ones, and empty
/// ones of nianbao's naming).
pub fn clear_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let prefix = format!(".{}.nianbao-", name.to_string_lossy());
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        let fname = entry.file_name().to_string_lossy().into_owned();
        if !fname.starts_with(&prefix) {
            continue;
        }
        if entry.path().join(MARKER).exists() {
            let _ = fs::remove_dir_all(entry.path());
        } else {
            // Killed between making the folder and marking it: only an empty one is removed.
            let _ = fs::remove_dir(entry.path());
        }
    }
}

/// The temporary folders of builds under way in this process, so that an interrupted build
/// can remove its own ([`remove_unfinished`]). Held while a build swaps its output into
/// place, so that an interruption waits for a swap to finish rather than cut it in half.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary folders of the builds under way (for a build stopped by SIGINT or
/// SIGTERM, which runs no destructors); returns them. The previous outputs stay as they were.
pub fn remove_unfinished() -> Vec<PathBuf> {
    let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    let removed: Vec<PathBuf> = unfinished.drain(..).collect();
    for dir in &removed {
        let _ = fs::remove_dir_all(dir);
    }
    // Stays locked: the process is about to exit, and no build may start a swap now.
    std::mem::forget(unfinished);
    removed
}

/// A new output being written: a temporary folder beside `out`, swapped into place by
/// [`Staging::commit`] and removed if dropped without it, so a failed build leaves the old
/// output whole. Files may be written from any thread as they are rendered.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    /// The output being replaced, when there is one: its unchanged files are linked, not
    /// written again.
    previous: Option<PathBuf>,
    /// Cleared when a link fails (a file system without hard links, such as a FAT USB stick):
    /// then the previous output's files are no longer read to compare.
    linking: AtomicBool,
    /// Folders already made, so that each is made once.
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Starts a new output for `out` (already checked by [`check_output_dir`]).
    pub fn begin(out: &Path) -> Result<Staging> {
        clear_leftovers(out);
        // The new output is written beside the old one, so its folder must take a new folder.
        let parent = out.parent().unwrap_or(Path::new("/"));
        let unwritable = |e: std::io::Error| {
            Error::refused(format!("cannot write the site into {}: nianbao cannot make a folder in {}", out.display(), parent.display()))
                .because(e)
                .help("choose an output folder in a place you can write to (nianbao writes the new site beside the old one, then swaps it in)")
        };
        fs::create_dir_all(parent).map_err(unwritable)?;
        let tmp = sibling(out, "tmp");
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(unwritable)?;
        UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()).push(tmp.clone());
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        let staging = Staging { tmp, out: out.to_path_buf(), previous, linking: AtomicBool::new(true), made: Mutex::default(), committed: false };
        // The marker first: a killed build's folder is then recognisably ours and gets cleared.
        staging.write(MARKER, b"This folder is written by nianbao; `nianbao build` replaces it.\n")?;
        Ok(staging)
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes a file at `path` (relative, `/`-separated) in the new output.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = self.tmp.join(path);
        if let Some(parent) = file.parent()
            && !self.made.lock().unwrap().contains(parent)
        {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            self.made.lock().unwrap().insert(parent.to_path_buf());
        }
        if let Some(old) = self.previous.as_ref().filter(|_| self.linking.load(Ordering::Relaxed)).map(|p| p.join(path))
            && unchanged(&old, bytes)
        {
            if fs::hard_link(&old, &file).is_ok() {
                return Ok(());
            }
            self.linking.store(false, Ordering::Relaxed);
        }
        fs::write(&file, bytes).map_err(|e| Error::io(&file, e))
    }

    /// Puts the new output in place of the old one.
    pub fn commit(mut self) -> Result<()> {
        let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
        let result = swap(&self.tmp, &self.out);
        self.committed = result.is_ok();
        unfinished.retain(|d| *d != self.tmp);
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
            // (A poisoned or held lock means the process is exiting: nothing to tidy.)
            if let Ok(mut unfinished) = UNFINISHED.try_lock() {
                unfinished.retain(|d| *d != self.tmp);
            }
        }
    }
}

/// Whether `old` is a file of the previous output holding exactly `bytes`, and only there: a
/// regular file (not a link to one elsewhere) with no other name, so that sharing it with the
/// new output shares it with nothing else.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match fs::symlink_metadata(old) {
            Ok(m) if m.is_file() && m.nlink() == 1 && m.len() == bytes.len() as u64 => fs::read(old).is_ok_and(|b| b == bytes),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (old, bytes);
        false
    }
}

fn swap(tmp: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(tmp, out).map_err(|e| Error::io(out, e));
    }
    let old = sibling(out, "old");
    fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    // Dropping the previous output is best effort: the new one is already in place.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_cleared_only_when_marked_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let marked = dir.path().join(".public.nianbao-tmp-1");
        let empty = dir.path().join(".public.nianbao-tmp-2");
        let foreign = dir.path().join(".public.nianbao-tmp-3");
        for d in [&marked, &empty, &foreign] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(marked.join(MARKER), "").unwrap();
        fs::write(marked.join("index.html"), "old").unwrap();
        fs::write(foreign.join("notes.txt"), "someone's file").unwrap();
        clear_leftovers(&out);
        assert!(!marked.exists() && !empty.exists(), "nianbao's leftovers stay");
        assert!(foreign.join("notes.txt").exists(), "an unmarked folder with files was deleted");
    }
}
