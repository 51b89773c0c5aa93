#!/usr/bin/env bash
# Measures the README's figure: wall time from `dotnet run --project MediaAspire.AppHost` to the
# "MediaAspire is up (all resources healthy …)" line, then stops it with SIGTERM and waits until nothing of it is left
# (SIGTERM, not Ctrl+C's SIGINT: a script's background jobs start with SIGINT ignored).
#   scripts/measure-startup.sh [runs] [--fresh] [--cold]
#     --fresh  a new state directory every run (PostgreSQL's initdb included); default: one kept across runs,
#              first run not counted, as after a user's first ./run.sh
#     --cold   delete every bin/ and obj/ first, so the first run builds the solution
# Other ports than ./run.sh's (dashboard 28888-28890, services randomised by DCP), so it runs beside a real AppHost.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3; fresh=false; cold=false
for a in "$@"; do
  case "$a" in --fresh) fresh=true ;; --cold) cold=true ;; *) runs=$a ;; esac
done
if $cold; then find . -path ./tools -prune -o -type d \( -name bin -o -name obj \) -prune -print0 | xargs -0 rm -rf; fi

new_state() { local d; d=$(mktemp -d /tmp/mediaaspire-measure-XXXXXX); chmod 755 "$d"; echo "$d"; }
state=$(new_state)
measure() {
  local out start line end
  out=$(mktemp)
  start=$(date +%s.%N)
  ASPNETCORE_URLS=http://localhost:28888 ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:28889 \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:28890 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_ENVIRONMENT=Development \
    setsid dotnet run --project MediaAspire.AppHost --no-launch-profile -- --StateDirectory="$1" --DcpPublisher:RandomizePorts=true >"$out" 2>&1 &
  local pid=$!
  until line=$(grep -m1 'MediaAspire is up' "$out"); do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$out" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s.%N)
  kill -TERM -- "-$pid"; wait "$pid" || true
  # PostgreSQL names the state directory on its command line; it is the last to stop.
  while pgrep -f -- "$1" >/dev/null; do sleep 0.1; done
  printf '%6.1f s  (%s)\n' "$(echo "$end - $start" | bc)" "$(echo "$line" | grep -o 'healthy in [0-9.]* s')"
  rm -f "$out"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
if $cold; then echo -n "cold build + first start: "; measure "$state"; elif ! $fresh; then measure "$state" >/dev/null; fi
for _ in $(seq "$runs"); do
  if $fresh; then rm -rf "$state"; state=$(new_state); fi
  measure "$state"
done
rm -rf "$state"
