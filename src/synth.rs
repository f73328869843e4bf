//! A synthetic site for benchmarks: N year files of about 30 facts each, with commentary of
//! about 1.5 KB per language, plus the boards, topics, indicators and sources they cite.
//! `nianbao gen-bench --years N --out DIR` writes it ([`write_project`]): the content and a copy
//! of the theme it names, so the output builds as written.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Facts per synthetic year.
pub const FACTS_PER_YEAR: usize = 30;

/// The most years a synthetic site can have: its years are numbered from 10000 and a year is a
/// `u16` of at most five digits (`model::period`), so 55,536 is the hard limit; `gen-bench`
/// refuses more than this (`cli.rs` repeats the number in its `--years` range).
pub const MAX_YEARS: usize = 50_000;

/// The theme the synthetic `site.yaml` names.
pub const THEME: &str = "default";

const INDICATORS: usize = 20;
const UNITS: [&str; 5] = ["亿元", "万人", "个", "%", "公顷"];

/// Writes a synthetic project of `years` years into `dir` (`nianbao gen-bench`): the content
/// ([`generate`]) and a copy of `themes/default` from `themes_dir` (the `themes/` of the project
/// gen-bench is run from), so that `nianbao --root DIR build` works as written. Checks `years`,
/// `dir` and the theme before writing anything.
pub fn write_project(themes_dir: &Path, dir: &Path, years: usize) -> Result<()> {
    check_years(years)?;
    ensure_empty(dir)?;
    // The theme's files are listed before anything is written, so a missing theme leaves no
    // half-made project, and an `--out` inside the theme is not copied into itself.
    let theme = default_theme(themes_dir)?;
    generate(dir, years)?;
    theme.copy_into(dir)
}

/// The files of the `default` theme of a project, listed before anything is copied, so that a
/// missing theme leaves no half-made project (and a destination inside the theme is not copied
/// into itself). What `gen-bench` and `nianbao init` copy into a new project.
pub struct ThemeFiles {
    files: Vec<(PathBuf, PathBuf)>,
}

/// The `default` theme under `themes_dir` (the `themes/` of the project nianbao is run from).
pub fn default_theme(themes_dir: &Path) -> Result<ThemeFiles> {
    Ok(ThemeFiles { files: theme_files(&themes_dir.join(THEME))? })
}

impl ThemeFiles {
    /// Copies the theme into `project/themes/default/`.
    pub fn copy_into(&self, project: &Path) -> Result<()> {
        let dest = project.join("themes").join(THEME);
        for (from, rel) in &self.files {
            let to = dest.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fs::copy(from, &to).map_err(|e| Error::io(from, e))?;
        }
        Ok(())
    }
}

/// Every file of the theme in `theme` (symbolic links followed), with its path inside it.
fn theme_files(theme: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    if !theme.join("templates").is_dir() {
        let what = if theme.is_dir() { "has no templates/" } else { "does not exist" };
        return Err(Error::refused(format!(
            "no theme to copy: {} {what}; a new project gets the `{THEME}` theme of the project nianbao is run from",
            theme.display()
        ))
        .help(format!("run nianbao in a project whose themes/ holds `{THEME}` (the nianbao repository's themes/ does), or name one with `--root PROJECT`")));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(theme).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(theme).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(theme).unwrap_or(entry.path()).to_path_buf();
            files.push((entry.path().to_path_buf(), rel));
        }
    }
    Ok(files)
}

fn check_years(years: usize) -> Result<()> {
    if (1..=MAX_YEARS).contains(&years) {
        Ok(())
    } else {
        Err(Error::refused(format!("a synthetic site has 1 to {MAX_YEARS} years, not {years}"))
            .help(format!("its years are numbered from 10000 and a year has at most five digits; pass `--years` from 1 to {MAX_YEARS}")))
    }
}

fn ensure_empty(dir: &Path) -> Result<()> {
    if dir.exists() && fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
        return Err(
            Error::refused(format!("{} is not empty; gen-bench writes into a new folder", dir.display())).help("name a new or empty folder with `--out`")
        );
    }
    Ok(())
}

/// Writes the content of a synthetic project of `years` years (1 to [`MAX_YEARS`]) into
/// `dir/content/` (`dir` must not exist or be empty). The site names the theme [`THEME`], which
/// this does not copy: [`write_project`] does.
pub fn generate(dir: &Path, years: usize) -> Result<()> {
    check_years(years)?;
    ensure_empty(dir)?;
    let content = dir.join("content");
    for sub in ["years", "boards", "topics"] {
        fs::create_dir_all(content.join(sub)).map_err(|e| Error::io(&content, e))?;
    }
    let write = |rel: &str, text: &str| {
        let path = content.join(rel);
        fs::write(&path, text).map_err(|e| Error::io(&path, e))
    };
    write(
        "site.yaml",
        "title: {zh: 合成年报, en: Synthetic Digest}\ndescription: {zh: 基准测试用的合成站点。, en: A synthetic site for benchmarks.}\ndefault_language: zh\nlanguages: [zh, en]\nbase_url: /\ntheme: default\n",
    )?;
    write("sources.yaml", &(0..4).map(|s| format!("- id: source-{s}\n  title: {{zh: 报告{s}, en: Report {s}}}\n  date: 2020-0{}-01\n  publisher: {{zh: 报社, en: Newspaper}}\n  covers: {{zh: 全年, en: The year}}\n", s + 1)).collect::<String>())?;
    write(
        "topics.yaml",
        &["quality", "pastoral", "warm"]
            .iter()
            .enumerate()
            .map(|(i, t)| format!("- id: {t}\n  name: {{zh: 主题{i}, en: Topic {i}}}\n  summary: {{zh: 主题{i}的摘要。, en: Summary of topic {i}.}}\n"))
            .collect::<String>(),
    )?;
    write("boards.yaml", &(0..6).map(|b| format!("- id: board-{b}\n  name: {{zh: 板块{b}, en: Board {b}}}\n  since: 2021\n  former_names:\n    - {{slug: old-board-{b}, zh: 旧板块{b}, en: Old board {b}, years: [2020]}}\n  topics: [quality]\n  summary: {{zh: 板块{b}的摘要。, en: Summary of board {b}.}}\n")).collect::<String>())?;
    let mut indicators = String::new();
    for i in 0..INDICATORS {
        let unit = UNITS[i % UNITS.len()];
        let kind = if unit == "%" { "\n  kind: growth" } else { "" };
        let _ = write!(
            indicators,
            "- id: indicator-{i}\n  name: {{zh: 指标{i}, en: Indicator {i}}}\n  unit: \"{unit}\"{kind}\n  topics: [{}]\n  headline: {}\n",
            ["quality", "pastoral", "warm"][i % 3],
            i < 4
        );
    }
    write("indicators.yaml", &indicators)?;
    let paragraph_zh = "这是一段用于基准测试的合成解读文字，描述本年度的主要目标、预计与实际完成情况，以及各板块和主题的进展。";
    let paragraph_en =
        "This is synthetic commentary for benchmarks, describing the year's main targets, estimates and outcomes, and progress across the boards and topics. ";
    for n in 0..years {
        let year = 10_000 + n;
        let mut facts = format!("year: {year}\nfacts:\n");
        for f in 0..FACTS_PER_YEAR {
            let i = f % INDICATORS;
            let unit = UNITS[i % UNITS.len()];
            let status = ["target", "estimate", "actual"][f / INDICATORS % 3];
            let value = (n * 7 + f * 13) % 900 + 10;
            let _ = write!(
                facts,
                "  - indicator: indicator-{i}\n    value: {value}\n    unit: \"{unit}\"\n    period: \"{year}\"\n    status: {status}\n    source: source-{}\n    figure: \"{value}{unit}\"\n    boards: [board-{}]\n",
                f % 4,
                (n + f) % 6
            );
        }
        write(&format!("years/{year}.yaml"), &facts)?;
        // About 1.5 KB of commentary per language.
        write(&format!("years/{year}.zh.md"), &format!("---\ntitle: \"{year}年\"\nsummary: \"{year}年的摘要。\"\n---\n{}\n", paragraph_zh.repeat(10)))?;
        write(&format!("years/{year}.en.md"), &format!("---\ntitle: \"{year}\"\nsummary: \"A summary of {year}.\"\n---\n{}\n", paragraph_en.repeat(10)))?;
    }
    for b in 0..6 {
        write(&format!("boards/board-{b}.zh.md"), &format!("板块{b}的解读。\n"))?;
        write(&format!("boards/board-{b}.en.md"), &format!("Commentary on board {b}.\n"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn years(arg: &str) -> std::result::Result<usize, clap::Error> {
        match Cli::try_parse_from(["nianbao", "gen-bench", "--years", arg, "--out", "x"])?.command {
            Command::GenBench { years, .. } => Ok(years),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_command_line_accepts_the_years_this_module_writes() {
        assert_eq!(years("1").unwrap(), 1);
        assert_eq!(years(&MAX_YEARS.to_string()).unwrap(), MAX_YEARS);
        assert!(years("0").is_err());
        assert!(years(&(MAX_YEARS + 1).to_string()).is_err());
        // The last year keeps to five digits and fits a u16 (`model::period`).
        assert!(u16::try_from(10_000 + MAX_YEARS - 1).is_ok());
    }

    #[test]
    fn generate_refuses_years_out_of_bounds() {
        let dir = tempfile::tempdir().unwrap();
        for n in [0, MAX_YEARS + 1] {
            let err = generate(&dir.path().join("site"), n).unwrap_err().to_string();
            assert!(err.contains(&MAX_YEARS.to_string()), "{err}");
            assert!(!dir.path().join("site").exists());
        }
    }
}
