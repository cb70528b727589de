//! `geomention map`: raw flags in [`MapArgs`], validated into a
//! [`MapConfig`], run by [`run`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use geomention::Geoparser;
use geomention::output::geojson::FeatureOptions;
use geomention::output::geom::Family;
use geomention::output::html::HtmlOptions;
use geomention::output::{self, OutputOptions};

use anyhow::Context;
use clap::{Args, ValueEnum};
use geomention::input::Source;

use super::{BiasOpts, GazetteerOpts, InputOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention map article.txt -o article.geojson
  geomention map docs/ --format mentions > mentions.jsonl
  geomention map article.txt -o places.geojson --split-geometry
      (writes places.points.geojson, places.lines.geojson, places.polygons.geojson)
  geomention map article.txt --as-points --simplestyle > bubbles.geojson
  geomention map article.txt --format csv -o places.csv  (+ places.csvt, places.prj)
  geomention map article.txt --format html -o map.html
  geomention map corpus.jsonl --demonyms -o places.geojson -f
  curl -s https://example.org/a.txt | geomention map - > a.geojson

Exit codes: 0 success (no places still gives a valid, empty FeatureCollection),
1 runtime or data error, 2 usage error, or entries of a directory input that
could not be read (a FIFO, a socket, a dangling link...: each is named, the
rest is mapped).";

/// Output formats of `map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// RFC 7946 FeatureCollection, one feature per place.
    Geojson,
    /// RFC 8142 GeoJSON text sequence: one feature per place per line.
    Geojsonseq,
    /// CSV, one row per place, with lon, lat and a WKT geometry column.
    Csv,
    /// JSON Lines, one object per mention.
    Mentions,
    /// CSV, one row per mention.
    MentionsCsv,
    /// A self-contained HTML map (Leaflet, works offline).
    Html,
}

impl Format {
    /// Whether the format has one feature per place (so --as-points and
    /// --simplestyle apply).
    fn per_place(self) -> bool {
        matches!(self, Format::Geojson | Format::Geojsonseq | Format::Csv)
    }
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

    /// With -o NAME.geojson: write NAME.points.geojson, NAME.lines.geojson
    /// and NAME.polygons.geojson (those with features) instead, so that
    /// QGIS opens each as one layer. With -f, such a file left by an
    /// earlier run that this run has no places for is removed.
    #[arg(long)]
    pub split_geometry: bool,

    /// One representative point per place (inside its polygon, on its
    /// line) instead of its geometry: one layer for bubble maps by count.
    #[arg(long, conflicts_with = "split_geometry")]
    pub as_points: bool,

    /// With --format geojsonseq: start each line with the RFC 8142 record
    /// separator (0x1E). geojson.io drops such lines; GDAL reads both.
    #[arg(long)]
    pub rs: bool,

    /// Add simplestyle-spec properties (marker-size, marker-color, stroke,
    /// fill, fill-opacity) that geojson.io draws.
    #[arg(long)]
    pub simplestyle: bool,

    /// With --format html: a background tile URL template such as
    /// https://tile.openstreetmap.org/{z}/{x}/{y}.png. Without it the map
    /// makes no network request.
    #[arg(long, value_name = "URL")]
    pub tiles: Option<String>,

    /// With --tiles: the attribution the tile provider requires.
    #[arg(long, value_name = "TEXT", requires = "tiles")]
    pub tiles_attribution: Option<String>,

    #[command(flatten)]
    pub bias: BiasOpts,

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

    #[command(flatten)]
    pub input: InputOpts,
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
    pub split_geometry: bool,
    pub as_points: bool,
    pub rs: bool,
    pub simplestyle: bool,
    pub tiles: Option<String>,
    pub tiles_attribution: Option<String>,
    pub bias: BiasOpts,
    pub case: geomention::CaseMode,
    pub name: String,
    pub quiet: bool,
    pub gazetteer: GazetteerOpts,
    pub input: InputOpts,
}

impl MapArgs {
    pub fn into_config(self) -> Result<MapConfig, UsageError> {
        self.check_format_flags()?;
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
        self.bias.validate()?;
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
            split_geometry: self.split_geometry,
            as_points: self.as_points,
            rs: self.rs,
            simplestyle: self.simplestyle,
            tiles: self.tiles,
            tiles_attribution: self.tiles_attribution,
            bias: self.bias,
            case: match self.case {
                Case::Auto => geomention::CaseMode::Auto,
                Case::Strict => geomention::CaseMode::Strict,
                Case::Ignore => geomention::CaseMode::Ignore,
            },
            name,
            quiet: self.quiet,
            gazetteer: self.gazetteer,
            input: self.input,
        })
    }
}

impl MapArgs {
    /// Rejects flags that do not apply to the chosen format.
    fn check_format_flags(&self) -> Result<(), UsageError> {
        let f = self.format;
        let fmt = f
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        if self.split_geometry {
            if f != Format::Geojson {
                return Err(UsageError(format!(
                    "--split-geometry writes GeoJSON files; it does not apply to --format {fmt}"
                )));
            }
            if self.output.is_none() {
                return Err(UsageError(
                    "--split-geometry needs -o NAME.geojson (it writes NAME.points.geojson, NAME.lines.geojson, NAME.polygons.geojson)".into(),
                ));
            }
        }
        if self.as_points && !(f.per_place() || f == Format::Html) {
            return Err(UsageError(format!(
                "--as-points applies to one feature per place (geojson, geojsonseq, csv, html), not to --format {fmt}"
            )));
        }
        if self.simplestyle && !f.per_place() {
            return Err(UsageError(format!(
                "--simplestyle applies to --format geojson, geojsonseq or csv, not to --format {fmt}"
            )));
        }
        if self.rs && f != Format::Geojsonseq {
            return Err(UsageError(
                "--rs applies only to --format geojsonseq".into(),
            ));
        }
        if let Some(t) = &self.tiles {
            if f != Format::Html {
                return Err(UsageError("--tiles applies only to --format html".into()));
            }
            let http = t.starts_with("https://") || t.starts_with("http://");
            if !http || !["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p)) {
                return Err(UsageError(format!(
                    "--tiles takes an http(s) URL template with {{z}}, {{x}} and {{y}}; got {t:?}"
                )));
            }
        }
        Ok(())
    }
}

/// The file of one geometry family for `-o NAME.EXT --split-geometry`:
/// `NAME.points.EXT` (EXT is `geojson` when the name has none).
pub fn split_path(output: &Path, family: Family) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = output
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "geojson".into());
    output.with_file_name(format!("{stem}.{}.{ext}", family.as_str()))
}

/// Writes one GeoJSON file per geometry family, refusing to overwrite any
/// of them (before writing the first) without `force`. The files are one
/// set: a family file left from an earlier run that this run has no places
/// for would be read as current, so it is removed with `force` and refused
/// without.
fn write_split(
    cfg: &MapConfig,
    gazetteer: &geomention::Gazetteer,
    summaries: &[output::PlaceSummary],
    opts: &OutputOptions,
    fopts: &FeatureOptions,
    members: &geojson::JsonObject,
) -> anyhow::Result<()> {
    let Some(out) = cfg.output.as_deref() else {
        anyhow::bail!(UsageError("--split-geometry needs -o FILE".into()));
    };
    let features = output::geojson::features(gazetteer, summaries, opts, fopts)?;
    let parts = output::geojson::split(features);
    let files: Vec<(PathBuf, Family, Vec<geojson::Feature>)> = parts
        .into_iter()
        .map(|(fam, f)| (split_path(out, fam), fam, f))
        .collect();
    let stale: Vec<(PathBuf, Family)> = Family::ALL
        .into_iter()
        .filter(|fam| !files.iter().any(|(_, f, _)| f == fam))
        .map(|fam| (split_path(out, fam), fam))
        .filter(|(p, _)| p.exists())
        .collect();
    if !cfg.force {
        for (p, _, _) in &files {
            if p.exists() {
                anyhow::bail!(
                    "{}: output file exists; use -f/--force to overwrite it (nothing was written)",
                    p.display()
                );
            }
        }
        if let Some((p, fam)) = stale.first() {
            anyhow::bail!(
                "{}: exists from an earlier run, and this run has no {}; use -f/--force to remove it (nothing was written)",
                p.display(),
                fam.as_str()
            );
        }
    }
    for (p, fam) in &stale {
        std::fs::remove_file(p)
            .with_context(|| format!("{}: cannot remove the earlier run's file", p.display()))?;
        if !cfg.quiet {
            eprintln!(
                "geomention: removed {} (from an earlier run; this run has no {})",
                p.display(),
                fam.as_str()
            );
        }
    }
    if files.is_empty() && !cfg.quiet {
        eprintln!("geomention: warning: no places found; --split-geometry wrote no file");
    }
    for (path, fam, feats) in files {
        let n = feats.len();
        let layer = format!("{}_{}", cfg.name, fam.as_str());
        let fc = output::geojson::collection(feats, &layer, members.clone());
        super::write_output(Some(&path), cfg.force, |w| output::geojson::write(&fc, w))?;
        if !cfg.quiet {
            eprintln!(
                "geomention: wrote {} ({n} place{})",
                path.display(),
                if n == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}

/// Runs `geomention map`.
pub fn run(cfg: MapConfig) -> anyhow::Result<()> {
    let gazetteer = cfg.gazetteer.load(cfg.quiet)?;
    let (documents, skipped) = cfg.input.read(&cfg.sources, cfg.quiet)?;
    if documents.is_empty() {
        anyhow::bail!("no documents to map (every input was empty or skipped)");
    }
    let mut parser = Geoparser::new(&gazetteer);
    parser.matcher_mut().case_mode(cfg.case);
    cfg.bias.apply(parser.resolver_mut());
    let results = parser.map_all(documents);
    let opts = OutputOptions {
        demonyms: cfg.demonyms,
        precision: cfg.precision,
    };
    let fopts = FeatureOptions {
        as_points: cfg.as_points,
        simplestyle: cfg.simplestyle,
    };
    // The coverage numbers travel with the map (mentions found, resolved,
    // and place-like phrases the gazetteer missed).
    // (Only the FeatureCollection carries them: other formats skip the work.)
    let members = if cfg.split_geometry || cfg.format == Format::Geojson {
        geomention::coverage::map_members(
            &results,
            &geomention::coverage::CoverageOptions {
                demonyms: cfg.demonyms,
                ..Default::default()
            },
        )
    } else {
        Default::default()
    };
    if cfg.split_geometry {
        let summaries = output::summarize(&gazetteer, &results, &opts);
        write_split(&cfg, &gazetteer, &summaries, &opts, &fopts, &members)?;
        return super::finish_inputs(skipped);
    }
    let write = |w: &mut dyn Write| -> geomention::Result<()> {
        match cfg.format {
            Format::Geojson => {
                let summaries = output::summarize(&gazetteer, &results, &opts);
                let features = output::geojson::features(&gazetteer, &summaries, &opts, &fopts)?;
                let fc = output::geojson::collection(features, &cfg.name, members.clone());
                output::geojson::write(&fc, w)
            }
            Format::Geojsonseq => {
                let summaries = output::summarize(&gazetteer, &results, &opts);
                let features = output::geojson::features(&gazetteer, &summaries, &opts, &fopts)?;
                output::seq::write(&features, cfg.rs, w)
            }
            Format::Csv => {
                let summaries = output::summarize(&gazetteer, &results, &opts);
                output::csv::write_places(&gazetteer, &summaries, &opts, &fopts, w)
            }
            Format::Mentions => output::mentions::write(&gazetteer, &results, &opts, w),
            Format::MentionsCsv => output::csv::write_mentions(&gazetteer, &results, &opts, w),
            Format::Html => {
                // The page toggles demonyms itself, so it always gets them.
                let all = OutputOptions {
                    demonyms: true,
                    ..opts
                };
                let summaries = output::summarize(&gazetteer, &results, &all);
                let hopts = HtmlOptions {
                    title: cfg.name.clone(),
                    tiles: cfg.tiles.clone(),
                    tiles_attribution: cfg.tiles_attribution.clone(),
                    demonyms: cfg.demonyms,
                    as_points: cfg.as_points,
                    documents: results.len(),
                };
                output::html::write(&gazetteer, &summaries, &opts, &hopts, w)
            }
        }
    };
    // With -o NAME.csv, the GDAL sidecars: NAME.csvt types the columns
    // (count: Integer, WKT: geometry) and NAME.prj gives the CRS (WGS 84).
    // All are checked before anything is written.
    let sidecars: Vec<(PathBuf, String)> = match (&cfg.output, cfg.format) {
        (Some(p), Format::Csv) => vec![
            (p.with_extension("csvt"), output::csv::csvt(&opts, &fopts)),
            (
                p.with_extension("prj"),
                output::csv::WGS84_PRJ.to_string() + "\n",
            ),
        ],
        _ => Vec::new(),
    };
    if !cfg.force {
        for (p, _) in &sidecars {
            if p.exists() {
                anyhow::bail!(
                    "{}: output file exists; use -f/--force to overwrite it (nothing was written)",
                    p.display()
                );
            }
        }
    }
    super::write_output(cfg.output.as_deref(), cfg.force, write)?;
    for (p, content) in sidecars {
        super::write_output(
            Some(&p),
            cfg.force,
            |w| Ok(w.write_all(content.as_bytes())?),
        )?;
    }
    super::finish_inputs(skipped)
}
