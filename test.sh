#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, Redis and ffmpeg (installed first if missing).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh --tests
scripts/fetch-models.sh
scripts/install-node-tools.sh
scripts/build-web.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test MediaAspire.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "N passed, N failed".
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1)
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | grep -Eo 'Failed: +[0-9]+' | grep -Eo '[0-9]+')
  passed=$(echo "$summary" | grep -Eo 'Passed: +[0-9]+' | grep -Eo '[0-9]+')
  echo "$passed passed, $failed failed"
fi
exit "$status"
