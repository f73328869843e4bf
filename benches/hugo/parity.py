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
import json
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
    search(nb, hugo)
    return 1 if differ else 0


def search_files(root):
    """The search index in shards (search/<lang>/meta.js, p<k>.js, t<s>.js), parsed: per
    language, its meta, its pages (path, title) by number, and each token's page numbers
    (the deltas summed). None when the output has no shards."""
    base = os.path.join(root, "search")
    if not os.path.isdir(base):
        return None
    out = {}
    call = re.compile(r"^nbSearch\.(\w+)\((.*)\);\s*$", re.S)
    for lang in sorted(os.listdir(base)):
        meta, pages, tokens = None, {}, {}
        for name in sorted(os.listdir(os.path.join(base, lang))):
            with open(os.path.join(base, lang, name), encoding="utf-8") as f:
                m = call.match(f.read())
            kind, args = m[1], json.loads(f"[{m[2]}]")
            if kind == "meta":
                meta = args[1]
            elif kind == "pages":
                for k, page in enumerate(args[2]):
                    pages[args[1] * meta_chunk(base, lang) + k] = tuple(page)
            elif kind == "tokens":
                for token, deltas in args[2].items():
                    ids, n = [], 0
                    for d in deltas:
                        n += d
                        ids.append(n)
                    tokens[token] = ids
        out[lang] = (meta, pages, tokens)
    return out


def meta_chunk(base, lang):
    with open(os.path.join(base, lang, "meta.js"), encoding="utf-8") as f:
        return json.loads(re.search(r"\{.*\}", f.read())[0])["chunk"]


def search(nb, hugo):
    """Compares the sharded search indexes by content, not bytes (the order of the tokens in a
    shard, and the shard count, which depends on the size, may differ). Hugo's tokens come from a
    page's title, description and commentary, nianbao's from all its visible text: the pages must
    match, the tokens are reported (Hugo's should be a subset)."""
    a, b = search_files(nb), search_files(hugo)
    if a is None and b is None:
        return
    if a is None or b is None:
        print("search shards: only", "Hugo" if a is None else "nianbao", "writes them")
        return
    for lang in sorted(set(a) | set(b)):
        (ma, pa, ta), (mb, pb, tb) = a.get(lang, (None, {}, {})), b.get(lang, (None, {}, {}))
        same_pages = pa == pb
        print(f"search {lang}: meta nianbao {ma}, Hugo {mb}; pages {'match' if same_pages else 'differ'} ({len(pa)} and {len(pb)})")
        if not same_pages:
            diff = [k for k in sorted(set(pa) | set(pb)) if pa.get(k) != pb.get(k)]
            print(f"  first page that differs: {diff[0]}: nianbao {pa.get(diff[0])}, Hugo {pb.get(diff[0])}")
        only_hugo = [t for t in tb if t not in ta]
        wrong = [t for t in tb if t in ta and not set(tb[t]) <= set(ta[t])]
        print(f"  tokens: nianbao {len(ta)}, Hugo {len(tb)}; Hugo's not in nianbao's: {len(only_hugo)} {only_hugo[:5]}; with pages nianbao does not list: {len(wrong)} {wrong[:5]}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--structure"]
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(main(*args, "--structure" in sys.argv))
