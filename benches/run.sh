#!/usr/bin/env bash
# Runs every benchmark of the `amends` crate and prints a summary table of the figures.
#
#   benches/run.sh                  # everything
#   benches/run.sh --quick          # extra arguments go to criterion (workflow bench only)
#
# The throughput figures come from criterion's estimates (target/criterion/<group>/<bench>/new/
# estimates.json: the slope when criterion fitted one, else the mean), the memory figure from the
# memory benches' `memory.bytes_per_complaint=` and `ledger_memory.bytes_per_complaint_1m=` lines.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
criterion="${CRITERION_HOME:-$target/criterion}"

stamp="$(mktemp)"
memory_out="$(mktemp)"
ledger_memory_out="$(mktemp)"
trap 'rm -f "$stamp" "$memory_out" "$ledger_memory_out"' EXIT

cargo bench -p amends --bench workflow -- "$@"
cargo bench -p amends --bench memory | tee "$memory_out"
cargo bench -p amends --bench ledger
cargo bench -p amends --bench ledger_memory | tee "$ledger_memory_out"
cargo bench -p amends --bench verify

# typical_ns <group/bench>: criterion's typical time per iteration in ns, empty when this run did
# not measure the benchmark.
typical_ns() {
    local file="$criterion/$1/new/estimates.json"
    [[ -f "$file" && "$file" -nt "$stamp" ]] || return 0
    local json
    json="$(tr -d ' \n' <"$file")"
    local number='"point_estimate":([-0-9.eE+]+)'
    local slope mean
    slope="$(sed -nE 's/.*"slope":\{"confidence_interval":\{[^}]*\},'"$number"'.*/\1/p' <<<"$json")"
    mean="$(sed -nE 's/.*"mean":\{"confidence_interval":\{[^}]*\},'"$number"'.*/\1/p' <<<"$json")"
    echo "${slope:-$mean}"
}

# per_second <ns per iteration> <elements per iteration>
per_second() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.0f", n * 1e9 / ns }'; }
# at_least <value> <goal>: "met" or "MISSED"
at_least() { awk -v v="$1" -v g="$2" 'BEGIN { print (v >= g) ? "met" : "MISSED" }'; }
at_most() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "MISSED" }'; }
duration() {
    awk -v ns="$1" 'BEGIN { if (ns >= 1e6) printf "%.2f ms", ns / 1e6; else printf "%.3f us", ns / 1e3 }'
}

row() { printf '%-30s %16s %22s %18s  %s\n' "$@"; }

echo
echo "Summary"
row "benchmark" "time/iteration" "figure" "goal" "status"
row "---------" "--------------" "------" "----" "------"

scenario_ns="$(typical_ns scenario/amends)"
baseline_ns="$(typical_ns scenario/enum_match_baseline)"
json_ns="$(typical_ns json/open_json_apply_json)"
replay_ns="$(typical_ns replay/100k_complaints)"

if [[ -n "$scenario_ns" ]]; then
    row "scenario/amends" "$(duration "$scenario_ns")" "$(per_second "$scenario_ns" 16) actions/s" "" ""
fi
if [[ -n "$baseline_ns" ]]; then
    row "scenario/enum_match_baseline" "$(duration "$baseline_ns")" "$(per_second "$baseline_ns" 16) actions/s" "" ""
fi
if [[ -n "$scenario_ns" && -n "$baseline_ns" ]]; then
    ratio="$(awk -v a="$scenario_ns" -v b="$baseline_ns" 'BEGIN { printf "%.3f", b / a }')"
    row "ratio amends/baseline" "" "${ratio}x" ">= 0.5x" "$(at_least "$ratio" 0.5)"
fi
if [[ -n "$json_ns" ]]; then
    json_rate="$(per_second "$json_ns" 16)"
    row "json/open_json_apply_json" "$(duration "$json_ns")" "$json_rate actions/s" ">= 1000000/s" \
        "$(at_least "$json_rate" 1000000)"
fi
if [[ -n "$replay_ns" ]]; then
    replay_rate="$(per_second "$replay_ns" 1500000)"
    row "replay/100k_complaints" "$(duration "$replay_ns")" "$replay_rate events/s" ">= 5000000/s" \
        "$(at_least "$replay_rate" 5000000)"
fi
bytes="$(sed -nE 's/^memory\.bytes_per_complaint=([0-9.]+)$/\1/p' "$memory_out")"
if [[ -n "$bytes" ]]; then
    row "memory/completed_complaint" "" "$bytes B/complaint" "<= 2048 B" "$(at_most "$bytes" 2048)"
fi
review_ns="$(typical_ns ledger_review_1m)"
if [[ -n "$review_ns" ]]; then
    row "ledger/review_1m" "$(duration "$review_ns")" "1000000 complaints" "< 2 s" \
        "$(awk -v ns="$review_ns" 'BEGIN { print (ns < 2e9) ? "met" : "MISSED" }')"
fi
ledger_bytes="$(sed -nE 's/^ledger_memory\.bytes_per_complaint_1m=([0-9.]+)$/\1/p' "$ledger_memory_out")"
if [[ -n "$ledger_bytes" ]]; then
    row "ledger_memory/1m_complaints" "" "$ledger_bytes B/complaint" "linear" ""
fi
for preset in strict seven_step make_it_right think_first sorry_first active_listening; do
    verify_ns="$(typical_ns "verify_$preset")"
    if [[ -n "$verify_ns" ]]; then
        row "verify/$preset" "$(duration "$verify_ns")" "" "" ""
    fi
done
