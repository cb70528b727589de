//! Document input: JSON Lines rows and plain text (UTF-8, UTF-16 with a
//! byte order mark, binary detection), with a small size limit.
#![no_main]

use geomention::input::{ReadOptions, read_reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        follow: false,
        max_doc_bytes: 1 << 16,
        outputs: Vec::new(),
    };
    for jsonl in [true, false] {
        if let Ok(inputs) = read_reader("fuzz", data, jsonl, &opts) {
            for d in &inputs.documents {
                assert!(d.text.len() as u64 <= opts.max_doc_bytes);
            }
        }
    }
});
