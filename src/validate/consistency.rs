//! Figures that contradict each other, where the data allow a recomputation: a growth rate
//! against the two levels it implies, a half-year above its full year, two sources stating
//! different actuals for the same thing. A finding the sources themselves contain is accepted
//! when one of its facts carries `acknowledged:` (shown on the pages), so the check stays green
//! without hiding it. Contradictions stop every build, the preview (its overlay shows them)
//! and `nianbao check`.

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::model::*;

fn at_fact(f: &Fact, message: String, hint: &str) -> Diagnostic {
    f.file.at(f.line, 1, message).hint(hint)
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
    consistency_of(site, IndicatorId::all(site.indicators.len()), None)
}

/// [`consistency`] of the figures of `indicators` only, and of the growth rates computed from
/// them, and with `years` only of the periods that touch those years or the one either side
/// (what the preview re-checks after revising one year file).
pub fn consistency_of(site: &Site, indicators: impl IntoIterator<Item = IndicatorId>, years: Option<(u16, u16)>) -> Vec<Diagnostic> {
    // An indicator's facts, in fact order: all of them, or those near the years.
    let facts_of = |ind: IndicatorId| -> std::borrow::Cow<'_, [usize]> {
        match years {
            None => std::borrow::Cow::Borrowed(site.index.of_indicator(ind)),
            Some((from, to)) => {
                let mut near = site.index.near(&site.facts, ind, from.saturating_sub(1), to.saturating_add(1));
                near.sort_unstable();
                std::borrow::Cow::Owned(near)
            }
        }
    };
    let mut wanted = vec![false; site.indicators.len()];
    for i in indicators {
        let i = i.index();
        wanted[i] = true;
    }
    for (i, ind) in site.indicators.iter().enumerate() {
        if ind.growth_of.is_some_and(|level| wanted[level.index()]) {
            wanted[i] = true;
        }
    }
    let mut out = Vec::new();
    let facts = &site.facts;
    let acknowledged = |a: usize, b: usize| facts[a].acknowledged.is_some() || facts[b].acknowledged.is_some();
    let place = |i: usize| format!("{}:{}", facts[i].file.path.display(), facts[i].line);
    for ind in IndicatorId::all(site.indicators.len()).filter(|i| wanted[i.index()]) {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lang::Text;
    use crate::validate::testing::fixture_site;

    /// The fixture with one more fact: a copy of its first fact of `indicator` and
    /// `period`, with `value` and `status`, from another source.
    fn with_fact(indicator: &str, period: &str, status: Status, value: f64) -> (Site, usize) {
        let mut site = fixture_site();
        let ind = IndicatorId(site.indicators.iter().position(|i| i.id == indicator).unwrap());
        let model = site.facts.iter().find(|f| f.indicator() == Some(ind)).unwrap();
        let mut fact = (**model).clone();
        fact.claim = Claim::Figure { indicator: ind, value, unit: site.indicators[ind].unit };
        fact.period = Period::parse(period).unwrap();
        fact.status = status;
        fact.source = SourceId((model.source.index() + 1) % site.sources.len());
        fact.line = 99;
        site.facts.push(Arc::new(fact));
        site.index =
            Arc::new(FactIndex::new(&site.facts, site.indicators.len(), site.boards.len(), site.topics.len(), site.sources.len(), site.life_areas.len()));
        let added = site.facts.len() - 1;
        (site, added)
    }

    #[test]
    fn the_fixture_is_consistent() {
        assert_eq!(consistency(&fixture_site()), []);
    }

    #[test]
    fn two_actuals_that_differ_contradict_unless_acknowledged() {
        let (site, added) = with_fact("gdp", "2020", Status::Actual, 700.0);
        let found = consistency(&site);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 99);
        assert!(found[0].hint.as_deref().unwrap().contains("acknowledged"));
        let mut site = site;
        Arc::make_mut(&mut site.facts[added]).acknowledged = Some(Text { zh: "口径不同".into(), en: "Measured differently".into() });
        assert_eq!(consistency(&site), []);
    }

    #[test]
    fn a_half_year_above_its_year_contradicts() {
        let (site, _) = with_fact("gdp", "2019", Status::Actual, 300.0);
        let found = consistency(&site);
        assert_eq!(found.len(), 1, "{found:?}");
        // Only the indicators asked for are checked again (the preview's fast path).
        let other = IndicatorId(site.indicators.iter().position(|i| i.id == "new-urban-jobs").unwrap());
        assert_eq!(consistency_of(&site, [other], None), []);
    }
}
