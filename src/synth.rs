//! A synthetic site for benchmarks: N year files of about 30 facts each, with commentary of
//! about 1.5 KB per language, plus the boards, topics, indicators and sources they cite.
//! `nianbao gen-bench --years N --out DIR` writes it; the output is a valid project.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// Facts per synthetic year.
pub const FACTS_PER_YEAR: usize = 30;

const INDICATORS: usize = 20;
const UNITS: [&str; 5] = ["亿元", "万人", "个", "%", "公顷"];

/// Writes a synthetic project of `years` years into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, years: usize) -> Result<()> {
    if dir.exists() && fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
        return Err(
            Error::refused(format!("{} is not empty; gen-bench writes into a new folder", dir.display())).help("name a new or empty folder with `--out`")
        );
    }
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
