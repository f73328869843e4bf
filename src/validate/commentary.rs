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

/// A commentary file's own checks (a body, no empty front-matter values), and its model.
pub fn checked_commentary(c: &RawCommentary, diags: &mut Vec<Diagnostic>) -> Commentary {
    if c.body.trim().is_empty() {
        diags.push(Diagnostic::at(&c.file.path, c.body_line, 1, "the commentary is empty").hint("write the commentary, or delete both language files"));
    }
    let mut r = Reporter { file: &c.file, diags, line_offset: 1 };
    for s in [&c.front.title, &c.front.summary].into_iter().flatten() {
        if s.value.trim().is_empty() {
            r.at(s, "an empty front-matter value", "write the text, or remove the key");
        }
    }
    Commentary {
        title: c.front.title.as_ref().map(|s| s.value.trim().to_string()),
        summary: c.front.summary.as_ref().map(|s| s.value.trim().to_string()),
        markdown: c.body.clone(),
        file: c.file.clone(),
        body_line: c.body_line,
        cites: !cite::find(&c.body).is_empty(),
    }
}

/// Every `[[...]]` citation in commentary must name a fact.
pub fn citations(site: &Site) -> Vec<Diagnostic> {
    site.commentary.values().filter(|c| c.cites).flat_map(|c| citations_of(site, c)).collect()
}

/// The citations of one commentary that name no fact.
pub fn citations_of(site: &Site, c: &Commentary) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for found in cite::find(&c.markdown) {
        if let Err(why) = cite::resolve(site, &found) {
            diags.push(
                c.file
                    .at(c.body_line + found.line - 1, found.column, why)
                    .hint("cite a fact as [[indicator]], [[indicator period]] or [[indicator period status]], e.g. [[gdp 2020 actual]]"),
            );
        }
    }
    diags
}
