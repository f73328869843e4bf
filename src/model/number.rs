//! Numbers in the reader's terms: 773亿元 on a Chinese page, "77.3 billion yuan" on an English
//! one (the unit table of the README).
//!
//! Values are shifted by powers of ten on their decimal digits, never multiplied as floats, so
//! 785.6亿元 becomes exactly "78.56 billion yuan" and not 78.560000001.

use crate::lang::Lang;
use crate::model::{IndicatorKind, Unit};

/// A decimal number as its digits and a power of ten: 785.6 = 7856 × 10^-1.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exp: i32,
}

impl Decimal {
    fn from_f64(v: f64) -> Decimal {
        // Rust prints the shortest string that reads back as the same f64: the value as written.
        let s = format!("{}", v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut digits = format!("{int}{frac}").trim_start_matches('0').to_string();
        let mut exp = -(frac.len() as i32);
        while digits.ends_with('0') {
            digits.pop();
            exp += 1;
        }
        Decimal { negative: v < 0.0, digits, exp }
    }

    fn shift(&self, by: i32) -> Decimal {
        Decimal { exp: self.exp + by, ..self.clone() }
    }

    /// True when |self| >= 10^power.
    fn at_least(&self, power: i32) -> bool {
        !self.digits.is_empty() && self.digits.len() as i32 + self.exp > power
    }

    /// Plain notation, with thousands separators when `group` is set.
    fn to_plain(&self, group: bool) -> String {
        if self.digits.is_empty() {
            return "0".into();
        }
        let (int, frac) = if self.exp >= 0 {
            (format!("{}{}", self.digits, "0".repeat(self.exp as usize)), String::new())
        } else {
            let point = self.digits.len() as i32 + self.exp;
            if point > 0 {
                let (i, f) = self.digits.split_at(point as usize);
                (i.to_string(), f.to_string())
            } else {
                ("0".to_string(), format!("{}{}", "0".repeat((-point) as usize), self.digits))
            }
        };
        let int = if group { group_thousands(&int) } else { int };
        let sign = if self.negative { "-" } else { "" };
        if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
    }

    fn rounded(&self, decimals: i32) -> Decimal {
        let keep = self.digits.len() as i32 + self.exp + decimals;
        if self.exp >= -decimals || keep <= 0 {
            return self.clone();
        }
        let (head, tail) = self.digits.split_at(keep as usize);
        let mut n: u128 = head.parse().unwrap_or(0);
        if tail.as_bytes()[0] >= b'5' {
            n += 1;
        }
        Decimal::from_f64(0.0).with_digits(n.to_string(), -decimals, self.negative)
    }

    fn with_digits(self, digits: String, exp: i32, negative: bool) -> Decimal {
        let mut d = Decimal { negative, digits: digits.trim_start_matches('0').to_string(), exp };
        while d.digits.ends_with('0') {
            d.digits.pop();
            d.exp += 1;
        }
        d
    }
}

/// `value` in plain decimal notation, as written (`785.6`, never `785.6000001`), with
/// thousands separators when `group` is set (`19,500`).
pub fn plain(value: f64, group: bool) -> String {
    Decimal::from_f64(value).to_plain(group)
}

/// The unit words [`format_value`] writes after a number on an English page, longest first so
/// that "billion yuan" is found before "yuan": what a check of English prose looks for.
pub const EN_UNITS: [&str; 26] = [
    "million person-times",
    "billion person-times",
    "billion tonnes",
    "million tonnes",
    "million people",
    "billion people",
    "billion yuan",
    "million yuan",
    "person-times",
    "million m²",
    "billion m²",
    "households",
    "minutes",
    "tonnes",
    "minute",
    "people",
    "times",
    "yuan",
    "days",
    "km²",
    "day",
    "m²",
    "km",
    "ha",
    "mu",
    "m",
];

fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Renders an amount given in base units (yuan, people, m²) with million / billion words.
fn scaled(amount: &Decimal) -> String {
    if amount.at_least(9) {
        format!("{} billion", amount.shift(-9).to_plain(true))
    } else if amount.at_least(6) {
        format!("{} million", amount.shift(-6).to_plain(true))
    } else {
        amount.to_plain(true)
    }
}

/// Renders `value` in `unit` for a reader of `lang`, following the README's unit table.
/// The English of 人次, which an indicator may replace with what it counts (`counted_as`).
pub const PERSON_TIMES: &str = "person-times";

pub fn format_value(value: f64, unit: Unit, kind: IndicatorKind, lang: Lang) -> String {
    let d = Decimal::from_f64(value);
    match lang {
        Lang::Zh => {
            let plain = d.to_plain(false);
            match (unit, kind) {
                (Unit::Percent, IndicatorKind::Growth) if value < 0.0 => {
                    format!("下降{}%", Decimal { negative: false, ..d }.to_plain(false))
                }
                (Unit::Percent, IndicatorKind::Growth) => format!("增长{plain}%"),
                _ => format!("{plain}{}", unit.as_str()),
            }
        }
        Lang::En => format_en(&d, unit, kind),
    }
}

fn format_en(d: &Decimal, unit: Unit, kind: IndicatorKind) -> String {
    let plain = d.to_plain(true);
    match unit {
        Unit::YiYuan => format!("{} yuan", scaled(&d.shift(8))),
        Unit::WanYuan => format!("{} yuan", scaled(&d.shift(4))),
        Unit::Yuan => format!("{plain} yuan"),
        Unit::YiUsd => format!("US${}", scaled(&d.shift(8))),
        Unit::WanUsd => format!("US${}", scaled(&d.shift(4))),
        Unit::WanPeople => format!("{} people", scaled(&d.shift(4))),
        Unit::People => format!("{plain} people"),
        Unit::PersonTimes => format!("{plain} person-times"),
        Unit::WanSqm => format!("{} m²", scaled(&d.shift(4))),
        Unit::Sqm => format!("{plain} m²"),
        Unit::Hectare => format!("{plain} ha"),
        Unit::Mu => {
            // 1 mu = 666.7 m² = 0.06667 ha; one decimal is as precise as the conversion.
            let ha = Decimal::from_f64(value_of(d) * 0.06667).rounded(1);
            format!("{plain} mu ({} ha)", ha.to_plain(true))
        }
        Unit::Km => format!("{plain} km"),
        Unit::Metre => format!("{plain} m"),
        Unit::Percent => match kind {
            IndicatorKind::Growth if d.negative => format!("down {}%", Decimal { negative: false, ..d.clone() }.to_plain(true)),
            IndicatorKind::Growth => format!("up {plain}%"),
            _ => format!("{plain}%"),
        },
        Unit::Day => format!("{plain} day{}", if plain == "1" { "" } else { "s" }),
        Unit::Times => format!("{plain} times"),
        Unit::Tonne => format!("{plain} tonnes"),
        Unit::WanTonne => format!("{} tonnes", scaled(&d.shift(4))),
        Unit::WanPersonTimes => format!("{} person-times", scaled(&d.shift(4))),
        Unit::SqKm => format!("{plain} km²"),
        Unit::Minute => format!("{plain} minute{}", if plain == "1" { "" } else { "s" }),
        // 户 counts households and registered businesses alike; the indicator's name says which.
        Unit::Household => plain,
        Unit::WanHousehold => scaled(&d.shift(4)),
        Unit::Count(_) => plain,
        Unit::WanCount(_) => scaled(&d.shift(4)),
    }
}

fn value_of(d: &Decimal) -> f64 {
    d.to_plain(false).parse().unwrap_or(0.0)
}

/// Renders a difference between two values of the same unit ("+12", "-121", "-12.8亿元").
pub fn format_difference(diff: f64, unit: Unit, lang: Lang) -> String {
    let sign = if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        "±"
    };
    // Differences of decimals carry float noise (760.2 - 773 = -12.799999...): round to the
    // precision of the inputs, at most 4 decimals.
    let d = Decimal::from_f64((diff.abs() * 1e4).round() / 1e4);
    let body = match (unit, lang) {
        (Unit::Percent, Lang::Zh) => format!("{}个百分点", d.to_plain(false)),
        (Unit::Percent, Lang::En) => format!("{} percentage points", d.to_plain(true)),
        (_, Lang::Zh) => format!("{}{}", d.to_plain(false), unit.as_str()),
        (_, Lang::En) => format_en(&d, unit, IndicatorKind::Level),
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_unit_word_is_listed_longest_first() {
        for name in Unit::all_names() {
            let unit = Unit::parse(name).unwrap();
            for value in [1.0, 2.5, 12345.0, 3.2e7] {
                let shown = format_value(value, unit, IndicatorKind::Level, Lang::En);
                // What follows the number: the unit word(s), or nothing for a bare count.
                let tail = shown.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ').trim_start_matches("US$");
                let tail = tail.split(" (").next().unwrap();
                let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ');
                if tail.is_empty() || tail == "%" || tail == "million" || tail == "billion" || shown.starts_with("US$") {
                    continue;
                }
                assert!(EN_UNITS.contains(&tail), "`{shown}` ({name}) ends in `{tail}`, which EN_UNITS lacks");
            }
        }
        assert!(EN_UNITS.windows(2).all(|w| w[0].len() >= w[1].len()), "EN_UNITS is not longest first");
        assert_eq!(plain(19500.0, true), "19,500");
        assert_eq!(plain(785.6, false), "785.6");
    }

    fn en(v: f64, u: &str) -> String {
        format_value(v, Unit::parse(u).unwrap(), IndicatorKind::Level, Lang::En)
    }

    #[test]
    fn the_unit_table_of_the_domain() {
        assert_eq!(en(773.0, "亿元"), "77.3 billion yuan");
        assert_eq!(en(785.6, "亿元"), "78.56 billion yuan");
        assert_eq!(en(3.43, "亿美元"), "US$343 million");
        assert_eq!(en(1.95, "万人"), "19,500 people");
        assert_eq!(en(280.0, "万平方米"), "2.8 million m²");
        assert_eq!(en(26.1, "万平方米"), "261,000 m²");
        assert_eq!(en(1400.0, "公顷"), "1,400 ha");
        assert_eq!(en(1778.0, "亩"), "1,778 mu (118.5 ha)");
        assert_eq!(en(6.7, "公里"), "6.7 km");
        assert_eq!(en(14.0, "所"), "14");
        assert_eq!(en(803.0, "万元"), "8.03 million yuan");
        assert_eq!(en(3164.5, "万元"), "31.645 million yuan");
        assert_eq!(en(0.5, "亿元"), "50 million yuan");
        assert_eq!(en(230.0, "天"), "230 days");
        assert_eq!(en(4.32, "万个"), "43,200");
        assert_eq!(en(45.2593, "万户"), "452,593");
        assert_eq!(en(55.0, "万人次"), "550,000 person-times");
        assert_eq!(en(50.0, "平方公里"), "50 km²");
        assert_eq!(format_value(8.0, Unit::Percent, IndicatorKind::Growth, Lang::En), "up 8%");
        assert_eq!(format_value(-3.5, Unit::Percent, IndicatorKind::Growth, Lang::En), "down 3.5%");
        assert_eq!(format_value(8.0, Unit::Percent, IndicatorKind::Growth, Lang::Zh), "增长8%");
        assert_eq!(format_value(773.0, Unit::YiYuan, IndicatorKind::Level, Lang::Zh), "773亿元");
        assert_eq!(format_value(760.2, Unit::YiYuan, IndicatorKind::Level, Lang::Zh), "760.2亿元");
    }

    #[test]
    fn differences_are_rounded_and_signed() {
        assert_eq!(format_difference(760.2 - 773.0, Unit::YiYuan, Lang::Zh), "−12.8亿元");
        assert_eq!(format_difference(236.0 - 357.0, Unit::Count("个"), Lang::En), "−121");
        assert_eq!(format_difference(1.5, Unit::Percent, Lang::En), "+1.5 percentage points");
    }
}
