//! A watchdog over rendering: a page that renders for longer than [`page_limit`] stops the
//! build it belongs to.
//!
//! Tera cannot be interrupted, so a template that loops for ever (`{% for i in range(end=n) %}`
//! nested three deep, say) would hold a build, and the preview's rebuilds, for ever. [`watch`]
//! runs a render on threads of its own (a thread and a pool of rendering threads made for it)
//! and waits for it; every page rendered there is registered while it is in flight
//! ([`page`], from `render_one`), with its path, template and start. As soon as one has run
//! past the limit, `watch` gives the render up and returns [`Overdue`], naming the page and
//! its template: the pages not yet started are skipped, and the threads stuck in the template
//! are left to it (they cannot be stopped; a command that ends exits them with the process).
//!
//! The limit is per page, not per build, so a large site is never cut off: a real page renders
//! in milliseconds, the largest of a 10,000-year site (a board listing every fact) in about a
//! second. Pages rendered outside [`watch`] (tests, the preview's deferred pages) are not
//! watched.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::error::Diagnostic;

/// How long one page may take to render before its build is stopped, as a loop in its
/// template that will not end: far above any real page (milliseconds; about a second for the
/// largest page of a 10,000-year site on one core), short enough that an editor hears of the
/// mistake while still at it. [`PAGE_LIMIT_VAR`] sets another, in milliseconds: a testing aid,
/// so that tests of a runaway template need not wait 20 s.
pub const PAGE_LIMIT: Duration = Duration::from_secs(20);

/// The environment variable that sets another page limit, in milliseconds (for tests).
pub const PAGE_LIMIT_VAR: &str = "NIANBAO_PAGE_LIMIT_MS";

/// The page limit in force: [`PAGE_LIMIT`], or the milliseconds of [`PAGE_LIMIT_VAR`].
pub fn page_limit() -> Duration {
    std::env::var(PAGE_LIMIT_VAR).ok().and_then(|v| v.trim().parse::<u64>().ok()).filter(|&ms| ms > 0).map_or(PAGE_LIMIT, Duration::from_millis)
}

/// A page that ran past the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// The output file (`zh/years/2020/index.html`).
    pub path: String,
    /// The template that renders it (`year.html`).
    pub template: String,
    /// The template's file, for the message.
    pub file: PathBuf,
    pub limit: Duration,
}

impl Overdue {
    /// The problem, pointing at the template's file.
    pub fn diagnostic(&self) -> Diagnostic {
        let limit = seconds(self.limit);
        Diagnostic::file(
            &self.file,
            format!(
                "rendering {} with the template {} ran past {limit} and was stopped: probably a loop in the template that does not end",
                self.path, self.template
            ),
        )
        .hint(format!(
            "a page renders in well under a second; look for a loop over a long range, or loops nested in one another, in {} or a template it \
             extends or includes (the limit, {limit} per page, is far above any real page)",
            self.template
        ))
    }
}

/// `20 s`, `2.5 s`, `300 ms`.
fn seconds(d: Duration) -> String {
    match d.as_millis() {
        ms if ms < 1000 => format!("{ms} ms"),
        ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{:.1} s", ms as f64 / 1000.0),
    }
}

/// One watched render: its pages in flight, and whether it has been given up.
#[derive(Default)]
struct Session {
    pages: Mutex<HashMap<u64, InFlight>>,
    next: AtomicU64,
    given_up: AtomicBool,
}

struct InFlight {
    path: String,
    template: String,
    file: PathBuf,
    started: Instant,
}

impl Session {
    /// The page in flight longest, if it has run past `limit`.
    fn overdue(&self, limit: Duration) -> Option<Overdue> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let oldest = pages.values().min_by_key(|p| p.started)?;
        (oldest.started.elapsed() > limit).then(|| Overdue { path: oldest.path.clone(), template: oldest.template.clone(), file: oldest.file.clone(), limit })
    }
}

thread_local! {
    /// The watched render this thread works for, if any (set on the threads [`watch`] makes).
    static SESSION: RefCell<Option<Arc<Session>>> = const { RefCell::new(None) };
}

fn enter(session: Arc<Session>) {
    SESSION.with(|s| *s.borrow_mut() = Some(session));
}

/// A page in flight, registered with its watched render until dropped.
pub struct InFlightPage(Option<(Arc<Session>, u64)>);

impl Drop for InFlightPage {
    fn drop(&mut self) {
        if let Some((session, id)) = self.0.take() {
            session.pages.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        }
    }
}

/// The render this page belongs to was given up: the page is not rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenUp;

impl GivenUp {
    /// As a problem of the page (never shown: the render it belongs to already failed).
    pub fn diagnostic(self, path: &str) -> Diagnostic {
        Diagnostic::file(path, "not rendered: the build was stopped by a page that ran past the time limit")
    }
}

/// Registers the page at `path` (computed only under a watch), rendered with `template` (whose
/// file is `file`), as in flight on this thread until the returned value is dropped; refuses
/// once the watched render it belongs to has been given up. Free outside [`watch`].
pub fn page(path: impl FnOnce() -> String, template: &str, file: impl FnOnce() -> PathBuf) -> Result<InFlightPage, GivenUp> {
    let Some(session) = SESSION.with(|s| s.borrow().clone()) else { return Ok(InFlightPage(None)) };
    if session.given_up.load(Ordering::Acquire) {
        return Err(GivenUp);
    }
    let id = session.next.fetch_add(1, Ordering::Relaxed);
    let entry = InFlight { path: path(), template: template.to_string(), file: file(), started: Instant::now() };
    session.pages.lock().unwrap_or_else(|e| e.into_inner()).insert(id, entry);
    Ok(InFlightPage(Some((session, id))))
}

/// Runs `work` on a thread of its own, with a pool of rendering threads of its own (rayon's
/// parallel iterators inside use it), watching every page rendered there; returns what `work`
/// returns, or [`Overdue`] as soon as one page has been rendering for longer than `limit`.
/// Then `work` is given up: pages not yet started are refused ([`page`]), and the threads in
/// the runaway template stay busy until the process ends. A panic in `work` is passed on.
pub fn watch<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Overdue> {
    let session = Arc::new(Session::default());
    let (done, result) = mpsc::channel();
    let worker = {
        let session = session.clone();
        move || {
            let handler = session.clone();
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("nianbao-render-{i}"))
                // Deep pages (nesting is limited to 32 levels in commentary; templates and
                // raw HTML add to it) recurse in the minifier: room to spare.
                .stack_size(32 << 20)
                .start_handler(move |_| enter(handler.clone()))
                .build();
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match pool {
                Ok(pool) => pool.install(work),
                // No pool to be had: what runs on this thread is watched, what it hands to
                // rayon's global pool is not.
                Err(_) => {
                    enter(session);
                    work()
                }
            }));
            let _ = done.send(out);
        }
    };
    // Without a thread, no render: as `std::thread::spawn` (and rayon's pool) would panic.
    std::thread::Builder::new().name("nianbao-render".into()).spawn(worker).expect("a thread to render on");
    let poll = (limit / 10).clamp(Duration::from_millis(10), Duration::from_millis(250));
    loop {
        match result.recv_timeout(poll) {
            Ok(Ok(out)) => return Ok(out),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the rendering thread ended without a result"),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some(overdue) = session.overdue(limit) {
                    session.given_up.store(true, Ordering::Release);
                    return Err(overdue);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_limit_stops_the_render_and_is_named() {
        let started = Instant::now();
        let out = watch(Duration::from_millis(100), || {
            use rayon::prelude::*;
            (0..4).into_par_iter().for_each(|i| {
                let Ok(_page) = page(|| format!("zh/years/{i}/index.html"), "year.html", || PathBuf::from("themes/t/templates/year.html")) else { return };
                if i == 2 {
                    // A runaway template, as far as the watchdog can tell; ends for the test.
                    std::thread::sleep(Duration::from_secs(3));
                }
            });
        });
        let overdue = out.unwrap_err();
        assert_eq!(overdue.path, "zh/years/2/index.html");
        assert_eq!(overdue.template, "year.html");
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        let d = overdue.diagnostic();
        assert!(d.message.contains("ran past 100 ms") && d.message.contains("loop"), "{}", d.message);
    }

    #[test]
    fn a_render_within_the_limit_returns_its_result() {
        let out = watch(Duration::from_secs(5), || {
            use rayon::prelude::*;
            (0..100).into_par_iter().map(|i| page(|| i.to_string(), "t.html", PathBuf::new).map(|_| i).unwrap()).sum::<i32>()
        });
        assert_eq!(out, Ok(4950));
    }

    #[test]
    fn pages_outside_a_watch_are_not_registered() {
        assert!(page(|| panic!("not computed"), "t.html", || panic!("not computed")).is_ok());
    }

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(seconds(PAGE_LIMIT), "20 s");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(seconds(Duration::from_millis(300)), "300 ms");
    }
}
