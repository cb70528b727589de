//! Loader for user gazetteers in CSV, and a small WKT reader.
//!
//! The file has a header row. Column names are matched without regard to
//! case:
//!
//! * `name` (required);
//! * coordinates: `lat`/`lon` (also `latitude`/`longitude`, `lng`), or a
//!   `WKT` column (what GDAL writes and reads) holding a `POINT`,
//!   `LINESTRING`, `POLYGON` or `MULTI*` geometry; one of the two is
//!   required. With both, `lat`/`lon` is the place's point and the WKT its
//!   geometry;
//! * optional: `alternate_names` (or `alternatenames`, `alt_names`,
//!   `names`; separated by `|`, or by `;` when there is no `|`), `kind`,
//!   `population`, `country` (ISO 3166-1 alpha-2), `admin1`, `id` (or
//!   `place_id`, so a `map --format csv` output reads back; default
//!   `csv:<file stem>:<row>`, the row counted from 1 after the header),
//!   `abbrevs` (matched with exact case), `source`, `note`.
//!
//! The delimiter is a comma, or a tab or semicolon when the header row uses
//! one. A row with bad coordinates, bad WKT, an unknown kind, a bad
//! population, a duplicate id or the wrong number of fields is skipped
//! with a warning naming its line.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::gazetteer::geojson::{
    Geom, Pos, country_code, dedup_names, parse_population, place_geometry,
};
use crate::gazetteer::load::{Loaded, file_name, file_stem};
use crate::gazetteer::place::{Kind, Place, valid_coord};

/// Where each known column is.
#[derive(Debug, Default)]
struct Columns {
    name: Option<usize>,
    names: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    wkt: Option<usize>,
    kind: Option<usize>,
    population: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    id: Option<usize>,
    abbrevs: Option<usize>,
    source: Option<usize>,
    note: Option<usize>,
}

impl Columns {
    fn from_header(header: &::csv::StringRecord) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let slot = match h.as_str() {
                "name" => &mut c.name,
                "alternate_names" | "alternatenames" | "alt_names" | "names" => &mut c.names,
                "lat" | "latitude" => &mut c.lat,
                "lon" | "lng" | "long" | "longitude" => &mut c.lon,
                "wkt" | "geometry" => &mut c.wkt,
                "kind" => &mut c.kind,
                "population" => &mut c.population,
                "country" | "country_code" => &mut c.country,
                "admin1" => &mut c.admin1,
                "id" | "place_id" => &mut c.id,
                "abbrevs" => &mut c.abbrevs,
                "source" => &mut c.source,
                "note" => &mut c.note,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// Splits a list of names on `|`, or on `;` when there is no `|`.
fn split_names(s: &str) -> Vec<String> {
    let sep = if s.contains('|') { '|' } else { ';' };
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Guesses the delimiter from the header row.
fn delimiter_of(header: &str, path: &Path) -> u8 {
    let is_tsv = file_name(path)
        .to_lowercase()
        .trim_end_matches(".gz")
        .ends_with(".tsv");
    if is_tsv || (header.contains('\t') && !header.contains(',')) {
        b'\t'
    } else if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Reads a CSV gazetteer from a reader; `path` names it in messages, in
/// default ids and in the source tag.
pub fn read(path: &Path, mut reader: impl BufRead) -> Result<Loaded> {
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .map_err(|e| Error::from(e).with_path(path))?;
    let delimiter = delimiter_of(&first, path);
    let tap = NewlineTap::new(first.as_bytes().chain(reader));
    let mut lines = tap.lines();
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(tap);
    let (cols, name_col) = header_columns(&mut rdr, path)?;
    let stem = file_stem(path);
    let source = file_name(path);
    let mut out = Loaded::default();
    let mut rec = ::csv::StringRecord::new();
    loop {
        let line = lines.at(rdr.position().byte());
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.at(p.byte()));
                let warning = unreadable_record(&e).map_err(|io| io.with_path(path))?;
                out.rows += 1;
                out.skip(warning.with_path(path).with_line(line));
                continue;
            }
        }
        out.rows += 1;
        let line = rec.position().map_or(line, |p| lines.at(p.byte()));
        let at = |msg: String| Error::parse(msg).with_path(path).with_line(line);
        match row_place(&cols, name_col, &rec, out.rows, &stem, &source) {
            Ok((place, notes)) => {
                for n in notes {
                    out.warnings.push(at(n));
                }
                if out.new_id(&place.id) {
                    out.places.push(place);
                } else {
                    out.skip(at(format!("duplicate id {:?}; row skipped", place.id)));
                }
            }
            Err(msg) => out.skip(at(format!("{msg}; row skipped"))),
        }
    }
    Ok(out.finish())
}

/// The columns of a CSV gazetteer's header, and the `name` column's index;
/// an error (line 1) when the header lacks the name or the coordinates.
fn header_columns<R: std::io::Read>(
    rdr: &mut ::csv::Reader<R>,
    path: &Path,
) -> Result<(Columns, usize)> {
    let header = rdr
        .headers()
        .map_err(|e| Error::parse(e.to_string()).with_path(path).with_line(1))?
        .clone();
    let cols = Columns::from_header(&header);
    let listed = || {
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}'))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(name_col) = cols.name else {
        return Err(Error::invalid(format!(
            "a CSV gazetteer needs a `name` column; the header has: {}",
            listed()
        ))
        .with_path(path)
        .with_line(1));
    };
    if cols.wkt.is_none() && (cols.lat.is_none() || cols.lon.is_none()) {
        return Err(Error::invalid(format!(
            "a CSV gazetteer needs `lat` and `lon` (or `latitude` and `longitude`) columns, or a \
             `WKT` column; the header has: {}",
            listed()
        ))
        .with_path(path)
        .with_line(1));
    }
    Ok((cols, name_col))
}

/// The warning for a record the CSV reader could not read (the row is
/// skipped); an I/O error, such as a line over the length limit, names its
/// own line and stops the reading (`Err`).
fn unreadable_record(e: &::csv::Error) -> std::result::Result<Error, Error> {
    match e.kind() {
        ::csv::ErrorKind::Io(io) => Err(Error::parse(io.to_string())),
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Ok(Error::parse(format!(
            "{len} fields where the header has {expected_len}; row skipped"
        ))),
        _ => Ok(Error::parse(format!("{e}; row skipped"))),
    }
}

/// Records where the newlines are in the bytes the CSV reader reads, so
/// that a record's line comes from its byte offset. The csv crate's own
/// line count skips blank lines and counts a CRLF header as no line, which
/// put warnings one or more lines too low (issue 11).
struct NewlineTap<R> {
    inner: R,
    offset: u64,
    last: u8,
    newlines: Rc<RefCell<VecDeque<(u64, u64)>>>,
}

impl<R: Read> NewlineTap<R> {
    fn new(inner: R) -> Self {
        NewlineTap {
            inner,
            offset: 0,
            last: 0,
            newlines: Rc::default(),
        }
    }

    fn lines(&self) -> LineOf {
        LineOf {
            newlines: self.newlines.clone(),
            line: 1,
        }
    }
}

impl<R: Read> Read for NewlineTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut q = self.newlines.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            let at = self.offset + i as u64;
            if b == b'\n' {
                // (where the line ending starts, where its "\n" is)
                let start = if self.last == b'\r' { at - 1 } else { at };
                q.push_back((start, at));
            }
            self.last = b;
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Line numbers of byte offsets, asked in increasing order: only the
/// newlines read ahead of the last offset asked are held.
struct LineOf {
    newlines: Rc<RefCell<VecDeque<(u64, u64)>>>,
    line: u64,
}

impl LineOf {
    /// The 1-based line of the record whose position is `offset`: the
    /// csv reader's position is where the previous record ended, so the
    /// rest of that line ending and blank lines from there on are not the
    /// record's.
    fn at(&mut self, offset: u64) -> u64 {
        let mut q = self.newlines.borrow_mut();
        while q.front().is_some_and(|&(_, nl)| nl < offset) {
            q.pop_front();
            self.line += 1;
        }
        let mut cur = offset;
        // A position may also fall between the "\r" and "\n" of a CRLF.
        while let Some(&(_, nl)) = q.front().filter(|&&(start, nl)| start == cur || nl == cur) {
            q.pop_front();
            self.line += 1;
            cur = nl + 1;
        }
        self.line
    }
}

/// Loads a CSV gazetteer file (gzip-compressed when it ends in `.gz`).
pub fn load(path: &Path) -> Result<Loaded> {
    read(path, crate::gazetteer::load::open_rows(path)?)
}

/// Where a polygon ring of a geometry crosses or touches itself, if one
/// does.
fn self_intersection(g: &Geom) -> Option<Pos> {
    let rings: Vec<&Vec<Pos>> = match g {
        Geom::Polygon(p) => p.iter().collect(),
        Geom::MultiPolygon(m) => m.iter().flatten().collect(),
        _ => Vec::new(),
    };
    rings
        .into_iter()
        .find_map(|r| crate::geom::ring_self_intersection(r))
}

fn row_place(
    cols: &Columns,
    name_col: usize,
    rec: &::csv::StringRecord,
    row: usize,
    stem: &str,
    source: &str,
) -> std::result::Result<(Place, Vec<String>), String> {
    let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).map_or("", str::trim);
    let mut notes = Vec::new();
    let name = get(Some(name_col));
    if name.is_empty() {
        return Err("empty name".into());
    }
    let (geometry, lat, lon) = row_geometry(
        name,
        get(cols.lat),
        get(cols.lon),
        get(cols.wkt),
        &mut notes,
    )?;
    let kind_s = get(cols.kind);
    let kind = Kind::parse(kind_s).ok_or_else(|| format!("{name:?}: unknown kind {kind_s:?}"))?;
    let pop_s = get(cols.population);
    let population = parse_population(pop_s)
        .ok_or_else(|| format!("{name:?}: population {pop_s:?} is not a number"))?;
    let country = row_country(get(cols.country), &mut notes);
    let id = match get(cols.id) {
        "" => format!("csv:{stem}:{row}"),
        id => id.to_string(),
    };
    let mut names = split_names(get(cols.names));
    dedup_names(name, &mut names);
    let mut abbrevs = split_names(get(cols.abbrevs));
    abbrevs.dedup();
    let source = match get(cols.source) {
        "" => source.to_string(),
        s => s.to_string(),
    };
    Ok((
        Place {
            id,
            kind,
            name: name.to_string(),
            country,
            admin1: get(cols.admin1).to_string(),
            lat,
            lon,
            population,
            names,
            abbrevs,
            source,
            note: get(cols.note).to_string(),
            geometry,
        },
        notes,
    ))
}

/// A row's geometry (GeoJSON text, from the WKT) and its point (the
/// lat/lon columns when given, else a point of the geometry).
type RowGeometry = (Option<String>, f64, f64);

/// Reads a row's coordinates: `lat`/`lon`, `WKT`, or both (a self-crossing
/// polygon is noted in `notes`).
fn row_geometry(
    name: &str,
    lat_s: &str,
    lon_s: &str,
    wkt: &str,
    notes: &mut Vec<String>,
) -> std::result::Result<RowGeometry, String> {
    let point = if lat_s.is_empty() && lon_s.is_empty() {
        None
    } else {
        let lat: f64 = lat_s.parse().unwrap_or(f64::NAN);
        let lon: f64 = lon_s.parse().unwrap_or(f64::NAN);
        if !valid_coord(lat, lon) {
            return Err(format!(
                "{name:?}: invalid coordinates lat={lat_s:?} lon={lon_s:?}"
            ));
        }
        Some((lat, lon))
    };
    if !wkt.is_empty() {
        let g = parse_wkt(wkt).map_err(|e| format!("{name:?}: bad WKT: {e}"))?;
        if let Some(at) = self_intersection(&g) {
            notes.push(format!(
                "{name:?}: the WKT polygon crosses or touches itself near {} {}; GEOS (QGIS, GDAL) reports it invalid",
                at[0], at[1]
            ));
        }
        let (g, lat, lon) = place_geometry(g).map_err(|e| format!("{name:?}: bad WKT: {e}"))?;
        let (lat, lon) = point.unwrap_or((lat, lon));
        Ok((g, lat, lon))
    } else if let Some((lat, lon)) = point {
        Ok((None, lat, lon))
    } else {
        Err(format!("{name:?}: no coordinates"))
    }
}

/// A row's country: an ISO 3166-1 alpha-2 code (anything else is noted
/// and ignored).
fn row_country(cc: &str, notes: &mut Vec<String>) -> String {
    if cc.is_empty() {
        return String::new();
    }
    country_code(cc).unwrap_or_else(|| {
        notes.push(format!(
            "country {cc:?} is not an ISO 3166-1 alpha-2 code; ignored"
        ));
        String::new()
    })
}

// ---------------------------------------------------------------------
// WKT

/// A WKT reader over one string.
struct Wkt<'a> {
    s: &'a [u8],
    at: usize,
}

impl Wkt<'_> {
    fn skip_ws(&mut self) {
        while self.at < self.s.len() && self.s[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.at).copied()
    }

    fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.at;
        while self.at < self.s.len() && self.s[self.at].is_ascii_alphabetic() {
            self.at += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.at]).to_ascii_uppercase()
    }

    fn expect(&mut self, c: u8) -> std::result::Result<(), String> {
        match self.peek() {
            Some(x) if x == c => {
                self.at += 1;
                Ok(())
            }
            Some(x) => Err(format!(
                "expected '{}' at character {}, found '{}'",
                c as char,
                self.at + 1,
                x as char
            )),
            None => Err(format!("expected '{}' but the text ended", c as char)),
        }
    }

    fn number(&mut self) -> std::result::Result<f64, String> {
        self.skip_ws();
        let start = self.at;
        while self.at < self.s.len()
            && matches!(
                self.s[self.at],
                b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'
            )
        {
            self.at += 1;
        }
        let t = std::str::from_utf8(&self.s[start..self.at]).unwrap_or("");
        t.parse::<f64>()
            .map_err(|_| format!("expected a number at character {}", start + 1))
    }

    /// `x y [z [m]]`
    fn position(&mut self) -> std::result::Result<Pos, String> {
        let x = self.number()?;
        let y = self.number()?;
        for _ in 0..2 {
            if matches!(self.peek(), Some(b'0'..=b'9' | b'+' | b'-' | b'.')) {
                self.number()?;
            }
        }
        Ok([x, y])
    }

    /// `( item, item, ... )`
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> std::result::Result<T, String>,
    ) -> std::result::Result<Vec<T>, String> {
        self.expect(b'(')?;
        let mut out = vec![item(self)?];
        while self.peek() == Some(b',') {
            self.at += 1;
            out.push(item(self)?);
        }
        self.expect(b')')?;
        Ok(out)
    }

    fn positions(&mut self) -> std::result::Result<Vec<Pos>, String> {
        self.list(Self::position)
    }

    /// A MultiPoint member: `(x y)` or a bare `x y`.
    fn multipoint_member(&mut self) -> std::result::Result<Pos, String> {
        if self.peek() == Some(b'(') {
            self.at += 1;
            let p = self.position()?;
            self.expect(b')')?;
            Ok(p)
        } else {
            self.position()
        }
    }
}

/// Parses WKT (`POINT`, `LINESTRING`, `POLYGON`, `MULTIPOINT`,
/// `MULTILINESTRING`, `MULTIPOLYGON`; `Z`/`M` values are dropped, an EWKT
/// `SRID=4326;` prefix is accepted) into a [`Geom`]. Coordinates are
/// `x y`, that is longitude then latitude.
pub fn parse_wkt(s: &str) -> std::result::Result<Geom, String> {
    let mut s = s.trim();
    // (`get`: byte 5 may fall inside a character, as in "SRIDé".)
    if s.len() > 5 && s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("SRID=")) {
        let (srid, rest) = s[5..]
            .split_once(';')
            .ok_or("an EWKT SRID prefix must end with ';'")?;
        if srid.trim() != "4326" {
            return Err(format!(
                "SRID {} is not supported; coordinates must be WGS84 longitude/latitude (4326)",
                srid.trim()
            ));
        }
        s = rest;
    }
    let mut w = Wkt {
        s: s.as_bytes(),
        at: 0,
    };
    let mut tag = w.word();
    if tag.is_empty() {
        return Err("expected a geometry type such as POINT or POLYGON".into());
    }
    // "POINTZ", "POINT Z", "POINT ZM", "POINT M".
    for suffix in ["ZM", "Z", "M"] {
        if let Some(base) = tag.strip_suffix(suffix) {
            if matches!(
                base,
                "POINT"
                    | "LINESTRING"
                    | "POLYGON"
                    | "MULTIPOINT"
                    | "MULTILINESTRING"
                    | "MULTIPOLYGON"
            ) {
                tag = base.to_string();
                break;
            }
        }
    }
    if w.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        let dim = w.word();
        if dim == "EMPTY" {
            return Err(format!("{tag} EMPTY has no coordinates"));
        }
        if !matches!(dim.as_str(), "Z" | "M" | "ZM") {
            return Err(format!("unexpected {dim:?} after {tag}"));
        }
    }
    if w.peek().is_some_and(|c| c.is_ascii_alphabetic()) && w.word() == "EMPTY" {
        return Err(format!("{tag} EMPTY has no coordinates"));
    }
    let g = match tag.as_str() {
        "POINT" => {
            w.expect(b'(')?;
            let p = w.position()?;
            w.expect(b')')?;
            Geom::Point(p)
        }
        "LINESTRING" => Geom::LineString(w.positions()?),
        "POLYGON" => Geom::Polygon(w.list(Wkt::positions)?),
        "MULTIPOINT" => Geom::MultiPoint(w.list(Wkt::multipoint_member)?),
        "MULTILINESTRING" => Geom::MultiLineString(w.list(Wkt::positions)?),
        "MULTIPOLYGON" => Geom::MultiPolygon(w.list(|w| w.list(Wkt::positions))?),
        "GEOMETRYCOLLECTION" => {
            return Err("GEOMETRYCOLLECTION is not supported; use a MULTI* geometry".into());
        }
        other => return Err(format!("unknown geometry type {other:?}")),
    };
    if let Some(c) = w.peek() {
        return Err(format!(
            "unexpected '{}' after the geometry at character {}",
            c as char,
            w.at + 1
        ));
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> Result<Loaded> {
        read(Path::new("/tmp/my places.csv"), s.as_bytes())
    }

    #[test]
    fn wkt_geometries() {
        let t = |s: &str| parse_wkt(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(t("POINT (36.6 35.9)"), Geom::Point([36.6, 35.9]));
        assert_eq!(t("point(1 2)"), Geom::Point([1.0, 2.0]));
        assert_eq!(t("POINT Z (1 2 3)"), Geom::Point([1.0, 2.0]));
        assert_eq!(t("POINTZM(1 2 3 4)"), Geom::Point([1.0, 2.0]));
        assert_eq!(t("SRID=4326;POINT(-1.5e1 +2)"), Geom::Point([-15.0, 2.0]));
        assert_eq!(
            t("LINESTRING (30 10, 10 30, 40 40)"),
            Geom::LineString(vec![[30.0, 10.0], [10.0, 30.0], [40.0, 40.0]])
        );
        assert_eq!(
            t("POLYGON ((30 10, 40 40, 20 40, 10 20, 30 10), (20 30, 35 35, 30 20, 20 30))"),
            Geom::Polygon(vec![
                vec![
                    [30.0, 10.0],
                    [40.0, 40.0],
                    [20.0, 40.0],
                    [10.0, 20.0],
                    [30.0, 10.0]
                ],
                vec![[20.0, 30.0], [35.0, 35.0], [30.0, 20.0], [20.0, 30.0]],
            ])
        );
        let mp = Geom::MultiPoint(vec![[10.0, 40.0], [40.0, 30.0]]);
        assert_eq!(t("MULTIPOINT ((10 40), (40 30))"), mp);
        assert_eq!(t("MULTIPOINT (10 40, 40 30)"), mp);
        assert_eq!(
            t("MULTILINESTRING ((10 10, 20 20), (40 40, 30 30))"),
            Geom::MultiLineString(vec![
                vec![[10.0, 10.0], [20.0, 20.0]],
                vec![[40.0, 40.0], [30.0, 30.0]],
            ])
        );
        let Geom::MultiPolygon(p) =
            t("MULTIPOLYGON (((30 20, 45 40, 10 40, 30 20)), ((15 5, 40 10, 10 20, 5 10, 15 5)))")
        else {
            panic!()
        };
        assert_eq!(p.len(), 2);
        assert_eq!(p[1][0].len(), 5);
    }

    #[test]
    fn bad_wkt() {
        for s in [
            "",
            "POINT",
            "POINT EMPTY",
            "POINT (1)",
            "POINT (1 2",
            "POINT (1 2) x",
            "CIRCLE (1 2)",
            "LINESTRING (1 2, )",
            "POLYGON (1 2, 3 4)",
            "GEOMETRYCOLLECTION (POINT (1 2))",
            "SRID=3857;POINT (1 2)",
            "POINT (a b)",
        ] {
            assert!(parse_wkt(s).is_err(), "{s:?} parsed");
        }
    }

    #[test]
    fn loads_points_and_wkt() {
        let csv = "\
id,name,alternate_names,lat,lon,WKT,kind,population,country
,Qaryat Testiyya,Testiyya|Qaryat al-Testiyya,35.91,36.63,,town,1200,SY
r1,Testa River,,,,\"LINESTRING (36.0 35.0, 36.5 35.2, 37.0 35.1)\",river,,sy
r2,Test Lake,Lake Test;Testsee,,,\"POLYGON ((36 35, 37 35, 37 36, 36 36, 36 35))\",lake,,
";
        let l = read_str(csv).unwrap();
        assert_eq!(l.rows, 3);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
        let q = &l.places[0];
        assert_eq!(q.id, "csv:my places:1");
        assert_eq!(q.kind, Kind::Town);
        assert_eq!((q.lat, q.lon), (35.91, 36.63));
        assert_eq!(q.names.len(), 2);
        assert_eq!(q.population, 1200);
        assert_eq!(q.source, "my places.csv");
        assert_eq!(q.geometry, None);
        let r = &l.places[1];
        assert_eq!(r.country, "SY");
        assert_eq!((r.lat, r.lon), (35.2, 36.5));
        assert!(
            r.geometry
                .as_deref()
                .unwrap()
                .starts_with("{\"type\":\"LineString\"")
        );
        let k = &l.places[2];
        assert_eq!(
            k.names,
            vec!["Lake Test".to_string(), "Testsee".to_string()]
        );
        assert_eq!((k.lat, k.lon), (35.5, 36.5));
    }

    #[test]
    fn bad_rows_are_skipped_with_their_line() {
        let csv = "\
name,latitude,longitude,kind,population
Good Place,1,2,,
Far North,91,2,,
Wrapped,10,181,,
NotANumber,abc,2,,
Odd Kind,1,2,spaceport,
Many People,1,2,,lots
Too,1,2,,,extra
,1,2,,
Dateline East,-17,180,,
";
        let l = read_str(csv).unwrap();
        assert_eq!(l.rows, 9);
        let names: Vec<&str> = l.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Good Place", "Dateline East"]);
        assert_eq!(l.skipped, 7);
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs[0].starts_with("/tmp/my places.csv:3: \"Far North\": invalid coordinates"),
            "{msgs:?}"
        );
        assert!(msgs[1].starts_with("/tmp/my places.csv:4:"), "{msgs:?}");
        assert!(msgs[3].contains("unknown kind \"spaceport\""), "{msgs:?}");
        assert!(msgs[4].contains("population"), "{msgs:?}");
        assert!(
            msgs[5].starts_with("/tmp/my places.csv:8: 6 fields where the header has 5"),
            "{msgs:?}"
        );
        assert!(msgs[6].contains("empty name"), "{msgs:?}");
    }

    #[test]
    fn bad_wkt_rows_and_duplicates() {
        let csv = "\
id;name;wkt
a;Broken;POLYGON ((1 1, 2 2))
a;First;POINT (1 2)
a;Second;POINT (3 4)
b;Across;LINESTRING (179 -16, -179 -17)
";
        let l = read_str(csv).unwrap();
        assert_eq!(l.places.len(), 2);
        assert_eq!(l.places[0].name, "First");
        assert_eq!(l.places[0].geometry, None);
        assert!(
            l.places[1]
                .geometry
                .as_deref()
                .unwrap()
                .contains("MultiLineString")
        );
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert!(msgs[0].contains(":2: \"Broken\": bad WKT"), "{msgs:?}");
        assert!(msgs[1].contains(":4: duplicate id \"a\""), "{msgs:?}");
    }

    /// Issue 11: warnings gave lines one or more too low after a blank
    /// line, a quoted field with a newline, or in a CRLF file.
    #[test]
    fn warning_lines_count_every_line() {
        let msgs = |csv: &str| -> Vec<String> {
            let l = read_str(csv).unwrap();
            l.warnings.iter().map(|e| e.to_string()).collect()
        };
        let m = msgs("name,WKT\nGood,\"POINT (1 2)\"\n\nA,\"POLYGON ((1 1, 2 2))\"\n");
        assert!(m[0].contains(":4: \"A\""), "{m:?}");
        let m = msgs("name,WKT\r\nGood,\"POINT (1 2)\"\r\nA,\"POLYGON ((1 1, 2 2))\"\r\n");
        assert!(m[0].contains(":3: \"A\""), "{m:?}");
        let m = msgs(
            "name,WKT\nM,\"POLYGON ((1 1, 2 2,\n 3 3, 1 1))\"\n\nA,\"LINESTRING (1 1)\"\nB,1,2\n",
        );
        assert!(m[0].contains(":5: \"A\""), "{m:?}");
        assert!(m[1].contains(":6: 3 fields"), "{m:?}");
    }

    /// Issue 11: a self-intersecting WKT polygon was accepted silently.
    #[test]
    fn self_intersecting_polygons_are_warned() {
        let l = read_str(
            "name,WKT\nSquare,\"POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))\"\n\
             Bow Tie,\"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))\"\n",
        )
        .unwrap();
        assert_eq!(l.places.len(), 2);
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert_eq!(
            msgs[0],
            "/tmp/my places.csv:3: \"Bow Tie\": the WKT polygon crosses or touches itself near 0.5 0.5; \
             GEOS (QGIS, GDAL) reports it invalid"
        );
    }

    /// Issue 11 (found while writing the fuzz targets): a WKT value whose
    /// fifth byte is inside a character panicked on a string slice.
    #[test]
    fn wkt_with_a_multibyte_character_early_is_an_error() {
        for s in ["SRIDé;POINT (1 2)", "ÉÉÉ", "POIÑT (1 2)"] {
            assert!(parse_wkt(s).is_err(), "{s}");
        }
    }

    #[test]
    fn header_errors() {
        let e = read_str("title,lat,lon\nX,1,2\n").unwrap_err();
        assert!(e.to_string().contains("needs a `name` column"), "{e}");
        assert!(e.to_string().starts_with("/tmp/my places.csv:1:"), "{e}");
        let e = read_str("name,x,y\nX,1,2\n").unwrap_err();
        assert!(e.to_string().contains("`lat` and `lon`"), "{e}");
        let e = read_str("name,lat\nX,1\n").unwrap_err();
        assert!(e.to_string().contains("`lat` and `lon`"), "{e}");
        // A BOM and odd case in the header are fine.
        let l = read_str("\u{feff}Name,LAT,Lng\nSome Town,1,2\n").unwrap();
        assert_eq!(l.places[0].name, "Some Town");
        // Tab-separated.
        let l = read_str("name\tlat\tlon\nSome Town\t1\t2\n").unwrap();
        assert_eq!((l.places[0].lat, l.places[0].lon), (1.0, 2.0));
    }
}
