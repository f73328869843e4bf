//! Minification of the HTML pages, with their inline CSS and JavaScript, through minify-html.
//! Only `nianbao build` minifies; the preview server and `nianbao check` leave pages readable.
//!
//! minify-html is by far the costliest dependency to compile, so it sits behind the cargo
//! feature `minify` (on by default). Without it, [`page`] returns pages as they are.

use std::cell::RefCell;

/// True when this binary was built with the `minify` feature.
pub const AVAILABLE: bool = cfg!(feature = "minify");

/// Minifies an HTML page; without the `minify` feature, returns it as it is.
pub fn page(html: Vec<u8>) -> Vec<u8> {
    #[cfg(feature = "minify")]
    {
        static CFG: std::sync::LazyLock<minify_html::Cfg> = std::sync::LazyLock::new(|| {
            let mut cfg = minify_html::Cfg::new();
            cfg.minify_css = true;
            cfg.minify_js = true;
            // Standard-conforming output only: the pages must pass the Nu Html Checker.
            cfg.keep_html_and_head_opening_tags = true;
            cfg
        });
        minify_html::minify(&html, &CFG)
    }
    #[cfg(not(feature = "minify"))]
    html
}

/// Fragments that Rust code writes already minimal (the charts), held out of a page while it is
/// minified and put back after ([`page_with`]): minify-html parses every element it is given,
/// and charts are a third of a year page. A `Held` that is off (the preview, `check`) holds
/// nothing.
pub struct Held {
    on: bool,
    parts: RefCell<Vec<String>>,
}

impl Held {
    pub fn new(on: bool) -> Held {
        Held { on, parts: RefCell::new(Vec::new()) }
    }

    /// `html`, or a marker standing for it until [`page_with`].
    pub fn hold(&self, html: String) -> String {
        if !self.on {
            return html;
        }
        let mut parts = self.parts.borrow_mut();
        parts.push(html);
        marker(parts.len() - 1)
    }

    /// The fragments held, in order: the N-th stands for marker N.
    pub fn into_parts(self) -> Vec<String> {
        self.parts.into_inner()
    }
}

/// The marker of the N-th held fragment, `<nianbao-held-TOKEN-N></nianbao-held-TOKEN-N>`: a
/// custom element, which the minifier keeps as it is. The token is drawn once per process, so
/// that no template or commentary (which may allow raw HTML) can write a marker by accident.
fn marker(n: usize) -> String {
    static NAME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use std::hash::BuildHasher;
        format!("nianbao-held-{:x}", std::collections::hash_map::RandomState::new().hash_one(std::process::id()))
    });
    format!("<{}-{n}></{}-{n}>", *NAME, *NAME)
}

/// Minifies `html` (see [`page`]), then puts each fragment of `held` in place of its marker.
pub fn page_with(html: Vec<u8>, held: &[String]) -> Vec<u8> {
    let html = page(html);
    if held.is_empty() {
        return html;
    }
    let mut text = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    for (n, part) in held.iter().enumerate() {
        text = text.replace(&marker(n), part);
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_fragments_survive_minification_in_place() {
        let held = Held::new(true);
        let (a, b) = (held.hold("<svg><title>A</title></svg>".into()), held.hold("<svg>B</svg>".into()));
        let page = format!("<!DOCTYPE html><html><body><p>x</p>\n  <figure>{a}</figure>\n  <figure>{b}</figure>{b}</body></html>");
        let parts = held.into_parts();
        let out = String::from_utf8(page_with(page.into_bytes(), &parts)).unwrap();
        assert!(out.contains("<figure><svg><title>A</title></svg></figure>"), "{out}");
        assert_eq!(out.matches("<svg>B</svg>").count(), 2, "{out}");
        assert!(!out.contains("nianbao-held"), "{out}");
        // A marker naming no fragment, or without this process's token, is left as it is.
        for stray in [marker(7), "<nianbao-held-0></nianbao-held-0>".to_string()] {
            let page = format!("<p>{stray}</p>");
            assert!(String::from_utf8(page_with(page.into_bytes(), &parts)).unwrap().contains(&stray));
        }
        // Off (the preview, `check`), fragments stay where they are written.
        let off = Held::new(false);
        assert_eq!(off.hold("<svg></svg>".into()), "<svg></svg>");
        assert!(off.into_parts().is_empty());
    }
}
