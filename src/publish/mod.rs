//! Publishing: what a host needs besides the pages, and the checks that make the output safe
//! to put anywhere. Runs after rendering and before writing, on the files in memory:
//!
//! - [`sitemap`]: `sitemap.xml` (every page, with its language alternates) and `robots.txt`;
//! - [`feed`]: an Atom feed per language (`zh/atom.xml`, `en/atom.xml`);
//! - [`linkcheck`]: every internal link and `#fragment` leads somewhere, or the build fails.
//!
//! (Pages come out of the templates minified: `theme::minify`.)
//!
//! Absolute URLs (sitemap, feeds) need a host in the base URL; without one these files are
//! left out and the build says so, rather than writing URLs no crawler or reader can use.

pub mod feed;
pub mod linkcheck;
pub mod sitemap;

use crate::model::Site;
use crate::routes::{self, OutFile, Urls};

/// The rendered site with its discovery files added, and what the build should tell the user.
#[derive(Debug)]
pub struct Published {
    pub files: Vec<OutFile>,
    /// Notes for the summary (files left out, and why).
    pub notes: Vec<String>,
}

/// The files that tell crawlers and feed readers what the site holds: `robots.txt`, and the
/// sitemap and feeds when the base URL has a host (with a note when it has none).
pub fn discovery(site: &Site, urls: &Urls) -> Published {
    let mut files = vec![sitemap::robots(urls)];
    let mut notes = Vec::new();
    if urls.has_host() {
        files.push(sitemap::sitemap(site, urls));
    }
    if routes::has_feeds(urls) {
        files.extend(feed::feeds(site, urls));
    }
    if !urls.has_host() {
        notes.push(format!(
            "the base URL `{}` has no host, so sitemap.xml and the Atom feeds were not written (they need absolute URLs); set base_url in site.yaml or pass --base-url https://example.org/",
            urls.base_url
        ));
    }
    Published { files, notes }
}

/// The latest date of the sources cited by `facts` (`YYYY-MM-DD`), for a page's last change.
pub fn latest_source_date<'a>(site: &'a Site, facts: &[usize]) -> Option<&'a str> {
    facts.iter().map(|&f| site.sources[site.facts[f].source].date.as_str()).max()
}

/// Escapes text for XML content and attribute values: the HTML escaping, minus the control
/// characters XML 1.0 does not allow at all.
pub fn escape_xml(s: &str) -> String {
    let allowed: String = s.chars().filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')).collect();
    crate::render::markdown::escape(&allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped() {
        assert_eq!(escape_xml("A & B <c> \"d\" 'e'\u{1}"), "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;");
    }
}
