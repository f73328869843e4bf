//! How long an editor waits: from writing a file to the reload message on the live-reload
//! socket, with `nianbao serve` running on
//! 1. the Erqi site (the repository's content/ and themes/), 20 edits of content/years/2022.yaml;
//! 2. synthetic sites of 1,000 and 10,000 years from `nianbao::synth` (what `nianbao gen-bench`
//!    writes: 30 facts a year, ~1.5 KB of commentary per language), with the repository's
//!    themes/; 20 edits of the middle year's file at 1,000 years, 5 at 10,000 (each rebuild of
//!    that site takes minutes).
//!
//! Not a test: it prints median, min and max. Run with `cargo bench --bench serve_reload`;
//! `-- erqi`, `-- 1000` or `-- 10000` runs one of them, and `NIANBAO_BENCH_SIZES=1000` limits
//! the synthetic sizes (the 10,000-year site needs several GB of memory and a long first build).
//! `NIANBAO_BENCH_EDITS=N` sets the number of edits for every site.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Project;
use common::server::Server;

fn main() {
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |name: &str| only.as_deref().is_none_or(|o| name == o);
    let edits_override: Option<usize> = std::env::var("NIANBAO_BENCH_EDITS").ok().map(|s| s.parse().expect("NIANBAO_BENCH_EDITS: a number"));
    if wants("erqi") {
        let p = Project::erqi();
        measure("Erqi site", &p, "content/years/2022.yaml", "value: 785.6", "value: 785.7", edits_override.unwrap_or(20), Duration::from_secs(60));
    }
    for years in sizes() {
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
        let edits = edits_override.unwrap_or(if years >= 10_000 { 5 } else { 20 });
        // A rebuild of 1,000 years takes seconds; of 10,000, minutes.
        let limit = Duration::from_secs(60 + years as u64 / 2);
        measure(&name, &p, &file, &format!("{from}\n"), &format!("{to}\n"), edits, limit);
    }
}

/// The synthetic sizes: 1,000 and 10,000 years, or those of `NIANBAO_BENCH_SIZES` (`1000,10000`).
fn sizes() -> Vec<usize> {
    match std::env::var("NIANBAO_BENCH_SIZES") {
        Ok(s) => s.split(',').filter(|s| !s.trim().is_empty()).map(|s| s.trim().replace('_', "").parse().expect("NIANBAO_BENCH_SIZES: numbers separated by commas")).collect(),
        Err(_) => vec![1_000, 10_000],
    }
}

/// A project of `years` synthetic years ([`nianbao::synth::generate`]) with the repo's themes.
fn synthetic(years: usize) -> Project {
    let dir = tempfile::tempdir().unwrap();
    nianbao::synth::generate(dir.path(), years).unwrap();
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &dir.path().join("themes"));
    Project { dir }
}

/// Serves `p`, edits `file` `edits` times (`from` and `to` in turn), and prints how long each
/// edit took to reach the socket as a reload. `limit` bounds the first build and each rebuild.
fn measure(name: &str, p: &Project, file: &str, from: &str, to: &str, edits: usize, limit: Duration) {
    let started = Instant::now();
    let server = Server::start_within(p, limit * 2);
    println!("{name}: first build and start {} ms", started.elapsed().as_millis());
    let mut socket = server.socket();
    let original = p.read(file);
    assert!(original.contains(from), "{file} lacks {from:?}");
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = if i % 2 == 0 { original.replacen(from, to, 1) } else { original.clone() };
        let start = Instant::now();
        p.write(file, &text);
        let message = wait_for_reload(&mut socket, limit);
        times.push(start.elapsed());
        assert_eq!(message["changed"][0], file, "{message}");
        // Let the editor pause, as people do, so each edit is one rebuild.
        std::thread::sleep(Duration::from_millis(150));
    }
    let mut sorted = times.clone();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = if edits.is_multiple_of(2) { (ms(sorted[edits / 2 - 1]) + ms(sorted[edits / 2])) / 2.0 } else { ms(sorted[edits / 2]) };
    println!(
        "{name}: {edits} edits of {file}, write to reload message: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(sorted[0]),
        ms(sorted[edits - 1])
    );
    let lines: Vec<String> = server.stdout().lines().filter(|l| l.starts_with("rebuilt in")).map(|l| l.split(':').next().unwrap_or(l).to_string()).collect();
    println!("{name}: the server's own rebuild times: {}", lines.join("; ").replace("rebuilt in ", ""));
    if let Some(kb) = peak_kb(server.child.id()) {
        println!("{name}: the server's peak memory {:.1} MB", kb as f64 / 1e3);
    }
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
