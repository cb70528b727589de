//! Partial results (`map --format partial`, read by `geomention merge`):
//! the place table ([`PlaceTable`]) and the coverage members
//! ([`MemberParts`]) of some documents, as JSON Lines, so that the parts
//! of any split of a corpus merge, in any order, into exactly the GeoJSON,
//! CSV and HTML one `map` over the whole corpus writes.
//!
//! The first line is a header object (`geomention_partial` is the format
//! version); each further line is one place of one table (`toponyms`:
//! toponyms only; `all`: with demonyms, for the HTML map's toggle). Lines
//! are sorted, so the same documents always give the same file.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{MentionKey, PlaceAggregate, PlaceTable};
use crate::DocResult;
use crate::coverage::{CoverageOptions, MemberParts};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// The format version written in the header.
pub const VERSION: u32 = 1;

/// What `map` knows about some documents that the place outputs need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Partial {
    /// Whether demonyms count (`map --demonyms`); parts must agree.
    pub demonyms: bool,
    /// Toponyms only.
    pub toponyms: PlaceTable,
    /// Toponyms and demonyms.
    pub all: PlaceTable,
    /// The coverage members of the FeatureCollection.
    pub members: MemberParts,
}

impl Partial {
    /// The partial result of mapped documents.
    pub fn from_results(results: &[DocResult], demonyms: bool) -> Partial {
        let copts = CoverageOptions {
            demonyms,
            ..Default::default()
        };
        Partial {
            demonyms,
            toponyms: PlaceTable::from_results(results, false),
            all: PlaceTable::from_results(results, true),
            members: MemberParts::from_results(results, &copts),
        }
    }

    /// The table the outputs use under the partial's demonyms setting.
    pub fn table(&self) -> &PlaceTable {
        if self.demonyms {
            &self.all
        } else {
            &self.toponyms
        }
    }

    /// Merges the partial result of other documents (an error if the
    /// demonyms settings differ).
    pub fn merge(&mut self, other: Partial) -> Result<()> {
        if self.demonyms != other.demonyms {
            return Err(Error::invalid(
                "the parts were mapped with and without --demonyms; map them all the same way",
            ));
        }
        self.toponyms.merge(other.toponyms);
        self.all.merge(other.all);
        self.members.merge(other.members);
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    geomention_partial: u32,
    demonyms: bool,
    documents: u64,
    mentions_found: u64,
    mentions_resolved: u64,
    known: BTreeSet<String>,
    missed_if_unknown: BTreeSet<String>,
    missed_if_known: BTreeSet<String>,
}

type Reason = (bool, String, usize, usize, String);

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceLine {
    table: String,
    place_id: String,
    count: u64,
    demonym_count: u64,
    docs: u64,
    forms: Vec<(String, String, usize, usize)>,
    contexts: Vec<(String, usize, usize, String)>,
    reason: Option<Reason>,
}

impl PlaceLine {
    fn new(table: &str, place_id: &str, a: &PlaceAggregate) -> PlaceLine {
        let mut forms: Vec<_> = a
            .forms
            .iter()
            .map(|(f, k)| (f.clone(), k.doc.clone(), k.start, k.end))
            .collect();
        forms.sort();
        PlaceLine {
            table: table.into(),
            place_id: place_id.into(),
            count: a.count,
            demonym_count: a.demonym_count,
            docs: a.docs,
            forms,
            contexts: a
                .contexts
                .iter()
                .map(|(k, c)| (k.doc.clone(), k.start, k.end, c.clone()))
                .collect(),
            reason: a
                .reason
                .as_ref()
                .map(|(d, k, r)| (*d, k.doc.clone(), k.start, k.end, r.clone())),
        }
    }

    fn aggregate(self) -> PlaceAggregate {
        let key = |doc, start, end| MentionKey { doc, start, end };
        let mut contexts: Vec<_> = self
            .contexts
            .into_iter()
            .map(|(d, s, e, c)| (key(d, s, e), c))
            .collect();
        contexts.sort();
        contexts.truncate(super::MAX_CONTEXTS);
        PlaceAggregate {
            count: self.count,
            demonym_count: self.demonym_count,
            docs: self.docs,
            forms: self
                .forms
                .into_iter()
                .map(|(f, d, s, e)| (f, key(d, s, e)))
                .collect(),
            contexts,
            reason: self.reason.map(|(dm, d, s, e, r)| (dm, key(d, s, e), r)),
        }
    }
}

fn io_err(e: serde_json::Error) -> Error {
    Error::from(std::io::Error::other(e))
}

/// Writes a partial result as JSON Lines (sorted: byte-identical for the
/// same documents).
pub fn write(gaz: &Gazetteer, p: &Partial, w: &mut dyn Write) -> Result<()> {
    let header = Header {
        geomention_partial: VERSION,
        demonyms: p.demonyms,
        documents: p.all.documents,
        mentions_found: p.members.found,
        mentions_resolved: p.members.resolved,
        known: p.members.known.clone(),
        missed_if_unknown: p.members.missed_if_unknown.clone(),
        missed_if_known: p.members.missed_if_known.clone(),
    };
    serde_json::to_writer(&mut *w, &header).map_err(io_err)?;
    w.write_all(b"\n")?;
    for (name, table) in [("toponyms", &p.toponyms), ("all", &p.all)] {
        let mut lines: Vec<PlaceLine> = table
            .places
            .iter()
            .map(|(id, a)| PlaceLine::new(name, gaz.place(*id).place_id(), a))
            .collect();
        lines.sort_by(|a, b| a.place_id.cmp(&b.place_id));
        for l in lines {
            serde_json::to_writer(&mut *w, &l).map_err(io_err)?;
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Reads a partial result written by [`write()`]; place ids are looked up
/// in `gaz` (the gazetteer the parts were mapped with). Errors name the
/// line (the caller adds the file).
pub fn read(gaz: &Gazetteer, r: &mut dyn BufRead) -> Result<Partial> {
    let mut lines = r.lines();
    let first = lines
        .next()
        .ok_or_else(|| Error::parse("empty file: not a partial result (map --format partial)"))??;
    let h: Header = serde_json::from_str(&first).map_err(|e| {
        Error::parse(format!("not a partial result of map --format partial: {e}")).with_line(1)
    })?;
    if h.geomention_partial != VERSION {
        return Err(Error::parse(format!(
            "partial result format {} (this geomention reads {VERSION})",
            h.geomention_partial
        ))
        .with_line(1));
    }
    let mut p = Partial {
        demonyms: h.demonyms,
        members: MemberParts {
            found: h.mentions_found,
            resolved: h.mentions_resolved,
            known: h.known,
            missed_if_unknown: h.missed_if_unknown,
            missed_if_known: h.missed_if_known,
        },
        ..Partial::default()
    };
    p.toponyms.documents = h.documents;
    p.all.documents = h.documents;
    let mut tables: [HashMap<_, _>; 2] = Default::default();
    for (i, line) in lines.enumerate() {
        let n = i as u64 + 2;
        let line = line?;
        let l: PlaceLine = serde_json::from_str(&line)
            .map_err(|e| Error::parse(format!("bad place line: {e}")).with_line(n))?;
        let t = match l.table.as_str() {
            "toponyms" => 0,
            "all" => 1,
            other => {
                return Err(
                    Error::parse(format!("unknown table {other:?} (toponyms or all)")).with_line(n),
                );
            }
        };
        let id = gaz.by_id(&l.place_id).ok_or_else(|| {
            Error::parse(format!(
                "place {} is not in the gazetteer (merge with the --gazetteer files the parts were mapped with)",
                l.place_id
            ))
            .with_line(n)
        })?;
        if tables[t].insert(id, l.aggregate()).is_some() {
            return Err(Error::parse("place listed twice in one table").with_line(n));
        }
    }
    let [t, a] = tables;
    p.toponyms.places = t;
    p.all.places = a;
    Ok(p)
}
