#!/usr/bin/env python3
"""Turns a nianbao project (as `nianbao gen-bench` writes it) into an equivalent Hugo site.

    convert.py NIANBAO_PROJECT HUGO_SITE

The Hugo site renders the same pages as nianbao's default theme, in zh and en, with the same
sections, elements, attributes and text (the layouts beside this script, benches/hugo/layouts/,
mirror themes/default/templates/ and the Rust views behind them, and say which):

- the root: a language picker in both languages (alias.html, the file Hugo writes there), and
  one 404 page in both languages;
- the home page: the newest 20 years, newest first, as cards with their headline figures, and
  links to the earlier ones; the topics, the boards, the links to the downloads of the whole
  site;
- a page per year: a plain summary, the promise ledger's lines, "at a glance", the commentary,
  a bar chart per headline indicator over the years within five of it (inline SVG with the
  geometry of src/render/chart.rs), the table of targets, estimates and actuals with
  differences and each target's rating, milestones, downloads, pager;
- the promises page: every target rated (src/model/promise.rs), the newest 20 years' in full;
- a page per board (names over the years, every fact tagged to it, newest first), per former
  name of a board (a page that sends the reader on), per topic (its facts, newest first,
  grouped by year), per indicator (a chart of its latest 20 periods and the table of all) and
  per source (every fact citing it, at its anchor); a long list continues on numbered pages of
  page_size (site.yaml, default 200) items, <list>/page/<n>/;
- the glossary and search pages; robots.txt, style.css, favicon.svg and search.js;
- as output formats: a CSV and a JSON download per year (of the zh year page) and of the whole
  site, and search-index.js (of the zh home page); or, when the theme's search.js reads the
  index in shards, the shards per language (written by each language's search page).

Values, periods, differences, outcomes and chart geometry are computed by the templates, as
nianbao computes them: 810亿元 on zh pages, "81 billion yuan" on en pages (src/render/number.rs,
layouts/_partials/defs.html).

Fairness rules: all HTML (and every SVG, formatted number and data file) is produced by Hugo
templates during the timed Hugo build. This script only reorganises data, never output:

- each year file is copied as it is into data/years/, its commentary into content/years/ with
  `weight: <year>` (page order) and `commentary: true|false` added to the front matter, and on
  zh pages the two download output formats;
- the smaller lists (indicators, boards, topics, sources, glossary) become maps keyed by id,
  plus their order (data/order.json); the theme's UI strings become Hugo's i18n/, its static
  files static/;
- the fact index nianbao builds in memory when it loads a site (src/model/mod.rs, FactIndex) is
  written out as data (data/facts/, data/series/): each year's first site-wide fact number
  (nianbao numbers facts across the site; anchors are f<N>); the facts of each source, of each
  board and topic (with the period's last year and the status, which nianbao sorts them by),
  and of each indicator, sorted by period and status (FactIndex::by_indicator_period). An entry
  names a fact by its year file, its position there and its site-wide number;
- pages nianbao makes from the YAML alone get a content file (with their title where Hugo
  needs one), and so does each part of a long list after the first (its front matter's
  `pager` names the list and the part; the number of parts is the index's length over
  page_size).

The layouts are what a Hugo expert would write for speed (compare.sh's header says how): what
does not depend on the language is built once for both, in hugo.Store; each figure is
formatted, and each list item and table row rendered, once per language and looked up on every
page that shows it. They do no more than nianbao does for the same output. What could not be
made the same, and whom it favours, is listed in compare.sh's header.
"""

import json
import shutil
import sys
from pathlib import Path

import yaml

LANGS = ["zh", "en"]
TAGS = {"zh": "zh-Hans", "en": "en"}
STATUS_ORDER = {"target": 0, "estimate": 1, "actual": 2}
HERE = Path(__file__).resolve().parent


def load(path):
    with open(path, encoding="utf-8") as f:
        # libyaml's loader when PyYAML has it: a 10,000-year site has 10,000 year files.
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def by_id(items):
    return {item["id"]: item for item in items}


def dump(path, value):
    """Writes `value` as compact JSON (Hugo reads its numbers as floats: the layouts cast the
    positions and fact numbers of the index with `int`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":")), encoding="utf-8")


def front_matter(fields, body=""):
    # JSON is valid YAML: no quoting rules to get wrong.
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()] + ["---", body]
    return "\n".join(lines)


def with_front_matter(text, fields):
    """`text` (Markdown, with or without front matter) with `fields` added to its front matter."""
    extra = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return text[:end] + "\n" + extra + text[end:]
    return f"---\n{extra}\n---\n{text}"


def period_key(period):
    """(kind, first year, rest) of a period string (`2020`, `2019-H1`, `2016-2020`): sorting by
    it orders periods as nianbao's Period does (years, then half-years, then spans)."""
    if "-H" in period:
        y, h = period.split("-H")
        return (1, int(y), int(h))
    if "-" in period:
        a, b = period.split("-")
        return (2, int(a), int(b))
    return (0, int(period), 0)


def end_year(period):
    """The last year a period touches (Period::end_year): what facts are sorted newest first by."""
    kind, first, rest = period_key(period)
    return rest if kind == 2 else first


def main(src, dst):
    content = src / "content"
    if dst.exists():
        shutil.rmtree(dst)
    (dst / "data" / "years").mkdir(parents=True)
    site = load(content / "site.yaml")
    theme = src / "themes" / site.get("theme", "default")

    kinds_off = ["taxonomy", "term", "section", "rss", "sitemap"]
    # A theme whose search.js reads the index in shards (nbSearch: search/<lang>/meta.js, p<k>.js,
    # t<s>.js) gets them (layouts/_partials/search-shards.html); else the one search-index.js.
    shards = "nbSearch" in (theme / "static" / "search.js").read_text(encoding="utf-8")
    config = {
        "baseURL": "/",
        "title": site["title"]["en"],
        "defaultContentLanguage": "zh",
        "defaultContentLanguageInSubdir": True,
        # nianbao writes no taxonomies, section lists or RSS, and no sitemap without a host.
        "disableKinds": kinds_off,
        # `hugo --minify` minifies HTML only, as nianbao does: its data downloads and search
        # index are written as they are.
        "minify": {"disableJS": True, "disableJSON": True},
        # nianbao writes no generator meta tag.
        "disableHugoGeneratorInject": True,
        # nianbao writes robots.txt (layouts/robots.txt has the same two lines).
        "enableRobotsTXT": True,
        # A source page of a 10,000-year site lists 75,000 facts.
        "timeout": "3600s",
        # nianbao's Markdown (pulldown-cmark) neither curls quotes nor makes dashes.
        "markup": {"goldmark": {"renderer": {"unsafe": False}, "extensions": {"typographer": {"disable": True}}}},
        # The downloads (a CSV and a JSON per year, on the zh year pages, and for the whole site,
        # on the zh home page) and the search index (on the zh home page): nianbao writes each of
        # them once, not per language.
        "outputFormats": {
            "datacsv": {"mediaType": "text/csv", "baseName": "data", "isPlainText": True, "notAlternative": True},
            "datajson": {"mediaType": "application/json", "baseName": "data", "isPlainText": True, "notAlternative": True},
            "searchindex": {"mediaType": "text/javascript", "baseName": "search-index", "isPlainText": True, "notAlternative": True},
        },
        "languages": {
            lang: {
                "weight": i + 1,
                "title": site["title"][lang],
                "params": {"tag": TAGS[lang], "description": site["description"][lang], "page_size": max(int(site.get("page_size") or 200), 1), "search_shards": shards},
                # nianbao writes one 404 page, in both languages: the zh site renders it.
                **({"disableKinds": kinds_off + ["404"]} if lang != "zh" else {}),
            }
            for i, lang in enumerate(LANGS)
        },
    }
    (dst / "hugo.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    # The theme's UI strings (flat `key: text` files, which Hugo's i18n reads as they are) and
    # its static files.
    shutil.copytree(theme / "i18n", dst / "i18n")
    shutil.copytree(theme / "static", dst / "static")
    shutil.copytree(HERE / "layouts", dst / "layouts")

    lists = {name: load(content / f"{name}.yaml") for name in ["indicators", "boards", "topics", "sources"]}
    for name, items in lists.items():
        dump(dst / "data" / f"{name}.json", by_id(items))
    order = {name: [item["id"] for item in items] for name, items in lists.items()}
    dump(dst / "data" / "order.json", order)
    indicators = by_id(lists["indicators"])

    # The fact index (src/model/mod.rs, FactIndex::new): facts are numbered across the site in
    # the order nianbao loads the year files (by file name).
    years = sorted((content / "years").glob("*.yaml"))
    offsets = {}
    by_board = {b: [] for b in order["boards"]}
    by_topic = {t: [] for t in order["topics"]}
    by_source = {s: [] for s in order["sources"]}
    series = {i: [] for i in order["indicators"]}
    n = 0
    for y in years:
        shutil.copyfile(y, dst / "data" / "years" / y.name)
        facts = load(y).get("facts") or []
        offsets[y.stem] = n
        for pos, f in enumerate(facts):
            ref = [y.stem, pos, n + pos]
            # Boards and topics list their facts newest first: their entries carry what they
            # are sorted by (ViewBuilder::newest_first reads it from the fact).
            keyed = {"y": y.stem, "p": pos, "i": n + pos, "end": end_year(str(f["period"])), "status": f["status"]}
            for b in f.get("boards") or []:
                by_board[b].append(keyed)
            topics = f.get("topics")
            if topics is None and f.get("indicator"):
                topics = indicators[f["indicator"]].get("topics") or []
            for t in topics or []:
                by_topic[t].append(keyed)
            by_source[f["source"]].append(ref)
            if f.get("indicator"):
                series[f["indicator"]].append((period_key(str(f["period"])), STATUS_ORDER[f["status"]], ref))
        n += len(facts)
    facts_dir = dst / "data" / "facts"
    dump(facts_dir / "offsets.json", offsets)
    dump(facts_dir / "boards.json", by_board)
    dump(facts_dir / "topics.json", by_topic)
    dump(facts_dir / "sources.json", by_source)
    # Per indicator, its facts sorted by period and status (FactIndex::by_indicator_period:
    # "all"). The layouts group them by period once (indicator.html), and a year page's charts
    # look up the periods around it there (nianbao binary-searches the sorted list:
    # FactIndex::near).
    for ind, entries in series.items():
        entries.sort(key=lambda e: (e[0], e[1], e[2][2]))
        dump(dst / "data" / "series" / f"{ind}.json", {"all": [ref for _, _, ref in entries]})

    page_size = max(int(site.get("page_size") or 200), 1)
    lengths = {
        "boards": {k: len(v) for k, v in by_board.items()},
        "topics": {k: len(v) for k, v in by_topic.items()},
        "sources": {k: len(v) for k, v in by_source.items()},
        "indicators": {k: len({tuple(e[0]) for e in v}) for k, v in series.items()},
    }

    def list_page(kind, lid, lang, fields, text=""):
        """A list's page (`pager` names the list and the part, from 0) and, for a list longer
        than a part, its continuations at <kind>/<id>/page/<n>/ (routes::part)."""
        (pages / kind / f"{lid}.{lang}.md").write_text(
            with_front_matter(text, {**fields, "pager": {"kind": kind, "id": lid, "part": 0}}), encoding="utf-8"
        )
        parts = max(-(-lengths[kind][lid] // page_size), 1)
        for n in range(1, parts):
            path = pages / kind / lid / "page" / f"{n + 1}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter({**fields, "pager": {"kind": kind, "id": lid, "part": n}}), encoding="utf-8")

    pages = dst / "content"
    for sub in ["years", "boards", "topics", "indicators", "sources"]:
        (pages / sub).mkdir(parents=True)
    for y in years:
        for lang in LANGS:
            md = y.with_name(f"{y.stem}.{lang}.md")
            # `commentary` tells the layouts that the page has commentary (a file of its own).
            fields = {"weight": int(y.stem), "commentary": md.exists()}
            if lang == "zh":
                fields["outputs"] = ["html", "datacsv", "datajson"]
            text = md.read_text(encoding="utf-8") if md.exists() else ""
            (pages / "years" / f"{y.stem}.{lang}.md").write_text(with_front_matter(text, fields), encoding="utf-8")
    for board in lists["boards"]:
        bid = board["id"]
        for lang in LANGS:
            md = content / "boards" / f"{bid}.{lang}.md"
            text = md.read_text(encoding="utf-8") if md.exists() else ""
            list_page("boards", bid, lang, {"commentary": md.exists()}, text)
            # A former name: a page at its old slug that sends the reader on (redirect.html).
            for i, former in enumerate(board.get("former_names") or []):
                (pages / "boards" / f"{former['slug']}.{lang}.md").write_text(
                    front_matter({"title": former[lang], "type": "redirect", "board": bid, "former": i}), encoding="utf-8"
                )
    for topic in lists["topics"]:
        tid = topic["id"]
        for lang in LANGS:
            md = content / "topics" / f"{tid}.{lang}.md"
            text = md.read_text(encoding="utf-8") if md.exists() else ""
            list_page("topics", tid, lang, {"commentary": md.exists()}, text)
    for ind in lists["indicators"]:
        for lang in LANGS:
            list_page("indicators", ind["id"], lang, {"title": ind["name"][lang]})
    for source in lists["sources"]:
        for lang in LANGS:
            list_page("sources", source["id"], lang, {"title": source["title"][lang]})
    for page in ["glossary", "search", "promises"]:
        for lang in LANGS:
            (pages / f"{page}.{lang}.md").write_text(front_matter({"type": page}), encoding="utf-8")
    for lang in LANGS:
        fields = {"title": site["title"][lang]}
        if lang == "zh":
            fields["outputs"] = ["html", "datacsv", "datajson"] + ([] if shards else ["searchindex"])
        (pages / f"_index.{lang}.md").write_text(front_matter(fields), encoding="utf-8")
    glossary = content / "glossary.yaml"
    dump(dst / "data" / "glossary.json", load(glossary) if glossary.exists() else [])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
