//! One integration-test binary that drives the real `geomention` executable.

#[macro_use]
mod util;

// The seed article: the acceptance example of issue 2 (read from ../shared).
mod seed;
// The command line: inputs, outputs, errors and exit codes.
mod cli;
// `geomention eval`: scoring against gold annotations.
mod eval;
// Output formats and flags: split layers, points, GeoJSONSeq, CSV, HTML map.
mod outputs;
// Real clients (GDAL, PyQGIS, geojson.io's validator, Chromium) on outputs.
mod clients;
// `geomention coverage`: mapped, missed, checklist and suggestions.
mod coverage;
// Coordinates written in the text: the test set and every output format.
mod coordinates;
// Arabic script and romanized Arabic: the Arabic test set and spellings.
mod arabic;
// User gazetteers: CSV, GeoNames, GeoJSON, .gmidx; gazetteer build and lookup.
mod gazetteers;
// The embedded gazetteer's points (GeoNames' for GeoNames ids) and geometries.
mod geometry;
// Property test: mention offsets give back the mention text (proptest).
mod offsets;
// `map --format partial` and `merge`: exact merge of partial results.
mod merge;
// Streaming `map`: batches, their order, warnings and errors across them.
mod stream;
