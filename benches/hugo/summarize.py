#!/usr/bin/env python3
"""Prints the table of compare.sh from its results: lines of name, seconds, peak kB, pages,
bytes of HTML, other files and their bytes.

    summarize.py RESULTS.tsv YEARS MINIFY(1|0)
"""

import statistics
import sys


def main(path, years, minify):
    runs = {}
    for line in open(path, encoding="utf-8"):
        name, secs, kb, pages, size, files, fsize = line.split("\t")
        runs.setdefault(name, []).append((float(secs), int(kb), int(pages), int(size), int(files), int(fsize)))
    rows = {}
    for name, rs in runs.items():
        wall = statistics.median(r[0] for r in rs)
        peak = max(r[1] for r in rs) / 1024
        pages, size, files, fsize = rs[0][2], rs[0][3] / 1e6, rs[0][4], rs[0][5] / 1e6
        rows[name] = (wall, peak, pages, size, files, fsize)
    print()
    print(f"{years} years, {'minified' if minify == '1' else 'not minified'}, {len(next(iter(runs.values())))} runs each (in alternation)")
    print("| generator | pages | HTML written | other files | wall (median) | pages/s | peak memory |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (wall, peak, pages, size, files, fsize) in rows.items():
        print(f"| {name} | {pages:,} | {size:,.0f} MB | {files:,} ({fsize:,.0f} MB) | {wall:.2f} s | {pages / wall:,.0f} | {peak:,.0f} MB |")
    if "hugo" in rows and "nianbao" in rows:
        h, n = rows["hugo"], rows["nianbao"]
        speed = (n[2] / n[0]) / (h[2] / h[0])
        print()
        verdict = "about the same" if abs(speed - 1) < 0.05 else "nianbao faster" if speed > 1 else "Hugo faster"
        print(f"nianbao/hugo: pages/s x{speed:.2f} ({verdict}), peak memory x{n[1] / h[1]:.2f}, HTML written x{n[3] / h[3]:.2f}, other files written x{n[5] / h[5]:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
