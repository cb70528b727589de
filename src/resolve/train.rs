//! Learning the evidence [`Weights`] from annotated corpora, and scoring
//! them on documents they never saw.
//!
//! The model is a conditional logit over a name's senses: the chance of a
//! sense is the softmax of its score `w · x` among the name's senses, and
//! the weights maximise the chance given to the senses the gold accepts
//! (within its tolerance of the gold point, or a polygon containing it),
//! with an L2 pull towards the hand-set weights so that evidence the data
//! rarely shows keeps its hand-set value and the scale of the scores (which
//! the confidence margin reads) stays put.
//!
//! [`cross_validate`] folds by document: each document's fold comes from a
//! hash of its id, weights are fitted on the other folds of every corpus,
//! and the held-out documents are mapped again with those weights and
//! scored with [`crate::eval::evaluate`]. Leave-one-corpus-out fits on all
//! corpora but one and scores that one.

use std::collections::HashMap;

use super::evidence::{N, USER_OPTIONS, Weights};
use super::recognize::{R, RecognitionWeights};
use crate::eval::{GoldClass, GoldRow, Report};
use crate::gazetteer::Gazetteer;
use crate::{DocResult, Document, Geoparser};

/// One annotated name: its senses' feature values and which are right.
#[derive(Debug, Clone)]
pub struct Group {
    /// The document.
    pub doc: String,
    /// Feature values of each sense.
    pub x: Vec<[f32; N]>,
    /// Whether the gold accepts each sense.
    pub correct: Vec<bool>,
}

/// A name the recognition model decided on, and whether the gold has a
/// toponym there.
#[derive(Debug, Clone)]
pub struct NameExample {
    /// The document.
    pub doc: String,
    /// The value of each recognition cue.
    pub x: [f32; R],
    /// A gold toponym overlaps the name.
    pub place: bool,
}

/// Training data of one corpus.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Names with a right and a wrong sense.
    pub groups: Vec<Group>,
    /// Names the recognition model decided on.
    pub names: Vec<NameExample>,
}

/// An annotated corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Its name in reports.
    pub name: String,
    /// The documents.
    pub docs: Vec<Document>,
    /// The gold rows.
    pub gold: Vec<GoldRow>,
    /// The gold marks only some toponyms (a silver corpus, see
    /// [`super::silver`]): its names teach the sense weights but not the
    /// recognition weights, whose loss would read every unmarked name as
    /// "not a place".
    pub resolution_only: bool,
}

/// Fitting options.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    /// Strength of the pull towards the hand-set weights.
    pub l2: f64,
    /// Gradient steps.
    pub iterations: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 0.01,
            iterations: 1500,
        }
    }
}

/// The training data in mapped documents (mapped with
/// [`super::Resolver::record_senses`]): the annotated names that have both
/// a right and a wrong sense (the only ones that say anything about the
/// sense weights), and every name the recognition model decided on,
/// labelled by whether a gold toponym overlaps it (names on `demonym` or
/// `ignore` rows are left out).
pub fn examples(gaz: &Gazetteer, results: &[DocResult], gold: &[GoldRow]) -> Examples {
    let mut by_doc: HashMap<&str, Vec<&GoldRow>> = HashMap::new();
    for r in gold {
        by_doc.entry(r.doc.as_str()).or_default().push(r);
    }
    let mut out = Examples::default();
    for res in results {
        let rows = by_doc.get(res.document.id.as_str()).map_or(&[][..], |v| v);
        let at = |s: usize, e: usize, class: GoldClass| {
            rows.iter()
                .find(|r| r.class == class && r.start < e && s < r.end)
                .copied()
        };
        for rec in &res.resolved.names {
            let (s, e) = (rec.char_start, rec.char_end);
            if at(s, e, GoldClass::Demonym).is_some() || at(s, e, GoldClass::Ignore).is_some() {
                continue;
            }
            out.names.push(NameExample {
                doc: res.document.id.clone(),
                x: rec.x,
                place: at(s, e, GoldClass::Toponym).is_some(),
            });
        }
        for rec in &res.resolved.senses {
            let Some(row) = at(rec.char_start, rec.char_end, GoldClass::Toponym) else {
                continue;
            };
            let Some(e) = row.expected.as_ref() else {
                continue;
            };
            let by_point: Vec<bool> = (rec.senses.iter())
                .map(|(p, _)| crate::eval::error_km(gaz, *p, e.lat, e.lon) <= e.tolerance_km)
                .collect();
            let correct = right_senses(by_point, |i| {
                crate::eval::inside_polygon(gaz, rec.senses[i].0, e.lat, e.lon)
            });
            if correct.iter().any(|c| *c) && correct.iter().any(|c| !*c) {
                out.groups.push(Group {
                    doc: res.document.id.clone(),
                    x: rec.senses.iter().map(|(_, x)| *x).collect(),
                    correct,
                });
            }
        }
    }
    out
}

/// Which senses of an annotated name count as right: those within the
/// gold's tolerance of its point (`by_point`) when there are any, else those
/// whose polygon holds the gold point (`in_polygon(i)`: a country whose
/// gold point follows another convention than GeoNames'). Were a polygon
/// always enough, every division holding a gold city would count as right
/// beside it, and the city would never be taught to beat its division.
fn right_senses(by_point: Vec<bool>, in_polygon: impl Fn(usize) -> bool) -> Vec<bool> {
    if by_point.contains(&true) {
        by_point
    } else {
        (0..by_point.len()).map(in_polygon).collect()
    }
}

/// The mean negative log-likelihood of the groups and its gradient.
fn loss(groups: &[&Group], w: &[f64; N]) -> (f64, [f64; N]) {
    let mut total = 0.0;
    let mut grad = [0.0; N];
    for g in groups {
        let scores: Vec<f64> =
            g.x.iter()
                .map(|x| x.iter().zip(w).map(|(a, b)| f64::from(*a) * b).sum())
                .collect();
        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
        let z: f64 = e.iter().sum();
        let zc: f64 = e
            .iter()
            .zip(&g.correct)
            .filter(|(_, c)| **c)
            .map(|(v, _)| v)
            .sum();
        total -= (zc / z).ln();
        for (i, x) in g.x.iter().enumerate() {
            let p = e[i] / z;
            let q = if g.correct[i] { e[i] / zc } else { 0.0 };
            for (gr, xv) in grad.iter_mut().zip(x) {
                *gr += (p - q) * f64::from(*xv);
            }
        }
    }
    let n = groups.len().max(1) as f64;
    grad.iter_mut().for_each(|g| *g /= n);
    (total / n, grad)
}

/// Adam steps on a loss whose gradient `grad` gives, plus the L2 pull
/// towards `prior`; the weights for which `fixed` holds keep their prior.
fn adam<const K: usize>(
    prior: [f64; K],
    fixed: &dyn Fn(usize) -> bool,
    grad: &dyn Fn(&[f64; K]) -> [f64; K],
    opts: FitOptions,
) -> [f64; K] {
    let mut w = prior;
    let (mut m, mut v) = ([0.0; K], [0.0; K]);
    let (rate, b1, b2) = (0.05, 0.9_f64, 0.999_f64);
    for t in 1..=opts.iterations {
        let mut g = grad(&w);
        for i in (0..K).filter(|i| !fixed(*i)) {
            g[i] += opts.l2 * (w[i] - prior[i]);
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= rate * mh / (vh.sqrt() + 1e-8);
        }
    }
    w
}

/// The mean logistic loss of the recognition model and its gradient.
fn name_loss(names: &[&NameExample], w: &[f64; R]) -> (f64, [f64; R]) {
    let mut total = 0.0;
    let mut grad = [0.0; R];
    for n in names {
        let s: f64 = n.x.iter().zip(w).map(|(x, w)| f64::from(*x) * w).sum();
        let y = if n.place { 1.0 } else { -1.0 };
        // log(1 + e^(-ys)), computed stably.
        let z = -y * s;
        total += if z > 0.0 {
            z + (-z).exp().ln_1p()
        } else {
            z.exp().ln_1p()
        };
        let d = -y / (1.0 + (y * s).exp());
        for (g, x) in grad.iter_mut().zip(&n.x) {
            *g += d * f64::from(*x);
        }
    }
    let k = names.len().max(1) as f64;
    grad.iter_mut().for_each(|g| *g /= k);
    (total / k, grad)
}

/// Fits both models: the sense weights on the groups (a conditional logit)
/// and the recognition weights on the names (a logistic regression), each
/// pulled towards the hand-set weights. The user-option features are never
/// learned.
pub fn fit(groups: &[&Group], names: &[&NameExample], opts: FitOptions) -> Weights {
    let hand = Weights::hand_set();
    let fixed = |i: usize| USER_OPTIONS.iter().any(|f| *f as usize == i);
    let senses = adam(hand.senses, &fixed, &|w| loss(groups, w).1, opts);
    let recognition = adam(
        hand.recognition.0,
        &|_| false,
        &|w| name_loss(names, w).1,
        opts,
    );
    Weights {
        senses,
        recognition: RecognitionWeights(recognition),
    }
}

/// The fold (0..k) of a document: a hash of its id, so that a document
/// keeps its fold whatever else the corpus holds.
pub fn fold_of(doc: &str, k: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % k.max(1) as u64) as usize
}

/// Scores of one corpus under one set of weights.
#[derive(Debug, Clone)]
pub struct Scores {
    /// The corpus.
    pub corpus: String,
    /// What was scored: "fold 3", "5-fold (pooled)", "leave-one-corpus-out"...
    pub setting: String,
    /// The evaluation report of the scored documents.
    pub report: Report,
}

/// Everything [`cross_validate`] measured, and the weights fitted on all
/// the data.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Per corpus and setting.
    pub scores: Vec<Scores>,
    /// Weights fitted on each fold's training part, by fold.
    pub fold_weights: Vec<Weights>,
    /// Weights fitted on every corpus: the ones to ship.
    pub weights: Weights,
    /// Per corpus: training names for the sense weights and for the
    /// recognition weights.
    pub groups: Vec<(String, usize, usize)>,
}

/// Maps documents with weights `w`, or with the hand-set weights while
/// recording every toponym's senses and cues when `w` is `None`.
pub(super) fn map_with<'g>(
    gaz: &'g Gazetteer,
    setup: &dyn Fn(&mut Geoparser<'g>),
    w: Option<&Weights>,
    docs: Vec<Document>,
) -> Vec<DocResult> {
    let mut parser = Geoparser::new(gaz);
    setup(&mut parser);
    match w {
        Some(w) => parser.resolver_mut().weights(w.clone()),
        None => parser
            .resolver_mut()
            .record_senses(true)
            .weights(Weights::hand_set()),
    };
    parser.map_all(docs)
}

fn gold_of<'a>(gold: &'a [GoldRow], keep: &dyn Fn(&str) -> bool) -> Vec<GoldRow> {
    gold.iter()
        .filter(|r| keep(&r.doc))
        .cloned()
        .collect::<Vec<_>>()
}

/// Fits both models on the examples of corpus `ci` and document `doc` for
/// which `keep` holds.
fn fit_where(data: &[Examples], keep: &dyn Fn(usize, &str) -> bool, opts: FitOptions) -> Weights {
    let groups: Vec<&Group> = (data.iter().enumerate())
        .flat_map(|(ci, e)| e.groups.iter().filter(move |g| keep(ci, &g.doc)))
        .collect();
    let names: Vec<&NameExample> = (data.iter().enumerate())
        .flat_map(|(ci, e)| e.names.iter().filter(move |n| keep(ci, &n.doc)))
        .collect();
    fit(&groups, &names, opts)
}

/// The scores of a corpus's mapped documents under `setting`, and, when
/// some of its documents have no gold rows, also on the annotated
/// documents only (see `eval --annotated-only`).
fn pooled_scores(
    gaz: &Gazetteer,
    c: &Corpus,
    setting: String,
    results: Vec<DocResult>,
) -> Vec<Scores> {
    let mut out = vec![Scores {
        corpus: c.name.clone(),
        setting: setting.clone(),
        report: crate::eval::evaluate(gaz, &results, &c.gold),
    }];
    if out[0].report.documents_without_gold > 0 {
        let kept = crate::eval::annotated_only(results, &c.gold);
        out.push(Scores {
            corpus: c.name.clone(),
            setting: format!("{setting}, annotated documents only"),
            report: crate::eval::evaluate(gaz, &kept, &c.gold),
        });
    }
    out
}

/// The training data of one corpus, with the hand-set weights; a
/// [`Corpus::resolution_only`] corpus gives no recognition examples.
fn corpus_examples<'g>(
    gaz: &'g Gazetteer,
    setup: &dyn Fn(&mut Geoparser<'g>),
    c: &Corpus,
) -> Examples {
    let mut e = examples(gaz, &map_with(gaz, setup, None, c.docs.clone()), &c.gold);
    if c.resolution_only {
        e.names.clear();
    }
    e
}

/// Cross-validates the weights on the corpora (k folds by document, then
/// leave-one-corpus-out) and fits the weights to ship on all of them.
/// `setup` applies the user's matcher and resolver settings to each
/// geoparser.
pub fn cross_validate<'g>(
    gaz: &'g Gazetteer,
    corpora: &[Corpus],
    k: usize,
    opts: FitOptions,
    setup: &dyn Fn(&mut Geoparser<'g>),
) -> TrainReport {
    // Features are extracted once, with the hand-set weights.
    let data: Vec<Examples> = corpora
        .iter()
        .map(|c| corpus_examples(gaz, setup, c))
        .collect();
    let mut scores = Vec::new();
    let mut fold_weights = Vec::new();
    let mut pooled: Vec<Vec<DocResult>> = vec![Vec::new(); corpora.len()];
    let score = |c: &Corpus, setting: String, w: &Weights, keep: &dyn Fn(&str) -> bool| {
        let docs: Vec<Document> = c.docs.iter().filter(|d| keep(&d.id)).cloned().collect();
        let results = map_with(gaz, setup, Some(w), docs);
        let report = crate::eval::evaluate(gaz, &results, &gold_of(&c.gold, keep));
        let corpus = c.name.clone();
        (
            Scores {
                corpus,
                setting,
                report,
            },
            results,
        )
    };
    for f in 0..k {
        let w = fit_where(&data, &|_, d| fold_of(d, k) != f, opts);
        for (ci, c) in corpora.iter().enumerate() {
            let (s, results) = score(c, format!("fold {}", f + 1), &w, &|d| fold_of(d, k) == f);
            scores.push(s);
            pooled[ci].extend(results);
        }
        fold_weights.push(w);
    }
    for (ci, c) in corpora.iter().enumerate() {
        let setting = format!("{k}-fold, held-out folds pooled");
        scores.extend(pooled_scores(
            gaz,
            c,
            setting,
            std::mem::take(&mut pooled[ci]),
        ));
    }
    for (ci, c) in corpora.iter().enumerate() {
        let w = fit_where(&data, &|o, _| o != ci, opts);
        let (_, results) = score(c, String::new(), &w, &|_| true);
        scores.extend(pooled_scores(
            gaz,
            c,
            "leave-one-corpus-out".into(),
            results,
        ));
    }
    TrainReport {
        scores,
        fold_weights,
        weights: fit_where(&data, &|_, _| true, opts),
        groups: corpora
            .iter()
            .zip(&data)
            .map(|(c, e)| (c.name.clone(), e.groups.len(), e.names.len()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Feature;

    fn group(right: [f32; 2], wrong: [f32; 2]) -> Group {
        let mut a = [0.0; N];
        let mut b = [0.0; N];
        a[Feature::Near30 as usize] = right[0];
        a[Feature::KindTown as usize] = right[1];
        b[Feature::Near30 as usize] = wrong[0];
        b[Feature::KindTown as usize] = wrong[1];
        Group {
            doc: "d".into(),
            x: vec![a, b],
            correct: vec![true, false],
        }
    }

    #[test]
    fn fitting_raises_the_weight_of_evidence_that_picks_the_right_sense() {
        // Nearness always marks the right sense: its weight must grow.
        let gs: Vec<Group> = (0..50).map(|_| group([1.0, 1.0], [0.0, 1.0])).collect();
        let refs: Vec<&Group> = gs.iter().collect();
        let before = loss(&refs, &Weights::hand_set().senses).0;
        let w = fit(&refs, &[], FitOptions::default());
        assert!(w.get(Feature::Near30) > Weights::hand_set().get(Feature::Near30));
        assert!(loss(&refs, &w.senses).0 < before);
        // Evidence the data never shows keeps its hand-set weight.
        assert_eq!(
            w.get(Feature::CountryBias),
            Weights::hand_set().get(Feature::CountryBias)
        );
    }

    #[test]
    fn evidence_that_misleads_loses_weight() {
        let gs: Vec<Group> = (0..50).map(|_| group([0.0, 1.0], [1.0, 1.0])).collect();
        let refs: Vec<&Group> = gs.iter().collect();
        let w = fit(&refs, &[], FitOptions::default());
        assert!(w.get(Feature::Near30) < Weights::hand_set().get(Feature::Near30));
    }

    #[test]
    fn a_resolution_only_corpus_teaches_senses_but_not_recognition() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Paris police said the crowd in Paris was calm.";
        let corpus = |resolution_only| Corpus {
            name: "c".into(),
            docs: vec![Document {
                id: "d".into(),
                text: text.into(),
            }],
            gold: vec![GoldRow {
                doc: "d".into(),
                start: 0,
                end: 5,
                text: "Paris".into(),
                class: GoldClass::Toponym,
                expected: Some(crate::eval::Expected {
                    name: "Paris".into(),
                    lat: 33.66,
                    lon: -95.55,
                    tolerance_km: 161.0,
                    kind: None,
                    page: None,
                }),
                line: 1,
            }],
            resolution_only,
        };
        let silver = corpus_examples(&g, &|_| {}, &corpus(true));
        assert!(silver.names.is_empty(), "{:?}", silver.names.len());
        assert_eq!(silver.groups.len(), 1);
        // The same corpus as a fully annotated one: the second "Paris"
        // would teach recognition that it is not a place.
        let full = corpus_examples(&g, &|_| {}, &corpus(false));
        assert!(
            full.names.iter().any(|n| !n.place),
            "{:?}",
            full.names.len()
        );
        assert_eq!(full.groups.len(), 1);
    }

    #[test]
    fn a_sense_is_right_by_its_point_and_by_its_polygon_only_when_none_is() {
        // A city at the gold point and the division holding it: only the city.
        let all = |_| true;
        assert_eq!(right_senses(vec![true, false], all), [true, false]);
        // No sense near the gold point (a country's point by another
        // convention): the polygon that holds it decides.
        let second = |i| i == 1;
        assert_eq!(right_senses(vec![false, false], second), [false, true]);
        assert_eq!(right_senses(vec![false, false], |_| false), [false, false]);
    }

    #[test]
    fn folds_are_stable_and_spread() {
        assert_eq!(fold_of("doc-1", 5), fold_of("doc-1", 5));
        let mut n = [0; 5];
        for i in 0..1000 {
            n[fold_of(&format!("doc-{i}"), 5)] += 1;
        }
        assert!(n.iter().all(|&c| c > 150), "{n:?}");
    }
}
