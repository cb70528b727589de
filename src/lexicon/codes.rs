//! US state and Canadian province codes: postal codes ("MO", "ON"), AP and
//! Canadian Press abbreviations ("Tex.", "Calif.", "Ont.") and other
//! variants ("Nebr.", "Penna.", "Alta.") mapped to the first-level division
//! they stand for, so that "Springfield, MO" can be read as containment.
//!
//! Lookup is exact-case: "IN" is Indiana, "in" is nothing. Whether an
//! upper-case "IN", "OR" or "ME" is a code or an ordinary word is the
//! caller's decision (e.g. only after "City, "). A trailing dot is optional
//! on both sides: "Tex", "Tex." and "MO." all match.
//!
//! Source: `../shared/gazetteer-sources/us-ca-admin1-codes` (the `us`
//! package's state records, Natural Earth abbreviations and the hand table of
//! press abbreviations), checked by `gazetteer/build.py` and the build script
//! against the embedded places. US territories that GeoNames has as countries
//! (Puerto Rico, Guam, American Samoa, the Northern Mariana Islands, the
//! Virgin Islands and the three freely associated states) map to that country
//! place with an empty [`Admin1Code::admin1`]. The obsolete codes DK, OL and
//! PI have no place and are left out.

/// A first-level division (or, for US territories, the country GeoNames has
/// for them) that codes stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin1Code {
    /// ISO 3166-1 alpha-2 code of the unit's country in the gazetteer
    /// ("US", "CA"; "PR" for Puerto Rico).
    pub country: &'static str,
    /// The unit's place id in the embedded gazetteer (`geonames:N`).
    pub place_id: &'static str,
    /// The unit's name as the embedded places' `admin1` column spells it
    /// ("Missouri", "Washington, D.C."); empty when the gazetteer has the unit
    /// as a country.
    pub admin1: &'static str,
    /// The unit's display name in the gazetteer.
    pub name: &'static str,
    /// Its two-letter postal code ("MO").
    pub postal: &'static str,
}

/// What sort of form a code is, from most to least reliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeForm {
    /// A two-letter USPS or Canada Post code ("MO", "ON").
    Postal,
    /// The AP Stylebook or Canadian Press abbreviation ("Tex.", "Ont.").
    Abbreviation,
    /// Another abbreviation the sources give (Natural Earth, GPO and older
    /// forms: "Nebr.", "Penna.", "Miss", "Col."). Several are also ordinary
    /// words or titles, so they are weaker evidence.
    Variant,
}

// `UNITS` and `FORMS` (forms without their trailing dot, sorted), generated
// by build.rs from gazetteer/admin1_codes.tsv.
include!(concat!(env!("OUT_DIR"), "/admin1_codes.rs"));

/// The division a code form stands for, exact-case, trailing dot optional:
/// `admin1_by_code("MO")`, `admin1_by_code("Tex.")`.
///
/// ```
/// use geomention::lexicon::codes::admin1_by_code;
/// assert_eq!(admin1_by_code("Ont.").unwrap().admin1, "Ontario");
/// assert_eq!(admin1_by_code("MO").unwrap().place_id, "geonames:4398678");
/// assert!(admin1_by_code("in").is_none());
/// ```
pub fn admin1_by_code(form: &str) -> Option<&'static Admin1Code> {
    admin1_code_form(form).map(|(unit, _)| unit)
}

/// Like [`admin1_by_code`], with what sort of form matched.
pub fn admin1_code_form(form: &str) -> Option<(&'static Admin1Code, CodeForm)> {
    let key = form.strip_suffix('.').unwrap_or(form);
    let i = FORMS.binary_search_by(|(k, _, _)| k.cmp(&key)).ok()?;
    let (_, unit, kind) = FORMS[i];
    Some((&UNITS[usize::from(unit)], kind))
}

/// Every unit in the table (72: 50 states, DC, 8 territories and freely
/// associated states, 13 provinces and territories).
pub fn admin1_codes() -> &'static [Admin1Code] {
    UNITS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin1(form: &str) -> Option<&'static str> {
        admin1_by_code(form).map(|u| u.admin1)
    }

    #[test]
    fn postal_codes_are_exact_case() {
        assert_eq!(admin1("MO"), Some("Missouri"));
        assert_eq!(admin1("ON"), Some("Ontario"));
        assert_eq!(admin1("IN"), Some("Indiana"));
        assert_eq!(admin1("DC"), Some("Washington, D.C."));
        for word in ["in", "In", "mo", "Mo", "on", "or", "me"] {
            assert!(
                admin1_code_form(word).is_none_or(|(_, k)| k != CodeForm::Postal),
                "{word}"
            );
        }
        assert_eq!(admin1("in"), None);
        assert_eq!(admin1("XX"), None);
        assert_eq!(admin1(""), None);
    }

    #[test]
    fn press_abbreviations_with_or_without_dot() {
        for (form, want) in [
            ("Tex.", "Texas"),
            ("Tex", "Texas"),
            ("Calif.", "California"),
            ("Ont.", "Ontario"),
            ("N.Y.", "New York"),
            ("W.Va.", "West Virginia"),
            ("Alta.", "Alberta"),
            ("Mo.", "Missouri"),
            ("MO.", "Missouri"),
        ] {
            assert_eq!(admin1(form), Some(want), "{form}");
        }
        assert_eq!(admin1("tex."), None);
        assert_eq!(admin1("Texas"), None, "names are not codes");
    }

    #[test]
    fn forms_say_how_reliable_they_are() {
        assert_eq!(admin1_code_form("TX").unwrap().1, CodeForm::Postal);
        assert_eq!(admin1_code_form("Ky.").unwrap().1, CodeForm::Abbreviation);
        assert_eq!(admin1_code_form("Nebr.").unwrap().1, CodeForm::Variant);
    }

    #[test]
    fn units_join_the_embedded_gazetteer() {
        let g = crate::Gazetteer::embedded().unwrap();
        assert_eq!(admin1_codes().len(), 72);
        for u in admin1_codes() {
            let p = g.place(g.by_id(u.place_id).expect(u.place_id));
            assert_eq!(p.name(), u.name);
            assert_eq!(p.country(), u.country);
            assert_eq!(u.postal.len(), 2, "{}", u.name);
            assert_eq!(admin1_by_code(u.postal), Some(u));
        }
        let pr = admin1_by_code("PR").unwrap();
        assert_eq!((pr.country, pr.admin1), ("PR", ""));
    }
}
