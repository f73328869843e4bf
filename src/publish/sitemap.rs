//! `sitemap.xml`: every page of the site in both languages, each with its `hreflang`
//! alternates (and the language picker as `x-default`); and `robots.txt`, which points at it.
//!
//! The former-name pages of boards are left out: they only send the reader on, and say
//! `noindex`. So is `404.html`.

use std::fmt::Write as _;

use super::{escape_xml, latest_source_date};
use crate::lang::Lang;
use crate::model::Site;
use crate::routes::{self, OutFile, Page, Urls};

/// `robots.txt`: everything may be crawled; the sitemap is named when its URL is known.
pub fn robots(urls: &Urls) -> OutFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if urls.has_host() {
        let _ = write!(text, "\nSitemap: {}\n", urls.absolute(routes::SITEMAP));
    }
    OutFile { path: routes::ROBOTS.into(), bytes: text.into_bytes() }
}

/// `sitemap.xml`, listing the root page and every indexable page in each language.
pub fn sitemap(site: &Site, urls: &Urls) -> OutFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let alternates = |rest: &str| -> Vec<(&'static str, String)> {
        let mut v: Vec<(&'static str, String)> = Lang::ALL.iter().map(|&l| (l.tag(), urls.absolute(&routes::in_lang(l, rest)))).collect();
        v.push(("x-default", urls.absolute("")));
        v
    };
    let root_alternates = alternates("");
    url(&mut xml, &urls.absolute(""), None, &root_alternates);
    for page in Page::all(site) {
        if matches!(page, Page::FormerBoard(..)) {
            continue;
        }
        let rest = page.path(site);
        let alts = alternates(&rest);
        let lastmod = last_change(site, page);
        for lang in Lang::ALL {
            url(&mut xml, &urls.absolute(&routes::in_lang(lang, &rest)), lastmod, &alts);
        }
    }
    xml.push_str("</urlset>\n");
    OutFile { path: routes::SITEMAP.into(), bytes: xml.into_bytes() }
}

/// When a page's content last changed, as far as the sources tell: the latest source it cites.
fn last_change(site: &Site, page: Page) -> Option<&str> {
    match page {
        Page::Year(i) => latest_source_date(site, &site.years[i].facts),
        Page::Plan(i) => latest_source_date(site, &site.plans[i].facts),
        Page::Source(i) => Some(site.sources[i].date.as_str()),
        _ => None,
    }
}

fn url(xml: &mut String, loc: &str, lastmod: Option<&str>, alternates: &[(&str, String)]) {
    let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape_xml(loc));
    if let Some(date) = lastmod {
        let _ = writeln!(xml, "    <lastmod>{}</lastmod>", escape_xml(date));
    }
    for (hreflang, href) in alternates {
        let _ = writeln!(xml, "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>", escape_xml(href));
    }
    xml.push_str("  </url>\n");
}
