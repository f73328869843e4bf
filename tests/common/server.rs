//! A running `nianbao serve` on a free loopback port, spoken to over HTTP and the live-reload
//! websocket the way a browser would: for tests/serve.rs and benches/serve_reload.rs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Project;

/// How long a change may take to show: the bound.
pub const CHANGE_SHOWS_WITHIN: Duration = Duration::from_secs(2);

/// A running `nianbao serve`, killed when dropped so no server outlives its test.
pub struct Server {
    pub child: Child,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            let mut t = sink.lock().unwrap();
            t.push_str(&line);
            t.push('\n');
        }
    });
    text
}

pub fn spawn(p: &Project, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(p.dir.path())
        .args(["serve", "--port", &port.to_string()])
        .current_dir(p.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A response, read off the wire.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Polls `f` until it gives `Some`, or panics with `what` after `limit`.
pub fn eventually<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Server {
    /// Starts serving `p` and waits until it answers.
    pub fn start(p: &Project) -> Server {
        Server::start_within(p, Duration::from_secs(30))
    }

    /// Starts serving `p` and waits until it answers, for at most `limit`.
    pub fn start_within(p: &Project, limit: Duration) -> Server {
        let port = free_port();
        let mut child = spawn(p, port);
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server { child, port, stdout, stderr };
        eventually(limit, "the server to answer", || {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("serve exited with {status}:\n{}\n{}", server.stdout(), server.stderr());
            }
            server.try_get("/__nianbao/status").filter(|r| r.status == 200)
        });
        server
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn try_get(&self, path: &str) -> Option<Response> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port).ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n")?;
        let mut lines = head.lines();
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers = lines.filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_string(), v.to_string())).collect();
        Some(Response { status, headers, body: body.to_string() })
    }

    /// GET with a raw request target, sent exactly as written.
    pub fn get(&self, path: &str) -> Response {
        self.try_get(path).unwrap_or_else(|| panic!("GET {path} failed"))
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__nianbao/status").body).unwrap()
    }

    /// Opens the live-reload socket, as the injected script does, and reads its hello.
    pub fn socket(&self) -> Socket {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        let url = format!("ws://127.0.0.1:{}/__nianbao/livereload", self.port);
        let (ws, _) = tungstenite::client::client(url.as_str(), stream).unwrap();
        let mut socket = Socket { ws };
        let hello = socket.next(Duration::from_secs(5)).expect("a hello on connecting");
        assert_eq!(hello["type"], "hello", "{hello}");
        socket
    }
}

pub struct Socket {
    pub ws: tungstenite::WebSocket<TcpStream>,
}

impl Socket {
    /// The next message, parsed, if one comes within `limit`.
    pub fn next(&mut self, limit: Duration) -> Option<serde_json::Value> {
        let start = Instant::now();
        while start.elapsed() < limit {
            match self.ws.read() {
                Ok(tungstenite::Message::Text(t)) => return Some(serde_json::from_str(t.as_str()).unwrap()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e)) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("websocket: {e}"),
            }
        }
        None
    }

    /// Waits for a message of `kind` (`reload` or `errors`), skipping others.
    pub fn expect(&mut self, kind: &str) -> serde_json::Value {
        let start = Instant::now();
        while start.elapsed() < CHANGE_SHOWS_WITHIN {
            if let Some(m) = self.next(CHANGE_SHOWS_WITHIN.saturating_sub(start.elapsed()))
                && m["type"] == kind
            {
                return m;
            }
        }
        panic!("no `{kind}` message within {CHANGE_SHOWS_WITHIN:?}");
    }
}
