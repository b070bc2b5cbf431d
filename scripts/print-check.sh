#!/usr/bin/env bash
# Prints sotay's XLSX reports the way a school office would, with LibreOffice, and checks
# the pages: a class summary (and its full version, landscape cases), and a school report
# merged from three classes (one class without a commune, to exercise the merge's rule),
# each converted with `soffice --headless --convert-to pdf` and read with poppler's tools.
#
#   scripts/print-check.sh [PATH-TO-SOTAY] [OUT-DIR]
#
# Without a path it builds the release binary. OUT-DIR keeps the workbooks, PDFs and page
# images (PNG, when pdftoppm is there); by default a temporary folder that is removed.
# Checks, each failing the script (exit 1) with a line saying why:
#   - every run of text is set at 10 pt or more (the `Tf` sizes pdftops writes out);
#   - no text runs past the page's edge, and no cell shows "###" (a column too narrow);
#   - the hidden figures sheet is not printed;
#   - at most MAX_PAGES pages a report.
# MIN_PT and MAX_PAGES in the environment change the limits (10 pt, 6 pages).
# It prints, for each PDF, the pages, the smallest and usual text size, and how much of each
# page the text covers. Needs LibreOffice Calc and poppler (Debian: libreoffice-calc-nogui,
# poppler-utils, and fonts-crosextra-carlito so Calibri prints with its own metrics).
set -euo pipefail
cd "$(dirname "$0")/.."

MIN_PT=${MIN_PT:-10}
MAX_PAGES=${MAX_PAGES:-6}

for tool in soffice pdftops pdftotext pdfinfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "print-check: $tool is missing (apt-get install libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito)" >&2
    exit 2
  fi
done

if [ $# -ge 1 ] && [ -n "$1" ]; then
  sotay=$(realpath "$1")
else
  cargo build --release --quiet
  sotay=$PWD/target/release/sotay
fi
if [ $# -ge 2 ]; then
  work=$(realpath -m "$2")
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
# LibreOffice keeps a profile; a fresh one each run, inside the work folder.
export HOME=$work/home
mkdir -p "$HOME"

# The school year containing today, as `sotay demo` makes it.
year=$(date +%Y)
if [ "$(date +%m)" -ge 8 ]; then school_year="$year-$((year + 1))"; else school_year="$((year - 1))-$year"; fi

# Three classes of one school, each a demo notebook with its own pupils.
seed=1
for class in 6A 7A 8A; do
  nb=$work/notebook-$class
  rm -rf "$nb"
  "$sotay" --lang vi demo --data-dir "$nb" --seed "$seed" --students 45 >/dev/null
  commune=(--commune "Xã An Lạc")
  # 7A's teacher left the commune blank: the school report takes it from the others.
  [ "$class" = 7A ] && commune=()
  "$sotay" --lang vi --data-dir "$nb" init --teacher "Giáo viên $class" --school "Trường THCS Thực Hành" \
    --school-code DEMO01 --class "$class" --school-year "$school_year" "${commune[@]}" \
    --province "Thành phố Hải Phòng" >/dev/null
  "$sotay" --data-dir "$nb" export --period "$school_year" -o "$work/$class.xlsx" --force >/dev/null
  seed=$((seed + 1))
done
"$sotay" --data-dir "$work/notebook-8A" export --period "$school_year" --detail full \
  -o "$work/8A-mat.xlsx" --force >/dev/null
"$sotay" report merge "$work/6A.xlsx" "$work/7A.xlsx" "$work/8A.xlsx" -o "$work/truong.xlsx" --force \
  >/dev/null 2>"$work/merge.err"

echo "LibreOffice: $(soffice --version | head -n 1)"
failed=0
fail() {
  echo "  FAIL: $*"
  failed=1
}

for name in 8A 8A-mat truong; do
  xlsx=$work/$name.xlsx
  pdf=$work/$name.pdf
  rm -f "$pdf"
  soffice --headless --convert-to pdf --outdir "$work" "$xlsx" >/dev/null 2>&1
  if [ ! -s "$pdf" ]; then
    echo "$name.xlsx"
    fail "LibreOffice made no PDF"
    continue
  fi
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  echo "$name.xlsx: $pages pages ($(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}'))"
  [ "$pages" -le "$MAX_PAGES" ] || fail "$pages pages, more than $MAX_PAGES"

  # Text sizes: pdftops writes the PDF's text operators out, `SIZE Tf` before each run
  # (LibreOffice sets text at its printed size, with no scaling around it).
  pdftops -origpagesizes "$pdf" "$work/$name.ps"
  awk -v min="$MIN_PT" '
    /^%%Page: / { page = $2 }
    / Tf$/ { size = $(NF - 1) + 0; n[page]++; count[page, sprintf("%.1f", size)]++
             if (!(page in small) || size < small[page]) small[page] = size }
    END {
      bad = 0
      for (p = 1; p in n; p++) {
        usual = ""; most = 0
        for (k in count) { split(k, part, SUBSEP); if (part[1] == p && count[k] > most) { most = count[k]; usual = part[2] } }
        printf "  page %d: text %.1f pt and up, mostly %s pt\n", p, small[p], usual
        if (small[p] < min - 0.05) { printf "  FAIL: page %d has text at %.1f pt, under %d pt\n", p, small[p], min; bad = 1 }
      }
      exit bad
    }' "$work/$name.ps" || failed=1

  # Page use: where the words sit on each page (pdftotext -bbox, in points), the page
  # header and footer (the outer 30 pt, where the page number is) left aside.
  pdftotext -bbox "$pdf" "$work/$name.html"
  awk '
    /<page / { if (p) report(); p++; match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0
               match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9) + 0; x0 = y0 = 1e9; x1 = y1 = 0 }
    /<word / { a = b = c = d = 0
               for (i = 1; i <= NF; i++) { split($i, kv, "\""); v = kv[2] + 0
                 if ($i ~ /^xMin=/) a = v; if ($i ~ /^xMax=/) b = v; if ($i ~ /^yMin=/) c = v; if ($i ~ /^yMax=/) d = v }
               if (a < 0 || b > w || c < 0 || d > h) off = 1
               if (c < 30 || d > h - 30) next
               if (a < x0) x0 = a; if (b > x1) x1 = b; if (c < y0) y0 = c; if (d > y1) y1 = d }
    function report() {
      printf "  page %d: text %.0f to %.0f pt across (%.0f%% of the width), %.0f to %.0f pt down (%.0f%% of the height)\n", p, x0, x1, 100 * (x1 - x0) / w, y0, y1, 100 * (y1 - y0) / h
      if (off) { printf "  FAIL: page %d has text off the page\n", p; bad = 1; off = 0 }
    }
    END { if (p) report(); exit bad }' "$work/$name.html" || failed=1

  text=$(pdftotext -layout "$pdf" -)
  if grep -q '###' <<<"$text"; then fail "a cell shows ### (its column is too narrow)"; fi
  if grep -q 'intervened_in_time' <<<"$text"; then fail "the hidden figures sheet was printed"; fi
  if command -v pdftoppm >/dev/null; then pdftoppm -png -r 50 "$pdf" "$work/$name"; fi
done

if [ -s "$work/merge.err" ]; then
  echo "merge said:"
  sed 's/^/  /' "$work/merge.err"
fi
if [ "$failed" -ne 0 ]; then
  echo "print-check: FAILED"
  exit 1
fi
echo "print-check: every page prints at $MIN_PT pt or more"
