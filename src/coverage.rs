//! Coverage: what a text names, what was mapped, and what was missed.
//!
//! [`Coverage::from_results`] reduces mapped documents ([`DocResult`]s) to a
//! report, per document and in total, with four parts:
//!
//! * **Mapped**: one [`MappedPlace`] per resolved place, with counts.
//! * **Not resolved**: names the matcher found but the resolver could not
//!   pin to one place ([`UnresolvedName`], with the competing candidates).
//! * **Excluded**: names the resolver ruled out as not places
//!   ([`ExcludedName`], with the reason), because they explain gaps.
//! * **Missed**: place-like phrases the gazetteer did not match
//!   ([`MissedPhrase`]), ranked by a score whose evidence is listed.
//!
//! [`Coverage::check_expected`] adds a checklist of places the user expects
//! ([`Expected`], read by [`read_expected`]); [`write_suggestions`] turns the
//! missed phrases into a gazetteer CSV skeleton to fill in.
//!
//! # How missed phrases are found
//!
//! The finder reads the text the way a reader spots an unknown place name.
//! It takes runs of capitalised words (allowing lower-case connectors such
//! as `al-`, `bin`, `de` inside, and `of` after a geographic head word such
//! as "Gulf"), splits them at common words, titles, months and days, and
//! drops every phrase that overlaps a mention or an excluded name, or that
//! spells a name the matcher found elsewhere. Each remaining occurrence then
//! collects evidence:
//!
//! * for a place: a preposition before it ("in", "near", "outside"), a kind
//!   cue ("the city of", "north of", "province" after it), the shape of
//!   romanized Arabic and Turkish names (`Kafr`, `Tell`, `Jisr`, `Deir`,
//!   `Jabal`, `al-`, `-köy`, `-abad`, `-iyah`, ...), being listed with a
//!   mapped place ("X and Idlib", "X, Idlib");
//! * against: a title before it ("President", "spokesman"), a speech verb
//!   after it ("... said"), an organisation word in it ("Army", "Institute",
//!   "News"), being an acronym or an adjective ("Kurdish"), appearing only
//!   at the start of sentences, or being part of a person's name found
//!   elsewhere in the document.
//!
//! The score is the sum, over kinds of evidence, of the strongest piece of
//! each kind. Phrases scoring at least [`CoverageOptions::min_score`] are
//! listed; the rules are general, with no names of particular places.
//!
//! The module is pure: renderers write to a `&mut dyn Write` they are given.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

use serde::Serialize;

use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::lexicon::text::{CharIndex, is_cap, letters_upper, with_lower};
use crate::lexicon::words::{
    ADJ_SUFFIXES, ARTICLES, CONNECTORS, FACILITIES, GIVEN_NAMES, HEAD_FIRST, HEADS_IN, KIND_AFTER,
    KIND_APPOSITIVE, KIND_BEFORE, LIST_WORDS, NAME_PREFIXES, NAME_SUFFIXES, OF_HEADS, ORG_WORDS,
    PREP_STRONG, PREP_WEAK, ROAD_HEADS, STOP_WORDS, is_direction, is_speech_verb,
};
use crate::normalize::{normalize, normalize_key};
use crate::output::{OutputOptions, context, summarize};
use crate::resolve::fx::{FxHashMap, FxHashSet};
use crate::resolve::{Mention, MentionKind, Resolved};

/// Whether the word `w` is in the lexicon list `list`, looked up in a hash
/// set of the list built once (the lists hold up to 300 words: a scan
/// compared every one).
macro_rules! listed {
    ($list:ident, $w:expr) => {{
        static SET: std::sync::LazyLock<FxHashSet<&'static str>> =
            std::sync::LazyLock::new(|| $list.iter().copied().collect());
        in_set(&SET, $w)
    }};
}

/// Whether `w` is in `set` (the lookup of [`listed!`]; a set that is only
/// asked, never iterated, so its hasher does not touch the output).
fn in_set(set: &FxHashSet<&'static str>, w: &str) -> bool {
    set.contains(w)
}

/// Whether `w` is in [`HEADS_IN`] or in [`FACILITIES`] (one look-up in a
/// set of both, for what took two).
fn is_head_word(w: &str) -> bool {
    static SET: std::sync::LazyLock<FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| HEADS_IN.iter().chain(FACILITIES).copied().collect());
    in_set(&SET, w)
}

/// The default [`CoverageOptions::min_score`].
pub const DEFAULT_MIN_SCORE: f64 = 3.0;

/// Settings of the coverage report.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageOptions {
    /// Count demonym mentions ("Syrian") as mentions of their country.
    pub demonyms: bool,
    /// Missed phrases scoring below this are not listed.
    pub min_score: f64,
    /// Context snippets kept per item.
    pub max_contexts: usize,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        CoverageOptions {
            demonyms: false,
            min_score: DEFAULT_MIN_SCORE,
            max_contexts: 3,
        }
    }
}

/// The coverage report over a set of documents.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The report of each document, in input order.
    pub documents: Vec<DocCoverage>,
    /// The report over all documents.
    pub total: Report,
    /// The checklist of expected places, after [`Coverage::check_expected`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Vec<Check>>,
    /// Each document's id and normalized text (for checklist hints).
    #[serde(skip)]
    texts: Vec<(String, String)>,
    /// Place-like phrases that scored too low to be listed (for hints).
    #[serde(skip)]
    below: Vec<MissedPhrase>,
}

/// The report of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocCoverage {
    /// The document id.
    pub doc: String,
    /// What was mapped and missed in it.
    #[serde(flatten)]
    pub report: Report,
}

/// What was mapped, not resolved, excluded and missed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The counts.
    pub summary: Summary,
    /// Places mapped, most mentioned first.
    pub mapped: Vec<MappedPlace>,
    /// Names found but not resolved, most frequent first.
    pub unresolved: Vec<UnresolvedName>,
    /// Names found but excluded as not places, most frequent first.
    pub excluded: Vec<ExcludedName>,
    /// Place-like phrases the gazetteer did not match, best first.
    pub missed: Vec<MissedPhrase>,
}

/// The counts of a [`Report`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Documents covered.
    pub documents: u64,
    /// Place mentions found (toponyms, plus demonyms when they count).
    pub mentions_found: u64,
    /// Of those, mentions resolved to a place.
    pub mentions_resolved: u64,
    /// Of those, mentions not resolved.
    pub mentions_unresolved: u64,
    /// Distinct places mapped.
    pub places_mapped: u64,
    /// Names found but excluded as not places (occurrences).
    pub names_excluded: u64,
    /// Distinct missed place-like phrases listed.
    pub candidates_missed: u64,
    /// Occurrences of the listed missed phrases.
    pub missed_occurrences: u64,
}

/// A place and what the text called it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceInfo {
    /// The gazetteer id.
    pub place_id: String,
    /// The display name.
    pub name: String,
    /// The kind (`city`, `admin1`, ...).
    pub kind: String,
    /// ISO country code, empty when none.
    pub country: String,
}

impl PlaceInfo {
    fn new(gaz: &Gazetteer, id: PlaceId) -> PlaceInfo {
        let p = gaz.place(id);
        PlaceInfo {
            place_id: p.place_id().to_string(),
            name: p.name().to_string(),
            kind: p.kind().as_str().to_string(),
            country: p.country().to_string(),
        }
    }

    fn label(&self) -> String {
        let cc = if self.country.is_empty() {
            String::new()
        } else {
            format!(", {}", self.country)
        };
        format!("{} ({}, {}{cc})", self.name, self.place_id, self.kind)
    }
}

/// A mapped place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedPlace {
    /// The place.
    #[serde(flatten)]
    pub place: PlaceInfo,
    /// Toponym mentions.
    pub count: u64,
    /// Demonym mentions (0 unless demonyms count).
    pub demonym_count: u64,
    /// Documents that mention it.
    pub docs: u64,
    /// The spellings seen.
    pub forms: Vec<String>,
    /// Why the first mention was resolved to it.
    pub reason: String,
    /// A few snippets.
    pub contexts: Vec<String>,
}

/// A name found but not resolved to a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnresolvedName {
    /// The name as written (first occurrence).
    pub text: String,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub docs: u64,
    /// Why no place was chosen.
    pub reason: String,
    /// The places that competed, best first.
    pub candidates: Vec<PlaceInfo>,
    /// A few snippets.
    pub contexts: Vec<String>,
    /// Where it occurs.
    pub occurrences: Vec<Occurrence>,
}

/// A name found but excluded as not a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedName {
    /// The name as written (first occurrence).
    pub text: String,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub docs: u64,
    /// Why it is not a place mention.
    pub why: String,
    /// A few snippets.
    pub contexts: Vec<String>,
    /// Where it occurs.
    pub occurrences: Vec<Occurrence>,
}

/// A place-like phrase the gazetteer did not match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedPhrase {
    /// The phrase (its most frequent spelling).
    pub name: String,
    /// Every spelling seen.
    pub forms: Vec<String>,
    /// How likely it is a place: the sum of the evidence weights.
    pub score: f64,
    /// The evidence, strongest first, each with its weight; a weight in
    /// brackets did not count (only the strongest piece of each kind
    /// counts).
    pub evidence: Vec<String>,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub docs: u64,
    /// A few snippets.
    pub contexts: Vec<String>,
    /// Where it occurs.
    pub occurrences: Vec<Occurrence>,
    /// The place its sentence puts it in, when one was mapped there
    /// ("Orum al-Kubra, in rural western Aleppo": Aleppo), as
    /// `name (id, kind, country)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// That place's id (labelled once the gazetteer is at hand).
    #[serde(skip)]
    within_id: Option<PlaceId>,
}

/// Where a missed phrase occurs: Unicode code point offsets, end exclusive
/// (as in the `mentions` output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The document id.
    pub doc: String,
    /// Start, in code points.
    pub start: usize,
    /// End, in code points.
    pub end: usize,
}

/// A place the user expects the text to name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Its name.
    pub name: String,
    /// Its gazetteer id, when the user gave one.
    pub place_id: Option<String>,
}

/// The outcome of checking one expected place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// A mapped place has the expected id, or the name when no id is given.
    Found,
    /// The name was mapped, but to another place than the expected id.
    FoundAsAnotherPlace,
    /// No mapped place matches.
    Missing,
}

impl CheckStatus {
    /// The words used in reports: `found`, `found as another place`,
    /// `missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Found => "found",
            CheckStatus::FoundAsAnotherPlace => "found as another place",
            CheckStatus::Missing => "missing",
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// The expected name.
    pub name: String,
    /// The expected id, if given.
    pub expected_id: Option<String>,
    /// Found, found as another place, or missing.
    pub status: CheckStatus,
    /// The mapped places that match the name or id.
    pub places: Vec<PlaceInfo>,
    /// An explanation: which place it was found as, or where the name
    /// appears when it is missing.
    pub hint: String,
}

impl Coverage {
    /// Builds the report from mapped documents.
    pub fn from_results(
        gaz: &Gazetteer,
        results: &[DocResult],
        opts: &CoverageOptions,
    ) -> Coverage {
        let out_opts = OutputOptions {
            demonyms: opts.demonyms,
            ..OutputOptions::default()
        };
        let known: HashSet<String> = known_names(results);
        let mut documents = Vec::with_capacity(results.len());
        let mut below_all: Vec<(String, Vec<MissedPhrase>)> = Vec::new();
        let mut texts = Vec::with_capacity(results.len());
        for r in results {
            let doc = r.document.id.clone();
            let (missed, below) = split_by_score(
                find_missed(
                    &doc,
                    &r.document.text,
                    &r.resolved,
                    &|k| known.contains(k),
                    opts,
                ),
                opts.min_score,
            );
            let mut missed = missed;
            label_within(gaz, &mut missed);
            let report = Report {
                summary: Summary::default(),
                mapped: mapped_places(gaz, std::slice::from_ref(r), &out_opts, opts),
                unresolved: unresolved(gaz, std::slice::from_ref(r), opts),
                excluded: excluded(std::slice::from_ref(r), opts),
                missed,
            }
            .with_summary(std::slice::from_ref(r), opts);
            below_all.push((doc.clone(), below));
            texts.push((doc.clone(), normalize(&r.document.text).text));
            documents.push(DocCoverage { doc, report });
        }
        let total = Report {
            summary: Summary::default(),
            mapped: mapped_places(gaz, results, &out_opts, opts),
            unresolved: unresolved(gaz, results, opts),
            excluded: excluded(results, opts),
            missed: merge_missed(documents.iter().map(|d| d.report.missed.clone()), opts),
        }
        .with_summary(results, opts);
        let below = merge_missed(below_all.into_iter().map(|(_, b)| b), opts);
        Coverage {
            documents,
            total,
            checklist: None,
            texts,
            below,
        }
    }

    /// Checks the expected places against what was mapped, stores the
    /// checklist in [`Coverage::checklist`] and returns it.
    pub fn check_expected(&mut self, expected: &[Expected]) -> &[Check] {
        let list: Vec<Check> = expected.iter().map(|e| self.check_one(e)).collect();
        self.checklist.insert(list)
    }

    fn check_one(&self, e: &Expected) -> Check {
        let key = normalize_key(&e.name);
        let by_name: Vec<&MappedPlace> = self
            .total
            .mapped
            .iter()
            .filter(|m| {
                !key.is_empty()
                    && (normalize_key(&m.place.name) == key
                        || m.forms.iter().any(|f| form_matches(f, &key)))
            })
            .collect();
        let by_id: Vec<&MappedPlace> = match &e.place_id {
            Some(id) => self
                .total
                .mapped
                .iter()
                .filter(|m| m.place.place_id == *id)
                .collect(),
            None => Vec::new(),
        };
        let infos = |v: &[&MappedPlace]| v.iter().map(|m| m.place.clone()).collect::<Vec<_>>();
        let labels = |v: &[&MappedPlace]| {
            v.iter()
                .map(|m| format!("{} ({}x)", m.place.label(), m.count + m.demonym_count))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (status, places, hint) = match &e.place_id {
            Some(_) if !by_id.is_empty() => (
                CheckStatus::Found,
                infos(&by_id),
                format!("mapped as {}", labels(&by_id)),
            ),
            Some(id) if !by_name.is_empty() => (
                CheckStatus::FoundAsAnotherPlace,
                infos(&by_name),
                format!(
                    "expected {id}, but the name was mapped to {}",
                    labels(&by_name)
                ),
            ),
            None if !by_name.is_empty() => (
                CheckStatus::Found,
                infos(&by_name),
                format!("mapped as {}", labels(&by_name)),
            ),
            _ => (CheckStatus::Missing, Vec::new(), self.missing_hint(&key)),
        };
        Check {
            name: e.name.clone(),
            expected_id: e.place_id.clone(),
            status,
            places,
            hint,
        }
    }

    /// Where a name that was not mapped shows up.
    fn missing_hint(&self, key: &str) -> String {
        if key.is_empty() {
            return "the name has no letters or digits".into();
        }
        let mut hints = Vec::new();
        let contains = |k: &str| format!(" {k} ").contains(&format!(" {key} "));
        if let Some(u) = self
            .total
            .unresolved
            .iter()
            .find(|u| contains(&normalize_key(&u.text)))
        {
            let cands: Vec<String> = u.candidates.iter().take(3).map(PlaceInfo::label).collect();
            hints.push(format!(
                "found as {:?} but not resolved ({}); candidates: {}",
                u.text,
                u.reason,
                if cands.is_empty() {
                    "none".to_string()
                } else {
                    cands.join("; ")
                }
            ));
        }
        if let Some(x) = self
            .total
            .excluded
            .iter()
            .find(|x| contains(&normalize_key(&x.text)))
        {
            hints.push(format!("found as {:?} but excluded: {}", x.text, x.why));
        }
        if let Some(m) = self
            .total
            .missed
            .iter()
            .find(|m| contains(&normalize_key(&m.name)))
        {
            hints.push(format!(
                "in the missed list as {:?} (score {:.1}, {}x): add it to a gazetteer (--suggest)",
                m.name, m.score, m.count
            ));
        } else if let Some(m) = self
            .below
            .iter()
            .find(|m| contains(&normalize_key(&m.name)))
        {
            hints.push(format!(
                "seen as the phrase {:?} but scored {:.1} as a place ({})",
                m.name,
                m.score,
                m.evidence.join(", ")
            ));
        }
        if hints.is_empty() {
            let needle = format!(" {key} ");
            let docs: Vec<&str> = self
                .texts
                .iter()
                .filter(|(_, t)| t.contains(&needle))
                .map(|(d, _)| d.as_str())
                .collect();
            if docs.is_empty() {
                hints.push("the name does not appear in the text".into());
            } else {
                let more = if docs.len() > 3 {
                    format!(" and {} more", docs.len() - 3)
                } else {
                    String::new()
                };
                hints.push(format!(
                    "the name appears in the text ({}{more}) but was not found as a place",
                    docs[..docs.len().min(3)].join(", ")
                ));
            }
        }
        hints.join("; ")
    }
}

/// Whether a surface form names the key: equal, or the key plus a kind
/// word ("Idlib province" for "Idlib").
fn form_matches(form: &str, key: &str) -> bool {
    let f = normalize_key(form);
    if f == key {
        return true;
    }
    let strip = |s: &str| -> bool { listed!(KIND_AFTER, &s) || matches!(s, "the" | "of" | "al") };
    let rest: Vec<&str> = f.split(' ').collect();
    let key_toks: Vec<&str> = key.split(' ').collect();
    rest.windows(key_toks.len()).enumerate().any(|(i, w)| {
        w == key_toks.as_slice()
            && rest[..i].iter().all(|t| strip(t))
            && rest[i + key_toks.len()..].iter().all(|t| strip(t))
    })
}

impl Report {
    fn with_summary(mut self, results: &[DocResult], opts: &CoverageOptions) -> Report {
        let mut s = Summary {
            documents: results.len() as u64,
            ..Summary::default()
        };
        let (found, resolved) = mention_counts(results, opts);
        s.mentions_found = found;
        s.mentions_resolved = resolved;
        s.mentions_unresolved = found - resolved;
        s.names_excluded = results
            .iter()
            .map(|r| r.resolved.excluded.len() as u64)
            .sum();
        s.places_mapped = self.mapped.len() as u64;
        s.candidates_missed = self.missed.len() as u64;
        s.missed_occurrences = self.missed.iter().map(|m| m.count).sum();
        self.summary = s;
        self
    }
}

/// The mentions that count under the options, and how many of them were
/// resolved to a place.
fn mention_counts(results: &[DocResult], opts: &CoverageOptions) -> (u64, u64) {
    let mut found = 0;
    let mut resolved = 0;
    for m in results
        .iter()
        .flat_map(|r| &r.resolved.mentions)
        .filter(|m| counts(m, opts))
    {
        found += 1;
        resolved += u64::from(m.place.is_some());
    }
    (found, resolved)
}

/// Names the matcher found anywhere (mentions and excluded names): a phrase
/// spelled like one of them is not "missed", whatever happened to it.
fn known_names<C: FromIterator<String>>(results: &[DocResult]) -> C {
    // Names repeat: each spelling is normalized once.
    let spellings: FxHashSet<&str> = results
        .iter()
        .flat_map(|r| {
            let mentions = r.resolved.mentions.iter().map(|m| m.text.as_str());
            let excluded = r.resolved.excluded.iter().map(|e| e.text.as_str());
            mentions.chain(excluded)
        })
        .collect();
    // Most are the mentions the resolver has just keyed on this thread.
    (spellings.into_iter())
        .map(|s| crate::resolve::name_key(s).to_string())
        .collect()
}

/// Whether a mention counts under the options (toponyms and street-level
/// names always, demonyms when asked for).
fn counts(m: &Mention, opts: &CoverageOptions) -> bool {
    m.kind != MentionKind::Demonym || opts.demonyms
}

fn mapped_places(
    gaz: &Gazetteer,
    results: &[DocResult],
    out_opts: &OutputOptions,
    opts: &CoverageOptions,
) -> Vec<MappedPlace> {
    summarize(gaz, results, out_opts)
        .into_iter()
        .map(|s| MappedPlace {
            place: PlaceInfo::new(gaz, s.place),
            count: s.count,
            demonym_count: s.demonym_count,
            docs: s.docs,
            forms: s.forms,
            reason: s.reason,
            contexts: s.contexts.into_iter().take(opts.max_contexts).collect(),
        })
        .collect()
}

/// Groups items by a key, keeping first-seen order, then sorts by count.
struct Grouper<T> {
    index: HashMap<String, usize>,
    items: Vec<(T, Vec<String>)>,
}

impl<T> Grouper<T> {
    fn new() -> Self {
        Grouper {
            index: HashMap::new(),
            items: Vec::new(),
        }
    }

    /// The item for `key` (created by `make`), and the docs it was seen in.
    fn entry(&mut self, key: String, make: impl FnOnce() -> T) -> (&mut T, &mut Vec<String>) {
        let i = *self.index.entry(key).or_insert_with(|| {
            self.items.push((make(), Vec::new()));
            self.items.len() - 1
        });
        let (t, d) = &mut self.items[i];
        (t, d)
    }
}

/// A name grouped over its occurrences: its count, the number of documents
/// it is in, its first contexts and where it occurs.
trait Tally {
    /// The count, the document count, the contexts and the occurrences.
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<String>, &mut Vec<Occurrence>);
}

impl Tally for UnresolvedName {
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<String>, &mut Vec<Occurrence>) {
        (
            &mut self.count,
            &mut self.docs,
            &mut self.contexts,
            &mut self.occurrences,
        )
    }
}

impl Tally for ExcludedName {
    fn tally(&mut self) -> (&mut u64, &mut u64, &mut Vec<String>, &mut Vec<Occurrence>) {
        (
            &mut self.count,
            &mut self.docs,
            &mut self.contexts,
            &mut self.occurrences,
        )
    }
}

/// One occurrence of a name: the document, its text, and the name's code
/// point and byte spans.
struct Seen<'a> {
    doc: &'a str,
    text: &'a str,
    chars: (usize, usize),
    bytes: (usize, usize),
}

impl Seen<'_> {
    /// Counts this occurrence into `item`, whose documents so far are
    /// `docs`, keeping at most `max_contexts` contexts.
    fn count(&self, item: &mut impl Tally, docs: &mut Vec<String>, max_contexts: usize) {
        let (count, ndocs, contexts, occurrences) = item.tally();
        occurrences.push(Occurrence {
            doc: self.doc.to_string(),
            start: self.chars.0,
            end: self.chars.1,
        });
        *count += 1;
        if docs.last().map(String::as_str) != Some(self.doc) {
            docs.push(self.doc.to_string());
            *ndocs += 1;
        }
        if contexts.len() < max_contexts {
            contexts.push(context(self.text, self.bytes.0, self.bytes.1));
        }
    }
}

/// Mentions without a place, grouped by name, most frequent first.
fn unresolved(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &CoverageOptions,
) -> Vec<UnresolvedName> {
    let mut g: Grouper<UnresolvedName> = Grouper::new();
    for r in results {
        let text = &r.document.text;
        for m in r
            .resolved
            .mentions
            .iter()
            .filter(|m| m.place.is_none() && counts(m, opts))
        {
            let (u, docs) = g.entry(normalize_key(&m.text), || UnresolvedName {
                text: m.text.clone(),
                count: 0,
                docs: 0,
                reason: m.reason.clone(),
                candidates: m
                    .candidates
                    .iter()
                    .map(|&c| PlaceInfo::new(gaz, c))
                    .collect(),
                contexts: Vec::new(),
                occurrences: Vec::new(),
            });
            let seen = Seen {
                doc: &r.document.id,
                text,
                chars: (m.char_start, m.char_end),
                bytes: (m.start, m.end),
            };
            seen.count(u, docs, opts.max_contexts);
        }
    }
    let mut v: Vec<UnresolvedName> = g.items.into_iter().map(|(u, _)| u).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    v
}

/// Excluded names, grouped by name, most frequent first.
fn excluded(results: &[DocResult], opts: &CoverageOptions) -> Vec<ExcludedName> {
    let mut g: Grouper<ExcludedName> = Grouper::new();
    for r in results {
        let text = &r.document.text;
        for x in &r.resolved.excluded {
            let (e, docs) = g.entry(normalize_key(&x.text), || ExcludedName {
                text: x.text.clone(),
                count: 0,
                docs: 0,
                why: x.why.clone(),
                contexts: Vec::new(),
                occurrences: Vec::new(),
            });
            let seen = Seen {
                doc: &r.document.id,
                text,
                chars: (x.char_start, x.char_end),
                bytes: (x.start, x.end),
            };
            seen.count(e, docs, opts.max_contexts);
        }
    }
    let mut v: Vec<ExcludedName> = g.items.into_iter().map(|(e, _)| e).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    v
}

fn split_by_score(all: Vec<MissedPhrase>, min: f64) -> (Vec<MissedPhrase>, Vec<MissedPhrase>) {
    all.into_iter().partition(|m| m.score >= min)
}

/// Merges per-document missed lists by name: counts add up, the score and
/// evidence are those of the best document.
fn merge_missed(
    lists: impl Iterator<Item = Vec<MissedPhrase>>,
    opts: &CoverageOptions,
) -> Vec<MissedPhrase> {
    let mut g: Grouper<MissedPhrase> = Grouper::new();
    for list in lists {
        for m in list {
            let (t, _) = g.entry(normalize_key(&m.name), || MissedPhrase {
                count: 0,
                docs: 0,
                contexts: Vec::new(),
                occurrences: Vec::new(),
                forms: Vec::new(),
                ..m.clone()
            });
            if t.within.is_none() {
                (t.within, t.within_id) = (m.within.clone(), m.within_id);
            }
            if m.score > t.score {
                t.score = m.score;
                t.evidence = m.evidence.clone();
                t.name = m.name.clone();
            }
            t.count += m.count;
            t.docs += m.docs;
            for f in &m.forms {
                if !t.forms.contains(f) {
                    t.forms.push(f.clone());
                }
            }
            for c in &m.contexts {
                if t.contexts.len() < opts.max_contexts {
                    t.contexts.push(c.clone());
                }
            }
            t.occurrences.extend(m.occurrences);
        }
    }
    let mut v: Vec<MissedPhrase> = g.items.into_iter().map(|(m, _)| m).collect();
    sort_missed(&mut v);
    v
}

fn sort_missed(v: &mut [MissedPhrase]) {
    v.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
}

// ---------------------------------------------------------------------------
// The missed-phrase finder.

/// A word token of the text. Offsets are `u32`, as the normalizer's: a
/// document is far under 4 GiB (see `input`'s `max_doc_bytes`).
/// Twelve bytes: a long text has millions of words, all held at once.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// Byte range of the word (without a possessive `'s`).
    start: u32,
    end: u32,
    /// The length of a possessive `'s` after `end` in the low two bits (0
    /// without one, else the length less one: it is 2, 3 or 4 bytes);
    /// above them [`CAP`], set if [`cap`] of the word; above that, the
    /// word's lower-case slot: [`ASCII_LOWER`], [`OWN_LOWER`], or `2 + i`
    /// for its lower case at [`Lowers::spans`]`[i]`.
    extra: u32,
}

/// [`Tok::extra`]'s bit of a word that [`cap`] holds of.
const CAP: u32 = 4;

impl Tok {
    /// The token of the word `start..end`; `short`: the text's offsets
    /// fit a `u32`, so they are cast without a test each.
    fn new(start: usize, end: usize, extra: u32, short: bool) -> Tok {
        if short {
            Tok {
                start: start as u32,
                end: end as u32,
                extra,
            }
        } else {
            Tok {
                start: off(start),
                end: off(end),
                extra,
            }
        }
    }

    /// Byte offset past a possessive `'s`, or `end`.
    fn full_end(self) -> u32 {
        let code = self.extra & 3;
        self.end + code + u32::from(code != 0)
    }

    /// The word's lower-case slot (see [`Tok::extra`]).
    fn lower_slot(self) -> u32 {
        self.extra >> 3
    }
}

/// The lower case of the words that are not their own lower case, one
/// after another, and each one's byte range there. (A lower-cased copy of
/// the whole page's text instead cost fewer instructions but a megabyte
/// more at the peak of one 50 MB text's GeoJSON: its windows' copies.)
#[derive(Debug, Default)]
struct Lowers {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl Lowers {
    /// Room for the lower cases of a text of `len` bytes (about one word
    /// in six needs one, of five letters on average), so that they are
    /// not grown from nothing.
    fn with_room(len: usize) -> Lowers {
        Lowers {
            text: String::with_capacity(len / 8),
            spans: Vec::with_capacity(len / 32),
        }
    }
}

/// [`Tok::lower_slot`] of an ASCII word without an upper-case letter (its
/// own lower case, and never capitalised).
const ASCII_LOWER: u32 = 0;

/// [`Tok::lower_slot`] of a word beyond ASCII that is its own lower case.
const OWN_LOWER: u32 = 1;

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | 'ʼ' | '‐')
}

/// An apostrophe that starts a possessive (the tests' reading; the
/// tokenizer compares bytes, see [`possessive_at`]).
#[cfg(test)]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// `u32` of a byte offset of a document (see [`Tok`]).
fn off(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The words of a text (letters and digits, joined by inner apostrophes
/// and hyphens) that start in `from..to`, and the `after` words after
/// them, a possessive "'s" split off; and the lower case of those that are
/// not their own lower case (see [`Lowers`]). `from` is 0 or the start of
/// a line.
fn word_tokens(text: &str, from: usize, to: usize, after: usize) -> (Vec<Tok>, Lowers) {
    let bytes = text.as_bytes();
    // Room for a word every four bytes: the vector is not moved on a long
    // text (untouched room costs address space, not memory).
    let mut toks = Vec::with_capacity((to - from) / 4 + after);
    let mut lowers = Lowers::with_room(to - from);
    // The words after `to` are counted as they are pushed.
    let (mut i, mut left) = (from, after);
    let stop = if after == 0 { to } else { bytes.len() };
    // Every offset fits a `u32` (a document is far under 4 GiB; a longer
    // text keeps [`off`]'s saturation).
    let short = u32::try_from(bytes.len()).is_ok();
    while i < stop {
        // Most bytes between words are ASCII: skipped without decoding,
        // read from a slice (no bounds test per byte); the class of the
        // byte that ends the gap is kept (0: the text ended first).
        let mut class = 0;
        i += (bytes[i..stop].iter())
            .position(|&b| {
                class = ASCII_CLASS[usize::from(b)];
                class != 0
            })
            .unwrap_or(stop - i);
        if class == 0 {
            break;
        }
        // An ASCII letter or digit starts a word without decoding.
        if class == 3 {
            let Some(c) = char_at(text, i) else { break };
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let (start, (j, upper, joined, spaced)) = (i, word_end(text, i));
        let end = possessive_at(bytes, start, j).unwrap_or(j);
        // The flags saw the possessive's letter too: read the word again;
        // a word beyond ASCII is lower-cased. A word without a capital is
        // not sliced (a slice tests its character boundaries).
        let (slot, capital) = if end != j || joined {
            let word = &text[start..end];
            let slot = lower_into(word, &mut lowers);
            (slot, slot != ASCII_LOWER && cap(word))
        } else if upper {
            // One run of ASCII letters and digits: [`cap`] of it is
            // whether its first letter is upper case (`class` 2).
            let slot = push_ascii_lower(&text[start..end], &mut lowers);
            (slot, class == 2)
        } else {
            (ASCII_LOWER, false)
        };
        // `j - end` is the possessive's length, 0 or 2 to 4 bytes, kept
        // less one ([`Tok::extra`]).
        let poss = (j - end).saturating_sub(1) as u32 & 3;
        let extra = slot << 3 | if capital { CAP } else { 0 } | poss;
        toks.push(Tok::new(start, end, extra, short));
        // The ASCII byte that ended the word is one the gap skip passes
        // over: the gap is read from the byte after it.
        i = j + usize::from(spaced);
        if start >= to {
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    (toks, lowers)
}

/// The character at byte `i` of `text` (a character boundary): an ASCII
/// byte is read as is, anything else decoded.
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// Bytes by class: 1 a lower-case ASCII letter or a digit, 2 an
/// upper-case ASCII letter, 3 a byte beyond ASCII (to be decoded), 0
/// anything else.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [3u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            2
        } else if c.is_ascii_alphanumeric() {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`ASCII_CLASS`] with 0 for the bytes beyond ASCII too: 0 for every
/// byte that ends a run of ASCII letters and digits (one test a byte in
/// [`word_end`]'s scan).
static RUN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = ASCII_CLASS[b];
        b += 1;
    }
    t
};

/// The end of the word starting with the letter or digit at byte `i`
/// (letters and digits, joined by inner apostrophes and hyphens); whether
/// it has an ASCII upper-case letter, whether it is more than one run of
/// ASCII letters and digits (a joiner or a byte beyond ASCII in it), and
/// whether an ASCII byte other than a letter, a digit, a hyphen or an
/// apostrophe ended it (a byte of [`ASCII_CLASS`] 0).
fn word_end(text: &str, i: usize) -> (usize, bool, bool, bool) {
    let bytes = text.as_bytes();
    let (mut upper, mut joined) = (false, false);
    let mut j = i;
    loop {
        // A run of ASCII letters and digits, byte by byte from a slice
        // (news words are short: eight bytes at a time cost as much), the
        // classes of its bytes or-ed together: 2 marks an upper-case one.
        // The byte that ends the run is of class 0: or-ing it in is harmless.
        let mut classes = 0;
        j += (bytes[j..].iter())
            .position(|&b| {
                let c = RUN_CLASS[usize::from(b)];
                classes |= c;
                c == 0
            })
            .unwrap_or(bytes.len() - j);
        upper |= classes & 2 != 0;
        // An ASCII byte after the run other than a joiner ends the word.
        match bytes.get(j) {
            Some(&b) if b < 0x80 && b != b'-' && b != b'\'' => return (j, upper, joined, true),
            _ => {}
        }
        let Some(c) = char_at(text, j) else { break };
        let n = c.len_utf8();
        if c.is_alphanumeric()
            || (is_joiner(c) && char_at(text, j + n).is_some_and(char::is_alphanumeric))
        {
            joined = true;
            j += n;
        } else {
            break;
        }
    }
    (j, upper, joined, false)
}

/// The byte start of a possessive "'s" ending the word `start..j`: an
/// apostrophe (`'`, `’` or `ʼ`) that is not the word's first character,
/// then `s` or `S`.
fn possessive_at(bytes: &[u8], start: usize, j: usize) -> Option<usize> {
    if !matches!(bytes[j - 1], b's' | b'S') {
        return None;
    }
    let ends = |p: usize, apostrophe: &[u8]| p > start && bytes[p..j - 1] == *apostrophe;
    // '  (1 byte), ʼ U+02BC (2 bytes), ’ U+2019 (3 bytes).
    [&b"'"[..], "\u{2bc}".as_bytes(), "\u{2019}".as_bytes()]
        .into_iter()
        .find_map(|a| {
            (j > a.len())
                .then(|| j - 1 - a.len())
                .filter(|&p| ends(p, a))
        })
}

/// Whether a line (without its newline) is a title-case line: whether
/// [`crate::lexicon::text::title_case_lines`] of it is not empty; a line of ASCII is counted
/// byte by byte. The reading stops once the words left could no longer
/// make the line title case.
fn title_case(line: &str) -> bool {
    let (mut words, mut caps) = (0usize, 0usize);
    // Whether the rest of the line, from byte `at` on (the white space
    // after the word last read, or the line's end), could still make it
    // title case: a counted word takes at least four bytes and the white
    // space before it, so at most `rest / 5` more words, all capitalised
    // at best.
    let hopeless = |words: usize, caps: usize, at: usize| {
        let more = (line.len() - at) / 5;
        caps * 10 + more * 2 < words * 8
    };
    // The byte offset just past `w`, a slice of `line`.
    let past = |w: &[u8]| w.as_ptr() as usize - line.as_ptr() as usize + w.len();
    if !line.is_ascii() {
        for w in line.split_whitespace() {
            // More than three letters.
            if w.chars().filter(|c| c.is_alphabetic()).nth(3).is_some() {
                words += 1;
                let first = w.chars().find(|c| c.is_alphanumeric());
                caps += usize::from(first.is_some_and(char::is_uppercase));
                if hopeless(words, caps, past(w.as_bytes())) {
                    return false;
                }
            }
        }
        return words >= 3 && caps * 10 >= words * 8;
    }
    // One pass over the bytes, word by word: a word ends at
    // `split_whitespace`'s white space among ASCII characters (or at the
    // line's end). Its first letter or digit is found first; the bytes
    // after it are only counted.
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let mut first = LINE_OTHER;
        while let Some(&b) = bytes.get(at) {
            first = LINE_CLASS[usize::from(b)];
            if first != LINE_OTHER {
                break;
            }
            at += 1;
        }
        let mut letters = 0usize;
        if first != LINE_SPACE {
            while let Some(&b) = bytes.get(at) {
                let c = LINE_CLASS[usize::from(b)];
                if c == LINE_SPACE {
                    break;
                }
                letters += usize::from(c == LINE_UPPER || c == LINE_LOWER);
                at += 1;
            }
        }
        // More than three letters.
        if letters > 3 {
            words += 1;
            caps += usize::from(first == LINE_UPPER);
            if hopeless(words, caps, at) {
                return false;
            }
        }
        at += 1;
    }
    words >= 3 && caps * 10 >= words * 8
}

/// [`title_case`]'s classes of ASCII bytes: white space, an upper-case
/// letter, a lower-case letter, a digit, anything else.
const LINE_OTHER: u8 = 0;
const LINE_SPACE: u8 = 1;
const LINE_UPPER: u8 = 2;
const LINE_LOWER: u8 = 3;
const LINE_DIGIT: u8 = 4;
static LINE_CLASS: [u8; 256] = {
    let mut t = [LINE_OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => LINE_SPACE,
            b'A'..=b'Z' => LINE_UPPER,
            b'a'..=b'z' => LINE_LOWER,
            b'0'..=b'9' => LINE_DIGIT,
            _ => LINE_OTHER,
        };
        b += 1;
    }
    t
};

/// Appends the lower case of `word` to `lowers` unless the word is its own
/// lower case; its slot ([`Tok::lower_slot`]): [`ASCII_LOWER`],
/// [`OWN_LOWER`] or that of the range appended. A document has fewer than
/// 2^29 words (it is far under 4 GiB), so the slot fits above
/// [`Tok::extra`]'s three low bits.
fn lower_into(word: &str, lowers: &mut Lowers) -> u32 {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return ASCII_LOWER;
        }
        return push_ascii_lower(word, lowers);
    }
    let l = word.to_lowercase();
    if l == word {
        return OWN_LOWER;
    }
    let s = lowers.text.len();
    lowers.text.push_str(&l);
    lowers.spans.push((off(s), off(lowers.text.len())));
    off(lowers.spans.len() + 1)
}

/// [`lower_into`] for an ASCII word with an upper-case letter.
fn push_ascii_lower(word: &str, lowers: &mut Lowers) -> u32 {
    let s = lowers.text.len();
    lowers.text.push_str(word);
    lowers.text[s..].make_ascii_lowercase();
    lowers.spans.push((off(s), off(lowers.text.len())));
    off(lowers.spans.len() + 1)
}

/// The last bytes of [`NAME_SUFFIXES`].
static NAME_SUFFIX_ENDS: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < NAME_SUFFIXES.len() {
        let b = NAME_SUFFIXES[i].as_bytes();
        t[b[b.len() - 1] as usize] = true;
        i += 1;
    }
    t
};

/// Whether a gap between two words is spaces only (spaces, no-break
/// spaces, tabs; not empty): a single space (most gaps) without decoding.
fn plain(gap: &str) -> bool {
    gap == " " || !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

/// [`is_cap`], without its splitting for the common word without a
/// hyphen: then only its first letter counts.
fn cap(word: &str) -> bool {
    if word.bytes().any(|b| b == b'-' || b >= 0x80) {
        return is_cap(word);
    }
    word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
}

/// `word.ends_with(suffix)`, the last bytes compared first (most words
/// of a suffix list's tests end otherwise).
fn ends_with(word: &str, suffix: &str) -> bool {
    word.as_bytes().last() == suffix.as_bytes().last() && word.ends_with(suffix)
}

/// `word.trim_end_matches("'s")`, without building a pattern searcher.
fn without_possessives(mut word: &str) -> &str {
    while let Some(w) = word.strip_suffix("'s") {
        word = w;
    }
    word
}

/// Whether a lower-case word (a full stop at its end left out) ends a
/// candidate phrase: a common word, a calendar word or a title. The word
/// lists are the lexicon's, looked up in one hash set.
fn is_stop_word(w: &str) -> bool {
    use crate::lexicon::words::{CALENDAR, DATE_ABBREVIATIONS, PERSON_TITLES, TITLES};
    static STOPS: std::sync::LazyLock<FxHashSet<&'static str>> = std::sync::LazyLock::new(|| {
        [
            STOP_WORDS,
            CALENDAR,
            DATE_ABBREVIATIONS,
            TITLES,
            PERSON_TITLES,
        ]
        .concat()
        .into_iter()
        .collect()
    });
    STOPS.contains(w)
}

/// [`cue_lists`]' bits: the lexicon lists [`Page::cues_before`] asks about.
const CUE_KIND_BEFORE: u8 = 1;
const CUE_KIND_APPOSITIVE: u8 = 2;
const CUE_ORG: u8 = 4;
const CUE_PREP_STRONG: u8 = 8;
const CUE_PREP_WEAK: u8 = 16;
const CUE_STOP: u8 = 32;
const CUE_OF_HEAD: u8 = 64;
/// [`crate::lexicon::words::is_person_title`]: in [`crate::lexicon::words::TITLES`] or
/// [`crate::lexicon::words::PERSON_TITLES`].
const CUE_TITLE: u8 = 128;

/// The lists among [`KIND_BEFORE`], [`KIND_APPOSITIVE`], [`ORG_WORDS`],
/// [`PREP_STRONG`], [`PREP_WEAK`], [`STOP_WORDS`] and [`OF_HEADS`] that
/// hold the word `w`, and whether it is a title
/// ([`crate::lexicon::words::is_person_title`]) (the
/// `CUE_` bits): one look-up for what took one per list (the titles were
/// two lists read word by word).
fn cue_lists(w: &str) -> u8 {
    static LISTS: std::sync::LazyLock<FxHashMap<&'static str, u8>> =
        std::sync::LazyLock::new(|| {
            let mut m: FxHashMap<&'static str, u8> = FxHashMap::default();
            let lists = [
                (KIND_BEFORE, CUE_KIND_BEFORE),
                (KIND_APPOSITIVE, CUE_KIND_APPOSITIVE),
                (ORG_WORDS, CUE_ORG),
                (PREP_STRONG, CUE_PREP_STRONG),
                (PREP_WEAK, CUE_PREP_WEAK),
                (STOP_WORDS, CUE_STOP),
                (OF_HEADS, CUE_OF_HEAD),
                (crate::lexicon::words::TITLES, CUE_TITLE),
                (crate::lexicon::words::PERSON_TITLES, CUE_TITLE),
            ];
            for (list, bit) in lists {
                for &w in list {
                    *m.entry(w).or_insert(0) |= bit;
                }
            }
            m
        });
    LISTS.get(w).copied().unwrap_or(0)
}

/// A list around a phrase ("A, B and C"): see `list_evidence`.
struct List {
    /// The first tokens of the other items.
    items: Vec<usize>,
    /// A list word ("and", "or") joins the items.
    joined: bool,
    /// [`Page::prev_item`] of the phrase's first token and
    /// [`Page::next_item`] of its end: the list's first steps, which
    /// [`Page::neighbour_evidence`] reads too.
    prev: Option<usize>,
    next: Option<usize>,
    /// The list's first and last tokens.
    first: usize,
    last: usize,
}

/// Evidence kinds; within a kind only the strongest piece counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Cat {
    MidSentence,
    SentenceStart,
    Preposition,
    KindCue,
    Shape,
    Neighbour,
    Title,
    Speech,
    Person,
    Organisation,
    Acronym,
    Adjective,
    Long,
    Known,
}

impl Cat {
    /// The number of kinds (the size of a table indexed by `cat as usize`).
    const COUNT: usize = Cat::Known as usize + 1;

    /// Evidence that the phrase names a person (spreads to parts of it).
    fn is_person(self) -> bool {
        matches!(self, Cat::Title | Cat::Speech | Cat::Person)
    }
}

#[derive(Debug, Clone)]
struct Ev {
    cat: Cat,
    weight: f64,
    /// Most labels are fixed words: borrowed, so that the evidence of a
    /// phrase costs no allocation unless its label quotes the text.
    label: Cow<'static, str>,
}

fn ev(cat: Cat, weight: f64, label: impl Into<Cow<'static, str>>) -> Ev {
    Ev {
        cat,
        weight,
        label: label.into(),
    }
}

/// The evidence of one occurrence as it is collected: with labels for the
/// report, without for the scores alone (then no label is formatted).
struct Evs {
    list: Vec<Ev>,
    labels: bool,
}

impl Evs {
    fn new(labels: bool) -> Evs {
        Evs {
            list: Vec::new(),
            labels,
        }
    }

    /// Adds a piece of evidence; `label` is called only if labels are kept.
    fn add<L: Into<Cow<'static, str>>>(
        &mut self,
        cat: Cat,
        weight: f64,
        label: impl FnOnce() -> L,
    ) {
        let label = if self.labels {
            label().into()
        } else {
            Cow::Borrowed("")
        };
        self.list.push(Ev { cat, weight, label });
    }

    /// Whether any piece is of kind `cat` with at least `weight`.
    fn any(&self, cat: Cat, weight: f64) -> bool {
        self.list.iter().any(|e| e.cat == cat && e.weight >= weight)
    }
}

/// One occurrence of a candidate phrase.
#[derive(Debug, Clone)]
struct Occ {
    start: usize,
    end: usize,
    evidence: Vec<Ev>,
}

/// The spans of a document's mentions and exclusions that coverage reads:
/// built once per document and shared by the pages of its windows.
#[derive(Clone)]
struct Spans<'t> {
    /// Byte spans of mentions and exclusions, sorted.
    covered: Vec<(usize, usize)>,
    /// Mapped toponyms: byte start, byte end, text.
    mapped: Vec<(usize, usize, &'t str)>,
    /// (byte start, index in `mapped`) and (byte end, index), sorted: the
    /// first mapped toponym starting or ending at an offset, found by
    /// binary search.
    by_start: Vec<(usize, usize)>,
    by_end: Vec<(usize, usize)>,
}

impl<'t> Spans<'t> {
    fn new(text: &'t str, resolved: &'t Resolved) -> Spans<'t> {
        // An excluded name followed by a capitalised place head word
        // ("Dufferin" in "Dufferin Street", "Karak" in "Karak Castle") is
        // part of a longer place name the gazetteer lacks: leave it to the
        // phrase finder rather than count it as explained.
        // ... and so is an excluded head word itself ("Street"). Both
        // lower-case the word without allocating (`with_lower`).
        let is_head = |t: &str| {
            t.chars().next().is_some_and(char::is_uppercase) && with_lower(t, is_head_word)
        };
        let heads_a_place = |end: usize| {
            let rest = text[end..].trim_start_matches([' ', '\u{a0}']);
            let n = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            is_head(&rest[..n])
        };
        let mut covered: Vec<(usize, usize)> = resolved
            .mentions
            .iter()
            .map(|m| (m.start, m.end))
            .chain(
                resolved
                    .excluded
                    .iter()
                    .filter(|x| !heads_a_place(x.end) && !is_head(&x.text))
                    .map(|x| (x.start, x.end)),
            )
            .collect();
        covered.sort_unstable();
        let mapped: Vec<(usize, usize, &str)> = resolved
            .mentions
            .iter()
            .filter(|m| m.place.is_some() && m.kind.is_place_name())
            .map(|m| (m.start, m.end, m.text.as_str()))
            .collect();
        let sorted = |key: fn(&(usize, usize, &str)) -> usize| {
            let mut v: Vec<(usize, usize)> = mapped
                .iter()
                .enumerate()
                .map(|(i, m)| (key(m), i))
                .collect();
            v.sort_unstable();
            v
        };
        let (by_start, by_end) = (sorted(|m| m.0), sorted(|m| m.1));
        Spans {
            covered,
            mapped,
            by_start,
            by_end,
        }
    }
}

/// The words of a document, or of a window of it, and what is known about
/// them.
struct Page<'t> {
    text: &'t str,
    /// The byte where the page's words start (0 for a whole document): the
    /// start of the first word's gap ([`Page::gap_before`]).
    base: usize,
    toks: Vec<Tok>,
    /// The tokens whose phrases are the page's own ([`Page::phrases`]):
    /// all of a whole document; a window's, without the words read around
    /// it.
    own: std::ops::Range<usize>,
    /// The lower case of the words that are not their own lower case.
    lowers: Lowers,
    /// The line last asked about by [`Page::in_title_line`]: its byte
    /// range and whether it is a title-case line (phrases come in text
    /// order, so each line is read at most once).
    title_line: Cell<(usize, usize, bool)>,
    spans: Cow<'t, Spans<'t>>,
}

/// The words a window's page reads after the window: more than any
/// evidence looks ahead of a phrase across a line break (four words, in
/// [`Page::person_after`] and [`Page::described_evidence`]).
const WINDOW_WORDS_AFTER: usize = 8;

impl<'t> Page<'t> {
    fn new(text: &'t str, resolved: &'t Resolved) -> Page<'t> {
        let (toks, lowers) = word_tokens(text, 0, text.len(), 0);
        Page {
            text,
            base: 0,
            own: 0..toks.len(),
            toks,
            lowers,
            title_line: Cell::new((0, 0, false)),
            spans: Cow::Owned(Spans::new(text, resolved)),
        }
    }

    /// The page of the window `w` of `text` (a range of [`crate::windows`]:
    /// it starts at the start of a line after a blank line, after a
    /// sentence end, and ends at the start of the next window). Besides the
    /// window's words, it reads the line before it, so that the words
    /// around the window's first ones are those of the whole text, and
    /// [`WINDOW_WORDS_AFTER`] words after it. No phrase, list or run of
    /// capitalised words goes on past such a break, so the window's
    /// phrases and their evidence are those of the whole text's page.
    fn window(text: &'t str, spans: &'t Spans<'t>, w: std::ops::Range<usize>) -> Page<'t> {
        let base = text[..w.start].trim_end().rfind('\n').map_or(0, |i| i + 1);
        let (toks, lowers) = word_tokens(text, base, w.end, WINDOW_WORDS_AFTER);
        let first = toks.partition_point(|t| (t.start as usize) < w.start);
        let last = toks.partition_point(|t| (t.start as usize) < w.end);
        Page {
            text,
            base,
            toks,
            own: first..last,
            lowers,
            title_line: Cell::new((0, 0, false)),
            spans: Cow::Borrowed(spans),
        }
    }

    /// The byte start of token k.
    fn start(&self, k: usize) -> usize {
        self.toks[k].start as usize
    }

    /// The byte end of token k (without a possessive `'s`).
    fn end(&self, k: usize) -> usize {
        self.toks[k].end as usize
    }

    /// Whether token k is followed by a possessive `'s`.
    fn possessive(&self, k: usize) -> bool {
        self.toks[k].extra & 3 != 0
    }

    fn word(&self, k: usize) -> &'t str {
        &self.text[self.start(k)..self.end(k)]
    }

    /// [`cap`] of token k, read from the bit the tokenizer set
    /// ([`CAP`]).
    fn cap(&self, k: usize) -> bool {
        self.toks[k].extra & CAP != 0
    }

    /// The lower case of token k (`str::to_lowercase`), computed once.
    fn lower(&self, k: usize) -> &str {
        match self.toks[k].lower_slot() {
            ASCII_LOWER | OWN_LOWER => self.word(k),
            n => {
                let (a, b) = self.lowers.spans[n as usize - 2];
                &self.lowers.text[a as usize..b as usize]
            }
        }
    }

    /// [`crate::lexicon::text::bare_lower`] of token k, without allocating: its lower case
    /// without a romanized article ("al-Bab" -> "bab").
    fn bare(&self, k: usize) -> &str {
        let lower = self.lower(k);
        // Most words have no hyphen: no '-' byte and no 0xE2, the first
        // byte of '‐' (U+2010); they are read once, byte by byte.
        if !lower.bytes().any(|b| b == b'-' || b == 0xE2) {
            return lower;
        }
        match lower.split_once(['-', '‐']) {
            Some((art, rest)) if ARTICLES.contains(&art) && !rest.is_empty() => rest,
            _ => lower,
        }
    }

    /// The text between token k-1 and token k.
    fn gap_before(&self, k: usize) -> &'t str {
        let s = if k == 0 {
            self.base
        } else {
            self.toks[k - 1].full_end() as usize
        };
        &self.text[s..self.start(k)]
    }

    /// [`Page::gap_before`] token k, trimmed; a single space (most gaps)
    /// without calling `trim`.
    fn trimmed_gap(&self, k: usize) -> &'t str {
        match self.gap_before(k) {
            " " => "",
            g => g.trim(),
        }
    }

    /// Whether token k is the first word of its line.
    fn line_start(&self, k: usize) -> bool {
        let gap = self.gap_before(k);
        k == 0 || gap != " " && gap.contains('\n')
    }

    /// Whether capitalisation is uninformative at token k: the start of a
    /// sentence, a quote, a line, or a title-case headline.
    fn sent_start(&self, k: usize) -> bool {
        let gap = self.gap_before(k);
        // A single space (most gaps) starts neither a line nor a sentence.
        self.line_start(k)
            || gap != " " && self.starts_sentence(k, gap)
            || self.in_title_line(self.start(k))
    }

    /// Whether token k starts a sentence after `gap` (the text since the
    /// previous token), a line start aside: after ! ? : quotes or bullets,
    /// an opening bracket after a full stop, or a full stop that does not
    /// follow an abbreviation ("Mr. Smith", "St. Louis", "J. Smith").
    fn starts_sentence(&self, k: usize, gap: &str) -> bool {
        let text = self.text;
        if gap.contains(['!', '?', ':', '“', '‘', '"', '•', '|'])
            || gap.trim_start().starts_with(['(', '['])
                && gap.contains(['(', '['])
                && k > 0
                && text[..self.start(k - 1)]
                    .trim_end()
                    .ends_with(['.', '!', '?'])
        {
            return true;
        }
        if !gap.contains('.') {
            return false;
        }
        let prev = self.word(k - 1);
        let abbrev = crate::lexicon::words::is_dotted_abbreviation(self.lower(k - 1))
            || (prev.chars().count() == 1 && prev.chars().all(char::is_uppercase));
        !(abbrev && gap.trim() == ".")
    }

    /// Whether the byte `at` (a token's start) is on a title-case line
    /// ([`crate::lexicon::text::title_case_lines`]).
    fn in_title_line(&self, at: usize) -> bool {
        let (s, e, title) = self.title_line.get();
        if s <= at && at < e {
            return title;
        }
        let text = self.text;
        let s = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let e = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let title = title_case(&text[s..e]);
        self.title_line.set((s, e, title));
        title
    }

    /// Whether tokens k and k+1 are separated by spaces only.
    fn plain_gap(&self, k: usize) -> bool {
        k + 1 < self.toks.len() && plain(self.gap_before(k + 1))
    }

    /// The lower-case word just before token k, in the same clause.
    fn prev_word(&self, k: usize) -> Option<&str> {
        (k > 0 && self.plain_gap(k - 1)).then(|| self.lower(k - 1))
    }

    /// The words of the phrase `a..b` that mark it as made of a person's
    /// name's words: without connectors and words under three letters.
    fn phrase_words(&self, a: usize, b: usize) -> impl Iterator<Item = &str> + '_ {
        (a..b)
            .map(|k| self.bare(k))
            .filter(|w| !listed!(CONNECTORS, w) && w.chars().count() >= 3)
    }

    fn overlaps(&self, s: usize, e: usize) -> bool {
        let i = self.spans.covered.partition_point(|&(_, ce)| ce <= s);
        self.spans.covered[i..]
            .iter()
            .take_while(|&&(cs, _)| cs < e)
            .any(|&(cs, ce)| cs < e && s < ce)
    }

    fn mapped_starting(&self, b: usize) -> Option<&str> {
        self.mapped_at(&self.spans.by_start, b)
    }

    fn mapped_ending(&self, b: usize) -> Option<&str> {
        self.mapped_at(&self.spans.by_end, b)
    }

    /// The text of the first mapped toponym (in mention order) whose offset
    /// in `index` (`by_start` or `by_end`) is `b`.
    fn mapped_at(&self, index: &[(usize, usize)], b: usize) -> Option<&str> {
        let i = index.partition_point(|&(o, _)| o < b);
        let &(o, k) = index.get(i)?;
        (o == b).then_some(self.spans.mapped[k].2)
    }

    /// Whether token k is an upper-case word at the start of a line (a
    /// dateline: "LONDON, Ky. —").
    fn dateline_word(&self, k: usize) -> bool {
        let w = self.word(k);
        // Whether its letters are upper case first: most words stop at
        // their second letter.
        let upper = w
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && w.chars().filter(|c| c.is_alphabetic()).nth(2).is_some();
        if !upper {
            return false;
        }
        let mut i = k;
        while i > 0 && !self.line_start(i) && self.plain_gap(i - 1) {
            i -= 1;
        }
        self.line_start(i)
            && (i..=k).all(|j| {
                self.word(j)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
            })
    }

    /// Runs of capitalised words, with connectors inside and numbers after
    /// road words.
    fn runs(&self) -> Vec<(usize, usize)> {
        let toks = &self.toks;
        // Room for a run every eight words (news: about one in nine).
        let mut runs = Vec::with_capacity(toks.len() / 8);
        let mut i = 0;
        while i < toks.len() {
            if !self.cap(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len() && !self.possessive(j - 1) {
                let gap = self.gap_before(j);
                // The word before, lower-cased only where it is asked
                // about (a capitalised word goes on a run without it).
                let prev = || self.lower(j - 1);
                // "St. Louis", "George W. Bush" (but not "U.S. Army"),
                // read only where the gap is not plain.
                let single = || {
                    self.word(j - 1).chars().count() == 1
                        && self.word(j - 1).chars().all(char::is_uppercase)
                        && (j < 2 || !self.gap_before(j - 1).contains('.'))
                };
                let dotted = || {
                    (gap == ". " || gap == ".\u{a0}")
                        && (matches!(prev(), "st" | "mt" | "ft") || single())
                };
                // `Page::plain_gap(j - 1)`, from the gap read above.
                if !(plain(gap) || dotted()) {
                    break;
                }
                if self.cap(j) {
                    j += 1;
                    continue;
                }
                // The digits first: the road words are a list read in turn.
                let w = self.word(j);
                if w.chars().all(|c| c.is_ascii_digit()) && ROAD_HEADS.contains(&prev()) {
                    j += 1;
                    break;
                }
                let lw = self.lower(j);
                let connector =
                    listed!(CONNECTORS, &lw) || (lw == "of" && listed!(OF_HEADS, &prev()));
                if connector && self.plain_gap(j) && !self.possessive(j) && self.cap(j + 1) {
                    j += 2;
                    continue;
                }
                break;
            }
            runs.push((i, j));
            i = j;
        }
        runs
    }

    /// Candidate phrases: runs split at common words, titles and calendar
    /// words, without connectors at the edges; only the runs that start at
    /// the page's own tokens ([`Page::own`]).
    fn phrases(&self) -> Vec<(usize, usize)> {
        // A word holds no full stop: its lower case is looked up as it is.
        let is_stop = |k: usize| is_stop_word(self.lower(k));
        // The capital first: most phrase edges are capitalised words.
        let is_conn = |k: usize| {
            !self.cap(k) && {
                let w = self.lower(k);
                listed!(CONNECTORS, &w) || w == "of"
            }
        };
        let runs = self.runs();
        let mut out = Vec::with_capacity(runs.len());
        let own = runs.into_iter().filter(|(a, _)| self.own.contains(a));
        for (a, b) in own {
            let mut s = a;
            for k in a..=b {
                if k == b || is_stop(k) {
                    let (mut x, mut y) = (s, k);
                    while x < y && is_conn(x) {
                        x += 1;
                    }
                    while y > x && is_conn(y - 1) {
                        y -= 1;
                    }
                    if x < y && (x..y).any(|t| self.word(t).chars().count() > 1) {
                        out.push((x, y));
                    }
                    s = k + 1;
                }
            }
        }
        out
    }

    /// The candidate phrases that no mention or exclusion overlaps, with
    /// their normalized keys (those with an empty key left out).
    fn uncovered_phrases(&self) -> impl Iterator<Item = (usize, usize, String)> + '_ {
        self.uncovered_spans().filter_map(|(a, b)| {
            let key = normalize_key(self.surface(a, b));
            (!key.is_empty()).then_some((a, b, key))
        })
    }

    /// The candidate phrases that no mention or exclusion overlaps
    /// ([`Page::uncovered_phrases`] before their keys).
    fn uncovered_spans(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (self.phrases().into_iter())
            .filter(|&(a, b)| !self.overlaps(self.start(a), self.end(b - 1)))
    }

    /// The text of the phrase `a..b`.
    fn surface(&self, a: usize, b: usize) -> &'t str {
        &self.text[self.start(a)..self.end(b - 1)]
    }

    /// The item of a list just before token k ("A, B and k..."): its first
    /// token, or `None` when k does not follow a list separator.
    fn prev_item(&self, k: usize) -> Option<usize> {
        if k == 0 {
            return None;
        }
        let end = if self.trimmed_gap(k) == "," {
            k - 1
        } else if LIST_WORDS.contains(&self.lower(k - 1))
            && self.plain_gap(k - 1)
            && k >= 2
            && matches!(self.trimmed_gap(k - 1), "" | ",")
        {
            k - 2
        } else {
            return None;
        };
        if !self.cap(end) || self.possessive(end) && end + 1 != k {
            return None;
        }
        let mut i = end;
        while i > 0
            && self.plain_gap(i - 1)
            && (self.cap(i - 1)
                || i >= 2
                    && self.plain_gap(i - 2)
                    && listed!(CONNECTORS, &self.lower(i - 1))
                    && self.cap(i - 2))
        {
            i -= 1;
        }
        Some(i)
    }

    /// The item of a list just after the phrase ending at token b: its last
    /// token (exclusive end).
    fn next_item(&self, b: usize) -> Option<usize> {
        if b >= self.toks.len() || self.possessive(b - 1) {
            return None;
        }
        let gap = self.trimmed_gap(b);
        let start = if LIST_WORDS.contains(&self.lower(b))
            && self.plain_gap(b)
            && matches!(gap, "" | ",")
        {
            b + 1
        } else if gap == "," {
            b
        } else {
            return None;
        };
        if start >= self.toks.len() || !self.cap(start) {
            return None;
        }
        let mut j = start + 1;
        while j < self.toks.len() && self.plain_gap(j - 1) && self.cap(j) && !self.possessive(j - 1)
        {
            j += 1;
        }
        Some(j)
    }

    /// Place cues in the words before token k: prepositions, "the city of",
    /// "north of"; and person cues: titles, bylines, "said X".
    fn cues_before(&self, k: usize, in_list: bool, evs: &mut Evs) {
        let Some(p1) = self.prev_word(k) else {
            return;
        };
        let p2 = self.prev_word(k - 1);
        let p2s = p2.unwrap_or("");
        let p3 = p2.as_ref().and_then(|_| self.prev_word(k - 2));
        let lead = if in_list { "in a list after" } else { "after" };
        // The lists each word is in, one look-up each; the word before
        // is asked about only after "of" and "the". Token k-2 is `p2`
        // wherever the gap after it is plain.
        let f1 = cue_lists(p1);
        let f2 = if matches!(p1, "of" | "the") {
            cue_lists(p2s)
        } else {
            0
        };
        if p1 == "of" && f2 & CUE_KIND_BEFORE != 0 {
            let the = if p3 == Some("the") { "the " } else { "" };
            evs.add(Cat::KindCue, 3.0, || format!("{lead} '{the}{p2s} of'"));
        } else if (p1 == "of" || p1 == "to" || p1 == "from") && is_direction(p2s) {
            evs.add(Cat::KindCue, 3.0, || format!("{lead} '{p2s} {p1}'"));
        } else if f1 & CUE_KIND_APPOSITIVE != 0 && !self.possessive(k - 1) {
            evs.add(Cat::KindCue, 2.0, || format!("{lead} '{p1}'"));
        } else if p1 == "of"
            && k >= 2
            && self.plain_gap(k - 2)
            && self.cap(k - 2)
            && f2 & CUE_ORG != 0
        {
            let w = self.word(k - 2);
            evs.add(Cat::Organisation, -3.0, || {
                format!("after '{w} of' (an organisation)")
            });
        }
        if f1 & CUE_PREP_STRONG != 0 {
            evs.add(Cat::Preposition, 2.0, || format!("{lead} '{p1}'"));
        } else if f1 & CUE_PREP_WEAK != 0 && !(p1 == "to" && p2s == "according") {
            evs.add(Cat::Preposition, 1.0, || format!("{lead} '{p1}'"));
        } else if p1 == "the" && f2 & CUE_PREP_STRONG != 0 {
            evs.add(Cat::Preposition, 1.5, || format!("{lead} '{p2s} the'"));
        } else if p1 == "the" && f2 & CUE_PREP_WEAK != 0 {
            evs.add(Cat::Preposition, 0.5, || format!("{lead} '{p2s} the'"));
        } else if p1 == "of"
            && k >= 2
            && self.plain_gap(k - 2)
            && self.cap(k - 2)
            // Token k-2 is `p2` (the gap after it is plain): `f2` holds
            // its lists.
            && f2 & (CUE_TITLE | CUE_ORG | CUE_STOP | CUE_OF_HEAD | CUE_KIND_BEFORE) == 0
        {
            // "Linda Smith of Toco": a person's home town.
            let w = self.word(k - 2);
            evs.add(Cat::Preposition, 1.5, || format!("{lead} '{w} of'"));
        }
        if in_list {
            return;
        }
        // `p1` is a word: it holds no full stop to trim.
        if f1 & CUE_TITLE != 0 {
            evs.add(Cat::Title, -4.0, || format!("after the title '{p1}'"));
        } else if p1 == "by" && self.line_start(k - 1) {
            evs.add(Cat::Person, -3.0, || "a byline ('By ...')");
        } else if matches!(p1, "said" | "says" | "added") {
            evs.add(Cat::Speech, -3.0, || format!("after '{p1}' (a speaker)"));
        } else if matches!(p1, "told" | "tells") || (p1 == "to" && p2s == "according") {
            let what = if p1 == "to" { "according to" } else { p1 };
            evs.add(Cat::Speech, -2.0, || format!("after '{what}' (a source)"));
        }
    }

    /// Kind cues in the word after the phrase ending at token b.
    fn cues_after(&self, b: usize, in_list: bool, evs: &mut Evs) {
        if b >= self.toks.len() || !self.plain_gap(b - 1) || self.possessive(b - 1) {
            return;
        }
        let nx = self.lower(b);
        if listed!(KIND_AFTER, &nx) {
            let lead = if in_list {
                "in a list before"
            } else {
                "before"
            };
            evs.add(Cat::KindCue, 3.0, || format!("{lead} '{nx}'"));
        }
    }

    /// All the evidence for one occurrence of the phrase `a..b`, in a fixed
    /// order: position, lists, descriptions, person cues after, the words of
    /// the phrase, shapes against.
    /// `evs` is cleared first.
    fn evidence(&self, a: usize, b: usize, known: bool, evs: &mut Evs) {
        evs.list.clear();
        let dateline = self.position_evidence(a, b, known, evs);
        self.list_evidence(a, b, evs);
        self.described_evidence(b, evs);
        self.person_after(a, b, evs);
        self.word_evidence(a, b, evs);
        self.shapes_against(a, b, dateline, evs);
    }

    /// A dateline, the start of a sentence or mid-sentence, a name the
    /// gazetteer has elsewhere, and kind cues next to the phrase. Returns
    /// whether the phrase is a dateline.
    fn position_evidence(&self, a: usize, b: usize, known: bool, evs: &mut Evs) -> bool {
        let toks = &self.toks;
        let n = b - a;
        let dateline = (a..b).all(|k| self.dateline_word(k))
            && (b >= toks.len() || {
                let g = self.gap_before(b);
                g.starts_with(',')
                    || g.contains(['—', '–', '('])
                    || g.contains("--")
                    || g.contains(" - ")
            });
        if dateline {
            evs.add(Cat::KindCue, 4.0, || "a dateline ('CITY, ...')");
        } else if self.sent_start(a) {
            let w = if n == 1 { -2.0 } else { -1.0 };
            evs.add(
                Cat::SentenceStart,
                w,
                || "only at the start of a sentence or line",
            );
        } else {
            evs.add(Cat::MidSentence, 1.0, || "capitalised mid-sentence");
        }
        if known {
            evs.add(
                Cat::Known,
                KNOWN_WEIGHT,
                || "the gazetteer matched this name elsewhere",
            );
        }
        self.cues_before(a, false, evs);
        self.cues_after(b, false, evs);
        dateline
    }

    /// Cues shared by a list the phrase is in, and mapped places next to it.
    fn list_evidence(&self, a: usize, b: usize, evs: &mut Evs) {
        // A list ("A, B and C") shares its cues: "the villages of A and
        // B", "A and B villages"; and a list of mapped places is a list of
        // places. A lone comma is not a list ("the mayor of A, B Smith").
        let List {
            items,
            joined,
            prev,
            next,
            first,
            last,
        } = self.list_around(a, b);
        if joined {
            if first != a {
                self.cues_before(first, true, evs);
            }
            if last != b {
                self.cues_after(last, true, evs);
            }
        }
        let mapped_items = items
            .iter()
            .filter(|&&k| self.mapped_starting(self.start(k)).is_some())
            .count();
        if joined && mapped_items >= 2 {
            evs.add(Cat::Neighbour, 2.0, || {
                format!("in a list with {mapped_items} mapped places")
            });
        }
        self.neighbour_evidence(a, b, (prev, next), evs);
    }

    /// The list around tokens `a..b`: the other items' first tokens, whether
    /// a list word joins them, and the first and last tokens of the list.
    fn list_around(&self, a: usize, b: usize) -> List {
        let mut items: Vec<usize> = Vec::new();
        let mut joined = false;
        let (prev, next) = (self.prev_item(a), self.next_item(b));
        let mut first = a;
        let mut step = prev;
        while let Some(i) = step {
            joined |= LIST_WORDS.contains(&self.lower(first - 1));
            first = i;
            items.push(i);
            if items.len() == 12 {
                break;
            }
            step = self.prev_item(first);
        }
        let mut last = b;
        let mut step = next;
        while let Some(j) = step {
            let k = if LIST_WORDS.contains(&self.lower(last)) {
                joined = true;
                last + 1
            } else {
                last
            };
            items.push(k);
            last = j;
            if items.len() == 24 {
                break;
            }
            step = self.next_item(last);
        }
        List {
            items,
            joined,
            prev,
            next,
            first,
            last,
        }
    }

    /// Listed next to a mapped place, followed by ", `<mapped place>`", or in
    /// a dateline.
    /// `items` is ([`Page::prev_item`] of `a`, [`Page::next_item`] of `b`).
    fn neighbour_evidence(
        &self,
        a: usize,
        b: usize,
        items: (Option<usize>, Option<usize>),
        evs: &mut Evs,
    ) {
        let toks = &self.toks;
        // Listed with a mapped place; "X, Edmonton" (a place and its
        // region) counts more.
        if b < toks.len() && !self.possessive(b - 1) && self.trimmed_gap(b) == "," {
            if let Some(p) = self.mapped_starting(self.start(b)) {
                evs.add(Cat::Neighbour, 2.0, || format!("followed by ', {p}'"));
            }
        }
        let before = items.0.and_then(|_| {
            let k = if self.trimmed_gap(a) == "," {
                a - 1
            } else {
                a - 2
            };
            self.mapped_ending(self.end(k))
        });
        let after = items.1.and_then(|_| {
            let k = if LIST_WORDS.contains(&self.lower(b)) {
                b + 1
            } else {
                b
            };
            self.mapped_starting(self.start(k))
        });
        if let Some(p) = before.or(after) {
            evs.add(Cat::Neighbour, 1.0, || {
                format!("listed with the mapped place '{p}'")
            });
        }
        if a >= 1 && self.trimmed_gap(a) == "," && self.dateline_word(a - 1) {
            evs.add(Cat::Neighbour, 3.0, || "in a dateline ('CITY, X')");
        }
    }

    /// "X is a rural township", "Kogelo in Nyanza province".
    fn described_evidence(&self, b: usize, evs: &mut Evs) {
        let toks = &self.toks;
        if b + 1 < toks.len() && self.plain_gap(b - 1) && !self.possessive(b - 1) {
            let nx = self.lower(b);
            if matches!(nx, "is" | "was") && self.plain_gap(b) {
                let rest: Vec<&str> = (b + 1..(b + 5).min(toks.len()))
                    .take_while(|&k| self.plain_gap(k - 1))
                    .map(|k| self.lower(k))
                    .collect();
                if matches!(rest.first(), Some(&("a" | "an" | "the"))) {
                    if let Some(k) = rest[1..].iter().find(|w| listed!(KIND_APPOSITIVE, &w)) {
                        evs.add(Cat::KindCue, 3.0, || format!("described as a {k}"));
                    }
                }
            }
            if nx == "in" && self.plain_gap(b) {
                if let Some(p) = self.mapped_starting(self.start(b + 1)) {
                    evs.add(Cat::Neighbour, 0.5, || format!("before 'in {p}'"));
                }
            }
        }
    }

    /// Person cues after the phrase: "X said", "X, who", "X, 63,", "X, of".
    fn person_after(&self, a: usize, b: usize, evs: &mut Evs) {
        let toks = &self.toks;
        let n = b - a;
        if b < toks.len() {
            let nx = self.lower(b);
            let gap = self.trimmed_gap(b);
            if gap.is_empty() && is_speech_verb(nx) && !self.possessive(b - 1) {
                let w = if n >= 2 { -4.0 } else { -2.0 };
                evs.add(Cat::Speech, w, || format!("before '{nx}' (a speaker)"));
            }
            let age = nx.chars().all(|c| c.is_ascii_digit())
                && nx.len() <= 3
                && self.text[self.toks[b].full_end() as usize..]
                    .trim_start()
                    .starts_with(',');
            if (gap.is_empty() || gap == ",") && age {
                evs.add(Cat::Person, -3.0, || "followed by an age");
            }
            if gap == "," {
                let after: Vec<&str> = (b..(b + 4).min(toks.len()))
                    .map(|k| self.lower(k))
                    .collect();
                match after[0] {
                    "who" | "whose" => evs.add(Cat::Person, -2.0, || "before ', who'"),
                    "of" => evs.add(Cat::Person, -2.0, || "before ', of' (a person's home)"),
                    "a" | "an" | "the" => {
                        if let Some(k) = after[1..].iter().find(|w| listed!(KIND_APPOSITIVE, &w)) {
                            evs.add(Cat::KindCue, 3.0, || format!("described as a {k}"));
                        } else if let Some(t) =
                            after[1..].iter().find(|w| cue_lists(w) & CUE_TITLE != 0)
                        {
                            evs.add(Cat::Person, -3.0, || format!("described as a {t}"));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The words of the phrase: a head word at the end, an organisation
    /// word, a name's first word or ending, an Arabic article.
    fn word_evidence(&self, a: usize, b: usize, evs: &mut Evs) {
        let n = b - a;
        let last = self.lower(b - 1);
        let head = n >= 2 && is_head_word(last);
        if head {
            evs.add(Cat::KindCue, 2.0, || {
                format!("ends in '{}'", self.word(b - 1))
            });
        }
        let caps_only = n == 1 && letters_upper(self.word(a));
        if let Some(o) = (a..b)
            .map(|k| self.lower(k))
            .find(|w| !caps_only && listed!(ORG_WORDS, without_possessives(w)))
        {
            evs.add(Cat::Organisation, -6.0, || {
                format!("organisation word '{o}'")
            });
        }
        let first_bare = self.bare(a);
        if n >= 2 {
            if listed!(NAME_PREFIXES, first_bare) {
                evs.add(Cat::Shape, 2.0, || {
                    format!("starts with '{}'", self.word(a))
                });
            } else if first_bare == "abu" {
                evs.add(
                    Cat::Shape,
                    0.5,
                    || "starts with 'Abu' (also in person names)",
                );
            } else if let Some((_, w)) = HEAD_FIRST.iter().find(|(h, _)| *h == first_bare) {
                evs.add(Cat::Shape, *w, || format!("starts with '{}'", self.word(a)));
            } else if ROAD_HEADS.contains(&first_bare)
                && self.word(b - 1).chars().all(|c| c.is_ascii_digit())
            {
                evs.add(Cat::Shape, 2.0, || "a road number");
            } else if listed!(GIVEN_NAMES, first_bare) && !head {
                evs.add(Cat::Person, -2.0, || {
                    format!("starts with the given name '{}'", self.word(a))
                });
            }
        } else if listed!(GIVEN_NAMES, first_bare) {
            evs.add(Cat::Person, -1.5, || "a given name");
        }
        if (a..b).any(|k| {
            let l = self.lower(k);
            l.split_once(['-', '‐'])
                .is_some_and(|(art, _)| ARTICLES.contains(&art))
                || l == "al"
                || l == "el"
        }) {
            evs.add(Cat::Shape, 1.0, || "Arabic article 'al-'");
        }
        let last_bare = self.bare(b - 1);
        // The list is read only for a word ending in a byte one of its
        // suffixes ends in.
        let may_end =
            (last_bare.as_bytes().last()).is_some_and(|&l| NAME_SUFFIX_ENDS[usize::from(l)]);
        if let Some(suf) = NAME_SUFFIXES
            .iter()
            .filter(|_| may_end)
            .find(|s| ends_with(last_bare, s) && last_bare.chars().count() >= s.chars().count() + 3)
        {
            evs.add(Cat::Shape, 1.5, || format!("ends in '-{suf}'"));
        }
    }

    /// Shapes against a place name: an acronym, a code, an adjective, a
    /// long phrase.
    fn shapes_against(&self, a: usize, b: usize, dateline: bool, evs: &mut Evs) {
        let n = b - a;
        let w0 = self.word(a);
        let letters = || w0.chars().filter(|c| c.is_alphabetic());
        let placed = dateline || evs.any(Cat::Neighbour, 2.0);
        if n == 1 && !placed && letters().nth(1).is_some() && letters().all(char::is_uppercase) {
            evs.add(Cat::Acronym, -3.0, || "an acronym");
        } else if n == 1 && w0.chars().any(|c| c.is_ascii_digit()) {
            evs.add(Cat::Acronym, -1.0, || "a code with digits");
        }
        let adjective = |w: &str| {
            ADJ_SUFFIXES
                .iter()
                .any(|s| ends_with(w, s) && w.len() >= s.len() + 2)
        };
        let (first, last) = (self.lower(a), self.lower(b - 1));
        if n == 1 && adjective(first) {
            evs.add(Cat::Adjective, -3.0, || "an adjective or demonym form");
        } else if n >= 2 && adjective(first) && !listed!(HEADS_IN, last) {
            evs.add(Cat::Adjective, -1.5, || "starts with an adjective");
        }
        if n > 4 {
            evs.add(Cat::Long, -2.0, || "a long phrase (a title or a name)");
        }
    }
}

/// Finds the place-like phrases of one document that no mention or
/// exclusion covers, scored (all of them, whatever their score).
fn find_missed(
    doc: &str,
    text: &str,
    resolved: &Resolved,
    known: &dyn Fn(&str) -> bool,
    opts: &CoverageOptions,
) -> Vec<MissedPhrase> {
    let page = Page::new(text, resolved);
    let groups = group_phrases(&page, known);
    let person_words = person_words(&groups);
    let chars = CharIndex::new(text);
    let toponyms = Toponyms::new(resolved);
    let mut out: Vec<MissedPhrase> = groups
        .items
        .into_iter()
        .map(|(group, _)| {
            let at = (doc, text, opts.max_contexts);
            let inside = group.0.iter().find_map(|o| within(text, &toponyms, o.end));
            let mut m = missed_phrase(group, &person_words, at, &chars);
            m.within_id = inside;
            m
        })
        .collect();
    sort_missed(&mut out);
    out
}

/// A phrase's occurrences, its spellings, and its words (without
/// connectors and short words).
type PhraseGroup = (Vec<Occ>, Vec<String>, Vec<String>);

/// The page's candidate phrases that no mention or exclusion overlaps, with
/// their evidence, grouped by normalized key in first-seen order.
fn group_phrases(page: &Page<'_>, known: &dyn Fn(&str) -> bool) -> Grouper<PhraseGroup> {
    let text = page.text;
    let mut groups: Grouper<PhraseGroup> = Grouper::new();
    let mut evs = Evs::new(true);
    for (a, b, key) in page.uncovered_phrases() {
        let (s, e) = (page.start(a), page.end(b - 1));
        let surface = &text[s..e];
        page.evidence(a, b, known(&key), &mut evs);
        let words = || page.phrase_words(a, b).map(str::to_string).collect();
        let (g, _) = groups.entry(key, || (Vec::new(), Vec::new(), words()));
        g.0.push(Occ {
            start: s,
            end: e,
            evidence: std::mem::take(&mut evs.list),
        });
        if !g.1.iter().any(|f| f == surface) {
            g.1.push(surface.to_string());
        }
    }
    groups
}

/// The words of phrases that read as a person's name, with the name's
/// first spelling.
fn person_words(groups: &Grouper<PhraseGroup>) -> HashMap<String, String> {
    // People: the words of phrases that read as a person's name mark the
    // other phrases made of them ("Erdogan" after "President Recep Tayyip
    // Erdogan").
    let mut person_words: HashMap<String, String> = HashMap::new();
    for ((occs, forms, words), _) in &groups.items {
        if occs
            .iter()
            .flat_map(|o| &o.evidence)
            .any(|e| e.cat.is_person())
        {
            for w in words {
                // The first name a word is seen in names it.
                person_words
                    .entry(w.clone())
                    .or_insert_with(|| forms[0].clone());
            }
        }
    }
    person_words
}

/// One missed phrase from its group: the evidence of all its occurrences
/// (and, for a phrase made of a person's name words, that cue), its score,
/// contexts, occurrences and most frequent spelling. `at` is the document
/// id, its text and the most contexts to keep.
fn missed_phrase(
    (occs, forms, words): PhraseGroup,
    person_words: &HashMap<String, String>,
    at: (&str, &str, usize),
    chars: &CharIndex<'_>,
) -> MissedPhrase {
    let (doc, text, max_contexts) = at;
    let cue = person_cue(&occs, &words, person_words);
    let all: Vec<&Ev> = counted(&occs, cue.as_ref()).collect();
    let (score, evidence) = score(&all);
    let mut contexts = Vec::new();
    let mut occurrences = Vec::new();
    for o in &occs {
        if contexts.len() < max_contexts {
            contexts.push(context(text, o.start, o.end));
        }
        let (cs, ce) = (chars.at(o.start), chars.at(o.end));
        occurrences.push(Occurrence {
            doc: doc.to_string(),
            start: cs,
            end: ce,
        });
    }
    // The most frequent spelling names the phrase.
    let name = forms
        .iter()
        .enumerate()
        .max_by_key(|(i, f)| {
            (
                occs.iter()
                    .filter(|o| &text[o.start..o.end] == f.as_str())
                    .count(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(_, f)| f.clone())
        .unwrap_or_default();
    MissedPhrase {
        name,
        forms,
        score,
        evidence,
        count: occs.len() as u64,
        docs: 1,
        contexts,
        occurrences,
        within: None,
        within_id: None,
    }
}

/// For a phrase made only of the words of a person's name found elsewhere
/// in the document (and with no person evidence of its own), that cue.
fn person_cue(
    occs: &[Occ],
    words: &[String],
    person_words: &HashMap<String, String>,
) -> Option<Ev> {
    let is_person = occs
        .iter()
        .flat_map(|o| &o.evidence)
        .any(|e| e.cat.is_person());
    if is_person || words.is_empty() || !words.iter().all(|w| person_words.contains_key(w)) {
        return None;
    }
    let full = person_words.get(&words[0])?;
    Some(ev(
        Cat::Person,
        -4.0,
        format!("part of the person's name '{full}'"),
    ))
}

/// The evidence a phrase's score counts, in order: that of its
/// occurrences, then `cue`; when the phrase is capitalised mid-sentence
/// anywhere, its sentence-start evidence is left out.
fn counted<'e>(occs: &'e [Occ], cue: Option<&'e Ev>) -> impl Iterator<Item = &'e Ev> {
    let all = occs.iter().flat_map(|o| &o.evidence).chain(cue);
    let mid = all.clone().any(|e| e.cat == Cat::MidSentence);
    all.filter(move |e| !(mid && e.cat == Cat::SentenceStart))
}

/// The least bytes of a window of a long text whose missed phrases are
/// read apart ([`crate::windows`]): a long text's windows are read in
/// parallel, each with only its own words held.
const COVERAGE_WINDOW_BYTES: usize = 1 << 18;

/// The normalized key and the score of every missed phrase of one
/// document, as if no name were known: what [`MemberParts`] keeps of
/// [`find_missed`] (the same phrases and scores, without the contexts,
/// occurrences, spellings and evidence labels it does not need). The key
/// of a group is `normalize_key` of each of its spellings, so it is the
/// key of the phrase's name.
fn missed_scores(text: &str, resolved: &Resolved) -> Vec<(String, f64)> {
    missed_scores_in(text, resolved, COVERAGE_WINDOW_BYTES)
}

/// [`missed_scores`], a text longer than `min` bytes read in windows of
/// at least `min` bytes ([`Page::window`]), in parallel, their tallies
/// merged in text order.
fn missed_scores_in(text: &str, resolved: &Resolved, min: usize) -> Vec<(String, f64)> {
    use rayon::prelude::*;
    let windows = crate::windows(text, min);
    let tallies = if windows.len() < 2 {
        Tallies::of(&Page::new(text, resolved))
    } else {
        let spans = Spans::new(text, resolved);
        (windows.into_par_iter())
            .map(|w| Tallies::of(&Page::window(text, &spans, w)))
            .reduce(Tallies::default, Tallies::merge)
    };
    tallies.scores()
}

/// The missed phrases of a page, grouped by normalized key, each with its
/// evidence folded as it comes (no occurrence, evidence list or label is
/// kept): the strongest piece of each kind so far, whether any piece is a
/// person cue, and the phrase's words.
// Fast hashers: the map is asked and drained into sets of the caller,
// whose order is their own.
#[derive(Default)]
struct Tallies {
    index: FxHashMap<String, usize>,
    groups: Vec<Tallied>,
}

impl Tallies {
    fn of(page: &Page<'_>) -> Tallies {
        // Room for the phrases of a news article (about 20 on average),
        // so that the maps are not grown from nothing on each page.
        const ROOM: usize = 32;
        let mut t = Tallies {
            index: FxHashMap::with_capacity_and_hasher(ROOM, Default::default()),
            groups: Vec::new(),
        };
        let mut evs = Evs::new(false);
        // Each spelling's group (`None`: an empty key), so that a spelling
        // seen before on the page is not normalized again.
        let mut spelled: FxHashMap<&str, Option<usize>> =
            FxHashMap::with_capacity_and_hasher(ROOM, Default::default());
        for (a, b) in page.uncovered_spans() {
            let surface = page.surface(a, b);
            let i = match spelled.get(surface) {
                Some(&i) => i,
                None => {
                    let key = normalize_key(surface);
                    let i = (!key.is_empty()).then(|| {
                        *t.index.entry(key).or_insert_with(|| {
                            let words = page.phrase_words(a, b);
                            t.groups.push(Tallied::new(words, surface.len() + 1));
                            t.groups.len() - 1
                        })
                    });
                    spelled.insert(surface, i);
                    i
                }
            };
            let Some(i) = i else { continue };
            page.evidence(a, b, false, &mut evs);
            t.groups[i].add(&evs.list);
        }
        t
    }

    /// The tallies of a page and of the page after it, as if read as one.
    fn merge(mut self, other: Tallies) -> Tallies {
        let mut keys: Vec<(usize, String)> =
            (other.index.into_iter()).map(|(key, i)| (i, key)).collect();
        keys.sort_unstable_by_key(|&(i, _)| i);
        for ((_, key), group) in keys.into_iter().zip(other.groups) {
            match self.index.get(&key) {
                Some(&i) => self.groups[i].merge(group),
                None => {
                    self.index.insert(key, self.groups.len());
                    self.groups.push(group);
                }
            }
        }
        self
    }

    /// Each phrase's key and score.
    fn scores(self) -> Vec<(String, f64)> {
        let groups = &self.groups;
        let person_words: FxHashSet<&str> = groups
            .iter()
            .filter(|g| g.person)
            .flat_map(Tallied::words)
            .collect();
        // As `person_cue`: a phrase made only of a person's name's words.
        let cue = ev(Cat::Person, -4.0, "");
        let scores: Vec<f64> = groups
            .iter()
            .map(|g| {
                let named =
                    !g.person && !g.words.is_empty() && g.words().all(|w| person_words.contains(w));
                let mut best = g.best;
                if named {
                    fold_best(&mut best, &cue);
                }
                best_sum(best)
            })
            .collect();
        (self.index.into_iter())
            .map(|(key, i)| (key, scores[i]))
            .collect()
    }
}

/// A phrase's evidence folded over its occurrences (see [`missed_scores`]).
struct Tallied {
    /// The strongest piece of each kind, the first of equal strength.
    best: [Option<f64>; Cat::COUNT],
    /// Some piece is a person cue ([`Cat::is_person`]).
    person: bool,
    /// [`Page::phrase_words`], each followed by a space (one string: a
    /// word is letters, digits and joiners, never a space).
    words: String,
}

impl Tallied {
    /// The tally of a phrase of `words`, with room for `room` bytes of
    /// them.
    fn new<'w>(words: impl Iterator<Item = &'w str>, room: usize) -> Tallied {
        let mut joined = String::with_capacity(room);
        for w in words {
            joined.push_str(w);
            joined.push(' ');
        }
        Tallied {
            best: [None; Cat::COUNT],
            person: false,
            words: joined,
        }
    }

    /// The phrase's words ([`Page::phrase_words`]).
    fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split_terminator(' ')
    }

    fn add(&mut self, evs: &[Ev]) {
        for e in evs {
            self.person |= e.cat.is_person();
            fold_best(&mut self.best, e);
        }
    }

    /// Folds in the tally of the same phrase later in the text: the
    /// strongest pieces of the two, this one's of equal strength, and this
    /// one's words.
    fn merge(&mut self, later: Tallied) {
        self.person |= later.person;
        for (cat, w) in later.best.iter().enumerate() {
            let b = &mut self.best[cat];
            match (b.as_ref(), w) {
                (Some(x), Some(y)) if y.abs() <= x.abs() => {}
                (_, Some(y)) => *b = Some(*y),
                (_, None) => {}
            }
        }
    }
}

/// Keeps `e`'s weight if it is the strongest of its kind so far.
fn fold_best(best: &mut [Option<f64>; Cat::COUNT], e: &Ev) {
    let b = &mut best[e.cat as usize];
    match b {
        Some(w) if e.weight.abs() <= w.abs() => {}
        _ => *b = Some(e.weight),
    }
}

/// The score of the strongest pieces of each kind, as [`counted`] and
/// [`score_value`] give it: sentence-start evidence left out when the
/// phrase is capitalised mid-sentence somewhere, rounded to a tenth.
fn best_sum(mut best: [Option<f64>; Cat::COUNT]) -> f64 {
    if best[Cat::MidSentence as usize].is_some() {
        best[Cat::SentenceStart as usize] = None;
    }
    let score: f64 = best.iter().flatten().sum();
    (score * 10.0).round() / 10.0
}

/// The place a missed phrase's sentence puts it in: a toponym mapped right
/// after it, after "in" (or ", in") and at most three lower-case words
/// ("Orum al-Kubra, in rural western Aleppo", "X in the countryside of
/// Idlib").
fn within(text: &str, toponyms: &Toponyms<'_>, end: usize) -> Option<PlaceId> {
    let rest = &text[end..];
    let rest = rest
        .strip_prefix(',')
        .unwrap_or(rest)
        .trim_start_matches(' ');
    let rest = rest.strip_prefix("in ")?;
    let mut at = text.len() - rest.len();
    for _ in 0..4 {
        if let Some(m) = toponyms.starting(at) {
            return m.place;
        }
        let len = text[at..].find(' ')?;
        if !text[at..at + len].chars().all(char::is_lowercase) {
            return None;
        }
        at += len + 1;
    }
    None
}

/// A document's toponym mentions by byte start, to find the first one (in
/// mention order) starting at an offset by binary search.
struct Toponyms<'r> {
    mentions: &'r [Mention],
    /// (byte start, index in `mentions`), sorted.
    by_start: Vec<(usize, usize)>,
}

impl<'r> Toponyms<'r> {
    fn new(resolved: &'r Resolved) -> Toponyms<'r> {
        let mentions = &resolved.mentions[..];
        let mut by_start: Vec<(usize, usize)> = (mentions.iter().enumerate())
            .filter(|(_, m)| m.kind.is_place_name())
            .map(|(i, m)| (m.start, i))
            .collect();
        by_start.sort_unstable();
        Toponyms { mentions, by_start }
    }

    fn starting(&self, at: usize) -> Option<&'r Mention> {
        let i = self.by_start.partition_point(|&(s, _)| s < at);
        let &(s, k) = self.by_start.get(i)?;
        (s == at).then(|| &self.mentions[k])
    }
}

/// Labels the places that the missed phrases are put in.
fn label_within(gaz: &Gazetteer, missed: &mut [MissedPhrase]) {
    for m in missed {
        if let Some(id) = m.within_id {
            m.within = Some(PlaceInfo::new(gaz, id).label());
        }
    }
}

/// Sums the strongest piece of evidence of each kind; lists every distinct
/// piece (with its count when repeated), strongest first.
fn score(all: &[&Ev]) -> (f64, Vec<String>) {
    let score = score_value(all.iter().copied());
    let mut labels: Vec<(Cat, f64, &str, usize)> = Vec::new();
    for e in all {
        match labels.iter_mut().find(|x| x.2 == e.label) {
            Some(x) => x.3 += 1,
            None => labels.push((e.cat, e.weight, &e.label[..], 1)),
        }
    }
    labels.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(b.1.total_cmp(&a.1)));
    let mut counted: HashSet<Cat> = HashSet::new();
    let evidence = labels
        .into_iter()
        .map(|(cat, w, l, n)| {
            let times = if n > 1 {
                format!(" ({n}x)")
            } else {
                String::new()
            };
            // Only the strongest piece of each kind counts; the others
            // show their weight in brackets.
            if counted.insert(cat) {
                format!("{l}{times} {w:+}")
            } else {
                format!("{l}{times} [{w:+}]")
            }
        })
        .collect();
    (score, evidence)
}

/// The sum of the strongest piece of evidence of each kind (the first of
/// equal strength; no sentence-start piece with a mid-sentence one: see
/// [`best_sum`]), rounded to a tenth. The weights are multiples of 0.5,
/// so the sum does not depend on the order of the kinds.
fn score_value<'e>(all: impl IntoIterator<Item = &'e Ev>) -> f64 {
    let mut best: [Option<f64>; Cat::COUNT] = [None; Cat::COUNT];
    for e in all {
        fold_best(&mut best, e);
    }
    best_sum(best)
}

// ---------------------------------------------------------------------------
// Expected places.

/// Reads a list of expected places: a CSV (or tab-separated) file with a
/// `name` column and an optional `place_id` (or `id`) column, or a plain
/// list with one name per line (`#` starts a comment line). The format is
/// told by the first line: a header with a `name` column means CSV.
pub fn read_expected(mut reader: impl Read) -> Result<Vec<Expected>> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => {
                Error::parse("the list of expected places is not UTF-8")
            }
            _ => Error::from(e),
        })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let tab = first.contains('\t') && !first.contains(',');
    let header: Vec<String> = first
        .split(if tab { '\t' } else { ',' })
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    if !header.iter().any(|h| h == "name") {
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| Expected {
                name: l.to_string(),
                place_id: None,
            })
            .collect());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::parse(format!("cannot read the header: {e}")))?
        .clone();
    let col = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let name_col = col(&["name"]).unwrap_or(0);
    let id_col = col(&["place_id"]).or_else(|| col(&["id"]));
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            let err = Error::parse(format!("bad CSV row: {e}"));
            match line {
                Some(l) => err.with_line(l),
                None => err,
            }
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let name = rec.get(name_col).unwrap_or("").trim();
        if name.is_empty() {
            return Err(Error::parse("the name is empty").with_line(line));
        }
        let place_id = id_col
            .and_then(|c| rec.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        out.push(Expected {
            name: name.to_string(),
            place_id,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Renderers.

/// The members the `map` command adds to its FeatureCollection: integer
/// counts over all documents (`mentions_found`, `mentions_resolved`,
/// `candidates_missed`).
pub fn feature_collection_members(c: &Coverage) -> geojson::JsonObject {
    let s = &c.total.summary;
    members(s.mentions_found, s.mentions_resolved, s.candidates_missed)
}

/// The same members as [`feature_collection_members`], computed without
/// building the report: only the missed phrases are kept, not the mapped,
/// unresolved and excluded lists with their contexts (on 51,000 documents
/// the report cost 580 MB more than the map).
pub fn map_members(results: &[DocResult], opts: &CoverageOptions) -> geojson::JsonObject {
    let known: HashSet<String> = known_names(results);
    let (found, resolved) = mention_counts(results, opts);
    let mut missed: HashSet<String> = HashSet::new();
    for r in results {
        let doc = &r.document.id;
        let (kept, _) = split_by_score(
            find_missed(
                doc,
                &r.document.text,
                &r.resolved,
                &|k| known.contains(k),
                opts,
            ),
            opts.min_score,
        );
        missed.extend(kept.iter().map(|m| normalize_key(&m.name)));
    }
    members(found, resolved, missed.len() as u64)
}

/// Adds `other` to `set`, inserting the smaller set's keys into the larger.
fn union_into(
    set: &mut std::collections::BTreeSet<String>,
    mut other: std::collections::BTreeSet<String>,
) {
    if other.len() > set.len() {
        std::mem::swap(set, &mut other);
    }
    set.extend(other);
}

/// The weight of the evidence "the gazetteer matched this name elsewhere".
const KNOWN_WEIGHT: f64 = -1.0;

/// The coverage members of [`map_members`] as a mergeable aggregate:
/// whether a phrase is missed depends on the names found in the whole
/// corpus ("known"), so each part keeps the phrases it would count when
/// their name is known elsewhere and when it is not, and
/// [`MemberParts::members`] decides once all parts are merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberParts {
    /// Mentions found (under the options).
    pub found: u64,
    /// Mentions resolved.
    pub resolved: u64,
    /// The normalized names the matcher found.
    pub known: std::collections::BTreeSet<String>,
    /// Missed phrases (normalized) counted if their name is not known.
    pub missed_if_unknown: std::collections::BTreeSet<String>,
    /// Missed phrases (normalized) counted even if their name is known.
    pub missed_if_known: std::collections::BTreeSet<String>,
}

impl MemberParts {
    /// The parts of mapped documents.
    pub fn from_results(results: &[DocResult], opts: &CoverageOptions) -> MemberParts {
        let (found, resolved) = mention_counts(results, opts);
        let mut p = MemberParts {
            found,
            resolved,
            known: known_names(results),
            ..MemberParts::default()
        };
        // One pass, as if no name were known: a known name adds exactly
        // one evidence of its own category, KNOWN_WEIGHT, to the score
        // (the weights are multiples of 0.5, so the sums are exact).
        for r in results {
            for (key, score) in missed_scores(&r.document.text, &r.resolved) {
                if score + KNOWN_WEIGHT >= opts.min_score {
                    p.missed_if_known.insert(key.clone());
                }
                if score >= opts.min_score {
                    p.missed_if_unknown.insert(key);
                }
            }
        }
        p
    }

    /// Merges the parts of other documents (each set's smaller into the
    /// larger).
    pub fn merge(&mut self, other: MemberParts) {
        self.found += other.found;
        self.resolved += other.resolved;
        union_into(&mut self.known, other.known);
        union_into(&mut self.missed_if_unknown, other.missed_if_unknown);
        union_into(&mut self.missed_if_known, other.missed_if_known);
    }

    /// The parts of several groups of documents merged at once: each set
    /// built from all their keys, sorted, rather than key by key.
    pub fn merged(parts: Vec<MemberParts>) -> MemberParts {
        let (mut found, mut resolved) = (0, 0);
        let (mut known, mut unknown, mut if_known) = (Vec::new(), Vec::new(), Vec::new());
        for p in parts {
            found += p.found;
            resolved += p.resolved;
            known.extend(p.known);
            unknown.extend(p.missed_if_unknown);
            if_known.extend(p.missed_if_known);
        }
        MemberParts {
            found,
            resolved,
            known: known.into_iter().collect(),
            missed_if_unknown: unknown.into_iter().collect(),
            missed_if_known: if_known.into_iter().collect(),
        }
    }

    /// The members [`map_members`] gives for all the documents.
    pub fn members(&self) -> geojson::JsonObject {
        let unknown = self
            .missed_if_unknown
            .iter()
            .filter(|k| !self.known.contains(*k));
        let known = self
            .missed_if_known
            .iter()
            .filter(|k| self.known.contains(*k));
        members(
            self.found,
            self.resolved,
            (unknown.count() + known.count()) as u64,
        )
    }
}

fn members(found: u64, resolved: u64, missed: u64) -> geojson::JsonObject {
    let mut o = geojson::JsonObject::new();
    o.insert("mentions_found".into(), found.into());
    o.insert("mentions_resolved".into(), resolved.into());
    o.insert("candidates_missed".into(), missed.into());
    o
}

/// Writes the report as pretty JSON (the fields of [`Coverage`]).
pub fn write_json(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *w, c).map_err(|e| Error::from(std::io::Error::other(e)))?;
    w.write_all(b"\n")?;
    Ok(())
}

fn pct(a: u64, b: u64) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes the readable terminal report: summary, then the sections Mapped,
/// Not resolved, Excluded, Missed and Checklist over all documents (with a
/// per-document table when there are several).
pub fn write_text(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    write_text_summary(c, w)?;
    write_text_mapped(c, w)?;
    write_text_unresolved(c, w)?;
    write_text_excluded(c, w)?;
    write_text_missed(c, w)?;
    if let Some(list) = &c.checklist {
        write_text_checklist(list, w)?;
    }
    Ok(())
}

/// The text report's totals, and a line per document when there are
/// several.
fn write_text_summary(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(
        w,
        "Coverage of {}",
        plural(s.documents, "document", "documents")
    )?;
    writeln!(
        w,
        "  mentions found: {}, resolved: {} ({}), not resolved: {}",
        s.mentions_found,
        s.mentions_resolved,
        pct(s.mentions_resolved, s.mentions_found),
        s.mentions_unresolved
    )?;
    writeln!(
        w,
        "  places mapped: {}, names excluded: {}, missed place-like phrases: {} ({})",
        s.places_mapped,
        s.names_excluded,
        s.candidates_missed,
        plural(s.missed_occurrences, "occurrence", "occurrences")
    )?;
    if c.documents.len() > 1 {
        writeln!(w, "\nPer document")?;
        writeln!(
            w,
            "  {:>6} {:>8} {:>8} {:>6}  document",
            "found", "resolved", "excluded", "missed"
        )?;
        for d in &c.documents {
            let s = &d.report.summary;
            writeln!(
                w,
                "  {:>6} {:>8} {:>8} {:>6}  {}",
                s.mentions_found, s.mentions_resolved, s.names_excluded, s.candidates_missed, d.doc
            )?;
        }
    }
    Ok(())
}

/// The text report's mapped places.
fn write_text_mapped(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(
        w,
        "\nMapped: {}, {}",
        plural(t.mapped.len() as u64, "place", "places"),
        plural(s.mentions_resolved, "mention", "mentions")
    )?;
    for m in &t.mapped {
        let demonyms = if m.demonym_count > 0 {
            format!(" +{} demonym", m.demonym_count)
        } else {
            String::new()
        };
        writeln!(
            w,
            "  {:>5}{demonyms}  {}  [{}]",
            m.count,
            m.place.label(),
            m.forms.join(", ")
        )?;
    }
    Ok(())
}

/// The text report's names found but not resolved.
fn write_text_unresolved(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(
        w,
        "\nNot resolved: {}, {}",
        plural(t.unresolved.len() as u64, "name", "names"),
        plural(s.mentions_unresolved, "mention", "mentions")
    )?;
    for u in &t.unresolved {
        writeln!(w, "  {:>5}  {:?}: {}", u.count, u.text, u.reason)?;
        if !u.candidates.is_empty() {
            let c: Vec<String> = u.candidates.iter().take(5).map(PlaceInfo::label).collect();
            writeln!(w, "         candidates: {}", c.join("; "))?;
        }
        for ctx in u.contexts.iter().take(1) {
            writeln!(w, "         {ctx}")?;
        }
    }
    Ok(())
}

/// The text report's names excluded as not places.
fn write_text_excluded(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(
        w,
        "\nExcluded: {}, {}",
        plural(t.excluded.len() as u64, "name", "names"),
        plural(s.names_excluded, "occurrence", "occurrences")
    )?;
    for x in &t.excluded {
        writeln!(w, "  {:>5}  {:?}: {}", x.count, x.text, x.why)?;
    }
    Ok(())
}

/// The text report's place-like phrases the gazetteer missed.
fn write_text_missed(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(
        w,
        "\nMissed: {}, {}",
        plural(
            t.missed.len() as u64,
            "place-like phrase",
            "place-like phrases"
        ),
        plural(s.missed_occurrences, "occurrence", "occurrences")
    )?;
    for m in &t.missed {
        writeln!(w, "  {:>5.1}  {:>3}x  {}", m.score, m.count, m.name)?;
        writeln!(w, "               evidence: {}", m.evidence.join(", "))?;
        if let Some(place) = &m.within {
            writeln!(w, "               in: {place}")?;
        }
        for ctx in m.contexts.iter().take(1) {
            writeln!(w, "               {ctx}")?;
        }
    }
    Ok(())
}

/// The text report's checklist of expected places.
fn write_text_checklist(list: &[Check], w: &mut dyn Write) -> Result<()> {
    let found = list
        .iter()
        .filter(|x| x.status == CheckStatus::Found)
        .count();
    writeln!(
        w,
        "\nChecklist: {found} of {} expected places found",
        list.len()
    )?;
    for x in list {
        let id = x
            .expected_id
            .as_deref()
            .map(|i| format!(" ({i})"))
            .unwrap_or_default();
        writeln!(w, "  {:<22}  {}{id}: {}", x.status.as_str(), x.name, x.hint)?;
    }
    Ok(())
}

/// Escapes a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Writes the report as Markdown tables.
pub fn write_markdown(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    let s = &t.summary;
    writeln!(w, "# Coverage\n")?;
    let head = "documents | mentions found | resolved | not resolved | places mapped | names excluded | missed phrases";
    let totals = vec![
        s.documents.to_string(),
        s.mentions_found.to_string(),
        format!(
            "{} ({})",
            s.mentions_resolved,
            pct(s.mentions_resolved, s.mentions_found)
        ),
        s.mentions_unresolved.to_string(),
        s.places_mapped.to_string(),
        s.names_excluded.to_string(),
        s.candidates_missed.to_string(),
    ];
    md_table(w, head, "---:|---:|---:|---:|---:|---:|---:", [totals])?;
    if c.documents.len() > 1 {
        writeln!(w, "\n## Per document\n")?;
        let rows = c.documents.iter().map(|d| {
            let s = &d.report.summary;
            vec![
                md(&d.doc),
                s.mentions_found.to_string(),
                s.mentions_resolved.to_string(),
                s.names_excluded.to_string(),
                s.candidates_missed.to_string(),
            ]
        });
        md_table(
            w,
            "document | found | resolved | excluded | missed",
            "---|---:|---:|---:|---:",
            rows,
        )?;
    }
    writeln!(w, "\n## Mapped\n")?;
    let rows = t.mapped.iter().map(|m| {
        vec![
            (m.count + m.demonym_count).to_string(),
            md(&m.place.name),
            md(&m.place.place_id),
            m.place.kind.to_string(),
            m.place.country.to_string(),
            md(&m.forms.join(", ")),
        ]
    });
    md_table(
        w,
        "count | place | place_id | kind | country | forms",
        "---:|---|---|---|---|---",
        rows,
    )?;
    write_markdown_problems(c, w)
}

/// The Markdown report's names not resolved, excluded and missed, and the
/// checklist.
fn write_markdown_problems(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let t = &c.total;
    writeln!(w, "\n## Not resolved\n")?;
    let rows = t.unresolved.iter().map(|u| {
        let c: Vec<String> = u.candidates.iter().take(5).map(PlaceInfo::label).collect();
        vec![
            u.count.to_string(),
            md(&u.text),
            md(&u.reason),
            md(&c.join("; ")),
        ]
    });
    md_table(
        w,
        "count | name | reason | candidates",
        "---:|---|---|---",
        rows,
    )?;
    writeln!(w, "\n## Excluded\n")?;
    let rows = (t.excluded.iter()).map(|x| vec![x.count.to_string(), md(&x.text), md(&x.why)]);
    md_table(w, "count | name | why", "---:|---|---", rows)?;
    writeln!(w, "\n## Missed\n")?;
    let rows = t.missed.iter().map(|m| {
        vec![
            format!("{:.1}", m.score),
            m.count.to_string(),
            md(&m.name),
            md(&m.evidence.join(", ")),
            md(m.within.as_deref().unwrap_or("")),
            md(m.contexts.first().map_or("", String::as_str)),
        ]
    });
    let head = "score | count | phrase | evidence | in | context";
    md_table(w, head, "---:|---:|---|---|---|---", rows)?;
    if let Some(list) = &c.checklist {
        writeln!(w, "\n## Checklist\n")?;
        let rows = list.iter().map(|x| {
            vec![
                x.status.as_str().to_string(),
                md(&x.name),
                md(x.expected_id.as_deref().unwrap_or("")),
                md(&x.hint),
            ]
        });
        md_table(
            w,
            "status | name | expected id | detail",
            "---|---|---|---",
            rows,
        )?;
    }
    Ok(())
}

/// Writes a Markdown table: the header cells and alignments (each
/// `|`-separated, without the outer bars), then one line per row of cells
/// (already escaped).
fn md_table(
    w: &mut dyn Write,
    header: &str,
    align: &str,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    writeln!(w, "| {header} |")?;
    writeln!(w, "|{align}|")?;
    for row in rows {
        writeln!(w, "| {} |", row.join(" | "))?;
    }
    Ok(())
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::from(e),
        k => Error::from(std::io::Error::other(format!("{k:?}"))),
    }
}

/// Writes the report as CSV, one row per item and document, with a
/// `section` column (`mapped`, `unresolved`, `excluded`, `missed`,
/// `checklist`). Totals are the sums over documents.
pub fn write_csv(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let mut out = crate::output::csv::CsvOut::new(w);
    out.write_record([
        "section", "doc", "name", "place_id", "kind", "country", "count", "score", "status",
        "detail", "context",
    ])
    .map_err(csv_err)?;
    for d in &c.documents {
        for row in document_rows(d) {
            out.write_record(row.cells()).map_err(csv_err)?;
        }
    }
    for x in c.checklist.iter().flatten() {
        let row = CsvRow {
            section: "checklist",
            name: &x.name,
            place_id: x.expected_id.as_deref().unwrap_or(""),
            status: x.status.as_str(),
            detail: x.hint.clone(),
            ..CsvRow::default()
        };
        out.write_record(row.cells()).map_err(csv_err)?;
    }
    out.flush()?;
    Ok(())
}

/// The first of a list of contexts, or nothing.
fn first(v: &[String]) -> &str {
    v.first().map_or("", String::as_str)
}

/// One row of the coverage CSV (empty cells by default).
#[derive(Default)]
struct CsvRow<'a> {
    section: &'a str,
    doc: &'a str,
    name: &'a str,
    place_id: &'a str,
    kind: &'a str,
    country: &'a str,
    count: String,
    score: String,
    status: &'a str,
    detail: String,
    context: &'a str,
}

impl CsvRow<'_> {
    fn cells(&self) -> [&str; 11] {
        [
            self.section,
            self.doc,
            self.name,
            self.place_id,
            self.kind,
            self.country,
            &self.count,
            &self.score,
            self.status,
            &self.detail,
            self.context,
        ]
    }
}

/// A document's rows: mapped places, names not resolved, names excluded,
/// missed phrases (each with its first context).
fn document_rows(d: &DocCoverage) -> Vec<CsvRow<'_>> {
    let (r, doc) = (&d.report, d.doc.as_str());
    let mut rows = Vec::new();
    for m in &r.mapped {
        rows.push(CsvRow {
            section: "mapped",
            doc,
            name: &m.place.name,
            place_id: &m.place.place_id,
            kind: &m.place.kind,
            country: &m.place.country,
            count: (m.count + m.demonym_count).to_string(),
            detail: format!("forms: {}", m.forms.join("; ")),
            context: first(&m.contexts),
            ..CsvRow::default()
        });
    }
    for u in &r.unresolved {
        let cands: Vec<String> = u.candidates.iter().map(PlaceInfo::label).collect();
        rows.push(CsvRow {
            section: "unresolved",
            doc,
            name: &u.text,
            count: u.count.to_string(),
            detail: format!("{}; candidates: {}", u.reason, cands.join("; ")),
            context: first(&u.contexts),
            ..CsvRow::default()
        });
    }
    for x in &r.excluded {
        rows.push(CsvRow {
            section: "excluded",
            doc,
            name: &x.text,
            count: x.count.to_string(),
            detail: x.why.clone(),
            context: first(&x.contexts),
            ..CsvRow::default()
        });
    }
    for m in &r.missed {
        rows.push(CsvRow {
            section: "missed",
            doc,
            name: &m.name,
            count: m.count.to_string(),
            score: format!("{:.1}", m.score),
            detail: match &m.within {
                Some(place) => format!("{}; in: {place}", m.evidence.join("; ")),
                None => m.evidence.join("; "),
            },
            context: first(&m.contexts),
            ..CsvRow::default()
        });
    }
    rows
}

/// Writes the missed phrases (over all documents) as a gazetteer CSV
/// skeleton: `name,alternate_names,lat,lon,kind,country,count,context`,
/// with `lat`, `lon`, `kind` and `country` left empty for the user to fill
/// in. Other spellings go in `alternate_names`, `|`-separated.
pub fn write_suggestions(c: &Coverage, w: &mut dyn Write) -> Result<()> {
    let mut out = crate::output::csv::CsvOut::new(w);
    out.write_record([
        "name",
        "alternate_names",
        "lat",
        "lon",
        "kind",
        "country",
        "count",
        "context",
    ])
    .map_err(csv_err)?;
    for m in &c.total.missed {
        let alts: Vec<&str> = m
            .forms
            .iter()
            .filter(|f| **f != m.name)
            .map(String::as_str)
            .collect();
        out.write_record([
            m.name.as_str(),
            &alts.join("|"),
            "",
            "",
            "",
            "",
            &m.count.to_string(),
            m.contexts.first().map_or("", String::as_str),
        ])
        .map_err(csv_err)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Kind, Place};
    use crate::lexicon::text::title_case_lines;
    use crate::resolve::Excluded;
    use crate::{Document, Geoparser};

    fn missed_of(text: &str) -> Vec<MissedPhrase> {
        find_missed(
            "d",
            text,
            &Resolved::default(),
            &|_| false,
            &CoverageOptions::default(),
        )
    }

    /// `t!(text, listed [..], not [..])`: the phrases listed at the default
    /// threshold include the first set and none of the second (nor any
    /// phrase containing one of them).
    macro_rules! t {
        ($name:ident, $text:expr, listed [$($yes:expr),*], not [$($no:expr),*]) => {
            #[test]
            fn $name() {
                let all = missed_of($text);
                let listed: Vec<&str> = all
                    .iter()
                    .filter(|m| m.score >= DEFAULT_MIN_SCORE)
                    .map(|m| m.name.as_str())
                    .collect();
                $(assert!(listed.contains(&$yes), "{:?} not listed: {:#?}", $yes, all);)*
                $(assert!(
                    !listed.iter().any(|l| l.contains($no) || $no.contains(l)),
                    "{:?} listed: {:#?}", $no, all
                );)*
            }
        };
    }

    t!(prep_and_shape, "Fighting near Kafr Zita went on.", listed ["Kafr Zita"], not []);
    t!(kind_cue_before, "Shells hit the town of Qaryat Nur overnight.", listed ["Qaryat Nur"], not []);
    t!(
        kind_cue_after,
        "Troops moved into Ostrava district on Monday.",
        listed["Ostrava"],
        not["Monday"]
    );
    t!(direction, "A camp 20 km north of Zorbek was shelled.", listed ["Zorbek"], not []);
    t!(
        sentence_start_word,
        "In Ashkelon, residents stayed home.",
        listed["Ashkelon"],
        not["In"]
    );
    t!(
        title_and_person_parts,
        "President John Walker visited the area. Walker said in a speech that he was pleased.",
        listed [],
        not ["John Walker", "Walker"]
    );
    t!(
        speaker,
        "Aziz Karam Haddad said that aid was on its way to Kafr Zita.",
        listed["Kafr Zita"],
        not["Aziz Karam Haddad"]
    );
    t!(
        organisations,
        "Fighters of the Northern Brigade and the Example Times reported from Farland Army bases.",
        listed [],
        not ["Northern Brigade", "Example Times", "Farland Army"]
    );
    t!(
        list_shares_cue,
        "Rebels shelled the villages of Foura and Kefrin again.",
        listed ["Foura", "Kefrin"],
        not []
    );
    t!(
        dateline,
        "OSTBURG, Ky. — Police said a man was hurt.",
        listed["OSTBURG"],
        not["Police"]
    );
    t!(
        acronym,
        "Leaders of the XYZ met in Kafr Zita.",
        listed["Kafr Zita"],
        not["XYZ"]
    );
    t!(months_days, "On Monday 3 March the talks in Genvar resumed.", listed ["Genvar"], not ["Monday", "March"]);
    /// The phrase finder splits at the resolver's holidays too (one calendar
    /// list in `lexicon::words`): no phrase at any score holds one.
    #[test]
    fn holidays_split_phrases() {
        let all = missed_of("Families met near Foxbury on Thanksgiving Day and again at Lent.");
        assert!(all.iter().any(|m| m.name == "Foxbury"), "{all:#?}");
        assert!(
            !all.iter().any(|m| m.name.contains("Thanksgiving")
                || m.name.contains("Day")
                || m.name == "Lent"),
            "{all:#?}"
        );
    }

    /// The resolver's speech verbs are the finder's too ("testified").
    #[test]
    fn resolver_speech_verbs_mark_speakers() {
        let all = missed_of("Later Rolf Andersen testified before the court in Foxbury.");
        let rolf = all.iter().find(|m| m.name == "Rolf Andersen");
        let rolf = rolf.unwrap_or_else(|| panic!("{all:#?}"));
        assert!(
            rolf.evidence
                .iter()
                .any(|e| e.contains("'testified' (a speaker)")),
            "{rolf:#?}"
        );
    }

    t!(connector, "Clashes in Jisr al Shughur and in Deir ez-Zor.", listed ["Jisr al Shughur"], not []);
    t!(adjective, "Kurdish forces and Syrian troops gathered near the Turkish lines.", listed [], not ["Kurdish", "Turkish"]);
    t!(age_and_home, "Mary Ostler, 63, of Fenwick died.", listed [], not ["Mary Ostler"]);

    #[test]
    fn tokens_possessives_and_sentences() {
        let text = "Syria’s north. Mr. Smith met al-Assad in Hay’at. “Idlib-based";
        let resolved = Resolved::default();
        let page = Page::new(text, &resolved);
        let words: Vec<&str> = (0..page.toks.len()).map(|k| page.word(k)).collect();
        assert_eq!(
            words,
            [
                "Syria",
                "north",
                "Mr",
                "Smith",
                "met",
                "al-Assad",
                "in",
                "Hay’at",
                "Idlib-based"
            ]
        );
        assert!(page.possessive(0) && page.sent_start(0));
        assert!(page.sent_start(2), "after a full stop");
        assert!(!page.sent_start(3), "after Mr.");
        assert!(page.sent_start(8), "after an opening quote");
        assert_eq!(page.lower(3), "smith");
        assert_eq!(page.lower(6), "in");
        assert!(cap("al-Assad") && cap("Kafr") && cap("M4"));
        assert!(!cap("Idlib-based") && !cap("pro-Syrian") && !cap("north"));
    }

    #[test]
    fn missed_phrases_never_overlap_mentions_or_exclusions() {
        let text = "Talks in Ankara and Middle East Eye reports on Kafr Zita.";
        let at = |s: &str| text.find(s).unwrap();
        let resolved = Resolved {
            mentions: vec![Mention {
                start: at("Ankara"),
                end: at("Ankara") + 6,
                char_start: at("Ankara"),
                char_end: at("Ankara") + 6,
                text: "Ankara".into(),
                kind: MentionKind::Toponym,
                place: Some(PlaceId(0)),
                candidates: vec![PlaceId(0)],
                score: 1.0,
                reason: String::new(),
            }],
            excluded: vec![Excluded {
                start: at("Middle East"),
                end: at("Middle East") + 11,
                char_start: at("Middle East"),
                char_end: at("Middle East") + 11,
                text: "Middle East".into(),
                why: "part of the name \"Middle East Eye\"".into(),
            }],
            ..Resolved::default()
        };
        let all = find_missed(
            "d",
            text,
            &resolved,
            &|_| false,
            &CoverageOptions::default(),
        );
        let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
        assert!(names.contains(&"Kafr Zita"), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.contains("Eye") || n.contains("Ankara")),
            "{names:?}"
        );
    }

    /// Texts with headlines, datelines, lists, people, organisations and
    /// names that repeat, for the finder's shortcuts.
    const FINDER_TEXTS: &[&str] = &[
        "Rebels Seize Kafr Nabl After Heavy Fighting\nBEIRUT, Lebanon — Fighting near Kafr Nabl, Maarat al-Numan and Jisr al-Shughur went on. President Recep Tayyip Erdogan said Erdogan would visit Tell Rifaat.",
        "Mr. Smith of Toco told Reuters. The villages of Deir Hafer and Wadi Nur were shelled; St. Louis and Mt. Hood. The Syrian Observatory for Human Rights said al-Bab fell.",
        "By John Carter\nThe Kurdish-led SDF entered Ain Issa, north of Raqqa, and the M4 highway. “Qarnabad-based units moved to Qarnabad,” the Qarnabad Army said in Qarnabad Province.",
        "In Ankara, Dufferin Street and Karak Castle; the Gulf of Aden, Lake Van and Route 66. US, UN and NATO officials met in Monday's talks in Geneva, Geneva and Bern.",
    ];

    #[test]
    fn missed_scores_are_the_keys_and_scores_of_find_missed() {
        let gaz = Gazetteer::embedded().unwrap();
        let docs = FINDER_TEXTS.iter().enumerate();
        let results =
            Geoparser::new(&gaz).map_all(docs.map(|(i, t)| doc(&i.to_string(), t)).collect());
        let mut phrases = 0;
        for r in &results {
            let (text, resolved) = (&r.document.text, &r.resolved);
            let opts = CoverageOptions::default();
            let mut want: Vec<(String, f64)> = find_missed("d", text, resolved, &|_| false, &opts)
                .into_iter()
                .map(|m| (normalize_key(&m.name), m.score))
                .collect();
            let mut got = missed_scores(text, resolved);
            want.sort_by(|a, b| a.0.cmp(&b.0));
            got.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "{text}");
            phrases += got.len();
        }
        assert!(phrases >= 10, "{phrases} phrases");
    }

    /// A long text read in windows has the missed phrases and scores of the
    /// whole: at a window's first words (an initial after the break, a
    /// bracket after a sentence end) and at its last (a look four words
    /// past a comma, into the next paragraph).
    #[test]
    fn a_text_read_in_windows_has_the_missed_phrases_of_the_whole() {
        let gaz = Gazetteer::embedded().unwrap();
        let paragraphs = [
            "K. Dorvanel met officials in Qaraqosh on Monday, they said today.",
            "Word (Bartella Kurdi residents fled) as reported today.",
            "Officials toured Qornet Belvane, the end.",
            "Mayor Ali Hassan met Dorvel Aston, the old.",
            "General Sami Kadri spoke.",
            "Mayor Ali Hassan spoke in Zubair about Kafr Nabl, Hass and Binnish today.",
            "ZUBAIR, Iraq — Dhi Qar Governor Yahya Nasiri said the Rumaila fields were safe.",
            "Talks in Qamishli, Amuda and\nDerbasiyah went on, said Ahmad Nasr today.",
        ];
        let mut text = paragraphs.join("\n\n");
        for t in FINDER_TEXTS {
            text.push_str("\n\nThey said it today.\n\n");
            text.push_str(t);
        }
        text.push_str(" It ended today.\n\n");
        text.push_str(&paragraphs.join("\n\n"));
        assert!(crate::windows(&text, 1).len() > 12);
        let r = Geoparser::new(&gaz).map(doc("d", &text));
        let sorted = |mut v: Vec<(String, f64)>| {
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let whole = sorted(missed_scores_in(&text, &r.resolved, usize::MAX));
        assert!(whole.len() >= 10, "{whole:?}");
        for min in [1, 100, 1000] {
            let windowed = sorted(missed_scores_in(&text, &r.resolved, min));
            assert_eq!(windowed, whole, "windows of at least {min} bytes");
        }
    }

    #[test]
    fn parts_merged_at_once_are_the_parts_merged_one_by_one() {
        let gaz = Gazetteer::embedded().unwrap();
        let docs = FINDER_TEXTS.iter().chain(FINDER_TEXTS).enumerate();
        let results =
            Geoparser::new(&gaz).map_all(docs.map(|(i, t)| doc(&i.to_string(), t)).collect());
        let opts = CoverageOptions::default();
        let parts: Vec<MemberParts> = (results.chunks(3))
            .map(|c| MemberParts::from_results(c, &opts))
            .collect();
        let mut one_by_one = MemberParts::default();
        for p in parts.clone() {
            one_by_one.merge(p);
        }
        assert!(one_by_one.known.len() >= 10 && !one_by_one.missed_if_known.is_empty());
        assert_eq!(MemberParts::merged(parts), one_by_one);
        assert_eq!(MemberParts::merged(Vec::new()), MemberParts::default());
    }

    #[test]
    fn the_ascii_title_case_test_is_title_case_lines() {
        let lines = [
            "Rebels Seize Northern Villages Overnight",
            "Rebels seize Northern Villages Overnight",
            "Rebels Seize Northern villages overnight",
            "Rebels\tSeize\x0bNorthern\x0cVillages\rOvernight",
            "(Rebels) Seize 'Northern' Villages-Overnight at 4 AM",
            "A B C D E F",
            "Idlib Aleppo Hama",
            "Idlib Aleppo",
            "  ",
            "",
            "R2D2 Rebels Seize Villages",
            "2024 Rebels Seize Villages abcd",
            "Rebels Seize Northern Villages Overnight, the ministry said",
            "Ünye Rebels Seize Northern\u{a0}Villages",
        ];
        for line in lines {
            let want = !title_case_lines(line).is_empty();
            assert_eq!(title_case(line), want, "{line:?}");
        }
        assert!(title_case(lines[0]) && !title_case(lines[2]));
    }

    /// The title-case test stops reading a line early; it must agree with
    /// the whole reading on lines near the 80% mark, ASCII or not.
    #[test]
    fn title_case_stopping_early_agrees_with_the_whole_line() {
        let words = [
            "Aleppo",
            "rebels",
            "of",
            "Idlib-based",
            "ÜNYE",
            "ab",
            "1234",
            "Abcd",
            "abcd",
            "élan",
            "\"Hama\"",
            "x",
            "“Raqqa”",
            "’Şam’s",
            "Ⅻ",
            "٣٤٥٦",
            "ǅemal",
            "straße",
            "ⓐⓑⓒⓓ",
            "ⒶⒷⒸⒹ",
        ];
        let seps = [" ", "  ", "\t", " \u{a0}", ", ", "\u{2003}", "—"];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let (mut titles, mut others) = (0, 0);
        for _ in 0..4000 {
            let len = 1 + next(30);
            let mut line = String::new();
            for i in 0..len {
                if i > 0 {
                    line.push_str(seps[next(seps.len())]);
                }
                // Mostly capitalised words, so that many lines are near the mark.
                let w = if next(10) < 6 {
                    words[[0, 3, 4, 7, 10][next(5)]]
                } else {
                    words[next(words.len())]
                };
                line.push_str(w);
            }
            let want = !title_case_lines(&line).is_empty();
            assert_eq!(title_case(&line), want, "{line:?}");
            if want { titles += 1 } else { others += 1 }
        }
        assert!(titles > 300 && others > 300, "{titles} {others}");
    }

    #[test]
    fn tokens_match_a_char_by_char_reading() {
        // The words as a plain reading of the characters finds them.
        let texts = FINDER_TEXTS.iter().copied().chain([
            "Hay’at Tahrir al-Sham's Ünye-köy x's A's ab- cd 4th M4 ’s --a-- İdlib’s Bob’S Ahmadʼs ABʼS x'S ’S",
        ]);
        let resolved = Resolved::default();
        for text in texts {
            let page = Page::new(text, &resolved);
            let mut want = Vec::new();
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                if !chars[i].1.is_alphanumeric() {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].1.is_alphanumeric()
                        || is_joiner(chars[j].1)
                            && chars.get(j + 1).is_some_and(|c| c.1.is_alphanumeric()))
                {
                    j += 1;
                }
                let full_end = chars.get(j).map_or(text.len(), |c| c.0);
                let possessive = j >= i + 3
                    && is_apostrophe(chars[j - 2].1)
                    && matches!(chars[j - 1].1, 's' | 'S');
                let end = if possessive { chars[j - 2].0 } else { full_end };
                want.push((chars[i].0, end, full_end));
                i = j;
            }
            let got: Vec<(usize, usize, usize)> = (0..page.toks.len())
                .map(|k| (page.start(k), page.end(k), page.toks[k].full_end() as usize))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// A long text's words are all held at once: a word token stays
    /// twelve bytes (it was twenty, 170 MB for the 8 M words of a 50 MB
    /// text).
    #[test]
    fn a_word_token_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Tok>(), 12);
    }

    #[test]
    fn the_stored_lower_case_is_to_lowercase() {
        let resolved = Resolved::default();
        let texts = FINDER_TEXTS.iter().copied().chain([
            "İstanbul ǅemal ÉLAN élan Ünye ΣΟΦΙΑ straße MÜNCHEN's Bob’s x1 A's",
            "al-Bab Idlib-based pro-Syrian X-ray O'Neill's d'Arc ab-Cd el-Ab-cd 4th-Ave Ünye-köy",
        ]);
        let mut stored = 0;
        for text in texts {
            let page = Page::new(text, &resolved);
            for k in 0..page.toks.len() {
                assert_eq!(page.lower(k), page.word(k).to_lowercase(), "{text}");
                let bare = crate::lexicon::text::bare_lower(page.word(k));
                assert_eq!(page.bare(k), bare, "{text}");
                stored += usize::from(page.toks[k].lower_slot() > OWN_LOWER);
                assert_eq!(page.cap(k), cap(page.word(k)), "{text}");
            }
        }
        assert!(stored >= 20, "{stored}");
    }

    #[test]
    fn the_finder_shortcuts_agree_with_the_lexicon() {
        use crate::lexicon::words::{is_date_word, is_person_title};
        for t in FINDER_TEXTS {
            for w in t.split([' ', ',', '.', ';', '\n', '“', '”']) {
                assert_eq!(cap(w), is_cap(w), "{w:?}");
                let l = w.to_lowercase();
                let stop =
                    STOP_WORDS.contains(&l.as_str()) || is_date_word(&l) || is_person_title(&l);
                assert_eq!(is_stop_word(&l), stop, "{l:?}");
            }
        }
        for w in [
            "",
            "al-Bab",
            "Idlib-based",
            "pro-Syrian",
            "Ünye",
            "élan",
            "M4",
            "4th",
            "Mt",
        ] {
            assert_eq!(cap(w), is_cap(w), "{w:?}");
        }
        assert!(is_stop_word("monday") && is_stop_word("president") && !is_stop_word("idlib"));
    }

    /// [`cue_lists`]' title bit is [`is_person_title`], for the words of
    /// every list it reads and of the finder's texts.
    #[test]
    fn the_title_bit_is_is_person_title() {
        use crate::lexicon::words::{PERSON_TITLES, TITLES, is_person_title};
        let lists = [
            KIND_BEFORE,
            KIND_APPOSITIVE,
            ORG_WORDS,
            PREP_STRONG,
            PREP_WEAK,
            STOP_WORDS,
            OF_HEADS,
            TITLES,
            PERSON_TITLES,
        ];
        let text_words = FINDER_TEXTS
            .iter()
            .flat_map(|t| t.split([' ', ',', '.', ';', '\n', '“', '”']))
            .map(str::to_lowercase);
        let words: Vec<String> = (lists.iter().flat_map(|l| l.iter()).map(|w| w.to_string()))
            .chain(text_words)
            .collect();
        let mut titles = 0;
        for w in &words {
            let title = cue_lists(w) & CUE_TITLE != 0;
            assert_eq!(title, is_person_title(w), "{w:?}");
            titles += usize::from(title);
        }
        assert!(titles >= TITLES.len(), "{titles}");
    }

    #[test]
    fn a_head_word_is_in_either_list() {
        for &w in HEADS_IN.iter().chain(FACILITIES) {
            assert!(is_head_word(w), "{w}");
        }
        for w in ["idlib", "said", "the", "", "street ", "Street"] {
            let listed = HEADS_IN.contains(&w) || FACILITIES.contains(&w);
            assert_eq!(is_head_word(w), listed, "{w}");
        }
    }

    #[test]
    fn the_score_sums_the_strongest_piece_of_each_kind() {
        let evs = [
            ev(Cat::MidSentence, 1.0, "a"),
            ev(Cat::Preposition, 1.0, "b"),
            ev(Cat::Preposition, -2.0, "c"),
            ev(Cat::Preposition, 2.0, "d"),
            ev(Cat::Shape, 1.5, "e".to_string()),
        ];
        // The first of equal strength counts: -2, not +2.
        assert_eq!(score_value(&evs), 0.5);
        let refs: Vec<&Ev> = evs.iter().collect();
        let (score, labels) = score(&refs);
        assert_eq!(score, 0.5);
        assert_eq!(labels.len(), 5, "{labels:?}");
    }

    fn gazetteer() -> Gazetteer {
        let mut ly = Place::new("t:ly", Kind::City, "Tripoli", 32.9, 13.2);
        ly.country = "LY".into();
        let mut g = Gazetteer::empty();
        g.push_places(&[ly], &[], &[]).unwrap();
        g
    }

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
        }
    }

    #[test]
    fn reduction_and_checklist() {
        let gaz = gazetteer();
        let parser = Geoparser::new(&gaz);
        let mut results = parser.map_all(vec![
            doc(
                "a",
                "Talks in Tripoli failed. Fighting near Kafr Zita went on.",
            ),
            doc("b", "Officials in Tripoli met again; Wadi Nur was quiet."),
        ]);
        // An unresolved mention, as the resolver reports one.
        results[1].resolved.mentions.push(Mention {
            start: 0,
            end: 9,
            char_start: 0,
            char_end: 9,
            text: "Officials".into(),
            kind: MentionKind::Toponym,
            place: None,
            candidates: vec![PlaceId(0)],
            score: 0.0,
            reason: "no candidate fits".into(),
        });
        let mut cov = Coverage::from_results(&gaz, &results, &CoverageOptions::default());
        let s = &cov.total.summary;
        assert_eq!(
            (
                s.documents,
                s.mentions_found,
                s.mentions_resolved,
                s.mentions_unresolved
            ),
            (2, 3, 2, 1)
        );
        assert_eq!(s.places_mapped, 1);
        assert_eq!(cov.total.mapped[0].count, 2);
        assert_eq!(cov.total.mapped[0].docs, 2);
        assert_eq!(cov.total.unresolved[0].candidates[0].place_id, "t:ly");
        assert_eq!(cov.documents[0].report.summary.mentions_found, 1);
        let missed: Vec<&str> = cov.total.missed.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(missed, ["Kafr Zita", "Wadi Nur"]);
        assert_eq!(cov.total.missed[0].occurrences[0].doc, "a");

        let members = feature_collection_members(&cov);
        assert_eq!(members["mentions_found"], serde_json::json!(3));
        assert_eq!(members["mentions_resolved"], serde_json::json!(2));
        assert_eq!(members["candidates_missed"], serde_json::json!(2));
        assert_eq!(map_members(&results, &CoverageOptions::default()), members);

        let e = |name: &str, id: Option<&str>| Expected {
            name: name.into(),
            place_id: id.map(str::to_string),
        };
        let checks = cov.check_expected(&[
            e("Tripoli", Some("t:ly")),
            e("Tripoli", Some("t:lb")),
            e("tripoli", None),
            e("Kafr Zita", None),
            e("Sidon", None),
            e("Officials", None),
        ]);
        let st: Vec<CheckStatus> = checks.iter().map(|c| c.status).collect();
        use CheckStatus::*;
        assert_eq!(
            st,
            [Found, FoundAsAnotherPlace, Found, Missing, Missing, Missing]
        );
        assert!(checks[1].hint.contains("t:ly"), "{}", checks[1].hint);
        assert!(checks[3].hint.contains("missed list"), "{}", checks[3].hint);
        assert!(
            checks[4].hint.contains("does not appear"),
            "{}",
            checks[4].hint
        );
        assert!(
            checks[5].hint.contains("not resolved"),
            "{}",
            checks[5].hint
        );
    }

    #[test]
    fn renderers() {
        let gaz = gazetteer();
        let results = Geoparser::new(&gaz).map_all(vec![doc(
            "a",
            "Talks in Tripoli failed. Fighting near Kafr Zita, a town, went on.",
        )]);
        let mut cov = Coverage::from_results(&gaz, &results, &CoverageOptions::default());
        cov.check_expected(&[Expected {
            name: "Kafr Zita".into(),
            place_id: None,
        }]);
        let render = |f: fn(&Coverage, &mut dyn Write) -> Result<()>| {
            let mut v = Vec::new();
            f(&cov, &mut v).unwrap();
            String::from_utf8(v).unwrap()
        };
        let json: serde_json::Value = serde_json::from_str(&render(write_json)).unwrap();
        for k in ["documents", "total", "checklist"] {
            assert!(json.get(k).is_some(), "{k}");
        }
        for k in ["summary", "mapped", "unresolved", "excluded", "missed"] {
            assert!(json["total"].get(k).is_some(), "{k}");
        }
        assert_eq!(json["checklist"][0]["status"], "missing");
        let text = render(write_text);
        assert!(text.contains("Missed: 1 place-like phrase"), "{text}");
        let md = render(write_markdown);
        assert!(
            md.contains("| 1 | Tripoli | t:ly | city | LY | Tripoli |"),
            "{md}"
        );
        let csv_text = render(write_csv);
        assert!(csv_text.starts_with("section,doc,name,"), "{csv_text}");
        assert!(csv_text.contains("missed,a,Kafr Zita,"), "{csv_text}");
        let sugg = render(write_suggestions);
        let mut lines = sugg.lines();
        assert_eq!(
            lines.next(),
            Some("name,alternate_names,lat,lon,kind,country,count,context")
        );
        assert!(
            lines.next().unwrap().starts_with("Kafr Zita,,,,,,1,"),
            "{sugg}"
        );
    }

    #[test]
    fn expected_lists() {
        let plain = read_expected("# wanted\nIdlib\n\n  Hatay \n".as_bytes()).unwrap();
        assert_eq!(
            plain,
            [
                Expected {
                    name: "Idlib".into(),
                    place_id: None
                },
                Expected {
                    name: "Hatay".into(),
                    place_id: None
                },
            ]
        );
        let csv_list =
            read_expected("name,place_id,note\nIdlib,geonames:169387,x\nHatay,,\n".as_bytes())
                .unwrap();
        assert_eq!(csv_list[0].place_id.as_deref(), Some("geonames:169387"));
        assert_eq!(csv_list[1].place_id, None);
        let ids = read_expected("id\tName\nx:1\tAleppo\n".as_bytes()).unwrap();
        assert_eq!(
            ids,
            [Expected {
                name: "Aleppo".into(),
                place_id: Some("x:1".into())
            }]
        );
        let err = read_expected("name,id\nIdlib,1\n,2\n".as_bytes()).unwrap_err();
        assert_eq!(err.location().line, Some(3), "{err}");
    }

    /// A toponym mention of `text` at byte `start`, mapped or not.
    fn toponym(text: &str, start: usize, place: Option<PlaceId>) -> Mention {
        let end = start + text.len();
        Mention {
            start,
            end,
            char_start: start,
            char_end: end,
            text: text.into(),
            kind: MentionKind::Toponym,
            place,
            candidates: place.into_iter().collect(),
            score: 1.0,
            reason: String::new(),
        }
    }

    #[test]
    fn missed_occurrences_are_code_point_spans_in_a_long_text() {
        // Phrases first seen in one order and repeated in another: the
        // offsets are asked for out of order.
        let unit = "Officials in Ḩarīm Qabr met. Later Zūk Mikhāʼīl and Ḩarīm Qabr. ";
        let text = unit.repeat(40);
        let chars: Vec<char> = text.chars().collect();
        let all = missed_of(&text);
        let mut seen = 0;
        for m in &all {
            for o in &m.occurrences {
                let got: String = chars[o.start..o.end].iter().collect();
                assert!(
                    m.forms.contains(&got),
                    "{got:?} is not a form of {:?}",
                    m.name
                );
                seen += 1;
            }
        }
        assert!(seen >= 120, "{seen} occurrences");
    }

    #[test]
    fn the_first_mention_in_order_is_found_at_an_offset() {
        // Mentions out of text order, two at the same start: the first in
        // mention order wins, as a scan would find it.
        let text = "Clashes near Kafr Zita, Hama and Kafr Nabl.";
        let at = |s: &str| text.find(s).unwrap();
        let resolved = Resolved {
            mentions: vec![
                toponym("Kafr Nabl", at("Kafr Nabl"), Some(PlaceId(3))),
                toponym("Hama", at("Hama"), None),
                toponym("Hama", at("Hama"), Some(PlaceId(2))),
                toponym("Kafr Zita", at("Kafr Zita"), Some(PlaceId(1))),
            ],
            ..Resolved::default()
        };
        let tops = Toponyms::new(&resolved);
        assert_eq!(tops.starting(at("Hama")).unwrap().place, None);
        assert_eq!(
            tops.starting(at("Kafr Nabl")).unwrap().place,
            Some(PlaceId(3))
        );
        assert!(tops.starting(at("Hama") + 1).is_none());
        assert!(tops.starting(text.len()).is_none());
        let page = Page::new(text, &resolved);
        assert_eq!(page.mapped_starting(at("Hama")), Some("Hama"));
        assert_eq!(page.mapped_ending(at("Kafr Zita") + 9), Some("Kafr Zita"));
        assert_eq!(page.mapped_starting(at("Kafr Zita") + 1), None);
        assert_eq!(page.mapped_ending(text.len()), None);
    }

    #[test]
    fn title_case_lines_mark_only_their_own_tokens() {
        let text =
            "the talks went on.\nRebels Seize Northern Villages Overnight\nthen quiet here\n";
        let resolved = Resolved::default();
        let page = Page::new(text, &resolved);
        let starts: Vec<(&str, bool)> = (0..page.toks.len())
            .map(|k| (page.word(k), page.sent_start(k)))
            .collect();
        let want = |w: &str| starts.iter().find(|(x, _)| *x == w).unwrap().1;
        assert!(want("Seize") && want("Overnight"), "{starts:?}");
        assert!(
            !want("talks") && !want("quiet") && !want("here"),
            "{starts:?}"
        );
        let page = Page::new("A's Bob’s x's ab- cd", &resolved);
        let words: Vec<(usize, usize, bool)> = (0..page.toks.len())
            .map(|k| (page.start(k), page.end(k), page.possessive(k)))
            .collect();
        assert_eq!(
            words,
            [
                (0, 1, true),
                (4, 7, true),
                (12, 13, true),
                (16, 18, false),
                (20, 22, false)
            ]
        );
    }
}
