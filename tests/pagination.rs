//! Long lists continue over several pages: a board's, topic's, source's or indicator's page
//! shows `page_size` items (site.yaml, default 200), the first part at the list's own URL, the
//! rest at `page/2/`, `page/3/`, ..., linked with rel=prev/next and page numbers; a fact's
//! links lead to the part of its source's page that lists it (the build's link check follows
//! every `#fragment`).

mod common;

use std::path::Path;

use common::{Project, attrs, copy_dir};

/// A synthetic site of `years` years with the default theme and `page_size` items per page.
fn synthetic(years: usize, page_size: u32) -> Project {
    let p = Project::fixture("minimal");
    let root = p.path("synthetic");
    nianbao::synth::generate(&root, years).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &root.join("themes"));
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    std::fs::write(root.join("content/site.yaml"), format!("{site}page_size: {page_size}\n")).unwrap();
    p
}

/// Runs nianbao on the synthetic site; `(ok, stderr)`.
fn run(p: &Project, args: &[&str]) -> (bool, String) {
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("--root").arg(p.path("synthetic")).args(args).current_dir(p.path("")).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn a_long_list_continues_on_numbered_pages_linked_both_ways() {
    let p = synthetic(12, 10);
    let (ok, stderr) = run(&p, &["build", "--output", "out", "--no-minify"]);
    assert!(ok, "{stderr}");
    let out = p.path("synthetic/out");
    let sources: Vec<_> = std::fs::read_dir(out.join("en/sources")).unwrap().map(|e| e.unwrap().path()).collect();
    let long = sources.iter().find(|s| s.join("page/2/index.html").exists()).expect("some source lists more than 10 facts");
    let first = std::fs::read_to_string(long.join("index.html")).unwrap();
    let second = std::fs::read_to_string(long.join("page/2/index.html")).unwrap();
    // Ten facts a page.
    assert_eq!(first.matches("<li id=\"f").count(), 10);
    assert!(second.matches("<li id=\"f").count() >= 1);
    // rel=prev/next in the head and in the pager; page numbers; the current one marked.
    let id = long.file_name().unwrap().to_string_lossy().to_string();
    assert!(first.contains(&format!("<link rel=\"next\" href=\"/en/sources/{id}/page/2/\">")), "{first}");
    assert!(second.contains(&format!("<link rel=\"prev\" href=\"/en/sources/{id}/\">")));
    assert!(second.contains("<span class=\"page-number\" aria-current=\"page\">2</span>"));
    assert!(attrs(&first, "href").contains(&format!("/en/sources/{id}/page/2/")));
    // Each part's title is its own.
    let title = |html: &str| html[html.find("<title>").unwrap()..html.find("</title>").unwrap()].to_string();
    assert!(title(&second).contains("(page 2 of ") && !title(&first).contains("(page"), "{}", title(&second));
    let zh = std::fs::read_to_string(out.join(format!("zh/sources/{id}/page/2/index.html"))).unwrap();
    assert!(zh.contains("（第2页，共"), "the Chinese twin says which part it is too");
    // The facts of the second part are linked to there, from their year pages.
    let anchor = second.split("<li id=\"").nth(1).unwrap().split('"').next().unwrap();
    let linked = std::fs::read_dir(out.join("en/years")).unwrap().any(|y| {
        let html = std::fs::read_to_string(y.unwrap().path().join("index.html")).unwrap();
        attrs(&html, "href").contains(&format!("/en/sources/{id}/page/2/#{anchor}"))
    });
    assert!(linked, "no year page links fact {anchor} on the second part");
}

#[test]
fn a_short_list_has_no_pager() {
    let p = Project::fixture("minimal");
    p.build();
    let board = p.page("en/boards/oct-culture-tourism/");
    assert!(!board.contains("class=\"pager parts\"") && !board.contains("rel=\"next\""));
    assert!(!p.path("public/en/boards/oct-culture-tourism/page").exists());
}

#[test]
fn a_page_size_below_ten_is_refused_at_its_line() {
    let p = synthetic(2, 3);
    let (ok, stderr) = run(&p, &["build", "--output", "out"]);
    assert!(!ok);
    assert!(stderr.contains("a page size of 3 is too small to read") && stderr.contains("content/site.yaml:"), "{stderr}");
}
