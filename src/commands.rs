//! The commands: clap has parsed the arguments and the pipeline decides everything; each
//! command here calls the library and prints what happened.

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::pipeline::{self, BuildOptions, Project};
use crate::{serve, synth};

/// Runs a parsed command line, printing results and errors; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let project = Project::new(&cli.root);
    let result = match cli.command {
        Command::Build { output, base_url, relative, no_minify, timings } => {
            build(&project, &BuildOptions { output, base_url, relative, minify: !no_minify }, timings)
        }
        Command::Serve { port, bind } => serve::serve(&project, &serve::ServeOptions { bind, port }),
        Command::Check { sources, strict } => check(&project, sources.as_deref(), strict),
        Command::GenBench { years, out } => synth::generate(&out, years).map(|()| {
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

/// `nianbao build`: the summary line, notes, and with `--timings` each stage's time.
fn build(project: &Project, options: &BuildOptions, timings: bool) -> Result<()> {
    let r = pipeline::build(project, options)?;
    for note in &r.notes {
        eprintln!("note: {note}");
    }
    println!("built {} pages ({} files) into {} in {} ms", r.pages, r.files, options.output.display(), r.elapsed.as_millis());
    if timings {
        for (stage, d) in &r.timings.stages {
            println!("  {stage:<38} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
        if let Some(peak) = pipeline::peak_memory() {
            println!("  {:<38} {:>8.1} MB", "peak memory", peak as f64 / 1e6);
        }
    }
    Ok(())
}

/// `nianbao check`: the warnings, then what was checked.
fn check(project: &Project, sources: Option<&std::path::Path>, strict: bool) -> Result<()> {
    let report = pipeline::check::check(project, sources, strict)?;
    let (site, diags) = (&report.site, &report.warnings);
    for d in diags {
        eprintln!("{d}\n");
    }
    let warnings =
        if diags.is_empty() { String::new() } else { format!(", {} warning{} (errors with --strict)", diags.len(), if diags.len() == 1 { "" } else { "s" }) };
    match sources {
        Some(dir) => println!("ok: {} facts checked against {} source texts in {}{warnings}", site.facts.len(), site.sources.len(), dir.display()),
        None => println!("ok: {} facts in {} years and {} plans{warnings}", site.facts.len(), site.years.len(), site.plans.len()),
    }
    Ok(())
}
