//! `nianbao check --sources DIR --coverage`: the numbers with a unit each source prints,
//! each cited by a fact, skipped (`content/skipped.yaml`) or unaccounted for.

mod common;

use common::Project;

/// The table's row for `source`: printed, cited, skipped, unaccounted.
fn row(stdout: &str, source: &str) -> [usize; 4] {
    let line = stdout.lines().find(|l| l.split_whitespace().next() == Some(source)).unwrap_or_else(|| panic!("no row for {source}:\n{stdout}"));
    let n: Vec<usize> = line.split_whitespace().skip(1).map(|w| w.parse().unwrap()).collect();
    [n[0], n[1], n[2], n[3]]
}

const SOURCES: [&str; 5] = ["2019-midyear-review", "2020-party-plenary", "2020-fyp13-review", "2021-two-sessions", "2023-two-sessions"];

#[test]
fn the_table_has_a_row_per_source_whose_counts_add_up() {
    let p = Project::fixture("minimal");
    let r = p.run(&["check", "--sources", "sources", "--coverage"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("printed  cited  skipped  unaccounted"), "{}", r.stdout);
    let mut total = [0; 4];
    for source in SOURCES {
        let [printed, cited, skipped, unaccounted] = row(&r.stdout, source);
        assert_eq!(printed, cited + skipped + unaccounted, "{source}:\n{}", r.stdout);
        assert!(printed > 0, "{source} prints figures:\n{}", r.stdout);
        total = [total[0] + printed, total[1] + cited, total[2] + skipped, total[3] + unaccounted];
    }
    assert_eq!(row(&r.stdout, "total"), total, "{}", r.stdout);
    // The fixture cites all but one figure, listed under its source's row.
    assert_eq!(row(&r.stdout, "2020-party-plenary"), [2, 1, 0, 1], "{}", r.stdout);
    assert!(r.stdout.contains("    - 商圈36个重大项目\n"), "{}", r.stdout);
}

#[test]
fn a_skip_entry_moves_a_figure_from_unaccounted_to_skipped() {
    let p = Project::fixture("minimal");
    // A shorter figure, contained in the candidate's, names it too.
    p.write(
        "content/skipped.yaml",
        "- source: 2020-party-plenary\n  figure: \"36个重大项目\"\n  why: {zh: 项目清单，不是结果。, en: \"A list of projects, not an outcome.\"}\n",
    );
    let r = p.run(&["check", "--sources", "sources", "--coverage"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(row(&r.stdout, "2020-party-plenary"), [2, 1, 1, 0], "{}", r.stdout);
    assert!(!r.stdout.contains("商圈36个重大项目"), "{}", r.stdout);
}

#[test]
fn strict_fails_while_a_figure_is_unaccounted_for() {
    let p = Project::fixture("minimal");
    // The fixture's one warning (a target without outcome) would fail --strict on its own.
    let plain = p.run(&["check", "--sources", "sources", "--strict"]);
    let r = p.run(&["check", "--sources", "sources", "--coverage", "--strict"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("sources/2020-party-plenary.txt") && r.stderr.contains("商圈36个重大项目"), "{}", r.stderr);
    assert!(!plain.stderr.contains("商圈36个重大项目"), "{}", plain.stderr);
}

#[test]
fn without_coverage_check_prints_no_table() {
    let p = Project::fixture("minimal");
    let r = p.run(&["check", "--sources", "sources"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(!r.stdout.contains("unaccounted"), "{}", r.stdout);
}

#[test]
fn a_skip_entry_of_an_unknown_source_is_an_error_at_its_line() {
    let p = Project::fixture("minimal");
    p.write(
        "content/skipped.yaml",
        "- source: 2020-party-plenary\n  figure: \"36个重大项目\"\n  why: {zh: 清单, en: a list}\n- source: 2020-party-plenery\n  figure: \"36个\"\n  why: {zh: 清单, en: a list}\n",
    );
    let r = p.run(&["check", "--sources", "sources", "--coverage"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("content/skipped.yaml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown source `2020-party-plenery`") && r.stderr.contains("2020-party-plenary"), "{}", r.stderr);
}

#[test]
fn a_skipped_figure_missing_from_its_source_is_a_warning() {
    let p = Project::fixture("minimal");
    p.write("content/skipped.yaml", "- source: 2020-party-plenary\n  figure: \"37个重大项目\"\n  why: {zh: 清单, en: a list}\n");
    let r = p.run(&["check", "--sources", "sources", "--coverage"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("content/skipped.yaml:2:") && r.stderr.contains("does not appear in source `2020-party-plenary`"), "{}", r.stderr);
    assert_eq!(row(&r.stdout, "2020-party-plenary")[3], 1, "{}", r.stdout);
}

#[test]
fn coverage_without_sources_fails_with_a_help_line() {
    let p = Project::fixture("minimal");
    // The project's own sources/ is read when no folder is named.
    let r = p.run(&["check", "--coverage"]);
    assert!(r.ok && r.stdout.contains("printed  cited  skipped  unaccounted"), "{}", r.stderr);
    std::fs::remove_dir_all(p.path("sources")).unwrap();
    let r = p.run(&["check", "--coverage"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("needs the source texts")
            && r.stderr.contains("= help: keep them in the project's sources/ as <source id>.txt, or name their folder"),
        "{}",
        r.stderr
    );
}

/// With the texts in the project's `sources/`, each source's page shows the same numbers as
/// `check --coverage`, in the page's language, with the skipped figures and their reasons.
#[test]
fn the_source_page_shows_its_coverage() {
    let p = Project::fixture("minimal");
    p.write(
        "content/skipped.yaml",
        "- source: 2020-party-plenary\n  figure: \"36个重大项目\"\n  why: {zh: 项目清单，不是结果。, en: \"A list of projects, not an outcome.\"}\n",
    );
    p.build();
    let en = common::text(&p.page("en/sources/2020-party-plenary/"));
    assert!(en.contains("Numbers with a unit in the document 2 In the digest, as figures 1 Left out on purpose 1 Not yet entered 0"), "{en}");
    assert!(en.contains("商圈36个重大项目 : A list of projects, not an outcome."), "{en}");
    let zh = common::text(&p.page("zh/sources/2020-party-plenary/"));
    assert!(zh.contains("本文带单位的数字 2 已作为数字收录 1 有意未收 1 尚未录入 0") && zh.contains("项目清单，不是结果。"), "{zh}");
    // Without the texts, the pages say nothing of coverage rather than a wrong zero.
    std::fs::remove_dir_all(p.path("sources")).unwrap();
    p.build();
    assert!(!p.page("en/sources/2020-party-plenary/").contains("coverage"));
}

/// A skip entry naming no source stops the build too, at its line.
#[test]
fn a_build_refuses_a_skip_entry_of_an_unknown_source() {
    let p = Project::fixture("minimal");
    p.write("content/skipped.yaml", "- source: 2020-party-plenery\n  figure: \"36个\"\n  why: {zh: 清单, en: a list}\n");
    let r = p.run(&["build", "--output", "public"]);
    assert!(!r.ok && r.stderr.contains("content/skipped.yaml:1:") && r.stderr.contains("unknown source"), "{}", r.stderr);
}
