//! Where every output file lives: each page kind's path, the root files, the feeds, the data
//! downloads and the search index, and how links between them are written ([`Urls`]).
//!
//! Rendering, the discovery files (sitemap, feeds), the link check, the preview's deferred
//! files and the incremental rules all ask here, so a path is spelled in one place: moving a
//! page kind (say `years/2020/` to `y/2020/`) is a change to one function.
//!
//! Paths are relative to the output folder and `/`-separated. A page is a folder ending in
//! `/` (`zh/years/2020/`) whose file is its `index.html` ([`index_of`]); the part after the
//! language folder is the same in both languages ([`Page::path`]).

pub mod content;
pub mod urls;

pub use urls::Urls;

use crate::lang::Lang;
use crate::model::{BoardId, FormerNameId, IndicatorId, LifeAreaId, PlanId, Site, SourceId, TopicId, YearId};

/// A file of the output: its path relative to the output folder, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every page the site has, in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Home,
    Year(YearId),
    Plan(PlanId),
    Board(BoardId),
    /// A former name of a board: a page at the old slug that sends the reader on.
    FormerBoard(BoardId, FormerNameId),
    Topic(TopicId),
    Indicator(IndicatorId),
    Source(SourceId),
    Glossary,
    Search,
    /// Every target of every year and plan, rated.
    Promises,
    /// "What changed for me": a card per life area.
    Life,
    /// One life area: its latest figures, promises, named places and years.
    LifeArea(LifeAreaId),
    /// A list page's continuation: its items from `page_size × n` on (`n` ≥ 1), at
    /// `boards/fenghu/page/2/` for `n` = 1. The first part is the list's own page.
    Part(List, u32),
}

/// A page that lists facts, and so may continue over several parts ([`Page::Part`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    Board(BoardId),
    Topic(TopicId),
    Indicator(IndicatorId),
    Source(SourceId),
}

impl List {
    /// The list's first page.
    pub fn page(self) -> Page {
        match self {
            List::Board(b) => Page::Board(b),
            List::Topic(t) => Page::Topic(t),
            List::Indicator(i) => Page::Indicator(i),
            List::Source(s) => Page::Source(s),
        }
    }

    /// The list a page is (a part of), if it is one.
    pub fn of(page: Page) -> Option<(List, u32)> {
        match page {
            Page::Board(b) => Some((List::Board(b), 0)),
            Page::Topic(t) => Some((List::Topic(t), 0)),
            Page::Indicator(i) => Some((List::Indicator(i), 0)),
            Page::Source(s) => Some((List::Source(s), 0)),
            Page::Part(l, n) => Some((l, n)),
            _ => None,
        }
    }

    /// How many items the list shows: facts for boards, topics and sources, periods for an
    /// indicator (a row each).
    pub fn len(self, site: &Site) -> usize {
        match self {
            List::Board(b) => site.index.of_board(b).len(),
            List::Topic(t) => site.index.of_topic(t).len(),
            List::Source(s) => site.index.of_source(s).len(),
            List::Indicator(i) => {
                let mut periods: Vec<_> = site.index.of_indicator(i).iter().map(|&f| site.facts[f].period).collect();
                periods.sort_unstable();
                periods.dedup();
                periods.len()
            }
        }
    }

    /// How many parts the list takes at the site's page size (at least one).
    pub fn parts(self, site: &Site) -> u32 {
        self.len(site).div_ceil(site.config.page_size.max(1)).max(1) as u32
    }

    /// The list's pages: its own and its continuations.
    pub fn pages(self, site: &Site) -> impl Iterator<Item = Page> {
        std::iter::once(self.page()).chain((1..self.parts(site)).map(move |n| Page::Part(self, n)))
    }
}

impl Page {
    /// All pages of `site`.
    pub fn all(site: &Site) -> Vec<Page> {
        let mut pages = vec![Page::Home, Page::Glossary, Page::Search, Page::Promises];
        pages.extend(YearId::all(site.years.len()).map(Page::Year));
        pages.extend(PlanId::all(site.plans.len()).map(Page::Plan));
        pages.extend(BoardId::all(site.boards.len()).map(Page::Board));
        for b in BoardId::all(site.boards.len()) {
            pages.extend((0..site.boards[b].former_names.len()).map(|f| Page::FormerBoard(b, FormerNameId(f))));
        }
        pages.extend(TopicId::all(site.topics.len()).map(Page::Topic));
        pages.extend(IndicatorId::all(site.indicators.len()).map(Page::Indicator));
        pages.extend(SourceId::all(site.sources.len()).map(Page::Source));
        // The continuations of long lists.
        let lists = BoardId::all(site.boards.len())
            .map(List::Board)
            .chain(TopicId::all(site.topics.len()).map(List::Topic))
            .chain(IndicatorId::all(site.indicators.len()).map(List::Indicator))
            .chain(SourceId::all(site.sources.len()).map(List::Source));
        for list in lists {
            pages.extend((1..list.parts(site)).map(|n| Page::Part(list, n)));
        }
        if !site.life_areas.is_empty() {
            pages.push(Page::Life);
            pages.extend(LifeAreaId::all(site.life_areas.len()).map(Page::LifeArea));
        }
        pages
    }

    /// The page's path under its language folder, ending in `/` (empty for the home page).
    pub fn path(self, site: &Site) -> String {
        match self {
            Page::Home => String::new(),
            Page::Year(i) => year(site.years[i].year),
            Page::Plan(i) => plan(&site.plans[i].id),
            Page::Board(i) => board(&site.boards[i].id),
            Page::FormerBoard(b, f) => board(&site.boards[b].former_names[f.0].slug),
            Page::Topic(i) => topic(&site.topics[i].id),
            Page::Indicator(i) => indicator(&site.indicators[i].id),
            Page::Source(i) => source(&site.sources[i].id),
            Page::Glossary => GLOSSARY.into(),
            Page::Search => SEARCH.into(),
            Page::Promises => PROMISES.into(),
            Page::Life => LIFE.into(),
            Page::LifeArea(i) => life_area(&site.life_areas[i].id),
            Page::Part(list, n) => part(&list.page().path(site), n),
        }
    }

    /// The page's folder in `lang` (`zh/years/2020/`).
    pub fn dir(self, site: &Site, lang: Lang) -> String {
        in_lang(lang, &self.path(site))
    }

    /// The page's file in `lang` (`zh/years/2020/index.html`).
    pub fn file(self, site: &Site, lang: Lang) -> String {
        index_of(&self.dir(site, lang))
    }
}

/// A year page, under its language folder: `years/2020/`.
pub fn year(year: u16) -> String {
    format!("years/{year}/")
}

/// A five-year plan's page: `plans/fyp13/`.
pub fn plan(id: &str) -> String {
    format!("plans/{id}/")
}

/// A board's page (and a former name's, which sends the reader on): `boards/fenghu/`.
pub fn board(slug: &str) -> String {
    format!("boards/{slug}/")
}

/// A topic's page: `topics/warm/`.
pub fn topic(id: &str) -> String {
    format!("topics/{id}/")
}

/// An indicator's page: `indicators/gdp/`.
pub fn indicator(id: &str) -> String {
    format!("indicators/{id}/")
}

/// A source's page: `sources/2021-two-sessions/`.
pub fn source(id: &str) -> String {
    format!("sources/{id}/")
}

/// Part `n` (from 0) of a list whose first page is at `first`: `boards/fenghu/page/2/` for 1.
pub fn part(first: &str, n: u32) -> String {
    if n == 0 { first.to_string() } else { format!("{first}page/{}/", n + 1) }
}

/// The glossary page.
pub const GLOSSARY: &str = "glossary/";

/// The search page.
pub const SEARCH: &str = "search/";

/// The promise ledger.
pub const PROMISES: &str = "promises/";

/// "What changed for me": the life areas.
pub const LIFE: &str = "life/";

/// A life area's page: `life/education/`.
pub fn life_area(id: &str) -> String {
    format!("{LIFE}{id}/")
}

/// The download key of a life area's table of annual figures: `life-education`.
pub fn life_download(id: &str) -> String {
    format!("life-{id}")
}

/// A group of the promise ledger, or a promise on it: `promises/#y2020`.
pub fn promises_at(anchor: &str) -> String {
    format!("{PROMISES}#{anchor}")
}

/// The fragment of a fact on its source's page (`f12`): citations and charts link to it.
pub fn fact_anchor(fact: usize) -> String {
    format!("f{fact}")
}

/// A site path in `lang`: `rest` (as [`Page::path`] gives it, or with a `#fragment`) under the
/// language folder. `in_lang(Zh, "")` is the Chinese home page, `zh/`.
pub fn in_lang(lang: Lang, rest: &str) -> String {
    format!("{}/{rest}", lang.code())
}

/// The same site path in the other language: `zh/years/2020/` -> `en/years/2020/`.
pub fn twin(path: &str, lang: Lang) -> String {
    in_lang(lang, path.split_once('/').map_or("", |(_, rest)| rest))
}

/// The file that a folder's URL serves: `zh/years/2020/` -> `zh/years/2020/index.html`, and
/// the root's, `index.html`.
pub fn index_of(dir: &str) -> String {
    format!("{dir}{INDEX}")
}

/// The folder a page's file is the index of: `zh/years/2020/index.html` -> `zh/years/2020/`.
pub fn dir_of(file: &str) -> &str {
    file.strip_suffix(INDEX).unwrap_or(file)
}

/// The name of a folder's page.
pub const INDEX: &str = "index.html";

/// The language picker at the site's root.
pub const LANGUAGE_PICKER: &str = "index.html";

/// The page a host serves for a missing file.
pub const NOT_FOUND: &str = "404.html";

/// The folder of the search index, at the site's root: one folder per language in it
/// (`render::search`).
pub const SEARCH_INDEX_DIR: &str = "search/";

/// The file of a language's search index read first, saying how the rest is split:
/// `search/zh/meta.js`. Each file is a script calling a global (so search works from disk too).
pub fn search_meta(lang: Lang) -> String {
    format!("{SEARCH_INDEX_DIR}{}/meta.js", lang.code())
}

/// A chunk of a language's page list, by number: `search/zh/p0.js`.
pub fn search_pages(lang: Lang, chunk: usize) -> String {
    format!("{SEARCH_INDEX_DIR}{}/p{chunk}.js", lang.code())
}

/// A shard of a language's tokens, by number: `search/zh/t0.js`.
pub fn search_tokens(lang: Lang, shard: usize) -> String {
    format!("{SEARCH_INDEX_DIR}{}/t{shard}.js", lang.code())
}

/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";

/// What crawlers read first.
pub const ROBOTS: &str = "robots.txt";

/// The Atom feed of `lang`: `zh/atom.xml`.
pub fn feed(lang: Lang) -> String {
    in_lang(lang, "atom.xml")
}

/// Whether the site has feeds: Atom needs absolute URLs (an entry's id is one), so only when
/// the base URL names a host.
pub fn has_feeds(urls: &Urls) -> bool {
    urls.has_host()
}

/// The formats of every download.
pub const DOWNLOAD_FORMATS: [&str; 2] = ["csv", "json"];

/// The download of a page's facts in `format`: `data/2020.csv`. `key` is a year (`2020`), a
/// plan (`fyp13`) or `all`, the whole data set.
pub fn download(key: &str, format: &str) -> String {
    format!("data/{key}.{format}")
}

/// The key of the whole data set's download.
pub const ALL_DATA: &str = "all";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_their_files() {
        assert_eq!(in_lang(Lang::Zh, &year(2020)), "zh/years/2020/");
        assert_eq!(index_of(&in_lang(Lang::En, "")), "en/index.html");
        assert_eq!(index_of(""), "index.html");
        assert_eq!(dir_of("zh/years/2020/index.html"), "zh/years/2020/");
        assert_eq!(twin("zh/boards/fenghu/", Lang::En), "en/boards/fenghu/");
        assert_eq!(twin("zh/", Lang::En), "en/");
        assert_eq!(feed(Lang::En), "en/atom.xml");
        assert_eq!(download(ALL_DATA, "csv"), "data/all.csv");
    }
}
