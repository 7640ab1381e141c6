"""Compares two slant outputs record by record, by id: one `slant tag` run (the reference) and
the part files of scripts/spark-tag.sh. Exits 1 and prints each difference when they differ.

    compare_records.py REFERENCE.jsonl SPARK_OUT_DIR [--tolerance 2e-4]

Records must come in the same order (the part files, in name order, are the corpus in order)
and be equal as JSON values (key order ignored); numbers may differ by one unit in the fourth
decimal (records round scores to 4 decimals, and libtorch may round differently when a model
batch holds other documents), labels, names and ids not at all. Nothing is exempt, the `slant`
provenance block included. Whether the files are also byte for byte equal is reported.
"""

import argparse
import glob
import json
import math
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def diff(a, b, path, tol, out):
    if isinstance(a, bool) or isinstance(b, bool):
        if a is not b:
            out.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if not math.isclose(a, b, rel_tol=0, abs_tol=tol):
            out.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'spark' if key in b else 'reference'}")
            else:
                diff(a[key], b[key], f"{path}.{key}", tol, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", tol, out)
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("reference")
    p.add_argument("spark_out")
    p.add_argument("--tolerance", type=float, default=2e-4)
    opts = p.parse_args()

    reference = load(opts.reference)
    parts = sorted(glob.glob(os.path.join(opts.spark_out, "part-*")))
    with open(opts.reference, "rb") as f:
        identical = f.read() == b"".join(open(part, "rb").read() for part in parts)
    spark = [r for part in parts for r in load(part)]
    problems = []
    for marker in ("_SUCCESS", "_summary.json"):
        if not os.path.exists(os.path.join(opts.spark_out, marker)):
            problems.append(f"{marker} missing in {opts.spark_out}")
    ref_ids = [r.get("id") for r in reference]
    spark_ids = [r.get("id") for r in spark]
    if ref_ids != spark_ids:
        problems.append(f"ids or their order differ:\n  reference {ref_ids}\n  spark     {spark_ids}")
    if len(set(ref_ids)) != len(ref_ids):
        problems.append("duplicate ids in the reference; the comparison by id would be ambiguous")
    by_id = {r.get("id"): r for r in spark}
    for record in reference:
        other = by_id.get(record.get("id"))
        if other is not None:
            diff(record, other, record.get("id"), opts.tolerance, problems)

    statuses = {}
    for r in reference:
        statuses[r.get("status")] = statuses.get(r.get("status"), 0) + 1
    actors = sum(len(r.get("actors") or []) for r in reference)
    print(f"compare: {len(reference)} reference records {statuses}, {actors} actors; {len(spark)} from {len(parts)} part files")
    if problems:
        print(f"compare: {len(problems)} differences:")
        for line in problems[:200]:
            print("  " + line)
        sys.exit(1)
    print(f"compare: equal ({'byte for byte' if identical else 'as JSON values, not byte for byte'})")


if __name__ == "__main__":
    main()
