//! Units as the sources print them. A value keeps the source's unit (773 with 亿元); conversion
//! to the reader's terms happens only when rendering (see `render::number`).

use std::fmt;

/// A unit nianbao knows how to render in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 亿元: 10^8 yuan.
    YiYuan,
    /// 万元: 10^4 yuan.
    WanYuan,
    /// 元.
    Yuan,
    /// 亿美元: 10^8 US dollars.
    YiUsd,
    /// 万美元: 10^4 US dollars.
    WanUsd,
    /// 万人: 10^4 people.
    WanPeople,
    /// 人.
    People,
    /// 人次: person-times (visits, trips).
    PersonTimes,
    /// 万平方米: 10^4 square metres.
    WanSqm,
    /// 平方米.
    Sqm,
    /// 公顷: hectares.
    Hectare,
    /// 亩: 666.7 square metres.
    Mu,
    /// 公里: kilometres.
    Km,
    /// 米: metres.
    Metre,
    /// %.
    Percent,
    /// 天: days.
    Day,
    /// 倍: times (a ratio).
    Times,
    /// 吨: tonnes.
    Tonne,
    /// 万吨: 10^4 tonnes.
    WanTonne,
    /// 万人次: 10^4 person-times.
    WanPersonTimes,
    /// 平方公里: square kilometres.
    SqKm,
    /// 分钟: minutes.
    Minute,
    /// 户 / 万户: households.
    Household,
    /// 万户.
    WanHousehold,
    /// A count with its measure word (个, 所, 座, ...), rendered as a bare number in English.
    Count(&'static str),
    /// 10^4 of a count with its measure word (万个, 万家, ...).
    WanCount(&'static str),
}

/// Measure words that make a value a plain count.
const MEASURE_WORDS: [&str; 21] =
    ["个", "所", "座", "套", "家", "项", "条", "栋", "次", "辆", "张", "件", "批", "处", "名", "位", "间", "场", "部", "宗", "类"];

/// Measure words that also come as 万 + word (10^4 of them).
const WAN_MEASURE_WORDS: [&str; 5] = ["万个", "万家", "万件", "万名", "万套"];

const NAMED: [(&str, Unit); 24] = [
    ("万人次", Unit::WanPersonTimes),
    ("平方公里", Unit::SqKm),
    ("分钟", Unit::Minute),
    ("户", Unit::Household),
    ("万户", Unit::WanHousehold),
    ("亿元", Unit::YiYuan),
    ("万元", Unit::WanYuan),
    ("元", Unit::Yuan),
    ("亿美元", Unit::YiUsd),
    ("万美元", Unit::WanUsd),
    ("万人", Unit::WanPeople),
    ("人", Unit::People),
    ("人次", Unit::PersonTimes),
    ("万平方米", Unit::WanSqm),
    ("平方米", Unit::Sqm),
    ("公顷", Unit::Hectare),
    ("亩", Unit::Mu),
    ("公里", Unit::Km),
    ("米", Unit::Metre),
    ("%", Unit::Percent),
    ("天", Unit::Day),
    ("倍", Unit::Times),
    ("吨", Unit::Tonne),
    ("万吨", Unit::WanTonne),
];

impl Unit {
    /// Parses a unit as written in YAML (the Chinese form the source prints).
    pub fn parse(s: &str) -> Option<Unit> {
        NAMED
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, u)| *u)
            .or_else(|| MEASURE_WORDS.iter().find(|w| **w == s).map(|w| Unit::Count(w)))
            .or_else(|| WAN_MEASURE_WORDS.iter().find(|w| **w == s).map(|w| Unit::WanCount(w)))
    }

    /// The unit as the source writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count(w) | Unit::WanCount(w) => w,
            other => NAMED.iter().find(|(_, u)| *u == other).map(|(n, _)| *n).unwrap_or("?"),
        }
    }

    /// Every unit name, for "expected one of" messages.
    pub fn all_names() -> Vec<&'static str> {
        NAMED.iter().map(|(n, _)| *n).chain(MEASURE_WORDS).chain(WAN_MEASURE_WORDS).collect()
    }

    /// Whether a value in `self` and one in `other` count the same things: the same unit, or
    /// two measure words for things counted one by one (家 and 户 for firms, 人 and 名 for people,
    /// 所 and 个 for schools), or the same in tens of thousands (万家 and 万户, 万人 and 万名).
    /// One indicator may hold both; its figures compare.
    pub fn counts_like(self, other: Unit) -> bool {
        let single = |u: Unit| matches!(u, Unit::Count(_) | Unit::Household | Unit::People);
        let wan = |u: Unit| matches!(u, Unit::WanCount(_) | Unit::WanHousehold | Unit::WanPeople);
        self == other || (single(self) && single(other)) || (wan(self) && wan(other))
    }

    /// True when values in this unit must be whole numbers (counts, people, days).
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Count(_) | Unit::People | Unit::PersonTimes | Unit::Day | Unit::Household | Unit::Minute)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_words_for_single_things_count_alike() {
        let u = |s: &str| Unit::parse(s).unwrap();
        assert!(u("家").counts_like(u("户")) && u("人").counts_like(u("名")) && u("所").counts_like(u("个")));
        assert!(u("万家").counts_like(u("万户")) && u("万人").counts_like(u("万名")));
        assert!(!u("个").counts_like(u("万个")) && !u("万人").counts_like(u("万人次")) && !u("人").counts_like(u("人次")) && !u("亿元").counts_like(u("万元")));
    }
}
