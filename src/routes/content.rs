//! From a content file to the page it is the content of: `content/years/2020.yaml` and
//! `content/years/2020.zh.md` are the year page of 2020. The preview's incremental rules and
//! the checks of commentary ask here, so the mapping is written once.

use std::path::Path;

use crate::lang::Lang;
use crate::model::{BoardId, PlanId, Site, TopicId, YearId};
use crate::routes::Page;
use crate::section::Section;

/// A file of one of the page folders of `content/`, named as nianbao names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentFile<'a> {
    pub section: Section,
    /// The file name before its extension (and language): `2020`, `fyp13`, `fenghu`.
    pub key: &'a str,
    pub kind: ContentKind,
}

/// What a content file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// Facts: `<key>.yaml`.
    Data,
    /// Commentary in one language: `<key>.<lang>.md`.
    Commentary(Lang),
}

impl<'a> ContentFile<'a> {
    /// Reads `content/<section>/<key>.yaml` or `content/<section>/<key>.<lang>.md` (the last
    /// three parts of `path`); `None` for any other file.
    pub fn parse(path: &'a Path) -> Option<ContentFile<'a>> {
        let parts: Vec<&str> = path.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
        let ["content", dir, file] = parts[parts.len().saturating_sub(3)..] else { return None };
        let section = Section::ALL.into_iter().find(|s| s.dir() == dir)?;
        if let Some(key) = file.strip_suffix(".yaml") {
            return Some(ContentFile { section, key, kind: ContentKind::Data });
        }
        let (key, lang) = file.strip_suffix(".md")?.rsplit_once('.')?;
        Some(ContentFile { section, key, kind: ContentKind::Commentary(Lang::from_code(lang)?) })
    }

    /// The page this file is the content of, if `site` has it.
    pub fn page(&self, site: &Site) -> Option<Page> {
        page_of(site, self.section, self.key)
    }
}

/// The page of `key` in the content folder `section`, if `site` has it.
pub fn page_of(site: &Site, section: Section, key: &str) -> Option<Page> {
    Some(match section {
        Section::Years => Page::Year(year_of(site, key)?),
        Section::Plans => Page::Plan(PlanId(site.plans.iter().position(|p| p.id == key)?)),
        Section::Boards => Page::Board(BoardId(site.boards.iter().position(|b| b.id == key)?)),
        Section::Topics => Page::Topic(TopicId(site.topics.iter().position(|t| t.id == key)?)),
    })
}

/// The year named `key` (`2020`) among the site's years, which are sorted.
pub fn year_of(site: &Site, key: &str) -> Option<YearId> {
    let year: u16 = key.parse().ok()?;
    site.years.binary_search_by_key(&year, |y| y.year).ok().map(YearId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths_name_their_section_key_and_kind() {
        let data = Path::new("site/content/years/2020.yaml");
        assert_eq!(ContentFile::parse(data), Some(ContentFile { section: Section::Years, key: "2020", kind: ContentKind::Data }));
        let md = Path::new("content/boards/fenghu.en.md");
        assert_eq!(ContentFile::parse(md), Some(ContentFile { section: Section::Boards, key: "fenghu", kind: ContentKind::Commentary(Lang::En) }));
        for other in ["content/site.yaml", "content/years/2020.fr.md", "content/misc/2020.yaml", "themes/default/templates/year.html", "2020.yaml"] {
            assert_eq!(ContentFile::parse(Path::new(other)), None, "{other}");
        }
    }
}
