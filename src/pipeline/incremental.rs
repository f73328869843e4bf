//! The preview's incremental rules: what a change since the last good build needs re-read,
//! re-checked and re-rendered. `serve` watches and serves; the rules are here, in one place,
//! with tests of which pages a given edit affects.
//!
//! **Reading.** One edited year file or commentary file takes the fast path: that file alone
//! is read and checked against the last good site (`validate::revise_year`,
//! `validate::revise_commentary`), and a year's figures are checked for contradictions near
//! that year. One edited catalogue (`sources.yaml`, `boards.yaml`, `indicators.yaml`) is read
//! alone and revised into the last good site when its ids, and what facts are checked
//! against, stay as they were (`validate::revise_catalogue`); an edit of the active theme
//! reads the theme alone and keeps the site. Any other change loads and validates everything.
//!
//! **Rendering.** Only changes to year files and commentary are followed page by page
//! ([`affected`]); after anything else (site.yaml, sources and their texts, boards, topics,
//! indicators, the glossary, plans' data, the theme) every file is stale ([`Render::Stale`]):
//! the changed items' own pages (for the theme, a page of the edited template) are rendered
//! first, every other file when asked for. A year file's edit affects its year page, the year pages
//! within the chart window around it, the home page (headline figures), the board, topic,
//! life-area (and the life overview), indicator and source pages of every fact it held before
//! and holds now, and every page
//! whose commentary cites figures (a citation may name this year's, or the latest). A
//! commentary edit affects its page (and the home page, for a year's title and summary).
//! Facts are numbered across the site (their anchors on source pages), so a change in the
//! number of facts re-renders everything too.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::{BuildOptions, Project, urls};
use crate::error::{Error, Result};
use crate::load::{Entry, load_catalogue, load_entry};
use crate::model::{BoardId, Home, IndicatorId, Site, SourceId, YearId};
use crate::render::CHART_WINDOW;
use crate::routes::content::{ContentFile, ContentKind};
use crate::routes::{Page, Urls};
use crate::section::Section;
use crate::theme::Theme;
use crate::validate::{self, Catalogue};

/// What changed since the last good build, as the preview's watcher saw it; paths are
/// relative to the project (`content/years/2020.yaml`).
#[derive(Debug, Default)]
pub struct Changes<'a> {
    /// Every path touched, a renamed file's old name among them.
    pub paths: Vec<&'a Path>,
    /// The file written (edited or added), when that is the whole change: the fast path's one
    /// candidate.
    pub written: Option<&'a Path>,
}

/// The site after a change, and what of it to render.
pub struct Rebuild {
    pub site: Site,
    pub theme: Arc<Theme>,
    pub urls: Urls,
    pub render: Render,
}

/// What of a rebuilt site to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Render {
    /// Everything, now: the first build.
    Everything,
    /// The pages and files an edit affects (the others are as they were).
    Part(Affected),
    /// Every file may have changed: these pages now (the changed items' own), every other
    /// file when asked for, or in the background.
    Stale(Vec<Page>),
}

/// What an edit affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affected {
    /// The edited files' own pages: the preview renders these before it reloads.
    pub own: Vec<Page>,
    /// Every other page the edit changes: rendered when asked for, or in the background.
    pub others: Vec<Page>,
    /// The downloads of the edited data files (`2020`), small: rendered now.
    pub downloads: Vec<String>,
    /// Whether a figure changed, so the whole data set's download changes too.
    pub all_data: bool,
}

/// The catalogues whose edit is revised into the last good site alone.
const CATALOGUES: [&str; 3] = ["content/sources.yaml", "content/boards.yaml", "content/indicators.yaml"];

/// Brings the last good build (`last`: its site and theme; none on the first build) up to
/// date with `changes`: the site revised or reloaded, and what to render.
pub fn rebuild(project: &Project, options: &BuildOptions, last: Option<(&Site, &Arc<Theme>)>, changes: &Changes<'_>) -> Result<Rebuild> {
    let Some((old, old_theme)) = last.filter(|_| !changes.paths.is_empty()) else {
        let site = project.load_site()?;
        let theme = Arc::new(project.load_theme(&site)?);
        let urls = urls(&site, options)?;
        return Ok(Rebuild { site, theme, urls, render: Render::Everything });
    };
    // The active theme alone: the site is kept, the theme read again, and every page is stale.
    let theme_dir = Path::new("themes").join(&old.config.theme);
    if changes.paths.iter().all(|p| p.starts_with(&theme_dir)) {
        let theme = Arc::new(project.load_theme(old)?);
        let urls = urls(old, options)?;
        return Ok(Rebuild { site: old.clone(), theme, urls, render: Render::Stale(samples(old, &changes.paths)) });
    }
    if let Some(site) = revise_catalogue(project, old, changes)? {
        let own = changed_items(old, &site);
        let urls = urls(&site, options)?;
        return Ok(Rebuild { site, theme: old_theme.clone(), urls, render: Render::Stale(own) });
    }
    let (site, theme) = match revise(project, old, old_theme, changes)? {
        Some(revised) => revised,
        None => {
            let site = project.load_site()?;
            let theme = Arc::new(project.load_theme(&site)?);
            (site, theme)
        }
    };
    let urls = urls(&site, options)?;
    let render = match affected(old, &site, &changes.paths) {
        Some(a) => Render::Part(a),
        // The changed files' own pages first, as for an edit the rule follows.
        None => Render::Stale(own_pages(&site, &changes.paths)),
    };
    Ok(Rebuild { site, theme, urls, render })
}

/// After an edit of the theme, the pages rendered before the reload, so that a template that
/// fails or runs away is reported over the last good pages, as a whole build reports it: for
/// each page template edited, its first page; for anything else (the base template, partials,
/// UI strings) the first year's page, which shows most of them. Templates fail on some pages
/// only, too: those show their error when asked for.
fn samples(site: &Site, changed: &[&Path]) -> Vec<Page> {
    let pages = Page::all(site);
    let mut out: Vec<Page> = changed
        .iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let year = || pages.iter().find(|p| matches!(p, Page::Year(_)));
            pages.iter().find(|&&p| crate::render::template(p) == name).or_else(year).copied()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The pages of the content files among `changed` that `site` has.
fn own_pages(site: &Site, changed: &[&Path]) -> Vec<Page> {
    let mut own: Vec<Page> = changed.iter().filter_map(|p| ContentFile::parse(p)?.page(site)).collect();
    own.sort();
    own.dedup();
    own
}

/// One written catalogue ([`CATALOGUES`]) revised into `site`; `None` when the change is
/// another, or one `validate::revise_catalogue` leaves to a whole validation.
fn revise_catalogue(project: &Project, site: &Site, changes: &Changes<'_>) -> Result<Option<Site>> {
    let Some(path) = changes.written.filter(|_| changes.paths.len() == 1) else { return Ok(None) };
    let Some(name) = CATALOGUES.iter().find(|c| Path::new(c) == path).and_then(|c| c.strip_prefix("content/")) else { return Ok(None) };
    let (fence, file) = (project.fence()?, project.content_dir().join(name));
    let catalogue = match name {
        "sources.yaml" => load_catalogue(&fence, &file).map(Catalogue::Sources),
        "boards.yaml" => load_catalogue(&fence, &file).map(Catalogue::Boards),
        _ => load_catalogue(&fence, &file).map(Catalogue::Indicators),
    };
    // A file that does not read is reported by a whole load, with whatever else is wrong.
    let Ok(catalogue) = catalogue else { return Ok(None) };
    // The sources' texts are not read again: their coverage is kept (`revise_catalogue`).
    Ok(validate::revise_catalogue(site, &catalogue))
}

/// The pages of the sources, boards and indicators that differ between `old` and `new`, two
/// sites with the same catalogues' ids.
fn changed_items(old: &Site, new: &Site) -> Vec<Page> {
    let mut own = Vec::new();
    own.extend(old.sources.iter().zip(&new.sources).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| Page::Source(SourceId(i))));
    own.extend(old.boards.iter().zip(&new.boards).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| Page::Board(BoardId(i))));
    own.extend(old.indicators.iter().zip(&new.indicators).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| Page::Indicator(IndicatorId(i))));
    own
}

/// The fast path: the one written file revised into `site`; `None` when the change is not one
/// it handles (then everything is loaded again).
fn revise(project: &Project, site: &Site, theme: &Arc<Theme>, changes: &Changes<'_>) -> Result<Option<(Site, Arc<Theme>)>> {
    let Some(path) = changes.written.filter(|_| changes.paths.len() == 1) else { return Ok(None) };
    let Some(file) = ContentFile::parse(path).filter(|_| path.components().count() == 3) else { return Ok(None) };
    let name = path.file_name().unwrap_or_default();
    let (stem, loaded) = match load_entry(&project.fence()?, file.section, &project.content_dir().join(file.section.dir()).join(name)) {
        Entry::Commentary(raw) => {
            let revised = validate::revise_commentary(site, &raw).map_err(Error::Invalid)?;
            return Ok(revised.map(|s| (s, theme.clone())));
        }
        Entry::Year(stem, loaded) => (stem, loaded),
        Entry::Plan(..) => return Ok(None),
        Entry::Invalid(diags) if diags.is_empty() => return Ok(None),
        Entry::Invalid(diags) => return Err(Error::Invalid(diags)),
    };
    let Some(revised) = validate::revise_year(site, &loaded, &stem).map_err(Error::Invalid)? else { return Ok(None) };
    // Contradictions, among the figures of the indicators the year states, before and after.
    let year = loaded.value.year.value;
    let facts = revised.years.binary_search_by_key(&year, |y| y.year).map_or(&[][..], |i| &revised.years[i].facts[..]);
    let touched: BTreeSet<IndicatorId> = facts.iter().flat_map(|&f| [site.facts[f].indicator(), revised.facts[f].indicator()]).flatten().collect();
    let contradictions = validate::consistency::consistency_of(&revised, touched, Some((year, year)));
    if !contradictions.is_empty() {
        return Err(Error::Invalid(contradictions));
    }
    // Which figures of the sources the digest holds may have changed with the year's facts.
    Ok(Some((project.account_sources(revised)?, theme.clone())))
}

/// What `changed` (paths relative to the project) affects, going from `old` to `new`; `None`
/// when everything must be re-rendered.
pub fn affected(old: &Site, new: &Site, changed: &[&Path]) -> Option<Affected> {
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
    let mut pages: BTreeSet<Page> = BTreeSet::new();
    let mut own: Vec<Page> = Vec::new();
    let mut downloads: Vec<String> = Vec::new();
    for path in changed {
        let file = ContentFile::parse(path)?;
        let page = file.page(new)?;
        own.push(page);
        pages.insert(page);
        match (file.section, file.kind) {
            (Section::Years, ContentKind::Data) => {
                let Page::Year(i) = page else { return None };
                downloads.push(file.key.to_string());
                pages.insert(Page::Home);
                // The ledger rates every target, and a plan's targets by the years inside it.
                pages.insert(Page::Promises);
                let year = new.years[i].year;
                pages.extend(new.plans.iter().enumerate().filter(|(_, p)| (p.start..=p.end).contains(&year)).map(|(p, _)| Page::Plan(crate::model::PlanId(p))));
                let near = new.years.partition_point(|y| y.year < year.saturating_sub(CHART_WINDOW))
                    ..new.years.partition_point(|y| y.year <= year.saturating_add(CHART_WINDOW));
                pages.extend(near.map(|n| Page::Year(YearId(n))));
                for site in [old, new] {
                    for &f in &site.years[i].facts {
                        let fact = &site.facts[f];
                        pages.extend(fact.boards.iter().map(|&b| Page::Board(b)));
                        pages.extend(fact.topics.iter().map(|&t| Page::Topic(t)));
                        pages.extend(fact.life.iter().map(|&a| Page::LifeArea(a)));
                        if !fact.life.is_empty() {
                            pages.insert(Page::Life);
                        }
                        // The areas' tables of annual figures are downloads too.
                        for &a in &fact.life {
                            let key = crate::routes::life_download(&site.life_areas[a].id);
                            if !downloads.contains(&key) {
                                downloads.push(key);
                            }
                        }
                        pages.extend(fact.indicator().map(Page::Indicator));
                        pages.insert(Page::Source(fact.source));
                    }
                }
                // Commentary anywhere may cite the year's figures (`[[gdp]]` is the latest).
                let citing = new.commentary.iter().filter(|(_, c)| c.cites).map(|((section, key, _), _)| crate::routes::content::page_of(new, *section, key));
                pages.extend(citing.flatten());
            }
            (_, ContentKind::Commentary(_)) => {
                if file.section == Section::Years {
                    pages.insert(Page::Home);
                }
            }
            (_, ContentKind::Data) => return None,
        }
    }
    // A fact moved between a year and a plan would change pages this rule does not follow.
    // (A fact not revised is the same `Arc` in both sites: nothing to compare.)
    let moved = |a: Home, b: Home| std::mem::discriminant(&a) != std::mem::discriminant(&b) || matches!((a, b), (Home::Year(x), Home::Year(y)) if x != y);
    if old.facts.iter().zip(&new.facts).filter(|(a, b)| !Arc::ptr_eq(a, b)).any(|(a, b)| moved(a.home, b.home)) {
        return None;
    }
    // A list that continues over several pages: every part (a fact may move between them).
    // When a list gains or loses a part, other pages' pagers change: everything is rendered.
    let lists: Vec<crate::routes::List> = pages.iter().filter_map(|&p| crate::routes::List::of(p)).map(|(l, _)| l).collect();
    for list in lists {
        if list.parts(old) != list.parts(new) {
            return None;
        }
        pages.extend(list.pages(new));
    }
    own.sort();
    own.dedup();
    let others = pages.into_iter().filter(|p| !own.contains(p)).collect();
    let all_data = !downloads.is_empty();
    Some(Affected { own, others, downloads, all_data })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::Loaded;
    use crate::load::raw::RawYear;
    use crate::model::SourceId;

    /// The minimal fixture site with the repo's themes, in a temporary folder.
    fn fixture() -> (tempfile::TempDir, Project, Site) {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for (from, to) in [("tests/fixtures/minimal/content", "content"), ("themes", "themes")] {
            for entry in walkdir::WalkDir::new(repo.join(from)).into_iter().flatten().filter(|e| e.file_type().is_file()) {
                let dest = dir.path().join(to).join(entry.path().strip_prefix(repo.join(from)).unwrap());
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), dest).unwrap();
            }
        }
        let project = Project::new(dir.path());
        let site = project.load_site().unwrap();
        (dir, project, site)
    }

    /// `site` with its 2020 file's text replaced by `edit` of it, revised as the preview does.
    fn edit_2020(project: &Project, site: &Site, edit: impl Fn(String) -> String) -> Site {
        let path = project.content_dir().join("years/2020.yaml");
        let text = edit(std::fs::read_to_string(&path).unwrap());
        let value = crate::load::yaml::parse::<RawYear>(&path, &text, 0).unwrap();
        let loaded = Loaded { file: Arc::new(crate::error::InputFile::new(&path, text)), value };
        validate::revise_year(site, &loaded, "2020").unwrap().expect("a revision of the same shape")
    }

    fn page_named(site: &Site, page: Page) -> String {
        page.path(site)
    }

    #[test]
    fn a_year_edit_affects_its_year_its_neighbours_and_the_pages_of_its_facts() {
        let (_dir, project, site) = fixture();
        let new = edit_2020(&project, &site, |t| t.replace("value: 760.2", "value: 760.3").replace("figure: \"760.2亿元\"", "figure: \"760.3亿元\""));
        let a = affected(&site, &new, &[Path::new("content/years/2020.yaml")]).expect("followed");
        let y2020 = crate::routes::content::year_of(&new, "2020").unwrap();
        assert_eq!(a.own, vec![Page::Year(y2020)]);
        let others: Vec<String> = a.others.iter().map(|&p| page_named(&new, p)).collect();
        // The home page, the other years in the chart window, and the pages of 2020's facts.
        for expected in ["", "years/2019/", "years/2022/", "indicators/gdp/", "sources/2021-two-sessions/", "life/", "life/housing/"] {
            assert!(others.contains(&expected.to_string()), "{expected} not among {others:?}");
        }
        assert!(!others.contains(&"years/2020/".to_string()), "the own page is not deferred");
        let gdp = IndicatorId(new.indicators.iter().position(|i| i.id == "gdp").unwrap());
        assert!(a.others.contains(&Page::Indicator(gdp)));
        assert!(a.others.iter().all(|p| !matches!(p, Page::Glossary | Page::Search)), "{others:?}");
        // The year's download, and the table of the life area its old-compounds figures are in.
        assert_eq!((a.downloads.clone(), a.all_data), (vec!["2020".to_string(), "life-housing".to_string()], true));
        // A source no fact of 2020 cites is not touched.
        let uncited: Vec<SourceId> = SourceId::all(new.sources.len()).filter(|&s| new.years[y2020].facts.iter().all(|&f| new.facts[f].source != s)).collect();
        assert!(uncited.iter().all(|s| !a.others.contains(&Page::Source(*s))));
    }

    #[test]
    fn a_commentary_edit_affects_its_page_and_for_a_year_the_home_page() {
        let (_dir, _, site) = fixture();
        let a = affected(&site, &site, &[Path::new("content/years/2020.en.md")]).expect("followed");
        let y2020 = crate::routes::content::year_of(&site, "2020").unwrap();
        assert_eq!(a, Affected { own: vec![Page::Year(y2020)], others: vec![Page::Home], downloads: vec![], all_data: false });
    }

    #[test]
    fn anything_else_is_not_followed_page_by_page() {
        let (_dir, _, site) = fixture();
        for path in ["content/sources.yaml", "content/site.yaml", "themes/default/templates/year.html", "content/years/2031.yaml", "content/plans/fyp13.yaml"] {
            assert_eq!(affected(&site, &site, &[Path::new(path)]), None, "{path}");
        }
        // A site of another shape (a year fewer) cannot be patched page by page.
        let mut fewer = site.clone();
        fewer.years.pop();
        assert_eq!(affected(&site, &fewer, &[Path::new("content/years/2020.en.md")]), None);
    }

    #[test]
    fn the_fast_path_takes_one_written_year_or_commentary_file() {
        let (_dir, project, site) = fixture();
        let theme = Arc::new(project.load_theme(&site).unwrap());
        let options = BuildOptions::default();
        let one = [Path::new("content/years/2020.en.md")];
        let changes = Changes { paths: one.to_vec(), written: Some(one[0]) };
        let r = rebuild(&project, &options, Some((&site, &theme)), &changes).unwrap();
        assert!(Arc::ptr_eq(&r.theme, &theme), "the fast path keeps the theme");
        assert!(matches!(r.render, Render::Part(_)));
        // A change to the site's configuration loads everything, and every page is stale.
        let config = [Path::new("content/site.yaml")];
        let r = rebuild(&project, &options, Some((&site, &theme)), &Changes { paths: config.to_vec(), written: Some(config[0]) }).unwrap();
        assert!(!Arc::ptr_eq(&r.theme, &theme));
        assert_eq!(r.render, Render::Stale(Vec::new()));
        // So does the first build.
        assert_eq!(rebuild(&project, &options, None, &Changes::default()).unwrap().render, Render::Everything);
    }

    #[test]
    fn a_catalogue_edit_keeps_the_theme_and_renders_the_changed_items_pages_first() {
        let (dir, project, site) = fixture();
        let theme = Arc::new(project.load_theme(&site).unwrap());
        let options = BuildOptions::default();
        let path = dir.path().join("content/sources.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("mid-year economic review\"", "mid-year economic review (edited)\"")).unwrap();
        let one = [Path::new("content/sources.yaml")];
        let r = rebuild(&project, &options, Some((&site, &theme)), &Changes { paths: one.to_vec(), written: Some(one[0]) }).unwrap();
        assert!(Arc::ptr_eq(&r.theme, &theme), "a catalogue's edit keeps the theme");
        let source = SourceId(site.sources.iter().position(|s| s.id == "2019-midyear-review").unwrap());
        assert_eq!(r.render, Render::Stale(vec![Page::Source(source)]));
        assert!(Arc::ptr_eq(&r.site.facts[0], &site.facts[0]), "the facts are kept");
        assert!(r.site.sources[source].title.en.ends_with("(edited)"));
        // An id changed: facts name sources by id, so everything is loaded and checked again
        // (here: the facts citing the old id are reported).
        std::fs::write(&path, text.replace("- id: 2019-midyear-review", "- id: 2019-review")).unwrap();
        let Err(crate::error::Error::Invalid(diags)) =
            rebuild(&project, &options, Some((&site, &theme)), &Changes { paths: one.to_vec(), written: Some(one[0]) })
        else {
            panic!("the facts citing 2019-midyear-review are not reported")
        };
        assert!(diags.iter().any(|d| d.message.contains("unknown source `2019-midyear-review`")), "{diags:?}");
        // A template: the site is kept, the theme read again.
        let template = [Path::new("themes/default/templates/year.html")];
        let r = rebuild(&project, &options, Some((&site, &theme)), &Changes { paths: template.to_vec(), written: Some(template[0]) });
        let r = r.unwrap();
        assert!(!Arc::ptr_eq(&r.theme, &theme) && Arc::ptr_eq(&r.site.facts[0], &site.facts[0]));
        // One page of the template is rendered before the reload, to show the template's errors.
        assert_eq!(r.render, Render::Stale(vec![Page::Year(YearId(0))]));
    }
}
