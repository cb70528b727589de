//! Pass 1: each sense of a name scored with the evidence around the name
//! itself: kind cues, the form, "X, Y" and "City, ST", the countries the
//! text names, the user's bias, and kind and population.

use super::document::{Doc, Keys};
use super::*;
use crate::lexicon::codes::Admin1Code;
use crate::matcher::Entry;

/// What the text says around one name, for all its senses.
pub(super) struct Local<'a, 'g> {
    kind: MentionKind,
    own_key: u32,
    /// The document's key numbers.
    names: &'a Keys,
    cues: KindCues<'a>,
    /// "X, Y": the divisions and countries the next name may mean.
    container: Vec<PlaceRef<'g>>,
    /// "City, ST": the division a state code after a comma stands for.
    code_after: Option<&'static Admin1Code>,
    /// "X, south of Y": the places Y may mean (at most
    /// [`RELATIVE_MAX`]), and how the text writes Y.
    relative: (Vec<PlaceRef<'g>>, &'a str),
    /// Bit `j` for entry `j` (the first 64) whose form the name as written
    /// reaches only through doubled-letter folding.
    fold_only: u64,
    focus: &'a Focus<'a>,
}

/// Everything a name's first-pass scores depend on besides its entries
/// and the document's focus: names that ask the same question (and have
/// the same entries) get the same scores, so a long text scores each
/// distinct question once. "X, Y" is asked with the places Y may mean
/// (all that the containment evidence reads of it): a text that repeats
/// "Paris, Texas" holds one list for it, not one per mention.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct Question {
    key: u32,
    kind: MentionKind,
    after: Option<&'static [Kind]>,
    before: Option<&'static [Kind]>,
    /// The `place_id` of the "City, ST" code's unit.
    code_after: Option<&'static str>,
    /// "X, Y": the divisions and countries Y may mean, in entry order.
    container: Box<[PlaceId]>,
    /// "X, south of Y": the places Y may mean, in entry order.
    relative: Box<[PlaceId]>,
    /// The entries reached only through doubled-letter folding (the key
    /// folds them: "Shaanxi" and "Shanxi" ask the same key).
    fold_only: u64,
}

impl Local<'_, '_> {
    /// The question these scores answer.
    pub(super) fn question(&self) -> Question {
        Question {
            key: self.own_key,
            kind: self.kind,
            after: self.cues.after.map(|(_, k)| k),
            before: self.cues.before.map(|(_, k)| k),
            code_after: self.code_after.map(|u| u.place_id),
            container: self.container.iter().map(|p| p.id).collect(),
            relative: self.relative.0.iter().map(|p| p.id).collect(),
            fold_only: self.fold_only,
        }
    }
}

/// The places of the name after "X, south of" that the relative location
/// reads at most.
const RELATIVE_MAX: usize = 64;

/// How near a sense must lie to a place of the name after "X, south of":
/// a relative location names a neighbour, not a place across a country.
const RELATIVE_KM: f64 = 150.0;

/// Whether a title or role comes right after the name ending at `end`, across
/// one space ("US President", "Syrian officials"): a title of the resolver's
/// list in any case, or a capitalised title or role of the person list
/// ("Judge", "Coach"), whose lower-case forms ("head", "private") are
/// common words.
fn title_after(text: &str, end: usize) -> bool {
    use crate::lexicon::facts::{List, in_any};
    if !text[end..].starts_with(' ') {
        return false;
    }
    crate::lexicon::text::word_after(text, end).is_some_and(|w| {
        in_any(w, List::Title) || (is_capitalized(w) && in_any(w, List::PersonTitle))
    })
}

impl<'g> Resolver<'g> {
    /// What the text says around kept name `i`; `next` is the name after
    /// it, if it may be its container ("X, Y"). The cue words are read
    /// from `cue_words`, made by [`CueWords::around`] for the same name.
    pub(super) fn local<'a>(
        &'a self,
        doc: &'a Doc<'_>,
        i: usize,
        next: Option<&Candidate>,
        focus: &'a Focus<'a>,
        cue_words: &'a CueWords,
    ) -> Local<'a, 'g> {
        let (text, (c, kind)) = (doc.text, doc.kept[i]);
        Local {
            kind,
            own_key: doc.keys[i],
            names: &doc.names,
            cues: cue_words.cues(),
            container: self.container(text, c, next),
            code_after: state_code_after(text, c.end),
            relative: self.relative(text, c, doc.kept.get(i + 1).map(|x| x.0)),
            fold_only: fold_only(&text[c.start..c.end], c),
            focus,
        }
    }

    /// Scores every sense of name `c` with the local evidence `local`,
    /// best first.
    pub(super) fn score(&self, c: &Candidate, local: &Local<'_, 'g>) -> Vec<Scored> {
        let want = match local.kind {
            MentionKind::Toponym | MentionKind::Coordinate | MentionKind::Facility => {
                [FormKind::Name, FormKind::Abbrev]
            }
            MentionKind::Demonym => [FormKind::Demonym, FormKind::Demonym],
        };
        let wanted = |e: &&Entry<'_>| e.place.is_some() && want.contains(&e.form_kind);
        // At most one sense per wanted entry: no growth, and no
        // reallocation below unless a place had two of them.
        let mut out: Vec<Scored> = Vec::with_capacity(c.entries.iter().filter(wanted).count());
        // Each sense's reasons are gathered here, then copied to a list of
        // their number (no growth, and no shrinking below). The buffer is
        // the thread's, lent for the call: no allocation per list.
        let mut reasons = REASONS.take();
        for e in c.entries.iter().filter(wanted) {
            let Some(id) = e.place else { continue };
            if out.iter().any(|s| s.place == id) {
                continue;
            }
            let mut s = self.sense(local, e, id, std::mem::take(&mut reasons));
            reasons = std::mem::take(&mut s.why);
            s.why = Vec::with_capacity(reasons.len());
            s.why.append(&mut reasons);
            out.push(s);
        }
        REASONS.set(reasons);
        if local.fold_only != 0 {
            self.doubled_folds(c, local.fold_only, &mut out);
        }
        self.division_countries(&mut out);
        self.divisions_against_cities_abroad(&mut out);
        self.namesake_cities(&mut out);
        self.capitals_against_divisions(&mut out);
        self.namesakes_of_capitals(&mut out);
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
        // Held until the second pass: no growth slack.
        out.shrink_to_fit();
        out.iter_mut().for_each(|s| s.why.shrink_to_fit());
        out
    }

    /// "X, south of Y", "X, 20 km north of Y": the places the name right
    /// after the relative location may mean (the first [`RELATIVE_MAX`]
    /// of its entries), and the name as written.
    fn relative<'t>(
        &self,
        text: &'t str,
        c: &Candidate,
        next: Option<&Candidate>,
    ) -> (Vec<PlaceRef<'g>>, &'t str) {
        let at = crate::lexicon::words::relative_location_after(text, c.end);
        match next {
            Some(n) if at == Some(n.start) => {
                let places = (n.entries.iter())
                    .filter(|e| matches!(e.form_kind, FormKind::Name | FormKind::Abbrev))
                    .filter_map(|e| e.place)
                    .take(RELATIVE_MAX)
                    .map(|p| self.gazetteer.place(p))
                    .collect();
                (places, &text[n.start..n.end])
            }
            _ => (Vec::new(), ""),
        }
    }

    /// [`Feature::Relative`]: the sense lies within [`RELATIVE_KM`] of a
    /// place the name after "X, south of" may mean (not itself).
    fn relative_location(&self, l: &Local<'_, '_>, p: &PlaceRef<'_>, s: &mut Scored) {
        let (places, written) = &l.relative;
        let near = places.iter().any(|y| {
            y.id != p.id && haversine_km(p.lat(), p.lon(), y.lat(), y.lon()) <= RELATIVE_KM
        });
        if near {
            s.supported = true;
            let why = format!("placed relative to \"{written}\" in the text");
            s.add_why(&self.weights, Feature::Relative, 1.0, why);
        }
    }

    /// "X, Y": the divisions and countries the name right after a comma
    /// may mean. (Not for a name that is also a country: "China, Japan" is
    /// a list; nor when a title or role follows Y, which then qualifies a
    /// person: "a joint session of Congress, US President Donald Trump",
    /// "Idlib, Turkish officials said".)
    fn container(&self, text: &str, c: &Candidate, next: Option<&Candidate>) -> Vec<PlaceRef<'g>> {
        // (Whether the name names a country is asked only after a comma.)
        let names_a_country = || {
            (c.entries.iter().filter_map(|e| e.place))
                .any(|p| self.gazetteer.place(p).kind() == Kind::Country)
        };
        match next {
            Some(n)
                if text[c.end..n.start].trim() == ","
                    && !title_after(text, n.end)
                    && !names_a_country() =>
            {
                (n.entries.iter())
                    .filter_map(|e| e.place)
                    .map(|p| self.gazetteer.place(p))
                    .filter(|p| matches!(p.kind(), Kind::Admin1 | Kind::Country))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// One sense and its local evidence; its reasons are pushed to `why`
    /// (empty).
    fn sense(&self, l: &Local<'_, '_>, e: &Entry<'_>, id: PlaceId, why: Vec<Why>) -> Scored {
        let p = self.gazetteer.place(id);
        let w = &self.weights;
        let mut s = Scored::new(id, &p, w);
        s.why = why;
        self.cue_evidence(l, e, &p, &mut s);
        // The place's main name beats an alternate name of another place
        // ("Florida" the state, not Floridablanca).
        if e.form_kind != FormKind::Abbrev && l.names.same(&e.form, p.name()) {
            s.add(w, Feature::MainName, 1.0);
        }
        if e.form_kind == FormKind::Abbrev && p.kind() == Kind::Road {
            // Already required to have a road cue; a code is exact.
            s.add(w, Feature::RoadCode, 1.0);
        }
        self.containment(l, &p, &mut s);
        if !l.relative.0.is_empty() {
            self.relative_location(l, &p, &mut s);
        }
        self.focus_evidence(l, &p, &mut s);
        if p.population() > 0 && matches!(p.kind(), Kind::City | Kind::Town) {
            s.why.push(Why::Population);
        }
        // (`score` takes the spare capacity off once all evidence is in.)
        s
    }

    /// Kind cues in the form itself ("Idlib Province") and around it
    /// ("Idlib province", "the province of Idlib").
    fn cue_evidence(&self, l: &Local<'_, '_>, e: &Entry<'_>, p: &PlaceRef<'_>, s: &mut Scored) {
        let w = &self.weights;
        let form_cue = l.kind == MentionKind::Toponym
            && e.form_kind == FormKind::Name
            && may_have_two_words(&e.form)
            && e.form.split_whitespace().count() > 1
            && (e.form.split_whitespace()).any(|w| {
                crate::lexicon::text::with_lower(w, |w| {
                    cue_after(w).is_some_and(|k| k.contains(&p.kind()))
                })
            });
        if form_cue {
            s.cued = true;
            s.add_why(w, Feature::FormCue, 1.0, format!("named as \"{}\"", e.form));
        }
        if l.cues.after.is_some_and(|(_, k)| k.contains(&p.kind())) {
            s.cued = true;
            s.add_why(w, Feature::CueAfter, 1.0, Why::CueAfter);
        }
        if l.cues.before.is_some_and(|(_, k)| k.contains(&p.kind())) {
            s.cued = true;
            s.add_why(w, Feature::CueBefore, 1.0, Why::CueBefore);
        }
    }

    /// "X, Y" with Y the place's division or country, and "City, ST".
    fn containment(&self, l: &Local<'_, '_>, p: &PlaceRef<'_>, s: &mut Scored) {
        let w = &self.weights;
        let contains = |k: &PlaceRef<'_>| {
            (k.kind() == Kind::Country && k.country() == p.country() && p.kind() != Kind::Country)
                || (k.kind() == Kind::Admin1
                    && k.country() == p.country()
                    && !p.admin1().is_empty()
                    && l.names.same(k.name(), p.admin1()))
        };
        if l.container.iter().any(contains) {
            s.supported = true;
            s.cued = true;
            s.add_why(w, Feature::XCommaY, 1.0, Why::XCommaY);
        }
        if let Some(unit) = l.code_after.filter(|u| in_code_unit(p, u)) {
            s.supported = true;
            s.cued = true;
            s.add_why(w, Feature::XCommaCode, 1.0, Why::XCommaCode(unit));
        }
    }

    /// The countries the text names, the user's country bias and box.
    fn focus_evidence(&self, l: &Local<'_, '_>, p: &PlaceRef<'_>, s: &mut Scored) {
        let w = &self.weights;
        let cc = p.country();
        // The country itself is as much supported by the text's other
        // names of it ("Mexicans") as its divisions are ("México" state).
        let country = p.kind() == Kind::Country;
        if !cc.is_empty() {
            if let Some(n) = l.focus.named_by_others(cc, l.own_key) {
                s.add(w, Feature::CountryNamed, 1.0);
                if l.focus.top == Some(cc) {
                    s.add(w, Feature::CountryTop, 1.0);
                }
                // (A country's reason says so already: its name; one
                // reason fewer per country sense held until pass 2.)
                if !country {
                    s.why.push(Why::CountryNamed(n));
                }
            } else if let Some(n) = (!country)
                .then(|| neighbour_named(l.focus, cc, l.own_key))
                .flatten()
            {
                s.add_why(w, Feature::NeighbourNamed, 1.0, Why::NeighbourNamed(n));
            }
            if !country && self.country_bias.iter().any(|b| b == cc) {
                s.add_why(w, Feature::CountryBias, 1.0, Why::CountryBias);
            }
        }
        if let Some([west, south, east, north]) = self.bbox {
            if p.lon() >= west && p.lon() <= east && p.lat() >= south && p.lat() <= north {
                s.add_why(w, Feature::InBox, 1.0, Why::InBox);
            }
        }
    }

    /// Same-named first-level divisions of different countries weigh with
    /// their country ("Florida" the US state, not Florida in Uruguay).
    fn division_countries(&self, out: &mut [Scored]) {
        let mut countries = (out.iter())
            .map(|s| self.gazetteer.place(s.place))
            .filter(|p| p.kind() == Kind::Admin1)
            .map(|p| p.country());
        let first = countries.next();
        if !countries.any(|cc| Some(cc) != first) {
            return;
        }
        for s in out.iter_mut() {
            let p = self.gazetteer.place(s.place);
            if p.kind() == Kind::Admin1 {
                let v = self.division_weight(&p);
                s.add(&self.weights, Feature::DivisionCountry, v);
            }
        }
    }
}

/// False only for a form that is one word: in ASCII, without white space
/// (most forms, told by their bytes without decoding them; a form with
/// other characters may have Unicode white space).
fn may_have_two_words(form: &str) -> bool {
    (form.bytes()).any(|b| matches!(b, b'\t'..=b'\r' | b' ') || !b.is_ascii())
}

thread_local! {
    /// [`Resolver::score`]'s buffer of one sense's reasons (empty between
    /// calls).
    static REASONS: std::cell::Cell<Vec<Why>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The entries of `c` (bit `j` for entry `j`, the first 64) whose form
/// `surface` reaches only through doubled-letter folding
/// ([`recognize::doubled_fold_only`]). Forms as long as the surface are
/// not read: folding a doubled letter changes the length.
fn fold_only(surface: &str, c: &Candidate) -> u64 {
    let mut bits = 0;
    for (j, e) in c.entries.iter().enumerate().take(64) {
        if e.form.len() != surface.len() && FoldMemo::folds_only(surface, &e.form) {
            bits |= 1 << j;
        }
    }
    bits
}

/// Remembered answers of [`recognize::doubled_fold_only`] for one surface
/// and one form. A name's entries are read for every mention of it, and
/// the same names and forms recur from text to text: a remembered answer
/// costs a hash and two compares where the fold reads both strings twice
/// (about 1,300 instructions). One slot per hash of the pair: a later pair
/// with the same slot replaces the earlier one, and the answer is always
/// the function's, whichever slot serves it. Each thread keeps its own.
struct FoldMemo {
    /// The surface followed by the form, where the surface ends, and the
    /// answer; an empty slot has an end past its string.
    slots: Vec<(Box<str>, u32, bool)>,
}

impl FoldMemo {
    /// Slots per thread (about 40 bytes each with their strings): the
    /// names of the last few dozen news texts.
    const SLOTS: usize = 1 << 10;

    /// [`recognize::doubled_fold_only`] of `surface` and the one form
    /// `form`, remembered per thread.
    fn folds_only(surface: &str, form: &str) -> bool {
        let fold = || recognize::doubled_fold_only(surface, std::iter::once(form));
        // (The fold answers at once for a surface not in ASCII.)
        if !surface.is_ascii() {
            return fold();
        }
        thread_local! {
            static MEMO: std::cell::RefCell<FoldMemo> = std::cell::RefCell::new(FoldMemo {
                slots: vec![(Box::default(), u32::MAX, false); FoldMemo::SLOTS],
            });
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            let slot = &mut m.slots[Self::slot_of(surface, form)];
            let (key, split) = (slot.0.as_bytes(), slot.1 as usize);
            if split == surface.len()
                && key.len() == split + form.len()
                && key[..split] == *surface.as_bytes()
                && key[split..] == *form.as_bytes()
            {
                return slot.2;
            }
            let answer = fold();
            let mut key = String::with_capacity(surface.len() + form.len());
            key.push_str(surface);
            key.push_str(form);
            *slot = (key.into_boxed_str(), surface.len() as u32, answer);
            answer
        })
    }

    /// The slot of a pair: the hash of both strings and the surface's
    /// length.
    fn slot_of(surface: &str, form: &str) -> usize {
        use std::hash::Hasher;
        let mut h = super::fx::FxHasher::default();
        h.write(surface.as_bytes());
        h.write(form.as_bytes());
        h.write_usize(surface.len());
        (h.finish() as usize) & (Self::SLOTS - 1)
    }
}

impl Resolver<'_> {
    /// [`Feature::DoubledFold`] for each sense all of whose entries in `c`
    /// spelled in ASCII are in `fold_only` (and there is one): "Shaanxi"
    /// spells Shaanxi, not Shanxi.
    fn doubled_folds(&self, c: &Candidate, fold_only: u64, out: &mut [Scored]) {
        let folded = |s: &Scored| {
            // (Only forms in ASCII are weighed here; recognition's
            // `doubled_fold_only` also folds forms that are not.)
            let mut own = (c.entries.iter().enumerate().take(64))
                .filter(|(_, e)| e.place == Some(s.place) && e.form.is_ascii());
            let first = own.next();
            let bit = |(j, _): (usize, _)| fold_only & (1 << j) != 0;
            first.is_some_and(bit) && own.all(bit)
        };
        // Only against a sense spelled as written that is no minor place:
        // a town or city spelled as written is left to the recognition
        // model, which weighs the name as a word ("man" reaches Man, Côte
        // d'Ivoire as written and Ma'an through folding).
        let spelled = |s: &Scored| !minor(self.gazetteer.place(s.place).kind()) && !folded(s);
        if !out.iter().any(spelled) {
            return;
        }
        for s in out.iter_mut() {
            if folded(s) {
                s.add(&self.weights, Feature::DoubledFold, 1.0);
            }
        }
    }

    /// [`Feature::DivisionRank`] for a first-level division (not one the
    /// size of a municipality, which is scored as a town) whose country the
    /// text does not name, when another sense of the name is a city of
    /// another country.
    fn divisions_against_cities_abroad(&self, out: &mut [Scored]) {
        // The cities' country, and whether they lie in more than one.
        let (mut city_cc, mut several) = (None, false);
        for p in out.iter().map(|s| self.gazetteer.place(s.place)) {
            if p.kind() == Kind::City {
                several |= city_cc.is_some_and(|cc| cc != p.country());
                city_cc = city_cc.or(Some(p.country()));
            }
        }
        if city_cc.is_none() {
            return;
        }
        for s in out.iter_mut() {
            let p = self.gazetteer.place(s.place);
            let city_abroad = several || city_cc.is_some_and(|cc| cc != p.country());
            if p.kind() != Kind::Admin1
                || !city_abroad
                || municipal_division(&p)
                || s.x[Feature::CountryNamed as usize] != 0.0
            {
                continue;
            }
            let v = division_rank(p.place_id()).map_or(0.0, |r| f64::from(r.saturating_sub(2)));
            if v > 0.0 {
                s.add(&self.weights, Feature::DivisionRank, v);
            }
        }
    }

    /// [`Feature::NationalCapital`] for a national capital when a sense of
    /// the name is a first-level division and none is a country.
    fn capitals_against_divisions(&self, out: &mut [Scored]) {
        let places = || out.iter().map(|s| self.gazetteer.place(s.place));
        if places().any(|p| p.kind() == Kind::Country)
            || !places().any(|p| p.kind() == Kind::Admin1)
        {
            return;
        }
        for s in out.iter_mut() {
            let p = self.gazetteer.place(s.place);
            if matches!(p.kind(), Kind::City | Kind::Town) && is_capital(p.place_id()) {
                let why = "a national capital".to_string();
                s.add_why(&self.weights, Feature::NationalCapital, 1.0, why);
            }
        }
    }
}

/// The evidence that places a sense in the text's own area, beyond its
/// country: a kind cue, "X, Y", "City, ST", the user's options, a cued
/// choice elsewhere, a place it contains, a named division holding it, a
/// place in the same division or within 150 km.
fn has_local_evidence(s: &Scored) -> bool {
    const LOCAL: &[Feature] = &[
        Feature::CountryBias,
        Feature::InBox,
        Feature::CuedElsewhere,
        Feature::Contains,
        Feature::SameDivision,
        Feature::Near30,
        Feature::Near150,
        Feature::Senses,
        Feature::Relative,
        Feature::ListedDivisions,
        Feature::InNamedDivision,
    ];
    s.cued || LOCAL.iter().any(|f| s.x[*f as usize] != 0.0)
}

impl Resolver<'_> {
    /// [`Feature::CapitalNamesake`] for a town or a city under 100,000
    /// people that is not a national capital when another sense of the
    /// name is one by its main
    /// name, and it has its country named but no local evidence yet. Given
    /// in pass 1, so that anchors see it;
    /// [`Resolver::capital_namesakes_confirmed`] takes it back in pass 2
    /// from a sense that gained local evidence there.
    fn namesakes_of_capitals(&self, out: &mut [Scored]) {
        let town = |p: &PlaceRef<'_>| matches!(p.kind(), Kind::City | Kind::Town);
        // (Named by its main name: "Paris", not an alternate name.)
        let capital = |s: &Scored| {
            let p = self.gazetteer.place(s.place);
            town(&p) && is_capital(p.place_id()) && s.x[Feature::MainName as usize] != 0.0
        };
        if !out.iter().any(capital) {
            return;
        }
        for s in out.iter_mut() {
            let p = self.gazetteer.place(s.place);
            let country_only = s.x[Feature::CountryNamed as usize] != 0.0;
            let minor = !super::is_major(&p);
            if town(&p)
                && minor
                && !is_capital(p.place_id())
                && country_only
                && !has_local_evidence(s)
            {
                s.add(&self.weights, Feature::CapitalNamesake, 1.0);
            }
        }
    }

    /// Pass 2: [`Feature::CapitalNamesake`] holds only for a sense that
    /// has no local evidence after pass 2 either: taken back from a sense
    /// that gained some, and said in words for the rest.
    pub(super) fn capital_namesakes_confirmed(&self, scored: &mut [Scored]) {
        let f = Feature::CapitalNamesake;
        for s in scored.iter_mut() {
            let v = f64::from(s.x[f as usize]);
            if v == 0.0 {
                continue;
            }
            if has_local_evidence(s) {
                s.add(&self.weights, f, -v);
            } else {
                s.why.push(Why::CapitalNamesake);
            }
        }
    }
}

/// The national capitals among the embedded cities, from GeoNames'
/// feature codes (`gazetteer/build.py`, `lexicons.write_capitals`).
static CAPITALS: &str = include_str!("../../gazetteer/capitals.tsv");

/// The national capitals' ids, and a bit per [`tail_bit`] of any of them:
/// most places are told apart from every capital by one bit, without
/// hashing their id.
struct Capitals {
    ids: FxHashSet<&'static str>,
    tails: [u64; 64],
}

/// A 12-bit number from the last eight bytes of a place id (every
/// embedded id has more: "geonames:" and a number), or `None` for a
/// shorter one.
#[inline]
fn tail_bit(place_id: &str) -> Option<usize> {
    let b = place_id.as_bytes();
    let tail: [u8; 8] = b.get(b.len().checked_sub(8)?..)?.try_into().ok()?;
    Some((u64::from_le_bytes(tail).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize)
}

/// Whether the place with id `place_id` is a national capital.
pub(super) fn is_capital(place_id: &str) -> bool {
    static TABLE: std::sync::OnceLock<Capitals> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let ids: FxHashSet<&'static str> = (CAPITALS.lines().skip(1))
            .filter_map(|l| l.split_once('\t'))
            .map(|(id, _)| id)
            .collect();
        let mut tails = [0u64; 64];
        for i in ids.iter().filter_map(|id| tail_bit(id)) {
            tails[i / 64] |= 1 << (i % 64);
        }
        Capitals { ids, tails }
    });
    match tail_bit(place_id) {
        Some(i) if table.tails[i / 64] >> (i % 64) & 1 == 0 => false,
        _ => table.ids.contains(place_id),
    }
}

/// Natural Earth's map rank of the first-level divisions it holds
/// (`gazetteer/build.py`, `lexicons.write_division_ranks`).
static DIVISION_RANKS: &str = include_str!("../../gazetteer/division_ranks.tsv");

/// Natural Earth's `scalerank` of first-level division `place_id` (2 the
/// most prominent, up to 11), if it has one.
pub(super) fn division_rank(place_id: &str) -> Option<u8> {
    static TABLE: std::sync::OnceLock<FxHashMap<&'static str, u8>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (DIVISION_RANKS.lines().skip(1))
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(id, r)| Some((id, r.parse().ok()?)))
            .collect()
    });
    table.get(place_id).copied()
}

/// The countries each country borders (ISO alpha-2), from GeoNames'
/// country table, made symmetric by `gazetteer/build.py`.
static NEIGHBOURS: &str = include_str!("../../gazetteer/country_neighbours.tsv");

/// The countries country `cc` borders.
pub(super) fn neighbours(cc: &str) -> &'static [&'static str] {
    static TABLE: std::sync::OnceLock<FxHashMap<&'static str, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (NEIGHBOURS.lines().skip(1))
            .filter_map(|l| l.split_once('\t'))
            .map(|(cc, ns)| (cc, ns.split(',').collect()))
            .collect()
    });
    table.get(cc).map_or(&[], Vec::as_slice)
}

/// Regional focus: for a place whose own country the text does not name
/// (other names than the place's own), the country it borders that the
/// text names most (Gaza in a text that names Israel), if any.
pub(super) fn neighbour_named(focus: &Focus<'_>, cc: &str, own_key: u32) -> Option<&'static str> {
    // (None of the text's countries borders `cc`: none of its neighbours
    // is named.)
    if focus.countries.is_empty() || !focus.bordering.may_hold(cc) {
        return None;
    }
    let mut best: Option<(&'static str, f64)> = None;
    for &n in neighbours(cc) {
        if let Some(k) = focus.named_by_others(n, own_key) {
            if best.is_none_or(|(_, b)| k > b) {
                best = Some((n, k));
            }
        }
    }
    best.map(|(n, _)| n)
}

/// Each country's area, its number of first-level divisions and the mean
/// area of one, from GeoNames' country and admin1 tables
/// (`gazetteer/build.py`, `lexicons.write_division_sizes`).
static DIVISION_SIZES: &str = include_str!("../../gazetteer/division_sizes.tsv");

/// Whether `p` is a first-level division the size of a municipality: its
/// outline's box is under [`crate::gazetteer::MUNICIPAL_DIVISION_KM2`], or, when it has no
/// outline, the mean first-level division of its country is (the Isle of
/// Man's 24 sheadings and parishes, Bermuda's parishes, Puerto Rico's
/// municipios, Slovenia's municipalities). Such a unit is as small as a
/// town and its name as often a person's or another place's.
pub(super) fn municipal_division(p: &PlaceRef<'_>) -> bool {
    if p.kind() != Kind::Admin1 {
        return false;
    }
    let km2 = match p.geometry_summary() {
        Some(s) => s.bbox_area_km2(),
        None => mean_division_km2(p.country()).unwrap_or(f64::INFINITY),
    };
    km2 < crate::gazetteer::MUNICIPAL_DIVISION_KM2
}

/// The mean area of a first-level division of country `cc`, if known.
fn mean_division_km2(cc: &str) -> Option<f64> {
    static TABLE: std::sync::OnceLock<FxHashMap<&'static str, f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (DIVISION_SIZES.lines().skip(1))
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                Some((*cols.first()?, cols.get(3)?.parse().ok()?))
            })
            .collect()
    });
    table.get(cc).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered answers are the fold's own: for pairs of every
    /// shape, asked again in another order, and after more pairs than the
    /// memo has slots replaced them.
    #[test]
    fn remembered_folds_are_the_folds() {
        let surfaces = [
            "Holliday", "Holiday", "room", "Rom", "Al-Bab", "Zāwiyah", "Digg", "Munnster",
            "Shaanxi", "", "a", "Aa",
        ];
        let forms = [
            "Holiday", "Rom", "Roma", "Rome", "al Bab", "Zawiyya", "Dīg", "Münster", "Shanxi", "",
            "A", "aa",
        ];
        let check = |s: &str, f: &str| {
            let want = recognize::doubled_fold_only(s, std::iter::once(f));
            assert_eq!(FoldMemo::folds_only(s, f), want, "{s:?} {f:?}");
            want
        };
        let mut folded = 0;
        for round in 0..3 {
            for s in surfaces.iter().skip(round) {
                for f in forms.iter().rev() {
                    folded += usize::from(check(s, f));
                }
            }
            // More pairs than slots: every slot is taken by another pair.
            for i in 0..2 * FoldMemo::SLOTS {
                let (s, f) = (format!("Tell{i}"), format!("Tel{i}"));
                assert!(check(&s, &f));
                assert!(!check(&f, &format!("Tal{i}")));
            }
        }
        assert!(folded >= 3 * 4, "{folded} folds");
        assert!(FoldMemo::folds_only("Munnster", "Münster"));
        assert!(!FoldMemo::folds_only("Munster", "Münster"));
    }
}
