//! Reporting: problems of one file, each pointing at the value that causes it, with the line
//! shown (from the text the loader kept) and what to write instead. Every check of raw content
//! reports through a [`Reporter`].

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Diagnostic, InputFile, did_you_mean};
use crate::lang::{Lang, Text};
use crate::load::Loaded;
use crate::load::raw::{RawText, S};

/// Collects diagnostics for one file, pointing at spanned values.
pub struct Reporter<'a> {
    /// The file, as the loader read it.
    pub file: &'a Arc<InputFile>,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Lines before the YAML in its file (front matter starts on line 2).
    pub line_offset: usize,
}

impl Reporter<'_> {
    pub fn at<T>(&mut self, value: &S<T>, message: impl Into<String>, hint: impl Into<String>) {
        let loc = value.referenced;
        let d = self.file.at(loc.line() as usize + self.line_offset, loc.column() as usize, message).hint(hint);
        self.diags.push(d);
    }

    pub fn text(&mut self, raw: &RawText, what: &str) -> Text {
        for (lang, s) in [(Lang::Zh, &raw.zh), (Lang::En, &raw.en)] {
            if s.value.trim().is_empty() {
                self.at(s, format!("the {} {what} is empty", lang_name(lang)), format!("write the {what} in {}", lang_name(lang)));
            }
            self.plain(s, what);
        }
        Text { zh: raw.zh.value.trim().to_string(), en: raw.en.value.trim().to_string() }
    }

    /// Refuses a control character in a text (written as a YAML escape such as `"\x07"`, so
    /// the loader's check of the file's characters did not see it): no page or CSV may carry it.
    pub fn plain(&mut self, s: &S<String>, what: &str) {
        if let Some(c) = s.value.chars().find(|&c| crate::load::is_control(c) && c != '\n') {
            self.at(
                s,
                format!("the {what} holds the control character {}, which no page can show", crate::error::escaped(c)),
                "delete the escape that writes it; tabs and line breaks are fine",
            );
        }
    }

    pub fn slug(&mut self, id: &S<String>, what: &str) -> String {
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
    pub fn resolve(&mut self, id: &S<String>, kind: &str, ids: &HashMap<String, usize>) -> Option<usize> {
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

pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese (zh)",
        Lang::En => "English (en)",
    }
}

/// Assigns indices to ids, reporting duplicates.
pub fn index_ids<'a>(r: &mut Reporter<'_>, ids: impl Iterator<Item = &'a S<String>>, kind: &str) -> HashMap<String, usize> {
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

pub fn reporter<'a, T>(file: &'a Loaded<T>, diags: &'a mut Vec<Diagnostic>) -> Reporter<'a> {
    Reporter { file: &file.file, diags, line_offset: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawTopic;
    use crate::validate::testing::loaded;

    #[test]
    fn problems_point_at_the_value_with_its_line_and_a_hint() {
        let file = loaded::<Vec<RawTopic>>("topics.yaml", "- id: Warm Erqi\n  name: {zh: 温暖二七, en: ''}\n  summary: {zh: 民生, en: Livelihoods}\n");
        let mut diags = Vec::new();
        let mut r = reporter(&file, &mut diags);
        let t = &file.value[0];
        r.slug(&t.id, "topic");
        r.text(&t.name, "name");
        assert_eq!(diags.len(), 2);
        assert_eq!((diags[0].line, diags[0].column), (1, 7));
        assert_eq!(diags[0].snippet.as_deref(), Some("- id: Warm Erqi"));
        assert!(diags[0].hint.as_deref().unwrap().contains("e.g. `warm-erqi`"), "{:?}", diags[0].hint);
        assert_eq!(diags[1].message, "the English (en) name is empty");
        assert_eq!(diags[1].line, 2);
    }

    #[test]
    fn unknown_ids_suggest_the_closest_and_duplicates_name_the_first() {
        let file = loaded::<Vec<RawTopic>>(
            "topics.yaml",
            "- {id: warm, name: {zh: a, en: a}, summary: {zh: b, en: b}}\n- {id: warm, name: {zh: a, en: a}, summary: {zh: b, en: b}}\n",
        );
        let mut diags = Vec::new();
        let mut r = reporter(&file, &mut diags);
        let ids = index_ids(&mut r, file.value.iter().map(|t| &t.id), "topic");
        assert_eq!(ids.len(), 1);
        assert_eq!(r.resolve(&file.value[0].id, "topic", &ids), Some(0));
        let typo = S { value: "wram".to_string(), ..file.value[0].id.clone() };
        assert_eq!(r.resolve(&typo, "topic", &ids), None);
        assert_eq!(diags[0].message, "duplicate topic id `warm`");
        assert!(diags[0].hint.as_deref().unwrap().contains("already used on line 1"));
        assert_eq!(diags[1].message, "unknown topic `wram`");
        assert!(diags[1].hint.as_deref().unwrap().starts_with("did you mean `warm`?"));
    }
}
