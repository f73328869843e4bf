//! The Erqi site itself: every page exists in both languages, plans meet outcomes, and every
//! figure on every page links to the source it comes from.

mod common;

use std::collections::HashSet;

use common::{Project, attrs, text, walk};
use nianbao::lang::Lang;
use nianbao::model::Claim;
use nianbao::model::number::format_value;

fn built() -> Project {
    let p = Project::erqi();
    p.build();
    p
}

#[test]
fn every_year_and_plan_has_a_page_in_both_languages() {
    let p = built();
    for page in ["years/2019/", "years/2020/", "years/2021/", "years/2022/", "years/2023/", "plans/fyp13/", "plans/fyp14/"] {
        for lang in ["zh", "en"] {
            let html = p.page(&format!("{lang}/{page}"));
            assert!(html.len() > 2000, "{lang}/{page} is nearly empty");
        }
    }
    // Years link to the plans that span them, and plans to their years.
    assert!(attrs(&p.page("zh/years/2020/"), "href").contains(&"/zh/plans/fyp13/".to_string()));
    assert!(attrs(&p.page("en/plans/fyp14/"), "href").contains(&"/en/years/2022/".to_string()));
}

/// The text of the table row of an indicator on a page.
fn row(html: &str, indicator: &str) -> String {
    let needle = format!("/indicators/{indicator}/\"");
    let table = html.find("<table").expect("no table");
    let at = table + html[table..].find(&needle).unwrap_or_else(|| panic!("no row for {indicator}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    text(&format!("<main>{}</main>", &html[start..end]))
}

#[test]
fn gdp_2020_shows_the_actual_with_the_estimate_beside_it() {
    let p = built();
    let zh = row(&p.page("zh/years/2020/"), "gdp");
    assert!(zh.contains("773亿元") && zh.contains("760.2亿元") && zh.contains("−12.8亿元"), "{zh}");
    let en = row(&p.page("en/years/2020/"), "gdp");
    assert!(en.contains("77.3 billion yuan") && en.contains("76.02 billion yuan"), "{en}");
}

#[test]
fn old_compounds_2020_show_target_outcome_and_difference() {
    let p = built();
    let zh = row(&p.page("zh/years/2020/"), "old-compounds-renovated");
    // 236 of 357: partly met, 66% of the target (the promise ledger's rating).
    assert!(zh.contains("357个") && zh.contains("236个") && zh.contains("−121个") && zh.contains("部分完成") && zh.contains("66%"), "{zh}");
    let en = row(&p.page("en/years/2020/"), "old-compounds-renovated");
    assert!(en.contains("357") && en.contains("236") && en.contains("−121") && en.contains("Partly met") && en.contains("66%"), "{en}");
}

#[test]
fn every_figure_on_every_page_links_to_its_source() {
    let p = built();
    let site = nianbao::pipeline::Project::new(p.dir.path()).load_site().unwrap();
    let mut shown: Vec<(Lang, String)> = Vec::new();
    for f in &site.facts {
        if let Claim::Figure { indicator, value, unit } = f.claim {
            for lang in Lang::ALL {
                shown.push((lang, format_value(value, unit, site.indicators[indicator].kind, lang)));
            }
        }
    }
    let public = p.path("public");
    let mut figures = 0;
    for file in walk(&public).into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
        let rel = file.strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/");
        let lang = if rel.starts_with("en/") { Lang::En } else { Lang::Zh };
        let displays: HashSet<&str> = shown.iter().filter(|(l, _)| *l == lang).map(|(_, s)| s.as_str()).collect();
        let html = std::fs::read_to_string(&file).unwrap();
        // Commentary is prose: its numbers are the writers' (issue 8 checks them).
        let scanned = match (html.find("<section class=\"commentary\""), html.find("<!-- /commentary -->")) {
            (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
            _ => html.clone(),
        };
        // Text nodes that render a figure must sit directly in a figure link to a source.
        let mut rest = scanned.as_str();
        while let Some(close) = rest.find('>') {
            let tag_start = rest[..close].rfind('<').unwrap_or(0);
            let tag = &rest[tag_start..=close];
            rest = &rest[close + 1..];
            let node = &rest[..rest.find('<').unwrap_or(rest.len())];
            // (The promise ledger's counts are counts of targets, not figures; page numbers are pages.)
            if displays.contains(node.trim()) && !tag.contains("class=\"count") && !tag.contains("class=\"page-number") {
                figures += 1;
                assert!(tag.starts_with("<a class=\"fig"), "{rel}: the figure {node:?} is not a source link (in {tag})");
                let href = &attrs(tag, "href")[0];
                assert!(href.contains("/sources/") || href.starts_with("#f"), "{rel}: {node:?} links to {href}");
            }
        }
        // And every figure link reaches an existing fact on its source page.
        for tag in html.split("<a class=\"fig").skip(1) {
            let href = &attrs(&format!("<a class=\"fig{tag}"), "href")[0];
            let (page, anchor) = href.split_once('#').unwrap_or_else(|| panic!("{rel}: figure link without a fact anchor: {href}"));
            let target =
                if page.is_empty() { html.clone() } else { std::fs::read_to_string(public.join(page.trim_start_matches('/')).join("index.html")).unwrap() };
            assert!(target.contains(&format!("id=\"{anchor}\"")), "{rel}: {href} has no such fact");
        }
    }
    assert!(figures > 1000, "only {figures} figures seen");
}

#[test]
fn the_erqi_figures_stand_in_their_sources() {
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if !sources.is_dir() {
        eprintln!("skipped: {} not present (CI runs `nianbao check --sources` itself)", sources.display());
        return;
    }
    let p = Project::erqi();
    let r = p.run(&["check", "--sources", sources.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    // The project keeps its own copy of the texts (sources/, for the source pages' coverage
    // tables and a check on a machine without ../shared): the same bytes.
    let own = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    let names = |dir: &std::path::Path| {
        let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&own), names(&sources));
    for name in names(&sources) {
        assert!(std::fs::read(own.join(&name)).unwrap() == std::fs::read(sources.join(&name)).unwrap(), "sources/{name:?} differs from ../shared/sources");
    }
}

/// Every source page says how many of the numbers its document prints the digest holds,
/// and none is left unaccounted for.
#[test]
fn every_source_page_accounts_for_its_figures() {
    let p = built();
    for source in ["2019-midyear-review", "2020-party-plenary", "2020-fyp13-review", "2021-two-sessions", "2023-two-sessions"] {
        let en = common::text(&p.page(&format!("en/sources/{source}/")));
        assert!(en.contains("Numbers with a unit in the document") && en.contains("Not yet entered 0"), "{source}: {en}");
        let zh = common::text(&p.page(&format!("zh/sources/{source}/")));
        assert!(zh.contains("本文带单位的数字") && zh.contains("尚未录入 0"), "{source}: {zh}");
    }
}

#[test]
fn each_year_offers_its_facts_as_csv_and_json_with_every_vintage() {
    let p = built();
    let csv = p.read("public/data/2020.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[..3], ["page", "kind", "indicator"]);
    let gdp: Vec<&str> = lines.filter(|l| l.starts_with("2020,figure,gdp,")).collect();
    assert!(gdp.iter().any(|l| l.contains(",773,,亿元,2020,estimate,2020-fyp13-review,")), "{gdp:?}");
    assert!(gdp.iter().any(|l| l.contains(",760.2,,亿元,2020,actual,2021-two-sessions,")), "{gdp:?}");
    let json: serde_json::Value = serde_json::from_str(&p.read("public/data/all.json")).unwrap();
    let site = nianbao::pipeline::Project::new(p.dir.path()).load_site().unwrap();
    assert_eq!(json.as_array().unwrap().len(), site.facts.len());
    assert!(attrs(&p.page("en/years/2020/"), "href").contains(&"/data/2020.csv".to_string()));
}

#[test]
fn qualified_figures_keep_their_bound_in_both_languages() {
    let p = built();
    // 总部经济板块入驻企业900多家 (2020); 总出让金近100亿元 (2020); 固定资产投资增长15%以上 (2023).
    for (page, zh_or_en) in [
        ("en/years/2020/", "more than 900"),
        ("zh/years/2020/", "超过900"),
        ("en/years/2020/", "nearly 10 billion yuan"),
        ("zh/years/2020/", "近100亿元"),
        ("en/years/2023/", "up 15% or more"),
        ("zh/years/2023/", "增长15%以上"),
    ] {
        assert!(text(&p.page(page)).contains(zh_or_en), "{page} lacks {zh_or_en}");
    }
    let csv = p.read("public/data/2020.csv");
    assert!(csv.lines().any(|l| l.contains(",900,more-than,家,")), "the download lacks the qualifier");
}
