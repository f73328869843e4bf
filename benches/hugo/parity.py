#!/usr/bin/env python3
"""Checks that the Hugo site of compare.sh writes the same pages as nianbao.

    parity.py NIANBAO_OUTPUT HUGO_OUTPUT [--structure]

Prints, per page type, the pages and bytes each output holds, and the other files. With
--structure, also compares every HTML page of both outputs as a sequence of tags (with their
attributes) and text, whitespace collapsed, comments and optional end tags dropped, after
mapping the paths that differ (Hugo writes the downloads and the search index as output formats
of zh pages: zh/years/<year>/data.csv for data/<year>.csv); build both without minifying for
that (`nianbao build --no-minify --output DIR`, `hugo --source SITE --destination DIR`).
"""

import collections
import os
import re
import sys
from html.parser import HTMLParser

OPTIONAL_END = {"li", "p", "td", "tr", "th", "dt", "dd", "tbody", "thead", "option", "head", "body", "html"}
# nianbao path -> Hugo path
MOVED = {"404.html": "zh/404.html", "data/all.csv": "zh/data.csv", "data/all.json": "zh/data.json", "search-index.js": "zh/search-index.js"}


class Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out.append("<%s %s>" % (tag, " ".join(f'{k}="{v or ""}"' for k, v in sorted(attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in OPTIONAL_END:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data).strip()
        if text:
            self.out.append(text)


def tokens(path):
    p = Tokens()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.out


def hugo_path(rel):
    if rel in MOVED:
        return MOVED[rel]
    m = re.fullmatch(r"data/(\d+)\.(csv|json)", rel)
    return f"zh/years/{m[1]}/data.{m[2]}" if m else rel


def moved_links(token):
    token = re.sub(r'href="/data/(\d+)\.(csv|json)"', r'href="/zh/years/\1/data.\2"', token)
    token = re.sub(r'href="/data/all\.(csv|json)"', r'href="/zh/data.\1"', token)
    return token.replace('src="/search-index.js"', 'src="/zh/search-index.js"')


def kind(rel):
    parts = rel.split("/")
    if not rel.endswith(".html"):
        return "other files"
    if len(parts) == 2 and parts[1] == "index.html":
        return "home"
    if len(parts) < 3:
        return "root, 404"
    if parts[1] == "boards" and parts[2].startswith("old-"):
        return "former names"
    return {"years": "year", "boards": "board", "topics": "topic", "indicators": "indicator", "sources": "source"}.get(parts[1], "glossary, search")


def files(root):
    for d, _, names in os.walk(root):
        for n in names:
            if n != ".nianbao-output":
                yield os.path.relpath(os.path.join(d, n), root)


def main(nb, hugo, structure):
    sizes = {}
    for name, root in [("nianbao", nb), ("hugo", hugo)]:
        agg = collections.defaultdict(lambda: [0, 0])
        for rel in files(root):
            agg[kind(rel)][0] += 1
            agg[kind(rel)][1] += os.path.getsize(os.path.join(root, rel))
        sizes[name] = agg
    print("| files | nianbao | bytes | Hugo | bytes | Hugo/nianbao |")
    print("|---|---:|---:|---:|---:|---:|")
    for k in ["year", "board", "former names", "topic", "indicator", "source", "home", "glossary, search", "root, 404", "other files"]:
        (c1, s1), (c2, s2) = sizes["nianbao"][k], sizes["hugo"][k]
        print(f"| {k} | {c1:,} | {s1:,} | {c2:,} | {s2:,} | {s2 / s1 if s1 else 0:.3f} |")
    if not structure:
        return 0
    pages = differ = 0
    for rel in sorted(files(nb)):
        if not rel.endswith(".html"):
            continue
        pages += 1
        other = os.path.join(hugo, hugo_path(rel))
        if not os.path.exists(other):
            print("missing from Hugo:", rel)
            differ += 1
            continue
        a, b = [moved_links(t) for t in tokens(os.path.join(nb, rel))], tokens(other)
        if a != b:
            differ += 1
            i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            print(f"differs: {rel} at token {i}: nianbao {a[i:i + 2]}, Hugo {b[i:i + 2]}")
    print(f"{pages} pages compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--structure"]
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(main(*args, "--structure" in sys.argv))
