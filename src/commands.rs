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
        Command::GenBench { years, out } => synth::write_project(&project.themes_dir(), &out, years).map(|()| {
            println!(
                "wrote a synthetic site of {years} years and the {} theme into {}; build it with `nianbao --root {} build`",
                synth::THEME,
                out.display(),
                out.display()
            );
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
    remove_unfinished_on_interrupt();
    let r = pipeline::build(project, options)?;
    for note in &r.notes {
        eprintln!("note: {note}");
    }
    println!("built {} pages ({} files) into {} in {} ms", r.pages, r.files, r.output.display(), r.elapsed.as_millis());
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

/// On SIGINT (Ctrl-C) or SIGTERM, removes the half-written output of the build under way,
/// says so, and exits 130 or 143; the previous output is left as it was. (An interrupted
/// process runs no destructors, so the temporary folder would otherwise stay until the next
/// build clears it.)
fn remove_unfinished_on_interrupt() {
    std::thread::spawn(|| {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        let code = runtime.block_on(async {
            #[cfg(unix)]
            {
                let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else { return None };
                tokio::select! {
                    r = tokio::signal::ctrl_c() => r.ok().map(|()| 130),
                    _ = term.recv() => Some(143),
                }
            }
            #[cfg(not(unix))]
            tokio::signal::ctrl_c().await.ok().map(|()| 130)
        });
        let Some(code) = code else { return };
        let removed = crate::write::remove_unfinished();
        eprintln!(
            "interrupted: the build stopped{}; the previous output is as it was",
            if removed.is_empty() { String::new() } else { " and its temporary folder was removed".into() }
        );
        std::process::exit(code);
    });
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
