//! Links between pages: prefixed with the base path for a host, or relative to the page so the
//! output works opened from disk.

/// How internal links are written.
#[derive(Debug, Clone)]
pub struct Urls {
    /// The full base URL, ending in `/` (`https://example.org/erqi/` or `/`).
    pub base_url: String,
    /// Write every internal link relative to its page (for `file://` and moved folders).
    pub relative: bool,
}

impl Urls {
    /// The path part of the base URL: `/erqi/` for `https://example.org/erqi/`.
    pub fn base_path(&self) -> &str {
        match self.base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => &self.base_url,
        }
    }

    /// The link from the page at `from` to the site path `to` (both relative to the site root;
    /// pages are folders ending in `/`, e.g. `zh/years/2020/`; `to` may carry a `#fragment`).
    pub fn link(&self, from: &str, to: &str) -> String {
        if !self.relative {
            return format!("{}{}", self.base_path(), to);
        }
        let (path, fragment) = match to.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (to, String::new()),
        };
        let depth = from.matches('/').count();
        let mut out = "../".repeat(depth);
        out.push_str(path);
        if path.is_empty() || path.ends_with('/') {
            out.push_str("index.html");
        }
        out + &fragment
    }

    /// The absolute URL of a site path, for canonical links, feeds and the sitemap. Without a
    /// host in the base URL, this is the root-relative path.
    pub fn absolute(&self, to: &str) -> String {
        format!("{}{}", self.base_url, to)
    }

    /// True when the base URL names a host (`https://example.org/erqi/`), so that absolute URLs
    /// can be written: the sitemap, the feeds and Open Graph need them.
    pub fn has_host(&self) -> bool {
        self.base_url.contains("://")
    }

    /// The canonical URL of a site path: absolute for a host, none for an output meant to be
    /// opened from disk (where every link must stay relative).
    pub fn canonical(&self, to: &str) -> Option<String> {
        (!self.relative).then(|| self.absolute(to))
    }

    /// The URL of a page's language alternate (`hreflang`): absolute for a host, relative to
    /// the page `from` for an output opened from disk.
    pub fn alternate(&self, from: &str, to: &str) -> String {
        if self.relative { self.link(from, to) } else { self.absolute(to) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_and_relative_links() {
        let host = Urls { base_url: "https://example.org/erqi/".into(), relative: false };
        assert_eq!(host.link("zh/years/2020/", "en/years/2020/"), "/erqi/en/years/2020/");
        assert_eq!(host.absolute("zh/"), "https://example.org/erqi/zh/");
        let disk = Urls { base_url: "/".into(), relative: true };
        assert_eq!(disk.link("zh/years/2020/", "en/years/2020/"), "../../../en/years/2020/index.html");
        assert_eq!(disk.link("zh/", "style.css"), "../style.css");
        assert_eq!(disk.link("", "zh/"), "zh/index.html");
        assert_eq!(disk.link("zh/", "zh/sources/a/#f1"), "../zh/sources/a/index.html#f1");
        assert_eq!(disk.canonical("zh/"), None);
        assert_eq!(host.canonical("zh/").as_deref(), Some("https://example.org/erqi/zh/"));
        assert!(host.has_host() && !disk.has_host());
        let path = Urls { base_url: "/erqi/".into(), relative: false };
        assert_eq!(path.link("zh/", "en/"), "/erqi/en/");
        assert_eq!(path.link("", "style.css"), "/erqi/style.css");
    }
}
