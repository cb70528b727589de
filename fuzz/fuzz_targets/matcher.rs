//! The matcher and resolver over the embedded gazetteer: every candidate
//! and mention lies on character boundaries, and a mention's text is the
//! document's text at its offsets, in bytes and in code points.
#![no_main]

use std::sync::OnceLock;

use geomention::{CaseMode, Document, Gazetteer, Geoparser};
use libfuzzer_sys::fuzz_target;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut parser = Geoparser::new(gazetteer());
    parser.matcher_mut().case_mode(match mode % 3 {
        0 => CaseMode::Auto,
        1 => CaseMode::Strict,
        _ => CaseMode::Ignore,
    });
    let m = parser.matcher_mut().find(&text);
    for c in &m.candidates {
        assert!(c.start < c.end && text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
    }
    let r = parser.map(Document {
        id: "fuzz".into(),
        text: text.clone(),
    });
    let chars: Vec<char> = text.chars().collect();
    for m in &r.resolved.mentions {
        assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()), "bytes {m:?}");
        let cp: String = chars[m.char_start..m.char_end].iter().collect();
        assert_eq!(cp, m.text, "code points {m:?}");
    }
});
