//! Output: formats mapped documents. Output makes no decisions; it renders
//! the [`DocResult`]s of the pipeline.
//!
//! * [`summarize`] reduces mentions to one [`PlaceSummary`] per place (the
//!   unit of the GeoJSON, CSV and HTML outputs).
//! * [`geojson`] writes the RFC 7946 FeatureCollection.
//! * [`seq`] writes the same features as GeoJSON text sequences (RFC 8142).
//! * [`csv`] writes one CSV row per place (with a `WKT` geometry column), or
//!   one row per mention.
//! * [`html`] writes a self-contained Leaflet map.
//! * [`mentions`] writes one JSON object per mention (JSON Lines).
//! * [`partial`] writes and reads partial results (the place table of some
//!   documents) that merge exactly.
//! * [`places`] renders a folded or merged partial result in any place
//!   format (the one renderer of `map`, `merge` and Python).
//! * [`sink`] is the boundary every format writes through: begin, each
//!   mapped document in order, finish.
//! * [`shapefile`] rewrites feature properties so that a Shapefile made
//!   from the GeoJSON keeps every value (`--shapefile-fields`).
//! * [`coordinates`] renders the coordinates written in the text: their
//!   mention rows and one Point feature per distinct point.
//! * [`geom`] checks and repairs geometries at output time and finds a
//!   representative point per place.
//! * [`mod@write`] writes files through temporary files published as a set
//!   ([`write::OutputFiles`], [`write_atomic`]), so a failed or interrupted
//!   run never leaves a half-written output, a half set or a temporary
//!   file, and only a regular file is ever replaced.

pub mod columns;
pub mod coordinates;
pub mod csv;
pub mod flags;
pub mod geojson;
pub use crate::geom;
pub mod html;
pub mod mentions;
pub mod partial;
pub mod places;
pub mod seq;
pub mod shapefile;
pub mod sink;
pub mod write;

pub use write::write_atomic;

use std::collections::HashMap;

use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::geojson::Geom;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::resolve::{Mention, MentionKind};

/// How many context snippets a place keeps.
pub const MAX_CONTEXTS: usize = 5;
/// Characters of text kept on each side of a mention in a snippet.
pub const CONTEXT_CHARS: usize = 80;

/// Options shared by the output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputOptions {
    /// Include demonym mentions (as their own `demonym_count`, and places
    /// named only by demonyms).
    pub demonyms: bool,
    /// Decimal places of coordinates.
    pub precision: u32,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            demonyms: false,
            precision: 6,
        }
    }
}

/// Everything the outputs say about one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSummary {
    /// The place.
    pub place: PlaceId,
    /// Toponym mentions.
    pub count: u64,
    /// Demonym mentions (0 unless demonyms are on).
    pub demonym_count: u64,
    /// Documents that mention it.
    pub docs: u64,
    /// Distinct spellings seen, in order of first appearance.
    pub forms: Vec<String>,
    /// Up to [`MAX_CONTEXTS`] snippets.
    pub contexts: Vec<String>,
    /// The reason given for the first toponym mention (or demonym).
    pub reason: String,
}

/// A snippet of text around a byte span, whitespace collapsed.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let mut out = String::new();
    context_into(text, start, end, &mut out);
    out
}

/// [`context`] appended to `out` (a buffer kept from row to row).
pub fn context_into(text: &str, start: usize, end: usize, out: &mut String) {
    // The byte range of up to CONTEXT_CHARS characters on each side.
    let (from, to) = (cut_before(text, start), cut_after(text, end));
    let seg = &text[from..to];
    out.reserve(seg.len() + 8);
    let base = out.len();
    if from > 0 {
        out.push('…');
    }
    let ends_in_space = collapse_spaces(seg, from > 0, out);
    if to < text.len() {
        if out.len() > base && ends_in_space {
            out.push(' ');
        }
        out.push('…');
    }
}

/// The byte where the [`CONTEXT_CHARS`] characters before byte `start`
/// begin (0 when there are fewer), counted as the bytes that start one; a
/// stretch of ASCII without counting.
fn cut_before(text: &str, start: usize) -> usize {
    use crate::lexicon::text::is_char_start;
    let b = text.as_bytes();
    if start >= CONTEXT_CHARS && b[start - CONTEXT_CHARS..start].is_ascii() {
        return start - CONTEXT_CHARS;
    }
    let (mut from, mut seen) = (start, 0);
    while from > 0 && seen < CONTEXT_CHARS {
        from -= 1;
        seen += usize::from(is_char_start(b[from]));
    }
    from
}

/// The byte where the [`CONTEXT_CHARS`] characters after byte `end` end
/// (the text's length when there are not more); a stretch of ASCII
/// without counting (the byte after ASCII starts a character).
fn cut_after(text: &str, end: usize) -> usize {
    use crate::lexicon::text::is_char_start;
    let b = text.as_bytes();
    if end + CONTEXT_CHARS < b.len() && b[end..end + CONTEXT_CHARS].is_ascii() {
        return end + CONTEXT_CHARS;
    }
    let mut after = 0;
    for (j, &c) in b[end..].iter().enumerate() {
        if is_char_start(c) {
            if after == CONTEXT_CHARS {
                return end + j;
            }
            after += 1;
        }
    }
    text.len()
}

/// Appends `seg` to `out` with its white-space runs made one space and
/// none at either end, but one before the first word when `cut` and the
/// segment starts with white space (after a cut mark). Returns whether the
/// segment ends in white space. Words and the single spaces between them
/// are copied a stretch at a time.
fn collapse_spaces(seg: &str, cut: bool, out: &mut String) -> bool {
    use crate::lexicon::text::{may_start_space, space_at};
    let (b, n) = (seg.as_bytes(), seg.len());
    let (mut i, mut words, mut ends_in_space) = (0, false, false);
    while i < n {
        if let Some(len) = space_at(seg, i) {
            i += len;
            ends_in_space = true;
            continue;
        }
        // A stretch of words and the lone ASCII spaces between them.
        let s = i;
        i += 1;
        loop {
            while i < n && !may_start_space(b[i]) {
                i += 1;
            }
            if i == n {
                break;
            }
            if b[i] == b' ' {
                if i + 1 < n && !may_start_space(b[i + 1]) {
                    i += 2;
                    continue;
                }
                break;
            }
            if space_at(seg, i).is_some() {
                break;
            }
            i += 1;
        }
        if words || (cut && s > 0) {
            out.push(' ');
        }
        out.push_str(&seg[s..i]);
        words = true;
        ends_in_space = false;
    }
    ends_in_space
}

/// Whether a mention counts in the output under these options.
pub fn counts(m: &Mention, opts: &OutputOptions) -> bool {
    m.place.is_some()
        && match m.kind {
            MentionKind::Toponym | MentionKind::Facility => true,
            MentionKind::Demonym => opts.demonyms,
            // Coordinates are summarized apart (`coordinates`).
            MentionKind::Coordinate => false,
        }
}

/// One summary per place, most mentioned first (ties by place id).
///
/// The same as building a [`PlaceTable`] from the results and calling
/// [`PlaceTable::summaries`]: which mention is "first" (for the order of
/// `forms`, the `reason`) and which [`MAX_CONTEXTS`] contexts are kept is
/// decided by the mentions' [`MentionKey`]s, never by the order of the
/// documents, so partial tables merge exactly ([`PlaceTable::merge`]).
pub fn summarize(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
) -> Vec<PlaceSummary> {
    PlaceTable::from_results(results, opts.demonyms).summaries(gaz)
}

/// Where a mention is: the order in which a place's mentions are "first",
/// whatever order the documents come in: document id in natural order
/// ([`natural_cmp`]: `doc-2` before `doc-10`), then the code-point span.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MentionKey {
    /// The document id.
    pub doc: String,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
}

impl Ord for MentionKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        KeyAt::of(self).cmp_key(other)
    }
}

/// A [`MentionKey`] that borrows its document id: a mention's key compared
/// with those a [`PlaceAggregate`] holds, copied only where it is kept.
#[derive(Debug, Clone, Copy)]
struct KeyAt<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
}

impl<'a> KeyAt<'a> {
    fn of(k: &'a MentionKey) -> KeyAt<'a> {
        KeyAt {
            doc: &k.doc,
            start: k.start,
            end: k.end,
        }
    }

    /// The order of [`MentionKey`]s.
    fn cmp_key(self, other: &MentionKey) -> std::cmp::Ordering {
        natural_cmp(self.doc, &other.doc)
            .then(self.start.cmp(&other.start))
            .then(self.end.cmp(&other.end))
    }

    fn owned(self) -> MentionKey {
        MentionKey {
            doc: self.doc.to_string(),
            start: self.start,
            end: self.end,
        }
    }
}

impl PartialOrd for MentionKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Natural order of ids: runs of ASCII digits compare as numbers
/// (`a-2` < `a-10`), the rest byte by byte; ids equal that way (`a-02`,
/// `a-2`) fall back to byte order, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // The same id (a document's mentions compared with each other) is
    // equal whichever way it is read.
    if a == b {
        return Ordering::Equal;
    }
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let run = |s: &[u8], k: usize| {
                let end = k + s[k..].iter().take_while(|c| c.is_ascii_digit()).count();
                let zeros = s[k..end].iter().take_while(|&&c| c == b'0').count();
                (end, k + zeros)
            };
            let ((ei, si), (ej, sj)) = (run(x, i), run(y, j));
            let (ni, nj) = (&x[si..ei], &y[sj..ej]);
            match ni.len().cmp(&nj.len()).then_with(|| ni.cmp(nj)) {
                Ordering::Equal => (i, j) = (ei, ej),
                o => return o,
            }
        } else {
            match x[i].cmp(&y[j]) {
                Ordering::Equal => (i, j) = (i + 1, j + 1),
                o => return o,
            }
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
}

/// The mergeable aggregate of one place's mentions: what a
/// [`PlaceSummary`] is made of, kept so that two aggregates over disjoint
/// sets of documents merge into the aggregate of their union.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceAggregate {
    /// Toponym mentions.
    pub count: u64,
    /// Demonym mentions.
    pub demonym_count: u64,
    /// Documents that mention it.
    pub docs: u64,
    /// Each spelling with its first mention.
    pub forms: HashMap<String, MentionKey>,
    /// The [`MAX_CONTEXTS`] smallest (mention, snippet) pairs, sorted.
    pub contexts: Vec<(MentionKey, String)>,
    /// The reason of the first toponym mention (or, with none, of the
    /// first demonym mention): (is a demonym, mention, reason), the
    /// smallest wins.
    pub reason: Option<(bool, MentionKey, String)>,
}

impl PlaceAggregate {
    /// Whether a context at `key` would be kept.
    pub fn wants_context(&self, key: &MentionKey) -> bool {
        self.wants_context_at(KeyAt::of(key))
    }

    fn wants_context_at(&self, key: KeyAt<'_>) -> bool {
        self.contexts.len() < MAX_CONTEXTS
            || (self.contexts.last()).is_some_and(|(k, _)| key.cmp_key(k).is_le())
    }

    /// Adds a context, keeping the [`MAX_CONTEXTS`] smallest.
    pub fn add_context(&mut self, key: MentionKey, snippet: String) {
        let item = (key, snippet);
        let at = self.contexts.partition_point(|c| *c <= item);
        self.contexts.insert(at, item);
        self.contexts.truncate(MAX_CONTEXTS);
    }

    /// Adds a spelling seen at `key`.
    pub fn add_form(&mut self, form: &str, key: &MentionKey) {
        self.add_form_at(form, KeyAt::of(key));
    }

    fn add_form_at(&mut self, form: &str, key: KeyAt<'_>) {
        match self.forms.get_mut(form) {
            Some(k) if key.cmp_key(k).is_ge() => {}
            Some(k) => *k = key.owned(),
            None => {
                self.forms.insert(form.to_string(), key.owned());
            }
        }
    }

    /// Offers a reason; the smallest (toponyms first, then by mention,
    /// then by text) is kept.
    pub fn add_reason(&mut self, reason: (bool, MentionKey, String)) {
        if self.reason.as_ref().is_none_or(|r| reason < *r) {
            self.reason = Some(reason);
        }
    }

    /// [`PlaceAggregate::add_reason`], the key and the text copied only
    /// when they are kept.
    fn add_reason_at(&mut self, demonym: bool, key: KeyAt<'_>, reason: &str) {
        let smaller = |(d, k, r): &(bool, MentionKey, String)| {
            (demonym.cmp(d))
                .then_with(|| key.cmp_key(k))
                .then_with(|| reason.cmp(r.as_str()))
                .is_lt()
        };
        if self.reason.as_ref().is_none_or(smaller) {
            self.reason = Some((demonym, key.owned(), reason.to_string()));
        }
    }

    /// Merges the aggregate of other documents into this one.
    pub fn merge(&mut self, other: PlaceAggregate) {
        self.count += other.count;
        self.demonym_count += other.demonym_count;
        self.docs += other.docs;
        for (form, key) in &other.forms {
            self.add_form(form, key);
        }
        for (k, c) in other.contexts {
            if self.wants_context(&k) {
                self.add_context(k, c);
            }
        }
        if let Some(r) = other.reason {
            self.add_reason(r);
        }
    }

    /// The summary of the place.
    pub fn summary(&self, place: PlaceId) -> PlaceSummary {
        let mut forms: Vec<(&MentionKey, &String)> =
            self.forms.iter().map(|(f, k)| (k, f)).collect();
        forms.sort();
        PlaceSummary {
            place,
            count: self.count,
            demonym_count: self.demonym_count,
            docs: self.docs,
            forms: forms.into_iter().map(|(_, f)| f.clone()).collect(),
            contexts: self.contexts.iter().map(|(_, c)| c.clone()).collect(),
            reason: self
                .reason
                .as_ref()
                .map(|r| r.2.clone())
                .unwrap_or_default(),
        }
    }
}

/// The place table behind the GeoJSON, CSV and HTML outputs, as a
/// mergeable aggregate: tables of disjoint sets of documents, merged in
/// any order, give the table of all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceTable {
    /// Documents seen (with or without places).
    pub documents: u64,
    /// One aggregate per place.
    pub places: HashMap<PlaceId, PlaceAggregate>,
}

impl PlaceTable {
    /// The table of mapped documents: toponyms, and demonyms if asked for.
    pub fn from_results(results: &[DocResult], demonyms: bool) -> PlaceTable {
        let opts = OutputOptions {
            demonyms,
            ..OutputOptions::default()
        };
        let mut t = PlaceTable::default();
        for r in results {
            t.add_document(r, &opts);
        }
        t
    }

    /// Adds one mapped document.
    pub fn add_document(&mut self, r: &DocResult, opts: &OutputOptions) {
        self.documents += 1;
        let mut seen_here: Vec<PlaceId> = Vec::new();
        for m in r.resolved.mentions.iter().filter(|m| counts(m, opts)) {
            let Some(p) = m.place else { continue };
            let s = self.places.entry(p).or_default();
            let key = KeyAt {
                doc: &r.document.id,
                start: m.char_start,
                end: m.char_end,
            };
            let demonym = match m.kind {
                MentionKind::Toponym | MentionKind::Facility => {
                    s.count += 1;
                    false
                }
                MentionKind::Demonym => {
                    s.demonym_count += 1;
                    true
                }
                // Not counted (see `counts`): coordinates are their own
                // features.
                MentionKind::Coordinate => continue,
            };
            if !seen_here.contains(&p) {
                seen_here.push(p);
                s.docs += 1;
            }
            s.add_form_at(&m.text, key);
            if s.wants_context_at(key) {
                s.add_context(key.owned(), context(&r.document.text, m.start, m.end));
            }
            s.add_reason_at(demonym, key, &m.reason);
        }
    }

    /// Merges the table of other documents into this one (the smaller
    /// table's places into the larger's: merging aggregates is
    /// commutative).
    pub fn merge(&mut self, mut other: PlaceTable) {
        self.documents += other.documents;
        if other.places.len() > self.places.len() {
            std::mem::swap(&mut self.places, &mut other.places);
        }
        for (p, a) in other.places {
            self.places.entry(p).or_default().merge(a);
        }
    }

    /// One summary per place, most mentioned first (ties by place id).
    pub fn summaries(&self, gaz: &Gazetteer) -> Vec<PlaceSummary> {
        let mut out: Vec<PlaceSummary> = self.places.iter().map(|(p, a)| a.summary(*p)).collect();
        out.sort_by(|a, b| {
            (b.count + b.demonym_count)
                .cmp(&(a.count + a.demonym_count))
                .then_with(|| {
                    gaz.place(a.place)
                        .place_id()
                        .cmp(gaz.place(b.place).place_id())
                })
                .then(a.place.cmp(&b.place))
        });
        out
    }
}

pub use crate::geom::round;

/// A place's geometry as GeoJSON with rounded coordinates, and its bbox
/// `[west, south, east, north]` (not rounded; west > east when the shape
/// crosses the antimeridian, RFC 7946 section 5.2: [`geom::bbox_rfc7946`]). The geometry is checked and
/// repaired first ([`geom::repair`]: rings closed, exterior rings
/// counter-clockwise, holes clockwise); one that cannot be repaired is an
/// error naming the place. Rounding keeps it valid ([`geom::rounded`]); a
/// shape smaller than the precision becomes its representative point.
pub fn geometry(
    gaz: &Gazetteer,
    p: PlaceId,
    precision: u32,
) -> Result<(serde_json::Value, [f64; 4])> {
    let (g, bbox) = typed_geometry(gaz, p, precision)?;
    Ok((geom::to_value(&g), bbox))
}

/// [`geometry`] as a [`Geom`], never held as a [`serde_json::Value`]
/// (unless the reader without one does not take the gazetteer's text: then
/// it is parsed and repaired through a `Value`, for the same result or
/// error).
pub fn typed_geometry(gaz: &Gazetteer, p: PlaceId, precision: u32) -> Result<(Geom, [f64; 4])> {
    let raw = repaired_geometry(gaz, p)?;
    let bbox = geom::bbox_of(&raw);
    if !bbox[0].is_finite() {
        return Err(Error::parse(format!(
            "gazetteer geometry of {} has no coordinates",
            gaz.place(p).place_id()
        )));
    }
    let g = match geom::rounded_geom(&raw, precision) {
        Some(g) => g,
        // A shape smaller than the precision: its point.
        None => {
            let place = gaz.place(p);
            let [lon, lat] = geom::representative_point_of(&raw, [place.lon(), place.lat()]);
            Geom::Point([round(lon, precision), round(lat, precision)])
        }
    };
    Ok((g, bbox))
}

/// The place's geometry JSON as the gazetteer stores it, when that is the
/// geometry [`typed_geometry`] gives at `precision`, byte for byte, once
/// written (the index says so: [`geom::Summary::verbatim`]); `None` when
/// the output must parse, repair and round it.
pub fn stored_geometry(gaz: &Gazetteer, p: PlaceId, precision: u32) -> Option<&str> {
    let place = gaz.place(p);
    let verbatim = place.geometry_summary()?.verbatim_at(precision);
    verbatim.then(|| place.geometry_json()).flatten()
}

/// The type and the bbox of the geometry [`geometry`] gives (the same
/// values and errors), without building it: what a per-mention row needs
/// ([`geom::summary`]). Read from the summary the index holds
/// ([`geom::Summary`], computed when it was built), or for a point place
/// from its coordinates; only a geometry without a summary (one that
/// gives an error) or a precision the summary does not hold is parsed.
pub fn geometry_summary(
    gaz: &Gazetteer,
    p: PlaceId,
    precision: u32,
) -> Result<(&'static str, [f64; 4])> {
    let place = gaz.place(p);
    let stored = match place.geometry_summary() {
        Some(s) => s.at(precision),
        None if place.geometry_json().is_none() => {
            let (lon, lat) = (place.lon(), place.lat());
            let ok = lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0;
            ok.then_some(("Point", [lon, lat, lon, lat]))
        }
        None => None,
    };
    let (t, bbox) = match stored {
        Some(s) => s,
        None => {
            let g = parsed_geometry(gaz, p)?;
            geom::summary(&g, precision).map_err(|e| {
                Error::parse(format!("gazetteer geometry of {}: {e}", place.place_id()))
            })?
        }
    };
    if !bbox[0].is_finite() {
        return Err(Error::parse(format!(
            "gazetteer geometry of {} has no coordinates",
            place.place_id()
        )));
    }
    Ok((t, bbox))
}

/// The place's geometry (or its point), parsed and repaired, not rounded.
fn repaired_geometry(gaz: &Gazetteer, p: PlaceId) -> Result<Geom> {
    let place = gaz.place(p);
    let fast = match place.geometry_json() {
        Some(j) => geom::repaired_of_json(j),
        None => {
            let (lon, lat) = (place.lon(), place.lat());
            let ok = lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0;
            ok.then_some(Geom::Point([lon, lat]))
        }
    };
    if let Some(g) = fast {
        return Ok(g);
    }
    let g = parsed_geometry(gaz, p)?;
    geom::repaired_geom(&g)
        .map_err(|e| Error::parse(format!("gazetteer geometry of {}: {e}", place.place_id())))
}

/// The place's geometry (or its point), parsed.
fn parsed_geometry(gaz: &Gazetteer, p: PlaceId) -> Result<serde_json::Value> {
    let place = gaz.place(p);
    let g: serde_json::Value = match place.geometry_json() {
        Some(j) => serde_json::from_str(j).map_err(|e| {
            Error::parse(format!(
                "gazetteer geometry of {} is not JSON: {e}",
                place.place_id()
            ))
        })?,
        None => serde_json::json!({"type": "Point", "coordinates": [place.lon(), place.lat()]}),
    };
    Ok(g)
}

/// The place's representative point `[lon, lat]`, rounded: the
/// gazetteer's point when it lies inside the place's polygon or on its
/// line, otherwise one computed from the geometry
/// ([`geom::representative_point`]).
pub fn representative_point(gaz: &Gazetteer, p: PlaceId, precision: u32) -> Result<[f64; 2]> {
    let place = gaz.place(p);
    let g = repaired_geometry(gaz, p)?;
    let [lon, lat] = geom::representative_point_of(&g, [place.lon(), place.lat()]);
    Ok([round(lon, precision), round(lat, precision)])
}

/// The results of mapping `texts` as documents `d0`, `d1`, ... (for the
/// output modules' tests).
#[cfg(test)]
pub(crate) fn map_texts(gaz: &Gazetteer, texts: &[&str]) -> Vec<DocResult> {
    let docs = (texts.iter().enumerate())
        .map(|(i, t)| crate::Document {
            id: format!("d{i}"),
            text: (*t).into(),
        })
        .collect();
    crate::Geoparser::new(gaz).map_all(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_collapses_whitespace_and_marks_cuts() {
        let text = format!(
            "{}\n\nIdlib  province{}",
            "x ".repeat(100),
            " y".repeat(100)
        );
        let s = text.find("Idlib").unwrap();
        let c = context(&text, s, s + 5);
        assert!(c.starts_with('…') && c.ends_with('…'));
        assert!(c.contains("x Idlib province y"));
    }

    /// The snippet as it was first written (char vectors, then
    /// `split_whitespace`): the one-pass [`context`] must give the same.
    fn context_reference(text: &str, start: usize, end: usize) -> String {
        let mut v: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
        v.reverse();
        let before: String = v.into_iter().collect();
        let after: String = text[end..].chars().take(CONTEXT_CHARS).collect();
        let lead = if before.len() < start { "…" } else { "" };
        let tail = if end + after.len() < text.len() {
            "…"
        } else {
            ""
        };
        let raw = format!("{lead}{before}{}{after}{tail}", &text[start..end]);
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn context_matches_the_reference() {
        let mixed = [
            "Idlib", " ", "  ", "\n", "\u{a0}", "\u{2003}", "é", "—", "x", "Ankara", "\t",
        ];
        // ASCII only: the character counts are skipped.
        let ascii = ["Idlib", " ", "  ", "\n", "x", "Ankara", "\t", "y z", "."];
        for (pieces, n) in [&mixed[..], &ascii[..]]
            .into_iter()
            .flat_map(|p| [0usize, 1, 3, 40, 79, 80, 81, 82, 200].map(|n| (p, n)))
        {
            for seed in 0..pieces.len() {
                // A deterministic mix of pieces around a mention.
                let mut text = String::new();
                for i in 0..n {
                    text.push_str(pieces[(i * 7 + seed) % pieces.len()]);
                }
                let start = text.len();
                text.push_str("Aleppo");
                let end = text.len();
                for i in 0..n {
                    text.push_str(pieces[(i * 5 + seed * 3) % pieces.len()]);
                }
                assert_eq!(
                    context(&text, start, end),
                    context_reference(&text, start, end),
                    "{text:?}"
                );
            }
        }
        for (text, s, e) in [("", 0, 0), ("  ", 1, 1), (" a ", 0, 3), ("a", 0, 1)] {
            assert_eq!(context(text, s, e), context_reference(text, s, e));
        }
        // Only white space between the cut marks, or nothing at all.
        let spaces = format!("x{}y", " ".repeat(200));
        let glued = "x".repeat(200);
        for (text, at) in [(&spaces, 100), (&glued, 100), (&spaces, 1), (&glued, 0)] {
            assert_eq!(
                context(text, at, at),
                context_reference(text, at, at),
                "{text:?} {at}"
            );
        }
    }

    #[test]
    fn geometry_summary_is_that_of_geometry() {
        let gaz = Gazetteer::embedded().unwrap();
        let mut shapes = 0;
        for i in 0..gaz.len() as u32 {
            let p = PlaceId(i);
            // Every shape, and every 97th point.
            if gaz.place(p).geometry_json().is_none() && i % 97 != 0 {
                continue;
            }
            let shape = gaz.place(p).geometry_json().is_some();
            shapes += usize::from(shape);
            // Read from the index, not parsed at run time.
            assert_eq!(gaz.place(p).geometry_summary().is_some(), shape);
            for precision in [1, 6] {
                let (g, bbox) = geometry(&gaz, p, precision).unwrap();
                let want = (g["type"].as_str().unwrap(), bbox);
                assert_eq!(geometry_summary(&gaz, p, precision).unwrap(), want);
            }
        }
        assert!(shapes > 100, "{shapes}");
    }

    /// The stored JSON the output copies is the geometry it would write,
    /// byte for byte, and [`geom::write_json`] writes a geometry as the
    /// `geojson` crate does; most embedded outlines are copied.
    #[test]
    fn stored_geometry_is_the_written_geometry() {
        let gaz = Gazetteer::embedded().unwrap();
        let (mut shapes, mut stored) = (0, 0);
        for i in 0..gaz.len() as u32 {
            let p = PlaceId(i);
            if gaz.place(p).geometry_json().is_none() {
                assert_eq!(stored_geometry(&gaz, p, 6), None);
                continue;
            }
            shapes += 1;
            stored += usize::from(stored_geometry(&gaz, p, 6).is_some());
            for precision in 0..geom::SUMMARY_PRECISIONS + 1 {
                let (g, _) = typed_geometry(&gaz, p, precision).unwrap();
                let want =
                    serde_json::to_vec(&super::geojson::geojson_geometry(g.clone())).unwrap();
                let mut got = Vec::new();
                geom::write_json(&g, &mut got);
                assert_eq!(got, want, "{i} at {precision}");
                if let Some(json) = stored_geometry(&gaz, p, precision) {
                    assert_eq!(json.as_bytes(), want, "{i} at {precision}");
                }
            }
        }
        assert!(stored * 10 > shapes * 9, "{stored} of {shapes}");
    }

    /// The geometry as it was made before [`typed_geometry`]: parsed into
    /// a `Value`, repaired, its bbox taken and rounded there.
    fn geometry_through_value(
        gaz: &Gazetteer,
        p: PlaceId,
        precision: u32,
    ) -> (serde_json::Value, [f64; 4]) {
        let mut raw = parsed_geometry(gaz, p).unwrap();
        geom::repair(&mut raw).unwrap();
        let bbox = geom::bbox_rfc7946(&raw);
        let g = geom::rounded(&raw, precision).unwrap_or_else(|| {
            let place = gaz.place(p);
            let [lon, lat] = geom::representative_point(&raw, [place.lon(), place.lat()]);
            serde_json::json!({"type": "Point", "coordinates": [round(lon, precision), round(lat, precision)]})
        });
        (g, bbox)
    }

    #[test]
    fn typed_geometry_is_the_value_path_on_the_embedded_gazetteer() {
        let gaz = Gazetteer::embedded().unwrap();
        let mut shapes = 0;
        for i in 0..gaz.len() as u32 {
            let p = PlaceId(i);
            let json = gaz.place(p).geometry_json();
            if json.is_none() && i % 97 != 0 {
                continue;
            }
            // The embedded geometries are all read without a Value.
            assert!(
                json.is_none_or(|j| geom::repaired_of_json(j).is_some()),
                "{i}"
            );
            shapes += usize::from(json.is_some());
            for precision in [0, 2, 6] {
                let (g, bbox) = typed_geometry(&gaz, p, precision).unwrap();
                assert_eq!(
                    (geom::to_value(&g), bbox),
                    geometry_through_value(&gaz, p, precision)
                );
                let hint = [gaz.place(p).lon(), gaz.place(p).lat()];
                let raw = geom::to_value(&repaired_geometry(&gaz, p).unwrap());
                assert_eq!(
                    representative_point(&gaz, p, precision).unwrap(),
                    geom::representative_point(&raw, hint).map(|v| round(v, precision))
                );
            }
        }
        assert!(shapes > 100, "{shapes}");
    }

    #[test]
    fn natural_order_of_ids() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_cmp("doc-2", "doc-10"), Less);
        assert_eq!(natural_cmp("doc-10", "doc-9"), Greater);
        assert_eq!(natural_cmp("a", "a1"), Less);
        assert_eq!(natural_cmp("b", "a1"), Greater);
        assert_eq!(natural_cmp("a-02", "a-2"), Less, "ties fall back to bytes");
        assert_eq!(natural_cmp("a-2", "a-02"), Greater);
        assert_eq!(natural_cmp("x", "x"), Equal);
        let mut v = vec!["d10", "d9", "d09", "c", "d1x", "d1"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["c", "d1", "d1x", "d09", "d9", "d10"]);
    }

    #[test]
    fn rounding() {
        assert_eq!(round(36.1234567, 6), 36.123457);
        assert_eq!(round(-0.0000001, 6), 0.0);
    }

    #[test]
    fn atomic_write_refuses_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.geojson");
        std::fs::write(&p, "old").unwrap();
        assert!(write_atomic(&p, false, |_| Ok(())).is_err());
        let r = write_atomic(&p, true, |w| {
            w.write_all(b"partial")?;
            Err(Error::invalid("boom"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        write_atomic(&p, true, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_gives_normal_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.geojson");
        write_atomic(&p, false, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, want & 0o777, "the mode of any new file");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, true, |w| Ok(w.write_all(b"y")?)).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "keeps the replaced file's mode");
    }
}
