//! The catalogs every fact refers to: sources, topics, boards (with their former names),
//! indicators and the glossary. Ids are slugs (they become URLs) and unique; texts exist in
//! both languages; references between them resolve.

use std::collections::HashMap;

use super::report::{Reporter, index_ids, reporter};
use crate::error::{Diagnostic, did_you_mean};
use crate::lang::Text;
use crate::load::Loaded;
use crate::load::raw::*;
use crate::model::*;

/// `sources.yaml`: the sources, and their ids.
pub fn sources(file: &Loaded<Vec<RawSource>>, diags: &mut Vec<Diagnostic>) -> (Vec<Source>, HashMap<String, usize>) {
    let mut r = reporter(file, diags);
    let ids = index_ids(&mut r, file.value.iter().map(|s| &s.id), "source");
    (file.value.iter().map(|s| source(&mut r, s)).collect(), ids)
}

/// `topics.yaml`: the topics (三个二七), and their ids.
pub fn topics(file: &Loaded<Vec<RawTopic>>, diags: &mut Vec<Diagnostic>) -> (Vec<Topic>, HashMap<String, usize>) {
    let mut r = reporter(file, diags);
    let ids = index_ids(&mut r, file.value.iter().map(|t| &t.id), "topic");
    let topics =
        file.value.iter().map(|t| Topic { id: r.slug(&t.id, "topic"), name: r.text(&t.name, "name"), summary: r.text(&t.summary, "summary") }).collect();
    (topics, ids)
}

/// `life_areas.yaml`: the parts of residents' lives facts are grouped by, and their ids.
pub fn life_areas(file: &Loaded<Vec<RawLifeArea>>, diags: &mut Vec<Diagnostic>) -> (Vec<LifeArea>, HashMap<String, usize>) {
    let mut r = reporter(file, diags);
    let ids = index_ids(&mut r, file.value.iter().map(|a| &a.id), "life area");
    let areas = file
        .value
        .iter()
        .map(|a| LifeArea {
            id: r.slug(&a.id, "life area"),
            name: r.text(&a.name, "name"),
            summary: r.text(&a.summary, "summary"),
            unreported: r.text(&a.unreported, "statement of what the sources do not report"),
        })
        .collect();
    (areas, ids)
}

/// The life areas a list names, each once, in catalogue order; an unknown one is an error at
/// its place.
pub fn life_list(r: &mut Reporter<'_>, list: &[S<String>], areas: &HashMap<String, usize>) -> Vec<LifeAreaId> {
    let mut out: Vec<LifeAreaId> = list.iter().filter_map(|a| r.resolve(a, "life area", areas)).map(LifeAreaId).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `boards.yaml`: the boards (六核), and their ids. A former name's slug is a page of its own,
/// so it must not clash with any board's id or other former name.
pub fn boards(file: &Loaded<Vec<RawBoard>>, topics: &HashMap<String, usize>, diags: &mut Vec<Diagnostic>) -> (Vec<Board>, HashMap<String, usize>) {
    let mut r = reporter(file, diags);
    let all_slugs = file.value.iter().flat_map(|b| std::iter::once(&b.id).chain(b.former_names.iter().map(|f| &f.slug)));
    index_ids(&mut r, all_slugs, "board");
    // (Clashes were reported just above, among every slug.)
    let ids = index_ids(&mut Reporter { diags: &mut Vec::new(), ..r }, file.value.iter().map(|b| &b.id), "board");
    (file.value.iter().map(|b| board(&mut r, b, topics)).collect(), ids)
}

/// The indicators of `indicators.yaml`, their ids, and which of them have a unit nianbao does
/// not know (reported here; facts of such an indicator are checked for everything else, so
/// one wrong unit does not hide the problems of other files).
pub struct Indicators {
    pub list: Vec<Indicator>,
    pub ids: HashMap<String, usize>,
    pub unknown_unit: Vec<bool>,
}

/// `indicators.yaml`, checked.
pub fn indicators(file: &Loaded<Vec<RawIndicator>>, topics: &HashMap<String, usize>, life: &HashMap<String, usize>, diags: &mut Vec<Diagnostic>) -> Indicators {
    let mut r = reporter(file, diags);
    let ids = index_ids(&mut r, file.value.iter().map(|i| &i.id), "indicator");
    let (mut indicators, mut unknown_unit) = (Vec::new(), Vec::new());
    for raw in &file.value {
        let checked = indicator(&mut r, raw, topics, life);
        unknown_unit.push(checked.is_none());
        // In place of an indicator whose unit is unknown: the same, counted in 个, never
        // rendered (the build stops on the error) and never compared with a fact's unit.
        indicators.push(checked.unwrap_or_else(|| Indicator {
            id: raw.id.value.clone(),
            name: Text { zh: raw.name.zh.value.clone(), en: raw.name.en.value.clone() },
            unit: Unit::Count("个"),
            kind: IndicatorKind::Level,
            topics: Vec::new(),
            headline: false,
            growth_of: None,
            life: Vec::new(),
            counted_as: None,
        }));
    }
    for (i, rawi) in file.value.iter().enumerate() {
        let Some(of) = &rawi.growth_of else { continue };
        let Some(level) = r.resolve(of, "indicator", &ids) else { continue };
        if unknown_unit[i] || unknown_unit[level] {
            continue;
        }
        if indicators[i].kind != IndicatorKind::Growth || indicators[level].kind != IndicatorKind::Level {
            r.at(
                of,
                format!(
                    "`growth_of` links a growth indicator to a level indicator, but `{}` is not growth or `{}` is not a level",
                    indicators[i].id, indicators[level].id
                ),
                "give `growth_of` only to an indicator with `kind: growth`, naming one measured in levels",
            );
        } else {
            indicators[i].growth_of = Some(IndicatorId(level));
        }
    }
    Indicators { list: indicators, ids, unknown_unit }
}

/// `glossary.yaml`: the terms.
pub fn glossary(file: &Loaded<Vec<RawTerm>>, diags: &mut Vec<Diagnostic>) -> Vec<Term> {
    let mut r = reporter(file, diags);
    index_ids(&mut r, file.value.iter().map(|t| &t.id), "glossary");
    file.value.iter().map(|t| Term { id: r.slug(&t.id, "glossary"), term: r.text(&t.term, "term"), definition: r.text(&t.definition, "definition") }).collect()
}

pub fn source(r: &mut Reporter<'_>, s: &RawSource) -> Source {
    let date_ok = s.date.value.len() == 10
        && s.date.value.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
        && matches!(s.date.value[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s.date.value[8..10].parse::<u8>(), Ok(1..=31));
    if !date_ok {
        r.at(
            &s.date,
            format!("`{}` is not a date", s.date.value),
            "write the date as YYYY-MM-DD; if only the year is known, write YYYY-01-01 and `date_precision: year`",
        );
    }
    let precision = match s.date_precision.as_ref().map(|p| p.value.as_str()) {
        None | Some("day") => DatePrecision::Day,
        Some("month") => DatePrecision::Month,
        Some("year") => DatePrecision::Year,
        Some(other) => {
            r.at(s.date_precision.as_ref().unwrap(), format!("unknown date precision `{other}`"), "write day, month or year");
            DatePrecision::Day
        }
    };
    Source {
        id: r.slug(&s.id, "source"),
        title: r.text(&s.title, "title"),
        date: s.date.value.clone(),
        precision,
        inferred: s.inferred.as_ref().map(|t| r.text(t, "reason the date is inferred")),
        publisher: r.text(&s.publisher, "publisher"),
        covers: r.text(&s.covers, "description of what the source covers"),
        coverage: None,
    }
}

pub fn topic_list(r: &mut Reporter<'_>, list: &[S<String>], topics: &HashMap<String, usize>) -> Vec<TopicId> {
    let mut out: Vec<TopicId> = list.iter().filter_map(|t| r.resolve(t, "topic", topics)).map(TopicId).collect();
    out.sort_unstable();
    out.dedup();
    out
}

pub fn board(r: &mut Reporter<'_>, b: &RawBoard, topics: &HashMap<String, usize>) -> Board {
    let former_names = b
        .former_names
        .iter()
        .map(|f| {
            let name = r.text(&RawText { zh: clone_s(&f.zh), en: clone_s(&f.en) }, "former name");
            for y in &f.years {
                if y.value >= b.since.value {
                    r.at(
                        y,
                        format!("a former name cannot be used in {} when the current name dates from {}", y.value, b.since.value),
                        "list the years before `since` in which the old name was used",
                    );
                }
            }
            FormerName { slug: r.slug(&f.slug, "former board"), name, years: f.years.iter().map(|y| y.value).collect() }
        })
        .collect();
    Board {
        id: r.slug(&b.id, "board"),
        name: r.text(&b.name, "name"),
        since: b.since.value,
        former_names,
        topics: topic_list(r, &b.topics, topics),
        summary: r.text(&b.summary, "summary"),
    }
}

pub fn clone_s(s: &S<String>) -> S<String> {
    S { value: s.value.clone(), referenced: s.referenced, defined: s.defined }
}

pub fn indicator(r: &mut Reporter<'_>, i: &RawIndicator, topics: &HashMap<String, usize>, life: &HashMap<String, usize>) -> Option<Indicator> {
    let unit = Unit::parse(&i.unit.value);
    if unit.is_none() {
        r.at(&i.unit, format!("unknown unit `{}`", i.unit.value), unit_hint(&i.unit.value));
    }
    let kind = match &i.kind {
        None => IndicatorKind::Level,
        Some(k) => IndicatorKind::parse(&k.value).unwrap_or_else(|| {
            r.at(k, format!("unknown indicator kind `{}`", k.value), "write level, growth (a % change) or share (a % of a whole)");
            IndicatorKind::Level
        }),
    };
    if kind != IndicatorKind::Level && unit != Some(Unit::Percent) {
        r.at(i.kind.as_ref().unwrap(), "growth and share indicators are measured in %", "write `unit: \"%\"`, or drop `kind`");
    }
    let counted_as = i.counted_as.as_ref().and_then(|c| {
        let words = c.value.trim();
        let person_times = unit.is_some_and(|u| matches!(u, Unit::PersonTimes | Unit::WanPersonTimes));
        if !person_times {
            r.at(
                c,
                "`counted_as` names what one 人次 (person-time) is, but this indicator is not counted in 人次",
                "drop `counted_as`, or give it to an indicator with `unit: 人次` or `万人次`",
            );
        } else if words.is_empty() || !words.is_ascii() {
            r.at(c, "`counted_as` is English words for the English pages", "write what one count is in English, e.g. `counted_as: service contacts`");
        } else {
            return Some(words.to_string());
        }
        None
    });
    Some(Indicator {
        id: r.slug(&i.id, "indicator"),
        name: r.text(&i.name, "name"),
        unit: unit?,
        kind,
        topics: topic_list(r, &i.topics, topics),
        headline: i.headline,
        growth_of: None,
        life: life_list(r, &i.life, life),
        counted_as,
    })
}

pub fn unit_hint(unit: &str) -> String {
    let known = Unit::all_names();
    match did_you_mean(unit, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? Units nianbao knows: {}", known.join(" ")),
        None => format!("units nianbao knows: {} (see the README's unit table)", known.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{loaded, messages};

    const TOPICS: &str = "- {id: quality, name: {zh: 品质二七, en: Quality Erqi}, summary: {zh: a, en: a}}\n";

    #[test]
    fn a_former_slug_may_not_clash_and_must_predate_the_rename() {
        let (_, topic_ids) = topics(&loaded("topics.yaml", TOPICS), &mut Vec::new());
        let file = loaded::<Vec<RawBoard>>(
            "boards.yaml",
            "- id: oct\n  name: {zh: 华侨城文旅板块, en: OCT}\n  since: 2021\n  former_names:\n    - {slug: fenghu, zh: 金水河源板块, en: Jinshui, years: [2021]}\n  topics: [quality]\n  summary: {zh: a, en: a}\n\
             - id: fenghu\n  name: {zh: 凤湖, en: Fenghu}\n  since: 2020\n  topics: [qualty]\n  summary: {zh: a, en: a}\n",
        );
        let mut diags = Vec::new();
        let (boards, ids) = boards(&file, &topic_ids, &mut diags);
        assert_eq!((boards.len(), ids.len()), (2, 2));
        assert_eq!(boards[0].topics, [TopicId(0)]);
        assert_eq!(
            messages(&diags),
            ["duplicate board id `fenghu`", "a former name cannot be used in 2021 when the current name dates from 2021", "unknown topic `qualty`"]
        );
    }

    #[test]
    fn counted_as_renames_person_times_in_english_only() {
        let (_, topic_ids) = topics(&loaded("topics.yaml", TOPICS), &mut Vec::new());
        let file = loaded::<Vec<RawIndicator>>(
            "indicators.yaml",
            "- {id: served, name: {zh: 服务, en: Served}, unit: 万人次, counted_as: service contacts}\n\
             - {id: gdp, name: {zh: 生产总值, en: GDP}, unit: 亿元, counted_as: yuan}\n\
             - {id: trained, name: {zh: 培训, en: Trained}, unit: 人次, counted_as: 人次}\n",
        );
        let mut diags = Vec::new();
        let checked = indicators(&file, &topic_ids, &HashMap::new(), &mut diags);
        assert_eq!(
            messages(&diags),
            [
                "`counted_as` names what one 人次 (person-time) is, but this indicator is not counted in 人次",
                "`counted_as` is English words for the English pages"
            ]
        );
        let served = &checked.list[0];
        assert_eq!(served.format(55.0, served.unit, crate::lang::Lang::En), "550,000 service contacts");
        assert_eq!(served.format(55.0, served.unit, crate::lang::Lang::Zh), "55万人次");
    }

    #[test]
    fn indicators_need_a_known_unit_and_growth_of_a_level() {
        let (_, topic_ids) = topics(&loaded("topics.yaml", TOPICS), &mut Vec::new());
        let file = loaded::<Vec<RawIndicator>>(
            "indicators.yaml",
            "- {id: gdp, name: {zh: 生产总值, en: GDP}, unit: 亿元}\n- {id: gdp-growth, name: {zh: 增速, en: Growth}, unit: '%', kind: growth, growth_of: gdp}\n",
        );
        let mut diags = Vec::new();
        let checked = indicators(&file, &topic_ids, &HashMap::new(), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(checked.list[1].growth_of, Some(IndicatorId(0)));
        let bad = loaded::<Vec<RawIndicator>>("indicators.yaml", "- {id: gdp, name: {zh: 生产总值, en: GDP}, unit: 亿}\n");
        let mut diags = Vec::new();
        assert_eq!(indicators(&bad, &topic_ids, &HashMap::new(), &mut diags).unknown_unit, [true]);
        assert_eq!(messages(&diags), ["unknown unit `亿`"]);
        assert!(diags[0].hint.as_deref().unwrap().starts_with("did you mean `亿元`?"));
    }

    #[test]
    fn sources_need_a_real_date() {
        let file = loaded::<Vec<RawSource>>(
            "sources.yaml",
            "- {id: a, title: {zh: 甲, en: A}, date: 2021-02-30x, publisher: {zh: 乙, en: B}, covers: {zh: 丙, en: C}}\n",
        );
        let mut diags = Vec::new();
        sources(&file, &mut diags);
        assert_eq!(messages(&diags), ["`2021-02-30x` is not a date"]);
    }
}
