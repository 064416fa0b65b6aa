#!/usr/bin/env bash
# Rows per second the product writes into ClickHouse's GPU table (ClickHouseTelemetryStore.WriteAsync:
# Native blocks over HTTP) against clickhouse-client inserting the same rows from TabSeparated text into the same
# kind of table, in the same run on a private clickhouse-server. Prints both figures and the ratio.
#
#   bench/clickhouse-vs-client.sh [ROWS=1000000] [ROUNDS=3] [BATCH_ROWS=100000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
missing=()
[[ -x /usr/sbin/clickhouse-server ]] || missing+=(clickhouse-server)
command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
if (( ${#missing[@]} )); then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet build "$root/bench/ClickHouseIngest/ClickHouseIngest.csproj" -c Release -nologo -v quiet
exec dotnet "$root/bench/ClickHouseIngest/bin/Release/net10.0/Observability.ClickHouseIngestBench.dll" "$@"
