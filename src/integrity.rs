//! Guarding the published numbers beyond validation:
//!
//! - **consistency** (errors): figures that contradict each other where the data allow a
//!   recomputation: a growth rate against the two levels it implies, a half-year above its
//!   full year, two sources stating different actuals for the same thing. A finding the sources
//!   themselves contain is accepted when one of its facts carries `acknowledged:` (shown on the
//!   pages), so the check stays green without hiding it. Contradictions stop every build,
//!   the preview (its overlay shows them) and `nianbao check`;
//! - **translation parity** (warnings of `nianbao check`): commentary in one language only, English texts that
//!   are the Chinese text, English commentary with untranslated Chinese;
//! - **numbers in commentary** (warnings): a number with a unit typed by hand that matches no
//!   fact of the page; cite facts as `[[indicator period]]` instead (see `cite`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::lang::{Lang, Text};
use crate::load::Section;
use crate::model::*;
use crate::render::number::format_value;

/// The warnings of `nianbao check` on `site` (contradictions already stop
/// `Project::load_site`); `content_dir` locates the YAML files for messages.
pub fn check(site: &Site, content_dir: &Path) -> Vec<Diagnostic> {
    let mut out = parity(site, content_dir);
    out.extend(commentary_numbers(site));
    out
}

fn at_fact(f: &Fact, message: String, hint: &str) -> Diagnostic {
    let text = std::fs::read_to_string(&f.path).unwrap_or_default();
    Diagnostic::at(&f.path, f.line, 1, message).with_source(&text).hint(hint)
}

fn value(f: &Fact) -> Option<f64> {
    match f.claim {
        Claim::Figure { value, .. } => Some(value),
        Claim::Milestone { .. } => None,
    }
}

const ACK_HINT: &str = "if the sources themselves disagree, keep both figures and add `acknowledged: {zh: ..., en: ...}` to one of them, explaining the difference; it is shown on the pages";

/// Contradictions between figures, each naming both facts by file:line.
pub fn consistency(site: &Site) -> Vec<Diagnostic> {
    consistency_of(site, 0..site.indicators.len(), None)
}

/// [`consistency`] of the figures of `indicators` only, and of the growth rates computed from
/// them, and with `years` only of the periods that touch those years or the one either side
/// (what the preview re-checks after revising one year file).
pub fn consistency_of(site: &Site, indicators: impl IntoIterator<Item = usize>, years: Option<(u16, u16)>) -> Vec<Diagnostic> {
    // An indicator's facts, in fact order: all of them, or those near the years.
    let facts_of = |ind: usize| -> std::borrow::Cow<'_, [usize]> {
        match years {
            None => std::borrow::Cow::Borrowed(&site.index.by_indicator[ind]),
            Some((from, to)) => {
                let mut near = site.index.near(&site.facts, ind, from.saturating_sub(1), to.saturating_add(1));
                near.sort_unstable();
                std::borrow::Cow::Owned(near)
            }
        }
    };
    let mut wanted = vec![false; site.indicators.len()];
    for i in indicators {
        wanted[i] = true;
    }
    for (i, ind) in site.indicators.iter().enumerate() {
        if ind.growth_of.is_some_and(|level| wanted[level]) {
            wanted[i] = true;
        }
    }
    let mut out = Vec::new();
    let facts = &site.facts;
    let acknowledged = |a: usize, b: usize| facts[a].acknowledged.is_some() || facts[b].acknowledged.is_some();
    let place = |i: usize| format!("{}:{}", facts[i].path.display(), facts[i].line);
    for ind in (0..site.indicators.len()).filter(|i| wanted[*i]) {
        let list = &*facts_of(ind);
        let indicator = &site.indicators[ind];
        let by_key: HashMap<(Period, Status), Vec<usize>> = list.iter().fold(HashMap::new(), |mut m, &f| {
            m.entry((facts[f].period, facts[f].status)).or_insert_with(Vec::new).push(f);
            m
        });
        let mut keys: Vec<_> = by_key.keys().copied().collect();
        keys.sort();
        for key in &keys {
            let group = &by_key[key];
            // Two sources, two different outcomes of the same thing.
            if key.1 == Status::Actual {
                for (i, &a) in group.iter().enumerate() {
                    for &b in &group[i + 1..] {
                        let (va, vb) = (value(&facts[a]).unwrap_or(0.0), value(&facts[b]).unwrap_or(0.0));
                        if (va - vb).abs() > 1e-9 * va.abs().max(1.0) && !acknowledged(a, b) {
                            out.push(at_fact(
                                &facts[b],
                                format!("`{}` for {} is stated as {va} and as {vb}: two different actuals (the other at {})", indicator.id, key.0, place(a)),
                                ACK_HINT,
                            ));
                        }
                    }
                }
            }
            // A half-year above its whole year (for amounts and counts, not rates).
            if let (Period::Half(y, _), IndicatorKind::Level, false) = (key.0, indicator.kind, indicator.unit == Unit::Percent)
                && let Some(whole) = by_key.get(&(Period::Year(y), key.1))
            {
                for &h in group {
                    for &w in whole {
                        let (vh, vw) = (value(&facts[h]).unwrap_or(0.0), value(&facts[w]).unwrap_or(0.0));
                        if vh > vw && !acknowledged(h, w) {
                            out.push(at_fact(
                                &facts[h],
                                format!("`{}`: {} ({vh}) is larger than the whole year {y} ({vw}, at {})", indicator.id, key.0, place(w)),
                                ACK_HINT,
                            ));
                        }
                    }
                }
            }
        }
        // A growth rate against the two levels it implies.
        if let Some(level) = indicator.growth_of {
            // The first level stated for each year and status.
            let mut levels: HashMap<(u16, Status), usize> = HashMap::new();
            for &f in facts_of(level).iter() {
                if let Period::Year(y) = facts[f].period {
                    levels.entry((y, facts[f].status)).or_insert(f);
                }
            }
            for &g in list {
                let Period::Year(y) = facts[g].period else { continue };
                let status = facts[g].status;
                let find = |year: u16| levels.get(&(year, status)).copied();
                let (Some(now), Some(before)) = (find(y), find(y.wrapping_sub(1))) else { continue };
                let (Some(l1), Some(l0), Some(stated)) = (value(&facts[now]), value(&facts[before]), value(&facts[g])) else { continue };
                if l0 == 0.0 {
                    continue;
                }
                let computed = (l1 / l0 - 1.0) * 100.0;
                // Rates are printed to a tenth of a point; levels to four or more digits.
                if (computed - stated).abs() > 0.15 && ![g, now, before].iter().any(|&f| facts[f].acknowledged.is_some()) {
                    out.push(at_fact(
                        &facts[g],
                        format!(
                            "`{}` for {y} is stated as {stated}%, but the levels of `{}` ({l0} at {}, {l1} at {}) give {computed:.1}%",
                            indicator.id,
                            site.indicators[level].id,
                            place(before),
                            place(now)
                        ),
                        ACK_HINT,
                    ));
                }
            }
        }
    }
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF))
}

/// Finds `needle` in a file, for a position to show.
fn locate(path: &Path, needle: &str) -> Diagnostic {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find(needle) {
            return Diagnostic::at(path, i + 1, line[..col].chars().count() + 1, String::new()).with_source(&text);
        }
    }
    Diagnostic::file(path, String::new())
}

/// Texts missing in a language, or "translated" as the other language's text.
pub fn parity(site: &Site, content_dir: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut same = |path: PathBuf, what: String, t: &Text| {
        if t.zh == t.en && has_cjk(&t.en) {
            let mut d = locate(&path, &t.en);
            d.message = format!("the English {what} is the Chinese text: `{}`", t.en);
            out.push(d.hint("translate it; names of places may keep their Chinese in brackets, e.g. Dehua Street (德化街)").warning());
        }
    };
    let file = |name: &str| content_dir.join(name);
    for s in &site.sources {
        for (what, t) in [("title", &s.title), ("publisher", &s.publisher), ("description", &s.covers)] {
            same(file("sources.yaml"), format!("{what} of source `{}`", s.id), t);
        }
    }
    for b in &site.boards {
        same(file("boards.yaml"), format!("name of board `{}`", b.id), &b.name);
        same(file("boards.yaml"), format!("summary of board `{}`", b.id), &b.summary);
    }
    for t in &site.topics {
        same(file("topics.yaml"), format!("name of topic `{}`", t.id), &t.name);
    }
    for i in &site.indicators {
        same(file("indicators.yaml"), format!("name of indicator `{}`", i.id), &i.name);
    }
    for g in &site.glossary {
        same(file("glossary.yaml"), format!("term `{}`", g.id), &g.term);
        same(file("glossary.yaml"), format!("definition of `{}`", g.id), &g.definition);
    }
    for f in &site.facts {
        if let Claim::Milestone { text } = &f.claim {
            same(f.path.clone(), "milestone".into(), text);
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
                    &c.path,
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
                let text = std::fs::read_to_string(&c.path).unwrap_or_default();
                out.push(
                    Diagnostic::at(&c.path, c.body_line + i, col, "English commentary with untranslated Chinese")
                        .with_source(&text)
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
    match section {
        Section::Years => {
            key.parse().ok().and_then(|k: u16| site.years.binary_search_by_key(&k, |y| y.year).ok()).map(|y| site.years[y].facts.clone()).unwrap_or_default()
        }
        Section::Plans => site.plans.iter().find(|p| p.id == key).map(|p| p.facts.clone()).unwrap_or_default(),
        Section::Boards => site.boards.iter().position(|b| b.id == key).map(|b| site.index.by_board[b].clone()).unwrap_or_default(),
        Section::Topics => site.topics.iter().position(|t| t.id == key).map(|t| site.index.by_topic[t].clone()).unwrap_or_default(),
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
                Claim::Figure { indicator, value, unit } => Some(format_value(value, unit, site.indicators[indicator].kind, *lang)),
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
        // Citations are figures by construction: blank them out.
        let mut text = c.markdown.clone();
        for cite in crate::cite::find(&c.markdown).into_iter().rev() {
            text.replace_range(cite.start..cite.end, &" ".repeat(cite.end - cite.start));
        }
        for (i, line) in text.lines().enumerate() {
            for (col, number, unit) in numbers_with_units(line, &units, *lang) {
                let matched = match lang {
                    Lang::Zh => values.iter().any(|(v, u)| u.as_str() == unit && (v - number).abs() < 1e-9 * v.abs().max(1.0)),
                    Lang::En => shown.iter().any(|s| s.contains(&format!("{} {unit}", group(number))) || s.contains(&format!("{}{unit}", group(number)))),
                };
                if !matched {
                    let file_text = std::fs::read_to_string(&c.path).unwrap_or_default();
                    out.push(
                        Diagnostic::at(
                            &c.path,
                            c.body_line + i,
                            col,
                            format!(
                                "`{}{}{unit}` is typed by hand and matches no figure of this page",
                                group(number),
                                if *lang == Lang::En { " " } else { "" }
                            ),
                        )
                        .with_source(&file_text)
                        .hint("cite the fact instead, e.g. [[gdp 2020]], so the prose cannot drift from the data; or check the number")
                        .warning(),
                    );
                }
            }
        }
    }
    out
}

fn group(n: f64) -> String {
    let s = format!("{n}");
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut g = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            g.push(',');
        }
        g.push(c);
    }
    frac.map_or(g.clone(), |f| format!("{g}.{f}"))
}

/// English units as rendered, longest first, so "billion yuan" wins over "yuan".
const EN_UNITS: [&str; 12] =
    ["billion yuan", "million yuan", "yuan", "million people", "people", "million m²", "m²", "ha", "km", "days", "person-times", "households"];

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
