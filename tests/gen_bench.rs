//! `nianbao gen-bench`: `--years` within its bounds, refused before anything is written
//! otherwise, and a synthetic site that builds as written, theme included.

mod common;

use std::path::Path;
use std::process::Command;

use common::Run;

/// Runs the real binary with `args` in `dir`.
fn nianbao(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).current_dir(dir).output().unwrap();
    Run { ok: out.status.success(), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() }
}

fn repo() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

#[test]
fn years_out_of_bounds_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    for years in ["0", "50001", "100001", "1000000000", "-1", "many"] {
        let out = tmp.path().join(format!("site-{years}"));
        let r = nianbao(tmp.path(), &["--root", repo(), "gen-bench", "--years", years, "--out", out.to_str().unwrap()]);
        assert!(!r.ok, "--years {years} was accepted:\n{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("--years"), "--years {years}: the message names the option:\n{}", r.stderr);
        if years.parse::<u64>().is_ok() {
            assert!(r.stderr.contains("1..=50000"), "--years {years}: the message names the bound:\n{}", r.stderr);
        }
        assert!(!out.exists(), "--years {years} wrote {}", out.display());
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing was written");
}

#[test]
fn the_site_builds_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let r = nianbao(tmp.path(), &["--root", repo(), "gen-bench", "--years", "3", "--out", "X"]);
    assert!(r.ok, "gen-bench failed:\n{}", r.stderr);
    assert!(r.stdout.contains("nianbao --root X build"), "it says how to build the site:\n{}", r.stdout);
    let x = tmp.path().join("X");
    for file in
        ["content/site.yaml", "content/years/10000.yaml", "content/years/10002.en.md", "themes/default/templates/base.html", "themes/default/static/search.js"]
    {
        assert!(x.join(file).is_file(), "gen-bench wrote no {file}");
    }
    assert!(!x.join("content/years/10003.yaml").exists(), "three years, not four");
    // The theme is a copy of the project's, file for file.
    let theme = Path::new(repo()).join("themes/default");
    let theirs: Vec<_> = common::walk(&theme).into_iter().map(|p| p.strip_prefix(&theme).unwrap().to_path_buf()).collect();
    let ours: Vec<_> = common::walk(&x.join("themes/default")).into_iter().map(|p| p.strip_prefix(x.join("themes/default")).unwrap().to_path_buf()).collect();
    assert_eq!(ours, theirs);

    let r = nianbao(tmp.path(), &["--root", "X", "build"]);
    assert!(r.ok, "the synthetic site does not build as written:\n{}", r.stderr);
    assert!(x.join("public/zh/years/10001/index.html").is_file() && x.join("public/search.js").is_file(), "{}", r.stdout);
    let r = nianbao(tmp.path(), &["--root", "X", "check"]);
    assert!(r.ok, "nianbao check fails on the synthetic site:\n{}", r.stderr);
}

#[test]
fn the_last_year_of_the_largest_site_builds() {
    // A site of MAX_YEARS years is too slow to write here: write two years and renumber the
    // second as the last year of the largest site, which must still be a year nianbao reads.
    let last = 10_000 + nianbao::synth::MAX_YEARS - 1;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    nianbao::synth::write_project(&Path::new(repo()).join("themes"), &site, 2).unwrap();
    let years = site.join("content/years");
    for ext in ["yaml", "zh.md", "en.md"] {
        let text = std::fs::read_to_string(years.join(format!("10001.{ext}"))).unwrap();
        std::fs::remove_file(years.join(format!("10001.{ext}"))).unwrap();
        std::fs::write(years.join(format!("{last}.{ext}")), text.replace("10001", &last.to_string())).unwrap();
    }
    let r = nianbao(tmp.path(), &["--root", "site", "build"]);
    assert!(r.ok, "a site whose last year is {last} does not build:\n{}", r.stderr);
    assert!(site.join(format!("public/en/years/{last}/index.html")).is_file());
    // One more year would be past what the library writes.
    let err = nianbao::synth::generate(&tmp.path().join("more"), nianbao::synth::MAX_YEARS + 1).unwrap_err().to_string();
    assert!(err.contains("50000"), "{err}");
    assert!(!tmp.path().join("more").exists());
}

#[test]
fn a_project_without_the_theme_is_refused_with_help() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty-project");
    std::fs::create_dir(&empty).unwrap();
    let r = nianbao(tmp.path(), &["--root", "empty-project", "gen-bench", "--years", "2", "--out", "Y"]);
    assert!(!r.ok, "gen-bench without a theme succeeded:\n{}", r.stdout);
    assert!(r.stderr.contains("no theme to copy") && r.stderr.contains("--root"), "{}", r.stderr);
    assert!(!tmp.path().join("Y").exists(), "it wrote a site that cannot build");
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("Z")).unwrap();
    std::fs::write(tmp.path().join("Z/keep.txt"), "mine").unwrap();
    let r = nianbao(tmp.path(), &["--root", repo(), "gen-bench", "--years", "2", "--out", "Z"]);
    assert!(!r.ok && r.stderr.contains("not empty"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(tmp.path().join("Z")).unwrap().count(), 1);
}
