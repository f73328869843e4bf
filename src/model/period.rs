//! The period a fact is about: a year, a half-year, or a span of years.

use std::fmt;

/// A period as written in fact files: `2020`, `2019-H1`, `2016-2020`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar year.
    Year(u16),
    /// A half-year: the year and 1 or 2.
    Half(u16, u8),
    /// Several years, inclusive.
    Span(u16, u16),
}

impl Period {
    /// Parses a period; `None` when it is not one of the three forms.
    pub fn parse(s: &str) -> Option<Period> {
        // Four digits for real years; five for synthetic corpora (`nianbao gen-bench`).
        let year =
            |y: &str| ((4..=5).contains(&y.len()) && y.bytes().all(|b| b.is_ascii_digit()) && !y.starts_with('0')).then(|| y.parse::<u16>().ok()).flatten();
        if let Some((y, h)) = s.split_once("-H") {
            let half = h.parse::<u8>().ok().filter(|h| *h == 1 || *h == 2)?;
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
        for bad in ["20", "2019-H3", "2020-2016", "twenty", "2020-", "02020", "123456"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2019-H1").unwrap().to_string(), "2019-H1");
    }
}
