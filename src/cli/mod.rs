//! The command line: one file per subcommand, each with its clap `Args`,
//! its validation into a config, and its `run`. Shared options live here.

pub mod coverage;
pub mod eval;
pub mod gazetteer;
pub mod map;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use geomention::Gazetteer;

/// Map where a text talks about: find place names, resolve them, write GeoJSON.
#[derive(Debug, Parser)]
#[command(name = "geomention", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the places a text names and write them as GeoJSON or JSON Lines.
    #[command(after_help = map::EXAMPLES)]
    Map(map::MapArgs),
    /// Score the tool against gold annotations.
    Eval(eval::EvalArgs),
    /// Report what a text names, what was mapped and what was missed.
    Coverage(coverage::CoverageArgs),
    /// Build a compiled gazetteer index, or look a name up.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// A usage error: printed with a hint, exit code 2. Subcommands may
/// return it inside an `anyhow::Error`.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Gazetteer options shared by `map`, `coverage` and `eval`.
#[derive(Debug, Clone, Args, Default)]
pub struct GazetteerOpts {
    /// A user gazetteer to stack on the embedded one (repeatable): GeoNames
    /// dump (.txt), CSV, GeoJSON, or a compiled index (.gmidx).
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the embedded world gazetteer (use only --gazetteer files).
    #[arg(long)]
    pub no_default_gazetteer: bool,
}

impl GazetteerOpts {
    /// Loads the embedded gazetteer (unless turned off) and stacks the
    /// user gazetteers on it.
    pub fn load(&self, quiet: bool) -> anyhow::Result<Gazetteer> {
        let _ = quiet;
        let mut g = if self.no_default_gazetteer {
            Gazetteer::empty()
        } else {
            Gazetteer::embedded().context("loading the embedded gazetteer")?
        };
        for path in &self.gazetteers {
            gazetteer::load_into(&mut g, path, quiet)?;
        }
        if g.is_empty() {
            anyhow::bail!(
                "the gazetteer is empty: --no-default-gazetteer needs at least one --gazetteer FILE with places"
            );
        }
        Ok(g)
    }
}

/// Writes output to a file atomically (refusing to overwrite without
/// `force`), or to standard output.
pub fn write_output(
    path: Option<&Path>,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> geomention::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => geomention::output::write_atomic(path, force, write)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write(&mut lock)?;
            lock.flush()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
