//! How long an editor waits: from writing a file to the reload message on the live-reload
//! socket, with `nianbao serve` running on
//! 1. the Erqi site (the repository's content/ and themes/): 20 edits of content/years/2022.yaml,
//!    then 5 of a source's title in content/sources.yaml;
//! 2. synthetic sites of 1,000 and 10,000 years from `nianbao::synth` (what `nianbao gen-bench`
//!    writes: 30 facts a year, ~1.5 KB of commentary per language), with the repository's
//!    themes/: 20 edits of the middle year's file at 1,000 years, 5 at 10,000 (twice), as many
//!    of its English commentary, as many of a source's title in sources.yaml, a board's name
//!    in boards.yaml, an indicator's name in indicators.yaml and the theme's year.html (each
//!    of which may change every page: the changed item's page is rendered before the reload
//!    message, the rest on request), then 5 of site.yaml's title (3 at 10,000), which loads
//!    and checks the whole site again.
//!
//! After each reload message the page showing the edit is fetched and timed too: the edited
//! year's page, rendered before the message, and (a second series of the same edits at the
//! synthetic sizes) the page of the year's board, which a big site renders on request; after
//! a catalogue's edit the changed item's page, after the template's and site.yaml's the year's.
//!
//! Not a test: it prints median, min and max. Run with `cargo bench --bench serve_reload`;
//! `-- erqi`, `-- 1000` or `-- 10000` runs one of them, and `NIANBAO_BENCH_SIZES=1000` limits
//! the synthetic sizes (the 10,000-year site needs about 3.5 GB of memory and a first build of
//! a minute or two).
//! `NIANBAO_BENCH_EDITS=N` sets the number of edits of every case.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Project;
use common::server::Server;

/// Edits of one file, `from` and `to` in turn.
struct Case {
    what: &'static str,
    file: String,
    from: String,
    to: String,
    edits: usize,
    /// A page that shows the edit: fetched after each reload message, and timed (the edited
    /// page is rendered before the message; pages a big site defers are rendered on request).
    page: Option<String>,
}

fn main() {
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |name: &str| only.as_deref().is_none_or(|o| name == o);
    let edits = |default: usize| std::env::var("NIANBAO_BENCH_EDITS").ok().map_or(default, |s| s.parse().expect("NIANBAO_BENCH_EDITS: a number"));
    if wants("erqi") {
        let p = Project::erqi();
        let year = Case {
            what: "a year file",
            file: "content/years/2022.yaml".into(),
            from: "value: 785.6".into(),
            to: "value: 785.7".into(),
            edits: edits(20),
            page: Some("/zh/years/2022/".into()),
        };
        let review = "mid-year economic review\"";
        let sources = Case {
            what: "sources.yaml (a source's title)",
            file: "content/sources.yaml".into(),
            from: review.into(),
            to: review.replace("review", "review (edited)"),
            edits: edits(5),
            page: None,
        };
        measure("Erqi site", &p, &[year, sources], Duration::from_secs(60));
    }
    for years in common::bench_sizes(&[1_000, 10_000]) {
        if !wants(&years.to_string()) {
            continue;
        }
        let started = Instant::now();
        let p = synthetic(years);
        let name = format!("synthetic site, {years} years");
        println!("{name}: generated in {} ms", started.elapsed().as_millis());
        // The middle year; its first fact's value goes up by one and back.
        let file = format!("content/years/{}.yaml", 10_000 + years / 2);
        let from = p.read(&file).lines().find(|l| l.trim_start().starts_with("value: ")).expect("a value line").to_string();
        let value: u64 = from.trim_start().trim_start_matches("value: ").parse().expect("an integer value");
        let to = from.replace(&format!("value: {value}"), &format!("value: {}", value + 1));
        let huge = years >= 10_000;
        let year = 10_000 + years / 2;
        let mut cases = vec![Case {
            what: "a year file",
            file: file.clone(),
            from: format!("{from}\n"),
            to: format!("{to}\n"),
            edits: edits(if huge { 5 } else { 20 }),
            page: Some(format!("/zh/years/{year}/")),
        }];
        // The same edit, then the page listing every fact of the year's first board, which the
        // preview renders on request (or in the background) after the reload message.
        let board = p.read(&file).lines().find_map(|l| l.trim_start().strip_prefix("boards: [").map(|b| b.trim_end_matches(']').to_string())).expect("a board");
        cases.push(Case {
            what: "a year file, then its board's page",
            file,
            from: format!("{from}\n"),
            to: format!("{to}\n"),
            edits: edits(if huge { 5 } else { 20 }),
            page: Some(format!("/zh/boards/{board}/")),
        });
        // The year's English commentary.
        let commentary = format!("content/years/{year}.en.md");
        let summary = format!("A summary of {year}.");
        cases.push(Case {
            what: "a commentary file",
            file: commentary,
            from: summary.clone(),
            to: summary.replace("summary", "short summary"),
            edits: edits(if huge { 5 } else { 20 }),
            page: Some(format!("/en/years/{year}/")),
        });
        // The catalogues and the theme: every page may change, so every page is rendered on
        // request (or in the background); the changed item's own page before the message,
        // which its GET then finds. The template's edit is then seen on a year page, rendered
        // on request.
        let catalogue = |what: &'static str, file: &str, name: &str, page: &str| Case {
            what,
            file: file.into(),
            from: format!("en: {name}}}"),
            to: format!("en: {name} (edited)}}"),
            edits: edits(if huge { 5 } else { 20 }),
            page: Some(page.into()),
        };
        cases.push(catalogue("sources.yaml (a source's title)", "content/sources.yaml", "Report 0", "/en/sources/source-0/"));
        cases.push(catalogue("boards.yaml (a board's name)", "content/boards.yaml", "Board 0", "/en/boards/board-0/"));
        cases.push(catalogue("indicators.yaml (an indicator's name)", "content/indicators.yaml", "Indicator 0", "/en/indicators/indicator-0/"));
        cases.push(Case {
            what: "a template (year.html)",
            file: "themes/default/templates/year.html".into(),
            from: "<nav class=\"crumbs\"".into(),
            to: "<nav data-edited class=\"crumbs\"".into(),
            edits: edits(if huge { 5 } else { 20 }),
            page: Some(format!("/zh/years/{year}/")),
        });
        // A change no rule follows item by item: site.yaml, loaded and checked with everything
        // else again; every page rendered on request.
        cases.push(Case {
            what: "site.yaml (the whole site loaded again)",
            file: "content/site.yaml".into(),
            from: "en: Synthetic Digest}".into(),
            to: "en: Synthetic Digest (edited)}".into(),
            edits: edits(if huge { 3 } else { 5 }),
            page: Some(format!("/zh/years/{year}/")),
        });
        // A rebuild of 1,000 years takes seconds; of 10,000, minutes.
        let limit = Duration::from_secs(60 + years as u64 / 2);
        measure(&name, &p, &cases, limit);
    }
}

/// A project of `years` synthetic years ([`nianbao::synth::generate`]) with the repo's themes.
fn synthetic(years: usize) -> Project {
    let dir = tempfile::tempdir().unwrap();
    nianbao::synth::generate(dir.path(), years).unwrap();
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &dir.path().join("themes"));
    Project { dir }
}

/// Serves `p`, makes each case's edits and prints how long each edit took to reach the socket
/// as a reload. `limit` bounds the first build and each rebuild.
fn measure(name: &str, p: &Project, cases: &[Case], limit: Duration) {
    let started = Instant::now();
    let server = Server::start_within(p, limit * 2);
    println!("{name}: first build and start {} ms", started.elapsed().as_millis());
    let mut socket = server.socket();
    for case in cases {
        let (file, edits) = (case.file.as_str(), case.edits);
        let original = p.read(file);
        assert!(original.contains(&case.from), "{file} lacks {:?}", case.from);
        let rebuilds_before = rebuild_lines(&server).len();
        let mut times = Vec::with_capacity(edits);
        let mut fetches = Vec::with_capacity(edits);
        for i in 0..edits {
            let text = if i % 2 == 0 { original.replacen(&case.from, &case.to, 1) } else { original.clone() };
            let start = Instant::now();
            p.write(file, &text);
            let message = wait_for_reload(&mut socket, limit);
            times.push(start.elapsed());
            assert_eq!(message["changed"][0], file, "{message}");
            if let Some(page) = &case.page {
                let fetch = Instant::now();
                let r = server.get(page);
                fetches.push(fetch.elapsed());
                assert_eq!(r.status, 200, "{page}");
            }
            // Let the editor pause, as people do, so each edit is one rebuild.
            std::thread::sleep(Duration::from_millis(150));
        }
        if edits % 2 == 1 {
            p.write(file, &original);
            wait_for_reload(&mut socket, limit);
        }
        println!("{name}: {edits} edits of {} ({file}), write to reload message: {}", case.what, spread(&times));
        if let Some(page) = &case.page {
            println!("{name}: then GET {page} (reload message to page received): {}", spread(&fetches));
        }
        let lines: Vec<String> = rebuild_lines(&server)
            .into_iter()
            .skip(rebuilds_before)
            .take(edits)
            .map(|l| {
                let time = l.split(':').next().unwrap_or(&l).replace("rebuilt in ", "");
                match l.rsplit_once(" (") {
                    Some((_, pages)) if pages.ends_with("re-rendered)") => format!("{time} ({}", pages.replace(" re-rendered", "")),
                    _ => time,
                }
            })
            .collect();
        println!("{name}: the server's own rebuild times: {}", lines.join("; "));
    }
    if let Some(kb) = peak_kb(server.child.id()) {
        println!("{name}: the server's peak memory {:.1} MB", kb as f64 / 1e3);
    }
}

/// The server's "rebuilt in ..." lines so far.
fn rebuild_lines(server: &Server) -> Vec<String> {
    server.stdout().lines().filter(|l| l.starts_with("rebuilt in")).map(str::to_string).collect()
}

/// A running process's peak resident memory (VmHWM) in kB, where Linux reports it.
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn wait_for_reload(socket: &mut common::server::Socket, limit: Duration) -> serde_json::Value {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(m) = socket.next(Duration::from_millis(500)) {
            match m["type"].as_str() {
                Some("reload") => return m,
                Some("errors") => panic!("the edit broke the site: {m}"),
                _ => {}
            }
        }
    }
    panic!("no reload within {limit:?}");
}

/// "median M ms, min A ms, max B ms" of `times` (not empty).
fn spread(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = sorted.len();
    let median = if n.is_multiple_of(2) { (ms(sorted[n / 2 - 1]) + ms(sorted[n / 2])) / 2.0 } else { ms(sorted[n / 2]) };
    format!("median {median:.1} ms, min {:.1} ms, max {:.1} ms", ms(sorted[0]), ms(sorted[n - 1]))
}
