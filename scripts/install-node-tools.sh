#!/usr/bin/env bash
# Installs the npm tools the tests use (tools/s3rver: a real S3-protocol server; tools/redocly: the OpenAPI linter
# the API's document is checked with), each pinned by its package-lock.json with registry integrity hashes.
# Idempotent: quiet when already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null; then
  echo "Installing Debian packages: nodejs npm"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

for tool in tools/s3rver tools/redocly; do
  if [ ! -f "$tool/node_modules/.package-lock.json" ] || [ "$tool/package-lock.json" -nt "$tool/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
  fi
done

# s3rver 3.7.1 answers ListObjects in the namespace "http://doc.s3.amazonaws.com/2006-03-01/"; real S3
# and MinIO use "http://s3.amazonaws.com/doc/2006-03-01/", and the Minio SDK's namespace-strict parser
# then sees an empty listing. Correct it to what real S3 sends (idempotent).
sed -i "s|http://doc.s3.amazonaws.com/2006-03-01/|http://s3.amazonaws.com/doc/2006-03-01/|g" \
  tools/s3rver/node_modules/s3rver/lib/controllers/*.js
