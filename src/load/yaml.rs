//! The one place that knows which YAML library nianbao uses (serde-saphyr: maintained, and it
//! gives the position of every value). Its errors become [`Diagnostic`]s here.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Parses `text` (the contents of `path`) as `T`. `line_offset` is the number of lines before
/// the YAML in its file (front matter starts after the opening `---`).
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, line_offset: usize) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::file(path, "the file is empty").hint("write the YAML this file should hold (see the README's content model), or delete the file")
        );
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let (line, column) = e.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
        let raw = e.without_snippet().to_string();
        // The library appends " at line L, column C"; nianbao shows positions its own way.
        let mut message = match raw.rfind(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        // Library advice about its own options is not for editors.
        if let Some(i) = message.find(", set DuplicateKeyPolicy") {
            message.truncate(i);
        }
        let (message, hint) = match (message.starts_with("invalid u16"), token_at(text, line, column)) {
            // A number too large for a year reads as "not a whole number" in the library's words.
            (true, Some(token)) if token.bytes().all(|b| b.is_ascii_digit()) => (
                format!("`{token}` is not a year nianbao can hold (years run up to 65535)"),
                Some("write the year as four digits, e.g. `year: 2022`".to_string()),
            ),
            _ => plain_words(message),
        };
        let mut d = Diagnostic::at(path, line + line_offset, column, message).with_source_line(text, line);
        d.hint = hint;
        d
    })
}

/// What nianbao reads as YAML: booleans are `true` and `false` only (YAML 1.1's `yes`, `no`,
/// `on` and `off`, quoted or not, are mistakes to point at, not values to guess), and a tag the
/// library does not know (`!foo 22`) is an error rather than silently dropped.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.reject_unsupported_tags = true;
    options
}

/// The plain scalar that starts at `line`:`column` (1-based) of `text`.
fn token_at(text: &str, line: usize, column: usize) -> Option<&str> {
    let line = text.lines().nth(line.checked_sub(1)?)?;
    let start = line.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let rest = &line[start..];
    Some(rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#')).next().unwrap_or(rest))
}

/// The YAML library speaks of scalars and sequences; editors read "a number" and "a list".
fn plain_words(message: String) -> (String, Option<String>) {
    if message.starts_with("multiple YAML documents") {
        return (
            "the file holds several YAML documents (a line `---` separates them)".into(),
            Some("a content file is one document: remove the `---` line, or split the file in two".into()),
        );
    }
    if message.starts_with("budget breached") {
        return (
            "the file holds more YAML values than nianbao reads in one file (250,000)".into(),
            Some("a year's facts are a few hundred values: check that this is the file you meant, or split it".into()),
        );
    }
    if let Some(tag) = message.strip_prefix("unsupported tag ") {
        return (format!("the tag {tag} means nothing to nianbao"), Some("remove the tag and write the value plainly, e.g. `value: 785.6`".into()));
    }
    const REWRITES: [(&str, &str, &str); 8] = [
        ("invalid boolean (strict mode expects true/false)", "expected true or false", "write `true` or `false` (yes, no, on and off are not read)"),
        ("expected sequence start", "expected a list here", "write a list as [a, b], or one `- item` per line"),
        ("expected mapping start", "expected keys and values here", "write `key: value` lines, indented under their parent"),
        ("expected string scalar", "expected a single value here, not a list or a mapping", "write one value, e.g. `value: 785.6`"),
        ("invalid floating point", "expected a number", "write the number without units or quotes, e.g. `value: 785.6`"),
        ("invalid u16", "expected a whole number (a year)", "write the year as four digits, e.g. `year: 2022`"),
        ("invalid u64", "expected a whole number", "write digits only"),
        ("invalid boolean", "expected true or false", "write `true` or `false`"),
    ];
    for (from, to, hint) in REWRITES {
        if let Some(rest) = message.strip_prefix(from) {
            return (format!("{to}{rest}"), Some(hint.to_string()));
        }
    }
    let hint = hint_for(&message);
    (message, hint)
}

/// What to write instead, for the YAML mistakes editors make most.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let expected: Vec<&str> =
            expected.trim_start_matches(", expected one of ").trim_start_matches(", expected ").split(", ").map(|s| s.trim_matches('`')).collect();
        return Some(match did_you_mean(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("allowed keys here: {}", expected.join(", ")),
        });
    }
    if message.contains("tabs disallowed") {
        return Some("indent YAML with spaces, not tabs".into());
    }
    if message.contains("duplicate mapping key") {
        return Some("each key may appear once in a mapping; remove or rename one of them".into());
    }
    if message.contains("trailing content after double-quoted") || message.contains("trailing content after single-quoted") {
        return Some("a quoted string was left open on an earlier line: close it with the quote it opens with".into());
    }
    if message.contains("unclosed quote") {
        return Some("close the string with the same quote it opens with".into());
    }
    if message.starts_with("missing field") {
        return Some("add the field; the README's content model lists what each file needs".into());
    }
    if message.contains("invalid type") {
        return Some("write the value in the type shown (a number without units or quotes, a list as [a, b], ...)".into());
    }
    None
}
