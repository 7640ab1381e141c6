"""What the benchmark scripts share: the news bodies they time, the JSONL they feed slant, the
Python with the full torch wheel (.venv-bench) that the PyTorch peers need, and writing a
result table between markers in BENCHMARKS.md."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BENCH_VENV = ROOT / ".venv-bench"
BENCH_PY = BENCH_VENV / "bin" / "python"


def news_bodies():
    """The 100 gold bodies of ../shared/data/extraction and the five seeds."""
    truth = json.loads((SHARED / "data" / "extraction" / "ground-truth.json").read_text())
    texts = [v["articleBody"] for _, v in sorted(truth.items())]
    texts += [p.read_text() for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    return texts


def write_jsonl(path, texts):
    with open(path, "w") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"doc{i:04d}", "text": text}) + "\n")


def ensure_bench_venv():
    """.venv-bench: torch==2.4.0 (the full wheel: the lean one of .venv cannot be imported) and
    transformers 4.49, made on first use."""
    if BENCH_PY.exists():
        if subprocess.run([BENCH_PY, "-c", "import torch, transformers"], capture_output=True).returncode == 0:
            return
    print("setting up .venv-bench (torch==2.4.0 with CUDA libraries, transformers 4.49; about 3 GB)", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", BENCH_VENV], check=True)
    subprocess.run([BENCH_PY, "-m", "pip", "install", "-q", "torch==2.4.0", "transformers==4.49.*", "safetensors"],
                   check=True)


def write_section(path, begin, end, section):
    """Puts `section` (which starts with `begin` and ends with `end`) in place of the old one in
    the file, or at its end."""
    text = path.read_text()
    if begin in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)
