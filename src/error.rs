//! Diagnostics: what went wrong, where (file, line, column), and what to write instead.
//!
//! Every stage reports problems as [`Diagnostic`]s so that a YAML syntax error, an unknown board
//! id and a template error all look alike to the editor, in the terminal and in the serve overlay.
//! Stages collect diagnostics instead of stopping at the first one, so an editor sees every
//! problem of a build at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file as nianbao read it: its path, as shown in messages, and its text, for the line
/// shown under a message. Loading keeps it beside what it parsed, so that a check can point
/// into the file without reading it again (the file may have changed since, or be gone).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputFile {
    pub path: PathBuf,
    pub text: String,
}

impl InputFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        InputFile { path: path.into(), text: text.into() }
    }

    /// A problem at a position in this file, with the line shown.
    pub fn at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, line, column, message).with_source(&self.text)
    }

    /// The first place `needle` appears, as `(line, column)`, 1-based.
    pub fn find(&self, needle: &str) -> Option<(usize, usize)> {
        self.text.lines().enumerate().find_map(|(i, line)| line.find(needle).map(|col| (i + 1, line[..col].chars().count() + 1)))
    }
}

/// Whether a problem stops the build, or is reported for the editor to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    /// Reported by `nianbao check`; an error with `--strict`.
    Warning,
}

/// One problem found in the input, pointing at a position in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as given to nianbao (relative to the project root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead, when nianbao can tell.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (unreadable, missing twin, ...).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, path: path.into(), line: 0, column: 0, message: message.into(), hint: None, snippet: None }
    }

    /// A problem at a position in a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, path: path.into(), line, column, message: message.into(), hint: None, snippet: None }
    }

    /// Makes this a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds what to write instead.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line, taken from the file's text.
    pub fn with_source(self, text: &str) -> Self {
        let line = self.line;
        self.with_source_line(text, line)
    }

    /// Attaches line `line` of `text` (1-based), for YAML embedded in a file at an offset.
    pub fn with_source_line(mut self, text: &str, line: usize) -> Self {
        if line > 0 {
            self.snippet = text.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// `path:line:column`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.path.display().to_string(),
            (l, 0) => format!("{}:{l}", self.path.display()),
            (l, c) => format!("{}:{l}:{c}", self.path.display()),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: the message, the location, the line with a caret under the column, the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", escape_invisible(&self.message))?;
        write!(f, "  --> {}", escape_invisible(&self.location()))?;
        if let Some(full) = &self.snippet {
            // A long line (a paragraph of commentary) is shown around the column only.
            let (line, column) = window(full, self.column);
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            write!(f, "\n{pad} |\n{num} | {}", escape_invisible(&line))?;
            if column > 0 {
                // Width in terminal cells: CJK characters take two, an escaped one its escape.
                let before: usize = line.chars().take(column - 1).map(|c| if is_invisible(c) { escaped(c).len() } else { cell_width(c) }).sum();
                write!(f, "\n{pad} | {}^", " ".repeat(before))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {}", escape_invisible(hint))?;
        }
        Ok(())
    }
}

/// A character as a message shows it: itself, or `\u{200b}` for one a reader could not see
/// or that would reorder the text around it (controls, zero-width and bidirectional marks).
pub fn escaped(c: char) -> String {
    if is_invisible(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }
}

/// Controls (but tab), zero-width characters, bidirectional marks and overrides, the byte-order
/// mark, soft hyphen: what a terminal or the preview would not show, or would show reordered.
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c as u32, 0xAD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

/// `text` with every invisible character escaped (see [`escaped`]).
pub fn escape_invisible(text: &str) -> String {
    if !text.chars().any(is_invisible) {
        return text.to_string();
    }
    text.chars().map(escaped).collect()
}

/// At most 80 characters of `line` around `column`, with `…` where it was cut, and the
/// column within what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 80;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(WIDTH / 2).min(chars.len() - WIDTH);
    let end = start + WIDTH;
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = column.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, if column == 0 { 0 } else { col })
}

fn cell_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
        0x09 => 4,
        _ => 1,
    }
}

/// Everything that can stop a nianbao command.
#[derive(Debug)]
pub enum Error {
    /// The content or theme has problems; each names its file and position.
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the content (permissions, disk).
    Io { path: PathBuf, source: std::io::Error },
    /// The command cannot run as asked (an output folder that is not nianbao's, a port in use,
    /// ...): what was refused, what to do instead, and the system's error behind it, if any.
    Refused { message: String, help: Option<String>, source: Option<Box<dyn std::error::Error + Send + Sync>> },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), source }
    }

    /// Refuses to go on, saying why.
    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused { message: message.into(), help: None, source: None }
    }

    /// Adds what to do instead (shown as `= help:`, as under a diagnostic).
    pub fn help(mut self, text: impl Into<String>) -> Self {
        if let Error::Refused { help, .. } = &mut self {
            *help = Some(text.into());
        }
        self
    }

    /// Adds the error behind a refusal: printed after the message, and its `source()`.
    pub fn because(mut self, error: impl std::error::Error + Send + Sync + 'static) -> Self {
        if let Error::Refused { source, .. } = &mut self {
            *source = Some(Box::new(error));
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diags) => {
                for d in diags {
                    writeln!(f, "{d}\n")?;
                }
                let n = diags.iter().filter(|d| d.severity == Severity::Error).count();
                let w = diags.len() - n;
                write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })?;
                if w > 0 {
                    write!(f, " and {w} warning{}", if w == 1 { "" } else { "s" })?;
                }
                write!(f, "; nothing was written")
            }
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Refused { message, help, source } => {
                write!(f, "error: {message}")?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
                if let Some(help) = help {
                    write!(f, "\n  = help: {help}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(_) => None,
            Error::Io { source, .. } => Some(source),
            Error::Refused { source, .. } => source.as_deref().map(|s| s as &(dyn std::error::Error + 'static)),
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diags: Vec<Diagnostic>) -> Self {
        Error::Invalid(diags)
    }
}

/// The result type of nianbao's library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Suggests the closest of `candidates` to a mistyped `word` ("did you mean").
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    // A prefix of a candidate (亿 for 亿元) is a stronger hint than any edit distance.
    if let Some(best) = candidates.iter().filter(|c| c.starts_with(word) && !word.is_empty()).min_by_key(|c| c.len()) {
        return Some(best);
    }
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("vaule", ["value", "unit", "period"]), Some("value"));
        assert_eq!(did_you_mean("zzzzzz", ["value", "unit"]), None);
    }

    #[test]
    fn refusals_print_their_cause_and_help_and_keep_the_cause_as_source() {
        let e = Error::refused("cannot serve on http://127.0.0.1:1/").because(std::io::Error::other("address in use")).help("choose another port");
        assert_eq!(e.to_string(), "error: cannot serve on http://127.0.0.1:1/: address in use\n  = help: choose another port");
        assert_eq!(std::error::Error::source(&e).map(|s| s.to_string()).as_deref(), Some("address in use"));
    }

    #[test]
    fn input_files_point_without_reading_the_disk() {
        let file = InputFile::new("content/x.yaml", "a: 1\nname: 德化街\n");
        assert_eq!(file.find("德化"), Some((2, 7)));
        assert_eq!(file.at(2, 7, "bad").snippet.as_deref(), Some("name: 德化街"));
    }

    #[test]
    fn invisible_characters_are_shown_escaped_and_the_caret_follows() {
        let d = Diagnostic::at("a.md", 1, 4, "bad \u{202e}x").with_source("a\u{200b}\u{7}X");
        let shown = d.to_string();
        assert!(shown.contains("error: bad \\u{202e}x"), "{shown}");
        // Under `a\u{200b}\u{7}`: 1 + 8 + 5 cells.
        assert!(shown.contains(&format!("1 | a\\u{{200b}}\\u{{7}}X\n  | {}^", " ".repeat(14))), "{shown}");
        assert!(!shown.contains('\u{200b}') && !shown.contains('\u{7}'));
    }

    #[test]
    fn caret_accounts_for_wide_characters() {
        let d = Diagnostic::at("a.yaml", 1, 4, "bad").with_source("名称: x");
        let shown = d.to_string();
        assert!(shown.contains("a.yaml:1:4"), "{shown}");
        assert!(shown.contains("\n  |      ^"), "{shown}");
    }
}
