//! `nianbao serve`: the real binary on a fixture project, on a free loopback port, driven over
//! HTTP and the live-reload websocket the way a browser would.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use common::server::{CHANGE_SHOWS_WITHIN, Response, Server, eventually, spawn};
use common::{Project, text};

/// Waits until `path` serves a page whose text satisfies `ok`.
fn page_shows(server: &Server, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
    eventually(CHANGE_SHOWS_WITHIN, what, || server.try_get(path).filter(|r| ok(r)))
}

#[test]
fn serves_pages_and_reloads_them_after_an_edit() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let page = server.get("/zh/years/2022/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("785.6亿元"), "{}", page.body);
    assert!(page.body.contains("/__nianbao/livereload"), "the live-reload script is injected");
    let script = page.body.find("/__nianbao/livereload").unwrap();
    assert!(page.body[script..].contains("</body>"), "the script stands before </body>");
    // The line is read from the child's output by another thread: it may come a moment late.
    let serving = format!("serving the site at http://127.0.0.1:{}/", server.port);
    eventually(CHANGE_SHOWS_WITHIN, "the serving line", || Some(server.stdout()).filter(|o| o.contains(&serving)));
    assert_eq!(server.get("/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!server.get("/style.css").body.contains("__nianbao"), "only HTML gets the script");

    let mut socket = server.socket();
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 786.6");
    let reload = socket.expect("reload");
    assert_eq!(reload["changed"][0], "content/years/2022.yaml", "{reload}");
    let shown = text(&server.get("/zh/years/2022/").body);
    assert!(shown.contains("786.6亿元") && !shown.contains("785.6亿元"), "{shown}");
    let out = eventually(CHANGE_SHOWS_WITHIN, "the rebuild line", || Some(server.stdout()).filter(|o| o.contains("rebuilt in")));
    assert!(out.contains(" ms: edited content/years/2022.yaml"), "{out}");
}

#[test]
fn links_point_at_the_local_server_whatever_site_yaml_says() {
    let p = Project::fixture("minimal");
    p.edit("content/site.yaml", "base_url: /", "base_url: https://example.org/erqi/");
    let server = Server::start(&p);
    let page = server.get("/en/years/2022/");
    assert!(page.body.contains(&format!("http://127.0.0.1:{}/en/years/2022/", server.port)), "canonical URL");
    assert!(page.body.contains("href=\"/zh/years/2022/\""), "twin link");
    assert!(!page.body.contains("example.org") && !page.body.contains("/erqi/"), "{}", page.body);
}

#[test]
fn a_broken_change_keeps_the_last_good_pages_and_shows_the_error_until_fixed() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let good = p.read("content/years/2022.yaml");

    // A YAML syntax error: an unclosed quote.
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 999.9\n    note: \"unclosed");
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert_eq!(first["path"], "content/years/2022.yaml", "{errors}");
    assert!(first["line"].as_u64().unwrap() > 0 && first["column"].as_u64().unwrap() > 0, "{errors}");
    let location = first["location"].as_str().unwrap().to_string();
    let status = server.status();
    assert_eq!(status["ok"], false);
    assert_eq!(status["errors"][0]["location"], location.as_str());
    let page = server.get("/zh/years/2022/");
    assert_eq!(page.status, 200);
    assert!(text(&page.body).contains("785.6亿元") && !page.body.contains("999.9"), "the last good page is still served");
    let stderr = eventually(CHANGE_SHOWS_WITHIN, "the error on stderr", || Some(server.stderr()).filter(|e| e.contains(&location)));
    assert!(stderr.contains("still serving the last good build"), "{stderr}");

    // Valid YAML, but a board the site does not have: reported with its hint.
    p.write("content/years/2022.yaml", &good.replacen("status: actual", "status: actual\n    boards: [jinshui-river]", 1));
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["message"].as_str().unwrap().contains("unknown board `jinshui-river`"), "{errors}");
    assert!(first["hint"].as_str().is_some(), "{errors}");
    assert!(first["text"].as_str().unwrap().contains("content/years/2022.yaml:"), "{errors}");

    // Fixed: the overlay goes (a reload) and the status is good again.
    p.write("content/years/2022.yaml", &good.replace("value: 785.6", "value: 786.6"));
    socket.expect("reload");
    assert_eq!(server.status()["ok"], true);
    assert_eq!(server.status()["errors"].as_array().unwrap().len(), 0);
    assert!(text(&server.get("/zh/years/2022/").body).contains("786.6亿元"));
}

#[test]
fn a_template_error_points_into_the_theme() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    p.edit("themes/default/templates/year.html", "{{", "{{ nope(");
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["path"].as_str().unwrap().ends_with("themes/default/templates/year.html"), "{errors}");
    assert!(server.get("/zh/years/2022/").body.contains("785.6亿元"), "the last good page is still served");
}

#[test]
fn a_new_year_file_makes_a_page_and_deleting_it_removes_the_page() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    assert_eq!(server.get("/zh/years/2024/").status, 404);
    p.write(
        "content/years/2024.yaml",
        "year: 2024\nfacts:\n  - indicator: gdp\n    value: 812.3\n    unit: 亿元\n    period: \"2024\"\n    status: target\n    source: 2023-two-sessions\n    figure: \"812.3亿元\"\n",
    );
    let page = page_shows(&server, "/zh/years/2024/", "the new year page", |r| r.status == 200);
    assert!(page.body.contains("812.3亿元"), "{}", page.body);
    assert!(server.get("/en/").body.contains("/en/years/2024/"), "the new year is linked");
    p.remove("content/years/2024.yaml");
    page_shows(&server, "/zh/years/2024/", "the year page to go", |r| r.status == 404);
    assert!(!server.get("/en/").body.contains("/en/years/2024/"));
}

#[test]
fn only_files_of_the_output_are_served() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let not_found = server.get("/no/such/page/");
    assert_eq!(not_found.status, 404);
    let site_404 = p.read("themes/default/templates/404.html");
    assert!(site_404.contains("not_found_text") && not_found.body.contains("<meta name=\"robots\" content=\"noindex\">"), "the site's 404 page");
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/zh/..%2f..%2fcontent/site.yaml",
        "/zh/%2e%2e/%2e%2e/content/site.yaml",
        "/zh%5c..%5c..%5ccontent%5csite.yaml",
        "/content/site.yaml",
        "/themes/default/templates/year.html",
        "/zh\\..\\..\\content\\site.yaml",
        "//etc/passwd",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("base_url") && !r.body.contains("root:"), "{path}: {}", r.body);
    }

    let folder = server.get("/zh/years/2020?x=1");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/zh/years/2020/?x=1"));
    assert_eq!(server.get("/").header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(server.get("/__nianbao/status").header("content-type"), Some("application/json"));
}

#[test]
fn the_built_site_has_no_live_reload_script() {
    let p = Project::fixture("minimal");
    p.build();
    for file in common::walk(&p.path("public")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("__nianbao"), "{}", file.display());
    }
}

#[test]
fn a_taken_port_is_reported_with_the_address_tried() {
    let p = Project::fixture("minimal");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = spawn(&p, port);
    let status = eventually(Duration::from_secs(10), "serve to give up", || child.try_wait().unwrap());
    let _ = child.kill();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains(&format!("cannot serve on http://127.0.0.1:{port}/")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let p = Project::fixture("minimal");
    let mut server = Server::start(&p);
    let _socket = server.socket();
    let before = common::walk(p.dir.path());
    let killed = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = eventually(Duration::from_secs(5), "serve to stop", || server.child.try_wait().unwrap());
    assert!(status.success(), "{status}\n{}", server.stderr());
    eventually(Duration::from_secs(2), "the last line", || Some(server.stdout()).filter(|o| o.contains("stopped")));
    assert_eq!(common::walk(p.dir.path()), before, "serve writes nothing into the project");
}

#[test]
fn an_editors_save_dance_is_one_rebuild() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let file = p.path("content/years/2022.yaml");
    let new_text = p.read("content/years/2022.yaml").replace("value: 785.6", "value: 786.6");

    // Write a temporary file, rename it over the original (many editors, atomic saves).
    let tmp = p.path("content/years/.2022.yaml.tmp");
    std::fs::write(&tmp, &new_text).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let reload = socket.expect("reload");
    assert_eq!(reload["changed"], serde_json::json!(["content/years/2022.yaml"]), "{reload}");

    // Move the original to a backup, write the file anew, drop the backup (vim's default).
    let backup = p.path("content/years/2022.yaml~");
    std::fs::rename(&file, &backup).unwrap();
    std::fs::write(&file, new_text.replace("value: 786.6", "value: 787.6")).unwrap();
    std::fs::remove_file(&backup).unwrap();
    let reload = socket.expect("reload");
    assert_eq!(reload["changed"], serde_json::json!(["content/years/2022.yaml"]), "{reload}");

    assert!(socket.next(Duration::from_millis(400)).is_none(), "one save, one rebuild");
    assert!(text(&server.get("/zh/years/2022/").body).contains("787.6亿元"));
    let out = eventually(CHANGE_SHOWS_WITHIN, "two rebuild lines", || Some(server.stdout()).filter(|o| o.matches("rebuilt in").count() >= 2));
    assert_eq!(out.matches("rebuilt in").count(), 2, "{out}");
    // The second save reads as `added`: notify folds the rename into the backup's removal.
    assert_eq!(out.matches(" content/years/2022.yaml").count(), 2, "{out}");
}

#[test]
fn an_edit_re_renders_only_the_pages_that_show_it() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    // The business-district board lists the 36 projects of 2020; the 2022 page does not.
    p.edit("content/years/2020.yaml", "value: 36\n", "value: 37\n");
    socket.expect("reload");
    let out = eventually(CHANGE_SHOWS_WITHIN, "the rebuild line", || Some(server.stdout()).filter(|o| o.contains("pages re-rendered")));
    assert!(out.contains("edited content/years/2020.yaml ("), "{out}");
    for page in ["/zh/years/2020/", "/zh/boards/business-district/", "/en/indicators/board-major-projects/", "/zh/sources/2021-two-sessions/"] {
        assert!(text(&server.get(page).body).contains("37"), "{page} still shows the old value");
    }
    assert!(server.get("/data/2020.csv").body.contains(",37,,个,"), "the year's download follows");
    // The whole data set is rendered on request, each format alone.
    assert!(server.get("/data/all.csv").body.contains(",37,,个,"), "the whole site's CSV follows");
    assert!(server.get("/data/all.json").body.contains("\"value\": 37.0"), "the whole site's JSON follows");
    // A new fact changes every fact's number: the whole site is rendered again.
    let yaml = p.read("content/years/2022.yaml");
    p.write(
        "content/years/2022.yaml",
        &format!("{yaml}  - milestone: {{zh: 新的大事, en: A new milestone}}\n    period: \"2022\"\n    status: actual\n    source: 2023-two-sessions\n"),
    );
    socket.expect("reload");
    assert!(text(&server.get("/en/years/2022/").body).contains("A new milestone"));
}

#[test]
fn after_incremental_rebuilds_every_page_equals_a_full_build() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    p.edit("content/years/2020.yaml", "value: 357\n", "value: 358\n");
    socket.expect("reload");
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236, as planned.");
    socket.expect("reload");
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 785.7");
    socket.expect("reload");
    let out = eventually(CHANGE_SHOWS_WITHIN, "three rebuild lines", || Some(server.stdout()).filter(|o| o.matches("rebuilt in").count() >= 3));
    assert_eq!(out.matches("pages re-rendered").count(), 3, "three incremental rebuilds expected:\n{out}");

    assert_serves_a_full_build(&p, &server);
}

/// Builds `p` in full (into `full/`, unminified, with links to the server) and checks that
/// every page, download and the search index the build writes is what `server` serves, the
/// files it renders when asked for among them.
fn assert_serves_a_full_build(p: &Project, server: &Server) {
    let base = format!("http://127.0.0.1:{}/", server.port);
    let r = p.run(&["build", "--output", "full", "--base-url", &base, "--no-minify"]);
    assert!(r.ok, "{}", r.stderr);
    let full = p.path("full");
    let mut compared = 0;
    for file in common::walk(&full) {
        let rel = file.strip_prefix(&full).unwrap().to_string_lossy().replace('\\', "/");
        if rel == ".nianbao-output" {
            // The build's mark on its folder, not a file of the site.
            continue;
        }
        let want = std::fs::read(&file).unwrap();
        let mut got = server.get(&format!("/{rel}")).body;
        // The live-reload script, injected by the server only.
        if let Some(at) = got.rfind("<script>\n").filter(|&at| rel.ends_with(".html") && got[at..].contains("__nianbao")) {
            let end = at + got[at..].find("</script>\n").unwrap() + "</script>\n".len();
            got.replace_range(at..end, "");
        }
        assert!(got.as_bytes() == want, "{rel} differs from a full build:\n{got}\n----- a full build:\n{}", String::from_utf8_lossy(&want));
        compared += 1;
    }
    assert!(compared > 50, "only {compared} files compared");
    std::fs::remove_dir_all(&full).unwrap();
}

/// Makes `edit` of `file` (`from` to `to`) with the preview running, then checks the rebuild
/// line and that every file served is what a full build writes.
fn edit_then_compare(file: &str, from: &str, to: &str, line: &str) -> (Project, Server) {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    p.edit(file, from, to);
    let reload = socket.expect("reload");
    assert_eq!(reload["changed"][0], file, "{reload}");
    let out = eventually(CHANGE_SHOWS_WITHIN, "the rebuild line", || Some(server.stdout()).filter(|o| o.contains("rebuilt in")));
    assert!(out.contains(line), "{out}");
    assert_serves_a_full_build(&p, &server);
    (p, server)
}

#[test]
fn a_source_edited_renders_its_page_and_serves_what_a_full_build_writes() {
    let (_p, server) = edit_then_compare(
        "content/sources.yaml",
        "mid-year economic review\"",
        "mid-year economic review (edited)\"",
        "edited content/sources.yaml (2 pages re-rendered, ",
    );
    assert!(server.get("/en/sources/2019-midyear-review/").body.contains("mid-year economic review (edited)"));
}

#[test]
fn a_board_edited_serves_what_a_full_build_writes() {
    // A board's name is in every page's navigation.
    edit_then_compare("content/boards.yaml", "en: Erqi Business District}", "en: Erqi Business Quarter}", "edited content/boards.yaml (2 pages re-rendered, ");
}

#[test]
fn an_indicator_renamed_serves_what_a_full_build_writes() {
    edit_then_compare(
        "content/indicators.yaml",
        "en: Gross domestic product}",
        "en: Gross regional product}",
        "edited content/indicators.yaml (2 pages re-rendered, ",
    );
}

#[test]
fn a_template_edited_serves_what_a_full_build_writes() {
    // The base template is in every page.
    let (p, server) = edit_then_compare(
        "themes/default/templates/base.html",
        "</main>",
        "<p>edited base</p></main>",
        "edited themes/default/templates/base.html (2 pages re-rendered, ",
    );
    assert!(server.get("/zh/years/2022/").body.contains("edited base"));
    // The theme's UI strings too.
    let mut socket = server.socket();
    p.edit("themes/default/i18n/en.yaml", "glossary: Glossary", "glossary: Terms");
    socket.expect("reload");
    assert_serves_a_full_build(&p, &server);
}

#[test]
fn catalogue_edits_that_change_ids_or_checks_serve_what_a_full_build_writes() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    // An indicator's topics: facts take theirs from it, so the site is loaded again.
    p.edit("content/indicators.yaml", "unit: 亿元\n  topics: [quality]", "unit: 亿元\n  topics: [quality, warm]");
    socket.expect("reload");
    assert_serves_a_full_build(&p, &server);
    // A board's former name dropped: its page goes.
    assert_eq!(server.get("/en/boards/kangyang-industry/").status, 200);
    p.edit(
        "content/boards.yaml",
        "  former_names:\n    - {slug: kangyang-industry, zh: 康养产业板块, en: Health and Elderly Care Industry, years: [2020]}\n",
        "",
    );
    socket.expect("reload");
    assert_eq!(server.get("/en/boards/kangyang-industry/").status, 404);
    assert_serves_a_full_build(&p, &server);
    // A source added: a page of its own.
    let sources = p.read("content/sources.yaml");
    let first = &sources[sources.find("- id: 2019-midyear-review").unwrap()..sources.find("- id: 2020-party-plenary").unwrap()];
    p.write("content/sources.yaml", &format!("{sources}{}", first.replace("2019-midyear-review", "2019-added")));
    socket.expect("reload");
    assert_eq!(server.get("/en/sources/2019-added/").status, 200);
    assert_serves_a_full_build(&p, &server);
    let out = eventually(CHANGE_SHOWS_WITHIN, "three rebuild lines", || Some(server.stdout()).filter(|o| o.matches("rebuilt in").count() >= 3));
    assert_eq!(out.matches("more files when asked for").count(), 3, "every page is rendered when asked for:\n{out}");
}

#[test]
fn a_broken_catalogue_shows_its_error_over_the_last_good_pages() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let good = p.read("content/sources.yaml");
    // A date that is no date, in a catalogue revised alone.
    p.edit("content/sources.yaml", "date: 2019-08-05", "date: 2019-13-05");
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["location"].as_str().unwrap().starts_with("content/sources.yaml:8:"), "{errors}");
    let page = server.get("/en/sources/2019-midyear-review/");
    assert!(page.status == 200 && page.body.contains("mid-year economic review") && !page.body.contains("2019-13"), "the last good page is still served");
    p.write("content/sources.yaml", &good);
    socket.expect("reload");
    // A board that facts name, renamed: they report it, as a whole build does.
    p.edit("content/boards.yaml", "- id: business-district", "- id: business-distric");
    let errors = socket.expect("errors");
    assert!(errors.to_string().contains("unknown board `business-district`"), "{errors}");
    assert!(errors.to_string().contains("content/years/"), "{errors}");
    p.edit("content/boards.yaml", "- id: business-distric", "- id: business-district");
    socket.expect("reload");
    assert_serves_a_full_build(&p, &server);
}

#[test]
fn a_contradiction_between_figures_is_shown_over_the_last_good_pages() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let yaml = p.read("content/years/2020.yaml");
    p.write("content/years/2020.yaml", &format!("{yaml}  - indicator: gdp\n    value: 761\n    unit: 亿元\n    period: \"2020\"\n    status: actual\n    source: 2020-fyp13-review\n    figure: \"761亿元\"\n"));
    let errors = socket.expect("errors");
    assert!(errors.to_string().contains("two different actuals"), "{errors}");
    assert!(server.status().to_string().contains("two different actuals"));
    assert!(text(&server.get("/zh/years/2020/").body).contains("760.2亿元"), "the last good page is still served");
}

#[test]
fn a_year_revised_into_a_duplicate_or_a_contradiction_is_an_error() {
    // The preview checks a revised year file on its own against the last good site: the
    // checks of a whole build must still hold, duplicates among them.
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    p.edit(
        "content/years/2020.yaml",
        "status: actual\n    source: 2021-two-sessions\n    figure: \"760.2亿元\"",
        "status: estimate\n    source: 2020-fyp13-review\n    figure: \"760.2亿元\"",
    );
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["message"].as_str().unwrap().contains("stated twice"), "{errors}");
    assert_eq!(first["location"], "content/years/2020.yaml:10:1", "{errors}");
    assert!(first["hint"].as_str().unwrap().contains("content/years/2020.yaml:3"), "{errors}");
    p.edit(
        "content/years/2020.yaml",
        "status: estimate\n    source: 2020-fyp13-review\n    figure: \"760.2亿元\"",
        "status: actual\n    source: 2021-two-sessions\n    figure: \"760.2亿元\"",
    );
    socket.expect("reload");
    assert_eq!(server.status()["ok"], true);

    // And into a contradiction: the estimate of 2020's GDP restated as a second actual.
    p.edit("content/years/2020.yaml", "status: estimate\n    source: 2020-fyp13-review", "status: actual\n    source: 2020-fyp13-review");
    let errors = socket.expect("errors");
    assert!(errors.to_string().contains("two different actuals"), "{errors}");
    assert!(text(&server.get("/zh/years/2020/").body).contains("773亿元"), "the last good page is still served");
}

#[test]
fn commentary_is_revised_alone_and_checked_like_a_build() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let good = p.read("content/years/2020.zh.md");
    // A citation of no fact: the error names the place in the commentary file.
    p.write("content/years/2020.zh.md", &format!("{good}\n另见[[no-such-indicator 2020]]。\n"));
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["message"].as_str().unwrap().contains("unknown indicator `no-such-indicator`"), "{errors}");
    assert!(first["location"].as_str().unwrap().starts_with("content/years/2020.zh.md:"), "{errors}");
    // A good edit: the page shows it, and the home page (which shows the summary) follows.
    p.write("content/years/2020.zh.md", &good.replacen("\n---\n", "\n---\n新增的一段解读。\n\n", 1));
    socket.expect("reload");
    let out = eventually(CHANGE_SHOWS_WITHIN, "the rebuild line", || Some(server.stdout()).filter(|o| o.contains("rebuilt in")));
    assert!(out.contains("edited content/years/2020.zh.md (2 pages re-rendered"), "{out}");
    assert!(text(&server.get("/zh/years/2020/").body).contains("新增的一段解读"));
}

/// An incremental rebuild renders only the edited pages before the reload, so a broken link
/// the edit wrote is found once the background thread has rendered every other page: the link
/// check a build runs, shown over the pages at the commentary's line until it is fixed.
#[test]
fn a_broken_link_an_edit_writes_is_shown_once_every_page_is_rendered() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    let good = p.read("content/years/2020.en.md");
    p.write("content/years/2020.en.md", &format!("{good}\nSee [the plan](/en/no-such-page/).\n"));
    socket.expect("reload");
    let errors = socket.expect("errors");
    let first = &errors["errors"][0];
    assert!(first["message"].as_str().unwrap().contains("broken link `/en/no-such-page/`"), "{errors}");
    assert!(first["location"].as_str().unwrap().starts_with("content/years/2020.en.md:"), "{errors}");
    assert_eq!(server.status()["ok"], false);
    let stderr = eventually(CHANGE_SHOWS_WITHIN, "the broken link on stderr", || Some(server.stderr()).filter(|e| e.contains("1 broken link found")));
    assert!(stderr.contains("/en/no-such-page/"), "{stderr}");
    // The pages are still served, with the edit.
    assert!(text(&server.get("/en/years/2020/").body).contains("See the plan"));

    // Fixed: the overlay goes, and stays gone once every page is rendered again.
    p.write("content/years/2020.en.md", &format!("{good}\nSee [the 2019 page](/en/years/2019/).\n"));
    socket.expect("reload");
    assert!(socket.next(Duration::from_secs(2)).is_none_or(|m| m["type"] != "errors"), "a link that works is reported");
    assert_eq!(server.status()["ok"], true);
}

#[test]
fn an_edit_after_a_broken_one_does_not_hide_it() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = server.socket();
    p.edit("content/years/2020.yaml", "value: 357\n", "value: 357个\n");
    socket.expect("errors");
    // Another file's good edit: the broken one is still there, so the errors stay.
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 785.7");
    let errors = socket.expect("errors");
    assert!(errors.to_string().contains("content/years/2020.yaml"), "{errors}");
    // Fixed: both edits show.
    p.edit("content/years/2020.yaml", "value: 357个\n", "value: 358\n");
    socket.expect("reload");
    assert!(text(&server.get("/zh/years/2022/").body).contains("785.7亿元"));
    assert!(text(&server.get("/zh/years/2020/").body).contains("358"));
}
