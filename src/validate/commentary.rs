//! Commentary: a page's text in each language, for a page the site has, with its twin in the
//! other language, a body, and citations (`[[gdp 2020]]`) that name facts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::report::{Reporter, lang_name};
use crate::error::{Diagnostic, did_you_mean};
use crate::lang::Lang;
use crate::load::RawCommentary;
use crate::model::cite;
use crate::model::*;
use crate::section::Section;

/// The commentary of the site, by page and language, each checked.
pub fn commentary(
    files: Vec<RawCommentary>,
    years: &[Year],
    plans: &[Plan],
    boards: &[Board],
    topics: &[Topic],
    fallback: bool,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<(Section, String, Lang), Arc<Commentary>> {
    let keys: HashMap<Section, HashSet<String>> = HashMap::from([
        (Section::Years, years.iter().map(|y| y.year.to_string()).collect()),
        (Section::Plans, plans.iter().map(|p| p.id.clone()).collect()),
        (Section::Boards, boards.iter().map(|b| b.id.clone()).collect()),
        (Section::Topics, topics.iter().map(|t| t.id.clone()).collect()),
    ]);
    let present: HashSet<(Section, &str, Lang)> = files.iter().map(|c| (c.section, c.key.as_str(), c.lang)).collect();
    let mut out = BTreeMap::new();
    for c in &files {
        let known = &keys[&c.section];
        if !known.contains(&c.key) {
            let mut list: Vec<&str> = known.iter().map(String::as_str).collect();
            list.sort_unstable();
            let hint = match did_you_mean(&c.key, list.iter().copied()) {
                Some(b) => format!("did you mean {b}.{}.md?", c.lang.code()),
                None => format!(
                    "commentary in content/{}/ is named after an existing {}: {}",
                    c.section.dir(),
                    c.section.dir().trim_end_matches('s'),
                    list.join(", ")
                ),
            };
            diags.push(
                Diagnostic::file(&c.file.path, format!("there is no {} `{}` for this commentary", c.section.dir().trim_end_matches('s'), c.key)).hint(hint),
            );
            continue;
        }
        let twin = present.contains(&(c.section, c.key.as_str(), c.lang.other()));
        if !twin && !fallback {
            let twin_name = format!("{}.{}.md", c.key, c.lang.other().code());
            diags.push(
                Diagnostic::file(&c.file.path, format!("missing translation: this {} commentary has no {} twin", lang_name(c.lang), lang_name(c.lang.other())))
                    .hint(format!("write content/{}/{twin_name}; both languages are first-class", c.section.dir())),
            );
        }
        out.insert((c.section, c.key.clone(), c.lang), Arc::new(checked_commentary(c, diags)));
    }
    out
}

/// How deep Markdown may nest (quotes in quotes, lists in lists): prose needs a handful; a
/// page nested thousands deep would exhaust the stack of the HTML minifier.
pub const MAX_NESTING: usize = 32;

/// A commentary file's own checks (a body, no empty front-matter values, citations that can
/// stand, nesting a page can hold), and its model.
pub fn checked_commentary(c: &RawCommentary, diags: &mut Vec<Diagnostic>) -> Commentary {
    if c.body.trim().is_empty() {
        diags.push(Diagnostic::at(&c.file.path, c.body_line, 1, "the commentary is empty").hint("write the commentary, or delete both language files"));
    }
    for m in cite::mistakes(&c.body) {
        diags.push(
            c.file
                .at(c.body_line + m.line - 1, m.column, m.message)
                .hint("cite a fact as [[indicator]], [[indicator period]] or [[indicator period status]] in running text; to show the brackets themselves, put them in `code`"),
        );
    }
    if let Some(line) = too_deep(&c.body) {
        diags.push(
            c.file
                .at(c.body_line + line - 1, 1, format!("the Markdown nests deeper than {MAX_NESTING} levels (quotes or lists inside each other)"))
                .hint("flatten the quotes or lists; commentary is prose for residents"),
        );
    }
    let mut r = Reporter { file: &c.file, diags, line_offset: 1 };
    for s in [&c.front.title, &c.front.summary].into_iter().flatten() {
        if s.value.trim().is_empty() {
            r.at(s, "an empty front-matter value", "write the text, or remove the key");
        }
        r.plain(s, "front-matter value");
    }
    let summary = c.front.summary.as_ref().map(|s| s.value.trim().to_string());
    // The front matter starts on the file's second line.
    let summary_at = c.front.summary.as_ref().map_or((c.body_line, 1), |s| (s.referenced.line() as usize + 1, s.referenced.column() as usize));
    for m in summary.as_deref().map(cite::mistakes).unwrap_or_default() {
        diags.push(
            c.file
                .at(summary_at.0 + m.line - 1, summary_at.1 + m.column - 1, format!("in the summary: {}", m.message))
                .hint("cite a fact as [[indicator]], [[indicator period]] or [[indicator period status]]"),
        );
    }
    Commentary {
        title: c.front.title.as_ref().map(|s| s.value.trim().to_string()),
        cites: !cite::find(&c.body).is_empty() || summary.as_deref().is_some_and(|s| !cite::find(s).is_empty()),
        summary,
        summary_at,
        markdown: c.body.clone(),
        file: c.file.clone(),
        body_line: c.body_line,
    }
}

/// The line (1-based, in `markdown`) where its blocks first nest deeper than [`MAX_NESTING`].
fn too_deep(markdown: &str) -> Option<usize> {
    use pulldown_cmark::{Event, Parser};
    // Blocks and inline emphasis nest alike (emphasis across short lines too), and raw HTML
    // nests inside them: count all three.
    let mut depth = 0usize;
    let line = |at: usize| markdown[..at].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(markdown, cite::MARKDOWN).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => depth = html_depth(&html, depth),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Some(line(range.start));
        }
    }
    None
}

/// `depth` after the tags of `html`: an opening tag (not a void element, not self-closed)
/// goes one deeper, a closing tag one back.
fn html_depth(html: &str, mut depth: usize) -> usize {
    const VOID: [&str; 14] = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
    for tag in html.split('<').skip(1) {
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !open.ends_with('/') {
            depth += 1;
        }
    }
    depth
}

/// Every `[[...]]` citation in commentary must name a fact.
pub fn citations(site: &Site) -> Vec<Diagnostic> {
    site.commentary.values().filter(|c| c.cites).flat_map(|c| citations_of(site, c)).collect()
}

/// The citations of one commentary that name no fact.
pub fn citations_of(site: &Site, c: &Commentary) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let (summary_line, summary_column) = c.summary_at;
    let summary = c.summary.as_deref().map(|s| (s, summary_line, summary_column - 1));
    for (text, line, columns) in summary.into_iter().chain([(c.markdown.as_str(), c.body_line, 0)]) {
        for found in cite::find(text) {
            if let Err(why) = cite::resolve(site, &found).and_then(|_| cite::derive(site, &found)) {
                diags.push(
                    c.file
                        .at(line + found.line - 1, columns + found.column, why)
                        .hint("cite a fact as [[indicator]], [[indicator period]] or [[indicator period status]], e.g. [[gdp 2020 actual]]"),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{fixture_site, messages};

    fn raw(key: &str, lang: Lang, text: &str) -> RawCommentary {
        let path = std::path::PathBuf::from(format!("content/years/{key}.{}.md", lang.code()));
        crate::load::parse_commentary(Section::Years, key, lang, &path, text.to_string()).unwrap()
    }

    #[test]
    fn commentary_needs_a_page_a_twin_and_a_body() {
        let site = fixture_site();
        let files = vec![raw("2021", Lang::Zh, "正文"), raw("2019", Lang::Zh, "---\ntitle: ' '\n---\n"), raw("2019", Lang::En, "Text")];
        let mut diags = Vec::new();
        let out = commentary(files, &site.years, &site.plans, &site.boards, &site.topics, false, &mut diags);
        assert_eq!(out.len(), 2, "the unknown year's commentary is left out");
        assert_eq!(messages(&diags), ["there is no year `2021` for this commentary", "the commentary is empty", "an empty front-matter value"]);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean 2020.zh.md?"));
        assert_eq!(diags[2].line, 2, "front matter lines count from the file's first line");
        let mut diags = Vec::new();
        commentary(vec![raw("2019", Lang::En, "Text")], &site.years, &site.plans, &site.boards, &site.topics, false, &mut diags);
        assert!(diags[0].message.starts_with("missing translation: this English (en) commentary has no Chinese (zh) twin"));
    }

    #[test]
    fn a_citation_that_names_no_fact_is_an_error_at_its_place() {
        let site = fixture_site();
        let c = checked_commentary(&raw("2020", Lang::En, "---\ntitle: T\n---\nGDP was [[gdp 2020]].\nJobs: [[gpd 2020]], [[gdp 2031]]."), &mut Vec::new());
        assert!(c.cites);
        let diags = citations_of(&site, &c);
        assert_eq!(messages(&diags), ["unknown indicator `gpd` in the citation", "no fact of `gdp` for 2031"]);
        assert_eq!((diags[0].line, diags[0].column), (5, 7));
        assert_eq!(diags[0].snippet.as_deref(), Some("Jobs: [[gpd 2020]], [[gdp 2031]]."));
    }
}
