//! Validation: raw content in, a [`Site`] out, or every problem found.
//!
//! Checks meaning, not shape (shape is the loader's): ids exist and are unique, every figure has
//! a source, texts exist in both languages, periods fall in their file's year, commentary has
//! its twin. Each problem points at the value that causes it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::error::{Diagnostic, did_you_mean};
use crate::lang::{Lang, Text};
use crate::load::raw::*;
use crate::load::{Loaded, RawContent, Section};
use crate::model::*;

/// Collects diagnostics for one file, pointing at spanned values.
struct Reporter<'a> {
    path: &'a Path,
    text: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    /// Lines before the YAML in its file (front matter starts on line 2).
    line_offset: usize,
}

impl Reporter<'_> {
    fn at<T>(&mut self, value: &S<T>, message: impl Into<String>, hint: impl Into<String>) {
        let loc = value.referenced;
        let d = Diagnostic::at(self.path, loc.line() as usize + self.line_offset, loc.column() as usize, message).with_source(self.text).hint(hint);
        self.diags.push(d);
    }

    fn text(&mut self, raw: &RawText, what: &str) -> Text {
        for (lang, s) in [(Lang::Zh, &raw.zh), (Lang::En, &raw.en)] {
            if s.value.trim().is_empty() {
                self.at(s, format!("the {} {what} is empty", lang_name(lang)), format!("write the {what} in {}", lang_name(lang)));
            }
        }
        Text { zh: raw.zh.value.trim().to_string(), en: raw.en.value.trim().to_string() }
    }

    fn slug(&mut self, id: &S<String>, what: &str) -> String {
        let ok = !id.value.is_empty()
            && id.value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.value.starts_with('-')
            && !id.value.ends_with('-');
        if !ok {
            let suggestion: String = id.value.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
            self.at(
                id,
                format!("the {what} id `{}` is not an ASCII slug", id.value),
                format!(
                    "ids become URLs: use lowercase letters, digits and hyphens{}",
                    if suggestion.trim_matches('-').is_empty() { String::new() } else { format!(", e.g. `{}`", suggestion.trim_matches('-')) }
                ),
            );
        }
        id.value.clone()
    }

    /// Resolves a reference to an id of `kind`, suggesting the closest id when unknown.
    fn resolve(&mut self, id: &S<String>, kind: &str, ids: &HashMap<String, usize>) -> Option<usize> {
        if let Some(i) = ids.get(&id.value) {
            return Some(*i);
        }
        let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
        known.sort_unstable();
        let hint = match did_you_mean(&id.value, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? Known {kind}s: {}", known.join(", ")),
            None => format!("known {kind}s: {}", known.join(", ")),
        };
        self.at(id, format!("unknown {kind} `{}`", id.value), hint);
        None
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese (zh)",
        Lang::En => "English (en)",
    }
}

/// Assigns indices to ids, reporting duplicates.
fn index_ids<'a>(r: &mut Reporter<'_>, ids: impl Iterator<Item = &'a S<String>>, kind: &str) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        if let Some(line) = first.get(&id.value) {
            r.at(id, format!("duplicate {kind} id `{}`", id.value), format!("it is already used on line {line}; give each {kind} its own id"));
        } else {
            first.insert(id.value.clone(), id.referenced.line() as usize);
            map.insert(id.value.clone(), i);
        }
    }
    map
}

fn reporter<'a, T>(file: &'a Loaded<T>, diags: &'a mut Vec<Diagnostic>) -> Reporter<'a> {
    Reporter { path: &file.path, text: &file.text, diags, line_offset: 0 }
}

/// The lookup tables facts are resolved against.
struct Ids {
    sources: HashMap<String, usize>,
    topics: HashMap<String, usize>,
    boards: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
}

/// Checks raw content and builds the site model. `themes` lists the theme folders that exist.
pub fn validate(raw: RawContent, themes: &[String]) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let config = site_config(&raw.site, themes, &mut diags);

    let mut r = reporter(&raw.sources, &mut diags);
    let source_ids = index_ids(&mut r, raw.sources.value.iter().map(|s| &s.id), "source");
    let sources: Vec<Source> = raw.sources.value.iter().map(|s| source(&mut r, s)).collect();

    let mut r = reporter(&raw.topics, &mut diags);
    let topic_ids = index_ids(&mut r, raw.topics.value.iter().map(|t| &t.id), "topic");
    let topics: Vec<Topic> =
        raw.topics.value.iter().map(|t| Topic { id: r.slug(&t.id, "topic"), name: r.text(&t.name, "name"), summary: r.text(&t.summary, "summary") }).collect();

    let mut r = reporter(&raw.boards, &mut diags);
    let all_slugs = raw.boards.value.iter().flat_map(|b| std::iter::once(&b.id).chain(b.former_names.iter().map(|f| &f.slug)));
    index_ids(&mut r, all_slugs, "board");
    let board_ids = index_ids(&mut Reporter { diags: &mut Vec::new(), ..r }, raw.boards.value.iter().map(|b| &b.id), "board");
    let boards: Vec<Board> = raw.boards.value.iter().map(|b| board(&mut r, b, &topic_ids)).collect();

    let mut r = reporter(&raw.indicators, &mut diags);
    let indicator_ids = index_ids(&mut r, raw.indicators.value.iter().map(|i| &i.id), "indicator");
    let mut indicators: Vec<Indicator> = raw.indicators.value.iter().filter_map(|i| indicator(&mut r, i, &topic_ids)).collect();
    if indicators.len() == raw.indicators.value.len() {
        for (i, rawi) in raw.indicators.value.iter().enumerate() {
            let Some(of) = &rawi.growth_of else { continue };
            let Some(level) = r.resolve(of, "indicator", &indicator_ids) else { continue };
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
                indicators[i].growth_of = Some(level);
            }
        }
    }
    if indicators.len() != raw.indicators.value.len() {
        // An indicator failed; fact checks against it would only repeat the problem.
        return Err(diags);
    }

    let glossary = match &raw.glossary {
        Some(g) => {
            let mut r = reporter(g, &mut diags);
            index_ids(&mut r, g.value.iter().map(|t| &t.id), "glossary");
            g.value
                .iter()
                .map(|t| Term { id: r.slug(&t.id, "glossary"), term: r.text(&t.term, "term"), definition: r.text(&t.definition, "definition") })
                .collect()
        }
        None => Vec::new(),
    };

    let ids = Ids { sources: source_ids, topics: topic_ids, boards: board_ids, indicators: indicator_ids };
    let mut facts = Vec::new();
    let mut years: Vec<Year> = Vec::new();
    let mut seen_years: HashMap<u16, std::path::PathBuf> = HashMap::new();
    for (stem, file) in &raw.years {
        let mut r = reporter(file, &mut diags);
        let y = file.value.year.value;
        match stem.parse::<u16>() {
            Ok(n) if n == y => {}
            Ok(n) => r.at(
                &file.value.year,
                format!("this file is named {stem}.yaml but says `year: {y}`"),
                format!("write `year: {n}`, or rename the file to {y}.yaml"),
            ),
            Err(_) => r.diags.push(
                Diagnostic::file(&file.path, format!("a year file must be named after its year, not `{stem}`"))
                    .hint("name it like 2020.yaml; five-year plans go in content/plans/"),
            ),
        }
        if let Some(prev) = seen_years.insert(y, file.path.clone()) {
            r.at(&file.value.year, format!("year {y} is already defined in {}", prev.display()), "keep one file per year");
        }
        let home = Home::Year(years.len());
        let list = file.value.facts.iter().filter_map(|f| fact(&mut r, f, home, (y, y), &ids, &indicators, &mut facts)).collect();
        years.push(Year { year: y, facts: list });
    }

    let mut plans = Vec::new();
    for (stem, file) in &raw.plans {
        let mut r = reporter(file, &mut diags);
        let id = r.slug(&S { value: stem.clone(), referenced: file.value.start.referenced, defined: file.value.start.defined }, "plan");
        let (start, end) = (file.value.start.value, file.value.end.value);
        if start >= end {
            r.at(
                &file.value.end,
                format!("a plan ends after it starts, but {start} to {end} does not"),
                "write the first and last year of the plan, e.g. start: 2016, end: 2020",
            );
        }
        let home = Home::Plan(plans.len());
        let list = file.value.facts.iter().filter_map(|f| fact(&mut r, f, home, (start, end), &ids, &indicators, &mut facts)).collect();
        plans.push(Plan { id, name: r.text(&file.value.name, "name"), full_name: r.text(&file.value.full_name, "full name"), start, end, facts: list });
    }

    duplicate_facts(&facts, &mut diags);
    let commentary = commentary(raw.commentary, &years, &plans, &boards, &topics, config.translation_fallback, &mut diags);

    if !diags.is_empty() {
        return Err(diags);
    }
    // Pages are listed in order; facts keep their indices.
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| years[i].year);
    let remap: HashMap<usize, usize> = order.iter().enumerate().map(|(new, &old)| (old, new)).collect();
    for f in &mut facts {
        if let Home::Year(i) = f.home {
            f.home = Home::Year(remap[&i]);
        }
    }
    let years = order.into_iter().map(|i| years[i].clone()).collect();
    let facts: Vec<Arc<Fact>> = facts.into_iter().map(Arc::new).collect();
    let index = Arc::new(FactIndex::new(&facts, indicators.len(), boards.len(), topics.len(), sources.len()));
    let site = Site { config, sources, topics, boards, indicators, glossary, years, plans, facts, commentary: Arc::new(commentary), index };
    let diags = citations(&site);
    if diags.is_empty() { Ok(site) } else { Err(diags) }
}

/// `site` with one year's file revised (`file`, named `<stem>.yaml`), checked as [`validate`]
/// checks it; `Ok(None)` when the revision is more than new contents for the same number of
/// facts (a year renamed or added, facts added or removed), which needs a whole validation.
///
/// This is the preview's fast path: at 10,000 years, loading and validating everything takes
/// seconds, revising one year a millisecond.
pub fn revise_year(site: &Site, file: &Loaded<RawYear>, stem: &str) -> Result<Option<Site>, Vec<Diagnostic>> {
    let y = file.value.year.value;
    if stem.parse::<u16>().ok() != Some(y) {
        return Ok(None);
    }
    let Ok(i) = site.years.binary_search_by_key(&y, |x| x.year) else { return Ok(None) };
    let old = &site.years[i].facts;
    if file.value.facts.len() != old.len() {
        return Ok(None);
    }
    let names = |list: &mut dyn Iterator<Item = &str>| list.enumerate().map(|(i, id)| (id.to_string(), i)).collect();
    let ids = Ids {
        sources: names(&mut site.sources.iter().map(|s| s.id.as_str())),
        topics: names(&mut site.topics.iter().map(|t| t.id.as_str())),
        boards: names(&mut site.boards.iter().map(|b| b.id.as_str())),
        indicators: names(&mut site.indicators.iter().map(|i| i.id.as_str())),
    };
    let mut diags = Vec::new();
    let mut new = Vec::new();
    let mut r = reporter(file, &mut diags);
    for f in &file.value.facts {
        fact(&mut r, f, Home::Year(i), (y, y), &ids, &site.indicators, &mut new);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if new.len() != old.len() {
        return Ok(None);
    }
    // Duplicates among the year's facts, and against other files' facts of the same indicator
    // and year, in file order (the first stated is named as the first).
    let mut candidates: Vec<(usize, &Fact)> = old.iter().copied().zip(&new).collect();
    let indicators: BTreeSet<usize> = new.iter().filter_map(Fact::indicator).collect();
    for &ind in &indicators {
        let others = site.index.near(&site.facts, ind, y, y).into_iter().filter(|f| !old.contains(f) && site.facts[*f].period.years() == (y, y));
        candidates.extend(others.map(|f| (f, &*site.facts[f])));
    }
    candidates.sort_by_key(|(i, _)| *i);
    let mut seen: HashMap<(usize, crate::model::Period, Status, usize), &Fact> = HashMap::new();
    duplicates_among(candidates.into_iter().map(|(_, f)| f), &mut seen, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let grouping = |f: &Fact| (f.indicator(), f.period, f.status, f.source, f.boards.clone(), f.topics.clone());
    let regroup = old.iter().zip(&new).any(|(&o, n)| grouping(&site.facts[o]) != grouping(n));
    let mut revised = site.clone();
    for (&o, n) in old.iter().zip(new) {
        revised.facts[o] = Arc::new(n);
    }
    if regroup {
        revised.index = Arc::new(FactIndex::new(&revised.facts, revised.indicators.len(), revised.boards.len(), revised.topics.len(), revised.sources.len()));
    }
    // A revised fact may be the one a citation names, or no longer match it.
    let diags = citations(&revised);
    if diags.is_empty() { Ok(Some(revised)) } else { Err(diags) }
}

/// Every `[[...]]` citation in commentary must name a fact.
fn citations(site: &Site) -> Vec<Diagnostic> {
    site.commentary.values().filter(|c| c.cites).flat_map(|c| citations_of(site, c)).collect()
}

/// The citations of one commentary that name no fact.
fn citations_of(site: &Site, c: &Commentary) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for cite in crate::cite::find(&c.markdown) {
        if let Err(why) = crate::cite::resolve(site, &cite) {
            let text = std::fs::read_to_string(&c.path).unwrap_or_default();
            diags.push(
                Diagnostic::at(&c.path, c.body_line + cite.line - 1, cite.column, why)
                    .with_source(&text)
                    .hint("cite a fact as [[indicator]], [[indicator period]] or [[indicator period status]], e.g. [[gdp 2020 actual]]"),
            );
        }
    }
    diags
}

/// `site` with one commentary file revised, checked as [`validate`] checks it; `Ok(None)`
/// when it is not the text of a page the site has (a new or misnamed file: a whole
/// validation says what is wrong). The preview's fast path for commentary.
pub fn revise_commentary(site: &Site, c: &crate::load::RawCommentary) -> Result<Option<Site>, Vec<Diagnostic>> {
    let key = (c.section, c.key.clone(), c.lang);
    if !site.commentary.contains_key(&key) {
        return Ok(None);
    }
    let mut diags = Vec::new();
    let revised_text = checked_commentary(c, &mut diags);
    diags.extend(citations_of(site, &revised_text));
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut revised = site.clone();
    Arc::make_mut(&mut revised.commentary).insert(key, Arc::new(revised_text));
    Ok(Some(revised))
}

/// A commentary file's own checks (a body, no empty front-matter values), and its model.
fn checked_commentary(c: &crate::load::RawCommentary, diags: &mut Vec<Diagnostic>) -> Commentary {
    if c.body.trim().is_empty() {
        diags.push(Diagnostic::at(&c.path, c.body_line, 1, "the commentary is empty").hint("write the commentary, or delete both language files"));
    }
    let mut r = Reporter { path: &c.path, text: &c.text, diags, line_offset: 1 };
    for s in [&c.front.title, &c.front.summary].into_iter().flatten() {
        if s.value.trim().is_empty() {
            r.at(s, "an empty front-matter value", "write the text, or remove the key");
        }
    }
    Commentary {
        title: c.front.title.as_ref().map(|s| s.value.trim().to_string()),
        summary: c.front.summary.as_ref().map(|s| s.value.trim().to_string()),
        markdown: c.body.clone(),
        path: c.path.clone(),
        body_line: c.body_line,
        cites: !crate::cite::find(&c.body).is_empty(),
    }
}

fn site_config(file: &Loaded<RawSite>, themes: &[String], diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut r = reporter(file, diags);
    let s = &file.value;
    let default_lang = match &s.default_language {
        Some(l) => Lang::from_code(&l.value).unwrap_or_else(|| {
            r.at(l, format!("unknown language `{}`", l.value), "nianbao publishes zh and en: write `zh` or `en`");
            Lang::Zh
        }),
        None => Lang::Zh,
    };
    if let Some(langs) = &s.languages {
        let codes: Vec<&str> = langs.value.iter().map(|l| l.value.as_str()).collect();
        for l in &langs.value {
            if Lang::from_code(&l.value).is_none() {
                r.at(l, format!("unknown language `{}`", l.value), "nianbao publishes zh and en");
            }
        }
        if !(codes.contains(&"zh") && codes.contains(&"en")) {
            r.at(langs, "both languages are first-class: the site must list zh and en", "write `languages: [zh, en]`");
        }
    }
    let base_url = match &s.base_url {
        Some(b) => match normalize_base_url(&b.value) {
            Some(u) => u,
            None => {
                r.at(b, format!("`{}` is not a base URL", b.value), "write `/`, a path such as `/erqi/`, or a full URL such as `https://example.org/erqi/`");
                "/".into()
            }
        },
        None => "/".into(),
    };
    let theme = match &s.theme {
        Some(t) if !themes.contains(&t.value) => {
            let hint = match did_you_mean(&t.value, themes.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? Themes found in themes/: {}", themes.join(", ")),
                None => format!("themes found in themes/: {}", if themes.is_empty() { "none".into() } else { themes.join(", ") }),
            };
            r.at(t, format!("theme `{}` does not exist", t.value), hint);
            t.value.clone()
        }
        Some(t) => t.value.clone(),
        None => "default".into(),
    };
    SiteConfig {
        title: r.text(&s.title, "site title"),
        description: r.text(&s.description, "site description"),
        default_lang,
        base_url,
        theme,
        allow_html: s.allow_html,
        translation_fallback: s.translation_fallback,
    }
}

/// `https://example.org/erqi` -> `https://example.org/erqi/`; `erqi` -> `/erqi/`.
pub fn normalize_base_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(char::is_whitespace) || raw.contains(['"', '<', '>', '\'', '\\', '?', '#']) {
        return None;
    }
    let mut url = if let Some(rest) = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")) {
        if rest.is_empty() || rest.starts_with('/') {
            return None;
        }
        raw.to_string()
    } else if raw.contains("://") {
        return None;
    } else {
        format!("/{}", raw.trim_start_matches('/'))
    };
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

fn source(r: &mut Reporter<'_>, s: &RawSource) -> Source {
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
    }
}

fn topic_list(r: &mut Reporter<'_>, list: &[S<String>], topics: &HashMap<String, usize>) -> Vec<usize> {
    let mut out: Vec<usize> = list.iter().filter_map(|t| r.resolve(t, "topic", topics)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn board(r: &mut Reporter<'_>, b: &RawBoard, topics: &HashMap<String, usize>) -> Board {
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

fn clone_s(s: &S<String>) -> S<String> {
    S { value: s.value.clone(), referenced: s.referenced, defined: s.defined }
}

fn indicator(r: &mut Reporter<'_>, i: &RawIndicator, topics: &HashMap<String, usize>) -> Option<Indicator> {
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
    Some(Indicator {
        id: r.slug(&i.id, "indicator"),
        name: r.text(&i.name, "name"),
        unit: unit?,
        kind,
        topics: topic_list(r, &i.topics, topics),
        headline: i.headline,
        growth_of: None,
    })
}

fn unit_hint(unit: &str) -> String {
    let known = Unit::all_names();
    match did_you_mean(unit, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? Units nianbao knows: {}", known.join(" ")),
        None => format!("units nianbao knows: {} (see the README's unit table)", known.join(" ")),
    }
}

/// Checks one fact and appends it to `facts`, returning its index.
fn fact(
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
        Some(s) => r.resolve(s, "source", &ids.sources),
        None => {
            whole_fact(
                r,
                "this fact has no source".into(),
                "every figure must name where it comes from: add `source: <id>` with an id from content/sources.yaml",
            );
            None
        }
    };
    let boards: Vec<usize> = raw.boards.iter().filter_map(|b| r.resolve(b, "board", &ids.boards)).collect();
    let explicit_topics = raw.topics.as_ref().map(|t| topic_list(r, t, &ids.topics));

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
    if r.diags.len() > errors_before {
        return None;
    }
    let topics = explicit_topics.unwrap_or_else(|| match &claim {
        Some(Claim::Figure { indicator, .. }) => indicators[*indicator].topics.clone(),
        _ => Vec::new(),
    });
    facts.push(Fact {
        claim: claim?,
        period: period?,
        status: status?,
        source: source?,
        figure: raw.figure.as_ref().map(|f| f.value.clone()),
        boards,
        topics,
        note: raw.note.as_ref().map(|n| r.text(n, "note")),
        acknowledged: raw.acknowledged.as_ref().map(|n| r.text(n, "acknowledgement")),
        home,
        path: r.path.to_path_buf(),
        line,
    });
    Some(facts.len() - 1)
}

fn figure_claim(r: &mut Reporter<'_>, f: &S<RawFact>, ind: &S<String>, ids: &Ids, indicators: &[Indicator]) -> Option<Claim> {
    let raw = &f.value;
    let indicator = r.resolve(ind, "indicator", &ids.indicators);
    let Some(value) = &raw.value else {
        r.at(f, "this figure has no `value`", "add `value:` with the number as the source prints it (773 for 773亿元)");
        return None;
    };
    if !value.value.is_finite() {
        r.at(value, "the value is not a finite number", "write the number as the source prints it");
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
                if let Some(i) = indicator.filter(|&i| indicators[i].unit != unit) {
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

/// The same indicator, period, status and source stated twice is a copy-paste slip.
fn duplicate_facts(facts: &[Fact], diags: &mut Vec<Diagnostic>) {
    duplicates_among(facts.iter(), &mut HashMap::new(), diags);
}

fn duplicates_among<'a>(
    facts: impl Iterator<Item = &'a Fact>,
    seen: &mut HashMap<(usize, crate::model::Period, Status, usize), &'a Fact>,
    diags: &mut Vec<Diagnostic>,
) {
    for f in facts {
        if let Some(ind) = f.indicator()
            && let Some(prev) = seen.insert((ind, f.period, f.status, f.source), f)
        {
            diags.push(Diagnostic::at(&f.path, f.line, 1, "the same figure (indicator, period, status and source) is stated twice").hint(format!(
                "the first is at {}:{}; remove one, or use a different indicator if they measure different things",
                prev.path.display(),
                prev.line
            )));
        }
    }
}

fn commentary(
    files: Vec<crate::load::RawCommentary>,
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
            diags.push(Diagnostic::file(&c.path, format!("there is no {} `{}` for this commentary", c.section.dir().trim_end_matches('s'), c.key)).hint(hint));
            continue;
        }
        let twin = present.contains(&(c.section, c.key.as_str(), c.lang.other()));
        if !twin && !fallback {
            let twin_name = format!("{}.{}.md", c.key, c.lang.other().code());
            diags.push(
                Diagnostic::file(&c.path, format!("missing translation: this {} commentary has no {} twin", lang_name(c.lang), lang_name(c.lang.other())))
                    .hint(format!("write content/{}/{twin_name}; both languages are first-class", c.section.dir())),
            );
        }
        out.insert((c.section, c.key.clone(), c.lang), Arc::new(checked_commentary(c, diags)));
    }
    out
}
