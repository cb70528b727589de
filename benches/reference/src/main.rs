//! Reference matcher for `scripts/bench_corpus.sh` (the baseline of
//! /work/shared/bench/README.md, rebuilt on this machine in the same
//! session).
//!
//! Usage: `geomention-bench-reference NAMES.txt CORPUS.txt`
//!
//! Builds one aho-corasick automaton (leftmost-longest, case-sensitive) over
//! every line of NAMES.txt, searches CORPUS.txt on one thread, keeps the
//! matches with a word boundary on both sides (the neighbouring characters
//! are not alphanumeric or `_`), and counts matches per name. Prints to
//! standard output tab-separated `key value` lines: `build_s`, `match_s`,
//! `bytes`, `names`, `matches`, `distinct_names`.

use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [names_path, corpus_path] = args.as_slice() else {
        return Err("usage: geomention-bench-reference NAMES.txt CORPUS.txt".into());
    };

    let t = Instant::now();
    let names_text = std::fs::read_to_string(names_path)?;
    let names: Vec<&str> = names_text.lines().filter(|l| !l.is_empty()).collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)?;
    let build_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let corpus = std::fs::read_to_string(corpus_path)?;
    let mut counts = vec![0u64; names.len()];
    for m in ac.find_iter(&corpus) {
        let before = corpus[..m.start()].chars().next_back();
        let after = corpus[m.end()..].chars().next();
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            continue;
        }
        counts[m.pattern().as_usize()] += 1;
    }
    let match_s = t.elapsed().as_secs_f64();

    let matches: u64 = counts.iter().sum();
    let distinct = counts.iter().filter(|&&c| c > 0).count();
    println!("build_s\t{build_s:.3}");
    println!("match_s\t{match_s:.3}");
    println!("bytes\t{}", corpus.len());
    println!("names\t{}", names.len());
    println!("matches\t{matches}");
    println!("distinct_names\t{distinct}");
    Ok(())
}
