//! The normalizer: its text is framed by spaces, and every token maps back
//! to a range of the original on character boundaries.
#![no_main]

use geomention::normalize::{normalize, normalize_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let n = normalize(&s);
    assert!(n.text.starts_with(' ') && n.text.ends_with(' '), "{:?}", n.text);
    let mut start = None;
    for (i, b) in n.text.bytes().enumerate() {
        match (b == b' ', start) {
            (false, None) => start = Some(i),
            (true, Some(st)) => {
                let (a, z) = n.original_range(st, i);
                assert!(a <= z && z <= s.len(), "{a}..{z} of {}", s.len());
                assert!(s.is_char_boundary(a) && s.is_char_boundary(z), "{a}..{z}");
                start = None;
            }
            _ => {}
        }
    }
    let _ = normalize_key(&s);
});
