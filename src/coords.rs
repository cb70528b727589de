//! Coordinates written in the text: a matching stage beside the name
//! matcher, for the positions that military reports and monitoring groups
//! give instead of (or next to) place names.
//!
//! [`find`] reads these forms, always as a latitude/longitude pair:
//!
//! * degrees, minutes and seconds with symbols or letters: `36°12′N
//!   36°38′E`, `36°12'30"N, 36°38'E`, `36d12m30sN 36d38m00sE`, `N36°12′
//!   E36°38′`;
//! * the same without symbols, separated by spaces or run together:
//!   `36 12 00N 036 38 00E`, `361200N 0363800E`;
//! * degrees and decimal minutes: `36°12.5′N 36°38.25′E`;
//! * decimal degrees with hemisphere letters or words: `35.93N 36.63E`,
//!   `35.93° N, 36.63° E`, `35.9 degrees north, 36.6 degrees east`;
//! * decimal degrees with signs or degree marks (`35.93°, 36.63°`), and
//!   plain "lat, lon" pairs (`-33.86, 151.21`) only where the context says
//!   they are coordinates: after a cue word ("coordinates", "position",
//!   "located at", "GPS", ...), after "at" or "near", or in parentheses,
//!   with at least two decimals each; without a cue, four decimals each
//!   (a degree mark on both counts as one decimal more: temperatures are
//!   written "35.9°, 36.6°" too);
//! * MGRS grid references (`37SBV 12345 67890`, `37S BV 1234 6789`,
//!   `37SBV1234567890`), converted through UTM ([`mgrs_to_latlon`]) to the
//!   south-west corner of the square the reference names, as MGRS means it.
//!
//! Look-alikes are refused: a number glued to letters or dots on the left
//! or right (`v1.2.3`, `2.4.1`, `12.05.2020`), numbers after `:`, `,`, `/`
//! or `-` that follow a digit (times, thousands, scores, page ranges),
//! money and percentages, a third number in a list, times written with a
//! dot (`10.30, 11.45`) after a weak cue, minutes or seconds of 60 or more,
//! and latitudes over 90 or longitudes over 180. An MGRS reference must
//! fall in the latitude band it names.
//!
//! [`Locator`] says which country and first-level division (where the
//! gazetteer has the division's polygon) a point falls in.
//! [`crate::Geoparser::map`] puts both together into [`Coordinate`]s.
//!
//! # Example
//!
//! ```
//! use geomention::coords::{Form, find};
//!
//! let text = "Shelling hit 36°12′N 36°38′E; the patrol was at 37SBV 12345 67890.";
//! let found = find(text);
//! assert_eq!(found.len(), 2);
//! assert_eq!(&text[found[0].start..found[0].end], "36°12′N 36°38′E");
//! assert_eq!(found[0].form, Form::Dms);
//! assert!((found[0].lat - 36.2).abs() < 1e-9);
//! assert_eq!(found[1].form, Form::Mgrs);
//! // Times, versions and scores are not coordinates.
//! assert!(find("At 10.30, 11.45 v2.4.1 won 3-2.").is_empty());
//! ```

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::geom::{self, Pos};

/// How a coordinate was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Degrees, minutes and (optionally) seconds.
    Dms,
    /// Degrees and decimal minutes.
    DecimalMinutes,
    /// Decimal degrees with hemisphere letters, words or degree marks.
    DecimalDegrees,
    /// A plain signed "lat, lon" pair, taken because of its context.
    LatLonPair,
    /// An MGRS grid reference.
    Mgrs,
}

impl Form {
    /// The name used in the mention's `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Dms => "degrees, minutes, seconds",
            Form::DecimalMinutes => "degrees and decimal minutes",
            Form::DecimalDegrees => "decimal degrees",
            Form::LatLonPair => "latitude, longitude pair",
            Form::Mgrs => "MGRS grid reference",
        }
    }
}

/// A coordinate pair found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Latitude in degrees (WGS 84).
    pub lat: f64,
    /// Longitude in degrees (WGS 84).
    pub lon: f64,
    /// How it was written.
    pub form: Form,
}

/// The bytes at which [`find`] looks further: a digit, a sign, a
/// hemisphere letter, or the first byte of a UTF-8 minus sign (`−`).
const MAY_START: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_digit() || matches!(c, b'-' | b'+' | 0xE2 | b'N' | b'S' | b'E' | b'W');
        b += 1;
    }
    t
};

/// Every coordinate pair in `text`, in text order, not overlapping.
pub fn find(text: &str) -> Vec<Found> {
    let t = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // Bytes that cannot start a pair are skipped by a table lookup
        // each (most of a text: the loop below would step over them one
        // at a time).
        match t[i..].iter().position(|&b| MAY_START[usize::from(b)]) {
            Some(k) => i += k,
            None => break,
        }
        let b = t[i];
        // Pre-filter: a pair starts at a digit, a sign or a hemisphere
        // letter, on a boundary.
        let may = b.is_ascii_digit()
            || ((b == b'-' || b == b'+' || b == 0xE2 || matches!(b, b'N' | b'S' | b'E' | b'W'))
                && t.get(i + 1)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b' ' || *c == 0x88));
        if may && left_boundary(t, i) {
            if let Some(f) = mgrs_at(text, i).or_else(|| pair_at(text, i)) {
                out.push(f);
                i = f.end;
                continue;
            }
        }
        // Skip the rest of a digit run: a pair never starts inside one.
        if b.is_ascii_digit() {
            while i < t.len() && t[i].is_ascii_digit() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a number may start at `i`: not glued to a word, a decimal or a
/// digit group on its left ("v1", "2.4", "1,234", "12:30", "3-2", "1/2").
fn left_boundary(t: &[u8], i: usize) -> bool {
    let Some(&p) = i.checked_sub(1).and_then(|j| t.get(j)) else {
        return true;
    };
    if p.is_ascii_alphanumeric() || matches!(p, b'.' | b'_' | b'$' | b'#' | b'@' | b'&') {
        return false;
    }
    // £ € ¥ (their last UTF-8 byte) and other currency marks.
    if i >= 2 && ((t[i - 2] == 0xC2 && matches!(p, 0xA3 | 0xA5)) || (p == 0xAC && t[i - 2] == 0x82))
    {
        return false;
    }
    if matches!(p, b',' | b':' | b'/' | b'-' | b'+' | b'\'') {
        return !(i >= 2 && t[i - 2].is_ascii_digit());
    }
    true
}

/// Whether the text at `i` continues a number or a word (so a number
/// ending at `i` is part of something longer).
fn glued_right(t: &[u8], i: usize) -> bool {
    match t.get(i) {
        None => false,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' || *c == b'%' => true,
        Some(b'.' | b',' | b':' | b'/' | b'-') => t.get(i + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// A decimal number at `i`: value, integer digits, decimals, end.
fn number(t: &[u8], i: usize) -> Option<(f64, usize, usize, usize)> {
    let mut j = i;
    while j < t.len() && t[j].is_ascii_digit() {
        j += 1;
    }
    let int = j - i;
    if int == 0 {
        return None;
    }
    let mut dec = 0;
    if t.get(j) == Some(&b'.') && t.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
        while j < t.len() && t[j].is_ascii_digit() {
            j += 1;
            dec += 1;
        }
    }
    let v: f64 = std::str::from_utf8(&t[i..j]).ok()?.parse().ok()?;
    Some((v, int, dec, j))
}

/// The length of the mark at `i` if it is one of `marks`.
fn mark(t: &[u8], i: usize, marks: &[&str]) -> Option<usize> {
    marks
        .iter()
        .find(|m| t[i.min(t.len())..].starts_with(m.as_bytes()))
        .map(|m| m.len())
}

const DEGREE: &[&str] = &["°", "º", "˚"];
const MINUTE: &[&str] = &["′", "'", "’", "`", "´"];
const SECOND: &[&str] = &["″", "\"", "''", "’’", "”", "′′"];

/// Spaces at `i` (at most `max`), returning the index after them.
fn spaces(t: &[u8], mut i: usize, max: usize) -> usize {
    let mut n = 0;
    while n < max && t.get(i) == Some(&b' ') {
        i += 1;
        n += 1;
    }
    i
}

/// One latitude or longitude as written.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Part {
    start: usize,
    end: usize,
    /// Absolute degrees.
    deg: f64,
    /// Minus sign.
    neg: bool,
    /// `N`, `S`, `E` or `W`.
    hemi: Option<u8>,
    /// Written with a degree mark (or `d`).
    marked: bool,
    /// Degrees, minutes, seconds written (1 to 3).
    fields: u8,
    /// Minutes with decimals.
    decimal_minutes: bool,
    /// Decimals of the degrees (for single-field parts).
    decimals: usize,
    /// Integer digits of the degrees.
    int_digits: usize,
}

/// A hemisphere letter or word at `i`: the letter and the end.
fn hemisphere(t: &[u8], i: usize) -> Option<(u8, usize)> {
    let c = *t.get(i)?;
    for (word, h) in [
        ("north", b'N'),
        ("south", b'S'),
        ("east", b'E'),
        ("west", b'W'),
    ] {
        let end = i + word.len();
        if t.len() >= end
            && t[i..end].eq_ignore_ascii_case(word.as_bytes())
            && !t.get(end).is_some_and(u8::is_ascii_alphanumeric)
        {
            return Some((h, end));
        }
    }
    let h = matches!(c, b'N' | b'S' | b'E' | b'W').then_some(c)?;
    (!t.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)).then_some((h, i + 1))
}

/// A part at `i` with marks: `36°12′30″`, `36d12m30s`, `36.5°`.
fn marked_fields(t: &[u8], p: &mut Part, after_deg: usize) -> Option<usize> {
    let letters = t[after_deg - 1] == b'd' && t[after_deg - 2].is_ascii_digit();
    let (minute, second): (&[&str], &[&str]) = if letters {
        (&["m"], &["s"])
    } else {
        (MINUTE, SECOND)
    };
    let mut end = after_deg;
    if p.decimals > 0 {
        return Some(end);
    }
    let j = spaces(t, end, 1);
    let Some((m, _, mdec, k)) = number(t, j) else {
        return Some(end);
    };
    let Some(ml) = mark(t, k, minute) else {
        return Some(end);
    };
    // A second mark is two minute marks in a row: take the longest.
    if mark(t, k, second).is_some_and(|sl| sl > ml) || m >= 60.0 {
        return if m >= 60.0 { None } else { Some(end) };
    }
    p.deg += m / 60.0;
    p.fields = 2;
    p.decimal_minutes = mdec > 0;
    end = k + ml;
    if mdec > 0 {
        return Some(end);
    }
    let j = spaces(t, end, 1);
    if let Some((s, _, _, k)) = number(t, j) {
        if let Some(sl) = mark(t, k, second) {
            if s >= 60.0 {
                return None;
            }
            p.deg += s / 3600.0;
            p.fields = 3;
            end = k + sl;
        }
    }
    Some(end)
}

/// Degrees, minutes and seconds written as numbers separated by single
/// spaces and ended by a hemisphere (`36 12 00N`), or run together
/// (`361200N`, `0363800E`, `3612N`).
fn bare_fields(t: &[u8], p: &mut Part, int_end: usize) -> Option<usize> {
    // Run together: DDMM[SS] for latitude, DDDMM[SS] for longitude.
    if p.decimals == 0 && matches!(p.int_digits, 4..=7) {
        if let Some((h, _)) = hemisphere(t, int_end) {
            let lat = matches!(h, b'N' | b'S');
            let dd = if lat { 2 } else { 3 };
            if p.int_digits == dd + 2 || p.int_digits == dd + 4 {
                let s = std::str::from_utf8(&t[p.start..int_end]).ok()?;
                let s = s.trim_start_matches(['N', 'S', 'E', 'W', ' ']);
                let deg: f64 = s[..dd].parse().ok()?;
                let min: f64 = s[dd..dd + 2].parse().ok()?;
                let sec: f64 = if s.len() > dd + 2 {
                    s[dd + 2..].parse().ok()?
                } else {
                    0.0
                };
                if min >= 60.0 || sec >= 60.0 {
                    return None;
                }
                p.deg = deg + min / 60.0 + sec / 3600.0;
                p.fields = if s.len() > dd + 2 { 3 } else { 2 };
                return Some(int_end);
            }
        }
    }
    if p.decimals > 0 || p.int_digits > 3 || t.get(int_end) != Some(&b' ') {
        return None;
    }
    let (m, mi, mdec, k) = number(t, int_end + 1)?;
    if mi > 2 || m >= 60.0 {
        return None;
    }
    let (mut fields, mut end, mut extra) = (2, k, 0.0);
    if mdec == 0 && t.get(k) == Some(&b' ') {
        if let Some((s, si, _, k2)) = number(t, k + 1) {
            if si <= 2 && s < 60.0 && hemisphere(t, spaces(t, k2, 1)).is_some() {
                (fields, end, extra) = (3, k2, s / 3600.0);
            }
        }
    }
    // Without marks, the hemisphere must follow (checked by the caller).
    hemisphere(t, spaces(t, end, 1))?;
    p.deg += m / 60.0 + extra;
    p.fields = fields;
    p.decimal_minutes = mdec > 0;
    Some(end)
}

/// One latitude or longitude at `i`.
fn part_at(t: &[u8], i: usize) -> Option<Part> {
    let mut j = i;
    let mut prefix = None;
    if let Some(h @ (b'N' | b'S' | b'E' | b'W')) = t.get(j).copied() {
        let k = spaces(t, j + 1, 1);
        if t.get(k).is_some_and(u8::is_ascii_digit) {
            prefix = Some(h);
            j = k;
        }
    }
    let mut neg = false;
    if prefix.is_none() {
        if matches!(t.get(j), Some(b'-' | b'+')) {
            neg = t[j] == b'-';
            j += 1;
        } else if t[j..].starts_with("−".as_bytes()) {
            neg = true;
            j += "−".len();
        }
    }
    let (deg, int_digits, decimals, k) = number(t, j)?;
    let mut p = Part {
        start: i,
        end: k,
        deg,
        neg,
        hemi: prefix,
        marked: false,
        fields: 1,
        decimal_minutes: false,
        decimals,
        int_digits,
    };
    let dm = mark(t, spaces(t, k, 1), DEGREE).map(|l| spaces(t, k, 1) + l);
    let letter_d = t.get(k) == Some(&b'd') && !t.get(k + 1).is_some_and(u8::is_ascii_alphabetic);
    let end = if let Some(after) = dm.or(letter_d.then_some(k + 1)) {
        p.marked = true;
        marked_fields(t, &mut p, after)?
    } else {
        bare_fields(t, &mut p, k).unwrap_or(k)
    };
    p.end = end;
    finish_part(t, p)
}

/// Reads the hemisphere after a part and checks its right edge.
fn finish_part(t: &[u8], mut p: Part) -> Option<Part> {
    if p.hemi.is_none() {
        let j = spaces(t, p.end, 1);
        let j = match t[j.min(t.len())..].starts_with(b"degrees ") {
            true if !p.marked => {
                p.marked = true;
                j + 8
            }
            _ => j,
        };
        if let Some((h, e)) = hemisphere(t, j) {
            p.hemi = Some(h);
            p.end = e;
        } else if j > p.end && t[p.end..].starts_with(b" degrees") {
            return None;
        }
    }
    if p.neg && p.hemi.is_some() {
        return None;
    }
    // After decimals, ",6" starts the next number, not a digit group; after
    // a letter or a mark ("36.2°N/36.6°E"), only a word continues it.
    let comma_next = t.get(p.end) == Some(&b',') && p.decimals > 0 && p.fields == 1;
    let ends_number = t[p.end - 1].is_ascii_digit();
    let glued = if ends_number {
        glued_right(t, p.end)
    } else {
        t.get(p.end).is_some_and(u8::is_ascii_alphanumeric)
    };
    (comma_next || !glued).then_some(p)
}

/// What separates the two parts of a pair: spaces, at most one of `,`
/// `;` `/` or the word "and", and a longitude label (`long`, `lon:`).
fn separator(t: &[u8], i: usize) -> usize {
    let j = spaces(t, i, 2);
    let k = match t.get(j) {
        Some(b',' | b';' | b'/') => j + 1,
        _ if t[j.min(t.len())..].starts_with(b"and ") => j + 3,
        _ => j,
    };
    let k = spaces(t, k, 2);
    for label in ["longitude", "long", "lng", "lon"] {
        let e = k + label.len();
        if t.len() > e && t[k..e].eq_ignore_ascii_case(label.as_bytes()) {
            let e = if matches!(t[e], b':' | b'.') {
                e + 1
            } else {
                e
            };
            if t.get(e) == Some(&b' ') {
                return spaces(t, e, 2);
            }
        }
    }
    k
}

/// A latitude/longitude pair starting at `i`.
fn pair_at(text: &str, i: usize) -> Option<Found> {
    let t = text.as_bytes();
    let a = part_at(t, i)?;
    let j = separator(t, a.end);
    if j == a.end {
        return None;
    }
    let b = part_at(t, j)?;
    let (lat, lon, form) = match (a.hemi, b.hemi) {
        (Some(ha), Some(hb)) => hemisphere_pair(&a, ha, &b, hb)?,
        (None, None) => signed_pair(text, &a, &b)?,
        _ => return None,
    };
    Some(Found {
        start: a.start,
        end: b.end,
        lat,
        lon,
        form,
    })
}

fn form_of(a: &Part, b: &Part) -> Form {
    if a.decimal_minutes || b.decimal_minutes {
        Form::DecimalMinutes
    } else if a.fields > 1 || b.fields > 1 {
        Form::Dms
    } else {
        Form::DecimalDegrees
    }
}

/// `36°12′N 36°38′E`, `35.93N 36.63E`, in either order.
fn hemisphere_pair(a: &Part, ha: u8, b: &Part, hb: u8) -> Option<(f64, f64, Form)> {
    let is_lat = |h: u8| matches!(h, b'N' | b'S');
    if is_lat(ha) == is_lat(hb) {
        return None;
    }
    // A bare integer with a letter ("5N 3E", "Route 66 N") is not enough.
    let weak = |p: &Part| !p.marked && p.fields == 1 && p.decimals == 0;
    if weak(a) || weak(b) {
        return None;
    }
    let (la, lo) = if is_lat(ha) {
        ((a, ha), (b, hb))
    } else {
        ((b, hb), (a, ha))
    };
    let lat = if la.1 == b'S' { -la.0.deg } else { la.0.deg };
    let lon = if lo.1 == b'W' { -lo.0.deg } else { lo.0.deg };
    in_range(lat, lon).then_some((lat, lon, form_of(a, b)))
}

fn in_range(lat: f64, lon: f64) -> bool {
    lat.abs() <= 90.0 && lon.abs() <= 180.0
}

/// Words that say the numbers after them are coordinates.
const STRONG_CUES: &[&str] = &[
    "coordinates",
    "coordinate",
    "co-ordinates",
    "coords",
    "position",
    "positions",
    "positioned",
    "located",
    "location",
    "latitude",
    "longitude",
    "lat/lon",
    "lat/long",
    "lat",
    "gps",
    "geolocated",
    "geolocation",
    "waypoint",
    "grid",
];

/// Words that may introduce a position but also a time or a price.
const WEAK_CUES: &[&str] = &["at", "near", "to", "from", "around"];

/// How strongly the text before `start` says a coordinate follows:
/// 2 for a cue word among the three words before, 1 for a weak cue right
/// before or an opening parenthesis, 0 for none.
fn cue(text: &str, start: usize) -> u8 {
    let before = &text[..start];
    let trimmed = before.trim_end();
    if trimmed.ends_with(['(', '[']) {
        return 1;
    }
    let words: Vec<String> = trimmed
        .rsplit(char::is_whitespace)
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '-')
                .to_lowercase()
        })
        .collect();
    if words.iter().any(|w| STRONG_CUES.contains(&w.as_str())) {
        return 2;
    }
    match words.first() {
        Some(w) if WEAK_CUES.contains(&w.as_str()) => 1,
        _ => 0,
    }
}

/// Whether a number list, a unit or money follows the pair end.
fn bad_tail(t: &[u8], end: usize) -> bool {
    let j = spaces(t, end, 1);
    let rest = &t[j.min(t.len())..];
    let next = separator(t, end);
    if next > end && t.get(next).is_some_and(u8::is_ascii_digit) {
        return true;
    }
    let lower: Vec<u8> = rest.iter().take(12).map(u8::to_ascii_lowercase).collect();
    [
        "%", "per", "km", "mi", "m ", "kg", "mm", "cm", "million", "billion", "points", "pts",
        "dollars", "euros", "pounds", "usd", "eur", "gbp", "am", "pm", "h ", "hrs", "hours",
        "metre", "meter", "feet", "ft", "tonnes", "tons", "degrees",
    ]
    .iter()
    .any(|u| lower.starts_with(u.as_bytes()))
}

/// A signed pair (`-33.8688, 151.2093`) or a pair with degree marks
/// (`35.93°, 36.63°`), only where the context says so.
fn signed_pair(text: &str, a: &Part, b: &Part) -> Option<(f64, f64, Form)> {
    if a.fields > 1 || b.fields > 1 || a.int_digits > 2 || b.int_digits > 3 {
        return None;
    }
    let t = text.as_bytes();
    if bad_tail(t, b.end) {
        return None;
    }
    let between = &text[a.end..b.start];
    let comma = between.contains(',');
    let decimals = a.decimals.min(b.decimals);
    let marked = a.marked && b.marked;
    // Degree marks alone also write temperatures ("35.9°, 36.6°"): they
    // lower the decimals needed by one, not the need for a cue.
    let need = |n: usize| decimals + usize::from(marked) >= n;
    let ok = match cue(text, a.start) {
        2 => need(2),
        1 => need(2) && comma && (marked || !(time_like(a) && time_like(b))),
        // Without a cue, two fractions ("0.9261, 0.8703") are scores or
        // ratios far more often than a point in the Gulf of Guinea.
        _ => need(4) && comma && (a.deg >= 1.0 || b.deg >= 1.0),
    };
    if !ok {
        return None;
    }
    let lat = if a.neg { -a.deg } else { a.deg };
    let lon = if b.neg { -b.deg } else { b.deg };
    let form = if marked {
        Form::DecimalDegrees
    } else {
        Form::LatLonPair
    };
    in_range(lat, lon).then_some((lat, lon, form))
}

/// `10.30`: hours and minutes written with a dot.
fn time_like(p: &Part) -> bool {
    p.decimals == 2 && !p.neg && p.deg < 24.0 && (p.deg.fract() * 100.0).round() < 60.0
}

// ---------------------------------------------------------------------
// MGRS and UTM.

/// Latitude bands C..X (8° each, X 12°).
const BANDS: &[u8] = b"CDEFGHJKLMNPQRSTUVWX";
/// 100 km column letters for zone sets 1..3 (then repeating).
const COLUMNS: [&[u8]; 3] = [b"ABCDEFGH", b"JKLMNPQR", b"STUVWXYZ"];
/// 100 km row letters (odd zones; even zones start at F).
const ROWS: &[u8] = b"ABCDEFGHJKLMNPQRSTUV";

/// An MGRS reference at `i`.
fn mgrs_at(text: &str, i: usize) -> Option<Found> {
    let t = text.as_bytes();
    let (zone, _, zdec, mut j) = number(t, i)?;
    if zdec > 0 || j - i > 2 || !(1.0..=60.0).contains(&zone) {
        return None;
    }
    let band = *t.get(j)?;
    BANDS.iter().position(|&b| b == band)?;
    j = spaces(t, j + 1, 1);
    let (col, row) = (*t.get(j)?, *t.get(j + 1)?);
    if !col.is_ascii_uppercase() || !row.is_ascii_uppercase() {
        return None;
    }
    j = spaces(t, j + 2, 1);
    let (e, n, end) = mgrs_digits(t, j)?;
    if glued_right(t, end) {
        return None;
    }
    let (lat, lon) = mgrs_to_latlon(zone as u8, band, col, row, e, n)?;
    Some(Found {
        start: i,
        end,
        lat,
        lon,
        form: Form::Mgrs,
    })
}

/// The easting and northing digits of an MGRS reference: one run of an
/// even length, or two runs of equal length split by one space; 2 to 5
/// digits each. Returns them as metres within the square.
fn mgrs_digits(t: &[u8], j: usize) -> Option<(f64, f64, usize)> {
    let run = |k: usize| t[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let r1 = run(j);
    let (es, ns, d, end) =
        if (2..=5).contains(&r1) && t.get(j + r1) == Some(&b' ') && run(j + r1 + 1) == r1 {
            let k = j + r1 + 1;
            (&t[j..j + r1], &t[k..k + r1], r1, k + r1)
        } else if r1 >= 4 && r1 % 2 == 0 && r1 <= 10 {
            let d = r1 / 2;
            (&t[j..j + d], &t[j + d..j + r1], d, j + r1)
        } else {
            return None;
        };
    let scale = 10f64.powi(5 - d as i32);
    let e: f64 = std::str::from_utf8(es).ok()?.parse().ok()?;
    let n: f64 = std::str::from_utf8(ns).ok()?.parse().ok()?;
    Some((e * scale, n * scale, end))
}

/// Converts an MGRS reference (zone, band, 100 km column and row letters,
/// easting and northing in metres within the square) to latitude and
/// longitude: the south-west corner of the square the digits name.
/// `None` when a letter is invalid or the point is outside its band.
pub fn mgrs_to_latlon(zone: u8, band: u8, col: u8, row: u8, e: f64, n: f64) -> Option<(f64, f64)> {
    let bi = BANDS.iter().position(|&b| b == band)?;
    let set = (zone as usize - 1) % 3;
    let ci = COLUMNS[set].iter().position(|&c| c == col)?;
    let mut ri = ROWS.iter().position(|&r| r == row)?;
    if zone % 2 == 0 {
        ri = (ri + ROWS.len() - 5) % ROWS.len();
    }
    let easting = (ci + 1) as f64 * 100_000.0 + e;
    let north = band >= b'N';
    let band_lat = -80.0 + 8.0 * bi as f64;
    // Northing of the band's bottom (on the central meridian), to the
    // 100 km below; rows repeat every 2,000 km.
    let (_, band_n) = latlon_to_utm(band_lat, 0.0, 0.0);
    let band_n = (band_n / 100_000.0).floor() * 100_000.0;
    let mut northing = ri as f64 * 100_000.0 + n;
    while northing < band_n {
        northing += 2_000_000.0;
    }
    let (lat, lon) = utm_to_latlon(zone, north, easting, northing)?;
    let top = if band == b'X' { 84.0 } else { band_lat + 8.0 };
    // The digits name a square whose corner may lie just below the band.
    (lat >= band_lat - 0.5 && lat <= top + 0.5).then_some((lat, lon))
}

const UTM_K0: f64 = 0.9996;
const WGS84_A: f64 = 6_378_137.0;
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// n, the rectifying radius A, and e of WGS 84.
fn ellipsoid() -> (f64, f64, f64) {
    let n = WGS84_F / (2.0 - WGS84_F);
    let (n2, n4, n6) = (n * n, n.powi(4), n.powi(6));
    let a = WGS84_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
    (n, a, (WGS84_F * (2.0 - WGS84_F)).sqrt())
}

/// Krüger series coefficients (Karney 2011): forward α, inverse β.
fn kruger(n: f64) -> ([f64; 6], [f64; 6]) {
    let p = |k: i32| n.powi(k);
    let alpha = [
        n / 2.0 - 2.0 / 3.0 * p(2) + 5.0 / 16.0 * p(3) + 41.0 / 180.0 * p(4) - 127.0 / 288.0 * p(5)
            + 7891.0 / 37800.0 * p(6),
        13.0 / 48.0 * p(2) - 3.0 / 5.0 * p(3) + 557.0 / 1440.0 * p(4) + 281.0 / 630.0 * p(5)
            - 1983433.0 / 1935360.0 * p(6),
        61.0 / 240.0 * p(3) - 103.0 / 140.0 * p(4)
            + 15061.0 / 26880.0 * p(5)
            + 167603.0 / 181440.0 * p(6),
        49561.0 / 161280.0 * p(4) - 179.0 / 168.0 * p(5) + 6601661.0 / 7257600.0 * p(6),
        34729.0 / 80640.0 * p(5) - 3418889.0 / 1995840.0 * p(6),
        212378941.0 / 319334400.0 * p(6),
    ];
    let beta = [
        n / 2.0 - 2.0 / 3.0 * p(2) + 37.0 / 96.0 * p(3) - 1.0 / 360.0 * p(4) - 81.0 / 512.0 * p(5)
            + 96199.0 / 604800.0 * p(6),
        1.0 / 48.0 * p(2) + 1.0 / 15.0 * p(3) - 437.0 / 1440.0 * p(4) + 46.0 / 105.0 * p(5)
            - 1118711.0 / 3870720.0 * p(6),
        17.0 / 480.0 * p(3) - 37.0 / 840.0 * p(4) - 209.0 / 4480.0 * p(5) + 5569.0 / 90720.0 * p(6),
        4397.0 / 161280.0 * p(4) - 11.0 / 504.0 * p(5) - 830251.0 / 7257600.0 * p(6),
        4583.0 / 161280.0 * p(5) - 108847.0 / 3991680.0 * p(6),
        20648693.0 / 638668800.0 * p(6),
    ];
    (alpha, beta)
}

/// Transverse Mercator easting and northing (UTM scale and false
/// origin, false northing for the southern hemisphere) of a point, with
/// `lon0` the central meridian.
pub fn latlon_to_utm(lat: f64, lon: f64, lon0: f64) -> (f64, f64) {
    let (n, a, e) = ellipsoid();
    let (alpha, _) = kruger(n);
    let phi = lat.to_radians();
    let lam = (lon - lon0).to_radians();
    let tau = phi.tan();
    let sigma = (e * (e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
    let taup = tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt();
    let xip = taup.atan2(lam.cos());
    let etap = (lam.sin() / (taup * taup + lam.cos() * lam.cos()).sqrt()).asinh();
    let (mut xi, mut eta) = (xip, etap);
    for (j, al) in alpha.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        xi += al * (k * xip).sin() * (k * etap).cosh();
        eta += al * (k * xip).cos() * (k * etap).sinh();
    }
    let x = UTM_K0 * a * eta + 500_000.0;
    let y = UTM_K0 * a * xi + if lat < 0.0 { 10_000_000.0 } else { 0.0 };
    (x, y)
}

/// Latitude and longitude of a UTM position; `None` when it is outside
/// any sensible zone extent.
pub fn utm_to_latlon(zone: u8, north: bool, easting: f64, northing: f64) -> Option<(f64, f64)> {
    if !(1..=60).contains(&zone) || !(100_000.0..=900_000.0).contains(&easting) {
        return None;
    }
    let (n, a, e) = ellipsoid();
    let (_, beta) = kruger(n);
    let x = easting - 500_000.0;
    let y = if north {
        northing
    } else {
        northing - 10_000_000.0
    };
    let (eta, xi) = (x / (UTM_K0 * a), y / (UTM_K0 * a));
    let (mut xip, mut etap) = (xi, eta);
    for (j, b) in beta.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        xip -= b * (k * xi).sin() * (k * eta).cosh();
        etap -= b * (k * xi).cos() * (k * eta).sinh();
    }
    let (sinh_etap, cos_xip) = (etap.sinh(), xip.cos());
    let taup = xip.sin() / (sinh_etap * sinh_etap + cos_xip * cos_xip).sqrt();
    let e2 = e * e;
    let mut tau = taup;
    for _ in 0..20 {
        let sigma = (e * (e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
        let taui = tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt();
        let d = (taup - taui) / (1.0 + taui * taui).sqrt() * (1.0 + (1.0 - e2) * tau * tau)
            / ((1.0 - e2) * (1.0 + tau * tau).sqrt());
        tau += d;
        if d.abs() < 1e-12 {
            break;
        }
    }
    let lat = tau.atan().to_degrees();
    let lon0 = (zone as f64 - 1.0) * 6.0 - 180.0 + 3.0;
    let lon = sinh_etap.atan2(cos_xip).to_degrees() + lon0;
    let lon = if lon > 180.0 { lon - 360.0 } else { lon };
    (lat.abs() <= 90.0).then_some((lat, lon))
}

// ---------------------------------------------------------------------
// Which place a point falls in.

/// One polygon of the gazetteer (a country or a first-level division),
/// read from its GeoJSON the first time a point falls near it.
#[derive(Clone)]
struct Area<'g> {
    place: PlaceId,
    /// The place's country code.
    cc: &'g str,
    /// A box that holds every position of the outline ([`hint`]): the
    /// bbox of the geometry summary stored in the index (checked against
    /// the outline when an index file is loaded). A point outside it grown
    /// by the distance asked for is outside the polygons' own bbox grown
    /// alike.
    hint: [f64; 4],
    /// The outline's GeoJSON.
    json: &'g str,
    /// The outline, parsed on first need: `None` when it does not parse
    /// or holds no polygon (the place then has no polygon to test).
    parsed: std::sync::OnceLock<Option<Outline>>,
}

/// A parsed outline and the bbox of its positions.
#[derive(Clone)]
struct Outline {
    bbox: [f64; 4],
    polygons: geom::PolygonSet,
}

/// Whether `p` is in `bbox` grown by `km`.
fn near_bbox(bbox: &[f64; 4], p: Pos, km: f64) -> bool {
    let dlat = km / 110.574;
    let dlon = km / (111.320 * p[1].to_radians().cos().max(0.01));
    p[0] >= bbox[0] - dlon
        && p[0] <= bbox[2] + dlon
        && p[1] >= bbox[1] - dlat
        && p[1] <= bbox[3] + dlat
}

impl Area<'_> {
    /// The outline, parsed the first time it is asked for.
    fn outline(&self) -> Option<&Outline> {
        let parse = || {
            let (polygons, bbox) = geom::PolygonSet::parse(self.json).ok()?;
            (!polygons.is_empty()).then_some(Outline { bbox, polygons })
        };
        self.parsed.get_or_init(parse).as_ref()
    }

    /// The outline, if `p` is in its bbox grown by `km` (parsed only when
    /// `p` is in the hint grown alike).
    fn near(&self, p: Pos, km: f64) -> Option<&Outline> {
        if !near_bbox(&self.hint, p, km) {
            return None;
        }
        self.outline().filter(|o| near_bbox(&o.bbox, p, km))
    }

    fn contains(&self, p: Pos) -> bool {
        self.near(p, 0.0).is_some_and(|o| o.polygons.contains(p))
    }
}

impl Outline {
    /// The distance in km from `p` to the nearest edge (a local flat
    /// approximation, good to a few metres over the tens of km it is
    /// used for).
    fn edge_km(&self, p: Pos) -> f64 {
        let kx = 111.320 * p[1].to_radians().cos();
        let ky = 110.574;
        let xy = |q: &Pos| ((q[0] - p[0]) * kx, (q[1] - p[1]) * ky);
        let mut best = f64::INFINITY;
        for ring in self.polygons.rings() {
            for w in ring.windows(2) {
                let ((ax, ay), (bx, by)) = (xy(&w[0]), xy(&w[1]));
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 {
                    (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                best = best.min((ax + t * dx).hypot(ay + t * dy));
            }
        }
        best
    }
}

/// How far outside an outline (km) a point still belongs to it: the
/// gazetteer's outlines are at 1:50m, so a point on the shore or on a
/// pier can fall just outside its country's coastline.
pub const SHORE_KM: f64 = 10.0;

/// Where a point falls.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Located {
    /// The country whose outline holds the point (or lies within
    /// [`SHORE_KM`] of it).
    pub country: Option<PlaceId>,
    /// The first-level division, the same way.
    pub admin1: Option<PlaceId>,
    /// How far outside the outline the point is (0 inside).
    pub outside_km: f64,
}

/// The countries and first-level divisions of a gazetteer that have
/// polygons, to say which of them a point falls in.
#[derive(Clone, Default)]
pub struct Locator<'g> {
    countries: Vec<Area<'g>>,
    divisions: Vec<Area<'g>>,
}

impl std::fmt::Debug for Locator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locator")
            .field("countries", &self.countries.len())
            .field("divisions", &self.divisions.len())
            .finish()
    }
}

impl<'g> Locator<'g> {
    /// The countries and first-level divisions that have a geometry (a
    /// place an upper layer redefines is left out). An outline is parsed
    /// the first time a point falls in the box its summary stores (one
    /// that does not parse then counts as no polygon): most runs locate a
    /// few points, and parsing every outline up front held about 9 MB of
    /// positions and kept 8 MB more of the embedded index resident for
    /// the whole run. The places are the gazetteer's list of them
    /// ([`Gazetteer::areas`]), not a scan of every record.
    pub fn new(gaz: &'g Gazetteer) -> Locator<'g> {
        let mut loc = Locator::default();
        for id in gaz.areas() {
            let p = gaz.place(id);
            let list = match p.kind() {
                Kind::Country => &mut loc.countries,
                Kind::Admin1 => &mut loc.divisions,
                _ => continue,
            };
            let Some(json) = p.geometry_json() else {
                continue;
            };
            if gaz.is_shadowed(id) {
                continue;
            }
            list.push(Area {
                place: id,
                cc: p.country(),
                hint: hint(p.geometry_summary()),
                json,
                parsed: std::sync::OnceLock::new(),
            });
        }
        loc
    }

    /// The country and the first-level division whose polygons hold the
    /// point (user layers, which come last, first). A point outside every
    /// country outline takes the nearest country within [`SHORE_KM`]; a
    /// point in a country but outside its divisions' polygons takes the
    /// nearest division of that country within [`SHORE_KM`].
    pub fn locate(&self, lat: f64, lon: f64) -> Located {
        let p: Pos = [lon, lat];
        let mut out = Located::default();
        let mut cc = None;
        if let Some(a) = self.countries.iter().rev().find(|a| a.contains(p)) {
            (out.country, cc) = (Some(a.place), Some(a.cc));
        }
        if let Some(a) = self.divisions.iter().rev().find(|a| a.contains(p)) {
            out.admin1 = Some(a.place);
            // Division polygons are finer than the 1:50m country outlines:
            // near a border, the division's country wins.
            if cc != Some(a.cc) {
                out.country = (self.countries.iter().rev())
                    .find(|c| c.cc == a.cc && c.outline().is_some())
                    .map(|c| c.place);
            }
            return out;
        }
        if out.country.is_none() {
            if let Some((a, km)) = nearest(&self.countries, p, |_| true) {
                (out.country, cc, out.outside_km) = (Some(a.place), Some(a.cc), km);
            }
        }
        if let Some(cc) = cc {
            if let Some((a, km)) = nearest(&self.divisions, p, |a| a.cc == cc) {
                (out.admin1, out.outside_km) = (Some(a.place), out.outside_km.max(km));
            }
        }
        out
    }
}

/// The box [`Area::hint`] holds for a place with this geometry summary:
/// its bbox, with every longitude when it crosses the antimeridian (west
/// past east), or every position when there is no summary or its bbox is
/// not a box.
fn hint(summary: Option<geom::Summary>) -> [f64; 4] {
    let inf = f64::INFINITY;
    let bbox = summary.map(|s| s.bbox);
    match bbox.filter(|b| b.iter().all(|v| v.is_finite()) && b[1] <= b[3]) {
        Some(b) if b[0] <= b[2] => b,
        Some(b) => [-inf, b[1], inf, b[3]],
        None => [-inf, -inf, inf, inf],
    }
}

/// The area nearest to `p` within [`SHORE_KM`] among those `keep` takes.
fn nearest<'a, 'g>(
    areas: &'a [Area<'g>],
    p: Pos,
    keep: impl Fn(&Area) -> bool,
) -> Option<(&'a Area<'g>, f64)> {
    areas
        .iter()
        .filter(|a| keep(a))
        .filter_map(|a| a.near(p, SHORE_KM).map(|o| (a, o.edge_km(p))))
        .filter(|(_, km)| *km <= SHORE_KM)
        .min_by(|x, y| x.1.total_cmp(&y.1))
}

/// A coordinate mention: a pair found in a document, with the country and
/// first-level division it falls in.
#[derive(Debug, Clone, PartialEq)]
pub struct Coordinate {
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// Unicode code point offset of the start.
    pub char_start: usize,
    /// Unicode code point offset just past the end.
    pub char_end: usize,
    /// The text as written.
    pub text: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// How it was written.
    pub form: Form,
    /// The country whose outline holds the point.
    pub country: Option<PlaceId>,
    /// The first-level division whose polygon holds the point.
    pub admin1: Option<PlaceId>,
    /// How far outside those outlines the point is, in km (0 inside; at
    /// most [`SHORE_KM`]).
    pub outside_km: f64,
}

impl Coordinate {
    /// Turns found pairs into located coordinate mentions.
    pub fn locate_all(text: &str, found: Vec<Found>, locator: &Locator) -> Vec<Coordinate> {
        let mut chars = 0;
        let mut at = 0;
        let mut out = Vec::with_capacity(found.len());
        for f in found {
            chars += text[at..f.start].chars().count();
            let char_start = chars;
            chars += text[f.start..f.end].chars().count();
            at = f.end;
            let at_place = locator.locate(f.lat, f.lon);
            out.push(Coordinate {
                start: f.start,
                end: f.end,
                char_start,
                char_end: chars,
                text: text[f.start..f.end].to_string(),
                lat: f.lat,
                lon: f.lon,
                form: f.form,
                country: at_place.country,
                admin1: at_place.admin1,
                outside_km: at_place.outside_km,
            });
        }
        out
    }

    /// The stable synthetic place id: `coord:36.200000,36.633333`.
    pub fn place_id(&self) -> String {
        format!("coord:{:.6},{:.6}", self.lat + 0.0, self.lon + 0.0)
    }

    /// The ISO code of the country the point falls in (empty when none).
    pub fn country_code<'g>(&self, gaz: &'g Gazetteer) -> &'g str {
        self.country
            .or(self.admin1)
            .map(|p| gaz.place(p).country())
            .unwrap_or("")
    }

    /// The first-level division's name (empty when none).
    pub fn admin1_name<'g>(&self, gaz: &'g Gazetteer) -> &'g str {
        self.admin1.map(|p| gaz.place(p).name()).unwrap_or("")
    }

    /// Where the point falls: `Idlib, SY`, `SY`, or empty.
    pub fn within(&self, gaz: &Gazetteer) -> String {
        let cc = self.country_code(gaz);
        match (self.admin1_name(gaz), cc) {
            ("", cc) => cc.to_string(),
            (a, "") => a.to_string(),
            (a, cc) => format!("{a}, {cc}"),
        }
    }

    /// The display name: `36.2000° N, 36.6333° E (Idlib, SY)`.
    pub fn name(&self, gaz: &Gazetteer) -> String {
        let ns = if self.lat < 0.0 { 'S' } else { 'N' };
        let ew = if self.lon < 0.0 { 'W' } else { 'E' };
        let base = format!("{:.4}° {ns}, {:.4}° {ew}", self.lat.abs(), self.lon.abs());
        match self.within(gaz) {
            w if w.is_empty() => base,
            w => format!("{base} ({w})"),
        }
    }

    /// Why it is a mention, and where it falls.
    pub fn reason(&self, gaz: &Gazetteer) -> String {
        let w = self.within(gaz);
        let place = if w.is_empty() {
            "outside every country outline of the gazetteer".to_string()
        } else if self.outside_km > 0.0 {
            format!("in {w} ({:.1} km outside its outline)", self.outside_km)
        } else {
            format!("in {w}")
        };
        format!("coordinate written as {}, {place}", self.form.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one pair found in `text`, as (lat, lon, form).
    fn one(text: &str) -> (f64, f64, Form) {
        let f = find(text);
        assert_eq!(f.len(), 1, "{text:?}: {f:?}");
        (f[0].lat, f[0].lon, f[0].form)
    }

    /// Asserts the one pair of `text` is within 1e-6° of (lat, lon) and
    /// of the given form.
    macro_rules! t {
        ($text:expr, $lat:expr, $lon:expr, $form:expr) => {{
            let (lat, lon, form) = one($text);
            assert!(
                (lat - $lat).abs() < 1e-6 && (lon - $lon).abs() < 1e-6,
                "{:?}: got {lat}, {lon}",
                $text
            );
            assert_eq!(form, $form, "{:?}", $text);
        }};
    }

    #[test]
    fn degrees_minutes_seconds() {
        let (lat, lon) = (36.0 + 12.0 / 60.0, 36.0 + 38.0 / 60.0);
        t!("at 36°12′N 36°38′E.", lat, lon, Form::Dms);
        t!("at 36°12'N, 36°38'E", lat, lon, Form::Dms);
        t!("36 12 00N 036 38 00E", lat, lon, Form::Dms);
        t!("361200N 0363800E", lat, lon, Form::Dms);
        t!("36d12m00sN 36d38m00sE", lat, lon, Form::Dms);
        t!("N36°12′ E36°38′", lat, lon, Form::Dms);
        t!("36° 12′ N / 36° 38′ E", lat, lon, Form::Dms);
        t!("36°38′E 36°12′N", lat, lon, Form::Dms);
        t!(
            "33°51′35.9″S 151°12′40″E",
            -(33.0 + 51.0 / 60.0 + 35.9 / 3600.0),
            151.0 + 12.0 / 60.0 + 40.0 / 3600.0,
            Form::Dms
        );
        t!(
            "40°26'46\"N 79°58'56\"W",
            40.0 + 26.0 / 60.0 + 46.0 / 3600.0,
            -(79.0 + 58.0 / 60.0 + 56.0 / 3600.0),
            Form::Dms
        );
    }

    #[test]
    fn decimal_minutes_and_degrees() {
        t!(
            "36°12.5′N 36°38.25′E",
            36.0 + 12.5 / 60.0,
            36.0 + 38.25 / 60.0,
            Form::DecimalMinutes
        );
        t!("35.93N 36.63E", 35.93, 36.63, Form::DecimalDegrees);
        t!("35.93° N, 36.63° E", 35.93, 36.63, Form::DecimalDegrees);
        t!("N35.93 E36.63", 35.93, 36.63, Form::DecimalDegrees);
        t!(
            "35.9 degrees north, 36.6 degrees east",
            35.9,
            36.6,
            Form::DecimalDegrees
        );
        t!("12.5S, 45.25W", -12.5, -45.25, Form::DecimalDegrees);
        t!("at 35.93°, 36.63°", 35.93, 36.63, Form::DecimalDegrees);
    }

    #[test]
    fn plain_pairs_need_context() {
        t!(
            "the coordinates 35.93, 36.63",
            35.93,
            36.63,
            Form::LatLonPair
        );
        t!("GPS: -33.86, 151.21", -33.86, 151.21, Form::LatLonPair);
        t!(
            "the site (35.931, 36.632) was hit",
            35.931,
            36.632,
            Form::LatLonPair
        );
        t!(
            "hit at 35.9312, 36.6321 overnight",
            35.9312,
            36.6321,
            Form::LatLonPair
        );
        t!(
            "a point -33.8688, 151.2093 in the list",
            -33.8688,
            151.2093,
            Form::LatLonPair
        );
        for no in [
            "shares rose 35.93, 36.63 and 37.10",
            "it closed at 35.93, 36.63, 37.01",
            "he scored 35.93, 36.63",
            "the meeting ran from 10.30, 11.45",
            "at 10.30, 11.45 the guns fell silent",
            "Prices: $35.93, $36.63",
            "rates of 3.25, 3.50 per cent",
            "version 2.4.1, 2.4.2",
            "on 12.05.2020, 13.05.2020",
            "version v1.2.3 and 1.2.4",
            "the score was 3-2, 4-1",
            "pages 35-36, 41-49",
            "call +963 11 234 5678",
            "at 12:30, 14:45",
            "the coordinates 135.93, 36.63",
            "the coordinates 95.93, 36.63",
            "at 36°72′N 36°38′E",
            "at 1,234.56, 2,345.67",
            "the model scored 0.9261, 0.8703 on the two tests",
            "highs of 35.9°, 36.6° on Monday",
        ] {
            assert!(find(no).is_empty(), "{no:?}: {:?}", find(no));
        }
    }

    #[test]
    fn labels_spaces_and_other_marks() {
        t!(
            "at lat. 35.93 N, long. 36.63 E",
            35.93,
            36.63,
            Form::DecimalDegrees
        );
        t!(
            "latitude 35.9312, longitude 36.6321",
            35.9312,
            36.6321,
            Form::LatLonPair
        );
        t!(
            "Coordinates: 35.9312,36.6321.",
            35.9312,
            36.6321,
            Form::LatLonPair
        );
        t!("GPS +35.9312, +36.6321", 35.9312, 36.6321, Form::LatLonPair);
        t!(
            "N 35° 55.833' E 036° 38.033'",
            35.0 + 55.833 / 60.0,
            36.0 + 38.033 / 60.0,
            Form::DecimalMinutes
        );
        t!(
            "at 35º55'50\"N 36º38'02\"E",
            35.0 + 55.0 / 60.0 + 50.0 / 3600.0,
            36.0 + 38.0 / 60.0 + 2.0 / 3600.0,
            Form::Dms
        );
        t!("camp (36.2°N/36.6°E)", 36.2, 36.6, Form::DecimalDegrees);
        t!(
            "camp at 36 12N 036 38E",
            36.2,
            36.0 + 38.0 / 60.0,
            Form::Dms
        );
        assert!(find("at 48°35′43″ N 37°59′60″ E").is_empty(), "60 seconds");
    }

    #[test]
    fn hemisphere_integers_are_not_enough() {
        for no in ["Route 5 N, 3 E", "the 5N 3E bus", "36 N 36 E"] {
            assert!(find(no).is_empty(), "{no:?}: {:?}", find(no));
        }
    }

    #[test]
    fn spans_are_the_written_text() {
        let text = "Strikes hit (36°12′N 36°38′E) at dawn.";
        let f = find(text);
        assert_eq!(&text[f[0].start..f[0].end], "36°12′N 36°38′E");
        let text = "near 35.93N 36.63E.";
        let f = find(text);
        assert_eq!(&text[f[0].start..f[0].end], "35.93N 36.63E");
    }

    #[test]
    fn mgrs_washington_monument() {
        // Wikipedia's MGRS example; the monument is at 38.889500 N,
        // 77.035197 W (PROJ, from UTM 18N 323487 E 4306483 N).
        for text in ["18S UJ 23487 06483", "18SUJ2348706483", "18SUJ 23487 06483"] {
            let (lat, lon, form) = one(text);
            assert_eq!(form, Form::Mgrs);
            assert!((lat - 38.889_500).abs() < 2e-6, "{text}: {lat}");
            assert!((lon + 77.035_197).abs() < 2e-6, "{text}: {lon}");
        }
        // PROJ: UTM 4N 612345 E 2367890 N is 21.409797 N, 157.916081 W.
        let (lat, lon, _) = one("4QFJ 12345 67890");
        assert!((lat - 21.409_797).abs() < 2e-6 && (lon + 157.916_081).abs() < 2e-6);
        // Four digits: the south-west corner of the 10 m square.
        let (lat, lon, _) = one("18S UJ 2348 0648");
        assert!((lat - 38.8895).abs() < 2e-4 && (lon + 77.0352).abs() < 2e-4);
    }

    #[test]
    fn mgrs_southern_and_band_checks() {
        // Nairobi: UTM 37S (south) 257634 E 9857079 N (PROJ) is 37M BU
        // 57634 57079.
        let (lat, lon, _) = one("37M BU 57634 57079");
        assert!(
            (lat + 1.2921).abs() < 2e-5 && (lon - 36.8219).abs() < 2e-5,
            "{lat} {lon}"
        );
        // The same square in band X (72-84 N) would lie at 70.8 N.
        assert!(find("37X BU 57634 57079").is_empty());
        for no in [
            "12MB 1024",
            "3TB 1234 567",
            "4GB RAM 2048",
            "37SBV 123 4567",
        ] {
            assert!(find(no).is_empty(), "{no:?}: {:?}", find(no));
        }
    }

    #[test]
    fn utm_round_trip() {
        for (lat, lon) in [
            (36.2f64, 36.6333f64),
            (-33.86, 151.21),
            (64.1, -21.9),
            (0.0, 3.0),
        ] {
            let zone = ((lon + 180.0) / 6.0).floor() as u8 + 1;
            let lon0 = (zone as f64 - 1.0) * 6.0 - 177.0;
            let (e, n) = latlon_to_utm(lat, lon, lon0);
            let (la, lo) = utm_to_latlon(zone, lat >= 0.0, e, n).unwrap();
            assert!((la - lat).abs() < 1e-9 && (lo - lon).abs() < 1e-9);
        }
        // PROJ: 36.2 N, 36.6333 E is 287216.39 E 4008728.14 N in zone 37.
        let (e, n) = latlon_to_utm(36.2, 36.6333, 39.0);
        assert!((e - 287_216.390).abs() < 0.01 && (n - 4_008_728.137).abs() < 0.01);
    }

    #[test]
    fn several_in_one_text() {
        let text = "From 36°12′N 36°38′E to 36°20′N 36°50′E, then grid 37S BV 1234 6789.";
        assert_eq!(find(text).len(), 3, "{:?}", find(text));
    }

    #[test]
    fn located_in_country_and_division() {
        let gaz = Gazetteer::embedded().unwrap();
        let loc = Locator::new(&gaz);
        let text = "Hits at 35.93N 36.63E, 40.75N 73.99W and 34.0N 20.0E.";
        let c = Coordinate::locate_all(text, find(text), &loc);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].name(&gaz), "35.9300° N, 36.6300° E (Idlib, SY)");
        assert_eq!(c[0].place_id(), "coord:35.930000,36.630000");
        assert_eq!((c[0].char_start, c[0].char_end), (8, 21));
        // Manhattan lies outside the 1:50m country outline but inside the
        // finer division polygon, which decides.
        assert_eq!(c[1].name(&gaz), "40.7500° N, 73.9900° W (New York, US)");
        assert_eq!(c[1].country_code(&gaz), "US");
        // Near a border the division's country wins over the coarser
        // country outline, so the two always agree.
        // On a 0.01° grid along the Syrian-Turkish border, the coarse
        // outline alone puts some points of Turkish provinces in Syria.
        let (mut both, mut coarse_differs) = (0, 0);
        for i in 0..60 {
            for j in 0..100 {
                let (lat, lon) = (36.6 + 0.01 * i as f64, 36.6 + 0.01 * j as f64);
                let at = loc.locate(lat, lon);
                let (Some(c), Some(a)) = (at.country, at.admin1) else {
                    continue;
                };
                both += 1;
                assert_eq!(
                    gaz.place(c).country(),
                    gaz.place(a).country(),
                    "{lat} {lon}"
                );
                let outline = loc.countries.iter().find(|x| x.contains([lon, lat]));
                if outline.is_some_and(|x| x.cc != gaz.place(a).country()) {
                    coarse_differs += 1;
                }
            }
        }
        assert!(both > 5000 && coarse_differs > 0, "{both} {coarse_differs}");
        // The open sea.
        assert_eq!(c[2].name(&gaz), "34.0000° N, 20.0000° E");
        assert!(c[2].reason(&gaz).contains("outside every country outline"));
        assert_eq!(c[2].country_code(&gaz), "");
    }

    /// How many of a locator's outlines have been parsed.
    fn parsed(loc: &Locator) -> usize {
        let areas = loc.countries.iter().chain(&loc.divisions);
        areas.filter(|a| a.parsed.get().is_some()).count()
    }

    #[test]
    fn outlines_are_parsed_only_where_points_fall() {
        let gaz = Gazetteer::embedded().unwrap();
        let loc = Locator::new(&gaz);
        let areas = loc.countries.len() + loc.divisions.len();
        assert!(areas > 3000, "{areas}");
        assert_eq!(parsed(&loc), 0);
        let at = loc.locate(35.93, 36.63);
        assert_eq!(gaz.place(at.admin1.unwrap()).name(), "Idlib");
        // The outlines whose boxes hold the point (Syria's, its
        // neighbours' that reach around it, their divisions near it).
        let n = parsed(&loc);
        assert!((2..=30).contains(&n), "{n} of {areas}");
        // The same point again parses nothing more.
        loc.locate(35.93, 36.63);
        assert_eq!(parsed(&loc), n);
    }

    #[test]
    fn outlines_across_the_antimeridian_are_found() {
        // A summary's box across the antimeridian ([170, .., -170, ..])
        // must not turn a point on either side away.
        let gaz = Gazetteer::embedded().unwrap();
        let loc = Locator::new(&gaz);
        for (lat, lon, cc, division) in [
            (-18.2, -178.8, "FJ", "Eastern"),
            (-16.8, 179.95, "FJ", "Northern"),
            (66.0, -172.0, "RU", "Chukotka"),
            (65.0, 179.5, "RU", "Chukotka"),
            (52.0, 178.5, "US", "Alaska"),
        ] {
            let at = loc.locate(lat, lon);
            let country = at.country.map(|c| gaz.place(c).country());
            let name = at.admin1.map(|a| gaz.place(a).name());
            assert_eq!((country, name), (Some(cc), Some(division)), "{lat} {lon}");
        }
    }

    #[test]
    fn every_outline_of_the_gazetteer_lies_in_its_hint() {
        // What makes parsing on demand give the answers parsing every
        // outline up front gave: no outline's box pokes out of its hint.
        let gaz = Gazetteer::embedded().unwrap();
        let loc = Locator::new(&gaz);
        let mut outlines = 0;
        for a in loc.countries.iter().chain(&loc.divisions) {
            let Some(o) = a.outline() else { continue };
            outlines += 1;
            let (b, h) = (o.bbox, a.hint);
            let inside = h[0] <= b[0] && h[1] <= b[1] && b[2] <= h[2] && b[3] <= h[3];
            assert!(inside, "{}: {b:?} not in {h:?}", gaz.place(a.place).name());
        }
        assert!(outlines > 3000, "{outlines}");
    }

    #[test]
    fn a_user_layer_is_boxed_too() {
        let mut gaz = Gazetteer::embedded().unwrap();
        let mut zeta = crate::gazetteer::Place::new("u:1", Kind::Admin1, "Zeta", 35.5, 36.5);
        zeta.country = "SY".into();
        zeta.geometry = Some(
            r#"{"type":"Polygon","coordinates":[[[36,35],[37,35],[37,36],[36,36],[36,35]]]}"#
                .into(),
        );
        gaz.push_places(&[zeta], &[], &[]).unwrap();
        let loc = Locator::new(&gaz);
        let (user, ours): (Vec<&Area>, Vec<&Area>) =
            (loc.divisions.iter()).partition(|a| gaz.is_user_place(a.place));
        assert_eq!(user.len(), 1);
        assert_eq!(user[0].hint, [36.0, 35.0, 37.0, 36.0]);
        assert!(ours.iter().all(|a| a.hint[1].is_finite()));
        let at = loc.locate(35.5, 36.5);
        assert_eq!(gaz.place(at.admin1.unwrap()).name(), "Zeta");
        // Its outline is parsed only for a point in its box.
        assert!(user[0].parsed.get().is_some());
        let far = Locator::new(&gaz);
        far.locate(-33.9, 18.4);
        let zeta = far.divisions.iter().find(|a| gaz.is_user_place(a.place));
        assert!(zeta.unwrap().parsed.get().is_none());
    }

    #[test]
    fn a_box_hint_holds_every_position() {
        let inf = f64::INFINITY;
        let summary = |bbox| geom::Summary {
            bbox,
            kind: 0,
            kept: 0,
            verbatim: 0,
        };
        assert_eq!(
            hint(Some(summary([1.0, 2.0, 3.0, 4.0]))),
            [1.0, 2.0, 3.0, 4.0]
        );
        let across = hint(Some(summary([170.0, -20.0, -170.0, -10.0])));
        assert_eq!(across, [-inf, -20.0, inf, -10.0]);
        assert_eq!(hint(None), [-inf, -inf, inf, inf]);
        let nan = hint(Some(summary([f64::NAN, 0.0, 1.0, 1.0])));
        assert_eq!(nan, [-inf, -inf, inf, inf]);
    }
}
