#!/usr/bin/env bash
# End-to-end check of `slant compare` on the example articles (idempotent; exits non-zero on the
# first failure). Outputs go to out/compare/ (or $CHECK_COMPARE_OUT):
#   1. scripts/setup.sh and `cargo build --release`;
#   2. tags examples/articles with examples/manifest.csv, compares by outlet as JSON, CSV and HTML;
#   3. pandas loads the JSON and the CSV into the same rows;
#   4. renders the HTML report in headless Chromium (installing Debian's chromium if missing) and
#      checks the screenshot is not blank;
#   5. executes examples/compare_outlets.ipynb headless with nbconvert in the project venv
#      (installing pandas, matplotlib, nbconvert and ipykernel there if missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out="${CHECK_COMPARE_OUT:-$root/out/compare}"
py="$root/.venv/bin/python"
check="$root/scripts/compare_check/check_outputs.py"
log() { printf 'check_compare: %s\n' "$*" >&2; }

scripts/setup.sh
cargo build --release --quiet
slant="$root/target/release/slant"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

log "tagging examples/articles"
"$slant" tag examples/articles --manifest examples/manifest.csv -o "$out/tagged.jsonl" --quiet
for format in json csv html; do
  "$slant" compare "$out/tagged.jsonl" --by outlet --actors 8 --format "$format" -o "$out/compare.$format" --quiet
  [ -s "$out/compare.$format" ] || { log "FAIL: compare.$format is empty"; exit 1; }
done
log "wrote compare.json, compare.csv, compare.html to $out"
if grep -q -i -E 'https?:|<script|<link|@import' "$out/compare.html"; then
  log "FAIL: compare.html refers to something outside itself"
  exit 1
fi

# Python packages for the checks and the notebook, in the project venv (pip leaves torch alone:
# none of these depend on it).
if ! "$py" -c 'import pandas, matplotlib, PIL, nbconvert, ipykernel' 2>/dev/null; then
  log "installing pandas, matplotlib, nbconvert, ipykernel into .venv"
  "$py" -m pip install -q pandas matplotlib nbconvert ipykernel
fi
"$py" "$check" tables "$out"

if ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian's chromium"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$out/compare.png"
# No network here: without these flags Chromium waits on connection attempts.
timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1400,1000 \
  --screenshot="$out/compare.png" "file://$out/compare.html" >"$out/chromium.log" 2>&1 || {
  log "FAIL: chromium did not render the report (log: $out/chromium.log)"
  exit 1
}
"$py" "$check" screenshot "$out/compare.png"

log "executing examples/compare_outlets.ipynb"
rm -f "$out/compare_outlets.ipynb"
# The kernel is the venv's own python3 (ipykernel's spec inside the venv), so nothing is
# registered globally; plots use the inline backend, which needs no display.
SLANT_TAGGED_JSONL="$out/tagged.jsonl" SLANT_BIN="$slant" "$root/.venv/bin/jupyter" nbconvert \
  --to notebook --execute examples/compare_outlets.ipynb \
  --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=300 \
  --output-dir "$out" --output compare_outlets.ipynb >"$out/nbconvert.log" 2>&1 || {
  cat "$out/nbconvert.log" >&2
  log "FAIL: the notebook did not run"
  exit 1
}
"$py" "$check" notebook "$out/compare_outlets.ipynb"
log "OK: all checks passed (outputs in $out)"
