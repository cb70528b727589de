//! The gazetteer: every place the tool can find, with its names, kind,
//! population and geometry.
//!
//! A [`Gazetteer`] is a stack of compiled [`Index`] layers: the embedded
//! world gazetteer (compiled into the binary at build time) and any user
//! gazetteers. Places are addressed by [`PlaceId`] across all layers.
//! The files that feed it are read by one loader per format (`tsv` for the
//! project's own format; `geonames`, `csv` and `geojson` for user
//! gazetteers), and [`load`] detects the format of a user gazetteer and
//! dispatches to them.

pub mod csv;
pub mod geojson;
pub mod geonames;
pub mod index;
pub mod load;
pub mod place;
pub mod tsv;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use index::{CompileStats, Index, NO_PLACE, NO_TOKEN, Posting, TokenIds};
pub use place::{Demonym, FormKind, Kind, Place};

use crate::error::Result;

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));

/// The embedded index's countries and first-level divisions
/// ([`Index::areas`]), listed by `build.rs`.
static EMBEDDED_AREAS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.areas"));

/// A place number across all layers of a [`Gazetteer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// The least bounding-box area, in square kilometres, of a first-level
/// division that stands for a state or a province rather than a
/// municipality: 500 km² (a box about 22 km across) leaves out the 664
/// municipality-sized first-level units of the embedded gazetteer
/// (Slovenia 177, Malta 67, North Macedonia 44, ...) and keeps every state,
/// province and governorate of the larger countries. The matcher finds only
/// bigger divisions' names in lower case; the resolver scores smaller ones
/// as municipalities.
pub const MUNICIPAL_DIVISION_KM2: f64 = 500.0;

/// A stack of compiled gazetteer layers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    layers: Vec<Index>,
    bases: Vec<u32>,
    /// How many bottom layers are the embedded gazetteer (0 or 1).
    embedded_layers: usize,
    by_id: OnceLock<HashMap<String, PlaceId>>,
    /// Per place: whether an upper layer has a place with the same id (the
    /// user's Aleppo replaces the embedded one). Built on first need, and
    /// only when there is more than one layer.
    shadowed: OnceLock<Vec<bool>>,
}

/// A read-only view of one place.
#[derive(Clone, Copy)]
pub struct PlaceRef<'g> {
    /// The place's record, cut once: kind, country, population and the
    /// strings are read from it with no check per read.
    record: index::Record<'g>,
    /// The place's number.
    pub id: PlaceId,
}

impl std::fmt::Debug for PlaceRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceRef")
            .field("place_id", &self.place_id())
            .field("name", &self.name())
            .field("kind", &self.kind())
            .finish()
    }
}

impl<'g> PlaceRef<'g> {
    /// The stable id (`geonames:169387`).
    pub fn place_id(&self) -> &'g str {
        self.record.id()
    }
    /// The display name.
    pub fn name(&self) -> &'g str {
        self.record.name()
    }
    /// The kind.
    pub fn kind(&self) -> Kind {
        self.record.kind()
    }
    /// ISO country code, empty when none.
    pub fn country(&self) -> &'g str {
        self.record.country()
    }
    /// First-level division name, empty when none.
    pub fn admin1(&self) -> &'g str {
        self.record.admin1()
    }
    /// Latitude of the representative point.
    pub fn lat(&self) -> f64 {
        self.record.lat()
    }
    /// Longitude of the representative point.
    pub fn lon(&self) -> f64 {
        self.record.lon()
    }
    /// Population, 0 when unknown.
    pub fn population(&self) -> u64 {
        self.record.population()
    }
    /// The source tag.
    pub fn source(&self) -> &'g str {
        self.record.source()
    }
    /// The note (for example that a line is schematic).
    pub fn note(&self) -> &'g str {
        self.record.note()
    }
    /// The summary of the geometry computed when the index was built
    /// (type at each precision, bbox): `None` for a point place, or a
    /// geometry the summary refused (its JSON then tells why).
    pub fn geometry_summary(&self) -> Option<crate::geom::Summary> {
        self.record.summary()
    }
    /// The geometry as compact GeoJSON, or `None` for a point place.
    pub fn geometry_json(&self) -> Option<&'g str> {
        let g = self.record.geometry();
        (!g.is_empty()).then_some(g)
    }
}

/// A key hit in normalized text: `start..end` are normalized byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHit {
    /// Start of the key's tokens in the normalized text.
    pub start: usize,
    /// End of the key's tokens in the normalized text.
    pub end: usize,
    pub(crate) layer: u16,
    pub(crate) key: u32,
    /// Whether the hit is of a transliteration skeleton key (a variant
    /// spelling: see [`Gazetteer::variant_fits`]).
    pub variant: bool,
}

impl KeyHit {
    /// A hit of a key as it is (not a variant).
    fn exact(start: usize, end: usize, layer: usize, key: u32) -> KeyHit {
        KeyHit {
            start,
            end,
            layer: layer as u16,
            key,
            variant: false,
        }
    }
}

impl Gazetteer {
    /// The embedded world gazetteer, compiled into the binary.
    pub fn embedded() -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        g.push(Index::from_embedded(EMBEDDED, EMBEDDED_AREAS)?);
        g.embedded_layers = 1;
        Ok(g)
    }

    /// An empty gazetteer, to stack user layers on.
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }

    /// Compiles places, demonyms and blocker names into a new layer on top.
    pub fn push_places(
        &mut self,
        places: &[Place],
        demonyms: &[Demonym],
        blockers: &[String],
    ) -> Result<CompileStats> {
        let (bytes, stats) = index::compile(places, demonyms, blockers)?;
        self.push(Index::from_compiled(bytes)?);
        Ok(stats)
    }

    /// Adds a compiled layer on top.
    pub fn push(&mut self, index: Index) {
        let base = self
            .bases
            .last()
            .zip(self.layers.last())
            .map(|(b, l)| b + l.len() as u32)
            .unwrap_or(0);
        self.bases.push(base);
        self.layers.push(index);
        self.by_id = OnceLock::new();
        self.shadowed = OnceLock::new();
    }

    /// Whether an upper layer redefines this place (same id): such a place
    /// is never a candidate, so the upper layer's version wins everywhere.
    pub fn is_shadowed(&self, id: PlaceId) -> bool {
        self.layers.len() > 1
            && self
                .shadowed
                .get_or_init(|| {
                    let mut out = vec![false; self.len()];
                    let mut above: std::collections::HashSet<&str> = Default::default();
                    for (l, idx) in self.layers.iter().enumerate().rev() {
                        let base = self.bases[l] as usize;
                        for i in 0..idx.len() {
                            if above.contains(idx.id(i)) {
                                out[base + i] = true;
                            }
                        }
                        if l > 0 {
                            above.extend((0..idx.len()).map(|i| idx.id(i)));
                        }
                    }
                    out
                })
                .get(id.0 as usize)
                .copied()
                .unwrap_or(false)
    }

    /// The layers, bottom first.
    pub fn layers(&self) -> &[Index] {
        &self.layers
    }

    /// Whether any place of any layer is in the country with this ISO
    /// 3166-1 alpha-2 code (ASCII case ignored). Reads every place record
    /// until one is found: for checking user input, not for a hot path.
    pub fn has_country(&self, code: &str) -> bool {
        self.layers
            .iter()
            .any(|index| (0..index.len()).any(|i| index.country(i).eq_ignore_ascii_case(code)))
    }

    /// The countries and first-level divisions of every layer, in the
    /// order of their ids ([`Index::areas`]).
    pub fn areas(&self) -> impl Iterator<Item = PlaceId> + '_ {
        (self.layers.iter().zip(&self.bases))
            .flat_map(|(index, &base)| index.areas().iter().map(move |&i| PlaceId(base + i)))
    }

    /// Total number of places.
    pub fn len(&self) -> usize {
        self.layers.iter().map(Index::len).sum()
    }

    /// Whether there are no places at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A view of a place.
    ///
    /// # Panics
    /// When `id` is not a place of this gazetteer.
    #[inline(always)]
    pub fn place(&self, id: PlaceId) -> PlaceRef<'_> {
        // One layer (the embedded gazetteer alone, the common case): no
        // search for the layer, and its base is 0. (Asked ~190,000 times
        // per MB of news from all over the resolver: always inlined, the
        // one-layer case is a few instructions.)
        let record = if let [only] = self.layers.as_slice() {
            only.record(id.0 as usize)
        } else {
            self.place_in_layers(id)
        };
        PlaceRef { record, id }
    }

    /// [`Gazetteer::place`]'s record with more than one layer.
    #[inline(never)]
    fn place_in_layers(&self, id: PlaceId) -> index::Record<'_> {
        let layer = self.bases.partition_point(|&b| b <= id.0) - 1;
        let local = (id.0 - self.bases[layer]) as usize;
        self.layers[layer].record(local)
    }

    /// Whether a place comes from a gazetteer the user gave (not from the
    /// embedded one). A place the user added on purpose is not dropped for
    /// lack of support in the text.
    pub fn is_user_place(&self, id: PlaceId) -> bool {
        let layer = self.bases.partition_point(|&b| b <= id.0) - 1;
        layer >= self.embedded_layers
    }

    /// Looks a place up by its stable id; upper layers win.
    pub fn by_id(&self, place_id: &str) -> Option<PlaceId> {
        self.by_id
            .get_or_init(|| {
                let mut m = HashMap::with_capacity(self.len());
                for (l, idx) in self.layers.iter().enumerate() {
                    for i in 0..idx.len() {
                        m.insert(idx.id(i).to_string(), PlaceId(self.bases[l] + i as u32));
                    }
                }
                m
            })
            .get(place_id)
            .copied()
    }

    /// All key hits in a normalized text, over all layers, overlapping.
    pub fn find_keys(&self, normalized: &str) -> Vec<KeyHit> {
        let mut out = Vec::new();
        for (l, idx) in self.layers.iter().enumerate() {
            idx.for_each_key(normalized, |start, end, key| {
                out.push(KeyHit::exact(start, end, l, key))
            });
        }
        out
    }

    /// Like [`Gazetteer::find_keys`] in a text the normalizer made,
    /// appending to `out` (a buffer reused from one document to the next).
    /// Each layer's hits come sorted by start, then end. `ids` keeps the
    /// numbers of the tokens in each layer's index (see
    /// [`Index::for_each_key_in`]; reused from one document to the next),
    /// for [`Gazetteer::find_variant_keys_into`].
    pub fn find_keys_into(
        &self,
        normalized: &crate::normalize::NormalizedText,
        ids: &mut Vec<TokenIds>,
        out: &mut Vec<KeyHit>,
    ) {
        ids.resize_with(self.layers.len(), TokenIds::default);
        for ((l, idx), ids) in self.layers.iter().enumerate().zip(ids.iter_mut()) {
            idx.for_each_key_in(normalized, ids, |start, end, key| {
                out.push(KeyHit::exact(start, end, l, key))
            });
        }
    }

    /// Appends the hits of the transliteration skeleton keys
    /// ([`crate::translit`]) in `normalized` (the normalized copy of `text`)
    /// whose span no exact key hit in `out` has: a variant spelling of an
    /// Arabic-derived name that the exact keys miss. Call it after
    /// [`Gazetteer::find_keys_into`] with the same `out` and `ids`. A variant starts
    /// only at a word written with a capital (or in a script without case)
    /// or at the article `al`, so most words of a text are not walked.
    pub fn find_variant_keys_into(
        &self,
        normalized: &crate::normalize::NormalizedText,
        text: &str,
        ids: &[TokenIds],
        out: &mut Vec<KeyHit>,
    ) {
        let exact = out.len();
        let bytes = normalized.text.as_bytes();
        // A word written with a capital (or in a script without case), or
        // the article.
        // (Most tokens start with a lower-case ASCII letter: refused on
        // that byte and the normalized token's first bytes, "al " being no
        // barrier.)
        let startable_from = |b: usize, at: usize| match text.as_bytes().get(b) {
            Some(c) if c.is_ascii_uppercase() => bytes[at] != b'|',
            Some(c) if c.is_ascii() => bytes[at..].starts_with(b"al "),
            _ => {
                let capital = (text[b..].chars().next())
                    .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase());
                bytes[at] != b'|' && (capital || bytes[at..].starts_with(b"al "))
            }
        };
        let startable =
            |i: usize, at: usize| startable_from(normalized.original_start_of(i, at), at);
        let skeleton = |i: usize, at: usize, tok: &[u8], next: Option<&[u8]>, out: &mut Vec<u8>| {
            crate::translit::skeleton_token(tok, next, startable(i, at), out);
        };
        for ((l, idx), ids) in self.layers.iter().enumerate().zip(ids) {
            // Most tokens start with a lower-case ASCII letter: decided
            // here on two reads, without a call of `startable_from`.
            let starts = (normalized.token_starts().enumerate())
                .filter(|&(_, (at, b))| match text.as_bytes().get(b) {
                    Some(c) if c.is_ascii_lowercase() => bytes[at..].starts_with(b"al "),
                    _ => startable_from(b, at),
                })
                .map(|(i, _)| i);
            idx.for_each_skeleton_key(normalized, ids, starts, skeleton, |start, end, key| {
                if !has_span(&out[..exact], start, end) {
                    out.push(KeyHit {
                        start,
                        end,
                        layer: l as u16,
                        key,
                        variant: true,
                    });
                }
            });
        }
    }

    /// Whether the surface of a variant hit (at byte `start` of `text`) is
    /// written as a name: its last word capitalised (or in a script without
    /// case), not in capitals ("MEYSSAN") nor with a capital inside a word
    /// ("CKinnane"), not glued to a letter, digit, `@`, `#`, `/` or `_`
    /// before it ("1Akae", "@Name"), and not one English word or person's name
    /// ("Game", "Leila", "Bosch"), which as a variant spelling is that word.
    pub fn variant_fits(text: &str, start: usize, surface: &str) -> bool {
        use crate::lexicon::{names::person_name, words};
        let glued = (text[..start].chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '#' | '/' | '_'));
        // "CKinnane", "iPhone": a capital inside a word is a handle or a brand.
        let inner_capital = surface
            .split([' ', '-'])
            .any(|w| w.chars().skip(1).any(char::is_uppercase));
        let last = surface.rsplit([' ', '-']).next().unwrap_or(surface);
        let capital = last
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_lowercase());
        let letters = || surface.chars().filter(|c| c.is_alphabetic());
        let caps = letters().count() > 1 && letters().all(char::is_uppercase);
        let one_word = !surface.contains([' ', '-']);
        let plain = one_word
            && (words::is_common_word(surface)
                || words::is_first_name(surface)
                || person_name(surface).is_some());
        !glued && capital && !caps && !inner_capital && !plain
    }

    /// The entries behind a key hit: `(place, form kind, form)`; the place is
    /// `None` for blocker names. Places that an upper layer redefines are
    /// left out.
    pub fn entries(&self, hit: &KeyHit) -> impl Iterator<Item = (Option<PlaceId>, FormKind, &str)> {
        (self.lazy_entries(hit)).map(|(place, fk, form)| (place, fk, form.get()))
    }

    /// [`Gazetteer::entries`] with each form read from the index only when
    /// it is asked for (most entries of a hit are dropped on their place
    /// or form kind alone).
    pub fn lazy_entries(
        &self,
        hit: &KeyHit,
    ) -> impl Iterator<Item = (Option<PlaceId>, FormKind, LazyForm<'_>)> {
        let idx = &self.layers[hit.layer as usize];
        let base = self.bases[hit.layer as usize];
        let (n, layered) = (idx.len() as u32, self.layers.len() > 1);
        idx.postings(hit.key).filter_map(move |p| {
            let place = self.posting_place(p.place, base, n, layered)?;
            Some((place, p.form_kind, LazyForm { idx, posting: p }))
        })
    }

    /// The place of a posting of a layer whose first place is `base` and
    /// that has `n` places: `Some(None)` for a blocker name, `None` for a
    /// posting that is no entry (past the layer's places, or a place an
    /// upper layer redefines).
    #[inline]
    fn posting_place(
        &self,
        local: u32,
        base: u32,
        n: u32,
        layered: bool,
    ) -> Option<Option<PlaceId>> {
        if local == NO_PLACE {
            return Some(None);
        }
        if local >= n {
            return None;
        }
        let place = PlaceId(base + local);
        (!(layered && self.is_shadowed(place))).then_some(Some(place))
    }

    /// Whether the key of a hit has an abbreviation entry (read from the
    /// index's bit per key, not from its entries).
    #[inline]
    pub(crate) fn hit_has_abbrev(&self, hit: &KeyHit) -> bool {
        (self.layers.get(hit.layer as usize)).is_some_and(|idx| idx.key_has_abbrev(hit.key))
    }

    /// Asks the cache for what the matcher reads of each hit's key, then
    /// for its first postings: the reads of a text's hits wait for memory
    /// together, not one after another (a hint: nothing else changes).
    pub(crate) fn prefetch_hits(&self, hits: &[KeyHit]) {
        for h in hits {
            if let Some(idx) = self.layers.get(h.layer as usize) {
                idx.prefetch_key(h.key);
            }
        }
        for h in hits {
            if let Some(idx) = self.layers.get(h.layer as usize) {
                idx.prefetch_postings(h.key);
            }
        }
    }

    /// Calls `each` for every entry of [`Gazetteer::lazy_entries`], in
    /// the same order: a loop over the key's postings, which the matcher's
    /// per-hit loop runs without the iterator's fold per entry (as a
    /// chain of filters, or as a hand-written iterator, each entry cost
    /// more).
    #[inline]
    pub fn for_each_lazy_entry<'s>(
        &'s self,
        hit: &KeyHit,
        mut each: impl FnMut(Option<PlaceId>, FormKind, LazyForm<'s>),
    ) {
        let l = hit.layer as usize;
        let (idx, base) = (&self.layers[l], self.bases[l]);
        let n = idx.len() as u32;
        let layered = self.layers.len() > 1;
        for p in idx.postings(hit.key) {
            // One call of `each` (not one per branch): the closure is then
            // inlined into the loop.
            let Some(place) = self.posting_place(p.place, base, n, layered) else {
                continue;
            };
            each(place, p.form_kind, LazyForm { idx, posting: p });
        }
    }

    /// The entries for a name typed by a user (for lookups).
    pub fn lookup(&self, name: &str) -> Vec<(Option<PlaceId>, FormKind, String)> {
        let n = crate::normalize::normalize(name);
        let key_len = n.text.trim_end().len();
        self.find_keys(&n.text)
            .iter()
            .filter(|h| h.start == 1 && h.end == key_len)
            .flat_map(|h| self.entries(h).map(|(p, k, f)| (p, k, f.to_string())))
            .collect()
    }

    /// The entries of the key a name makes as the index makes its keys
    /// ([`crate::normalize::normalize_key`]), top layer first: unlike
    /// [`Gazetteer::lookup`], punctuation at the ends of the name is not
    /// part of it ("Washington, D.C.").
    pub fn key_entries(&self, name: &str) -> Vec<(Option<PlaceId>, FormKind, &str)> {
        let mut out = Vec::new();
        for (l, idx) in self.layers.iter().enumerate().rev() {
            if let Some(key) = idx.key_of(name) {
                let (start, end, layer) = (0, 0, l as u16);
                let hit = KeyHit {
                    start,
                    end,
                    layer,
                    key,
                    variant: false,
                };
                out.extend(self.entries(&hit));
            }
        }
        out
    }
}

/// The form of an entry of [`Gazetteer::lazy_entries`], read when asked.
#[derive(Debug, Clone, Copy)]
pub struct LazyForm<'g> {
    idx: &'g Index,
    posting: Posting,
}

impl<'g> LazyForm<'g> {
    /// The form (the name as the gazetteer spells it).
    pub fn get(&self) -> &'g str {
        self.idx.form(&self.posting)
    }
}

/// Whether a hit list (one block per layer, each sorted by start, then end)
/// has a hit with the span `start..end`.
fn has_span(mut hits: &[KeyHit], start: usize, end: usize) -> bool {
    while let Some(h) = hits.first() {
        let n = hits.partition_point(|x| x.layer == h.layer);
        let block = &hits[..n];
        let i = block.partition_point(|x| (x.start, x.end) < (start, end));
        if block
            .get(i)
            .is_some_and(|x| x.start == start && x.end == end)
        {
            return true;
        }
        hits = &hits[n..];
    }
    false
}
