//! Compiles the embedded gazetteer (`gazetteer/*.tsv.gz`) into the index
//! format once, at build time, so the binary starts without parsing names,
//! with the list of its countries and first-level divisions (so that a run
//! does not scan every place record for them); and the word tables next to
//! it (`admin1_codes.tsv`, `person_names.tsv.gz`) into a Rust table and an
//! FST for [`lexicon`](src/lexicon/mod.rs).
//!
//! The loader, normalizer, index writer and geometry summaries are the
//! library's own modules, included by path: the names are normalized by
//! exactly the code that normalizes documents at run time, and a geometry's
//! summary is the one the output would compute from its JSON.

#![allow(dead_code)]

#[path = "src/error.rs"]
mod error;
#[path = "src/geom.rs"]
mod geom;
#[path = "src/normalize.rs"]
mod normalize;
#[path = "src/translit.rs"]
mod translit;
#[path = "src/gazetteer"]
mod gazetteer {
    pub mod index;
    pub mod place;
    pub mod tsv;
}

use std::path::{Path, PathBuf};

fn main() {
    let dir = std::env::var_os("GEOMENTION_GAZETTEER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("gazetteer"));
    println!("cargo:rerun-if-env-changed=GEOMENTION_GAZETTEER_DIR");
    for f in [
        "places.tsv.gz",
        "geometry.tsv.gz",
        "demonyms.tsv.gz",
        "places.tsv",
        "geometry.tsv",
        "demonyms.tsv",
        "not_places.txt",
        "admin1_codes.tsv",
        "person_names.tsv.gz",
    ] {
        // A file that does not exist would make Cargo run this script on
        // every build (minutes of gazetteer compiling): watch the ones that
        // exist, and the folder, whose listing changes when one is added.
        let path = dir.join(f);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    println!("cargo:rerun-if-changed={}", dir.display());
    for f in ["index.rs", "place.rs", "tsv.rs"] {
        println!("cargo:rerun-if-changed=src/gazetteer/{f}");
    }
    println!("cargo:rerun-if-changed=src/normalize.rs");
    println!("cargo:rerun-if-changed=src/translit.rs");
    println!("cargo:rerun-if-changed=src/geom.rs");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let places = gazetteer_index(&dir, &out);
    admin1_codes(&dir, &out, &places);
    person_names(&dir, &out);
}

/// Stops the build with a message naming the data directory.
fn fail(dir: &Path, what: &str, e: &dyn std::fmt::Display) -> ! {
    panic!(
        "building the embedded gazetteer from {}: {what}: {e}\n\
         (the data is rebuilt with `python3 gazetteer/build.py`; see gazetteer/README.md)",
        dir.display()
    )
}

/// Opens `name` in `dir` (or its uncompressed copy without `.gz`).
fn open(dir: &Path, name: &str) -> (PathBuf, Box<dyn std::io::BufRead>) {
    let mut p = dir.join(name);
    if !p.exists() {
        // Uncompressed copies work too (handy for small test gazetteers).
        if let Some(plain) = name.strip_suffix(".gz") {
            p = dir.join(plain);
        }
    }
    match gazetteer::tsv::open_maybe_gz(&p) {
        Ok(r) => (p, r),
        Err(e) => fail(dir, name, &e),
    }
}

/// Compiles places, geometry, demonyms and blockers into `gazetteer.idx`;
/// returns the places.
fn gazetteer_index(dir: &Path, out: &Path) -> Vec<gazetteer::place::Place> {
    let fail = |what: &str, e: &dyn std::fmt::Display| -> ! { fail(dir, what, e) };
    let open = |name: &str| open(dir, name);
    let (p, r) = open("places.tsv.gz");
    let (mut places, warnings) =
        gazetteer::tsv::read_places(&p, r).unwrap_or_else(|e| fail("places", &e));
    for w in &warnings {
        println!("cargo:warning=embedded gazetteer: {w}");
    }
    let (p, r) = open("geometry.tsv.gz");
    let geoms = gazetteer::tsv::read_geometries(&p, r).unwrap_or_else(|e| fail("geometry", &e));
    let orphans = gazetteer::tsv::attach_geometries(&mut places, geoms);
    if !orphans.is_empty() {
        fail(
            "geometry",
            &format!("ids with no place: {}", orphans.join(", ")),
        );
    }
    let (p, r) = open("demonyms.tsv.gz");
    let demonyms = gazetteer::tsv::read_demonyms(&p, r).unwrap_or_else(|e| fail("demonyms", &e));
    let (_, r) = open("not_places.txt");
    let blockers = gazetteer::tsv::read_name_list(r).unwrap_or_else(|e| fail("not_places", &e));

    let (bytes, stats) = gazetteer::index::compile(&places, &demonyms, &blockers)
        .unwrap_or_else(|e| fail("compile", &e));
    if !stats.unknown_demonyms.is_empty() {
        fail(
            "demonyms",
            &format!("unknown place ids: {}", stats.unknown_demonyms.join(", ")),
        );
    }
    // The embedded index is loaded trusting its string table to be UTF-8
    // (`Index::from_embedded`): check it once here.
    if !gazetteer::index::Index::string_table_is_utf8(std::borrow::Cow::Owned(bytes.clone())) {
        fail("compile", &"string table is not UTF-8");
    }
    // Its place records' strings are read without a check per access
    // (`Index::from_embedded`): check every reference once here.
    if !gazetteer::index::Index::place_strings_are_whole(std::borrow::Cow::Owned(bytes.clone())) {
        fail("compile", &"a place record's string reference is corrupt");
    }
    // The countries' and first-level divisions' numbers (`Index::areas`),
    // so that a run does not read every place record to find them.
    let index =
        gazetteer::index::Index::from_bytes_unverified(std::borrow::Cow::Owned(bytes.clone()))
            .unwrap_or_else(|e| fail("compile", &e));
    let areas: Vec<u8> = (index.area_list().iter())
        .flat_map(|i| i.to_le_bytes())
        .collect();
    std::fs::write(out.join("gazetteer.areas"), areas).unwrap_or_else(|e| fail("write", &e));
    std::fs::write(out.join("gazetteer.idx"), bytes).unwrap_or_else(|e| fail("write", &e));
    places
}

/// Checks `admin1_codes.tsv` against the places and writes it as Rust
/// (`admin1_codes.rs`): the units, and the forms without their trailing dot,
/// sorted for binary search.
fn admin1_codes(dir: &Path, out: &Path, places: &[gazetteer::place::Place]) {
    let (p, r) = open(dir, "admin1_codes.tsv");
    let rows = gazetteer::tsv::read_admin1_codes(&p, r).unwrap_or_else(|e| fail(dir, "codes", &e));
    let by_id: std::collections::HashMap<&str, &gazetteer::place::Place> =
        places.iter().map(|pl| (pl.id.as_str(), pl)).collect();
    let mut units: Vec<&str> = Vec::new();
    let mut forms: Vec<(&str, usize, &str)> = Vec::new();
    for row in &rows {
        // The unit is an admin1 place whose name is the admin1 spelling of
        // its towns, or (US territories) a country with no admin1 spelling.
        let ok = by_id.get(row.place_id.as_str()).is_some_and(|pl| {
            let level = match pl.kind {
                gazetteer::place::Kind::Admin1 => row.admin1 == pl.name,
                gazetteer::place::Kind::Country => row.admin1.is_empty(),
                _ => false,
            };
            level && pl.name == row.name && pl.country == row.country
        });
        if !ok {
            fail(
                dir,
                "codes",
                &format!(
                    "{:?}: no place {} named {:?} in {}",
                    row.form, row.place_id, row.name, row.country
                ),
            );
        }
        let unit = units
            .iter()
            .position(|u| *u == row.place_id)
            .unwrap_or_else(|| {
                units.push(&row.place_id);
                units.len() - 1
            });
        let key = row.form.strip_suffix('.').unwrap_or(&row.form);
        forms.push((key, unit, &row.kind));
    }
    forms.sort();
    if let Some(w) = forms.windows(2).find(|w| w[0].0 == w[1].0) {
        fail(dir, "codes", &format!("form {:?} listed twice", w[0].0));
    }
    let mut src = String::from("static UNITS: &[Admin1Code] = &[\n");
    for id in &units {
        let row = rows
            .iter()
            .find(|r| r.place_id == *id)
            .expect("unit from rows");
        let postal = rows
            .iter()
            .find(|r| r.place_id == *id && r.kind == "postal");
        let postal = postal.map_or("", |r| r.form.as_str());
        src += &format!(
            "    Admin1Code {{ country: {:?}, place_id: {:?}, admin1: {:?}, name: {:?}, postal: {:?} }},\n",
            row.country, row.place_id, row.admin1, row.name, postal
        );
    }
    src += "];\n\nstatic FORMS: &[(&str, u16, CodeForm)] = &[\n";
    for (key, unit, kind) in &forms {
        let kind = match *kind {
            "postal" => "Postal",
            "abbrev" => "Abbreviation",
            _ => "Variant",
        };
        src += &format!("    ({key:?}, {unit}, CodeForm::{kind}),\n");
    }
    src += "];\n";
    std::fs::write(out.join("admin1_codes.rs"), src).unwrap_or_else(|e| fail(dir, "write", &e));
}

/// Compiles `person_names.tsv.gz` into an FST map (`person_names.fst`): name
/// -> given-name frequency bits << 32 | surname frequency bits (f32).
fn person_names(dir: &Path, out: &Path) {
    let (p, r) = open(dir, "person_names.tsv.gz");
    let rows = gazetteer::tsv::read_person_names(&p, r).unwrap_or_else(|e| fail(dir, "names", &e));
    let mut map = fst::MapBuilder::memory();
    for row in &rows {
        let v = (u64::from(row.given.to_bits()) << 32) | u64::from(row.surname.to_bits());
        map.insert(&row.name, v)
            .unwrap_or_else(|e| fail(dir, "names", &e));
    }
    let bytes = map.into_inner().unwrap_or_else(|e| fail(dir, "names", &e));
    std::fs::write(out.join("person_names.fst"), bytes).unwrap_or_else(|e| fail(dir, "write", &e));
}
