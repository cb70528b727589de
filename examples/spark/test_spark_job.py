"""The Spark job in local mode (local[2]) on GeoVirus and TR-News (Parquet
written by the tasks with pyarrow, and by Spark's writer): its
GeoJSON equals `geomention map` on the same corpus, byte for byte, and its
Parquet holds the rows `--format mentions` writes, value for value.

Needs pyspark, Java, the geomention package, ../shared/eval and a geomention
binary ($GEOMENTION_BIN, target/release or target/debug); skipped when one
is missing unless GEOMENTION_REQUIRE_SPARK is set (as in CI)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


def need(what):
    if os.environ.get("GEOMENTION_REQUIRE_SPARK"):
        pytest.fail(f"{what} is required (GEOMENTION_REQUIRE_SPARK is set) but missing")
    pytest.skip(f"needs {what}")


def binary():
    for b in [os.environ.get("GEOMENTION_BIN"), ROOT / "target/release/geomention",
              ROOT / "target/debug/geomention"]:
        if b and Path(b).exists():
            return str(b)
    return shutil.which("geomention")


@pytest.fixture(scope="module")
def spark_job():
    try:
        import pyspark  # noqa: F401
        import geomention  # noqa: F401
    except ImportError as e:
        need(str(e))
    if shutil.which("java") is None:
        need("java")
    import spark_job

    return spark_job


@pytest.mark.parametrize("corpus,writer,reader", [("geovirus", "arrow", "python"),
                                                  ("tr-news", "spark", "spark"),
                                                  ("tr-news", "arrow", "spark")])
def test_spark_geojson_equals_map(spark_job, corpus, writer, reader, tmp_path):
    docs = SHARED / "eval" / corpus / "docs.jsonl"
    if not docs.exists() or binary() is None:
        need("../shared/eval and a geomention binary")
    want = subprocess.run([binary(), "map", "-q", str(docs)], check=True,
                          capture_output=True).stdout
    out = tmp_path / "out"
    # Several partitions, so the merge really merges.
    spark_job.main([str(docs), str(out), "--master", "local[2]", "--partitions", "3",
                    "--parquet-writer", writer, "--reader", reader])
    got = (out / "places.geojson").read_bytes()
    assert got == want, f"{corpus}: Spark GeoJSON differs from geomention map"
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "mentions").to_pylist()
    mentions = subprocess.run([binary(), "map", "-q", "--format", "mentions", str(docs)],
                              check=True, capture_output=True).stdout.decode().splitlines()
    # The same rows, values and all (Parquet files come in task order).
    key = lambda m: json.dumps(m, sort_keys=True)  # noqa: E731
    assert sorted(map(key, rows)) == sorted(key(json.loads(m)) for m in mentions)
    if writer == "arrow":
        # The tasks' own files are a Parquet dataset Spark reads as its own.
        assert sorted(p.name for p in (out / "mentions").iterdir()) == [
            "_SUCCESS", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
        from pyspark.sql import SparkSession

        # (The builder keeps the options main() gave it: reset the task cores.)
        spark = SparkSession.builder.master("local[1]").config("spark.task.cpus", "1").getOrCreate()
        df = spark.read.parquet(str(out / "mentions"))
        assert df.schema == spark_job.SCHEMA
        assert df.count() == len(rows)
        assert df.filter("kind = 'toponym'").count() == sum(m["kind"] == "toponym" for m in rows)
        spark.stop()


def test_spark_schema_is_the_package_schema(spark_job):
    import geomention
    from pyspark.sql.pandas.types import to_arrow_schema

    assert to_arrow_schema(spark_job.SCHEMA) == geomention.mention_schema()


def test_spark_keeps_coordinates_written_in_the_text(spark_job, tmp_path):
    """Coordinates written in the text travel in the partial results, so the
    merged GeoJSON has their point features as `map` does."""
    if binary() is None:
        need("a geomention binary")
    texts = [
        "A strike at 36.21N 37.13E, near Aleppo, was reported on Monday.",
        "Shelling hit Idlib and Saraqib overnight.",
        "The convoy stopped at 36°12'N 36°38'E before reaching Idlib.",
        "Again at 36.21N 37.13E: a second strike near Aleppo.",
        "Talks in Ankara and Moscow.",
        "No place here at all.",
    ]
    rows = [json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(texts)]
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(r + "\n" for r in rows))
    want = subprocess.run([binary(), "map", "-q", str(docs)], check=True,
                          capture_output=True).stdout
    assert b'"coordinate"' in want, "map should write coordinate features"
    out = tmp_path / "out"
    spark_job.main([str(docs), str(out), "--master", "local[2]", "--partitions", "3"])
    assert (out / "places.geojson").read_bytes() == want
    # A directory of parts as the Python tasks read them: a byte order mark
    # and CRLF line ends, a gzip file, and a "_" file Spark would skip.
    import gzip

    d = tmp_path / "dir"
    (d / "more").mkdir(parents=True)
    (d / "a.jsonl").write_bytes(b"\xef\xbb\xbf" + "".join(r + "\r\n" for r in rows[:3]).encode())
    (d / "more" / "b.jsonl.gz").write_bytes(gzip.compress("\n".join(rows[3:]).encode()))
    (d / "_SUCCESS").write_text("not JSON")
    spark_job.main([str(d), str(tmp_path / "out2"), "--master", "local[2]", "--partitions", "5"])
    assert (tmp_path / "out2" / "places.geojson").read_bytes() == want


class _Bytes:
    """A file in memory with pyarrow's read_at."""

    def __init__(self, data):
        self.data = data

    def read_at(self, n, at):
        return self.data[at:at + n]


def test_byte_ranges_hold_every_line_once(spark_job):
    import random

    rnd = random.Random(7)
    for _ in range(400):
        lines = ["x" * rnd.randint(0, 30) for _ in range(rnd.randint(0, 12))]
        data = "\n".join(lines).encode() + (b"\n" if rnd.random() < 0.5 else b"")
        cuts = sorted({0, len(data), *(rnd.randint(0, len(data)) for _ in range(rnd.randint(0, 5)))})
        got = b"".join(chunk for a, b in zip(cuts, cuts[1:])
                       for chunk in spark_job.split_chunks(_Bytes(data), len(data), a, b,
                                                           block=rnd.randint(1, 9)))
        assert got == data, (data, cuts)
    files = [("a.jsonl", 10), ("b.jsonl.gz", 50), ("c.jsonl", 0)]
    assert spark_job.plan_splits(files, 2, partitions=3) == [
        ("a.jsonl", 0, 10), ("b.jsonl.gz", 0, 50), ("c.jsonl", 0, 0)]
    assert spark_job.plan_splits([("a", 5 << 20)], 2) == [("a", 0, 5 << 19), ("a", 5 << 19, 5 << 20)]


def test_local_cores(spark_job):
    assert [spark_job.local_cores(m) for m in ["local[2]", "local", "local[3,4]", None,
                                               "yarn", "spark://h:7077"]] == [2, 1, 3, 0, 0, 0]
    assert spark_job.local_cores("local[*]") == (os.cpu_count() or 1)


def test_jvm_class_archive_is_written_then_used(spark_job, tmp_path):
    jsa = tmp_path / "spark.jsa"
    assert spark_job.local_jvm_options() == spark_job.LOCAL_JVM_OPTIONS
    first = spark_job.local_jvm_options(str(jsa))
    assert first.endswith(f"-XX:ArchiveClassesAtExit={jsa}")
    jsa.write_bytes(b"")
    assert spark_job.local_jvm_options(str(jsa)).endswith(f"-XX:SharedArchiveFile={jsa}")
    # The JDK takes both options (an unknown -XX option stops the JVM).
    for opts in (first, f"-XX:SharedArchiveFile={tmp_path / 'none.jsa'}"):
        r = subprocess.run(["java", *opts.split(), "-version"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


def test_two_chunks_at_a_time_keep_order_and_merge_exactly(spark_job):
    """The --reader python task maps two chunks at a time into two
    accumulators: the batches come out in chunk order, equal to mapping the
    chunks one by one, and the two partials merged render `map`'s GeoJSON."""
    import geomention

    docs = SHARED / "eval" / "geovirus" / "docs.jsonl"
    if not docs.exists() or binary() is None:
        need("../shared/eval and a geomention binary")
    lines = docs.read_text(encoding="utf-8").splitlines()
    chunks = [lines[i:i + 17] for i in range(0, len(lines), 17)]
    assert len(chunks) > 4
    p = geomention.Geoparser()
    one = p.accumulator()
    want = [geomention.map_arrow_jsonl(p, c, accumulator=one) for c in chunks]
    accs = [p.accumulator(), p.accumulator()]
    got = list(spark_job.map_two_at_a_time(p, iter(chunks), accs))
    assert len(got) == len(want)
    assert all(g.equals(w) for g, w in zip(got, want)), "batches out of order or different"
    assert accs[0].batches > 0 and accs[1].batches > 0
    accs[0].add_partial(accs[1].partial())
    cli = subprocess.run([binary(), "map", "-q", "--name", "geomention", str(docs)],
                         check=True, capture_output=True).stdout
    assert accs[0].render(name="geomention").encode() == cli
    assert one.render(name="geomention").encode() == cli
