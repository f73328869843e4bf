//! Every case under `tests/fixtures/invalid/<case>/` is one broken thing, written over the
//! `minimal` fixture. Each must fail the build with a message naming the place (the lines of the
//! case's `expected.txt` appear in the error output), exit non-zero, and leave the previous
//! output byte-for-byte as it was. The whole error output is pinned in the case's
//! `stderr.txt`; after a deliberate change of wording, regenerate the snapshots with
//! `NIANBAO_BLESS=1 cargo test --test invalid` and review the diff.

mod common;

use std::path::Path;

use common::{Project, copy_dir, walk};

fn cases() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    cases
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy();
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    let expected = std::fs::read_to_string(case.join("expected.txt")).map_err(|e| format!("{name}: expected.txt: {e}"))?;
    for file in walk(case) {
        let rel = file.strip_prefix(case).unwrap();
        if rel != Path::new("expected.txt") && rel != Path::new("stderr.txt") {
            let dest = p.path(&rel.to_string_lossy());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&file, dest).unwrap();
        }
    }
    let _ = copy_dir;
    let r = p.run(&["build", "--output", "public"]);
    let mut problems = Vec::new();
    if r.ok {
        problems.push("the build succeeded".to_string());
    }
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        if !r.stderr.contains(line) {
            problems.push(format!("the error output lacks {line:?}"));
        }
    }
    let snapshot = case.join("stderr.txt");
    if std::env::var_os("NIANBAO_BLESS").is_some() {
        std::fs::write(&snapshot, &r.stderr).unwrap();
    } else {
        match std::fs::read_to_string(&snapshot) {
            Ok(want) if want == r.stderr => {}
            Ok(want) => problems.push(format!("the error output differs from stderr.txt:\n--- want ---\n{want}--- got ---\n{}", r.stderr)),
            Err(_) => problems.push("no stderr.txt snapshot (run with NIANBAO_BLESS=1)".into()),
        }
    }
    if p.snapshot("public") != before {
        problems.push("the previous output changed".into());
    }
    let check = p.run(&["check"]);
    if check.ok {
        problems.push("`nianbao check` accepted it".into());
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{name}: {}\n--- stderr ---\n{}", problems.join("; "), r.stderr)) }
}

#[test]
fn every_invalid_fixture_fails_clearly_and_changes_nothing() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} invalid fixtures", cases.len());
    // Each case runs in its own temporary project: spread them over the cores.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = cases.chunks(cases.len().div_ceil(threads)).collect();
        let handles: Vec<_> = chunks.into_iter().map(|chunk| scope.spawn(move || chunk.iter().filter_map(|c| run_case(c).err()).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn all_problems_are_reported_together() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2022.yaml", "source: 2023-two-sessions", "source: nowhere");
    p.edit("content/years/2020.yaml", "boards: [business-district]", "boards: [nowhere]");
    p.remove("content/years/2020.en.md");
    let r = p.run(&["build"]);
    assert!(!r.ok);
    for needle in ["unknown source `nowhere`", "unknown board `nowhere`", "missing translation", "3 problems found"] {
        assert!(r.stderr.contains(needle), "lacks {needle}:\n{}", r.stderr);
    }
}

#[test]
fn messages_point_with_a_caret_under_the_value() {
    let p = Project::fixture("minimal");
    p.edit("content/years/2022.yaml", "source: 2023-two-sessions", "source: nowhere");
    let r = p.run(&["build"]);
    let expected =
        "error: unknown source `nowhere`\n  --> content/years/2022.yaml:8:13\n  |\n8 |     source: nowhere\n  |             ^\n  = help: known sources:";
    assert!(r.stderr.contains(expected), "{}", r.stderr);
}
