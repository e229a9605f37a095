//! Writes the C header `include/amends.h` from the C ABI's source (`ffi/src/`) with a pinned
//! cbindgen, plus what cbindgen cannot see: the vocabulary enums, whose numbers are the core's
//! stable numbers, and the version macros.

#![deny(missing_docs)]

use amends::{ActionKind, FollowUpResult, Outcome, Preset, PreventionSource, RemedyKind, Severity};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // ffi/gen-header sits two levels below the root.
    manifest_dir
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| manifest_dir.join("../.."), Path::to_path_buf)
}

/// Where the committed header lives.
pub fn header_path() -> PathBuf {
    workspace_root().join("include/amends.h")
}

/// One C enum of vocabulary values: `AMENDS_<PREFIX>_<NAME> = <stable number>`.
fn vocabulary_enum(out: &mut String, doc: &str, c_name: &str, values: &[(&str, u32)]) {
    let prefix = c_name.to_uppercase();
    let _ = writeln!(out, "/**\n * {doc}\n */\nenum {c_name} {{");
    for (name, number) in values {
        let _ = writeln!(
            out,
            "  {prefix}_{} = {number}, /**< \"{name}\" */",
            name.to_uppercase()
        );
    }
    let _ = writeln!(out, "}};\n");
}

/// The text cbindgen puts after the includes: version macros and vocabulary enums.
fn preamble() -> String {
    let mut out = String::from("\n");
    let _ = writeln!(
        out,
        "/** The version of this header; `amends_version()` is the library's. */\n\
         #define AMENDS_VERSION \"{}\"\n\
         #define AMENDS_VERSION_MAJOR {}\n\
         #define AMENDS_VERSION_MINOR {}\n\
         #define AMENDS_VERSION_PATCH {}\n",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
    );
    let kinds: Vec<(&str, u32)> = ActionKind::ALL.iter().map(|k| (k.as_str(), k.number())).collect();
    vocabulary_enum(
        &mut out,
        "Action kinds: the bits of `amends_complaint_next_actions`'s mask, named by\n * `amends_action_kind_name`.",
        "amends_action_kind",
        &kinds,
    );
    let _ = writeln!(
        out,
        "/** How many action kinds there are (bits 0 to AMENDS_ACTION_KIND_COUNT - 1). */\n\
         #define AMENDS_ACTION_KIND_COUNT {}\n",
        kinds.len()
    );
    let presets: Vec<(&str, u32)> = Preset::ALL.iter().map(|p| (p.as_str(), p.number())).collect();
    vocabulary_enum(
        &mut out,
        "Preset playbooks. `amends_preset_name` gives each one's name, which\n * `amends_playbook_preset` takes.",
        "amends_preset",
        &presets,
    );
    let _ = writeln!(
        out,
        "/** How many presets there are (numbers 0 to AMENDS_PRESET_COUNT - 1). */\n\
         #define AMENDS_PRESET_COUNT {}\n",
        presets.len()
    );
    let severities: Vec<(&str, u32)> = Severity::ALL.iter().map(|s| (s.as_str(), s.number())).collect();
    vocabulary_enum(
        &mut out,
        "How serious a complaint is, for `amends_open_options.severity` (as `uint32_t`).",
        "amends_severity",
        &severities,
    );
    let remedies: Vec<(&str, u32)> = RemedyKind::ALL.iter().map(|k| (k.as_str(), k.number())).collect();
    vocabulary_enum(
        &mut out,
        "Remedy kinds, for the `remedy_kind` argument (as `uint32_t`).",
        "amends_remedy_kind",
        &remedies,
    );
    let results: Vec<(&str, u32)> = FollowUpResult::ALL
        .iter()
        .map(|k| (k.as_str(), k.number()))
        .collect();
    vocabulary_enum(
        &mut out,
        "What a follow-up found, for `amends_complaint_follow_up` (as `uint32_t`).",
        "amends_follow_up_result",
        &results,
    );
    let sources: Vec<(&str, u32)> = PreventionSource::ALL
        .iter()
        .map(|k| (k.as_str(), k.number()))
        .collect();
    vocabulary_enum(
        &mut out,
        "Who suggested a prevention idea, for `amends_complaint_prevention` (as `uint32_t`).",
        "amends_prevention_source",
        &sources,
    );
    let outcomes: Vec<(&str, u32)> = Outcome::ALL.iter().map(|k| (k.as_str(), k.number())).collect();
    vocabulary_enum(
        &mut out,
        "How a case ended, for `amends_complaint_close` (as `uint32_t`).",
        "amends_outcome",
        &outcomes,
    );
    out.trim_end().to_string()
}

/// The header as it should be committed.
pub fn generate() -> Result<String, String> {
    let root = workspace_root();
    let mut config = cbindgen::Config::from_file(root.join("ffi/cbindgen.toml"))?;
    config.after_includes = Some(preamble());
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("ffi/src/lib.rs"))
        .generate()
        .map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    bindings.write(&mut bytes);
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
