//! The command line: a thin layer over the library.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// nianbao (年报): bilingual annual-report digests as a static site.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about)]
pub struct Cli {
    /// The project folder, holding content/ and themes/.
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the content and write the site into the output folder.
    Build {
        /// The output folder (replaced as a whole when the build succeeds).
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// The URL the site is published under (overrides base_url in site.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Write every internal link relative to its page, so the output works from disk.
        #[arg(long)]
        relative: bool,
        /// Write the HTML as rendered, without minifying it.
        #[arg(long)]
        no_minify: bool,
        /// Print how long each stage took, and the peak memory.
        #[arg(long)]
        timings: bool,
    },
    /// Serve the site on a local address, rebuilding and reloading open pages on every change.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (127.0.0.1 keeps the preview on this machine).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Validate the content and check every link of the rendered site, without writing anything.
    Check {
        /// The folder of source texts (<source id>.txt): check every figure against its source.
        /// Defaults to the project's sources/ when it exists.
        #[arg(long)]
        sources: Option<PathBuf>,
        /// Treat warnings (missing translations, numbers typed by hand) as errors.
        #[arg(long)]
        strict: bool,
        /// With the source texts: per source, the numbers with a unit it prints, each cited by a fact,
        /// left out by content/skipped.yaml (with why), or unaccounted for (with --strict, an
        /// unaccounted figure fails the check).
        #[arg(long)]
        coverage: bool,
    },
    /// Start a new digest in DIR: site.yaml, example catalogues, an example year of this
    /// year, the default theme copied from the themes/ of --root, a .gitignore and a README.
    Init {
        /// The folder to write (new or empty).
        dir: PathBuf,
        /// The place's name in Chinese (二七区); asked for when not given and stdin is a terminal.
        #[arg(long)]
        name_zh: Option<String>,
        /// The place's name in English (Erqi District); asked for when not given and stdin is a
        /// terminal.
        #[arg(long)]
        name_en: Option<String>,
    },
    /// Add a year, a plan, a board or a topic to the content of --root, with placeholders to fill.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Read a report's text (OCR'd) and print, as YAML to paste into a year file, a candidate
    /// fact for every number with a unit: figure, guessed status, period and indicator.
    Harvest {
        /// The report's text file.
        file: PathBuf,
        /// The id (in content/sources.yaml) the candidates cite.
        #[arg(long)]
        source: String,
        /// The period to give candidates that print no year of their own.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        year: Option<u16>,
        /// Leave out the candidates the content already holds, instead of listing them commented out.
        #[arg(long)]
        new_only: bool,
    },
    /// Write a synthetic site of N years for benchmarks, with a copy of the default theme from
    /// the themes/ of --root: `nianbao --root DIR build` builds it as written.
    GenBench {
        /// The number of year files, 1 to 50000 (years are numbered from 10000 and have at
        /// most five digits).
        // The bound is `synth::MAX_YEARS` (cli.rs sits below synth.rs and cannot name it).
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=50_000))]
        years: usize,
        /// The folder to write (new or empty).
        #[arg(long)]
        out: PathBuf,
    },
}

/// What `nianbao new` adds.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// content/years/YEAR.yaml (no facts yet, a commented template of one) and its commentary.
    Year {
        /// The year, four digits.
        #[arg(value_parser = clap::value_parser!(u16).range(1000..=9999))]
        year: u16,
    },
    /// content/plans/ID.yaml, a five-year plan period, and its commentary.
    Plan {
        /// The plan's id (lowercase letters, digits and hyphens), e.g. fyp15.
        id: String,
        /// Its first year.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        start: u16,
        /// Its last year.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        end: u16,
    },
    /// An entry appended to content/boards.yaml, and the board's commentary.
    Board {
        /// The board's id (lowercase letters, digits and hyphens).
        id: String,
    },
    /// An entry appended to content/topics.yaml, and the topic's commentary.
    Topic {
        /// The topic's id (lowercase letters, digits and hyphens).
        id: String,
    },
}
