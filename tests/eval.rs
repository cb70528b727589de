//! `geomention eval`: the seed corpus from `../shared`, and a small
//! hand-made gold file whose numbers are worked out by hand.

use serde_json::Value;

use crate::util::{TestDir, run, run_in};

/// Two documents: the first has a hit resolved right, a hit resolved
/// wrong (the gold puts the second "Damascus" in Oregon), a miss
/// ("Xqzvillia" is in no gazetteer), a false positive ("Ankara" is not in
/// the gold) and a prediction on an `ignore` row ("Beirut"). The second
/// has a curly quote and dashes before its place, so byte and code point
/// offsets differ.
const DOCS: &str = concat!(
    r#"{"id": "t1", "text": "Damascus officials met envoys from Ankara and Beirut near Xqzvillia; in the evening Damascus was quiet."}"#,
    "\n",
    r#"{"id": "t2", "text": "“Ceasefire” — said a spokesman — held in Aleppo."}"#,
    "\n",
);

const GOLD: &str = concat!(
    r#"{"doc": "t1", "start": 0, "end": 8, "text": "Damascus", "class": "toponym", "expected": {"name": "Damascus", "lat": 33.51, "lon": 36.29, "tolerance_km": 50}}"#,
    "\n",
    r#"{"doc": "t1", "start": 46, "end": 52, "text": "Beirut", "class": "ignore"}"#,
    "\n",
    r#"{"doc": "t1", "start": 58, "end": 67, "text": "Xqzvillia", "class": "toponym", "expected": {"name": "Xqzvillia", "lat": 10.0, "lon": 10.0, "tolerance_km": 50}}"#,
    "\n",
    r#"{"doc": "t1", "start": 84, "end": 92, "text": "Damascus", "class": "toponym", "expected": {"name": "Damascus, Oregon", "lat": 45.42, "lon": -122.46, "tolerance_km": 20}}"#,
    "\n",
    r#"{"doc": "t2", "start": 41, "end": 47, "text": "Aleppo", "class": "toponym", "expected": {"name": "Aleppo", "lat": 36.2, "lon": 37.16, "tolerance_km": 50}}"#,
    "\n",
);

fn setup() -> TestDir {
    let dir = TestDir::new();
    dir.write("docs.jsonl", DOCS);
    dir.write("gold.jsonl", GOLD);
    dir
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn hand_made_gold_numbers() {
    let dir = setup();
    let r = run_in(
        dir.path(),
        &["eval", "--gold", "gold.jsonl", "docs.jsonl", "--json", "-"],
        None,
    )
    .ok();
    let v = r.json();
    let t = &v["toponyms"];
    assert_eq!(t["gold"], 4, "{v:#}");
    assert_eq!(t["predicted"], 4);
    assert_eq!(t["true_positives"], 3);
    assert_eq!(t["false_positives"], 1);
    assert_eq!(t["false_negatives"], 1);
    assert_eq!(f(&t["precision"]), 0.75);
    assert_eq!(f(&t["recall"]), 0.75);
    assert_eq!(v["toponyms_exact"]["true_positives"], 3);
    assert_eq!(v["not_counted"], 1);
    assert_eq!(v["not_place_hits"], 0);
    let res = &v["resolution"];
    assert_eq!(res["gold_with_coordinates"], 4);
    assert_eq!(res["scored"], 3);
    assert_eq!(res["correct"], 2);
    assert_eq!(res["wrong"], 1);
    assert_eq!(f(&res["accuracy"]), 0.6667);
    assert_eq!(f(&res["end_to_end"]), 0.5);
    assert!(v["demonyms"].is_null());
    let d = &v["per_document"][0];
    assert_eq!(d["misses"][0]["text"], "Xqzvillia");
    assert_eq!(d["false_positives"][0]["text"], "Ankara");
    assert_eq!(d["false_positives"][0]["place_name"], "Ankara");
    let w = &d["wrong_resolutions"][0];
    assert_eq!(
        (w["start"].as_u64(), w["expected_name"].as_str()),
        (Some(84), Some("Damascus, Oregon"))
    );
    assert!(f(&w["error_km"]) > 10_000.0, "{w}");
    let d2 = &v["per_document"][1];
    assert_eq!(
        (d2["doc"].as_str(), d2["true_positives"].as_u64()),
        (Some("t2"), Some(1))
    );
    assert_eq!(v["frequent_false_positives"][0]["text"], "Ankara");

    // The text report says the same.
    let r = run_in(
        dir.path(),
        &["eval", "--gold", "gold.jsonl", "docs.jsonl"],
        None,
    )
    .ok();
    for want in [
        "overlap      P 0.7500  R 0.7500  F1 0.7500  (TP 3, FP 1, FN 1)",
        "Resolution: 2 of 3 found gold toponyms",
        "t1: gold 3, TP 2, FN 1, FP 1, wrong 1",
        "  - 58..67 \"Xqzvillia\"",
        "  + 35..41 \"Ankara\" -> Ankara [",
        "  ~ 84..92 \"Damascus\": expected Damascus, Oregon, got Damascus [",
    ] {
        assert!(
            r.stdout.contains(want),
            "missing {want:?} in:\n{}",
            r.stdout
        );
    }
    assert!(
        !r.stdout.contains("t2:"),
        "t2 has nothing to report:\n{}",
        r.stdout
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn json_file_is_written_atomically_and_not_overwritten() {
    let dir = setup();
    let args = [
        "eval",
        "--gold",
        "gold.jsonl",
        "docs.jsonl",
        "--json",
        "report.json",
    ];
    let r = run_in(dir.path(), &args, None).ok();
    assert!(r.stdout.contains("Toponyms: 4 gold"), "{}", r.stdout);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["toponyms"]["true_positives"], 3);
    let r = run_in(dir.path(), &args, None);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("-f/--force"), "{}", r.stderr);
    let mut forced = args.to_vec();
    forced.push("-f");
    run_in(dir.path(), &forced, None).ok();
    let r = run_in(
        dir.path(),
        &["eval", "--gold", "gold.jsonl", "docs.jsonl", "-f"],
        None,
    );
    assert_eq!(r.status, 2, "{}", r.stderr);
}

#[test]
fn bad_gold_rows_name_file_and_line() {
    let dir = setup();
    let lines: Vec<&str> = GOLD.lines().collect();
    let cases = [
        (
            format!("{}\n{{oops\n", lines[0]),
            "gold.jsonl:2: not a gold row",
        ),
        (
            format!("{}\n{}\n", lines[0], lines[1].replace("\"t1\"", "\"t9\"")),
            "gold.jsonl:2: document \"t9\" is not among the documents",
        ),
        (
            lines[4].replace("\"start\": 41, \"end\": 47", "\"start\": 41, \"end\": 480"),
            "gold.jsonl:1: offsets 41..480 are beyond the end of document \"t2\" (48 characters)",
        ),
    ];
    for (gold, want) in cases {
        dir.write("gold.jsonl", gold);
        let r = run_in(
            dir.path(),
            &["eval", "--gold", "gold.jsonl", "docs.jsonl"],
            None,
        );
        assert_eq!(r.status, 1, "{want}: {}", r.stderr);
        assert!(r.stderr.contains(want), "want {want:?}, got:\n{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn text_mismatch_is_a_warning() {
    let dir = setup();
    dir.write(
        "gold.jsonl",
        GOLD.replace("\"text\": \"Aleppo\"", "\"text\": \"Alepo\""),
    );
    let r = run_in(
        dir.path(),
        &["eval", "--gold", "gold.jsonl", "docs.jsonl"],
        None,
    )
    .ok();
    assert!(
        r.stderr.contains(
            "warning: gold.jsonl:5: gold text \"Alepo\" differs from the document text \"Aleppo\""
        ),
        "{}",
        r.stderr
    );
    let r = run_in(
        dir.path(),
        &["eval", "-q", "--gold", "gold.jsonl", "docs.jsonl"],
        None,
    )
    .ok();
    assert_eq!(r.stderr, "");
}

#[test]
fn seed_corpus_scores_are_sane() {
    let shared = shared_or_skip!();
    let seed = shared.join("eval/seed");
    let gold = seed.join("gold.jsonl");
    let docs = seed.join("docs.jsonl");
    let (gold, docs) = (gold.to_str().unwrap(), docs.to_str().unwrap());
    let v = run(&["eval", "--gold", gold, docs, "--json", "-"])
        .ok()
        .json();
    for key in [
        "toponyms",
        "toponyms_exact",
        "resolution",
        "demonyms",
        "per_document",
    ] {
        assert!(!v[key].is_null(), "no {key} in report");
    }
    for x in [
        &v["toponyms"]["recall"],
        &v["toponyms"]["precision"],
        &v["toponyms_exact"]["recall"],
        &v["resolution"]["accuracy"],
        &v["demonyms"]["recall"],
    ] {
        let x = f(x);
        assert!((0.0..=1.0).contains(&x), "{x}");
    }
    assert_eq!(v["documents"], 1);
    assert_eq!(v["toponyms"]["gold"], 65);
    assert_eq!(v["demonyms"]["gold"], 46);
    assert_eq!(v["per_document"][0]["doc"], "idlib-tensions-2020");
    let r = run(&["eval", "--gold", gold, docs]).ok();
    for want in [
        "Toponyms: 65 gold",
        "exact span",
        "Resolution:",
        "Demonyms: 46 gold",
    ] {
        assert!(
            r.stdout.contains(want),
            "missing {want:?} in:\n{}",
            r.stdout
        );
    }
}
