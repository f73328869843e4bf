//! "What changed for me" (民生变化): the digest as a resident reads it. The facts grouped by
//! life area (schools, clinics, housing, air, jobs, ...), each area with its latest figures,
//! the promises made for it and what became of them, the named places and projects, a table
//! of annual figures over the years, and what the sources do not report. Also the plain
//! summary of a year: a few sentences generated from the data.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{FactView, Link, PromiseView, ViewBuilder, lineups, newest_first};
use crate::lang::Lang;
use crate::model::promise::{self, Rating};
use crate::model::{Claim, Home, IndicatorId, LifeArea, LifeAreaId, Period, Site, Status, YearId};
use crate::routes;

/// How many of an area's latest figures its card on the overview shows.
const CARD_FIGURES: usize = 2;

/// An area's card on the overview: a few lines, details one tap away.
#[derive(Serialize)]
pub struct LifeCard<'a> {
    pub link: Link,
    pub summary: &'a str,
    /// The newest figures (outcomes where the sources give them).
    pub latest: Vec<FactView>,
    pub promises: PromiseCount,
}

/// How many targets an area has, and how many the sources say were delivered.
#[derive(Serialize, Default)]
pub struct PromiseCount {
    pub total: usize,
    /// Met or partly met.
    pub delivered: usize,
    /// No outcome in the sources (not reported, not yet due).
    pub unreported: usize,
}

/// A life area's page.
#[derive(Serialize)]
pub struct LifeAreaView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub summary: &'a str,
    pub unreported: &'a str,
    /// Per indicator, its newest figure: the actual, else the estimate (targets are promises).
    pub latest: Vec<FactView>,
    /// The area's targets, grouped by the year or plan that set them, newest first.
    pub promises: Vec<PromiseGroup>,
    pub counts: PromiseCount,
    /// Named places and projects: milestones reported (not promised), newest first.
    pub places: Vec<FactView>,
    pub table: YearTable,
    pub downloads: [Link; 2],
}

/// The targets one year or plan set.
#[derive(Serialize)]
pub struct PromiseGroup {
    pub heading: Link,
    pub promises: Vec<PromiseView>,
}

/// Annual figures over the years: a row per indicator, a column per calendar year (no
/// half-years or five-year totals), in time order.
#[derive(Serialize, Default)]
pub struct YearTable {
    pub years: Vec<u16>,
    pub rows: Vec<YearRow>,
}

#[derive(Serialize)]
pub struct YearRow {
    pub indicator: Link,
    /// One cell per year of the table, `None` where the sources give nothing.
    pub cells: Vec<Option<FactView>>,
}

/// The overview's cards, in catalogue order.
pub fn cards<'a>(site: &'a Site, v: &ViewBuilder<'_>) -> Vec<LifeCard<'a>> {
    LifeAreaId::all(site.life_areas.len())
        .map(|a| {
            let area = &site.life_areas[a];
            let mut latest = latest(site, a);
            latest.truncate(CARD_FIGURES);
            LifeCard {
                link: area_link(v, area),
                summary: area.summary.get(v.lang),
                latest: latest.into_iter().map(|f| v.fact(f)).collect(),
                promises: count(site, &targets(site, a)),
            }
        })
        .collect()
}

/// A life area's page.
pub fn area<'a>(site: &'a Site, v: &ViewBuilder<'_>, a: LifeAreaId) -> LifeAreaView<'a> {
    let area = &site.life_areas[a];
    let facts = site.index.of_life_area(a);
    let targets = targets(site, a);
    let places = newest_first(
        site,
        facts.iter().copied().filter(|&f| matches!(site.facts[f].claim, Claim::Milestone { .. }) && site.facts[f].status != Status::Target).collect(),
    );
    let key = routes::life_download(&area.id);
    LifeAreaView {
        id: &area.id,
        name: area.name.get(v.lang),
        summary: area.summary.get(v.lang),
        unreported: area.unreported.get(v.lang),
        latest: latest(site, a).into_iter().map(|f| v.fact(f)).collect(),
        counts: count(site, &targets),
        promises: promise_groups(site, v, targets),
        places: places.into_iter().map(|f| v.fact(f)).collect(),
        table: table(site, v, facts),
        downloads: super::downloads(v, &key),
    }
}

/// The link to an area's page.
pub fn area_link(v: &ViewBuilder<'_>, area: &LifeArea) -> Link {
    v.link(area.name.get(v.lang), &v.path(&routes::life_area(&area.id)))
}

/// The facts of an area's table and download: its figures of calendar years.
pub fn annual_facts(site: &Site, a: LifeAreaId) -> Vec<usize> {
    site.index.of_life_area(a).iter().copied().filter(|&f| site.facts[f].indicator().is_some() && matches!(site.facts[f].period, Period::Year(_))).collect()
}

/// `targets` by the page that set them (a year or a plan), newest first.
fn promise_groups(site: &Site, v: &ViewBuilder<'_>, targets: Vec<usize>) -> Vec<PromiseGroup> {
    let mut groups: Vec<(Home, PromiseGroup)> = Vec::new();
    for t in newest_first(site, targets) {
        let home = site.facts[t].home;
        match groups.iter_mut().find(|(h, _)| *h == home) {
            Some((_, g)) => g.promises.push(v.promise(t)),
            None => groups.push((home, PromiseGroup { heading: v.home_link(home), promises: vec![v.promise(t)] })),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The targets of an area.
fn targets(site: &Site, a: LifeAreaId) -> Vec<usize> {
    site.index.of_life_area(a).iter().copied().filter(|&f| site.facts[f].status == Status::Target).collect()
}

fn count(site: &Site, targets: &[usize]) -> PromiseCount {
    let mut c = PromiseCount { total: targets.len(), ..PromiseCount::default() };
    for &t in targets {
        match promise::judge(site, t).rating {
            Rating::Met | Rating::PartlyMet => c.delivered += 1,
            Rating::NotReported | Rating::NotYetDue => c.unreported += 1,
            _ => {}
        }
    }
    c
}

/// Per indicator of the area, its newest figure that is not a target (the actual over the
/// estimate within a period, the latest source within a status: as every comparison shows
/// it), newest first.
fn latest(site: &Site, a: LifeAreaId) -> Vec<usize> {
    let mut best: BTreeMap<IndicatorId, (Period, usize)> = BTreeMap::new();
    for l in lineups(site, site.index.of_life_area(a)) {
        if let Some(f) = l.actual.or(l.estimate) {
            // Lineups come in period order within an indicator: the newest is kept.
            best.entry(l.indicator).and_modify(|b| *b = if l.period.recency() >= b.0.recency() { (l.period, f) } else { *b }).or_insert((l.period, f));
        }
    }
    let mut out: Vec<usize> = best.into_values().map(|(_, f)| f).collect();
    out.sort_by_key(|&f| std::cmp::Reverse(site.facts[f].period.recency()));
    out
}

/// The annual table: in each cell the actual, else the estimate, else the target (the cell
/// says which), from the latest source, as every comparison picks it.
fn table(site: &Site, v: &ViewBuilder<'_>, facts: &[usize]) -> YearTable {
    let mut cells: BTreeMap<(IndicatorId, u16), usize> = BTreeMap::new();
    for l in lineups(site, facts) {
        if let (Period::Year(y), Some(f)) = (l.period, l.actual.or(l.estimate).or(l.target)) {
            cells.insert((l.indicator, y), f);
        }
    }
    let mut years: Vec<u16> = cells.keys().map(|&(_, y)| y).collect();
    years.sort_unstable();
    years.dedup();
    let mut indicators: Vec<IndicatorId> = cells.keys().map(|&(i, _)| i).collect();
    indicators.dedup();
    let rows = indicators
        .into_iter()
        .map(|i| YearRow { indicator: v.indicator_link(&site.indicators[i]), cells: years.iter().map(|&y| cells.get(&(i, y)).map(|&f| v.fact(f))).collect() })
        .collect();
    YearTable { years, rows }
}

/// Three to five plain sentences on a year, from the data: what was promised for it and what
/// became of it, what results the sources give, and which parts of residents' lives most of
/// its figures concern.
pub fn year_summary(site: &Site, lang: Lang, y: YearId) -> Vec<String> {
    let year = site.years[y].year;
    // A fact of this year (or a half of it) stands in the year's file or in a plan spanning it (a
    // period lies inside its file's span): those, not every fact of a long series.
    let candidates = site.years[y].facts.iter().chain(site.plans.iter().filter(|p| (p.start..=p.end).contains(&year)).flat_map(|p| &p.facts));
    let of_year: Vec<usize> = candidates.copied().filter(|&f| site.facts[f].period.years() == (year, year)).collect();
    let count = |status: Status| of_year.iter().filter(|&&f| site.facts[f].status == status).count();
    let targets: Vec<usize> = of_year.iter().copied().filter(|&f| site.facts[f].status == Status::Target).collect();
    let (results, estimates) = (count(Status::Actual), count(Status::Estimate));
    let mut out = Vec::new();
    let mut by_rating: BTreeMap<Rating, usize> = BTreeMap::new();
    for &t in &targets {
        *by_rating.entry(promise::judge(site, t).rating).or_default() += 1;
    }
    let ratings = Rating::ALL
        .iter()
        .filter_map(|r| by_rating.get(r).map(|n| (*r, *n)))
        .map(|(r, n)| match lang {
            Lang::Zh => format!("{}{n}项", r.label(lang)),
            Lang::En => format!("{n} {}", r.label(lang).to_lowercase()),
        })
        .collect::<Vec<_>>();
    match (lang, targets.len()) {
        (_, 0) => {}
        (Lang::Zh, n) => {
            out.push(format!("资料为{year}年定下的目标共{n}项。"));
            out.push(format!("按最新的资料：{}。", ratings.join("，")));
        }
        (Lang::En, n) => {
            out.push(format!("The sources set {n} target{} for {year}.", if n == 1 { "" } else { "s" }));
            out.push(format!("By the latest source: {}.", join_en(&ratings)));
        }
    }
    out.push(match (lang, results, estimates) {
        (Lang::Zh, 0, 0) => format!("这些资料没有给出{year}年的实际结果，只有计划。"),
        (Lang::En, 0, 0) => format!("These sources give no results for {year}, only plans."),
        (Lang::Zh, r, 0) => format!("资料给出{year}年的实际结果{r}项。"),
        (Lang::En, r, 0) => format!("They give {r} result{} for {year}.", if r == 1 { "" } else { "s" }),
        (Lang::Zh, 0, e) => format!("资料只给出{year}年的预计数{e}项，没有实际结果。"),
        (Lang::En, 0, e) => format!("They give {e} estimate{} for {year} and no final results.", if e == 1 { "" } else { "s" }),
        (Lang::Zh, r, e) => format!("资料给出{year}年的实际结果{r}项、预计数{e}项。"),
        (Lang::En, r, e) => format!("They give {r} result{} and {e} estimate{} for {year}.", if r == 1 { "" } else { "s" }, if e == 1 { "" } else { "s" }),
    });
    // The areas with the most facts of the year.
    let mut per_area: BTreeMap<LifeAreaId, usize> = BTreeMap::new();
    let home: Vec<usize> = site.years[y].facts.iter().copied().chain(of_year.iter().copied().filter(|&f| site.facts[f].home != Home::Year(y))).collect();
    for f in home {
        for &a in &site.facts[f].life {
            *per_area.entry(a).or_default() += 1;
        }
    }
    let mut areas: Vec<(usize, LifeAreaId)> = per_area.into_iter().map(|(a, n)| (n, a)).collect();
    areas.sort_by_key(|&(n, a)| (std::cmp::Reverse(n), a));
    let name = |a: LifeAreaId| match lang {
        Lang::Zh => site.life_areas[a].name.zh.clone(),
        Lang::En => lower_first(&site.life_areas[a].name.en),
    };
    let top: Vec<String> = areas.iter().take(3).map(|&(n, a)| format!("{} ({n})", name(a))).collect();
    if !top.is_empty() {
        out.push(match lang {
            Lang::Zh => format!("涉及民生最多的方面：{}（括号内为条数）。", top.join("、")),
            Lang::En => format!("For residents, most of its facts concern {} (the number of facts in brackets).", join_en(&top)),
        });
    }
    out
}

/// "a, b and c".
fn join_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Education and childcare" as it reads inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}
