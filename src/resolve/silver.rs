//! Silver labels: training data for the sense weights that unannotated
//! text gives by disambiguating itself.
//!
//! A news story that writes "Paris, Texas" or "Springfield, MO" once and
//! "Paris" or "Springfield" later means the same place every time (one
//! sense per discourse). When exactly one sense of the name lies in the
//! qualifier (a country, a first-level division, or a US or Canadian state
//! code or press abbreviation: the containment evidence the resolver reads
//! as [`Feature::XCommaY`] and [`Feature::XCommaCode`]), that sense is a
//! label for the name's other, bare mentions in the document. The
//! qualifiers of the labelled name are blanked with spaces (offsets stay),
//! so the resolver cannot read the label back from the text; a name
//! qualified with two different places, or only inside a list ("Austin,
//! Texas and Ohio"), gives no label.
//!
//! The result is an annotated corpus in the eval formats whose gold marks
//! only the labelled mentions: good for the sense weights and for
//! resolution accuracy, not for recognition (see
//! [`super::train::Corpus::resolution_only`]).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::SenseRecord;
use super::evidence::Feature;
use super::train::{Corpus, map_with};
use crate::eval::{Expected, GoldClass, GoldRow};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::{DocResult, Document, Geoparser};

/// Counts of what [`extract`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SilverStats {
    /// Documents read.
    pub documents: usize,
    /// Documents left out because an earlier one has the same text.
    pub duplicates: usize,
    /// Documents with at least one label (the silver corpus).
    pub kept: usize,
    /// Labelled names (one per name and document) whose sense is the
    /// name's most populous sense.
    pub labels_biggest: usize,
    /// Labelled names whose sense is not the most populous.
    pub labels_smaller: usize,
    /// Gold rows (bare mentions) of the first kind of label.
    pub rows_biggest: usize,
    /// Gold rows of the second kind.
    pub rows_smaller: usize,
    /// Qualified names left unlabelled: their qualifiers disagree, a
    /// qualifier holds several of their senses far apart, or they are
    /// qualified only inside lists.
    pub ambiguous: usize,
    /// Labels of a seat, a city that shares its name with the division
    /// holding it, given by a kind cue ("the city of X", "X province"):
    /// the city (names, gold rows), then the division (names, gold rows).
    pub seats: [(usize, usize); 2],
}

/// A silver corpus and how it was made.
#[derive(Debug, Clone)]
pub struct Silver {
    /// The masked documents and their labels (resolution only).
    pub corpus: Corpus,
    /// The counts.
    pub stats: SilverStats,
}

/// Documents mapped at a time (bounds the memory of the recorded senses).
const CHUNK: usize = 1024;

/// Builds a silver corpus named `name` from unannotated documents.
/// Documents whose text repeats an earlier one are skipped. `setup` applies
/// the user's matcher and resolver settings, as in
/// [`super::train::cross_validate`].
pub fn extract<'g>(
    gaz: &'g Gazetteer,
    name: &str,
    docs: Vec<Document>,
    setup: &dyn Fn(&mut Geoparser<'g>),
) -> Silver {
    let mut stats = SilverStats {
        documents: docs.len(),
        ..SilverStats::default()
    };
    let mut seen = HashSet::new();
    let docs: Vec<Document> = docs
        .into_iter()
        .filter(|d| seen.insert(text_hash(&d.text)))
        .collect();
    stats.duplicates = stats.documents - docs.len();
    let mut corpus = Corpus {
        name: name.to_string(),
        docs: Vec::new(),
        gold: Vec::new(),
        resolution_only: true,
    };
    let mut rest = docs;
    while !rest.is_empty() {
        let tail = rest.split_off(CHUNK.min(rest.len()));
        for res in map_with(gaz, setup, None, rest) {
            if let Some((doc, rows)) = label_document(gaz, &res, &mut stats) {
                corpus.docs.push(doc);
                corpus.gold.extend(rows);
            }
        }
        rest = tail;
    }
    stats.kept = corpus.docs.len();
    Silver { corpus, stats }
}

fn text_hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What one document says about one name.
#[derive(Debug, Default)]
struct NameLabel {
    /// The sense its qualifiers name; `None` once they disagree.
    place: Option<PlaceId>,
    /// The qualifiers to blank: code point ranges.
    masks: Vec<(usize, usize)>,
    /// The qualifiers disagree, or one holds several senses.
    ambiguous: bool,
    /// The sense of a seat pair (a city and the division named after it)
    /// that a kind cue names, if any.
    seat: Option<PlaceId>,
}

/// The senses of a record that its "X, Y" or "City, ST" qualifier holds,
/// best first, less those within [`TOLERANCE_KM`] of the best (a city and
/// the county or province named after it are one label).
fn qualified(gaz: &Gazetteer, r: &SenseRecord) -> Vec<PlaceId> {
    let q = |x: &[f32]| x[Feature::XCommaY as usize] > 0.0 || x[Feature::XCommaCode as usize] > 0.0;
    let mut out: Vec<PlaceId> = Vec::new();
    for (p, _) in r.senses.iter().filter(|(_, x)| q(x)) {
        if out.iter().all(|o| !near(gaz, *o, *p)) {
            out.push(*p);
        }
    }
    out
}

/// How far a sense may lie from the labelled place and still count as it
/// (the tolerance of the annotated corpora).
const TOLERANCE_KM: f64 = 161.0;

/// The tolerance of a seat's label: the city and the division named after
/// it often lie within [`TOLERANCE_KM`] of each other, and only the label's
/// own point tells them apart.
const SAME_PLACE_KM: f64 = 1.0;

fn near(gaz: &Gazetteer, a: PlaceId, b: PlaceId) -> bool {
    let p = gaz.place(b);
    crate::eval::error_km(gaz, a, p.lat(), p.lon()) <= TOLERANCE_KM
}

/// Code point offsets and the byte offset of each (plus the end).
struct Chars<'t> {
    text: &'t str,
    byte: Vec<usize>,
}

impl<'t> Chars<'t> {
    fn new(text: &'t str) -> Self {
        let byte = (text.char_indices().map(|(i, _)| i))
            .chain(std::iter::once(text.len()))
            .collect();
        Chars { text, byte }
    }

    fn slice(&self, s: usize, e: usize) -> &'t str {
        &self.text[self.byte[s]..self.byte[e]]
    }

    fn char_of(&self, byte: usize) -> usize {
        self.byte.partition_point(|b| *b < byte)
    }
}

/// The end (code points) of the qualifier after the name `r`: the name
/// right after its comma, or else the code word there ("MO", "Tex.").
fn qualifier_end(c: &Chars<'_>, recs: &[SenseRecord], r: &SenseRecord) -> Option<usize> {
    if let Some(q) = (recs.iter())
        .find(|q| q.char_start > r.char_end && c.slice(r.char_end, q.char_start).trim() == ",")
    {
        return Some(q.char_end);
    }
    let after = &c.text[c.byte[r.char_end]..];
    let rest = after.strip_prefix(',')?.trim_start_matches([' ', '\u{a0}']);
    let len = (rest.char_indices())
        .find(|(_, ch)| !(ch.is_ascii_alphabetic() || *ch == '.'))
        .map_or(rest.len(), |(i, _)| i);
    (len > 0).then(|| c.char_of(c.byte[r.char_end] + (after.len() - rest.len()) + len))
}

/// Whether the qualified name sits in a list: another name and a comma
/// before it, or after its qualifier "and"/"or" ("Austin, Texas and Ohio")
/// or a comma and a capitalised word or "the".
fn in_list(c: &Chars<'_>, recs: &[SenseRecord], r: &SenseRecord, end: usize) -> bool {
    let before = (recs.iter())
        .any(|p| p.char_end <= r.char_start && c.slice(p.char_end, r.char_start).trim() == ",");
    let after = c.text[c.byte[end]..].trim_start();
    let next_word = after.split(|ch: char| !ch.is_alphabetic()).next();
    // "New Granada, Peru, the Two Sicilies": another item after a comma.
    let comma_item = (after.strip_prefix(','))
        .map(|a| a.trim_start_matches([' ', '\u{a0}']))
        .is_some_and(|a| a.starts_with("the ") || a.starts_with(char::is_uppercase));
    before || comma_item || matches!(next_word, Some("and" | "or"))
}

/// Whether a kind cue around the mention picks some of its senses
/// ("Raqqa province", "the city of Raqqa").
fn cued(r: &SenseRecord) -> bool {
    let q = |x: &[f32]| x[Feature::CueAfter as usize] > 0.0 || x[Feature::CueBefore as usize] > 0.0;
    r.senses.iter().any(|(_, x)| q(x))
}

/// The seat among the senses of a record: its one city or town that
/// shares the name with first-level divisions of its country holding it
/// (by polygon, or within [`TOLERANCE_KM`] without one), and those
/// divisions; `None` when no city or more than one has such a division,
/// or when that city is not the name's most populous one. Counties and
/// districts are left out: "X County" and "the District of X" are as often
/// a court, a sheriff or a prosecutor's office whose town the bare name
/// means.
fn seat_of(gaz: &Gazetteer, r: &SenseRecord) -> Option<(PlaceId, Vec<PlaceId>)> {
    let mut seats = Vec::new();
    for (city, _) in &r.senses {
        let c = gaz.place(*city);
        if !matches!(c.kind(), Kind::City | Kind::Town) {
            continue;
        }
        let holds = |div: PlaceId| {
            let d = gaz.place(div);
            d.kind() == Kind::Admin1
                && d.country() == c.country()
                && (crate::eval::inside_polygon(gaz, div, c.lat(), c.lon())
                    || near(gaz, div, *city))
        };
        let divs: Vec<PlaceId> = r
            .senses
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| holds(*d))
            .collect();
        if !divs.is_empty() {
            seats.push((*city, divs));
        }
    }
    // Only the name's most populous city: a village named like a state
    // (Washington in Washington state) is no seat of it.
    let top = (r.senses.iter())
        .map(|(p, _)| gaz.place(*p))
        .filter(|p| matches!(p.kind(), Kind::City | Kind::Town))
        .map(|p| p.population())
        .max()?;
    let biggest = |p: PlaceId| gaz.place(p).population() == top && top > 0;
    (seats.len() == 1 && biggest(seats[0].0)).then(|| seats.swap_remove(0))
}

/// The sense of the record's seat that its kind cue names: the city
/// ("the city of X", "X city") or one of its divisions ("X province",
/// "the province of X"); `None` when the record has no seat, the cue
/// names the city and a division or several divisions, or the cue is
/// "the capital of X" (X is then what holds the capital).
fn seat_cued(gaz: &Gazetteer, c: &Chars<'_>, r: &SenseRecord) -> Option<PlaceId> {
    let (city, divs) = seat_of(gaz, r)?;
    let capital_of = kind_before(c, r).is_some_and(|(_, k)| k == "capital of");
    let cue = |p: &PlaceId| {
        let x = r.senses.iter().find(|(o, _)| o == p).map(|(_, x)| x);
        x.is_some_and(|x| {
            x[Feature::CueAfter as usize] > 0.0
                || (x[Feature::CueBefore as usize] > 0.0 && !capital_of)
        })
    };
    let cued_divs: Vec<&PlaceId> = divs.iter().filter(|d| cue(d)).collect();
    match (cue(&city), cued_divs.as_slice()) {
        (true, []) => Some(city),
        (false, [d]) => Some(**d),
        _ => None,
    }
}

/// The code point ranges of the kind cue around a record: the word after
/// the name, and the kind words before it (`"<kind> of"`, `"<kinds> like"`).
fn cue_masks(c: &Chars<'_>, r: &SenseRecord) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let any = |f: Feature| r.senses.iter().any(|(_, x)| x[f as usize] > 0.0);
    if any(Feature::CueAfter) {
        let tail = &c.text[c.byte[r.char_end]..];
        if let Some(w) = crate::lexicon::text::word_after(tail, 0) {
            let end = c.char_of(
                c.byte[r.char_end] + (w.as_ptr() as usize - tail.as_ptr() as usize) + w.len(),
            );
            out.push((r.char_end, end));
        }
    }
    if let Some((start, _)) = kind_before(c, r).filter(|_| any(Feature::CueBefore)) {
        out.push((start, r.char_start));
    }
    out
}

/// A name written with its kind in one form of the gazetteer ("Kirkuk
/// Province", "Province of Kirkuk", "Kirkuk City"): the bare name, the
/// code point range of the kind word(s) to blank, and the one sense the
/// form names.
fn form_cued<'t>(c: &Chars<'t>, r: &SenseRecord) -> Option<(&'t str, (usize, usize), PlaceId)> {
    let mut places = (r.senses.iter())
        .filter(|(_, x)| x[Feature::FormCue as usize] > 0.0)
        .map(|(p, _)| *p);
    let place = places.next()?;
    if places.any(|p| p != place) {
        return None;
    }
    let text = c.slice(r.char_start, r.char_end);
    let lower = |w: &str| w.to_lowercase();
    let chars = |s: &str| s.chars().count();
    if let Some((head, last)) = text.rsplit_once(' ')
        && super::cue_after(&lower(last)).is_some()
        && !head.trim().is_empty()
    {
        let name = head.trim_end();
        let start = r.char_start + chars(name);
        return Some((name, (start, r.char_end), place));
    }
    let (first, rest) = text.split_once(' ')?;
    let (of, name) = rest.split_once(' ')?;
    (super::cue_before(&lower(first)).is_some() && of.eq_ignore_ascii_case("of")).then(|| {
        let start = r.char_end - chars(name);
        (name, (r.char_start, start), place)
    })
}

/// The kind cue before the record ("the province of X", "states like
/// X": [`super::kind_before`]), lower-cased, with its start (code points).
fn kind_before(c: &Chars<'_>, r: &SenseRecord) -> Option<(usize, String)> {
    let (start, words, _) = super::kind_before(c.text, c.byte[r.char_start])?;
    Some((c.char_of(start), words))
}

/// The labels of one mapped document: per name, the one sense its
/// qualifiers name.
fn labels<'t>(gaz: &Gazetteer, c: &Chars<'t>, recs: &[SenseRecord]) -> HashMap<&'t str, NameLabel> {
    let mut out: HashMap<&str, NameLabel> = HashMap::new();
    for r in recs {
        let q = qualified(gaz, r);
        if let Some((name, mask, place)) = form_cued(c, r) {
            let label = out.entry(name).or_default();
            label.ambiguous |= label.seat.is_some_and(|o| o != place);
            label.seat = Some(place);
            label.masks.push(mask);
            continue;
        }
        if q.is_empty() {
            if cued(r) {
                let label = out.entry(c.slice(r.char_start, r.char_end)).or_default();
                match seat_cued(gaz, c, r) {
                    Some(p) => {
                        label.ambiguous |= label.seat.is_some_and(|o| o != p);
                        label.seat = Some(p);
                        label.masks.extend(cue_masks(c, r));
                    }
                    None => label.ambiguous |= seat_of(gaz, r).is_some(),
                }
            }
            continue;
        }
        let label = out.entry(c.slice(r.char_start, r.char_end)).or_default();
        let end = qualifier_end(c, recs, r);
        match (q.as_slice(), end) {
            ([p], Some(end)) if !in_list(c, recs, r, end) => {
                label.ambiguous |= label.place.is_some_and(|o| !near(gaz, o, *p));
                label.place = Some(*p);
                label.masks.push((r.char_end, end));
            }
            ([_], _) => {}
            _ => label.ambiguous = true,
        }
    }
    out
}

/// The masked document and its gold rows, if any name has a label and a
/// bare mention with a right and a wrong sense.
fn label_document(
    gaz: &Gazetteer,
    res: &DocResult,
    stats: &mut SilverStats,
) -> Option<(Document, Vec<GoldRow>)> {
    let recs = &res.resolved.senses;
    let c = Chars::new(&res.document.text);
    let mut rows = Vec::new();
    let mut masks = Vec::new();
    let mut found = labels(gaz, &c, recs).into_iter().collect::<Vec<_>>();
    found.sort_by_key(|(name, _)| *name);
    for (name, label) in found {
        // A seat's cue refines a qualifier that holds both the city and
        // its division ("Kirkuk, Iraq" and "Kirkuk province").
        let conflict = label
            .seat
            .is_some_and(|s| label.place.is_some_and(|p| !near(gaz, p, s)));
        if label.ambiguous || conflict {
            stats.ambiguous += 1;
            continue;
        }
        let Some(place) = label.seat.or(label.place) else {
            continue;
        };
        // A kind cue labels only a seat: the city or a division named
        // after it, both senses of the bare name.
        let a_seat = |r: &SenseRecord| {
            label.seat.is_none()
                || seat_of(gaz, r)
                    .is_some_and(|(city, divs)| city == place || divs.contains(&place))
        };
        let bare: Vec<&SenseRecord> = (recs.iter())
            .filter(|r| c.slice(r.char_start, r.char_end) == name && qualified(gaz, r).is_empty())
            .filter(|r| !cued(r) && a_seat(r))
            .filter(|r| r.senses.len() > 1 && r.senses.iter().any(|(p, _)| *p == place))
            .collect();
        let Some(first) = bare.first() else { continue };
        let p = gaz.place(place);
        let biggest = (first.senses.iter())
            .filter(|(o, _)| !near(gaz, place, *o))
            .all(|(o, _)| gaz.place(*o).population() <= p.population());
        if let Some(seat) = label.seat {
            let division = !matches!(gaz.place(seat).kind(), Kind::City | Kind::Town);
            let (labels, rows_of) = &mut stats.seats[usize::from(division)];
            *labels += 1;
            *rows_of += bare.len();
        }
        let tolerance_km = (label.seat.is_some()).then_some(SAME_PLACE_KM);
        let (labels, rows_of) = if biggest {
            (&mut stats.labels_biggest, &mut stats.rows_biggest)
        } else {
            (&mut stats.labels_smaller, &mut stats.rows_smaller)
        };
        *labels += 1;
        *rows_of += bare.len();
        masks.extend(label.masks);
        let doc = &res.document.id;
        rows.extend((bare.iter()).map(|r| gold_row(doc, r, name, &p, tolerance_km)));
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by_key(|r| r.start);
    let text = masked(&res.document.text, &masks);
    let doc = Document {
        id: res.document.id.clone(),
        text,
    };
    Some((doc, rows))
}

/// The gold row of a labelled bare mention: the place's point, within
/// `tolerance_km` (else [`TOLERANCE_KM`]).
fn gold_row(
    doc: &str,
    r: &SenseRecord,
    name: &str,
    p: &crate::gazetteer::PlaceRef<'_>,
    tolerance_km: Option<f64>,
) -> GoldRow {
    GoldRow {
        doc: doc.to_string(),
        start: r.char_start,
        end: r.char_end,
        text: name.to_string(),
        class: GoldClass::Toponym,
        expected: Some(Expected {
            name: p.name().to_string(),
            lat: p.lat(),
            lon: p.lon(),
            tolerance_km: tolerance_km.unwrap_or(TOLERANCE_KM),
            kind: None,
            page: Some(p.place_id().to_string()),
        }),
        line: 0,
    }
}

/// The text with the code point ranges `masks` blanked with spaces.
fn masked(text: &str, masks: &[(usize, usize)]) -> String {
    (text.chars().enumerate())
        .map(|(i, ch)| {
            if masks.iter().any(|(s, e)| (*s..*e).contains(&i)) {
                ' '
            } else {
                ch
            }
        })
        .collect()
}

/// The silver corpus in the eval formats: `docs.jsonl` rows and
/// `gold.jsonl` rows.
pub fn to_jsonl(corpus: &Corpus) -> (String, String) {
    let mut docs = String::new();
    for d in &corpus.docs {
        docs.push_str(&serde_json::json!({"id": d.id, "text": d.text}).to_string());
        docs.push('\n');
    }
    let mut gold = String::new();
    for r in &corpus.gold {
        let e = r.expected.as_ref();
        let row = serde_json::json!({
            "doc": r.doc, "start": r.start, "end": r.end, "text": r.text, "class": "toponym",
            "expected": e.map(|e| serde_json::json!({
                "name": e.name, "lat": e.lat, "lon": e.lon, "tolerance_km": e.tolerance_km,
                "page": e.page,
            })),
        });
        gold.push_str(&row.to_string());
        gold.push('\n');
    }
    (docs, gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualified_name_labels_its_bare_mentions_and_the_qualifier_is_blanked() {
        let g = Gazetteer::embedded().unwrap();
        let text = "The fair opened in Paris, Texas, on Friday. Paris police said \
                    the crowd in Paris was calm.";
        let doc = Document {
            id: "d".into(),
            text: text.into(),
        };
        let s = extract(&g, "silver", vec![doc.clone(), doc], &|_| {});
        assert_eq!(s.stats.duplicates, 1);
        assert_eq!(s.corpus.docs.len(), 1, "{:?}", s.stats);
        let d = &s.corpus.docs[0];
        assert_eq!(d.text.chars().count(), text.chars().count());
        assert!(
            d.text
                .starts_with("The fair opened in Paris       , on Friday."),
            "{}",
            d.text
        );
        assert!(!d.text.contains("Texas"));
        assert_eq!(s.corpus.gold.len(), 2, "{:?}", s.corpus.gold);
        for r in &s.corpus.gold {
            assert_eq!(&d.text[r.start..r.end], "Paris");
            let e = r.expected.as_ref().unwrap();
            // Paris, Texas: not France.
            assert!(
                (e.lat - 33.66).abs() < 0.2 && (e.lon + 95.55).abs() < 0.2,
                "{e:?}"
            );
        }
        assert_eq!((s.stats.labels_smaller, s.stats.rows_smaller), (1, 2));
        assert!(s.corpus.resolution_only);
    }

    /// Documents d0, d1, ... with these texts.
    fn documents(texts: &[&str]) -> Vec<Document> {
        (texts.iter().enumerate())
            .map(|(i, t)| Document {
                id: format!("d{i}"),
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_name_qualified_two_ways_or_only_in_a_list_gives_no_label() {
        let g = Gazetteer::embedded().unwrap();
        let docs = [
            "Paris, Texas is not Paris, France. Paris is big.",
            "Offices in Austin, Texas and Ohio. Austin grew.",
            "Treaties with New Granada, Peru, the Two Sicilies. Granada grew.",
        ];
        let s = extract(&g, "silver", documents(&docs), &|_| {});
        assert!(s.corpus.docs.is_empty(), "{:?}", s.corpus.gold);
        assert!(s.stats.ambiguous >= 1);
    }

    #[test]
    fn a_kind_cue_labels_the_bare_mentions_of_a_seat_and_is_blanked() {
        let g = Gazetteer::embedded().unwrap();
        let docs = [
            "Fighting spread across Kirkuk province on Monday. Officials in Kirkuk said \
             roads were closed.",
            "Crowds gathered in the city of Kirkuk on Monday. Officials in Kirkuk said \
             roads were closed.",
            "The capital of Kirkuk is calm. Officials in Kirkuk said roads were closed.",
            "Kirkuk city and Kirkuk province voted. Officials in Kirkuk said so.",
        ];
        let s = extract(&g, "silver", documents(&docs), &|_| {});
        assert_eq!(s.stats.seats, [(1, 1), (1, 1)], "{:?}", s.corpus.gold);
        assert_eq!(s.corpus.docs.len(), 2);
        let (province, city) = (&s.corpus.docs[0], &s.corpus.docs[1]);
        assert!(
            province
                .text
                .starts_with("Fighting spread across Kirkuk          on")
        );
        assert!(
            city.text
                .starts_with("Crowds gathered in the         Kirkuk on")
        );
        let kind = |doc: &str| {
            let row = s.corpus.gold.iter().find(|r| r.doc == doc).unwrap();
            let page = row.expected.as_ref().unwrap().page.clone().unwrap();
            g.place(g.by_id(&page).unwrap()).kind()
        };
        assert_eq!(kind("d0"), Kind::Admin1);
        assert_eq!(kind("d1"), Kind::City);
    }
}
