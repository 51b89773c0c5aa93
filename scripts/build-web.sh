#!/usr/bin/env bash
# Builds the web UI (web/) into MediaAspire.Api/wwwroot, which the API serves at /: `npm ci` from web/package-lock.json
# (registry integrity hashes), then `npm run build` (the typed API client generated from web/openapi.json by
# openapi-typescript, tsc, vite build), all offline after the install. Nothing is fetched at run time.
# Idempotent: skipped when the sources are unchanged since the last build.
set -euo pipefail
cd "$(dirname "$0")/../web"
out=../MediaAspire.Api/wwwroot
stamp_file=node_modules/.mediaaspire-build
stamp=$( { cat package.json package-lock.json openapi.json index.html vite.config.ts tsconfig.json; find src -type f ! -name schema.d.ts | sort | xargs cat; } | sha256sum | cut -c1-64)
if [ -f "$out/index.html" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "Building the web UI into MediaAspire.Api/wwwroot"
npm run build --silent >/dev/null
echo "$stamp" > "$stamp_file"
