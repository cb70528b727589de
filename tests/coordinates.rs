//! Coordinates written in the text (issue 13, item 2): the test set of
//! `tests/fixtures/coordinates/` (at least 95 % of the positives found,
//! each within 50 m of the written value, no look-alike taken), and the
//! `coordinate` mentions and features in every output format.

use serde_json::Value;

use crate::util::{TestDir, run_in};

fn fixture(name: &str) -> Vec<Value> {
    let p = crate::util::root()
        .join("tests/fixtures/coordinates")
        .join(name);
    let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// Great-circle distance in metres.
fn metres(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * a.sqrt().asin()
}

/// The coordinate mentions of `--format mentions` on the fixture rows.
fn coordinate_mentions(dir: &TestDir, rows: &[Value]) -> Vec<Value> {
    let docs: String = rows
        .iter()
        .map(|r| serde_json::json!({"id": r["id"], "text": r["text"]}).to_string() + "\n")
        .collect();
    dir.write("docs.jsonl", docs);
    run_in(
        dir.path(),
        &["map", "-q", "--format", "mentions", "docs.jsonl"],
        None,
    )
    .ok()
    .jsonl()
    .into_iter()
    .filter(|m| m["kind"] == "coordinate")
    .collect()
}

#[test]
#[allow(clippy::print_stderr)] // the measurement is reported (run with --nocapture)
fn test_set_recall_precision_and_error() {
    let dir = TestDir::new();
    let pos = fixture("positives.jsonl");
    let neg = fixture("lookalikes.jsonl");
    assert!(pos.len() >= 100 && neg.len() >= 50);
    let mut rows = pos.clone();
    rows.extend(neg.iter().cloned());
    let found = coordinate_mentions(&dir, &rows);
    let (mut hits, mut max_err, mut missed) = (0, 0.0f64, Vec::new());
    let mut used = vec![false; found.len()];
    for p in &pos {
        let text = p["text"].as_str().unwrap();
        let coord = p["coord"].as_str().unwrap();
        let at = text.find(coord).expect("coord in text");
        let start = text[..at].chars().count() as u64;
        let end = start + coord.chars().count() as u64;
        let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
        let hit = found.iter().enumerate().find(|(_, m)| {
            m["doc"] == p["id"]
                && m["start"].as_u64().unwrap() < end
                && start < m["end"].as_u64().unwrap()
        });
        match hit {
            Some((i, m)) => {
                used[i] = true;
                let err = metres(
                    lat,
                    lon,
                    m["lat"].as_f64().unwrap(),
                    m["lon"].as_f64().unwrap(),
                );
                assert!(
                    err <= 50.0,
                    "{}: {err:.1} m from the written value: {m}",
                    p["id"]
                );
                max_err = max_err.max(err);
                hits += 1;
            }
            None => missed.push(format!("{}: {coord}", p["id"])),
        }
    }
    let false_pos: Vec<&Value> = found
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(m, _)| m)
        .collect();
    let recall = hits as f64 / pos.len() as f64;
    eprintln!(
        "coordinates: {hits}/{} positives found (recall {recall:.3}), {} false positives, max error {max_err:.2} m; missed: {missed:?}",
        pos.len(),
        false_pos.len()
    );
    assert!(recall >= 0.95, "recall {recall:.3}; missed {missed:?}");
    assert!(false_pos.is_empty(), "false positives: {false_pos:?}");
}

const TEXT: &str = "Shelling hit Idlib. The observatory placed the impact at \
35°55′50″N 36°38′02″E, and a second strike at 35°55′50″N 36°38′02″E an hour later. \
Grid 37S BV 1234 6789 was also named.";

fn map(dir: &TestDir, args: &[&str]) -> crate::util::Run {
    dir.write("a.txt", TEXT);
    let mut a = vec!["map", "-q", "a.txt"];
    a.extend_from_slice(args);
    run_in(dir.path(), &a, None).ok()
}

#[test]
fn mentions_say_where_the_point_falls() {
    let dir = TestDir::new();
    let rows = map(&dir, &["--format", "mentions"]).jsonl();
    let coords: Vec<&Value> = rows.iter().filter(|m| m["kind"] == "coordinate").collect();
    assert_eq!(coords.len(), 3, "{rows:?}");
    let c = coords[0];
    assert_eq!(c["place_id"], "coord:35.930556,36.633889");
    assert_eq!(c["name"], "35.9306° N, 36.6339° E (Idlib, SY)");
    assert_eq!(c["country"], "SY");
    assert_eq!(c["geometry_type"], "Point");
    assert_eq!(c["text"], "35°55′50″N 36°38′02″E");
    assert!(
        c["reason"].as_str().unwrap().contains("in Idlib, SY"),
        "{c}"
    );
    // Text order: Idlib, the two coordinates, the grid reference.
    let kinds: Vec<&str> = rows.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[0], "toponym");
    assert_eq!(rows.last().unwrap()["kind"], "coordinate");
}

#[test]
fn one_point_feature_per_distinct_coordinate() {
    let dir = TestDir::new();
    let fc = map(&dir, &[]).json();
    let feats = fc["features"].as_array().unwrap();
    let coords: Vec<&Value> = feats
        .iter()
        .filter(|f| f["properties"]["kind"] == "coordinate")
        .collect();
    assert_eq!(coords.len(), 2);
    let c = coords[0];
    assert_eq!(c["geometry"]["type"], "Point");
    assert_eq!(
        c["geometry"]["coordinates"],
        serde_json::json!([36.633889, 35.930556])
    );
    assert_eq!(c["properties"]["count"], 2);
    assert_eq!(c["properties"]["admin1"], "Idlib");
    // The same keys as a place's feature, ids 1..N.
    let keys = |f: &Value| -> Vec<String> {
        f["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(keys(c), keys(&feats[0]));
    for (i, f) in feats.iter().enumerate() {
        assert_eq!(f["id"], i as u64 + 1);
    }
    let off = map(&dir, &["--no-coordinates"]).json();
    assert_eq!(off["features"].as_array().unwrap().len(), feats.len() - 2);
    // With --split-geometry they are in the points layer.
    map(&dir, &["-o", "m.geojson", "--split-geometry"]);
    let points: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("m.points.geojson")).unwrap())
            .unwrap();
    let n = points["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "coordinate")
        .count();
    assert_eq!(n, 2);
}

#[test]
fn csv_html_and_mentions_csv_carry_coordinates() {
    let dir = TestDir::new();
    let csv = map(&dir, &["--format", "csv"]).stdout;
    assert!(
        csv.lines().any(|l| l.contains("coord:35.930556,36.633889")
            && l.ends_with("POINT (36.633889 35.930556)")),
        "{csv}"
    );
    let mcsv = map(&dir, &["--format", "mentions-csv"]).stdout;
    assert_eq!(
        mcsv.lines().filter(|l| l.contains(",coordinate,")).count(),
        3,
        "{mcsv}"
    );
    let html = map(&dir, &["--format", "html"]).stdout;
    assert!(html.contains("\"kind\":\"coordinate\""));
    let seq = map(&dir, &["--format", "geojsonseq"]).stdout;
    assert_eq!(
        seq.lines().filter(|l| l.contains("\"coordinate\"")).count(),
        2
    );
}

#[test]
fn a_name_inside_a_coordinate_is_not_a_place() {
    // The square letters "UK" of this grid reference are also a country
    // code, found as the United Kingdom when coordinates are off.
    let dir = TestDir::new();
    dir.write("g.txt", "Grid 18S UK 12345 67890 was named in the report.");
    let kinds = |args: &[&str]| -> Vec<(String, String)> {
        let mut a = vec!["map", "-q", "--format", "mentions", "g.txt"];
        a.extend_from_slice(args);
        run_in(dir.path(), &a, None)
            .ok()
            .jsonl()
            .iter()
            .map(|m| {
                (
                    m["kind"].as_str().unwrap().to_string(),
                    m["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        kinds(&["--no-coordinates"]),
        [("toponym".to_string(), "UK".to_string())]
    );
    assert_eq!(
        kinds(&[]),
        [("coordinate".to_string(), "18S UK 12345 67890".to_string())]
    );
}
