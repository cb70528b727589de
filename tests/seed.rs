//! The acceptance example: the Idlib article in `../shared/eval/seed/` and
//! its hand-made gold annotations. Its text is read from `../shared` and
//! never copied into the repository.

use serde_json::Value;

use crate::util::run;

struct Gold {
    start: u64,
    end: u64,
    text: String,
    class: String,
    expected: Option<(f64, f64, f64)>,
}

fn gold(shared: &std::path::Path) -> Vec<Gold> {
    let text = std::fs::read_to_string(shared.join("eval/seed/gold.jsonl")).unwrap();
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            Gold {
                start: v["start"].as_u64().unwrap(),
                end: v["end"].as_u64().unwrap(),
                text: v["text"].as_str().unwrap().to_string(),
                class: v["class"].as_str().unwrap().to_string(),
                expected: v.get("expected").filter(|e| !e.is_null()).map(|e| {
                    (
                        e["lat"].as_f64().unwrap(),
                        e["lon"].as_f64().unwrap(),
                        e["tolerance_km"].as_f64().unwrap(),
                    )
                }),
            }
        })
        .collect()
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// Distance from a gold point to a predicted mention: to the representative
/// point, or for lines to the line's bounding box.
fn error_km(m: &Value, lat: f64, lon: f64) -> f64 {
    let plat = m["lat"].as_f64().unwrap();
    let plon = m["lon"].as_f64().unwrap();
    let point = haversine_km(lat, lon, plat, plon);
    if m["geometry_type"]
        .as_str()
        .is_some_and(|t| t.contains("LineString"))
    {
        let b: Vec<f64> = m["bbox"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let clat = lat.clamp(b[1], b[3]);
        let clon = lon.clamp(b[0], b[2]);
        return point.min(haversine_km(lat, lon, clat, clon));
    }
    point
}

fn overlaps(m: &Value, s: u64, e: u64) -> bool {
    m["start"].as_u64().unwrap() < e && s < m["end"].as_u64().unwrap()
}

#[test]
fn seed_mentions_match_gold() {
    let shared = shared_or_skip!();
    let docs = shared.join("eval/seed/docs.jsonl");
    let r = run(&[
        "map",
        "--format",
        "mentions",
        "--demonyms",
        docs.to_str().unwrap(),
    ])
    .ok();
    let mentions = r.jsonl();
    let gold = gold(&shared);
    let toponyms: Vec<&Gold> = gold.iter().filter(|g| g.class == "toponym").collect();
    let demonyms: Vec<&Gold> = gold.iter().filter(|g| g.class == "demonym").collect();
    let not_places: Vec<&Gold> = gold.iter().filter(|g| g.class == "not_place").collect();
    assert_eq!(toponyms.len(), 65);
    assert_eq!(demonyms.len(), 46);
    assert_eq!(not_places.len(), 8);

    let mut problems = Vec::new();
    for g in &toponyms {
        let found: Vec<&Value> = mentions
            .iter()
            .filter(|m| m["kind"] == "toponym" && overlaps(m, g.start, g.end))
            .collect();
        let Some(m) = found.first() else {
            problems.push(format!("missed toponym {:?} at {}", g.text, g.start));
            continue;
        };
        if m["place_id"].is_null() {
            problems.push(format!("unresolved toponym {:?} at {}", g.text, g.start));
            continue;
        }
        let (lat, lon, tol) = g.expected.unwrap();
        let err = error_km(m, lat, lon);
        if err > tol {
            problems.push(format!(
                "{:?} at {} resolved to {} ({}), {err:.0} km off (tolerance {tol} km)",
                g.text, g.start, m["name"], m["place_id"]
            ));
        }
    }
    for g in &demonyms {
        if !mentions
            .iter()
            .any(|m| m["kind"] == "demonym" && overlaps(m, g.start, g.end))
        {
            problems.push(format!("missed demonym {:?} at {}", g.text, g.start));
        }
    }
    for g in &not_places {
        for m in mentions.iter().filter(|m| overlaps(m, g.start, g.end)) {
            problems.push(format!(
                "mention {:?} inside not_place {:?}",
                m["text"], g.text
            ));
        }
    }
    for m in &mentions {
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        if !gold.iter().any(|g| g.start < e && s < g.end) {
            problems.push(format!(
                "false positive {:?} at {s} ({})",
                m["text"], m["place_id"]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn seed_geojson_counts_and_geometries() {
    let shared = shared_or_skip!();
    let docs = shared.join("eval/seed/docs.jsonl");
    let fc = run(&["map", docs.to_str().unwrap()]).ok().json();
    let features = fc["features"].as_array().unwrap();
    let find = |pred: &dyn Fn(&Value) -> bool| -> Vec<&Value> {
        features.iter().filter(|f| pred(&f["properties"])).collect()
    };
    let props = |f: &Value| f["properties"].clone();

    // Idlib: the governorate (a polygon) and the city share all 18 mentions.
    let gov = find(&|p| p["name"] == "Idlib" && p["kind"] == "admin1");
    let city = find(&|p| p["name"] == "Idlib" && p["kind"] == "city");
    assert_eq!(gov.len(), 1, "one Idlib governorate feature");
    assert_eq!(city.len(), 1, "one Idlib city feature");
    assert!(
        gov[0]["geometry"]["type"]
            .as_str()
            .unwrap()
            .contains("Polygon")
    );
    let gp = props(gov[0]);
    let forms: Vec<&str> = gp["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        forms
            .iter()
            .any(|f| f.eq_ignore_ascii_case("Idlib province")),
        "{forms:?}"
    );
    assert!(
        forms
            .iter()
            .any(|f| f.eq_ignore_ascii_case("province of Idlib")),
        "{forms:?}"
    );
    let cp = props(city[0]);
    assert_eq!(cp["count"], 1, "Idlib city: {cp}");
    assert_eq!(
        gp["count"].as_u64().unwrap() + cp["count"].as_u64().unwrap(),
        18
    );

    // The M4 and M5 are lines in Syria.
    for (road, count) in [("M4", 2), ("M5", 1)] {
        let f = find(&|p| p["kind"] == "road" && p["name"].as_str().unwrap().starts_with(road));
        assert_eq!(f.len(), 1, "{road}");
        assert_eq!(f[0]["geometry"]["type"], "LineString", "{road}");
        assert_eq!(f[0]["properties"]["country"], "SY");
        assert_eq!(f[0]["properties"]["count"], count, "{road}");
    }
    // Hatay is the Turkish province or its capital.
    let hatay = find(&|p| p["forms"].as_array().unwrap().iter().any(|f| f == "Hatay"));
    assert_eq!(hatay.len(), 1);
    let hp = props(hatay[0]);
    assert_eq!(hp["country"], "TR");
    assert!(hp["name"] == "Hatay" || hp["name"] == "Antakya", "{hp}");
    for name in ["Moscow", "Sochi"] {
        let f = find(&|p| p["name"] == name);
        assert_eq!(f.len(), 1, "{name}");
        assert_eq!(f[0]["properties"]["country"], "RU", "{name}");
    }
    for name in [
        "Middle East",
        "North Africa",
        "Jabal al-Zawiya",
        "Ankara",
        "Libya",
    ] {
        assert_eq!(find(&|p| p["name"] == name).len(), 1, "{name} is mapped");
    }
    // Every feature: integer id 1..N, integer count, non-empty contexts.
    for (i, f) in features.iter().enumerate() {
        assert_eq!(f["id"], i as u64 + 1);
        assert!(f["properties"]["count"].is_u64());
        assert!(!f["properties"]["contexts"].as_array().unwrap().is_empty());
        assert!(f["properties"].get("id").is_none());
    }
}
