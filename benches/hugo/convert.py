#!/usr/bin/env python3
"""Turns a nianbao project (as `nianbao gen-bench` writes it) into an equivalent Hugo site.

    convert.py NIANBAO_PROJECT HUGO_SITE

The Hugo site has the same pages as nianbao's build, in zh and en: a home page listing every
year, a page per year (its facts in a table with values and source links, and its commentary
rendered from Markdown), per board (listing every fact tagged to it; its former names as
alias pages), per topic (every fact of the topic), per indicator (its values), per source (every
fact citing it), a glossary and a search page, a 404 page and the root page.

The facts stay where they are: each year file is copied as it is into data/years/ and the
templates (benches/hugo/layouts/) loop over site.Data, as a Hugo site of this shape would. The
smaller lists (indicators, boards, topics, sources) become maps keyed by id, so templates can
look them up with `index`. Commentary files are copied with their front matter; pages that
nianbao makes from the YAML alone get a content file with a title.
"""

import json
import shutil
import sys
from pathlib import Path

import yaml

LANGS = ["zh", "en"]
HERE = Path(__file__).resolve().parent

I18N = {
    "zh": {
        "target": "目标", "estimate": "预计", "actual": "实际", "indicator": "指标", "period": "时期",
        "status": "类型", "value": "数值", "source": "来源", "boards": "板块", "year": "年份",
        "years": "历年年报", "facts": "数据", "glossary": "术语表", "search": "搜索", "home": "首页",
        "notFound": "找不到这个页面。", "topics": "主题",
    },
    "en": {
        "target": "Target", "estimate": "Estimate", "actual": "Actual", "indicator": "Indicator",
        "period": "Period", "status": "Status", "value": "Value", "source": "Source",
        "boards": "Boards", "year": "Year", "years": "Annual reports", "facts": "Figures",
        "glossary": "Glossary", "search": "Search", "home": "Home",
        "notFound": "This page does not exist.", "topics": "Topics",
    },
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def by_id(items):
    return {item["id"]: item for item in items}


def front_matter(fields, body=""):
    # JSON is valid YAML: no quoting rules to get wrong.
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()] + ["---", body]
    return "\n".join(lines)


def main(src, dst):
    content = src / "content"
    if dst.exists():
        shutil.rmtree(dst)
    (dst / "data" / "years").mkdir(parents=True)
    (dst / "i18n").mkdir()
    site = load(content / "site.yaml")

    config = {
        "baseURL": "/",
        "title": site["title"]["en"],
        "defaultContentLanguage": "zh",
        "defaultContentLanguageInSubdir": True,
        # nianbao writes no taxonomies, section lists or RSS, and no sitemap without a host.
        "disableKinds": ["taxonomy", "term", "section", "rss", "sitemap"],
        # A source page of a 10,000-year site lists 75,000 facts.
        "timeout": "3600s",
        "markup": {"goldmark": {"renderer": {"unsafe": False}}},
        "languages": {
            lang: {"weight": i + 1, "label": "中文" if lang == "zh" else "English", "title": site["title"][lang]}
            for i, lang in enumerate(LANGS)
        },
    }
    (dst / "hugo.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    for lang in LANGS:
        (dst / "i18n" / f"{lang}.yaml").write_text(yaml.safe_dump(I18N[lang], allow_unicode=True), encoding="utf-8")
    shutil.copytree(HERE / "layouts", dst / "layouts")

    lists = {name: by_id(load(content / f"{name}.yaml")) for name in ["indicators", "boards", "topics", "sources"]}
    for name, items in lists.items():
        (dst / "data" / f"{name}.json").write_text(json.dumps(items, ensure_ascii=False, default=str), encoding="utf-8")
    years = sorted((content / "years").glob("*.yaml"))
    for y in years:
        shutil.copyfile(y, dst / "data" / "years" / y.name)

    pages = dst / "content"
    for sub in ["years", "boards", "topics", "indicators", "sources"]:
        (pages / sub).mkdir(parents=True)
    for y in years:
        for lang in LANGS:
            md = y.with_name(f"{y.stem}.{lang}.md")
            shutil.copyfile(md, pages / "years" / md.name)
    for bid, board in lists["boards"].items():
        for lang in LANGS:
            md = content / "boards" / f"{bid}.{lang}.md"
            body = md.read_text(encoding="utf-8") if md.exists() else ""
            aliases = [f"/boards/{f['slug']}/" for f in board.get("former_names", [])]
            (pages / "boards" / f"{bid}.{lang}.md").write_text(
                front_matter({"title": board["name"][lang], "summary": board["summary"][lang], "aliases": aliases}, body), encoding="utf-8"
            )
    for tid, topic in lists["topics"].items():
        for lang in LANGS:
            md = content / "topics" / f"{tid}.{lang}.md"
            body = md.read_text(encoding="utf-8") if md.exists() else ""
            (pages / "topics" / f"{tid}.{lang}.md").write_text(front_matter({"title": topic["name"][lang], "summary": topic["summary"][lang]}, body), encoding="utf-8")
    for iid, indicator in lists["indicators"].items():
        for lang in LANGS:
            (pages / "indicators" / f"{iid}.{lang}.md").write_text(front_matter({"title": indicator["name"][lang]}), encoding="utf-8")
    for sid, source in lists["sources"].items():
        for lang in LANGS:
            (pages / "sources" / f"{sid}.{lang}.md").write_text(front_matter({"title": source["title"][lang]}), encoding="utf-8")
    for page in ["glossary", "search"]:
        for lang in LANGS:
            (pages / f"{page}.{lang}.md").write_text(front_matter({"title": I18N[lang][page]}), encoding="utf-8")
    for lang in LANGS:
        (pages / f"_index.{lang}.md").write_text(front_matter({"title": site["title"][lang], "description": site["description"][lang]}), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
