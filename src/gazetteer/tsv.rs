//! Loader for the gazetteer's own TSV format (the format of the embedded
//! data in `gazetteer/`, documented in `gazetteer/README.md`).
//!
//! `places.tsv`: `id kind name country admin1 lat lon population names
//! abbrevs source note` (names and abbrevs `|`-separated);
//! `geometry.tsv`: `id geometry` (compact GeoJSON geometry object);
//! `demonyms.tsv`: `form place_id`. Files may be gzip-compressed.
//!
//! The word tables built next to the gazetteer are read here too (by the
//! build script, which compiles them into [`crate::lexicon`]):
//! `admin1_codes.tsv`: `form kind country place_id admin1 name`;
//! `person_names.tsv`: `name given_ppm surname_ppm`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{Error, Result};
use crate::gazetteer::place::{Demonym, Kind, Place, valid_coord};

/// Opens a file, transparently decompressing `.gz`.
pub fn open_maybe_gz(path: &Path) -> Result<Box<dyn BufRead>> {
    let f = std::fs::File::open(path).map_err(|e| Error::from(e).with_path(path))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            f,
        ))))
    } else {
        Ok(Box::new(BufReader::new(f)))
    }
}

/// Reads tab-separated rows after a header, calling `row` with the 1-based
/// line number and the fields. The header must start with `first_column`.
fn for_each_row(
    path: &Path,
    reader: impl Read,
    first_column: &str,
    mut row: impl FnMut(u64, &[&str]) -> Result<()>,
) -> Result<()> {
    let reader = BufReader::new(reader);
    let mut lineno = 0u64;
    for line in reader.lines() {
        lineno += 1;
        let line = line.map_err(|e| Error::from(e).with_path(path).with_line(lineno))?;
        let line = line.trim_end_matches('\r');
        if lineno == 1 {
            if !line.starts_with(first_column) {
                return Err(Error::parse(format!(
                    "expected a header row starting with {first_column:?}"
                ))
                .with_path(path)
                .with_line(1));
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        row(lineno, &fields).map_err(|e| e.with_path(path).with_line(lineno))?;
    }
    Ok(())
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// A malformed row that was skipped, with its location.
pub type Warning = Error;

/// Reads `places.tsv`. Rows with bad coordinates or an unknown kind are
/// skipped and returned as warnings; a row with the wrong number of columns
/// is an error.
pub fn read_places(path: &Path, reader: impl Read) -> Result<(Vec<Place>, Vec<Warning>)> {
    let mut places = Vec::new();
    let mut warnings = Vec::new();
    for_each_row(path, reader, "id\t", |line, f| {
        if f.len() != 12 {
            return Err(Error::parse(format!(
                "expected 12 tab-separated columns, found {}",
                f.len()
            )));
        }
        let Some(kind) = Kind::parse(f[1]) else {
            warnings.push(
                Error::parse(format!("unknown kind {:?}; row skipped", f[1]))
                    .with_path(path)
                    .with_line(line),
            );
            return Ok(());
        };
        let lat: f64 = f[5].parse().unwrap_or(f64::NAN);
        let lon: f64 = f[6].parse().unwrap_or(f64::NAN);
        if !valid_coord(lat, lon) {
            warnings.push(
                Error::parse(format!(
                    "invalid coordinates lat={:?} lon={:?}; row skipped",
                    f[5], f[6]
                ))
                .with_path(path)
                .with_line(line),
            );
            return Ok(());
        }
        places.push(Place {
            id: f[0].to_string(),
            kind,
            name: f[2].to_string(),
            country: f[3].to_string(),
            admin1: f[4].to_string(),
            lat,
            lon,
            population: f[7].parse().unwrap_or(0),
            names: split_list(f[8]),
            abbrevs: split_list(f[9]),
            source: f[10].to_string(),
            note: f[11].to_string(),
            geometry: None,
        });
        Ok(())
    })?;
    Ok((places, warnings))
}

/// Reads `geometry.tsv` into a map from place id to geometry JSON.
pub fn read_geometries(path: &Path, reader: impl Read) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for_each_row(path, reader, "id\t", |_, f| {
        if f.len() != 2 {
            return Err(Error::parse(format!(
                "expected 2 tab-separated columns, found {}",
                f.len()
            )));
        }
        out.insert(f[0].to_string(), f[1].to_string());
        Ok(())
    })?;
    Ok(out)
}

/// Reads `demonyms.tsv`.
pub fn read_demonyms(path: &Path, reader: impl Read) -> Result<Vec<Demonym>> {
    let mut out = Vec::new();
    for_each_row(path, reader, "form\t", |_, f| {
        if f.len() != 2 {
            return Err(Error::parse(format!(
                "expected 2 tab-separated columns, found {}",
                f.len()
            )));
        }
        out.push(Demonym {
            form: f[0].to_string(),
            place_id: f[1].to_string(),
        });
        Ok(())
    })?;
    Ok(out)
}

/// One row of `admin1_codes.tsv`: a code form ("MO", "Tex.") and the unit it
/// stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeRow {
    /// The form as written, with its dot ("Tex.", "N.Y.", "MO").
    pub form: String,
    /// `postal`, `abbrev` or `variant`.
    pub kind: String,
    /// ISO 3166-1 alpha-2 code of the unit's country in the gazetteer.
    pub country: String,
    /// The unit's place id in the embedded gazetteer (`geonames:N`).
    pub place_id: String,
    /// The unit's name as the places' `admin1` column spells it; empty when
    /// the gazetteer has the unit as a country (Puerto Rico, Guam).
    pub admin1: String,
    /// The unit's display name.
    pub name: String,
}

/// Reads `admin1_codes.tsv`.
pub fn read_admin1_codes(path: &Path, reader: impl Read) -> Result<Vec<CodeRow>> {
    let mut out = Vec::new();
    for_each_row(path, reader, "form\t", |_, f| {
        let [form, kind, country, place_id, admin1, name] = f else {
            return Err(Error::parse(format!(
                "expected 6 tab-separated columns, found {}",
                f.len()
            )));
        };
        if !matches!(*kind, "postal" | "abbrev" | "variant") {
            return Err(Error::parse(format!("unknown code kind {kind:?}")));
        }
        out.push(CodeRow {
            form: form.to_string(),
            kind: kind.to_string(),
            country: country.to_string(),
            place_id: place_id.to_string(),
            admin1: admin1.to_string(),
            name: name.to_string(),
        });
        Ok(())
    })?;
    Ok(out)
}

/// One row of `person_names.tsv`: a lower-cased name and how common it is
/// as a given name and as a surname, per million people.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRow {
    /// The name, lower-case ASCII letters.
    pub name: String,
    /// Given-name frequency per million.
    pub given: f32,
    /// Surname frequency per million.
    pub surname: f32,
}

/// Reads `person_names.tsv`; names must be lower-case ASCII letters in
/// strictly increasing byte order (the build compiles them into an FST).
pub fn read_person_names(path: &Path, reader: impl Read) -> Result<Vec<NameRow>> {
    let mut out: Vec<NameRow> = Vec::new();
    for_each_row(path, reader, "name\t", |_, f| {
        let [name, given, surname] = f else {
            return Err(Error::parse(format!(
                "expected 3 tab-separated columns, found {}",
                f.len()
            )));
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(Error::parse(format!("name {name:?} is not lower-case a-z")));
        }
        if out.last().is_some_and(|p| p.name.as_str() >= *name) {
            return Err(Error::parse(format!("name {name:?} is out of order")));
        }
        let freq = |v: &str| match v.parse::<f32>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
            _ => Err(Error::parse(format!("bad frequency {v:?} for {name:?}"))),
        };
        out.push(NameRow {
            name: name.to_string(),
            given: freq(given)?,
            surname: freq(surname)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Reads a plain list of names, one per line (`#` starts a comment).
pub fn read_name_list(reader: impl Read) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(line.to_string());
    }
    Ok(out)
}

/// Attaches geometries to places by id; returns the ids that matched no
/// place.
pub fn attach_geometries(places: &mut [Place], mut geoms: HashMap<String, String>) -> Vec<String> {
    for p in places.iter_mut() {
        if let Some(g) = geoms.remove(&p.id) {
            p.geometry = Some(g);
        }
    }
    let mut left: Vec<String> = geoms.into_keys().collect();
    left.sort();
    left
}
