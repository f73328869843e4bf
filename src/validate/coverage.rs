//! Coverage (`nianbao check --sources DIR --coverage`): of the numbers with a unit a source
//! prints, which a fact of the digest cites, which `content/skipped.yaml` leaves out with a
//! reason, and which nothing accounts for. The numbers are the harvest's candidates (the
//! pipeline reads them, `harvest` standing above this layer), so `harvest --new-only` and the
//! coverage agree on what is cited.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::provenance::normalize;
use super::report::reporter;
use crate::error::{Diagnostic, did_you_mean};
use crate::lang::Text;
use crate::load::Loaded;
use crate::load::raw::RawSkipped;
use crate::model::Site;
pub use crate::model::{SkippedFigure, SourceCoverage};

/// At most this many unaccounted figures are listed under a source's row.
pub const LISTED: usize = 20;

/// An entry of `content/skipped.yaml`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    pub source: String,
    /// The figure, normalized as the provenance check compares figures.
    pub figure: String,
    pub why: Text,
}

/// Checks `content/skipped.yaml`: every entry's source exists (an error otherwise), its reason
/// is written, and, given the source texts, its figure stands in its source's text (a warning
/// otherwise). Returns the entries that name a known source.
pub fn skips(file: &Loaded<Vec<RawSkipped>>, site: &Site, texts: Option<&HashMap<String, String>>, diags: &mut Vec<Diagnostic>) -> Vec<Skip> {
    let ids: Vec<&str> = site.sources.iter().map(|s| s.id.as_str()).collect();
    let normalized: HashMap<&str, String> = texts.into_iter().flatten().map(|(id, t)| (id.as_str(), normalize(t))).collect();
    let mut skips = Vec::new();
    let mut warnings = Vec::new();
    let mut r = reporter(file, diags);
    for entry in &file.value {
        let id = entry.source.value.as_str();
        if !ids.contains(&id) {
            let hint = match did_you_mean(id, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? A skip entry names a source of content/sources.yaml"),
                None => format!("a skip entry names a source of content/sources.yaml: {}", ids.join(", ")),
            };
            r.at(&entry.source, format!("unknown source `{id}`"), hint);
            continue;
        }
        let figure = normalize(&entry.figure.value);
        if figure.is_empty() {
            r.at(&entry.figure, "the skipped figure is empty", "copy the figure as the source prints it, e.g. `figure: \"158个\"`");
            continue;
        }
        let why = r.text(&entry.why, "reason for skipping the figure");
        if normalized.get(id).is_some_and(|text| !text.contains(&figure)) {
            let loc = entry.figure.referenced;
            warnings.push(
                file.file
                    .at(loc.line() as usize, loc.column() as usize, format!("the skipped figure `{}` does not appear in source `{id}`", entry.figure.value))
                    .hint("copy the figure exactly as the source's text prints it (whitespace aside)")
                    .warning(),
            );
        }
        skips.push(Skip { source: id.to_string(), figure, why });
    }
    diags.extend(warnings);
    skips
}

/// Accounts for the figures a source prints, each with whether a fact cites it (the harvest's
/// `known`): cited first, then skipped (a skip entry of the source whose figure contains the
/// figure or is contained in it), else unaccounted.
pub fn tally<'a>(source: &str, printed: impl IntoIterator<Item = (&'a str, bool)>, skips: &[Skip]) -> SourceCoverage {
    let mine: Vec<&Skip> = skips.iter().filter(|s| s.source == source).collect();
    let mut c = SourceCoverage { source: source.to_string(), ..SourceCoverage::default() };
    for (figure, cited) in printed {
        c.printed += 1;
        let f = normalize(figure);
        if cited {
            c.cited += 1;
        } else if let Some(skip) = mine.iter().find(|s| !f.is_empty() && (s.figure.contains(&f) || f.contains(&s.figure))) {
            c.skipped.push(SkippedFigure { figure: figure.to_string(), why: skip.why.clone() });
        } else {
            c.unaccounted.push(figure.to_string());
        }
    }
    c
}

/// The table `check --coverage` prints: a row per source and a total, each source's
/// unaccounted figures listed under its row (at most [`LISTED`]).
pub fn table(rows: &[SourceCoverage]) -> String {
    let width = rows.iter().map(|r| r.source.chars().count()).max().unwrap_or(0).max("source".len()).max("total".len());
    let mut out = String::new();
    let line = |out: &mut String, name: &str, p: usize, c: usize, s: usize, u: usize| {
        let _ = writeln!(out, "{name:<width$}  {p:>7}  {c:>5}  {s:>7}  {u:>11}");
    };
    let _ = writeln!(out, "{:<width$}  {:>7}  {:>5}  {:>7}  {:>11}", "source", "printed", "cited", "skipped", "unaccounted");
    for r in rows {
        line(&mut out, &r.source, r.printed, r.cited, r.skipped.len(), r.unaccounted.len());
        for figure in r.unaccounted.iter().take(LISTED) {
            let _ = writeln!(out, "    - {figure}");
        }
        if r.unaccounted.len() > LISTED {
            let _ = writeln!(out, "    and {} more", r.unaccounted.len() - LISTED);
        }
    }
    let sum = |f: fn(&SourceCoverage) -> usize| rows.iter().map(f).sum::<usize>();
    line(&mut out, "total", sum(|r| r.printed), sum(|r| r.cited), sum(|r| r.skipped.len()), sum(|r| r.unaccounted.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(source: &str, figure: &str) -> Skip {
        Skip { source: source.into(), figure: normalize(figure), why: Text { zh: "测试".into(), en: "test".into() } }
    }

    fn skipped(figure: &str) -> SkippedFigure {
        SkippedFigure { figure: figure.into(), why: Text { zh: "测试".into(), en: "test".into() } }
    }

    #[test]
    fn cited_wins_then_skips_contain_or_are_contained() {
        let skips = [skip("a", "改造老旧小区158个"), skip("a", "8%"), skip("b", "12家")];
        let c = tally("a", [("158个", false), ("GDP增长8%", false), ("785.6亿元", true), ("12家", false), ("8%", true)], &skips);
        assert_eq!((c.printed, c.cited, c.skipped.len()), (5, 2, 2));
        assert_eq!(c.skipped[0].figure, "158个");
        assert_eq!(c.unaccounted, ["12家"]);
    }

    #[test]
    fn the_table_adds_up_and_lists_at_most_twenty() {
        let many = SourceCoverage { source: "long".into(), printed: 25, unaccounted: (0..25).map(|i| format!("{i}个")).collect(), ..Default::default() };
        let t = table(&[many, SourceCoverage { source: "b".into(), printed: 3, cited: 2, skipped: vec![skipped("1个")], unaccounted: vec![] }]);
        assert!(t.contains("    - 19个\n    and 5 more\n"), "{t}");
        assert!(!t.contains("- 20个"), "{t}");
        assert!(t.lines().last().unwrap().split_whitespace().eq(["total", "28", "2", "1", "25"]), "{t}");
    }
}
