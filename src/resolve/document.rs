//! The per-document context, computed once: the names kept as mentions,
//! the countries the text names ([`Doc`]), and what the first pass settled
//! ([`Discourse`]: cued choices, confident anchors, the divisions named,
//! lists and the senses of ambiguous names), and the stages of
//! [`Resolver::resolve`] that build and read them.

use std::cell::RefCell;

use super::recognize::NameEvidence;
use super::*;

/// Normalized name keys, numbered per document: the same key, the same
/// number. Names, divisions and forms then compare as integers, and each
/// distinct string is normalized once per document, not once per sense of
/// every mention.
#[derive(Default)]
pub(super) struct Keys(RefCell<KeyTable>);

#[derive(Default)]
struct KeyTable {
    /// Normalized key -> its number.
    numbers: FxHashMap<String, u32>,
    /// String as written -> the number of its key.
    of: FxHashMap<Box<str>, u32>,
}

impl Keys {
    /// The number of the normalized key of `s`.
    pub fn of(&self, s: &str) -> u32 {
        let mut t = self.0.borrow_mut();
        if let Some(&n) = t.of.get(s) {
            return n;
        }
        let next = t.numbers.len() as u32;
        let n = *(t.numbers)
            .entry(crate::normalize::normalize_key(s))
            .or_insert(next);
        t.of.insert(s.into(), n);
        n
    }
}

/// The names of one document kept as mentions, and its country focus.
/// Country codes are borrowed from the gazetteer.
pub(super) struct Doc<'t> {
    pub text: &'t str,
    /// Kept candidates and their mention kind, in text order.
    pub kept: Vec<(&'t Candidate<'t>, MentionKind)>,
    /// The numbers of the normalized keys of the document's strings.
    pub names: Keys,
    /// Each kept name's normalized key number.
    pub keys: Vec<u32>,
    /// Country code -> how often the text names it (demonyms count half).
    pub countries: FxHashMap<&'t str, f64>,
    /// Name key -> what that name itself contributes to `countries`.
    pub own_focus: FxHashMap<u32, Vec<(&'t str, f64)>>,
    /// The most named country.
    pub top_country: Option<&'t str>,
}

/// What the first pass settled, for the second.
#[derive(Default)]
pub(super) struct Discourse<'t> {
    /// Places chosen through a cue, and how often.
    pub cued: FxHashMap<PlaceId, usize>,
    /// Confident places of the text.
    pub anchors: AnchorGrid,
    /// First-level divisions chosen confidently: (country, name key).
    pub admin1s: FxHashSet<(&'t str, u32)>,
    /// The names of the anchors in each country.
    pub anchored_in_country: NamesBy<&'t str>,
    /// ... and in each (country, first-level division key).
    pub anchored_in_division: NamesBy<(&'t str, u32)>,
    /// First-level divisions the first pass prefers, by country.
    pub division_names: NamesBy<&'t str>,
    /// Every sense of the names that have only a few.
    pub senses: AnchorGrid,
    /// Per mention: the countries whose divisions its list neighbours are.
    pub list_countries: Vec<Vec<&'t str>>,
    /// Byte spans of every candidate, and whether it can mean a major place.
    pub spans: Vec<(usize, usize, bool)>,
    /// Per mention: the recognition evidence the first pass computed for
    /// an anchor, and what it was computed for (the sense, whether it is
    /// cued, whether it is supported): the choice reuses it when its
    /// sense and support are the same.
    pub recognized: Vec<Option<(Asked, NameEvidence)>>,
}

/// What the recognition model was asked about a name: the sense, whether
/// it is cued, whether the text supports it.
pub(super) type Asked = (PlaceId, bool, bool);

impl<'t> Doc<'t> {
    /// Pass 0: exclusions and the split into toponyms and demonyms.
    pub fn new<'g: 't>(
        r: &Resolver<'g>,
        matched: &'t Matched<'t>,
        chars: &mut CharCounter<'t>,
        out: &mut Resolved,
    ) -> Doc<'t> {
        let text = matched.text;
        let mut kept: Vec<(&Candidate<'t>, MentionKind)> = Vec::new();
        for c in &matched.candidates {
            if let Some(why) = r.exclusion(text, c) {
                let (cs, ce) = chars.span(c.start, c.end);
                out.excluded.push(Excluded::of(text, c, (cs, ce), why));
                continue;
            }
            kept.push((c, r.mention_kind(c)));
        }
        let names = Keys::default();
        let keys: Vec<u32> = (kept.iter())
            .map(|(c, _)| names.of(&text[c.start..c.end]))
            .collect();
        let mut doc = Doc {
            text,
            kept,
            names,
            keys,
            countries: FxHashMap::default(),
            own_focus: FxHashMap::default(),
            top_country: None,
        };
        doc.focus(r);
        doc
    }

    /// Document focus: countries named, directly or through demonyms; what
    /// each name contributes itself ("Mexico" does not make its own State
    /// of Mexico a place "in a country named in the text").
    fn focus<'g: 't>(&mut self, r: &Resolver<'g>) {
        for ((c, kind), key) in self.kept.iter().zip(&self.keys) {
            let mut countries = (c.entries.iter())
                .filter_map(|e| e.place)
                .map(|p| r.gazetteer.place(p))
                .filter(|p| p.kind() == Kind::Country);
            let only = match (countries.next(), countries.next()) {
                (Some(p), None) => Some(p),
                _ => None,
            };
            let w = if *kind == MentionKind::Demonym {
                0.5
            } else {
                1.0
            };
            if let Some(only) = only {
                let cc: &'t str = only.country();
                let own = self.own_focus.entry(*key).or_default();
                match own.iter_mut().find(|(c, _)| *c == cc) {
                    Some((_, n)) => *n += w,
                    None => own.push((cc, w)),
                }
                *self.countries.entry(cc).or_default() += w;
            }
        }
        self.top_country = self
            .countries
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| *k);
    }

    /// Runs of three or more names separated by list gaps are lists: in
    /// "Virginia, Washington, West Virginia and Wyoming" a division's name
    /// followed by another is no "X, Y" (Washington in West Virginia),
    /// while "Louisville, Kentucky, Richmond, Virginia" still is.
    fn in_long_list(&self) -> Vec<bool> {
        let kept = &self.kept;
        let linked: Vec<bool> = (0..kept.len())
            .map(|i| {
                kept.get(i + 1)
                    .is_some_and(|n| is_list_gap(&self.text[kept[i].0.end..n.0.start]))
            })
            .collect();
        let mut in_long_list = vec![false; kept.len()];
        let mut run_start = 0;
        for i in 0..kept.len() {
            if !linked[i] {
                if i + 1 - run_start >= 3 {
                    in_long_list[run_start..=i]
                        .iter_mut()
                        .for_each(|x| *x = true);
                }
                run_start = i + 1;
            }
        }
        in_long_list
    }
}

impl<'g> Resolver<'g> {
    /// Pass 1: every kept name's senses scored with local evidence.
    pub(super) fn first_pass(&self, doc: &Doc<'_>) -> Vec<Vec<Scored>> {
        let in_long_list = doc.in_long_list();
        let focus = Focus {
            countries: &doc.countries,
            own: &doc.own_focus,
            top: doc.top_country,
        };
        (doc.kept.iter().enumerate())
            .map(|(i, (c, _))| {
                let names_division = || {
                    c.entries.iter().filter_map(|e| e.place).any(|p| {
                        let p = self.gazetteer.place(p);
                        p.kind() == Kind::Admin1 && doc.names.of(p.name()) == doc.keys[i]
                    })
                };
                let next = (doc.kept.get(i + 1))
                    .map(|x| x.0)
                    .filter(|_| !(in_long_list[i] && names_division()));
                self.score(doc, i, next, &focus)
            })
            .collect()
    }

    /// What the first pass settled: cued choices, anchors, divisions,
    /// senses of ambiguous names, lists.
    pub(super) fn discourse<'t>(
        &self,
        doc: &Doc<'t>,
        matched: &Matched<'_>,
        first: &[Vec<Scored>],
    ) -> Discourse<'t>
    where
        'g: 't,
    {
        let mut d = Discourse::default();
        for s in first {
            if let Some(best) = s.first().filter(|b| b.cued) {
                *d.cued.entry(best.place).or_default() += 1;
            }
        }
        d.spans = (matched.candidates.iter())
            .map(|c| {
                let major = (c.entries.iter().filter_map(|e| e.place))
                    .any(|p| is_major(&self.gazetteer.place(p)));
                (c.start, c.end, major)
            })
            .collect();
        d.recognized = vec![None; doc.kept.len()];
        for (i, sc) in first.iter().enumerate() {
            self.anchor(doc, i, sc, &mut d);
        }
        // Two ambiguous names whose senses lie side by side ("London" and
        // "St. Thomas" in Ontario) support each other.
        for (i, sc) in first.iter().enumerate() {
            if doc.kept[i].1 != MentionKind::Toponym || sc.len() > SENSES_MAX {
                continue;
            }
            for x in sc {
                let p = self.gazetteer.place(x.place);
                if matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::Landmark) {
                    d.senses.insert(doc.keys[i], x.place, p.lat(), p.lon());
                }
            }
        }
        d.list_countries = (0..doc.kept.len())
            .map(|i| self.list_countries(doc, first, i))
            .collect();
        d
    }

    /// Anchors: confident choices (one candidate, a cue, or a clear margin)
    /// whose places the other mentions should be near. First-level
    /// divisions named in the text count for the places inside them.
    fn anchor<'t>(&self, doc: &Doc<'t>, i: usize, sc: &[Scored], d: &mut Discourse<'t>)
    where
        'g: 't,
    {
        let Some(best) = sc.first() else { return };
        if doc.kept[i].1 != MentionKind::Toponym {
            return;
        }
        let p = self.gazetteer.place(best.place);
        let margin = sc.get(1).map_or(f64::INFINITY, |s2| best.score - s2.score);
        let confident = best.cued || margin >= 2.0;
        let form = (doc.kept[i].0.start, doc.kept[i].0.end);
        let key = doc.keys[i];
        let cc: &'t str = p.country();
        if p.kind() == Kind::Admin1 {
            d.division_names.insert(cc, key, form);
        }
        if !confident {
            return;
        }
        let (asked, ev) = self.recognition(doc, i, best, &d.spans);
        let looks_like_a_place = ev.verdict(&self.weights.recognition).is_none();
        d.recognized[i] = Some((asked, ev));
        if !looks_like_a_place {
            return;
        }
        if matches!(
            p.kind(),
            Kind::City | Kind::Town | Kind::Admin1 | Kind::Admin2 | Kind::Airport | Kind::Landmark
        ) {
            d.anchored_in_country.insert(cc, key, form);
            if p.kind() != Kind::Admin1 && !p.admin1().is_empty() {
                let division = (cc, doc.names.of(p.admin1()));
                d.anchored_in_division.insert(division, key, form);
            }
            d.anchors.insert(key, best.place, p.lat(), p.lon());
        }
        if p.kind() == Kind::Admin1 {
            d.admin1s.insert((cc, doc.names.of(p.name())));
        }
    }

    /// The recognition evidence for kept name `i` with its first-pass
    /// sense (a name the model would exclude, a person or a common word,
    /// supports no other name), and the question it answers: the sense,
    /// whether it is cued, whether it is supported.
    fn recognition(
        &self,
        doc: &Doc<'_>,
        i: usize,
        best: &Scored,
        spans: &[(usize, usize, bool)],
    ) -> (Asked, NameEvidence) {
        let (c, kind) = doc.kept[i];
        let p = self.gazetteer.place(best.place);
        let ctx = NameContext {
            spans,
            kind,
            best: &p,
            cued: best.cued,
            supported: best.supported || doc.countries.contains_key(p.country()),
        };
        let asked = (best.place, ctx.cued, ctx.supported);
        (asked, self.name_evidence(doc.text, c, &ctx))
    }

    /// Lists of divisions ("Ohio, Oregon and Washington"): the countries
    /// whose first-level divisions the first pass chose for mention `i`'s
    /// list neighbours.
    fn list_countries<'t>(&self, doc: &Doc<'t>, first: &[Vec<Scored>], i: usize) -> Vec<&'t str>
    where
        'g: 't,
    {
        let mut out = Vec::new();
        let neighbours = [i.checked_sub(1).map(|j| (j, i)), Some((i, i + 1))];
        for (a, b) in neighbours.into_iter().flatten() {
            let (Some(x), Some(y)) = (doc.kept.get(a), doc.kept.get(b)) else {
                continue;
            };
            if !is_list_gap(&doc.text[x.0.end..y.0.start]) {
                continue;
            }
            let other = if a == i { b } else { a };
            if let Some(best) = first[other].first() {
                let q = self.gazetteer.place(best.place);
                if q.kind() == Kind::Admin1 && doc.kept[other].1 == MentionKind::Toponym {
                    out.push(q.country());
                }
            }
        }
        out
    }
}
