//! The CSV gazetteer loader with its WKT reader.
#![no_main]

use std::path::Path;

use geomention::gazetteer::csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = csv::read(Path::new("fuzz.csv"), data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = csv::parse_wkt(s);
    }
});
