#!/usr/bin/env bash
# The whole `perfcap --use-perf-data` process against its peers on the same captures, in the same
# run: `perf script` (every event as text) and `perf sched latency` (against `perfcap --all`, which
# also writes the .stats latency tables), and perfcap's peak memory against the columns it keeps.
# Each size is a messaging capture recorded under `perf record -a -e 'sched:*'` and cached in
# bench/work (root + perf); it is named by its loop count: 2000 makes 50-75 MB, 14000 290-480 MB,
# 80000 about 1.5 GB and 110000 2-3 GB (the size follows the machine's load while recording;
# minutes to record on 2 cores; perf script then takes minutes, so a capture over 1 GB runs each
# peer once).
#   bench/perfcap-vs-perf-script.sh [runs] [loops...]     (default: 5 runs, 2000 loops)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
shift || true
sizes=("${@:-2000}")
mkdir -p "$work"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"

perfcap_exe=$(built_tool perfcap) # built before timing

for loops in "${sizes[@]}"; do
    if [[ "$loops" == 2000 ]]; then capture="$work/messaging.perf.data"; else capture="$work/messaging-l$loops.perf.data"; fi
    ensure_messaging_capture "$capture" "$loops"
    bytes=$(stat -L -c %s "$capture")
    peer_runs=$runs
    if (( bytes > 1 << 30 )); then peer_runs=1; fi

    perfcap=("$perfcap_exe" --use-perf-data "$capture" --dest-folder "$work" --force bench)
    perfcap_all=("$perfcap_exe" --all --use-perf-data "$capture" --dest-folder "$work" --force bench)
    read_bytes=$(best_time cat "$capture")
    perf_script=$(runs=$peer_runs best_time perf script -i "$capture")
    perfcap_time=$(best_time "${perfcap[@]}")
    sched_latency=$(runs=$peer_runs best_time perf sched latency -i "$capture")
    perfcap_all_time=$(best_time "${perfcap_all[@]}")
    # Peak memory, and CPU time: on a shared machine, where each session gets its share of the
    # cores (autogroup), wall time hides what a free second core would give.
    read -r peak_kb cpu_seconds < <( { /usr/bin/time -f '%M %U %S' "${perfcap[@]}" >/dev/null; } 2>&1 | tail -1 | awk '{ printf "%d %.2f\n", $1, $2 + $3 }')
    summary=$("${perfcap[@]}")
    rows=$(sed -n 's/.*: \([0-9,]*\) rows, \([0-9,]*\) wakeups.*/\1 \2/p' <<<"$summary" | tr -d ,)
    # Bytes per row of the kept columns: events (kind 1, cpu 4, time 8, pid 4, task 4, duration 8,
    # next pid 4, next task 4, exit reason 4) and wakeups (kind 1, time 8, cpu 4, pid 4, task 4, target 4).
    columns_kb=$(awk -v r="$rows" 'BEGIN { split(r, n, " "); printf "%d", (n[1] * 41 + n[2] * 25) / 1024 }')

    echo "capture:            $(du -hL "$capture" | cut -f1) ($capture)"
    echo "$summary" | grep -E '^Wrote'
    echo "read the bytes:     ${read_bytes} s"
    echo "perf script:        ${perf_script} s (best of $peer_runs)"
    echo "perfcap:            ${perfcap_time} s (whole process, best of $runs; ${cpu_seconds} s of CPU, user + sys)"
    awk -v a="$perf_script" -v b="$perfcap_time" 'BEGIN { printf "speed-up:           %.1fx faster than perf script (target >= 20x)\n", a / b }'
    echo "perf sched latency: ${sched_latency} s (best of $peer_runs)"
    echo "perfcap --all:      ${perfcap_all_time} s (cdict and .stats)"
    awk -v a="$sched_latency" -v b="$perfcap_all_time" 'BEGIN { printf "speed-up:           %.1fx faster than perf sched latency (target >= 3x)\n", a / b }'
    echo "peak memory:        $((peak_kb / 1024)) MiB RSS; kept columns $((columns_kb / 1024)) MiB"
    awk -v p="$peak_kb" -v c="$columns_kb" 'BEGIN { printf "memory:             %.0f MiB allowed (1.5x the kept columns + 32 MiB): %s\n", (1.5 * c + 32768) / 1024, p <= 1.5 * c + 32768 ? "within" : "OVER" }'
done
