"""geomention on Apache Spark: map a JSON Lines corpus ({"id", "text"} rows)
on the executors with the geomention Python package, write one Parquet row
per mention, and merge the executors' partial results into the GeoJSON that
`geomention map` writes for the whole corpus, byte for byte.

    spark-submit examples/spark/spark_job.py corpus.jsonl out/ \
        [--geojson places.geojson] [--master local[2]] [--partitions N]

Writes OUT/row=mention/ (Parquet: one row per mention, the columns of
`--format mentions`, `bbox` and `candidates` as arrays; `partial` null),
OUT/row=partial/ (Parquet: one partial result per Arrow batch, in the
`partial` column) and the merged GeoJSON (default OUT/places.geojson). Every
document needs an "id" (string or number), as in `geomention map`.
"""

from __future__ import annotations

import argparse
import time
from typing import Iterator

import pandas as pd
from pyspark.sql import SparkSession, functions as F, types as T

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
# One schema for both kinds of rows: a mention (partial is null) or one
# batch's partial result (every mention column null).
SCHEMA = T.StructType(
    [T.StructField(n, t, True) for n, t in MENTION_FIELDS]
    + [T.StructField("partial", T.StringType(), True)]
)
COLUMNS = [n for n, _ in MENTION_FIELDS] + ["partial"]

_PARSER = None


def parser(options: dict):
    """One Geoparser per Python worker (the gazetteer loads once)."""
    global _PARSER
    if _PARSER is None:
        import geomention

        _PARSER = geomention.Geoparser(**options)
    return _PARSER


def map_batches(options: dict):
    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        p = parser(options)
        for df in batches:
            texts = df["text"].fillna("").tolist()
            ids = df["id"].astype(str).tolist()
            mentions, part = p.map_partial(texts, ids)
            rows = [m for ms in mentions for m in ms]
            out = pd.DataFrame(rows, columns=COLUMNS[:-1])
            out["partial"] = None
            part_row = pd.DataFrame([{c: None for c in COLUMNS[:-1]} | {"partial": part}])
            yield pd.concat([out, part_row], ignore_index=True)[COLUMNS]

    return run


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSON Lines file(s) or directory of {id, text} rows")
    ap.add_argument("out", help="output directory (Parquet and GeoJSON)")
    ap.add_argument("--geojson", help="merged GeoJSON (default OUT/places.geojson)")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--demonyms", action="store_true")
    ap.add_argument("--country", default=None, help="ISO codes, comma-separated")
    args = ap.parse_args(argv)
    options = {"demonyms": args.demonyms}
    if args.country:
        options["country"] = args.country.split(",")

    b = SparkSession.builder.appName("geomention")
    if args.master:
        b = b.master(args.master)
    spark = b.config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate()
    # The workers import this file for map_batches (on a cluster too).
    spark.sparkContext.addPyFile(__file__)
    started = time.time()
    docs = spark.read.schema("id STRING, text STRING").json(args.corpus)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    rows = docs.mapInPandas(map_batches(options), schema=SCHEMA)
    staged = args.out
    rows.withColumn("row", F.when(F.col("partial").isNull(), "mention").otherwise("partial")) \
        .write.mode("overwrite").partitionBy("row").parquet(staged)
    # (One pass over the texts: mentions and partials come out together.)
    mentions = spark.read.parquet(f"{staged}/row=mention").drop("partial")
    partials = [r.partial for r in spark.read.parquet(f"{staged}/row=partial").select("partial").collect()]
    # The merge runs on the driver: a partial is small next to its texts,
    # and merging is exact in any order.
    geojson = parser(options).merge(partials)
    out = args.geojson or f"{args.out}/places.geojson"
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(geojson)
    n = mentions.count()
    print(f"geomention: {n} mentions, {len(partials)} partial results, "
          f"{time.time() - started:.1f} s; wrote {staged}/row=mention (Parquet) and {out}")
    spark.stop()


if __name__ == "__main__":
    main()
