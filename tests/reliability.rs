//! Inputs that a fixture folder cannot hold (huge files, symlink loops, byte-order marks and
//! CRLF line endings applied to a whole site) and what a reader must never see.

mod common;

use common::{Project, text, walk};

#[test]
fn byte_order_marks_and_crlf_line_endings_build_the_same_site() {
    let plain = Project::fixture("minimal");
    plain.build();
    let windows = Project::fixture("minimal");
    for file in walk(&windows.path("content")) {
        let body = std::fs::read_to_string(&file).unwrap();
        let crlf = format!("\u{feff}{}", body.replace('\n', "\r\n"));
        std::fs::write(&file, crlf).unwrap();
    }
    windows.build();
    for page in ["zh/years/2020/", "en/years/2020/", "en/boards/oct-culture-tourism/", "zh/"] {
        assert_eq!(text(&plain.page(page)), text(&windows.page(page)), "{page} differs");
    }
}

#[test]
fn a_fifty_megabyte_file_is_refused_quickly_with_a_clear_message() {
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    p.write("content/years/2021.yaml", &line.repeat(50 * 1024 * 1024 / line.len()));
    let start = std::time::Instant::now();
    let r = p.run(&["build"]);
    assert!(!r.ok && r.stderr.contains("content/years/2021.yaml") && r.stderr.contains("larger than the 8 MB nianbao accepts"), "{}", r.stderr);
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert_eq!(p.snapshot("public"), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    std::os::unix::fs::symlink("b.yaml", p.path("content/years/2024.yaml")).unwrap();
    std::os::unix::fs::symlink("2024.yaml", p.path("content/years/b.yaml")).unwrap();
    let r = p.run(&["build"]);
    assert!(!r.ok && r.stderr.contains("content/years/2024.yaml") && r.stderr.contains("cannot read the file"), "{}", r.stderr);
    assert_eq!(p.snapshot("public"), before);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::fixture("minimal");
    let file = p.path("content/years/2022.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        eprintln!("skipped: running as a user who can read anything (root)");
        return;
    }
    let r = p.run(&["build"]);
    assert!(!r.ok && r.stderr.contains("content/years/2022.yaml") && r.stderr.contains("make the file readable"), "{}", r.stderr);
}

#[test]
fn content_is_data_not_markup() {
    let p = Project::fixture("minimal");
    let evil = "<script>alert(1)</script>\\\" onmouseover=\\\"alert(2)";
    // Through every kind of field: titles, names, milestones, notes, glossary, commentary.
    p.edit("content/site.yaml", "zh: 二七区年报", &format!("zh: \"二七区年报{evil}\""));
    p.edit(
        "content/boards.yaml",
        "name: {zh: 二七商圈板块, en: Erqi Business District}",
        &format!("name: {{zh: \"二七商圈板块{evil}\", en: \"Erqi Business District{evil}\"}}"),
    );
    p.edit(
        "content/indicators.yaml",
        "name: {zh: 地区生产总值, en: Gross domestic product}",
        &format!("name: {{zh: \"地区生产总值{evil}\", en: \"GDP{evil}\"}}"),
    );
    p.edit("content/years/2020.yaml", "en: \"Dehua pedestrian street", &format!("en: \"{evil} Dehua pedestrian street"));
    p.edit("content/glossary.yaml", "en: Six Engines}", &format!("en: \"Six Engines{evil}\"}}"));
    p.edit("content/years/2020.en.md", "finished 236.", "finished 236. <script>alert(3)</script> [click](javascript:alert(4)) <img src=x onerror=alert(5)>");
    p.edit("content/years/2020.en.md", "title: \"2020: the epidemic year\"", &format!("title: \"2020{evil}\""));
    p.build();
    for file in walk(&p.path("public")).into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(&file).unwrap().to_lowercase();
        // Look at the tags only: escaped text may mention anything.
        for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
            let live = tag.starts_with("script>") && tag.contains("alert")
                || tag.starts_with("img")
                || attribute_names(tag).iter().any(|a| a.starts_with("on"))
                || tag.contains("href=\"javascript:");
            assert!(!live, "{} has a live tag: <{tag}>", file.display());
        }
        assert!(!html.contains("<script>alert"), "{}", file.display());
    }
    assert!(text(&p.page("en/years/2020/")).contains("<script>alert(3)</script>"), "the text is shown, escaped");
}

/// The attribute names of a tag's text (`a href="x" title="y"` -> [href, title]), honouring quotes.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = tag.chars().skip_while(|c| !c.is_whitespace()).peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let name: String = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() {
            break;
        }
        names.push(name);
        if chars.next_if_eq(&'=').is_some() {
            match chars.next() {
                Some(q @ ('"' | '\'')) => while chars.next().is_some_and(|c| c != q) {},
                _ => while chars.next().is_some_and(|c| !c.is_whitespace()) {},
            }
        }
    }
    names
}

#[cfg(unix)]
#[test]
fn a_build_killed_mid_write_leaves_the_old_output_and_no_leftovers() {
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    // Enough years that writing takes a while.
    for year in 1900..2190 {
        p.write(&format!("content/years/{year}.yaml"), &format!("year: {year}\nfacts:\n  - indicator: gdp\n    value: {year}\n    unit: 亿元\n    period: \"{year}\"\n    status: actual\n    source: 2023-two-sessions\n    figure: \"{year}亿元\"\n"));
    }
    let mut killed_mid_write = false;
    for _attempt in 0..5 {
        let mut child =
            std::process::Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["build", "--output", "public"]).current_dir(p.dir.path()).spawn().unwrap();
        // Wait for the temporary output to appear, then kill the build while it writes.
        let start = std::time::Instant::now();
        let tmp_exists = || std::fs::read_dir(p.dir.path()).unwrap().flatten().any(|e| e.file_name().to_string_lossy().contains(".nianbao-tmp-"));
        while !tmp_exists() && start.elapsed().as_secs() < 20 {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::yield_now();
        }
        let running = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        if running && tmp_exists() {
            killed_mid_write = true;
            break;
        }
        // The build finished before the kill: put the old output back and try again.
        let _ = std::fs::remove_dir_all(p.path("public"));
        for (rel, bytes) in &before {
            let dest = p.path("public").join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, bytes).unwrap();
        }
    }
    assert!(killed_mid_write, "could not catch the build while it was writing");
    assert_eq!(p.snapshot("public"), before, "the old output changed");
    // The next build clears what the killed one left behind.
    p.build();
    let leftovers: Vec<_> =
        std::fs::read_dir(p.dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains("nianbao-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(p.path("public/zh/years/1950/index.html").exists());
}
