//! `geomention coverage`: what the text names, what was mapped, what was
//! missed. Raw flags in [`CoverageArgs`], run by [`run`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use geomention::Geoparser;
use geomention::coverage::{self, Coverage, CoverageOptions};
use geomention::input::Source;

use super::map::Case;
use super::{BiasOpts, GazetteerOpts, InputOpts, RunOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention coverage article.txt
  geomention coverage corpus.jsonl --format markdown -o coverage.md
  geomention coverage article.txt --expect expected.txt
  geomention coverage article.txt --suggest missing.csv
  # fill in lat/lon in missing.csv, then:
  geomention map article.txt --gazetteer missing.csv

Exit codes: 0 success, 1 runtime or data error, 2 usage error.";

/// Report formats of `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report with sections and totals.
    Text,
    /// The whole report as JSON.
    Json,
    /// One row per item, with a `section` column.
    Csv,
    /// Markdown tables.
    Markdown,
}

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CoverageArgs {
    /// Text files, directories (read recursively), .jsonl files of
    /// {"id","text"} rows, or - for standard input; any of them may be
    /// gzip-compressed (.jsonl.gz, .txt.gz).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Write the report to FILE instead of standard output (atomically; `-`
    /// is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the output and --suggest files if they exist.
    #[arg(short, long)]
    pub force: bool,

    /// Report format.
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Check these expected places: a CSV with a `name` column and an
    /// optional `place_id` (or `id`) column, or a plain list, one name per
    /// line.
    #[arg(long, value_name = "FILE")]
    pub expect: Option<PathBuf>,

    /// Write the missed phrases as a gazetteer CSV skeleton to FILE; fill in
    /// lat and lon and pass it back with --gazetteer FILE.
    #[arg(long, value_name = "FILE")]
    pub suggest: Option<PathBuf>,

    /// Count demonyms ("Syrian", "Turks") as mentions of their country.
    #[arg(long)]
    pub demonyms: bool,

    /// List missed phrases scoring at least N as places.
    #[arg(long, value_name = "N", default_value_t = coverage::DEFAULT_MIN_SCORE, allow_negative_numbers = true)]
    pub min_score: f64,

    #[command(flatten)]
    pub bias: BiasOpts,

    /// Capitalisation rules for names, as `map --case`.
    #[arg(long, value_enum, default_value_t = Case::Auto)]
    pub case: Case,

    /// Print no warnings and no progress.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub run: RunOpts,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,

    #[command(flatten)]
    pub input: InputOpts,
}

/// The document sources named on the command line (stdin for `-`, or when
/// no input is given and stdin is not a terminal).
pub fn sources(inputs: &[PathBuf]) -> Result<Vec<Source>, UsageError> {
    let sources: Vec<Source> = if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(UsageError(
                "no INPUT given and standard input is a terminal; name a file, a directory, or - for stdin".into(),
            ));
        }
        vec![Source::Stdin]
    } else {
        inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::Path(p.clone())
                }
            })
            .collect()
    };
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(UsageError(
            "- (standard input) can be given only once".into(),
        ));
    }
    Ok(sources)
}

fn check(args: &CoverageArgs) -> Result<Vec<Source>, UsageError> {
    let sources = sources(&args.inputs)?;
    args.bias.validate()?;
    if args.force && args.output.is_none() && args.suggest.is_none() {
        return Err(UsageError(
            "-f/--force only applies with -o/--output FILE or --suggest FILE".into(),
        ));
    }
    if !args.min_score.is_finite() {
        return Err(UsageError("--min-score takes a number".into()));
    }
    if let (Some(o), Some(s)) = (&args.output, &args.suggest) {
        if o == s {
            return Err(UsageError(
                "-o/--output and --suggest name the same file".into(),
            ));
        }
    }
    Ok(sources)
}

fn read_expected(path: &Path) -> anyhow::Result<Vec<coverage::Expected>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open the list of expected places {}", path.display()))?;
    let list =
        coverage::read_expected(std::io::BufReader::new(file)).map_err(|e| e.with_path(path))?;
    Ok(list)
}

/// Runs `geomention coverage`.
pub fn run(args: CoverageArgs) -> anyhow::Result<()> {
    args.run.init_threads()?;
    let sources = check(&args).map_err(anyhow::Error::new)?;
    let targets: Vec<PathBuf> = [&args.output, &args.suggest]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let inputs: Vec<&std::path::Path> = args.inputs.iter().map(|p| p.as_path()).collect();
    super::map::existing_outputs(&targets, &inputs)?;
    // Read the expected list first: a typo in its path should not cost a
    // whole mapping run.
    let expected = args.expect.as_deref().map(read_expected).transpose()?;
    let gazetteer = args.gazetteer.load(args.quiet)?;
    let (documents, skipped) = args.input.read(&sources, args.quiet)?;
    if documents.is_empty() {
        anyhow::bail!("no documents to read (every input was empty or skipped)");
    }
    let mut parser = Geoparser::new(&gazetteer);
    parser.matcher_mut().case_mode(match args.case {
        Case::Auto => geomention::CaseMode::Auto,
        Case::Strict => geomention::CaseMode::Strict,
        Case::Ignore => geomention::CaseMode::Ignore,
    });
    args.bias.apply(parser.resolver_mut())?;
    let results = super::map_documents(&parser, documents, args.quiet);
    let opts = CoverageOptions {
        demonyms: args.demonyms,
        min_score: args.min_score,
        ..CoverageOptions::default()
    };
    let mut cov = Coverage::from_results(&gazetteer, &results, &opts);
    if let Some(expected) = &expected {
        if expected.is_empty() && !args.quiet {
            eprintln!("geomention: warning: the list of expected places is empty");
        }
        cov.check_expected(expected);
    }
    if let Some(path) = &args.suggest {
        geomention::output::write_atomic(path, args.force, |w| {
            coverage::write_suggestions(&cov, w)
        })?;
        if !args.quiet {
            eprintln!(
                "geomention: wrote {} missed phrases to {}; fill in lat and lon, then pass it with --gazetteer",
                cov.total.missed.len(),
                path.display()
            );
        }
    }
    let write = |w: &mut dyn Write| -> geomention::Result<()> {
        match args.format {
            Format::Text => coverage::write_text(&cov, w),
            Format::Json => coverage::write_json(&cov, w),
            Format::Csv => coverage::write_csv(&cov, w),
            Format::Markdown => coverage::write_markdown(&cov, w),
        }
    };
    super::write_output(args.output.as_deref(), args.force, write)?;
    super::finish_inputs(skipped)
}
