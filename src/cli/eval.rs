//! `geomention eval`: map documents and score the result against gold
//! annotations (see `docs/EVALUATION.md` for the rules).

use std::path::PathBuf;

use clap::Args;
use geomention::Geoparser;
use geomention::eval;
use geomention::input::Source;

use super::{BiasOpts, GazetteerOpts, InputOpts, RunOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention eval --gold eval/seed/gold.jsonl eval/seed/docs.jsonl
  geomention eval --gold gold.jsonl docs.jsonl --json report.json -f
  geomention eval --gold gold.jsonl docs.jsonl --json - | jq .toponyms
  geomention eval --gold gold.jsonl docs.jsonl --annotated-only

Exit codes: 0 success, 1 runtime or data error (including bad gold rows),
2 usage error.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct EvalArgs {
    /// Gold annotations: JSON Lines, one mention per row with doc, start,
    /// end (code points), text, class and expected.
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: PathBuf,

    /// The documents the gold refers to: .jsonl files of {"id","text"}
    /// rows (or text files, whose id is their path as given).
    #[arg(value_name = "DOCS", required = true)]
    pub inputs: Vec<PathBuf>,

    /// Also write the full report as JSON to FILE (atomically); `-` writes
    /// the JSON to standard output instead of the text report.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Overwrite the --json file if it exists.
    #[arg(short, long)]
    pub force: bool,

    /// Score only the documents that have at least one gold row. By
    /// default a document without gold rows counts as annotated with no
    /// places, and every name found in it is a false positive; use this
    /// for a corpus whose annotators left some documents unmarked.
    #[arg(long)]
    pub annotated_only: bool,

    #[command(flatten)]
    pub bias: BiasOpts,

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

/// Runs `geomention eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    args.run.init_threads()?;
    args.bias.validate()?;
    let json_stdout = args.json.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if args.force && (args.json.is_none() || json_stdout) {
        return Err(UsageError("-f/--force only applies with --json FILE".into()).into());
    }
    if args.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Err(UsageError(
            "eval reads documents from files; - (standard input) is not supported".into(),
        )
        .into());
    }
    let warn = |msg: &dyn std::fmt::Display| {
        if !args.quiet {
            eprintln!("geomention: warning: {msg}");
        }
    };

    let gold = eval::read_gold(&args.gold)?;
    let sources: Vec<Source> = args.inputs.iter().cloned().map(Source::Path).collect();
    let (documents, skipped) = args.input.read(&sources, args.quiet)?;
    if documents.is_empty() {
        anyhow::bail!("no documents to score (every input was empty or skipped)");
    }
    for n in eval::check_gold(&args.gold, &gold, &documents)? {
        warn(&n);
    }

    let gazetteer = args.gazetteer.load(args.quiet)?;
    let mut parser = Geoparser::new(&gazetteer);
    args.bias.apply(parser.resolver_mut())?;
    let mut results = super::map_documents(&parser, documents, args.quiet);
    if args.annotated_only {
        results = eval::annotated_only(results, &gold);
    }
    let report = eval::evaluate(&gazetteer, &results, &gold);
    if report.documents_without_gold > 0 {
        warn(&format_args!(
            "{} of {} documents have no gold rows; their predictions count as false positives",
            report.documents_without_gold, report.documents
        ));
    }

    if json_stdout {
        super::write_output(None, false, |w| report.write_json(w))?;
        return super::finish_inputs(skipped);
    }
    if let Some(path) = &args.json {
        super::write_output(Some(path), args.force, |w| report.write_json(w))?;
    }
    super::write_output(None, false, |w| report.write_text(w))?;
    super::finish_inputs(skipped)
}
