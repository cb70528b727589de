//! Loading user gazetteers: format detection and one entry point over the
//! per-format loaders.
//!
//! [`detect`] tells the format of a file from its name and, when the name
//! is not enough, from its first bytes. [`load`] reads it into a [`Layer`]:
//! a compiled [`Index`] for `.gmidx` files, and [`Loaded`] places (plus
//! demonyms and blocker names where the format has them) for everything
//! else, which [`Gazetteer::push_places`](crate::Gazetteer::push_places)
//! compiles in memory. Rows that cannot be used are skipped and reported
//! as [`Warnings`] carrying `path:line`.
//!
//! | format | detected by | loader |
//! |---|---|---|
//! | compiled index | `.gmidx`, or the `GEOMIDX` magic | [`Index::from_bytes`] |
//! | GeoNames dump | `.txt` with 19 tab-separated columns | [`geonames`] |
//! | GeoNames companion tables | `admin1CodesASCII.txt`, `countryInfo.txt`, `alternateNames*.txt` | [`geonames`] |
//! | CSV | `.csv`, or a header row with a `name` column | [`csv`] |
//! | GeoJSON | `.geojson`, `.json`, or a leading `{` | [`geojson`] |
//! | the project's TSV | a directory, or `places.tsv` | [`tsv`] |
//!
//! Any of them may be gzip-compressed (`name.ext.gz`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::gazetteer::geonames::{self, CompanionKind, Companions};
use crate::gazetteer::index::{Index, NO_PLACE};
use crate::gazetteer::place::{Demonym, FormKind, Place};
use crate::gazetteer::{csv, geojson, tsv};

/// Row problems found while loading a file: all are counted, the first
/// [`Warnings::KEEP`] are kept.
#[derive(Debug, Default)]
pub struct Warnings {
    kept: Vec<Error>,
    count: usize,
}

impl Warnings {
    /// How many warnings are kept (a file with millions of bad rows must
    /// not hold millions of messages).
    pub const KEEP: usize = 1000;

    /// Records a warning.
    pub fn push(&mut self, e: Error) {
        self.count += 1;
        if self.kept.len() < Self::KEEP {
            self.kept.push(e);
        }
    }

    /// The number of warnings, kept or not.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether there were none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The kept warnings, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.kept.iter()
    }

    /// Adds another file's warnings.
    pub fn extend(&mut self, other: Warnings) {
        self.count += other.count - other.kept.len();
        for e in other.kept {
            self.push(e);
        }
    }
}

/// What a loader read from one file.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The usable places.
    pub places: Vec<Place>,
    /// Demonyms (only the project's TSV format has them).
    pub demonyms: Vec<Demonym>,
    /// Names that are not places (only the project's TSV format).
    pub blockers: Vec<String>,
    /// Row problems (skipped rows and ignored values).
    pub warnings: Warnings,
    /// Data rows (or features) read.
    pub rows: usize,
    /// Rows skipped.
    pub skipped: usize,
    /// Notes for the user, such as the companion files that were used.
    pub notes: Vec<String>,
    ids: HashSet<String>,
}

impl Loaded {
    /// Records a skipped row and its reason.
    pub fn skip(&mut self, reason: Error) {
        self.skipped += 1;
        self.warnings.push(reason);
    }

    /// Whether `id` is new in this file (and remembers it).
    pub(crate) fn new_id(&mut self, id: &str) -> bool {
        self.ids.insert(id.to_string())
    }

    /// Drops the id set used for duplicate checks.
    pub(crate) fn finish(mut self) -> Loaded {
        self.ids = HashSet::new();
        self
    }
}

/// A loaded user gazetteer, ready to stack.
#[derive(Debug)]
pub enum Layer {
    /// Compiled indexes (a `.gmidx` file holds one, or several when it was
    /// built from a very large input).
    Indexes(Vec<Index>),
    /// Places to compile.
    Places(Loaded),
}

/// How many name forms a GeoNames chunk carries before it is compiled as
/// a layer of its own (see [`load_chunked`]). Compiling needs several
/// hundred bytes per form, so this bounds the peak memory of a load; a
/// file of a million places with a few alternate names each fits in one
/// chunk.
pub const CHUNK_FORMS: usize = 4_000_000;

/// The formats a user gazetteer can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A compiled index written by `geomention gazetteer build`.
    Index,
    /// The project's own TSV files (a directory or `places.tsv`).
    Tsv,
    /// A GeoNames dump (`allCountries.txt`, `cities500.txt`, `SY.txt`).
    GeoNames,
    /// A GeoNames companion table, used with a dump.
    Companion(CompanionKind),
    /// CSV (or TSV) with a header row.
    Csv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
}

impl Format {
    /// A short name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Index => "compiled index",
            Format::Tsv => "geomention TSV",
            Format::GeoNames => "GeoNames",
            Format::Companion(CompanionKind::Admin1) => "GeoNames admin1 codes",
            Format::Companion(CompanionKind::CountryInfo) => "GeoNames country info",
            Format::Companion(CompanionKind::AlternateNames) => "GeoNames alternate names",
            Format::Csv => "CSV",
            Format::GeoJson => "GeoJSON",
        }
    }
}

/// The file name, or the path when it has none.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The file name without `.gz` and without its extension.
pub(crate) fn file_stem(path: &Path) -> String {
    let name = file_name(path);
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

/// The longest line of a line-based gazetteer file (GeoNames, CSV, the
/// project's TSV): 64 MiB, far more than a country polygon in WKT. A longer
/// line is an error rather than an allocation that grows until the process
/// aborts (a compressed file can hold a line of gigabytes).
pub const MAX_ROW_BYTES: u64 = 64 << 20;

/// A reader that fails with [`std::io::ErrorKind::InvalidData`] once a
/// line grows past a limit, before the line is all read.
pub struct LineLimit<R> {
    inner: R,
    max: u64,
    len: u64,
    line: u64,
}

impl<R: Read> LineLimit<R> {
    /// Limits the lines of `inner` to `max` bytes (without the newline).
    pub fn new(inner: R, max: u64) -> LineLimit<R> {
        LineLimit {
            inner,
            max,
            len: 0,
            line: 1,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.len = 0;
                self.line += 1;
            } else if b != b'\r' {
                self.len += 1;
                if self.len > self.max {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "line {} is longer than the limit of {} bytes for one gazetteer row",
                            self.line, self.max
                        ),
                    ));
                }
            }
        }
        Ok(n)
    }
}

/// Opens a line-based gazetteer file (decompressing `.gz`), with lines
/// limited to [`MAX_ROW_BYTES`].
pub fn open_rows(path: &Path) -> Result<Box<dyn BufRead>> {
    Ok(Box::new(std::io::BufReader::new(LineLimit::new(
        tsv::open_maybe_gz(path)?,
        MAX_ROW_BYTES,
    ))))
}

const MAGIC: &[u8] = b"GEOMIDX\0";
/// The magic of a file that holds several compiled indexes.
const SET_MAGIC: &[u8] = b"GEOMSET\0";
const SET_VERSION: u32 = 1;

/// Tells the format of a user gazetteer file or directory.
pub fn detect(path: &Path) -> Result<Format> {
    let meta = std::fs::metadata(path).map_err(|e| Error::from(e).with_path(path))?;
    if meta.is_dir() {
        if ["places.tsv", "places.tsv.gz"]
            .iter()
            .any(|f| path.join(f).is_file())
        {
            return Ok(Format::Tsv);
        }
        return Err(Error::invalid(
            "a gazetteer directory must hold places.tsv or places.tsv.gz (the format of gazetteer/)",
        )
        .with_path(path));
    }
    let name = file_name(path).to_lowercase();
    let base = name.strip_suffix(".gz").unwrap_or(&name);
    if base.ends_with(".gmidx") {
        return Ok(Format::Index);
    }
    if base == "places.tsv" {
        return Ok(Format::Tsv);
    }
    if let Some(k) = geonames::companion_kind(path) {
        return Ok(Format::Companion(k));
    }
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "geojson" | "json" => return Ok(Format::GeoJson),
        "csv" => return Ok(Format::Csv),
        _ => {}
    }
    sniff(path)
}

/// Tells the format from the first bytes.
fn sniff(path: &Path) -> Result<Format> {
    let mut head = Vec::with_capacity(1 << 16);
    tsv::open_maybe_gz(path)?
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| Error::from(e).with_path(path))?;
    if head.starts_with(MAGIC) || head.starts_with(SET_MAGIC) {
        return Ok(Format::Index);
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(
            "this is a zip archive (GeoNames dumps are downloaded zipped): unzip it and give the .txt file",
        )
        .with_path(path));
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        return Ok(Format::GeoJson);
    }
    let first = text.lines().next().unwrap_or("").trim_end_matches('\r');
    let tabs: Vec<&str> = first.split('\t').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if tabs.len() == 19 && numeric(tabs[0]) {
        return Ok(Format::GeoNames);
    }
    if first.starts_with("id\tkind\tname\t") {
        return Ok(Format::Tsv);
    }
    if let Some(k) = geonames::sniff_companion(first) {
        return Ok(Format::Companion(k));
    }
    let has_name_column = [',', ';', '\t'].iter().any(|d| {
        first
            .split(*d)
            .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("name"))
    });
    if has_name_column {
        return Ok(Format::Csv);
    }
    Err(Error::invalid(
        "cannot tell the gazetteer format: expected a GeoNames dump (19 tab-separated columns), \
         CSV with a name column (.csv), GeoJSON (.geojson), a compiled index (.gmidx) or a \
         directory in the format of gazetteer/",
    )
    .with_path(path))
}

/// Loads a user gazetteer of a known format. A GeoNames dump uses the
/// given companion tables.
pub fn load(path: &Path, format: Format, companions: &Companions) -> Result<Layer> {
    load_chunked(path, format, companions, usize::MAX, &mut |_| Ok(()))
}

/// Loads a user gazetteer like [`load`], but hands the places of a
/// GeoNames dump to `on_chunk` every `chunk_forms` name forms (see
/// [`geonames::read_dump_chunked`]); the returned layer holds the rest.
/// Other formats are read whole.
pub fn load_chunked(
    path: &Path,
    format: Format,
    companions: &Companions,
    chunk_forms: usize,
    on_chunk: &mut dyn FnMut(Vec<Place>) -> Result<()>,
) -> Result<Layer> {
    Ok(match format {
        Format::Index => Layer::Indexes(read_index(path)?),
        Format::Tsv => Layer::Places(load_tsv(path)?),
        Format::GeoNames => Layer::Places(geonames::load_chunked(
            path,
            companions,
            chunk_forms,
            on_chunk,
        )?),
        Format::Csv => Layer::Places(csv::load(path)?),
        Format::GeoJson => Layer::Places(geojson::load(path)?.finish()),
        Format::Companion(k) => {
            return Err(Error::invalid(format!(
                "this is a GeoNames {} table, which has no coordinates of its own: \
                 give it together with a GeoNames dump (or put it next to the dump)",
                k.file_name()
            ))
            .with_path(path));
        }
    })
}

/// Loads a user gazetteer as places, whatever its format (a compiled
/// index is taken apart again), for merging several files into one index.
pub fn load_places(path: &Path, format: Format, companions: &Companions) -> Result<Loaded> {
    match load(path, format, companions)? {
        Layer::Indexes(idx) => {
            let mut out = Loaded::default();
            for i in &idx {
                let mut l = index_contents(i);
                out.rows += l.rows;
                out.places.append(&mut l.places);
                out.demonyms.append(&mut l.demonyms);
                out.blockers.append(&mut l.blockers);
            }
            Ok(out)
        }
        Layer::Places(l) => Ok(l),
    }
}

/// Writes compiled indexes (bytes made by
/// [`index::compile`](crate::gazetteer::index::compile)) as one `.gmidx`
/// file: a single index as it is, several as a set (`GEOMSET` magic,
/// version, count, then each index with its `u64` length).
pub fn write_indexes(w: &mut dyn Write, indexes: &[Vec<u8>]) -> Result<()> {
    if let [one] = indexes {
        w.write_all(one)?;
        return Ok(());
    }
    w.write_all(SET_MAGIC)?;
    w.write_all(&SET_VERSION.to_le_bytes())?;
    w.write_all(&(indexes.len() as u32).to_le_bytes())?;
    for b in indexes {
        w.write_all(&(b.len() as u64).to_le_bytes())?;
        w.write_all(b)?;
    }
    Ok(())
}

/// Reads a `.gmidx` file: one compiled index, or a set of them.
pub fn read_index(path: &Path) -> Result<Vec<Index>> {
    let err = |e: std::io::Error| Error::from(e).with_path(path);
    let corrupt = || Error::index("corrupt gazetteer index set").with_path(path);
    let mut f = std::fs::File::open(path).map_err(err)?;
    let size = f.metadata().map_err(err)?.len();
    let mut magic = [0u8; 8];
    if size < 8 || f.read_exact(&mut magic).is_err() || magic != SET_MAGIC {
        let bytes = std::fs::read(path).map_err(err)?;
        let idx = Index::from_bytes(Cow::Owned(bytes)).map_err(|e| e.with_path(path))?;
        return Ok(vec![idx]);
    }
    let mut word = [0u8; 4];
    f.read_exact(&mut word).map_err(|_| corrupt())?;
    let version = u32::from_le_bytes(word);
    if version != SET_VERSION {
        return Err(Error::index(format!(
            "index set version {version} is not supported; rebuild it with `geomention gazetteer build`"
        ))
        .with_path(path));
    }
    f.read_exact(&mut word).map_err(|_| corrupt())?;
    let count = u32::from_le_bytes(word);
    let mut left = size.saturating_sub(16);
    let mut out = Vec::with_capacity(count.min(1024) as usize);
    for _ in 0..count {
        let mut len = [0u8; 8];
        f.read_exact(&mut len).map_err(|_| corrupt())?;
        let len = u64::from_le_bytes(len);
        left = left.checked_sub(8 + len).ok_or_else(corrupt)?;
        let mut bytes = vec![0u8; len as usize];
        f.read_exact(&mut bytes).map_err(|_| corrupt())?;
        out.push(Index::from_bytes(Cow::Owned(bytes)).map_err(|e| e.with_path(path))?);
    }
    if left != 0 {
        return Err(corrupt());
    }
    Ok(out)
}

/// The places, demonyms and blocker names of a compiled index.
pub fn index_contents(idx: &Index) -> Loaded {
    let mut out = Loaded::default();
    for i in 0..idx.len() {
        let g = idx.geometry(i);
        out.places.push(Place {
            id: idx.id(i).to_string(),
            kind: idx.kind(i),
            name: idx.name(i).to_string(),
            country: idx.country(i).to_string(),
            admin1: idx.admin1(i).to_string(),
            lat: idx.lat(i),
            lon: idx.lon(i),
            population: idx.population(i),
            names: Vec::new(),
            abbrevs: Vec::new(),
            source: idx.source(i).to_string(),
            note: idx.note(i).to_string(),
            geometry: (!g.is_empty()).then(|| g.to_string()),
        });
    }
    out.rows = idx.len();
    // Forms appear under several keys (a name and its variant without
    // the article): keep each once.
    let mut seen: HashSet<(u32, u8, &str)> = HashSet::new();
    let mut demonyms: HashMap<(u32, &str), ()> = HashMap::new();
    for k in 0..idx.key_count() as u32 {
        for p in idx.postings(k) {
            let form = idx.form(&p);
            if !seen.insert((p.place, p.form_kind as u8, form)) {
                continue;
            }
            if p.place == NO_PLACE {
                out.blockers.push(form.to_string());
                continue;
            }
            let place = &mut out.places[p.place as usize];
            match p.form_kind {
                FormKind::Name if form != place.name => place.names.push(form.to_string()),
                FormKind::Name => {}
                FormKind::Abbrev => place.abbrevs.push(form.to_string()),
                FormKind::Demonym => {
                    if demonyms.insert((p.place, form), ()).is_none() {
                        out.demonyms.push(Demonym {
                            form: form.to_string(),
                            place_id: place.id.clone(),
                        });
                    }
                }
                FormKind::Blocker => out.blockers.push(form.to_string()),
            }
        }
    }
    for p in &mut out.places {
        p.names.sort();
        p.abbrevs.sort();
    }
    out.demonyms
        .sort_by(|a, b| (&a.place_id, &a.form).cmp(&(&b.place_id, &b.form)));
    out.blockers.sort();
    out
}

/// Loads the project's TSV format: a directory, or a `places.tsv(.gz)`
/// with its optional siblings `geometry.tsv`, `demonyms.tsv` and
/// `not_places.txt` (each may be gzip-compressed).
pub fn load_tsv(path: &Path) -> Result<Loaded> {
    let (dir, places_file) = if path.is_dir() {
        let p = ["places.tsv.gz", "places.tsv"]
            .iter()
            .map(|f| path.join(f))
            .find(|p| p.is_file())
            .unwrap_or_else(|| path.join("places.tsv"));
        (path.to_path_buf(), p)
    } else {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (dir, path.to_path_buf())
    };
    let sibling = |name: &str| -> Option<PathBuf> {
        [format!("{name}.gz"), name.to_string()]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
    };
    let (mut places, warnings) = tsv::read_places(&places_file, open_rows(&places_file)?)?;
    let mut out = Loaded::default();
    for w in warnings {
        out.skip(w);
    }
    if let Some(g) = sibling("geometry.tsv") {
        let geoms = tsv::read_geometries(&g, open_rows(&g)?)?;
        for id in tsv::attach_geometries(&mut places, geoms) {
            out.warnings.push(
                Error::parse(format!("geometry for unknown place id {id:?}; ignored"))
                    .with_path(&g),
            );
        }
        out.notes.push(format!("geometries from {}", g.display()));
    }
    if let Some(d) = sibling("demonyms.tsv") {
        out.demonyms = tsv::read_demonyms(&d, open_rows(&d)?)?;
    }
    if let Some(b) = sibling("not_places.txt") {
        out.blockers = tsv::read_name_list(open_rows(&b)?).map_err(|e| e.with_path(&b))?;
    }
    out.rows = places.len() + out.skipped;
    out.places = places;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Kind;
    use crate::gazetteer::index::compile;

    /// Issue 11: a gazetteer row had no length limit (a compressed file
    /// with a 3 GB line aborted the process).
    #[test]
    fn line_limit_stops_long_lines_without_reading_them() {
        let mut ok = String::new();
        LineLimit::new("abc\r\nabcd\n".as_bytes(), 4)
            .read_to_string(&mut ok)
            .unwrap();
        let long = "ab\nabcde\n".as_bytes().chain(std::io::repeat(b'x'));
        let e = std::io::copy(&mut LineLimit::new(long, 4), &mut std::io::sink()).unwrap_err();
        assert!(e.to_string().contains("line 2 is longer"), "{e}");
        // Through the CSV loader: an error naming the file and the line.
        let rows = "name,lat,lon\nA,1,2\n"
            .as_bytes()
            .chain(std::io::repeat(b'x'));
        let rdr = std::io::BufReader::new(LineLimit::new(rows, 100));
        let e = csv::read(Path::new("big.csv"), rdr).unwrap_err();
        assert!(e.to_string().starts_with("big.csv:"), "{e}");
        assert!(
            e.to_string()
                .contains("line 3 is longer than the limit of 100 bytes"),
            "{e}"
        );
    }

    #[test]
    fn detects_formats() {
        let d = tempfile::tempdir().unwrap();
        let w = |name: &str, content: &[u8]| {
            let p = d.path().join(name);
            std::fs::write(&p, content).unwrap();
            p
        };
        let geonames_row =
            "1\tA\tA\t\t1\t2\tP\tPPL\tSY\t\t01\t\t\t\t0\t\t0\tAsia/Damascus\t2020-01-01\n";
        let cases: Vec<(PathBuf, Format)> = vec![
            (w("x.gmidx", b"whatever"), Format::Index),
            (w("SY.txt", geonames_row.as_bytes()), Format::GeoNames),
            (w("dump", geonames_row.as_bytes()), Format::GeoNames),
            (w("a.csv", b"x,y\n"), Format::Csv),
            (w("a.tsv", b"name\tlat\tlon\n"), Format::Csv),
            (w("a.geojson", b"{}"), Format::GeoJson),
            (
                w("a.dat", b"  {\"type\": \"FeatureCollection\"}"),
                Format::GeoJson,
            ),
            (w("b.dat", b"GEOMIDX\0...."), Format::Index),
            (
                w("admin1CodesASCII.txt", b"SY.12\tIdlib\tIdlib\t169387\n"),
                Format::Companion(CompanionKind::Admin1),
            ),
            (
                w("codes.txt", b"SY.12\tIdlib\tIdlib\t169387\n"),
                Format::Companion(CompanionKind::Admin1),
            ),
            (
                w("countryInfo.txt", b"#ISO\tISO3\n"),
                Format::Companion(CompanionKind::CountryInfo),
            ),
            (
                w("alternateNamesV2.txt", b"1\t2\ten\tX\t\t\t\t\t\t\n"),
                Format::Companion(CompanionKind::AlternateNames),
            ),
        ];
        for (p, f) in cases {
            assert_eq!(detect(&p).unwrap(), f, "{}", p.display());
        }
        std::fs::create_dir(d.path().join("g")).unwrap();
        assert!(detect(&d.path().join("g")).is_err());
        std::fs::write(d.path().join("g/places.tsv"), b"").unwrap();
        assert_eq!(detect(&d.path().join("g")).unwrap(), Format::Tsv);
        let e = detect(&w("cities500.zip", b"PK\x03\x04rest")).unwrap_err();
        assert!(e.to_string().contains("unzip"), "{e}");
        let e = detect(&w("notes.txt", b"just some text\n")).unwrap_err();
        assert!(e.to_string().contains("cannot tell"), "{e}");
        let e = detect(&d.path().join("missing.csv")).unwrap_err();
        assert!(e.to_string().contains("missing.csv"), "{e}");
    }

    #[test]
    fn index_contents_round_trip() {
        let mut a = Place::new("x:1", Kind::City, "Testopolis", 1.0, 2.0);
        a.names = vec!["Tesstopolis".into(), "Testopol al-Kabir".into()];
        a.abbrevs = vec!["TP".into()];
        a.country = "SY".into();
        a.geometry = Some(r#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#.into());
        let b = Place::new("x:2", Kind::Town, "Other Place", 3.0, 4.0);
        let dem = vec![Demonym {
            form: "Testopolitan".into(),
            place_id: "x:1".into(),
        }];
        let (bytes, _) =
            compile(&[a.clone(), b.clone()], &dem, &["Testopolis Times".into()]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        let l = index_contents(&idx);
        assert_eq!(l.places.len(), 2);
        let mut want = a.names.clone();
        want.sort();
        assert_eq!(l.places[0].names, want);
        assert_eq!(l.places[0].abbrevs, a.abbrevs);
        assert_eq!(l.places[0].geometry, a.geometry);
        assert_eq!(l.places[0].country, "SY");
        assert_eq!(l.places[1], b);
        assert_eq!(l.demonyms, dem);
        assert_eq!(l.blockers, vec!["Testopolis Times".to_string()]);
    }

    #[test]
    fn index_sets_round_trip() {
        let d = tempfile::tempdir().unwrap();
        let a = Place::new("x:1", Kind::City, "Testopolis", 1.0, 2.0);
        let b = Place::new("x:2", Kind::Town, "Other Place", 3.0, 4.0);
        let (one, _) = compile(std::slice::from_ref(&a), &[], &[]).unwrap();
        let (two, _) = compile(std::slice::from_ref(&b), &[], &[]).unwrap();
        let write = |name: &str, blobs: &[Vec<u8>]| {
            let mut buf = Vec::new();
            write_indexes(&mut buf, blobs).unwrap();
            let p = d.path().join(name);
            std::fs::write(&p, &buf).unwrap();
            (p, buf)
        };
        let (single, buf) = write("one.gmidx", std::slice::from_ref(&one));
        assert_eq!(buf, one);
        assert_eq!(read_index(&single).unwrap().len(), 1);
        let (set, buf) = write("set.dat", &[one, two]);
        assert_eq!(detect(&set).unwrap(), Format::Index);
        let idx = read_index(&set).unwrap();
        assert_eq!(idx.len(), 2);
        assert_eq!(idx[1].name(0), "Other Place");
        let l = load_places(&set, Format::Index, &Companions::default()).unwrap();
        assert_eq!(l.places, vec![a, b]);
        // Truncated or padded sets are refused.
        for bad in [&buf[..buf.len() - 1], &[buf.as_slice(), b"x"].concat()[..]] {
            let p = d.path().join("bad.gmidx");
            std::fs::write(&p, bad).unwrap();
            let e = read_index(&p).unwrap_err();
            assert!(e.to_string().contains("bad.gmidx"), "{e}");
        }
    }

    #[test]
    fn warnings_keep_a_bounded_number() {
        let mut w = Warnings::default();
        for i in 0..(Warnings::KEEP + 5) {
            w.push(Error::parse(format!("w{i}")));
        }
        assert_eq!(w.count(), Warnings::KEEP + 5);
        assert_eq!(w.iter().count(), Warnings::KEEP);
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem(Path::new("/a/b/my.places.csv.gz")), "my.places");
        assert_eq!(file_stem(Path::new("x.geojson")), "x");
        assert_eq!(file_stem(Path::new("noext")), "noext");
    }
}
