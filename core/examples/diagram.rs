//! Proves a playbook's invariants and draws its stages.
//!
//! ```sh
//! cargo run --example diagram -- strict                 # the verification, as text
//! cargo run --example diagram -- strict --json          # the verification, as JSON
//! cargo run --example diagram -- strict --mermaid       # the stage diagram, Mermaid
//! cargo run --example diagram -- strict --dot | dot -Tsvg > strict.svg
//! cargo run --example diagram -- my_playbook.json       # a playbook JSON file instead of a preset
//! ```
//!
//! Exits with status 1 when an invariant the playbook claims is broken (with `--summary` or
//! `--json`), and 2 on a bad argument or playbook.

use amends::{verify, Playbook};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: diagram [PRESET | PLAYBOOK.json] [--summary | --json | --mermaid | --dot]";

fn main() -> ExitCode {
    let mut source = None;
    let mut format = "--summary".to_string();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--summary" | "--json" | "--mermaid" | "--dot" => format = arg,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if arg.starts_with('-') || source.is_some() => {
                eprintln!("unexpected argument `{arg}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => source = Some(arg),
        }
    }
    let source = source.unwrap_or_else(|| "strict".to_string());
    let playbook = if source.ends_with(".json") {
        std::fs::read_to_string(&source)
            .map_err(|e| format!("cannot read {source}: {e}"))
            .and_then(|text| Playbook::from_json(&text).map_err(|e| format!("{source}: {e}")))
    } else {
        Playbook::preset(&source).map_err(|e| e.to_string())
    };
    let playbook = match playbook {
        Ok(playbook) => playbook,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let verification = verify(&playbook);
    let text = match format.as_str() {
        "--mermaid" => verification.diagram().to_mermaid(),
        "--dot" => verification.diagram().to_dot(),
        "--json" => verification.to_json_pretty() + "\n",
        _ => verification.to_string(),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) is not an error.
        if e.kind() != ErrorKind::BrokenPipe {
            eprintln!("cannot write the output: {e}");
            return ExitCode::from(2);
        }
    }
    let checking = matches!(format.as_str(), "--summary" | "--json");
    if checking && !verification.proven {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
