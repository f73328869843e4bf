//! The site model: everything loaded once, checked, and linked, read-only from here on.
//!
//! References between items are indices into the site's vectors (a fact's `source` is an index
//! into `Site::sources`), resolved by validation; no type here can hold an unknown id. Pages
//! and a fact's home name them by [`ids`].
//!
//! Beside the types: [`number`], which writes a value in the reader's terms, and [`cite`],
//! which finds and resolves the `[[indicator period]]` citations of commentary. Both are
//! vocabulary that checks and rendering share, so they live here, below both.

pub mod cite;
pub mod ids;
pub mod number;
mod period;
pub mod promise;
pub mod qualifier;
mod unit;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use ids::{BoardId, FormerNameId, IndicatorId, LifeAreaId, PlanId, SourceId, TopicId, YearId};
pub use period::Period;
pub use promise::{Rating, StatedRating};
pub use qualifier::Qualifier;
pub use unit::Unit;

use crate::error::InputFile;
use crate::lang::{Lang, Text};
use crate::section::Section;

/// `site.yaml`, checked.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: Text,
    pub description: Text,
    pub default_lang: Lang,
    /// The URL the site is published under, always ending in `/` (`https://example.org/erqi/`
    /// or just `/`).
    pub base_url: String,
    pub theme: String,
    pub allow_html: bool,
    pub translation_fallback: bool,
    /// Items per list page; a longer list continues at `page/2/`, `page/3/`, ...
    pub page_size: usize,
}

/// Items per list page unless `site.yaml` says otherwise: a page of 200 facts is some 100 kB,
/// quick to open on a phone.
pub const DEFAULT_PAGE_SIZE: usize = 200;

/// How precisely a source's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

/// A source document that facts cite.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: Text,
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    pub precision: DatePrecision,
    /// Why the date is inferred, when the source does not print it.
    pub inferred: Option<Text>,
    pub publisher: Text,
    pub covers: Text,
    /// Which of the numbers the source prints the digest holds, when its text is at hand
    /// (`sources/<id>.txt`): shown on its page. Filled by the pipeline after validation.
    pub coverage: Option<SourceCoverage>,
}

/// One source's figures, accounted for: of the numbers with a unit it prints, those a fact
/// cites, those `content/skipped.yaml` leaves out with a reason, and the rest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceCoverage {
    pub source: String,
    /// Numbers with a unit the source prints.
    pub printed: usize,
    /// ... that a fact of the digest cites.
    pub cited: usize,
    /// ... that no fact cites and a skip entry names, with its reason.
    pub skipped: Vec<SkippedFigure>,
    /// The figures of the rest, in the order the source prints them.
    pub unaccounted: Vec<String>,
}

/// A figure a source prints that the digest leaves out on purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFigure {
    /// As the source prints it.
    pub figure: String,
    pub why: Text,
}

impl Source {
    /// The year of the source's date.
    pub fn year(&self) -> u16 {
        self.date[..4].parse().unwrap_or(0)
    }
}

/// A part of residents' lives (schools, clinics, housing, air, jobs): the third way to group
/// facts, beside boards and topics, as a resident asks "what changed for me?". Defined in
/// `content/life_areas.yaml`, so each digest chooses its own.
#[derive(Debug, Clone)]
pub struct LifeArea {
    pub id: String,
    pub name: Text,
    /// One line for the overview's card.
    pub summary: Text,
    /// What the sources give no figure for, said plainly so a reader does not mistake absence
    /// for a zero.
    pub unreported: Text,
}

/// One of 三个二七.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub name: Text,
    pub summary: Text,
}

/// A name a board carried before its current one.
#[derive(Debug, Clone, PartialEq)]
pub struct FormerName {
    pub slug: String,
    pub name: Text,
    pub years: Vec<u16>,
}

/// One of 六核.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub id: String,
    pub name: Text,
    pub since: u16,
    pub former_names: Vec<FormerName>,
    pub topics: Vec<TopicId>,
    pub summary: Text,
}

/// How an indicator's values read: a level ("773亿元"), a growth rate ("up 8%") or a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    #[default]
    Level,
    Growth,
    Share,
}

impl IndicatorKind {
    /// Parses the `kind:` of an indicator.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "level" => Some(Self::Level),
            "growth" => Some(Self::Growth),
            "share" => Some(Self::Share),
            _ => None,
        }
    }
}

/// What a figure measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name: Text,
    pub unit: Unit,
    pub kind: IndicatorKind,
    pub topics: Vec<TopicId>,
    pub headline: bool,
    /// For growth indicators: the level indicator whose change this is.
    pub growth_of: Option<IndicatorId>,
    /// The life areas its figures concern.
    pub life: Vec<LifeAreaId>,
    /// For one counted in 人次: what one count is, in English ("service contacts"), written
    /// in place of "person-times", which reads as jargon.
    pub counted_as: Option<String>,
}

impl Indicator {
    /// `value` in `unit` as this indicator's figures read in `lang` (no qualifier).
    pub fn format(&self, value: f64, unit: Unit, lang: Lang) -> String {
        let shown = number::format_value(value, unit, self.kind, lang);
        match (&self.counted_as, lang) {
            (Some(words), Lang::En) => shown.replace(number::PERSON_TIMES, words),
            _ => shown,
        }
    }
}

/// A glossary term.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: Text,
    pub definition: Text,
}

/// Where a status puts a figure in the life of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Target,
    Estimate,
    Actual,
}

impl Status {
    /// Parses a `status:` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "target" => Some(Self::Target),
            "estimate" => Some(Self::Estimate),
            "actual" => Some(Self::Actual),
            _ => None,
        }
    }

    /// The YAML and template name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Target => "target",
            Self::Estimate => "estimate",
            Self::Actual => "actual",
        }
    }
}

/// What a fact states: a figure of an indicator, or a milestone without a number.
#[derive(Debug, Clone)]
pub enum Claim {
    Figure { indicator: IndicatorId, value: f64, unit: Unit },
    Milestone { text: Text },
}

/// The page a fact's file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Home {
    Year(YearId),
    Plan(PlanId),
}

/// One fact: a figure or milestone, its period and status, and where it comes from.
#[derive(Debug, Clone)]
pub struct Fact {
    pub claim: Claim,
    pub period: Period,
    pub status: Status,
    pub source: SourceId,
    /// The figure or phrase exactly as printed in the source.
    pub figure: Option<String>,
    /// How the figure bounds its value ("900多家": more than 900), if it does.
    pub qualifier: Option<Qualifier>,
    pub boards: Vec<BoardId>,
    pub topics: Vec<TopicId>,
    /// The life areas it concerns: its indicator's, or for a milestone its own.
    pub life: Vec<LifeAreaId>,
    pub note: Option<Text>,
    /// An explained inconsistency of the sources: checks accept it; pages show it.
    pub acknowledged: Option<Text>,
    /// A target's id, which outcomes under another name or unit link to.
    pub id: Option<String>,
    /// An outcome reported under another name or unit: the target (a fact) it is the outcome of.
    pub outcome_of: Option<usize>,
    /// On a target: the editor's rating.
    pub rating: Option<StatedRating>,
    pub home: Home,
    /// The file and line that state this fact, for messages about it.
    pub file: Arc<InputFile>,
    pub line: usize,
}

impl Fact {
    /// The figure in the reader's language and terms, with its qualifier ("more than 900",
    /// "77.3 billion yuan"); none for a milestone.
    pub fn display(&self, indicators: &[Indicator], lang: Lang) -> Option<String> {
        let Claim::Figure { indicator, value, unit } = self.claim else { return None };
        let shown = indicators[indicator].format(value, unit, lang);
        Some(match self.qualifier {
            Some(q) => q.apply(&shown, lang),
            None => shown,
        })
    }

    /// The indicator, for figures.
    pub fn indicator(&self) -> Option<IndicatorId> {
        match self.claim {
            Claim::Figure { indicator, .. } => Some(indicator),
            Claim::Milestone { .. } => None,
        }
    }
}

/// A year page.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: u16,
    /// Indices into `Site::facts`, in file order.
    pub facts: Vec<usize>,
}

/// A five-year plan period page.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub name: Text,
    pub full_name: Text,
    pub start: u16,
    pub end: u16,
    pub facts: Vec<usize>,
}

/// Commentary for one page in one language, Markdown not yet rendered.
#[derive(Debug, Clone)]
pub struct Commentary {
    pub title: Option<String>,
    /// Plain text, which may cite facts (`[[gdp 2020]]`) and mark literals as the body does.
    pub summary: Option<String>,
    /// Where the summary's value starts in the file (1-based line and column).
    pub summary_at: (usize, usize),
    pub markdown: String,
    /// The file as read (front matter and body), for messages about it.
    pub file: Arc<InputFile>,
    pub body_line: usize,
    /// Whether the body or the summary cites facts (`[[...]]`), so checks of citations can skip the rest.
    pub cites: bool,
}

/// The whole site, validated.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub sources: Vec<Source>,
    pub topics: Vec<Topic>,
    pub boards: Vec<Board>,
    /// Empty when the digest defines none (`content/life_areas.yaml` is optional).
    pub life_areas: Vec<LifeArea>,
    pub indicators: Vec<Indicator>,
    pub glossary: Vec<Term>,
    /// Sorted by year.
    pub years: Vec<Year>,
    /// Sorted by start year.
    pub plans: Vec<Plan>,
    /// Each fact behind its own `Arc`, and the commentary and index shared: cloning a site
    /// of 10,000 years takes a few milliseconds, so the preview can revise one year of a
    /// copy while pages of the previous one are still being rendered.
    pub facts: Vec<Arc<Fact>>,
    /// Commentary by (section, key, language).
    pub commentary: Arc<BTreeMap<(Section, String, Lang), Arc<Commentary>>>,
    /// Facts grouped by what they cite, built once so pages need not scan every fact.
    pub index: Arc<FactIndex>,
    /// The catalog files as read, for messages about their entries.
    pub files: Arc<CatalogFiles>,
}

/// The files that define the site's catalogs, as read: checks that run on the site point
/// into them (a year's or plan's facts and commentary carry their own file).
#[derive(Debug, Clone, Default)]
pub struct CatalogFiles {
    pub site: Arc<InputFile>,
    pub sources: Arc<InputFile>,
    pub topics: Arc<InputFile>,
    pub boards: Arc<InputFile>,
    pub indicators: Arc<InputFile>,
    pub glossary: Option<Arc<InputFile>>,
    pub life_areas: Option<Arc<InputFile>>,
}

/// Fact indices grouped by indicator, board, topic and source, each list in fact order.
#[derive(Debug, Clone, Default)]
pub struct FactIndex {
    by_indicator: Vec<Vec<usize>>,
    /// `by_indicator`, each list sorted by period and status (stable: fact order within).
    by_indicator_period: Vec<Vec<usize>>,
    /// For each indicator, the most years any of its periods spans beyond its first (4 for
    /// 2016-2020), which bounds how early a period touching a given year can start.
    longest: Vec<u16>,
    by_board: Vec<Vec<usize>>,
    by_topic: Vec<Vec<usize>>,
    by_life: Vec<Vec<usize>>,
    by_source: Vec<Vec<usize>>,
    /// Outcomes linked to a target with `outcome_of:`, by target.
    outcomes: std::collections::HashMap<usize, Vec<usize>>,
    /// The sources by year, built on first use ([`Site::sources_after`]).
    source_years: std::sync::OnceLock<Vec<(u16, SourceId)>>,
}

impl FactIndex {
    /// Groups `facts`; the counts size the groups.
    pub fn new(facts: &[Arc<Fact>], indicators: usize, boards: usize, topics: usize, sources: usize, life_areas: usize) -> Self {
        let mut index = FactIndex {
            by_indicator: vec![Vec::new(); indicators],
            by_indicator_period: Vec::new(),
            longest: vec![0; indicators],
            by_board: vec![Vec::new(); boards],
            by_topic: vec![Vec::new(); topics],
            by_life: vec![Vec::new(); life_areas],
            by_source: vec![Vec::new(); sources],
            outcomes: Default::default(),
            source_years: Default::default(),
        };
        for (i, f) in facts.iter().enumerate() {
            if let Some(ind) = f.indicator() {
                index.by_indicator[ind.0].push(i);
                let (a, b) = f.period.years();
                index.longest[ind.0] = index.longest[ind.0].max(b - a);
            }
            for &b in &f.boards {
                index.by_board[b.0].push(i);
            }
            for &t in &f.topics {
                index.by_topic[t.0].push(i);
            }
            for &a in &f.life {
                index.by_life[a.0].push(i);
            }
            index.by_source[f.source.0].push(i);
            if let Some(target) = f.outcome_of {
                index.outcomes.entry(target).or_default().push(i);
            }
        }
        index.by_indicator_period = index.by_indicator.clone();
        for list in &mut index.by_indicator_period {
            list.sort_by_key(|&i| (facts[i].period, facts[i].status));
        }
        index
    }

    /// Facts of an indicator, in fact order.
    pub fn of_indicator(&self, indicator: IndicatorId) -> &[usize] {
        &self.by_indicator[indicator.0]
    }

    /// Facts of a board, in fact order.
    pub fn of_board(&self, board: BoardId) -> &[usize] {
        &self.by_board[board.0]
    }

    /// Facts of a topic, in fact order.
    pub fn of_topic(&self, topic: TopicId) -> &[usize] {
        &self.by_topic[topic.0]
    }

    /// Facts of a life area, in fact order.
    pub fn of_life_area(&self, area: LifeAreaId) -> &[usize] {
        &self.by_life[area.0]
    }

    /// The facts linked to `target` as its outcome (`outcome_of:`), in fact order.
    pub fn outcomes_of(&self, target: usize) -> &[usize] {
        self.outcomes.get(&target).map_or(&[], Vec::as_slice)
    }

    /// Facts citing a source, in fact order.
    pub fn of_source(&self, source: SourceId) -> &[usize] {
        &self.by_source[source.0]
    }

    /// Facts of an indicator whose periods touch the years `from..=to`, sorted by period and
    /// status. Binary searches: year pages chart their neighbourhood of a long series, and
    /// scanning the whole series for each would make a site quadratic.
    pub fn near(&self, facts: &[Arc<Fact>], indicator: IndicatorId, from: u16, to: u16) -> Vec<usize> {
        let list = &self.by_indicator_period[indicator.0];
        // The list is in time order, so by first year: a period touching `from..=to` starts
        // at most `longest` years before `from`, and no later than `to`.
        let earliest = from.saturating_sub(self.longest[indicator.0]);
        let first = list.partition_point(|&f| facts[f].period.years().0 < earliest);
        let last = first + list[first..].partition_point(|&f| facts[f].period.years().0 <= to);
        list[first..last].iter().copied().filter(|&f| facts[f].period.years().1 >= from).collect()
    }
}

impl Site {
    /// The commentary of a page, if it has any.
    pub fn commentary(&self, section: Section, key: &str, lang: Lang) -> Option<&Commentary> {
        self.commentary.get(&(section, key.to_string(), lang)).map(|c| &**c)
    }

    /// Facts of an indicator, in the order of their periods and statuses.
    pub fn facts_of_indicator(&self, indicator: IndicatorId) -> &[usize] {
        &self.index.by_indicator_period[indicator.0]
    }

    /// How many sources are dated after `year`, and the first `listed` of them by date (a
    /// binary search: every not-reported target of a long series asks).
    pub fn sources_after(&self, year: u16, listed: usize) -> (usize, Vec<SourceId>) {
        let years = self.index.source_years.get_or_init(|| {
            let mut v: Vec<(u16, SourceId)> = self.sources.iter().enumerate().map(|(i, s)| (s.year(), SourceId(i))).collect();
            v.sort_by_key(|&(y, s)| (y, self.sources[s].date.clone(), s));
            v
        });
        let first = years.partition_point(|&(y, _)| y <= year);
        (years.len() - first, years[first..].iter().take(listed).map(|&(_, s)| s).collect())
    }

    /// Facts of an indicator for exactly `period`, by status (a binary search: the promise
    /// ledger asks this of every target, and a scan of a long series for each would make the
    /// ledger quadratic).
    pub fn facts_at(&self, indicator: IndicatorId, period: Period) -> &[usize] {
        let list = &self.index.by_indicator_period[indicator.0];
        let first = list.partition_point(|&f| self.facts[f].period < period);
        let last = first + list[first..].partition_point(|&f| self.facts[f].period == period);
        &list[first..last]
    }

    /// Facts of an indicator whose periods touch the years `from..=to`, in the order of
    /// [`Site::facts_of_indicator`] ([`FactIndex::near`]).
    pub fn facts_of_indicator_near(&self, indicator: IndicatorId, from: u16, to: u16) -> Vec<usize> {
        self.index.near(&self.facts, indicator, from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(indicator: usize, period: &str, status: Status) -> Fact {
        Fact {
            claim: Claim::Figure { indicator: IndicatorId(indicator), value: 1.0, unit: Unit::parse("亿元").unwrap() },
            period: Period::parse(period).unwrap(),
            status,
            source: SourceId(0),
            figure: None,
            qualifier: None,
            boards: Vec::new(),
            topics: Vec::new(),
            life: Vec::new(),
            note: None,
            acknowledged: None,
            id: None,
            outcome_of: None,
            rating: None,
            home: Home::Year(YearId(0)),
            file: Arc::default(),
            line: 1,
        }
    }

    #[test]
    fn near_finds_the_facts_whose_periods_touch_the_window() {
        let facts: Vec<Arc<Fact>> = [
            (0, "2015", Status::Actual),
            (0, "2030", Status::Actual),
            (0, "2019", Status::Target),
            (1, "2020", Status::Actual),
            (0, "2020-H1", Status::Actual),
            (0, "2016-2020", Status::Target),
            (0, "2010-2014", Status::Target),
            (0, "2019", Status::Actual),
            (0, "2025", Status::Estimate),
            (0, "2026-H2", Status::Actual),
        ]
        .into_iter()
        .map(|(i, p, s)| Arc::new(fact(i, p, s)))
        .collect();
        let index = FactIndex::new(&facts, 2, 0, 0, 1, 0);
        let near = |from, to| index.near(&facts, IndicatorId(0), from, to);
        // What a scan of every fact would find, in the same order.
        let scan = |from: u16, to: u16| -> Vec<usize> {
            let mut v: Vec<usize> = index.by_indicator_period[0]
                .iter()
                .copied()
                .filter(|&f| {
                    let (a, b) = facts[f].period.years();
                    a <= to && b >= from
                })
                .collect();
            v.sort_by_key(|&f| (facts[f].period, facts[f].status));
            v
        };
        // In time order: 2016-2020 starts first; the first half of 2020 before the year.
        assert_eq!(near(2015, 2025), vec![0, 5, 2, 7, 4, 8]);
        for (from, to) in [(2000, 2100), (2014, 2014), (2020, 2020), (2026, 2030), (2031, 2040), (0, 2009)] {
            assert_eq!(near(from, to), scan(from, to), "{from}..={to}");
        }
        assert_eq!(index.near(&facts, IndicatorId(1), 2020, 2020), vec![3]);
    }
}
