use clap::Parser;

fn main() -> std::process::ExitCode {
    nianbao::run(nianbao::cli::Cli::parse())
}
