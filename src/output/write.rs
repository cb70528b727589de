//! Safe output files: every file is written to a hidden temporary file
//! (`.geomention-XXXXXX`) in the target's directory and published only
//! when the whole set is complete.
//!
//! * [`OutputFiles`] is a set of targets published together (a CSV and its
//!   `.csvt` and `.prj` sidecars, the `--split-geometry` layers): all
//!   temporary files are written first, then published; on a failure none
//!   is published and every temporary file is removed.
//! * Only a regular file is ever replaced, and only with `force`: a
//!   directory, symbolic link, FIFO, socket or device at a target is an
//!   error naming it. Without `force` a file is published with no-clobber
//!   semantics (`renameat2(RENAME_NOREPLACE)`, or `link()` where that is
//!   missing), so a file created by someone else while this run worked is
//!   never overwritten, and of two runs writing one target, one wins and
//!   the other is refused. With `force` the target is checked with `lstat`
//!   right before the rename.
//! * Temporary files not yet published are registered, so that a signal
//!   handler in the binary can remove them ([`remove_temp_files_then`])
//!   before the process exits.
//! * [`write_atomic`] writes one file this way.

use std::fs::Metadata;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, ErrorKind, Result};

/// The temporary files this process has created and not yet published.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock cannot leave the list inconsistent
    // (pushes and removes are single operations), so poison is ignored.
    PENDING.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes every temporary output file this process has not published
/// yet, then runs `then` while still holding the registry, so that no
/// temporary file is created or published meanwhile. The binary calls
/// this from its SIGINT/SIGTERM handler thread with a `then` that exits
/// the process. Returns what `then` returns.
pub fn remove_temp_files_then<R>(then: impl FnOnce(usize) -> R) -> R {
    let mut list = pending();
    let n = list.len();
    for p in list.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    then(n)
}

/// A registered temporary file: removed (and unregistered) when dropped
/// unless published.
struct Temp {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temp {
    /// Creates a temporary file beside `target`, with the permissions a new
    /// file gets (0666 less the umask) or those of the regular file it will
    /// replace (`old`).
    fn create(target: &Path, old: Option<&Metadata>) -> Result<Temp> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".geomention-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = old
                .map(|m| m.permissions())
                .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666));
            builder.permissions(perms);
        }
        #[cfg(not(unix))]
        let _ = old;
        // Created and registered under the lock: a signal handler either
        // sees it registered or waits until it is.
        let mut list = pending();
        let file = builder.tempfile_in(dir).map_err(|e| {
            Error::invalid(format!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                os_message(&e)
            ))
            .with_path(target)
        })?;
        let path = file.path().to_path_buf();
        list.push(path.clone());
        Ok(Temp {
            file: Some(file),
            path,
        })
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let mut list = pending();
        if let Some(i) = list.iter().position(|p| *p == self.path) {
            list.swap_remove(i);
        }
        // Dropping the NamedTempFile removes the file (if still there).
        self.file.take();
    }
}

/// The message of an I/O error without the paths `tempfile` adds (the
/// temporary path means nothing to a user) and without repetition.
fn os_message(e: &io::Error) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    loop {
        if let Some(c) = cur
            .downcast_ref::<io::Error>()
            .and_then(|e| e.raw_os_error())
        {
            return io::Error::from_raw_os_error(c).to_string();
        }
        match cur.source() {
            Some(s) => cur = s,
            None => break,
        }
    }
    // `tempfile` wraps the OS error in a private type whose text ends in
    // ` at path "…/.geomention-XXXXXX"`: keep the OS error's text.
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// An error writing to `target`, with one message (an I/O error's text
/// once, no temporary path).
fn write_error(e: Error, target: &Path) -> Error {
    match e.kind() {
        ErrorKind::Io(io) => {
            Error::invalid(format!("cannot write: {}", os_message(io))).with_path(target)
        }
        _ => e.with_path(target),
    }
}

/// What `lstat` finds at a target, named for an error message.
fn file_type_name(m: &Metadata) -> &'static str {
    let t = m.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Checks a target: nothing there, or a regular file and `force`. Returns
/// the regular file's metadata.
fn check_target(target: &Path, force: bool) -> Result<Option<Metadata>> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::invalid(os_message(&e)).with_path(target)),
        Ok(m) if m.file_type().is_file() => {
            if force {
                Ok(Some(m))
            } else {
                Err(Error::invalid(
                    "output file exists; use -f/--force to overwrite it (nothing was written)",
                )
                .with_path(target))
            }
        }
        Ok(m) => Err(Error::invalid(format!(
            "is {}; an output replaces only a regular file, even with -f/--force (nothing was written)",
            file_type_name(&m)
        ))
        .with_path(target)),
    }
}

/// One target of a set.
struct Slot {
    target: PathBuf,
    /// `None` once discarded: the set leaves no file at this target.
    temp: Option<Temp>,
}

/// A set of output files published together; see the [module
/// docs](self).
pub struct OutputFiles {
    force: bool,
    slots: Vec<Slot>,
}

impl OutputFiles {
    /// An empty set. With `force`, regular files at the targets are
    /// replaced.
    pub fn new(force: bool) -> OutputFiles {
        OutputFiles {
            force,
            slots: Vec::new(),
        }
    }

    /// Adds a target: checks it (refusing anything but a regular file, and
    /// an existing file without `force`) and creates its temporary file.
    /// Returns its index in the set.
    pub fn add(&mut self, target: &Path) -> Result<usize> {
        let old = check_target(target, self.force)?;
        let temp = Temp::create(target, old.as_ref())?;
        self.slots.push(Slot {
            target: target.to_path_buf(),
            temp: Some(temp),
        });
        Ok(self.slots.len() - 1)
    }

    /// The target of slot `i`.
    pub fn target(&self, i: usize) -> &Path {
        &self.slots[i].target
    }

    /// Writes the content of slot `i` (buffered, flushed and synced).
    pub fn write(
        &mut self,
        i: usize,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let slot = &mut self.slots[i];
        let target = slot.target.as_path();
        let Some(file) = slot.temp.as_mut().and_then(|t| t.file.as_mut()) else {
            return Err(
                Error::invalid("internal: output slot discarded before writing").with_path(target),
            );
        };
        let mut buf = io::BufWriter::new(file.as_file_mut());
        write(&mut buf).map_err(|e| write_error(e, target))?;
        buf.flush().map_err(|e| write_error(e.into(), target))?;
        drop(buf);
        file.as_file()
            .sync_all()
            .map_err(|e| write_error(e.into(), target))
    }

    /// Drops slot `i`'s temporary file: the set leaves no file at its
    /// target. A regular file there (from an earlier run) is removed when
    /// the set is published ([`OutputFiles::add`] already refused it
    /// without `force`).
    pub fn discard(&mut self, i: usize) {
        self.slots[i].temp = None;
    }

    /// Publishes the set: every written temporary file is renamed to its
    /// target, and regular files at discarded targets are removed. Returns
    /// the files removed. On an error nothing of this set stays published
    /// except files that replaced others with `force` before it.
    pub fn publish(mut self) -> Result<Vec<PathBuf>> {
        // Under the lock for the whole set: a signal handler waits until
        // the set is published (or taken back), so it never leaves half a
        // set, nor removes a file just published.
        let mut list = pending();
        // With force, every target is checked before the first rename, so
        // that a target turned into a directory or link meanwhile stops
        // the set before any file of it is replaced.
        if self.force {
            for slot in &self.slots {
                check_target(&slot.target, true)?;
            }
        }
        let mut done: Vec<PathBuf> = Vec::new();
        let mut removed = Vec::new();
        for i in 0..self.slots.len() {
            let slot = &mut self.slots[i];
            let r = match slot.temp.as_mut() {
                Some(t) => publish_one(t, &slot.target, self.force, &mut list),
                None => remove_stale(&slot.target).map(|gone| {
                    if gone {
                        removed.push(slot.target.clone());
                    }
                }),
            };
            match r {
                Ok(()) if slot.temp.is_some() => done.push(slot.target.clone()),
                Ok(()) => {}
                Err(e) => {
                    // Without force, the files published so far are new:
                    // take them back so that no half set stays.
                    if !self.force {
                        for p in &done {
                            let _ = std::fs::remove_file(p);
                        }
                    }
                    return Err(e);
                }
            }
        }
        Ok(removed)
    }
}

/// Renames a temporary file to its target: with no-clobber semantics
/// without `force`; with `force`, over a regular file only (checked with
/// `lstat` right before).
fn publish_one(temp: &mut Temp, target: &Path, force: bool, list: &mut Vec<PathBuf>) -> Result<()> {
    let Some(file) = temp.file.take() else {
        return Err(Error::invalid("internal: output published twice").with_path(target));
    };
    let result = if force {
        match check_target(target, true) {
            Err(e) => {
                temp.file = Some(file);
                Err(e)
            }
            Ok(_) => file.persist(target).map(|_| ()).map_err(|e| {
                temp.file = Some(e.file);
                Error::invalid(format!("cannot replace it: {}", os_message(&e.error)))
                    .with_path(target)
            }),
        }
    } else {
        file.persist_noclobber(target).map(|_| ()).map_err(|e| {
            temp.file = Some(e.file);
            let msg = if e.error.kind() == io::ErrorKind::AlreadyExists {
                "output file was created by someone else while this run worked; use -f/--force to overwrite it (nothing was written)".to_string()
            } else {
                format!("cannot create it: {}", os_message(&e.error))
            };
            Error::invalid(msg).with_path(target)
        })
    };
    if result.is_ok() {
        if let Some(i) = list.iter().position(|p| *p == temp.path) {
            list.swap_remove(i);
        }
    }
    result
}

/// Removes a regular file at a discarded target; returns whether one was
/// there.
fn remove_stale(target: &Path) -> Result<bool> {
    match check_target(target, true)? {
        None => Ok(false),
        Some(_) => std::fs::remove_file(target).map(|()| true).map_err(|e| {
            Error::invalid(format!(
                "cannot remove the earlier run's file: {}",
                os_message(&e)
            ))
            .with_path(target)
        }),
    }
}

/// Writes `path` safely (see the [module docs](self)): the content goes to
/// a temporary file in the same directory, which becomes `path` only when
/// `write` succeeds. Refuses to replace an existing file unless `force` is
/// set, and anything but a regular file even then.
pub fn write_atomic(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut set = OutputFiles::new(force);
    let i = set.add(path)?;
    set.write(i, write)?;
    set.publish().map(|_| ())
}
