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
    let v = map()?.get(&buf[..n])?;
    Some(NameFreq {
        given: f32::from_bits((v >> 32) as u32),
        surname: f32::from_bits(v as u32),
    })
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
    fn rare_and_non_names_are_absent() {
        for w in ["Qxzv", "Zzyzx", "Aleppo"] {
            assert_eq!(person_name(w), None, "{w}");
        }
    }
}
