//! The progress line of a long build at a terminal: "rendered N of M pages", drawn on stderr
//! once the work has taken a second, cleared before whatever is printed next. In a pipe or a
//! CI log there is none. `nianbao build` and the preview's first build both show it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A progress callback: told how many pages of how many have been rendered so far, from the
/// rendering threads, in no particular order.
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// The progress line, hidden until it has something to show.
pub struct ProgressLine {
    bar: Option<indicatif::ProgressBar>,
}

impl ProgressLine {
    /// A line on stderr when stderr is a terminal; otherwise one that draws nothing.
    pub fn new() -> Self {
        let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
            let bar = indicatif::ProgressBar::hidden();
            bar.set_style(
                indicatif::ProgressStyle::with_template("rendered {pos} of {len} pages {wide_bar}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        ProgressLine { bar }
    }

    /// The callback to hand to the rendering; it shows the line after the first second.
    pub fn progress(&self) -> Progress {
        let Some(bar) = &self.bar else { return Arc::new(|_, _| {}) };
        let (bar, start, shown) = (bar.clone(), Instant::now(), AtomicBool::new(false));
        Arc::new(move |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            if start.elapsed() >= Duration::from_secs(1) && !shown.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        })
    }

    /// Clears the line, before the summary or the errors are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Default for ProgressLine {
    fn default() -> Self {
        Self::new()
    }
}
