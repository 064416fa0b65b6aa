# Sourced by the whole-process benchmarks: a temporary work directory, processes stopped on exit, and the simulated
# dcgm-exporter fleet of ~100,000 series on loopback (the bench100k preset), listed in "$work/targets.json".
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/obs-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$root/obs" help >/dev/null   # builds once, outside the measurement
dll="$root/.obs/bin/obs.dll"

start_fleet() {
  dotnet "$dll" simulate --preset bench100k --only dcgm --file-sd "$work/targets.json" --quiet >"$work/sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 60); do [[ -s "$work/targets.json" ]] && break; sleep 1; done
  [[ -s "$work/targets.json" ]] || { cat "$work/sim.log"; echo "simulator did not start" >&2; exit 1; }
}
