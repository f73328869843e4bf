//! Life areas ("What changed for me" / 民生变化): the facts grouped by the parts of residents'
//! lives, validated like boards, and the pages a resident reads on a phone.

mod common;

use common::{Project, attrs, text};

#[test]
fn the_life_pages_exist_in_both_languages_one_tap_from_home() {
    let p = Project::fixture("minimal");
    p.build();
    for (lang, overview, area) in [("en", "What changed for me", "Housing and old compounds"), ("zh", "民生变化", "住房与老旧小区")] {
        let home = p.page(&format!("{lang}/"));
        assert!(attrs(&home, "href").contains(&format!("/{lang}/life/")), "{lang}: the home page links the life overview");
        let life = p.page(&format!("{lang}/life/"));
        assert!(text(&life).contains(overview), "{}", text(&life));
        assert!(attrs(&life, "href").contains(&format!("/{lang}/life/housing/")));
        let housing = text(&p.page(&format!("{lang}/life/housing/")));
        assert!(housing.contains(area), "{housing}");
        // Each page links to its twin.
        let other = if lang == "en" { "zh" } else { "en" };
        assert!(attrs(&p.page(&format!("{lang}/life/housing/")), "href").contains(&format!("/{other}/life/housing/")));
    }
}

#[test]
fn an_area_page_shows_latest_figures_promises_years_and_what_is_not_reported() {
    let p = Project::fixture("minimal");
    p.build();
    let page = p.page("en/life/housing/");
    let t = text(&page);
    // Latest figure: the 2020 actual, with its year.
    assert!(t.contains("Latest figures") && t.contains("Old residential compounds renovated 236 Actual · 2020"), "{t}");
    // The promises of the area, rated.
    assert!(t.contains("What was promised, and what became of it") && t.contains("357"), "{t}");
    // Year by year: calendar years in time order; a target says it is one.
    let table = &page[page.find("<table class=\"comparisons life-years\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let head = text(&table[..table.find("</thead>").unwrap()]);
    assert_eq!(head, "Indicator 2019 2020");
    let row = text(&table[table.find("<tbody>").unwrap()..]);
    assert_eq!(row, "Old residential compounds renovated 158 Target 236");
    // What the sources do not say.
    assert!(t.contains("What the reports do not say The sources give no prices or rents."), "{t}");
    // The table as CSV: annual rows only, every vintage, in time order.
    let csv = p.read("public/data/life-housing.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].contains(",158,") && rows[1].contains(",357,") && rows[2].contains(",236,"), "{csv}");
    assert!(attrs(&page, "href").contains(&"/data/life-housing.csv".to_string()));
}

#[test]
fn a_year_page_has_a_plain_summary_in_both_languages() {
    let p = Project::fixture("minimal");
    p.build();
    let en = text(&p.page("en/years/2020/"));
    assert!(
        en.contains(
            "In brief The sources set 1 target for 2020. By the latest source: 1 partly met. They give 5 results and 1 estimate for 2020. \
             For residents, most of its facts concern housing and old compounds (2) (the number of facts in brackets)."
        ),
        "{en}"
    );
    let zh = text(&p.page("zh/years/2020/"));
    assert!(zh.contains("简要 资料为2020年定下的目标共1项。 按最新的资料：部分完成1项。"), "{zh}");
    assert!(zh.contains("涉及民生最多的方面：住房与老旧小区 (2)（括号内为条数）。"), "{zh}");
}

#[test]
fn an_unknown_area_is_an_error_at_its_place_and_an_empty_one_a_warning() {
    let p = Project::fixture("minimal");
    p.edit("content/indicators.yaml", "life: [housing]", "life: [housng]");
    let r = p.run(&["check"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("unknown life area `housng`") && r.stderr.contains("content/indicators.yaml:16:10"), "{}", r.stderr);
    assert!(r.stderr.contains("housing"), "the message suggests the known id: {}", r.stderr);
    // A milestone names areas too.
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.yaml", "    figure: \"全国步行街改造提升试点\"", "    figure: \"全国步行街改造提升试点\"\n    life: [shopping]");
    let r = p.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("unknown life area `shopping`") && r.stderr.contains("content/years/2020.yaml:46:"), "{}", r.stderr);
    // An area nothing names: a warning at its entry.
    let p = Project::fixture("minimal");
    let areas = p.read("content/life_areas.yaml");
    p.write(
        "content/life_areas.yaml",
        &format!("{areas}- id: health\n  name: {{zh: 医疗卫生, en: Health}}\n  summary: {{zh: 医疗。, en: Clinics.}}\n  unreported: {{zh: 无。, en: None.}}\n"),
    );
    let r = p.run(&["check"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("the life area `health` has no facts") && r.stderr.contains("content/life_areas.yaml:6:1"), "{}", r.stderr);
}

#[test]
fn without_life_areas_there_are_no_life_pages() {
    let p = Project::fixture("minimal");
    p.remove("content/life_areas.yaml");
    p.edit("content/indicators.yaml", "  life: [housing]\n", "");
    p.build();
    assert!(!p.path("public/en/life").exists());
    assert!(!attrs(&p.page("en/"), "href").iter().any(|h| h.contains("/life/")));
}
