#!/usr/bin/env bash
# Publishes the analyze CLI as a self-contained folder (no .NET install needed where it runs):
#   scripts/publish-analyze.sh [output-dir]       (default artifacts/mediaaspire-analyze)
#   <output-dir>/mediaaspire-analyze clip.mp4 photo.jpg --json
# The worker is published self-contained for linux-x64 with ReadyToRun code (no JIT at start-up), and the model
# weights are copied beside it (models/nsfwjs-4.4.0/mobilenet_v2), where the CLI looks first; --model DIR or
# Scoring__ModelDirectory point it elsewhere. ffmpeg/ffprobe and opencv-data come from the system (apt), as for the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/mediaaspire-analyze}"

scripts/fetch-models.sh
dotnet publish MediaAspire.GpuWorker -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o "$out" --nologo -v quiet
mkdir -p "$out/models/nsfwjs-4.4.0"
rm -rf "$out/models/nsfwjs-4.4.0/mobilenet_v2"
cp -r models/nsfwjs-4.4.0/mobilenet_v2 "$out/models/nsfwjs-4.4.0/"
cat > "$out/mediaaspire-analyze" <<'SH'
#!/bin/sh
exec "$(dirname "$(readlink -f "$0")")/MediaAspire.GpuWorker" analyze "$@"
SH
chmod +x "$out/mediaaspire-analyze"
echo "$out/mediaaspire-analyze"
