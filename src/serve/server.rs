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
//!
//! The preview serves drafts and sends build errors (with lines of the source) to every open
//! page, so it answers only itself. A request whose `Host` is not the server's own address
//! (`localhost`, a loopback IP, the bound IP, or any IP when bound to every address; see
//! [`host_allowed`]) gets 403: a page of another site that makes its name resolve to this
//! machine (DNS rebinding) reads nothing. The live-reload socket also refuses an `Origin`
//! other than the address the request was sent to ([`origin_allowed`]), since browsers let
//! any page open a websocket anywhere. And a connection must send each request's headers
//! within [`HEADER_TIMEOUT`] of opening or of its last response, so half-sent requests cannot
//! hold every file handle; an upgraded socket is exempt.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::{IncomingStream, Listener};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, Sleep};

use super::deferred::Deferred;
use super::store::Stored;
use crate::error::{Diagnostic, Error, Result};

/// The path of the live-reload websocket.
pub const LIVERELOAD_PATH: &str = "/__nianbao/livereload";
/// The path of the build status (JSON).
pub const STATUS_PATH: &str = "/__nianbao/status";

/// How long a connection may take to send a request's headers, counted from its opening or
/// from its last response: then it is closed. Keep-alive connections left idle close too.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The script injected into served pages; `__NIANBAO_BUILD__` becomes the build's id.
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// One good build, as served.
struct Served {
    /// Names the build, so a page can tell whether it is stale (`<server start>-<n>`).
    build: String,
    files: HashMap<String, Stored>,
    /// Files of this build rendered when first asked for (after an incremental rebuild).
    deferred: Option<Arc<Deferred>>,
    /// `<script>` with this build's id, for HTML responses.
    script: String,
}

impl Served {
    fn new(build: String, files: Vec<(String, Stored)>) -> Served {
        let script = format!("<script>\n{}</script>\n", LIVERELOAD_JS.replace("__NIANBAO_BUILD__", &build));
        let files = files.into_iter().collect();
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
        self.files.get(key).map(|f| Ok(f.bytes()))
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
    pub fn publish(&self, files: Vec<(String, Stored)>, changed: &[String]) {
        self.replace(|build| Served::new(build, files), changed);
    }

    /// Serves the last good build with `files` replaced and `deferred` files to render when
    /// asked for (an incremental rebuild), and tells every open page to reload. Unchanged
    /// files are shared, not copied.
    pub fn update(&self, files: Vec<(String, Stored)>, deferred: Arc<Deferred>, changed: &[String]) {
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

    /// Serves a new build made of `files` and `deferred` files alone (none of the last build's
    /// is kept), and tells every open page to reload.
    pub fn renew(&self, files: Vec<(String, Stored)>, deferred: Arc<Deferred>, changed: &[String]) {
        self.replace(
            |build| {
                let mut next = Served::new(build, Vec::new());
                next.files = files.into_iter().filter(|(path, _)| !deferred.contains(path)).collect();
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

    /// The link check over the build `deferred` belongs to, once every deferred file is
    /// rendered: an incremental rebuild renders only some pages before the reload, so a broken
    /// link it wrote can only be found then. Broken links are shown as problems over the pages
    /// of that build, if it is still the one served and shows none; returns them if so.
    pub fn check_links(&self, deferred: &Arc<Deferred>, changed: &[String]) -> Option<Vec<Problem>> {
        let (served, _) = self.snapshot();
        if !served.deferred.as_ref().is_some_and(|d| Arc::ptr_eq(d, deferred)) {
            return None;
        }
        let broken = deferred.broken_links(served.files.iter())?;
        if broken.is_empty() {
            return None;
        }
        let found = problems(&Error::Invalid(broken));
        {
            let mut s = self.state.write().unwrap_or_else(|e| e.into_inner());
            if !Arc::ptr_eq(&s.served, &served) || !s.errors.is_empty() {
                return None;
            }
            s.errors = Arc::new(found.clone());
        }
        let _ = self.events.send(self.message(Some("errors"), changed));
        Some(found)
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
    let bound = listener.local_addr().map_err(io)?;
    let listener = Guarded(TcpListener::from_std(listener).map_err(io)?);
    let mut stopping = live.stop.subscribe();
    let app = router(live.clone(), bound).into_make_service_with_connect_info::<Conn>();
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

/// The listener, handing out connections held to [`HEADER_TIMEOUT`].
struct Guarded(TcpListener);

impl Listener for Guarded {
    type Io = GuardedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (GuardedStream, SocketAddr) {
        loop {
            match self.0.accept().await {
                Ok((io, addr)) => {
                    let conn = Conn(Arc::new(AtomicU8::new(AWAITING)));
                    return (GuardedStream { io, conn, deadline: Box::pin(tokio::time::sleep(HEADER_TIMEOUT)) }, addr);
                }
                // A connection that failed before it was accepted: take the next.
                Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) => {}
                // Out of file handles, most likely: wait for some to close rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// Where a connection is: waiting for a request's headers (held to the deadline), handling a
/// request, or upgraded to a websocket (never held).
const AWAITING: u8 = 0;
const HANDLING: u8 = 1;
const UPGRADED: u8 = 2;

/// A connection's state, shared between its stream and the requests it carries (which see it
/// as their `ConnectInfo`).
#[derive(Clone)]
struct Conn(Arc<AtomicU8>);

impl Conn {
    fn get(&self) -> u8 {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self, state: u8) {
        // Once upgraded, always upgraded.
        let _ = self.0.fetch_update(Ordering::AcqRel, Ordering::Acquire, |s| (s != UPGRADED).then_some(state));
    }
}

impl Connected<IncomingStream<'_, Guarded>> for Conn {
    fn connect_info(stream: IncomingStream<'_, Guarded>) -> Conn {
        stream.io().conn.clone()
    }
}

/// A connection that fails its reads once it has waited [`HEADER_TIMEOUT`] for a request's
/// headers, so that hyper closes it. The wait starts on opening and again with each response
/// written (a long response keeps moving it), and stops when a request reaches the router.
struct GuardedStream {
    io: TcpStream,
    conn: Conn,
    deadline: Pin<Box<Sleep>>,
}

impl GuardedStream {
    /// After `n` bytes written: a response, so the next request's headers are awaited.
    fn wrote(&mut self, n: usize) {
        if n > 0 && self.conn.get() != UPGRADED {
            self.conn.set(AWAITING);
            self.deadline.as_mut().reset(Instant::now() + HEADER_TIMEOUT);
        }
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if this.conn.get() == AWAITING && this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no request headers within the time allowed")));
        }
        Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            this.wrote(n);
        }
        r
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r {
            this.wrote(n);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

fn router(live: Arc<Live>, bound: SocketAddr) -> Router {
    Router::new()
        .route(LIVERELOAD_PATH, get(livereload))
        .route(STATUS_PATH, get(status))
        .fallback(file)
        .with_state(live)
        .layer(middleware::from_fn_with_state(bound, own_address_only))
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

/// Refuses (403) a request for any address but the server's own, so that no other site can
/// read the preview by making its own name resolve to this machine (DNS rebinding), and a
/// live-reload socket opened by a page of another site. Marks the connection as handling a
/// request (then as upgraded, after a 101), so that [`HEADER_TIMEOUT`] does not run meanwhile.
async fn own_address_only(State(bound): State<SocketAddr>, request: Request, next: Next) -> Response {
    let conn = request.extensions().get::<ConnectInfo<Conn>>().map(|c| c.0.clone());
    if let Some(conn) = &conn {
        conn.set(HANDLING);
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).map(|h| h.to_str().unwrap_or("(unreadable)"));
    // A request without `Host` (HTTP/1.0) names no site, so it cannot be rebinding's.
    if let Some(host) = [host, request.uri().authority().map(|a| a.as_str())].into_iter().flatten().find(|h| !host_allowed(h, bound.ip())) {
        let own = if bound.ip().is_unspecified() {
            format!("http://localhost:{}/ or this machine's IP address with port {}", bound.port(), bound.port())
        } else {
            format!("http://{bound}/")
        };
        return refuse(format!(
            "nianbao serve refused a request for {host}: it answers only requests for its own address ({own}), \
             so that no other website can read the preview. Open that address, or use --bind to serve on another address.\n"
        ));
    }
    // Browsers let any page open a websocket to any address, naming the page in `Origin`;
    // clients other than browsers send none.
    if request.uri().path() == LIVERELOAD_PATH
        && let Some(origin) = headers.get(header::ORIGIN)
    {
        let origin = origin.to_str().unwrap_or("(unreadable)");
        if !host.is_some_and(|host| origin_allowed(origin, host, bound.ip())) {
            let own = host.map_or(String::new(), |h| format!(" (http://{h})"));
            return refuse(format!(
                "nianbao serve refused the live-reload socket of a page at {origin}: only the preview's own pages{own} may open it, \
                 since it sends build errors with lines of the source. Open the preview at its own address.\n"
            ));
        }
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::SWITCHING_PROTOCOLS
        && let Some(conn) = &conn
    {
        conn.set(UPGRADED);
    }
    response
}

fn refuse(body: String) -> Response {
    let mut r = (StatusCode::FORBIDDEN, body).into_response();
    set_headers(&mut r, "text/plain; charset=utf-8");
    r
}

/// Whether a `Host` header (`name[:port]`, `[v6]:port`) names this server, bound to `bound`:
/// `localhost`, a loopback IP, the bound IP, or, bound to every address, any IP (a rebinding
/// page always has a name). The port is not compared: a tunnel or a container may forward
/// another port to this one.
pub fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let Some(name) = host_name(host) else { return false };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().map(IpAddr::V4),
    };
    let Ok(ip) = ip else { return false };
    let ip = ip.to_canonical();
    ip.is_loopback() || bound.is_unspecified() || ip == bound.to_canonical()
}

/// The name of a `Host` (an IPv6 address in its brackets), if what follows it, if anything, is
/// `:` and a port.
fn host_name(host: &str) -> Option<&str> {
    let end = match host.find(']') {
        Some(end) if host.starts_with('[') => end + 1,
        _ => host.find(':').unwrap_or(host.len()),
    };
    let (name, port) = host.split_at(end);
    let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok());
    (port_ok && !name.is_empty()).then_some(name)
}

/// Whether a websocket's `Origin` is a page of the server the request was sent to: `http://`
/// and the request's own `Host`, which must name this server ([`host_allowed`]). The Host's
/// port is the one that counts: a page of another server on this machine is another origin.
pub fn origin_allowed(origin: &str, host: &str, bound: IpAddr) -> bool {
    host_allowed(host, bound) && origin.strip_prefix("http://").is_some_and(|page| page.eq_ignore_ascii_case(host))
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
            Some(page) => respond(&served, "404.html", page.bytes(), StatusCode::NOT_FOUND),
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

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn only_this_machines_own_names_are_answered() {
        for host in
            ["localhost", "localhost:1111", "LocalHost:1111", "127.0.0.1", "127.0.0.1:1111", "127.1.2.3:80", "[::1]", "[::1]:1111", "[::ffff:127.0.0.1]:1111"]
        {
            assert!(host_allowed(host, LOOPBACK), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "sub.localhost:1111",
            "192.168.1.5:1111",
            "[::2]:1111",
            "::1",
            "[::1",
            "[::1]x",
            "localhost:",
            "localhost:x",
            "localhost:+80",
            "localhost:99999",
            "127.0.0.1:1111:1",
            "2130706433",
            ":1111",
            "",
            "(unreadable)",
        ] {
            assert!(!host_allowed(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn bound_to_an_address_its_ip_is_answered_and_bound_to_every_address_any_ip() {
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        for host in ["192.168.1.5:1111", "localhost:1111", "127.0.0.1:1111"] {
            assert!(host_allowed(host, lan), "{host}");
        }
        for host in ["192.168.1.6:1111", "mybox.local:1111", "evil.example"] {
            assert!(!host_allowed(host, lan), "{host}");
        }
        for every in [IpAddr::from([0, 0, 0, 0]), "::".parse().unwrap()] {
            for host in ["192.168.1.6:1111", "10.0.0.2", "[fe80::1]:1111", "localhost:1111"] {
                assert!(host_allowed(host, every), "{host} on {every}");
            }
            // DNS rebinding always comes with a name.
            for host in ["mybox.local:1111", "evil.example", "1.2.3.4.nip.io:1111"] {
                assert!(!host_allowed(host, every), "{host} on {every}");
            }
        }
    }

    #[test]
    fn the_socket_answers_only_pages_of_the_address_it_was_opened_at() {
        for (origin, host) in [
            ("http://127.0.0.1:1111", "127.0.0.1:1111"),
            ("http://localhost:1111", "localhost:1111"),
            ("http://LOCALHOST:1111", "localhost:1111"),
            ("http://[::1]:1111", "[::1]:1111"),
            // Through a tunnel (`ssh -L 8080:127.0.0.1:1111`), the page's address is the tunnel's.
            ("http://localhost:8080", "localhost:8080"),
        ] {
            assert!(origin_allowed(origin, host, LOOPBACK), "{origin} to {host}");
        }
        for (origin, host) in [
            ("http://evil.example", "127.0.0.1:1111"),
            ("http://evil.example:1111", "evil.example:1111"),
            ("http://localhost:3000", "localhost:1111"),
            ("http://localhost:1111", "127.0.0.1:1111"),
            ("https://127.0.0.1:1111", "127.0.0.1:1111"),
            ("http://127.0.0.1:1111/", "127.0.0.1:1111"),
            ("null", "127.0.0.1:1111"),
            ("http://192.168.1.5:1111", "192.168.1.5:1111"),
        ] {
            assert!(!origin_allowed(origin, host, LOOPBACK), "{origin} to {host}");
        }
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
