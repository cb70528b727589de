//! What the recognition rules ask of a name's surface alone (as written,
//! without its neighbours): whether it is a person's name, how the news
//! uses it, its letter cases, which word lists hold it. A text names the
//! same places again and again, and the next text names many of them too:
//! each thread works these out once per distinct surface and remembers
//! them, so every further mention costs one lookup instead of a dozen
//! (each a lower-casing and a table walk or a memo probe).
//!
//! Every answer is the lookup's own: [`SurfaceFacts::compute`] calls the
//! same functions the rules called before, and the remembered facts are
//! those of the surface string, whatever text it came from.

use super::fx::FxHashMap;
use crate::lexicon::codes::Standalone;
use crate::lexicon::facts::{List, Lists, held, in_any};
use crate::lexicon::names::{NameFreq, NewsUsage};

/// The facts of one surface (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SurfaceFacts {
    /// No white space in it.
    pub one_word: bool,
    /// [`crate::lexicon::names::person_name`] of the surface.
    pub person: Option<NameFreq>,
    /// [`crate::lexicon::names::news_usage`] of the surface.
    pub news: Option<NewsUsage>,
    /// Its letters, lower-case letters and upper-case letters.
    pub cases: (usize, usize, usize),
    /// Every character is alphabetic.
    pub alphabetic: bool,
    /// It holds an upper-case character.
    pub has_upper: bool,
    /// [`super::recognize::common_noun_phrase`].
    pub common_noun_phrase: bool,
    /// [`super::recognize::elongated`].
    pub elongated: bool,
    /// [`crate::lexicon::words::is_common_word`] of the surface as written.
    pub common_word: bool,
    /// [`crate::lexicon::words::is_function_word`] of the surface.
    pub function_word: bool,
    /// ... of its lower-case form ("An", "US"): without it, no
    /// [`super::recognize::capital_function_word`].
    pub lower_function_word: bool,
    /// [`crate::lexicon::codes::standalone_code`] of the surface.
    pub code: Option<Standalone>,
    /// For a code: whether its lower-case form is a common word.
    pub code_common_word: bool,
    /// Which of the lists [`List::Calendar`], [`List::Common`],
    /// [`List::TitleAbbreviation`] and [`List::FirstName`] hold the
    /// surface's letters and digits ("St. John's" is "StJohns").
    pub bare: BareLists,
    /// Its words (runs of letters) are all direction words
    /// ([`crate::lexicon::words::is_compass_word`]), and it has one.
    pub compass_only: bool,
    /// A pronoun with a contracted verb (`resolve::is_contraction`).
    pub contraction: bool,
    /// In [`List::OrgHead`] ("University" alone).
    pub org_head: bool,
}

/// Which lists hold a surface's letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BareLists {
    pub calendar: bool,
    pub common: bool,
    pub title_abbreviation: bool,
    pub first_name: bool,
}

impl BareLists {
    /// The lists that hold `bare`, asked at once.
    fn of(bare: &str) -> BareLists {
        let lists = [
            List::Calendar,
            List::Common,
            List::TitleAbbreviation,
            List::FirstName,
        ];
        let h = held(bare, Lists::of(&lists));
        BareLists {
            calendar: h.has(List::Calendar),
            common: h.has(List::Common),
            title_abbreviation: h.has(List::TitleAbbreviation),
            first_name: h.has(List::FirstName),
        }
    }
}

impl SurfaceFacts {
    /// The facts of `surface`, remembered per thread (a bounded map,
    /// emptied when full).
    pub fn of(surface: &str) -> SurfaceFacts {
        /// Surfaces remembered at most: the names of the last few dozen
        /// news texts.
        const MAX: usize = 1 << 13;
        thread_local! {
            static MEMO: std::cell::RefCell<FxHashMap<Box<str>, SurfaceFacts>> =
                std::cell::RefCell::new(FxHashMap::default());
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if let Some(f) = m.get(surface) {
                return *f;
            }
            if m.len() >= MAX {
                m.clear();
            }
            let f = SurfaceFacts::compute(surface);
            m.insert(surface.into(), f);
            f
        })
    }

    /// The facts of `surface`, worked out (not remembered).
    pub fn compute(surface: &str) -> SurfaceFacts {
        let bare = super::names::letters_and_digits(surface);
        let code = crate::lexicon::codes::standalone_code(surface);
        SurfaceFacts {
            one_word: !surface.contains(char::is_whitespace),
            person: crate::lexicon::names::person_name(surface),
            news: crate::lexicon::names::news_usage(surface),
            cases: super::recognize::letter_cases(surface),
            alphabetic: !surface.contains(|ch: char| !ch.is_alphabetic()),
            has_upper: surface.contains(char::is_uppercase),
            common_noun_phrase: super::recognize::common_noun_phrase(surface),
            elongated: super::recognize::elongated(surface),
            common_word: crate::lexicon::words::is_common_word(surface),
            function_word: crate::lexicon::words::is_function_word(surface),
            lower_function_word: crate::lexicon::text::with_lower(
                surface,
                crate::lexicon::words::is_function_word,
            ),
            code,
            code_common_word: code.is_some()
                && crate::lexicon::words::is_common_word(&surface.to_ascii_lowercase()),
            bare: BareLists::of(&bare),
            compass_only: {
                let mut words = (surface.split(|ch: char| !ch.is_alphabetic()))
                    .filter(|w| !w.is_empty())
                    .peekable();
                words.peek().is_some() && words.all(crate::lexicon::words::is_compass_word)
            },
            contraction: super::is_contraction(surface),
            org_head: in_any(surface, List::OrgHead),
        }
    }

    /// Whether every letter is upper-case (true for a surface without
    /// letters).
    pub fn all_caps(&self) -> bool {
        let (letters, _, upper) = self.cases;
        upper == letters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered facts are the computed ones, for surfaces of every
    /// shape, asked in any order and again after the memo was emptied.
    #[test]
    fn remembered_facts_are_the_computed_ones() {
        let surfaces = [
            "Paris",
            "PARIS",
            "paris",
            "St. John's",
            "New York",
            "the Hague",
            "The Bronx",
            "NYC",
            "CA",
            "OK",
            "May",
            "Gen",
            "Chelsea",
            "Jordan",
            "Loooondon",
            "İstanbul",
            "",
            "Washington, D.C.",
            "South-West",
            "Central",
            "University",
            "I've",
        ];
        for round in 0..3 {
            for s in surfaces.iter().rev().skip(round) {
                assert_eq!(SurfaceFacts::of(s), SurfaceFacts::compute(s), "{s:?}");
            }
        }
        let f = SurfaceFacts::of("St. John's");
        assert!(!f.one_word && !f.alphabetic && f.has_upper);
        assert!(SurfaceFacts::of("May").bare.calendar);
        assert!(SurfaceFacts::of("Chelsea").person.is_some());
        assert!(SurfaceFacts::of("CA").code.is_some());
        assert!(SurfaceFacts::of("South-West").compass_only && !SurfaceFacts::of("").compass_only);
        assert!(SurfaceFacts::of("University").org_head);
        let an = SurfaceFacts::of("An");
        assert!(an.lower_function_word && !an.function_word);
        assert!(!SurfaceFacts::of("Paris").lower_function_word);
        assert!(SurfaceFacts::of("PARIS").all_caps() && !SurfaceFacts::of("Paris").all_caps());
    }

    /// A full memo is emptied and fills again: answers stay the computed
    /// ones.
    #[test]
    fn facts_survive_a_full_memo() {
        for i in 0..(1 << 13) + 20 {
            let s = format!("Name{i}");
            assert_eq!(SurfaceFacts::of(&s), SurfaceFacts::compute(&s));
        }
        assert_eq!(SurfaceFacts::of("Paris"), SurfaceFacts::compute("Paris"));
    }
}
