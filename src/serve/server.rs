//! The preview's HTTP side: the last good build served from memory, the live-reload socket,
//! and the build status.
//!
//! Files are looked up by exact key in the map of the build's output, so no request can reach
//! a file the build did not produce; [`lookup`] still refuses `..`, encoded slashes and
//! backslashes outright, so that the rule does not rest on what the map happens to hold.
//!
//! Routes: `/__nianbao/livereload` (websocket: a `hello` on connecting, then `reload` after
//! each good build and `errors` after each failed one, all JSON), `/__nianbao/status` (the
//! same state as JSON, for pages loaded later and for tests), and every other path a file of
//! the site. HTML responses get [`livereload.js`](LIVERELOAD_JS) before `</body>`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use super::deferred::Deferred;
use crate::error::{Diagnostic, Error, Result};
use crate::routes::OutFile;

/// The path of the live-reload websocket.
pub const LIVERELOAD_PATH: &str = "/__nianbao/livereload";
/// The path of the build status (JSON).
pub const STATUS_PATH: &str = "/__nianbao/status";

/// The script injected into served pages; `__NIANBAO_BUILD__` becomes the build's id.
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// One good build, as served.
struct Served {
    /// Names the build, so a page can tell whether it is stale (`<server start>-<n>`).
    build: String,
    files: HashMap<String, Bytes>,
    /// Files of this build rendered when first asked for (after an incremental rebuild).
    deferred: Option<Arc<Deferred>>,
    /// `<script>` with this build's id, for HTML responses.
    script: String,
}

impl Served {
    fn new(build: String, files: Vec<OutFile>) -> Served {
        let script = format!("<script>\n{}</script>\n", LIVERELOAD_JS.replace("__NIANBAO_BUILD__", &build));
        let files = files.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect();
        Served { build, files, deferred: None, script }
    }

    fn has(&self, key: &str) -> bool {
        self.files.contains_key(key) || self.deferred.as_ref().is_some_and(|d| d.contains(key))
    }

    /// A file's contents, rendering it first if it is deferred.
    async fn get(&self, key: &str) -> Option<std::result::Result<Bytes, String>> {
        if let Some(d) = self.deferred.as_ref().filter(|d| d.contains(key)) {
            let (d, key) = (d.clone(), key.to_string());
            return tokio::task::spawn_blocking(move || d.get(&key)).await.unwrap_or_else(|e| Some(Err(e.to_string())));
        }
        self.files.get(key).cloned().map(Ok)
    }
}

/// A problem as the overlay and `/__nianbao/status` show it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// `path:line:column`.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
    pub snippet: Option<String>,
    /// The whole problem as the terminal prints it.
    pub text: String,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            path: d.path.display().to_string(),
            line: d.line,
            column: d.column,
            location: d.location(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            snippet: d.snippet.clone(),
            text: d.to_string(),
        }
    }
}

/// The problems an error amounts to: its diagnostics, or one problem naming what failed.
pub fn problems(e: &Error) -> Vec<Problem> {
    match e {
        Error::Invalid(diags) => diags.iter().map(Problem::from).collect(),
        Error::Io { path, source } => vec![Problem::from(&Diagnostic::file(path, source.to_string()))],
        Error::Refused { message, help, .. } => vec![Problem {
            path: String::new(),
            line: 0,
            column: 0,
            location: String::new(),
            message: message.clone(),
            hint: help.clone(),
            snippet: None,
            text: e.to_string(),
        }],
    }
}

struct Snapshot {
    served: Arc<Served>,
    errors: Arc<Vec<Problem>>,
}

/// What the server shows, shared between the rebuilding thread and the request handlers.
pub struct Live {
    /// Names this server run, so that pages from an earlier run reload.
    instance: String,
    builds: std::sync::atomic::AtomicU64,
    state: RwLock<Snapshot>,
    events: broadcast::Sender<String>,
    stop: watch::Sender<bool>,
}

#[derive(Serialize)]
struct StatusView<'a> {
    /// `hello`, `reload` or `errors` over the socket; absent from `/__nianbao/status`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    build: &'a str,
    ok: bool,
    errors: &'a [Problem],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    changed: &'a [String],
}

impl Live {
    /// Nothing built yet: every page is the fallback until [`Live::publish`] or [`Live::fail`].
    pub fn new() -> Arc<Live> {
        let instance = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
        let instance = format!("{instance:x}");
        let served = Arc::new(Served::new(format!("{instance}-0"), Vec::new()));
        let (events, _) = broadcast::channel(64);
        let (stop, _) = watch::channel(false);
        Arc::new(Live { instance, builds: 0.into(), state: RwLock::new(Snapshot { served, errors: Arc::default() }), events, stop })
    }

    fn snapshot(&self) -> (Arc<Served>, Arc<Vec<Problem>>) {
        let s = self.state.read().unwrap_or_else(|e| e.into_inner());
        (s.served.clone(), s.errors.clone())
    }

    fn message(&self, kind: Option<&'static str>, changed: &[String]) -> String {
        let (served, errors) = self.snapshot();
        let view = StatusView { kind, build: &served.build, ok: errors.is_empty(), errors: &errors, changed };
        serde_json::to_string(&view).unwrap_or_default()
    }

    /// Serves a new good build and tells every open page to reload.
    pub fn publish(&self, files: Vec<OutFile>, changed: &[String]) {
        self.replace(|build| Served::new(build, files), changed);
    }

    /// Serves the last good build with `files` replaced and `deferred` files to render when
    /// asked for (an incremental rebuild), and tells every open page to reload. Unchanged
    /// files are shared, not copied.
    pub fn update(&self, files: Vec<(String, Bytes)>, deferred: Arc<Deferred>, changed: &[String]) {
        let (old, _) = self.snapshot();
        self.replace(
            |build| {
                let mut next = Served::new(build, Vec::new());
                next.files = old.files.clone();
                next.files.extend(files);
                next.files.retain(|path, _| !deferred.contains(path));
                next.deferred = Some(deferred);
                next
            },
            changed,
        );
    }

    fn replace(&self, make: impl FnOnce(String) -> Served, changed: &[String]) {
        let n = self.builds.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let served = Arc::new(make(format!("{}-{n}", self.instance)));
        {
            let mut s = self.state.write().unwrap_or_else(|e| e.into_inner());
            s.served = served;
            s.errors = Arc::default();
        }
        let _ = self.events.send(self.message(Some("reload"), changed));
    }

    /// Keeps serving the last good build and shows `errors` over every open page.
    pub fn fail(&self, errors: Vec<Problem>, changed: &[String]) {
        self.state.write().unwrap_or_else(|e| e.into_inner()).errors = Arc::new(errors);
        let _ = self.events.send(self.message(Some("errors"), changed));
    }

    /// Closes every live-reload socket, so the server can stop.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }
}

/// Serves `live` on `listener` until SIGINT (Ctrl-C) or SIGTERM.
pub async fn run(listener: std::net::TcpListener, live: Arc<Live>) -> Result<()> {
    let addr = listener.local_addr().ok();
    let io = |e: std::io::Error| Error::refused(format!("cannot serve on {}", addr.map_or("the address".into(), |a| a.to_string()))).because(e);
    listener.set_nonblocking(true).map_err(io)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(io)?;
    let mut stopping = live.stop.subscribe();
    let app = router(live.clone());
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        live.stop();
    });
    tokio::select! {
        result = server => result.map_err(io),
        // Connections still open a moment after the signal do not keep the server alive.
        _ = async { let _ = stopping.wait_for(|s| *s).await; tokio::time::sleep(Duration::from_millis(500)).await } => Ok(()),
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn router(live: Arc<Live>) -> Router {
    Router::new().route(LIVERELOAD_PATH, get(livereload)).route(STATUS_PATH, get(status)).fallback(file).with_state(live)
}

async fn status(State(live): State<Arc<Live>>) -> Response {
    let mut r = live.message(None, &[]).into_response();
    set_headers(&mut r, "application/json");
    r
}

async fn livereload(ws: WebSocketUpgrade, State(live): State<Arc<Live>>) -> Response {
    ws.on_upgrade(move |socket| session(socket, live))
}

/// One open page: its hello, then every build's news, until the page or the server goes.
async fn session(mut socket: WebSocket, live: Arc<Live>) {
    let mut events = live.events.subscribe();
    let mut stopping = live.stop.subscribe();
    if socket.send(Message::text(live.message(Some("hello"), &[]))).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            event = events.recv() => {
                let text = match event {
                    Ok(text) => text,
                    // Missed some news: the current state says all that matters.
                    Err(broadcast::error::RecvError::Lagged(_)) => live.message(Some("hello"), &[]),
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if socket.send(Message::text(text)).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            // The flag only ever turns true: any change means stop.
            _ = stopping.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

/// Where a request path leads in the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The output file with this key.
    File(String),
    /// A folder named without its `/`: redirect to this path.
    Redirect(String),
    NotFound,
}

/// Finds the output file for a request path, still percent-encoded as it came (`raw`);
/// `exists` tells whether the output has a file.
pub fn lookup(raw: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    let Some(rel) = raw.strip_prefix('/').and_then(decode) else { return Lookup::NotFound };
    let segments: Vec<&str> = rel.split('/').collect();
    let last = segments.len() - 1;
    let unsafe_segment = segments.iter().enumerate().any(|(i, s)| matches!(*s, "." | "..") || (s.is_empty() && i != last));
    if unsafe_segment {
        return Lookup::NotFound;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) { Lookup::File(index) } else { Lookup::NotFound };
    }
    if exists(&rel) {
        Lookup::File(rel)
    } else if exists(&format!("{rel}/index.html")) {
        Lookup::Redirect(format!("{raw}/"))
    } else {
        Lookup::NotFound
    }
}

/// Percent-decodes a path; `None` for malformed escapes, non-UTF-8, control characters,
/// backslashes, and slashes or backslashes written as escapes (`%2f`, `%5c`).
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b == b'/' || b == b'\\' {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.chars().any(|c| c == '\\' || c.is_control())).then_some(s)
}

async fn file(State(live): State<Arc<Live>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let (served, errors) = live.snapshot();
    match lookup(uri.path(), |key| served.has(key)) {
        Lookup::File(key) => match served.get(&key).await {
            Some(Ok(bytes)) => respond(&served, &key, bytes, StatusCode::OK),
            Some(Err(why)) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{key} did not render: {why}\n")).into_response(),
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
        Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::NotFound => match served.files.get("404.html") {
            Some(page) => respond(&served, "404.html", page.clone(), StatusCode::NOT_FOUND),
            None => respond(&served, "404.html", fallback_page(&errors).into(), StatusCode::NOT_FOUND),
        },
    }
}

/// The page shown while no build has succeeded (or the site has no 404.html).
fn fallback_page(errors: &[Problem]) -> String {
    let why =
        if errors.is_empty() { "Nothing is published at this address." } else { "The site has errors, shown over this page; it reloads once they are fixed." };
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>nianbao serve</title></head><body><h1>Not found</h1><p>{why}</p></body></html>\n")
}

fn respond(served: &Served, key: &str, bytes: Bytes, status: StatusCode) -> Response {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") { Bytes::from(inject(&bytes, &served.script)) } else { bytes };
    let mut r = (status, Body::from(body)).into_response();
    set_headers(&mut r, kind);
    r
}

fn set_headers(r: &mut Response, kind: &'static str) {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Every response is of the moment: a rebuilt page must never come from the cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

/// Puts `script` before the last `</body>` (any case), or at the end.
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The `Content-Type` of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" | "xsl" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        ["index.html", "zh/index.html", "zh/years/2020/index.html", "style.css", "data/facts.csv"].contains(&key)
    }

    #[test]
    fn folders_serve_their_index_and_bare_folder_names_redirect() {
        assert_eq!(lookup("/", site), Lookup::File("index.html".into()));
        assert_eq!(lookup("/zh/years/2020/", site), Lookup::File("zh/years/2020/index.html".into()));
        assert_eq!(lookup("/zh/years/2020", site), Lookup::Redirect("/zh/years/2020/".into()));
        assert_eq!(lookup("/style.css", site), Lookup::File("style.css".into()));
        assert_eq!(lookup("/data/facts%2Ecsv", site), Lookup::File("data/facts.csv".into()));
        assert_eq!(lookup("/zh/years/2021/", site), Lookup::NotFound);
    }

    #[test]
    fn traversal_and_odd_paths_find_nothing() {
        let anything = |_: &str| true;
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/zh/..%2f..%2fcontent/site.yaml",
            "/zh/%2E%2E/index.html",
            "/zh\\..\\index.html",
            "/zh%5c..%5cindex.html",
            "/./index.html",
            "//etc/passwd",
            "/zh//index.html",
            "/%zz",
            "/%ff",
            "/a%00b",
            "relative",
        ] {
            assert_eq!(lookup(path, anything), Lookup::NotFound, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let html = b"<html><body><p>x</p></BODY></html>";
        assert_eq!(String::from_utf8(inject(html, "<script></script>")).unwrap(), "<html><body><p>x</p><script></script></BODY></html>");
        assert_eq!(inject(b"<p>", "S"), b"<p>S".to_vec());
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("zh/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("chart.SVG"), "image/svg+xml");
        assert_eq!(content_type("feed.atom"), "application/atom+xml");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("facts.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("search.js"), "application/javascript; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
