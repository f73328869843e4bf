//! What `nianbao check` reports for the editor to judge (errors with `--strict`):
//!
//! - **translation parity**: commentary in one language only, English texts that are the
//!   Chinese text, English commentary with untranslated Chinese;
//! - **numbers in commentary**: a number with a unit typed by hand that matches no fact of the
//!   page; cite facts as `[[indicator period]]` instead (see `model::cite`).

use std::collections::BTreeMap;

use crate::error::{Diagnostic, InputFile};
use crate::lang::{Lang, Text};
use crate::model::cite;
use crate::model::number::{EN_UNITS, plain};
use crate::model::*;
use crate::routes::Page;
use crate::routes::content::page_of;
use crate::section::Section;

/// The warnings of `nianbao check` on `site` (contradictions already stop loading).
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = parity(site);
    out.extend(commentary_numbers(site));
    out.extend(unrated_targets(site));
    out.extend(glossary_terms(site));
    out.extend(empty_life_areas(site));
    out
}

/// A life area no indicator or milestone names: its page would say nothing.
pub fn empty_life_areas(site: &Site) -> Vec<Diagnostic> {
    let Some(file) = &site.files.life_areas else { return Vec::new() };
    site.life_areas
        .iter()
        .enumerate()
        .filter(|&(i, _)| site.index.of_life_area(crate::model::LifeAreaId(i)).is_empty())
        .map(|(_, a)| {
            let line = file.text.lines().position(|l| l.trim_start().trim_start_matches("- ").trim() == format!("id: {}", a.id)).map_or(1, |i| i + 1);
            file.at(line, 1, format!("the life area `{}` has no facts", a.id))
                .hint(format!("name it in an indicator's `life: [{}]` (its figures follow) or a milestone's, or remove the area", a.id))
                .warning()
        })
        .collect()
}

/// Terms used one way: where a glossary term's Chinese form stands in a zh commentary, its
/// English twin uses the glossary's English form (the first letter's case aside, for the
/// start of a sentence). One Chinese term, one English term, so a reader can follow it across
/// pages and into the glossary. An occurrence inside a longer glossary term counts as that
/// one only (六核协同 is not also 六核).
pub fn glossary_terms(site: &Site) -> Vec<Diagnostic> {
    let mut terms: Vec<_> = site.glossary.iter().collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.term.zh.chars().count()));
    let mut out = Vec::new();
    for ((section, key, lang), zh) in site.commentary.iter() {
        let Some(en) = (*lang == Lang::Zh).then(|| site.commentary(*section, key, Lang::En)).flatten() else { continue };
        let mut text = format!("{}\n{}", zh.summary.as_deref().unwrap_or_default(), zh.markdown);
        let en_text = format!("{}\n{}", en.summary.as_deref().unwrap_or_default(), en.markdown);
        for term in &terms {
            if term.term.zh.is_empty() || !text.contains(term.term.zh.as_str()) {
                continue;
            }
            // Blank it out, so that shorter terms inside it are not found again.
            text = text.replace(term.term.zh.as_str(), &" ".repeat(term.term.zh.len()));
            if !contains_term(&en_text, &term.term.en) {
                out.push(
                    Diagnostic::file(
                        &en.file.path,
                        format!("the Chinese twin says {} but this text never says \"{}\", the glossary's English for it", term.term.zh, term.term.en),
                    )
                    .hint(format!(
                        "{} uses {}: write \"{}\" here as content/glossary.yaml does, so the term reads the same on every page",
                        zh.file.path.display(),
                        term.term.zh,
                        term.term.en
                    ))
                    .warning(),
                );
            }
        }
    }
    out
}

/// Whether `text` holds `term`, its first letter in either case.
fn contains_term(text: &str, term: &str) -> bool {
    let mut chars = term.chars();
    let Some(first) = chars.next() else { return true };
    let rest = chars.as_str();
    [first.to_uppercase().collect::<String>(), first.to_lowercase().collect::<String>()].iter().any(|f| text.contains(&format!("{f}{rest}")))
}

/// Targets that later sources were read for, with no outcome, no progress and no editor's
/// rating: what is left for the editor to rate (or to link to its outcome).
pub fn unrated_targets(site: &Site) -> Vec<Diagnostic> {
    crate::model::promise::targets(site)
        .into_iter()
        .filter(|&t| crate::model::promise::judge(site, t).rating == crate::model::Rating::NotReported && site.facts[t].rating.is_none())
        .map(|t| {
            let f = &site.facts[t];
            let what = match &f.claim {
                Claim::Figure { indicator, .. } => format!("`{}` for {}", site.indicators[*indicator].id, f.period),
                Claim::Milestone { text } => format!("\"{}\"", text.en),
            };
            f.file
                .at(f.line, 1, format!("the target {what} has no outcome in the sources and no rating"))
                .hint("link its outcome (`id:` here, `outcome_of:` on the outcome), or rate it: `rating: {status: not-reported, reason: {zh: ..., en: ...}}`")
                .warning()
        })
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF))
}

/// Where `needle` stands in `file`, for a position to show (the whole file if nowhere).
fn locate(file: &InputFile, needle: &str, message: String) -> Diagnostic {
    match file.find(needle) {
        Some((line, column)) => file.at(line, column, message),
        None => Diagnostic::file(&file.path, message),
    }
}

/// Texts missing in a language, or "translated" as the other language's text.
pub fn parity(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut same = |file: &InputFile, what: String, t: &Text| {
        if t.zh == t.en && has_cjk(&t.en) {
            let d = locate(file, &t.en, format!("the English {what} is the Chinese text: `{}`", t.en));
            out.push(d.hint("translate it; names of places may keep their Chinese in brackets, e.g. Dehua Street (德化街)").warning());
        }
    };
    let files = &site.files;
    for s in &site.sources {
        for (what, t) in [("title", &s.title), ("publisher", &s.publisher), ("description", &s.covers)] {
            same(&files.sources, format!("{what} of source `{}`", s.id), t);
        }
    }
    for b in &site.boards {
        same(&files.boards, format!("name of board `{}`", b.id), &b.name);
        same(&files.boards, format!("summary of board `{}`", b.id), &b.summary);
    }
    for t in &site.topics {
        same(&files.topics, format!("name of topic `{}`", t.id), &t.name);
    }
    for i in &site.indicators {
        same(&files.indicators, format!("name of indicator `{}`", i.id), &i.name);
    }
    if let Some(glossary) = &files.glossary {
        for g in &site.glossary {
            same(glossary, format!("term `{}`", g.id), &g.term);
            same(glossary, format!("definition of `{}`", g.id), &g.definition);
        }
    }
    for f in &site.facts {
        if let Claim::Milestone { text } = &f.claim {
            same(&f.file, "milestone".into(), text);
        }
    }
    // Commentary in one language only (allowed with translation_fallback, but reported).
    let mut pages: BTreeMap<(Section, &str), Vec<Lang>> = BTreeMap::new();
    for (section, key, lang) in site.commentary.keys() {
        pages.entry((*section, key.as_str())).or_default().push(*lang);
    }
    for ((section, key), langs) in pages {
        if let [only] = langs[..] {
            let c = &site.commentary[&(section, key.to_string(), only)];
            out.push(
                Diagnostic::file(
                    &c.file.path,
                    format!(
                        "missing translation: no {} commentary for {} `{key}`; the page shows this one under a \"not yet translated\" note",
                        only.other().code(),
                        section.dir().trim_end_matches('s')
                    ),
                )
                .hint(format!("write content/{}/{key}.{}.md", section.dir(), only.other().code()))
                .warning(),
            );
        }
    }
    // English commentary with a run of Chinese outside brackets is probably untranslated.
    for ((_, _, lang), c) in site.commentary.iter() {
        if *lang != Lang::En {
            continue;
        }
        for (i, line) in c.markdown.lines().enumerate() {
            if let Some(col) = untranslated_run(line) {
                out.push(
                    c.file
                        .at(c.body_line + i, col, "English commentary with untranslated Chinese")
                        .hint("translate it; a name may keep its Chinese in brackets after the English, e.g. Dehua Street (德化街)")
                        .warning(),
                );
            }
        }
    }
    out
}

/// The column of a run of six or more Chinese characters outside brackets, if any.
fn untranslated_run(line: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut run = 0;
    for (col, c) in line.chars().enumerate() {
        match c {
            '(' | '（' | '[' | '【' | '“' | '"' => depth += 1,
            ')' | '）' | ']' | '】' | '”' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && has_cjk(&c.to_string()) {
            run += 1;
            if run >= 6 {
                return Some(col + 2 - run);
            }
        } else {
            run = 0;
        }
    }
    None
}

/// The facts a page shows, for matching the numbers of its commentary.
fn page_facts(site: &Site, section: Section, key: &str) -> Vec<usize> {
    match page_of(site, section, key) {
        Some(Page::Year(y)) => site.years[y].facts.clone(),
        Some(Page::Plan(p)) => site.plans[p].facts.clone(),
        Some(Page::Board(b)) => site.index.of_board(b).to_vec(),
        Some(Page::Topic(t)) => site.index.of_topic(t).to_vec(),
        _ => Vec::new(),
    }
}

/// Numbers with a unit typed in commentary that match no fact of the page.
pub fn commentary_numbers(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut units: Vec<&str> = Unit::all_names();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    for ((section, key, lang), c) in site.commentary.iter() {
        let facts = page_facts(site, *section, key);
        let shown: Vec<String> = facts
            .iter()
            .filter_map(|&f| match site.facts[f].claim {
                Claim::Figure { indicator, value, unit } => Some(site.indicators[indicator].format(value, unit, *lang)),
                Claim::Milestone { .. } => None,
            })
            .collect();
        let values: Vec<(f64, Unit)> = facts
            .iter()
            .filter_map(|&f| match site.facts[f].claim {
                Claim::Figure { value, unit, .. } => Some((value, unit)),
                Claim::Milestone { .. } => None,
            })
            .collect();
        // The summary (its value's line and column in the file), then the body.
        let summary = c.summary.as_deref().map(|s| (s, c.summary_at.0, c.summary_at.1 - 1));
        for (source, first_line, columns) in summary.into_iter().chain([(c.markdown.as_str(), c.body_line, 0)]) {
            // Citations are figures by construction, literals marked as no figures: blank them out.
            let mut text = source.to_string();
            for mark in cite::marks(source).into_iter().rev() {
                let span = mark.span();
                text.replace_range(span.clone(), &" ".repeat(span.len()));
            }
            for (i, line) in text.lines().enumerate() {
                for (col, number, unit) in numbers_with_units(line, &units, *lang) {
                    let matched = match lang {
                        Lang::Zh => values.iter().any(|(v, u)| u.as_str() == unit && (v - number).abs() < 1e-9 * v.abs().max(1.0)),
                        Lang::En => shown.iter().any(|s| s.contains(&format!("{} {unit}", group(number))) || s.contains(&format!("{}{unit}", group(number)))),
                    };
                    if !matched {
                        let what = format!(
                            "`{}{}{unit}` is typed by hand and matches no figure of this page",
                            group(number),
                            if *lang == Lang::En { " " } else { "" }
                        );
                        out.push(
                            c.file
                                .at(first_line + i, columns + col, what)
                                .hint("cite the fact instead, e.g. [[gdp 2020]], so the prose cannot drift from the data; mark a number that is no figure (a threshold) as [[= 1亿元]]")
                                .warning(),
                        );
                    }
                }
            }
        }
    }
    out
}

/// `n` as typed in prose, with thousands separators: `19,500`, `78.56`.
fn group(n: f64) -> String {
    plain(n, true)
}

/// `(column, number, unit)` for every number directly followed by a unit.
fn numbers_with_units<'a>(line: &str, zh_units: &[&'a str], lang: Lang) -> Vec<(usize, f64, &'a str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        let starts = c.is_ascii_digit() && (i == 0 || !(chars[i - 1].1.is_ascii_alphanumeric() || chars[i - 1].1 == '.' || chars[i - 1].1 == ','));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].1.is_ascii_digit() || ((chars[j].1 == '.' || chars[j].1 == ',') && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())))
        {
            j += 1;
        }
        let number: String = chars[i..j].iter().map(|(_, c)| *c).filter(|c| *c != ',').collect();
        let rest = &line[chars.get(j).map_or(line.len(), |(b, _)| *b)..];
        let unit = match lang {
            Lang::Zh => zh_units.iter().find(|u| rest.starts_with(**u)).copied(),
            Lang::En => {
                let rest = rest.strip_prefix(' ').unwrap_or(rest);
                EN_UNITS.iter().find(|u| rest.starts_with(**u) && !rest[u.len()..].starts_with(|c: char| c.is_alphabetic())).copied()
            }
        };
        if let (Some(unit), Ok(n)) = (unit, number.parse::<f64>()) {
            // Years are not figures: "2020年" is a date, not a count.
            out.push((line[..byte].chars().count() + 1, n, unit));
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_followed_by_units() {
        let units = Unit::all_names();
        let mut sorted = units.clone();
        sorted.sort_by_key(|u| std::cmp::Reverse(u.len()));
        let found = numbers_with_units("GDP达785.6亿元，新增1.95万人，2020年", &sorted, Lang::Zh);
        assert_eq!(found.iter().map(|(_, n, u)| (*n, *u)).collect::<Vec<_>>(), vec![(785.6, "亿元"), (1.95, "万人")]);
        let en = numbers_with_units("GDP was 78.56 billion yuan and 19,500 people found work in 2022.", &sorted, Lang::En);
        assert_eq!(en.iter().map(|(_, n, u)| (*n, *u)).collect::<Vec<_>>(), vec![(78.56, "billion yuan"), (19500.0, "people")]);
    }

    #[test]
    fn untranslated_runs_outside_brackets() {
        assert_eq!(untranslated_run("Dehua Street (德化步行街改造) is busy"), None);
        assert_eq!(untranslated_run("The plan 六个动力源的提出 changed"), Some(10));
    }
}
