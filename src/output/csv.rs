//! CSV outputs.
//!
//! * [`write_places`]: one row per place with the same properties as the
//!   GeoJSON features (lists joined with ` | `), then `lon` and `lat` (the
//!   representative point) and `WKT` (the geometry, which GDAL and QGIS
//!   read as the layer geometry). [`csvt`] gives the matching GDAL `.csvt`
//!   sidecar so that `count` reads as an integer, and [`WGS84_PRJ`] the
//!   `.prj` sidecar that gives the layer its CRS.
//! * [`write_mentions`]: the fields of the per-mention JSON Lines, one row
//!   per mention; `bbox` becomes four columns.
//!
//! Every CSV the tool writes goes through [`CsvOut`]: a text cell that
//! would start a spreadsheet formula (`=`, `+`, `-`, `@`, a tab or a
//! carriage return, and not a number) gets a leading apostrophe, so that a
//! document cannot plant a formula in a context cell (CSV injection).

use std::borrow::Cow;
use std::io::Write;

use geojson::{Feature, GeometryValue, Position};
use serde_json::Value;

use super::geojson::{FeatureOptions, features, property_names};
use super::mentions::{FIELDS, for_each_mention};
use super::{OutputOptions, PlaceSummary, representative_point};
use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// The CRS of every output, WGS 84, as ESRI WKT for a `.prj` sidecar
/// (GDAL's CSV driver reads it; without it the CSV layer has no CRS).
pub const WGS84_PRJ: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// A cell as written: text that a spreadsheet would run as a formula gets a
/// leading apostrophe; numbers ("-12.5") and other text stay as they are.
pub fn guard_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV writer whose cells go through [`guard_cell`].
pub struct CsvOut<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    /// A writer with the `csv` crate's defaults (comma, quoting as needed).
    pub fn new(w: W) -> CsvOut<W> {
        CsvOut {
            inner: ::csv::Writer::from_writer(w),
        }
    }

    /// Writes one record.
    pub fn write_record<I, S>(&mut self, fields: I) -> ::csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner.write_record(
            fields
                .into_iter()
                .map(|f| guard_cell(f.as_ref()).into_owned()),
        )
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What joins the items of a list property in one CSV cell.
pub const LIST_SEPARATOR: &str = " | ";

/// The columns of [`write_places`].
pub fn place_columns(opts: &OutputOptions, fopts: &FeatureOptions) -> Vec<&'static str> {
    let mut v = property_names(opts, fopts);
    v.extend(["lon", "lat", "WKT"]);
    v
}

/// The GDAL `.csvt` line for [`write_places`]: one quoted type per column
/// (`Integer` for counts, `Real` for coordinates and `fill-opacity`, `WKT`
/// for the geometry, `String` otherwise).
pub fn csvt(opts: &OutputOptions, fopts: &FeatureOptions) -> String {
    let types: Vec<String> = place_columns(opts, fopts)
        .iter()
        .map(|c| {
            let t = match *c {
                "count" | "demonym_count" | "docs" | "stroke-width" => "Integer",
                "lon" | "lat" | "fill-opacity" => "Real",
                "WKT" => "WKT",
                _ => "String",
            };
            format!("\"{t}\"")
        })
        .collect();
    types.join(",") + "\n"
}

/// One cell from a JSON value: strings as they are, arrays joined with
/// [`LIST_SEPARATOR`], null as an empty cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(LIST_SEPARATOR),
        other => other.to_string(),
    }
}

fn csv_err(e: ::csv::Error) -> Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::invalid(format!("CSV: {other:?}")),
    }
}

fn wkt_pos(p: &Position, out: &mut String) {
    let s = p.as_slice();
    out.push_str(&format!("{} {}", s[0], s[1]));
}

fn wkt_list(ps: &[Position], out: &mut String) {
    out.push('(');
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        wkt_pos(p, out);
    }
    out.push(')');
}

fn wkt_polygon(rings: &[Vec<Position>], out: &mut String) {
    out.push('(');
    for (i, r) in rings.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        wkt_list(r, out);
    }
    out.push(')');
}

/// A geometry as OGC Well-Known Text (`POINT (lon lat)`, ...). Returns
/// `None` for a GeometryCollection, which the outputs never hold.
pub fn wkt(g: &GeometryValue) -> Option<String> {
    let mut s = String::new();
    match g {
        GeometryValue::Point { coordinates } => {
            s.push_str("POINT (");
            wkt_pos(coordinates, &mut s);
            s.push(')');
        }
        GeometryValue::MultiPoint { coordinates } => {
            s.push_str("MULTIPOINT ");
            s.push('(');
            for (i, p) in coordinates.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                wkt_list(std::slice::from_ref(p), &mut s);
            }
            s.push(')');
        }
        GeometryValue::LineString { coordinates } => {
            s.push_str("LINESTRING ");
            wkt_list(coordinates, &mut s);
        }
        GeometryValue::MultiLineString { coordinates } => {
            s.push_str("MULTILINESTRING ");
            wkt_polygon(coordinates, &mut s);
        }
        GeometryValue::Polygon { coordinates } => {
            s.push_str("POLYGON ");
            wkt_polygon(coordinates, &mut s);
        }
        GeometryValue::MultiPolygon { coordinates } => {
            s.push_str("MULTIPOLYGON (");
            for (i, p) in coordinates.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                wkt_polygon(p, &mut s);
            }
            s.push(')');
        }
        GeometryValue::GeometryCollection { .. } => return None,
    }
    Some(s)
}

/// Writes one row per place (header first, also when there are none).
pub fn write_places(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    w: &mut dyn Write,
) -> Result<()> {
    write_places_and_coordinates(gaz, summaries, &[], opts, fopts, w)
}

/// Writes one row per place, then one per coordinate written in the text
/// (`coordinates`: its point in `lon`, `lat` and `WKT`), header first.
pub fn write_places_and_coordinates(
    gaz: &Gazetteer,
    summaries: &[PlaceSummary],
    coordinates: &[super::coordinates::CoordinateSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    w: &mut dyn Write,
) -> Result<()> {
    let columns = place_columns(opts, fopts);
    let mut feats: Vec<Feature> = features(gaz, summaries, opts, fopts)?;
    let places = feats.len();
    super::coordinates::append_features(gaz, coordinates, opts, fopts, &mut feats);
    let mut out = CsvOut::new(w);
    out.write_record(&columns).map_err(csv_err)?;
    for (s, f) in summaries.iter().zip(&feats) {
        let props = f.properties.as_ref();
        let mut row: Vec<String> = Vec::with_capacity(columns.len());
        for c in &columns[..columns.len() - 3] {
            row.push(props.and_then(|p| p.get(*c)).map(cell).unwrap_or_default());
        }
        let [lon, lat] = representative_point(gaz, s.place, opts.precision)?;
        row.push(lon.to_string());
        row.push(lat.to_string());
        let geometry = f
            .geometry
            .as_ref()
            .and_then(|g| wkt(&g.value))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{} has no geometry that WKT can hold",
                    gaz.place(s.place).place_id()
                ))
            })?;
        row.push(geometry);
        out.write_record(&row).map_err(csv_err)?;
    }
    for f in &feats[places..] {
        write_point_row(&mut out, &columns, f)?;
    }
    out.flush()?;
    Ok(())
}

/// One row of a Point feature: its properties, then `lon`, `lat`, `WKT`.
fn write_point_row<W: Write>(out: &mut CsvOut<W>, columns: &[&str], f: &Feature) -> Result<()> {
    let props = f.properties.as_ref();
    let mut row: Vec<String> = Vec::with_capacity(columns.len());
    for c in &columns[..columns.len() - 3] {
        row.push(props.and_then(|p| p.get(*c)).map(cell).unwrap_or_default());
    }
    let Some(GeometryValue::Point { coordinates: p }) = f.geometry.as_ref().map(|g| &g.value)
    else {
        return Err(Error::invalid("a coordinate feature without a point"));
    };
    row.push(p.as_slice()[0].to_string());
    row.push(p.as_slice()[1].to_string());
    row.push(
        wkt(&GeometryValue::Point {
            coordinates: p.clone(),
        })
        .unwrap_or_default(),
    );
    out.write_record(&row).map_err(csv_err)
}

/// The columns of [`write_mentions`]: the JSON Lines fields with `bbox`
/// cut into `bbox_west`, `bbox_south`, `bbox_east`, `bbox_north`.
pub fn mention_columns() -> Vec<&'static str> {
    let mut v = Vec::new();
    for f in FIELDS {
        if f == "bbox" {
            v.extend(["bbox_west", "bbox_south", "bbox_east", "bbox_north"]);
        } else {
            v.push(f);
        }
    }
    v
}

/// Writes one row per mention (demonyms only when `opts.demonyms`),
/// header first.
pub fn write_mentions(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
    w: &mut dyn Write,
) -> Result<()> {
    let mut out = CsvOut::new(w);
    write_mention_header(&mut out)?;
    for_each_mention(gaz, results, opts, |v| write_mention_row(&mut out, &v))?;
    out.flush()?;
    Ok(())
}

/// Writes one mention object (of [`super::mentions::mention_json`]) as a
/// row of [`mention_columns`].
pub fn write_mention_row<W: Write>(out: &mut CsvOut<W>, v: &Value) -> Result<()> {
    let mut row: Vec<String> = Vec::with_capacity(FIELDS.len() + 3);
    for f in FIELDS {
        let x = &v[f];
        if f == "bbox" {
            for i in 0..4 {
                row.push(cell(x.get(i).unwrap_or(&Value::Null)));
            }
        } else {
            row.push(cell(x));
        }
    }
    out.write_record(&row).map_err(csv_err)
}

/// Writes the header of [`mention_columns`].
pub fn write_mention_header<W: Write>(out: &mut CsvOut<W>) -> Result<()> {
    out.write_record(mention_columns()).map_err(csv_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(v: Value) -> GeometryValue {
        serde_json::from_value::<geojson::Geometry>(v)
            .unwrap()
            .value
    }

    #[test]
    fn wkt_of_each_type() {
        let t = [
            (
                serde_json::json!({"type": "Point", "coordinates": [36.6, 35.75]}),
                "POINT (36.6 35.75)",
            ),
            (
                serde_json::json!({"type": "MultiPoint", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}),
                "MULTIPOINT ((1 2), (3 4))",
            ),
            (
                serde_json::json!({"type": "LineString", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}),
                "LINESTRING (1 2, 3 4)",
            ),
            (
                serde_json::json!({"type": "MultiLineString", "coordinates": [[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]}),
                "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))",
            ),
            (
                serde_json::json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}),
                "POLYGON ((0 0, 1 0, 1 1, 0 0))",
            ),
            (
                serde_json::json!({"type": "MultiPolygon", "coordinates": [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]], [[[5.0, 5.0], [6.0, 5.0], [6.0, 6.0], [5.0, 5.0]]]]}),
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            ),
        ];
        for (v, want) in t {
            assert_eq!(wkt(&g(v)).unwrap(), want);
        }
    }

    #[test]
    fn cells() {
        assert_eq!(cell(&Value::Null), "");
        assert_eq!(cell(&serde_json::json!(["a", "b"])), "a | b");
        assert_eq!(cell(&serde_json::json!(3)), "3");
        assert_eq!(cell(&serde_json::json!("x,y")), "x,y");
    }

    #[test]
    fn formulas_are_disarmed_and_numbers_kept() {
        for (raw, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1 555", "'+1 555"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-- a dash", "'-- a dash"),
            ("\tcmd", "'\tcmd"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("Idlib", "Idlib"),
            ("", ""),
        ] {
            assert_eq!(guard_cell(raw), want, "{raw:?}");
        }
        let mut out = CsvOut::new(Vec::new());
        out.write_record(["=1+1", "-36.5", "a,b"]).unwrap();
        out.flush().unwrap();
        let text = String::from_utf8(out.inner.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'=1+1,-36.5,\"a,b\"\n");
    }

    #[test]
    fn csvt_matches_columns() {
        let opts = OutputOptions {
            demonyms: true,
            precision: 6,
        };
        let fopts = FeatureOptions {
            as_points: false,
            simplestyle: true,
        };
        let cols = place_columns(&opts, &fopts);
        let types = csvt(&opts, &fopts);
        assert_eq!(types.trim_end().split(',').count(), cols.len());
        let at = |name: &str| {
            let i = cols.iter().position(|c| *c == name).unwrap();
            types.trim_end().split(',').nth(i).unwrap().to_string()
        };
        assert_eq!(at("count"), "\"Integer\"");
        assert_eq!(at("WKT"), "\"WKT\"");
        assert_eq!(at("lat"), "\"Real\"");
        assert_eq!(at("contexts"), "\"String\"");
    }

    #[test]
    fn mention_columns_expand_bbox() {
        let c = mention_columns();
        assert!(c.contains(&"bbox_west") && !c.contains(&"bbox"));
        assert_eq!(c.len(), FIELDS.len() + 3);
    }
}
