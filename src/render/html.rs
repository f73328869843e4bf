//! A small HTML tag scanner: start tags and their attributes, enough to find links and ids in
//! nianbao's own output, minified or not (quoted, single-quoted and unquoted values).
//!
//! Not a parser: it skips comments, doctypes, end tags and the raw text of `<script>` and
//! `<style>`, and knows nothing of nesting.

use std::borrow::Cow;

/// A start tag, borrowed from the page: its name as written and its attributes with their
/// raw (undecoded) values. [`scan`] hands each tag to a callback instead of collecting them,
/// so that scanning a large site's pages allocates nothing per tag.
#[derive(Debug)]
pub struct Tag<'a, 'b> {
    pub name: &'a str,
    attrs: &'b [(&'a str, &'a str)],
}

impl<'a> Tag<'a, '_> {
    /// Whether this is a `name` tag (names compare without regard to case).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The value of an attribute, its character references decoded.
    pub fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| decode(v))
    }
}

/// Calls `each` with every start tag of `html`, in order.
pub fn scan<'a>(html: &'a str, mut each: impl FnMut(&Tag<'a, '_>)) {
    let b = html.as_bytes();
    let mut attrs: Vec<(&'a str, &'a str)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            // An end tag, a doctype, or a stray `<` in text.
            i += if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") { rest.find('>').map_or(rest.len(), |e| e + 1) } else { 1 };
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = &html[start..i];
        attrs.clear();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = &html[start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (start, end) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                        let span = (i + 1, end);
                        i = (end + 1).min(b.len());
                        span
                    }
                    _ => {
                        let start = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        (start, i)
                    }
                };
                value = &html[start..end];
            }
            attrs.push((attr, value));
        }
        let tag = Tag { name, attrs: &attrs };
        each(&tag);
        if matches!(name.len(), 5 | 6 | 8) && ["script", "style", "textarea", "title"].iter().any(|raw| tag.is(raw)) {
            i += find_close(&html[i.min(b.len())..], name).unwrap_or(0);
        }
        if i >= b.len() {
            break;
        }
    }
}

/// Where `</name` (in any case) starts in `text`.
fn find_close(text: &str, name: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find("</") {
        let at = i + off;
        if b.get(at + 2..at + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// `bytes` as text: borrowed when valid UTF-8, as rendered pages are (checking is faster than
/// the lossy conversion's scan).
pub fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Decodes the character references nianbao's templates and minify-html write in attributes.
pub fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| !c.is_ascii_alphanumeric() && c != '#').map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name {
            "amp" | "AMP" => Some('&'),
            "lt" | "LT" => Some('<'),
            "gt" | "GT" => Some('>'),
            "quot" | "QUOT" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| name.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag's name and decoded attributes.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        scan(html, |t| out.push((t.name.to_string(), t.attrs.iter().map(|(n, _)| (n.to_string(), t.attr(n).unwrap().into_owned())).collect())));
        out
    }

    #[test]
    fn reads_quoted_and_unquoted_attributes() {
        let html = r#"<!DOCTYPE html><html lang=zh-Hans><!-- <a href="x"> --><a class="a b" href=/erqi/zh/ title='it&#39;s'>x</a><br/><img src=a.png alt>"#;
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["html", "a", "br", "img"]);
        let attr = |i: usize, name: &str| t[i].1.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(attr(0, "lang"), Some("zh-Hans"));
        assert_eq!(attr(1, "href"), Some("/erqi/zh/"));
        assert_eq!(attr(1, "title"), Some("it's"));
        assert_eq!(attr(1, "class"), Some("a b"));
        assert_eq!(attr(3, "src"), Some("a.png"));
        assert_eq!(attr(3, "alt"), Some(""));
    }

    #[test]
    fn skips_script_and_style_text() {
        let t = tags("<style>a[href='x']{}</STYLE><script>if (a<b) {}</script><title><b></title><p id=x>");
        assert_eq!(t.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(), ["style", "script", "title", "p"]);
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode("a&amp;b&lt;&#x27;&#39;&quot;&unknown;"), "a&b<''\"&unknown;");
    }
}
