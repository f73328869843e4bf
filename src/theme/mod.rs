//! A theme: Tera templates parsed once, UI strings per language, and static files to copy.
//!
//! Layout of `themes/<name>/`: `templates/*.html` (with `partials/`), `i18n/zh.yaml` and
//! `i18n/en.yaml` (flat maps of UI strings, same keys in both), `static/` (copied as is).

pub mod minify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, InputFile};
use crate::lang::Lang;
use crate::load::{Fence, read_text, yaml};

/// A loaded theme, ready to render.
pub struct Theme {
    /// The theme folder, for messages.
    pub dir: PathBuf,
    pub tera: tera::Tera,
    /// The same templates with their layout whitespace taken out, and the style sheets
    /// minified, for minified builds; made on first use, so that the preview and `check`
    /// (which never minify) do not make them on every theme edit.
    /// ([`minify::template`]). Errors are reported from `tera`, whose lines and columns
    /// are the files'.
    minified: std::sync::OnceLock<Minified>,
    /// The filters registered on the templates, for the minified copy.
    register: fn(&mut tera::Tera),
    /// Each template's text by name (`year.html`), for the line shown under a template error.
    pub templates: BTreeMap<String, String>,
    /// UI strings by language.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The same, as template values made once: every page's context shares them instead of
    /// serializing a hundred and more strings per page.
    pub strings_value: BTreeMap<Lang, tera::Value>,
    /// Static files: path relative to `static/`, and contents.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// A theme's minified templates and static files.
struct Minified {
    tera: tera::Tera,
    assets: Vec<(String, Vec<u8>)>,
}

/// Names of the themes under `themes_dir`.
pub fn available(themes_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(themes_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("templates").is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

impl Theme {
    /// Loads and parses the theme in `dir`, reporting every problem; a file or folder that
    /// resolves outside the project (`fence`) is one of them.
    pub fn load(fence: &Fence, dir: &Path, register: fn(&mut tera::Tera)) -> Result<Theme, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        if let Err(d) = fence.admit_dir(dir) {
            return Err(vec![d]);
        }
        let mut tera = tera::Tera::new();
        register(&mut tera);
        let templates_dir = dir.join("templates");
        let mut sources = BTreeMap::new();
        for entry in files(fence, &templates_dir, &mut diags) {
            if !entry.file_name().to_string_lossy().ends_with(".html") {
                continue;
            }
            let name = entry.path().strip_prefix(&templates_dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            match read_text(entry.path()) {
                Ok(text) => {
                    sources.insert(name, text);
                }
                Err(d) => diags.push(d),
            }
        }
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            diags.push(template_diagnostic(&templates_dir, &sources, &e));
        }

        let mut strings = BTreeMap::new();
        for lang in Lang::ALL {
            let path = dir.join("i18n").join(format!("{}.yaml", lang.code()));
            match fence.admit_file(&path).and_then(|()| read_text(&path)).and_then(|text| yaml::parse::<BTreeMap<String, String>>(&path, &text, 0)) {
                Ok(map) => {
                    strings.insert(lang, map);
                }
                Err(d) => diags.push(d),
            }
        }
        if let (Some(zh), Some(en)) = (strings.get(&Lang::Zh), strings.get(&Lang::En)) {
            for (have, lacks, lang) in [(zh, en, Lang::En), (en, zh, Lang::Zh)] {
                for key in have.keys().filter(|k| !lacks.contains_key(*k)) {
                    let path = dir.join("i18n").join(format!("{}.yaml", lang.code()));
                    diags.push(
                        Diagnostic::file(path, format!("missing translation: UI string `{key}` is not translated"))
                            .hint(format!("add `{key}: ...` in {}", lang.code())),
                    );
                }
            }
        }

        let mut assets = Vec::new();
        let static_dir = dir.join("static");
        for entry in files(fence, &static_dir, &mut diags) {
            let rel = entry.path().strip_prefix(&static_dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => assets.push((rel, bytes)),
                Err(e) => diags.push(Diagnostic::file(entry.path(), format!("cannot read the file: {e}"))),
            }
        }
        let strings_value = strings.iter().filter_map(|(lang, map)| Some((*lang, tera::Value::try_from_serializable(map).ok()?))).collect();
        if diags.is_empty() {
            Ok(Theme { dir: dir.to_path_buf(), tera, minified: Default::default(), register, templates: sources, strings, strings_value, assets })
        } else {
            Err(diags)
        }
    }

    /// The templates a build renders with: minified or as written.
    pub fn tera(&self, minify: bool) -> &tera::Tera {
        if minify { &self.minified().tera } else { &self.tera }
    }

    /// The static files a build writes: style sheets minified or as written.
    pub fn assets(&self, minify: bool) -> &[(String, Vec<u8>)] {
        if minify { &self.minified().assets } else { &self.assets }
    }

    fn minified(&self) -> &Minified {
        self.minified.get_or_init(|| {
            let compile = |text: &dyn Fn(&str) -> String| {
                let mut tera = tera::Tera::new();
                (self.register)(&mut tera);
                let texts: Vec<(&String, String)> = self.templates.iter().map(|(n, t)| (n, text(t))).collect();
                tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map(|()| tera)
            };
            // Taking whitespace out never changes what Tera reads; should it, the templates as
            // written (which compiled when the theme loaded) are used instead.
            let tera = compile(&minify::template).or_else(|_| compile(&str::to_string)).expect("the theme's templates compiled when it loaded");
            let assets =
                self.assets.iter().map(|(rel, bytes)| (rel.clone(), if rel.ends_with(".css") { minify::style_sheet(bytes) } else { bytes.clone() })).collect();
            Minified { tera, assets }
        })
    }

    /// A rendering error as a diagnostic pointing into the template at fault.
    pub fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        template_diagnostic(&self.dir.join("templates"), &self.templates, e)
    }
}

/// The files under `dir`, in name order, following links that stay inside the project and
/// reporting those that leave it (and folders that cannot be read) in `diags`.
fn files(fence: &Fence, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut refused = Vec::new();
    let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if !e.path_is_symlink() {
            return true;
        }
        let admitted = if e.file_type().is_dir() { fence.admit_dir(e.path()) } else { fence.admit_file(e.path()) };
        admitted.map_err(|d| refused.push(d)).is_ok()
    });
    let mut out = Vec::new();
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e),
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::file(e.path().unwrap_or(dir), format!("cannot read the theme: {e}"))),
        }
    }
    diags.extend(refused);
    out
}

/// Tera's "Circular include detected for template 'a.html'. Include chain: `[...]`" as a
/// diagnostic at the `include` that closes the circle (in the last template of the chain).
fn circular_include(templates_dir: &Path, sources: &BTreeMap<String, String>, message: &str) -> Option<Diagnostic> {
    let rest = message.strip_prefix("Circular include detected for template '")?;
    let (name, rest) = rest.split_once('\'')?;
    let chain: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
    let includer = *chain.iter().rev().nth(1)?;
    let text = sources.get(includer)?;
    let (line, column) = InputFile::new(includer, text.as_str()).find(&format!("\"{name}\""))?;
    Some(
        Diagnostic::at(
            templates_dir.join(includer),
            line,
            column,
            format!("template error: `{includer}` includes `{name}`, which includes it again ({})", chain.join(" → ")),
        )
        .with_source(text)
        .hint("a template may not include itself, directly or through others: remove one of the includes"),
    )
}

/// Turns a Tera error into a diagnostic pointing into the template file; `sources` holds each
/// template's text by name, as read.
fn template_diagnostic(templates_dir: &Path, sources: &BTreeMap<String, String>, e: &tera::Error) -> Diagnostic {
    // Tera wraps the error of the template at fault in errors about the whole set.
    let mut inner: &dyn std::error::Error = e;
    while let Some(next) = inner.source() {
        if let Some(te) = next.downcast_ref::<tera::Error>()
            && matches!(te.kind(), tera::ErrorKind::SyntaxError(_) | tera::ErrorKind::RenderingError(_))
        {
            return template_diagnostic(templates_dir, sources, te);
        }
        inner = next;
    }
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let path = templates_dir.join(r.filename());
            let span = r.span();
            let text = sources.get(r.filename()).map_or("", String::as_str);
            let what = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) { "template syntax error" } else { "template error" };
            Diagnostic::at(&path, span.start_line, span.start_col + 1, format!("{what}: {}", r.message()))
                .with_source(text)
                .hint("fix the template; the Tera 2 documentation lists the syntax, and the theme's i18n files the UI strings")
        }
        tera::ErrorKind::Msg(text) if text.contains("\n --> ") => {
            // Reference errors (unknown filter, function, include) come preformatted:
            // "error: Unknown filter `x`\n --> year.html:2:24\n ...". Take the first.
            let mut lines = text.lines();
            let message = lines.next().unwrap_or_default().trim_start_matches("error: ").to_string();
            let place = lines.find_map(|l| l.trim_start().strip_prefix("--> ")).unwrap_or_default();
            let mut parts = place.rsplitn(3, ':');
            let (col, line, name) = (parts.next(), parts.next(), parts.next());
            match (name, line.and_then(|l| l.parse::<usize>().ok()), col.and_then(|c| c.parse::<usize>().ok())) {
                (Some(name), Some(line), Some(col)) => {
                    let path = templates_dir.join(name);
                    let source = sources.get(name).map_or("", String::as_str);
                    Diagnostic::at(&path, line, col, format!("template error: {message}"))
                        .with_source(source)
                        .hint("nianbao's templates have Tera 2's built-in filters and functions plus `figure`; check the name")
                }
                _ => Diagnostic::file(templates_dir, format!("template error: {text}")),
            }
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            if let Some(d) = circular_include(templates_dir, sources, &message) {
                return d;
            }
            Diagnostic::file(templates_dir, format!("template error: {message}"))
        }
    }
}
