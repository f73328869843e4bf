//! Any text as a commentary file: front matter and body split, or a diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao::lang::Lang;
use nianbao::load::parse_commentary;
use nianbao::section::Section;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_commentary(Section::Years, "2020", Lang::En, std::path::Path::new("years/2020.en.md"), text.to_string());
    }
});
