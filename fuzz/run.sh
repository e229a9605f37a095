#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on any crash, hang or memory blow-up.
#
#   fuzz/run.sh                      # each target for 60 s (CI)
#   FUZZ_SECONDS=600 fuzz/run.sh apply_action complaint_json
#
# Installs the pinned cargo-fuzz when it is missing. libFuzzer needs unstable compiler flags, which
# RUSTC_BOOTSTRAP=1 allows on the stable toolchain. The core forbids unsafe code, so the targets
# build without AddressSanitizer by default (it halves the executions per second);
# FUZZ_SANITIZER=address turns it on. New inputs go to fuzz/target/corpus/<target>
# (not committed); the committed seeds in fuzz/corpus/<target> and the regression inputs in
# core/tests/fuzz/<target> are read, never written. A crash leaves its input in
# fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1

if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

targets=("$@")
if ((${#targets[@]} == 0)); then
    mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build --sanitizer "$sanitizer"
for target in "${targets[@]}"; do
    work="fuzz/target/corpus/$target"
    mkdir -p "$work"
    corpora=("$work" "fuzz/corpus/$target")
    options=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
    if [[ "$target" != action_sequence ]]; then
        # The JSON targets: the vocabulary, and the crash inputs kept as regression tests.
        options+=(-dict=fuzz/dict/amends.dict)
        if [[ -d "core/tests/fuzz/$target" ]]; then
            corpora+=("core/tests/fuzz/$target")
        fi
    fi
    echo "== $target: ${seconds}s"
    cargo fuzz run --sanitizer "$sanitizer" "$target" "${corpora[@]}" -- "${options[@]}"
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"
