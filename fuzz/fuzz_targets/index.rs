//! The compiled index loader (`.gmidx`): any bytes load as an error or as
//! an index that reads without panicking.
#![no_main]

use std::borrow::Cow;

use geomention::gazetteer::Index;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(idx) = Index::from_bytes(Cow::Owned(data.to_vec())) else {
        return;
    };
    for i in 0..idx.len() {
        let _ = (idx.id(i), idx.name(i), idx.admin1(i), idx.source(i));
        let _ = (idx.note(i), idx.geometry(i), idx.lat(i), idx.lon(i));
        let _ = (idx.population(i), idx.kind(i), idx.country(i));
    }
    for k in 0..(idx.key_count() as u32).saturating_add(2) {
        for p in idx.postings(k) {
            let _ = idx.form(&p);
        }
    }
    let _ = idx.find_keys(" idlib aleppo new york al qamishli m 4 ");
    let _ = idx.key_of("Idlib");
});
