//! The link check: every internal link of every page leads to a file of the output, and every
//! `#fragment` to an element id on the page it names. Runs on the rendered files in memory,
//! before anything is written, so a broken link fails the build and leaves the old output be.
//!
//! A link is internal unless it has a scheme (`https:`, `mailto:`) or starts with `//`; an
//! absolute URL under the site's own base URL is checked as internal too (canonical links,
//! `hreflang` alternates). Root-relative links must carry the base path (`/erqi/...`); in an
//! output meant to be opened from disk (`--relative`) they are broken, and so are links to a
//! folder, which a browser does not open as its `index.html` from `file://`.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::render::html::{self, utf8};
use crate::routes::{self, OutFile, Urls};

/// Checks every link of the HTML files among `files`; one diagnostic per broken link and page.
pub fn check(files: &[OutFile], urls: &Urls) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let index = LinkIndex::new(urls.clone());
    files.par_iter().for_each(|f| index.add(&f.path, &f.bytes));
    index.finish(|| files.iter().map(|f| (f.path.clone(), Cow::Borrowed(f.bytes.as_slice()))))
}

/// The link check's record of a site, built a file at a time (from any thread) so that a build
/// can write each page and drop it: the files there are, the ids on each page and the links
/// wanted, all as 64-bit hashes. Only when something is missing are the pages read again, to
/// say which link on which page is broken.
pub struct LinkIndex {
    urls: Urls,
    state: Mutex<State>,
}

/// What the pages hold and want. The sets (here and of one page's strings in `scan_page`) use
/// a fast hasher: the keys are hashes already, or nothing outside the build chooses them.
#[derive(Default)]
struct State {
    files: FxHashSet<u64>,
    /// The HTML files, whose ids are known.
    pages: FxHashSet<u64>,
    /// (page, id).
    ids: FxHashSet<(u64, u64)>,
    wanted_files: FxHashSet<u64>,
    wanted_ids: FxHashSet<(u64, u64)>,
    /// A page had a duplicate id or a link that cannot resolve.
    broken: bool,
}

/// What scanning a page finds, in document order.
enum Found<'a> {
    Id(Cow<'a, str>),
    DuplicateId(Cow<'a, str>),
    /// A link that is broken whatever else the site holds.
    Bad {
        link: Cow<'a, str>,
        why: String,
    },
    /// An internal link: `file` must exist, and `fragment` (when not empty) be an id on it.
    Wants {
        link: Cow<'a, str>,
        file: String,
        fragment: String,
    },
}

impl LinkIndex {
    pub fn new(urls: Urls) -> Self {
        LinkIndex { urls, state: Mutex::default() }
    }

    /// Records a file of the output: its path, and for a page its ids and links.
    pub fn add(&self, path: &str, bytes: &[u8]) {
        let file = hash(path);
        if !path.ends_with(".html") {
            self.state.lock().unwrap().files.insert(file);
            return;
        }
        let (mut ids, mut wanted_files, mut wanted_ids, mut broken) = (Vec::new(), Vec::new(), Vec::new(), false);
        scan_page(path, &utf8(bytes), &self.urls, |found| match found {
            Found::Id(id) => ids.push((file, hash(&id))),
            Found::DuplicateId(_) | Found::Bad { .. } => broken = true,
            Found::Wants { file: target, fragment, .. } => {
                let target = hash(&target);
                wanted_files.push(target);
                if !fragment.is_empty() {
                    wanted_ids.push((target, hash(&fragment)));
                }
            }
        });
        let mut s = self.state.lock().unwrap();
        s.files.insert(file);
        s.pages.insert(file);
        s.ids.extend(ids);
        s.wanted_files.extend(wanted_files);
        s.wanted_ids.extend(wanted_ids);
        s.broken |= broken;
    }

    /// The broken links, none if every link leads somewhere. `pages` gives the HTML files
    /// again (path and contents), read only when a link is broken, to name it.
    pub fn finish<'a, I>(self, pages: impl FnOnce() -> I) -> Vec<Diagnostic>
    where
        I: IntoIterator<Item = (String, Cow<'a, [u8]>)>,
    {
        let s = self.state.into_inner().unwrap();
        let missing =
            s.wanted_files.iter().any(|f| !s.files.contains(f)) || s.wanted_ids.iter().any(|(f, id)| s.pages.contains(f) && !s.ids.contains(&(*f, *id)));
        if !s.broken && !missing {
            return Vec::new();
        }
        let mut diags = Vec::new();
        for (path, bytes) in pages() {
            if path.ends_with(".html") {
                diags.extend(explain(&path, &utf8(&bytes), &self.urls, &s));
            }
        }
        diags.sort_by(|a, b| a.path.cmp(&b.path));
        if diags.is_empty() {
            // The pages read back did not show what their first reading found: never pass a site
            // the check found broken.
            diags.push(
                Diagnostic::file("", "a link is broken, but the pages read back no longer show it").hint("run the build again; if this persists, report it"),
            );
        }
        diags
    }
}

/// The diagnostics for one page, in document order, against what the whole site holds.
fn explain(path: &str, page: &str, urls: &Urls, s: &State) -> Vec<Diagnostic> {
    const HINT: &str =
        "every internal link must lead to a file of the output, and its #fragment to an id on that page; fix the template or the Markdown that writes it";
    let mut diags = Vec::new();
    scan_page(path, page, urls, |found| {
        let (link, why) = match found {
            Found::Id(_) => return,
            Found::DuplicateId(id) => {
                diags.push(
                    Diagnostic::file(path, format!("duplicate id `{id}` on the page"))
                        .hint("each id may appear once in a page; fix the template that writes it"),
                );
                return;
            }
            Found::Bad { link, why } => (link, why),
            Found::Wants { link, file, fragment } => {
                let target = hash(&file);
                if !s.files.contains(&target) {
                    let why = if s.files.contains(&hash(&routes::index_of(&format!("{file}/")))) {
                        format!("`{file}` is a folder: end the link with `/`")
                    } else {
                        format!("no file `{file}` in the output")
                    };
                    (link, why)
                } else if !fragment.is_empty() && s.pages.contains(&target) && !s.ids.contains(&(target, hash(&fragment))) {
                    (link, format!("no element with id `{fragment}` in `{file}`"))
                } else {
                    return;
                }
            }
        };
        diags.push(Diagnostic::file(path, format!("broken link `{link}`: {why}")).hint(HINT));
    });
    diags
}

/// The broken links that a page's commentary writes, moved to the commentary's line, where
/// the editor can fix them (the page is named in the message); the links that templates
/// write stay at the output page.
pub fn at_sources(site: &Site, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diags.is_empty() {
        return diags;
    }
    let mut commentary = std::collections::HashMap::new();
    for ((section, key, lang), c) in site.commentary.iter() {
        if let Some(page) = crate::routes::content::page_of(site, *section, key) {
            commentary.insert(page.file(site, *lang), c);
        }
    }
    diags
        .into_iter()
        .map(|d| {
            let link = d.message.strip_prefix("broken link `").and_then(|rest| rest.split_once('`')).map(|(link, _)| link);
            let page = d.path.to_string_lossy();
            let written = link.zip(commentary.get(page.as_ref())).and_then(|(link, c)| {
                let (line, column) = c.file.find(&format!("({link}")).map(|(l, col)| (l, col + 1)).or_else(|| c.file.find(link))?;
                Some(c.file.at(line, column, format!("{} (on the page {page})", d.message)))
            });
            match written {
                Some(mut moved) => {
                    moved.hint = d.hint.clone();
                    moved
                }
                None => d,
            }
        })
        .collect()
}

/// Scans a page for its ids and links; each link is reported once.
fn scan_page<'a>(path: &str, page: &'a str, urls: &Urls, mut found: impl FnMut(Found<'a>)) {
    let mut ids: FxHashSet<Cow<'a, str>> = FxHashSet::default();
    let mut seen: FxHashSet<Cow<'a, str>> = FxHashSet::default();
    html::scan(page, |tag| {
        // An id names one element: a second one makes #fragments ambiguous (and the page
        // invalid HTML).
        if let Some(id) = tag.attr("id") {
            if ids.insert(id.clone()) {
                found(Found::Id(id));
            } else {
                found(Found::DuplicateId(id));
            }
        }
        if tag.is("a")
            && let Some(name) = tag.attr("name")
            && ids.insert(name.clone())
        {
            found(Found::Id(name));
        }
        links(tag, |link| {
            if !seen.insert(link.clone()) {
                return;
            }
            match resolve(path, &link, urls).and_then(|t| t.map(|t| t.file(urls)).transpose()) {
                Ok(None) => {}
                Ok(Some((file, fragment))) => found(Found::Wants { link, file, fragment }),
                Err(why) => found(Found::Bad { link, why }),
            }
        });
    });
}

fn hash(s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Calls `each` with the links a tag carries: `href`, `src`, and the target of a `<meta
/// http-equiv=refresh>` (a callback: most tags carry none, and a page has thousands of tags).
fn links<'a>(tag: &html::Tag<'a, '_>, mut each: impl FnMut(Cow<'a, str>)) {
    let trim = |v: Cow<'a, str>| match v {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
    };
    for name in ["href", "src"] {
        if let Some(link) = tag.attr(name) {
            each(trim(link));
        }
    }
    if tag.is("meta")
        && tag.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        && let Some(content) = tag.attr("content")
        && let Some(i) = content.to_ascii_lowercase().find("url=")
    {
        each(Cow::Owned(content[i + 4..].trim().trim_matches(['\'', '"']).to_string()));
    }
}

/// Where an internal link leads: a path under the output folder and a fragment.
#[derive(Debug)]
struct Target {
    path: String,
    fragment: String,
}

impl Target {
    /// The file the link opens (a folder's `index.html`, which does not open from disk), and
    /// the fragment.
    fn file(self, urls: &Urls) -> Result<(String, String), String> {
        if self.path.is_empty() || self.path.ends_with('/') {
            if urls.relative {
                return Err("links to a folder, which does not open from disk: link to its index.html".into());
            }
            return Ok((routes::index_of(&self.path), self.fragment));
        }
        Ok((self.path, self.fragment))
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
    if !path.contains(['%', '.']) {
        // Nothing to decode and no `.` or `..` (most links): the folder and the path joined.
        let mut joined = String::with_capacity(dir.len() + path.len());
        for seg in dir.split('/').chain(path.split('/')).filter(|s| !s.is_empty()) {
            if !joined.is_empty() {
                joined.push('/');
            }
            joined.push_str(seg);
        }
        if (path.is_empty() || path.ends_with('/')) && !joined.is_empty() {
            joined.push('/');
        }
        return Ok(Target { path: joined, fragment });
    }
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
            file(
                "zh/index.html",
                r##"<a href="/erqi/zh/years/2020/#f1">a</a><a href="/zh/years/2020/">b</a><a href=https://example.org/erqi/en/>c</a><a href="https://other.org/x">d</a><a href="#main">e</a><main id=main></main>"##,
            ),
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
            file(
                "zh/index.html",
                r#"<a href="../index.html">up</a><a href="../../x.html">above</a><a href="years/2020/index.html#f1">f</a><meta http-equiv="refresh" content="0; url=../index.html">"#,
            ),
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
