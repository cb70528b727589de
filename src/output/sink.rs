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

use rayon::prelude::*;

use super::csv::{CsvOut, write_mention_header, write_mention_row};
use super::mentions::{GeometryCache, for_each_mention_of, for_each_row_of, push_row_line};
use super::partial::Partial;
use super::{OutputOptions, PlaceTable};
use crate::DocResult;
use crate::coverage::{CoverageOptions, MemberParts};
use crate::error::Result;
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

    /// Called once, after the last document: writes what was folded and
    /// flushes.
    fn finish(self: Box<Self>) -> Result<()>;
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

enum Rows<'w> {
    /// The writer and a buffer for one document's lines.
    Json(&'w mut dyn Write, Vec<u8>),
    Csv(Box<CsvOut<&'w mut dyn Write>>),
}

/// A sink that writes one row per mention as documents arrive (demonyms
/// only when `opts.demonyms`; coordinates in text order among the
/// names). Each place's geometry is read once for the whole run.
pub struct MentionRows<'w> {
    gaz: &'w Gazetteer,
    opts: OutputOptions,
    cache: GeometryCache,
    rows: Rows<'w>,
}

impl<'w> MentionRows<'w> {
    /// A sink writing `format` to `w`.
    pub fn new(
        gaz: &'w Gazetteer,
        opts: OutputOptions,
        format: RowFormat,
        w: &'w mut dyn Write,
    ) -> MentionRows<'w> {
        let rows = match format {
            RowFormat::JsonLines => Rows::Json(w, Vec::new()),
            RowFormat::Csv => Rows::Csv(Box::new(CsvOut::new(w))),
        };
        MentionRows {
            gaz,
            opts,
            cache: GeometryCache::default(),
            rows,
        }
    }
}

impl Sink for MentionRows<'_> {
    fn begin(&mut self) -> Result<()> {
        match &mut self.rows {
            Rows::Json(..) => Ok(()),
            Rows::Csv(out) => write_mention_header(out),
        }
    }

    fn document(&mut self, r: &DocResult) -> Result<()> {
        let (gaz, opts) = (self.gaz, &self.opts);
        match &mut self.rows {
            Rows::Json(w, buf) => {
                buf.clear();
                for_each_row_of(gaz, r, opts, &mut self.cache, &mut |row| {
                    push_row_line(row, buf)?;
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
            Rows::Csv(out) => for_each_mention_of(gaz, r, opts, &mut self.cache, &mut |v| {
                write_mention_row(out, &v)
            }),
        }
    }

    fn finish(self: Box<Self>) -> Result<()> {
        match self.rows {
            Rows::Json(w, _) => w.flush()?,
            Rows::Csv(mut out) => out.flush()?,
        }
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

/// The coverage members of a batch, computed in parallel.
fn member_parts(results: &[DocResult], demonyms: bool) -> MemberParts {
    let copts = CoverageOptions {
        demonyms,
        ..Default::default()
    };
    results
        .par_chunks(16)
        .map(|c| MemberParts::from_results(c, &copts))
        .reduce(MemberParts::default, |mut a, b| {
            a.merge(b);
            a
        })
}

impl Sink for PlaceSink<'_> {
    fn document(&mut self, r: &DocResult) -> Result<()> {
        self.batch(std::slice::from_ref(r))
    }

    fn batch(&mut self, results: &[DocResult]) -> Result<()> {
        let needs = self.needs;
        let p = &mut self.partial;
        let demonyms = p.demonyms;
        let (toponyms, all, coordinates) = (&mut p.toponyms, &mut p.all, &mut p.coordinates);
        // The members (the costly part) in parallel, while this thread
        // folds the tables.
        let (members, ()) = rayon::join(
            || needs.members.then(|| member_parts(results, demonyms)),
            || {
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
            },
        );
        if let Some(m) = members {
            p.members.merge(m);
        }
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
        let mut sink =
            MentionRows::new(&gaz, OutputOptions::default(), RowFormat::JsonLines, &mut w);
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
