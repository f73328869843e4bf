//! One Atom feed per language (`zh/atom.xml`, `en/atom.xml`): an entry for every year page and
//! every plan period page, newest first. Titles and summaries come from the commentary's front
//! matter; an entry is as new as the latest source its page's facts cite.
//!
//! Atom needs absolute URLs (an entry's id is one), so feeds exist only when the base URL
//! names a host; pages link to them only then (`routes::has_feeds`).

use std::fmt::Write as _;

use super::{escape_xml, latest_source_date};
use crate::lang::Lang;
use crate::model::{Period, PlanId, Site, YearId};
use crate::routes::{self, OutFile, Page, Urls};
use crate::section::Section;

/// One entry: a year or plan page.
struct Entry {
    title: String,
    summary: Option<String>,
    url: String,
    /// `YYYY-MM-DD`.
    updated: String,
    /// The last year the page covers, to order entries of the same date.
    end: u16,
}

/// The feeds of both languages.
pub fn feeds(site: &Site, urls: &Urls) -> Vec<OutFile> {
    Lang::ALL.iter().map(|&lang| feed(site, urls, lang)).collect()
}

fn feed(site: &Site, urls: &Urls, lang: Lang) -> OutFile {
    let mut entries: Vec<Entry> = Vec::new();
    for (i, y) in site.years.iter().enumerate() {
        let c = site.commentary(Section::Years, &y.year.to_string(), lang);
        entries.push(Entry {
            title: c.and_then(|c| c.title.clone()).unwrap_or_else(|| Period::Year(y.year).label(lang)),
            summary: c.and_then(|c| c.summary.clone()),
            url: urls.absolute(&Page::Year(YearId(i)).dir(site, lang)),
            updated: latest_source_date(site, &y.facts).map_or_else(|| format!("{}-01-01", y.year), str::to_string),
            end: y.year,
        });
    }
    for (i, p) in site.plans.iter().enumerate() {
        let c = site.commentary(Section::Plans, &p.id, lang);
        entries.push(Entry {
            title: c.and_then(|c| c.title.clone()).unwrap_or_else(|| p.full_name.get(lang).to_string()),
            summary: c.and_then(|c| c.summary.clone()),
            url: urls.absolute(&Page::Plan(PlanId(i)).dir(site, lang)),
            updated: latest_source_date(site, &p.facts).map_or_else(|| format!("{}-01-01", p.start), str::to_string),
            end: p.end,
        });
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(b.end.cmp(&a.end)).then(a.url.cmp(&b.url)));
    let updated =
        entries.first().map(|e| e.updated.clone()).or_else(|| site.sources.iter().map(|s| s.date.clone()).max()).unwrap_or_else(|| "1970-01-01".into());

    let home = urls.absolute(&Page::Home.dir(site, lang));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", lang.tag());
    let _ = writeln!(xml, "  <title>{}</title>", escape_xml(site.config.title.get(lang)));
    let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(site.config.description.get(lang)));
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&home));
    let _ = writeln!(xml, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", escape_xml(&urls.absolute(&routes::feed(lang))));
    let _ = writeln!(xml, "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>", lang.tag(), escape_xml(&home));
    let _ = writeln!(xml, "  <updated>{}</updated>", rfc3339(&updated));
    let _ = writeln!(xml, "  <author><name>{}</name></author>", escape_xml(site.config.title.get(lang)));
    let _ = writeln!(xml, "  <generator>nianbao</generator>");
    for e in &entries {
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&e.title));
        let _ = writeln!(xml, "    <id>{}</id>", escape_xml(&e.url));
        let _ = writeln!(xml, "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>", lang.tag(), escape_xml(&e.url));
        let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(&e.updated));
        if let Some(s) = &e.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape_xml(s));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutFile { path: routes::feed(lang), bytes: xml.into_bytes() }
}

/// `2021-02-24` as the RFC 3339 date-time Atom wants.
fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}
