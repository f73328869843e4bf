//! Minification, done once when the theme loads instead of once per page.
//!
//! A minified build renders from copies of the theme's templates with the layout whitespace
//! taken out ([`template`]): the indentation and line breaks between tags, and HTML comments.
//! Each page then comes out of Tera already small, and no page is parsed again: running
//! minify-html on every page took about a third of a large build's time, to save about a
//! tenth of its bytes, of which this keeps more than half. What a full minifier would also
//! take out (quotes around attribute values, optional end tags) stays.
//!
//! The rule is one a browser's layout keeps: a run of whitespace goes when a block-level
//! element's tag (`<li>`, `</section>`, `<br>`) is on either side of it, since white space
//! beside a block boundary is not rendered; any other run becomes one space. Whitespace in
//! `<pre>`, `<textarea>`, `<script>` and `<style>`, inside quoted attribute values and inside
//! Tera's own tags is left as written. Beside a Tera statement (`{% if %}`), what the page will
//! hold is not known, so the run keeps one space unless its other side is a block tag.
//!
//! Only `nianbao build` minifies; the preview server and `nianbao check` render the templates
//! as written. With the cargo feature `minify` (on by default), the theme's style sheets are
//! minified too, through minify-html, the costliest dependency to compile.

/// True when this binary was built with the `minify` feature (style sheets minified).
pub const AVAILABLE: bool = cfg!(feature = "minify");

/// Elements whose tags end a line of text: whitespace beside them is not rendered.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// End tags that valid HTML never needs: what may follow these elements ends them anyway
/// (a `<li>` only another `<li>` or the end of its list, a `<td>` a cell or the end of its row).
const OPTIONAL_END: &[&str] = &["</li>", "</td>", "</th>", "</tr>", "</dt>", "</dd>", "</option>"];

/// Elements whose content is kept exactly as written.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// What came last before a run of whitespace, or comes first after it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    /// A block-level element's start or end tag, the doctype, or the edge of the template.
    Block,
    /// Text, an inline element's tag, or a Tera expression.
    Inline,
    /// A Tera statement or comment: what it leaves on the page is not known here.
    Unknown,
}

/// The text of a Tera template with its layout whitespace and HTML comments taken out; see the
/// module's documentation for the rule. Tera's tags are copied as they are.
pub fn template(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let mut last = Side::Block;
    // Inside a start or end tag, and the quote of the attribute value being read.
    let mut in_tag: Option<Option<u8>> = None;
    // The element whose content is copied as written, until its end tag.
    let mut verbatim: Option<&'static str> = None;
    while i < b.len() {
        if let Some(end) = tera_tag(source, i) {
            out.push_str(&source[i..end]);
            if in_tag.is_none() && verbatim.is_none() {
                last = if b[i + 1] == b'{' { Side::Inline } else { Side::Unknown };
            }
            i = end;
            continue;
        }
        let c = b[i];
        if let Some(name) = verbatim {
            if c == b'<' && b.get(i + 1) == Some(&b'/') && source[i + 2..].get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                verbatim = None;
                in_tag = Some(None);
                out.push('<');
                i += 1;
                continue;
            }
            let next = next_char(source, i);
            out.push_str(&source[i..next]);
            i = next;
            continue;
        }
        if let Some(quote) = in_tag {
            match (quote, c) {
                (None, b'"' | b'\'') if out.ends_with('=') => {
                    // A value written out in full that needs no quotes loses them.
                    let value = source[i + 1..].find(c as char).map(|len| &source[i + 1..i + 1 + len]);
                    if let Some(value) = value.filter(|v| unquoted(v)) {
                        out.push_str(value);
                        i += value.len() + 2;
                        continue;
                    }
                    in_tag = Some(Some(c));
                }
                (None, b'"' | b'\'') => in_tag = Some(Some(c)),
                (Some(q), _) if c == q => in_tag = Some(None),
                (None, b'>') => {
                    in_tag = None;
                    out.push('>');
                    i += 1;
                    let name = tag_name(&out);
                    last = if is_block(name) { Side::Block } else { Side::Inline };
                    if !name.starts_with('/') {
                        verbatim = VERBATIM.iter().copied().find(|v| v.eq_ignore_ascii_case(name));
                    }
                    continue;
                }
                (None, _) if c.is_ascii_whitespace() => {
                    let end = whitespace_end(b, i);
                    if !matches!(b.get(end), Some(b'>' | b'/')) {
                        out.push(' ');
                    }
                    i = end;
                    continue;
                }
                _ => {}
            }
            let next = next_char(source, i);
            out.push_str(&source[i..next]);
            i = next;
            continue;
        }
        if c.is_ascii_whitespace() {
            let end = whitespace_end(b, i);
            if last != Side::Block && ahead(source, end) != Side::Block {
                out.push(' ');
                last = Side::Inline;
            }
            i = end;
            continue;
        }
        if source[i..].starts_with("<!--")
            && !source[i..].starts_with("<!--[")
            && let Some(len) = source[i..].find("-->")
            && !source[i..i + len].contains("{{")
            && !source[i..i + len].contains("{%")
        {
            i += len + 3;
            continue;
        }
        if let Some(end) = OPTIONAL_END.iter().find(|e| source[i..].get(..e.len()).is_some_and(|t| t.eq_ignore_ascii_case(e))) {
            i += end.len();
            last = Side::Block;
            continue;
        }
        if c == b'<' && b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!') {
            in_tag = Some(None);
        } else {
            last = Side::Inline;
        }
        let next = next_char(source, i);
        out.push_str(&source[i..next]);
        i = next;
    }
    out
}

/// The end of the Tera tag (`{{ }}`, `{% %}`, `{# #}`) starting at `i`, if one does; quoted
/// strings inside it may hold the closing delimiter.
fn tera_tag(source: &str, i: usize) -> Option<usize> {
    let b = source.as_bytes();
    if b[i] != b'{' {
        return None;
    }
    let close = match b.get(i + 1)? {
        b'{' => b'}',
        b'%' => b'%',
        b'#' => b'#',
        _ => return None,
    };
    let mut j = i + 2;
    let mut quote = None;
    while j + 1 < b.len() {
        match (quote, b[j]) {
            (None, q @ (b'"' | b'\'' | b'`')) if close != b'#' => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c == close && b[j + 1] == b'}' => return Some(j + 2),
            _ => {}
        }
        j += 1;
    }
    Some(b.len())
}

/// Whether an attribute value can be written without quotes: no Tera in it, and none of the
/// characters that end an unquoted value.
fn unquoted(value: &str) -> bool {
    !value.is_empty()
        && !value.ends_with('/')
        && !value.contains("{{")
        && !value.contains("{%")
        && !value.contains("{#")
        && !value.bytes().any(|c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`' | b'&'))
}

/// What the template holds first from `i` on, for the whitespace before it.
fn ahead(source: &str, i: usize) -> Side {
    let rest = &source[i..];
    if rest.is_empty() || rest.starts_with("<!") {
        return Side::Block;
    }
    if rest.starts_with("{%") || rest.starts_with("{#") {
        return Side::Unknown;
    }
    if let Some(tag) = rest.strip_prefix('<') {
        let name: &str = tag.split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '-')).next().unwrap_or("");
        if is_block(name) {
            return Side::Block;
        }
    }
    Side::Inline
}

/// The name of the tag `out` ends with (`li`, `/li`).
fn tag_name(out: &str) -> &str {
    let open = out.rfind('<').map_or(0, |p| p + 1);
    out[open..].split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '-' || c == '!')).next().unwrap_or("")
}

fn is_block(name: &str) -> bool {
    let name = name.trim_start_matches('/');
    name.starts_with('!') || BLOCK.iter().any(|b| b.eq_ignore_ascii_case(name))
}

fn whitespace_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn next_char(source: &str, i: usize) -> usize {
    i + source[i..].chars().next().map_or(1, char::len_utf8)
}

/// A style sheet minified (with the `minify` feature; as it is without).
pub fn style_sheet(css: &[u8]) -> Vec<u8> {
    #[cfg(feature = "minify")]
    {
        let mut cfg = minify_html::Cfg::new();
        cfg.minify_css = true;
        let mut page = b"<style>".to_vec();
        page.extend_from_slice(css);
        page.extend_from_slice(b"</style>");
        let min = minify_html::minify(&page, &cfg);
        if let Some(inner) = min.strip_prefix(b"<style>").and_then(|m| m.strip_suffix(b"</style>")) {
            return inner.to_vec();
        }
    }
    css.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_whitespace_goes_and_text_spacing_stays() {
        let t = "<ul class=\"facts\">\n  {% for f in facts %}\n  <li class=\"fact\">\n    <a href=\"{{ f.url }}\">{{ f.label }}</a>\n    <span class=\"value\">{{ f.v }}</span>\n  </li>\n  {% endfor %}\n</ul>\n<!-- /facts -->\n<p>One\n   two</p>\n";
        assert_eq!(
            template(t),
            "<ul class=facts>{% for f in facts %}<li class=fact><a href=\"{{ f.url }}\">{{ f.label }}</a> <span class=value>{{ f.v }}</span>{% endfor %}</ul><p>One two</p>"
        );
    }

    #[test]
    fn verbatim_places_are_kept() {
        // Preformatted text, scripts, attribute values and Tera's tags keep their whitespace.
        let t = "<pre>\n  a\n   b\n</pre>\n<script>\nlet a = 1\nlet b = 2\n</script>\n<a title=\"x\n  y\"\n   href=\"/\">{{ \"a  }}  b\" }}</a>";
        assert_eq!(template(t), "<pre>\n  a\n   b\n</pre><script>\nlet a = 1\nlet b = 2\n</script> <a title=\"x\n  y\" href=\"/\">{{ \"a  }}  b\" }}</a>");
    }

    #[test]
    fn beside_a_statement_one_space_stays() {
        // What `{% if %}` leaves is not known: inline neighbours keep a space between them.
        assert_eq!(template("<span>a</span>\n{% if x %}\n<b>b</b>{% endif %}"), "<span>a</span> {% if x %} <b>b</b>{% endif %}");
        assert_eq!(template("{{ a }}\n  {{ b }}"), "{{ a }} {{ b }}");
        // A comment holding template code is kept, as it may be meant for the reader.
        assert_eq!(template("<!-- {{ a }} -->"), "<!-- {{ a }} -->");
    }
}
