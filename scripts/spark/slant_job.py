"""PySpark job: run `slant` over one JSONL corpus, partition by partition, with the same output
as one `slant tag` run over the whole file (scripts/spark-tag.sh submits it; see the README,
"Running a corpus on a Spark cluster").

The slant binary and its models reach the executors as an archive (`--archives
bundle.tar.gz#slant` or `spark.archives`), unpacked as `slant/` with `bin/slant`, `models/` and
optionally `lib/` (libtorch). Executors never use a checkout path.

Stages (actors are linked across the whole corpus, so tagging alone cannot be split):
  1. tag:     each partition -> `slant tag --no-link` (actors grouped per document); persisted.
  2. observe: each partition -> `slant link --observe` -> a small name-statistics table,
              collected to the driver and shipped back to every executor (addFile).
  3. link:    each partition -> `slant link --table ...` -> linked records, saved as part files.
`--single-stage` runs `slant tag` alone per partition (actors linked within a partition only;
equal to one run only with one partition).

Ids: a JSONL line without an id gets `<file name>:<line>` from slant. Each partition's temporary
file has the corpus file's name and the lines before the partition as blank lines (slant counts
but skips them), so ids, error records and warnings carry the corpus's own line numbers; the
`source.path` of each record is then set back to the corpus path. Lines are numbered as Hadoop
splits them (at \\n, \\r\\n, or a lone \\r); invalid UTF-8 arrives already replaced by U+FFFD.

Only the standard library and pyspark: executors need nothing but python3.
"""

import argparse
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

from pyspark import SparkContext, SparkFiles, StorageLevel

# Exit codes of slant: 0 all ok, 1 some documents failed (they are error records), 2 usage error.
OK_CODES = (0, 1)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="one JSONL file (any Hadoop path; .gz allowed)")
    p.add_argument("output", help="output directory for part files (must not exist)")
    p.add_argument("--partitions", type=int, default=0, help="default: spark.default.parallelism")
    p.add_argument("--source-path", help="the path records name in source.path (default: input as given)")
    p.add_argument("--archive-name", default="slant", help="the name the bundle archive is unpacked as")
    p.add_argument("--tag-args", default="", help="extra `slant tag` arguments (one shell-quoted string)")
    p.add_argument("--single-stage", action="store_true", help="`slant tag` per partition, no link stages")
    return p.parse_args(argv)


def bundle_dir(name):
    """The unpacked archive: in SparkFiles' directory (local mode, standalone), else the task's
    working directory (YARN links archives there)."""
    for base in (os.path.join(SparkFiles.getRootDirectory(), name), os.path.abspath(name)):
        if os.path.isfile(os.path.join(base, "bin", "slant")):
            return base
    raise RuntimeError(f"slant bundle {name!r} not found in {SparkFiles.getRootDirectory()} or {os.getcwd()}")


def run_slant(bundle, args, what):
    """Runs the bundle's slant with its models; exit 1 (failed documents) is part of the output."""
    env = dict(os.environ, SLANT_MODELS=os.path.join(bundle, "models"))
    proc = subprocess.run([os.path.join(bundle, "bin", "slant"), *args], env=env, capture_output=True, text=True)
    if proc.returncode not in OK_CODES:
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
        raise RuntimeError(f"slant {what} failed ({how}): {proc.stderr[-4000:]}")
    return proc


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        n = 0
        for line in lines:
            f.write(line)
            f.write("\n")
            n += 1
    return n


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip("\n") for line in f]


def tag_partition(conf):
    name, source_path, archive, tag_args, link_here = conf

    def run(rows):
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        bundle = bundle_dir(archive)
        tmp = tempfile.mkdtemp(prefix="slant-tag-")
        try:
            path = os.path.join(tmp, name)
            opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", newline="\n", compresslevel=1)) if name.endswith(
                ".gz"
            ) else (lambda p: open(p, "w", encoding="utf-8", newline="\n"))
            with opener(path) as f:
                written = 0  # lines of the corpus accounted for so far
                for index, line in _chain(first, rows):
                    # Blank lines stand for the lines of earlier partitions: slant numbers lines
                    # from the top of the file, so ids and sources match the corpus.
                    f.write("\n" * (index - written))
                    f.write(line)
                    f.write("\n")
                    written = index + 1
            out = os.path.join(tmp, "tagged.jsonl")
            args = ["tag", path, "--input-format", "jsonl", "-o", out, "--quiet", "--threads", "1", *tag_args]
            if not link_here:
                args.append("--no-link")
            run_slant(bundle, args, "tag")
            old = '"source":{"path":' + json.dumps(path, ensure_ascii=False)
            new = '"source":{"path":' + json.dumps(source_path, ensure_ascii=False)
            for record in read_lines(out):
                yield _replace_source(record, old, new, source_path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return run


def _chain(first, rest):
    yield first
    yield from rest


def _replace_source(record, old, new, source_path):
    """Puts the corpus path back into `source.path`; a plain text edit keeps slant's own
    serialization (number formatting, key order) byte for byte."""
    if old in record:
        return record.replace(old, new, 1)
    value = json.loads(record)
    value.setdefault("source", {})["path"] = source_path
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _records_through_slant(archive, prefix, work):
    """A partition function: writes the partition's records to a temporary part.jsonl and yields
    what `work(bundle, tmp, part)` yields; empty partitions yield nothing."""
    def run(records):
        records = list(records)
        if not records:
            return
        bundle = bundle_dir(archive)
        tmp = tempfile.mkdtemp(prefix=prefix)
        try:
            part = os.path.join(tmp, "part.jsonl")
            write_lines(part, records)
            yield from work(bundle, tmp, part)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return run


def observe_partition(archive):
    def work(bundle, tmp, part):
        table = os.path.join(tmp, "table.json")
        run_slant(bundle, ["link", "--observe", part, "-o", table], "link --observe")
        with open(table, encoding="utf-8") as f:
            yield f.read()

    return _records_through_slant(archive, "slant-observe-", work)


def link_partition(archive, table_names):
    def work(bundle, tmp, part):
        out = os.path.join(tmp, "linked.jsonl")
        tables = [arg for t in table_names for arg in ("--table", SparkFiles.get(t))]
        run_slant(bundle, ["link", *tables, part, "-o", out], "link")
        yield from read_lines(out)

    return _records_through_slant(archive, "slant-link-", work)


def slant_env(archive):
    def run(_):
        proc = run_slant(bundle_dir(archive), ["env"], "env")
        yield proc.stdout

    return run


def status_of(record):
    try:
        value = json.loads(record)
    except ValueError:
        return "unparsable"
    if value.get("status") == "error":
        return "error:" + str((value.get("error") or {}).get("kind"))
    return str(value.get("status"))


def write_text(sc, path, text):
    """Writes a small file through Hadoop's file system API, so OUT_DIR may be on HDFS or S3."""
    jvm = sc._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    stream = target.getFileSystem(sc._jsc.hadoopConfiguration()).create(target, True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()


def main(argv):
    opts = parse_args(argv)
    sc = SparkContext.getOrCreate()
    started = time.time()
    timings = {}
    name = os.path.basename(opts.input.rstrip("/"))
    source_path = opts.source_path or opts.input
    partitions = opts.partitions or sc.defaultParallelism

    # Where executors find slant, what they load: evidence for the summary (and a fast failure).
    env_report = json.loads(sc.parallelize([0], 1).mapPartitions(slant_env(opts.archive_name)).collect()[0])

    lines = sc.textFile(opts.input).zipWithIndex()
    total = lines.count()
    # Contiguous, balanced line ranges per partition, each sorted by line number: the part files
    # in order are then the corpus in order.
    n = max(1, min(partitions, total))
    numbered = lines.map(lambda pair: (pair[1], pair[0])).repartitionAndSortWithinPartitions(
        n, partitionFunc=lambda index: index * n // max(total, 1)
    )
    conf = (name, source_path, opts.archive_name, shlex.split(opts.tag_args), opts.single_stage)
    tagged = numbered.mapPartitions(tag_partition(conf), preservesPartitioning=True)

    if opts.single_stage:
        result = tagged.persist(StorageLevel.MEMORY_AND_DISK)
        result.saveAsTextFile(opts.output)
        timings["tag"] = time.time() - started
    else:
        tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
        tables = tagged.mapPartitions(observe_partition(opts.archive_name)).collect()
        timings["tag+observe"] = time.time() - started
        # The tables are small; every executor gets all of them and slant merges them by summing.
        table_dir = tempfile.mkdtemp(prefix="slant-tables-")
        table_names = []
        for i, table in enumerate(tables):
            table_name = f"slant-table-{i:05d}.json"
            with open(os.path.join(table_dir, table_name), "w", encoding="utf-8") as f:
                f.write(table)
            sc.addFile(os.path.join(table_dir, table_name))
            table_names.append(table_name)
        result = tagged.mapPartitions(link_partition(opts.archive_name, table_names))
        result.saveAsTextFile(opts.output)
        timings["link"] = time.time() - started - timings["tag+observe"]
        shutil.rmtree(table_dir, ignore_errors=True)

    statuses = tagged.map(status_of).countByValue()
    summary = {
        "input": opts.input,
        "output": opts.output,
        "lines": total,
        "partitions": n,
        "records": sum(statuses.values()),
        "statuses": dict(sorted(statuses.items())),
        "stages": "tag" if opts.single_stage else "tag, observe, link",
        "seconds": {k: round(v, 2) for k, v in timings.items()} | {"total": round(time.time() - started, 2)},
        "master": sc.master,
        "executor_env": {k: env_report.get(k) for k in ("slant_version", "models_dir", "libtorch")},
    }
    # Leading underscore: Hadoop and Spark readers of OUT_DIR skip it, like _SUCCESS.
    write_text(sc, opts.output.rstrip("/") + "/_summary.json", json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    tagged.unpersist()
    sc.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
