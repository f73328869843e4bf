//! Which pages a change affects, so the preview server re-renders only those.
//!
//! Only changes to year files and commentary are followed; anything else (site.yaml, sources,
//! boards, topics, indicators, the glossary, plans' data, the theme) re-renders everything. A
//! year file's edit affects its year page, the year pages within the chart window around it,
//! the home page (headline figures), the board, topic, indicator and source pages of every
//! fact it held before and holds now, and every page whose commentary cites figures (a
//! citation may name this year's, or the latest). Facts are numbered across the site (their anchors on
//! source pages), so a change in the number of facts re-renders everything too.

use std::collections::BTreeSet;
use std::path::Path;

use super::{CHART_WINDOW, Page};
use crate::model::{Home, Site};

/// The pages to re-render after `changed` (paths relative to the project), going from `old`
/// to `new`; `None` when everything must be re-rendered.
pub fn affected(old: &Site, new: &Site, changed: &[&Path]) -> Option<Vec<Page>> {
    let same_shape = old.facts.len() == new.facts.len()
        && old.years.iter().map(|y| y.year).eq(new.years.iter().map(|y| y.year))
        && old.plans.iter().map(|p| &p.id).eq(new.plans.iter().map(|p| &p.id))
        && old.boards.len() == new.boards.len()
        && old.topics.len() == new.topics.len()
        && old.indicators.len() == new.indicators.len()
        && old.sources.len() == new.sources.len();
    if !same_shape {
        return None;
    }
    let mut pages: BTreeSet<Page> = BTreeSet::new();
    for path in changed {
        let (section, key, is_data) = locate(path)?;
        match (section, is_data) {
            ("years", true) => {
                let i = year_index(new, key)?;
                let year = new.years[i].year;
                pages.insert(Page::Year(i));
                pages.insert(Page::Home);
                let near = new.years.partition_point(|y| y.year < year.saturating_sub(CHART_WINDOW))
                    ..new.years.partition_point(|y| y.year <= year.saturating_add(CHART_WINDOW));
                pages.extend(near.map(Page::Year));
                for site in [old, new] {
                    for &f in &site.years[i].facts {
                        let fact = &site.facts[f];
                        pages.extend(fact.boards.iter().map(|&b| Page::Board(b)));
                        pages.extend(fact.topics.iter().map(|&t| Page::Topic(t)));
                        pages.extend(fact.indicator().map(Page::Indicator));
                        pages.insert(Page::Source(fact.source));
                    }
                }
                // Commentary anywhere may cite the year's figures (`[[gdp]]` is the latest).
                let citing = new.commentary.iter().filter(|(_, c)| c.cites).map(|((section, key, _), _)| page_of(new, section.dir(), key));
                pages.extend(citing.flatten());
            }
            (_, false) => {
                pages.insert(page_of(new, section, key)?);
                if section == "years" {
                    pages.insert(Page::Home);
                }
            }
            _ => return None,
        }
    }
    // A fact moved between a year and a plan would change pages this rule does not follow.
    // (A fact not revised is the same `Arc` in both sites: nothing to compare.)
    if old.facts.iter().zip(&new.facts).filter(|(a, b)| !std::sync::Arc::ptr_eq(a, b)).any(|(a, b)| {
        std::mem::discriminant(&a.home) != std::mem::discriminant(&b.home) || matches!((a.home, b.home), (Home::Year(x), Home::Year(y)) if x != y)
    }) {
        return None;
    }
    Some(pages.into_iter().collect())
}

/// The pages the changed files are the content of: a year file's or commentary's own page
/// (the preview renders these before the reload, and defers the rest).
pub fn own_pages(site: &Site, changed: &[&Path]) -> Vec<Page> {
    changed.iter().filter_map(|path| locate(path).and_then(|(section, key, _)| page_of(site, section, key))).collect()
}

/// The page of `key` in the content folder `section` (`years`, `plans`, `boards`, `topics`).
fn page_of(site: &Site, section: &str, key: &str) -> Option<Page> {
    Some(match section {
        "years" => Page::Year(year_index(site, key)?),
        "plans" => Page::Plan(site.plans.iter().position(|p| p.id == key)?),
        "boards" => Page::Board(site.boards.iter().position(|b| b.id == key)?),
        "topics" => Page::Topic(site.topics.iter().position(|t| t.id == key)?),
        _ => return None,
    })
}

/// The index of the year named `key` (`2020`) among the site's years, which are sorted.
fn year_index(site: &Site, key: &str) -> Option<usize> {
    let year: u16 = key.parse().ok()?;
    site.years.binary_search_by_key(&year, |y| y.year).ok()
}

/// `content/<section>/<key>.yaml` or `.<lang>.md`: the section, the key, and whether it is data.
fn locate(path: &Path) -> Option<(&str, &str, bool)> {
    let rel: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
    let ["content", section, file] = rel[rel.len().saturating_sub(3)..] else { return None };
    match file.strip_suffix(".yaml") {
        Some(stem) => Some((section, stem, true)),
        None => Some((section, file.strip_suffix(".zh.md").or_else(|| file.strip_suffix(".en.md"))?, false)),
    }
}
