//! Which pages a change affects, so the preview server re-renders only those.
//!
//! Only changes to year files and commentary are followed; anything else (site.yaml, sources,
//! boards, topics, indicators, the glossary, plans' data, the theme) re-renders everything. A
//! year file's edit affects its year page, the year pages within the chart window around it,
//! the home page (headline figures), and the board, topic, indicator and source pages of every
//! fact it held before and holds now. Facts are numbered across the site (their anchors on
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
    let mut pages: BTreeSet<PageKey> = BTreeSet::new();
    for path in changed {
        let (section, key, is_data) = locate(path)?;
        match (section, is_data) {
            ("years", true) => {
                let i = new.years.iter().position(|y| y.year.to_string() == key)?;
                let year = new.years[i].year;
                pages.insert(PageKey::Year(i));
                pages.insert(PageKey::Home);
                for (j, y) in new.years.iter().enumerate() {
                    if y.year.abs_diff(year) <= CHART_WINDOW {
                        pages.insert(PageKey::Year(j));
                    }
                }
                for site in [old, new] {
                    for &f in &site.years[i].facts {
                        let fact = &site.facts[f];
                        pages.extend(fact.boards.iter().map(|&b| PageKey::Board(b)));
                        pages.extend(fact.topics.iter().map(|&t| PageKey::Topic(t)));
                        pages.extend(fact.indicator().map(PageKey::Indicator));
                        pages.insert(PageKey::Source(fact.source));
                    }
                }
            }
            ("years", false) => {
                pages.insert(PageKey::Year(new.years.iter().position(|y| y.year.to_string() == key)?));
                pages.insert(PageKey::Home);
            }
            ("plans", false) => {
                pages.insert(PageKey::Plan(new.plans.iter().position(|p| p.id == key)?));
            }
            ("boards", false) => {
                pages.insert(PageKey::Board(new.boards.iter().position(|b| b.id == key)?));
            }
            ("topics", false) => {
                pages.insert(PageKey::Topic(new.topics.iter().position(|t| t.id == key)?));
            }
            _ => return None,
        }
    }
    // A fact moved between a year and a plan would change pages this rule does not follow.
    // (A fact not revised is the same `Arc` in both sites: nothing to compare.)
    if old.facts.iter().zip(&new.facts).filter(|(a, b)| !std::sync::Arc::ptr_eq(a, b)).any(|(a, b)| std::mem::discriminant(&a.home) != std::mem::discriminant(&b.home) || matches!((a.home, b.home), (Home::Year(x), Home::Year(y)) if x != y)) {
        return None;
    }
    Some(pages.into_iter().map(PageKey::page).collect())
}

/// The pages the changed files are the content of: a year file's or commentary's own page
/// (the preview renders these before the reload, and defers the rest).
pub fn own_pages(site: &Site, changed: &[&Path]) -> Vec<Page> {
    changed
        .iter()
        .filter_map(|path| {
            let (section, key, _) = locate(path)?;
            Some(match section {
                "years" => Page::Year(site.years.iter().position(|y| y.year.to_string() == key)?),
                "plans" => Page::Plan(site.plans.iter().position(|p| p.id == key)?),
                "boards" => Page::Board(site.boards.iter().position(|b| b.id == key)?),
                "topics" => Page::Topic(site.topics.iter().position(|t| t.id == key)?),
                _ => return None,
            })
        })
        .collect()
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

/// Pages in an order a set can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PageKey {
    Home,
    Year(usize),
    Plan(usize),
    Board(usize),
    Topic(usize),
    Indicator(usize),
    Source(usize),
}

impl PageKey {
    fn page(self) -> Page {
        match self {
            PageKey::Home => Page::Home,
            PageKey::Year(i) => Page::Year(i),
            PageKey::Plan(i) => Page::Plan(i),
            PageKey::Board(i) => Page::Board(i),
            PageKey::Topic(i) => Page::Topic(i),
            PageKey::Indicator(i) => Page::Indicator(i),
            PageKey::Source(i) => Page::Source(i),
        }
    }
}
