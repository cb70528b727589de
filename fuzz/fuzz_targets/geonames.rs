//! The GeoNames loader: a dump, and the companion tables.
#![no_main]

use std::path::Path;

use geomention::gazetteer::geonames::{self, Tables};
use geomention::gazetteer::load::Warnings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = geonames::read_dump(Path::new("fuzz.txt"), data, &mut Tables::default());
    let _ = geonames::read_admin1(Path::new("admin1CodesASCII.txt"), data);
    let _ = geonames::read_country_info(Path::new("countryInfo.txt"), data);
    let mut w = Warnings::default();
    let _ = geonames::read_alternate_names(Path::new("alternateNamesV2.txt"), data, &mut w);
});
