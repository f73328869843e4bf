//! The preview's fast paths: one edited year file, or one commentary file, checked against
//! the last good site as a whole validation would check it, in a millisecond rather than the
//! seconds that loading and validating a long series takes. Which edits take them is the
//! pipeline's rule (`pipeline::incremental`).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::catalogs;
use super::commentary::{checked_commentary, citations, citations_of};
use super::facts::{Ids, duplicates_among, fact};
use super::report::reporter;
use crate::error::Diagnostic;
use crate::load::raw::{RawBoard, RawIndicator, RawSource, RawYear};
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
    if *stem != y.to_string() {
        return Ok(None);
    }
    let Ok(i) = site.years.binary_search_by_key(&y, |x| x.year) else { return Ok(None) };
    let old = &site.years[i].facts;
    if file.value.facts.len() != old.len() {
        return Ok(None);
    }
    // Links between targets and outcomes span files: a whole validation resolves them.
    let ledger = |f: &Fact| f.id.is_some() || f.outcome_of.is_some() || f.rating.is_some();
    if old.iter().any(|&f| ledger(&site.facts[f]))
        || file.value.facts.iter().any(|f| f.value.id.is_some() || f.value.outcome_of.is_some() || f.value.rating.is_some())
    {
        return Ok(None);
    }
    // Another file's outcome may link to a target of this year.
    if site.facts.iter().any(|f| f.outcome_of.is_some_and(|t| old.contains(&t))) {
        return Ok(None);
    }
    let ids = Ids {
        sources: names(site.sources.iter().map(|s| s.id.as_str())),
        topics: names(site.topics.iter().map(|t| t.id.as_str())),
        boards: names(site.boards.iter().map(|b| b.id.as_str())),
        indicators: names(site.indicators.iter().map(|i| i.id.as_str())),
        life: names(site.life_areas.iter().map(|a| a.id.as_str())),
        unknown_unit: vec![false; site.indicators.len()],
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
        revised.index = Arc::new(FactIndex::new(
            &revised.facts,
            revised.indicators.len(),
            revised.boards.len(),
            revised.topics.len(),
            revised.sources.len(),
            revised.life_areas.len(),
        ));
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

/// A catalogue file as read, for [`revise_catalogue`].
pub enum Catalogue {
    Sources(Loaded<Vec<RawSource>>),
    Boards(Loaded<Vec<RawBoard>>),
    Indicators(Loaded<Vec<RawIndicator>>),
}

/// `site` with one catalogue revised (`sources.yaml`, `boards.yaml` or `indicators.yaml`),
/// checked as [`validate`](super::validate) checks it; `None` when the catalogue has problems
/// or the revision changes what other files were checked against: ids added, removed or
/// reordered (facts and commentary name them), or an indicator's unit, kind, `growth_of`,
/// topics, life areas or `counted_as` (facts are checked against them and take their topics
/// and life areas from them). Then a whole validation says what is wrong, or rebuilds the site.
///
/// What is left (titles, dates, names, summaries, former names, headline flags) is read by
/// the pages only, so the rest of the site is kept as it is, sources' coverage among it.
pub fn revise_catalogue(site: &Site, catalogue: &Catalogue) -> Option<Site> {
    let mut diags = Vec::new();
    let topics = names(site.topics.iter().map(|t| t.id.as_str()));
    let mut revised = site.clone();
    let mut files = (*site.files).clone();
    match catalogue {
        Catalogue::Sources(file) => {
            let (mut sources, _) = catalogs::sources(file, &mut diags);
            if !site.sources.iter().map(|s| &s.id).eq(sources.iter().map(|s| &s.id)) {
                return None;
            }
            // Coverage is counted from a source's text (found by its id), the facts and the skip
            // list, none of which a catalogue edit changes: kept, not counted again.
            for (new, old) in sources.iter_mut().zip(&site.sources) {
                new.coverage = old.coverage.clone();
            }
            revised.sources = sources;
            files.sources = file.file.clone();
        }
        Catalogue::Boards(file) => {
            let (boards, _) = catalogs::boards(file, &topics, &mut diags);
            if !site.boards.iter().map(|b| &b.id).eq(boards.iter().map(|b| &b.id)) {
                return None;
            }
            revised.boards = boards;
            files.boards = file.file.clone();
        }
        Catalogue::Indicators(file) => {
            let life = names(site.life_areas.iter().map(|a| a.id.as_str()));
            let indicators = catalogs::indicators(file, &topics, &life, &mut diags).list;
            let checked_against = |i: &Indicator| (i.id.clone(), i.unit, i.kind, i.growth_of, i.topics.clone(), i.life.clone(), i.counted_as.clone());
            if !site.indicators.iter().map(checked_against).eq(indicators.iter().map(checked_against)) {
                return None;
            }
            revised.indicators = indicators;
            files.indicators = file.file.clone();
        }
    }
    if !diags.is_empty() {
        return None;
    }
    revised.files = Arc::new(files);
    Some(revised)
}

/// Ids to their positions, as validation resolves references.
fn names<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::section::Section;
    use crate::validate::testing::{fixture_site, loaded, messages};

    fn year_2020(site: &Site) -> String {
        let y = site.years.iter().find(|y| y.year == 2020).unwrap();
        site.facts[y.facts[0]].file.text.clone()
    }

    #[test]
    fn a_revised_year_replaces_its_facts_and_keeps_the_rest() {
        let site = fixture_site();
        let text = year_2020(&site).replace("value: 760.2", "value: 761").replace("\"760.2亿元\"", "\"761亿元\"");
        let revised = revise_year(&site, &loaded("years/2020.yaml", &text), "2020").unwrap().expect("same shape");
        let changed: Vec<usize> = (0..site.facts.len()).filter(|&i| !Arc::ptr_eq(&site.facts[i], &revised.facts[i])).collect();
        let y = revised.years.iter().find(|y| y.year == 2020).unwrap();
        assert_eq!(changed, y.facts, "only 2020's facts are new");
        assert!(revised.facts.iter().any(|f| matches!(f.claim, Claim::Figure { value, .. } if value == 761.0)));
    }

    #[test]
    fn a_revision_of_another_shape_or_with_problems_is_not_taken() {
        let site = fixture_site();
        // One fact less: a whole validation is needed.
        let one_less = {
            let t = year_2020(&site);
            let cut = t.rfind("  - indicator").unwrap();
            t[..cut].to_string()
        };
        assert!(revise_year(&site, &loaded("years/2020.yaml", &one_less), "2020").unwrap().is_none());
        assert!(revise_year(&site, &loaded("years/2021.yaml", &year_2020(&site)), "2021").unwrap().is_none(), "a misnamed file");
        let unknown = year_2020(&site).replace("source: 2021-two-sessions", "source: 2021-two-session");
        let diags = revise_year(&site, &loaded("years/2020.yaml", &unknown), "2020").unwrap_err();
        assert!(messages(&diags).iter().all(|m| *m == "unknown source `2021-two-session`"), "{diags:?}");
    }

    #[test]
    fn revised_commentary_is_checked_like_new() {
        let site = fixture_site();
        let path = std::path::Path::new("content/years/2020.en.md");
        let good = crate::load::parse_commentary(Section::Years, "2020", Lang::En, path, "New text with [[gdp 2020]].".into()).unwrap();
        let revised = revise_commentary(&site, &good).unwrap().expect("a page the site has");
        assert!(revised.commentary(Section::Years, "2020", Lang::En).unwrap().markdown.starts_with("New text"));
        let bad = crate::load::parse_commentary(Section::Years, "2020", Lang::En, path, "[[gdp 1999]]".into()).unwrap();
        assert_eq!(messages(&revise_commentary(&site, &bad).unwrap_err()), ["no fact of `gdp` for 1999"]);
        let new_page = crate::load::parse_commentary(Section::Years, "2031", Lang::En, path, "Text".into()).unwrap();
        assert!(revise_commentary(&site, &new_page).unwrap().is_none());
    }
}
