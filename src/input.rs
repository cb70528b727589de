//! Reading documents: text files, directories (recursively), standard input
//! and JSON Lines files of `{"id", "text"}` rows.
//!
//! Problems that affect one file (invalid UTF-8, a binary file, an empty
//! file) are reported as [`Notice`]s and reading goes on. Entries of a
//! directory that cannot be read (a FIFO, a socket, a dangling or looping
//! symbolic link, a file whose read fails) are skipped and listed in
//! [`Inputs::skipped`], so the caller can map the rest and still fail. Problems
//! that make the input unusable (a missing path, a malformed JSON Lines row,
//! a document over [`ReadOptions::max_doc_bytes`]) are errors with the file
//! and line.
//!
//! Text is UTF-8, or UTF-16 (little- or big-endian) when the file starts
//! with its byte order mark. A byte order mark is dropped before the text
//! is stored, so mention offsets count from the first character after it.
//! Reading is bounded: no document, and no JSON Lines row, is read past the
//! limit before it is refused.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// The default of [`ReadOptions::max_doc_bytes`]: 64 MiB. Mapping needs
/// about 8 to 12 bytes of memory per byte of one document (`--format
/// mentions`), so this bounds a run to under 1 GB, and a whole 50 MB corpus
/// still reads as one text.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

/// How documents are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Follow symbolic links met while walking a directory. Paths given
    /// as sources are always followed.
    pub follow: bool,
    /// The largest document in bytes (of UTF-8): a text file, standard
    /// input, or one JSON Lines row. A larger one is an error.
    pub max_doc_bytes: u64,
    /// The files this run writes (their device and inode numbers): a
    /// directory walk does not read them as documents (a notice says so),
    /// and a path given as a source that is one of them is an error, so
    /// that a run never reads its own output, nor replaces its input.
    pub outputs: Vec<(u64, u64)>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            follow: false,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            outputs: Vec::new(),
        }
    }
}

/// One document to map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The id: the `id` of a JSON Lines row, the path of a text file as
    /// given, or `-` for standard input.
    pub id: String,
    /// The text.
    pub text: String,
}

/// Something the user should know about the input that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The file (or `-`).
    pub source: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file or directory path.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// Documents read, with notices.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The documents, in input order (directories sorted by path).
    pub documents: Vec<Document>,
    /// Notices about skipped or repaired input (warnings).
    pub notices: Vec<Notice>,
    /// Directory entries that could not be read and were skipped: a
    /// run that has any did not see all its input.
    pub skipped: Vec<Notice>,
}

/// What reading produces, in input order: [`read_sources_each`] hands
/// each document, notice and skipped entry to a `Visit` as soon as it is
/// read, so a caller can map documents in batches without holding them
/// all ([`Inputs`] collects them).
pub trait Visit {
    /// A document, with the bytes of input it was read from (a text
    /// file's bytes, a JSON Lines row with its line end): for progress.
    /// An error stops the reading and is returned by the reader.
    fn document(&mut self, doc: Document, input_bytes: u64) -> Result<()>;
    /// A notice (a warning: reading went on).
    fn notice(&mut self, notice: Notice);
    /// A directory entry that could not be read and was skipped.
    fn skipped(&mut self, notice: Notice);
}

impl Visit for Inputs {
    fn document(&mut self, doc: Document, _input_bytes: u64) -> Result<()> {
        self.documents.push(doc);
        Ok(())
    }

    fn notice(&mut self, notice: Notice) {
        self.notices.push(notice);
    }

    fn skipped(&mut self, notice: Notice) {
        self.skipped.push(notice);
    }
}

/// The error a [`Visit`] returns when its consumer stopped (the run ended
/// on another error): it stops the reading, and is not a skipped entry.
pub fn stopped() -> Error {
    Error::invalid("the run stopped before the input was read")
}

fn skip(out: &mut dyn Visit, path: &Path, message: String) {
    out.skipped(Notice {
        source: path.display().to_string(),
        message,
    });
}

/// Reads all sources with the default [`ReadOptions`].
pub fn read_sources(sources: &[Source]) -> Result<Inputs> {
    read_sources_with(sources, &ReadOptions::default())
}

/// Reads all sources.
pub fn read_sources_with(sources: &[Source], opts: &ReadOptions) -> Result<Inputs> {
    let mut out = Inputs::default();
    read_sources_each(sources, opts, &mut out)?;
    Ok(out)
}

/// Reads all sources, handing each document, notice and skipped entry to
/// `out` as soon as it is read (in the order [`read_sources_with`] lists
/// them). The first error stops the reading: documents before it were
/// handed over already.
pub fn read_sources_each(
    sources: &[Source],
    opts: &ReadOptions,
    out: &mut dyn Visit,
) -> Result<()> {
    for s in sources {
        match s {
            Source::Stdin => read_stream("-", std::io::stdin().lock(), false, opts, out)?,
            Source::Path(p) => read_top(p, opts, out)?,
        }
    }
    Ok(())
}

/// Reads one stream as [`read_sources_with`] reads a file: `source` names
/// it (and is the id of a plain-text document); `jsonl` reads it as JSON
/// Lines rows.
pub fn read_reader(
    source: &str,
    reader: impl Read,
    jsonl: bool,
    opts: &ReadOptions,
) -> Result<Inputs> {
    let mut out = Inputs::default();
    read_stream(source, reader, jsonl, opts, &mut out)?;
    Ok(out)
}

/// A path given as a source: followed if it is a link, and read whatever
/// it is (a FIFO given by name, such as `<(zcat a.gz)`, is read).
fn read_top(path: &Path, opts: &ReadOptions, out: &mut dyn Visit) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::invalid("no such file or directory").with_path(path)
        } else {
            Error::from(e).with_path(path)
        }
    })?;
    if meta.is_dir() {
        let mut ancestors = vec![file_key(&meta)];
        let entries = std::fs::read_dir(path).map_err(|e| Error::from(e).with_path(path))?;
        return walk(path, entries, opts, &mut ancestors, out);
    }
    if cfg!(unix) && opts.outputs.contains(&file_key(&meta)) {
        return Err(Error::invalid(
            "is also an output file of this run; write the output elsewhere (nothing was written)",
        )
        .with_path(path));
    }
    read_file(path, opts, out)
}

/// An identity of a file or directory (device and inode numbers): to find
/// symbolic link loops and a run's own output files.
#[cfg(unix)]
pub fn file_key(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
pub fn file_key(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// What a walk does with one entry.
enum Entry {
    Dir(std::fs::ReadDir, (u64, u64)),
    File,
    /// One of the run's own output files ([`ReadOptions::outputs`]).
    Output,
    Skip(String),
    NotFollowed,
}

/// Reads the entries of a directory in path order, hidden ones left out.
/// An entry that cannot be read is recorded in [`Inputs::skipped`] and the
/// walk goes on; a FIFO is never opened (it would block).
fn walk(
    dir: &Path,
    entries: std::fs::ReadDir,
    opts: &ReadOptions,
    ancestors: &mut Vec<(u64, u64)>,
    out: &mut dyn Visit,
) -> Result<()> {
    let mut paths = Vec::new();
    for e in entries {
        match e {
            Ok(e) => paths.push(e.path()),
            Err(e) => skip(out, dir, format!("cannot list an entry ({e}); skipped")),
        }
    }
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        match classify(&p, opts, ancestors) {
            Entry::Dir(entries, key) => {
                ancestors.push(key);
                walk(&p, entries, opts, ancestors, out)?;
                ancestors.pop();
            }
            Entry::File => match read_file(&p, opts, out) {
                Err(e) if matches!(e.kind(), ErrorKind::Io(_)) => {
                    skip(
                        out,
                        &p,
                        format!("cannot be read ({}); skipped", io_reason(&e)),
                    );
                }
                r => r?,
            },
            Entry::Skip(reason) => skip(out, &p, reason),
            Entry::Output => out.notice(Notice {
                source: p.display().to_string(),
                message: "an output file of this run; not read as a document".into(),
            }),
            Entry::NotFollowed => out.notice(Notice {
                source: p.display().to_string(),
                message: "symbolic link not followed (use --follow to read what links point to)"
                    .into(),
            }),
        }
    }
    Ok(())
}

/// The OS error of an I/O error, without the path.
fn io_reason(e: &Error) -> String {
    match e.kind() {
        ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

/// Tells what a directory entry is, without opening it.
fn classify(p: &Path, opts: &ReadOptions, ancestors: &[(u64, u64)]) -> Entry {
    let lmeta = match std::fs::symlink_metadata(p) {
        Ok(m) => m,
        Err(e) => return Entry::Skip(format!("cannot be read ({e}); skipped")),
    };
    let meta = if lmeta.file_type().is_symlink() {
        if !opts.follow {
            return Entry::NotFollowed;
        }
        match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Entry::Skip(
                    "dangling symbolic link (its target does not exist); skipped".into(),
                );
            }
            Err(e) => {
                return Entry::Skip(format!("symbolic link cannot be followed ({e}); skipped"));
            }
        }
    } else {
        lmeta
    };
    if meta.is_dir() {
        let key = file_key(&meta);
        if cfg!(unix) && ancestors.contains(&key) {
            return Entry::Skip(
                "symbolic link loop (leads back to a directory being read); skipped".into(),
            );
        }
        return match std::fs::read_dir(p) {
            Ok(entries) => Entry::Dir(entries, key),
            Err(e) => Entry::Skip(format!("cannot list the directory ({e}); skipped")),
        };
    }
    if meta.is_file() {
        if cfg!(unix) && opts.outputs.contains(&file_key(&meta)) {
            return Entry::Output;
        }
        return Entry::File;
    }
    Entry::Skip(format!(
        "{}; skipped (only regular files are read in a directory)",
        special_kind(&meta)
    ))
}

/// What a file that is neither a regular file nor a directory is.
#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO), not opened"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "not a regular file"
}

/// Whether a file name says JSON Lines: `.jsonl` or `.ndjson`, also before
/// a `.gz` (`news.jsonl.gz`).
fn jsonl_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

fn read_file(path: &Path, opts: &ReadOptions, out: &mut dyn Visit) -> Result<()> {
    let jsonl = jsonl_name(path);
    let f = std::fs::File::open(path).map_err(|e| Error::from(e).with_path(path))?;
    let meta = f.metadata().map_err(|e| Error::from(e).with_path(path))?;
    // Refused before reading when even UTF-16 (two bytes for each byte of
    // ASCII) would be over the limit; otherwise the read stops there.
    if !jsonl && meta.is_file() && meta.len() / 2 > opts.max_doc_bytes.saturating_add(2) {
        return Err(too_large(opts.max_doc_bytes).with_path(path));
    }
    // A regular file's length sizes the text buffer: read exactly, not
    // grown by doubling to up to twice the text.
    let size = meta.is_file().then_some(meta.len());
    let source = path.display().to_string();
    read_stream_sized(&source, f, size, jsonl, opts, out).map_err(|e| e.with_path(path))
}

fn too_large(max: u64) -> Error {
    Error::invalid(format!(
        "the document is larger than the limit of {max} bytes (--max-doc-bytes); \
         raise the limit or split the text"
    ))
}

/// Reads one stream of unknown length (see [`read_stream_sized`]).
fn read_stream(
    source: &str,
    reader: impl Read,
    jsonl: bool,
    opts: &ReadOptions,
    out: &mut dyn Visit,
) -> Result<()> {
    read_stream_sized(source, reader, None, jsonl, opts, out)
}

/// Reads one stream: a gzip stream is decompressed first (one level: a
/// gzip file inside it is binary), then [`read_plain`]. `size` is the
/// stream's length in bytes, if known.
fn read_stream_sized(
    source: &str,
    mut reader: impl Read,
    size: Option<u64>,
    jsonl: bool,
    opts: &ReadOptions,
    out: &mut dyn Visit,
) -> Result<()> {
    let head = read_head(&mut reader)?;
    if !head.starts_with(&[0x1F, 0x8B]) {
        return read_plain(source, head, reader, size, jsonl, opts, out);
    }
    let mut gz = Gunzip(flate2::read::MultiGzDecoder::new(
        head.as_slice().chain(reader),
    ));
    let head = read_head(&mut gz)?;
    read_plain(source, head, gz, None, jsonl, opts, out)
}

/// The first 8 KiB of a stream.
fn read_head(reader: &mut impl Read) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(8192);
    reader.take(8192).read_to_end(&mut head)?;
    Ok(head)
}

/// A gzip decoder whose errors say that the gzip stream is bad.
struct Gunzip<R>(R);

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
                std::io::Error::new(e.kind(), format!("invalid gzip data: {e}"))
            }
            std::io::ErrorKind::UnexpectedEof => std::io::Error::new(
                e.kind(),
                "the gzip stream ends early (a truncated .gz file?)",
            ),
            _ => e,
        })
    }
}

/// Reads one uncompressed stream whose first bytes `head` were read
/// already: the encoding from its byte order mark, then a binary check on
/// `head`, then the text or its JSON Lines rows.
fn read_plain(
    source: &str,
    head: Vec<u8>,
    reader: impl Read,
    size: Option<u64>,
    jsonl: bool,
    opts: &ReadOptions,
    out: &mut dyn Visit,
) -> Result<()> {
    let little = match head.get(..2) {
        Some([0xFF, 0xFE]) => Some(true),
        Some([0xFE, 0xFF]) => Some(false),
        _ => None,
    };
    if let Some(le) = little {
        let mut dec = Utf16Reader::new(BufReader::new(head[2..].chain(reader)), le);
        read_text(source, BufReader::new(&mut dec), None, jsonl, opts, out)?;
        if dec.bad > 0 {
            out.notice(Notice {
                source: source.to_string(),
                message: format!(
                    "invalid UTF-16 ({} unpaired surrogate{} or odd byte); replaced with U+FFFD",
                    dec.bad,
                    if dec.bad == 1 { "" } else { "s" }
                ),
            });
        }
        return Ok(());
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    if looks_binary(body) {
        out.notice(Notice {
            source: source.to_string(),
            message: "looks like a binary file; skipped".into(),
        });
        return Ok(());
    }
    let reader = BufReader::with_capacity(READ_BUF_BYTES, body.chain(reader));
    read_text(source, reader, size, jsonl, opts, out)
}

/// The buffer a file is read through: reads of this size take the kernel
/// fewer calls and page look-ups than the standard 8 KiB.
const READ_BUF_BYTES: usize = 64 << 10;

/// Reads a text document, or JSON Lines rows if `jsonl`; a known `size`
/// (UTF-8 bytes) is the text's capacity.
fn read_text(
    source: &str,
    reader: impl BufRead,
    size: Option<u64>,
    jsonl: bool,
    opts: &ReadOptions,
    out: &mut dyn Visit,
) -> Result<()> {
    if jsonl {
        return read_jsonl(source, reader, opts.max_doc_bytes, out);
    }
    let limit = opts.max_doc_bytes.saturating_add(1);
    let cap = size.map_or(0, |n| n.min(limit));
    let mut bytes = Vec::with_capacity(usize::try_from(cap).unwrap_or(0));
    reader
        .take(opts.max_doc_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > opts.max_doc_bytes {
        return Err(too_large(opts.max_doc_bytes));
    }
    let text = decode(source, bytes, out);
    if text.trim().is_empty() {
        out.notice(Notice {
            source: source.to_string(),
            message: "empty; no document read".into(),
        });
        return Ok(());
    }
    if looks_like_jsonl(&text) {
        let fix = if source == "-" {
            "write it to a file named .jsonl (or .ndjson) and name that file"
        } else {
            "name the file .jsonl (or .ndjson)"
        };
        out.notice(Notice {
            source: source.to_string(),
            message: format!(
                "read as one plain-text document, but its first line is a JSON object with a \
                 \"text\": to map each line as a document, {fix}"
            ),
        });
    }
    let n = text.len() as u64;
    out.document(
        Document {
            id: source.to_string(),
            text,
        },
        n,
    )
}

/// Whether bytes look like a binary file: a NUL byte, or many control
/// characters, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 20 > head.len().max(1)
}

/// Counts the replacement characters lossy decoding adds.
fn bad_sequences(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| c == '\u{FFFD}')
        .count()
}

/// Decodes UTF-8; invalid sequences are replaced and reported with the byte
/// offset of the first one.
fn decode(source: &str, bytes: Vec<u8>, out: &mut dyn Visit) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bad_sequences(&bytes);
            out.notice(Notice {
                source: source.to_string(),
                message: format!(
                    "invalid UTF-8 at byte offset {at} ({bad} bad sequence{}); replaced with U+FFFD",
                    if bad == 1 { "" } else { "s" }
                ),
            });
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

/// Reads UTF-16 as UTF-8 bytes; unpaired surrogates and an odd last byte
/// become U+FFFD and are counted in `bad`.
struct Utf16Reader<R> {
    inner: R,
    little: bool,
    out: Vec<u8>,
    pos: usize,
    high: Option<u16>,
    bad: usize,
}

impl<R: Read> Utf16Reader<R> {
    fn new(inner: R, little: bool) -> Self {
        Utf16Reader {
            inner,
            little,
            out: Vec::with_capacity(8192),
            pos: 0,
            high: None,
            bad: 0,
        }
    }

    fn next_unit(&mut self) -> std::io::Result<Option<u16>> {
        let mut b = [0u8; 2];
        let mut got = 0;
        while got < 2 {
            match self.inner.read(&mut b[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(match got {
            0 => None,
            1 => {
                self.bad += 1;
                Some(0xFFFD)
            }
            _ if self.little => Some(u16::from_le_bytes(b)),
            _ => Some(u16::from_be_bytes(b)),
        })
    }

    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn bad_char(&mut self) {
        self.bad += 1;
        self.push('\u{FFFD}');
    }

    /// Decodes the next few thousand code units into `out`.
    fn fill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.len() < 8000 {
            let Some(u) = self.next_unit()? else {
                if self.high.take().is_some() {
                    self.bad_char();
                }
                break;
            };
            let unit = u32::from(u);
            match (self.high.take(), u) {
                (None, 0xD800..=0xDBFF) => self.high = Some(u),
                (None, 0xDC00..=0xDFFF) => self.bad_char(),
                (Some(h), 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (unit - 0xDC00);
                    self.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
                (Some(_), 0xD800..=0xDBFF) => {
                    self.bad_char();
                    self.high = Some(u);
                }
                (high, _) => {
                    if high.is_some() {
                        self.bad_char();
                    }
                    self.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.out.len() {
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[derive(serde::Deserialize)]
struct Row {
    id: Option<serde_json::Value>,
    text: Option<String>,
}

/// Reads JSON Lines rows one line at a time: a line longer than `max`
/// bytes is refused before more of it is read.
/// Whether a text read as plain text starts like JSON Lines: its first line
/// is a JSON object with a string "text" (a corpus file without the .jsonl
/// name, or a corpus piped to standard input).
fn looks_like_jsonl(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default().trim();
    if !(first.starts_with('{') && first.ends_with('}')) {
        return false;
    }
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(first)
        .is_ok_and(|row| row.get("text").is_some_and(serde_json::Value::is_string))
}

fn read_jsonl(source: &str, mut reader: impl BufRead, max: u64, out: &mut dyn Visit) -> Result<()> {
    let mut buf = Vec::new();
    let mut lineno = 0u64;
    let mut any = false;
    let mut first_bad: Option<(u64, usize)> = None;
    let mut bad = 0usize;
    loop {
        buf.clear();
        // Room for the row, then "\r\n".
        let n = (&mut reader)
            .take(max.saturating_add(2))
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::from(e).with_line(lineno + 1))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let ended = buf.last() == Some(&b'\n');
        if ended {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        if buf.len() as u64 > max {
            return Err(Error::invalid(format!(
                "the row is longer than the limit of {max} bytes (--max-doc-bytes); \
                 raise the limit or split the document"
            ))
            .with_line(lineno));
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(e) => {
                first_bad.get_or_insert((lineno, e.valid_up_to()));
                bad += bad_sequences(&buf);
                String::from_utf8_lossy(&buf)
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        out.document(parse_row(source, &line, lineno)?, n as u64)?;
    }
    if let Some((line, at)) = first_bad {
        out.notice(Notice {
            source: source.to_string(),
            message: format!(
                "invalid UTF-8 on line {line} at byte offset {at} of the line ({bad} bad sequence{} in the file); replaced with U+FFFD",
                if bad == 1 { "" } else { "s" }
            ),
        });
    }
    if !any {
        out.notice(Notice {
            source: source.to_string(),
            message: "empty; no document read".into(),
        });
    }
    Ok(())
}

fn parse_row(source: &str, line: &str, lineno: u64) -> Result<Document> {
    let row: Row = serde_json::from_str(line).map_err(|e| row_error(line, &e).with_line(lineno))?;
    let Some(text) = row.text else {
        return Err(Error::parse("row has no \"text\" string").with_line(lineno));
    };
    let id = match row.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None => format!("{source}:{lineno}"),
        Some(_) => {
            return Err(Error::parse("\"id\" must be a string or a number").with_line(lineno));
        }
    };
    Ok(Document { id, text })
}

/// A message for a row serde_json refused. Its own message counts lines
/// within the row ("at line 1 column 20"); the caller adds the file's line.
fn row_error(line: &str, e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let col = e.column();
    let full = e.to_string();
    let msg = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    match e.classify() {
        Category::Data => Error::parse(format!(
            "not a JSON object with \"id\" and \"text\": {msg} (column {col})"
        )),
        _ if surrogate_escape(line, col).is_some() => {
            let esc = surrogate_escape(line, col).unwrap_or_default();
            Error::parse(format!(
                "column {col}: the JSON escape \"{esc}\" is an unpaired UTF-16 surrogate, \
                 which is not a character (\\ud800-\\udbff must be followed by \\udc00-\\udfff); \
                 the row cannot be read"
            ))
        }
        _ => Error::parse(format!("invalid JSON at column {col}: {msg}")),
    }
}

/// The `\uXXXX` surrogate escape among the last two escapes before byte
/// column `col` (where serde_json stopped), if there is one.
fn surrogate_escape(line: &str, col: usize) -> Option<&str> {
    let mut end = col.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let mut rest = &line[..end];
    for _ in 0..2 {
        let at = rest.rfind("\\u")?;
        let esc = line.get(at..at + 6)?;
        if u16::from_str_radix(&esc[2..], 16).is_ok_and(|u| (0xD800..=0xDFFF).contains(&u)) {
            return Some(esc);
        }
        rest = &rest[..at];
    }
    None
}

/// Reads JSON Lines documents from a string (for tests and library users).
pub fn documents_from_jsonl(source: &str, text: &str) -> Result<Vec<Document>> {
    let mut out = Inputs::default();
    read_jsonl(source, text.as_bytes(), u64::MAX, &mut out)?;
    Ok(out.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bytes(source: &str, bytes: &[u8], jsonl: bool, out: &mut dyn Visit) -> Result<()> {
        read_stream(source, bytes, jsonl, &ReadOptions::default(), out)
    }

    #[test]
    fn json_lines_read_as_text_get_a_notice() {
        let rows = "{\"id\":\"a\",\"text\":\"Shelling hit Idlib.\"}\n";
        for (text, warned) in [(rows, true), ("{not json}\n", false), ("Idlib { }", false)] {
            let mut out = Inputs::default();
            read_bytes("part00", text.as_bytes(), false, &mut out).unwrap();
            assert_eq!(out.documents.len(), 1);
            let told = out.notices.iter().any(|n| n.message.contains(".jsonl"));
            assert_eq!(told, warned, "{text:?}: {:?}", out.notices);
        }
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let e =
            documents_from_jsonl("x.jsonl", "{\"id\":\"a\",\"text\":\"t\"}\n{oops\n").unwrap_err();
        assert_eq!(e.location().line, Some(2));
        let e = documents_from_jsonl("x.jsonl", "{\"id\":\"a\"}\n").unwrap_err();
        assert!(e.to_string().contains("no \"text\""), "{e}");
    }

    /// Issue 11: a lone surrogate escape was reported as "not a JSON object
    /// with id and text" at "line 1" of the row.
    #[test]
    fn lone_surrogate_escape_is_named() {
        for (text, esc) in [
            ("x \\ud800 y", "\\ud800"),
            ("x \\ud800", "\\ud800"),
            ("\\udc00", "\\udc00"),
            ("\\uD800\\u0041", "\\uD800"),
        ] {
            let rows =
                format!("{{\"id\":\"a\",\"text\":\"t\"}}\n{{\"id\":\"b\",\"text\":\"{text}\"}}\n");
            let e = documents_from_jsonl("x.jsonl", &rows).unwrap_err();
            let msg = e.to_string();
            assert_eq!(e.location().line, Some(2), "{msg}");
            let want = format!("\"{esc}\" is an unpaired UTF-16 surrogate");
            assert!(msg.contains(&want), "{msg}");
            assert!(!msg.contains("at line 1"), "{msg}");
            assert!(!msg.contains("not a JSON object"), "{msg}");
        }
        // A proper pair is a character.
        let d = documents_from_jsonl("x.jsonl", "{\"text\":\"\\ud83d\\ude00\"}").unwrap();
        assert_eq!(d[0].text, "\u{1F600}");
    }

    #[test]
    fn invalid_utf8_is_reported_with_offset() {
        let mut out = Inputs::default();
        read_bytes("f.txt", b"Idlib \xff\xfe text", false, &mut out).unwrap();
        assert_eq!(out.documents.len(), 1);
        assert!(
            out.notices[0].message.contains("byte offset 6"),
            "{:?}",
            out.notices
        );
    }

    #[test]
    fn binary_and_empty_are_skipped() {
        let mut out = Inputs::default();
        read_bytes("b.bin", b"\x00\x01\x02PNG", false, &mut out).unwrap();
        read_bytes("e.txt", b"  \n", false, &mut out).unwrap();
        assert!(out.documents.is_empty());
        assert_eq!(out.notices.len(), 2);
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    /// Compressed input (news dumps are often `.jsonl.gz`) is read as the
    /// text it holds: a text, JSON Lines rows, several gzip members.
    #[test]
    fn gzip_input_is_read_as_its_text() {
        let mut out = Inputs::default();
        read_bytes(
            "a.txt.gz",
            &gzip("Shelling hit Idlib.".as_bytes()),
            false,
            &mut out,
        )
        .unwrap();
        let rows = "{\"id\":\"a\",\"text\":\"Idlib\"}\n{\"id\":\"b\",\"text\":\"Hama\"}\n";
        let mut two = gzip(&rows.as_bytes()[..25]);
        two.extend(gzip(&rows.as_bytes()[25..]));
        read_bytes("n.jsonl.gz", &two, true, &mut out).unwrap();
        let docs: Vec<_> = out
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            docs,
            [
                ("a.txt.gz", "Shelling hit Idlib."),
                ("a", "Idlib"),
                ("b", "Hama")
            ]
        );
        assert!(out.notices.is_empty(), "{:?}", out.notices);
        assert!(jsonl_name(Path::new("dir/News.JSONL.gz")) && jsonl_name(Path::new("x.ndjson")));
        assert!(!jsonl_name(Path::new("x.txt.gz")) && !jsonl_name(Path::new("jsonl.gz")));
    }

    /// A truncated or corrupt .gz is an error that says so; a gzip file
    /// inside a gzip file is skipped as binary (one level is decoded).
    #[test]
    fn bad_gzip_is_named_and_nested_gzip_is_skipped() {
        let whole = gzip("Idlib and Hama and Aleppo".repeat(50).as_bytes());
        let mut out = Inputs::default();
        let e = read_bytes("t.gz", &whole[..whole.len() / 2], false, &mut out).unwrap_err();
        assert!(e.to_string().contains("gzip"), "{e}");
        let mut bad = whole.clone();
        bad[12..20].fill(0xFF);
        let e = read_bytes("t.gz", &bad, false, &mut out).unwrap_err();
        assert!(e.to_string().contains("gzip"), "{e}");
        read_bytes("t.gz.gz", &gzip(&whole), false, &mut out).unwrap();
        assert!(out.documents.is_empty());
        assert!(
            out.notices[0].message.contains("binary"),
            "{:?}",
            out.notices
        );
    }

    /// A text file is read into a buffer of its own size, not one grown
    /// by doubling (a 50 MB text held up to 100 MB).
    #[test]
    fn a_text_file_is_read_at_its_size() {
        let dir = std::env::temp_dir().join(format!("geomention-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("long.txt");
        let text = "Shelling hit Idlib. ".repeat(5_000) + "x";
        std::fs::write(&path, &text).unwrap();
        let got = read_sources(&[Source::Path(path)]);
        std::fs::remove_dir_all(&dir).unwrap();
        let doc = &got.unwrap().documents[0];
        assert_eq!(doc.text, text);
        assert_eq!(doc.text.capacity(), text.len());
    }

    fn utf16(s: &str, little: bool) -> Vec<u8> {
        let mut b = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            b.extend_from_slice(&if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        b
    }

    /// Issue 11: UTF-16 files with a byte order mark were skipped as binary.
    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Fighting near Idlib and Ḩalab \u{1F600}.\n";
        for little in [true, false] {
            let mut out = Inputs::default();
            read_bytes("u.txt", &utf16(text, little), false, &mut out).unwrap();
            assert_eq!(out.documents[0].text, text, "little={little}");
            assert!(out.notices.is_empty(), "{:?}", out.notices);
            let rows = "{\"id\":\"a\",\"text\":\"Idlib\"}\r\n{\"id\":\"b\",\"text\":\"Hama\"}\r\n";
            read_bytes("u.jsonl", &utf16(rows, little), true, &mut out).unwrap();
            assert_eq!(out.documents[2].text, "Hama");
        }
        // An unpaired surrogate and an odd last byte are replaced and told.
        let mut b = vec![0xFF, 0xFE, b'A', 0, 0x00, 0xD8, b'B', 0, b'C'];
        let mut out = Inputs::default();
        read_stream("u.txt", &b[..], false, &ReadOptions::default(), &mut out).unwrap();
        assert_eq!(out.documents[0].text, "A\u{FFFD}B\u{FFFD}");
        assert!(
            out.notices[0].message.contains("2 unpaired"),
            "{:?}",
            out.notices
        );
        b.truncate(2);
        let mut out = Inputs::default();
        read_stream("u.txt", &b[..], false, &ReadOptions::default(), &mut out).unwrap();
        assert!(out.documents.is_empty());
    }

    #[test]
    fn utf8_bom_is_dropped_before_offsets() {
        let mut out = Inputs::default();
        read_bytes("b.txt", b"\xEF\xBB\xBFIdlib", false, &mut out).unwrap();
        assert_eq!(out.documents[0].text, "Idlib");
    }

    /// Issue 11: a 200 MB line was read whole (and aborted the process
    /// when memory ran out) before any check.
    #[test]
    fn documents_and_rows_over_the_limit_are_errors() {
        let opts = ReadOptions {
            max_doc_bytes: 10,
            ..Default::default()
        };
        let mut out = Inputs::default();
        read_stream("t.txt", &b"0123456789"[..], false, &opts, &mut out).unwrap();
        let e = read_stream("t.txt", &b"0123456789A"[..], false, &opts, &mut out).unwrap_err();
        assert!(e.to_string().contains("limit of 10 bytes"), "{e}");
        let rows = b"{\"text\":\"a\"}\r\n{\"text\":\"ab\"}\n{\"text\":\"a\"}";
        let e = read_stream(
            "r.jsonl",
            &rows[..],
            true,
            &ReadOptions {
                max_doc_bytes: 12,
                ..Default::default()
            },
            &mut out,
        )
        .unwrap_err();
        assert_eq!(e.location().line, Some(2), "{e}");
        // A reader that never ends is not read past the limit.
        let e = read_stream("z", std::io::repeat(b'a'), true, &opts, &mut out).unwrap_err();
        assert_eq!(e.location().line, Some(1), "{e}");
        let e = read_stream("z", std::io::repeat(b'a'), false, &opts, &mut out).unwrap_err();
        assert!(e.to_string().contains("limit"), "{e}");
    }
}
