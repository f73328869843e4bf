//! Facts cited in commentary: `[[gdp 2020]]` renders the figure of indicator `gdp` for 2020
//! in the page's language, linked to its source, so prose and figures cannot drift apart.
//!
//! Forms: `[[indicator]]` (the latest period), `[[indicator period]]`, and
//! `[[indicator period status]]`. Without a status, the actual is cited, else the estimate,
//! else the target; among several sources, the latest.
//!
//! A number in prose that is not a figure of the digest (a threshold such as "projects over
//! 1亿元", a count in a sentence) is marked as a [`Literal`], `[[= 1亿元]]`: shown as written,
//! and the check of numbers typed by hand passes over it.
//!
//! Only prose cites: in code (`` `[[gdp]]` `` or a fenced block) the brackets are text and
//! stay as written. A citation in a link's text would put a link inside a link, and an empty
//! or overlong one names nothing: those are [`mistakes`].

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::model::{Period, Site, Status};

/// The Markdown of commentary: what `render::markdown` renders, and what citations are found
/// in, so that both read the same structure.
pub const MARKDOWN: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_FOOTNOTES).union(Options::ENABLE_HEADING_ATTRIBUTES).union(Options::ENABLE_STRIKETHROUGH);

/// How a derived citation combines its two facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `a - b`: how far apart they are, shown without sign (the prose says which is larger).
    Difference,
    /// `a / b`: how many times `b` the value `a` is.
    Ratio,
}

/// A number derived from two facts, resolved: the facts and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derivation {
    pub op: Op,
    pub left: usize,
    pub right: usize,
    /// `|left - right|` in their unit, or `left / right`.
    pub value: f64,
}

/// The facts a derived citation names and the number it derives, or why there is none
/// (different units for a difference, a zero to divide by).
pub fn derive(site: &Site, cite: &Cite) -> Result<Option<Derivation>, String> {
    let Some((op, other)) = &cite.derived else { return Ok(None) };
    let (left, right) = (resolve(site, cite)?, resolve(site, other)?);
    let value = |f: usize| match site.facts[f].claim {
        crate::model::Claim::Figure { value, unit, .. } => Some((value, unit)),
        crate::model::Claim::Milestone { .. } => None,
    };
    let ((a, ua), (b, ub)) = (value(left).ok_or("a milestone has no number")?, value(right).ok_or("a milestone has no number")?);
    let value = match op {
        Op::Difference if ua != ub => return Err(format!("the difference of a figure in {ua} and one in {ub} means nothing")),
        Op::Difference => (a - b).abs(),
        Op::Ratio if b == 0.0 => return Err("the second figure is 0: there is no ratio".into()),
        Op::Ratio => a / b,
    };
    Ok(Some(Derivation { op: *op, left, right, value }))
}

/// A citation written where it cannot stand, or that names nothing: its place and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A citation as written, with its position in the Markdown (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    pub indicator: String,
    pub period: Option<String>,
    pub status: Option<String>,
    /// A number derived from this fact and another: `[[gdp 2020 actual - gdp 2020 estimate]]`
    /// (how far apart they are) or `[[gdp 2020 / gdp 2015]]` (how many times the other).
    pub derived: Option<(Op, Box<Cite>)>,
    /// Byte range of `[[...]]` in the Markdown.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// A number marked as no figure, `[[= 100 million yuan]]`: its text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// The text after `=`, trimmed: what the page shows.
    pub text: String,
    /// Byte range of `[[= ...]]` in the Markdown.
    pub start: usize,
    pub end: usize,
}

/// Every citation in the prose of `markdown` (not in code, not in link text, not empty or
/// overlong: those are [`mistakes`] or text).
pub fn find(markdown: &str) -> Vec<Cite> {
    scan(markdown).into_iter().filter_map(|s| if let Scanned::Cite(c) = s { Some(c) } else { None }).collect()
}

/// Every marked literal in the prose of `markdown`.
pub fn literals(markdown: &str) -> Vec<Literal> {
    scan(markdown).into_iter().filter_map(|s| if let Scanned::Literal(l) = s { Some(l) } else { None }).collect()
}

/// Every citation and literal of `markdown`, in the order they stand: what is replaced when
/// it renders.
pub fn marks(markdown: &str) -> Vec<Mark> {
    scan(markdown)
        .into_iter()
        .filter_map(|s| match s {
            Scanned::Cite(c) => Some(Mark::Cite(c)),
            Scanned::Literal(l) => Some(Mark::Literal(l)),
            Scanned::Mistake(_) => None,
        })
        .collect()
}

/// A citation or a literal, as [`marks`] finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Cite(Cite),
    Literal(Literal),
}

impl Mark {
    /// Byte range of the mark in the Markdown.
    pub fn span(&self) -> Range<usize> {
        match self {
            Mark::Cite(c) => c.start..c.end,
            Mark::Literal(l) => l.start..l.end,
        }
    }
}

/// The citations of `markdown` that cannot stand: in a link's text, empty, or with more than
/// three words.
pub fn mistakes(markdown: &str) -> Vec<Mistake> {
    scan(markdown).into_iter().filter_map(|s| if let Scanned::Mistake(m) = s { Some(m) } else { None }).collect()
}

enum Scanned {
    Cite(Cite),
    Literal(Literal),
    Mistake(Mistake),
}

/// Every `[[...]]` of `markdown` outside code, as a citation or a mistake.
fn scan(markdown: &str) -> Vec<Scanned> {
    if !markdown.contains("[[") {
        return Vec::new();
    }
    // Only running text cites: brackets in code, in a link definition's target or title, or in
    // a heading's `{#id}` are not text, and stay as written.
    let (code, links, text) = regions(markdown);
    let inside = |regions: &[Range<usize>], at: usize| regions.iter().any(|r| r.contains(&at));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = markdown[from..].find("[[") {
        let start = from + i;
        let Some(len) = markdown[start + 2..].find("]]") else { break };
        let inner = &markdown[start + 2..start + 2 + len];
        let end = start + 2 + len + 2;
        from = end;
        if inner.contains('\n') || inner.contains("[[") {
            from = start + 2;
            continue;
        }
        if inside(&code, start) || !inside(&text, start) {
            continue;
        }
        let before = &markdown[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let mistake = |message: String| Scanned::Mistake(Mistake { line, column, message });
        if let Some(text) = inner.trim_start().strip_prefix('=') {
            out.push(match text.trim() {
                "" => mistake("an empty literal `[[=]]` shows nothing".into()),
                text => Scanned::Literal(Literal { text: text.to_string(), start, end }),
            });
            continue;
        }
        // A derived number: two citations with ` - ` or ` / ` between them.
        if let Some((op, (left, right))) = [(Op::Difference, " - "), (Op::Ratio, " / ")].into_iter().find_map(|(op, sign)| Some((op, inner.split_once(sign)?)))
        {
            let side = |text: &str| match words_of(text) {
                Ok((indicator, period, status)) => Ok(Cite { indicator, period, status, derived: None, start, end, line, column }),
                Err(0) => Err(format!("the derived citation `[[{inner}]]` lacks a fact on one side")),
                Err(n) => Err(format!("the derived citation `[[{inner}]]` has a side of {n} words; each takes at most three")),
            };
            out.push(match (side(left), side(right)) {
                _ if inside(&links, start) => mistake(format!("the citation `[[{inner}]]` stands in a link's text, which cannot hold another link")),
                (Ok(mut a), Ok(b)) => {
                    a.derived = Some((op, Box::new(b)));
                    Scanned::Cite(a)
                }
                (Err(why), _) | (_, Err(why)) => mistake(why),
            });
            continue;
        }
        out.push(match words_of(inner) {
            _ if inside(&links, start) => mistake(format!("the citation `[[{inner}]]` stands in a link's text, which cannot hold another link")),
            Ok((indicator, period, status)) => Scanned::Cite(Cite { indicator, period, status, derived: None, start, end, line, column }),
            Err(0) => mistake("an empty citation `[[]]` names no fact".into()),
            Err(n) => mistake(format!("the citation `[[{inner}]]` has {n} words; it takes at most three")),
        });
    }
    out
}

/// The indicator, period and status a citation's words name, or how many words it has when
/// that is none or more than three.
fn words_of(text: &str) -> Result<(String, Option<String>, Option<String>), usize> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words[..] {
        [indicator] => Ok((indicator.to_string(), None, None)),
        [indicator, period] => Ok((indicator.to_string(), Some(period.to_string()), None)),
        [indicator, period, status] => Ok((indicator.to_string(), Some(period.to_string()), Some(status.to_string()))),
        _ => Err(words.len()),
    }
}

/// Byte ranges of the Markdown, by what they hold.
type Ranges = Vec<Range<usize>>;

/// The ranges of `markdown` that are code (spans, blocks, raw HTML, link definitions), link or
/// image text, and running text.
fn regions(markdown: &str) -> (Ranges, Ranges, Ranges) {
    let (mut code, mut links, mut text) = (Vec::new(), Vec::new(), Vec::new());
    let events = Parser::new_ext(markdown, MARKDOWN).into_offset_iter();
    // A link reference definition (`[x]: dest "title"`) is no text: treated as code.
    code.extend(events.reference_definitions().iter().map(|(_, def)| def.span.clone()));
    for (event, range) in events {
        match event {
            Event::Code(_) | Event::InlineHtml(_) | Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => code.push(range),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links.push(range),
            Event::Text(_) => text.push(range),
            _ => {}
        }
    }
    (code, links, text)
}

/// The fact a citation names, or why there is none.
pub fn resolve(site: &Site, cite: &Cite) -> Result<usize, String> {
    let Some(indicator) = site.indicators.iter().position(|i| i.id == cite.indicator) else {
        return Err(format!("unknown indicator `{}` in the citation", cite.indicator));
    };
    let period = match &cite.period {
        Some(p) => Some(Period::parse(p).ok_or_else(|| format!("`{p}` is not a period (write 2020, 2019-H1 or 2016-2020)"))?),
        None => None,
    };
    let status = match &cite.status {
        Some(s) => Some(Status::parse(s).ok_or_else(|| format!("unknown status `{s}` (write target, estimate or actual)"))?),
        None => None,
    };
    let facts = site.index.of_indicator(crate::model::IndicatorId(indicator));
    let latest = period.or_else(|| facts.iter().map(|&f| site.facts[f].period).max_by_key(|p| p.recency()));
    facts
        .iter()
        .copied()
        .filter(|&f| Some(site.facts[f].period) == latest && status.is_none_or(|s| site.facts[f].status == s))
        // Actual over estimate over target; then the latest source.
        .max_by_key(|&f| (site.facts[f].status, site.sources[site.facts[f].source].date.clone()))
        .ok_or_else(|| {
            format!(
                "no fact of `{}` for {}{}",
                cite.indicator,
                latest.map_or("any period".into(), |p| p.to_string()),
                status.map_or(String::new(), |s| format!(" with status {}", s.as_str()))
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citations_with_their_positions() {
        let md = "GDP was [[gdp 2020]].\n二〇二〇年预计[[gdp 2020 estimate]]。[not a cite]";
        let c = find(md);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].indicator.as_str(), c[0].period.as_deref(), c[0].line, c[0].column), ("gdp", Some("2020"), 1, 9));
        assert_eq!((c[1].status.as_deref(), c[1].line, c[1].column), (Some("estimate"), 2, 8));
        assert_eq!(&md[c[0].start..c[0].end], "[[gdp 2020]]");
    }

    #[test]
    fn code_keeps_its_brackets_and_links_may_not_hold_citations() {
        let md = "`[[gdp 2020]]` and\n\n```\n[[gdp 2021]]\n```\n\n[GDP [[gdp 2022]]](https://example.org) [[gdp]]";
        let found = find(md);
        assert_eq!(found.iter().map(|c| (c.indicator.as_str(), c.period.as_deref())).collect::<Vec<_>>(), [("gdp", None)]);
        assert_eq!(
            mistakes(md),
            [Mistake { line: 7, column: 6, message: "the citation `[[gdp 2022]]` stands in a link's text, which cannot hold another link".into() }]
        );
    }

    #[test]
    fn derived_citations_name_two_facts() {
        let found = find("Less by [[gdp 2020 actual - gdp 2020 estimate]]; [[gdp 2020 / gdp 2015]] times.");
        assert_eq!(found.len(), 2);
        let (op, other) = found[0].derived.as_ref().unwrap();
        assert_eq!((*op, found[0].status.as_deref(), other.status.as_deref()), (Op::Difference, Some("actual"), Some("estimate")));
        assert_eq!(found[1].derived.as_ref().unwrap().0, Op::Ratio);
        assert_eq!(mistakes("[[gdp 2020 - ]]")[0].message, "the derived citation `[[gdp 2020 - ]]` lacks a fact on one side");
    }

    #[test]
    fn literals_are_neither_citations_nor_mistakes() {
        let md = "Projects over [[= 1亿元]] each, [[gdp 2020]]; `[[= code]]` [[=]]";
        assert_eq!(literals(md), [Literal { text: "1亿元".into(), start: 14, end: 27 }]);
        assert_eq!(find(md).len(), 1);
        assert_eq!(marks(md).iter().map(Mark::span).collect::<Vec<_>>(), [14..27, 34..46]);
        assert_eq!(mistakes(md).iter().map(|m| m.message.as_str()).collect::<Vec<_>>(), ["an empty literal `[[=]]` shows nothing"]);
    }

    #[test]
    fn empty_and_overlong_citations_are_mistakes() {
        let found = mistakes("a [[ ]] b [[]] c [[gdp 2020 estimate extra]]");
        let messages: Vec<&str> = found.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "an empty citation `[[]]` names no fact",
                "an empty citation `[[]]` names no fact",
                "the citation `[[gdp 2020 estimate extra]]` has 4 words; it takes at most three"
            ]
        );
        assert_eq!(found[1].column, 11);
        assert!(find("a [[ ]] b").is_empty());
    }
}
