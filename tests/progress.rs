//! The progress line of a long build: shown at a terminal, never in a pipe.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{Project, copy_dir};

/// Nothing a terminal would draw: no carriage return, no escape sequence, no progress text.
fn assert_plain(what: &str, out: &str) {
    assert!(!out.contains('\r'), "{what} has a carriage return: {out:?}");
    assert!(!out.contains('\x1b'), "{what} has an escape sequence: {out:?}");
    assert!(!out.contains("rendered "), "{what} shows progress: {out:?}");
}

#[test]
fn a_piped_build_prints_only_the_summary_and_notes() {
    let p = Project::fixture("minimal");
    let r = p.run(&["build", "--output", "public"]);
    assert!(r.ok, "{}", r.stderr);
    assert_plain("stdout", &r.stdout);
    assert_plain("stderr", &r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{:?}", r.stdout);
    assert!(lines[0].starts_with("built ") && lines[0].contains(" pages (") && lines[0].ends_with(" ms"), "{:?}", r.stdout);
    assert!(r.stderr.lines().all(|l| l.is_empty() || l.starts_with("note: ")), "{:?}", r.stderr);
}

#[test]
fn a_failing_piped_build_prints_only_its_errors() {
    let p = Project::fixture("minimal");
    p.write("content/site.yaml", "not: [a, valid\n");
    let r = p.run(&["build", "--output", "public"]);
    assert!(!r.ok);
    assert_plain("stdout", &r.stdout);
    assert_plain("stderr", &r.stderr);
    assert!(r.stdout.is_empty(), "{:?}", r.stdout);
}

/// A synthetic site of 40 years (a build of a few seconds) with the default theme, when util-linux
/// `script` is here to run nianbao under a pseudo-terminal.
#[cfg(unix)]
fn site_at_a_terminal() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if Command::new("script").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().map(|s| !s.success()).unwrap_or(true) {
        eprintln!("skipped: no util-linux `script` to run nianbao under a pseudo-terminal");
        return None;
    }
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    nianbao::synth::generate(&root, 40).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &root.join("themes"));
    Some((site, root))
}

/// Under a pseudo-terminal (util-linux `script`), a build of a few seconds shows "rendered N
/// of M pages", cleared before the summary line.
#[cfg(unix)]
#[test]
fn a_long_build_at_a_terminal_shows_progress_then_the_summary() {
    let Some((_site, root)) = site_at_a_terminal() else { return };
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let cmd = format!("{} --root {} build --output public", quote(env!("CARGO_BIN_EXE_nianbao")), quote(&root.to_string_lossy()));
    let start = std::time::Instant::now();
    let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let took = start.elapsed();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    let summary = text.rfind("built ").unwrap_or_else(|| panic!("no summary line: {text:?}"));
    assert!(text[summary..].contains(" pages ("), "{text:?}");
    match text.rfind("rendered ") {
        Some(last) => {
            let line = &text[last..];
            let words: Vec<&str> = line.split_whitespace().take(5).collect();
            assert!(matches!(words[..], ["rendered", n, "of", m, "pages"] if n.parse::<usize>().is_ok() && m.parse::<usize>().is_ok()), "{line:?}");
            assert!(last < summary, "the progress line comes after the summary: {text:?}");
            assert!(text[last..summary].contains("\x1b[2K"), "the progress line is not cleared: {text:?}");
            assert!(!text[summary..].contains("rendered "), "{text:?}");
        }
        // Nothing shown is right for a build under a second (a fast machine).
        None => assert!(took.as_secs_f64() < 1.5, "a build of {took:?} at a terminal showed no progress: {text:?}"),
    }
}

/// The preview's first build of a large site shows the same progress line at a terminal,
/// cleared before the "built N pages" line.
#[cfg(unix)]
#[test]
fn the_previews_first_build_at_a_terminal_shows_progress() {
    let Some((_site, root)) = site_at_a_terminal() else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The preview runs until stopped: `timeout` ends it once the first build is long done.
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let cmd = format!("timeout -s INT 20 {} --root {} serve --port {port}", quote(env!("CARGO_BIN_EXE_nianbao")), quote(&root.to_string_lossy()));
    let start = std::time::Instant::now();
    let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let built = text.find("built ").unwrap_or_else(|| panic!("no first-build line: {text:?}"));
    match text[..built].rfind("rendered ") {
        Some(last) => {
            let words: Vec<&str> = text[last..].split_whitespace().take(5).collect();
            assert!(matches!(words[..], ["rendered", n, "of", m, "pages"] if n.parse::<usize>().is_ok() && m.parse::<usize>().is_ok()), "{text:?}");
            assert!(text[last..built].contains("\x1b[2K"), "the progress line is not cleared: {text:?}");
        }
        None => {
            // "built 184 pages in 266 ms": the number before "ms".
            let words: Vec<&str> = text[built..].split_whitespace().collect();
            let first = words.windows(2).find(|w| w[1] == "ms").and_then(|w| w[0].parse::<u64>().ok()).unwrap_or(u64::MAX);
            assert!(first < 1500, "a first build of {first} ms at a terminal showed no progress: {text:?} (after {:?})", start.elapsed());
        }
    }
    assert!(text.contains("serving the site at"), "{text:?}");
}
