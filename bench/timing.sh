# Shared by the benchmark scripts: best wall time of $runs runs of a command, in seconds.
best_time() {
    local best=""
    for _ in $(seq "$runs"); do
        local start end seconds
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }')
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; fi
    done
    echo "$best"
}

# The executable of a tool as a user runs it (what scripts/package packs), built first: bin/'s
# launcher also checks the sources for changes on every call, 2-5 ms that are no part of the tool.
built_tool() {
    "$root/bin/$1" --help >/dev/null
    if [[ -x "$root/artifacts/$1/$1" && ! -f "$root/artifacts/$1/$1.dll" ]]; then
        echo "$root/artifacts/$1/$1"
    else
        echo "$root/bin/$1" # the ReadyToRun fallback runs through the launcher
    fi
}

# Peak resident memory of one run of a command, in KiB (GNU time).
peak_kb() {
    { /usr/bin/time -f '%M' "$@" >/dev/null; } 2>&1 | tail -1
}

# Records the large messaging capture the benchmarks share, unless it is there (root + perf).
# An optional loop count makes a larger one: 2000 loops make 50-75 MB, 80000 about 1.5 GB.
ensure_messaging_capture() {
    local capture="$1" loops="${2:-2000}"
    if [[ ! -f "$capture" ]]; then
        echo "recording $capture (perf bench sched messaging -g 5 -l $loops under perf record -a -e 'sched:*')..." >&2
        perf record -q -a -e 'sched:*' -o "$capture" -- perf bench sched messaging -g 5 -l "$loops" >/dev/null
    fi
}

# Makes the replicated cdict, $copies (default 10) copies of the messaging capture one after the
# other (×10: ≈1.5M rows; ×24: ≈3.6M rows), unless it is there. The capture is recorded and
# converted only when neither the replicated nor the converted capture is there.
ensure_replicated_capture() {
    local work="$1" copies="${2:-10}"
    if [[ ! -f "$work/messaging-x$copies.cdict" ]]; then
        if [[ ! -f "$work/messaging.cdict" ]]; then
            ensure_messaging_capture "$work/messaging.perf.data"
            "$root/bin/perfcap" --use-perf-data "$work/messaging.perf.data" --dest-folder "$work" --force messaging >/dev/null
        fi
        dotnet run -c Release --project "$root/bench/CdictReplicator" -- "$work/messaging.cdict" "$work/messaging-x$copies.cdict" "$copies"
    fi
}

# The preamble of the perfmap benchmarks on a replicated capture (×10 unless told): makes it when
# it is missing, builds perfmap before anything is timed, and sets $big to the capture's path.
prepare_replicated_capture() {
    local work="$1" copies="${2:-10}"
    mkdir -p "$work"
    ensure_replicated_capture "$work" "$copies"
    "$root/bin/perfmap" --help >/dev/null
    big="$work/messaging-x$copies.cdict"
}

# The preamble of the benchmarks on two runs: the ×10 capture of prepare_replicated_capture as
# $base and a second one recorded the same way (in $work/second) as $other.
prepare_two_replicated_captures() {
    local work="$1"
    prepare_replicated_capture "$work"
    base="$big"
    mkdir -p "$work/second"
    ensure_replicated_capture "$work/second"
    other="$work/second/messaging-x10.cdict"
}
