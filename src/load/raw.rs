//! Raw content: the YAML and front matter exactly as written, with the position of every value
//! that validation may need to point at. Nothing here is checked beyond its shape; the validated
//! types live in `model`.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A value with its position in the file.
pub type S<T> = Spanned<T>;

/// A text in both languages, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    pub zh: S<String>,
    pub en: S<String>,
}

/// `content/site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: RawText,
    pub description: RawText,
    #[serde(default)]
    pub default_language: Option<S<String>>,
    #[serde(default)]
    pub languages: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    pub base_url: Option<S<String>>,
    #[serde(default)]
    pub theme: Option<S<String>>,
    /// Lets raw HTML in Markdown commentary through (off: it is shown as text).
    #[serde(default)]
    pub allow_html: bool,
    /// A page whose commentary exists in one language only shows it in the other too, under a
    /// "not yet translated" note, instead of failing the build.
    #[serde(default)]
    pub translation_fallback: bool,
    /// How many items a list page (a board's, topic's, source's or indicator's) shows before
    /// it continues on a next page.
    #[serde(default)]
    pub page_size: Option<S<u32>>,
}

/// One entry of `content/sources.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: S<String>,
    pub title: RawText,
    pub date: S<String>,
    /// `day` (default), `month` or `year`: how much of `date` the source prints.
    #[serde(default)]
    pub date_precision: Option<S<String>>,
    /// Present when the date is not printed but inferred: the reasoning.
    #[serde(default)]
    pub inferred: Option<RawText>,
    pub publisher: RawText,
    pub covers: RawText,
}

/// One entry of `content/skipped.yaml` (optional): a figure a source prints that the digest
/// leaves out on purpose, and why (`nianbao check --sources DIR --coverage`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSkipped {
    /// The id of the source that prints the figure.
    pub source: S<String>,
    /// The figure as the source prints it (or a longer stretch of its text around it).
    pub figure: S<String>,
    /// Why the digest leaves it out, in both languages (the source's page shows it).
    pub why: RawText,
}

/// One entry of `content/life_areas.yaml` (optional): a part of residents' lives.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLifeArea {
    pub id: S<String>,
    pub name: RawText,
    pub summary: RawText,
    /// What the sources give no figure for in this area.
    pub unreported: RawText,
}

/// One entry of `content/topics.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: S<String>,
    pub name: RawText,
    pub summary: RawText,
}

/// A former name of a board.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormerName {
    pub slug: S<String>,
    pub zh: S<String>,
    pub en: S<String>,
    pub years: Vec<S<u16>>,
}

/// One entry of `content/boards.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoard {
    pub id: S<String>,
    pub name: RawText,
    pub since: S<u16>,
    #[serde(default)]
    pub former_names: Vec<RawFormerName>,
    #[serde(default)]
    pub topics: Vec<S<String>>,
    pub summary: RawText,
}

/// One entry of `content/indicators.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: S<String>,
    pub name: RawText,
    pub unit: S<String>,
    #[serde(default)]
    pub topics: Vec<S<String>>,
    #[serde(default)]
    pub headline: bool,
    #[serde(default)]
    pub kind: Option<S<String>>,
    /// For a growth indicator: the level indicator it is the growth of, so that a stated rate
    /// can be checked against two years' levels.
    #[serde(default)]
    pub growth_of: Option<S<String>>,
    /// The life areas (`content/life_areas.yaml`) its figures concern.
    #[serde(default)]
    pub life: Vec<S<String>>,
    /// For an indicator counted in 人次 (person-times): the English words for what one count
    /// is, e.g. `service contacts`, shown in place of "person-times".
    #[serde(default)]
    pub counted_as: Option<S<String>>,
}

/// One entry of `content/glossary.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub id: S<String>,
    pub term: RawText,
    pub definition: RawText,
}

/// One fact of a year or plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    #[serde(default)]
    pub indicator: Option<S<String>>,
    #[serde(default)]
    pub milestone: Option<RawText>,
    #[serde(default)]
    pub value: Option<S<f64>>,
    #[serde(default)]
    pub unit: Option<S<String>>,
    pub period: S<String>,
    pub status: S<String>,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub figure: Option<S<String>>,
    /// How the figure bounds its value (`more-than`, `at-least`, `nearly`, `about`, or `none`),
    /// when the figure's own words (多, 以上, 近, 约, ...) do not say it or say it wrongly.
    #[serde(default)]
    pub qualifier: Option<S<String>>,
    #[serde(default)]
    pub boards: Vec<S<String>>,
    #[serde(default)]
    pub topics: Option<Vec<S<String>>>,
    /// The life areas a milestone concerns (a figure's come from its indicator unless given).
    #[serde(default)]
    pub life: Option<Vec<S<String>>>,
    #[serde(default)]
    pub note: Option<RawText>,
    /// A known inconsistency of the sources involving this fact, explained: the consistency
    /// check accepts it, and pages show the explanation.
    #[serde(default)]
    pub acknowledged: Option<RawText>,
    /// A target's id, for an outcome reported under another name or unit to link to it.
    #[serde(default)]
    pub id: Option<S<String>>,
    /// On an outcome: the id of the target it is the outcome of.
    #[serde(default)]
    pub outcome_of: Option<S<String>>,
    /// On a target: the editor's rating, where the figures cannot decide it.
    #[serde(default)]
    pub rating: Option<RawRating>,
}

/// An editor's rating of a target, with the reason and the source that supports it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRating {
    /// `met`, `partly-met`, `missed`, `in-progress`, `not-reported` or `superseded`.
    pub status: S<String>,
    pub reason: RawText,
    /// The source whose sentence supports the rating.
    #[serde(default)]
    pub source: Option<S<String>>,
    /// That sentence (or the words of it that matter), exactly as the source prints it:
    /// `nianbao check --sources` finds it there, and the promise shows it.
    #[serde(default)]
    pub quote: Option<S<String>>,
}

/// `content/years/<year>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYear {
    pub year: S<u16>,
    #[serde(default)]
    pub facts: Vec<S<RawFact>>,
}

/// `content/plans/<id>.yaml`: a five-year plan period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub name: RawText,
    pub full_name: RawText,
    pub start: S<u16>,
    pub end: S<u16>,
    #[serde(default)]
    pub facts: Vec<S<RawFact>>,
}

/// The front matter of a commentary file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    #[serde(default)]
    pub title: Option<S<String>>,
    #[serde(default)]
    pub summary: Option<S<String>>,
}
