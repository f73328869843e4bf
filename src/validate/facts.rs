//! Facts of year and plan files: a figure of a known indicator in its unit, or a milestone;
//! a period inside its file's years, a status, a source, and the figure as the source prints
//! it. The same figure stated twice is refused.

use std::collections::HashMap;

use super::catalogs::{life_list, topic_list, unit_hint};
use super::report::{Reporter, reporter};
use crate::error::{Diagnostic, did_you_mean};
use crate::load::Loaded;
use crate::load::raw::*;
use crate::model::*;

/// The year files, each named after its year and holding it once; their facts go to `facts`.
pub fn years(files: &[(String, Loaded<RawYear>)], ids: &Ids, indicators: &[Indicator], facts: &mut Vec<Fact>, diags: &mut Vec<Diagnostic>) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    let mut seen_years: HashMap<u16, std::path::PathBuf> = HashMap::new();
    for (stem, file) in files {
        let mut r = reporter(file, diags);
        let y = file.value.year.value;
        // `02020.yaml` and `+2020.yaml` parse as 2020, but are not its name.
        match stem.parse::<u16>().ok().filter(|n| n.to_string() == *stem).ok_or(()) {
            Ok(n) if n == y => {}
            Ok(n) => r.at(
                &file.value.year,
                format!("this file is named {stem}.yaml but says `year: {y}`"),
                format!("write `year: {n}`, or rename the file to {y}.yaml"),
            ),
            Err(()) => r.diags.push(Diagnostic::file(&file.file.path, format!("a year file must be named after its year, not `{stem}`")).hint(
                if stem.parse::<u16>().is_ok() {
                    format!("rename it to {y}.yaml: four digits, no sign or leading zero")
                } else {
                    "name it like 2020.yaml; five-year plans go in content/plans/".to_string()
                },
            )),
        }
        if let Some(prev) = seen_years.insert(y, file.file.path.clone()) {
            r.at(&file.value.year, format!("year {y} is already defined in {}", prev.display()), "keep one file per year");
        }
        let home = Home::Year(YearId(years.len()));
        let list = file.value.facts.iter().filter_map(|f| fact(&mut r, f, home, (y, y), ids, indicators, facts)).collect();
        years.push(Year { year: y, facts: list });
    }
    years
}

/// The five-year plan files, each a span of years; their facts go to `facts`.
pub fn plans(files: &[(String, Loaded<RawPlan>)], ids: &Ids, indicators: &[Indicator], facts: &mut Vec<Fact>, diags: &mut Vec<Diagnostic>) -> Vec<Plan> {
    let mut plans = Vec::new();
    for (stem, file) in files {
        let mut r = reporter(file, diags);
        let id = r.slug(&S { value: stem.clone(), referenced: file.value.start.referenced, defined: file.value.start.defined }, "plan");
        let (start, end) = (file.value.start.value, file.value.end.value);
        if start >= end {
            r.at(
                &file.value.end,
                format!("a plan ends after it starts, but {start} to {end} does not"),
                "write the first and last year of the plan, e.g. start: 2016, end: 2020",
            );
        }
        let home = Home::Plan(PlanId(plans.len()));
        let list = file.value.facts.iter().filter_map(|f| fact(&mut r, f, home, (start, end), ids, indicators, facts)).collect();
        plans.push(Plan { id, name: r.text(&file.value.name, "name"), full_name: r.text(&file.value.full_name, "full name"), start, end, facts: list });
    }
    plans
}

/// The lookup tables facts are resolved against.
pub struct Ids {
    pub sources: HashMap<String, usize>,
    pub topics: HashMap<String, usize>,
    pub boards: HashMap<String, usize>,
    pub indicators: HashMap<String, usize>,
    pub life: HashMap<String, usize>,
    /// Indicators whose unit is unknown (already reported): a fact's unit is not compared.
    pub unknown_unit: Vec<bool>,
}

/// Checks one fact and appends it to `facts`, returning its index.
pub fn fact(
    r: &mut Reporter<'_>,
    f: &S<RawFact>,
    home: Home,
    (first, last): (u16, u16),
    ids: &Ids,
    indicators: &[Indicator],
    facts: &mut Vec<Fact>,
) -> Option<usize> {
    let errors_before = r.diags.len();
    let raw = &f.value;
    let line = f.referenced.line() as usize;
    let whole_fact = |r: &mut Reporter<'_>, msg: String, hint: &str| r.at(f, msg, hint);

    let period = Period::parse(&raw.period.value);
    match period {
        None => r.at(
            &raw.period,
            format!("`{}` is not a period", raw.period.value),
            "write a year (\"2020\"), a half-year (\"2019-H1\") or a span (\"2016-2020\"), in quotes",
        ),
        Some(p) => {
            let (a, b) = p.years();
            if a < first || b > last {
                let file_span = if first == last { first.to_string() } else { format!("{first}-{last}") };
                r.at(
                    &raw.period,
                    format!("period {p} lies outside this file's {file_span}"),
                    "a fact belongs in the file of the year (or plan) it is about; move it there",
                );
            }
        }
    }
    let status = Status::parse(&raw.status.value);
    if status.is_none() {
        let hint = match did_you_mean(&raw.status.value, ["target", "estimate", "actual"]) {
            Some(b) => format!("did you mean `{b}`? A status is target (a plan), estimate (预计) or actual (an outcome)"),
            None => "a status is target (a plan), estimate (预计) or actual (an outcome)".into(),
        };
        r.at(&raw.status, format!("unknown status `{}`", raw.status.value), hint);
    }
    let source = match &raw.source {
        Some(s) => r.resolve(s, "source", &ids.sources).map(SourceId),
        None => {
            whole_fact(
                r,
                "this fact has no source".into(),
                "every figure must name where it comes from: add `source: <id>` with an id from content/sources.yaml",
            );
            None
        }
    };
    let boards: Vec<BoardId> = raw.boards.iter().filter_map(|b| r.resolve(b, "board", &ids.boards)).map(BoardId).collect();
    let explicit_topics = raw.topics.as_ref().map(|t| topic_list(r, t, &ids.topics));
    let explicit_life = raw.life.as_ref().map(|a| life_list(r, a, &ids.life));

    let claim = match (&raw.indicator, &raw.milestone) {
        (Some(_), Some(_)) => {
            whole_fact(r, "a fact is either a figure (`indicator`) or a `milestone`, not both".into(), "split it into two facts");
            None
        }
        (None, None) => {
            whole_fact(
                r,
                "this fact states nothing: it has neither `indicator` nor `milestone`".into(),
                "add `indicator: <id>` with value, unit and figure, or `milestone: {zh: ..., en: ...}`",
            );
            None
        }
        (None, Some(m)) => {
            for (key, present) in [("value", raw.value.is_some()), ("unit", raw.unit.is_some())] {
                if present {
                    whole_fact(r, format!("a milestone has no `{key}`"), "make it a figure with `indicator:`, or drop the value");
                }
            }
            Some(Claim::Milestone { text: r.text(m, "milestone") })
        }
        (Some(ind), None) => figure_claim(r, f, ind, ids, indicators),
    };
    if let (Some(Claim::Figure { .. }), None) = (&claim, &raw.figure) {
        whole_fact(
            r,
            "this figure does not say how the source prints it".into(),
            "add `figure: \"...\"` with the figure exactly as printed in the source, e.g. \"760.2亿元\"",
        );
    }
    if let Some(figure) = &raw.figure {
        r.plain(figure, "figure");
    }
    let explicit = raw.qualifier.as_ref().and_then(|q| {
        let parsed = Qualifier::parse(&q.value);
        if parsed.is_none() {
            r.at(
                q,
                format!("unknown qualifier `{}`", q.value),
                "write more-than (多, 余, 超过), at-least (以上, 不少于), nearly (近), about (约, 左右), or none",
            );
        }
        parsed
    });
    if let (Some(_), Some(Claim::Milestone { .. })) = (&raw.qualifier, &claim) {
        whole_fact(r, "a milestone has no `qualifier`".into(), "a qualifier bounds a figure's value; remove it");
    }
    let id = raw.id.as_ref().map(|id| r.slug(id, "target"));
    let rating = raw.rating.as_ref().and_then(|stated| {
        let rating = Rating::parse_stated(&stated.status.value);
        if rating.is_none() {
            r.at(
                &stated.status,
                format!("unknown rating `{}`", stated.status.value),
                "an editor rates a target met, partly-met, missed, in-progress, not-reported or superseded",
            );
        }
        let source = stated.source.as_ref().and_then(|s| r.resolve(s, "source", &ids.sources)).map(SourceId);
        if let (Some(quote), None) = (&stated.quote, &stated.source) {
            r.at(quote, "a quote needs the source it is quoted from", "add `source: <id>` to the rating");
        }
        let quote = stated.quote.as_ref().map(|q| {
            r.plain(q, "quote");
            q.value.trim().to_string()
        });
        Some(StatedRating { rating: rating?, reason: r.text(&stated.reason, "reason of the rating"), source, quote })
    });
    if status.is_some_and(|s| s != Status::Target) {
        for (present, key) in [(raw.id.is_some(), "id"), (raw.rating.is_some(), "rating")] {
            if present {
                whole_fact(
                    r,
                    format!("only a target has an `{key}`"),
                    "give the `id` and the `rating` to the target; an outcome links to it with `outcome_of: <id>`",
                );
            }
        }
    }
    if r.diags.len() > errors_before {
        return None;
    }
    // The figure's own words, unless the fact says otherwise.
    let qualifier = explicit.unwrap_or_else(|| match (&claim, &raw.figure) {
        (Some(Claim::Figure { value, unit, .. }), Some(figure)) => Qualifier::in_figure(&figure.value, *value, *unit),
        _ => None,
    });
    let topics = explicit_topics.unwrap_or_else(|| match &claim {
        Some(Claim::Figure { indicator, .. }) => indicators[*indicator].topics.clone(),
        _ => Vec::new(),
    });
    let life = explicit_life.unwrap_or_else(|| match &claim {
        Some(Claim::Figure { indicator, .. }) => indicators[*indicator].life.clone(),
        _ => Vec::new(),
    });
    facts.push(Fact {
        claim: claim?,
        period: period?,
        status: status?,
        source: source?,
        figure: raw.figure.as_ref().map(|f| f.value.clone()),
        qualifier,
        id,
        // Resolved once every file's facts are known (`validate::promises`).
        outcome_of: None,
        rating,
        boards,
        topics,
        life,
        note: raw.note.as_ref().map(|n| r.text(n, "note")),
        acknowledged: raw.acknowledged.as_ref().map(|n| r.text(n, "acknowledgement")),
        home,
        file: r.file.clone(),
        line,
    });
    Some(facts.len() - 1)
}

pub fn figure_claim(r: &mut Reporter<'_>, f: &S<RawFact>, ind: &S<String>, ids: &Ids, indicators: &[Indicator]) -> Option<Claim> {
    let raw = &f.value;
    let indicator = r.resolve(ind, "indicator", &ids.indicators).map(IndicatorId);
    let Some(value) = &raw.value else {
        r.at(f, "this figure has no `value`", "add `value:` with the number as the source prints it (773 for 773亿元)");
        return None;
    };
    if !value.value.is_finite() {
        r.at(value, "the value is not a finite number", "write the number as the source prints it");
    } else if let Err(why) = plain_number(&r.file.text, value) {
        r.at(value, format!("the value is not a plain number: {why}"), "write the number as the source prints it, e.g. `value: 785.6` (at most six decimals)");
    }
    let unit = match &raw.unit {
        None => {
            r.at(f, "this figure has no `unit`", "add `unit:` as the source prints it (亿元, 万人, 个, %, ...)");
            None
        }
        Some(u) => match Unit::parse(&u.value) {
            None => {
                r.at(u, format!("unknown unit `{}`", u.value), unit_hint(&u.value));
                None
            }
            Some(unit) => {
                if let Some(i) = indicator.filter(|&i| !indicators[i].unit.counts_like(unit) && !ids.unknown_unit.get(i.index()).copied().unwrap_or(false)) {
                    let ind = &indicators[i];
                    r.at(
                        u,
                        format!("indicator `{}` is measured in {}, but this figure is in {}", ind.id, ind.unit, unit),
                        format!("write `unit: {}` (converting the value), or use an indicator measured in {unit}", ind.unit),
                    );
                }
                Some(unit)
            }
        },
    };
    if let Some(unit) = unit {
        if unit.is_count() && value.value.fract() != 0.0 {
            r.at(value, format!("a count in {unit} must be a whole number, not {}", value.value), "check the figure in the source");
        }
        if unit == Unit::Percent && value.value.abs() > 1000.0 {
            r.at(
                value,
                format!("{}% is not a share or a growth rate a report prints", value.value),
                "check the figure in the source: a percentage here lies between -100 and a few hundred",
            );
        }
        if value.value < 0.0 && unit != Unit::Percent {
            r.at(
                value,
                format!("a negative value ({}) in {unit}", value.value),
                "values in this unit cannot be negative; a decrease is written as a growth indicator in %",
            );
        }
    }
    Some(Claim::Figure { indicator: indicator?, value: value.value, unit: unit? })
}

/// The most decimals a value may have: the sources print one or two; six is room for a share
/// computed by hand, and anything more is a float written out by a tool, not a figure.
pub const MAX_DECIMALS: usize = 6;

/// The largest value in any unit: 10^12 亿元 is a hundred times the world's product.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// Whether `value` is written as a plain decimal number in `text` (the file it was read from):
/// not quoted (`"518"`, a string), tagged (`!!float 518`), in exponent form (`1e-400`, which
/// reads as 0), negative zero, with more than [`MAX_DECIMALS`] decimals (which the float
/// rounds) or beyond [`MAX_MAGNITUDE`] (which prints as hundreds of digits).
fn plain_number(text: &str, value: &S<f64>) -> Result<(), String> {
    let span = value.referenced.span();
    let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else { return Ok(()) };
    let (start, len) = (start as usize, len as usize);
    let Some(written) = text.get(start..start + len) else { return Ok(()) };
    // A tag stands before the scalar, after the key's colon (or a flow collection's comma).
    let before = text[..start].rsplit(['\n', ':', ',', '[', '{']).next().unwrap_or("");
    if before.contains('!') {
        return Err(format!("`{}{written}` carries a tag", before.trim_start()));
    }
    if written.starts_with(['"', '\'']) {
        return Err(format!("{written} is quoted, so it is text"));
    }
    let digits = written.strip_prefix('-').unwrap_or(written);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || (digits.contains('.') && frac.is_empty()) {
        return Err(format!("`{written}` is not written as digits with an optional decimal point"));
    }
    if int.len() > 1 && int.starts_with('0') {
        return Err(format!("`{written}` has a leading zero"));
    }
    if frac.len() > MAX_DECIMALS {
        return Err(format!("`{written}` has {} decimals, more than {MAX_DECIMALS}", frac.len()));
    }
    if written.starts_with('-') && value.value == 0.0 {
        return Err(format!("`{written}` is a negative zero"));
    }
    if value.value.abs() > MAX_MAGNITUDE {
        return Err(format!("`{written}` is larger than any figure of a district ({MAX_MAGNITUDE:e})"));
    }
    Ok(())
}

/// The same indicator, period, status and source stated twice is a copy-paste slip.
pub fn duplicate_facts(facts: &[Fact], diags: &mut Vec<Diagnostic>) {
    duplicates_among(facts.iter(), &mut HashMap::new(), diags);
}

/// [`duplicate_facts`] among `facts`, given those `seen` before.
pub fn duplicates_among<'a>(
    facts: impl Iterator<Item = &'a Fact>,
    seen: &mut HashMap<(IndicatorId, Period, Status, SourceId), &'a Fact>,
    diags: &mut Vec<Diagnostic>,
) {
    for f in facts {
        if let Some(ind) = f.indicator()
            && let Some(prev) = seen.insert((ind, f.period, f.status, f.source), f)
        {
            diags.push(Diagnostic::at(&f.file.path, f.line, 1, "the same figure (indicator, period, status and source) is stated twice").hint(format!(
                "the first is at {}:{}; remove one, or use a different indicator if they measure different things",
                prev.file.path.display(),
                prev.line
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{fixture_site, loaded, messages};

    fn ids_of(site: &Site) -> Ids {
        let names = |list: Vec<&str>| list.into_iter().enumerate().map(|(i, id)| (id.to_string(), i)).collect();
        Ids {
            sources: names(site.sources.iter().map(|s| s.id.as_str()).collect()),
            topics: names(site.topics.iter().map(|t| t.id.as_str()).collect()),
            boards: names(site.boards.iter().map(|b| b.id.as_str()).collect()),
            indicators: names(site.indicators.iter().map(|i| i.id.as_str()).collect()),
            life: names(site.life_areas.iter().map(|a| a.id.as_str()).collect()),
            unknown_unit: vec![false; site.indicators.len()],
        }
    }

    fn check_year(yaml: &str) -> (Vec<Fact>, Vec<Diagnostic>) {
        let site = fixture_site();
        let file = loaded::<RawYear>("years/2021.yaml", yaml);
        let (mut facts, mut diags) = (Vec::new(), Vec::new());
        years(&[("2021".to_string(), file)], &ids_of(&site), &site.indicators, &mut facts, &mut diags);
        duplicate_facts(&facts, &mut diags);
        (facts, diags)
    }

    #[test]
    fn a_good_figure_becomes_a_fact_naming_its_file_and_line() {
        let (facts, diags) = check_year(
            "year: 2021\nfacts:\n  - {indicator: gdp, value: 800, unit: 亿元, period: '2021', status: target, source: 2021-two-sessions, figure: 800亿元}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!((facts[0].line, facts[0].status), (3, Status::Target));
        assert!(facts[0].file.path.ends_with("years/2021.yaml"));
        // Topics come from the indicator when the fact names none.
        assert!(!facts[0].topics.is_empty());
    }

    #[test]
    fn each_missing_or_wrong_part_of_a_fact_is_named() {
        let (facts, diags) = check_year(
            "year: 2021\nfacts:\n  - {indicator: gdp, value: 800, unit: 万元, period: '2022', status: planned, figure: x}\n  - {indicator: gdp, value: 1, unit: 亿元, period: '2021', status: actual, source: 2021-two-sessions}\n",
        );
        assert!(facts.is_empty());
        assert_eq!(
            messages(&diags),
            [
                "period 2022 lies outside this file's 2021",
                "unknown status `planned`",
                "this fact has no source",
                "indicator `gdp` is measured in 亿元, but this figure is in 万元",
                "this figure does not say how the source prints it",
            ]
        );
    }

    #[test]
    fn the_same_figure_twice_is_refused_at_the_second() {
        let fact = "{indicator: gdp, value: 1, unit: 亿元, period: '2021', status: actual, source: 2021-two-sessions, figure: 1亿元}";
        let (_, diags) = check_year(&format!("year: 2021\nfacts:\n  - {fact}\n  - {fact}\n"));
        assert_eq!(messages(&diags), ["the same figure (indicator, period, status and source) is stated twice"]);
        assert_eq!(diags[0].line, 4);
        assert!(diags[0].hint.as_deref().unwrap().contains("years/2021.yaml:3"));
    }
}
