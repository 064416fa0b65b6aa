#!/usr/bin/env bash
# What a scrape costs, in parts: the simulated dcgm-exporter fleet of the whole-process comparison (~100,000 series on
# loopback, 5 s interval) scraped in five ways one after another in one process — a socket floor, a minimal client on
# async sockets, obs's HttpClient fetch, obs's scrape scheduler (fetch + parse + map), and that with the rows written
# to the embedded DuckDB store — with the process's CPU per scrape and per sample for each.
#
#   bench/fetch-cost.sh [WARMUP_SECONDS=30] [MEASURE_SECONDS=60] [--modes floor,socket,http,scrape,store]
set -euo pipefail
warmup="${1:-30}"; measure="${2:-60}"
source "$(dirname "${BASH_SOURCE[0]}")/bench-fleet.sh"
dotnet build -c Release -v q -nologo "$root/bench/FetchCost" >/dev/null
start_fleet
dotnet "$root/bench/FetchCost/bin/Release/net10.0/Observability.FetchCost.dll" --file-sd "$work/targets.json" --warmup "$warmup" --measure "$measure" "${@:3}"
