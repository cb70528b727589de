//! Matching: find every gazetteer name in a document, on token boundaries,
//! with the capitalisation rules that keep common words out.
//!
//! The [`Matcher`] walks the gazetteer's name index over the
//! [`normalize`](crate::normalize)d text, maps each hit back to the original
//! text, drops entries whose case does not fit (an abbreviation such as
//! "M4" or "U.S." must match exactly; a name must be capitalised unless the
//! whole text is lower-case), and then keeps the leftmost-longest hits, so
//! "Idlib province" wins over "Idlib" and "Free Syrian Army" over "Syrian".

use std::collections::{HashMap, HashSet};

use crate::gazetteer::{FormKind, Gazetteer, KeyHit, PlaceId, TokenIds};
use crate::normalize::{NormalizedText, normalize_into};

/// A form as the gazetteer spells it, borrowed from the gazetteer's index
/// (matching copies no strings). Reads as a `str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Form<'g>(pub &'g str);

impl<'g> Form<'g> {
    /// The form.
    pub fn as_str(&self) -> &'g str {
        self.0
    }
}

impl std::ops::Deref for Form<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Form<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for Form<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Form<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One entry behind a matched name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'g> {
    /// The place, or `None` for a blocker (a name that is not a place).
    pub place: Option<PlaceId>,
    /// How the form matched.
    pub form_kind: FormKind,
    /// The form as the gazetteer spells it.
    pub form: Form<'g>,
}

/// A name found in a document, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'g> {
    /// Byte offset of the name in the original text.
    pub start: usize,
    /// Byte offset just past the name in the original text.
    pub end: usize,
    /// Start of the name in the normalized text.
    pub norm_start: usize,
    /// End of the name in the normalized text.
    pub norm_end: usize,
    /// Every gazetteer entry the name may refer to.
    pub entries: Vec<Entry<'g>>,
}

impl Candidate<'_> {
    /// Whether the name is a blocker (an organisation or publication name).
    pub fn is_blocker(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.form_kind == FormKind::Blocker)
    }
}

/// Case handling for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseMode {
    /// Decide from the text: lower-case mode when the text has almost no
    /// capital letters.
    #[default]
    Auto,
    /// Names must be capitalised (abbreviations must match exactly).
    Strict,
    /// Ignore capitalisation for names (abbreviations still match exactly).
    Ignore,
}

/// Finds names of a gazetteer in text.
#[derive(Debug, Clone)]
pub struct Matcher<'g> {
    gazetteer: &'g Gazetteer,
    case: CaseMode,
    /// The places of the postal codes and city initials whose name lookup
    /// does not find them, by place id: found once by a scan of the place
    /// ids (not [`Gazetteer::by_id`], whose table of every id costs ~20 MB).
    code_places: std::sync::OnceLock<HashMap<&'static str, PlaceId>>,
}

/// A document's text and the candidates in it. The forms of the
/// candidates are borrowed from the gazetteer, so `'t` is the shorter of the
/// text's and the gazetteer's lifetimes.
#[derive(Debug, Clone)]
pub struct Matched<'t> {
    /// The original text.
    pub text: &'t str,
    /// The chosen (non-overlapping, leftmost-longest) candidates, in order.
    pub candidates: Vec<Candidate<'t>>,
}

/// Buffers a thread reuses from one document to the next (see
/// [`Matcher::find_with`]): the normalized text and its offset map, and the
/// key hits. They stay in the scratch, not in the [`Matched`] result, so
/// that they are not held while the document is resolved; after a long
/// document (more than [`Scratch::KEEP_BYTES`] of buffers) they are freed.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: NormalizedText,
    hits: Vec<KeyHit>,
    /// The number of each token of the text in each layer's index, which
    /// the exact walk finds and the variant walk reads again.
    ids: Vec<TokenIds>,
}

impl Scratch {
    /// The most buffer memory kept from one document for the next: enough
    /// for any news article, far less than one long document needs.
    pub const KEEP_BYTES: usize = 8 << 20;

    /// Bytes of memory the buffers hold.
    pub fn heap_bytes(&self) -> usize {
        self.normalized.heap_bytes()
            + self.hits.capacity() * size_of::<KeyHit>()
            + self.ids.iter().map(TokenIds::heap_bytes).sum::<usize>()
    }

    /// Frees the buffers if a long document made them larger than
    /// [`Scratch::KEEP_BYTES`].
    fn trim(&mut self) {
        if self.heap_bytes() > Self::KEEP_BYTES {
            *self = Scratch::default();
        }
    }
}

impl<'g> Matcher<'g> {
    /// A matcher over a gazetteer.
    pub fn new(gazetteer: &'g Gazetteer) -> Matcher<'g> {
        Matcher {
            gazetteer,
            case: CaseMode::Auto,
            code_places: std::sync::OnceLock::new(),
        }
    }

    /// Sets the case mode.
    pub fn case_mode(&mut self, case: CaseMode) -> &mut Self {
        self.case = case;
        self
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Whether [`Matcher::find_with`] reads `text` without regard to case:
    /// the case mode, or with [`CaseMode::Auto`] whether the text is
    /// written (almost) without capital letters.
    pub fn ignores_case(&self, text: &str) -> bool {
        match self.case {
            CaseMode::Ignore => true,
            CaseMode::Strict => false,
            CaseMode::Auto => mostly_lowercase(text),
        }
    }

    /// Finds the names in a text.
    pub fn find<'t>(&self, text: &'t str) -> Matched<'t>
    where
        'g: 't,
    {
        self.find_with(text, &mut Scratch::default())
    }

    /// Finds the names in a text, reusing the buffers of `scratch`.
    pub fn find_with<'t>(&self, text: &'t str, scratch: &mut Scratch) -> Matched<'t>
    where
        'g: 't,
    {
        let normalized = &mut scratch.normalized;
        normalize_into(text, normalized);
        let ignore_case = self.ignores_case(text);
        let hits = &mut scratch.hits;
        hits.clear();
        let ids = &mut scratch.ids;
        self.gazetteer.find_keys_into(normalized, ids, hits);
        self.gazetteer
            .find_variant_keys_into(normalized, text, ids, hits);
        order_hits(hits);
        // The hits' keys and postings are prefetched a round ahead of
        // their reading (the whole text's at once: gone from the cache
        // again before a long text's last hits were read).
        let ahead = |i: usize| &hits[i.min(hits.len())..(i + HIT_ROUND).min(hits.len())];
        self.gazetteer.prefetch_hits(ahead(0));
        // Leftmost-longest over the hits whose entries fit: sorted by start,
        // longest first at each start. A hit that starts inside the last
        // chosen candidate is never chosen, so its entries are not even
        // looked at; one with the same span (another layer) adds to it.
        let mut candidates: Vec<Candidate<'t>> = Vec::new();
        // The entries of a hit are gathered here, then copied out at their
        // exact size (no growth slack kept per candidate).
        let mut fitting: Vec<Entry<'g>> = Vec::new();
        let mut last_end = 0;
        let mut cursor = 0;
        for (i, hit) in hits.iter().enumerate() {
            if i % HIT_ROUND == 0 {
                self.gazetteer.prefetch_hits(ahead(i + HIT_ROUND));
            }
            let same_span = candidates
                .last()
                .is_some_and(|c| c.norm_start == hit.start && c.norm_end == hit.end);
            if hit.start < last_end && !same_span || article_yields(&normalized.text, hits, i) {
                continue;
            }
            let (start, end) = normalized.original_range_in_order(&mut cursor, hit.start, hit.end);
            let surface = &text[start..end];
            fitting.clear();
            self.fitting_entries(text, start, surface, hit, ignore_case, &mut fitting);
            if end - start == 2
                && fitting.iter().any(|e| e.form_kind == FormKind::Abbrev)
                && code_spelling_unfit(text, start, end)
            {
                fitting.retain(|e| e.form_kind != FormKind::Abbrev);
            }
            match candidates.last_mut() {
                Some(last) if same_span => last.entries.extend_from_slice(&fitting),
                _ => {
                    if fitting.is_empty() {
                        continue;
                    }
                    last_end = hit.end;
                    candidates.push(Candidate {
                        start,
                        end,
                        norm_start: hit.start,
                        norm_end: hit.end,
                        entries: fitting.as_slice().to_vec(),
                    });
                }
            }
        }
        if !ignore_case {
            self.add_codes(text, normalized, &mut candidates);
        }
        self.add_hashtags(text, normalized, &mut candidates);
        scratch.trim();
        Matched { text, candidates }
    }

    /// Adds the upper-case postal codes and big cities' initials written
    /// on their own ("fires in CA", "NYC") that no gazetteer name covers,
    /// outside lines in capitals ([`crate::lexicon::codes::standalone_code`];
    /// whether one is a place is the resolver's decision).
    fn add_codes<'t>(
        &self,
        text: &'t str,
        normalized: &NormalizedText,
        candidates: &mut Vec<Candidate<'t>>,
    ) where
        'g: 't,
    {
        let before = candidates.len();
        // The normalizer's token spans: the words between single spaces
        // that `codes::code_tokens` scans for. A key is two to four
        // lower-case letters: most tokens are turned away on their length
        // and first byte before the code table is asked.
        let bytes = normalized.text.as_bytes();
        // (A loop, not a filter: as a closure the test was a call per token.)
        // Token `i`'s original is read by its number (a code is one token),
        // not searched for by its span.
        for (i, (norm_start, norm_end)) in normalized.token_spans().enumerate() {
            if !(2..=4).contains(&(norm_end - norm_start))
                || !bytes[norm_start].is_ascii_lowercase()
                || !crate::lexicon::codes::is_code_token(&bytes[norm_start..norm_end])
            {
                continue;
            }
            let (start, end) = normalized.token_original(i);
            let Some(code) = crate::lexicon::codes::standalone_code(&text[start..end]) else {
                continue;
            };
            // A code that a gazetteer name spells (Louisiana's "LA") adds
            // its other senses (Los Angeles' initials) to that name.
            let same = same_span(&candidates[..before], start, end);
            if same.is_none() && overlaps_any(&candidates[..before], start, end)
                || !crate::lexicon::codes::read_as_code_here(text, start, end)
            {
                continue;
            }
            let entries = self.code_entries(&code);
            match same {
                Some(i) => {
                    let c = &mut candidates[i];
                    let new: Vec<Entry<'t>> = (entries.into_iter())
                        .filter(|e| !c.entries.iter().any(|x| x.place == e.place))
                        .collect();
                    c.entries.extend(new);
                }
                None if !entries.is_empty() => candidates.push(Candidate {
                    start,
                    end,
                    norm_start,
                    norm_end,
                    entries,
                }),
                None => {}
            }
        }
        if candidates.len() > before {
            candidates.sort_by_key(|c| c.start);
        }
    }

    /// Adds the names inside hashtags that no candidate covers: a body
    /// in lower case ("#ferguson") or a place's name among its words
    /// ("#PrayForGaza", "#SanDiego"; [`crate::lexicon::hashtags`]).
    /// Whether one is a place is the resolver's decision.
    fn add_hashtags<'t>(
        &self,
        text: &'t str,
        normalized: &NormalizedText,
        candidates: &mut Vec<Candidate<'t>>,
    ) where
        'g: 't,
    {
        let before = candidates.len();
        for (b, e) in crate::lexicon::hashtags::hashtag_bodies(text) {
            if overlaps_any(&candidates[..before], b, e) {
                continue;
            }
            if let Some(norm) = normalized.normalized_range(b, e) {
                self.hashtag_names(text, (b, e), norm, candidates);
            }
        }
        if candidates.len() > before {
            candidates.sort_by_key(|c| c.start);
        }
    }

    /// The names among the words of the hashtag body `b..e` (normalized
    /// at `norm`), leftmost-longest, up to four words each; a common
    /// English word alone is no name ("#PrayForGaza", "#tsunami"), and
    /// the last word of a body cut short by an ellipsis is no word.
    fn hashtag_names<'t>(
        &self,
        text: &'t str,
        (b, e): (usize, usize),
        norm: (usize, usize),
        out: &mut Vec<Candidate<'t>>,
    ) where
        'g: 't,
    {
        let mut words = crate::lexicon::hashtags::body_words(&text[b..e]);
        if text[e..].starts_with('…') || text[e..].starts_with("...") {
            words.pop();
        }
        let ignore_case = !text[b..e].chars().any(char::is_uppercase);
        let mut k = 0;
        while k < words.len() {
            let found = (k + 1..=words.len().min(k + 4)).rev().find_map(|j| {
                let (s, t) = (b + words[k].0, b + words[j - 1].1);
                let alone = &text[s..t];
                let letters = alone.chars().filter(|c| c.is_alphabetic()).count();
                let common = crate::lexicon::words::is_common_word(alone);
                if j == k + 1 && (letters < 2 || common) {
                    return None;
                }
                let phrase: Vec<&str> = words[k..j]
                    .iter()
                    .map(|&(x, y)| &text[b + x..b + y])
                    .collect();
                let key = crate::normalize::normalize(&phrase.join(" "));
                let key_len = key.text.trim_end().len();
                let mut entries: Vec<Entry<'t>> = (self.gazetteer.find_keys(&key.text).iter())
                    .filter(|h| h.start == 1 && h.end == key_len)
                    .fold(Vec::new(), |mut out, h| {
                        self.fitting_entries(text, s, alone, h, ignore_case, &mut out);
                        out
                    });
                // "#NTDs": a code's spelling glued to the body's next word.
                if t - s == 2 && code_spelling_unfit(text, s, t) {
                    entries.retain(|e| e.form_kind != FormKind::Abbrev);
                }
                (!entries.is_empty()).then_some((j, s, t, entries))
            });
            let Some((j, start, end, entries)) = found else {
                k += 1;
                continue;
            };
            let (norm_start, norm_end) = norm;
            out.push(Candidate {
                start,
                end,
                norm_start,
                norm_end,
                entries,
            });
            k = j;
        }
    }

    /// The entries of a code's places, each an abbreviation spelled as
    /// the code's table spells it.
    fn code_entries<'t>(&self, code: &crate::lexicon::codes::Standalone) -> Vec<Entry<'t>>
    where
        'g: 't,
    {
        let g = self.gazetteer;
        (code.places())
            .filter_map(|(id, name, form)| {
                // By the name's index entries first, then by its key
                // (a name ending in punctuation, "Washington, D.C."),
                // and only then by `code_place`, whose table is built
                // by reading every place's id once.
                let is_it = |p: &PlaceId| g.place(*p).place_id() == id;
                let place = (g.lookup(name).into_iter())
                    .filter_map(|(p, _, _)| p)
                    .find(is_it)
                    .or_else(|| {
                        let by_key = g.key_entries(name).into_iter();
                        by_key.filter_map(|(p, _, _)| p).find(is_it)
                    })
                    .or_else(|| self.code_place(id))?;
                Some(Entry {
                    place: Some(place),
                    form_kind: FormKind::Abbrev,
                    form: Form(form),
                })
            })
            .collect()
    }

    /// The place of a code's place id (from the table `code_places`).
    fn code_place(&self, id: &str) -> Option<PlaceId> {
        let table = self.code_places.get_or_init(|| {
            let codes = crate::lexicon::codes::admin1_codes()
                .iter()
                .map(|u| u.place_id);
            let cities = crate::lexicon::codes::city_abbreviations()
                .iter()
                .map(|c| c.place_id);
            let wanted: HashSet<&'static str> = codes.chain(cities).collect();
            let g = self.gazetteer;
            (0..g.len() as u32)
                .map(PlaceId)
                .filter_map(|p| wanted.get(g.place(p).place_id()).map(|&id| (id, p)))
                .collect()
        });
        table.get(id).copied()
    }

    /// Appends to `out` the entries of a hit whose capitalisation fits the
    /// surface.
    fn fitting_entries(
        &self,
        text: &str,
        start: usize,
        surface: &str,
        hit: &KeyHit,
        ignore_case: bool,
        out: &mut Vec<Entry<'g>>,
    ) {
        if hit.variant && !Gazetteer::variant_fits(text, start, surface) {
            return;
        }
        let after = &text[start + surface.len()..];
        let lower = (!ignore_case && !hit.variant)
            .then(|| LowerName::new(&text[..start], surface, after))
            .filter(LowerName::can_be_name);
        let end = start + surface.len();
        let surface = Surface::new(surface, ignore_case, |s| {
            // Only an all-caps surface needs to know whether its line is a
            // headline in capitals or it heads a story as its dateline
            // ("CAIRO (AP) —"); most hits skip the line scan.
            s.all_caps
                && (line_is_caps(text, start) || crate::lexicon::text::dateline(text, start, end))
        });
        let g = self.gazetteer;
        // A lower-case word that no rule lets be a name ("will", "may",
        // three in four hits): only an abbreviation written so could fit
        // it, and most keys have none. Their postings are not read.
        if lower.is_none() && !surface.may_fit_name() && !g.hit_has_abbrev(hit) {
            return;
        }
        // "Orum al-Kubra": a name before an Arabic article phrase is the
        // first word of a longer Arabic name, not a town elsewhere.
        // Worked out for the first entry that fits (most hits have none).
        let mut arabic_only = None;
        // A form is read from the index only when a rule asks for it: most
        // entries are decided on the surface and the form kind alone.
        g.for_each_lazy_entry(hit, |place, form_kind, form| {
            if !(surface.fits(form_kind, || form.get())
                || lower.is_some_and(|l| l.fits(g, place, form_kind, || form.get())))
            {
                return;
            }
            let arabic =
                *arabic_only.get_or_insert_with(|| crate::translit::article_phrase_follows(after));
            if arabic
                && place.is_some_and(|p| {
                    let p = g.place(p);
                    !crate::translit::may_lead_arabic_name(p.kind(), p.country(), form.get())
                })
            {
                return;
            }
            out.push(Entry {
                place,
                form_kind,
                form: Form(form.get()),
            });
        });
    }
}

/// Hits whose keys and postings [`Matcher::find_with`] prefetches
/// together, a round before they are read.
const HIT_ROUND: usize = 32;

/// Sorts key hits by start, longest first at each start, as a stable sort
/// does. The walks give each start's hits by increasing end: runs of one
/// start with increasing ends are reversed in place first (no two hits of
/// a run are equal, so equal hits keep their order), and the list, most
/// often in order then, is sorted only when it is not.
fn order_hits(hits: &mut [KeyHit]) {
    for run in hits.chunk_by_mut(|a, b| a.start == b.start && a.end < b.end) {
        run.reverse();
    }
    let key = |h: &KeyHit| (h.start, std::cmp::Reverse(h.end));
    if !hits.is_sorted_by_key(key) {
        hits.sort_by_key(key);
    }
}

/// Whether hit `i` is "the" and more ("the fort") while another hit starts
/// at the word after "the" and runs past it ("fort worth" in "The Fort
/// Worth-based retailer"): an article before a name is no part of it, so
/// the longer name is read. `hits` are sorted by start, longest first.
fn article_yields(normalized: &str, hits: &[KeyHit], i: usize) -> bool {
    let hit = &hits[i];
    let Some(word) = normalized.get(hit.start..hit.end) else {
        return false;
    };
    if !word.starts_with("the ") {
        return false;
    }
    let next = hit.start + "the ".len();
    (hits[i + 1..].iter())
        .take_while(|h| h.start <= next)
        .any(|h| h.start == next && h.end > hit.end)
}

/// The candidate of `sorted` (in order of start, not overlapping each
/// other) that spans exactly `start..end`.
fn same_span(sorted: &[Candidate], start: usize, end: usize) -> Option<usize> {
    let i = sorted.partition_point(|c| c.start < start);
    (sorted.get(i))
        .is_some_and(|c| c.start == start && c.end == end)
        .then_some(i)
}

/// Whether the two bytes `start..end` spell a postal code ("WA", "NT")
/// where a code is not read ([`crate::lexicon::codes::read_as_code_here`]):
/// joined to a word or a number ("D-WA", "NT7", "NT/2000"), or in a run
/// of capitals ("SEATTLE, WA USA"). A gazetteer abbreviation that spells
/// the code (Western Australia's "WA") is read under the code's guards.
fn code_spelling_unfit(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::codes::{read_as_code_here, standalone_code};
    standalone_code(&text[start..end]).is_some_and(|c| c.postal.is_some())
        && !read_as_code_here(text, start, end)
}

/// Whether `start..end` overlaps a candidate of `sorted` (candidates in
/// order of start that do not overlap each other).
fn overlaps_any(sorted: &[Candidate], start: usize, end: usize) -> bool {
    let i = sorted.partition_point(|c| c.start < end);
    i > 0 && sorted[i - 1].end > start
}

/// A name written in lower case in a text that has capitals ("protests in
/// malaysia"): it fits the entries of a country, continent, region,
/// first-level division whose outline is at least
/// [`crate::gazetteer::MUNICIPAL_DIVISION_KM2`] across its box, or of a city of a million
/// people or more (or of any city after a locative preposition: "riot in
/// ferguson"), whose
/// main name it spells exactly but for case, when it has five letters or
/// more ("para" is a Spanish word before it is Pará), is not made of
/// common English words only ("japan", "far north", "eastern
/// province"), does not start with "the" ("the valley"), is not
/// cut short by an ellipsis ("takeo..."), not hyphened to a word
/// ("al-idlib", "south-west") and not part of a host name
/// ("cac.washington.edu").
#[derive(Debug, Clone, Copy)]
struct LowerName<'s> {
    head: &'s str,
    text: &'s str,
    rest: &'s str,
}

impl<'s> LowerName<'s> {
    /// The surface `text`, between `head` and `rest`.
    fn new(head: &'s str, text: &'s str, rest: &'s str) -> Self {
        LowerName { head, text, rest }
    }

    /// Whether the surface, whatever the entry, can be a lower-case name.
    /// (Asked once per hit, before its entries.)
    fn can_be_name(&self) -> bool {
        let text = self.text;
        let mut letters = text.chars().filter(|c| c.is_alphabetic());
        // Five letters take five bytes at least: most lower-case hits are
        // short words, decided on their length.
        if text.len() < 5
            || !text.starts_with(|c: char| c.is_lowercase())
            || text.starts_with("the ")
        {
            return false;
        }
        let cut = self.rest.starts_with('…') || self.rest.starts_with("...");
        let compound = (self.head.strip_suffix('-'))
            .and_then(|h| h.chars().next_back())
            .is_some_and(char::is_alphanumeric)
            || self.rest.starts_with('-');
        // "cac.washington.edu": a part of a host name.
        let host_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        let before_dot = self
            .head
            .strip_suffix('.')
            .and_then(|h| h.chars().next_back());
        let after_dot = self.rest.strip_prefix('.').and_then(|r| r.chars().next());
        let host = before_dot.is_some_and(host_char) || after_dot.is_some_and(host_char);
        !cut && !compound
            && !host
            && letters.clone().count() >= 5
            && letters.all(char::is_lowercase)
            && !(text.split(|c: char| !c.is_alphabetic()))
                .filter(|w| !w.is_empty())
                .all(crate::lexicon::words::is_common_word)
    }

    fn fits<'f>(
        &self,
        g: &Gazetteer,
        place: Option<PlaceId>,
        fk: FormKind,
        form: impl FnOnce() -> &'f str,
    ) -> bool {
        use crate::gazetteer::Kind;
        let Some(p) = place.filter(|_| fk == FormKind::Name) else {
            return false;
        };
        let p = g.place(p);
        let major = match p.kind() {
            Kind::Country | Kind::Continent | Kind::Region => true,
            // Populations of divisions are not known; their outline tells
            // a province from a municipality-sized division (Slovenia's,
            // Malta's, North Macedonia's first-level units), whose name is
            // as likely an English word ("bloke").
            Kind::Admin1 => p
                .geometry_summary()
                .is_some_and(|s| s.bbox_area_km2() >= crate::gazetteer::MUNICIPAL_DIVISION_KM2),
            Kind::City => {
                p.population() >= 1_000_000 || crate::lexicon::words::ends_with_locative(self.head)
            }
            _ => false,
        };
        let spelled = |name: &str| {
            name.chars()
                .flat_map(char::to_lowercase)
                .eq(self.text.chars())
        };
        major && spelled(form()) && spelled(p.name())
    }
}

/// What the capitalisation rules ask of a surface, worked out once per hit
/// (not once per entry: a common word can have hundreds of entries).
#[derive(Debug, Clone, Copy)]
struct Surface<'s> {
    text: &'s str,
    /// The first letter or digit, if any.
    first: Option<char>,
    /// No lower-case letter among its letters.
    all_caps: bool,
    /// Letters in it.
    letters: usize,
    /// Its line is a headline in capitals, or it is a story's dateline
    /// (only asked when `all_caps`).
    line_caps: bool,
    /// A name fits once the all-caps rules are passed: the surface starts
    /// with a capital (or the text ignores case, or its script has no
    /// case), or with a lower-case article or generic word.
    lead_fits: bool,
    /// A word of it is written like an acronym in mixed case ([`mixed_case_acronym`]).
    mixed_acronym: bool,
}

impl<'s> Surface<'s> {
    fn new(text: &'s str, ignore_case: bool, line_caps: impl FnOnce(&Self) -> bool) -> Self {
        let mut s = Surface {
            text,
            first: None,
            all_caps: true,
            letters: 0,
            line_caps: false,
            lead_fits: false,
            mixed_acronym: false,
        };
        // Made of ASCII letters and digits only: no article or generic word
        // can lead it (both need a space or a hyphen after them).
        let mut one_word = false;
        // Capital letters: a mixed-case acronym has two or more.
        let mut caps = 0;
        if text.is_ascii() {
            // The same tests on bytes (most surfaces), without decoding.
            let b = text.as_bytes();
            s.first = (b.iter().find(|c| c.is_ascii_alphanumeric())).map(|&c| char::from(c));
            one_word = true;
            for c in b {
                if c.is_ascii_alphabetic() {
                    s.letters += 1;
                    caps += usize::from(c.is_ascii_uppercase());
                } else {
                    one_word &= c.is_ascii_digit();
                }
            }
        } else {
            s.first = text.chars().find(|c| c.is_alphanumeric());
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                s.letters += 1;
                caps += usize::from(c.is_uppercase());
            }
        }
        s.all_caps = caps == s.letters;
        s.mixed_acronym =
            !s.all_caps && caps >= 2 && text.split([' ', '-']).any(mixed_case_acronym);
        s.line_caps = line_caps(&s);
        s.lead_fits = s.first.is_some_and(|first| {
            first.is_uppercase()
                || ignore_case
                || !first.is_lowercase()
                || !one_word && (article_lead(text) || generic_lead(text))
        });
        s
    }

    /// Whether [`Surface::fits`] can hold for some name, demonym or blocker
    /// entry: false for a word in lower case that no article or generic
    /// word leads, which only an abbreviation can fit. (A surface led by a
    /// digit or a capital, the other cases `fits` lets through, has
    /// `lead_fits`; only a mixed-case acronym led by a lower-case letter,
    /// "iOS", fits a form so written without it.)
    fn may_fit_name(&self) -> bool {
        self.lead_fits || self.mixed_acronym
    }

    /// The capitalisation rules for one entry of the surface (its `form`
    /// is asked only for an abbreviation or a surface in capitals).
    fn fits<'f>(&self, fk: FormKind, form: impl FnOnce() -> &'f str) -> bool {
        match fk {
            FormKind::Abbrev => abbrev_core(form()).eq(abbrev_core(self.text)),
            FormKind::Name | FormKind::Demonym | FormKind::Blocker => {
                let Some(first) = self.first else {
                    return false;
                };
                if first.is_numeric() {
                    return true;
                }
                if self.mixed_acronym {
                    // "SuSE", "BoE", "UConn", "LEDs": a name of a product,
                    // a body or a molecule, unless the form is so written.
                    return form() == self.text;
                }
                if self.all_caps && self.letters <= 3 {
                    // "US", "IT", "OR": only as an exact form.
                    return form() == self.text;
                }
                if self.all_caps
                    && !self.line_caps
                    && self.letters <= 5
                    && form().chars().any(char::is_lowercase)
                {
                    // A short all-caps word in running text is an acronym
                    // ("NICE", "BATH"), not the place.
                    return false;
                }
                self.lead_fits
            }
        }
    }
}

/// Whether a word is written like an acronym in mixed case: it has lower-
/// case letters, and two capitals in a row ("SuSE", "UConn", "LEDs") or a
/// capital last after a lower-case letter ("BoE", "IgA"). Place names
/// written in camel case keep one capital per part ("McAllen",
/// "PyeongChang", "KwaZulu").
fn mixed_case_acronym(word: &str) -> bool {
    let mut prev: Option<char> = None;
    let (mut lower, mut pair, mut last_upper_after_lower) = (false, false, false);
    for c in word.chars() {
        // An apostrophe or a full stop parts the letters ("N'Djamena",
        // "D.C.").
        if !c.is_alphabetic() {
            prev = None;
            continue;
        }
        let up = c.is_uppercase();
        lower |= c.is_lowercase();
        pair |= up && prev.is_some_and(char::is_uppercase);
        last_upper_after_lower = up && prev.is_some_and(char::is_lowercase);
        prev = Some(c);
    }
    lower && (pair || last_upper_after_lower)
}

/// Whether a text is written (almost) without capital letters: none at all
/// ("we flew to germany"), or fewer than one letter in 200 in a text of 20
/// letters or more.
fn mostly_lowercase(text: &str) -> bool {
    let mut n = LetterCounts::default();
    let mut rest = text;
    while !rest.is_empty() {
        // Decided once the capitals seen are too many even if every byte
        // left were a lower-case letter (most texts: within their first
        // fifth), so the rest is not read: runs of at most 256 bytes
        // between those checks.
        if n.upper > 0 && n.upper.saturating_mul(200) >= n.letters + rest.len() {
            return false;
        }
        rest = n.count_run(rest, 256);
    }
    (n.letters > 0 && n.upper == 0) || (n.letters >= 20 && n.upper * 200 < n.letters)
}

/// Whether the line around a byte offset is written in capitals (a
/// headline, or a line with no lower-case letter at all, such as a query
/// "SYRIA"), so all-caps names are expected there.
fn line_is_caps(text: &str, at: usize) -> bool {
    caps_line(line_around(text, at))
}

/// Whether a line is written in capitals: no lower-case letter, or fewer
/// than one in ten of eight letters or more.
pub(crate) fn caps_line(line: &str) -> bool {
    let mut n = LetterCounts::default();
    let mut rest = line;
    while !rest.is_empty() {
        // Decided once the lower-case letters seen are too many even if
        // every byte left were a capital (in running text: within the
        // first fifth of the line), so the rest is not read: runs of at
        // most 64 bytes between those checks.
        if n.lower > 0 && n.lower.saturating_mul(10) >= n.letters + rest.len() {
            return false;
        }
        rest = n.count_run(rest, 64);
    }
    (n.letters > 0 && n.lower == 0) || (n.letters >= 8 && n.lower * 10 < n.letters)
}

/// The letters counted in a piece of text: all of them, the capitals and
/// the lower-case ones.
#[derive(Default)]
struct LetterCounts {
    letters: usize,
    upper: usize,
    lower: usize,
}

impl LetterCounts {
    /// Counts the run of ASCII bytes (at most `limit`) at the start of
    /// `rest` byte by byte, without decoding (the same answers as the
    /// Unicode tests, cheaper), then the non-ASCII character after it if
    /// there is one; returns the rest of the text.
    fn count_run<'t>(&mut self, rest: &'t str, limit: usize) -> &'t str {
        use crate::normalize::eight::{HIGH, within};
        let block = &rest.as_bytes()[..rest.len().min(limit)];
        // Eight ASCII bytes at a time: their capitals and lower-case
        // letters counted at once (the same counts as the byte loop).
        let mut at = 0;
        while let Some(chunk) = block.get(at..at + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if x & HIGH != 0 {
                break;
            }
            let (upper, lower) = (within(x, b'A', b'Z'), within(x, b'a', b'z'));
            self.upper += upper.count_ones() as usize;
            self.lower += lower.count_ones() as usize;
            self.letters += (upper | lower).count_ones() as usize;
            at += 8;
        }
        let run = at
            + block[at..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(block.len() - at);
        for &b in &block[at..run] {
            self.letters += usize::from((b | 0x20).wrapping_sub(b'a') < 26);
            self.upper += usize::from(b.wrapping_sub(b'A') < 26);
            self.lower += usize::from(b.wrapping_sub(b'a') < 26);
        }
        let rest = &rest[run..];
        if rest.as_bytes().first().is_none_or(|b| b.is_ascii()) {
            return rest;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next().filter(|c| c.is_alphabetic()) {
            self.letters += 1;
            self.upper += usize::from(c.is_uppercase());
            self.lower += usize::from(c.is_lowercase());
        }
        chars.as_str()
    }
}

/// [`caps_line`] as it was first written, character by character: the
/// reference its byte-wise count is tested against.
#[cfg(test)]
fn caps_line_by_char(line: &str) -> bool {
    let (mut letters, mut lower) = (0usize, 0usize);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        lower += usize::from(c.is_lowercase());
    }
    (letters > 0 && lower == 0) || (letters >= 8 && lower * 10 < letters)
}

/// The line around a byte offset, at most about 200 bytes on each side (a
/// text without line breaks must not make every lookup scan all of it).
pub(crate) fn line_around(text: &str, at: usize) -> &str {
    line_within(text, at, 200)
}

/// The line around a byte offset, at most about `radius` bytes on each side.
pub(crate) fn line_within(text: &str, at: usize, radius: usize) -> &str {
    let mut lo = at.saturating_sub(radius);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (at + radius).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let s = text[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1);
    let e = text[at..hi].find('\n').map_or(hi, |i| at + i);
    &text[s..e]
}

/// Strips what does not change an abbreviation: dots, spaces, hyphens.
fn abbrev_core(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !matches!(c, '.' | ' ' | '-' | '\u{a0}'))
}

/// Lower-case generic words that may start a name written in running text.
const GENERIC_LEADS: &[&str] = &[
    "province",
    "governorate",
    "city",
    "town",
    "village",
    "state",
    "region",
    "district",
    "county",
    "gulf",
    "sea",
    "lake",
    "river",
    "mount",
    "island",
    "islands",
    "republic",
    "kingdom",
    "port",
    "bay",
    "strait",
    "cape",
    "emirate",
    "municipality",
];

/// Whether a surface is a lower-case romanized Arabic article before a
/// capitalised name ("al-Bab", "ar-Raqqa", "ash-Sham", "al Qaim"): the
/// article is written in lower case in running text, the name is not.
fn article_lead(surface: &str) -> bool {
    let Some(i) = surface.find(['-', ' ', '\u{2010}', '\u{2011}']) else {
        return false;
    };
    let (article, rest) = surface.split_at(i);
    let hyphen = !rest.starts_with(' ');
    let known = matches!(article, "al" | "el")
        || (hyphen
            && matches!(
                article,
                "an" | "ar" | "as" | "ash" | "at" | "ad" | "az" | "adh" | "ath"
            ));
    known
        && rest
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
}

/// "province of Idlib", "city of Hatay": a lower-case generic word before
/// a capitalised name.
fn generic_lead(surface: &str) -> bool {
    let mut words = surface.split_whitespace();
    let Some(lead) = words.next() else {
        return false;
    };
    // The capitalised last word first: a one-word surface (most) has
    // none, and the list is not read.
    words
        .last()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
        && GENERIC_LEADS.contains(&lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise count of capitals in a line gives the answers of
    /// the character-by-character one, in ASCII, other scripts and mixes
    /// (Greek, Turkish dotted I, German sharp s, CJK without case).
    #[test]
    fn caps_line_counts_as_the_character_test_does() {
        let lines = [
            "",
            "SYRIA",
            "Syria",
            "BREAKING: REBELS TAKE IDLIB, says report",
            "BREAKING NEWS: rebels",
            "ΑΘΗΝΑ ΚΑΙ ΠΕΙΡΑΙΑΣ",
            "Αθήνα και Πειραιάς",
            "İSTANBUL'DA YANGIN",
            "STRAßE IN BERLIN",
            "東京 TOKYO",
            "東京",
            "ÉTATS-UNIS et CANADA ÉTÉ",
            "ABCDEFGh",
            "ABCDEFGHIJk",
            "ÀBCDEFGHIJé",
            "12 34 -- !!",
            "ǅ ǈ ǋ",
        ];
        for line in lines {
            assert_eq!(caps_line(line), caps_line_by_char(line), "{line:?}");
        }
    }

    /// Long lines, where [`caps_line`] stops reading once the lower-case
    /// letters decide it: the same answers as counting every letter,
    /// with the deciding letter at every place of the line.
    #[test]
    fn caps_line_stops_early_with_the_same_answer() {
        let caps = "FIGHTING IN ALEPPO AND IDLIB AS TALKS RESUME IN GENEVA ".repeat(6);
        let prose = "Fighting resumed in Aleppo as talks began in Geneva. ".repeat(6);
        let mut lines = vec![caps.clone(), prose.clone(), format!("{prose}{caps}")];
        for at in (0..caps.len()).step_by(7) {
            // Capitals with one lower-case word (at the 10 % edge or
            // under it), and prose with a run of capitals.
            let mut one = caps.clone();
            one.insert_str(at, "rebels ");
            lines.push(one);
            let mut many = caps.clone();
            many.insert_str(at, "the rebels took the city of ");
            lines.push(many);
            let mut shout = prose.clone();
            shout.insert_str(at.min(prose.len()), "ÉTATS-UNIS ");
            lines.push(shout);
        }
        for line in &lines {
            assert_eq!(caps_line(line), caps_line_by_char(line), "{line:?}");
        }
        assert!(caps_line(&caps) && !caps_line(&prose));
    }

    /// [`LetterCounts::count_run`], eight bytes at a time, counts what
    /// decoding every character counts: every ASCII byte (the edges of
    /// `A..=Z` and `a..=z` among them) at every place of a word read,
    /// non-ASCII letters after it, and runs cut at every limit.
    #[test]
    fn letters_are_counted_eight_bytes_as_one_by_one() {
        let decoded = |t: &str| {
            let letters = t.chars().filter(|c| c.is_alphabetic());
            let upper = letters.clone().filter(|c| c.is_uppercase()).count();
            let lower = letters.clone().filter(|c| c.is_lowercase()).count();
            (letters.count(), upper, lower)
        };
        let mut texts = Vec::new();
        for b in 0u8..128 {
            for at in 0..17 {
                let mut t = "aZ@[`{zA".repeat(3).into_bytes();
                t.insert(at, b);
                let t = String::from_utf8(t).expect("ASCII");
                texts.push(format!("{t}Éé{t}"));
                texts.push(t);
            }
        }
        for t in &texts {
            for limit in [1, 7, 8, 9, 16, 64] {
                let (mut n, mut rest) = (LetterCounts::default(), t.as_str());
                while !rest.is_empty() {
                    rest = n.count_run(rest, limit);
                }
                assert_eq!((n.letters, n.upper, n.lower), decoded(t), "{t:?} {limit}");
            }
        }
    }

    /// A surface in ASCII is read byte by byte: the same first letter,
    /// letter count and capitals as decoding it.
    #[test]
    fn ascii_surfaces_read_as_decoded_ones() {
        for text in [
            "Aleppo",
            "US",
            "al-Bab",
            "NICE",
            "4th Street",
            "city of Hama",
            "--",
            "Zürich",
        ] {
            let s = Surface::new(text, false, |_| false);
            let first = text.chars().find(|c| c.is_alphanumeric());
            let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
            assert_eq!(s.first, first, "{text}");
            assert_eq!(s.letters, letters.len(), "{text}");
            assert_eq!(
                s.all_caps,
                letters.iter().all(|c| c.is_uppercase()),
                "{text}"
            );
        }
    }

    #[test]
    fn code_tokens_are_read_from_the_normalizers_spans() {
        use crate::lexicon::codes::{code_tokens, is_code_token};
        for text in [
            "Fires in CA and NYC now; ON the I-5 (TX) \u{201c}la\u{201d} DC.",
            "  IN\tOH\n\nPA -- wa, Wash., nyc/la ",
            "\u{c9}T\u{c9} CA | pe-ei Qu\u{e9}bec QC ak47",
            "",
        ] {
            let n = crate::normalize::normalize(text);
            let b = n.text.as_bytes();
            let spans: Vec<(usize, usize)> = (0..n.token_count())
                .map(|i| n.token_span(i))
                .filter(|&(s, e)| is_code_token(&b[s..e]))
                .collect();
            let scanned: Vec<(usize, usize)> = code_tokens(&n.text).collect();
            assert_eq!(spans, scanned, "{text}");
            let all: Vec<(usize, usize)> = (0..n.token_count()).map(|i| n.token_span(i)).collect();
            assert_eq!(n.token_spans().collect::<Vec<_>>(), all, "{text}");
            // The pre-test `add_codes` asks before `is_code_token` turns
            // away no code token.
            let pre =
                |&(s, e): &(usize, usize)| (2..=4).contains(&(e - s)) && b[s].is_ascii_lowercase();
            assert!(spans.iter().all(pre), "{text}");
        }
        assert!(is_code_token(b"ca") && is_code_token(b"nyc") && !is_code_token(b"the"));
    }

    #[test]
    fn a_lead_is_read_only_where_a_word_can_lead() {
        // The surface's lead test skips the article and generic-word
        // readings for one ASCII word; it must agree with them everywhere.
        for text in [
            "said",
            "al-Bab",
            "al Bab",
            "an-Nabk",
            "el Fasher",
            "city of Hama",
            "port Said",
            "port\tSaid",
            "port\nSaid",
            "lake",
            "mount Everest",
            "al\u{2010}Bab",
            "4th",
            "Zürich",
            "zürich",
            "el",
            "al-",
            "camp-David",
            "abc123",
            "ab_cd",
        ] {
            let s = Surface::new(text, false, |_| false);
            let full = s.first.is_some_and(|first| {
                first.is_uppercase()
                    || !first.is_lowercase()
                    || article_lead(text)
                    || generic_lead(text)
            });
            assert_eq!(s.lead_fits, full, "{text}");
        }
    }
    use crate::gazetteer::{Demonym, Kind, NO_PLACE, Place};

    fn gaz() -> Gazetteer {
        let mut idlib = Place::new("a:1", Kind::Admin1, "Idlib", 35.7, 36.6);
        idlib.names = vec!["Idlib Province".into(), "Province of Idlib".into()];
        let bern = Place::new("a:2", Kind::City, "Bern", 46.9, 7.4);
        let nice = Place::new("a:3", Kind::City, "Nice", 43.7, 7.2);
        let mut m4 = Place::new("a:4", Kind::Road, "M4 highway", 35.8, 36.6);
        m4.abbrevs = vec!["M4".into()];
        let mut us = Place::new("a:5", Kind::Country, "United States", 39.0, -98.0);
        us.abbrevs = vec!["U.S.".into(), "US".into()];
        let syria = Place::new("a:6", Kind::Country, "Syria", 35.0, 38.0);
        let mut al_idlib = Place::new("a:7", Kind::City, "Al Idlib", 35.9, 36.6);
        al_idlib.names = vec!["إدلب".into()];
        let dem = vec![Demonym {
            form: "Syrian".into(),
            place_id: "a:6".into(),
        }];
        let mut g = Gazetteer::empty();
        g.push_places(
            &[idlib, bern, nice, m4, us, syria, al_idlib],
            &dem,
            &["Free Syrian Army".to_string()],
        )
        .unwrap();
        g
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<String> {
        let m = Matcher::new(g).find(text);
        m.candidates
            .iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    /// A word in lower case that no rule lets be a name is skipped on its
    /// key's abbreviation bit: a key with none gives no candidate, and an
    /// abbreviation written in lower case still fits, alone or beside a
    /// name of the same key.
    #[test]
    fn lower_case_words_fit_only_abbreviations() {
        let nice = Place::new("b:1", Kind::City, "Nice", 43.7, 7.2);
        let mut works = Place::new("b:2", Kind::Other, "Nice Works", 1.0, 1.0);
        works.abbrevs = vec!["nice".into()];
        let mut plant = Place::new("b:3", Kind::Other, "Xyzzy Plant", 2.0, 2.0);
        plant.abbrevs = vec!["xyz.".into()];
        let mut g = Gazetteer::empty();
        g.push_places(&[nice, works, plant], &[], &[]).unwrap();
        let text = "Nice was nice, the xyz. plant too.";
        let m = Matcher::new(&g).find(text);
        let got: Vec<(&str, Vec<FormKind>)> = (m.candidates.iter())
            .map(|c| {
                (
                    &text[c.start..c.end],
                    c.entries.iter().map(|e| e.form_kind).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Nice", vec![FormKind::Name]),
                ("nice", vec![FormKind::Abbrev]),
                ("xyz", vec![FormKind::Abbrev]),
            ]
        );
        let mut g = Gazetteer::empty();
        g.push_places(
            &[Place::new("b:1", Kind::City, "Nice", 43.7, 7.2)],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(found(&g, text), ["Nice"]);
    }

    /// `Surface::may_fit_name` is `Surface::fits` for a name, demonym or
    /// blocker asked of no particular form: whenever `fits` holds for some
    /// form, `may_fit_name` holds, whatever the case mode and the line.
    #[test]
    fn may_fit_name_holds_wherever_a_name_fits() {
        let surfaces = [
            "nice",
            "Nice",
            "NICE",
            "BATH",
            "US",
            "us",
            "SuSE",
            "UConn",
            "4th",
            "al-Bab",
            "al Bab",
            "the Hague",
            "xyz",
            "é",
            "Émile",
            "-",
            "",
            "iOS",
            "eBay",
            "123",
        ];
        let forms = [
            "Nice", "NICE", "US", "SuSE", "al-Bab", "nice", "xyz.", "Hague", "iOS",
        ];
        let kinds = [FormKind::Name, FormKind::Demonym, FormKind::Blocker];
        let mut refused = 0;
        for text in surfaces {
            for (ignore_case, line_caps) in [(false, false), (false, true), (true, false)] {
                let s = Surface::new(text, ignore_case, |_| line_caps);
                for (fk, form) in kinds.iter().flat_map(|&k| forms.map(|f| (k, f))) {
                    assert!(
                        !s.fits(fk, || form) || s.may_fit_name(),
                        "{text:?} {fk:?} {form:?} ignore_case {ignore_case}"
                    );
                }
                refused += usize::from(!s.may_fit_name());
            }
        }
        // Lower-case words, in both case-keeping modes, and the surfaces
        // with no letter or digit.
        assert!(refused >= 8, "{refused}");
    }

    /// "The Fort" is one of Augusta's alternate names; the article yields
    /// to the longer name that starts after it, and a name that is "the"
    /// and more with nothing longer after it ("The Hague") stays.
    #[test]
    fn an_article_yields_to_a_longer_name_after_it() {
        let g = Gazetteer::embedded().unwrap();
        let text = "The Fort Worth, Texas-based retailer filed. The Hague ruled.";
        let got = found(&g, text);
        assert!(got.contains(&"Fort Worth".to_string()), "{got:?}");
        assert!(got.contains(&"The Hague".to_string()), "{got:?}");
        assert!(!got.iter().any(|s| s == "The Fort"), "{got:?}");
    }

    macro_rules! t {
        ($name:ident, $text:expr, [$($want:expr),*]) => {
            #[test]
            fn $name() {
                let g = gaz();
                let want: Vec<String> = vec![$($want.to_string()),*];
                assert_eq!(found(&g, $text), want);
            }
        };
    }

    t!(word_boundary, "Bernard met Bern.", ["Bern"]);
    t!(longest, "in Idlib province today", ["Idlib province"]);
    t!(province_of, "the province of Idlib.", ["province of Idlib"]);
    t!(possessive, "Syria’s last province", ["Syria"]);
    t!(common_word_lower, "a nice day in Nice", ["Nice"]);
    t!(acronym_not_place, "the NICE guidance", []);
    t!(abbrev_exact, "the M4 and the m4 and M-4", ["M4", "M-4"]);
    t!(abbrev_dots, "the U.S. and us", ["U.S"]);
    t!(
        blocker_wins,
        "the Free Syrian Army said",
        ["Free Syrian Army"]
    );
    t!(demonym, "Syrian forces", ["Syrian"]);
    t!(
        lower_case_article,
        "troops entered al-Idlib and al Idlib but not al-idlib",
        ["al-Idlib", "al Idlib"]
    );
    t!(
        arabic_in_english_text,
        "Shelling hit إدلب and Bern",
        ["إدلب", "Bern"]
    );
    t!(barrier, "Bern. Nice", ["Bern", "Nice"]);
    t!(
        headline_caps,
        "CLASHES ERUPT IN IDLIB AS TALKS FAIL\nmore text here",
        ["IDLIB"]
    );

    t!(
        dateline_agency,
        "NICE, France (AFP) — Officials said the NICE guidance stands.",
        ["NICE"]
    );
    t!(
        dateline_after_headline,
        "Storm floods the coast: BERN (Reuters) - Rain fell all week.",
        ["BERN"]
    );
    t!(
        dateline_dash_at_line_start,
        "Storm floods the coast\nBERN — Rain fell all week.",
        ["BERN"]
    );
    t!(
        acronym_before_dash_in_running_text,
        "We read the NICE - and other - guidance.",
        []
    );
    t!(
        acronym_before_other_parentheses,
        "A report by NICE (Britain) said so.",
        []
    );

    #[test]
    fn dateline_needs_its_head_and_its_tail() {
        use crate::lexicon::text::dateline;
        let at = |t: &str, w: &str| {
            let s = t.find(w).unwrap();
            dateline(t, s, s + w.len())
        };
        assert!(at("SANAA, Yemen (AP) — Rebels", "SANAA"));
        assert!(at("COLUMBUS, Ohio -- Health", "COLUMBUS"));
        assert!(at("WASHINGTON, Feb. 3 (Reuters) - The", "WASHINGTON"));
        assert!(at("  NEW YORK — On the", "NEW YORK"));
        assert!(at("Talks fail | GENEVA (dpa) The", "GENEVA"));
        // Not at the head of a story or a line.
        assert!(!at("the WHO (Reuters) said", "WHO"));
        assert!(!at("rates fell, WHO - The", "WHO"));
        // A bare dash after a headline's colon, a comma before a lower-case
        // word, or an unknown name in parentheses is not a dateline.
        assert!(!at("Update: NATO - The", "NATO"));
        assert!(!at("NATO, the alliance — said", "NATO"));
        assert!(!at("NATO (Brussels) — The", "NATO"));
        assert!(!at("NATO, Russia and Europe met", "NATO"));
    }

    #[test]
    fn generic_lead_needs_a_capitalised_last_word() {
        assert!(generic_lead("province of Idlib"));
        assert!(generic_lead("city  Hatay"));
        assert!(!generic_lead("province"));
        assert!(!generic_lead("province of idlib"));
        assert!(!generic_lead("the Idlib"));
        assert!(!generic_lead(""));
    }

    #[test]
    fn mixed_case_acronyms_are_not_camel_case_names() {
        for w in ["SuSE", "UConn", "LEDs", "BoE", "IgA", "OSs", "IJssel"] {
            assert!(mixed_case_acronym(w), "{w}");
        }
        for w in [
            "McAllen",
            "PyeongChang",
            "KwaZulu",
            "N'Djamena",
            "D.C.",
            "DC",
            "Paris",
            "McDonald's",
        ] {
            assert!(!mixed_case_acronym(w), "{w}");
        }
    }

    /// A word written like an acronym in mixed case matches only a form
    /// written so.
    #[test]
    fn a_mixed_case_acronym_matches_only_its_own_spelling() {
        let places = ["Suse", "Boe", "IJsselmeer"]
            .map(|n| Place::new(&format!("x:{n}"), Kind::City, n, 0.0, 0.0));
        let mut g = Gazetteer::empty();
        g.push_places(&places, &[], &[]).unwrap();
        let text = "SuSE and BoE met at IJsselmeer; Suse, Boe.";
        assert_eq!(found(&g, text), ["IJsselmeer", "Suse", "Boe"]);
    }

    #[test]
    fn mostly_lowercase_counts_unicode_letters() {
        assert!(mostly_lowercase("we flew to germany"));
        assert!(!mostly_lowercase("we flew to Germany"));
        assert!(!mostly_lowercase("ÉÉÉ"));
        assert!(mostly_lowercase("élan à düsseldorf"));
        assert!(!mostly_lowercase("1234 !!"));
        let long = format!("{}Ä", "a".repeat(250));
        assert!(mostly_lowercase(&long));
    }

    /// The early answer of `mostly_lowercase` is the answer of counting
    /// every letter: capitals early or late, ASCII and not, around the
    /// 256-byte blocks.
    #[test]
    fn mostly_lowercase_stops_early_with_the_same_answer() {
        let counted = |text: &str| {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let upper = (text.chars())
                .filter(|c| c.is_alphabetic() && c.is_uppercase())
                .count();
            (letters > 0 && upper == 0) || (letters >= 20 && upper * 200 < letters)
        };
        let mut texts = vec![
            format!("A{}", "b".repeat(250)),
            format!("AB{}", "b".repeat(300)),
            format!("AB{}", "b".repeat(500)),
            format!("{}É", "é".repeat(300)),
            format!("{}Z", "z ".repeat(100)),
            "Idlib and Aleppo. ".repeat(50),
        ];
        for n in [199, 200, 201, 255, 256, 257, 399, 400, 401, 512] {
            texts.push(format!("Q{}", "q".repeat(n)));
            texts.push(format!("{}QQ{}", "q".repeat(n), "ü".repeat(n)));
        }
        for t in &texts {
            assert_eq!(mostly_lowercase(t), counted(t), "{} bytes", t.len());
        }
    }

    #[test]
    fn lowercase_text_mode() {
        let g = gaz();
        let text = "clashes in idlib province and talks in bern went on for many hours today";
        assert_eq!(found(&g, text), vec!["idlib province", "bern"]);
    }

    #[test]
    fn format_chars_do_not_split_words() {
        // Issue 11: a zero-width joiner inside "Ankara" gave a false "Ank".
        let mut g = Gazetteer::empty();
        let ankara = Place::new("t:1", Kind::City, "Ankara", 39.9, 32.8);
        let ank = Place::new("t:2", Kind::City, "Ank", 10.0, 10.0);
        g.push_places(&[ankara, ank], &[], &[]).unwrap();
        let text = "talks in Ank\u{200d}ara and Ank\u{ad}ara today";
        assert_eq!(found(&g, text), vec!["Ank\u{200d}ara", "Ank\u{ad}ara"]);
    }

    #[test]
    fn reused_scratch_finds_the_same() {
        let g = gaz();
        let matcher = Matcher::new(&g);
        let mut scratch = Scratch::default();
        let texts = [
            "CLASHES ERUPT IN IDLIB AS TALKS FAIL\nmore text here, a long first one",
            "the U.S. and us",
            "",
            "in Idlib province today, Syria’s last province, Bern. Nice",
        ];
        for text in texts {
            let fresh = matcher.find(text);
            let reused = matcher.find_with(text, &mut scratch);
            assert_eq!(reused.candidates, fresh.candidates);
        }
    }

    #[test]
    fn long_document_buffers_are_freed() {
        let g = gaz();
        let matcher = Matcher::new(&g);
        let mut scratch = Scratch::default();
        let article = "Shelling hit Idlib province, and talks in Bern failed. ".repeat(20);
        matcher.find_with(&article, &mut scratch);
        let kept = scratch.heap_bytes();
        assert!(kept > 0 && kept < Scratch::KEEP_BYTES);
        let long = article.repeat(2_000);
        let m = matcher.find_with(&long, &mut scratch);
        assert_eq!(m.candidates.len(), 2 * 20 * 2_000);
        assert!(scratch.heap_bytes() <= Scratch::KEEP_BYTES);
    }

    #[test]
    fn entries_are_kept_at_their_exact_size() {
        // A long document holds every candidate until it is resolved: no
        // growth slack per candidate.
        let g = gaz();
        let m = Matcher::new(&g).find("talks in Bern and Idlib Province today");
        assert_eq!(m.candidates.len(), 2);
        for c in &m.candidates {
            assert_eq!(c.entries.capacity(), c.entries.len());
        }
    }

    #[test]
    fn same_name_in_two_layers_is_one_candidate() {
        let mut g = gaz();
        let bern = Place::new("b:1", Kind::City, "Bern", 40.0, -80.0);
        g.push_places(&[bern], &[], &[]).unwrap();
        let m = Matcher::new(&g).find("talks in Bern today");
        assert_eq!(m.candidates.len(), 1);
        assert_eq!(m.candidates[0].entries.len(), 2);
        assert_eq!(m.candidates[0].entries[1].form, "Bern");
    }

    /// A hit's entries are its key's postings in order but those an upper
    /// layer redefines: blockers, a place redefined (left out), the upper
    /// layer's places, and places of the layer below; the matcher's loop
    /// over them gives what the iterator gives.
    #[test]
    fn a_hits_entries_leave_out_what_an_upper_layer_redefines() {
        let mut g = gaz();
        let bern = Place::new("a:2", Kind::City, "Bern", 40.0, -80.0);
        let nice = Place::new("b:1", Kind::City, "Nice", 40.0, -80.0);
        g.push_places(&[bern, nice], &[], &["Bern Nice".to_string()])
            .unwrap();
        let n = crate::normalize::normalize("Free Syrian Army in Bern Nice, Idlib and US");
        let hits = g.find_keys(&n.text);
        assert!(hits.len() >= 6, "{hits:?}");
        for hit in &hits {
            let l = usize::from(hit.layer);
            let idx = &g.layers()[l];
            let base: usize = g.layers()[..l].iter().map(|i| i.len()).sum();
            let want: Vec<_> = (idx.postings(hit.key))
                .filter(|p| p.place < idx.len() as u32 || p.place == NO_PLACE)
                .map(|p| {
                    let place = (p.place != NO_PLACE).then(|| PlaceId((base as u32) + p.place));
                    (place, p.form_kind, idx.form(&p))
                })
                .filter(|(p, _, _)| !p.is_some_and(|p| g.is_shadowed(p)))
                .collect();
            let got: Vec<_> = (g.lazy_entries(hit))
                .map(|(p, k, f)| (p, k, f.get()))
                .collect();
            assert_eq!(got, want, "{hit:?}");
            let mut looped = Vec::new();
            g.for_each_lazy_entry(hit, |p, k, f| looped.push((p, k, f.get())));
            assert_eq!(looped, want, "{hit:?}");
            let named: Vec<_> = g.entries(hit).collect();
            assert_eq!(named, want, "{hit:?}");
        }
        let bern = g.find_keys(" bern ");
        let all: usize = bern.iter().map(|h| g.lazy_entries(h).count()).sum();
        assert_eq!(all, 1, "the redefined Bern is left out: {bern:?}");
    }

    /// Hits are ordered as the stable sort orders them: by start, longest
    /// first, equal spans (two layers, a variant) in the order found.
    #[test]
    fn hits_are_ordered_as_the_stable_sort_orders_them() {
        let hit = |start, end, layer, variant| KeyHit {
            start,
            end,
            layer,
            key: (start * 100 + end) as u32 + u32::from(layer) * 7,
            variant,
        };
        let lists = [
            vec![],
            vec![hit(1, 5, 0, false)],
            // One layer's walk: by start, ends increasing.
            vec![
                hit(1, 5, 0, false),
                hit(1, 9, 0, false),
                hit(1, 12, 0, false),
                hit(7, 9, 0, false),
            ],
            // Two layers with the same spans, then variants.
            vec![
                hit(1, 5, 0, false),
                hit(1, 9, 0, false),
                hit(7, 9, 0, false),
                hit(1, 5, 1, false),
                hit(1, 9, 1, false),
                hit(3, 9, 0, true),
                hit(1, 12, 0, true),
            ],
            // Equal spans next to each other, and a run that goes down.
            vec![
                hit(1, 5, 0, false),
                hit(1, 5, 1, false),
                hit(1, 9, 0, false),
                hit(1, 3, 1, false),
            ],
        ];
        for list in lists {
            let mut want = list.clone();
            want.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut got = list.clone();
            order_hits(&mut got);
            let show = |l: &[KeyHit]| {
                l.iter()
                    .map(|h| (h.start, h.end, h.key))
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&got), show(&want), "{:?}", show(&list));
        }
    }

    /// A code whose place's name ends with punctuation ("Washington,
    /// D.C.", which `Gazetteer::lookup` does not find) is found by the
    /// name's key, without the scan of every place id (81 M instructions
    /// on the first such code of a run).
    #[test]
    fn code_place_by_key_needs_no_scan() {
        let mut g = Gazetteer::empty();
        let mut dc = Place::new(
            "geonames:4138106",
            Kind::Admin1,
            "Washington, D.C.",
            38.9,
            -77.0,
        );
        dc.country = "US".into();
        g.push_places(&[dc], &[], &[]).unwrap();
        assert!(g.lookup("Washington, D.C.").is_empty());
        let matcher = Matcher::new(&g);
        let m = matcher.find("Protests went on in DC on Monday.");
        let places: Vec<_> = (m.candidates.iter())
            .flat_map(|c| c.entries.iter().filter_map(|e| e.place))
            .collect();
        assert_eq!(places, [PlaceId(0)]);
        assert!(matcher.code_places.get().is_none());
    }

    #[test]
    fn matcher_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Gazetteer>();
        check::<Matcher<'static>>();
    }
}
