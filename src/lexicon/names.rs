//! How common a word is as a person's given name and as a surname, to tell
//! "Mandela" or "Durant" the person from the place.
//!
//! Frequencies are per million people, from U.S. public-domain name files
//! (`../shared/gazetteer-sources/person-names-us-census-ssa`):
//!
//! * surname: the larger of the Census 2010 and Census 2020 surname shares
//!   (names held by at least 100 people);
//! * given name: the larger of the Census 2020 first-name share and the
//!   share of SSA births 1880–2017 (both sexes) given the name.
//!
//! Names rarer than 0.3 per million on both counts are cut (about 100 people
//! in the Census files, about 104 SSA births): 203,826 names are kept,
//! 44,643 cut. The table is U.S.-centric: Arabic or Turkish names count only
//! as far as they occur in the U.S.
//!
//! The table is an FST compiled by the build script and embedded in the
//! binary; the first lookup only reads its header (nothing is parsed or
//! decompressed at start-up) and a lookup walks one path of the FST.

use std::sync::OnceLock;

static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/person_names.fst"));

/// The longest name the table holds is shorter than this.
const MAX_LEN: usize = 48;

/// How common a name is, per million people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameFreq {
    /// As a given (first) name.
    pub given: f32,
    /// As a surname.
    pub surname: f32,
}

/// How common a given name or surname of the Census/SSA lexicon must be,
/// per million people, to count as a common person's name: the bar
/// `gazetteer/news_names.py` sets for a given name.
pub const COMMON_PPM: f32 = 20.0;

impl NameFreq {
    /// Whether it is a common given name or surname ([`COMMON_PPM`]).
    ///
    /// ```
    /// use geomention::lexicon::names::person_name;
    /// assert!(person_name("Franklin").unwrap().is_common());
    /// assert!(!person_name("Vonn").unwrap().is_common());
    /// ```
    pub fn is_common(&self) -> bool {
        self.given.max(self.surname) >= COMMON_PPM
    }
}

fn map() -> Option<&'static fst::Map<&'static [u8]>> {
    static MAP: OnceLock<Option<fst::Map<&'static [u8]>>> = OnceLock::new();
    MAP.get_or_init(|| fst::Map::new(FST).ok()).as_ref()
}

/// The frequencies of `word` as a person name, or `None` when the table does
/// not have it. Case-insensitive; apostrophes are dropped as the Census
/// files drop them ("O'Brien" is "obrien"). Only ASCII letters are looked
/// up: fold diacritics first ("José" → "Jose").
///
/// ```
/// use geomention::lexicon::names::person_name;
/// let smith = person_name("Smith").unwrap();
/// assert!(smith.surname > 1000.0 && smith.surname > smith.given);
/// assert!(person_name("Chelsea").unwrap().given > 100.0);
/// assert!(person_name("Xqzv").is_none());
/// ```
pub fn person_name(word: &str) -> Option<NameFreq> {
    let mut buf = [0u8; MAX_LEN];
    let key = name_key(word, &mut buf)?;
    MEMO.with(|m| m.borrow_mut().get_or(key, look_up))
}

/// The table's entry for a key made by [`name_key`].
fn look_up(key: &[u8]) -> Option<NameFreq> {
    let v = map()?.get(key)?;
    Some(NameFreq {
        given: f32::from_bits((v >> 32) as u32),
        surname: f32::from_bits(v as u32),
    })
}

thread_local! {
    /// Each thread's remembered [`person_name`] lookups.
    static MEMO: std::cell::RefCell<super::memo::WordMemo<Option<NameFreq>>> =
        std::cell::RefCell::new(super::memo::WordMemo::new());
}

/// `word` as the tables key it: ASCII letters in lower case, apostrophes
/// dropped; `None` for any other character or a word too long.
fn name_key<'b>(word: &str, buf: &'b mut [u8; MAX_LEN]) -> Option<&'b [u8]> {
    let mut n = 0;
    for c in word.chars() {
        match c {
            '\'' | '’' => continue,
            c if c.is_ascii_alphabetic() && n < MAX_LEN => {
                buf[n] = c.to_ascii_lowercase() as u8;
                n += 1;
            }
            _ => return None,
        }
    }
    Some(&buf[..n])
}

/// How an unannotated news corpus uses a capitalised word: made by
/// `gazetteer/news_names.py` from the benchmark corpus that
/// `../shared/bench` builds (51,130 documents of 2017 news, BBC News,
/// speeches and mail; no gold), one row per word, sorted by the word:
/// `word<TAB>docs<TAB>person_docs<TAB>place_docs<TAB>strict_place_docs<TAB>alone_docs`.
/// The file is embedded as it is and searched as it is (no table is built).
const NEWS: &str = include_str!("../../gazetteer/news_names.tsv");

/// How many documents of the news corpus write a word capitalised, and in
/// how many of them it is at least once a person's name (after a title or
/// role, "President Obama", or after a given name, "Kevin Durant") or a
/// place's (after a locative preposition, "in Aleppo", or before a comma
/// and a capitalised word, "Ferguson, Missouri"), and in how many it follows
/// a locative that rarely comes before a person or an organisation ("in",
/// "near", "outside", "across", "around"; not "to" or "from": "a letter to
/// Obama", "rockets from Hamas"), and in how many it stands on its own (not
/// a word of a longer capitalised name: "Korea" of "in Korea", not of "North
/// Korea") or is a person's name ("Barack Obama").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsUsage {
    /// Documents that write the word capitalised.
    pub docs: u32,
    /// ... and use it as a person's name.
    pub person: u32,
    /// ... and use it as a place's name.
    pub place: u32,
    /// ... and write it after "in", "near", "outside", "across" or "around".
    pub strict_place: u32,
    /// ... and write it on its own, neither after nor before another
    /// capitalised word, or as a person's name (as [`NewsUsage::person`]
    /// counts it).
    pub alone: u32,
}

impl NewsUsage {
    /// person / (person + place + 1): near 1 for a word the news uses as a
    /// person's name only, damped for rare words.
    pub fn person_share(&self) -> f32 {
        self.person as f32 / (self.person + self.place + 1) as f32
    }

    /// place / (person + place + 1).
    pub fn place_share(&self) -> f32 {
        self.place as f32 / (self.person + self.place + 1) as f32
    }

    /// How much more often the news writes the word capitalised on its own
    /// than after "in", "near", "outside", "across" or "around":
    /// log10((alone - strict_place + 1) / (strict_place + 1)), at least 0.
    /// Near 0 for a word the news mostly uses as a place ("Aleppo" 0.23,
    /// "London" 0.03, "Korea" 0.40: "North Korea" does not count), high for
    /// a person's or an organisation's name that a place shares ("Obama"
    /// 2.65, "Hamas" 1.61).
    pub fn rarely_place(&self) -> f32 {
        log_ratio(
            self.alone.saturating_sub(self.strict_place),
            self.strict_place,
        )
    }

    /// How much more often the news writes the word capitalised inside a
    /// longer capitalised name than on its own:
    /// log10((docs - alone + 1) / (alone + 1)), at least 0. High for a word
    /// that is mostly a piece of other names ("Santa" of "Santa Barbara"
    /// and "Santa Claus" 1.02, "Kuala" 1.89), near 0 for a name written on
    /// its own ("Aleppo", "Obama").
    pub fn fragment(&self) -> f32 {
        log_ratio(self.docs.saturating_sub(self.alone), self.alone)
    }

    /// Whether the news writes the word capitalised on its own at least
    /// ten times as often as after a locative ([`NewsUsage::rarely_place`]
    /// of 1 or more): mostly a people's, an organisation's, a brand's or a
    /// person's name ("Hamas" 1.61, "Obama" 2.65), not a place's ("Aleppo"
    /// 0.23, "Cologne" 0.37).
    pub fn rarely_word(&self) -> bool {
        self.rarely_place() >= 1.0
    }

    /// Whether the news writes the word on its own in more documents than
    /// the square root of `population`, the number of people in the
    /// biggest place it names: (alone + 1)² > population. No word that the
    /// news uses as a place's name comes near that: of the 333 names in
    /// the table that only settlements of 1,000 people or more bear and
    /// that follow "in", "near", "outside", "across" or "around" in as
    /// many documents as a quarter of those that write them on their own
    /// or more (`scripts/news_size_calibration.py`), the one closest writes
    /// (alone + 1)² at 0.33 times its population ("Davos"), and 99 % at
    /// 0.09 times or less; only two month names pass. A word far past it
    /// is the name of something else: an institution, a person, a team
    /// ("Congress" of a town of 1,975 people, written alone in 786
    /// documents). `None` when the population is not known (0).
    pub fn beyond_size(&self, population: u64) -> Option<bool> {
        let alone = u64::from(self.alone) + 1;
        (population > 0).then(|| alone * alone > population)
    }
}

/// log10((a + 1) / (b + 1)), at least 0: how many times more documents
/// count `a` than `b`, damped for rare words.
fn log_ratio(a: u32, b: u32) -> f32 {
    ((a as f32 + 1.0) / (b as f32 + 1.0)).log10().max(0.0)
}

/// How the news corpus uses `word` (keyed as [`person_name`] keys it), or
/// `None` when the table lacks it (fewer than 3 documents, or neither use
/// in 2 of them, unless the news writes it capitalised in 20 documents or
/// more).
///
/// ```
/// use geomention::lexicon::names::news_usage;
/// let trump = news_usage("Trump").unwrap();
/// assert!(trump.person_share() > 0.5);
/// assert!(news_usage("Aleppo").unwrap().place_share() > 0.5);
/// assert!(news_usage("Obama").unwrap().rarely_place() > 2.0);
/// assert!(news_usage("Aleppo").unwrap().rarely_place() < 0.5);
/// ```
pub fn news_usage(word: &str) -> Option<NewsUsage> {
    let mut buf = [0u8; MAX_LEN];
    let key = name_key(word, &mut buf)?;
    thread_local! {
        /// Each thread's remembered lookups (see `super::memo`).
        static MEMO: std::cell::RefCell<super::memo::WordMemo<Option<NewsUsage>>> =
            std::cell::RefCell::new(super::memo::WordMemo::new());
    }
    MEMO.with(|m| m.borrow_mut().get_or(key, news_row))
}

/// The table's row for a key made by [`name_key`]: a binary search over
/// [`NEWS_LINES`].
fn news_row(key: &[u8]) -> Option<NewsUsage> {
    let text = NEWS.as_bytes();
    let word = |&[s, t, _]: &[u32; 3]| &text[s as usize..t as usize];
    let i = NEWS_LINES.binary_search_by(|l| word(l).cmp(key)).ok()?;
    let [_, tab, end] = NEWS_LINES[i];
    // (A line without a tab is no row.)
    (tab < end).then(|| news_counts(&text[tab as usize + 1..end as usize]))?
}

/// The lines of [`NEWS`] that are not empty, each as the byte offsets of
/// its start, of its first tab (its end if it has none) and of its end.
/// Found at compile time: reading the file into a table at the first lookup
/// cost 5 M instructions, most of a one-word run's start-up.
static NEWS_LINES: [[u32; 3]; news_lines_in(NEWS.as_bytes())] = news_lines(NEWS.as_bytes());

/// How many lines of `text` are not empty.
const fn news_lines_in(text: &[u8]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < text.len() {
        if text[i] != b'\n' && (i == 0 || text[i - 1] == b'\n') {
            n += 1;
        }
        i += 1;
    }
    n
}

/// [`NEWS_LINES`] of `text` (`N` is [`news_lines_in`] of it).
const fn news_lines<const N: usize>(text: &[u8]) -> [[u32; 3]; N] {
    let mut out = [[0u32; 3]; N];
    let (mut n, mut i) = (0, 0);
    while i < text.len() {
        if text[i] == b'\n' {
            i += 1;
            continue;
        }
        let start = i;
        let mut tab = usize::MAX;
        while i < text.len() && text[i] != b'\n' {
            if text[i] == b'\t' && tab == usize::MAX {
                tab = i;
            }
            i += 1;
        }
        let tab = if tab == usize::MAX { i } else { tab };
        out[n] = [start as u32, tab as u32, i as u32];
        n += 1;
    }
    out
}

/// The usage of one line of [`NEWS`], `None` for a malformed line.
#[cfg(test)]
fn news_line(line: &str) -> Option<NewsUsage> {
    let (_, counts) = line.split_once('\t')?;
    news_counts(counts.as_bytes())
}

/// The five tab-separated counts of a line of [`NEWS`] (after its word):
/// `None` unless each is a decimal number that fits a `u32`.
fn news_counts(counts: &[u8]) -> Option<NewsUsage> {
    let mut it = counts.split(|&b| b == b'\t').map(|v| {
        let digits = v.strip_suffix(b"\r").unwrap_or(v);
        (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit)).then_some(())?;
        digits.iter().try_fold(0u32, |n, &d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    });
    let usage = NewsUsage {
        docs: it.next()??,
        person: it.next()??,
        place: it.next()??,
        strict_place: it.next()??,
        alone: it.next()??,
    };
    it.next().is_none().then_some(usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_is_complete() {
        let m = map().expect("the embedded FST is valid");
        assert_eq!(m.len(), 203_826);
    }

    #[test]
    fn given_names_and_surnames() {
        let john = person_name("John").unwrap();
        assert!(john.given > 10_000.0 && john.surname > 10.0, "{john:?}");
        let smith = person_name("SMITH").unwrap();
        assert!(smith.surname > 5000.0 && smith.given < 100.0, "{smith:?}");
        let durant = person_name("Durant").unwrap();
        assert!(durant.surname > durant.given, "{durant:?}");
        assert!(person_name("Mandela").is_some());
    }

    #[test]
    fn apostrophes_case_and_other_characters() {
        assert_eq!(person_name("O'Brien"), person_name("obrien"));
        assert_eq!(person_name("O’Brien"), person_name("OBRIEN"));
        assert!(person_name("obrien").is_some());
        assert_eq!(person_name("José"), None);
        assert_eq!(person_name("Smith-Jones"), None);
        assert_eq!(person_name(""), None);
        assert_eq!(person_name("'"), None);
        assert_eq!(person_name(&"a".repeat(100)), None);
    }

    #[test]
    fn news_usage_finds_every_row_and_nothing_else() {
        let words: std::collections::HashSet<&str> = NEWS
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, _)| w)
            .collect();
        let mut n = 0;
        for line in NEWS.lines() {
            let (word, _) = line.split_once('\t').unwrap();
            let u = news_usage(word).unwrap_or_else(|| panic!("{word}"));
            let parsed: Vec<u32> = line
                .split('\t')
                .skip(1)
                .map(|v| v.parse().unwrap())
                .collect();
            assert_eq!(parsed, [u.docs, u.person, u.place, u.strict_place, u.alone]);
            let used = u.docs >= 3 && (u.person >= 2 || u.place >= 2);
            assert!(used || u.docs >= 20, "{line}");
            assert!(u.strict_place <= u.place && u.place <= u.docs, "{line}");
            assert!(u.alone <= u.docs, "{line}");
            assert!(u.person_share() + u.place_share() < 1.0);
            let mut longer = word.to_string();
            longer.push('q');
            assert_eq!(news_usage(&longer).is_some(), words.contains(&*longer));
            n += 1;
        }
        assert!(n > 5000, "{n}");
        // Asked again, after later rows replaced remembered slots.
        for line in NEWS.lines().rev() {
            let (word, _) = line.split_once('\t').unwrap();
            let mut buf = [0u8; MAX_LEN];
            let want = name_key(word, &mut buf).and_then(news_row);
            assert!(want.is_some() && news_usage(word) == want, "{word}");
        }
        assert!(
            NEWS.lines().all(|l| news_line(l).is_some()),
            "every line is a row"
        );
        let keys: Vec<&str> = NEWS
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, _)| w)
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert_eq!(news_usage("O'Aleppo"), news_usage("oaleppo"));
        for w in ["", "a", "zzzzzzzz", "Aleppo-X", "Qxzv"] {
            assert_eq!(news_usage(w), None, "{w}");
        }
    }

    #[test]
    fn counts_are_read_as_str_parse_reads_them() {
        let parse = |v: &str| v.parse::<u32>().ok();
        for line in [
            "3\t0\t3\t0\t3",
            "44\t4\t0\t0\t5\r",
            "4294967295\t1\t1\t1\t1",
        ] {
            let u = news_counts(line.as_bytes()).unwrap();
            let want: Vec<u32> = line.trim_end().split('\t').filter_map(parse).collect();
            assert_eq!(want, [u.docs, u.person, u.place, u.strict_place, u.alone]);
        }
        for bad in [
            "",
            "1\t2\t3\t4",
            "1\t2\t3\t4\t",
            "1\t2\t3\t4\tx",
            "4294967296\t1\t1\t1\t1",
            "1\t2\t3\t4\t5\t6",
            "-1\t2\t3\t4\t5",
        ] {
            assert_eq!(news_counts(bad.as_bytes()), None, "{bad:?}");
        }
    }

    #[test]
    fn remembered_answers_are_the_tables() {
        // Asked twice, in an order that replaces remembered slots: every
        // answer is the FST's.
        let words: Vec<&str> = (NEWS.lines())
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, _)| w)
            .chain([
                "Smith",
                "O'Brien",
                "Qxzv",
                "Mandela",
                "bbbbbbbbbbbbbbbbbbbbbbb",
            ])
            .collect();
        for _ in 0..2 {
            for w in &words {
                let mut buf = [0u8; MAX_LEN];
                let want = name_key(w, &mut buf).and_then(look_up);
                assert_eq!(person_name(w), want, "{w}");
            }
        }
    }

    #[test]
    fn rare_and_non_names_are_absent() {
        for w in ["Qxzv", "Zzyzx", "Aleppo"] {
            assert_eq!(person_name(w), None, "{w}");
        }
    }
}
