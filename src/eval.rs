//! Scoring against gold annotations: how many place names the tool finds,
//! how many it invents, and whether it puts them in the right place.
//!
//! Gold annotations are JSON Lines, one row per mention ([`GoldRow`]):
//!
//! ```text
//! {"doc": "a1", "start": 17, "end": 22, "text": "Idlib", "class": "toponym",
//!  "expected": {"name": "Idlib Governorate", "lat": 35.75, "lon": 36.6, "tolerance_km": 100}}
//! ```
//!
//! `start`/`end` are Unicode code point offsets into the document text, end
//! exclusive. `class` is `toponym`, `demonym`, `not_place` (a name that
//! contains or looks like a place name but is not one, such as a newspaper)
//! or `ignore` (not scored either way).
//!
//! * [`read_gold`] / [`parse_gold`] read the rows; [`check_gold`] checks
//!   them against the documents (unknown document, offsets out of range are
//!   errors; a `text` that differs from the document is a warning).
//! * [`evaluate`] is a pure reduction of mapped documents and gold rows to a
//!   serializable [`Report`]; [`Report::write_text`] renders it for people.
//!
//! The scoring rules (span overlap, greedy one-to-one matching, neutral
//! classes, the tolerance and line rules) are spelled out on [`evaluate`]
//! and in `docs/EVALUATION.md`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::DocResult;
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::input::{Document, Notice};
use crate::resolve::{Mention, MentionKind};

/// How many of the most frequent misses and false positives the text
/// report lists.
pub const TEXT_REPORT_TOP: usize = 15;

/// What a gold row says a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoldClass {
    /// A place name: the tool should find it (and resolve it).
    Toponym,
    /// A demonym or adjectival form ("Syrian"); scored apart.
    Demonym,
    /// Not a place (an organisation or publication such as "Middle East
    /// Eye"): a toponym predicted here is a false positive.
    NotPlace,
    /// Not scored: predictions here are neither right nor wrong.
    Ignore,
}

impl GoldClass {
    /// Parses the `class` field.
    pub fn parse(s: &str) -> Option<GoldClass> {
        Some(match s {
            "toponym" => GoldClass::Toponym,
            "demonym" => GoldClass::Demonym,
            "not_place" => GoldClass::NotPlace,
            "ignore" => GoldClass::Ignore,
            _ => return None,
        })
    }
}

/// Where a gold mention really is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expected {
    /// The place's name (for reports; defaults to the row's `text`).
    pub name: String,
    /// Latitude of the expected point, WGS84.
    pub lat: f64,
    /// Longitude of the expected point, WGS84.
    pub lon: f64,
    /// How far (km) the predicted place may be from the expected point.
    pub tolerance_km: f64,
    /// The expected kind, when given (informational; not scored).
    pub kind: Option<String>,
    /// A reference page, when given (informational).
    pub page: Option<String>,
}

/// One gold annotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldRow {
    /// The document id.
    pub doc: String,
    /// Code point offset of the start.
    pub start: usize,
    /// Code point offset just past the end.
    pub end: usize,
    /// The text as annotated (should equal the document's `start..end`).
    pub text: String,
    /// What the span is.
    pub class: GoldClass,
    /// Where it is, when known.
    pub expected: Option<Expected>,
    /// The 1-based line of the gold file the row came from.
    pub line: u64,
}

#[derive(Deserialize)]
struct RawRow {
    doc: serde_json::Value,
    start: usize,
    end: usize,
    text: String,
    class: String,
    #[serde(default)]
    expected: Option<RawExpected>,
}

#[derive(Deserialize)]
struct RawExpected {
    #[serde(default)]
    name: Option<String>,
    lat: f64,
    lon: f64,
    tolerance_km: f64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

/// Reads a gold file (JSON Lines). Errors carry the path and line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldRow>> {
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::invalid("no such file").with_path(path)
        } else {
            Error::from(e).with_path(path)
        }
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| {
            Error::parse(format!("not UTF-8 (byte offset {})", e.valid_up_to())).with_path(path)
        })?
        .to_string();
    parse_gold(&text).map_err(|e| e.with_path(path))
}

/// Parses gold rows from JSON Lines text. Errors carry the line.
pub fn parse_gold(text: &str) -> Result<Vec<GoldRow>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let lineno = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        rows.push(
            parse_row(line)
                .map_err(|e| e.with_line(lineno))?
                .with_line(lineno),
        );
    }
    Ok(rows)
}

impl GoldRow {
    fn with_line(mut self, line: u64) -> GoldRow {
        self.line = line;
        self
    }
}

fn parse_row(line: &str) -> Result<GoldRow> {
    let raw: RawRow =
        serde_json::from_str(line).map_err(|e| Error::parse(format!("not a gold row: {e}")))?;
    let doc = match raw.doc {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(Error::parse("\"doc\" must be a string or a number")),
    };
    let class = GoldClass::parse(&raw.class).ok_or_else(|| {
        Error::parse(format!(
            "unknown class {:?} (expected toponym, demonym, not_place or ignore)",
            raw.class
        ))
    })?;
    if raw.start >= raw.end {
        return Err(Error::parse(format!(
            "empty or reversed span: start {} is not before end {}",
            raw.start, raw.end
        )));
    }
    let expected = match raw.expected {
        None => None,
        Some(e) => {
            if !crate::gazetteer::place::valid_coord(e.lat, e.lon) {
                return Err(Error::parse(format!(
                    "expected coordinates out of range: lat {}, lon {}",
                    e.lat, e.lon
                )));
            }
            if !(e.tolerance_km.is_finite() && e.tolerance_km >= 0.0) {
                return Err(Error::parse(format!(
                    "tolerance_km must be a number of km >= 0, got {}",
                    e.tolerance_km
                )));
            }
            Some(Expected {
                name: e.name.unwrap_or_else(|| raw.text.clone()),
                lat: e.lat,
                lon: e.lon,
                tolerance_km: e.tolerance_km,
                kind: e.kind,
                page: e.page,
            })
        }
    };
    Ok(GoldRow {
        doc,
        start: raw.start,
        end: raw.end,
        text: raw.text,
        class,
        expected,
        line: 0,
    })
}

/// Checks gold rows against the documents: a row naming a document that
/// is not there, or offsets past the end of its text, is an error (with
/// `path` and line); so is a document id that appears twice. A row whose
/// `text` differs from the document's text at its offsets is returned as a
/// warning.
pub fn check_gold(path: &Path, gold: &[GoldRow], docs: &[Document]) -> Result<Vec<Notice>> {
    let mut by_id: HashMap<&str, &Document> = HashMap::with_capacity(docs.len());
    for d in docs {
        if by_id.insert(d.id.as_str(), d).is_some() {
            return Err(Error::invalid(format!(
                "document id {:?} appears more than once in the documents",
                d.id
            )));
        }
    }
    // Code point -> byte offset tables, built once per document.
    let mut offsets: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut warnings = Vec::new();
    for row in gold {
        let at = |e: Error| e.with_path(path).with_line(row.line);
        let Some(doc) = by_id.get(row.doc.as_str()) else {
            return Err(at(Error::invalid(format!(
                "document {:?} is not among the documents",
                row.doc
            ))));
        };
        let table = offsets.entry(doc.id.as_str()).or_insert_with(|| {
            let mut t: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
            t.push(doc.text.len());
            t
        });
        let chars = table.len() - 1;
        if row.end > chars {
            return Err(at(Error::invalid(format!(
                "offsets {}..{} are beyond the end of document {:?} ({} characters)",
                row.start, row.end, row.doc, chars
            ))));
        }
        let actual = &doc.text[table[row.start]..table[row.end]];
        if actual != row.text {
            warnings.push(Notice {
                source: format!("{}:{}", path.display(), row.line),
                message: format!(
                    "gold text {:?} differs from the document text {:?} at {}..{}",
                    row.text, actual, row.start, row.end
                ),
            });
        }
    }
    Ok(warnings)
}

/// Detection scores of one kind of mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Detection {
    /// Gold mentions.
    pub gold: usize,
    /// Predictions that count (neutral ones left out).
    pub predicted: usize,
    /// Gold mentions matched by a prediction.
    pub true_positives: usize,
    /// Counted predictions that match no gold mention.
    pub false_positives: usize,
    /// Gold mentions no prediction matches.
    pub false_negatives: usize,
    /// `true_positives / predicted`; `None` without predictions.
    pub precision: Option<f64>,
    /// `true_positives / gold`; `None` without gold mentions.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall; `None` when either is.
    pub f1: Option<f64>,
}

impl Detection {
    fn new(gold: usize, predicted: usize, tp: usize) -> Detection {
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, gold);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(round(2.0 * p * r / (p + r), 4)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Detection {
            gold,
            predicted,
            true_positives: tp,
            false_positives: predicted - tp,
            false_negatives: gold - tp,
            precision,
            recall,
            f1,
        }
    }
}

/// Resolution scores: is the place chosen for a found toponym the right one?
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Resolution {
    /// Gold toponyms that have `expected` coordinates.
    pub gold_with_coordinates: usize,
    /// Of those, the ones matched by a prediction (the accuracy's base).
    pub scored: usize,
    /// Predicted place within `tolerance_km` of the expected point.
    pub correct: usize,
    /// Predicted place farther than `tolerance_km`.
    pub wrong: usize,
    /// Found but not resolved to any place (counted as wrong).
    pub unresolved: usize,
    /// `correct / scored`; `None` when nothing was scored.
    pub accuracy: Option<f64>,
    /// `correct / gold_with_coordinates`: found *and* resolved within
    /// tolerance, over all gold toponyms with coordinates.
    pub end_to_end: Option<f64>,
    /// Mean error in km over the scored mentions that were resolved.
    pub mean_error_km: Option<f64>,
    /// Median error in km over the scored mentions that were resolved.
    pub median_error_km: Option<f64>,
    /// Like `correct`, but measured to the predicted place's geometry: 0 km
    /// when the expected point lies inside the predicted polygon (a mention
    /// resolved to the right country or province is right wherever the
    /// gold's point for it lies).
    pub correct_geometry: usize,
    /// `correct_geometry / scored`.
    pub accuracy_geometry: Option<f64>,
}

/// A gold toponym no prediction matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Code point offset of the start.
    pub start: usize,
    /// Code point offset just past the end.
    pub end: usize,
    /// The gold text.
    pub text: String,
    /// The expected place's name, when known.
    pub expected_name: Option<String>,
}

/// A counted toponym prediction that matches no gold toponym.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalsePositive {
    /// Code point offset of the start.
    pub start: usize,
    /// Code point offset just past the end.
    pub end: usize,
    /// The predicted text.
    pub text: String,
    /// The predicted place's id, `None` when unresolved.
    pub place_id: Option<String>,
    /// The predicted place's name, `None` when unresolved.
    pub place_name: Option<String>,
    /// Whether it lies in a `not_place` gold span.
    pub not_place: bool,
}

/// A found toponym resolved to the wrong place (or to none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrongResolution {
    /// Code point offset of the gold start.
    pub start: usize,
    /// Code point offset just past the gold end.
    pub end: usize,
    /// The gold text.
    pub text: String,
    /// The expected place's name.
    pub expected_name: String,
    /// The predicted place's id, `None` when unresolved.
    pub place_id: Option<String>,
    /// The predicted place's name, `None` when unresolved.
    pub place_name: Option<String>,
    /// Distance from the expected point to the predicted place, km
    /// (`None` when unresolved).
    pub error_km: Option<f64>,
    /// The allowed distance, km.
    pub tolerance_km: f64,
}

/// The scores and errors of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocReport {
    /// The document id.
    pub doc: String,
    /// Gold toponyms.
    pub gold: usize,
    /// Counted toponym predictions.
    pub predicted: usize,
    /// Matched gold toponyms.
    pub true_positives: usize,
    /// Gold toponyms no prediction matched, in text order.
    pub misses: Vec<Miss>,
    /// Counted predictions that match no gold toponym, in text order.
    pub false_positives: Vec<FalsePositive>,
    /// Matched toponyms resolved beyond tolerance or not at all.
    pub wrong_resolutions: Vec<WrongResolution>,
}

/// How often a text was missed or falsely predicted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextCount {
    /// The text as written.
    pub text: String,
    /// How many times.
    pub count: usize,
}

/// Everything [`evaluate`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Documents with no gold rows at all (their predictions count as
    /// false positives).
    pub documents_without_gold: usize,
    /// Toponym detection, spans matched on overlap.
    pub toponyms: Detection,
    /// Toponym detection, spans matched only when identical.
    pub toponyms_exact: Detection,
    /// Toponym predictions left out of the scores because they overlap a
    /// `demonym` or `ignore` gold row.
    pub not_counted: usize,
    /// Toponym predictions in `not_place` gold rows (also counted as false
    /// positives).
    pub not_place_hits: usize,
    /// Resolution of matched toponyms.
    pub resolution: Resolution,
    /// Demonym detection on overlap; `None` when the gold has no demonym
    /// rows.
    pub demonyms: Option<Detection>,
    /// Missed gold toponym texts, most frequent first.
    pub frequent_misses: Vec<TextCount>,
    /// False-positive texts, most frequent first.
    pub frequent_false_positives: Vec<TextCount>,
    /// Per document, in input order (then documents only the gold names).
    pub per_document: Vec<DocReport>,
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| round(n as f64 / d as f64, 4))
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

pub use crate::resolve::haversine_km;

/// Distance in km from a point to a bbox `[west, south, east, north]`: 0
/// inside, else the haversine distance to the point of the box nearest in
/// latitude and longitude.
pub fn bbox_distance_km(lat: f64, lon: f64, bbox: [f64; 4]) -> f64 {
    let [w, s, e, n] = bbox;
    // A box across the antimeridian (west > east, RFC 7946 section 5.2):
    // the nearer of its two halves (and `clamp` needs min <= max).
    if w > e {
        let east_half = bbox_distance_km(lat, lon, [w, s, 180.0, n]);
        return east_half.min(bbox_distance_km(lat, lon, [-180.0, s, e, n]));
    }
    let clat = lat.clamp(s, n);
    let clon = lon.clamp(w, e);
    if clat == lat && clon == lon {
        return 0.0;
    }
    haversine_km(lat, lon, clat, clon)
}

/// The error of resolving to `place` when the truth is (`lat`, `lon`): the
/// distance to the place's representative point, or for line features
/// (LineString / MultiLineString) to the line's bbox.
pub fn error_km(gaz: &Gazetteer, place: PlaceId, lat: f64, lon: f64) -> f64 {
    let p = gaz.place(place);
    let line_bbox = p
        .geometry_json()
        .and_then(|_| crate::output::geometry(gaz, place, 6).ok())
        .filter(|(g, _)| {
            matches!(
                g.get("type").and_then(|t| t.as_str()),
                Some("LineString" | "MultiLineString")
            )
        })
        .map(|(_, bbox)| bbox);
    match line_bbox {
        Some(bbox) => bbox_distance_km(lat, lon, bbox),
        None => haversine_km(lat, lon, p.lat(), p.lon()),
    }
}

/// Whether a point lies inside the place's Polygon or MultiPolygon
/// (even-odd rule over all rings, so holes are outside).
pub fn inside_polygon(gaz: &Gazetteer, place: PlaceId, lat: f64, lon: f64) -> bool {
    let Some(json) = gaz.place(place).geometry_json() else {
        return false;
    };
    let Ok(g) = serde_json::from_str::<serde_json::Value>(json) else {
        return false;
    };
    crate::geom::polygons(&g)
        .unwrap_or_default()
        .iter()
        .any(|poly| crate::geom::in_polygon([lon, lat], poly))
}

fn span(m: &Mention) -> (usize, usize) {
    (m.char_start, m.char_end)
}

fn row_span(r: &GoldRow) -> (usize, usize) {
    (r.start, r.end)
}

/// Greedy one-to-one matching in text order: each prediction (sorted by
/// start) takes the first gold row (sorted by start) it overlaps that no
/// earlier prediction took. Returns, per prediction, the gold index.
fn greedy(preds: &[&Mention], gold: &[&GoldRow]) -> Vec<Option<usize>> {
    let mut taken = vec![false; gold.len()];
    preds
        .iter()
        .map(|p| {
            let g = (0..gold.len()).find(|&g| !taken[g] && overlaps(span(p), row_span(gold[g])))?;
            taken[g] = true;
            Some(g)
        })
        .collect()
}

#[derive(Default)]
struct Totals {
    gold: usize,
    predicted: usize,
    tp: usize,
    exact_tp: usize,
    dem_gold: usize,
    dem_predicted: usize,
    dem_tp: usize,
    errors: Vec<f64>,
}

/// Keeps only the documents that have at least one gold row (of any
/// class): `eval --annotated-only`. A corpus whose annotators marked only
/// some documents can be scored on those; by default ([`evaluate`] on every
/// document) a document without gold rows counts as annotated with no
/// places, and everything found there is a false positive.
pub fn annotated_only(results: Vec<DocResult>, gold: &[GoldRow]) -> Vec<DocResult> {
    let docs: std::collections::HashSet<&str> = gold.iter().map(|r| r.doc.as_str()).collect();
    results
        .into_iter()
        .filter(|r| docs.contains(r.document.id.as_str()))
        .collect()
}

/// Scores mapped documents against gold rows.
///
/// * **Toponyms.** Predictions are the mentions of kind toponym. Each
///   prediction, in text order, is matched to the first gold `toponym` row
///   it overlaps that is not matched yet (one-to-one). An unmatched
///   prediction that overlaps a `demonym` or `ignore` row is not counted;
///   any other unmatched prediction is a false positive, and one that
///   overlaps a `not_place` row is also counted in `not_place_hits`.
///   Exact-span scores count a gold toponym as found only when a
///   prediction has exactly its offsets, over the same counted predictions.
/// * **Resolution.** For each matched gold toponym with `expected`
///   coordinates: correct when [`error_km`] of the predicted place is at
///   most `tolerance_km`; unresolved predictions are wrong.
/// * **Demonyms** (only when the gold has `demonym` rows): demonym
///   predictions matched the same way to `demonym` rows; unmatched ones
///   overlapping `toponym` or `ignore` rows are not counted.
///
/// Documents in `results` with no gold rows count as annotated with no
/// places; gold rows for documents not in `results` are all misses (use
/// [`check_gold`] to reject them first).
pub fn evaluate(gaz: &Gazetteer, results: &[DocResult], gold: &[GoldRow]) -> Report {
    let mut by_doc: HashMap<&str, Vec<&GoldRow>> = HashMap::new();
    let mut gold_order: Vec<&str> = Vec::new();
    for r in gold {
        by_doc
            .entry(r.doc.as_str())
            .or_insert_with(|| {
                gold_order.push(r.doc.as_str());
                Vec::new()
            })
            .push(r);
    }
    // The mapped documents, then the gold's documents that were not mapped.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut docs: Vec<(&str, &[Mention])> = Vec::new();
    for r in results {
        seen.insert(r.document.id.as_str());
        docs.push((r.document.id.as_str(), &r.resolved.mentions));
    }
    for id in gold_order.iter().copied() {
        if !seen.contains(id) {
            docs.push((id, &[]));
        }
    }
    let mut scorer = Scorer {
        gaz,
        score_demonyms: gold.iter().any(|r| r.class == GoldClass::Demonym),
        t: Totals::default(),
        res: Resolution::default(),
        not_counted: 0,
        not_place_hits: 0,
    };
    let mut without_gold = 0;
    let mut per_document = Vec::new();
    for (id, mentions) in &docs {
        let mut rows: Vec<&GoldRow> = by_doc.get(id).cloned().unwrap_or_default();
        if rows.is_empty() {
            without_gold += 1;
        }
        rows.sort_by_key(|r| (r.start, r.end, r.line));
        per_document.push(scorer.document(id, mentions, &rows));
    }
    scorer.report(docs.len(), without_gold, per_document)
}

/// The running totals of [`evaluate`], one document at a time.
struct Scorer<'g> {
    gaz: &'g Gazetteer,
    score_demonyms: bool,
    t: Totals,
    res: Resolution,
    not_counted: usize,
    not_place_hits: usize,
}

/// A document's gold rows (sorted by span) and its predictions.
struct DocGold<'a> {
    rows: &'a [&'a GoldRow],
    mentions: &'a [Mention],
}

impl<'a> DocGold<'a> {
    /// The gold rows of one class.
    fn of(&self, c: GoldClass) -> Vec<&'a GoldRow> {
        self.rows.iter().copied().filter(|r| r.class == c).collect()
    }

    /// Whether a prediction overlaps a gold row of one of `classes`.
    fn neutral_for(&self, p: &Mention, classes: &[GoldClass]) -> bool {
        self.rows
            .iter()
            .any(|r| classes.contains(&r.class) && overlaps(span(p), row_span(r)))
    }

    /// The predictions of one kind, by span.
    fn preds_of(&self, k: MentionKind) -> Vec<&'a Mention> {
        let same = |m: &&Mention| match k {
            MentionKind::Toponym => m.kind.is_place_name(),
            _ => m.kind == k,
        };
        let mut v: Vec<&Mention> = self.mentions.iter().filter(same).collect();
        v.sort_by_key(|m| (m.char_start, m.char_end));
        v
    }
}

impl Scorer<'_> {
    /// Scores one document and returns its report.
    fn document(&mut self, id: &str, mentions: &[Mention], rows: &[&GoldRow]) -> DocReport {
        let d = DocGold { rows, mentions };
        let topo = d.of(GoldClass::Toponym);
        let preds = d.preds_of(MentionKind::Toponym);
        let assign = greedy(&preds, &topo);
        let mut gold_hit: Vec<Option<&Mention>> = vec![None; topo.len()];
        let mut counted: Vec<&Mention> = Vec::new();
        let mut fps = Vec::new();
        for (p, a) in preds.iter().zip(&assign) {
            if let Some(g) = *a {
                gold_hit[g] = Some(p);
                counted.push(p);
            } else if d.neutral_for(p, &[GoldClass::Demonym, GoldClass::Ignore]) {
                self.not_counted += 1;
            } else {
                counted.push(p);
                fps.push(self.false_positive(p, d.neutral_for(p, &[GoldClass::NotPlace])));
            }
        }
        let tp = gold_hit.iter().filter(|h| h.is_some()).count();
        self.t.gold += topo.len();
        self.t.predicted += counted.len();
        self.t.tp += tp;
        self.t.exact_tp += topo
            .iter()
            .filter(|g| counted.iter().any(|p| span(p) == row_span(g)))
            .count();
        let (misses, wrong) = self.resolutions(&topo, &gold_hit);
        if self.score_demonyms {
            self.demonyms(&d);
        }
        DocReport {
            doc: id.to_string(),
            gold: topo.len(),
            predicted: counted.len(),
            true_positives: tp,
            misses,
            false_positives: fps,
            wrong_resolutions: wrong,
        }
    }

    /// A counted prediction that matches no toponym.
    fn false_positive(&mut self, p: &Mention, not_place: bool) -> FalsePositive {
        if not_place {
            self.not_place_hits += 1;
        }
        let gaz = self.gaz;
        FalsePositive {
            start: p.char_start,
            end: p.char_end,
            text: p.text.clone(),
            place_id: p.place.map(|id| gaz.place(id).place_id().to_string()),
            place_name: p.place.map(|id| gaz.place(id).name().to_string()),
            not_place,
        }
    }

    /// The missed toponyms, and the found ones resolved beyond their
    /// tolerance (or not at all); counts the resolution totals.
    fn resolutions(
        &mut self,
        topo: &[&GoldRow],
        gold_hit: &[Option<&Mention>],
    ) -> (Vec<Miss>, Vec<WrongResolution>) {
        let mut misses = Vec::new();
        let mut wrong = Vec::new();
        for (g, hit) in topo.iter().zip(gold_hit) {
            if g.expected.is_some() {
                self.res.gold_with_coordinates += 1;
            }
            let Some(p) = hit else {
                misses.push(Miss {
                    start: g.start,
                    end: g.end,
                    text: g.text.clone(),
                    expected_name: g.expected.as_ref().map(|e| e.name.clone()),
                });
                continue;
            };
            let Some(e) = &g.expected else { continue };
            if let Some(w) = self.resolution(g, p, e) {
                wrong.push(w);
            }
        }
        (misses, wrong)
    }

    /// Scores one found toponym with coordinates; a wrong one is returned.
    fn resolution(&mut self, g: &GoldRow, p: &Mention, e: &Expected) -> Option<WrongResolution> {
        let gaz = self.gaz;
        self.res.scored += 1;
        let err = p.place.map(|id| error_km(gaz, id, e.lat, e.lon));
        if p.place.is_some_and(|id| {
            err.is_some_and(|x| x <= e.tolerance_km) || inside_polygon(gaz, id, e.lat, e.lon)
        }) {
            self.res.correct_geometry += 1;
        }
        match err {
            Some(err) if err <= e.tolerance_km => {
                self.t.errors.push(err);
                self.res.correct += 1;
                return None;
            }
            Some(err) => {
                self.t.errors.push(err);
                self.res.wrong += 1;
            }
            None => self.res.unresolved += 1,
        }
        Some(WrongResolution {
            start: g.start,
            end: g.end,
            text: g.text.clone(),
            expected_name: e.name.clone(),
            place_id: p.place.map(|id| gaz.place(id).place_id().to_string()),
            place_name: p.place.map(|id| gaz.place(id).name().to_string()),
            error_km: err.map(|x| round(x, 1)),
            tolerance_km: e.tolerance_km,
        })
    }

    /// Counts the demonym detections of a document.
    fn demonyms(&mut self, d: &DocGold<'_>) {
        let dgold = d.of(GoldClass::Demonym);
        let dpreds = d.preds_of(MentionKind::Demonym);
        let dassign = greedy(&dpreds, &dgold);
        self.t.dem_gold += dgold.len();
        for (p, a) in dpreds.iter().zip(&dassign) {
            if a.is_some() {
                self.t.dem_tp += 1;
                self.t.dem_predicted += 1;
            } else if !d.neutral_for(p, &[GoldClass::Toponym, GoldClass::Ignore]) {
                self.t.dem_predicted += 1;
            }
        }
    }

    /// The report over every document scored.
    fn report(
        mut self,
        documents: usize,
        without_gold: usize,
        per_document: Vec<DocReport>,
    ) -> Report {
        let (t, res) = (&mut self.t, &mut self.res);
        res.accuracy = ratio(res.correct, res.scored);
        res.accuracy_geometry = ratio(res.correct_geometry, res.scored);
        res.end_to_end = ratio(res.correct, res.gold_with_coordinates);
        if !t.errors.is_empty() {
            let n = t.errors.len();
            res.mean_error_km = Some(round(t.errors.iter().sum::<f64>() / n as f64, 1));
            t.errors.sort_by(f64::total_cmp);
            let median = if n % 2 == 1 {
                t.errors[n / 2]
            } else {
                (t.errors[n / 2 - 1] + t.errors[n / 2]) / 2.0
            };
            res.median_error_km = Some(round(median, 1));
        }
        let frequent_misses = frequencies(
            per_document
                .iter()
                .flat_map(|d| d.misses.iter().map(|m| m.text.as_str())),
        );
        let frequent_false_positives = frequencies(
            per_document
                .iter()
                .flat_map(|d| d.false_positives.iter().map(|f| f.text.as_str())),
        );
        let t = &self.t;
        Report {
            documents,
            documents_without_gold: without_gold,
            toponyms: Detection::new(t.gold, t.predicted, t.tp),
            toponyms_exact: Detection::new(t.gold, t.predicted, t.exact_tp),
            not_counted: self.not_counted,
            not_place_hits: self.not_place_hits,
            resolution: self.res,
            demonyms: self
                .score_demonyms
                .then(|| Detection::new(t.dem_gold, t.dem_predicted, t.dem_tp)),
            frequent_misses,
            frequent_false_positives,
            per_document,
        }
    }
}

fn frequencies<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<TextCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in texts {
        *counts.entry(t).or_default() += 1;
    }
    let mut v: Vec<TextCount> = counts
        .into_iter()
        .map(|(text, count)| TextCount {
            text: text.to_string(),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    v
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.4}"))
}

fn fmt_km(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.1}"))
}

/// One document's lines in the text report: its counts, then each miss,
/// false positive and wrong resolution.
fn write_document(w: &mut dyn Write, d: &DocReport) -> Result<()> {
    writeln!(
        w,
        "{}: gold {}, TP {}, FN {}, FP {}, wrong {}",
        d.doc,
        d.gold,
        d.true_positives,
        d.misses.len(),
        d.false_positives.len(),
        d.wrong_resolutions.len()
    )?;
    for m in &d.misses {
        writeln!(w, "  - {}..{} {:?}", m.start, m.end, m.text)?;
    }
    for f in &d.false_positives {
        writeln!(
            w,
            "  + {}..{} {:?} -> {}{}",
            f.start,
            f.end,
            f.text,
            fmt_place(&f.place_id, &f.place_name),
            if f.not_place { " (not_place)" } else { "" }
        )?;
    }
    for x in &d.wrong_resolutions {
        writeln!(
            w,
            "  ~ {}..{} {:?}: expected {}, got {}{}",
            x.start,
            x.end,
            x.text,
            x.expected_name,
            fmt_place(&x.place_id, &x.place_name),
            x.error_km
                .map(|e| format!(", {e:.1} km (tolerance {})", x.tolerance_km))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

fn fmt_place(id: &Option<String>, name: &Option<String>) -> String {
    match (id, name) {
        (Some(id), Some(name)) => format!("{name} [{id}]"),
        _ => "unresolved".to_string(),
    }
}

impl Detection {
    fn line(&self) -> String {
        format!(
            "P {}  R {}  F1 {}  (TP {}, FP {}, FN {})",
            fmt_opt(self.precision),
            fmt_opt(self.recall),
            fmt_opt(self.f1),
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )
    }
}

impl Report {
    /// Writes the report for people: totals first, then the most frequent
    /// misses and false positives, then each document's misses (`-`),
    /// false positives (`+`) and wrong resolutions (`~`).
    pub fn write_text(&self, w: &mut dyn Write) -> Result<()> {
        let t = &self.toponyms;
        writeln!(
            w,
            "Documents: {} ({} without gold rows)",
            self.documents, self.documents_without_gold
        )?;
        writeln!(
            w,
            "Toponyms: {} gold, {} predictions counted ({} not counted: on demonym/ignore gold rows)",
            t.gold, t.predicted, self.not_counted
        )?;
        writeln!(w, "  overlap      {}", t.line())?;
        writeln!(w, "  exact span   {}", self.toponyms_exact.line())?;
        writeln!(
            w,
            "  in not_place spans: {} (counted as false positives)",
            self.not_place_hits
        )?;
        self.write_resolution(w)?;
        self.write_demonyms_and_frequent(w)?;
        let troubled: Vec<&DocReport> = self
            .per_document
            .iter()
            .filter(|d| {
                !(d.misses.is_empty()
                    && d.false_positives.is_empty()
                    && d.wrong_resolutions.is_empty())
            })
            .collect();
        if troubled.is_empty() {
            return Ok(());
        }
        writeln!(
            w,
            "\nPer document (- miss, + false positive, ~ wrong resolution):"
        )?;
        for d in troubled {
            write_document(w, d)?;
        }
        Ok(())
    }

    /// The resolution lines of the text report.
    fn write_resolution(&self, w: &mut dyn Write) -> Result<()> {
        let r = &self.resolution;
        writeln!(
            w,
            "Resolution: {} of {} found gold toponyms with coordinates within tolerance: accuracy {}",
            r.correct,
            r.scored,
            fmt_opt(r.accuracy)
        )?;
        writeln!(
            w,
            "  measured to the predicted geometry (0 km inside its polygon): {} within tolerance, accuracy {}",
            r.correct_geometry,
            fmt_opt(r.accuracy_geometry)
        )?;
        writeln!(
            w,
            "  wrong {}, unresolved {}; error km (resolved): mean {}, median {}",
            r.wrong,
            r.unresolved,
            fmt_km(r.mean_error_km),
            fmt_km(r.median_error_km)
        )?;
        writeln!(
            w,
            "  end to end: {} of {} gold toponyms with coordinates found and resolved within tolerance ({})",
            r.correct,
            r.gold_with_coordinates,
            fmt_opt(r.end_to_end)
        )?;
        Ok(())
    }

    /// The demonym line and the most frequent misses and false positives.
    fn write_demonyms_and_frequent(&self, w: &mut dyn Write) -> Result<()> {
        match &self.demonyms {
            Some(d) => writeln!(
                w,
                "Demonyms: {} gold, {} predictions counted\n  overlap      {}",
                d.gold,
                d.predicted,
                d.line()
            )?,
            None => writeln!(w, "Demonyms: not scored (no demonym rows in the gold)")?,
        }
        for (title, list) in [
            ("Most frequent misses", &self.frequent_misses),
            (
                "Most frequent false positives",
                &self.frequent_false_positives,
            ),
        ] {
            if list.is_empty() {
                continue;
            }
            let items: Vec<String> = list
                .iter()
                .take(TEXT_REPORT_TOP)
                .map(|c| format!("{} ×{}", c.text, c.count))
                .collect();
            writeln!(w, "{title}: {}", items.join(", "))?;
        }
        Ok(())
    }

    /// Writes the report as pretty-printed JSON.
    pub fn write_json(&self, w: &mut dyn Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)
            .map_err(|e| Error::from(std::io::Error::from(e)))?;
        w.write_all(b"\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Kind, Place};
    use crate::resolve::Resolved;

    fn gaz() -> Gazetteer {
        let alpha = Place::new("p:alpha", Kind::City, "Alpha", 10.0, 10.0);
        let beta = Place::new("p:beta", Kind::City, "Beta", 20.0, 20.0);
        // A road whose representative point is far from most of the line.
        let mut road = Place::new("road:r1", Kind::Road, "R1", 0.5, 11.0);
        road.geometry = Some(
            r#"{"type":"LineString","coordinates":[[10.0,0.0],[11.0,0.5],[12.0,1.0]]}"#.into(),
        );
        // A point place at the same representative point.
        let point = Place::new("p:r1", Kind::Town, "R1 town", 0.5, 11.0);
        // A square province with a hole, its point in a corner.
        let mut prov = Place::new("a:sq", Kind::Admin1, "Square", 40.5, 30.5);
        prov.geometry = Some(
            r#"{"type":"Polygon","coordinates":[[[30,40],[40,40],[40,50],[30,50],[30,40]],[[34,44],[34,46],[36,46],[36,44],[34,44]]]}"#.into(),
        );
        let mut g = Gazetteer::empty();
        g.push_places(&[alpha, beta, road, point, prov], &[], &[])
            .unwrap();
        g
    }

    #[test]
    fn geometry_accuracy_counts_points_inside_the_polygon() {
        let g = gaz();
        let sq = g.by_id("a:sq").unwrap();
        assert!(inside_polygon(&g, sq, 48.0, 38.0));
        assert!(!inside_polygon(&g, sq, 45.0, 35.0), "inside the hole");
        assert!(!inside_polygon(&g, sq, 55.0, 35.0));
        let text = "Square and Square";
        let preds = [(0, 6, PT, "a:sq"), (11, 17, PT, "a:sq")];
        let gold = [
            // Far from the point but inside the polygon.
            row("d", text, 0, 6, T, Some((48.0, 38.0, 100.0))),
            // Outside the polygon and far from the point.
            row("d", text, 11, 17, T, Some((55.0, 35.0, 100.0))),
        ];
        let rep = evaluate(&g, &[doc(&g, "d", text, &preds)], &gold);
        assert_eq!(rep.resolution.correct, 0);
        assert_eq!(rep.resolution.correct_geometry, 1);
        assert_eq!(rep.resolution.accuracy_geometry, Some(0.5));
    }

    /// A document and its predictions `(start, end, kind, place id)`, on
    /// ASCII text so byte and code point offsets agree.
    fn doc(
        g: &Gazetteer,
        id: &str,
        text: &str,
        preds: &[(usize, usize, MentionKind, &str)],
    ) -> DocResult {
        let mentions = preds
            .iter()
            .map(|&(s, e, kind, place)| Mention {
                start: s,
                end: e,
                char_start: s,
                char_end: e,
                text: text[s..e].to_string(),
                kind,
                place: (!place.is_empty()).then(|| g.by_id(place).unwrap()),
                candidates: Vec::new(),
                score: 1.0,
                reason: String::new(),
            })
            .collect();
        DocResult {
            document: Document {
                id: id.into(),
                text: text.into(),
            },
            resolved: Resolved {
                mentions,
                ..Resolved::default()
            },
            coordinates: Vec::new(),
        }
    }

    fn row(
        id: &str,
        text: &str,
        s: usize,
        e: usize,
        class: GoldClass,
        exp: Option<(f64, f64, f64)>,
    ) -> GoldRow {
        GoldRow {
            doc: id.into(),
            start: s,
            end: e,
            text: text[s..e].to_string(),
            class,
            expected: exp.map(|(lat, lon, tolerance_km)| Expected {
                name: text[s..e].to_string(),
                lat,
                lon,
                tolerance_km,
                kind: None,
                page: None,
            }),
            line: 0,
        }
    }

    use GoldClass::{Demonym as D, Ignore as I, NotPlace as N, Toponym as T};
    use MentionKind::{Demonym as PD, Toponym as PT};

    #[test]
    fn overlap_and_exact_spans() {
        let g = gaz();
        let text = "Alpha and Beta and Gamma near Delta.";
        let r = doc(
            &g,
            "d",
            text,
            &[
                (0, 5, PT, "p:alpha"),
                (10, 18, PT, "p:beta"),
                (30, 35, PT, ""),
            ],
        );
        let gold = [
            row("d", text, 0, 5, T, None),
            row("d", text, 10, 14, T, None),
            row("d", text, 19, 24, T, None),
        ];
        let rep = evaluate(&g, &[r], &gold);
        let t = &rep.toponyms;
        assert_eq!((t.gold, t.predicted, t.true_positives), (3, 3, 2));
        assert_eq!((t.false_positives, t.false_negatives), (1, 1));
        assert_eq!(
            (t.precision, t.recall, t.f1),
            (Some(0.6667), Some(0.6667), Some(0.6667))
        );
        let x = &rep.toponyms_exact;
        assert_eq!(
            (x.true_positives, x.false_positives, x.false_negatives),
            (1, 2, 2)
        );
        assert_eq!(x.recall, Some(0.3333));
        let d = &rep.per_document[0];
        assert_eq!(d.misses[0].text, "Gamma");
        assert_eq!(d.false_positives[0].text, "Delta");
        assert_eq!(d.false_positives[0].place_id, None);
        assert_eq!(
            rep.frequent_misses,
            [TextCount {
                text: "Gamma".into(),
                count: 1
            }]
        );
    }

    #[test]
    fn matching_is_one_to_one() {
        let g = gaz();
        // One prediction over two gold toponyms: one hit, one miss.
        let text = "Alpha, Beta";
        let rep = evaluate(
            &g,
            &[doc(&g, "d", text, &[(0, 11, PT, "p:alpha")])],
            &[
                row("d", text, 0, 5, T, None),
                row("d", text, 7, 11, T, None),
            ],
        );
        assert_eq!(
            (rep.toponyms.true_positives, rep.toponyms.false_negatives),
            (1, 1)
        );
        assert_eq!(rep.per_document[0].misses[0].text, "Beta");
        // Two predictions in one gold toponym: one hit, one false positive.
        let text = "Alpha Beta";
        let rep = evaluate(
            &g,
            &[doc(
                &g,
                "d",
                text,
                &[(0, 5, PT, "p:alpha"), (6, 10, PT, "p:beta")],
            )],
            &[row("d", text, 0, 10, T, None)],
        );
        let t = &rep.toponyms;
        assert_eq!(
            (t.true_positives, t.false_positives, t.false_negatives),
            (1, 1, 0)
        );
    }

    #[test]
    fn not_place_is_a_false_positive_and_counted_apart() {
        let g = gaz();
        let text = "Alpha Institute said so in Beta.";
        let rep = evaluate(
            &g,
            &[doc(
                &g,
                "d",
                text,
                &[(0, 5, PT, "p:alpha"), (27, 31, PT, "p:beta")],
            )],
            &[
                row("d", text, 0, 15, N, None),
                row("d", text, 27, 31, T, None),
            ],
        );
        assert_eq!(rep.not_place_hits, 1);
        let t = &rep.toponyms;
        assert_eq!(
            (t.gold, t.predicted, t.true_positives, t.false_positives),
            (1, 2, 1, 1)
        );
        assert_eq!(t.precision, Some(0.5));
        assert!(rep.per_document[0].false_positives[0].not_place);
    }

    #[test]
    fn demonym_and_ignore_rows_are_neutral_for_toponyms() {
        let g = gaz();
        let text = "Alphan troops left Beta for Alpha.";
        let rep = evaluate(
            &g,
            &[doc(
                &g,
                "d",
                text,
                &[
                    (0, 5, PT, "p:alpha"),
                    (19, 23, PT, "p:beta"),
                    (28, 33, PT, "p:alpha"),
                ],
            )],
            &[
                row("d", text, 0, 6, D, None),
                row("d", text, 19, 23, I, None),
                row("d", text, 28, 33, T, None),
            ],
        );
        assert_eq!(rep.not_counted, 2);
        let t = &rep.toponyms;
        assert_eq!(
            (t.gold, t.predicted, t.true_positives, t.false_positives),
            (1, 1, 1, 0)
        );
        assert_eq!(t.precision, Some(1.0));
        // The gold has demonym rows, so demonyms are scored: the one gold
        // demonym was not predicted as a demonym.
        let d = rep.demonyms.unwrap();
        assert_eq!((d.gold, d.predicted, d.true_positives), (1, 0, 0));
        assert_eq!((d.precision, d.recall), (None, Some(0.0)));
    }

    #[test]
    fn demonyms_scored_only_with_demonym_gold() {
        let g = gaz();
        let text = "Alphan and Betan envoys met in Alpha.";
        let preds = [
            (0, 6, PD, "p:alpha"),
            (11, 16, PD, "p:beta"),
            (31, 36, PD, "p:alpha"),
        ];
        let rep = evaluate(
            &g,
            &[doc(&g, "d", text, &preds)],
            &[row("d", text, 31, 36, T, None)],
        );
        assert!(rep.demonyms.is_none());
        // Demonym predictions are not toponym predictions.
        assert_eq!(rep.toponyms.false_negatives, 1);
        let gold = [
            row("d", text, 0, 6, D, None),
            row("d", text, 31, 36, T, None),
        ];
        let rep = evaluate(&g, &[doc(&g, "d", text, &preds)], &gold);
        let d = rep.demonyms.unwrap();
        // "Alphan" hit; "Betan" a false positive; the one on a toponym row
        // is not counted.
        assert_eq!(
            (d.gold, d.predicted, d.true_positives, d.false_positives),
            (1, 2, 1, 1)
        );
        assert_eq!((d.precision, d.recall), (Some(0.5), Some(1.0)));
    }

    #[test]
    fn tolerance_decides_resolution() {
        let g = gaz();
        let text = "Alpha, Beta, Alpha, Beta and Alpha.";
        // Alpha is at (10, 10); one degree of latitude is ~111 km.
        let preds = [
            (0, 5, PT, "p:alpha"),
            (7, 11, PT, "p:beta"),
            (13, 18, PT, ""),
        ];
        let gold = [
            row("d", text, 0, 5, T, Some((11.0, 10.0, 120.0))),
            row("d", text, 7, 11, T, Some((11.0, 10.0, 120.0))),
            row("d", text, 13, 18, T, Some((10.0, 10.0, 10.0))),
            row("d", text, 20, 24, T, Some((20.0, 20.0, 10.0))),
            row("d", text, 29, 34, T, None),
        ];
        let rep = evaluate(&g, &[doc(&g, "d", text, &preds)], &gold);
        let r = &rep.resolution;
        assert_eq!(r.gold_with_coordinates, 4);
        assert_eq!((r.scored, r.correct, r.wrong, r.unresolved), (3, 1, 1, 1));
        assert_eq!(r.accuracy, Some(0.3333));
        assert_eq!(r.end_to_end, Some(0.25));
        // Errors over the two resolved: ~111.2 km and ~1541 km.
        let alpha = haversine_km(11.0, 10.0, 10.0, 10.0);
        let beta = haversine_km(11.0, 10.0, 20.0, 20.0);
        assert!((alpha - 111.2).abs() < 0.1, "{alpha}");
        assert_eq!(r.mean_error_km, Some(round((alpha + beta) / 2.0, 1)));
        assert_eq!(r.median_error_km, r.mean_error_km);
        let w = &rep.per_document[0].wrong_resolutions;
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].place_name.as_deref(), Some("Beta"));
        assert_eq!(w[0].error_km, Some(round(beta, 1)));
        assert_eq!(
            (w[1].text.as_str(), w[1].place_id.as_ref(), w[1].error_km),
            ("Alpha", None, None)
        );
    }

    #[test]
    fn boxes_across_the_antimeridian_are_measured_by_their_halves() {
        let b = [170.0, -10.0, -170.0, 10.0];
        assert_eq!(bbox_distance_km(0.0, 179.0, b), 0.0);
        assert_eq!(bbox_distance_km(0.0, -175.0, b), 0.0);
        let d = bbox_distance_km(0.0, -160.0, b);
        assert!(
            (d - haversine_km(0.0, -160.0, 0.0, -170.0)).abs() < 1e-9,
            "{d}"
        );
    }

    #[test]
    fn lines_are_measured_to_their_bbox() {
        let g = gaz();
        let road = g.by_id("road:r1").unwrap();
        let town = g.by_id("p:r1").unwrap();
        // Inside the road's bbox [10, 0, 12, 1], ~100 km from its point.
        assert_eq!(error_km(&g, road, 0.9, 11.9), 0.0);
        assert!(error_km(&g, town, 0.9, 11.9) > 100.0);
        // Outside: the distance to the nearest box edge (1 degree north).
        let d = error_km(&g, road, 2.0, 11.0);
        assert!((d - haversine_km(2.0, 11.0, 1.0, 11.0)).abs() < 1e-9);
        let text = "R1 and R1";
        let preds = [(0, 2, PT, "road:r1"), (7, 9, PT, "p:r1")];
        let gold = [
            row("d", text, 0, 2, T, Some((0.9, 11.9, 5.0))),
            row("d", text, 7, 9, T, Some((0.9, 11.9, 5.0))),
        ];
        let rep = evaluate(&g, &[doc(&g, "d", text, &preds)], &gold);
        assert_eq!((rep.resolution.correct, rep.resolution.wrong), (1, 1));
        assert_eq!(
            rep.resolution.median_error_km,
            Some(round(error_km(&g, town, 0.9, 11.9) / 2.0, 1))
        );
    }

    #[test]
    fn documents_without_gold_and_gold_without_documents() {
        let g = gaz();
        let rep = evaluate(
            &g,
            &[doc(&g, "a", "Alpha", &[(0, 5, PT, "p:alpha")])],
            &[row("b", "Beta", 0, 4, T, None)],
        );
        assert_eq!((rep.documents, rep.documents_without_gold), (2, 1));
        let t = &rep.toponyms;
        assert_eq!(
            (t.true_positives, t.false_positives, t.false_negatives),
            (0, 1, 1)
        );
        assert_eq!(rep.per_document[1].doc, "b");
    }

    #[test]
    fn annotated_only_drops_documents_without_gold_rows() {
        let g = gaz();
        let results = vec![
            doc(&g, "a", "Alpha", &[(0, 5, PT, "p:alpha")]),
            doc(&g, "b", "Beta", &[(0, 4, PT, "p:alpha")]),
        ];
        let gold = [row("b", "Beta", 0, 4, I, None)];
        let all = evaluate(&g, &results, &gold);
        assert_eq!(all.toponyms.false_positives, 1);
        let kept = annotated_only(results, &gold);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].document.id, "b");
        let rep = evaluate(&g, &kept, &gold);
        assert_eq!((rep.documents, rep.documents_without_gold), (1, 0));
        assert_eq!(rep.toponyms.false_positives, 0);
    }

    #[test]
    fn gold_parsing() {
        let rows = parse_gold(concat!(
            "{\"doc\": 7, \"start\": 0, \"end\": 5, \"text\": \"Alpha\", \"class\": \"toponym\", ",
            "\"expected\": {\"name\": \"Alpha\", \"lat\": 10, \"lon\": 10, \"tolerance_km\": 161, \"geonameid\": 1}}\n",
            "\n",
            "{\"doc\": \"x\", \"start\": 6, \"end\": 21, \"text\": \"Middle East Eye\", \"class\": \"not_place\", \"note\": \"outlet\"}\n",
            "{\"doc\": \"x\", \"start\": 0, \"end\": 4, \"text\": \"Beta\", \"class\": \"toponym\", \"expected\": null}\n",
        ))
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].doc.as_str(), rows[0].line), ("7", 1));
        assert_eq!(rows[0].expected.as_ref().unwrap().tolerance_km, 161.0);
        assert_eq!((rows[1].class, rows[1].line), (GoldClass::NotPlace, 3));
        assert_eq!(rows[2].expected, None);

        let err = |text: &str| parse_gold(text).unwrap_err();
        let ok = "{\"doc\":\"a\",\"start\":0,\"end\":1,\"text\":\"A\",\"class\":\"toponym\"}\n";
        let e = err(&format!("{ok}{{oops\n"));
        assert_eq!(e.location().line, Some(2));
        let e = err("{\"doc\":\"a\",\"start\":0,\"end\":1,\"text\":\"A\",\"class\":\"place\"}");
        assert!(e.to_string().contains("unknown class \"place\""), "{e}");
        let e = err("{\"doc\":\"a\",\"start\":3,\"end\":3,\"text\":\"\",\"class\":\"toponym\"}");
        assert!(e.to_string().contains("empty or reversed"), "{e}");
        let e = err(
            "{\"doc\":\"a\",\"start\":0,\"end\":1,\"text\":\"A\",\"class\":\"toponym\",\"expected\":{\"lat\":95,\"lon\":0,\"tolerance_km\":1}}",
        );
        assert!(e.to_string().contains("out of range"), "{e}");
        let e = err(
            "{\"doc\":\"a\",\"start\":0,\"end\":1,\"text\":\"A\",\"class\":\"toponym\",\"expected\":{\"lat\":5,\"lon\":0}}",
        );
        assert!(e.to_string().contains("tolerance_km"), "{e}");
    }

    #[test]
    fn gold_is_checked_against_documents_in_code_points() {
        let docs = [Document {
            id: "a".into(),
            text: "Near Ḥamā and Ṭarṭūs.".into(),
        }];
        let p = Path::new("gold.jsonl");
        let mk = |s, e, text: &str, line| GoldRow {
            doc: "a".into(),
            start: s,
            end: e,
            text: text.into(),
            class: GoldClass::Toponym,
            expected: None,
            line,
        };
        let w = check_gold(p, &[mk(5, 9, "Ḥamā", 1), mk(14, 20, "Tartus", 2)], &docs).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].source, "gold.jsonl:2");
        assert!(w[0].message.contains("\"Ṭarṭūs\""), "{}", w[0].message);
        let e = check_gold(p, &[mk(14, 22, "Ṭarṭūs.", 4)], &docs).unwrap_err();
        assert_eq!(
            e.to_string(),
            "gold.jsonl:4: offsets 14..22 are beyond the end of document \"a\" (21 characters)"
        );
        let mut other = mk(0, 1, "N", 9);
        other.doc = "b".into();
        let e = check_gold(p, &[other], &docs).unwrap_err();
        assert!(
            e.to_string().starts_with("gold.jsonl:9: document \"b\""),
            "{e}"
        );
    }

    #[test]
    fn text_report_has_totals_and_per_document_lines() {
        let g = gaz();
        let text = "Alpha and Beta and Gamma near Delta.";
        let r = doc(
            &g,
            "d",
            text,
            &[
                (0, 5, PT, "p:alpha"),
                (10, 14, PT, "p:alpha"),
                (30, 35, PT, "p:beta"),
            ],
        );
        let gold = [
            row("d", text, 0, 5, T, Some((10.0, 10.0, 10.0))),
            row("d", text, 10, 14, T, Some((20.0, 20.0, 10.0))),
            row("d", text, 19, 24, T, None),
        ];
        let rep = evaluate(&g, &[r], &gold);
        let mut out = Vec::new();
        rep.write_text(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        for want in [
            "Toponyms: 3 gold, 3 predictions counted",
            "overlap      P 0.6667  R 0.6667  F1 0.6667  (TP 2, FP 1, FN 1)",
            "Resolution: 1 of 2 found gold toponyms",
            "Demonyms: not scored",
            "Most frequent misses: Gamma ×1",
            "d: gold 3, TP 2, FN 1, FP 1, wrong 1",
            "  - 19..24 \"Gamma\"",
            "  + 30..35 \"Delta\" -> Beta [p:beta]",
            "  ~ 10..14 \"Beta\": expected Beta, got Alpha [p:alpha], ",
        ] {
            assert!(out.contains(want), "missing {want:?} in:\n{out}");
        }
        let mut json = Vec::new();
        rep.write_json(&mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["toponyms"]["recall"], 0.6667);
        assert_eq!(v["per_document"][0]["misses"][0]["text"], "Gamma");
    }
}
