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

pub mod coverage;
pub mod error;
pub mod eval;
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

pub use error::{Error, ErrorKind, Location, Result};
pub use gazetteer::{Gazetteer, Kind, Place, PlaceId, PlaceRef};
pub use input::Document;
pub use matcher::{CaseMode, Matcher};
pub use resolve::{Mention, MentionKind, Resolved, Resolver};

use rayon::prelude::*;

/// One mapped document: the document and what was found in it.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// The document.
    pub document: Document,
    /// Its mentions and excluded names.
    pub resolved: Resolved,
}

/// The whole pipeline over one gazetteer: match, then resolve.
#[derive(Debug, Clone)]
pub struct Geoparser<'g> {
    matcher: Matcher<'g>,
    resolver: Resolver<'g>,
}

impl<'g> Geoparser<'g> {
    /// A geoparser with default settings.
    pub fn new(gazetteer: &'g Gazetteer) -> Geoparser<'g> {
        Geoparser {
            matcher: Matcher::new(gazetteer),
            resolver: Resolver::new(gazetteer),
        }
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
        let resolved = {
            let matched = self.matcher.find(&document.text);
            self.resolver.resolve(&matched)
        };
        DocResult { document, resolved }
    }

    /// Maps documents in parallel, keeping their order.
    pub fn map_all(&self, documents: Vec<Document>) -> Vec<DocResult> {
        documents.into_par_iter().map(|d| self.map(d)).collect()
    }
}
