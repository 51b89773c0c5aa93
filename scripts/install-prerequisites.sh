#!/usr/bin/env bash
# Installs the Debian packages MediaAspire runs on, only those missing (idempotent; quiet when all are there).
# ffmpeg/ffprobe: the media pipeline. postgresql, redis-server: run locally by the AppHost and the tests.
# libgtk-3-0 & co.: what OpenCvSharp's native library links against. util-linux: setpriv (child processes).
# With --tests: what only the test suite needs (chromium renders the AppHost dashboard).
set -euo pipefail

packages=(ffmpeg postgresql redis-server libgtk-3-0 libfreetype6 libharfbuzz0b libdrm2 libatomic1 libx11-6 util-linux)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium fonts-dejavu-core)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
