//! The Python binding of `amends`.
