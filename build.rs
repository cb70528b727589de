//! Compiles the embedded gazetteer (`gazetteer/*.tsv.gz`) into the index
//! format once, at build time, so the binary starts without parsing names.
//!
//! The loader, normalizer and index writer are the library's own modules,
//! included by path: the names are normalized by exactly the code that
//! normalizes documents at run time.

#![allow(dead_code)]

#[path = "src/error.rs"]
mod error;
#[path = "src/normalize.rs"]
mod normalize;
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
    ] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    for f in ["index.rs", "place.rs", "tsv.rs"] {
        println!("cargo:rerun-if-changed=src/gazetteer/{f}");
    }
    println!("cargo:rerun-if-changed=src/normalize.rs");

    let fail = |what: &str, e: &dyn std::fmt::Display| -> ! {
        panic!(
            "building the embedded gazetteer from {}: {what}: {e}\n\
             (the data is rebuilt with `python3 gazetteer/build.py`; see gazetteer/README.md)",
            dir.display()
        )
    };
    let open = |name: &str| -> (PathBuf, Box<dyn std::io::BufRead>) {
        let mut p = dir.join(name);
        if !p.exists() {
            // Uncompressed copies work too (handy for small test gazetteers).
            if let Some(plain) = name.strip_suffix(".gz") {
                p = dir.join(plain);
            }
        }
        match gazetteer::tsv::open_maybe_gz(&p) {
            Ok(r) => (p, r),
            Err(e) => fail(name, &e),
        }
    };

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
    let out =
        Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("gazetteer.idx");
    std::fs::write(&out, bytes).unwrap_or_else(|e| fail("write", &e));
}
