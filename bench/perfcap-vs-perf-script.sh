#!/usr/bin/env bash
# The whole `perfcap --use-perf-data` process against `perf script` on the
# same large capture, in the same run. Records the capture first if it is not there (root + perf).
#   bench/perfcap-vs-perf-script.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
capture="$work/messaging.perf.data"
runs="${1:-5}"
mkdir -p "$work"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"

ensure_messaging_capture "$capture"

"$root/bin/perfcap" --help >/dev/null # build before timing


perfcap=("$root/bin/perfcap" --use-perf-data "$capture" --dest-folder "$work" --force bench)
read_bytes=$(best_time cat "$capture")
perf_script=$(best_time perf script -i "$capture")
perfcap_time=$(best_time "${perfcap[@]}")
peak_kb=$( { /usr/bin/time -f '%M' "${perfcap[@]}" >/dev/null; } 2>&1 | tail -1)
summary=$("${perfcap[@]}")
rows=$(sed -n 's/.*: \([0-9,]*\) rows, \([0-9,]*\) wakeups.*/\1 \2/p' <<<"$summary" | tr -d ,)
# Bytes per row of the kept columns: events (kind 1, cpu 4, time 8, pid 4, task 4, duration 8,
# next pid 4, next task 4, exit reason 4) and wakeups (kind 1, time 8, cpu 4, pid 4, task 4, target 4).
columns_kb=$(awk -v r="$rows" 'BEGIN { split(r, n, " "); printf "%d", (n[1] * 41 + n[2] * 25) / 1024 }')

echo "capture:            $(du -hL "$capture" | cut -f1) ($capture)"
echo "$summary" | grep -E '^Wrote'
echo "read the bytes:     ${read_bytes} s"
echo "perf script:        ${perf_script} s"
echo "perfcap:            ${perfcap_time} s (whole process, best of $runs)"
awk -v a="$perf_script" -v b="$perfcap_time" 'BEGIN { printf "speed-up:           %.1fx faster than perf script (target >= 15x)\n", a / b }'
echo "peak memory:        $((peak_kb / 1024)) MiB RSS; kept columns $((columns_kb / 1024)) MiB"
awk -v p="$peak_kb" -v c="$columns_kb" 'BEGIN { printf "memory ratio:       %.1fx the kept columns (target < 3x)\n", p / c }'
