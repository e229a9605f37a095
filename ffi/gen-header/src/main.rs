//! `amends-gen-header`: writes include/amends.h (`make header`), or with `--check` fails when the
//! committed header differs from what it would write (`make header-check`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let header = match amends_gen_header::generate() {
        Ok(header) => header,
        Err(e) => {
            eprintln!("amends-gen-header: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = amends_gen_header::header_path();
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != header {
            eprintln!(
                "{} is stale: run `make header` and commit the result",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        println!("{} is current", path.display());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::write(&path, header) {
        eprintln!("amends-gen-header: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
}
