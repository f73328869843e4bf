//! How `nianbao build` grows with the size of a site: synthetic sites of 100, 1,000 and 10,000
//! years (`nianbao::synth`, what `nianbao gen-bench` writes: 30 facts a year, ~1.5 KB of
//! commentary per language) with the repository's themes/, each built by the release binary
//! with `build --timings`, minified and with `--no-minify`: 3 runs each (1 at 10,000 years).
//!
//! Not a test: it prints a table of pages, bytes written, median wall time, pages and MB per
//! second and peak memory (the "peak memory" line of `--timings`: the process's VmHWM), the
//! copy floor (`cp -r` of the output folder just written, timed after each build: what writing
//! the same files costs on this disk, with the files still in the page cache; `sync` runs before
//! each build and each copy, so that neither is timed sharing the disk with the other's
//! writeback, and no output or copy is removed until every size is timed, so that none is timed
//! just after many files were removed, see `copy_floor`: 1,000 and 10,000 years need about 13 GB
//! of free space in the temporary folder) and the build's time as a multiple of it (each run's
//! line also gives the system CPU time of the build and of the copy), the fastest copy of the case's runs
//! and the build against that, then how time and memory grow from one size to the next. Listing pages (boards, topics,
//! indicators, sources) grow with the number of years, so the output grows faster than the
//! number of pages.
//!
//! Run with `cargo bench --bench build_scale`. Environment:
//! - `NIANBAO_BENCH_SIZES=100,1000` limits the sizes (10,000 years takes minutes and several GB);
//! - `NIANBAO_BENCH_RUNS=N` sets the runs per case;
//! - `NIANBAO_BIN=path` builds with that binary instead of this checkout's release build
//!   (`cargo bench` builds it; otherwise `cargo build --release` is run first).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One build's figures.
struct Run {
    wall: Duration,
    pages: usize,
    /// Bytes of the output folder.
    bytes: u64,
    peak_mb: Option<f64>,
    stages: Vec<(String, f64)>,
    /// `cp -r` of the output folder into an empty one, timed right after the build: the floor
    /// a build that only wrote its files could reach on this disk.
    copy: Duration,
    /// The system CPU time of the build and of the copy (`None` without /proc): creating files
    /// is most of it, and it shows when the disk made creating them dear (see `copy_floor`).
    build_sys: Option<Duration>,
    copy_sys: Option<Duration>,
}

/// A row of the table: the median run of a case.
struct Row {
    years: usize,
    minify: bool,
    runs: usize,
    median: Run,
    /// The fastest copy of the case's runs: the floor varies more than the build does (with
    /// what the file system is still doing with earlier outputs), and the fastest is the
    /// cheapest the disk was seen to write the same files.
    fastest_copy: Duration,
}

fn main() {
    let sizes = common::bench_sizes(&[100, 1_000, 10_000]);
    let bin = binary();
    println!("nianbao: {}", bin.display());
    println!("machine: {} cores ({})", std::thread::available_parallelism().map_or(0, |n| n.get()), cpu_model().unwrap_or_default());
    let runs_override: Option<usize> = std::env::var("NIANBAO_BENCH_RUNS").ok().map(|s| s.parse().expect("NIANBAO_BENCH_RUNS: a number"));
    let mut rows = Vec::new();
    // Every site and output is kept until the last size is timed (see `copy_floor`).
    let mut folders = Vec::new();
    for &years in &sizes {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let started = Instant::now();
        nianbao::synth::generate(&site, years).unwrap();
        common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site.join("themes"));
        println!("{years} years: generated in {} ms", started.elapsed().as_millis());
        for minify in [true, false] {
            let runs = runs_override.unwrap_or(if years >= 10_000 { 1 } else { 3 });
            let mut results: Vec<Run> = (0..runs)
                .map(|i| {
                    // Every run writes a folder of its own, and nothing is removed until the
                    // size is done (see `copy_floor`): a build replacing an old output would
                    // also time removing it, and files created just after others were removed
                    // cost more on some disks.
                    let out = dir.path().join(format!("public-{}-{}", if minify { "minified" } else { "plain" }, i + 1));
                    let r = build(&bin, &site, &out, minify);
                    println!(
                        "  {years} years, {}, run {}: {:.2} s (system {}), {} pages, {:.0} MB written, peak {}, copy {:.2} s (system {}; x{:.1})",
                        label(minify),
                        i + 1,
                        r.wall.as_secs_f64(),
                        seconds(r.build_sys),
                        r.pages,
                        r.bytes as f64 / 1e6,
                        mb(r.peak_mb),
                        r.copy.as_secs_f64(),
                        seconds(r.copy_sys),
                        r.wall.as_secs_f64() / r.copy.as_secs_f64()
                    );
                    r
                })
                .collect();
            results.sort_by_key(|r| r.wall);
            let fastest_copy = results.iter().map(|r| r.copy).min().unwrap_or_default();
            let median = results.swap_remove(runs / 2);
            rows.push(Row { years, minify, runs, median, fastest_copy });
        }
        folders.push(dir);
    }

    println!();
    println!(
        "| years | minify | pages | output | runs | wall (median) | pages/s | MB/s | peak memory | copy (cp -r) | build/copy | fastest copy | build/fastest |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let m = &r.median;
        println!(
            "| {} | {} | {} | {:.0} MB | {} | {:.2} s | {:.0} | {:.1} | {} | {:.2} s | x{:.1} | {:.2} s | x{:.1} |",
            thousands(r.years),
            if r.minify { "yes" } else { "no" },
            thousands(m.pages),
            m.bytes as f64 / 1e6,
            r.runs,
            m.wall.as_secs_f64(),
            m.pages as f64 / m.wall.as_secs_f64(),
            m.bytes as f64 / 1e6 / m.wall.as_secs_f64(),
            mb(m.peak_mb),
            m.copy.as_secs_f64(),
            m.wall.as_secs_f64() / m.copy.as_secs_f64(),
            r.fastest_copy.as_secs_f64(),
            m.wall.as_secs_f64() / r.fastest_copy.as_secs_f64()
        );
    }
    println!();
    println!("Stages of the median run (ms, from --timings):");
    for r in &rows {
        let stages: Vec<String> = r.median.stages.iter().map(|(s, ms)| format!("{s} {ms:.0}")).collect();
        println!("  {} years, {}: {}", thousands(r.years), label(r.minify), stages.join(", "));
    }
    println!();
    println!("Growth (each size against the previous one):");
    for minify in [true, false] {
        let case: Vec<&Row> = rows.iter().filter(|r| r.minify == minify).collect();
        for pair in case.windows(2) {
            let (a, b) = (&pair[0].median, &pair[1].median);
            let time = b.wall.as_secs_f64() / a.wall.as_secs_f64();
            let per_page = time / (b.pages as f64 / a.pages as f64);
            let memory = match (a.peak_mb, b.peak_mb) {
                (Some(x), Some(y)) => format!("memory x{:.1}", y / x),
                _ => "memory unknown".to_string(),
            };
            println!(
                "  {} -> {} years, {}: pages x{:.1}, output x{:.1}, time x{time:.1}, time per page x{per_page:.2}, {memory}",
                thousands(pair[0].years),
                thousands(pair[1].years),
                label(minify),
                b.pages as f64 / a.pages as f64,
                b.bytes as f64 / a.bytes as f64
            );
        }
    }
}

fn label(minify: bool) -> &'static str {
    if minify { "minified" } else { "--no-minify" }
}

fn mb(peak: Option<f64>) -> String {
    peak.map_or("?".to_string(), |m| format!("{m:.0} MB"))
}

/// 10000 as "10,000".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The release binary: `NIANBAO_BIN`, the one `cargo bench` built, or `cargo build --release`'s.
fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("NIANBAO_BIN") {
        return PathBuf::from(bin);
    }
    let built = PathBuf::from(env!("CARGO_BIN_EXE_nianbao"));
    let profile_dir = built.parent().expect("the binary's folder");
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        return built;
    }
    // `cargo build --benches` builds a debug binary: time the release one instead, built in the
    // same target folder (CARGO_TARGET_DIR is passed on to this cargo).
    let target = profile_dir.parent().expect("the target folder");
    println!("building the release binary (cargo build --release) ...");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--bin", "nianbao"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("running cargo");
    assert!(status.success(), "cargo build --release failed");
    target.join("release").join("nianbao")
}

/// Runs `nianbao --root site build --output out --timings [--no-minify]`, timing it.
fn build(bin: &Path, site: &Path, out: &Path, minify: bool) -> Run {
    let mut cmd = Command::new(bin);
    cmd.arg("--root").arg(site).args(["build", "--timings", "--output"]).arg(out);
    if !minify {
        cmd.arg("--no-minify");
    }
    settle();
    let (start, sys) = (Instant::now(), children_sys());
    let output = cmd.output().expect("running nianbao");
    let wall = start.elapsed();
    let build_sys = since(sys);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "nianbao build failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    // "built 2086 pages (4093 files) into ... in 9738 ms", then "  <stage>   <n> ms" lines and
    // "  peak memory   <n> MB".
    let pages = stdout
        .lines()
        .find_map(|l| l.strip_prefix("built ").and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()))
        .expect("a `built N pages` line");
    let mut stages = Vec::new();
    let mut peak_mb = None;
    for line in stdout.lines().filter(|l| l.starts_with("  ")) {
        let mut words: Vec<&str> = line.split_whitespace().collect();
        let (Some(unit), Some(value)) = (words.pop(), words.pop()) else { continue };
        let Ok(value) = value.parse::<f64>() else { continue };
        let name = words.join(" ");
        match unit {
            "MB" if name == "peak memory" => peak_mb = Some(value),
            "ms" => stages.push((name, value)),
            _ => {}
        }
    }
    let bytes = common::walk(out).iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    let (copy, copy_sys) = copy_floor(out);
    Run { wall, pages, bytes, peak_mb, stages, copy, build_sys, copy_sys }
}

/// Times `cp -r out <sibling>` into a folder that does not exist yet, and leaves the copy: it
/// is removed with the size's other outputs, after the last timed step. On an ext4 file system
/// without a journal (this project's machine), creating a file skips over every inode of its
/// group removed in the last minute or more (`recently_deleted` in `fs/ext4/ialloc.c`), so a
/// copy timed just after the previous copy was removed took up to ten times as long.
fn copy_floor(out: &Path) -> (Duration, Option<Duration>) {
    let copy = out.with_extension("copy");
    assert!(!copy.exists(), "{} exists", copy.display());
    settle();
    let (start, sys) = (Instant::now(), children_sys());
    let status = Command::new("cp").arg("-r").arg(out).arg(&copy).status().expect("running cp");
    let took = start.elapsed();
    assert!(status.success(), "cp -r failed");
    (took, since(sys))
}

/// The system CPU time of this process's finished children (`cstime` in /proc/self/stat, in
/// the kernel's USER_HZ ticks, 100 a second on Linux).
fn children_sys() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces: the
    // state is field 3, cstime field 17.
    let ticks: u64 = stat.rsplit_once(')')?.1.split_whitespace().nth(17 - 3)?.parse().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The children's system time since `before` was read.
fn since(before: Option<Duration>) -> Option<Duration> {
    Some(children_sys()?.saturating_sub(before?))
}

fn seconds(d: Option<Duration>) -> String {
    d.map_or("?".to_string(), |d| format!("{:.2} s", d.as_secs_f64()))
}

/// Writes every dirty page to disk (`sync`) before a timed command, so that it does not share
/// the disk with the writeback of what came before it (the previous output, the build just
/// timed): without it the copy floor varied eightfold from run to run.
fn settle() {
    let _ = Command::new("sync").status();
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_string())
}
