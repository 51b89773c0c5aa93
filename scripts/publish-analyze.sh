#!/usr/bin/env bash
# Publishes the analyze CLI as a self-contained, ReadyToRun build (no .NET SDK or runtime needed where it runs; its code
# precompiled, so a run on one image starts in well under a second) to artifacts/mediaaspire-analyze/, with a
# `mediaaspire-analyze` launcher beside it. It finds the models in the repository's models/ (above it) as the worker
# does, or where Scoring__ModelDirectory / --model, Faces__ModelDirectory and Text__ModelDirectory say.
# Usage: scripts/publish-analyze.sh [output-directory]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/mediaaspire-analyze}"
dotnet publish "$root/MediaAspire.GpuWorker" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o "$out" -v q -nologo
cat > "$out/mediaaspire-analyze" <<'LAUNCHER'
#!/bin/sh
exec "$(dirname "$(readlink -f "$0")")/MediaAspire.GpuWorker" analyze "$@"
LAUNCHER
chmod +x "$out/mediaaspire-analyze"
echo "$out/mediaaspire-analyze"
