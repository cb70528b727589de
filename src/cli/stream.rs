//! Streaming `map`: a reader thread reads the inputs into bounded batches
//! (about [`Stream::batch_bytes`] of text or [`BATCH_DOCS`] documents; longer
//! documents go in pairs, a very long one alone: [`batch_is_full`]), a
//! mapping thread maps them one after
//! another, each in parallel on the pool, and each mapped batch goes to the
//! [`Sink`] in input order while the next is mapped. Memory is set by the
//! batch size, not by the corpus: at most four batches are held (one read
//! and waiting for the mapper, one being mapped, one mapped and waiting,
//! one being written).
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

use geomention::Geoparser;
use geomention::coverage::MemberParts;
use geomention::input::{Document, Notice, ReadOptions, Source, Visit};
use geomention::output::sink::{Ready, RowRenderer, Sink, batch_member_parts};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::InputOpts;

/// A batch is sent to the mapper once it holds this many documents (or
/// enough text: [`batch_is_full`]).
pub const BATCH_DOCS: usize = 8192;

/// A batch of one document is sent once it holds this many times
/// [`Stream::batch_bytes`] of text; a shorter long document waits for the
/// next one.
pub const LONG_BATCH: usize = 4;

/// Whether a batch of `docs` documents and `text_bytes` of text is sent:
/// at [`BATCH_DOCS`] documents, or at `batch_bytes` of text with two
/// documents at least, unless one is very long ([`LONG_BATCH`]). The pool
/// then maps two long documents at once, each in its windows: one alone
/// left a core idle in its serial parts (documents of 4 MB, two threads:
/// 2.9 s alone, 2.3 s in pairs).
fn batch_is_full(docs: usize, text_bytes: usize, batch_bytes: usize) -> bool {
    let long = text_bytes >= LONG_BATCH.saturating_mul(batch_bytes);
    docs >= BATCH_DOCS || (text_bytes >= batch_bytes && (docs >= 2 || long))
}

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
    /// A batch is sent once it holds this many bytes of text (and two
    /// documents, unless far longer: [`batch_is_full`]).
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
        // The reader hands a batch over when the mapper takes it: by then
        // the next is read (reading is faster than mapping), and it holds
        // no second batch meanwhile.
        let (tx, rx) = sync_channel::<Msg>(0);
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
                        // The documents before the error are mapped and
                        // written first (the rows on standard output).
                        let _ = b.flush();
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

    /// Maps the batches received, one after another on a thread of its
    /// own ([`in_turn`]), while each mapped batch goes to the sink here, in
    /// order. Returns whether there was any document.
    fn feed(
        &self,
        rx: Receiver<Msg>,
        sink: &mut dyn Sink,
        progress: &Progress,
    ) -> Result<bool, StreamError> {
        let members = sink.members_wanted();
        let mut any = false;
        let map = |msg: Msg| match msg {
            Msg::Batch(docs, input_bytes) => Ok((self.map(docs, members), input_bytes)),
            Msg::Error(e) => Err(StreamError::Input(e.into())),
        };
        let finish = |((results, members), input_bytes): (Mapped, u64)| {
            if !any {
                sink.begin().map_err(StreamError::Output)?;
                any = true;
            }
            progress.advance(results.len() as u64, input_bytes);
            let members = members.map(MemberParts::merged);
            (sink.ready_with(results, members)).map_err(StreamError::Output)
        };
        in_turn(rx, map, finish)?;
        Ok(any)
    }
}

/// Runs `map` on each input, one after another on a thread of its own, and
/// `finish` on each result on this thread, in input order: input k+1 is
/// mapped while result k is finished, and at most one result waits between
/// them. Stops at the first error of either (the mapping thread stops once
/// its result is refused); a panic of the mapping thread is resumed here.
///
/// Batches are mapped one at a time on purpose. Two batches mapped at once
/// by the pool ran in lockstep: a pool thread waiting for the end of the
/// first batch took up the second as a whole, so the first finished only
/// with the second, and the pool then stood half idle while both were
/// written and the next two started (docs/BENCHMARKS.md, "Session 33").
fn in_turn<T: Send, U: Send, E: Send>(
    inputs: impl IntoIterator<Item = T> + Send,
    map: impl Fn(T) -> Result<U, E> + Sync,
    mut finish: impl FnMut(U) -> Result<(), E>,
) -> Result<(), E> {
    let (tx, rx) = sync_channel::<Result<U, E>>(1);
    std::thread::scope(|s| {
        let mapper = s.spawn(|| {
            for input in inputs {
                let out = map(input);
                let failed = out.is_err();
                // A refused result: the finishing side has stopped.
                if tx.send(out).is_err() || failed {
                    break;
                }
            }
            drop(tx);
        });
        let finished = rx.iter().try_for_each(|r| r.and_then(&mut finish));
        // A mapper still sending stops: its receiver is gone.
        drop(rx);
        if let Err(p) = mapper.join() {
            std::panic::resume_unwind(p);
        }
        finished
    })
}

/// A mapped batch, with the coverage members of each chunk of it when the
/// sink wants them (merged by the thread feeding the sink).
type Mapped = (Vec<Ready>, Option<Vec<MemberParts>>);

impl Stream<'_> {
    /// Maps a batch in parallel; with a renderer, each document's rows are
    /// rendered where it was mapped (a long one is left to the sink, which
    /// writes its rows as they come). With `members` (the sink's
    /// [`Sink::members_wanted`]), the coverage members are computed on the
    /// pool too, after the mapping ([`batch_member_parts`]), and merged by
    /// the feeding thread while the next batch is mapped.
    fn map(&self, docs: Vec<Document>, members: Option<bool>) -> Mapped {
        if let Some(demonyms) = members {
            let results = self.parser.map_all_then(docs, |r| r);
            let parts = batch_member_parts(&results, demonyms);
            return (
                results.into_iter().map(Ready::Mapped).collect(),
                Some(parts),
            );
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
        if batch_is_full(self.docs.len(), self.text_bytes, self.batch_bytes) {
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

    /// Batches close at the byte limit with two documents or more, alone
    /// only when very long, and at the document limit.
    #[test]
    fn long_documents_go_in_pairs() {
        let mb = 1 << 20;
        assert!(!batch_is_full(1, mb, 2 * mb));
        assert!(batch_is_full(900, 2 * mb, 2 * mb));
        assert!(!batch_is_full(1, 4 * mb, 2 * mb), "one long document waits");
        assert!(batch_is_full(2, 7 * mb, 2 * mb));
        assert!(
            batch_is_full(1, 8 * mb, 2 * mb),
            "a very long one goes alone"
        );
        assert!(batch_is_full(BATCH_DOCS, 100, 2 * mb));
        assert!(batch_is_full(2, 2, 1), "--batch-bytes 1");
        assert!(batch_is_full(1, usize::MAX, usize::MAX));
    }

    /// Results are finished in input order, each while the next input is
    /// mapped: finishing input 0 waits until input 1 is being mapped (ten
    /// seconds at most, then the test fails instead of hanging).
    #[test]
    fn inputs_are_finished_in_order_while_the_next_is_mapped() {
        use std::sync::mpsc::channel;
        use std::time::Duration;
        let (started, seen) = channel::<u32>();
        let started = std::sync::Mutex::new(started);
        let map = |i: u32| {
            started.lock().unwrap().send(i).unwrap();
            Ok::<u32, String>(i * 10)
        };
        let mut finished = Vec::new();
        let finish = |r: u32| {
            if r == 0 {
                // Input 1 is taken up while result 0 is being finished.
                let wait = |want| match seen.recv_timeout(Duration::from_secs(10)) {
                    Ok(i) if i == want => Ok(()),
                    other => Err(format!("waited for input {want}: {other:?}")),
                };
                wait(0)?;
                wait(1)?;
            }
            finished.push(r);
            Ok(())
        };
        assert_eq!(in_turn(0..5, map, finish), Ok(()));
        assert_eq!(finished, [0, 10, 20, 30, 40]);
    }

    /// An error of either side stops the run: nothing after a failed input
    /// is finished, and a failed finish stops the mapping thread within the
    /// two results that may be on their way.
    #[test]
    fn an_error_on_either_side_stops_the_run() {
        let mapped = std::sync::atomic::AtomicU32::new(0);
        let map = |i: u32| {
            mapped.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if i == 3 {
                Err(format!("input {i}"))
            } else {
                Ok(i)
            }
        };
        let mut finished = Vec::new();
        let r = in_turn(0..100, map, |i| {
            finished.push(i);
            Ok(())
        });
        assert_eq!(r, Err("input 3".to_string()));
        assert_eq!(finished, [0, 1, 2]);
        assert_eq!(mapped.load(std::sync::atomic::Ordering::SeqCst), 4);

        mapped.store(0, std::sync::atomic::Ordering::SeqCst);
        let r = in_turn(0..100, |i: u32| map(i + 10), |i| Err(format!("finish {i}")));
        assert_eq!(r, Err("finish 10".to_string()));
        let n = mapped.load(std::sync::atomic::Ordering::SeqCst);
        assert!(n <= 3, "{n} inputs mapped after the first finish failed");
    }

    /// A panic while mapping reaches the caller.
    #[test]
    fn a_panic_while_mapping_is_resumed() {
        let r = std::panic::catch_unwind(|| {
            in_turn(
                0..3,
                |i: u32| {
                    if i == 1 {
                        panic!("mapping {i}")
                    } else {
                        Ok::<u32, ()>(i)
                    }
                },
                |_| Ok(()),
            )
        });
        let p = r.expect_err("the panic reaches the caller");
        assert_eq!(
            p.downcast_ref::<String>().map(String::as_str),
            Some("mapping 1")
        );
    }
}
