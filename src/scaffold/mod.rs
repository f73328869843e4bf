//! Scaffolding for editors: `nianbao init DIR` writes a new digest that builds at once, and
//! `nianbao new year|plan|board|topic` adds a page with placeholders to fill. Everything is
//! checked before anything is written: a refusal (a folder that is not empty, a file or an id
//! that exists) writes nothing. Catalogue entries are appended as text, so the editor's comments
//! and layout stay as they were.

use std::fs;
use std::io::{BufRead, IsTerminal, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::raw::{RawBoard, RawTopic};
use crate::load::yaml;
use crate::synth;

/// The commented template of a fact that year and plan files carry under `facts: []`.
const FACT_TEMPLATE: &str = include_str!("fact_template.yaml");
/// The README of a new digest.
const README: &str = include_str!("readme.md");

/// The id of the example source `init` writes.
pub const EXAMPLE_SOURCE: &str = "example-report";

/// The place's names, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

impl Names {
    /// The neutral names written when none are given.
    pub fn placeholder() -> Names {
        Names { zh: "（地名）".into(), en: "(place name)".into() }
    }
}

/// What a scaffolding command did: each file written or appended to, and what to edit next.
#[derive(Debug, Default)]
pub struct Report {
    /// `wrote content/years/2024.yaml`, `appended board `x` to content/boards.yaml`, ...
    pub done: Vec<String>,
    /// What the editor should fill in or run next.
    pub next: Vec<String>,
    /// Things the editor should know (a placeholder used in place of a name).
    pub notes: Vec<String>,
}

/// The place's names from `--name-zh` / `--name-en`; a missing one is asked for when stdin is
/// a terminal, and is otherwise the neutral placeholder (with a note saying so).
pub fn names(zh: Option<String>, en: Option<String>, notes: &mut Vec<String>) -> Result<Names> {
    let placeholder = Names::placeholder();
    let terminal = std::io::stdin().is_terminal();
    let mut pick = |given: Option<String>, flag: &str, question: &str, fallback: String| -> Result<String> {
        if let Some(name) = given {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err(Error::refused(format!("`--{flag}` is empty or holds a control character"))
                    .help(format!("give the place's name, e.g. `--{flag} {}`", if flag == "name-zh" { "金水区" } else { "\"Jinshui District\"" })));
            }
            return Ok(name);
        }
        if terminal {
            eprint!("{question} ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| Error::refused("cannot read the answer").because(e))?;
            let answer = line.trim().to_string();
            if !answer.is_empty() && !answer.chars().any(char::is_control) {
                return Ok(answer);
            }
        }
        notes.push(format!("no `--{flag}` given: wrote the placeholder \"{fallback}\"; replace it in content/site.yaml and content/sources.yaml"));
        Ok(fallback)
    };
    let zh = pick(zh, "name-zh", "The place's name in Chinese (e.g. 二七区):", placeholder.zh)?;
    let en = pick(en, "name-en", "The place's name in English (e.g. Erqi District):", placeholder.en)?;
    Ok(Names { zh, en })
}

/// The current year by the system clock (UTC).
pub fn current_year() -> u16 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    year_of_day((secs / 86_400) as i64)
}

/// The year of a day counted from 1970-01-01 (the proleptic Gregorian calendar).
fn year_of_day(days: i64) -> u16 {
    // Howard Hinnant's civil_from_days, keeping only the year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    u16::try_from(year).unwrap_or(u16::MAX)
}

/// A YAML double-quoted scalar holding `s` (a JSON string is one).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Whether `id` is an id nianbao accepts: lowercase ASCII letters, digits and inner hyphens.
fn is_slug(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !id.starts_with('-') && !id.ends_with('-')
}

fn check_slug(id: &str, what: &str) -> Result<()> {
    if is_slug(id) {
        return Ok(());
    }
    let suggestion: String = id.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let suggestion = suggestion.trim_matches('-');
    Err(Error::refused(format!("`{id}` is not a {what} id nianbao accepts")).help(format!(
        "ids become URLs: use lowercase letters, digits and hyphens{}",
        if suggestion.is_empty() { String::new() } else { format!(", e.g. `{suggestion}`") }
    )))
}

/// Refuses to add to a folder that holds no digest (`content/site.yaml`).
fn require_digest(content: &Path) -> Result<()> {
    let site = content.join("site.yaml");
    if site.is_file() {
        return Ok(());
    }
    Err(Error::refused(format!("{} does not exist: there is no digest here to add to", site.display()))
        .help("run this in a digest's folder, or name it with `--root DIR`; `nianbao init DIR` starts a new one"))
}

/// Refuses when any of `paths` exists, naming it.
fn refuse_existing(paths: &[&Path], what: &str) -> Result<()> {
    if let Some(p) = paths.iter().find(|p| p.exists() || p.is_symlink()) {
        return Err(Error::refused(format!("{} already exists; {what}", p.display()))
            .help("edit the existing file, or pick another name; `nianbao new` never overwrites a file"));
    }
    Ok(())
}

/// Writes a new file (never replacing one), creating its folder.
fn create(path: &Path, text: &str, report: &mut Report) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io(path, e))?;
    report.done.push(format!("wrote {}", path.display()));
    Ok(())
}

/// The commented fact template, for a file whose facts lie in `period` (described by `periods`).
fn fact_template(period: &str, periods: &str) -> String {
    // `period: "2020"` padded so that its comment lines up with the others'.
    let value = format!("{:<18} ", format!("\"{period}\""));
    FACT_TEMPLATE.replace("{periods}", periods).replace("{period}", &value)
}

/// A commentary file: front matter (title, summary) when given, and a placeholder paragraph.
fn commentary(front: Option<(&str, &str)>, body: &str) -> String {
    match front {
        Some((title, summary)) => format!("---\ntitle: {}\nsummary: {}\n---\n{body}\n", quoted(title), quoted(summary)),
        None => format!("{body}\n"),
    }
}

/// `nianbao init DIR`: a new digest in `dir` (new or empty) that `nianbao --root DIR build`
/// builds as written, with the default theme copied from `themes_dir` and one example year,
/// `year`.
pub fn init(themes_dir: &Path, dir: &Path, names: &Names, year: u16) -> Result<Report> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::refused(format!("{} exists and is not a folder", dir.display())).help("name a new or empty folder for the digest"));
        }
        if fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
            return Err(Error::refused(format!("{} is not empty; `nianbao init` writes a new digest into a new or empty folder", dir.display()))
                .help("name a new folder (it is created), or empty this one first; to add to an existing digest, use `nianbao new`"));
        }
    }
    // The theme is listed first: without one, nothing is written.
    let theme = themes_dir.join(synth::THEME);
    let files = synth::default_theme(themes_dir)?;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut report = Report::default();
    files.copy_into(dir)?;
    report.done.push(format!("copied the {} theme from {} into {}", synth::THEME, theme.display(), dir.join("themes").join(synth::THEME).display()));

    let content = dir.join("content");
    let (zh, en) = (&names.zh, &names.en);
    create(
        &content.join("site.yaml"),
        &format!(
            "# The site: titles per language, languages, where it is published, which theme renders it.\n\
             title:\n  zh: {}\n  en: {}\n\
             description:\n  zh: {}\n  en: {}\n\
             default_language: zh\nlanguages: [zh, en]\n\
             base_url: /          # the path the site is published under, e.g. /digest/\n\
             theme: {}\n",
            quoted(&format!("{zh}年报")),
            quoted(&format!("{en} Annual Digest")),
            quoted(&format!("{zh}历年政府工作报告的数字摘要：目标、预计与实绩，每个数字都注明出处。")),
            quoted(&format!("The yearly work reports of {en} as figures: plans, estimates and outcomes, each traced to its source.")),
            synth::THEME
        ),
        &mut report,
    )?;
    create(
        &content.join("sources.yaml"),
        &format!(
            "# The source documents every figure cites. Each `id` names a text file `<id>.txt` that\n\
             # `nianbao check --sources DIR` reads. Replace this example with the first report you use.\n\
             - id: {EXAMPLE_SOURCE}\n  title:\n    zh: {}\n    en: {}\n\
             \x20 date: {year}-01-01\n\
             \x20 date_precision: year     # day (default), month or year: how much of the date the source prints\n\
             \x20 publisher: {{zh: \"（发布者）\", en: \"(publisher)\"}}\n\
             \x20 covers: {{zh: \"（报告涵盖的内容）\", en: \"(what the report covers)\"}}\n",
            quoted(&format!("（示例）{zh}政府工作报告")),
            quoted(&format!("(Example) Government work report of {en}")),
        ),
        &mut report,
    )?;
    create(
        &content.join("indicators.yaml"),
        "# What a figure measures: its name in both languages and the unit the sources print it in.\n\
         - id: gdp\n  name: {zh: 地区生产总值, en: Gross domestic product}\n  unit: 亿元\n\
         \x20 headline: true   # optional: shown on the home page and in the year pages' summaries\n\
         \x20 # kind: level    # optional: level (default), growth (a % change) or share (a % of a whole)\n\
         \x20 # topics: []     # optional: ids of topics.yaml\n",
        &mut report,
    )?;
    create(
        &content.join("topics.yaml"),
        "# Topics: the development paths facts are grouped by (id, name, summary).\n# Add one with `nianbao new topic <id>`.\n[]\n",
        &mut report,
    )?;
    create(
        &content.join("boards.yaml"),
        "# Boards (板块): the areas facts belong to (id, name, since, former names, topics, summary).\n# Add one with `nianbao new board <id>`.\n[]\n",
        &mut report,
    )?;
    create(
        &content.join("years").join(format!("{year}.yaml")),
        &format!(
            "year: {year}\nfacts:\n  # An example: replace it with the year's first figure (`nianbao new year` writes a\n  # template of every key).\n\
             \x20 - indicator: gdp\n    value: 100\n    unit: 亿元\n    period: \"{year}\"\n    status: actual\n    source: {EXAMPLE_SOURCE}\n    figure: \"100亿元\"\n\
             \x20   note: {{zh: 示例数字，请替换。, en: \"An example figure: replace it.\"}}\n"
        ),
        &mut report,
    )?;
    write_year_commentary(&content, year, &mut report)?;
    create(&dir.join(".gitignore"), "public/\n", &mut report)?;
    create(&dir.join("README.md"), &README.replace("{name_zh}", zh).replace("{name_en}", en).replace("{year}", &year.to_string()), &mut report)?;

    report.next = vec![
        format!("edit {}: the title, the description and base_url", content.join("site.yaml").display()),
        format!(
            "replace the example source in {} and the example fact in {}",
            content.join("sources.yaml").display(),
            content.join("years").join(format!("{year}.yaml")).display()
        ),
        format!("write the year's commentary in {year}.zh.md and {year}.en.md"),
        format!("build it: nianbao --root {} build (or serve, to preview while you edit)", dir.display()),
    ];
    Ok(report)
}

/// The two commentary files of a year.
fn write_year_commentary(content: &Path, year: u16, report: &mut Report) -> Result<()> {
    let years = content.join("years");
    create(
        &years.join(format!("{year}.zh.md")),
        &commentary(Some((&format!("{year}年：（标题）"), "（一句话概括这一年）")), "（在这里用中文写这一年的解读：目标、预计与实绩。）"),
        report,
    )?;
    create(
        &years.join(format!("{year}.en.md")),
        &commentary(
            Some((&format!("{year}: (title)"), "(the year in one sentence)")),
            "(Write the year's commentary in English here: its targets, estimates and outcomes.)",
        ),
        report,
    )
}

/// `nianbao new year YEAR`: `content/years/YEAR.yaml` with no facts and a commented template
/// of one, and its commentary in both languages.
pub fn new_year(content: &Path, year: u16) -> Result<Report> {
    require_digest(content)?;
    let years = content.join("years");
    let data = years.join(format!("{year}.yaml"));
    let (zh, en) = (years.join(format!("{year}.zh.md")), years.join(format!("{year}.en.md")));
    refuse_existing(&[&data, &zh, &en], &format!("year {year} has its files"))?;
    let mut report = Report::default();
    create(
        &data,
        &format!("year: {year}\nfacts: []\n{}", fact_template(&year.to_string(), &format!("\"{year}\", or its first half \"{year}-H1\""))),
        &mut report,
    )?;
    write_year_commentary(content, year, &mut report)?;
    report.next = vec![
        format!("add the year's facts to {} (a commented template of every key is at its end)", data.display()),
        format!("replace the placeholders in {} and {}", zh.display(), en.display()),
    ];
    Ok(report)
}

/// `nianbao new plan ID --start S --end E`: `content/plans/ID.yaml` and its commentary.
pub fn new_plan(content: &Path, id: &str, start: u16, end: u16) -> Result<Report> {
    require_digest(content)?;
    check_slug(id, "plan")?;
    if end < start {
        return Err(Error::refused(format!("a plan ends after it starts, but {start} to {end} does not")).help("swap `--start` and `--end`"));
    }
    let plans = content.join("plans");
    let data = plans.join(format!("{id}.yaml"));
    let (zh, en) = (plans.join(format!("{id}.zh.md")), plans.join(format!("{id}.en.md")));
    refuse_existing(&[&data, &zh, &en], &format!("plan `{id}` has its files"))?;
    let span = format!("{start}-{end}");
    let mut report = Report::default();
    create(
        &data,
        &format!(
            "# A plan period, {span}: its names in both languages, its span, and the facts about it.\n\
             name: {{zh: \"（简称，如“十五五”）\", en: \"(short name, e.g. 15th Five-Year Plan)\"}}\n\
             full_name: {{zh: \"（全称，如“十五五”规划（{start}—{end}年））\", en: \"(full name, e.g. 15th Five-Year Plan ({span}))\"}}\n\
             start: {start}\nend: {end}\nfacts: []\n{}",
            fact_template(&span, &format!("the whole span \"{span}\", or a year within it, \"{start}\""))
        ),
        &mut report,
    )?;
    create(&zh, &commentary(Some(("（规划标题）", "（一句话概括这个规划期）")), "（在这里用中文写这个规划期的解读：目标与完成情况。）"), &mut report)?;
    create(
        &en,
        &commentary(
            Some(("(title)", "(the plan period in one sentence)")),
            "(Write the plan period's commentary in English here: its goals and how they were met.)",
        ),
        &mut report,
    )?;
    report.next = vec![
        format!("fill the names in {} and add its facts (a commented template of every key is at its end)", data.display()),
        format!("replace the placeholders in {} and {}", zh.display(), en.display()),
    ];
    Ok(report)
}

/// A catalogue `new board` and `new topic` append to.
#[derive(Clone, Copy)]
enum Catalogue {
    Boards,
    Topics,
}

impl Catalogue {
    fn name(self) -> &'static str {
        match self {
            Catalogue::Boards => "boards",
            Catalogue::Topics => "topics",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Catalogue::Boards => "board",
            Catalogue::Topics => "topic",
        }
    }

    /// The ids (and former-name slugs, which are pages too) that `text` defines.
    fn ids(self, path: &Path, text: &str) -> Result<Vec<String>> {
        // An empty list written as `[]` (as `init` writes it), or a file of comments only.
        if text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).all(|l| l.is_empty() || l == "[]") {
            return Ok(Vec::new());
        }
        Ok(match self {
            Catalogue::Boards => yaml::parse::<Vec<RawBoard>>(path, text, 0)
                .map_err(|d| Error::Invalid(vec![d.with_source(text)]))?
                .into_iter()
                .flat_map(|b| std::iter::once(b.id.value).chain(b.former_names.into_iter().map(|f| f.slug.value)))
                .collect(),
            Catalogue::Topics => {
                yaml::parse::<Vec<RawTopic>>(path, text, 0).map_err(|d| Error::Invalid(vec![d.with_source(text)]))?.into_iter().map(|t| t.id.value).collect()
            }
        })
    }

    fn entry(self, id: &str, year: u16) -> String {
        match self {
            Catalogue::Boards => format!(
                "- id: {id}\n  name: {{zh: \"（板块名称）\", en: \"(name in English)\"}}\n\
                 \x20 since: {year}           # the year the board took this name\n\
                 \x20 topics: []            # optional: ids of topics.yaml\n\
                 \x20 summary: {{zh: \"（一句话介绍这个板块）\", en: \"(the board in one sentence)\"}}\n\
                 \x20 # former_names:       # optional: names it had before `since`, each with its own slug\n\
                 \x20 #   - {{slug: old-name, zh: 旧名称, en: Old name, years: [{}]}}\n",
                year.saturating_sub(1)
            ),
            Catalogue::Topics => format!(
                "- id: {id}\n  name: {{zh: \"（主题名称）\", en: \"(name in English)\"}}\n  summary: {{zh: \"（一句话介绍这个主题）\", en: \"(the topic in one sentence)\"}}\n"
            ),
        }
    }
}

/// `nianbao new board ID`: an entry appended to `content/boards.yaml` and its commentary.
pub fn new_board(content: &Path, id: &str, year: u16) -> Result<Report> {
    append(content, Catalogue::Boards, id, year)
}

/// `nianbao new topic ID`: an entry appended to `content/topics.yaml` and its commentary.
pub fn new_topic(content: &Path, id: &str) -> Result<Report> {
    append(content, Catalogue::Topics, id, 0)
}

fn append(content: &Path, catalogue: Catalogue, id: &str, year: u16) -> Result<Report> {
    let (name, what) = (catalogue.name(), catalogue.singular());
    require_digest(content)?;
    check_slug(id, what)?;
    let path = content.join(format!("{name}.yaml"));
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let ids = catalogue.ids(&path, &text)?;
    if ids.iter().any(|i| i == id) {
        return Err(Error::refused(format!("{} already has a {what} `{id}`", path.display())).help(match catalogue {
            Catalogue::Boards => "edit that board, or pick another id (a board's former-name slugs count as ids)",
            Catalogue::Topics => "edit that topic, or pick another id",
        }));
    }
    let dir = content.join(name);
    let (zh, en): (PathBuf, PathBuf) = (dir.join(format!("{id}.zh.md")), dir.join(format!("{id}.en.md")));
    refuse_existing(&[&zh, &en], &format!("{what} `{id}` has its commentary"))?;

    // The file's text as it was, with an empty list `[]` taken out, and the entry after it.
    let mut new_text: String =
        if ids.is_empty() { text.split_inclusive('\n').filter(|l| l.split('#').next().unwrap_or("").trim() != "[]").collect() } else { text.clone() };
    if !new_text.is_empty() && !new_text.ends_with('\n') {
        new_text.push('\n');
    }
    new_text.push_str(&catalogue.entry(id, year));
    // The appended text must read as the list with the new entry (a file written in flow style,
    // `[...]`, cannot take one appended).
    match catalogue.ids(&path, &new_text) {
        Ok(after) if after.len() == ids.len() + 1 && after.iter().any(|i| i == id) => {}
        _ => {
            return Err(Error::refused(format!("cannot append a {what} to {}: its list is not written one `- id:` entry after another", path.display()))
                .help(format!("write the {name} as a YAML block list (`- id: ...` lines), then run this again")));
        }
    }
    let mut report = Report::default();
    fs::write(&path, new_text).map_err(|e| Error::io(&path, e))?;
    report.done.push(format!("appended {what} `{id}` to {}", path.display()));
    let (body_zh, body_en) = match catalogue {
        Catalogue::Boards => {
            ("（在这里用中文介绍这个板块：它的项目、目标与进展。）", "(Write about the board in English here: its projects, goals and progress.)")
        }
        Catalogue::Topics => {
            ("（在这里用中文介绍这个主题：它涵盖什么、目标与进展。）", "(Write about the topic in English here: what it covers, its goals and progress.)")
        }
    };
    create(&zh, &commentary(None, body_zh), &mut report)?;
    create(&en, &commentary(None, body_en), &mut report)?;
    report.next = vec![
        format!("fill the name and summary of `{id}` at the end of {}", path.display()),
        format!("replace the placeholders in {} and {}", zh.display(), en.display()),
        format!("tag facts with it: `{name}: [{id}]` in a year or plan file"),
    ];
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_days() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(365), 1971);
        assert_eq!(year_of_day(19_722), 2023); // 2023-12-31
        assert_eq!(year_of_day(19_723), 2024); // 2024-01-01
        assert_eq!(year_of_day(20_454), 2026); // 2026-01-01
    }

    /// The template, uncommented under `facts:`, is YAML a year file takes (one figure with
    /// every key, and a milestone).
    #[test]
    fn the_fact_template_uncommented_parses() {
        let body: String =
            fact_template("2024", "\"2024\"").lines().filter_map(|l| l.strip_prefix("# ").filter(|l| l.starts_with("  "))).map(|l| format!("{l}\n")).collect();
        let text = format!("year: 2024\nfacts:\n{body}");
        let year: crate::load::raw::RawYear = yaml::parse(Path::new("2024.yaml"), &text, 0).unwrap_or_else(|d| panic!("{d}\n{text}"));
        assert_eq!(year.facts.len(), 2, "{text}");
        assert!(year.facts[0].value.rating.is_some() && year.facts[1].value.milestone.is_some());
    }

    #[test]
    fn slugs() {
        assert!(is_slug("fyp15"));
        assert!(is_slug("old-town"));
        assert!(!is_slug("Old Town"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
    }

    #[test]
    fn the_fact_template_is_all_comments() {
        let t = fact_template("2024", "\"2024\"");
        assert!(t.lines().all(|l| l.starts_with('#')), "{t}");
        assert!(!t.contains("{period"), "{t}");
    }
}
