//! Minification of the HTML pages, with their inline CSS and JavaScript, through minify-html.
//! Only `nianbao build` minifies; the preview server and `nianbao check` leave pages readable.
//!
//! minify-html is by far the costliest dependency to compile, so it sits behind the cargo
//! feature `minify` (on by default). Without it, [`page`] returns pages as they are.

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
