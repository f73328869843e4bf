//! `nianbao check`: the site rendered in memory with links for a host and relative links,
//! every link of both checked, then the warnings (translations, numbers typed by hand) and,
//! given the source texts, the provenance of every figure. Nothing is written.

use std::path::Path;

use super::{BuildOptions, Project, prepare, render_in_memory};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::model::Site;
use crate::validate;

/// What `nianbao check` found, when nothing stops it.
pub struct CheckReport {
    pub site: Site,
    /// Warnings, to print (errors with `--strict`, which then fail the check instead).
    pub warnings: Vec<Diagnostic>,
}

/// Checks the project; with `sources`, every figure against `<sources>/<source id>.txt`.
/// With `strict`, warnings fail the check as errors.
pub fn check(project: &Project, sources: Option<&Path>, strict: bool) -> Result<CheckReport> {
    let site = check_links(project)?;
    let mut diags = validate::warnings::warnings(&site);
    if let Some(dir) = sources {
        let cited = site.facts.iter().map(|f| site.sources[f.source].id.as_str());
        let (texts, unreadable) = crate::load::source_texts(dir, cited);
        diags.extend(unreadable.into_iter().map(|d| d.hint("`--sources` names the folder holding <source id>.txt for every source of content/sources.yaml")));
        diags.extend(validate::provenance::check_sources(&site, &texts));
    }
    let errors = diags.iter().filter(|d| strict || d.severity == Severity::Error).count();
    if errors > 0 {
        if strict {
            diags.iter_mut().for_each(|d| d.severity = Severity::Error);
        }
        return Err(Error::Invalid(diags));
    }
    Ok(CheckReport { site, warnings: diags })
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
