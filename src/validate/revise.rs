//! The preview's fast paths: one edited year file, or one commentary file, checked against
//! the last good site as a whole validation would check it, in a millisecond rather than the
//! seconds that loading and validating a long series takes. Which edits take them is the
//! pipeline's rule (`pipeline::incremental`).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::commentary::{checked_commentary, citations, citations_of};
use super::facts::{Ids, duplicates_among, fact};
use super::report::reporter;
use crate::error::Diagnostic;
use crate::load::raw::RawYear;
use crate::load::{Loaded, RawCommentary};
use crate::model::*;

/// `site` with one year's file revised (`file`, named `<stem>.yaml`), checked as [`validate`](super::validate)
/// checks it; `Ok(None)` when the revision is more than new contents for the same number of
/// facts (a year renamed or added, facts added or removed), which needs a whole validation.
///
/// This is the preview's fast path: at 10,000 years, loading and validating everything takes
/// seconds, revising one year a millisecond.
pub fn revise_year(site: &Site, file: &Loaded<RawYear>, stem: &str) -> Result<Option<Site>, Vec<Diagnostic>> {
    let y = file.value.year.value;
    if stem.parse::<u16>().ok() != Some(y) {
        return Ok(None);
    }
    let Ok(i) = site.years.binary_search_by_key(&y, |x| x.year) else { return Ok(None) };
    let old = &site.years[i].facts;
    if file.value.facts.len() != old.len() {
        return Ok(None);
    }
    let names = |list: &mut dyn Iterator<Item = &str>| list.enumerate().map(|(i, id)| (id.to_string(), i)).collect();
    let ids = Ids {
        sources: names(&mut site.sources.iter().map(|s| s.id.as_str())),
        topics: names(&mut site.topics.iter().map(|t| t.id.as_str())),
        boards: names(&mut site.boards.iter().map(|b| b.id.as_str())),
        indicators: names(&mut site.indicators.iter().map(|i| i.id.as_str())),
    };
    let mut diags = Vec::new();
    let mut new = Vec::new();
    let mut r = reporter(file, &mut diags);
    for f in &file.value.facts {
        fact(&mut r, f, Home::Year(YearId(i)), (y, y), &ids, &site.indicators, &mut new);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if new.len() != old.len() {
        return Ok(None);
    }
    // Duplicates among the year's facts, and against other files' facts of the same indicator
    // and year, in file order (the first stated is named as the first).
    let mut candidates: Vec<(usize, &Fact)> = old.iter().copied().zip(&new).collect();
    let indicators: BTreeSet<IndicatorId> = new.iter().filter_map(Fact::indicator).collect();
    for &ind in &indicators {
        let others = site.index.near(&site.facts, ind, y, y).into_iter().filter(|f| !old.contains(f) && site.facts[*f].period.years() == (y, y));
        candidates.extend(others.map(|f| (f, &*site.facts[f])));
    }
    candidates.sort_by_key(|(i, _)| *i);
    let mut seen: HashMap<(IndicatorId, Period, Status, SourceId), &Fact> = HashMap::new();
    duplicates_among(candidates.into_iter().map(|(_, f)| f), &mut seen, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let grouping = |f: &Fact| (f.indicator(), f.period, f.status, f.source, f.boards.clone(), f.topics.clone());
    let regroup = old.iter().zip(&new).any(|(&o, n)| grouping(&site.facts[o]) != grouping(n));
    let mut revised = site.clone();
    for (&o, n) in old.iter().zip(new) {
        revised.facts[o] = Arc::new(n);
    }
    if regroup {
        revised.index = Arc::new(FactIndex::new(&revised.facts, revised.indicators.len(), revised.boards.len(), revised.topics.len(), revised.sources.len()));
    }
    // A revised fact may be the one a citation names, or no longer match it.
    let diags = citations(&revised);
    if diags.is_empty() { Ok(Some(revised)) } else { Err(diags) }
}

/// `site` with one commentary file revised, checked as [`validate`](super::validate) checks it; `Ok(None)`
/// when it is not the text of a page the site has (a new or misnamed file: a whole
/// validation says what is wrong). The preview's fast path for commentary.
pub fn revise_commentary(site: &Site, c: &RawCommentary) -> Result<Option<Site>, Vec<Diagnostic>> {
    let key = (c.section, c.key.clone(), c.lang);
    if !site.commentary.contains_key(&key) {
        return Ok(None);
    }
    let mut diags = Vec::new();
    let revised_text = checked_commentary(c, &mut diags);
    diags.extend(citations_of(site, &revised_text));
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut revised = site.clone();
    Arc::make_mut(&mut revised.commentary).insert(key, Arc::new(revised_text));
    Ok(Some(revised))
}
