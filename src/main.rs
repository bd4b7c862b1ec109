//! The `colcrime` command; see `colcrime --help` and `../shared/contract.md`.

fn main() {
    std::process::exit(colcrime::cli::main_entry());
}
