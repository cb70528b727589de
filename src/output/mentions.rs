//! Per-mention JSON Lines: one object per mention, as `../shared/OUTPUT.md`
//! specifies: `doc`, `start`/`end` in Unicode code points (end exclusive),
//! `text`, `kind`, `place_id`, `name`, `lat`, `lon`, `geometry_type`,
//! `bbox`, then `place_kind`, `country`, `score`, `reason`, `context`.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::{OutputOptions, context, coordinates, geometry_summary, round};
use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::resolve::{Mention, MentionKind};

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
        place_id: None,
        name: None,
        lat: None,
        lon: None,
        geometry_type: None,
        bbox: None,
        place_kind: None,
        country: None,
        score: (m.score * 100.0).round() / 100.0,
        reason: Cow::Borrowed(&m.reason),
        candidates: m
            .candidates
            .iter()
            .map(|&c| gaz.place(c).place_id())
            .collect(),
        context: context(&doc.document.text, m.start, m.end),
    };
    if let Some(p) = m.place {
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
    // Coordinates go between the names, in text order.
    let mut coords = r.coordinates.iter().peekable();
    for m in &r.resolved.mentions {
        if m.kind == MentionKind::Demonym && !opts.demonyms {
            continue;
        }
        while let Some(c) = coords.next_if(|c| c.start < m.start) {
            f(&coordinates::mention_row(gaz, r, c, opts))?;
        }
        f(&mention_row(gaz, r, m, opts, cache)?)?;
    }
    for c in coords {
        f(&coordinates::mention_row(gaz, r, c, opts))?;
    }
    Ok(())
}

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
    buf.extend_from_slice(b"{\"doc\":");
    push_str(buf, row.doc)?;
    buf.extend_from_slice(b",\"start\":");
    push_uint(buf, row.start)?;
    buf.extend_from_slice(b",\"end\":");
    push_uint(buf, row.end)?;
    buf.extend_from_slice(b",\"text\":");
    push_str(buf, row.text)?;
    buf.extend_from_slice(b",\"kind\":");
    push_str(buf, row.kind)?;
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
    push_opt(buf, row.country, push_str)?;
    buf.extend_from_slice(b",\"score\":");
    push_f64(buf, row.score)?;
    buf.extend_from_slice(b",\"reason\":");
    push_str(buf, &row.reason)?;
    buf.extend_from_slice(b",\"candidates\":[");
    for (i, c) in row.candidates.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        push_str(buf, c)?;
    }
    buf.extend_from_slice(b"],\"context\":");
    push_str(buf, &row.context)?;
    buf.extend_from_slice(b"}\n");
    Ok(())
}

/// Whether `serde_json` escapes a byte of a string: control characters,
/// `"` and `\`.
fn needs_escape(s: &str) -> bool {
    // No early exit inside a chunk, so that the compiler can compare a
    // chunk's bytes at once.
    let hit = |c: &[u8]| {
        c.iter()
            .fold(false, |a, &b| a | (b < 0x20) | (b == b'"') | (b == b'\\'))
    };
    let mut chunks = s.as_bytes().chunks_exact(16);
    for c in chunks.by_ref() {
        if hit(c) {
            return true;
        }
    }
    hit(chunks.remainder())
}

/// Appends `s` as a JSON string, byte for byte as `serde_json` writes it.
fn push_str(buf: &mut Vec<u8>, s: &str) -> Result<()> {
    if needs_escape(s) {
        serde_json::to_writer(&mut *buf, s).map_err(|e| Error::from(std::io::Error::from(e)))
    } else {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        Ok(())
    }
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
        for_each_row_of(gaz, r, opts, &mut cache, &mut |row| {
            push_row_line(row, &mut buf)
        })?;
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
