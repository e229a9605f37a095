//! The C ABI of `amends`.
