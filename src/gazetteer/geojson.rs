//! Loader for user gazetteers in GeoJSON (a `FeatureCollection` of any
//! geometry), and the geometry checks every user-gazetteer loader shares.
//!
//! Each feature becomes one [`Place`]: the name from the `name` property
//! (or `NAME`, `name_en`), alternates from `alternate_names`, `alt_names`
//! or `names` (an array or a `|`-separated string), and `kind`,
//! `population`, `country`, `admin1`, `abbrevs`, `source` and `id` when
//! present (the id falls back to the feature's `id`, then to
//! `geojson:<file stem>:<n>`). The file is read as a stream, one feature at
//! a time, so a large collection never sits in memory as a whole.
//!
//! Geometries go through [`Geom::prepare`]: every position must be finite
//! and in range, rings are closed, exterior rings turned counter-clockwise
//! and holes clockwise, and a line or polygon that crosses the antimeridian
//! (an edge that jumps more than 180° of longitude) is cut into a `Multi*`
//! geometry, as RFC 7946 §3.1.9 asks. The place's point is
//! [`Geom::representative_point`]: the centroid of a polygon when it lies
//! inside, otherwise a point found on a scan line through the polygon; the
//! middle of a line.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::gazetteer::load::Loaded;
use crate::gazetteer::place::{Kind, Place, valid_coord};
use crate::geom::{in_polygon, signed_area2};

/// A position, `[lon, lat]`.
pub use crate::geom::Pos;

pub use crate::geom::Geom;

impl Geom {
    /// Reads a GeoJSON geometry object.
    pub fn from_json(v: &Value) -> std::result::Result<Geom, String> {
        let ty = v
            .get("type")
            .and_then(Value::as_str)
            .ok_or("geometry has no \"type\"")?;
        if ty == "GeometryCollection" {
            return Err("a GeometryCollection is not supported; use a Multi* geometry".into());
        }
        let c = v
            .get("coordinates")
            .ok_or_else(|| format!("{ty} geometry has no \"coordinates\""))?;
        Ok(match ty {
            "Point" => Geom::Point(pos(c)?),
            "MultiPoint" => Geom::MultiPoint(list(c, pos)?),
            "LineString" => Geom::LineString(list(c, pos)?),
            "MultiLineString" => Geom::MultiLineString(list(c, |l| list(l, pos))?),
            "Polygon" => Geom::Polygon(list(c, |r| list(r, pos))?),
            "MultiPolygon" => Geom::MultiPolygon(list(c, |p| list(p, |r| list(r, pos)))?),
            other => return Err(format!("unknown geometry type {other:?}")),
        })
    }

    /// The geometry as compact GeoJSON.
    pub fn to_json(&self) -> String {
        let c = match self {
            Geom::Point(p) => serde_json::json!(p),
            Geom::MultiPoint(v) | Geom::LineString(v) => serde_json::json!(v),
            Geom::MultiLineString(v) | Geom::Polygon(v) => serde_json::json!(v),
            Geom::MultiPolygon(v) => serde_json::json!(v),
        };
        serde_json::json!({"type": self.type_name(), "coordinates": c}).to_string()
    }

    /// Checks and repairs the geometry: positions finite and in range,
    /// consecutive duplicate positions dropped, rings closed with at least
    /// four positions, antimeridian crossings cut into `Multi*`
    /// geometries, exterior rings counter-clockwise and holes clockwise.
    pub fn prepare(self) -> std::result::Result<Geom, String> {
        let check = |ps: &[Pos]| -> std::result::Result<(), String> {
            match ps.iter().find(|p| !valid_coord(p[1], p[0])) {
                Some(p) => Err(format!(
                    "position [{}, {}] is out of range (longitude -180..180, latitude -90..90)",
                    p[0], p[1]
                )),
                None => Ok(()),
            }
        };
        match self {
            Geom::Point(p) => {
                check(&[p])?;
                Ok(Geom::Point(p))
            }
            Geom::MultiPoint(ps) => {
                check(&ps)?;
                match ps.len() {
                    0 => Err("empty MultiPoint".into()),
                    1 => Ok(Geom::Point(ps[0])),
                    _ => Ok(Geom::MultiPoint(ps)),
                }
            }
            Geom::LineString(l) => {
                check(&l)?;
                lines_geom(cut_line(dedup(l))?)
            }
            Geom::MultiLineString(ls) => {
                let mut parts = Vec::new();
                for l in ls {
                    check(&l)?;
                    parts.extend(cut_line(dedup(l))?);
                }
                lines_geom(parts)
            }
            Geom::Polygon(rings) => {
                for r in &rings {
                    check(r)?;
                }
                polygons_geom(prepare_polygon(rings)?)
            }
            Geom::MultiPolygon(polys) => {
                let mut parts = Vec::new();
                for rings in polys {
                    for r in &rings {
                        check(r)?;
                    }
                    parts.extend(prepare_polygon(rings)?);
                }
                polygons_geom(parts)
            }
        }
    }

    /// A point on or inside the geometry: the point itself, the first of
    /// several points, the middle of a line (of the longest part), a point
    /// inside a polygon (of the largest part). `None` only for an empty
    /// geometry.
    pub fn representative_point(&self) -> Option<Pos> {
        match self {
            Geom::Point(p) => Some(*p),
            Geom::MultiPoint(ps) => ps.first().copied(),
            Geom::LineString(l) => line_middle(l),
            Geom::MultiLineString(ls) => ls
                .iter()
                .max_by(|a, b| line_length(a).total_cmp(&line_length(b)))
                .and_then(|l| line_middle(l)),
            Geom::Polygon(rings) => polygon_point(rings),
            Geom::MultiPolygon(polys) => polys
                .iter()
                .filter(|p| !p.is_empty())
                .max_by(|a, b| {
                    signed_area2(&a[0])
                        .abs()
                        .total_cmp(&signed_area2(&b[0]).abs())
                })
                .and_then(|p| polygon_point(p)),
        }
    }
}

/// What a place stores for a prepared geometry: the geometry JSON (`None`
/// for a point) and the representative point's latitude and longitude.
pub fn place_geometry(g: Geom) -> std::result::Result<(Option<String>, f64, f64), String> {
    let g = g.prepare()?;
    let p = g
        .representative_point()
        .filter(|p| valid_coord(p[1], p[0]))
        .ok_or("no usable representative point")?;
    match g {
        Geom::Point(_) => Ok((None, p[1], p[0])),
        g => Ok((Some(g.to_json()), p[1], p[0])),
    }
}

fn pos(v: &Value) -> std::result::Result<Pos, String> {
    let a = v
        .as_array()
        .ok_or("a position must be an array of numbers")?;
    if a.len() < 2 {
        return Err("a position needs two numbers (longitude, latitude)".into());
    }
    let x = a[0]
        .as_f64()
        .ok_or("a position must be an array of numbers")?;
    let y = a[1]
        .as_f64()
        .ok_or("a position must be an array of numbers")?;
    Ok([x, y])
}

fn list<T>(
    v: &Value,
    f: impl Fn(&Value) -> std::result::Result<T, String>,
) -> std::result::Result<Vec<T>, String> {
    v.as_array()
        .ok_or("coordinates nest the wrong way for the geometry type")?
        .iter()
        .map(f)
        .collect()
}

fn dedup(mut l: Vec<Pos>) -> Vec<Pos> {
    l.dedup();
    l
}

fn lines_geom(mut parts: Vec<Vec<Pos>>) -> std::result::Result<Geom, String> {
    parts.retain(|l| l.len() >= 2);
    match parts.len() {
        0 => Err("a line needs at least two distinct positions".into()),
        1 => Ok(Geom::LineString(parts.pop().unwrap_or_default())),
        _ => Ok(Geom::MultiLineString(parts)),
    }
}

fn polygons_geom(mut parts: Vec<Vec<Vec<Pos>>>) -> std::result::Result<Geom, String> {
    match parts.len() {
        0 => Err("empty polygon".into()),
        1 => Ok(Geom::Polygon(parts.pop().unwrap_or_default())),
        _ => Ok(Geom::MultiPolygon(parts)),
    }
}

/// Longitude difference folded into -180..=180.
fn wrap(d: f64) -> f64 {
    if d > 180.0 {
        d - 360.0
    } else if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

fn crosses_antimeridian(l: &[Pos]) -> bool {
    l.windows(2).any(|w| (w[1][0] - w[0][0]).abs() > 180.0)
}

/// Cuts a line at each antimeridian crossing (an edge that jumps more than
/// 180° of longitude goes the short way round).
fn cut_line(l: Vec<Pos>) -> std::result::Result<Vec<Vec<Pos>>, String> {
    if l.len() < 2 {
        return Err("a line needs at least two distinct positions".into());
    }
    if !crosses_antimeridian(&l) {
        return Ok(vec![l]);
    }
    let mut parts = Vec::new();
    let mut cur = vec![l[0]];
    for w in l.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (b[0] - a[0]).abs() > 180.0 {
            let bx = a[0] + wrap(b[0] - a[0]);
            let edge = if bx > a[0] { 180.0 } else { -180.0 };
            let t = (edge - a[0]) / (bx - a[0]);
            let lat = a[1] + t * (b[1] - a[1]);
            cur.push([edge, lat]);
            parts.push(dedup(std::mem::take(&mut cur)));
            cur.push([-edge, lat]);
        }
        cur.push(b);
    }
    parts.push(dedup(cur));
    parts.retain(|p| p.len() >= 2);
    Ok(parts)
}

/// Closes a ring, drops repeated positions and checks its size.
fn close_ring(mut r: Vec<Pos>) -> std::result::Result<Vec<Pos>, String> {
    r.dedup();
    if r.len() > 1 && r.first() == r.last() {
        r.pop();
    }
    if r.len() < 3 {
        return Err("a polygon ring needs at least three distinct positions".into());
    }
    r.push(r[0]);
    Ok(r)
}

/// The ring in a continuous longitude frame (no jumps of more than 180°),
/// starting within 180° of `near` when given.
fn unwrap_ring(r: &[Pos], near: Option<f64>) -> Vec<Pos> {
    let mut out: Vec<Pos> = Vec::with_capacity(r.len());
    let mut x0 = r[0][0];
    if let Some(n) = near {
        x0 = n + wrap(x0 - n);
    }
    out.push([x0, r[0][1]]);
    for w in r.windows(2) {
        let x = out[out.len() - 1][0] + wrap(w[1][0] - w[0][0]);
        out.push([x, w[1][1]]);
    }
    out
}

/// Sutherland–Hodgman clipping of a closed ring by the half-plane
/// `x <= c` (`keep_left`) or `x >= c`.
fn clip_ring(ring: &[Pos], c: f64, keep_left: bool) -> Vec<Pos> {
    let inside = |p: Pos| if keep_left { p[0] <= c } else { p[0] >= c };
    let cut = |p: Pos, q: Pos| {
        let t = (c - p[0]) / (q[0] - p[0]);
        [c, p[1] + t * (q[1] - p[1])]
    };
    let pts = &ring[..ring.len() - 1];
    let n = pts.len();
    let mut out = Vec::with_capacity(n + 4);
    for i in 0..n {
        let cur = pts[i];
        let prev = pts[(i + n - 1) % n];
        if inside(cur) {
            if !inside(prev) {
                out.push(cut(prev, cur));
            }
            out.push(cur);
        } else if inside(prev) {
            out.push(cut(prev, cur));
        }
    }
    out.dedup();
    if out.len() < 3 {
        return Vec::new();
    }
    out.push(out[0]);
    out
}

fn shift(ring: Vec<Pos>, dx: f64) -> Vec<Pos> {
    ring.into_iter()
        .map(|p| [(p[0] + dx).clamp(-180.0, 180.0), p[1]])
        .collect()
}

/// Closes, cuts at the antimeridian and orients one polygon; returns one
/// or more polygons.
fn prepare_polygon(rings: Vec<Vec<Pos>>) -> std::result::Result<Vec<Vec<Vec<Pos>>>, String> {
    if rings.is_empty() {
        return Err("a polygon needs an exterior ring".into());
    }
    let rings: Vec<Vec<Pos>> = rings
        .into_iter()
        .map(close_ring)
        .collect::<std::result::Result<_, _>>()?;
    let parts = if rings.iter().any(|r| crosses_antimeridian(r)) {
        cut_polygon(&rings)?
    } else {
        vec![rings]
    };
    Ok(parts
        .into_iter()
        .map(|mut poly| {
            for (i, r) in poly.iter_mut().enumerate() {
                let a = signed_area2(r);
                if (i == 0 && a < 0.0) || (i > 0 && a > 0.0) {
                    r.reverse();
                }
            }
            poly
        })
        .collect())
}

fn cut_polygon(rings: &[Vec<Pos>]) -> std::result::Result<Vec<Vec<Vec<Pos>>>, String> {
    let ext = unwrap_ring(&rings[0], None);
    let first = ext[0][0];
    let last = ext[ext.len() - 1][0];
    if (last - first).abs() > 1e-9 {
        return Err("a ring that encircles a pole is not supported".into());
    }
    let minx = ext.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min);
    let maxx = ext.iter().map(|p| p[0]).fold(f64::NEG_INFINITY, f64::max);
    if maxx - minx >= 360.0 {
        return Err("a polygon wider than 360° of longitude is not supported".into());
    }
    let mid = (minx + maxx) / 2.0;
    let holes: Vec<Vec<Pos>> = rings[1..]
        .iter()
        .map(|h| unwrap_ring(h, Some(mid)))
        .collect();
    // The side of the antimeridian the unwrapped polygon spills over.
    let (edge, dx) = if maxx > 180.0 {
        (180.0, -360.0)
    } else {
        (-180.0, 360.0)
    };
    let mut out = Vec::new();
    for (keep_left, shift_by) in [(edge > 0.0, 0.0), (edge < 0.0, dx)] {
        let e = clip_ring(&ext, edge, keep_left);
        if e.len() < 4 {
            continue;
        }
        let mut poly = vec![shift(e, shift_by)];
        for h in &holes {
            let c = clip_ring(h, edge, keep_left);
            if c.len() >= 4 {
                poly.push(shift(c, shift_by));
            }
        }
        out.push(poly);
    }
    if out.is_empty() {
        return Err("the polygon is empty after cutting it at the antimeridian".into());
    }
    Ok(out)
}

fn line_length(l: &[Pos]) -> f64 {
    l.windows(2)
        .map(|w| ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt())
        .sum()
}

/// The middle vertex of a line (for an even number of vertices, the
/// middle of the middle segment, which is on the line too).
fn line_middle(l: &[Pos]) -> Option<Pos> {
    match l.len() {
        0 => None,
        n if n % 2 == 1 => Some(l[n / 2]),
        n => {
            let (a, b) = (l[n / 2 - 1], l[n / 2]);
            Some([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0])
        }
    }
}

fn ring_centroid(r: &[Pos]) -> Pos {
    let a2 = signed_area2(r);
    if a2.abs() < 1e-12 {
        let n = (r.len() - 1).max(1) as f64;
        let (sx, sy) = r[..r.len().saturating_sub(1).max(1)]
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
        return [sx / n, sy / n];
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in r.windows(2) {
        let f = w[0][0] * w[1][1] - w[1][0] * w[0][1];
        cx += (w[0][0] + w[1][0]) * f;
        cy += (w[0][1] + w[1][1]) * f;
    }
    [cx / (3.0 * a2), cy / (3.0 * a2)]
}

/// A point inside a polygon: its centroid when that is inside, otherwise
/// the middle of the widest inside span on a horizontal scan line.
fn polygon_point(rings: &[Vec<Pos>]) -> Option<Pos> {
    let ext = rings.first().filter(|r| !r.is_empty())?;
    let c = ring_centroid(ext);
    if in_polygon(c, rings) {
        return Some(c);
    }
    let miny = ext.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min);
    let maxy = ext.iter().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max);
    let mut ys = vec![c[1]];
    for k in 1..16 {
        ys.push(miny + (maxy - miny) * (k as f64) / 16.0);
    }
    let mut best: Option<(f64, Pos)> = None;
    for y in ys {
        let mut xs: Vec<f64> = Vec::new();
        for r in rings {
            for w in r.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a[1] > y) != (b[1] > y) {
                    xs.push(a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for span in xs.chunks_exact(2) {
            let width = span[1] - span[0];
            let p = [(span[0] + span[1]) / 2.0, y];
            if best.is_none_or(|(w, _)| width > w) && in_polygon(p, rings) {
                best = Some((width, p));
            }
        }
        if best.is_some() && y == c[1] {
            break;
        }
    }
    // A degenerate polygon (no area): its first vertex is on it.
    Some(best.map_or(ext[0], |(_, p)| p))
}

// ---------------------------------------------------------------------
// The GeoJSON loader.

/// One feature as read: everything optional and untyped, so that a bad
/// feature is a warning instead of the end of the file.
#[derive(Deserialize)]
struct RawFeature {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    properties: Option<Value>,
    #[serde(default)]
    geometry: Option<Value>,
}

/// Tracks line numbers in the bytes serde_json reads, and the line where
/// the next array element starts.
#[derive(Default)]
struct Lines {
    line: Cell<u64>,
    armed: Cell<bool>,
    start: Cell<u64>,
    /// Bytes read since the current feature (or the file) started: one
    /// feature may not be longer than
    /// [`MAX_ROW_BYTES`](crate::gazetteer::load::MAX_ROW_BYTES).
    bytes: Cell<u64>,
}

struct CountingReader<R> {
    inner: R,
    lines: Rc<Lines>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let l = &self.lines;
        for &b in &buf[..n] {
            if l.armed.get() && !b.is_ascii_whitespace() && b != b',' {
                l.start.set(l.line.get());
                l.armed.set(false);
                l.bytes.set(0);
            }
            l.bytes.set(l.bytes.get() + 1);
            let max = crate::gazetteer::load::MAX_ROW_BYTES;
            if l.bytes.get() > max {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a feature (from line {}) is longer than the limit of {max} bytes for one gazetteer row",
                        l.start.get()
                    ),
                ));
            }
            if b == b'\n' {
                l.line.set(l.line.get() + 1);
            }
        }
        Ok(n)
    }
}

struct Top<'a, F> {
    on_feature: &'a mut F,
    lines: Rc<Lines>,
}

struct Features<'a, F> {
    on_feature: &'a mut F,
    lines: Rc<Lines>,
}

impl<'de, F: FnMut(RawFeature, u64)> Visitor<'de> for Top<'_, F> {
    type Value = (Option<String>, bool);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut ty = None;
        let mut saw_features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => ty = Some(map.next_value::<String>()?),
                "features" => {
                    saw_features = true;
                    map.next_value_seed(Features {
                        on_feature: &mut *self.on_feature,
                        lines: self.lines.clone(),
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((ty, saw_features))
    }
}

impl<'de, F: FnMut(RawFeature, u64)> DeserializeSeed<'de> for Features<'_, F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(RawFeature, u64)> Visitor<'de> for Features<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        loop {
            self.lines.armed.set(true);
            match seq.next_element::<RawFeature>()? {
                Some(f) => (self.on_feature)(f, self.lines.start.get()),
                None => return Ok(()),
            }
        }
    }
}

/// Strings from a property that is an array of strings or a
/// `|`-separated string.
fn string_list(v: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        Some(Value::String(s)) => s.split('|').map(|x| x.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    out.retain(|s| !s.is_empty());
    out
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses a population written as a number or a numeric string.
pub(crate) fn parse_population(s: &str) -> Option<u64> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if s.is_empty() {
        return Some(0);
    }
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    match s.parse::<f64>() {
        Ok(f) if (0.0..1e15).contains(&f) => Some(f.round() as u64),
        _ => None,
    }
}

/// Removes empty names and names equal to `name` or to an earlier one
/// (case-insensitively).
pub(crate) fn dedup_names(name: &str, names: &mut Vec<String>) {
    let mut seen = vec![name.to_lowercase()];
    names.retain(|n| {
        let k = n.to_lowercase();
        if n.is_empty() || seen.contains(&k) {
            false
        } else {
            seen.push(k);
            true
        }
    });
}

/// Checks an ISO 3166-1 alpha-2 code; returns it upper-cased.
pub(crate) fn country_code(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

/// Reads a GeoJSON FeatureCollection from a reader. `path` is used for
/// messages, default ids (`geojson:<file stem>:<n>`) and the source tag.
pub fn read(path: &Path, reader: impl BufRead) -> Result<Loaded> {
    let stem = crate::gazetteer::load::file_stem(path);
    let source = crate::gazetteer::load::file_name(path);
    let lines = Rc::new(Lines::default());
    lines.line.set(1);
    let mut out = Loaded::default();
    let mut n = 0usize;
    let mut on_feature = |f: RawFeature, line: u64| {
        n += 1;
        out.rows += 1;
        let at = |msg: String| Error::parse(msg).with_path(path).with_line(line);
        match feature_place(f, n, &stem, &source) {
            Ok((place, notes)) => {
                for note in notes {
                    out.warnings.push(at(note));
                }
                if out.new_id(&place.id) {
                    out.places.push(place);
                } else {
                    out.skip(at(format!(
                        "feature {n}: duplicate id {:?}; skipped",
                        place.id
                    )));
                }
            }
            Err(msg) => out.skip(at(format!("feature {n}: {msg}; skipped"))),
        }
    };
    let mut de = serde_json::Deserializer::from_reader(CountingReader {
        inner: reader,
        lines: lines.clone(),
    });
    let parsed = serde::Deserializer::deserialize_map(
        &mut de,
        Top {
            on_feature: &mut on_feature,
            lines: lines.clone(),
        },
    )
    .and_then(|v| de.end().map(|()| v));
    let (ty, saw_features) = parsed.map_err(|e| {
        Error::parse(format!("not valid GeoJSON: {e}"))
            .with_path(path)
            .with_line(e.line() as u64)
    })?;
    if let Some(t) = ty.as_deref().filter(|t| *t != "FeatureCollection") {
        return Err(Error::parse(format!(
            "a GeoJSON gazetteer must be a FeatureCollection, not a {t}"
        ))
        .with_path(path));
    }
    if !saw_features {
        return Err(Error::parse(
            "a GeoJSON gazetteer must be a FeatureCollection with a \"features\" array",
        )
        .with_path(path));
    }
    Ok(out)
}

/// Loads a GeoJSON file (gzip-compressed when it ends in `.gz`).
pub fn load(path: &Path) -> Result<Loaded> {
    read(path, crate::gazetteer::tsv::open_maybe_gz(path)?)
}

/// Turns one feature into a place; returns notes (non-fatal problems) or
/// why the feature was skipped.
fn feature_place(
    f: RawFeature,
    n: usize,
    stem: &str,
    source: &str,
) -> std::result::Result<(Place, Vec<String>), String> {
    let mut notes = Vec::new();
    let empty = serde_json::Map::new();
    let props = match &f.properties {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err("\"properties\" is not an object".into()),
    };
    let text = |k: &str| props.get(k).and_then(scalar_string);
    let name = ["name", "NAME", "name_en", "Name"]
        .iter()
        .find_map(|k| text(k))
        .ok_or("no name (properties name, NAME or name_en)")?;
    let geometry = match &f.geometry {
        None | Some(Value::Null) => return Err(format!("{name:?} has no geometry")),
        Some(g) => g,
    };
    let (geometry, lat, lon) = Geom::from_json(geometry)
        .and_then(place_geometry)
        .map_err(|e| format!("{name:?}: {e}"))?;
    let kind = match text("kind") {
        None => Kind::Other,
        Some(k) => Kind::parse(&k).ok_or_else(|| format!("{name:?}: unknown kind {k:?}"))?,
    };
    let population = feature_population(props, &name)?;
    let country = feature_country(text("country"), n, &mut notes);
    let id = text("id")
        .or_else(|| f.id.as_ref().and_then(scalar_string))
        .unwrap_or_else(|| format!("geojson:{stem}:{n}"));
    let mut names = string_list(
        ["alternate_names", "alt_names", "names", "alternatenames"]
            .iter()
            .find_map(|k| props.get(*k)),
    );
    dedup_names(&name, &mut names);
    let mut abbrevs = string_list(props.get("abbrevs"));
    abbrevs.dedup();
    let place = Place {
        id,
        kind,
        name,
        country,
        admin1: text("admin1").unwrap_or_default(),
        lat,
        lon,
        population,
        names,
        abbrevs,
        source: text("source").unwrap_or_else(|| source.to_string()),
        note: text("note").unwrap_or_default(),
        geometry,
    };
    Ok((place, notes))
}

/// The feature's `population` property (0 when absent or null), or why the
/// feature is skipped.
fn feature_population(
    props: &serde_json::Map<String, Value>,
    name: &str,
) -> std::result::Result<u64, String> {
    match props.get("population") {
        None | Some(Value::Null) => Ok(0),
        Some(v) => scalar_string(v)
            .as_deref()
            .and_then(parse_population)
            .ok_or_else(|| format!("{name:?}: population {v} is not a number")),
    }
}

/// The feature's `country` as an ISO alpha-2 code; anything else is noted
/// and ignored (empty).
fn feature_country(country: Option<String>, n: usize, notes: &mut Vec<String>) -> String {
    match country {
        None => String::new(),
        Some(c) => country_code(&c).unwrap_or_else(|| {
            notes.push(format!(
                "feature {n}: country {c:?} is not an ISO 3166-1 alpha-2 code; ignored"
            ));
            String::new()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<Pos> {
        vec![
            [x0, y0],
            [x0 + s, y0],
            [x0 + s, y0 + s],
            [x0, y0 + s],
            [x0, y0],
        ]
    }

    fn read_str(s: &str) -> Result<Loaded> {
        read(Path::new("test.geojson"), s.as_bytes())
    }

    #[test]
    fn polygon_rings_are_closed_and_oriented() {
        // Clockwise and not closed.
        let g = Geom::Polygon(vec![vec![[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]]])
            .prepare()
            .unwrap();
        let Geom::Polygon(r) = g else { panic!() };
        assert_eq!(r[0].len(), 5);
        assert_eq!(r[0][0], r[0][4]);
        assert!(signed_area2(&r[0]) > 0.0);
        // A hole comes out clockwise.
        let hole = square(0.2, 0.2, 0.2);
        assert!(signed_area2(&hole) > 0.0);
        let g = Geom::Polygon(vec![square(0.0, 0.0, 1.0), hole])
            .prepare()
            .unwrap();
        let Geom::Polygon(r) = g else { panic!() };
        assert!(signed_area2(&r[1]) < 0.0);
    }

    #[test]
    fn bad_geometries_are_rejected() {
        let bad = [
            Geom::Point([181.0, 0.0]),
            Geom::Point([0.0, f64::NAN]),
            Geom::LineString(vec![[1.0, 1.0], [1.0, 1.0]]),
            Geom::Polygon(vec![vec![[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]),
            Geom::Polygon(vec![]),
            Geom::MultiPoint(vec![]),
            Geom::LineString(vec![[0.0, 0.0], [10.0, 95.0]]),
        ];
        for g in bad {
            assert!(g.clone().prepare().is_err(), "{g:?}");
        }
        // The edges of the valid range are valid.
        assert!(Geom::Point([180.0, -90.0]).prepare().is_ok());
        assert!(Geom::Point([-180.0, 90.0]).prepare().is_ok());
    }

    #[test]
    fn lines_crossing_the_antimeridian_are_cut() {
        let g = Geom::LineString(vec![[178.0, 0.0], [-178.0, 2.0], [-170.0, 2.0]])
            .prepare()
            .unwrap();
        let Geom::MultiLineString(parts) = g else {
            panic!("{g:?}")
        };
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], vec![[178.0, 0.0], [180.0, 1.0]]);
        assert_eq!(parts[1], vec![[-180.0, 1.0], [-178.0, 2.0], [-170.0, 2.0]]);
        // A line that stays on one side is left alone.
        let g = Geom::LineString(vec![[170.0, 0.0], [179.0, 1.0]])
            .prepare()
            .unwrap();
        assert!(matches!(g, Geom::LineString(_)));
    }

    #[test]
    fn polygons_crossing_the_antimeridian_are_cut() {
        // A box from 178°E to 178°W (4° wide), given with raw longitudes.
        let ring = vec![
            [178.0, -18.0],
            [-178.0, -18.0],
            [-178.0, -16.0],
            [178.0, -16.0],
            [178.0, -18.0],
        ];
        let g = Geom::Polygon(vec![ring]).prepare().unwrap();
        let Geom::MultiPolygon(parts) = g else {
            panic!("{g:?}")
        };
        assert_eq!(parts.len(), 2);
        for p in &parts {
            assert!(signed_area2(&p[0]) > 0.0);
            let xs: Vec<f64> = p[0].iter().map(|q| q[0]).collect();
            assert!(xs.iter().all(|x| (-180.0..=180.0).contains(x)), "{xs:?}");
            // Each half is 2° wide.
            let w = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
                - xs.iter().cloned().fold(f64::INFINITY, f64::min);
            assert!((w - 2.0).abs() < 1e-9, "{xs:?}");
        }
        let g = Geom::MultiPolygon(parts);
        let p = g.representative_point().unwrap();
        assert!(valid_coord(p[1], p[0]));
        assert!((-18.0..=-16.0).contains(&p[1]));
        // A ring around a pole is refused rather than mangled.
        let polar = vec![[0.0, 80.0], [120.0, 80.0], [-120.0, 80.0], [0.0, 80.0]];
        assert!(Geom::Polygon(vec![polar]).prepare().is_err());
    }

    #[test]
    fn representative_point_is_inside_a_concave_polygon() {
        // A "C" shape whose centroid falls in the notch.
        let c = vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 2.0],
            [2.0, 2.0],
            [2.0, 8.0],
            [10.0, 8.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        let rings = vec![c];
        assert!(!in_polygon(ring_centroid(&rings[0]), &rings));
        let g = Geom::Polygon(rings.clone()).prepare().unwrap();
        let p = g.representative_point().unwrap();
        let Geom::Polygon(r) = &g else { panic!() };
        assert!(in_polygon(p, r), "{p:?}");
        // A square's point is its centre.
        let g = Geom::Polygon(vec![square(0.0, 0.0, 2.0)])
            .prepare()
            .unwrap();
        assert_eq!(g.representative_point(), Some([1.0, 1.0]));
        // A polygon with a hole at its centre: the point avoids the hole.
        let g = Geom::Polygon(vec![square(0.0, 0.0, 3.0), square(1.0, 1.0, 1.0)])
            .prepare()
            .unwrap();
        let Geom::Polygon(r) = &g else { panic!() };
        let p = g.representative_point().unwrap();
        assert!(in_polygon(p, r), "{p:?}");
    }

    #[test]
    fn line_point_is_the_middle_vertex() {
        let l = Geom::LineString(vec![[0.0, 0.0], [1.0, 5.0], [2.0, 0.0]]);
        assert_eq!(l.representative_point(), Some([1.0, 5.0]));
        let l = Geom::LineString(vec![[0.0, 0.0], [2.0, 2.0]]);
        assert_eq!(l.representative_point(), Some([1.0, 1.0]));
    }

    #[test]
    fn json_round_trip() {
        let v: Value = serde_json::from_str(
            r#"{"type":"MultiLineString","coordinates":[[[1,2,30],[3,4]],[[5,6],[7,8]]]}"#,
        )
        .unwrap();
        let g = Geom::from_json(&v).unwrap();
        assert_eq!(
            g,
            Geom::MultiLineString(vec![
                vec![[1.0, 2.0], [3.0, 4.0]],
                vec![[5.0, 6.0], [7.0, 8.0]]
            ])
        );
        let back: Value = serde_json::from_str(&g.to_json()).unwrap();
        assert_eq!(back["type"], "MultiLineString");
        assert_eq!(back["coordinates"][1][1][0], 7.0);
        for bad in [
            r#"{"type":"Point"}"#,
            r#"{"type":"Point","coordinates":[1]}"#,
            r#"{"type":"Point","coordinates":["a","b"]}"#,
            r#"{"type":"Polygon","coordinates":[[1,2]]}"#,
            r#"{"type":"Circle","coordinates":[1,2]}"#,
            r#"{"type":"GeometryCollection","geometries":[]}"#,
        ] {
            let v: Value = serde_json::from_str(bad).unwrap();
            assert!(Geom::from_json(&v).is_err(), "{bad}");
        }
    }

    #[test]
    fn loads_a_feature_collection() {
        let fc = r#"{
  "type": "FeatureCollection",
  "name": "test",
  "features": [
    {"type": "Feature", "id": 7,
     "properties": {"name": "Wadi Testa", "kind": "river", "alt_names": ["Wadi al-Testa", "Wadi Testa"]},
     "geometry": {"type": "LineString", "coordinates": [[36.0, 35.0], [36.1, 35.1], [36.2, 35.0]]}},
    {"type": "Feature",
     "properties": {"NAME": "Testland", "names": "Testlandia|Test Land", "population": "1,200",
                    "country": "sy", "kind": "admin1"},
     "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}},
    {"type": "Feature", "properties": {"name": "Nowhere"}, "geometry": null},
    {"type": "Feature", "properties": {"name": "Badkind", "kind": "spaceport"},
     "geometry": {"type": "Point", "coordinates": [1, 2]}},
    {"type": "Feature", "properties": {"kind": "town"},
     "geometry": {"type": "Point", "coordinates": [1, 2]}},
    {"type": "Feature", "properties": {"name": "Offworld"},
     "geometry": {"type": "Point", "coordinates": [200, 2]}},
    {"type": "Feature", "id": 7, "properties": {"name": "Same Id"},
     "geometry": {"type": "Point", "coordinates": [1, 2]}}
  ]
}"#;
        let l = read_str(fc).unwrap();
        assert_eq!(l.rows, 7);
        assert_eq!(l.places.len(), 2);
        assert_eq!(l.skipped, 5);
        let w = &l.places[0];
        assert_eq!(w.id, "7");
        assert_eq!(w.kind, Kind::River);
        assert_eq!(w.names, vec!["Wadi al-Testa".to_string()]);
        assert_eq!((w.lat, w.lon), (35.1, 36.1));
        assert!(w.geometry.as_deref().unwrap().contains("LineString"));
        assert_eq!(w.source, "test.geojson");
        let t = &l.places[1];
        assert_eq!(t.id, "geojson:test:2");
        assert_eq!(t.population, 1200);
        assert_eq!(t.country, "SY");
        assert_eq!(t.names.len(), 2);
        assert_eq!((t.lat, t.lon), (35.5, 36.5));
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 5);
        assert!(
            msgs[4].contains("feature 7: duplicate id \"7\""),
            "{msgs:?}"
        );
        assert!(
            msgs[0].starts_with("test.geojson:12: feature 3:"),
            "{msgs:?}"
        );
        assert!(msgs[1].contains("unknown kind \"spaceport\""), "{msgs:?}");
        assert!(msgs[2].contains("no name"), "{msgs:?}");
        assert!(msgs[3].contains("out of range"), "{msgs:?}");
    }

    #[test]
    fn rejects_what_is_not_a_feature_collection() {
        let e = read_str(r#"{"type":"Feature","properties":{},"geometry":null}"#).unwrap_err();
        assert!(e.to_string().contains("FeatureCollection"), "{e}");
        let e = read_str("[1, 2]").unwrap_err();
        assert!(e.to_string().contains("not valid GeoJSON"), "{e}");
        let e =
            read_str("{\"type\": \"FeatureCollection\",\n \"features\": [ {\"a\": }").unwrap_err();
        assert_eq!(e.location().line, Some(2), "{e}");
        // Keys in any order.
        let l = read_str(
            r#"{"features":[{"properties":{"name":"Aa Bb"},"geometry":{"type":"Point","coordinates":[1,2]}}],"type":"FeatureCollection"}"#,
        )
        .unwrap();
        assert_eq!(l.places[0].name, "Aa Bb");
        assert_eq!(l.places[0].geometry, None);
        assert_eq!((l.places[0].lat, l.places[0].lon), (2.0, 1.0));
    }

    #[test]
    fn population_parsing() {
        assert_eq!(parse_population("12,000"), Some(12000));
        assert_eq!(parse_population("1.5e3"), Some(1500));
        assert_eq!(parse_population(""), Some(0));
        assert_eq!(parse_population("-3"), None);
        assert_eq!(parse_population("many"), None);
    }
}
