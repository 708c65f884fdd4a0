#!/usr/bin/env bash
# The exports on the 1.7M-row capture of perfmap-vs-pandas.sh: `perfmap --export-perfetto`
# and `--export-parquet` (whole process: load, export, files written), next to `perfmap --list`
# (the load alone), and the size of each output.
#   bench/perfmap-exports.sh [runs]
# First figures (2026-12-05, NativeAOT, this 2-core machine at load average 30-100): load 1.22 s,
# Perfetto 3.72 s for 142 MB (1.12M rows + 1.57M wakeups, ~53 bytes an event: names written out),
# Parquet 64.2 s for 7.4 MB: the Parquet path is the one to profile (string columns, zstd).
# Then (1.06M rows + 1.88M wakeups, NativeAOT, before and after back to back, CPU time as the
# wall time is mostly waiting for a core here): Parquet at zstd Optimal and without the per-row
# sorted map 23.5 -> 2.2 s user (wall 33.4 -> 3.8 s at load ~11), 7.7 -> 8.7 MB; Perfetto with
# compact_sched 159.6 -> 62.0 MB (54 -> 21 bytes an event), 1.07 -> 1.01 s user. (The figures in
# the Parquet commit came from a ReadyToRun build: the NativeAOT build had failed to restore.)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-3}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
prepare_replicated_capture "$work"
trace="$work/messaging-x10.perfetto-trace"
parquet="$work/messaging-x10-parquet"
load_time=$(best_time "$root/bin/perfmap" "$big" --list)
perfetto_time=$(best_time "$root/bin/perfmap" "$big" --export-perfetto "$trace")
# --export-parquet refuses an existing folder: each run starts without it.
parquet_time=$(best_time bash -c 'rm -rf "$2" && exec "$0" "$1" --export-parquet "$2"' "$root/bin/perfmap" "$big" "$parquet")

echo "capture:          $(stat -c %s "$big") bytes ($big)"
echo "perfmap --list:   ${load_time} s (the load alone, best of $runs)"
echo "--export-perfetto ${perfetto_time} s, $(stat -c %s "$trace") bytes"
echo "--export-parquet  ${parquet_time} s, $(du -cb "$parquet"/*.parquet | tail -n 1 | cut -f 1) bytes"
