# Every target works on a fresh machine with the Rust toolchain; see README.md.
CARGO ?= cargo
PROPTEST_CASES ?= 1000
export PROPTEST_CASES

.PHONY: test example lint test-rust doc bench

## Run every test: formatting, lints, docs, the Rust tests and doctests, C and C++, Python, the example.
test: lint doc test-rust test-c test-python example

# The C ABI (header, C and C++ tests, install) and the Python package have their own rules.
include ffi/ffi.mk
include python/python.mk

example:
	$(CARGO) run --quiet --example late_delivery

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# The C ABI's library is also called `amends`, so its docs are built into a directory of their own.
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --exclude amends-ffi --no-deps --locked
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p amends-ffi --no-deps --locked --target-dir target/doc-ffi

test-rust:
	$(CARGO) test --workspace --all-targets --locked
	$(CARGO) test --workspace --doc --locked

## Benchmarks (not part of `test`): figures in README.md.
bench:
	benches/run.sh
