//! User gazetteers (`--gazetteer FILE`): CSV, GeoNames, GeoJSON, compiled
//! indexes; `gazetteer build` and `gazetteer lookup`.

use crate::util::{TestDir, run};

const CSV: &str = "\
name,alternate_names,lat,lon,kind,population,country
Qaryat Testiyya,Testiyya|Qaryat al-Testiyya,35.91,36.63,town,12000,SY
Nowhere At All,,123,36.6,town,,SY
";

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn names(fc: &serde_json::Value) -> Vec<String> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn feature<'a>(fc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == name)
        .unwrap_or_else(|| panic!("no feature {name}: {fc}"))
}

#[test]
fn csv_gazetteer_alone() {
    let d = TestDir::new();
    let g = d.write("my-places.csv", CSV);
    let t = d.write(
        "a.txt",
        "Fighting was reported near Qaryat Testiyya and in Ankara.",
    );
    let r = run(&["map", s(&t), "--no-default-gazetteer", "--gazetteer", s(&g)]).ok();
    let fc = r.json();
    assert_eq!(names(&fc), ["Qaryat Testiyya"]);
    let f = feature(&fc, "Qaryat Testiyya");
    assert_eq!(
        f["geometry"]["coordinates"],
        serde_json::json!([36.63, 35.91])
    );
    assert_eq!(f["properties"]["place_id"], "csv:my-places:1");
    assert_eq!(f["properties"]["kind"], "town");
    assert_eq!(f["properties"]["source"], "my-places.csv");
    // The bad row is a warning with its line, and the summary counts it.
    assert!(
        r.stderr
            .contains("my-places.csv:3: \"Nowhere At All\": invalid coordinates"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("loaded 1 place from") && r.stderr.contains("(1 row skipped)"),
        "{}",
        r.stderr
    );
    // -q silences warnings and summaries.
    let q = run(&[
        "map",
        "-q",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&g),
    ])
    .ok();
    assert!(q.stderr.is_empty(), "{}", q.stderr);
}

#[test]
fn csv_gazetteer_stacks_on_the_embedded_one() {
    let d = TestDir::new();
    let g = d.write("my-places.csv", CSV);
    let t = d.write(
        "a.txt",
        "Fighting was reported near Testiyya and in Ankara.",
    );
    let fc = run(&["map", "-q", s(&t), "--gazetteer", s(&g)]).ok().json();
    let n = names(&fc);
    assert!(n.contains(&"Qaryat Testiyya".to_string()), "{n:?}");
    assert!(n.contains(&"Ankara".to_string()), "{n:?}");
    // Gzip-compressed files work too.
    let gz = d.join("my-places.csv.gz");
    {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).unwrap(),
            flate2::Compression::default(),
        );
        e.write_all(CSV.as_bytes()).unwrap();
        e.finish().unwrap();
    }
    let fc = run(&["map", "-q", s(&t), "--gazetteer", s(&gz)])
        .ok()
        .json();
    assert!(names(&fc).contains(&"Qaryat Testiyya".to_string()));
}

/// A GeoNames dump row from its interesting fields.
#[allow(clippy::too_many_arguments)]
fn geonames_row(
    id: u32,
    name: &str,
    alts: &str,
    lat: f64,
    lon: f64,
    fcode: &str,
    a1: &str,
    pop: u64,
) -> String {
    let (class, code) = fcode.split_once('.').unwrap();
    format!(
        "{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\tSY\t\t{a1}\t\t\t\t{pop}\t\t100\tAsia/Damascus\t2024-01-01\n"
    )
}

fn tiny_dump() -> String {
    [
        geonames_row(
            9000001,
            "Kafr Testun",
            "Kafar Testun,KFT",
            35.61,
            36.52,
            "P.PPL",
            "T1",
            4000,
        ),
        geonames_row(
            9000002,
            "Madinat Testa",
            "Testa City",
            35.80,
            36.70,
            "P.PPLA",
            "T1",
            90000,
        ),
        geonames_row(9000003, "Jabal Testi", "", 35.70, 36.40, "T.MT", "T1", 0),
        "9000004\tBroken Row\n".to_string(),
    ]
    .concat()
}

const ADMIN1: &str = "SY.T1\tTestgov\tTestgov\t9000100\n";

#[test]
fn geonames_dump_with_admin1_next_to_it() {
    let d = TestDir::new();
    let dump = d.write("geo/SY.txt", tiny_dump());
    d.write("geo/admin1CodesASCII.txt", ADMIN1);
    let t = d.write(
        "a.txt",
        "Shelling hit Kafr Testun, in Testgov province, and the slopes of Jabal Testi.",
    );
    let r = run(&[
        "map",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&dump),
    ])
    .ok();
    let fc = r.json();
    let k = feature(&fc, "Kafr Testun");
    assert_eq!(k["properties"]["place_id"], "geonames:9000001");
    assert_eq!(k["properties"]["admin1"], "Testgov");
    assert_eq!(k["properties"]["kind"], "town");
    // The division comes from the admin1 table, at its largest place.
    let g = feature(&fc, "Testgov");
    assert_eq!(g["properties"]["kind"], "admin1");
    assert_eq!(g["properties"]["place_id"], "geonames:9000100");
    assert_eq!(
        g["geometry"]["coordinates"],
        serde_json::json!([36.7, 35.8])
    );
    assert_eq!(
        feature(&fc, "Jabal Testi")["properties"]["kind"],
        "mountain"
    );
    assert!(r.stderr.contains("admin1 names from"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("SY.txt:4: 2 columns where a GeoNames dump has 19"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("loaded 4 places from") && r.stderr.contains("(1 row skipped)"),
        "{}",
        r.stderr
    );
}

#[test]
fn geonames_companions_as_further_files() {
    let d = TestDir::new();
    let dump = d.write("dump/SY.txt", tiny_dump());
    let a1 = d.write("tables/admin1CodesASCII.txt", ADMIN1);
    let out = d.join("sy.gmidx");
    // The table may come before or after the dump.
    run(&["gazetteer", "build", "-q", s(&a1), s(&dump), "-o", s(&out)]).ok();
    let r = run(&[
        "gazetteer",
        "lookup",
        "Testgov",
        "--json",
        "-q",
        "--no-default-gazetteer",
        "--gazetteer",
        s(&out),
    ])
    .ok();
    let v = r.json();
    assert_eq!(v["chosen"], "geonames:9000100");
    assert_eq!(v["candidates"][0]["kind"], "admin1");
    // lookup itself takes companions as further files too.
    let v = run(&[
        "gazetteer",
        "lookup",
        "Kafr Testun",
        "--json",
        "-q",
        "--no-default-gazetteer",
        "--gazetteer",
        s(&dump),
        "--gazetteer",
        s(&a1),
    ])
    .ok()
    .json();
    assert_eq!(v["candidates"][0]["admin1"], "Testgov");
    // A companion table alone is an error that says what to do.
    let r = run(&["gazetteer", "build", s(&a1), "-o", s(&d.join("x.gmidx"))]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("admin1CodesASCII.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("GeoNames dump"), "{}", r.stderr);
}

const GEOJSON: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "id": "basin-1",
     "properties": {"name": "Testland Basin", "kind": "region", "alt_names": ["Basin of Testland"]},
     "geometry": {"type": "Polygon", "coordinates": [[
        [36.0, 35.0], [38.0, 35.0], [38.0, 35.4], [36.4, 35.4], [36.4, 36.6],
        [38.0, 36.6], [38.0, 37.0], [36.0, 37.0], [36.0, 35.0]]]}},
    {"type": "Feature",
     "properties": {"name": "Wadi Testra", "kind": "river"},
     "geometry": {"type": "LineString", "coordinates": [[36.0, 35.0], [36.5, 35.5], [37.0, 35.2]]}},
    {"type": "Feature", "properties": {"name": "No Shape"}, "geometry": null}
  ]
}"#;

#[test]
fn geojson_gazetteer_with_a_polygon() {
    let d = TestDir::new();
    let g = d.write("areas.geojson", GEOJSON);
    let t = d.write(
        "a.txt",
        "Drought hit the Testland Basin and the Wadi Testra ran dry.",
    );
    let r = run(&[
        "map",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&g),
        "--format",
        "mentions",
    ])
    .ok();
    let ms = r.jsonl();
    assert_eq!(ms.len(), 2, "{ms:?}");
    let basin = &ms[0];
    assert_eq!(basin["place_id"], "basin-1");
    assert_eq!(basin["geometry_type"], "Polygon");
    // The C-shaped polygon's centroid is in its notch: the point must be
    // inside the polygon, on the solid western bar.
    let (lat, lon) = (
        basin["lat"].as_f64().unwrap(),
        basin["lon"].as_f64().unwrap(),
    );
    assert!((36.0..=36.4).contains(&lon), "{lon} {lat}");
    assert!((35.0..=37.0).contains(&lat), "{lon} {lat}");
    let wadi = &ms[1];
    assert_eq!(wadi["geometry_type"], "LineString");
    assert_eq!(
        (wadi["lat"].as_f64(), wadi["lon"].as_f64()),
        (Some(35.5), Some(36.5))
    );
    assert!(
        r.stderr.contains("areas.geojson:12: feature 3:"),
        "{}",
        r.stderr
    );
    let fc = run(&[
        "map",
        "-q",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&g),
    ])
    .ok()
    .json();
    assert_eq!(
        feature(&fc, "Testland Basin")["geometry"]["type"],
        "Polygon"
    );
}

#[test]
fn build_and_lookup_round_trip() {
    let d = TestDir::new();
    let csv = d.write(
        "towns.csv",
        "id,name,lat,lon,kind,population,country\n\
         tt-sy,Tell Testa,36.1,37.1,town,500,SY\n\
         tt-iq,Tell Testa,33.3,44.4,city,50000,IQ\n",
    );
    let gj = d.write("areas.geojson", GEOJSON);
    let out = d.join("mine.gmidx");
    let r = run(&[
        "gazetteer",
        "build",
        s(&csv),
        "--gazetteer",
        s(&gj),
        "-o",
        s(&out),
    ])
    .ok();
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("wrote") && r.stderr.contains("4 places"),
        "{}",
        r.stderr
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    // It refuses to overwrite without -f.
    let again = run(&["gazetteer", "build", s(&csv), "-o", s(&out)]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    run(&[
        "gazetteer",
        "build",
        "-q",
        s(&csv),
        s(&gj),
        "-o",
        s(&out),
        "-f",
    ])
    .ok();

    // The index maps text on its own.
    let t = d.write("a.txt", "Drought hit the Testland Basin.");
    let r = run(&[
        "map",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&out),
    ])
    .ok();
    assert_eq!(names(&r.json()), ["Testland Basin"]);
    assert!(r.stderr.contains("loaded 4 places from"), "{}", r.stderr);

    // Lookup ranks by the prior alone...
    let v = run(&[
        "gazetteer",
        "lookup",
        "Tell Testa",
        "--json",
        "-q",
        "--gazetteer",
        s(&out),
    ])
    .ok()
    .json();
    assert_eq!(v["status"], "resolved");
    assert_eq!(v["chosen"], "tt-iq");
    let c = v["candidates"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0]["rank"].as_u64(), c[0]["chosen"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(c[1]["place_id"], "tt-sy");
    assert_eq!(c[1]["form"], "Tell Testa");
    assert_eq!(c[1]["form_kind"], "name");
    assert_eq!(c[1]["geometry_type"], "Point");
    assert_eq!(c[1]["country"], "SY");
    // ...and by the context when there is one: the country next to the
    // name decides.
    let v = run(&[
        "gazetteer",
        "lookup",
        "Tell Testa",
        "--json",
        "-q",
        "--gazetteer",
        s(&out),
        "--context",
        "Clashes broke out in Tell Testa, Syria, on Monday.",
    ])
    .ok()
    .json();
    assert_eq!(v["chosen"], "tt-sy", "{v}");
    assert!(v["reason"].as_str().unwrap().contains("Tell Testa"), "{v}");
    // The human-readable table.
    let r = run(&[
        "gazetteer",
        "lookup",
        "Tell Testa",
        "-q",
        "--gazetteer",
        s(&out),
    ])
    .ok();
    assert!(r.stdout.contains("chosen:  tt-iq"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1*") && r.stdout.contains("tt-sy"),
        "{}",
        r.stdout
    );
    // An unknown name is exit 1.
    let r = run(&["gazetteer", "lookup", "Zzyzzx Testoria", "-q"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no place named"), "{}", r.stderr);
}

#[test]
fn errors() {
    let d = TestDir::new();
    let t = d.write("a.txt", "Talks in Ankara.");
    // A missing file: exit 1 naming it.
    let r = run(&["map", s(&t), "--gazetteer", "/no/such/places.csv"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("/no/such/places.csv"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // A CSV without a name column: exit 1 with the path.
    let bad = d.write("bad.csv", "title,lat,lon\nX,1,2\n");
    let r = run(&["map", s(&t), "--gazetteer", s(&bad)]);
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.contains("bad.csv:1:") && r.stderr.contains("`name` column"),
        "{}",
        r.stderr
    );
    // A file of unknown format.
    let odd = d.write("notes.txt", "just some notes\n");
    let r = run(&["map", s(&t), "--gazetteer", s(&odd)]);
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.contains("notes.txt") && r.stderr.contains("cannot tell"),
        "{}",
        r.stderr
    );
    // Broken JSON names its line.
    let broken = d.write(
        "broken.geojson",
        "{\"type\": \"FeatureCollection\",\n\"features\": [,]}",
    );
    let r = run(&["map", s(&t), "--gazetteer", s(&broken)]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("broken.geojson:2:"), "{}", r.stderr);
    // A corrupt index.
    let idx = d.write("x.gmidx", "GEOMIDX\0garbage");
    let r = run(&["map", s(&t), "--gazetteer", s(&idx)]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("x.gmidx"), "{}", r.stderr);
    // Usage errors.
    let r = run(&["gazetteer", "build", "-o", s(&d.join("o.gmidx"))]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let r = run(&["gazetteer", "build", s(&t)]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let r = run(&["gazetteer", "lookup", "Idlib", "--country", "Syria"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
}

#[test]
fn large_dumps_load_in_chunks() {
    // A tiny chunk size stands in for a dump of millions of rows: each
    // chunk becomes a layer, and `build` writes a set of indexes.
    let d = TestDir::new();
    let dump = d.write("geo/SY.txt", tiny_dump());
    d.write("geo/admin1CodesASCII.txt", ADMIN1);
    let t = d.write(
        "a.txt",
        "Shelling hit Kafr Testun, in Testgov province, and Madinat Testa.",
    );
    let chunked = |args: &[&str]| {
        let mut cmd = std::process::Command::new(crate::util::bin());
        let out = cmd
            .args(args)
            .env("GEOMENTION_CHUNK_FORMS", "3")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (stdout, stderr) = chunked(&[
        "map",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&dump),
    ]);
    assert!(stderr.contains("layers"), "{stderr}");
    assert!(stderr.contains("loaded 4 places from"), "{stderr}");
    let fc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut n = names(&fc);
    n.sort();
    assert_eq!(n, ["Kafr Testun", "Madinat Testa", "Testgov"]);
    let out = d.join("sy.gmidx");
    let (_, stderr) = chunked(&["gazetteer", "build", s(&dump), "-o", s(&out)]);
    assert!(stderr.contains("parts"), "{stderr}");
    let r = run(&[
        "map",
        s(&t),
        "--no-default-gazetteer",
        "--gazetteer",
        s(&out),
    ])
    .ok();
    let mut m = names(&r.json());
    m.sort();
    assert_eq!(m, n);
    assert!(r.stderr.contains("loaded 4 places from"), "{}", r.stderr);
}

/// Country points: GeoNames' own point for a GeoNames id (build.py
/// `apply_geonames_points`), not a point pulled away by outlying parts.
#[test]
fn embedded_country_points() {
    use geomention::gazetteer::Gazetteer;
    use geomention::resolve::haversine_km;
    let g = Gazetteer::embedded().unwrap();
    let point = |id: &str| {
        let p = g.place(g.by_id(id).unwrap_or_else(|| panic!("{id} missing")));
        (p.lat(), p.lon(), p.note().to_string())
    };
    // United States: GeoNames' point (39.76 N 98.5 W) in the contiguous
    // states (near Lebanon, Kansas), not a point pulled north-west by Alaska.
    let (lat, lon, note) = point("geonames:6252001");
    assert!(haversine_km(lat, lon, 39.83, -98.58) < 100.0, "{lat} {lon}");
    assert_eq!(note, "point: GeoNames (exact)");
    // Indonesia has no main part: GeoNames' point is the conventional centre.
    let (lat, lon, _) = point("geonames:1643084");
    assert!(haversine_km(lat, lon, -5.0, 120.0) < 1.0, "{lat} {lon}");
}

/// Landmarks named in news: a seat of government is the building, not a
/// city that has the same words among its translated names.
#[test]
fn embedded_landmarks() {
    use geomention::{Document, Gazetteer, Geoparser, Kind};
    let g = Gazetteer::embedded().unwrap();
    let parser = Geoparser::new(&g);
    let r = parser.map(Document {
        id: "t".into(),
        text: "Officials at the White House and in Tahrir Square reacted on Monday.".into(),
    });
    let got: Vec<(String, &str, Kind)> = r
        .resolved
        .mentions
        .iter()
        .map(|m| {
            let p = g.place(m.place.unwrap());
            (m.text.clone(), p.place_id(), p.kind())
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "White House".to_string(),
                "landmark:white-house",
                Kind::Landmark
            ),
            (
                "Tahrir Square".to_string(),
                "landmark:tahrir-square",
                Kind::Landmark
            ),
        ]
    );
}

/// Adjectives on the embedded list of names that are not places.
#[test]
fn embedded_adjectives_are_not_places() {
    use geomention::{Document, Gazetteer, Geoparser};
    let g = Gazetteer::embedded().unwrap();
    let r = Geoparser::new(&g).map(Document {
        id: "t".into(),
        text: "The Olympic champion, a Christian from Christian County, spoke in Kentucky.".into(),
    });
    let got: Vec<&str> = r
        .resolved
        .mentions
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(got, ["Christian County", "Kentucky"]);
}

/// A user place with the id of an embedded one replaces it: one feature per
/// place id, at the user's coordinates, whichever name the text uses.
#[test]
fn a_user_place_replaces_the_embedded_place_with_its_id() {
    let d = TestDir::new();
    // Aleppo (geonames:170063) moved a little, with a bigger population and
    // no alternate names.
    let dump = d.write(
        "SY.txt",
        geonames_row(170063, "Aleppo", "", 36.3, 37.3, "P.PPLA", "09", 9_000_000),
    );
    let t = d.write("a.txt", "Shelling hit Aleppo. Later, Halab residents fled.");
    let r = run(&["map", s(&t), "--gazetteer", s(&dump), "-q"]).ok();
    let fc = r.json();
    let ids: Vec<&str> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["place_id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one feature per place id: {ids:?}");
    let aleppo = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["place_id"] == "geonames:170063")
        .expect("the user's Aleppo");
    assert_eq!(aleppo["properties"]["forms"], serde_json::json!(["Aleppo"]));
    assert_eq!(
        aleppo["geometry"]["coordinates"],
        serde_json::json!([37.3, 36.3])
    );
    // The lookup shows the user's place only.
    let r = run(&["gazetteer", "lookup", "Aleppo", "--gazetteer", s(&dump)]).ok();
    assert_eq!(
        r.stdout.matches("geonames:170063").count(),
        2,
        "{}",
        r.stdout
    );
}

/// Issue 11: a compressed gazetteer with a very long line aborted the
/// process (SIGABRT) when memory ran out; now it is an error naming the
/// file. The 100 MB line compresses to about 100 KB.
#[test]
fn a_gzip_gazetteer_with_a_huge_line_is_an_error() {
    use std::io::Write;
    let d = TestDir::new();
    let path = d.join("huge.csv.gz");
    let f = std::fs::File::create(&path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    gz.write_all(b"name,lat,lon\nTestville,1,2\n").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..100 {
        gz.write_all(&chunk).unwrap();
    }
    gz.finish().unwrap();
    let doc = d.write("a.txt", "Testville");
    let r = run(&[
        "map",
        "--no-default-gazetteer",
        "--gazetteer",
        s(&path),
        s(&doc),
    ]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{}: line 3 is longer than the limit of 67108864 bytes",
            path.display()
        )),
        "{}",
        r.stderr
    );
}

/// Issue 11: one flipped byte in the name-index section of a `.gmidx`
/// panicked (exit 101) in 30 of 75 tries. Every byte of a small index is
/// flipped here: each run exits 0 or 1, never 101.
#[test]
fn corrupted_index_bytes_never_panic() {
    let d = TestDir::new();
    let csv = d.write("p.csv", CSV);
    let idx = d.join("p.gmidx");
    run(&["gazetteer", "build", s(&csv), "-o", s(&idx)]).ok();
    let doc = d.write("a.txt", "Fighting in Qaryat Testiyya and Testiyya.");
    let bytes = std::fs::read(&idx).unwrap();
    let bad = d.join("bad.gmidx");
    let mut fst_errors = 0;
    for at in 0..bytes.len() {
        let mut b = bytes.clone();
        b[at] ^= 0x5a;
        std::fs::write(&bad, &b).unwrap();
        let r = run(&[
            "map",
            "--no-default-gazetteer",
            "--gazetteer",
            s(&bad),
            s(&doc),
        ]);
        assert!(
            r.status == 0 || r.status == 1,
            "byte {at}: exit {}\n{}",
            r.status,
            r.stderr
        );
        if r.status == 1 {
            assert!(r.stderr.contains(s(&bad)), "byte {at}: {}", r.stderr);
            fst_errors += usize::from(r.stderr.contains("corrupt name index"));
        }
    }
    assert!(fst_errors > 0);
}

/// A `.gmidx` whose stored geometry summary no longer matches its outline
/// (here its bbox's west edge moved east, which would send coordinates
/// past the division and write a wrong `bbox` in mention rows) is refused
/// on load, naming the file; the untouched file maps the coordinate into
/// the division.
#[test]
fn an_index_whose_summary_lies_is_refused() {
    let d = TestDir::new();
    let layer = d.write(
        "zone.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"name":"Testzone","kind":"admin1","country":"SY"},
        "geometry":{"type":"Polygon","coordinates":[[[36.25,35.0],[37.0,35.0],[37.0,36.0],[36.25,36.0],[36.25,35.0]]]}}]}"#,
    );
    let idx = d.join("zone.gmidx");
    let r = run(&["gazetteer", "build", "-q", s(&layer), "-o", s(&idx)]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let doc = d.write("a.txt", "Shelling was reported at 35.5°N 36.3°E.");
    let map =
        |g: &std::path::Path| run(&["map", "--format", "mentions", "--gazetteer", s(g), s(&doc)]);
    let r = map(&idx);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Testzone"), "{}", r.stdout);
    let bytes = std::fs::read(&idx).unwrap();
    let west = 36.25f64.to_le_bytes();
    let at: Vec<usize> = (0..bytes.len() - 8)
        .filter(|&i| bytes[i..i + 8] == west)
        .collect();
    assert_eq!(at.len(), 1, "the summary's west edge, once");
    let mut bad = bytes;
    bad[at[0]..at[0] + 8].copy_from_slice(&36.5f64.to_le_bytes());
    let bad_path = d.join("bad.gmidx");
    std::fs::write(&bad_path, &bad).unwrap();
    let r = map(&bad_path);
    assert_eq!(r.status, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(s(&bad_path)) && r.stderr.contains("geometry summary does not match"),
        "{}",
        r.stderr
    );
}
