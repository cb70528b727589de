//! `geomention gazetteer build`, `lookup` and `export`, and the
//! loading of user gazetteers (`--gazetteer FILE`) for every subcommand:
//! format detection, GeoNames companion tables, warnings and the one-line
//! summary per file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use geomention::gazetteer::geonames::Companions;
use geomention::gazetteer::load::{self, Format, Layer, Loaded};
use geomention::gazetteer::{FormKind, PlaceId, index};
use geomention::normalize::normalize_key;
use geomention::{Gazetteer, Matcher, Resolver};
use serde_json::json;

use super::{BiasOpts, GazetteerOpts, UsageError};

/// How many warnings are printed per file (all are counted).
const PRINTED_WARNINGS: usize = 50;

pub const BUILD_EXAMPLES: &str = "\
Examples:
  geomention gazetteer build cities500.txt -o world.gmidx
  geomention gazetteer build SY.txt admin1CodesASCII.txt countryInfo.txt my-places.csv -o syria.gmidx
  geomention map article.txt --gazetteer world.gmidx --no-default-gazetteer

Inputs: GeoNames dumps (.txt; admin1CodesASCII.txt, countryInfo.txt and
alternateNamesV2.txt next to the dump are used too), CSV (name + lat/lon or
WKT), GeoJSON FeatureCollections, gazetteer directories in the format of
gazetteer/, and other .gmidx files. Any of them may be gzip-compressed.";

pub const LOOKUP_EXAMPLES: &str = "\
Examples:
  geomention gazetteer lookup Tripoli
  geomention gazetteer lookup Tripoli --context \"Clashes in Tripoli, north of Beirut.\"
  geomention gazetteer lookup \"Qaryat Testiyya\" --gazetteer my-places.csv --json";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  geomention gazetteer export > outlines.geojson
  geomention gazetteer export --points > places.geojson
  ogrinfo -dialect SQLite -sql 'SELECT COUNT(*) FROM outlines WHERE NOT ST_IsValid(geometry)' outlines.geojson

Writes one GeoJSON feature per place with its stored geometry (outline or
line), as the embedded gazetteer and any --gazetteer files hold it, in id
order; properties place_id, name, kind, country, admin1, lat, lon, source.";

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Compile gazetteer files into one index (.gmidx) that --gazetteer
    /// loads without parsing or compiling.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Show every place a name can mean, ranked as the resolver ranks them.
    #[command(after_help = LOOKUP_EXAMPLES)]
    Lookup(LookupArgs),
    /// Write the gazetteer's places with their geometries as GeoJSON on
    /// standard output (to check or view them in GIS tools).
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Also write the places without a stored geometry, as points.
    #[arg(long)]
    pub points: bool,

    /// Print no warnings or summaries.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Gazetteer files to compile: GeoNames dumps and their companion
    /// tables, CSV, GeoJSON, gazetteer directories, .gmidx files.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// A gazetteer file to compile (the same as a FILE argument;
    /// repeatable). The embedded gazetteer is not included.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// The index file to write (by convention ending in .gmidx).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,

    /// Overwrite the output file if it exists.
    #[arg(short, long)]
    pub force: bool,

    /// Print no warnings or summaries.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The name to look up.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Rank the candidates as they would be ranked in this text (default:
    /// the name alone). The text must contain the name.
    #[arg(long, value_name = "TEXT")]
    pub context: Option<String>,

    #[command(flatten)]
    pub bias: BiasOpts,

    /// Write JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    /// Print no warnings or summaries.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerOpts,
}

pub fn run(cmd: GazetteerCommand) -> anyhow::Result<()> {
    match cmd {
        GazetteerCommand::Build(args) => build(args),
        GazetteerCommand::Lookup(args) => lookup(args),
        GazetteerCommand::Export(args) => export(args),
    }
}

/// `geomention gazetteer export`: one feature per place (shadowed places
/// left out), streamed to standard output.
fn export(args: ExportArgs) -> anyhow::Result<()> {
    let g = load_gazetteer(&args.gazetteer, args.quiet)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    let mut first = true;
    for i in 0..g.len() {
        let id = PlaceId(u32::try_from(i).context("too many places")?);
        if g.is_shadowed(id) {
            continue;
        }
        let p = g.place(id);
        let geometry = match p.geometry_json() {
            Some(raw) => serde_json::from_str::<serde_json::Value>(raw)
                .with_context(|| format!("the stored geometry of {}", p.place_id()))?,
            None if args.points => json!({"type": "Point", "coordinates": [p.lon(), p.lat()]}),
            None => continue,
        };
        let feature = json!({
            "type": "Feature",
            "properties": {
                "place_id": p.place_id(), "name": p.name(), "kind": p.kind().as_str(),
                "country": p.country(), "admin1": p.admin1(), "lat": p.lat(), "lon": p.lon(),
                "source": p.source(),
            },
            "geometry": geometry,
        });
        if !first {
            out.write_all(b",\n")?;
        }
        first = false;
        serde_json::to_writer(&mut out, &feature)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------
// Loading.

/// A gazetteer file and its detected format.
struct Input {
    path: PathBuf,
    format: Format,
}

/// Detects the format of every file and sets the GeoNames companion tables
/// apart: they apply to every GeoNames dump of the same command, in any
/// order.
fn plan(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Companions)> {
    let mut inputs = Vec::new();
    let mut companions = Companions::default();
    let mut companion_paths = Vec::new();
    for path in paths {
        let format = load::detect(path)?;
        match format {
            Format::Companion(kind) => {
                companions.set(kind, path.clone());
                companion_paths.push(path);
            }
            _ => inputs.push(Input {
                path: path.clone(),
                format,
            }),
        }
    }
    if !companion_paths.is_empty() && !inputs.iter().any(|i| i.format == Format::GeoNames) {
        anyhow::bail!(
            "{}: a GeoNames companion table has no coordinates of its own; give it together with \
             a GeoNames dump (or put it next to the dump)",
            companion_paths[0].display()
        );
    }
    Ok((inputs, companions))
}

/// The companion tables for one input: those given explicitly, then those
/// found next to the file.
fn companions_for(input: &Input, explicit: &Companions) -> Companions {
    if input.format == Format::GeoNames {
        explicit.clone().or(Companions::next_to(&input.path))
    } else {
        Companions::default()
    }
}

/// Name forms per compiled chunk of a GeoNames dump:
/// `GEOMENTION_CHUNK_FORMS` when set (a smaller value lowers the peak
/// memory of loading a very large dump), else the library's default.
fn chunk_forms() -> usize {
    std::env::var("GEOMENTION_CHUNK_FORMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(load::CHUNK_FORMS)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints a file's notes and warnings (unless quiet).
fn report(path: &Path, l: &Loaded, quiet: bool) {
    if quiet {
        return;
    }
    for n in &l.notes {
        eprintln!("geomention: {}: {n}", path.display());
    }
    for w in l.warnings.iter().take(PRINTED_WARNINGS) {
        eprintln!("geomention: warning: {w}");
    }
    let more = l.warnings.count().saturating_sub(PRINTED_WARNINGS);
    if more > 0 {
        eprintln!(
            "geomention: warning: {}: {} not shown",
            path.display(),
            plural(more, "more warning", "more warnings")
        );
    }
}

fn summary(path: &Path, places: usize, skipped: usize, started: Instant, quiet: bool) {
    if !quiet {
        eprintln!(
            "geomention: loaded {} from {} ({} skipped) in {:.2} s",
            plural(places, "place", "places"),
            path.display(),
            plural(skipped, "row", "rows"),
            started.elapsed().as_secs_f64()
        );
    }
}

fn load_input(
    g: &mut Gazetteer,
    input: &Input,
    explicit: &Companions,
    quiet: bool,
) -> anyhow::Result<()> {
    let path = &input.path;
    let started = Instant::now();
    // A large GeoNames dump arrives in chunks, each compiled into a layer
    // of its own so that the whole file never sits in memory as places.
    let mut chunked = 0usize;
    let mut layers = 0usize;
    let layer = load::load_chunked(
        path,
        input.format,
        &companions_for(input, explicit),
        chunk_forms(),
        &mut |places| {
            chunked += places.len();
            layers += 1;
            g.push_places(&places, &[], &[]).map(|_| ())
        },
    )?;
    match layer {
        Layer::Indexes(idx) => {
            let n = idx.iter().map(|i| i.len()).sum();
            for i in idx {
                g.push(i);
            }
            summary(path, n, 0, started, quiet);
        }
        Layer::Places(l) => {
            report(path, &l, quiet);
            if layers == 0 || !l.places.is_empty() {
                let stats = g
                    .push_places(&l.places, &l.demonyms, &l.blockers)
                    .with_context(|| format!("compiling {}", path.display()))?;
                layers += 1;
                if !quiet {
                    for id in &stats.unknown_demonyms {
                        eprintln!(
                            "geomention: warning: {}: demonym for unknown place id {id:?}; ignored",
                            path.display()
                        );
                    }
                }
            }
            if layers > 1 && !quiet {
                eprintln!(
                    "geomention: {}: compiled as {layers} layers",
                    path.display()
                );
            }
            summary(path, chunked + l.places.len(), l.skipped, started, quiet);
        }
    }
    Ok(())
}

/// Loads user gazetteer files and stacks them on `g`, in order. GeoNames
/// companion tables among them apply to the GeoNames dumps.
pub fn load_all(g: &mut Gazetteer, paths: &[PathBuf], quiet: bool) -> anyhow::Result<()> {
    let (inputs, explicit) = plan(paths)?;
    for input in &inputs {
        load_input(g, input, &explicit, quiet)?;
    }
    Ok(())
}

/// The embedded gazetteer (unless turned off) with the user gazetteers
/// stacked on it.
fn load_gazetteer(opts: &GazetteerOpts, quiet: bool) -> anyhow::Result<Gazetteer> {
    let mut g = if opts.no_default_gazetteer {
        Gazetteer::empty()
    } else {
        Gazetteer::embedded().context("loading the embedded gazetteer")?
    };
    load_all(&mut g, &opts.gazetteers, quiet)?;
    if g.is_empty() {
        anyhow::bail!(
            "the gazetteer is empty: --no-default-gazetteer needs at least one --gazetteer FILE with places"
        );
    }
    Ok(g)
}

// ---------------------------------------------------------------------
// build

fn build(args: BuildArgs) -> anyhow::Result<()> {
    let paths: Vec<PathBuf> = args.files.iter().chain(&args.gazetteers).cloned().collect();
    if paths.is_empty() {
        return Err(UsageError(
            "name the gazetteer files to compile (FILE... or --gazetteer FILE)".into(),
        )
        .into());
    }
    // Fail before a long load, not after it.
    if args.output.exists() && !args.force {
        anyhow::bail!(
            "{}: output file exists; use -f/--force to overwrite it",
            args.output.display()
        );
    }
    let (inputs, explicit) = plan(&paths)?;
    let mut compiled = Compiled::default();
    let several = inputs.len() > 1;
    for input in &inputs {
        let path = &input.path;
        let started = Instant::now();
        let mut chunked = 0usize;
        let layer = load::load_chunked(
            path,
            input.format,
            &companions_for(input, &explicit),
            chunk_forms(),
            &mut |places| {
                chunked += places.len();
                compiled.chunk(&places)
            },
        )?;
        let l = layer_places(layer);
        report(path, &l, args.quiet);
        let n = chunked + l.places.len();
        summary(path, n, l.skipped, started, args.quiet);
        if !several {
            compiled.merged = l;
            break;
        }
        compiled.add(l);
    }
    compiled.write(&args)
}

/// The places of a loaded layer (a compiled index's places are read back).
fn layer_places(layer: Layer) -> Loaded {
    match layer {
        Layer::Places(l) => l,
        Layer::Indexes(idx) => {
            let mut out = Loaded::default();
            for i in &idx {
                let mut l = load::index_contents(i);
                out.places.append(&mut l.places);
                out.demonyms.append(&mut l.demonyms);
                out.blockers.append(&mut l.blockers);
            }
            out
        }
    }
}

/// What `gazetteer build` has read so far: indexes compiled from chunks of
/// very large GeoNames dumps, and the places of everything else.
#[derive(Default)]
struct Compiled {
    blobs: Vec<Vec<u8>>,
    places: usize,
    keys: usize,
    merged: Loaded,
    /// Where each id is in `merged`.
    ids: HashMap<String, usize>,
    /// Places replaced by a later file's place with the same id.
    replaced: usize,
}

impl Compiled {
    /// Compiles a chunk of a large dump into an index of its own.
    fn chunk(&mut self, places: &[geomention::gazetteer::Place]) -> geomention::Result<()> {
        let (bytes, stats) = index::compile(places, &[], &[])?;
        self.places += places.len();
        self.keys += stats.keys;
        self.blobs.push(bytes);
        Ok(())
    }

    /// Adds a file's places: the same id in a later file replaces the
    /// earlier place, as an upper layer does when gazetteers are stacked.
    fn add(&mut self, mut l: Loaded) {
        for p in l.places.drain(..) {
            match self.ids.get(&p.id) {
                Some(&i) => {
                    self.merged.places[i] = p;
                    self.replaced += 1;
                }
                None => {
                    self.ids.insert(p.id.clone(), self.merged.places.len());
                    self.merged.places.push(p);
                }
            }
        }
        self.merged.demonyms.append(&mut l.demonyms);
        self.merged.blockers.append(&mut l.blockers);
    }

    /// Compiles the merged places and writes every index into the output.
    fn write(mut self, args: &BuildArgs) -> anyhow::Result<()> {
        self.ids = HashMap::new();
        if self.replaced > 0 && !args.quiet {
            eprintln!(
                "geomention: {} replaced by a later file with the same id",
                plural(self.replaced, "place was", "places were")
            );
        }
        if self.merged.places.is_empty() && self.blobs.is_empty() {
            anyhow::bail!("no places to compile: every row of the input was skipped");
        }
        let started = Instant::now();
        if !self.merged.places.is_empty() || self.blobs.is_empty() {
            let m = std::mem::take(&mut self.merged);
            let (bytes, stats) = index::compile(&m.places, &m.demonyms, &m.blockers)
                .context("compiling the index")?;
            self.places += m.places.len();
            self.keys += stats.keys;
            self.blobs.push(bytes);
            if !args.quiet {
                for id in &stats.unknown_demonyms {
                    eprintln!("geomention: warning: demonym for unknown place id {id:?}; ignored");
                }
            }
        }
        let blobs = &self.blobs;
        geomention::output::write_atomic(&args.output, args.force, |w| {
            load::write_indexes(w, blobs)
        })?;
        if !args.quiet {
            let size: usize = blobs.iter().map(Vec::len).sum();
            let parts = match blobs.len() {
                1 => String::new(),
                n => format!(" in {n} parts"),
            };
            eprintln!(
                "geomention: wrote {}{parts}: {}, {} names, {:.1} MB, compiled in {:.2} s",
                args.output.display(),
                plural(self.places, "place", "places"),
                self.keys,
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------
// lookup

/// One candidate of a lookup.
struct Row {
    place: PlaceId,
    rank: Option<usize>,
    form: String,
    form_kind: FormKind,
}

fn form_kind_str(k: FormKind) -> &'static str {
    match k {
        FormKind::Name => "name",
        FormKind::Abbrev => "abbrev",
        FormKind::Demonym => "demonym",
        FormKind::Blocker => "not-a-place",
    }
}

fn geometry_type(g: &Gazetteer, p: PlaceId) -> String {
    #[derive(serde::Deserialize)]
    struct Type {
        #[serde(rename = "type")]
        ty: String,
    }
    match g.place(p).geometry_json() {
        None => "Point".into(),
        Some(j) => serde_json::from_str::<Type>(j).map_or_else(|_| "?".into(), |t| t.ty),
    }
}

fn lookup(args: LookupArgs) -> anyhow::Result<()> {
    args.bias.validate()?;
    let key = normalize_key(&args.name);
    if key.is_empty() {
        return Err(UsageError(format!("{:?} has nothing to look up", args.name)).into());
    }
    let g = load_gazetteer(&args.gazetteer, args.quiet)?;
    let text = args.context.clone().unwrap_or_else(|| args.name.clone());

    // Every entry the gazetteer has for the name.
    let entries = g.lookup(&args.name);
    if entries.is_empty() {
        anyhow::bail!("no place named {:?} in the gazetteer", args.name);
    }
    let (blockers, forms) = entry_forms(&entries);

    // The real pipeline over the context.
    let matcher = Matcher::new(&g);
    let matched = matcher.find(&text);
    let mut resolver = Resolver::new(&g);
    args.bias.apply(&mut resolver)?;
    let resolved = resolver.resolve(&matched);
    let mention = resolved
        .mentions
        .iter()
        .find(|m| normalize_key(&m.text) == key);
    let excluded = resolved
        .excluded
        .iter()
        .find(|e| normalize_key(&e.text) == key);
    let found = Found {
        args: &args,
        text: &text,
        status: lookup_status(mention, excluded),
        mention,
        blockers,
        rows: candidate_rows(&g, mention, forms),
        chosen: mention.and_then(|m| m.place),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        found.write_json(&g, &mut out)?;
    } else {
        found.write_table(&g, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// The names that are listed as not a place, and the form each place has
/// the name as (a name beats an abbreviation or demonym of the same place).
type EntryForms<'e> = (Vec<&'e str>, HashMap<PlaceId, (FormKind, String)>);

/// Splits a name's gazetteer entries into [`EntryForms`].
fn entry_forms(entries: &[(Option<PlaceId>, FormKind, String)]) -> EntryForms<'_> {
    let mut blockers = Vec::new();
    let mut forms: HashMap<PlaceId, (FormKind, String)> = HashMap::new();
    for (p, k, f) in entries {
        let Some(p) = p else {
            blockers.push(f.as_str());
            continue;
        };
        let slot = forms.entry(*p).or_insert((*k, f.clone()));
        if *k == FormKind::Name && slot.0 != FormKind::Name {
            *slot = (*k, f.clone());
        }
    }
    (blockers, forms)
}

/// The mention's candidates in the resolver's order, then the places the
/// resolver did not rank for this text, in id order.
fn candidate_rows(
    g: &Gazetteer,
    mention: Option<&geomention::Mention>,
    mut forms: HashMap<PlaceId, (FormKind, String)>,
) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (i, p) in mention.iter().flat_map(|m| m.candidates.iter()).enumerate() {
        let (form_kind, form) = forms
            .get(p)
            .cloned()
            .unwrap_or((FormKind::Name, g.place(*p).name().to_string()));
        rows.push(Row {
            place: *p,
            rank: Some(i + 1),
            form,
            form_kind,
        });
    }
    forms.retain(|p, _| !rows.iter().any(|r| r.place == *p));
    let mut rest: Vec<(PlaceId, (FormKind, String))> = forms.into_iter().collect();
    rest.sort_by_key(|(p, _)| *p);
    for (place, (form_kind, form)) in rest {
        rows.push(Row {
            place,
            rank: None,
            form,
            form_kind,
        });
    }
    rows
}

/// What became of the name in the text, in words.
fn lookup_status(
    mention: Option<&geomention::Mention>,
    excluded: Option<&geomention::resolve::Excluded>,
) -> String {
    match (mention, excluded) {
        (Some(m), _) if m.place.is_some() => "resolved".to_string(),
        (Some(_), _) => "unresolved: no candidate could be chosen".to_string(),
        (None, Some(e)) => format!("excluded: {}", e.why),
        (None, None) => {
            "not found as a mention in the text (check its capitalisation, or that the context contains the name)"
                .to_string()
        }
    }
}

/// What `gazetteer lookup` found for a name in its context.
struct Found<'a> {
    args: &'a LookupArgs,
    text: &'a str,
    status: String,
    mention: Option<&'a geomention::Mention>,
    blockers: Vec<&'a str>,
    rows: Vec<Row>,
    chosen: Option<PlaceId>,
}

impl Found<'_> {
    /// Writes the lookup as one pretty-printed JSON object.
    fn write_json(&self, g: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<()> {
        let candidates: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|r| {
                let p = g.place(r.place);
                json!({
                    "rank": r.rank,
                    "chosen": Some(r.place) == self.chosen,
                    "place_id": p.place_id(),
                    "name": p.name(),
                    "kind": p.kind().as_str(),
                    "country": p.country(),
                    "admin1": p.admin1(),
                    "population": p.population(),
                    "lat": p.lat(),
                    "lon": p.lon(),
                    "geometry_type": geometry_type(g, r.place),
                    "form": r.form,
                    "form_kind": form_kind_str(r.form_kind),
                    "source": p.source(),
                })
            })
            .collect();
        let mention = self.mention;
        let v = json!({
            "name": self.args.name,
            "context": self.text,
            "status": self.status,
            "mention": mention.map(|m| json!({
                "text": m.text,
                "start": m.char_start,
                "end": m.char_end,
                "kind": m.kind.as_str(),
            })),
            "chosen": self.chosen.map(|p| g.place(p).place_id()),
            "score": mention.filter(|m| m.place.is_some()).map(|m| m.score),
            "reason": mention.map(|m| m.reason.as_str()),
            "not_a_place": self.blockers,
            "candidates": candidates,
        });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        Ok(())
    }

    /// Writes the lookup for a reader: the status, the choice and its
    /// reason, then a table of the candidates.
    fn write_table(&self, g: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<()> {
        if self.args.context.is_some() {
            writeln!(out, "context: {}", self.text)?;
        }
        writeln!(out, "{:?}: {}", self.args.name, self.status)?;
        if let Some(m) = self.mention {
            if let Some(p) = m.place {
                writeln!(
                    out,
                    "chosen:  {} ({}), score {:.2}",
                    g.place(p).place_id(),
                    g.place(p).name(),
                    m.score
                )?;
            }
            writeln!(out, "reason:  {}", m.reason)?;
        }
        for b in &self.blockers {
            writeln!(
                out,
                "note:    {b:?} is listed as a name that is not a place"
            )?;
        }
        writeln!(out)?;
        write_columns(out, &self.cells(g))?;
        if self.rows.iter().any(|r| r.rank.is_none()) {
            writeln!(
                out,
                "\n* chosen; - not ranked (the resolver dropped it for this text, or the name did not match here)"
            )?;
        } else if self.chosen.is_some() {
            writeln!(out, "\n* chosen")?;
        }
        Ok(())
    }

    /// The candidate table's cells, the header first.
    fn cells(&self, g: &Gazetteer) -> Vec<Vec<String>> {
        let header = [
            "rank",
            "place_id",
            "name",
            "kind",
            "cc",
            "admin1",
            "population",
            "lat",
            "lon",
            "geometry",
            "form",
            "form_kind",
        ];
        let mut table: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
        for r in &self.rows {
            let p = g.place(r.place);
            let rank = match r.rank {
                Some(n) if Some(r.place) == self.chosen => format!("{n}*"),
                Some(n) => n.to_string(),
                None => "-".into(),
            };
            table.push(vec![
                rank,
                p.place_id().to_string(),
                p.name().to_string(),
                p.kind().as_str().to_string(),
                p.country().to_string(),
                p.admin1().to_string(),
                p.population().to_string(),
                format!("{:.5}", p.lat()),
                format!("{:.5}", p.lon()),
                geometry_type(g, r.place),
                r.form.clone(),
                form_kind_str(r.form_kind).to_string(),
            ]);
        }
        table
    }
}

/// Writes rows of cells as columns padded to their widest cell (two spaces
/// between columns, none after the last).
fn write_columns(out: &mut dyn Write, table: &[Vec<String>]) -> std::io::Result<()> {
    let columns = table.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in table {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count();
                line.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
