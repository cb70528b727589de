//! `geomention map`: raw flags in [`MapArgs`], validated into a
//! [`MapConfig`], run by [`run`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use geomention::Geoparser;
use geomention::output::{self, OutputOptions};

use clap::{Args, ValueEnum};
use geomention::input::Source;

use super::{GazetteerOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention map article.txt -o article.geojson
  geomention map docs/ --format mentions > mentions.jsonl
  geomention map corpus.jsonl --demonyms -o places.geojson -f
  curl -s https://example.org/a.txt | geomention map - > a.geojson

Exit codes: 0 success (no places still gives a valid, empty FeatureCollection),
1 runtime or data error, 2 usage error.";

/// Output formats of `map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// RFC 7946 FeatureCollection, one feature per place.
    Geojson,
    /// JSON Lines, one object per mention.
    Mentions,
}

/// Capitalisation handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Case {
    /// Lower-case mode when the text has almost no capitals.
    Auto,
    /// Names must be capitalised.
    Strict,
    /// Ignore capitalisation of names (codes still match exactly).
    Ignore,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Text files, directories (read recursively), .jsonl files of
    /// {"id","text"} rows, or - for standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Write to FILE instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the output file if it exists.
    #[arg(short, long)]
    pub force: bool,

    /// Output format.
    #[arg(long = "format", value_enum, default_value_t = Format::Geojson)]
    pub format: Format,

    /// Also report demonyms ("Syrian", "Turks") as mentions of kind
    /// `demonym`, counted apart in `demonym_count`.
    #[arg(long)]
    pub demonyms: bool,

    /// Decimal places of coordinates.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=15))]
    pub precision: u32,

    /// Prefer places in these countries (ISO alpha-2 codes, comma-separated).
    #[arg(long, value_name = "CC,CC", value_delimiter = ',')]
    pub country: Vec<String>,

    /// Capitalisation rules for names.
    #[arg(long, value_enum, default_value_t = Case::Auto)]
    pub case: Case,

    /// Layer name written into the FeatureCollection (default: the output
    /// file's stem, or "geomention").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Print no warnings.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

/// Validated settings for `map`.
#[derive(Debug)]
pub struct MapConfig {
    pub sources: Vec<Source>,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub format: Format,
    pub demonyms: bool,
    pub precision: u32,
    pub country: Vec<String>,
    pub case: geomention::CaseMode,
    pub name: String,
    pub quiet: bool,
    pub gazetteer: GazetteerOpts,
}

impl MapArgs {
    pub fn into_config(self) -> Result<MapConfig, UsageError> {
        let sources: Vec<Source> = if self.inputs.is_empty() {
            if std::io::stdin().is_terminal() {
                return Err(UsageError(
                    "no INPUT given and standard input is a terminal; name a file, a directory, or - for stdin".into(),
                ));
            }
            vec![Source::Stdin]
        } else {
            self.inputs
                .into_iter()
                .map(|p| {
                    if p.as_os_str() == "-" {
                        Source::Stdin
                    } else {
                        Source::Path(p)
                    }
                })
                .collect()
        };
        if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
            return Err(UsageError(
                "- (standard input) can be given only once".into(),
            ));
        }
        for c in &self.country {
            if c.len() != 2 || !c.chars().all(|x| x.is_ascii_alphabetic()) {
                return Err(UsageError(format!(
                    "--country takes ISO 3166-1 alpha-2 codes such as SY,TR; got {c:?}"
                )));
            }
        }
        if self.force && self.output.is_none() {
            return Err(UsageError(
                "-f/--force only applies with -o/--output FILE".into(),
            ));
        }
        let name = self.name.unwrap_or_else(|| {
            self.output
                .as_ref()
                .and_then(|p| p.file_stem())
                .and_then(|s| s.to_str())
                .unwrap_or("geomention")
                .to_string()
        });
        Ok(MapConfig {
            sources,
            output: self.output,
            force: self.force,
            format: self.format,
            demonyms: self.demonyms,
            precision: self.precision,
            country: self.country,
            case: match self.case {
                Case::Auto => geomention::CaseMode::Auto,
                Case::Strict => geomention::CaseMode::Strict,
                Case::Ignore => geomention::CaseMode::Ignore,
            },
            name,
            quiet: self.quiet,
            gazetteer: self.gazetteer,
        })
    }
}

/// Runs `geomention map`.
pub fn run(cfg: MapConfig) -> anyhow::Result<()> {
    let gazetteer = cfg.gazetteer.load(cfg.quiet)?;
    let inputs = geomention::input::read_sources(&cfg.sources)?;
    if !cfg.quiet {
        for n in &inputs.notices {
            eprintln!("geomention: warning: {n}");
        }
    }
    if inputs.documents.is_empty() {
        anyhow::bail!("no documents to map (every input was empty or skipped)");
    }
    let mut parser = Geoparser::new(&gazetteer);
    parser.matcher_mut().case_mode(cfg.case);
    parser.resolver_mut().country_bias(&cfg.country);
    let results = parser.map_all(inputs.documents);
    let opts = OutputOptions {
        demonyms: cfg.demonyms,
        precision: cfg.precision,
    };
    let write = |w: &mut dyn Write| -> geomention::Result<()> {
        match cfg.format {
            Format::Geojson => {
                let summaries = output::summarize(&gazetteer, &results, &opts);
                let fc = output::geojson::feature_collection(
                    &gazetteer,
                    &summaries,
                    &opts,
                    &cfg.name,
                    Default::default(),
                )?;
                output::geojson::write(&fc, w)
            }
            Format::Mentions => output::mentions::write(&gazetteer, &results, &opts, w),
        }
    };
    super::write_output(cfg.output.as_deref(), cfg.force, write)
}
