//! `nianbao check`: the site rendered in memory with links for a host and relative links,
//! every link of both checked, then the warnings (translations, numbers typed by hand) and,
//! given the source texts, the provenance of every figure and, with `--coverage`, which of the
//! numbers each source prints the digest cites, skips (`content/skipped.yaml`) or leaves
//! unaccounted for. Nothing is written.

use std::collections::HashMap;
use std::path::Path;

use super::{BuildOptions, Project, prepare, render_in_memory};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::model::Site;
use crate::validate;
use crate::validate::coverage::SourceCoverage;

/// What `nianbao check` found, when nothing stops it.
pub struct CheckReport {
    pub site: Site,
    /// Warnings, to print (errors with `--strict`, which then fail the check instead).
    pub warnings: Vec<Diagnostic>,
    /// With `--coverage`, a row per source whose text was read, in `sources.yaml` order.
    pub coverage: Vec<SourceCoverage>,
}

/// Checks the project; with `sources`, every figure against `<sources>/<source id>.txt`.
/// With `strict`, warnings fail the check as errors. With `coverage` (which needs `sources`),
/// the figures of every source are accounted for; with `strict` too, an unaccounted figure
/// fails the check.
pub fn check(project: &Project, sources: Option<&Path>, strict: bool, coverage: bool) -> Result<CheckReport> {
    if coverage && sources.is_none() {
        return Err(Error::refused("`--coverage` counts the figures the source texts print, so it needs the source texts")
            .help("keep them in the project's sources/ as <source id>.txt, or name their folder: `nianbao check --sources DIR --coverage`"));
    }
    let site = check_links(project)?;
    let mut diags = validate::warnings::warnings(&site);
    let mut rows = Vec::new();
    if let Some(dir) = sources {
        let cited = site.facts.iter().map(|f| site.sources[f.source].id.as_str());
        let (mut texts, unreadable) = crate::load::source_texts(dir, cited);
        diags.extend(unreadable.into_iter().map(|d| d.hint("`--sources` names the folder holding <source id>.txt for every source of content/sources.yaml")));
        diags.extend(validate::provenance::check_sources(&site, &texts));
        if coverage {
            rows = coverage_of(project, &site, dir, &mut texts, strict, &mut diags)?;
        }
    }
    let errors = diags.iter().filter(|d| strict || d.severity == Severity::Error).count();
    if errors > 0 {
        if strict {
            diags.iter_mut().for_each(|d| d.severity = Severity::Error);
        }
        return Err(Error::Invalid(diags));
    }
    Ok(CheckReport { site, warnings: diags, coverage: rows })
}

/// `--coverage`: [`super::coverage`]'s rows; with `strict`, each source with unaccounted
/// figures is reported.
fn coverage_of(
    project: &Project,
    site: &Site,
    dir: &Path,
    texts: &mut HashMap<String, String>,
    strict: bool,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceCoverage>> {
    let rows = super::coverage(project, site, dir, texts, diags)?;
    for row in rows.iter().filter(|r| strict && !r.unaccounted.is_empty()) {
        let n = row.unaccounted.len();
        let listed: Vec<&str> = row.unaccounted.iter().take(validate::coverage::LISTED).map(String::as_str).collect();
        let more = if n > listed.len() { format!(" and {} more", n - listed.len()) } else { String::new() };
        diags.push(
            Diagnostic::file(
                dir.join(format!("{}.txt", row.source)),
                format!(
                    "{n} figure{} of source `{}` no fact cites and content/skipped.yaml does not name: {}{more}",
                    if n == 1 { "" } else { "s" },
                    row.source,
                    listed.join(", ")
                ),
            )
            .hint("cite each in a fact, or add it to content/skipped.yaml as `- {source: <id>, figure: \"<figure>\", why: {zh: ..., en: ...}}`")
            .warning(),
        );
    }
    Ok(rows)
}

/// Renders the site in memory, with links for a host and relative links, and checks every
/// link of both; returns the site, or every broken link (each once).
fn check_links(project: &Project) -> Result<Site> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut site = None;
    for relative in [false, true] {
        let rendered =
            prepare(project, &BuildOptions { relative, ..BuildOptions::default() }).and_then(|p| render_in_memory(&p.site, &p.theme, &p.urls).map(|_| p.site));
        match rendered {
            Ok(s) => site = Some(s),
            Err(Error::Invalid(found)) => {
                for d in found {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    match site {
        Some(s) if diags.is_empty() => Ok(s),
        _ => Err(Error::Invalid(diags)),
    }
}
