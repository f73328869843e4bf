//! Rendering: the site model and a theme in, every output file (as bytes) out. Nothing here
//! touches the disk, so whole sites render in tests and in the preview server alike.

pub mod chart;
pub mod data;
pub mod html;
pub mod life;
pub mod markdown;
pub mod search;
pub mod views;
pub mod watchdog;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::model::cite;
use crate::model::number::format_value;
use crate::model::promise::Rating;
use crate::model::*;
use crate::routes::{self, List, OutFile, Page, Urls};
use crate::section::Section;
use crate::theme::Theme;
use views::*;

/// The template that renders each kind of page.
/// The template a page is rendered with (`year.html`).
pub fn template(page: Page) -> &'static str {
    match page {
        Page::Home => "home.html",
        Page::Year(_) => "year.html",
        Page::Plan(_) => "plan.html",
        Page::Board(_) => "board.html",
        Page::FormerBoard(..) => "redirect.html",
        Page::Topic(_) => "topic.html",
        Page::Indicator(_) => "indicator.html",
        Page::Source(_) => "source.html",
        Page::Glossary => "glossary.html",
        Page::Search => "search.html",
        Page::Promises => "promises.html",
        Page::Life => "life.html",
        Page::LifeArea(_) => "life_area.html",
        Page::Part(list, _) => template(list.page()),
    }
}

/// How to render: where links point, and whether pages are minified.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub urls: Urls,
    /// Minify each page as it is rendered (`nianbao build`; the preview and `check` do not).
    pub minify: bool,
}

/// How many of the newest years the home page shows as cards (the rest are links).
pub const HOME_YEARS: usize = 20;

/// How many of the newest years the navigation lists.
pub const NAV_YEARS: usize = 10;

/// How many of the latest periods an indicator page's chart shows.
pub const CHART_PERIODS: usize = 20;

/// How many years either side of a year page its charts show.
pub const CHART_WINDOW: u16 = 5;

/// What every template sees, whatever the page.
#[derive(Serialize)]
struct Common<'a> {
    lang: &'static str,
    lang_tag: &'static str,
    site: SiteView<'a>,
    page: PageMeta,
    nav: Nav,
    /// Prefix for theme assets (`style.css`) on this page.
    root: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    /// This page's path under the output folder (`zh/years/2020/`).
    path: String,
    /// The page's canonical URL; none when the output is written to be opened from disk.
    canonical: Option<String>,
    /// The page's absolute URL with host, for Open Graph; none without a host in the base URL.
    url: Option<String>,
    /// This language's Atom feed, when the site has feeds (a base URL with a host).
    feed: Option<String>,
    /// The same page in the other language.
    twin: Link,
    twin_lang: &'static str,
    twin_lang_tag: &'static str,
    /// `hreflang` alternates, both languages.
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Nav {
    home: Link,
    years: Vec<Link>,
    plans: Vec<Link>,
    boards: Vec<Link>,
    topics: Vec<Link>,
    glossary: Link,
    search: Link,
    promises: Link,
    /// "What changed for me", when the digest defines life areas.
    life: Option<Link>,
}

/// Registers nianbao's filters on a Tera instance: `figure` renders a value with its unit in
/// the page's language (`{{ f.value | figure(unit=f.unit, measure=f.measure) }}`).
pub fn register_filters(tera: &mut tera::Tera) {
    tera.register_filter("figure", |value: f64, kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<String> {
        let unit_name: &str = kwargs.must_get("unit")?;
        let unit = Unit::parse(unit_name).ok_or_else(|| tera::Error::message(format!("figure: unknown unit `{unit_name}`")))?;
        let measure = kwargs.get::<&str>("measure")?.and_then(IndicatorKind::parse).unwrap_or_default();
        let lang = kwargs.get::<&str>("lang")?.map(str::to_string).or(state.get::<String>("lang")?).unwrap_or_default();
        let lang = Lang::from_code(&lang).ok_or_else(|| tera::Error::message("figure: the page has no `lang`"))?;
        Ok(format_value(value, unit, measure, lang))
    });
}

/// Each page's search tokens, by output path.
pub type SearchDocs = BTreeMap<String, search::Doc>;

/// A rendered page with the search tokens of its text.
pub struct Rendered {
    pub file: OutFile,
    pub doc: Option<search::Doc>,
}

/// Renders `pages` in both languages, in parallel; each page is cut into search tokens while
/// it is at hand. The preview server re-renders only the pages a change affects
/// (`pipeline::incremental`).
pub fn render_pages(site: &Site, theme: &Theme, opts: &RenderOptions, pages: &[Page]) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    render_pages_with(site, theme, opts, pages, |r| r)
}

/// [`render_pages`], handing each page to `each` on the thread that rendered it, so that a
/// build can minify and write it there and keep only what `each` returns.
pub fn render_pages_with<T: Send>(
    site: &Site,
    theme: &Theme,
    opts: &RenderOptions,
    pages: &[Page],
    each: impl Fn(Rendered) -> T + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    use rayon::prelude::*;
    // One language after the other, so that only one language's fact views are kept.
    let mut results: Vec<Result<T, Diagnostic>> = Vec::with_capacity(pages.len() * Lang::ALL.len());
    let lists = Lists::new(site);
    for lang in Lang::ALL {
        let memo = FactMemo::new(site, &opts.urls);
        results.par_extend(pages.par_iter().map(|&page| render_one_with(site, theme, opts, &lists, memo.as_ref(), page, lang).map(&each)));
    }
    let mut out = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(r) => out.push(r),
            Err(d) if !diags.contains(&d) => diags.push(d),
            Err(_) => {}
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

/// Renders one page in one language, with its search tokens (the preview renders some pages
/// only when first asked for).
pub fn render_one(site: &Site, theme: &Theme, opts: &RenderOptions, page: Page, lang: Lang) -> Result<Rendered, Diagnostic> {
    render_one_with(site, theme, opts, &Lists::new(site), None, page, lang)
}

/// The order of each long list, made once for all the pages rendered together: every part of
/// a list, in both languages, cuts its items from the same order, and sorting the whole list
/// again for each part would make a long series quadratic.
struct Lists {
    boards: Vec<std::sync::OnceLock<Vec<usize>>>,
    topics: Vec<std::sync::OnceLock<Vec<usize>>>,
    indicators: Vec<std::sync::OnceLock<Vec<Lineup>>>,
}

impl Lists {
    fn new(site: &Site) -> Lists {
        Lists { boards: slots(site.boards.len()), topics: slots(site.topics.len()), indicators: slots(site.indicators.len()) }
    }

    /// A board's facts, newest first.
    fn board(&self, site: &Site, b: BoardId) -> &[usize] {
        self.boards[b.0].get_or_init(|| views::newest_first(site, site.index.of_board(b).to_vec()))
    }

    /// A topic's facts, newest first.
    fn topic(&self, site: &Site, t: TopicId) -> &[usize] {
        self.topics[t.0].get_or_init(|| views::newest_first(site, site.index.of_topic(t).to_vec()))
    }

    /// An indicator's figures, lined up by period.
    fn lineups(&self, site: &Site, i: IndicatorId) -> &[Lineup] {
        self.indicators[i.0].get_or_init(|| lineups(site, site.facts_of_indicator(i)))
    }
}

/// The views of `facts` as one template value.
fn facts_value(v: &ViewBuilder<'_>, facts: impl IntoIterator<Item = usize>) -> tera::Value {
    tera::Value::from(facts.into_iter().map(|f| v.fact_value(f).into_value()).collect::<Vec<_>>())
}

fn render_one_with(
    site: &Site,
    theme: &Theme,
    opts: &RenderOptions,
    lists: &Lists,
    memo: Option<&FactMemo>,
    page: Page,
    lang: Lang,
) -> Result<Rendered, Diagnostic> {
    // Under a watched build, the page counts as in flight while its template runs
    // (watchdog::watch); pages of a build given up are not started.
    let in_flight = watchdog::page(|| routes::index_of(&page.dir(site, lang)), template(page), || theme.dir.join("templates").join(template(page)))
        .map_err(|g| g.diagnostic(&routes::index_of(&page.dir(site, lang))))?;
    let file = render_page(site, theme, opts, lists, memo, page, lang).map_err(|e| error_in_template(site, theme, opts, page, lang, &e))?;
    drop(in_flight);
    let doc = (!matches!(page, Page::FormerBoard(..) | Page::Search)).then(|| search::Doc::of_page(&file, lang.code()));
    Ok(Rendered { file, doc })
}

/// A template's error as a diagnostic. A minified build renders from minified templates,
/// whose lines and columns are nobody's: the page is rendered again from the templates as
/// written, which fail at the same place (whitespace changes nothing Tera reads).
fn error_in_template(site: &Site, theme: &Theme, opts: &RenderOptions, page: Page, lang: Lang, e: &tera::Error) -> Diagnostic {
    if opts.minify {
        let plain = RenderOptions { minify: false, ..opts.clone() };
        if let Err(e) = render_page(site, theme, &plain, &Lists::new(site), None, page, lang) {
            return theme.diagnostic(&e);
        }
    }
    theme.diagnostic(e)
}

/// The files that are not pages: the language picker, the 404 page, theme assets, the data
/// downloads of the pages `data_for` accepts (`2020`, `fyp13`, `all`), and the search index.
pub fn site_files<'d>(
    site: &Site,
    theme: &Theme,
    opts: &RenderOptions,
    docs: impl Iterator<Item = &'d search::Doc>,
    data_for: impl Fn(&str) -> bool,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (template, path) in [("index.html", routes::LANGUAGE_PICKER), ("404.html", routes::NOT_FOUND)] {
        // Watched as pages are (render_one).
        let in_flight = match watchdog::page(|| path.to_string(), template, || theme.dir.join("templates").join(template)) {
            Ok(p) => p,
            Err(g) => {
                diags.push(g.diagnostic(path));
                continue;
            }
        };
        let rendered = render_root(site, theme, opts, opts.minify, template, path);
        drop(in_flight);
        match rendered {
            Ok(f) => out.push(f),
            // Lines and columns from the templates as written (see `error_in_template`).
            Err(e) => diags.push(theme.diagnostic(&render_root(site, theme, opts, false, template, path).err().unwrap_or(e))),
        }
    }
    out.extend(theme.assets(opts.minify).iter().map(|(p, b)| OutFile { path: p.clone(), bytes: b.clone() }));
    out.extend(data::files(site, data_for));
    out.extend(search::index(docs));
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

fn common<'a>(site: &'a Site, opts: &RenderOptions, v: &ViewBuilder<'_>, path: &str, title: String, description: String) -> Common<'a> {
    let lang = v.lang;
    let twin_path = routes::twin(path, lang.other());
    let nav = Nav {
        home: v.link(v.t("home"), &v.path("")),
        // The newest years only: every page carries the nav, so listing every year of a long
        // series would make the whole site quadratic. The home page lists them all.
        years: site.years[site.years.len().saturating_sub(NAV_YEARS)..].iter().map(|y| v.year_link(y)).collect(),
        plans: site.plans.iter().map(|p| v.link(p.name.get(lang), &v.path(&routes::plan(&p.id)))).collect(),
        boards: site.boards.iter().map(|b| v.board_link(b)).collect(),
        topics: site.topics.iter().map(|t| v.topic_link(t)).collect(),
        glossary: v.link(v.t("glossary"), &v.path(routes::GLOSSARY)),
        search: v.link(v.t("search"), &v.path(routes::SEARCH)),
        promises: v.link(v.t("promises"), &v.path(routes::PROMISES)),
        life: (!site.life_areas.is_empty()).then(|| v.link(v.t("life"), &v.path(routes::LIFE))),
    };
    Common {
        lang: lang.code(),
        lang_tag: lang.tag(),
        site: SiteView { title: site.config.title.get(lang), description: site.config.description.get(lang) },
        page: PageMeta {
            title,
            description,
            path: path.to_string(),
            canonical: opts.urls.canonical(path),
            url: (opts.urls.has_host() && !opts.urls.relative).then(|| opts.urls.absolute(path)),
            feed: routes::has_feeds(&opts.urls).then(|| opts.urls.link(path, &routes::feed(lang))),
            twin: v.link(site.config.title.get(lang.other()), &twin_path),
            twin_lang: lang.other().code(),
            twin_lang_tag: lang.other().tag(),
            alternates: Lang::ALL.iter().map(|l| Alternate { hreflang: l.tag(), url: opts.urls.alternate(path, &routes::twin(path, *l)) }).collect(),
        },
        nav,
        root: opts.urls.link(path, "").trim_end_matches(routes::INDEX).to_string(),
    }
}

fn commentary_view(site: &Site, v: &ViewBuilder<'_>, section: Section, key: &str) -> Option<CommentaryView> {
    // Without this language's commentary, the other one, under a "not yet translated" note,
    // when the site allows it (validation refuses a missing twin otherwise).
    let (c, fallback) = match site.commentary(section, key, v.lang) {
        Some(c) => (c, None),
        None if site.config.translation_fallback => (site.commentary(section, key, v.lang.other())?, Some(v.lang.other().tag())),
        None => return None,
    };
    let mut terms: Vec<markdown::TermLink<'_>> = site
        .glossary
        .iter()
        .map(|t| markdown::TermLink {
            term: t.term.get(v.lang),
            url: v.urls.link(&v.from, &v.path(&format!("{}#{}", routes::GLOSSARY, t.id))),
            title: t.definition.get(v.lang),
        })
        .collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.term.len()));
    // Cited facts: `[[gdp 2020]]` becomes the figure in this language, linked to its source.
    let mut text = String::with_capacity(c.markdown.len());
    let mut inserts = Vec::new();
    let mut last = 0;
    let link = |f: &FactView, shown: &str| {
        format!(
            "<a class=\"fig\" href=\"{}\" title=\"{}\">{}</a>",
            markdown::escape(&f.source.url),
            markdown::escape(&format!("{} · {} · {} · {}", f.label, f.period, f.status_label, f.display.as_deref().unwrap_or_default())),
            markdown::escape(shown)
        )
    };
    for mark in cite::marks(&c.markdown) {
        let cite = match mark {
            cite::Mark::Cite(cite) => cite,
            // A number that is no figure: shown as written.
            cite::Mark::Literal(l) => {
                text.push_str(&c.markdown[last..l.start]);
                text.push_str(&markdown::placeholder(inserts.len()));
                inserts.push(markdown::escape(&l.text));
                last = l.end;
                continue;
            }
        };
        let Ok(fact) = cite::resolve(site, &cite) else { continue };
        text.push_str(&c.markdown[last..cite.start]);
        text.push_str(&markdown::placeholder(inserts.len()));
        inserts.push(match cite::derive(site, &cite) {
            // A derived number, linked to both facts it comes from: "12.8亿元 (实际 − 预计)".
            Ok(Some(d)) => {
                let (a, b) = (v.fact(d.left), v.fact(d.right));
                let shown = derived_value(site, &d, v.lang);
                let sign = match d.op {
                    cite::Op::Difference => "−",
                    cite::Op::Ratio => "÷",
                };
                let (open, close) = match v.lang {
                    Lang::Zh => ("（", "）"),
                    Lang::En => (" (", ")"),
                };
                let side = |f: &FactView| format!("{} {}", f.period, f.status_label);
                format!("<span class=\"derived\">{}<small>{open}{} {sign} {}{close}</small></span>", link(&a, &shown), link(&a, &side(&a)), link(&b, &side(&b)))
            }
            _ => {
                let f = v.fact(fact);
                link(&f, f.display.as_deref().unwrap_or_default())
            }
        });
        last = cite.end;
    }
    text.push_str(&c.markdown[last..]);
    Some(CommentaryView {
        title: c.title.clone(),
        summary: c.summary.as_deref().map(|s| plain_marks(site, v, s)),
        html: markdown::render(&text, site.config.allow_html, &terms, &inserts),
        fallback,
    })
}

/// Part `part` of `items`, `size` to a part, counted from the start or, with `from_end`, from
/// the end (part 0 holds the last `size` items, still in their order).
fn chunk<T>(items: &[T], part: usize, size: usize, from_end: bool) -> &[T] {
    let size = size.max(1);
    let (start, end) = if from_end {
        let end = items.len().saturating_sub(part * size);
        (end.saturating_sub(size), end)
    } else {
        let start = (part * size).min(items.len());
        (start, (start + size).min(items.len()))
    };
    &items[start..end]
}

/// The links between the parts of a list, when it has more than one.
#[derive(Serialize)]
struct Pager {
    /// 1-based.
    current: usize,
    total: usize,
    prev: Option<Link>,
    next: Option<Link>,
    /// A link to every part, or, for a long list, to the first, the last and those near the
    /// current one; `None` marks a gap.
    parts: Vec<Option<PagerLink>>,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
}

fn pager(site: &Site, v: &ViewBuilder<'_>, list: List, part: usize) -> Option<Pager> {
    let total = list.parts(site) as usize;
    if total < 2 {
        return None;
    }
    let first = list.page().path(site);
    let url = |n: usize| v.path(&routes::part(&first, n as u32));
    let label = |n: usize| v.t("page_n").replace("{n}", &(n + 1).to_string());
    let mut parts = Vec::new();
    for n in 0..total {
        if n == 0 || n + 1 == total || n.abs_diff(part) <= 2 {
            parts.push(Some(PagerLink { number: n + 1, url: v.urls.link(&v.from, &url(n)), current: n == part }));
        } else if parts.last().is_some_and(Option::is_some) {
            parts.push(None);
        }
    }
    Some(Pager {
        current: part + 1,
        total,
        prev: part.checked_sub(1).map(|p| v.link(label(p), &url(p))),
        next: (part + 1 < total).then(|| v.link(label(part + 1), &url(part + 1))),
        parts,
    })
}

/// A summary's citations as their figures in this language, its literals as written: plain
/// text, for cards and the page's description.
fn plain_marks(site: &Site, v: &ViewBuilder<'_>, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for mark in cite::marks(text) {
        let span = mark.span();
        let shown = match mark {
            cite::Mark::Literal(l) => l.text,
            cite::Mark::Cite(c) => match (cite::resolve(site, &c), cite::derive(site, &c)) {
                (Ok(_), Ok(Some(d))) => derived_value(site, &d, v.lang),
                (Ok(f), _) => v.fact(f).display.unwrap_or_default(),
                (Err(_), _) => continue,
            },
        };
        out.push_str(&text[last..span.start]);
        out.push_str(&shown);
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}

fn render_page(site: &Site, theme: &Theme, opts: &RenderOptions, lists: &Lists, memo: Option<&FactMemo>, page: Page, lang: Lang) -> tera::TeraResult<OutFile> {
    let path = page.dir(site, lang);
    let v = ViewBuilder { site, lang, from: path.clone(), urls: &opts.urls, strings: &theme.strings[&lang], memo };
    let mut ctx = tera::Context::new();
    // A list's continuation renders as the list, from its part's first item.
    let (list_page, part) = match page {
        Page::Part(list, n) => (list.page(), n as usize),
        p => (p, 0),
    };
    if let Some((list, _)) = List::of(page) {
        ctx.insert("pager", &pager(site, &v, list, part));
    }
    let size = site.config.page_size;
    let (title, description) = match list_page {
        Page::Home => {
            // The newest years as cards; the older ones as plain links, so that the home page
            // of a long series stays small.
            let years: Vec<_> = site.years.iter().rev().take(HOME_YEARS).map(|y| year_summary(site, &v, y)).collect();
            ctx.insert("years", &years);
            ctx.insert("older_years", &site.years.iter().rev().skip(HOME_YEARS).map(|y| v.year_link(y)).collect::<Vec<_>>());
            ctx.insert("downloads", &downloads(&v, routes::ALL_DATA));
            ctx.insert("plans", &site.plans.iter().map(|p| v.plan_link(p)).collect::<Vec<_>>());
            ctx.insert("boards", &site.boards.iter().map(|b| BoardCard { link: v.board_link(b), summary: b.summary.get(lang) }).collect::<Vec<_>>());
            ctx.insert("topics", &site.topics.iter().map(|t| BoardCard { link: v.topic_link(t), summary: t.summary.get(lang) }).collect::<Vec<_>>());
            (site.config.title.get(lang).to_string(), site.config.description.get(lang).to_string())
        }
        Page::Year(i) => {
            let y = &site.years[i];
            let c = commentary_view(site, &v, Section::Years, &y.year.to_string());
            ctx.insert("year", &y.year);
            let targets: Vec<usize> = y.facts.iter().copied().filter(|&f| site.facts[f].status == Status::Target).collect();
            let on_ledger = i.index() + LEDGER_YEARS >= site.years.len();
            ctx.insert("ledger", &v.ledger_summary(&targets, on_ledger.then(|| format!("y{}", y.year)).as_deref()));
            ctx.insert("downloads", &downloads(&v, &y.year.to_string()));
            ctx.insert("charts", &headline_charts(site, &v, &y.facts, y.year));
            let comparisons = v.comparisons(&y.facts);
            ctx.insert("glance", &comparisons.iter().filter(|c| c.headline).collect::<Vec<_>>());
            ctx.insert("comparisons", &comparisons);
            ctx.insert("milestones", &v.milestones(&y.facts));
            ctx.insert("inferred", &v.inferred_notes(&y.facts));
            ctx.insert("plans", &site.plans.iter().filter(|p| (p.start..=p.end).contains(&y.year)).map(|p| v.plan_link(p)).collect::<Vec<_>>());
            ctx.insert("prev", &i.index().checked_sub(1).map(|p| v.year_link(&site.years[p])));
            ctx.insert("next", &site.years.get(i.index() + 1).map(|n| v.year_link(n)));
            let title = format!("{}{}", Period::Year(y.year).label(lang), v.t("year_suffix"));
            let desc = c.as_ref().and_then(|c| c.summary.clone()).unwrap_or_else(|| title.clone());
            ctx.insert("commentary", &c);
            ctx.insert("plain_summary", &life::year_summary(site, lang, i));
            (title, desc)
        }
        Page::Plan(i) => {
            let p = &site.plans[i];
            let c = commentary_view(site, &v, Section::Plans, &p.id);
            ctx.insert("downloads", &downloads(&v, &p.id));
            ctx.insert("plan", &PlanView { name: p.name.get(lang), full_name: p.full_name.get(lang), start: p.start, end: p.end });
            let targets: Vec<usize> = p.facts.iter().copied().filter(|&f| site.facts[f].status == Status::Target).collect();
            ctx.insert("ledger", &v.ledger_summary(&targets, Some(&format!("plan-{}", p.id))));
            ctx.insert("comparisons", &v.comparisons(&p.facts));
            ctx.insert("milestones", &v.milestones(&p.facts));
            ctx.insert("inferred", &v.inferred_notes(&p.facts));
            ctx.insert("years", &site.years.iter().filter(|y| (p.start..=p.end).contains(&y.year)).map(|y| v.year_link(y)).collect::<Vec<_>>());
            let desc = c.as_ref().and_then(|c| c.summary.clone()).unwrap_or_else(|| p.full_name.get(lang).to_string());
            ctx.insert("commentary", &c);
            (p.full_name.get(lang).to_string(), desc)
        }
        Page::Board(i) => {
            let b = &site.boards[i];
            let facts = chunk(lists.board(site, i), part, size, false);
            let mut names: Vec<NameView> = b
                .former_names
                .iter()
                .map(|f| NameView {
                    name: f.name.get(lang).to_string(),
                    other: f.name.get(lang.other()).to_string(),
                    years: years_label(&f.years, lang),
                    current: false,
                })
                .collect();
            names.push(NameView {
                name: b.name.get(lang).to_string(),
                other: b.name.get(lang.other()).to_string(),
                years: match lang {
                    Lang::Zh => format!("{}年起", b.since),
                    Lang::En => format!("since {}", b.since),
                },
                current: true,
            });
            ctx.insert(
                "board",
                &BoardView {
                    id: &b.id,
                    name: b.name.get(lang),
                    summary: b.summary.get(lang),
                    names,
                    topics: b.topics.iter().map(|&t| v.topic_link(&site.topics[t])).collect(),
                },
            );
            ctx.insert_value("facts", facts_value(&v, facts.iter().copied()));
            ctx.insert("inferred", &v.inferred_notes(facts));
            let c = commentary_view(site, &v, Section::Boards, &b.id);
            ctx.insert("commentary", &c);
            (b.name.get(lang).to_string(), b.summary.get(lang).to_string())
        }
        Page::FormerBoard(b, f) => {
            let board = &site.boards[b];
            let former = &board.former_names[f.0];
            let target = v.board_link(board);
            ctx.insert("target", &target);
            ctx.insert("canonical_target", &opts.urls.canonical(&v.path(&routes::board(&board.id))));
            ctx.insert(
                "former",
                &NameView {
                    name: former.name.get(lang).to_string(),
                    other: former.name.get(lang.other()).to_string(),
                    years: years_label(&former.years, lang),
                    current: false,
                },
            );
            (former.name.get(lang).to_string(), board.summary.get(lang).to_string())
        }
        Page::Topic(i) => {
            let t = &site.topics[i];
            let facts = chunk(lists.topic(site, i), part, size, false);
            let mut runs: Vec<(Link, Vec<usize>)> = Vec::new();
            for f in facts.iter().copied() {
                let home = v.home_link(site.facts[f].home);
                match runs.last_mut() {
                    Some((heading, run)) if heading.url == home.url => run.push(f),
                    _ => runs.push((home, vec![f])),
                }
            }
            let mut groups = Vec::with_capacity(runs.len());
            for (heading, run) in runs {
                let mut group = tera::Map::new();
                group.insert("heading".into(), tera::Value::try_from_serializable(&heading)?);
                group.insert("facts".into(), facts_value(&v, run));
                groups.push(tera::Value::from(group));
            }
            let groups = tera::Value::from(groups);
            ctx.insert("topic", &BoardCard { link: v.topic_link(t), summary: t.summary.get(lang) });
            ctx.insert_value("groups", groups);
            ctx.insert("inferred", &v.inferred_notes(facts));
            ctx.insert("boards", &site.boards.iter().filter(|b| b.topics.contains(&i)).map(|b| v.board_link(b)).collect::<Vec<_>>());
            ctx.insert("commentary", &commentary_view(site, &v, Section::Topics, &t.id));
            (t.name.get(lang).to_string(), t.summary.get(lang).to_string())
        }
        Page::Indicator(i) => {
            let ind = &site.indicators[i];
            let facts = site.facts_of_indicator(i);
            ctx.insert(
                "indicator",
                &IndicatorView {
                    name: ind.name.get(lang),
                    unit: ind.unit.as_str(),
                    measure: ind.kind,
                    topics: ind.topics.iter().map(|&t| v.topic_link(&site.topics[t])).collect(),
                },
            );
            let lineups = lists.lineups(site, i);
            // A chart of every period of a long series is unreadable: the latest ones (the
            // table below lists all). Years only: a half-year or a five-year total on the
            // same scale as annual figures would read as a fall or a leap.
            let annual: Vec<Lineup> = lineups.iter().filter(|l| matches!(l.period, Period::Year(_))).cloned().collect();
            let recent = &annual[annual.len().saturating_sub(CHART_PERIODS)..];
            ctx.insert("chart", &chart::bars(ind.name.get(lang), &ind.id, &v.bars(recent), false));
            // The newest periods first: part 0 holds the last `size` rows (in time order).
            ctx.insert("comparisons", &chunk(lineups, part, size, true).iter().map(|l| v.comparison(l.clone())).collect::<Vec<_>>());
            ctx.insert("inferred", &v.inferred_notes(facts));
            (ind.name.get(lang).to_string(), format!("{} · {}", ind.name.get(lang), site.config.title.get(lang)))
        }
        Page::Source(i) => {
            let s = &site.sources[i];
            let facts = site.index.of_source(i);
            ctx.insert(
                "source",
                &SourceView {
                    id: &s.id,
                    title: s.title.get(lang),
                    date: date_label(s, lang),
                    publisher: s.publisher.get(lang),
                    covers: s.covers.get(lang),
                    inferred: s.inferred.as_ref().map(|t| t.get(lang)),
                    count: facts.len(),
                    coverage: s.coverage.as_ref().map(|c| CoverageView {
                        printed: c.printed,
                        cited: c.cited,
                        skipped: c.skipped.iter().map(|k| SkippedView { figure: &k.figure, why: k.why.get(lang) }).collect(),
                        unaccounted: &c.unaccounted,
                    }),
                },
            );
            ctx.insert_value("facts", facts_value(&v, chunk(facts, part, size, false).iter().copied()));
            (s.title.get(lang).to_string(), s.covers.get(lang).to_string())
        }
        Page::Glossary => {
            let terms: Vec<TermView> = site
                .glossary
                .iter()
                .map(|t| TermView { id: &t.id, term: t.term.get(lang), other: t.term.get(lang.other()), definition: t.definition.get(lang) })
                .collect();
            ctx.insert("terms", &terms);
            (v.t("glossary"), v.t("glossary_description"))
        }
        Page::Search => {
            ctx.insert("relative", &opts.urls.relative);
            (v.t("search"), v.t("search_description"))
        }
        Page::Life => {
            ctx.insert("areas", &life::cards(site, &v));
            (v.t("life"), v.t("life_description"))
        }
        Page::LifeArea(a) => {
            let view = life::area(site, &v, a);
            let (title, desc) = (view.name.to_string(), format!("{} {}", view.summary, v.t("life_area_description")));
            ctx.insert("area", &view);
            ctx.insert("life", &v.link(v.t("life"), &v.path(routes::LIFE)));
            (title, desc)
        }
        Page::Promises => {
            // The newest years' and every plan's targets in full (the counts cover all);
            // an older year's are on its own page, linked below: a long series would make
            // this one page as large as the site.
            let first_shown = site.years.len().saturating_sub(LEDGER_YEARS);
            let shown = |f: &Fact| match f.home {
                Home::Year(y) => y.index() >= first_shown,
                Home::Plan(_) => true,
            };
            let all_targets = crate::model::promise::targets(site);
            // The years just before those in full, with their counts; for a long series the
            // rest are on the home page's list of earlier years, one tap away.
            let listed_from = first_shown.saturating_sub(OLDER_LISTED);
            let older: Vec<OlderYear> = site.years[listed_from..first_shown]
                .iter()
                .map(|y| OlderYear { link: v.year_link(y), count: y.facts.iter().filter(|&&f| site.facts[f].status == Status::Target).count() })
                .filter(|o| o.count > 0)
                .collect();
            ctx.insert("older", &older);
            ctx.insert("older_more", &(listed_from > 0).then(|| v.link(v.t("earlier_years"), &v.path("#earlier-years"))));
            let targets: Vec<usize> = all_targets.iter().copied().filter(|&t| shown(&site.facts[t])).collect();
            let all_judged: Vec<Rating> = all_targets.iter().map(|&t| crate::model::promise::judge(site, t).rating).collect();
            let counts: Vec<RatingCount> = Rating::ALL
                .iter()
                .map(|&r| RatingCount { rating: r.as_str(), label: r.label(lang), count: all_judged.iter().filter(|&&j| j == r).count() })
                .filter(|c| c.count > 0)
                .collect();
            // Each target once per grouping, its anchor told apart by the group's.
            let group = |id: String, heading: Link, of: &dyn Fn(&Fact) -> bool| -> Option<PromiseGroup> {
                let promises: Vec<PromiseView> = targets
                    .iter()
                    .filter(|&&t| of(&site.facts[t]))
                    .map(|&t| {
                        let mut p = v.promise(t);
                        if !id.starts_with('y') && !id.starts_with("plan-") {
                            p.anchor = format!("{id}-{}", p.anchor);
                        }
                        p
                    })
                    .collect();
                (!promises.is_empty()).then_some(PromiseGroup { id, heading, promises })
            };
            let mut by_year: Vec<PromiseGroup> = Vec::new();
            for (i, y) in site.years.iter().enumerate() {
                by_year.extend(group(format!("y{}", y.year), v.year_link(y), &|f| f.home == Home::Year(YearId(i))));
            }
            for (i, p) in site.plans.iter().enumerate() {
                by_year.extend(group(format!("plan-{}", p.id), v.plan_link(p), &|f| f.home == Home::Plan(PlanId(i))));
            }
            let by_board: Vec<PromiseGroup> = BoardId::all(site.boards.len())
                .filter_map(|b| group(format!("board-{}", site.boards[b].id), v.board_link(&site.boards[b]), &|f| f.boards.contains(&b)))
                .collect();
            let by_topic: Vec<PromiseGroup> = TopicId::all(site.topics.len())
                .filter_map(|t| group(format!("topic-{}", site.topics[t].id), v.topic_link(&site.topics[t]), &|f| f.topics.contains(&t)))
                .collect();
            ctx.insert("counts", &counts);
            ctx.insert("total", &all_targets.len());
            ctx.insert("by_year", &by_year);
            ctx.insert("by_board", &by_board);
            ctx.insert("by_topic", &by_topic);
            (v.t("promises"), v.t("promises_description"))
        }
        Page::Part(..) => unreachable!("a part renders as its list"),
    };
    // A continuation's title says which part it is, so that every page's title is its own.
    let title = match List::of(page).filter(|_| part > 0) {
        Some((list, _)) => format!("{title}{}", v.t("page_of").replace("{n}", &(part + 1).to_string()).replace("{total}", &list.parts(site).to_string())),
        None => title,
    };
    let common = common(site, opts, &v, &path, title, description);
    let mut full = tera::Context::from_serialize(&common)?;
    full.insert_value("t", theme.strings_value[&lang].clone());
    full.extend(ctx);
    let html = theme.tera(opts.minify).render(template(page), &full)?;
    Ok(OutFile { path: routes::index_of(&path), bytes: html.into_bytes() })
}

/// The root files: the language picker and the 404 page, both bilingual.
fn render_root(site: &Site, theme: &Theme, opts: &RenderOptions, minify: bool, template: &str, path: &str) -> tera::TeraResult<OutFile> {
    let mut ctx = tera::Context::new();
    let langs: Vec<RootLang> = Lang::ALL
        .iter()
        .map(|&l| RootLang {
            code: l.code(),
            tag: l.tag(),
            title: site.config.title.get(l),
            description: site.config.description.get(l),
            url: opts.urls.link("", &routes::in_lang(l, "")),
            alternate: opts.urls.alternate("", &routes::in_lang(l, "")),
            t: &theme.strings[&l],
        })
        .collect();
    ctx.insert("languages", &langs);
    ctx.insert("default_lang", site.config.default_lang.code());
    ctx.insert("root", &opts.urls.link("", "").trim_end_matches(routes::INDEX).to_string());
    // The 404 page is served at any depth, so it has no canonical URL of its own.
    let picker = path == routes::LANGUAGE_PICKER;
    ctx.insert("canonical", &if picker { opts.urls.canonical("") } else { None });
    ctx.insert("url", &(opts.urls.has_host() && !opts.urls.relative && picker).then(|| opts.urls.absolute("")));
    Ok(OutFile { path: path.to_string(), bytes: theme.tera(minify).render(template, &ctx)?.into_bytes() })
}

/// A derived number in the reader's terms: a difference in the facts' unit, or a ratio as
/// "1.64 times" / "1.64倍".
fn derived_value(site: &Site, d: &cite::Derivation, lang: Lang) -> String {
    match (d.op, &site.facts[d.left].claim) {
        (cite::Op::Difference, Claim::Figure { indicator, unit, .. }) => {
            // Float noise of a difference (760.2 - 773) rounded to the inputs' precision.
            let value = (d.value * 1e6).round() / 1e6;
            if *unit == Unit::Percent {
                let points = crate::model::number::plain(value, true);
                return match lang {
                    Lang::Zh => format!("{points}个百分点"),
                    Lang::En => format!("{points} percentage points"),
                };
            }
            format_value(
                value,
                *unit,
                if site.indicators[*indicator].kind == IndicatorKind::Growth { IndicatorKind::Share } else { site.indicators[*indicator].kind },
                lang,
            )
        }
        _ => {
            let ratio = crate::model::number::plain((d.value * 100.0).round() / 100.0, true);
            match lang {
                Lang::Zh => format!("{ratio}倍"),
                Lang::En => format!("{ratio} times"),
            }
        }
    }
}

/// Links to a page's CSV and JSON downloads.
pub(super) fn downloads(v: &ViewBuilder<'_>, key: &str) -> [Link; 2] {
    [v.link("CSV", &routes::download(key, "csv")), v.link("JSON", &routes::download(key, "json"))]
}

/// Small charts of the headline indicators a page states, each over the years near `year`.
fn headline_charts(site: &Site, v: &ViewBuilder<'_>, facts: &[usize], year: u16) -> Vec<ChartView> {
    let mut indicators: Vec<IndicatorId> = facts.iter().filter_map(|&f| site.facts[f].indicator()).filter(|&i| site.indicators[i].headline).collect();
    indicators.sort_unstable();
    indicators.dedup();
    indicators
        .into_iter()
        .filter_map(|i| {
            let facts = site.facts_of_indicator_near(i, year.saturating_sub(CHART_WINDOW), year.saturating_add(CHART_WINDOW));
            // Years only, as on the indicator page: halves and spans are on another scale.
            let rows: Vec<Lineup> = lineups(site, &facts).into_iter().filter(|l| matches!(l.period, Period::Year(_))).collect();
            if rows.len() < 2 {
                return None;
            }
            let ind = &site.indicators[i];
            let svg = chart::bars(ind.name.get(v.lang), &ind.id, &v.bars(&rows), true)?;
            Some(ChartView { indicator: v.indicator_link(ind), svg })
        })
        .collect()
}

/// How many years before those in full the promises page links by name.
pub const OLDER_LISTED: usize = 100;

/// How many of the newest years the promises page lists in full.
pub const LEDGER_YEARS: usize = 20;

/// An older year on the promises page: a link to its page, and how many targets it set.
#[derive(Serialize)]
struct OlderYear {
    link: Link,
    count: usize,
}

#[derive(Serialize)]
struct RatingCount {
    rating: &'static str,
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct PromiseGroup {
    /// The group's anchor on the page (`y2020`, `plan-fyp13`, `board-fenghu`, `topic-warm`).
    id: String,
    heading: Link,
    promises: Vec<PromiseView>,
}

#[derive(Serialize)]
struct ChartView {
    indicator: Link,
    svg: String,
}

fn years_label(years: &[u16], lang: Lang) -> String {
    let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    match lang {
        Lang::Zh => format!("{}年", list.join("、")),
        Lang::En => list.join(", "),
    }
}

fn date_label(s: &Source, lang: Lang) -> String {
    let (y, m, d) = (&s.date[..4], s.date[5..7].trim_start_matches('0'), s.date[8..10].trim_start_matches('0'));
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let month = MONTHS[m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    match (s.precision, lang) {
        (DatePrecision::Day, Lang::Zh) => format!("{y}年{m}月{d}日"),
        (DatePrecision::Day, Lang::En) => format!("{d} {month} {y}"),
        (DatePrecision::Month, Lang::Zh) => format!("{y}年{m}月"),
        (DatePrecision::Month, Lang::En) => format!("{month} {y}"),
        (DatePrecision::Year, Lang::Zh) => format!("{y}年"),
        (DatePrecision::Year, Lang::En) => y.to_string(),
    }
}

fn year_summary(site: &Site, v: &ViewBuilder<'_>, y: &Year) -> YearSummary {
    let c = site.commentary(Section::Years, &y.year.to_string(), v.lang);
    // Only the headline indicators' figures: the home page lists every year, so building views
    // of every fact only to drop most of them would be the larger part of its cost.
    let headline_facts: Vec<usize> = y.facts.iter().copied().filter(|&f| site.facts[f].indicator().is_some_and(|i| site.indicators[i].headline)).collect();
    let headline: Vec<Comparison> = v.comparisons(&headline_facts);
    YearSummary {
        link: v.year_link(y),
        title: c.and_then(|c| c.title.clone()),
        summary: c.and_then(|c| c.summary.as_deref()).map(|s| plain_marks(site, v, s)),
        headline,
        facts: y.facts.len(),
        inferred: !v.inferred_notes(&y.facts).is_empty(),
    }
}

#[derive(Serialize)]
struct YearSummary {
    link: Link,
    title: Option<String>,
    summary: Option<String>,
    headline: Vec<Comparison>,
    facts: usize,
    inferred: bool,
}

#[derive(Serialize)]
struct BoardCard<'a> {
    link: Link,
    summary: &'a str,
}

#[derive(Serialize)]
struct PlanView<'a> {
    name: &'a str,
    full_name: &'a str,
    start: u16,
    end: u16,
}

#[derive(Serialize)]
struct NameView {
    name: String,
    /// The same name in the other language.
    other: String,
    years: String,
    current: bool,
}

#[derive(Serialize)]
struct BoardView<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    /// Names over the years, oldest first; the last is the current one.
    names: Vec<NameView>,
    topics: Vec<Link>,
}

#[derive(Serialize)]
struct IndicatorView<'a> {
    name: &'a str,
    unit: &'static str,
    measure: IndicatorKind,
    topics: Vec<Link>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    publisher: &'a str,
    covers: &'a str,
    inferred: Option<&'a str>,
    count: usize,
    /// Of the numbers with a unit the document prints, which the digest holds, when its text
    /// was at hand.
    coverage: Option<CoverageView<'a>>,
}

#[derive(Serialize)]
struct CoverageView<'a> {
    printed: usize,
    cited: usize,
    skipped: Vec<SkippedView<'a>>,
    unaccounted: &'a [String],
}

#[derive(Serialize)]
struct SkippedView<'a> {
    figure: &'a str,
    why: &'a str,
}

#[derive(Serialize)]
struct TermView<'a> {
    id: &'a str,
    term: &'a str,
    other: &'a str,
    definition: &'a str,
}

#[derive(Serialize)]
struct RootLang<'a> {
    code: &'static str,
    tag: &'static str,
    title: &'a str,
    description: &'a str,
    /// The language's home page, linked from the root file.
    url: String,
    /// The same, for `hreflang` alternates: absolute for a host.
    alternate: String,
    t: &'a std::collections::BTreeMap<String, String>,
}
