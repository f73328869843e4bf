//! `nianbao serve`: the site on a local address, rebuilt on every change, with open pages
//! reloaded and build errors shown over the last good pages.
//!
//! Three parts, one thread each: [`watch`] turns notify's events into changes; a rebuilding
//! thread turns changes into a new build; [`server`] serves the last good build from memory and
//! tells the pages. What a change needs re-read and re-rendered is the pipeline's rule
//! (`pipeline::incremental`): the first build, and any change the rule does not follow,
//! renders the whole site in memory; an edit of one year file or commentary revises the last
//! good site and renders the changed file's own page before the reload message, while the
//! other pages it affects are [`deferred`]: rendered on request or in the background. Any
//! other change (a catalogue revised alone, the theme read again, or the site loaded again)
//! makes every file stale: the changed item's page is rendered before the message, every other
//! file is deferred, and nothing of the last build is served after it. Nothing
//! is written to disk, so there is no half-written output to see and nothing to clean up on
//! exit.
//!
//! Rebuilds render under the pipeline's watchdog (`pipeline::watched`): a page whose template
//! runs past the page limit (a loop that does not end) fails the rebuild like any error, shown
//! over the last good pages, which are still served; the next edit rebuilds as usual, while
//! the threads stuck in the template keep a core each busy until the preview stops. Stopping
//! (SIGINT, SIGTERM) waits for no render.

mod deferred;
mod server;
mod store;
mod watch;

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::DebouncedEvent;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::Site;
use crate::pipeline::{self, BuildOptions, Project, incremental};
use crate::render::{self, RenderOptions};
use crate::routes::{self, OutFile, Page};
use crate::theme::Theme;
use deferred::{Deferred, Job, Tokens};
use server::Live;
use store::Stored;
use watch::{Change, ChangeKind, Scope};

/// What `nianbao serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on; 0 lets the system choose.
    pub port: u16,
}

/// After a batch that removes or renames a file, how long to wait for the rest of an editor's
/// save: events of one save that straddle a debouncer tick arrive one tick apart.
const SETTLE: Duration = Duration::from_millis(8);

/// Serves the project until SIGINT (Ctrl-C) or SIGTERM, which stop it within a few seconds
/// even while a render is stuck.
pub fn serve(project: &Project, options: &ServeOptions) -> Result<()> {
    let listener = listen(options)?;
    let addr = listener.local_addr().map_err(|e| Error::refused("cannot serve").because(e))?;
    let url = format!("http://{addr}/");
    let root = std::path::absolute(&project.root).map_err(|e| Error::io(&project.root, e))?;

    let live = Live::new();
    // Links point at this server, whatever base_url site.yaml gives. Nothing is written, so
    // `output` is not used.
    let options = BuildOptions { output: PathBuf::new(), base_url: Some(url.clone()), relative: false, minify: false };
    let mut rebuilder =
        Rebuilder { project: project.clone(), options, live: live.clone(), scope: Scope { root: root.clone(), theme: None }, last: None, unbuilt: Vec::new() };
    rebuilder.build(&[]);
    let texts = if root.join("sources").is_dir() { ", sources/" } else { "" };
    let watched = match &rebuilder.scope.theme {
        Some(theme) => format!("content/{texts} and themes/{theme}/"),
        None => format!("content/{texts} and themes/"),
    };

    let (wake, woken) = std::sync::mpsc::channel();
    let events = wake.clone();
    let watcher = watch::start(&root, move |batch| {
        let _ = events.send(Wake::Events(batch));
    })?;
    let rebuilding = std::thread::spawn(move || rebuilder.run(woken));

    println!("serving the site at {url}");
    if addr.ip().is_unspecified() {
        println!("  (listening on every address of this machine)");
    }
    println!("watching {watched} for changes; press Ctrl-C to stop");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::refused("cannot start the server").because(e))?;
    let result = runtime.block_on(server::run(listener, live));
    // A page rendered when asked for may be stuck in a template that loops for ever: dropping
    // the runtime would wait for it.
    runtime.shutdown_timeout(STOP_WAIT);

    drop(watcher);
    let _ = wake.send(Wake::Stop);
    // The rebuild under way, if any, is let finish for a moment; no longer, since it may be
    // waiting out the page limit on a runaway template. Nothing is written, so nothing is left
    // half done when the process ends with it.
    let waiting = Instant::now();
    while !rebuilding.is_finished() && waiting.elapsed() < STOP_WAIT {
        std::thread::sleep(Duration::from_millis(10));
    }
    if rebuilding.is_finished() {
        let _ = rebuilding.join();
    }
    println!("stopped");
    result
}

/// How long stopping waits for a rebuild under way, or a page being rendered for a request.
const STOP_WAIT: Duration = Duration::from_secs(1);

/// Binds the address first, so that a taken port is reported before anything else happens.
fn listen(options: &ServeOptions) -> Result<TcpListener> {
    let addr = SocketAddr::new(options.bind, options.port);
    TcpListener::bind(addr).map_err(|e| {
        let help = match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                format!("another program (perhaps another `nianbao serve`) is using port {}; stop it, or choose another port with `--port`", options.port)
            }
            std::io::ErrorKind::PermissionDenied => "ports below 1024 need special rights; choose another with `--port`, such as the default 1111".into(),
            std::io::ErrorKind::AddrNotAvailable => "this machine has no such address; `--bind 127.0.0.1` serves on this machine only".into(),
            _ => "choose another address with `--bind` or another port with `--port`".into(),
        };
        Error::refused(format!("cannot serve on http://{addr}/")).because(e).help(help)
    })
}

enum Wake {
    Events(Vec<DebouncedEvent>),
    Stop,
}

/// Renders the site after each change and hands the result to the server.
struct Rebuilder {
    project: Project,
    options: BuildOptions,
    live: Arc<Live>,
    scope: Scope,
    /// The last good build, for incremental rebuilds.
    last: Option<Last>,
    /// Changes since the last good build whose rebuild failed: the next rebuild takes them
    /// with its own, so that what a broken edit touched is not left out once it is fixed.
    unbuilt: Vec<Change>,
}

struct Last {
    site: Arc<Site>,
    theme: Arc<Theme>,
    /// Every page's search tokens, shared with the deferred files' rendering.
    tokens: Arc<Tokens>,
    /// The files the last build left to render when asked for.
    deferred: Option<Arc<Deferred>>,
}

impl Rebuilder {
    /// Rebuilds on every batch of changes until told to stop.
    fn run(mut self, woken: Receiver<Wake>) {
        while let Ok(Wake::Events(mut events)) = woken.recv() {
            let mut changes = watch::changes(&events, &self.scope);
            // A file removed or renamed may be half of a save (original moved to a backup,
            // new text written): its other half can come a debouncer tick later. Wait for it
            // rather than show a page missing for a moment. Plain writes need no wait.
            if changes.iter().any(Change::may_continue) {
                loop {
                    match woken.recv_timeout(SETTLE) {
                        Ok(Wake::Events(more)) => events.extend(more),
                        Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                changes = watch::changes(&events, &self.scope);
            }
            if !changes.is_empty() {
                self.build(&changes);
            }
        }
    }

    /// Renders what the changes affect (the whole site on start and when the rule of
    /// `render::deps` cannot tell); serves it if good, shows its errors if not.
    fn build(&mut self, changes: &[Change]) {
        let start = Instant::now();
        // Newest last, one change per file (a typo fixed in the file that had it is one edit).
        let mut merged = std::mem::take(&mut self.unbuilt);
        for c in changes {
            merged.retain(|m| m.path != c.path);
            merged.push(c.clone());
        }
        let changes = merged.as_slice();
        let result = self.render(changes);
        let ms = start.elapsed().as_millis();
        let changed: Vec<String> = changes.iter().map(|c| c.path.display().to_string()).collect();
        let what = describe(changes);
        let stale = matches!(result, Ok(Rebuilt::Stale { .. }));
        match result {
            Ok(Rebuilt::Whole(files)) => {
                let pages = files.iter().filter(|(path, _)| path.ends_with(".html")).count();
                if changes.is_empty() {
                    println!("built {pages} pages in {ms} ms");
                } else {
                    println!("rebuilt in {ms} ms: {what}");
                }
                self.live.publish(files, &changed);
            }
            Ok(Rebuilt::Part { files, deferred, pages } | Rebuilt::Stale { files, deferred, pages }) => {
                let later = match deferred.len() {
                    0 => String::new(),
                    n => format!(", {n} more files when asked for"),
                };
                println!("rebuilt in {ms} ms: {what} ({pages} pages re-rendered{later})");
                if stale {
                    // Nothing of the last build is served after a stale rebuild.
                    self.live.renew(files, deferred.clone(), &changed);
                } else {
                    self.live.update(files, deferred.clone(), &changed);
                }
                // Render the deferred files nobody has asked for yet, until a newer build comes;
                // then, with every file rendered, check the links as a build does.
                let live = self.live.clone();
                std::thread::spawn(move || {
                    deferred.fill();
                    if let Some(problems) = live.check_links(&deferred, &changed) {
                        for p in &problems {
                            eprintln!("{}\n", p.text);
                        }
                        let n = problems.len();
                        let s = if n == 1 { "" } else { "s" };
                        eprintln!("{n} broken link{s} found once every page was rendered after {what}; shown over the pages until fixed");
                    }
                });
            }
            Err(e) => {
                let problems = server::problems(&e);
                for p in &problems {
                    eprintln!("{}\n", p.text);
                }
                let n = problems.len();
                let s = if n == 1 { "" } else { "s" };
                if changes.is_empty() {
                    eprintln!("{n} problem{s} found; the pages show them until they are fixed");
                } else {
                    eprintln!("{n} problem{s} found after {what} ({ms} ms); still serving the last good build");
                }
                self.live.fail(problems, &changed);
                self.unbuilt = changes.to_vec();
                // site.yaml may name a theme still being written: any theme's change counts.
                self.scope.theme = None;
            }
        }
    }

    fn render(&mut self, changes: &[Change]) -> Result<Rebuilt> {
        let changes = incremental::Changes {
            // A renamed file's old name counts too: its page may have to go.
            paths: changes
                .iter()
                .flat_map(|c| {
                    std::iter::once(c.path.as_path()).chain(match &c.kind {
                        ChangeKind::Renamed(from) => Some(from.as_path()),
                        _ => None,
                    })
                })
                .collect(),
            written: match changes {
                [c] if matches!(c.kind, ChangeKind::Edited | ChangeKind::Added) => Some(c.path.as_path()),
                _ => None,
            },
        };
        let last = self.last.as_ref().map(|l| (&*l.site, &l.theme));
        let incremental::Rebuild { site, theme, urls, render } = incremental::rebuild(&self.project, &self.options, last, &changes)?;
        let opts = RenderOptions { urls, minify: false };
        self.scope.theme = Some(site.config.theme.clone());
        let affected = match render {
            incremental::Render::Part(affected) => affected,
            incremental::Render::Stale(own) => return self.render_stale(Arc::new(site), theme, opts, &own),
            incremental::Render::Everything => {
                // Everything, as `nianbao build` renders it (with the link check), minus writing;
                // under the watchdog, so that a template that loops for ever fails the rebuild
                // rather than hold this thread (its own threads stay stuck: they cannot be stopped).
                let site = Arc::new(site);
                // The first build of a large site takes a while: at a terminal, a progress line.
                let line = self.last.is_none().then(crate::terminal::ProgressLine::new).unwrap_or_default();
                let progress = line.progress();
                let rendered = {
                    let (site, theme, urls) = (site.clone(), theme.clone(), opts.urls);
                    // Each file compressed as it is rendered (`store`).
                    pipeline::watched(move || {
                        let read = |(path, stored): &(String, Stored)| OutFile { path: path.clone(), bytes: stored.bytes().to_vec() };
                        pipeline::render_each(&site, &theme, &urls, &*progress, Stored::file, read)
                    })
                };
                line.finish();
                let (files, docs) = rendered?;
                let tokens = match self.last.take() {
                    Some(last) => {
                        // Stops the previous build's deferred rendering, then starts afresh.
                        last.tokens.replace(docs);
                        last.tokens
                    }
                    None => Tokens::new(docs),
                };
                self.last = Some(Last { site, theme, tokens, deferred: None });
                return Ok(Rebuilt::Whole(files));
            }
        };
        self.render_part(Arc::new(site), theme, opts, affected)
    }

    /// Renders `own` pages (the changed items'), the root files, the theme's files and the
    /// discovery files (all small), and defers every other page, every download and the search
    /// index: after a change that may touch any page (a catalogue, the theme, a year added).
    /// Nothing of the last build is kept: every file served comes from this one.
    fn render_stale(&mut self, site: Arc<Site>, theme: Arc<Theme>, opts: RenderOptions, own: &[Page]) -> Result<Rebuilt> {
        // Under the watchdog, as a whole rebuild is.
        let (rendered, roots) = {
            let (site, theme, opts, own) = (site.clone(), theme.clone(), opts.clone(), own.to_vec());
            pipeline::watched(move || {
                let pages = render::render_pages(&site, &theme, &opts, &own)?;
                // Without tokens, so without the search index: that is deferred.
                let roots = render::site_files(&site, &theme, &opts, std::iter::empty(), |_| false)?;
                Ok((pages, roots))
            })?
        };
        let last = self.last.as_mut().expect("a rebuild of stale pages follows a good build");
        // Every page's tokens are stale: the search index waits for every page to be rendered.
        let generation = last.tokens.restart();
        let mut files = recorded(&last.tokens, generation, rendered);
        let discovery = crate::publish::discovery(&site, &opts.urls).files;
        files.extend(roots.into_iter().chain(discovery).filter(|f| !f.path.starts_with(routes::SEARCH_INDEX_DIR)).map(Stored::file));
        let now: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        let jobs: Vec<Job> = Page::all(&site)
            .into_iter()
            .filter(|p| !own.contains(p))
            .flat_map(|p| Lang::ALL.map(|l| Job::Page(p, l)))
            .chain(render::data::keys(&site).into_iter().map(Job::Data))
            .chain([Job::SearchIndex])
            .collect();
        let jobs: HashMap<String, Job> = jobs
            .into_iter()
            .flat_map(|job| Deferred::paths(&site, &job).into_iter().map(move |path| (path, job.clone())))
            .filter(|(p, _)| !now.contains(p))
            .collect();
        let deferred = Arc::new(Deferred::new(site.clone(), theme.clone(), opts, last.tokens.clone(), generation, jobs));
        last.site = site;
        last.theme = theme;
        last.deferred = Some(deferred.clone());
        Ok(Rebuilt::Stale { files, deferred, pages: own.len() * Lang::ALL.len() })
    }

    /// Renders the changed files' own pages and downloads, and defers the other files the
    /// change affects.
    fn render_part(&mut self, site: Arc<Site>, theme: Arc<Theme>, opts: RenderOptions, affected: incremental::Affected) -> Result<Rebuilt> {
        // Under the watchdog, as a whole rebuild is.
        let rendered = {
            let (site, theme, opts, own) = (site.clone(), theme.clone(), opts.clone(), affected.own.clone());
            pipeline::watched(move || Ok(render::render_pages(&site, &theme, &opts, &own)?))?
        };
        let last = self.last.as_mut().expect("an incremental rebuild follows a good one");
        // The previous build's deferred files, read before it is superseded: a page its
        // background thread finishes after this counts as unrendered (its search tokens would
        // be refused), so it is rendered again from this build.
        let (old_pending, old_done): (Vec<(String, Job)>, Files) = match last.deferred.take() {
            Some(old) => (old.pending().map(|(p, j)| (p.clone(), j.clone())).collect(), old.done().map(|(p, b)| (p.clone(), b.clone())).collect()),
            None => Default::default(),
        };
        let generation = last.tokens.next_generation();
        let mut files = recorded(&last.tokens, generation, rendered);
        // The changed years' downloads now (small); the whole data set and the search index
        // when asked for.
        let downloads = render::data::files(&site, |k| affected.downloads.iter().any(|d| d == k));
        files.extend(downloads.into_iter().map(Stored::file));
        let mut jobs: HashMap<String, Job> = HashMap::new();
        let fresh: Vec<Job> = affected
            .others
            .iter()
            .flat_map(|&p| Lang::ALL.map(|l| Job::Page(p, l)))
            .chain(affected.all_data.then(|| Job::Data(routes::ALL_DATA.into())))
            .chain([Job::SearchIndex])
            .collect();
        for job in fresh {
            for path in Deferred::paths(&site, &job) {
                jobs.insert(path, job.clone());
            }
        }
        let now: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        // What the previous build left unrendered is rendered from this one; what it did render
        // and this change does not affect is kept.
        for (path, job) in old_pending {
            if !now.contains(&path) {
                jobs.entry(path).or_insert(job);
            }
        }
        for (path, bytes) in old_done {
            if !now.contains(&path) && !jobs.contains_key(&path) {
                files.push((path, bytes));
            }
        }
        let count = affected.own.len() * Lang::ALL.len();
        let deferred = Arc::new(Deferred::new(site.clone(), theme.clone(), opts, last.tokens.clone(), generation, jobs));
        last.site = site;
        last.theme = theme;
        last.deferred = Some(deferred.clone());
        Ok(Rebuilt::Part { files, deferred, pages: count })
    }
}

/// Rendered files by output path, as the server holds them.
type Files = Vec<(String, Stored)>;

/// The files of `rendered` pages, their search tokens recorded for the build `generation`.
fn recorded(tokens: &Tokens, generation: u64, rendered: Vec<render::Rendered>) -> Files {
    rendered
        .into_iter()
        .map(|r| {
            if let Some(doc) = r.doc {
                tokens.insert(generation, r.file.path.clone(), doc);
            }
            Stored::file(r.file)
        })
        .collect()
}

/// What a rebuild produced: the whole site, or the files to replace.
enum Rebuilt {
    Whole(Files),
    Part {
        files: Files,
        deferred: Arc<Deferred>,
        pages: usize,
    },
    /// Every file of the site, rendered or deferred: the last build's files are all replaced.
    Stale {
        files: Files,
        deferred: Arc<Deferred>,
        pages: usize,
    },
}

/// `edited content/years/2022.yaml, added content/years/2024.yaml and 3 more`.
fn describe(changes: &[Change]) -> String {
    const SHOWN: usize = 4;
    let mut text = changes.iter().take(SHOWN).map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
    if changes.len() > SHOWN {
        text.push_str(&format!(" and {} more", changes.len() - SHOWN));
    }
    text
}
