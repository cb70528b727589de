//! Coordinate mentions in the outputs: a coordinate written in the text
//! ([`crate::coords`]) is a point of its own, with the synthetic id
//! `coord:LAT,LON` (six decimals).
//!
//! * [`mention_row`]: its row of the per-mention outputs (kind
//!   `coordinate`, `lat`/`lon` the point as written, `geometry_type`
//!   `Point`, `country` and `reason` from the polygon it falls in).
//! * [`summarize`]: one [`CoordinateSummary`] per distinct point, counted
//!   as places are; [`properties`] and [`features`] give its GeoJSON
//!   feature, with the same keys as a place's (`kind` `coordinate`,
//!   `source` `text`).

use geojson::{Feature, JsonObject, feature::Id};
use serde_json::Value;
use std::borrow::Cow;

use super::geojson::{FeatureOptions, simplestyle_for};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::mentions::MentionRow;
use super::{MentionKey, OutputOptions, PlaceAggregate, context, round};
use crate::DocResult;
use crate::coords::Coordinate;
use crate::gazetteer::Gazetteer;
use crate::resolve::MentionKind;

/// The `source` of a coordinate feature.
pub const SOURCE: &str = "text";
/// The `note` of a coordinate feature.
pub const NOTE: &str = "point written in the text";

/// The row of one coordinate mention (see [`super::mentions::MentionRow`]).
pub fn mention_row<'a>(
    gaz: &'a Gazetteer,
    doc: &'a DocResult,
    c: &'a Coordinate,
    opts: &OutputOptions,
) -> MentionRow<'a> {
    let (lat, lon) = (round(c.lat, opts.precision), round(c.lon, opts.precision));
    let country = c.country_code(gaz);
    MentionRow {
        doc: &doc.document.id,
        start: c.char_start,
        end: c.char_end,
        text: &c.text,
        kind: MentionKind::Coordinate.as_str(),
        place_id: Some(Cow::Owned(c.place_id())),
        name: Some(Cow::Owned(c.name(gaz))),
        lat: Some(lat),
        lon: Some(lon),
        geometry_type: Some("Point"),
        bbox: Some([lon, lat, lon, lat]),
        place_kind: Some(MentionKind::Coordinate.as_str()),
        country: (!country.is_empty()).then_some(country),
        score: 1.0,
        reason: Cow::Owned(c.reason(gaz)),
        candidates: Vec::new(),
        context: context(&doc.document.text, c.start, c.end),
    }
}

/// Everything the outputs say about one distinct point.
#[derive(Debug, Clone, PartialEq)]
pub struct CoordinateSummary {
    /// The first mention of the point.
    pub first: Coordinate,
    /// Its synthetic id (`coord:36.200000,36.633333`).
    pub place_id: String,
    /// Mentions.
    pub count: u64,
    /// Documents that mention it.
    pub docs: u64,
    /// Distinct spellings seen, in order of first appearance.
    pub forms: Vec<String>,
    /// Up to [`super::MAX_CONTEXTS`] snippets.
    pub contexts: Vec<String>,
}

/// One summary per distinct point (same id), most mentioned first, ties
/// by id: the summaries of a [`CoordinateTable`] of the results.
pub fn summarize(results: &[DocResult]) -> Vec<CoordinateSummary> {
    let mut t = CoordinateTable::default();
    for r in results {
        t.add_document(r);
    }
    t.summaries()
}

/// The mergeable aggregate of one distinct point's mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct CoordinateAggregate {
    /// Its first mention, by [`MentionKey`].
    pub first: (MentionKey, Coordinate),
    /// Mentions, documents, spellings and contexts, kept as a place's
    /// are (its `reason` and `demonym_count` stay empty).
    pub mentions: PlaceAggregate,
}

impl CoordinateAggregate {
    /// Merges the aggregate of the same point in other documents.
    pub fn merge(&mut self, other: CoordinateAggregate) {
        if other.first.0 < self.first.0 {
            self.first = other.first;
        }
        self.mentions.merge(other.mentions);
    }
}

/// The coordinates written in some documents, as a mergeable aggregate
/// (one [`CoordinateAggregate`] per point id): which mention is "first",
/// the order of the spellings and which [`super::MAX_CONTEXTS`] contexts are kept
/// are decided by [`MentionKey`]s, as for places, so tables of disjoint
/// sets of documents merge, in any order, into the table of their union.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoordinateTable {
    /// One aggregate per point id (`coord:LAT,LON`).
    pub points: HashMap<String, CoordinateAggregate>,
}

impl CoordinateTable {
    /// Adds the coordinates of one mapped document.
    pub fn add_document(&mut self, r: &DocResult) {
        let mut seen_here: Vec<String> = Vec::new();
        for c in &r.coordinates {
            let id = c.place_id();
            let key = MentionKey {
                doc: r.document.id.clone(),
                start: c.char_start,
                end: c.char_end,
            };
            let a = match self.points.entry(id.clone()) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(v) => v.insert(CoordinateAggregate {
                    first: (key.clone(), c.clone()),
                    mentions: PlaceAggregate::default(),
                }),
            };
            if key < a.first.0 {
                a.first = (key.clone(), c.clone());
            }
            let s = &mut a.mentions;
            s.count += 1;
            if !seen_here.contains(&id) {
                seen_here.push(id);
                s.docs += 1;
            }
            s.add_form(&c.text, &key);
            if s.wants_context(&key) {
                s.add_context(key, context(&r.document.text, c.start, c.end));
            }
        }
    }

    /// Merges the table of other documents (which come after these: a
    /// tie for the first mention keeps this table's).
    pub fn merge(&mut self, other: CoordinateTable) {
        if self.points.is_empty() {
            self.points = other.points;
            return;
        }
        for (id, a) in other.points {
            match self.points.entry(id) {
                Entry::Occupied(mut e) => e.get_mut().merge(a),
                Entry::Vacant(v) => {
                    v.insert(a);
                }
            }
        }
    }

    /// One summary per point, most mentioned first, ties by id.
    pub fn summaries(&self) -> Vec<CoordinateSummary> {
        let mut out: Vec<CoordinateSummary> = self
            .points
            .iter()
            .map(|(id, a)| {
                // A place's summary gives the spellings and contexts in
                // mention order.
                let s = a.mentions.summary(crate::gazetteer::PlaceId(0));
                CoordinateSummary {
                    first: a.first.1.clone(),
                    place_id: id.clone(),
                    count: s.count,
                    docs: s.docs,
                    forms: s.forms,
                    contexts: s.contexts,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.place_id.cmp(&b.place_id))
        });
        out
    }
}

/// The properties of a point's feature: the keys of
/// [`super::geojson::property_names`] without the simplestyle ones.
pub fn properties(gaz: &Gazetteer, s: &CoordinateSummary, opts: &OutputOptions) -> JsonObject {
    let c = &s.first;
    let mut props = JsonObject::new();
    props.insert("place_id".into(), s.place_id.clone().into());
    props.insert("name".into(), c.name(gaz).into());
    props.insert("kind".into(), MentionKind::Coordinate.as_str().into());
    props.insert("country".into(), c.country_code(gaz).into());
    props.insert("admin1".into(), c.admin1_name(gaz).into());
    props.insert("count".into(), s.count.into());
    if opts.demonyms {
        props.insert("demonym_count".into(), 0.into());
    }
    props.insert("docs".into(), s.docs.into());
    props.insert("forms".into(), s.forms.clone().into());
    props.insert("contexts".into(), s.contexts.clone().into());
    props.insert("reason".into(), c.reason(gaz).into());
    props.insert("source".into(), SOURCE.into());
    props.insert("note".into(), NOTE.into());
    props
}

/// The point `[lon, lat]`, rounded.
pub fn point(s: &CoordinateSummary, precision: u32) -> [f64; 2] {
    [round(s.first.lon, precision), round(s.first.lat, precision)]
}

/// One Point feature per summary, with ids from `first_id` on;
/// `max_weight` is the largest count of the map (for the simplestyle
/// colour ramp).
pub fn features(
    gaz: &Gazetteer,
    summaries: &[CoordinateSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    first_id: u64,
    max_weight: u64,
) -> Vec<Feature> {
    summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut props = properties(gaz, s, opts);
            if fopts.simplestyle {
                props.extend(simplestyle_for(s.count, max_weight));
            }
            let [lon, lat] = point(s, opts.precision);
            Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new_point([lon, lat])),
                id: Some(Id::Number((first_id + i as u64).into())),
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect()
}

/// One feature per place ([`super::geojson::features`]), then one per
/// distinct coordinate written in the texts (`coordinates`, from
/// [`CoordinateTable::summaries`]).
pub fn with_places(
    gaz: &Gazetteer,
    coordinates: &[CoordinateSummary],
    summaries: &[super::PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
) -> crate::Result<Vec<Feature>> {
    let mut features = super::geojson::features(gaz, summaries, opts, fopts)?;
    append_features(gaz, coordinates, opts, fopts, &mut features);
    Ok(features)
}

/// Appends the features of the coordinate summaries to the place features
/// (ids continue after them).
pub fn append_features(
    gaz: &Gazetteer,
    summaries: &[CoordinateSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    features: &mut Vec<Feature>,
) {
    let places_max = max_weight(features);
    append_features_after(gaz, summaries, opts, fopts, features, places_max);
}

/// [`append_features`], given the largest `count` + `demonym_count` of
/// the places (for place features written without their properties'
/// map, see [`super::geojson::features_with_stored`]).
pub fn append_features_after(
    gaz: &Gazetteer,
    summaries: &[CoordinateSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    features: &mut Vec<Feature>,
    places_max: u64,
) {
    if summaries.is_empty() {
        return;
    }
    let max_weight = places_max.max(summaries.iter().map(|s| s.count).max().unwrap_or(0));
    let more = self::features(
        gaz,
        summaries,
        opts,
        fopts,
        features.len() as u64 + 1,
        max_weight,
    );
    features.extend(more);
}

/// The largest `count` + `demonym_count` among features.
fn max_weight(features: &[Feature]) -> u64 {
    let get = |f: &Feature, k: &str| {
        f.properties
            .as_ref()
            .and_then(|p| p.get(k))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    features
        .iter()
        .map(|f| get(f, "count") + get(f, "demonym_count"))
        .max()
        .unwrap_or(0)
}
