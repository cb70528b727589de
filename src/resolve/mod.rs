//! Resolution: decide which place each found name means, and which found
//! names are not place mentions at all.
//!
//! The [`Resolver`] takes a document's [`Matched`] candidates and returns
//! [`Mention`]s (toponyms and demonyms) and [`Excluded`] names. Evidence, in
//! the order it weighs:
//!
//! 1. **Exclusions.** Names on the gazetteer's list of organisations and
//!    publications ("Free Syrian Army", "Middle East Eye") block the place
//!    names inside them; a place name directly followed by a capitalised
//!    organisation head word ("Tahrir Institute", "Syrian Army") or by a
//!    capitalised participle ("Turkey Unpacked") is part of a longer proper
//!    name.
//! 2. **Kind cues** next to the name: "province", "governorate", "city",
//!    "the city of", "highway", "river", ...
//! 3. **One sense per discourse:** a place chosen through a cue elsewhere in
//!    the document wins the bare mentions of the same name.
//! 4. **Containment:** "X, Y" where Y is X's first-level division or country
//!    (and the choice holds for the name's later mentions); a country or a
//!    division that contains other places the text names; a place inside a
//!    division the text names.
//! 5. **Document focus:** countries named (or referred to by demonyms) in the
//!    document by other names than the mention itself, and the user's country
//!    bias.
//! 6. **Coherence:** nearness to the places the text names confidently, and
//!    senses of two ambiguous names that lie within 30 km of each other
//!    ("London" and "St. Thomas", Ontario); divisions listed together
//!    ("Ohio, Oregon and Washington") are divisions of one country.
//! 7. **Prior:** kind and population; between same-named first-level
//!    divisions, the one in the more populous country.
//!
//! Names that are not places are excluded first: direction words without a
//! kind cue ("West"), the first word of a longer feature name ("Plum
//! Island"), currencies ("US$"), contractions ("I've"), lone organisation
//! words ("University"), months and holidays, common words and people's
//! names without support.
//!
//! Codes such as "M4" need a road cue (here or for the same road elsewhere
//! in the document). Every mention records a short `reason`.

use coherence::RunCache;
use document::Doc;

use crate::gazetteer::{FormKind, Gazetteer, Kind, PlaceId, PlaceRef};
use crate::lexicon::facts::{List, Lists, in_any};
use crate::lexicon::text::{
    CharCounter, is_capitalized, sentence_initial, title_case_line, words_after, words_before,
};
use crate::lexicon::words::{
    DISEASE_HEADS, FEATURE_HEADS, ORG_HEADS, is_function_word_or_auxiliary,
};
use crate::matcher::{Candidate, Matched};
use rayon::prelude::*;

pub mod evidence;
pub(crate) mod fx;
pub mod recognize;
pub mod silver;
pub mod train;
mod why;
use evidence::Scored;
pub use evidence::{Feature, Weights};
use fx::{FxHashMap, FxHashSet};
pub use recognize::{Cue, RecognitionWeights};
pub use why::Why;

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A place name.
    Toponym,
    /// A demonym or adjectival form ("Syrian"); its place is the country.
    Demonym,
    /// Coordinates written in the text ("36°12′N 36°38′E"); see
    /// [`crate::coords`].
    Coordinate,
    /// A street, road, park or building the gazetteer lacks ("Dufferin
    /// Street"), placed at the town the text puts it in; see
    /// [`crate::facility`].
    Facility,
}

impl MentionKind {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Toponym => "toponym",
            MentionKind::Demonym => "demonym",
            MentionKind::Coordinate => "coordinate",
            MentionKind::Facility => "facility",
        }
    }

    /// Whether the mention is a place's name (a toponym, or a street-level
    /// name the gazetteer lacks), as gold annotations count toponyms.
    pub fn is_place_name(self) -> bool {
        matches!(self, MentionKind::Toponym | MentionKind::Facility)
    }
}

/// A resolved (or unresolvable) place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
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
    /// Toponym or demonym.
    pub kind: MentionKind,
    /// The chosen place, `None` when no candidate could be chosen.
    pub place: Option<PlaceId>,
    /// Every place the name could mean, best first.
    pub candidates: Vec<PlaceId>,
    /// Score of the chosen place (higher is surer).
    pub score: f64,
    /// Why the place was chosen.
    pub reason: String,
}

/// A name found in the text that is not counted as a place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// Unicode code point offset of the start.
    pub char_start: usize,
    /// Unicode code point offset just past the end.
    pub char_end: usize,
    /// The text as written.
    pub text: String,
    /// Why it is not a place mention.
    pub why: String,
}

impl Excluded {
    /// A candidate that is not a place mention, with the reason.
    fn of(
        text: &str,
        c: &Candidate,
        (char_start, char_end): (usize, usize),
        why: impl Into<String>,
    ) -> Excluded {
        Excluded {
            start: c.start,
            end: c.end,
            char_start,
            char_end,
            text: text[c.start..c.end].to_string(),
            why: why.into(),
        }
    }
}

/// The result of resolving one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Place mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Names that were found but are not place mentions.
    pub excluded: Vec<Excluded>,
    /// With [`Resolver::record_senses`]: every toponym's senses with the
    /// value of each feature, for training the weights.
    pub senses: Vec<SenseRecord>,
    /// With [`Resolver::record_senses`]: every toponym the recognition
    /// model decided on, with the value of each cue.
    pub names: Vec<NameRecord>,
}

/// A name the recognition model decided on and its cues (see [`Cue`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NameRecord {
    /// Code point offset of the name's start.
    pub char_start: usize,
    /// Code point offset just past its end.
    pub char_end: usize,
    /// The value of each cue.
    pub x: [f32; recognize::R],
}

/// The senses a toponym had and their evidence (see [`Feature`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SenseRecord {
    /// Code point offset of the name's start.
    pub char_start: usize,
    /// Code point offset just past its end.
    pub char_end: usize,
    /// Each sense with its feature values, best first.
    pub senses: Vec<(PlaceId, [f32; evidence::N])>,
}

/// Resolves candidates to places.
#[derive(Debug, Clone)]
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    country_bias: Vec<String>,
    bbox: Option<[f64; 4]>,
    weights: Weights,
    record_senses: bool,
    /// Country code -> population, from the gazetteer's country records;
    /// read on first need (it touches every place record).
    country_population: std::sync::OnceLock<FxHashMap<&'g str, u64>>,
}

/// A city of 100,000 people or more: a major place ([`is_major`]) that a
/// person's name or a common word rarely hides.
fn big_city(p: &PlaceRef<'_>) -> bool {
    p.kind() == Kind::City && p.population() >= 100_000
}

/// Places a person's name or a title can hardly hide: countries, regions,
/// first-level divisions, seas, roads and cities of 100,000 or more.
fn is_major(p: &PlaceRef<'_>) -> bool {
    // (`!minor_place(p) || a city of 100,000`, with the kind read once: a
    // city is minor, and only a first-level division can be municipal.)
    match p.kind() {
        Kind::City => p.population() >= 100_000,
        Kind::Admin1 => !local::municipal_division(p),
        kind => !minor(kind),
    }
}

/// Whether a person's name or a common word can beat place `p`: a place of
/// a [`minor`] kind, or a first-level division the size of a municipality
/// ([`local::municipal_division`]: "Michael" on the Isle of Man, a
/// Bermudan parish).
fn minor_place(p: &PlaceRef<'_>) -> bool {
    minor(p.kind()) || local::municipal_division(p)
}

/// Places small enough that a person's name or a common word beats them.
fn minor(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1 | Kind::Sea | Kind::Road
    )
}

/// Words that give the kind of the place next to them.
pub(crate) fn cue_after(word: &str) -> Option<&'static [Kind]> {
    Some(match word {
        "province" | "governorate" | "state" | "oblast" | "prefecture" | "region" | "provinces"
        | "emirate" | "canton" | "department" | "voivodeship" | "krai" => {
            &[Kind::Admin1, Kind::Region]
        }
        "county" | "district" | "parish" | "borough" | "municipality" => &[Kind::Admin2],
        // "Atareb sub-district" (the word after the name is "sub").
        "subdistrict" | "sub" | "nahiya" | "nahia" => &[Kind::Admin3],
        "city" | "town" | "village" | "suburb" | "municipality's" | "neighbourhood"
        | "neighborhood" | "countryside" => &[Kind::City, Kind::Town],
        "highway" | "motorway" | "road" | "route" | "expressway" | "freeway" => &[Kind::Road],
        "river" => &[Kind::River],
        "lake" => &[Kind::Lake],
        "mountain" | "mountains" | "mount" | "range" | "hills" | "heights" => &[Kind::Mountain],
        "sea" | "gulf" | "bay" | "ocean" | "strait" => &[Kind::Sea],
        "island" | "islands" => &[Kind::Island],
        "airport" => &[Kind::Airport],
        _ => return None,
    })
}

pub(crate) fn cue_before(word: &str) -> Option<&'static [Kind]> {
    Some(match word {
        "province" | "governorate" | "state" | "region" | "oblast" => &[Kind::Admin1, Kind::Region],
        "city" | "town" | "village" | "suburb" | "capital" => &[Kind::City, Kind::Town],
        "county" | "district" => &[Kind::Admin2],
        "subdistrict" | "nahiya" => &[Kind::Admin3],
        _ => return None,
    })
}

/// Plural kind words that name the kind of the places a list gives after
/// "like", "such as" or "including": "states like Wyoming", "cities such
/// as Aleppo", "countries including Chad".
pub(crate) fn cue_plural(word: &str) -> Option<&'static [Kind]> {
    Some(match word {
        "states" | "provinces" | "governorates" | "regions" | "oblasts" | "prefectures" => {
            &[Kind::Admin1, Kind::Region]
        }
        "cities" | "towns" | "villages" | "capitals" => &[Kind::City, Kind::Town],
        "counties" | "districts" => &[Kind::Admin2],
        "countries" | "nations" => &[Kind::Country],
        _ => return None,
    })
}

/// The kind words before a name, lower-cased, where they start (a byte
/// offset) and the kinds they give: "province of" before "Idlib"
/// ([`cue_before`]), "states like" before "Wyoming", "cities such as",
/// "countries including" ([`cue_plural`]).
pub(crate) fn kind_before(text: &str, start: usize) -> Option<(usize, String, &'static [Kind])> {
    use crate::lexicon::text::with_lower;
    let link = crate::lexicon::text::word_before(text, start)?;
    let is = |w: &str, s: &str| w.eq_ignore_ascii_case(s);
    // Most names have none of these words before them: the other words
    // are read only after one.
    if !(is(link, "of") || is(link, "like") || is(link, "including") || is(link, "as")) {
        return None;
    }
    // The word before a comma before `w` ("states, including").
    let before_comma = |w: &str| {
        let at = w.as_ptr() as usize - text.as_ptr() as usize;
        let head = text[..at].strip_suffix(", ")?;
        words_before(text, head.len(), 1).first().copied()
    };
    type Kinds = fn(&str) -> Option<&'static [Kind]>;
    let (kinds, word, link): (Kinds, &str, &str) = match *words_before(text, start, 3) {
        [of, w, ..] if is(of, "of") && in_any(w, List::CueBefore) => (cue_before, w, "of"),
        [a, such, w] if is(a, "as") && is(such, "such") => (cue_plural, w, "such as"),
        [a, such] if is(a, "as") && is(such, "such") => {
            (cue_plural, before_comma(such)?, "such as")
        }
        [like, w, ..] if is(like, "like") => (cue_plural, w, "like"),
        [inc, w, ..] if is(inc, "including") => (cue_plural, w, "including"),
        [inc] if is(inc, "including") => (cue_plural, before_comma(inc)?, "including"),
        _ => return None,
    };
    let at = word.as_ptr() as usize - text.as_ptr() as usize;
    with_lower(word, |l| kinds(l).map(|k| (at, format!("{l} {link}"), k)))
}

/// Country code -> population of the country records (an upper layer's
/// record wins, as it does for candidates).
fn country_populations(gazetteer: &Gazetteer) -> FxHashMap<&str, u64> {
    let mut out = FxHashMap::default();
    // Layer by layer, bottom first: the places in the order of their ids,
    // without finding each one's layer.
    for index in gazetteer.layers() {
        let countries =
            (index.areas().iter().map(|&i| i as usize)).filter(|&i| index.kind(i) == Kind::Country);
        for i in countries {
            if !index.country(i).is_empty() {
                out.insert(index.country(i), index.population(i));
            }
        }
    }
    out
}

/// The countries a document names, for the document-focus evidence.
struct Focus<'a> {
    /// Country code -> how often it is named (demonyms count half).
    countries: &'a FxHashMap<&'a str, f64>,
    /// Name key -> (country code, what that name itself contributes).
    own: &'a FxHashMap<u32, Vec<(&'a str, f64)>>,
    /// The most named country.
    top: Option<&'a str>,
    /// The codes of `countries`, to tell most codes it lacks without a
    /// hash look-up (every sense asks about its country and each of the
    /// countries bordering it).
    named: CodeSet,
    /// The codes of the countries that border one of `countries`: a sense
    /// in another country has no named neighbour, and is told so without
    /// reading its neighbours (the table is symmetric: a country borders
    /// each of its neighbours).
    bordering: CodeSet,
}

impl<'a> Focus<'a> {
    /// The focus of a document that names `countries`.
    fn new(
        countries: &'a FxHashMap<&'a str, f64>,
        own: &'a FxHashMap<u32, Vec<(&'a str, f64)>>,
        top: Option<&'a str>,
    ) -> Focus<'a> {
        let (mut named, mut bordering) = (CodeSet::default(), CodeSet::default());
        for cc in countries.keys() {
            named.insert(cc);
            local::neighbours(cc)
                .iter()
                .for_each(|n| bordering.insert(n));
        }
        Focus {
            countries,
            own,
            top,
            named,
            bordering,
        }
    }
}

impl Focus<'_> {
    /// How often other names than `own_key` name country `cc`, if at all.
    fn named_by_others(&self, cc: &str, own_key: u32) -> Option<f64> {
        if !self.named.may_hold(cc) {
            return None;
        }
        let n = *self.countries.get(cc)?;
        let own = self
            .own
            .get(&own_key)
            .and_then(|v| v.iter().find(|(c, _)| *c == cc))
            .map_or(0.0, |(_, w)| *w);
        (n - own > 0.0).then_some(n)
    }
}

/// A set of two-letter country codes: a bit per pair of ASCII upper-case
/// letters. A code of another shape is always "maybe" (the caller asks
/// its map).
#[derive(Default)]
struct CodeSet([u64; 11]);

impl CodeSet {
    /// The bit of a code of two ASCII upper-case letters.
    fn bit(cc: &str) -> Option<usize> {
        match cc.as_bytes() {
            &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
            }
            _ => None,
        }
    }

    fn insert(&mut self, cc: &str) {
        if let Some(i) = CodeSet::bit(cc) {
            self.0[i / 64] |= 1 << (i % 64);
        }
    }

    /// False only when `cc` was not inserted.
    fn may_hold(&self, cc: &str) -> bool {
        CodeSet::bit(cc).is_none_or(|i| self.0[i / 64] >> (i % 64) & 1 != 0)
    }
}

/// What the name evidence (`names.rs`) needs to know about a mention.
struct NameContext<'a, 'g> {
    /// Byte spans of every name the matcher found in the text, and whether
    /// it can mean a major place.
    spans: &'a [(usize, usize, bool)],
    kind: MentionKind,
    best: &'a PlaceRef<'g>,
    cued: bool,
    supported: bool,
    /// The sense has local support ([`Scored::local_support`]).
    local: bool,
    /// ... from the text right around it ([`Scored::near_support`]).
    near: bool,
    /// The document, for the countries it names ([`Doc::countries`]), and
    /// the name's number among its kept names.
    doc: (&'a Doc<'a>, usize),
}

impl NameContext<'_, '_> {
    /// Whether the text names a country other than `best`'s, besides
    /// what the name itself contributes ("Jordan" does not name Jordan
    /// for itself).
    fn names_another_country(&self) -> bool {
        let (doc, i) = self.doc;
        let (named, own) = (&doc.countries, doc.own_countries(i));
        named.iter().any(|(cc, n)| {
            let own_n: f64 = (own.iter().filter(|(o, _)| o == cc)).map(|(_, n)| n).sum();
            *cc != self.best.country() && *n > own_n
        })
    }
}

/// Byte span of a name in the document's text.
type Span = (usize, usize);

/// Names (normalized key number and where the text writes it) grouped by a
/// key, at most two distinct ones per group: enough to tell whether a
/// group has a name other than a given one.
struct NamesBy<K>(FxHashMap<K, Vec<(u32, Span)>>);

impl<K> Default for NamesBy<K> {
    fn default() -> Self {
        NamesBy(FxHashMap::default())
    }
}

impl<K: std::hash::Hash + Eq> NamesBy<K> {
    fn insert(&mut self, group: K, key: u32, form: Span) {
        let names = self.0.entry(group).or_default();
        if names.len() < 2 && !names.iter().any(|(k, _)| *k == key) {
            names.push((key, form));
        }
    }

    /// Whether `group` has a name.
    fn has(&self, group: &K) -> bool {
        self.0.contains_key(group)
    }

    /// Where the text writes the first name of `group` whose key is not
    /// `name`.
    fn other_than(&self, group: &K, name: u32) -> Option<Span> {
        other_name(self.0.get(group)?, name)
    }

    /// The names of `group`, if it has any: one look-up for a caller that
    /// asks both [`NamesBy::has`] and [`NamesBy::other_than`] of a group.
    fn names(&self, group: &K) -> Option<&[(u32, Span)]> {
        self.0.get(group).map(Vec::as_slice)
    }
}

/// Where the text writes the first of `names` whose key is not `name`.
fn other_name(names: &[(u32, Span)], name: u32) -> Option<Span> {
    (names.iter())
        .find(|(k, _)| *k != name)
        .map(|(_, form)| *form)
}

/// Co-located senses: each name takes part with at most this many of its
/// senses, the best first-pass scores first.
const SENSES_MAX: usize = 10;
/// ... when their senses lie within this distance.
const SENSE_KM: f64 = 30.0;

/// An anchor: the name's key number, the place, and its point.
type Anchor = (u32, PlaceId, f64, f64);

/// Confident places of a text bucketed in 2-degree cells, so that "is
/// another place of the text near here?" costs the same in a long text as
/// in a short one. A text with fewer places than the cells a question
/// covers is answered from the list of all of them (the same places: those
/// in the cells the question covers).
#[derive(Default)]
struct AnchorGrid {
    /// The anchors of each cell, made from `all` when a question first
    /// needs them (most texts have too few anchors for any to: no table
    /// and no list per cell for them).
    cells: std::sync::OnceLock<FxHashMap<(i32, i32), Vec<Anchor>>>,
    /// Every anchor with its cell, in insertion order.
    all: Vec<((i32, i32), Anchor)>,
    seen: FxHashSet<(u32, PlaceId)>,
}

impl AnchorGrid {
    const CELL: f64 = 2.0;
    /// Cells around the globe, west to east.
    const AROUND: i32 = (360.0 / Self::CELL) as i32;

    fn cell(lat: f64, lon: f64) -> (i32, i32) {
        (
            (lat / Self::CELL).floor() as i32,
            (lon / Self::CELL).floor() as i32,
        )
    }

    /// An empty grid with room for `n` anchors.
    fn with_room(n: usize) -> AnchorGrid {
        AnchorGrid {
            cells: std::sync::OnceLock::new(),
            all: Vec::with_capacity(n),
            seen: FxHashSet::with_capacity_and_hasher(n, Default::default()),
        }
    }

    fn insert(&mut self, key: u32, place: PlaceId, lat: f64, lon: f64) {
        if self.seen.insert((key, place)) {
            let cell = Self::cell(lat, lon);
            self.all.push((cell, (key, place, lat, lon)));
            // (Cells made before are made again, with this one.)
            self.cells.take();
        }
    }

    /// The anchors of each cell, in order of latitude (see `nearest`);
    /// ties keep insertion order. Made on the first call after an insert.
    fn cells(&self) -> &FxHashMap<(i32, i32), Vec<Anchor>> {
        self.cells.get_or_init(|| {
            let mut cells: FxHashMap<(i32, i32), Vec<Anchor>> = FxHashMap::default();
            for &(cell, a) in &self.all {
                let v = cells.entry(cell).or_default();
                let at = v.partition_point(|b| b.2 <= a.2);
                v.insert(at, a);
            }
            cells
        })
    }

    /// Distance to the nearest anchor within `radius_km` that `skip` does
    /// not rule out (infinity when there is none). Anchors in the cells
    /// around the point count, so one a little farther may be returned.
    fn nearest(
        &self,
        lat: f64,
        lon: f64,
        radius_km: f64,
        skip: impl Fn(u32, PlaceId) -> bool,
    ) -> f64 {
        if self.all.is_empty() {
            return f64::INFINITY;
        }
        // (The point's cosine once, for the window and every distance.)
        let cos_lat = lat.to_radians().cos();
        let w = Window::around_cos(lat, lon, cos_lat, radius_km);
        let mut best = f64::INFINITY;
        // An anchor whose latitude alone puts it farther than the best so
        // far cannot be nearer (the great-circle distance is at least the
        // distance along the meridian), so its distance is not worked out:
        // a text that names thousands of places was quadratic in sines.
        // The margin (a metre) is far above the rounding of
        // `haversine_km`, so the minimum is the one of all anchors.
        let consider = |best: &mut f64, (k, p, la, lo): &Anchor| {
            if !beyond(lat - la, *best) && !skip(*k, *p) {
                *best = best.min(haversine_cos(lat, cos_lat, lon, *la, *lo));
            }
        };
        if self.all.len() <= w.cells() {
            (self.all.iter())
                .filter(|(cell, _)| w.covers(*cell))
                .for_each(|(_, a)| consider(&mut best, a));
            return best;
        }
        // Rows outward from the point's: a row whose nearest latitude is
        // beyond the best so far ends the walk (rows farther out are too).
        let cells = self.cells();
        for dy in 0..=w.dlat {
            if dy > 1 && beyond(f64::from(dy - 1) * Self::CELL, best) {
                break;
            }
            let rows = if dy == 0 { &[0][..] } else { &[-dy, dy][..] };
            for y in rows.iter().map(|r| w.clat + r) {
                // The highest latitude of the point and the row: a cell
                // `dx` columns away is at least `lon_gap` from the point.
                let top = [
                    lat,
                    f64::from(y) * Self::CELL,
                    f64::from(y + 1) * Self::CELL,
                ]
                .iter()
                .fold(0.0_f64, |m, l| m.max(l.abs()))
                .min(90.0);
                // Whether a cell `dx` columns out is beyond `best` (the row's cosine once).
                let mut cos_top = None;
                let mut beyond_column = |dx: i32, best: f64| {
                    let cos_top = *cos_top.get_or_insert_with(|| top.to_radians().cos());
                    lon_gap(f64::from(dx - 1) * Self::CELL, cos_top) > best + 0.001
                };
                w.walk_row_outward(y, |cell, dx| {
                    if dx > 1 && beyond_column(dx, best) {
                        return false;
                    }
                    let Some(v) = cells.get(&cell) else {
                        return true;
                    };
                    // Only the anchors within the best distance in
                    // latitude: from the first one south of it that can
                    // be nearer, north while they can.
                    let band = |best: f64| ((best + 0.001) / EARTH_KM).to_degrees();
                    let from = v.partition_point(|a| a.2 < lat - band(best));
                    for a in &v[from..] {
                        if a.2 > lat + band(best) {
                            break;
                        }
                        consider(&mut best, a);
                    }
                    true
                });
            }
        }
        best
    }
}

/// Whether points `dlat` degrees of latitude apart are more than `best`
/// kilometres (and a metre) apart, whatever their longitudes.
fn beyond(dlat: f64, best: f64) -> bool {
    dlat.abs().to_radians() * EARTH_KM > best + 0.001
}

/// The least great-circle distance between two points `dlon` degrees of
/// longitude apart whose latitudes are within `top` degrees of the
/// equator, given as `cos_top`, the cosine of `top` (in radians): from
/// the haversine formula, `hav(d) >= cos² top · hav(dlon)`.
fn lon_gap(dlon: f64, cos_top: f64) -> f64 {
    if dlon >= 180.0 {
        return 0.0;
    }
    let s = cos_top * (dlon.to_radians() / 2.0).sin();
    2.0 * EARTH_KM * s.clamp(0.0, 1.0).asin()
}

/// The Earth's mean radius in kilometres, as [`haversine_km`] uses it.
const EARTH_KM: f64 = 6371.0088;

/// The cells of an [`AnchorGrid`] around a point: rows within `dlat` of
/// the point's, columns within `dlon` around the globe.
struct Window {
    clat: i32,
    clon: i32,
    dlat: i32,
    dlon: i32,
}

impl Window {
    const HALF: i32 = AnchorGrid::AROUND / 2;

    /// The window within `radius_km` of a point.
    #[cfg(test)]
    fn around(lat: f64, lon: f64, radius_km: f64) -> Window {
        Self::around_cos(lat, lon, lat.to_radians().cos(), radius_km)
    }

    /// The window within `radius_km` of a point, given the cosine of its
    /// latitude (in radians), `cos_lat`.
    fn around_cos(lat: f64, lon: f64, cos_lat: f64, radius_km: f64) -> Window {
        let (clat, clon) = AnchorGrid::cell(lat, lon);
        let dlat = (radius_km / (111.0 * AnchorGrid::CELL)).ceil() as i32;
        let coslat = cos_lat.max(0.02);
        let dlon = (radius_km / (111.0 * coslat * AnchorGrid::CELL)).ceil() as i32;
        Window {
            clat,
            clon,
            dlat,
            dlon: dlon.min(Self::HALF),
        }
    }

    /// How many cells `Window::walk` visits.
    fn cells(&self) -> usize {
        (2 * self.dlat as usize + 1) * (2 * self.dlon as usize + 1)
    }

    /// A column wrapped around the antimeridian into `-HALF..HALF`.
    fn wrap(x: i32) -> i32 {
        (x + Self::HALF).rem_euclid(AnchorGrid::AROUND) - Self::HALF
    }

    /// Visits the cells of the window, row by row.
    #[cfg(test)]
    fn walk(&self, mut visit: impl FnMut((i32, i32))) {
        for y in self.clat - self.dlat..=self.clat + self.dlat {
            self.walk_row(y, &mut visit);
        }
    }

    /// Visits the window's cells in row `y` from the point's column
    /// outward, with each cell's distance in columns; on each side the
    /// walk stops when `visit` returns false (the cells farther out are
    /// farther still). The cells are those of `Window::walk_row`.
    fn walk_row_outward(&self, y: i32, mut visit: impl FnMut((i32, i32), i32) -> bool) {
        visit((y, Self::wrap(self.clon)), 0);
        let (mut east, mut west) = (true, true);
        for dx in 1..=self.dlon {
            if east {
                east = visit((y, Self::wrap(self.clon + dx)), dx);
            }
            if west {
                west = visit((y, Self::wrap(self.clon - dx)), dx);
            }
        }
    }

    /// Visits the window's cells in row `y`, west to east.
    #[cfg(test)]
    fn walk_row(&self, y: i32, mut visit: impl FnMut((i32, i32))) {
        for x in self.clon - self.dlon..=self.clon + self.dlon {
            visit((y, Self::wrap(x)));
        }
    }

    /// Whether `Window::walk` visits `cell`.
    fn covers(&self, (y, x): (i32, i32)) -> bool {
        let west = self.clon - self.dlon;
        (y - self.clat).abs() <= self.dlat
            && Self::wrap(x) == x
            && (x - west).rem_euclid(AnchorGrid::AROUND) <= 2 * self.dlon
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    haversine_cos(lat1, lat1.to_radians().cos(), lon1, lat2, lon2)
}

/// [`haversine_km`], with the cosine of the first point's latitude (in
/// radians) given: the same operations, so the same distance to the bit.
fn haversine_cos(lat1: f64, cos1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + cos1 * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

impl<'g> Resolver<'g> {
    /// A resolver over a gazetteer.
    pub fn new(gazetteer: &'g Gazetteer) -> Resolver<'g> {
        Resolver {
            gazetteer,
            country_bias: Vec::new(),
            country_population: std::sync::OnceLock::new(),
            bbox: None,
            weights: Weights::default(),
            record_senses: false,
        }
    }

    /// Prefers places in these countries (ISO alpha-2 codes).
    pub fn country_bias(&mut self, countries: &[String]) -> &mut Self {
        self.country_bias = countries.iter().map(|c| c.to_ascii_uppercase()).collect();
        self
    }

    /// The gazetteer the resolver reads.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Prefers places inside this box: `[west, south, east, north]`.
    pub fn bbox(&mut self, bbox: Option<[f64; 4]>) -> &mut Self {
        self.bbox = bbox;
        self
    }

    /// Scores senses with these weights instead of the shipped ones.
    pub fn weights(&mut self, weights: Weights) -> &mut Self {
        self.weights = weights;
        self
    }

    /// Also returns every toponym's senses with their features
    /// ([`Resolved::senses`]), as `geomention train` needs.
    pub fn record_senses(&mut self, yes: bool) -> &mut Self {
        self.record_senses = yes;
        self
    }

    /// A first-level division weighs with its country: between same-named
    /// divisions of different countries ("Florida", "Montana"), the one in
    /// the more populous country is the likelier (within ±0.5).
    fn division_weight(&self, p: &PlaceRef<'_>) -> f64 {
        let pop = self
            .country_population
            .get_or_init(|| country_populations(self.gazetteer))
            .get(p.country())
            .copied()
            .unwrap_or(0);
        if pop == 0 {
            return 0.0;
        }
        (0.25 * ((pop as f64).log10() - 7.0)).clamp(-0.5, 0.5)
    }

    /// Resolves one document's candidates.
    pub fn resolve(&self, matched: &Matched<'_>) -> Resolved {
        self.resolve_in_runs(matched, None)
    }

    /// [`Resolver::resolve`], with pass 2 in runs of `step` kept names
    /// (by default one run for a short text, and for a long one a few runs
    /// per thread, decided in parallel): the result is the same for any.
    fn resolve_in_runs(&self, matched: &Matched<'_>, step: Option<usize>) -> Resolved {
        let mut out = Resolved::default();
        let mut chars = CharCounter::new(matched.text);
        let doc = Doc::new(self, matched, &mut chars, &mut out);
        let first = self.first_pass(&doc);
        let discourse = self.discourse(&doc, matched, &first);
        let spans: Vec<Span> = (doc.kept.iter())
            .map(|(c, _)| chars.span(c.start, c.end))
            .collect();
        let n = doc.kept.len();
        // Runs of kept names decided in parallel (a long text), each with
        // its own results, joined in text order: the same output as one
        // run over all of them.
        let step = step.unwrap_or(if n < PARALLEL_MIN {
            n
        } else {
            (n.div_ceil(4 * rayon::current_num_threads())).max(PARALLEL_MIN / 4)
        });
        let step = step.max(1);
        let runs: Vec<std::ops::Range<usize>> =
            (0..n).step_by(step).map(|a| a..(a + step).min(n)).collect();
        let decided: Vec<Decided> = if runs.len() > 1 {
            (runs.into_par_iter())
                .map(|r| self.decide(&doc, &discourse, &first, &spans, r))
                .collect()
        } else {
            (runs.into_iter())
                .map(|r| self.decide(&doc, &discourse, &first, &spans, r))
                .collect()
        };
        // The text's first-pass state is used up: free it before the
        // runs are joined (a long text's peak memory).
        drop((spans, discourse, first, doc));
        self.join(decided, &mut out);
        self.widen_to_directions(matched.text, &mut out.mentions);
        out.excluded.sort_by_key(|e| e.start);
        out
    }

    /// Joins the runs of pass 2 into `out`, in text order, at exact size.
    /// A word that is part of a person's name somewhere in the text
    /// ("Ragip Soylu") is that person elsewhere too ("Soylu said"), unless
    /// it resolves to a major place.
    fn join(&self, mut decided: Vec<Decided>, out: &mut Resolved) {
        let mut person_names: FxHashSet<String> = FxHashSet::default();
        for run in &mut decided {
            person_names.extend(std::mem::take(&mut run.person_names));
        }
        let is_person = |m: &Mention| {
            let minor_place = m.place.is_some_and(|p| !is_major(&self.gazetteer.place(p)));
            minor_place && person_names.contains(&m.text.to_lowercase())
        };
        let persons: Vec<Vec<bool>> = (decided.iter())
            .map(|run| run.mentions.iter().map(is_person).collect())
            .collect();
        let count = |f: &dyn Fn(&Decided, &[bool]) -> usize| -> usize {
            decided.iter().zip(&persons).map(|(r, p)| f(r, p)).sum()
        };
        let n_persons = count(&|_, p| p.iter().filter(|x| **x).count());
        out.mentions
            .reserve_exact(count(&|r, _| r.mentions.len()) - n_persons);
        out.excluded
            .reserve_exact(count(&|r, _| r.out.excluded.len()) + n_persons);
        for (run, persons) in decided.into_iter().zip(persons) {
            out.excluded.extend(run.out.excluded);
            out.senses.extend(run.out.senses);
            out.names.extend(run.out.names);
            for (m, person) in run.mentions.into_iter().zip(persons) {
                if !person {
                    out.mentions.push(m);
                    continue;
                }
                out.excluded.push(Excluded {
                    start: m.start,
                    end: m.end,
                    char_start: m.char_start,
                    char_end: m.char_end,
                    text: m.text,
                    why: "part of a person's name elsewhere in the text".into(),
                });
            }
        }
    }

    /// Pass 2 and the choice for the kept names in `run`.
    fn decide(
        &self,
        doc: &Doc<'_>,
        d: &document::Discourse<'_>,
        first: &document::FirstPass,
        spans: &[Span],
        run: std::ops::Range<usize>,
    ) -> Decided {
        let mut out = Decided::default();
        // At most one mention per kept name: held until the runs are
        // joined, so no doubling slack (a long text's peak memory).
        out.mentions.reserve_exact(run.len());
        let mut cache = RunCache::take();
        // The first pass's reasons stay in `first` (a list may be shared
        // by many names): pass 2 adds its own to an empty list, and only
        // the chosen sense's are joined, in that order.
        let pass_2 = |i: usize, listed, cache: &mut RunCache, scored: &mut Vec<Scored>| {
            cache.senses_into(&first[i], scored);
            self.second_pass(doc, d, (i, listed), scored, cache);
        };
        // Pass 2's senses of a name depend only on its first-pass list
        // (which fixes its key and entries) and the countries of the
        // divisions listed with it: a name repeated in the run is weighed
        // once. Only shared lists are kept, at most `SHARED_MAX` at once.
        let mut second: FxHashMap<(u32, document::ListedWith<'_>), Vec<Scored>> =
            FxHashMap::default();
        let mut own = Vec::new();
        for i in run {
            let listed = self.list_countries(doc, first, i);
            let scored = if first.is_shared(i) {
                let asks = (first.list_of(i), listed);
                if second.len() >= SHARED_MAX && !second.contains_key(&asks) {
                    (second.drain()).for_each(|(_, mut list)| cache.recycle(&mut list));
                }
                (second.entry(asks)).or_insert_with(|| {
                    let mut list = Vec::new();
                    pass_2(i, listed, &mut cache, &mut list);
                    list
                })
            } else {
                pass_2(i, listed, &mut cache, &mut own);
                &own
            };
            let chosen = self.choose(
                doc,
                d,
                i,
                (&first[i], scored),
                spans[i],
                &mut out.out,
                &mut out.person_names,
            );
            out.mentions.extend(chosen);
        }
        cache.recycle(&mut own);
        cache.give_back();
        out
    }

    /// Toponym or demonym: a form that is a demonym and otherwise only the
    /// name of small places ("Canadian", a town in Texas) is a demonym; so
    /// is one that also names a bigger place (a division of another
    /// country: "Somali", Ethiopia's Somali Region) where it is written as
    /// an adjective ("Somali pirates", [`adjective_use`]).
    fn mention_kind(&self, text: &str, c: &Candidate) -> MentionKind {
        let mut names = (c.entries.iter())
            .filter(|e| matches!(e.form_kind, FormKind::Name | FormKind::Abbrev))
            .filter_map(|e| e.place)
            .map(|p| self.gazetteer.place(p))
            .peekable();
        if names.peek().is_none() {
            return MentionKind::Demonym;
        }
        let demonym = c.entries.iter().any(|e| e.form_kind == FormKind::Demonym);
        if demonym && (names.all(|p| minor(p.kind())) || adjective_use(text, c.end)) {
            MentionKind::Demonym
        } else {
            MentionKind::Toponym
        }
    }
}

/// Whether the name ending at `end` is written as an adjective: right
/// before a lower-case word (after one space or a hyphen) that is not a
/// function word, an auxiliary or speech verb ("Somali said"), nor a word
/// that gives a place's kind ("Somali region").
fn adjective_use(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('-')) else {
        return false;
    };
    let word_end = after
        .find(|ch: char| !ch.is_ascii_lowercase())
        .unwrap_or(after.len());
    let word = &after[..word_end];
    !word.is_empty()
        && !is_function_word_or_auxiliary(word)
        && !in_any(word, Lists::of(&[List::SpeechVerb, List::CueAfter]))
}

/// The kind cues around a name, each with its lower-cased word.
struct KindCues<'w> {
    /// The word after the name: "Idlib province".
    after: Option<(&'w str, &'static [Kind])>,
    /// `"<word> of"` before the name ("the province of Idlib"), or a plural
    /// kind word and "like", "such as" or "including" ("states like").
    before: Option<(&'w str, &'static [Kind])>,
}

/// The words a [`KindCues`] borrows from: the word after the name and the
/// kind words before it ([`kind_before`]), lower-cased, each only if it is
/// a kind cue (most words are none, and are not copied).
struct CueWords {
    after: Option<String>,
    before: Option<(String, &'static [Kind])>,
}

impl CueWords {
    fn around(text: &str, c: &Candidate) -> CueWords {
        use crate::lexicon::facts::{List, in_any};
        use crate::lexicon::text::with_lower;
        // Most words are no cue: told by the remembered lists, without
        // lower-casing the word.
        let cue = |w: &str, list: List, kinds: fn(&str) -> Option<&'static [Kind]>| {
            if !in_any(w, list) {
                return None;
            }
            with_lower(w, |l| kinds(l).map(|_| l.to_string()))
        };
        let after = crate::lexicon::text::word_after(text, c.end)
            .and_then(|w| cue(w, List::CueAfter, cue_after));
        // A list's kind ("villages, including") names the kind of the
        // list's names, not of a name's first word: "Polo" in "Polo
        // Paiwas", a village the gazetteer lacks, gets none.
        let goes_on = || {
            let next = crate::lexicon::text::word_after(text, c.end);
            text[c.end..].starts_with(' ')
                && next.is_some_and(|w| w.starts_with(char::is_uppercase))
        };
        let before = kind_before(text, c.start)
            .filter(|(_, words, _)| words.ends_with(" of") || after.is_some() || !goes_on())
            .map(|(_, words, kinds)| (words, kinds));
        CueWords { after, before }
    }

    fn cues(&self) -> KindCues<'_> {
        KindCues {
            after: self
                .after
                .as_deref()
                .and_then(|w| cue_after(w).map(|k| (w, k))),
            before: self.before.as_ref().map(|(w, k)| (w.as_str(), *k)),
        }
    }
}

/// What pass 2 decided for a run of kept names: the mentions (before the
/// person's-name check), the exclusions and records, and the words that
/// were part of a person's name.
#[derive(Default)]
struct Decided {
    mentions: Vec<Mention>,
    out: Resolved,
    person_names: FxHashSet<String>,
}

/// Pass 2's senses of shared first-pass lists a run keeps at most (a long
/// text's run has thousands of names).
const SHARED_MAX: usize = 1024;

/// A text with at least this many names (or kept names) is resolved in
/// parallel where the order of the work cannot change the result.
const PARALLEL_MIN: usize = 4096;

/// Calls `f` on every item (with its index), in parallel for many items,
/// and `sink` on each result in item order; at most a block of results is
/// held at once.
fn for_each_in_order<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(usize, &T) -> U + Sync,
    mut sink: impl FnMut(usize, U),
) {
    const BLOCK: usize = 1 << 14;
    if items.len() < PARALLEL_MIN {
        items.iter().enumerate().for_each(|(i, x)| sink(i, f(i, x)));
        return;
    }
    for (k, block) in items.chunks(BLOCK).enumerate() {
        let base = k * BLOCK;
        let results: Vec<U> = (block.par_iter().enumerate())
            .map(|(j, x)| f(base + j, x))
            .collect();
        (results.into_iter().enumerate()).for_each(|(j, u)| sink(base + j, u));
    }
}

/// [`crate::normalize::normalize_key`] of `s`, remembered per thread with
/// the keys the resolver normalized (the names of the last few dozen
/// texts): for readers of the same names after resolution, such as the
/// coverage report's known names.
pub(crate) fn name_key(s: &str) -> std::rc::Rc<str> {
    document::key_of(s)
}

/// Whether a name is a pronoun with a contracted verb ("I've", "you'd").
fn is_contraction(surface: &str) -> bool {
    if !surface.contains(['\'', '\u{2019}']) {
        return false;
    }
    let lower = surface.to_lowercase().replace('\u{2019}', "'");
    let Some((stem, tail)) = lower.split_once('\'') else {
        return false;
    };
    matches!(
        stem,
        "i" | "you" | "we" | "they" | "he" | "she" | "it" | "who" | "that" | "there" | "what"
    ) && matches!(tail, "ve" | "d" | "ll" | "re" | "m" | "s")
}

/// Whether the text between two names makes them items of one list
/// ("A, B", "A and B", "A, or B"): blanks with one comma, or with commas
/// and one word of "and", "or", "&". One pass that stops at the first
/// character or word that cannot be part of such a gap (a gap may be a
/// whole paragraph).
fn is_list_gap(gap: &str) -> bool {
    let (mut commas, mut only_space) = (0usize, true);
    let (mut word, mut word_start): (Option<&str>, Option<usize>) = (None, None);
    for (i, ch) in gap.char_indices() {
        if ch.is_whitespace() || ch == ',' {
            if ch == ',' {
                commas += 1;
                only_space = false;
            }
            if let Some(s) = word_start.take() {
                word = Some(&gap[s..i]);
            }
            continue;
        }
        only_space = false;
        if !(ch.is_alphabetic() || ch == '&') {
            return false;
        }
        if word_start.is_none() {
            if word.is_some() {
                // A second word.
                return false;
            }
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        word = Some(&gap[s..]);
    }
    !only_space
        && match word {
            None => commas == 1,
            Some(w) => matches!(w, "and" | "or" | "&"),
        }
}

/// The US state or Canadian province whose code follows `, ` at `end`:
/// "Springfield, MO", "Kingston, Ont." (postal codes and press
/// abbreviations; the weaker variant forms are also ordinary words).
fn state_code_after(text: &str, end: usize) -> Option<&'static crate::lexicon::codes::Admin1Code> {
    use crate::lexicon::codes::{CodeForm, admin1_code_form};
    let rest = text[end..]
        .strip_prefix(',')?
        .trim_start_matches([' ', '\u{a0}']);
    let len = rest
        .char_indices()
        .find(|(_, ch)| !(ch.is_ascii_alphabetic() || *ch == '.'))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..len];
    if word.is_empty() || word.len() > 7 {
        return None;
    }
    let (unit, form) = admin1_code_form(word)?;
    // "Paris, IN" is Indiana, but "Paris, In the ..." is no code.
    let shouting = word
        .trim_end_matches('.')
        .chars()
        .all(|c| c.is_ascii_uppercase());
    // A short press abbreviation needs its dot: "Ga." but not "Ga said".
    let abbreviation = form == CodeForm::Abbreviation && (word.ends_with('.') || word.len() >= 4);
    (abbreviation || (form == CodeForm::Postal && shouting)).then_some(unit)
}

/// Whether a place lies in the division (or territory) a code stands for.
fn in_code_unit(p: &PlaceRef<'_>, unit: &crate::lexicon::codes::Admin1Code) -> bool {
    if p.country() != unit.country || matches!(p.kind(), Kind::Country | Kind::Admin1) {
        return false;
    }
    unit.admin1.is_empty() || document::key_of(p.admin1()) == document::key_of(unit.admin1)
}

/// A copy of a first-pass sense for pass 2, without its reasons: they
/// are read from the first pass's list for the chosen sense only (see
/// [`Resolver::choose`]), not copied for every sense of every name.
/// `why` is the copy's (empty) list for pass 2's reasons.
fn without_reasons(s: &Scored, why: Vec<Why>) -> Scored {
    Scored {
        place: s.place,
        score: s.score,
        cued: s.cued,
        supported: s.supported,
        x: s.x,
        why,
    }
}

/// Whether a candidate is a short code (letters and digits, like "M4").
fn is_code(c: &Candidate) -> bool {
    c.entries.iter().all(|e| e.form_kind == FormKind::Abbrev)
        && c.entries
            .iter()
            .any(|e| e.form.chars().any(|ch| ch.is_ascii_digit()))
}

mod coherence;
mod document;
mod local;
mod names;
mod surface;
#[cfg(test)]
mod tests;
