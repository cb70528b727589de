//! Per-mention JSON Lines: one object per mention, as `../shared/OUTPUT.md`
//! specifies: `doc`, `start`/`end` in Unicode code points (end exclusive),
//! `text`, `kind`, `place_id`, `name`, `lat`, `lon`, `geometry_type`,
//! `bbox`, then `place_kind`, `country`, `score`, `reason`, `context`.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::{OutputOptions, context, context_into, coordinates, geometry_summary, round};
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::resolve::{Mention, MentionKind};
use crate::{Coordinate, DocResult};

/// The keys of every mention object, in order.
pub const FIELDS: [&str; 17] = [
    "doc",
    "start",
    "end",
    "text",
    "kind",
    "place_id",
    "name",
    "lat",
    "lon",
    "geometry_type",
    "bbox",
    "place_kind",
    "country",
    "score",
    "reason",
    "candidates",
    "context",
];

/// One mention's row, borrowed from the result and the gazetteer: its
/// fields are [`FIELDS`], in order, and it serializes to the same JSON
/// object as [`mention_json`] (`None` is `null`, as is a number that is
/// not finite).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow<'a> {
    /// The document id.
    pub doc: &'a str,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The text as written.
    pub text: &'a str,
    /// `toponym`, `demonym` or `coordinate`.
    pub kind: &'static str,
    /// The place's id (`None`: unresolved).
    pub place_id: Option<Cow<'a, str>>,
    /// The place's display name.
    pub name: Option<Cow<'a, str>>,
    /// Latitude, rounded to the precision.
    pub lat: Option<f64>,
    /// Longitude, rounded to the precision.
    pub lon: Option<f64>,
    /// The type of the place's geometry as written in the GeoJSON.
    pub geometry_type: Option<&'static str>,
    /// `[west, south, east, north]`, rounded.
    pub bbox: Option<[f64; 4]>,
    /// The place's kind.
    pub place_kind: Option<&'static str>,
    /// The ISO country code.
    pub country: Option<&'a str>,
    /// The score, two decimals.
    pub score: f64,
    /// Why this place.
    pub reason: Cow<'a, str>,
    /// The ids of the other candidates.
    pub candidates: Vec<&'a str>,
    /// The text around the mention, whitespace collapsed.
    pub context: String,
}

/// Geometry type and bbox per place, so that a place mentioned a hundred
/// times has its (possibly large) geometry parsed once.
#[derive(Debug, Default)]
pub struct GeometryCache {
    /// Only asked, never iterated: a fast hasher.
    seen: crate::resolve::fx::FxHashMap<PlaceId, (&'static str, [f64; 4])>,
    /// Each place's part of a JSON line ([`push_place_fields`]), rendered
    /// at its first mention.
    parts: crate::resolve::fx::FxHashMap<PlaceId, Box<[u8]>>,
}

impl GeometryCache {
    /// The geometry type (of the geometry as the GeoJSON writes it) and
    /// the bbox (not rounded) of a place.
    pub fn get(
        &mut self,
        gaz: &Gazetteer,
        p: PlaceId,
        precision: u32,
    ) -> Result<(&'static str, [f64; 4])> {
        use std::collections::hash_map::Entry;
        match self.seen.entry(p) {
            Entry::Occupied(e) => Ok(*e.get()),
            Entry::Vacant(v) => {
                let (t, bbox) = geometry_summary(gaz, p, precision)?;
                Ok(*v.insert((t, bbox)))
            }
        }
    }

    /// Appends place `p`'s fields of a JSON line, from `,"place_id":` to
    /// the country's value: the bytes [`push_row_line`] writes for them,
    /// rendered once per place.
    fn push_place_part(
        &mut self,
        gaz: &Gazetteer,
        p: PlaceId,
        opts: &OutputOptions,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        if let Some(part) = self.parts.get(&p) {
            buf.extend_from_slice(part);
            return Ok(());
        }
        let mut row = MentionRow::empty();
        place_fields(&mut row, gaz, p, opts, self)?;
        let mut part = Vec::new();
        push_place_fields(&row, &mut part)?;
        buf.extend_from_slice(&part);
        self.parts.insert(p, part.into_boxed_slice());
        Ok(())
    }
}

impl<'a> MentionRow<'a> {
    /// A row with no field set (an unresolved mention's place fields).
    fn empty() -> MentionRow<'a> {
        MentionRow {
            doc: "",
            start: 0,
            end: 0,
            text: "",
            kind: "",
            place_id: None,
            name: None,
            lat: None,
            lon: None,
            geometry_type: None,
            bbox: None,
            place_kind: None,
            country: None,
            score: 0.0,
            reason: Cow::Borrowed(""),
            candidates: Vec::new(),
            context: String::new(),
        }
    }
}

/// Sets the fields of `row` that place `p` decides.
fn place_fields<'a>(
    row: &mut MentionRow<'a>,
    gaz: &'a Gazetteer,
    p: PlaceId,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
) -> Result<()> {
    let place = gaz.place(p);
    let (gtype, bbox) = cache.get(gaz, p, opts.precision)?;
    row.place_id = Some(Cow::Borrowed(place.place_id()));
    row.name = Some(Cow::Borrowed(place.name()));
    row.lat = Some(round(place.lat(), opts.precision));
    row.lon = Some(round(place.lon(), opts.precision));
    row.geometry_type = Some(gtype);
    row.bbox = Some(bbox.map(|v| round(v, opts.precision)));
    row.place_kind = Some(place.kind().as_str());
    row.country = Some(place.country());
    Ok(())
}

/// A mention's score as its row shows it (two decimals).
fn shown_score(m: &Mention) -> f64 {
    (m.score * 100.0).round() / 100.0
}

/// The place ids of a mention's candidates, as its row lists them.
fn candidate_ids<'g>(gaz: &'g Gazetteer, m: &Mention) -> impl Iterator<Item = &'g str> {
    m.candidates.iter().map(|&c| gaz.place(c).place_id())
}

/// The row of one mention (a place name or demonym).
pub fn mention_row<'a>(
    gaz: &'a Gazetteer,
    doc: &'a DocResult,
    m: &'a Mention,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
) -> Result<MentionRow<'a>> {
    let mut row = MentionRow {
        doc: &doc.document.id,
        start: m.char_start,
        end: m.char_end,
        text: &m.text,
        kind: m.kind.as_str(),
        score: shown_score(m),
        reason: Cow::Borrowed(&m.reason),
        candidates: candidate_ids(gaz, m).collect(),
        context: context(&doc.document.text, m.start, m.end),
        ..MentionRow::empty()
    };
    if let Some(p) = m.place {
        place_fields(&mut row, gaz, p, opts, cache)?;
    }
    Ok(row)
}

/// The JSON object of one mention, with the keys of [`FIELDS`]: its
/// [`mention_row`] as a value.
pub fn mention_json(
    gaz: &Gazetteer,
    doc: &DocResult,
    m: &Mention,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
) -> Result<Value> {
    to_value(&mention_row(gaz, doc, m, opts, cache)?)
}

/// A row as a JSON value.
pub fn to_value(row: &MentionRow) -> Result<Value> {
    serde_json::to_value(row).map_err(|e| Error::invalid(format!("mention row: {e}")))
}

/// Calls `f` with the JSON object of every mention of every document, in
/// order; demonyms only when `opts.demonyms` is set; coordinates
/// ([`coordinates::mention_row`]) in text order among the names. Each place's geometry
/// is read once.
pub fn for_each_mention(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
    mut f: impl FnMut(Value) -> Result<()>,
) -> Result<()> {
    let mut cache = GeometryCache::default();
    for r in results {
        for_each_row_of(gaz, r, opts, &mut cache, &mut |row| f(to_value(row)?))?;
    }
    Ok(())
}

/// [`for_each_mention`] for one document, with a geometry cache kept
/// across documents.
pub fn for_each_mention_of(
    gaz: &Gazetteer,
    r: &DocResult,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
    f: &mut dyn FnMut(Value) -> Result<()>,
) -> Result<()> {
    for_each_row_of(gaz, r, opts, cache, &mut |row| f(to_value(row)?))
}

/// Calls `f` with the [`MentionRow`] of every mention of one document, in
/// the order of [`for_each_mention`], with a geometry cache kept across
/// documents.
pub fn for_each_row_of(
    gaz: &Gazetteer,
    r: &DocResult,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
    f: &mut dyn FnMut(&MentionRow) -> Result<()>,
) -> Result<()> {
    walk(r, opts, |item| match item {
        Item::Name(m) => f(&mention_row(gaz, r, m, opts, cache)?),
        Item::Coordinate(c) => f(&coordinates::mention_row(gaz, r, c, opts)),
    })
}

/// A row of a document: a name or a coordinate written in the text.
enum Item<'a> {
    Name(&'a Mention),
    Coordinate(&'a Coordinate),
}

/// Calls `f` with each row's item of a document, in the order of
/// [`for_each_mention`].
fn walk<'a>(
    r: &'a DocResult,
    opts: &OutputOptions,
    mut f: impl FnMut(Item<'a>) -> Result<()>,
) -> Result<()> {
    // Coordinates go between the names, in text order.
    let mut coords = r.coordinates.iter().peekable();
    for m in &r.resolved.mentions {
        if m.kind == MentionKind::Demonym && !opts.demonyms {
            continue;
        }
        while let Some(c) = coords.next_if(|c| c.start < m.start) {
            f(Item::Coordinate(c))?;
        }
        f(Item::Name(m))?;
    }
    for c in coords {
        f(Item::Coordinate(c))?;
    }
    Ok(())
}

/// Appends the JSON line of every mention of one document to `buf`, as
/// [`for_each_row_of`] and [`push_row_line`] write them, calling `after`
/// with the buffer after each line (to write it out when it is long). A
/// place's fields are rendered once for the whole run (in `cache`), the
/// document's id once per document, and no row is built for a name.
pub fn push_lines_of(
    gaz: &Gazetteer,
    r: &DocResult,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
    buf: &mut Vec<u8>,
    after: &mut dyn FnMut(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut head = Vec::new();
    push_head(&mut head, &r.document.id)?;
    let mut snippet = String::new();
    walk(r, opts, |item| {
        match item {
            Item::Name(m) => {
                buf.extend_from_slice(&head);
                push_span(buf, m.char_start, m.char_end, &m.text, m.kind.as_str())?;
                match m.place {
                    Some(p) => cache.push_place_part(gaz, p, opts, buf)?,
                    None => buf.extend_from_slice(NO_PLACE),
                }
                snippet.clear();
                context_into(&r.document.text, m.start, m.end, &mut snippet);
                let candidates = candidate_ids(gaz, m);
                push_tail(buf, shown_score(m), &m.reason, candidates, &snippet)?;
            }
            Item::Coordinate(c) => {
                push_row_line(&coordinates::mention_row(gaz, r, c, opts), buf)?;
            }
        }
        after(buf)
    })
}

/// The place fields of an unresolved mention's line
/// ([`push_place_fields`] of a row without a place).
const NO_PLACE: &[u8] = b",\"place_id\":null,\"name\":null,\"lat\":null,\"lon\":null,\
    \"geometry_type\":null,\"bbox\":null,\"place_kind\":null,\"country\":null";

/// Writes one mention object as a line of JSON Lines.
pub fn write_line(v: &Value, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(|e| Error::from(std::io::Error::from(e)))?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Appends one row as a line of JSON Lines to `buf`: the bytes
/// `serde_json` writes for the row, written key by key without its
/// serializer (strings that need no escaping are copied as they are).
pub fn push_row_line(row: &MentionRow, buf: &mut Vec<u8>) -> Result<()> {
    push_head(buf, row.doc)?;
    push_span(buf, row.start, row.end, row.text, row.kind)?;
    push_place_fields(row, buf)?;
    let candidates = row.candidates.iter().copied();
    push_tail(buf, row.score, &row.reason, candidates, &row.context)
}

/// A line's start, up to the key of its start offset.
fn push_head(buf: &mut Vec<u8>, doc: &str) -> Result<()> {
    buf.extend_from_slice(b"{\"doc\":");
    push_str(buf, doc)?;
    buf.extend_from_slice(b",\"start\":");
    Ok(())
}

/// A line's start offset (its key written by [`push_head`]) to its kind.
fn push_span(buf: &mut Vec<u8>, start: usize, end: usize, text: &str, kind: &str) -> Result<()> {
    push_uint(buf, start)?;
    buf.extend_from_slice(b",\"end\":");
    push_uint(buf, end)?;
    buf.extend_from_slice(b",\"text\":");
    push_str(buf, text)?;
    buf.extend_from_slice(b",\"kind\":");
    push_str(buf, kind)
}

/// A line's place fields, from `,"place_id":` to the country's value.
fn push_place_fields(row: &MentionRow, buf: &mut Vec<u8>) -> Result<()> {
    buf.extend_from_slice(b",\"place_id\":");
    push_opt(buf, row.place_id.as_deref(), push_str)?;
    buf.extend_from_slice(b",\"name\":");
    push_opt(buf, row.name.as_deref(), push_str)?;
    buf.extend_from_slice(b",\"lat\":");
    push_opt(buf, row.lat, push_f64)?;
    buf.extend_from_slice(b",\"lon\":");
    push_opt(buf, row.lon, push_f64)?;
    buf.extend_from_slice(b",\"geometry_type\":");
    push_opt(buf, row.geometry_type, push_str)?;
    buf.extend_from_slice(b",\"bbox\":");
    match row.bbox {
        None => buf.extend_from_slice(b"null"),
        Some(b) => {
            for (i, v) in b.into_iter().enumerate() {
                buf.push(if i == 0 { b'[' } else { b',' });
                push_f64(buf, v)?;
            }
            buf.push(b']');
        }
    }
    buf.extend_from_slice(b",\"place_kind\":");
    push_opt(buf, row.place_kind, push_str)?;
    buf.extend_from_slice(b",\"country\":");
    push_opt(buf, row.country, push_str)
}

/// A line's end, from `,"score":`.
fn push_tail<'c>(
    buf: &mut Vec<u8>,
    score: f64,
    reason: &str,
    candidates: impl Iterator<Item = &'c str>,
    context: &str,
) -> Result<()> {
    buf.extend_from_slice(b",\"score\":");
    push_f64(buf, score)?;
    buf.extend_from_slice(b",\"reason\":");
    push_str(buf, reason)?;
    buf.extend_from_slice(b",\"candidates\":[");
    for (i, c) in candidates.enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        push_str(buf, c)?;
    }
    buf.extend_from_slice(b"],\"context\":");
    push_str(buf, context)?;
    buf.extend_from_slice(b"}\n");
    Ok(())
}

/// What `serde_json` writes after a backslash for each byte of a string:
/// 0 for a byte it copies, `u` for a control character it writes as
/// `\u00XX`, the letter of its short escape otherwise (`"`, `\\`, `b`,
/// `t`, `n`, `f`, `r`).
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether `serde_json` escapes a byte of `c`: a control character, `"`
/// or `\`. No early exit, so that the compiler compares a chunk's bytes
/// at once.
#[inline]
fn any_escape(c: &[u8]) -> bool {
    c.iter()
        .fold(false, |a, &b| a | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// Whether `serde_json` escapes a byte of `b`, tested 16 bytes at a time.
fn needs_escape(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(16);
    for c in chunks.by_ref() {
        if any_escape(c) {
            return true;
        }
    }
    any_escape(chunks.remainder())
}

/// Appends the bytes of `s` as `serde_json` writes them inside a JSON
/// string (without the quotes): a string without escapes is copied at
/// once; in one with escapes (a context with a quotation), clean 16-byte
/// chunks are passed over with one test each, runs without escapes are
/// copied at once, and only a chunk that holds an escape (or the last few
/// bytes) is read byte by byte, where `serde_json` reads every byte.
fn push_escaped(buf: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if !needs_escape(b) {
        buf.extend_from_slice(b);
        return;
    }
    let (mut run, mut i) = (0, 0);
    while i + 16 <= b.len() {
        if any_escape(&b[i..i + 16]) {
            run = escape_bytes(buf, b, run, i, i + 16);
        }
        i += 16;
    }
    run = escape_bytes(buf, b, run, i, b.len());
    buf.extend_from_slice(&b[run..]);
}

/// Writes the escapes among bytes `from..to` of `b`, each after the run
/// of plain bytes from `run`; returns where the next run starts.
#[inline]
fn escape_bytes(buf: &mut Vec<u8>, b: &[u8], mut run: usize, from: usize, to: usize) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut at = from;
    while let Some(k) = b[at..to].iter().position(|&c| ESCAPE[usize::from(c)] != 0) {
        let j = at + k;
        let (c, e) = (b[j], ESCAPE[usize::from(b[j])]);
        buf.extend_from_slice(&b[run..j]);
        if e == b'u' {
            let hex = [HEX[usize::from(c >> 4)], HEX[usize::from(c & 0xF)]];
            buf.extend_from_slice(b"\\u00");
            buf.extend_from_slice(&hex);
        } else {
            buf.extend_from_slice(&[b'\\', e]);
        }
        (run, at) = (j + 1, j + 1);
    }
    run
}

/// Appends `s` as a JSON string, byte for byte as `serde_json` writes it.
fn push_str(buf: &mut Vec<u8>, s: &str) -> Result<()> {
    buf.reserve(s.len() + 2);
    buf.push(b'"');
    push_escaped(buf, s);
    buf.push(b'"');
    Ok(())
}

/// Appends `v` with `push`, or `null` for `None`.
fn push_opt<T>(
    buf: &mut Vec<u8>,
    v: Option<T>,
    push: fn(&mut Vec<u8>, T) -> Result<()>,
) -> Result<()> {
    match v {
        Some(v) => push(buf, v),
        None => {
            buf.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Appends a number as `serde_json` writes it (`null` when not finite).
fn push_f64(buf: &mut Vec<u8>, v: f64) -> Result<()> {
    use serde_json::ser::{CompactFormatter, Formatter};
    if v.is_finite() {
        CompactFormatter.write_f64(buf, v)?;
    } else {
        buf.extend_from_slice(b"null");
    }
    Ok(())
}

fn push_uint(buf: &mut Vec<u8>, v: usize) -> Result<()> {
    use serde_json::ser::{CompactFormatter, Formatter};
    CompactFormatter.write_u64(buf, v as u64)?;
    Ok(())
}

/// Writes every mention of every document, one JSON object per line.
/// Demonyms are included only when `opts.demonyms` is set.
pub fn write(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
    w: &mut dyn Write,
) -> Result<()> {
    let mut cache = GeometryCache::default();
    let mut buf = Vec::new();
    for r in results {
        buf.clear();
        push_lines_of(gaz, r, opts, &mut cache, &mut buf, &mut |_| Ok(()))?;
        w.write_all(&buf)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Geoparser};

    #[test]
    fn row_lines_are_the_json_objects() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let r = parser.map(Document {
            id: "t\"1".into(),
            text: "Shelling hit Idlib  (35.93N, 36.63E) and\nAleppo; Paris, Texas.".into(),
        });
        assert!(!r.coordinates.is_empty());
        let (mut rows, mut values) = (Vec::new(), Vec::new());
        let mut cache = GeometryCache::default();
        for_each_row_of(
            &gaz,
            &r,
            &OutputOptions::default(),
            &mut cache,
            &mut |row| push_row_line(row, &mut rows),
        )
        .unwrap();
        for_each_mention(
            &gaz,
            std::slice::from_ref(&r),
            &OutputOptions::default(),
            |v| write_line(&v, &mut values),
        )
        .unwrap();
        let text = String::from_utf8(rows.clone()).unwrap();
        assert!(text.lines().count() >= 3, "{text}");
        assert!(text.contains("\"kind\":\"coordinate\""), "{text}");
        assert_eq!(rows, values);
    }

    #[test]
    fn lines_of_a_document_are_its_row_lines() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let texts = [
            (
                "q\"1",
                "Shelling hit Idlib  (35.93N, 36.63E) and\nAleppo; Paris, Texas.",
            ),
            (
                "2",
                "Syrian forces left Aleppo for Qwertyville and Idlib (35.9N, 36.6E)",
            ),
            ("3", "Nothing here."),
            (
                "4",
                "He said \"the  convoy\u{a0}left\"\t\tfor \\ Aleppo \u{3000} on Monday \
                 while the long road west of the city stayed closed to trucks and \
                 cars alike, \"until further notice\", and Damascus waited   ",
            ),
        ];
        let mut results: Vec<DocResult> = (texts.iter())
            .map(|&(id, text)| {
                parser.map(Document {
                    id: id.into(),
                    text: text.into(),
                })
            })
            .collect();
        // An unresolved name's line too (the resolver leaves few).
        results[1].resolved.mentions[0].place = None;
        for demonyms in [false, true] {
            let opts = OutputOptions {
                demonyms,
                ..OutputOptions::default()
            };
            // One cache for the whole run each way: the second document's
            // places come from the cache.
            let (mut rows, mut lines) = (Vec::new(), Vec::new());
            let (mut a, mut b) = (GeometryCache::default(), GeometryCache::default());
            let mut count = 0;
            for r in &results {
                for_each_row_of(&gaz, r, &opts, &mut a, &mut |row| {
                    push_row_line(row, &mut rows)
                })
                .unwrap();
                push_lines_of(&gaz, r, &opts, &mut b, &mut lines, &mut |_| {
                    count += 1;
                    Ok(())
                })
                .unwrap();
            }
            let text = String::from_utf8(lines.clone()).unwrap();
            assert_eq!(count, text.lines().count());
            assert!(text.contains("\"kind\":\"coordinate\""), "{text}");
            assert_eq!(text, String::from_utf8(rows).unwrap());
        }
    }

    #[test]
    fn no_place_is_the_fields_of_a_row_without_one() {
        let mut buf = Vec::new();
        push_place_fields(&MentionRow::empty(), &mut buf).unwrap();
        assert_eq!(buf, NO_PLACE);
    }

    #[test]
    fn row_lines_are_serde_json_bytes() {
        let tricky = [
            "",
            "plain ascii",
            "Dağ, 東京 and Ürümqi without escapes at all, longer than one chunk",
            "q\"",
            "a\\b",
            "tab\there",
            "\u{1}\u{1f}\u{7f}",
            "sixteen bytes ok then a quote \" late",
            "0123456789abcde\n",
            "\u{8}\u{c}\r\u{0}\u{1b}",
            "fifteen bytes..\"sixteen bytes..\\seventeen bytes.\t\"",
            "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\\\\",
            "a long run of plain text over several chunks, Ürümqi, then \u{7}",
        ];
        for (i, t) in tricky.iter().enumerate() {
            let row = MentionRow {
                doc: t,
                start: i,
                end: usize::MAX,
                text: t,
                kind: "toponym",
                place_id: (i % 2 == 0).then_some(Cow::Borrowed(*t)),
                name: Some(Cow::Owned(t.to_string())),
                lat: (i % 3 != 0).then_some(-0.1 * i as f64),
                lon: Some(if i == 4 {
                    f64::NAN
                } else {
                    1e21 / (i + 1) as f64
                }),
                geometry_type: (i % 2 == 1).then_some("MultiPolygon"),
                bbox: (i % 2 == 0).then_some([f64::INFINITY, -1.5, 0.0, 1e-7]),
                place_kind: None,
                country: Some(t),
                score: 0.07 * i as f64,
                reason: Cow::Borrowed(t),
                candidates: tricky[..i].to_vec(),
                context: t.repeat(i),
            };
            let mut want = serde_json::to_vec(&row).unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            push_row_line(&row, &mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }

    #[test]
    fn keys_are_fields() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let r = parser.map(Document {
            id: "t".into(),
            text: "Talks in Ankara and Qwertyville.".into(),
        });
        assert!(!r.resolved.mentions.is_empty());
        for m in &r.resolved.mentions {
            let v = mention_json(
                &gaz,
                &r,
                m,
                &OutputOptions::default(),
                &mut GeometryCache::default(),
            )
            .unwrap();
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, FIELDS);
        }
    }
}
