//! `nianbao serve` answers only itself: requests for another host (DNS rebinding), live-reload
//! sockets opened by pages of other sites, and connections that never finish their request's
//! headers are refused or closed. The real binary on a fixture, spoken to over raw TCP so that
//! every header is as written.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Project;
use common::server::{Response, Server, Socket};
use tungstenite::client::IntoClientRequest;

/// `HEADER_TIMEOUT` of src/serve/server.rs.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How much later than its deadline a connection may be closed: generous, for loaded machines.
const MARGIN: Duration = Duration::from_secs(10);

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Reads one response: its head, then as many bytes of body as `Content-Length` says.
fn read_response(s: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    let mut byte = [0; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => raw.push(byte[0]),
            other => panic!("the connection ended in a response's head ({other:?}): {}", String::from_utf8_lossy(&raw)),
        }
    }
    let head = String::from_utf8(raw).unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let mut response = Response { status, headers, body: String::new() };
    let length = response.header("content-length").map_or(0, |n| n.parse().unwrap());
    let mut body = vec![0; length];
    s.read_exact(&mut body).unwrap();
    response.body = String::from_utf8(body).unwrap();
    response
}

/// Sends `head` (request line and headers, without the blank line that ends them) on a new
/// connection and reads the answer.
fn ask(server: &Server, head: &str) -> Response {
    let mut s = connect(server);
    write!(s, "{head}\r\n\r\n").unwrap();
    read_response(&mut s)
}

/// Waits until the server closes `s` (a read gives 0 bytes, or fails other than by timing
/// out), for at most `limit`; every `tick`, calls `poke` (which may write more of a request).
fn wait_closed(s: &mut TcpStream, limit: Duration, tick: Duration, mut poke: impl FnMut(&mut TcpStream) -> std::io::Result<()>) -> Duration {
    let start = Instant::now();
    s.set_read_timeout(Some(tick)).unwrap();
    let mut buf = [0; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                assert!(start.elapsed() < limit, "the connection is still open after {limit:?}");
                if poke(s).is_err() {
                    return start.elapsed();
                }
            }
            Err(_) => return start.elapsed(),
        }
    }
}

#[test]
fn a_request_for_another_host_is_refused_with_the_address_to_open() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let port = server.port;
    let own = format!("http://127.0.0.1:{port}/");
    for host in [format!("evil.example:{port}"), "evil.example".into(), format!("127.0.0.1.nip.io:{port}"), format!("localhost.evil.example:{port}")] {
        for path in ["/", "/zh/years/2022/", "/__nianbao/status", "/__nianbao/livereload"] {
            let r = ask(&server, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close"));
            assert_eq!(r.status, 403, "{host}{path}");
            assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
            assert!(r.body.contains(&format!("refused a request for {host}")) && r.body.contains(&own), "{}", r.body);
            assert!(r.body.contains("--bind"), "{}", r.body);
            assert!(!r.body.contains("785.6"), "nothing of the site");
        }
    }
    // Its own names, with or without the port; and HTTP/1.0 without Host.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LOCALHOST:{port}"), "localhost".into(), format!("[::1]:{port}")] {
        let r = ask(&server, &format!("GET /zh/years/2022/ HTTP/1.1\r\nHost: {host}\r\nConnection: close"));
        assert_eq!(r.status, 200, "{host}: {}", r.body);
        assert!(r.body.contains("785.6"), "{host}");
    }
    assert_eq!(ask(&server, "GET /zh/years/2022/ HTTP/1.0").status, 200);
    // The absolute form names the host too.
    let r = ask(&server, &format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close"));
    assert_eq!(r.status, 403, "{}", r.body);
}

fn upgrade(server: &Server, host: &str, origin: Option<&str>) -> Response {
    let origin = origin.map_or(String::new(), |o| format!("\r\nOrigin: {o}"));
    ask(
        server,
        &format!(
            "GET /__nianbao/livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13{origin}"
        ),
    )
}

#[test]
fn the_live_reload_socket_refuses_pages_of_other_sites() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    for origin in ["http://evil.example".to_string(), format!("http://localhost:{port}"), format!("http://127.0.0.1:{}", port.wrapping_add(1)), "null".into()] {
        let r = upgrade(&server, &host, Some(&origin));
        assert_eq!(r.status, 403, "{origin}");
        assert!(r.header("upgrade").is_none(), "{origin}: not upgraded");
        assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
        assert!(r.body.contains(&format!("live-reload socket of a page at {origin}")) && r.body.contains(&format!("http://{host}")), "{}", r.body);
    }
    // A rebinding page's own origin, at its own host: the Host is refused first.
    let r = upgrade(&server, &format!("evil.example:{port}"), Some(&format!("http://evil.example:{port}")));
    assert_eq!(r.status, 403);
    assert!(r.body.contains("refused a request for evil.example"), "{}", r.body);

    // The server's own pages, at either of its names; and clients that are not browsers.
    assert_eq!(upgrade(&server, &host, Some(&format!("http://{host}"))).status, 101);
    assert_eq!(upgrade(&server, &format!("localhost:{port}"), Some(&format!("http://localhost:{port}"))).status, 101);
    assert_eq!(upgrade(&server, &host, None).status, 101);
    let mut socket = browser_socket(&server);
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 786.6");
    assert_eq!(socket.expect("reload")["changed"][0], "content/years/2022.yaml");
}

/// The live-reload socket as a page of the server opens it, with its `Origin`; after its hello.
fn browser_socket(server: &Server) -> Socket {
    let host = format!("127.0.0.1:{}", server.port);
    let mut request = format!("ws://{host}/__nianbao/livereload").into_client_request().unwrap();
    request.headers_mut().insert("Origin", format!("http://{host}").parse().unwrap());
    let stream = connect(server);
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let (ws, _) = tungstenite::client::client(request, stream).unwrap();
    let mut socket = Socket { ws };
    let hello = socket.next(Duration::from_secs(5)).expect("a hello on connecting");
    assert_eq!(hello["type"], "hello", "{hello}");
    socket
}

#[test]
fn connections_that_do_not_finish_their_headers_are_closed() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let nothing = |_: &mut TcpStream| Ok(());
    std::thread::scope(|scope| {
        // Half a request, then nothing.
        let half = scope.spawn(|| {
            let mut s = connect(&server);
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
            wait_closed(&mut s, HEADER_TIMEOUT + MARGIN, Duration::from_secs(1), nothing)
        });
        // A header sent a byte a second: the deadline is for the whole head, not between bytes.
        let trickle = scope.spawn(|| {
            let mut s = connect(&server);
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
            wait_closed(&mut s, HEADER_TIMEOUT + MARGIN, Duration::from_secs(1), |s| s.write_all(b"a"))
        });
        // Keep-alive: a second request after a pause is served, then the idle connection closes.
        let idle = scope.spawn(|| {
            let mut s = connect(&server);
            let request = format!("GET /zh/years/2022/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port);
            s.write_all(request.as_bytes()).unwrap();
            assert_eq!(read_response(&mut s).status, 200);
            std::thread::sleep(Duration::from_secs(2));
            s.write_all(request.as_bytes()).unwrap();
            let second = read_response(&mut s);
            assert_eq!(second.status, 200);
            assert!(second.body.contains("785.6"));
            wait_closed(&mut s, HEADER_TIMEOUT + MARGIN, Duration::from_secs(1), nothing)
        });
        for (what, thread) in [("half a request", half), ("a trickled header", trickle), ("an idle keep-alive connection", idle)] {
            let closed_after = thread.join().unwrap();
            // Not closed for some other reason before its time.
            assert!(closed_after >= HEADER_TIMEOUT - Duration::from_secs(1), "{what} closed after {closed_after:?}");
        }
    });
    // The server still answers.
    assert_eq!(server.get("/zh/years/2022/").status, 200);
}

#[test]
fn the_live_reload_socket_stays_open_past_the_header_timeout() {
    let p = Project::fixture("minimal");
    let server = Server::start(&p);
    let mut socket = browser_socket(&server);
    std::thread::sleep(HEADER_TIMEOUT + Duration::from_secs(2));
    p.edit("content/years/2022.yaml", "value: 785.6", "value: 786.6");
    let reload = socket.expect("reload");
    assert_eq!(reload["changed"][0], "content/years/2022.yaml", "{reload}");
}
