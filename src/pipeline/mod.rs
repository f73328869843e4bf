//! The pipeline, assembled once: load -> validate -> site model -> render -> publish ->
//! write, for every command.
//!
//! [`Project`] finds the parts of a project and loads the checked site and its theme;
//! [`prepare`] adds where links point ([`BuildOptions`] over site.yaml). From there, [`build`]
//! streams the pages to disk, [`render_in_memory`] renders the same files into memory for
//! `nianbao check` and the preview, [`check`] adds the checks that only `nianbao check` runs,
//! and [`incremental`] holds the preview's rules for rebuilding only what an edit affects.
//! The commands (`crate::commands`, `crate::serve`) only parse arguments and print.

pub mod check;
pub mod incremental;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error, Result, Severity};
use crate::model::{Site, SourceCoverage};
use crate::publish::linkcheck::LinkIndex;
use crate::publish::{self, Published};
use crate::render::{self, RenderOptions, SearchDocs};
use crate::routes::{OutFile, Page, Urls};
use crate::theme::{self, Theme};
use crate::{load, validate, write};

/// Where a project's parts are.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    /// The project in `root` (the folder holding `content/` and `themes/`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root: PathBuf = root.into();
        // Messages name files as the user would type them: relative to the working folder.
        let root = match std::env::current_dir() {
            Ok(cwd) if root.is_absolute() => match root.strip_prefix(&cwd) {
                Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
                Ok(rel) => rel.to_path_buf(),
                Err(_) => root,
            },
            _ => root,
        };
        Project { root }
    }

    /// `content/`, shown in messages without a leading `./`.
    pub fn content_dir(&self) -> PathBuf {
        display_join(&self.root, "content")
    }

    /// `themes/`.
    pub fn themes_dir(&self) -> PathBuf {
        display_join(&self.root, "themes")
    }

    /// `sources/`: the source documents' texts, `<source id>.txt`, when the project keeps them.
    pub fn sources_dir(&self) -> PathBuf {
        display_join(&self.root, "sources")
    }

    /// The output folder `output` names: a relative one is under the project, as `content/`
    /// is (`--root site build -o public` writes `site/public`).
    pub fn output_dir(&self, output: &Path) -> PathBuf {
        if output.is_absolute() { output.to_path_buf() } else { display_join(&self.root, &output.to_string_lossy()) }
    }

    /// The project folder's fence: content and theme files must resolve inside it.
    pub fn fence(&self) -> Result<load::Fence> {
        load::Fence::new(&self.root).map_err(|d| Error::Invalid(vec![d]))
    }

    /// Loads and validates the content.
    pub fn load_site(&self) -> Result<Site> {
        let raw = load::load(&self.fence()?, &self.content_dir())?;
        let themes = theme::available(&self.themes_dir());
        let site = validate::validate(raw, &themes)?;
        // Figures that contradict each other stop a build as a typo would: a digest that
        // misquotes a figure is worse than none. The preview shows them in its overlay.
        let contradictions = validate::consistency::consistency(&site);
        if !contradictions.is_empty() {
            return Err(Error::Invalid(contradictions));
        }
        self.account_sources(site)
    }

    /// With the sources' texts in the project (`sources/<id>.txt`), each source carries its
    /// [`coverage`], for its page.
    pub(crate) fn account_sources(&self, mut site: Site) -> Result<Site> {
        let dir = self.sources_dir();
        if !dir.is_dir() {
            return Ok(site);
        }
        let mut diags = Vec::new();
        let rows = coverage(self, &site, &dir, &mut HashMap::new(), &mut diags)?;
        // Unreadable texts and stray skip entries are `nianbao check`'s to report; a skip
        // entry that names no source stops the build as any unknown id does.
        let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| d.severity == Severity::Error).collect();
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        for row in rows {
            if let Some(source) = site.sources.iter_mut().find(|s| s.id == row.source) {
                source.coverage = Some(row);
            }
        }
        Ok(site)
    }

    /// Loads the theme the site names.
    pub fn load_theme(&self, site: &Site) -> Result<Theme> {
        Ok(Theme::load(&self.fence()?, &self.themes_dir().join(&site.config.theme), render::register_filters)?)
    }
}

fn display_join(root: &Path, name: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { PathBuf::from(name) } else { root.join(name) }
}

/// What `nianbao build` is asked to do. `Default` is what the preview server wants: the
/// site's own base URL, host links, no minification.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub output: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Writes every internal link relative to its page.
    pub relative: bool,
    /// Minifies the HTML (`nianbao build` does unless `--no-minify`; serve never does).
    pub minify: bool,
}

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub timings: Timings,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Things the user should know (files left out, and why).
    pub notes: Vec<String>,
    /// Where the site was written (a relative `--output` is under the project).
    pub output: PathBuf,
}

/// A project ready to render: the checked site, its theme, and where links point.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub urls: Urls,
}

/// Loads and checks the site and its theme, and resolves the base URL: what every command
/// does first.
pub fn prepare(project: &Project, options: &BuildOptions) -> Result<Prepared> {
    let site = project.load_site()?;
    let theme = project.load_theme(&site)?;
    let urls = urls(&site, options)?;
    Ok(Prepared { site, theme, urls })
}

/// Which of the numbers each source prints the digest holds: reads every source's text from
/// `dir` (a missing one is a warning: its figures are not counted), checks
/// `content/skipped.yaml`, and accounts for the harvest's candidates of every source whose
/// text was read, in `sources.yaml` order. `texts` keeps the texts read (those already in it
/// are not read again).
pub fn coverage(project: &Project, site: &Site, dir: &Path, texts: &mut HashMap<String, String>, diags: &mut Vec<Diagnostic>) -> Result<Vec<SourceCoverage>> {
    let missing: Vec<&str> = site.sources.iter().map(|s| s.id.as_str()).filter(|id| !texts.contains_key(*id)).collect();
    let (more, unreadable) = load::source_texts(dir, missing);
    texts.extend(more);
    diags.extend(unreadable.into_iter().map(|d| d.warning().hint("without the source's text its figures are not counted")));
    let skips = match load::load_skipped(&project.fence()?, &project.content_dir()) {
        Ok(Some(file)) => validate::coverage::skips(&file, site, Some(texts), diags),
        Ok(None) => Vec::new(),
        Err(found) => {
            diags.extend(found);
            Vec::new()
        }
    };
    let mut rows = Vec::new();
    for source in &site.sources {
        let Some(text) = texts.get(&source.id) else { continue };
        let candidates = crate::harvest::candidates(text, &source.id, Some(site), None);
        rows.push(validate::coverage::tally(&source.id, candidates.iter().map(|c| (c.figure.as_str(), c.known)), &skips));
    }
    Ok(rows)
}

/// Renders the whole site in memory, unminified: everything a build writes, nothing written,
/// every link checked; with each page's search tokens, which the preview keeps so that it
/// can re-render some pages later. What `nianbao check` looks at and the preview serves.
pub fn render_in_memory(site: &Site, theme: &Theme, urls: &Urls) -> Result<(Vec<OutFile>, SearchDocs)> {
    render_in_memory_with_progress(site, theme, urls, &|_, _| {})
}

/// [`render_in_memory`], telling `progress` of each page rendered.
pub fn render_in_memory_with_progress(site: &Site, theme: &Theme, urls: &Urls, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<(Vec<OutFile>, SearchDocs)> {
    render_each(site, theme, urls, progress, |f| f, OutFile::clone)
}

/// [`render_in_memory`], handing each file to `keep` on the thread that rendered it, once its
/// links are recorded, and returning what `keep` made of them: the preview's first build keeps
/// each page compressed, so that the site is never all in memory as rendered. `read` gives a
/// kept file back, and is called only to name a broken link.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    progress: &(dyn Fn(usize, usize) + Sync),
    keep: impl Fn(OutFile) -> T + Sync,
    read: impl Fn(&T) -> OutFile,
) -> Result<(Vec<T>, SearchDocs)> {
    let opts = RenderOptions { urls: urls.clone(), minify: false };
    let links = LinkIndex::new(urls.clone());
    let record = |file: OutFile| {
        links.add(&file.path, &file.bytes);
        keep(file)
    };
    let pages = Page::all(site);
    let (done, total) = (AtomicUsize::new(0), pages.len() * crate::lang::Lang::ALL.len());
    let rendered = render::render_pages_with(site, theme, &opts, &pages, |r| {
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        let doc = r.doc.map(|d| (r.file.path.clone(), d));
        (record(r.file), doc)
    })?;
    let mut docs = SearchDocs::new();
    let mut kept = Vec::with_capacity(rendered.len());
    for (file, doc) in rendered {
        kept.push(file);
        docs.extend(doc);
    }
    let others = render::site_files(site, theme, &opts, docs.values(), |_| true)?;
    kept.extend(others.into_iter().chain(publish::discovery(site, urls).files).map(record));
    let broken = links.finish(|| {
        kept.iter().map(|k| {
            let f = read(k);
            (f.path, Cow::Owned(f.bytes))
        })
    });
    if !broken.is_empty() {
        return Err(Error::Invalid(publish::linkcheck::at_sources(site, broken)));
    }
    Ok((kept, docs))
}

/// How long each stage of a build took, for `nianbao build --timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `f` as the stage `name`, recording its duration.
    pub fn stage<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push((name, start.elapsed()));
        out
    }
}

/// The process's peak resident memory in bytes, where the OS reports it (Linux).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Where links point: the base URL of `--base-url` over site.yaml's, host or relative links.
pub fn urls(site: &Site, options: &BuildOptions) -> Result<Urls> {
    let base_url = match &options.base_url {
        Some(b) => validate::config::normalize_base_url(b).ok_or_else(|| {
            Error::refused(format!("`{b}` is not a base URL")).help("write `/`, a path such as `/erqi/`, or a URL such as `https://example.org/erqi/`")
        })?,
        None => site.config.base_url.clone(),
    };
    Ok(Urls { base_url, relative: options.relative })
}

/// Builds the project into `options.output`, leaving the old output intact on any failure.
///
/// Pages stream: each is rendered, minified, scanned for the link check and written on the
/// thread that rendered it, then dropped, so memory holds the site model and one page per
/// thread rather than the whole output. The link check keeps hashes of paths, ids and links,
/// and runs at the end, before the new output replaces the old one.
///
/// The rendering runs under the watchdog ([`watched`]): a page that renders for longer than
/// the page limit (a template that loops for ever) fails the build, naming the page and its
/// template, and its temporary folder is removed. The thread stuck in the template cannot be
/// stopped: it stays busy until the process ends, but writes nothing more.
pub fn build(project: &Project, options: &BuildOptions) -> Result<BuildReport> {
    build_with_progress(project, options, Arc::new(|_, _| {}))
}

/// Told, as each page is written, how many pages of how many have been rendered so far (pages
/// in both languages; the root files and feeds come after and are not counted). Called from
/// the rendering threads, in no particular order of pages.
pub use crate::terminal::Progress;

/// [`build`], telling `progress` of each page written: what the commands show at a terminal.
/// The library draws nothing itself.
pub fn build_with_progress(project: &Project, options: &BuildOptions, progress: Progress) -> Result<BuildReport> {
    let start = Instant::now();
    let output = project.output_dir(&options.output);
    let out = write::check_output_dir(&output, &project.root, &[&project.content_dir(), &project.themes_dir()])?;
    let mut t = Timings::default();
    let site = t.stage("load and validate", || project.load_site())?;
    let theme = t.stage("theme", || project.load_theme(&site))?;
    let urls = urls(&site, options)?;
    let opts = RenderOptions { urls: urls.clone(), minify: options.minify };
    let Published { files: discovery, mut notes } = publish::discovery(&site, &urls);
    if options.minify && !crate::theme::minify::AVAILABLE {
        notes.push("this nianbao was built without the `minify` feature: style sheets are written as they are".into());
    }
    let staging = write::Staging::begin(&out)?;
    let tmp = staging.dir().to_path_buf();
    // Closed when the watchdog gives the build up: taken for each file written, so that once
    // it is closed no file is being written and none will be, and the folder can go.
    let open = Arc::new(RwLock::new(true));
    let gate = open.clone();
    let written = watched(move || {
        let written = write_site(&site, &theme, &opts, &urls, discovery, &staging, &gate, &mut t, &*progress);
        // Held through the swap: a build is given up only while a page renders, never then.
        let open = gate.read().unwrap_or_else(|e| e.into_inner());
        if !*open {
            // Given up (and its folder removed) while this thread was stuck in a template that
            // did end after all: the folder's name may be another build's by now.
            std::mem::forget(staging);
            return Err(Error::refused("the build was stopped"));
        }
        let (pages, files) = written?;
        t.stage("swap into place", || staging.commit())?;
        drop(open);
        Ok((t, pages, files))
    });
    match written {
        Ok((timings, pages, files)) => Ok(BuildReport { timings, pages, files, elapsed: start.elapsed(), notes, output }),
        Err(e) => {
            // The staging folder of a build given up is its stuck thread's: removed here. (One
            // that failed otherwise removed its own.)
            *open.write().unwrap_or_else(|e| e.into_inner()) = false;
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// Runs `render` under the watchdog with the page limit (`render::watchdog`): a page that
/// renders past it fails the render with an error naming the page and its template, at once,
/// leaving the threads stuck in the template behind. What `nianbao build` and the preview's
/// rebuilds render under.
pub fn watched<T: Send + 'static>(render: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    render::watchdog::watch(render::watchdog::page_limit(), render).unwrap_or_else(|overdue| Err(Error::Invalid(vec![overdue.diagnostic()])))
}

/// Renders, checks and writes every file of the site into `staging`, each through `gate`
/// (nothing is written once it is closed); returns how many pages and files were written.
#[allow(clippy::too_many_arguments)]
fn write_site(
    site: &Site,
    theme: &Theme,
    opts: &RenderOptions,
    urls: &Urls,
    discovery: Vec<OutFile>,
    staging: &write::Staging,
    gate: &RwLock<bool>,
    t: &mut Timings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(usize, usize)> {
    let links = LinkIndex::new(urls.clone());
    let (pages_written, files_written) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let rendered = AtomicUsize::new(0);
    // Pages come minified from rendering (`RenderOptions::minify`), which keeps charts out of
    // the minifier.
    let emit = |file: OutFile| -> Result<()> {
        let page = file.path.ends_with(".html");
        let open = gate.read().unwrap_or_else(|e| e.into_inner());
        if !*open {
            return Err(Error::refused("the build was stopped"));
        }
        // What is checked is what is written (and what a broken link is named from, read back).
        links.add(&file.path, &file.bytes);
        staging.write(&file.path, &file.bytes)?;
        drop(open);
        pages_written.fetch_add(page as usize, Ordering::Relaxed);
        files_written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    // The largest pages first (the home page and the listings of every fact of a board, topic,
    // indicator or source), so that no core is left idle behind one of them at the end.
    let mut pages = Page::all(site);
    pages.sort_by_key(|p| !matches!(p, Page::Home | Page::Board(_) | Page::Topic(_) | Page::Indicator(_) | Page::Source(_)));
    // The downloads need no page: they are written alongside, by whichever core is free.
    let (written, downloads) = t.stage("render, minify and write pages", || {
        rayon::join(
            || {
                let total = pages.len() * crate::lang::Lang::ALL.len();
                render::render_pages_with(site, theme, opts, &pages, |r| {
                    let path = r.file.path.clone();
                    emit(r.file).map(|()| {
                        progress(rendered.fetch_add(1, Ordering::Relaxed) + 1, total);
                        r.doc.map(|d| (path, d))
                    })
                })
            },
            || {
                use rayon::prelude::*;
                render::data::files(site, |_| true).into_par_iter().try_for_each(emit)
            },
        )
    });
    let written = written?;
    downloads?;
    let mut docs = render::SearchDocs::new();
    for w in written {
        if let Some((path, doc)) = w? {
            docs.insert(path, doc);
        }
    }
    t.stage("site files", || -> Result<()> {
        let files = render::site_files(site, theme, opts, docs.values(), |_| false)?;
        drop(docs);
        use rayon::prelude::*;
        files.into_par_iter().chain(discovery).try_for_each(emit)
    })?;
    let broken = t.stage("link check", || links.finish(|| html_in(staging.dir())));
    if !broken.is_empty() {
        return Err(Error::Invalid(publish::linkcheck::at_sources(site, broken)));
    }
    Ok((pages_written.into_inner(), files_written.into_inner()))
}

/// The HTML files under `dir`, by path relative to it: the link check reads them back only to
/// name a broken link.
fn html_in(dir: &Path) -> Vec<(String, Cow<'static, [u8]>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            Some((rel, Cow::Owned(std::fs::read(e.path()).ok()?)))
        })
        .collect()
}
