use clap::Parser;

/// mimalloc instead of the system allocator: rendering allocates many small strings on every
/// thread, and glibc's malloc spent a quarter of a large build in its own bookkeeping.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nianbao::run(nianbao::cli::Cli::parse())
}
