//! The search index, written at build time: Chinese text as overlapping character pairs
//! (bigrams), Latin text as lower-cased words. A query is cut the same way (`search.js` in the
//! theme mirrors [`tokens`]), so 老旧小区 finds every page containing it as a substring, which
//! word-based indexes (Pagefind's segmentation among them) miss for Chinese.
//!
//! The index is split so that a query on a site of 10,000 years downloads a small part of it,
//! not the whole index (tens of MB). Each language has its own folder, `search/<lang>/`:
//!
//! - `meta.js`: `nbSearch.meta("zh",{"shards":S,"chunk":500,"pages":N});`
//! - `p<k>.js`, the page chunks: `nbSearch.pages("zh",k,[[path,title],...]);`. Pages are
//!   numbered in path order; page `id` is entry `id % 500` of chunk `id / 500`.
//! - `t<s>.js`, the token shards: `nbSearch.tokens("zh",s,{"token":[d0,d1,...],...});`, each
//!   token's page ids ascending, the first absolute and the rest differences, tokens sorted. A
//!   token is in shard `fnv1a32(first three characters of the token) % S` ([`shard`]), so that
//!   words beginning alike share a shard. S is the smallest power of two that leaves each shard
//!   at most [`SHARD_BYTES`] of postings on average; the posting bytes are the lengths of the
//!   `"token":[...]` entries as written, without the commas between them.
//!
//! `search.js` loads `meta.js`, then the shards of the query's tokens, then the chunks holding
//! the first results shown. A query word of [`PREFIX`] characters or more also finds the longer
//! words it begins ("school" finds "schools", "renov" finds "renovated"), all in the one shard
//! of its first three characters, so that a reader typing need not finish the word; shorter
//! words and Chinese pairs match whole (a single character inside pairs would need every
//! shard). Results are listed in page (path) order, so the chunks needed are known before any
//! title is read.
//!
//! Every file is a script calling a global, not JSON fetched at run time, so search works from
//! `file://` as well as from any static host.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use super::html::decode;
use crate::lang::Lang;
use crate::routes::{self, OutFile};

/// A page as the index knows it: its address, title and the tokens of its text.
pub struct Doc {
    /// The site path (`zh/years/2020/`).
    pub path: String,
    pub lang: &'static str,
    pub title: String,
    /// The tokens of the title and the visible text of the page's main content, sorted, each
    /// once.
    pub tokens: Vec<String>,
}

impl Doc {
    /// Cuts a rendered page into tokens; its text is not kept.
    pub fn of_page(file: &OutFile, lang: &'static str) -> Doc {
        let (title, mut text) = page_text(&super::html::utf8(&file.bytes));
        // The title's tokens with the text's, in one pass (a space ends every token).
        text.push(' ');
        text.push_str(&title);
        Doc { path: routes::dir_of(&file.path).to_string(), lang, title, tokens: tokens(&text) }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The tokens of `text`: bigrams of each run of Chinese characters (the character itself for a
/// run of one) and lower-cased words of letters and digits; sorted, each once.
pub fn tokens(text: &str) -> Vec<String> {
    // A long page repeats the same few thousand tokens: each is kept as a slice of `text` (a
    // word is lower-cased only when it has to be) and copied once, at the end.
    // Sets of one page's tokens: nothing outside the build chooses them, so a fast hasher.
    fn word<'t>(w: &'t str, found: &mut FxHashSet<&'t str>, lowered: &mut FxHashSet<String>) {
        if w.is_ascii() {
            // Most words: digits and English, lower-cased byte by byte.
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                lowered.insert(w.to_ascii_lowercase());
            } else {
                found.insert(w);
            }
        } else if w.chars().all(|c| c.to_lowercase().eq(std::iter::once(c))) {
            found.insert(w);
        } else {
            lowered.insert(w.chars().flat_map(char::to_lowercase).collect());
        }
    }
    let mut found: FxHashSet<&str> = FxHashSet::default();
    let mut lowered: FxHashSet<String> = FxHashSet::default();
    // The current run of Chinese characters: where it starts, and where its last character does.
    let mut run: Option<(usize, usize)> = None;
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(w) = word_start.take() {
                word(&text[w..i], &mut found, &mut lowered);
            }
            let end = i + c.len_utf8();
            run = Some(match run {
                // A bigram of this character and the one before.
                Some((start, last)) => {
                    found.insert(&text[last..end]);
                    (start, i)
                }
                None => (i, i),
            });
            continue;
        }
        if let Some((start, last)) = run.take()
            && start == last
        {
            // A run of one character is its own token.
            found.insert(&text[start..i]);
        }
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else if let Some(w) = word_start.take() {
            word(&text[w..i], &mut found, &mut lowered);
        }
    }
    if let Some((start, last)) = run
        && start == last
    {
        found.insert(&text[start..]);
    }
    if let Some(w) = word_start {
        word(&text[w..], &mut found, &mut lowered);
    }
    let mut tokens: Vec<String> = found.into_iter().map(str::to_string).chain(lowered).collect();
    // (A word lower-cased may equal one found as written.)
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// Pages per page chunk (`p<k>.js`).
pub const CHUNK: usize = 500;

/// The most posting bytes a token shard holds on average: the shard count is the smallest power
/// of two that brings the average down to this.
pub const SHARD_BYTES: usize = 64 * 1024;

/// Writes the search index of `docs`: for each language, `meta.js`, the page chunks and the
/// token shards (see the module documentation).
pub fn index<'d>(docs: impl Iterator<Item = &'d Doc>) -> Vec<OutFile> {
    use rayon::prelude::*;
    let docs: Vec<&Doc> = docs.collect();
    // The languages' indexes are independent: one per core.
    Lang::ALL.par_iter().flat_map_iter(|&lang| language(lang, docs.iter().copied().filter(|d| d.lang == lang.code()).collect())).collect()
}

/// The index files of one language's pages.
fn language(lang: Lang, mut docs: Vec<&Doc>) -> Vec<OutFile> {
    // In path order: the same pages give the same index, however they were rendered.
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let code = lang.code();
    let script = |path: String, call: &str, args: String| OutFile { path, bytes: format!("nbSearch.{call}(\"{code}\",{args});\n").into_bytes() };
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for t in &d.tokens {
            postings.entry(t.as_str()).or_default().push(i);
        }
    }
    // Each token's entry as its shard writes it, `"token":[d0,d1,...]`: ids ascending (they
    // were pushed in page order), the first absolute and the rest differences.
    let entries: Vec<(&str, String)> = postings
        .iter()
        .map(|(t, ids)| {
            let deltas: Vec<usize> = ids.iter().scan(0, |prev, &id| Some(id - std::mem::replace(prev, id))).collect();
            (*t, format!("{}:{}", json(t), json(&deltas)))
        })
        .collect();
    let shards = shard_count(entries.iter().map(|(_, e)| e.len()).sum());
    let mut objects = vec![Vec::new(); shards];
    for (t, entry) in &entries {
        objects[shard(t, shards)].push(entry.as_str());
    }
    let mut out = vec![script(routes::search_meta(lang), "meta", format!("{{\"shards\":{shards},\"chunk\":{CHUNK},\"pages\":{}}}", docs.len()))];
    for (k, chunk) in docs.chunks(CHUNK).enumerate() {
        let pages: Vec<[&str; 2]> = chunk.iter().map(|d| [d.path.as_str(), d.title.as_str()]).collect();
        out.push(script(routes::search_pages(lang, k), "pages", format!("{k},{}", json(&pages))));
    }
    // The entries joined in token order are what serde_json writes for the shard's map.
    for (s, entries) in objects.iter().enumerate() {
        out.push(script(routes::search_tokens(lang, s), "tokens", format!("{s},{{{}}}", entries.join(","))));
    }
    out
}

fn json(value: &(impl serde::Serialize + ?Sized)) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The number of token shards for `bytes` of postings: the smallest power of two that leaves
/// at most [`SHARD_BYTES`] to each on average.
pub fn shard_count(bytes: usize) -> usize {
    bytes.div_ceil(SHARD_BYTES).max(1).next_power_of_two()
}

/// How many characters of a token choose its shard, and how long a query word must be to find
/// the longer words it begins.
pub const PREFIX: usize = 3;

/// The shard of `token` among `shards`: FNV-1a (32 bits) of the UTF-8 bytes of its first
/// [`PREFIX`] characters (all of a shorter token), modulo the count. `search.js` computes the
/// same.
pub fn shard(token: &str, shards: usize) -> usize {
    let key = token.char_indices().nth(PREFIX).map_or(token, |(i, _)| &token[..i]);
    let hash = key.bytes().fold(2_166_136_261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619));
    hash as usize % shards
}

/// The visible text of a rendered page's `<main>`, and its `<title>`.
pub fn page_text(html: &str) -> (String, String) {
    let title = html.split_once("<title>").and_then(|(_, r)| r.split_once("</title>")).map_or("", |(t, _)| t);
    let title = title.split(" · ").next().unwrap_or(title);
    let main = match (html.find("<main"), html.rfind("</main>")) {
        (Some(a), Some(b)) if a < b => &html[a..b],
        _ => html,
    };
    // The text between tags, each tag read as a space (copied a run at a time).
    let mut text = String::with_capacity(main.len() / 2);
    let mut rest = main;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        text.push_str(&rest[..open]);
        match memchr::memchr(b'>', &rest.as_bytes()[open..]) {
            Some(close) => {
                text.push(' ');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    (decode(title).into_owned(), decode(&text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_bigrams_and_latin_words() {
        let t = tokens("改造老旧小区357个, Old Compounds");
        for want in ["改造", "老旧", "旧小", "小区", "区", "357", "old", "compounds"] {
            assert!(t.iter().any(|t| t == want) || want == "区", "{want} missing from {t:?}");
        }
        assert_eq!(tokens("德"), ["德"]);
        assert_eq!(tokens("Old old OLD"), ["old"], "a word lower-cased is the word as found");
    }

    fn doc(path: String, lang: &'static str, text: &str) -> Doc {
        Doc { title: format!("title of {path}"), path, lang, tokens: tokens(text) }
    }

    #[test]
    fn the_index_is_scripts_per_language_with_pages_and_delta_encoded_postings() {
        let page = OutFile { path: "zh/a/index.html".into(), bytes: "<title>老旧小区</title><main>德化街</main>".into() };
        let docs = [Doc::of_page(&page, "zh"), doc("zh/b/".into(), "zh", "德化 a"), doc("zh/c/".into(), "zh", "a"), doc("en/c/".into(), "en", "a")];
        let files: BTreeMap<String, String> = index(docs.iter()).into_iter().map(|f| (f.path, String::from_utf8(f.bytes).unwrap())).collect();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["search/en/meta.js", "search/en/p0.js", "search/en/t0.js", "search/zh/meta.js", "search/zh/p0.js", "search/zh/t0.js"]);
        assert_eq!(files["search/zh/meta.js"], "nbSearch.meta(\"zh\",{\"shards\":1,\"chunk\":500,\"pages\":3});\n");
        assert_eq!(
            files["search/zh/p0.js"],
            "nbSearch.pages(\"zh\",0,[[\"zh/a/\",\"老旧小区\"],[\"zh/b/\",\"title of zh/b/\"],[\"zh/c/\",\"title of zh/c/\"]]);\n"
        );
        let zh = &files["search/zh/t0.js"];
        assert!(zh.starts_with("nbSearch.tokens(\"zh\",0,{\"a\":[1,1],"), "{zh}");
        assert!(zh.contains("\"德化\":[0,1]") && zh.contains("\"老旧\":[0]"), "{zh}");
        assert_eq!(files["search/en/t0.js"], "nbSearch.tokens(\"en\",0,{\"a\":[0]});\n");
    }

    #[test]
    fn shards_follow_fnv1a_and_powers_of_two() {
        // FNV-1a test vectors.
        assert_eq!(shard("", usize::MAX), 0x811c9dc5);
        assert_eq!(shard("a", usize::MAX), 0xe40c292c);
        assert_eq!(shard("foo", usize::MAX), 0xa9f37ed7);
        // Words beginning alike share a shard: the first three characters choose it.
        assert_eq!(shard("foobar", usize::MAX), 0xa9f37ed7);
        assert_eq!(shard("schools", usize::MAX), shard("sch", usize::MAX));
        assert_ne!(shard("sc", usize::MAX), shard("sch", usize::MAX));
        // Characters, not bytes: `é` is two bytes.
        assert_eq!(shard("réseau", usize::MAX), shard("rés", usize::MAX));
        assert_ne!(shard("réseau", usize::MAX), shard("ré", usize::MAX));
        assert_eq!([0, 1, SHARD_BYTES, SHARD_BYTES + 1, 5 * SHARD_BYTES].map(shard_count), [1, 1, 1, 2, 8]);
    }

    #[test]
    fn a_large_site_splits_into_shards_of_about_64_kb_and_a_query_loads_few() {
        // 12,000 pages of 40 words each, drawn from 20,000 words, and three in every page. The
        // words are letters, the first varying fastest, so that their first three characters
        // (which choose the shard) are as varied as a language's.
        fn name(mut n: u64) -> String {
            let mut w = String::new();
            for _ in 0..4 {
                w.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            w
        }
        let mut next = 7u64;
        let mut word = move || {
            next = next.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            name((next >> 33) % 20_000)
        };
        let docs: Vec<Doc> = (0..12_000)
            .map(|i| doc(format!("en/p{i:05}/"), "en", &format!("the year 2020 {}", (0..40).map(|_| word()).collect::<Vec<_>>().join(" "))))
            .collect();
        let files = index(docs.iter());
        let meta = files.iter().find(|f| f.path == "search/en/meta.js").unwrap();
        let shards: Vec<&OutFile> = files.iter().filter(|f| f.path.starts_with("search/en/t")).collect();
        let chunks: Vec<&OutFile> = files.iter().filter(|f| f.path.starts_with("search/en/p")).collect();
        assert!(shards.len() > 1 && shards.len().is_power_of_two(), "{} shards", shards.len());
        assert_eq!(String::from_utf8_lossy(&meta.bytes), format!("nbSearch.meta(\"en\",{{\"shards\":{},\"chunk\":500,\"pages\":12000}});\n", shards.len()));
        assert_eq!(chunks.len(), 24);
        let total: usize = files.iter().filter(|f| f.path.starts_with("search/en/")).map(|f| f.bytes.len()).sum();
        let largest = shards.iter().map(|f| f.bytes.len()).max().unwrap();
        // At most 64 KB on average; the hash spreads tokens evenly enough that none is far over.
        assert!(largest <= SHARD_BYTES * 3 / 2, "largest shard {largest} bytes");
        // A two-word query loads meta.js, two shards and the first chunk of titles.
        let query =
            meta.bytes.len() + ["the", name(42).as_str()].map(|t| shards[shard(t, shards.len())].bytes.len()).iter().sum::<usize>() + chunks[0].bytes.len();
        assert!(query * 10 < total, "{query} of {total} bytes");
    }
}
