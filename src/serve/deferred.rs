//! Files of a preview build that are rendered when first asked for, or in the background
//! after the reload message, whichever comes first.
//!
//! On a large site an edit to one year affects pages that are costly to render: the home page
//! lists every year, a board or source page every fact it holds, and the search index covers
//! every page. The preview renders the edited page itself before it tells the browser to
//! reload, and defers the rest: a request for a deferred file renders it then (and keeps it),
//! and a background thread renders whatever nobody has asked for yet. Either way a file is
//! rendered once, from the build it belongs to, so what is served equals a full build.
//!
//! A newer build supersedes an older one: the older one's background rendering stops, and its
//! unrendered files are deferred again in the newer build.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;

use super::store::Stored;
use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::model::Site;
use crate::publish::linkcheck::{self, LinkIndex};
use crate::render::search::Doc;
use crate::render::{self, RenderOptions, SearchDocs};
use crate::routes::{self, Page};
use crate::theme::Theme;

/// What a deferred file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Page(Page, Lang),
    /// A data download (`data/<key>.csv` and `.json` come from one key).
    Data(String),
    /// The search index, made from every page's search tokens. Its files are known by name
    /// only once it is made, so only the `meta.js` files are jobs; [`Deferred::get`] answers
    /// for the rest of `search/` from the same index.
    SearchIndex,
}

/// The search tokens of every page the preview has rendered, with the build allowed to add to
/// them: a superseded build's background rendering must not write tokens of its older site.
/// Each page's tokens sit behind an `Arc`, so the search index is made from a snapshot taken
/// in a moment, not while holding the lock for the seconds a large index takes.
pub struct Tokens {
    docs: Mutex<BTreeMap<String, Arc<Doc>>>,
    generation: AtomicU64,
}

impl Tokens {
    pub fn new(docs: SearchDocs) -> Arc<Tokens> {
        Arc::new(Tokens { docs: Mutex::new(shared(docs)), generation: AtomicU64::new(0) })
    }

    /// Starts a new build: from now on only it may add tokens.
    pub fn next_generation(&self) -> u64 {
        let _docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Starts a new build that replaces every page's tokens (a whole rebuild).
    pub fn replace(&self, docs: SearchDocs) {
        let mut old = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        *old = shared(docs);
    }

    /// Starts a new build in which every page is stale: no page's tokens are kept, and each
    /// is added as its page is rendered. Returns the new build's generation.
    pub fn restart(&self) -> u64 {
        let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        docs.clear();
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn snapshot(&self) -> Vec<Arc<Doc>> {
        self.docs.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect()
    }

    fn current(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Records a page's tokens if `generation` is still the current build.
    pub fn insert(&self, generation: u64, path: String, doc: Doc) {
        let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        if self.current() == generation {
            docs.insert(path, Arc::new(doc));
        }
    }
}

fn shared(docs: SearchDocs) -> BTreeMap<String, Arc<Doc>> {
    docs.into_iter().map(|(path, doc)| (path, Arc::new(doc))).collect()
}

/// The deferred files of one build, by output path.
pub struct Deferred {
    site: Arc<Site>,
    theme: Arc<Theme>,
    opts: RenderOptions,
    tokens: Arc<Tokens>,
    generation: u64,
    /// Each job's file once rendered, compressed as the preview keeps every file (`store`).
    jobs: HashMap<String, (Job, OnceLock<Result<Stored, String>>)>,
    /// The search index's files, made once, if the search index is deferred.
    search: Option<OnceLock<HashMap<String, Stored>>>,
}

impl Deferred {
    pub fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        opts: RenderOptions,
        tokens: Arc<Tokens>,
        generation: u64,
        jobs: impl IntoIterator<Item = (String, Job)>,
    ) -> Deferred {
        let jobs: HashMap<String, (Job, OnceLock<_>)> = jobs.into_iter().map(|(path, job)| (path, (job, OnceLock::new()))).collect();
        let search = jobs.values().any(|(job, _)| *job == Job::SearchIndex).then(OnceLock::new);
        Deferred { site, theme, opts, tokens, generation, jobs, search }
    }

    /// The output paths of a job: a page's file, or a download's two.
    pub fn paths(site: &Site, job: &Job) -> Vec<String> {
        match job {
            Job::Page(page, lang) => vec![page.file(site, *lang)],
            Job::Data(key) => routes::DOWNLOAD_FORMATS.iter().map(|format| routes::download(key, format)).collect(),
            Job::SearchIndex => Lang::ALL.map(routes::search_meta).to_vec(),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.jobs.contains_key(path) || (self.search.is_some() && path.starts_with(routes::SEARCH_INDEX_DIR) && path.ends_with(".js"))
    }

    /// How many files are deferred.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// The file at `path`, rendered now if it has not been; `None` if it is not deferred here.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, String>> {
        let Some((job, cell)) = self.jobs.get(path) else {
            // A search shard or page chunk, if the index has it.
            return self.search_files()?.get(path).map(|f| Ok(f.bytes()));
        };
        Some(cell.get_or_init(|| self.run(path, job)).as_ref().map(Stored::bytes).map_err(String::clone))
    }

    /// The files rendered so far.
    pub fn done(&self) -> impl Iterator<Item = (&String, &Stored)> {
        self.jobs.iter().filter_map(|(path, (_, cell))| match cell.get() {
            Some(Ok(bytes)) => Some((path, bytes)),
            _ => None,
        })
    }

    /// The jobs not rendered yet (or that failed), for the build that supersedes this one.
    pub fn pending(&self) -> impl Iterator<Item = (&String, &Job)> {
        self.jobs.iter().filter(|(_, (_, cell))| !matches!(cell.get(), Some(Ok(_)))).map(|(path, (job, _))| (path, job))
    }

    /// The link check a build runs, over `served` (the files of this build that were not
    /// deferred) and every deferred file; `None` unless every deferred file is rendered (and
    /// this build not superseded), since a link may lead to any of them.
    pub fn broken_links<'a>(&'a self, served: impl Iterator<Item = (&'a String, &'a Stored)>) -> Option<Vec<Diagnostic>> {
        if self.superseded() || self.pending().next().is_some() {
            return None;
        }
        let search = self.search.as_ref().and_then(OnceLock::get).into_iter().flatten();
        let files: Vec<(&String, &Stored)> = served.chain(self.done()).chain(search).collect();
        let index = LinkIndex::new(self.opts.urls.clone());
        for (path, file) in &files {
            index.add(path, &file.bytes());
        }
        let broken = index.finish(|| files.iter().map(|(path, file)| ((*path).clone(), Cow::Owned(file.bytes().to_vec()))));
        Some(linkcheck::at_sources(&self.site, broken))
    }

    fn superseded(&self) -> bool {
        self.tokens.current() != self.generation
    }

    /// Renders every deferred file nobody has asked for yet, pages first and the search index
    /// last, one at a time (this runs on a thread of its own: the other cores stay free for
    /// the next rebuild and for requests); stops when a newer build supersedes this one.
    pub fn fill(&self) {
        let mut order: Vec<&String> = self.jobs.keys().collect();
        order.sort_by_key(|p| match self.jobs[*p].0 {
            Job::Page(..) => 0,
            Job::Data(_) => 1,
            Job::SearchIndex => 2,
        });
        for p in order {
            if self.superseded() {
                return;
            }
            self.get(p);
        }
    }

    fn run(&self, path: &str, job: &Job) -> Result<Stored, String> {
        match job {
            Job::Page(page, lang) => {
                let r = render::render_one(&self.site, &self.theme, &self.opts, *page, *lang).map_err(|d| d.to_string())?;
                if let Some(doc) = r.doc {
                    self.tokens.insert(self.generation, r.file.path.clone(), doc);
                }
                Ok(Stored::pack(&r.file.bytes))
            }
            // Only the format asked for: the whole site's JSON is 146 MB at 10,000 years.
            Job::Data(key) => path
                .rsplit_once('.')
                .and_then(|(_, ext)| render::data::file(&self.site, key, ext))
                .map(|f| Stored::pack(&f.bytes))
                .ok_or_else(|| format!("no download {path}")),
            Job::SearchIndex => self.search_files().and_then(|files| files.get(path).cloned()).ok_or_else(|| format!("no search file {path}")),
        }
    }

    /// The search index's files by path, made on first use; `None` if it is not deferred.
    fn search_files(&self) -> Option<&HashMap<String, Stored>> {
        let search = self.search.as_ref()?;
        Some(search.get_or_init(|| {
            // Every page's tokens must be current first.
            for (p, (job, _)) in &self.jobs {
                if matches!(job, Job::Page(..)) {
                    self.get(p);
                }
            }
            let docs = self.tokens.snapshot();
            render::search::index(docs.iter().map(|d| &**d)).into_iter().map(Stored::file).collect()
        }))
    }
}
