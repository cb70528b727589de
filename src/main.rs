//! The `geomention` binary: parse arguments, run the library, map the
//! outcome to an exit code (0 success, 1 runtime or data error, 2 usage).
#![allow(clippy::print_stderr, clippy::exit)]

mod cli;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use geomention::output::{self, OutputOptions};
use geomention::{Gazetteer, Geoparser};

use cli::{Cli, Command, Format, MapConfig, UsageError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Map(args) => match args.into_config() {
            Ok(cfg) => run_map(cfg),
            Err(UsageError(msg)) => {
                eprintln!(
                    "error: {msg}\n\nUsage: geomention map [OPTIONS] [INPUT]...\n\nFor more information, try '--help'."
                );
                return ExitCode::from(2);
            }
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`geomention map x | head`) is not a failure.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("geomention: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run_map(cfg: MapConfig) -> anyhow::Result<()> {
    let gazetteer = Gazetteer::embedded().context("loading the embedded gazetteer")?;
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
    match &cfg.output {
        Some(path) => output::write_atomic(path, cfg.force, write)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write(&mut lock)?;
            lock.flush()?;
        }
    }
    Ok(())
}
