//! One integration-test binary that drives the real `geomention` executable.

#[macro_use]
mod util;

// The seed article: the acceptance example of issue 2 (read from ../shared).
mod seed;
// The command line: inputs, outputs, errors and exit codes.
mod cli;
// Scoring against gold annotations (`geomention eval`).
mod eval;
// Output formats and flags of `map`.
mod outputs;
