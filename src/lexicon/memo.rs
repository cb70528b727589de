//! Remembered answers of the lexicon's lookups. A text asks about the same
//! few hundred words again and again (every mention of a name and its
//! neighbours), and a remembered answer costs a few dozen instructions
//! where a walk of the person-name FST or a binary search of the common
//! words costs hundreds to thousands.
//!
//! A [`WordMemo`] has one slot per hash of the key: a later key with the
//! same slot replaces the earlier one, and the answer is always the one the
//! lookup gives, whichever slot serves it. Each thread keeps its own (see
//! the `thread_local!` statics of the callers): no lock, and the output
//! cannot depend on the order in which threads ask.

/// Keys up to this long are remembered (nearly all words; longer ones are
/// looked up every time).
const KEY: usize = 15;

/// Remembered lookups of word keys (bytes, as the lookup keys them).
pub(crate) struct WordMemo<V> {
    slots: Vec<Slot<V>>,
}

/// A remembered key ([`padded`]: all zeros for an empty slot) and the
/// lookup's answer.
#[derive(Clone, Copy)]
struct Slot<V> {
    key: [u8; KEY + 1],
    value: V,
}

/// A key of 1 to [`KEY`] bytes as a slot holds it: its length, its bytes,
/// zeros after them. Two keys are equal exactly when their padded forms
/// are, which compares as two words (no call of `memcmp` per probe).
///
/// Built from at most two 8-byte loads, not a copy of `key.len()` bytes
/// (a call of `memcpy` per probe, a million per 13 MB of news): a key of 8
/// bytes or more is its first and last eight, which overlap for a shorter
/// one; a shorter key is read a byte at a time.
fn padded(key: &[u8]) -> [u8; KEY + 1] {
    let n = key.len();
    debug_assert!((1..=KEY).contains(&n));
    let mut p = [0; KEY + 1];
    p[0] = n as u8;
    if n >= 8 {
        let word = |at: usize| -> [u8; 8] { key[at..at + 8].try_into().expect("8 bytes") };
        p[n - 7..=n].copy_from_slice(&word(n - 8));
        p[1..9].copy_from_slice(&word(0));
    } else {
        for (d, &b) in p[1..=n].iter_mut().zip(key) {
            *d = b;
        }
    }
    p
}

impl<V: Copy + Default> WordMemo<V> {
    /// Slots per memo: a few thousand distinct words between two uses of
    /// the same one still find it.
    const SLOTS: usize = 1 << Self::SLOT_BITS;
    /// The bits of a slot number.
    const SLOT_BITS: u32 = 12;

    /// An empty memo.
    pub(crate) fn new() -> WordMemo<V> {
        let empty = Slot {
            key: [0; KEY + 1],
            value: V::default(),
        };
        WordMemo {
            slots: vec![empty; Self::SLOTS],
        }
    }

    /// The answer for `key`: remembered, or from `look_up` (and then
    /// remembered). An empty key or one longer than [`KEY`] bytes is
    /// always looked up.
    pub(crate) fn get_or(&mut self, key: &[u8], look_up: impl FnOnce(&[u8]) -> V) -> V {
        if key.is_empty() || key.len() > KEY {
            return look_up(key);
        }
        let p = padded(key);
        let slot = &mut self.slots[Self::slot_of(&p)];
        if slot.key == p {
            return slot.value;
        }
        let value = look_up(key);
        slot.key = p;
        slot.value = value;
        value
    }

    /// The remembered value of `key`, to read and update in place: the
    /// default value when the key is not remembered (it then replaces the
    /// slot's earlier key). `None` for a key that is empty or longer than
    /// [`KEY`] bytes: never remembered.
    pub(crate) fn slot(&mut self, key: &[u8]) -> Option<&mut V> {
        if key.is_empty() || key.len() > KEY {
            return None;
        }
        let p = padded(key);
        let slot = &mut self.slots[Self::slot_of(&p)];
        if slot.key != p {
            slot.key = p;
            slot.value = V::default();
        }
        Some(&mut slot.value)
    }

    /// The slot of a key ([`padded`]): its two halves mixed by a
    /// multiplication, the product's top bits (no loop over the bytes).
    fn slot_of(p: &[u8; KEY + 1]) -> usize {
        let half = |i: usize| u64::from_le_bytes(p[i..i + 8].try_into().expect("8 bytes"));
        let h = (half(0) ^ half(8).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - Self::SLOT_BITS)) as usize
    }
}

/// Remembered answers of a function from strings to strings (a name's
/// normalized key): a bounded map, emptied when it is full, so that a
/// thread that reads many texts keeps the strings of the recent ones. The
/// answer is always the function's.
pub(crate) struct StrMemo {
    map: crate::resolve::fx::FxHashMap<Box<str>, std::rc::Rc<str>>,
}

impl StrMemo {
    /// Strings remembered at most (about a hundred bytes each, with the
    /// map): the names of the last few dozen news texts.
    const MAX: usize = 1 << 12;

    /// An empty memo.
    pub(crate) fn new() -> StrMemo {
        StrMemo {
            map: Default::default(),
        }
    }

    /// The answer for `key`: remembered, or from `answer` (and then
    /// remembered).
    pub(crate) fn get(
        &mut self,
        key: &str,
        answer: impl FnOnce(&str) -> String,
    ) -> std::rc::Rc<str> {
        if let Some(v) = self.map.get(key) {
            return v.clone();
        }
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        let v: std::rc::Rc<str> = answer(key).into();
        self.map.insert(key.into(), v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A padded key is its length, its bytes and zeros, for every length
    /// (the two loads of a key of 8 bytes or more overlap when it is
    /// shorter than 16) and every byte value.
    #[test]
    fn a_padded_key_is_its_length_bytes_and_zeros() {
        for n in 1..=KEY {
            for seed in 0..=255u8 {
                let key: Vec<u8> = (0..n as u8)
                    .map(|i| seed.wrapping_mul(31).wrapping_add(i.wrapping_mul(97)))
                    .collect();
                let mut want = [0; KEY + 1];
                want[0] = n as u8;
                want[1..=n].copy_from_slice(&key);
                assert_eq!(padded(&key), want, "{key:?}");
            }
        }
    }

    #[test]
    fn string_answers_are_the_function_s_through_a_full_memo() {
        // More keys than the memo holds: it is emptied and fills again,
        // every answer is still the function's, and a remembered key is
        // not asked again.
        let answer = |k: &str| format!("<{}>", k.to_uppercase());
        let asked = Cell::new(0);
        let counted = |k: &str| {
            asked.set(asked.get() + 1);
            answer(k)
        };
        let mut memo = StrMemo::new();
        let keys: Vec<String> = (0..StrMemo::MAX + 10).map(|i| format!("k{i}")).collect();
        for k in &keys {
            assert_eq!(*memo.get(k, counted), answer(k));
        }
        assert_eq!(asked.get(), keys.len());
        assert!(memo.map.len() <= StrMemo::MAX);
        let last = &keys[keys.len() - 1];
        assert_eq!(*memo.get(last, counted), answer(last));
        assert_eq!(asked.get(), keys.len(), "a recent key is remembered");
        assert_eq!(*memo.get("k0", counted), answer("k0"));
        assert_eq!(asked.get(), keys.len() + 1, "an emptied key is asked again");
    }

    #[test]
    fn a_slot_is_the_key_s_own_value_or_the_default() {
        let mut memo: WordMemo<u32> = WordMemo::new();
        assert!(memo.slot(b"").is_none() && memo.slot(&[b'a'; KEY + 1]).is_none());
        *memo.slot(b"said").unwrap() = 7;
        assert_eq!(*memo.slot(b"said").unwrap(), 7);
        // A key with the same slot replaces it, and starts from the
        // default.
        let other = (0..1_000_000)
            .map(|i| format!("k{i}"))
            .find(|k| {
                let slot = |k: &[u8]| WordMemo::<u32>::slot_of(&padded(k));
                slot(k.as_bytes()) == slot(b"said")
            })
            .unwrap();
        assert_eq!(*memo.slot(other.as_bytes()).unwrap(), 0);
        assert_eq!(*memo.slot(b"said").unwrap(), 0);
    }

    #[test]
    fn answers_as_the_lookup_through_replaced_slots() {
        // Many more keys than slots: keys that share a slot replace each
        // other, every answer is still the lookup's, and a remembered key
        // is not looked up again.
        let words: Vec<String> = (0..3 * WordMemo::<u32>::SLOTS)
            .map(|i| format!("w{i}"))
            .chain(["", "a-very-long-word-indeed"].map(String::from))
            .collect();
        let answer = |k: &[u8]| k.iter().map(|&b| u32::from(b)).sum::<u32>() + k.len() as u32;
        let looked = Cell::new(0);
        let counted = |k: &[u8]| {
            looked.set(looked.get() + 1);
            answer(k)
        };
        let mut memo = WordMemo::new();
        for round in 0..2 {
            for w in &words {
                let k = w.as_bytes();
                assert_eq!(memo.get_or(k, counted), answer(k), "{w} {round}");
            }
        }
        assert!(
            looked.get() > words.len(),
            "replaced slots are looked up again"
        );
        assert!(
            looked.get() < 2 * words.len(),
            "the last keys are remembered"
        );
        let before = looked.get();
        for _ in 0..3 {
            assert_eq!(memo.get_or(b"w7", counted), answer(b"w7"));
        }
        assert_eq!(
            looked.get(),
            before + 1,
            "w7 is looked up once, then remembered"
        );
        for k in [&b""[..], b"a-very-long-word-indeed"] {
            let before = looked.get();
            memo.get_or(k, counted);
            memo.get_or(k, counted);
            assert_eq!(looked.get(), before + 2, "{k:?} is never remembered");
        }
    }
}
