//! Text normalization: the one place where gazetteer names and document text
//! are turned into the same comparable form.
//!
//! The pipeline matches names on a *normalized copy* of the text and reports
//! spans in the *original* text. [`normalize`] produces a [`NormalizedText`]:
//! lower-case ASCII-ish tokens separated by single spaces, with a leading and
//! trailing space, plus a map from every normalized byte back to the original
//! character that produced it.
//!
//! Rules (applied identically to names at build time and to documents at run
//! time, which is why this module has no dependencies on the rest of the
//! crate):
//!
//! * Unicode case folding and diacritic stripping (`Zāwiyah` = `zawiyah`,
//!   `İdlib` = `idlib`), plus a few letters that do not decompose (`ß`, `ø`,
//!   `æ`, `ł`, `ı`, ...).
//! * Apostrophes of every kind (`' ’ ʿ ʾ ʼ`) vanish inside words
//!   (`Hay’at` = `hayat`); a possessive `’s` is dropped (`Syria’s` = `syria`).
//! * Hyphens and en dashes separate words (`al-Zawiya` = `al zawiya`); other
//!   punctuation becomes a barrier token `|` that no name can span, so
//!   `Washington. State officials` never matches "Washington State".
//! * Letters and digits are split (`M4` = `M-4` = `m 4`).
//! * The romanized Arabic article is canonicalized: `al-`, `el-`, `as-`,
//!   `az-`, `ash-`, ... attached by a hyphen, and a free-standing `al`/`el`,
//!   all become `al`. Common romanization variants of generic words are
//!   folded (`jebel` = `jabal`, `tel` = `tell`, `kfar` = `kafr`, ...), and
//!   doubled letters collapse (`Ma'arrat` = `Maarat`).

/// The barrier token that stands for punctuation in normalized text.
pub const BARRIER: &str = "|";

/// A normalized copy of a text with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    /// The normalized text: `" tok tok | tok "`, always starting and ending
    /// with a space (an empty input gives `" "`).
    pub text: String,
    /// For each byte of `text`, the byte offset in the original text of the
    /// character that produced it (spaces map to the next token's start).
    orig_byte: Vec<u32>,
    /// For each byte of `text`, the byte offset in the original text just
    /// past the character that produced it.
    orig_byte_end: Vec<u32>,
}

impl NormalizedText {
    /// Maps a byte range of the normalized text (covering whole tokens, no
    /// surrounding spaces) to the byte range in the original text.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        (
            self.orig_byte[start] as usize,
            self.orig_byte_end[end - 1] as usize,
        )
    }

    /// Number of tokens (words and barriers) in the text.
    pub fn token_count(&self) -> usize {
        self.text.split(' ').filter(|t| !t.is_empty()).count()
    }
}

/// Normalizes a gazetteer name into a matching key: the normalized text
/// without the surrounding spaces. Returns an empty string when nothing
/// matchable is left (a name made only of punctuation).
pub fn normalize_key(name: &str) -> String {
    let n = normalize(name);
    let key = n.text.trim_matches(' ');
    // A key must not start or end with a barrier: "U.S." and "U.S" are the
    // same key, and trailing punctuation is sentence punctuation in text.
    let key = key
        .trim_start_matches([' ', '|'])
        .trim_end_matches([' ', '|']);
    key.to_string()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Letter,
    Digit,
}

struct Tok {
    chars: Vec<(char, u32, u32)>,
    class: Class,
    barrier: bool,
    /// The token was followed directly by a hyphen and then a letter.
    hyphen_after: bool,
}

/// Normalizes a text. See the module documentation for the rules.
pub fn normalize(input: &str) -> NormalizedText {
    let mut toks: Vec<Tok> = Vec::with_capacity(input.len() / 5 + 1);
    let mut cur: Vec<(char, u32, u32)> = Vec::new();
    let mut cur_class = Class::Letter;
    let chars: Vec<(usize, char)> = input.char_indices().collect();

    fn flush(toks: &mut Vec<Tok>, cur: &mut Vec<(char, u32, u32)>, class: Class) {
        if !cur.is_empty() {
            toks.push(Tok {
                chars: std::mem::take(cur),
                class,
                barrier: false,
                hyphen_after: false,
            });
        }
    }
    fn barrier(toks: &mut Vec<Tok>, at: u32, end: u32) {
        if toks.last().is_some_and(|t| t.barrier) {
            return;
        }
        toks.push(Tok {
            chars: vec![('|', at, end)],
            class: Class::Letter,
            barrier: true,
            hyphen_after: false,
        });
    }

    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let b = b as u32;
        let e = b + c.len_utf8() as u32;
        if c.is_alphanumeric() {
            let class = if c.is_numeric() {
                Class::Digit
            } else {
                Class::Letter
            };
            if !cur.is_empty() && class != cur_class {
                flush(&mut toks, &mut cur, cur_class);
            }
            cur_class = class;
            fold_char(c, |f| cur.push((f, b, e)));
        } else if is_combining(c) {
            // A combining mark belongs to the previous letter: extend its end.
            if let Some(last) = cur.last_mut() {
                last.2 = e;
            }
        } else if is_apostrophe(c) {
            if cur.is_empty() {
                // A leading quote mark: nothing to join.
            } else {
                let next = chars.get(i + 1).map(|x| x.1);
                let after = chars.get(i + 2).map(|x| x.1);
                let possessive = matches!(next, Some('s') | Some('S'))
                    && !after.is_some_and(|a| a.is_alphanumeric());
                if possessive {
                    flush(&mut toks, &mut cur, cur_class);
                    i += 2;
                    continue;
                }
                if !next.is_some_and(|n| n.is_alphanumeric()) {
                    // A closing quote or a plural possessive (Syrians’).
                    flush(&mut toks, &mut cur, cur_class);
                }
                // Otherwise an apostrophe inside a word: drop it, keep going.
            }
        } else if is_hyphen(c) {
            let next_is_letter = chars.get(i + 1).is_some_and(|x| x.1.is_alphabetic());
            let had = !cur.is_empty();
            flush(&mut toks, &mut cur, cur_class);
            if had && next_is_letter {
                if let Some(t) = toks.last_mut() {
                    t.hyphen_after = true;
                }
            }
        } else if c.is_whitespace() || is_invisible(c) {
            flush(&mut toks, &mut cur, cur_class);
        } else {
            flush(&mut toks, &mut cur, cur_class);
            barrier(&mut toks, b, e);
        }
        i += 1;
    }
    flush(&mut toks, &mut cur, cur_class);

    let mut out = NormalizedText {
        text: String::with_capacity(input.len() + 2),
        orig_byte: Vec::with_capacity(input.len() + 2),
        orig_byte_end: Vec::with_capacity(input.len() + 2),
    };
    let push = |out: &mut NormalizedText, s: &str, b: u32, e: u32| {
        out.text.push_str(s);
        for _ in 0..s.len() {
            out.orig_byte.push(b);
            out.orig_byte_end.push(e);
        }
    };
    let total = input.len() as u32;
    push(&mut out, " ", 0, 0);
    for tok in &toks {
        if tok.barrier {
            let (_, b, e) = tok.chars[0];
            push(&mut out, BARRIER, b, e);
        } else {
            let word: String = tok.chars.iter().map(|x| x.0).collect();
            let first = tok.chars[0];
            let last = *tok.chars.last().expect("tokens are never empty");
            if let Some(canon) = canonical_word(&word, tok.hyphen_after, tok.class) {
                // Canonical replacements span the whole original token.
                push(&mut out, canon, first.1, last.2);
            } else if tok.class == Class::Letter {
                // Collapse doubled letters, keeping the map per kept char.
                let mut prev: Option<char> = None;
                let mut buf = [0u8; 4];
                for &(ch, b, e) in &tok.chars {
                    if prev == Some(ch) {
                        // Extend the previous char's end to cover this one.
                        if let Some(x) = out.orig_byte_end.last_mut() {
                            *x = e;
                        }
                        continue;
                    }
                    prev = Some(ch);
                    push(&mut out, ch.encode_utf8(&mut buf), b, e);
                }
            } else {
                let mut buf = [0u8; 4];
                for &(ch, b, e) in &tok.chars {
                    push(&mut out, ch.encode_utf8(&mut buf), b, e);
                }
            }
        }
        let next = out.orig_byte_end.last().copied().unwrap_or(0);
        push(&mut out, " ", next, next);
    }
    if toks.is_empty() {
        out.orig_byte[0] = total;
        out.orig_byte_end[0] = total;
    }
    out
}

/// Folds one character: lower case, no diacritics, a few special letters.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ß' | 'ẞ' => {
            emit('s');
            emit('s');
            return;
        }
        'æ' | 'Æ' => {
            emit('a');
            emit('e');
            return;
        }
        'œ' | 'Œ' => {
            emit('o');
            emit('e');
            return;
        }
        'þ' | 'Þ' => {
            emit('t');
            emit('h');
            return;
        }
        _ => {}
    }
    let simple = match c {
        'ı' | 'İ' => Some('i'),
        'ø' | 'Ø' => Some('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some('d'),
        'ł' | 'Ł' => Some('l'),
        'ħ' | 'Ħ' => Some('h'),
        _ => None,
    };
    if let Some(s) = simple {
        emit(s);
        return;
    }
    unicode_normalization::char::decompose_compatible(c, |d| {
        if !is_combining(d) {
            for l in d.to_lowercase() {
                emit(l);
            }
        }
    });
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | '′' | 'ʹ' | '‛'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '−' | '⁃' | '﹣' | '－')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Canonical forms of romanized Arabic articles and generic words.
fn canonical_word(word: &str, hyphen_after: bool, class: Class) -> Option<&'static str> {
    if class != Class::Letter {
        return None;
    }
    if hyphen_after
        && matches!(
            word,
            "al" | "el"
                | "as"
                | "ash"
                | "az"
                | "ad"
                | "adh"
                | "ar"
                | "at"
                | "ath"
                | "an"
                | "ed"
                | "er"
                | "es"
                | "et"
                | "ez"
                | "en"
                | "ul"
                | "ud"
                | "ut"
                | "ush"
        )
    {
        return Some("al");
    }
    Some(match word {
        "el" => "al",
        "jebel" | "jabel" | "djebel" | "gebel" | "jbel" | "jabal" => "jabal",
        "tel" | "tal" | "tell" => "tel",
        "kfar" | "kafar" | "kafr" | "kefr" => "kafr",
        "dayr" | "dair" | "deir" => "deir",
        "shaykh" | "sheik" | "shaikh" | "sheikh" | "shaikh'" => "sheikh",
        "ayn" | "ein" | "ain" => "ain",
        "qasr" | "kasr" => "qasr",
        "jisr" | "jisir" => "jisr",
        "wadi" | "oued" | "ouadi" | "wady" => "wadi",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! key {
        ($name:ident, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(normalize_key($input), $want);
            }
        };
    }

    key!(case_folding, "IDLIB", "idlib");
    key!(diacritics, "Zāwiyah", "zawiyah");
    key!(turkish_dotted_i, "İdlib", "idlib");
    key!(dotless_i, "Şanlıurfa", "sanliurfa");
    key!(sharp_s, "Straße", "strase");
    key!(article_al, "Jabal al-Zawiya", "jabal al zawiya");
    key!(article_az, "Jabal az-Zawiya", "jabal al zawiya");
    key!(article_curly_hyphen, "Jabal az‐Zawiya", "jabal al zawiya");
    key!(jebel, "Jebel Zawiya", "jabal zawiya");
    key!(
        apostrophe_inside,
        "Hay’at Tahrir al-Sham",
        "hayat tahrir al sham"
    );
    key!(ayn, "Ma‘arrat al-Nu‘man", "marat al numan");
    key!(possessive, "Syria’s", "syria");
    key!(possessive_ascii, "Turkey's", "turkey");
    key!(letter_digit, "M4", "m 4");
    key!(letter_hyphen_digit, "M-4", "m 4");
    key!(abbrev_dots, "U.S.", "u | s");
    key!(abbrev_no_final_dot, "U.S", "u | s");
    key!(barrier_collapses, "D.C., U.S.", "d | c | u | s");
    key!(punctuation_only, "...", "");
    key!(el_article, "El Paso", "al paso");

    #[test]
    fn offsets_map_back() {
        let text = "In Syria’s Idlib—province";
        let n = normalize(text);
        assert_eq!(n.text, " in syria idlib | province ");
        let s = n.text.find("idlib").unwrap();
        let (a, b) = n.original_range(s, s + 5);
        assert_eq!(&text[a..b], "Idlib");
        let s = n.text.find("syria").unwrap();
        let (a, b) = n.original_range(s, s + 5);
        assert_eq!(&text[a..b], "Syria");
    }

    #[test]
    fn offsets_cover_collapsed_and_combining() {
        let text = "the Ma'arrat area and Zawiya\u{304}h.";
        let n = normalize(text);
        let s = n.text.find("marat").unwrap();
        let (a, b) = n.original_range(s, s + "marat".len());
        assert_eq!(&text[a..b], "Ma'arrat");
        let s = n.text.find("zawiyah").unwrap();
        let (a, b) = n.original_range(s, s + "zawiyah".len());
        assert_eq!(&text[a..b], "Zawiya\u{304}h");
    }

    #[test]
    fn empty() {
        assert_eq!(normalize("").text, " ");
        assert_eq!(normalize_key(""), "");
    }
}
