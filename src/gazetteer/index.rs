//! The compiled gazetteer index: a flat little-endian byte layout that loads
//! without parsing names, so start-up stays in milliseconds even for hundreds
//! of thousands of names.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic "GEOMIDX\0" | version u32 | n_places u32 | n_keys u32 | n_postings u32
//! | strings_len u32 | names_len u32
//! | places   n_places × 80-byte records
//! | keys     (n_keys + 1) × u32: first posting of each key
//! | postings n_postings × 16 bytes: place u32, form kind u8, 3 pad, form string (u32 off, u32 len)
//! | strings  UTF-8 bytes
//! | names    an FST map from normalized key to key number (the `fst` crate)
//! ```
//!
//! Matching walks the FST from every token start of the normalized text and
//! reports the keys that end on a token boundary, so every hit is on token
//! boundaries by construction and overlapping hits are all found (the
//! matcher picks leftmost-longest). An FST is used rather than an
//! Aho-Corasick automaton because it is searched in place: loading the
//! embedded index copies and parses nothing, which keeps start-up in
//! milliseconds with 300,000 names (a deserialized automaton took 40 ms).

use std::borrow::Cow;
use std::collections::HashMap;

use fst::raw::{Fst, Output};

use crate::error::{Error, Result};
use crate::gazetteer::place::{Demonym, FormKind, Kind, Place};
use crate::normalize::normalize_key;

const MAGIC: &[u8; 8] = b"GEOMIDX\0";
const VERSION: u32 = 2;
const HEADER: usize = 8 + 4 * 6;
const PLACE_REC: usize = 80;
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
    buf: Vec<u8>,
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
        self.buf.extend_from_slice(s.as_bytes());
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
    // The place records take their strings first, then the postings.
    let mut strings = Strings::default();
    let place_bytes = place_records(places, &mut strings);
    let (key_offsets, postings, n_postings) = posting_records(&key_list, &mut strings);
    stats.postings = n_postings as usize;
    let automaton = name_fst(&key_list)?;

    let mut out = Vec::with_capacity(
        HEADER
            + place_bytes.len()
            + key_offsets.len()
            + postings.len()
            + strings.buf.len()
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
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&place_bytes);
    out.extend_from_slice(&key_offsets);
    out.extend_from_slice(&postings);
    out.extend_from_slice(&strings.buf);
    out.extend_from_slice(&automaton);
    Ok((out, stats))
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

/// One fixed-size record per place (strings by offset and length).
fn place_records(places: &[Place], strings: &mut Strings) -> Vec<u8> {
    let mut place_bytes = Vec::with_capacity(places.len() * PLACE_REC);
    for p in places {
        let mut rec = [0u8; PLACE_REC];
        let refs = [
            strings.add(&p.id),
            strings.add(&p.name),
            strings.add(&p.admin1),
            strings.add(&p.source),
            strings.add(&p.note),
            strings.add(p.geometry.as_deref().unwrap_or("")),
        ];
        for (j, (off, len)) in refs.iter().enumerate() {
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
        place_bytes.extend_from_slice(&rec);
    }
    place_bytes
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

/// The FST from each key to its number in the sorted key list.
fn name_fst(key_list: &[(String, Vec<KeyEntry>)]) -> Result<Vec<u8>> {
    let err = |e: fst::Error| Error::invalid(format!("cannot build the name index: {e}"));
    let mut builder = fst::MapBuilder::memory();
    for (i, (k, _)) in key_list.iter().enumerate() {
        builder.insert(k.as_bytes(), i as u64).map_err(err)?;
    }
    builder.into_inner().map_err(err)
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
    keys_at: usize,
    postings_at: usize,
    strings_at: usize,
    strings_len: usize,
    n_postings: usize,
    names: Fst<Cow<'static, [u8]>>,
}

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
        let idx = Index::from_bytes_unverified(data)?;
        idx.verify()?;
        Ok(idx)
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
        let places_at = HEADER;
        let keys_at = places_at + n_places * PLACE_REC;
        let postings_at = keys_at + (n_keys + 1) * 4;
        let strings_at = postings_at + n_postings * POSTING_REC;
        let automaton_at = strings_at + strings_len;
        if automaton_at + automaton_len != b.len() {
            return Err(Error::index("gazetteer index is truncated or corrupt"));
        }
        let names_bytes: Cow<'static, [u8]> = match &data {
            Cow::Borrowed(b) => Cow::Borrowed(&b[automaton_at..]),
            Cow::Owned(b) => Cow::Owned(b[automaton_at..].to_vec()),
        };
        let names =
            Fst::new(names_bytes).map_err(|e| Error::index(format!("corrupt name index: {e}")))?;
        let idx = Index {
            n_places,
            n_keys,
            places_at,
            keys_at,
            postings_at,
            strings_at,
            strings_len,
            n_postings,
            names,
            data,
        };
        Ok(idx)
    }

    /// Checks the name index's checksum, every string and posting
    /// reference, and every place's coordinates.
    ///
    /// The name index (an FST) is searched in place, and the `fst` crate
    /// trusts its bytes: a flipped byte there panics in a search. Its CRC-32C
    /// checksum, written by the `fst` builder, catches any corruption; a
    /// load of a large index spends well under a millisecond per megabyte
    /// on it.
    pub fn verify(&self) -> Result<()> {
        self.names.verify().map_err(|e| {
            Error::index(format!(
                "corrupt name index ({e}); rebuild the index with `geomention gazetteer build`"
            ))
        })?;
        let idx = self;
        let (n_places, n_keys, keys_at, postings_at) =
            (self.n_places, self.n_keys, self.keys_at, self.postings_at);
        let n_postings = self.n_postings;
        for i in 0..n_places {
            for j in 0..6 {
                idx.check_str(idx.places_at + i * PLACE_REC + j * 8)?;
            }
            if !crate::gazetteer::place::valid_coord(idx.lat(i), idx.lon(i)) {
                return Err(Error::index(format!(
                    "corrupt place record {i}: coordinates out of range"
                )));
            }
        }
        for k in 0..=n_keys {
            if u32_at(&idx.data, keys_at + k * 4) as usize > n_postings {
                return Err(Error::index("corrupt key table"));
            }
        }
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

    fn str_at(&self, at: usize) -> &str {
        let off = u32_at(&self.data, at) as usize;
        let len = u32_at(&self.data, at + 4) as usize;
        self.string(off, len)
    }

    /// A string of the string table; empty when the reference is corrupt.
    fn string(&self, off: usize, len: usize) -> &str {
        if off.saturating_add(len) > self.strings_len {
            return "";
        }
        let s = &self.data[self.strings_at + off..self.strings_at + off + len];
        std::str::from_utf8(s).unwrap_or("")
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

    /// The id of place `i`.
    pub fn id(&self, i: usize) -> &str {
        self.str_at(self.rec(i))
    }
    /// The display name of place `i`.
    pub fn name(&self, i: usize) -> &str {
        self.str_at(self.rec(i) + 8)
    }
    /// The admin1 name of place `i`.
    pub fn admin1(&self, i: usize) -> &str {
        self.str_at(self.rec(i) + 16)
    }
    /// The source tag of place `i`.
    pub fn source(&self, i: usize) -> &str {
        self.str_at(self.rec(i) + 24)
    }
    /// The note of place `i`.
    pub fn note(&self, i: usize) -> &str {
        self.str_at(self.rec(i) + 32)
    }
    /// The geometry JSON of place `i` (empty for points).
    pub fn geometry(&self, i: usize) -> &str {
        self.str_at(self.rec(i) + 40)
    }
    /// The latitude of place `i`.
    pub fn lat(&self, i: usize) -> f64 {
        let at = self.rec(i) + 48;
        f64::from_le_bytes(self.data[at..at + 8].try_into().expect("8 bytes"))
    }
    /// The longitude of place `i`.
    pub fn lon(&self, i: usize) -> f64 {
        let at = self.rec(i) + 56;
        f64::from_le_bytes(self.data[at..at + 8].try_into().expect("8 bytes"))
    }
    /// The population of place `i`.
    pub fn population(&self, i: usize) -> u64 {
        let at = self.rec(i) + 64;
        u64::from_le_bytes(self.data[at..at + 8].try_into().expect("8 bytes"))
    }
    /// The kind of place `i`.
    pub fn kind(&self, i: usize) -> Kind {
        Kind::from_u8(self.data[self.rec(i) + 72])
    }
    /// The country code of place `i` (empty when none).
    pub fn country(&self, i: usize) -> &str {
        let at = self.rec(i) + 73;
        let cc = &self.data[at..at + 2];
        if cc == [0, 0] {
            ""
        } else {
            std::str::from_utf8(cc).unwrap_or("")
        }
    }

    /// The postings of key `k`.
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
        (a..b.max(a)).map(move |p| {
            let at = self.postings_at + p * POSTING_REC;
            Posting {
                place: u32_at(&self.data, at),
                form_kind: FormKind::from_u8(self.data[at + 4]),
                form: (u32_at(&self.data, at + 8), u32_at(&self.data, at + 12)),
            }
        })
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
    pub fn for_each_key(&self, normalized: &str, found: impl FnMut(usize, usize, u32)) {
        let text = normalized.as_bytes();
        // Token starts: right after a space.
        let starts = (1..text.len()).filter(|&s| text[s - 1] == b' ' && text[s] != b' ');
        self.walk(self.names.root(), Output::zero(), text, starts, found);
    }

    /// Like [`Index::for_each_key`] for the transliteration skeleton keys
    /// (see [`crate::translit`]) in the skeleton of a normalized text.
    /// The walk starts only at the token starts `starts`.
    pub fn for_each_skeleton_key(
        &self,
        skeleton: &[u8],
        starts: &[u32],
        found: impl FnMut(usize, usize, u32),
    ) {
        let root = self.names.root();
        if let Some(t) = root.find_input(crate::translit::SKELETON_PREFIX) {
            let t = root.transition(t);
            let starts = starts.iter().map(|&s| s as usize);
            self.walk(self.names.node(t.addr), t.out, skeleton, starts, found);
        }
    }

    /// Walks the name FST from `root` (reached with output `out`) at the
    /// token starts `starts` of `text`.
    fn walk(
        &self,
        root: fst::raw::Node<'_>,
        out: Output,
        text: &[u8],
        starts: impl Iterator<Item = usize>,
        mut found: impl FnMut(usize, usize, u32),
    ) {
        let fst = &self.names;
        for start in starts {
            let mut node = root;
            let mut acc = out;
            for (i, &b) in text[start..].iter().enumerate() {
                let Some(t) = node.find_input(b) else { break };
                let t = node.transition(t);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
                let end = start + i + 1;
                if node.is_final() && text.get(end) == Some(&b' ') {
                    let k = acc.cat(node.final_output()).value();
                    if let Ok(k) = u32::try_from(k) {
                        found(start, end, k);
                    }
                }
            }
        }
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
        vec![idlib, z, m4]
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

    /// Reads everything an index holds, as a run would.
    fn exercise(idx: &Index) {
        for i in 0..idx.len() {
            let _ = (idx.id(i), idx.name(i), idx.admin1(i), idx.source(i));
            let _ = (idx.note(i), idx.geometry(i), idx.lat(i), idx.lon(i));
            let _ = (idx.population(i), idx.kind(i), idx.country(i));
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

    #[test]
    fn empty_index_works() {
        let (bytes, _) = compile(&[], &[], &[]).unwrap();
        let idx = Index::from_bytes(Cow::Owned(bytes)).unwrap();
        assert!(idx.is_empty());
        assert!(idx.find_keys(" idlib ").is_empty());
    }
}
