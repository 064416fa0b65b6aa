#!/usr/bin/env bash
# Runs every test. Installs the real peers the tests talk to (Debian's prometheus: promtool and the server
# that remote-writes to the product; clickhouse-server and clickhouse-client; zookeeper for the ClickHouse
# cluster test) when missing, builds once, runs each test project, and ends with one "N passed, N failed" line.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if [[ ! -d "$root/../shared/fixtures" ]]; then
  echo "test.sh: ../shared/fixtures is missing beside the checkout; the conformance tests need it" >&2
  exit 1
fi

missing=()
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
[[ -x /usr/sbin/clickhouse-server ]] || missing+=(clickhouse-server)
command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
[[ -x /usr/share/zookeeper/bin/zkServer.sh ]] || missing+=(zookeeper)
if (( ${#missing[@]} )); then
  echo "test.sh: installing ${missing[*]} from Debian..."
  export DEBIAN_FRONTEND=noninteractive
  # Package scripts must not start system services: the tests start their own servers on loopback,
  # and a container has no init to start them with. policy-rc.d is Debian's switch for that.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  install_rc=$?
  (( made_policy )) && rm -f /usr/sbin/policy-rc.d
  if (( install_rc != 0 )); then
    echo "test.sh: could not install ${missing[*]}" >&2; exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Observability.sln -c Release -nologo -v quiet || exit 1

passed=0; failed=0; status=0
for project in tests/*/*.Tests.csproj; do
  log="$(mktemp)"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '(Passed|Failed)!' "$log" | tail -n 1)"
  p="$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line")"
  f="$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")"
  if [[ -z "$p" ]]; then
    echo "test.sh: $project reported no test results" >&2
    status=1
  fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  (( rc != 0 )) && status=1
  rm -f "$log"
done

echo "tests: $passed passed, $failed failed"
exit $status
