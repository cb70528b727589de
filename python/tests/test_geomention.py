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


def need(what):
    """Skips, or fails when GEOMENTION_REQUIRE_PYTHON_EXTRAS is set (as in CI)."""
    if os.environ.get("GEOMENTION_REQUIRE_PYTHON_EXTRAS"):
        pytest.fail(f"{what} is required (GEOMENTION_REQUIRE_PYTHON_EXTRAS is set) but missing")
    pytest.skip(f"needs {what}")


def test_geodataframe(parser):
    try:
        import geopandas as gpd
    except ImportError:
        need("geopandas")
    fc = parser.geojson(["Shelling hit Idlib and Aleppo.", "Talks in Ankara; Idlib again."])
    gdf = geomention.to_geodataframe(fc)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(fc["features"]) == 3
    idlib = gdf[gdf["name"] == "Idlib"].iloc[0]
    assert idlib["count"] == 2 and idlib["country"] == "SY"
    feature = [f for f in fc["features"] if f["properties"]["name"] == "Idlib"][0]
    assert idlib.geometry.geom_type == feature["geometry"]["type"]
    lon, lat = idlib.geometry.representative_point().coords[0]
    assert 35 < lon < 38 and 34 < lat < 37


def pyarrow():
    try:
        import pyarrow as pa
    except ImportError:
        need("pyarrow")
    return pa


def run_cli(args, docs):
    binary = cli()
    if binary is None:
        need("a geomention binary")
    out = subprocess.run([binary, *args, str(docs)], check=True, capture_output=True)
    return out.stdout.decode()


def write_docs(path, texts):
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return path


TEXTS = [
    "Shelling hit Idlib and Aleppo, said people in Ankara.",
    "Nothing here.",
    "A strike at 36.21N 37.13E, near Aleppo; Georgia and Paris reacted.",
    "Ça a frappé 🙂 Idlib.",
]


def test_map_arrow_equals_format_mentions(parser, tmp_path):
    pa = pyarrow()
    want = [json.loads(x) for x in run_cli(["map", "-q", "--format", "mentions"],
                                           write_docs(tmp_path / "d.jsonl", TEXTS)).splitlines()]
    assert any(m["kind"] == "coordinate" for m in want), "the texts should hold a coordinate"
    batch = geomention.map_arrow(parser, TEXTS, [f"d{i}" for i in range(len(TEXTS))])
    assert isinstance(batch, pa.RecordBatch)
    assert batch.schema == geomention.mention_schema()
    assert batch.to_pylist() == want
    batch, part = geomention.map_arrow(parser, TEXTS, partial=True)
    assert part == parser.map_partial(TEXTS)[1]
    assert batch.column("doc").to_pylist()[0] == "0"
    empty = geomention.map_arrow(parser, [])
    assert empty.num_rows == 0 and empty.schema == geomention.mention_schema()


def test_weights_option(parser, tmp_path):
    shipped = (ROOT / "src" / "resolve" / "weights.tsv").read_text().splitlines()
    halved = [line if line.startswith("#") or not line.strip() else
              "{}\t{:.4f}".format(line.split("\t")[0], float(line.split("\t")[1]) / 2)
              for line in shipped]
    w = tmp_path / "weights.tsv"
    w.write_text("\n".join(halved) + "\n")
    mine = geomention.Geoparser(weights=str(w))
    docs = write_docs(tmp_path / "d.jsonl", TEXTS)
    want = [json.loads(x) for x in run_cli(["map", "-q", "--format", "mentions", "--weights", str(w)],
                                           docs).splitlines()]
    got = [m for ms in mine.map_batch(TEXTS, [f"d{i}" for i in range(len(TEXTS))]) for m in ms]
    assert got == want
    default = [m["score"] for ms in parser.map_batch(TEXTS) for m in ms]
    assert [m["score"] for m in got] != default, "halved weights should change the scores"
    bad = tmp_path / "bad.tsv"
    bad.write_text("no_such_feature\t1.0\n")
    with pytest.raises(ValueError, match="bad.tsv"):
        geomention.Geoparser(weights=str(bad))
    with pytest.raises(ValueError, match="missing.tsv"):
        geomention.Geoparser(weights=str(tmp_path / "missing.tsv"))


def test_map_and_map_batch_equal_format_mentions_with_coordinates(parser, tmp_path):
    docs = write_docs(tmp_path / "d.jsonl", TEXTS)
    want = [json.loads(x) for x in run_cli(["map", "-q", "--format", "mentions"], docs).splitlines()]
    coords = [m for m in want if m["kind"] == "coordinate"]
    assert coords and coords[0]["place_id"].startswith("coord:"), "the texts should hold a coordinate"
    ids = [f"d{i}" for i in range(len(TEXTS))]
    got = parser.map_batch(TEXTS, ids)
    assert [m for ms in got for m in ms] == want
    # Coordinates sit among the names in text order, as in the command line.
    assert [m["kind"] for m in parser.map(TEXTS[2], "d2")] == [m["kind"] for m in want if m["doc"] == "d2"]
    assert parser.map(TEXTS[2], "d2") == [m for m in want if m["doc"] == "d2"]
    # geojson, merge and feature_collection (from the dicts alone) have the
    # coordinate points, as map does.
    whole = json.loads(run_cli(["map", "-q"], docs))
    assert any(f["properties"]["place_id"].startswith("coord:") for f in whole["features"])
    fc = geomention.feature_collection(parser, [m for ms in got for m in ms])
    assert fc["features"] == whole["features"]
    assert parser.geojson(TEXTS, ids) == whole
    assert json.loads(parser.merge([parser.map_partial(TEXTS, ids)[1]])) == whole


@pytest.mark.parametrize("corpus", ["geovirus", "tr-news"])
def test_map_arrow_equals_the_command_line(parser, corpus):
    pyarrow()
    docs = SHARED / "eval" / corpus / "docs.jsonl"
    if not docs.exists():
        pytest.skip("needs ../shared/eval")
    want = [json.loads(x) for x in run_cli(["map", "-q", "--format", "mentions"], docs).splitlines()]
    rows = [json.loads(line) for line in docs.read_text().splitlines() if line.strip()]
    texts, ids = [r["text"] for r in rows], [str(r["id"]) for r in rows]
    assert geomention.map_arrow(parser, texts, ids).to_pylist() == want
    lines = docs.read_text().splitlines()
    assert geomention.map_arrow_jsonl(parser, lines).to_pylist() == want


def test_map_arrow_jsonl_reads_rows_as_map_does(parser, tmp_path):
    pyarrow()
    rows = ['{"id": 7, "text": "Shelling hit Idlib."}', "", '{"text": "Aleppo.", "id": "x", "n": 1}']
    docs = tmp_path / "d.jsonl"
    docs.write_text("\n".join(rows) + "\n")
    want = [json.loads(x) for x in run_cli(["map", "-q", "--format", "mentions"], docs).splitlines()]
    assert [m["doc"] for m in want] == ["7", "x"]
    assert geomention.map_arrow_jsonl(parser, rows).to_pylist() == want
    for bad, why in [('{"text": "Idlib."}', "no \"id\""), ('{"id": "a"}', "no \"text\""),
                     ('{"id": [1], "text": "t"}', "string or a number"), ("{oops", "invalid JSON")]:
        with pytest.raises(ValueError, match=why):
            geomention.map_arrow_jsonl(parser, [bad])


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


@pytest.mark.parametrize("corpus", ["geovirus", "tr-news"])
def test_merged_accumulators_equal_the_command_line(parser, corpus):
    pyarrow()
    docs = SHARED / "eval" / corpus / "docs.jsonl"
    binary = cli()
    if not docs.exists() or binary is None:
        pytest.skip("needs ../shared/eval and a geomention binary")
    want = subprocess.run([binary, "map", "-q", str(docs)], check=True, capture_output=True).stdout
    lines = [x for x in docs.read_text().splitlines() if x.strip()]
    # Two "tasks" of three batches each, as a Spark partition folds them.
    accs = []
    for task in range(2):
        acc = parser.accumulator()
        rows = 0
        for batch in range(3):
            b = geomention.map_arrow_jsonl(parser, lines[task * 3 + batch::6], accumulator=acc)
            rows += b.num_rows
        assert acc.batches == 3
        accs.append(acc)
    assert sum(a.documents for a in accs) == len(lines)
    assert parser.merge([a.partial() for a in accs[::-1]]).encode() == want
    one = parser.accumulator()
    for a in accs:
        one.add_partial(a.partial())
    assert one.render().encode() == want
    assert one.render("csv") == parser.merge([a.partial() for a in accs], format="csv")


def test_accumulator_needs_the_same_demonyms_setting(parser):
    acc = geomention.Geoparser(demonyms=True).accumulator()
    with pytest.raises(ValueError, match="demonyms"):
        parser.map_columns(["Shelling hit Idlib."], None, False, acc)
    assert acc.batches == 0 and acc.documents == 0
    parser.map_columns(["Shelling hit Idlib."], None, False, parser_acc := parser.accumulator())
    assert parser_acc.batches == 1 and parser_acc.documents == 1


def test_feature_collection_rebuilds_coordinate_points(tmp_path):
    texts = TEXTS + ["Again 36.21N 37.13E and 36.21N 37.13E; Syrian troops near 35.5N 38.1E."]
    ids = [f"d{i}" for i in range(len(texts))]
    docs = write_docs(tmp_path / "d.jsonl", texts)
    for demonyms in (False, True):
        p = geomention.Geoparser(demonyms=demonyms)
        flags = ["map", "-q"] + (["--demonyms"] if demonyms else [])
        whole = json.loads(run_cli(flags, docs))
        points = [f for f in whole["features"] if f["properties"]["kind"] == "coordinate"]
        assert len(points) == 2 and points[0]["properties"]["count"] == 3
        mentions = [m for ms in p.map_batch(texts, ids) for m in ms]
        # The order of the dicts does not matter.
        assert geomention.feature_collection(p, mentions[::-1])["features"] == whole["features"]
    changed = [dict(m) for m in mentions]
    c = next(m for m in changed if m["kind"] == "coordinate")
    c["text"] = "12.5N 40.1E"
    with pytest.raises(ValueError, match="does not give its place_id"):
        geomention.feature_collection(p, changed)


# (format, extension, flags of `geomention merge`, keyword arguments of merge)
MERGE_VARIANTS = [
    ("geojson", "geojson", ["--precision", "3"], {"precision": 3}),
    ("geojson", "geojson", ["--as-points", "--simplestyle"], {"as_points": True, "simplestyle": True}),
    ("geojson", "geojson", ["--shapefile-fields"], {"shapefile_fields": True}),
    ("geojsonseq", "geojsonseq", ["--rs", "--shapefile-fields"], {"rs": True, "shapefile_fields": True}),
    ("csv", "csv", ["--as-points", "--precision", "2"], {"as_points": True, "precision": 2}),
    ("html", "html", ["--as-points", "--tiles", "https://t.example/{z}/{x}/{y}.png",
                      "--tiles-attribution", "<b>T</b>"],
     {"as_points": True, "tiles": "https://t.example/{z}/{x}/{y}.png", "tiles_attribution": "<b>T</b>"}),
]


@pytest.mark.parametrize("fmt,ext,flags,kwargs", MERGE_VARIANTS)
def test_merge_takes_the_place_flags_of_the_command_line(parser, tmp_path, fmt, ext, flags, kwargs):
    binary = cli()
    if binary is None:
        need("a geomention binary")
    docs = write_docs(tmp_path / "d.jsonl", TEXTS + ["Fighting along the Euphrates and in Raqqa."])
    part = tmp_path / "d.partial"
    subprocess.run([binary, "map", "-q", "--format", "partial", str(docs), "-o", str(part)], check=True)
    out = tmp_path / f"m.{ext}"
    subprocess.run([binary, "merge", "-q", "--format", fmt, "--name", "m", *flags, str(part),
                    "-o", str(out)], check=True)
    got = parser.merge([part.read_text()], format=fmt, name="m", **kwargs)
    assert got.encode() == out.read_bytes()
    assert got != parser.merge([part.read_text()], format=fmt, name="m")
    acc = parser.accumulator()
    acc.add_partial(part.read_text())
    assert acc.render(fmt, "m", **kwargs) == got


def test_merge_split_geometry_equals_the_command_line(parser, tmp_path):
    binary = cli()
    if binary is None:
        need("a geomention binary")
    docs = write_docs(tmp_path / "d.jsonl", TEXTS + ["Fighting along the Euphrates and in Raqqa."])
    part = tmp_path / "d.partial"
    subprocess.run([binary, "map", "-q", "--format", "partial", str(docs), "-o", str(part)], check=True)
    for extra, kwargs in [([], {}), (["--shapefile-fields"], {"shapefile_fields": True})]:
        out = tmp_path / "whole.geojson"
        subprocess.run([binary, "merge", "-q", "-f", "--split-geometry", *extra, str(part),
                        "-o", str(out)], check=True)
        layers = parser.merge([part.read_text()], name="whole", split_geometry=True, **kwargs)
        files = {f.name.split(".")[1]: f.read_bytes().decode() for f in tmp_path.glob("whole.*.geojson")}
        assert set(layers) == set(files) and len(layers) >= 2
        assert layers == files
        for f in tmp_path.glob("whole.*.geojson"):
            f.unlink()


def test_merge_refuses_flags_the_command_line_refuses(parser):
    part = parser.map_partial(["Shelling hit Idlib."])[1]
    for fmt, kwargs in [("csv", {"split_geometry": True}), ("geojson", {"rs": True}),
                        ("csv", {"shapefile_fields": True}), ("geojson", {"tiles": "https://x/{z}/{x}/{y}"}),
                        ("html", {"tiles": "ftp://x/{z}/{x}/{y}"}), ("partial", {"simplestyle": True}),
                        ("geojson", {"split_geometry": True, "as_points": True}),
                        ("geojson", {"precision": 16})]:
        with pytest.raises(ValueError):
            parser.merge([part], format=fmt, **kwargs)
