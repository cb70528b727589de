//! Hashtags: where they are in a text and the words a hashtag's body is
//! made of ("#PrayForGaza" is "Pray", "For", "Gaza"; "#SanDiego" is "San",
//! "Diego"), so that the matcher can find a place's name inside one.
//!
//! A hashtag is a `#` that follows no letter, digit or `&` (an HTML entity
//! such as `&#39;` is no hashtag), followed by a letter, and its body is the
//! run of letters, digits and `_` after it. The body is split into words at
//! each `_`, between letters and digits, where a lower-case letter is
//! followed by a capital ("ForGaza"), and before the last capital of a run
//! of capitals followed by a lower-case letter ("NYCProtest" is "NYC",
//! "Protest"). A body written in one case only ("#ferguson", "#DFW") is
//! one word: where its words end cannot be told.

/// The bodies of the hashtags in `text`: the byte range after each `#`.
pub fn hashtag_bodies(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.match_indices('#').filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '&' || c == '#') {
            return None;
        }
        let body = &text[at + 1..];
        if !body.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        let len = body
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        Some((at + 1, at + 1 + len))
    })
}

/// Whether the bytes `start..end` of `text` are part of a hashtag's body
/// with more letters or digits joined to them ("Gaza" in "#PrayForGaza"
/// or in "#GazaUnderAttack", not in "#Gaza").
pub fn part_of_longer_body(text: &str, start: usize, end: usize) -> bool {
    let in_body = |c: char| c.is_alphanumeric() || c == '_';
    let head = text[..start].trim_end_matches(in_body);
    head.ends_with('#') && (head.len() < start || text[end..].starts_with(in_body))
}

/// The word of a hashtag's body that starts at byte `end` of `text`, when
/// `end` is inside a body and a word of it ends there ("Brown" after
/// "Michael" in "#MichaelBrown"; nothing after "Mich" in "#Michigan").
pub fn next_body_word(text: &str, end: usize) -> Option<(usize, usize)> {
    body_words_around(text, end)?.find(|&(s, _)| s == end)
}

/// The word of a hashtag's body that ends at byte `start` of `text`, when
/// `start` is inside a body and a word of it ends there ("For" before
/// "Gaza" in "#PrayForGaza"; nothing before "Gaza" in "#GazaUnderAttack"
/// or "#Gaza"). The words of a body are all capitalised, so they are read
/// one by one: the glued run before ("PrayFor") is no name.
pub fn prev_body_word(text: &str, start: usize) -> Option<(usize, usize)> {
    body_words_around(text, start)?.find(|&(_, e)| e == start)
}

/// The words of the hashtag body around byte `at` of `text`, as byte
/// ranges of `text`, when `at` is inside a body (not at its start).
fn body_words_around(text: &str, at: usize) -> Option<impl Iterator<Item = (usize, usize)>> {
    let in_body = |c: char| c.is_alphanumeric() || c == '_';
    let head = text[..at].trim_end_matches(in_body);
    if !head.ends_with('#') || head.len() == at {
        return None;
    }
    let rest = text[at..]
        .find(|c: char| !in_body(c))
        .unwrap_or(text.len() - at);
    let from = head.len();
    let words = body_words(&text[from..at + rest]);
    Some(words.into_iter().map(move |(s, e)| (from + s, from + e)))
}

/// [`prev_body_word`] and [`next_body_word`] as text: the words of a
/// hashtag's body right before byte `start` and right after byte `end`.
pub fn body_neighbours(text: &str, start: usize, end: usize) -> (Option<&str>, Option<&str>) {
    // Nearly every name stands apart from its neighbours: no body around it.
    let in_body = |c: char| c.is_alphanumeric() || c == '_';
    let glued_before = text[..start].chars().next_back().is_some_and(in_body);
    if !glued_before && !text[end..].chars().next().is_some_and(in_body) {
        return (None, None);
    }
    let word = |r: Option<(usize, usize)>| r.map(|(s, e)| &text[s..e]);
    (
        word(prev_body_word(text, start)),
        word(next_body_word(text, end)),
    )
}

/// What a character is, for splitting a hashtag's body into words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Other,
    Digit,
    Break,
}

fn class(c: char) -> Class {
    if c == '_' {
        Class::Break
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_uppercase() {
        Class::Upper
    } else if c.is_lowercase() {
        Class::Lower
    } else {
        Class::Other
    }
}

/// The words of a hashtag's body, as byte ranges of `body` (see the module
/// documentation for where it is split).
pub fn body_words(body: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let this = class(c);
        if this == Class::Break {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
            continue;
        }
        let prev = k.checked_sub(1).map(|p| class(chars[p].1));
        let next = chars.get(k + 1).map(|&(_, n)| class(n));
        let boundary = match (prev, this) {
            (Some(Class::Lower), Class::Upper) => true,
            (Some(Class::Digit), Class::Upper | Class::Lower)
            | (Some(Class::Upper | Class::Lower), Class::Digit) => true,
            (Some(Class::Upper), Class::Upper) => next == Some(Class::Lower),
            _ => false,
        };
        if boundary {
            if let Some(s) = start.replace(i) {
                words.push((s, i));
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(s) = start {
        words.push((s, body.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(body: &str) -> Vec<&str> {
        body_words(body).iter().map(|&(s, e)| &body[s..e]).collect()
    }

    #[test]
    fn bodies_skip_entities_and_numbers() {
        let text = "It&#39;s #Gaza, #1 and x#y #SanDiego_2014";
        let bodies: Vec<&str> = hashtag_bodies(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(bodies, ["Gaza", "SanDiego_2014"]);
    }

    #[test]
    fn parts_of_longer_bodies() {
        let text = "#PrayForGaza #GazaUnderAttack #Gaza Gaza";
        let at = |from: usize| from + text[from..].find("Gaza").unwrap();
        let part = |s: usize| part_of_longer_body(text, s, s + 4);
        assert!(part(at(0)));
        assert!(part(at(13)));
        assert!(!part(at(30)));
        assert!(!part(at(36)));
    }

    #[test]
    fn the_next_word_of_a_body() {
        let text = "#MichaelBrown #Michigan Michael Brown #Michael";
        let next = |end: usize| next_body_word(text, end).map(|(s, e)| &text[s..e]);
        assert_eq!(next(8), Some("Brown"));
        assert_eq!(next(19), None);
        assert_eq!(next(31), None);
        assert_eq!(next(text.len()), None);
    }

    #[test]
    fn the_previous_word_of_a_body() {
        let text = "#PrayForGaza #GazaUnderAttack #Gaza Gaza #ISupportGaza";
        let prev = |start: usize| prev_body_word(text, start).map(|(s, e)| &text[s..e]);
        assert_eq!(prev(8), Some("For"));
        assert_eq!(prev(5), Some("Pray"));
        assert_eq!(prev(14), None);
        assert_eq!(prev(31), None);
        assert_eq!(prev(36), None);
        assert_eq!(prev(text.len() - 4), Some("Support"));
        // Inside a word of the body: no word ends there.
        assert_eq!(prev(4), None);
    }

    #[test]
    fn bodies_split_at_case_digits_and_underscores() {
        assert_eq!(words("PrayForGaza"), ["Pray", "For", "Gaza"]);
        assert_eq!(words("IranTalksNYC"), ["Iran", "Talks", "NYC"]);
        assert_eq!(words("NYCProtest"), ["NYC", "Protest"]);
        assert_eq!(words("Ebola2014"), ["Ebola", "2014"]);
        assert_eq!(words("new_york"), ["new", "york"]);
        assert_eq!(words("ferguson"), ["ferguson"]);
        assert_eq!(words("DFW"), ["DFW"]);
        assert_eq!(words("McAllen"), ["Mc", "Allen"]);
    }
}
