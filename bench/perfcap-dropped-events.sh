#!/usr/bin/env bash
# perfcap on a capture where over 90 % of the events are ones it drops: memory must follow what is
# kept, not the input size. The capture (cached in bench/work; root + perf) records the scheduler
# tracepoints perfcap keeps beside every system call (raw_syscalls:*) of `perf bench sched
# messaging`; on 2 cores perf's buffers overflow at times, which the summary reports as lost.
# Reports perfcap's peak memory against its bound (1.5x the kept columns + 32 MiB) and against the
# file's size, and its time against `perf script` on the same capture, in the same run.
#   bench/perfcap-dropped-events.sh [runs]     (default: 3 runs)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-3}"
mkdir -p "$work"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"

capture="$work/messaging-syscalls.perf.data"
if [[ ! -f "$capture" ]]; then
    echo "recording $capture (perf bench sched messaging -g 5 -l 1000 with raw_syscalls:*)..." >&2
    perf record -q -m 16M -a -e sched:sched_switch -e sched:sched_stat_runtime -e sched:sched_wakeup -e 'raw_syscalls:*' \
        -o "$capture" -- perf bench sched messaging -g 5 -l 1000 >/dev/null
fi

"$root/bin/perfcap" --help >/dev/null # build before timing
perfcap=("$root/bin/perfcap" --use-perf-data "$capture" --dest-folder "$work" --force dropped)
summary=$("${perfcap[@]}")
kept=$(awk '/^Kept:/ { on = 1; next } /^Dropped/ { on = 0 } on { gsub(",", "", $1); sum += $1 } END { print sum + 0 }' <<<"$summary")
dropped=$(awk '/^Dropped/ { on = 1; next } /^[A-Z]/ { on = 0 } on { gsub(",", "", $1); sum += $1 } END { print sum + 0 }' <<<"$summary")
rows=$(sed -n 's/.*: \([0-9,]*\) rows, \([0-9,]*\) wakeups.*/\1 \2/p' <<<"$summary" | tr -d ,)
# Bytes per row of the kept columns, as in perfcap-vs-perf-script.sh.
columns_kb=$(awk -v r="$rows" 'BEGIN { split(r, n, " "); printf "%d", (n[1] * 41 + n[2] * 25) / 1024 }')
peak=$(peak_kb "${perfcap[@]}")
perf_script=$(best_time perf script -i "$capture")
perfcap_time=$(best_time "${perfcap[@]}")
bytes=$(stat -L -c %s "$capture")

echo "capture:        $(du -hL "$capture" | cut -f1) ($capture)"
awk -v k="$kept" -v d="$dropped" 'BEGIN { printf "events:         %d kept, %d dropped (%.1f %% dropped)\n", k, d, 100 * d / (k + d) }'
echo "$summary" | grep -E '^(Lost|Wrote)'
echo "peak memory:    $((peak / 1024)) MiB RSS; kept columns $((columns_kb / 1024)) MiB; the file $((bytes >> 20)) MiB"
awk -v p="$peak" -v c="$columns_kb" 'BEGIN { printf "memory:         %.0f MiB allowed (1.5x the kept columns + 32 MiB): %s\n", (1.5 * c + 32768) / 1024, p <= 1.5 * c + 32768 ? "within" : "OVER" }'
echo "perf script:    ${perf_script} s (best of $runs)"
echo "perfcap:        ${perfcap_time} s (best of $runs)"
awk -v a="$perf_script" -v b="$perfcap_time" 'BEGIN { printf "speed-up:       %.1fx faster than perf script\n", a / b }'
