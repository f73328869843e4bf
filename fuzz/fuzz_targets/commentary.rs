//! Any bytes as a commentary file, through the whole path a page's text takes: decoded as
//! nianbao reads a file (UTF-8, byte-order mark, line endings, control characters), split into
//! front matter and body, checked (a body, citations that can stand, the nesting limit), its
//! citations found and resolved against the fixture site; then, only when the checks pass, as a
//! build requires, rendered as `render::commentary_view` renders it (each citation a placeholder
//! and an insert, glossary terms linked), with raw HTML refused and allowed, and put through the
//! template minifier inside a page (as a theme's template holding it would be). Each stage's promises are asserted, not only the absence of a panic.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nianbao::lang::Lang;
use nianbao::load::{decode, parse_commentary};
use nianbao::model::cite;
use nianbao::render::markdown::{TermLink, escape, placeholder, render};
use nianbao::theme::minify;
use nianbao::section::Section;
use nianbao::validate::commentary::{MAX_NESTING, checked_commentary};

#[path = "fixture.rs"]
mod fixture;
use fixture::{SITE, check_diagnostic, check_line};

const PATH: &str = "content/years/2020.en.md";
/// What stands for a cited figure: trusted HTML, as nianbao makes it.
const INSERT: &str = "<a class=\"fig\" href=\"#\">1</a>";
/// The private-use characters of `markdown::placeholder`.
const MARKERS: [char; 2] = ['\u{E000}', '\u{E001}'];

/// The elements pulldown-cmark writes with the options of commentary (`cite::MARKDOWN`:
/// tables, footnotes, heading attributes, strikethrough), and the attributes it gives them.
const TAGS: &str = "a blockquote br code del div em h1 h2 h3 h4 h5 h6 hr img li ol p pre strong sup table tbody td th thead tr ul";
const ATTRS: &str = "href title src alt class id start style";
/// The minimal page around the rendered commentary, given to the template minifier.
const PAGE_TAGS: &str = "html head meta title body main";
const PAGE_ATTRS: &str = "lang charset";

fuzz_target!(|data: &[u8]| {
    let path = Path::new(PATH);

    // Decoding: text without carriage returns or control characters, or a diagnostic.
    let text = match decode(path, data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            let read = match std::str::from_utf8(data) {
                Ok(s) => s.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n"),
                Err(_) => String::from_utf8_lossy(data).into_owned(),
            };
            check_line(&d, &read);
            return;
        }
    };
    assert!(!text.contains('\r'), "a carriage return survived decoding");
    assert!(nianbao::load::control_character(&text).is_none(), "a control character survived decoding");

    // Front matter and body: the body is the end of the file, and starts at `body_line`.
    let raw = match parse_commentary(Section::Years, "2020", Lang::En, path, text.clone()) {
        Ok(raw) => raw,
        Err(d) => {
            check_diagnostic(&d, &text);
            return;
        }
    };
    assert_eq!(raw.file.text, text);
    assert!(text.ends_with(&raw.body), "the body is not the end of the file");
    let before_body = &text[..text.len() - raw.body.len()];
    let body_on_its_line = before_body.is_empty() || before_body.ends_with('\n');
    if body_on_its_line {
        assert_eq!(raw.body_line, before_body.matches('\n').count() + 1, "body_line is not the line the body starts on");
    }

    // The commentary's own checks; every message points into the file.
    let mut diags = Vec::new();
    let c = checked_commentary(&raw, &mut diags);
    for d in &diags {
        check_diagnostic(d, &text);
    }
    assert_eq!(c.markdown, raw.body);
    assert_eq!(c.body_line, raw.body_line);

    // Citations and mistakes: where they say, as written, in order and apart.
    let cites = cite::find(&raw.body);
    // The summary may cite too (its citations are checked where they stand, in the front matter).
    let summary_cites = c.summary.as_deref().is_some_and(|s| !cite::find(s).is_empty());
    assert_eq!(c.cites, !cites.is_empty() || summary_cites);
    let mut last_end = 0;
    for found in &cites {
        assert!(found.start >= last_end, "citations overlap or are out of order: {cites:?}");
        last_end = found.end;
        let written = &raw.body[found.start..found.end];
        assert!(written.starts_with("[[") && written.ends_with("]]") && written.len() >= 4, "{written:?}");
        // One fact, or two with ` - ` or ` / ` between them (a derived number): each side
        // an indicator with an optional period and status, as written.
        let inner = &written[2..written.len() - 2];
        let sides = match &found.derived {
            None => vec![(inner, found)],
            Some((_, other)) => {
                let (left, right) = inner.split_once(" - ").or_else(|| inner.split_once(" / ")).expect("a derived citation without its sign");
                vec![(left, found), (right, &**other)]
            }
        };
        for (side, said) in sides {
            let words: Vec<&str> = side.split_whitespace().collect();
            assert!((1..=3).contains(&words.len()), "{written:?}");
            assert_eq!(said.indicator, words[0]);
            assert_eq!(said.period.as_deref(), words.get(1).copied());
            assert_eq!(said.status.as_deref(), words.get(2).copied());
        }
        assert_eq!((found.line, found.column), position(&raw.body, found.start), "{written:?}");
        if body_on_its_line {
            assert!(in_file(&text, raw.body_line + found.line - 1, found.column).starts_with(written), "a citation's file position misses it");
        }
        let _ = cite::resolve(&SITE, found);
        let _ = cite::derive(&SITE, found);
    }
    for m in cite::mistakes(&raw.body) {
        assert!(m.line >= 1 && m.column >= 1);
        if body_on_its_line {
            assert!(in_file(&text, raw.body_line + m.line - 1, m.column).starts_with("[["), "a mistake's file position misses it: {m:?}");
        }
    }
    // The preview's fast path: the fixture's 2020 commentary revised with this file, its
    // citations resolved against the fixture's facts.
    if let Err(more) = nianbao::validate::revise_commentary(&SITE, &raw) {
        for d in &more {
            check_diagnostic(d, &text);
        }
    }
    if !diags.is_empty() {
        return;
    }

    // A commentary that passes its checks nests no deeper than the limit.
    let depth = nesting(&raw.body);
    assert!(depth <= MAX_NESTING, "the checks passed Markdown nested {depth} deep (the limit is {MAX_NESTING})");

    // Rendering as `commentary_view` does: each citation a placeholder, then its insert.
    let mut markdown = String::with_capacity(raw.body.len());
    let mut inserts = Vec::new();
    let mut last = 0;
    for found in &cites {
        markdown.push_str(&raw.body[last..found.start]);
        markdown.push_str(&placeholder(inserts.len()));
        inserts.push(INSERT.to_string());
        last = found.end;
    }
    markdown.push_str(&raw.body[last..]);
    // Longest first, as commentary_view sorts them; URLs and titles that need escaping.
    let terms = [
        TermLink { term: "四区联动", url: "/zh/glossary/#siqu-liandong".into(), title: "四区 \"<联动>\" & '更多'" },
        TermLink { term: "Warm", url: "/en/glossary/?a=1&b=<2>#warm".into(), title: "warm \"Erqi\"" },
        TermLink { term: "四区", url: "/zh/glossary/#siqu".into(), title: "四区" },
        TermLink { term: "GDP", url: "/en/glossary/#gdp".into(), title: "gross <domestic> product" },
    ];
    // Markers the editor typed themselves are text nianbao never promised to keep out.
    let typed_markers = raw.body.contains(MARKERS);
    for allow_html in [false, true] {
        let html = render(&markdown, allow_html, &terms, &inserts);
        if !typed_markers {
            assert!(!html.contains(MARKERS), "a placeholder survived rendering (allow_html {allow_html}): {html:?}");
        }
        if !allow_html {
            // Raw HTML is text: only the markup Markdown makes, with safe links.
            check_markup(&html, &words([TAGS]), &words([ATTRS]), true);
            if !typed_markers {
                // At most once: a citation that Markdown reads into an attribute (a heading's
                // `{...}` that only the substitution made valid) is dropped there, never kept.
                assert!(html.matches(INSERT).count() <= cites.len(), "a citation's figure shown twice: {html:?}");
            }
            for t in &terms {
                let link = format!("<a class=\"term\" href=\"{}\"", escape(&t.url));
                assert!(html.matches(&link).count() <= 1, "a glossary term linked twice: {html:?}");
            }
        }
        let page = format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><main>{html}</main></body></html>");
        let minified = minify::template(&page);
        if !allow_html {
            // The minifier drops quotes and end tags: it must not turn text into markup.
            check_markup(&minified, &words([TAGS, PAGE_TAGS]), &words([ATTRS, PAGE_ATTRS]), false);
        }
    }
});

/// The words of `lists`, one list.
fn words<const N: usize>(lists: [&'static str; N]) -> Vec<&'static str> {
    lists.iter().flat_map(|l| l.split_whitespace()).collect()
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap_or("").chars().count() + 1)
}

/// `text` from 1-based `line` and character `column` to the end of that line ("" if none).
fn in_file(text: &str, line: usize, column: usize) -> &str {
    let Some(l) = text.split('\n').nth(line - 1) else { return "" };
    match l.char_indices().nth(column - 1) {
        Some((i, _)) => &l[i..],
        None => "",
    }
}

/// How deep the Markdown's elements nest, as commentary's parser reads it.
fn nesting(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Parser};
    let (mut depth, mut max) = (0usize, 0usize);
    for event in Parser::new_ext(markdown, cite::MARKDOWN) {
        match event {
            Event::Start(_) => {
                depth += 1;
                max = max.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Every tag of `html` is one of `tags` with attributes among `attrs`, no `style` but a table
/// cell's alignment, no link to a scheme that runs code. `strict`: as pulldown-cmark writes
/// (every `<` opens a tag, values double-quoted); otherwise as a minifier may write (text `<`
/// before a non-letter, values quoted either way or not at all, comments and a doctype).
fn check_markup(html: &str, tags: &[&str], attrs: &[&str], strict: bool) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let end_tag = b.get(i) == Some(&b'/');
        let j = i + usize::from(end_tag);
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            assert!(!strict, "a `<` that opens no tag: {html:?}");
            if b.get(i).is_some_and(|&c| c == b'!' || c == b'?') {
                i += html[i..].find('>').expect("an unclosed doctype or comment");
            }
            continue;
        }
        let name_len = html[j..].bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &html[j..j + name_len];
        assert!(tags.iter().any(|t| t.eq_ignore_ascii_case(name)), "the output holds a <{name}> element: {html:?}");
        i = j + name_len;
        loop {
            while b.get(i).is_some_and(|&c| c.is_ascii_whitespace() || c == b'/') {
                i += 1;
            }
            match b.get(i) {
                None => panic!("an unclosed tag: {html:?}"),
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            assert!(!end_tag, "an end tag with attributes: {html:?}");
            let attr_len = html[i..].bytes().take_while(|&c| !c.is_ascii_whitespace() && c != b'=' && c != b'>' && c != b'/').count();
            let attr = &html[i..i + attr_len];
            assert!(attrs.iter().any(|a| a.eq_ignore_ascii_case(attr)), "<{name}> has the attribute `{attr}`: {html:?}");
            i += attr_len;
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                let quote = b.get(i).copied().filter(|&c| c == b'"' || c == b'\'');
                match quote {
                    Some(q) => {
                        let len = html[i + 1..].bytes().position(|c| c == q).expect("an unclosed attribute value");
                        value = &html[i + 1..i + 1 + len];
                        i += len + 2;
                    }
                    None => {
                        assert!(!strict, "an unquoted attribute value: {html:?}");
                        let len = html[i..].bytes().take_while(|&c| !c.is_ascii_whitespace() && c != b'>').count();
                        value = &html[i..i + len];
                        i += len;
                    }
                }
            } else {
                assert!(!strict, "an attribute without a value: {html:?}");
            }
            if strict {
                assert!(!value.contains(['<', '>', '"']), "an unescaped attribute value: {html:?}");
            }
            let value = decode_entities(value);
            if attr.eq_ignore_ascii_case("style") {
                let align = value.replace(' ', "");
                assert!(["text-align:left", "text-align:center", "text-align:right"].contains(&align.as_str()), "<{name} style={value:?}>");
            }
            if attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src") {
                // As a browser reads a URL: outer spaces and controls trimmed, tabs and line breaks dropped.
                let url: String =
                    value.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().to_ascii_lowercase();
                assert!(!["javascript:", "vbscript:", "data:"].iter().any(|s| url.starts_with(s)), "a link that runs code: {attr}={value:?} in {html:?}");
            }
        }
    }
}

/// The character references of an attribute value that could spell a scheme, decoded.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(a) = rest.find('&') {
        out.push_str(&rest[..a]);
        rest = &rest[a..];
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                })
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
