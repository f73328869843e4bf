//! The commands: clap has parsed the arguments and the pipeline decides everything; each
//! command here calls the library and prints what happened.

use std::process::ExitCode;

use crate::cli::{Cli, Command, NewCommand};
use crate::error::Result;
use crate::pipeline::{self, BuildOptions, Project};
use crate::{scaffold, serve, synth};

/// Runs a parsed command line, printing results and errors; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let project = Project::new(&cli.root);
    let result = match cli.command {
        Command::Build { output, base_url, relative, no_minify, timings } => {
            build(&project, &BuildOptions { output, base_url, relative, minify: !no_minify }, timings)
        }
        Command::Serve { port, bind } => serve::serve(&project, &serve::ServeOptions { bind, port }),
        Command::Check { sources, strict, coverage } => {
            // The project's own texts (sources/<id>.txt), unless another folder is named.
            let sources = sources.or_else(|| Some(project.sources_dir()).filter(|d| d.is_dir()));
            check(&project, sources.as_deref(), strict, coverage)
        }
        Command::Harvest { file, source, year, new_only } => harvest(&project, &file, &source, year, new_only),
        Command::GenBench { years, out } => synth::write_project(&project.themes_dir(), &out, years).map(|()| {
            println!(
                "wrote a synthetic site of {years} years and the {} theme into {}; build it with `nianbao --root {} build`",
                synth::THEME,
                out.display(),
                out.display()
            );
        }),
        Command::Init { dir, name_zh, name_en } => init(&project, &dir, name_zh, name_en),
        Command::New { what } => new(&project, what),
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
    // At a terminal, a build that takes more than a second shows "rendered N of M pages" on
    // stderr, cleared before the summary (or the errors). In a pipe or a CI log, nothing.
    let line = crate::terminal::ProgressLine::new();
    let r = pipeline::build_with_progress(project, options, line.progress());
    line.finish();
    let r = r?;
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
fn check(project: &Project, sources: Option<&std::path::Path>, strict: bool, coverage: bool) -> Result<()> {
    let report = pipeline::check::check(project, sources, strict, coverage)?;
    let (site, diags) = (&report.site, &report.warnings);
    for d in diags {
        eprintln!("{d}\n");
    }
    if coverage {
        println!("coverage: the numbers with a unit each source prints, cited by a fact, skipped (content/skipped.yaml) or unaccounted for");
        print!("{}", crate::validate::coverage::table(&report.coverage));
    }
    let warnings =
        if diags.is_empty() { String::new() } else { format!(", {} warning{} (errors with --strict)", diags.len(), if diags.len() == 1 { "" } else { "s" }) };
    match sources {
        Some(dir) => println!("ok: {} facts checked against {} source texts in {}{warnings}", site.facts.len(), site.sources.len(), dir.display()),
        None => println!("ok: {} facts in {} years and {} plans{warnings}", site.facts.len(), site.years.len(), site.plans.len()),
    }
    Ok(())
}

/// `nianbao init DIR`: the names (asked for at a terminal), the digest, what to edit next.
fn init(project: &Project, dir: &std::path::Path, name_zh: Option<String>, name_en: Option<String>) -> Result<()> {
    let mut notes = Vec::new();
    let names = scaffold::names(name_zh, name_en, &mut notes)?;
    let mut report = scaffold::init(&project.themes_dir(), dir, &names, scaffold::current_year())?;
    report.notes.splice(0..0, notes);
    print_report(&report);
    Ok(())
}

/// `nianbao new year|plan|board|topic`: the files written, what to edit next.
fn new(project: &Project, what: NewCommand) -> Result<()> {
    let content = project.content_dir();
    let report = match what {
        NewCommand::Year { year } => scaffold::new_year(&content, year)?,
        NewCommand::Plan { id, start, end } => scaffold::new_plan(&content, &id, start, end)?,
        NewCommand::Board { id } => scaffold::new_board(&content, &id, scaffold::current_year())?,
        NewCommand::Topic { id } => scaffold::new_topic(&content, &id)?,
    };
    print_report(&report);
    Ok(())
}

fn print_report(report: &scaffold::Report) {
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for line in &report.done {
        println!("{line}");
    }
    if !report.next.is_empty() {
        println!("next:");
        for line in &report.next {
            println!("  - {line}");
        }
    }
}

/// `nianbao harvest FILE --source ID`: candidate facts as YAML on stdout. The content of --root,
/// when it loads, names the indicators and marks what it already holds.
fn harvest(project: &Project, file: &std::path::Path, source: &str, year: Option<u16>, new_only: bool) -> Result<()> {
    let text = crate::harvest::read_text(file)?;
    let site = match project.load_site() {
        Ok(site) => {
            crate::harvest::check_source(&site, source)?;
            Some(site)
        }
        Err(e) => {
            eprintln!(
                "note: the content of {} did not load, so indicators are TODO and nothing is marked as already in the digest ({})",
                project.root.display(),
                e.to_string().lines().next().unwrap_or("")
            );
            None
        }
    };
    let h = crate::harvest::harvest(&text, source, site.as_ref(), year);
    print!("{}", crate::harvest::to_yaml(&h, new_only));
    Ok(())
}
