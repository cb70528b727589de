//! Text normalization: the one place where gazetteer names and document text
//! are turned into the same comparable form.
//!
//! The pipeline matches names on a *normalized copy* of the text and reports
//! spans in the *original* text. [`normalize`] produces a [`NormalizedText`]:
//! lower-case ASCII-ish tokens separated by single spaces, with a leading and
//! trailing space, plus a map from every token back to the span of the
//! original characters that produced it (per token, not per byte: a long
//! document costs about 3 bytes of map per input byte, not 9).
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
//! * Format characters (zero-width space, non-joiner and joiner, word
//!   joiner, byte order mark, soft hyphen) are transparent: they neither
//!   split a word nor end one (`Ank\u{200d}ara` = `ankara`), and the span
//!   of a word in the original covers them.
//! * The romanized Arabic article is canonicalized: `al-`, `el-`, `as-`,
//!   `az-`, `ash-`, ... attached by a hyphen, and a free-standing `al`/`el`,
//!   all become `al`. Common romanization variants of generic words are
//!   folded (`jebel` = `jabal`, `tel` = `tell`, `kfar` = `kafr`, ...), and
//!   doubled letters collapse (`Ma'arrat` = `Maarat`).
//! * Arabic script: harakat and other marks are dropped (they are combining
//!   marks), the alef forms `أ إ آ ٱ` become `ا`, ta marbuta `ة` becomes `ه`,
//!   alef maqsura `ى` becomes `ي`, tatweel and the lone hamza vanish, and
//!   the Persian and Urdu forms (`ی ک ہ ە ھ`) become the Arabic letters.
//!   The proclitics `و ف ب ك ل` are split off the front of a word as their
//!   own tokens (at most two, and only while three letters are left), so
//!   `وبإدلب` holds the token of `إدلب` and `بالرقة` that of `الرقة`; `لل`
//!   is li + the article (`للرقة` = li + `الرقة`).

/// The barrier token that stands for punctuation in normalized text.
pub const BARRIER: &str = "|";

/// A normalized copy of a text with a map back to the original.
///
/// A value can be reused: [`normalize_into`] clears it and keeps its
/// buffers, so mapping many documents allocates only when a document is
/// longer than any before it.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    /// The normalized text: `" tok tok | tok "`, always starting and ending
    /// with a space (an empty input gives `" "`).
    pub text: String,
    /// For each token (a word or a barrier), its start in `text`, in
    /// increasing order.
    tok_start: Vec<u32>,
    /// For each token, the byte range in the original text of the
    /// characters that produced it.
    tok_orig: Vec<(u32, u32)>,
    /// The current word while normalizing: folded char, original start and
    /// end. Kept between calls so that its buffer is reused.
    cur: Vec<(char, u32, u32)>,
    /// The normalized text while it is written (bytes, not a `String`:
    /// no check per byte pushed); `text`'s buffer, handed back at the end.
    bytes: Vec<u8>,
}

impl NormalizedText {
    /// Maps a byte range of the normalized text that covers whole tokens
    /// (no surrounding spaces) to the byte range in the original text: from
    /// the start of its first token's first character to the end of its
    /// last token's last character.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        let first = self.tok_start.partition_point(|&s| (s as usize) < start);
        let last = self.tok_start.partition_point(|&s| (s as usize) < end);
        debug_assert!(
            self.tok_start
                .get(first)
                .is_some_and(|&s| s as usize == start)
        );
        let first = first.min(self.tok_orig.len().saturating_sub(1));
        let last = last.saturating_sub(1).max(first);
        match (self.tok_orig.get(first), self.tok_orig.get(last)) {
            (Some(a), Some(b)) => (a.0 as usize, b.1 as usize),
            _ => (0, 0),
        }
    }

    /// [`NormalizedText::original_range`] for ranges asked in order of
    /// their start: `cursor` (0 at first) is where the search for the
    /// last start stopped, and the search walks on from it instead of
    /// bisecting all the tokens (a name covers a few tokens).
    pub fn original_range_in_order(
        &self,
        cursor: &mut usize,
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        let ts = &self.tok_start;
        let mut first = (*cursor).min(ts.len());
        if first > 0 && ts[first - 1] as usize >= start {
            // Asked out of order: bisect, as `original_range` does.
            first = ts.partition_point(|&s| (s as usize) < start);
        }
        while first < ts.len() && (ts[first] as usize) < start {
            first += 1;
        }
        *cursor = first;
        let mut last = first;
        while last < ts.len() && (ts[last] as usize) < end {
            last += 1;
        }
        let first = first.min(self.tok_orig.len().saturating_sub(1));
        let last = last.saturating_sub(1).max(first);
        match (self.tok_orig.get(first), self.tok_orig.get(last)) {
            (Some(a), Some(b)) => (a.0 as usize, b.1 as usize),
            _ => (0, 0),
        }
    }

    /// The original start of token number `i` of the text, which starts
    /// at byte `start` of the normalized text: read directly when the
    /// numbers agree, else found as [`NormalizedText::original_range`] does.
    pub fn original_start_of(&self, i: usize, start: usize) -> usize {
        match (self.tok_start.get(i), self.tok_orig.get(i)) {
            (Some(&s), Some(o)) if s as usize == start => o.0 as usize,
            _ => self.original_range(start, start + 1).0,
        }
    }

    /// The byte range in the original text of token number `i` (below
    /// [`NormalizedText::token_count`]): what [`NormalizedText::original_range`]
    /// gives for that token's span, read without a search.
    #[inline]
    pub fn token_original(&self, i: usize) -> (usize, usize) {
        let (b, e) = self.tok_orig[i];
        (b as usize, e as usize)
    }

    /// The tokens (words and barriers), in order: where each starts in the
    /// normalized text and in the original.
    pub fn token_starts(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (self.tok_start.iter().zip(&self.tok_orig)).map(|(&s, o)| (s as usize, o.0 as usize))
    }

    /// The byte range of the normalized text taken by the tokens that
    /// start inside `start..end` of the original, if any (the inverse of
    /// [`NormalizedText::original_range`]).
    pub fn normalized_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tok_orig.partition_point(|t| (t.0 as usize) < start);
        let last = self.tok_orig.partition_point(|t| (t.0 as usize) < end);
        let s = *self.tok_start.get(first).filter(|_| first < last)? as usize;
        let next = self
            .tok_start
            .get(last)
            .map_or(self.text.len(), |&n| n as usize);
        Some((s, next - 1))
    }

    /// Where token number `i` (below [`NormalizedText::token_count`])
    /// starts and ends in `text`: it ends at the space before the next
    /// token, or at the text's last byte (a space) for the last token.
    #[inline]
    pub fn token_span(&self, i: usize) -> (usize, usize) {
        let s = self.tok_start[i] as usize;
        let e = (self.tok_start.get(i + 1)).map_or(self.text.len(), |&n| n as usize) - 1;
        debug_assert_eq!(self.text.as_bytes().get(e), Some(&b' '));
        (s, e)
    }

    /// [`NormalizedText::token_span`] of every token, in order (read
    /// from the starts one after another, without a look-up per token).
    pub fn token_spans(&self) -> TokenSpans<'_> {
        TokenSpans {
            starts: self.tok_start.iter(),
            text_end: self.text.len(),
        }
    }

    /// Number of tokens (words and barriers) in the text.
    pub fn token_count(&self) -> usize {
        self.tok_start.len()
    }

    /// Bytes of memory the buffers hold (their capacity), for the checks
    /// that keep a long document's cost per byte low.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.tok_start.capacity() * size_of::<u32>()
            + self.tok_orig.capacity() * size_of::<(u32, u32)>()
            + self.cur.capacity() * size_of::<(char, u32, u32)>()
            + self.bytes.capacity()
    }

    /// Ends the current token: appends the space after it.
    #[inline(always)]
    fn space(&mut self) {
        self.bytes.push(b' ');
    }

    /// Appends `s` (no spaces in it), mapped to `b..e` of the original: it
    /// starts a token after a space, else extends the current one to `e`.
    fn push(&mut self, s: &str, b: u32, e: u32) {
        self.open(b, e);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Records that a character mapped to `b..e` is about to be appended.
    #[inline(always)]
    fn open(&mut self, b: u32, e: u32) {
        if self.bytes.last() == Some(&b' ') {
            self.tok_start.push(self.bytes.len() as u32);
            self.tok_orig.push((b, e));
        } else if let Some(t) = self.tok_orig.last_mut() {
            t.1 = e;
        }
    }

    /// Extends the current token's original span to `e` (a character that
    /// was folded into the one before it).
    fn extend_last(&mut self, e: u32) {
        if let Some(t) = self.tok_orig.last_mut() {
            t.1 = e;
        }
    }

    /// Appends one character, mapped to `b..e` of the original.
    #[inline(always)]
    fn push_char(&mut self, ch: char, b: u32, e: u32) {
        self.open(b, e);
        let mut utf8 = [0u8; 4];
        self.bytes
            .extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
    }
}

/// The spans of a normalized text's tokens, in order
/// ([`NormalizedText::token_spans`]).
#[derive(Debug, Clone)]
pub struct TokenSpans<'a> {
    starts: std::slice::Iter<'a, u32>,
    text_end: usize,
}

impl Iterator for TokenSpans<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let s = *self.starts.next()? as usize;
        let next = (self.starts.as_slice().first()).map_or(self.text_end, |&n| n as usize);
        Some((s, next - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.starts.size_hint()
    }
}

impl ExactSizeIterator for TokenSpans<'_> {}

thread_local! {
    /// The buffers [`normalize_key`] reuses.
    static KEY_BUF: std::cell::RefCell<NormalizedText> = Default::default();
}

/// Normalizes a gazetteer name into a matching key: the normalized text
/// without the surrounding spaces. Returns an empty string when nothing
/// matchable is left (a name made only of punctuation).
pub fn normalize_key(name: &str) -> String {
    KEY_BUF.with(|buf| {
        let mut n = buf.borrow_mut();
        normalize_into(name, &mut n);
        // A key must not start or end with a barrier: "U.S." and "U.S" are
        // the same key, and trailing punctuation is sentence punctuation in
        // text.
        n.text
            .trim_start_matches([' ', '|'])
            .trim_end_matches([' ', '|'])
            .to_string()
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Letter,
    Digit,
}

/// Normalizes a text. See the module documentation for the rules.
pub fn normalize(input: &str) -> NormalizedText {
    let mut out = NormalizedText::default();
    normalize_into(input, &mut out);
    out
}

/// Normalizes a text into `out`, reusing its buffers (one pass over the
/// characters; words are written out as soon as they end).
pub fn normalize_into(input: &str, out: &mut NormalizedText) {
    normalize_impl::<true>(input, out);
}

/// [`normalize_into`]; with `FAST`, the text is read a byte at a time
/// between words: an ASCII character that no word is open for is skipped
/// or written as a barrier at once, and a word of ASCII letters or digits
/// that an ASCII character other than an apostrophe or hyphen ends is
/// written straight from the input ([`Words::ascii_letters`],
/// [`Words::ascii_digits`]); only the rest is decoded character by
/// character (the tests compare both ways).
fn normalize_impl<const FAST: bool>(input: &str, out: &mut NormalizedText) {
    out.bytes = std::mem::take(&mut out.text).into_bytes();
    out.bytes.clear();
    out.tok_start.clear();
    out.tok_orig.clear();
    out.cur.clear();
    out.bytes.reserve(input.len() + 2);
    out.space();
    let mut w = Words {
        out,
        class: Class::Letter,
        last_barrier: false,
    };
    let bytes = input.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if FAST && w.out.cur.is_empty() {
            let c = bytes[at];
            let n = match ASCII_CLASS[usize::from(c)] {
                // No word is open: a space, an apostrophe or a hyphen
                // changes nothing; other punctuation is a barrier.
                SKIP => Some(1),
                PUNCT => {
                    w.barrier(at as u32, at as u32 + 1);
                    Some(1)
                }
                LETTER => w.ascii_letters(&bytes[at..], at as u32),
                DIGIT => w.ascii_digits(&bytes[at..], at as u32),
                _ => None,
            };
            if let Some(n) = n {
                at += n;
                continue;
            }
        }
        // `at` is always on a character boundary: it moves by whole
        // characters or by ASCII bytes.
        let mut it = input[at..].chars();
        let Some(c) = it.next() else { break };
        let (b, e) = (at as u32, (at + c.len_utf8()) as u32);
        w.char(c, b, e, &mut it);
        at = input.len() - it.as_str().len();
    }
    w.flush(false);
    let bytes = std::mem::take(&mut out.bytes);
    // Only whole characters are written: the check cannot fail, and
    // passes over ASCII a word at a time.
    out.text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// The next two characters that are not format characters.
fn next_visible(it: &std::str::Chars<'_>) -> (Option<char>, Option<char>) {
    let mut la = it.clone().filter(|&c| !is_invisible(c));
    (la.next(), la.next())
}

/// The writer of [`normalize_into`]: the current word and what was written.
struct Words<'a> {
    out: &'a mut NormalizedText,
    /// The class of the current word.
    class: Class,
    /// Whether the last token written is a barrier.
    last_barrier: bool,
}

impl Words<'_> {
    /// One character `c` of the input, at `b..e`; `it` reads the
    /// characters after it (an apostrophe may skip a possessive `s`).
    fn char(&mut self, c: char, b: u32, e: u32, it: &mut std::str::Chars<'_>) {
        if c.is_ascii_alphanumeric() {
            // The common case, in short: what the general branch below
            // does for an ASCII letter or digit.
            let class = if c.is_ascii_digit() {
                Class::Digit
            } else {
                Class::Letter
            };
            if !self.out.cur.is_empty() && class != self.class {
                self.flush(false);
            }
            self.class = class;
            self.out.cur.push((c.to_ascii_lowercase(), b, e));
        } else if c == ' ' {
            self.flush(false);
        } else if is_invisible(c) {
            // Format characters (zero-width joiner, soft hyphen, ...) are
            // transparent: "Ank\u{200d}ara" is one word, and its span in
            // the original still covers them.
        } else if c.is_alphanumeric() {
            let class = if c.is_numeric() {
                Class::Digit
            } else {
                Class::Letter
            };
            if !self.out.cur.is_empty() && class != self.class {
                self.flush(false);
            }
            self.class = class;
            let cur = &mut self.out.cur;
            fold_char(c, |f| cur.push((f, b, e)));
        } else if is_combining(c) {
            // A combining mark belongs to the previous letter: extend its end.
            if let Some(last) = self.out.cur.last_mut() {
                last.2 = e;
            }
        } else if is_apostrophe(c) {
            self.apostrophe(it);
        } else if is_hyphen(c) {
            let next_is_letter = next_visible(it).0.is_some_and(char::is_alphabetic);
            let had = !self.out.cur.is_empty();
            self.flush(had && next_is_letter);
        } else if c.is_whitespace() {
            self.flush(false);
        } else {
            self.flush(false);
            self.barrier(b, e);
        }
    }

    /// An apostrophe: dropped inside a word, a possessive `’s` is dropped
    /// with its `s`, otherwise it ends the word.
    fn apostrophe(&mut self, it: &mut std::str::Chars<'_>) {
        if self.out.cur.is_empty() {
            // A leading quote mark: nothing to join.
            return;
        }
        let (next, after) = next_visible(it);
        let possessive = matches!(next, Some('s') | Some('S'))
            && !after.is_some_and(char::is_alphanumeric)
            && !arabic_ras(&self.out.cur);
        if possessive {
            self.flush(false);
            // Skip the `s` (and any format characters before it).
            for c in it.by_ref() {
                if !is_invisible(c) {
                    break;
                }
            }
        } else if !next.is_some_and(char::is_alphanumeric) {
            // A closing quote or a plural possessive (Syrians’).
            self.flush(false);
        }
        // Otherwise an apostrophe inside a word: drop it, keep going.
    }

    /// Writes the word of ASCII letters at the start of `rest` (at byte
    /// `at` of the input) as [`Words::flush`] would once the character
    /// after it ended it, and returns the bytes read; `None` (and nothing
    /// written) when that character could extend or join it (a non-ASCII
    /// character, an apostrophe or a hyphen).
    ///
    /// The letters are found, lower-cased and written in one pass, eight
    /// bytes at a time ([`letters_by_words`]), or a byte at a time when a
    /// letter is doubled (it is written once) or the text ends within
    /// eight bytes ([`letters_by_bytes`]); only a variant of a generic
    /// word ([`canonical_ascii`]) is written again. A space after the word
    /// is read with it (it changes nothing), so the returned length counts
    /// it.
    #[inline]
    fn ascii_letters(&mut self, rest: &[u8], at: u32) -> Option<usize> {
        let out = &mut *self.out;
        debug_assert_eq!(out.bytes.last(), Some(&b' '));
        let start = out.bytes.len();
        let n = match letters_by_words(rest, &mut out.bytes) {
            Some(n) => n,
            None => letters_by_bytes(rest, &mut out.bytes),
        };
        let next = rest.get(n).copied();
        if next.is_some_and(|c| !c.is_ascii() || matches!(c, b'\'' | b'`' | b'-')) {
            out.bytes.truncate(start);
            return None;
        }
        let (b, e) = (at, at + n as u32);
        self.class = Class::Letter;
        self.last_barrier = false;
        if let Some(canon) = canonical_ascii(&rest[..n]) {
            // Canonical replacements span the whole original token.
            out.bytes.truncate(start);
            out.push(canon, b, e);
            out.space();
        } else {
            out.tok_start.push(start as u32);
            out.tok_orig.push((b, e));
        }
        // A space after the word changes nothing: it is read here.
        Some(n + usize::from(next == Some(b' ')))
    }

    /// [`Words::ascii_letters`] for a number: the ASCII digits at the
    /// start of `rest`, written as they are.
    #[inline]
    fn ascii_digits(&mut self, rest: &[u8], at: u32) -> Option<usize> {
        let n = (rest.iter().position(|c| !c.is_ascii_digit())).unwrap_or(rest.len());
        if rest
            .get(n)
            .is_some_and(|&c| !c.is_ascii() || matches!(c, b'\'' | b'`' | b'-'))
        {
            return None;
        }
        let out = &mut *self.out;
        debug_assert_eq!(out.bytes.last(), Some(&b' '));
        out.tok_start.push(out.bytes.len() as u32);
        out.tok_orig.push((at, at + n as u32));
        out.bytes.extend_from_slice(&rest[..n]);
        out.space();
        self.class = Class::Digit;
        self.last_barrier = false;
        Some(n)
    }

    /// Writes a barrier token (never two in a row).
    fn barrier(&mut self, b: u32, e: u32) {
        if self.last_barrier {
            return;
        }
        self.out.push(BARRIER, b, e);
        self.out.space();
        self.last_barrier = true;
    }

    /// Writes the current word, if any, and the space after it.
    /// `hyphen_after`: the word was followed by a hyphen and a letter.
    fn flush(&mut self, hyphen_after: bool) {
        let out = &mut *self.out;
        let Some(&first) = out.cur.first() else {
            return;
        };
        let last = *out.cur.last().expect("not empty");
        let cur = std::mem::take(&mut out.cur);
        let ascii = cur.iter().all(|x| x.0.is_ascii());
        // Every canonical word is ASCII, of 2 to 7 letters.
        let canon = if (2..=7).contains(&cur.len()) && ascii {
            let mut word = [0u8; 7];
            for (w, &(ch, _, _)) in word.iter_mut().zip(&cur) {
                *w = ch as u8;
            }
            canonical_word(&word[..cur.len()], hyphen_after, self.class)
        } else {
            None
        };
        if let Some(canon) = canon {
            // Canonical replacements span the whole original token.
            out.push(canon, first.1, last.2);
        } else if ascii {
            // ASCII letters or digits (never a space): what the general
            // branches below do per character, at once. The token opens
            // at the first character and ends with the last; doubled
            // letters collapse.
            out.open(first.1, first.2);
            let mut prev = None;
            for &(ch, _, _) in &cur {
                if self.class == Class::Letter && prev == Some(ch) {
                    continue;
                }
                prev = Some(ch);
                out.bytes.push(ch as u8);
            }
            out.extend_last(last.2);
        } else if self.class == Class::Letter {
            let arabic = is_arabic_letter(first.0);
            let from = if arabic {
                split_proclitics(out, &cur)
            } else {
                0
            };
            // Collapse doubled letters (not in Arabic script, which writes
            // a doubled consonant once), keeping the map per kept char.
            let mut prev: Option<char> = None;
            for &(ch, b, e) in &cur[from..] {
                if prev == Some(ch) && !arabic {
                    // Extend the previous char's end to cover this one.
                    out.extend_last(e);
                    continue;
                }
                prev = Some(ch);
                out.push_char(ch, b, e);
            }
        } else {
            for &(ch, b, e) in &cur {
                out.push_char(ch, b, e);
            }
        }
        out.space();
        out.cur = cur;
        out.cur.clear();
        self.last_barrier = false;
    }
}

/// Eight bytes of text read as one little-endian `u64` ("SWAR"): the
/// byte-range tests the normalizer's and coverage's ASCII word paths share.
pub(crate) mod eight {
    /// The byte `0x01` eight times.
    pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
    /// The byte `0x80` eight times: each byte's top bit.
    pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

    /// The top bit of each byte of `v` that lies in `lo..=hi`. Every byte
    /// of `v` must be at most `0x7F` (clear `HIGH` first), so that no sum
    /// carries into the next byte.
    #[inline(always)]
    pub(crate) fn within(v: u64, lo: u8, hi: u8) -> u64 {
        (v + ONES * u64::from(0x80 - lo)) & !(v + ONES * u64::from(0x7F - hi)) & HIGH
    }

    /// The number of bytes, from the first, whose top bit `marks` has set,
    /// before the first that has it clear (8 when all have it).
    #[inline(always)]
    pub(crate) fn run(marks: u64) -> usize {
        (!marks & HIGH).trailing_zeros() as usize / 8
    }

    /// A mask of the first `n` bytes (`n` at most 8).
    #[inline(always)]
    pub(crate) fn first(n: usize) -> u64 {
        if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        }
    }
}

use eight::{HIGH, ONES};

/// Appends the ASCII letters at the start of `rest` lower-cased, and the
/// space after them, reading and writing eight bytes at a time (a byte is
/// a letter when, with bit 5 set, it is from `a` to `z`); returns the
/// number of letters. `None` (and nothing appended) when a letter is the
/// one before it (a doubled letter is written once: left to
/// [`letters_by_bytes`]) or when fewer than eight bytes are left to read.
#[inline(always)]
fn letters_by_words(rest: &[u8], bytes: &mut Vec<u8>) -> Option<usize> {
    let start = bytes.len();
    let (mut i, mut prev) = (0, 0u64);
    while let Some(chunk) = rest.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let lower = w | (ONES * 0x20);
        // A byte with bit 7 set is no ASCII letter.
        let letters = eight::within(lower & !HIGH, b'a', b'z') & !w;
        let n = eight::run(letters);
        let word = eight::first(n);
        // A zero byte of `same` is a letter equal to the one before it.
        let same = lower ^ ((lower << 8) | prev);
        if same.wrapping_sub(ONES) & !same & HIGH & word != 0 {
            break;
        }
        if n == 8 {
            bytes.extend_from_slice(&lower.to_le_bytes());
            (i, prev) = (i + 8, lower >> 56);
            continue;
        }
        let last = (lower & word) | (0x20 << (8 * n));
        bytes.extend_from_slice(&last.to_le_bytes());
        bytes.truncate(start + i + n + 1);
        return Some(i + n);
    }
    bytes.truncate(start);
    None
}

/// [`letters_by_words`] a byte at a time, doubled letters written once:
/// each letter is stored in a block of 16 bytes on the stack, whose slot
/// moves on only when the letter is not the one before it; a full block,
/// and the last one with the space after the word, is appended as one
/// fixed-size copy. Returns the number of letters read.
fn letters_by_bytes(rest: &[u8], bytes: &mut Vec<u8>) -> usize {
    let mut block = [0u8; 16];
    let (mut k, mut prev, mut n) = (0, 0u8, 0);
    while let Some(&c) = rest.get(n) {
        let c = c | 0x20;
        if !c.is_ascii_lowercase() {
            break;
        }
        block[k & 15] = c;
        k += usize::from(c != prev);
        prev = c;
        n += 1;
        if k == 16 {
            bytes.extend_from_slice(&block);
            k = 0;
        }
    }
    block[k & 15] = b' ';
    let end = bytes.len() + k + 1;
    bytes.extend_from_slice(&block);
    bytes.truncate(end);
    n
}

/// Whether a character is a letter of the basic Arabic alphabet (after
/// folding: presentation forms and Persian letters are folded before).
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064a}').contains(&c)
}

/// The Arabic proclitics that attach to the next word: wa "and", fa "so",
/// bi "in", ka "like", li "for".
const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// Splits the proclitics (at most two) off an Arabic word and writes each
/// as its own token, so that "وبإدلب", "بالرقة" and "والرقة" contain the
/// tokens of "إدلب" and "الرقة". A letter is split off only when at least
/// three letters are left (a short name such as "بنش" keeps its first
/// letter); gazetteer names go through the same split, so a name that
/// starts with such a letter still matches itself. "لل" is li + the
/// article whose alef is not written ("للرقة" = li + "الرقة"): the article
/// is restored (an alef is written). Returns how many letters were split
/// off.
fn split_proclitics(out: &mut NormalizedText, cur: &[(char, u32, u32)]) -> usize {
    let mut n = 0;
    while n < 2 && cur.len() - n > 3 && PROCLITICS.contains(&cur[n].0) {
        let (ch, b, e) = cur[n];
        out.push_char(ch, b, e);
        out.space();
        n += 1;
        if ch == 'ل' && cur[n].0 == 'ل' {
            let (_, b, e) = cur[n];
            out.push_char('ا', b, e);
            return n;
        }
    }
    n
}

/// Folds an Arabic-script letter to the basic Arabic alphabet: alef wasla
/// to alef, ta marbuta to ha, alef maqsura and the Persian and Urdu yeh to
/// ya, Persian keheh to kaf, Urdu and Kurdish heh forms to ha; tatweel and
/// the lone hamza are dropped (`None`). Other letters are left to Unicode
/// decomposition (which takes the hamza and madda off alef, waw and ya).
fn fold_arabic(c: char) -> Option<Option<char>> {
    Some(match c {
        'ٱ' => Some('ا'),
        'ة' | 'ۃ' => Some('ه'),
        'ى' | 'ی' | 'ې' | 'ے' | 'ێ' => Some('ي'),
        'ک' | 'ڪ' => Some('ك'),
        'ہ' | 'ە' | 'ۀ' | 'ھ' => Some('ه'),
        'ـ' | 'ء' => None,
        _ => return None,
    })
}

/// Folds one character: lower case, no diacritics, a few special letters.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if ('\u{0600}'..='\u{06ff}').contains(&c) {
        if let Some(folded) = fold_arabic(c) {
            if let Some(f) = folded {
                emit(f);
            }
            return;
        }
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
    // A letter whose compatibility form holds a space (U+037A GREEK
    // YPOGEGRAMMENI is a space and a combining iota) must not split its
    // token: the space is dropped as the combining marks are.
    unicode_normalization::char::decompose_compatible(c, |d| {
        if !is_combining(d) && !d.is_whitespace() {
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

/// Whether a word is the `Ra` of `Ra’s` ("head, cape": `Ra’s al ‘Ayn`),
/// whose `’s` is a letter, not a possessive.
fn arabic_ras(cur: &[(char, u32, u32)]) -> bool {
    matches!(cur, [('r', ..), ('a', ..)])
}

/// Canonical forms of romanized Arabic articles and generic words.
fn canonical_word(word: &[u8], hyphen_after: bool, class: Class) -> Option<&'static str> {
    if class != Class::Letter {
        return None;
    }
    if hyphen_after
        && matches!(
            word,
            b"al"
                | b"el"
                | b"as"
                | b"ash"
                | b"az"
                | b"ad"
                | b"adh"
                | b"ar"
                | b"at"
                | b"ath"
                | b"an"
                | b"ed"
                | b"er"
                | b"es"
                | b"et"
                | b"ez"
                | b"en"
                | b"ul"
                | b"ud"
                | b"ut"
                | b"ush"
        )
    {
        return Some("al");
    }
    canonical_form(word)
}

/// Romanization variants of generic words (lower case), under their
/// canonical form.
const CANONICAL: [(&str, &[&str]); 10] = [
    ("al", &["el"]),
    (
        "jabal",
        &["jebel", "jabel", "djebel", "gebel", "jbel", "jabal"],
    ),
    ("tel", &["tel", "tal", "tell"]),
    ("kafr", &["kfar", "kafar", "kafr", "kefr"]),
    ("deir", &["dayr", "dair", "deir"]),
    (
        "sheikh",
        &["shaykh", "sheik", "shaikh", "sheikh", "shaikh'"],
    ),
    ("ain", &["ayn", "ein", "ain"]),
    ("qasr", &["qasr", "kasr"]),
    ("jisr", &["jisr", "jisir"]),
    ("wadi", &["wadi", "oued", "ouadi", "wady"]),
];

/// A filter over the words of [`CANONICAL`], built at compile time: for
/// each length from 2 to 7 and each first byte (its low five bits, so
/// that case does not count), the set of the last bytes' low five bits.
/// A word that is not in it is no variant (most words of a text).
const CANONICAL_ENDS: [u32; 6 * 32] = {
    let mut t = [0u32; 6 * 32];
    let mut i = 0;
    while i < CANONICAL.len() {
        let forms = CANONICAL[i].1;
        let mut j = 0;
        while j < forms.len() {
            let f = forms[j].as_bytes();
            t[(f.len() - 2) * 32 + (f[0] & 31) as usize] |= 1 << (f[f.len() - 1] & 31);
            j += 1;
        }
        i += 1;
    }
    t
};

/// Whether `word` (of any case) may be one of [`CANONICAL`]'s variants.
#[inline(always)]
fn may_be_variant(word: &[u8]) -> bool {
    match (word.first(), word.last()) {
        (Some(&f), Some(&l)) if (2..=7).contains(&word.len()) => {
            CANONICAL_ENDS[(word.len() - 2) * 32 + usize::from(f & 31)] & (1 << (l & 31)) != 0
        }
        _ => false,
    }
}

/// The canonical form of a lower-case word that is a variant of a generic
/// word ([`CANONICAL`]).
fn canonical_form(word: &[u8]) -> Option<&'static str> {
    if !may_be_variant(word) {
        return None;
    }
    let found = CANONICAL
        .iter()
        .find(|(_, forms)| forms.iter().any(|f| f.as_bytes() == word));
    found.map(|&(canon, _)| canon)
}

/// [`canonical_form`] of a word of ASCII letters in any case.
#[inline]
fn canonical_ascii(word: &[u8]) -> Option<&'static str> {
    if !may_be_variant(word) {
        return None;
    }
    let mut lower = [0u8; 7];
    for (l, c) in lower.iter_mut().zip(word) {
        *l = c.to_ascii_lowercase();
    }
    canonical_form(&lower[..word.len()])
}

/// Byte classes of ASCII for the fast path of [`normalize_into`] (what
/// [`Words::char`] does with the character when no word is open): a space,
/// an apostrophe or a hyphen changes nothing; other punctuation is a
/// barrier; a letter or a digit starts a word. A byte of a non-ASCII
/// character is `OTHER`.
const SKIP: u8 = 0;
const PUNCT: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 3;
const OTHER: u8 = 4;
static ASCII_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if matches!(b, b' ' | b'\t'..=b'\r' | b'\'' | b'`' | b'-') {
            SKIP
        } else {
            PUNCT
        };
        c += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character normalizer, for comparison.
    fn slow(input: &str) -> NormalizedText {
        let mut out = NormalizedText::default();
        normalize_impl::<false>(input, &mut out);
        out
    }

    /// A normalized text and its token map.
    type Parts = (String, Vec<u32>, Vec<(u32, u32)>);

    /// Normalized text and its token map, fast way and slow way.
    fn both(input: &str) -> [Parts; 2] {
        [normalize(input), slow(input)].map(|n| (n.text, n.tok_start, n.tok_orig))
    }

    /// The ASCII word path writes what the general path writes, on every
    /// text made of three pieces of a set that puts ASCII words next
    /// to everything that may end, extend or join them.
    #[test]
    fn ascii_words_are_written_as_char_by_char() {
        let pieces = [
            "Al", "al", "Jebel", "tell", "Deir", "M4", "42", "x", "Raqqa", "ZZ", " ", "-", "'",
            "`", "’", "s", ".", ",", "\n", "é", "\u{301}", "\u{200d}", "ß", "١", "إ", "Ra", "a1b",
            "oo", "LL", "\t", "\u{b}", "\"", "!",
        ];
        let n = pieces.len();
        for i in 0..n.pow(3) {
            let text: String = (0..3).map(|d| pieces[i / n.pow(d) % n]).collect();
            let [fast, slow] = both(&text);
            assert_eq!(fast, slow, "{text:?}");
        }
        let [fast, slow] = both("Shelling hit Ma'arrat al-Numan and Tell Abyad (M4) on 12 May.");
        assert_eq!(fast, slow);
    }

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
    key!(ras_is_no_possessive, "Ra’s al ‘Ayn", "ras al ain");
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
    fn ascii_words_map_their_whole_span() {
        // Doubled letters collapse, doubled digits do not; a combining
        // mark on the last letter and a joiner inside stay in the span.
        let text = "Aleppoo\u{301} 1999 Ha\u{200d}ss";
        let n = normalize(text);
        assert_eq!(n.text, " alepo 1999 has ");
        for (tok, orig) in [
            ("alepo", "Aleppoo\u{301}"),
            ("1999", "1999"),
            ("has", "Ha\u{200d}ss"),
        ] {
            let s = n.text.find(tok).unwrap();
            let (a, b) = n.original_range(s, s + tok.len());
            assert_eq!(&text[a..b], orig);
        }
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

    key!(zero_width_joiner, "Ank\u{200d}ara", "ankara");
    key!(
        soft_hyphen,
        "Idl\u{ad}ib Gov\u{200b}ernorate",
        "idlib governorate"
    );
    key!(
        format_chars_everywhere,
        "\u{feff}Syria\u{2060}\u{200c}\u{2019}s al\u{200d}-Bab",
        "syria al bab"
    );
    key!(
        format_before_article_hyphen,
        "az\u{200b}-Zawiya",
        "al zawiya"
    );

    #[test]
    fn offsets_cover_format_chars() {
        let text = "in Ank\u{200d}ara\u{ad} today";
        let n = normalize(text);
        assert_eq!(n.text, " in ankara today ");
        let s = n.text.find("ankara").unwrap();
        let (a, b) = n.original_range(s, s + "ankara".len());
        assert_eq!(&text[a..b], "Ank\u{200d}ara");
    }

    /// Issue 10: the skeleton fold reads a token's original start by its
    /// number instead of two binary searches; both must agree, and a
    /// number that does not fit the offset falls back to the search.
    #[test]
    fn original_start_by_number_agrees_with_the_search() {
        let text = "Shelling hit al-Bab; then (Ma'arrat al-Nu'man) \u{ad}Idlib, U.S. 4 km.";
        let n = normalize(text);
        assert!(n.token_count() > 5);
        for (i, &s) in n.tok_start.iter().enumerate() {
            let s = s as usize;
            let want = n.original_range(s, s + 1).0;
            assert_eq!(n.original_start_of(i, s), want, "token {i}");
            assert_eq!(
                n.original_start_of(i + 1, s),
                want,
                "token {i}, wrong number"
            );
            assert_eq!(n.original_start_of(usize::MAX, s), want);
        }
    }

    /// Ranges asked in order of their start (as the matcher asks for its
    /// sorted hits, longest first at a start, some skipped) map as
    /// `original_range` maps them; one asked out of order too.
    #[test]
    fn ranges_in_order_map_as_the_search_does() {
        let text = "Shelling hit al-Bab; then (Ma'arrat al-Nu'man) \u{ad}Idlib, U.S. 4 km. Αθήνα ١٢ al-Raqqa";
        let n = normalize(text);
        let ends: Vec<usize> = (n.tok_start.iter().skip(1).map(|&s| s as usize - 1))
            .chain([n.text.len() - 1])
            .collect();
        let mut asked = Vec::new();
        for (i, &s) in n.tok_start.iter().enumerate() {
            for j in (i..ends.len().min(i + 4)).rev() {
                if (i + j) % 3 != 1 {
                    asked.push((s as usize, ends[j]));
                }
            }
        }
        asked.push(asked[3]);
        assert!(asked.len() > 40);
        let mut cursor = 0;
        for &(s, e) in &asked {
            let got = n.original_range_in_order(&mut cursor, s, e);
            assert_eq!(got, n.original_range(s, e), "{s}..{e}");
        }
    }

    /// The walk of the skeleton keys starts at the token starts the map
    /// keeps: they must be exactly the tokens of the text (runs of bytes
    /// other than spaces), in any script, with letters whose compatibility
    /// form holds a space (U+037A, U+FC5E).
    #[test]
    fn token_starts_are_the_tokens_of_the_text() {
        let texts = [
            "Shelling hit al-Bab; then (Ma'arrat al-Nu'man) \u{ad}Idlib, U.S. 4 km.",
            "وبإدلب و للرقة \u{37a}x \u{fc5e}y Straße ﬁre Œuvre M4 ⑴ ١٢٣ Ank\u{200d}ara",
            "  ",
            "",
        ];
        for text in texts {
            let n = normalize(text);
            let b = n.text.as_bytes();
            let want: Vec<usize> = (1..b.len())
                .filter(|&s| b[s - 1] == b' ' && b[s] != b' ')
                .collect();
            let got: Vec<usize> = n.token_starts().map(|(s, _)| s).collect();
            assert_eq!(got, want, "{text:?} -> {:?}", n.text);
            assert!(!n.text.contains("  "), "{:?}", n.text);
        }
    }

    /// The eight-byte word reads write what the byte loop writes, for
    /// words that end at every place of a word read and doubled letters
    /// at every place (across two reads too), with every kind of byte
    /// after them; and the whole normalizer agrees with the slow way on
    /// such texts.
    #[test]
    fn letters_by_words_write_what_letters_by_bytes_write() {
        let tails: [&[u8]; 9] = [
            b"",
            b" ",
            b".",
            b"1",
            b"'",
            b"-",
            "é".as_bytes(),
            b"\n",
            b"~",
        ];
        let letters = b"AbcDefGhiJklMnoPqrStu";
        let mut checked = 0;
        for len in 1..=letters.len() {
            for double in 0..=len {
                let mut word = letters[..len].to_vec();
                if double < len {
                    // A doubled letter at `double`, in the other case.
                    word.insert(double, word[double] ^ 0x20);
                }
                for (tail, pad) in tails.iter().flat_map(|t| [(t, 0), (t, 8)]) {
                    // Without `pad`, a short text is left to the byte loop.
                    let mut rest = word.clone();
                    rest.extend_from_slice(tail);
                    rest.extend_from_slice(&b"        "[..pad]);
                    let mut slow = vec![b' '];
                    let n = letters_by_bytes(&rest, &mut slow);
                    let mut fast = vec![b' '];
                    if let Some(m) = letters_by_words(&rest, &mut fast) {
                        assert_eq!(
                            (m, &fast),
                            (n, &slow),
                            "{:?}",
                            String::from_utf8_lossy(&rest)
                        );
                        checked += 1;
                    } else {
                        assert_eq!(fast, [b' ']);
                    }
                    let text = String::from_utf8(rest).expect("UTF-8");
                    let [fast, slow] = both(&text);
                    assert_eq!(fast, slow, "{text:?}");
                }
            }
        }
        // The word reads did the work for every word without a doubled
        // letter and with eight bytes to read.
        assert!(checked >= letters.len() * tails.len(), "{checked}");
    }

    /// Every variant of a generic word passes the filter of its length,
    /// first and last letter in either case, and maps to its canonical
    /// form; a word that is not one maps to nothing.
    #[test]
    fn canonical_variants_pass_their_filter() {
        for (canon, forms) in CANONICAL {
            for form in forms {
                assert!(may_be_variant(form.as_bytes()), "{form}");
                assert!(may_be_variant(form.to_uppercase().as_bytes()), "{form}");
                assert_eq!(canonical_form(form.as_bytes()), Some(canon));
            }
        }
        assert_eq!(canonical_ascii(b"TeLL"), Some("tel"));
        assert_eq!(canonical_ascii(b"DJEBEL"), Some("jabal"));
        for word in ["the", "and", "tall", "jebe", "wadis", "e", "jebelx"] {
            assert_eq!(canonical_form(word.as_bytes()), None, "{word}");
            assert_eq!(canonical_ascii(word.as_bytes()), None, "{word}");
        }
    }

    #[test]
    fn reused_buffers_give_the_same_result() {
        let mut n = normalize("A much longer first text, with Idlib and al-Bab in it.");
        for text in ["Syria’s Idlib", "", "U.S.", "Ma'arrat al-Nu'man 4"] {
            normalize_into(text, &mut n);
            let fresh = normalize(text);
            assert_eq!(n.text, fresh.text);
            assert_eq!(n.tok_start, fresh.tok_start);
            assert_eq!(n.tok_orig, fresh.tok_orig);
        }
    }

    #[test]
    fn offsets_are_kept_per_token() {
        // A map per byte cost 8 bytes per normalized byte (9x the input
        // with the text); per token it is 12 bytes per word.
        let text = "Shelling hit the province of Idlib, and talks in Ankara failed. ".repeat(2000);
        let n = normalize(&text);
        assert!(n.heap_bytes() < 6 * text.len(), "{} bytes", n.heap_bytes());
        assert_eq!(n.token_count(), 13 * 2000);
        let s = n.text.rfind("ankara").unwrap();
        let (a, b) = n.original_range(s, s + "ankara failed".len());
        assert_eq!(&text[a..b], "Ankara failed");
    }

    key!(arabic_alef_hamza, "إدلب", "ادلب");
    key!(arabic_ta_marbuta, "الرقة", "الرقه");
    key!(arabic_harakat_tatweel, "حَلَـــب", "حلب");
    key!(arabic_alef_maqsura, "الصغرى", "الصغري");
    key!(arabic_alef_wasla, "ٱلرقة", "الرقه");
    key!(persian_forms, "تکریت", "تكريت");
    key!(urdu_yeh_heh, "سوریہ", "سوريه");
    key!(proclitic_and_article, "والرقة", "و الرقه");
    key!(proclitic_bi_article, "بالرقة", "ب الرقه");
    key!(two_proclitics, "وبإدلب", "و ب ادلب");
    key!(li_article, "للرقة", "ل الرقه");
    key!(short_word_keeps_first_letter, "بنش", "بنش");
    key!(arabic_letters_do_not_collapse, "منن", "منن");
    key!(arabic_comma_is_barrier, "حلب، إدلب", "حلب | ادلب");

    #[test]
    fn arabic_offsets_map_back() {
        let text = "قصف وبإدلب وللرقة";
        let n = normalize(text);
        assert_eq!(n.text, " قصف و ب ادلب و ل الرقه ");
        let s = n.text.find("ادلب").unwrap();
        let (a, b) = n.original_range(s, s + "ادلب".len());
        assert_eq!(&text[a..b], "إدلب");
        let s = n.text.find("الرقه").unwrap();
        let (a, b) = n.original_range(s, s + "الرقه".len());
        assert_eq!(&text[a..b], "لرقة");
    }

    #[test]
    fn a_letter_that_decomposes_to_a_space_adds_no_token() {
        let n = normalize("a\u{37a}b \u{1f250}\u{fffc}aaA\u{37a}A ");
        assert_eq!(
            n.text.split_whitespace().count(),
            n.token_count(),
            "{:?}",
            n.text
        );
        let (s, e) = n.original_range(1, n.text[1..].find(' ').unwrap() + 1);
        assert_eq!((s, e), (0, "a\u{37a}b".len()));
    }

    #[test]
    fn empty() {
        assert_eq!(normalize("").text, " ");
        assert_eq!(normalize_key(""), "");
    }
}
