//! The promise ledger: every target the district set, what became of it, rated.
//!
//! A target is a fact with status `target`. Its scope is its period: a year target is judged
//! at the end of its year, a span target (a five-year plan's) over its span. Its outcome is the
//! actual figure of the same indicator and period (the latest source's), or a fact the editor
//! links to it with `outcome_of:` (an outcome reported under another name or unit). Figures
//! reported inside a span are progress, not an outcome.
//!
//! The rating is computed where the figures allow, after PolitiFact's Obameter:
//!
//! - **met**: the outcome reaches the target (qualifiers respected: 15%以上 is not reached by
//!   近15%);
//! - **partly met**: a level reached half of its target or more (236 of 357: 66%);
//! - **missed**: less than half, or a rate or share below its target;
//! - **in progress**: a span target with progress figures and no outcome yet;
//! - **on track** / **behind**: only an estimate so far ("预计"); an estimate never makes a
//!   target met;
//! - **not yet due**: no source dated after the target's period has been read;
//! - **not reported**: later sources were read (they are named) and none reports an outcome.
//!
//! Where the figures cannot decide, the editor states the rating (`rating:` with a reason and
//! a source), which is also how a target is **superseded** by a later plan.

use crate::lang::{Lang, Text};
use crate::model::{Claim, IndicatorKind, Period, Qualifier, Site, SourceId, Status};

/// What became of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    Met,
    PartlyMet,
    Missed,
    InProgress,
    OnTrack,
    Behind,
    NotYetDue,
    NotReported,
    Superseded,
}

impl Rating {
    /// Every rating, in the order the ledger counts them.
    pub const ALL: [Rating; 9] = [
        Rating::Met,
        Rating::PartlyMet,
        Rating::Missed,
        Rating::InProgress,
        Rating::OnTrack,
        Rating::Behind,
        Rating::NotYetDue,
        Rating::NotReported,
        Rating::Superseded,
    ];

    /// The YAML, CSS and download name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Met => "met",
            Rating::PartlyMet => "partly-met",
            Rating::Missed => "missed",
            Rating::InProgress => "in-progress",
            Rating::OnTrack => "on-track",
            Rating::Behind => "behind",
            Rating::NotYetDue => "not-yet-due",
            Rating::NotReported => "not-reported",
            Rating::Superseded => "superseded",
        }
    }

    /// A rating an editor may state (`rating: {status: ...}`): the ones only a reading of the
    /// sources can give. `on-track`, `behind` and `not-yet-due` come from the figures alone.
    pub fn parse_stated(s: &str) -> Option<Rating> {
        Some(match s {
            "met" => Rating::Met,
            "partly-met" => Rating::PartlyMet,
            "missed" => Rating::Missed,
            "in-progress" => Rating::InProgress,
            "not-reported" => Rating::NotReported,
            "superseded" => Rating::Superseded,
            _ => return None,
        })
    }

    /// The rating in the reader's language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rating::Met, Lang::Zh) => "已完成",
            (Rating::Met, Lang::En) => "Met",
            (Rating::PartlyMet, Lang::Zh) => "部分完成",
            (Rating::PartlyMet, Lang::En) => "Partly met",
            (Rating::Missed, Lang::Zh) => "未完成",
            (Rating::Missed, Lang::En) => "Missed",
            (Rating::InProgress, Lang::Zh) => "进行中",
            (Rating::InProgress, Lang::En) => "In progress",
            (Rating::OnTrack, Lang::Zh) => "预计可完成",
            (Rating::OnTrack, Lang::En) => "On track (estimate)",
            (Rating::Behind, Lang::Zh) => "预计未完成",
            (Rating::Behind, Lang::En) => "Behind (estimate)",
            (Rating::NotYetDue, Lang::Zh) => "尚无后续报告",
            (Rating::NotYetDue, Lang::En) => "Not yet due",
            (Rating::NotReported, Lang::Zh) => "未见结果报告",
            (Rating::NotReported, Lang::En) => "Not reported",
            (Rating::Superseded, Lang::Zh) => "已被取代",
            (Rating::Superseded, Lang::En) => "Superseded",
        }
    }

    /// Whether the target was delivered, at least in part.
    pub fn delivered(self) -> bool {
        matches!(self, Rating::Met | Rating::PartlyMet)
    }
}

/// An editor's rating of a target, with the reason and the source that supports it.
#[derive(Debug, Clone)]
pub struct StatedRating {
    pub rating: Rating,
    pub reason: Text,
    pub source: Option<SourceId>,
    /// The source's words that support the rating, as printed.
    pub quote: Option<String>,
}

/// A target, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub rating: Rating,
    /// The outcome as a share of the target, for a level partly met or missed (0.66).
    pub share: Option<f64>,
    /// The fact reporting the outcome.
    pub outcome: Option<usize>,
    /// The outcome is linked by the editor (`outcome_of:`), not found by indicator and period.
    pub linked: bool,
    /// The latest estimate of the same indicator and period.
    pub estimate: Option<usize>,
    /// Figures reported inside a span target's period, in time order.
    pub progress: Vec<usize>,
    /// The first sources dated after the target's period (at most [`LATER_LISTED`], the
    /// earliest first), which report no outcome (for `not-reported`).
    pub later_sources: Vec<SourceId>,
    /// How many sources are dated after the target's period.
    pub later_count: usize,
    /// The rating is the editor's.
    pub stated: bool,
}

/// How many of the later sources a not-reported target lists by name.
pub const LATER_LISTED: usize = 10;

/// Every target of the site (figures and milestones with status `target`), in fact order.
pub fn targets(site: &Site) -> Vec<usize> {
    (0..site.facts.len()).filter(|&f| site.facts[f].status == Status::Target).collect()
}

/// What the figures say of `target` (a fact with status `target`), before any editor's rating.
pub fn computed(site: &Site, target: usize) -> Judgement {
    let t = &site.facts[target];
    let newest = |list: Vec<usize>| list.into_iter().max_by_key(|&f| (site.sources[site.facts[f].source].date.clone(), f));
    let linked = newest(site.index.outcomes_of(target).iter().copied().filter(|&f| site.facts[f].status == Status::Actual).collect());
    let same = |status: Status| -> Vec<usize> {
        match t.indicator() {
            Some(i) => site.facts_at(i, t.period).iter().copied().filter(|&f| site.facts[f].status == status).collect(),
            None => Vec::new(),
        }
    };
    let outcome = linked.or_else(|| newest(same(Status::Actual)));
    let estimate = newest(same(Status::Estimate));
    let progress: Vec<usize> = match (t.period, t.indicator()) {
        (Period::Span(a, b), Some(i)) => {
            let mut inside: Vec<usize> = site
                .facts_of_indicator_near(i, a, b)
                .into_iter()
                .filter(|&f| {
                    let p = site.facts[f].period;
                    let (x, y) = p.years();
                    site.facts[f].status == Status::Actual && p != t.period && x >= a && y <= b
                })
                .collect();
            inside.sort_by_key(|&f| site.facts[f].period);
            inside
        }
        _ => Vec::new(),
    };
    let mut judgement = Judgement {
        rating: Rating::NotYetDue,
        share: None,
        outcome,
        linked: linked.is_some(),
        estimate,
        progress,
        later_sources: Vec::new(),
        later_count: 0,
        stated: false,
    };
    if let Some(o) = outcome {
        let (rating, share) = compare(site, target, o);
        judgement.rating = rating;
        judgement.share = share;
        return judgement;
    }
    if !judgement.progress.is_empty() {
        judgement.rating = Rating::InProgress;
        return judgement;
    }
    if let Some(e) = estimate {
        judgement.rating = match compare(site, target, e).0 {
            Rating::Met => Rating::OnTrack,
            _ => Rating::Behind,
        };
        return judgement;
    }
    let end = t.period.end_year();
    // The first few later sources read, and how many there are: a long series has thousands.
    let (count, first) = site.sources_after(end, LATER_LISTED);
    judgement.later_count = count;
    judgement.later_sources = first;
    judgement.rating = if judgement.later_sources.is_empty() { Rating::NotYetDue } else { Rating::NotReported };
    judgement
}

/// What became of `target`: the editor's rating where there is one, else the figures'.
pub fn judge(site: &Site, target: usize) -> Judgement {
    let mut judgement = computed(site, target);
    if let Some(stated) = &site.facts[target].rating {
        judgement.rating = stated.rating;
        judgement.stated = true;
        if !matches!(stated.rating, Rating::PartlyMet | Rating::Missed) {
            judgement.share = None;
        }
        // A figure the editor rates as no outcome (in progress, superseded, not reported) is
        // shown as what it is: a figure reported along the way.
        if !matches!(stated.rating, Rating::Met | Rating::PartlyMet | Rating::Missed)
            && let Some(o) = judgement.outcome.take()
        {
            judgement.progress.push(o);
            judgement.linked = false;
        }
    }
    judgement
}

/// The rating an outcome (or estimate) `o` gives `target`, and the share reached for a level
/// partly met or missed; `None` share where the two cannot be compared.
fn compare(site: &Site, target: usize, o: usize) -> (Rating, Option<f64>) {
    let (t, f) = (&site.facts[target], &site.facts[o]);
    match (&t.claim, &f.claim) {
        (Claim::Figure { value: tv, unit: tu, indicator }, Claim::Figure { value: ov, unit: ou, .. }) if tu.counts_like(*ou) => {
            if Qualifier::reached(*tv, t.qualifier, *ov, f.qualifier) {
                return (Rating::Met, None);
            }
            let level = site.indicators[*indicator].kind == IndicatorKind::Level;
            if level && *tv > 0.0 && *ov >= 0.0 {
                let share = ov / tv;
                (if share >= 0.5 { Rating::PartlyMet } else { Rating::Missed }, Some(share))
            } else {
                (Rating::Missed, None)
            }
        }
        // A milestone done, or an outcome under another unit that the editor linked: the
        // link says it was delivered; how well is the editor's to rate.
        _ => (Rating::Met, None),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::{Fact, FactIndex, Home, IndicatorId, YearId};

    /// A site of one level indicator (亿元) and one growth indicator (%), with `facts`
    /// as (indicator, period, status, value, qualifier, source); sources are dated 2019
    /// to 2024, one a year.
    /// A fact of a test: indicator, period, status, value, qualifier, source.
    type Spec<'a> = (usize, &'a str, Status, f64, Option<Qualifier>, usize);

    fn site(facts: &[Spec<'_>]) -> Site {
        let mut site = crate::validate::testing::fixture_site();
        site.facts = facts
            .iter()
            .map(|&(ind, period, status, value, qualifier, source)| {
                let mut f = (*site.facts[0]).clone();
                let indicator = IndicatorId(ind);
                f.claim = Claim::Figure { indicator, value, unit: site.indicators[indicator].unit };
                f.period = Period::parse(period).unwrap();
                f.status = status;
                f.qualifier = qualifier;
                f.source = SourceId(source);
                f.home = Home::Year(YearId(0));
                f.rating = None;
                f.outcome_of = None;
                Arc::new(f)
            })
            .collect::<Vec<Arc<Fact>>>();
        site.index =
            Arc::new(FactIndex::new(&site.facts, site.indicators.len(), site.boards.len(), site.topics.len(), site.sources.len(), site.life_areas.len()));
        site
    }

    #[test]
    fn each_rating_rule() {
        use Status::*;
        // Indicator 0 of the fixture is gdp (亿元, a level); 1 is gdp-growth (%).
        let latest = 4; // a source dated 2023
        let cases: [(&[Spec<'_>], Rating, Option<f64>); 9] = [
            (&[(0, "2020", Target, 357.0, None, 1), (0, "2020", Actual, 400.0, None, latest)], Rating::Met, None),
            (&[(0, "2020", Target, 357.0, None, 1), (0, "2020", Actual, 236.0, None, latest)], Rating::PartlyMet, Some(236.0 / 357.0)),
            (&[(0, "2020", Target, 357.0, None, 1), (0, "2020", Actual, 100.0, None, latest)], Rating::Missed, Some(100.0 / 357.0)),
            (&[(1, "2020", Target, 7.0, None, 1), (1, "2020", Actual, 3.2, None, latest)], Rating::Missed, None),
            (&[(1, "2020", Target, 15.0, Some(Qualifier::AtLeast), 1), (1, "2020", Actual, 15.0, Some(Qualifier::Nearly), latest)], Rating::Missed, None),
            (&[(0, "2020", Target, 518.0, None, 1), (0, "2020", Estimate, 520.0, None, latest)], Rating::OnTrack, None),
            (&[(0, "2021-2025", Target, 36.0, None, 1), (0, "2021", Actual, 10.0, None, latest)], Rating::InProgress, None),
            (&[(0, "2020", Target, 36.0, None, 1)], Rating::NotReported, None),
            (&[(0, "2030", Target, 36.0, None, 1)], Rating::NotYetDue, None),
        ];
        for (facts, rating, share) in cases {
            let site = site(facts);
            let j = judge(&site, 0);
            assert_eq!((j.rating, j.share), (rating, share), "{facts:?}");
        }
    }

    #[test]
    fn not_reported_names_the_later_sources_and_the_editor_has_the_last_word() {
        let mut s = site(&[(0, "2020", Status::Target, 36.0, None, 1)]);
        let j = judge(&s, 0);
        assert!(!j.later_sources.is_empty() && j.later_sources.iter().all(|&src| s.sources[src].year() > 2020));
        Arc::make_mut(&mut s.facts[0]).rating =
            Some(StatedRating { rating: Rating::Superseded, reason: Text { zh: "甲".into(), en: "A".into() }, source: None, quote: None });
        let j = judge(&s, 0);
        assert_eq!((j.rating, j.stated), (Rating::Superseded, true));
    }
}
