//! `nianbao init` and `nianbao new`, through the real binary: what they write builds at once,
//! and what they refuse leaves every file as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Project, Run};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `nianbao --root <repo> init <dir> <args>` (the theme comes from the repository's themes/).
fn init(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("--root").arg(repo()).arg("init").arg(dir).args(args).output().unwrap();
    Run { ok: out.status.success(), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() }
}

/// A digest made by `init` in a new temporary folder.
fn fresh() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let r = init(dir.path(), &["--name-zh", "金水区", "--name-en", "Jinshui District"]);
    assert!(r.ok, "init failed:\n{}{}", r.stdout, r.stderr);
    Project { dir }
}

/// The year of the example year file `init` wrote.
fn example_year(p: &Project) -> String {
    let names: Vec<String> = std::fs::read_dir(p.path("content/years")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    let yaml = names.iter().find(|n| n.ends_with(".yaml")).expect("a year file");
    yaml.trim_end_matches(".yaml").to_string()
}

fn assert_ok(r: &Run, what: &str) {
    assert!(r.ok, "{what} failed:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
}

#[test]
fn init_writes_a_digest_that_builds_and_checks() {
    // A folder that does not exist yet is created.
    let parent = tempfile::tempdir().unwrap();
    let r = init(&parent.path().join("new/digest"), &["--name-zh", "金水区", "--name-en", "Jinshui District"]);
    assert_ok(&r, "init");
    assert!(r.stdout.contains("site.yaml") && r.stdout.contains("next:"), "{}", r.stdout);
    assert!(parent.path().join("new/digest/content/site.yaml").is_file());

    let p = fresh();
    let site = p.read("content/site.yaml");
    assert!(site.contains("金水区年报") && site.contains("Jinshui District Annual Digest"), "{site}");
    assert_eq!(p.read(".gitignore"), "public/\n");
    assert!(p.read("README.md").contains("Jinshui District"));
    assert!(p.path("themes/default/templates").is_dir());
    assert!(!p.path(".nianbao-init").exists(), "the staging folder is left behind");
    let year = example_year(&p);
    assert!(year.parse::<u16>().unwrap() >= 2025, "the year is from the clock: {year}");
    assert!(p.read(&format!("content/years/{year}.yaml")).contains("source: example-report"));

    p.build();
    assert!(p.page(&format!("zh/years/{year}/")).contains("金水区"));
    assert!(p.page(&format!("en/years/{year}/")).contains("Jinshui District"));
    let check = p.run(&["check", "--strict"]);
    assert_ok(&check, "check --strict");
}

#[test]
fn init_without_names_and_no_terminal_writes_placeholders_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("--root").arg(repo()).arg("init").arg(dir.path()).stdin(std::process::Stdio::null()).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--name-zh") && stderr.contains("--name-en") && stderr.contains("placeholder"), "{stderr}");
    let p = Project { dir };
    assert!(p.read("content/site.yaml").contains("(place name) Annual Digest"));
    p.build();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let p = Project { dir: tempfile::tempdir().unwrap() };
    p.write("notes.txt", "mine\n");
    let before = p.snapshot("");
    let r = init(p.dir.path(), &["--name-zh", "金水区", "--name-en", "Jinshui District"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("is not empty") && r.stderr.contains("help:"), "{}", r.stderr);
    assert_eq!(p.snapshot(""), before);
}

#[test]
fn new_year_builds_in_both_languages_and_refuses_a_second_time() {
    let p = fresh();
    let r = p.run(&["new", "year", "2027"]);
    assert_ok(&r, "new year");
    assert!(r.stdout.contains("years/2027.yaml") && r.stdout.contains("2027.zh.md") && r.stdout.contains("next:"), "{}", r.stdout);
    let yaml = p.read("content/years/2027.yaml");
    assert!(yaml.starts_with("year: 2027\nfacts: []\n") && yaml.contains("#     status: actual"), "{yaml}");
    p.build();
    assert!(p.path("public/zh/years/2027/index.html").is_file());
    assert!(p.path("public/en/years/2027/index.html").is_file());
    assert_ok(&p.run(&["check", "--strict"]), "check --strict");

    let before = p.snapshot("content");
    let again = p.run(&["new", "year", "2027"]);
    assert!(!again.ok);
    assert!(again.stderr.contains("years/2027.yaml") && again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(p.snapshot("content"), before);
}

#[test]
fn new_plan_board_and_topic_build_in_a_new_digest() {
    let p = fresh();
    assert_ok(&p.run(&["new", "plan", "fyp15", "--start", "2026", "--end", "2030"]), "new plan");
    // The new digest's catalogues are empty lists (`[]`): the first entry replaces it.
    assert_ok(&p.run(&["new", "board", "old-town"]), "new board");
    assert_ok(&p.run(&["new", "topic", "ecology"]), "new topic");
    let boards = p.read("content/boards.yaml");
    assert!(boards.starts_with("# Boards") && boards.contains("- id: old-town") && !boards.contains("[]\n- id"), "{boards}");
    p.build();
    for page in ["zh/plans/fyp15/", "en/plans/fyp15/", "zh/boards/old-town/", "en/topics/ecology/"] {
        assert!(p.path(&format!("public/{page}index.html")).is_file(), "{page} is missing");
    }
    assert!(p.page("en/boards/old-town/").contains("(name in English)"));
    assert_ok(&p.run(&["check", "--strict"]), "check --strict");
    // A plan that ends before it starts, and an id that is not a slug, are refused.
    assert!(!p.run(&["new", "plan", "bad", "--start", "2030", "--end", "2026"]).ok);
    assert!(!p.run(&["new", "topic", "Not A Slug"]).ok);
    // Outside a digest, `new` refuses instead of making a content/ folder.
    let empty = Project { dir: tempfile::tempdir().unwrap() };
    let r = empty.run(&["new", "year", "2027"]);
    assert!(!r.ok && r.stderr.contains("site.yaml"), "{}", r.stderr);
    assert!(!empty.path("content").exists());
}

#[test]
fn new_board_and_topic_append_to_a_catalogue_and_refuse_an_existing_id() {
    let p = Project::fixture("minimal");
    let before = p.snapshot("content");
    for (args, named) in [
        (&["new", "board", "business-district"][..], "board `business-district`"),
        (&["new", "board", "kangyang-industry"][..], "board `kangyang-industry`"), // a former name's slug
        (&["new", "topic", "quality"][..], "topic `quality`"),
    ] {
        let r = p.run(args);
        assert!(!r.ok, "{args:?} succeeded");
        assert!(r.stderr.contains(named) && r.stderr.contains(".yaml"), "{args:?}: {}", r.stderr);
    }
    assert_eq!(p.snapshot("content"), before, "a refusal wrote something");

    let (boards, topics) = (p.read("content/boards.yaml"), p.read("content/topics.yaml"));
    assert_ok(&p.run(&["new", "board", "new-district"]), "new board");
    assert_ok(&p.run(&["new", "topic", "green"]), "new topic");
    // The catalogue's text is kept as written, the entry appended.
    assert!(p.read("content/boards.yaml").starts_with(&boards));
    assert!(p.read("content/topics.yaml").starts_with(&topics));
    p.build();
    assert!(p.path("public/zh/boards/new-district/index.html").is_file());
    assert!(p.path("public/en/topics/green/index.html").is_file());
    assert_ok(&p.run(&["check"]), "check");
}
