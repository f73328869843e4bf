//! The search page's script (themes/default/static/search.js) run by Node on a built site's
//! search index, without a browser (tests/browser/search.cjs): query words that name properties
//! of `Object.prototype` (`constructor`, `__proto__`, `toString`, ...) must find nothing rather
//! than throw, ordinary queries must still find pages (a word of three letters or more also
//! finds the longer words it begins), and on a large site a query loads a small part of the
//! index. Skipped, with a note, when `node` is not on PATH (CI has it).

mod common;

use std::collections::{BTreeMap, BTreeSet};
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
    titles: Vec<String>,
    /// The index files the query loaded (`/search/en/meta.js`, ...), and their bytes.
    loaded: Vec<String>,
    bytes: u64,
}

/// Runs the site's search.js on its search index for each query, as the `lang` search page
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
                titles: v["titles"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect(),
                loaded: v["loaded"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect(),
                bytes: v["bytes"].as_u64().unwrap(),
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
    // `constructor` is the one that threw (when the index was one object): the tokenizer
    // lower-cases the query, and it is the lower-case property of Object.prototype.
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
fn ordinary_queries_still_find_pages_of_the_search_pages_language() {
    let p = Project::fixture("minimal");
    p.build();
    let queries = ["gdp", "GDP", "gdp 2020", "gd", "compo", "compounds", "renov", "renovated", "compoundsx"];
    let Some(outcomes) = search(&p.path("public"), "en", &queries) else { return };
    for o in &outcomes[..3] {
        assert!(o.error.is_none(), "search.js threw on {:?}:\n{}", o.query, o.error.as_deref().unwrap_or_default());
        assert!(!o.paths.is_empty(), "{:?} found nothing: {o:?}", o.query);
        assert_eq!(o.status, format!("{} found", o.paths.len()), "{o:?}");
        assert!(o.paths.iter().all(|p| p.starts_with("/en/")), "English pages only: {o:?}");
    }
    let found = |i: usize| outcomes[i].paths.iter().cloned().collect::<BTreeSet<String>>();
    let gdp = found(0);
    assert!(gdp.contains("/en/indicators/gdp/"), "{gdp:?}");
    // Pages whose title holds the query first, then the others; each group in path order.
    let o = &outcomes[0];
    let in_title: Vec<bool> = o.titles.iter().map(|t| t.to_lowercase().contains("gdp")).collect();
    let first_other = in_title.iter().position(|&t| !t).unwrap_or(in_title.len());
    assert!(first_other > 0 && first_other < in_title.len(), "both kinds of hit: {o:?}");
    assert!(in_title[first_other..].iter().all(|&t| !t), "a title match after the others: {o:?}");
    assert!(o.paths[..first_other].is_sorted() && o.paths[first_other..].is_sorted(), "{o:?}");
    // Case does not matter.
    assert_eq!(found(1), gdp);
    assert!(found(2).is_subset(&gdp), "{outcomes:?}");
    // A word of one or two letters is matched whole: its prefix is no shard's key.
    assert_eq!(outcomes[3].status, "none found", "{outcomes:?}");
    // A word of three letters or more also finds the longer words it begins: "compo" finds
    // every page "compounds" finds, "renov" every page "renovated" finds; a word that begins
    // no token finds nothing.
    let (compo, compounds, renov, renovated) = (found(4), found(5), found(6), found(7));
    assert!(!compounds.is_empty() && compounds.is_subset(&compo), "{outcomes:?}");
    assert!(!renovated.is_empty() && renovated.is_subset(&renov), "{outcomes:?}");
    assert_eq!(outcomes[8].status, "none found", "{outcomes:?}");
    // A small site's index is one shard: the query loaded it, after meta.js, then its titles.
    assert_eq!(outcomes[0].loaded, ["/search/en/meta.js", "/search/en/t0.js", "/search/en/p0.js"]);

    let Some(zh) = search(&p.path("public"), "zh", &["gdp"]) else { return };
    assert!(zh[0].paths.contains(&"/zh/indicators/gdp/".to_string()) && zh[0].paths.iter().all(|p| p.starts_with("/zh/")), "{zh:?}");
}

/// The files of one language's search index in a built site, by name (`meta.js`, `t0.js`).
fn index_files(public: &Path, lang: &str) -> BTreeMap<String, u64> {
    std::fs::read_dir(public.join("search").join(lang))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().len()))
        .collect()
}

#[test]
fn on_a_large_site_the_index_is_sharded_and_a_query_loads_a_small_part_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    nianbao::synth::write_project(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site, 300).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("--root").arg(&site).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = site.join("public");
    for (lang, queries) in [("zh", ["10100年", "指标3", "板块"]), ("en", ["10100", "indicator 3", "board"])] {
        let files = index_files(&public, lang);
        let meta = std::fs::read_to_string(public.join(format!("search/{lang}/meta.js"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(meta.split_once(',').unwrap().1.trim_end_matches(");\n")).unwrap();
        let (shards, pages) = (v["shards"].as_u64().unwrap(), v["pages"].as_u64().unwrap());
        assert!(shards > 1 && shards.is_power_of_two(), "{meta}");
        assert_eq!(v["chunk"], 500);
        let names: BTreeSet<String> = files.keys().cloned().collect();
        let want: BTreeSet<String> =
            (0..shards).map(|s| format!("t{s}.js")).chain((0..pages.div_ceil(500)).map(|k| format!("p{k}.js"))).chain(["meta.js".to_string()]).collect();
        assert_eq!(names, want, "{meta}");
        let shard_bytes: Vec<u64> = (0..shards).map(|s| files[&format!("t{s}.js")]).collect();
        // The shard count keeps the average at most 64 KB; hashing keeps each near it.
        assert!(shard_bytes.iter().sum::<u64>() / shards <= 64 * 1024 + 100, "{shard_bytes:?}");
        assert!(shard_bytes.iter().all(|&b| b <= 96 * 1024), "{shard_bytes:?}");
        let total: u64 = files.values().sum();
        let Some(outcomes) = search(&public, lang, &queries) else { return };
        for o in &outcomes {
            assert!(o.error.is_none() && !o.paths.is_empty(), "{o:?}");
            // meta.js, a shard for each of the query's (two at most) tokens, and titles.
            let loaded_shards = o.loaded.iter().filter(|f| f.contains("/t")).count() as u64;
            assert!(loaded_shards <= 2 && loaded_shards * 4 <= shards, "{o:?}");
            assert!(o.bytes * 2 < total, "{:?} loaded {} of {total} bytes: {:?}", o.query, o.bytes, o.loaded);
        }
    }
}
