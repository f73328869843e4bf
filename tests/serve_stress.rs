//! `nianbao serve` under stress: 1,000 edits in quick succession, a fifth of them invalid,
//! while clients keep requesting pages. The server must never die, never serve a partial page,
//! and end serving the final state. Prints the request rate and errors seen (figures, not
//! assertions on speed).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::server::{Server, eventually};
use common::{Project, text};

#[test]
fn a_thousand_edits_while_clients_poll() {
    let p = Project::fixture("minimal");
    let server = Arc::new(Server::start(&p));
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let bad = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let pollers: Vec<_> = ["/zh/years/2022/", "/en/years/2022/"]
        .into_iter()
        .map(|path| {
            let (server, stop, requests, bad) = (server.clone(), stop.clone(), requests.clone(), bad.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match server.try_get(path) {
                        Some(r) if r.status == 200 && r.body.trim_end().ends_with("</html>") && r.body.contains("<main") => {}
                        Some(r) => bad.lock().unwrap().push(format!("{path}: status {} with {} bytes", r.status, r.body.len())),
                        None => bad.lock().unwrap().push(format!("{path}: no response")),
                    }
                    requests.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    let good = p.read("content/years/2022.yaml");
    let start = Instant::now();
    for i in 0..1000 {
        let text = if i % 5 == 4 {
            // An editor's slip: an unclosed list.
            good.replace("value: 785.6", "value: [785.6")
        } else {
            good.replace("value: 785.6", &format!("value: {}.5", 700 + i))
        };
        std::fs::write(p.path("content/years/2022.yaml"), text).unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    let editing = start.elapsed();
    std::fs::write(p.path("content/years/2022.yaml"), good.replace("value: 785.6", "value: 1999.5")).unwrap();
    let settled = eventually(Duration::from_secs(10), "the final state", || server.try_get("/zh/years/2022/").filter(|r| text(&r.body).contains("1999.5亿元")));
    let polled = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    for t in pollers {
        t.join().unwrap();
    }
    let server = Arc::try_unwrap(server).ok().expect("pollers are done");
    assert_eq!(settled.status, 200);
    let status = server.status();
    assert_eq!(status["ok"], true, "errors remain: {status}");
    assert_eq!(status["errors"].as_array().map(Vec::len), Some(0), "{status}");
    let n = requests.load(Ordering::Relaxed);
    let bad = bad.lock().unwrap();
    eprintln!(
        "serve stress: 1,000 edits (200 invalid) in {:.1} s; {n} requests in {:.1} s ({:.0} requests/s) from 2 clients; {} bad responses; {} rebuild lines",
        editing.as_secs_f64(),
        polled.as_secs_f64(),
        n as f64 / polled.as_secs_f64(),
        bad.len(),
        server.stdout().matches("rebuilt in").count()
    );
    assert!(bad.is_empty(), "{} bad responses, e.g. {:?}", bad.len(), &bad[..bad.len().min(5)]);
    assert!(n > 100, "only {n} requests were answered");
}
