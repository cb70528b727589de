//! Python bindings (cargo feature `python`, built by maturin from
//! `pyproject.toml`): the `geomention._geomention` extension module behind
//! the `geomention` Python package (`python/geomention/`).
//!
//! `Geoparser` holds the gazetteer and the `map` options; `map` and
//! `map_batch` return mentions as dicts, the rows of `--format mentions`
//! (offsets in code points; coordinates written in the text included);
//! `map_batch`, `map_partial` and `geojson` release the GIL and map on all
//! cores; `merge` turns partial results into any place format with the
//! renderer of `map` and `merge` ([`crate::output::places`]), byte for
//! byte what `map` writes.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use serde_json::Value;

use crate::coords::Coordinate;
use crate::gazetteer::load::{self, Layer};
use crate::output::columns::{self, Column};
use crate::output::coordinates::{CoordinateAggregate, CoordinateTable};
use crate::output::flags::{self, PlaceFlagValues, Spelling, Target};
use crate::output::geojson::FeatureOptions;
use crate::output::partial::{self, Partial};
use crate::output::places::{PlaceFormat, PlaceOptions, Places};
use crate::output::{self, MentionKey, OutputOptions, PlaceTable, mentions};
use crate::resolve::Weights;
use crate::{CaseMode, DocResult, Document, Gazetteer, Geoparser as Parser};

/// mimalloc for the extension's allocations too, as in the binary (the
/// pipeline allocates many small values from several threads; on the 50 MB
/// corpus `map_arrow` took 17.3 to 17.9 CPU-s with it, 18.3 without).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn err(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Gazetteers are loaded once per set of files and kept for the life of
/// the process (the parser borrows them).
fn gazetteer(files: &[PathBuf], default: bool) -> PyResult<&'static Gazetteer> {
    type Cache = HashMap<(Vec<PathBuf>, bool), &'static Gazetteer>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (files.to_vec(), default);
    if let Some(g) = cache.lock().map_err(err)?.get(&key) {
        return Ok(g);
    }
    let mut g = if default {
        Gazetteer::embedded().map_err(err)?
    } else {
        Gazetteer::empty()
    };
    for path in files {
        let format = load::detect(path).map_err(err)?;
        match load::load(path, format, &Default::default()).map_err(err)? {
            Layer::Indexes(idx) => idx.into_iter().for_each(|i| g.push(i)),
            Layer::Places(l) => {
                g.push_places(&l.places, &l.demonyms, &l.blockers)
                    .map_err(|e| err(format!("{}: {e}", path.display())))?;
            }
        }
    }
    if g.is_empty() {
        return Err(err(
            "the gazetteer is empty: default_gazetteer=False needs gazetteers with places",
        ));
    }
    let g: &'static Gazetteer = Box::leak(Box::new(g));
    cache.lock().map_err(err)?.insert(key, g);
    Ok(g)
}

/// A JSON value as a Python object.
fn to_py(py: Python<'_>, v: &Value) -> PyResult<PyObject> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

/// A weights file (as `geomention train -o FILE` writes it); errors name
/// the file.
fn read_weights(path: &std::path::Path) -> PyResult<Weights> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| err(format!("reading the weights file {}: {e}", path.display())))?;
    Weights::parse(&text).map_err(|e| err(format!("{}: {e}", path.display())))
}

/// A JSON Lines row as `geomention map` reads it.
#[derive(serde::Deserialize)]
struct Row {
    id: Option<Value>,
    text: Option<String>,
}

/// Documents from JSON Lines rows (blank lines skipped), parsed on all
/// cores; an error quotes the start of the row.
fn jsonl_documents(lines: &[String]) -> PyResult<Vec<Document>> {
    use rayon::prelude::*;
    let row = |line: &str| -> Result<Document, String> {
        let row: Row = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
        let text = row.text.ok_or("the row has no \"text\" string")?;
        let id = match row.id {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            None => return Err("the row has no \"id\" (every row needs one here)".into()),
            Some(_) => return Err("\"id\" must be a string or a number".into()),
        };
        Ok(Document { id, text })
    };
    lines
        .par_iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            row(l).map_err(|e| {
                let head: String = l.chars().take(60).collect();
                err(format!("JSON Lines row {head:?}...: {e}"))
            })
        })
        .collect()
}

/// Documents from texts and optional ids (default: the position, "0", "1", ...).
fn documents(texts: Vec<String>, ids: Option<Vec<String>>) -> PyResult<Vec<Document>> {
    let ids = match ids {
        Some(ids) if ids.len() != texts.len() => {
            return Err(err(format!("{} ids for {} texts", ids.len(), texts.len())));
        }
        Some(ids) => ids,
        None => (0..texts.len()).map(|i| i.to_string()).collect(),
    };
    Ok(ids
        .into_iter()
        .zip(texts)
        .map(|(id, text)| Document { id, text })
        .collect())
}

/// Finds the places a text names and resolves them, with the embedded
/// world gazetteer and any user gazetteers.
///
/// Options as in the command line: ``case`` ("auto", "strict", "ignore"),
/// ``country`` (ISO alpha-2 codes to prefer), ``bbox`` (west, south,
/// east, north to prefer), ``gazetteers`` (user gazetteer files stacked on
/// the embedded one), ``default_gazetteer`` (False: only yours),
/// ``demonyms`` (also report "Syrian" as a mention of Syria), ``precision``
/// (decimals of coordinates), ``weights`` (a weights file made by
/// ``geomention train -o FILE``, instead of the shipped weights).
#[pyclass(module = "geomention._geomention", frozen)]
pub struct Geoparser {
    parser: Parser<'static>,
    gazetteer: &'static Gazetteer,
    opts: OutputOptions,
}

impl Geoparser {
    /// Mentions of mapped documents as JSON values (one list per
    /// document): the rows of `--format mentions`, coordinates written in
    /// the text among the names in text order.
    fn mention_values(&self, results: &[DocResult]) -> PyResult<Vec<Vec<Value>>> {
        let mut cache = mentions::GeometryCache::default();
        results
            .iter()
            .map(|r| {
                let mut v = Vec::new();
                mentions::for_each_mention_of(
                    self.gazetteer,
                    r,
                    &self.opts,
                    &mut cache,
                    &mut |m| {
                        v.push(m);
                        Ok(())
                    },
                )
                .map_err(err)?;
                Ok(v)
            })
            .collect()
    }

    fn lists(&self, py: Python<'_>, values: &[Vec<Value>]) -> PyResult<PyObject> {
        let lists = values
            .iter()
            .map(|v| to_py(py, &Value::Array(v.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, lists)?.into_any().unbind())
    }
}

/// A column as the tuple `map_columns` documents.
fn column_tuple(py: Python<'_>, name: &str, c: &Column) -> PyResult<PyObject> {
    let bytes = |b: &[u8]| PyBytes::new(py, b).into_any().unbind();
    let validity = c.bitmap().map(|b| bytes(&b));
    let (offsets, data) = match c.ty {
        columns::Type::Int | columns::Type::Float => (None, Some(bytes(&c.data))),
        columns::Type::Str => (Some(bytes(&c.offset_bytes())), Some(bytes(&c.data))),
        columns::Type::FloatList | columns::Type::StrList => (Some(bytes(&c.offset_bytes())), None),
    };
    let child = c
        .child
        .as_deref()
        .map(|ch| column_tuple(py, "item", ch))
        .transpose()?;
    let t = (
        name,
        c.ty.name(),
        c.len(),
        c.null_count(),
        validity,
        offsets,
        data,
        child,
    );
    Ok(t.into_pyobject(py)?.into_any().unbind())
}

/// The place-output options of `merge` and `Accumulator.render`: the
/// place flags of `geomention map` and `merge` (`PlaceFlags`), checked as
/// the command line checks them.
struct PlaceArgs<'a> {
    format: &'a str,
    name: &'a str,
    precision: u32,
    split_geometry: bool,
    as_points: bool,
    simplestyle: bool,
    shapefile_fields: bool,
    rs: bool,
    tiles: Option<String>,
    tiles_attribution: Option<String>,
}

impl PlaceArgs<'_> {
    /// The format and renderer options, or the error the command line
    /// gives for the same flags (in Python's words).
    fn options(&self) -> crate::Result<(PlaceFormat, PlaceOptions)> {
        let format = PlaceFormat::parse(self.format)?;
        let values = PlaceFlagValues {
            precision: self.precision,
            split_geometry: self.split_geometry,
            as_points: self.as_points,
            simplestyle: self.simplestyle,
            shapefile_fields: self.shapefile_fields,
            rs: self.rs,
            tiles: self.tiles.as_deref(),
            tiles_attribution: self.tiles_attribution.is_some(),
        };
        let target = Target {
            name: self.format,
            place: Some(format),
        };
        flags::check(&values, target, Spelling::Python).map_err(crate::Error::invalid)?;
        let opts = PlaceOptions {
            name: self.name.into(),
            precision: self.precision,
            features: FeatureOptions {
                as_points: self.as_points,
                simplestyle: self.simplestyle,
            },
            shapefile_fields: self.shapefile_fields,
            rs: self.rs,
            tiles: self.tiles.clone(),
            tiles_attribution: self.tiles_attribution.clone(),
        };
        Ok((format, opts))
    }
}

/// A rendered place output: one text, or with `split_geometry` one
/// GeoJSON text per geometry family that has features (`points`,
/// `lines`, `polygons`: the files `--split-geometry` writes).
enum Rendered {
    One(String),
    Layers(Vec<(&'static str, String)>),
}

impl Rendered {
    fn into_py(self, py: Python<'_>) -> PyResult<PyObject> {
        Ok(match self {
            Rendered::One(s) => s.into_pyobject(py)?.into_any().unbind(),
            Rendered::Layers(layers) => {
                let d = PyDict::new(py);
                for (k, v) in layers {
                    d.set_item(k, v)?;
                }
                d.into_any().unbind()
            }
        })
    }
}

/// Renders a (merged) partial result in a place format, as `map` and
/// `merge` write it (the library's one renderer).
fn render(gaz: &Gazetteer, p: Partial, args: &PlaceArgs) -> crate::Result<Rendered> {
    let (format, opts) = args.options()?;
    let split = args.split_geometry;
    let places = Places::new(gaz, p, opts);
    let text = |b: Vec<u8>| String::from_utf8(b).map_err(|e| crate::Error::invalid(e.to_string()));
    if split {
        let mut out = Vec::new();
        for (fam, fc) in places.layers()? {
            let mut b = Vec::new();
            output::geojson::write(&fc, &mut b)?;
            out.push((fam.as_str(), text(b)?));
        }
        return Ok(Rendered::Layers(out));
    }
    let mut out = Vec::new();
    places.write(format, &mut out)?;
    Ok(Rendered::One(text(out)?))
}

/// The partial result of mention dicts (as `map` returns them): the place
/// table, and the coordinates written in the texts, each rebuilt from its
/// mention's text (see [`Geoparser::coordinate_of`]). No coverage parts:
/// they need the texts.
fn partial_of_mentions(p: &Geoparser, mentions: &Bound<'_, PyList>) -> PyResult<Partial> {
    let gaz = p.gazetteer;
    let demonyms = p.opts.demonyms;
    let mut t = PlaceTable::default();
    let mut coords = CoordinateTable::default();
    let mut docs: HashSet<(String, String)> = HashSet::new();
    let mut all_docs: HashSet<String> = HashSet::new();
    for item in mentions.iter() {
        let d = item
            .downcast::<PyDict>()
            .map_err(|_| PyTypeError::new_err("mentions must be dicts from Geoparser.map"))?;
        let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
            d.get_item(k)?
                .ok_or_else(|| err(format!("mention without the key {k:?}")))
        };
        let doc: String = get("doc")?.extract()?;
        all_docs.insert(doc.clone());
        let place_id: Option<String> = get("place_id")?.extract()?;
        let kind: String = get("kind")?.extract()?;
        let demonym = kind == "demonym";
        let Some(place_id) = place_id else {
            continue;
        };
        if demonym && !demonyms {
            continue;
        }
        let key = MentionKey {
            doc: doc.clone(),
            start: get("start")?.extract()?,
            end: get("end")?.extract()?,
        };
        let text: String = get("text")?.extract()?;
        let context: String = get("context")?.extract()?;
        let first_here = docs.insert((place_id.clone(), doc));
        if kind == "coordinate" {
            let c = p.coordinate_of(&key, &text, &place_id)?;
            add_coordinate(&mut coords, place_id, key, c, &text, context, first_here);
            continue;
        }
        let id = gaz
            .by_id(&place_id)
            .ok_or_else(|| err(format!("place {place_id} is not in the gazetteer")))?;
        let a = t.places.entry(id).or_default();
        if demonym {
            a.demonym_count += 1;
        } else {
            a.count += 1;
        }
        a.docs += u64::from(first_here);
        a.add_form(&text, &key);
        a.add_context(key.clone(), context);
        a.add_reason((demonym, key, get("reason")?.extract()?));
    }
    t.documents = all_docs.len() as u64;
    Ok(Partial {
        demonyms,
        toponyms: t.clone(),
        all: t,
        members: Default::default(),
        coordinates: coords,
    })
}

/// Adds one coordinate mention to a table, as
/// [`CoordinateTable::add_document`] does.
fn add_coordinate(
    t: &mut CoordinateTable,
    id: String,
    key: MentionKey,
    c: Coordinate,
    text: &str,
    context: String,
    first_in_doc: bool,
) {
    let a = t.points.entry(id).or_insert_with(|| CoordinateAggregate {
        first: (key.clone(), c.clone()),
        mentions: Default::default(),
    });
    if key < a.first.0 {
        a.first = (key.clone(), c);
    }
    let s = &mut a.mentions;
    s.count += 1;
    s.docs += u64::from(first_in_doc);
    s.add_form(text, &key);
    if s.wants_context(&key) {
        s.add_context(key, context);
    }
}

#[pymethods]
impl Geoparser {
    #[new]
    #[pyo3(signature = (*, case = "auto", country = None, bbox = None, gazetteers = None,
        default_gazetteer = true, demonyms = false, precision = 6, weights = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        case: &str,
        country: Option<Vec<String>>,
        bbox: Option<[f64; 4]>,
        gazetteers: Option<Vec<PathBuf>>,
        default_gazetteer: bool,
        demonyms: bool,
        precision: u32,
        weights: Option<PathBuf>,
    ) -> PyResult<Self> {
        let case = match case {
            "auto" => CaseMode::Auto,
            "strict" => CaseMode::Strict,
            "ignore" => CaseMode::Ignore,
            other => {
                return Err(err(format!(
                    "case must be auto, strict or ignore; got {other:?}"
                )));
            }
        };
        let country = country.unwrap_or_default();
        if let Some(c) = country
            .iter()
            .find(|c| c.len() != 2 || !c.chars().all(|x| x.is_ascii_alphabetic()))
        {
            return Err(err(format!(
                "country takes ISO 3166-1 alpha-2 codes such as SY; got {c:?}"
            )));
        }
        if let Some([w, s, e, n]) = bbox {
            if !(w < e
                && s < n
                && w.abs() <= 180.0
                && e.abs() <= 180.0
                && s.abs() <= 90.0
                && n.abs() <= 90.0)
            {
                return Err(err(
                    "bbox is (west, south, east, north) in degrees with west < east and south < north",
                ));
            }
        }
        if precision > 15 {
            return Err(err("precision is 0 to 15"));
        }
        let weights = weights.as_deref().map(read_weights).transpose()?;
        let gaz = gazetteer(&gazetteers.unwrap_or_default(), default_gazetteer)?;
        let mut parser = Parser::new(gaz);
        parser.matcher_mut().case_mode(case);
        parser.resolver_mut().country_bias(&country).bbox(bbox);
        if let Some(w) = weights {
            parser.resolver_mut().weights(w);
        }
        Ok(Geoparser {
            parser,
            gazetteer: gaz,
            opts: OutputOptions {
                demonyms,
                precision,
            },
        })
    }

    /// The mentions in one text, as dicts: the rows of ``--format
    /// mentions`` (``start``/``end`` in code points: ``text[start:end]``),
    /// coordinates written in the text included, in text order.
    #[pyo3(signature = (text, doc_id = "0"))]
    fn map(&self, py: Python<'_>, text: String, doc_id: &str) -> PyResult<PyObject> {
        let doc = Document {
            id: doc_id.into(),
            text,
        };
        let r = py.allow_threads(|| self.parser.map(doc));
        let mut v = self.mention_values(std::slice::from_ref(&r))?;
        to_py(py, &Value::Array(v.pop().unwrap_or_default()))
    }

    /// The mentions of many texts (one list per text), mapped on all
    /// cores with the GIL released. ``ids`` name the documents (default
    /// "0", "1", ...).
    #[pyo3(signature = (texts, ids = None))]
    fn map_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
    ) -> PyResult<PyObject> {
        let docs = documents(texts, ids)?;
        let results = py.allow_threads(|| self.parser.map_all(docs));
        let values = py.allow_threads(|| self.mention_values(&results))?;
        self.lists(py, &values)
    }

    /// Like ``map_batch``, and also the partial result of these documents
    /// (the text of ``map --format partial``) for ``merge``.
    #[pyo3(signature = (texts, ids = None))]
    fn map_partial(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
    ) -> PyResult<(PyObject, String)> {
        let docs = documents(texts, ids)?;
        let (values, part) = py.allow_threads(|| -> PyResult<_> {
            let results = self.parser.map_all(docs);
            let p = Partial::from_results(&results, self.opts.demonyms);
            let mut out = Vec::new();
            partial::write(self.gazetteer, &p, &mut out).map_err(err)?;
            Ok((
                self.mention_values(&results)?,
                String::from_utf8(out).map_err(err)?,
            ))
        })?;
        Ok((self.lists(py, &values)?, part))
    }

    /// The mentions of many texts as Arrow columns (the columns of
    /// ``--format mentions``, rows in its order), mapped on all cores with
    /// the GIL released, and with ``partial=True`` also the partial result
    /// (as ``map_partial``). Each column is ``(name, type, length,
    /// null_count, validity, offsets, data, child)`` with the buffers as
    /// bytes in Arrow's layout; ``geomention.map_arrow`` turns them into a
    /// ``pyarrow.RecordBatch``. With an ``accumulator`` (from
    /// ``Geoparser.accumulator``), these documents' partial result is also
    /// folded into it, in Rust: no partial text per batch.
    #[pyo3(signature = (texts, ids = None, partial = false, accumulator = None))]
    fn map_columns(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
        partial: bool,
        accumulator: Option<PyRefMut<'_, Accumulator>>,
    ) -> PyResult<(Vec<PyObject>, Option<String>)> {
        let docs = documents(texts, ids)?;
        self.columns_of(py, docs, partial, accumulator)
    }

    /// Like ``map_columns``, for JSON Lines rows as ``geomention map``
    /// reads them (``{"id": ..., "text": ...}``, the id a string or a
    /// number; blank lines skipped), parsed in Rust. Every row needs an
    /// id: a batch does not know its line numbers in the corpus.
    #[pyo3(signature = (lines, partial = false, accumulator = None))]
    fn map_jsonl_columns(
        &self,
        py: Python<'_>,
        lines: Vec<String>,
        partial: bool,
        accumulator: Option<PyRefMut<'_, Accumulator>>,
    ) -> PyResult<(Vec<PyObject>, Option<String>)> {
        let docs = py.allow_threads(|| jsonl_documents(&lines))?;
        self.columns_of(py, docs, partial, accumulator)
    }

    /// An empty accumulator of partial results for this parser's
    /// settings: pass it to ``map_columns``/``map_jsonl_columns`` (or
    /// ``geomention.map_arrow``) batch after batch, then take its
    /// ``partial()`` once, or ``render`` it.
    fn accumulator(&self) -> Accumulator {
        Accumulator {
            part: Partial {
                demonyms: self.opts.demonyms,
                ..Partial::default()
            },
            gazetteer: self.gazetteer,
            precision: self.opts.precision,
            batches: 0,
        }
    }

    /// Merges partial results (texts of ``map --format partial`` or of
    /// ``map_partial``) into ``format`` (geojson, geojsonseq, csv, html,
    /// partial): the text ``geomention merge`` writes with the same
    /// place flags (``precision``: default the parser's; ``as_points``,
    /// ``simplestyle``, ``shapefile_fields``, ``rs``, ``tiles``,
    /// ``tiles_attribution``). With ``split_geometry=True`` (geojson), a
    /// dict of the GeoJSON texts of the layers that have features
    /// (``points``, ``lines``, ``polygons``: the files of
    /// ``--split-geometry``, layers named ``NAME_points`` etc.).
    #[pyo3(signature = (partials, format = "geojson", name = "geomention", *, precision = None,
        split_geometry = false, as_points = false, simplestyle = false, shapefile_fields = false,
        rs = false, tiles = None, tiles_attribution = None))]
    #[allow(clippy::too_many_arguments)]
    fn merge(
        &self,
        py: Python<'_>,
        partials: Vec<String>,
        format: &str,
        name: &str,
        precision: Option<u32>,
        split_geometry: bool,
        as_points: bool,
        simplestyle: bool,
        shapefile_fields: bool,
        rs: bool,
        tiles: Option<String>,
        tiles_attribution: Option<String>,
    ) -> PyResult<PyObject> {
        let args = PlaceArgs {
            format,
            name,
            precision: precision.unwrap_or(self.opts.precision),
            split_geometry,
            as_points,
            simplestyle,
            shapefile_fields,
            rs,
            tiles,
            tiles_attribution,
        };
        args.options().map_err(err)?;
        let out = py.allow_threads(|| {
            let mut merged: Option<Partial> = None;
            for (i, text) in partials.iter().enumerate() {
                let p = partial::read(self.gazetteer, &mut text.as_bytes())
                    .map_err(|e| err(format!("partial {i}: {e}")))?;
                match merged.as_mut() {
                    None => merged = Some(p),
                    Some(m) => m.merge(p).map_err(|e| err(format!("partial {i}: {e}")))?,
                }
            }
            let merged = merged.ok_or_else(|| err("no partial result given"))?;
            render(self.gazetteer, merged, &args).map_err(err)
        })?;
        out.into_py(py)
    }

    /// The FeatureCollection ``geomention map`` writes for these texts
    /// (one feature per place, then one per coordinate written in the
    /// texts, with the coverage numbers), as a dict.
    #[pyo3(signature = (texts, ids = None, name = "geomention"))]
    fn geojson(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
        name: &str,
    ) -> PyResult<PyObject> {
        let docs = documents(texts, ids)?;
        let fc = py.allow_threads(|| -> PyResult<Value> {
            let results = self.parser.map_all(docs);
            let p = Partial::from_results(&results, self.opts.demonyms);
            let opts = PlaceOptions {
                name: name.into(),
                precision: self.opts.precision,
                ..PlaceOptions::default()
            };
            let fc = Places::new(self.gazetteer, p, opts)
                .collection()
                .map_err(err)?;
            serde_json::to_value(&fc).map_err(err)
        })?;
        to_py(py, &fc)
    }

    /// A FeatureCollection (dict) of mention dicts (from ``map`` or
    /// ``map_batch``, all documents' mentions in one list): the place
    /// features, then the points of the coordinates written in the texts,
    /// that ``map`` writes for those documents when their ids are unique.
    /// There are no coverage numbers (they need the texts: see
    /// ``geojson``). A coordinate's point is rebuilt from the mention's
    /// ``text``; a dict whose text does not give its ``place_id`` back is
    /// an error.
    #[pyo3(signature = (mentions, name = "geomention"))]
    fn feature_collection(
        &self,
        py: Python<'_>,
        mentions: &Bound<'_, PyList>,
        name: &str,
    ) -> PyResult<PyObject> {
        let p = partial_of_mentions(self, mentions)?;
        let opts = PlaceOptions {
            name: name.into(),
            precision: self.opts.precision,
            ..PlaceOptions::default()
        };
        let fc = py.allow_threads(|| -> PyResult<Value> {
            let features = Places::new(self.gazetteer, p, opts)
                .features()
                .map_err(err)?;
            let fc = output::geojson::collection(features, name, Default::default());
            serde_json::to_value(&fc).map_err(err)
        })?;
        to_py(py, &fc)
    }
}

impl Geoparser {
    /// Maps documents into mention columns (and the partial result, as
    /// text and/or folded into an accumulator).
    fn columns_of(
        &self,
        py: Python<'_>,
        docs: Vec<Document>,
        partial: bool,
        mut acc: Option<PyRefMut<'_, Accumulator>>,
    ) -> PyResult<(Vec<PyObject>, Option<String>)> {
        if let Some(a) = acc.as_deref() {
            if a.part.demonyms != self.opts.demonyms {
                return Err(err(
                    "the accumulator was made by a parser with another demonyms setting",
                ));
            }
        }
        let mut folded = acc.as_deref_mut().map(|a| std::mem::take(&mut a.part));
        let res = py.allow_threads(|| -> PyResult<_> {
            let results = self.parser.map_all(docs);
            let cols = columns::of_results(self.gazetteer, &results, &self.opts).map_err(err)?;
            if let Some(f) = folded.as_mut() {
                f.merge(Partial::from_results(&results, self.opts.demonyms))
                    .map_err(err)?;
            }
            let part = partial
                .then(|| {
                    let p = Partial::from_results(&results, self.opts.demonyms);
                    let mut out = Vec::new();
                    partial::write(self.gazetteer, &p, &mut out).map_err(err)?;
                    String::from_utf8(out).map_err(err)
                })
                .transpose()?;
            Ok((cols, part))
        });
        if let (Some(a), Some(f)) = (acc.as_deref_mut(), folded) {
            // Put back even after an error: the batch then either folded
            // whole (the merge is the last step) or not at all.
            a.part = f;
            a.batches += u64::from(res.is_ok());
        }
        let (cols, part) = res?;
        let cols = columns::FIELDS
            .iter()
            .zip(&cols.columns)
            .map(|((name, _), c)| column_tuple(py, name, c))
            .collect::<PyResult<Vec<_>>>()?;
        Ok((cols, part))
    }

    /// The coordinate written as `text` (a mention's text), located as
    /// `map` locates it, at the offsets of `key`: mapping the text alone
    /// finds the same pair (a coordinate is found from its own characters).
    /// An error names the mention if it does not give `place_id` back.
    fn coordinate_of(&self, key: &MentionKey, text: &str, place_id: &str) -> PyResult<Coordinate> {
        let r = self.parser.map(Document {
            id: key.doc.clone(),
            text: text.into(),
        });
        let whole = text.chars().count();
        let c = r
            .coordinates
            .into_iter()
            .find(|c| c.char_start == 0 && c.char_end == whole && c.place_id() == place_id);
        let Some(mut c) = c else {
            return Err(err(format!(
                "the coordinate mention {text:?} of document {:?} at {}..{} does not give its place_id {place_id} back (was the dict changed?)",
                key.doc, key.start, key.end
            )));
        };
        c.char_start = key.start;
        c.char_end = key.end;
        Ok(c)
    }
}

/// The partial result of the batches mapped into it so far (see
/// ``Geoparser.accumulator``): a Spark task keeps one across its batches
/// and emits its ``partial()`` text once, at the end of its partition.
#[pyclass(module = "geomention._geomention")]
pub struct Accumulator {
    part: Partial,
    gazetteer: &'static Gazetteer,
    precision: u32,
    batches: u64,
}

#[pymethods]
impl Accumulator {
    /// The number of batches folded in.
    #[getter]
    fn batches(&self) -> u64 {
        self.batches
    }

    /// The number of documents folded in.
    #[getter]
    fn documents(&self) -> u64 {
        self.part.all.documents
    }

    /// The partial result (the text of ``map --format partial``) for
    /// ``Geoparser.merge`` or ``geomention merge``.
    fn partial(&self, py: Python<'_>) -> PyResult<String> {
        py.allow_threads(|| {
            let mut out = Vec::new();
            partial::write(self.gazetteer, &self.part, &mut out).map_err(err)?;
            String::from_utf8(out).map_err(err)
        })
    }

    /// Folds in a partial result text (of ``partial()``, ``map_partial``
    /// or ``map --format partial``).
    fn add_partial(&mut self, py: Python<'_>, text: &str) -> PyResult<()> {
        let gaz = self.gazetteer;
        let p = py.allow_threads(|| partial::read(gaz, &mut text.as_bytes()).map_err(err))?;
        self.part.merge(p).map_err(err)
    }

    /// The accumulated documents in a place format (geojson, geojsonseq,
    /// csv, html, partial), byte for byte what ``map`` writes for them,
    /// with the place flags of ``Geoparser.merge``.
    #[pyo3(signature = (format = "geojson", name = "geomention", *, precision = None,
        split_geometry = false, as_points = false, simplestyle = false, shapefile_fields = false,
        rs = false, tiles = None, tiles_attribution = None))]
    #[allow(clippy::too_many_arguments)]
    fn render(
        &self,
        py: Python<'_>,
        format: &str,
        name: &str,
        precision: Option<u32>,
        split_geometry: bool,
        as_points: bool,
        simplestyle: bool,
        shapefile_fields: bool,
        rs: bool,
        tiles: Option<String>,
        tiles_attribution: Option<String>,
    ) -> PyResult<PyObject> {
        let args = PlaceArgs {
            format,
            name,
            precision: precision.unwrap_or(self.precision),
            split_geometry,
            as_points,
            simplestyle,
            shapefile_fields,
            rs,
            tiles,
            tiles_attribution,
        };
        let gaz = self.gazetteer;
        let out = py.allow_threads(|| render(gaz, self.part.clone(), &args).map_err(err))?;
        out.into_py(py)
    }
}

/// The columns of ``map_columns`` (and of ``--format mentions``) as
/// ``(name, type)`` pairs, types named as Arrow names them.
#[pyfunction]
fn mention_fields() -> Vec<(&'static str, &'static str)> {
    columns::FIELDS
        .iter()
        .map(|(n, t)| (*n, t.name()))
        .collect()
}

/// The extension module.
#[pymodule]
fn _geomention(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Geoparser>()?;
    m.add_class::<Accumulator>()?;
    m.add_function(wrap_pyfunction!(mention_fields, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
