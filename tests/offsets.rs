//! Property test of the offsets invariant (issue 11): every mention's text
//! is the document's text at its offsets, in bytes and in code points,
//! whatever the text, in every case mode.

use std::sync::OnceLock;

use geomention::{CaseMode, Document, Gazetteer, Geoparser};
use proptest::prelude::*;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().unwrap())
}

/// Pieces of text: place names in several spellings, name glue (articles,
/// hyphens, apostrophes), characters that change length when normalized
/// or case-folded, invisible ones, and arbitrary text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Idlib",
            "IDLIB",
            "idlib",
            "Aleppo",
            "Ḩalab",
            "Ankara",
            "Ank\u{200d}ara",
            "New York",
            "new  york",
            "Moscow",
            "İstanbul",
            "ISTANBUL",
            "Jabal al-Zawiya",
            "al-",
            "Al ",
            "d'",
            "’",
            "-",
            "M4",
            "M-4",
            "UK",
            "Syria",
            "Syrian",
            "Turks",
            "ß",
            "ﬁ",
            "Å",
            "A\u{30a}",
            "\u{301}",
            "\u{feff}",
            "\r\n",
            "\n\n",
            ".",
            ", ",
            " ",
            "|",
            "🇸🇾",
        ])
        .prop_map(str::to_string),
        "\\PC{0,6}",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mention_text_is_the_document_at_its_offsets(
        pieces in prop::collection::vec(piece(), 0..24),
        mode in 0u8..3,
    ) {
        let text: String = pieces.concat();
        let mut parser = Geoparser::new(gazetteer());
        parser.matcher_mut().case_mode(match mode {
            0 => CaseMode::Auto,
            1 => CaseMode::Strict,
            _ => CaseMode::Ignore,
        });
        let r = parser.map(Document { id: "p".into(), text: text.clone() });
        let chars: Vec<char> = text.chars().collect();
        for m in &r.resolved.mentions {
            prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
            prop_assert!(m.char_start <= m.char_end && m.char_end <= chars.len());
            let cp: String = chars[m.char_start..m.char_end].iter().collect();
            prop_assert_eq!(&cp, &m.text);
        }
    }
}
