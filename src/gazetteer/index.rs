//! The compiled gazetteer index: a flat little-endian byte layout that loads
//! without parsing names, so start-up stays in milliseconds even for hundreds
//! of thousands of names.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic "GEOMIDX\0" | version u32 | n_places u32 | n_keys u32 | n_postings u32
//! | strings_len u32 | names_len u32
//! | trie header: n_tokens u32 | n_slots u32 | token_bytes_len u32 | n_states u32
//!   | n_edges u32 | n_first u32 | skeleton_root u32
//! | n_summaries u32
//! | places   n_places × 80-byte records (the last 4 bytes: the place's
//!            geometry summary number + 1, 0 for none)
//! | summaries n_summaries × 40 bytes: bbox 4 × f64, type u8, 1 pad,
//!            kept mask u16, verbatim mask u16, 2 pad (a `geom::Summary`)
//! | keys     (n_keys + 1) × u32: first posting of each key
//! | abbrevs  ⌈n_keys / 8⌉ bytes: bit k % 8 of byte k / 8 is set when key k
//!            has an abbreviation posting (the matcher skips the postings of
//!            a lower-case word whose key has none: no other form can fit it)
//! | postings n_postings × 16 bytes: place u32, form kind u8, 3 pad, form string (u32 off, u32 len)
//! | strings  UTF-8 bytes
//! | slots    n_slots × u32: token hash table (8-bit hash tag << 24 | token + 1; 0 empty)
//! | tok_off  (n_tokens + 1) × u32: where each token's bytes start
//! | tokens   token_bytes_len bytes
//! | finals   n_states × u32: the key number a state ends, or u32::MAX
//! | edge_off (n_states + 1) × u32: first edge of each state
//! | edges    n_edges × 8 bytes: token u32, next state u32 (sorted by token per state)
//! | names    an FST map from normalized key to key number (the `fst` crate)
//! ```
//!
//! Matching walks a *token trie* of the keys from every token start of the
//! normalized text: each text token is looked up once in a hash table of
//! the tokens that occur in keys (most are not there, and a walk stops at
//! such a token), and the trie steps one token at a time. It reports the
//! keys that end on a token boundary, so every hit is on token boundaries
//! by construction and overlapping hits are all found (the matcher picks
//! leftmost-longest). The first tokens of keys are numbered first, so the
//! root's child for such a token is its number + 1 and needs no search;
//! a deeper state's edges are binary-searched. The skeleton keys of
//! [`crate::translit`] hang under their own root. The trie replaced a
//! byte-by-byte walk of the FST, which decoded an FST node per byte of
//! text. The FST stays the list of keys (streams, and the check of the
//! trie in [`Index::verify`]). Both are searched in place: loading the
//! embedded index copies and parses nothing, which keeps start-up in
//! milliseconds with 300,000 names (a deserialized automaton took 40 ms).
//!
//! A place with a geometry has a *summary* ([`crate::geom::Summary`]):
//! its type, which precisions leave something of it after rounding, and
//! its bbox, computed by [`compile`] from the geometry's JSON so that a
//! mention row reads 40 bytes instead of parsing a country's outline. A
//! geometry that [`crate::geom::summary`] refuses has none, and the output
//! then reports the error from its JSON. The summary also says at which
//! precisions the output's geometry is the stored JSON byte for byte
//! ([`crate::geom::verbatim_mask`]), so that the GeoJSON output copies
//! it instead of parsing, repairing, rounding and writing it again.

use std::borrow::Cow;
use std::collections::HashMap;

use fst::raw::Fst;

use crate::error::{Error, Result};
use crate::gazetteer::place::{Demonym, FormKind, Kind, Place};
use crate::normalize::{NormalizedText, normalize_key};

const MAGIC: &[u8; 8] = b"GEOMIDX\0";
const VERSION: u32 = 6;
const HEADER: usize = 8 + 4 * 6 + 4 * TRIE_FIELDS + 4;
/// Number of u32 fields of the token trie in the header.
const TRIE_FIELDS: usize = 7;
/// No key ends at a trie state.
const NO_KEY: u32 = u32::MAX;

/// The number of a text token that no key holds (see
/// [`Index::for_each_key_in`]).
pub const NO_TOKEN: u32 = u32::MAX;
/// Bits of a hash slot that hold a token number + 1.
const SLOT_ID_BITS: u32 = 24;
const PLACE_REC: usize = 80;
/// Where a place record holds its summary number + 1.
const PLACE_SUMMARY: usize = 76;
const SUMMARY_REC: usize = 40;
const POSTING_REC: usize = 16;
/// The place number of blocker postings (names that are not places).
pub const NO_PLACE: u32 = u32::MAX;

/// One entry of a key while compiling: place number, form kind, form.
type KeyEntry = (u32, FormKind, String);

/// Numbers reported by [`compile`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompileStats {
    /// Places written.
    pub places: usize,
    /// Distinct normalized keys.
    pub keys: usize,
    /// Key-to-place postings.
    pub postings: usize,
    /// Name forms dropped because nothing matchable was left after
    /// normalization, or because they were too short.
    pub dropped_forms: usize,
    /// Demonyms whose place id is not in the gazetteer.
    pub unknown_demonyms: Vec<String>,
}

#[derive(Default)]
struct Strings {
    /// A `String`, so that the table is UTF-8 by construction (the
    /// embedded index relies on it: see [`Index::from_embedded`]).
    buf: String,
    seen: HashMap<String, (u32, u32)>,
}

impl Strings {
    fn add(&mut self, s: &str) -> (u32, u32) {
        if s.is_empty() {
            return (0, 0);
        }
        if let Some(&r) = self.seen.get(s) {
            return r;
        }
        let r = (self.buf.len() as u32, s.len() as u32);
        self.buf.push_str(s);
        self.seen.insert(s.to_string(), r);
        r
    }
}

/// Whether a normalized key is worth matching: at least two letters or
/// digits in all, and not only digits.
fn usable_key(key: &str) -> bool {
    let alnum = key.chars().filter(|c| c.is_alphanumeric()).count();
    alnum >= 2 && key.chars().any(|c| c.is_alphabetic())
}

/// Extra keys for a name: the name without a non-initial Arabic article
/// ("Jabal al-Zawiya" is also written "Jebel Zawiya").
fn key_variants(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let toks: Vec<&str> = key.split(' ').collect();
    if toks.len() >= 3 && toks[1..].contains(&"al") {
        let mut v = vec![toks[0]];
        v.extend(toks[1..].iter().copied().filter(|t| *t != "al"));
        out.push(v.join(" "));
    }
    out
}

/// Compiles places, demonyms and blocker names (organisation names that
/// contain place names) into the index byte layout.
pub fn compile(
    places: &[Place],
    demonyms: &[Demonym],
    blockers: &[String],
) -> Result<(Vec<u8>, CompileStats)> {
    if places.len() >= NO_PLACE as usize {
        return Err(Error::invalid("too many places for one index"));
    }
    let mut stats = CompileStats {
        places: places.len(),
        ..Default::default()
    };
    let key_list = collect_keys(places, demonyms, blockers, &mut stats);
    stats.keys = key_list.len();
    // The strings that mapping reads come first (the places' ids, names
    // and divisions, then the postings' forms), those that only an output
    // reads after them (sources, notes, geometries): the pages a run
    // touches while it maps are not interleaved with outlines it may
    // never write, which kept 8 MB more of the embedded index resident.
    let mut strings = Strings::default();
    let (summary_refs, summaries) = summary_records(places);
    let hot = place_strings(places, &mut strings, |p| [&p.id, &p.name, &p.admin1]);
    let (key_offsets, postings, n_postings) = posting_records(&key_list, &mut strings);
    let cold = place_strings(places, &mut strings, |p| {
        [&p.source, &p.note, p.geometry.as_deref().unwrap_or("")]
    });
    let place_bytes = place_records(places, &summary_refs, &hot, &cold);
    let abbrevs = abbrev_bits(&key_list);
    stats.postings = n_postings as usize;
    let automaton = name_fst(&key_list)?;
    let (trie_sizes, trie) = TrieBuilder::build(&key_list)?;

    let mut out = Vec::with_capacity(
        HEADER
            + place_bytes.len()
            + summaries.len()
            + key_offsets.len()
            + abbrevs.len()
            + postings.len()
            + strings.buf.len()
            + trie.len()
            + automaton.len(),
    );
    out.extend_from_slice(MAGIC);
    for v in [
        VERSION,
        places.len() as u32,
        key_list.len() as u32,
        n_postings,
        strings.buf.len() as u32,
        automaton.len() as u32,
    ]
    .into_iter()
    .chain(trie_sizes.fields())
    .chain([(summaries.len() / SUMMARY_REC) as u32])
    {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&place_bytes);
    out.extend_from_slice(&summaries);
    out.extend_from_slice(&key_offsets);
    out.extend_from_slice(&abbrevs);
    out.extend_from_slice(&postings);
    out.extend_from_slice(strings.buf.as_bytes());
    out.extend_from_slice(&trie);
    out.extend_from_slice(&automaton);
    Ok((out, stats))
}

/// The sizes of the token trie's sections, as the header holds them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TrieSizes {
    tokens: u32,
    slots: u32,
    token_bytes: u32,
    states: u32,
    edges: u32,
    /// Tokens that start an exact key: numbers `0..first`; the root's
    /// child for token `t` is state `t + 1`.
    first: u32,
    skeleton_root: u32,
}

impl TrieSizes {
    fn fields(self) -> [u32; TRIE_FIELDS] {
        [
            self.tokens,
            self.slots,
            self.token_bytes,
            self.states,
            self.edges,
            self.first,
            self.skeleton_root,
        ]
    }

    fn read(b: &[u8]) -> TrieSizes {
        let f = |i: usize| u32_at(b, 8 + 4 * 6 + 4 * i);
        TrieSizes {
            tokens: f(0),
            slots: f(1),
            token_bytes: f(2),
            states: f(3),
            edges: f(4),
            first: f(5),
            skeleton_root: f(6),
        }
    }

    /// Bytes of the trie's sections.
    fn byte_len(self) -> usize {
        let (t, s) = (self.tokens as usize, self.states as usize);
        self.slots as usize * 4
            + (t + 1) * 4
            + self.token_bytes as usize
            + s * 4
            + (s + 1) * 4
            + self.edges as usize * 8
    }
}

/// The tokens of a key and whether it is a skeleton key (whose
/// [`crate::translit::SKELETON_PREFIX`] is left out of its first token).
fn key_tokens(key: &str) -> (bool, std::str::Split<'_, char>) {
    match key.strip_prefix(crate::translit::SKELETON_PREFIX as char) {
        Some(rest) => (true, rest.split(' ')),
        None => (false, key.split(' ')),
    }
}

/// The hash of a token, for the token table: 64 bits mixed from its bytes
/// 8 at a time (the same at build and at run time).
fn token_hash(tok: &[u8]) -> u64 {
    let mut h = tok.len() as u64;
    let mut chunks = tok.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h = (h.rotate_left(5) ^ le_tail(tok, tok.len() - chunks.remainder().len()))
        .wrapping_mul(0x517c_c1b7_2722_0a95);
    // The finalizer of splitmix64: every bit of the input reaches the low
    // bits (the slot) and the high bits (the tag).
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The bytes of `tok` from `from` on (at most 7) as a little-endian u64,
/// as if padded with zeros: read as whole words that overlap, not copied
/// byte by byte.
#[inline]
fn le_tail(tok: &[u8], from: usize) -> u64 {
    let (n, r) = (tok.len(), tok.len() - from);
    let word = |at: usize| u64::from_le_bytes(tok[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            tok[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    match r {
        0 => 0,
        // The last 8 bytes, shifted down to the tail.
        _ if n >= 8 => word(n - 8) >> (8 * (8 - r)),
        // Two 4-byte reads that overlap in the middle.
        4.. => half(0) | (half(n - 4) << (8 * (n - 4))),
        // One to three bytes: the first, the middle and the last.
        _ => {
            let b = |i: usize| u64::from(tok[i]) << (8 * i);
            b(0) | b(n / 2) | b(n - 1)
        }
    }
}

/// The slot of a hash in a table of `slots` (a power of two) and its tag.
fn slot_and_tag(h: u64, slots: usize) -> (usize, u32) {
    (
        h as usize & (slots - 1),
        (h >> (64 - (32 - SLOT_ID_BITS))) as u32,
    )
}

/// Builds the token trie of a sorted key list (key number = position).
struct TrieBuilder<'k> {
    ids: HashMap<&'k str, u32>,
    first: u32,
    /// Edges below the root: (state, token) to state.
    edges: HashMap<(u32, u32), u32>,
    finals: Vec<u32>,
}

impl<'k> TrieBuilder<'k> {
    fn build(key_list: &'k [(String, Vec<KeyEntry>)]) -> Result<(TrieSizes, Vec<u8>)> {
        let mut first = std::collections::BTreeSet::new();
        let mut all = std::collections::BTreeSet::new();
        for (key, _) in key_list {
            let (skeleton, toks) = key_tokens(key);
            for (i, t) in toks.enumerate() {
                if t.is_empty() {
                    return Err(Error::invalid(format!(
                        "name key {key:?} has an empty word"
                    )));
                }
                if i == 0 && !skeleton {
                    first.insert(t);
                }
                all.insert(t);
            }
        }
        // First tokens of exact keys first, then the others, each sorted.
        let order: Vec<&str> = (first.iter().copied())
            .chain(all.iter().copied().filter(|t| !first.contains(t)))
            .collect();
        if order.len() >= (1 << SLOT_ID_BITS) - 1 {
            return Err(Error::invalid(
                "too many distinct words in names for one index",
            ));
        }
        let ids = order
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, i as u32))
            .collect();
        let n_first = first.len() as u32;
        let mut b = TrieBuilder {
            ids,
            first: n_first,
            edges: HashMap::new(),
            // The root, its children, and the skeleton root.
            finals: vec![NO_KEY; n_first as usize + 2],
        };
        let skeleton_root = n_first + 1;
        for (k, (key, _)) in key_list.iter().enumerate() {
            let (skeleton, toks) = key_tokens(key);
            let mut state = if skeleton { skeleton_root } else { 0 };
            for t in toks {
                state = b.step(state, b.ids[t]);
            }
            b.finals[state as usize] = k as u32;
        }
        Ok(b.write(&order, skeleton_root))
    }

    /// The child of `state` for token `tok`, made if new.
    fn step(&mut self, state: u32, tok: u32) -> u32 {
        if state == 0 {
            return tok + 1;
        }
        let next = self.finals.len() as u32;
        let child = *self.edges.entry((state, tok)).or_insert(next);
        if child == next {
            self.finals.push(NO_KEY);
        }
        child
    }

    /// The trie's sections, in the layout's order.
    fn write(self, order: &[&str], skeleton_root: u32) -> (TrieSizes, Vec<u8>) {
        let n_slots = (order.len() * 2).next_power_of_two();
        let mut slots = vec![0u32; n_slots];
        let mut tok_off = Vec::with_capacity(order.len() + 1);
        let mut token_bytes = Vec::new();
        for (id, t) in order.iter().enumerate() {
            let (mut i, tag) = slot_and_tag(token_hash(t.as_bytes()), n_slots);
            while slots[i] != 0 {
                i = (i + 1) & (n_slots - 1);
            }
            slots[i] = (tag << SLOT_ID_BITS) | (id as u32 + 1);
            tok_off.push(token_bytes.len() as u32);
            token_bytes.extend_from_slice(t.as_bytes());
        }
        tok_off.push(token_bytes.len() as u32);
        let mut edges: Vec<((u32, u32), u32)> = self.edges.into_iter().collect();
        edges.sort_unstable();
        let mut edge_off = Vec::with_capacity(self.finals.len() + 1);
        let mut e = 0;
        for s in 0..self.finals.len() as u32 {
            while e < edges.len() && edges[e].0.0 < s {
                e += 1;
            }
            edge_off.push(e as u32);
        }
        edge_off.push(edges.len() as u32);
        let sizes = TrieSizes {
            tokens: order.len() as u32,
            slots: n_slots as u32,
            token_bytes: token_bytes.len() as u32,
            states: self.finals.len() as u32,
            edges: edges.len() as u32,
            first: self.first,
            skeleton_root,
        };
        let mut out = Vec::with_capacity(sizes.byte_len());
        let words = |out: &mut Vec<u8>, v: &[u32]| {
            v.iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes()))
        };
        words(&mut out, &slots);
        words(&mut out, &tok_off);
        out.extend_from_slice(&token_bytes);
        words(&mut out, &self.finals);
        words(&mut out, &edge_off);
        for ((_, tok), next) in edges {
            words(&mut out, &[tok, next]);
        }
        (sizes, out)
    }
}

/// The postings of each key, while they are collected (an entry is kept
/// once per place, form kind and form).
#[derive(Default)]
struct KeyTable(HashMap<String, Vec<KeyEntry>>);

impl KeyTable {
    fn add(&mut self, key: String, place: u32, fk: FormKind, form: &str) {
        let list = self.0.entry(key).or_default();
        if !list
            .iter()
            .any(|(p, k, f)| *p == place && *k == fk && f == form)
        {
            list.push((place, fk, form.to_string()));
        }
    }
}

/// Every matching key of the places' names and abbreviations (with their
/// variants and, for Arabic-derived names, their skeleton keys), the
/// demonyms and the names that are not places, sorted by key.
fn collect_keys(
    places: &[Place],
    demonyms: &[Demonym],
    blockers: &[String],
    stats: &mut CompileStats,
) -> Vec<(String, Vec<KeyEntry>)> {
    let mut keys = KeyTable::default();
    let mut by_id: HashMap<&str, u32> = HashMap::with_capacity(places.len());
    for (i, p) in places.iter().enumerate() {
        by_id.entry(p.id.as_str()).or_insert(i as u32);
        let forms = std::iter::once(&p.name)
            .chain(p.names.iter())
            .map(|n| (n, FormKind::Name))
            .chain(p.abbrevs.iter().map(|a| (a, FormKind::Abbrev)));
        for (form, fk) in forms {
            let key = normalize_key(form);
            // Abbreviations may be short ("UK"); names need two letters.
            let usable = usable_key(&key) || (fk == FormKind::Abbrev && !key.is_empty());
            if !usable {
                stats.dropped_forms += 1;
                continue;
            }
            if fk == FormKind::Name {
                for v in key_variants(&key) {
                    keys.add(v, i as u32, fk, form);
                }
            }
            if fk == FormKind::Name && crate::translit::arabic_derived(&p.country, form) {
                for v in crate::translit::skeleton_keys(&key, form) {
                    keys.add(v, i as u32, fk, form);
                }
            }
            keys.add(key, i as u32, fk, form);
        }
    }
    for d in demonyms {
        let Some(&place) = by_id.get(d.place_id.as_str()) else {
            stats.unknown_demonyms.push(d.place_id.clone());
            continue;
        };
        let key = normalize_key(&d.form);
        if usable_key(&key) {
            keys.add(key, place, FormKind::Demonym, &d.form);
        } else {
            stats.dropped_forms += 1;
        }
    }
    for b in blockers {
        let key = normalize_key(b);
        if usable_key(&key) {
            keys.add(key, NO_PLACE, FormKind::Blocker, b);
        } else {
            stats.dropped_forms += 1;
        }
    }
    let mut key_list: Vec<(String, Vec<KeyEntry>)> = keys.0.into_iter().collect();
    key_list.sort_by(|a, b| a.0.cmp(&b.0));
    key_list
}

/// Three strings of each place, added to `strings` in place order.
fn place_strings(
    places: &[Place],
    strings: &mut Strings,
    fields: impl Fn(&Place) -> [&str; 3],
) -> Vec<[(u32, u32); 3]> {
    places
        .iter()
        .map(|p| fields(p).map(|f| strings.add(f)))
        .collect()
}

/// One fixed-size record per place (strings by offset and length: `hot`
/// holds each place's id, name and division, `cold` its source, note and
/// geometry, from [`place_strings`]).
fn place_records(
    places: &[Place],
    summary_refs: &[u32],
    hot: &[[(u32, u32); 3]],
    cold: &[[(u32, u32); 3]],
) -> Vec<u8> {
    let mut place_bytes = Vec::with_capacity(places.len() * PLACE_REC);
    for (((p, summary), hot), cold) in places.iter().zip(summary_refs).zip(hot).zip(cold) {
        let mut rec = [0u8; PLACE_REC];
        for (j, (off, len)) in hot.iter().chain(cold).enumerate() {
            rec[j * 8..j * 8 + 4].copy_from_slice(&off.to_le_bytes());
            rec[j * 8 + 4..j * 8 + 8].copy_from_slice(&len.to_le_bytes());
        }
        rec[48..56].copy_from_slice(&p.lat.to_le_bytes());
        rec[56..64].copy_from_slice(&p.lon.to_le_bytes());
        rec[64..72].copy_from_slice(&p.population.to_le_bytes());
        rec[72] = p.kind as u8;
        let cc = p.country.as_bytes();
        if cc.len() == 2 {
            rec[73..75].copy_from_slice(cc);
        }
        rec[PLACE_SUMMARY..PLACE_SUMMARY + 4].copy_from_slice(&summary.to_le_bytes());
        place_bytes.extend_from_slice(&rec);
    }
    place_bytes
}

/// The summary of each place's geometry ([`crate::geom::summary_all`]):
/// per place its number + 1 (0 for a point, or a geometry that is not
/// JSON or that the summary refuses), and the summary records.
fn summary_records(places: &[Place]) -> (Vec<u32>, Vec<u8>) {
    let mut refs = Vec::with_capacity(places.len());
    let mut out = Vec::new();
    for p in places {
        let Some(s) = p.geometry.as_deref().and_then(summary_of_json) else {
            refs.push(0);
            continue;
        };
        let mut rec = [0u8; SUMMARY_REC];
        for (j, v) in s.bbox.iter().enumerate() {
            rec[j * 8..j * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        rec[32] = s.kind;
        rec[34..36].copy_from_slice(&s.kept.to_le_bytes());
        rec[36..38].copy_from_slice(&s.verbatim.to_le_bytes());
        out.extend_from_slice(&rec);
        refs.push((out.len() / SUMMARY_REC) as u32);
    }
    (refs, out)
}

/// The summary [`compile`] stores for a geometry's JSON text: `None` for
/// JSON that does not parse or a geometry [`crate::geom::summary_all`]
/// refuses; else its summary with the text's [`crate::geom::verbatim_mask`].
fn summary_of_json(json: &str) -> Option<crate::geom::Summary> {
    Some(crate::geom::Summary {
        verbatim: crate::geom::verbatim_mask(json),
        ..summary_unmasked(json)?
    })
}

/// [`summary_of_json`] without its verbatim mask (0).
fn summary_unmasked(json: &str) -> Option<crate::geom::Summary> {
    let g: serde_json::Value = serde_json::from_str(json).ok()?;
    crate::geom::summary_all(&g).ok()
}

/// Where each key's postings start (one more offset at the end), the
/// posting records, and how many there are.
fn posting_records(
    key_list: &[(String, Vec<KeyEntry>)],
    strings: &mut Strings,
) -> (Vec<u8>, Vec<u8>, u32) {
    let mut key_offsets = Vec::with_capacity((key_list.len() + 1) * 4);
    let mut postings = Vec::new();
    let mut n_postings = 0u32;
    for (_, list) in key_list {
        key_offsets.extend_from_slice(&n_postings.to_le_bytes());
        for (place, fk, form) in list {
            let (off, len) = strings.add(form);
            let mut rec = [0u8; POSTING_REC];
            rec[0..4].copy_from_slice(&place.to_le_bytes());
            rec[4] = *fk as u8;
            rec[8..12].copy_from_slice(&off.to_le_bytes());
            rec[12..16].copy_from_slice(&len.to_le_bytes());
            postings.extend_from_slice(&rec);
            n_postings += 1;
        }
    }
    key_offsets.extend_from_slice(&n_postings.to_le_bytes());
    (key_offsets, postings, n_postings)
}

/// The abbreviation bits of the keys (the layout's `abbrevs` section): bit
/// `k % 8` of byte `k / 8` is set when key `k` has an abbreviation posting.
fn abbrev_bits(key_list: &[(String, Vec<KeyEntry>)]) -> Vec<u8> {
    let mut bits = vec![0u8; key_list.len().div_ceil(8)];
    for (k, (_, list)) in key_list.iter().enumerate() {
        if list.iter().any(|(_, fk, _)| *fk == FormKind::Abbrev) {
            bits[k / 8] |= 1 << (k % 8);
        }
    }
    bits
}

/// The FST from each key to its number in the sorted key list.
fn name_fst(key_list: &[(String, Vec<KeyEntry>)]) -> Result<Vec<u8>> {
    let err = |e: fst::Error| Error::invalid(format!("cannot build the name index: {e}"));
    let mut builder = fst::MapBuilder::memory();
    for (i, (k, _)) in key_list.iter().enumerate() {
        builder.insert(k.as_bytes(), i as u64).map_err(err)?;
    }
    builder.into_inner().map_err(err)
}

/// Where each section of the trie starts, the first at `at`.
fn trie_sections(t: TrieSizes, at: usize) -> [usize; 6] {
    let sizes = [
        t.slots as usize * 4,
        (t.tokens as usize + 1) * 4,
        t.token_bytes as usize,
        t.states as usize * 4,
        (t.states as usize + 1) * 4,
    ];
    let mut out = [at; 6];
    for (i, n) in sizes.iter().enumerate() {
        out[i + 1] = out[i] + n;
    }
    out
}

/// The tokens of a text: `a..b` byte ranges of runs of bytes other than
/// spaces, each with a space after it (a last token without one is not a
/// token: no key can end there).
struct SpacedTokens<'t> {
    text: &'t [u8],
    at: usize,
}

impl<'t> SpacedTokens<'t> {
    fn new(text: &'t [u8]) -> Self {
        SpacedTokens { text, at: 0 }
    }
}

impl Iterator for SpacedTokens<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let t = self.text;
        while self.at < t.len() && t[self.at] == b' ' {
            self.at += 1;
        }
        let a = self.at;
        let len = t.get(a..)?.iter().position(|&c| c == b' ');
        let Some(len) = len else {
            self.at = t.len();
            return None;
        };
        self.at = a + len;
        Some((a, a + len))
    }
}

/// The token numbers of a normalized text in one index
/// ([`Index::for_each_key_in`] writes them, [`Index::for_each_skeleton_key`]
/// reads them again), and the numbers of short tokens remembered from the
/// texts before: most tokens of a text are frequent words, and a number
/// remembered is read without the token table's hash, probe and byte
/// comparison. Kept from one document to the next, one per thread and
/// index.
#[derive(Debug, Default, Clone)]
pub struct TokenIds {
    ids: Vec<u32>,
    /// The tokens of the last round ([`TOKEN_ROUND`]) the memo did not
    /// hold (kept for its buffer).
    missed: Vec<Missed>,
    /// A direct-mapped table of [`MEMO_SLOTS`] tokens of 1 to 16 bytes and
    /// their numbers (empty until the first walk).
    memo: Vec<Memo>,
    /// The stamp of the index whose numbers `memo` holds.
    stamp: u64,
}

/// A remembered token of at most 16 bytes: its first eight bytes and the
/// rest, each as a little-endian word (zero-padded), its length (0: an
/// empty slot) and its number.
#[derive(Debug, Default, Clone, Copy)]
struct Memo {
    word: u64,
    rest: u64,
    len: u32,
    id: u32,
}

/// Tokens whose numbers [`Index::for_each_key_in`] reads in one round
/// (the memo's misses of a round are prefetched together).
const TOKEN_ROUND: usize = 64;

/// Slots of a [`TokenIds`] memo (96 KiB): enough for the frequent words of
/// a language, small enough to stay in a core's cache.
const MEMO_BITS: u32 = 12;
const MEMO_SLOTS: usize = 1 << MEMO_BITS;

impl TokenIds {
    /// Bytes of memory the buffers hold.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * size_of::<u32>()
            + self.memo.capacity() * size_of::<Memo>()
            + self.missed.capacity() * size_of::<Missed>()
    }

    /// Readies the memo for the numbers of the index stamped `stamp`:
    /// forgets another index's.
    fn ready(&mut self, stamp: u64) {
        if self.stamp != stamp || self.memo.len() != MEMO_SLOTS {
            self.memo.clear();
            self.memo.resize(MEMO_SLOTS, Memo::default());
            self.stamp = stamp;
        }
    }
}

/// Where token `tok` is, or would be, remembered in a memo: its key
/// ([`memo_slot`]) and slot; `None` for a token of more than 16 bytes,
/// which is not remembered.
#[inline(always)]
fn memo_place(tok: &[u8]) -> Option<(Memo, usize)> {
    let len = tok.len();
    if !(1..=16).contains(&len) {
        return None;
    }
    let (word, rest, slot) = memo_slot(tok);
    let key = Memo {
        word,
        rest,
        len: len as u32,
        id: NO_TOKEN,
    };
    Some((key, slot))
}

/// The number `memo` (of [`MEMO_SLOTS`] slots) holds for the token of
/// `key` ([`memo_place`]) in `slot`, if it holds the token.
#[inline(always)]
fn memo_get(memo: &[Memo], key: &Memo, slot: usize) -> Option<u32> {
    let m = memo.get(slot)?;
    (m.word == key.word && m.rest == key.rest && m.len == key.len).then_some(m.id)
}

/// A token the memo did not hold: its position among the text's tokens,
/// its place in the memo (if it can be remembered) and its
/// [`token_hash`].
#[derive(Debug, Clone, Copy)]
struct Missed {
    k: usize,
    place: Option<(Memo, usize)>,
    hash: u64,
}

/// The number of token `tok` in the index `view` reads ([`NO_TOKEN`] for
/// none), from `memo` when it holds the token, else from the table (and
/// then remembered): what [`Index::for_each_key_in`] does in two passes.
#[cfg(test)]
fn memo_number(memo: &mut [Memo], view: &TrieView<'_>, tok: &[u8]) -> u32 {
    let place = memo_place(tok);
    if let Some(id) = place.and_then(|(key, slot)| memo_get(memo, &key, slot)) {
        return id;
    }
    let id = view.token_id(tok).unwrap_or(NO_TOKEN);
    if let Some((key, slot)) = place {
        memo[slot] = Memo { id, ..key };
    }
    id
}

/// A token of 1 to 16 bytes as the memo holds it: its first eight bytes
/// and the rest (zero for a short token), each a little-endian word, and
/// its slot.
#[inline(always)]
fn memo_slot(tok: &[u8]) -> (u64, u64, usize) {
    let (word, rest) = if tok.len() <= 8 {
        (le_tail(tok, 0), 0)
    } else {
        let head = u64::from_le_bytes(tok[..8].try_into().expect("8 bytes"));
        (head, le_tail(tok, 8))
    };
    let mixed = word ^ rest.rotate_left(29);
    let slot = (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - MEMO_BITS)) as usize;
    (word, rest, slot)
}

/// The token trie's sections, cut from the index bytes once for a walk:
/// a read is an offset into its section, not into the whole index behind
/// the `Cow`. Every read is inside its section: the header's sizes made
/// the sections ([`trie_sections`]), and each read is checked against them.
#[derive(Clone, Copy)]
struct TrieView<'a> {
    sizes: TrieSizes,
    slots: &'a [u8],
    tok_off: &'a [u8],
    tokens: &'a [u8],
    finals: &'a [u8],
    edge_off: &'a [u8],
    edges: &'a [u8],
}

impl<'a> TrieView<'a> {
    /// The bytes of token `id` (empty when out of range or corrupt).
    #[inline]
    fn token(&self, id: u32) -> &'a [u8] {
        if id >= self.sizes.tokens {
            return &[];
        }
        let a = u32_at(self.tok_off, id as usize * 4) as usize;
        let b = u32_at(self.tok_off, id as usize * 4 + 4) as usize;
        self.tokens.get(a..b).unwrap_or(&[])
    }

    /// The number of a token that occurs in keys. (Always inlined: as a
    /// call from the walk, it cost more than the slices saved.)
    #[inline(always)]
    fn token_id(&self, tok: &[u8]) -> Option<u32> {
        self.token_id_hashed(tok, token_hash(tok))
    }

    /// Asks the cache for the slot where the search for a token of hash
    /// `h` starts ([`TrieView::token_id_hashed`] reads it later).
    #[inline(always)]
    fn prefetch_slot(&self, h: u64) {
        let (i, _) = slot_and_tag(h, self.sizes.slots as usize);
        if let Some(slot) = self.slots.get(i * 4) {
            prefetch(slot);
        }
    }

    /// [`TrieView::token_id`] of a token whose [`token_hash`] is `h`.
    #[inline(always)]
    fn token_id_hashed(&self, tok: &[u8], h: u64) -> Option<u32> {
        let n = self.sizes.slots as usize;
        let (mut i, tag) = slot_and_tag(h, n);
        for _ in 0..n {
            let v = u32_at(self.slots, i * 4);
            if v == 0 {
                return None;
            }
            if v >> SLOT_ID_BITS == tag {
                // A slot holds id + 1; 0 there is a corrupt file, no token.
                let id = (v & ((1 << SLOT_ID_BITS) - 1)).checked_sub(1)?;
                if same_bytes(self.token(id), tok) {
                    return Some(id);
                }
            }
            i = (i + 1) & (n - 1);
        }
        None
    }

    /// The state after `state` on token `tok`.
    #[inline]
    fn child(&self, state: u32, tok: u32) -> Option<u32> {
        if state == 0 {
            return (tok < self.sizes.first).then_some(tok + 1);
        }
        self.deeper_child(state, tok)
    }

    /// The edges of `state`: a range of edge numbers (empty for a state
    /// out of range).
    #[inline]
    fn edge_range(&self, state: u32) -> (usize, usize) {
        let (s, n) = (state as usize, self.sizes.edges as usize);
        if state >= self.sizes.states {
            return (0, 0);
        }
        let a = (u32_at(self.edge_off, s * 4) as usize).min(n);
        let b = (u32_at(self.edge_off, s * 4 + 4) as usize).clamp(a, n);
        (a, b)
    }

    /// [`TrieView::child`] of a state other than the root: its edges are
    /// binary-searched.
    fn deeper_child(&self, state: u32, tok: u32) -> Option<u32> {
        let (mut lo, mut hi) = self.edge_range(state);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match u32_at(self.edges, mid * 8).cmp(&tok) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(u32_at(self.edges, mid * 8 + 4)),
            }
        }
        None
    }

    /// The key that ends at `state`, or [`NO_KEY`].
    #[inline]
    fn final_key(&self, state: u32) -> u32 {
        if state >= self.sizes.states {
            return NO_KEY;
        }
        u32_at(self.finals, state as usize * 4)
    }
}

/// Asks the cache for the line of `byte` (a hint: nothing on targets
/// without a prefetch instruction).
#[inline(always)]
fn prefetch(byte: &u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads no memory the program sees and cannot
    // fault; its address is a reference's.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(byte).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = byte;
}

/// Whether two byte strings are equal; those of at most 8 bytes (most
/// words) are compared as one little-endian word each, without a call.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() <= 8 {
            le_tail(a, 0) == le_tail(b, 0)
        } else {
            a == b
        }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

/// One posting: a key found in text refers to this place through this form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Place number within its index, or [`NO_PLACE`] for blockers.
    pub place: u32,
    /// How the form matches.
    pub form_kind: FormKind,
    form: (u32, u32),
}

/// A loaded index: zero-copy over its bytes.
pub struct Index {
    data: Cow<'static, [u8]>,
    n_places: usize,
    n_keys: usize,
    places_at: usize,
    summaries_at: usize,
    n_summaries: usize,
    keys_at: usize,
    /// Where the abbreviation bits of the keys start.
    abbrevs_at: usize,
    postings_at: usize,
    strings_at: usize,
    strings_len: usize,
    n_postings: usize,
    names: Fst<Cow<'static, [u8]>>,
    trie: TrieSizes,
    /// Where the trie's sections start: slots, tok_off, tokens, finals,
    /// edge_off, edges.
    trie_at: [usize; 6],
    /// Whether the whole string table is known to be UTF-8 (checked once by
    /// [`Index::verify`], or by construction for the embedded index): then
    /// a string is cut from it with two char-boundary checks instead of a
    /// UTF-8 check of its bytes on every access.
    strings_utf8: bool,
    /// Whether every place record's six string references are known to
    /// be in the table and to cut whole characters of it (checked by
    /// [`Index::verify`], or for the embedded index by `build.rs` with
    /// [`Index::place_strings_are_whole`]): then a place's name, id and
    /// other fields are cut from the table with no check per access.
    places_whole: bool,
    /// Whether the summaries' verbatim masks may be trusted: set for the
    /// embedded index (this build wrote them) and by [`Index::from_bytes`]
    /// once [`Index::verify`] has checked every mask against its geometry.
    /// A mask tells the GeoJSON writer to copy the stored JSON as it is, so
    /// an unchecked one reads as 0 (written the slow, always right way).
    verbatim_checked: bool,
    /// One bit per token number: whether the token starts a skeleton key
    /// (is a child of the skeleton root). Built from the root's edges on
    /// first need, so that a skeleton walk from a word that starts none
    /// (most capitalised words) stops without a search of those edges.
    skeleton_first: std::sync::OnceLock<Vec<u64>>,
    /// The numbers of the countries and first-level divisions, in order
    /// ([`Index::areas`]): for the embedded index the list `build.rs` made
    /// with it, for others found by one scan of the records on first need.
    areas: std::sync::OnceLock<Vec<u32>>,
    /// A number no other index of this process has: the token numbers a
    /// [`TokenIds`] remembers are this index's only while it holds this.
    stamp: u64,
}

/// The next [`Index`] stamp.
static NEXT_STAMP: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("places", &self.n_places)
            .field("keys", &self.n_keys)
            .finish()
    }
}

impl Index {
    /// Loads an index from bytes made by [`compile`], checking the layout
    /// and every string and posting reference (for files from elsewhere).
    pub fn from_bytes(data: Cow<'static, [u8]>) -> Result<Index> {
        let mut idx = Index::from_bytes_unverified(data)?;
        idx.verify()?;
        idx.strings_utf8 = true;
        idx.places_whole = true;
        idx.verbatim_checked = true;
        Ok(idx)
    }

    /// Loads an index that [`compile`] made in this process: checked like
    /// [`Index::from_bytes`], but its geometry summaries are trusted, since
    /// `compile` has just computed them from the same geometries.
    pub(crate) fn from_compiled(data: Vec<u8>) -> Result<Index> {
        let mut idx = Index::from_bytes_unverified(Cow::Owned(data))?;
        idx.verify_with(false)?;
        idx.strings_utf8 = true;
        idx.places_whole = true;
        idx.verbatim_checked = true;
        Ok(idx)
    }

    /// Loads the embedded index, which `build.rs` compiled with [`compile`]
    /// in this build, like [`Index::from_bytes_unverified`], but trusting
    /// its string table to be UTF-8: `compile` writes that table from a
    /// `String` (see `Strings`), and `build.rs` checks it again before
    /// writing the file (`string_table_is_utf8`), and its place records'
    /// string references to cut whole characters of it: `build.rs` checks
    /// every one with [`Index::place_strings_are_whole`].
    pub(crate) fn from_embedded(data: &'static [u8], areas: &[u8]) -> Result<Index> {
        let mut idx = Index::from_bytes_unverified(Cow::Borrowed(data))?;
        idx.strings_utf8 = true;
        idx.places_whole = true;
        idx.verbatim_checked = true;
        let areas: Vec<u32> = areas.chunks_exact(4).map(|b| u32_at(b, 0)).collect();
        idx.areas = std::sync::OnceLock::from(areas);
        Ok(idx)
    }

    /// The numbers of the places that are countries or first-level
    /// divisions, in increasing order: what a scan of every record for
    /// its kind gives. That scan reads a byte of each of the 250,000
    /// records of the embedded index, about 19 MB of pages for a run of
    /// one short text, so the embedded index has the list made at build
    /// time (`build.rs`, by the same scan).
    pub fn areas(&self) -> &[u32] {
        self.areas.get_or_init(|| self.area_list())
    }

    /// [`Index::areas`] by a scan of the records (what `build.rs` stores
    /// for the embedded index, as little-endian `u32`s).
    pub(crate) fn area_list(&self) -> Vec<u32> {
        (self.kinds().enumerate())
            .filter(|&(_, k)| matches!(k, Kind::Country | Kind::Admin1))
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// Loads an index, checking only its header, section sizes and
    /// name index. For the embedded index, which this build compiled itself:
    /// verifying hundreds of thousands of references would cost more than
    /// the rest of a run. Accessors never panic on a corrupt reference; they
    /// return empty strings.
    pub fn from_bytes_unverified(data: Cow<'static, [u8]>) -> Result<Index> {
        let b: &[u8] = &data;
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(Error::index("not a geomention gazetteer index"));
        }
        let version = u32_at(b, 8);
        if version != VERSION {
            return Err(Error::index(format!(
                "index version {version} is not supported (this build reads version {VERSION}); rebuild it with `geomention gazetteer build`"
            )));
        }
        let n_places = u32_at(b, 12) as usize;
        let n_keys = u32_at(b, 16) as usize;
        let n_postings = u32_at(b, 20) as usize;
        let strings_len = u32_at(b, 24) as usize;
        let automaton_len = u32_at(b, 28) as usize;
        let n_summaries = u32_at(b, HEADER - 4) as usize;
        let places_at = HEADER;
        let summaries_at = places_at + n_places * PLACE_REC;
        let keys_at = summaries_at + n_summaries * SUMMARY_REC;
        let abbrevs_at = keys_at + (n_keys + 1) * 4;
        let postings_at = abbrevs_at + n_keys.div_ceil(8);
        let strings_at = postings_at + n_postings * POSTING_REC;
        let trie = TrieSizes::read(b);
        let trie_at = trie_sections(trie, strings_at + strings_len);
        let automaton_at = strings_at + strings_len + trie.byte_len();
        if automaton_at + automaton_len != b.len() {
            return Err(Error::index("gazetteer index is truncated or corrupt"));
        }
        if !trie.slots.is_power_of_two()
            || trie.states < trie.first.saturating_add(2)
            || trie.skeleton_root >= trie.states
        {
            return Err(Error::index("corrupt name trie"));
        }
        let names_bytes: Cow<'static, [u8]> = match &data {
            Cow::Borrowed(b) => Cow::Borrowed(&b[automaton_at..]),
            Cow::Owned(b) => Cow::Owned(b[automaton_at..].to_vec()),
        };
        let names =
            Fst::new(names_bytes).map_err(|e| Error::index(format!("corrupt name index: {e}")))?;
        let idx = Index {
            stamp: NEXT_STAMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            n_places,
            n_keys,
            places_at,
            summaries_at,
            n_summaries,
            keys_at,
            abbrevs_at,
            postings_at,
            strings_at,
            strings_len,
            n_postings,
            names,
            trie,
            trie_at,
            data,
            strings_utf8: false,
            places_whole: false,
            verbatim_checked: false,
            skeleton_first: std::sync::OnceLock::new(),
            areas: std::sync::OnceLock::new(),
        };
        Ok(idx)
    }

    /// Checks that the token trie holds exactly the keys of the FST, with
    /// the same numbers, and that every token is found in the token table.
    fn verify_trie(&self) -> Result<()> {
        use fst::Streamer;
        let corrupt = || Error::index("corrupt name trie");
        for id in 0..self.trie.tokens {
            if self.token_id(self.token(id)) != Some(id) {
                return Err(corrupt());
            }
        }
        let mut finals = 0usize;
        for s in 0..self.trie.states {
            finals += usize::from(self.final_key(s) != NO_KEY);
        }
        if finals != self.n_keys {
            return Err(corrupt());
        }
        let mut keys = self.names.stream();
        while let Some((key, out)) = keys.next() {
            let key = std::str::from_utf8(key).map_err(|_| corrupt())?;
            let (skeleton, toks) = key_tokens(key);
            let mut state = Some(if skeleton { self.trie.skeleton_root } else { 0 });
            for t in toks {
                state = state.and_then(|s| self.child(s, self.token_id(t.as_bytes())?));
            }
            if state.map(|s| self.final_key(s) as u64) != Some(out.value()) {
                return Err(corrupt());
            }
        }
        Ok(())
    }

    /// Checks the name index's checksum, every string and posting
    /// reference, every place's coordinates, and every geometry summary
    /// against its geometry (which costs about what parsing the geometries
    /// costs: the summaries are what spares a map run that parse).
    ///
    /// The name index (an FST) is searched in place, and the `fst` crate
    /// trusts its bytes: a flipped byte there panics in a search. Its CRC-32C
    /// checksum, written by the `fst` builder, catches any corruption; a
    /// load of a large index spends well under a millisecond per megabyte
    /// on it.
    pub fn verify(&self) -> Result<()> {
        self.verify_with(true)
    }

    /// [`Index::verify`], checking the geometry summaries against their
    /// geometries only when `summaries` is set (bytes [`compile`] made in
    /// this process need not have them computed twice).
    fn verify_with(&self, summaries: bool) -> Result<()> {
        self.names.verify().map_err(|e| {
            Error::index(format!(
                "corrupt name index ({e}); rebuild the index with `geomention gazetteer build`"
            ))
        })?;
        self.verify_trie()?;
        if std::str::from_utf8(self.string_table()).is_err() {
            return Err(Error::index("corrupt string table (not UTF-8)"));
        }
        let idx = self;
        let (n_places, n_keys, keys_at, postings_at) =
            (self.n_places, self.n_keys, self.keys_at, self.postings_at);
        let n_postings = self.n_postings;
        // Each summary record is well formed before a place's is compared
        // with its geometry.
        for r in 0..self.n_summaries {
            let s = self.summary_at(r);
            if s.kind as usize >= crate::geom::TYPE_NAMES.len() || s.bbox.iter().any(|v| v.is_nan())
            {
                return Err(Error::index(format!("corrupt geometry summary {r}")));
            }
        }
        for i in 0..n_places {
            for j in 0..6 {
                idx.check_str(idx.places_at + i * PLACE_REC + j * 8)?;
            }
            if !crate::gazetteer::place::valid_coord(idx.lat(i), idx.lon(i)) {
                return Err(Error::index(format!(
                    "corrupt place record {i}: coordinates out of range"
                )));
            }
            if idx.summary_ref(i) > self.n_summaries {
                return Err(Error::index(format!(
                    "corrupt place record {i}: no such geometry summary"
                )));
            }
        }
        if summaries {
            self.check_summaries()?;
        }
        for k in 0..=n_keys {
            if u32_at(&idx.data, keys_at + k * 4) as usize > n_postings {
                return Err(Error::index("corrupt key table"));
            }
        }
        self.verify_abbrevs()?;
        for p in 0..n_postings {
            let at = postings_at + p * POSTING_REC;
            let place = u32_at(&idx.data, at);
            if place != NO_PLACE && place as usize >= n_places {
                return Err(Error::index("corrupt posting"));
            }
            idx.check_str(at + 8)?;
        }
        Ok(())
    }

    /// Checks that each key's abbreviation bit says whether its postings
    /// hold an abbreviation (a wrong bit would hide an abbreviation from
    /// the matcher), and that the bits past the last key are clear.
    fn verify_abbrevs(&self) -> Result<()> {
        for k in 0..self.n_keys as u32 {
            let any = self.postings(k).any(|p| p.form_kind == FormKind::Abbrev);
            if any != self.key_has_abbrev(k) {
                return Err(Error::index("corrupt abbreviation bits"));
            }
        }
        let last = self.n_keys.div_ceil(8);
        if self.n_keys % 8 != 0 && self.data[self.abbrevs_at + last - 1] >> (self.n_keys % 8) != 0 {
            return Err(Error::index("corrupt abbreviation bits"));
        }
        Ok(())
    }

    fn check_str(&self, at: usize) -> Result<()> {
        let off = u32_at(&self.data, at) as usize;
        let len = u32_at(&self.data, at + 4) as usize;
        if off + len > self.strings_len
            || std::str::from_utf8(&self.data[self.strings_at + off..self.strings_at + off + len])
                .is_err()
        {
            return Err(Error::index("corrupt string table"));
        }
        Ok(())
    }

    /// The string that reference `r` (one of the six string fields of a
    /// place record) points at.
    #[inline]
    fn str_ref(&self, r: [u8; 8]) -> &str {
        let off = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize;
        let len = u32::from_le_bytes([r[4], r[5], r[6], r[7]]) as usize;
        if !self.places_whole {
            return self.string(off, len);
        }
        // SAFETY: `places_whole` is set only when every place record's
        // string reference was found in range and cutting whole characters
        // of a UTF-8 table: by `Index::verify` (`check_str` on each of the
        // six references of every record, after `from_utf8` on the whole
        // table), or, for the embedded index, by `build.rs` with
        // `Index::place_strings_are_whole` on the very bytes it embeds.
        // `r` is such a reference (a string field of a record cut by
        // `Index::record`, which asserts `i < n_places`), and the data
        // never changes after loading. So `strings_at + off + len` is within
        // `data`, and the bytes are UTF-8.
        unsafe {
            let bytes = self
                .data
                .get_unchecked(self.strings_at + off..self.strings_at + off + len);
            std::str::from_utf8_unchecked(bytes)
        }
    }

    /// Whether the index bytes `b` (made by [`compile`]) hold a UTF-8
    /// string table and place records whose every string reference is in
    /// it and cuts whole characters ([`Index::verify`]'s string checks of
    /// the records); `build.rs` checks the embedded index with it, which
    /// is then read without a check per string.
    pub fn place_strings_are_whole(b: Cow<'static, [u8]>) -> bool {
        let Ok(idx) = Index::from_bytes_unverified(b) else {
            return false;
        };
        std::str::from_utf8(idx.string_table()).is_ok()
            && (0..idx.n_places).all(|i| {
                (0..6).all(|j| idx.check_str(idx.places_at + i * PLACE_REC + j * 8).is_ok())
            })
    }

    /// The bytes of the string table.
    fn string_table(&self) -> &[u8] {
        &self.data[self.strings_at..self.strings_at + self.strings_len]
    }

    /// A string of the string table; empty when the reference is corrupt
    /// (out of range, not UTF-8, or cutting a character).
    fn string(&self, off: usize, len: usize) -> &str {
        let Some(end) = off.checked_add(len).filter(|&e| e <= self.strings_len) else {
            return "";
        };
        let table = self.string_table();
        if !self.strings_utf8 {
            return std::str::from_utf8(&table[off..end]).unwrap_or("");
        }
        // SAFETY: `strings_utf8` is set only when the whole table is UTF-8:
        // by `Index::verify`, which checked it with `from_utf8`, or by
        // `Index::from_embedded`, whose table `compile` wrote from a
        // `String` and `build.rs` checked. The data never changes after
        // loading. `str::get` then checks that both ends of the cut are
        // character boundaries, so the piece is UTF-8 too.
        let table = unsafe { std::str::from_utf8_unchecked(table) };
        table.get(off..end).unwrap_or("")
    }

    /// Whether the string table of the index bytes `b` (made by
    /// [`compile`]) is UTF-8; `build.rs` checks the embedded index with it.
    pub fn string_table_is_utf8(b: Cow<'static, [u8]>) -> bool {
        Index::from_bytes_unverified(b)
            .is_ok_and(|idx| std::str::from_utf8(idx.string_table()).is_ok())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.n_places
    }

    /// Whether the index has no places.
    pub fn is_empty(&self) -> bool {
        self.n_places == 0
    }

    /// Number of distinct keys.
    pub fn key_count(&self) -> usize {
        self.n_keys
    }

    /// Size of the index in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }

    fn rec(&self, i: usize) -> usize {
        assert!(i < self.n_places, "place number out of range");
        self.places_at + i * PLACE_REC
    }

    /// The record of place `i`, cut once: its fields are then read with
    /// no check of the place number or of the bounds per read.
    ///
    /// # Panics
    /// When `i` is not a place number of this index.
    #[inline]
    pub fn record(&self, i: usize) -> Record<'_> {
        let at = self.rec(i);
        let bytes = self.data[at..at + PLACE_REC].try_into().expect("a record");
        Record { index: self, bytes }
    }

    /// The id of place `i`.
    pub fn id(&self, i: usize) -> &str {
        self.record(i).id()
    }
    /// The display name of place `i`.
    pub fn name(&self, i: usize) -> &str {
        self.record(i).name()
    }
    /// The admin1 name of place `i`.
    pub fn admin1(&self, i: usize) -> &str {
        self.record(i).admin1()
    }
    /// The source tag of place `i`.
    pub fn source(&self, i: usize) -> &str {
        self.record(i).source()
    }
    /// The note of place `i`.
    pub fn note(&self, i: usize) -> &str {
        self.record(i).note()
    }
    /// The geometry JSON of place `i` (empty for points).
    pub fn geometry(&self, i: usize) -> &str {
        self.record(i).geometry()
    }
    /// The summary of place `i`'s geometry ([`crate::geom::summary_all`]
    /// at build): `None` for a point, or a geometry the summary refused
    /// (then only its JSON tells why).
    pub fn summary(&self, i: usize) -> Option<crate::geom::Summary> {
        self.record(i).summary()
    }

    /// Place `i`'s summary number + 1 (0 for none).
    fn summary_ref(&self, i: usize) -> usize {
        self.record(i).summary_ref()
    }

    /// [`Index::check_summary`] of every place, on the worker threads
    /// (each parses its places' outlines: a polygon layer of 13.6 MB took
    /// 0.19 s on one thread). The error is the first place's in order,
    /// whichever thread finds which.
    fn check_summaries(&self) -> Result<()> {
        use rayon::prelude::*;
        (0..self.n_places)
            .into_par_iter()
            .find_map_first(|i| self.check_summary(i).err())
            .map_or(Ok(()), Err)
    }

    /// Checks that place `i`'s geometry summary is the one [`compile`]
    /// makes of its geometry JSON ([`summary_of_json`]), bit for bit (the
    /// verbatim mask computed only when it is not 0). Every part is read
    /// as it is stored: the type and what is kept at each precision decide
    /// what the outputs write, the bbox goes into mention rows, decides
    /// which division a place lies in and which outlines a coordinate is
    /// tested against, and a wrong verbatim mask would make the GeoJSON
    /// output copy JSON that it must not write as it is. A mask of 0
    /// (never copy) is always right.
    fn check_summary(&self, i: usize) -> Result<()> {
        let r = self.summary_ref(i);
        if r == 0 {
            return Ok(());
        }
        let stored = crate::geom::Summary {
            verbatim: self.stored_verbatim(r - 1),
            ..self.summary_at(r - 1)
        };
        let json = self.geometry(i);
        let same = summary_unmasked(json).is_some_and(|s| {
            let bits = |b: [f64; 4]| b.map(f64::to_bits);
            (s.kind, s.kept, bits(s.bbox)) == (stored.kind, stored.kept, bits(stored.bbox))
                && (stored.verbatim == 0 || stored.verbatim == crate::geom::verbatim_mask(json))
        });
        if !same {
            return Err(Error::index(format!(
                "corrupt place record {i}: its geometry summary does not match its geometry"
            )));
        }
        Ok(())
    }

    /// Summary record `r` (below `n_summaries`); the verbatim mask reads 0
    /// unless it was checked (see `verbatim_checked`).
    fn summary_at(&self, r: usize) -> crate::geom::Summary {
        let at = self.summaries_at + r * SUMMARY_REC;
        let f = |j: usize| {
            f64::from_le_bytes(
                self.data[at + j * 8..at + j * 8 + 8]
                    .try_into()
                    .expect("8 bytes"),
            )
        };
        crate::geom::Summary {
            bbox: [f(0), f(1), f(2), f(3)],
            kind: self.data[at + 32],
            kept: u16::from_le_bytes([self.data[at + 34], self.data[at + 35]]),
            verbatim: if self.verbatim_checked {
                self.stored_verbatim(r)
            } else {
                0
            },
        }
    }

    /// Summary record `r`'s verbatim mask as stored, checked or not.
    fn stored_verbatim(&self, r: usize) -> u16 {
        let at = self.summaries_at + r * SUMMARY_REC;
        u16::from_le_bytes([self.data[at + 36], self.data[at + 37]])
    }

    /// The latitude of place `i`.
    pub fn lat(&self, i: usize) -> f64 {
        self.record(i).lat()
    }
    /// The longitude of place `i`.
    pub fn lon(&self, i: usize) -> f64 {
        self.record(i).lon()
    }
    /// The population of place `i`.
    pub fn population(&self, i: usize) -> u64 {
        self.record(i).population()
    }
    /// The kind of place `i`.
    pub fn kind(&self, i: usize) -> Kind {
        self.record(i).kind()
    }
    /// The kind of every place, in the order of their numbers: one byte
    /// of each record, for a scan of the whole index (no bounds check per
    /// place).
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        let records = &self.data[self.places_at..self.places_at + self.n_places * PLACE_REC];
        (records.chunks_exact(PLACE_REC)).map(|r| Kind::from_u8(r[72]))
    }

    /// The country code of place `i` (empty when none).
    pub fn country(&self, i: usize) -> &str {
        self.record(i).country()
    }

    /// Asks the cache for what the matcher reads of key `k` before its
    /// postings: where they start and whether one is an abbreviation (a
    /// hint: nothing for a number out of range).
    #[inline]
    pub fn prefetch_key(&self, k: u32) {
        let k = k as usize;
        if k < self.n_keys {
            for at in [self.keys_at + k * 4, self.abbrevs_at + k / 8] {
                if let Some(b) = self.data.get(at) {
                    prefetch(b);
                }
            }
        }
    }

    /// Asks the cache for the first postings of key `k` (reads where they
    /// start: after [`Index::prefetch_key`]).
    #[inline]
    pub fn prefetch_postings(&self, k: u32) {
        let k = k as usize;
        if k < self.n_keys {
            let a = (u32_at(&self.data, self.keys_at + k * 4) as usize).min(self.n_postings);
            if let Some(b) = self.data.get(self.postings_at + a * POSTING_REC) {
                prefetch(b);
            }
        }
    }

    /// The postings of key `k`.
    #[inline]
    pub fn postings(&self, k: u32) -> impl Iterator<Item = Posting> + '_ {
        let k = k as usize;
        let (a, b) = if k < self.n_keys {
            (
                u32_at(&self.data, self.keys_at + k * 4) as usize,
                u32_at(&self.data, self.keys_at + (k + 1) * 4) as usize,
            )
        } else {
            (0, 0)
        };
        let (a, b) = (a.min(self.n_postings), b.min(self.n_postings));
        // The key's records are cut out of the index once, so that a
        // record is read at an offset into its own slice.
        let at = self.postings_at;
        let records = &self.data[at + a * POSTING_REC..at + b.max(a) * POSTING_REC];
        records.chunks_exact(POSTING_REC).map(|r| Posting {
            place: u32_at(r, 0),
            form_kind: FormKind::from_u8(r[4]),
            form: (u32_at(r, 8), u32_at(r, 12)),
        })
    }

    /// Whether key `k` has an abbreviation posting (false for a key out of
    /// range): read from a bit per key, without the postings.
    #[inline]
    pub fn key_has_abbrev(&self, k: u32) -> bool {
        let k = k as usize;
        k < self.n_keys && self.data[self.abbrevs_at + k / 8] >> (k % 8) & 1 == 1
    }

    /// The form string of a posting (the name as the gazetteer spells it).
    pub fn form(&self, p: &Posting) -> &str {
        self.string(p.form.0 as usize, p.form.1 as usize)
    }

    /// All key hits in a normalized text, overlapping: `(start, end, key)`
    /// where `start..end` covers the key's tokens without the surrounding
    /// spaces.
    pub fn find_keys(&self, normalized: &str) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        self.for_each_key(normalized, |s, e, k| out.push((s, e, k)));
        out
    }

    /// Calls `found(start, end, key)` for every key hit, in the order of
    /// [`Index::find_keys`].
    ///
    /// A walk of the token trie starts at every token (a run of bytes other
    /// than spaces, after a space) and steps one token at a time while a
    /// single space separates them: a key is found where its tokens are the
    /// text's tokens and a space follows. Each token is looked up once in
    /// the token table.
    pub fn for_each_key(&self, normalized: &str, mut found: impl FnMut(usize, usize, u32)) {
        let text = normalized.as_bytes();
        let spans: Vec<(usize, usize)> = SpacedTokens::new(text).collect();
        let span = |i: usize| spans[i];
        let view = self.trie_view();
        let number = |&(a, b): &(usize, usize)| view.token_id(&text[a..b]).unwrap_or(NO_TOKEN);
        let ids: Vec<u32> = spans.iter().map(number).collect();
        self.walk_keys(span, &ids, &mut found);
    }

    /// [`Index::for_each_key`] over a text the normalizer made, whose token
    /// spans it knows (so that no walk scans for a token's end), and
    /// keeps the number of each of its tokens in this index in `ids`
    /// ([`NO_TOKEN`] for a token that no key holds), for
    /// [`Index::for_each_skeleton_key`].
    pub fn for_each_key_in(
        &self,
        normalized: &NormalizedText,
        ids: &mut TokenIds,
        mut found: impl FnMut(usize, usize, u32),
    ) {
        let text = normalized.text.as_bytes();
        let span = |i: usize| normalized.token_span(i);
        ids.ready(self.stamp);
        let view = self.trie_view();
        ids.ids.clear();
        let mut missed = std::mem::take(&mut ids.missed);
        missed.clear();
        // Every token's number, the spans read in order, [`TOKEN_ROUND`]
        // tokens at a time: a remembered one at once; the others from the
        // table once the round's tokens were read, their slots fetched
        // into the cache meanwhile (a slot read is a cache miss: one at a
        // time, they stalled the walk). A round is short, so that what was
        // fetched is still in the cache when it is read (fetched a whole
        // long text ahead, a window of a 50 MB text, it was not).
        let mut spans = normalized.token_spans().enumerate();
        loop {
            let (memo, before) = (&ids.memo, ids.ids.len());
            missed.clear();
            (ids.ids).extend(spans.by_ref().take(TOKEN_ROUND).map(|(k, (a, b))| {
                let tok = &text[a..b];
                let place = memo_place(tok);
                if let Some(id) = place.and_then(|(key, slot)| memo_get(memo, &key, slot)) {
                    return id;
                }
                let hash = token_hash(tok);
                view.prefetch_slot(hash);
                missed.push(Missed { k, place, hash });
                NO_TOKEN
            }));
            if ids.ids.len() == before {
                break;
            }
            for m in &missed {
                let (a, b) = span(m.k);
                let id = view
                    .token_id_hashed(&text[a..b], m.hash)
                    .unwrap_or(NO_TOKEN);
                ids.ids[m.k] = id;
                if let Some((key, slot)) = m.place {
                    if let Some(s) = ids.memo.get_mut(slot) {
                        *s = Memo { id, ..key };
                    }
                }
            }
        }
        ids.missed = missed;
        self.walk_keys(span, &ids.ids, &mut found);
    }

    /// The walk of [`Index::for_each_key`] over the tokens of a text that
    /// `span` gives (start and end, a space after each, in order) and
    /// their numbers `ids` (one per token): a walk starts at every token
    /// and steps on while the next token starts one byte (a space) after
    /// the last.
    fn walk_keys(
        &self,
        span: impl Fn(usize) -> (usize, usize),
        ids: &[u32],
        found: &mut impl FnMut(usize, usize, u32),
    ) {
        let view = self.trie_view();
        for (i, &first) in ids.iter().enumerate() {
            // A walk starts at a token that starts a key (the root's
            // children are the first numbers), and only after a space.
            if first == NO_TOKEN || first >= view.sizes.first {
                continue;
            }
            let (start, mut end) = span(i);
            if start == 0 {
                continue;
            }
            let (mut state, mut tok, mut j) = (0, first, i);
            while let Some(next) = view.child(state, tok) {
                state = next;
                self.report(view, start, end, state, found);
                j += 1;
                let Some(&t) = ids.get(j).filter(|&&t| t != NO_TOKEN) else {
                    break;
                };
                let (a, b) = span(j);
                if a != end + 1 {
                    break;
                }
                (tok, end) = (t, b);
            }
        }
    }

    /// Like [`Index::for_each_key_in`] for the transliteration skeleton
    /// keys (see [`crate::translit`]) in a normalized text, read through
    /// its skeleton: a walk starts at each token number of `starts`, and
    /// `skeleton(number, offset, token, next token, buffer)` writes the
    /// skeleton of each token a walk reaches into the (empty) buffer, or
    /// nothing for a token that stays as it is (whose number is then read
    /// from `ids`, what [`Index::for_each_key_in`] appended for this text).
    /// Hits are reported in the text's own offsets: the skeleton of a
    /// token stands in its place, so no skeleton text is made, and the
    /// tokens that no walk reaches are not folded.
    pub fn for_each_skeleton_key(
        &self,
        normalized: &NormalizedText,
        ids: &TokenIds,
        starts: impl Iterator<Item = usize>,
        skeleton: impl FnMut(usize, usize, &[u8], Option<&[u8]>, &mut Vec<u8>),
        mut found: impl FnMut(usize, usize, u32),
    ) {
        let text = normalized.text.as_bytes();
        let span = |i: usize| normalized.token_span(i);
        let tokens = (normalized.token_count(), span, &ids.ids[..]);
        self.walk_skeleton_keys(text, tokens, starts, skeleton, &mut found);
    }

    /// The walk of [`Index::for_each_skeleton_key`] over the tokens of
    /// `text` as [`Index::walk_keys`] reads them: their count, their spans
    /// and their numbers.
    fn walk_skeleton_keys(
        &self,
        text: &[u8],
        (count, span, ids): (usize, impl Fn(usize) -> (usize, usize), &[u32]),
        starts: impl Iterator<Item = usize>,
        mut skeleton: impl FnMut(usize, usize, &[u8], Option<&[u8]>, &mut Vec<u8>),
        found: &mut impl FnMut(usize, usize, u32),
    ) {
        let view = self.trie_view();
        let mut buf = Vec::new();
        for first in starts.filter(|&i| i < count.min(ids.len())) {
            let (start, end) = span(first);
            let (mut state, mut n, (mut at, mut end)) =
                (self.trie.skeleton_root, first, (start, end));
            if start == 0 {
                continue;
            }
            loop {
                let tok = &text[at..end];
                let next = (n + 1 < count).then(|| span(n + 1));
                buf.clear();
                skeleton(n, at, tok, next.map(|(a, b)| &text[a..b]), &mut buf);
                let id = match buf.is_empty() {
                    true => Some(ids[n]).filter(|&t| t != NO_TOKEN),
                    false => view.token_id(&buf),
                };
                let step = id
                    .filter(|&t| n != first || self.starts_skeleton(t))
                    .and_then(|t| view.child(state, t));
                let Some(s) = step else { break };
                state = s;
                self.report(view, start, end, state, found);
                n += 1;
                match next {
                    Some((a, b)) if a == end + 1 && n < ids.len() => (at, end) = (a, b),
                    _ => break,
                }
            }
        }
    }

    /// Calls `found(start, end, key)` if a key ends at trie state `state`.
    #[inline]
    fn report(
        &self,
        view: TrieView<'_>,
        start: usize,
        end: usize,
        state: u32,
        found: &mut impl FnMut(usize, usize, u32),
    ) {
        let key = view.final_key(state);
        if key != NO_KEY && key < self.n_keys as u32 {
            found(start, end, key);
        }
    }

    /// The token trie's sections, cut from the index bytes.
    #[inline]
    fn trie_view(&self) -> TrieView<'_> {
        let d: &[u8] = &self.data;
        let at = self.trie_at;
        let edges_end = at[5] + self.trie.edges as usize * 8;
        TrieView {
            sizes: self.trie,
            slots: &d[at[0]..at[1]],
            tok_off: &d[at[1]..at[2]],
            tokens: &d[at[2]..at[3]],
            finals: &d[at[3]..at[4]],
            edge_off: &d[at[4]..at[5]],
            edges: &d[at[5]..edges_end],
        }
    }

    /// The bytes of token `id` (empty when out of range or corrupt).
    fn token(&self, id: u32) -> &[u8] {
        self.trie_view().token(id)
    }

    /// The number of a token that occurs in keys.
    fn token_id(&self, tok: &[u8]) -> Option<u32> {
        self.trie_view().token_id(tok)
    }

    /// The state after `state` on token `tok`.
    fn child(&self, state: u32, tok: u32) -> Option<u32> {
        self.trie_view().child(state, tok)
    }

    /// Whether token `tok` starts a skeleton key: the skeleton root has an
    /// edge for it (see `skeleton_first`; the same answer as
    /// `deeper_child` of the root, without its search).
    fn starts_skeleton(&self, tok: u32) -> bool {
        let bits = self.skeleton_first.get_or_init(|| {
            let mut bits = vec![0u64; (self.trie.tokens as usize).div_ceil(64)];
            let view = self.trie_view();
            let (a, b) = view.edge_range(self.trie.skeleton_root);
            for i in a..b {
                let t = u32_at(view.edges, i * 8) as usize;
                if let Some(w) = bits.get_mut(t / 64) {
                    *w |= 1 << (t % 64);
                }
            }
            bits
        });
        (bits.get(tok as usize / 64)).is_some_and(|w| (w >> (tok % 64)) & 1 == 1)
    }

    /// The key that ends at `state`, or [`NO_KEY`].
    fn final_key(&self, state: u32) -> u32 {
        self.trie_view().final_key(state)
    }

    /// Calls `f(key, number)` for every normalized key, in key order.
    pub fn for_each_name_key(&self, mut f: impl FnMut(&[u8], u32)) {
        use fst::Streamer;
        let mut keys = self.names.stream();
        while let Some((key, out)) = keys.next() {
            if let Ok(k) = u32::try_from(out.value()) {
                f(key, k);
            }
        }
    }

    /// The key number of a name, if the name's normalized form is a key.
    pub fn key_of(&self, name: &str) -> Option<u32> {
        let key = normalize_key(name);
        if key.is_empty() {
            return None;
        }
        let padded = format!(" {key} ");
        self.find_keys(&padded)
            .into_iter()
            .find(|&(s, e, _)| s == 1 && e == padded.len() - 1)
            .map(|(_, _, k)| k)
    }
}

/// A place record cut once from its index ([`Index::record`]): the fixed
/// fields are read from the record's bytes with no check per read (a
/// sense's evidence reads its kind, country and population many times).
#[derive(Clone, Copy)]
pub struct Record<'a> {
    index: &'a Index,
    bytes: &'a [u8; PLACE_REC],
}

impl<'a> Record<'a> {
    /// A field of eight bytes.
    #[inline]
    fn eight(&self, at: usize) -> [u8; 8] {
        let mut b = [0; 8];
        b.copy_from_slice(&self.bytes[at..at + 8]);
        b
    }
    /// The id.
    #[inline]
    pub fn id(&self) -> &'a str {
        self.index.str_ref(self.eight(0))
    }
    /// The display name.
    #[inline]
    pub fn name(&self) -> &'a str {
        self.index.str_ref(self.eight(8))
    }
    /// The admin1 name.
    #[inline]
    pub fn admin1(&self) -> &'a str {
        self.index.str_ref(self.eight(16))
    }
    /// The source tag.
    #[inline]
    pub fn source(&self) -> &'a str {
        self.index.str_ref(self.eight(24))
    }
    /// The note.
    #[inline]
    pub fn note(&self) -> &'a str {
        self.index.str_ref(self.eight(32))
    }
    /// The geometry JSON (empty for points).
    #[inline]
    pub fn geometry(&self) -> &'a str {
        self.index.str_ref(self.eight(40))
    }
    /// The latitude.
    #[inline]
    pub fn lat(&self) -> f64 {
        f64::from_le_bytes(self.eight(48))
    }
    /// The longitude.
    #[inline]
    pub fn lon(&self) -> f64 {
        f64::from_le_bytes(self.eight(56))
    }
    /// The population.
    #[inline]
    pub fn population(&self) -> u64 {
        u64::from_le_bytes(self.eight(64))
    }
    /// The kind.
    #[inline]
    pub fn kind(&self) -> Kind {
        Kind::from_u8(self.bytes[72])
    }
    /// The summary of the geometry ([`Index::summary`]).
    #[inline]
    pub fn summary(&self) -> Option<crate::geom::Summary> {
        let r = self.summary_ref();
        (r > 0 && r <= self.index.n_summaries).then(|| self.index.summary_at(r - 1))
    }
    /// The summary number + 1 (0 for none; not checked against the index).
    #[inline]
    fn summary_ref(&self) -> usize {
        u32_at(self.bytes, PLACE_SUMMARY) as usize
    }
    /// The country code (empty when none).
    #[inline]
    pub fn country(&self) -> &'a str {
        let cc = &self.bytes[73..75];
        if cc == [0, 0] {
            ""
        } else if cc.is_ascii() {
            // SAFETY: ASCII bytes are UTF-8. (Asked for every sense by
            // several rules: `from_utf8` is a call of ~50 instructions.)
            unsafe { std::str::from_utf8_unchecked(cc) }
        } else {
            std::str::from_utf8(cc).unwrap_or("")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Place> {
        let mut idlib = Place::new("geonames:169387", Kind::Admin1, "Idlib", 35.75, 36.6);
        idlib.country = "SY".into();
        idlib.names = vec!["Idlib Governorate".into(), "Idleb".into()];
        idlib.geometry = Some(r#"{"type":"Polygon","coordinates":[]}"#.into());
        let mut z = Place::new(
            "feature:jabal-al-zawiya",
            Kind::Mountain,
            "Jabal al-Zawiya",
            35.733,
            36.7,
        );
        z.country = "SY".into();
        let mut m4 = Place::new("road:sy-m4", Kind::Road, "M4 highway", 35.8, 36.6);
        m4.abbrevs = vec!["M4".into()];
        m4.geometry =
            Some(r#"{"type":"LineString","coordinates":[[36.6,35.8],[36.7,35.9]]}"#.into());
        vec![idlib, z, m4]
    }

    /// The geometry summaries are computed when the index is built: the
    /// summary of the JSON at every precision, none for a point or for a
    /// geometry the summary refuses (Idlib's, with no ring).
    #[test]
    fn geometry_summaries_are_stored_at_build() {
        let mut places = sample();
        let square =
            r#"{"type":"Polygon","coordinates":[[[36,35],[36,36],[37,36],[37,35],[36,35]]]}"#;
        places[1].geometry = Some(square.into());
        let (bytes, _) = compile(&places, &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        assert_eq!(idx.summary(0), None);
        for (i, json) in [(1, square), (2, places[2].geometry.as_deref().unwrap())] {
            let g: serde_json::Value = serde_json::from_str(json).unwrap();
            let s = idx.summary(i).unwrap();
            let verbatim = crate::geom::verbatim_mask(json);
            assert_eq!(s.verbatim, verbatim);
            assert_eq!(
                s,
                crate::geom::Summary {
                    verbatim,
                    ..crate::geom::summary_all(&g).unwrap()
                }
            );
            for precision in 0..crate::geom::SUMMARY_PRECISIONS {
                assert_eq!(s.at(precision), crate::geom::summary(&g, precision).ok());
            }
        }
        // The square is written as the output would not write it (cw,
        // numbers without decimals); the line is written as it is from one
        // decimal on, but at 14 rounding moves 36.6 by a bit.
        assert_eq!(idx.summary(1).unwrap().verbatim, 0);
        assert_eq!(idx.summary(2).unwrap().verbatim, 0xbffe);
        // The square is cw: repaired, it is still the same polygon.
        assert_eq!(
            idx.summary(1).unwrap().at(6),
            Some(("Polygon", [36.0, 35.0, 37.0, 36.0]))
        );
        assert_eq!(
            idx.summary(2).unwrap().at(0),
            Some(("Point", [36.6, 35.8, 36.7, 35.9]))
        );
    }

    /// A verbatim mask makes the GeoJSON writer copy the stored JSON as it
    /// is, so a file whose mask does not match its geometry is refused, and
    /// an index loaded without verification reads every mask as 0.
    #[test]
    fn verbatim_masks_are_trusted_only_when_checked() {
        let places = sample();
        let (bytes, _) = compile(&places, &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes.clone())).unwrap();
        assert_eq!(idx.summary(2).unwrap().verbatim, 0xbffe);
        let unverified = Index::from_bytes_unverified(Cow::Owned(bytes.clone())).unwrap();
        assert_eq!(unverified.summary(2).unwrap().verbatim, 0);
        // Claim that the square-free line is written as it is at every
        // precision, 14 included: the check must refuse it.
        let r = idx.summary_ref(2) - 1;
        let at = idx.summaries_at + r * SUMMARY_REC + 36;
        let mut bad = bytes.clone();
        bad[at..at + 2].copy_from_slice(&0xffffu16.to_le_bytes());
        let err = Index::from_bytes(Cow::Owned(bad)).unwrap_err().to_string();
        assert!(err.contains("does not match its geometry"), "{err}");
    }

    /// A summary that parses but says something else than its geometry
    /// (a box shifted, another type, another precision kept) is refused
    /// on load, as a wrong verbatim mask is; the same bytes load fine.
    #[test]
    fn summaries_are_checked_against_their_geometry() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes.clone())).unwrap();
        let at = idx.summaries_at + (idx.summary_ref(2) - 1) * SUMMARY_REC;
        let west = f64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let tampered = |offset: usize, value: &[u8]| {
            let mut bad = bytes.clone();
            bad[at + offset..at + offset + value.len()].copy_from_slice(value);
            Index::from_bytes(Cow::Owned(bad)).unwrap_err().to_string()
        };
        for e in [
            tampered(0, &(west + 1.0).to_le_bytes()),
            tampered(32, &[5]),
            tampered(34, &1u16.to_le_bytes()),
        ] {
            assert!(
                e.contains("corrupt place record 2: its geometry summary does not match"),
                "{e}"
            );
        }
    }

    /// Several bad summaries, checked on several threads: the error names
    /// the first place, as a check in order would.
    #[test]
    fn the_first_bad_summary_is_the_one_named() {
        let places: Vec<Place> = (0..300)
            .map(|i| {
                let (x, y) = (f64::from(i % 20), f64::from(i / 20));
                let mut p = Place::new(&format!("t:{i}"), Kind::Admin2, "Square", y, x);
                p.geometry = Some(format!(
                    r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{a},{y}],[{a},{b}],[{x},{b}],[{x},{y}]]]}}"#,
                    a = x + 0.5,
                    b = y + 0.5
                ));
                p
            })
            .collect();
        let (bytes, _) = compile(&places, &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes.clone())).unwrap();
        let mut bad = bytes;
        for i in [250, 130, 70] {
            let at = idx.summaries_at + (idx.summary_ref(i) - 1) * SUMMARY_REC + 24;
            bad[at..at + 8].copy_from_slice(&99.0f64.to_le_bytes());
        }
        let e = Index::from_bytes(Cow::Owned(bad)).unwrap_err().to_string();
        assert!(e.contains("corrupt place record 70: "), "{e}");
    }

    /// An index of an older version (written before the summaries) or
    /// with a corrupt summary is refused with a clear error.
    #[test]
    fn stale_or_corrupt_summaries_are_errors() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let mut old = bytes.clone();
        old[8..12].copy_from_slice(&3u32.to_le_bytes());
        let e = Index::from_bytes(Cow::Owned(old)).unwrap_err().to_string();
        assert!(
            e.contains("version 3 is not supported") && e.contains("gazetteer build"),
            "{e}"
        );
        let n_places = u32_at(&bytes, 12) as usize;
        let summaries_at = HEADER + n_places * PLACE_REC;
        assert_eq!(u32_at(&bytes, HEADER - 4), 1);
        let mut kind = bytes.clone();
        kind[summaries_at + 32] = 6;
        let e = Index::from_bytes(Cow::Owned(kind)).unwrap_err().to_string();
        assert!(e.contains("corrupt geometry summary 0"), "{e}");
        let mut nan = bytes.clone();
        nan[summaries_at..summaries_at + 8].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(Index::from_bytes(Cow::Owned(nan)).is_err());
        let mut r = bytes.clone();
        let at = HEADER + 2 * PLACE_REC + PLACE_SUMMARY;
        r[at..at + 4].copy_from_slice(&2u32.to_le_bytes());
        let e = Index::from_bytes(Cow::Owned(r)).unwrap_err().to_string();
        assert!(
            e.contains("corrupt place record 2: no such geometry summary"),
            "{e}"
        );
        // Unverified (as the embedded index loads), a corrupt type is no
        // summary rather than a panic.
        let mut kind = bytes;
        kind[summaries_at + 32] = 200;
        let idx = Index::from_bytes_unverified(Cow::Owned(kind)).unwrap();
        assert_eq!(idx.summary(2).unwrap().at(6), None);
    }

    #[test]
    fn round_trip() {
        let places = sample();
        let demonyms = vec![Demonym {
            form: "Idlibi".into(),
            place_id: "geonames:169387".into(),
        }];
        let (bytes, stats) = compile(&places, &demonyms, &["Idlib Times".to_string()]).unwrap();
        assert_eq!(stats.places, 3);
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        assert_eq!(idx.len(), 3);
        assert_eq!(idx.id(0), "geonames:169387");
        assert_eq!(idx.name(0), "Idlib");
        assert_eq!(idx.country(0), "SY");
        assert_eq!(idx.country(2), "");
        assert_eq!(idx.kind(2), Kind::Road);
        assert_eq!(idx.lat(1), 35.733);
        assert!(idx.geometry(0).starts_with("{\"type\":\"Polygon\""));
        let k = idx.key_of("idleb").unwrap();
        let p: Vec<Posting> = idx.postings(k).collect();
        assert_eq!(p.len(), 1);
        assert_eq!(idx.form(&p[0]), "Idleb");
        // The article-free variant is a key too.
        assert!(idx.key_of("Jebel Zawiya").is_some());
        let k = idx.key_of("M-4").unwrap();
        let p: Vec<Posting> = idx.postings(k).collect();
        assert_eq!(p[0].form_kind, FormKind::Abbrev);
        let k = idx.key_of("Idlib Times").unwrap();
        assert_eq!(idx.postings(k).next().unwrap().place, NO_PLACE);
        assert_eq!(
            idx.postings(idx.key_of("Idlibi").unwrap())
                .next()
                .unwrap()
                .form_kind,
            FormKind::Demonym
        );
    }

    #[test]
    fn rejects_garbage_and_truncation() {
        assert!(Index::from_bytes(Cow::Borrowed(b"hello")).is_err());
        let (mut bytes, _) = compile(&sample(), &[], &[]).unwrap();
        bytes.pop();
        assert!(Index::from_bytes(Cow::Owned(bytes)).is_err());
    }

    /// Issue 10: strings of a checked table are cut without a UTF-8 check
    /// per access; they must read as the checked way reads them, and a cut
    /// inside a character (a posting of another index) must read as empty.
    #[test]
    fn checked_once_string_table_reads_as_checked_per_string() {
        let mut places = sample();
        places[1].names = vec!["Ḥalab".into()];
        let (bytes, _) = compile(&places, &[], &[]).unwrap();
        assert!(Index::string_table_is_utf8(Cow::Owned(bytes.clone())));
        let once = Index::from_bytes(Cow::Owned(bytes.clone())).unwrap();
        let each = Index::from_bytes_unverified(Cow::Owned(bytes.clone())).unwrap();
        assert!(once.strings_utf8 && !each.strings_utf8);
        assert!(once.places_whole && !each.places_whole);
        assert!(Index::place_strings_are_whole(Cow::Owned(bytes.clone())));
        for i in 0..once.len() {
            assert_eq!(once.id(i), each.id(i));
            assert_eq!(once.name(i), each.name(i));
            assert_eq!(once.geometry(i), each.geometry(i));
        }
        let k = once.key_of("Ḥalab").unwrap();
        let p = once.postings(k).next().unwrap();
        assert_eq!(once.form(&p), "Ḥalab");
        assert_eq!(each.form(&p), "Ḥalab");
        // "Ḥ" is three bytes: a cut after its first byte, and a reference
        // past the table's end, read as empty.
        for form in [(p.form.0, 1), (p.form.0 + 1, 2), (u32::MAX, 2)] {
            let cut = Posting { form, ..p };
            assert_eq!(once.form(&cut), "");
            assert_eq!(each.form(&cut), "");
        }
        // A table that is not UTF-8 is refused.
        let h = once.strings_at + p.form.0 as usize;
        let mut bad = bytes.clone();
        bad[h] = 0xff;
        assert!(!Index::string_table_is_utf8(Cow::Owned(bad.clone())));
        assert!(!Index::place_strings_are_whole(Cow::Owned(bad.clone())));
        assert!(Index::from_bytes(Cow::Owned(bad)).is_err());
        // A place record whose name reference cuts "Ḥ", or runs past the
        // table, is found by the check `build.rs` makes of the embedded
        // index (which is then read without a check per string), and by
        // `from_bytes`.
        let rec = once.places_at + PLACE_REC + 8;
        let refer = |(off, len): (u32, u32)| {
            let mut b = bytes.clone();
            b[rec..rec + 4].copy_from_slice(&off.to_le_bytes());
            b[rec + 4..rec + 8].copy_from_slice(&len.to_le_bytes());
            b
        };
        // Place 1's name pointed at the form "Ḥalab" reads it, checked or not.
        let whole = refer(p.form);
        assert!(Index::place_strings_are_whole(Cow::Owned(whole.clone())));
        let checked = Index::from_bytes(Cow::Owned(whole.clone())).unwrap();
        assert!(checked.places_whole);
        assert_eq!(checked.name(1), "Ḥalab");
        let unchecked = Index::from_bytes_unverified(Cow::Owned(whole)).unwrap();
        assert_eq!(unchecked.name(1), "Ḥalab");
        for cut in [(p.form.0 + 1, 2), (p.form.0, 1), (u32::MAX - 1, 1)] {
            let cut = refer(cut);
            assert!(Index::string_table_is_utf8(Cow::Owned(cut.clone())));
            assert!(!Index::place_strings_are_whole(Cow::Owned(cut.clone())));
            assert!(Index::from_bytes(Cow::Owned(cut.clone())).is_err());
            let unchecked = Index::from_bytes_unverified(Cow::Owned(cut)).unwrap();
            assert_eq!(unchecked.name(1), "");
        }
    }

    /// Reads everything an index holds, as a run would.
    fn exercise(idx: &Index) {
        for i in 0..idx.len() {
            let _ = (idx.id(i), idx.name(i), idx.admin1(i), idx.source(i));
            let _ = (idx.note(i), idx.geometry(i), idx.lat(i), idx.lon(i));
            let _ = (idx.population(i), idx.kind(i), idx.country(i));
            let _ = idx.summary(i).map(|s| s.at(6));
        }
        for k in 0..idx.key_count() as u32 + 2 {
            for p in idx.postings(k) {
                let _ = idx.form(&p);
            }
        }
        let _ = idx.find_keys(" idlib governorate jabal al zawiya jebel zawiya m 4 idlibi ");
        let _ = idx.key_of("Idlib Times");
    }

    /// Issue 11: one flipped byte in the name index made a search panic
    /// inside the `fst` crate. Every single-byte flip must load as an error
    /// or as an index that reads without panicking; flips in the name index
    /// section are all caught.
    #[test]
    fn every_flipped_byte_is_an_error_or_harmless() {
        let demonyms = vec![Demonym {
            form: "Idlibi".into(),
            place_id: "geonames:169387".into(),
        }];
        let (bytes, _) = compile(&sample(), &demonyms, &["Idlib Times".to_string()]).unwrap();
        let fst_at = bytes.len() - u32_at(&bytes, 28) as usize;
        for at in 0..bytes.len() {
            for mask in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[at] ^= mask;
                match Index::from_bytes(Cow::Owned(b)) {
                    Ok(idx) => {
                        assert!(at < fst_at, "flip {mask:#x} at {at} (name index) loaded");
                        exercise(&idx);
                    }
                    Err(e) => assert!(matches!(e.kind(), crate::error::ErrorKind::Index(_))),
                }
            }
        }
    }

    /// The walk the token trie replaced: the FST, byte by byte, from every
    /// start (`prefix`: the first byte of the keys walked, or none).
    fn fst_walk(idx: &Index, text: &[u8], prefix: Option<u8>) -> Vec<(usize, usize, u32)> {
        use fst::raw::Output;
        let fst = &idx.names;
        let (mut root, mut out0) = (fst.root(), Output::zero());
        if let Some(p) = prefix {
            let Some(t) = root.find_input(p) else {
                return Vec::new();
            };
            let t = root.transition(t);
            (root, out0) = (fst.node(t.addr), t.out);
        }
        let mut hits = Vec::new();
        for start in (1..text.len()).filter(|&s| text[s - 1] == b' ' && text[s] != b' ') {
            let (mut node, mut acc) = (root, out0);
            for (i, &b) in text[start..].iter().enumerate() {
                let Some(t) = node.find_input(b) else { break };
                let t = node.transition(t);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
                if node.is_final() && text.get(start + i + 1) == Some(&b' ') {
                    let k = acc.cat(node.final_output()).value() as u32;
                    hits.push((start, start + i + 1, k));
                }
            }
        }
        hits
    }

    fn trie_walk(idx: &Index, text: &[u8], skeleton: bool) -> Vec<(usize, usize, u32)> {
        let mut hits = Vec::new();
        if skeleton {
            // Every token as it is, and a walk from each; the token numbers
            // are the exact walk's.
            let spans: Vec<(usize, usize)> = SpacedTokens::new(text).collect();
            let span = |i: usize| spans[i];
            let number = |&(a, b): &(usize, usize)| idx.token_id(&text[a..b]).unwrap_or(NO_TOKEN);
            let ids: Vec<u32> = spans.iter().map(number).collect();
            let read = |_: usize, _: usize, _: &[u8], _: Option<&[u8]>, _: &mut Vec<u8>| {};
            let tokens = (spans.len(), span, &ids[..]);
            let mut found = |s, e, k| hits.push((s, e, k));
            idx.walk_skeleton_keys(text, tokens, 0..spans.len(), read, &mut found);
        } else {
            idx.for_each_key(std::str::from_utf8(text).unwrap(), |s, e, k| {
                hits.push((s, e, k))
            });
        }
        hits
    }

    /// The token trie finds what the byte walk of the FST finds, in the same
    /// order, on a text made of the embedded gazetteer's own keys (every
    /// 40th, exact and skeleton), their prefixes, words that are in no key,
    /// double spaces and barriers.
    #[test]
    fn trie_walk_finds_what_the_fst_walk_finds() {
        use fst::Streamer;
        let g = crate::gazetteer::Gazetteer::embedded().unwrap();
        let idx = &g.layers()[0];
        let (mut exact, mut skeleton) = (String::from(" "), String::from(" "));
        let mut keys = idx.names.stream();
        let mut n = 0;
        while let Some((key, _)) = keys.next() {
            n += 1;
            if n % 40 != 0 {
                continue;
            }
            let key = std::str::from_utf8(key).unwrap();
            let (text, key) = match key.strip_prefix('~') {
                Some(k) => (&mut skeleton, k),
                None => (&mut exact, key),
            };
            let cut = key.rfind(' ').unwrap_or(0);
            let mut half = key.len() / 2;
            while !key.is_char_boundary(half) {
                half -= 1;
            }
            for part in [key, &key[..cut], "zzqx", key, "|", &key[..half]] {
                text.push_str(part);
                text.push(' ');
            }
            if n % 7 == 0 {
                text.push(' ');
            }
        }
        assert!(exact.len() > 100_000 && skeleton.len() > 5_000);
        let want = fst_walk(idx, exact.as_bytes(), None);
        assert!(want.len() > 10_000);
        assert_eq!(trie_walk(idx, exact.as_bytes(), false), want);
        let want = fst_walk(idx, skeleton.as_bytes(), Some(b'~'));
        assert!(want.len() > 500);
        assert_eq!(trie_walk(idx, skeleton.as_bytes(), true), want);
        // Skeleton keys are not found by the exact walk, nor exact keys by
        // the skeleton walk, unless they are both.
        assert_eq!(
            trie_walk(idx, skeleton.as_bytes(), false),
            fst_walk(idx, skeleton.as_bytes(), None)
        );
        assert_eq!(
            trie_walk(idx, exact.as_bytes(), true),
            fst_walk(idx, exact.as_bytes(), Some(b'~'))
        );
    }

    /// Over a text the normalizer made, the walk that reads its token
    /// spans finds what the walk that scans for them finds, and the token
    /// numbers it keeps for the variant walk are the table's, whether they
    /// come from the table or from the memo (a second round reads them from
    /// the memo; in between, the same `TokenIds` serves another index).
    #[test]
    fn walk_over_known_tokens_finds_what_the_scan_finds() {
        let g = crate::gazetteer::Gazetteer::embedded().unwrap();
        let idx = &g.layers()[0];
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let other = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        let texts = [
            "Shelling hit al-Bab; then (Ma'arrat al-Nu'man) Idlib, U.S. 4 km from Jebel Zawiya.",
            "New York, New York City and  Aleppo | Kafr Nabl; وبإدلب و للرقة M4 Ank\u{200d}ara",
            "Saint-Denis near Paris, the Gulf of Mexico and Rio de Janeiro, Idlib governorate",
            // Tokens the memo misses twice in one text (a known one, an
            // unknown one, one too long to remember): both read from the
            // table, after the other tokens of their round.
            "Idlib qzxv Idlibgovernoratesqzx Aleppo Idlib qzxv Idlibgovernoratesqzx Aleppo",
            "",
            // Many rounds of token numbers, a name across a round's end.
            &"Shelling hit Idlib, Aleppo and Kafr Nabl qzxv near New York. ".repeat(40),
        ];
        let (mut ids, mut seen) = (TokenIds::default(), [0; 2]);
        for round in 0..2 {
            for &text in &texts {
                let n = crate::normalize::normalize(text);
                for idx in [idx, &other] {
                    let mut want = Vec::new();
                    idx.for_each_key(&n.text, |s, e, k| want.push((s, e, k)));
                    let mut got = Vec::new();
                    idx.for_each_key_in(&n, &mut ids, |s, e, k| got.push((s, e, k)));
                    assert_eq!(got, want, "{text:?} round {round}");
                    assert!(text.is_empty() || !got.is_empty(), "{text:?}");
                    let b = n.text.as_bytes();
                    let table: Vec<u32> = (0..n.token_count())
                        .map(|i| n.token_span(i))
                        .map(|(s, e)| idx.token_id(&b[s..e]).unwrap_or(NO_TOKEN))
                        .collect();
                    assert_eq!(ids.ids, table, "{text:?} round {round}");
                    for t in table {
                        seen[usize::from(t == NO_TOKEN)] += 1;
                    }
                }
            }
        }
        // Tokens in the tables and tokens in none were both read.
        assert!(seen[0] > 20 && seen[1] > 20, "{seen:?}");
    }

    /// The prefetch hints take any key number, in range or not, and
    /// change nothing that is read after them.
    #[test]
    fn prefetch_hints_take_any_key() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        let before: Vec<Vec<Posting>> = (0..idx.n_keys as u32)
            .map(|k| idx.postings(k).collect())
            .collect();
        for k in (0..idx.n_keys as u32 + 3).chain([u32::MAX]) {
            idx.prefetch_key(k);
            idx.prefetch_postings(k);
        }
        let after: Vec<Vec<Posting>> = (0..idx.n_keys as u32)
            .map(|k| idx.postings(k).collect())
            .collect();
        assert_eq!(before, after);
        assert!(before.iter().any(|p| !p.is_empty()));
    }

    /// Tokens of up to 8 bytes are compared as words: the same answers as
    /// comparing the bytes, for every length up to 10 and a difference at
    /// every place.
    #[test]
    fn short_tokens_compare_as_their_bytes() {
        let base = b"abcdefghij";
        for n in 0..=base.len() {
            let a = &base[..n];
            assert!(same_bytes(a, a), "{n}");
            for m in 0..=base.len() {
                assert_eq!(same_bytes(a, &base[..m]), n == m, "{n} {m}");
            }
            for i in 0..n {
                let mut b = a.to_vec();
                b[i] ^= 0x20;
                assert!(!same_bytes(a, &b), "{n} at {i}");
            }
        }
    }

    /// The bit set of the tokens that start a skeleton key agrees with the
    /// skeleton root's edges, token by token.
    #[test]
    fn skeleton_first_tokens_are_the_root_edges() {
        let g = crate::gazetteer::Gazetteer::embedded().unwrap();
        let idx = &g.layers()[0];
        let root = idx.trie.skeleton_root;
        let mut starting = 0;
        for t in 0..idx.trie.tokens + 70 {
            let edge = idx.trie_view().deeper_child(root, t).is_some();
            assert_eq!(idx.starts_skeleton(t), edge, "token {t}");
            starting += usize::from(edge);
        }
        assert!(starting > 0 && starting < idx.trie.tokens as usize);
    }

    /// The tail of a token read as overlapping words is the tail copied
    /// byte by byte into a zeroed word (the token hash of the index format).
    #[test]
    fn tail_words_are_the_padded_bytes() {
        let bytes: Vec<u8> = (1..=40u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=bytes.len() {
            let tok = &bytes[..n];
            let from = n - n % 8;
            let mut padded = [0u8; 8];
            padded[..n - from].copy_from_slice(&tok[from..]);
            assert_eq!(le_tail(tok, from), u64::from_le_bytes(padded), "{n}");
        }
    }

    /// Each key's abbreviation bit says whether its postings hold an
    /// abbreviation (only "m 4", the road's "M4"), and a bit that does not
    /// is refused by the check of a file from elsewhere.
    #[test]
    fn abbreviation_bits_follow_the_postings() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes.clone())).unwrap();
        let m4 = idx.key_of("M4").unwrap();
        for k in 0..idx.n_keys as u32 {
            assert_eq!(idx.key_has_abbrev(k), k == m4, "key {k}");
        }
        assert!(!idx.key_has_abbrev(idx.n_keys as u32));
        for flip in [m4, idx.key_of("Idlib").unwrap()] {
            let mut b = bytes.clone();
            b[idx.abbrevs_at + flip as usize / 8] ^= 1 << (flip % 8);
            let e = Index::from_bytes(Cow::Owned(b)).unwrap_err();
            assert!(e.to_string().contains("abbreviation bits"), "{e}");
        }
        // A bit past the last key.
        assert!(idx.n_keys % 8 != 0);
        let mut b = bytes;
        b[idx.abbrevs_at + idx.n_keys / 8] |= 0x80;
        assert!(Index::from_bytes(Cow::Owned(b)).is_err());
    }

    /// The memo holds tokens of up to 16 bytes by their first eight bytes
    /// and the rest: tokens that share their first eight bytes ("governor"
    /// and more), twice as many as the memo has slots so that they evict
    /// each other, each get the table's number, as do the tokens of 16 and
    /// 17 bytes on either side of the memo's limit.
    #[test]
    fn memo_tells_long_tokens_apart() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        let view = idx.trie_view();
        let known = b"governorate".as_slice();
        assert_ne!(view.token_id(known), None);
        let mut toks: Vec<Vec<u8>> = (0..2 * MEMO_SLOTS)
            .map(|i| format!("governor{i:x}").into_bytes())
            .collect();
        for i in (0..toks.len()).step_by(97).rev() {
            toks.insert(i, known.to_vec());
        }
        toks.extend([b"governorat".to_vec(), b"governorates".to_vec()]);
        toks.extend([b"governorateabcde".to_vec(), b"governorateabcdef".to_vec()]);
        let mut memo = vec![Memo::default(); MEMO_SLOTS];
        for round in 0..2 {
            for t in &toks {
                let want = view.token_id(t).unwrap_or(NO_TOKEN);
                assert_eq!(
                    memo_number(&mut memo, &view, t),
                    want,
                    "{t:?} round {round}"
                );
            }
        }
        // A token of the same length and first eight bytes in the known
        // token's slot: told apart by the rest alone.
        let slot = memo_slot(known).2;
        let letters = |i: usize| b'a' + (i % 26) as u8;
        let twin = (0..26 * 26 * 26)
            .map(|i| {
                [
                    &b"governor"[..],
                    &[letters(i), letters(i / 26), letters(i / 676)],
                ]
                .concat()
            })
            .find(|t| t.as_slice() != known && memo_slot(t).2 == slot)
            .expect("a token in the same slot");
        let id = view.token_id(known).unwrap();
        for (t, want) in [(known, id), (&twin[..], NO_TOKEN), (known, id)] {
            assert_eq!(memo_number(&mut memo, &view, t), want, "{t:?}");
        }
    }

    /// A loaded index whose trie disagrees with its FST is refused.
    #[test]
    fn a_trie_that_disagrees_with_the_names_is_refused() {
        let (bytes, _) = compile(&sample(), &[], &[]).unwrap();
        let t = TrieSizes::read(&bytes);
        let finals_at =
            trie_sections(t, bytes.len() - u32_at(&bytes, 28) as usize - t.byte_len())[3];
        // Swap the key numbers of two final states.
        let mut b = bytes.clone();
        let finals: Vec<usize> = (0..t.states as usize)
            .map(|s| finals_at + 4 * s)
            .filter(|&at| u32_at(&b, at) != NO_KEY)
            .collect();
        let (x, y) = (finals[0], finals[1]);
        let (kx, ky) = (u32_at(&b, x), u32_at(&b, y));
        b[x..x + 4].copy_from_slice(&ky.to_le_bytes());
        b[y..y + 4].copy_from_slice(&kx.to_le_bytes());
        let e = Index::from_bytes(Cow::Owned(b)).unwrap_err();
        assert!(e.to_string().contains("name trie"), "{e}");
        assert!(Index::from_bytes(Cow::Owned(bytes)).is_ok());
    }

    #[test]
    fn empty_index_works() {
        let (bytes, _) = compile(&[], &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        assert!(idx.is_empty());
        assert!(idx.find_keys(" idlib ").is_empty());
    }

    /// The scan of every place's kind reads what `kind` reads, place by
    /// place, for the embedded index and a small one.
    #[test]
    fn kinds_are_each_place_s_kind() {
        let g = crate::gazetteer::Gazetteer::embedded().unwrap();
        for idx in g.layers() {
            assert_eq!(idx.kinds().count(), idx.len());
            assert!(idx.kinds().enumerate().all(|(i, k)| k == idx.kind(i)));
            assert!(idx.kinds().any(|k| k == Kind::Country));
        }
        let places = [
            Place::new("x:1", Kind::Lake, "Lake One", 1.0, 2.0),
            Place::new("x:2", Kind::Admin3, "Two", 3.0, 4.0),
        ];
        let (bytes, _) = compile(&places, &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        assert_eq!(idx.kinds().collect::<Vec<_>>(), [Kind::Lake, Kind::Admin3]);
    }

    /// The embedded index's list of countries and first-level divisions,
    /// made by `build.rs`, is what a scan of its records finds; another
    /// index's list is that scan; a gazetteer's lists run over its layers
    /// in the order of the ids.
    #[test]
    fn areas_are_the_countries_and_divisions() {
        let mut g = crate::gazetteer::Gazetteer::embedded().unwrap();
        let embedded = &g.layers()[0];
        let (from_build, scanned) = (embedded.areas().to_vec(), embedded.area_list());
        assert_eq!(from_build, scanned);
        assert!(from_build.len() > 3000, "{}", from_build.len());
        let n = g.len() as u32;
        let places = [
            Place::new("x:1", Kind::Country, "Onia", 1.0, 2.0),
            Place::new("x:2", Kind::Admin3, "Two", 3.0, 4.0),
            Place::new("x:3", Kind::Admin1, "Three", 3.0, 4.0),
        ];
        g.push_places(&places, &[], &[]).unwrap();
        assert_eq!(g.layers()[1].areas(), [0, 2]);
        let all: Vec<u32> = g.areas().map(|p| p.0).collect();
        let want: Vec<u32> = (0..g.len() as u32)
            .filter(|&i| {
                let k = g.place(crate::gazetteer::PlaceId(i)).kind();
                matches!(k, Kind::Country | Kind::Admin1)
            })
            .collect();
        assert_eq!(all, want);
        assert_eq!(all[all.len() - 2..], [n, n + 2]);
    }
}
