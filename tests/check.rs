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
