//! The `colcrime` command; see `colcrime --help` and the README's command reference.

fn main() {
    std::process::exit(colcrime::cli::main_entry());
}
