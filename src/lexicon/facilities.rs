//! The head words of street-level place names the gazetteer does not hold:
//! streets and roads, open spaces and structures, buildings and sites. A
//! capitalised name before one of them ("Dufferin Street", "Victoria
//! Park", "Al-Shifa Hospital") is such a place; `crate::facility` counts
//! it, placed at the town the text puts it in.
//!
//! The street words are the street-suffix names of the US Postal Service's
//! addressing standard (Publication 28, appendix C1) and the common British
//! ones, with their usual abbreviations; the buildings are the lexicon's
//! [`FACILITIES`](super::words::FACILITIES).

/// What kind of street-level place a head word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilityClass {
    /// A street, road or highway.
    Street,
    /// A park, square, bridge or plaza.
    OpenSpace,
    /// A building or site (hospital, mosque, stadium, ...).
    Building,
}

impl FacilityClass {
    /// The word used in reasons ("a street", "a park or square").
    pub fn describe(self) -> &'static str {
        match self {
            FacilityClass::Street => "a street or road",
            FacilityClass::OpenSpace => "a park, square or bridge",
            FacilityClass::Building => "a building or site",
        }
    }
}

/// Street and road words, lower case. Not "Way", "Place", "Court",
/// "Circle", "Crescent", "Row", "Walk" or "Close": they are ordinary words
/// in a capitalised phrase more often than street names ("Supreme Court",
/// "Inner Circle", "Red Crescent").
#[rustfmt::skip]
pub const STREET_HEADS: &[&str] = &[
    "street", "road", "avenue", "boulevard", "lane", "drive", "highway", "parkway",
    "expressway", "freeway", "turnpike", "motorway", "terrace",
];

/// Abbreviations of [`STREET_HEADS`]; they count only when the next word is
/// not capitalised ("Main St. was closed", not "St. Louis").
#[rustfmt::skip]
pub const STREET_ABBREVIATIONS: &[&str] = &[
    "st", "rd", "ave", "blvd", "ln", "hwy", "pkwy", "expy", "fwy", "tpke",
];

/// Open spaces and structures.
#[rustfmt::skip]
pub const OPEN_SPACE_HEADS: &[&str] = &[
    "park", "square", "bridge", "plaza", "gardens", "common",
];

/// Building words of [`FACILITIES`](super::words::FACILITIES) that news
/// uses more for an institution or an abstraction than for a building: "the
/// Single Market", "the stock market".
pub const NOT_BUILDINGS: &[&str] = &["market"];

/// Per first letter (`a` to `z`) and length (0 to 12), the last letters of
/// the head words of every class with that first letter and length, as
/// bits (bit `n` for the letter `a + n`).
const HEAD_SHAPES: [[u32; 13]; 26] = head_shapes(&[
    STREET_HEADS,
    STREET_ABBREVIATIONS,
    OPEN_SPACE_HEADS,
    super::words::FACILITIES,
]);

/// [`HEAD_SHAPES`] of the lists; a word that is not lower-case ASCII
/// letters, or longer than 12 bytes, stops the build.
const fn head_shapes(lists: &[&[&str]]) -> [[u32; 13]; 26] {
    let mut shapes = [[0u32; 13]; 26];
    let mut i = 0;
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            let w = lists[i][j].as_bytes();
            assert!(
                !w.is_empty() && w.len() <= 12,
                "a head word of 1 to 12 bytes"
            );
            let mut k = 0;
            while k < w.len() {
                assert!(w[k].is_ascii_lowercase(), "a lower-case ASCII head word");
                k += 1;
            }
            shapes[(w[0] - b'a') as usize][w.len()] |= 1 << (w[w.len() - 1] - b'a');
            j += 1;
        }
        i += 1;
    }
    shapes
}

/// The class of a head word (any case, an abbreviation with or without its
/// full stop), and whether it is an abbreviation.
pub fn head_class(word: &str) -> Option<(FacilityClass, bool)> {
    let bare = word.strip_suffix('.').unwrap_or(word);
    // Every head word is ASCII letters: a word whose first letter, length
    // and last letter no head word has is none (most capitalised words of
    // a text, at one table look-up). A byte is an ASCII letter when, with
    // bit 5 set, it is from `a` to `z`.
    let first = bare.bytes().next().filter(u8::is_ascii_uppercase)?;
    let last = bare.as_bytes()[bare.len() - 1] | 0x20;
    if bare.len() > 12
        || !last.is_ascii_lowercase()
        || HEAD_SHAPES[usize::from(first - b'A')][bare.len()] & (1 << (last - b'a')) == 0
    {
        return None;
    }
    let shouting = bare.len() > 1 && bare.chars().all(|c| c.is_uppercase());
    if shouting {
        return None;
    }
    // The lists are lower-case ASCII: no allocation for the capitalised
    // words of every text that reach this test.
    let is = |list: &[&str]| list.iter().any(|h| h.eq_ignore_ascii_case(bare));
    if is(STREET_HEADS) {
        Some((FacilityClass::Street, false))
    } else if is(STREET_ABBREVIATIONS) {
        Some((FacilityClass::Street, true))
    } else if is(OPEN_SPACE_HEADS) {
        Some((FacilityClass::OpenSpace, false))
    } else if is(super::words::FACILITIES) && !is(NOT_BUILDINGS) {
        Some((FacilityClass::Building, false))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_capitalised_words_of_the_lists() {
        assert_eq!(head_class("Street"), Some((FacilityClass::Street, false)));
        assert_eq!(head_class("St."), Some((FacilityClass::Street, true)));
        assert_eq!(head_class("Park"), Some((FacilityClass::OpenSpace, false)));
        assert_eq!(
            head_class("Hospital"),
            Some((FacilityClass::Building, false))
        );
        assert_eq!(head_class("street"), None);
        assert_eq!(head_class("Court"), None);
        assert_eq!(head_class("STREET"), None);
        assert_eq!(head_class("Market"), None);
    }

    /// `head_class` without the first-letter, length and last-letter filter.
    fn head_class_by_lists(word: &str) -> Option<(FacilityClass, bool)> {
        let bare = word.strip_suffix('.').unwrap_or(word);
        let shouting = bare.len() > 1 && bare.chars().all(|c| c.is_uppercase());
        if bare.len() > 12 || shouting || !bare.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let is = |list: &[&str]| list.iter().any(|h| h.eq_ignore_ascii_case(bare));
        let street = is(STREET_HEADS).then_some((FacilityClass::Street, false));
        street
            .or(is(STREET_ABBREVIATIONS).then_some((FacilityClass::Street, true)))
            .or(is(OPEN_SPACE_HEADS).then_some((FacilityClass::OpenSpace, false)))
            .or((is(super::super::words::FACILITIES) && !is(NOT_BUILDINGS))
                .then_some((FacilityClass::Building, false)))
    }

    #[test]
    fn the_shape_filter_keeps_every_head_word() {
        let lists = [
            STREET_HEADS,
            STREET_ABBREVIATIONS,
            OPEN_SPACE_HEADS,
            super::super::words::FACILITIES,
            super::super::words::ORG_HEADS,
        ];
        let mut words: Vec<String> = Vec::new();
        for w in lists.iter().flat_map(|l| l.iter()) {
            let cap = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
            let longer = format!("{cap}s");
            let shorter = cap[..cap.len() - 1].to_string();
            // The same first letter and length, another last letter or byte.
            for last in [b'a', b'q', b'z', b'Z', b'@', b'[', b'`', b'{', b'1'] {
                let mut other = cap.clone().into_bytes();
                *other.last_mut().expect("a letter") = last;
                words.push(String::from_utf8(other).expect("ASCII"));
            }
            words.extend([w.to_string(), w.to_uppercase(), format!("{cap}.")]);
            words.extend([cap, longer, shorter]);
        }
        words.extend(["", "É", "Éstreet", "A", "Ab", "Stree", "Streets", "Ü."].map(String::from));
        let mut found = 0;
        for w in &words {
            assert_eq!(head_class(w), head_class_by_lists(w), "{w}");
            found += usize::from(head_class(w).is_some());
        }
        assert!(found > 60, "{found}");
    }
}
