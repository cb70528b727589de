"""geomention: find the place names in texts, resolve them with an embedded
world gazetteer, and map them.

>>> import geomention
>>> p = geomention.Geoparser()
>>> [(m["text"], m["start"], m["end"], m["place_id"]) for m in p.map("Shelling hit Idlib.")]
[('Idlib', 13, 18, 'geonames:169387')]

``Geoparser.map`` returns one dict per mention, the rows of ``geomention
map --format mentions`` (``start``/``end`` in code points, so
``text[start:end]`` is the mention; coordinates written in the text are
mentions of kind ``coordinate``). ``map_batch`` maps many texts on all
cores with the GIL released. ``geojson`` gives the FeatureCollection
``geomention map`` writes; ``map_partial`` and ``merge`` split the work
across machines (Spark executors) with the exact same result; an
``Accumulator`` (``Geoparser.accumulator``) keeps the partial result of many
batches in Rust, to emit once.
``map_arrow`` gives the mentions of many texts as a ``pyarrow.RecordBatch``
(columns built in Rust: far cheaper than a dict per mention; the Spark
example uses it with ``mapInArrow``). ``to_geodataframe`` turns a
FeatureCollection into a GeoPandas GeoDataFrame when GeoPandas is
installed.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ._geomention import Accumulator, Geoparser, __version__, mention_fields

__all__ = [
    "Accumulator",
    "Geoparser",
    "feature_collection",
    "map_arrow",
    "map_arrow_jsonl",
    "mention_fields",
    "mention_schema",
    "to_geodataframe",
    "__version__",
]

_TYPES = {"utf8": "utf8", "int64": "int64", "float64": "float64"}


def _arrow_type(pa: Any, name: str) -> Any:
    if name.startswith("list<"):
        return pa.list_(_arrow_type(pa, name[5:-1]))
    return getattr(pa, _TYPES[name])()


def _array(pa: Any, col: Tuple[Any, ...]) -> Any:
    _, ty, length, nulls, validity, offsets, data, child = col
    buffers = [None if validity is None else pa.py_buffer(validity)]
    buffers += [pa.py_buffer(b) for b in (offsets, data) if b is not None]
    children = None if child is None else [_array(pa, child)]
    return pa.Array.from_buffers(
        _arrow_type(pa, ty), length, buffers, null_count=nulls, children=children
    )


def mention_schema() -> "pyarrow.Schema":  # noqa: F821
    """The pyarrow schema of ``map_arrow``'s record batches: the columns of
    ``geomention map --format mentions``, all nullable. Needs pyarrow."""
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(pa, t)) for n, t in mention_fields()])


def map_arrow(
    parser: Geoparser,
    texts: Sequence[str],
    ids: Optional[Sequence[str]] = None,
    partial: bool = False,
    accumulator: Optional[Accumulator] = None,
) -> Any:
    """The mentions of many texts as one ``pyarrow.RecordBatch``, one row
    per mention with the columns and row order of ``geomention map --format
    mentions`` (``bbox`` and ``candidates`` are lists; ``start``/``end`` in
    code points). Maps on all cores with the GIL released. With
    ``partial=True``, returns ``(batch, partial)``, the partial result of
    these texts as ``Geoparser.map_partial`` gives it. With an
    ``accumulator`` (``parser.accumulator()``), their partial result is
    folded into it in Rust instead: keep one across batches and take its
    ``partial()`` once. Needs pyarrow."""
    cols, part = parser.map_columns(
        list(texts), None if ids is None else list(ids), partial, accumulator
    )
    return _batch(cols, part, partial)


def map_arrow_jsonl(
    parser: Geoparser,
    lines: Sequence[str],
    partial: bool = False,
    accumulator: Optional[Accumulator] = None,
) -> Any:
    """Like ``map_arrow``, for JSON Lines rows as ``geomention map`` reads
    them (``{"id": ..., "text": ...}``, parsed in Rust; blank lines are
    skipped). Every row needs an ``id``. Needs pyarrow."""
    if not isinstance(lines, list):
        lines = list(lines)
    cols, part = parser.map_jsonl_columns(lines, partial, accumulator)
    return _batch(cols, part, partial)


def _batch(cols: List[Tuple[Any, ...]], part: Optional[str], partial: bool) -> Any:
    import pyarrow as pa

    batch = pa.RecordBatch.from_arrays(
        [_array(pa, c) for c in cols], names=[c[0] for c in cols]
    )
    return (batch, part) if partial else batch


def feature_collection(
    parser: Geoparser, mentions: Iterable[Mapping[str, Any]], name: str = "geomention"
) -> Dict[str, Any]:
    """The FeatureCollection (a dict) of mentions from ``parser.map`` or
    ``parser.map_batch`` (flatten the per-text lists first): the features
    ``geomention map`` writes for those documents, one per place, then one
    Point per coordinate written in the texts (rebuilt from the mentions'
    ``text``). No coverage numbers: they need the texts
    (``parser.geojson`` has them)."""
    return parser.feature_collection(list(mentions), name)


def to_geodataframe(fc: Mapping[str, Any]) -> "geopandas.GeoDataFrame":  # noqa: F821
    """A GeoPandas GeoDataFrame (CRS EPSG:4326) of a FeatureCollection dict,
    one row per place with its properties. Needs GeoPandas
    (``pip install geopandas``); raises ImportError without it."""
    try:
        import geopandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_geodataframe needs GeoPandas: pip install geopandas"
        ) from e
    features: List[Dict[str, Any]] = list(fc.get("features", []))
    return geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
