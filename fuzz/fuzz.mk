# Fuzzing (not part of `test`: it installs cargo-fuzz and builds with libFuzzer): see fuzz/README.md.
FUZZ_SECONDS ?= 60

.PHONY: fuzz

## Every fuzz target for FUZZ_SECONDS seconds (60); fails on any crash, hang or memory blow-up.
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh
