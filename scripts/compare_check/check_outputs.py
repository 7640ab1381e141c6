"""Checks the outputs of `slant compare` that scripts/check_compare.sh wrote.

    check_outputs.py tables DIR      compare.json and compare.csv load in pandas into the same rows
    check_outputs.py screenshot PNG  the screenshot of the HTML report is there and not blank
    check_outputs.py notebook IPYNB  the executed notebook ran every cell and drew its plots

Exits non-zero with a message on the first failed check.
"""

import json
import sys
from pathlib import Path


def fail(message):
    print(f"check_compare: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check_tables(directory):
    import pandas as pd

    directory = Path(directory)
    with open(directory / "compare.json", encoding="utf-8") as f:
        document = json.load(f)
    from_json = pd.json_normalize(document["rows"])
    # Group values such as "(none)" or an outlet called "NA" must stay text.
    from_csv = pd.read_csv(directory / "compare.csv", keep_default_na=False, na_values=[""])
    if from_json.empty:
        fail("compare.json has no rows")
    if list(from_json.columns) != list(from_csv.columns):
        fail(f"columns differ: JSON {list(from_json.columns)} vs CSV {list(from_csv.columns)}")
    # Columns that are null in every JSON row come back as objects of None; give them the CSV's types.
    from_json = from_json.astype(from_csv.dtypes.to_dict())
    pd.testing.assert_frame_equal(from_json, from_csv, check_exact=False, rtol=1e-9)
    meta = document["meta"]
    if len(from_json) != meta["rows"]:
        fail(f"meta.rows is {meta['rows']} but there are {len(from_json)} rows")
    table = from_json.pivot(index="group", columns="actor", values="mean_tone")
    if table.shape[0] < 2 or table.shape[1] < 2:
        fail(f"outlet x actor table is only {table.shape}")
    bad = from_json[(from_json.ci_low > from_json.mean_tone) | (from_json.ci_high < from_json.mean_tone)]
    if not bad.empty:
        fail(f"intervals that do not contain the mean:\n{bad}")
    print(
        f"check_compare: pandas loads JSON and CSV into the same {len(from_json)} rows x "
        f"{len(from_json.columns)} columns; outlet x actor table {table.shape[0]} x {table.shape[1]}"
    )


def check_screenshot(png):
    from PIL import Image

    png = Path(png)
    if not png.is_file() or png.stat().st_size == 0:
        fail(f"no screenshot at {png}")
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24)
    distinct = len(colours)
    # How much of the page is not background: a blank or unstyled page is almost all one colour.
    background = max(count for count, _ in colours)
    inked = 1 - background / (image.width * image.height)
    # Reds and blues of the heatmap: the diverging scale must actually be drawn.
    reds = sum(count for count, (r, g, b) in colours if r > g + 40 and r > b + 40)
    blues = sum(count for count, (r, g, b) in colours if b > r + 40 and b > g + 10)
    if distinct < 50 or inked < 0.05:
        fail(f"screenshot looks blank: {distinct} colours, {inked:.1%} of pixels not background")
    if reds < 500 and blues < 500:
        fail(f"screenshot shows no heatmap colours ({reds} red-ish, {blues} blue-ish pixels)")
    print(
        f"check_compare: screenshot {png} {image.width}x{image.height}: {distinct} colours, "
        f"{inked:.1%} non-background, {reds} red-ish and {blues} blue-ish pixels"
    )


def check_notebook(path):
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        fail(f"notebook cell failed: {errors[0].get('ename')}: {errors[0].get('evalue')}")
    unexecuted = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    if unexecuted:
        fail(f"notebook code cells not executed: {unexecuted}")
    images = sum("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
    if images < 2:
        fail(f"notebook drew {images} plots, expected 2")
    print(f"check_compare: notebook executed {len(code)} code cells, {images} plots, no errors")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in {"tables", "screenshot", "notebook"}:
        fail(f"usage: {sys.argv[0]} tables DIR | screenshot PNG | notebook IPYNB")
    {"tables": check_tables, "screenshot": check_screenshot, "notebook": check_notebook}[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
