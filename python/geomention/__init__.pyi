from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    overload,
)

__version__: str

Mention = Dict[str, Any]
FeatureCollection = Dict[str, Any]
# (name, arrow type, length, null_count, validity, offsets, data, child)
Column = Tuple[Any, ...]

class Accumulator:
    """The partial result of the batches mapped into it (from
    ``Geoparser.accumulator``), kept in Rust across batches."""

    @property
    def batches(self) -> int:
        """Batches folded in."""
    @property
    def documents(self) -> int:
        """Documents folded in."""
    def partial(self) -> str:
        """The partial result text (``map --format partial``) for ``merge``."""
    def add_partial(self, text: str) -> None:
        """Folds in a partial result text."""
    def render(
        self,
        format: str = "geojson",
        name: str = "geomention",
        *,
        precision: Optional[int] = None,
        split_geometry: bool = False,
        as_points: bool = False,
        simplestyle: bool = False,
        shapefile_fields: bool = False,
        rs: bool = False,
        tiles: Optional[str] = None,
        tiles_attribution: Optional[str] = None,
    ) -> Any:
        """The accumulated documents in geojson, geojsonseq, csv, html or
        partial: byte for byte what ``geomention map`` writes for them, with
        the place flags of ``Geoparser.merge``."""

class Geoparser:
    """Finds the places a text names and resolves them (embedded world
    gazetteer plus user gazetteers); options as in ``geomention map``."""

    def __init__(
        self,
        *,
        case: str = "auto",
        country: Optional[Sequence[str]] = None,
        bbox: Optional[Tuple[float, float, float, float]] = None,
        gazetteers: Optional[Sequence[str]] = None,
        default_gazetteer: bool = True,
        demonyms: bool = False,
        precision: int = 6,
        weights: Optional[str] = None,
    ) -> None: ...
    def map(self, text: str, doc_id: str = "0") -> List[Mention]:
        """Mentions of one text: the rows of ``--format mentions`` as dicts
        (offsets in code points), coordinates written in the text included
        (kind ``coordinate``, in text order among the names)."""
    def map_batch(
        self, texts: Sequence[str], ids: Optional[Sequence[str]] = None
    ) -> List[List[Mention]]:
        """Mentions of many texts (as ``map``), one list per text, on all
        cores (GIL released)."""
    def map_partial(
        self, texts: Sequence[str], ids: Optional[Sequence[str]] = None
    ) -> Tuple[List[List[Mention]], str]:
        """``map_batch`` plus the partial result text (``map --format partial``)."""
    def map_columns(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        partial: bool = False,
        accumulator: Optional[Accumulator] = None,
    ) -> Tuple[List[Column], Optional[str]]:
        """Mentions as Arrow buffers (see ``geomention.map_arrow``), and with
        ``partial=True`` the partial result; with an ``accumulator``, the
        partial result is folded into it."""
    def map_jsonl_columns(
        self,
        lines: Sequence[str],
        partial: bool = False,
        accumulator: Optional[Accumulator] = None,
    ) -> Tuple[List[Column], Optional[str]]:
        """``map_columns`` for JSON Lines rows ``{"id", "text"}`` parsed in Rust."""
    def accumulator(self) -> Accumulator:
        """An empty accumulator for this parser's settings."""
    def merge(
        self,
        partials: Sequence[str],
        format: str = "geojson",
        name: str = "geomention",
        *,
        precision: Optional[int] = None,
        split_geometry: bool = False,
        as_points: bool = False,
        simplestyle: bool = False,
        shapefile_fields: bool = False,
        rs: bool = False,
        tiles: Optional[str] = None,
        tiles_attribution: Optional[str] = None,
    ) -> Any:
        """Merged partial results in geojson, geojsonseq, csv, html or partial:
        byte for byte what ``geomention merge`` writes with the same place
        flags (``precision`` defaults to the parser's). A str; with
        ``split_geometry=True`` a dict of the GeoJSON texts of the layers
        with features (``points``, ``lines``, ``polygons``)."""
    def geojson(
        self,
        texts: Sequence[str],
        ids: Optional[Sequence[str]] = None,
        name: str = "geomention",
    ) -> FeatureCollection:
        """The FeatureCollection ``geomention map`` writes for these texts
        (places, then the coordinates written in them)."""
    def feature_collection(
        self, mentions: List[Mention], name: str = "geomention"
    ) -> FeatureCollection:
        """The place features, then the coordinate points, of mention dicts,
        as ``geomention map`` writes them (without coverage numbers)."""

def feature_collection(
    parser: Geoparser, mentions: Iterable[Mapping[str, Any]], name: str = "geomention"
) -> FeatureCollection: ...
def to_geodataframe(fc: Mapping[str, Any]) -> Any: ...
def mention_fields() -> List[Tuple[str, str]]: ...
def mention_schema() -> Any: ...
@overload
def map_arrow(
    parser: Geoparser,
    texts: Sequence[str],
    ids: Optional[Sequence[str]] = None,
    partial: Literal[False] = False,
    accumulator: Optional[Accumulator] = None,
) -> Any: ...
@overload
def map_arrow(
    parser: Geoparser,
    texts: Sequence[str],
    ids: Optional[Sequence[str]] = None,
    *,
    partial: Literal[True],
    accumulator: Optional[Accumulator] = None,
) -> Tuple[Any, str]: ...
@overload
def map_arrow_jsonl(
    parser: Geoparser,
    lines: Sequence[str],
    partial: Literal[False] = False,
    accumulator: Optional[Accumulator] = None,
) -> Any: ...
@overload
def map_arrow_jsonl(
    parser: Geoparser,
    lines: Sequence[str],
    *,
    partial: Literal[True],
    accumulator: Optional[Accumulator] = None,
) -> Tuple[Any, str]: ...
