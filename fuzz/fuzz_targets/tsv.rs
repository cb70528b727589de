//! The project's TSV gazetteer format: places, geometries, demonyms, names.
#![no_main]

use std::path::Path;

use geomention::gazetteer::tsv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tsv::read_places(Path::new("places.tsv"), data);
    let _ = tsv::read_geometries(Path::new("geometry.tsv"), data);
    let _ = tsv::read_demonyms(Path::new("demonyms.tsv"), data);
    let _ = tsv::read_name_list(data);
});
