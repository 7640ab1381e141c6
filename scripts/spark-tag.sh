#!/usr/bin/env bash
# Tag a JSONL corpus on Apache Spark: the same records as `slant tag IN.jsonl`, as part files.
#
#   scripts/spark-tag.sh IN.jsonl OUT_DIR [--master URL] [--partitions N]
#                        [--libtorch DIR] [--ship-libtorch] [--single-stage] [--tag-args "ARGS"]
#
#   --master URL      Spark master (default local[2]); yarn, spark://host:7077, k8s://... work too
#   --partitions N    number of partitions (contiguous line ranges; default: Spark's parallelism)
#   --libtorch DIR    libtorch's lib/ directory (default: the repo's .libtorch/lib)
#   --ship-libtorch   put the libtorch libraries slant loads into the archive (bundle lib/; found
#                     through the binary's $ORIGIN/../lib RUNPATH); without it executors get
#                     spark.executorEnv.LD_LIBRARY_PATH=DIR, so DIR must exist on every node
#   --single-stage    `slant tag` per partition only (actors linked within a partition)
#   --tag-args ARGS   extra `slant tag` arguments, e.g. "--id-field doc_id --text-field body"
#
# Installs what it needs, each step skipped when done: scripts/setup.sh (.venv, .libtorch), Java
# 17 from Debian when `java -version` fails, pyspark into .venv, the release binary. It then packs
# bin/slant + models/ (+ lib/) into target/spark/slant-bundle*.tar.gz and submits
# scripts/spark/slant_job.py with `--archives BUNDLE#slant`. OUT_DIR gets part-NNNNN files
# (JSONL, in input order), _SUCCESS and _summary.json; an earlier output there is replaced.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
log() { printf 'spark-tag: %s\n' "$*" >&2; }

master="local[2]"
partitions=0
libtorch="$root/.libtorch/lib"
ship_libtorch=0
single_stage=0
tag_args=""
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --libtorch) libtorch="$2"; shift 2 ;;
    --ship-libtorch) ship_libtorch=1; shift ;;
    --single-stage) single_stage=1; shift ;;
    --tag-args) tag_args="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "spark-tag.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
if [ ${#positional[@]} -ne 2 ]; then usage >&2; exit 2; fi
input="${positional[0]}"
out_dir="${positional[1]}"

# 1. Build environment (.venv with torch, .libtorch).
"$root/scripts/setup.sh"
py="$root/.venv/bin/python"

# 2. Java for Spark's JVM.
if ! java -version >/dev/null 2>&1; then
  log "installing Java 17 (Debian openjdk-17-jre-headless)"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
fi

# 3. PySpark (3.5: supports Java 17 and Python 3.8-3.12).
if ! "$py" -c 'import pyspark' 2>/dev/null; then
  log "installing pyspark into .venv"
  "$py" -m pip install -q 'pyspark==3.5.5'
fi

# 4. The release binary (cargo rebuilds only what changed).
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --release --quiet)
slant="$target/release/slant"

# 5. The archive executors unpack as ./slant: bin/slant, models/, and lib/ with --ship-libtorch.
# Remade only when the binary, the models or the shipped libtorch are newer than it.
bundle_name=$([ "$ship_libtorch" = 1 ] && echo slant-bundle-libtorch || echo slant-bundle)
archive="$target/spark/$bundle_name.tar.gz"
if [ "$ship_libtorch" = 1 ] && [ ! -e "$libtorch/libtorch_cpu.so" ]; then
  echo "spark-tag.sh: no libtorch_cpu.so in $libtorch (--libtorch DIR)" >&2; exit 2
fi
if [ ! -f "$archive" ] || [ "$slant" -nt "$archive" ] || [ -n "$(find -L "$root/models" -newer "$archive" -print -quit)" ] \
   || { [ "$ship_libtorch" = 1 ] && [ -n "$(find -L "$libtorch" -newer "$archive" -print -quit)" ]; }; then
  log "packing $archive"
  staging="$target/spark/$bundle_name"
  rm -rf "$staging"
  mkdir -p "$staging/bin" "$staging/models"
  cp "$slant" "$staging/bin/slant"
  cp -RL "$root/models/." "$staging/models/"
  if [ "$ship_libtorch" = 1 ]; then
    mkdir -p "$staging/lib"
    # Only the libraries slant loads from DIR (ldd's closure), dereferenced: about a third of
    # the wheel's lib/ (no libtorch_python, no CUDA kernels on the CPU build).
    LD_LIBRARY_PATH="$libtorch" ldd "$slant" | awk '$2 == "=>" {print $1}' | while read -r lib; do
      if [ -e "$libtorch/$lib" ]; then cp -L "$libtorch/$lib" "$staging/lib/"; fi
    done
  fi
  # gzip -1: most of the bytes are model weights and libraries, which compress little anyway.
  tar -C "$staging" -cf - . | gzip -1 > "$archive.tmp"
  mv "$archive.tmp" "$archive"
  rm -rf "$staging"
fi

# 6. Submit. A local input is read through an absolute file: URI (the job's working directory is
# not the caller's); records still name the path as given, like `slant tag` does.
case "$input" in
  *://*) input_uri="$input" ;;
  *) [ -f "$input" ] || { echo "spark-tag.sh: no such file $input" >&2; exit 2; }
     input_uri="file://$(cd "$(dirname "$input")" && pwd)/$(basename "$input")" ;;
esac
case "$out_dir" in
  *://*) out_uri="$out_dir" ;;
  *) if [ -e "$out_dir" ]; then
       # Replace an earlier output (part files, _SUCCESS, Spark's _temporary), nothing else.
       for entry in "$out_dir"/* "$out_dir"/.[!.]*; do
         [ -e "$entry" ] || continue
         case "$(basename "$entry")" in
           part-*|_*|.part-*|._*) ;;
           *) echo "spark-tag.sh: $out_dir exists and is not an earlier output ($entry)" >&2; exit 2 ;;
         esac
       done
       rm -rf "$out_dir"
     fi
     mkdir -p "$(dirname "$out_dir")"
     out_uri="file://$(cd "$(dirname "$out_dir")" && pwd)/$(basename "$out_dir")" ;;
esac
# WARN: the job's summary is not lost among INFO lines; pass SPARK_LOG_LEVEL=INFO to see them.
conf=(--conf spark.ui.showConsoleProgress=false --conf "spark.log.level=${SPARK_LOG_LEVEL:-WARN}")
if [ "$ship_libtorch" = 0 ]; then
  conf+=(--conf "spark.executorEnv.LD_LIBRARY_PATH=$libtorch")
fi
job_args=("$input_uri" "$out_uri" --source-path "$input" --partitions "$partitions" --tag-args "$tag_args")
[ "$single_stage" = 1 ] && job_args+=(--single-stage)

log "submitting to $master ($(basename "$archive"))"
# Local mode runs the Python workers from this venv; on a cluster the executors' python3 does
# (the job needs only the standard library).
case "$master" in local*) worker_py="$py" ;; *) worker_py=python3 ;; esac
PYSPARK_PYTHON="${PYSPARK_PYTHON:-$worker_py}" PYSPARK_DRIVER_PYTHON="$py" \
  "$root/.venv/bin/spark-submit" --master "$master" --archives "$archive#slant" "${conf[@]}" \
  "$root/scripts/spark/slant_job.py" "${job_args[@]}"
