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

/// The class of a head word (any case, an abbreviation with or without its
/// full stop), and whether it is an abbreviation.
pub fn head_class(word: &str) -> Option<(FacilityClass, bool)> {
    let bare = word.strip_suffix('.').unwrap_or(word);
    let shouting = bare.len() > 1 && bare.chars().all(|c| c.is_uppercase());
    if bare.len() > 12 || shouting || !bare.chars().next().is_some_and(char::is_uppercase) {
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
}
