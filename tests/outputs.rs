//! The output formats and their flags: the GeoJSON contract of
//! `../shared/OUTPUT.md` on every feature, `--split-geometry`,
//! `--as-points`, `--format geojsonseq` (and `--rs`), `csv`, `mentions-csv`,
//! `html` (escaping and offline), `--simplestyle` and `--precision`.
//! Inputs are sentences written for these tests.

use std::path::Path;

use serde_json::Value;

use crate::util::{TestDir, run_in};

/// Points (Idlib city, Ankara, Moscow), a line (the M4) and polygons
/// (Hatay, Turkey, Syria, Russia), a demonym, and markup that must never
/// run in the HTML map.
const TEXT: &str = "Artillery fire hit villages south of Idlib city on Tuesday, and \
traffic on the M4 highway stopped for hours. Officials in Ankara said Turkey would send \
more troops to Hatay province, while Moscow said Russia wanted a ceasefire in Syria. \
The Syrian army did not comment <script>alert(1)</script> on the shelling in Idlib.";

/// Runs `geomention map` on [`TEXT`] (as `article.txt` in `dir`).
fn map(dir: &TestDir, args: &[&str]) -> crate::util::Run {
    dir.write("article.txt", TEXT);
    let mut a = vec!["map", "article.txt"];
    a.extend_from_slice(args);
    run_in(dir.path(), &a, None)
}

fn read_json(p: &Path) -> Value {
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn positions<'a>(v: &'a Value, out: &mut Vec<&'a Vec<Value>>) {
    if let Value::Array(a) = v {
        if a.len() >= 2 && a.iter().all(Value::is_number) {
            out.push(a);
        } else {
            for x in a {
                positions(x, out);
            }
        }
    }
}

/// Decimal places of a JSON number as written.
fn decimals(n: &Value) -> usize {
    let s = n.to_string();
    s.split_once('.').map_or(0, |(_, d)| d.len())
}

fn signed_area2(ring: &[Value]) -> f64 {
    let p: Vec<(f64, f64)> = ring
        .iter()
        .map(|q| (q[0].as_f64().unwrap(), q[1].as_f64().unwrap()))
        .collect();
    p.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

fn polygons(g: &Value) -> Vec<&Vec<Value>> {
    match g["type"].as_str().unwrap() {
        "Polygon" => vec![g["coordinates"].as_array().unwrap()],
        "MultiPolygon" => g["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_array().unwrap())
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks the OUTPUT.md rules on a list of features and returns their
/// property keys.
fn check_features(features: &[Value], precision: usize) -> Vec<String> {
    assert!(!features.is_empty(), "no features");
    let keys: Vec<String> = features[0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for (i, f) in features.iter().enumerate() {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["id"], i as u64 + 1, "ids are 1..N");
        let props = f["properties"].as_object().unwrap();
        let these: Vec<&String> = props.keys().collect();
        assert_eq!(
            these,
            keys.iter().collect::<Vec<_>>(),
            "same keys in the same order"
        );
        for (k, v) in props {
            let first = &features[0]["properties"][k];
            assert_eq!(json_type(v), json_type(first), "one JSON type for {k}");
            assert_ne!(json_type(v), "object", "{k} is a nested object");
            assert_ne!(json_type(v), "null", "{k} is null");
        }
        assert!(!props.contains_key("id"), "no property named id");
        assert_eq!(json_type(&props["count"]), "integer");
        let contexts = props["contexts"].as_array().unwrap();
        assert!(!contexts.is_empty() && contexts.iter().all(Value::is_string));
        let g = &f["geometry"];
        assert!(g.is_object(), "null geometry");
        assert_ne!(g["type"], "GeometryCollection");
        let mut ps = Vec::new();
        positions(&g["coordinates"], &mut ps);
        assert!(!ps.is_empty());
        for p in ps {
            assert_eq!(p.len(), 2);
            for c in p {
                assert!(
                    decimals(c) <= precision,
                    "{c} has more than {precision} decimals"
                );
            }
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!(lon.abs() <= 180.0 && lat.abs() <= 90.0);
        }
        for poly in polygons(g) {
            for (i, ring) in poly.iter().enumerate() {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4, "ring with fewer than 4 positions");
                assert_eq!(ring.first(), ring.last(), "ring not closed");
                let a = signed_area2(ring);
                if i == 0 {
                    assert!(a > 0.0, "exterior ring not counter-clockwise");
                } else {
                    assert!(a < 0.0, "hole not clockwise");
                }
            }
        }
    }
    keys
}

#[test]
fn geojson_follows_the_output_contract() {
    let dir = TestDir::new();
    let fc = map(&dir, &["--demonyms"]).ok().json();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["name"], "geomention");
    let features = fc["features"].as_array().unwrap();
    let keys = check_features(features, 6);
    assert!(keys.contains(&"demonym_count".to_string()));
    let types: Vec<&str> = features
        .iter()
        .map(|f| f["geometry"]["type"].as_str().unwrap())
        .collect();
    for t in ["Point", "LineString"] {
        assert!(types.contains(&t), "no {t} in {types:?}");
    }
    assert!(types.iter().any(|t| t.ends_with("Polygon")));
}

#[test]
fn precision_applies_to_every_format() {
    let dir = TestDir::new();
    let fc = map(&dir, &["--precision", "2"]).ok().json();
    check_features(fc["features"].as_array().unwrap(), 2);

    let seq = map(&dir, &["--format", "geojsonseq", "--precision", "2"]).ok();
    check_features(&seq.jsonl(), 2);

    let pts = map(&dir, &["--as-points", "--precision", "1"]).ok().json();
    check_features(pts["features"].as_array().unwrap(), 1);

    for m in map(&dir, &["--format", "mentions", "--precision", "2"])
        .ok()
        .jsonl()
    {
        for k in ["lat", "lon"] {
            assert!(decimals(&m[k]) <= 2, "{k} = {}", m[k]);
        }
        for b in m["bbox"].as_array().unwrap() {
            assert!(decimals(b) <= 2);
        }
    }

    let csv = map(&dir, &["--format", "csv", "--precision", "2"]).ok();
    let mut rdr = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    for row in rdr.records() {
        let row = row.unwrap();
        for n in ["lon", "lat"] {
            let v = &row[col(n)];
            assert!(v.split_once('.').is_none_or(|(_, d)| d.len() <= 2), "{v}");
        }
        let wkt = &row[col("WKT")];
        for num in wkt.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
            assert!(
                num.split_once('.').is_none_or(|(_, d)| d.len() <= 2),
                "{num} in WKT"
            );
        }
    }

    let html = map(&dir, &["--format", "html", "--precision", "2"]).ok();
    let data = html_data(&html.stdout);
    for p in data["places"].as_array().unwrap() {
        let mut ps = Vec::new();
        positions(&p["geometry"]["coordinates"], &mut ps);
        positions(&p["point"], &mut ps);
        for c in ps.into_iter().flatten() {
            assert!(decimals(c) <= 2, "{c} in the HTML data");
        }
    }
}

#[test]
fn split_geometry_writes_one_file_per_family() {
    let dir = TestDir::new();
    let r = map(&dir, &["-o", "out.geojson", "--split-geometry"]).ok();
    assert!(r.stdout.is_empty(), "data goes to the files");
    assert!(!dir.join("out.geojson").exists());
    let whole = map(&dir, &[]).ok().json();
    let total = whole["features"].as_array().unwrap().len();
    let mut seen = 0;
    let mut schema: Option<Vec<String>> = None;
    for (family, types) in [
        ("points", &["Point", "MultiPoint"][..]),
        ("lines", &["LineString", "MultiLineString"][..]),
        ("polygons", &["Polygon", "MultiPolygon"][..]),
    ] {
        let p = dir.join(&format!("out.{family}.geojson"));
        let fc = read_json(&p);
        assert_eq!(fc["type"], "FeatureCollection");
        assert_eq!(fc["name"], format!("out_{family}"));
        let features = fc["features"].as_array().unwrap();
        let keys = check_features(features, 6);
        match &schema {
            Some(s) => assert_eq!(&keys, s, "same property schema in every file"),
            None => schema = Some(keys),
        }
        let mut kinds: Vec<&str> = features
            .iter()
            .map(|f| f["geometry"]["type"].as_str().unwrap())
            .collect();
        kinds.dedup();
        assert_eq!(kinds.len(), 1, "one geometry type per file: {kinds:?}");
        assert!(types.contains(&kinds[0]), "{family}: {kinds:?}");
        seen += features.len();
    }
    assert_eq!(seen, total, "every place is in exactly one file");
    assert!(r.stderr.contains("out.points.geojson"));
}

#[test]
fn split_geometry_refuses_to_overwrite_without_force() {
    let dir = TestDir::new();
    dir.write("out.lines.geojson", "keep me");
    let r = map(&dir, &["-o", "out.geojson", "--split-geometry"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("out.lines.geojson"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("out.lines.geojson")).unwrap(),
        "keep me"
    );
    assert!(
        !dir.join("out.points.geojson").exists(),
        "nothing is written when one file would be overwritten"
    );
    map(&dir, &["-o", "out.geojson", "--split-geometry", "-f"]).ok();
    let fc = read_json(&dir.join("out.lines.geojson"));
    assert_eq!(fc["features"][0]["properties"]["kind"], "road");
    assert!(dir.join("out.points.geojson").exists());
}

#[test]
fn split_geometry_removes_the_stale_files_of_an_earlier_run() {
    let dir = TestDir::new();
    map(&dir, &["-o", "out.geojson", "--split-geometry"]).ok();
    assert!(dir.join("out.lines.geojson").exists());
    // A text with towns only: no lines, no polygons this time. (The points
    // file goes, so that only the stale files stand in the way.)
    std::fs::remove_file(dir.join("out.points.geojson")).unwrap();
    dir.write("towns.txt", "Shelling hit Saraqib and Kafr Nabl overnight.");
    let args = ["map", "towns.txt", "-o", "out.geojson", "--split-geometry"];
    let r = run_in(dir.path(), &args, None);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("earlier run"), "{}", r.stderr);
    assert!(
        dir.join("out.lines.geojson").exists(),
        "nothing removed without -f"
    );
    assert!(
        !dir.join("out.points.geojson").exists(),
        "nothing written without -f"
    );
    let mut forced = args.to_vec();
    forced.push("-f");
    let r = run_in(dir.path(), &forced, None);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("removed"), "{}", r.stderr);
    assert!(!dir.join("out.lines.geojson").exists());
    assert!(!dir.join("out.polygons.geojson").exists());
    let fc = read_json(&dir.join("out.points.geojson"));
    assert_eq!(fc["features"].as_array().unwrap().len(), 2);
}

#[test]
fn split_geometry_usage_errors() {
    let dir = TestDir::new();
    for args in [
        &["--split-geometry"][..],
        &["--split-geometry", "-o", "x.csv", "--format", "csv"][..],
        &["--split-geometry", "--as-points", "-o", "x.geojson"][..],
    ] {
        let r = map(&dir, args);
        assert_eq!(r.status, 2, "{args:?}: {}", r.stderr);
    }
}

/// Ray casting, for checking representative points.
fn inside(p: (f64, f64), poly: &[Value]) -> bool {
    let ring_in = |r: &Value| {
        let r: Vec<(f64, f64)> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|q| (q[0].as_f64().unwrap(), q[1].as_f64().unwrap()))
            .collect();
        let mut c = false;
        for w in r.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
                c = !c;
            }
        }
        c
    };
    ring_in(&poly[0]) && !poly[1..].iter().any(ring_in)
}

fn near_line(p: (f64, f64), line: &[Value], tol: f64) -> bool {
    let l: Vec<(f64, f64)> = line
        .iter()
        .map(|q| (q[0].as_f64().unwrap(), q[1].as_f64().unwrap()))
        .collect();
    l.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
        ((qx - p.0).powi(2) + (qy - p.1).powi(2)).sqrt() < tol
    })
}

#[test]
fn as_points_gives_one_point_inside_each_shape() {
    let dir = TestDir::new();
    let whole = map(&dir, &[]).ok().json();
    let pts = map(&dir, &["--as-points"]).ok().json();
    let (wf, pf) = (
        whole["features"].as_array().unwrap(),
        pts["features"].as_array().unwrap(),
    );
    assert_eq!(wf.len(), pf.len(), "one point per place");
    check_features(pf, 6);
    for (w, p) in wf.iter().zip(pf) {
        assert_eq!(w["properties"], p["properties"], "same properties");
        assert_eq!(p["geometry"]["type"], "Point");
        let c = &p["geometry"]["coordinates"];
        let pt = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        let g = &w["geometry"];
        let name = &w["properties"]["name"];
        match g["type"].as_str().unwrap() {
            "Point" => assert_eq!(&g["coordinates"], c),
            "LineString" => {
                assert!(
                    near_line(pt, g["coordinates"].as_array().unwrap(), 1e-5),
                    "{name}: {pt:?} is not on the line"
                )
            }
            _ => {
                let polys = polygons(g);
                assert!(!polys.is_empty());
                assert!(
                    polys.iter().any(|poly| inside(pt, poly)),
                    "{name}: {pt:?} is not inside"
                );
            }
        }
    }
}

#[test]
fn geojsonseq_has_one_feature_per_line() {
    let dir = TestDir::new();
    let whole = map(&dir, &[]).ok().json();
    let r = map(&dir, &["--format", "geojsonseq"]).ok();
    assert!(!r.stdout.contains('\u{1e}'));
    assert!(r.stdout.ends_with('\n'));
    let lines = r.jsonl();
    assert_eq!(&Value::Array(lines.clone()), &whole["features"]);
    check_features(&lines, 6);
}

#[test]
fn geojsonseq_rs_prefixes_every_line() {
    let dir = TestDir::new();
    let r = map(&dir, &["--format", "geojsonseq", "--rs"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(!lines.is_empty());
    for l in lines {
        let body = l.strip_prefix('\u{1e}').expect("line starts with RS");
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["type"], "Feature");
    }
    assert_eq!(map(&dir, &["--rs"]).status, 2, "--rs needs geojsonseq");
}

#[test]
fn csv_has_the_geojson_properties_plus_lon_lat_wkt() {
    let dir = TestDir::new();
    let fc = map(&dir, &["--demonyms"]).ok().json();
    let features = fc["features"].as_array().unwrap();
    let r = map(&dir, &["--format", "csv", "--demonyms"]).ok();
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut want: Vec<String> = features[0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    want.extend(["lon", "lat", "WKT"].map(String::from));
    assert_eq!(header, want);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), features.len(), "one row per place");
    for (row, f) in rows.iter().zip(features) {
        let p = &f["properties"];
        assert_eq!(&row[0], p["place_id"].as_str().unwrap());
        let ci = header.iter().position(|h| h == "count").unwrap();
        assert_eq!(
            row[ci].parse::<u64>().unwrap(),
            p["count"].as_u64().unwrap()
        );
        let xi = header.iter().position(|h| h == "contexts").unwrap();
        let joined: Vec<&str> = p["contexts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(&row[xi], joined.join(" | "));
        let wkt = &row[header.len() - 1];
        let t = f["geometry"]["type"].as_str().unwrap().to_ascii_uppercase();
        assert!(wkt.starts_with(&format!("{t} (")), "{wkt} for {t}");
        let lon: f64 = row[header.len() - 3].parse().unwrap();
        let lat: f64 = row[header.len() - 2].parse().unwrap();
        assert!(lon.abs() <= 180.0 && lat.abs() <= 90.0);
    }
}

#[test]
fn csv_file_gets_gdal_sidecars_and_refuses_to_overwrite_them() {
    let dir = TestDir::new();
    map(&dir, &["--format", "csv", "-o", "places.csv"]).ok();
    let header = std::fs::read_to_string(dir.join("places.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let csvt = std::fs::read_to_string(dir.join("places.csvt")).unwrap();
    assert_eq!(
        csvt.trim_end().split(',').count(),
        header.split(',').count()
    );
    let types: Vec<&str> = csvt.trim_end().split(',').collect();
    let cols: Vec<&str> = header.split(',').collect();
    let ty = |c: &str| types[cols.iter().position(|x| *x == c).unwrap()];
    assert_eq!(ty("count"), "\"Integer\"");
    assert_eq!(ty("WKT"), "\"WKT\"");
    let prj = std::fs::read_to_string(dir.join("places.prj")).unwrap();
    assert!(prj.contains("WGS_1984"));

    std::fs::remove_file(dir.join("places.csv")).unwrap();
    std::fs::write(dir.join("places.csvt"), "mine").unwrap();
    let r = map(&dir, &["--format", "csv", "-o", "places.csv"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("places.csvt"));
    assert!(!dir.join("places.csv").exists(), "nothing written");
    assert_eq!(
        std::fs::read_to_string(dir.join("places.csvt")).unwrap(),
        "mine"
    );
    map(&dir, &["--format", "csv", "-o", "places.csv", "-f"]).ok();
    assert!(dir.join("places.csv").exists());
}

/// A document cannot plant a spreadsheet formula in a CSV cell: the
/// context of a mention at the very start of the text begins with "=".
#[test]
fn csv_outputs_disarm_formulas() {
    let dir = TestDir::new();
    dir.write(
        "evil.txt",
        "=HYPERLINK(\"http://example.invalid\",\"Aleppo\") Aleppo was shelled.",
    );
    for format in ["csv", "mentions-csv"] {
        let r = run_in(dir.path(), &["map", "evil.txt", "--format", format], None);
        assert_eq!(r.status, 0, "{}", r.stderr);
        let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
        let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let ctx = header
            .iter()
            .position(|h| h == "contexts" || h == "context")
            .unwrap();
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert!(!rows.is_empty(), "{format}");
        for row in &rows {
            assert!(row[ctx].starts_with("'="), "{format}: {:?}", &row[ctx]);
        }
    }
    let r = run_in(
        dir.path(),
        &["coverage", "evil.txt", "--format", "csv"],
        None,
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stdout.contains(",=HYPERLINK"), "{}", r.stdout);
    assert!(r.stdout.contains("'=HYPERLINK"), "{}", r.stdout);
}

#[test]
fn mentions_csv_has_the_json_lines_fields() {
    let dir = TestDir::new();
    let jl = map(&dir, &["--format", "mentions", "--demonyms"])
        .ok()
        .jsonl();
    let r = map(&dir, &["--format", "mentions-csv", "--demonyms"]).ok();
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut want: Vec<String> = Vec::new();
    for k in jl[0].as_object().unwrap().keys() {
        if k == "bbox" {
            want.extend(["bbox_west", "bbox_south", "bbox_east", "bbox_north"].map(String::from));
        } else {
            want.push(k.clone());
        }
    }
    assert_eq!(header, want);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), jl.len(), "one row per mention");
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    for (row, m) in rows.iter().zip(&jl) {
        assert_eq!(&row[col("doc")], "article.txt");
        assert_eq!(
            row[col("start")].parse::<u64>().unwrap(),
            m["start"].as_u64().unwrap()
        );
        assert_eq!(&row[col("text")], m["text"].as_str().unwrap());
        assert_eq!(&row[col("kind")], m["kind"].as_str().unwrap());
        let west = &row[col("bbox_west")];
        match m["bbox"].as_array() {
            Some(b) => assert_eq!(west.parse::<f64>().unwrap(), b[0].as_f64().unwrap()),
            None => assert_eq!(west, ""),
        }
    }
    assert!(rows.iter().any(|r| &r[col("kind")] == "demonym"));
}

#[test]
fn simplestyle_adds_the_spec_properties() {
    let dir = TestDir::new();
    let fc = map(&dir, &["--simplestyle"]).ok().json();
    let features = fc["features"].as_array().unwrap();
    let keys = check_features(features, 6);
    for k in [
        "marker-size",
        "marker-color",
        "stroke",
        "fill",
        "fill-opacity",
    ] {
        assert!(keys.iter().any(|x| x == k), "{k} missing");
    }
    for f in features {
        let p = &f["properties"];
        let size = p["marker-size"].as_str().unwrap();
        let want = match p["count"].as_u64().unwrap() {
            0 | 1 => "small",
            2..=4 => "medium",
            _ => "large",
        };
        assert_eq!(size, want);
        let colour = p["marker-color"].as_str().unwrap();
        assert!(colour.len() == 7 && colour.starts_with('#'), "{colour}");
        assert!(p["fill-opacity"].as_f64().unwrap() > 0.0);
    }
    let plain = map(&dir, &[]).ok().json();
    assert!(
        plain["features"][0]["properties"]
            .get("marker-size")
            .is_none()
    );
    assert_eq!(
        map(&dir, &["--simplestyle", "--format", "mentions"]).status,
        2
    );
}

/// The JSON embedded in an HTML map.
fn html_data(html: &str) -> Value {
    let open = "<script id=\"geomention-data\" type=\"application/json\">";
    let start = html.find(open).expect("data script") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("data is JSON")
}

#[test]
fn html_escapes_text_from_the_article() {
    let dir = TestDir::new();
    let r = map(&dir, &["--format", "html"]).ok();
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("alert(1)</script>"));
    assert!(!html.contains("<script>alert"));
    // Exactly our two scripts: the data, and Leaflet with the page's own.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    let data = html_data(html);
    let contexts: Vec<&str> = data["places"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["contexts"].as_array().unwrap())
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        contexts
            .iter()
            .any(|c| c.contains("<script>alert(1)</script>")),
        "the markup survives as text"
    );
}

/// The popups' forms and contexts while the demonym toggle is off come from
/// toponym mentions only.
#[test]
fn html_popups_without_demonyms_have_toponym_forms_only() {
    let dir = TestDir::new();
    let data = html_data(&map(&dir, &["--format", "html"]).ok().stdout);
    let syria = data["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Syria")
        .unwrap();
    assert!(
        syria["forms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "Syrian")
    );
    assert_eq!(syria["toponym_forms"], serde_json::json!(["Syria"]));
    let n = syria["toponym_contexts"].as_array().unwrap().len();
    assert_eq!(n as u64, syria["count"].as_u64().unwrap(), "{syria}");
}

#[test]
fn html_title_is_escaped() {
    let dir = TestDir::new();
    let r = map(&dir, &["--format", "html", "--name", "<b>x</b> & y"]).ok();
    assert!(
        r.stdout
            .contains("<title>&lt;b&gt;x&lt;/b&gt; &amp; y</title>")
    );
    assert!(!r.stdout.contains("<b>x</b>"));
}

#[test]
fn html_works_offline_unless_tiles_are_asked_for() {
    let dir = TestDir::new();
    let r = map(&dir, &["--format", "html", "-o", "map.html"]).ok();
    assert!(r.stdout.is_empty());
    let html = std::fs::read_to_string(dir.join("map.html")).unwrap();
    // The one script that may run is the page's own, by its hash: no
    // 'unsafe-inline' for scripts, no inline event handler.
    let open = "<script>";
    let start = html.find(open).expect("the page script") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let hash = geomention::output::html::script_hash(&html[start..end]);
    assert!(html.contains(&format!(
        "content=\"default-src &#39;none&#39;; script-src &#39;{hash}&#39;; style-src &#39;unsafe-inline&#39;; img-src data:\""
    )), "{}", &html[..600]);
    assert!(!html.contains(" onload=") && !html.contains(" onclick="));
    // Outside scripts, styles and comments (where the CSP above rules), the
    // page names no address to load.
    let mut markup = html.clone();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<!--", "-->"),
    ] {
        while let Some(s) = markup.find(open) {
            let e = s + markup[s..].find(close).unwrap() + close.len();
            markup.replace_range(s..e, "");
        }
    }
    assert!(
        !markup.contains("http:") && !markup.contains("https:"),
        "{markup}"
    );
    assert!(html_data(&html)["tiles"].is_null());
    let data = html_data(&html);
    assert!(
        data["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["demonym_count"].as_u64() > Some(0)),
        "the demonym toggle has demonym counts"
    );
    assert_eq!(data["demonyms"], false);

    let url = "https://{s}.tile.example.org/{z}/{x}/{y}.png";
    let r = map(
        &dir,
        &[
            "--format",
            "html",
            "--tiles",
            url,
            "--tiles-attribution",
            "© Example",
        ],
    )
    .ok();
    assert!(
        r.stdout
            .contains("img-src data: https://*.tile.example.org\"")
    );
    let data = html_data(&r.stdout);
    assert_eq!(data["tiles"]["url"], url);
    assert_eq!(data["tiles"]["attribution"], "© Example");
    // Leaflet shows the attribution as HTML: markup in it arrives escaped.
    let evil = "<img src=x onerror=alert(1)> & co";
    let r = map(
        &dir,
        &[
            "--format",
            "html",
            "--tiles",
            url,
            "--tiles-attribution",
            evil,
        ],
    )
    .ok();
    let data = html_data(&r.stdout);
    assert_eq!(
        data["tiles"]["attribution"],
        "&lt;img src=x onerror=alert(1)&gt; &amp; co"
    );

    for bad in [
        &["--format", "html", "--tiles", "file:///{z}/{x}/{y}"][..],
        &[
            "--format",
            "html",
            "--tiles",
            "https://example.org/tile.png",
        ][..],
        &["--tiles", url][..],
    ] {
        assert_eq!(map(&dir, bad).status, 2, "{bad:?}");
    }
}

#[test]
fn user_gazetteer_polygons_come_out_counter_clockwise() {
    let dir = TestDir::new();
    // Clockwise exterior ring, as some tools write them.
    dir.write(
        "mine.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature",
        "geometry":{"type":"Polygon","coordinates":[[[40,10],[40,11],[41,11],[41,10],[40,10]]]},
        "properties":{"name":"Qarnabad Province","kind":"admin1","country":"SY"}}]}"#,
    );
    dir.write(
        "a.txt",
        "Fighting spread across Qarnabad Province on Monday.",
    );
    let fc = run_in(
        dir.path(),
        &["map", "a.txt", "--gazetteer", "mine.geojson", "-q"],
        None,
    )
    .ok()
    .json();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    assert_eq!(features[0]["properties"]["name"], "Qarnabad Province");
    check_features(features, 6);
}

/// Places whose shape crosses the antimeridian get an RFC 7946 section 5.2
/// bbox (west > east) in `--format mentions` and `mentions-csv`, one that
/// holds the place's point; others keep west < east.
#[test]
fn antimeridian_bboxes_have_west_greater_than_east() {
    let dir = TestDir::new();
    dir.write(
        "am.txt",
        "Officials in Russia, the United States, Fiji and Syria met in Geneva.",
    );
    let r = run_in(dir.path(), &["map", "am.txt", "--format", "mentions"], None).ok();
    let mut seen = 0;
    for m in r.jsonl() {
        let b: Vec<f64> = m["bbox"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let lon = m["lon"].as_f64().unwrap();
        let name = m["name"].as_str().unwrap();
        if ["Russia", "United States", "Fiji"].contains(&name) {
            seen += 1;
            assert!(b[0] > b[2], "{name}: {b:?}");
            assert!(b[0] > 0.0 && b[2] < 0.0, "{name}: {b:?}");
            assert!(lon >= b[0] || lon <= b[2], "{name}: {lon} outside {b:?}");
        } else {
            assert!(b[0] <= b[2], "{name}: {b:?}");
            assert!(lon >= b[0] && lon <= b[2], "{name}: {lon} outside {b:?}");
        }
    }
    assert_eq!(seen, 3, "{}", r.stdout);
    let r = run_in(
        dir.path(),
        &["map", "am.txt", "--format", "mentions-csv"],
        None,
    )
    .ok();
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    for row in rdr.records() {
        let row = row.unwrap();
        if row[col("name")] == *"Russia" {
            let w: f64 = row[col("bbox_west")].parse().unwrap();
            let e: f64 = row[col("bbox_east")].parse().unwrap();
            assert!(w > e, "{w} {e}");
        }
    }
}

/// `--shapefile-fields`: names of at most 10 bytes, lists as JSON-array
/// text, strings of at most 254 bytes (the rest in numbered fields).
#[test]
fn shapefile_fields_fit_a_dbf() {
    let dir = TestDir::new();
    let fc = map(&dir, &["--shapefile-fields", "--demonyms"]).ok().json();
    let plain = map(&dir, &["--demonyms"]).ok().json();
    let feats = fc["features"].as_array().unwrap();
    for (f, p) in feats.iter().zip(plain["features"].as_array().unwrap()) {
        let props = f["properties"].as_object().unwrap();
        for (k, v) in props {
            assert!(k.len() <= 10, "{k}");
            assert!(!v.is_array(), "{k}");
            assert!(v.as_str().is_none_or(|s| s.len() <= 254), "{k}");
        }
        assert_eq!(props["demonym_ct"], p["properties"]["demonym_count"]);
        let forms: Value = serde_json::from_str(props["forms"].as_str().unwrap()).unwrap();
        assert_eq!(forms, p["properties"]["forms"]);
    }
    for bad in [
        &["--shapefile-fields", "--format", "csv"][..],
        &["--shapefile-fields", "--simplestyle"][..],
    ] {
        assert_eq!(map(&dir, bad).status, 2, "{bad:?}");
    }
}

/// A street the gazetteer lacks is a `facility` mention placed at the town
/// the text puts it in, counted in that town's feature; the place name
/// inside it is not a mention of its own; with no town it is not counted.
#[test]
fn streets_are_counted_at_their_town() {
    let dir = TestDir::new();
    dir.write(
        "street.txt",
        "Police closed Dufferin Street in Toronto after a fire. Later, residents of Toronto \
         gathered.",
    );
    let rows = run_in(
        dir.path(),
        &["map", "street.txt", "--format", "mentions"],
        None,
    )
    .ok()
    .jsonl();
    let street = rows
        .iter()
        .find(|r| r["kind"] == "facility")
        .expect("a facility row");
    assert_eq!(street["text"], "Dufferin Street");
    assert_eq!(street["name"], "Toronto");
    let reason = street["reason"].as_str().unwrap();
    assert!(reason.contains("the town named right after it"), "{reason}");
    assert!(rows.iter().all(|r| r["text"] != "Dufferin"), "{rows:?}");
    let fc = run_in(dir.path(), &["map", "street.txt"], None).ok().json();
    let toronto = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Toronto")
        .expect("Toronto");
    assert_eq!(toronto["properties"]["count"], 3);
    let forms = toronto["properties"]["forms"].as_array().unwrap();
    assert!(forms.contains(&Value::from("Dufferin Street")), "{forms:?}");
    dir.write("alone.txt", "Police closed Dufferin Street after a fire.");
    let rows = run_in(
        dir.path(),
        &["map", "alone.txt", "--format", "mentions"],
        None,
    )
    .ok()
    .jsonl();
    assert!(
        rows.iter()
            .all(|r| r["kind"] != "facility" && r["text"] != "Dufferin"),
        "{rows:?}"
    );
}
