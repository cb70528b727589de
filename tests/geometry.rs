//! The embedded gazetteer's data: GeoNames' own points for GeoNames ids,
//! outlines kept as the geometry and valid by GEOS, Syria below the province.

use geomention::{Document, Gazetteer, Geoparser, PlaceRef};

/// The places the resolver chose for the mentions of `text`, in order.
fn resolved<'g>(g: &'g Gazetteer, text: &str) -> impl Iterator<Item = PlaceRef<'g>> {
    let r = Geoparser::new(g).map(Document {
        id: "t".into(),
        text: text.into(),
    });
    let places: Vec<_> = r.resolved.mentions.iter().filter_map(|m| m.place).collect();
    places.into_iter().map(|p| g.place(p))
}

fn point(g: &Gazetteer, id: &str) -> (f64, f64) {
    let p = g.place(g.by_id(id).unwrap_or_else(|| panic!("{id} is embedded")));
    (p.lat(), p.lon())
}

#[test]
fn geometry_countries_and_divisions_have_geonames_points() {
    let g = Gazetteer::embedded().unwrap();
    // GeoNames' points (countries exact, first-level divisions to 0.1°), not
    // the centre of the outline: Syria's mainland centre is about 35.0, 38.5.
    for (id, want) in [
        ("geonames:163843", (35.0, 38.0)),         // Syria
        ("geonames:6252001", (39.76, -98.5)),      // United States
        ("geonames:169387", (35.8, 36.7)),         // Idlib
        ("geonames:4398678", (38.3, -92.5)),       // Missouri
        ("geonames:6255148", (48.69096, 9.14062)), // Europe
    ] {
        assert_eq!(point(&g, id), want, "{id}");
    }
    for id in ["geonames:163843", "geonames:6252001", "geonames:169387"] {
        let geom = g.place(g.by_id(id).unwrap()).geometry_json().unwrap();
        assert!(geom.contains("Polygon"), "{id} keeps its outline");
    }
}

#[test]
fn geometry_every_geonames_point_of_the_source_is_used() {
    let shared = shared_or_skip!();
    let path = shared.join(
        "gazetteer-sources/geonames-country-admin1-points/geonames_country_admin1_points.tsv",
    );
    let g = Gazetteer::embedded().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut checked, mut wrong) = (0, Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let id = format!("geonames:{}", f[0]);
        let (Some(pid), Ok(lat), Ok(lon)) = (g.by_id(&id), f[6].parse(), f[7].parse()) else {
            continue;
        };
        let p = g.place(pid);
        checked += 1;
        if (p.lat(), p.lon()) != (lat, lon) {
            wrong.push(format!(
                "{id} {}: {:?} != {:?}",
                p.name(),
                (p.lat(), p.lon()),
                (lat, lon)
            ));
        }
    }
    assert!(checked > 4000, "only {checked} GeoNames points joined");
    assert!(
        wrong.is_empty(),
        "{} points differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

/// Every embedded geometry, exported as GeoJSON, is valid by GEOS as GDAL
/// sees it (QGIS Processing stops on invalid ones). Skipped without
/// ogrinfo unless GEOMENTION_REQUIRE_CLIENTS=1.
#[test]
#[allow(clippy::print_stderr)] // says that the test was skipped
fn geometry_every_embedded_geometry_is_valid_by_geos() {
    let has_ogrinfo = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_ogrinfo {
        if std::env::var("GEOMENTION_REQUIRE_CLIENTS").is_ok_and(|v| v == "1") {
            panic!(
                "ogrinfo is required (GEOMENTION_REQUIRE_CLIENTS=1); run .ci/install-clients.sh"
            );
        }
        eprintln!("SKIPPED: ogrinfo not installed");
        return;
    }
    let r = crate::util::run(&["gazetteer", "export", "-q"]).ok();
    let features = r.json()["features"].as_array().unwrap().len();
    assert!(features > 3000, "only {features} geometries exported");
    let dir = crate::util::TestDir::new();
    let file = dir.write("outlines.geojson", &r.stdout);
    let count = |sql: &str| -> u64 {
        let out = std::process::Command::new("ogrinfo")
            .args(["-ro", "-dialect", "SQLite", "-sql", sql])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = text
            .lines()
            .find(|l| l.contains("n (Integer") || l.trim_start().starts_with("n ("));
        line.and_then(|l| l.rsplit('=').next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no count in:\n{text}"))
    };
    assert_eq!(count("SELECT COUNT(*) AS n FROM outlines"), features as u64);
    let invalid = count("SELECT COUNT(*) AS n FROM outlines WHERE NOT ST_IsValid(geometry)");
    assert_eq!(
        invalid, 0,
        "{invalid} embedded geometries are invalid by GEOS"
    );
}

#[test]
fn geometry_export_writes_points_on_request() {
    let r = crate::util::run(&["gazetteer", "export", "-q"]).ok();
    let outlines = r.json()["features"].as_array().unwrap().len();
    let syria = r
        .stdout
        .lines()
        .find(|l| l.contains("\"geonames:163843\""))
        .unwrap();
    assert!(syria.contains("Polygon"), "{syria}");
    let r = crate::util::run(&["gazetteer", "export", "-q", "--points"]).ok();
    let all = r
        .stdout
        .lines()
        .filter(|l| l.contains("\"type\":\"Feature\""))
        .count();
    assert!(all > 250_000 && all > outlines, "{all} {outlines}");
}

/// Syria's districts and sub-districts (OCHA P-codes) are places, matched by
/// their type forms; a town with no GeoNames population takes its
/// sub-district's 2004 census population.
#[test]
fn geometry_syrian_districts_and_sub_districts() {
    use geomention::Kind;
    let g = Gazetteer::embedded().unwrap();
    let found: Vec<(&str, Kind, &str)> = resolved(
        &g,
        "Shelling hit Jisr al-Shughur district and Atareb sub-district.",
    )
    .map(|p| (p.place_id(), p.kind(), p.admin1()))
    .collect();
    assert_eq!(
        found,
        [
            ("ocha:SY0704", Kind::Admin2, "Idlib"),
            ("ocha:SY020001", Kind::Admin3, "Aleppo")
        ]
    );
    let units = (0..g.len() as u32)
        .map(|i| g.place(geomention::PlaceId(i)))
        .filter(|p| p.place_id().starts_with("ocha:SY"))
        .fold([0, 0], |mut n, p| {
            n[usize::from(p.kind() == Kind::Admin3)] += 1;
            n
        });
    assert_eq!(units, [62, 272]);
    // Tall Abyad: population 0 in GeoNames, 44,671 in its sub-district (2004).
    let tall_abyad = g.place(g.by_id("geonames:163750").unwrap());
    assert_eq!(tall_abyad.population(), 44_671);
    assert!(tall_abyad.note().contains("proxy"), "{}", tall_abyad.note());
}

/// Regions made of first-level divisions (Natural Earth's admin-1
/// groupings): a named grouping is a region with the dissolved outline of
/// its members; a grouping named only by directions, one that is an
/// existing division or island, and one of a single unit are not places.
#[test]
fn geometry_regions_made_of_first_level_divisions() {
    use geomention::Kind;
    use geomention::geom::PolygonSet;
    let g = Gazetteer::embedded().unwrap();
    let found: Vec<(&str, Kind, &str)> = resolved(
        &g,
        "Snow fell across the Midwest and New England on Tuesday, while \
         floods closed roads in the East Midlands and an earthquake shook Tohoku.",
    )
    .map(|p| (p.place_id(), p.kind(), p.country()))
    .collect();
    assert_eq!(
        found,
        [
            ("ne-region:US-midwest", Kind::Region, "US"),
            ("ne-region:US-new-england", Kind::Region, "US"),
            ("ne-region:GB-east-midlands", Kind::Region, "GB"),
            ("ne-region:JP-tohoku", Kind::Region, "JP"),
        ]
    );
    let outline = |id: &str| {
        let p = g.place(g.by_id(id).unwrap());
        let (set, _) = PolygonSet::parse(p.geometry_json().expect("an outline")).unwrap();
        assert!(
            set.contains([p.lon(), p.lat()]),
            "{id}: its point is inside"
        );
        set
    };
    let midwest = outline("ne-region:US-midwest");
    for (id, inside) in [
        ("geonames:4862182", true),  // Iowa
        ("geonames:4896861", true),  // Illinois
        ("geonames:4736286", false), // Texas
        ("geonames:5128638", false), // New York
    ] {
        let (lat, lon) = point(&g, id);
        assert_eq!(midwest.contains([lon, lat]), inside, "{id}");
    }
    outline("ne-region:GB-east-midlands");
    // Natural Earth's "South" and "West" of the US (directions only), Japan's
    // "Kyushu" (the island), Belgium's "Flemish" (Flanders, a division) and
    // Japan's "Hokkaido" (one unit) are not added.
    for id in [
        "ne-region:US-south",
        "ne-region:US-west",
        "ne-region:JP-kyushu",
        "ne-region:BE-flemish",
        "ne-region:JP-hokkaido",
    ] {
        assert!(g.by_id(id).is_none(), "{id}");
    }
}
