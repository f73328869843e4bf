//! `nianbao check --sources`: every figure must stand in the source text it cites.

mod common;

use common::Project;

#[test]
fn figures_that_match_their_sources_pass() {
    let p = Project::fixture("minimal");
    let r = p.run(&["check", "--sources", "sources"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("facts checked"), "{}", r.stdout);
}

#[test]
fn an_altered_value_is_reported_at_its_fact() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 758.6");
    let r = p.run(&["check", "--sources", "sources"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("content/years/2022.yaml:3:1"), "{}", r.stderr);
    assert!(r.stderr.contains("the value 758.6 亿元 does not agree with the figure `785.6亿元`"), "{}", r.stderr);
}

#[test]
fn a_figure_missing_from_its_source_is_reported() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2022.yaml", "figure: \"785.6亿元\"", "figure: \"786.6亿元\"");
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 786.6");
    let r = p.run(&["check", "--sources", "sources"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("content/years/2022.yaml:3:1") && r.stderr.contains("does not appear in source `2023-two-sessions`"), "{}", r.stderr);
}

#[test]
fn a_missing_source_text_is_named() {
    let p = Project::fixture("minimal");
    p.remove("sources/2023-two-sessions.txt");
    let r = p.run(&["check", "--sources", "sources"]);
    assert!(!r.ok && r.stderr.contains("2023-two-sessions.txt"), "{}", r.stderr);
}

/// A summary cites as the body does: the card and the page description show the figure in the
/// page's language; a number typed by hand there is a warning at its line and column, and a
/// literal (`[[= ...]]`) shows as written, unchecked.
#[test]
fn summaries_cite_and_literals_show_as_written() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.en.md", "GDP came in at 76.02 billion yuan,", "GDP came in at [[gdp 2020 actual]],");
    p.edit("content/years/2020.en.md", "It planned to renovate 357", "Projects over [[= 100 million yuan]] aside, it planned to renovate 357");
    let r = p.run(&["check"]);
    assert!(r.ok && !r.stderr.contains("typed by hand"), "{}", r.stderr);
    p.edit("content/years/2020.en.md", "below the", "or 999 billion yuan, below the");
    let r = p.run(&["check"]);
    assert!(r.stderr.contains("`999 billion yuan` is typed by hand") && r.stderr.contains("content/years/2020.en.md:3:"), "{}", r.stderr);
    p.edit("content/years/2020.en.md", "or 999 billion yuan, below the", "below the");
    p.build();
    let home = p.page("en/");
    assert!(home.contains("GDP came in at 76.02 billion yuan,"), "the card shows the cited figure");
    let year = p.page("en/years/2020/");
    assert!(year.contains("content=\"GDP came in at 76.02 billion yuan,"), "the description shows the cited figure");
    assert!(common::text(&year).contains("Projects over 100 million yuan aside"), "{}", common::text(&year));
    assert!(!year.contains("[[="), "no literal marker is left");
}

/// Where a glossary term's Chinese stands in a zh commentary, the English twin must use the
/// glossary's English form: a warning naming both files.
#[test]
fn a_glossary_term_reads_the_same_in_the_english_twin() {
    let p = Project::fixture("minimal");
    let r = p.run(&["check"]);
    assert!(r.ok && !r.stderr.contains("glossary's English"), "{}", r.stderr);
    p.edit("content/years/2020.en.md", "Six Engines", "six 'engines'");
    let r = p.run(&["check"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("the Chinese twin says 六个动力源 but this text never says \"Six Engines\""), "{}", r.stderr);
    assert!(r.stderr.contains("--> content/years/2020.en.md") && r.stderr.contains("content/years/2020.zh.md uses 六个动力源"), "{}", r.stderr);
}
