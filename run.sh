#!/usr/bin/env bash
# Runs MediaAspire on this machine: PostgreSQL, Redis, the API and the GPU worker, composed by the AppHost.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
scripts/fetch-models.sh
scripts/build-web.sh
exec dotnet run --project MediaAspire.AppHost -- "$@"
