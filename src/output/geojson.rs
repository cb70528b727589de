//! The GeoJSON FeatureCollection: one feature per place, as
//! `../shared/OUTPUT.md` specifies (integer ids 1..N, the same property keys
//! in the same order on every feature, `count` an integer, `contexts` a
//! non-empty array of strings, no nested objects, no null geometries).
//!
//! [`features`] builds the features under [`FeatureOptions`] (one
//! representative point per place, simplestyle properties); [`split`] cuts
//! them into one collection per geometry family, so that QGIS opens each
//! file as one layer.

use std::io::Write;

use geojson::{Feature, FeatureCollection, JsonObject, feature::Id};
use rayon::prelude::*;
use serde_json::Value;

use super::geom::Family;
use super::{OutputOptions, PlaceSummary, representative_point, stored_geometry, typed_geometry};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::geojson::Geom;

/// Options of the feature-per-place outputs beyond [`OutputOptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeatureOptions {
    /// One representative point per place instead of its geometry (for
    /// bubble maps sized by `count`, in one layer).
    pub as_points: bool,
    /// Add simplestyle-spec properties (`marker-size`, `marker-color`,
    /// `stroke`, `stroke-width`, `fill`, `fill-opacity`) that geojson.io
    /// and GitHub draw.
    pub simplestyle: bool,
}

/// Colours from few to many mentions (ColorBrewer YlOrRd, 5 classes).
pub const RAMP: [&str; 5] = ["#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];

/// The class in [`RAMP`] of a place mentioned `weight` times when the
/// most mentioned place has `max`: equal fifths of `max`.
pub fn ramp_class(weight: u64, max: u64) -> usize {
    if max == 0 {
        return 0;
    }
    let c = (weight * RAMP.len() as u64).div_ceil(max) as usize;
    c.clamp(1, RAMP.len()) - 1
}

/// The simplestyle `marker-size` for a place mentioned `weight` times:
/// `small` once, `medium` 2 to 4 times, `large` 5 times or more.
pub fn marker_size(weight: u64) -> &'static str {
    match weight {
        0 | 1 => "small",
        2..=4 => "medium",
        _ => "large",
    }
}

/// The simplestyle properties of a place (the same keys for every
/// geometry type, so the schema stays the same on every feature).
pub fn simplestyle(s: &PlaceSummary, max_weight: u64) -> JsonObject {
    simplestyle_for(s.count + s.demonym_count, max_weight)
}

/// The simplestyle properties of a feature mentioned `weight` times when
/// the most mentioned has `max_weight`.
pub fn simplestyle_for(weight: u64, max_weight: u64) -> JsonObject {
    (style_members(weight, max_weight).into_iter())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// The simplestyle members of [`simplestyle_for`], in order: one list for
/// the properties' map and for [`properties_json`].
fn style_members(weight: u64, max_weight: u64) -> [(&'static str, Value); 6] {
    let color = RAMP[ramp_class(weight, max_weight)];
    [
        ("marker-size", marker_size(weight).into()),
        ("marker-color", color.into()),
        ("stroke", color.into()),
        ("stroke-width", 2.into()),
        ("fill", color.into()),
        ("fill-opacity", 0.35.into()),
    ]
}

/// The largest `count` + `demonym_count` of the places: the top of the
/// simplestyle ramp.
pub fn most_mentions(summaries: &[PlaceSummary]) -> u64 {
    (summaries.iter())
        .map(|s| s.count + s.demonym_count)
        .max()
        .unwrap_or(0)
}

/// The property keys of every feature under these options, in order.
pub fn property_names(opts: &OutputOptions, fopts: &FeatureOptions) -> Vec<&'static str> {
    let mut v = vec!["place_id", "name", "kind", "country", "admin1", "count"];
    if opts.demonyms {
        v.push("demonym_count");
    }
    v.extend(["docs", "forms", "contexts", "reason", "source", "note"]);
    if fopts.simplestyle {
        v.extend([
            "marker-size",
            "marker-color",
            "stroke",
            "stroke-width",
            "fill",
            "fill-opacity",
        ]);
    }
    v
}

/// The most members a feature's properties have: 13 of the place, 6 of
/// simplestyle ([`property_names`]).
const PROPERTIES_ROOM: usize = 19;

/// Builds the properties of one place's feature.
pub fn properties(gaz: &Gazetteer, s: &PlaceSummary, opts: &OutputOptions) -> JsonObject {
    let p = gaz.place(s.place);
    // Room for the simplestyle members too ([`feature`] adds them).
    let mut props = JsonObject::with_capacity(PROPERTIES_ROOM);
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

/// Appends the JSON of [`properties`] of `s` (and [`simplestyle`]'s
/// members with `style`, the most mentions of a place), written from the
/// summary without building a map: the bytes `serde_json` writes for the
/// map (keys in the same order, each value written by `serde_json`).
pub fn properties_json(
    gaz: &Gazetteer,
    s: &PlaceSummary,
    opts: &OutputOptions,
    style: Option<u64>,
    out: &mut Vec<u8>,
) -> Result<()> {
    let p = gaz.place(s.place);
    // A member: its key (with the comma before it) and its value.
    macro_rules! put {
        ($key:literal, $value:expr) => {
            out.extend_from_slice($key);
            serde_json::to_writer(&mut *out, $value).map_err(io_err)?;
        };
    }
    put!(br#"{"place_id":"#, &p.place_id());
    put!(br#","name":"#, &p.name());
    put!(br#","kind":"#, &p.kind().as_str());
    put!(br#","country":"#, &p.country());
    put!(br#","admin1":"#, &p.admin1());
    put!(br#","count":"#, &s.count);
    if opts.demonyms {
        put!(br#","demonym_count":"#, &s.demonym_count);
    }
    put!(br#","docs":"#, &s.docs);
    put!(br#","forms":"#, &s.forms);
    put!(br#","contexts":"#, &s.contexts);
    put!(br#","reason":"#, &s.reason);
    put!(br#","source":"#, &p.source());
    put!(br#","note":"#, &p.note());
    if let Some(max_weight) = style {
        for (k, v) in style_members(s.count + s.demonym_count, max_weight) {
            out.push(b',');
            serde_json::to_writer(&mut *out, k).map_err(io_err)?;
            out.push(b':');
            serde_json::to_writer(&mut *out, &v).map_err(io_err)?;
        }
    }
    out.push(b'}');
    Ok(())
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
    let features = features(gaz, summaries, opts, &FeatureOptions::default())?;
    Ok(collection(features, name, members))
}

/// One feature per place, with ids 1..N in the order of `summaries`. The
/// places' geometries are parsed, repaired and rounded in parallel; the
/// features keep the order of `summaries`, and an error is that of the
/// first place in that order that has one.
pub fn features(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
) -> Result<Vec<Feature>> {
    Ok(features_built(gaz, summaries, opts, fopts, (false, false))?.0)
}

/// What [`feature_json`] writes in place of a member a feature of
/// [`features_with_stored`] lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored<'g> {
    /// The geometry's JSON as the gazetteer stores it ([`stored_geometry`]).
    pub geometry: Option<&'g str>,
    /// The properties' JSON, written from the place's summary
    /// ([`properties_json`]).
    pub properties: Option<Vec<u8>>,
}

/// [`features`], but a place whose geometry the output writes as the
/// gazetteer stores it ([`stored_geometry`]) gets no geometry, and with
/// `direct_properties` every place gets no properties: their JSON is given
/// at the feature's index in the second list, for [`write_with`] and
/// [`super::seq::write_with`] to write in their place. The same bytes as
/// [`features`] once written, without parsing, repairing, rounding and
/// writing a country's outline again, and without a map of properties.
pub fn features_with_stored<'g>(
    gaz: &'g Gazetteer,
    summaries: &[PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    direct_properties: bool,
) -> Result<(Vec<Feature>, Vec<Stored<'g>>)> {
    features_built(
        gaz,
        summaries,
        opts,
        fopts,
        (!fopts.as_points, direct_properties),
    )
}

/// The features, with stored geometries left out when `stored.0`, and
/// the properties written aside when `stored.1`.
fn features_built<'g>(
    gaz: &'g Gazetteer,
    summaries: &[PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    stored: (bool, bool),
) -> Result<(Vec<Feature>, Vec<Stored<'g>>)> {
    let max_weight = most_mentions(summaries);
    let built: Vec<Result<(Feature, Stored)>> = summaries
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let geometry = (stored.0)
                .then(|| stored_geometry(gaz, s.place, opts.precision))
                .flatten();
            let properties = (stored.1)
                .then(|| {
                    let style = fopts.simplestyle.then_some(max_weight);
                    let mut out = Vec::new();
                    properties_json(gaz, s, opts, style, &mut out).map(|()| out)
                })
                .transpose()?;
            let parts = (geometry.is_none(), properties.is_none());
            let f = feature(gaz, (i, s), opts, fopts, max_weight, parts)?;
            Ok((
                f,
                Stored {
                    geometry,
                    properties,
                },
            ))
        })
        .collect();
    built.into_iter().collect()
}

/// The feature of the `i`-th place `s` (id `i + 1`), without a geometry
/// unless `with.0`, without properties unless `with.1`.
fn feature(
    gaz: &Gazetteer,
    (i, s): (usize, &PlaceSummary),
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    max_weight: u64,
    with: (bool, bool),
) -> Result<Feature> {
    let with_geometry = with.0;
    let geometry = if !with_geometry {
        None
    } else if fopts.as_points {
        let p = representative_point(gaz, s.place, opts.precision)?;
        Some(geojson_geometry(Geom::Point(p)))
    } else {
        Some(geojson_geometry(
            typed_geometry(gaz, s.place, opts.precision)?.0,
        ))
    };
    let props = with.1.then(|| {
        let mut props = properties(gaz, s, opts);
        if fopts.simplestyle {
            props.extend(simplestyle(s, max_weight));
        }
        props
    });
    Ok(Feature {
        bbox: None,
        geometry,
        id: Some(Id::Number((i as u64 + 1).into())),
        properties: props,
        foreign_members: None,
    })
}

/// A [`Geom`] as the `geojson` crate's geometry (no bbox, no foreign
/// members).
pub fn geojson_geometry(g: Geom) -> geojson::Geometry {
    use geojson::GeometryValue as G;
    geojson::Geometry::new(match g {
        Geom::Point(p) => G::new_point(p),
        Geom::MultiPoint(ps) => G::new_multi_point(ps),
        Geom::LineString(l) => G::new_line_string(l),
        Geom::MultiLineString(ls) => G::new_multi_line_string(ls),
        Geom::Polygon(p) => G::new_polygon(p),
        Geom::MultiPolygon(ps) => G::new_multi_polygon(ps),
    })
}

/// Wraps features in a FeatureCollection with a `name` member (the layer
/// name) and extra top-level `members`.
pub fn collection(features: Vec<Feature>, name: &str, members: JsonObject) -> FeatureCollection {
    let mut foreign = JsonObject::new();
    foreign.insert("name".into(), Value::String(name.to_string()));
    foreign.extend(members);
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(foreign),
    }
}

/// The geometry family of a feature.
pub fn family(f: &Feature) -> Option<Family> {
    f.geometry
        .as_ref()
        .and_then(|g| Family::of(g.value.type_name()))
}

/// Cuts features into one list per geometry family (points, lines,
/// polygons, in that order), leaving out empty families. Each list keeps
/// the order of `features`, is renumbered 1..N, and holds one geometry
/// type: single geometries become multi ones when the family mixes both.
pub fn split(features: Vec<Feature>) -> Vec<(Family, Vec<Feature>)> {
    let mut out: Vec<(Family, Vec<Feature>)> =
        Family::ALL.iter().map(|&f| (f, Vec::new())).collect();
    for f in features {
        if let Some(fam) = family(&f) {
            out[fam as usize].1.push(f);
        }
    }
    out.retain(|(_, v)| !v.is_empty());
    for (_, v) in &mut out {
        promote_if_mixed(v);
        for (i, f) in v.iter_mut().enumerate() {
            f.id = Some(Id::Number((i as u64 + 1).into()));
        }
    }
    out
}

/// When features of one family mix single and multi geometries (Polygon
/// and MultiPolygon), makes them all multi: QGIS takes the layer type from
/// the first feature, and saving a Polygon layer that holds MultiPolygons
/// as GeoPackage breaks the GeoPackage rules (GDAL warns).
fn promote_if_mixed(features: &mut [Feature]) {
    use geojson::GeometryValue as G;
    let is_multi = |f: &Feature| {
        matches!(
            f.geometry.as_ref().map(|g| &g.value),
            Some(G::MultiPoint { .. } | G::MultiLineString { .. } | G::MultiPolygon { .. })
        )
    };
    let multi = features.iter().filter(|f| is_multi(f)).count();
    if multi == 0 || multi == features.len() {
        return;
    }
    for f in features {
        let Some(g) = f.geometry.as_mut() else {
            continue;
        };
        let value = std::mem::replace(
            &mut g.value,
            G::MultiPoint {
                coordinates: Vec::new(),
            },
        );
        g.value = match value {
            G::Point { coordinates } => G::MultiPoint {
                coordinates: vec![coordinates],
            },
            G::LineString { coordinates } => G::MultiLineString {
                coordinates: vec![coordinates],
            },
            G::Polygon { coordinates } => G::MultiPolygon {
                coordinates: vec![coordinates],
            },
            other => other,
        };
    }
}

/// Writes the FeatureCollection as one JSON document with one feature per
/// line (readable and diff-friendly), followed by a newline.
pub fn write(fc: &FeatureCollection, w: &mut dyn Write) -> Result<()> {
    write_with(fc, &[], w)
}

/// [`write()`], where feature `i` is written with what `stored[i]` holds
/// in place of the members it lacks ([`features_with_stored`]).
pub fn write_with(fc: &FeatureCollection, stored: &[Stored<'_>], w: &mut dyn Write) -> Result<()> {
    let mut head = serde_json::Map::new();
    head.insert("type".into(), "FeatureCollection".into());
    if let Some(f) = &fc.foreign_members {
        for (k, v) in f {
            head.insert(k.clone(), v.clone());
        }
    }
    let head = serde_json::to_string(&Value::Object(head)).map_err(io_err)?;
    // `{"type":...,"name":...` without the closing brace, then the features.
    w.write_all(&head.as_bytes()[..head.len() - 1])?;
    w.write_all(b",\"features\":[")?;
    write_each(
        &fc.features,
        |i, f, out| {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            feature_json(f, stored.get(i).unwrap_or(&Stored::default()), out)
        },
        w,
    )?;
    w.write_all(b"\n]}\n")?;
    Ok(())
}

/// Appends a feature's JSON to `out`; with `stored.geometry`, the feature
/// has no geometry and that is written as its geometry; with
/// `stored.properties`, likewise its properties.
///
/// The same bytes as `serde_json::to_writer(out, f)` (the `geojson` crate
/// writes `type`, `bbox`, `geometry`, `id`, `properties`, then the foreign
/// members), written member by member: the stored geometry (often a long
/// outline) goes in its place once, with no feature written around a
/// `null` and then cut, and no map serializer for the flattened members.
/// (Reserving the buffer up front, for the stored geometry with or
/// without 1 KB more, added 4-5 MB of peak RSS on the 50 MB corpus.)
pub fn feature_json(f: &Feature, stored: &Stored<'_>, out: &mut Vec<u8>) -> Result<()> {
    out.extend_from_slice(br#"{"type":"Feature""#);
    if let Some(b) = &f.bbox {
        out.extend_from_slice(br#","bbox":"#);
        serde_json::to_writer(&mut *out, b).map_err(io_err)?;
    }
    out.extend_from_slice(br#","geometry":"#);
    match (stored.geometry, &f.geometry) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "internal: a feature given a stored geometry has one",
            ));
        }
        (Some(g), None) => out.extend_from_slice(g.as_bytes()),
        (None, g) => serde_json::to_writer(&mut *out, g).map_err(io_err)?,
    }
    if let Some(id) = &f.id {
        out.extend_from_slice(br#","id":"#);
        serde_json::to_writer(&mut *out, id).map_err(io_err)?;
    }
    out.extend_from_slice(br#","properties":"#);
    match (&stored.properties, &f.properties) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "internal: a feature given stored properties has some",
            ));
        }
        (Some(p), None) => out.extend_from_slice(p),
        (None, p) => serde_json::to_writer(&mut *out, p).map_err(io_err)?,
    }
    for (k, v) in f.foreign_members.iter().flatten() {
        out.push(b',');
        serde_json::to_writer(&mut *out, k).map_err(io_err)?;
        out.push(b':');
        serde_json::to_writer(&mut *out, v).map_err(io_err)?;
    }
    out.push(b'}');
    Ok(())
}

/// How many features [`write_each`] holds serialized at a time.
const WINDOW: usize = 2048;

/// Writes every feature as `each` serializes it (given its index in
/// `features`), in order. The features are serialized in parallel, a
/// window of them at a time, so that the bytes held stay bounded.
pub fn write_each(
    features: &[Feature],
    each: impl Fn(usize, &Feature, &mut Vec<u8>) -> Result<()> + Sync,
    w: &mut dyn Write,
) -> Result<()> {
    for (n, window) in features.chunks(WINDOW).enumerate() {
        let bufs: Vec<Result<Vec<u8>>> = window
            .par_iter()
            .enumerate()
            .map(|(k, f)| {
                let mut out = Vec::new();
                each(n * WINDOW + k, f, &mut out)?;
                Ok(out)
            })
            .collect();
        for b in bufs {
            w.write_all(&b?)?;
        }
    }
    Ok(())
}

fn io_err(e: serde_json::Error) -> Error {
    Error::from(std::io::Error::from(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Kind, Place};
    use crate::output::geom::{in_polygon, polygons, signed_area2};
    use crate::output::summarize;
    use crate::{Document, Geoparser};

    #[test]
    fn features_are_written_in_order_across_windows() {
        let features: Vec<Feature> = (0..2 * WINDOW + 5)
            .map(|i| Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new(geojson::GeometryValue::new_point([
                    i as f64, 1.5,
                ]))),
                id: Some(Id::Number((i as u64 + 1).into())),
                properties: None,
                foreign_members: None,
            })
            .collect();
        let mut want = Vec::new();
        for (i, f) in features.iter().enumerate() {
            want.extend_from_slice(format!("{i}:").as_bytes());
            serde_json::to_writer(&mut want, f).unwrap();
        }
        let mut got = Vec::new();
        write_each(
            &features,
            |i, f, out| {
                out.extend_from_slice(format!("{i}:").as_bytes());
                serde_json::to_writer(out, f).map_err(io_err)
            },
            &mut got,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    /// A feature written member by member is the feature `serde_json`
    /// writes, with every optional member present or absent.
    #[test]
    fn feature_json_writes_what_serde_writes() {
        let mut props = JsonObject::new();
        props.insert("name".into(), "Ta\"lin\n".into());
        props.insert("forms".into(), vec!["a", "b"].into());
        let mut foreign = JsonObject::new();
        foreign.insert("title".into(), "x\u{1}".into());
        foreign.insert("n".into(), 2.5.into());
        let point = geojson::Geometry::new(geojson::GeometryValue::new_point([1.25, -3.0]));
        for bbox in [None, Some(vec![0.0, 1.0, 2.0, 3.5])] {
            for geometry in [None, Some(point.clone())] {
                for id in [
                    None,
                    Some(Id::Number(7.into())),
                    Some(Id::String("é\"".into())),
                ] {
                    for properties in [None, Some(JsonObject::new()), Some(props.clone())] {
                        for foreign_members in
                            [None, Some(JsonObject::new()), Some(foreign.clone())]
                        {
                            let f = Feature {
                                bbox: bbox.clone(),
                                geometry: geometry.clone(),
                                id: id.clone(),
                                properties: properties.clone(),
                                foreign_members,
                            };
                            let want = serde_json::to_string(&f).unwrap();
                            let mut got = b"x".to_vec();
                            feature_json(&f, &Stored::default(), &mut got).unwrap();
                            assert_eq!(String::from_utf8(got).unwrap(), format!("x{want}"));
                        }
                    }
                }
            }
        }
    }

    /// A user gazetteer as users write them: a clockwise, unclosed polygon
    /// whose point lies outside it, and a line whose point is off the line.
    fn user_gazetteer() -> Gazetteer {
        let mut zone = Place::new("user:zone", Kind::Admin1, "Qarnabad Province", 9.0, 9.0);
        zone.country = "ZZ".into();
        zone.geometry =
            Some(r#"{"type":"Polygon","coordinates":[[[0,0],[0,4],[4,4],[4,0]]]}"#.into());
        let mut road = Place::new("user:road", Kind::Road, "Qarnabad Highway", 1.0, 1.0);
        road.country = "ZZ".into();
        road.geometry = Some(r#"{"type":"LineString","coordinates":[[0,0],[2,0]]}"#.into());
        let mut town = Place::new("user:town", Kind::Town, "Qarnabad", 2.0, 3.0);
        town.country = "ZZ".into();
        // Roads need their country in the text.
        let mut country = Place::new("user:zz", Kind::Country, "Zedland", 2.0, 2.0);
        country.country = "ZZ".into();
        let mut g = Gazetteer::empty();
        g.push_places(&[zone, road, town, country], &[], &[])
            .unwrap();
        g
    }

    fn mapped(gaz: &Gazetteer, fopts: &FeatureOptions) -> Vec<Feature> {
        let parser = Geoparser::new(gaz);
        let r = parser.map(Document {
            id: "t".into(),
            text: "Fighting in Qarnabad Province of Zedland closed the Qarnabad \
                   Highway, and Qarnabad was shelled. Qarnabad was quiet later."
                .into(),
        });
        let opts = OutputOptions::default();
        let s = summarize(gaz, &[r], &opts);
        features(gaz, &s, &opts, fopts).unwrap()
    }

    fn geometry_json(f: &Feature) -> Value {
        serde_json::to_value(f.geometry.as_ref().unwrap()).unwrap()
    }

    fn by_id<'a>(fs: &'a [Feature], id: &str) -> &'a Feature {
        fs.iter()
            .find(|f| f.properties.as_ref().unwrap()["place_id"] == id)
            .unwrap_or_else(|| panic!("{id} not mapped"))
    }

    #[test]
    fn user_polygons_are_closed_and_counter_clockwise() {
        let gaz = user_gazetteer();
        let fs = mapped(&gaz, &FeatureOptions::default());
        assert_eq!(fs.len(), 4);
        let g = geometry_json(by_id(&fs, "user:zone"));
        let p = &polygons(&g).unwrap()[0];
        assert_eq!(p[0].len(), 5);
        assert_eq!(p[0].first(), p[0].last());
        assert!(signed_area2(&p[0]) > 0.0);
    }

    #[test]
    fn as_points_puts_points_inside_and_on_lines() {
        let gaz = user_gazetteer();
        let fs = mapped(
            &gaz,
            &FeatureOptions {
                as_points: true,
                simplestyle: false,
            },
        );
        let point = |id: &str| {
            let g = geometry_json(by_id(&fs, id));
            assert_eq!(g["type"], "Point");
            [
                g["coordinates"][0].as_f64().unwrap(),
                g["coordinates"][1].as_f64().unwrap(),
            ]
        };
        let square = vec![vec![
            [0.0, 0.0],
            [4.0, 0.0],
            [4.0, 4.0],
            [0.0, 4.0],
            [0.0, 0.0],
        ]];
        assert!(in_polygon(point("user:zone"), &square));
        assert_eq!(point("user:road"), [1.0, 0.0]);
        assert_eq!(point("user:town"), [3.0, 2.0]);
    }

    #[test]
    fn split_keeps_schema_and_renumbers() {
        let gaz = user_gazetteer();
        let fopts = FeatureOptions {
            as_points: false,
            simplestyle: true,
        };
        let fs = mapped(&gaz, &fopts);
        let keys: Vec<String> = fs[0].properties.as_ref().unwrap().keys().cloned().collect();
        let want: Vec<&str> = property_names(&OutputOptions::default(), &fopts);
        assert_eq!(keys, want);
        let parts = split(fs);
        let fams: Vec<Family> = parts.iter().map(|(f, _)| *f).collect();
        assert_eq!(fams, Family::ALL);
        let sizes: Vec<usize> = parts.iter().map(|(_, v)| v.len()).collect();
        assert_eq!(sizes, [2, 1, 1], "town and country; road; province");
        for (_, v) in &parts {
            for (i, f) in v.iter().enumerate() {
                assert_eq!(f.id, Some(Id::Number((i as u64 + 1).into())));
                let k: Vec<&str> = f
                    .properties
                    .as_ref()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                assert_eq!(k, want);
            }
        }
    }

    #[test]
    fn split_promotes_mixed_families_to_multi() {
        let f = |g: Value| -> Feature {
            serde_json::from_value(serde_json::json!({
                "type": "Feature", "geometry": g, "properties": {}
            }))
            .unwrap()
        };
        let parts = split(vec![
            f(serde_json::json!({"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]})),
            f(
                serde_json::json!({"type": "MultiPolygon", "coordinates": [[[[5,5],[6,5],[6,6],[5,5]]]]}),
            ),
            f(serde_json::json!({"type": "Point", "coordinates": [1, 1]})),
        ]);
        assert_eq!(parts.len(), 2);
        let (fam, polys) = &parts[1];
        assert_eq!(*fam, Family::Polygons);
        for p in polys {
            assert_eq!(
                p.geometry.as_ref().unwrap().value.type_name(),
                "MultiPolygon"
            );
        }
        assert_eq!(
            parts[0].1[0].geometry.as_ref().unwrap().value.type_name(),
            "Point"
        );
    }

    /// The features `whole` and the features `parts` written with what
    /// `stored` holds are the same bytes, in a collection and as a text
    /// sequence (with the record separator when `rs`).
    fn assert_written_alike(whole: &[Feature], parts: &[Feature], stored: &[Stored<'_>], rs: bool) {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(&collection(whole.to_vec(), "x", JsonObject::new()), &mut a).unwrap();
        let fc = collection(parts.to_vec(), "x", JsonObject::new());
        write_with(&fc, stored, &mut b).unwrap();
        assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        super::super::seq::write(whole, rs, &mut a).unwrap();
        super::super::seq::write_with(parts, stored, rs, &mut b).unwrap();
        assert_eq!(a, b);
    }

    /// Features written with their stored geometries are the features
    /// written whole, in the collection and as a text sequence; a stored
    /// geometry given to a feature that has one is refused.
    #[test]
    fn stored_geometries_write_the_same_bytes() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let r = parser.map(Document {
            id: "t".into(),
            text: "Talks in Ankara and Damascus on Syria, Turkey and the Idlib Governorate.".into(),
        });
        let opts = OutputOptions::default();
        let s = summarize(&gaz, &[r], &opts);
        let fopts = FeatureOptions::default();
        let whole = features(&gaz, &s, &opts, &fopts).unwrap();
        let (parts, stored) = features_with_stored(&gaz, &s, &opts, &fopts, false).unwrap();
        let geometries = || stored.iter().filter_map(|s| s.geometry);
        assert!(geometries().count() >= 2, "{stored:?}");
        assert_written_alike(&whole, &parts, &stored, true);
        let json = Stored {
            geometry: geometries().next(),
            properties: None,
        };
        let e = feature_json(&whole[0], &json, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("stored geometry"), "{e}");
        let props = Stored {
            geometry: None,
            properties: Some(b"{}".to_vec()),
        };
        let e = feature_json(&whole[1], &props, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("stored properties"), "{e}");
        // As points, nothing is stored.
        let points = FeatureOptions {
            as_points: true,
            simplestyle: false,
        };
        let (_, stored) = features_with_stored(&gaz, &s, &opts, &points, false).unwrap();
        assert!(stored.iter().all(|s| s.geometry.is_none()));
    }

    /// Properties written from the summaries are the maps' bytes, with and
    /// without demonyms and simplestyle, as points or not, in the
    /// collection and as a text sequence, strings that need escapes
    /// included; the features get no map then.
    #[test]
    fn direct_properties_write_the_maps_bytes() {
        let gaz = Gazetteer::embedded().unwrap();
        let texts = [
            "Talks in \"Ankara\" and Damascus\ton Syria,\nTurkey\u{1} and the Idlib Governorate.",
            "Syrian forces left Aleppo; the Turkish army — in Ankara — said “Aleppo” again.",
        ];
        let results = super::super::map_texts(&gaz, &texts);
        for demonyms in [false, true] {
            let opts = OutputOptions {
                demonyms,
                ..OutputOptions::default()
            };
            let s = summarize(&gaz, &results, &opts);
            assert!(s.len() >= 4, "{s:?}");
            for (as_points, simplestyle) in [(false, false), (false, true), (true, true)] {
                let fopts = FeatureOptions {
                    as_points,
                    simplestyle,
                };
                let whole = features(&gaz, &s, &opts, &fopts).unwrap();
                let (parts, stored) = features_with_stored(&gaz, &s, &opts, &fopts, true).unwrap();
                assert!(parts.iter().all(|f| f.properties.is_none()));
                assert!(stored.iter().all(|s| s.properties.is_some()));
                assert_written_alike(&whole, &parts, &stored, false);
            }
        }
    }

    /// The properties' reserved room is that of every member, all options on.
    #[test]
    fn properties_room_is_every_member() {
        let opts = OutputOptions {
            demonyms: true,
            ..OutputOptions::default()
        };
        let fopts = FeatureOptions {
            as_points: false,
            simplestyle: true,
        };
        assert_eq!(property_names(&opts, &fopts).len(), PROPERTIES_ROOM);
    }

    #[test]
    fn ramp_and_sizes() {
        assert_eq!(ramp_class(1, 1), RAMP.len() - 1);
        assert_eq!(ramp_class(1, 10), 0);
        assert_eq!(ramp_class(10, 10), 4);
        assert_eq!(ramp_class(0, 0), 0);
        assert_eq!(marker_size(1), "small");
        assert_eq!(marker_size(3), "medium");
        assert_eq!(marker_size(9), "large");
    }
}
