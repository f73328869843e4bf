//! Loading: read every content file, parse it into raw types, and report every file that cannot
//! be read or parsed. Each parsed value keeps the file it came from ([`InputFile`]), so that
//! checks point into it without reading it again. Reading input is this module's job (the
//! theme's files are read by `theme`, the output written by `write`).

pub mod fence;
pub mod raw;
pub mod yaml;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, InputFile};
use crate::lang::Lang;
use crate::section::Section;
pub use fence::Fence;
use raw::*;

/// Content files larger than this are refused: a fact file is kilobytes; megabytes mean a
/// mistake (a data dump saved in the wrong place), and parsing it would stall a preview.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed file: the file as read (path and text, for messages) and what it holds.
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: Arc<InputFile>,
    pub value: T,
}

/// A commentary file: front matter and Markdown body.
#[derive(Debug)]
pub struct RawCommentary {
    pub section: Section,
    /// The file name before the language: `2020` in `2020.zh.md`.
    pub key: String,
    pub lang: Lang,
    /// The whole file as read, front matter included.
    pub file: Arc<InputFile>,
    pub front: RawFrontMatter,
    pub body: String,
    /// The 1-based line where the body starts, for messages about it.
    pub body_line: usize,
}

/// Everything under `content/`, parsed but not yet checked for meaning.
#[derive(Debug)]
pub struct RawContent {
    pub site: Loaded<RawSite>,
    pub sources: Loaded<Vec<RawSource>>,
    pub topics: Loaded<Vec<RawTopic>>,
    pub boards: Loaded<Vec<RawBoard>>,
    pub indicators: Loaded<Vec<RawIndicator>>,
    pub glossary: Option<Loaded<Vec<RawTerm>>>,
    /// `life_areas.yaml`, when the digest groups facts by parts of residents' lives.
    pub life_areas: Option<Loaded<Vec<RawLifeArea>>>,
    /// Year files with the year their name gives.
    pub years: Vec<(String, Loaded<RawYear>)>,
    /// Plan files with the id their name gives.
    pub plans: Vec<(String, Loaded<RawPlan>)>,
    pub commentary: Vec<RawCommentary>,
}

/// Reads a file as UTF-8 text, without a byte-order mark, refusing huge files.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = fs::metadata(path).map_err(|e| io_diag(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::file(path, format!("the file is {} MB, larger than the 8 MB nianbao accepts", meta.len() / 1_000_000))
            .hint("content files hold a year's facts or one page of commentary; split the file or move the data out of content/"));
    }
    decode(path, fs::read(path).map_err(|e| io_diag(path, &e))?)
}

/// A file's bytes as the text nianbao reads: UTF-8 without a byte-order mark, line endings
/// as LF, in Unicode's composed form (NFC), no control characters; `path` names the file in
/// messages.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            // CR-only (old Mac) and CRLF (Windows) line endings read as LF, so that lines are
            // numbered alike and front matter is found whatever editor saved the file.
            if s.contains('\r') {
                s = s.replace("\r\n", "\n").replace('\r', "\n");
            }
            // One spelling per character (NFC): a glossary term, an id or a citation typed with
            // a combining accent matches the same text typed precomposed.
            if !unicode_normalization::is_nfc(&s) {
                use unicode_normalization::UnicodeNormalization;
                s = s.nfc().collect();
            }
            if let Some((line, column, c)) = control_character(&s) {
                return Err(Diagnostic::at(
                    path,
                    line,
                    column,
                    format!("the text holds the control character {}, which no page can show", crate::error::escaped(c)),
                )
                .with_source(&s)
                .hint("delete it (it often comes with text copied from a PDF or a word processor); tabs and line breaks are fine"));
            }
            Ok(s)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
            Err(Diagnostic::at(path, line, column, format!("the file is not valid UTF-8 (byte {at})"))
                .hint("save the file as UTF-8 (GBK and other legacy encodings are not read)"))
        }
    }
}

/// The first control character of `text` other than tab and line feed (U+0000-U+001F,
/// U+007F-U+009F), with its 1-based line and column.
pub fn control_character(text: &str) -> Option<(usize, usize, char)> {
    let at = text.find(is_control)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, column, text[at..].chars().next()?))
}

/// A control character no page or CSV should carry: C0 and C1 controls, DEL; not tab or
/// line feed (carriage returns are line feeds by the time this is asked).
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || c == '\r'
}

fn io_diag(path: &Path, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => "create the file (see the README's content model)",
        std::io::ErrorKind::PermissionDenied => "make the file readable by the user running nianbao",
        _ => "check that the path is a readable regular file",
    };
    Diagnostic::file(path, format!("cannot read the file: {e}")).hint(hint)
}

/// A file of a content folder, loaded.
pub(crate) enum Entry {
    Year(String, Box<Loaded<RawYear>>),
    Plan(String, Box<Loaded<RawPlan>>),
    Commentary(Box<RawCommentary>),
    Invalid(Vec<Diagnostic>),
}

/// Loads one file of the content folder of `section`, as [`load`] does (the preview also
/// loads a single edited file with it).
pub(crate) fn load_entry(fence: &Fence, section: Section, path: &Path) -> Entry {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let mut diags = Vec::new();
    if let Err(d) = fence.admit_file(path) {
        return Entry::Invalid(vec![d]);
    }
    if let Some(stem) = name.strip_suffix(".yaml") {
        match section {
            Section::Years => {
                if let Some(y) = load_yaml::<RawYear>(path, &mut diags) {
                    return Entry::Year(stem.to_string(), Box::new(y));
                }
            }
            Section::Plans => {
                if let Some(p) = load_yaml::<RawPlan>(path, &mut diags) {
                    return Entry::Plan(stem.to_string(), Box::new(p));
                }
            }
            _ => {
                diags.push(Diagnostic::file(path, format!("{} are defined in content/{}.yaml, not in files of their own", section.dir(), section.dir())).hint(
                    format!("move this data into content/{}.yaml; content/{}/ holds only commentary (<id>.zh.md, <id>.en.md)", section.dir(), section.dir()),
                ))
            }
        }
    } else if let Some(stem) = name.strip_suffix(".md") {
        let Some((key, lang)) = stem.rsplit_once('.').and_then(|(k, l)| Some((k, Lang::from_code(l)?))) else {
            return Entry::Invalid(vec![
                Diagnostic::file(path, "a commentary file needs its language in its name").hint(format!("name it {stem}.zh.md or {stem}.en.md")),
            ]);
        };
        match read_text(path).and_then(|text| parse_commentary(section, key, lang, path, text)) {
            Ok(c) => return Entry::Commentary(Box::new(c)),
            Err(d) => diags.push(d),
        }
    } else if name.ends_with(".yml") {
        diags.push(Diagnostic::file(path, "YAML files end in `.yaml` in nianbao").hint(format!("rename it to {}", name.replace(".yml", ".yaml"))));
    } else if !path.is_dir() {
        diags.push(
            Diagnostic::file(path, "nianbao does not know what this file is")
                .hint(format!("content/{}/ holds <key>.yaml data and <key>.zh.md / <key>.en.md commentary; move other files elsewhere", section.dir())),
        );
    }
    Entry::Invalid(diags)
}

fn load_yaml<T: DeserializeOwned>(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Loaded<T>> {
    let text = read_text(path).map_err(|d| diags.push(d)).ok()?;
    let value = yaml::parse(path, &text, 0).map_err(|d| diags.push(d)).ok()?;
    Some(Loaded { file: Arc::new(InputFile::new(path, text)), value })
}

/// Loads one catalogue of `content/` (`sources.yaml`) as [`load`] does: the preview reads only
/// the catalogue that changed.
pub(crate) fn load_catalogue<T: DeserializeOwned>(fence: &Fence, path: &Path) -> Result<Loaded<T>, Vec<Diagnostic>> {
    fence.admit_file(path).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    load_yaml(path, &mut diags).ok_or(diags)
}

/// Splits a commentary file into front matter (YAML between `---` lines) and body.
pub fn parse_commentary(section: Section, key: &str, lang: Lang, path: &Path, text: String) -> Result<RawCommentary, Diagnostic> {
    let (front, body, body_line) = match text.strip_prefix("---").filter(|r| r.starts_with('\n') || r.starts_with("\r\n")) {
        None => (RawFrontMatter::default(), text.clone(), 1),
        Some(rest) => {
            // `rest` line 0 is what follows the opening `---` (file line 1).
            let mut pos = 0;
            let mut close = None;
            for (i, line) in rest.split_inclusive('\n').enumerate() {
                if i > 0 && line.trim_end() == "---" {
                    close = Some((i, pos, pos + line.len()));
                    break;
                }
                pos += line.len();
            }
            let first_nl = rest.find('\n').map_or(0, |p| p + 1);
            let Some((close_line, yaml_end, body_start)) = close else {
                return Err(Diagnostic::at(path, 1, 1, "front matter opened with `---` is never closed")
                    .with_source(&text)
                    .hint("end the front matter with a line holding only `---`, or remove the opening `---`"));
            };
            let yaml_text = &rest[first_nl..yaml_end.max(first_nl)];
            let front = if yaml_text.trim().is_empty() { RawFrontMatter::default() } else { yaml::parse::<RawFrontMatter>(path, yaml_text, 1)? };
            (front, rest[body_start..].to_string(), close_line + 2)
        }
    };
    Ok(RawCommentary { section, key: key.to_string(), lang, file: Arc::new(InputFile::new(path, text)), front, body, body_line })
}

/// Files an editor or the OS leaves beside content: hidden files, backups, swap files.
pub fn is_noise(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") || name.starts_with('#')
}

/// Reads and parses everything under `content_dir`, reporting every problem found; a file or
/// folder that resolves outside the project (`fence`) is one of them.
pub fn load(fence: &Fence, content_dir: &Path) -> Result<RawContent, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    if let Err(d) = fence.admit_dir(content_dir) {
        return Err(vec![d]);
    }
    let file = |name: &str| content_dir.join(name);
    for name in ["site.yaml", "sources.yaml", "topics.yaml", "boards.yaml", "indicators.yaml", "glossary.yaml", "life_areas.yaml"] {
        if let Err(d) = fence.admit_file(&file(name)) {
            diags.push(d);
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let site = load_yaml::<RawSite>(&file("site.yaml"), &mut diags);
    let sources = load_yaml(&file("sources.yaml"), &mut diags);
    let topics = load_yaml(&file("topics.yaml"), &mut diags);
    let boards = load_yaml(&file("boards.yaml"), &mut diags);
    let indicators = load_yaml(&file("indicators.yaml"), &mut diags);
    let glossary = file("glossary.yaml").exists().then(|| load_yaml(&file("glossary.yaml"), &mut diags)).flatten();
    let life_areas = file("life_areas.yaml").exists().then(|| load_yaml(&file("life_areas.yaml"), &mut diags)).flatten();

    let mut years = Vec::new();
    let mut plans = Vec::new();
    let mut commentary = Vec::new();
    for section in Section::ALL {
        let dir = content_dir.join(section.dir());
        if !dir.is_dir() {
            continue;
        }
        if let Err(d) = fence.admit_dir(&dir) {
            diags.push(d);
            continue;
        }
        let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| match e {
                Ok(e) => Some(e.into_path()),
                Err(err) => {
                    diags.push(Diagnostic::file(err.path().unwrap_or(&dir), format!("cannot list the folder: {err}")));
                    None
                }
            })
            .collect();
        entries.retain(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !is_noise(n)));
        // Files parse in parallel (a long series has thousands); results keep file order.
        use rayon::prelude::*;
        let loaded: Vec<Entry> = entries.par_iter().map(|path| load_entry(fence, section, path)).collect();
        for entry in loaded {
            match entry {
                Entry::Year(stem, y) => years.push((stem, *y)),
                Entry::Plan(stem, p) => plans.push((stem, *p)),
                Entry::Commentary(c) => commentary.push(*c),
                Entry::Invalid(d) => diags.extend(d),
            }
        }
    }

    match (site, sources, topics, boards, indicators) {
        (Some(site), Some(sources), Some(topics), Some(boards), Some(indicators)) if diags.is_empty() => {
            Ok(RawContent { site, sources, topics, boards, indicators, glossary, life_areas, years, plans, commentary })
        }
        _ => Err(diags),
    }
}

/// `content/skipped.yaml`, when it exists: the figures sources print that the digest leaves
/// out on purpose, each with why (`nianbao check --coverage`).
pub fn load_skipped(fence: &Fence, content_dir: &Path) -> Result<Option<Loaded<Vec<RawSkipped>>>, Vec<Diagnostic>> {
    let path = content_dir.join("skipped.yaml");
    if !path.exists() {
        return Ok(None);
    }
    fence.admit_file(&path).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    load_yaml(&path, &mut diags).map(Some).ok_or(diags)
}

/// The texts of the source documents `ids` names (`<dir>/<id>.txt`, each read once), by id,
/// for the provenance check; and a problem for each that cannot be read.
pub fn source_texts<'a>(dir: &Path, ids: impl IntoIterator<Item = &'a str>) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let mut texts = HashMap::new();
    let mut diags = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        match read_text(&dir.join(format!("{id}.txt"))) {
            Ok(text) => {
                texts.insert(id.to_string(), text);
            }
            Err(d) => diags.push(d),
        }
    }
    (texts, diags)
}
