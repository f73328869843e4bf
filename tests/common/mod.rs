//! The test harness: a fixture site copied into a temporary project, built with the real
//! `nianbao` binary, and read back the way a reader sees it.
#![allow(dead_code)]

pub mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary project made from a fixture under `tests/fixtures/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&entry, &dest).unwrap();
    }
}

/// Every file under `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out.sort();
    out
}

impl Project {
    /// Copies `tests/fixtures/<name>/` and, unless the fixture has its own, the repo's themes.
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let src = repo().join("tests/fixtures").join(name);
        copy_dir(&src, dir.path());
        if !dir.path().join("themes").exists() {
            copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        }
        Project { dir }
    }

    /// The repository's own project (content/, themes/ and the source texts), copied.
    pub fn erqi() -> Project {
        let dir = tempfile::tempdir().unwrap();
        for part in ["content", "themes", "sources"] {
            copy_dir(&repo().join(part), &dir.path().join(part));
        }
        Project { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or replaces) a file of the project.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Replaces the first occurrence of `from` in a file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Runs `nianbao --root <project> <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output =
            Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("--root").arg(self.dir.path()).args(args).current_dir(self.dir.path()).output().unwrap();
        Run { ok: out.status.success(), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() }
    }

    /// Builds into `public/` and panics with the errors if the build fails. The HTML is left
    /// as rendered (`--no-minify`) so that tests can read it; tests/publish.rs covers minified
    /// output.
    pub fn build(&self) -> &Self {
        let r = self.run(&["build", "--output", "public", "--no-minify"]);
        assert!(r.ok, "build failed:\n{}", r.stderr);
        self
    }

    /// The HTML of an output page (`zh/years/2020/`).
    pub fn page(&self, page: &str) -> String {
        let rel = if page.ends_with('/') || page.is_empty() { format!("public/{page}index.html") } else { format!("public/{page}") };
        self.read(&rel)
    }

    /// Every output file with its bytes, to show that a failed build changed nothing.
    pub fn snapshot(&self, dir: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        let root = self.path(dir);
        walk(&root).into_iter().map(|p| (p.strip_prefix(&root).unwrap().to_path_buf(), fs::read(&p).unwrap())).collect()
    }
}

/// The visible text of an HTML page's `<main>`: tags dropped, entities decoded, spaces folded.
pub fn text(html: &str) -> String {
    let body = match (html.find("<main"), html.rfind("</main>")) {
        (Some(a), Some(b)) => &html[a..b],
        _ => html,
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Values of `attr` on every tag of the HTML (e.g. every `href`), quoted or not (minified
/// pages drop the quotes where HTML allows it).
pub fn attrs(html: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        // Attributes: name, then optionally `=` and a value in "", '' or none.
        let mut t = tag.trim_start_matches(|c: char| !c.is_whitespace());
        loop {
            t = t.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if t.is_empty() {
                break;
            }
            let name_end = t.find(|c: char| c.is_whitespace() || c == '=').unwrap_or(t.len());
            let name = &t[..name_end];
            t = t[name_end..].trim_start();
            let Some(v) = t.strip_prefix('=') else { continue };
            let v = v.trim_start();
            let (value, next) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = v[1..].find(q).map_or(v.len(), |e| e + 1);
                    (&v[1..close], &v[(close + 1).min(v.len())..])
                }
                _ => {
                    let e = v.find(char::is_whitespace).unwrap_or(v.len());
                    (&v[..e], &v[e..])
                }
            };
            if name.eq_ignore_ascii_case(attr) {
                out.push(value.replace("&amp;", "&").replace("&#39;", "'"));
            }
            t = next;
        }
    }
    out
}

/// Where the tag starting at `s` (after its `<`) ends: its `>`, outside quoted values.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    let mut after_eq = false;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if after_eq => quote = Some(c),
            (None, '>') => return i,
            _ => {}
        }
        if quote.is_none() && !c.is_whitespace() {
            after_eq = c == '=';
        }
    }
    s.len()
}

/// The synthetic sizes a benchmark runs: `NIANBAO_BENCH_SIZES` (years, separated by commas:
/// `1000,10000`), else `default`.
pub fn bench_sizes(default: &[usize]) -> Vec<usize> {
    match std::env::var("NIANBAO_BENCH_SIZES") {
        Ok(s) => s
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().replace('_', "").parse().expect("NIANBAO_BENCH_SIZES: numbers separated by commas"))
            .collect(),
        Err(_) => default.to_vec(),
    }
}
