//! Reasons as data: every sense of every mention collects what its evidence
//! says, but only the chosen sense's reason is written out, so the
//! evidence keeps numbers and spans and [`Why::write`] turns them into
//! words for that one sense.

use std::fmt::Write;

use super::{CueWords, Span};
use crate::gazetteer::PlaceRef;
use crate::lexicon::codes::Admin1Code;
use crate::matcher::Candidate;

/// What one piece of evidence for a sense says. The place it speaks of is
/// the sense's place; spans are byte spans of the document's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Already in words (boxed: a `String`'s capacity would make every
    /// reason of every sense a word longer).
    Text(Box<str>),
    /// A kind cue follows the name ("Idlib province").
    CueAfter,
    /// "`<kind>` of" precedes the name.
    CueBefore,
    /// "X, Y" with Y the place's division or country.
    XCommaY,
    /// "City, ST" with the code's division containing the place.
    XCommaCode(&'static Admin1Code),
    /// The population of a city or town.
    Population,
    /// The place's country is named in the text this often.
    CountryNamed(f64),
    /// A country bordering the place's is named in the text, its own is
    /// not.
    NeighbourNamed(&'static str),
    /// The user prefers the place's country.
    CountryBias,
    /// The place lies in the user's bias box.
    InBox,
    /// The place was chosen with a cue elsewhere this often.
    CuedElsewhere(usize),
    /// The place contains another place the text names (written here).
    Contains(Span),
    /// In the same division as another place the text names.
    SameDivision(Span),
    /// In the same country as another place the text names.
    SameCountry(Span),
    /// Kilometres from another place the text names.
    Near(f64),
    /// Kilometres from a sense of another ambiguous name.
    Senses(f64),
    /// Listed with other divisions of the place's country.
    ListedDivisions,
    /// Listed with other countries.
    ListedCountries,
    /// Inside a first-level division the text names.
    InNamedDivision,
    /// Another sense of the name is a national capital, and nothing in
    /// the text places this one locally.
    CapitalNamesake,
}

impl From<String> for Why {
    fn from(text: String) -> Why {
        Why::Text(text.into_boxed_str())
    }
}

impl Why {
    /// Appends the reason in words for place `p`, named by candidate `c` of
    /// `text`.
    pub(super) fn write(&self, out: &mut String, p: &PlaceRef<'_>, text: &str, c: &Candidate) {
        let form = |(start, end): Span| &text[start..end];
        // Strings and integers are appended as they are: the formatting
        // machinery only for the floating-point numbers. (Writing to a
        // String does not fail.)
        let _ = match self {
            Why::Text(t) => push(out, &[t]),
            Why::CueAfter => {
                let word = CueWords::around(text, c).after.unwrap_or_default();
                push(out, &["followed by \"", &word, "\""])
            }
            Why::CueBefore => {
                let words = CueWords::around(text, c).before.unwrap_or_default().0;
                push(out, &["after \"", &words, "\""])
            }
            Why::XCommaY => push(out, &["\"X, Y\" with Y containing it"]),
            Why::XCommaCode(u) => push(
                out,
                &["\"X, ", u.postal, "\" with ", u.name, " containing it"],
            ),
            Why::Population => {
                out.push_str("population ");
                push_decimal(out, p.population());
                Ok(())
            }
            Why::CountryNamed(n) => {
                write!(out, "country {} named in the text ({n}x)", p.country())
            }
            Why::NeighbourNamed(n) => push(out, &["bordering country ", n, " named in the text"]),
            Why::CountryBias => push(out, &["country bias ", p.country()]),
            Why::InBox => push(out, &["inside the bias box"]),
            Why::CuedElsewhere(n) => {
                out.push_str("named with a cue elsewhere in the text (");
                push_decimal(out, *n as u64);
                out.push_str("x)");
                Ok(())
            }
            Why::Contains(k) => push(out, &["contains \"", form(*k), "\", named in the text"]),
            Why::SameDivision(k) => push(out, &["in the same division as \"", form(*k), "\""]),
            Why::SameCountry(k) => push(out, &["in the same country as \"", form(*k), "\""]),
            Why::Near(km) => write!(out, "{km:.0} km from another place in the text"),
            Why::Senses(km) => {
                write!(
                    out,
                    "{km:.0} km from a place another name in the text may mean"
                )
            }
            Why::ListedDivisions => push(out, &["listed with other divisions of ", p.country()]),
            Why::ListedCountries => push(out, &["listed with other countries"]),
            Why::InNamedDivision => push(out, &["in ", p.admin1(), ", named in the text"]),
            Why::CapitalNamesake => push(out, &["a namesake of a national capital"]),
        };
    }
}

/// Appends `parts` to `out`, in order (what `write!` with only string
/// arguments writes, without the formatting machinery).
fn push(out: &mut String, parts: &[&str]) -> std::fmt::Result {
    parts.iter().for_each(|s| out.push_str(s));
    Ok(())
}

/// Appends `n` in decimal digits, as `write!(out, "{n}")` does.
pub(super) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::Why;

    /// Every sense of every name of a text holds its reasons until pass 2
    /// is done: one stays three words (a span and its tag).
    #[test]
    fn a_reason_is_three_words() {
        assert!(std::mem::size_of::<Why>() <= 24);
    }

    #[test]
    fn decimals_are_written_as_the_formatter_writes_them() {
        for n in [0, 7, 10, 99, 100, 123_456, 1_000_000, u64::MAX] {
            let mut s = String::from("x");
            super::push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }
}
