//! Qualifiers: the words around a figure that make it a bound rather than an exact value.
//! "900多家" is more than 900 firms, "15%以上" is 15% or more, "近100亿元" nearly 10 billion
//! yuan, "12%左右" about 12%. A figure keeps its qualifier: pages show it in both languages,
//! and a comparison with a target respects it.
//!
//! The qualifier is read from the figure as the source prints it (the cue must touch the
//! number: 规模以上 "above designated size" or 亿元以上项目 "projects of over 100 million each"
//! qualify something else), or written as `qualifier:` in the fact when the figure does not say.

use crate::lang::Lang;
use crate::model::Unit;

/// How a figure bounds the value it states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// 多, 余, 超过, 突破: above the value.
    MoreThan,
    /// 以上, 不少于, 至少: the value or above.
    AtLeast,
    /// 近, 接近: just under the value.
    Nearly,
    /// 约, 左右: around the value.
    About,
}

/// Cues written before the number, longest first.
const BEFORE: [(&str, Qualifier); 7] = [
    ("不少于", Qualifier::AtLeast),
    ("超过", Qualifier::MoreThan),
    ("突破", Qualifier::MoreThan),
    ("接近", Qualifier::Nearly),
    ("至少", Qualifier::AtLeast),
    ("近", Qualifier::Nearly),
    ("约", Qualifier::About),
];

/// Words that end in a one-character cue without being one: 签约2个 is "signed 2", not
/// "about 2"; 附近3个 is "3 nearby".
const NOT_CUES: [&str; 14] = ["签约", "合约", "节约", "制约", "预约", "公约", "条约", "履约", "违约", "特约", "邀约", "附近", "最近", "邻近"];

/// Whether the cue ending `before` is the end of a longer word ([`NOT_CUES`]).
fn in_a_word(before: &str, cue: &str) -> bool {
    cue.chars().count() == 1 && NOT_CUES.iter().any(|w| before.ends_with(w))
}

/// Cues written right after the number (900多家, 22万余件).
const AFTER_NUMBER: [(&str, Qualifier); 2] = [("多", Qualifier::MoreThan), ("余", Qualifier::MoreThan)];

/// Cues written after the number and its unit (15%以上, 12%左右).
const AFTER_UNIT: [(&str, Qualifier); 2] = [("以上", Qualifier::AtLeast), ("左右", Qualifier::About)];

impl Qualifier {
    /// The YAML name (`qualifier: more-than`); `none` says the figure is exact whatever it reads.
    pub fn parse(s: &str) -> Option<Option<Qualifier>> {
        Some(match s {
            "more-than" => Some(Qualifier::MoreThan),
            "at-least" => Some(Qualifier::AtLeast),
            "nearly" => Some(Qualifier::Nearly),
            "about" => Some(Qualifier::About),
            "none" => None,
            _ => return None,
        })
    }

    /// The YAML and download name.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::MoreThan => "more-than",
            Qualifier::AtLeast => "at-least",
            Qualifier::Nearly => "nearly",
            Qualifier::About => "about",
        }
    }

    /// The qualifier `figure` puts on `value` in `unit`, if any: the cue must touch the
    /// number (or its unit, for 以上 and 左右).
    pub fn in_figure(figure: &str, value: f64, unit: Unit) -> Option<Qualifier> {
        let mut from = 0;
        while let Some(at) = figure[from..].find(|c: char| c.is_ascii_digit()).map(|i| from + i) {
            let end = at + figure[at..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(figure.len() - at);
            from = end;
            let number: String = figure[at..end].trim_end_matches('.').chars().filter(|c| *c != ',').collect();
            if !number.parse::<f64>().is_ok_and(|n| (n - value).abs() <= 1e-9 * value.abs().max(1.0)) {
                continue;
            }
            let (before, after) = (&figure[..at], &figure[end..]);
            if let Some((_, q)) = BEFORE.iter().find(|(cue, _)| before.ends_with(cue) && !in_a_word(before, cue)) {
                return Some(*q);
            }
            // 多 / 余 right after the number, or after its 万 (22万余件).
            let after_wan = after.strip_prefix('万').unwrap_or(after);
            if let Some((_, q)) = AFTER_NUMBER.iter().find(|(cue, _)| after.starts_with(cue) || after_wan.starts_with(cue)) {
                return Some(*q);
            }
            if let Some(rest) = after.strip_prefix(unit.as_str())
                && let Some((_, q)) = AFTER_UNIT.iter().find(|(cue, _)| rest.starts_with(cue))
            {
                return Some(*q);
            }
        }
        None
    }

    /// `shown`, a value as `number::format_value` writes it, with this qualifier, in `lang`:
    /// "more than 900", "15% or more", "up 10% or more", "近100亿元", "增长超过8%".
    pub fn apply(self, shown: &str, lang: Lang) -> String {
        match lang {
            Lang::En => {
                // A growth rate keeps its direction first: "up more than 8%".
                let (head, rest) = ["up ", "down "].iter().find_map(|p| shown.strip_prefix(p).map(|r| (*p, r))).unwrap_or(("", shown));
                match self {
                    Qualifier::MoreThan => format!("{head}more than {rest}"),
                    Qualifier::AtLeast => format!("{head}{rest} or more"),
                    Qualifier::Nearly => format!("{head}nearly {rest}"),
                    Qualifier::About => format!("{head}about {rest}"),
                }
            }
            Lang::Zh => {
                let (head, rest) = ["增长", "下降"].iter().find_map(|p| shown.strip_prefix(p).map(|r| (*p, r))).unwrap_or(("", shown));
                match self {
                    Qualifier::MoreThan => format!("{head}超过{rest}"),
                    Qualifier::AtLeast => format!("{head}{rest}以上"),
                    Qualifier::Nearly => format!("{head}近{rest}"),
                    Qualifier::About => format!("{head}约{rest}"),
                }
            }
        }
    }

    /// Whether a value `actual` (itself bounded by `actual_q`) reaches a target of `target`
    /// bounded by `self` (a target "15%以上" is met by 15.2%, not by "近15%").
    pub fn reached(target: f64, target_q: Option<Qualifier>, actual: f64, actual_q: Option<Qualifier>) -> bool {
        // The least the actual figure can be.
        let least_strict = match actual_q {
            // Just under, or around, the value: only a value beyond the target reaches it.
            Some(Qualifier::Nearly | Qualifier::About) => return actual > target,
            Some(Qualifier::MoreThan) => true,
            _ => false,
        };
        match target_q {
            Some(Qualifier::MoreThan) => actual > target || (actual == target && least_strict),
            _ => actual >= target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IndicatorKind;
    use crate::model::number::format_value;

    fn unit(s: &str) -> Unit {
        Unit::parse(s).unwrap()
    }

    #[test]
    fn qualifiers_are_read_where_they_touch_the_number() {
        let cases: [(&str, f64, &str, Option<Qualifier>); 18] = [
            ("总部经济板块入驻企业900多家", 900.0, "家", Some(Qualifier::MoreThan)),
            ("22万余件", 22.0, "万件", Some(Qualifier::MoreThan)),
            ("公开选任140余名", 140.0, "名", Some(Qualifier::MoreThan)),
            ("服务企业和群众突破55万人次", 55.0, "万人次", Some(Qualifier::MoreThan)),
            ("签约2个重大产业项目", 2.0, "个", None),
            ("约2个", 2.0, "个", Some(Qualifier::About)),
            ("附近3个停车场", 3.0, "个", None),
            ("将近3个", 3.0, "个", Some(Qualifier::Nearly)),
            ("固定资产投资增长15%以上", 15.0, "%", Some(Qualifier::AtLeast)),
            ("进社区文艺演出活动不少于40场", 40.0, "场", Some(Qualifier::AtLeast)),
            ("总出让金近100亿元", 100.0, "亿元", Some(Qualifier::Nearly)),
            ("社会消费品零售总额增长12%左右", 12.0, "%", Some(Qualifier::About)),
            ("新增绿化覆盖面积约2569万平方米", 2569.0, "万平方米", Some(Qualifier::About)),
            // The cue qualifies something else.
            ("规模以上工业增加值增长4.7%", 4.7, "%", None),
            ("全力推进实施260个亿元以上重大项目", 260.0, "个", None),
            ("签约额205亿元", 205.0, "亿元", None),
            ("2个多功能运动场", 2.0, "个", None),
            ("1778亩,总出让金近100亿元", 1778.0, "亩", None),
        ];
        for (figure, value, u, expected) in cases {
            assert_eq!(Qualifier::in_figure(figure, value, unit(u)), expected, "{figure}");
        }
    }

    #[test]
    fn qualified_values_read_in_both_languages() {
        let shown = |v: f64, u: &str, kind: IndicatorKind, q: Qualifier, lang: Lang| q.apply(&format_value(v, unit(u), kind, lang), lang);
        use IndicatorKind::*;
        use Qualifier::*;
        let cases = [
            (900.0, "家", Level, MoreThan, "more than 900", "超过900家"),
            (100.0, "亿元", Level, Nearly, "nearly 10 billion yuan", "近100亿元"),
            (15.0, "%", Share, AtLeast, "15% or more", "15%以上"),
            (10.0, "%", Growth, AtLeast, "up 10% or more", "增长10%以上"),
            (8.0, "%", Growth, MoreThan, "up more than 8%", "增长超过8%"),
            (12.0, "%", Growth, About, "up about 12%", "增长约12%"),
            (1.95, "万人", Level, About, "about 19,500 people", "约1.95万人"),
        ];
        for (v, u, kind, q, en, zh) in cases {
            assert_eq!(shown(v, u, kind, q, Lang::En), en);
            assert_eq!(shown(v, u, kind, q, Lang::Zh), zh);
        }
    }

    #[test]
    fn bounds_decide_whether_a_target_is_reached() {
        use Qualifier::*;
        assert!(Qualifier::reached(15.0, Some(AtLeast), 15.2, None));
        assert!(Qualifier::reached(15.0, Some(AtLeast), 15.0, None));
        assert!(!Qualifier::reached(15.0, Some(AtLeast), 15.0, Some(Nearly)), "nearly 15% does not reach 15% or more");
        assert!(!Qualifier::reached(15.0, Some(MoreThan), 15.0, None), "exactly 15 is not more than 15");
        assert!(Qualifier::reached(15.0, Some(MoreThan), 15.0, Some(MoreThan)));
        assert!(Qualifier::reached(357.0, None, 400.0, Some(About)));
        assert!(!Qualifier::reached(357.0, None, 357.0, Some(About)), "about 357 may be under it");
        assert!(!Qualifier::reached(357.0, None, 236.0, None));
    }
}
