//! The `geomention` binary: parse arguments, run the library, map the
//! outcome to an exit code (0 success, 1 runtime or data error, 2 usage
//! error or unreadable directory entries skipped).
#![allow(clippy::print_stderr, clippy::print_stdout, clippy::exit)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, UsageError};

/// mimalloc: the pipeline allocates many small, short-lived values from
/// several threads (see docs/BENCHMARKS.md for what it saves). With the
/// feature `python` the library sets it (src/python.rs).
#[cfg(not(feature = "python"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::allocator::configure();
    let mut cli = Cli::parse();
    cli.command.dash_is_stdout();
    #[cfg(unix)]
    if let Err(e) = cli::clean_up_on_signals() {
        eprintln!(
            "geomention: warning: cannot handle SIGINT/SIGTERM ({e}): an interrupted run may leave a temporary file"
        );
    }
    let result = match cli.command {
        Command::Map(args) => match args.into_config() {
            Ok(cfg) => cli::map::run(cfg),
            Err(e) => return usage(e, "map"),
        },
        Command::Merge(args) => cli::merge::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Coverage(args) => cli::coverage::run(args),
        Command::Train(args) => cli::train::run(args),
        Command::Gazetteer(cmd) => cli::gazetteer::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(u) = err.downcast_ref::<UsageError>() {
                return usage(UsageError(u.0.clone()), "");
            }
            if let Some(s) = err.downcast_ref::<cli::SkippedInputs>() {
                eprintln!("geomention: {s}");
                return ExitCode::from(2);
            }
            // A closed pipe (`geomention map x | head`) is not a failure.
            if err
                .chain()
                .filter_map(|e| match e.downcast_ref::<geomention::Error>() {
                    Some(g) => match g.kind() {
                        geomention::ErrorKind::Io(io) => Some(io),
                        _ => None,
                    },
                    None => e.downcast_ref::<std::io::Error>(),
                })
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("geomention: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn usage(e: UsageError, sub: &str) -> ExitCode {
    let sub = if sub.is_empty() {
        String::new()
    } else {
        format!(" {sub}")
    };
    eprintln!(
        "error: {}\n\nFor more information, try 'geomention{sub} --help'.",
        e.0
    );
    ExitCode::from(2)
}
