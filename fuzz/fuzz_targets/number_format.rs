//! Any value in any unit, rendered in both languages, and checked against any figure string.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao::lang::Lang;
use nianbao::model::{IndicatorKind, Unit};
use nianbao::model::number::{format_difference, format_value};

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let value = f64::from_le_bytes(data[..8].try_into().unwrap());
    if !value.is_finite() {
        return;
    }
    let units = Unit::all_names();
    let unit = Unit::parse(units[data[8] as usize % units.len()]).unwrap();
    let kind = [IndicatorKind::Level, IndicatorKind::Growth, IndicatorKind::Share][data[9] as usize % 3];
    for lang in Lang::ALL {
        let shown = format_value(value, unit, kind, lang);
        assert!(!shown.is_empty());
        let _ = format_difference(value, unit, lang);
    }
    if let Ok(figure) = std::str::from_utf8(&data[10..]) {
        let _ = nianbao::validate::provenance::states(figure, value, unit);
    }
});
