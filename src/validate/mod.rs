//! Every check, one file per concern. [`validate`] turns raw content into a [`Site`], or
//! reports every problem found; the rest run on the site:
//!
//! - [`report`]: how a problem points at the value that causes it;
//! - [`config`], [`catalogs`], [`facts`], [`commentary`]: the checks of meaning that build
//!   the site (shape is the loader's): ids exist and are unique, every figure has a source,
//!   texts exist in both languages, periods fall in their file's year, commentary has its twin;
//! - [`revise`]: the same checks for one edited file, against the last good site (the preview);
//! - [`consistency`]: figures that contradict each other (errors: they stop every build);
//! - [`warnings`]: what `nianbao check` reports for the editor to judge (translations,
//!   numbers typed by hand);
//! - [`provenance`]: every figure stands in its source's text (`nianbao check --sources`).
//!
//! Checks read nothing from disk: the loader hands them the files it read ([`InputFile`]).
//!
//! [`InputFile`]: crate::error::InputFile

pub mod catalogs;
pub mod commentary;
pub mod config;
pub mod consistency;
pub mod coverage;
pub mod facts;
pub mod promises;
pub mod provenance;
pub mod report;
pub mod revise;
#[cfg(test)]
pub(crate) mod testing;
pub mod warnings;

pub use revise::{Catalogue, revise_catalogue, revise_commentary, revise_year};

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::load::RawContent;
use crate::model::*;

/// Checks raw content and builds the site model. `themes` lists the theme folders that exist.
pub fn validate(raw: RawContent, themes: &[String]) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let config = config::site_config(&raw.site, themes, &mut diags);
    let (sources, source_ids) = catalogs::sources(&raw.sources, &mut diags);
    let (topics, topic_ids) = catalogs::topics(&raw.topics, &mut diags);
    let (boards, board_ids) = catalogs::boards(&raw.boards, &topic_ids, &mut diags);
    let (life_areas, life_ids) = raw.life_areas.as_ref().map(|a| catalogs::life_areas(a, &mut diags)).unwrap_or_default();
    let catalogs::Indicators { list: indicators, ids: indicator_ids, unknown_unit } = catalogs::indicators(&raw.indicators, &topic_ids, &life_ids, &mut diags);
    let glossary = raw.glossary.as_ref().map(|g| catalogs::glossary(g, &mut diags)).unwrap_or_default();

    let ids = facts::Ids { sources: source_ids, topics: topic_ids, boards: board_ids, indicators: indicator_ids, life: life_ids, unknown_unit };
    let mut facts = Vec::new();
    let years = facts::years(&raw.years, &ids, &indicators, &mut facts, &mut diags);
    let plans = facts::plans(&raw.plans, &ids, &indicators, &mut facts, &mut diags);
    facts::duplicate_facts(&facts, &mut diags);
    promises::link_outcomes(promises::fact_files(&raw.years, &raw.plans), &mut facts, &mut diags);
    let commentary = commentary::commentary(raw.commentary, &years, &plans, &boards, &topics, config.translation_fallback, &mut diags);

    if !diags.is_empty() {
        return Err(diags);
    }
    // Pages are listed in order; facts keep their indices.
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| years[i].year);
    let remap: HashMap<YearId, YearId> = order.iter().enumerate().map(|(new, &old)| (YearId(old), YearId(new))).collect();
    for f in &mut facts {
        if let Home::Year(i) = f.home {
            f.home = Home::Year(remap[&i]);
        }
    }
    let years = order.into_iter().map(|i| years[i].clone()).collect();
    let facts: Vec<Arc<Fact>> = facts.into_iter().map(Arc::new).collect();
    let index = Arc::new(FactIndex::new(&facts, indicators.len(), boards.len(), topics.len(), sources.len(), life_areas.len()));
    let files = Arc::new(CatalogFiles {
        site: raw.site.file.clone(),
        sources: raw.sources.file.clone(),
        topics: raw.topics.file.clone(),
        boards: raw.boards.file.clone(),
        indicators: raw.indicators.file.clone(),
        glossary: raw.glossary.as_ref().map(|g| g.file.clone()),
        life_areas: raw.life_areas.as_ref().map(|a| a.file.clone()),
    });
    let site = Site { config, sources, topics, boards, life_areas, indicators, glossary, years, plans, facts, commentary: Arc::new(commentary), index, files };
    let mut diags = commentary::citations(&site);
    diags.extend(promises::stated_ratings(&site));
    if diags.is_empty() { Ok(site) } else { Err(diags) }
}

#[cfg(test)]
mod tests {
    use super::testing::{fixture_content, fixture_site, messages};
    use super::*;

    #[test]
    fn the_fixture_validates_into_a_site_with_years_in_order() {
        let site = fixture_site();
        assert_eq!(site.years.iter().map(|y| y.year).collect::<Vec<_>>(), [2019, 2020, 2022]);
        // Every fact's home lists it, and the fact names its file for messages.
        for (i, f) in site.facts.iter().enumerate() {
            let Home::Year(y) = f.home else { continue };
            assert!(site.years[y].facts.contains(&i));
            assert!(f.file.path.ends_with(format!("years/{}.yaml", site.years[y].year)), "{:?}", f.file.path);
        }
        assert!(site.files.boards.text.contains("business-district"));
    }

    #[test]
    fn every_problem_of_every_file_is_reported_at_once() {
        let mut raw = fixture_content();
        raw.years[0].1.value.year.value = 2018;
        raw.commentary.retain(|c| !(c.key == "2020" && c.lang == crate::lang::Lang::En));
        let diags = validate(raw, &["default".to_string()]).unwrap_err();
        let found = messages(&diags);
        assert!(found.iter().any(|m| m.contains("named 2019.yaml but says `year: 2018`")), "{found:?}");
        assert!(found.iter().any(|m| m.starts_with("missing translation")), "{found:?}");
    }
}
