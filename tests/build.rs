//! Builds fixture sites with the real binary and checks what a reader sees.

mod common;

use common::{Project, attrs, text, walk};

#[test]
fn year_pages_show_figures_in_each_language() {
    let p = Project::fixture("minimal");
    p.build();
    let zh = text(&p.page("zh/years/2022/"));
    let en = text(&p.page("en/years/2022/"));
    assert!(zh.contains("785.6亿元"), "{zh}");
    assert!(en.contains("78.56 billion yuan"), "{en}");
    assert!(!en.contains("785.6亿元"), "the English page must convert units: {en}");
}

#[test]
fn target_estimate_and_actual_stand_side_by_side_with_the_difference() {
    let p = Project::fixture("minimal");
    p.build();
    let zh = text(&p.page("zh/years/2020/"));
    // GDP: estimate 773, actual 760.2, difference -12.8.
    assert!(zh.contains("773亿元") && zh.contains("760.2亿元") && zh.contains("−12.8亿元"), "{zh}");
    // Old compounds: target 357, done 236, 121 short: partly met, 66% of the target.
    assert!(zh.contains("357个") && zh.contains("236个") && zh.contains("−121个") && zh.contains("部分完成") && zh.contains("66%"), "{zh}");
    let en = text(&p.page("en/years/2020/"));
    assert!(en.contains("77.3 billion yuan") && en.contains("76.02 billion yuan") && en.contains("−1.28 billion yuan"), "{en}");
}

#[test]
fn every_page_links_to_its_twin_and_back() {
    let p = Project::fixture("minimal");
    p.build();
    let public = p.path("public");
    let mut checked = 0;
    for file in walk(&public.join("zh")) {
        let rel = file.strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/");
        let twin_rel = rel.replacen("zh/", "en/", 1);
        let zh = std::fs::read_to_string(&file).unwrap();
        let en = std::fs::read_to_string(public.join(&twin_rel)).unwrap_or_else(|_| panic!("{rel} has no English twin"));
        let dir = |r: &str| format!("/{}", r.trim_end_matches("index.html"));
        assert!(attrs(&zh, "href").contains(&dir(&twin_rel)), "{rel} does not link to {twin_rel}");
        assert!(attrs(&en, "href").contains(&dir(&rel)), "{twin_rel} does not link back to {rel}");
        assert!(zh.contains("<html lang=\"zh-Hans\">") && en.contains("<html lang=\"en\">"), "{rel}: lang");
        if !zh.contains("http-equiv=\"refresh\"") {
            assert!(zh.contains("hreflang=\"en\"") && en.contains("hreflang=\"zh-Hans\""), "{rel}: hreflang alternates");
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} pages");
}

#[test]
fn a_former_board_name_leads_to_the_current_board() {
    let p = Project::fixture("minimal");
    p.build();
    for (lang, current) in [("zh", "华侨城文旅板块"), ("en", "OCT Culture & Tourism")] {
        let old = p.page(&format!("{lang}/boards/jinshui-river-source/"));
        let target = format!("/{lang}/boards/oct-culture-tourism/");
        assert!(old.contains(&format!("url={target}")), "{lang}: no refresh to {target}");
        assert!(attrs(&old, "href").contains(&target), "{lang}: no visible link to {target}");
        assert!(text(&old).contains(current), "{lang}: {}", text(&old));
        let board = text(&p.page(&target[1..]));
        assert!(board.contains("金水河源板块") && board.contains(current), "{lang}: {board}");
    }
    // The OCT board shows the fact tagged to it.
    assert!(text(&p.page("en/boards/oct-culture-tourism/")).contains("Henan Arts and Crafts Museum"));
}

#[test]
fn english_pages_show_no_chinese_ui_text() {
    let p = Project::fixture("minimal");
    p.build();
    let zh_ui = p.read("themes/default/i18n/zh.yaml");
    let strings: Vec<&str> = zh_ui.lines().filter_map(|l| l.split_once(": ").map(|(_, v)| v.trim())).filter(|v| !v.is_empty()).collect();
    assert!(strings.len() > 20);
    for file in walk(&p.path("public/en")) {
        let page = std::fs::read_to_string(&file).unwrap();
        for s in &strings {
            assert!(!page.contains(&format!(">{s}<")) && !page.contains(&format!("\"{s}\"")), "{} shows the Chinese UI string {s}", file.display());
        }
    }
}

#[test]
fn root_index_lets_the_reader_pick_a_language_without_javascript() {
    let p = Project::fixture("minimal");
    p.build();
    let index = p.page("");
    assert!(!index.contains("<script"));
    let links = attrs(&index, "href");
    assert!(links.contains(&"/zh/".to_string()) && links.contains(&"/en/".to_string()), "{links:?}");
}

#[test]
fn every_figure_links_to_its_source_page_at_the_fact() {
    let p = Project::fixture("minimal");
    p.build();
    let html = p.page("en/years/2020/");
    assert!(attrs(&html, "href").iter().any(|h| h.starts_with("/en/sources/2021-two-sessions/#f")));
    let source = p.page("en/sources/2021-two-sessions/");
    assert!(source.contains("id=\"f") && text(&source).contains("760.2亿元"));
}

#[test]
fn the_inferred_year_is_shown_with_its_reason() {
    let p = Project::fixture("minimal");
    p.build();
    let en = text(&p.page("en/years/2019/"));
    assert!(en.contains("year inferred") && en.contains("first-half GDP growth of 8%"), "{en}");
    let zh = text(&p.page("zh/years/2019/"));
    assert!(zh.contains("年份系推定"), "{zh}");
}

#[test]
fn commentary_links_glossary_terms_and_escapes_raw_html() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. <script>alert(1)</script>");
    p.build();
    let html = p.page("en/years/2020/");
    assert!(html.contains("href=\"/en/glossary/#six-engines\""), "term not linked");
    assert!(!html.contains("<script>alert"), "raw HTML reached the page");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn a_build_replaces_only_its_own_output() {
    let p = Project::fixture("minimal");
    p.write("public/keep.txt", "not nianbao's");
    let r = p.run(&["build", "--output", "public"]);
    assert!(!r.ok && r.stderr.contains("was not written by nianbao"), "{}", r.stderr);
    assert_eq!(p.read("public/keep.txt"), "not nianbao's");
    for out in ["content", ".", "themes"] {
        let r = p.run(&["build", "--output", out]);
        assert!(!r.ok && r.stderr.contains("refusing"), "{out}: {}", r.stderr);
    }
    assert!(p.path("content/site.yaml").exists() && p.path("themes/default/templates/base.html").exists());
}

#[test]
fn the_output_is_replaced_as_a_whole() {
    let p = Project::fixture("minimal");
    p.build();
    p.remove("content/years/2022.yaml");
    p.build();
    assert!(!p.path("public/zh/years/2022").exists(), "a removed year's page stays behind");
    assert!(p.path("public/zh/years/2020/index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(p.dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains("nianbao-")).collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}
