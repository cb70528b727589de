//! Pass 2: one sense per discourse and coherence (what the other names of
//! the text say about each sense), then the choice of a sense, or none.

use super::document::{Discourse, Doc, Keys, ListedWith};
use super::*;

/// The name whose senses pass 2 weighs.
struct Own<'a> {
    /// Its normalized key number: the same name repeated is no support.
    key: u32,
    /// The document's key numbers.
    names: &'a Keys,
    /// Its senses: competing senses of a name do not support each other
    /// ("Idlib" the city is not supported by "Idlib" the province).
    places: Vec<PlaceId>,
    /// The countries whose first-level divisions its list neighbours
    /// are ("Ohio, Oregon and Washington").
    listed_with: ListedWith<'a>,
    /// It is itself the main name of a country or a division the text
    /// supports ("Oregon", "Ontario"): no town in another named division.
    names_a_division: bool,
    /// Cued choices elsewhere among its senses.
    cued_total: usize,
    /// [`local_focus_country`] for this name, read once for all its
    /// senses, when the first one asks.
    local_focus: std::cell::OnceCell<Option<&'a str>>,
}

/// What one run of pass 2 remembers across its names: the same name
/// repeated asks the same questions, and a place is a sense of many names.
#[derive(Default)]
pub(super) struct RunCache {
    /// Nearest-anchor distances per (place, name).
    near: FxHashMap<(PlaceId, u32), f64>,
    /// A place's name key and its first-level division's name key, each
    /// read once per place and run, and only when a question needs it
    /// ([`UNREAD`] until then).
    keys: FxHashMap<PlaceId, [u32; 2]>,
    /// The buffer of [`Own::places`], lent to each name in turn.
    places: Vec<PlaceId>,
    /// Emptied reason lists of pass 2's senses, for the next names'
    /// senses: most senses get no reason, but one that does would
    /// otherwise allocate its list, for every sense of every name.
    whys: Vec<Vec<Why>>,
}

thread_local! {
    /// The last run's [`RunCache`] on this thread, emptied, kept for the
    /// next run: its tables and buffer keep their room, so a run does not
    /// grow them again from nothing (rehashing as it goes).
    static RUN_CACHE: std::cell::RefCell<RunCache> = std::cell::RefCell::default();
}

thread_local! {
    /// [`Resolver::reason`]'s buffer (its text is copied out).
    static REASON: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// A key of [`RunCache::keys`] not read yet.
const UNREAD: u32 = u32::MAX - 1;

impl RunCache {
    /// Entries a kept cache may have had room for: a cache that grew past
    /// this (a long text's run) is dropped, not held between runs.
    const KEPT_MAX: usize = 1 << 8;

    /// An empty cache for a run: the thread's last one, emptied.
    pub(super) fn take() -> RunCache {
        let mut cache = RUN_CACHE.with(|c| std::mem::take(&mut *c.borrow_mut()));
        cache.near.clear();
        cache.keys.clear();
        cache.places.clear();
        cache
    }

    /// Gives the cache back to the thread for its next run, unless it grew
    /// large.
    pub(super) fn give_back(self) {
        let room = (self.near.capacity())
            .max(self.keys.capacity())
            .max(self.places.capacity());
        if room <= Self::KEPT_MAX {
            RUN_CACHE.with(|c| *c.borrow_mut() = self);
        }
    }

    /// Lists of reasons [`RunCache::whys`] may keep.
    const WHYS_MAX: usize = 1 << 8;

    /// `into` emptied (see [`RunCache::recycle`]) and filled with the
    /// senses of `from` without their reasons, each with an empty reason
    /// list kept from an earlier name when there is one.
    pub(super) fn senses_into(&mut self, from: &[Scored], into: &mut Vec<Scored>) {
        self.recycle(into);
        let whys = &mut self.whys;
        into.extend(
            from.iter()
                .map(|s| without_reasons(s, whys.pop().unwrap_or_default())),
        );
    }

    /// Empties `list`, keeping its senses' reason lists (emptied) for
    /// the next names', up to [`RunCache::WHYS_MAX`] of them (and none
    /// that grew past a few reasons).
    pub(super) fn recycle(&mut self, list: &mut Vec<Scored>) {
        for s in list.drain(..) {
            let mut why = s.why;
            if (1..=8).contains(&why.capacity()) && self.whys.len() < Self::WHYS_MAX {
                why.clear();
                self.whys.push(why);
            }
        }
    }

    /// The key number of place `id`'s name.
    fn name(&mut self, names: &Keys, id: PlaceId, p: &PlaceRef<'_>) -> u32 {
        let k = self.keys.entry(id).or_insert([UNREAD; 2]);
        if k[0] == UNREAD {
            k[0] = names.of(p.name());
        }
        k[0]
    }

    /// The key number of place `id`'s division's name (`u32::MAX` for
    /// none).
    fn division(&mut self, names: &Keys, id: PlaceId, p: &PlaceRef<'_>) -> u32 {
        let k = self.keys.entry(id).or_insert([UNREAD; 2]);
        if k[1] == UNREAD {
            let admin1 = p.admin1();
            k[1] = if admin1.is_empty() {
                u32::MAX
            } else {
                names.of(admin1)
            };
        }
        k[1]
    }
}

/// Local focus: the country of the one first-level division holding every
/// confident place of the text other than name `own` (a story whose other
/// places all lie in Queensland), or `None` when they lie in several
/// divisions or countries, or there are none.
fn local_focus_country<'t>(d: &Discourse<'t>, own: u32) -> Option<&'t str> {
    let others = |names: &Vec<(u32, Span)>| names.iter().any(|(k, _)| *k != own);
    let mut countries = (d.anchored_in_country.0.iter()).filter(|(_, names)| others(names));
    let (&cc, _) = countries.next()?;
    if countries.next().is_some() {
        return None;
    }
    let mut divisions = (d.anchored_in_division.0.iter()).filter(|(_, names)| others(names));
    let (&(dc, _), _) = divisions.next()?;
    (divisions.next().is_none() && dc == cc).then_some(cc)
}

impl Resolver<'_> {
    /// Adds the coherence evidence to mention `i`'s senses and sorts them;
    /// `listed` is what its list neighbours are
    /// ([`Resolver::list_countries`], read once by the caller, which also
    /// keys its shared lists by it).
    pub(super) fn second_pass<'t>(
        &self,
        doc: &Doc<'t>,
        d: &Discourse<'_>,
        (i, listed): (usize, ListedWith<'t>),
        scored: &mut Vec<Scored>,
        cache: &mut RunCache,
    ) {
        let own_key = doc.keys[i];
        let names_a_division = scored.iter().any(|s| {
            let p = self.gazetteer.place(s.place);
            matches!(p.kind(), Kind::Country | Kind::Admin1)
                && doc.names.of(p.name()) == own_key
                && (p.kind() == Kind::Country
                    || doc.countries.contains_key(p.country())
                    || d.division_names.other_than(&p.country(), own_key).is_some())
        });
        let mut places = std::mem::take(&mut cache.places);
        places.clear();
        places.extend(scored.iter().map(|s| s.place));
        let own = Own {
            key: own_key,
            names: &doc.names,
            places,
            listed_with: listed,
            names_a_division,
            cued_total: scored.iter().filter_map(|s| d.cued.get(&s.place)).sum(),
            local_focus: std::cell::OnceCell::new(),
        };
        for s in scored.iter_mut() {
            self.support(d, &own, s, cache);
        }
        cache.places = own.places;
        self.capital_namesakes_confirmed(scored);
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
        // A road code needs a road cue here or for the same road elsewhere,
        // and a road needs its country in the text: road numbers repeat
        // from country to country.
        let c = doc.kept[i].0;
        scored.retain(|s| {
            let p = self.gazetteer.place(s.place);
            if p.kind() != Kind::Road {
                return true;
            }
            let cue_ok = s.cued || d.cued.contains_key(&s.place) || !is_code(c);
            let country_ok = p.country().is_empty()
                || doc.countries.contains_key(p.country())
                || self.country_bias.iter().any(|b| b == p.country());
            cue_ok && country_ok
        });
    }

    /// The coherence evidence for one sense.
    fn support<'a>(&self, d: &Discourse<'a>, own: &Own<'a>, s: &mut Scored, cache: &mut RunCache) {
        let w = &self.weights;
        if let Some(&n) = d.cued.get(&s.place) {
            if !s.cued {
                let v = n as f64 / own.cued_total as f64;
                s.add_why(w, Feature::CuedElsewhere, v, Why::CuedElsewhere(n));
            }
        }
        let p = self.gazetteer.place(s.place);
        let contains = self.contains(d, own, &p, s, cache);
        self.local_focus(d, own, &p, s, cache);
        self.abroad_from_focus(d, own, &p, s);
        // (Not for an area already supported by what it contains.)
        if !contains && !matches!(p.kind(), Kind::Country | Kind::Continent | Kind::Region) {
            self.nearness(d, own, &p, s, &mut cache.near);
        }
        self.divisions(d, own, &p, s, cache);
    }

    /// An area that contains other places the text names.
    fn contains(
        &self,
        d: &Discourse<'_>,
        own: &Own<'_>,
        p: &PlaceRef<'_>,
        s: &mut Scored,
        cache: &mut RunCache,
    ) -> bool {
        let inside = match p.kind() {
            Kind::Country => d.anchored_in_country.other_than(&p.country(), own.key),
            // (A division group's country has a group: no key otherwise.)
            Kind::Admin1 if d.anchored_in_country.has(&p.country()) => {
                let division = (p.country(), cache.name(own.names, s.place, p));
                d.anchored_in_division.other_than(&division, own.key)
            }
            _ => None,
        };
        let Some(k) = inside else { return false };
        s.supported = true;
        s.add_why(&self.weights, Feature::Contains, 1.0, Why::Contains(k));
        true
    }

    /// Local focus: the text's other confident places lie in the same
    /// division, or at least the same country.
    fn local_focus(
        &self,
        d: &Discourse<'_>,
        own: &Own<'_>,
        p: &PlaceRef<'_>,
        s: &mut Scored,
        cache: &mut RunCache,
    ) {
        let area = matches!(
            p.kind(),
            Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1
        );
        if area || p.country().is_empty() {
            return;
        }
        let w = &self.weights;
        // (A country with no anchor has neither evidence: one look-up of
        // its group answers both.)
        let Some(in_country) = d.anchored_in_country.names(&p.country()) else {
            return;
        };
        if !p.admin1().is_empty() {
            let division = (p.country(), cache.division(own.names, s.place, p));
            if let Some(k) = d.anchored_in_division.other_than(&division, own.key) {
                s.add_why(w, Feature::SameDivision, 1.0, Why::SameDivision(k));
            }
        }
        if let Some(k) = super::other_name(in_country, own.key) {
            s.add_why(w, Feature::SameCountry, 1.0, Why::SameCountry(k));
        }
    }

    /// [`Feature::ForeignToLocalFocus`]: a town, city or division in
    /// another country than the one division the text's other places lie
    /// in. (Not a national capital, which news names from anywhere.)
    fn abroad_from_focus<'a>(
        &self,
        d: &Discourse<'a>,
        own: &Own<'a>,
        p: &PlaceRef<'_>,
        s: &mut Scored,
    ) {
        let abroad = matches!(
            p.kind(),
            Kind::City | Kind::Town | Kind::Admin1 | Kind::Admin2
        ) && (own
            .local_focus
            .get_or_init(|| local_focus_country(d, own.key)))
        .is_some_and(|cc| cc != p.country())
            && !super::local::is_capital(p.place_id());
        if abroad {
            let why = "abroad from the text's local places".to_string();
            s.add_why(&self.weights, Feature::ForeignToLocalFocus, 1.0, why);
        }
    }

    /// Nearness to the text's confident places, and to the senses of other
    /// ambiguous names.
    fn nearness(
        &self,
        d: &Discourse<'_>,
        own: &Own<'_>,
        p: &PlaceRef<'_>,
        s: &mut Scored,
        near: &mut FxHashMap<(PlaceId, u32), f64>,
    ) {
        let w = &self.weights;
        let other = |k: u32, a: PlaceId| k == own.key || own.places.contains(&a);
        let km = *near
            .entry((s.place, own.key))
            .or_insert_with(|| d.anchors.nearest(p.lat(), p.lon(), 600.0, other));
        let tier = if km <= 30.0 {
            Some(Feature::Near30)
        } else if km <= 150.0 {
            Some(Feature::Near150)
        } else if km <= 600.0 {
            Some(Feature::Near600)
        } else {
            None
        };
        if let Some(f) = tier {
            s.supported = true;
            s.add_why(w, f, 1.0, Why::Near(km));
        }
        if km > SENSE_KM && matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::Landmark) {
            // Two names with many senses each lie near each other by chance.
            let many = own.places.len() > SENSES_MAX;
            let skip = |k: u32, a: PlaceId| other(k, a) || (many && d.many_senses.contains(&k));
            let k = d.senses.nearest(p.lat(), p.lon(), SENSE_KM, skip);
            if k <= SENSE_KM {
                s.supported = true;
                s.add_why(w, Feature::Senses, 1.0, Why::Senses(k));
            }
        }
    }

    /// Divisions listed together, and places in a division the text names.
    fn divisions(
        &self,
        d: &Discourse<'_>,
        own: &Own<'_>,
        p: &PlaceRef<'_>,
        s: &mut Scored,
        cache: &mut RunCache,
    ) {
        let w = &self.weights;
        let id = s.place;
        // Whether a city or town sense of the name lies in division `p`: a
        // big city still beats its namesake province ("Giza", "São Paulo"),
        // unless a neighbour in the list is a division no city is named
        // like ("New Jersey and New York").
        let namesake_capital = |cache: &mut RunCache| {
            let name = cache.name(own.names, id, p);
            own.places.iter().any(|&other| {
                let q = self.gazetteer.place(other);
                matches!(q.kind(), Kind::City | Kind::Town)
                    && q.country() == p.country()
                    && cache.division(own.names, other, &q) == name
            })
        };
        let listed = own.listed_with;
        let cc = p.country();
        let mut division_list = || listed.has_only_division(cc) || !namesake_capital(cache);
        if p.kind() == Kind::Admin1 && listed.has(cc) && division_list() {
            s.supported = true;
            s.add_why(w, Feature::ListedDivisions, 1.0, Why::ListedDivisions);
        }
        if p.kind() == Kind::Country && listed.has_country() {
            s.supported = true;
            s.add_why(w, Feature::ListedCountries, 1.0, Why::ListedCountries);
        }
        // In a division the text names (not one that only shares the
        // place's own name, as Idlib city shares Idlib's, nor one named
        // only by this name: "Maryland" the state is no support for
        // Maryland City, whose alternate name "Maryland" is).
        let in_named_division = !own.names_a_division
            && !p.admin1().is_empty()
            && p.kind() != Kind::Admin1
            && d.admin1_countries.contains(p.country())
            && {
                let admin1 = cache.division(own.names, id, p);
                d.admin1s.contains(&(p.country(), admin1))
                    && admin1 != cache.name(own.names, id, p)
                    && admin1 != own.key
            };
        if in_named_division {
            s.supported = true;
            s.add_why(w, Feature::InNamedDivision, 1.0, Why::InNamedDivision);
        }
    }

    /// The mention of kept name `i` with its sorted senses, or its
    /// exclusion (a common word, a person's name, a road without context).
    /// `first` is the name's first-pass list, which holds the first pass's
    /// reasons; `scored` holds pass 2's, sorted.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn choose(
        &self,
        doc: &Doc<'_>,
        d: &Discourse<'_>,
        i: usize,
        (first, scored): (&[Scored], &[Scored]),
        (cs, ce): (usize, usize),
        out: &mut Resolved,
        person_names: &mut FxHashSet<String>,
    ) -> Option<Mention> {
        let (c, kind) = doc.kept[i];
        let text = doc.text;
        if self.record_senses && kind == MentionKind::Toponym && !scored.is_empty() {
            let senses = scored.iter().map(|s| (s.place, s.x)).collect();
            out.senses.push(SenseRecord {
                char_start: cs,
                char_end: ce,
                senses,
            });
        }
        if let Some(best) = scored.first()
            && self.not_a_place(doc, d, i, best, (cs, ce), out, person_names)
        {
            return None;
        }
        let (place, score, reason) = match scored.first() {
            Some(best) => (
                Some(best.place),
                best.score,
                self.reason(first, best, scored.len(), text, c),
            ),
            None if c.entries.iter().all(|e| {
                e.place
                    .is_some_and(|p| self.gazetteer.place(p).kind() == Kind::Road)
            }) =>
            {
                // A road name or number with no road context: not a mention.
                let why = "road name or number without a road cue or its country in the text";
                out.excluded.push(Excluded::of(text, c, (cs, ce), why));
                return None;
            }
            None => (None, 0.0, "no candidate fits".to_string()),
        };
        Some(Mention {
            start: c.start,
            end: c.end,
            char_start: cs,
            char_end: ce,
            text: text[c.start..c.end].to_string(),
            kind,
            place,
            candidates: scored.iter().map(|s| s.place).collect(),
            score,
            reason,
        })
    }

    /// Whether the best sense's name is not a place mention here (by the
    /// recognition model); records the exclusion, and a person's name so
    /// that its other mentions are persons too.
    #[allow(clippy::too_many_arguments)]
    fn not_a_place(
        &self,
        doc: &Doc<'_>,
        d: &Discourse<'_>,
        i: usize,
        best: &Scored,
        (cs, ce): (usize, usize),
        out: &mut Resolved,
        person_names: &mut FxHashSet<String>,
    ) -> bool {
        let (c, kind) = doc.kept[i];
        let text = doc.text;
        let p = self.gazetteer.place(best.place);
        let ctx = NameContext {
            spans: &d.spans,
            kind,
            best: &p,
            // One sense per discourse: a name named with a kind cue or
            // "X, Y" elsewhere in the text is a place here too.
            cued: best.cued || best.x[Feature::CuedElsewhere as usize] > 0.0,
            supported: best.supported || doc.countries.contains_key(p.country()),
            local: best.local_support(),
            near: best.near_support(),
            doc: (doc, i),
        };
        // The first pass's evidence, if it asked the same question.
        let asked = (best.place, ctx.cued, ctx.supported, (ctx.local, ctx.near));
        let computed;
        let rec = match d.recognized(i) {
            Some((q, rec)) if super::document::same_question(q, &asked, rec) => rec,
            _ => {
                let ev = self.name_evidence(text, c, &ctx);
                computed = ev.settle(&self.weights.recognition, self.record_senses);
                &computed
            }
        };
        if let Some(x) = rec.x.as_deref() {
            out.names.push(NameRecord {
                char_start: cs,
                char_end: ce,
                x: *x,
            });
        }
        if let Some((why, person)) = &rec.verdict {
            let (why, person) = (String::from(&**why), *person);
            if person {
                person_names.insert(text[c.start..c.end].to_lowercase());
            }
            out.excluded.push(Excluded::of(text, c, (cs, ce), why));
            return true;
        }
        false
    }

    /// The reason of a chosen sense, from the evidence that decided, for
    /// candidate `c` of `text`: the first pass's (read from the same place
    /// in `first`), then pass 2's (`best`'s own).
    pub(super) fn reason(
        &self,
        first: &[Scored],
        best: &Scored,
        senses: usize,
        text: &str,
        c: &Candidate,
    ) -> String {
        let p = self.gazetteer.place(best.place);
        // One buffer, written in place (no `format!` per part), kept by
        // the thread from reason to reason; the reason is a copy at its
        // exact length (results may be held until the end of a run: no
        // spare capacity).
        let mut out = REASON.take();
        out.clear();
        out.push_str(p.kind().as_str());
        out.push(' ');
        out.push_str(p.name());
        let earlier = (first.iter().find(|s| s.place == best.place)).map_or(&[][..], |s| &s.why);
        for why in earlier.iter().chain(&best.why) {
            out.push_str("; ");
            why.write(&mut out, &p, text, c);
        }
        if senses > 1 {
            out.push_str("; ");
            super::why::push_decimal(&mut out, senses as u64);
            out.push_str(" candidates");
        }
        let reason = String::from(out.as_str());
        REASON.set(out);
        reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;

    /// Pass 2 works on copies without the first pass's reasons: the
    /// chosen sense's reason reads them from the first pass's list (the
    /// same place), then its own.
    #[test]
    fn a_reason_joins_the_first_pass_reasons_with_pass_2_reasons() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Shelling in Idlib city.";
        let matched = Matcher::new(&g).find(text);
        let c = &matched.candidates[0];
        let id = (c.entries.iter().filter_map(|e| e.place))
            .find(|&p| g.place(p).kind() == Kind::City)
            .unwrap();
        let r = Resolver::new(&g);
        let mut first = Scored::new(id, &g.place(id), &r.weights);
        first.why = vec![Why::Population, Why::CueAfter];
        let mut best = without_reasons(&first, Vec::new());
        assert!(best.why.is_empty() && best.place == id && best.x == first.x);
        best.why.push(Why::InBox);
        let got = r.reason(std::slice::from_ref(&first), &best, 2, text, c);
        let pop = g.place(id).population();
        assert_eq!(
            got,
            format!(
                "city Idlib; population {pop}; followed by \"city\"; \
                 inside the bias box; 2 candidates"
            )
        );
        // A place not in the first pass's list has only its own reasons.
        assert_eq!(
            r.reason(&[], &best, 1, text, c),
            "city Idlib; inside the bias box"
        );
    }
}
