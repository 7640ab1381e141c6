#!/bin/sh
# Times `slant tag --no-ner` on generated hostile pages (BENCHMARKS.md, "Robustness").
#   scripts/bench_hostile.sh BIN LABEL    (pages and outputs under /tmp/rb)
mkdir -p /tmp/rb
python3 - <<'PY'
for n in (2000, 4000, 8000, 60000):
    open(f"/tmp/rb/deep{n}.html", "w").write("<html><body>" + "<div>" * n + "<p>Putin spoke to reporters in Moscow on Monday about the talks.</p>" + "</div>" * n + "</body></html>")
open("/tmp/rb/wide100k.html", "w").write("<html><body>" + "".join(f"<p>Paragraph {i} says the talks went well.</p>" for i in range(100000)) + "</body></html>")
open("/tmp/rb/wide100k_span.html", "w").write("<html><body><article>" + "<span>x</span>" * 100000 + "</article></body></html>")
open("/tmp/rb/shortlines.txt", "w").write("\n".join(f"Link {i}" for i in range(100000)))
PY
BIN=$1; L=$2
for ex in combined readability trafilatura; do
for f in deep2000.html deep4000.html deep8000.html deep60000.html wide100k.html wide100k_span.html; do
  /usr/bin/time -f "%e %M" -o /tmp/rb/t.$$ timeout 150 $BIN tag --no-ner -q --html-extractor $ex /tmp/rb/$f -o /tmp/rb/out.$L.$ex.$f.jsonl 2>/tmp/rb/err.$$; rc=$?
  echo "$L $ex $f rc=$rc $(tail -1 /tmp/rb/t.$$) $(head -c 80 /tmp/rb/err.$$ | tr '\n' ' ')"
done; done
for f in shortlines.txt; do
  /usr/bin/time -f "%e %M" -o /tmp/rb/t.$$ timeout 150 $BIN tag --no-ner -q /tmp/rb/$f -o /tmp/rb/out.$L.$f.jsonl; echo "$L text $f rc=$? $(tail -1 /tmp/rb/t.$$)"
done
