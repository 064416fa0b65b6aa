#!/usr/bin/env bash
# What a scrape costs outside the store, in parts: the simulated dcgm-exporter fleet of the whole-process comparison
# (~100,000 series on loopback, 5 s interval) scraped in three ways one after another in one process — a socket floor,
# obs's HttpClient fetch, and obs's fetch + parse + map — with the process's CPU per scrape and per sample for each.
#
#   bench/fetch-cost.sh [WARMUP_SECONDS=30] [MEASURE_SECONDS=60]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warmup="${1:-30}"; measure="${2:-60}"
work="$(mktemp -d /tmp/obs-fetch.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$root/obs" help >/dev/null   # builds once, outside the measurement
dotnet build -c Release -v q -nologo "$root/bench/FetchCost" >/dev/null
dotnet "$root/.obs/bin/obs.dll" simulate --preset bench100k --only dcgm --file-sd "$work/targets.json" --quiet >"$work/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do [[ -s "$work/targets.json" ]] && break; sleep 1; done
[[ -s "$work/targets.json" ]] || { cat "$work/sim.log"; echo "simulator did not start" >&2; exit 1; }
dotnet "$root/bench/FetchCost/bin/Release/net10.0/Observability.FetchCost.dll" --file-sd "$work/targets.json" --warmup "$warmup" --measure "$measure"
