//! `geomention map`: raw flags in [`MapArgs`], validated into a
//! [`MapConfig`], run by [`run`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use geomention::Geoparser;
use geomention::output::flags::{self, PlaceFlagValues, Spelling, Target};
use geomention::output::geojson::FeatureOptions;
use geomention::output::geom::Family;
use geomention::output::partial::Partial;
use geomention::output::places::{PlaceFormat, PlaceOptions, Places};
use geomention::output::sink::{MentionRows, PlaceNeeds, PlaceSink, RowFormat, RowRenderer, Sink};
use geomention::output::write::OutputFiles;
use geomention::output::{self, OutputOptions};

use clap::{Args, ValueEnum};
use geomention::input::Source;

use super::stream::{Stream, StreamError};
use super::{BiasOpts, GazetteerOpts, InputOpts, RunOpts, UsageError};

pub const EXAMPLES: &str = "\
Examples:
  geomention map article.txt -o article.geojson
  geomention map docs/ --format mentions > mentions.jsonl
  geomention map article.txt -o places.geojson --split-geometry
      (writes places.points.geojson, places.lines.geojson, places.polygons.geojson)
  geomention map article.txt --as-points --simplestyle > bubbles.geojson
  geomention map article.txt --format csv -o places.csv  (+ places.csvt, places.prj)
  geomention map article.txt --format html -o map.html
  geomention map article.txt -o places.geojson --split-geometry --shapefile-fields
      (then: ogr2ogr -f \"ESRI Shapefile\" -lco ENCODING=UTF-8 places_points.shp places.points.geojson)
  geomention map corpus.jsonl --demonyms -o places.geojson -f
  geomention map report.txt --format mentions  (coordinates such as 36°12′N 36°38′E
      or 37SBV 12345 67890 are mentions of kind coordinate; --no-coordinates skips them)
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
    /// Partial result for `geomention merge` (JSON Lines: the place table,
    /// coverage counts and coordinates of these documents).
    Partial,
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

/// The place-output flags, shared by `map` and `merge`.
#[derive(Debug, Args)]
pub struct PlaceFlags {
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

    /// Write properties a Shapefile keeps whole (for ogr2ogr -f "ESRI
    /// Shapefile"): lists as JSON-array strings, field names of at most 10
    /// characters (demonym_ct), and strings over 254 bytes continued in
    /// numbered fields (contexts, contexts2, ...; join them to read).
    #[arg(long, conflicts_with = "simplestyle")]
    pub shapefile_fields: bool,

    /// With --format html: a background tile URL template such as
    /// https://tile.openstreetmap.org/{z}/{x}/{y}.png. Without it the map
    /// makes no network request.
    // The URL is --help text, not a link.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, value_name = "URL")]
    pub tiles: Option<String>,

    /// With --tiles: the attribution the tile provider requires (shown as
    /// plain text: markup in it is escaped).
    #[arg(long, value_name = "TEXT", requires = "tiles")]
    pub tiles_attribution: Option<String>,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Text files, directories (read recursively), .jsonl files of
    /// {"id","text"} rows, or - for standard input; any of them may be
    /// gzip-compressed (.jsonl.gz, .txt.gz).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Write to FILE instead of standard output (atomically, through a
    /// hidden temporary file beside it; `-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists (only a regular file: never a
    /// directory, symbolic link, FIFO, socket or device).
    #[arg(short, long)]
    pub force: bool,

    /// Output format.
    #[arg(long = "format", value_enum, default_value_t = Format::Geojson)]
    pub format: Format,

    /// Also report demonyms ("Syrian", "Turks") as mentions of kind
    /// `demonym`, counted apart in `demonym_count`.
    #[arg(long)]
    pub demonyms: bool,

    /// Do not look for coordinates written in the text (36°12′N 36°38′E,
    /// 35.93N 36.63E, "coordinates 35.93, 36.63", MGRS 37SBV 12345 67890),
    /// which are otherwise mentions of kind `coordinate`, one Point per
    /// distinct coordinate.
    #[arg(long)]
    pub no_coordinates: bool,

    #[command(flatten)]
    pub places: PlaceFlags,

    #[command(flatten)]
    pub bias: BiasOpts,

    /// Capitalisation rules for names.
    #[arg(long, value_enum, default_value_t = Case::Auto)]
    pub case: Case,

    /// Layer name written into the FeatureCollection (default: the output
    /// file's stem, or "geomention").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Print no warnings and no progress.
    #[arg(short, long)]
    pub quiet: bool,

    /// Read and map the input in batches of about this many bytes of text
    /// (suffixes K, M, G; documents longer than that go in pairs, one over
    /// four times as long alone), mapped one after another, each in
    /// parallel, and written in order while the next is mapped: memory
    /// grows with the batch, not with the corpus. The output does not
    /// depend on it.
    #[arg(long, value_name = "BYTES", default_value = "2M", value_parser = super::parse_bytes)]
    pub batch_bytes: u64,

    #[command(flatten)]
    pub run: RunOpts,

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
    pub coordinates: bool,
    pub precision: u32,
    pub split_geometry: bool,
    pub as_points: bool,
    pub rs: bool,
    pub simplestyle: bool,
    pub shapefile_fields: bool,
    pub tiles: Option<String>,
    pub tiles_attribution: Option<String>,
    pub bias: BiasOpts,
    pub case: geomention::CaseMode,
    pub name: String,
    pub quiet: bool,
    pub batch_bytes: u64,
    pub run: RunOpts,
    pub gazetteer: GazetteerOpts,
    pub input: InputOpts,
}

impl MapArgs {
    pub fn into_config(mut self) -> Result<MapConfig, UsageError> {
        self.check_format_flags()?;
        let inputs = std::mem::take(&mut self.inputs);
        let sources: Vec<Source> = if inputs.is_empty() {
            if std::io::stdin().is_terminal() {
                return Err(UsageError(
                    "no INPUT given and standard input is a terminal; name a file, a directory, or - for stdin".into(),
                ));
            }
            vec![Source::Stdin]
        } else {
            inputs
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
        self.config_with(sources)
    }

    /// The config with these sources (`merge` has none).
    pub fn config_with(self, sources: Vec<Source>) -> Result<MapConfig, UsageError> {
        self.check_format_flags()?;
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
            coordinates: !self.no_coordinates,
            precision: self.places.precision,
            split_geometry: self.places.split_geometry,
            as_points: self.places.as_points,
            rs: self.places.rs,
            simplestyle: self.places.simplestyle,
            shapefile_fields: self.places.shapefile_fields,
            tiles: self.places.tiles,
            tiles_attribution: self.places.tiles_attribution,
            bias: self.bias,
            case: match self.case {
                Case::Auto => geomention::CaseMode::Auto,
                Case::Strict => geomention::CaseMode::Strict,
                Case::Ignore => geomention::CaseMode::Ignore,
            },
            name,
            quiet: self.quiet,
            batch_bytes: self.batch_bytes,
            run: self.run,
            gazetteer: self.gazetteer,
            input: self.input,
        })
    }
}

impl MapArgs {
    /// Rejects flags that do not apply to the chosen format (the library's
    /// one check, [`flags::check`], which the Python package shares).
    fn check_format_flags(&self) -> Result<(), UsageError> {
        let f = self.format;
        let name = f
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        let p = &self.places;
        let values = PlaceFlagValues {
            precision: p.precision,
            split_geometry: p.split_geometry,
            as_points: p.as_points,
            simplestyle: p.simplestyle,
            shapefile_fields: p.shapefile_fields,
            rs: p.rs,
            tiles: p.tiles.as_deref(),
            tiles_attribution: p.tiles_attribution.is_some(),
        };
        // The place formats share their names with the command line's;
        // the per-mention formats are not place formats.
        let place = PlaceFormat::parse(&name).ok();
        let target = Target { name: &name, place };
        flags::check(&values, target, Spelling::Cli).map_err(UsageError)?;
        if p.split_geometry && self.output.is_none() {
            return Err(UsageError(
                "--split-geometry needs -o NAME.geojson (it writes NAME.points.geojson, NAME.lines.geojson, NAME.polygons.geojson)".into(),
            ));
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

/// The files `-o NAME` writes: `NAME` (with `--format csv`, also
/// `NAME.csvt` and `NAME.prj`), or with `--split-geometry` the three family
/// files (in the order of `Family::ALL`).
pub fn output_paths(cfg: &MapConfig, out: &Path) -> Vec<PathBuf> {
    if cfg.split_geometry {
        Family::ALL.iter().map(|&f| split_path(out, f)).collect()
    } else if cfg.format == Format::Csv {
        vec![
            out.to_path_buf(),
            out.with_extension("csvt"),
            out.with_extension("prj"),
        ]
    } else {
        vec![out.to_path_buf()]
    }
}

/// The identities of the output files that exist already (see
/// [`geomention::input::ReadOptions::outputs`]), after checking that no
/// input given by path is one of them: `map notes.txt -o notes.txt -f`
/// would replace the text it reads.
pub fn existing_outputs(targets: &[PathBuf], inputs: &[&Path]) -> anyhow::Result<Vec<(u64, u64)>> {
    use geomention::input::file_key;
    let keys: Vec<(u64, u64)> = (targets.iter())
        .filter_map(|t| std::fs::symlink_metadata(t).ok())
        .filter(|m| cfg!(unix) && m.is_file())
        .map(|m| file_key(&m))
        .collect();
    for input in inputs {
        let meta = std::fs::metadata(input).ok().filter(|m| m.is_file());
        if meta.is_some_and(|m| keys.contains(&file_key(&m))) {
            anyhow::bail!(
                "{}: is both an input and an output file of this run; write the output elsewhere (nothing was written)",
                input.display()
            );
        }
    }
    Ok(keys)
}

/// Checks the output targets and creates their temporary files, before
/// any work: the files of [`output_paths`] (slot `i` is `Family::ALL[i]`
/// with `--split-geometry`). They are published as one set at the end.
/// An input given by path that is one of the targets is an error
/// ([`existing_outputs`]).
pub fn open_outputs(cfg: &MapConfig, out: &Path) -> anyhow::Result<OutputFiles> {
    let targets = output_paths(cfg, out);
    let inputs: Vec<&Path> = (cfg.sources.iter())
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.as_path()),
            Source::Stdin => None,
        })
        .collect();
    existing_outputs(&targets, &inputs)?;
    let mut set = OutputFiles::new(cfg.force);
    for p in &targets {
        if cfg.split_geometry
            && !cfg.force
            && std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())
        {
            anyhow::bail!(
                "{}: output file exists (perhaps from an earlier run: the {} files are one set); use -f/--force to overwrite or remove it (nothing was written)",
                p.display(),
                out.display()
            );
        }
        set.add(p)?;
    }
    Ok(set)
}

/// Writes one GeoJSON file per geometry family into the set made by
/// [`open_outputs`]. The files are one set: a family file left from an
/// earlier run that this run has no places for would be read as current,
/// so it is removed (with `force`; without, [`open_outputs`] refused).
fn write_split(cfg: &MapConfig, mut set: OutputFiles, places: &Places) -> geomention::Result<()> {
    let mut layers = places.layers()?;
    let mut wrote = Vec::new();
    for (i, fam) in Family::ALL.into_iter().enumerate() {
        match layers.iter().position(|(f, _)| *f == fam) {
            Some(k) => {
                let (_, fc) = layers.swap_remove(k);
                set.write(i, |w| output::geojson::write(&fc, w))?;
                wrote.push((set.target(i).to_path_buf(), fc.features.len()));
            }
            None => set.discard(i),
        }
    }
    let removed = set.publish()?;
    if cfg.quiet {
        return Ok(());
    }
    for p in removed {
        eprintln!(
            "geomention: removed {} (from an earlier run; this run has no places for it)",
            p.display()
        );
    }
    if wrote.is_empty() {
        eprintln!("geomention: warning: no places found; --split-geometry wrote no file");
    }
    for (path, n) in wrote {
        eprintln!(
            "geomention: wrote {} ({n} place{})",
            path.display(),
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The aggregates a place format needs (the partial format: all of them;
/// coordinates are always folded).
pub fn place_needs(cfg: &MapConfig) -> PlaceNeeds {
    let mut n = PlaceNeeds {
        members: cfg.split_geometry || cfg.format == Format::Geojson,
        ..PlaceNeeds::default()
    };
    match cfg.format {
        Format::Mentions | Format::MentionsCsv => {}
        Format::Partial => {
            (n.toponyms, n.all, n.members) = (true, true, true);
        }
        Format::Html => (n.toponyms, n.all) = (true, true),
        _ if cfg.demonyms => n.all = true,
        _ => n.toponyms = true,
    }
    n
}

/// Runs `geomention map`: the documents are read, mapped and written in
/// batches ([`super::stream`]); per-mention rows are written as each
/// batch is mapped, place formats are folded and written at the end.
pub fn run(cfg: MapConfig) -> anyhow::Result<()> {
    cfg.run.init_threads()?;
    // The output files are checked and created (hidden, empty) first, so a
    // target that cannot be written fails before the work.
    let files = match cfg.output.as_deref() {
        Some(out) => Some(open_outputs(&cfg, out)?),
        None => None,
    };
    // The targets as they were before the run: a directory walk skips them.
    let outputs = match cfg.output.as_deref() {
        Some(out) => existing_outputs(&output_paths(&cfg, out), &[])?,
        None => Vec::new(),
    };
    let gazetteer = cfg.gazetteer.load(cfg.quiet)?;
    let mut parser = Geoparser::new(&gazetteer);
    parser.matcher_mut().case_mode(cfg.case);
    parser.coordinates(cfg.coordinates);
    cfg.bias.apply(parser.resolver_mut())?;
    // The per-mention formats render each document's rows where it was
    // mapped.
    let renderer =
        row_format(cfg.format).map(|f| RowRenderer::new(&gazetteer, row_options(&cfg), f));
    let stream = Stream {
        parser: &parser,
        sources: &cfg.sources,
        input: &cfg.input,
        outputs: &outputs,
        quiet: cfg.quiet,
        batch_bytes: usize::try_from(cfg.batch_bytes).unwrap_or(usize::MAX),
        render: renderer.as_ref(),
    };
    let skipped = match cfg.format {
        Format::Mentions | Format::MentionsCsv => write_rows(&cfg, files, &gazetteer, &stream)?,
        _ => {
            let mut sink = place_sink(&cfg, files, &gazetteer);
            let skipped = stream.run(&mut sink)?;
            Box::new(sink).finish()?;
            skipped
        }
    };
    super::finish_inputs(skipped)
}

/// The row format of a per-mention format.
fn row_format(f: Format) -> Option<RowFormat> {
    match f {
        Format::Mentions => Some(RowFormat::JsonLines),
        Format::MentionsCsv => Some(RowFormat::Csv),
        _ => None,
    }
}

/// The settings of the per-mention rows.
fn row_options(cfg: &MapConfig) -> OutputOptions {
    OutputOptions {
        demonyms: cfg.demonyms,
        precision: cfg.precision,
    }
}

/// Streams the per-mention rows to standard output or into the output
/// file; returns the number of skipped inputs. An input error stops the
/// run: with `-o` nothing is published; on standard output the rows of
/// the documents before it were written.
fn write_rows(
    cfg: &MapConfig,
    files: Option<OutputFiles>,
    gazetteer: &geomention::Gazetteer,
    stream: &Stream<'_>,
) -> anyhow::Result<usize> {
    let format = row_format(cfg.format).unwrap_or(RowFormat::JsonLines);
    let opts = row_options(cfg);
    // Input errors are kept apart: the output writer would name the
    // output file in them.
    let mut input_error = None;
    let mut skipped = 0;
    let run = |w: &mut dyn Write| -> geomention::Result<()> {
        let mut sink = MentionRows::new(gazetteer, opts, format, w);
        match stream.run(&mut sink) {
            Ok(n) => skipped = n,
            Err(StreamError::Output(e)) => return Err(e),
            Err(StreamError::Input(e)) => {
                input_error = Some(e);
                return Ok(());
            }
        }
        Box::new(sink).finish()
    };
    match files {
        None => super::write_output(None, false, run)?,
        Some(mut set) => {
            set.write(0, run)?;
            if input_error.is_none() {
                set.publish()?;
            }
        }
    }
    match input_error {
        Some(e) => Err(e),
        None => Ok(skipped),
    }
}

/// The sink of a place format: it folds the documents and, at the end,
/// writes the format to standard output or publishes the output files
/// (`files`, created before the work) as one set.
pub fn place_sink<'a>(
    cfg: &'a MapConfig,
    files: Option<OutputFiles>,
    gazetteer: &'a geomention::Gazetteer,
) -> PlaceSink<'a> {
    let render = move |places: Partial| write_places(cfg, files, gazetteer, places);
    PlaceSink::new(cfg.demonyms, place_needs(cfg), Box::new(render))
}

/// The library's place format of a `map`/`merge` format.
fn place_format(f: Format) -> geomention::Result<PlaceFormat> {
    Ok(match f {
        Format::Geojson => PlaceFormat::Geojson,
        Format::Geojsonseq => PlaceFormat::Geojsonseq,
        Format::Csv => PlaceFormat::Csv,
        Format::Html => PlaceFormat::Html,
        Format::Partial => PlaceFormat::Partial,
        Format::Mentions | Format::MentionsCsv => {
            return Err(std::io::Error::other(
                "internal: per-mention rows are written as documents are mapped",
            )
            .into());
        }
    })
}

/// The place-output settings of `map` or `merge`.
fn place_options(cfg: &MapConfig) -> PlaceOptions {
    PlaceOptions {
        name: cfg.name.clone(),
        precision: cfg.precision,
        features: FeatureOptions {
            as_points: cfg.as_points,
            simplestyle: cfg.simplestyle,
        },
        shapefile_fields: cfg.shapefile_fields,
        rs: cfg.rs,
        tiles: cfg.tiles.clone(),
        tiles_attribution: cfg.tiles_attribution.clone(),
    }
}

/// Writes the place outputs of `map` or `merge` (into `files` when made by
/// [`open_outputs`], else to standard output).
fn write_places(
    cfg: &MapConfig,
    files: Option<OutputFiles>,
    gazetteer: &geomention::Gazetteer,
    places: Partial,
) -> geomention::Result<()> {
    let places = Places::new(gazetteer, places, place_options(cfg));
    if cfg.split_geometry {
        let Some(set) = files else {
            return Err(std::io::Error::other("--split-geometry needs -o FILE").into());
        };
        return write_split(cfg, set, &places);
    }
    let format = place_format(cfg.format)?;
    let write = |w: &mut dyn Write| places.write(format, w);
    let Some(mut set) = files else {
        let stdout = std::io::stdout();
        let mut lock = std::io::BufWriter::new(stdout.lock());
        write(&mut lock)?;
        lock.flush()?;
        return Ok(());
    };
    set.write(0, write)?;
    // With -o NAME.csv, the GDAL sidecars: NAME.csvt types the columns
    // (count: Integer, WKT: geometry) and NAME.prj gives the CRS (WGS 84).
    if cfg.format == Format::Csv {
        let csvt = places.csvt();
        set.write(1, |w| Ok(w.write_all(csvt.as_bytes())?))?;
        let prj = output::csv::WGS84_PRJ.to_string() + "\n";
        set.write(2, |w| Ok(w.write_all(prj.as_bytes())?))?;
    }
    set.publish()?;
    Ok(())
}
