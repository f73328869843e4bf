//! Any bytes as a year file: loading ends in a parsed file or a diagnostic, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = nianbao::load::yaml::parse::<nianbao::load::raw::RawYear>(std::path::Path::new("years/2020.yaml"), text, 0);
    }
});
