//! Loader for GeoNames dumps as users download them from the GeoNames
//! export server: `allCountries.txt`, `cities500.txt` (or `cities1000`,
//! `cities15000`), and country extracts such as `SY.txt`.
//!
//! A dump has 19 tab-separated columns, no header and no quoting:
//!
//! ```text
//! geonameid name asciiname alternatenames latitude longitude feature_class
//! feature_code country_code cc2 admin1 admin2 admin3 admin4 population
//! elevation dem timezone modification_date
//! ```
//!
//! It is read as a stream, one row at a time (a full `allCountries.txt`
//! has about 12 million rows), and only what the index needs is kept.
//! Companion tables make it better; they are looked up next to the dump
//! ([`Companions::next_to`]) or given explicitly:
//!
//! * `admin1CodesASCII.txt`: the name of each place's first-level division
//!   (the `admin1` field), names for the dump's `ADM1` rows, and an admin1
//!   entry for each division that the dump has places in but no `ADM1` row
//!   for (as in `cities500.txt`), at its most populous place;
//! * `countryInfo.txt`: English country names for the dump's country rows,
//!   and a country entry for each country that has places in the dump but
//!   no country row, at its capital;
//! * `alternateNamesV2.txt` (or `alternateNames.txt`): more names, only
//!   those in English (`en`), without a language, or abbreviations
//!   (`abbr`), and only in Latin script. An English short or preferred name
//!   becomes the display name.
//!
//! Alternate names pass the same filter as the embedded gazetteer's
//! (`gazetteer/build.py`): Latin script only, no names of one or two
//! characters, no codes (`SYR`, `SY-02`), no machine transliterations that
//! do not start with a capital letter. Ids are `geonames:<geonameid>`.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::gazetteer::geojson::dedup_names;
use crate::gazetteer::load::open_rows;
use crate::gazetteer::load::{Loaded, Warnings};
use crate::gazetteer::place::{Kind, Place, valid_coord};

/// The columns of a GeoNames dump.
pub const COLUMNS: usize = 19;

/// The GeoNames tables that go with a dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompanionKind {
    /// `admin1CodesASCII.txt`.
    Admin1,
    /// `countryInfo.txt`.
    CountryInfo,
    /// `alternateNamesV2.txt` or `alternateNames.txt`.
    AlternateNames,
}

impl CompanionKind {
    /// The usual file name.
    pub fn file_name(self) -> &'static str {
        match self {
            CompanionKind::Admin1 => "admin1CodesASCII.txt",
            CompanionKind::CountryInfo => "countryInfo.txt",
            CompanionKind::AlternateNames => "alternateNamesV2.txt",
        }
    }
}

/// Tells a companion table from its file name.
pub fn companion_kind(path: &Path) -> Option<CompanionKind> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.starts_with("admin1codes") {
        Some(CompanionKind::Admin1)
    } else if name.starts_with("countryinfo") {
        Some(CompanionKind::CountryInfo)
    } else if name.starts_with("alternatenames") {
        Some(CompanionKind::AlternateNames)
    } else {
        None
    }
}

/// Tells a companion table from its first line (for files renamed by the
/// user).
pub(crate) fn sniff_companion(first_line: &str) -> Option<CompanionKind> {
    let f: Vec<&str> = first_line.split('\t').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let admin_code = |s: &str| {
        let b = s.as_bytes();
        b.len() > 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2] == b'.'
    };
    if f.len() == 4 && admin_code(f[0]) && numeric(f[3]) {
        Some(CompanionKind::Admin1)
    } else if first_line.starts_with("#ISO\t")
        || first_line.starts_with("ISO\tISO3")
        || first_line.starts_with("# GeoNames.org Country Information")
    {
        Some(CompanionKind::CountryInfo)
    } else if (f.len() == 8 || f.len() == 10) && numeric(f[0]) && numeric(f[1]) {
        Some(CompanionKind::AlternateNames)
    } else {
        None
    }
}

/// The companion tables used with a dump.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Companions {
    /// `admin1CodesASCII.txt`.
    pub admin1: Option<PathBuf>,
    /// `countryInfo.txt`.
    pub country_info: Option<PathBuf>,
    /// `alternateNamesV2.txt`.
    pub alternate_names: Option<PathBuf>,
}

impl Companions {
    /// Sets the table of a kind.
    pub fn set(&mut self, kind: CompanionKind, path: PathBuf) {
        match kind {
            CompanionKind::Admin1 => self.admin1 = Some(path),
            CompanionKind::CountryInfo => self.country_info = Some(path),
            CompanionKind::AlternateNames => self.alternate_names = Some(path),
        }
    }

    /// The tables found in the directory of a dump (each may be
    /// gzip-compressed).
    pub fn next_to(dump: &Path) -> Companions {
        let dir = match dump.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let find = |names: &[&str]| {
            names
                .iter()
                .flat_map(|n| [format!("{n}.gz"), n.to_string()])
                .map(|n| dir.join(n))
                .find(|p| p.is_file())
        };
        Companions {
            admin1: find(&["admin1CodesASCII.txt"]),
            country_info: find(&["countryInfo.txt"]),
            alternate_names: find(&["alternateNamesV2.txt", "alternateNames.txt"]),
        }
    }

    /// These tables, with the missing ones taken from `other`.
    pub fn or(self, other: Companions) -> Companions {
        Companions {
            admin1: self.admin1.or(other.admin1),
            country_info: self.country_info.or(other.country_info),
            alternate_names: self.alternate_names.or(other.alternate_names),
        }
    }
}

/// Maps a GeoNames feature class and code (and population) to a [`Kind`].
pub fn kind_of(class: &str, code: &str, population: u64) -> Kind {
    match (class, code) {
        ("P", "PPLC" | "PPLA") => Kind::City,
        ("P", _) if population >= 15_000 => Kind::City,
        ("P", _) => Kind::Town,
        ("A", "ADM1") => Kind::Admin1,
        ("A", "ADM2") => Kind::Admin2,
        ("A", "PCLI" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "PCL") => Kind::Country,
        ("L", "CONT") => Kind::Continent,
        ("L", "RGN" | "AREA") => Kind::Region,
        ("L", "PRK") => Kind::Park,
        ("T", "MT" | "MTS" | "HLL" | "HLLS" | "PK") => Kind::Mountain,
        ("T", "ISL" | "ISLS") => Kind::Island,
        ("T", "DSRT" | "PLN" | "VAL" | "PEN" | "PLAT") => Kind::Physical,
        ("H", "STM") => Kind::River,
        ("H", "LK" | "LKS" | "RSV") => Kind::Lake,
        ("H", "SEA" | "BAY" | "GULF" | "OCN" | "STRT") => Kind::Sea,
        ("S", "AIRP") => Kind::Airport,
        ("S", "MNMT" | "PAL" | "CSTL" | "SQR" | "STDM" | "HSTS" | "BLDG" | "TOWR") => {
            Kind::Landmark
        }
        ("R", "RD") => Kind::Road,
        _ => Kind::Other,
    }
}

// ---------------------------------------------------------------------
// The name filter (the one gazetteer/build.py applies).

/// Single words that are never useful as an alternate name on their own.
const GENERIC_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "capital",
    "coast",
    "coastal",
    "island",
    "islands",
    "lake",
    "lakes",
    "mountain",
    "mountains",
    "upper",
    "lower",
    "middle",
    "interior",
    "highlands",
    "lowlands",
    "valley",
    "plains",
    "river",
    "riverside",
    "bay",
    "harbour",
    "harbor",
    "city",
    "town",
    "village",
    "district",
    "province",
    "region",
    "state",
    "county",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "midlands",
    "metropolitan",
    "municipality",
    "territory",
    "republic",
    "kingdom",
    "the",
    "and",
    "new",
    "old",
    "great",
    "little",
    "port",
];

/// Lower-case particles a real name may start with ("al-Bab", "de Panne").
const PARTICLES: &[&str] = &[
    "al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "aț", "aş", "aḑ", "ad-d", "de",
    "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "l", "d", "'s",
    "’s", "van", "von", "der", "den", "het", "te", "ter", "op", "in", "im", "am", "bei", "zu",
    "zum", "zur", "upon", "on", "of", "y", "e", "o", "a", "i", "u", "na", "ni", "nad", "pod",
    "pri", "sankt", "san", "ibn", "bin", "bani", "beni", "kafr", "tall", "tell",
];

fn is_latin_letter(c: char) -> bool {
    matches!(c as u32,
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x24F | 0x250..=0x2FF
        | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

fn is_mark_or_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || c.is_whitespace()
        || c.is_numeric()
        || matches!(c as u32,
            0xA0..=0xBF | 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
            | 0x2000..=0x206F | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether a name is written in Latin script (at least one letter, and
/// every letter Latin).
pub fn is_latin_script(s: &str) -> bool {
    let mut letter = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if !is_latin_letter(c) {
                return false;
            }
            letter = true;
        } else if !is_mark_or_punct(c) {
            return false;
        }
    }
    letter
}

/// Whether `s` has a code like `SY-02` or `ADM-12` (two or more capitals,
/// a hyphen, digits, as a word of its own).
fn has_dash_code(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if boundary && b[i].is_ascii_uppercase() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_uppercase() {
                j += 1;
            }
            if j - i >= 2 && j < b.len() && b[j] == b'-' {
                let mut k = j + 1;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if k > j + 1 && (k == b.len() || !b[k].is_ascii_alphanumeric()) {
                    return true;
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

fn starts_with_particle(s: &str) -> bool {
    let first = s.split(' ').next().unwrap_or("").to_lowercase();
    PARTICLES.iter().any(|p| {
        first.starts_with(p)
            && first[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, '-' | '\'' | '’' | 'ʼ' | ' '))
    })
}

/// Why a name is not kept as an alternate name, or `None` when it is
/// kept.
pub fn name_problem(s: &str) -> Option<&'static str> {
    // Called for every alternate name of a dump (tens of millions for
    // allCountries): no allocation unless a check needs one.
    if s.is_empty() {
        return Some("empty");
    }
    if s.contains('|') {
        return Some("pipe");
    }
    let has_ci = |pat: &str| {
        s.as_bytes()
            .windows(pat.len())
            .any(|w| w.eq_ignore_ascii_case(pat.as_bytes()))
    };
    if s.contains(['/', '\\'])
        || ["http:", "https:", "www.", ".com", ".org", "wiki"]
            .iter()
            .any(|u| has_ci(u))
    {
        return Some("url");
    }
    let mut letters = 0usize;
    let mut first_letter = None;
    let mut any_upper = false;
    let mut chars = 0usize;
    for c in s.chars() {
        chars += 1;
        if c.is_alphabetic() {
            letters += 1;
            first_letter.get_or_insert(c);
            any_upper |= c.is_uppercase();
        }
    }
    let Some(first_letter) = first_letter else {
        return Some("no-letters");
    };
    if chars <= 2 {
        return Some("too-short");
    }
    if !is_latin_script(s) {
        return Some("non-latin");
    }
    if letters <= 3
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, '.' | '-' | ' '))
    {
        return Some("caps-code");
    }
    if s.len() <= 14 && !s.contains(' ') && GENERIC_WORDS.contains(&s.to_lowercase().as_str()) {
        return Some("generic-word");
    }
    if has_dash_code(s) || has_ci("aggregation") {
        return Some("code");
    }
    // GeoNames carries machine transliterations such as "adlb" or "yi de
    // li bo": real Latin-script names start with a capital unless they
    // start with a particle ("al-Bab", "de Panne", "'s-Hertogenbosch").
    let capitalised = first_letter.is_uppercase() || (any_upper && starts_with_particle(s));
    if !capitalised {
        return Some("no-capital");
    }
    None
}

/// Whether a name is kept as an alternate name.
pub fn name_ok(s: &str) -> bool {
    name_problem(s).is_none()
}

// ---------------------------------------------------------------------
// Companion tables.

/// One row of `admin1CodesASCII.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin1 {
    /// The division's name.
    pub name: String,
    /// Its ASCII name.
    pub ascii: String,
    /// Its geonameid.
    pub geonameid: u32,
}

/// `admin1CodesASCII.txt`: `CC.code` to the division.
pub type Admin1Table = HashMap<String, Admin1>;

/// One row of `countryInfo.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// English short name.
    pub name: String,
    /// Population.
    pub population: u64,
    /// Its geonameid.
    pub geonameid: u32,
}

/// `countryInfo.txt`: ISO alpha-2 code to the country.
pub type CountryTable = HashMap<String, Country>;

fn tsv_reader(reader: impl BufRead, flexible: bool) -> ::csv::Reader<impl BufRead> {
    ::csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .flexible(flexible)
        .comment(None)
        .from_reader(reader)
}

/// Reads `admin1CodesASCII.txt`: `CC.code name asciiname geonameid`.
pub fn read_admin1(path: &Path, reader: impl BufRead) -> Result<(Admin1Table, Warnings)> {
    let mut out = Admin1Table::new();
    let mut warnings = Warnings::default();
    let mut rdr = tsv_reader(reader, true);
    let mut rec = ::csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                warnings.push(
                    Error::parse(format!("{e}; row skipped"))
                        .with_path(path)
                        .with_line(line),
                );
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let id = rec.get(3).and_then(|s| s.trim().parse::<u32>().ok());
        match (rec.len(), id) {
            (4, Some(geonameid)) if rec[0].contains('.') && !rec[1].is_empty() => {
                out.insert(
                    rec[0].to_string(),
                    Admin1 {
                        name: rec[1].to_string(),
                        ascii: rec[2].to_string(),
                        geonameid,
                    },
                );
            }
            _ => warnings.push(
                Error::parse(
                    "expected `CC.code<TAB>name<TAB>asciiname<TAB>geonameid`; row skipped",
                )
                .with_path(path)
                .with_line(line),
            ),
        }
    }
    Ok((out, warnings))
}

/// Reads `countryInfo.txt` (comment lines start with `#`).
pub fn read_country_info(path: &Path, reader: impl BufRead) -> Result<(CountryTable, Warnings)> {
    let mut out = CountryTable::new();
    let mut warnings = Warnings::default();
    for (i, line) in reader.lines().enumerate() {
        let lineno = i as u64 + 1;
        let line = line.map_err(|e| Error::from(e).with_path(path).with_line(lineno))?;
        if line.starts_with('#') || line.starts_with("ISO\t") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let id = f.get(16).and_then(|s| s.trim().parse::<u32>().ok());
        match id {
            Some(geonameid) if f[0].len() == 2 && !f[4].is_empty() => {
                out.insert(
                    f[0].to_string(),
                    Country {
                        name: f[4].to_string(),
                        population: f[7].trim().parse().unwrap_or(0),
                        geonameid,
                    },
                );
            }
            _ => warnings.push(
                Error::parse("not a countryInfo row (ISO, ..., Country, ..., geonameid); skipped")
                    .with_path(path)
                    .with_line(lineno),
            ),
        }
    }
    Ok((out, warnings))
}

// ---------------------------------------------------------------------
// Alternate names.

/// What `alternateNamesV2.txt` says about one place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AltEntry {
    /// Alternate names (English or without a language, Latin script).
    pub names: Vec<String>,
    /// Abbreviations (`abbr`).
    pub abbrevs: Vec<String>,
    /// The English short or preferred name and its rank (1 preferred, 2
    /// short, 3 both).
    pub display: Option<(u8, String)>,
}

/// The usable rows of `alternateNamesV2.txt`, by geonameid.
pub type AltNames = HashMap<u32, AltEntry>;

/// Reads `alternateNamesV2.txt` (or the older 8-column
/// `alternateNames.txt`), keeping only English, language-less and `abbr`
/// names in Latin script that pass [`name_ok`]. Row problems go to
/// `warnings`.
pub fn read_alternate_names(
    path: &Path,
    reader: impl BufRead,
    warnings: &mut Warnings,
) -> Result<AltNames> {
    let mut out = AltNames::new();
    let mut rdr = tsv_reader(reader, true);
    let mut rec = ::csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                if let ::csv::ErrorKind::Io(_) = e.kind() {
                    return Err(Error::parse(e.to_string()).with_path(path).with_line(line));
                }
                warnings.push(
                    Error::parse(format!("{e}; row skipped"))
                        .with_path(path)
                        .with_line(line),
                );
                continue;
            }
        }
        if rec.len() < 8 {
            let line = rec.position().map_or(0, |p| p.line());
            warnings.push(
                Error::parse(format!(
                    "{} columns where alternateNames has 8 or 10; row skipped",
                    rec.len()
                ))
                .with_path(path)
                .with_line(line),
            );
            continue;
        }
        let lang = &rec[2];
        if !matches!(lang, b"" | b"en" | b"abbr") {
            continue;
        }
        let Some(id) = std::str::from_utf8(&rec[1])
            .ok()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(name) = std::str::from_utf8(&rec[3]).map(str::trim) else {
            continue;
        };
        if lang == b"abbr" {
            if name.chars().count() >= 2 && is_latin_script(name) {
                let e = out.entry(id).or_default();
                if !e.abbrevs.iter().any(|a| a == name) {
                    e.abbrevs.push(name.to_string());
                }
            }
            continue;
        }
        if !name_ok(name) {
            continue;
        }
        let flag = |k: usize| &rec[k] == b"1";
        let rank = u8::from(flag(4)) + 2 * u8::from(flag(5));
        let e = out.entry(id).or_default();
        if lang == b"en" && rank > 0 && e.display.as_ref().is_none_or(|(r, _)| rank > *r) {
            if let Some((_, old)) = e.display.replace((rank, name.to_string())) {
                e.names.push(old);
            }
        } else {
            e.names.push(name.to_string());
        }
    }
    for e in out.values_mut() {
        e.names.shrink_to_fit();
    }
    Ok(out)
}

impl AltEntry {
    /// Adds the names to a place. The English short or preferred name
    /// becomes the display name unless `keep_name` (divisions and
    /// countries named by a companion table keep that name).
    pub fn apply(self, p: &mut Place, keep_name: bool) {
        p.names.extend(self.names);
        match self.display {
            Some((_, d)) if !keep_name && d != p.name => {
                let old = std::mem::replace(&mut p.name, d);
                p.names.push(old);
            }
            Some((_, d)) => p.names.push(d),
            None => {}
        }
        for a in self.abbrevs {
            if !p.abbrevs.contains(&a) {
                p.abbrevs.push(a);
            }
        }
        let name = p.name.clone();
        dedup_names(&name, &mut p.names);
    }
}

// ---------------------------------------------------------------------
// The dump.

/// The companion tables a dump is read with.
#[derive(Debug, Default)]
pub struct Tables {
    /// `admin1CodesASCII.txt`.
    pub admin1: Option<Admin1Table>,
    /// `countryInfo.txt`.
    pub countries: Option<CountryTable>,
    /// `alternateNamesV2.txt`.
    pub alternate_names: Option<AltNames>,
}

/// The geonameids seen in one dump: a bit per id, in pages of 65,536 ids
/// (8 KiB) made when an id falls in them. GeoNames ids are below 13
/// million, so a whole dump needs about 200 pages (1.6 MB); a small file
/// needs a page or two whatever its ids.
#[derive(Default)]
struct IdSet {
    pages: HashMap<u32, Box<[u64; 1024]>>,
}

impl IdSet {
    /// Whether `id` is new (and remembers it).
    fn insert(&mut self, id: u32) -> bool {
        let page = self
            .pages
            .entry(id >> 16)
            .or_insert_with(|| Box::new([0; 1024]));
        let (word, bit) = (((id & 0xFFFF) / 64) as usize, id % 64);
        let new = page[word] & (1 << bit) == 0;
        page[word] |= 1 << bit;
        new
    }
}

/// The most populous place seen in a division or country.
#[derive(Clone, Copy)]
struct Best {
    population: u64,
    lat: f64,
    lon: f64,
}

impl Best {
    fn offer(slot: &mut Option<Best>, population: u64, lat: f64, lon: f64) {
        if slot.is_none_or(|b| population > b.population) {
            *slot = Some(Best {
                population,
                lat,
                lon,
            });
        }
    }
}

/// The number of name forms (names, alternates, abbreviations) of a place.
fn forms(p: &Place) -> usize {
    1 + p.names.len() + p.abbrevs.len()
}

/// Reads a GeoNames dump row by row with its companion tables.
pub fn read_dump(path: &Path, reader: impl BufRead, tables: &mut Tables) -> Result<Loaded> {
    read_dump_chunked(path, reader, tables, usize::MAX, &mut |_| Ok(()))
}

/// Reads a GeoNames dump row by row, handing the places to `on_chunk`
/// whenever they carry `chunk_forms` name forms or more, so that a dump of
/// millions of rows never sits in memory as a whole: each chunk becomes a
/// layer of its own. The returned [`Loaded`] has the places of the last,
/// partial chunk plus the divisions and countries added from the tables,
/// and the counts and warnings of the whole file. Alternate names are
/// taken out of `tables` as they are used.
pub fn read_dump_chunked(
    path: &Path,
    reader: impl BufRead,
    tables: &mut Tables,
    chunk_forms: usize,
    on_chunk: &mut dyn FnMut(Vec<Place>) -> Result<()>,
) -> Result<Loaded> {
    let mut out = Loaded::default();
    // Flexible: a row with the wrong number of columns, even the first, is
    // skipped with a warning rather than fixing the count for the rest.
    let mut rdr = tsv_reader(reader, true);
    let mut rec = ::csv::ByteRecord::new();
    let mut ids = IdSet::default();
    let mut missing = Missing::default();
    let (mut first_len, mut any, mut chunk_size) = (None, false, 0usize);
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let warning = unreadable_row(&e).map_err(|m| m.with_path(path))?;
                out.rows += 1;
                out.skip(warning.with_path(path));
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        first_len.get_or_insert(rec.len());
        out.rows += 1;
        if rec.len() == COLUMNS {
            any = true;
        }
        let row = dump_fields(&rec).and_then(|f| Ok((dump_place(&f, &mut ids)?, f)));
        let mut p = match row {
            Ok((mut p, f)) => {
                let named_by_table = missing.name_from_tables(&mut p, &f, tables);
                alternate_names(&mut p, tables, named_by_table);
                p
            }
            Err(msg) => {
                out.skip(Error::parse(msg).with_path(path).with_line(line));
                continue;
            }
        };
        p.names.shrink_to_fit();
        chunk_size += forms(&p);
        out.places.push(p);
        if chunk_size >= chunk_forms {
            chunk_size = 0;
            on_chunk(std::mem::take(&mut out.places))?;
        }
    }
    if !any {
        return Err(match first_len {
            None => Error::parse("the GeoNames file is empty").with_path(path),
            Some(n) => Error::parse(format!(
                "not a GeoNames dump: no row has {COLUMNS} tab-separated columns (the first has {n})"
            ))
            .with_path(path),
        });
    }
    missing.add_divisions(tables, &mut out);
    missing.add_countries(tables, &mut out);
    Ok(out)
}

/// The warning for a row the TSV reader could not read (counted as a
/// skipped row); an I/O error is no row and stops the reading (`Err`).
fn unreadable_row(e: &::csv::Error) -> std::result::Result<Error, Error> {
    if let ::csv::ErrorKind::Io(io) = e.kind() {
        return Err(Error::parse(io.to_string()));
    }
    let line = e.position().map_or(0, |p| p.line());
    let msg = match e.kind() {
        ::csv::ErrorKind::UnequalLengths { len, .. } => {
            format!("{len} columns where a GeoNames dump has {COLUMNS}; row skipped")
        }
        _ => format!("{e}; row skipped"),
    };
    Ok(Error::parse(msg).with_line(line))
}

/// The trimmed fields of a dump row, or why the row is skipped.
fn dump_fields(rec: &::csv::ByteRecord) -> std::result::Result<[&str; COLUMNS], String> {
    if rec.len() != COLUMNS {
        return Err(format!(
            "{} columns where a GeoNames dump has {COLUMNS}; row skipped",
            rec.len()
        ));
    }
    let mut f = [""; COLUMNS];
    for (i, slot) in f.iter_mut().enumerate() {
        *slot = std::str::from_utf8(&rec[i])
            .map_err(|_| "not valid UTF-8; row skipped".to_string())?
            .trim();
    }
    Ok(f)
}

/// The place of a dump row (names from the row itself), or why the row is
/// skipped. `ids` holds the geonameids read so far: a duplicate is skipped.
fn dump_place(f: &[&str; COLUMNS], ids: &mut IdSet) -> std::result::Result<Place, String> {
    let Ok(geonameid) = f[0].parse::<u32>() else {
        return Err(format!("geonameid {:?} is not a number; row skipped", f[0]));
    };
    if !ids.insert(geonameid) {
        return Err(format!(
            "duplicate geonameid {geonameid}; row skipped (the first row is kept)"
        ));
    }
    let name = f[1];
    if name.is_empty() {
        return Err(format!("geonames:{geonameid} has no name; row skipped"));
    }
    let lat: f64 = f[4].parse().unwrap_or(f64::NAN);
    let lon: f64 = f[5].parse().unwrap_or(f64::NAN);
    if !valid_coord(lat, lon) {
        return Err(format!(
            "{name:?}: invalid coordinates lat={:?} lon={:?}; row skipped",
            f[4], f[5]
        ));
    }
    let population = match f[14] {
        "" => 0,
        s => s
            .parse::<u64>()
            .map_err(|_| format!("{name:?}: population {s:?} is not a number; row skipped"))?,
    };
    let cc = f[8];
    let mut p = Place {
        id: format!("geonames:{geonameid}"),
        kind: kind_of(f[6], f[7], population),
        name: name.to_string(),
        country: if cc.len() == 2 {
            cc.to_string()
        } else {
            String::new()
        },
        admin1: String::new(),
        lat,
        lon,
        population,
        names: Vec::new(),
        abbrevs: Vec::new(),
        source: "geonames".to_string(),
        note: String::new(),
        geometry: None,
    };
    if f[2] != name && !f[2].is_empty() && name_ok(f[2]) {
        p.names.push(f[2].to_string());
    }
    for alt in f[3].split(',') {
        let alt = alt.trim();
        if !alt.is_empty() && alt != name && name_ok(alt) {
            p.names.push(alt.to_string());
        }
    }
    if !p.names.is_empty() {
        dedup_names(name, &mut p.names);
    }
    Ok(p)
}

/// Adds the alternate-names table's names for `p` (taken out of the table:
/// each id is applied once).
fn alternate_names(p: &mut Place, tables: &mut Tables, named_by_table: bool) {
    let geonameid = p.id["geonames:".len()..].parse::<u32>().ok();
    if let Some(e) = geonameid.and_then(|id| tables.alternate_names.as_mut()?.remove(&id)) {
        e.apply(p, named_by_table);
    } else if named_by_table {
        let name = p.name.clone();
        dedup_names(&name, &mut p.names);
    }
}

/// What the dump's rows tell about the divisions and countries it has
/// places in but no row for: the codes with a row, and the best places per
/// code.
#[derive(Default)]
struct Missing {
    adm1_seen: std::collections::HashSet<String>,
    countries_seen: std::collections::HashSet<String>,
    best_in_admin1: HashMap<String, Option<Best>>,
    capitals: HashMap<String, Option<Best>>,
    best_in_country: HashMap<String, Option<Best>>,
}

impl Missing {
    /// A companion table's name replaces the dump's for divisions ("Idlib"
    /// rather than "Muḩāfaz̧at Idlib") and countries; the dump's name stays
    /// an alternate. Notes the row for the places added at the end.
    /// Returns whether a table named the place.
    fn name_from_tables(&mut self, p: &mut Place, f: &[&str; COLUMNS], tables: &Tables) -> bool {
        let (class, code, cc, a1) = (f[6], f[7], f[8], f[10]);
        let mut named = false;
        if let Some(t) = &tables.admin1
            && !cc.is_empty()
            && !a1.is_empty()
        {
            let key = format!("{cc}.{a1}");
            if let Some(a) = t.get(key.as_str()) {
                p.admin1 = a.name.clone();
                if p.kind == Kind::Admin1 {
                    rename(p, &a.name);
                    p.names.push(a.ascii.clone());
                    self.adm1_seen.insert(key);
                    named = true;
                } else if class == "P" {
                    let slot = self.best_in_admin1.entry(key).or_default();
                    Best::offer(slot, p.population, p.lat, p.lon);
                }
            }
        }
        if let Some(t) = &tables.countries
            && !cc.is_empty()
        {
            if p.kind == Kind::Country {
                self.countries_seen.insert(cc.to_string());
                if let Some(c) = t.get(cc) {
                    rename(p, &c.name);
                    if p.population == 0 {
                        p.population = c.population;
                    }
                    named = true;
                }
            } else if class == "P" {
                if code == "PPLC" {
                    let slot = self.capitals.entry(cc.to_string()).or_default();
                    Best::offer(slot, p.population, p.lat, p.lon);
                }
                let slot = self.best_in_country.entry(cc.to_string()).or_default();
                Best::offer(slot, p.population, p.lat, p.lon);
            }
        }
        named
    }

    /// Adds a first-level division for each code of the admin1 table that
    /// the dump has places in but no row for, at its largest place.
    fn add_divisions(&self, tables: &mut Tables, out: &mut Loaded) {
        let Some(t) = &tables.admin1 else { return };
        let mut added = 0usize;
        let mut codes: Vec<(&String, &Admin1)> = t.iter().collect();
        codes.sort_by(|a, b| a.0.cmp(b.0));
        for (code, a) in codes {
            let Some(Some(best)) = self
                .best_in_admin1
                .get(code)
                .filter(|_| !self.adm1_seen.contains(code))
            else {
                continue;
            };
            let mut p = Place::new(
                &format!("geonames:{}", a.geonameid),
                Kind::Admin1,
                &a.name,
                best.lat,
                best.lon,
            );
            p.country = code.split('.').next().unwrap_or("").to_string();
            p.admin1 = a.name.clone();
            p.names = vec![a.ascii.clone()];
            if let Some(e) = tables
                .alternate_names
                .as_mut()
                .and_then(|m| m.remove(&a.geonameid))
            {
                e.apply(&mut p, true);
            }
            dedup_names(&a.name, &mut p.names);
            p.source = "geonames".into();
            p.note = "point = largest populated place of the division in the GeoNames file (no ADM1 row)".into();
            out.places.push(p);
            added += 1;
        }
        if added > 0 {
            out.notes.push(format!(
                "{added} first-level divisions added from the admin1 table (their points are their largest places)"
            ));
        }
    }

    /// Adds a country for each code of the country table that the dump has
    /// places in but no row for, at its capital (or its largest place).
    fn add_countries(&self, tables: &mut Tables, out: &mut Loaded) {
        let Some(t) = &tables.countries else { return };
        let mut added = 0usize;
        let mut codes: Vec<(&String, &Country)> = t.iter().collect();
        codes.sort_by(|a, b| a.0.cmp(b.0));
        for (cc, c) in codes {
            if self.countries_seen.contains(cc) {
                continue;
            }
            let (best, note) = match (self.capitals.get(cc), self.best_in_country.get(cc)) {
                (Some(Some(b)), _) => (
                    *b,
                    "point = the capital (no country row in the GeoNames file)",
                ),
                (_, Some(Some(b))) => (
                    *b,
                    "point = largest populated place of the country in the GeoNames file (no country row)",
                ),
                _ => continue,
            };
            let mut p = Place::new(
                &format!("geonames:{}", c.geonameid),
                Kind::Country,
                &c.name,
                best.lat,
                best.lon,
            );
            p.country = cc.clone();
            p.population = c.population;
            if let Some(e) = tables
                .alternate_names
                .as_mut()
                .and_then(|m| m.remove(&c.geonameid))
            {
                e.apply(&mut p, true);
            }
            p.source = "geonames".into();
            p.note = note.into();
            out.places.push(p);
            added += 1;
        }
        if added > 0 {
            out.notes.push(format!(
                "{added} countries added from the country table (their points are their capitals)"
            ));
        }
    }
}

/// Gives a place a new display name, keeping the old one as an alternate.
fn rename(p: &mut Place, name: &str) {
    if p.name != name {
        let old = std::mem::replace(&mut p.name, name.to_string());
        p.names.push(old);
    }
}

/// Reads the companion tables.
pub fn read_tables(companions: &Companions, loaded: &mut Loaded) -> Result<Tables> {
    let mut tables = Tables::default();
    if let Some(p) = &companions.admin1 {
        let (t, w) = read_admin1(p, open_rows(p)?)?;
        loaded.warnings.extend(w);
        loaded
            .notes
            .push(format!("admin1 names from {}", p.display()));
        tables.admin1 = Some(t);
    }
    if let Some(p) = &companions.country_info {
        let (t, w) = read_country_info(p, open_rows(p)?)?;
        loaded.warnings.extend(w);
        loaded
            .notes
            .push(format!("country names from {}", p.display()));
        tables.countries = Some(t);
    }
    if let Some(p) = &companions.alternate_names {
        let t = read_alternate_names(p, open_rows(p)?, &mut loaded.warnings)?;
        loaded.notes.push(format!(
            "alternate names of {} places from {}",
            t.len(),
            p.display()
        ));
        tables.alternate_names = Some(t);
    }
    Ok(tables)
}

/// Loads a GeoNames dump with its companion tables, in chunks (see
/// [`read_dump_chunked`]).
pub fn load_chunked(
    path: &Path,
    companions: &Companions,
    chunk_forms: usize,
    on_chunk: &mut dyn FnMut(Vec<Place>) -> Result<()>,
) -> Result<Loaded> {
    let mut head = Loaded::default();
    let mut tables = read_tables(companions, &mut head)?;
    let mut loaded = read_dump_chunked(path, open_rows(path)?, &mut tables, chunk_forms, on_chunk)?;
    head.notes.append(&mut loaded.notes);
    loaded.notes = head.notes;
    head.warnings.extend(std::mem::take(&mut loaded.warnings));
    loaded.warnings = head.warnings;
    Ok(loaded)
}

/// Loads a GeoNames dump with its companion tables, all at once.
pub fn load(path: &Path, companions: &Companions) -> Result<Loaded> {
    load_chunked(path, companions, usize::MAX, &mut |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dump row from its interesting fields.
    #[allow(clippy::too_many_arguments)]
    fn row(
        id: &str,
        name: &str,
        alts: &str,
        lat: &str,
        lon: &str,
        fcode: &str,
        cc: &str,
        a1: &str,
        pop: &str,
    ) -> String {
        let (class, code) = fcode.split_once('.').unwrap();
        use unicode_normalization::UnicodeNormalization;
        let ascii: String = name.nfkd().filter(char::is_ascii).collect();
        [
            id,
            name,
            &ascii,
            alts,
            lat,
            lon,
            class,
            code,
            cc,
            "",
            a1,
            "",
            "",
            "",
            pop,
            "",
            "0",
            "Asia/Damascus",
            "2024-01-01",
        ]
        .join("\t")
            + "\n"
    }

    /// The dump's rows: id, name, alternate names, lat, lon, class.code,
    /// country, admin1, population.
    const DUMP: &[[&str; 9]] = &[
        [
            "169387",
            "Muḩāfaz̧at Idlib",
            "Idleb,Idlib Governorate,adlb,SY-07,ادلب",
            "35.75",
            "36.6",
            "A.ADM1",
            "SY",
            "07",
            "",
        ],
        [
            "169389",
            "Idlib",
            "IDL,Idleb,Idlib,إدلب",
            "35.93",
            "36.63",
            "P.PPLA",
            "SY",
            "07",
            "128840",
        ],
        [
            "170063",
            "Aleppo",
            "Halab,Ḩalab,Alep,Beroea",
            "36.20",
            "37.16",
            "P.PPLA",
            "SY",
            "09",
            "1602264",
        ],
        [
            "1000001",
            "Kafr Test",
            "",
            "36.0",
            "37.0",
            "P.PPL",
            "SY",
            "09",
            "900",
        ],
        [
            "1000002",
            "Bad Place",
            "",
            "95.0",
            "37.0",
            "P.PPL",
            "SY",
            "09",
            "10",
        ],
        ["1000003", "Nowhere", "", "", "", "P.PPL", "SY", "09", "10"],
        [
            "170654", "Damascus", "Dimashq", "33.51", "36.29", "P.PPLC", "SY", "13", "1569394",
        ],
        [
            "1000005",
            "Nahr Test",
            "",
            "35.0",
            "36.0",
            "H.STM",
            "SY",
            "",
            "",
        ],
        [
            "1000006",
            "Jabal Test",
            "",
            "35.0",
            "36.0",
            "T.MT",
            "SY",
            "",
            "",
        ],
        [
            "1000007",
            "Fiji Point",
            "",
            "-17.0",
            "180.0",
            "S.AIRP",
            "FJ",
            "",
            "",
        ],
        [
            "1000008", "Far East", "", "-17.0", "180.5", "S.AIRP", "FJ", "", "",
        ],
    ];

    /// Line 7 of the dump: a row with too few columns.
    const SHORT_ROW: &str = "1000004\tShort Row\tShort Row\n";

    fn dump() -> String {
        let rows = DUMP
            .iter()
            .map(|r| row(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]));
        let mut lines: Vec<String> = rows.collect();
        lines.insert(6, SHORT_ROW.to_string());
        lines.concat()
    }

    const ADMIN1: &str = "SY.07\tIdlib\tIdlib\t169387\nSY.09\tAleppo\tAleppo\t170062\nSY.13\tDimashq\tDimashq\t170652\nbroken row\n";
    const COUNTRY_INFO: &str = "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\nSY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t17070135\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY,ku,hy,arc,fr,en\t163843\tIQ,JO,IL,TR,LB\t\n";

    /// Fails unless `want` is one of the place's alternate names.
    fn assert_named(p: &Place, want: &str) {
        assert!(
            p.names.iter().any(|n| n == want),
            "{want:?} not in {:?}",
            p.names
        );
    }

    fn by_id<'a>(l: &'a Loaded, id: &str) -> &'a Place {
        l.places
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    }

    #[test]
    fn reads_a_dump_without_companions() {
        let l = read_dump(
            Path::new("SY.txt"),
            dump().as_bytes(),
            &mut Tables::default(),
        )
        .unwrap();
        assert_eq!(l.rows, 12);
        assert_eq!(l.places.len(), 8);
        assert_eq!(l.skipped, 4);
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs[0].starts_with("SY.txt:5: \"Bad Place\": invalid coordinates"),
            "{msgs:?}"
        );
        assert!(msgs[1].starts_with("SY.txt:6:"), "{msgs:?}");
        assert!(
            msgs[2].starts_with("SY.txt:7: 3 columns where a GeoNames dump has 19"),
            "{msgs:?}"
        );
        let idlib = by_id(&l, "geonames:169389");
        assert_eq!(idlib.kind, Kind::City);
        assert_eq!(idlib.country, "SY");
        assert_eq!(idlib.admin1, "");
        assert_eq!(idlib.population, 128840);
        // "IDL" is a code, "إدلب" is not Latin, "Idlib" is the name itself.
        assert_eq!(idlib.names, vec!["Idleb".to_string()]);
        let gov = by_id(&l, "geonames:169387");
        assert_eq!(gov.kind, Kind::Admin1);
        // "adlb" is a machine transliteration, "SY-07" a code.
        assert!(
            gov.names.contains(&"Muhafazat Idlib".to_string()),
            "{:?}",
            gov.names
        );
        assert!(gov.names.contains(&"Idlib Governorate".to_string()));
        assert!(!gov.names.iter().any(|n| n == "adlb" || n == "SY-07"));
        let aleppo = by_id(&l, "geonames:170063");
        assert!(aleppo.names.contains(&"Ḩalab".to_string()));
        assert_eq!(by_id(&l, "geonames:1000001").kind, Kind::Town);
        assert_eq!(by_id(&l, "geonames:170654").kind, Kind::City);
        assert_eq!(by_id(&l, "geonames:1000005").kind, Kind::River);
        assert_eq!(by_id(&l, "geonames:1000006").kind, Kind::Mountain);
        let fiji = by_id(&l, "geonames:1000007");
        assert_eq!((fiji.kind, fiji.lon), (Kind::Airport, 180.0));
        assert!(
            msgs[3].starts_with("SY.txt:12: \"Far East\": invalid coordinates"),
            "{msgs:?}"
        );
        assert!(l.places.iter().all(|p| p.source == "geonames"));
    }

    #[test]
    fn companions_name_divisions_and_countries() {
        let (a1, w) = read_admin1(Path::new("admin1CodesASCII.txt"), ADMIN1.as_bytes()).unwrap();
        assert_eq!(a1.len(), 3);
        assert_eq!(w.count(), 1);
        assert!(
            w.iter()
                .next()
                .unwrap()
                .to_string()
                .starts_with("admin1CodesASCII.txt:4:")
        );
        let (ci, w) =
            read_country_info(Path::new("countryInfo.txt"), COUNTRY_INFO.as_bytes()).unwrap();
        assert!(w.is_empty());
        assert_eq!(ci["SY"].name, "Syria");
        let mut tables = Tables {
            admin1: Some(a1),
            countries: Some(ci),
            alternate_names: None,
        };
        let l = read_dump(Path::new("SY.txt"), dump().as_bytes(), &mut tables).unwrap();
        // The ADM1 row takes the table's name.
        let gov = by_id(&l, "geonames:169387");
        assert_eq!(gov.name, "Idlib");
        assert!(gov.names.contains(&"Muḩāfaz̧at Idlib".to_string()));
        // Places get their division's name.
        assert_eq!(by_id(&l, "geonames:169389").admin1, "Idlib");
        assert_eq!(by_id(&l, "geonames:1000001").admin1, "Aleppo");
        // Divisions without an ADM1 row are added at their largest place.
        let alp = by_id(&l, "geonames:170062");
        assert_eq!((alp.kind, alp.lat, alp.lon), (Kind::Admin1, 36.20, 37.16));
        assert!(alp.note.contains("largest populated place"));
        let dim = by_id(&l, "geonames:170652");
        assert_eq!(dim.lat, 33.51);
        // The country is added at its capital.
        let sy = by_id(&l, "geonames:163843");
        assert_eq!(
            (sy.kind, sy.name.as_str(), sy.lat),
            (Kind::Country, "Syria", 33.51)
        );
        assert_eq!(sy.population, 17070135);
        assert_eq!(l.notes.len(), 2, "{:?}", l.notes);
    }

    #[test]
    fn alternate_names_are_filtered_by_language_and_script() {
        let alt = [
            "1\t170063\ten\tAleppo City\t\t\t\t\t\t",
            "2\t170063\tar\tحلب\t1\t\t\t\t\t",
            "3\t170063\tfr\tAlep-la-Grande\t\t\t\t\t\t",
            "4\t170063\t\tBeroia\t\t\t\t1\t\t",
            "5\t170063\tabbr\tALP\t\t\t\t\t\t",
            "6\t170063\tlink\thttps://en.wikipedia.org/wiki/Aleppo\t\t\t\t\t\t",
            "7\t169389\ten\tIdlib City\t1\t\t\t\t\t",
            "8\t169389\ten\tIdlib\t1\t1\t\t\t\t",
            "9\t169387\ten\tIdlib Province\t1\t1\t\t\t\t",
            "10\t999999\ten\tNot Loaded\t\t\t\t\t\t",
            "11\t170063\ten\tru\t\t\t\t\t\t",
            "bad",
            "12\t170654\ten\tDamascus Old Name\t\t\t\t",
        ]
        .join("\n");
        let mut w = Warnings::default();
        let alt = read_alternate_names(Path::new("alternateNamesV2.txt"), alt.as_bytes(), &mut w)
            .unwrap();
        assert_eq!(w.count(), 1);
        assert!(
            w.iter()
                .next()
                .unwrap()
                .to_string()
                .starts_with("alternateNamesV2.txt:12:")
        );
        assert_eq!(alt.len(), 5);
        let mut tables = Tables {
            alternate_names: Some(alt.clone()),
            ..Tables::default()
        };
        let l = read_dump(Path::new("SY.txt"), dump().as_bytes(), &mut tables).unwrap();
        // Used entries are taken out of the table.
        assert_eq!(tables.alternate_names.unwrap().len(), 1);
        let aleppo = by_id(&l, "geonames:170063");
        assert_eq!(aleppo.name, "Aleppo");
        for want in ["Aleppo City", "Beroia"] {
            assert_named(aleppo, want);
        }
        assert!(
            !aleppo
                .names
                .iter()
                .any(|n| n.contains("Alep-la") || n == "ru")
        );
        assert_eq!(aleppo.abbrevs, vec!["ALP".to_string()]);
        // The short and preferred English name wins over the preferred one.
        let idlib = by_id(&l, "geonames:169389");
        assert_eq!(idlib.name, "Idlib");
        assert_named(idlib, "Idlib City");
        // Without an admin1 table, the English name names the division...
        let gov = by_id(&l, "geonames:169387");
        assert_eq!(gov.name, "Idlib Province");
        assert_named(gov, "Muḩāfaz̧at Idlib");
        assert_named(by_id(&l, "geonames:170654"), "Damascus Old Name");
        // ...with one, the table's name stays.
        let (a1, _) = read_admin1(Path::new("a1.txt"), ADMIN1.as_bytes()).unwrap();
        let mut tables = Tables {
            admin1: Some(a1),
            alternate_names: Some(alt),
            ..Tables::default()
        };
        let l = read_dump(Path::new("SY.txt"), dump().as_bytes(), &mut tables).unwrap();
        let gov = by_id(&l, "geonames:169387");
        assert_eq!(gov.name, "Idlib");
        assert_named(gov, "Idlib Province");
    }

    #[test]
    fn chunks_hold_every_place_once() {
        let (a1, _) = read_admin1(Path::new("a1.txt"), ADMIN1.as_bytes()).unwrap();
        let mut whole = Tables {
            admin1: Some(a1.clone()),
            ..Tables::default()
        };
        let all = read_dump(Path::new("SY.txt"), dump().as_bytes(), &mut whole).unwrap();
        let mut chunks: Vec<Vec<Place>> = Vec::new();
        let mut tables = Tables {
            admin1: Some(a1),
            ..Tables::default()
        };
        let rest = read_dump_chunked(
            Path::new("SY.txt"),
            dump().as_bytes(),
            &mut tables,
            3,
            &mut |c| {
                chunks.push(c);
                Ok(())
            },
        )
        .unwrap();
        assert!(chunks.len() >= 2, "{}", chunks.len());
        assert!(chunks.iter().all(|c| !c.is_empty()));
        let mut ids: Vec<String> = chunks
            .concat()
            .into_iter()
            .chain(rest.places)
            .map(|p| p.id)
            .collect();
        let mut want: Vec<String> = all.places.into_iter().map(|p| p.id).collect();
        ids.sort();
        want.sort();
        assert_eq!(ids, want);
        assert_eq!((rest.rows, rest.skipped), (all.rows, all.skipped));
    }

    /// Issue 11: a malformed first row rejected the whole file, and a
    /// geonameid repeated in one file loaded twice without the warning the
    /// docs promise.
    #[test]
    fn bad_first_row_and_duplicate_ids_are_warnings() {
        let idlib = row(
            "169389", "Idlib", "", "35.93", "36.63", "P.PPLA", "SY", "07", "165000",
        );
        let again = row(
            "169389",
            "Idlib Again",
            "",
            "35.9",
            "36.6",
            "P.PPL",
            "SY",
            "07",
            "1",
        );
        let hama = row(
            "170017", "Hama", "", "35.13", "36.75", "P.PPLA", "SY", "10", "460000",
        );
        let text = format!("169000\tBroken\tonly three\n{idlib}{again}{hama}");
        let l = read_dump(Path::new("SY.txt"), text.as_bytes(), &mut Tables::default()).unwrap();
        let names: Vec<&str> = l.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Idlib", "Hama"]);
        assert_eq!((l.rows, l.skipped), (4, 2));
        let msgs: Vec<String> = l.warnings.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            msgs[0],
            "SY.txt:1: 3 columns where a GeoNames dump has 19; row skipped"
        );
        assert!(
            msgs[1].starts_with("SY.txt:3: duplicate geonameid 169389"),
            "{msgs:?}"
        );
        let mut ids = IdSet::default();
        for id in [5, 5, u32::MAX, u32::MAX, 1 << 26] {
            let _ = ids.insert(id);
        }
        assert!(!ids.insert(5) && !ids.insert(u32::MAX) && ids.insert(6));
    }

    #[test]
    fn not_a_dump() {
        let e = read_dump(
            Path::new("x.txt"),
            "a\tb\tc\n".as_bytes(),
            &mut Tables::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("not a GeoNames dump"), "{e}");
        let e = read_dump(Path::new("x.txt"), "".as_bytes(), &mut Tables::default()).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("P", "PPL", 15_000), Kind::City);
        assert_eq!(kind_of("P", "PPL", 14_999), Kind::Town);
        assert_eq!(kind_of("P", "PPLC", 0), Kind::City);
        assert_eq!(kind_of("P", "PPLA", 0), Kind::City);
        assert_eq!(kind_of("P", "PPLA2", 0), Kind::Town);
        assert_eq!(kind_of("A", "PCLI", 0), Kind::Country);
        assert_eq!(kind_of("A", "ADM2", 0), Kind::Admin2);
        assert_eq!(kind_of("T", "HLL", 0), Kind::Mountain);
        assert_eq!(kind_of("H", "LK", 0), Kind::Lake);
        assert_eq!(kind_of("H", "GULF", 0), Kind::Sea);
        assert_eq!(kind_of("L", "AREA", 0), Kind::Region);
        assert_eq!(kind_of("T", "ISL", 0), Kind::Island);
        assert_eq!(kind_of("S", "PAL", 0), Kind::Landmark);
        assert_eq!(kind_of("R", "RD", 0), Kind::Road);
        assert_eq!(kind_of("S", "HTL", 0), Kind::Other);
    }

    #[test]
    fn names() {
        for ok in [
            "Aleppo",
            "al-Bab",
            "de Panne",
            "'s-Hertogenbosch",
            "Ḩalab",
            "São Paulo",
            "Sant Julià de Lòria",
            "Hawaiʻi",
            "Ma'arrat al-Nu'man",
        ] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("Al", "too-short"),
            ("حلب", "non-latin"),
            ("Алеппо", "non-latin"),
            ("SYR", "caps-code"),
            ("U.S.", "caps-code"),
            ("SY-02", "code"),
            ("adlb", "no-capital"),
            ("yi de li bo", "no-capital"),
            ("city", "generic-word"),
            ("http://x.org", "url"),
            ("1234", "no-letters"),
            ("A|B", "pipe"),
        ] {
            assert_eq!(name_problem(bad), Some(why), "{bad}");
        }
    }

    #[test]
    fn companion_detection() {
        assert_eq!(
            companion_kind(Path::new("/d/admin1CodesASCII.txt")),
            Some(CompanionKind::Admin1)
        );
        assert_eq!(
            companion_kind(Path::new("countryInfo.txt.gz")),
            Some(CompanionKind::CountryInfo)
        );
        assert_eq!(
            companion_kind(Path::new("alternateNames.txt")),
            Some(CompanionKind::AlternateNames)
        );
        assert_eq!(companion_kind(Path::new("SY.txt")), None);
        let d = tempfile::tempdir().unwrap();
        let dump = d.path().join("SY.txt");
        std::fs::write(d.path().join("admin1CodesASCII.txt"), ADMIN1).unwrap();
        std::fs::write(d.path().join("alternateNamesV2.txt.gz"), b"").unwrap();
        let c = Companions::next_to(&dump);
        assert_eq!(c.admin1, Some(d.path().join("admin1CodesASCII.txt")));
        assert_eq!(c.country_info, None);
        assert_eq!(
            c.alternate_names,
            Some(d.path().join("alternateNamesV2.txt.gz"))
        );
        let mut explicit = Companions::default();
        explicit.set(CompanionKind::Admin1, PathBuf::from("/x/a1.txt"));
        let c = explicit.or(c);
        assert_eq!(c.admin1, Some(PathBuf::from("/x/a1.txt")));
        assert!(c.alternate_names.is_some());
    }
}
