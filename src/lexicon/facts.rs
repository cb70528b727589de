//! Which word lists a word's lower-case form is in, worked out once per
//! word. The resolver asks about the same few words around every name
//! ("said", "in", "the", "President") against a dozen lists each; asked
//! one list at a time, each question lower-cased the word again and
//! scanned the list. Here each thread remembers, per word as written, a
//! small bit set of the lists it has been asked about and the answers
//! (a small per-thread table): a question already answered costs one
//! memo probe, whatever the lists.
//!
//! Every answer is the one the list's own test gives (the tests below
//! check each against it): [`List::holds`].

use super::text::{in_list, with_lower};
use super::words;

/// A word list (or a test of a word's lower-case form) of [`in_any`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum List {
    /// [`words::CALENDAR`].
    Calendar,
    /// [`words::LOCATIVES`].
    Locative,
    /// [`words::DETERMINERS`].
    Determiner,
    /// [`words::HONORIFICS`].
    Honorific,
    /// [`words::is_title_abbreviation`].
    TitleAbbreviation,
    /// [`words::SPEECH_VERBS`].
    SpeechVerb,
    /// [`words::NAME_PARTICLES`].
    NameParticle,
    /// [`words::ORG_HEADS`].
    OrgHead,
    /// [`words::DISEASE_HEADS`].
    DiseaseHead,
    /// [`words::FEATURE_HEADS`].
    FeatureHead,
    /// [`words::is_title`].
    Title,
    /// [`words::is_person_title`].
    PersonTitle,
    /// A word after a name that gives its kind (`resolve::cue_after`).
    CueAfter,
    /// A word before "of" that gives a name's kind (`resolve::cue_before`).
    CueBefore,
    /// [`words::is_common_word`] (of the word as written).
    Common,
    /// [`words::is_first_name`] (of the word as written).
    FirstName,
    /// "for", "of", "by" or "with": with [`List::Locative`], a preposition
    /// before a name.
    OtherPreposition,
}

impl List {
    /// Every list, in bit order.
    pub const ALL: [List; 17] = [
        List::Calendar,
        List::Locative,
        List::Determiner,
        List::Honorific,
        List::TitleAbbreviation,
        List::SpeechVerb,
        List::NameParticle,
        List::OrgHead,
        List::DiseaseHead,
        List::FeatureHead,
        List::Title,
        List::PersonTitle,
        List::CueAfter,
        List::CueBefore,
        List::Common,
        List::FirstName,
        List::OtherPreposition,
    ];

    /// The list's bit.
    const fn bit(self) -> u32 {
        1 << self as u8
    }

    /// Whether `word` (as written; `lower` is its lower-case form,
    /// [`with_lower`]) is in the list: the list's own test.
    pub fn holds(self, word: &str, lower: &str) -> bool {
        match self {
            List::Calendar => in_list(words::CALENDAR, lower),
            List::Locative => in_list(words::LOCATIVES, lower),
            List::Determiner => in_list(words::DETERMINERS, lower),
            List::Honorific => in_list(words::HONORIFICS, lower),
            List::TitleAbbreviation => words::is_title_abbreviation(lower),
            List::SpeechVerb => in_list(words::SPEECH_VERBS, lower),
            List::NameParticle => in_list(words::NAME_PARTICLES, lower),
            List::OrgHead => in_list(words::ORG_HEADS, lower),
            List::DiseaseHead => in_list(words::DISEASE_HEADS, lower),
            List::FeatureHead => in_list(words::FEATURE_HEADS, lower),
            List::Title => words::is_title(lower),
            List::PersonTitle => words::is_person_title(lower),
            List::CueAfter => crate::resolve::cue_after(lower).is_some(),
            List::CueBefore => crate::resolve::cue_before(lower).is_some(),
            List::Common => words::is_common_word(word),
            List::FirstName => words::is_first_name(word),
            List::OtherPreposition => words::OTHER_PREPOSITIONS.contains(&lower),
        }
    }
}

/// A set of [`List`]s, to ask about several at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lists(u32);

impl Lists {
    /// The lists of `lists`.
    pub const fn of(lists: &[List]) -> Lists {
        let mut bits = 0;
        let mut i = 0;
        while i < lists.len() {
            bits |= lists[i].bit();
            i += 1;
        }
        Lists(bits)
    }
}

impl Lists {
    /// Whether `l` is one of these lists.
    pub const fn has(self, l: List) -> bool {
        self.0 & l.bit() != 0
    }
}

impl From<List> for Lists {
    fn from(l: List) -> Lists {
        Lists(l.bit())
    }
}

/// A word's remembered answers: the lists asked about, and of those the
/// ones that hold it.
type Known = (u32, u32);

/// Whether the lower-case form of `word` is in any of `lists` (each list
/// judged by [`List::holds`]). Remembered per word as written, for each
/// thread.
pub fn in_any(word: &str, lists: impl Into<Lists>) -> bool {
    held(word, lists) != Lists(0)
}

/// Which of `lists` hold the lower-case form of `word`: [`in_any`] of
/// each, asked at once (one memo probe, one lower-casing for a word not
/// seen yet).
pub fn held(word: &str, lists: impl Into<Lists>) -> Lists {
    thread_local! {
        static MEMO: std::cell::RefCell<super::memo::WordMemo<Known>> =
            std::cell::RefCell::new(super::memo::WordMemo::new());
    }
    let asked = lists.into().0;
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let Some(known) = m.slot(word.as_bytes()) else {
            // Too long (or empty) to remember: answered every time.
            return Lists(answer(word, asked) & asked);
        };
        let missing = asked & !known.0;
        if missing != 0 {
            known.1 |= answer(word, missing);
            known.0 |= answered(missing);
        }
        Lists(known.1 & asked)
    })
}

/// The lists [`answer`] answers when asked about `asked`: those, and all
/// the [`TOGETHER`] lists if it asks about one of them.
fn answered(asked: u32) -> u32 {
    if asked & TOGETHER.0 != 0 {
        asked | TOGETHER.0
    } else {
        asked
    }
}

/// The lists answered together, whichever of them is asked about: the
/// [`TABLED`] ones (one table probe answers all of them) and the kind cue
/// words (`match`es of a few dozen words). A word's remembered answers
/// then serve the next question about any of them, where the rules ask a
/// word about them one or two at a time.
const TOGETHER: Lists = Lists(TABLED.0 | List::CueAfter.bit() | List::CueBefore.bit());

/// The bits of the lists that hold `word`, of those [`answered`] for
/// `asked`, each by its own test or by [`tabled`].
fn answer(word: &str, asked: u32) -> u32 {
    let asked = answered(asked);
    with_lower(word, |lower| {
        let bits = if asked & TABLED.0 != 0 {
            tabled(lower)
        } else {
            0
        };
        (List::ALL.iter())
            .filter(|l| asked & !TABLED.0 & l.bit() != 0 && l.holds(word, lower))
            .fold(bits, |bits, l| bits | l.bit())
    })
}

/// The lists [`List::holds`] answers by the lower-case form's membership in
/// fixed words: [`tabled`] answers all of them in one probe.
const TABLED: Lists = Lists::of(&[
    List::Calendar,
    List::Locative,
    List::Determiner,
    List::Honorific,
    List::TitleAbbreviation,
    List::SpeechVerb,
    List::NameParticle,
    List::OrgHead,
    List::DiseaseHead,
    List::FeatureHead,
    List::Title,
    List::PersonTitle,
    List::OtherPreposition,
]);

/// Every word of the [`TABLED`] lists' tests (the words each one's
/// [`List::holds`] can accept).
fn tabled_words() -> impl Iterator<Item = &'static str> {
    [
        words::CALENDAR,
        words::LOCATIVES,
        words::DETERMINERS,
        words::HONORIFICS,
        words::TITLE_ABBREVIATIONS,
        words::TITLE_ABBREVIATION_PLURALS,
        words::SPEECH_VERBS,
        words::NAME_PARTICLES,
        words::ORG_HEADS,
        words::DISEASE_HEADS,
        words::FEATURE_HEADS,
        words::TITLES,
        words::OFFICE_WORDS,
        words::PERSON_TITLES,
        words::OTHER_PREPOSITIONS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The bits of the [`TABLED`] lists that hold the lower-case word `lower`:
/// a table made once per process from [`tabled_words`], each word's bits
/// those of its lists' own tests ([`List::holds`]); a word in none of them
/// is held by none.
fn tabled(lower: &str) -> u32 {
    static TABLE: std::sync::OnceLock<crate::resolve::fx::FxHashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (tabled_words())
            .map(|w| {
                let bits = (List::ALL.iter())
                    .filter(|l| TABLED.has(**l) && l.holds(w, w))
                    .fold(0, |bits, l| bits | l.bit());
                (w, bits)
            })
            .collect()
    });
    table.get(lower).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each list's answer, remembered or not, in any order of questions,
    /// is its own test's.
    #[test]
    fn answers_are_the_lists_own() {
        let words = [
            "said",
            "Said",
            "SAID",
            "in",
            "In",
            "the",
            "The",
            "president",
            "President",
            "Foreign",
            "province",
            "Province",
            "of",
            "Of",
            "for",
            "mr",
            "Mr",
            "al",
            "Al",
            "virus",
            "Park",
            "Times",
            "bread",
            "Bread",
            "John",
            "john",
            "Aleppo",
            "",
            "Mayıs",
            "K\u{212a}",
            "İstanbul",
            "capital",
            "sub",
            "day",
            "Day",
            "a-very-long-word-indeed",
        ];
        for round in 0..3 {
            for (i, w) in words.iter().enumerate() {
                // A different order of lists in each round.
                for k in 0..List::ALL.len() {
                    let l = List::ALL[(k * 7 + i + round * 3) % List::ALL.len()];
                    let own = with_lower(w, |lower| l.holds(w, lower));
                    assert_eq!(in_any(w, l), own, "{w:?} {l:?} round {round}");
                }
                let all = held(w, Lists::of(&List::ALL));
                assert!(
                    List::ALL.iter().all(|&l| all.has(l) == in_any(w, l)),
                    "{w:?}"
                );
                let pair = Lists::of(&[List::Locative, List::OtherPreposition]);
                let own = in_any(w, List::Locative) || in_any(w, List::OtherPreposition);
                assert_eq!(in_any(w, pair), own, "{w:?}");
            }
        }
        assert!(in_any("Said", List::SpeechVerb) && in_any("OF", List::OtherPreposition));
        assert!(in_any("Province", List::CueAfter) && !in_any("Aleppo", List::CueAfter));
        assert!(in_any("Bread", List::Common) && in_any("John", List::FirstName));
        assert!(!in_any("Bread", List::FirstName) && !in_any("", List::Common));
    }

    /// The one-probe table answers as the tabled lists' own tests, for
    /// every word they hold (in three cases) and every common English word,
    /// and a word first asked about a list outside the table (which fills
    /// in the table's answers too) still answers each list as its test.
    #[test]
    fn tabled_answers_are_the_lists_own() {
        let dictionary = include_str!("../../gazetteer/common_words.txt");
        let dictionary = dictionary.lines().filter(|l| !l.starts_with('#'));
        let mut words: Vec<String> = tabled_words().map(String::from).collect();
        words.extend(tabled_words().map(str::to_uppercase));
        words.extend(tabled_words().map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        }));
        words.extend(dictionary.map(String::from));
        words.extend(["Mayıs", "K\u{212a}", "İstanbul", "", "aleppo"].map(String::from));
        let tabled_lists = || List::ALL.iter().filter(|l| TABLED.has(**l));
        let mut held_somewhere = 0;
        for w in &words {
            let own = |l: &List| with_lower(w, |lower| l.holds(w, lower));
            let bits = with_lower(w, tabled);
            for l in tabled_lists() {
                assert_eq!(bits & l.bit() != 0, own(l), "{w:?} {l:?}");
            }
            held_somewhere += usize::from(bits != 0);
            // Asked first about a list the table does not answer.
            assert_eq!(in_any(w, List::CueAfter), own(&List::CueAfter), "{w:?}");
            for l in List::ALL.iter().rev() {
                assert_eq!(in_any(w, *l), own(l), "{w:?} {l:?}");
            }
        }
        assert!(held_somewhere > 3 * tabled_words().count() / 2);
        assert!(with_lower("Said", tabled) == List::SpeechVerb.bit());
        assert!(with_lower("Mayor", tabled) & List::Title.bit() != 0);
    }

    #[test]
    fn a_set_of_lists_holds_a_word_of_any() {
        let some = Lists::of(&[List::Title, List::Calendar]);
        assert!(in_any("Monday", some) && in_any("MAYOR", some));
        assert!(!in_any("Aleppo", some) && !in_any("Monday", List::Title));
    }
}
