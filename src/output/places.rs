//! The place formats of a folded (or merged) [`Partial`]: one renderer
//! behind `geomention map`, `geomention merge` and the Python package's
//! `Geoparser.merge`, so that they write the same bytes.
//!
//! [`Places`] holds the aggregate and the [`PlaceOptions`]; it gives the
//! features (one per place, then one per coordinate written in the
//! texts), writes any [`PlaceFormat`], or cuts the features into one
//! FeatureCollection per geometry family (`--split-geometry`).

use std::io::Write;

use geojson::{Feature, FeatureCollection, JsonObject};

use super::coordinates::{self, CoordinateSummary};
use super::geojson::{FeatureOptions, Stored};
use super::geom::Family;
use super::html::HtmlOptions;
use super::partial::{self, Partial};
use super::{OutputOptions, csv, seq, shapefile};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// The formats with one row or feature per place (and per coordinate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceFormat {
    /// An RFC 7946 FeatureCollection.
    Geojson,
    /// An RFC 8142 GeoJSON text sequence (one feature per line).
    Geojsonseq,
    /// CSV with a WKT geometry column.
    Csv,
    /// A self-contained Leaflet map.
    Html,
    /// The partial result itself ([`partial::write`]), for a later merge.
    Partial,
}

impl PlaceFormat {
    /// The format named as on the command line (`geojson`, `geojsonseq`,
    /// `csv`, `html`, `partial`).
    pub fn parse(name: &str) -> Result<PlaceFormat> {
        Ok(match name {
            "geojson" => PlaceFormat::Geojson,
            "geojsonseq" => PlaceFormat::Geojsonseq,
            "csv" => PlaceFormat::Csv,
            "html" => PlaceFormat::Html,
            "partial" => PlaceFormat::Partial,
            other => {
                return Err(Error::invalid(format!(
                    "format {other:?}: the place formats are geojson, geojsonseq, csv, html and partial"
                )));
            }
        })
    }
}

/// How the place formats are written (the place-output flags of `map`
/// and `merge`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceOptions {
    /// The layer name (the FeatureCollection's `name`, the HTML title).
    pub name: String,
    /// Decimal places of coordinates.
    pub precision: u32,
    /// `--as-points` and `--simplestyle`.
    pub features: FeatureOptions,
    /// `--shapefile-fields`: DBF-ready properties.
    pub shapefile_fields: bool,
    /// `--rs`: start each GeoJSON text sequence line with 0x1E.
    pub rs: bool,
    /// `--tiles`: the HTML map's background tile URL template.
    pub tiles: Option<String>,
    /// `--tiles-attribution`.
    pub tiles_attribution: Option<String>,
}

impl Default for PlaceOptions {
    fn default() -> Self {
        PlaceOptions {
            name: "geomention".into(),
            precision: OutputOptions::default().precision,
            features: FeatureOptions::default(),
            shapefile_fields: false,
            rs: false,
            tiles: None,
            tiles_attribution: None,
        }
    }
}

/// A folded aggregate ready to be written in the place formats.
pub struct Places<'a> {
    gazetteer: &'a Gazetteer,
    partial: Partial,
    /// The coordinates written in the texts, one per point.
    coords: Vec<CoordinateSummary>,
    opts: PlaceOptions,
}

impl<'a> Places<'a> {
    /// The renderer of `partial` (demonyms count as the partial says).
    pub fn new(gazetteer: &'a Gazetteer, partial: Partial, opts: PlaceOptions) -> Places<'a> {
        let coords = partial.coordinates.summaries();
        Places {
            gazetteer,
            partial,
            coords,
            opts,
        }
    }

    /// The aggregate.
    pub fn partial(&self) -> &Partial {
        &self.partial
    }

    /// The output options of the shared writers.
    pub fn output_options(&self) -> OutputOptions {
        OutputOptions {
            demonyms: self.partial.demonyms,
            precision: self.opts.precision,
        }
    }

    /// The coverage members of the FeatureCollection.
    pub fn members(&self) -> JsonObject {
        self.partial.members.members()
    }

    /// One feature per place, then per coordinate, without
    /// `--shapefile-fields` rewriting.
    fn plain_features(&self) -> Result<Vec<Feature>> {
        let summaries = self.partial.table().summaries(self.gazetteer);
        coordinates::with_places(
            self.gazetteer,
            &self.coords,
            &summaries,
            &self.output_options(),
            &self.opts.features,
        )
    }

    /// [`Places::features`], where a place whose geometry is written as
    /// the gazetteer stores it has none: its JSON is at the feature's
    /// index in the second list
    /// ([`super::geojson::features_with_stored`]).
    fn features_with_stored(&self) -> Result<(Vec<Feature>, Vec<Stored<'a>>)> {
        let gaz = self.gazetteer;
        let summaries = self.partial.table().summaries(gaz);
        let (opts, fopts) = (self.output_options(), &self.opts.features);
        // `--shapefile-fields` rewrites the properties' maps.
        let direct = !self.opts.shapefile_fields;
        let (mut features, stored) =
            super::geojson::features_with_stored(gaz, &summaries, &opts, fopts, direct)?;
        // The places' largest weight, as `append_features` reads it from
        // their properties (`demonym_count` is 0 without demonyms).
        let places_max = super::geojson::most_mentions(&summaries);
        coordinates::append_features_after(
            gaz,
            &self.coords,
            &opts,
            fopts,
            &mut features,
            places_max,
        );
        if self.opts.shapefile_fields {
            shapefile::shapefile_fields(&mut features);
        }
        Ok((features, stored))
    }

    /// One feature per place, then per coordinate (DBF-ready properties
    /// with `shapefile_fields`).
    pub fn features(&self) -> Result<Vec<Feature>> {
        let mut features = self.plain_features()?;
        if self.opts.shapefile_fields {
            shapefile::shapefile_fields(&mut features);
        }
        Ok(features)
    }

    /// The FeatureCollection of [`Places::features`].
    pub fn collection(&self) -> Result<FeatureCollection> {
        Ok(super::geojson::collection(
            self.features()?,
            &self.opts.name,
            self.members(),
        ))
    }

    /// One FeatureCollection per geometry family that has features
    /// (`--split-geometry`), named `NAME_points` etc.; with
    /// `shapefile_fields`, each layer gets the fields it needs.
    pub fn layers(&self) -> Result<Vec<(Family, FeatureCollection)>> {
        let members = self.members();
        let layers = super::geojson::split(self.plain_features()?)
            .into_iter()
            .map(|(fam, mut feats)| {
                if self.opts.shapefile_fields {
                    shapefile::shapefile_fields(&mut feats);
                }
                let layer = format!("{}_{}", self.opts.name, fam.as_str());
                let fc = super::geojson::collection(feats, &layer, members.clone());
                (fam, fc)
            })
            .collect();
        Ok(layers)
    }

    /// Writes `format`.
    pub fn write(&self, format: PlaceFormat, w: &mut dyn Write) -> Result<()> {
        let gaz = self.gazetteer;
        match format {
            PlaceFormat::Geojson => {
                let (features, stored) = self.features_with_stored()?;
                let fc = super::geojson::collection(features, &self.opts.name, self.members());
                super::geojson::write_with(&fc, &stored, w)
            }
            PlaceFormat::Geojsonseq => {
                let (features, stored) = self.features_with_stored()?;
                seq::write_with(&features, &stored, self.opts.rs, w)
            }
            PlaceFormat::Csv => csv::write_places_and_coordinates(
                gaz,
                &self.partial.table().summaries(gaz),
                &self.coords,
                &self.output_options(),
                &self.opts.features,
                w,
            ),
            PlaceFormat::Html => self.write_html(w),
            PlaceFormat::Partial => partial::write(gaz, &self.partial, w),
        }
    }

    /// The `.csvt` sidecar of the CSV (GDAL's column types).
    pub fn csvt(&self) -> String {
        csv::csvt(&self.output_options(), &self.opts.features)
    }

    fn write_html(&self, w: &mut dyn Write) -> Result<()> {
        // The page toggles demonyms itself, so it gets the summaries with
        // demonyms, and without (what popups show while the toggle is off).
        let p = &self.partial;
        let all = p.all.summaries(self.gazetteer);
        let toponyms = p.toponyms.summaries(self.gazetteer);
        let hopts = HtmlOptions {
            title: self.opts.name.clone(),
            tiles: self.opts.tiles.clone(),
            tiles_attribution: self.opts.tiles_attribution.clone(),
            demonyms: p.demonyms,
            as_points: self.opts.features.as_points,
            documents: p.all.documents as usize,
        };
        super::html::write(
            self.gazetteer,
            &all,
            &toponyms,
            &self.coords,
            &self.output_options(),
            &hopts,
            w,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_are_those_of_the_command_line() {
        for (name, f) in [
            ("geojson", PlaceFormat::Geojson),
            ("geojsonseq", PlaceFormat::Geojsonseq),
            ("csv", PlaceFormat::Csv),
            ("html", PlaceFormat::Html),
            ("partial", PlaceFormat::Partial),
        ] {
            assert_eq!(PlaceFormat::parse(name).unwrap(), f);
        }
        let e = PlaceFormat::parse("mentions").unwrap_err().to_string();
        assert!(
            e.contains("\"mentions\"") && e.contains("geojsonseq"),
            "{e}"
        );
    }

    #[test]
    fn an_empty_partial_renders_an_empty_collection_with_its_name() {
        let gaz = Gazetteer::embedded().unwrap();
        let opts = PlaceOptions {
            name: "layer".into(),
            ..PlaceOptions::default()
        };
        let places = Places::new(&gaz, Partial::default(), opts);
        let mut out = Vec::new();
        places.write(PlaceFormat::Geojson, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["name"], "layer");
        assert_eq!(v["features"].as_array().map(Vec::len), Some(0));
        assert!(places.layers().unwrap().is_empty());
    }

    /// The GeoJSON and text sequence written with the places' properties
    /// written from their summaries are those of the features' maps,
    /// coordinate features (whose simplestyle reads the places' largest
    /// weight) included, with demonyms and simplestyle on and off.
    #[test]
    fn geojson_is_that_of_the_features() {
        let gaz = Gazetteer::embedded().unwrap();
        let results = super::super::map_texts(
            &gaz,
            &[
                "Syrian forces shelled Aleppo, Aleppo and \"Idlib\" near 36.2N 37.1E.",
                "Talks in Ankara and Aleppo; Turkish troops at 35.5, 36.6 (Idlib).",
            ],
        );
        for demonyms in [false, true] {
            for simplestyle in [false, true] {
                let opts = PlaceOptions {
                    features: FeatureOptions {
                        as_points: false,
                        simplestyle,
                    },
                    ..PlaceOptions::default()
                };
                let places = Places::new(&gaz, Partial::from_results(&results, demonyms), opts);
                assert!(!places.coords.is_empty(), "the texts write coordinates");
                let mut want = Vec::new();
                super::super::geojson::write(&places.collection().unwrap(), &mut want).unwrap();
                let mut got = Vec::new();
                places.write(PlaceFormat::Geojson, &mut got).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap()
                );
                let mut want = Vec::new();
                seq::write(&places.features().unwrap(), false, &mut want).unwrap();
                let mut got = Vec::new();
                places.write(PlaceFormat::Geojsonseq, &mut got).unwrap();
                assert_eq!(got, want);
            }
        }
    }
}
