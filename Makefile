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
include fuzz/fuzz.mk

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

.PHONY: diagrams

## The strict playbook's stage diagram in docs/ (Mermaid, DOT, and SVG through Graphviz's `dot`),
## drawn from the transitions its verification explores.
diagrams:
	@mkdir -p docs
	$(CARGO) run --quiet --locked --example diagram -- strict --mermaid > docs/strict.mmd.tmp
	$(CARGO) run --quiet --locked --example diagram -- strict --dot > docs/strict.dot.tmp
	dot -Tsvg docs/strict.dot.tmp > docs/strict.svg.tmp
	mv docs/strict.mmd.tmp docs/strict.mmd
	mv docs/strict.dot.tmp docs/strict.dot
	mv docs/strict.svg.tmp docs/strict.svg

.PHONY: test-asan test-miri soak

# AddressSanitizer (with LeakSanitizer) over the Rust tests of the core and the C ABI crate, on the
# stable toolchain: `-Zsanitizer` is a nightly flag, which RUSTC_BOOTSTRAP unlocks. `--target`
# keeps build scripts and proc macros uninstrumented; the standard library is not rebuilt, which
# AddressSanitizer does not need. The build is optimised a little (opt-level 1, debug assertions
# and overflow checks still on): unoptimised code under the sanitizer made the playbook
# verification tests take minutes instead of seconds. The model test runs ASAN_PROPTEST_CASES
# cases and the soak test ASAN_SOAK_ACTIONS actions (`make test` runs both at their usual sizes
# without the sanitizer). One leak is deliberate and suppressed: a panic payload whose `Drop`
# panics again is forgotten rather than dropped (ffi/src/panic.rs), and one unit test does exactly
# that with `PanicsOnDrop`.
RUST_HOST := $(shell rustc -vV 2>/dev/null | sed -n 's/^host: //p')
ASAN_PROPTEST_CASES ?= 100
ASAN_SOAK_ACTIONS ?= 5000
ASAN_DIR := target/asan

## The core and C ABI Rust tests under AddressSanitizer (not part of `test`: a separate build).
test-asan:
	@mkdir -p $(ASAN_DIR)
	@echo 'leak:PanicsOnDrop' > $(ASAN_DIR)/lsan.supp
	RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Zsanitizer=address RUSTDOCFLAGS=-Zsanitizer=address \
	CARGO_PROFILE_DEV_OPT_LEVEL=1 CARGO_PROFILE_TEST_OPT_LEVEL=1 \
	ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(abspath $(ASAN_DIR))/lsan.supp \
	PROPTEST_CASES=$(ASAN_PROPTEST_CASES) AMENDS_SOAK_ACTIONS=$(ASAN_SOAK_ACTIONS) \
	$(CARGO) test -p amends -p amends-ffi --target $(RUST_HOST) --target-dir $(ASAN_DIR) --locked

# miri over the C ABI crate's unit tests (where its `unsafe` is), when a nightly toolchain with
# miri is installed (asked through rustup's `cargo +toolchain`); skipped with a note otherwise. The
# tests are small, so the run is bounded.
MIRI_TOOLCHAIN ?= nightly
MIRIFLAGS ?= -Zmiri-strict-provenance

## The C ABI's unit tests under miri, if `cargo +nightly miri` is installed.
test-miri:
	@if cargo +$(MIRI_TOOLCHAIN) miri --version >/dev/null 2>&1; then \
		echo "MIRIFLAGS='$(MIRIFLAGS)' cargo +$(MIRI_TOOLCHAIN) miri test -p amends-ffi --lib"; \
		MIRIFLAGS='$(MIRIFLAGS)' cargo +$(MIRI_TOOLCHAIN) miri test -p amends-ffi --lib; \
	else \
		echo "test-miri: skipped: no miri for the $(MIRI_TOOLCHAIN) toolchain" \
			"(rustup component add --toolchain $(MIRI_TOOLCHAIN) miri)"; \
	fi

## The soak test at full size (not part of `test`, which runs it at 40,000 actions).
soak:
	AMENDS_SOAK_ACTIONS=1000000 $(CARGO) test --release --locked -p amends --test soak -- --nocapture
