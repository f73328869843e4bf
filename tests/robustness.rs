//! What a careless contributor or an attacker could do to a project, and what nianbao does
//! about it ("[2/7] Security and robustness"): nothing outside the project is published, no
//! input changes a value or the order of the pages silently, and an interrupted build leaves
//! nothing behind. (Input that must be refused with a message is pinned under
//! `tests/fixtures/invalid/`.)

mod common;

use std::path::Path;
use std::process::Command;

use common::{Project, copy_dir, text};

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_project_is_refused_and_nothing_is_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("environ"), "AWS_SECRET=NIANBAO-SECRET\n").unwrap();
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    p.remove("content/years/2020.en.md");
    std::os::unix::fs::symlink(outside.path().join("environ"), p.path("content/years/2020.en.md")).unwrap();
    for args in [&["build", "--output", "public"][..], &["check"][..]] {
        let r = p.run(args);
        assert!(!r.ok, "{args:?} accepted a link out of the project");
        assert!(r.stderr.contains("content/years/2020.en.md") && r.stderr.contains("outside the project folder"), "{}", r.stderr);
        assert!(r.stderr.contains(&outside.path().join("environ").display().to_string()), "the target is not named:\n{}", r.stderr);
        assert!(!r.stderr.contains("NIANBAO-SECRET") && !r.stdout.contains("NIANBAO-SECRET"));
    }
    assert_eq!(p.snapshot("public"), before);
}

#[cfg(unix)]
#[test]
fn links_inside_the_project_are_followed_in_content_and_theme_alike() {
    let p = Project::fixture("minimal");
    std::fs::create_dir_all(p.path("drafts")).unwrap();
    std::fs::rename(p.path("content/years/2020.en.md"), p.path("drafts/2020.en.md")).unwrap();
    std::os::unix::fs::symlink(p.path("drafts/2020.en.md"), p.path("content/years/2020.en.md")).unwrap();
    p.write("assets/extra.txt", "an asset kept outside the theme");
    std::os::unix::fs::symlink(p.path("assets/extra.txt"), p.path("themes/default/static/extra.txt")).unwrap();
    p.build();
    assert!(text(&p.page("en/years/2020/")).contains("Six Engines"));
    assert_eq!(p.read("public/extra.txt"), "an asset kept outside the theme");
    // The same link to outside the project: refused, not skipped in silence.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    std::fs::remove_file(p.path("themes/default/static/extra.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("passwd"), p.path("themes/default/static/extra.txt")).unwrap();
    let r = p.run(&["build", "--output", "public"]);
    assert!(!r.ok && r.stderr.contains("themes/default/static/extra.txt") && r.stderr.contains("outside the project folder"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn an_output_inside_linked_content_is_refused() {
    let p = Project::fixture("minimal");
    std::fs::create_dir_all(p.path("data")).unwrap();
    std::fs::rename(p.path("content"), p.path("data/real-content")).unwrap();
    std::os::unix::fs::symlink(p.path("data/real-content"), p.path("content")).unwrap();
    for out in ["content/years/x", "data/real-content/out", "data"] {
        let r = p.run(&["build", "--output", out]);
        assert!(!r.ok && r.stderr.contains("refusing to write the site"), "-o {out}:\n{}", r.stderr);
    }
    assert!(!p.path("data/real-content/years/x").exists() && !p.path("data/real-content/out").exists());
    p.build();
}

#[test]
fn a_relative_output_is_under_the_project() {
    let p = Project::fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    let r = nianbao().arg("--root").arg(p.dir.path()).args(["build", "--output", "site-out"]).current_dir(elsewhere.path()).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(p.path("site-out/index.html").exists());
    assert!(!elsewhere.path().join("site-out").exists());
    let said = String::from_utf8_lossy(&r.stdout);
    assert!(said.contains(&p.path("site-out").display().to_string()), "{said}");
}

#[test]
fn periods_read_in_time_order_and_the_latest_is_cited() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. The latest GDP: [[gdp]].");
    p.build();
    // The minimal site states GDP for H1 2019, 2020 and 2022: the latest is 2022's.
    assert!(text(&p.page("en/years/2020/")).contains("The latest GDP: 78.56 billion yuan"), "{}", text(&p.page("en/years/2020/")));
    let page = text(&p.page("en/indicators/gdp/"));
    // The table of every period, after its header.
    let table = &page[page.find("Difference").expect("the table")..];
    let at = |what: &str| table.find(what).unwrap_or_else(|| panic!("{what} not on the page: {table}"));
    assert!(at("H1 2019") < at("2020") && at("2020") < at("2022"), "{table}");
    let csv = p.read("public/data/all.csv");
    let periods: Vec<&str> = csv.lines().skip(1).filter(|l| l.contains(",gdp,")).map(|l| l.split(",").nth(8).unwrap()).collect();
    assert_eq!(periods, ["2019-H1", "2020", "2020", "2022"]);
}

#[test]
fn cr_only_line_endings_keep_the_front_matter() {
    let p = Project::fixture("minimal");
    let lf = p.read("content/years/2020.en.md");
    p.write("content/years/2020.en.md", &lf.replace('\n', "\r"));
    p.write("content/years/2020.zh.md", &p.read("content/years/2020.zh.md").replace('\n', "\r\n"));
    p.build();
    let page = p.page("en/years/2020/");
    assert!(page.contains("2020: the epidemic year"), "the front matter's title is lost");
    assert!(!text(&page).contains("title:"), "the front matter shows as text: {}", text(&page));
}

#[test]
fn citations_in_code_stay_as_written() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. Write `[[gdp 2020]]` to cite.\n\n```\n[[gdp 2031]]\n```\n\nActual: [[gdp 2020]].");
    p.build();
    let page = p.page("en/years/2020/");
    assert!(page.contains("<code>[[gdp 2020]]</code>"), "{page}");
    assert!(page.contains("[[gdp 2031]]"), "the fenced block lost its text");
    assert!(!page.contains('\u{E000}'), "an internal placeholder reached the page");
    assert!(text(&page).contains("Actual: 76.02 billion yuan"));
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_build_removes_its_temporary_folder() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    nianbao::synth::generate(&root, 200).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &root.join("themes"));
    let built = nianbao().arg("--root").arg(&root).args(["build", "--output", "public"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let marker = std::fs::read(root.join("public/.nianbao-output")).unwrap();
    let tmp_dirs = || std::fs::read_dir(&root).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(".public.nianbao-")).count();
    let mut child = nianbao().arg("--root").arg(&root).args(["build", "--output", "public"]).stderr(std::process::Stdio::piped()).spawn().unwrap();
    // Wait for the build to start writing, then stop it.
    let start = std::time::Instant::now();
    while tmp_dirs() == 0 && start.elapsed().as_secs() < 60 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    if child.try_wait().unwrap().is_some() {
        eprintln!("skipped: the build finished before it could be interrupted");
        return;
    }
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        eprintln!("skipped: the build finished before the signal arrived");
        return;
    }
    assert_eq!(out.status.code(), Some(143), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tmp_dirs(), 0, "the temporary folder stayed");
    assert_eq!(std::fs::read(root.join("public/.nianbao-output")).unwrap(), marker, "the previous output is gone");
    assert!(root.join("public/index.html").exists());
}

#[test]
fn glossary_terms_match_however_their_accents_are_typed() {
    let p = Project::fixture("minimal");
    let glossary = p.read("content/glossary.yaml");
    // The term composed (NFC: è is one character), the prose decomposed (NFD: e and a
    // combining grave accent), as some editors and PDF copies write it.
    p.write(
        "content/glossary.yaml",
        &format!("{glossary}- id: zhengzhou\n  term: {{zh: 郑州, en: Zh\u{e8}ngzh\u{14d}u}}\n  definition: {{zh: 省会。, en: The provincial capital.}}\n"),
    );
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. Zhe\u{300}ngzho\u{304}u is the capital.");
    p.build();
    let page = p.page("en/years/2020/");
    assert!(page.contains("glossary/#zhengzhou"), "the decomposed spelling was not linked:\n{}", text(&page));
}

#[test]
fn a_base_url_with_another_scheme_is_refused() {
    let p = Project::fixture("minimal");
    for url in ["javascript:alert(1)", "ftp://example.org/", "data:text/html,x"] {
        let r = p.run(&["build", "--base-url", url]);
        assert!(!r.ok && r.stderr.contains("is not a base URL"), "{url}: {}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn an_output_whose_folder_cannot_be_written_is_named_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::fixture("minimal");
    let locked = p.path("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anywhere: then a folder no one may write to, if the machine has one.
    let parent = if std::fs::create_dir(locked.join("probe")).is_err() {
        locked.clone()
    } else if std::fs::create_dir("/sys/nianbao-probe").is_err() {
        std::path::PathBuf::from("/sys")
    } else {
        eprintln!("skipped: every folder here is writable");
        return;
    };
    let out = parent.join("out");
    let r = p.run(&["build", "--output", &out.display().to_string()]);
    assert!(!r.ok, "{}", r.stdout);
    assert!(r.stderr.contains(&format!("cannot write the site into {}", out.display())), "{}", r.stderr);
    assert!(r.stderr.contains("= help: choose an output folder in a place you can write to"), "{}", r.stderr);
}

#[test]
fn a_file_beyond_the_yaml_node_budget_says_what_to_do() {
    let p = Project::fixture("minimal");
    // Twenty thousand well-formed facts of fifteen YAML values each: 300,000 values.
    let fact = "{indicator: gdp, value: 1, unit: 亿元, period: '2021', status: target, source: 2021-two-sessions, figure: x}";
    p.write("content/years/2021.yaml", &format!("year: 2021\nfacts: [{}]\n", vec![fact; 20_000].join(",")));
    let r = p.run(&["build"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("content/years/2021.yaml:2:") && r.stderr.contains("more YAML values than nianbao reads in one file"), "{}", r.stderr);
    assert!(!r.stderr.contains("budget breached") && !r.stderr.contains("Nodes {"), "{}", r.stderr);
}

#[test]
fn charts_draw_annual_figures_only() {
    let p = Project::fixture("minimal");
    p.build();
    // GDP: H1 2019 (32.33 billion yuan) is a half-year: in the table, not in the chart.
    let page = p.page("en/indicators/gdp/");
    let chart = &page[page.find("<svg").expect("a chart")..page.find("</svg>").unwrap()];
    assert!(!chart.contains("H1 2019") && chart.contains("2022"), "{chart}");
    assert!(text(&page).contains("H1 2019"), "the half-year left the table too");
}

#[test]
fn the_promises_page_lists_the_newest_years_in_full_and_links_the_older() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    nianbao::synth::generate(&root, 25).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &root.join("themes"));
    let built = nianbao().arg("--root").arg(&root).args(["build", "--output", "public", "--no-minify"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = std::fs::read_to_string(root.join("public/en/promises/index.html")).unwrap();
    // Twenty years in full (10005 to 10024); the first five as links to their pages.
    assert!(page.contains("id=\"y10024\"") && page.contains("id=\"y10005\"") && !page.contains("id=\"y10004\""));
    assert!(page.contains("id=\"older\"") && page.contains("/en/years/10004/"));
}

#[test]
fn derived_numbers_come_from_the_data_with_both_sources_linked() {
    let p = Project::fixture("minimal");
    p.edit(
        "content/years/2020.en.md",
        "finished 236.",
        "finished 236. GDP came in [[gdp 2020 actual - gdp 2020 estimate]] below the estimate; 2022's was [[gdp 2022 / gdp 2019-H1]] the first half of 2019.",
    );
    p.edit("content/years/2020.zh.md", "236个。", "236个。实际比预计少[[gdp 2020 actual - gdp 2020 estimate]]。");
    p.build();
    let en = p.page("en/years/2020/");
    assert!(text(&en).contains("GDP came in 1.28 billion yuan ( 2020 Actual − 2020 Estimate ) below the estimate"), "{}", text(&en));
    assert!(text(&en).contains("2022's was 2.43 times"), "{}", text(&en));
    let derived = &en[en.find("class=\"derived\"").unwrap()..];
    let derived = &derived[..derived.find("</span>").unwrap()];
    assert!(derived.contains("/sources/2021-two-sessions/") && derived.contains("/sources/2020-fyp13-review/"), "{derived}");
    assert!(text(&p.page("zh/years/2020/")).contains("12.8亿元"));
    // A difference of figures in different units is an error at its place.
    p.edit("content/years/2020.en.md", "[[gdp 2022 / gdp 2019-H1]]", "[[gdp 2022 - old-compounds-renovated 2020]]");
    let r = p.run(&["build"]);
    assert!(
        !r.ok && r.stderr.contains("content/years/2020.en.md:") && r.stderr.contains("the difference of a figure in 亿元 and one in 个 means nothing"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_editors_rating_quotes_its_source_and_check_finds_the_words() {
    let p = Project::fixture("minimal");
    let rated = "    figure: \"357个\"\n    rating:\n      status: partly-met\n      reason: {zh: 完成236个。, en: 236 were done.}\n      source: 2021-two-sessions\n      quote: \"QUOTE\"\n";
    let yaml = p.read("content/years/2020.yaml");
    p.write("content/years/2020.yaml", &yaml.replacen("    figure: \"357个\"\n", &rated.replace("QUOTE", "236个"), 1));
    let sources = p.path("sources").display().to_string();
    let r = p.run(&["check", "--sources", &sources]);
    assert!(r.ok, "{}", r.stderr);
    p.build();
    assert!(p.page("en/promises/").contains("<blockquote class=\"quote\""), "the quote is not shown");
    p.write("content/years/2020.yaml", &yaml.replacen("    figure: \"357个\"\n", &rated.replace("QUOTE", "237个"), 1));
    let r = p.run(&["check", "--sources", &sources]);
    assert!(!r.ok && r.stderr.contains("the rating's quote `237个` does not appear in source `2021-two-sessions`"), "{}", r.stderr);
}

#[test]
fn what_the_fuzzer_found_in_commentary_is_refused_or_kept_as_text() {
    let p = Project::fixture("minimal");
    let base = p.read("content/years/2020.en.md");
    // A heading's attributes would be raw HTML by another name.
    p.write("content/years/2020.en.md", &format!("{base}\n# Title {{onclick=alert(1)}}\n\n[x]: [[gdp 2020]]\n\nSee [x] and [y].\n\n[y]: /en/ \"[[gdp]]\"\n"));
    p.build();
    let page = p.page("en/years/2020/");
    assert!(!page.contains("onclick"), "a heading attribute reached the page");
    assert!(!page.contains('\u{E000}') && !page.contains("%EE%80%80"), "a placeholder reached the page");
    // Emphasis nested over short lines, and raw HTML nested, count as nesting.
    p.write("content/years/2020.en.md", &format!("{base}\n{}{}", "*a\n".repeat(40), "b*\n".repeat(40)));
    let r = p.run(&["build"]);
    assert!(!r.ok && r.stderr.contains("nests deeper than 32 levels"), "{}", r.stderr);
    p.write("content/years/2020.en.md", &format!("{base}\n<div>\n{}\n", "<div>".repeat(100)));
    let r = p.run(&["build"]);
    assert!(!r.ok && r.stderr.contains("nests deeper than 32 levels"), "{}", r.stderr);
}
