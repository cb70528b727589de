//! `geomention merge`: partial results (`map --format partial`) merged
//! into any place output of `map`, byte for byte what one `map` over all
//! the documents writes.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use geomention::output::partial::{self, Partial};
use geomention::output::sink::Sink;
use rayon::prelude::*;

use super::map::{Case, Format, MapArgs, PlaceFlags};
use super::{BiasOpts, GazetteerOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention map part1.jsonl --format partial -o part1.partial
  geomention map part2.jsonl --format partial -o part2.partial
  geomention merge part1.partial part2.partial -o places.geojson
      (the same bytes as: geomention map part1.jsonl part2.jsonl -o places.geojson)
  geomention merge parts/*.partial --format html -o map.html
  geomention merge a.partial b.partial --format partial -o ab.partial  (merge in a tree)

The parts must come from disjoint sets of documents, mapped with the same
options (--demonyms, --case, --country, --bbox, --weights, --gazetteer);
give merge the same --gazetteer files. The order of the parts does not matter.";

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial results written by `map --format partial` (or by `merge
    /// --format partial`).
    #[arg(value_name = "PART", required = true)]
    pub parts: Vec<PathBuf>,

    /// Write to FILE instead of standard output (atomically; `-` is
    /// standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists (only a regular file).
    #[arg(short, long)]
    pub force: bool,

    /// Output format: geojson, geojsonseq, csv, html or partial (the
    /// per-mention formats need the documents: use `map`).
    #[arg(long = "format", value_enum, default_value_t = Format::Geojson)]
    pub format: Format,

    #[command(flatten)]
    pub places: PlaceFlags,

    /// Layer name (default: the output file's stem, or "geomention").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Print no warnings.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

/// Runs `geomention merge`.
pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    if matches!(args.format, Format::Mentions | Format::MentionsCsv) {
        anyhow::bail!(UsageError(
            "merge writes the place formats (geojson, geojsonseq, csv, html, partial); per-mention rows need the documents: use map".into(),
        ));
    }
    let parts = args.parts;
    let map = MapArgs {
        inputs: Vec::new(),
        output: args.output,
        force: args.force,
        format: args.format,
        demonyms: false,
        places: args.places,
        bias: BiasOpts::default(),
        case: Case::Auto,
        name: args.name,
        quiet: args.quiet,
        batch_bytes: 1,
        gazetteer: args.gazetteer,
        // Partials carry no documents: no coordinates to read, no input
        // walk, no mapping threads.
        no_coordinates: true,
        input: Default::default(),
        run: Default::default(),
    };
    let mut cfg = map.config_with(Vec::new()).map_err(anyhow::Error::new)?;
    if let Some(out) = cfg.output.as_deref() {
        let inputs: Vec<&std::path::Path> = parts.iter().map(|p| p.as_path()).collect();
        super::map::existing_outputs(&super::map::output_paths(&cfg, out), &inputs)?;
    }
    let files = match cfg.output.as_deref() {
        Some(out) => Some(super::map::open_outputs(&cfg, out)?),
        None => None,
    };
    let gazetteer = cfg.gazetteer.load(cfg.quiet)?;
    let read: Vec<anyhow::Result<Partial>> = parts
        .par_iter()
        .map(|path| {
            let f = std::fs::File::open(path)
                .with_context(|| format!("opening the partial result {}", path.display()))?;
            let mut r = std::io::BufReader::new(f);
            Ok(partial::read(&gazetteer, &mut r).map_err(|e| e.with_path(path))?)
        })
        .collect();
    let mut read = read.into_iter().zip(&parts);
    let Some((first, _)) = read.next() else {
        anyhow::bail!(UsageError("no PART given".into()));
    };
    let first = first?;
    // The parts say whether demonyms count (they must agree).
    cfg.demonyms = first.demonyms;
    let mut sink = super::map::place_sink(&cfg, files, &gazetteer);
    sink.merge(first)?;
    for (p, path) in read {
        sink.merge(p?).map_err(|e| e.with_path(path))?;
    }
    Box::new(sink).finish()?;
    Ok(())
}
