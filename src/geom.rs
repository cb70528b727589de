//! Geometry on GeoJSON geometries held as JSON, shared by the output, the
//! user-gazetteer loaders and `eval`: checks made at output time, point in
//! polygon, orientation, representative points.
//!
//! The embedded gazetteer is already clean, but a user gazetteer may not be,
//! and QGIS, GDAL and geojson.io each trip on something different
//! (`../shared/OUTPUT.md`). So every geometry goes through [`repair`] before
//! it is written: positions finite and in range, rings closed with at least
//! four positions, exterior rings counter-clockwise and holes clockwise
//! (RFC 7946 §3.1.6), no `GeometryCollection`.
//!
//! [`representative_point`] gives the one point per place of `--as-points`
//! and of the CSV `lon`/`lat` columns: the gazetteer's point when it lies
//! inside the polygon or on the line, otherwise a point computed from the
//! geometry that does.

use serde_json::{Value, json};

/// A position, `[lon, lat]`.
pub type Pos = [f64; 2];

/// A geometry as the loaders hold it (GeoJSON's types without
/// `GeometryCollection`); its checks and repairs are in
/// [`crate::gazetteer::geojson`].
#[derive(Debug, Clone, PartialEq)]
pub enum Geom {
    /// A point.
    Point(Pos),
    /// Several points.
    MultiPoint(Vec<Pos>),
    /// A line.
    LineString(Vec<Pos>),
    /// Several lines.
    MultiLineString(Vec<Vec<Pos>>),
    /// A polygon: an exterior ring, then holes.
    Polygon(Vec<Vec<Pos>>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<Vec<Pos>>>),
}

impl Geom {
    /// The GeoJSON type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Geom::Point(_) => "Point",
            Geom::MultiPoint(_) => "MultiPoint",
            Geom::LineString(_) => "LineString",
            Geom::MultiLineString(_) => "MultiLineString",
            Geom::Polygon(_) => "Polygon",
            Geom::MultiPolygon(_) => "MultiPolygon",
        }
    }
}

/// Rounds a coordinate to `precision` decimals (`-0` becomes `0`).
pub fn round(v: f64, precision: u32) -> f64 {
    let f = 10f64.powi(precision as i32);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// The geometry families that QGIS keeps apart: one file per family opens
/// as one layer without a sublayer prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Point and MultiPoint.
    Points,
    /// LineString and MultiLineString.
    Lines,
    /// Polygon and MultiPolygon.
    Polygons,
}

impl Family {
    /// All families, in file order.
    pub const ALL: [Family; 3] = [Family::Points, Family::Lines, Family::Polygons];

    /// The family of a GeoJSON geometry type name (`None` for
    /// `GeometryCollection` and unknown names).
    pub fn of(type_name: &str) -> Option<Family> {
        match type_name {
            "Point" | "MultiPoint" => Some(Family::Points),
            "LineString" | "MultiLineString" => Some(Family::Lines),
            "Polygon" | "MultiPolygon" => Some(Family::Polygons),
            _ => None,
        }
    }

    /// `points`, `lines` or `polygons`: the infix of the split file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Points => "points",
            Family::Lines => "lines",
            Family::Polygons => "polygons",
        }
    }
}

/// The `type` member of a geometry.
pub fn type_name(g: &Value) -> &str {
    g.get("type").and_then(Value::as_str).unwrap_or("")
}

fn pos(v: &Value) -> Result<Pos, String> {
    let a = v
        .as_array()
        .filter(|a| a.len() >= 2)
        .ok_or_else(|| format!("position {v} is not an array of two numbers"))?;
    let lon = a[0]
        .as_f64()
        .ok_or_else(|| format!("bad longitude {}", a[0]))?;
    let lat = a[1]
        .as_f64()
        .ok_or_else(|| format!("bad latitude {}", a[1]))?;
    if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
        return Err(format!(
            "position [{lon}, {lat}] is outside [-180, 180] x [-90, 90]"
        ));
    }
    Ok([lon, lat])
}

fn list<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} is not an array"))
}

fn line(v: &Value) -> Result<Vec<Pos>, String> {
    let l = list(v, "line")?
        .iter()
        .map(pos)
        .collect::<Result<Vec<_>, _>>()?;
    if l.len() < 2 {
        return Err("a line needs at least 2 positions".into());
    }
    Ok(l)
}

fn ring(v: &Value) -> Result<Vec<Pos>, String> {
    let mut r = list(v, "ring")?
        .iter()
        .map(pos)
        .collect::<Result<Vec<_>, _>>()?;
    if r.first() != r.last() {
        r.push(r[0]);
    }
    if r.len() < 4 {
        return Err("a polygon ring needs at least 4 positions".into());
    }
    Ok(r)
}

fn polygon(v: &Value) -> Result<Vec<Vec<Pos>>, String> {
    let rings = list(v, "polygon")?
        .iter()
        .map(ring)
        .collect::<Result<Vec<_>, _>>()?;
    if rings.is_empty() {
        return Err("a polygon needs an exterior ring".into());
    }
    Ok(rings)
}

/// Twice the signed area of a closed ring (shoelace): positive when the
/// ring runs counter-clockwise in lon/lat.
pub fn signed_area2(ring: &[Pos]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// Exterior ring counter-clockwise, holes clockwise.
fn orient(poly: &mut [Vec<Pos>]) {
    for (i, r) in poly.iter_mut().enumerate() {
        let a = signed_area2(r);
        if (i == 0 && a < 0.0) || (i > 0 && a > 0.0) {
            r.reverse();
        }
    }
}

/// The polygons of a Polygon or MultiPolygon (empty for other types).
pub fn polygons(g: &Value) -> Result<Vec<Vec<Vec<Pos>>>, String> {
    let c = &g["coordinates"];
    match type_name(g) {
        "Polygon" => Ok(vec![polygon(c)?]),
        "MultiPolygon" => list(c, "coordinates")?.iter().map(polygon).collect(),
        _ => Ok(Vec::new()),
    }
}

/// The lines of a LineString or MultiLineString (empty for other types).
pub fn lines(g: &Value) -> Result<Vec<Vec<Pos>>, String> {
    let c = &g["coordinates"];
    match type_name(g) {
        "LineString" => Ok(vec![line(c)?]),
        "MultiLineString" => list(c, "coordinates")?.iter().map(line).collect(),
        _ => Ok(Vec::new()),
    }
}

/// The points of a Point or MultiPoint (empty for other types).
pub fn points(g: &Value) -> Result<Vec<Pos>, String> {
    let c = &g["coordinates"];
    match type_name(g) {
        "Point" => Ok(vec![pos(c)?]),
        "MultiPoint" => list(c, "coordinates")?.iter().map(pos).collect(),
        _ => Ok(Vec::new()),
    }
}

fn coords(ps: &[Pos]) -> Value {
    Value::Array(ps.iter().map(|p| json!([p[0], p[1]])).collect())
}

/// Checks a geometry and repairs what can be repaired in place: closes
/// open rings, puts exterior rings counter-clockwise and holes clockwise.
/// Fails (with a reason) on positions out of range, rings of fewer than
/// four positions, `GeometryCollection` and unknown types.
pub fn repair(g: &mut Value) -> Result<(), String> {
    *g = to_value(&repaired_geom(g)?);
    Ok(())
}

/// The geometry with coordinates rounded to `precision` decimals (with
/// [`round`]), still valid: repeated positions that rounding makes
/// are merged, rings and lines that collapse are dropped (a collapsed
/// exterior ring drops its polygon), and rings are re-oriented. `None` when
/// nothing is left (a shape smaller than the precision): the caller then
/// writes the place's point.
pub fn rounded(g: &Value, precision: u32) -> Option<Value> {
    let r = |p: Pos| rounded_pos(&p, precision);
    let t = type_name(g);
    let c = match t {
        "Point" => json!(r(pos(&g["coordinates"]).ok()?)),
        "MultiPoint" => coords(&points(g).ok()?.into_iter().map(r).collect::<Vec<_>>()),
        "LineString" | "MultiLineString" => {
            let ls = rounded_lines(&lines(g).ok()?, precision);
            match (t, ls.first()) {
                (_, None) => return None,
                ("LineString", Some(l)) => coords(l),
                _ => Value::Array(ls.iter().map(|l| coords(l)).collect()),
            }
        }
        "Polygon" | "MultiPolygon" => {
            let ps: Vec<Vec<Vec<Pos>>> = polygons(g)
                .ok()?
                .iter()
                .filter_map(|p| rounded_polygon(p, precision))
                .collect();
            let poly = |p: &Vec<Vec<Pos>>| Value::Array(p.iter().map(|x| coords(x)).collect());
            match (t, ps.first()) {
                (_, None) => return None,
                ("Polygon", Some(p)) => poly(p),
                _ => Value::Array(ps.iter().map(poly).collect()),
            }
        }
        _ => return None,
    };
    Some(json!({"type": t, "coordinates": c}))
}

/// A repaired geometry as [`Geom`] (the crate's one geometry type): what
/// [`repair`] makes of `g`, with the same checks and messages.
pub fn repaired_geom(g: &Value) -> Result<Geom, String> {
    let c = &g["coordinates"];
    Ok(match type_name(g) {
        "Point" => Geom::Point(pos(c)?),
        "MultiPoint" => Geom::MultiPoint(points(g)?),
        "LineString" => Geom::LineString(line(c)?),
        "MultiLineString" => Geom::MultiLineString(lines(g)?),
        t @ ("Polygon" | "MultiPolygon") => {
            let mut ps = polygons(g)?;
            ps.iter_mut().for_each(|p| orient(p));
            match (t, ps.pop()) {
                ("Polygon", Some(p)) => Geom::Polygon(p),
                ("Polygon", None) => return Err("a polygon needs an exterior ring".into()),
                (_, last) => Geom::MultiPolygon(ps.into_iter().chain(last).collect()),
            }
        }
        "GeometryCollection" => {
            return Err("GeometryCollection is not supported (QGIS drops it)".into());
        }
        other => return Err(format!("unknown geometry type {other:?}")),
    })
}

/// The geometry as a GeoJSON [`Value`] (`type` and `coordinates`).
pub fn to_value(g: &Geom) -> Value {
    let c = match g {
        Geom::Point(p) => json!([p[0], p[1]]),
        Geom::MultiPoint(ps) | Geom::LineString(ps) => coords(ps),
        Geom::MultiLineString(ls) | Geom::Polygon(ls) => {
            Value::Array(ls.iter().map(|l| coords(l)).collect())
        }
        Geom::MultiPolygon(ps) => Value::Array(
            ps.iter()
                .map(|p| Value::Array(p.iter().map(|r| coords(r)).collect()))
                .collect(),
        ),
    };
    json!({"type": g.type_name(), "coordinates": c})
}

/// A geometry's JSON read straight into a repaired [`Geom`], with no
/// [`Value`] tree: the same geometry as [`repaired_geom`] of the parsed
/// JSON (the same number parser, rings closed and oriented the same way).
/// `None` when this reader does not take it (`type` after `coordinates`, a
/// repeated member, anything [`repair`] rejects): the [`Value`] path then
/// gives the geometry or the error.
pub fn repaired_of_json(json: &str) -> Option<Geom> {
    use serde::Deserializer as _;
    let mut de = serde_json::Deserializer::from_str(json);
    let g = (&mut de).deserialize_map(TypedGeom).ok()?;
    de.end().ok()?;
    checked(g)
}

/// A geometry object whose `type` comes first, its coordinates read as
/// that type's; other members skipped.
struct TypedGeom;

/// Positions as serde reads them (range-checked by [`RawPos`]).
fn plain(ps: Vec<RawPos>) -> Vec<Pos> {
    ps.into_iter().map(|RawPos(p, _)| p).collect()
}

impl<'de> serde::de::Visitor<'de> for TypedGeom {
    type Value = Geom;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a geometry object, type first")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Geom, A::Error> {
        use serde::de::Error;
        let bad = |what: &str| A::Error::custom(what.to_string());
        let kind = match m.next_key::<String>()?.as_deref() {
            Some("type") => m.next_value::<String>()?,
            _ => return Err(bad("type not first")),
        };
        let mut g = None;
        while let Some(key) = m.next_key::<String>()? {
            match key.as_str() {
                "type" => return Err(bad("repeated type")),
                "coordinates" if g.is_some() => return Err(bad("repeated coordinates")),
                "coordinates" => {
                    type Rings = Vec<Vec<RawPos>>;
                    let rings = |v: Rings| v.into_iter().map(plain).collect::<Vec<_>>();
                    g = Some(match kind.as_str() {
                        "Point" => Geom::Point(m.next_value::<RawPos>()?.0),
                        "MultiPoint" => Geom::MultiPoint(plain(m.next_value()?)),
                        "LineString" => Geom::LineString(plain(m.next_value()?)),
                        "MultiLineString" => Geom::MultiLineString(rings(m.next_value()?)),
                        "Polygon" => Geom::Polygon(rings(m.next_value()?)),
                        "MultiPolygon" => Geom::MultiPolygon(
                            m.next_value::<Vec<Rings>>()?
                                .into_iter()
                                .map(rings)
                                .collect(),
                        ),
                        _ => return Err(bad("other type")),
                    });
                }
                _ => {
                    m.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        g.ok_or_else(|| bad("no coordinates"))
    }
}

/// [`repair`]'s checks and repairs on a geometry read as [`Geom`]: lines
/// of two positions or more, rings closed with four or more, polygons
/// with an exterior, exterior rings counter-clockwise and holes clockwise.
/// `None` where [`repair`] fails.
fn checked(mut g: Geom) -> Option<Geom> {
    fn polygon(p: &mut [Vec<Pos>]) -> Option<()> {
        for r in p.iter_mut() {
            let first = r.first().copied();
            if first != r.last().copied() {
                r.extend(first);
            }
            if r.len() < 4 {
                return None;
            }
        }
        if p.is_empty() {
            return None;
        }
        orient(p);
        Some(())
    }
    match &mut g {
        Geom::Point(_) | Geom::MultiPoint(_) => {}
        Geom::LineString(l) if l.len() < 2 => return None,
        Geom::LineString(_) => {}
        Geom::MultiLineString(ls) if ls.iter().any(|l| l.len() < 2) => return None,
        Geom::MultiLineString(_) => {}
        Geom::Polygon(p) => polygon(p)?,
        Geom::MultiPolygon(ps) => ps.iter_mut().try_for_each(|p| polygon(p))?,
    }
    Some(g)
}

/// [`rounded`] of a repaired [`Geom`]: the same geometry, or `None`.
pub fn rounded_geom(g: &Geom, precision: u32) -> Option<Geom> {
    let r = |p: &Pos| rounded_pos(p, precision);
    let polygon = |p: &Vec<Vec<Pos>>| rounded_polygon(p, precision);
    Some(match g {
        Geom::Point(p) => Geom::Point(r(p)),
        Geom::MultiPoint(ps) => Geom::MultiPoint(ps.iter().map(r).collect()),
        Geom::LineString(l) => {
            Geom::LineString(rounded_lines(std::slice::from_ref(l), precision).pop()?)
        }
        Geom::MultiLineString(ls) => {
            Geom::MultiLineString(Some(rounded_lines(ls, precision)).filter(|v| !v.is_empty())?)
        }
        Geom::Polygon(p) => Geom::Polygon(polygon(p)?),
        Geom::MultiPolygon(ps) => Geom::MultiPolygon(
            Some(ps.iter().filter_map(polygon).collect::<Vec<_>>()).filter(|v| !v.is_empty())?,
        ),
    })
}

/// Writes a geometry as the GeoJSON output writes it (the `geojson`
/// crate's geometry through `serde_json`): `{"type":..,"coordinates":..}`,
/// compact, numbers as `serde_json` writes an `f64`.
pub fn write_json(g: &Geom, out: &mut Vec<u8>) {
    fn num(v: f64, out: &mut Vec<u8>) {
        // Writing an f64 to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &v);
    }
    fn pos(p: &Pos, out: &mut Vec<u8>) {
        out.push(b'[');
        num(p[0], out);
        out.push(b',');
        num(p[1], out);
        out.push(b']');
    }
    /// `[a,b,...]`, each item written by `item`.
    fn list<T>(xs: &[T], out: &mut Vec<u8>, item: fn(&T, &mut Vec<u8>)) {
        out.push(b'[');
        for (i, x) in xs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item(x, out);
        }
        out.push(b']');
    }
    let path = |ps: &[Pos], out: &mut Vec<u8>| list(ps, out, pos);
    let paths = |ls: &[Vec<Pos>], out: &mut Vec<u8>| list(ls, out, |l, o| list(l, o, pos));
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(g.type_name().as_bytes());
    out.extend_from_slice(b"\",\"coordinates\":");
    match g {
        Geom::Point(p) => pos(p, out),
        Geom::MultiPoint(ps) | Geom::LineString(ps) => path(ps, out),
        Geom::MultiLineString(ls) | Geom::Polygon(ls) => paths(ls, out),
        Geom::MultiPolygon(ps) => list(ps, out, |p, o| list(p, o, |l, o| list(l, o, pos))),
    }
    out.push(b'}');
}

/// The precisions (bit `p` for `p` decimals, `p` below
/// [`SUMMARY_PRECISIONS`]) at which the output's geometry of this JSON is
/// the JSON itself, byte for byte: it is read without a [`Value`]
/// ([`repaired_of_json`]), repair changes nothing, it has a position,
/// [`write_json`] writes it as it is given, and rounding to `p` decimals
/// leaves every position as it is (the same bits). The output then writes
/// the stored JSON instead of parsing, rounding and writing it again.
pub fn verbatim_mask(json: &str) -> u16 {
    let Some(g) = repaired_of_json(json) else {
        return 0;
    };
    if !bbox_of(&g)[0].is_finite() {
        return 0;
    }
    let mut out = Vec::with_capacity(json.len());
    write_json(&g, &mut out);
    if out != json.as_bytes() {
        return 0;
    }
    (0..SUMMARY_PRECISIONS)
        .filter(|&p| rounded_geom(&g, p).is_some_and(|r| same_bits(&r, &g)))
        .fold(0, |m, p| m | 1 << p)
}

/// Whether two geometries are the same type, nesting and positions, bit
/// for bit (so `-0.0` differs from `0.0`, as in their JSON).
fn same_bits(a: &Geom, b: &Geom) -> bool {
    let path = |x: &[Pos], y: &[Pos]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(p, q)| p[0].to_bits() == q[0].to_bits() && p[1].to_bits() == q[1].to_bits())
    };
    let paths = |x: &[Vec<Pos>], y: &[Vec<Pos>]| {
        x.len() == y.len() && x.iter().zip(y).all(|(l, m)| path(l, m))
    };
    match (a, b) {
        (Geom::Point(p), Geom::Point(q)) => path(&[*p], &[*q]),
        (Geom::MultiPoint(x), Geom::MultiPoint(y)) | (Geom::LineString(x), Geom::LineString(y)) => {
            path(x, y)
        }
        (Geom::MultiLineString(x), Geom::MultiLineString(y))
        | (Geom::Polygon(x), Geom::Polygon(y)) => paths(x, y),
        (Geom::MultiPolygon(x), Geom::MultiPolygon(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| paths(p, q))
        }
        _ => false,
    }
}

/// A position rounded to `precision` decimals.
fn rounded_pos(p: &Pos, precision: u32) -> Pos {
    [round(p[0], precision), round(p[1], precision)]
}

/// A line or ring rounded, with the positions that rounding merged kept once.
fn rounded_path(ps: &[Pos], precision: u32) -> Vec<Pos> {
    let mut v: Vec<Pos> = ps.iter().map(|p| rounded_pos(p, precision)).collect();
    v.dedup();
    v
}

/// The lines still lines (two positions or more) once rounded.
fn rounded_lines(ls: &[Vec<Pos>], precision: u32) -> Vec<Vec<Pos>> {
    ls.iter()
        .map(|l| rounded_path(l, precision))
        .filter(|l| l.len() >= 2)
        .collect()
}

/// A polygon rounded: rings that collapse are dropped (a collapsed exterior
/// drops the polygon), the rest re-oriented; `None` when nothing is left.
fn rounded_polygon(poly: &[Vec<Pos>], precision: u32) -> Option<Vec<Vec<Pos>>> {
    let mut rings: Vec<Vec<Pos>> = Vec::new();
    for (i, ring) in poly.iter().enumerate() {
        let ring = rounded_path(ring, precision);
        let ok = ring.len() >= 4 && signed_area2(&ring) != 0.0;
        if !ok && i == 0 {
            break;
        }
        if ok {
            rings.push(ring);
        }
    }
    orient(&mut rings);
    (!rings.is_empty()).then_some(rings)
}

/// [`bbox_rfc7946`] of a repaired [`Geom`].
pub fn bbox_of(g: &Geom) -> [f64; 4] {
    let mut ext = Extent::default();
    match g {
        Geom::Point(p) => ext.add(std::slice::from_ref(p), true),
        Geom::MultiPoint(ps) => ps
            .iter()
            .for_each(|p| ext.add(std::slice::from_ref(p), true)),
        Geom::LineString(l) => ext.add(l, true),
        Geom::MultiLineString(ls) => ls.iter().for_each(|l| ext.add(l, true)),
        Geom::Polygon(p) => p.iter().enumerate().for_each(|(i, r)| ext.add(r, i == 0)),
        Geom::MultiPolygon(ps) => {
            for p in ps {
                p.iter().enumerate().for_each(|(i, r)| ext.add(r, i == 0));
            }
        }
    }
    ext.bbox()
}

/// The bounding box `[west, south, east, north]` of a geometry's
/// positions (infinite when it has none).
pub fn bbox(g: &Value) -> [f64; 4] {
    fn walk(v: &Value, b: &mut [f64; 4]) {
        let Value::Array(items) = v else {
            return;
        };
        if items.len() >= 2 && items.iter().all(Value::is_number) {
            let lon = items[0].as_f64().unwrap_or(0.0);
            let lat = items[1].as_f64().unwrap_or(0.0);
            *b = [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)];
            return;
        }
        for it in items {
            walk(it, b);
        }
    }
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    walk(&g["coordinates"], &mut b);
    b
}

/// The longitude range `[min, max]` of each part of a geometry: each
/// point of a MultiPoint, each line, each polygon (its exterior ring).
fn lon_parts(g: &Value, out: &mut Vec<[f64; 2]>) {
    fn range(v: &Value) -> Option<[f64; 2]> {
        let b = bbox(&json!({ "coordinates": v }));
        b[0].is_finite().then_some([b[0], b[2]])
    }
    let c = &g["coordinates"];
    let items = || c.as_array().into_iter().flatten();
    match g["type"].as_str().unwrap_or("") {
        "Point" | "LineString" => out.extend(range(c)),
        "MultiPoint" | "MultiLineString" => out.extend(items().filter_map(range)),
        "Polygon" => out.extend(c.get(0).and_then(range)),
        "MultiPolygon" => out.extend(items().filter_map(|p| p.get(0).and_then(range))),
        "GeometryCollection" => {
            for m in g["geometries"].as_array().into_iter().flatten() {
                lon_parts(m, out);
            }
        }
        _ => {}
    }
}

/// The bounding box `[west, south, east, north]` as RFC 7946 section 5.2
/// writes it: for a geometry whose parts lie on both sides of the
/// antimeridian (Russia, the United States, Fiji, split there), `west` is
/// greater than `east` and the box spans the antimeridian. The box is the
/// narrower of the two: when the positions span more than 180 degrees of
/// longitude, the widest gap between the parts' longitude ranges is left
/// out, if it is wider than the gap across the antimeridian. Otherwise,
/// and for a shape that covers every longitude (Antarctica), it is
/// [`bbox`].
pub fn bbox_rfc7946(g: &Value) -> [f64; 4] {
    let b = bbox(g);
    if b[2] - b[0] <= 180.0 {
        return b;
    }
    let mut parts = Vec::new();
    lon_parts(g, &mut parts);
    across_antimeridian(b, parts)
}

/// [`bbox_rfc7946`] of a box wider than 180 degrees, from the longitude
/// ranges of the geometry's parts.
fn across_antimeridian(b: [f64; 4], mut parts: Vec<[f64; 2]>) -> [f64; 4] {
    parts.sort_by(|x, y| x[0].total_cmp(&y[0]));
    // The gap across the antimeridian, then the widest between the merged
    // longitude ranges.
    let mut widest = 360.0 - (b[2] - b[0]);
    let mut gap: Option<(f64, f64)> = None;
    let mut reach = f64::NEG_INFINITY;
    for [lo, hi] in parts {
        if reach.is_finite() && lo - reach > widest {
            widest = lo - reach;
            gap = Some((reach, lo));
        }
        reach = reach.max(hi);
    }
    match gap {
        Some((east, west)) => [west, b[1], east, b[3]],
        None => b,
    }
}

/// The GeoJSON type names a [`Summary`] holds, by number.
pub const TYPE_NAMES: [&str; 6] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
];

/// The precisions a [`Summary`] answers for: `0..SUMMARY_PRECISIONS`
/// decimals (what `--precision` takes).
pub const SUMMARY_PRECISIONS: u32 = 16;

/// [`summary`] of a geometry at every precision of `0..SUMMARY_PRECISIONS`,
/// computed once (the gazetteer index stores it for every place with a
/// geometry, so that a mention row reads it instead of parsing JSON).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The geometry's type: a number into [`TYPE_NAMES`].
    pub kind: u8,
    /// Bit `p`: whether something is left of the geometry after rounding
    /// to `p` decimals (when not, the outputs write the place's point).
    pub kept: u16,
    /// [`bbox_rfc7946`] of the repaired geometry (infinite when it has no
    /// positions).
    pub bbox: [f64; 4],
    /// Bit `p`: whether the output's geometry at `p` decimals is the
    /// geometry's JSON as stored ([`verbatim_mask`] of the JSON text; 0
    /// when only the parsed geometry was summarized).
    pub verbatim: u16,
}

impl Summary {
    /// Whether the output's geometry at `precision` is the stored JSON
    /// itself ([`Summary::verbatim`]).
    pub fn verbatim_at(&self, precision: u32) -> bool {
        precision < SUMMARY_PRECISIONS && self.verbatim >> precision & 1 == 1
    }

    /// The area of the bounding box in square kilometres (an
    /// equirectangular estimate at the box's middle latitude; a box across
    /// the antimeridian, west > east, wraps), or 0 when it has no
    /// positions.
    pub fn bbox_area_km2(&self) -> f64 {
        let [west, south, east, north] = self.bbox;
        if !(west.is_finite() && south.is_finite() && east.is_finite() && north.is_finite()) {
            return 0.0;
        }
        let width = if east >= west {
            east - west
        } else {
            east - west + 360.0
        };
        let km_per_degree = 111.195;
        let mid = ((south + north) / 2.0).to_radians();
        width * km_per_degree * mid.cos().abs() * (north - south) * km_per_degree
    }

    /// What [`summary`] gives at `precision`; `None` for a precision it
    /// does not hold, or a type number out of range (a corrupt record).
    pub fn at(&self, precision: u32) -> Option<(&'static str, [f64; 4])> {
        let t = TYPE_NAMES.get(self.kind as usize)?;
        let kept = precision < SUMMARY_PRECISIONS && self.kept >> precision & 1 == 1;
        (precision < SUMMARY_PRECISIONS).then_some((if kept { t } else { "Point" }, self.bbox))
    }
}

/// What a per-mention row says of a geometry, without building the
/// repaired or the rounded geometry: the type [`rounded`] gives it at
/// `precision` after [`repair`] (`Point` when nothing is left, as the
/// outputs then write the place's point), and [`bbox_rfc7946`] of the
/// repaired geometry (infinite when it has no positions). Fails where
/// [`repair`] fails, with its message.
pub fn summary(g: &Value, precision: u32) -> Result<(&'static str, [f64; 4]), String> {
    let (kind, kept, bbox) = summarized(g, &[precision])?;
    Ok((
        if kept & 1 == 1 {
            TYPE_NAMES[kind]
        } else {
            "Point"
        },
        bbox,
    ))
}

/// [`summary`] at every precision a [`Summary`] holds, in one pass.
pub fn summary_all(g: &Value) -> Result<Summary, String> {
    let precisions: Vec<u32> = (0..SUMMARY_PRECISIONS).collect();
    let (kind, kept, bbox) = summarized(g, &precisions)?;
    Ok(Summary {
        kind: kind as u8,
        kept: kept as u16,
        bbox,
        verbatim: 0,
    })
}

/// The type number, a mask of the `precisions` (bit `i` for
/// `precisions[i]`) at which something is left after rounding, and the
/// bbox: [`summary`] at several precisions.
fn summarized(g: &Value, precisions: &[u32]) -> Result<(usize, u32, [f64; 4]), String> {
    let all = (1u32 << precisions.len()) - 1;
    let mut ext = Extent::default();
    let t = type_name(g);
    let kind = TYPE_NAMES.iter().position(|n| *n == t);
    let kept = match t {
        "Point" | "MultiPoint" => {
            for p in points(g)? {
                ext.add(&[p], true);
            }
            all
        }
        "LineString" | "MultiLineString" => {
            let ls = lines(g)?;
            ls.iter().for_each(|l| ext.add(l, true));
            let mut kept = 0;
            for (i, &p) in precisions.iter().enumerate() {
                let merged = |ps: &[Pos]| {
                    let mut v: Vec<Pos> = ps.iter().map(|q| rounded_pos(q, p)).collect();
                    v.dedup();
                    v
                };
                if ls.iter().any(|l| merged(l).len() >= 2) {
                    kept |= 1 << i;
                }
            }
            kept
        }
        "Polygon" | "MultiPolygon" => {
            let polys = polygons(g)?;
            let rings = polys.iter().map(|p| p.iter().map(Vec::as_slice));
            polygons_extent(rings, precisions, &mut ext)
        }
        t => {
            repair(&mut g.clone())?;
            return Err(format!("unknown geometry type {t:?}"));
        }
    };
    // Every type the match takes is in the list.
    Ok((kind.unwrap_or(0), kept, ext.bbox()))
}

/// Adds every ring of every polygon (exterior first) to `ext`, as
/// [`summary`] does, and gives the mask of the `precisions` (bit `i` for
/// `precisions[i]`) at which one polygon is left after rounding (its
/// exterior, deduplicated and counter-clockwise as repaired, has four
/// positions and an area).
fn polygons_extent<'a, P, R>(polys: P, precisions: &[u32], ext: &mut Extent) -> u32
where
    P: Iterator<Item = R>,
    R: Iterator<Item = &'a [Pos]>,
{
    let all = (1u32 << precisions.len()) - 1;
    let mut kept = 0;
    for rings in polys {
        for (i, ring) in rings.enumerate() {
            ext.add(ring, i == 0);
            if i == 0 && kept != all {
                for (b, &p) in precisions.iter().enumerate() {
                    if kept >> b & 1 == 0 && exterior_kept(ring, p) {
                        kept |= 1 << b;
                    }
                }
            }
        }
    }
    kept
}

/// Whether a polygon's exterior (closed) is left after rounding to
/// `precision`: deduplicated and counter-clockwise as repaired, it has four
/// positions and an area.
fn exterior_kept(exterior: &[Pos], precision: u32) -> bool {
    let mut e: Vec<Pos> = exterior.iter().map(|p| rounded_pos(p, precision)).collect();
    e.dedup();
    if signed_area2(exterior) < 0.0 {
        e.reverse();
    }
    e.len() >= 4 && signed_area2(&e) != 0.0
}

/// What [`summary`] gathers: the extent of every position, and the
/// longitude range of each part (as `lon_parts` takes them: a point, a
/// line, a polygon's exterior).
struct Extent {
    b: [f64; 4],
    ranges: Vec<[f64; 2]>,
}

impl Default for Extent {
    fn default() -> Self {
        Extent {
            b: [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            ranges: Vec::new(),
        }
    }
}

impl Extent {
    fn add(&mut self, ps: &[Pos], part: bool) {
        let (b, mut lon) = (&mut self.b, [f64::INFINITY, f64::NEG_INFINITY]);
        for p in ps {
            *b = [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ];
            lon = [lon[0].min(p[0]), lon[1].max(p[0])];
        }
        if part && lon[0].is_finite() {
            self.ranges.push(lon);
        }
    }

    /// The RFC 7946 bbox: across the antimeridian when that is smaller.
    fn bbox(self) -> [f64; 4] {
        if self.b[2] - self.b[0] > 180.0 {
            across_antimeridian(self.b, self.ranges)
        } else {
            self.b
        }
    }
}

/// Whether `p` lies inside a polygon (exterior ring minus holes), by ray
/// casting. Points on the boundary may go either way.
pub fn in_polygon(p: Pos, poly: &[Vec<Pos>]) -> bool {
    match poly.split_first() {
        Some((ext, holes)) => crossed(p, ext) && !holes.iter().any(|h| crossed(p, h)),
        None => false,
    }
}

/// Whether a ray from `p` crosses a closed ring an odd number of times.
fn crossed(p: Pos, ring: &[Pos]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The polygons of a Polygon or MultiPolygon held flat: every ring's
/// positions in one buffer, with where each ring and each polygon ends.
/// [`PolygonSet::parse`] reads them straight from the geometry's JSON, with
/// no [`Value`] tree: the same positions as [`polygons`] (the same number
/// parser, rings closed the same way) in about a sixth of the memory, for
/// the country and division outlines that a run keeps to locate points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolygonSet {
    points: Vec<Pos>,
    /// End (in `points`) of each ring.
    ring_ends: Vec<u32>,
    /// End (in `ring_ends`) of each polygon.
    poly_ends: Vec<u32>,
}

/// A position as [`pos`] reads it: at least two numbers, the first two
/// finite and within range (more members are ignored), and whether all its
/// members are numbers (only then does [`bbox`] count it).
struct RawPos(Pos, bool);

impl<'de> serde::Deserialize<'de> for RawPos {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawPos;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position of two numbers")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<RawPos, A::Error> {
                use serde::de::Error;
                let missing = || A::Error::custom("a position needs two numbers");
                let lon: f64 = s.next_element()?.ok_or_else(missing)?;
                let lat: f64 = s.next_element()?.ok_or_else(missing)?;
                let mut numbers = true;
                while let Some(v) = s.next_element::<Value>()? {
                    numbers &= v.is_number();
                }
                if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
                    return Err(A::Error::custom("position out of range"));
                }
                Ok(RawPos([lon, lat], numbers))
            }
        }
        d.deserialize_seq(V)
    }
}

/// The coordinates of a Polygon or MultiPolygon, as serde reads them.
#[derive(serde::Deserialize)]
struct Coordinates<T> {
    coordinates: T,
}

/// The rings of a polygon, exterior first, as serde reads them.
type Poly = Vec<Vec<RawPos>>;

/// The `type` member alone (the coordinates skipped unread).
#[derive(serde::Deserialize)]
struct TypeOnly {
    #[serde(rename = "type")]
    kind: String,
}

impl PolygonSet {
    /// The polygons of a geometry's JSON and the bounding box of their
    /// positions, as [`polygons`] and [`bbox`] give them; empty for a
    /// geometry of another type, an error for a malformed one.
    pub fn parse(json: &str) -> Result<(PolygonSet, [f64; 4]), String> {
        let err = |e: serde_json::Error| e.to_string();
        let kind = serde_json::from_str::<TypeOnly>(json).map_err(err)?.kind;
        let polys: Vec<Poly> = match kind.as_str() {
            "Polygon" => vec![
                serde_json::from_str::<Coordinates<Poly>>(json)
                    .map_err(err)?
                    .coordinates,
            ],
            "MultiPolygon" => {
                serde_json::from_str::<Coordinates<Vec<Poly>>>(json)
                    .map_err(err)?
                    .coordinates
            }
            _ => Vec::new(),
        };
        PolygonSet::of_polygons(polys)
    }

    /// The set of polygons as serde read them, checked as [`polygons`]
    /// checks them, and the bounding box of their positions.
    fn of_polygons(polys: Vec<Poly>) -> Result<(PolygonSet, [f64; 4]), String> {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut set = PolygonSet::default();
        for poly in polys {
            if poly.is_empty() {
                return Err("a polygon needs an exterior ring".into());
            }
            for ring in poly {
                let start = set.points.len();
                for RawPos([lon, lat], numbers) in ring {
                    if numbers {
                        b = [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)];
                    }
                    set.points.push([lon, lat]);
                }
                let first = set.points.get(start).copied();
                if first != set.points.last().copied() {
                    set.points.extend(first);
                }
                if set.points.len() - start < 4 {
                    return Err("a polygon ring needs at least 4 positions".into());
                }
                set.ring_ends.push(set.points.len() as u32);
            }
            set.poly_ends.push(set.ring_ends.len() as u32);
        }
        set.points.shrink_to_fit();
        set.ring_ends.shrink_to_fit();
        set.poly_ends.shrink_to_fit();
        Ok((set, b))
    }

    /// Whether there is no polygon.
    pub fn is_empty(&self) -> bool {
        self.poly_ends.is_empty()
    }

    /// The rings of polygon `i`, exterior first.
    fn polygon(&self, i: usize) -> impl Iterator<Item = &[Pos]> + '_ {
        let from = if i == 0 {
            0
        } else {
            self.poly_ends[i - 1] as usize
        };
        (from..self.poly_ends[i] as usize).map(|r| self.ring(r))
    }

    fn ring(&self, r: usize) -> &[Pos] {
        let from = if r == 0 {
            0
        } else {
            self.ring_ends[r - 1] as usize
        };
        &self.points[from..self.ring_ends[r] as usize]
    }

    /// Every ring of every polygon, in order.
    pub fn rings(&self) -> impl Iterator<Item = &[Pos]> + '_ {
        (0..self.ring_ends.len()).map(|r| self.ring(r))
    }

    /// Whether `p` lies inside one of the polygons, as [`in_polygon`] says.
    pub fn contains(&self, p: Pos) -> bool {
        (0..self.poly_ends.len()).any(|i| {
            let mut rings = self.polygon(i);
            rings
                .next()
                .is_some_and(|ext| crossed(p, ext) && !rings.any(|h| crossed(p, h)))
        })
    }

    /// Bytes of memory the polygons hold.
    pub fn heap_bytes(&self) -> usize {
        self.points.capacity() * size_of::<Pos>()
            + (self.ring_ends.capacity() + self.poly_ends.capacity()) * size_of::<u32>()
    }
}

/// A point inside a polygon (GEOS's interior-point method): a horizontal
/// line through the middle of the bounding box, moved off every vertex,
/// crosses the rings; the midpoint of the widest inside stretch is inside.
pub fn interior_point(poly: &[Vec<Pos>]) -> Option<Pos> {
    let ext = poly.first()?;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in ext {
        lo = lo.min(p[1]);
        hi = hi.max(p[1]);
    }
    let centre = (lo + hi) / 2.0;
    // The nearest vertex latitudes at or below and above the centre: a line
    // between them touches no vertex.
    let (mut below, mut above) = (lo, hi);
    for p in poly.iter().flatten() {
        if p[1] <= centre && p[1] > below {
            below = p[1];
        }
        if p[1] > centre && p[1] < above {
            above = p[1];
        }
    }
    let y = (below + above) / 2.0;
    let mut xs: Vec<f64> = Vec::new();
    for r in poly {
        for w in r.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a[1] > y) != (b[1] > y) {
                xs.push(a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|c| [(c[0] + c[1]) / 2.0, y])
}

/// The point of `line` nearest to `p` (planar in lon/lat, with longitude
/// scaled by the cosine of the latitude), and its squared distance.
fn nearest_on_line(p: Pos, line: &[Pos]) -> (Pos, f64) {
    let k = p[1].to_radians().cos().max(0.01);
    let mut best = (line[0], f64::INFINITY);
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = ((b[0] - a[0]) * k, b[1] - a[1]);
        let (px, py) = ((p[0] - a[0]) * k, p[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            ((px * dx + py * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let q = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        let d2 = ((q[0] - p[0]) * k).powi(2) + (q[1] - p[1]).powi(2);
        if d2 < best.1 {
            best = (q, d2);
        }
    }
    best
}

/// One point that stands for the place: `hint` (the gazetteer's point)
/// when it lies inside the polygon or on the line; otherwise the interior
/// point of the largest polygon, the point of the line nearest to `hint`,
/// or the member of a MultiPoint nearest to it. A geometry that cannot be
/// read gives `hint`.
pub fn representative_point(g: &Value, hint: Pos) -> Pos {
    let g = match Family::of(type_name(g)) {
        Some(Family::Points) => Geom::MultiPoint(points(g).unwrap_or_default()),
        Some(Family::Lines) => Geom::MultiLineString(lines(g).unwrap_or_default()),
        Some(Family::Polygons) => Geom::MultiPolygon(polygons(g).unwrap_or_default()),
        None => return hint,
    };
    representative_point_of(&g, hint)
}

/// [`representative_point`] of a [`Geom`].
pub fn representative_point_of(g: &Geom, hint: Pos) -> Pos {
    use std::slice::from_ref as one;
    let (ps, ls, polys) = match g {
        Geom::Point(p) => (one(p), &[][..], &[][..]),
        Geom::MultiPoint(ps) => (&ps[..], &[][..], &[][..]),
        Geom::LineString(l) => (&[][..], one(l), &[][..]),
        Geom::MultiLineString(ls) => (&[][..], &ls[..], &[][..]),
        Geom::Polygon(p) => (&[][..], &[][..], one(p)),
        Geom::MultiPolygon(ps) => (&[][..], &[][..], &ps[..]),
    };
    match Family::of(g.type_name()) {
        Some(Family::Points) => ps
            .iter()
            .copied()
            .min_by(|a, b| dist2(*a, hint).total_cmp(&dist2(*b, hint)))
            .unwrap_or(hint),
        Some(Family::Lines) => ls
            .iter()
            .map(|l| nearest_on_line(hint, l))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(q, d2)| if d2 < 1e-18 { hint } else { q })
            .unwrap_or(hint),
        _ => {
            if polys.iter().any(|p| in_polygon(hint, p)) {
                return hint;
            }
            polys
                .iter()
                .max_by(|a, b| {
                    signed_area2(&a[0])
                        .abs()
                        .total_cmp(&signed_area2(&b[0]).abs())
                })
                .and_then(|p| interior_point(p))
                .unwrap_or(hint)
        }
    }
}

fn dist2(a: Pos, b: Pos) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A box's area: a degree square at the equator is about 12,364 km²,
    /// at 60° half that; a box across the antimeridian wraps; no positions
    /// give 0.
    #[test]
    fn bbox_areas() {
        let s = |bbox| Summary {
            kind: 0,
            kept: 0,
            bbox,
            verbatim: 0,
        };
        let eq = s([0.0, -0.5, 1.0, 0.5]).bbox_area_km2();
        assert!((eq - 12_364.0).abs() < 5.0, "{eq}");
        let north = s([0.0, 59.5, 1.0, 60.5]).bbox_area_km2();
        assert!((north / eq - 0.5).abs() < 0.01, "{north}");
        let across = s([179.5, -0.5, -179.5, 0.5]).bbox_area_km2();
        assert!((across - eq).abs() < 1.0, "{across}");
        assert_eq!(s([f64::INFINITY, 0.0, 0.0, 0.0]).bbox_area_km2(), 0.0);
    }

    fn square_cw() -> Value {
        // Clockwise exterior, counter-clockwise hole, exterior left open.
        json!({"type": "Polygon", "coordinates": [
            [[0.0, 0.0], [0.0, 4.0], [4.0, 4.0], [4.0, 0.0]],
            [[1.0, 1.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0], [1.0, 1.0]]
        ]})
    }

    /// Geometries the reader without a Value takes, and ones it leaves to
    /// the Value path (type last, repeated members, what repair rejects).
    const TYPED_CASES: [(&str, bool); 14] = [
        (r#"{"type":"Point","coordinates":[10.5,-3]}"#, true),
        (
            r#"{"type":"MultiPoint","coordinates":[[1,2],[3,4,5]],"bbox":[1,2,3,4]}"#,
            true,
        ),
        (
            r#"{"type":"LineString","coordinates":[[179.5,1],[-179.5,2]]}"#,
            true,
        ),
        (
            r#"{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[170,0],[-170,1]]]}"#,
            true,
        ),
        // Open and clockwise exterior, counter-clockwise hole.
        (
            r#"{"type":"Polygon","coordinates":[[[0,0],[0,4],[4,4],[4,0]],[[1,1],[2,1],[2,2],[1,1]]]}"#,
            true,
        ),
        (
            r#"{"type":"MultiPolygon","coordinates":[[[[170,0],[175,0],[175,5],[170,0]]],[[[-175,0],[-170,0],[-170,5.000001],[-175,0]]]]}"#,
            true,
        ),
        (r#"{"coordinates":[1,2],"type":"Point"}"#, false),
        (
            r#"{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}"#,
            false,
        ),
        (r#"{"type":"Point","coordinates":[200,2]}"#, false),
        (r#"{"type":"LineString","coordinates":[[1,2]]}"#, false),
        (
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}"#,
            false,
        ),
        (r#"{"type":"Polygon","coordinates":[]}"#, false),
        (r#"{"type":"GeometryCollection","geometries":[]}"#, false),
        (r#"{"type":"Point","coordinates":["1",2]}"#, false),
    ];

    #[test]
    fn typed_geometry_is_that_of_the_value_path() {
        for (json, taken) in TYPED_CASES {
            let v: Value = serde_json::from_str(json).unwrap();
            let Some(g) = repaired_of_json(json) else {
                assert!(!taken, "{json}");
                continue;
            };
            assert!(taken, "{json}");
            assert_eq!(repaired_geom(&v).as_ref(), Ok(&g), "{json}");
            let mut repaired = v.clone();
            repair(&mut repaired).unwrap();
            assert_eq!(to_value(&g), repaired, "{json}");
            assert_eq!(bbox_of(&g), bbox_rfc7946(&repaired), "{json}");
            for precision in [0, 1, 6] {
                let want = rounded(&repaired, precision);
                let got = rounded_geom(&g, precision).map(|r| to_value(&r));
                assert_eq!(got, want, "{json} {precision}");
            }
            for hint in [[0.5, 0.5], [3.0, 3.0], [172.0, 1.0], [-100.0, 2.0]] {
                let want = representative_point(&repaired, hint);
                assert_eq!(representative_point_of(&g, hint), want, "{json} {hint:?}");
            }
        }
    }

    #[test]
    fn repair_closes_and_orients_rings() {
        let mut g = square_cw();
        repair(&mut g).unwrap();
        let p = &polygons(&g).unwrap()[0];
        assert_eq!(p[0].len(), 5);
        assert_eq!(p[0].first(), p[0].last());
        assert!(signed_area2(&p[0]) > 0.0, "exterior must be CCW");
        assert!(signed_area2(&p[1]) < 0.0, "hole must be CW");
        // Already right: unchanged.
        let before = g.clone();
        repair(&mut g).unwrap();
        assert_eq!(g, before);
    }

    #[test]
    fn repair_multipolygon_each_part() {
        let mut g = json!({"type": "MultiPolygon", "coordinates": [
            [[[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]],
            [[[5.0, 5.0], [6.0, 5.0], [6.0, 6.0], [5.0, 6.0], [5.0, 5.0]]]
        ]});
        repair(&mut g).unwrap();
        for p in polygons(&g).unwrap() {
            assert!(signed_area2(&p[0]) > 0.0);
        }
    }

    #[test]
    fn repair_rejects_bad_geometries() {
        for g in [
            json!({"type": "Point", "coordinates": [200.0, 0.0]}),
            json!({"type": "Point", "coordinates": [0.0, 91.0]}),
            json!({"type": "Point", "coordinates": ["a", 0.0]}),
            json!({"type": "LineString", "coordinates": [[0.0, 0.0]]}),
            json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}),
            json!({"type": "Polygon", "coordinates": []}),
            json!({"type": "GeometryCollection", "geometries": []}),
            json!({"type": "Circle", "coordinates": [0.0, 0.0]}),
        ] {
            let mut g2 = g.clone();
            assert!(repair(&mut g2).is_err(), "{g} should be rejected");
        }
    }

    #[test]
    fn rounding_keeps_geometries_valid() {
        // A tiny island beside a big one: at 1 decimal the island collapses.
        let mut g = json!({"type": "MultiPolygon", "coordinates": [
            [[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]],
             [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]]],
            [[[5.01, 5.01], [5.02, 5.01], [5.02, 5.02], [5.01, 5.01]]]
        ]});
        repair(&mut g).unwrap();
        let r = rounded(&g, 1).unwrap();
        let ps = polygons(&r).unwrap();
        assert_eq!(ps.len(), 1, "the island is gone");
        assert_eq!(ps[0].len(), 2, "the hole stays");
        assert!(signed_area2(&ps[0][0]) > 0.0 && signed_area2(&ps[0][1]) < 0.0);
        // Everything collapses: no geometry.
        let tiny = json!({"type": "Polygon", "coordinates": [
            [[5.01, 5.01], [5.02, 5.01], [5.02, 5.02], [5.01, 5.01]]]});
        assert_eq!(rounded(&tiny, 1), None);
        let line = json!({"type": "LineString", "coordinates": [[1.01, 1.0], [1.02, 1.0]]});
        assert_eq!(rounded(&line, 1), None);
        let line = json!({"type": "MultiLineString", "coordinates": [
            [[1.01, 1.0], [1.02, 1.0]], [[0.0, 0.0], [1.0, 1.0], [1.01, 1.0]]]});
        assert_eq!(
            rounded(&line, 1).unwrap(),
            json!({"type": "MultiLineString", "coordinates": [[[0.0, 0.0], [1.0, 1.0]]]})
        );
        assert_eq!(
            rounded(&json!({"type": "Point", "coordinates": [1.26, -0.04]}), 1).unwrap(),
            json!({"type": "Point", "coordinates": [1.3, 0.0]})
        );
        assert_eq!(bbox(&g), [0.0, 0.0, 5.02, 5.02]);
    }

    /// The summary as the outputs first computed it: repair, round, and
    /// take the type and the RFC 7946 bbox.
    fn summary_reference(g: &Value, precision: u32) -> Result<(String, [f64; 4]), String> {
        let mut g = g.clone();
        repair(&mut g)?;
        let t = rounded(&g, precision).map_or("Point".to_string(), |r| type_name(&r).to_string());
        Ok((t, bbox_rfc7946(&g)))
    }

    #[test]
    fn summary_is_repair_then_rounded() {
        let sq = |w: f64, e: f64, s: f64, n: f64| json!([[w, s], [e, s], [e, n], [w, n], [w, s]]);
        let cases = [
            square_cw(),
            json!({"type": "MultiPolygon", "coordinates": [[sq(19.0, 180.0, 41.0, 81.0)], [sq(-180.0, -169.0, 64.0, 71.0)]]}),
            // A hole outside its exterior still counts in the bbox.
            json!({"type": "Polygon", "coordinates": [sq(0.0, 1.0, 0.0, 1.0), sq(2.0, 3.0, -5.0, 0.5)]}),
            // Smaller than 0.001 degrees: a point at precision 2, a
            // polygon at 6; an open ring.
            json!({"type": "Polygon", "coordinates": [[[10.0, 10.0], [10.0004, 10.0], [10.0004, 10.0004]]]}),
            json!({"type": "MultiPolygon", "coordinates": [[sq(5.0, 5.0001, 5.0, 5.0001)], [sq(6.0, 7.0, 6.0, 7.0)]]}),
            json!({"type": "LineString", "coordinates": [[1.0, 1.0], [1.0001, 1.0]]}),
            json!({"type": "MultiLineString", "coordinates": [[[170.0, 0.0], [180.0, 1.0]], [[-180.0, 1.0], [-175.0, 2.0]]]}),
            json!({"type": "MultiPoint", "coordinates": [[179.0, 1.0], [-179.0, 2.0], [0.0, 0.0]]}),
            json!({"type": "MultiPoint", "coordinates": []}),
            json!({"type": "Point", "coordinates": [36.2, 37.1, 400.0]}),
            // Errors: the messages of repair.
            json!({"type": "Point", "coordinates": [200.0, 0.0]}),
            json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]]}),
            json!({"type": "Polygon", "coordinates": []}),
            json!({"type": "LineString", "coordinates": [[0.0, 0.0]]}),
            json!({"type": "GeometryCollection", "geometries": []}),
            json!({"type": "Circle", "coordinates": [0.0, 0.0]}),
        ];
        for g in &cases {
            let all = summary_all(g);
            for precision in 0..SUMMARY_PRECISIONS + 2 {
                let got = summary(g, precision).map(|(t, b)| (t.to_string(), b));
                assert_eq!(got, summary_reference(g, precision), "{g} at {precision}");
                // Every precision at once: the same, or the same error.
                match &all {
                    Ok(s) if precision < SUMMARY_PRECISIONS => {
                        assert_eq!(Ok(s.at(precision).unwrap()), summary(g, precision))
                    }
                    Ok(s) => assert_eq!(s.at(precision), None),
                    Err(e) => assert_eq!(Err(e.clone()), summary(g, precision)),
                }
            }
        }
        // A corrupt type number is no answer.
        let s = summary_all(&cases[0]).unwrap();
        assert_eq!(Summary { kind: 6, ..s }.at(2), None);
        assert_eq!(summary(&cases[4], 2).unwrap().0, "MultiPolygon");
        assert_eq!(summary(&cases[3], 2).unwrap().0, "Point");
        assert_eq!(summary(&cases[3], 6).unwrap().0, "Polygon");
    }

    /// The output copies a geometry's JSON only where writing it again
    /// would give the same bytes.
    #[test]
    fn verbatim_only_where_written_as_it_is() {
        let all = (1u32 << SUMMARY_PRECISIONS) - 1;
        for (json, want) in [
            // Written as serde_json writes it, 4 decimals: from 4 on.
            (
                r#"{"type":"Point","coordinates":[36.1234,-0.5]}"#,
                all & !0xf,
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0.0,0.0],[1.5,0.0],[1.5,1.0],[0.0,0.0]]]}"#,
                all & !1,
            ),
            // Numbers without decimals, an unclosed or clockwise ring,
            // `-0.0`, a repeated position that rounding would merge, other
            // members, spaces, nothing: never.
            (r#"{"type":"Point","coordinates":[36,35]}"#, 0),
            (
                r#"{"type":"Polygon","coordinates":[[[0.0,0.0],[1.5,0.0],[1.5,1.0]]]}"#,
                0,
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0.0,0.0],[1.5,1.0],[1.5,0.0],[0.0,0.0]]]}"#,
                0,
            ),
            (r#"{"type":"Point","coordinates":[-0.0,1.0]}"#, 0),
            (
                r#"{"type":"LineString","coordinates":[[1.0,1.0],[1.0,1.0],[2.0,1.0]]}"#,
                0,
            ),
            (
                r#"{"type":"Point","coordinates":[1.0,1.0],"bbox":[1,1,1,1]}"#,
                0,
            ),
            (r#"{"type": "Point","coordinates":[1.0,1.0]}"#, 0),
            (r#"{"type":"MultiPoint","coordinates":[]}"#, 0),
        ] {
            assert_eq!(u32::from(verbatim_mask(json)), want, "{json}");
        }
    }

    #[test]
    fn bbox_across_the_antimeridian_has_west_greater_than_east() {
        let sq = |w: f64, e: f64, s: f64, n: f64| json!([[[w, s], [e, s], [e, n], [w, n], [w, s]]]);
        // Russia-like: the body 19..180 and a tip -180..-169.
        let ru = json!({"type": "MultiPolygon", "coordinates": [sq(19.0, 180.0, 41.0, 81.0), sq(-180.0, -169.0, 64.0, 71.0)]});
        assert_eq!(bbox(&ru), [-180.0, 41.0, 180.0, 81.0]);
        assert_eq!(bbox_rfc7946(&ru), [19.0, 41.0, -169.0, 81.0]);
        // United States-like: islands west of the antimeridian, Hawaii in
        // the gap between Alaska and the mainland.
        let us = json!({"type": "MultiPolygon", "coordinates": [
            sq(-125.0, -66.0, 24.0, 49.0), sq(-180.0, -129.0, 51.0, 71.0),
            sq(-160.0, -154.0, 18.0, 22.0), sq(172.0, 180.0, 51.0, 53.0)]});
        assert_eq!(bbox_rfc7946(&us), [172.0, 18.0, -66.0, 71.0]);
        // A line split at the antimeridian, and points on both sides.
        let line = json!({"type": "MultiLineString", "coordinates": [[[170.0, 0.0], [180.0, 1.0]], [[-180.0, 1.0], [-175.0, 2.0]]]});
        assert_eq!(bbox_rfc7946(&line), [170.0, 0.0, -175.0, 2.0]);
        // Every longitude covered (Antarctica), or no crossing: unchanged.
        let aq = json!({"type": "Polygon", "coordinates": sq(-180.0, 180.0, -90.0, -60.0)});
        assert_eq!(bbox_rfc7946(&aq), [-180.0, -90.0, 180.0, -60.0]);
        let sy = json!({"type": "Polygon", "coordinates": sq(35.7, 42.4, 32.3, 37.3)});
        assert_eq!(bbox_rfc7946(&sy), bbox(&sy));
        let pt = json!({"type": "Point", "coordinates": [180.0, 0.0]});
        assert_eq!(bbox_rfc7946(&pt), [180.0, 0.0, 180.0, 0.0]);
    }

    #[test]
    fn polygon_set_reads_what_polygons_and_bbox_read() {
        let geoms = [
            r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}"#,
            r#"{"coordinates":[[[[30.5,10.25,7],[40.125,40.0,"x"],[20,40],[30.5,10.25]]],[[[-179.9,-89.5],[-170,-89.5],[-170,-80.1e0],[-179.9,-89.5]]]],"type":"MultiPolygon","bbox":[1,2,3,4]}"#,
            r#"{"type":"MultiPolygon","coordinates":[]}"#,
            r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#,
        ];
        for json in geoms {
            let g: Value = serde_json::from_str(json).unwrap();
            let (set, b) = PolygonSet::parse(json).unwrap();
            let want = polygons(&g).unwrap();
            let rings: Vec<Vec<Pos>> = set.rings().map(<[Pos]>::to_vec).collect();
            assert_eq!(
                rings,
                want.iter().flatten().cloned().collect::<Vec<_>>(),
                "{json}"
            );
            assert_eq!(set.is_empty(), want.is_empty());
            if !want.is_empty() {
                assert_eq!(b, bbox(&g), "{json}");
            }
            for x in -20..=90 {
                for y in -20..=90 {
                    let p = [x as f64 * 0.5 - 0.25, y as f64 * 0.5 + 0.1];
                    let inside = want.iter().any(|poly| in_polygon(p, poly));
                    assert_eq!(set.contains(p), inside, "{json} {p:?}");
                }
            }
        }
        for bad in [
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#,
            r#"{"type":"Polygon","coordinates":[]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,"a"],[1,1],[0,0]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]"#,
        ] {
            let parsed = serde_json::from_str::<Value>(bad).map_err(|e| e.to_string());
            assert!(parsed.and_then(|g| polygons(&g)).is_err(), "{bad}");
            assert!(PolygonSet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn families() {
        assert_eq!(Family::of("MultiPolygon"), Some(Family::Polygons));
        assert_eq!(Family::of("Polygon"), Some(Family::Polygons));
        assert_eq!(Family::of("MultiLineString"), Some(Family::Lines));
        assert_eq!(Family::of("Point"), Some(Family::Points));
        assert_eq!(Family::of("GeometryCollection"), None);
    }

    #[test]
    fn point_in_polygon_with_hole() {
        let mut g = square_cw();
        repair(&mut g).unwrap();
        let p = &polygons(&g).unwrap()[0];
        assert!(in_polygon([0.5, 0.5], p));
        assert!(!in_polygon([2.0, 2.0], p), "inside the hole");
        assert!(!in_polygon([5.0, 2.0], p));
    }

    #[test]
    fn representative_point_keeps_a_good_hint() {
        let g = square_cw();
        assert_eq!(representative_point(&g, [0.5, 0.5]), [0.5, 0.5]);
    }

    #[test]
    fn representative_point_moves_a_bad_hint_inside() {
        let mut g = square_cw();
        repair(&mut g).unwrap();
        let p = &polygons(&g).unwrap()[0];
        // The centre is in the hole; the hint is outside.
        for hint in [[2.0, 2.0], [10.0, 10.0]] {
            let r = representative_point(&g, hint);
            assert!(in_polygon(r, p), "{r:?} not inside");
        }
        // A C-shaped polygon whose bbox centre is outside it.
        let c = json!({"type": "Polygon", "coordinates": [[
            [0.0, 0.0], [3.0, 0.0], [3.0, 1.0], [1.0, 1.0], [1.0, 2.0],
            [3.0, 2.0], [3.0, 3.0], [0.0, 3.0], [0.0, 0.0]
        ]]});
        let r = representative_point(&c, [2.0, 1.5]);
        assert!(in_polygon(r, &polygons(&c).unwrap()[0]), "{r:?}");
        // MultiPolygon: the largest part.
        let m = json!({"type": "MultiPolygon", "coordinates": [
            [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]],
            [[[10.0, 10.0], [20.0, 10.0], [20.0, 20.0], [10.0, 20.0], [10.0, 10.0]]]
        ]});
        let r = representative_point(&m, [5.0, 5.0]);
        assert!(r[0] > 10.0 && r[0] < 20.0 && r[1] > 10.0 && r[1] < 20.0);
    }

    #[test]
    fn representative_point_on_lines_and_points() {
        let l = json!({"type": "LineString", "coordinates": [[0.0, 0.0], [10.0, 0.0]]});
        assert_eq!(representative_point(&l, [3.0, 0.0]), [3.0, 0.0]);
        let r = representative_point(&l, [3.0, 1.0]);
        assert!((r[0] - 3.0).abs() < 1e-9 && r[1] == 0.0, "{r:?}");
        assert_eq!(representative_point(&l, [-5.0, 1.0]), [0.0, 0.0]);
        let m = json!({"type": "MultiPoint", "coordinates": [[0.0, 0.0], [5.0, 5.0]]});
        assert_eq!(representative_point(&m, [4.0, 4.0]), [5.0, 5.0]);
        let p = json!({"type": "Point", "coordinates": [1.0, 2.0]});
        assert_eq!(representative_point(&p, [1.5, 2.5]), [1.0, 2.0]);
    }
}

/// Where a ring touches or crosses itself: a point shared by two edges
/// that are not neighbours along the ring, or `None` for a simple ring.
/// GEOS (so QGIS and GDAL) calls a polygon with such a ring invalid.
///
/// The edges are swept in order of their west end, so only edges whose
/// longitude ranges overlap are compared: close to linear for the rings of
/// real boundaries, quadratic only for pathological ones.
pub fn ring_self_intersection(ring: &[Pos]) -> Option<Pos> {
    let mut pts: Vec<Pos> = ring.to_vec();
    pts.dedup();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let n = pts.len();
    if n < 3 {
        return None;
    }
    // Edge k runs from pts[k] to pts[(k + 1) % n].
    let edge = |k: usize| (pts[k], pts[(k + 1) % n]);
    let mut order: Vec<usize> = (0..n).collect();
    let west = |k: usize| edge(k).0[0].min(edge(k).1[0]);
    order.sort_by(|&a, &b| west(a).total_cmp(&west(b)));
    for (i, &a) in order.iter().enumerate() {
        let (p, q) = edge(a);
        let east = p[0].max(q[0]);
        for &b in &order[i + 1..] {
            if west(b) > east {
                break;
            }
            let neighbours = a.abs_diff(b) == 1 || a.abs_diff(b) == n - 1;
            if neighbours {
                continue;
            }
            let (r, s) = edge(b);
            if let Some(x) = segments_meet(p, q, r, s) {
                return Some(x);
            }
        }
    }
    None
}

/// A point where segments `p-q` and `r-s` meet, if they do.
fn segments_meet(p: Pos, q: Pos, r: Pos, s: Pos) -> Option<Pos> {
    let orient = |a: Pos, b: Pos, c: Pos| {
        let v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
        if v > 0.0 {
            1
        } else if v < 0.0 {
            -1
        } else {
            0
        }
    };
    let on = |a: Pos, b: Pos, c: Pos| {
        c[0] >= a[0].min(b[0])
            && c[0] <= a[0].max(b[0])
            && c[1] >= a[1].min(b[1])
            && c[1] <= a[1].max(b[1])
    };
    let (o1, o2) = (orient(p, q, r), orient(p, q, s));
    let (o3, o4) = (orient(r, s, p), orient(r, s, q));
    if o1 * o2 < 0 && o3 * o4 < 0 {
        let d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0]);
        let t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d;
        return Some([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
    [(o1, p, q, r), (o2, p, q, s), (o3, r, s, p), (o4, r, s, q)]
        .into_iter()
        .find(|&(o, a, b, c)| o == 0 && on(a, b, c))
        .map(|(_, _, _, c)| c)
}

#[cfg(test)]
mod self_intersection_tests {
    use super::*;

    #[test]
    fn rings_that_cross_or_touch_themselves() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(ring_self_intersection(&square), None);
        // A bow tie crosses itself at its middle.
        let bow = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(ring_self_intersection(&bow), Some([0.5, 0.5]));
        // A ring that touches itself at a vertex.
        let touch = [
            [0.0, 0.0],
            [2.0, 0.0],
            [1.0, 1.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [1.0, 1.0],
            [0.0, 0.0],
        ];
        assert_eq!(ring_self_intersection(&touch), Some([1.0, 1.0]));
        // Repeated positions and an open ring are not crossings.
        let dup = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert_eq!(ring_self_intersection(&dup), None);
        assert_eq!(ring_self_intersection(&[[0.0, 0.0], [1.0, 1.0]]), None);
    }
}
