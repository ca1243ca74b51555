#!/usr/bin/env bash
# The runs behind docs/load-baseline.md, one after the other on this machine's two cores: the portal pinned to core 1,
# the load generator to core 0 (taskset). Each portal runs on a throwaway data folder under $OUT with a throwaway
# admin password. Steps: float32 collection preloaded to 100k vectors (resident memory before and after), vector search
# through the API (closed loop) and the bare HNSW index on one core, twice, alternating; the seed scenario with the
# limits lifted; ingestion through the API against the bare embedder; bfloat16 memory; the seed scenario with the
# configured limits. Reports (JSON and markdown) and a summary land in $OUT.
#   bash scripts/load-baseline.sh            # all steps (about 30 min on two busy cores)
#   STEPS="limits" bash scripts/load-baseline.sh
#   REALTIME=1 bash scripts/load-baseline.sh        # portal, generator and bare index at real-time priority
#                                                   # (chrt -r 10, needs root): on a machine shared with builds,
#                                                   # they then get their pinned core as on a quiet machine
#   STEPS="pairs" BEFORE_PORTAL=DLL bash ...        # the seed scenario, another build against this one, alternating
#   STEPS="million" bash scripts/load-baseline.sh   # resident memory of a 1M-vector index, float32 and bfloat16
#                                                   # (built in process by `fill`, loaded by bare-search)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/ragmemory-load}
port=${PORT:-5320}
url=http://127.0.0.1:$port
vectors=${VECTORS:-100000}
seed_duration=${SEED_DURATION:-5m}
steps=${STEPS:-"float32 ingest bfloat16 limits"}
mkdir -p "$out"
summary=$out/summary.txt
RAGMEMORY_LOAD_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
export RAGMEMORY_LOAD_PASSWORD

(cd "$root" && dotnet build -c Release load/LoadTest -v q -nologo | tail -2)
portal_dll=$root/src/Portal/bin/Release/net10.0/RagMemory.Portal.dll
tool_dll=$root/load/LoadTest/bin/Release/net10.0/RagMemory.LoadTest.dll
lifted=()
for policy in token ingest upsert graph-write search graph-read generate; do
    lifted+=("--RateLimiting:Policies:$policy:PermitLimit" 1000000)
done

rt=()
if [[ -n "${REALTIME:-}" ]]; then
    rt=(chrt -r 10)
fi

note() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) | $*" | tee -a "$summary"; }
start_portal() { # data folder, then configuration options; PORTAL_DLL picks another build
    local data=$1
    shift
    "${rt[@]}" taskset -c 1 dotnet "${PORTAL_DLL:-$portal_dll}" --urls "$url" --Storage:DataDirectory "$data" \
        --Identity:BootstrapAdminPassword "$RAGMEMORY_LOAD_PASSWORD" "$@" >> "$out/portal.log" 2>&1 &
    echo $! > "$out/portal.pid"
    until curl -sf "$url/health/live" > /dev/null; do sleep 1; done
}
stop_portal() { # SIGTERM: a graceful stop, which saves the HNSW index file (a background job ignores SIGINT)
    local pid
    pid=$(cat "$out/portal.pid")
    kill -TERM "$pid"
    while kill -0 "$pid" 2> /dev/null; do sleep 1; done
}
rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$out/portal.pid")/status"; }
load_tool() { "${rt[@]}" taskset -c 0 dotnet "$tool_dll" "$@" --url "$url"; }

memory_at_100k() { # storage name, data folder
    local storage=$1 data=$2
    start_portal "$data" "${lifted[@]}" --Vectors:Storage "$storage"
    note "$storage: portal started empty, RSS $(rss_mib) MiB"
    load_tool preload --vectors "$vectors" | tail -1 | tee -a "$summary"
    note "$storage: after preloading $vectors vectors, RSS $(rss_mib) MiB"
    stop_portal
    start_portal "$data" "${lifted[@]}" --Vectors:Storage "$storage"
    load_tool search --mode closed --users 1 --ramp 0 --duration 5s --as-client --report "$out/warm-$storage" > /dev/null
    note "$storage: restarted on the saved index and warmed, RSS $(rss_mib) MiB; data folder $(du -sm "$data" | cut -f1) MiB, index file $(du -m "$data/vectors.usearch" | cut -f1) MiB"
}

if [[ " $steps " == *" float32 "* ]]; then
    memory_at_100k Float32 "$out/float32"
    for round in 1 2; do
        load_tool search --mode closed --users 8 --ramp 0 --duration "${SEARCH_DURATION:-30s}" --as-client --report "$out/search-$round" | tail -12
        note "API vector search, round $round: $(grep -o '| vector_search | [^|]* | [^|]*' "$out/search-$round.md")"
        "${rt[@]}" taskset -c 1 dotnet "$tool_dll" bare-search --index "$out/float32/vectors.usearch" --threads 1 --duration "${SEARCH_DURATION:-30s}" --report "$out/bare-$round" | tee -a "$summary"
        if [[ -n "${BEFORE_PORTAL:-}" ]]; then # the same search against another build of the portal (before a fix), same data
            stop_portal
            PORTAL_DLL=$BEFORE_PORTAL start_portal "$out/float32" "${lifted[@]}"
            load_tool search --mode closed --users 8 --ramp 0 --duration "${SEARCH_DURATION:-30s}" --as-client --report "$out/search-before-$round" | tail -12
            note "API vector search on $BEFORE_PORTAL, round $round: $(grep -o '| vector_search | [^|]* | [^|]*' "$out/search-before-$round.md")"
            stop_portal
            start_portal "$out/float32" "${lifted[@]}"
        fi
    done
    load_tool seed --users 100 --ramp 10 --duration "$seed_duration" --as-client --report "$out/seed" | tail -14
    note "seed scenario done: $out/seed.md"
    stop_portal
fi

if [[ " $steps " == *" ingest "* ]]; then
    start_portal "$out/ingest" "${lifted[@]}"
    # Both sides on core 1: the portal's ingestion worker, then this process's embedder, block by block.
    "${rt[@]}" taskset -c 1 dotnet "$tool_dll" ingest --texts "${INGEST_TEXTS:-120}" --blocks 4 --url "$url" | tail -1 | tee -a "$summary"
    stop_portal
fi

if [[ " $steps " == *" bfloat16 "* ]]; then
    memory_at_100k BFloat16 "$out/bfloat16"
    stop_portal
fi

if [[ " $steps " == *" pairs "* ]]; then # the seed scenario on BEFORE_PORTAL and this build, alternating, on the float32 folder
    for round in 1 2; do
        for build in before this; do
            if [[ $build == before ]]; then
                PORTAL_DLL=${BEFORE_PORTAL:?pairs needs BEFORE_PORTAL} start_portal "$out/float32" "${lifted[@]}"
            else
                start_portal "$out/float32" "${lifted[@]}"
            fi
            load_tool seed --users 100 --ramp 10 --duration "${PAIR_DURATION:-2m}" --as-client --report "$out/pair-$build-$round" > /dev/null
            note "seed pair $round, $build: $(grep -o '| vector_search | [^|]* | [^|]* | [^|]* | [^|]* | [^|]* | [^|]* | [^|]*' "$out/pair-$build-$round.md")"
            stop_portal
        done
    done
fi

if [[ " $steps " == *" million "* ]]; then # the index alone (a million rows into SQLite take this disk an hour)
    for storage in Float32 BFloat16; do
        index=$out/million-$storage.usearch
        taskset -c 0 dotnet "$tool_dll" fill --index "$index" --vectors "${MILLION:-1000000}" --storage "$storage" | tail -1 | tee -a "$summary"
        note "$storage: $(taskset -c 0 dotnet "$tool_dll" bare-search --index "$index" --duration 5s | head -1); index file $(du -m "$index" | cut -f1) MiB"
    done
fi

if [[ " $steps " == *" limits "* ]]; then
    start_portal "$out/limits"
    load_tool seed --users 100 --ramp 10 --duration "${LIMITS_DURATION:-3m}" --as-client --report "$out/limits" | tail -24 || true
    note "seed scenario with the configured limits done: $out/limits.md"
    stop_portal
fi
