//! The per-document context, computed once: the names kept as mentions,
//! the countries the text names ([`Doc`]), and what the first pass settled
//! ([`Discourse`]: cued choices, confident anchors, the divisions named,
//! lists and the senses of ambiguous names), and the stages of
//! [`Resolver::resolve`] that build and read them.

use std::sync::{Mutex, PoisonError};

use super::local::Question;
use super::recognize::Recognized;
use super::*;

/// Normalized name keys as numbers: the same key, the same number, in
/// every document and on every thread. Names, divisions and forms then
/// compare as integers, and each distinct string is normalized once per
/// thread, not once per sense of every mention. The numbers depend on the
/// order in which threads meet the keys: the resolver only compares them
/// (and looks them up in maps), so no output depends on them.
pub(super) struct Keys;

impl Keys {
    /// Whether `a` and `b` have the same normalized key: equal strings
    /// have, without a lookup (most forms are spelled as the main name).
    pub fn same(&self, a: &str, b: &str) -> bool {
        a == b || self.of(a) == self.of(b)
    }

    /// The number of the normalized key of `s`.
    pub fn of(&self, s: &str) -> u32 {
        key_number(s)
    }
}

/// Strings as written a thread remembers the key numbers of, at most; the
/// map is emptied when full (the numbers stay: they are the process's).
const NUMBERED_MAX: usize = 1 << 14;

/// The number of the normalized key of `s` ([`Keys`]): remembered per
/// string as written on each thread; a string the thread has not seen is
/// normalized ([`key_of`]) and its key numbered process-wide.
fn key_number(s: &str) -> u32 {
    thread_local! {
        static NUMBERED: std::cell::RefCell<FxHashMap<Box<str>, u32>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    NUMBERED.with(|m| {
        if let Some(&n) = m.borrow().get(s) {
            return n;
        }
        let n = number_of_key(&key_of(s));
        let mut m = m.borrow_mut();
        if m.len() >= NUMBERED_MAX {
            m.clear();
        }
        m.insert(s.into(), n);
        n
    })
}

/// The process-wide number of a normalized key: the next free one when
/// the key is new. The keys are those of names the matcher found and of
/// gazetteer names, divisions and forms, so the table grows with the
/// gazetteer's vocabulary, not with the corpus.
fn number_of_key(key: &str) -> u32 {
    static NUMBERS: std::sync::LazyLock<Mutex<FxHashMap<Box<str>, u32>>> =
        std::sync::LazyLock::new(Default::default);
    let mut t = NUMBERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&n) = t.get(key) {
        return n;
    }
    let n = t.len() as u32;
    t.insert(key.into(), n);
    n
}

/// The normalized key of `s` ([`crate::normalize::normalize_key`]). Each
/// thread remembers the keys of the strings it normalized (the same names
/// and place names recur from text to text): a key is normalized once,
/// not once per text.
pub(super) fn key_of(s: &str) -> std::rc::Rc<str> {
    thread_local! {
        static KEYS: std::cell::RefCell<crate::lexicon::memo::StrMemo> =
            std::cell::RefCell::new(crate::lexicon::memo::StrMemo::new());
    }
    KEYS.with(|m| m.borrow_mut().get(s, crate::normalize::normalize_key))
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
    /// Per kept name: whether a list gap ("A, B", "A and B") separates it
    /// from the next one (see [`is_list_gap`]); read by the first pass's
    /// long lists and pass 2's listed divisions, computed once.
    pub linked: Vec<bool>,
    /// Country code -> how often the text names it (demonyms count half).
    pub countries: FxHashMap<&'t str, f64>,
    /// Name key -> what that name itself contributes to `countries`.
    pub own_focus: FxHashMap<u32, Vec<(&'t str, f64)>>,
    /// The most named country.
    pub top_country: Option<&'t str>,
}

/// The kept names up to which the first pass sizes its lists and its map
/// of questions at once: a news text's names, not a long text's.
const FIRST_PASS_PRESIZE: usize = 256;

/// The first pass's scored senses of every kept name, best first. Names
/// that ask the same question share one list.
#[derive(Default)]
pub(super) struct FirstPass {
    /// The distinct lists.
    lists: Vec<Vec<Scored>>,
    /// Per kept name: its list.
    of: Vec<u32>,
    /// Per list: how many kept names it is the list of.
    users: Vec<u32>,
}

impl FirstPass {
    /// Adds kept name `i`'s own list; returns its number.
    fn push(&mut self, i: usize, list: Vec<Scored>) -> u32 {
        debug_assert_eq!(i, self.of.len());
        let n = self.lists.len() as u32;
        self.lists.push(list);
        self.of.push(n);
        self.users.push(1);
        n
    }

    /// Gives the next kept name list `n`, which an earlier name has.
    fn share(&mut self, n: u32) {
        self.of.push(n);
        self.users[n as usize] += 1;
    }

    /// Whether kept name `i`'s list is the list of other names too.
    pub fn is_shared(&self, i: usize) -> bool {
        self.users[self.of[i] as usize] > 1
    }

    /// The number of kept name `i`'s list: names with the same number
    /// share one list (and so have the same key and entries).
    pub fn list_of(&self, i: usize) -> u32 {
        self.of[i]
    }

    /// The senses of every kept name, in text order.
    pub fn iter(&self) -> impl Iterator<Item = &[Scored]> {
        self.of.iter().map(|&n| self.lists[n as usize].as_slice())
    }
}

impl std::ops::Index<usize> for FirstPass {
    type Output = [Scored];

    fn index(&self, i: usize) -> &[Scored] {
        &self.lists[self.of[i] as usize]
    }
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
    /// The countries of `admin1s`: a place in another country needs no
    /// division key to tell that its division is not among them.
    pub admin1_countries: FxHashSet<&'t str>,
    /// The names of the anchors in each country.
    pub anchored_in_country: NamesBy<&'t str>,
    /// ... and in each (country, first-level division key); a country
    /// with a division here has a group in `anchored_in_country` too.
    pub anchored_in_division: NamesBy<(&'t str, u32)>,
    /// First-level divisions the first pass prefers, by country.
    pub division_names: NamesBy<&'t str>,
    /// The best senses of every name (at most [`SENSES_MAX`] each).
    pub senses: AnchorGrid,
    /// The names with more senses than that: two of them near each other
    /// by chance are no support.
    pub many_senses: FxHashSet<u32>,
    /// Byte spans of every candidate, and whether it can mean a major place.
    pub spans: Vec<(usize, usize, bool)>,
    /// The recognition the first pass settled for the anchors (a compact
    /// record: the verdict, not the cues), in text order by kept name, and
    /// what it was asked (the sense, whether it is cued, whether it is
    /// supported): the choice reuses it when its sense and support are the
    /// same. Only anchors have one, so a long text holds no slot for the
    /// other names.
    pub recognized: Vec<(u32, Asked, Recognized)>,
}

impl Discourse<'_> {
    /// The recognition the first pass settled for kept name `i`, and what
    /// it was asked.
    pub fn recognized(&self, i: usize) -> Option<(&Asked, &Recognized)> {
        let at = (self.recognized)
            .binary_search_by_key(&(i as u32), |r| r.0)
            .ok()?;
        let (_, asked, ev) = &self.recognized[at];
        Some((asked, ev))
    }
}

/// What the recognition model was asked about a name: the sense, whether
/// it is cued, whether the text supports it, whether the support is local
/// ([`Scored::local_support`]) and near ([`Scored::near_support`]).
pub(super) type Asked = (PlaceId, bool, bool, (bool, bool));

/// Whether `rec`, the answer to question `q`, answers `asked` too: the same
/// sense, cue and support, and the same local and near support unless the
/// answer did not read it ([`Recognized::reads_local`]: most names are no common
/// word of a minor place, and the first pass has not yet weighed the
/// places near them).
pub(super) fn same_question(q: &Asked, asked: &Asked, rec: &Recognized) -> bool {
    (q.0, q.1, q.2) == (asked.0, asked.1, asked.2) && (q.3 == asked.3 || !rec.reads_local)
}

impl<'t> Doc<'t> {
    /// Pass 0: exclusions and the split into toponyms and demonyms.
    pub fn new<'g: 't>(
        r: &Resolver<'g>,
        matched: &'t Matched<'t>,
        chars: &mut CharCounter<'t>,
        out: &mut Resolved,
    ) -> Doc<'t> {
        let text = matched.text;
        // (Most candidates are kept: room for all of them at once.)
        let mut kept: Vec<(&Candidate<'t>, MentionKind)> =
            Vec::with_capacity(matched.candidates.len());
        let verdict = |_, c: &Candidate| match r.exclusion(text, c) {
            Some(why) => Err(why),
            None => Ok(r.mention_kind(text, c)),
        };
        for_each_in_order(&matched.candidates, verdict, |i, v| {
            let c = &matched.candidates[i];
            match v {
                Ok(kind) => kept.push((c, kind)),
                Err(why) => {
                    let (cs, ce) = chars.span(c.start, c.end);
                    out.excluded.push(Excluded::of(text, c, (cs, ce), why));
                }
            }
        });
        let names = Keys;
        let keys: Vec<u32> = (kept.iter())
            .map(|(c, _)| names.of(&text[c.start..c.end]))
            .collect();
        let linked: Vec<bool> = (0..kept.len())
            .map(|i| {
                kept.get(i + 1)
                    .is_some_and(|n| is_list_gap(&text[kept[i].0.end..n.0.start]))
            })
            .collect();
        let mut doc = Doc {
            text,
            kept,
            names,
            keys,
            linked,
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

    /// What kept name `i` contributes itself to [`Doc::countries`].
    pub fn own_countries(&self, i: usize) -> &[(&'t str, f64)] {
        self.own_focus.get(&self.keys[i]).map_or(&[], Vec::as_slice)
    }

    /// Runs of three or more names separated by list gaps are lists: in
    /// "Virginia, Washington, West Virginia and Wyoming" a division's name
    /// followed by another is no "X, Y" (Washington in West Virginia),
    /// while "Louisville, Kentucky, Richmond, Virginia" still is.
    fn in_long_list(&self) -> Vec<bool> {
        let (kept, linked) = (&self.kept, &self.linked);
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
    /// Pass 1: every kept name's senses scored with local evidence; names
    /// that ask the same [`Question`] with the same entries share one list.
    pub(super) fn first_pass(&self, doc: &Doc<'_>) -> FirstPass {
        let in_long_list = doc.in_long_list();
        let focus = Focus::new(&doc.countries, &doc.own_focus, doc.top_country);
        let n = doc.kept.len();
        // One list number per kept name (exactly); the lists and the map of
        // questions made at a news text's size, not grown from nothing by
        // doubling and rehashing (a long text's grow past it as before).
        let short = n.min(FIRST_PASS_PRESIZE);
        let mut first = FirstPass {
            lists: Vec::with_capacity(short),
            of: Vec::with_capacity(n),
            users: Vec::with_capacity(short),
        };
        // Question -> the lists that answer it, each with the kept name
        // whose entries it was scored for.
        let mut asked: FxHashMap<Question, Vec<(usize, u32)>> =
            FxHashMap::with_capacity_and_hasher(short, Default::default());
        for (i, (c, _)) in doc.kept.iter().enumerate() {
            let names_division = || {
                c.entries.iter().filter_map(|e| e.place).any(|p| {
                    let p = self.gazetteer.place(p);
                    p.kind() == Kind::Admin1 && doc.names.of(p.name()) == doc.keys[i]
                })
            };
            let next = (doc.kept.get(i + 1))
                .map(|x| x.0)
                .filter(|_| !(in_long_list[i] && names_division()));
            let cue_words = CueWords::around(doc.text, c);
            let local = self.local(doc, i, next, &focus, &cue_words);
            let answers = asked.entry(local.question()).or_default();
            let same = answers
                .iter()
                .find(|(j, _)| doc.kept[*j].0.entries == c.entries);
            match same {
                Some(&(_, list)) => first.share(list),
                None => answers.push((i, first.push(i, self.score(c, &local)))),
            }
        }
        first
    }

    /// What the first pass settled: cued choices, anchors, divisions,
    /// senses of ambiguous names, lists.
    pub(super) fn discourse<'t>(
        &self,
        doc: &Doc<'t>,
        matched: &Matched<'_>,
        first: &FirstPass,
    ) -> Discourse<'t>
    where
        'g: 't,
    {
        let mut d = Discourse::default();
        // Room for a news text's anchors and senses at once (a long
        // text's grow past it), not grown from nothing by doubling.
        let n = doc.kept.len().min(FIRST_PASS_PRESIZE);
        d.anchors = AnchorGrid::with_room(n);
        d.senses = AnchorGrid::with_room(n);
        for s in first.iter() {
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
        let kept: Vec<usize> = (0..doc.kept.len()).collect();
        let recognize = |_, &i: &usize| {
            let sc = &first[i];
            let best = sc.first().filter(|_| self.is_anchor(doc, i, sc))?;
            Some(self.recognition(doc, i, best, &d.spans))
        };
        let mut recognized = Vec::new();
        for_each_in_order(&kept, recognize, |i, r| {
            if let Some((asked, ev)) = r {
                recognized.push((i as u32, asked, ev));
            }
        });
        d.recognized = recognized;
        for (i, sc) in first.iter().enumerate() {
            self.anchor(doc, i, sc, &mut d);
        }
        // Two ambiguous names whose senses lie side by side ("London" and
        // "St. Thomas" in Ontario) support each other.
        for (i, sc) in first.iter().enumerate() {
            if doc.kept[i].1 != MentionKind::Toponym {
                continue;
            }
            // A very ambiguous name ("Springfield": dozens of places) speaks with
            // its likeliest senses only.
            if sc.len() > SENSES_MAX {
                d.many_senses.insert(doc.keys[i]);
            }
            for x in sc.iter().take(SENSES_MAX) {
                let p = self.gazetteer.place(x.place);
                if matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::Landmark) {
                    d.senses.insert(doc.keys[i], x.place, p.lat(), p.lon());
                }
            }
        }
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
        let form = (doc.kept[i].0.start, doc.kept[i].0.end);
        let key = doc.keys[i];
        let cc: &'t str = p.country();
        if p.kind() == Kind::Admin1 {
            d.division_names.insert(cc, key, form);
        }
        // The recognition evidence of every confident toponym is there.
        let Some((_, rec)) = d.recognized(i) else {
            return;
        };
        if rec.verdict.is_some() {
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
            d.admin1_countries.insert(cc);
        }
    }

    /// Whether kept name `i` is a toponym with a confident first-pass
    /// choice `sc[0]` (a cue, or a clear margin): an anchor if the
    /// recognition model takes it for a place.
    fn is_anchor(&self, doc: &Doc<'_>, i: usize, sc: &[Scored]) -> bool {
        let Some(best) = sc.first() else { return false };
        let margin = sc.get(1).map_or(f64::INFINITY, |s2| best.score - s2.score);
        doc.kept[i].1 == MentionKind::Toponym && (best.cued || margin >= 2.0)
    }

    /// The recognition of kept name `i` with its first-pass sense (a name
    /// the model would exclude, a person or a common word, supports no
    /// other name), settled into its compact record, and the question it
    /// answers: the sense, whether it is cued, whether it is supported,
    /// whether locally.
    fn recognition(
        &self,
        doc: &Doc<'_>,
        i: usize,
        best: &Scored,
        spans: &[(usize, usize, bool)],
    ) -> (Asked, Recognized) {
        let (c, kind) = doc.kept[i];
        let p = self.gazetteer.place(best.place);
        let ctx = NameContext {
            spans,
            kind,
            best: &p,
            cued: best.cued,
            supported: best.supported || doc.countries.contains_key(p.country()),
            local: best.local_support(),
            near: best.near_support(),
            doc: (doc, i),
        };
        let asked = (best.place, ctx.cued, ctx.supported, (ctx.local, ctx.near));
        let ev = self.name_evidence(doc.text, c, &ctx);
        (
            asked,
            ev.settle(&self.weights.recognition, self.record_senses),
        )
    }

    /// Lists of divisions ("Ohio, Oregon and Washington"): the countries
    /// whose first-level divisions the first pass chose for mention `i`'s
    /// list neighbours; and lists of countries ("Italy, China and
    /// Syria"): whether it chose a country for one.
    pub(super) fn list_countries<'t>(
        &self,
        doc: &Doc<'t>,
        first: &FirstPass,
        i: usize,
    ) -> ListedWith<'t>
    where
        'g: 't,
    {
        let mut out = ListedWith::default();
        let neighbours = [i.checked_sub(1).map(|j| (j, i)), Some((i, i + 1))];
        for (a, b) in neighbours.into_iter().flatten() {
            // (A list gap links `a` to `b`, the name after it, if any.)
            if !doc.linked[a] {
                continue;
            }
            let other = if a == i { b } else { a };
            if let Some(best) = first[other].first() {
                let q = self.gazetteer.place(best.place);
                let toponym = doc.kept[other].1 == MentionKind::Toponym;
                out.1 |= toponym && q.kind() == Kind::Country;
                if q.kind() == Kind::Admin1 && toponym {
                    // A division no big city of its country shares a name
                    // with ("Ohio", "Alberta"; not "New York", "Giza").
                    // (A name with one sense has none.)
                    let big_namesake = first[other].len() > 1
                        && first[other].iter().any(|s| {
                            let c = self.gazetteer.place(s.place);
                            super::big_city(&c) && c.country() == q.country()
                        });
                    out.push(q.country(), !big_namesake);
                }
            }
        }
        out
    }
}

/// The countries of a name's list neighbours that are first-level
/// divisions ([`Resolver::list_countries`]), each with whether the
/// division is one that no big city of its country is named like: at most
/// two (the name before, then the one after), held in place of a `Vec`
/// (one fewer allocation per name in pass 2). Filled from the front, so
/// two lists are equal when the neighbours pushed are, in the same order.
/// And whether a neighbour is a country.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct ListedWith<'t>([Option<(&'t str, bool)>; 2], bool);

impl<'t> ListedWith<'t> {
    /// Adds a neighbour in `cc` after those already held; `only_division`
    /// when no big city of `cc` shares its name.
    fn push(&mut self, cc: &'t str, only_division: bool) {
        // (Two neighbours at most: the first free slot is always there.)
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = Some((cc, only_division));
        }
    }

    /// Whether a list neighbour is a country.
    pub(super) fn has_country(&self) -> bool {
        self.1
    }

    /// Whether `cc` is one of the countries.
    pub(super) fn has(&self, cc: &str) -> bool {
        self.0.iter().flatten().any(|(c, _)| *c == cc)
    }

    /// Whether a neighbour in `cc` is a division that no big city of `cc`
    /// shares a name with: the list is one of divisions ("Ohio and New
    /// York", "Alberta, New Brunswick and Quebec"), not of cities that
    /// name their divisions ("Cairo and Giza").
    pub(super) fn has_only_division(&self, cc: &str) -> bool {
        self.0.iter().flatten().any(|(c, only)| *c == cc && *only)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;

    #[test]
    fn country_populations_are_those_of_the_upper_layer() {
        use crate::gazetteer::Place;
        let mut g = Gazetteer::embedded().unwrap();
        let mut sy = Place::new("t:sy", Kind::Country, "Syria", 35.0, 38.0);
        sy.country = "SY".into();
        sy.population = 5;
        let mut nowhere = Place::new("t:xx", Kind::Country, "Nowhere", 0.0, 0.0);
        nowhere.population = 7;
        g.push_places(&[sy, nowhere], &[], &[]).unwrap();
        // As the places read in the order of their ids.
        let mut want = FxHashMap::default();
        for id in 0..g.len() {
            let p = g.place(PlaceId(id as u32));
            if p.kind() == Kind::Country && !p.country().is_empty() {
                want.insert(p.country(), p.population());
            }
        }
        let got = country_populations(&g);
        assert_eq!(got, want);
        assert_eq!(got["SY"], 5);
        assert!(got["TR"] > 1_000_000, "{:?}", got.get("TR"));
    }

    /// Key numbers are the process's: the same key has the same number on
    /// any thread, a string the thread remembers or not; different keys
    /// have different numbers.
    #[test]
    fn key_numbers_are_the_same_on_every_thread() {
        let names = ["Idlib", "IDLIB", "Aleppo", "São Paulo", "Sao Paulo", "U.S."];
        let here: Vec<u32> = names.iter().map(|s| Keys.of(s)).collect();
        let there: Vec<u32> = std::thread::spawn(move || {
            // Another thread, whose memo starts empty, and strings it has
            // not seen yet.
            let fresh = Keys.of("Aleppo Governorate");
            let mut v: Vec<u32> = names.iter().rev().map(|s| Keys.of(s)).collect();
            v.reverse();
            assert_ne!(fresh, v[2]);
            v
        })
        .join()
        .unwrap();
        assert_eq!(here, there);
        assert_eq!(here[0], here[1]);
        assert_ne!(here[0], here[2]);
        assert_eq!(here[3], here[4]);
        assert_eq!(Keys.of("U.S"), here[5]);
        assert_eq!(Keys.of("Aleppo Governorate"), Keys.of("aleppo governorate"));
        assert!(Keys.same("Idlib", "IDLIB") && !Keys.same("Idlib", "Aleppo"));
    }

    /// A long text of varied sentences: cues, "X, Y", lists, people's
    /// names and ambiguous places, in paragraphs.
    fn long_text() -> String {
        const PLACES: [&str; 16] = [
            "Idlib",
            "Aleppo",
            "Latakia",
            "Kirkuk",
            "Paris",
            "London",
            "Springfield",
            "Moscow",
            "Georgia",
            "Jordan",
            "Washington",
            "Florida",
            "Ontario",
            "Kingston",
            "Victoria",
            "Richmond",
        ];
        const PEOPLE: [&str; 4] = ["John", "Maria", "Ahmed", "Olga"];
        let mut out = String::new();
        for i in 0..2400 {
            let [a, b, c] = [i * 7, i * 3 + 1, i * 5 + 2].map(|k| PLACES[k % PLACES.len()]);
            let who = PEOPLE[i % PEOPLE.len()];
            out.push_str(&match i % 5 {
                0 => format!("Clashes hit {a} province near {b}. "),
                1 => format!("Officials in {a}, {b} said {who} {c} would visit. "),
                2 => format!("{who} {a} told reporters in {b} on Monday. "),
                3 => format!("The city of {a}, {b} and {c} were named. "),
                _ => format!("Later {c} said {a} was calm.\n\n"),
            });
        }
        out
    }

    /// The kind cue before a name is the word before "of" (read only when
    /// there is an "of"), the one after it the next word, lower-cased.
    /// A long text keeps one recognition record per anchor name until
    /// pass 2: a compact one (the verdict), not the evidence with its cue
    /// array and rule reasons (about 250 bytes; 29 MB of a 10 MB text).
    #[test]
    fn an_anchor_keeps_a_compact_recognition_record() {
        let slot = std::mem::size_of::<(u32, Asked, Recognized)>();
        assert!(slot <= 64, "{slot} bytes per anchor");
    }

    #[test]
    fn cue_words_are_read_around_the_name() {
        let around = |text: &str, name: &str| {
            let start = text.find(name).unwrap();
            let c = Candidate {
                start,
                end: start + name.len(),
                norm_start: 0,
                norm_end: 0,
                entries: Vec::new(),
            };
            let w = CueWords::around(text, &c);
            (w.before.map(|b| b.0), w.after)
        };
        let some = |w: &str| Some(w.to_string());
        assert_eq!(
            around("the Province Of Idlib", "Idlib"),
            (some("province of"), None)
        );
        // A plural kind word before "like", "such as" or "including".
        let states = |text: &str| around(text, "Wyoming").0;
        assert_eq!(states("in States like Wyoming"), some("states like"));
        assert_eq!(states("cities such as Wyoming"), some("cities such as"));
        assert_eq!(
            states("countries including Wyoming"),
            some("countries including")
        );
        assert_eq!(states("in the United States of Wyoming"), None);
        assert_eq!(states("people like Wyoming"), None);
        assert_eq!(states("such as Wyoming"), None);
        assert_eq!(states("states as Wyoming"), None);
        assert_eq!(
            states("eight states, including Wyoming"),
            some("states including")
        );
        assert_eq!(states("towns, such as Wyoming"), some("towns such as"));
        assert_eq!(states("people, including Wyoming"), None);
        // Not for the first word of a longer name.
        assert_eq!(states("villages, including Wyoming Paiwas"), None);
        assert_eq!(
            states("villages, including Wyoming, Paiwas"),
            some("villages including")
        );
        assert_eq!(
            around("in Idlib Province.", "Idlib"),
            (None, some("province"))
        );
        assert_eq!(around("of Idlib", "Idlib"), (None, None));
        assert_eq!(around("west of Idlib", "Idlib"), (None, None));
        assert_eq!(around("the province, of Idlib", "Idlib"), (None, None));
        assert_eq!(around("the province off Idlib", "Idlib"), (None, None));
    }

    #[test]
    fn repeated_names_share_their_first_pass_scores() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Shelling hit Idlib and Aleppo again; Damascus said nothing. ".repeat(1500);
        let matched = Matcher::new(&g).find(&text);
        let r = Resolver::new(&g);
        let (mut out, mut chars) = (Resolved::default(), CharCounter::new(&text));
        let doc = Doc::new(&r, &matched, &mut chars, &mut out);
        assert!(doc.kept.len() >= 4500, "{} kept", doc.kept.len());
        let first = r.first_pass(&doc);
        assert_eq!(first.iter().count(), doc.kept.len());
        // The list links are those of the gaps between the kept names.
        assert!(doc.linked.iter().any(|l| *l) && !doc.linked[doc.kept.len() - 1]);
        for (i, pair) in doc.kept.windows(2).enumerate() {
            let gap = &text[pair[0].0.end..pair[1].0.start];
            assert_eq!(doc.linked[i], is_list_gap(gap), "{gap:?}");
        }
        // One list per distinct name, not one per mention.
        assert!(first.lists.len() <= 6, "{} lists", first.lists.len());
        let idlib: Vec<usize> = (0..doc.kept.len())
            .filter(|&i| &text[doc.kept[i].0.start..doc.kept[i].0.end] == "Idlib")
            .collect();
        assert_eq!(idlib.len(), 1500);
        let (a, b) = (&first[idlib[0]], &first[idlib[1499]]);
        assert!(!a.is_empty() && a.len() == b.len());
        assert!(
            a.iter()
                .zip(b)
                .all(|(x, y)| x.place == y.place && x.score == y.score)
        );
    }

    /// "X, Y" asks its question with the places Y may mean: a repeated
    /// "Paris, Texas" shares one first-pass list (a text dense in such
    /// names held one list per mention), and resolves as it did alone.
    #[test]
    fn a_repeated_x_comma_y_shares_its_first_pass_list() {
        let g = Gazetteer::embedded().unwrap();
        let one = "Paris, Texas and Springfield, MO near London. ";
        let text = one.repeat(2000);
        let matched = Matcher::new(&g).find(&text);
        let r = Resolver::new(&g);
        let (mut out, mut chars) = (Resolved::default(), CharCounter::new(&text));
        let doc = Doc::new(&r, &matched, &mut chars, &mut out);
        assert!(doc.kept.len() >= 6000, "{} kept", doc.kept.len());
        let first = r.first_pass(&doc);
        assert!(first.lists.len() <= 10, "{} lists", first.lists.len());
        let alone = r.resolve(&Matcher::new(&g).find(one));
        let all = r.resolve(&matched);
        assert_eq!(all.mentions.len(), 2000 * alone.mentions.len());
        for (k, m) in all.mentions.iter().enumerate() {
            let a = &alone.mentions[k % alone.mentions.len()];
            assert_eq!((m.place, &m.text), (a.place, &a.text));
        }
    }

    /// Pass 2 weighs a name repeated in a run once, but only where it asks
    /// the same: "Georgia" listed with divisions and "Georgia" elsewhere
    /// share their first-pass list, not their pass-2 senses.
    #[test]
    fn a_repeated_name_shares_pass_2_only_with_the_same_list_neighbours() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Voters in Georgia, Florida and Texas went to the polls on Tuesday.\n\n\
                    Later, officials in Georgia counted the ballots near Atlanta.\n";
        let matched = Matcher::new(&g).find(text);
        let r = Resolver::new(&g);
        let shared = r.resolve_in_runs(&matched, None);
        // Runs of one name: nothing is shared.
        assert!(shared == r.resolve_in_runs(&matched, Some(1)));
        let georgia: Vec<&Mention> = (shared.mentions.iter())
            .filter(|m| m.text == "Georgia")
            .collect();
        assert_eq!(georgia.len(), 2, "{:?}", shared.mentions);
        assert!(georgia[0].reason.contains("listed with other divisions"));
        assert!(
            !georgia[1].reason.contains("listed with"),
            "{}",
            georgia[1].reason
        );
    }

    #[test]
    fn a_long_text_resolves_the_same_in_any_runs_and_threads() {
        let g = Gazetteer::embedded().unwrap();
        let text = long_text();
        let matched = Matcher::new(&g).find(&text);
        assert!(
            matched.candidates.len() > PARALLEL_MIN,
            "{}",
            matched.candidates.len()
        );
        let r = Resolver::new(&g);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let serial = one.install(|| r.resolve_in_runs(&matched, Some(usize::MAX)));
        assert!(serial.mentions.len() > 1000 && !serial.excluded.is_empty());
        for step in [None, Some(7), Some(1000)] {
            let parallel = two.install(|| r.resolve_in_runs(&matched, step));
            assert!(parallel == serial, "runs of {step:?} differ");
        }
        assert!(one.install(|| r.resolve(&matched)) == serial);
    }
}
