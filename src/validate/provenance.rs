//! Provenance (`nianbao check --sources`): every figure stands in the source text it cites.
//!
//! The sources are OCR'd newspaper pages, so the comparison ignores whitespace and the `**`
//! bold markers the OCR left; everything else must match character for character.

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::model::{Claim, Fact, Site, Unit};

/// Whitespace and `**` removed: the form in which figures are compared with sources.
pub fn normalize(text: &str) -> String {
    text.replace("**", "").chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks every fact's figure against the text of the source it cites: `texts` holds each
/// source's text by id, as [`crate::load::source_texts`] read it (a source without a text was
/// reported there).
pub fn check_sources(site: &Site, texts: &HashMap<String, String>) -> Vec<Diagnostic> {
    let normalized: HashMap<&str, String> = texts.iter().map(|(id, t)| (id.as_str(), normalize(t))).collect();
    let mut diags: Vec<Diagnostic> =
        site.facts.iter().filter_map(|fact| check_fact(site, fact, normalized.get(site.sources[fact.source].id.as_str())?)).collect();
    // An editor's rating quotes its source: the words must stand in it.
    for fact in &site.facts {
        let Some(stated) = &fact.rating else { continue };
        let (Some(source), Some(quote)) = (stated.source, &stated.quote) else { continue };
        let id = &site.sources[source].id;
        if normalized.get(id.as_str()).is_some_and(|text| !text.contains(&normalize(quote))) {
            diags.push(
                Diagnostic::at(&fact.file.path, fact.line, 1, format!("the rating's quote `{quote}` does not appear in source `{id}`"))
                    .hint("copy the words exactly as the source prints them (whitespace and ** are ignored), or name the source that prints them"),
            );
        }
    }
    diags
}

fn check_fact(site: &Site, fact: &Fact, source_text: &str) -> Option<Diagnostic> {
    let source = &site.sources[fact.source].id;
    let figure = fact.figure.as_deref()?;
    let at = |msg: String, hint: &str| Some(Diagnostic::at(&fact.file.path, fact.line, 1, msg).hint(hint));
    if !source_text.contains(&normalize(figure)) {
        return at(
            format!("the figure `{figure}` does not appear in source `{source}`"),
            "copy the figure exactly as the source prints it (whitespace and ** are ignored), or cite the source that prints it",
        );
    }
    if let Claim::Figure { value, unit, .. } = fact.claim
        && !states(figure, value, unit)
    {
        return at(
            format!("the value {value} {unit} does not agree with the figure `{figure}`"),
            "the figure string must contain the value as printed followed by its unit (多 or 余 may stand between)",
        );
    }
    None
}

/// True when `figure` prints `value` directly followed by `unit` (多/余 may stand between).
pub fn states(figure: &str, value: f64, unit: Unit) -> bool {
    let chars: Vec<char> = figure.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let number: String = chars[start..i].iter().filter(|c| **c != ',').collect();
        let number = number.trim_end_matches('.');
        let mut rest: String = chars[i..].iter().collect();
        // 多 / 余 ("more than") may follow the number or its 万: 900多家, 22万余件.
        for q in ["多", "余"] {
            if let Some(r) = rest.strip_prefix(q) {
                rest = r.to_string();
            } else if let Some(r) = rest.strip_prefix(&format!("万{q}")) {
                rest = format!("万{r}");
            }
        }
        let matches_value = number.parse::<f64>().is_ok_and(|n| (n - value).abs() <= 1e-9 * value.abs().max(1.0));
        if matches_value && rest.starts_with(unit.as_str()) && !longer_unit_follows(&rest, unit) {
            return true;
        }
    }
    false
}

/// A figure in 万人次 does not state a value in 万人, nor 3个百分点 a count in 个: the unit must not
/// be the start of a longer unit the figure actually prints.
fn longer_unit_follows(rest: &str, unit: Unit) -> bool {
    let name = unit.as_str();
    rest.starts_with(&format!("{name}百分点"))
        || Unit::all_names().iter().any(|longer| longer.len() > name.len() && longer.starts_with(name) && rest.starts_with(longer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_state_value_and_unit() {
        let yi = Unit::parse("亿元").unwrap();
        assert!(states("地区生产总值完成785.6亿元", 785.6, yi));
        assert!(!states("785.6亿元", 785.7, yi));
        assert!(!states("1785.6亿元", 785.6, yi));
        assert!(states("900多家", 900.0, Unit::parse("家").unwrap()));
        assert!(states("22万余件", 22.0, Unit::parse("万件").unwrap()));
        assert!(states("增长8%", 8.0, Unit::Percent));
        assert!(!states("增长8%", 8.0, yi));
        assert!(!states("3个百分点", 3.0, Unit::parse("个").unwrap()));
        assert!(states("1,217项", 1217.0, Unit::parse("项").unwrap()));
        assert!(!states("55万人次", 55.0, Unit::parse("万人").unwrap()));
        assert!(states("55万人次", 55.0, Unit::parse("万人次").unwrap()));
    }

    #[test]
    fn normalizing_drops_whitespace_and_bold() {
        assert_eq!(normalize("完成**785.6亿元**,\n总量"), "完成785.6亿元,总量");
    }
}
