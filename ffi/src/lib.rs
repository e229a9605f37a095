//! The C ABI of `amends`: one header, `include/amends.h`, over a static and a shared library.
//!
//! Conventions (the header repeats them where they matter):
//! - Every symbol and type starts with `amends_`. Handles are opaque (`struct amends_complaint`,
//!   `struct amends_playbook`, `struct amends_ledger`, `struct amends_verification`, `struct
//!   amends_error`, `struct amends_violations`), made by the library and released by their `_free`;
//!   every `_free(NULL)` is a no-op.
//! - A fallible call returns an [`amends_status`] (`AMENDS_STATUS_OK` is 0) and writes its outputs
//!   to trailing out-parameters only on success. On failure it writes a new `struct amends_error *`
//!   to `*err` when `err` is not NULL; the caller frees it with `amends_error_free`.
//! - A `const` handle parameter means the call only reads it.
//! - Strings the library returns through `char **out` are freed with `amends_string_free`;
//!   `const char *` results are owned by the library (static names, or owned by the handle). A
//!   JSON output that cannot be written is `AMENDS_STATUS_OTHER_ERROR`, never an empty string.
//! - Text may hold U+0000 only when it came in as `\u0000` inside JSON (a C string cannot carry
//!   one). It is accepted, as in Rust and Python, so a complaint stored by any binding loads here:
//!   JSON the library writes escapes it as `\u0000` (it round-trips), and plain text (the
//!   timeline, messages, field paths) shows U+FFFD in its place, so nothing after it is cut off.
//! - Enum values go in as `uint32_t` and are converted; an unknown number is invalid input.
//! - NULL, invalid UTF-8 and malformed JSON get a status and a message. No panic crosses the
//!   boundary: each export catches it and returns `AMENDS_STATUS_PANIC` (or NULL, 0, false).
//!
//! Threads: a complaint or ledger handle may move between threads; calls taking it as `const` only
//! read it and may run at the same time as each other, never at the same time as a call that
//! changes or frees it. A playbook handle is immutable: any number of threads may use it at once
//! (complaints keep their own reference, so it may be freed once no call that uses it is still
//! running).

#![allow(non_camel_case_types)]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

// The core is the workspace dependency `amends`; this crate's own library is also called `amends`
// (the name C links against), so the core goes by `amends_core` here.
extern crate amends as amends_core;

// The header lists the exports in the order of these modules; a blank line between them keeps
// rustfmt from sorting them.

/// `amends_version`.
mod version;

/// Statuses, `struct amends_error`, `amends_string_free`.
mod error;

/// The vocabulary's names as static C strings.
mod names;

/// `struct amends_playbook`.
mod playbook;

/// `struct amends_complaint` and its JSON entry points; `struct amends_violations`.
mod complaint;

/// The typed helpers, one per action kind.
mod actions;

/// `struct amends_ledger`: repeats, the review and the CSV export over many complaints.
mod ledger;

/// `struct amends_verification`: a playbook's invariants proven by search, and its stage diagram.
mod verify;

mod args;
mod panic;

pub use actions::*;
pub use complaint::*;
pub use error::*;
pub use ledger::*;
pub use names::*;
pub use playbook::*;
pub use verify::*;
pub use version::*;

// The thread-safety the header documents rests on these: a moved handle needs `Send`, reads from
// several threads at once need `Sync`.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<amends_core::Complaint>();
    send_sync::<amends_core::Playbook>();
    send_sync::<std::sync::Arc<amends_core::Playbook>>();
    send_sync::<amends_core::Ledger>();
    send_sync::<amends_core::Verification>();
};
