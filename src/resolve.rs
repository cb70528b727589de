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

use std::collections::HashMap;

use crate::gazetteer::{FormKind, Gazetteer, Kind, PlaceId, PlaceRef};
use crate::matcher::{Candidate, Matched};

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
}

impl MentionKind {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Toponym => "toponym",
            MentionKind::Demonym => "demonym",
            MentionKind::Coordinate => "coordinate",
        }
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
}

/// Resolves candidates to places.
#[derive(Debug, Clone)]
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    country_bias: Vec<String>,
    bbox: Option<[f64; 4]>,
    /// Country code -> population, from the gazetteer's country records;
    /// read on first need (it touches every place record).
    country_population: std::sync::OnceLock<HashMap<String, u64>>,
}

/// Capitalised words after a place name that make it part of an
/// organisation's or publication's name.
const ORG_HEADS: &[&str] = &[
    // Armed groups and parties named after a place or a person.
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "militia",
    "movement",
    "party",
    "front",
    // Research and teaching bodies.
    "institute",
    "institution",
    "university",
    "foundation",
    // Media.
    "times",
    "post",
    "eye",
    "monitor",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "observer",
    "telegraph",
    "today",
    "daily",
    "weekly",
    "review",
    "news",
    "insider",
    "chronicle",
    "express",
    "mail",
    "standard",
    "press",
    "radio",
    "tv",
    "television",
    // Companies and clubs.
    "airlines",
    "airways",
    "fc",
    "rovers",
    "wanderers",
    "athletic",
    // Zoos and agencies ("Atlantic Veterinary College", "Auckland Zoo",
    // "Agence France-Presse"). Not the bodies of a jurisdiction ("California
    // Department of Health", "Enfield Council") nor colleges ("Georgetown
    // College"): their place name says where.
    "zoo",
    "veterinary",
    "presse",
];

/// Capitalised words after a place name that make it the first word of a
/// smaller feature's name ("Victoria Park", "Plum Island", "St. Michael's
/// Hospital"). A name the gazetteer has is matched whole before this applies.
///
/// Not "Road" or "Street": a road is usually named after the town it
/// leads to, so the town is a fair answer and anchors its neighbours.
const FEATURE_HEADS: &[&str] = &[
    "park",
    "hospital",
    "square",
    "station",
    "stadium",
    "bridge",
    "hall",
    "beach",
    "bay",
    "harbour",
    "harbor",
    "island",
    "mall",
    "plaza",
    "cathedral",
    "mosque",
    "church",
    "prison",
];

/// Words that alone only give a direction or a position ("West",
/// "Central", "South-West"): as a place name they need a kind cue.
const COMPASS_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "middle",
    "centre",
    "center",
    "inner",
    "outer",
];

/// Words after a place name that make it the name of a disease or a virus
/// ("West Nile virus", "Marburg fever", "Lyme disease").
const DISEASE_HEADS: &[&str] = &[
    "virus",
    "viruses",
    "fever",
    "disease",
    "flu",
    "influenza",
    "syndrome",
    "strain",
    "variant",
    "encephalitis",
    "hemorrhagic",
    "haemorrhagic",
];

/// Lower-case English words (SCOWL), sorted; see gazetteer/README.md.
static COMMON_WORDS: &str = include_str!("../gazetteer/common_words.txt");

/// Whether a word (any case) is a common English word.
pub fn is_common_word(word: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| {
        COMMON_WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    let w = word.to_lowercase();
    list.binary_search(&w.as_str()).is_ok()
}

/// Given names (1990 US Census, public domain), sorted; see
/// gazetteer/README.md.
static FIRST_NAMES: &str = include_str!("../gazetteer/first_names.txt");

/// Whether a word is a common given name.
fn is_first_name(word: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| {
        FIRST_NAMES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    list.binary_search(&word.to_lowercase().as_str()).is_ok()
}

/// Month and weekday names: capitalised in running text, never places there.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
    "ramadan",
    "eid",
    "thanksgiving",
    "halloween",
    "hanukkah",
    "diwali",
    "passover",
    "lent",
    // "Thanksgiving Day", "World AIDS Day".
    "day",
];

/// Titles and roles that stand next to a place name without making it part
/// of a person's name ("Ankara Mayor", "President Assad").
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "mayor",
    "governor",
    "general",
    "king",
    "queen",
    "prince",
    "sheikh",
    "emir",
    "sultan",
    "pope",
    "bishop",
    "archbishop",
    "imam",
    "ambassador",
    "envoy",
    "chancellor",
    "premier",
    "senator",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "lady",
    "colonel",
    "captain",
    "commander",
    "chief",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "interior",
    "spokesman",
    "spokeswoman",
    "secretary",
    "director",
    "official",
    "officials",
];

/// Arabic and other name particles between the parts of a person's name.
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "van", "von", "de", "da", "di", "del", "la", "le",
];

/// Whether a byte offset starts a sentence (or a line, or the text).
fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\u{a0}' | '\t' | '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '*' | '-' | '–'
            | '—' => continue,
            '.' | '!' | '?' | '\n' | '\r' | ':' | ';' | '•' => return true,
            _ => return false,
        }
    }
    true
}

/// Honorifics that make the next name a person's.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lady",
    "lord",
    "madam",
    "professor",
    "prof",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
];

/// Verbs of speech after a bare surname ("Walsh said").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "wrote",
    "asked",
    "noted",
    "argued",
    "stated",
    "warned",
    "claimed",
    "insisted",
    "replied",
    "recalled",
    "testified",
];

/// Places a person's name or a title can hardly hide: countries, regions,
/// first-level divisions, seas, roads and cities of 100,000 or more.
fn is_major(p: &PlaceRef<'_>) -> bool {
    !minor(p.kind()) || (p.kind() == Kind::City && p.population() >= 100_000)
}

/// Places small enough that a person's name or a common word beats them.
fn minor(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1 | Kind::Sea | Kind::Road
    )
}

/// Words that give the kind of the place next to them.
fn cue_after(word: &str) -> Option<&'static [Kind]> {
    Some(match word {
        "province" | "governorate" | "state" | "oblast" | "prefecture" | "region" | "provinces"
        | "emirate" | "canton" | "department" | "voivodeship" | "krai" => {
            &[Kind::Admin1, Kind::Region]
        }
        "county" | "district" | "parish" | "borough" | "municipality" => &[Kind::Admin2],
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

fn cue_before(word: &str) -> Option<&'static [Kind]> {
    Some(match word {
        "province" | "governorate" | "state" | "region" | "oblast" => &[Kind::Admin1, Kind::Region],
        "city" | "town" | "village" | "suburb" | "capital" => &[Kind::City, Kind::Town],
        "county" | "district" => &[Kind::Admin2],
        _ => return None,
    })
}

/// Country code -> population of the country records (an upper layer's
/// record wins, as it does for candidates).
fn country_populations(gazetteer: &Gazetteer) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for id in 0..gazetteer.len() {
        let p = gazetteer.place(PlaceId(id as u32));
        if p.kind() == Kind::Country && !p.country().is_empty() {
            out.insert(p.country().to_string(), p.population());
        }
    }
    out
}

/// The prior of a place: kind and population.
fn prior(p: &PlaceRef<'_>) -> f64 {
    let pop = (p.population() as f64 + 1.0).log10();
    match p.kind() {
        Kind::Country => 6.5,
        Kind::Continent => 6.0,
        Kind::Region => 5.0,
        // A first-level division beats a same-named city of fewer than
        // about 300,000 people ("Ontario", "Missouri", "Idlib"); a big
        // city beats its province ("Ankara", "New York").
        Kind::Admin1 => 4.5,
        Kind::Admin2 => 2.5,
        Kind::City => 1.0 + 0.6 * pop,
        Kind::Town => 0.6 * pop - 0.6,
        Kind::Road => 2.5,
        Kind::Sea => 4.0,
        Kind::River | Kind::Lake | Kind::Mountain | Kind::Island | Kind::Physical => 3.0,
        Kind::Airport => 2.0,
        Kind::Park => 1.5,
        Kind::Other => 2.0,
        // A landmark named in full ("White House") is specific: it beats
        // a translated alternate name of a city (Casablanca).
        Kind::Landmark => 4.5,
    }
}

/// Lower-case words around a byte span of the original text (letters only),
/// up to `n` words, stopping at sentence punctuation.
fn words_after(text: &str, end: usize, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text[end..].chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if c == ' ' || c == '\u{a0}' || c == '-' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
                if out.len() == n {
                    return out;
                }
            }
        } else {
            break;
        }
    }
    if !cur.is_empty() && out.len() < n {
        out.push(cur);
    }
    out
}

fn words_before(text: &str, start: usize, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<char> = Vec::new();
    for c in text[..start].chars().rev() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if c == ' ' || c == '\u{a0}' || c == '-' {
            if !cur.is_empty() {
                out.push(cur.drain(..).rev().collect());
                if out.len() == n {
                    return out;
                }
            }
        } else {
            break;
        }
    }
    if !cur.is_empty() && out.len() < n {
        out.push(cur.into_iter().rev().collect());
    }
    out
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a line reads as title case (a headline where every word is
/// capitalised): capitalisation says nothing about names there.
fn title_case_line(text: &str, at: usize) -> bool {
    let words: Vec<&str> = crate::matcher::line_around(text, at)
        .split_whitespace()
        .filter(|w| w.len() > 3)
        .collect();
    words.len() >= 3 && words.iter().filter(|w| is_capitalized(w)).count() * 10 >= words.len() * 8
}

struct Scored {
    place: PlaceId,
    score: f64,
    cued: bool,
    /// Supported by the text: near another place, or inside a division
    /// the text names.
    supported: bool,
    why: Vec<String>,
}

/// The countries a document names, for the document-focus evidence.
struct Focus<'a> {
    /// Country code -> how often it is named (demonyms count half).
    countries: &'a HashMap<String, f64>,
    /// Name key -> (country code, what that name itself contributes).
    own: &'a HashMap<String, Vec<(String, f64)>>,
    /// The most named country.
    top: Option<&'a str>,
}

impl Focus<'_> {
    /// How often other names than `own_key` name country `cc`, if at all.
    fn named_by_others(&self, cc: &str, own_key: &str) -> Option<f64> {
        let n = *self.countries.get(cc)?;
        let own = self
            .own
            .get(own_key)
            .and_then(|v| v.iter().find(|(c, _)| c == cc))
            .map_or(0.0, |(_, w)| *w);
        (n - own > 0.0).then_some(n)
    }
}

/// What [`Resolver::name_context`] needs to know about a mention.
struct NameContext<'a, 'g> {
    /// Byte spans of every name the matcher found in the text, and whether
    /// it can mean a major place.
    spans: &'a [(usize, usize, bool)],
    kind: MentionKind,
    best: &'a PlaceRef<'g>,
    cued: bool,
    supported: bool,
}

/// Prepositions that introduce a place ("in Reading", "near Split").
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "around",
    "across",
    "towards",
    "toward",
    "into",
    "through",
    "via",
    "between",
    "inside",
    "within",
    "throughout",
    "visited",
    "reached",
    "entered",
    "left",
];

/// Confident places of a text bucketed in 2-degree cells, so that "is
/// another place of the text near here?" costs the same in a long text as
/// in a short one.
/// Names (normalized key and the text's form) grouped by a key, at most two
/// distinct ones per group: enough to tell whether a group has a name other
/// than a given one.
struct NamesBy<K>(HashMap<K, Vec<(String, String)>>);

impl<K> Default for NamesBy<K> {
    fn default() -> Self {
        NamesBy(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> NamesBy<K> {
    fn insert(&mut self, group: K, key: &str, form: &str) {
        let names = self.0.entry(group).or_default();
        if names.len() < 2 && !names.iter().any(|(k, _)| k == key) {
            names.push((key.to_string(), form.to_string()));
        }
    }

    /// The form of the first name of `group` whose key is not `name`.
    fn other_than<Q>(&self, group: &Q, name: &str) -> Option<&str>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0
            .get(group)?
            .iter()
            .find(|(k, _)| k != name)
            .map(|(_, form)| form.as_str())
    }
}

/// Co-located senses: names with at most this many candidates take part.
const SENSES_MAX: usize = 10;
/// ... when their senses lie within this distance.
const SENSE_KM: f64 = 30.0;
/// ... and the support they give.
const SENSE_BONUS: f64 = 1.0;

/// An anchor: the name's key, the place, and its point.
type Anchor = (String, PlaceId, f64, f64);

#[derive(Default)]
struct AnchorGrid {
    cells: HashMap<(i32, i32), Vec<Anchor>>,
    seen: std::collections::HashSet<(String, PlaceId)>,
}

impl AnchorGrid {
    const CELL: f64 = 2.0;

    fn cell(lat: f64, lon: f64) -> (i32, i32) {
        (
            (lat / Self::CELL).floor() as i32,
            (lon / Self::CELL).floor() as i32,
        )
    }

    fn insert(&mut self, key: String, place: PlaceId, lat: f64, lon: f64) {
        if self.seen.insert((key.clone(), place)) {
            let cell = self.cells.entry(Self::cell(lat, lon)).or_default();
            cell.push((key, place, lat, lon));
        }
    }

    /// Distance to the nearest anchor within `radius_km` that `skip` does
    /// not rule out (infinity when there is none).
    fn nearest(
        &self,
        lat: f64,
        lon: f64,
        radius_km: f64,
        skip: impl Fn(&str, PlaceId) -> bool,
    ) -> f64 {
        if self.cells.is_empty() {
            return f64::INFINITY;
        }
        let (clat, clon) = Self::cell(lat, lon);
        let dlat = (radius_km / (111.0 * Self::CELL)).ceil() as i32;
        let coslat = lat.to_radians().cos().max(0.02);
        let cells_around = (360.0 / Self::CELL) as i32;
        let dlon =
            ((radius_km / (111.0 * coslat * Self::CELL)).ceil() as i32).min(cells_around / 2);
        let mut best = f64::INFINITY;
        for y in clat - dlat..=clat + dlat {
            for x in clon - dlon..=clon + dlon {
                // Wrap around the antimeridian.
                let half = cells_around / 2;
                let xw = (x + half).rem_euclid(cells_around) - half;
                let Some(list) = self.cells.get(&(y, xw)) else {
                    continue;
                };
                for (k, p, la, lo) in list {
                    if !skip(k, *p) {
                        best = best.min(haversine_km(lat, lon, *la, *lo));
                    }
                }
            }
        }
        best
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

impl<'g> Resolver<'g> {
    /// A resolver over a gazetteer.
    pub fn new(gazetteer: &'g Gazetteer) -> Resolver<'g> {
        Resolver {
            gazetteer,
            country_bias: Vec::new(),
            country_population: std::sync::OnceLock::new(),
            bbox: None,
        }
    }

    /// Prefers places in these countries (ISO alpha-2 codes).
    pub fn country_bias(&mut self, countries: &[String]) -> &mut Self {
        self.country_bias = countries.iter().map(|c| c.to_ascii_uppercase()).collect();
        self
    }

    /// Prefers places inside this box: `[west, south, east, north]`.
    pub fn bbox(&mut self, bbox: Option<[f64; 4]>) -> &mut Self {
        self.bbox = bbox;
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
        let text = matched.text;
        let mut out = Resolved::default();
        let mut chars = CharCounter::new(text);

        // Pass 0: exclusions and the split into toponyms and demonyms.
        let mut kept: Vec<(&Candidate, MentionKind)> = Vec::new();
        for c in &matched.candidates {
            if let Some(why) = self.exclusion(text, c) {
                let (cs, ce) = chars.span(c.start, c.end);
                out.excluded.push(Excluded::of(text, c, (cs, ce), why));
                continue;
            }
            let kind = self.mention_kind(c);
            kept.push((c, kind));
        }

        // Each kept name's normalized key, computed once.
        let keys: Vec<String> = kept
            .iter()
            .map(|(c, _)| crate::normalize::normalize_key(&text[c.start..c.end]))
            .collect();

        // Document focus: countries named, directly or through demonyms.
        let mut countries: HashMap<String, f64> = HashMap::new();
        // What each name contributes itself: "Mexico" does not make its own
        // State of Mexico a place "in a country named in the text".
        let mut own_focus: HashMap<String, Vec<(String, f64)>> = HashMap::new();
        for ((c, kind), key) in kept.iter().zip(&keys) {
            let places: Vec<PlaceRef<'_>> = c
                .entries
                .iter()
                .filter_map(|e| e.place)
                .map(|p| self.gazetteer.place(p))
                .collect();
            let country_entries: Vec<&PlaceRef<'_>> = places
                .iter()
                .filter(|p| p.kind() == Kind::Country)
                .collect();
            let w = if *kind == MentionKind::Demonym {
                0.5
            } else {
                1.0
            };
            if country_entries.len() == 1 {
                let cc = country_entries[0].country().to_string();
                let own = own_focus.entry(key.clone()).or_default();
                match own.iter_mut().find(|(c, _)| *c == cc) {
                    Some((_, n)) => *n += w,
                    None => own.push((cc.clone(), w)),
                }
                *countries.entry(cc).or_default() += w;
            }
        }
        let top_country = countries
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.clone());

        // Pass 1: score with local evidence; remember cued choices.
        // Runs of three or more names separated by list gaps are lists: in
        // "Virginia, Washington, West Virginia and Wyoming" a division's name
        // followed by another is no "X, Y" (Washington in West Virginia),
        // while "Louisville, Kentucky, Richmond, Virginia" still is.
        let linked: Vec<bool> = (0..kept.len())
            .map(|i| {
                kept.get(i + 1)
                    .is_some_and(|n| is_list_gap(&text[kept[i].0.end..n.0.start]))
            })
            .collect();
        let mut in_long_list = vec![false; kept.len()];
        let mut run_start = 0;
        for i in 0..kept.len() {
            if !linked[i] {
                if i + 1 - run_start >= 3 {
                    in_long_list[run_start..=i]
                        .iter_mut()
                        .for_each(|x| *x = true);
                }
                run_start = i + 1;
            }
        }
        let mut first: Vec<Vec<Scored>> = Vec::with_capacity(kept.len());
        for (i, (c, kind)) in kept.iter().enumerate() {
            let names_division = || {
                c.entries.iter().filter_map(|e| e.place).any(|p| {
                    let p = self.gazetteer.place(p);
                    p.kind() == Kind::Admin1 && crate::normalize::normalize_key(p.name()) == keys[i]
                })
            };
            let next = kept
                .get(i + 1)
                .map(|x| x.0)
                .filter(|_| !(in_long_list[i] && names_division()));
            let focus = Focus {
                countries: &countries,
                own: &own_focus,
                top: top_country.as_deref(),
            };
            first.push(self.score(text, c, &keys[i], *kind, next, &focus));
        }
        let mut cued: HashMap<PlaceId, usize> = HashMap::new();
        for s in &first {
            if let Some(best) = s.first().filter(|b| b.cued) {
                *cued.entry(best.place).or_default() += 1;
            }
        }
        // Anchors: confident choices (one candidate, a cue, or a clear
        // margin) whose places the other mentions should be near. First-level
        // divisions named in the text count for the places inside them.
        let mut anchors = AnchorGrid::default();
        let mut admin1s: std::collections::HashSet<(String, String)> = Default::default();
        // Where the anchors lie: the names of the anchors in each country
        // and in each (country, first-level division key).
        let mut anchored_in_country: NamesBy<String> = NamesBy::default();
        let mut anchored_in_division: NamesBy<(String, String)> = NamesBy::default();
        // First-level divisions the first pass prefers, confident or not:
        // the names of the mentions, by country.
        let mut division_names: NamesBy<String> = NamesBy::default();
        for (i, sc) in first.iter().enumerate() {
            let Some(best) = sc.first() else { continue };
            let p = self.gazetteer.place(best.place);
            let margin = sc.get(1).map_or(f64::INFINITY, |s2| best.score - s2.score);
            let confident = best.cued || margin >= 2.0;
            let form = &text[kept[i].0.start..kept[i].0.end];
            let key = keys[i].clone();
            if kept[i].1 == MentionKind::Toponym && p.kind() == Kind::Admin1 {
                division_names.insert(p.country().to_string(), &key, form);
            }
            if kept[i].1 == MentionKind::Toponym && confident {
                if matches!(
                    p.kind(),
                    Kind::City
                        | Kind::Town
                        | Kind::Admin1
                        | Kind::Admin2
                        | Kind::Airport
                        | Kind::Landmark
                ) {
                    anchored_in_country.insert(p.country().to_string(), &key, form);
                    if p.kind() != Kind::Admin1 && !p.admin1().is_empty() {
                        anchored_in_division.insert(
                            (
                                p.country().to_string(),
                                crate::normalize::normalize_key(p.admin1()),
                            ),
                            &key,
                            form,
                        );
                    }
                    anchors.insert(key, best.place, p.lat(), p.lon());
                }
                if p.kind() == Kind::Admin1 {
                    admin1s.insert((
                        p.country().to_string(),
                        crate::normalize::normalize_key(p.name()),
                    ));
                }
            }
        }

        let spans: Vec<(usize, usize, bool)> = matched
            .candidates
            .iter()
            .map(|c| {
                let major = c
                    .entries
                    .iter()
                    .filter_map(|e| e.place)
                    .any(|p| is_major(&self.gazetteer.place(p)));
                (c.start, c.end, major)
            })
            .collect();
        // Pass 2: one sense per discourse, coherence, then choose.
        let mut person_names: std::collections::HashSet<String> = Default::default();
        // Nearest-anchor distances per (place, name): the same name repeated
        // asks the same question. Names are numbered to keep the key small.
        let mut name_ids: HashMap<&str, u32> = HashMap::new();
        let key_ids: Vec<u32> = keys
            .iter()
            .map(|k| {
                let n = name_ids.len() as u32;
                *name_ids.entry(k.as_str()).or_insert(n)
            })
            .collect();
        let mut near_cache: HashMap<(PlaceId, u32), f64> = HashMap::new();
        // Every sense of the other names that have only a few: two
        // ambiguous names whose senses lie side by side ("London" and
        // "St. Thomas" in Ontario) support each other.
        let mut senses = AnchorGrid::default();
        for (i, sc) in first.iter().enumerate() {
            if kept[i].1 != MentionKind::Toponym || sc.len() > SENSES_MAX {
                continue;
            }
            let key = &keys[i];
            for x in sc {
                let p = self.gazetteer.place(x.place);
                if matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::Landmark) {
                    senses.insert(key.clone(), x.place, p.lat(), p.lon());
                }
            }
        }
        let mut pending: Vec<Mention> = Vec::new();
        // Lists of divisions ("Ohio, Oregon and Washington"): for each
        // mention, the countries whose first-level divisions the first pass
        // chose for its list neighbours.
        let list_countries: Vec<Vec<String>> = (0..kept.len())
            .map(|i| {
                let mut out = Vec::new();
                let neighbours = [i.checked_sub(1).map(|j| (j, i)), Some((i, i + 1))];
                for (a, b) in neighbours.into_iter().flatten() {
                    let (Some(x), Some(y)) = (kept.get(a), kept.get(b)) else {
                        continue;
                    };
                    if !is_list_gap(&text[x.0.end..y.0.start]) {
                        continue;
                    }
                    let other = if a == i { b } else { a };
                    if let Some(best) = first[other].first() {
                        let q = self.gazetteer.place(best.place);
                        if q.kind() == Kind::Admin1 && kept[other].1 == MentionKind::Toponym {
                            out.push(q.country().to_string());
                        }
                    }
                }
                out
            })
            .collect();
        for (i, ((c, kind), mut scored)) in kept.into_iter().zip(first).enumerate() {
            // Other names support a place; the same name repeated does not.
            let own_key: &str = &keys[i];
            // Competing senses of this name do not support each other
            // ("Idlib" the city is not supported by "Idlib" the province).
            let own_places: Vec<PlaceId> = scored.iter().map(|s| s.place).collect();
            // Whether a city or town candidate lies in first-level division `d`.
            let namesake_capital = |d: &PlaceRef<'_>| {
                let dk = crate::normalize::normalize_key(d.name());
                own_places.iter().any(|&q| {
                    let q = self.gazetteer.place(q);
                    matches!(q.kind(), Kind::City | Kind::Town)
                        && q.country() == d.country()
                        && crate::normalize::normalize_key(q.admin1()) == dk
                })
            };
            // A name that is itself a country's or a first-level division's
            // main name ("Oregon", "Ontario") is not a town in another
            // division the text names: lists of states name each other.
            // (Only a division the text supports: its country or another of
            // its divisions is named. "San Juan" the Argentine province does
            // not stop San Juan in a named Peruvian region.)
            let names_a_division = scored.iter().any(|s| {
                let p = self.gazetteer.place(s.place);
                matches!(p.kind(), Kind::Country | Kind::Admin1)
                    && crate::normalize::normalize_key(p.name()) == own_key
                    && (p.kind() == Kind::Country
                        || countries.contains_key(p.country())
                        || division_names.other_than(p.country(), own_key).is_some())
            });
            let total: usize = scored.iter().filter_map(|s| cued.get(&s.place)).sum();
            for s in scored.iter_mut() {
                if let Some(&n) = cued.get(&s.place) {
                    if !s.cued {
                        s.score += 3.0 * n as f64 / total as f64;
                        s.why
                            .push(format!("named with a cue elsewhere in the text ({n}x)"));
                    }
                }
                let p = self.gazetteer.place(s.place);
                // An area that contains other places the text names.
                let mut contains = false;
                if matches!(p.kind(), Kind::Country | Kind::Admin1) {
                    let inside = if p.kind() == Kind::Country {
                        anchored_in_country.other_than(p.country(), own_key)
                    } else {
                        let division = (
                            p.country().to_string(),
                            crate::normalize::normalize_key(p.name()),
                        );
                        anchored_in_division.other_than(&division, own_key)
                    };
                    if let Some(k) = inside {
                        contains = true;
                        s.score += 2.0;
                        s.supported = true;
                        s.why.push(format!("contains \"{k}\", named in the text"));
                    }
                }
                // (Not for an area already supported by what it contains.)
                if !contains && !matches!(p.kind(), Kind::Country | Kind::Continent | Kind::Region)
                {
                    let near = *near_cache.entry((s.place, key_ids[i])).or_insert_with(|| {
                        anchors.nearest(p.lat(), p.lon(), 600.0, |k, a| {
                            k == own_key || own_places.contains(&a)
                        })
                    });
                    if near <= 30.0 {
                        s.score += 3.0;
                        s.supported = true;
                        s.why
                            .push(format!("{near:.0} km from another place in the text"));
                    } else if near <= 150.0 {
                        s.score += 2.0;
                        s.supported = true;
                        s.why
                            .push(format!("{near:.0} km from another place in the text"));
                    } else if near <= 600.0 {
                        s.score += 1.0;
                        s.supported = true;
                        s.why
                            .push(format!("{near:.0} km from another place in the text"));
                    }
                    if near > SENSE_KM
                        && matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::Landmark)
                    {
                        let d = senses.nearest(p.lat(), p.lon(), SENSE_KM, |k, a| {
                            k == own_key || own_places.contains(&a)
                        });
                        if d <= SENSE_KM {
                            s.score += SENSE_BONUS;
                            s.supported = true;
                            s.why.push(format!(
                                "{d:.0} km from a place another name in the text may mean"
                            ));
                        }
                    }
                }
                // Listed with other first-level divisions of the same
                // country ("Ohio, Oregon and Washington"), unless a city
                // inside the division competes: a big city still beats its
                // namesake province ("Giza", "São Paulo").
                if p.kind() == Kind::Admin1
                    && list_countries[i].iter().any(|cc| cc == p.country())
                    && !namesake_capital(&p)
                {
                    s.score += 2.0;
                    s.supported = true;
                    s.why
                        .push(format!("listed with other divisions of {}", p.country()));
                }
                // In a division the text names (not one that only shares
                // the place's own name, as Idlib city shares Idlib's).
                let in_named_division =
                    !names_a_division && !p.admin1().is_empty() && p.kind() != Kind::Admin1 && {
                        let admin1 = crate::normalize::normalize_key(p.admin1());
                        admin1 != crate::normalize::normalize_key(p.name())
                            && admin1s.contains(&(p.country().to_string(), admin1))
                    };
                if in_named_division {
                    s.score += 2.0;
                    s.supported = true;
                    s.why.push(format!("in {}, named in the text", p.admin1()));
                }
            }
            scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
            // A road code needs a road cue here or for the same road
            // elsewhere, and a road needs its country in the text: road
            // numbers repeat from country to country.
            scored.retain(|s| {
                let p = self.gazetteer.place(s.place);
                if p.kind() != Kind::Road {
                    return true;
                }
                let cue_ok = s.cued || cued.contains_key(&s.place) || !is_code(c);
                let country_ok = p.country().is_empty()
                    || countries.contains_key(p.country())
                    || self.country_bias.iter().any(|b| b == p.country());
                cue_ok && country_ok
            });
            let (cs, ce) = chars.span(c.start, c.end);
            if let Some(best) = scored.first() {
                let p = self.gazetteer.place(best.place);
                let ctx = NameContext {
                    spans: &spans,
                    kind,
                    best: &p,
                    cued: best.cued,
                    supported: best.supported || countries.contains_key(p.country()),
                };
                if let Some((why, person)) = self.name_context(text, c, &ctx) {
                    if person {
                        person_names.insert(text[c.start..c.end].to_lowercase());
                    }
                    out.excluded.push(Excluded::of(text, c, (cs, ce), why));
                    continue;
                }
            }
            let candidates: Vec<PlaceId> = scored.iter().map(|s| s.place).collect();
            let (place, score, reason) = match scored.first() {
                Some(best) => {
                    let p = self.gazetteer.place(best.place);
                    let mut why = vec![format!("{} {}", p.kind(), p.name())];
                    why.extend(best.why.iter().cloned());
                    if scored.len() > 1 {
                        why.push(format!("{} candidates", scored.len()));
                    }
                    (Some(best.place), best.score, why.join("; "))
                }
                None if candidates.is_empty()
                    && c.entries.iter().all(|e| {
                        e.place
                            .is_some_and(|p| self.gazetteer.place(p).kind() == Kind::Road)
                    }) =>
                {
                    // A road name or number with no road context: not a mention.
                    out.excluded.push(Excluded::of(
                        text,
                        c,
                        (cs, ce),
                        "road name or number without a road cue or its country in the text",
                    ));
                    continue;
                }
                None => (None, 0.0, "no candidate fits".to_string()),
            };
            pending.push(Mention {
                start: c.start,
                end: c.end,
                char_start: cs,
                char_end: ce,
                text: text[c.start..c.end].to_string(),
                kind,
                place,
                candidates,
                score,
                reason,
            });
        }
        // A word that is part of a person's name somewhere in the text
        // ("Ragip Soylu") is that person elsewhere too ("Soylu said"),
        // unless it resolves to a major place.
        for m in pending {
            let minor_place = m.place.is_some_and(|p| !is_major(&self.gazetteer.place(p)));
            if minor_place && person_names.contains(&m.text.to_lowercase()) {
                out.excluded.push(Excluded {
                    start: m.start,
                    end: m.end,
                    char_start: m.char_start,
                    char_end: m.char_end,
                    text: m.text,
                    why: "part of a person's name elsewhere in the text".into(),
                });
            } else {
                out.mentions.push(m);
            }
        }
        out.excluded.sort_by_key(|e| e.start);
        out
    }

    /// Toponym or demonym: a form that is a demonym and otherwise only the
    /// name of small places ("Canadian", a town in Texas) is a demonym.
    fn mention_kind(&self, c: &Candidate) -> MentionKind {
        let names: Vec<PlaceRef<'_>> = c
            .entries
            .iter()
            .filter(|e| matches!(e.form_kind, FormKind::Name | FormKind::Abbrev))
            .filter_map(|e| e.place)
            .map(|p| self.gazetteer.place(p))
            .collect();
        let demonym = c.entries.iter().any(|e| e.form_kind == FormKind::Demonym);
        if names.is_empty() || (demonym && names.iter().all(|p| minor(p.kind()))) {
            MentionKind::Demonym
        } else {
            MentionKind::Toponym
        }
    }

    /// Why a name that would resolve to `ctx.best` is a common word or part
    /// of a person's name rather than a place, if it is; the flag says it is
    /// a person's name.
    fn name_context(
        &self,
        text: &str,
        c: &Candidate,
        ctx: &NameContext<'_, '_>,
    ) -> Option<(String, bool)> {
        let best = ctx.best;
        let nation = matches!(best.kind(), Kind::Country | Kind::Continent);
        if ctx.kind != MentionKind::Toponym || ctx.cued {
            return None;
        }
        let user_place = self.gazetteer.is_user_place(best.id);
        let major = is_major(best);
        let surface = &text[c.start..c.end];
        let single = !surface.contains(char::is_whitespace);
        let bare: String = surface.chars().filter(|ch| ch.is_alphanumeric()).collect();
        let lower = bare.to_lowercase();
        if single && CALENDAR.contains(&lower.as_str()) {
            return Some(("a month, weekday or holiday name".into(), false));
        }
        let big_city = best.kind() == Kind::City && best.population() >= 100_000;
        let common = single && !nation && is_common_word(&bare);
        let before1 = words_before(text, c.start, 1);
        if common {
            let locative = before1
                .first()
                .is_some_and(|w| LOCATIVES.contains(&w.to_lowercase().as_str()));
            if sentence_initial(text, c.start) && !(big_city && ctx.supported) {
                return Some(("a common word at the start of a sentence".into(), false));
            }
            let division = matches!(best.kind(), Kind::Admin1 | Kind::Admin2);
            let regional = matches!(best.kind(), Kind::Region | Kind::Sea | Kind::Road);
            let in_focus = ctx.supported;
            let ok = locative
                || regional
                || big_city
                || (in_focus && (best.kind() == Kind::City || division));
            if !ok && !user_place {
                return Some((
                    format!(
                        "a common English word; {} {} ({}) has no support in the text",
                        best.kind(),
                        best.name(),
                        best.country()
                    ),
                    false,
                ));
            }
        }
        if best.kind() == Kind::Town && !ctx.supported && !user_place && best.population() < 5_000 {
            return Some((
                format!(
                    "a small place ({}, {}, population {}) with no support in the text",
                    best.name(),
                    best.country(),
                    best.population()
                ),
                false,
            ));
        }
        if surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            // A dateline or a headline in capitals: neighbours say nothing.
            return None;
        }
        if nation {
            return None;
        }
        let prev = before1.first().map(String::as_str);
        if prev.is_some_and(|w| HONORIFICS.contains(&w.to_lowercase().as_str())) {
            return Some((
                format!("a person (\"{} {surface}\")", prev.unwrap_or("")),
                true,
            ));
        }
        let after = words_after(text, c.end, 1);
        let next = after.first().map(String::as_str);
        let after_preposition = prev.is_some_and(|w| {
            let l = w.to_lowercase();
            LOCATIVES.contains(&l.as_str()) || matches!(l.as_str(), "for" | "of" | "by" | "with")
        });
        if single
            && !major
            && !after_preposition
            && matches!(
                best.kind(),
                Kind::Town | Kind::City | Kind::Admin2 | Kind::Other
            )
            && next.is_some_and(|w| SPEECH_VERBS.contains(&w.to_lowercase().as_str()))
        {
            return Some((
                format!("a person (\"{surface} {}\")", next.unwrap_or("")),
                true,
            ));
        }
        // Is the neighbour (part of) another name that means a major place?
        let other_major = |w: &str, after: bool| {
            let at = if after {
                text[c.end..].find(w).map(|i| c.end + i)
            } else {
                text[..c.start].rfind(w)
            };
            at.is_some_and(|a| {
                // Spans are sorted and do not overlap: the one that starts
                // last at or before `a` is the only one that can hold it.
                let i = ctx.spans.partition_point(|&(s, _, _)| s <= a);
                i > 0 && {
                    let (_, e, m) = ctx.spans[i - 1];
                    m && a < e
                }
            })
        };
        let neutral = |w: &str| {
            let l = w.to_lowercase();
            !is_capitalized(w)
                || w.chars().all(char::is_uppercase)
                || TITLES.contains(&l.as_str())
                || CALENDAR.contains(&l.as_str())
                || cue_after(&l).is_some()
                || cue_before(&l).is_some()
        };
        // Capitalised neighbours that are not common words make a person's
        // name ("Vladimir Putin", "Nelson Mandela", "Ragip Soylu"); a place
        // named by a common word is part of any capitalised run ("Food and
        // Drug Administration"). Titles, months, kind cues and other major
        // places do not count.
        let mut before = words_before(text, c.start, 3);
        while before
            .first()
            .is_some_and(|w| NAME_PARTICLES.contains(&w.to_lowercase().as_str()))
        {
            before.remove(0);
        }
        if let Some(p) = before.first() {
            let start_of_sentence = {
                let at = text[..c.start].rfind(p.as_str()).unwrap_or(0);
                sentence_initial(text, at)
            };
            let name_like = !is_common_word(p);
            let counts = name_like || (common && !start_of_sentence);
            if counts && !neutral(p) && !other_major(p, false) {
                return Some((format!("part of a name (\"{p} {surface}\")"), name_like));
            }
        }
        if let Some(n) = next {
            let name_like = !is_common_word(n);
            // A small place named like a given name, before a capitalised
            // word, is a person ("Donald Trump").
            let given = single && !major && is_first_name(&bare);
            if (name_like || common || given) && !neutral(n) && !other_major(n, true) {
                return Some((format!("part of a name (\"{surface} {n}\")"), name_like));
            }
        }
        None
    }

    /// Why a candidate is not a place mention, if it is not.
    /// A name made only of direction words ("West", "South-West",
    /// "Central") names a division only with a kind cue ("West Region",
    /// "Province of Western"); otherwise it is a direction or the first word
    /// of a longer name ("West Prince", "North London").
    fn compass_only(&self, text: &str, c: &Candidate) -> Option<String> {
        let surface = &text[c.start..c.end];
        let mut words = surface
            .split(|ch: char| !ch.is_alphabetic())
            .filter(|w| !w.is_empty())
            .peekable();
        let compass = |w: &str| COMPASS_WORDS.iter().any(|c| c.eq_ignore_ascii_case(w));
        if words.peek().is_none() || !words.all(compass) {
            return None;
        }
        // Regions and seas are named by direction words ("Middle East").
        let divisions_only = c.entries.iter().filter_map(|e| e.place).all(|p| {
            matches!(
                self.gazetteer.place(p).kind(),
                Kind::Admin1 | Kind::Admin2 | Kind::City | Kind::Town
            )
        });
        if !divisions_only {
            return None;
        }
        let cue_words = CueWords::around(text, c);
        let cues = cue_words.cues();
        if cues.after.is_some() || cues.before.is_some() {
            return None;
        }
        Some(format!("direction word without a kind cue (\"{surface}\")"))
    }

    fn exclusion(&self, text: &str, c: &Candidate) -> Option<String> {
        if c.is_blocker() {
            let form = c
                .entries
                .iter()
                .find(|e| e.form_kind == FormKind::Blocker)
                .map(|e| e.form.as_str())
                .unwrap_or("");
            return Some(format!("organisation or publication name ({form})"));
        }
        if let Some(why) = self.compass_only(text, c) {
            return Some(why);
        }
        let surface = &text[c.start..c.end];
        // "US$1 million", "$US 15 billion", "A$", "HK$".
        if text[c.end..].starts_with('$') || text[..c.start].ends_with('$') {
            return Some(format!("part of a currency (\"{surface}$\")"));
        }
        if is_contraction(surface) {
            return Some(format!("a contraction (\"{surface}\")"));
        }
        // "University", "College", "Council" alone: the head of an
        // organisation's name ("Ohio State University").
        if ORG_HEADS.contains(&surface.to_lowercase().as_str()) {
            return Some(format!("an organisation word (\"{surface}\")"));
        }
        let after = words_after(text, c.end, 2);
        let next = after.first()?;
        let lower = next.to_lowercase();
        if DISEASE_HEADS.contains(&lower.as_str()) {
            return Some(format!(
                "name of a disease (\"{} {}\")",
                &text[c.start..c.end],
                next
            ));
        }
        if title_case_line(text, c.start)
            || !is_capitalized(next)
            || next.chars().all(char::is_uppercase) && next.len() > 4
        {
            return None;
        }
        if ORG_HEADS.contains(&lower.as_str()) {
            return Some(format!(
                "part of the name \"{} {}\"",
                &text[c.start..c.end],
                next
            ));
        }
        if FEATURE_HEADS.contains(&lower.as_str()) {
            return Some(format!(
                "part of the place name \"{} {}\", which the gazetteer lacks",
                &text[c.start..c.end],
                next
            ));
        }
        // "Turkey Unpacked": a capitalised participle that ends the phrase
        // makes the place name the title of something.
        let phrase_ends = after.get(1).is_none_or(|w| !is_capitalized(w));
        if phrase_ends && lower.len() > 5 && lower.ends_with("ed") && cue_after(&lower).is_none() {
            return Some(format!(
                "part of the title \"{} {}\"",
                &text[c.start..c.end],
                next
            ));
        }
        None
    }

    fn score(
        &self,
        text: &str,
        c: &Candidate,
        own_key: &str,
        kind: MentionKind,
        next: Option<&Candidate>,
        focus: &Focus<'_>,
    ) -> Vec<Scored> {
        let want = match kind {
            MentionKind::Toponym | MentionKind::Coordinate => [FormKind::Name, FormKind::Abbrev],
            MentionKind::Demonym => [FormKind::Demonym, FormKind::Demonym],
        };
        let cue_words = CueWords::around(text, c);
        let cues = cue_words.cues();
        // "X, Y": the next candidate right after a comma.
        // (Not for a name that is also a country: "China, Japan" is a list.)
        let names_a_country = c.entries.iter().any(|e| {
            e.place
                .is_some_and(|p| self.gazetteer.place(p).kind() == Kind::Country)
        });
        let container: Vec<PlaceRef<'_>> = match next {
            Some(n) if !names_a_country && text[c.end..n.start].trim() == "," => n
                .entries
                .iter()
                .filter_map(|e| e.place)
                .map(|p| self.gazetteer.place(p))
                .filter(|p| matches!(p.kind(), Kind::Admin1 | Kind::Country))
                .collect(),
            _ => Vec::new(),
        };

        let mut seen: Vec<PlaceId> = Vec::new();
        let mut out: Vec<Scored> = Vec::new();
        for e in &c.entries {
            let Some(id) = e.place else { continue };
            if !want.contains(&e.form_kind) || seen.contains(&id) {
                continue;
            }
            seen.push(id);
            let p = self.gazetteer.place(id);
            let mut s = Scored {
                place: id,
                score: prior(&p),
                cued: false,
                supported: false,
                why: Vec::new(),
            };
            // A form that carries its own cue ("Idlib Province").
            let form_cue = kind == MentionKind::Toponym
                && e.form_kind == FormKind::Name
                && e.form.split_whitespace().count() > 1
                && e.form
                    .split_whitespace()
                    .any(|w| cue_after(&w.to_lowercase()).is_some_and(|k| k.contains(&p.kind())));
            if form_cue {
                s.score += 4.0;
                s.cued = true;
                s.why.push(format!("named as \"{}\"", e.form));
            }
            if let Some((word, _)) = cues.after.filter(|(_, k)| k.contains(&p.kind())) {
                s.score += 4.0;
                s.cued = true;
                s.why.push(format!("followed by \"{word}\""));
            }
            if let Some((word, _)) = cues.before.filter(|(_, k)| k.contains(&p.kind())) {
                s.score += 4.0;
                s.cued = true;
                s.why.push(format!("after \"{word} of\""));
            }
            // The place's main name beats an alternate name of another
            // place ("Florida" the state, not Floridablanca).
            if e.form_kind != FormKind::Abbrev
                && crate::normalize::normalize_key(&e.form)
                    == crate::normalize::normalize_key(p.name())
            {
                s.score += 1.0;
            }
            if e.form_kind == FormKind::Abbrev && p.kind() == Kind::Road {
                // Already required to have a road cue; a code is exact.
                s.score += 0.5;
            }
            if !container.is_empty()
                && container.iter().any(|k| {
                    (k.kind() == Kind::Country
                        && k.country() == p.country()
                        && p.kind() != Kind::Country)
                        || (k.kind() == Kind::Admin1
                            && k.country() == p.country()
                            && !p.admin1().is_empty()
                            && crate::normalize::normalize_key(k.name())
                                == crate::normalize::normalize_key(p.admin1()))
                })
            {
                s.score += 5.0;
                s.supported = true;
                s.cued = true;
                s.why.push("\"X, Y\" with Y containing it".into());
            }
            let cc = p.country();
            if !cc.is_empty() && p.kind() != Kind::Country {
                if let Some(n) = focus.named_by_others(cc, own_key) {
                    s.score += 1.0 + if focus.top == Some(cc) { 0.5 } else { 0.0 };
                    s.why.push(format!("country {cc} named in the text ({n}x)"));
                }
                if self.country_bias.iter().any(|b| b == cc) {
                    s.score += 2.0;
                    s.why.push(format!("country bias {cc}"));
                }
            }
            if let Some([w, so, ea, no]) = self.bbox {
                if p.lon() >= w && p.lon() <= ea && p.lat() >= so && p.lat() <= no {
                    s.score += 2.0;
                    s.why.push("inside the bias box".into());
                }
            }
            if p.population() > 0 && matches!(p.kind(), Kind::City | Kind::Town) {
                s.why.push(format!("population {}", p.population()));
            }
            out.push(s);
        }
        // Same-named first-level divisions of different countries.
        let division_countries: std::collections::HashSet<&str> = out
            .iter()
            .map(|s| self.gazetteer.place(s.place))
            .filter(|p| p.kind() == Kind::Admin1)
            .map(|p| p.country())
            .collect();
        if division_countries.len() > 1 {
            for s in out.iter_mut() {
                let p = self.gazetteer.place(s.place);
                if p.kind() == Kind::Admin1 {
                    s.score += self.division_weight(&p);
                }
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
        out
    }
}

/// The kind cues around a name, each with its lower-cased word.
struct KindCues<'w> {
    /// The word after the name: "Idlib province".
    after: Option<(&'w str, &'static [Kind])>,
    /// "<word> of" before the name: "the province of Idlib".
    before: Option<(&'w str, &'static [Kind])>,
}

/// The words a [`KindCues`] borrows from.
struct CueWords {
    after: Option<String>,
    before: Option<String>,
}

impl CueWords {
    fn around(text: &str, c: &Candidate) -> CueWords {
        let after = words_after(text, c.end, 1).pop().map(|w| w.to_lowercase());
        let before = match words_before(text, c.start, 2).as_slice() {
            [of, w, ..] if of.eq_ignore_ascii_case("of") => Some(w.to_lowercase()),
            _ => None,
        };
        CueWords { after, before }
    }

    fn cues(&self) -> KindCues<'_> {
        KindCues {
            after: self
                .after
                .as_deref()
                .and_then(|w| cue_after(w).map(|k| (w, k))),
            before: self
                .before
                .as_deref()
                .and_then(|w| cue_before(w).map(|k| (w, k))),
        }
    }
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
/// ("A, B", "A and B", "A, or B").
fn is_list_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let has_comma = gap.contains(',');
    let only_space = gap.chars().all(char::is_whitespace);
    !only_space
        && gap
            .chars()
            .all(|c| c.is_whitespace() || c == ',' || c.is_alphabetic() || c == '&')
        && match words.as_slice() {
            [] => has_comma && gap.matches(',').count() == 1,
            [w] => matches!(*w, "and" | "or" | "&"),
            _ => false,
        }
}

/// Whether a candidate is a short code (letters and digits, like "M4").
fn is_code(c: &Candidate) -> bool {
    c.entries.iter().all(|e| e.form_kind == FormKind::Abbrev)
        && c.entries
            .iter()
            .any(|e| e.form.chars().any(|ch| ch.is_ascii_digit()))
}

/// Converts increasing byte offsets to code point offsets.
struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    fn new(text: &'t str) -> CharCounter<'t> {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }

    fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        let s = self.at(start);
        (s, self.at(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Demonym, Place};
    use crate::matcher::Matcher;

    fn gaz() -> Gazetteer {
        let mut syria = Place::new("c:sy", Kind::Country, "Syria", 35.0, 38.0);
        syria.country = "SY".into();
        let mut russia = Place::new("c:ru", Kind::Country, "Russia", 60.0, 100.0);
        russia.country = "RU".into();
        let mut idlib_gov = Place::new("a:idlib", Kind::Admin1, "Idlib", 35.75, 36.6);
        idlib_gov.country = "SY".into();
        idlib_gov.names = vec!["Idlib Province".into(), "Province of Idlib".into()];
        let mut idlib_city = Place::new("p:idlib", Kind::City, "Idlib", 35.93, 36.63);
        idlib_city.country = "SY".into();
        idlib_city.population = 165_000;
        let mut moscow = Place::new("p:moscow", Kind::City, "Moscow", 55.75, 37.6);
        moscow.country = "RU".into();
        moscow.population = 10_000_000;
        let mut moscow_id = Place::new("p:moscow-id", Kind::City, "Moscow", 46.7, -117.0);
        moscow_id.country = "US".into();
        moscow_id.admin1 = "Idaho".into();
        moscow_id.population = 25_000;
        let mut idaho = Place::new("a:idaho", Kind::Admin1, "Idaho", 44.0, -114.0);
        idaho.country = "US".into();
        let mut m4 = Place::new("road:m4", Kind::Road, "M4 highway", 35.8, 36.6);
        m4.country = "SY".into();
        m4.abbrevs = vec!["M4".into()];
        let mut tahrir = Place::new("p:tahrir", Kind::Town, "Tahrir", 30.0, 31.0);
        tahrir.country = "EG".into();
        let mut turkey = Place::new("c:tr", Kind::Country, "Turkey", 39.0, 35.0);
        turkey.country = "TR".into();
        let dem = vec![Demonym {
            form: "Syrian".into(),
            place_id: "c:sy".into(),
        }];
        let mut g = Gazetteer::empty();
        g.push_places(
            &[
                syria, russia, idlib_gov, idlib_city, moscow, moscow_id, idaho, m4, tahrir, turkey,
            ],
            &dem,
            &["Free Syrian Army".to_string()],
        )
        .unwrap();
        g
    }

    fn resolve(g: &Gazetteer, text: &str) -> Resolved {
        let m = Matcher::new(g).find(text);
        Resolver::new(g).resolve(&m)
    }

    fn ids(g: &Gazetteer, r: &Resolved) -> Vec<(String, String)> {
        r.mentions
            .iter()
            .map(|m| {
                (
                    m.text.clone(),
                    m.place
                        .map(|p| g.place(p).place_id().to_string())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    macro_rules! t {
        ($name:ident, $text:expr, [$(($surface:expr, $id:expr)),*]) => {
            #[test]
            fn $name() {
                let g = gaz();
                let r = resolve(&g, $text);
                let want: Vec<(String, String)> = vec![$(($surface.to_string(), $id.to_string())),*];
                let reasons: Vec<&str> = r.mentions.iter().map(|m| m.reason.as_str()).collect();
                assert_eq!(ids(&g, &r), want, "{reasons:#?}");
            }
        };
    }

    t!(
        province_by_default,
        "Fighting near Idlib in Syria.",
        [("Idlib", "a:idlib"), ("Syria", "c:sy")]
    );
    t!(
        discourse,
        "The Idlib province is tense, the province of Idlib too. Idlib is shelled. Later Idlib city was hit.",
        [
            ("Idlib province", "a:idlib"),
            ("province of Idlib", "a:idlib"),
            ("Idlib", "a:idlib"),
            ("Idlib", "p:idlib")
        ]
    );
    t!(
        city_of,
        "in the province of Idlib",
        [("province of Idlib", "a:idlib")]
    );
    t!(
        moscow_default,
        "Talks in Moscow failed.",
        [("Moscow", "p:moscow")]
    );
    t!(
        moscow_idaho,
        "Snow fell in Moscow, Idaho on Monday.",
        [("Moscow", "p:moscow-id"), ("Idaho", "a:idaho")]
    );
    t!(
        road_with_cue,
        "Syria: on the M4 highway and below the M4 later",
        [
            ("Syria", "c:sy"),
            ("M4 highway", "road:m4"),
            ("M4", "road:m4")
        ]
    );
    t!(
        road_cue_word,
        "In Syria the M4 road was cut",
        [("Syria", "c:sy"), ("M4", "road:m4")]
    );
    t!(road_elsewhere, "In Britain the M4 motorway was shut", []);
    t!(road_without_cue, "the M4 was quiet", []);
    t!(
        blocker,
        "the Free Syrian Army and Syrian forces",
        [("Syrian", "c:sy")]
    );
    t!(org_head, "a fellow at the Tahrir Institute said", []);
    t!(participle_title, "starting with Turkey Unpacked today", []);
    t!(demonym_kind, "Syrian troops", [("Syrian", "c:sy")]);

    #[test]
    fn char_offsets_are_code_points() {
        let g = gaz();
        let text = "Zāwiyah… Syria’s";
        let r = resolve(&g, text);
        let m = &r.mentions[0];
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[m.char_start..m.char_end].iter().collect();
        assert_eq!(s, "Syria");
    }

    #[test]
    fn reasons_are_recorded() {
        let g = gaz();
        let r = resolve(&g, "The province of Idlib.");
        assert!(
            r.mentions[0]
                .reason
                .contains("named as \"Province of Idlib\""),
            "{}",
            r.mentions[0].reason
        );
        let r = resolve(&g, "The Free Syrian Army.");
        assert!(r.excluded[0].why.contains("organisation"));
    }

    /// A second world for the document-level rules: same-named states,
    /// towns, countries and divisions.
    fn world() -> Gazetteer {
        fn place(id: &str, kind: Kind, name: &str, cc: &str, admin1: &str, pop: u64) -> Place {
            let (lat, lon) = match id {
                "a:ohio" => (40.2, -83.0),
                "a:oregon" => (44.0, -120.5),
                "a:washington" => (47.5, -120.5),
                "p:oregon-oh" => (41.6, -83.5),
                "p:washington-oh" => (40.5, -83.3),
                "c:mx" => (23.0, -102.0),
                "a:mexico" => (19.3, -99.7),
                "p:mexico-city" => (19.4, -99.1),
                "c:us" => (39.8, -98.6),
                "c:uy" => (-32.9, -56.0),
                "a:florida-us" => (28.7, -82.5),
                "a:florida-uy" => (-33.9, -55.9),
                "a:west-cm" => (5.5, 10.5),
                "p:islington" => (51.54, -0.1),
                "a:virginia" => (37.5, -78.8),
                "a:west-virginia" => (38.6, -80.6),
                "a:wyoming" => (43.0, -107.5),
                "p:washington-wv" => (39.2, -81.6),
                "c:gr" => (39.0, 22.0),
                "p:athens-gr" => (37.98, 23.72),
                "p:athens-us" => (33.96, -83.38),
                "p:london-gb" => (51.51, -0.13),
                "p:london-on" => (42.98, -81.23),
                "p:st-thomas-on" => (42.78, -81.19),
                "a:st-thomas-jm" => (17.95, -76.45),
                "c:jm" => (18.1, -77.3),
                "p:university" => (28.07, -82.43),
                "p:ive" => (50.0, 10.0),
                "a:day" => (45.4, -97.6),
                "p:cairns" => (-16.92, 145.77),
                "p:edmonton-au" => (-17.02, 145.74),
                "p:edmonton-ca" => (53.55, -113.47),
                _ => (0.0, 0.0),
            };
            let mut p = Place::new(id, kind, name, lat, lon);
            p.country = cc.into();
            p.admin1 = admin1.into();
            p.population = pop;
            p
        }
        let mut us = place(
            "c:us",
            Kind::Country,
            "United States",
            "US",
            "",
            327_000_000,
        );
        us.abbrevs = vec!["US".into()];
        let places = [
            us,
            place("c:mx", Kind::Country, "Mexico", "MX", "", 126_000_000),
            place("c:uy", Kind::Country, "Uruguay", "UY", "", 3_400_000),
            place("a:ohio", Kind::Admin1, "Ohio", "US", "", 0),
            place("a:oregon", Kind::Admin1, "Oregon", "US", "", 0),
            place("a:washington", Kind::Admin1, "Washington", "US", "", 0),
            place("p:oregon-oh", Kind::City, "Oregon", "US", "Ohio", 20_000),
            place(
                "p:washington-oh",
                Kind::City,
                "Washington",
                "US",
                "Ohio",
                16_000,
            ),
            place("a:mexico", Kind::Admin1, "México", "MX", "", 0),
            place(
                "p:mexico-city",
                Kind::City,
                "Mexico City",
                "MX",
                "México",
                12_000_000,
            ),
            // Uruguay's first: a tie would choose it.
            place("a:florida-uy", Kind::Admin1, "Florida", "UY", "", 0),
            place("a:florida-us", Kind::Admin1, "Florida", "US", "", 0),
            place("a:west-cm", Kind::Admin1, "West", "CM", "", 0),
            place(
                "p:islington",
                Kind::City,
                "Islington",
                "GB",
                "England",
                200_000,
            ),
            place("a:virginia", Kind::Admin1, "Virginia", "US", "", 0),
            place(
                "a:west-virginia",
                Kind::Admin1,
                "West Virginia",
                "US",
                "",
                0,
            ),
            place("a:wyoming", Kind::Admin1, "Wyoming", "US", "", 0),
            place(
                "p:washington-wv",
                Kind::City,
                "Washington",
                "US",
                "West Virginia",
                20_000,
            ),
            place("c:gr", Kind::Country, "Greece", "GR", "", 10_000_000),
            place("p:athens-gr", Kind::City, "Athens", "GR", "", 664_000),
            place("p:athens-us", Kind::City, "Athens", "US", "Georgia", 25_000),
            place(
                "p:london-gb",
                Kind::City,
                "London",
                "GB",
                "England",
                8_900_000,
            ),
            place(
                "p:london-on",
                Kind::City,
                "London",
                "CA",
                "Ontario",
                400_000,
            ),
            place(
                "p:st-thomas-on",
                Kind::City,
                "St. Thomas",
                "CA",
                "Ontario",
                38_000,
            ),
            place("a:st-thomas-jm", Kind::Admin1, "St. Thomas", "JM", "", 0),
            place("c:jm", Kind::Country, "Jamaica", "JM", "", 2_900_000),
            place(
                "p:university",
                Kind::City,
                "University",
                "US",
                "Florida",
                41_000,
            ),
            place("p:ive", Kind::City, "Ive", "DE", "", 20_000),
            place("a:day", Kind::Admin2, "Day", "US", "South Dakota", 0),
            place(
                "p:cairns",
                Kind::City,
                "Cairns",
                "AU",
                "Queensland",
                150_000,
            ),
            place(
                "p:edmonton-au",
                Kind::Town,
                "Edmonton",
                "AU",
                "Queensland",
                10_652,
            ),
            place(
                "p:edmonton-ca",
                Kind::City,
                "Edmonton",
                "CA",
                "Alberta",
                1_010_899,
            ),
        ];
        let dem = vec![Demonym {
            form: "Mexican".into(),
            place_id: "c:mx".into(),
        }];
        let mut g = Gazetteer::empty();
        g.push_places(&places, &dem, &[]).unwrap();
        g
    }

    fn world_ids(text: &str) -> Vec<(String, String)> {
        let g = world();
        let r = resolve(&g, text);
        ids(&g, &r)
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn listed_divisions_are_divisions_not_towns_in_each_other() {
        // Without the list rule, Oregon and Washington in Ohio win: they lie
        // in a division the text names.
        assert_eq!(
            world_ids("Cases were found in Ohio, Oregon and Washington."),
            pairs(&[
                ("Ohio", "a:ohio"),
                ("Oregon", "a:oregon"),
                ("Washington", "a:washington")
            ])
        );
        // A town in a named state still wins when its name is no division
        // the text supports.
        let g = world();
        let r = resolve(&g, "In Ohio, the town of Oregon.");
        assert_eq!(
            ids(&g, &r)[1],
            ("Oregon".to_string(), "p:oregon-oh".to_string())
        );
    }

    #[test]
    fn a_country_contains_the_places_named_in_it() {
        // "Mexico" is the country, not the State of Mexico next to Mexico
        // City, although a demonym names the country too.
        let got = world_ids("Mexican officials said schools in Mexico City closed. Mexico waits.");
        assert_eq!(
            got,
            pairs(&[
                ("Mexican", "c:mx"),
                ("Mexico City", "p:mexico-city"),
                ("Mexico", "c:mx")
            ])
        );
        let g = world();
        let r = resolve(&g, "Schools in Mexico City closed. Mexico waits.");
        assert!(
            r.mentions[1].reason.contains("contains \"Mexico City\""),
            "{}",
            r.mentions[1].reason
        );
    }

    #[test]
    fn divisions_weigh_with_their_country() {
        assert_eq!(
            world_ids("Storms hit Florida."),
            pairs(&[("Florida", "a:florida-us")])
        );
        // Document focus still wins: Uruguay is named.
        assert_eq!(
            world_ids("In Uruguay, storms hit Florida."),
            pairs(&[("Uruguay", "c:uy"), ("Florida", "a:florida-uy")])
        );
    }

    #[test]
    fn direction_words_need_a_kind_cue() {
        let g = world();
        let r = resolve(&g, "Farmers in West Prince and the West were hit.");
        assert!(r.mentions.is_empty(), "{:?}", ids(&g, &r));
        assert!(r.excluded.iter().all(|e| e.why.contains("direction word")));
        assert_eq!(r.excluded.len(), 2);
        assert_eq!(
            world_ids("Fighting in the West Region."),
            pairs(&[("West", "a:west-cm")])
        );
    }

    #[test]
    fn a_feature_head_makes_a_longer_name() {
        let g = world();
        let r = resolve(
            &g,
            "The boats were moored in Islington Bay, and later the council of Islington voted.",
        );
        assert_eq!(ids(&g, &r), pairs(&[("Islington", "p:islington")]));
        assert!(
            r.excluded[0].why.contains("\"Islington Bay\""),
            "{}",
            r.excluded[0].why
        );
    }

    #[test]
    fn a_long_list_of_divisions_is_no_x_comma_y() {
        // "Washington, West Virginia" inside a list of states: the state.
        assert_eq!(
            world_ids("Cases in Virginia, Washington, West Virginia and Wyoming."),
            pairs(&[
                ("Virginia", "a:virginia"),
                ("Washington", "a:washington"),
                ("West Virginia", "a:west-virginia"),
                ("Wyoming", "a:wyoming")
            ])
        );
        // Alone, it is the town in West Virginia.
        assert_eq!(
            world_ids("Police in Washington, West Virginia, said."),
            pairs(&[
                ("Washington", "p:washington-wv"),
                ("West Virginia", "a:west-virginia")
            ])
        );
    }

    #[test]
    fn x_comma_y_decides_the_later_mentions() {
        let g = world();
        let r = resolve(
            &g,
            "Talks in Athens, Greece, ended. Later Athens was quiet.",
        );
        assert_eq!(
            ids(&g, &r),
            pairs(&[
                ("Athens", "p:athens-gr"),
                ("Greece", "c:gr"),
                ("Athens", "p:athens-gr")
            ])
        );
        assert!(
            r.mentions[2].reason.contains("named with a cue elsewhere"),
            "{}",
            r.mentions[2].reason
        );
    }

    #[test]
    fn ambiguous_names_whose_senses_lie_together() {
        // Neither name is confident alone; London, Ontario and St. Thomas,
        // Ontario lie 25 km apart.
        let g = world();
        let r = resolve(&g, "Police in London and St. Thomas said roads were icy.");
        assert_eq!(
            ids(&g, &r),
            pairs(&[("London", "p:london-on"), ("St. Thomas", "p:st-thomas-on")])
        );
        assert!(
            r.mentions[0]
                .reason
                .contains("another name in the text may mean"),
            "{}",
            r.mentions[0].reason
        );
        // London alone is London.
        assert_eq!(
            world_ids("Police in London said roads were icy."),
            pairs(&[("London", "p:london-gb")])
        );
    }

    #[test]
    fn currencies_contractions_organisation_words_and_holidays() {
        let g = world();
        let r = resolve(
            &g,
            "Aid of US$5 million reached the US on Thanksgiving Day, and I've heard students at \
             the Ohio State University cheer.",
        );
        assert_eq!(ids(&g, &r), pairs(&[("US", "c:us"), ("Ohio", "a:ohio")]));
        let why: Vec<&str> = r.excluded.iter().map(|e| e.why.as_str()).collect();
        assert_eq!(why.len(), 4, "{why:?}");
        assert!(why[0].contains("currency"), "{why:?}");
        assert!(why[1].contains("holiday"), "{why:?}");
        assert!(why[2].contains("contraction"), "{why:?}");
        assert!(why[3].contains("organisation word"), "{why:?}");
        assert!(is_contraction("You\u{2019}d") && !is_contraction("N'Djamena"));
    }

    #[test]
    fn a_name_does_not_count_as_its_own_country_focus() {
        let countries = HashMap::from([("MX".to_string(), 1.0)]);
        let own = HashMap::from([("mexico".to_string(), vec![("MX".to_string(), 1.0)])]);
        let focus = Focus {
            countries: &countries,
            own: &own,
            top: Some("MX"),
        };
        assert_eq!(focus.named_by_others("MX", "mexico"), None);
        assert_eq!(focus.named_by_others("MX", "mexico city"), Some(1.0));
        assert_eq!(focus.named_by_others("US", "mexico city"), None);
    }

    #[test]
    fn a_place_right_next_to_a_named_one_beats_a_big_namesake() {
        // Edmonton, Queensland lies 16 km from Cairns: closer than 30 km, it
        // beats Edmonton, Alberta, a city a hundred times its size.
        let g = world();
        let r = resolve(
            &g,
            "Police in Cairns said a man from Edmonton was arrested.",
        );
        assert_eq!(
            ids(&g, &r),
            pairs(&[("Cairns", "p:cairns"), ("Edmonton", "p:edmonton-au")])
        );
        assert_eq!(
            world_ids("Police said a man from Edmonton was arrested."),
            pairs(&[("Edmonton", "p:edmonton-ca")])
        );
    }

    #[test]
    fn list_gaps() {
        for gap in [", ", " and ", ", and ", " or ", " & "] {
            assert!(is_list_gap(gap), "{gap:?}");
        }
        for gap in [" ", " in ", ". ", ", near ", ",, "] {
            assert!(!is_list_gap(gap), "{gap:?}");
        }
    }
}
