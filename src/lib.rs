/*!
geomention maps where a text talks about: it finds the place names in news
articles and reports with a gazetteer, decides which real place each mention
means, and writes GeoJSON with one feature per place, its real geometry, how
many times it was mentioned and the context of each mention.

# Brief overview

The pipeline is the architecture; each stage is one module and hands one
type to the next:

```text
gazetteer ──► normalize ──► matcher ──► resolve ──► output
 Gazetteer    NormalizedText  Candidate   Mention     GeoJSON / JSON Lines
```

* [`gazetteer`]: the places ([`Gazetteer`], a stack of compiled indexes; the
  world gazetteer is embedded in the binary).
* [`normalize`]: case folding, diacritics, apostrophes, hyphens, romanized
  Arabic articles; one code path for names and documents.
* [`matcher`]: every gazetteer name on token boundaries, with capitalisation
  rules, leftmost-longest ([`Matcher`]).
* [`coords`]: coordinates written in the text (degrees, minutes, seconds;
  decimal degrees; MGRS) as mentions of kind `coordinate`, with the country
  and division they fall in ([`Coordinate`]).
* [`resolve`]: one place per mention, or none, with the reason
  ([`Resolver`]).
* [`output`]: GeoJSON FeatureCollection and per-mention JSON Lines.
* [`geom`]: the geometry checks and computations output, loaders and eval
  share (orientation, point in polygon, representative points).
* [`input`]: documents from files, directories, JSON Lines and stdin.
* [`lexicon`]: word tables that are not places (US/Canadian state and
  province codes, person-name frequencies) for the resolver's evidence.

# Example

```
use geomention::{Document, Gazetteer, Geoparser};

let gazetteer = Gazetteer::embedded()?;
let parser = Geoparser::new(&gazetteer);
let result = parser.map(Document {
    id: "demo".into(),
    text: "Shelling hit the province of Idlib, and talks in Ankara failed.".into(),
});
let places: Vec<&str> = result
    .resolved
    .mentions
    .iter()
    .filter_map(|m| m.place)
    .map(|p| gazetteer.place(p).name())
    .collect();
assert_eq!(places, ["Idlib", "Ankara"]);
let idlib = gazetteer.place(result.resolved.mentions[0].place.unwrap());
assert_eq!(idlib.kind(), geomention::Kind::Admin1);
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/

#![deny(missing_docs)]

pub mod coords;
pub mod coverage;
pub mod error;
pub mod eval;
pub mod facility;
pub mod gazetteer;
pub mod geom;
pub mod input;
pub mod lexicon;
pub mod matcher;
pub mod normalize;
pub mod output;
#[cfg(feature = "python")]
pub mod python;
pub mod resolve;
pub mod translit;

pub use coords::Coordinate;
pub use error::{Error, ErrorKind, Location, Result};
pub use gazetteer::{Gazetteer, Kind, Place, PlaceId, PlaceRef};
pub use input::Document;
pub use matcher::{CaseMode, Matcher, Scratch};
pub use resolve::{Mention, MentionKind, Resolved, Resolver};

use rayon::prelude::*;

/// One mapped document: the document and what was found in it.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// The document.
    pub document: Document,
    /// Its mentions and excluded names.
    pub resolved: Resolved,
    /// Coordinates written in it (kind `coordinate`), in text order.
    pub coordinates: Vec<Coordinate>,
}

/// The whole pipeline over one gazetteer: match, then resolve.
#[derive(Debug, Clone)]
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    matcher: Matcher<'g>,
    resolver: Resolver<'g>,
    coordinates: bool,
    /// The country and division outlines, listed when the first coordinate
    /// is found (each parsed when a point first falls near it).
    locator: std::sync::OnceLock<coords::Locator<'g>>,
}

impl<'g> Geoparser<'g> {
    /// A geoparser with default settings.
    pub fn new(gazetteer: &'g Gazetteer) -> Geoparser<'g> {
        Geoparser {
            gazetteer,
            matcher: Matcher::new(gazetteer),
            resolver: Resolver::new(gazetteer),
            coordinates: true,
            locator: std::sync::OnceLock::new(),
        }
    }

    /// Whether to find coordinates written in the text (on by default).
    pub fn coordinates(&mut self, yes: bool) -> &mut Self {
        self.coordinates = yes;
        self
    }

    /// The matcher, to change its settings.
    pub fn matcher_mut(&mut self) -> &mut Matcher<'g> {
        &mut self.matcher
    }

    /// The resolver, to change its settings.
    pub fn resolver_mut(&mut self) -> &mut Resolver<'g> {
        &mut self.resolver
    }

    /// Maps one document.
    pub fn map(&self, document: Document) -> DocResult {
        self.map_with(document, &mut Scratch::default())
    }

    /// Maps one document, reusing the matcher's buffers in `scratch` (one
    /// per thread, kept from one document to the next).
    pub fn map_with(&self, document: Document, scratch: &mut Scratch) -> DocResult {
        let mut resolved = {
            let matched = self.find(&document.text, WINDOW_BYTES, scratch);
            self.resolver.resolve(&matched)
        };
        facility::place_facilities(&document.text, self.gazetteer, &mut resolved);
        let coordinates = if self.coordinates {
            self.find_coordinates(&document.text, &mut resolved)
        } else {
            Vec::new()
        };
        DocResult {
            document,
            resolved,
            coordinates,
        }
    }

    /// The names in a text. A long text (more than `min` bytes) is
    /// matched in windows of at least `min` bytes that end at a paragraph
    /// break after a sentence (see [`windows`]), in parallel, with the case mode the whole text
    /// gets: the matcher's buffers (the normalized text and its offsets,
    /// about 3 bytes for each byte of text) are then held for a window at
    /// a time, not for the whole text, and the candidates are the same.
    /// Their `norm_start` and `norm_end` are then positions in their
    /// window's normalized text.
    fn find<'t>(&self, text: &'t str, min: usize, scratch: &mut Scratch) -> matcher::Matched<'t>
    where
        'g: 't,
    {
        let windows = windows(text, min);
        if windows.len() < 2 {
            return self.matcher.find_with(text, scratch);
        }
        let mut matcher = self.matcher.clone();
        matcher.case_mode(if self.matcher.ignores_case(text) {
            CaseMode::Ignore
        } else {
            CaseMode::Strict
        });
        let parts: Vec<Vec<matcher::Candidate<'t>>> = (windows.into_par_iter())
            .map_init(Scratch::default, |scratch, w| {
                let mut found = matcher.find_with(&text[w.clone()], scratch).candidates;
                for c in &mut found {
                    c.start += w.start;
                    c.end += w.start;
                }
                found
            })
            .collect();
        let mut candidates = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            candidates.extend(part);
        }
        matcher::Matched { text, candidates }
    }

    /// The coordinates of a text, located; a name found inside one (the
    /// `UK` of `18S UK 12345 67890`) is not a place mention.
    fn find_coordinates(&self, text: &str, resolved: &mut Resolved) -> Vec<Coordinate> {
        let found = coords::find(text);
        if found.is_empty() {
            return Vec::new();
        }
        let locator = self
            .locator
            .get_or_init(|| coords::Locator::new(self.gazetteer));
        let out = Coordinate::locate_all(text, found, locator);
        let inside = |s: usize, e: usize| out.iter().any(|c| s < c.end && c.start < e);
        let (keep, drop): (Vec<Mention>, Vec<Mention>) = std::mem::take(&mut resolved.mentions)
            .into_iter()
            .partition(|m| !inside(m.start, m.end));
        resolved.mentions = keep;
        if drop.is_empty() {
            return out;
        }
        for m in drop {
            resolved.excluded.push(resolve::Excluded {
                start: m.start,
                end: m.end,
                char_start: m.char_start,
                char_end: m.char_end,
                text: m.text,
                why: "inside a coordinate".into(),
            });
        }
        resolved.excluded.sort_by_key(|x| x.start);
        out
    }

    /// Maps documents in parallel (on the current rayon pool), keeping
    /// their order.
    pub fn map_all(&self, documents: Vec<Document>) -> Vec<DocResult> {
        self.map_all_with(documents, |_| {})
    }

    /// Maps documents in parallel (on the current rayon pool) and hands
    /// each result to `then` on the thread that mapped it, keeping the
    /// input order of what `then` returns: work on a result (rendering
    /// it, folding it) runs in parallel too, and the result can be dropped
    /// where it was made.
    pub fn map_all_then<T: Send>(
        &self,
        documents: Vec<Document>,
        then: impl Fn(DocResult) -> T + Sync,
    ) -> Vec<T> {
        documents
            .into_par_iter()
            .with_max_len(LEAF_DOCS)
            .map(|d| then(with_scratch(|s| self.map_with(d, s))))
            .collect()
    }

    /// Like [`Geoparser::map_all`], calling `done` with each result as soon
    /// as it is mapped (from the worker threads, in any order): for
    /// progress reports.
    pub fn map_all_with(
        &self,
        documents: Vec<Document>,
        done: impl Fn(&DocResult) + Sync,
    ) -> Vec<DocResult> {
        self.map_all_then(documents, |r| {
            done(&r);
            r
        })
    }
}

/// The most documents a pool thread maps as one task of
/// [`Geoparser::map_all`]: at the end of a batch no thread waits long for
/// the others' last task (rayon only splits a task that another thread
/// steals, and left alone made tasks of a quarter of the batch).
const LEAF_DOCS: usize = 16;

thread_local! {
    /// Each thread's matching buffers, kept from one document to the next
    /// (and from one batch to the next).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's [`Scratch`], or with a new one when it is in
/// use (a pool thread waiting inside a long document's windows may map
/// another document).
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// A text longer than this is matched in windows of at least this many
/// bytes ([`windows`]).
pub const WINDOW_BYTES: usize = 1 << 20;

/// The byte ranges in which a long text is matched: each at least `min`
/// bytes, ending after the blank line of a paragraph break whose last
/// paragraph ends a sentence: a word of three or more lower-case ASCII
/// letters and `.`, `!` or `?` before the line break ("said today.", not
/// "St." nor "D.C."). No name goes on past such a sentence end, and the
/// matcher's look at the text around a name stops at a line break. A text
/// without such a break after `min` bytes is one window.
pub fn windows(text: &str, min: usize) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    while let Some(end) = paragraph_break_from(b, start.saturating_add(min)) {
        out.push(start..end);
        start = end;
    }
    out.push(start..b.len());
    out
}

/// Whether bytes end with `.`, `!` or `?` right after a word of three or
/// more lower-case ASCII letters ("said today."): not an abbreviation that
/// a name could go on from ("St.", "D.C.").
fn sentence_end(b: &[u8]) -> bool {
    let Some((last, head)) = b.split_last() else {
        return false;
    };
    let word = head.len()
        - (head.iter().rev())
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    let word = &head[word..];
    matches!(last, b'.' | b'!' | b'?') && word.len() >= 3 && word.iter().all(u8::is_ascii_lowercase)
}

/// The end of the first sentence-ending paragraph break at or after
/// `from` (just past its white space), if text follows it.
fn paragraph_break_from(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        let nl = i + b.get(i..)?.iter().position(|&c| c == b'\n')?;
        let mut end = nl + 1;
        while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\r') {
            end += 1;
        }
        let blank = b.get(end) == Some(&b'\n');
        let before = b[..nl]
            .iter()
            .rposition(|c| !matches!(c, b' ' | b'\t' | b'\r'));
        if blank && before.is_some_and(|p| sentence_end(&b[..=p])) {
            while end < b.len() && b[end].is_ascii_whitespace() {
                end += 1;
            }
            return (end < b.len()).then_some(end);
        }
        i = nl + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_end_after_a_sentence_and_a_blank_line() {
        let text = "Talks in Ankara went ahead.\n\nShelling hit St.\n\nIdlib said nothing!\n \n\tA";
        let w = windows(text, 1);
        let parts: Vec<&str> = w.iter().map(|r| &text[r.clone()]).collect();
        // Not after "St." (an abbreviation a name may go on from), nor
        // before the end of the text.
        assert_eq!(
            parts,
            [
                "Talks in Ankara went ahead.\n\n",
                "Shelling hit St.\n\nIdlib said nothing!\n \n\t",
                "A"
            ]
        );
        assert_eq!(windows(text, 1 << 20), vec![0..text.len()]);
        assert_eq!(windows("one line.\n\n", 1).len(), 1);
    }

    /// A thread's scratch taken again while it is in use (a pool thread
    /// mapping another document inside a long one's windows) is a new
    /// one, not a panic.
    #[test]
    fn scratch_in_use_gives_a_new_one() {
        with_scratch(|outer| {
            let at = outer as *const Scratch;
            with_scratch(|inner| assert!(!std::ptr::eq(at, inner)));
        });
        let first = with_scratch(|s| s as *const Scratch);
        assert!(
            with_scratch(|s| std::ptr::eq(first, s)),
            "kept between calls"
        );
    }

    /// Documents are mapped in tasks of at most `LEAF_DOCS` and keep their
    /// order, with the same results as one by one.
    #[test]
    fn many_documents_keep_their_order_and_results() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let texts = [
            "Shelling hit Idlib.",
            "Talks in Ankara.",
            "",
            "Protests in Hatay.",
        ];
        let docs = |n: usize| -> Vec<Document> {
            (0..n)
                .map(|i| Document {
                    id: format!("d{i}"),
                    text: texts[i % texts.len()].to_string(),
                })
                .collect()
        };
        let n = 5 * LEAF_DOCS + 3;
        let one_by_one: Vec<DocResult> = docs(n).into_iter().map(|d| parser.map(d)).collect();
        let got = parser.map_all_then(docs(n), |r| r);
        assert_eq!(got.len(), n);
        for (a, b) in got.iter().zip(&one_by_one) {
            assert_eq!(a.document.id, b.document.id);
            assert_eq!(format!("{:?}", a.resolved), format!("{:?}", b.resolved));
        }
    }

    /// A long text matched in windows gives the candidates of the whole
    /// text at once, in both case modes a text can get.
    #[test]
    fn a_text_matched_in_windows_has_the_candidates_of_the_whole() {
        let gaz = Gazetteer::embedded().unwrap();
        let parser = Geoparser::new(&gaz);
        let para = "Shelling hit Idlib and Aleppo, said officials in Ankara. \
                    Talks in Washington, D.C. and in St. Louis ended.\n\n\
                    Protests in New York and near the US-MX border, at 36.2N 37.1E.\n\n";
        for text in [para.repeat(40), para.to_lowercase().repeat(40)] {
            let whole = parser.matcher.find(&text);
            let mut scratch = Scratch::default();
            assert!(windows(&text, 500).len() > 8);
            let windowed = parser.find(&text, 500, &mut scratch);
            let spans = |m: &matcher::Matched<'_>| -> Vec<(usize, usize, usize)> {
                (m.candidates.iter())
                    .map(|c| (c.start, c.end, c.entries.len()))
                    .collect()
            };
            assert!(whole.candidates.len() > 200);
            assert_eq!(spans(&windowed), spans(&whole));
        }
    }
}
