//! A small HTML tag scanner: start tags and their attributes, enough to find links and ids in
//! nianbao's own output, minified or not (quoted, single-quoted and unquoted values).
//!
//! Not a parser: it skips comments, doctypes, end tags and the raw text of `<script>` and
//! `<style>`, and knows nothing of nesting.

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-cased.
    pub name: String,
    /// Names lower-cased, values with character references decoded, in document order.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
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
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
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
            let attr = html[start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (start, end) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
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
                value = decode(&html[start..end]);
            }
            attrs.push((attr, value));
        }
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            i += html[i.min(b.len())..].to_ascii_lowercase().find(&close).unwrap_or(0);
        }
        out.push(Tag { name, attrs });
        if i >= b.len() {
            break;
        }
    }
    out
}

/// Decodes the character references nianbao's templates and minify-html write in attributes.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_and_unquoted_attributes() {
        let html = r#"<!DOCTYPE html><html lang=zh-Hans><!-- <a href="x"> --><a class="a b" href=/erqi/zh/ title='it&#39;s'>x</a><br/><img src=a.png alt>"#;
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["html", "a", "br", "img"]);
        assert_eq!(t[0].attr("lang"), Some("zh-Hans"));
        assert_eq!(t[1].attr("href"), Some("/erqi/zh/"));
        assert_eq!(t[1].attr("title"), Some("it's"));
        assert_eq!(t[1].attr("class"), Some("a b"));
        assert_eq!(t[3].attr("src"), Some("a.png"));
        assert_eq!(t[3].attr("alt"), Some(""));
    }

    #[test]
    fn skips_script_and_style_text() {
        let t = tags("<style>a[href='x']{}</style><script>if (a<b) {}</script><p id=x>");
        assert_eq!(t.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["style", "script", "p"]);
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode("a&amp;b&lt;&#x27;&#39;&quot;&unknown;"), "a&b<''\"&unknown;");
    }
}
