"""geomention on Apache Spark: map a JSON Lines corpus ({"id", "text"} rows)
on the executors with the geomention Python package, write one Parquet row
per mention, and merge the executors' partial results into the GeoJSON that
`geomention map` writes for the whole corpus, byte for byte.

    spark-submit examples/spark/spark_job.py corpus.jsonl out/ \
        [--geojson places.geojson] [--master local[2]] [--partitions N] \
        [--threads-per-task 1] [--demonyms] [--country SY,TR]

The corpus is read as lines; each Arrow batch of lines is parsed and
mapped in Rust (`geomention.map_arrow_jsonl` inside `mapInArrow`): the
mention columns come back as Arrow buffers, not Python objects. Writes OUT/mentions/ (Parquet: one row per mention, the
columns and values of `--format mentions`, `bbox` and `candidates` as
arrays) and the merged GeoJSON (default OUT/places.geojson). Each task
merges the partial results of its batches into one and hands it to the
driver in an accumulator (Spark applies a successful task's update once,
so a retried task does not count twice); the driver merges those. Every
document needs an "id" (string or number), as in `geomention map`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterator, List

from pyspark.accumulators import AccumulatorParam
from pyspark.sql import SparkSession, types as T

MENTION_FIELDS = [
    ("doc", T.StringType()),
    ("start", T.LongType()),
    ("end", T.LongType()),
    ("text", T.StringType()),
    ("kind", T.StringType()),
    ("place_id", T.StringType()),
    ("name", T.StringType()),
    ("lat", T.DoubleType()),
    ("lon", T.DoubleType()),
    ("geometry_type", T.StringType()),
    ("bbox", T.ArrayType(T.DoubleType())),
    ("place_kind", T.StringType()),
    ("country", T.StringType()),
    ("score", T.DoubleType()),
    ("reason", T.StringType()),
    ("candidates", T.ArrayType(T.StringType())),
    ("context", T.StringType()),
]
SCHEMA = T.StructType([T.StructField(n, t, True) for n, t in MENTION_FIELDS])

_PARSER = None


def parser(options: dict):
    """One Geoparser per Python worker (the gazetteer loads once)."""
    global _PARSER
    if _PARSER is None:
        import geomention

        _PARSER = geomention.Geoparser(**options)
    return _PARSER


class Partials(AccumulatorParam):
    """Collects the tasks' partial results (texts) and mention counts."""

    def zero(self, value):
        return ([], 0)

    def addInPlace(self, a, b):
        return (a[0] + b[0], a[1] + b[1])


def map_batches(options: dict, partials):
    """The mapInArrow function: per Arrow batch of JSON Lines rows, the batch of
    its mention rows; at the end of the task, the merged partial result of
    all its batches goes to the `partials` accumulator."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import geomention

        p = parser(options)
        parts: List[str] = []
        rows = 0
        for b in batches:
            lines = b.column("value").to_pylist()
            batch, part = geomention.map_arrow_jsonl(p, lines, partial=True)
            parts.append(part)
            rows += batch.num_rows
            yield batch
        if parts:
            merged = parts[0] if len(parts) == 1 else p.merge(parts, format="partial")
            partials.add(([merged], rows))

    return run


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSON Lines file(s) or directory of {id, text} rows")
    ap.add_argument("out", help="output directory (Parquet and GeoJSON)")
    ap.add_argument("--geojson", help="merged GeoJSON (default OUT/places.geojson)")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    ap.add_argument("--partitions", type=int, default=None,
                    help="repartition the documents (a shuffle) into N partitions")
    ap.add_argument("--threads-per-task", type=int, default=1,
                    help="threads each task maps with (default 1: Spark runs one "
                         "task per core; sets spark.executorEnv.RAYON_NUM_THREADS)")
    ap.add_argument("--demonyms", action="store_true")
    ap.add_argument("--country", default=None, help="ISO codes, comma-separated")
    args = ap.parse_args(argv)
    options = {"demonyms": args.demonyms}
    if args.country:
        options["country"] = args.country.split(",")

    if args.master and args.master.startswith("local"):
        # Local workers run this interpreter (a virtualenv's, say), which
        # has the geomention package.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    b = SparkSession.builder.appName("geomention")
    if args.master:
        b = b.master(args.master)
    # One mapping thread per task: Spark already runs a task per core, and
    # more threads than cores only spin.
    b = b.config("spark.executorEnv.RAYON_NUM_THREADS", str(args.threads_per_task))
    spark = b.getOrCreate()
    # The workers import this file for map_batches (on a cluster too).
    spark.sparkContext.addPyFile(__file__)
    started = time.time()
    # Lines, parsed in Rust as `geomention map` parses them: cheaper than
    # Spark's JSON reader, and the same ids.
    docs = spark.read.text(args.corpus)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    partials = spark.sparkContext.accumulator(([], 0), Partials())
    mentions = f"{args.out}/mentions"
    docs.mapInArrow(map_batches(options, partials), schema=SCHEMA) \
        .write.mode("overwrite").parquet(mentions)
    # One pass over the texts: the mentions went to Parquet, the partials
    # came back with the tasks. The merge runs on the driver: a partial is
    # small next to its texts, and merging is exact in any order.
    parts, n = partials.value
    if not parts:
        raise SystemExit(f"geomention: no documents in {args.corpus}")
    geojson = parser(options).merge(parts)
    out = args.geojson or f"{args.out}/places.geojson"
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(geojson)
    print(f"geomention: {n} mentions, {len(parts)} partial results, "
          f"{time.time() - started:.1f} s after the session start; "
          f"wrote {mentions} (Parquet) and {out}")
    spark.stop()


if __name__ == "__main__":
    main()
