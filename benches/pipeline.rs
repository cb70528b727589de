//! Criterion benchmarks of geomention's pipeline, one group per stage:
//!
//! * `gazetteer`: loading the embedded world gazetteer (start-up cost).
//! * `match`: [`Matcher::find`] (normalization + name index search) on the
//!   demo text and on the seed article.
//! * `resolve`: [`Resolver::resolve`] on already matched text.
//! * `output`: [`output::summarize`] and writing the GeoJSON
//!   FeatureCollection (features, collection, `geojson::write`) and the
//!   mentions JSON Lines, into memory.
//! * `pipeline`: one document end to end, as `geomention map` does it:
//!   match, resolve, coverage, summarize, GeoJSON; with and without loading
//!   the gazetteer.
//! * `scaling`: [`Geoparser::map`] (match + resolve) on the demo text
//!   repeated 1, 4, 16 and 64 times as one document, to show how the cost
//!   grows with the length of a single document.
//!
//! The demo text is ours (`demo/demo.txt`). The seed article is not: it is
//! read at run time from `../shared/eval/seed/idlib-tensions-2020.txt` and
//! its cases are skipped, with a message, when that file is absent.
//!
//! Run with `cargo bench --bench pipeline` (a few minutes on 2 cores); pass a
//! filter to run one group, e.g. `cargo bench --bench pipeline -- match`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use geomention::coverage::{Coverage, CoverageOptions, feature_collection_members};
use geomention::output::geojson::FeatureOptions;
use geomention::output::{self, OutputOptions};
use geomention::{DocResult, Document, Gazetteer, Geoparser, Matcher, Resolver};

/// Our own demo text.
const DEMO: &str = include_str!("../demo/demo.txt");

/// The seed article (not ours: read from ../shared, never copied).
const SEED_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/eval/seed/idlib-tensions-2020.txt"
);

/// The documents to benchmark: `(name, text)`.
fn texts() -> Vec<(&'static str, String)> {
    let mut v = vec![("demo", DEMO.to_string())];
    match std::fs::read_to_string(SEED_PATH) {
        Ok(t) => v.push(("seed", t)),
        Err(e) => skip_message(&format!(
            "skipping the seed-article cases: cannot read {SEED_PATH}: {e}"
        )),
    }
    v
}

// A benchmark binary reports on stderr like the criterion output around it.
#[allow(clippy::print_stderr)]
fn skip_message(msg: &str) {
    eprintln!("SKIPPED: {msg}");
}

/// Modest timing for every benchmark, so that the whole run takes a few
/// minutes on 2 cores; command-line flags such as `--measurement-time`
/// still override it.
fn modest() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

fn document(name: &str, text: &str) -> Document {
    Document {
        id: name.to_string(),
        text: text.to_string(),
    }
}

fn embedded() -> Gazetteer {
    Gazetteer::embedded().expect("the embedded gazetteer loads")
}

fn bench_gazetteer(c: &mut Criterion) {
    let mut g = c.benchmark_group("gazetteer");
    g.bench_function("embedded", |b| b.iter(|| black_box(embedded())));
    g.finish();
}

fn bench_match(c: &mut Criterion) {
    let gaz = embedded();
    let matcher = Matcher::new(&gaz);
    let mut g = c.benchmark_group("match");
    for (name, text) in texts() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(matcher.find(black_box(&text))))
        });
    }
    g.finish();
}

fn bench_resolve(c: &mut Criterion) {
    let gaz = embedded();
    let matcher = Matcher::new(&gaz);
    let resolver = Resolver::new(&gaz);
    let mut g = c.benchmark_group("resolve");
    for (name, text) in texts() {
        let matched = matcher.find(&text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(resolver.resolve(black_box(&matched))))
        });
    }
    g.finish();
}

/// The GeoJSON FeatureCollection as `geomention map` writes it.
fn write_geojson(gaz: &Gazetteer, results: &[DocResult], members: &geojson::JsonObject) -> Vec<u8> {
    let opts = OutputOptions::default();
    let summaries = output::summarize(gaz, results, &opts);
    let features = output::geojson::features(gaz, &summaries, &opts, &FeatureOptions::default())
        .expect("features build");
    let fc = output::geojson::collection(features, "geomention", members.clone());
    let mut out = Vec::new();
    output::geojson::write(&fc, &mut out).expect("writing to memory works");
    out
}

fn coverage_members(gaz: &Gazetteer, results: &[DocResult]) -> geojson::JsonObject {
    let coverage = Coverage::from_results(gaz, results, &CoverageOptions::default());
    feature_collection_members(&coverage)
}

fn bench_output(c: &mut Criterion) {
    let gaz = embedded();
    let parser = Geoparser::new(&gaz);
    let opts = OutputOptions::default();
    let mut g = c.benchmark_group("output");
    for (name, text) in texts() {
        let results = vec![parser.map(document(name, &text))];
        let members = coverage_members(&gaz, &results);
        g.bench_function(format!("{name}/summarize"), |b| {
            b.iter(|| black_box(output::summarize(&gaz, black_box(&results), &opts)))
        });
        g.bench_function(format!("{name}/geojson"), |b| {
            b.iter(|| black_box(write_geojson(&gaz, black_box(&results), &members)))
        });
        g.bench_function(format!("{name}/mentions"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                output::mentions::write(&gaz, black_box(&results), &opts, &mut out)
                    .expect("writing to memory works");
                black_box(out)
            })
        });
    }
    g.finish();
}

/// One document through everything `geomention map` does after reading it.
fn map_one(parser: &Geoparser<'_>, gaz: &Gazetteer, doc: Document) -> Vec<u8> {
    let results = vec![parser.map(doc)];
    let members = coverage_members(gaz, &results);
    write_geojson(gaz, &results, &members)
}

fn bench_pipeline(c: &mut Criterion) {
    let gaz = embedded();
    let parser = Geoparser::new(&gaz);
    let mut g = c.benchmark_group("pipeline");
    for (name, text) in texts() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter_batched(
                || document(name, &text),
                |doc| black_box(map_one(&parser, &gaz, black_box(doc))),
                BatchSize::SmallInput,
            )
        });
        g.bench_function(format!("{name}/with-gazetteer-load"), |b| {
            b.iter_batched(
                || document(name, &text),
                |doc| {
                    let gaz = embedded();
                    let parser = Geoparser::new(&gaz);
                    black_box(map_one(&parser, &gaz, black_box(doc)))
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn bench_scaling(c: &mut Criterion) {
    let gaz = embedded();
    let parser = Geoparser::new(&gaz);
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for n in [1, 4, 16, 64] {
        let text = [DEMO].repeat(n).join("\n\n");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("demo-x{n}"), |b| {
            b.iter_batched(
                || document("demo", &text),
                |doc| black_box(parser.map(black_box(doc))),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// The benchmark groups, in pipeline order.
mod groups {
    // criterion_group! generates an undocumented `pub fn`.
    #![allow(missing_docs)]
    use super::*;

    criterion_group! {
        name = benches;
        config = modest();
        targets = bench_gazetteer, bench_match, bench_resolve, bench_output, bench_pipeline,
            bench_scaling
    }
}

criterion_main!(groups::benches);
