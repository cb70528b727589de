//! Proof with the real clients our users open the outputs in: GDAL
//! (`ogrinfo`, `ogr2ogr`), QGIS (PyQGIS, headless), geojson.io's validator
//! (@placemarkio/check-geojson) and headless Chromium on the HTML map.
//!
//! Inputs: the seed article (`../shared/eval/seed/docs.jsonl`) and a
//! multi-document JSON Lines file of sentences written for this test.
//!
//! A missing client skips its test with "SKIPPED: <tool> not installed",
//! unless GEOMENTION_REQUIRE_CLIENTS=1, where it fails. Install the clients
//! with `.ci/install-clients.sh`; run these tests with `.ci/clients.sh`.
//! The helper scripts are in `tools/clients/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{TestDir, root, run_in};

/// Three short documents (JSON Lines), including markup that must stay
/// text in every client.
const MULTI: &str = r#"{"id": "d1", "text": "Convoys left Hatay for Idlib city as traffic on the M4 highway resumed. Ankara said Turkey would keep its posts."}
{"id": "d2", "text": "In Moscow, officials said Russia and Turkey would meet in Sochi. The Syrian government was not invited."}
{"id": "d3", "text": "A statement from Idlib <script>alert(1)</script> <img src=x onerror=alert(2)> said the M5 highway in Syria was closed."}
"#;

fn required() -> bool {
    std::env::var("GEOMENTION_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}

/// Skips the test (or fails it under GEOMENTION_REQUIRE_CLIENTS=1) when a
/// client is missing.
macro_rules! client_or_skip {
    ($tool:expr, $present:expr) => {
        if !$present {
            if required() {
                panic!(
                    "{} is required (GEOMENTION_REQUIRE_CLIENTS=1) but not installed; run .ci/install-clients.sh",
                    $tool
                );
            }
            eprintln!("SKIPPED: {} not installed", $tool);
            return;
        }
    };
}

fn runs(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn has_gdal() -> bool {
    runs("ogrinfo", &["--version"]) && runs("ogr2ogr", &["--version"])
}

/// PyQGIS for Debian's own Python (not a pyenv python3 on PATH).
const SYSTEM_PYTHON: &str = "/usr/bin/python3";

fn has_pyqgis() -> bool {
    runs(SYSTEM_PYTHON, &["-c", "import qgis.core"])
}

fn tools() -> PathBuf {
    root().join("tools").join("clients")
}

fn has_node_package(name: &str) -> bool {
    runs("node", &["--version"]) && tools().join("node_modules").join(name).is_dir()
}

const CHROMIUM: &str = "/usr/bin/chromium";

fn has_chromium() -> bool {
    Path::new(CHROMIUM).exists() && has_node_package("puppeteer-core")
}

/// Every output of one input, made once per test run in
/// `target/tmp/clients-<name>/` (left there for a look).
struct Outputs {
    dir: PathBuf,
    /// Features in the whole FeatureCollection.
    places: usize,
    /// The split files that were written, with their feature counts.
    split: Vec<(String, usize)>,
}

impl Outputs {
    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }
}

fn geomention(dir: &Path, input: &str, args: &[&str]) {
    let mut a = vec!["map", input];
    a.extend_from_slice(args);
    run_in(dir, &a, None).ok();
}

fn make_outputs(name: &str, input: &Path) -> Outputs {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("clients-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.as_path();
    let input = input.to_str().unwrap();
    geomention(d, input, &["-o", "all.geojson"]);
    geomention(d, input, &["-o", "all.geojson", "--split-geometry", "-q"]);
    geomention(d, input, &["-o", "points.geojson", "--as-points"]);
    geomention(
        d,
        input,
        &["-o", "style.geojson", "--simplestyle", "--demonyms"],
    );
    geomention(d, input, &["-o", "seq.geojsonl", "--format", "geojsonseq"]);
    geomention(
        d,
        input,
        &["-o", "seq.geojsons", "--format", "geojsonseq", "--rs"],
    );
    geomention(d, input, &["-o", "places.csv", "--format", "csv"]);
    geomention(
        d,
        input,
        &["-o", "points.csv", "--format", "csv", "--as-points"],
    );
    geomention(
        d,
        input,
        &["-o", "mentions.csv", "--format", "mentions-csv"],
    );
    geomention(d, input, &["-o", "map.html", "--format", "html"]);
    let whole: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("all.geojson")).unwrap()).unwrap();
    let places = whole["features"].as_array().unwrap().len();
    let mut split = Vec::new();
    for fam in ["points", "lines", "polygons"] {
        let name = format!("all.{fam}.geojson");
        if let Ok(s) = std::fs::read_to_string(dir.join(&name)) {
            let v: Value = serde_json::from_str(&s).unwrap();
            split.push((name, v["features"].as_array().unwrap().len()));
        }
    }
    assert!(places > 0, "no places mapped");
    Outputs { dir, places, split }
}

fn seed_outputs(shared: &Path) -> &'static Outputs {
    static SEED: OnceLock<Outputs> = OnceLock::new();
    SEED.get_or_init(|| make_outputs("seed", &shared.join("eval/seed/docs.jsonl")))
}

fn multi_outputs() -> &'static Outputs {
    static MULTI_OUT: OnceLock<Outputs> = OnceLock::new();
    MULTI_OUT.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("clients-input");
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("docs.jsonl");
        std::fs::write(&input, MULTI).unwrap();
        make_outputs("multi", &input)
    })
}

/// Runs a client; returns stdout, and fails the test on a non-zero exit.
fn client(cmd: &str, args: &[&str], envs: &[(&str, &str)]) -> (String, String) {
    let out = Command::new(cmd)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    (stdout, stderr)
}

fn ogrinfo(file: &str) -> String {
    let (out, err) = client("ogrinfo", &["-ro", "-al", "-so", file], &[]);
    assert!(!err.contains("ERROR"), "ogrinfo {file}: {err}");
    out
}

fn check_gdal(o: &Outputs) {
    for f in [
        "all.geojson",
        "points.geojson",
        "style.geojson",
        "seq.geojsonl",
        "seq.geojsons",
    ] {
        let info = ogrinfo(&o.path(f));
        assert!(
            info.contains(&format!("Feature Count: {}", o.places)),
            "{f}:\n{info}"
        );
        assert!(info.contains("count: Integer"), "{f}:\n{info}");
        assert!(info.contains("contexts: StringList"), "{f}:\n{info}");
        assert!(info.contains("forms: StringList"), "{f}:\n{info}");
        assert!(info.contains("EPSG\",4326"), "{f}: WGS 84\n{info}");
        if f.starts_with("seq") {
            assert!(info.contains("driver `GeoJSONSeq'"), "{f}:\n{info}");
        }
    }
    let points = ogrinfo(&o.path("points.geojson"));
    assert!(points.contains("Geometry: Point"), "{points}");

    assert!(!o.split.is_empty());
    for (f, n) in &o.split {
        let info = ogrinfo(&o.path(f));
        assert!(
            info.contains(&format!("Feature Count: {n}")),
            "{f}:\n{info}"
        );
        assert!(
            !info.contains("Geometry: Unknown"),
            "{f}: one geometry type per split file\n{info}"
        );
        assert!(info.contains("count: Integer"), "{f}:\n{info}");
    }

    // CSV with its .csvt/.prj sidecars: typed columns, WKT geometry, WGS 84.
    let csv = ogrinfo(&o.path("places.csv"));
    assert!(
        csv.contains(&format!("Feature Count: {}", o.places)),
        "{csv}"
    );
    assert!(csv.contains("Geometry Column = geom_WKT"), "{csv}");
    assert!(csv.contains("count: Integer"), "{csv}");
    assert!(csv.contains("Extent: ("), "{csv}");
    assert!(csv.contains("WGS 84"), "{csv}");
    // The CSV alone (as written to stdout): GDAL 3.6 still takes the column
    // named WKT as the geometry, with every field a String.
    let alone = TestDir::new();
    std::fs::copy(o.dir.join("places.csv"), alone.join("alone.csv")).unwrap();
    let bare = ogrinfo(&alone.join("alone.csv").to_string_lossy());
    assert!(bare.contains("Extent: ("), "WKT not detected:\n{bare}");
    assert!(bare.contains("count: String"), "{bare}");

    let mentions = ogrinfo(&o.path("mentions.csv"));
    assert!(mentions.contains("start: String") || mentions.contains("start: Integer"));
}

#[test]
fn clients_gdal_reads_every_format_seed() {
    let shared = shared_or_skip!();
    client_or_skip!("ogrinfo (gdal-bin)", has_gdal());
    check_gdal(seed_outputs(&shared));
}

#[test]
fn clients_gdal_reads_every_format_multi() {
    client_or_skip!("ogrinfo (gdal-bin)", has_gdal());
    let o = multi_outputs();
    check_gdal(o);
}

fn check_gpkg(o: &Outputs) {
    let gpkg = o.path("split.gpkg");
    for (f, _) in &o.split {
        let layer = f.trim_end_matches(".geojson").replace('.', "_");
        let src = o.path(f);
        let mut args = vec!["-f", "GPKG", &gpkg, &src, "-nln", &layer];
        if Path::new(&gpkg).exists() {
            args.insert(0, "-update");
        }
        let (_, err) = client("ogr2ogr", &args, &[]);
        assert!(!err.contains("ERROR"), "ogr2ogr {f}: {err}");
        // The only thing GDAL says is that GeoPackage has no string-list
        // type (forms, contexts become JSON text).
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            assert!(line.contains("StringList"), "ogr2ogr {f}: {line}");
        }
    }
    let (info, _) = client("ogrinfo", &["-ro", "-so", &gpkg], &[]);
    for (f, n) in &o.split {
        let layer = f.trim_end_matches(".geojson").replace('.', "_");
        assert!(info.contains(&layer), "{layer} missing:\n{info}");
        let (l, _) = client("ogrinfo", &["-ro", "-so", &gpkg, &layer], &[]);
        assert!(l.contains(&format!("Feature Count: {n}")), "{l}");
        assert!(l.contains("count: Integer"), "{l}");
    }
}

#[test]
fn clients_ogr2ogr_converts_split_layers_to_gpkg_seed() {
    let shared = shared_or_skip!();
    client_or_skip!("ogr2ogr (gdal-bin)", has_gdal());
    check_gpkg(seed_outputs(&shared));
}

#[test]
fn clients_ogr2ogr_converts_split_layers_to_gpkg_multi() {
    client_or_skip!("ogr2ogr (gdal-bin)", has_gdal());
    let o = multi_outputs();
    check_gpkg(o);
}

fn check_qgis(o: &Outputs) {
    let script = tools().join("check_qgis.py");
    let mut files: Vec<String> = o.split.iter().map(|(f, _)| o.path(f)).collect();
    files.push(o.path("points.geojson"));
    files.push(o.path("points.csv"));
    files.push(o.path("places.csv"));
    let mut args = vec![script.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let (out, _) = client(SYSTEM_PYTHON, &args, &[("QT_QPA_PLATFORM", "offscreen")]);
    let reports: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Each .csv is opened twice: OGR and the delimited-text provider.
    assert_eq!(reports.len(), files.len() + 2, "{out}");
    for r in &reports {
        let file = r["file"].as_str().unwrap();
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        let ogr = r["provider"] == "ogr";
        assert_eq!(r["valid"], true, "QGIS cannot open {file}: {r}");
        assert!(r["graduated_classes"].as_u64().unwrap() > 0, "{r}");
        assert_eq!(r["gpkg"]["error"], 0, "{r}");
        let crs = r["crs"].as_str().unwrap();
        assert!(crs == "EPSG:4326" || crs == "OGC:CRS84", "{r}");
        assert_eq!(
            r["count_type"],
            if ogr { "Integer" } else { "integer" },
            "{r}"
        );
        if name == "places.csv" {
            // Mixed geometry types in one CSV: OGR offers one sublayer per
            // type and the delimited-text provider keeps one type only
            // (docs/OUTPUTS.md says so; use --as-points for QGIS).
            continue;
        }
        let expected = o
            .split
            .iter()
            .find(|(f, _)| f == name)
            .map_or(o.places, |(_, n)| *n);
        assert_eq!(r["features"], expected as u64, "{r}");
        if ogr {
            assert_eq!(r["sublayers"], 1, "{file} must open as one layer: {r}");
        }
        if name.ends_with(".geojson") {
            assert_eq!(r["contexts_type"], "StringList", "{r}");
        }
        let family = r["geometry_family"].as_str().unwrap();
        let want = if name.contains("lines") {
            "Line"
        } else if name.contains("polygons") {
            "Polygon"
        } else {
            "Point"
        };
        assert_eq!(family, want, "{r}");
    }
}

#[test]
fn clients_qgis_loads_split_layers_seed() {
    let shared = shared_or_skip!();
    client_or_skip!("PyQGIS (qgis, python3-qgis)", has_pyqgis());
    check_qgis(seed_outputs(&shared));
}

#[test]
fn clients_qgis_loads_split_layers_multi() {
    client_or_skip!("PyQGIS (qgis, python3-qgis)", has_pyqgis());
    let o = multi_outputs();
    check_qgis(o);
}

fn check_geojson_io(o: &Outputs) {
    let script = tools().join("check-geojson.js");
    let mut files: Vec<String> = ["all.geojson", "points.geojson", "style.geojson"]
        .iter()
        .map(|f| o.path(f))
        .collect();
    files.extend(o.split.iter().map(|(f, _)| o.path(f)));
    files.push("--lines".into());
    files.push(o.path("seq.geojsonl"));
    files.push(o.path("seq.geojsons"));
    let mut args = vec![script.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let (out, _) = client("node", &args, &[]);
    let n = out.lines().count();
    assert_eq!(n, files.len() - 1, "{out}");
    for l in out.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["issues"], serde_json::json!([]), "{l}");
    }
}

#[test]
fn clients_check_geojson_reports_no_issues_seed() {
    let shared = shared_or_skip!();
    client_or_skip!(
        "@placemarkio/check-geojson (npm ci in tools/clients)",
        has_node_package("@placemarkio/check-geojson")
    );
    check_geojson_io(seed_outputs(&shared));
}

#[test]
fn clients_check_geojson_reports_no_issues_multi() {
    client_or_skip!(
        "@placemarkio/check-geojson (npm ci in tools/clients)",
        has_node_package("@placemarkio/check-geojson")
    );
    let o = multi_outputs();
    check_geojson_io(o);
}

/// Opens the map in headless Chromium; returns the page report.
fn open_map(o: &Outputs, screenshot: &Path, all_popups: bool) -> Value {
    let script = tools().join("check-map.js");
    let map = o.path("map.html");
    let mut args = vec![script.to_str().unwrap(), &map, screenshot.to_str().unwrap()];
    if all_popups {
        args.push("--all-popups");
    }
    let (out, _) = client("node", &args, &[("CHROMIUM", CHROMIUM)]);
    let r: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(r["ready"], true, "{r}");
    assert_eq!(r["errors"], serde_json::json!([]), "page errors: {r}");
    assert_eq!(r["dialogs"], serde_json::json!([]), "a dialog opened: {r}");
    assert_eq!(
        r["requests"],
        serde_json::json!([]),
        "network requests: {r}"
    );
    let png = std::fs::read(screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    r
}

fn toponym_places(o: &Outputs) -> u64 {
    o.places as u64
}

#[test]
fn clients_chromium_shows_the_seed_map() {
    let shared = shared_or_skip!();
    client_or_skip!(
        "chromium (+ puppeteer-core in tools/clients)",
        has_chromium()
    );
    let o = seed_outputs(&shared);
    // Kept for a look: target/tmp/seed-map.png.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seed-map.png");
    let r = open_map(o, &shot, false);
    let n = toponym_places(o);
    assert_eq!(r["places"], n, "{r}");
    assert_eq!(r["shapes"], n, "one marker or shape per place: {r}");
    assert_eq!(r["items"], n, "one list entry per place: {r}");
    let popup = r["popup"].as_str().expect("a popup opened on click");
    assert!(popup.contains("Mentions: "), "{popup}");
    let first = r["names"][0].as_str().unwrap();
    let list_popup = r["listPopup"].as_str().unwrap();
    assert!(list_popup.starts_with(first), "{first} / {list_popup}");
    // The seed article names peoples ("Turkish", "Syrian"): turning
    // demonyms on shows at least as many places.
    assert!(r["demonymsToggled"].as_u64() >= Some(n), "{r}");
}

#[test]
fn clients_chromium_runs_no_script_from_the_text() {
    client_or_skip!(
        "chromium (+ puppeteer-core in tools/clients)",
        has_chromium()
    );
    let o = multi_outputs();
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("multi-map.png");
    let r = open_map(o, &shot, true);
    assert_eq!(r["shapes"], toponym_places(o), "{r}");
    // Every popup was opened; open_map checked that no alert() dialog
    // opened and that the <img src=x> in the text caused no request. The
    // markup shows as text.
    let popups = r["popups"].as_array().unwrap();
    assert_eq!(popups.len() as u64, toponym_places(o));
    let distinct: std::collections::HashSet<&str> =
        popups.iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(
        distinct.len(),
        popups.len(),
        "each place's own popup: {popups:?}"
    );
    assert!(
        popups
            .iter()
            .any(|p| p.as_str().unwrap().contains("<script>alert(1)</script>")),
        "{popups:?}"
    );
    // The demonym toggle is off: no popup lists a demonym form ("The
    // Syrian government" is a demonym mention of Syria).
    let forms = r["forms"].as_array().unwrap();
    assert!(
        forms
            .iter()
            .any(|f| f.as_str().is_some_and(|f| f.contains("Syria"))),
        "{forms:?}"
    );
    assert!(
        !forms
            .iter()
            .any(|f| f.as_str().is_some_and(|f| f.contains("Syrian"))),
        "{forms:?}"
    );
}

/// Runs check-map.js on a page made from `text` with `args`; returns the
/// report (not checked).
fn map_report(name: &str, text: &str, args: &[&str]) -> Value {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("clients-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.txt"), text).unwrap();
    let mut a = vec!["-o", "map.html", "--format", "html"];
    a.extend_from_slice(args);
    geomention(&dir, "in.txt", &a);
    let script = tools().join("check-map.js");
    let map = dir.join("map.html");
    let shot = dir.join("map.png");
    let args = [
        script.to_str().unwrap(),
        map.to_str().unwrap(),
        shot.to_str().unwrap(),
        "--all-popups",
    ];
    let (out, _) = client("node", &args, &[("CHROMIUM", CHROMIUM)]);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `--tiles-attribution` markup shows as text and never runs: escaped, and
/// the page's policy allows only its own script (by hash).
#[test]
fn clients_chromium_runs_no_script_from_the_tiles_attribution() {
    client_or_skip!(
        "chromium (+ puppeteer-core in tools/clients)",
        has_chromium()
    );
    let evil = "<img src=x onerror=alert(document.domain)>";
    let r = map_report(
        "attribution",
        "Shelling hit Idlib.",
        &[
            "--tiles",
            "http://127.0.0.1:9/{z}/{x}/{y}.png",
            "--tiles-attribution",
            evil,
        ],
    );
    assert_eq!(r["ready"], true, "{r}");
    assert_eq!(r["dialogs"], serde_json::json!([]), "a dialog opened: {r}");
    assert!(r["attribution"].as_str().unwrap().contains(evil), "{r}");
    // Only tile requests (which fail: nothing listens there), no `x`.
    for u in r["requests"].as_array().unwrap() {
        assert!(
            u.as_str().unwrap().starts_with("http://127.0.0.1:9/"),
            "{r}"
        );
    }
}

/// The list entries of places whose shapes cross the antimeridian zoom to
/// them (the whole-world bounds of such a shape used to keep the map at
/// world zoom).
#[test]
fn clients_chromium_zooms_to_places_across_the_antimeridian() {
    client_or_skip!(
        "chromium (+ puppeteer-core in tools/clients)",
        has_chromium()
    );
    let r = map_report(
        "antimeridian",
        "Officials from Russia and the United States met in Geneva.",
        &[],
    );
    assert_eq!(r["errors"], serde_json::json!([]), "{r}");
    let names = r["names"].as_array().unwrap();
    let views = r["views"].as_array().unwrap();
    for (want, lon) in [("Russia", 100.0), ("United States", -100.0)] {
        let i = names
            .iter()
            .position(|n| n == want)
            .unwrap_or_else(|| panic!("{r}"));
        let v = &views[i];
        assert!(v["zoom"].as_f64().unwrap() >= 1.75, "{want}: {v}");
        // Centred on the place (longitudes may be 360 degrees over).
        let c = v["lon"].as_f64().unwrap();
        let d = ((c - lon).rem_euclid(360.0)).min((lon - c).rem_euclid(360.0));
        assert!(d < 45.0, "{want}: {v}");
    }
}

// ---- Lossless conversion with ogr2ogr (issue 11) ----
//
// The commands docs/OUTPUTS.md gives, run on the seed and GeoVirus outputs;
// each converted file is read back with GDAL (as GeoJSON) and every
// property value and every position is compared with our GeoJSON's.

/// A converted file read back by GDAL: its features.
fn gdal_features(file: &str) -> Vec<Value> {
    let (out, err) = client("ogr2ogr", &["-f", "GeoJSON", "/vsistdout/", file], &[]);
    assert!(!err.contains("ERROR"), "reading {file}: {err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{file}: {e}"));
    v["features"].as_array().unwrap().clone()
}

/// The positions of a geometry (in micro-degrees), sorted and without
/// repeats: the same for a ring in either orientation and for a polygon
/// written as a one-part multipolygon.
fn positions(g: &Value) -> Vec<(i64, i64)> {
    fn walk(v: &Value, out: &mut Vec<(i64, i64)>) {
        match v.as_array() {
            Some(a) if a.len() >= 2 && a.iter().all(Value::is_number) => {
                let q = |x: &Value| (x.as_f64().unwrap() * 1e6).round() as i64;
                out.push((q(&a[0]), q(&a[1])));
            }
            Some(a) => a.iter().for_each(|x| walk(x, out)),
            None => {}
        }
    }
    let mut out = Vec::new();
    walk(&g["coordinates"], &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// A property as read back: lists arrive as JSON-array text (or as arrays
/// from GeoPackage's JSON subtype); a Shapefile's empty string is null.
fn same_value(ours: &Value, back: &Value) -> bool {
    match (ours, back) {
        (Value::Array(_), Value::String(s)) => {
            serde_json::from_str::<Value>(s).ok().as_ref() == Some(ours)
        }
        (Value::String(s), Value::Null) => s.is_empty(),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => ours == back,
    }
}

/// Compares our features with those GDAL read back, matched by place_id
/// (FlatGeobuf's spatial index reorders them). `field` gives the value of
/// one of our properties from a read-back feature's properties.
fn compare_features(
    what: &str,
    ours: &[Value],
    back: &[Value],
    field: &dyn Fn(&Value, &str) -> Value,
) {
    assert_eq!(ours.len(), back.len(), "{what}: feature count");
    let by_id: std::collections::HashMap<&str, &Value> = back
        .iter()
        .map(|f| (f["properties"]["place_id"].as_str().unwrap(), f))
        .collect();
    for f in ours {
        let id = f["properties"]["place_id"].as_str().unwrap();
        let b = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{what}: {id} missing"));
        for (k, v) in f["properties"].as_object().unwrap() {
            let got = field(&b["properties"], k);
            assert!(
                same_value(v, &got),
                "{what}: {id} {k}: ours {v}, read back {got}"
            );
        }
        assert_eq!(
            positions(&f["geometry"]),
            positions(&b["geometry"]),
            "{what}: {id} geometry"
        );
    }
}

fn read_features(path: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// GeoPackage, FlatGeobuf and CSV: `-oo ARRAY_AS_STRING=YES` reads the
/// lists as JSON text, which every format keeps.
fn check_lossless_gdal(dir: &Path, input: &str) {
    geomention(dir, input, &["-o", "all.geojson", "-f", "-q", "--demonyms"]);
    let src = dir.join("all.geojson");
    let ours = read_features(&src);
    assert!(!ours.is_empty());
    let s = src.to_str().unwrap();
    for (driver, file, extra) in [
        ("GPKG", "all.gpkg", &[][..]),
        ("FlatGeobuf", "all.fgb", &[][..]),
        (
            "CSV",
            "all.csv",
            &["-lco", "GEOMETRY=AS_WKT", "-lco", "CREATE_CSVT=YES"][..],
        ),
    ] {
        let out = dir.join(file);
        let _ = std::fs::remove_file(&out);
        let o = out.to_str().unwrap();
        let mut args = vec!["-f", driver, o, s, "-oo", "ARRAY_AS_STRING=YES"];
        args.extend_from_slice(extra);
        let (_, err) = client("ogr2ogr", &args, &[]);
        assert!(err.trim().is_empty(), "ogr2ogr -f {driver}: {err}");
        let back = gdal_features(o);
        compare_features(driver, &ours, &back, &|p, k| p[k].clone());
    }
}

/// ESRI Shapefile: one file per geometry type (`--split-geometry`), with
/// `--shapefile-fields` (10-character names, lists as JSON text, long
/// strings continued in numbered fields) and `-lco ENCODING=UTF-8`.
fn check_lossless_shapefile(dir: &Path, input: &str) {
    geomention(
        dir,
        input,
        &[
            "-o",
            "plain.geojson",
            "-f",
            "-q",
            "--demonyms",
            "--split-geometry",
        ],
    );
    let args = [
        "-o",
        "shp.geojson",
        "-f",
        "-q",
        "--demonyms",
        "--split-geometry",
        "--shapefile-fields",
    ];
    geomention(dir, input, &args);
    let mut layers = 0;
    for fam in ["points", "lines", "polygons"] {
        let plain = dir.join(format!("plain.{fam}.geojson"));
        if !plain.exists() {
            continue;
        }
        layers += 1;
        let ours = read_features(&plain);
        let src = dir.join(format!("shp.{fam}.geojson"));
        let out = dir.join(format!("shp_{fam}.shp"));
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            let _ = std::fs::remove_file(out.with_extension(ext));
        }
        let o = out.to_str().unwrap();
        let args = [
            "-f",
            "ESRI Shapefile",
            "-lco",
            "ENCODING=UTF-8",
            o,
            src.to_str().unwrap(),
        ];
        let (_, err) = client("ogr2ogr", &args, &[]);
        assert!(
            err.trim().is_empty(),
            "ogr2ogr -f 'ESRI Shapefile' {fam}: {err}"
        );
        let back = gdal_features(o);
        // A value is its field's pieces joined: NAME, NAME2, NAME3, ...
        let field = |p: &Value, k: &str| -> Value {
            let name = if k == "demonym_count" {
                "demonym_ct"
            } else {
                k
            };
            if !p[name].is_string() {
                return p[name].clone();
            }
            let mut s = String::new();
            for i in 1.. {
                let key = if i == 1 {
                    name.to_string()
                } else {
                    let n = i.to_string();
                    format!("{}{n}", &name[..name.len().min(10 - n.len())])
                };
                match p.get(&key) {
                    Some(Value::String(x)) => s.push_str(x),
                    Some(Value::Null) => {}
                    _ => break,
                }
            }
            Value::String(s)
        };
        compare_features(&format!("Shapefile {fam}"), &ours, &back, &field);
    }
    assert!(layers > 0);
}

#[test]
fn clients_ogr2ogr_conversions_keep_every_value_seed() {
    let shared = shared_or_skip!();
    client_or_skip!("ogr2ogr (gdal-bin)", has_gdal());
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("clients-lossless-seed");
    std::fs::create_dir_all(&dir).unwrap();
    let input = shared.join("eval/seed/docs.jsonl");
    check_lossless_gdal(&dir, input.to_str().unwrap());
    check_lossless_shapefile(&dir, input.to_str().unwrap());
}

#[test]
fn clients_ogr2ogr_conversions_keep_every_value_geovirus() {
    let shared = shared_or_skip!();
    client_or_skip!("ogr2ogr (gdal-bin)", has_gdal());
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("clients-lossless-geovirus");
    std::fs::create_dir_all(&dir).unwrap();
    let input = shared.join("eval/geovirus/docs.jsonl");
    check_lossless_gdal(&dir, input.to_str().unwrap());
    check_lossless_shapefile(&dir, input.to_str().unwrap());
}
