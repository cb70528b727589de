//! The output boundary every format writes through. A [`Sink`] is given
//! the mapped documents in input order, one at a time
//! ([`Sink::document`]) or a batch at a time ([`Sink::batch`]), after
//! [`Sink::begin`] and before [`Sink::finish`], so a caller can map a
//! corpus in bounded batches and hold only the current one:
//!
//! * [`MentionRows`]: the per-mention formats (JSON Lines, CSV) write each
//!   document's rows as it arrives.
//! * [`PlaceSink`]: the place formats (GeoJSON, GeoJSON sequences, CSV,
//!   HTML, partial results) fold each document into a [`Partial`] (place
//!   tables, coverage members, coordinates: all mergeable aggregates) and
//!   render it at [`Sink::finish`]. Partial results of other runs are
//!   folded in with [`PlaceSink::merge`].
//!
//! ```
//! use geomention::output::sink::{MentionRows, RowFormat, Sink};
//! use geomention::output::OutputOptions;
//! use geomention::{Document, Gazetteer, Geoparser};
//!
//! let gaz = Gazetteer::embedded().unwrap();
//! let parser = Geoparser::new(&gaz);
//! let mut out = Vec::new();
//! let mut sink = MentionRows::new(&gaz, OutputOptions::default(), RowFormat::JsonLines, &mut out);
//! sink.begin().unwrap();
//! for text in ["Shelling hit Idlib.", "Talks in Ankara."] {
//!     let r = parser.map(Document { id: text.into(), text: text.into() });
//!     sink.document(&r).unwrap();
//! }
//! Box::new(sink).finish().unwrap();
//! assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
//! ```

use std::io::Write;
use std::sync::Mutex;

use rayon::prelude::*;

use super::csv::{CsvOut, write_mention_header, write_mention_row};
use super::mentions::{GeometryCache, for_each_mention_of, push_lines_of};
use super::partial::Partial;
use super::{OutputOptions, PlaceTable};
use crate::DocResult;
use crate::coverage::{CoverageOptions, MemberParts};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Where an output goes: begin, each mapped document in input order,
/// finish.
pub trait Sink {
    /// Called once, before the first document (the CSV header).
    fn begin(&mut self) -> Result<()> {
        Ok(())
    }

    /// One mapped document.
    fn document(&mut self, r: &DocResult) -> Result<()>;

    /// Mapped documents, in order (a sink may fold them in parallel).
    fn batch(&mut self, results: &[DocResult]) -> Result<()> {
        for r in results {
            self.document(r)?;
        }
        Ok(())
    }

    /// Mapped documents in order, some perhaps already rendered by a
    /// [`RowRenderer`] on the threads that mapped them. This default
    /// hands the results to [`Sink::batch`]; only a sink that writes
    /// rendered rows ([`MentionRows`]) takes [`Ready::Rendered`].
    fn ready(&mut self, batch: Vec<Ready>) -> Result<()> {
        self.batch(&mapped_only(batch)?)
    }

    /// Whether this sink folds coverage members, and with which
    /// `demonyms` ([`batch_members`]): a caller mapping batches on other
    /// threads then computes each batch's members there and hands them to
    /// [`Sink::ready_with`], so that the thread feeding the sink does not
    /// wait for that work. `None` (the default): no members wanted.
    fn members_wanted(&self) -> Option<bool> {
        None
    }

    /// [`Sink::ready`], with the batch's coverage members already
    /// computed as [`Sink::members_wanted`] asked. This default takes
    /// none: members given to a sink that did not ask are an error.
    fn ready_with(&mut self, batch: Vec<Ready>, members: Option<MemberParts>) -> Result<()> {
        if members.is_some() {
            return Err(Error::invalid(
                "internal: coverage members given to a sink that did not ask for them",
            ));
        }
        self.ready(batch)
    }

    /// Called once, after the last document: writes what was folded and
    /// flushes.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// The mapped documents of a batch given to [`Sink::ready`] (an error
/// for rows already rendered: only [`MentionRows`] takes those).
fn mapped_only(batch: Vec<Ready>) -> Result<Vec<DocResult>> {
    let mut results = Vec::with_capacity(batch.len());
    for r in batch {
        match r {
            Ready::Mapped(r) => results.push(r),
            Ready::Rendered(_) => {
                return Err(Error::invalid(
                    "internal: rendered rows given to a sink that folds documents",
                ));
            }
        }
    }
    Ok(results)
}

/// A mapped document on its way to a [`Sink`].
#[derive(Debug)]
pub enum Ready {
    /// The document's result, for the sink to write or fold.
    Mapped(DocResult),
    /// The document's rows, rendered by a [`RowRenderer`] where it was
    /// mapped (or the error that stopped the rendering, reported when the
    /// sink reaches the document).
    Rendered(Result<Vec<u8>>),
}

/// The part of [`MentionRows`] that can run on the threads that map the
/// documents: one document's rows rendered into bytes, so that the thread
/// writing them in input order only copies bytes, and each result is
/// dropped where it was made. A long document (at least
/// [`RowRenderer::MAX_TEXT`] bytes of text) is better left to
/// [`MentionRows`], which writes its rows as they come instead of holding
/// them all.
pub struct RowRenderer<'g> {
    gaz: &'g Gazetteer,
    opts: OutputOptions,
    format: RowFormat,
    /// One geometry cache per thread of the rayon pool, and a last one for
    /// any other thread: each lock is taken by one thread at a time.
    caches: Vec<Mutex<GeometryCache>>,
}

impl<'g> RowRenderer<'g> {
    /// Texts from this length on are better written by [`MentionRows`].
    pub const MAX_TEXT: usize = ROW_BUF_BYTES / 4;

    /// A renderer of `format` rows, for the current rayon pool.
    pub fn new(gaz: &'g Gazetteer, opts: OutputOptions, format: RowFormat) -> RowRenderer<'g> {
        let n = rayon::current_num_threads() + 1;
        RowRenderer {
            gaz,
            opts,
            format,
            caches: (0..n).map(|_| Mutex::default()).collect(),
        }
    }

    /// The rows of one document, as [`MentionRows`] writes them.
    pub fn render(&self, r: &DocResult) -> Result<Vec<u8>> {
        let last = self.caches.len() - 1;
        let i = rayon::current_thread_index().map_or(last, |i| i.min(last));
        // A panic while rendering leaves at worst a partly filled cache of
        // correct entries.
        let mut cache = self.caches[i].lock().unwrap_or_else(|p| p.into_inner());
        let (gaz, opts) = (self.gaz, &self.opts);
        let mut buf = Vec::new();
        match self.format {
            RowFormat::JsonLines => {
                push_lines_of(gaz, r, opts, &mut cache, &mut buf, &mut |_| Ok(()))?;
            }
            RowFormat::Csv => {
                let mut out = CsvOut::new(&mut buf);
                for_each_mention_of(gaz, r, opts, &mut cache, &mut |v| {
                    write_mention_row(&mut out, &v)
                })?;
                out.flush()?;
            }
        }
        Ok(buf)
    }
}

/// The per-mention formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// One JSON object per mention and line.
    JsonLines,
    /// One CSV row per mention, header first.
    Csv,
}

/// The most JSON Lines bytes of one document held before they are
/// written.
const ROW_BUF_BYTES: usize = 1 << 20;

/// A sink that writes one row per mention as documents arrive (demonyms
/// only when `opts.demonyms`; coordinates in text order among the names),
/// or the rows a [`RowRenderer`] made ([`Sink::ready`]). Each place's
/// geometry is read once for the whole run.
pub struct MentionRows<'w> {
    gaz: &'w Gazetteer,
    opts: OutputOptions,
    cache: GeometryCache,
    format: RowFormat,
    w: &'w mut dyn Write,
    /// A buffer for one document's JSON Lines.
    buf: Vec<u8>,
}

impl<'w> MentionRows<'w> {
    /// A sink writing `format` to `w`.
    pub fn new(
        gaz: &'w Gazetteer,
        opts: OutputOptions,
        format: RowFormat,
        w: &'w mut dyn Write,
    ) -> MentionRows<'w> {
        MentionRows {
            gaz,
            opts,
            cache: GeometryCache::default(),
            format,
            w,
            buf: Vec::new(),
        }
    }
}

impl Sink for MentionRows<'_> {
    fn begin(&mut self) -> Result<()> {
        if self.format == RowFormat::Csv {
            let mut out = CsvOut::new(&mut *self.w);
            write_mention_header(&mut out)?;
            out.flush()?;
        }
        Ok(())
    }

    fn document(&mut self, r: &DocResult) -> Result<()> {
        let (gaz, opts, w) = (self.gaz, &self.opts, &mut *self.w);
        if self.format == RowFormat::Csv {
            // Each record is written whole: a writer per document gives
            // the bytes of one writer for all.
            let mut out = CsvOut::new(w);
            for_each_mention_of(gaz, r, opts, &mut self.cache, &mut |v| {
                write_mention_row(&mut out, &v)
            })?;
            out.flush()?;
            return Ok(());
        }
        let buf = &mut self.buf;
        buf.clear();
        push_lines_of(gaz, r, opts, &mut self.cache, buf, &mut |buf| {
            // A long document's lines go out as they come, not
            // held whole: a 50 MB text has 144 MB of them.
            if buf.len() >= ROW_BUF_BYTES {
                w.write_all(buf)?;
                buf.clear();
            }
            Ok(())
        })?;
        w.write_all(buf)?;
        Ok(())
    }

    fn ready(&mut self, batch: Vec<Ready>) -> Result<()> {
        for r in batch {
            match r {
                Ready::Mapped(r) => self.document(&r)?,
                Ready::Rendered(bytes) => self.w.write_all(&bytes?)?,
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// Which aggregates a place format needs (the others stay empty).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceNeeds {
    /// The table of toponyms ([`Partial::toponyms`]).
    pub toponyms: bool,
    /// The table with demonyms ([`Partial::all`]).
    pub all: bool,
    /// The coverage members of the FeatureCollection
    /// ([`Partial::members`]).
    pub members: bool,
}

/// Renders the folded aggregate at [`Sink::finish`].
pub type Render<'a> = Box<dyn FnOnce(Partial) -> Result<()> + 'a>;

/// A sink that folds documents into a [`Partial`] (and the coordinates
/// written in them, always) and renders it at the end.
pub struct PlaceSink<'a> {
    partial: Partial,
    needs: PlaceNeeds,
    render: Render<'a>,
}

impl<'a> PlaceSink<'a> {
    /// A sink folding what `needs` asks for; `demonyms` as `map
    /// --demonyms` (the coverage members count demonyms then).
    pub fn new(demonyms: bool, needs: PlaceNeeds, render: Render<'a>) -> PlaceSink<'a> {
        PlaceSink {
            partial: Partial {
                demonyms,
                ..Partial::default()
            },
            needs,
            render,
        }
    }

    /// Folds in the partial result of other documents (`geomention
    /// merge`); an error if it was mapped with another `demonyms`.
    pub fn merge(&mut self, other: Partial) -> Result<()> {
        self.partial.merge(other)
    }
}

/// The coverage members of a batch (as `map --demonyms` when
/// `demonyms`), computed in parallel on the current rayon pool: what a
/// [`PlaceSink`] folds, for [`Sink::ready_with`].
pub fn batch_members(results: &[DocResult], demonyms: bool) -> MemberParts {
    MemberParts::merged(batch_member_parts(results, demonyms))
}

/// Documents whose coverage members are computed as one task: a set per
/// chunk, not per document (sets per document cost 5 % more CPU time).
pub const MEMBER_CHUNK: usize = 16;

/// [`batch_members`] before the merge: the members of each chunk of
/// [`MEMBER_CHUNK`] documents, each chunk a task of its own (no pool thread
/// waits long for the last one), for a caller that merges them
/// elsewhere ([`MemberParts::merged`]).
pub fn batch_member_parts(results: &[DocResult], demonyms: bool) -> Vec<MemberParts> {
    let copts = CoverageOptions {
        demonyms,
        ..Default::default()
    };
    (results.par_chunks(MEMBER_CHUNK).with_max_len(1))
        .map(|c| MemberParts::from_results(c, &copts))
        .collect()
}

impl PlaceSink<'_> {
    /// Folds a batch: its members as given, else computed in parallel
    /// while this thread folds the tables.
    fn fold(&mut self, results: &[DocResult], members: Option<MemberParts>) {
        let needs = self.needs;
        let p = &mut self.partial;
        let demonyms = p.demonyms;
        let (toponyms, all, coordinates) = (&mut p.toponyms, &mut p.all, &mut p.coordinates);
        let mut tables = || {
            let add = |t: &mut PlaceTable, demonyms| {
                let opts = OutputOptions {
                    demonyms,
                    ..OutputOptions::default()
                };
                for r in results {
                    t.add_document(r, &opts);
                }
            };
            if needs.toponyms {
                add(toponyms, false);
            }
            if needs.all {
                add(all, true);
            }
            for r in results {
                coordinates.add_document(r);
            }
        };
        let members = match members {
            // Computed where the batch was mapped: the tables on this
            // thread, without waiting for the pool.
            Some(m) => {
                tables();
                needs.members.then_some(m)
            }
            None => {
                let compute = || needs.members.then(|| batch_members(results, demonyms));
                rayon::join(compute, tables).0
            }
        };
        if let Some(m) = members {
            p.members.merge(m);
        }
    }
}

impl Sink for PlaceSink<'_> {
    fn document(&mut self, r: &DocResult) -> Result<()> {
        self.batch(std::slice::from_ref(r))
    }

    fn batch(&mut self, results: &[DocResult]) -> Result<()> {
        self.fold(results, None);
        Ok(())
    }

    fn members_wanted(&self) -> Option<bool> {
        self.needs.members.then_some(self.partial.demonyms)
    }

    fn ready_with(&mut self, batch: Vec<Ready>, members: Option<MemberParts>) -> Result<()> {
        let results = mapped_only(batch)?;
        self.fold(&results, members);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        (self.render)(self.partial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Geoparser};

    /// A writer that records the largest single write.
    #[derive(Default)]
    struct Largest {
        bytes: Vec<u8>,
        largest: usize,
    }

    impl Write for Largest {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.largest = self.largest.max(b.len());
            self.bytes.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Documents with names, demonyms, a coordinate and a CSV-quoted
    /// context.
    fn mapped(gaz: &Gazetteer) -> Vec<DocResult> {
        super::super::map_texts(
            gaz,
            &[
                "Shelling hit Idlib, and talks in Ankara failed.",
                "Syrian forces moved \"north\" of Aleppo at 36°12′N 36°38′E.",
                "Nothing here.",
                "Turkish officials met in Gaziantep and Idlib.",
            ],
        )
    }

    /// A JSON Lines row sink with the default options, writing to `out`.
    fn json_rows<'w>(gaz: &'w Gazetteer, out: &'w mut dyn Write) -> MentionRows<'w> {
        MentionRows::new(gaz, OutputOptions::default(), RowFormat::JsonLines, out)
    }

    /// What a sink writes for `batch` (begun and finished).
    fn sink_bytes(
        gaz: &Gazetteer,
        opts: OutputOptions,
        f: RowFormat,
        batch: Vec<Ready>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut sink = MentionRows::new(gaz, opts, f, &mut out);
        sink.begin().unwrap();
        sink.ready(batch).unwrap();
        Box::new(sink).finish().unwrap();
        out
    }

    #[test]
    fn rows_rendered_where_mapped_are_the_rows_of_the_whole_run_writers() {
        let gaz = Gazetteer::embedded().unwrap();
        let results = mapped(&gaz);
        for demonyms in [false, true] {
            let opts = OutputOptions {
                demonyms,
                ..OutputOptions::default()
            };
            for f in [RowFormat::JsonLines, RowFormat::Csv] {
                let mut whole = Vec::new();
                match f {
                    RowFormat::JsonLines => {
                        super::super::mentions::write(&gaz, &results, &opts, &mut whole).unwrap()
                    }
                    RowFormat::Csv => {
                        super::super::csv::write_mentions(&gaz, &results, &opts, &mut whole)
                            .unwrap()
                    }
                }
                let rows = RowRenderer::new(&gaz, opts, f);
                let rendered: Vec<Ready> = (results.iter())
                    .map(|r| Ready::Rendered(rows.render(r)))
                    .collect();
                // Rendered, written by the sink, and both mixed.
                let mixed: Vec<Ready> = (results.iter().enumerate())
                    .map(|(i, r)| match i % 2 {
                        0 => Ready::Mapped(r.clone()),
                        _ => Ready::Rendered(rows.render(r)),
                    })
                    .collect();
                let mapped = results.iter().cloned().map(Ready::Mapped).collect();
                for batch in [rendered, mixed, mapped] {
                    let got = sink_bytes(&gaz, opts, f, batch);
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        String::from_utf8(whole.clone()).unwrap(),
                        "{f:?}, demonyms {demonyms}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_rendering_error_stops_the_sink_at_its_document() {
        let gaz = Gazetteer::embedded().unwrap();
        let mut out = Vec::new();
        let mut sink = json_rows(&gaz, &mut out);
        let batch = vec![
            Ready::Rendered(Ok(b"one\n".to_vec())),
            Ready::Rendered(Err(Error::invalid("no geometry"))),
            Ready::Rendered(Ok(b"three\n".to_vec())),
        ];
        let e = sink.ready(batch).unwrap_err();
        assert!(e.to_string().contains("no geometry"), "{e}");
        assert_eq!(out, b"one\n");
    }

    #[test]
    fn members_computed_where_mapped_fold_as_the_sink_would() {
        let gaz = Gazetteer::embedded().unwrap();
        let results = mapped(&gaz);
        let needs = PlaceNeeds {
            toponyms: true,
            all: true,
            members: true,
        };
        for demonyms in [false, true] {
            let folded = |given: bool| {
                let got = std::sync::Arc::new(Mutex::new(None));
                let keep = got.clone();
                let render: Render = Box::new(move |p| {
                    *keep.lock().unwrap() = Some(p);
                    Ok(())
                });
                let mut sink = PlaceSink::new(demonyms, needs, render);
                assert_eq!(sink.members_wanted(), Some(demonyms));
                for half in results.chunks(2) {
                    let batch = half.iter().cloned().map(Ready::Mapped).collect();
                    let m = given.then(|| batch_members(half, demonyms));
                    sink.ready_with(batch, m).unwrap();
                }
                Box::new(sink).finish().unwrap();
                let p = got.lock().unwrap().take();
                p.expect("the sink rendered")
            };
            let (given, computed) = (folded(true), folded(false));
            assert!(given.members.found > 0);
            assert_eq!(given.members, computed.members, "demonyms {demonyms}");
            assert_eq!(given, computed, "demonyms {demonyms}");
        }
        // A sink that did not ask for members refuses them.
        let mut out = Vec::new();
        let mut rows = json_rows(&gaz, &mut out);
        assert_eq!(rows.members_wanted(), None);
        let e = rows
            .ready_with(Vec::new(), Some(MemberParts::default()))
            .unwrap_err();
        assert!(e.to_string().contains("internal"), "{e}");
    }

    #[test]
    fn a_folding_sink_refuses_rendered_rows() {
        let mut sink = PlaceSink::new(false, PlaceNeeds::default(), Box::new(|_| Ok(())));
        let e = sink
            .ready(vec![Ready::Rendered(Ok(Vec::new()))])
            .unwrap_err();
        assert!(e.to_string().contains("internal"), "{e}");
    }

    #[test]
    fn a_long_documents_lines_are_written_as_they_come() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let text = "Shelling hit Idlib and Aleppo. ".repeat(3000);
        let r = parser.map(Document {
            id: "long".into(),
            text,
        });
        let mut w = Largest::default();
        let mut sink = json_rows(&gaz, &mut w);
        sink.begin().unwrap();
        sink.document(&r).unwrap();
        Box::new(sink).finish().unwrap();
        assert!(w.bytes.len() > 2 * ROW_BUF_BYTES, "{} bytes", w.bytes.len());
        // At most one line past the bound in any one write.
        assert!(
            w.largest < ROW_BUF_BYTES + 4096,
            "{} bytes at once",
            w.largest
        );
        assert_eq!(w.bytes.last(), Some(&b'\n'));
        let lines = String::from_utf8(w.bytes).unwrap();
        assert_eq!(lines.lines().count(), r.resolved.mentions.len());
    }
}
