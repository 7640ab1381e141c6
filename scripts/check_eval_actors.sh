#!/usr/bin/env bash
# `slant eval actors` agrees with ../shared/tools/actor_score.py: both score RECORDS.jsonl against
# the gold with --json, and every figure both report (every number of the Python's JSON but its
# example lists) must agree to the third decimal (|a - b| < 0.0005, undefined on both sides or on
# neither). Exits 1 and lists the differences (and the Python's figures the Rust lacks) when not.
#
#   scripts/check_eval_actors.sh RECORDS.jsonl [GOLD.json]
#   SLANT=/path/to/slant scripts/check_eval_actors.sh ...   (default: target/release/slant)
#
# The Python's `--write-baseline singletons` and `gold` files are checked the same way:
#   python3 ../shared/tools/actor_score.py GOLD /tmp/gold.jsonl --write-baseline gold
#   scripts/check_eval_actors.sh /tmp/gold.jsonl
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records="${1:?usage: scripts/check_eval_actors.sh RECORDS.jsonl [GOLD.json]}"
gold="${2:-$root/../shared/data/gum-dev/gum_gold.json}"
scorer="${ACTOR_SCORE:-$root/../shared/tools/actor_score.py}"
slant="${SLANT:-${CARGO_TARGET_DIR:-$root/target}/release/slant}"
work="$(mktemp -d "${TMPDIR:-/tmp}/slant-check-eval-actors.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 "$scorer" "$gold" "$records" --json >"$work/python.out"
head -n 1 "$work/python.out" >"$work/python.json"
"$slant" eval actors --gold "$gold" --json "$records" >"$work/rust.json"

python3 - "$work/python.json" "$work/rust.json" <<'EOF'
import json, sys

py, rs = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
py.pop("examples", None)  # example lists are not figures (the Rust counts them in error_counts)


def leaves(x, path=()):
    if isinstance(x, dict):
        for k, v in x.items():
            yield from leaves(v, path + (k,))
    else:
        yield path, x


rs_leaves = dict(leaves(rs))
compared, bad, missing, worst = 0, [], [], 0.0
for path, a in leaves(py):
    name = ".".join(map(str, path))
    if path not in rs_leaves:
        missing.append(name)
        continue
    b = rs_leaves[path]
    compared += 1
    if a is None or b is None:
        if (a is None) != (b is None):
            bad.append(f"{name}: python {a} rust {b}")
    else:
        worst = max(worst, abs(a - b))
        if abs(a - b) >= 0.0005:
            bad.append(f"{name}: python {a} rust {b}")
ceafe = rs["clustering"]["e2e_all"]["ceafe"]
print(f"compared {compared} figures; differing {len(bad)}; python figures missing in rust {len(missing)}; "
      f"rust-only figures {len(rs_leaves) - compared}; largest difference {worst:.2g} (ceafe e2e_all F1 {ceafe['f1']})")
for line in bad + [f"missing in rust: {m}" for m in missing]:
    print("  " + line)
sys.exit(1 if bad or missing else 0)
EOF
