//! Minification of the HTML pages, with their inline CSS and JavaScript, through minify-html.
//! Only `nianbao build` minifies; the preview server and `nianbao check` leave pages readable.
//!
//! minify-html is by far the costliest dependency to compile, so it sits behind the cargo
//! feature `minify` (on by default). Without it, [`minify`] leaves the files as they are.

use crate::render::OutFile;

/// True when this binary was built with the `minify` feature.
pub const AVAILABLE: bool = cfg!(feature = "minify");

/// Minifies every HTML file among `files` in place.
pub fn minify(files: &mut [OutFile]) {
    #[cfg(feature = "minify")]
    {
        use rayon::prelude::*;
        let mut cfg = minify_html::Cfg::new();
        cfg.minify_css = true;
        cfg.minify_js = true;
        // Standard-conforming output only: the pages must pass the Nu Html Checker.
        cfg.keep_html_and_head_opening_tags = true;
        files.par_iter_mut().filter(|f| f.path.ends_with(".html")).for_each(|f| f.bytes = minify_html::minify(&f.bytes, &cfg));
    }
    #[cfg(not(feature = "minify"))]
    let _ = files;
}
