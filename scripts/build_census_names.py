#!/usr/bin/env python3
"""Builds models/coref/census_names.tsv: first names and how often men and women bear them, from
the 1990 US Census name lists (public domain, U.S. Census Bureau) as shipped in the PyPI package
`names` 0.3.0 (MIT; its files dist.male.first and dist.female.first).

Each row is `name<TAB>masculine<TAB>feminine`: the name's share, in percent, of the male and of
the female population. slant reads it like models/coref/names.tsv (a name has a gender when one
side is at least four times the other) and uses it only for names GAP's table lacks
(`coref::NameGenders::shipped`). Offline and deterministic: rows sorted by name.

  scripts/build_census_names.sh      (makes a throwaway venv with the pinned package)
"""
import importlib.util
import sys
from pathlib import Path


def read(path: Path) -> dict[str, float]:
    share = {}
    for line in path.read_text(encoding="ascii").splitlines():
        cols = line.split()
        if len(cols) == 4:
            share[cols[0].lower()] = float(cols[1])
    return share


def main() -> None:
    spec = importlib.util.find_spec("names")
    if spec is None or spec.origin is None:
        sys.exit("build_census_names: the PyPI package `names` (0.3.0) is not installed")
    folder = Path(spec.origin).parent
    male, female = read(folder / "dist.male.first"), read(folder / "dist.female.first")
    out = Path(__file__).resolve().parent.parent / "models" / "coref" / "census_names.tsv"
    rows = ["# First names in the 1990 US Census (public domain), via PyPI `names` 0.3.0.",
            "# name, percent of men, percent of women. Built by scripts/build_census_names.py."]
    for name in sorted(set(male) | set(female)):
        rows.append(f"{name}\t{male.get(name, 0.0):.3f}\t{female.get(name, 0.0):.3f}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows) - 2} names)")


if __name__ == "__main__":
    main()
