"""Tests of the Python package against the real extension and, where the
repository's ../shared data and a geomention binary are present, against
the command line."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import geomention

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def cli():
    """The geomention binary: $GEOMENTION_BIN, target/release, or PATH."""
    env = os.environ.get("GEOMENTION_BIN")
    if env:
        return env
    built = ROOT / "target" / "release" / "geomention"
    if built.exists():
        return str(built)
    return shutil.which("geomention")


@pytest.fixture(scope="module")
def parser():
    return geomention.Geoparser()


def test_map_finds_idlib_with_code_point_offsets(parser):
    text = "Shelling hit Idlib."
    ms = parser.map(text)
    assert [m["text"] for m in ms] == ["Idlib"]
    m = ms[0]
    assert (m["start"], m["end"]) == (13, 18)
    assert text[m["start"] : m["end"]] == "Idlib"
    assert m["name"] == "Idlib" and m["country"] == "SY"
    # Code points, not bytes or UTF-16 units.
    text = "Ça a frappé 🙂 Idlib."
    m = parser.map(text)[0]
    assert text[m["start"] : m["end"]] == "Idlib"


def test_mentions_have_the_keys_of_format_mentions(parser):
    keys = list(parser.map("Talks in Ankara failed.")[0].keys())
    assert keys == [
        "doc", "start", "end", "text", "kind", "place_id", "name", "lat", "lon",
        "geometry_type", "bbox", "place_kind", "country", "score", "reason",
        "candidates", "context",
    ]


def test_map_batch_keeps_order_and_ids(parser):
    texts = ["Shelling hit Idlib.", "Nothing here.", "Talks in Ankara failed."]
    out = parser.map_batch(texts, ids=["a", "b", "c"])
    assert [[m["text"] for m in ms] for ms in out] == [["Idlib"], [], ["Ankara"]]
    assert out[2][0]["doc"] == "c"
    with pytest.raises(ValueError):
        parser.map_batch(texts, ids=["a"])


def test_options_are_checked():
    with pytest.raises(ValueError):
        geomention.Geoparser(case="shouting")
    with pytest.raises(ValueError):
        geomention.Geoparser(country=["Syria"])
    with pytest.raises(ValueError):
        geomention.Geoparser(bbox=(10, 0, 5, 1))


def test_demonyms_option(parser):
    text = "Syrian forces shelled Idlib."
    assert all(m["kind"] == "toponym" for m in parser.map(text))
    kinds = {m["kind"] for m in geomention.Geoparser(demonyms=True).map(text)}
    assert "demonym" in kinds


def test_user_gazetteer(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text("id,name,lat,lon,kind,country\nmine:1,Qaryat Zarqa,35.1,36.2,village,SY\n")
    p = geomention.Geoparser(gazetteers=[str(csv)])
    ms = p.map("Fighting near Qaryat Zarqa.")
    assert [m["place_id"] for m in ms] == ["mine:1"]


def test_feature_collection_of_mentions_equals_geojson(parser):
    texts = ["Shelling hit Idlib and Aleppo.", "Idlib again; talks in Ankara."]
    fc = parser.geojson(texts)
    mentions = [m for ms in parser.map_batch(texts) for m in ms]
    fc2 = geomention.feature_collection(parser, mentions)
    assert fc["features"] == fc2["features"]
    idlib = [f for f in fc["features"] if f["properties"]["name"] == "Idlib"][0]
    assert idlib["properties"]["count"] == 2 and idlib["properties"]["docs"] == 2


def test_partials_merge_in_any_order(parser):
    texts = [f"Report {i}: shelling hit Idlib, said people in Aleppo." for i in range(9)]
    ids = [f"doc-{i}" for i in range(9)]
    whole = parser.merge([parser.map_partial(texts, ids)[1]])
    parts = [parser.map_partial(texts[k::3], ids[k::3])[1] for k in range(3)]
    assert parser.merge(parts[::-1]) == whole
    assert parser.merge([parts[1], parts[2], parts[0]], format="csv") == parser.merge(
        [parser.map_partial(texts, ids)[1]], format="csv"
    )
    assert json.loads(whole) == parser.geojson(texts, ids)
    with pytest.raises(ValueError):
        parser.merge(["not a partial"])


def test_geodataframe(parser):
    gpd = pytest.importorskip("geopandas")
    gdf = geomention.to_geodataframe(parser.geojson(["Shelling hit Idlib."]))
    assert isinstance(gdf, gpd.GeoDataFrame) and list(gdf["name"]) == ["Idlib"]


@pytest.mark.parametrize("corpus", ["geovirus", "tr-news"])
def test_geojson_equals_the_command_line(parser, corpus):
    docs = SHARED / "eval" / corpus / "docs.jsonl"
    binary = cli()
    if not docs.exists() or binary is None:
        pytest.skip("needs ../shared/eval and a geomention binary")
    want = subprocess.run([binary, "map", "-q", str(docs)], check=True, capture_output=True).stdout
    rows = [json.loads(line) for line in docs.read_text().splitlines() if line.strip()]
    texts, ids = [r["text"] for r in rows], [str(r["id"]) for r in rows]
    parts = [parser.map_partial(texts[k::4], ids[k::4])[1] for k in range(4)]
    assert parser.merge(parts[::-1]).encode() == want
