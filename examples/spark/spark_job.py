"""geomention on Apache Spark: map a JSON Lines corpus ({"id", "text"} rows)
on the executors with the geomention Python package, write one Parquet row
per mention, and merge the executors' partial results into the GeoJSON that
`geomention map` writes for the whole corpus, byte for byte.

    spark-submit examples/spark/spark_job.py corpus.jsonl out/ \
        [--geojson places.geojson] [--master local[2]] [--partitions N] \
        [--threads-per-task 1] [--reader python|spark] \
        [--parquet-writer arrow|spark] [--conf KEY=VALUE ...] \
        [--jvm-class-archive FILE] [--demonyms] [--country SY,TR]

The corpus (a JSON Lines file, or a directory of them; .gz files too) is
read as lines. With `--reader python` (the default) the driver cuts the
files into byte ranges and each task reads its own range (pyarrow's file
systems), so the text never passes through the JVM; with `--reader spark`
Spark reads them (`spark.read.text`) and hands Arrow batches of lines to
`mapInArrow`. Either way the lines are parsed and mapped in Rust
(`geomention.map_arrow_jsonl`): the mention columns come back as Arrow
buffers, not Python objects. Writes
OUT/mentions/ (Parquet: one row per mention, the columns and values of
`--format mentions`, `bbox` and `candidates` as arrays) and the merged
GeoJSON (default OUT/places.geojson).

With `--parquet-writer arrow` (the default) each task writes its Parquet
file itself, with pyarrow, from the Arrow columns it already holds
(OUT/mentions/part-NNNNN.parquet, written under _temporary/ and moved into
place when the task's file is complete, so a retried task replaces it; a
`_SUCCESS` file marks the finished job): the mention rows never go back to
the JVM. OUT must then be a local or shared path, or a URI pyarrow opens
(s3://, gs://, hdfs://). `--parquet-writer spark` hands the rows to Spark's
Parquet writer instead (any path Spark writes to; it costs the JVM a row
conversion of every mention).

Each task folds the partial results of its batches into one, in Rust (a
`geomention.Accumulator`), and hands its text once to the driver in an accumulator (Spark applies a successful task's update
once, so a retried task does not count twice); the driver merges those.
Every document needs an "id" (string or number), as in `geomention map`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterator

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

# In local mode the driver JVM runs the tasks, and it only moves bytes
# (text lines to the Python workers, row counts back): its client
# compiler (C1) is enough, and the server compiler (C2) costs more CPU
# compiling than it saves (docs/SCALE.md has the numbers). Effective when
# this script starts the JVM (python3 spark_job.py ...); with spark-submit,
# pass --driver-java-options instead. --conf overrides it.
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"


def local_jvm_options(class_archive=None) -> str:
    """The local driver JVM's options. With `class_archive` (a file path),
    the JDK's application class-data sharing (AppCDS, JDK 13 or later):
    the first run writes the classes it loaded into that archive when its
    JVM exits (-XX:ArchiveClassesAtExit), later runs map them from it
    (-XX:SharedArchiveFile) instead of loading and verifying them from the
    jars. An archive of another JDK or classpath is ignored by the JVM
    (it starts without it)."""
    if not class_archive:
        return LOCAL_JVM_OPTIONS
    path = os.path.abspath(class_archive)
    flag = "SharedArchiveFile" if os.path.exists(path) else "ArchiveClassesAtExit"
    return f"{LOCAL_JVM_OPTIONS} -XX:{flag}={path}"

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


def map_batches(options: dict, partials, mentions_dir=None):
    """The mapInArrow function: per Arrow batch of JSON Lines rows, the batch of
    its mention rows; at the end of the task, the merged partial result of
    all its batches goes to the `partials` accumulator. With `mentions_dir`,
    the task writes the mention rows there as one Parquet file and yields
    only its row count."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import geomention

        p = parser(options)
        # The task's partial result stays in Rust across its batches and
        # is written out as text once, at the end of the partition.
        acc = p.accumulator()
        rows = 0
        out = None if mentions_dir is None else TaskFile(mentions_dir)
        for b in batches:
            lines = b.column("value").to_pylist()
            batch = geomention.map_arrow_jsonl(p, lines, accumulator=acc)
            rows += batch.num_rows
            if out is None:
                yield batch
            else:
                out.write(batch)
        if out is not None:
            out.commit()
            import pyarrow as pa

            yield pa.RecordBatch.from_pydict({"rows": pa.array([rows], pa.int64())})
        if acc.batches:
            partials.add(([acc.partial()], rows))

    return run


def _filesystem(uri: str):
    """(pyarrow file system, path) of a local path or a URI pyarrow opens."""
    from pyarrow import fs

    if "://" not in uri:
        uri = os.path.abspath(uri)
    return fs.FileSystem.from_uri(uri)


class TaskFile:
    """One task's Parquet file of mention rows, written with pyarrow under
    DIR/_temporary/ and moved to DIR/part-NNNNN.parquet (NNNNN: the
    partition) when complete: a retried or speculative task of the same
    partition writes the same rows and replaces it whole."""

    def __init__(self, mentions_dir: str):
        import geomention
        import pyarrow.parquet as pq
        from pyspark import TaskContext

        ctx = TaskContext.get()
        self.fs, root = _filesystem(mentions_dir)
        name = f"part-{ctx.partitionId():05d}"
        self.tmp = f"{root}/_temporary/{name}-{ctx.taskAttemptId()}.parquet"
        self.final = f"{root}/{name}.parquet"
        self.fs.create_dir(f"{root}/_temporary", recursive=True)
        self.stream = self.fs.open_output_stream(self.tmp)
        self.writer = pq.ParquetWriter(self.stream, geomention.mention_schema(),
                                       compression="snappy")

    def write(self, batch) -> None:
        if batch.num_rows:
            self.writer.write_batch(batch)

    def commit(self) -> None:
        self.writer.close()
        self.stream.close()
        self.fs.move(self.tmp, self.final)


# Reading the corpus in the Python workers (--reader python, the default):
# the driver cuts the files into byte ranges ("splits"), and each task
# reads its range itself (pyarrow's file systems: local, s3://, gs://,
# hdfs://) and hands whole lines to Rust. The JVM never touches the text:
# no file scan, no rows, no Arrow conversion, no SQL plan or generated code
# to compile on a fresh JVM.

BLOCK_BYTES = 8 << 20
"""Bytes a task reads and maps at a time (whole lines; a longer line is
read whole)."""


def list_corpus(corpus: str):
    """(file system, [(path, size)]) of a JSON Lines file, or of the files
    under a directory (recursively, in path order; names starting with "_"
    or "." skipped, as Spark skips them)."""
    from pyarrow import fs

    filesystem, root = _filesystem(corpus)
    info = filesystem.get_file_info(root)
    if info.type == fs.FileType.NotFound:
        raise SystemExit(f"geomention: {corpus}: no such file or directory")
    if info.type == fs.FileType.File:
        return filesystem, [(info.path, info.size)]
    found = filesystem.get_file_info(fs.FileSelector(root, recursive=True))
    hidden = lambda p: any(part[:1] in "_." for part in p[len(root):].split("/") if part)  # noqa: E731
    files = sorted((f.path, f.size) for f in found
                   if f.type == fs.FileType.File and not hidden(f.path))
    return filesystem, files


def plan_splits(files, parallelism: int, partitions=None, max_split=128 << 20):
    """Byte ranges [(path, start, end)] over the files: `partitions` ranges
    of about equal size, or by default ranges of total/parallelism bytes
    (at most `max_split`, at least 1 MB). A gzip file is one range (it
    cannot be cut)."""
    total = sum(size for _, size in files)
    if partitions:
        size = max(1, -(-total // partitions))
    else:
        size = max(1 << 20, min(max_split, -(-total // max(1, parallelism))))
    out = []
    for path, n in files:
        if path.endswith(".gz") or n == 0:
            out.append((path, 0, n))
            continue
        out.extend((path, a, min(a + size, n)) for a in range(0, n, size))
    return out


def _line_end(f, at: int, size: int) -> int:
    """The position just past the first newline at or after `at` (`size`
    if there is none)."""
    while at < size:
        chunk = f.read_at(min(1 << 16, size - at), at)
        if not chunk:
            break
        i = chunk.find(b"\n")
        if i >= 0:
            return at + i + 1
        at += len(chunk)
    return size


def split_chunks(f, size: int, start: int, end: int, block: int = BLOCK_BYTES):
    """The lines of the byte range [start, end) of a file (`read_at`, as
    pyarrow's random-access files have it), in chunks of whole lines: a
    range holds the lines whose first byte lies in it (as Hadoop's line
    reader cuts files), so the ranges of a file hold each line once."""
    pos = _line_end(f, start - 1, size) if start > 0 else 0

    def blocks():
        nonlocal pos
        while pos < end:
            data = f.read_at(min(block, end - pos), pos)
            if not data:
                break
            pos += len(data)
            yield data

    carry = yield from whole_lines(blocks())
    if carry:
        # The last line started before `end`: read it to its end.
        rest = _line_end(f, pos, size)
        yield carry + (f.read_at(rest - pos, pos) if rest > pos else b"")


def stream_chunks(stream, block: int = BLOCK_BYTES):
    """The lines of a whole (decompressed) stream, in chunks of whole lines."""
    carry = yield from whole_lines(iter(lambda: stream.read(block), b""))
    if carry:
        yield carry


def whole_lines(blocks):
    """Yields `blocks` (bytes) re-cut at their last newline, so that each
    chunk holds whole lines; returns what follows the last newline."""
    carry = b""
    for data in blocks:
        data = carry + data if carry else data
        cut = data.rfind(b"\n") + 1
        if cut:
            yield data[:cut]
        carry = data[cut:]
    return carry


def read_split(filesystem, split, block: int = BLOCK_BYTES):
    """The lines (str) of one split, chunk after chunk: UTF-8 (a byte
    order mark at the start of a file dropped; invalid bytes replaced with
    U+FFFD, as `geomention map` does), "\r\n" or "\n" line ends."""
    path, start, end = split
    if path.endswith(".gz"):
        chunks = stream_chunks(filesystem.open_input_stream(path, compression="gzip"), block)
    else:
        f = filesystem.open_input_file(path)
        chunks = split_chunks(f, f.size(), start, end, block)
    first = start == 0
    for chunk in chunks:
        if first and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        first = False
        yield chunk.decode("utf-8", "replace").split("\n")


def map_splits(options: dict, partials, mentions_dir: str, filesystem_uri: str):
    """The mapPartitions function of --reader python: each partition is one
    split; the task reads it, maps it batch by batch, writes its Parquet
    file and hands its partial to `partials`; yields its row count."""

    def run(splits):
        p = parser(options)
        accs = [p.accumulator(), p.accumulator()]
        rows = 0
        out = TaskFile(mentions_dir)
        filesystem, _ = _filesystem(filesystem_uri)
        chunks = (lines for split in splits for lines in read_split(filesystem, split))
        for batch in map_two_at_a_time(p, chunks, accs):
            rows += batch.num_rows
            out.write(batch)
        out.commit()
        parts = [acc.partial() for acc in accs if acc.batches]
        if parts:
            partials.add((parts, rows))
        yield rows

    return run


def map_two_at_a_time(p, chunks, accs):
    """The mention batches of `chunks` (lists of JSON Lines rows), in
    order, mapped two chunks at a time: `map_arrow_jsonl` releases the GIL,
    so one chunk's serial parts (columns, folding its places into its
    accumulator) overlap the other's parallel mapping. Chunk i folds into
    accs[i % 2]; a chunk is submitted only after the chunk two before it
    has finished, so no accumulator is used by two calls at once. The
    partials of both accumulators merge exactly, whatever the split."""
    import geomention
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        inflight = deque()
        for i, lines in enumerate(chunks):
            inflight.append(pool.submit(geomention.map_arrow_jsonl, p, lines,
                                        accumulator=accs[i % 2]))
            if len(inflight) == 2:
                yield inflight.popleft().result()
        while inflight:
            yield inflight.popleft().result()


def write_mentions_from_files(spark, corpus: str, options: dict, partials, mentions: str,
                              partitions=None) -> int:
    """Runs the job with --reader python: the tasks read their byte ranges
    of the corpus and write OUT/mentions/ (overwritten); returns the number
    of mention rows."""
    filesystem, files = list_corpus(corpus)
    cores = int(spark.conf.get("spark.task.cpus", "1"))
    splits = plan_splits(files, spark.sparkContext.defaultParallelism // cores, partitions)
    if not splits:
        raise SystemExit(f"geomention: no documents in {corpus}")
    root = _fresh_dir(mentions)
    uri = corpus if "://" in corpus else os.path.abspath(corpus)
    rdd = spark.sparkContext.parallelize(splits, len(splits))
    rows = sum(rdd.mapPartitions(map_splits(options, partials, root, uri)).collect())
    _finish_dir(root)
    return rows


def _fresh_dir(mentions: str) -> str:
    """Empties (creates) OUT/mentions; returns it as the workers open it."""
    from pyarrow import fs

    if "://" not in mentions:
        # The workers' working directory need not be the driver's.
        mentions = os.path.abspath(mentions)
    filesystem, root = _filesystem(mentions)
    if filesystem.get_file_info(root).type != fs.FileType.NotFound:
        filesystem.delete_dir(root)
    filesystem.create_dir(root, recursive=True)
    return mentions


def _finish_dir(mentions: str) -> None:
    """Removes the tasks' leftovers and marks OUT/mentions complete."""
    from pyarrow import fs

    filesystem, root = _filesystem(mentions)
    if filesystem.get_file_info(f"{root}/_temporary").type != fs.FileType.NotFound:
        filesystem.delete_dir(f"{root}/_temporary")
    with filesystem.open_output_stream(f"{root}/_SUCCESS"):
        pass


def write_mentions_with_arrow(docs, options: dict, partials, mentions: str) -> int:
    """Runs the job (--reader spark) with the tasks writing OUT/mentions/
    (overwritten); returns the number of mention rows."""
    mentions = _fresh_dir(mentions)
    counts = docs.mapInArrow(map_batches(options, partials, mentions),
                             schema="rows long").collect()
    _finish_dir(mentions)
    return sum(r.rows for r in counts)


def write_mentions(spark, args, reader: str, options: dict, partials, mentions: str) -> None:
    """Maps the corpus: the mention rows to OUT/mentions/ (Parquet), the
    tasks' partial results to `partials`."""
    if reader == "python":
        write_mentions_from_files(spark, args.corpus, options, partials, mentions,
                                  args.partitions)
        return
    # Lines, parsed in Rust as `geomention map` parses them: cheaper than
    # Spark's JSON reader, and the same ids.
    docs = spark.read.text(args.corpus)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    if args.parquet_writer == "arrow":
        write_mentions_with_arrow(docs, options, partials, mentions)
    else:
        docs.mapInArrow(map_batches(options, partials), schema=SCHEMA) \
            .write.mode("overwrite").parquet(mentions)


def local_cores(master) -> int:
    """The cores of a local master (local, local[N], local[*], local[N,F]);
    0 for any other master."""
    if not master or not master.startswith("local"):
        return 0
    inner = master[len("local"):].strip("[]").split(",")[0]
    if inner in ("", "*"):
        return 1 if inner == "" else (os.cpu_count() or 1)
    return int(inner)


def session(args, ap) -> "SparkSession":
    """The Spark session of the job, with its settings."""
    local = local_cores(args.master)
    if local:
        # Local workers run this interpreter (a virtualenv's, say), which
        # has the geomention package.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # A local job maps in one Python worker with all the cores (one worker
    # start, one gazetteer locator, one partial; measured in SCALE.md); on
    # a cluster, one task per core. A task reserves the cores it maps with.
    if args.threads_per_task is None:
        args.threads_per_task = local or 1
    b = SparkSession.builder.appName("geomention")
    if args.master:
        b = b.master(args.master)
    b = b.config("spark.executorEnv.RAYON_NUM_THREADS", str(args.threads_per_task))
    if args.threads_per_task > 1:
        b = b.config("spark.task.cpus", str(args.threads_per_task))
    if local:
        b = b.config("spark.driver.extraJavaOptions", local_jvm_options(args.jvm_class_archive))
    for kv in args.conf:
        key, eq, value = kv.partition("=")
        if not eq:
            ap.error(f"--conf takes KEY=VALUE; got {kv!r}")
        b = b.config(key, value)
    return b.getOrCreate()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSON Lines file(s) or directory of {id, text} rows")
    ap.add_argument("out", help="output directory (Parquet and GeoJSON)")
    ap.add_argument("--geojson", help="merged GeoJSON (default OUT/places.geojson)")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    ap.add_argument("--reader", choices=["python", "spark"], default=None,
                    help="who reads the corpus: the Python tasks, each its byte range "
                         "of the files (default with --parquet-writer arrow), or "
                         "Spark (spark.read.text, lines to the tasks as Arrow batches; "
                         "the only reader for --parquet-writer spark)")
    ap.add_argument("--partitions", type=int, default=None,
                    help="--reader python: cut the corpus into N byte ranges (default: "
                         "one per core, at most 128 MB each); --reader spark: "
                         "repartition the lines (a shuffle) into N partitions")
    ap.add_argument("--threads-per-task", type=int, default=None,
                    help="threads each task maps with; the task reserves as many "
                         "cores (spark.task.cpus). Default: all cores of a local "
                         "master (one Python worker maps with all of them), 1 on a "
                         "cluster (one task per core)")
    ap.add_argument("--parquet-writer", choices=["arrow", "spark"], default="arrow",
                    help="who writes OUT/mentions/: each task with pyarrow (default; "
                         "a local or shared path, or s3://, gs://, hdfs://) or "
                         "Spark's writer (any path Spark writes to)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="a Spark setting for the session (repeatable)")
    ap.add_argument("--jvm-class-archive", metavar="FILE", default=None,
                    help="local mode: a JDK class-data sharing archive for the driver "
                         "JVM (written at the end of the first run, used by later "
                         "runs: a faster JVM start)")
    ap.add_argument("--demonyms", action="store_true")
    ap.add_argument("--country", default=None, help="ISO codes, comma-separated")
    args = ap.parse_args(argv)
    reader = args.reader or ("python" if args.parquet_writer == "arrow" else "spark")
    if reader == "python" and args.parquet_writer != "arrow":
        ap.error("--reader python needs --parquet-writer arrow")
    options = {"demonyms": args.demonyms}
    if args.country:
        options["country"] = args.country.split(",")

    spark = session(args, ap)
    # The workers import this file for map_batches (on a cluster too).
    spark.sparkContext.addPyFile(__file__)
    started = time.time()
    partials = spark.sparkContext.accumulator(([], 0), Partials())
    mentions = f"{args.out}/mentions"
    write_mentions(spark, args, reader, options, partials, mentions)
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
