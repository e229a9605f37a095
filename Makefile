# Every target works on a fresh machine with the Rust toolchain; see README.md.
CARGO ?= cargo
PROPTEST_CASES ?= 1000
export PROPTEST_CASES

.PHONY: test example lint test-rust doc bench

## Run every test: formatting, lints, docs, the Rust tests and doctests, the example.
test: lint doc test-rust example

example:
	$(CARGO) run --quiet --example late_delivery

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --locked

test-rust:
	$(CARGO) test --workspace --all-targets --locked
	$(CARGO) test --workspace --doc --locked

## Benchmarks (not part of `test`): figures in README.md.
bench:
	benches/run.sh
