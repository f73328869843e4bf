//! nianbao (年报): a static site generator for bilingual annual-report digests.
//!
//! The pipeline reads top to bottom, one module per stage:
//! [`load`] (files to raw types) -> [`validate`] (raw types to the [`model`]) ->
//! [`render`] (model and [`theme`] to output files in memory) -> [`publish`] (sitemap, feeds,
//! link check, minification) -> [`write`] (files to disk, swapped into place). [`build`] runs
//! them in order; [`check`] validates, checks every link, and checks figures against their
//! sources; [`serve`] previews the site, rebuilding it on every change.

pub mod build;
pub mod check;
pub mod cite;
pub mod cli;
pub mod error;
pub mod integrity;
pub mod lang;
pub mod load;
pub mod model;
pub mod publish;
pub mod render;
pub mod serve;
pub mod synth;
pub mod theme;
pub mod validate;
pub mod write;

pub use error::{Diagnostic, Error, Result};

use std::process::ExitCode;

/// Runs a parsed command line, printing results and errors; returns the process exit code.
pub fn run(cli: cli::Cli) -> ExitCode {
    let project = build::Project::new(&cli.root);
    let result = match cli.command {
        cli::Command::Build { output, base_url, relative, no_minify, timings } => {
            build::build(&project, &build::BuildOptions { output: output.clone(), base_url, relative, minify: !no_minify }).map(|r| {
                for note in &r.notes {
                    eprintln!("note: {note}");
                }
                println!("built {} pages ({} files) into {} in {} ms", r.pages, r.files, output.display(), r.elapsed.as_millis());
                if timings {
                    for (stage, d) in &r.timings.stages {
                        println!("  {stage:<38} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                    }
                    if let Some(peak) = build::peak_memory() {
                        println!("  {:<38} {:>8.1} MB", "peak memory", peak as f64 / 1e6);
                    }
                }
            })
        }
        cli::Command::Serve { port, bind } => serve::serve(&project, &serve::ServeOptions { bind, port }),
        cli::Command::Check { sources, strict } => check::run(&project, sources.as_deref(), strict),
        cli::Command::GenBench { years, out } => synth::generate(&out, years).map(|()| {
            println!("wrote a synthetic site of {years} years into {}; build it with `nianbao --root {} build`", out.display(), out.display());
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
