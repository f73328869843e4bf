//! A template that never finishes: `build` fails naming it, the preview reports it and picks up
//! the fix, and SIGTERM stops a preview whose render is stuck. The page limit is lowered
//! through `NIANBAO_PAGE_LIMIT_MS` (a testing aid) so that no test waits the real 20 s.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Project;
use common::server::{eventually, free_port};

/// The page limit the tests run with.
const LIMIT_MS: &str = "2000";
const LIMIT: Duration = Duration::from_millis(2000);
/// Time beyond the limit for a failure to show, on a slow machine running other tests.
const MARGIN: Duration = Duration::from_secs(15);

/// A loop of 10^15 empty turns (Tera's `range` stops at 100,000 elements, so three are nested):
/// runs for days, and needs no memory.
const RUNAWAY: &str = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}";

const YEAR: &str = "themes/default/templates/year.html";

/// year.html of `p` with `insert` at the start of its main block.
fn year_with(p: &Project, insert: &str) -> String {
    let text = p.read(YEAR);
    assert!(text.contains("{% block main %}"), "{text}");
    text.replacen("{% block main %}", &format!("{{% block main %}}{insert}"), 1)
}

#[test]
fn build_fails_on_a_runaway_template_naming_it_and_keeps_the_old_output() {
    let p = Project::fixture("minimal");
    p.build();
    let before = p.snapshot("public");
    p.write(YEAR, &year_with(&p, RUNAWAY));
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(p.dir.path())
        .args(["build", "--output", "public", "--no-minify"])
        .current_dir(p.dir.path())
        .env("NIANBAO_PAGE_LIMIT_MS", LIMIT_MS)
        .output()
        .unwrap();
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build succeeded:\n{stderr}");
    assert!(took < LIMIT + MARGIN, "the build took {took:?}");
    assert!(took >= LIMIT, "failed before the limit ({took:?}):\n{stderr}");
    assert!(stderr.contains("with the template year.html ran past 2 s"), "{stderr}");
    assert!(stderr.contains("loop in the template"), "{stderr}");
    assert!(stderr.contains("years/20") && stderr.contains("/index.html"), "the page is named:\n{stderr}");
    assert!(stderr.contains(YEAR), "the template's file is named:\n{stderr}");
    assert_eq!(p.snapshot("public"), before, "the previous output changed");
    let leftovers: Vec<_> =
        std::fs::read_dir(p.dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains(".nianbao-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A `nianbao serve` with a page limit of its own, killed when dropped.
struct Preview {
    child: Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(p: &Project, limit_ms: &str) -> Preview {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("--root")
            .arg(p.dir.path())
            .args(["serve", "--port", &port.to_string()])
            .current_dir(p.dir.path())
            .env("NIANBAO_PAGE_LIMIT_MS", limit_ms)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut preview = Preview { child, port };
        eventually(Duration::from_secs(30), "the server to answer", || {
            assert!(preview.child.try_wait().unwrap().is_none(), "serve exited");
            preview.get("/__nianbao/status").filter(|(status, _)| *status == 200)
        });
        preview
    }

    /// GET `path`: the status and the body.
    fn get(&self, path: &str) -> Option<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port).ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n")?;
        Some((head.split(' ').nth(1)?.parse().ok()?, body.to_string()))
    }

    fn status(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.get("/__nianbao/status")?.1).ok()
    }

    /// Sends SIGTERM and returns how long the process took to exit (panics after `limit`).
    fn terminate(&mut self, limit: Duration) -> Duration {
        let start = Instant::now();
        assert!(Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap().success());
        eventually(limit, "serve to exit after SIGTERM", || self.child.try_wait().unwrap());
        start.elapsed()
    }

    /// The CPU time the process has used, where Linux tells it.
    fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // Clock ticks are 1/100 s on every Linux nianbao runs on.
        Some(Duration::from_millis(ticks * 10))
    }
}

#[test]
fn serve_reports_a_runaway_template_keeps_the_last_good_pages_and_picks_up_the_fix() {
    let p = Project::fixture("minimal");
    let original = p.read(YEAR);
    let mut server = Preview::start(&p, LIMIT_MS);
    let (status, good) = server.get("/zh/years/2022/").unwrap();
    assert_eq!(status, 200);
    assert!(good.contains("785.6亿元"), "{good}");

    p.write(YEAR, &year_with(&p, RUNAWAY));
    let edited = Instant::now();
    let errors = eventually(LIMIT + MARGIN, "the runaway to be reported", || server.status().filter(|s| s["ok"] == false));
    let message = errors["errors"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("with the template year.html ran past 2 s") && message.contains("loop"), "{errors}");
    assert!(edited.elapsed() >= LIMIT, "reported before the limit: {errors}");
    let (status, still) = server.get("/zh/years/2022/").unwrap();
    assert_eq!(status, 200);
    assert!(still.contains("785.6亿元"), "the last good page is served: {still}");

    // The fix is picked up, though the runaway's threads are still stuck in the template.
    p.write(YEAR, &original.replacen("{% block main %}", "{% block main %}<p>fixed-runaway</p>", 1));
    eventually(MARGIN, "the fix to be built", || server.status().filter(|s| s["ok"] == true));
    let (_, fixed) = server.get("/zh/years/2022/").unwrap();
    assert!(fixed.contains("fixed-runaway") && fixed.contains("785.6亿元"), "{fixed}");

    // And SIGTERM stops it, stuck threads and all.
    let took = server.terminate(Duration::from_secs(5));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn sigterm_stops_a_preview_whose_render_is_stuck() {
    let p = Project::fixture("minimal");
    // A limit the test never reaches: the rebuild is still waiting on the stuck page.
    let mut server = Preview::start(&p, "600000");
    let idle = server.cpu();
    p.write(YEAR, &year_with(&p, RUNAWAY));
    // The rebuild is stuck once the template has burnt a second of CPU (or, without /proc, after
    // a while).
    match idle {
        Some(idle) => {
            eventually(Duration::from_secs(20), "the runaway render to start", || server.cpu().filter(|&c| c > idle + Duration::from_secs(1)));
        }
        None => std::thread::sleep(Duration::from_secs(3)),
    }
    assert_eq!(server.status().unwrap()["ok"], true, "the rebuild is still under way");
    let took = server.terminate(Duration::from_secs(5));
    assert!(took < Duration::from_secs(5), "{took:?}");
}
