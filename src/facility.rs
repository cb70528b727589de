//! Streets, roads, parks and buildings that the gazetteer does not hold
//! ("Dufferin Street", "County Road 12", "Victoria Park", "Al-Shifa
//! Hospital"): the stage after resolution finds them by their head word
//! ([`crate::lexicon::facilities`]) and counts each as a mention of kind
//! `facility`, placed at the town the text puts it in:
//!
//! 1. a town, city or county named right after it ("Dufferin Street in
//!    Toronto", "Main Street, Springfield");
//! 2. else the town, city or county the document names most (the nearest
//!    of those);
//! 3. else the town its own name carries ("London Road" leads to London);
//!
//! With no town to place it, the name is not counted but kept among the
//! excluded names ("a street or road with no town in the text to place
//! it"), which the coverage report lists.
//!
//! A place name inside such a name ("Dufferin" of "Dufferin Street") is
//! not a mention of its own: it moves to the excluded names. A name the
//! gazetteer has whole (an airport, "Golden Gate Bridge") stays as it is.

use std::collections::HashMap;
use std::ops::Range;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::lexicon::facilities::{FacilityClass, head_class};
use crate::lexicon::text::{CharCounter, is_capitalized, sentence_initial, title_case_line};
use crate::lexicon::words::{ROAD_HEADS, STOP_WORDS, is_common_word, is_person_title, is_title};
use crate::resolve::{Excluded, Mention, MentionKind, Resolved};

/// A street-level name found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    /// Byte offset of its first word.
    pub start: usize,
    /// Byte offset of its head word.
    pub head: usize,
    /// Byte offset just past its head word (and number).
    pub end: usize,
    /// Whether the head is a road word with a number ("Highway 403"): the
    /// name before it is optional.
    pub numbered: bool,
    /// What its head word names.
    pub class: FacilityClass,
}

/// The most words of a name before its head ("Martin Luther King Jr.").
const MAX_NAME_WORDS: usize = 4;

/// A word of the text: byte range.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

/// Adds the street-level mentions of `text` to `resolved`. Every step is a
/// binary search or one pass over the mentions, so a long text with many
/// street names costs O(n log n), not O(names x mentions).
pub(crate) fn place_facilities(text: &str, gaz: &Gazetteer, resolved: &mut Resolved) {
    let phrases = find(text);
    if phrases.is_empty() {
        return;
    }
    let ms = &resolved.mentions;
    let mut accepted: Vec<(Phrase, Range<usize>)> = Vec::new();
    for p in phrases {
        let Some(p) = own_name(text, gaz, p, ms) else {
            continue;
        };
        let range = overlapping(ms, p.start, p.end);
        // A mention reaching the head: the gazetteer has the name with its
        // head ("College Station"), or a longer or overlapping one.
        if ms[range.clone()]
            .iter()
            .any(|m| m.start < p.start || m.end > p.head)
        {
            continue;
        }
        accepted.push((p, range));
    }
    if accepted.is_empty() {
        return;
    }
    let towns = Towns::new(gaz, ms, &accepted);
    let mut chars = CharCounter::new(text);
    let mut added: Vec<Mention> = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    for (p, range) in &accepted {
        let (char_start, char_end) = (chars.at(p.start), chars.at(p.end));
        let name = &text[p.start..p.end];
        let inner = &ms[range.clone()];
        excluded.extend(inner.iter().map(|m| Excluded {
            start: m.start,
            end: m.end,
            char_start: m.char_start,
            char_end: m.char_end,
            text: m.text.clone(),
            why: format!("part of the name \"{name}\""),
        }));
        let class = p.class.describe();
        let Some((id, how)) = towns.place(text, gaz, p, inner) else {
            // Found, not counted: the coverage report lists it.
            excluded.push(Excluded {
                start: p.start,
                end: p.end,
                char_start,
                char_end,
                text: name.to_string(),
                why: format!("{class} with no town in the text to place it"),
            });
            continue;
        };
        added.push(Mention {
            start: p.start,
            end: p.end,
            char_start,
            char_end,
            text: name.to_string(),
            kind: MentionKind::Facility,
            place: Some(id),
            candidates: vec![id],
            score: 0.0,
            reason: format!("{class}; placed at {}, {how}", gaz.place(id).name()),
        });
    }
    splice(resolved, &accepted, added, excluded);
}

/// The indices of the mentions (sorted by start) that overlap `start..end`.
fn overlapping(ms: &[Mention], start: usize, end: usize) -> Range<usize> {
    let mut lo = ms.partition_point(|m| m.start < start);
    if lo > 0 && ms[lo - 1].end > start {
        lo -= 1;
    }
    let hi = ms.partition_point(|m| m.start < end).max(lo);
    lo..hi
}

/// Replaces the mentions inside the accepted names with the street-level
/// mentions, in one pass; the excluded names inside them are dropped (the
/// name is counted whole) and `excluded` joins the list, in text order.
fn splice(
    resolved: &mut Resolved,
    accepted: &[(Phrase, Range<usize>)],
    added: Vec<Mention>,
    excluded: Vec<Excluded>,
) {
    let old = std::mem::take(&mut resolved.mentions);
    let mut out = Vec::with_capacity(old.len() + added.len());
    let mut added = added.into_iter().peekable();
    let mut cut = accepted.iter().map(|(_, r)| r.clone()).peekable();
    for (i, m) in old.into_iter().enumerate() {
        while cut.peek().is_some_and(|r| r.end <= i && !r.contains(&i)) {
            cut.next();
        }
        if cut.peek().is_some_and(|r| r.contains(&i)) {
            continue;
        }
        while let Some(a) = added.next_if(|a| a.start < m.start) {
            out.push(a);
        }
        out.push(m);
    }
    out.extend(added);
    resolved.mentions = out;
    let spans: Vec<(usize, usize)> = accepted.iter().map(|(p, _)| (p.start, p.end)).collect();
    resolved.excluded.retain(|x| {
        let i = spans.partition_point(|&(s, _)| s <= x.start);
        !(i > 0 && x.end <= spans[i - 1].1)
    });
    resolved.excluded.extend(excluded);
    resolved.excluded.sort_by_key(|x| x.start);
}

/// The phrase without a place named before its own name: a possessive
/// ("Hong Kong's Princess Margaret Hospital") or a country or first-level
/// division ("Ontario Provincial Highway 11"), which stay mentions of their
/// own. A possessive that would leave no name before the head is the
/// name's own ("Ford's Theatre", "Tom's Diner"), unless the place is a
/// country, division, region or continent ("Syria's Parliament"). `None`
/// when no name is left before the head.
fn own_name(text: &str, gaz: &Gazetteer, mut p: Phrase, mentions: &[Mention]) -> Option<Phrase> {
    let (start, head) = (p.start, p.head);
    let near = &mentions[overlapping(mentions, start, head)];
    for m in near.iter().filter(|m| start <= m.start && m.end <= head) {
        let rest = &text[m.end..p.head];
        // "Toronto's", and "Los Angeles'" after a name that ends in "s".
        let possessive = ["'s ", "’s ", "' ", "’ "]
            .iter()
            .any(|p| rest.starts_with(p));
        let wide = m.place.is_some_and(|id| {
            matches!(
                gaz.place(id).kind(),
                Kind::Country | Kind::Admin1 | Kind::Region | Kind::Continent
            )
        });
        let area = m.start == start && wide;
        let skip = rest.find(' ').map_or(rest.len(), |i| i + 1);
        let own = possessive && !wide && m.end + skip >= p.head && !p.numbered;
        if (possessive || area) && !own {
            p.start = m.end + skip;
        }
    }
    (p.start < p.head || p.numbered).then_some(p)
}

/// Whether a place can contain a street: a town, a city or a county.
fn is_town(gaz: &Gazetteer, id: PlaceId) -> bool {
    matches!(gaz.place(id).kind(), Kind::City | Kind::Town | Kind::Admin2)
}

/// The towns, cities and counties a document names (toponyms outside the
/// street-level names), by position: all of them, and those of the places
/// it names most (counting every mention of the place).
struct Towns {
    all: Vec<(usize, usize, PlaceId)>,
    most: Vec<(usize, usize, PlaceId)>,
}

impl Towns {
    fn new(gaz: &Gazetteer, ms: &[Mention], accepted: &[(Phrase, Range<usize>)]) -> Towns {
        let mut gone = vec![false; ms.len()];
        for (_, r) in accepted {
            gone[r.clone()].iter_mut().for_each(|g| *g = true);
        }
        let kept = || ms.iter().zip(&gone).filter(|(_, g)| !**g).map(|(m, _)| m);
        let mut times: HashMap<PlaceId, usize> = HashMap::new();
        for id in kept().filter_map(|m| m.place) {
            *times.entry(id).or_default() += 1;
        }
        let all: Vec<(usize, usize, PlaceId)> = kept()
            .filter(|m| m.kind == MentionKind::Toponym)
            .filter_map(|m| {
                m.place
                    .filter(|&id| is_town(gaz, id))
                    .map(|id| (m.start, m.end, id))
            })
            .collect();
        let top = all.iter().map(|t| times[&t.2]).max().unwrap_or(0);
        let most = all.iter().copied().filter(|t| times[&t.2] == top).collect();
        Towns { all, most }
    }

    /// The place of a street-level name and how it was chosen (see the
    /// module documentation for the order).
    fn place(
        &self,
        text: &str,
        gaz: &Gazetteer,
        p: &Phrase,
        inner: &[Mention],
    ) -> Option<(PlaceId, &'static str)> {
        let next = self.all.partition_point(|t| t.0 < p.end);
        if let Some(t) = self.all.get(next).filter(|t| joins(&text[p.end..t.0])) {
            return Some((t.2, "the town named right after it"));
        }
        // Of the most named, the nearest: the last before or the first after.
        let i = self.most.partition_point(|t| t.0 < p.end);
        let before = i
            .checked_sub(1)
            .map(|j| self.most[j])
            .map(|t| (p.start.saturating_sub(t.1), t));
        let after = self.most.get(i).map(|&t| (t.0 - p.end, t));
        let best = match (before, after) {
            (Some(b), Some(a)) => Some(if a.0 < b.0 { a } else { b }),
            (b, a) => b.or(a),
        };
        if let Some((_, t)) = best {
            return Some((t.2, "the town the text names most"));
        }
        let carried = inner.iter().filter(|m| m.kind == MentionKind::Toponym);
        carried
            .filter_map(|m| m.place)
            .find(|&id| is_town(gaz, id))
            .map(|id| (id, "the town its name carries"))
    }
}

/// Whether the text between a name and a town puts the name in the town:
/// a comma, "in", "of" or "at".
fn joins(gap: &str) -> bool {
    let g = gap.trim();
    g.is_empty()
        || g == ","
        || ["in", "of", "at", ", in"]
            .iter()
            .any(|w| g.eq_ignore_ascii_case(w))
}

/// The street-level names of a text, in order, not overlapping.
pub(crate) fn find(text: &str) -> Vec<Phrase> {
    let bytes = text.as_bytes();
    let mut out: Vec<Phrase> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        i = next_capital(bytes, i);
        if i == bytes.len() {
            break;
        }
        let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
        if !word_start {
            i += 1;
            continue;
        }
        let w = word_at(text, i);
        if let Some(p) = phrase_at(text, w).filter(|p| out.last().is_none_or(|l| l.end <= p.start))
        {
            out.push(p);
        }
        i = w.end.max(i + 1);
    }
    out
}

/// The first ASCII capital at or after byte `i`, or the end: read eight
/// bytes at a time (capitals are a few bytes in a hundred), each word
/// tested at once for a byte in `A..=Z`.
fn next_capital(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Each byte's low seven bits, plus a constant that sets its top
        // bit when they are at least `A` (or more than `Z`): no carry
        // reaches the next byte. A byte with its own top bit set is no
        // ASCII capital.
        let low = x & !HIGH;
        let from_a = low + ONES * u64::from(0x80 - b'A');
        let past_z = low + ONES * u64::from(0x7f - b'Z');
        if from_a & !past_z & !x & HIGH != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !bytes[i].is_ascii_uppercase() {
        i += 1;
    }
    i
}

/// Whether a byte belongs to a word (ASCII letters and digits, and every
/// byte of a non-ASCII character): one read of [`WORD_BYTES`].
#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] of every byte, made at compile time.
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c >= 0x80 || c == b'\'' || c == b'-';
        b += 1;
    }
    t
};

/// The word starting at byte `i`, with a full stop that ends it.
fn word_at(text: &str, i: usize) -> Word {
    let bytes = text.as_bytes();
    let mut e = i;
    while e < bytes.len() && is_word_byte(bytes[e]) {
        e += 1;
    }
    if bytes.get(e) == Some(&b'.') {
        e += 1;
    }
    Word { start: i, end: e }
}

/// The street-level name whose head word is `head`, if it is one.
fn phrase_at(text: &str, head: Word) -> Option<Phrase> {
    let word = &text[head.start..head.end];
    let bare = word.strip_suffix('.').unwrap_or(word);
    let number = road_number(text, head, bare);
    let (class, end) = match (head_class(word), number) {
        (_, Some(end)) => (FacilityClass::Street, end),
        (Some((class, abbrev)), None) => {
            let end = if abbrev {
                head.end
            } else {
                head.start + bare.len()
            };
            let next = next_word(text, end);
            // "St. Louis", "Wall Street Journal": a longer name.
            if next.is_some_and(|n| is_capitalized(&text[n.start..n.end])) {
                return None;
            }
            (class, end)
        }
        (None, None) => return None,
    };
    if title_case_line(text, head.start) {
        return None;
    }
    let start = name_start(text, head.start).or(number.map(|_| head.start))?;
    Some(Phrase {
        start,
        head: head.start,
        end,
        class,
        numbered: number.is_some(),
    })
}

/// With a road word followed by a number ("Highway 403", "Route 66"), the
/// end of the number.
fn road_number(text: &str, head: Word, bare: &str) -> Option<usize> {
    if !ROAD_HEADS.iter().any(|h| h.eq_ignore_ascii_case(bare)) {
        return None;
    }
    let n = next_word(text, head.start + bare.len())?;
    let digits = text[n.start..n.end].trim_end_matches('.');
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(n.start + digits.len())
}

/// The word after byte `end`, when only spaces separate them.
fn next_word(text: &str, end: usize) -> Option<Word> {
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    if gap == 0 || gap > 2 || end + gap >= text.len() {
        return None;
    }
    let w = word_at(text, end + gap);
    (w.end > w.start && is_word_byte(text.as_bytes()[w.start])).then_some(w)
}

/// The start of the capitalised name before a head word at `head`: up to
/// [`MAX_NAME_WORDS`] capitalised words (or ordinals: "5th Avenue"),
/// without a leading "The" or a common word that only starts the sentence.
fn name_start(text: &str, head: usize) -> Option<usize> {
    let mut words: Vec<Word> = Vec::new();
    let mut at = head;
    while words.len() < MAX_NAME_WORDS {
        let Some(w) = word_before(text, at) else {
            break;
        };
        let s = &text[w.start..w.end];
        if words.is_empty() && person_after_title(s, &text[head..]) {
            // "President Park": a person.
            return None;
        }
        let shouting = s.len() > 3 && s.chars().all(|c| !c.is_lowercase());
        if !(is_capitalized(s) || is_ordinal(s)) || shouting {
            break;
        }
        words.push(w);
        at = w.start;
    }
    while words.len() > 1 {
        let first = words[words.len() - 1];
        let s = &text[first.start..first.end];
        let lower = s.to_lowercase();
        let function_word = STOP_WORDS.contains(&lower.as_str());
        let lead = function_word || sentence_initial(text, first.start) && is_common_word(s);
        if !lead {
            break;
        }
        words.pop();
    }
    let first = words.last()?;
    let s = text[first.start..first.end].to_lowercase();
    (!STOP_WORDS.contains(&s.as_str())).then_some(first.start)
}

/// Whether a capitalised title or role right before a head word makes the
/// two a person's title and name ("President Park", "Senator Hall"): the
/// head word is a title's ([`is_title`], [`is_person_title`]) and the news
/// uses the head word more often as a person's name than as a place's
/// ([`crate::lexicon::names::news_usage`]; "King Street" stays a street).
fn person_after_title(title: &str, from_head: &str) -> bool {
    let title = title.trim_end_matches('.').to_lowercase();
    let head = from_head.split(|c: char| !c.is_alphabetic()).next();
    (is_title(&title) || is_person_title(&title))
        && head
            .and_then(crate::lexicon::names::news_usage)
            .is_some_and(|u| u.person_share() > 0.5)
}

/// "5th", "42nd", "1st", "3rd".
fn is_ordinal(s: &str) -> bool {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && ["st", "nd", "rd", "th"].contains(&suffix)
}

/// The word before byte `at`, when only one space separates them.
fn word_before(text: &str, at: usize) -> Option<Word> {
    let head = text.get(..at)?;
    let trimmed = head.strip_suffix(' ')?;
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let s = &trimmed[start..];
    // A full stop ends a sentence unless the word is an abbreviation
    // ("St. Peter's Square").
    if s.ends_with('.') && s.len() > 4 {
        return None;
    }
    Some(Word {
        start,
        end: trimmed.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        find(text).iter().map(|p| &text[p.start..p.end]).collect()
    }

    /// `text` matched and resolved with `g`, its facilities placed.
    fn resolved_with_facilities(g: &Gazetteer, text: &str) -> crate::resolve::Resolved {
        let mut r =
            crate::resolve::Resolver::new(g).resolve(&crate::matcher::Matcher::new(g).find(text));
        place_facilities(text, g, &mut r);
        r
    }

    /// Each mention's text and kind, in order.
    fn texts_and_kinds(r: &crate::resolve::Resolved) -> Vec<(&str, &str)> {
        (r.mentions.iter())
            .map(|m| (m.text.as_str(), m.kind.as_str()))
            .collect()
    }

    #[test]
    fn streets_parks_and_buildings_are_found_whole() {
        let t = "Police closed Dufferin Street and Victoria Park after a fire near \
                 St. Peter's Square and the Al-Shifa Hospital, then 5th Avenue.";
        assert_eq!(
            names(t),
            [
                "Dufferin Street",
                "Victoria Park",
                "St. Peter's Square",
                "Al-Shifa Hospital",
                "5th Avenue"
            ]
        );
    }

    /// The word-at-a-time search for a capital stops where a byte-by-byte
    /// one does, from every offset, with non-ASCII bytes whose low seven
    /// bits are capitals ("Á" is C3 81: C3 & 7F is 'C').
    #[test]
    fn next_capital_is_the_first_capital() {
        let t = "the rebels in Ábdá, then ÃÃÃÃÃÃÃÃ ÇÇÇ zone near Idlib and AZ@[`{ 12 Z";
        let b = t.as_bytes();
        for i in 0..=b.len() {
            let want = (i..b.len())
                .find(|&j| b[j].is_ascii_uppercase())
                .unwrap_or(b.len());
            assert_eq!(next_capital(b, i), want, "from {i}");
        }
        assert_eq!(next_capital(b"no capital at all here", 0), 22);
    }

    #[test]
    fn numbered_roads_take_their_number() {
        let t = "A crash on County Road 12 closed Highway 403 and Route 66 near the farm.";
        assert_eq!(names(t), ["County Road 12", "Highway 403", "Route 66"]);
    }

    #[test]
    fn longer_names_titles_and_headlines_are_not_streets() {
        assert!(names("He reads the Wall Street Journal daily.").is_empty());
        assert!(names("They flew to St. Louis on Monday.").is_empty());
        assert!(names("She met President Park on Tuesday.").is_empty());
        assert!(names("Mr. Hall spoke first.").is_empty());
        assert_eq!(names("Shops on King Street were shut."), ["King Street"]);
        assert!(names("Police Close Main Street After Huge Fire Downtown").is_empty());
        assert!(names("The Park was closed.").is_empty());
        assert_eq!(names("Yesterday Main Street was closed."), ["Main Street"]);
        assert_eq!(
            names("At Gandhi Hospital, doctors waited."),
            ["Gandhi Hospital"]
        );
        assert!(names("PROTESTERS FLOOD THE FREEWAY").is_empty());
        // A short sentence dense with names is running text: its verbs are
        // in lower case.
        assert_eq!(
            names("Traffic was stopped on Main Street in Dayton, Ohio."),
            ["Main Street"]
        );
        assert!(names("Traffic Stopped on Main Street in Dayton, Ohio").is_empty());
    }

    #[test]
    fn many_names_splice_in_text_order() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Fire crews in Toronto closed Dufferin Street, then Victoria Park and \
                    Highway 403. Toronto police said Bay Street reopened.";
        let r = resolved_with_facilities(&g, text);
        let got = texts_and_kinds(&r);
        let want = [
            ("Toronto", "toponym"),
            ("Dufferin Street", "facility"),
            // The gazetteer has a place of that name: it stays a toponym.
            ("Victoria Park", "toponym"),
            ("Highway 403", "facility"),
            ("Toronto", "toponym"),
            ("Bay Street", "facility"),
        ];
        assert_eq!(got, want);
        assert!(r.mentions.windows(2).all(|w| w[0].start < w[1].start));
        assert!(r.excluded.windows(2).all(|w| w[0].start <= w[1].start));
        assert!(
            r.excluded.iter().all(|x| x.text != "Victoria"),
            "{:?}",
            r.excluded
        );
    }

    /// A possessive before a head with nothing between them is the name's
    /// own ("Ford's Theatre"); with a name between, the place before stays
    /// a mention ("Toronto's City Hall").
    #[test]
    fn a_possessive_that_leaves_no_name_is_the_name_s_own() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Crowds gathered at Ford's Theatre in Washington. Later, Toronto's Union \
                    Station closed, and then Los Angeles' Kodak Theatre.";
        let r = resolved_with_facilities(&g, text);
        let got = texts_and_kinds(&r);
        assert!(got.contains(&("Ford's Theatre", "facility")), "{got:?}");
        assert!(got.contains(&("Toronto", "toponym")), "{got:?}");
        assert!(got.contains(&("Union Station", "facility")), "{got:?}");
        assert!(got.contains(&("Los Angeles", "toponym")), "{got:?}");
        assert!(got.contains(&("Kodak Theatre", "facility")), "{got:?}");
        assert!(!got.iter().any(|m| m.0 == "Ford"), "{got:?}");
    }
}
