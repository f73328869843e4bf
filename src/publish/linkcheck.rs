//! The link check: every internal link of every page leads to a file of the output, and every
//! `#fragment` to an element id on the page it names. Runs on the rendered files in memory,
//! before anything is written, so a broken link fails the build and leaves the old output be.
//!
//! A link is internal unless it has a scheme (`https:`, `mailto:`) or starts with `//`; an
//! absolute URL under the site's own base URL is checked as internal too (canonical links,
//! `hreflang` alternates). Root-relative links must carry the base path (`/erqi/...`); in an
//! output meant to be opened from disk (`--relative`) they are broken, and so are links to a
//! folder, which a browser does not open as its `index.html` from `file://`.

use std::collections::{BTreeSet, HashMap};

use super::html;
use crate::error::Diagnostic;
use crate::render::OutFile;
use crate::render::urls::Urls;

/// Checks every link of the HTML files among `files`; one diagnostic per broken link and page.
pub fn check(files: &[OutFile], urls: &Urls) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let pages: Vec<(&str, Vec<html::Tag>)> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), html::tags(&String::from_utf8_lossy(&f.bytes))))
        .collect();
    let mut ids: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut diags = Vec::new();
    for (path, tags) in &pages {
        let set = ids.entry(path).or_default();
        for tag in tags {
            // An id names one element: a second one makes #fragments ambiguous (and the page
            // invalid HTML).
            if let Some(id) = tag.attr("id")
                && !set.insert(id)
            {
                diags.push(Diagnostic::file(*path, format!("duplicate id `{id}` on the page")).hint("each id may appear once in a page; fix the template that writes it"));
            }
            if tag.name == "a"
                && let Some(name) = tag.attr("name")
            {
                set.insert(name);
            }
        }
    }
    let exists: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for (page, tags) in &pages {
        let mut seen = BTreeSet::new();
        for link in tags.iter().flat_map(links) {
            if !seen.insert(link) {
                continue;
            }
            if let Err(why) = resolve(page, link, urls).and_then(|target| match target {
                None => Ok(()),
                Some(t) => t.check(&exists, &ids, urls),
            }) {
                diags.push(
                    Diagnostic::file(*page, format!("broken link `{link}`: {why}"))
                        .hint("every internal link must lead to a file of the output, and its #fragment to an id on that page; fix the template or the Markdown that writes it"),
                );
            }
        }
    }
    diags
}

/// The links a tag carries: `href`, `src`, and the target of a `<meta http-equiv=refresh>`.
fn links(tag: &html::Tag) -> Vec<&str> {
    let mut out: Vec<&str> = tag.attrs.iter().filter(|(n, _)| n == "href" || n == "src").map(|(_, v)| v.trim()).collect();
    if tag.name == "meta"
        && tag.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        && let Some(content) = tag.attr("content")
        && let Some(i) = content.to_ascii_lowercase().find("url=")
    {
        out.push(content[i + 4..].trim().trim_matches(['\'', '"']));
    }
    out
}

/// Where an internal link leads: a path under the output folder and a fragment.
#[derive(Debug)]
struct Target {
    path: String,
    fragment: String,
}

impl Target {
    fn check(&self, exists: &BTreeSet<&str>, ids: &HashMap<&str, BTreeSet<&str>>, urls: &Urls) -> Result<(), String> {
        let file = if self.path.is_empty() || self.path.ends_with('/') {
            if urls.relative {
                return Err("links to a folder, which does not open from disk: link to its index.html".into());
            }
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        };
        if !exists.contains(file.as_str()) {
            return Err(if exists.contains(format!("{file}/index.html").as_str()) {
                format!("`{file}` is a folder: end the link with `/`")
            } else {
                format!("no file `{file}` in the output")
            });
        }
        if self.fragment.is_empty() {
            return Ok(());
        }
        match ids.get(file.as_str()) {
            Some(set) if !set.contains(self.fragment.as_str()) => Err(format!("no element with id `{}` in `{file}`", self.fragment)),
            _ => Ok(()),
        }
    }
}

/// Resolves `link` as written on `page`: `None` for an external link.
fn resolve(page: &str, link: &str, urls: &Urls) -> Result<Option<Target>, String> {
    let mut link = link;
    if has_scheme(link) || link.starts_with("//") {
        // Our own absolute URLs are internal; anything else is someone else's to keep.
        match link.strip_prefix(urls.base_url.as_str()).filter(|_| urls.has_host()) {
            Some(rest) => link = rest,
            None => return Ok(None),
        }
        return target(&dir_of(""), link).map(Some);
    }
    let (path_part, _) = split(link);
    if path_part.is_empty() {
        // `#fragment` (or `?query`): this page.
        let (_, fragment) = split(link);
        return Ok(Some(Target { path: page.to_string(), fragment }));
    }
    if let Some(rooted) = link.strip_prefix('/') {
        if urls.relative {
            return Err("root-relative links do not work opened from disk: write it relative to the page".into());
        }
        let base = urls.base_path().trim_start_matches('/');
        return match rooted.strip_prefix(base) {
            Some(rest) => target("", rest).map(Some),
            None => Err(format!("it lies outside the base path `{}`", urls.base_path())),
        };
    }
    target(&dir_of(page), link).map(Some)
}

/// `link` (path, `?query`, `#fragment`) resolved against the folder `dir` (`zh/years/2020/`).
fn target(dir: &str, link: &str) -> Result<Target, String> {
    let (path, fragment) = split(link);
    let mut parts: Vec<String> = dir.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let segments: Vec<&str> = path.split('/').collect();
    for seg in &segments {
        match *seg {
            ".." => {
                if parts.pop().is_none() {
                    return Err("it leads above the site's root".into());
                }
            }
            "." | "" => {}
            s => parts.push(percent_decode(s)),
        }
    }
    let mut joined = parts.join("/");
    let folder = path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." || path.ends_with("/..") || path == "..";
    if folder && !joined.is_empty() {
        joined.push('/');
    }
    Ok(Target { path: joined, fragment })
}

/// Splits off `?query` and `#fragment`; returns the path and the decoded fragment.
fn split(link: &str) -> (&str, String) {
    let (rest, fragment) = link.split_once('#').unwrap_or((link, ""));
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (path, percent_decode(fragment))
}

/// The folder of an output file: `zh/years/2020/` for `zh/years/2020/index.html`.
fn dir_of(page: &str) -> String {
    page.rfind('/').map_or(String::new(), |i| page[..=i].to_string())
}

fn has_scheme(link: &str) -> bool {
    let Some(colon) = link.find(':') else { return false };
    let scheme = &link[..colon];
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutFile {
        OutFile { path: path.into(), bytes: html.as_bytes().to_vec() }
    }

    fn broken(files: &[OutFile], urls: &Urls) -> Vec<String> {
        check(files, urls).into_iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect()
    }

    #[test]
    fn duplicate_ids_are_reported() {
        let urls = Urls { base_url: "/".into(), relative: false };
        let files = [file("zh/index.html", r#"<svg><pattern id="hatch"></pattern></svg><svg><pattern id="hatch"></pattern></svg><p id="x"></p>"#)];
        assert_eq!(broken(&files, &urls), ["zh/index.html: duplicate id `hatch` on the page"]);
    }

    #[test]
    fn host_links_carry_the_base_path() {
        let urls = Urls { base_url: "https://example.org/erqi/".into(), relative: false };
        let files = [
            file("zh/index.html", r##"<a href="/erqi/zh/years/2020/#f1">a</a><a href="/zh/years/2020/">b</a><a href=https://example.org/erqi/en/>c</a><a href="https://other.org/x">d</a><a href="#main">e</a><main id=main></main>"##),
            file("zh/years/2020/index.html", r#"<li id="f1"><a href="../../../style.css">s</a><a href="/erqi/zh/years/2020/#f2">x</a>"#),
            file("style.css", ""),
        ];
        assert_eq!(
            broken(&files, &urls),
            [
                "zh/index.html: broken link `/zh/years/2020/`: it lies outside the base path `/erqi/`",
                "zh/index.html: broken link `https://example.org/erqi/en/`: no file `en/index.html` in the output",
                "zh/years/2020/index.html: broken link `/erqi/zh/years/2020/#f2`: no element with id `f2` in `zh/years/2020/index.html`",
            ]
        );
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        let urls = Urls { base_url: "/".into(), relative: true };
        let files = [
            file("index.html", r#"<a href="zh/index.html">zh</a><a href="zh/">folder</a><a href="/zh/index.html">rooted</a>"#),
            file("zh/index.html", r#"<a href="../index.html">up</a><a href="../../x.html">above</a><a href="years/2020/index.html#f1">f</a><meta http-equiv="refresh" content="0; url=../index.html">"#),
            file("zh/years/2020/index.html", r#"<p id=f1>"#),
        ];
        assert_eq!(
            broken(&files, &urls),
            [
                "index.html: broken link `zh/`: links to a folder, which does not open from disk: link to its index.html",
                "index.html: broken link `/zh/index.html`: root-relative links do not work opened from disk: write it relative to the page",
                "zh/index.html: broken link `../../x.html`: it leads above the site's root",
            ]
        );
    }

    #[test]
    fn external_links_are_left_alone() {
        let urls = Urls { base_url: "/".into(), relative: false };
        let files = [file("index.html", r##"<a href="mailto:a@b.c">m</a><a href="//cdn.example/x.js">c</a><a href="tel:+1">t</a><a href="#">top</a>"##)];
        assert!(broken(&files, &urls).is_empty());
    }
}
