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

/// An annotated corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Its name in reports.
    pub name: String,
    /// The documents.
    pub docs: Vec<Document>,
    /// The gold rows.
    pub gold: Vec<GoldRow>,
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
            iterations: 600,
        }
    }
}

/// The annotated names of mapped documents (mapped with
/// [`super::Resolver::record_senses`]) that have both a right and a wrong
/// sense: the only ones that say anything about the weights.
pub fn groups(gaz: &Gazetteer, results: &[DocResult], gold: &[GoldRow]) -> Vec<Group> {
    let mut by_doc: HashMap<&str, Vec<&GoldRow>> = HashMap::new();
    for r in gold.iter().filter(|r| r.class == GoldClass::Toponym) {
        if r.expected.is_some() {
            by_doc.entry(r.doc.as_str()).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for res in results {
        let Some(rows) = by_doc.get(res.document.id.as_str()) else {
            continue;
        };
        for rec in &res.resolved.senses {
            let Some(row) = rows
                .iter()
                .find(|r| r.start < rec.char_end && rec.char_start < r.end)
            else {
                continue;
            };
            let e = row.expected.as_ref().expect("filtered above");
            let correct: Vec<bool> = rec
                .senses
                .iter()
                .map(|(p, _)| {
                    crate::eval::error_km(gaz, *p, e.lat, e.lon) <= e.tolerance_km
                        || crate::eval::inside_polygon(gaz, *p, e.lat, e.lon)
                })
                .collect();
            if correct.iter().any(|c| *c) && correct.iter().any(|c| !*c) {
                out.push(Group {
                    doc: res.document.id.clone(),
                    x: rec.senses.iter().map(|(_, x)| *x).collect(),
                    correct,
                });
            }
        }
    }
    out
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

/// Fits the weights on the groups (Adam steps on the mean negative
/// log-likelihood plus the L2 pull towards the hand-set weights). The
/// user-option features are never learned.
pub fn fit(groups: &[&Group], opts: FitOptions) -> Weights {
    let prior = Weights::hand_set().0;
    let fixed = |i: usize| USER_OPTIONS.iter().any(|f| *f as usize == i);
    let mut w = prior;
    let (mut m, mut v) = ([0.0; N], [0.0; N]);
    let (rate, b1, b2) = (0.05, 0.9, 0.999);
    for t in 1..=opts.iterations {
        let (_, mut grad) = loss(groups, &w);
        for i in 0..N {
            grad[i] += opts.l2 * (w[i] - prior[i]);
            if fixed(i) {
                continue;
            }
            m[i] = b1 * m[i] + (1.0 - b1) * grad[i];
            v[i] = b2 * v[i] + (1.0 - b2) * grad[i] * grad[i];
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= rate * mh / (vh.sqrt() + 1e-8);
        }
    }
    Weights(w)
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
    /// Training groups per corpus.
    pub groups: Vec<(String, usize)>,
}

fn map_with<'g>(
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
    let groups: Vec<Vec<Group>> = corpora
        .iter()
        .map(|c| groups(gaz, &map_with(gaz, setup, None, c.docs.clone()), &c.gold))
        .collect();
    let mut scores = Vec::new();
    let mut fold_weights = Vec::new();
    let mut pooled: Vec<Vec<DocResult>> = vec![Vec::new(); corpora.len()];
    for f in 0..k {
        let train: Vec<&Group> = groups
            .iter()
            .flatten()
            .filter(|g| fold_of(&g.doc, k) != f)
            .collect();
        let w = fit(&train, opts);
        for (ci, c) in corpora.iter().enumerate() {
            let held = |d: &str| fold_of(d, k) == f;
            let docs: Vec<Document> = c.docs.iter().filter(|d| held(&d.id)).cloned().collect();
            let results = map_with(gaz, setup, Some(&w), docs);
            let report = crate::eval::evaluate(gaz, &results, &gold_of(&c.gold, &held));
            scores.push(Scores {
                corpus: c.name.clone(),
                setting: format!("fold {}", f + 1),
                report,
            });
            pooled[ci].extend(results);
        }
        fold_weights.push(w);
    }
    for (ci, c) in corpora.iter().enumerate() {
        let report = crate::eval::evaluate(gaz, &pooled[ci], &c.gold);
        scores.push(Scores {
            corpus: c.name.clone(),
            setting: format!("{k}-fold, held-out folds pooled"),
            report,
        });
    }
    for (ci, c) in corpora.iter().enumerate() {
        let train: Vec<&Group> = (0..corpora.len())
            .filter(|&o| o != ci)
            .flat_map(|o| &groups[o])
            .collect();
        let w = fit(&train, opts);
        let results = map_with(gaz, setup, Some(&w), c.docs.clone());
        let report = crate::eval::evaluate(gaz, &results, &c.gold);
        scores.push(Scores {
            corpus: c.name.clone(),
            setting: "leave-one-corpus-out".into(),
            report,
        });
    }
    let all: Vec<&Group> = groups.iter().flatten().collect();
    TrainReport {
        scores,
        fold_weights,
        weights: fit(&all, opts),
        groups: corpora
            .iter()
            .zip(&groups)
            .map(|(c, g)| (c.name.clone(), g.len()))
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
        let before = loss(&refs, &Weights::hand_set().0).0;
        let w = fit(&refs, FitOptions::default());
        assert!(w.get(Feature::Near30) > Weights::hand_set().get(Feature::Near30));
        assert!(loss(&refs, &w.0).0 < before);
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
        let w = fit(&refs, FitOptions::default());
        assert!(w.get(Feature::Near30) < Weights::hand_set().get(Feature::Near30));
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
