#!/usr/bin/env bash
# The whole `perfmap --json` process (load + every analysis) on a 1.7M-row
# capture against the original's pandas analysis of the same cdict, in the same run.
# The capture is the messaging capture of perfcap-vs-perf-script.sh, replicated ×10 in time.
# PERFMAP=<binary> times another build (a copy of an earlier one: before/after).
#   bench/perfmap-vs-pandas.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
prepare_replicated_capture "$work"
perfmap=("${PERFMAP:-$root/bin/perfmap}" "$big" -t '.*' --json "$work/messaging-x10.json")


pandas_line=$(/usr/bin/python3 "$root/bench/pandas_peer.py" "$big")
pandas_total=$(sed -n 's/.*total \([0-9.]*\) s/\1/p' <<<"$pandas_line")
perfmap_time=$(best_time "${perfmap[@]}")
peak_kb=$(peak_kb "${perfmap[@]}")
rows=$(/usr/bin/python3 -c "import sys,zlib,msgpack; d=msgpack.unpackb(zlib.decompress(open(sys.argv[1],'rb').read()),strict_map_key=False); print(len(d['event']))" "$big")
# Decoded columns: kind 1, cpu 4, time 8, pid 4, task 4, duration 8, next pid 4, next task 4,
# exit reason 4, prev state 4 bytes a row (wakeups, stored beside them, not counted).
columns_kb=$((rows * 45 / 1024))

echo "capture:            $rows rows ($big)"
echo "pandas (original):  $pandas_line"
echo "perfmap --json:     ${perfmap_time} s (whole process, best of $runs)"
awk -v a="$pandas_total" -v b="$perfmap_time" 'BEGIN { printf "speed-up:           %.1fx faster than pandas load + analysis (target >= 10x, i.e. <= 0.45 s vs the 4.4 s measured for the issue)\n", a / b }'
echo "peak memory:        $((peak_kb / 1024)) MiB RSS; decoded columns $((columns_kb / 1024)) MiB"
awk -v p="$peak_kb" -v c="$columns_kb" 'BEGIN { printf "memory ratio:       %.1fx the decoded columns (target < 3x)\n", p / c }'
