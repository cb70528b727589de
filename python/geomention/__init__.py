"""geomention: find the place names in texts, resolve them with an embedded
world gazetteer, and map them.

>>> import geomention
>>> p = geomention.Geoparser()
>>> [(m["text"], m["start"], m["end"], m["place_id"]) for m in p.map("Shelling hit Idlib.")]
[('Idlib', 13, 18, 'geonames:169387')]

``Geoparser.map`` returns one dict per mention with the keys of
``geomention map --format mentions`` (``start``/``end`` in code points, so
``text[start:end]`` is the mention). ``map_batch`` maps many texts on all
cores with the GIL released. ``geojson`` gives the FeatureCollection
``geomention map`` writes; ``map_partial`` and ``merge`` split the work
across machines (Spark executors) with the exact same result.
``to_geodataframe`` turns a FeatureCollection into a GeoPandas
GeoDataFrame when GeoPandas is installed.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping

from ._geomention import Geoparser, __version__

__all__ = ["Geoparser", "feature_collection", "to_geodataframe", "__version__"]


def feature_collection(
    parser: Geoparser, mentions: Iterable[Mapping[str, Any]], name: str = "geomention"
) -> Dict[str, Any]:
    """The FeatureCollection (a dict) of mentions from ``parser.map`` or
    ``parser.map_batch`` (flatten the per-text lists first): one feature per
    place, the features ``geomention map`` writes for those documents."""
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
