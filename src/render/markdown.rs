//! Commentary Markdown to HTML: raw HTML shown as text unless the site allows it, and glossary
//! terms linked to their entries.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

/// A glossary term to link wherever it appears in text.
pub struct TermLink<'a> {
    pub term: &'a str,
    pub url: String,
    pub title: &'a str,
}

/// Marks a place where [`render`] puts `inserts[n]`: private-use characters that Markdown
/// leaves alone, so a citation `[[gdp 2020]]` is not read as link brackets. The space keeps
/// it from making a line a link definition that the citation, with its own space, was not
/// (`[x]: [[gdp 2020]]` is text; `[x]: <marker>` without a space would define a link).
pub fn placeholder(n: usize) -> String {
    format!("\u{E000}{n} \u{E001}")
}

/// Renders `markdown`; each glossary term's first occurrence becomes a link to its entry
/// (later ones stay plain, as in a printed glossary, so prose does not drown in links), and
/// each [`placeholder`] becomes its insert (trusted HTML made by nianbao).
pub fn render(markdown: &str, allow_html: bool, terms: &[TermLink<'_>], inserts: &[String]) -> String {
    let mut linked = vec![false; terms.len()];
    let options = crate::model::cite::MARKDOWN;
    let mut depth_no_links = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            // `# Title {onclick=...}`: a heading's attributes are raw HTML by another name;
            // without `allow_html` only its id and classes stay.
            Event::Start(Tag::Heading { level, id, classes, attrs }) if !allow_html && !attrs.is_empty() => {
                depth_no_links += 1;
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() }));
            }
            Event::Start(Tag::Link { .. } | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => {
                depth_no_links += 1;
                events.push(event);
            }
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image) => {
                depth_no_links = depth_no_links.saturating_sub(1);
                events.push(event);
            }
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => events.push(Event::Text(h)),
            Event::Text(text) if text.contains('\u{E000}') => {
                let mut rest: &str = &text;
                while let Some(a) = rest.find('\u{E000}') {
                    let Some(b) = rest[a..].find('\u{E001}') else { break };
                    let (before, marker) = (&rest[..a], &rest[a + 3..a + b]);
                    if depth_no_links == 0 && !terms.is_empty() {
                        link_terms(before, terms, &mut linked, &mut events);
                    } else if !before.is_empty() {
                        events.push(Event::Text(CowStr::from(before.to_string())));
                    }
                    if let Some(html) = marker.trim_end().parse::<usize>().ok().and_then(|n| inserts.get(n)) {
                        events.push(Event::InlineHtml(CowStr::from(html.clone())));
                    }
                    rest = &rest[a + b + 3..];
                }
                if !rest.is_empty() {
                    events.push(Event::Text(CowStr::from(rest.to_string())));
                }
            }
            Event::Text(text) if depth_no_links == 0 && !terms.is_empty() => link_terms(&text, terms, &mut linked, &mut events),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events.into_iter().map(neutralize_scheme));
    out
}

/// Links whose scheme can run code (`javascript:`, `data:`, `vbscript:`) become inert.
fn neutralize_scheme(event: Event<'_>) -> Event<'_> {
    let event = strip_markers(event);
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if dangerous(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: CowStr::Borrowed("#"), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if dangerous(&dest_url) => {
            Event::Start(Tag::Image { link_type, dest_url: CowStr::Borrowed("#"), title, id })
        }
        other => other,
    }
}

/// A citation's marker that Markdown read into an attribute (a heading's `{...}`, a link's
/// target or title) instead of text is dropped there: inserts are text, never attributes.
fn strip_markers(event: Event<'_>) -> Event<'_> {
    fn clean(s: CowStr<'_>) -> CowStr<'_> {
        if !s.contains('\u{E000}') && !s.contains('\u{E001}') {
            return s;
        }
        let mut out = String::with_capacity(s.len());
        let mut inside = false;
        for c in s.chars() {
            match c {
                '\u{E000}' => inside = true,
                '\u{E001}' => inside = false,
                c if !inside => out.push(c),
                _ => {}
            }
        }
        CowStr::from(out)
    }
    match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading {
            level,
            id: id.map(clean),
            classes: classes.into_iter().map(clean).collect(),
            attrs: attrs.into_iter().map(|(k, v)| (clean(k), v.map(clean))).collect(),
        }),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => Event::Start(Tag::Link { link_type, dest_url: clean(dest_url), title: clean(title), id }),
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: clean(dest_url), title: clean(title), id })
        }
        other => other,
    }
}

fn dangerous(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

fn link_terms<'a>(text: &str, terms: &[TermLink<'_>], linked: &mut [bool], out: &mut Vec<Event<'a>>) {
    // Longest term first, so 四区联动 wins over 四区.
    let mut rest = text;
    let mut plain = String::new();
    'scan: while !rest.is_empty() {
        for (i, t) in terms.iter().enumerate() {
            if !t.term.is_empty() && rest.starts_with(t.term) && word_boundary(text, rest, t.term) {
                if linked[i] {
                    // Already linked once: keep the term as text, and do not let a shorter
                    // term match inside it.
                    plain.push_str(t.term);
                    rest = &rest[t.term.len()..];
                    continue 'scan;
                }
                linked[i] = true;
                if !plain.is_empty() {
                    out.push(Event::Text(CowStr::from(std::mem::take(&mut plain))));
                }
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"term\" href=\"{}\" title=\"{}\">{}</a>",
                    escape(&t.url),
                    escape(t.title),
                    escape(t.term)
                ))));
                rest = &rest[t.term.len()..];
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap();
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if !plain.is_empty() {
        out.push(Event::Text(CowStr::from(plain)));
    }
}

/// Latin terms match whole words only ("Warm Erqi" not inside "Warm Erqis"); CJK terms anywhere.
fn word_boundary(text: &str, rest: &str, term: &str) -> bool {
    if !term.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        return true;
    }
    let start = text.len() - rest.len();
    let before_ok = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after_ok = rest[term.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// Escapes text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_their_inserts() {
        let md = format!("GDP: {}.", placeholder(0));
        let out = render(&md, false, &[], &["<a class=\"fig\" href=\"#f1\">760.2亿元</a>".into()]);
        assert!(out.contains("GDP: <a class=\"fig\" href=\"#f1\">760.2亿元</a>."), "{out}");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let md = "hi <script>alert(1)</script>\n\n<div onclick=x>y</div>\n";
        let out = render(md, false, &[], &[]);
        assert!(!out.contains("<script>") && !out.contains("<div"), "{out}");
        assert!(render(md, true, &[], &[]).contains("<script>"));
    }

    #[test]
    fn javascript_links_are_inert() {
        let out = render("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))", false, &[], &[]);
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
    }

    #[test]
    fn glossary_terms_become_links_outside_headings() {
        let terms = [TermLink { term: "四区联动", url: "/zh/glossary/#siqu".into(), title: "x" }];
        let out = render("# 四区联动\n\n推进四区联动。再谈四区联动。\n", false, &terms, &[]);
        assert!(out.contains("<h1>四区联动</h1>"), "{out}");
        assert!(out.contains("推进<a class=\"term\" href=\"/zh/glossary/#siqu\""), "{out}");
        assert_eq!(out.matches("class=\"term\"").count(), 1, "only the first occurrence is linked: {out}");
    }
}
