//! A fast, unkeyed hasher for the resolver's per-document maps, whose keys
//! are small integers (place numbers, interned name keys, grid cells) and
//! short gazetteer strings (country codes): the multiply-rotate hash of
//! the Rust compiler ("FxHash"). SipHash, the standard library's default,
//! guards against keys chosen by an adversary; these keys come from the
//! gazetteer or are numbered by the resolver, and SipHash cost more than a
//! tenth of all instructions.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash state.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves its entropy in the high bits; the table
        // indexes with the low ones.
        self.0.rotate_left(26)
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub(crate) type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(t)
    }

    #[test]
    fn distinct_small_keys_hash_apart() {
        // Neighbouring grid cells and place numbers must not collide, and
        // strings that differ only in length or in their last byte neither.
        let cells: FxHashSet<u64> = (-20..20)
            .flat_map(|y| (-20..20).map(move |x| hash(&(y, x))))
            .collect();
        assert_eq!(cells.len(), 1600);
        let low_bits: FxHashSet<u64> = (0..1024u32).map(|i| hash(&i) & 1023).collect();
        assert!(low_bits.len() > 600, "{}", low_bits.len());
        assert_ne!(hash("SY"), hash("SY\0"));
        assert_ne!(hash("abcdefgh"), hash("abcdefgi"));
        let mut m: FxHashMap<&str, u32> = FxHashMap::default();
        m.insert("SY", 1);
        assert_eq!(m.get("SY"), Some(&1));
    }
}
