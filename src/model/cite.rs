//! Facts cited in commentary: `[[gdp 2020]]` renders the figure of indicator `gdp` for 2020
//! in the page's language, linked to its source, so prose and figures cannot drift apart.
//!
//! Forms: `[[indicator]]` (the latest period), `[[indicator period]]`, and
//! `[[indicator period status]]`. Without a status, the actual is cited, else the estimate,
//! else the target; among several sources, the latest.

use crate::model::{Period, Site, Status};

/// A citation as written, with its position in the Markdown (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    pub indicator: String,
    pub period: Option<String>,
    pub status: Option<String>,
    /// Byte range of `[[...]]` in the Markdown.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// Every `[[...]]` citation in `markdown`.
pub fn find(markdown: &str) -> Vec<Cite> {
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
        let mut parts = inner.split_whitespace();
        let Some(indicator) = parts.next() else { continue };
        let before = &markdown[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        out.push(Cite {
            indicator: indicator.to_string(),
            period: parts.next().map(str::to_string),
            status: parts.next().map(str::to_string),
            start,
            end,
            line,
            column,
        });
    }
    out
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
    let facts = &site.index.by_indicator[indicator];
    let latest = period.or_else(|| facts.iter().map(|&f| site.facts[f].period).max());
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
}
