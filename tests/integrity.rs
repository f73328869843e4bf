//! Data integrity beyond validation: contradictions, acknowledgements, citations in
//! commentary, numbers typed by hand, translation parity.

mod common;

use common::{Project, attrs, text};

const SECOND_ACTUAL: &str = "  - indicator: gdp
    value: 761
    unit: 亿元
    period: \"2020\"
    status: actual
    source: 2020-fyp13-review
    figure: \"761亿元\"
";

#[test]
fn two_different_actuals_are_a_contradiction_naming_both_places() {
    let p = Project::fixture("minimal");
    let yaml = p.read("content/years/2020.yaml");
    p.write("content/years/2020.yaml", &format!("{yaml}{SECOND_ACTUAL}"));
    let r = p.run(&["check"]);
    assert!(!r.ok, "{}", r.stdout);
    assert!(r.stderr.contains("is stated as 760.2 and as 761: two different actuals (the other at content/years/2020.yaml:10)"), "{}", r.stderr);
    assert!(r.stderr.contains("--> content/years/2020.yaml:55:1"), "{}", r.stderr);
}

#[test]
fn an_acknowledged_contradiction_passes_and_is_shown() {
    let p = Project::fixture("minimal");
    let yaml = p.read("content/years/2020.yaml");
    let ack = format!("{SECOND_ACTUAL}    acknowledged: {{zh: 两份报告的实际数不同。, en: The two reports give different actuals.}}\n");
    p.write("content/years/2020.yaml", &format!("{yaml}{ack}"));
    // The invented second actual is in no source text: check without them (`check` reads the
    // project's sources/ by default).
    std::fs::remove_dir_all(p.path("sources")).unwrap();
    let r = p.run(&["check"]);
    assert!(r.ok, "{}", r.stderr);
    p.build();
    assert!(p.page("en/indicators/gdp/").contains("The two reports give different actuals."));
    assert!(text(&p.page("en/years/2020/")).contains("Sources disagree"));
}

#[test]
fn a_growth_rate_is_checked_against_the_levels() {
    let p = Project::fixture("minimal");
    p.edit("content/indicators.yaml", "  kind: growth\n", "  kind: growth\n  growth_of: gdp\n");
    p.write(
        "content/years/2021.yaml",
        "year: 2021\nfacts:\n  - indicator: gdp\n    value: 800\n    unit: 亿元\n    period: \"2021\"\n    status: actual\n    source: 2023-two-sessions\n    figure: \"800亿元\"\n  - indicator: gdp-growth\n    value: 9\n    unit: \"%\"\n    period: \"2021\"\n    status: actual\n    source: 2023-two-sessions\n    figure: \"增长9%\"\n",
    );
    let r = p.run(&["check"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains(
            "`gdp-growth` for 2021 is stated as 9%, but the levels of `gdp` (760.2 at content/years/2020.yaml:10, 800 at content/years/2021.yaml:3) give 5.2%"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--> content/years/2021.yaml:10:1"), "{}", r.stderr);
}

#[test]
fn a_half_year_above_its_year_is_reported() {
    let p = Project::fixture("minimal");
    p.write("content/years/2019.yaml", &format!("{}  - indicator: gdp\n    value: 300\n    unit: 亿元\n    period: \"2019\"\n    status: actual\n    source: 2019-midyear-review\n    figure: \"300亿元\"\n", p.read("content/years/2019.yaml")));
    let r = p.run(&["check"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("`gdp`: 2019-H1 (323.3) is larger than the whole year 2019 (300, at content/years/2019.yaml:24)"), "{}", r.stderr);
}

#[test]
fn commentary_cites_facts_in_the_page_language() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.zh.md", "实际完成236个。", "实际完成236个。GDP为[[gdp 2020]]，预计数为[[gdp 2020 estimate]]。");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. GDP came to [[gdp 2020]].");
    p.build();
    let zh = p.page("zh/years/2020/");
    assert!(text(&zh).contains("GDP为 760.2亿元 ，预计数为 773亿元"), "{}", text(&zh));
    let en = p.page("en/years/2020/");
    assert!(text(&en).contains("GDP came to 76.02 billion yuan"), "{}", text(&en));
    assert!(attrs(&en, "href").iter().any(|h| h.starts_with("/en/sources/2021-two-sessions/#f")));
}

#[test]
fn a_citation_of_no_fact_is_an_error_at_its_place() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. GDP: [[gdp 2031]].");
    let r = p.run(&["build"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("no fact of `gdp` for 2031") && r.stderr.contains("content/years/2020.en.md:5:"), "{}", r.stderr);
}

#[test]
fn a_number_typed_by_hand_that_matches_no_figure_is_flagged() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.zh.md", "实际完成236个。", "实际完成236个，投资999亿元。");
    let r = p.run(&["check"]);
    assert!(r.ok, "warnings do not fail check: {}", r.stderr);
    assert!(
        r.stderr.contains("warning: `999亿元` is typed by hand and matches no figure of this page") && r.stderr.contains("content/years/2020.zh.md:5:"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("`236个`"), "236个 is a figure of the page: {}", r.stderr);
    let strict = p.run(&["check", "--strict"]);
    assert!(!strict.ok && strict.stderr.contains("error: `999亿元`"), "{}", strict.stderr);
}

#[test]
fn a_missing_translation_falls_back_visibly_when_allowed_and_is_reported() {
    let p = Project::fixture("minimal");
    p.remove("content/years/2020.en.md");
    assert!(!p.run(&["build"]).ok, "without fallback, a missing twin fails");
    p.edit("content/site.yaml", "theme: default", "theme: default\ntranslation_fallback: true");
    p.build();
    let en = p.page("en/years/2020/");
    assert!(text(&en).contains("has not been translated into English yet") && en.contains("lang=\"zh-Hans\""), "{}", text(&en));
    let r = p.run(&["check"]);
    assert!(r.ok && r.stderr.contains("missing translation: no en commentary for year `2020`"), "{}", r.stderr);
}

#[test]
fn english_texts_identical_to_the_chinese_are_reported() {
    let p = Project::fixture("minimal");
    p.edit("content/indicators.yaml", "name: {zh: 老旧小区改造, en: Old residential compounds renovated}", "name: {zh: 老旧小区改造, en: 老旧小区改造}");
    let r = p.run(&["check"]);
    assert!(
        r.stderr.contains("the English name of indicator `old-compounds-renovated` is the Chinese text") && r.stderr.contains("content/indicators.yaml:13:"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_contradiction_stops_the_build_too_and_leaves_the_output() {
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    let yaml = p.read("content/years/2020.yaml");
    p.write("content/years/2020.yaml", &format!("{yaml}{SECOND_ACTUAL}"));
    let r = p.run(&["build", "--output", "public"]);
    assert!(!r.ok && r.stderr.contains("two different actuals"), "{}", r.stderr);
    assert_eq!(p.snapshot("public"), before);
}
