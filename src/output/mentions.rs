//! Per-mention JSON Lines: one object per mention, as `../shared/OUTPUT.md`
//! specifies: `doc`, `start`/`end` in Unicode code points (end exclusive),
//! `text`, `kind`, `place_id`, `name`, `lat`, `lon`, `geometry_type`,
//! `bbox`, then `place_kind`, `country`, `score`, `reason`, `context`.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{OutputOptions, context, coordinates, geometry, round};
use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
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

/// Geometry type and bbox per place, so that a place mentioned a hundred
/// times has its (possibly large) geometry parsed once.
#[derive(Debug, Default)]
pub struct GeometryCache {
    seen: std::collections::HashMap<crate::gazetteer::PlaceId, (Value, [f64; 4])>,
}

impl GeometryCache {
    /// The geometry type and bbox of a place.
    pub fn get(
        &mut self,
        gaz: &Gazetteer,
        p: crate::gazetteer::PlaceId,
        precision: u32,
    ) -> Result<&(Value, [f64; 4])> {
        use std::collections::hash_map::Entry;
        match self.seen.entry(p) {
            Entry::Occupied(e) => Ok(e.into_mut()),
            Entry::Vacant(v) => {
                let (g, bbox) = geometry(gaz, p, precision)?;
                Ok(v.insert((g["type"].clone(), bbox)))
            }
        }
    }
}

/// The JSON object of one mention, with the keys of [`FIELDS`].
pub fn mention_json(
    gaz: &Gazetteer,
    doc: &DocResult,
    m: &Mention,
    opts: &OutputOptions,
    cache: &mut GeometryCache,
) -> Result<Value> {
    let mut o = Map::new();
    o.insert("doc".into(), doc.document.id.clone().into());
    o.insert("start".into(), m.char_start.into());
    o.insert("end".into(), m.char_end.into());
    o.insert("text".into(), m.text.clone().into());
    o.insert("kind".into(), m.kind.as_str().into());
    match m.place {
        Some(p) => {
            let place = gaz.place(p);
            let (gtype, bbox) = cache.get(gaz, p, opts.precision)?.clone();
            o.insert("place_id".into(), place.place_id().into());
            o.insert("name".into(), place.name().into());
            o.insert("lat".into(), json!(round(place.lat(), opts.precision)));
            o.insert("lon".into(), json!(round(place.lon(), opts.precision)));
            o.insert("geometry_type".into(), gtype);
            o.insert("bbox".into(), json!(bbox.map(|v| round(v, opts.precision))));
            o.insert("place_kind".into(), place.kind().as_str().into());
            o.insert("country".into(), place.country().into());
        }
        None => {
            for k in [
                "place_id",
                "name",
                "lat",
                "lon",
                "geometry_type",
                "bbox",
                "place_kind",
                "country",
            ] {
                o.insert(k.into(), Value::Null);
            }
        }
    }
    o.insert("score".into(), json!((m.score * 100.0).round() / 100.0));
    o.insert("reason".into(), m.reason.clone().into());
    o.insert(
        "candidates".into(),
        m.candidates
            .iter()
            .map(|&c| Value::from(gaz.place(c).place_id()))
            .collect::<Vec<_>>()
            .into(),
    );
    o.insert(
        "context".into(),
        context(&doc.document.text, m.start, m.end).into(),
    );
    Ok(Value::Object(o))
}

/// Calls `f` with the JSON object of every mention of every document, in
/// order; demonyms only when `opts.demonyms` is set; coordinates
/// ([`coordinates::mention_json`]) in text order among the names. Each place's geometry
/// is read once.
pub fn for_each_mention(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
    mut f: impl FnMut(Value) -> Result<()>,
) -> Result<()> {
    let mut cache = GeometryCache::default();
    for r in results {
        for_each_mention_of(gaz, r, opts, &mut cache, &mut f)?;
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
    // Coordinates go between the names, in text order.
    let mut coords = r.coordinates.iter().peekable();
    for m in &r.resolved.mentions {
        if m.kind == MentionKind::Demonym && !opts.demonyms {
            continue;
        }
        while let Some(c) = coords.next_if(|c| c.start < m.start) {
            f(coordinates::mention_json(gaz, r, c, opts))?;
        }
        f(mention_json(gaz, r, m, opts, cache)?)?;
    }
    for c in coords {
        f(coordinates::mention_json(gaz, r, c, opts))?;
    }
    Ok(())
}

/// Writes one mention object as a line of JSON Lines.
pub fn write_line(v: &Value, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(|e| Error::from(std::io::Error::from(e)))?;
    w.write_all(b"\n")?;
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
    for_each_mention(gaz, results, opts, |v| write_line(&v, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Geoparser};

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
