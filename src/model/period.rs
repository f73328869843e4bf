//! The period a fact is about: a year, a half-year, or a span of years.

use std::fmt;

/// A period as written in fact files: `2020`, `2019-H1`, `2016-2020`.
///
/// Periods order by time: by when they start, then by when they end, so the first half of
/// 2019 comes before 2019, which comes before its second half, and 2016-2020 before all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year.
    Year(u16),
    /// A half-year: the year and 1 or 2.
    Half(u16, u8),
    /// Several years, inclusive.
    Span(u16, u16),
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.halves().cmp(&other.halves())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    /// The first and last half-year the period covers, counted from year 0: the key of its
    /// order in time.
    fn halves(self) -> (u32, u32) {
        let half = |y: u16, h: u8| 2 * u32::from(y) + u32::from(h) - 1;
        match self {
            Period::Year(y) => (half(y, 1), half(y, 2)),
            Period::Half(y, h) => (half(y, h), half(y, h)),
            Period::Span(a, b) => (half(a, 1), half(b, 2)),
        }
    }

    /// The key of "the latest period": the one that ends last, and of those the one that
    /// starts last (2020 is later than 2016-2020, the second half of 2019 than 2019).
    pub fn recency(self) -> (u32, u32) {
        let (start, end) = self.halves();
        (end, start)
    }

    /// Parses a period; `None` when it is not one of the three forms.
    pub fn parse(s: &str) -> Option<Period> {
        // Four digits for real years; five for synthetic corpora (`nianbao gen-bench`).
        let year =
            |y: &str| ((4..=5).contains(&y.len()) && y.bytes().all(|b| b.is_ascii_digit()) && !y.starts_with('0')).then(|| y.parse::<u16>().ok()).flatten();
        if let Some((y, h)) = s.split_once("-H") {
            let half = match h {
                "1" => 1,
                "2" => 2,
                _ => return None,
            };
            return Some(Period::Half(year(y)?, half));
        }
        if let Some((a, b)) = s.split_once('-') {
            let (a, b) = (year(a)?, year(b)?);
            return (a < b).then_some(Period::Span(a, b));
        }
        year(s).map(Period::Year)
    }

    /// First and last year the period touches.
    pub fn years(self) -> (u16, u16) {
        match self {
            Period::Year(y) | Period::Half(y, _) => (y, y),
            Period::Span(a, b) => (a, b),
        }
    }

    /// The year used to sort facts newest first.
    pub fn end_year(self) -> u16 {
        self.years().1
    }

    /// The period in the reader's language: "2019年上半年" / "first half of 2019".
    pub fn label(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::*;
        match (self, lang) {
            (Period::Year(y), Zh) => format!("{y}年"),
            (Period::Year(y), En) => y.to_string(),
            (Period::Half(y, 1), Zh) => format!("{y}年上半年"),
            (Period::Half(y, _), Zh) => format!("{y}年下半年"),
            (Period::Half(y, 1), En) => format!("H1 {y}"),
            (Period::Half(y, _), En) => format!("H2 {y}"),
            (Period::Span(a, b), Zh) => format!("{a}—{b}年"),
            (Period::Span(a, b), En) => format!("{a}–{b}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Span(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_rejects_others() {
        assert_eq!(Period::parse("2020"), Some(Period::Year(2020)));
        assert_eq!(Period::parse("2019-H1"), Some(Period::Half(2019, 1)));
        assert_eq!(Period::parse("2016-2020"), Some(Period::Span(2016, 2020)));
        for bad in ["20", "2019-H3", "2020-2016", "twenty", "2020-", "02020", "123456", "2020-H01", "+2020", "2020-H+1"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2019-H1").unwrap().to_string(), "2019-H1");
    }

    #[test]
    fn periods_order_by_time() {
        let mut periods: Vec<Period> =
            ["2021", "2019-H2", "2016-2020", "2019", "2019-H1", "2020", "2021-2025"].iter().map(|p| Period::parse(p).unwrap()).collect();
        periods.sort();
        let shown: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["2016-2020", "2019-H1", "2019", "2019-H2", "2020", "2021", "2021-2025"]);
        let latest = periods.iter().max_by_key(|p| p.recency()).unwrap();
        assert_eq!(latest.to_string(), "2021-2025");
        let latest = periods[..6].iter().max_by_key(|p| p.recency()).unwrap();
        assert_eq!(latest.to_string(), "2021", "a year ends with its second half, and starts later");
    }
}
