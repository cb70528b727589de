//! The GeoJSON gazetteer loader.
#![no_main]

use std::path::Path;

use geomention::gazetteer::geojson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = geojson::read(Path::new("fuzz.geojson"), data);
});
