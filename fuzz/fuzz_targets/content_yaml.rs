//! Any bytes as each YAML file of `content/`: decoded as nianbao reads a file, parsed as every
//! raw type the loader knows (site, sources, topics, boards, indicators, glossary, a year, a
//! plan), and, when it parses, validated as a whole site: the file in the place of the minimal
//! fixture's own (or beside its years, for a plan), then the checks `nianbao check` adds
//! (consistency, warnings); a year file also as the preview revises one. Loading and checking
//! end in values or diagnostics that point into their file, never a panic.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nianbao::load::raw::*;
use nianbao::load::{Loaded, decode};
use nianbao::validate::{consistency, validate, warnings};

#[path = "fixture.rs"]
mod fixture;
use fixture::{SITE, check_diagnostic, check_line, check_site_diagnostic, content, load, path};

/// `text` parsed as `T` from `content/<name>`: a diagnostic about it, or a value that the
/// whole validation then checks in the fixture site.
fn each<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Option<Loaded<T>> {
    match nianbao::load::yaml::parse::<T>(&path(name), text, 0) {
        Ok(_) => {}
        Err(d) => {
            assert_eq!(d.path, path(name));
            check_diagnostic(&d, text);
            return None;
        }
    }
    let raw = content(name, text).expect("the text parsed alone but not in the fixture");
    let diags = match validate(raw, &["default".to_string()]) {
        Ok(site) => {
            let mut diags = consistency::consistency(&site);
            diags.extend(warnings::warnings(&site));
            diags
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "validation failed without saying why");
            diags
        }
    };
    for d in &diags {
        check_site_diagnostic(d, name, text);
    }
    load((name.to_string(), text))
}

fuzz_target!(|data: &[u8]| {
    let site = &*SITE;
    let text = match decode(Path::new("content/years/2020.yaml"), data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            let read = match std::str::from_utf8(data) {
                Ok(s) => s.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n"),
                Err(_) => String::from_utf8_lossy(data).into_owned(),
            };
            check_line(&d, &read);
            return;
        }
    };
    assert!(!text.contains('\r') && nianbao::load::control_character(&text).is_none());
    let text = text.as_str();

    each::<RawSite>("site.yaml", text);
    each::<Vec<RawSource>>("sources.yaml", text);
    each::<Vec<RawTopic>>("topics.yaml", text);
    each::<Vec<RawBoard>>("boards.yaml", text);
    each::<Vec<RawIndicator>>("indicators.yaml", text);
    each::<Vec<RawTerm>>("glossary.yaml", text);
    each::<Vec<RawLifeArea>>("life_areas.yaml", text);
    each::<RawPlan>("plans/fyp14.yaml", text);
    if let Some(year) = each::<RawYear>("years/2020.yaml", text) {
        // The preview's fast path: the fixture's 2020 revised with this text.
        let diags = match nianbao::validate::revise_year(site, &year, "2020") {
            Ok(Some(revised)) => consistency::consistency(&revised),
            Ok(None) => Vec::new(),
            Err(diags) => diags,
        };
        for d in &diags {
            check_site_diagnostic(d, "years/2020.yaml", text);
        }
    }
});
