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
    /// The country and division polygons, read when the first coordinate
    /// is found.
    locator: std::sync::OnceLock<coords::Locator>,
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
            let matched = self.matcher.find_with(&document.text, scratch);
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
            .map_init(Scratch::default, |scratch, d| {
                then(self.map_with(d, scratch))
            })
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
        documents
            .into_par_iter()
            .map_init(Scratch::default, |scratch, d| {
                let r = self.map_with(d, scratch);
                done(&r);
                r
            })
            .collect()
    }
}
