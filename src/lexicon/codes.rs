//! US state and Canadian province codes: postal codes ("MO", "ON"), AP and
//! Canadian Press abbreviations ("Tex.", "Calif.", "Ont.") and other
//! variants ("Nebr.", "Penna.", "Alta.") mapped to the first-level division
//! they stand for, so that "Springfield, MO" can be read as containment.
//!
//! Lookup is exact-case: "IN" is Indiana, "in" is nothing. Whether an
//! upper-case "IN", "OR" or "ME" is a code or an ordinary word is the
//! caller's decision (e.g. only after "City, "). A trailing dot is optional
//! on both sides: "Tex", "Tex." and "MO." all match.
//!
//! Source: `../shared/gazetteer-sources/us-ca-admin1-codes` (the `us`
//! package's state records, Natural Earth abbreviations and the hand table of
//! press abbreviations), checked by `gazetteer/build.py` and the build script
//! against the embedded places. US territories that GeoNames has as countries
//! (Puerto Rico, Guam, American Samoa, the Northern Mariana Islands, the
//! Virgin Islands and the three freely associated states) map to that country
//! place with an empty [`Admin1Code::admin1`]. The obsolete codes DK, OL and
//! PI have no place and are left out.

/// A first-level division (or, for US territories, the country GeoNames has
/// for them) that codes stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin1Code {
    /// ISO 3166-1 alpha-2 code of the unit's country in the gazetteer
    /// ("US", "CA"; "PR" for Puerto Rico).
    pub country: &'static str,
    /// The unit's place id in the embedded gazetteer (`geonames:N`).
    pub place_id: &'static str,
    /// The unit's name as the embedded places' `admin1` column spells it
    /// ("Missouri", "Washington, D.C."); empty when the gazetteer has the unit
    /// as a country.
    pub admin1: &'static str,
    /// The unit's display name in the gazetteer.
    pub name: &'static str,
    /// Its two-letter postal code ("MO").
    pub postal: &'static str,
}

/// What sort of form a code is, from most to least reliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeForm {
    /// A two-letter USPS or Canada Post code ("MO", "ON").
    Postal,
    /// The AP Stylebook or Canadian Press abbreviation ("Tex.", "Ont.").
    Abbreviation,
    /// Another abbreviation the sources give (Natural Earth, GPO and older
    /// forms: "Nebr.", "Penna.", "Miss", "Col."). Several are also ordinary
    /// words or titles, so they are weaker evidence.
    Variant,
}

// `UNITS` and `FORMS` (forms without their trailing dot, sorted), generated
// by build.rs from gazetteer/admin1_codes.tsv.
include!(concat!(env!("OUT_DIR"), "/admin1_codes.rs"));

/// The division a code form stands for, exact-case, trailing dot optional:
/// `admin1_by_code("MO")`, `admin1_by_code("Tex.")`.
///
/// ```
/// use geomention::lexicon::codes::admin1_by_code;
/// assert_eq!(admin1_by_code("Ont.").unwrap().admin1, "Ontario");
/// assert_eq!(admin1_by_code("MO").unwrap().place_id, "geonames:4398678");
/// assert!(admin1_by_code("in").is_none());
/// ```
pub fn admin1_by_code(form: &str) -> Option<&'static Admin1Code> {
    admin1_code_form(form).map(|(unit, _)| unit)
}

/// Like [`admin1_by_code`], with what sort of form matched.
pub fn admin1_code_form(form: &str) -> Option<(&'static Admin1Code, CodeForm)> {
    let key = form.strip_suffix('.').unwrap_or(form);
    let i = FORMS.binary_search_by(|(k, _, _)| k.cmp(&key)).ok()?;
    let (_, unit, kind) = FORMS[i];
    Some((&UNITS[usize::from(unit)], kind))
}

/// Every unit in the table (72: 50 states, DC, 8 territories and freely
/// associated states, 13 provinces and territories).
pub fn admin1_codes() -> &'static [Admin1Code] {
    UNITS
}

/// A big city's initials that GeoNames carries as its alternate name
/// ("NYC", "SF", "KL"): `gazetteer/city_abbreviations.tsv`, written by
/// `gazetteer/lexicons.py` (cities of at least 500,000 people, forms that
/// are the initials of the city's own name, neither a common English word
/// nor a person's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CityAbbreviation {
    /// The initials, upper case.
    pub form: &'static str,
    /// The city's place id in the embedded gazetteer (`geonames:N`).
    pub place_id: &'static str,
    /// The city's name in the gazetteer.
    pub name: &'static str,
}

static CITY_ABBREVIATIONS_TSV: &str = include_str!("../../gazetteer/city_abbreviations.tsv");

/// Every city abbreviation, sorted by form.
pub fn city_abbreviations() -> &'static [CityAbbreviation] {
    static LIST: std::sync::OnceLock<Vec<CityAbbreviation>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<CityAbbreviation> = (CITY_ABBREVIATIONS_TSV.lines().skip(1))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(CityAbbreviation {
                    form: f.next()?,
                    place_id: f.next()?,
                    name: f.next()?,
                })
            })
            .collect();
        v.sort_by_key(|c| c.form);
        v
    })
}

/// What an upper-case form written on its own may stand for: a US state's
/// or Canadian province's two-letter postal code ("CA", "ON"), a big
/// city's initials ("NYC"), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standalone {
    /// The unit whose postal code the form is.
    pub postal: Option<&'static Admin1Code>,
    /// The city whose initials the form are.
    pub city: Option<&'static CityAbbreviation>,
}

impl Standalone {
    /// The places it may stand for: place id, name in the gazetteer, and
    /// the form as the table spells it.
    pub fn places(&self) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
        (self
            .postal
            .map(|u| (u.place_id, u.name, u.postal))
            .into_iter())
        .chain(self.city.map(|c| (c.place_id, c.name, c.form)))
    }
}

/// The postal code or city initials that `form` is, exact-case and
/// without a dot: `standalone_code("CA")`, `standalone_code("NYC")`;
/// "Ca", "ca" and "Calif." are none.
pub fn standalone_code(form: &str) -> Option<Standalone> {
    if !(2..=4).contains(&form.len()) || !form.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // A territory's code ("MP", "PR", "AS", "MH") is mostly another
    // acronym; the territories are countries in the gazetteer, named as such.
    let postal = admin1_code_form(form)
        .filter(|(u, kind)| *kind == CodeForm::Postal && u.postal == form && !u.admin1.is_empty())
        .map(|(u, _)| u);
    let cities = city_abbreviations();
    let city = (cities.binary_search_by(|c| c.form.cmp(form)).ok()).map(|i| &cities[i]);
    (postal.is_some() || city.is_some()).then_some(Standalone { postal, city })
}

/// Whether the bytes `start..end` of `text` are a word of their own that
/// can be a code: no letter or digit joined to either side ("MH17",
/// "CO2", "AK-47" and "3DS" are no codes), not an @handle or a web
/// address's part ("@CA", "ca.gov"), and not a tweet's "MT @user" (a
/// modified tweet).
pub fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_');
    if joined(before) || joined(next) {
        return false;
    }
    // "(D-CA)", "US-MX": a code hyphened to a word before it is part of a
    // compound label, not a place written on its own.
    let hyphened = text[..start]
        .strip_suffix('-')
        .and_then(|t| t.chars().next_back());
    if hyphened.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let second = after.next();
    let dash = matches!(
        next,
        Some('-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '/' | '.')
    );
    if dash && second.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    // "ca.gov": a dot with a letter right after it.
    if next == Some('.') && second.is_some_and(char::is_alphanumeric) {
        return false;
    }
    !text[end..]
        .trim_start_matches([' ', '\u{a0}'])
        .starts_with('@')
}

/// Whether the code at `start..end` is one word of a run in capitals
/// ("VIOLENCE IN AMERICA", "AREAS IN OH THIS"): a neighbour word on the
/// same line, across spaces only, is written in capitals (two letters or
/// more) and is no code itself. A dateline's "LOUISVILLE, KY" is no run:
/// the comma parts them.
pub fn in_caps_run(text: &str, start: usize, end: usize) -> bool {
    let caps = |w: &str| {
        w.len() >= 2 && w.chars().all(|c| c.is_uppercase()) && standalone_code(w).is_none()
    };
    let before = text[..start].strip_suffix(' ').map(|t| {
        let from = (t.char_indices().rev())
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        &t[from..]
    });
    let after = text[end..].strip_prefix(' ').map(|t| {
        let to = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
        &t[..to]
    });
    before.is_some_and(caps) || after.is_some_and(caps)
}

/// Whether the line around byte `at`, within 60 bytes on each side, is
/// written in capitals (no lower-case letter, or fewer than one in ten of
/// eight letters or more): a headline, where a code cannot be told from a
/// word. A short window keeps the check cheap for every code found.
pub fn caps_around(text: &str, at: usize) -> bool {
    crate::matcher::caps_line(crate::matcher::line_within(text, at, 60))
}

/// Whether a code at `start..end` is read as one where it is written
/// ([`stands_alone`], not in a run of capitals ([`in_caps_run`]) nor on a
/// line in capitals ([`caps_around`])): the matcher's test for a code on
/// its own and for a gazetteer abbreviation that spells one.
pub fn read_as_code_here(text: &str, start: usize, end: usize) -> bool {
    stands_alone(text, start, end) && !in_caps_run(text, start, end) && !caps_around(text, start)
}

/// The tokens of a normalized text (words between single spaces, see
/// [`crate::normalize`]) that are the lower-case key of a postal code or
/// of a city's initials: their byte ranges in the normalized text. Whether
/// the original is written in capitals is the caller's check
/// ([`standalone_code`] on the original surface).
pub fn code_tokens(normalized: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = normalized.as_bytes();
    memchr_spaces(bytes).filter(move |&(s, e)| is_code_token(&bytes[s..e]))
}

/// Whether a token of a normalized text is the lower-case key of a postal
/// code or of a city's initials (see [`code_tokens`]).
#[inline]
pub fn is_code_token(tok: &[u8]) -> bool {
    // A two-letter key (every postal code, most tokens asked) is one bit
    // of `two[a]`, bit `b` for the letters `a`, `b`: no search. A longer
    // key (a city's initials) is packed into one number (at most four
    // bytes) and searched among the few such keys, after `pairs[a]` (bit
    // `b` when a longer key starts with `a`, `b`) has turned most words
    // away on their first two letters.
    struct Keys {
        two: [u32; 26],
        pairs: [u32; 26],
        longer: Vec<u32>,
    }
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let postal = FORMS.iter().filter(|(_, _, k)| *k == CodeForm::Postal);
        let lower: Vec<String> = (postal.map(|(f, _, _)| f.to_ascii_lowercase()))
            .chain(
                city_abbreviations()
                    .iter()
                    .map(|c| c.form.to_ascii_lowercase()),
            )
            .collect();
        let (mut two, mut pairs, mut longer) = ([0u32; 26], [0u32; 26], Vec::new());
        for k in &lower {
            if let [a @ b'a'..=b'z', b @ b'a'..=b'z', rest @ ..] = k.as_bytes() {
                let bit = 1 << (b - b'a');
                if rest.is_empty() {
                    two[usize::from(a - b'a')] |= bit;
                } else if rest.len() <= 2 {
                    pairs[usize::from(a - b'a')] |= bit;
                    longer.push(pack(k.as_bytes()));
                }
            }
        }
        longer.sort_unstable();
        longer.dedup();
        Keys { two, pairs, longer }
    });
    if !(2..=4).contains(&tok.len()) || !tok.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let (a, bit) = (usize::from(tok[0] - b'a'), 1 << (tok[1] - b'a'));
    if tok.len() == 2 {
        return keys.two[a] & bit != 0;
    }
    keys.pairs[a] & bit != 0 && keys.longer.binary_search(&pack(tok)).is_ok()
}

/// Up to four bytes as one number.
fn pack(key: &[u8]) -> u32 {
    key.iter().fold(0, |n, &b| (n << 8) | u32::from(b))
}

/// The (start, end) of each run of bytes between spaces.
fn memchr_spaces(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let s = at;
            let e = (bytes[s..].iter().position(|&b| b == b' ')).map_or(bytes.len(), |i| s + i);
            at = e + 1;
            if e > s {
                return Some((s, e));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin1(form: &str) -> Option<&'static str> {
        admin1_by_code(form).map(|u| u.admin1)
    }

    #[test]
    fn postal_codes_are_exact_case() {
        assert_eq!(admin1("MO"), Some("Missouri"));
        assert_eq!(admin1("ON"), Some("Ontario"));
        assert_eq!(admin1("IN"), Some("Indiana"));
        assert_eq!(admin1("DC"), Some("Washington, D.C."));
        for word in ["in", "In", "mo", "Mo", "on", "or", "me"] {
            assert!(
                admin1_code_form(word).is_none_or(|(_, k)| k != CodeForm::Postal),
                "{word}"
            );
        }
        assert_eq!(admin1("in"), None);
        assert_eq!(admin1("XX"), None);
        assert_eq!(admin1(""), None);
    }

    #[test]
    fn press_abbreviations_with_or_without_dot() {
        for (form, want) in [
            ("Tex.", "Texas"),
            ("Tex", "Texas"),
            ("Calif.", "California"),
            ("Ont.", "Ontario"),
            ("N.Y.", "New York"),
            ("W.Va.", "West Virginia"),
            ("Alta.", "Alberta"),
            ("Mo.", "Missouri"),
            ("MO.", "Missouri"),
        ] {
            assert_eq!(admin1(form), Some(want), "{form}");
        }
        assert_eq!(admin1("tex."), None);
        assert_eq!(admin1("Texas"), None, "names are not codes");
    }

    #[test]
    fn forms_say_how_reliable_they_are() {
        assert_eq!(admin1_code_form("TX").unwrap().1, CodeForm::Postal);
        assert_eq!(admin1_code_form("Ky.").unwrap().1, CodeForm::Abbreviation);
        assert_eq!(admin1_code_form("Nebr.").unwrap().1, CodeForm::Variant);
    }

    #[test]
    fn standalone_codes_are_upper_case_postal_codes_and_city_initials() {
        let ca = standalone_code("CA").unwrap();
        assert_eq!(ca.postal.unwrap().admin1, "California");
        assert!(ca.city.is_none());
        let nyc = standalone_code("NYC").unwrap();
        assert_eq!(nyc.city.unwrap().name, "New York City");
        assert!(nyc.postal.is_none());
        for no in [
            "Ca", "ca", "Calif.", "Tex", "N.Y.", "XQ", "NYCS", "C", "MP", "PR",
        ] {
            assert_eq!(standalone_code(no), None, "{no}");
        }
        let alone = |t: &str, w: &str| {
            let s = t.find(w).unwrap();
            stands_alone(t, s, s + w.len())
        };
        assert!(alone("Fires in CA.", "CA") && alone("#NJ rocks", "NJ") && alone("NE/KS", "NE"));
        assert!(alone("(NYC)", "NYC") && alone("Moore, OK, tornado", "OK"));
        assert!(alone("in NYC. Then", "NYC") && alone("in NYC.", "NYC"));
        let no = [
            ("MH17 fell", "MH"),
            ("an AK-47", "AK"),
            ("CO2 rises", "CO"),
            ("(D-CA)", "CA"),
        ];
        for (t, w) in no {
            assert!(!alone(t, w), "{t}");
        }
        for (t, w) in [
            ("@CA said", "CA"),
            ("see ca.gov", "ca"),
            ("MT @bob: hi", "MT"),
        ] {
            assert!(!alone(t, w), "{t}");
        }
        let run = |t: &str, w: &str| {
            let s = t.find(w).unwrap();
            in_caps_run(t, s, s + w.len())
        };
        assert!(run("GUN VIOLENCE IN AMERICA", "IN") && run("AREAS IN OH THIS", "OH"));
        assert!(!run("LOUISVILLE, KY--(Wire)", "KY") && !run("NE/KS border", "KS"));
        assert!(!run("CLINT\u{2014} CA now", "CA") && run("\u{c9}T\u{c9} CA now", "CA"));
        assert!(!run("in Beltsville, MD http", "MD") && !run("the #AR and #TN line", "TN"));
        assert!(caps_around("FIRE IN CA NOW\nsmoke in CA", 8));
        assert!(!caps_around("FIRE IN CA NOW\nsmoke in CA", 24));
        let places: Vec<_> = standalone_code("ON").unwrap().places().collect();
        assert_eq!(places, [("geonames:6093943", "Ontario", "ON")]);
        let n = " fires in ca | and nyc now | on ";
        let found: Vec<&str> = code_tokens(n).map(|(s, e)| &n[s..e]).collect();
        assert_eq!(found, ["in", "ca", "nyc", "on"]);
    }

    #[test]
    fn code_tokens_are_exactly_the_lower_case_keys() {
        // Against the keys listed plainly: every two- and three-letter
        // word of a to z, every key and every key with one letter changed.
        let keys: std::collections::BTreeSet<String> = (FORMS.iter())
            .filter(|(_, _, k)| *k == CodeForm::Postal)
            .map(|(f, _, _)| f.to_ascii_lowercase())
            .chain(
                city_abbreviations()
                    .iter()
                    .map(|c| c.form.to_ascii_lowercase()),
            )
            .collect();
        let mut words: Vec<Vec<u8>> = Vec::new();
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                words.push(vec![a, b]);
                words.extend((b'a'..=b'z').map(|c| vec![a, b, c]));
            }
        }
        for k in &keys {
            for i in 0..k.len() {
                for c in (b'a'..=b'z').chain([b'A', b'1']) {
                    let mut w = k.clone().into_bytes();
                    w[i] = c;
                    words.push(w);
                }
            }
            words.push(format!("{k}a").into_bytes());
        }
        let mut found = 0;
        for w in &words {
            let want = keys.contains(std::str::from_utf8(w).unwrap());
            assert_eq!(is_code_token(w), want, "{}", String::from_utf8_lossy(w));
            found += usize::from(want);
        }
        assert!(found > keys.len() && keys.iter().any(|k| k.len() > 2));
        assert!(!is_code_token(b"") && !is_code_token(b"c") && !is_code_token(b"nycab"));
    }

    /// Each city's initials name an embedded city and are no word of the
    /// lexicons, unless they are a postal code too ("LA": read as a code
    /// already, the city is the code's other sense).
    #[test]
    fn city_abbreviations_join_the_embedded_gazetteer_and_are_no_words() {
        let g = crate::Gazetteer::embedded().unwrap();
        assert_eq!(city_abbreviations().len(), 10);
        for c in city_abbreviations() {
            let p = g.place(g.by_id(c.place_id).expect(c.place_id));
            assert_eq!((p.name(), p.kind()), (c.name, crate::gazetteer::Kind::City));
            let postal = standalone_code(c.form).is_some_and(|s| s.postal.is_some());
            if postal {
                assert_eq!(c.form, "LA");
                continue;
            }
            let lower = c.form.to_ascii_lowercase();
            assert!(!crate::lexicon::words::is_common_word(&lower), "{}", c.form);
            assert!(
                crate::lexicon::names::person_name(&lower).is_none(),
                "{}",
                c.form
            );
        }
    }

    #[test]
    fn units_join_the_embedded_gazetteer() {
        let g = crate::Gazetteer::embedded().unwrap();
        assert_eq!(admin1_codes().len(), 72);
        for u in admin1_codes() {
            let p = g.place(g.by_id(u.place_id).expect(u.place_id));
            assert_eq!(p.name(), u.name);
            assert_eq!(p.country(), u.country);
            assert_eq!(u.postal.len(), 2, "{}", u.name);
            assert_eq!(admin1_by_code(u.postal), Some(u));
        }
        let pr = admin1_by_code("PR").unwrap();
        assert_eq!((pr.country, pr.admin1), ("PR", ""));
    }
}
