//! View structs: what templates see. They are the documented contract for theme authors
//! (README, "Themes"), kept apart from the model so the model can change without breaking themes.
//! Every link in a view is already written for the page it appears on.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::chart::Bar;
use crate::lang::Lang;
use crate::model::number::format_difference;
use crate::model::promise::{self, Rating};
use crate::model::*;
use crate::routes::{self, Urls};

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// One fact as a reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// The fragment id of this fact on its source's page, e.g. `f12`.
    pub anchor: String,
    /// `figure` or `milestone`.
    pub kind: &'static str,
    /// The indicator's name, or the milestone's text.
    pub label: String,
    /// The indicator's page, for figures.
    pub indicator: Option<Shared>,
    pub value: Option<f64>,
    /// The unit as the source writes it (亿元); the `figure` filter renders it per language.
    pub unit: Option<&'static str>,
    /// `level`, `growth` or `share`.
    pub measure: IndicatorKind,
    /// The value in the page's language and units, with its qualifier ("77.3 billion yuan",
    /// "more than 900").
    pub display: Option<String>,
    /// How the figure bounds its value: `more-than`, `at-least`, `nearly`, `about`, or none.
    pub qualifier: Option<&'static str>,
    pub period: String,
    pub status: Status,
    pub status_label: String,
    /// The source's page, at this fact.
    pub source: Link,
    /// The figure exactly as the source prints it.
    pub figure: Option<String>,
    /// Why the source's year is inferred, when it is.
    pub inferred: Option<String>,
    pub boards: Vec<Shared>,
    pub topics: Vec<Shared>,
    pub note: Option<String>,
    /// An inconsistency of the sources involving this figure, explained.
    pub acknowledged: Option<String>,
    /// The year or plan page the fact belongs to.
    pub home: Shared,
}

/// Target, estimate and actual of one indicator for one period, side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub indicator: Link,
    pub period: String,
    pub target: Option<Shared>,
    pub estimate: Option<Shared>,
    pub actual: Option<Shared>,
    /// Other statements of the same status from other sources (earlier vintages).
    pub others: Vec<Shared>,
    /// The later figure minus the earlier one, with unit ("−12.8亿元").
    pub difference: Option<String>,
    /// What the difference compares ("actual against target").
    pub difference_label: Option<String>,
    /// `met`, `not-met`, `pending` (a target without outcome yet), or empty without a target.
    pub outcome: &'static str,
    pub outcome_label: String,
    pub headline: bool,
    /// The target's rating in the promise ledger (`met`, `partly-met`, ...), empty without a
    /// target; with its label, the share reached ("66%"), and the editor's reason.
    pub rating: &'static str,
    pub rating_label: String,
    pub share: Option<String>,
    pub reason: Option<String>,
}

/// A target of the promise ledger, judged.
#[derive(Debug, Clone, Serialize)]
pub struct PromiseView {
    /// Its fragment id on the promises page (`p12`).
    pub anchor: String,
    /// The indicator's page, or for a milestone its text and source.
    pub indicator: Link,
    pub period: String,
    /// When it is judged: "by the end of 2020" / "到2020年底", "over 2021–2025" / "2021—2025年间".
    pub scope: String,
    pub target: FactView,
    pub outcome: Option<Shared>,
    pub estimate: Option<Shared>,
    /// Figures reported inside a multi-year target's span, in time order.
    pub progress: Vec<Shared>,
    pub rating: &'static str,
    pub rating_label: String,
    /// The share of the target reached, for a level partly met or missed ("66%").
    pub share: Option<String>,
    /// The editor's reason, when the rating is the editor's.
    pub reason: Option<String>,
    pub stated: bool,
    /// The source's words the editor's rating rests on, as printed, with the source.
    pub quote: Option<String>,
    pub quote_source: Option<Link>,
    /// For a target not reported: the later sources read, none of which reports it.
    pub later_sources: Vec<Link>,
    /// How many later sources there are (the list names the first few).
    pub later_count: usize,
    /// The outcome is linked by the editor (reported under another name or unit).
    pub outcome_linked: bool,
}

/// A year's or plan's promises in three plain lines.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerSummary {
    pub promised: usize,
    pub delivered: usize,
    pub in_progress: usize,
    pub not_reported: usize,
    /// A few of the targets (headline figures first), and of those delivered.
    pub promised_top: Vec<Link>,
    pub delivered_top: Vec<Link>,
    /// This year's or plan's group on the promises page.
    pub url: String,
}

/// Rendered commentary.
#[derive(Debug, Clone, Serialize)]
pub struct CommentaryView {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub html: String,
    /// The language tag of the text when it is the other language's (not yet translated).
    pub fallback: Option<&'static str>,
}

/// A source whose year is inferred, cited on the page.
#[derive(Debug, Clone, Serialize)]
pub struct InferredNote {
    pub source: Link,
    pub reason: String,
}

/// The figure facts of one indicator and period, by status: for each status the latest
/// source's statement (the one shown), and the others (earlier vintages).
#[derive(Debug, Clone)]
pub struct Lineup {
    pub indicator: IndicatorId,
    pub period: Period,
    pub target: Option<usize>,
    pub estimate: Option<usize>,
    pub actual: Option<usize>,
    pub others: Vec<usize>,
}

/// Groups the figure facts among `facts` by (indicator, period), in indicator order.
pub fn lineups(site: &Site, facts: &[usize]) -> Vec<Lineup> {
    let mut groups: BTreeMap<(IndicatorId, Period), Vec<usize>> = BTreeMap::new();
    for &i in facts {
        if let Some(ind) = site.facts[i].indicator() {
            groups.entry((ind, site.facts[i].period)).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .map(|((indicator, period), mut list)| {
            // The latest source first within each status: that is the figure shown.
            list.sort_by(|&a, &b| site.sources[site.facts[b].source].date.cmp(&site.sources[site.facts[a].source].date));
            let mut pick = |status: Status| {
                let pos = list.iter().position(|&i| site.facts[i].status == status)?;
                Some(list.remove(pos))
            };
            let (target, estimate, actual) = (pick(Status::Target), pick(Status::Estimate), pick(Status::Actual));
            Lineup { indicator, period, target, estimate, actual, others: list }
        })
        .collect()
}

/// `facts` sorted newest first (by period end, then status), for boards, topics and life areas.
pub fn newest_first(site: &Site, mut facts: Vec<usize>) -> Vec<usize> {
    facts.sort_by(|&a, &b| {
        let (fa, fb) = (&site.facts[a], &site.facts[b]);
        fb.period.end_year().cmp(&fa.period.end_year()).then(fb.status.cmp(&fa.status)).then(a.cmp(&b))
    });
    facts
}

/// Builds views for one page in one language.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    /// The page's own path, for relative links.
    pub from: String,
    pub urls: &'a Urls,
    pub strings: &'a BTreeMap<String, String>,
    /// The fact views already made for the pages rendered with this one, when links do not
    /// depend on the page.
    pub memo: Option<&'a FactMemo>,
}

/// Each fact's view as a template value, made once for the pages of one language rendered
/// together: a fact is listed on its year, board, topic, source and indicator pages, and in
/// the comparisons of its year and indicator, and building and converting its view cost more
/// than rendering it. Only where links do not depend on the page (not with `--relative`).
pub struct FactMemo {
    /// By fact index, in the language of the pages rendered.
    values: Vec<std::sync::OnceLock<tera::Value>>,
    /// A figure's bar, by fact index: a year's charts span the years around it, so each bar
    /// is drawn on a dozen year pages.
    bars: Vec<std::sync::OnceLock<Arc<Bar>>>,
    /// The links every fact view carries, by index of what they lead to: its indicator, boards,
    /// topics and year or plan, each made once rather than once per fact.
    indicators: Vec<std::sync::OnceLock<tera::Value>>,
    boards: Vec<std::sync::OnceLock<tera::Value>>,
    topics: Vec<std::sync::OnceLock<tera::Value>>,
    years: Vec<std::sync::OnceLock<tera::Value>>,
    plans: Vec<std::sync::OnceLock<tera::Value>>,
}

impl FactMemo {
    /// A memo for `site`'s facts, or `None` where links depend on the page.
    pub fn new(site: &Site, urls: &Urls) -> Option<FactMemo> {
        (!urls.relative).then(|| FactMemo {
            values: slots(site.facts.len()),
            bars: slots(site.facts.len()),
            indicators: slots(site.indicators.len()),
            boards: slots(site.boards.len()),
            topics: slots(site.topics.len()),
            years: slots(site.years.len()),
            plans: slots(site.plans.len()),
        })
    }
}

/// A view already converted into a template value (a fact's [`FactView`], or a [`Link`] it
/// carries). Serializing it into a template value clones it (a reference count), so views hold
/// these where the same fact or link is shown many times: it is converted once however many
/// comparisons, lists and facts show it.
#[derive(Debug, Clone)]
pub struct Shared(tera::Value);

impl Shared {
    pub fn into_value(self) -> tera::Value {
        self.0
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// `n` empty slots, each filled on first use by whichever thread needs it first.
pub(crate) fn slots<T>(n: usize) -> Vec<std::sync::OnceLock<T>> {
    (0..n).map(|_| std::sync::OnceLock::new()).collect()
}

impl ViewBuilder<'_> {
    /// A UI string of the theme, or its key when missing (theme loading checks parity).
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub fn link(&self, label: impl Into<String>, to: &str) -> Link {
        Link { label: label.into(), url: self.urls.link(&self.from, to) }
    }

    /// A site path in this page's language.
    pub fn path(&self, rest: &str) -> String {
        routes::in_lang(self.lang, rest)
    }

    pub fn year_link(&self, y: &Year) -> Link {
        self.link(Period::Year(y.year).label(self.lang), &self.path(&routes::year(y.year)))
    }

    pub fn plan_link(&self, p: &Plan) -> Link {
        self.link(p.full_name.get(self.lang), &self.path(&routes::plan(&p.id)))
    }

    pub fn board_link(&self, b: &Board) -> Link {
        self.link(b.name.get(self.lang), &self.path(&routes::board(&b.id)))
    }

    pub fn topic_link(&self, t: &Topic) -> Link {
        self.link(t.name.get(self.lang), &self.path(&routes::topic(&t.id)))
    }

    pub fn indicator_link(&self, i: &Indicator) -> Link {
        self.link(i.name.get(self.lang), &self.path(&routes::indicator(&i.id)))
    }

    pub fn source_link(&self, s: &Source, anchor: Option<&str>) -> Link {
        let to = match anchor {
            Some(a) => self.path(&format!("{}#{a}", routes::source(&s.id))),
            None => self.path(&routes::source(&s.id)),
        };
        self.link(s.title.get(self.lang), &to)
    }

    /// The fact `idx` on its source's page: on the part of the page that lists it, at its anchor.
    pub fn fact_source_link(&self, idx: usize) -> Link {
        let site = self.site;
        let s = &site.sources[site.facts[idx].source];
        let position = site.index.of_source(site.facts[idx].source).binary_search(&idx).unwrap_or(0);
        let part = (position / site.config.page_size.max(1)) as u32;
        let to = self.path(&format!("{}#{}", routes::part(&routes::source(&s.id), part), routes::fact_anchor(idx)));
        self.link(s.title.get(self.lang), &to)
    }

    pub fn home_link(&self, home: Home) -> Link {
        match home {
            Home::Year(i) => self.year_link(&self.site.years[i]),
            Home::Plan(i) => self.plan_link(&self.site.plans[i]),
        }
    }

    /// What `make` makes, from `pick`'s slot of the memo when there is one (filling it the first
    /// time), made afresh without one.
    fn memoized<T: Clone>(&self, pick: impl FnOnce(&FactMemo) -> &std::sync::OnceLock<T>, make: impl FnOnce() -> T) -> T {
        match self.memo {
            Some(m) => pick(m).get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The view of fact `idx` as a template value.
    pub fn fact_value(&self, idx: usize) -> Shared {
        Shared(self.memoized(|m| &m.values[idx], || tera::Value::from_serializable(&self.fact(idx))))
    }

    /// `make`'s link as a template value, kept in `pick`'s slot.
    fn link_value(&self, pick: impl FnOnce(&FactMemo) -> &std::sync::OnceLock<tera::Value>, make: impl FnOnce() -> Link) -> Shared {
        Shared(self.memoized(pick, || tera::Value::from_serializable(&make())))
    }

    /// "Target", "Estimate" or "Actual" in the page's language.
    fn status_label(&self, status: Status) -> String {
        self.t(&format!("status_{}", status.as_str()))
    }

    pub fn fact(&self, idx: usize) -> FactView {
        let site = self.site;
        let f = &site.facts[idx];
        let source = &site.sources[f.source];
        let anchor = routes::fact_anchor(idx);
        let (kind, label, indicator, value, unit, measure, display) = match &f.claim {
            Claim::Figure { indicator, value, unit } => {
                let ind = &site.indicators[*indicator];
                (
                    "figure",
                    ind.name.get(self.lang).to_string(),
                    Some(self.link_value(|m| &m.indicators[indicator.0], || self.indicator_link(ind))),
                    Some(*value),
                    Some(unit.as_str()),
                    ind.kind,
                    f.display(&site.indicators, self.lang),
                )
            }
            Claim::Milestone { text } => ("milestone", text.get(self.lang).to_string(), None, None, None, IndicatorKind::Level, None),
        };
        FactView {
            source: self.fact_source_link(idx),
            anchor,
            kind,
            label,
            indicator,
            value,
            unit,
            measure,
            display,
            qualifier: f.qualifier.map(|q| q.as_str()),
            period: f.period.label(self.lang),
            status: f.status,
            status_label: self.status_label(f.status),
            figure: f.figure.clone(),
            inferred: source.inferred.as_ref().map(|t| t.get(self.lang).to_string()),
            boards: f.boards.iter().map(|&b| self.link_value(|m| &m.boards[b.0], || self.board_link(&site.boards[b]))).collect(),
            topics: f.topics.iter().map(|&t| self.link_value(|m| &m.topics[t.0], || self.topic_link(&site.topics[t]))).collect(),
            note: f.note.as_ref().map(|n| n.get(self.lang).to_string()),
            acknowledged: f.acknowledged.as_ref().map(|n| n.get(self.lang).to_string()),
            home: match f.home {
                Home::Year(i) => self.link_value(|m| &m.years[i.0], || self.home_link(f.home)),
                Home::Plan(i) => self.link_value(|m| &m.plans[i.0], || self.home_link(f.home)),
            },
        }
    }

    /// Groups figure facts by (indicator, period) into comparisons, in indicator order.
    pub fn comparisons(&self, facts: &[usize]) -> Vec<Comparison> {
        lineups(self.site, facts).into_iter().map(|l| self.comparison(l)).collect()
    }

    /// The comparison of one lineup, as the page shows it.
    pub fn comparison(&self, l: Lineup) -> Comparison {
        let site = self.site;
        let indicator = &site.indicators[l.indicator];
        let value = |i: Option<usize>| {
            i.and_then(|i| match site.facts[i].claim {
                Claim::Figure { value, .. } => Some(value),
                Claim::Milestone { .. } => None,
            })
        };
        let (t, e, a) = (value(l.target), value(l.estimate), value(l.actual));
        let (difference, difference_label) = match (t, e, a) {
            (Some(t), _, Some(a)) => (Some(a - t), Some("diff_actual_target")),
            (None, Some(e), Some(a)) => (Some(a - e), Some("diff_actual_estimate")),
            (Some(t), Some(e), None) => (Some(e - t), Some("diff_estimate_target")),
            _ => (None, None),
        };
        let outcome = match (t, a) {
            (Some(t), Some(a)) if a >= t => "met",
            (Some(_), Some(_)) => "not-met",
            (Some(_), None) => "pending",
            _ => "",
        };
        let judged = l.target.map(|t| promise::judge(site, t));
        Comparison {
            rating: judged.as_ref().map_or("", |j| j.rating.as_str()),
            rating_label: judged.as_ref().map_or(String::new(), |j| j.rating.label(self.lang).to_string()),
            share: judged.as_ref().and_then(|j| j.share).map(percent),
            reason: l.target.and_then(|t| site.facts[t].rating.as_ref()).map(|r| r.reason.get(self.lang).to_string()),
            indicator: self.indicator_link(indicator),
            period: l.period.label(self.lang),
            target: l.target.map(|i| self.fact_value(i)),
            estimate: l.estimate.map(|i| self.fact_value(i)),
            actual: l.actual.map(|i| self.fact_value(i)),
            others: l.others.into_iter().map(|i| self.fact_value(i)).collect(),
            difference: difference.map(|d| format_difference(d, indicator.unit, self.lang)),
            difference_label: difference_label.map(|k| self.t(k)),
            outcome,
            outcome_label: if outcome.is_empty() { String::new() } else { self.t(&format!("outcome_{}", outcome.replace('-', "_"))) },
            headline: indicator.headline,
        }
    }

    /// The bars of a chart of `lineups`: target, estimate and actual of each period, in order.
    pub fn bars(&self, lineups: &[Lineup]) -> Vec<Arc<Bar>> {
        let site = self.site;
        let mut bars = Vec::with_capacity(lineups.len() * 3);
        for l in lineups {
            for i in [l.target, l.estimate, l.actual].into_iter().flatten() {
                if let Claim::Figure { value, .. } = site.facts[i].claim {
                    bars.push(self.memoized(|m| &m.bars[i], || Arc::new(self.bar(i, value))));
                }
            }
        }
        bars
    }

    /// The bar of figure `i` (of `value`): its period and status, its value as the reader
    /// reads it, and its place on its source's page.
    fn bar(&self, i: usize, value: f64) -> Bar {
        let f = &self.site.facts[i];
        Bar {
            label: format!("{} · {}", f.period.label(self.lang), self.status_label(f.status)),
            value,
            display: f.display(&self.site.indicators, self.lang).unwrap_or_default(),
            status: f.status,
            href: self.fact_source_link(i).url,
        }
    }

    /// A target of the promise ledger, judged.
    pub fn promise(&self, target: usize) -> PromiseView {
        let site = self.site;
        let f = &site.facts[target];
        let j = promise::judge(site, target);
        let view = self.fact(target);
        let indicator = match f.indicator() {
            Some(i) => self.indicator_link(&site.indicators[i]),
            None => Link { label: view.label.clone(), url: view.source.url.clone() },
        };
        PromiseView {
            anchor: format!("p{target}"),
            indicator,
            period: f.period.label(self.lang),
            scope: scope(f.period, self.lang),
            outcome: j.outcome.map(|o| self.fact_value(o)),
            estimate: j.estimate.map(|e| self.fact_value(e)),
            progress: j.progress.iter().map(|&p| self.fact_value(p)).collect(),
            rating: j.rating.as_str(),
            rating_label: j.rating.label(self.lang).to_string(),
            share: j.share.map(percent),
            reason: f.rating.as_ref().map(|r| r.reason.get(self.lang).to_string()),
            stated: j.stated,
            quote: f.rating.as_ref().and_then(|r| r.quote.clone()),
            quote_source: f.rating.as_ref().and_then(|r| r.source).map(|s| self.source_link(&site.sources[s], None)),
            later_sources: j.later_sources.iter().map(|&s| self.source_link(&site.sources[s], None)).collect(),
            later_count: j.later_count,
            outcome_linked: j.linked,
            target: view,
        }
    }

    /// The three plain lines of a year's or plan's promises (`targets`), linking to its group
    /// (`anchor`) on the promises page, or where the page does not list it in full (an older
    /// year, `None`), to the page's own table; none without targets.
    pub fn ledger_summary(&self, targets: &[usize], anchor: Option<&str>) -> Option<LedgerSummary> {
        if targets.is_empty() {
            return None;
        }
        let site = self.site;
        let judged: Vec<(usize, promise::Judgement)> = targets.iter().map(|&t| (t, promise::judge(site, t))).collect();
        let headline_first = |list: Vec<usize>| -> Vec<Link> {
            let mut list = list;
            list.sort_by_key(|&t| !site.facts[t].indicator().is_some_and(|i| site.indicators[i].headline));
            list.into_iter().take(3).map(|t| self.promise_link(t, anchor.is_some())).collect()
        };
        let count = |pred: &dyn Fn(Rating) -> bool| judged.iter().filter(|(_, j)| pred(j.rating)).count();
        Some(LedgerSummary {
            promised: targets.len(),
            delivered: count(&Rating::delivered),
            in_progress: count(&|r| matches!(r, Rating::InProgress | Rating::OnTrack | Rating::Behind | Rating::NotYetDue)),
            not_reported: count(&|r| r == Rating::NotReported),
            promised_top: headline_first(targets.to_vec()),
            delivered_top: {
                let delivered: Vec<&(usize, promise::Judgement)> = judged.iter().filter(|(_, j)| j.rating.delivered()).collect();
                let mut links = headline_first(delivered.iter().map(|(t, _)| *t).collect());
                // What was delivered, against what was promised: "236 of 357".
                for link in &mut links {
                    let Some((t, j)) = delivered.iter().find(|(t, _)| link.url.ends_with(&format!("#p{t}"))) else { continue };
                    let (target, outcome) = (self.fact(*t), j.outcome.map(|o| self.fact(o)));
                    if let (Some(td), Some(od)) = (target.display, outcome.and_then(|o| o.display)) {
                        link.label = match self.lang {
                            Lang::Zh => format!("{}{od}（目标{td}）", target.label),
                            Lang::En => format!("{} {od} of {td}", target.label),
                        };
                    }
                }
                links
            },
            url: match anchor {
                Some(anchor) => self.urls.link(&self.from, &self.path(&routes::promises_at(anchor))),
                None => self.urls.link(&self.from, &format!("{}#figures-h", self.from)),
            },
        })
    }

    /// A target as a short link to its place on the promises page ("GDP growth 7%"), or where
    /// that does not list it (`on_ledger` false), to its indicator's page.
    fn promise_link(&self, target: usize, on_ledger: bool) -> Link {
        let f = self.fact(target);
        let label = match (&f.display, self.lang) {
            (Some(d), Lang::Zh) => format!("{}{d}", f.label),
            (Some(d), Lang::En) => format!("{} {d}", f.label),
            (None, _) => f.label.clone(),
        };
        if !on_ledger && let Some(i) = self.site.facts[target].indicator() {
            return Link { label, url: self.indicator_link(&self.site.indicators[i]).url };
        }
        self.link(label, &self.path(&routes::promises_at(&format!("p{target}"))))
    }

    /// Milestones among `facts`, in file order.
    pub fn milestones(&self, facts: &[usize]) -> Vec<FactView> {
        facts.iter().filter(|&&i| self.site.facts[i].indicator().is_none()).map(|&i| self.fact(i)).collect()
    }

    /// Sources with an inferred year cited by `facts`.
    pub fn inferred_notes(&self, facts: &[usize]) -> Vec<InferredNote> {
        let mut seen: Vec<SourceId> = facts.iter().map(|&i| self.site.facts[i].source).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .filter_map(|s| {
                let src = &self.site.sources[s];
                src.inferred.as_ref().map(|r| InferredNote { source: self.source_link(src, None), reason: r.get(self.lang).to_string() })
            })
            .collect()
    }
}

/// A share as a percentage ("66%").
fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// When a target is judged, in `lang`.
pub fn scope(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::Year(y), Lang::Zh) => format!("到{y}年底"),
        (Period::Year(y), Lang::En) => format!("by the end of {y}"),
        (Period::Half(y, 1), Lang::Zh) => format!("到{y}年6月底"),
        (Period::Half(y, 1), Lang::En) => format!("by the end of June {y}"),
        (Period::Half(y, _), Lang::Zh) => format!("到{y}年底"),
        (Period::Half(y, _), Lang::En) => format!("by the end of {y}"),
        (Period::Span(a, b), Lang::Zh) => format!("{a}—{b}年间"),
        (Period::Span(a, b), Lang::En) => format!("over {a}–{b}"),
    }
}
