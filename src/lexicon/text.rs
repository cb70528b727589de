//! Text helpers shared by the resolver and the coverage report: byte to code
//! point offsets ([`CharCounter`]), the words next to a span
//! ([`words_before`], [`words_after`]), sentence starts, capitalisation and
//! title-case (headline) lines.
//!
//! Words are read from the original text, not the normalized one; offsets
//! are byte offsets on a character boundary.

use super::words;

/// Whether a byte offset starts a sentence (or a line, or the text).
pub fn sentence_initial(text: &str, start: usize) -> bool {
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

/// Lower-case words after a byte offset of the original text (letters
/// only), up to `n` words, stopping at sentence punctuation.
pub fn words_after(text: &str, end: usize, n: usize) -> Vec<String> {
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

/// Lower-case words before a byte offset of the original text (letters
/// only), nearest first, up to `n` words, stopping at sentence punctuation.
pub fn words_before(text: &str, start: usize, n: usize) -> Vec<String> {
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

/// Whether a word starts with an upper-case letter.
pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a line reads as title case (a headline where every word is
/// capitalised): capitalisation says nothing about names there. The
/// resolver's test: of the words longer than three bytes on the line around
/// byte `at`, at least 80% start with a capital. See [`title_case_lines`]
/// for the coverage report's.
pub fn title_case_line(text: &str, at: usize) -> bool {
    let words: Vec<&str> = crate::matcher::line_around(text, at)
        .split_whitespace()
        .filter(|w| w.len() > 3)
        .collect();
    words.len() >= 3 && words.iter().filter(|w| is_capitalized(w)).count() * 10 >= words.len() * 8
}

/// Converts increasing byte offsets to code point offsets.
pub struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    /// A counter at the start of `text`.
    pub fn new(text: &'t str) -> CharCounter<'t> {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code point offset of byte offset `byte`; offsets should
    /// increase between calls (a smaller one restarts from the beginning).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }

    /// The code point offsets of a byte span.
    pub fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        let s = self.at(start);
        (s, self.at(end))
    }
}

/// Byte ranges of lines written in title case (headlines), where
/// capitalisation says nothing. The coverage report's test: of the words
/// with more than three letters, at least 80% have a capital as their first
/// letter or digit (it sees "\"Aleppo" as capitalised, where
/// [`title_case_line`] does not).
pub fn title_case_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in text.split('\n') {
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
            .collect();
        let caps = words
            .iter()
            .filter(|w| {
                w.chars()
                    .find(|c| c.is_alphanumeric())
                    .is_some_and(char::is_uppercase)
            })
            .count();
        if words.len() >= 3 && caps * 10 >= words.len() * 8 {
            out.push((off, off + line.len()));
        }
        off += line.len() + 1;
    }
    out
}

/// The word's capitalisation as a name: a capital first letter (and, for a
/// hyphenated word, a capital after the last hyphen: "Idlib-based" is an
/// adjective), or a romanized article with a capitalised name ("al-Bab").
pub fn is_cap(word: &str) -> bool {
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    let parts: Vec<&str> = word.split(['-', '‐']).collect();
    if first_upper {
        return parts.len() == 1
            || parts
                .last()
                .and_then(|p| p.chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    }
    parts.len() >= 2
        && words::ARTICLES.contains(&parts[0])
        && parts[1].chars().next().is_some_and(char::is_uppercase)
}

/// Whether every letter of a word is upper-case (and it has two or more).
pub fn letters_upper(w: &str) -> bool {
    let mut n = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// A word with a leading romanized article removed, lower-cased.
pub fn bare_lower(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some((art, rest)) = lower.split_once(['-', '‐']) {
        if words::ARTICLES.contains(&art) && !rest.is_empty() {
            return rest.to_string();
        }
    }
    lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_counter_counts_code_points_and_restarts() {
        let text = "Çanakkale – Ankara";
        let mut c = CharCounter::new(text);
        let a = text.find("Ankara").unwrap();
        assert_eq!(c.span(0, "Çanakkale".len()), (0, 9));
        assert_eq!(c.at(a), 12);
        // A smaller offset restarts from the text's start.
        assert_eq!(c.at(2), 1);
    }

    #[test]
    fn words_around_stop_at_punctuation() {
        let text = "Fighting in the north. Near Idlib city centre, rebels";
        let s = text.find("Idlib").unwrap();
        assert_eq!(words_before(text, s, 3), vec!["Near"]);
        assert_eq!(words_after(text, s + 5, 3), vec!["city", "centre"]);
        assert_eq!(words_after(text, s + 5, 1), vec!["city"]);
        assert!(sentence_initial(text, text.find("Near").unwrap()));
        assert!(!sentence_initial(text, s));
        assert!(sentence_initial(text, 0));
    }

    #[test]
    fn capitalisation() {
        assert!(is_capitalized("Émile") && !is_capitalized("émile"));
        assert!(is_cap("al-Bab") && is_cap("Bab") && !is_cap("Idlib-based"));
        assert!(letters_upper("UN") && !letters_upper("U") && !letters_upper("Un"));
        assert_eq!(bare_lower("al-Bab"), "bab");
        assert_eq!(bare_lower("Jean-Paul"), "jean-paul");
    }

    #[test]
    fn title_case_tests_differ_only_where_documented() {
        let text = "Rebels Seize Three Towns Near Aleppo\nrebels seized three towns";
        assert!(title_case_line(text, 3));
        assert!(!title_case_line(text, text.len() - 2));
        assert_eq!(title_case_lines(text), vec![(0, 36)]);
        // A quote before the capital: a capital for the coverage report
        // only.
        let quoted = "\"Rebels \"Seize \"Three \"Towns";
        assert!(!title_case_line(quoted, 0));
        assert_eq!(title_case_lines(quoted).len(), 1);
    }
}
