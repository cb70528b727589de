//! `map --format partial` and `geomention merge`: partial results of any
//! split of a corpus, merged in any order, give byte for byte what one
//! `map` over the whole corpus writes.

use std::path::{Path, PathBuf};

use crate::util::{TestDir, run, run_in};

/// A deterministic shuffle (a small LCG), so splits are not contiguous.
fn shuffled<T>(mut v: Vec<T>, seed: u64) -> Vec<T> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in (1..v.len()).rev() {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((x >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// Splits the lines of a JSON Lines corpus into `n` files of shuffled
/// lines, maps each to a partial result, and returns the partials.
fn partials(dir: &TestDir, corpus: &Path, n: usize, tag: &str) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(corpus).unwrap();
    let lines = shuffled(text.lines().collect::<Vec<_>>(), n as u64);
    let mut out = Vec::new();
    for k in 0..n {
        let part: String = lines
            .iter()
            .skip(k)
            .step_by(n)
            .map(|l| format!("{l}\n"))
            .collect();
        let input = dir.write(&format!("{tag}-{n}-{k}.jsonl"), part);
        let p = dir.join(&format!("{tag}-{n}-{k}.partial"));
        run(&[
            "map",
            "-q",
            input.to_str().unwrap(),
            "--format",
            "partial",
            "-o",
            p.to_str().unwrap(),
        ])
        .ok();
        out.push(p);
    }
    out
}

fn merged(parts: &[PathBuf], format: &str) -> String {
    let mut args = vec!["merge", "-q", "--format", format];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    run(&args).ok().stdout
}

#[test]
fn merge_of_any_split_in_any_order_equals_map() {
    let shared = shared_or_skip!();
    let dir = TestDir::new();
    for corpus in ["geovirus", "tr-news"] {
        let docs = shared.join("eval").join(corpus).join("docs.jsonl");
        let whole = |format: &str| {
            run(&["map", "-q", docs.to_str().unwrap(), "--format", format])
                .ok()
                .stdout
        };
        let want: Vec<(&str, String)> = ["geojson", "csv", "html"]
            .into_iter()
            .map(|f| (f, whole(f)))
            .collect();
        assert!(want[0].1.contains("\"contexts\""), "{corpus}: places found");
        let mut parts = Vec::new();
        for n in [1, 3, 7] {
            parts = partials(&dir, &docs, n, corpus);
            for seed in 0..2 {
                let order = shuffled(parts.clone(), 17 + seed);
                for (format, bytes) in &want {
                    let got = merged(&order, format);
                    assert!(
                        got == *bytes,
                        "{corpus}: {n} parts, order {seed}: merge --format {format} differs from map"
                    );
                }
            }
        }
        // Merging in a tree: parts merged into bigger partials first.
        let ab = merged(&parts[..3], "partial");
        let ab = dir.write(&format!("{corpus}-ab.partial"), ab);
        let mut rest = parts[3..].to_vec();
        rest.insert(2, ab);
        assert!(
            merged(&rest, "geojson") == want[0].1,
            "{corpus}: tree merge"
        );
    }
}

/// The places' contexts, forms and reasons do not depend on the order of
/// the documents (before, the first five mentions in input order were
/// kept, so a split changed them).
#[test]
fn map_output_is_independent_of_document_order() {
    let dir = TestDir::new();
    let docs: Vec<String> = (1..=8)
        .map(|i| {
            format!(
                "{{\"id\":\"doc-{i}\",\"text\":\"Report {i}: shelling hit Idlib again, said people in Aleppo.\"}}\n"
            )
        })
        .collect();
    let forward = dir.write("forward.jsonl", docs.concat());
    let backward = dir.write(
        "backward.jsonl",
        docs.iter().rev().cloned().collect::<String>(),
    );
    let a = run(&["map", "-q", forward.to_str().unwrap()]).ok();
    let b = run(&["map", "-q", backward.to_str().unwrap()]).ok();
    assert_eq!(a.stdout, b.stdout);
    let fc = a.json();
    let idlib = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Idlib")
        .expect("Idlib mapped");
    let contexts = idlib["properties"]["contexts"].as_array().unwrap();
    assert_eq!(contexts.len(), 5);
    // The five first by document id in natural order: doc-1 .. doc-5.
    for (i, c) in contexts.iter().enumerate() {
        assert!(
            c.as_str().unwrap().contains(&format!("Report {}:", i + 1)),
            "{c}"
        );
    }
}

#[test]
fn merge_errors_name_the_file_and_line() {
    let dir = TestDir::new();
    let doc = dir.write("a.txt", "Shelling hit Idlib.");
    let part = dir.join("a.partial");
    let p = part.to_str().unwrap();
    run(&[
        "map",
        "-q",
        doc.to_str().unwrap(),
        "--format",
        "partial",
        "-o",
        p,
    ])
    .ok();
    let mut text = std::fs::read_to_string(&part).unwrap();
    text.push_str("{\"table\":\"all\"}\n");
    let lines = text.lines().count();
    let bad = dir.write("bad.partial", text);
    let r = run_in(dir.path(), &["merge", p, bad.to_str().unwrap()], None);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("bad.partial") && r.stderr.contains(&format!("{lines}")),
        "{}",
        r.stderr
    );
    // A text file is not a partial result.
    let r = run_in(dir.path(), &["merge", doc.to_str().unwrap()], None);
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.contains("a.txt") && r.stderr.contains("not a partial"),
        "{}",
        r.stderr
    );
    // Parts mapped with and without --demonyms do not mix.
    let dem = dir.join("d.partial");
    let d = dem.to_str().unwrap();
    run(&[
        "map",
        "-q",
        doc.to_str().unwrap(),
        "--demonyms",
        "--format",
        "partial",
        "-o",
        d,
    ])
    .ok();
    let r = run_in(dir.path(), &["merge", p, d], None);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("--demonyms"), "{}", r.stderr);
    // Per-mention formats need the documents.
    let r = run_in(dir.path(), &["merge", p, "--format", "mentions"], None);
    assert_eq!(r.status, 2, "{}", r.stderr);
}
