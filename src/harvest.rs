//! `nianbao harvest`: candidate facts read from a report's text, as YAML to paste into a year
//! file. Every number directly followed by a unit nianbao knows becomes a candidate with its
//! figure string (which passes the provenance check as written), a guessed status (from the
//! nearest section heading and the cue words of its sentence), period and indicator. Chinese
//! numerals and ranges are listed apart, for the editor to enter by hand; candidates the content
//! already holds are marked, so a second run shows only what is left.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Claim, Period, Qualifier, Site, Status, Unit};
use crate::validate::provenance::{normalize, states};

/// One candidate fact: a number and its unit as the source prints them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The value as printed (commas dropped): `785.6`.
    pub value_text: String,
    pub value: f64,
    pub unit: Unit,
    /// A short substring of the source ending with the unit (and 以上 / 左右).
    pub figure: String,
    /// Set only where the source's words bound the value differently from what
    /// [`Qualifier::in_figure`] reads in `figure`: `Some(None)` writes `qualifier: none`.
    pub qualifier: Option<Option<Qualifier>>,
    /// The sentence around the number, for the comment above the fact.
    pub sentence: String,
    pub status: Status,
    /// `2022`, `2019-H1`, `2016-2020`; `None` when no year is known.
    pub period: Option<Period>,
    pub source: String,
    /// The id of an indicator whose Chinese name stands in the same clause, with that unit.
    pub indicator: Option<String>,
    /// The content already holds this figure (same source, value and unit, or a figure
    /// string containing this one).
    pub known: bool,
}

/// A number the harvest will not guess: a Chinese numeral (三十条) or a range (3~4条).
#[derive(Debug, Clone, PartialEq)]
pub struct NeedsHand {
    /// The words as printed: `三十条`, `3~4条`.
    pub text: String,
    pub sentence: String,
}

/// What one report yields.
#[derive(Debug, Clone, Default)]
pub struct Harvest {
    pub candidates: Vec<Candidate>,
    pub needs_hand: Vec<NeedsHand>,
}

/// The candidates of `text` (a source's text as the OCR left it), citing `source_id`.
pub fn candidates(text: &str, source_id: &str, site: Option<&Site>, year: Option<u16>) -> Vec<Candidate> {
    harvest(text, source_id, site, year).candidates
}

/// Reads a report's text for `nianbao harvest`: missing, binary or empty files are refused.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::refused(format!("cannot read the report `{}`: {e}", path.display())).help("give the path of the report's text file (UTF-8 text, as OCR'd)")
    })?;
    if bytes.contains(&0) {
        return Err(Error::refused(format!("`{}` is a binary file, not a report's text", path.display()))
            .help("harvest reads plain UTF-8 text: OCR the report first, then give the .txt file"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::refused(format!("`{}` is not UTF-8 text (invalid byte at {})", path.display(), e.utf8_error().valid_up_to()))
            .help("convert the file to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)")
    })?;
    if text.trim().is_empty() {
        return Err(Error::refused(format!("`{}` is empty: there is nothing to harvest", path.display())).help("give the report's text, with its figures"));
    }
    Ok(text)
}

/// Checks `source_id` against the loaded site's sources.
pub fn check_source(site: &Site, source_id: &str) -> Result<()> {
    if site.sources.iter().any(|s| s.id == source_id) {
        return Ok(());
    }
    let ids: Vec<&str> = site.sources.iter().map(|s| s.id.as_str()).collect();
    Err(Error::refused(format!("unknown source `{source_id}`: content/sources.yaml has no source of that id"))
        .help(format!("add the source to content/sources.yaml first, or use one of: {}", ids.join(", "))))
}

/// Which kind of section a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A review of a past period (过去一年, 工作回顾): figures are actuals.
    Review,
    /// A plan (今年, 主要目标, 重点工作): figures are targets.
    Plan,
}

/// Clause boundaries in the normalized text.
const CLAUSE_BREAKS: &str = ",，。;；:：、!！?？()（）《》【】[]|■";
/// Sentence boundaries.
const SENTENCE_BREAKS: &str = "。!！?？;；";
/// Characters trimmed from the start of a figure.
const LEAD_TRIM: &[char] = &['#', '-', '*', '·', '—', '■', ' '];
/// At most this many characters of a clause before the number go into the figure.
const MAX_PREFIX: usize = 8;
/// A clause up to this long before the number goes into the figure whole.
const WHOLE_CLAUSE: usize = 10;
/// Words after which a figure starts (和, 及: the clause lists several things; 的, 对).
const AFTER_WORDS: &str = "和及与对的";
/// Chinese numerals (三十条, 两个).
const ZH_DIGITS: &str = "零一二三四五六七八九十百千万两";
/// Range separators (3~4条, 3-4条).
const RANGE: &str = "~～-—–至到";

const ESTIMATE_CUES: [&str; 2] = ["预计", "有望"];
/// Target cues that hold for the whole sentence before the number.
const STRONG_TARGET_CUES: [&str; 6] = ["目标", "力争", "确保", "争取", "拟", "力求"];
/// Target cues that hold only in the number's own clause.
const CLAUSE_TARGET_CUES: [&str; 2] = ["计划", "规划"];
const WEAK_TARGET_CUES: [&str; 4] = ["要", "将", "推动", "谋划"];

/// The text, normalized as the provenance check does, with where its lines start.
struct Text {
    chars: Vec<char>,
    /// Normalized offsets where a line of the original starts.
    line_starts: Vec<usize>,
    /// Section headings: (normalized offset of the heading's end, its mode if it says one).
    headings: Vec<(usize, Option<Mode>, String, usize)>,
}

impl Text {
    fn new(text: &str, report_year: Option<u16>, report_month: u8) -> Text {
        let unbolded = text.replace("**", "");
        let mut chars = Vec::new();
        let mut line_starts = Vec::new();
        let mut headings = Vec::new();
        for line in unbolded.split('\n') {
            line_starts.push(chars.len());
            let before = chars.len();
            chars.extend(line.chars().filter(|c| !c.is_whitespace()));
            let words: String = chars[before..].iter().collect();
            if is_heading(line, &words) {
                headings.push((chars.len(), heading_mode(&words, report_year, report_month), words, before));
            }
        }
        debug_assert_eq!(chars.iter().collect::<String>(), normalize(text));
        Text { chars, line_starts, headings }
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// The start of the clause holding `at`: after the last break or line start.
    fn clause_start(&self, at: usize) -> usize {
        let punct = (0..at).rev().find(|&i| CLAUSE_BREAKS.contains(self.chars[i])).map_or(0, |i| i + 1);
        let line = self.line_starts.iter().rev().find(|&&s| s <= at).copied().unwrap_or(0);
        punct.max(line)
    }

    /// The sentence around `from..to`, at most 80 characters each side.
    fn sentence(&self, from: usize, to: usize) -> (usize, usize) {
        let heading_end = self.headings.iter().map(|h| h.0).filter(|&e| e <= from).max().unwrap_or(0);
        let start = (0..from).rev().find(|&i| SENTENCE_BREAKS.contains(self.chars[i])).map_or(0, |i| i + 1).max(heading_end).max(from.saturating_sub(80));
        let next_heading = self.headings.iter().map(|h| h.3).filter(|&s| s >= to).min().unwrap_or(self.chars.len());
        let end = (to..self.chars.len()).find(|&i| SENTENCE_BREAKS.contains(self.chars[i])).map_or(self.chars.len(), |i| i + 1).min(to + 80).min(next_heading);
        (start, end)
    }

    /// The mode of the nearest heading before `at` that says one.
    fn mode(&self, at: usize) -> Option<Mode> {
        self.headings.iter().filter(|h| h.0 <= at).filter_map(|h| h.1).next_back()
    }
}

/// A line that is a section heading: marked with `#`, or short and not a sentence.
fn is_heading(line: &str, words: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.starts_with('#') {
        return true;
    }
    let n = words.chars().count();
    (4..=45).contains(&n)
        && !words.chars().all(|c| c.is_ascii_digit())
        && !words.ends_with(['。', ',', '，', ';', '；', '、'])
        && !words.contains('。')
        && (n <= 12 || !words.contains([',', '，']))
        && !trimmed.starts_with('-')
}

/// What a heading says of its section: a past year or 回顾 is a review, this year or 目标 a plan.
fn heading_mode(words: &str, report_year: Option<u16>, report_month: u8) -> Option<Mode> {
    if let Some(report) = report_year {
        // A report of the year's last quarter reviews that year.
        if let Some(y) = printed_years(words).first() {
            return Some(if *y < report || (*y == report && report_month >= 10) { Mode::Review } else { Mode::Plan });
        }
        if words.contains("十三五") && report > 2020 {
            return Some(Mode::Review);
        }
    }
    const PLAN: [&str; 18] = [
        "今年",
        "目标",
        "重点工作",
        "重点抓好",
        "新征程",
        "下半年",
        "打算",
        "这么干",
        "总体要求",
        "十四五",
        "远景",
        "重点1",
        "着力",
        "明年",
        "塑造",
        "构建",
        "打造",
        "创造",
    ];
    const REVIEW: [&str; 9] = ["回顾", "过去", "成绩", "成效", "上半年", "这5年", "五年来", "期间", "态势"];
    if PLAN.iter().any(|c| words.contains(c)) {
        return Some(Mode::Plan);
    }
    if REVIEW.iter().any(|c| words.contains(c)) {
        return Some(Mode::Review);
    }
    None
}

/// Years printed as `2020年` (or `2020` before a space-free word) in `words`, in order.
fn printed_years(words: &str) -> Vec<u16> {
    let chars: Vec<char> = words.chars().collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let digits = chars[i..i + 4].iter().all(|c| c.is_ascii_digit());
        let alone = (i == 0 || !chars[i - 1].is_ascii_digit()) && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if digits && alone && chars.get(i + 4) == Some(&'年') {
            let y: u16 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
            if (1949..=2100).contains(&y) && chars.get(i + 5) != Some(&'的') {
                years.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    years
}

/// Every unit name with the unit, longest first (亿元 before 元, 万人次 before 万人).
fn units_longest_first() -> Vec<(Vec<char>, Unit)> {
    let mut units: Vec<(Vec<char>, Unit)> = Unit::all_names().into_iter().filter_map(|n| Some((n.chars().collect(), Unit::parse(n)?))).collect();
    units.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    units
}

/// The unit printed at `at` (after 多/余, or 万多/万余 for a 万 unit): the unit and where it ends.
fn unit_at(chars: &[char], at: usize, units: &[(Vec<char>, Unit)]) -> Option<(Unit, usize)> {
    let starts = |from: usize, name: &[char]| chars.len() >= from + name.len() && chars[from..from + name.len()] == *name;
    let qualified = matches!(chars.get(at), Some('多' | '余'));
    let wan_qualified = chars.get(at) == Some(&'万') && matches!(chars.get(at + 1), Some('多' | '余'));
    for (name, unit) in units {
        let end = if starts(at, name) {
            at + name.len()
        } else if (qualified && starts(at + 1, name)) || (wan_qualified && name[0] == '万' && starts(at + 2, &name[1..])) {
            at + 1 + name.len()
        } else {
            continue;
        };
        // 3个百分点 is no count in 个; a unit must not be the start of a longer word it is part of.
        let rest: String = chars[end..chars.len().min(end + 3)].iter().collect();
        if rest.starts_with("百分点") {
            return None;
        }
        return Some((*unit, end));
    }
    None
}

/// Reads `text` (citing `source_id`) for candidate facts. With `site`, indicators are guessed
/// from its catalog, the report's year read from its source, and figures it holds marked.
pub fn harvest(text: &str, source_id: &str, site: Option<&Site>, year: Option<u16>) -> Harvest {
    let source = site.and_then(|s| s.sources.iter().find(|src| src.id == source_id));
    // The report's own year: its source's date, else --year, else the latest year it prints.
    let report_year = source.map(|s| s.year()).or(year).or_else(|| printed_years(&normalize(text)).into_iter().max());
    let report_month: u8 = source.and_then(|s| s.date.get(5..7)?.parse().ok()).unwrap_or(1);
    let t = Text::new(text, report_year, report_month);
    let units = units_longest_first();
    let chars = &t.chars;
    let mut out = Harvest::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        // Chinese numerals directly followed by a unit.
        if ZH_DIGITS.contains(c) && prev.is_none_or(|p| !ZH_DIGITS.contains(p) && !p.is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && ZH_DIGITS.contains(chars[j]) {
                j += 1;
            }
            let numeral: String = chars[i..j].iter().collect();
            // Lone 一 (一批, 一个) and 万 are words, not figures; 第三 is an ordinal.
            // “三个二七” is a name; 六次会议, 二次招商 are ordinals.
            let worth = numeral != "一" && numeral != "万" && !matches!(prev, Some('第' | '“' | '届')) && !numeral.starts_with('万');
            if worth
                && let Some((unit, end)) = unit_at(chars, j, &units)
                && unit != Unit::Count("次")
            {
                let (s, e) = t.sentence(i, end);
                out.needs_hand.push(NeedsHand { text: t.slice(i, end), sentence: t.slice(s, e) });
                i = end;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        if !c.is_ascii_digit() || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '第') {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.' || thousands_comma(chars, j)) {
            j += 1;
        }
        let mut number: String = chars[start..j].iter().filter(|c| **c != ',').collect();
        if number.ends_with('.') {
            number.pop();
            j -= 1;
        }
        // A range: 3~4条, 1~2年.
        if j + 1 < chars.len() && RANGE.contains(chars[j]) && chars[j + 1].is_ascii_digit() {
            let mut k = j + 1;
            while k < chars.len() && (chars[k].is_ascii_digit() || chars[k] == '.') {
                k += 1;
            }
            if let Some((_, end)) = unit_at(chars, k, &units) {
                let (s, e) = t.sentence(start, end);
                out.needs_hand.push(NeedsHand { text: t.slice(start, end), sentence: t.slice(s, e) });
                i = end;
            } else {
                i = k;
            }
            continue;
        }
        i = j;
        let Ok(value) = number.parse::<f64>() else { continue };
        let Some((unit, mut end)) = unit_at(chars, j, &units) else { continue };
        for after in ["以上", "左右"] {
            let a: Vec<char> = after.chars().collect();
            if chars.len() >= end + a.len() && chars[end..end + a.len()] == *a {
                end += a.len();
            }
        }
        i = end;
        let clause = t.clause_start(start);
        let cut = (clause..start).rev().find_map(|k| match chars[k] {
            c if AFTER_WORDS.contains(c) => Some(k + 1),
            _ => None,
        });
        // The whole clause when it is short; else its last MAX_PREFIX characters.
        let begin = cut.unwrap_or(clause);
        let mut from = if start - begin <= WHOLE_CLAUSE { begin } else { start - MAX_PREFIX };
        // Keep a qualifier cue before the number whole (超过, 不少于).
        while from > clause && start - from < MAX_PREFIX + 3 && !before_cue_whole(chars, from, start) {
            from -= 1;
        }
        while from < start && LEAD_TRIM.contains(&chars[from]) {
            from += 1;
        }
        // A count names what it counts: 22个出彩项目 (up to the clause's end, a number, or 8 more).
        let mut to = end;
        if matches!(unit, Unit::Count(_) | Unit::WanCount(_)) {
            while to < chars.len() && to < end + 8 && !CLAUSE_BREAKS.contains(chars[to]) && !chars[to].is_ascii_digit() && !ZH_DIGITS.contains(chars[to]) {
                to += 1;
            }
        }
        let figure = t.slice(from, to);
        if !states(&figure, value, unit) {
            continue;
        }
        let (s, e) = t.sentence(start, end);
        let sentence = t.slice(s, e);
        let before = t.slice(s, start);
        let clause_text = t.slice(clause, end);
        let mode = t.mode(start);
        let status = guess_status(&before, &t.slice(clause, start), mode);
        let period = guess_period(&before, &t.slice(s, e), status, mode, report_year, report_month, year, t.headings_before(start));
        let wide = t.slice(clause, chars.len().min(end + 2));
        let read = Qualifier::in_figure(&figure, value, unit);
        let meant = Qualifier::in_figure(&wide, value, unit);
        let qualifier = (meant != read).then_some(meant);
        let indicator = site.and_then(|site| guess_indicator(site, &clause_text, &sentence, unit));
        let known = site.is_some_and(|site| is_known(site, source_id, value, unit, &figure));
        out.candidates.push(Candidate {
            value_text: number,
            value,
            unit,
            figure,
            qualifier,
            sentence,
            status,
            period,
            source: source_id.to_string(),
            indicator,
            known,
        });
    }
    out
}

impl Text {
    /// The words of the headings before `at`, nearest last.
    fn headings_before(&self, at: usize) -> Vec<&str> {
        self.headings.iter().filter(|h| h.0 <= at).map(|h| h.2.as_str()).collect()
    }
}

/// A comma inside a number (1,217): followed by exactly three digits.
fn thousands_comma(chars: &[char], at: usize) -> bool {
    chars[at] == ','
        && at > 0
        && chars[at - 1].is_ascii_digit()
        && chars.len() > at + 3
        && chars[at + 1..at + 4].iter().all(|c| c.is_ascii_digit())
        && chars.get(at + 4).is_none_or(|c| !c.is_ascii_digit())
}

/// True when `from` does not cut a two- or three-character qualifier cue before the number.
fn before_cue_whole(chars: &[char], from: usize, number: usize) -> bool {
    let before: String = chars[from..number].iter().collect();
    !["过", "破", "近", "少于", "于"].iter().any(|tail| {
        ["超过", "突破", "接近", "不少于"].iter().any(|cue| before.starts_with(tail) && cue.ends_with(tail) && cue.len() > tail.len() && before.len() <= 9)
    })
}

/// The status a figure's words and section suggest.
fn guess_status(sentence_before: &str, clause_before: &str, mode: Option<Mode>) -> Status {
    if ESTIMATE_CUES.iter().any(|c| sentence_before.contains(c)) {
        return Status::Estimate;
    }
    let strong = STRONG_TARGET_CUES.iter().any(|c| sentence_before.contains(c))
        || CLAUSE_TARGET_CUES.iter().any(|c| clause_before.contains(c) && !clause_before.contains("年度计划") && !clause_before.contains("占"));
    let weak = WEAK_TARGET_CUES.iter().any(|c| clause_before.contains(c));
    match mode {
        Some(Mode::Plan) => Status::Target,
        Some(Mode::Review) if strong => Status::Target,
        Some(Mode::Review) => Status::Actual,
        None if strong || weak => Status::Target,
        None => Status::Actual,
    }
}

/// The period a figure is about: a year or half printed nearby, a plan's span, else the
/// report's year (plans) or the year before (reviews of a report from the first half).
#[allow(clippy::too_many_arguments)]
fn guess_period(
    before: &str,
    sentence: &str,
    status: Status,
    mode: Option<Mode>,
    report_year: Option<u16>,
    report_month: u8,
    given: Option<u16>,
    headings: Vec<&str>,
) -> Option<Period> {
    let heading = headings.last().copied().unwrap_or("");
    let printed = printed_years(before).last().copied();
    if let Some(y) = printed {
        return Some(if before.contains("上半年") { Period::Half(y, 1) } else { Period::Year(y) });
    }
    if before.contains("十三五") || (heading.contains("十三五") && sentence.contains("累计")) {
        return Some(Period::Span(2016, 2020));
    }
    if before.contains("十四五") || heading.contains("十四五") {
        return Some(Period::Span(2021, 2025));
    }
    if let Some(y) = headings.iter().rev().find_map(|h| printed_years(h).last().copied()) {
        return Some(Period::Year(y));
    }
    let year = given.or_else(|| {
        let report = report_year?;
        let review = status != Status::Target && mode != Some(Mode::Plan);
        Some(if review && report_month < 7 { report - 1 } else { report })
    })?;
    if sentence.contains("上半年") && status != Status::Target {
        return Some(Period::Half(year, 1));
    }
    Some(Period::Year(year))
}

/// The indicator whose Chinese name stands in the clause (else the sentence) in a unit like
/// this one; the longest name wins.
fn guess_indicator(site: &Site, clause: &str, sentence: &str, unit: Unit) -> Option<String> {
    let fits = |text: &str| {
        site.indicators
            .iter()
            .filter(|ind| ind.unit.counts_like(unit) && !ind.name.zh.is_empty() && text.contains(ind.name.zh.as_str()))
            .max_by_key(|ind| ind.name.zh.chars().count())
            .map(|ind| ind.id.clone())
    };
    fits(clause).or_else(|| fits(sentence))
}

/// The content already holds this figure: a fact of the same source with the same value and
/// unit, or whose figure string contains this one.
fn is_known(site: &Site, source_id: &str, value: f64, unit: Unit, figure: &str) -> bool {
    let figure = normalize(figure);
    site.facts.iter().filter(|f| site.sources[f.source].id == source_id).any(|f| {
        let same = matches!(f.claim, Claim::Figure { value: v, unit: u, .. } if u == unit && (v - value).abs() <= 1e-9 * value.abs().max(1.0));
        same || f.figure.as_deref().is_some_and(|g| normalize(g).contains(&figure))
    })
}

/// A string as a double-quoted YAML scalar.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One candidate as a YAML list item, each line prefixed with `prefix` (`"  "`, or `"  # "`
/// for one commented out).
fn write_candidate(out: &mut String, c: &Candidate, prefix: &str) {
    let unit = c.unit.as_str();
    let unit = if unit == "%" { quoted(unit) } else { unit.to_string() };
    let _ = writeln!(out, "  # {}", c.sentence);
    let _ = writeln!(out, "{prefix}- indicator: {}", c.indicator.as_deref().unwrap_or("TODO"));
    let _ = writeln!(out, "{prefix}  value: {}", c.value_text);
    let _ = writeln!(out, "{prefix}  unit: {unit}");
    if let Some(q) = c.qualifier {
        let _ = writeln!(out, "{prefix}  qualifier: {}", q.map_or("none", Qualifier::as_str));
    }
    let period = c.period.map_or("TODO".to_string(), |p| p.to_string());
    let _ = writeln!(out, "{prefix}  period: {}", quoted(&period));
    let _ = writeln!(out, "{prefix}  status: {}", c.status.as_str());
    let _ = writeln!(out, "{prefix}  source: {}", c.source);
    let _ = writeln!(out, "{prefix}  figure: {}", quoted(&c.figure));
}

/// The harvest as YAML ready to paste under a year file's `facts:`; with `new_only`, the
/// candidates the content already holds are left out rather than listed commented out.
pub fn to_yaml(h: &Harvest, new_only: bool) -> String {
    let new: Vec<&Candidate> = h.candidates.iter().filter(|c| !c.known).collect();
    let known: Vec<&Candidate> = h.candidates.iter().filter(|c| c.known).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# nianbao harvest: {} new candidate{}, {} already in the digest, {} needing a hand.",
        new.len(),
        if new.len() == 1 { "" } else { "s" },
        known.len(),
        h.needs_hand.len()
    );
    let _ = writeln!(out, "# indicator, status and period are guesses: check each against its sentence, then paste under `facts:`.");
    let _ = writeln!(out, "facts:");
    for c in &new {
        write_candidate(&mut out, c, "  ");
    }
    if !new_only && !known.is_empty() {
        let _ = writeln!(out, "\n  # already in the digest:");
        for c in &known {
            write_candidate(&mut out, c, "  # ");
        }
    }
    if !h.needs_hand.is_empty() {
        let _ = writeln!(out, "\n  # needing a hand (Chinese numerals and ranges are not guessed):");
        for n in &h.needs_hand {
            let _ = writeln!(out, "  # {}: {}", n.text, n.sentence);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_unit_wins_and_figures_pass_the_provenance_check() {
        let text = "过去一年\n全区地区生产总值完成**785.6亿元**,接待游客55万人次,新增 1. 99万人。";
        let c = candidates(text, "x", None, Some(2023));
        let got: Vec<(&str, &str, &str)> = c.iter().map(|c| (c.value_text.as_str(), c.unit.as_str(), c.figure.as_str())).collect();
        assert_eq!(got, [("785.6", "亿元", "全区地区生产总值完成785.6亿元"), ("55", "万人次", "接待游客55万人次"), ("1.99", "万人", "新增1.99万人")]);
        for c in &c {
            assert!(states(&c.figure, c.value, c.unit) && normalize(text).contains(&c.figure));
            assert_eq!(c.status, Status::Actual);
        }
    }

    #[test]
    fn headings_and_cues_guess_the_status() {
        let text = "2022年经济社会发展取得新的成效\n完成投资287.3亿元。力争新增就业1.95万人。\n2023年,重点抓好\n新建学校6所,预计完成投资10亿元。";
        let c = candidates(text, "x", None, Some(2023));
        let s: Vec<Status> = c.iter().map(|c| c.status).collect();
        assert_eq!(s, [Status::Actual, Status::Target, Status::Target, Status::Estimate]);
        assert_eq!(c[0].period, Some(Period::Year(2022)));
        assert_eq!(c[2].period, Some(Period::Year(2023)));
    }

    #[test]
    fn numerals_and_ranges_need_a_hand() {
        let h = harvest("出台惠企政策三十条,规划3~4条线路,建成两个公园,900多家企业,新增22万余件,提高3个百分点。", "x", None, Some(2023));
        let hand: Vec<&str> = h.needs_hand.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(hand, ["三十条", "3~4条", "两个"]);
        let c: Vec<(&str, &str)> = h.candidates.iter().map(|c| (c.figure.as_str(), c.unit.as_str())).collect();
        assert_eq!(c, [("900多家企业", "家"), ("新增22万余件", "万件")]);
        assert_eq!(Qualifier::in_figure(&h.candidates[0].figure, 900.0, Unit::parse("家").unwrap()), Some(Qualifier::MoreThan));
    }
}
