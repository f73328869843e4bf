//! The pipeline, top to bottom: load -> validate -> site model -> render -> write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::model::Site;
use crate::publish::{self, Published};
use crate::render::{self, OutFile, RenderOptions, urls::Urls};
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

    /// Loads and validates the content.
    pub fn load_site(&self) -> Result<Site> {
        let raw = load::load(&self.content_dir())?;
        let themes = theme::available(&self.themes_dir());
        let site = validate::validate(raw, &themes)?;
        // Figures that contradict each other stop a build as a typo would: a digest that
        // misquotes a figure is worse than none. The preview shows them in its overlay.
        let contradictions = crate::integrity::consistency(&site);
        if contradictions.is_empty() { Ok(site) } else { Err(Error::Invalid(contradictions)) }
    }

    /// Loads the theme the site names.
    pub fn load_theme(&self, site: &Site) -> Result<Theme> {
        Ok(Theme::load(&self.themes_dir().join(&site.config.theme), render::register_filters)?)
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
}

/// Renders the site in memory: everything a build writes, nothing written yet, links checked.
pub fn render_all(project: &Project, options: &BuildOptions) -> Result<(Site, Vec<OutFile>)> {
    render_published(project, options).map(|(site, published)| (site, published.files))
}

/// [`render_all`], with the notes of the publishing stage.
pub fn render_published(project: &Project, options: &BuildOptions) -> Result<(Site, Published)> {
    render_timed(project, options, &mut Timings::default())
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

fn render_timed(project: &Project, options: &BuildOptions, t: &mut Timings) -> Result<(Site, Published)> {
    let site = t.stage("load and validate", || project.load_site())?;
    let theme = t.stage("theme", || project.load_theme(&site))?;
    let urls = urls(&site, options)?;
    let opts = RenderOptions { urls: urls.clone() };
    let files = t.stage("render", || render::render(&site, &theme, &opts))?;
    let published = t.stage("publish (sitemap, feeds, link check)", || publish::finish(&site, &urls, files))?;
    Ok((site, published))
}

/// Where links point: the base URL of `--base-url` or site.yaml, host or relative links.
/// The URLs a build writes: `--base-url` over site.yaml's.
pub fn urls(site: &Site, options: &BuildOptions) -> Result<Urls> {
    let base_url = match &options.base_url {
        Some(b) => crate::validate::normalize_base_url(b)
            .ok_or_else(|| Error::Refused(format!("`{b}` is not a base URL\n  = help: write `/`, a path such as `/erqi/`, or a URL such as `https://example.org/erqi/`")))?,
        None => site.config.base_url.clone(),
    };
    Ok(Urls { base_url, relative: options.relative })
}

/// Builds the project into `options.output`, leaving the old output intact on any failure.
pub fn build(project: &Project, options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let protected = [project.root.as_path(), &project.content_dir(), &project.themes_dir()];
    let out = write::check_output_dir(&options.output, &protected)?;
    let mut timings = Timings::default();
    let (_, Published { mut files, mut notes }) = render_timed(project, options, &mut timings)?;
    if options.minify {
        if publish::minify::AVAILABLE {
            timings.stage("minify", || publish::minify::minify(&mut files));
        } else {
            notes.push("this nianbao was built without the `minify` feature: pages are written as rendered".into());
        }
    }
    timings.stage("write", || write::write_site(&out, &files))?;
    Ok(BuildReport {
        timings,
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        elapsed: start.elapsed(),
        notes,
    })
}
