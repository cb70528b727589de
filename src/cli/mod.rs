//! The command line: one file per subcommand, each with its clap `Args`,
//! its validation into a config, and its `run`. Shared options live here.

pub mod allocator;
pub mod coverage;
pub mod eval;
pub mod gazetteer;
pub mod map;
pub mod merge;
pub mod stream;
pub mod train;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use geomention::input::Source;
use geomention::{DocResult, Document, Gazetteer, Geoparser};

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

impl Command {
    /// `-o -` (and `train --report -`) mean standard output, as `-` for an
    /// input means standard input: no file named `-` is ever written.
    /// `train -o -` writes the weights to standard output.
    pub fn dash_is_stdout(&mut self) {
        let out = |o: &mut Option<PathBuf>| {
            if o.as_deref().is_some_and(is_dash) {
                *o = None;
            }
        };
        match self {
            Command::Map(a) => out(&mut a.output),
            Command::Merge(a) => out(&mut a.output),
            Command::Coverage(a) => out(&mut a.output),
            Command::Train(a) => out(&mut a.report),
            Command::Eval(_) | Command::Gazetteer(_) => {}
        }
    }
}

/// Whether a path argument is `-` (standard input or output).
pub fn is_dash(p: &Path) -> bool {
    p.as_os_str() == "-"
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

/// Run options shared by `map`, `coverage` and `eval`.
#[derive(Debug, Clone, Args, Default)]
pub struct RunOpts {
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl RunOpts {
    /// Sets the size of the thread pool (once per process).
    pub fn init_threads(&self) -> anyhow::Result<()> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.into())
                .build_global()
                .context("cannot start the worker threads")?;
        }
        Ok(())
    }
}

/// Maps documents in parallel. A run that lasts more than a second shows
/// its progress on standard error (documents and bytes done, rate, time
/// left) when standard error is a terminal and `quiet` is off.
pub fn map_documents(parser: &Geoparser<'_>, docs: Vec<Document>, quiet: bool) -> Vec<DocResult> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    if quiet || !std::io::stderr().is_terminal() {
        return parser.map_all(docs);
    }
    let n_docs = docs.len();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let bar = ProgressBar::with_draw_target(Some(bytes as u64), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} documents, {bytes}/{total_bytes} ({bytes_per_sec}), {eta} left {wide_bar}",
        )
        .expect("a valid template"),
    );
    let start = std::time::Instant::now();
    let (done, shown) = (AtomicUsize::new(0), AtomicBool::new(false));
    let results = parser.map_all_with(docs, |r| {
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        bar.inc(r.document.text.len() as u64);
        if d % 64 == 0 || d == n_docs {
            bar.set_message(format!("{d}/{n_docs}"));
        }
        if start.elapsed().as_secs() >= 1 && !shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    });
    bar.finish_and_clear();
    results
}

/// How documents are read, shared by `map`, `coverage` and `eval`.
#[derive(Debug, Clone, Args)]
pub struct InputOpts {
    /// Follow symbolic links met while walking a directory (links named as
    /// INPUT are always followed). Without it such links are named on
    /// standard error and not read.
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// The largest document read, in bytes: a text file, standard input,
    /// or one JSON Lines row (suffixes K, M, G: powers of 1024). A larger
    /// one stops the run with an error naming the file (and line).
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_bytes)]
    pub max_doc_bytes: u64,
}

impl Default for InputOpts {
    fn default() -> InputOpts {
        InputOpts {
            follow: false,
            max_doc_bytes: geomention::input::DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// Parses a byte count such as `50000000`, `512K`, `64M` or `2G`.
fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown suffix {c:?} (use K, M or G)")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    match num.parse::<u64>().ok().and_then(|n| n.checked_mul(mult)) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is not a positive byte count such as 64M")),
    }
}

/// Entries of a directory input that could not be read: the run mapped
/// the rest, and exits with code 2 (as ripgrep does).
#[derive(Debug)]
pub struct SkippedInputs(pub usize);

impl std::fmt::Display for SkippedInputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        write!(
            f,
            "{n} input entr{} could not be read and {} skipped (named above); the rest was mapped",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "was" } else { "were" }
        )
    }
}

impl std::error::Error for SkippedInputs {}

impl InputOpts {
    /// Reads the sources, printing warnings (unless `quiet`) and every
    /// skipped entry; returns the documents and the number skipped (for
    /// [`finish_inputs`]).
    pub fn read(
        &self,
        sources: &[Source],
        quiet: bool,
    ) -> anyhow::Result<(Vec<geomention::input::Document>, usize)> {
        let opts = geomention::input::ReadOptions {
            follow: self.follow,
            max_doc_bytes: self.max_doc_bytes,
            outputs: Vec::new(),
        };
        let inputs = geomention::input::read_sources_with(sources, &opts)?;
        if !quiet {
            for n in &inputs.notices {
                eprintln!("geomention: warning: {n}");
            }
        }
        for n in &inputs.skipped {
            eprintln!("geomention: error: {n}");
        }
        Ok((inputs.documents, inputs.skipped.len()))
    }
}

/// The end of a run that read inputs: an error (exit code 2) when
/// entries were skipped.
pub fn finish_inputs(skipped: usize) -> anyhow::Result<()> {
    if skipped > 0 {
        return Err(SkippedInputs(skipped).into());
    }
    Ok(())
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
        if let Some(c) = self
            .country
            .iter()
            .find(|c| !resolver.gazetteer().has_country(c))
        {
            return Err(UsageError(format!(
                "--country {c}: no place in the gazetteer has this country code \
                 (ISO 3166-1 alpha-2, such as SY,TR)"
            ))
            .into());
        }
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

    #[test]
    fn byte_counts() {
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("512k"), Ok(512 << 10));
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("9X").is_err());
        assert!(parse_bytes("99999999999G").is_err());
    }
}
