//! The GeoJSON FeatureCollection: one feature per place, as
//! `../shared/OUTPUT.md` specifies (integer ids 1..N, the same property keys
//! in the same order on every feature, `count` an integer, `contexts` a
//! non-empty array of strings, no nested objects, no null geometries).

use std::io::Write;

use geojson::{Feature, FeatureCollection, JsonObject, feature::Id};
use serde_json::Value;

use super::{OutputOptions, PlaceSummary, geometry};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Builds the properties of one place's feature.
pub fn properties(gaz: &Gazetteer, s: &PlaceSummary, opts: &OutputOptions) -> JsonObject {
    let p = gaz.place(s.place);
    let mut props = JsonObject::new();
    props.insert("place_id".into(), p.place_id().into());
    props.insert("name".into(), p.name().into());
    props.insert("kind".into(), p.kind().as_str().into());
    props.insert("country".into(), p.country().into());
    props.insert("admin1".into(), p.admin1().into());
    props.insert("count".into(), s.count.into());
    if opts.demonyms {
        props.insert("demonym_count".into(), s.demonym_count.into());
    }
    props.insert("docs".into(), s.docs.into());
    props.insert("forms".into(), s.forms.clone().into());
    props.insert("contexts".into(), s.contexts.clone().into());
    props.insert("reason".into(), s.reason.clone().into());
    props.insert("source".into(), p.source().into());
    props.insert("note".into(), p.note().into());
    props
}

/// Builds the FeatureCollection. `name` becomes the layer name in GDAL and
/// QGIS; `members` are extra top-level members (coverage numbers).
pub fn feature_collection(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    opts: &OutputOptions,
    name: &str,
    members: JsonObject,
) -> Result<FeatureCollection> {
    let mut features = Vec::with_capacity(summaries.len());
    for (i, s) in summaries.iter().enumerate() {
        let (g, _) = geometry(gaz, s.place, opts.precision)?;
        let geometry: geojson::Geometry = serde_json::from_value(g).map_err(|e| {
            Error::parse(format!(
                "gazetteer geometry of {} is not valid GeoJSON: {e}",
                gaz.place(s.place).place_id()
            ))
        })?;
        features.push(Feature {
            bbox: None,
            geometry: Some(geometry),
            id: Some(Id::Number((i as u64 + 1).into())),
            properties: Some(properties(gaz, s, opts)),
            foreign_members: None,
        });
    }
    let mut foreign = JsonObject::new();
    foreign.insert("name".into(), Value::String(name.to_string()));
    foreign.extend(members);
    Ok(FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(foreign),
    })
}

/// Writes the FeatureCollection as one JSON document with one feature per
/// line (readable and diff-friendly), followed by a newline.
pub fn write(fc: &FeatureCollection, w: &mut dyn Write) -> Result<()> {
    let mut head = serde_json::Map::new();
    head.insert("type".into(), "FeatureCollection".into());
    if let Some(f) = &fc.foreign_members {
        for (k, v) in f {
            head.insert(k.clone(), v.clone());
        }
    }
    let head = serde_json::to_string(&Value::Object(head)).map_err(io_err)?;
    // `{"type":...,"name":...` without the closing brace, then the features.
    w.write_all(head[..head.len() - 1].as_bytes())?;
    w.write_all(b",\"features\":[")?;
    for (i, f) in fc.features.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, f).map_err(io_err)?;
    }
    w.write_all(b"\n]}\n")?;
    Ok(())
}

fn io_err(e: serde_json::Error) -> Error {
    Error::from(std::io::Error::from(e))
}
