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

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::lexicon::facilities::{FacilityClass, head_class};
use crate::lexicon::text::{is_capitalized, sentence_initial, title_case_line};
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

/// Adds the street-level mentions of `text` to `resolved`.
pub(crate) fn place_facilities(text: &str, gaz: &Gazetteer, resolved: &mut Resolved) {
    let phrases = find(text);
    if phrases.is_empty() {
        return;
    }
    let mut chars = CharCursor::default();
    for p in phrases {
        let Some(p) = own_name(text, gaz, p, &resolved.mentions) else {
            continue;
        };
        let inside = |m: &Mention| p.start <= m.start && m.end <= p.head;
        let crosses = |m: &Mention| m.start < p.end && p.start < m.end && !inside(m);
        if resolved.mentions.iter().any(crosses) {
            // The gazetteer has the name with its head ("College
            // Station"), or a longer or overlapping one.
            continue;
        }
        let (char_start, char_end) = (chars.at(text, p.start), chars.at(text, p.end));
        let name = &text[p.start..p.end];
        let (inner, rest): (Vec<Mention>, Vec<Mention>) = std::mem::take(&mut resolved.mentions)
            .into_iter()
            .partition(inside);
        resolved.mentions = rest;
        let (place, how) = placement(text, gaz, &p, &resolved.mentions, &inner);
        resolved
            .excluded
            .retain(|x| !(p.start <= x.start && x.end <= p.end));
        for m in inner {
            resolved.excluded.push(Excluded {
                start: m.start,
                end: m.end,
                char_start: m.char_start,
                char_end: m.char_end,
                text: m.text,
                why: format!("part of the name \"{name}\""),
            });
        }
        let class = p.class.describe();
        let Some(id) = place else {
            // Found, not counted: the coverage report lists it.
            resolved.excluded.push(Excluded {
                start: p.start,
                end: p.end,
                char_start,
                char_end,
                text: name.to_string(),
                why: format!("{class} with no town in the text to place it"),
            });
            continue;
        };
        let reason = format!("{class}; placed at {}, {how}", gaz.place(id).name());
        let at = resolved.mentions.partition_point(|m| m.start < p.start);
        resolved.mentions.insert(
            at,
            Mention {
                start: p.start,
                end: p.end,
                char_start,
                char_end,
                text: name.to_string(),
                kind: MentionKind::Facility,
                place,
                candidates: vec![id],
                score: 0.0,
                reason,
            },
        );
    }
    resolved.excluded.sort_by_key(|x| x.start);
}

/// The phrase without a place named before its own name: a possessive
/// ("Hong Kong's Princess Margaret Hospital") or a country or first-level
/// division ("Ontario Provincial Highway 11"), which stay mentions of their
/// own. `None` when no name is left before the head.
fn own_name(text: &str, gaz: &Gazetteer, mut p: Phrase, mentions: &[Mention]) -> Option<Phrase> {
    let (start, head) = (p.start, p.head);
    let lead = mentions
        .iter()
        .filter(|m| start <= m.start && m.end <= head);
    for m in lead {
        let rest = &text[m.end..p.head];
        let possessive = rest.starts_with("'s ") || rest.starts_with("’s ");
        let area = m.start == start
            && m.place.is_some_and(|id| {
                matches!(
                    gaz.place(id).kind(),
                    Kind::Country | Kind::Admin1 | Kind::Region | Kind::Continent
                )
            });
        if possessive || area {
            let skip = rest.find(' ').map_or(rest.len(), |i| i + 1);
            p.start = m.end + skip;
        }
    }
    (p.start < p.head || p.numbered).then_some(p)
}

/// Byte to code point offsets for increasing byte offsets.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Whether a place can contain a street: a town, a city or a county.
fn is_town(gaz: &Gazetteer, id: PlaceId) -> bool {
    matches!(gaz.place(id).kind(), Kind::City | Kind::Town | Kind::Admin2)
}

/// The place of a street-level name and how it was chosen (see the module
/// documentation for the order).
fn placement(
    text: &str,
    gaz: &Gazetteer,
    p: &Phrase,
    others: &[Mention],
    inner: &[Mention],
) -> (Option<PlaceId>, &'static str) {
    let town =
        |m: &&Mention| m.kind == MentionKind::Toponym && m.place.is_some_and(|id| is_town(gaz, id));
    let after = others.iter().filter(town).find(|m| m.start >= p.end);
    if let Some(m) = after.filter(|m| joins(&text[p.end..m.start])) {
        return (m.place, "the town named right after it");
    }
    let distance = |m: &Mention| {
        if m.end <= p.start {
            p.start - m.end
        } else {
            m.start.saturating_sub(p.end)
        }
    };
    let times = |id: Option<PlaceId>| others.iter().filter(|o| o.place == id).count();
    // The town the document names most, then the nearest of those.
    let best = others
        .iter()
        .filter(town)
        .max_by_key(|m| (times(m.place), std::cmp::Reverse(distance(m))));
    if let Some(m) = best {
        return (m.place, "the town the text names most");
    }
    if let Some(m) = inner.iter().find(town) {
        return (m.place, "the town its name carries");
    }
    (None, "")
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
        let b = bytes[i];
        let word_start = b.is_ascii_uppercase() && (i == 0 || !is_word_byte(bytes[i - 1]));
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

/// Whether a byte belongs to a word (ASCII letters and digits, and every
/// byte of a non-ASCII character).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || b == b'\'' || b == b'-'
}

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
    if !ROAD_HEADS.contains(&bare.to_lowercase().as_str()) {
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
        if is_title(s.trim_end_matches('.')) || is_person_title(s.trim_end_matches('.')) {
            if words.is_empty() {
                // "President Park": a person.
                return None;
            }
            break;
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
        assert!(names("Police Close Main Street After Huge Fire Downtown").is_empty());
        assert!(names("The Park was closed.").is_empty());
        assert_eq!(names("Yesterday Main Street was closed."), ["Main Street"]);
        assert_eq!(
            names("At Gandhi Hospital, doctors waited."),
            ["Gandhi Hospital"]
        );
        assert!(names("PROTESTERS FLOOD THE FREEWAY").is_empty());
    }
}
