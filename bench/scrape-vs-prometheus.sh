#!/usr/bin/env bash
# Whole-process comparison: `obs run` (embedded DuckDB store writing) and Debian's Prometheus
# scrape the same simulated dcgm-exporter fleet (~100,000 series on loopback, 5 s interval) in
# the same run. Reports CPU microseconds per scraped sample and resident memory for both.
#
#   bench/scrape-vs-prometheus.sh [WARMUP_SECONDS=60] [MEASURE_SECONDS=180]
#
# OBS_TUNED=1 runs obs with the settings a single-node collector would use on loopback:
# no gzip (Scrape.EnableCompression=false) and one DuckDB worker thread (Store.Threads=1).
# OBS_MEMORY_LIMIT=64MB (for example) also caps DuckDB's buffer pool (Store.MemoryLimit).
# OBS_STORE_SETTINGS='{"checkpoint_threshold": "16MB"}' (for example) passes DuckDB options (Store.Settings).
set -euo pipefail
warmup="${1:-60}"; measure="${2:-180}"
command -v prometheus >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
source "$(dirname "${BASH_SOURCE[0]}")/bench-fleet.sh"
clk=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
metric() { curl -s "$1" | awk -v m="$2" '$1 == m || index($1, m"{") == 1 {s += $2} END {printf "%.0f", s}'; }

# 1. The fleet: dcgm-exporter endpoints for ~100k series, listed in a file_sd file both scrapers read.
start_fleet

# 2. Prometheus 2.x, default settings, scraping only the fleet.
pport=$(free_port)
cat >"$work/prometheus.yml" <<YML
global: {scrape_interval: 5s, scrape_timeout: 5s}
scrape_configs:
  - job_name: dcgm
    file_sd_configs: [{files: ["$work/targets.json"]}]
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom-data" \
  --web.listen-address="127.0.0.1:$pport" --log.level=warn >"$work/prom.log" 2>&1 &
ppid=$!; pids+=($ppid)

# 3. obs run, same targets and interval, writing into the embedded store.
oport=$(free_port)
store_extra=""; scrape_extra=""; label="obs run (defaults)"
if [[ "${OBS_TUNED:-0}" == 1 ]]; then
  store_extra=', "Threads": 1'; scrape_extra=', "EnableCompression": false'; label="obs run (tuned)"
fi
if [[ -n "${OBS_MEMORY_LIMIT:-}" ]]; then
  store_extra="$store_extra, \"MemoryLimit\": \"$OBS_MEMORY_LIMIT\""; label="$label, $OBS_MEMORY_LIMIT"
fi
if [[ -n "${OBS_STORE_SETTINGS:-}" ]]; then
  store_extra="$store_extra, \"Settings\": $OBS_STORE_SETTINGS"; label="$label, settings"
fi
cat >"$work/obs.json" <<JSON
{
  "Store": {"Path": "$work/obs.duckdb" $store_extra},
  "Scrape": {"DefaultInterval": "5s", "DefaultTimeout": "5s", "FileSd": ["$work/targets.json"] $scrape_extra},
  "Http": {"Listen": "http://127.0.0.1:$oport"}
}
JSON
DOTNET_gcServer=0 dotnet "$dll" run --config "$work/obs.json" >"$work/obs.log" 2>&1 &
opid=$!; pids+=($opid)

echo "warming up for ${warmup}s..."
sleep "$warmup"
p0=$(metric "http://127.0.0.1:$pport/metrics" prometheus_tsdb_head_samples_appended_total); pc0=$(cpu_ticks $ppid)
o0=$(metric "http://127.0.0.1:$oport/metrics" obs_scrape_samples_total); oc0=$(cpu_ticks $opid)
prss=0; orss=0
for _ in $(seq "$measure"); do
  sleep 1
  r=$(rss_mb $ppid); (( r > prss )) && prss=$r
  r=$(rss_mb $opid); (( r > orss )) && orss=$r
done
p1=$(metric "http://127.0.0.1:$pport/metrics" prometheus_tsdb_head_samples_appended_total); pc1=$(cpu_ticks $ppid)
o1=$(metric "http://127.0.0.1:$oport/metrics" obs_scrape_samples_total); oc1=$(cpu_ticks $opid)

python3 - "$clk" "$p0" "$p1" "$pc0" "$pc1" "$prss" "$o0" "$o1" "$oc0" "$oc1" "$orss" "$measure" "$label" <<'PY'
import sys
label = sys.argv[13]
clk, p0, p1, pc0, pc1, prss, o0, o1, oc0, oc1, orss, secs = map(float, sys.argv[1:13])
def row(name, s0, s1, c0, c1, rss):
    samples = s1 - s0; cpu_us = (c1 - c0) / clk * 1e6
    per = cpu_us / samples if samples else float("nan")
    print(f"| {name:<22} | {samples/secs:>12,.0f} | {per:>14.3f} | {rss:>9.0f} |")
    return per
print(f"measured over {secs:.0f} s")
print("| process                | samples/s    | CPU µs/sample  | max RSS MB |")
print("|------------------------|-------------:|---------------:|-----------:|")
pp = row("prometheus 2.42", p0, p1, pc0, pc1, prss)
op = row(label, o0, o1, oc0, oc1, orss)
print(f"ratio obs/prometheus: CPU per sample {op/pp:.3f}x, memory {orss/prss:.3f}x")
PY
