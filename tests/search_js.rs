//! The search page's script (themes/default/static/search.js) run by Node on a built site's
//! search index, without a browser (tests/browser/search.cjs): query words that name properties
//! of `Object.prototype` (`constructor`, `__proto__`, `toString`, ...) must find nothing rather
//! than throw, and ordinary queries must still find pages. Skipped, with a note, when `node` is
//! not on PATH (CI has it).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::Project;

/// What the script did for one query.
#[derive(Debug)]
struct Outcome {
    query: String,
    error: Option<String>,
    status: String,
    paths: Vec<String>,
}

/// Runs the site's search.js on its search-index.js for each query, as the `lang` search page
/// does for `?q=<query>`; `None` when there is no `node` to run it.
fn search(public: &Path, lang: &str, queries: &[&str]) -> Option<Vec<Outcome>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search.cjs");
    let out = match Command::new("node").arg(&script).arg(public).arg(lang).args(queries).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `node` is not on PATH; skipping the search.js test (CI runs it)");
            return None;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node {} failed:\n{}{stdout}", script.display(), String::from_utf8_lossy(&out.stderr));
    let outcomes: Vec<Outcome> = stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            Outcome {
                query: v["query"].as_str().unwrap().to_string(),
                error: v["error"].as_str().map(str::to_string),
                status: v["status"].as_str().unwrap().to_string(),
                paths: v["paths"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect(),
            }
        })
        .collect();
    assert_eq!(outcomes.len(), queries.len(), "one result per query:\n{stdout}");
    Some(outcomes)
}

#[test]
fn words_naming_object_prototype_properties_find_nothing_and_throw_nothing() {
    let p = Project::fixture("minimal");
    p.build();
    // `constructor` is the one that threw ("data.index[k].split is not a function"): the
    // tokenizer lower-cases the query, and it is the lower-case property of Object.prototype.
    // The others, lower-cased or cut at `_`, are looked up as well.
    let hostile = [
        "constructor gdp",
        "constructor",
        "gdp constructor",
        "__proto__",
        "__proto__ gdp",
        "toString gdp",
        "toString",
        "hasOwnProperty gdp",
        "valueOf gdp",
        "proto gdp",
    ];
    for lang in ["en", "zh"] {
        let Some(outcomes) = search(&p.path("public"), lang, &hostile) else { return };
        for o in &outcomes {
            assert!(o.error.is_none(), "search.js threw on {:?} ({lang}):\n{}", o.query, o.error.as_deref().unwrap_or_default());
            // The status line is written last: the search ran to its end.
            assert_eq!(o.status, "none found", "{:?} ({lang}): {o:?}", o.query);
            assert!(o.paths.is_empty(), "{:?} ({lang}) listed {:?}", o.query, o.paths);
        }
    }
}

#[test]
fn ordinary_queries_still_find_pages() {
    let p = Project::fixture("minimal");
    p.build();
    let Some(outcomes) = search(&p.path("public"), "en", &["gdp", "GDP", "gdp 2020", "gdp 20"]) else { return };
    for o in &outcomes {
        assert!(o.error.is_none(), "search.js threw on {:?}:\n{}", o.query, o.error.as_deref().unwrap_or_default());
        assert!(!o.paths.is_empty(), "{:?} found nothing: {o:?}", o.query);
        assert_eq!(o.status, format!("{} found", o.paths.len()), "{o:?}");
    }
    let found = |i: usize| outcomes[i].paths.iter().cloned().collect::<BTreeSet<String>>();
    let gdp = found(0);
    assert!(gdp.contains("/en/indicators/gdp/") && gdp.contains("/zh/indicators/gdp/"), "{gdp:?}");
    // Case does not matter (the order may: titles containing the query as typed come first).
    assert_eq!(found(1), gdp);
    // A word before the last is matched whole, the last as a prefix: 20 finds 2020 and more.
    assert!(found(2).is_subset(&gdp), "{outcomes:?}");
    assert!(found(2).is_subset(&found(3)), "{outcomes:?}");
}
