//! Shared by the `commentary` and `content_yaml` targets (included with `#[path]`, not a target
//! of its own): the minimal fixture (`tests/fixtures/minimal`), its files compiled in, as raw
//! content with one file replaced by fuzzed text and as the validated site; and the invariants
//! every diagnostic keeps. Only the public pipeline is used (`yaml::parse`, `parse_commentary`,
//! `validate`), so that the targets follow the checks as they change.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use nianbao::error::{Diagnostic, InputFile};
use nianbao::lang::Lang;
use nianbao::load::{Loaded, RawContent, parse_commentary};
use nianbao::model::Site;
use nianbao::section::Section;

macro_rules! fixture {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../tests/fixtures/minimal/content/", $name)))),*]
    };
}

/// The fixture's content files, by their name under `content/`.
pub const FILES: [(&str, &str); 12] = fixture![
    "site.yaml",
    "sources.yaml",
    "topics.yaml",
    "boards.yaml",
    "indicators.yaml",
    "glossary.yaml",
    "life_areas.yaml",
    "years/2019.yaml",
    "years/2020.yaml",
    "years/2022.yaml",
    "years/2020.en.md",
    "years/2020.zh.md",
];

/// The path nianbao names a content file by.
pub fn path(name: &str) -> PathBuf {
    Path::new("content").join(name)
}

/// The fixture's content with the file `name` holding `text` instead (or added, for a year or
/// plan file the fixture has not); `None` when that text does not load.
pub fn content(name: &str, text: &str) -> Option<RawContent> {
    let text_of = |n: &str| if n == name { Some(text) } else { FILES.iter().find(|(f, _)| *f == n).map(|(_, t)| *t) };
    let yaml = |n: &str| text_of(n).map(|t| (n.to_string(), t));
    let mut names: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
    if !names.contains(&name) {
        names.push(name);
    }
    let stem = |n: &str| Path::new(n).file_stem().unwrap().to_str().unwrap().to_string();
    let mut years = Vec::new();
    let mut plans = Vec::new();
    let mut commentary = Vec::new();
    for n in &names {
        if let Some(rest) = n.strip_prefix("years/").filter(|r| r.ends_with(".yaml")) {
            years.push((stem(rest), load(yaml(n)?)?));
        } else if let Some(rest) = n.strip_prefix("plans/").filter(|r| r.ends_with(".yaml")) {
            plans.push((stem(rest), load(yaml(n)?)?));
        } else if let Some(rest) = n.strip_prefix("years/").and_then(|r| r.strip_suffix(".md")) {
            let (key, lang) = rest.rsplit_once('.')?;
            let lang = Lang::from_code(lang)?;
            commentary.push(parse_commentary(Section::Years, key, lang, &path(n), text_of(n)?.to_string()).ok()?);
        }
    }
    Some(RawContent {
        site: load(yaml("site.yaml")?)?,
        sources: load(yaml("sources.yaml")?)?,
        topics: load(yaml("topics.yaml")?)?,
        boards: load(yaml("boards.yaml")?)?,
        indicators: load(yaml("indicators.yaml")?)?,
        glossary: Some(load(yaml("glossary.yaml")?)?),
        life_areas: Some(load(yaml("life_areas.yaml")?)?),
        years,
        plans,
        commentary,
    })
}

/// `text` parsed as the loader parses `content/<name>`, or `None`.
pub fn load<T: serde::de::DeserializeOwned>((name, text): (String, &str)) -> Option<Loaded<T>> {
    let path = path(&name);
    let value = nianbao::load::yaml::parse(&path, text, 0).ok()?;
    Some(Loaded { file: Arc::new(InputFile::new(path, text)), value })
}

/// The fixture, validated (its theme taken as present).
pub static SITE: LazyLock<Site> = LazyLock::new(|| {
    let raw = content("", "").expect("the fixture does not load");
    nianbao::validate::validate(raw, &["default".to_string()]).unwrap_or_else(|d| panic!("the fixture does not validate: {d:?}"))
});

/// What every diagnostic about `text` (the file as read) keeps: it prints, names a line the
/// file has (or the one just past its end, for "ended too early"), and shows that line when it
/// shows one.
pub fn check_diagnostic(d: &Diagnostic, text: &str) {
    let shown = check_line(d, text);
    let lines = text.lines().count();
    if d.line >= 1 && d.line <= lines {
        let line = text.lines().nth(d.line - 1).unwrap();
        if let Some(snippet) = &d.snippet {
            assert_eq!(snippet, line.trim_end_matches('\r'), "the line shown is not line {}: {shown}", d.line);
        }
    }
}

/// [`check_diagnostic`] for a file that could not be decoded, given as its bytes were written
/// (`text`, with line breaks as nianbao counts them): it prints, at a line the file has. (The
/// line it shows is the text as decoded, in one Unicode spelling: not compared.)
pub fn check_line(d: &Diagnostic, text: &str) -> String {
    let shown = d.to_string();
    let lines = text.lines().count();
    assert!(d.line <= lines + 1, "a diagnostic at line {} of a {lines}-line file: {shown}", d.line);
    shown
}

/// [`check_diagnostic`] for a diagnostic of a whole validation: about `name` (holding `text`)
/// or about a fixture file.
#[allow(dead_code)]
pub fn check_site_diagnostic(d: &Diagnostic, name: &str, text: &str) {
    if d.path == path(name) {
        check_diagnostic(d, text);
    } else if let Some((_, t)) = FILES.iter().find(|(n, _)| d.path == path(n)) {
        check_diagnostic(d, t);
    } else {
        let _ = d.to_string();
    }
}
