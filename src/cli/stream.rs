//! Streaming `map`: a reader thread reads the inputs into bounded batches
//! (at most [`Stream::batch_bytes`] of text or [`BATCH_DOCS`] documents; a longer
//! document is a batch of its own), each batch is mapped in parallel as
//! soon as it is read, while the ones before it are finished and go to the
//! [`Sink`], in input order. Memory is set by the batch size, not by the
//! corpus: at most four batches are held (one being read, one waiting,
//! [`IN_FLIGHT`] being mapped or written).
//!
//! For the per-mention formats each document's rows are rendered by the
//! pool thread that mapped it ([`Stream::render`]), so that the thread
//! writing them in order only copies bytes: with two cores, two pool
//! threads do the work and the reader and the writer use about 1 % of the
//! CPU between them (per-thread CPU of a 50 MB run, docs/BENCHMARKS.md).
//!
//! Warnings are printed as the inputs are read; skipped directory entries
//! are printed once the reading is done (after every warning, as before
//! streaming); an input error stops the run and names the file and line.

use std::io::IsTerminal;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::ScopedJoinHandle;

use geomention::Geoparser;
use geomention::coverage::MemberParts;
use geomention::input::{Document, Notice, ReadOptions, Source, Visit};
use geomention::output::sink::{Ready, RowRenderer, Sink, batch_members};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::InputOpts;

/// A batch is sent to the mappers once it holds this many documents (or
/// [`Stream::batch_bytes`] of text).
pub const BATCH_DOCS: usize = 8192;

/// Batches handed to the pool at once: a finished batch is written while
/// the one after it is mapped. Three ([`in_order`] takes any depth) kept
/// the pool busier while the writing thread wrote, but cost 4-8 MB of
/// peak memory (16 MB with the 1 GB corpus near the 150 MB target) for no
/// wall-clock gain measured on two cores (docs/BENCHMARKS.md, "output6"
/// and the lead's session-9 section).
pub const IN_FLIGHT: usize = 2;

/// Why a stream stopped.
#[derive(Debug)]
pub enum StreamError {
    /// Reading the inputs failed (the error names the file and line), or
    /// there was no document.
    Input(anyhow::Error),
    /// The sink failed (writing the output).
    Output(geomention::Error),
}

impl From<StreamError> for anyhow::Error {
    fn from(e: StreamError) -> anyhow::Error {
        match e {
            StreamError::Input(e) => e,
            StreamError::Output(e) => e.into(),
        }
    }
}

/// What the reader thread sends: documents with the bytes of input they
/// were read from, or the error that stopped the reading.
enum Msg {
    Batch(Vec<Document>, u64),
    Error(geomention::Error),
}

/// A streaming run over some inputs.
pub struct Stream<'a> {
    pub parser: &'a Geoparser<'a>,
    pub sources: &'a [Source],
    pub input: &'a InputOpts,
    /// This run's output files, which a directory walk does not read
    /// ([`ReadOptions::outputs`]).
    pub outputs: &'a [(u64, u64)],
    pub quiet: bool,
    /// A batch is sent once it holds this many bytes of text.
    pub batch_bytes: usize,
    /// Renders the rows of each document on the thread that mapped it
    /// (the per-mention formats), so that the sink only writes bytes.
    pub render: Option<&'a RowRenderer<'a>>,
}

impl Stream<'_> {
    /// Reads, maps and hands every document to `sink` (begun before the
    /// first document; the caller finishes it). Returns the number of
    /// skipped directory entries (printed here).
    pub fn run(&self, sink: &mut dyn Sink) -> Result<usize, StreamError> {
        let progress = Progress::new(self.quiet, total_bytes(self.sources));
        let ropts = ReadOptions {
            follow: self.input.follow,
            max_doc_bytes: self.input.max_doc_bytes,
            outputs: self.outputs.to_vec(),
        };
        let (tx, rx) = sync_channel::<Msg>(1);
        let (fed, skipped) = std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let mut b = Batcher {
                    tx,
                    docs: Vec::new(),
                    text_bytes: 0,
                    input_bytes: 0,
                    skipped: Vec::new(),
                    quiet: self.quiet,
                    batch_bytes: self.batch_bytes,
                    progress: &progress,
                };
                let read = geomention::input::read_sources_each(self.sources, &ropts, &mut b)
                    .and_then(|()| b.flush());
                match read {
                    Ok(()) => Some(b.skipped),
                    Err(e) => {
                        let _ = b.tx.send(Msg::Error(e));
                        None
                    }
                }
            });
            let fed = self.feed(rx, sink, &progress);
            // The receiver is dropped by now: a reader still sending stops.
            let skipped = reader.join().unwrap_or_default();
            (fed, skipped)
        });
        progress.finish();
        let any = fed?;
        // Read to the end: the skipped entries, after every warning.
        let skipped = skipped.unwrap_or_default();
        for n in &skipped {
            eprintln!("geomention: error: {n}");
        }
        if !any {
            return Err(StreamError::Input(anyhow::anyhow!(
                "no documents to map (every input was empty or skipped)"
            )));
        }
        Ok(skipped.len())
    }

    /// Maps each batch received while the ones before it go to the sink
    /// ([`in_order`], [`IN_FLIGHT`] at once). A batch starts mapping as
    /// soon as it is read, before the ones ahead of it are written: the
    /// pool threads go on to it while the last documents of those are
    /// mapped (no pause at the end of each batch). Returns whether there
    /// was any document.
    fn feed(
        &self,
        rx: Receiver<Msg>,
        sink: &mut dyn Sink,
        progress: &Progress,
    ) -> Result<bool, StreamError> {
        let members = sink.members_wanted();
        let mut any = false;
        std::thread::scope(|s| {
            // `sink` is begun before the first batch and written to in
            // order: both closures reach it through one cell.
            let sink = std::cell::RefCell::new(sink);
            let start = |msg: Msg| match msg {
                Msg::Batch(docs, input_bytes) => {
                    if !any {
                        sink.borrow_mut().begin().map_err(StreamError::Output)?;
                        any = true;
                    }
                    Ok((s.spawn(move || self.map(docs, members)), input_bytes))
                }
                Msg::Error(e) => Err(StreamError::Input(e.into())),
            };
            let finish = |(mapper, input_bytes): (ScopedJoinHandle<'_, Mapped>, u64)| {
                let (results, members) = mapper
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                progress.advance(results.len() as u64, input_bytes);
                (sink.borrow_mut().ready_with(results, members)).map_err(StreamError::Output)
            };
            in_order(rx, IN_FLIGHT, start, finish)
        })?;
        Ok(any)
    }
}

/// Runs `start` on each input and `finish` on what it returned, in input
/// order, with up to `depth` inputs started and not yet finished: the
/// first is finished only once `depth` are started (or the inputs run
/// out). Stops at the first error.
fn in_order<T, H, E>(
    inputs: impl IntoIterator<Item = T>,
    depth: usize,
    mut start: impl FnMut(T) -> Result<H, E>,
    mut finish: impl FnMut(H) -> Result<(), E>,
) -> Result<(), E> {
    let mut started = std::collections::VecDeque::with_capacity(depth);
    for input in inputs {
        started.push_back(start(input)?);
        if started.len() >= depth {
            if let Some(h) = started.pop_front() {
                finish(h)?;
            }
        }
    }
    started.into_iter().try_for_each(finish)
}

/// A mapped batch, with its coverage members when the sink wants them.
type Mapped = (Vec<Ready>, Option<MemberParts>);

impl Stream<'_> {
    /// Maps a batch in parallel; with a renderer, each document's rows are
    /// rendered where it was mapped (a long one is left to the sink, which
    /// writes its rows as they come). With `members` (the sink's
    /// [`Sink::members_wanted`]), the batch's coverage members are
    /// computed here too, so that the thread feeding the sink does not
    /// wait for the pool to get to them, behind the next batch's mapping.
    fn map(&self, docs: Vec<Document>, members: Option<bool>) -> Mapped {
        if let Some(demonyms) = members {
            let results = self.parser.map_all_then(docs, |r| r);
            let m = batch_members(&results, demonyms);
            return (results.into_iter().map(Ready::Mapped).collect(), Some(m));
        }
        let ready = self.parser.map_all_then(docs, |r| match self.render {
            Some(rows) if r.document.text.len() < RowRenderer::MAX_TEXT => {
                Ready::Rendered(rows.render(&r))
            }
            _ => Ready::Mapped(r),
        });
        (ready, None)
    }
}

/// The sizes of the inputs, when all are files (0 when unknown: a
/// directory or standard input).
fn total_bytes(sources: &[Source]) -> u64 {
    let mut total = 0;
    for s in sources {
        match s {
            Source::Path(p) => match std::fs::metadata(p) {
                Ok(m) if m.is_file() => total += m.len(),
                _ => return 0,
            },
            Source::Stdin => return 0,
        }
    }
    total
}

/// The reader's side: documents gathered into batches.
struct Batcher<'a> {
    tx: SyncSender<Msg>,
    docs: Vec<Document>,
    text_bytes: usize,
    input_bytes: u64,
    skipped: Vec<Notice>,
    quiet: bool,
    batch_bytes: usize,
    progress: &'a Progress,
}

impl Batcher<'_> {
    /// Sends the documents gathered so far (none: nothing is sent).
    fn flush(&mut self) -> geomention::Result<()> {
        if self.docs.is_empty() {
            return Ok(());
        }
        let docs = std::mem::take(&mut self.docs);
        let n = std::mem::take(&mut self.input_bytes);
        self.text_bytes = 0;
        self.tx
            .send(Msg::Batch(docs, n))
            .map_err(|_| geomention::input::stopped())
    }
}

impl Visit for Batcher<'_> {
    fn document(&mut self, doc: Document, input_bytes: u64) -> geomention::Result<()> {
        if doc.text.len() >= super::allocator::LONG_TEXT {
            super::allocator::return_freed_at_once();
        }
        self.text_bytes += doc.text.len();
        self.input_bytes += input_bytes;
        self.docs.push(doc);
        if self.text_bytes >= self.batch_bytes || self.docs.len() >= BATCH_DOCS {
            self.flush()?;
        }
        Ok(())
    }

    fn notice(&mut self, notice: Notice) {
        if !self.quiet {
            self.progress
                .println(&format!("geomention: warning: {notice}"));
        }
    }

    fn skipped(&mut self, notice: Notice) {
        self.skipped.push(notice);
    }
}

/// Progress on standard error for runs of more than a second (documents
/// and bytes done, rate, time left when the input size is known): never
/// with `quiet`, nor when standard error is not a terminal.
struct Progress {
    bar: Option<ProgressBar>,
    start: std::time::Instant,
    docs: std::sync::atomic::AtomicU64,
}

impl Progress {
    fn new(quiet: bool, total: u64) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let (len, template) = if total > 0 {
                (
                    Some(total),
                    "{msg} documents, {bytes}/{total_bytes} ({bytes_per_sec}), {eta} left {wide_bar}",
                )
            } else {
                (None, "{msg} documents, {bytes} ({bytes_per_sec}) {spinner}")
            };
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
            bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
            bar
        });
        Progress {
            bar,
            start: std::time::Instant::now(),
            docs: Default::default(),
        }
    }

    /// A batch done: `docs` documents read from `bytes` bytes of input.
    fn advance(&self, docs: u64, bytes: u64) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        let d = self.docs.fetch_add(docs, Ordering::Relaxed) + docs;
        bar.inc(bytes);
        bar.set_message(d.to_string());
        if self.start.elapsed().as_secs() >= 1 && bar.is_hidden() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Prints a line on standard error above the bar.
    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first batch is written only once the two after it are mapping,
    /// and an error stops the run at once.
    #[test]
    fn the_first_input_is_finished_once_depth_are_started() {
        let log = std::cell::RefCell::new(Vec::new());
        let run = |n: u32, fail: Option<u32>| {
            log.borrow_mut().clear();
            let start = |i: u32| {
                log.borrow_mut().push(format!("start {i}"));
                if fail == Some(i) { Err(i) } else { Ok(i) }
            };
            let finish = |i: u32| {
                log.borrow_mut().push(format!("finish {i}"));
                Ok(())
            };
            let r = in_order(0..n, 3, start, finish);
            (r, log.borrow().join(", "))
        };
        assert_eq!(
            run(5, None),
            (
                Ok(()),
                "start 0, start 1, start 2, finish 0, start 3, finish 1, start 4, \
                 finish 2, finish 3, finish 4"
                    .into()
            )
        );
        assert_eq!(run(2, None).1, "start 0, start 1, finish 0, finish 1");
        assert_eq!(
            run(5, Some(3)),
            (
                Err(3),
                "start 0, start 1, start 2, finish 0, start 3".into()
            )
        );
    }
}
