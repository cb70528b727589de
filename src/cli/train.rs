//! `geomention train`: learn the evidence weights from annotated corpora
//! and report how they score on documents they never saw.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use geomention::eval::{self, Report};
use geomention::input::Source;
use geomention::resolve::Feature;
use geomention::resolve::silver::{self, SilverStats};
use geomention::resolve::train::{self, Corpus, FitOptions, TrainReport};

use super::{GazetteerOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention train ../shared/eval/geovirus ../shared/eval/tr-news ../shared/eval/geocorpora
  geomention train CORPUS... --folds 5 -o weights.tsv --report report.md

Each CORPUS is a folder with docs.jsonl and gold.jsonl (the eval formats).
The report (standard output unless --report) gives the scores of each
held-out fold, the held-out folds pooled, leave-one-corpus-out, and the
weights fitted on everything (what -o writes).

Exit codes: 0 success, 1 runtime or data error, 2 usage error.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TrainArgs {
    /// Annotated corpora: folders holding docs.jsonl and gold.jsonl.
    #[arg(value_name = "CORPUS", required = true)]
    pub corpora: Vec<PathBuf>,

    /// Number of folds (documents are assigned by a hash of their id).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=20))]
    pub folds: u32,

    /// Write the weights fitted on all corpora to FILE (atomically; `-` is
    /// standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write the report (Markdown) to FILE instead of standard output (`-`
    /// is standard output).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Overwrite -o and --report files if they exist.
    #[arg(short, long)]
    pub force: bool,

    /// Unannotated documents (JSON Lines, text files or folders) to derive a
    /// silver corpus from: names the text itself places with "X, Y" or
    /// "City, ST", as labels for their other mentions (sense weights only).
    #[arg(long, value_name = "INPUT")]
    pub silver: Vec<PathBuf>,

    /// Also write the silver corpus as DIR/docs.jsonl and DIR/gold.jsonl.
    #[arg(long, value_name = "DIR", requires = "silver")]
    pub silver_out: Option<PathBuf>,

    /// Print no warnings.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

fn read_corpus(dir: &std::path::Path) -> anyhow::Result<Corpus> {
    let (docs, gold) = (dir.join("docs.jsonl"), dir.join("gold.jsonl"));
    if !docs.is_file() || !gold.is_file() {
        return Err(UsageError(format!(
            "{}: a corpus folder must hold docs.jsonl and gold.jsonl",
            dir.display()
        ))
        .into());
    }
    let inputs = geomention::input::read_sources(&[Source::Path(docs)])?;
    let name = dir
        .file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into());
    Ok(Corpus {
        name,
        docs: inputs.documents,
        gold: eval::read_gold(&gold).with_context(|| format!("corpus {}", dir.display()))?,
        resolution_only: false,
    })
}

/// Runs `geomention train`.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let mut corpora = args
        .corpora
        .iter()
        .map(|d| read_corpus(d))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let gazetteer = args.gazetteer.load(args.quiet)?;
    let k = args.folds as usize;
    let mut silver_md = String::new();
    if !args.silver.is_empty() {
        let sources: Vec<Source> = args.silver.iter().cloned().map(Source::Path).collect();
        let docs = geomention::input::read_sources(&sources)?.documents;
        let s = silver::extract(&gazetteer, "silver", docs, &|_| {});
        if let Some(dir) = &args.silver_out {
            let (docs, gold) = silver::to_jsonl(&s.corpus);
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            for (name, text) in [("docs.jsonl", docs), ("gold.jsonl", gold)] {
                let path = dir.join(name);
                super::write_output(Some(&path), args.force, |w| {
                    Ok(w.write_all(text.as_bytes())?)
                })?;
            }
        }
        silver_md = silver_markdown(&s.stats);
        corpora.push(s.corpus);
    }
    let report = train::cross_validate(&gazetteer, &corpora, k, FitOptions::default(), &|_| {});
    let header = format!(
        "weights fitted by `geomention train --folds {k}` on {}",
        corpora
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(path) = &args.output {
        let text = report.weights.to_tsv(&header);
        super::write_output(
            Some(path.as_path()).filter(|p| !super::is_dash(p)),
            args.force,
            |w| Ok(w.write_all(text.as_bytes())?),
        )?;
    }
    let md = markdown(&report, k) + &silver_md;
    super::write_output(args.report.as_deref(), args.force, |w| {
        Ok(w.write_all(md.as_bytes())?)
    })
}

fn f(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

fn row(out: &mut String, corpus: &str, setting: &str, r: &Report) {
    let _ = writeln!(
        out,
        "| {corpus} | {setting} | {} | {} | {} | {} | {} | {} |",
        f(r.toponyms.precision),
        f(r.toponyms.recall),
        f(r.toponyms.f1),
        f(r.resolution.accuracy),
        f(r.resolution.accuracy_geometry),
        r.resolution.scored,
    );
}

/// The report: scores per corpus and setting, then the weights.
fn markdown(report: &TrainReport, k: usize) -> String {
    let mut out = String::from("## Held-out scores\n\n");
    out.push_str("| corpus | setting | P | R | F1 | point acc. | polygon acc. | scored |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for s in &report.scores {
        row(&mut out, &s.corpus, &s.setting, &s.report);
    }
    let _ = writeln!(
        out,
        "\nTraining data per corpus: names with a right and a wrong sense (sense weights), \
         names the recognition model decided on (recognition weights):"
    );
    for (c, n, m) in &report.groups {
        let _ = writeln!(out, "- {c}: {n} and {m}");
    }
    out.push_str("\n## Weights\n\n| feature | hand-set |");
    for i in 0..k {
        let _ = write!(out, " fold {} |", i + 1);
    }
    out.push_str(" all data |\n|---|---|");
    out.push_str(&"---|".repeat(k + 1));
    out.push('\n');
    let hand = geomention::resolve::Weights::hand_set();
    for feat in Feature::ALL {
        let _ = write!(out, "| {} | {:.2} |", feat.key(), hand.get(*feat));
        for w in &report.fold_weights {
            let _ = write!(out, " {:.2} |", w.get(*feat));
        }
        let _ = writeln!(out, " {:.2} |", report.weights.get(*feat));
    }
    for cue in geomention::resolve::Cue::ALL {
        let _ = write!(out, "| {} | {:.2} |", cue.key(), hand.recognition.get(*cue));
        for w in &report.fold_weights {
            let _ = write!(out, " {:.2} |", w.recognition.get(*cue));
        }
        let _ = writeln!(out, " {:.2} |", report.weights.recognition.get(*cue));
    }
    out
}

/// What the silver extractor found.
fn silver_markdown(s: &SilverStats) -> String {
    format!(
        "\n## Silver corpus\n\n\
         {} documents read, {} left out as repeats, {} kept with labels; \
         labelled names: {} the most populous sense ({} mentions), {} a smaller \
         one ({} mentions); {} qualified names left unlabelled (qualifiers disagree, \
         hold several senses or sit in lists). Of the labels, seats named by a kind cue \
         (\"the city of X\", \"X province\"): {} the city ({} mentions), {} the division \
         ({} mentions). Only resolution is scored on it: its gold marks only \
         the labelled names, so its P, R and F1 mean nothing.\n",
        s.documents,
        s.duplicates,
        s.kept,
        s.labels_biggest,
        s.rows_biggest,
        s.labels_smaller,
        s.rows_smaller,
        s.ambiguous,
        s.seats[0].0,
        s.seats[0].1,
        s.seats[1].0,
        s.seats[1].1
    )
}
