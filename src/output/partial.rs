//! Partial results (`map --format partial`, read by `geomention merge`):
//! the place table ([`PlaceTable`]) and the coverage members
//! ([`MemberParts`]) of some documents, as JSON Lines, so that the parts
//! of any split of a corpus merge, in any order, into exactly the GeoJSON,
//! CSV and HTML one `map` over the whole corpus writes.
//!
//! The first line is a header object (`geomention_partial` is the format
//! version); each further line is one place of one table (`toponyms`:
//! toponyms only; `all`: with demonyms, for the HTML map's toggle), then
//! one line per coordinate written in the texts (`coordinates`: the point
//! as its first mention located it, so that `merge` writes it as `map`
//! does). Lines are sorted, so the same documents always give the same
//! file. Version 1 (before coordinates were carried) is refused.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::coordinates::{CoordinateAggregate, CoordinateTable};
use super::{MentionKey, PlaceAggregate, PlaceTable};
use crate::DocResult;
use crate::coords::{Coordinate, Form};
use crate::coverage::{CoverageOptions, MemberParts};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// The format version written in the header.
pub const VERSION: u32 = 2;

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
    /// The coordinates written in the texts.
    pub coordinates: CoordinateTable,
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
            coordinates: {
                let mut t = CoordinateTable::default();
                for r in results {
                    t.add_document(r);
                }
                t
            },
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
        self.coordinates.merge(other.coordinates);
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

/// One coordinate: its aggregate, and its first mention's point and
/// location (numbers as Rust writes them, which read back exactly).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoordLine {
    table: String,
    place_id: String,
    count: u64,
    docs: u64,
    forms: Vec<(String, String, usize, usize)>,
    contexts: Vec<(String, usize, usize, String)>,
    first: (String, usize, usize),
    text: String,
    lat: String,
    lon: String,
    form: String,
    country: Option<String>,
    admin1: Option<String>,
    outside_km: String,
}

const FORMS: [Form; 5] = [
    Form::Dms,
    Form::DecimalMinutes,
    Form::DecimalDegrees,
    Form::LatLonPair,
    Form::Mgrs,
];

impl CoordLine {
    fn new(gaz: &Gazetteer, place_id: &str, a: &CoordinateAggregate) -> CoordLine {
        let p = PlaceLine::new("coordinates", place_id, &a.mentions);
        let (k, c) = &a.first;
        let id =
            |p: Option<crate::gazetteer::PlaceId>| p.map(|p| gaz.place(p).place_id().to_string());
        CoordLine {
            table: p.table,
            place_id: p.place_id,
            count: p.count,
            docs: p.docs,
            forms: p.forms,
            contexts: p.contexts,
            first: (k.doc.clone(), k.start, k.end),
            text: c.text.clone(),
            lat: c.lat.to_string(),
            lon: c.lon.to_string(),
            form: c.form.as_str().into(),
            country: id(c.country),
            admin1: id(c.admin1),
            outside_km: c.outside_km.to_string(),
        }
    }

    fn aggregate(self, gaz: &Gazetteer) -> Result<CoordinateAggregate> {
        let num = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| Error::parse(format!("coordinate number {s:?} is not a number")))
        };
        let place = |id: Option<String>| -> Result<Option<crate::gazetteer::PlaceId>> {
            id.map(|id| gaz.by_id(&id).ok_or_else(|| not_in_gazetteer(&id)))
                .transpose()
        };
        let form = FORMS
            .into_iter()
            .find(|f| f.as_str() == self.form)
            .ok_or_else(|| Error::parse(format!("unknown coordinate form {:?}", self.form)))?;
        let (doc, start, end) = self.first;
        let first = Coordinate {
            start: 0,
            end: 0,
            char_start: start,
            char_end: end,
            text: self.text,
            lat: num(&self.lat)?,
            lon: num(&self.lon)?,
            form,
            country: place(self.country)?,
            admin1: place(self.admin1)?,
            outside_km: num(&self.outside_km)?,
        };
        let mentions = PlaceLine {
            table: self.table,
            place_id: self.place_id,
            count: self.count,
            demonym_count: 0,
            docs: self.docs,
            forms: self.forms,
            contexts: self.contexts,
            reason: None,
        }
        .aggregate();
        Ok(CoordinateAggregate {
            first: (MentionKey { doc, start, end }, first),
            mentions,
        })
    }
}

fn not_in_gazetteer(id: &str) -> Error {
    Error::parse(format!(
        "place {id} is not in the gazetteer (merge with the --gazetteer files the parts were mapped with)"
    ))
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
    let mut coords: Vec<(&String, &CoordinateAggregate)> = p.coordinates.points.iter().collect();
    coords.sort_by(|a, b| a.0.cmp(b.0));
    for (id, a) in coords {
        serde_json::to_writer(&mut *w, &CoordLine::new(gaz, id, a)).map_err(io_err)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The `table` of a line, read first to choose the line's type.
#[derive(Deserialize)]
struct TableOf {
    table: String,
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
        let bad = |e: serde_json::Error| Error::parse(format!("bad place line: {e}")).with_line(n);
        let t = match serde_json::from_str::<TableOf>(&line)
            .map_err(bad)?
            .table
            .as_str()
        {
            "toponyms" => 0,
            "all" => 1,
            "coordinates" => {
                let l: CoordLine = serde_json::from_str(&line).map_err(bad)?;
                let id = l.place_id.clone();
                let a = l.aggregate(gaz).map_err(|e| e.with_line(n))?;
                if p.coordinates.points.insert(id, a).is_some() {
                    return Err(Error::parse("coordinate listed twice").with_line(n));
                }
                continue;
            }
            other => {
                return Err(Error::parse(format!(
                    "unknown table {other:?} (toponyms, all or coordinates)"
                ))
                .with_line(n));
            }
        };
        let l: PlaceLine = serde_json::from_str(&line).map_err(bad)?;
        let id = gaz
            .by_id(&l.place_id)
            .ok_or_else(|| not_in_gazetteer(&l.place_id).with_line(n))?;
        if tables[t].insert(id, l.aggregate()).is_some() {
            return Err(Error::parse("place listed twice in one table").with_line(n));
        }
    }
    let [t, a] = tables;
    p.toponyms.places = t;
    p.all.places = a;
    Ok(p)
}
