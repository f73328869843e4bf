//! Downloadable data: each year's and plan's facts, and the whole data set, as CSV and JSON,
//! so that journalists can reuse the figures. Every vintage is included with its source and
//! status; values keep the source's unit.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{Claim, Home, LifeAreaId, Period, Site, Status};
use crate::routes::{self, OutFile};

/// One fact as a row of the downloads.
#[derive(Serialize)]
struct Row<'a> {
    page: String,
    kind: &'static str,
    indicator: &'a str,
    indicator_zh: &'a str,
    indicator_en: &'a str,
    value: Option<f64>,
    /// `more-than`, `at-least`, `nearly` or `about` when the figure bounds its value.
    qualifier: &'static str,
    unit: &'a str,
    period: String,
    status: &'static str,
    source: &'a str,
    source_date: &'a str,
    date_inferred: bool,
    figure: &'a str,
    milestone_zh: &'a str,
    milestone_en: &'a str,
    boards: String,
    topics: String,
    note_zh: &'a str,
    note_en: &'a str,
    /// For a target: `year`, `half-year` or `span`, the scope it is judged over.
    scope: &'static str,
    /// For a target: its rating in the promise ledger, the share reached, and the outcome
    /// (`<period> <status> <source>`) it is judged by.
    rating: &'static str,
    share: Option<f64>,
    outcome: String,
}

const COLUMNS: [&str; 24] = [
    "page",
    "kind",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "value",
    "qualifier",
    "unit",
    "period",
    "status",
    "source",
    "source_date",
    "date_inferred",
    "figure",
    "milestone_zh",
    "milestone_en",
    "boards",
    "topics",
    "note_zh",
    "note_en",
    "scope",
    "rating",
    "share",
    "outcome",
];

fn row<'a>(site: &'a Site, i: usize) -> Row<'a> {
    let f = &site.facts[i];
    let src = &site.sources[f.source];
    let judged = (f.status == Status::Target).then(|| crate::model::promise::judge(site, i));
    let (kind, indicator, value, unit, milestone) = match &f.claim {
        Claim::Figure { indicator, value, unit } => ("figure", Some(&site.indicators[*indicator]), Some(*value), unit.as_str(), None),
        Claim::Milestone { text } => ("milestone", None, None, "", Some(text)),
    };
    Row {
        page: page_key(site, f.home),
        kind,
        indicator: indicator.map_or("", |i| &i.id),
        indicator_zh: indicator.map_or("", |i| &i.name.zh),
        indicator_en: indicator.map_or("", |i| &i.name.en),
        value,
        qualifier: f.qualifier.map_or("", |q| q.as_str()),
        unit,
        period: f.period.to_string(),
        status: f.status.as_str(),
        source: &src.id,
        source_date: &src.date,
        date_inferred: src.inferred.is_some(),
        figure: f.figure.as_deref().unwrap_or(""),
        milestone_zh: milestone.map_or("", |t| &t.zh),
        milestone_en: milestone.map_or("", |t| &t.en),
        boards: f.boards.iter().map(|&b| site.boards[b].id.as_str()).collect::<Vec<_>>().join(";"),
        topics: f.topics.iter().map(|&t| site.topics[t].id.as_str()).collect::<Vec<_>>().join(";"),
        note_zh: f.note.as_ref().map_or("", |n| &n.zh),
        note_en: f.note.as_ref().map_or("", |n| &n.en),
        scope: match (f.status, f.period) {
            (Status::Target, Period::Year(_)) => "year",
            (Status::Target, Period::Half(..)) => "half-year",
            (Status::Target, Period::Span(..)) => "span",
            _ => "",
        },
        rating: judged.as_ref().map_or("", |j| j.rating.as_str()),
        share: judged.as_ref().and_then(|j| j.share),
        outcome: judged.as_ref().and_then(|j| j.outcome).map_or(String::new(), |o| {
            let o = &site.facts[o];
            format!("{} {} {}", o.period, o.status.as_str(), site.sources[o.source].id)
        }),
    }
}

fn page_key(site: &Site, home: Home) -> String {
    match home {
        Home::Year(y) => site.years[y].year.to_string(),
        Home::Plan(p) => site.plans[p].id.clone(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn csv(rows: &[Row<'_>]) -> Vec<u8> {
    // A byte-order mark, so that spreadsheet programs read the Chinese as UTF-8.
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        let share = r.share.map(|v| format!("{v:.4}")).unwrap_or_default();
        let fields = [
            r.page.as_str(),
            r.kind,
            r.indicator,
            r.indicator_zh,
            r.indicator_en,
            &value,
            r.qualifier,
            r.unit,
            &r.period,
            r.status,
            r.source,
            r.source_date,
            if r.date_inferred { "true" } else { "false" },
            r.figure,
            r.milestone_zh,
            r.milestone_en,
            &r.boards,
            &r.topics,
            r.note_zh,
            r.note_en,
            r.scope,
            r.rating,
            &share,
            &r.outcome,
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn json(rows: &[Row<'_>]) -> Vec<u8> {
    serde_json::to_vec_pretty(rows).unwrap_or_default()
}

/// Which facts a download holds.
#[derive(Clone, Copy)]
enum Of {
    All,
    Year(usize),
    Plan(usize),
    /// A life area's table of annual figures (no half-years or spans).
    Life(LifeAreaId),
}

/// The pages that have downloads, by key (`all`, `2020`, `fyp13`, `life-housing`), with what
/// they hold; the whole site's first: the largest, so that no core waits for it at the end.
fn pages(site: &Site) -> Vec<(String, Of)> {
    let mut pages = vec![(routes::ALL_DATA.to_string(), Of::All)];
    pages.extend(site.years.iter().enumerate().map(|(i, y)| (y.year.to_string(), Of::Year(i))));
    pages.extend(site.plans.iter().enumerate().map(|(i, p)| (p.id.clone(), Of::Plan(i))));
    pages.extend(LifeAreaId::all(site.life_areas.len()).map(|a| (routes::life_download(&site.life_areas[a].id), Of::Life(a))));
    pages
}

/// The facts of a download.
fn facts_of(site: &Site, of: Of) -> Cow<'_, [usize]> {
    match of {
        Of::All => Cow::Owned((0..site.facts.len()).collect()),
        Of::Year(i) => Cow::Borrowed(&site.years[i].facts),
        Of::Plan(i) => Cow::Borrowed(&site.plans[i].facts),
        Of::Life(a) => Cow::Owned(super::life::annual_facts(site, a)),
    }
}

/// The keys of every download of the site (`all`, `2020`, `fyp13`, `life-housing`), each
/// written in every format of [`routes::DOWNLOAD_FORMATS`].
pub fn keys(site: &Site) -> Vec<String> {
    pages(site).into_iter().map(|(key, _)| key).collect()
}

/// The download of `rows` for the page `key` in the format `ext` (`csv` or `json`).
fn download(key: &str, ext: &str, rows: &[Row<'_>]) -> Option<OutFile> {
    let bytes = match ext {
        "csv" => csv(rows),
        "json" => json(rows),
        _ => return None,
    };
    Some(OutFile { path: routes::download(key, ext), bytes })
}

/// The rows of `facts` in time order (by period; a stable sort keeps file order within one),
/// so the whole data set reads 2016-2020 before 2019, not after 2023.
fn rows<'a>(site: &'a Site, facts: &[usize]) -> Vec<Row<'a>> {
    let mut facts = facts.to_vec();
    facts.sort_by_key(|&i| site.facts[i].period);
    facts.into_iter().map(|i| row(site, i)).collect()
}

/// One download of the page `key` in the format `ext`, for the preview, which renders each
/// file when it is asked for; `None` if there is no such page or format.
pub fn file(site: &Site, key: &str, ext: &str) -> Option<OutFile> {
    let (_, of) = pages(site).into_iter().find(|(k, _)| k == key)?;
    download(key, ext, &rows(site, &facts_of(site, of)))
}

/// The download files of the site whose key `wanted` accepts.
pub fn files(site: &Site, wanted: impl Fn(&str) -> bool) -> Vec<OutFile> {
    use rayon::prelude::*;
    let mut pages = pages(site);
    pages.retain(|(key, _)| wanted(key));
    pages
        .par_iter()
        .flat_map_iter(|(key, of)| {
            let rows = rows(site, &facts_of(site, *of));
            routes::DOWNLOAD_FORMATS.into_iter().filter_map(move |ext| download(key, ext, &rows)).collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("760.2亿元"), "760.2亿元");
    }
}
