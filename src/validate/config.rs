//! `site.yaml`: languages, base URL and theme, checked.

use super::report::reporter;
use crate::error::{Diagnostic, did_you_mean};
use crate::lang::Lang;
use crate::load::Loaded;
use crate::load::raw::RawSite;
use crate::model::{DEFAULT_PAGE_SIZE, SiteConfig};

pub fn site_config(file: &Loaded<RawSite>, themes: &[String], diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut r = reporter(file, diags);
    let s = &file.value;
    let default_lang = match &s.default_language {
        Some(l) => Lang::from_code(&l.value).unwrap_or_else(|| {
            r.at(l, format!("unknown language `{}`", l.value), "nianbao publishes zh and en: write `zh` or `en`");
            Lang::Zh
        }),
        None => Lang::Zh,
    };
    if let Some(langs) = &s.languages {
        let codes: Vec<&str> = langs.value.iter().map(|l| l.value.as_str()).collect();
        for l in &langs.value {
            if Lang::from_code(&l.value).is_none() {
                r.at(l, format!("unknown language `{}`", l.value), "nianbao publishes zh and en");
            }
        }
        if !(codes.contains(&"zh") && codes.contains(&"en")) {
            r.at(langs, "both languages are first-class: the site must list zh and en", "write `languages: [zh, en]`");
        }
    }
    let base_url = match &s.base_url {
        Some(b) => match normalize_base_url(&b.value) {
            Some(u) => u,
            None => {
                r.at(b, format!("`{}` is not a base URL", b.value), "write `/`, a path such as `/erqi/`, or a full URL such as `https://example.org/erqi/`");
                "/".into()
            }
        },
        None => "/".into(),
    };
    let theme = match &s.theme {
        Some(t) if !themes.contains(&t.value) => {
            let hint = match did_you_mean(&t.value, themes.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? Themes found in themes/: {}", themes.join(", ")),
                None => format!("themes found in themes/: {}", if themes.is_empty() { "none".into() } else { themes.join(", ") }),
            };
            r.at(t, format!("theme `{}` does not exist", t.value), hint);
            t.value.clone()
        }
        Some(t) => t.value.clone(),
        None => "default".into(),
    };
    SiteConfig {
        title: r.text(&s.title, "site title"),
        description: r.text(&s.description, "site description"),
        default_lang,
        base_url,
        theme,
        allow_html: s.allow_html,
        translation_fallback: s.translation_fallback,
        page_size: match &s.page_size {
            Some(n) if n.value < 10 => {
                r.at(n, format!("a page size of {} is too small to read", n.value), "write `page_size: 200` (the default), or any size from 10");
                DEFAULT_PAGE_SIZE
            }
            Some(n) => n.value as usize,
            None => DEFAULT_PAGE_SIZE,
        },
    }
}

/// `https://example.org/erqi` -> `https://example.org/erqi/`; `erqi` -> `/erqi/`.
pub fn normalize_base_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(char::is_whitespace) || raw.contains(['"', '<', '>', '\'', '\\', '?', '#']) {
        return None;
    }
    // A scheme (`javascript:`, `ftp://`, `mailto:`) other than http(s) is no base URL; a path
    // may hold a colon only after its first slash.
    let scheme = raw
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)));
    let mut url = if let Some(rest) = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")) {
        if rest.is_empty() || rest.starts_with('/') {
            return None;
        }
        raw.to_string()
    } else if raw.contains("://") || scheme.is_some() {
        return None;
    } else {
        format!("/{}", raw.trim_start_matches('/'))
    };
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{loaded, messages};

    #[test]
    fn base_urls_are_normalized_or_refused() {
        assert_eq!(normalize_base_url("https://example.org/erqi").as_deref(), Some("https://example.org/erqi/"));
        assert_eq!(normalize_base_url("erqi").as_deref(), Some("/erqi/"));
        assert_eq!(normalize_base_url("/").as_deref(), Some("/"));
        for bad in [
            "",
            "https://",
            "ftp://example.org/",
            "/a b/",
            "/x?y",
            "https:///path",
            "javascript:alert(1)",
            "mailto:a@b.c",
            "data:text/html,x",
            "HTTP:example.org",
        ] {
            assert_eq!(normalize_base_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn site_yaml_names_a_theme_that_exists_and_both_languages() {
        let file = loaded::<RawSite>(
            "site.yaml",
            "title: {zh: 年报, en: Digest}\ndescription: {zh: 说明, en: About}\nlanguages: [zh]\ntheme: defualt\nbase_url: /erqi\n",
        );
        let mut diags = Vec::new();
        let config = site_config(&file, &["default".to_string()], &mut diags);
        assert_eq!(config.base_url, "/erqi/");
        assert_eq!(messages(&diags), ["both languages are first-class: the site must list zh and en", "theme `defualt` does not exist"]);
        assert!(diags[1].hint.as_deref().unwrap().starts_with("did you mean `default`?"));
    }
}
