//! The command line: one file per subcommand, each with its clap `Args`,
//! its validation into a config, and its `run`. Shared options live here.

pub mod coverage;
pub mod eval;
pub mod gazetteer;
pub mod map;
pub mod merge;
pub mod train;

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
    /// Find the places a text names and write them as GeoJSON, JSON Lines, CSV or an HTML map.
    #[command(after_help = map::EXAMPLES)]
    Map(map::MapArgs),
    /// Merge partial results (map --format partial) into GeoJSON, CSV, HTML or a bigger partial.
    #[command(after_help = merge::EXAMPLES)]
    Merge(merge::MergeArgs),
    /// Score the tool against gold annotations.
    Eval(eval::EvalArgs),
    /// Report what a text names, what was mapped and what was missed.
    Coverage(coverage::CoverageArgs),
    /// Learn the evidence weights from annotated corpora, cross-validated.
    Train(train::TrainArgs),
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

/// Resolution bias shared by `map`, `coverage` and `eval`.
#[derive(Debug, Clone, Args, Default)]
pub struct BiasOpts {
    /// Prefer places in these countries (ISO alpha-2 codes, comma-separated).
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    pub country: Vec<String>,

    /// Prefer places inside this box: west,south,east,north in degrees
    /// (for example 35.5,34.5,42.5,37.5 for Syria).
    #[arg(
        long,
        value_name = "W,S,E,N",
        value_delimiter = ',',
        allow_negative_numbers = true
    )]
    pub bbox: Vec<f64>,

    /// Score senses and names with the weights in FILE (made by
    /// `geomention train -o FILE`) instead of the shipped ones.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<std::path::PathBuf>,
}

impl BiasOpts {
    /// Checks the codes and the box.
    pub fn validate(&self) -> Result<(), UsageError> {
        for c in &self.country {
            if c.len() != 2 || !c.chars().all(|x| x.is_ascii_alphabetic()) {
                return Err(UsageError(format!(
                    "--country takes ISO 3166-1 alpha-2 codes such as SY,TR; got {c:?}"
                )));
            }
        }
        self.bbox().map(|_| ())
    }

    /// The box as `[west, south, east, north]`, if given.
    pub fn bbox(&self) -> Result<Option<[f64; 4]>, UsageError> {
        match self.bbox.as_slice() {
            [] => Ok(None),
            &[w, s, e, n] if w.abs() <= 180.0 && e.abs() <= 180.0 && s.abs() <= 90.0 && n.abs() <= 90.0 && w < e && s < n => {
                Ok(Some([w, s, e, n]))
            }
            _ => Err(UsageError(
                "--bbox takes west,south,east,north in degrees with west < east and south < north, such as 35.5,34.5,42.5,37.5".into(),
            )),
        }
    }

    /// Applies the bias (and the weights file, if given) to a resolver.
    pub fn apply(&self, resolver: &mut geomention::Resolver<'_>) -> anyhow::Result<()> {
        resolver.country_bias(&self.country);
        resolver.bbox(self.bbox().ok().flatten());
        if let Some(path) = &self.weights {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the weights file {}", path.display()))?;
            let w = geomention::resolve::Weights::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            resolver.weights(w);
        }
        Ok(())
    }
}

impl GazetteerOpts {
    /// Loads the embedded gazetteer (unless turned off) and stacks the
    /// user gazetteers on it.
    pub fn load(&self, quiet: bool) -> anyhow::Result<Gazetteer> {
        let mut g = if self.no_default_gazetteer {
            Gazetteer::empty()
        } else {
            Gazetteer::embedded().context("loading the embedded gazetteer")?
        };
        gazetteer::load_all(&mut g, &self.gazetteers, quiet)?;
        if g.is_empty() {
            anyhow::bail!(
                "the gazetteer is empty: --no-default-gazetteer needs at least one --gazetteer FILE with places"
            );
        }
        Ok(g)
    }
}

/// On SIGINT or SIGTERM, removes the temporary output files not yet
/// published, then exits with the conventional 128 + signal (130, 143).
/// (Without this, an interrupted `-o` run left its `.geomention-XXXXXX`
/// file behind: the process died before any destructor ran.)
#[cfg(unix)]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            geomention::output::write::remove_temp_files_then(|_| std::process::exit(128 + sig));
        }
    });
    Ok(())
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
