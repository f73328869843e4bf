//! How long an editor waits: from writing a file to the reload message on the live-reload
//! socket, with `nianbao serve` running on
//! 1. the Erqi site (the repository's content/ and themes/), 20 edits of content/years/2022.yaml;
//! 2. large synthetic sites, 20 edits of one year file each. A site cannot have 1,000 years:
//!    periods lie within 1900-2200 (`model::period`), so the largest has all 301 of them, once
//!    with 30 facts a year and once with 100 (30,100 facts, as many as 1,000 years of 30).
//!
//! Not a test: it prints median, min and max. Run with `cargo bench --bench serve_reload`
//! (add `-- erqi` or `-- synthetic` for one of them).

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::Project;
use common::server::Server;

const EDITS: usize = 20;

fn main() {
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    if wants("erqi") {
        let p = Project::erqi();
        measure("Erqi site", &p, "content/years/2022.yaml", "value: 785.6", "value: 785.7");
    }
    for facts in [30, 100] {
        if wants("synthetic") {
            let p = synthetic(facts);
            let name = format!("synthetic site, 301 years of {facts} facts");
            measure(&name, &p, "content/years/2050.yaml", "value: 2050.5", "value: 2050.6");
        }
    }
}

/// Serves `p`, edits `file` [`EDITS`] times (`from` and `to` in turn), and prints how long
/// each edit took to reach the socket as a reload.
fn measure(name: &str, p: &Project, file: &str, from: &str, to: &str) {
    let started = Instant::now();
    let server = Server::start_within(p, Duration::from_secs(600));
    println!("{name}: first build and start {} ms", started.elapsed().as_millis());
    let mut socket = server.socket();
    let original = p.read(file);
    assert!(original.contains(from), "{file} lacks {from:?}");
    let mut times = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let text = if i % 2 == 0 { original.replacen(from, to, 1) } else { original.clone() };
        let start = Instant::now();
        p.write(file, &text);
        let message = wait_for_reload(&mut socket, Duration::from_secs(120));
        times.push(start.elapsed());
        assert_eq!(message["changed"][0], file, "{message}");
        // Let the editor pause, as people do, so each edit is one rebuild.
        std::thread::sleep(Duration::from_millis(150));
    }
    let mut sorted = times.clone();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = (ms(sorted[EDITS / 2 - 1]) + ms(sorted[EDITS / 2])) / 2.0;
    println!(
        "{name}: {EDITS} edits, write to reload message: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(sorted[0]),
        ms(sorted[EDITS - 1])
    );
    let lines: Vec<String> = server.stdout().lines().filter(|l| l.starts_with("rebuilt in")).map(|l| l.split(':').next().unwrap_or(l).to_string()).collect();
    println!("{name}: the server's own rebuild times: {}", lines.join("; ").replace("rebuilt in ", ""));
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

/// The minimal fixture's site with every year from 1900 to 2200 in place of its own, each with
/// `facts` facts and commentary in both languages. The first 45 facts of a year are figures
/// (five indicators; the year and its halves; target, estimate and actual), the rest milestones
/// tagged with a board and a topic, so that board and topic pages grow too.
fn synthetic(facts: usize) -> Project {
    let p = Project::fixture("minimal");
    std::fs::remove_dir_all(p.path("content/years")).unwrap();
    let indicators = [("gdp", "亿元"), ("gdp-growth", "%"), ("old-compounds-renovated", "个"), ("new-urban-jobs", "万人"), ("board-major-projects", "个")];
    let boards = ["business-district", "health-industry", "oct-culture-tourism", "headquarters-economy", "fenghu-smart-area", "football-town"];
    let topics = ["quality", "pastoral", "warm"];
    for year in 1900..=2200usize {
        let mut yaml = format!("year: {year}\nfacts:\n");
        let mut n = 0;
        'figures: for (i, (indicator, unit)) in indicators.iter().enumerate() {
            for period in [format!("{year}"), format!("{year}-H1"), format!("{year}-H2")] {
                for (s, status) in ["target", "estimate", "actual"].iter().enumerate() {
                    if n == facts {
                        break 'figures;
                    }
                    n += 1;
                    let value = if n == 1 { format!("{year}.5") } else { format!("{}", 100 + (year * 7 + i * 13 + s) % 900) };
                    let _ = write!(
                        yaml,
                        "  - indicator: {indicator}\n    value: {value}\n    unit: \"{unit}\"\n    period: \"{period}\"\n    status: {status}\n    source: 2023-two-sessions\n    figure: \"{value}{unit}\"\n"
                    );
                }
            }
        }
        for m in n..facts {
            let _ = write!(
                yaml,
                "  - milestone: {{zh: \"{year}年第{m}项工作完成\", en: \"Task {m} of {year} done\"}}\n    period: \"{year}\"\n    status: actual\n    source: 2023-two-sessions\n    boards: [{}]\n    topics: [{}]\n",
                boards[m % boards.len()],
                topics[m % topics.len()]
            );
        }
        p.write(&format!("content/years/{year}.yaml"), &yaml);
        let para_zh = format!("{year}年，全区地区生产总值稳步增长，老旧小区改造持续推进，城镇新增就业保持稳定。");
        let para_en = format!("In {year} the district's output grew steadily, old residential compounds kept being renovated, and new urban jobs held steady.");
        p.write(&format!("content/years/{year}.zh.md"), &format!("---\ntitle: \"{year}年\"\nsummary: \"{year}年概要\"\n---\n{}\n", [para_zh.as_str(); 4].join("\n\n")));
        p.write(&format!("content/years/{year}.en.md"), &format!("---\ntitle: \"{year}\"\nsummary: \"{year} in brief\"\n---\n{}\n", [para_en.as_str(); 4].join("\n\n")));
    }
    p
}
