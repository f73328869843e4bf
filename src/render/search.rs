//! The search index, written at build time: Chinese text as overlapping character pairs
//! (bigrams), Latin text as lower-cased words. A query is cut the same way (`search.js` in the
//! theme mirrors [`tokens`]), so 老旧小区 finds every page containing it as a substring, which
//! word-based indexes (Pagefind's segmentation among them) miss for Chinese.
//!
//! The index is a script assigning a global, not JSON fetched at run time, so search works from
//! `file://` as well as from any static host.

use std::collections::{BTreeMap, BTreeSet};

use super::html::decode;
use crate::routes::{self, OutFile};

/// A page as the index knows it: its address, title and the tokens of its text.
pub struct Doc {
    /// The site path (`zh/years/2020/`).
    pub path: String,
    pub lang: &'static str,
    pub title: String,
    /// The tokens of the title and the visible text of the page's main content.
    pub tokens: BTreeSet<String>,
}

impl Doc {
    /// Cuts a rendered page, and the fragments held out of it while it is minified (charts),
    /// into tokens; its text is not kept.
    pub fn of_page(file: &OutFile, held: &[String], lang: &'static str) -> Doc {
        let (title, text) = page_text(&String::from_utf8_lossy(&file.bytes));
        let mut tokens = tokens(&text);
        tokens.extend(self::tokens(&title));
        for part in held {
            tokens.extend(self::tokens(&page_text(part).1));
        }
        Doc { path: routes::dir_of(&file.path).to_string(), lang, title, tokens }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The tokens of `text`: bigrams of each run of Chinese characters (the character itself for a
/// run of one) and lower-cased words of letters and digits.
pub fn tokens(text: &str) -> BTreeSet<String> {
    // A long page repeats the same few thousand tokens: look each up before allocating it.
    fn add(out: &mut BTreeSet<String>, token: &str) {
        if !out.contains(token) {
            out.insert(token.to_string());
        }
    }
    let mut out = BTreeSet::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut pair = String::new();
    let mut flush_cjk = |run: &mut Vec<char>, out: &mut BTreeSet<String>| {
        match run.len() {
            0 => {}
            1 => add(out, run[0].encode_utf8(&mut [0; 4])),
            _ => {
                for two in run.windows(2) {
                    pair.clear();
                    pair.extend(two);
                    add(out, &pair);
                }
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                add(&mut out, &word);
                word.clear();
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_cjk(&mut cjk, &mut out);
            if !word.is_empty() {
                add(&mut out, &word);
                word.clear();
            }
        }
    }
    flush_cjk(&mut cjk, &mut out);
    if !word.is_empty() {
        add(&mut out, &word);
    }
    out
}

/// Writes `search-index.js` for `docs`.
pub fn index<'d>(docs: impl Iterator<Item = &'d Doc>) -> OutFile {
    // In path order: the same pages give the same index, however they were rendered.
    let mut docs: Vec<&Doc> = docs.collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for t in &d.tokens {
            postings.entry(t.as_str()).or_default().push(i);
        }
    }
    let docs_json: Vec<[&str; 3]> = docs.iter().map(|d| [d.path.as_str(), d.title.as_str(), d.lang]).collect();
    // Postings as comma-separated base-36 numbers: a third of the size of JSON arrays.
    let index: BTreeMap<&str, String> = postings.iter().map(|(t, ids)| (*t, ids.iter().map(|&i| base36(i)).collect::<Vec<_>>().join(","))).collect();
    let body = format!(
        "window.NIANBAO_SEARCH={{\"docs\":{},\"index\":{}}};\n",
        serde_json::to_string(&docs_json).unwrap_or_default(),
        serde_json::to_string(&index).unwrap_or_default()
    );
    OutFile { path: routes::SEARCH_INDEX.into(), bytes: body.into_bytes() }
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
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
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        match rest[open..].find('>') {
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
            assert!(t.contains(want) || want == "区", "{want} missing from {t:?}");
        }
        assert!(tokens("德").contains("德"));
    }

    #[test]
    fn the_index_is_a_script_with_docs_and_postings() {
        let page = OutFile { path: "zh/a/index.html".into(), bytes: "<title>老旧小区</title><main>德化街</main>".into() };
        let docs = [Doc::of_page(&page, &[], "zh")];
        let out = String::from_utf8(index(docs.iter()).bytes).unwrap();
        assert!(out.starts_with("window.NIANBAO_SEARCH="));
        assert!(out.contains("\"老旧\":\"0\"") && out.contains("\"德化\":\"0\""), "{out}");
        assert_eq!(base36(71), "1z");
    }
}
