//! Charts drawn at build time as inline SVG: no JavaScript, no fonts to measure. Horizontal
//! bars leave room for values in the reader's units ("78.56 billion yuan") on a phone screen;
//! targets, estimates and actuals are drawn differently (outline, hatched, solid) and named
//! in each row's label, so the chart does not rely on colour alone.

use std::fmt::Write;

use super::markdown::escape;
use crate::model::Status;

/// One bar: its row label, its value, the value as the reader reads it, and its status.
pub struct Bar {
    /// The period and the status ("2020 · Target").
    pub label: String,
    pub value: f64,
    pub display: String,
    pub status: Status,
    /// The fact on its source page: chart values are traceable like every other figure.
    pub href: String,
}

/// Draws bars (one group of up to three per period, in order) as SVG. `title` names the chart
/// for screen readers; `key` (an ASCII id) keeps the ids inside the SVG unique when a page holds
/// several charts; `compact` draws a smaller chart for year pages. Returns `None` when there is
/// nothing to draw.
///
/// The SVG is written as a minifier would leave it (no whitespace, numbers and single words
/// unquoted), so that a minified build can leave charts out of the minifier: they are a third
/// of a year page's bytes.
pub fn bars<B: std::borrow::Borrow<Bar>>(title: &str, key: &str, bars: &[B], compact: bool) -> Option<String> {
    if bars.is_empty() {
        return None;
    }
    let max = bars.iter().map(|b| b.borrow().value.abs()).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    // Sizes in whole units, written as integers.
    let (row_h, bar_h, font): (usize, usize, usize) = if compact { (22, 14, 11) } else { (30, 20, 13) };
    let (width, label_w, value_w): (usize, usize, usize) = (640, 170, 170);
    let plot_w = (width - label_w - value_w) as f64;
    let height = row_h * bars.len() + 24;
    let title = escape(title);
    let mut svg = String::with_capacity(300 + 330 * bars.len());
    let _ = write!(
        svg,
        r#"<svg class="chart{}" viewBox="0 0 {width} {height}" role=group aria-label="{title}" xmlns=http://www.w3.org/2000/svg><title>{title}</title>"#,
        if compact { " compact" } else { "" },
    );
    let hatch = format!("hatch-{key}");
    let _ = write!(
        svg,
        r#"<defs><pattern id={hatch} width=6 height=6 patternUnits=userSpaceOnUse patternTransform=rotate(45)><rect width=6 height=6 class=hatch-bg /><line x1=0 y1=0 x2=0 y2=6 class=hatch-line /></pattern></defs>"#
    );
    for (i, b) in bars.iter().enumerate() {
        let b = b.borrow();
        let y = (4 + row_h * i) as f64;
        let w = (b.value.abs() / max * plot_w).max(1.5);
        let text_y = Tenths(y + bar_h as f64 / 2.0 + font as f64 * 0.35);
        let _ = write!(
            svg,
            r#"<text x={} y={text_y} text-anchor=end class=row-label font-size={font}>{}</text><rect x={label_w} y={} width={} height={bar_h} class="bar {}""#,
            label_w - 8,
            escape(&b.label),
            Tenths(y),
            Tenths(w),
            b.status.as_str(),
        );
        // Estimates are filled with this chart's own hatching (a presentation attribute: CSS
        // cannot name a pattern per chart).
        if b.status == Status::Estimate {
            let _ = write!(svg, r#" fill=url(#{hatch})"#);
        }
        let _ = write!(
            svg,
            r#" /><text x={} y={text_y} class=value font-size={font}><a class="fig" href="{}">{}</a></text>"#,
            Tenths(label_w as f64 + w + 6.0),
            escape(&b.href),
            escape(&b.display),
        );
    }
    // The axis: a baseline at zero, so bar lengths compare honestly.
    let axis_y = (row_h * bars.len() + 6) as f64;
    let _ = write!(
        svg,
        r#"<line x1={label_w} y1=2 x2={label_w} y2={} class=axis /><text x={label_w} y={} text-anchor=middle class=axis-label font-size={}>0</text></svg>"#,
        Tenths(axis_y),
        Tenths(axis_y + 14.0),
        font - 1
    );
    Some(svg)
}

/// A coordinate written with one decimal, as `{:.1}` writes it. Most coordinates are far from
/// a rounding tie, and are written as whole tenths (integer formatting); the few near one go
/// through the float formatter, whose exact rounding they need. A chart has dozens of
/// coordinates and a long series thousands of charts.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = self.0 * 10.0;
        let whole = tenths.round();
        if self.0 >= 0.0 && whole < 1e15 && (tenths - whole).abs() < 0.49 {
            // Digits from the right into a buffer: a chart writes thousands of these.
            let whole = whole as u64;
            let (mut buf, mut at, mut n) = ([0u8; 20], 18, whole / 10);
            buf[18] = b'.';
            buf[19] = b'0' + (whole % 10) as u8;
            loop {
                at -= 1;
                buf[at] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            f.write_str(std::str::from_utf8(&buf[at..]).map_err(|_| std::fmt::Error)?)
        } else {
            write!(f, "{:.1}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, display: &str, status: Status) -> Bar {
        Bar { label: label.into(), value, display: display.into(), status, href: "/en/sources/a/#f1".into() }
    }

    #[test]
    fn draws_one_bar_per_value_with_its_label_and_escapes_text() {
        let bars = [bar("2020 · Estimate", 773.0, "77.3 billion yuan", Status::Estimate), bar("2020 · Actual", 760.2, "76.02 billion <yuan>", Status::Actual)];
        let svg = super::bars("GDP & more", "gdp", &bars, false).unwrap();
        assert_eq!(svg.matches("<rect x=").count(), 2);
        assert!(svg.contains("class=\"bar estimate\"") && svg.contains("class=\"bar actual\""));
        assert!(svg.contains("2020 · Estimate") && svg.contains("77.3 billion yuan"));
        assert!(svg.contains("76.02 billion &lt;yuan&gt;") && svg.contains("aria-label=\"GDP &amp; more\""));
        assert!(svg.contains("<pattern id=hatch-gdp ") && svg.contains(" fill=url(#hatch-gdp) />"));
        assert!(super::bars::<Bar>("x", "x", &[], false).is_none());
    }

    #[test]
    fn tenths_are_written_as_the_float_formatter_writes_them() {
        let mut x = 0.0_f64;
        while x < 2000.0 {
            for v in [x, x + 0.05, x + 0.049_999_999, x + 0.050_000_001, x * 1.37, x / 3.0] {
                assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v:?}");
            }
            x += 0.35;
        }
        for v in [0.0, 1.5, 10.85, 14.85, 0.25, 2.45, 1e14, 1e16 + 0.3, -0.05, -3.25] {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v:?}");
        }
    }

    #[test]
    fn unquoted_values_never_touch_a_slash() {
        // `height=14/>` would make the slash part of the value in HTML.
        let svg = super::bars("x", "x", &[bar("2020 · Target", 1.0, "1", Status::Target)], true).unwrap();
        assert_eq!(svg.matches(" />").count(), svg.matches("/>").count(), "{svg}");
        assert!(!svg.contains('\n'));
    }
}
