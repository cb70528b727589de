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
        let mut out = FileOut::new(file.as_file()).map_err(|e| write_error(e.into(), target))?;
        write(&mut out).map_err(|e| write_error(e, target))?;
        out.flush().map_err(|e| write_error(e.into(), target))?;
        drop(out);
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

/// The buffer of an output file: writes of this size cost the kernel about
/// a quarter less than the standard 8 KiB (docs/BENCHMARKS.md, "io
/// (session 16)").
const WRITE_BUF_BYTES: usize = 64 << 10;

/// A write of at least this many bytes goes to the file with the buffer's
/// bytes in one vectored call, not copied into the buffer (as the standard
/// 8 KiB `BufWriter` wrote a document's mention lines of that size).
const DIRECT_BYTES: usize = 8 << 10;

/// Written bytes are handed to the kernel's write-back every this many
/// bytes ([`FileOut`]).
const WRITEBACK_BYTES: u64 = 8 << 20;

/// A buffered writer of an output file, written front to back (a write
/// of [`DIRECT_BYTES`] or more is not copied into the buffer), whose
/// written bytes are handed to the kernel's write-back every
/// [`WRITEBACK_BYTES`] (Linux's `sync_file_range(SYNC_FILE_RANGE_WRITE)`,
/// which starts the writes without waiting for them): the disk works while
/// the documents are mapped, and the final `sync_all` waits for the last
/// few megabytes, not for the whole output (the 104 MB of mention lines of
/// the 50 MB corpus kept it 78-91 ms at the end of every run). Only a
/// hint: its errors are left to `sync_all`, which reports every write
/// error.
struct FileOut<'f> {
    file: &'f std::fs::File,
    buf: Vec<u8>,
    /// The file offset written up to.
    written: u64,
    /// The offset up to which write-back was started.
    started: u64,
}

impl<'f> FileOut<'f> {
    fn new(file: &'f std::fs::File) -> io::Result<FileOut<'f>> {
        use std::io::Seek;
        let at = (&mut &*file).stream_position()?;
        Ok(FileOut {
            file,
            buf: Vec::with_capacity(WRITE_BUF_BYTES),
            written: at,
            started: at,
        })
    }

    /// `n` bytes went to the file.
    fn wrote(&mut self, n: usize) {
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_BYTES {
            start_writeback(self.file, self.started, self.written - self.started);
            self.started = self.written;
        }
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.file.write_all(&self.buf)?;
            self.wrote(self.buf.len());
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes the buffer and then `bytes` in one vectored call (more if
    /// the kernel takes less), without copying `bytes` into the buffer.
    fn write_with_buf(&mut self, bytes: &[u8]) -> io::Result<()> {
        use io::{ErrorKind, IoSlice};
        let file = self.file;
        let mut parts = [IoSlice::new(&self.buf), IoSlice::new(bytes)];
        let mut left = &mut parts[..];
        while !left.is_empty() {
            match (&mut &*file).write_vectored(left) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut left, n),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let n = self.buf.len() + bytes.len();
        self.buf.clear();
        self.wrote(n);
        Ok(())
    }

    /// Whether `n` more bytes fit in the buffer.
    fn fits(&self, n: usize) -> bool {
        n <= WRITE_BUF_BYTES - self.buf.len()
    }
}

impl Write for FileOut<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if bytes.len() >= DIRECT_BYTES {
            self.write_with_buf(bytes)?;
            return Ok(bytes.len());
        }
        if !self.fits(bytes.len()) {
            self.flush_buf()?;
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_buf()
    }
}

/// Starts the write-back of `len` bytes of `file` from `from` (not
/// waiting for it).
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, from: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(from), Ok(len)) = (i64::try_from(from), i64::try_from(len)) else {
        return;
    };
    // SAFETY: a system call on an open descriptor with integer arguments;
    // it reads no memory of this process. Its result is a hint's: ignored
    // (the final `sync_all` reports write errors).
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), from, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File, _from: u64, _len: u64) {}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek};

    /// Small writes, writes that fill the buffer, and large writes (which
    /// bypass it) after a partly filled buffer land in the file in order;
    /// write-back is
    /// started once per [`WRITEBACK_BYTES`] written, from where the file
    /// was when the writer was made.
    #[test]
    fn file_out_writes_every_byte_in_order() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"head\n").unwrap();
        let mut want = b"head\n".to_vec();
        let big: Vec<u8> = (0..WRITE_BUF_BYTES * 3).map(|i| (i % 251) as u8).collect();
        let rows: Vec<Vec<u8>> = (0..3000)
            .map(|i| format!("row {i}\n").into_bytes())
            .collect();
        let mut out = FileOut::new(&file).unwrap();
        assert_eq!((out.written, out.started), (5, 5));
        while out.written - 5 < WRITEBACK_BYTES {
            out.write_all(b"a small write\n").unwrap();
            want.extend_from_slice(b"a small write\n");
            rows.iter().for_each(|r| out.write_all(r).unwrap());
            rows.iter().for_each(|r| want.extend_from_slice(r));
            out.write_all(&big).unwrap();
            want.extend_from_slice(&big);
            out.write_all(b"after a large write\n").unwrap();
            want.extend_from_slice(b"after a large write\n");
            out.write_all(&big[..DIRECT_BYTES + 1]).unwrap();
            want.extend_from_slice(&big[..DIRECT_BYTES + 1]);
        }
        out.flush().unwrap();
        assert_eq!(out.written, want.len() as u64);
        assert!(
            out.started > 5 && out.started <= out.written,
            "{}",
            out.started
        );
        assert!(out.written - out.started < WRITEBACK_BYTES + big.len() as u64);
        drop(out);
        let mut got = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut got).unwrap();
        assert!(
            got == want,
            "{} bytes written, {} read",
            want.len(),
            got.len()
        );
    }
}
