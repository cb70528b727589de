//! Matching: find every gazetteer name in a document, on token boundaries,
//! with the capitalisation rules that keep common words out.
//!
//! The [`Matcher`] runs the gazetteer's automata over the
//! [`normalize`](crate::normalize)d text, maps each hit back to the original
//! text, drops entries whose case does not fit (an abbreviation such as
//! "M4" or "U.S." must match exactly; a name must be capitalised unless the
//! whole text is lower-case), and then keeps the leftmost-longest hits, so
//! "Idlib province" wins over "Idlib" and "Free Syrian Army" over "Syrian".

use crate::gazetteer::{FormKind, Gazetteer, KeyHit, PlaceId};
use crate::normalize::{NormalizedText, normalize_into};

/// A form as the gazetteer spells it, borrowed from the gazetteer's index
/// (matching copies no strings). Reads as a `str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Form<'g>(pub &'g str);

impl<'g> Form<'g> {
    /// The form.
    pub fn as_str(&self) -> &'g str {
        self.0
    }
}

impl std::ops::Deref for Form<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Form<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for Form<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Form<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One entry behind a matched name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'g> {
    /// The place, or `None` for a blocker (a name that is not a place).
    pub place: Option<PlaceId>,
    /// How the form matched.
    pub form_kind: FormKind,
    /// The form as the gazetteer spells it.
    pub form: Form<'g>,
}

/// A name found in a document, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'g> {
    /// Byte offset of the name in the original text.
    pub start: usize,
    /// Byte offset just past the name in the original text.
    pub end: usize,
    /// Start of the name in the normalized text.
    pub norm_start: usize,
    /// End of the name in the normalized text.
    pub norm_end: usize,
    /// Every gazetteer entry the name may refer to.
    pub entries: Vec<Entry<'g>>,
}

impl Candidate<'_> {
    /// Whether the name is a blocker (an organisation or publication name).
    pub fn is_blocker(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.form_kind == FormKind::Blocker)
    }
}

/// Case handling for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseMode {
    /// Decide from the text: lower-case mode when the text has almost no
    /// capital letters.
    #[default]
    Auto,
    /// Names must be capitalised (abbreviations must match exactly).
    Strict,
    /// Ignore capitalisation for names (abbreviations still match exactly).
    Ignore,
}

/// Finds names of a gazetteer in text.
#[derive(Debug, Clone, Copy)]
pub struct Matcher<'g> {
    gazetteer: &'g Gazetteer,
    case: CaseMode,
}

/// A document's text with its normalized copy and the candidates in it.
/// The forms of the candidates are borrowed from the gazetteer, so `'t` is
/// the shorter of the text's and the gazetteer's lifetimes.
#[derive(Debug, Clone)]
pub struct Matched<'t> {
    /// The original text.
    pub text: &'t str,
    /// The normalized copy.
    pub normalized: NormalizedText,
    /// The chosen (non-overlapping, leftmost-longest) candidates, in order.
    pub candidates: Vec<Candidate<'t>>,
}

/// Buffers a thread reuses from one document to the next (see
/// [`Matcher::find_with`]): the normalized text and its offset maps, and the
/// key hits.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: NormalizedText,
    hits: Vec<KeyHit>,
}

impl Scratch {
    /// Takes back the buffers of a document's [`Matched`] once it is no
    /// longer needed, for the next document.
    pub fn recycle(&mut self, matched: Matched<'_>) {
        self.normalized = matched.normalized;
    }
}

impl<'g> Matcher<'g> {
    /// A matcher over a gazetteer.
    pub fn new(gazetteer: &'g Gazetteer) -> Matcher<'g> {
        Matcher {
            gazetteer,
            case: CaseMode::Auto,
        }
    }

    /// Sets the case mode.
    pub fn case_mode(&mut self, case: CaseMode) -> &mut Self {
        self.case = case;
        self
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Finds the names in a text.
    pub fn find<'t>(&self, text: &'t str) -> Matched<'t>
    where
        'g: 't,
    {
        self.find_with(text, &mut Scratch::default())
    }

    /// Finds the names in a text, reusing the buffers of `scratch` (give
    /// them back with [`Scratch::recycle`]).
    pub fn find_with<'t>(&self, text: &'t str, scratch: &mut Scratch) -> Matched<'t>
    where
        'g: 't,
    {
        let mut normalized = std::mem::take(&mut scratch.normalized);
        normalize_into(text, &mut normalized);
        let ignore_case = match self.case {
            CaseMode::Ignore => true,
            CaseMode::Strict => false,
            CaseMode::Auto => mostly_lowercase(text),
        };
        let hits = &mut scratch.hits;
        hits.clear();
        self.gazetteer.find_keys_into(&normalized.text, hits);
        self.gazetteer
            .find_variant_keys_into(&normalized, text, hits);
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        // Leftmost-longest over the hits whose entries fit: sorted by start,
        // longest first at each start. A hit that starts inside the last
        // chosen candidate is never chosen, so its entries are not even
        // looked at; one with the same span (another layer) adds to it.
        let mut candidates: Vec<Candidate<'t>> = Vec::new();
        let mut last_end = 0;
        for hit in hits.iter() {
            let same_span = candidates
                .last()
                .is_some_and(|c| c.norm_start == hit.start && c.norm_end == hit.end);
            if hit.start < last_end && !same_span {
                continue;
            }
            let (start, end) = normalized.original_range(hit.start, hit.end);
            let surface = &text[start..end];
            let fits = self.fitting_entries(text, start, surface, hit, ignore_case);
            match candidates.last_mut() {
                Some(last) if same_span => last.entries.extend(fits),
                _ => {
                    let entries: Vec<Entry<'t>> = fits.collect();
                    if entries.is_empty() {
                        continue;
                    }
                    last_end = hit.end;
                    candidates.push(Candidate {
                        start,
                        end,
                        norm_start: hit.start,
                        norm_end: hit.end,
                        entries,
                    });
                }
            }
        }
        Matched {
            text,
            normalized,
            candidates,
        }
    }

    /// The entries of a hit whose capitalisation fits the surface.
    fn fitting_entries<'h>(
        &self,
        text: &'h str,
        start: usize,
        surface: &'h str,
        hit: &'h KeyHit,
        ignore_case: bool,
    ) -> impl Iterator<Item = Entry<'g>> + 'h
    where
        'g: 'h,
    {
        // Only an all-caps surface needs to know whether its line is a
        // headline in capitals; most hits skip the line scan.
        let surface_caps = surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let line_caps = surface_caps && line_is_caps(text, start);
        // "Orum al-Kubra": a name before an Arabic article phrase is the
        // first word of a longer Arabic name, not a town elsewhere.
        let arabic_only = crate::translit::article_phrase_follows(&text[start + surface.len()..]);
        let fits = !hit.variant || Gazetteer::variant_fits(text, start, surface);
        let g = self.gazetteer;
        self.gazetteer
            .entries(hit)
            .filter(move |(_, fk, form)| {
                fits && case_fits(*fk, form, surface, ignore_case, line_caps)
            })
            .filter(move |(place, _, form)| {
                !arabic_only
                    || place.is_none_or(|p| {
                        let p = g.place(p);
                        crate::translit::may_lead_arabic_name(p.kind(), p.country(), form)
                    })
            })
            .map(|(place, form_kind, form)| Entry {
                place,
                form_kind,
                form: Form(form),
            })
    }
}

/// Whether a text is written (almost) without capital letters: none at all
/// ("we flew to germany"), or fewer than one letter in 200 in a text of 20
/// letters or more.
fn mostly_lowercase(text: &str) -> bool {
    let mut letters = 0usize;
    let mut upper = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    (letters > 0 && upper == 0) || (letters >= 20 && upper * 200 < letters)
}

/// Whether the line around a byte offset is written in capitals (a
/// headline, or a line with no lower-case letter at all, such as a query
/// "SYRIA"), so all-caps names are expected there.
fn line_is_caps(text: &str, at: usize) -> bool {
    let line = line_around(text, at);
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let lower = line.chars().filter(|c| c.is_lowercase()).count();
    (letters > 0 && lower == 0) || (letters >= 8 && lower * 10 < letters)
}

/// The line around a byte offset, at most about 200 bytes on each side (a
/// text without line breaks must not make every lookup scan all of it).
pub(crate) fn line_around(text: &str, at: usize) -> &str {
    let mut lo = at.saturating_sub(200);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (at + 200).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let s = text[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1);
    let e = text[at..hi].find('\n').map_or(hi, |i| at + i);
    &text[s..e]
}

/// Strips what does not change an abbreviation: dots, spaces, hyphens.
fn abbrev_core(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !matches!(c, '.' | ' ' | '-' | '\u{a0}'))
}

/// Lower-case generic words that may start a name written in running text.
const GENERIC_LEADS: &[&str] = &[
    "province",
    "governorate",
    "city",
    "town",
    "village",
    "state",
    "region",
    "district",
    "county",
    "gulf",
    "sea",
    "lake",
    "river",
    "mount",
    "island",
    "islands",
    "republic",
    "kingdom",
    "port",
    "bay",
    "strait",
    "cape",
    "emirate",
    "municipality",
];

/// Whether a surface is a lower-case romanized Arabic article before a
/// capitalised name ("al-Bab", "ar-Raqqa", "ash-Sham", "al Qaim"): the
/// article is written in lower case in running text, the name is not.
fn article_lead(surface: &str) -> bool {
    let Some(i) = surface.find(['-', ' ', '\u{2010}', '\u{2011}']) else {
        return false;
    };
    let (article, rest) = surface.split_at(i);
    let hyphen = !rest.starts_with(' ');
    let known = matches!(article, "al" | "el")
        || (hyphen
            && matches!(
                article,
                "an" | "ar" | "as" | "ash" | "at" | "ad" | "az" | "adh" | "ath"
            ));
    known
        && rest
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
}

/// The capitalisation rules.
fn case_fits(fk: FormKind, form: &str, surface: &str, ignore_case: bool, line_caps: bool) -> bool {
    match fk {
        FormKind::Abbrev => abbrev_core(form).eq(abbrev_core(surface)),
        FormKind::Name | FormKind::Demonym | FormKind::Blocker => {
            let Some(first) = surface.chars().find(|c| c.is_alphanumeric()) else {
                return false;
            };
            if first.is_numeric() {
                return true;
            }
            let all_caps = surface
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
            if all_caps && letters <= 3 {
                // "US", "IT", "OR": only as an exact form.
                return form == surface;
            }
            if all_caps && !line_caps && letters <= 5 && form.chars().any(char::is_lowercase) {
                // A short all-caps word in running text is an acronym
                // ("NICE", "BATH"), not the place.
                return false;
            }
            if first.is_uppercase() || ignore_case || !first.is_lowercase() {
                // A script without case (Arabic) has no capitals to check.
                return true;
            }
            if article_lead(surface) {
                return true;
            }
            // "province of Idlib", "city of Hatay": a lower-case generic
            // word before a capitalised name.
            let words: Vec<&str> = surface.split_whitespace().collect();
            words.len() > 1
                && GENERIC_LEADS.contains(&words[0])
                && words
                    .last()
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Demonym, Kind, Place};

    fn gaz() -> Gazetteer {
        let mut idlib = Place::new("a:1", Kind::Admin1, "Idlib", 35.7, 36.6);
        idlib.names = vec!["Idlib Province".into(), "Province of Idlib".into()];
        let bern = Place::new("a:2", Kind::City, "Bern", 46.9, 7.4);
        let nice = Place::new("a:3", Kind::City, "Nice", 43.7, 7.2);
        let mut m4 = Place::new("a:4", Kind::Road, "M4 highway", 35.8, 36.6);
        m4.abbrevs = vec!["M4".into()];
        let mut us = Place::new("a:5", Kind::Country, "United States", 39.0, -98.0);
        us.abbrevs = vec!["U.S.".into(), "US".into()];
        let syria = Place::new("a:6", Kind::Country, "Syria", 35.0, 38.0);
        let mut al_idlib = Place::new("a:7", Kind::City, "Al Idlib", 35.9, 36.6);
        al_idlib.names = vec!["إدلب".into()];
        let dem = vec![Demonym {
            form: "Syrian".into(),
            place_id: "a:6".into(),
        }];
        let mut g = Gazetteer::empty();
        g.push_places(
            &[idlib, bern, nice, m4, us, syria, al_idlib],
            &dem,
            &["Free Syrian Army".to_string()],
        )
        .unwrap();
        g
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<String> {
        let m = Matcher::new(g).find(text);
        m.candidates
            .iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    macro_rules! t {
        ($name:ident, $text:expr, [$($want:expr),*]) => {
            #[test]
            fn $name() {
                let g = gaz();
                let want: Vec<String> = vec![$($want.to_string()),*];
                assert_eq!(found(&g, $text), want);
            }
        };
    }

    t!(word_boundary, "Bernard met Bern.", ["Bern"]);
    t!(longest, "in Idlib province today", ["Idlib province"]);
    t!(province_of, "the province of Idlib.", ["province of Idlib"]);
    t!(possessive, "Syria’s last province", ["Syria"]);
    t!(common_word_lower, "a nice day in Nice", ["Nice"]);
    t!(acronym_not_place, "the NICE guidance", []);
    t!(abbrev_exact, "the M4 and the m4 and M-4", ["M4", "M-4"]);
    t!(abbrev_dots, "the U.S. and us", ["U.S"]);
    t!(
        blocker_wins,
        "the Free Syrian Army said",
        ["Free Syrian Army"]
    );
    t!(demonym, "Syrian forces", ["Syrian"]);
    t!(
        lower_case_article,
        "troops entered al-Idlib and al Idlib but not al-idlib",
        ["al-Idlib", "al Idlib"]
    );
    t!(
        arabic_in_english_text,
        "Shelling hit إدلب and Bern",
        ["إدلب", "Bern"]
    );
    t!(barrier, "Bern. Nice", ["Bern", "Nice"]);
    t!(
        headline_caps,
        "CLASHES ERUPT IN IDLIB AS TALKS FAIL\nmore text here",
        ["IDLIB"]
    );

    #[test]
    fn lowercase_text_mode() {
        let g = gaz();
        let text = "clashes in idlib province and talks in bern went on for many hours today";
        assert_eq!(found(&g, text), vec!["idlib province", "bern"]);
    }

    #[test]
    fn format_chars_do_not_split_words() {
        // Issue 11: a zero-width joiner inside "Ankara" gave a false "Ank".
        let mut g = Gazetteer::empty();
        let ankara = Place::new("t:1", Kind::City, "Ankara", 39.9, 32.8);
        let ank = Place::new("t:2", Kind::City, "Ank", 10.0, 10.0);
        g.push_places(&[ankara, ank], &[], &[]).unwrap();
        let text = "talks in Ank\u{200d}ara and Ank\u{ad}ara today";
        assert_eq!(found(&g, text), vec!["Ank\u{200d}ara", "Ank\u{ad}ara"]);
    }

    #[test]
    fn reused_scratch_finds_the_same() {
        let g = gaz();
        let matcher = Matcher::new(&g);
        let mut scratch = Scratch::default();
        let texts = [
            "CLASHES ERUPT IN IDLIB AS TALKS FAIL\nmore text here, a long first one",
            "the U.S. and us",
            "",
            "in Idlib province today, Syria’s last province, Bern. Nice",
        ];
        for text in texts {
            let fresh = matcher.find(text);
            let reused = matcher.find_with(text, &mut scratch);
            assert_eq!(reused.candidates, fresh.candidates);
            assert_eq!(reused.normalized.text, fresh.normalized.text);
            scratch.recycle(reused);
        }
    }

    #[test]
    fn same_name_in_two_layers_is_one_candidate() {
        let mut g = gaz();
        let bern = Place::new("b:1", Kind::City, "Bern", 40.0, -80.0);
        g.push_places(&[bern], &[], &[]).unwrap();
        let m = Matcher::new(&g).find("talks in Bern today");
        assert_eq!(m.candidates.len(), 1);
        assert_eq!(m.candidates[0].entries.len(), 2);
        assert_eq!(m.candidates[0].entries[1].form, "Bern");
    }

    #[test]
    fn key_automaton_finds_the_same_hits() {
        let mut g = gaz();
        let mut idlib = Place::new("b:1", Kind::City, "Idlib", 35.9, 36.6);
        idlib.names = vec!["Idlib City".into(), "Province".into()];
        g.push_places(&[idlib], &[], &[]).unwrap();
        let texts = [
            "in Idlib province today, Syria’s last province, Bern. Nice",
            "the Free Syrian Army near Idlib City and the U.S. and the M4",
            "idlib province idlib city bern bern bern",
            "",
            " ",
        ];
        let matcher = Matcher::new(&g);
        let walk: Vec<_> = texts
            .iter()
            .map(|t| {
                let n = crate::normalize::normalize(t);
                (g.find_keys(&n.text), matcher.find(t).candidates)
            })
            .collect();
        assert!(walk.iter().map(|w| w.0.len()).sum::<usize>() > 20);
        g.prepare_automata();
        for (t, (hits, candidates)) in texts.iter().zip(walk) {
            let n = crate::normalize::normalize(t);
            assert_eq!(g.find_keys(&n.text), hits, "{t}");
            assert_eq!(matcher.find(t).candidates, candidates, "{t}");
        }
    }

    #[test]
    fn matcher_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Gazetteer>();
        check::<Matcher<'static>>();
    }
}
